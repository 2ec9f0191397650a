"""Every UI string, one module per tab (plus ``common``), each a ``STRINGS`` dict: key -> (English, Korean),
or (English, Korean, how the bilingual page shows it) where that is not "English · Korean".

Keys start with their tab's name. ``tabs.i18n`` merges them and is the one way to read them.
"""

from __future__ import annotations

from . import chat, classroom, common, datasets, image, sentiment, summarize, train, translate

PARTS = (common, chat, sentiment, summarize, translate, image, datasets, classroom, train)


def merged() -> dict[str, tuple[str, ...]]:
    """All the modules' strings in one dict; a key defined twice is a mistake caught at import."""
    out: dict[str, tuple[str, ...]] = {}
    for part in PARTS:
        twice = out.keys() & part.STRINGS.keys()
        assert not twice, sorted(twice)
        out.update(part.STRINGS)
    return out
