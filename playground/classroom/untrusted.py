"""Text that came from a student's file (a PNG's settings, ...) shown on the page as plain text, never as markup.

>>> print(md_literal("![x](http://evil/logout) <b>"))
\\!\\[x\\]\\(http\\://evil/logout\\) &lt;b&gt;

Gradio's Markdown renders links, images and some HTML: an image in a value would load any URL as soon as it is
shown (tracking, or a request the student never chose). ``md_literal`` backslash-escapes every Markdown
punctuation character, turns ``<``, ``>`` and ``&`` into entities, keeps the value on one line and caps its length.
(A stand-in until one shared Markdown escape exists in ``playground.text``.)
"""

from __future__ import annotations

import html
import re

_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:])")  # < > & become entities below
MAX_CHARS = 200


def md_literal(value: object, max_chars: int = MAX_CHARS) -> str:
    """``value`` as text Markdown shows literally, on one line, at most ``max_chars`` characters (then "…")."""
    text = " ".join(str(value).split())
    if len(text) > max_chars:
        text = text[:max_chars] + "…"
    return html.escape(_PUNCTUATION.sub(r"\\\1", text), quote=False)
