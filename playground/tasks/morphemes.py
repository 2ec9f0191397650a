"""Korean morphemes with Kiwi (``kiwipiepy``): each morpheme's form, Sejong-style tag and character span.

Kiwi is loaded once, lazily, on first use (about 1 s, plus about 1.5 s for its first sentence), and shared by
every request; calls go through a lock, so concurrent requests never share its state mid-call (one call takes
well under a millisecond for a sentence). Why Kiwi and not MeCab-ko: see the README's *Tokens* section.

>>> [(m.form, m.tag, m.start, m.length) for m in analyse("갔습니다")]
[('가', 'VV', 0, 1), ('었', 'EP', 0, 1), ('습니다', 'EF', 1, 3)]

A contracted syllable is analysed into morphemes that share its span (갔 = 가 + 었): the forms are what the
morphemes are, the spans where they are in the text.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from playground.errors import ModelUnavailable

# The tags Kiwi writes (the Sejong tag set plus Kiwi's own; an irregular verb adds "-R" or "-I": VV-R).
TAGS = (
    "NNG", "NNP", "NNB", "NR", "NP", "VV", "VA", "VX", "VCP", "VCN", "MM", "MAG", "MAJ", "IC",
    "JKS", "JKC", "JKG", "JKO", "JKB", "JKV", "JKQ", "JX", "JC", "EP", "EF", "EC", "ETN", "ETM",
    "XPN", "XSN", "XSV", "XSA", "XSM", "XR", "SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "SW", "SL", "SH", "SN",
    "SB", "UN", "W_URL", "W_EMAIL", "W_HASHTAG", "W_MENTION", "W_SERIAL", "W_EMOJI", "Z_CODA", "Z_SIOT",
    "USER0", "USER1", "USER2", "USER3", "USER4",
)

_LOCK = threading.Lock()
_KIWI: list[Any] = []  # the one analyser, once loaded


@dataclass(frozen=True)
class Morpheme:
    """One morpheme: its form (as a dictionary writes it), its tag, and where it is in the text."""

    form: str
    tag: str
    start: int
    length: int

    @property
    def end(self) -> int:
        return self.start + self.length

    @property
    def base_tag(self) -> str:
        """The tag without Kiwi's irregular-conjugation suffix: ``VV-R`` → ``VV``."""
        return self.tag.split("-")[0]


def loaded() -> bool:
    """Whether the analyser is already in memory (the first call loads it, which takes a few seconds)."""
    return bool(_KIWI)


def _analyser() -> Any:
    """The shared Kiwi, loaded on first use (callers hold ``_LOCK``)."""
    if not _KIWI:
        try:
            from kiwipiepy import Kiwi
        except ImportError as exc:
            raise ModelUnavailable("tokens_no_analyser", package="kiwipiepy") from exc
        _KIWI.append(Kiwi())
    return _KIWI[0]


def analyse(text: str) -> list[Morpheme]:
    """The morphemes of ``text`` in order (every script: Latin words are ``SL``, digits ``SN``, ...).

    >>> analyse("오늘은")[0]
    Morpheme(form='오늘', tag='NNG', start=0, length=2)
    """
    with _LOCK:
        tokens = _analyser().tokenize(text)
    return [Morpheme(str(t.form), str(t.tag), int(t.start), int(t.len)) for t in tokens]


def boundaries(morphemes: list[Morpheme]) -> set[int]:
    """Positions in the text where one morpheme ends and another starts (a contracted syllable counts once)."""
    cuts: set[int] = set()
    for m in morphemes:
        cuts.update((m.start, m.end))
    return cuts
