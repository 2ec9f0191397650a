"""Every UI string, one module per tab (plus ``common`` and ``classroom``), each a ``STRINGS`` dict:
key -> (English, Korean), or (English, Korean, how the bilingual page shows it) where that is not "English · Korean".

Keys start with their tab's name. Each tab's module is named by its declaration in ``playground.registry`` (as is
the tab's label, ``tab.<id>``). ``tabs.i18n`` merges them and is the one way to read them.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from playground.registry import TASKS

from . import classroom, common


def parts() -> tuple[ModuleType, ...]:
    """The strings modules: the page's own, each task's (in the registry's order), the classroom's."""
    return (common, *(importlib.import_module(task.strings) for task in TASKS), classroom)


def merged() -> dict[str, tuple[str, ...]]:
    """All the modules' strings in one dict, with each task's tab label; a key defined twice is a mistake."""
    out: dict[str, tuple[str, ...]] = {f"tab.{task.id}": task.name for task in TASKS}
    for part in parts():
        twice = out.keys() & part.STRINGS.keys()
        if twice:
            raise ValueError(f"UI strings defined twice: {sorted(twice)}")
        out.update(part.STRINGS)
    return out
