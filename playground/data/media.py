"""Media cells of a dataset made showable: an image decoded (or a thumbnail), an audio clip as a playable file.

Only what a cell holds is read: encoded bytes, an allowed local path, or a Hub viewer URL (returned as it is).
Anything larger than ``limits.DATASET_MEDIA_MAX_BYTES`` or not really an image / audio is not shown (None).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from playground import limits, tempfiles
from playground.data.common import media_bytes, media_path, sniff_media


def image(value: Any, *, thumbnail: bool) -> Any:
    """A PIL image from encoded bytes or an allowed local path; a Hub viewer URL as it is; None otherwise."""
    data = media_bytes(value)
    path = media_path(value)
    if data is None and path and path.startswith(("http://", "https://")):
        return path
    if data is None and path and Path(path).is_file():
        data = Path(path).read_bytes()[: limits.DATASET_MEDIA_MAX_BYTES + 1]
    if data is None or len(data) > limits.DATASET_MEDIA_MAX_BYTES or sniff_media(data) != "image":
        return None
    from PIL import Image

    try:
        picture = Image.open(io.BytesIO(data))
        picture.load()
    except Exception:  # noqa: BLE001 - a broken image is just not shown
        return None
    if thumbnail:
        picture.thumbnail((256, 256))
    return picture


def audio(value: Any) -> str | None:
    """A playable file for an audio cell: the Hub's URL, or the bytes written to a private temporary file."""
    data = media_bytes(value)
    path = media_path(value)
    if data is None and path and path.startswith(("http://", "https://")):
        return path
    if data is None or len(data) > limits.DATASET_MEDIA_MAX_BYTES or sniff_media(data) != "audio":
        return None
    suffix = Path(path).suffix if path and Path(path).suffix else ".wav"
    return str(tempfiles.new_file("playground-audio", suffix, data))
