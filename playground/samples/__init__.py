"""Samples the tabs offer with one click, so that every tab has something real to open offline (their sources and
licenses: ``README.md`` here).

A tab never serves these files themselves: it opens a fresh copy in the app's temporary folder, as if the student
had uploaded it (the same checks and limits as an upload, and nothing else of the package is reachable).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from playground import tempfiles

FOLDER = Path(__file__).resolve().parent
NSMC = FOLDER / "nsmc_100.tsv"  # 100 real NSMC reviews with their labels (id, document, label)


def fresh_copy(sample: Path = NSMC) -> Path:
    """A copy of ``sample`` in a fresh folder of the app's temporary files (swept like any result)."""
    folder = tempfiles.new_folder("playground-samples")
    return Path(shutil.copy(sample, folder / sample.name))
