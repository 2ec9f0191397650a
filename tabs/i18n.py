"""The one translation mechanism: every string of the page is a key with an English and a Korean text.

Two ways to read a key, by where the text goes:

- ``t(key)`` for what a component shows from the start (labels, placeholders, choices, fixed Markdown): Gradio's
  ``gr.I18n`` translates it in the browser, following the browser's language (the footer's Settings switch it).
- ``say(key, lang, **params)`` for text a handler writes (counts, notes, summaries, cards, errors): ``lang`` is
  "en" or "ko" for one language, or None for both, English first ("Seed · 시드"), which is what the page shows
  today. Handlers take ``lang`` from :func:`page_language`, so showing one language at a time is a change there.

Keys come from ``tabs/strings/<tab>.py`` and, for the engine's errors, from ``playground.errors.MESSAGES``
(read by the same lookup, never copied).

>>> say("sentiment.accuracy")
'Accuracy · 정확도'
>>> say("out_of_memory", "ko", name="Tiny")
'Tiny 모델을 실행할 메모리가 부족합니다. 더 작은 모델이나 더 짧은 입력으로 해 보세요.'
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from playground.errors import MESSAGES

from .strings import merged

LANGUAGES = ("en", "ko")
STRINGS: dict[str, tuple[str, ...]] = merged()  # (English, Korean) or (English, Korean, both)
assert not (STRINGS.keys() & MESSAGES.keys()), sorted(STRINGS.keys() & MESSAGES.keys())

I18N = gr.I18n(en={k: v[0] for k, v in STRINGS.items()}, ko={k: v[1] for k, v in STRINGS.items()})


def t(key: str) -> Any:
    """A component's text, translated in the browser (``gr.I18n``); an unknown key fails at build time."""
    if key not in STRINGS:
        raise KeyError(f"no UI string {key!r}: add it to tabs/strings/")
    return I18N(key)


def texts(key: str) -> tuple[str, ...]:
    """(English, Korean) of a UI string or an engine message; a third text is how the bilingual page shows it
    where that is not "English · Korean" (e.g. a short unit kept in English only)."""
    found = STRINGS.get(key) or MESSAGES.get(key)
    if found is None:
        raise KeyError(f"no UI string or message {key!r}")
    return found


def say(key: str, lang: str | None = None, /, *, sep: str = " · ", **params: Any) -> str:
    """The text of ``key`` in ``lang`` ("en", "ko"), or both joined by ``sep`` (None), placeholders filled."""
    found = [part.format(**params) for part in texts(key)]
    if lang in LANGUAGES:
        return found[LANGUAGES.index(lang)]
    if len(found) > 2:
        return found[2]
    en, ko = found[:2]
    return en if en == ko else f"{en}{sep}{ko}"


def both_lines(key: str, first: str = "en", /, **params: Any) -> str:
    """Both languages on two lines, ``first`` on top (error messages: the browser's language first)."""
    second = "ko" if first == "en" else "en"
    return f"{say(key, first, **params)}\n{say(key, second, **params)}"


def browser_language(request: gr.Request | None) -> str:
    """"ko" when the browser asks for Korean first, else "en" (API clients send no preference)."""
    header = ""
    if request is not None and getattr(request, "headers", None) is not None:
        header = request.headers.get("accept-language", "") or ""
    return "ko" if header.lower().startswith("ko") else "en"


def page_language(request: gr.Request | None = None) -> str | None:
    """The language handlers write in: None = both, English first (today's page, whatever the browser).

    One language at a time is this function returning ``browser_language(request)`` (or a stored choice).
    """
    return None
