"""Text checks shared by every task: type, emptiness, length, control characters, Unicode form, language.

>>> clean_text("  좋은 영화\\x00 ")
'좋은 영화'
>>> dominant_script("정말 재밌어요 ㅋㅋ good")
'ko'
"""

from __future__ import annotations

import re
import unicodedata

from .errors import BadInput

# C0/C1 control characters except tab and newline, plus zero-width and bidi overrides.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LETTER = re.compile(r"[^\W\d_]")


def clean_text(value: object, *, limit: int, keep_newlines: bool = False) -> str:
    """Return ``value`` as clean text, or raise :class:`BadInput` saying what to change.

    Normalises to NFC (macOS sends Hangul decomposed), drops control characters, trims white space.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise BadInput("not_text", kind=type(value).__name__)
    # Check the raw length first so a 1 MB paste is refused before any work is done on it.
    if len(value) > limit * 4:
        raise BadInput("text_too_long", length=len(value), limit=limit)
    text = unicodedata.normalize("NFC", _CONTROL.sub("", value))
    if not keep_newlines:
        text = " ".join(text.split())
    text = text.strip()
    if not text:
        raise BadInput("empty_text")
    if len(text) > limit:
        raise BadInput("text_too_long", length=len(text), limit=limit)
    return text


def split_lines(value: object, *, max_lines: int, max_chars: int) -> list[str]:
    """Split a box of texts, one per line, into clean non-empty lines."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise BadInput("not_text", kind=type(value).__name__)
    if len(value) > max_lines * max_chars:
        raise BadInput("text_too_long", length=len(value), limit=max_lines * max_chars)
    lines = [line for line in value.splitlines() if line.strip()]
    if not lines:
        raise BadInput("no_lines")
    if len(lines) > max_lines:
        raise BadInput("too_many_lines", count=len(lines), limit=max_lines)
    return [clean_text(line, limit=max_chars) for line in lines]


def dominant_script(text: str) -> str:
    """``"ko"`` when the text is mostly Hangul, else ``"en"``.

    A Hangul syllable carries about as much as three Latin letters, so it is weighted three to one:
    "Marvel 영화" is Korean, "I watched 기생충 last night" is English.
    """
    letters = len(_LETTER.findall(text))
    hangul = len(_HANGUL.findall(text))
    return "ko" if hangul and hangul * 3 >= letters - hangul else "en"
