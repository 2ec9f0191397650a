"""A private data folder for the engine's data tests: the teacher's data folder, Python's temp folder and Gradio's
upload folder all under the test's own ``tmp_path``, so reads, unpacked zip members and media files stay there.

Test files use the fixture by naming it: ``data_folder = data_files.data_folder`` (an import of the name itself
would read as unused to the linter).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from playground.data import local


@pytest.fixture
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder (and a private temp folder) for media cells; the engine reads only from it and uploads."""
    root = tmp_path / "data"
    root.mkdir()
    monkeypatch.setattr(local, "_DATA_DIR", root)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "uploads"))
    return root
