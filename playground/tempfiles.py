"""Result files for the page to serve (CSV downloads, PNGs, audio clips), in temp folders swept of old files.

Many requests write and sweep at once (every student's click), so the sweep tolerates a file or folder that
another sweep removed first: ``stat``, ``unlink`` and ``rmdir`` of a vanished path are not errors.

>>> folder = new_folder("playground-results")   # a fresh private folder, after the old ones are swept
>>> (folder / "results.csv").write_text("text,label")
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from playground import limits


def root(name: str) -> Path:
    """``<tmp>/<name>``, created if needed (private to this user where the system has users)."""
    folder = Path(tempfile.gettempdir()) / name
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def sweep(folder: Path, keep_s: float = limits.KEEP_FILES_S) -> int:
    """Remove the entries of ``folder`` (files or folders) not modified for ``keep_s`` seconds; returns how many.

    Safe against concurrent sweeps and writers: an entry that disappears meanwhile is skipped.
    """
    cutoff = time.time() - keep_s
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return 0
    for entry in entries:
        try:
            if entry.stat(follow_symlinks=False).st_mtime >= cutoff:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed += 1
        except FileNotFoundError:  # another sweep got there first
            continue
        except OSError:  # busy or not ours: left for a later sweep
            continue
    return removed


def new_folder(name: str, keep_s: float = limits.KEEP_FILES_S) -> Path:
    """Sweep ``<tmp>/<name>`` of entries older than ``keep_s``, then create one fresh folder in it for a result."""
    base = root(name)
    sweep(base, keep_s)
    folder = base / uuid.uuid4().hex
    folder.mkdir()
    return folder


def new_file(name: str, suffix: str, data: bytes, keep_s: float = limits.KEEP_FILES_S) -> Path:
    """Write ``data`` to a fresh file ``<tmp>/<name>/<random><suffix>`` after sweeping old ones."""
    base = root(name)
    sweep(base, keep_s)
    target = base / f"{uuid.uuid4().hex}{suffix[:8]}"
    target.write_bytes(data)
    return target
