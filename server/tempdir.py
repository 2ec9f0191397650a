"""Gradio's temp folder, private to the app: by default every Gradio process of the machine shares a
world-readable ``/tmp/gradio`` where uploads and results wait for an hour.

:func:`use_private_temp_dir` runs before ``gradio`` is imported (Gradio reads ``GRADIO_TEMP_DIR`` into constants
at import): it points ``GRADIO_TEMP_DIR`` at a folder of this user's own, mode 0700, and the process writes its
files 0600 (umask 077).

>>> folder = use_private_temp_dir()      # at the top of app.py, when it runs as the program
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

TEMP_ENV = "GRADIO_TEMP_DIR"


def _private(folder: Path) -> bool:
    """Make ``folder`` (created if missing) this user's alone; False when another user owns it."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.lstat()
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return False
    if info.st_mode & 0o077:
        folder.chmod(0o700)
    return True


def use_private_temp_dir(base: str | os.PathLike[str] | None = None, *, umask: bool = True) -> Path:
    """Set ``GRADIO_TEMP_DIR`` to a 0700 folder of this user's (the teacher's own choice kept, made private) and,
    with ``umask``, have every file the process writes be 0600. Returns the folder."""
    chosen = os.environ.get(TEMP_ENV)
    if chosen:
        folder = Path(chosen).expanduser()
    else:
        root = Path(base or tempfile.gettempdir()) / f"playground-{os.getuid()}"
        folder = root / "gradio"
        if _private(root) is False:  # someone else's: a fresh folder of our own instead
            root = Path(tempfile.mkdtemp(prefix="playground-"))
            folder = root / "gradio"
    if not _private(folder):
        folder = Path(tempfile.mkdtemp(prefix="playground-gradio-"))
    os.environ[TEMP_ENV] = str(folder)
    if umask:
        os.umask(0o077)
    return folder
