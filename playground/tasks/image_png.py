"""PNG files that remember how they were made: generation settings in the PNG's text chunks, and back.

Two chunks are written: ``playground`` (JSON, UTF-8: what "reuse these settings" reads) and ``parameters``
(one readable line, the convention other Stable Diffusion tools display).

>>> save_png(image, {"model": "stabilityai/sd-turbo", "prompt": "a cat", "seed": 7, ...}, "cat.png")
>>> read_settings("cat.png")["seed"]
7
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from playground import limits, tempfiles
from playground.errors import BadInput, Message

CHUNK = "playground"
READABLE_CHUNK = "parameters"
# key -> the types it may hold; every key is required when reading back.
FIELDS: dict[str, tuple[type, ...]] = {
    "model": (str,),
    "prompt": (str,),
    "negative_prompt": (str,),
    "seed": (int,),
    "steps": (int,),
    "guidance": (int, float),
    "width": (int,),
    "height": (int,),
}


def save_png(image: Any, settings: dict[str, Any], path: str | os.PathLike[str]) -> Path:
    """Write ``image`` (PIL) as a PNG at ``path`` with ``settings`` in its text chunks."""
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    data = {key: settings[key] for key in FIELDS}
    info.add_itxt(CHUNK, json.dumps({"version": 1, **data}, ensure_ascii=False))
    readable = (f"{data['prompt']}\nNegative prompt: {data['negative_prompt']}\nSteps: {data['steps']}, "
                f"CFG scale: {data['guidance']}, Seed: {data['seed']}, Size: {data['width']}x{data['height']}, "
                f"Model: {data['model']}")
    info.add_itxt(READABLE_CHUNK, readable)
    path = Path(path)
    image.save(path, format="PNG", pnginfo=info)
    return path


def write_pngs(images: list[Any], seeds: list[int], settings_for: Any) -> list[Path]:
    """Save each image as ``playground-<seed>.png`` with ``settings_for(seed)`` in its metadata, in a fresh temp
    folder (folders older than ``limits.IMAGE_KEEP_FILES_S`` are swept first)."""
    folder = tempfiles.new_folder("playground-images", limits.IMAGE_KEEP_FILES_S)
    return [save_png(picture, settings_for(seed), folder / f"playground-{seed}.png")
            for picture, seed in zip(images, seeds, strict=True)]


def read_settings(path: object) -> dict[str, Any]:
    """The settings stored in a PNG from :func:`save_png`; :class:`BadInput` saying what is wrong otherwise.

    Only the header and the text chunks before the pixels are read (no decoding of the image itself).
    """
    if not path or not isinstance(path, (str, os.PathLike)):
        raise BadInput("no_file")
    file = Path(path)
    name = file.name[:100]
    if not file.is_file():
        raise BadInput("no_file")
    size = file.stat().st_size
    if size > limits.IMAGE_PNG_MAX_BYTES:
        raise BadInput("file_too_big", name=name, size_mb=size / 2**20, limit_mb=limits.IMAGE_PNG_MAX_BYTES / 2**20)
    with file.open("rb") as handle:
        if handle.read(8) != b"\x89PNG\r\n\x1a\n":
            raise BadInput("png_not_png", name=name)
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(file) as image:
            raw = image.info.get(CHUNK)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise BadInput("png_bad_settings", name=name, detail=Message("detail_damaged_image")) from exc
    if raw is None:
        raise BadInput("png_no_settings", name=name)
    try:
        data = json.loads(str(raw))
    except json.JSONDecodeError:
        raise BadInput("png_bad_settings", name=name, detail=Message("detail_not_json")) from None
    if not isinstance(data, dict):
        raise BadInput("png_bad_settings", name=name, detail=Message("detail_not_mapping"))
    for key, types in FIELDS.items():
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, types):
            raise BadInput("png_bad_settings", name=name, detail=Message("detail_missing_setting", key=key))
    return {key: data[key] for key in FIELDS}
