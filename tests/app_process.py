"""``python app.py`` in a child process whose output is read line by line as it comes, for tests that wait on
what the app says (an event) instead of polling or sleeping.

>>> with AppProcess(["--catalog", path, "--port", "7861"]) as app:
...     assert app.wait_for("Running on local URL"), app.text()   # the server answers from here on
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parent.parent


class AppProcess:
    """The app's stdout and stderr together, unbuffered, collected by a reader thread; ``wait_for`` blocks on the
    next line (a condition variable), never on a clock, and returns early when the process ends."""

    def __init__(self, args: Sequence[str], env: Mapping[str, str] | None = None) -> None:
        self._lines: list[str] = []
        self._changed = threading.Condition()
        self._ended = False
        self.proc = subprocess.Popen(
            [sys.executable, "-u", str(ROOT / "app.py"), *args], cwd=ROOT,
            env={**(env if env is not None else os.environ), "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True, errors="replace")
        self._reader = threading.Thread(target=self._read, name="app-output", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._changed:
                self._lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    def wait_for(self, text: str, timeout: float = 120) -> bool:
        """Whether a line holding ``text`` was printed; False if the output ended (the process exited) first. The
        timeout is a hang guard only: every wake-up is a new line or the end of the output."""
        with self._changed:
            return self._changed.wait_for(lambda: any(text in line for line in self._lines) or self._ended,
                                          timeout) and any(text in line for line in self._lines)

    def text(self) -> str:
        with self._changed:
            return "".join(self._lines)

    def stop(self) -> str:
        """Terminate the app, wait for the end of its output, and return all of it."""
        if self.proc.poll() is None:
            self.proc.terminate()
        self.proc.wait(timeout=30)
        self._reader.join(timeout=30)
        return self.text()

    def __enter__(self) -> AppProcess:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.stop()
