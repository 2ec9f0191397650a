"""Keep the Hugging Face token out of logs, the terminal and error messages.

>>> redact("could not fetch https://hf.co/x?token=hf_abcdefghijklmnopqrstuvwx")
'could not fetch https://hf.co/x?token=hf_***'
>>> undo = install()     # at start-up: every log record and everything printed to stdout/stderr is redacted

Redacted: any ``hf_`` token (``hf_`` and 20 or more letters and digits), and the exact values of ``$HF_TOKEN``
and ``$HUGGING_FACE_HUB_TOKEN`` whatever they look like.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import traceback
from collections.abc import Callable
from typing import Any, TextIO

TOKEN = re.compile(r"hf_[A-Za-z0-9]{20,}")
TOKEN_ENV = ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN")
MASK = "hf_***"
_MIN_SECRET = 8  # shorter environment values are not treated as secrets (they would mask ordinary words)


def _secrets() -> list[str]:
    return [v for name in TOKEN_ENV if len(v := os.environ.get(name, "").strip()) >= _MIN_SECRET]


def redact(text: str) -> str:
    """``text`` with every token replaced by ``hf_***``."""
    for secret in _secrets():
        text = text.replace(secret, MASK)
    return TOKEN.sub(MASK, text)


def has_secret(text: str) -> bool:
    return bool(TOKEN.search(text)) or any(s in text for s in _secrets())


def scrub(record: logging.LogRecord) -> None:
    """Redact ``record`` in place: its formatted message, and its traceback text when it has one."""
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a badly formatted record is logging's business, not ours
        message = str(record.msg)
    if has_secret(message):
        record.msg, record.args = redact(message), None
    if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
        text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if has_secret(text):
            record.exc_text = redact(text)  # formatters use exc_text when it is set
    if record.exc_text and has_secret(record.exc_text):
        record.exc_text = redact(record.exc_text)


class RedactingStream:
    """A text stream that redacts tokens in everything written to it, delegating the rest to ``stream``."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(redact(text) if isinstance(text, str) and has_secret(text) else text)
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def install(*, streams: bool = True) -> Callable[[], None]:
    """Redact every log record from now on (a record factory, so every logger and handler is covered), and,
    with ``streams``, everything written to ``sys.stdout`` / ``sys.stderr``. Returns a function that undoes it."""
    previous_factory = logging.getLogRecordFactory()
    if not getattr(previous_factory, "redacts_tokens", False):

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous_factory(*args, **kwargs)
            scrub(record)
            return record

        factory.redacts_tokens = True  # type: ignore[attr-defined]
        logging.setLogRecordFactory(factory)
    old_out, old_err = sys.stdout, sys.stderr
    if streams:
        if not isinstance(old_out, RedactingStream):
            sys.stdout = RedactingStream(old_out)  # type: ignore[assignment]
        if not isinstance(old_err, RedactingStream):
            sys.stderr = RedactingStream(old_err)  # type: ignore[assignment]

    def undo() -> None:
        logging.setLogRecordFactory(previous_factory)
        if streams:
            sys.stdout, sys.stderr = old_out, old_err

    return undo
