"""The one translation mechanism: every string of the page is a key with an English and a Korean text.

Two ways to read a key, by where the text goes:

- ``t(key)`` for what a component shows from the start (labels, placeholders, choices, fixed Markdown): Gradio's
  ``gr.I18n`` translates it in the browser, in the page's language (``server/page.js`` applies the stored choice).
- ``say(key, lang, **params)`` for text a handler writes (counts, notes, summaries, cards, errors): ``lang`` is
  "en" or "ko" for one language, or None for both, English first ("Seed · 시드"). Handlers take ``lang`` from
  :func:`page_language`: the 한국어 / English control's stored choice, else the browser's language.

Keys come from ``tabs/strings/<tab>.py`` and, for the engine's errors, from ``playground.errors.MESSAGES``
(read by the same lookup, never copied).

>>> say("sentiment.accuracy")
'Accuracy · 정확도'
>>> say("out_of_memory", "ko", name="Tiny")
'Tiny 모델을 실행할 메모리가 부족합니다. 더 작은 모델이나 더 짧은 입력으로 해 보세요.'
"""

from __future__ import annotations

import html
import re
from typing import Any

import gradio as gr

from playground.errors import MESSAGES, localized

from .strings import merged

LANGUAGES = ("en", "ko")
STRINGS: dict[str, tuple[str, ...]] = merged()  # (English, Korean) or (English, Korean, both)
if STRINGS.keys() & MESSAGES.keys():  # a key is a UI string or an engine message, never both
    raise ValueError(f"keys both UI strings and messages: {sorted(STRINGS.keys() & MESSAGES.keys())}")

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
    codes = ("en", "ko", None)  # the third text, where there is one, is the bilingual page's
    found = [part.format(**localized(key, params, codes[i])) for i, part in enumerate(texts(key))]
    if lang in LANGUAGES:
        return found[LANGUAGES.index(lang)]
    if len(found) > 2:
        return found[2]
    en, ko = found[:2]
    return en if en == ko else f"{en}{sep}{ko}"


def shown(key: str, lang: str | None = None, /, **params: Any) -> str:
    """Markdown text of ``key`` in ``lang``; for None (drawn before the page's language is known) both, each in a
    span the page's CSS (``server/page.css``) shows only in its language."""
    if lang in LANGUAGES:
        return say(key, lang, **params)
    en, ko = (_code_spans(say(key, code, **params)) for code in LANGUAGES)
    return f'<span class="pg-en">{en}</span><span class="pg-ko">{ko}</span>'


def _code_spans(text: str) -> str:
    """Markdown's `code` as HTML inside a span (Markdown is not read inside raw HTML), its text escaped."""
    return re.sub(r"`([^`]+)`", lambda m: f"<code>{html.escape(m.group(1))}</code>", text)


def both_lines(key: str, first: str = "en", /, **params: Any) -> str:
    """Both languages on two lines, ``first`` on top (error messages: the browser's language first)."""
    second = "ko" if first == "en" else "en"
    return f"{say(key, first, **params)}\n{say(key, second, **params)}"


COOKIE = "playground_lang"  # the page's choice, written by the 한국어 / English control (and at first load)


def _header(request: gr.Request | None, name: str) -> str:
    headers = getattr(request, "headers", None) if request is not None else None
    return (headers.get(name, "") or "") if headers is not None else ""


def browser_language(request: gr.Request | None) -> str:
    """"ko" when the browser asks for Korean first, else "en" (API clients send no preference)."""
    return "ko" if _header(request, "accept-language").strip().lower().startswith("ko") else "en"


def chosen_language(request: gr.Request | None) -> str | None:
    """The language the page's control stored in its cookie ("en" / "ko"), or None when none was chosen."""
    for part in _header(request, "cookie").split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE and value.strip() in LANGUAGES:
            return value.strip()
    return None


def has_preference(request: gr.Request | None) -> bool:
    """Whether the request says which language it wants (a browser always does; a bare API client does not)."""
    return bool(chosen_language(request) or _header(request, "accept-language").strip())


def page_language(request: gr.Request | None = None) -> str | None:
    """The one language handlers write in: the page's stored choice, else the browser's (Accept-Language).
    An API client that states neither gets None: both languages, English first, as the API always answered."""
    if not has_preference(request):
        return None
    return chosen_language(request) or browser_language(request)
