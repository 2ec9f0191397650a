"""What one data file may cost the server, and what it may reach: the limits of the Datasets tab's engine and of
uploaded tables.

Text cells are cut inside DuckDB (a Parquet "text bomb" of a few KB stays small); a table too wide (columns on any
line, rows x columns) is refused before pandas or DuckDB parses it; media cells are read within a page's byte
budget, written to disk once and under a cap, and only from the data folder; an uploaded zip unpacks far less than
one in the teacher's data folder, and its unpacked members are cleaned up.
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
import wave
import zipfile
from pathlib import Path

import data_files
import pandas
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from PIL import Image

from conftest import ROOT
from playground import limits
from playground.data import browser, local, media
from playground.data.common import Query
from playground.data.tables import read_table
from playground.errors import BadInput
from tabs import dataset_browser

data_folder = data_files.data_folder  # the fixture

_BOMB_RUN = r"""
import json, sys
sys.path.insert(0, ".")
import duckdb  # noqa: F401 - imported before the baseline: only the work is measured
from playground.data import local
from playground.data.common import Query, make_query


def peak_mb():
    return int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) // 1024


local.set_data_dir(sys.argv[1])
base = peak_mb()
info = local.local_info("bomb.parquet")
page = local.local_rows("bomb.parquet", None, 1, 100, Query())
found = local.local_rows("bomb.parquet", None, 1, 100, make_query("가나다", "label", ">", "3"))
stats = local.local_stats("bomb.parquet", None, Query(), "text", "text")
values = local.column_values("bomb.parquet", None, Query(), ["text"], 2_000)
print(json.dumps({"growth_mb": peak_mb() - base, "rows": info.num_rows, "cell": page.rows[0]["text"][-40:],
                  "cell_len": len(page.rows[0]["text"]), "stats_rows": stats.rows, "found": found.total,
                  "value_len": max(len(v[0]) for v in values)}))
"""


# -- text cells: a 2.7 KB Parquet file must not take gigabytes ---------------------------------------------------------


def test_a_parquet_text_bomb_stays_small(tmp_path):
    """50 rows of one 60 MB string, dictionary-encoded and zstd-compressed (a few KB on disk). Opening it,
    a page, a search, the statistics and a column's values: text cells are cut inside DuckDB (and DuckDB's late
    materialization, which sorted whole rows under a LIMIT, is off), so the process grows by less than 200 MB
    (before: 1.9 GB for a bomb of 20 × 20 MB, 9.5 GB as first reported) and the cell says how large it is."""
    big = "가나다라" * (60 * 2**20 // 12)
    column = pa.DictionaryArray.from_arrays(pa.array([0] * 50, pa.int32()), pa.array([big]))
    pq.write_table(pa.table({"text": column, "label": list(range(50))}), tmp_path / "bomb.parquet",
                   compression="zstd", use_dictionary=True)
    del big, column
    assert (tmp_path / "bomb.parquet").stat().st_size < 16_384
    done = subprocess.run([sys.executable, "-c", _BOMB_RUN, str(tmp_path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["rows"] == 50 and result["stats_rows"] == 50 and result["found"] == 46
    assert result["growth_mb"] < 200, result
    assert result["cell"].endswith("… [60.0 MB]")
    assert result["cell_len"] <= limits.DATASET_TEXT_CELL_BYTES
    assert result["value_len"] <= limits.DATASET_TEXT_CELL_BYTES // 4


def test_ordinary_text_cells_are_not_cut(tmp_path):
    """Cells under the cap come whole, in pages and in a column's values."""
    (tmp_path / "small.csv").write_text("text,label\n" + "".join(f"리뷰 {i} 좋아요,{i % 2}\n" for i in range(30)),
                                        encoding="utf-8")
    local.set_data_dir(tmp_path)
    try:
        page = local.local_rows("small.csv", None, 1, 10, Query())
        assert page.rows[3]["text"] == "리뷰 3 좋아요"
        assert local.column_values("small.csv", None, Query(), ["text", "label"], 2)[1] == ("리뷰 1 좋아요", 1)
    finally:
        local.set_data_dir(None)


# -- columns and cells: a wide table is refused before parsing ---------------------------------------------------------
def _wide_csv(path: Path, columns: int) -> Path:
    path.write_text(",".join(f"c{i}" for i in range(columns)) + "\n" + ",".join("1" * columns) + "\n")
    return path


@pytest.fixture
def parsed(monkeypatch) -> list[int]:
    """Every ``pandas.read_csv`` call ``read_table`` makes (the parse a wide table must never reach): its ``sep``."""
    calls: list[int] = []
    real = pandas.read_csv

    def spy(*args, **kwargs):
        calls.append(kwargs.get("sep"))
        return real(*args, **kwargs)

    monkeypatch.setattr(pandas, "read_csv", spy)
    return calls


@pytest.mark.parametrize("columns", [100_000, 1_000_000])
def test_a_wide_upload_is_refused_before_it_is_parsed(tmp_path, parsed, columns):
    """The Sentiment tab's column picker and /sentiment_many read uploads with read_table: a million columns cost
    pandas minutes, counting separators milliseconds. Refused with pandas never called."""
    path = _wide_csv(tmp_path / "wide.csv", columns)
    with pytest.raises(BadInput) as caught:
        read_table(path)
    assert parsed == []
    assert caught.value.key == "too_many_columns"
    assert "1,000" in caught.value.message("en") and "열" in caught.value.message("ko")


def test_a_wide_row_under_a_narrow_header_is_refused(tmp_path, parsed):
    path = tmp_path / "sneaky.csv"
    path.write_text("text,label\n" + "좋아요,1\n" * 10 + ",".join("x" * 200_000) + "\n")
    with pytest.raises(BadInput) as caught:
        read_table(path)
    assert parsed == [] and caught.value.key == "too_many_columns"


def test_a_table_of_many_cells_is_refused(tmp_path, parsed):
    path = tmp_path / "tall.csv"
    row = ",".join("1" * 500)
    path.write_text(",".join(f"c{i}" for i in range(500)) + "\n" + (row + "\n") * 5_000)  # 2.5 M cells
    with pytest.raises(BadInput) as caught:
        read_table(path)
    assert parsed == [] and caught.value.key == "too_many_cells"


def test_an_ordinary_table_still_reads(tmp_path, parsed):
    path = _wide_csv(tmp_path / "ok.csv", 1_000)
    assert len(read_table(path).frame.columns) == 1_000
    assert parsed == [","]  # parsed once: what the refusals above did not reach


@pytest.mark.parametrize(("name", "columns"), [("wide.csv", 100_000), ("wide.csv", 1_000_000),
                                               ("wide.tsv", 100_000), ("wide.jsonl", 20_000)])
def test_a_wide_local_file_is_refused_before_duckdb_reads_it(tmp_path, monkeypatch, name, columns):
    """A million columns in 9 MB would hold DuckDB's sniffer (and every other request) for minutes: the first
    line's columns are counted first, and DuckDB never describes the file."""
    path = tmp_path / name
    if name.endswith(".jsonl"):
        path.write_text(json.dumps({f"c{i}": i for i in range(columns)}) + "\n")
    else:
        sep = "\t" if name.endswith(".tsv") else ","
        path.write_text(sep.join(f"c{i}" for i in range(columns)) + "\n" + sep.join("1" * columns) + "\n")
    monkeypatch.setattr(local, "_DATA_DIR", tmp_path)
    described: list[str] = []
    real_describe = local._describe
    monkeypatch.setattr(local, "_describe", lambda path, *args: described.append(Path(path).name) or real_describe(
        path, *args))
    with pytest.raises(BadInput) as caught:
        browser.dataset_info(name)
    assert caught.value.key == "too_many_columns", caught.value.message("en")
    with pytest.raises(BadInput):
        browser.dataset_rows(name)  # every call through the browser is refused the same way
    assert described == []  # DuckDB never read it
    _wide_csv(tmp_path / "fine.csv", 50)
    assert len(browser.dataset_info("fine.csv").columns) == 50
    assert described == ["fine.csv"]  # a narrow file is described by DuckDB as usual


# -- media cells: bytes per page, per row view, on disk; files only from the data folder -------------------------------
def _wav(seconds: float, tone: int = 0) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16_000)
        out.writeframes(bytes([tone % 256, 0]) * int(16_000 * seconds))
    return buffer.getvalue()


def _png(side: int, seed: int = 0) -> bytes:
    rng = random.Random(seed)
    picture = Image.frombytes("RGB", (side, side), bytes(rng.getrandbits(8) for _ in range(side * side * 3)))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def test_the_audio_row_view_writes_one_file_however_often_it_is_viewed(data_folder):
    sound = _wav(3.0)
    pq.write_table(pa.table({"text": ["소리"], "audio": [{"bytes": sound, "path": "a.wav"}]}),
                   data_folder / "sound.parquet")
    page = browser.dataset_rows("sound.parquet")
    for _ in range(20):
        *_, audio = dataset_browser.show_row(page, 1, "text")
        assert audio.value is not None
    files = [p for p in media.audio_root().iterdir() if not p.name.startswith(".")]
    assert len(files) == 1 and files[0].read_bytes() == sound


def test_a_sound_too_large_for_its_page_still_plays_in_the_row_view(data_folder, monkeypatch):
    sound = _wav(2.0)
    monkeypatch.setattr(limits, "DATASET_PAGE_MAX_MEDIA_BYTES", len(sound) * 5)  # a quarter cell each on 20 rows
    pq.write_table(pa.table({"text": ["소리"], "audio": [{"bytes": sound, "path": "a.wav"}]}),
                   data_folder / "sound.parquet")
    page = browser.dataset_rows("sound.parquet", page_size=20)
    assert page.rows[0]["audio"]["bytes"] is None and page.rows[0]["audio"]["omitted_bytes"] == len(sound)
    fetched = []
    real_fetch = local.fetch_cell
    monkeypatch.setattr(local, "fetch_cell", lambda ref: fetched.append(ref) or real_fetch(ref))
    for _ in range(5):
        *_, audio = dataset_browser.show_row(page, 1, "text")
    files = [p for p in media.audio_root().iterdir() if not p.name.startswith(".")]
    assert audio.value is not None and len(files) == 1 and files[0].read_bytes() == sound
    assert len(fetched) == 1  # played again: the file is reused, the cell is not read again


def test_audio_files_on_disk_stay_under_their_cap(data_folder, monkeypatch):
    sounds = [_wav(1.0, tone) for tone in range(6)]
    monkeypatch.setattr(limits, "DATASET_AUDIO_MAX_BYTES", int(len(sounds[0]) * 2.5))
    for sound in sounds:
        assert media.audio_file({"bytes": sound, "path": "x.wav"})
    held = sum(p.stat().st_size for p in media.audio_root().iterdir())
    assert held <= limits.DATASET_AUDIO_MAX_BYTES
    assert any(p.read_bytes() == sounds[-1] for p in media.audio_root().iterdir())  # the newest stays


def test_a_struct_cell_cannot_name_a_file_outside_the_data_folder(data_folder, tmp_path):
    outside = tmp_path / "outside.png"
    outside.write_bytes(_png(16))
    inside = data_folder / "inside.png"
    inside.write_bytes(_png(16, seed=1))
    image_type = pa.struct([("bytes", pa.binary()), ("path", pa.string())])  # how datasets stores an Image
    cells = pa.array([{"bytes": None, "path": str(outside)}, {"bytes": None, "path": "inside.png"}], type=image_type)
    pq.write_table(pa.table({"text": ["밖", "안"], "image": cells}), data_folder / "paths.parquet")
    page = browser.dataset_rows("paths.parquet")
    assert [c.kind for c in page.columns] == ["text", "image"]
    assert page.rows[0]["image"]["path"] is None  # refused when the page is read
    assert page.rows[1]["image"]["path"] == str(inside.resolve())  # next to the table: allowed
    _, _, image, _ = dataset_browser.show_row(page, 1, "text")
    assert image.value is None
    _, _, image, _ = dataset_browser.show_row(page, 2, "text")
    assert image.value is not None
    # and the reader refuses it however a cell reaches it
    assert media.read_cell({"bytes": None, "path": str(outside)}) is None
    assert media.image({"bytes": None, "path": str(outside)}, thumbnail=False) is None
    assert media.image({"path": str(outside)}, thumbnail=True) is None  # what the tab calls


def test_a_huge_allowed_file_is_refused_before_it_is_read(data_folder, monkeypatch):
    """A 400 MB file next to the table is refused from its size: it is never opened, nothing is held in memory."""
    huge = data_folder / "huge.png"
    with huge.open("wb") as out:  # sparse: 400 MB long, nothing on disk
        out.write(_png(8))
        out.truncate(400 * 2**20)
    small = data_folder / "small.png"
    small.write_bytes(_png(8))
    opened: list[str] = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *args, **kwargs: opened.append(self.name) or real_open(
        self, *args, **kwargs))
    tracemalloc.start()
    assert media.read_cell({"bytes": None, "path": str(huge)}) is None
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5 * 2**20 and opened == []
    assert media.read_cell({"bytes": None, "path": str(small)}) == small.read_bytes()
    assert "small.png" in opened  # an allowed file of ordinary size is read (through the same door)


def test_a_page_of_large_images_decodes_within_its_budget(data_folder, monkeypatch):
    pictures = [_png(200, seed) for seed in range(6)]  # about 120 KB each, incompressible
    pq.write_table(pa.table({"text": [f"{i}" for i in range(6)],
                             "image": [{"bytes": p, "path": f"{i}.png"} for i, p in enumerate(pictures)]}),
                   data_folder / "images.parquet")
    size = len(pictures[0])
    # the gallery: thumbnails for two images' worth of bytes, placeholders for the rest
    monkeypatch.setattr(limits, "DATASET_PAGE_THUMBNAIL_BYTES", int(size * 2.5))
    page = browser.dataset_rows("images.parquet", page_size=10)
    gallery = media.gallery(page)
    assert len(gallery) == 6
    shown = [caption for _, caption in gallery if "생략" not in caption]
    assert shown == ["#1", "#2"]
    assert all(picture.size[0] <= 64 for picture, caption in gallery if "생략" in caption)
    # the page itself: DuckDB hands over at most the page's share of the budget per cell
    monkeypatch.setattr(limits, "DATASET_PAGE_MAX_MEDIA_BYTES", size * 10 // 2)  # half a cell each on a page of 10
    page = browser.dataset_rows("images.parquet", page_size=10)
    assert all(row["image"]["bytes"] is None and row["image"]["omitted_bytes"] > 0 for row in page.rows)
    headers, rows = page.table()
    assert "too large" in rows[0][2]
    picture = media.image(page.rows[3]["image"], thumbnail=False)  # the row view fetches just that cell
    assert picture is not None and picture.size == (200, 200)
    page = browser.dataset_rows("images.parquet", page_size=1)  # a page of one row has room for it
    assert page.rows[0]["image"]["bytes"] == pictures[0]


# -- zips: an upload unpacks far less than the teacher's data folder ---------------------------------------------------
def _zip_of(path: Path, member: str, size: int) -> Path:
    """A zip whose member unpacks to ``size`` bytes of CSV that compresses about 4:1 (under the ratio check)."""
    rng = random.Random(0)
    row = "".join(rng.choice("0123456789") for _ in range(4096))
    body = "text\n" + "\n".join(row[i % 97:] + row[: i % 97] for i in range(size // 4097 + 1))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, body[:size])
    return path


def test_an_uploaded_zip_may_unpack_only_the_upload_limit(data_folder, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "DATASET_UPLOAD_ZIP_MAX_BYTES", 2 * 2**20)  # read from the module at call time
    uploads = tmp_path / "uploads" / "abc123"
    uploads.mkdir(parents=True)
    upload = _zip_of(uploads / "class.zip", "big.csv", 3 * 2**20)
    assert upload.stat().st_size < 2**20  # small on disk, larger than the limit unpacked
    extracted: list[str] = []
    real_extract = local._extract
    monkeypatch.setattr(local, "_extract", lambda path, member: extracted.append(Path(path).parent.name)
                        or real_extract(path, member))
    with pytest.raises(BadInput) as caught:
        browser.dataset_info(str(upload))
    assert caught.value.key == "dataset_zip_unsafe" and "2 MB" in caught.value.message("en")
    assert extracted == []  # refused from the zip's own directory, before a byte is unpacked
    unpacked = Path(tempfile_root())
    assert not unpacked.exists() or sum(f.stat().st_size for f in unpacked.rglob("*") if f.is_file()) < 2**20
    # the same zip in the teacher's data folder keeps the larger limit
    _zip_of(data_folder / "class.zip", "big.csv", 3 * 2**20)
    assert browser.dataset_info("class.zip").num_rows > 0
    assert extracted == [data_folder.name]  # unpacked, as the data folder allows
    assert local.zip_limit(data_folder / "class.zip") == limits.DATASET_ZIP_MAX_BYTES


def test_members_unpacked_from_uploads_are_cleaned_up(data_folder, tmp_path, monkeypatch):
    uploads = tmp_path / "uploads" / "abc123"
    uploads.mkdir(parents=True)
    zips = [_zip_of(uploads / f"z{i}.zip", "t.csv", 300_000 + i) for i in range(3)]
    monkeypatch.setattr(limits, "DATASET_UPLOAD_UNPACKED_MAX_BYTES", 700_000)  # room for two
    for path in zips:
        assert browser.dataset_info(str(path)).num_rows > 0
    root = Path(tempfile_root())
    folders = [f for f in root.iterdir() if f.name.startswith(local.UPLOAD_PREFIX)]
    assert len(folders) == 2 and sum(f.stat().st_size for d in folders for f in d.iterdir()) <= 700_000
    # age: a folder unused longer than the keep time goes at the next unpack
    old = time.time() - limits.DATASET_UPLOAD_KEEP_S - 10
    for folder in folders:
        os.utime(folder, (old, old))
    local._cache_root()
    assert not [f for f in root.iterdir() if f.name.startswith(local.UPLOAD_PREFIX)]
    # a table opened before its member was cleaned up opens again
    assert browser.dataset_rows(str(zips[0])).rows


def tempfile_root() -> str:
    return os.path.join(tempfile.gettempdir(), f"playground-data-{os.getuid()}")
