"""Text checks shared by every task: type, emptiness, length, control characters, Unicode form, language.

>>> clean_text("  좋은 영화\\x00 ")
'좋은 영화'
>>> dominant_script("정말 재밌어요 ㅋㅋ good")
'ko'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from playground.errors import BadInput

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


def checked_number(name: str, value: object, low: float, high: float, *, whole: bool = False) -> float:
    """``value`` as a number within [low, high] (a whole one if ``whole``), or :class:`BadInput` saying so."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise BadInput("not_a_number", name=name, value=str(value)[:50])
    try:
        number = float(value)
    except ValueError:
        raise BadInput("not_a_number", name=name, value=str(value)[:50]) from None
    if number != number or not low <= number <= high or (whole and not number.is_integer()):  # NaN fails too
        raise BadInput("out_of_range", name=name, low=low if not whole else int(low),
                       high=high if not whole else int(high), value=str(value)[:50])
    return number


# Sentence ends: . ! ? … and their full-width forms, optionally followed by closing quotes or brackets.
# Latin-style ends need white space after them ("3.14" and "e.g.x" stay whole); CJK full stops do not.
_SENTENCE_END = re.compile(r"""(?<=[.!?…])["'”’»)\]]*\s+|(?<=[。！？])["'”’」』)\]]*\s*""")


def split_paragraphs(text: str) -> list[str]:
    """Non-empty paragraphs: blocks separated by blank lines, or single lines when the text has no blank line."""
    blocks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    return [block.strip() for block in blocks if block.strip()]


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph, each kept exactly once and in order (white space between them dropped).

    >>> split_sentences("비가 왔다. 그래서 집에 있었다! Then it stopped.")
    ['비가 왔다.', '그래서 집에 있었다!', 'Then it stopped.']
    """
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        end = match.end()
        # Keep closing quotes with their sentence; drop only the white space.
        piece = paragraph[start:end].strip()
        if piece:
            sentences.append(piece)
        start = end
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def fit_pieces(sentence: str, count: Callable[[str], int], budget: int) -> list[str]:
    """``sentence`` itself, or consecutive pieces of it that each fit ``budget`` tokens (``count`` counts them).

    Cuts between words, or between characters in scripts written without spaces; joining the pieces with a space
    (or nothing, for those scripts) gives the sentence back. Each word is counted once: linear time.
    """
    if count(sentence) + 1 <= budget:
        return [sentence]
    spaced = " " in sentence.strip()
    glue = " " if spaced else ""
    units = sentence.split(" ") if spaced else [sentence[i : i + 4] for i in range(0, len(sentence), 4)]
    limit = max(1, int(budget * 0.9) - 1)  # a piece's count is about the sum of its words'; keep a margin
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    for unit in units:
        size = count(unit) if unit else 0
        if size > limit and spaced:  # one enormous "word": cut it by characters, on its own
            if current:
                pieces.append(glue.join(current))
                current, used = [], 0
            pieces.extend(fit_pieces(unit, count, budget))
            continue
        if current and used + size > limit:
            pieces.append(glue.join(current))
            current, used = [], 0
        current.append(unit)
        used += size
    if current:
        pieces.append(glue.join(current))
    return pieces


# -- Markdown ----------------------------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()!#|~<>{}$+\-.:=])")


def md_escape(value: object, *, limit: int | None = None) -> str:
    """Any value (a label, a column name, a Hub title) as plain text inside Markdown: no HTML, no link, no image,
    no emphasis, no heading, table or maths of its own; white space folded to single spaces.

    ``![x](http://e.vil/logout)`` comes out with every bracket, parenthesis and ``!`` escaped; ``<b>`` as ``&lt;b&gt;``.
    """
    text = " ".join(str(value).split())
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 0)] + "…"
    text = text.replace("&", "&amp;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("\\<", "&lt;").replace("\\>", "&gt;")


def md_code(value: object, *, limit: int | None = None) -> str:
    """A value as an inline code span (shown literally: Markdown inside a code span is not interpreted), with a
    fence longer than any run of backticks inside it."""
    text = " ".join(str(value).split())
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 0)] + "…"
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}" if longest or text.startswith(" ") else f"{fence}{text}{fence}"
