"""UI pieces every tab shares: error reporting, the model picker, the model card, the "show the code" panel.

Tabs never talk to each other; they share only what is here and the engine they are given.
"""

from __future__ import annotations

import functools
import html
import inspect
import logging
from collections.abc import Callable
from typing import Any

import gradio as gr

from playground.catalog import AUTO, ModelEntry
from playground.engine import Engine, Progress
from playground.errors import PlaygroundError

from .i18n import t

log = logging.getLogger(__name__)


def preferred_language(request: gr.Request | None) -> str:
    """"ko" when the browser asks for Korean first, else "en" (API clients send no preference)."""
    header = ""
    if request is not None and getattr(request, "headers", None) is not None:
        header = request.headers.get("accept-language", "") or ""
    return "ko" if header.lower().startswith("ko") else "en"


def to_gr_error(exc: BaseException, request: gr.Request | None = None) -> gr.Error:
    """The one place an engine error becomes a message on the page (and an AppError through the API)."""
    expected = isinstance(exc, PlaygroundError)
    if not expected:
        log.error("unexpected error", exc_info=exc)
        exc = PlaygroundError("internal", kind=type(exc).__name__)
    text = exc.bilingual(preferred_language(request))
    # gr.Error renders HTML in the page: escape <, > and &, so text a student sent is shown, never run.
    return gr.Error(html.escape(text, quote=False), title="⚠️", print_exception=False)


def reports_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a handler (plain or generator) so every error reaches the user as one clear gr.Error."""

    def _request(args: tuple[Any, ...], kwargs: dict[str, Any]) -> gr.Request | None:
        found = kwargs.get("request")
        return found if isinstance(found, gr.Request) else next((a for a in args if isinstance(a, gr.Request)), None)

    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def gen_wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                yield from fn(*args, **kwargs)
            except gr.Error:
                raise
            except Exception as exc:  # noqa: BLE001
                raise to_gr_error(exc, _request(args, kwargs)) from exc

        return gen_wrapper

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except Exception as exc:  # noqa: BLE001
            raise to_gr_error(exc, _request(args, kwargs)) from exc

    return wrapper


def progress_callback(progress: gr.Progress) -> Progress:
    """Adapt ``gr.Progress`` to the engine's ``progress(fraction_or_None, message)`` callback."""

    def report(fraction: float | None, message: str) -> None:
        progress(fraction, desc=message)

    return report


def model_picker(engine: Engine, task: str, **kwargs: Any) -> gr.Dropdown:
    """The catalog's models for ``task`` (on ZeroGPU only the preloaded ones), "auto" first where offered.

    The value is checked again by the engine (the allowlist), so the API gets the same clear message.
    """
    choices = [(_choice_label(engine, task, c), c) for c in engine.choices(task)]
    return gr.Dropdown(
        choices=choices,
        value=engine.default_choice(task),
        label=t("common.model"),
        info=t("common.model_info") if task in engine.catalog.auto else None,
        allow_custom_value=True,  # so an unknown id reaches the engine's allowlist and its clear message
        **kwargs,
    )


def _choice_label(engine: Engine, task: str, choice: str) -> str:
    if choice == AUTO:
        return "auto (한국어 → Korean model · other → English model)"
    entry = engine.catalog.entry(task, choice)
    return f"{entry.name} · {entry.license}"


def model_card(engine: Engine, task: str, choice: str | None) -> str:
    """Markdown beside the picker: license, languages, size and the card link of the chosen model(s)."""
    if choice == AUTO:
        entries = _unique(engine.route(task, lang) for lang in ("ko", "en"))
    else:
        try:
            entry = engine.resolve(task, choice)
        except PlaygroundError:
            return ""
        entries = [entry] if entry else []
    return "\n\n".join(_card(entry) for entry in entries)


def _card(entry: ModelEntry) -> str:
    name = f"[{entry.name}]({entry.card_url})" if entry.card_url else f"{entry.name} (local folder)"
    license_ = f"[{entry.license}]({entry.license_url})" if entry.license_url else f"`{entry.license}`"
    lines = [
        f"**{name}**  ",
        f"License · 라이선스: {license_} · Languages · 언어: {', '.join(entry.languages)} · "
        f"{entry.params} parameters · {entry.size_mb:,.0f} MB",
    ]
    if entry.note:
        lines.append(f"<br>{html.escape(entry.note)}")
    return "\n".join(lines)


def _unique(entries: Any) -> list[ModelEntry]:
    seen: list[ModelEntry] = []
    for entry in entries:
        if entry not in seen:
            seen.append(entry)
    return seen


def code_panel(value: str = "") -> gr.Code:
    """The "show the code" panel: an accordion holding the Python that reproduces the last result."""
    with gr.Accordion(t("common.show_code"), open=False):
        return gr.Code(value=value, language="python", label=t("common.code"), interactive=False)
