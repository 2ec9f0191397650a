"""Image and audio cells of the dataset browser: read only allowed files, never more than the limits, on disk once.

A media cell is encoded bytes (a ``{bytes, path}`` struct, as ``datasets`` writes Image and Audio features, or a
raw BLOB), a path (a string, or a struct whose ``bytes`` is null), or a URL from the Hub's viewer. Paths follow the
rules of every local source: inside the data folder or the upload folder (the dataset's own folder is inside one of
them), symlinks resolved; the size is checked with ``stat`` before a byte is read, and at most the limit is read.

>>> image(cell, thumbnail=True)     # a PIL image (at most 256 px), a viewer URL, or None
>>> audio_file(cell)                # one file per distinct sound in a private folder (content-addressed)
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from playground import limits
from playground.data.common import media_bytes, media_path, sniff_media

AUDIO_FOLDER = "playground-audio"
_AUDIO_LOCK = threading.Lock()


def allowed_file(path_text: str) -> Path | None:
    """The real path of a media file named in a cell, only if it lies inside the data or upload folder."""
    from playground.data.local import allowed_roots

    try:
        real = Path(path_text).expanduser().resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    if not any(real.is_relative_to(root) for root in allowed_roots()):
        return None
    return real if real.is_file() else None


def read_cell(value: Any, *, limit: int = limits.DATASET_MEDIA_MAX_BYTES) -> bytes | None:
    """The encoded bytes of a media cell (its own bytes, or an allowed file's), None if absent or over ``limit``."""
    if isinstance(value, dict) and value.get("fetch") is not None:  # left out of its page: fetch this one cell
        if int(value.get("omitted_bytes") or 0) > limit:
            return None
        from playground.data.local import fetch_cell

        value = fetch_cell(value["fetch"])
        if isinstance(value, dict) and media_bytes(value) is None:
            return None  # only bytes are fetched this way; a path was checked with its page
    data = media_bytes(value)
    if data is not None:
        return data if len(data) <= limit else None
    path = media_path(value)
    if not path or path.startswith(("http://", "https://")):
        return None
    real = allowed_file(path)
    if real is None:
        return None
    try:
        if real.stat().st_size > limit:  # stat first: a 400 MB file is never read
            return None
        with real.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError:
        return None
    return data if len(data) <= limit else None


def url(value: Any) -> str | None:
    path = media_path(value) if media_bytes(value) is None else None
    return path if path and path.startswith(("http://", "https://")) else None


def image(value: Any, *, thumbnail: bool) -> Any:
    """A PIL image from encoded bytes or an allowed local file; a Hub viewer URL as it is; else None."""
    if (link := url(value)) is not None:
        return link
    data = read_cell(value)
    if data is None or sniff_media(data) != "image":
        return None
    return decode_image(data, thumbnail=thumbnail)


def decode_image(data: bytes, *, thumbnail: bool) -> Any:
    from PIL import Image

    try:
        picture = Image.open(io.BytesIO(data))
        if picture.width * picture.height > limits.DATASET_IMAGE_MAX_PIXELS:
            return None  # a decompression bomb, or just far too large to show
        if thumbnail:
            picture.draft("RGB", (256, 256))  # JPEG decodes at a reduced scale: far less memory and time
        picture.load()
    except Exception:  # noqa: BLE001 - a broken image is just not shown
        return None
    if thumbnail:
        picture.thumbnail((256, 256))
    return picture


def placeholder() -> Any:
    """A small grey square for a gallery cell left out of a page's budget."""
    from PIL import Image

    return Image.new("RGB", (64, 64), (200, 200, 200))


def gallery(page: Any, budget: int | None = None) -> list[tuple[Any, str]]:
    """Thumbnails of a page's image cells, decoding at most ``budget`` encoded bytes; the rest are placeholders."""
    budget = limits.DATASET_PAGE_THUMBNAIL_BYTES if budget is None else budget
    columns = [c for c in page.columns if c.kind == "image"]
    out: list[tuple[Any, str]] = []
    spent = 0
    for i, row in enumerate(page.rows):
        for column in columns:
            value = row.get(column.name)
            caption = f"#{page.offset + i + 1}"
            if (link := url(value)) is not None:
                out.append((link, caption))
                continue
            size = cell_size(value)
            if size is None:
                continue
            if spent + size > budget:
                out.append((placeholder(), f"{caption} (not shown · 생략)"))
                continue
            picture = image(value, thumbnail=True)
            if picture is not None:
                spent += size
                out.append((picture, caption))
    return out


def cell_size(value: Any) -> int | None:
    """Encoded bytes of a cell without reading a file (``stat``), None when there is nothing to show."""
    if isinstance(value, dict) and value.get("fetch") is not None:
        return int(value.get("omitted_bytes") or 0) or None
    data = media_bytes(value)
    if data is not None:
        return len(data)
    path = media_path(value)
    if not path or path.startswith(("http://", "https://")):
        return None
    real = allowed_file(path)
    try:
        return real.stat().st_size if real is not None else None
    except OSError:
        return None


# -- audio: one file per distinct sound, a capped private folder ------------------------------------------------
def audio_root() -> Path:
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    root = Path(tempfile.gettempdir()) / f"{AUDIO_FOLDER}-{uid}"
    root.mkdir(mode=0o700, exist_ok=True)
    return root


def audio_file(value: Any) -> str | None:
    """A playable file for an audio cell: the Hub's URL, or the bytes written once (named by their hash)."""
    if (link := url(value)) is not None:
        return link
    ref = _fetch_key(value)
    if ref is not None:  # a cell left out of its page: its file, if this cell was played before
        with _AUDIO_LOCK:
            known = _FETCHED.get(ref)
        if known is not None and Path(known).exists():
            os.utime(known)
            return known
    data = read_cell(value)
    if data is None or sniff_media(data) != "audio":
        return None
    written = _write_audio(value, data)
    if ref is not None:
        with _AUDIO_LOCK:
            _FETCHED[ref] = written
            while len(_FETCHED) > 256:
                _FETCHED.pop(next(iter(_FETCHED)))
    return written


_FETCHED: dict[tuple[Any, ...], str] = {}  # a fetched cell (file version, row, column) -> its audio file


def _fetch_key(value: Any) -> tuple[Any, ...] | None:
    """Which file version, row and column a cell left out of its page comes from (None for any other cell)."""
    ref = value.get("fetch") if isinstance(value, dict) else None
    if ref is None:
        return None
    from playground.data.local import resolve_local

    try:
        real = resolve_local(ref.source)
        stat = real.stat()
    except Exception:  # noqa: BLE001 - no key: the cell is simply fetched again
        return None
    return (str(real), stat.st_mtime_ns, stat.st_size, ref.member, ref.query, ref.row, ref.column)


def _write_audio(value: Any, data: bytes) -> str:
    path = media_path(value) or ""
    suffix = Path(path).suffix.lower() if Path(path).suffix.lower() in (".wav", ".mp3", ".flac", ".ogg", ".opus",
                                                                        ".m4a") else ".wav"
    digest = hashlib.sha256(data).hexdigest()[:32]
    with _AUDIO_LOCK:
        root = audio_root()
        target = root / f"{digest}{suffix}"
        if target.exists():
            os.utime(target)
            return str(target)
        _trim(root, room=len(data))
        partial = root / f".{digest}.part"
        partial.write_bytes(data)
        partial.replace(target)
    return str(target)


def _trim(root: Path, room: int) -> None:
    """Remove files older than the keep time, then the least recently used until ``room`` more bytes fit."""
    cutoff = time.time() - limits.DATASET_AUDIO_KEEP_S
    files = []
    for entry in root.iterdir():
        try:
            stat = entry.stat()
        except OSError:
            continue
        if stat.st_mtime < cutoff:
            entry.unlink(missing_ok=True)
        else:
            files.append((stat.st_mtime, stat.st_size, entry))
    files.sort()
    total = sum(size for _, size, _ in files)
    while files and total + room > limits.DATASET_AUDIO_MAX_BYTES:
        _, size, oldest = files.pop(0)
        oldest.unlink(missing_ok=True)
        total -= size
