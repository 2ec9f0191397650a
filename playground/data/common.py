"""What the dataset browser's two back ends share: sources, queries, pages, statistics, and how cells read.

A *source* is either a Hub dataset id (``owner/name``) or a local file (a name in the data folder, or an upload).

>>> parse_source("stanfordnlp/imdb")
('hub', 'stanfordnlp/imdb')
>>> parse_source("nsmc/ratings.tsv")
('local', 'nsmc/ratings.tsv')
>>> parse_source("../../etc/passwd")[0]        # a path: the local side refuses it (outside the data folder)
'local'
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from playground import limits
from playground.errors import BadInput

LOCAL_SUFFIXES = (".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson", ".parquet", ".pq", ".zip")
# A Hub repo id: an optional namespace and a name, letters, digits, "-", "_" and ".", at most 96 characters each,
# no "--" or "..", not starting or ending with "-" or ".". Checked before any network call.
_HUB_PART = r"(?!.*--)(?!.*\.\.)[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?"
HUB_ID = re.compile(rf"^(?:{_HUB_PART}/)?{_HUB_PART}$")
OPS = ("=", "!=", ">", ">=", "<", "<=", "contains", "is empty", "is not empty")
LABEL_NAMES = ("label", "labels", "sentiment", "target", "class", "y", "정답", "라벨", "레이블", "감정")
AUDIO_EXT = (".wav", ".mp3", ".flac", ".ogg", ".opus", ".m4a")
IMAGE_EXT = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp")


def parse_source(source: object) -> tuple[str, str]:
    """("hub", id) or ("local", path text); raises BadInput for anything that is neither."""
    if source is None:
        source = ""
    if not isinstance(source, str):
        raise BadInput("not_text", kind=type(source).__name__)
    text = source.strip()
    if not text:
        raise BadInput("dataset_no_source")
    if len(text) > limits.DATASET_MAX_SOURCE_CHARS or any(ord(ch) < 32 for ch in text):
        raise BadInput("dataset_bad_source", value=text[:80])
    lowered = text.lower()
    if lowered.endswith(LOCAL_SUFFIXES) or text.startswith(("/", ".", "~")) or "\\" in text or ":" in text:
        return "local", text
    if HUB_ID.match(text):
        return "hub", text
    raise BadInput("dataset_bad_source", value=text[:80])


@dataclass(frozen=True)
class Column:
    """A column: its name, its type as the back end says it, and what the browser does with it.

    ``kind``: text, number, bool, label (with ``names``), image, audio, nested, binary, date or other.
    """

    name: str
    dtype: str
    kind: str
    names: tuple[str, ...] = ()


@dataclass
class Info:
    """What a source is: where it comes from, its configs/splits (zip members for a local zip), columns, card."""

    source: str
    where: str  # "hub" or "local"
    title: str
    columns: list[Column]
    configs: list[str] = field(default_factory=list)
    config: str | None = None
    splits: list[str] = field(default_factory=list)
    split: str | None = None
    num_rows: int | None = None
    license: str | None = None
    description: str = ""
    card_url: str | None = None
    notes: list[str] = field(default_factory=list)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise BadInput("no_column", column=str(name)[:100], columns=", ".join(c.name for c in self.columns)[:300])

    @property
    def text_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.kind == "text"]

    def guess_text(self) -> str | None:
        """The text column most worth reading: a known name, else the first text column."""
        texts = self.text_columns
        for preferred in ("document", "text", "sentence", "review", "content", "question", "context", "synopsis"):
            if preferred in texts:
                return preferred
        return texts[0] if texts else None

    def guess_label(self) -> str | None:
        for column in self.columns:
            if column.kind == "label" or column.name.strip().lower() in LABEL_NAMES:
                return column.name
        return None


@dataclass(frozen=True)
class Query:
    """Which rows: a search in every text column (case-insensitive), and one ``column op value`` filter."""

    search: str = ""
    column: str = ""
    op: str = "="
    value: str = ""

    @property
    def filtered(self) -> bool:
        return bool(self.column)

    @property
    def active(self) -> bool:
        return bool(self.search) or self.filtered


def make_query(search: object = "", column: object = "", op: object = "=", value: object = "") -> Query:
    """Check the raw search and filter values from the UI or the API (the column is checked against the schema
    later, by the back end that knows it)."""
    def text(name: str, raw: object, limit: int) -> str:
        if raw is None:
            return ""
        if not isinstance(raw, (str, int, float)):
            raise BadInput("not_text", kind=type(raw).__name__)
        out = str(raw).strip()
        if len(out) > limit:
            raise BadInput("text_too_long", length=len(out), limit=limit)
        return out

    search_text = text("search", search, limits.DATASET_MAX_SEARCH_CHARS)
    column_text = text("column", column, limits.DATASET_MAX_SOURCE_CHARS)
    op_text = text("op", op, 20) or "="
    if op_text not in OPS:
        raise BadInput("bad_option", name="op", allowed=", ".join(OPS), value=op_text)
    value_text = text("value", value, limits.DATASET_MAX_SEARCH_CHARS)
    return Query(search_text, column_text, op_text, value_text)


def check_page(page: object, page_size: object) -> tuple[int, int]:
    """(page, page_size) as integers within the limits, or BadInput naming what to change."""
    def number(name: str, raw: object, low: int, high: int) -> int:
        try:
            value = float(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise BadInput("not_a_number", name=name, value=str(raw)[:40]) from None
        if not math.isfinite(value) or not value.is_integer() or not low <= value <= high:
            raise BadInput("out_of_range", name=name, low=low, high=high, value=str(raw)[:40])
        return int(value)

    size = number("page_size", 20 if page_size in (None, "") else page_size, 1, limits.DATASET_MAX_PAGE_SIZE)
    return number("page", 1 if page in (None, "") else page, 1, limits.DATASET_MAX_PAGE), size


@dataclass
class Page:
    """One page of rows, with raw values (a row view and the gallery read these)."""

    columns: list[Column]
    rows: list[dict[str, Any]]
    offset: int
    page: int
    page_size: int
    total: int | None  # rows matching the query (the whole split when no query)
    partial: bool = False  # the Hub's search covers only part of a very large split

    @property
    def pages(self) -> int:
        return max(1, math.ceil((self.total or 0) / self.page_size)) if self.total is not None else self.page

    def table(self) -> tuple[list[str], list[list[Any]]]:
        """Headers and display rows: a ``#`` column (row number in the result), then one readable cell per column."""
        headers = ["#", *(c.name for c in self.columns)]
        data = [[self.offset + i + 1, *(display_cell(row.get(c.name), c) for c in self.columns)]
                for i, row in enumerate(self.rows)]
        return headers, data


@dataclass
class Stats:
    """Per-column statistics of the current view (search and filter applied) or, on the Hub, of the split."""

    rows: int
    missing: list[tuple[str, int, float]]  # column, missing (null or empty), share
    label_column: str | None = None
    categories: list[tuple[str, int]] = field(default_factory=list)  # value, count (most frequent first)
    text_column: str | None = None
    lengths: list[tuple[str, int]] = field(default_factory=list)  # "20-39" characters, count
    length_summary: dict[str, float] = field(default_factory=dict)  # min, mean, median, max
    note: str = ""


# -- how a cell reads in the table ------------------------------------------------------------------------------
def display_cell(value: Any, column: Column) -> Any:
    """A readable table cell: numbers stay numbers; text is cut; nested values become JSON; media a short tag."""
    if value is None:
        return None
    if column.kind in ("image", "audio"):
        return media_tag(value, column.kind)
    if column.kind == "label" and column.names and isinstance(value, int) and 0 <= value < len(column.names):
        return f"{value} ({column.names[value]})"
    if isinstance(value, bool) or isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"<{len(bytes(value)):,} bytes>"
    text = value if isinstance(value, str) else to_json(value)
    return cut(text, limits.DATASET_MAX_CELL_CHARS)


def to_json(value: Any) -> str:
    """Nested values (lists, structs, maps) as compact JSON text that keeps Hangul readable."""
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"<{len(bytes(value)):,} bytes>"
    return str(value)


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def media_tag(value: Any, kind: str) -> str:
    icon = "🖼️" if kind == "image" else "🔊"
    if isinstance(value, dict) and value.get("omitted_bytes"):
        return f"{icon} {kind} ({value['omitted_bytes'] / 1024:,.1f} KB, too large for one page · 페이지에 싣기엔 큼)"
    data = media_bytes(value)
    if data is not None:
        return f"{icon} {kind} ({len(data) / 1024:,.1f} KB)"
    return f"{icon} {kind}"


def media_bytes(value: Any) -> bytes | None:
    """The encoded bytes of an image/audio cell ({bytes, path} struct, raw bytes), if it carries them."""
    if isinstance(value, dict):
        value = value.get("bytes")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    return None


def media_path(value: Any) -> str | None:
    """The path or URL an image/audio cell names ({path}, {src} from the Hub's viewer, a list of {src}, a str)."""
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("src") or value.get("path")
    return value if isinstance(value, str) and value else None


def sniff_media(data: bytes) -> str | None:
    """"image" or "audio" from the first bytes of an encoded file, else None."""
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")) or data[8:12] == b"WEBP":
        return "image"
    if data.startswith((b"RIFF", b"ID3", b"fLaC", b"OggS", b"\xff\xfb", b"\xff\xf3")) or data[4:8] == b"ftyp":
        return "audio"
    return None


def sql_literal(value: str) -> str:
    """A single-quoted SQL string literal (only for the Hub viewer's ``where``, which takes no parameters)."""
    return "'" + value.replace("'", "''") + "'"


def quote_ident(name: str) -> str:
    """A double-quoted SQL identifier (only ever for a column name already checked against the schema)."""
    return '"' + name.replace('"', '""') + '"'
