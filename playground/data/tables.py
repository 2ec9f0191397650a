"""Reading uploaded tables (CSV, TSV) safely: size and row limits, encodings, clear errors.

NSMC-style TSV files have no quoting (a review may contain a lone ``"``), so TSV is read with quoting off;
CSV uses standard quoting. Korean spreadsheets are often saved as CP949, which is tried after UTF-8.

>>> table = read_table("ratings_sample.tsv")
>>> guess_columns(table.frame)
('document', 'label')
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playground import limits
from playground.errors import BadInput, Message

ENCODINGS = ("utf-8-sig", "cp949")
LABEL_NAMES = ("label", "labels", "sentiment", "target", "class", "y", "정답", "라벨", "레이블", "감정")


@dataclass
class Table:
    name: str
    frame: Any  # pandas.DataFrame of strings
    encoding: str


def read_table(path: str | Path, *, max_rows: int = limits.SENTIMENT_MAX_ROWS) -> Table:
    """Read ``path`` as CSV or TSV (by its suffix) into a DataFrame of strings, or raise BadInput."""
    import pandas as pd

    path = Path(path)
    name = path.name[:120]
    suffix = path.suffix.lower()
    if suffix not in limits.TABLE_SUFFIXES:
        raise BadInput("file_type", name=name, allowed="CSV / TSV")
    try:
        size = path.stat().st_size
    except OSError:
        raise BadInput("no_file") from None
    if size > limits.TABLE_MAX_BYTES:
        raise BadInput("file_too_big", name=name, size_mb=size / 2**20, limit_mb=limits.TABLE_MAX_BYTES / 2**20)
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        raise BadInput("file_unreadable", name=name, kind="text", detail=Message("detail_binary_file"))
    text, encoding = _decode(raw, name)
    first = text.split("\n", 1)[0]
    sep = "\t" if suffix == ".tsv" or (suffix == ".txt" and "\t" in first) else ","
    kind = "TSV" if sep == "\t" else "CSV"
    check_width(text, sep, name, max_rows=max_rows)
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, engine="python", index_col=False,
            quoting=csv.QUOTE_NONE if sep == "\t" else csv.QUOTE_MINIMAL, nrows=max_rows + 1,
        )
    except pd.errors.EmptyDataError:
        raise BadInput("file_empty", name=name) from None
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        raise BadInput("file_unreadable", name=name, kind=kind, detail=_short(exc)) from None
    if frame.empty or len(frame.columns) == 0:
        raise BadInput("file_empty", name=name)
    if len(frame) > max_rows:
        raise BadInput("file_too_many_rows", name=name, rows=_count_rows(text), limit=max_rows)
    frame.columns = [str(c).strip() or f"column_{i}" for i, c in enumerate(frame.columns)]
    return Table(name=name, frame=frame, encoding=encoding)


def count_fields(line: str, sep: str) -> int:
    """Fields in one line of a table (quotes respected for CSV; TSV is unquoted)."""
    if sep == "\t":
        return line.count("\t") + 1
    try:
        return len(next(csv.reader([line], delimiter=sep), []))
    except csv.Error:
        return line.count(sep) + 1


def check_width(text: str, sep: str, name: str, *, max_rows: int, max_columns: int = limits.TABLE_MAX_COLUMNS,
                max_cells: int = limits.TABLE_MAX_CELLS) -> int:
    """Refuse a table too wide to parse (columns on the header line, or any line; rows x columns), BEFORE parsing.

    A 9 MB CSV can hold a million columns, which cost pandas minutes: counting separators costs milliseconds.
    Returns the number of columns.
    """
    first = text.split("\n", 1)[0]
    columns = count_fields(first, sep)
    if columns > max_columns:
        raise BadInput("too_many_columns", name=name, columns=f"{columns:,}", limit=max_columns)
    for line in text.split("\n"):  # a line wider than the header costs the parser as much
        if line.count(sep) >= max_columns and (found := count_fields(line, sep)) > max_columns:
            raise BadInput("too_many_columns", name=name, columns=f"{found:,}", limit=max_columns)
    rows = min(text.count("\n"), max_rows + 1)
    if rows * columns > max_cells:
        raise BadInput("too_many_cells", name=name, cells=rows * columns, limit=max_cells)
    return columns


def guess_columns(frame: Any) -> tuple[str, str | None]:
    """(text column, label column or None): the longest text on average, and a small-valued label column."""
    columns = list(frame.columns)
    label = next((c for c in columns if c.strip().lower() in LABEL_NAMES), None)
    candidates = [c for c in columns if c != label] or columns
    sample = frame.head(200)
    text = max(candidates, key=lambda c: sample[c].astype(str).str.len().mean())
    return text, label


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise BadInput("file_unreadable", name=name, kind="text", detail=Message("detail_not_text"))


def _count_rows(text: str) -> int:
    return max(0, text.count("\n") - 1)


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:160] or type(exc).__name__
