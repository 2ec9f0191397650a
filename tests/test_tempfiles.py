"""Result files in temp folders: one student's sweep of old files never fails when another
student's sweep removed an entry first."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from playground import tempfiles


@pytest.fixture
def tmp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(tempfiles.tempfile, "gettempdir", lambda: str(tmp_path))
    return tmp_path


def _old_results(base: Path, count: int) -> None:
    """``count`` result folders written two hours ago."""
    base.mkdir(exist_ok=True)
    past = time.time() - 7200
    for i in range(count):
        folder = base / f"old{i}"
        folder.mkdir()
        (folder / "sentiment_results.csv").write_text("text,label\n")
        os.utime(folder / "sentiment_results.csv", (past, past))
        os.utime(folder, (past, past))


def test_concurrent_sweeps_never_fail(tmp_root: Path) -> None:
    _old_results(tmp_root / "playground-results", 300)
    start = threading.Barrier(8)
    errors: list[BaseException] = []
    made: list[Path] = []

    def student() -> None:
        start.wait()
        try:
            made.append(tempfiles.new_folder("playground-results"))
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=student) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(p.name for p in (tmp_root / "playground-results").iterdir()) == sorted(p.name for p in made)


def test_an_entry_removed_by_another_sweep_is_skipped(tmp_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Deterministic: every entry vanishes between the listing and its stat (another sweep won the race)."""
    base = tmp_root / "playground-images"
    _old_results(base, 5)
    listing = list(os.scandir(base))
    for entry in listing:
        for f in Path(entry.path).iterdir():
            f.unlink()
        Path(entry.path).rmdir()
    monkeypatch.setattr(tempfiles.os, "scandir", lambda _: iter(listing))
    assert tempfiles.sweep(base) == 0
    fresh = tempfiles.new_folder("playground-images")
    assert fresh.is_dir() and fresh.parent == base


def test_recent_files_are_kept(tmp_root: Path) -> None:
    kept = tempfiles.new_file("playground-audio", ".wav", b"RIFF")
    _old_results(tmp_root / "playground-audio", 2)
    assert tempfiles.sweep(tmp_root / "playground-audio") == 2
    assert kept.read_bytes() == b"RIFF"
