"""Sentiment: text classification with the catalog's models, batched across concurrent requests.

preprocess (tokenize) → forward (device-agnostic, one batched pass) → postprocess (label → probability).

>>> results = analyze(engine, ["이 영화 정말 재밌어요", "What a waste of time."])  # "auto": Hangul → Korean model
>>> results[0].label, results[0].model_id
('positive', 'daekeun-ml/koelectra-small-v3-nsmc')
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playground import gpu_time, limits, tempfiles, tokenizer_check
from playground.catalog import AUTO, ModelEntry
from playground.device import Placement, gpu_task
from playground.engine import shown_model_id
from playground.errors import BadInput, Message, ModelUnavailable
from playground.hub import pretrained_kwargs
from playground.runtime import nbytes, stopped
from playground.text import clean_text, dominant_script, split_lines

if TYPE_CHECKING:
    from playground.engine import Engine, Progress

TASK = "sentiment"


@dataclass
class Classifier:
    """A loaded sequence classifier with its tokenizer and normalised label names."""

    entry: ModelEntry
    model: Any
    tokenizer: Any
    labels: list[str]
    max_length: int
    device: str
    # A fast tokenizer's padding and truncation are set on the shared Rust object by each call: one call at a time.
    lock: threading.Lock = field(default_factory=threading.Lock, compare=False)

    @property
    def nbytes(self) -> int:
        return nbytes(self.model)

    def __call__(self, texts: list[str]) -> list[dict[str, float]]:
        """Classify ``texts``; returns label → probability per text, in input order.

        Texts are sorted by token count and cut into passes of at most ``TOKENS_PER_PASS`` padded tokens:
        a batch of 32 mixed-length texts padded to its longest wastes most of its work on padding (on a
        2-core CPU, 18 texts/s as one pass against 45 texts/s in passes of 384 tokens).
        """
        import torch

        with self.lock:
            tokens = self.tokenizer(texts, truncation=True, max_length=self.max_length)  # once: lengths, then passes
        lengths = [len(ids) for ids in tokens["input_ids"]]
        budget = TOKENS_PER_PASS.get(self.device, TOKENS_PER_PASS["cpu"])
        out: list[dict[str, float]] = [{}] * len(texts)
        for chunk in token_budget_chunks(lengths, budget):
            rows = {name: [values[i] for i in chunk] for name, values in tokens.items()}
            with self.lock:
                encoded = self.tokenizer.pad(rows, padding=True, return_tensors="pt")
            encoded = encoded.to(self.device)
            with torch.inference_mode():
                probs = self.model(**encoded).logits.float().softmax(dim=-1).cpu().tolist()
            for i, row in zip(chunk, probs, strict=True):
                out[i] = dict(zip(self.labels, row, strict=True))
        return out


# Padded tokens per forward pass: small on a CPU (padding costs real time), large on a GPU (passes are cheap).
TOKENS_PER_PASS = {"cpu": 384, "mps": 4096, "cuda": 16384}


def token_budget_chunks(lengths: list[int], budget: int) -> list[list[int]]:
    """Indices sorted by length, cut so that (texts in a chunk) × (longest in it) stays within ``budget``.

    >>> token_budget_chunks([5, 100, 6, 7], budget=20)
    [[0, 2, 3], [1]]
    """
    chunks: list[list[int]] = []
    current: list[int] = []
    for i in sorted(range(len(lengths)), key=lengths.__getitem__):
        if current and (len(current) + 1) * lengths[i] > budget:
            chunks.append(current)
            current = []
        current.append(i)
    if current:
        chunks.append(current)
    return chunks


def load(entry: ModelEntry, placement: Placement) -> Classifier:
    """Load tokenizer and model from the Hub id (or the entry's local folder); never remote code."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    kwargs = pretrained_kwargs(entry)  # revision, never remote code, no network when the Hub is out of reach
    tokenizer = AutoTokenizer.from_pretrained(entry.source, **kwargs)
    tokenizer_check.check(entry, tokenizer)  # refuse a tokenizer that cannot read the claimed languages
    model = AutoModelForSequenceClassification.from_pretrained(entry.source, dtype=placement.torch_dtype(), **kwargs)
    device = placement.torch_device
    model.to(device).eval()  # on ZeroGPU this runs in the main thread at start-up, where spaces packs it
    num_labels = int(model.config.num_labels)
    labels = [str(x) for x in entry.options.get("labels") or []]
    if not labels:
        labels = [str(model.config.id2label.get(i, f"label_{i}")).lower() for i in range(num_labels)]
    if len(labels) != num_labels:
        raise ModelUnavailable(
            "model_unavailable", name=entry.name, model=entry.id,
            reason=Message("reason_label_count", catalog=len(labels), model_labels=num_labels),
        )
    limit = int(entry.options.get("max_length") or 512)
    model_limit = getattr(tokenizer, "model_max_length", limit) or limit
    max_positions = getattr(model.config, "max_position_embeddings", limit) or limit
    return Classifier(entry, model, tokenizer, labels, min(limit, model_limit, max_positions), device)


@dataclass(frozen=True)
class SentimentResult:
    text: str
    label: str
    score: float
    scores: dict[str, float]
    model_id: str


def analyze(
    engine: Engine, texts: Sequence[str], model: str = AUTO, progress: Progress | None = None
) -> list[SentimentResult]:
    """Classify clean ``texts`` with ``model`` ("auto" routes each text by its script)."""
    entry = engine.resolve(TASK, model)
    routes: dict[ModelEntry, list[int]] = {}
    for i, text in enumerate(texts):
        target = entry or engine.route(TASK, dominant_script(text))
        routes.setdefault(target, []).append(i)
    results: list[SentimentResult | None] = [None] * len(texts)
    for target, indices in routes.items():
        classifier: Classifier = engine.model(target, progress)
        batch = [texts[i] for i in indices]
        for i, scores in zip(indices, _classify(engine, classifier, batch), strict=True):
            label = max(scores, key=scores.__getitem__)
            results[i] = SentimentResult(texts[i], label, scores[label], scores, target.id)
    return [r for r in results if r is not None]


def analyze_text(engine: Engine, text: object, model: str = AUTO, progress: Progress | None = None) -> SentimentResult:
    """One raw text from the UI or the API: checked, cleaned, classified."""
    clean = clean_text(text, limit=limits.SENTIMENT_MAX_CHARS)
    return analyze(engine, [clean], model, progress)[0]


def _classify(engine: Engine, classifier: Classifier, texts: list[str]) -> list[dict[str, float]]:
    if engine.placement.zerogpu:
        return _forward_on_zerogpu(classifier.entry.key, texts)
    batcher = engine.batcher(classifier.entry.key, _forward_pairs)
    return batcher.run([(classifier, text) for text in texts])


def _forward_pairs(pairs: list[tuple[Classifier, str]]) -> list[dict[str, float]]:
    """The batcher's function: every pair of one batcher shares the classifier."""
    return pairs[0][0]([text for _, text in pairs])


def _zerogpu_seconds(key: str, texts: list[str]) -> int:
    return gpu_time.sentiment_seconds(texts=len(texts))


@gpu_task(duration=_zerogpu_seconds)
def _forward_on_zerogpu(key: str, texts: list[str]) -> list[dict[str, float]]:
    """Runs in ZeroGPU's forked worker: only picklable arguments, the model found in the preloaded cache."""
    from playground.engine import active_engine

    return active_engine().loaded(key)(texts)


def _many_seconds(keys: list[str], routes: list[int], texts: list[str]) -> int:
    return gpu_time.sentiment_seconds(texts=len(texts))


@gpu_task(duration=_many_seconds)
def _many_on_zerogpu(keys: list[str], routes: list[int],
                     texts: list[str]) -> Iterator[tuple[int, list[dict[str, float]]]]:
    """A whole many-texts run as ONE ZeroGPU call, in the forked worker: yields (first index, scores) per chunk.

    ``keys``: the classifiers used; ``routes[i]``: which of them reads ``texts[i]``. Chunks are sized from the last
    one's speed to take about ``CHUNK_SECONDS`` (up to ``ZEROGPU_CHUNK`` texts), so Stop — which closes this
    generator from the main process — lands within a chunk, and the run is scheduled once, not once a chunk.
    """
    from playground.engine import active_engine

    engine = active_engine()
    classifiers = [engine.loaded(key) for key in keys]
    step, start = MIN_CHUNK, 0
    while start < len(texts):
        began = time.monotonic()
        end = min(start + step, len(texts))
        scores: list[dict[str, float]] = [{}] * (end - start)
        groups: dict[int, list[int]] = {}
        for i in range(start, end):
            groups.setdefault(routes[i], []).append(i)
        for route, indices in groups.items():
            for i, row in zip(indices, classifiers[route]([texts[i] for i in indices]), strict=True):
                scores[i - start] = row
        yield start, scores
        start = end
        step = next_chunk(step, time.monotonic() - began, most=ZEROGPU_CHUNK)


# -- accuracy against a label column --------------------------------------------------------------------
def gold_label(value: object, labels: Sequence[str]) -> str | None:
    """Map a file's label cell to a label name: an index (0/1, "1") or a name ("positive"); None if neither."""
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in labels:
        return text
    try:
        number = float(text)
    except ValueError:
        return None
    if number.is_integer() and 0 <= int(number) < len(labels):
        return labels[int(number)]
    return None


def accuracy(predicted: Sequence[str], gold: Sequence[str | None]) -> tuple[float, int] | None:
    """(accuracy, rows compared) over rows whose gold label could be read, or None if none could."""
    pairs = [(p, g) for p, g in zip(predicted, gold, strict=True) if g is not None]
    if not pairs:
        return None
    return sum(p == g for p, g in pairs) / len(pairs), len(pairs)


# -- show the code --------------------------------------------------------------------------------------
def code_snippet(engine: Engine, model: str, text: str) -> str:
    """The few lines of ``transformers`` that reproduce a result with the chosen model."""
    entry = engine.resolve(TASK, model)
    try:  # the text as the app classifies it: cleaned, every line of it
        sample = clean_text(text, limit=limits.SENTIMENT_MAX_CHARS)
    except BadInput:
        sample = "이 영화 정말 재밌어요!"
    if entry is None:
        entry = engine.route(TASK, dominant_script(sample))
    source = shown_model_id(entry)  # never a machine's folder
    revision = f', revision="{entry.revision}"' if entry.revision else ""
    return (
        "from transformers import pipeline\n\n"
        f'classifier = pipeline("text-classification", model={_py(source)}{revision}, top_k=None)\n'
        f"print(classifier({_py(sample)}, truncation=True, max_length={_max_length(engine, entry)}))\n"
        f"# labels by class index: {list(entry.options.get('labels') or [])}\n"
    )


def _max_length(engine: Engine, entry: ModelEntry) -> int:
    """The tokens the app reads of a text with this model: the loaded classifier's limit (after a run it is
    loaded), else the catalog's."""
    try:
        return int(engine.loaded(entry.key).max_length)
    except Exception:  # noqa: BLE001 - not loaded (the first code panel, drawn before any run)
        return int(entry.options.get("max_length") or 512)


def run_code_lines(engine: Engine, run: ManyRun, has_gold: bool) -> list[str]:
    """The lines after ``texts`` (and ``gold``, raw cells, when ``has_gold``) are defined: the run's model as a
    ``pipeline`` over them in batches, with the app's truncation, label names by class index, one printed line
    per text, and the accuracy as the app counts it (rows whose gold cell names a label). A run that "auto" sent
    to several models routes each text as the app did (mostly Hangul: the Korean model)."""
    used = list(dict.fromkeys(r.model_id for r in run.results))
    if len(used) > 1:
        lines = _routed_lines(engine, used)
    else:
        entry = engine.resolve(TASK, used[0]) if used else None
        entry = entry or engine.route(TASK, dominant_script(run.texts[0] if run.texts else ""))
        classifier: Classifier = engine.model(entry)  # after the run: a cache hit
        lines = [
            f"classifier = {_pipeline_call(entry)}",
            f"labels = {classifier.labels!r}  # the app's label names, by class index",
            f"results = classifier(texts, batch_size=32, truncation=True, max_length={classifier.max_length}, "
            "top_k=None)",
            "index = {name: i for i, name in classifier.model.config.id2label.items()}  # the model's name -> class",
            "predicted = []",
            "for text, scores in zip(texts, results):",
            "    best = max(scores, key=lambda s: s[\"score\"])",
            "    label = labels[index[best[\"label\"]]]",
            "    predicted.append(label)",
            "    print(label, round(best[\"score\"], 4), text[:60], sep=\"\\t\")",
        ]
    if has_gold:
        lines += [
            "",
            "def gold_label(cell):  # 0/1 (a class index) or a label name",
            "    cell = str(cell).strip().lower()",
            "    if cell in labels:",
            "        return cell",
            "    try:",
            "        number = float(cell)",
            "    except ValueError:",
            "        return None",
            "    return labels[int(number)] if number.is_integer() and 0 <= number < len(labels) else None",
            "",
            "pairs = [(p, gold_label(g)) for p, g in zip(predicted, gold) if gold_label(g) is not None]",
            "print(f\"accuracy: {sum(p == g for p, g in pairs) / len(pairs):.1%} ({len(pairs)} labelled rows)\")",
        ]
    return lines


def _pipeline_call(entry: ModelEntry) -> str:
    revision = f", revision={_py(entry.revision)}" if entry.revision else ""
    return f"pipeline(\"text-classification\", model={_py(shown_model_id(entry))}{revision})"


def _routed_lines(engine: Engine, used: list[str]) -> list[str]:
    """"auto" over texts of both scripts: each text to the model of its script, as :func:`analyze` routes it."""
    routes = []
    for language in ("ko", "en"):
        entry = engine.route(TASK, language)
        classifier: Classifier = engine.model(entry)
        routes.append(f"    {_py(language)}: ({_pipeline_call(entry)}, {classifier.labels!r}, "
                      f"{classifier.max_length}),")
    return [
        "import re",
        "",
        "def language(text):  # the app's \"auto\": mostly Hangul (a syllable weighs three letters) -> Korean",
        "    letters = len(re.findall(r\"[^\\W\\d_]\", text))",
        "    hangul = len(re.findall(r\"[\\uac00-\\ud7a3\\u1100-\\u11ff\\u3130-\\u318f]\", text))",
        "    return \"ko\" if hangul and hangul * 3 >= letters - hangul else \"en\"",
        "",
        "models = {  # language -> (classifier, the app's label names by class index, the app's truncation)",
        *routes,
        "}",
        "predicted, best_score = [None] * len(texts), [None] * len(texts)",
        "for lang, (classifier, labels, max_length) in models.items():",
        "    rows = [i for i, text in enumerate(texts) if language(text) == lang]",
        "    index = {name: i for i, name in classifier.model.config.id2label.items()}",
        "    results = classifier([texts[i] for i in rows], batch_size=32, truncation=True, max_length=max_length,",
        "                         top_k=None)",
        "    for i, scores in zip(rows, results):",
        "        best = max(scores, key=lambda s: s[\"score\"])",
        "        predicted[i], best_score[i] = labels[index[best[\"label\"]]], best[\"score\"]",
        "for text, label, score in zip(texts, predicted, best_score):",
        "    print(label, round(score, 4), text[:60], sep=\"\\t\")",
        "labels = models[language(texts[0])][1]  # the first text's model names the labels (as the app counts)",
    ]


def file_code_snippet(engine: Engine, run: ManyRun, file_name: str, text_column: str,
                      label_column: str | None) -> str:
    """The code that reproduces a file run: read the same file as the app does (``playground.data.tables``: its
    encoding, TSV for ``.tsv`` and for a ``.txt`` whose first line has a tab, read unquoted; every cell a string;
    the header's names stripped), keep the non-empty texts as the app cleans them, and run the same model over
    them (see :func:`run_code_lines`)."""
    from playground.data.tables import read_table

    path = Path(file_name)
    name = path.name
    try:
        encoding = read_table(path).encoding
        first = path.read_bytes()[:65536].decode(encoding, errors="replace").split("\n", 1)[0]
    except (BadInput, OSError):  # gone since the run: as its name says
        encoding, first = "utf-8-sig", ""
    suffix = path.suffix.lower()
    tsv = suffix == ".tsv" or (suffix == ".txt" and "\t" in first)
    sep = 'sep="\\t", quoting=3' if tsv else 'sep=","'  # a TSV is read unquoted (csv.QUOTE_NONE == 3), as NSMC is
    lines = [
        "import unicodedata",
        "",
        "import pandas as pd",
        "from transformers import pipeline",
        "",
        f"frame = pd.read_csv({_py(name)}, {sep}, dtype=str, keep_default_na=False, engine=\"python\", "
        f"index_col=False, encoding={_py(encoding)})",
        "frame.columns = [str(c).strip() or f\"column_{i}\" for i, c in enumerate(frame.columns)]",
        f"frame = frame[frame[{_py(text_column)}].str.strip() != \"\"]  # empty texts are skipped",
        f"texts = [unicodedata.normalize(\"NFC\", \" \".join(text.split())) for text in frame[{_py(text_column)}]]",
    ]
    if label_column:
        lines.append(f"gold = frame[{_py(label_column)}].tolist()")
    return "\n".join([*lines, *run_code_lines(engine, run, bool(label_column))]) + "\n"


def _py(value: str) -> str:
    """A double-quoted Python string literal that keeps Hangul readable."""
    return json.dumps(value, ensure_ascii=False)


# -- many texts: lines or a table column, in chunks, with counts and accuracy --------------------------------
def texts_from(lines: object = "", file: str | None = None, text_column: str | None = None,
               label_column: str | None = None) -> tuple[list[str], list[object] | None]:
    """Clean texts (and the raw gold labels when ``label_column`` is given) from a CSV/TSV file, else from lines.

    The file's text column is guessed when ``text_column`` is empty; an unknown column is refused by name.
    """
    from playground.data.tables import guess_columns, read_table

    if not file:
        return split_lines(lines, max_lines=limits.SENTIMENT_MAX_LINES, max_chars=limits.SENTIMENT_MAX_CHARS), None
    frame = read_table(file).frame
    column = text_column or guess_columns(frame)[0]
    for name in (column, label_column):
        if name and name not in frame.columns:
            raise BadInput("no_column", column=str(name)[:100], columns=", ".join(map(str, frame.columns))[:300])
    frame = frame[frame[column].astype(str).str.strip() != ""]
    if frame.empty:
        raise BadInput("no_lines")
    texts = [clean_text(value, limit=limits.SENTIMENT_MAX_CHARS) for value in frame[column].tolist()]
    return texts, (frame[label_column].tolist() if label_column else None)


@dataclass
class ManyRun:
    """A run over many texts so far: the results, the raw gold labels, counts per label and the accuracy."""

    texts: list[str]
    gold: list[Any] | None
    results: list[SentimentResult] = field(default_factory=list)
    stopped: bool = False

    @property
    def total(self) -> int:
        return len(self.texts)

    @property
    def counts(self) -> dict[str, int]:
        """Label -> how many texts got it, in order of first appearance."""
        return dict(Counter(r.label for r in self.results))

    @property
    def gold_labels(self) -> list[str | None] | None:
        """The gold label of each result so far, as a label name (None where the cell could not be read)."""
        if self.gold is None or not self.results:
            return None
        labels = list(self.results[0].scores)
        return [gold_label(v, labels) for v in self.gold[: len(self.results)]]

    @property
    def accuracy(self) -> tuple[float, int] | None:
        gold = self.gold_labels
        return accuracy([r.label for r in self.results], gold) if gold is not None else None

    @property
    def confusion(self) -> tuple[list[str], list[list[int]]] | None:
        """(label names, counts[gold][predicted]) over the rows whose gold label could be read, in the model's
        label order; None without a label column (or before any result).

        >>> run.confusion  # 40 negatives read right, 8 read as positive, ...
        (['negative', 'positive'], [[40, 8], [5, 47]])
        """
        gold = self.gold_labels
        if gold is None:
            return None
        labels = list(self.results[0].scores)
        counts = [[0] * len(labels) for _ in labels]
        for result, want in zip(self.results, gold, strict=True):
            if want is not None and result.label in labels:
                counts[labels.index(want)][labels.index(result.label)] += 1
        return labels, counts

    @property
    def wrong(self) -> list[bool] | None:
        """Per result so far: True where its gold label was read and the prediction differs; None unlabelled."""
        gold = self.gold_labels
        if gold is None:
            return None
        return [want is not None and r.label != want for r, want in zip(self.results, gold, strict=True)]

    def snapshot(self, *, stopped: bool | None = None) -> ManyRun:
        """A copy of the run so far (another thread may still be adding results to this one)."""
        return ManyRun(self.texts, self.gold, list(self.results), self.stopped if stopped is None else stopped)

    def rows(self, *, with_model: bool = True) -> tuple[list[str], list[list[Any]]]:
        """(headers, rows) of the results table: text, label, score[, model][, gold]."""
        headers = ["text", "label", "score", *(["model"] if with_model else [])]
        rows = [[r.text, r.label, round(r.score, 4), *([r.model_id] if with_model else [])] for r in self.results]
        gold = self.gold_labels
        if gold is not None:
            headers.append("gold")
            for row, value in zip(rows, gold, strict=True):
                row.append(value or "")
        return headers, rows


def analyze_many(engine: Engine, texts: list[str], gold: list[Any] | None = None, model: str = AUTO,
                 progress: Progress | None = None, stop: threading.Event | None = None) -> Iterator[ManyRun]:
    """Classify ``texts`` in chunks, yielding the run after each chunk; ``stop`` is checked before each one.

    A chunk holds at most ``limits.SENTIMENT_CHUNK`` texts and is sized from the last one's speed to take about
    ``CHUNK_SECONDS``, so Stop lands within a second even on a slow, busy CPU.

    >>> final = list(analyze_many(engine, ["좋아요", "bad"], gold=[1, 0]))[-1]
    >>> final.counts, final.accuracy
    """
    entry = engine.resolve(TASK, model)  # an unknown model is refused before any work
    run = ManyRun(list(texts), gold)
    if engine.placement.zerogpu:
        yield from _analyze_many_on_zerogpu(engine, run, entry, progress, stop)
        return
    step, start = min(MIN_CHUNK, limits.SENTIMENT_CHUNK), 0
    while start < len(texts):
        if stopped(stop):
            run.stopped = True
            break
        if progress:
            progress(start / max(len(texts), 1), f"{start:,} / {len(texts):,}")
        began = time.monotonic()
        run.results += analyze(engine, texts[start:start + step], model, progress)
        start += step
        step = next_chunk(step, time.monotonic() - began)
        yield run


def _analyze_many_on_zerogpu(engine: Engine, run: ManyRun, entry: ModelEntry | None, progress: Progress | None,
                             stop: threading.Event | None) -> Iterator[ManyRun]:
    """:func:`analyze_many` on ZeroGPU: one GPU call for the whole run (one ``/schedule``, one slot of the quota),
    yielding per chunk; ``stop`` is checked after each chunk and closing the call ends the worker's loop."""
    targets = [entry or engine.route(TASK, dominant_script(text)) for text in run.texts]
    keys: list[str] = []
    models: list[ModelEntry] = []
    for target in targets:
        if target.key not in keys:
            engine.model(target, progress)  # preloaded: a cache hit (refused here when it was not)
            keys.append(target.key)
            models.append(target)
    routes = [keys.index(target.key) for target in targets]
    if stopped(stop) or not run.texts:
        run.stopped = stopped(stop)
        return
    stream = _many_on_zerogpu(keys, routes, run.texts)
    try:
        for start, scores in stream:
            for i, row in enumerate(scores, start):
                label = max(row, key=row.__getitem__)
                run.results.append(SentimentResult(run.texts[i], label, row[label], row, models[routes[i]].id))
            if progress:
                progress(len(run.results) / max(run.total, 1), f"{len(run.results):,} / {run.total:,}")
            yield run
            if stopped(stop) and len(run.results) < run.total:
                run.stopped = True
                break
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()  # Stop: the worker closes the run's generator and the GPU is released


MIN_CHUNK = 8  # texts in the first chunk of a run (and the fewest in any)
CHUNK_SECONDS = 0.3  # the time a chunk aims at: Stop is checked between chunks
ZEROGPU_CHUNK = 1024  # the most texts in one chunk of a ZeroGPU run (a GPU reads thousands a second)


def next_chunk(step: int, seconds: float, most: int = limits.SENTIMENT_CHUNK) -> int:
    """The next chunk's size: ``step`` scaled to take about ``CHUNK_SECONDS``, within MIN_CHUNK..``most``.

    >>> next_chunk(8, 0.01), next_chunk(64, 1.2)
    (16, 16)
    """
    if seconds <= 0:
        return min(step * 2, most)
    wanted = int(step * CHUNK_SECONDS / seconds)
    return max(MIN_CHUNK, min(wanted, step * 2, most))


def write_csv(run: ManyRun) -> Path:
    """The results table as a CSV file in a temp folder (swept after ``limits.KEEP_FILES_S``); Excel reads it."""
    import pandas as pd

    headers, rows = run.rows()
    path = tempfiles.new_folder("playground-results") / "sentiment_results.csv"
    pd.DataFrame(rows, columns=headers).to_csv(path, index=False, encoding="utf-8-sig")  # utf-8-sig: Korean in Excel
    return path
