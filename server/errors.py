"""The one place an engine error becomes a message on the page (and an ``AppError`` with the same text through the
API): in the page's one language, redacted, escaped.

>>> raise to_gr_error(BadInput("empty_text"), request)
"""

from __future__ import annotations

import html
import logging
from typing import Any

import gradio as gr

from playground.classroom.redaction import redact
from playground.errors import PlaygroundError
from tabs.i18n import both_lines, page_language, say

log = logging.getLogger(__name__)


def to_gr_error(exc: BaseException, request: gr.Request | None = None) -> gr.Error:
    """The one place an engine error becomes a message on the page (and an AppError through the API)."""
    if not isinstance(exc, PlaygroundError):
        log.error("unexpected error", exc_info=exc)
        exc = PlaygroundError("internal", kind=type(exc).__name__)
    # The page's one language; an API client that states none gets both, English first (as it always did).
    # Never the Hugging Face token, whatever was typed.
    lang = page_language(request)
    params: dict[str, Any] = exc.params  # message parameters (never say()'s own keyword ``sep``)
    text = redact(say(exc.key, lang, **params) if lang else both_lines(exc.key, "en", **params))
    # gr.Error renders HTML in the page: escape <, > and &, so text a student sent is shown, never run.
    return gr.Error(html.escape(text, quote=False), title=f"⚠️ {say('common.error', lang)}", print_exception=False)
