"""Local data (AI Hub downloads, a class's own files): CSV, TSV, JSON, JSONL, Parquet and zips of them, via DuckDB.

Nothing leaves the machine. Only two places can be read: the configured data folder and Gradio's upload folder;
every path is resolved (symlinks followed) and must stay inside one of them. DuckDB reads only the rows a page
needs; user text reaches SQL only as bound parameters, and a column name only after it is found in the schema.

>>> set_data_dir("data")
>>> info = local_info("nsmc/ratings_sample.tsv")
>>> [c.name for c in info.columns], info.num_rows
(['id', 'document', 'label'], 4000)
>>> page = local_rows("nsmc/ratings_sample.tsv", page=2, page_size=20, query=make_query(search="재밌"))
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import threading
import time
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playground import limits, settings
from playground.data.common import (
    AUDIO_EXT,
    IMAGE_EXT,
    LOCAL_SUFFIXES,
    Column,
    Info,
    Page,
    Query,
    Stats,
    media_bytes,
    media_path,
    quote_ident,
    sniff_media,
)
from playground.errors import BadInput, Message

REPO = Path(__file__).resolve().parents[2]  # playground/data/local.py -> the repository
DATA_DIR_ENV = settings.DATA_DIR
TABLE_SUFFIXES = tuple(s for s in LOCAL_SUFFIXES if s != ".zip")
_DATA_DIR: Path | None = None


# -- where files may come from ----------------------------------------------------------------------------------
def set_data_dir(path: str | os.PathLike[str] | None) -> None:
    """Use ``path`` as the data folder (``None``: ``$PLAYGROUND_DATA_DIR``, else ``data/`` in the repository)."""
    global _DATA_DIR
    _DATA_DIR = Path(path).expanduser() if path else None


def data_dir() -> Path:
    if _DATA_DIR is not None:
        return _DATA_DIR
    return settings.path(DATA_DIR_ENV) or REPO / "data"


def upload_dir() -> Path:
    """Gradio's upload folder (the same rule as ``gradio.utils.get_upload_folder``; no gradio import here)."""
    return Path(os.environ.get("GRADIO_TEMP_DIR") or Path(tempfile.gettempdir()) / "gradio")


def allowed_roots() -> list[Path]:
    return [data_dir().resolve(), upload_dir().resolve()]


def list_data_files(limit: int = limits.DATASET_MAX_LISTED_FILES) -> list[str]:
    """Readable files under the data folder, as paths relative to it (hidden files and folders skipped)."""
    root = data_dir()
    if not root.is_dir():
        return []
    found: list[str] = []
    real_root = root.resolve()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(LOCAL_SUFFIXES):
                continue
            path = Path(folder) / name
            if not path.resolve().is_relative_to(real_root):
                continue  # a symlink out of the folder is never offered (nor read)
            found.append(path.relative_to(root).as_posix())
            if len(found) >= limit:
                return found
    return found


def display_name(path_text: str) -> str:
    """How a source is named in messages and code: relative to the data folder, else just the file name."""
    path = Path(path_text)
    if not path.is_absolute():
        return path.as_posix()[:200]
    try:
        return path.resolve().relative_to(data_dir().resolve()).as_posix()[:200]
    except ValueError:
        return path.name[:120]


def resolve_local(path_text: str) -> Path:
    """The real path of a local source, only if it lies inside the data folder or the upload folder."""
    raw = Path(path_text)
    candidate = raw if raw.is_absolute() else data_dir() / raw
    name = raw.name[:120] or path_text[:120]
    try:
        real = candidate.resolve()
    except (OSError, RuntimeError):
        raise BadInput("outside_data", name=name) from None
    if not any(real.is_relative_to(root) for root in allowed_roots()):
        raise BadInput("outside_data", name=name)
    if not real.exists():
        raise BadInput("dataset_no_file", name=display_name(path_text), folder=data_dir().name)
    if not real.is_file():
        raise BadInput("file_type", name=name, allowed=", ".join(LOCAL_SUFFIXES))
    return real


# -- zip archives -------------------------------------------------------------------------------------------------
def is_upload(path: Path) -> bool:
    """A file a student uploaded (Gradio's upload folder), as opposed to the teacher's data folder."""
    real = path.resolve()
    data = data_dir().resolve()
    return real.is_relative_to(upload_dir().resolve()) and not real.is_relative_to(data)


def zip_limit(path: Path) -> int:
    """Unpacked bytes a zip may hold: far less for an upload than for the teacher's own data folder."""
    return limits.DATASET_UPLOAD_ZIP_MAX_BYTES if is_upload(path) else limits.DATASET_ZIP_MAX_BYTES


def zip_members(path: Path) -> list[str]:
    """Readable tables inside a zip, after checks against zip bombs and hostile names."""
    name = path.name[:120]
    max_bytes = zip_limit(path)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BadInput("file_unreadable", name=name, kind="zip", detail=_short(exc)) from None
    if len(infos) > limits.DATASET_ZIP_MAX_MEMBERS:
        raise BadInput("dataset_zip_unsafe", name=name,
                       detail=Message("detail_zip_members", count=len(infos), limit=limits.DATASET_ZIP_MAX_MEMBERS))
    total = sum(i.file_size for i in infos)
    if total > max_bytes:
        raise BadInput("dataset_zip_unsafe", name=name,
                       detail=Message("detail_zip_unpacked", size=total / 2**20, limit=max_bytes / 2**20))
    members = []
    for info in infos:
        member = info.filename
        if member.startswith("/") or ".." in Path(member).parts:
            raise BadInput("dataset_zip_unsafe", name=name, detail=Message("detail_zip_outside", member=member[:80]))
        if info.is_dir() or member.startswith(("__MACOSX/", ".")) or "/." in member:
            continue
        if not member.lower().endswith(TABLE_SUFFIXES):
            continue
        if info.file_size > 2**20 and info.file_size > limits.DATASET_ZIP_MAX_RATIO * max(info.compress_size, 1):
            raise BadInput("dataset_zip_unsafe", name=name,
                           detail=Message("detail_zip_ratio", member=member[:80],
                                          ratio=info.file_size / max(info.compress_size, 1)))
        members.append(member)
    if not members:
        raise BadInput("file_empty", name=name)
    return members


def _extract(path: Path, member: str) -> Path:
    """Unpack one member into a private cache folder (once per archive version), never beyond the size limit."""
    stat = path.stat()
    upload = is_upload(path)
    max_bytes = zip_limit(path)
    key = hashlib.sha256(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}\0{member}".encode()).hexdigest()[:24]
    root = _cache_root(incoming=0)
    folder = root / (UPLOAD_PREFIX + key if upload else key)
    target = folder / Path(member).name
    if target.exists():
        os.utime(folder)
        return target
    with zipfile.ZipFile(path) as archive:
        declared = archive.getinfo(member).file_size
    _cache_root(incoming=min(declared, max_bytes) if upload else 0)  # make room among uploads' folders first
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / (target.name + ".part")
    written = 0
    with zipfile.ZipFile(path) as archive, archive.open(member) as src, partial.open("wb") as out:
        while chunk := src.read(2**20):
            written += len(chunk)
            if written > max_bytes:  # the header may lie: count what is really unpacked
                out.close()
                shutil.rmtree(folder, ignore_errors=True)
                raise BadInput("dataset_zip_unsafe", name=path.name[:120],
                               detail=Message("detail_zip_member_size", member=member[:80], limit=max_bytes / 2**20))
            out.write(chunk)
    partial.replace(target)
    return target


UPLOAD_PREFIX = "u-"  # folders unpacked from uploads: kept for less time, and capped in total


def _cache_root(incoming: int = 0) -> Path:
    """Unpacked zip members, private to this user (0700). Folders unused for an hour are removed (uploads' after
    ``DATASET_UPLOAD_KEEP_S``), and uploads' folders together stay under ``DATASET_UPLOAD_UNPACKED_MAX_BYTES``
    (least recently used removed first) with room for ``incoming`` more bytes."""
    root = Path(tempfile.gettempdir()) / f"playground-data-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    root.mkdir(mode=0o700, exist_ok=True)
    now = time.time()
    uploads: list[tuple[float, int, Path]] = []
    for old in root.iterdir():
        try:
            used = old.stat().st_mtime
            upload = old.name.startswith(UPLOAD_PREFIX)
            if used < now - (limits.DATASET_UPLOAD_KEEP_S if upload else limits.KEEP_FILES_S):
                shutil.rmtree(old, ignore_errors=True)
            elif upload:
                uploads.append((used, sum(f.stat().st_size for f in old.iterdir()), old))
        except OSError:
            continue
    uploads.sort()
    total = sum(size for _, size, _ in uploads)
    while uploads and total + incoming > limits.DATASET_UPLOAD_UNPACKED_MAX_BYTES:
        _, size, oldest = uploads.pop(0)
        shutil.rmtree(oldest, ignore_errors=True)
        total -= size
    return root


# -- one readable table -------------------------------------------------------------------------------------------
@dataclass
class Table:
    """A checked local table: the file DuckDB reads, how to read it, and its columns."""

    source: str  # as the user named it
    path: Path  # the real file (an unpacked zip member for a zip)
    name: str  # for messages and code
    kind: str  # csv, tsv, json, jsonl, parquet
    archive: str | None  # the zip's name, when read from one
    members: list[str]
    member: str | None
    reader: str  # SQL table function, with one ? for the path
    columns: list[Column]


_TABLES: OrderedDict[tuple[Any, ...], Table] = OrderedDict()
_COUNTS: OrderedDict[tuple[Any, ...], int] = OrderedDict()
_LOCK = threading.Lock()
_OPENING = threading.Lock()


def open_table(source: str, member: str | None = None) -> Table:
    """Check and open ``source`` (a zip's ``member``, default its first table); cached per file version."""
    real = resolve_local(source)
    stat = real.stat()
    key = (str(real), stat.st_mtime_ns, stat.st_size, member or "")
    with _LOCK:
        cached = _TABLES.get(key)
        if cached is not None and cached.path.exists():  # an unpacked member may have been cleaned up
            _TABLES.move_to_end(key)
            if cached.archive:
                with contextlib.suppress(OSError):
                    os.utime(cached.path.parent)  # in use: not the oldest
            return cached
    with _OPENING:  # one open at a time: describing a file reads a sample of its rows (large cells included)
        with _LOCK:
            cached = _TABLES.get(key)
        if cached is not None and cached.path.exists():  # opened by another request while this one waited
            return cached
        table = _open(source, real, member)
    with _LOCK:
        _TABLES[key] = table
        while len(_TABLES) > 64:
            _TABLES.popitem(last=False)
    return table


def _open(source: str, real: Path, member: str | None) -> Table:
    name = display_name(source)
    suffix = real.suffix.lower()
    if suffix not in LOCAL_SUFFIXES:
        raise BadInput("file_type", name=real.name[:120], allowed=", ".join(LOCAL_SUFFIXES))
    _check_size(real, real.name)
    archive, members, chosen = None, [], None
    path = real
    if suffix == ".zip":
        members = zip_members(real)
        chosen = member if member else members[0]
        if chosen not in members:
            raise BadInput("bad_option", name="member", allowed=", ".join(members)[:300], value=str(chosen)[:80])
        archive, path = name, _extract(real, chosen)
        name = f"{name} › {chosen}"
        suffix = path.suffix.lower()
        _check_size(path, chosen)
    kind = _kind(path, suffix)
    _check_width(path, name, kind)
    reader = _reader(kind, all_varchar=False)
    columns = _describe(path, name, kind, reader)
    if columns is None:  # a value late in the file does not fit the sniffed type: read every column as text
        reader = _reader(kind, all_varchar=True)
        columns = _describe(path, name, kind, reader) or []
    if len(columns) > limits.DATASET_MAX_COLUMNS:  # Parquet and JSON: their schema says it
        raise BadInput("too_many_columns", name=name[:120], columns=f"{len(columns):,}",
                       limit=limits.DATASET_MAX_COLUMNS)
    return Table(source, path, name, kind, archive, members, chosen, reader, columns)


def _check_size(path: Path, label: str) -> None:
    size = path.stat().st_size
    if size == 0:
        raise BadInput("file_empty", name=Path(label).name[:120])
    if size > limits.DATASET_MAX_FILE_BYTES:
        raise BadInput("file_too_big", name=Path(label).name[:120], size_mb=size / 2**20,
                       limit_mb=limits.DATASET_MAX_FILE_BYTES / 2**20)


def _kind(path: Path, suffix: str) -> str:
    """The format, after a look at the first bytes: Parquet's magic number, or text that is UTF-8."""
    with path.open("rb") as handle:
        head = handle.read(8192)
    if suffix in (".parquet", ".pq"):
        if not head.startswith(b"PAR1"):
            raise BadInput("file_unreadable", name=path.name[:120], kind="Parquet",
                           detail=Message("detail_not_parquet"))
        return "parquet"
    if b"\x00" in head:
        raise BadInput("file_unreadable", name=path.name[:120], kind=suffix.lstrip(".").upper(),
                       detail=Message("detail_binary_file"))
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end of the sample
            raise BadInput("dataset_not_utf8", name=path.name[:120]) from None
    if suffix == ".json":
        return "json"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".tsv" or (suffix == ".txt" and b"\t" in head.split(b"\n", 1)[0]):
        return "tsv"
    return "csv"


def _check_width(path: Path, name: str, kind: str) -> None:
    """Count the columns on the first line of a CSV, TSV or JSONL file before DuckDB sniffs it: a million columns
    in 9 MB would hold DuckDB (and every other request) for minutes."""
    if kind not in ("csv", "tsv", "jsonl"):
        return
    import json

    from playground.data.tables import count_fields

    limit = limits.DATASET_MAX_HEADER_BYTES
    with path.open("rb") as handle:
        head = handle.read(limit + 1)
    line, newline, _ = head.partition(b"\n")
    text = line.decode("utf-8", errors="replace").lstrip("\ufeff").rstrip("\r")
    if not newline and len(head) > limit:
        seps = text.count("\t" if kind == "tsv" else "," if kind == "csv" else '":')
        if seps >= limits.DATASET_MAX_COLUMNS:  # the first megabyte alone names too many
            raise BadInput("too_many_columns", name=name[:120], columns=f"{seps:,}+", limit=limits.DATASET_MAX_COLUMNS)
        raise BadInput("header_too_long", name=name[:120], limit_kb=limit // 1024)
    if kind == "jsonl":
        try:
            record = json.loads(text) if text.strip() else {}
        except ValueError:
            return  # DuckDB says what is wrong with it
        columns = len(record) if isinstance(record, dict) else 1
    else:
        columns = count_fields(text, "\t" if kind == "tsv" else ",")
    if columns > limits.DATASET_MAX_COLUMNS:
        raise BadInput("too_many_columns", name=name[:120], columns=f"{columns:,}", limit=limits.DATASET_MAX_COLUMNS)


def _reader(kind: str, *, all_varchar: bool) -> str:
    text = ", all_varchar=true" if all_varchar else ""
    return {
        # NSMC-style TSV: tab-separated and unquoted (a review may hold a lone ")
        "tsv": f"read_csv(?, header=true, delim='\t', quote='', escape='', sample_size=20480{text})",
        "csv": f"read_csv(?, header=true, delim=',', quote='\"', escape='\"', sample_size=20480{text})",
        "json": "read_json(?, format='auto', maximum_object_size=67108864)",  # an array or one object a line
        "jsonl": "read_json(?, format='newline_delimited', maximum_object_size=67108864)",
        "parquet": "read_parquet(?)",
    }[kind]


def _describe(path: Path, name: str, kind: str, reader: str) -> list[Column] | None:
    """Columns with their kinds, from the schema and a first look at a few rows; None when a cast fails.

    The schema comes first (no rows), so the sample's text cells are cut inside DuckDB: a 2.7 KB Parquet file of
    one 60 MB string repeated 50 times (dictionary-encoded) must not become 3 GB of Python strings.
    """
    import duckdb

    try:
        with _cursor() as cur:
            schema = cur.execute(f"DESCRIBE SELECT * FROM {reader}", [str(path)]).fetchall()  # noqa: S608
            select = _cut_select([(str(r[0]), str(r[1])) for r in schema], limits.DATASET_SAMPLE_CELL_BYTES)
            result = cur.execute(f"SELECT {select.sql} FROM {reader} LIMIT 50", [str(path)])  # noqa: S608
            description = (result.description or [])[: len(schema)]
            sample = [row[: len(schema)] for row in result.fetchall()]
            if kind in ("csv", "tsv"):  # every cell parses at the sniffed types (one pass at open, no rows kept)
                cur.execute(f"SELECT count(COLUMNS(*)) FROM {reader}", [str(path)]).fetchone()  # noqa: S608
    except duckdb.ConversionException:
        return None
    except duckdb.Error as exc:
        raise BadInput("file_unreadable", name=name[:120], kind=kind.upper(), detail=_clean(exc, path)) from None
    if not description:
        raise BadInput("file_empty", name=name[:120])
    columns = []
    for index, (col_name, dtype, *_rest) in enumerate(schema):
        values = [row[index] for row in sample if row[index] is not None]
        columns.append(Column(str(col_name), str(dtype), _column_kind(str(col_name), str(dtype), values)))
    return columns


@dataclass(frozen=True)
class _Select:
    """A projection with long text cut inside DuckDB, and per cut column the name of its size column."""

    replaced: list[str]  # "expression AS column" for ``* REPLACE (...)``
    extra: list[str]  # size columns after ``*``
    sizes: list[tuple[str, str]]  # (column name, size column name)

    @property
    def sql(self) -> str:
        if not self.replaced:
            return "*"
        return f"* REPLACE ({', '.join(self.replaced)}), {', '.join(self.extra)}"


def _is_text(dtype: str) -> bool:
    upper = dtype.upper()
    return upper in ("VARCHAR", "TEXT", "JSON") or upper.startswith("VARCHAR")


def _is_nested_text(dtype: str) -> bool:
    """A list, struct or map that holds text (and no media bytes, which the media budget already sizes)."""
    upper = dtype.upper()
    return ("VARCHAR" in upper or "JSON" in upper) and not _is_text(dtype) and "BLOB" not in upper


def _cut_select(schema: list[tuple[str, str]], cap: int) -> _Select:
    """``*`` with every text cell over ``cap`` bytes cut to its first ``cap // 4`` characters (so at most ``cap``
    bytes) and every nested value holding more than ``cap`` bytes of text left out, both inside DuckDB; the cut
    cells' sizes come as extra columns (NULL where nothing was cut)."""
    replaced, extra, sizes = [], [], []
    for index, (name, dtype) in enumerate(schema):
        ident = quote_ident(name)
        if _is_text(dtype):
            length = f"strlen(CAST({ident} AS VARCHAR))"
            replaced.append(f"CASE WHEN {length} > {int(cap)} THEN left(CAST({ident} AS VARCHAR), {int(cap) // 4}) "
                            f"ELSE {ident} END AS {ident}")
        elif _is_nested_text(dtype):
            length = f"strlen(CAST({ident} AS VARCHAR))"
            replaced.append(f"CASE WHEN {length} > {int(cap)} THEN NULL ELSE {ident} END AS {ident}")
        else:
            continue
        size_name = f"__playground_text_{index}"
        extra.append(f"CASE WHEN {length} > {int(cap)} THEN {length} END AS {size_name}")
        sizes.append((name, size_name))
    return _Select(replaced, extra, sizes)


def cut_note(value: Any, size: int) -> str:
    """How a cut cell reads: its first characters, then how large the whole cell is in the file.

    >>> cut_note("가나다", 62_914_560)
    '가나다 … [60.0 MB]'
    """
    head = value if isinstance(value, str) else ""
    return f"{head} … [{size / 2**20:.1f} MB]" if size >= 2**20 else f"{head} … [{size / 1024:.0f} KB]"


def text_cap(table: Table, page_size: int) -> int:
    """Bytes one text cell of a page may bring: the page's text budget shared by its cells, within bounds."""
    texts = sum(1 for c in table.columns if _is_text(c.dtype) or _is_nested_text(c.dtype))
    share = limits.DATASET_PAGE_MAX_TEXT_BYTES // max(1, page_size * max(1, texts))
    return max(4 * limits.DATASET_MAX_CELL_CHARS, min(limits.DATASET_TEXT_CELL_BYTES, share))


def _column_kind(name: str, dtype: str, values: list[Any]) -> str:
    upper = dtype.upper()
    lowered = name.lower()
    media_struct = upper.startswith("STRUCT") and "BLOB" in upper
    if media_struct or upper == "BLOB":
        first = next((media_bytes(v) for v in values if media_bytes(v)), None)
        path = next((media_path(v) for v in values if media_path(v)), "") or ""
        sniffed = sniff_media(first) if first else None
        if sniffed:
            return sniffed
        if path.lower().endswith(AUDIO_EXT) or any(w in lowered for w in ("audio", "speech", "sound")):
            return "audio"
        if path.lower().endswith(IMAGE_EXT) or any(w in lowered for w in ("image", "img", "photo", "picture")):
            return "image"
        return "binary" if upper == "BLOB" else "nested"
    if upper in ("VARCHAR", "TEXT") or upper.startswith("VARCHAR"):
        if values and all(isinstance(v, str) and v.lower().endswith(IMAGE_EXT) for v in values[:20]):
            return "image"  # a column of image paths (next to the file)
        return "text"
    if upper == "BOOLEAN":
        return "bool"
    if any(upper.startswith(t) for t in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT",
                                         "USMALLINT", "UINTEGER", "UBIGINT", "FLOAT", "DOUBLE", "DECIMAL", "REAL")):
        return "number"
    if upper.startswith(("DATE", "TIME", "TIMESTAMP")):
        return "date"
    if upper.startswith(("STRUCT", "MAP", "UNION", "JSON")) or upper.endswith("]"):
        return "nested"
    return "other"


# -- queries --------------------------------------------------------------------------------------------------------
_BASE: Any = None


class _cursor:
    """A DuckDB cursor of its own for each request (one shared in-memory database; no extension downloads)."""

    def __enter__(self) -> Any:
        global _BASE
        import duckdb

        with _LOCK:
            if _BASE is None:
                base = duckdb.connect(":memory:", config={
                    "autoinstall_known_extensions": False, "autoload_known_extensions": False,
                    "threads": max(1, min(limits.DATASET_DUCKDB_THREADS, os.cpu_count() or 1)),
                    "memory_limit": limits.DATASET_DUCKDB_MEMORY,
                    # "late materialization" turns a LIMIT into a join sorted on whole rows: a page of 20 rows of
                    # one 60 MB string (a 2.7 KB dictionary-encoded Parquet file) held 1.2 GB before any cut ran
                    "disabled_optimizers": "late_materialization",
                    # memory freed by a query goes back to the system (a huge cell must not stay as RSS)
                    "allocator_flush_threshold": "16MB", "allocator_bulk_deallocation_flush_threshold": "16MB",
                })
                _BASE = base
            self.cur = _BASE.cursor()
        return self.cur

    def __exit__(self, *exc: object) -> None:
        self.cur.close()


def where_clause(table: Table, query: Query) -> tuple[str, list[Any]]:
    """SQL ``WHERE`` text built only from schema column names, with every user value as a bound parameter."""
    parts: list[str] = []
    params: list[Any] = []
    if query.search:
        texts = [c.name for c in table.columns if c.kind == "text"]
        if not texts:
            raise BadInput("dataset_no_text_column", name=table.name[:120])
        if query.search.lower() == query.search.upper():
            # nothing to fold (Hangul, digits, signs): a plain substring test, several times faster than ILIKE
            parts.append("(" + " OR ".join(f"contains({quote_ident(c)}, ?)" for c in texts) + ")")
            params += [query.search] * len(texts)
        else:
            pattern = "%" + query.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            parts.append("(" + " OR ".join(f"{quote_ident(c)} ILIKE ? ESCAPE '\\'" for c in texts) + ")")
            params += [pattern] * len(texts)
    if query.filtered:
        column = _schema_column(table, query.column)
        ident = quote_ident(column.name)
        if query.op == "is empty":
            parts.append(f"({ident} IS NULL" + (f" OR trim(CAST({ident} AS VARCHAR)) = '')"
                                                 if column.kind == "text" else ")"))
        elif query.op == "is not empty":
            parts.append(f"({ident} IS NOT NULL" + (f" AND trim(CAST({ident} AS VARCHAR)) <> '')"
                                                     if column.kind == "text" else ")"))
        elif query.op == "contains":
            parts.append(f"CAST({ident} AS VARCHAR) ILIKE ? ESCAPE '\\'")
            params.append("%" + query.value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        else:
            parts.append(f"{ident} {'<>' if query.op == '!=' else query.op} ?")
            params.append(filter_value(column, query.value))
    return (" WHERE " + " AND ".join(parts)) if parts else "", params


def _schema_column(table: Table, name: str) -> Column:
    for column in table.columns:
        if column.name == name:
            return column
    raise BadInput("no_column", column=str(name)[:100], columns=", ".join(c.name for c in table.columns)[:300])


def filter_value(column: Column, raw: str) -> Any:
    """The filter's value in the column's type: a number for number columns, true/false for booleans."""
    if column.kind in ("number", "label"):
        try:
            number = float(raw)
        except ValueError:
            raise BadInput("dataset_bad_filter", column=column.name[:100],
                           detail=Message("detail_not_a_number", value=raw[:40])) from None
        return int(number) if number.is_integer() and "INT" in column.dtype.upper() else number
    if column.kind == "bool":
        lowered = raw.strip().lower()
        if lowered not in ("true", "false", "1", "0"):
            raise BadInput("dataset_bad_filter", column=column.name[:100], detail=Message("detail_true_or_false"))
        return lowered in ("true", "1")
    if column.kind in ("text", "date", "other"):
        return raw
    raise BadInput("dataset_bad_filter", column=column.name[:100],
                   detail=Message("detail_contains_only", kind=column.kind))


def _run(table: Table, sql: str, params: list[Any]) -> Any:
    import duckdb

    try:
        with _cursor() as cur:
            result = cur.execute(sql, [str(table.path), *params])
            return result.description, result.fetchall()
    except duckdb.Error as exc:
        raise BadInput("file_unreadable", name=table.name[:120], kind=table.kind.upper(),
                       detail=_clean(exc, table.path)) from None


def count(table: Table, query: Query) -> int:
    """Rows matching ``query`` (remembered per file version and query)."""
    where, params = where_clause(table, query)
    key = (str(table.path), table.path.stat().st_mtime_ns, table.reader, where, tuple(map(repr, params)))
    with _LOCK:
        if key in _COUNTS:
            return _COUNTS[key]
    _, rows = _run(table, f"SELECT count(*) FROM {table.reader}{where}", params)  # noqa: S608
    with _LOCK:
        _COUNTS[key] = int(rows[0][0])
        while len(_COUNTS) > 512:
            _COUNTS.popitem(last=False)
    return int(rows[0][0])


def local_info(source: str, member: str | None = None) -> Info:
    table = open_table(source, member)
    notes = []
    if table.archive:
        notes.append(f"zip: {len(table.members)} table(s) inside")
    return Info(source=source, where="local", title=table.name, columns=table.columns,
                configs=table.members, config=table.member, splits=["train"], split="train",
                num_rows=count(table, Query()), notes=notes)


def local_rows(source: str, member: str | None, page: int, page_size: int, query: Query) -> Page:
    """One page of ``query``'s rows: DuckDB reads only what it needs (LIMIT/OFFSET; Parquet skips row groups)."""
    table = open_table(source, member)
    where, params = where_clause(table, query)
    total = count(table, query)
    offset = (page - 1) * page_size
    if offset >= max(total, 1):
        last = max(1, -(-total // page_size))
        raise BadInput("out_of_range", name="page", low=1, high=last, value=page)
    select, sized, texts = _page_select(table, page_size)
    sql = f"SELECT {select} FROM {table.reader}{where} LIMIT ? OFFSET ?"  # noqa: S608
    if sized:
        with _MEDIA_PAGES:  # pages of large cells take turns: DuckDB holds a row group of them while it reads
            description, rows = _run(table, sql, [*params, page_size, offset])
    else:
        description, rows = _run(table, sql, [*params, page_size, offset])
    names = [d[0] for d in description]
    records = [dict(zip(names, row, strict=True)) for row in rows]
    for index, record in enumerate(records):
        for name, size_name in texts:  # cut inside DuckDB: the first characters and the whole cell's size
            size = record.pop(size_name, None)
            if size:
                record[name] = cut_note(record.get(name), int(size))
        for column, size_name in sized:
            size = record.pop(size_name, None)
            if record.get(column.name) is None and size:  # left out by the page's budget: fetched when shown
                ref = CellRef(source, member, query, offset + index, column.name)
                record[column.name] = {"bytes": None, "path": None, "omitted_bytes": int(size), "fetch": ref}
        for column in table.columns:
            value = record.get(column.name)
            if column.kind == "image" and isinstance(value, str):
                record[column.name] = {"path": _media_file(table, value)}
            elif column.kind in ("image", "audio") and isinstance(value, dict) and value.get("path") \
                    and media_bytes(value) is None:
                # a struct naming a file: the same rules as a string cell (next to the table, allowed folders)
                record[column.name] = {**value, "path": _media_file(table, str(value["path"]))}
    return Page(table.columns, records, offset, page, page_size, total)


@dataclass(frozen=True)
class CellRef:
    """Where a cell left out of a page is: the row view fetches just that one cell when it shows it."""

    source: str
    member: str | None
    query: Query
    row: int  # offset of the row in the query's result
    column: str

    def __str__(self) -> str:  # how it reads in the row view's JSON
        return f"row {self.row + 1}, column {self.column}"


def fetch_cell(ref: CellRef) -> Any:
    """The one cell ``ref`` names (a media cell too large to come with its page)."""
    table = open_table(ref.source, ref.member)
    where, params = where_clause(table, ref.query)
    ident = quote_ident(_schema_column(table, ref.column).name)
    with _MEDIA_PAGES:
        _, rows = _run(table, f"SELECT {ident} FROM {table.reader}{where} LIMIT 1 OFFSET ?",  # noqa: S608
                       [*params, ref.row])
    return rows[0][0] if rows else None


_MEDIA_PAGES = threading.BoundedSemaphore(1)  # one page of large cells at a time (DuckDB decodes a whole row group)


def _page_select(table: Table, page_size: int) -> tuple[str, list[tuple[Column, str]], list[tuple[str, str]]]:
    """``*`` with media cells over the page's share of the byte budget left out (DuckDB never hands them over),
    and their sizes as extra columns; so a page of 100 large images costs at most the budget. Text cells are cut
    to their share of the page's text budget the same way (:func:`_cut_select`)."""
    text = _cut_select([(c.name, c.dtype) for c in table.columns], text_cap(table, page_size))
    media = [c for c in table.columns if c.kind in ("image", "audio", "binary", "nested") and "BLOB" in c.dtype.upper()]
    cap = min(limits.DATASET_MEDIA_MAX_BYTES, limits.DATASET_PAGE_MAX_MEDIA_BYTES // max(1, page_size * len(media)))
    replaced, extra, sized = [], [], []
    for index, column in enumerate(media):
        ident = quote_ident(column.name)
        if column.dtype.upper() == "BLOB":
            length = f"octet_length({ident})"
        elif "BYTES BLOB" in column.dtype.upper():
            length = f"octet_length({ident}.bytes)"
        else:
            continue
        replaced.append(f"CASE WHEN {length} > {int(cap)} THEN NULL ELSE {ident} END AS {ident}")
        extra.append(f"{length} AS __playground_size_{index}")
        sized.append((column, f"__playground_size_{index}"))
    # one REPLACE list (text and media columns never overlap), then every size column
    both = _Select(text.replaced + replaced, text.extra + extra, text.sizes)
    return both.sql, sized, text.sizes


def _media_file(table: Table, value: str) -> str | None:
    """An image path named in a cell, only if it is a file next to the table inside the allowed folders."""
    base = Path(table.source) if Path(table.source).is_absolute() else data_dir() / table.source
    try:
        candidate = (base.parent / value).resolve()
    except (OSError, RuntimeError):
        return None
    if table.archive or not any(candidate.is_relative_to(r) for r in allowed_roots()) or not candidate.is_file():
        return None
    return str(candidate)


def column_values(source: str, member: str | None, query: Query, columns: list[str], limit: int,
                  offset: int = 0, *, max_chars: int = limits.DATASET_TEXT_CELL_BYTES // 4) -> list[tuple[Any, ...]]:
    """Up to ``limit`` rows of ``columns`` matching ``query`` (for sentiment over a whole column); text cells cut
    to ``max_chars`` characters inside DuckDB."""
    table = open_table(source, member)
    picked = [_schema_column(table, c) for c in columns]
    idents = ", ".join(f"left(CAST({quote_ident(c.name)} AS VARCHAR), {int(max_chars)})" if _is_text(c.dtype)
                       else quote_ident(c.name) for c in picked)
    where, params = where_clause(table, query)
    _, rows = _run(table, f"SELECT {idents} FROM {table.reader}{where} LIMIT ? OFFSET ?",  # noqa: S608
                   [*params, limit, offset])
    return rows


def local_stats(source: str, member: str | None, query: Query, label_column: str | None,
                text_column: str | None) -> Stats:
    """Missing values per column, the label distribution and a text-length histogram, for the current view."""
    table = open_table(source, member)
    where, params = where_clause(table, query)
    parts = ["count(*)"]
    for column in table.columns:
        ident = quote_ident(column.name)
        if column.kind == "text":
            # trim() copies its text: only short cells can be blank (a huge one never leaves DuckDB's buffers)
            # (a CASE, not AND: DuckDB evaluates both sides of an AND for every row)
            parts.append(f"count(*) FILTER (WHERE {ident} IS NULL OR CASE WHEN strlen(CAST({ident} AS VARCHAR)) "
                         f"<= 1024 THEN trim({ident}) = '' ELSE false END)")
        else:
            parts.append(f"count(*) FILTER (WHERE {ident} IS NULL)")
    _, rows = _run(table, f"SELECT {', '.join(parts)} FROM {table.reader}{where}", params)  # noqa: S608
    total, *missing = rows[0]
    stats = Stats(rows=int(total), missing=[(c.name, int(m), (m / total) if total else 0.0)
                                            for c, m in zip(table.columns, missing, strict=True)])
    if label_column:
        stats.label_column = _schema_column(table, label_column).name
        stats.categories = _categories(table, stats.label_column, where, params)
    if text_column:
        column = _schema_column(table, text_column)
        if column.kind != "text":
            raise BadInput("dataset_not_text_column", column=column.name[:100])
        stats.text_column = column.name
        stats.lengths, stats.length_summary = _lengths(table, column.name, where, params)
    return stats


def _categories(table: Table, name: str, where: str, params: list[Any]) -> list[tuple[str, int]]:
    ident = quote_ident(name)
    limit = limits.DATASET_STATS_MAX_CATEGORIES
    # grouped on the first characters only: a label is short, and a huge cell never leaves DuckDB whole
    sql = (f"SELECT left(CAST({ident} AS VARCHAR), 200) AS v, count(*) AS n FROM {table.reader}{where} "  # noqa: S608
           f"GROUP BY v ORDER BY n DESC, v LIMIT {limit + 1}")
    _, rows = _run(table, sql, params)
    out = [("(missing)" if v is None else str(v)[:60], int(n)) for v, n in rows[:limit]]
    if len(rows) > limit:
        out.append(("(other values)", -1))  # the tab says "more than N distinct values"
    return out


def _lengths(table: Table, name: str, where: str, params: list[Any]) -> tuple[list[tuple[str, int]],
                                                                              dict[str, float]]:
    ident = quote_ident(name)
    length = f"length({ident})"
    sql = (f"SELECT min({length}), avg({length}), median({length}), max({length}) "  # noqa: S608
           f"FROM {table.reader}{where}")
    _, rows = _run(table, sql, params)
    low, mean, median, high = rows[0]
    if low is None:
        return [], {}
    bins = limits.DATASET_STATS_BINS
    width = max(1, -(-(int(high) - int(low) + 1) // bins))
    sql = (f"SELECT (({length} - {int(low)}) // {width}) AS b, count(*) FROM {table.reader}{where} "  # noqa: S608
           f"{'AND' if where else 'WHERE'} {ident} IS NOT NULL GROUP BY b ORDER BY b")  # integers computed here
    _, hist = _run(table, sql, params)
    out = [(f"{int(low) + int(b) * width}–{int(low) + (int(b) + 1) * width - 1}", int(n)) for b, n in hist]
    return out, {"min": int(low), "mean": round(float(mean), 1), "median": float(median), "max": int(high)}


def _clean(exc: BaseException, path: Path) -> str:
    """DuckDB's first line, without machine paths."""
    text = str(exc).split("\n", 1)[0]
    for secret in (str(path), str(path.parent), str(data_dir()), str(upload_dir())):
        text = text.replace(secret, "…")
    return " ".join(text.split())[:200] or type(exc).__name__


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:160] or type(exc).__name__
