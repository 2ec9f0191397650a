"""A quiet terminal for the teacher who started the app: the libraries' own progress bars off (the page shows each
step in the student's language), each library warning shown once, and the warnings that only describe the app's
deliberate choices dropped.

    quiet.install()   # once, at start-up (``app.serve``): from then on
    quiet.apply()     # the engine, around each model load: the libraries imported so far (imports stay lazy)

Downloads (huggingface_hub's bars) are left as they are: a teacher wants to see those.
"""

from __future__ import annotations

import logging
import sys
import threading

LIBRARIES = ("transformers", "diffusers")
# Lines about what the app does on purpose, useless to a teacher: it always sets max_new_tokens itself, and the
# image processors' PIL fallback (no torchvision in requirements.txt) is what it uses.
DROPPED = ("seem to have been set. `max_new_tokens` will take precedence", "requires torchvision (not installed)")
SEEN_MAX = 1_000  # distinct warnings remembered (a bound, not a limit anyone reaches)


class Once(logging.Filter):
    """Lets a record through the first time its text is seen (per logger name), and drops the known noise."""

    def __init__(self) -> None:
        super().__init__()
        self._seen: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if any(noise in text for noise in DROPPED):
            return False
        key = (record.name, text[:300])
        with self._lock:
            if key in self._seen:
                return False
            if len(self._seen) < SEEN_MAX:
                self._seen.add(key)
        return True


ONCE = Once()
_installed = False


def install() -> None:
    """Quiet from now on, for the libraries already imported and, through :func:`apply`, those imported later."""
    global _installed
    _installed = True
    apply()


def apply() -> None:
    """If :func:`install` was called: progress bars off and :data:`ONCE` on the terminal handlers of each library
    that is imported (idempotent, cheap; never imports a library)."""
    if not _installed:
        return
    for name in LIBRARIES:
        if name not in sys.modules:
            continue
        library_logging = sys.modules.get(f"{name}.utils.logging")
        if library_logging is not None:
            library_logging.disable_progress_bar()
        for handler in logging.getLogger(name).handlers:
            if ONCE not in handler.filters:
                handler.addFilter(ONCE)
