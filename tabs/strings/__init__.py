"""UI strings of the newer tabs, one module per tab, each with ``EN`` and ``KO`` dicts (see tabs/i18n.py)."""

from . import classroom, datasets, image, summarize, translate

__all__ = ["classroom", "datasets", "image", "summarize", "translate"]
