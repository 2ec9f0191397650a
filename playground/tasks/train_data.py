"""Train, step 1: labelled examples from a table or typed in per class → checked → a stratified held-out split.

Every limit is checked here, on the server, whatever a client sends (``playground/limits.py``, "Train"). Errors
are :class:`~playground.errors.BadInput` with a message key; nothing here knows the page's language.

>>> examples = from_classes([("positive", "great\\nloved it\\nfun\\nwow"), ("negative", "bad\\nboring\\nawful\\nmeh")])
>>> split = split_examples(examples, seed=42)
>>> split.sizes()
[{'label': 'negative', 'train': 3, 'test': 1}, {'label': 'positive', 'train': 3, 'test': 1}]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from playground import limits
from playground.errors import BadInput

# Where the data came from, as the model card says it. "aihub" data never leaves the machine (AI Hub's policy): only
# the trained weights may be pushed, and the card says so.
DATA_LICENSES = ("auto", "cc0-1.0", "aihub", "own", "other")
NSMC_SAMPLE_NAME = "nsmc_100.tsv"
_AIHUB = re.compile(r"ai[\s_-]?hub", re.IGNORECASE)


@dataclass(frozen=True)
class DataSource:
    """What the card says about the data: its kind ("nsmc", "file", "upload", "typed"), a name and a license id."""

    kind: str
    name: str
    license: str  # "cc0-1.0" (NSMC), "aihub" (never uploaded), "own" (typed or made by the class), "other"

    @property
    def is_aihub(self) -> bool:
        return self.license == "aihub"


def data_source(kind: str, name: str, declared: str = "auto") -> DataSource:
    """The source of a run's data, its license guessed where ``declared`` is "auto".

    >>> data_source("file", "aihub_reviews.csv").license
    'aihub'
    """
    if declared not in DATA_LICENSES and kind != "hub":  # a Hub dataset's license is its card's
        raise BadInput("bad_option", name="data_license", allowed=", ".join(DATA_LICENSES), value=str(declared)[:40])
    if declared != "auto":
        return DataSource(kind, name, declared)
    if _AIHUB.search(name):
        guessed = "aihub"
    elif kind == "nsmc" or "nsmc" in name.lower() or "ratings" in name.lower():
        guessed = "cc0-1.0"
    elif kind == "typed":
        guessed = "own"
    else:
        guessed = "other"
    return DataSource(kind, name, guessed)


@dataclass(frozen=True)
class Examples:
    """Checked examples: texts, their class names, the classes in order, and where they came from."""

    texts: list[str]
    labels: list[str]
    classes: list[str]
    source: DataSource = field(default_factory=lambda: DataSource("typed", "typed examples", "own"))

    def counts(self) -> dict[str, int]:
        found = Counter(self.labels)
        return {name: found[name] for name in self.classes}


def label_name(value: object) -> str:
    """A label cell as a class name: stripped; ``1.0`` → ``"1"`` (spreadsheets write integers as floats)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = "" if value is None else str(value).strip()
    if re.fullmatch(r"-?\d+\.0+", text):
        return text.split(".")[0]
    return text


def check_examples(texts: Sequence[object], labels: Sequence[object], source: DataSource,
                   column: str = "label") -> Examples:
    """Keep the rows with a text and a label, then enforce every data limit; returns the classes in order.

    Refuses: more than ``TRAIN_MAX_ROWS`` rows, no usable row, one class, more than ``TRAIN_CLASSES[1]`` classes,
    a label longer than ``TRAIN_MAX_LABEL_CHARS`` (sentences in the label column), a text longer than
    ``TRAIN_MAX_TEXT_CHARS``, a class with fewer than ``TRAIN_MIN_PER_CLASS`` examples.
    """
    if len(texts) > limits.TRAIN_MAX_ROWS:
        raise BadInput("train_too_many_rows", rows=len(texts), limit=limits.TRAIN_MAX_ROWS)
    kept_texts: list[str] = []
    kept_labels: list[str] = []
    for row, (text, label) in enumerate(zip(texts, labels, strict=True), start=1):
        clean = "" if text is None else " ".join(str(text).split())
        name = label_name(label)
        if not clean or not name:
            continue
        if len(clean) > limits.TRAIN_MAX_TEXT_CHARS:
            raise BadInput("train_text_too_long", row=row, length=len(clean), limit=limits.TRAIN_MAX_TEXT_CHARS)
        kept_texts.append(clean)
        kept_labels.append(name)
    if not kept_texts:
        raise BadInput("train_no_rows")
    counts = Counter(kept_labels)
    low, high = limits.TRAIN_CLASSES
    if len(counts) > high:
        raise BadInput("train_too_many_classes", count=len(counts), low=low, high=high, column=column[:60])
    longest = max(counts, key=len)
    if len(longest) > limits.TRAIN_MAX_LABEL_CHARS:
        raise BadInput("train_label_too_long", length=len(longest), label=longest[:30],
                       limit=limits.TRAIN_MAX_LABEL_CHARS)
    if len(counts) < low:
        raise BadInput("train_one_class", label=next(iter(counts)), low=low)
    classes = sorted(counts, key=_class_order)
    for name in classes:
        if counts[name] < limits.TRAIN_MIN_PER_CLASS:
            raise BadInput("train_few_examples", label=name, count=counts[name], minimum=limits.TRAIN_MIN_PER_CLASS)
    return Examples(kept_texts, kept_labels, classes, source)


def _class_order(name: str) -> tuple[int, float, str]:
    """Numbers first in numeric order (0, 1, 2, 10), then names alphabetically."""
    try:
        return (0, float(name), "")
    except ValueError:
        return (1, 0.0, name)


def from_classes(classes: Sequence[tuple[str, str]], source: DataSource | None = None) -> Examples:
    """Teachable-Machine style: (class name, examples one per line) pairs typed in the page; empty pairs skipped.

    >>> from_classes([("긍정", "재밌다\\n최고\\n좋아요\\n감동"), ("부정", "지루해\\n별로\\n최악\\n실망")]).classes
    ['긍정', '부정']
    """
    texts: list[str] = []
    labels: list[str] = []
    for name, lines in classes:
        name = (name or "").strip()
        for line in (lines or "").splitlines():
            if line.strip():
                texts.append(line)
                labels.append(name)
    return check_examples(texts, labels, source or data_source("typed", "typed examples"))


def from_table(source: str, text_column: str, label_column: str, kind: str = "file",
               declared: str = "auto") -> Examples:
    """Two columns of a table the Datasets tab can open (a data-folder file or an upload: CSV, TSV, JSON, JSONL,
    Parquet, a zip member), read through ``playground.data.local`` (its path, size and width checks)."""
    from playground.data import local
    from playground.data.common import Query

    if not source:
        raise BadInput("no_file")
    if not text_column or not label_column:
        raise BadInput("no_column", column=text_column or label_column or "", columns="-")
    if text_column == label_column:
        raise BadInput("train_same_columns", column=text_column[:60])
    table = local.open_table(source)
    names = [column.name for column in table.columns]
    for column in (text_column, label_column):
        if column not in names:
            raise BadInput("no_column", column=column[:60], columns=", ".join(names)[:300])
    rows = local.column_values(source, None, Query(), [text_column, label_column], limits.TRAIN_MAX_ROWS + 1)
    if len(rows) > limits.TRAIN_MAX_ROWS:
        raise BadInput("train_too_many_rows", rows=local.count(table, Query()), limit=limits.TRAIN_MAX_ROWS)
    name = NSMC_SAMPLE_NAME if kind == "nsmc" else table.name
    return check_examples([r[0] for r in rows], [r[1] for r in rows], data_source(kind, name, declared),
                          column=label_column)


def table_columns(source: str) -> list[str]:
    """The columns of a table, for the pickers."""
    from playground.data import local

    return [column.name for column in local.open_table(source).columns]


def guess_columns(columns: Sequence[str]) -> tuple[str | None, str | None]:
    """(text column, label column) by their names: "document"/"text"/"review"..., "label"/"정답"...

    >>> guess_columns(["id", "document", "label"])
    ('document', 'label')
    """
    from playground.data.tables import LABEL_NAMES

    lowered = {c.lower(): c for c in columns}
    label = next((lowered[n] for n in LABEL_NAMES if n in lowered), None)
    text_names = ("text", "document", "sentence", "review", "content", "문장", "텍스트", "리뷰", "내용")
    text = next((lowered[n] for n in text_names if n in lowered), None)
    if text is None:
        text = next((c for c in columns if c != label and c.lower() != "id"), None)
    return text, label


# -- the held-out split ---------------------------------------------------------------------------------------------
@dataclass
class Split:
    """A stratified train / held-out split as ``datasets.Dataset`` objects (columns ``text`` and ``label``, a
    ``ClassLabel`` with the class names)."""

    classes: list[str]
    train: Any
    test: Any
    source: DataSource

    def sizes(self) -> list[dict[str, Any]]:
        """Examples per class in each part: ``[{"label": name, "train": n, "test": m}, ...]``."""
        train = Counter(self.train["label"])
        test = Counter(self.test["label"])
        return [{"label": name, "train": train[i], "test": test[i]} for i, name in enumerate(self.classes)]

    def plain(self) -> dict[str, Any]:
        """Picklable lists (what crosses ZeroGPU's process boundary)."""
        return {"classes": self.classes,
                "train_text": list(self.train["text"]), "train_label": list(self.train["label"]),
                "test_text": list(self.test["text"]), "test_label": list(self.test["label"])}


def split_examples(examples: Examples, seed: int, held_out: float = limits.TRAIN_HELD_OUT) -> Split:
    """Hold out ``held_out`` of each class (at least one example per class) with ``datasets``' stratified split."""
    from datasets import ClassLabel, Dataset, Features, Value

    features = Features({"text": Value("string"), "label": ClassLabel(names=examples.classes)})
    index = {name: i for i, name in enumerate(examples.classes)}
    data = Dataset.from_dict({"text": examples.texts, "label": [index[x] for x in examples.labels]},
                             features=features)
    test_size = max(len(examples.classes), round(len(data) * held_out))
    parts = data.train_test_split(test_size=test_size, stratify_by_column="label", seed=seed)
    return Split(examples.classes, parts["train"], parts["test"], examples.source)


def from_nsmc_sample(declared: str = "auto") -> Examples:
    """The bundled sample: 100 real NSMC reviews (CC0), columns document / label (0 negative, 1 positive)."""
    from pathlib import Path

    from playground.data.tables import read_table

    path = Path(__file__).resolve().parent.parent / "samples" / NSMC_SAMPLE_NAME
    frame = read_table(path).frame
    return check_examples(list(frame["document"]), list(frame["label"]), data_source("nsmc", NSMC_SAMPLE_NAME,
                                                                                       declared))


def from_hub(dataset: str, text_column: str, label_column: str, config: str | None = None,
             split: str | None = None, declared: str = "auto") -> Examples:
    """Two columns of a Hub dataset the Datasets tab can page (the Hub's dataset viewer, pages of 100 rows):
    a ClassLabel's numbers become its names; the data's license comes from the dataset card."""
    from playground.data import hub_viewer
    from playground.data.common import Query

    if text_column == label_column:
        raise BadInput("train_same_columns", column=text_column[:60])
    info = hub_viewer.hub_info(dataset, config, split)
    columns = {column.name: column for column in info.columns}
    for column in (text_column, label_column):
        if column not in columns:
            raise BadInput("no_column", column=column[:60], columns=", ".join(columns)[:300])
    if info.num_rows is not None and info.num_rows > limits.TRAIN_MAX_ROWS:
        raise BadInput("train_too_many_rows", rows=info.num_rows, limit=limits.TRAIN_MAX_ROWS)
    rows = hub_viewer.column_values(info.source, info.config or "", info.split or "", Query(),
                                    [text_column, label_column], limits.TRAIN_MAX_ROWS + 1)
    if len(rows) > limits.TRAIN_MAX_ROWS:
        raise BadInput("train_too_many_rows", rows=info.num_rows or len(rows), limit=limits.TRAIN_MAX_ROWS)
    names = columns[label_column].names
    labels = [names[v] if names and isinstance(v, int) and 0 <= v < len(names) else v for _, v in rows]
    license_ = declared if declared != "auto" else _hub_license(info.license)
    return check_examples([r[0] for r in rows], labels, data_source("hub", info.source, license_),
                          column=label_column)


def _hub_license(card_license: str | None) -> str:
    """The card's license id as the model card names it (cc0-1.0 for NSMC-like data; anything else kept)."""
    text = (card_license or "").strip().lower()
    return text if text else "other"
