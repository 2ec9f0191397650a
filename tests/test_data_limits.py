"""Issue 17, engine side: attacks that must not lock out, stall or fill the class's server.

Each test here failed on the code before the fix it names.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# -- 0. concurrent first loads of different models --------------------------------------------------------------
_PARALLEL_LOADS = r"""
import json, os, sys, threading
sys.path.insert(0, ".")
from playground.catalog import load_catalog
from playground.device import detect
from playground.engine import Engine

catalog = load_catalog(sys.argv[1])
entries = [e for task in ("chat", "sentiment", "summarize", "translate") for e in catalog.entries(task)]
failures = []
for _ in range(int(sys.argv[2])):
    engine = Engine(catalog, detect("cpu"))  # a fresh cache: every model is a first load again
    barrier = threading.Barrier(len(entries))

    def load(entry):
        barrier.wait()
        try:
            engine.model(entry)
        except Exception as exc:
            failures.append(f"{entry.key}: {exc.__cause__!r}"[:200])

    threads = [threading.Thread(target=load, args=(e,)) for e in entries]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
print(json.dumps({"loads": len(entries), "failures": failures}))
"""


def test_every_text_model_loads_from_parallel_threads(tiny_catalog_path):
    """A fresh process (transformers' lazy imports not yet done) loads all text models at once, three rounds."""
    done = subprocess.run([sys.executable, "-c", _PARALLEL_LOADS, str(tiny_catalog_path), "3"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["loads"] >= 5
    assert result["failures"] == []


def test_first_calls_of_a_fresh_app_at_the_same_moment(catalog):
    """The first minute of a class: /translate both ways, /summarize, /sentiment and /chat fired together."""
    from gradio_client import Client

    from app import build_app
    from conftest import free_port
    from playground.device import detect
    from playground.engine import Engine
    from tabs.i18n import I18N

    demo = build_app(Engine(catalog, detect("cpu")))
    demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True, quiet=True,
                i18n=I18N, max_threads=64)
    calls = [
        ("/translate", ("안녕하세요. 반갑습니다.", "ko", "en"), {}),
        ("/translate", ("Good morning. Nice to meet you.", "en", "ko"), {}),
        ("/summarize", ("도서관은 아홉 시에 문을 엽니다. 학생들은 책을 빌립니다. " * 3,), {}),
        ("/sentiment", ("정말 재밌어요",), {}),
        ("/chat", ("hello",), {"max_new_tokens": 5}),
    ]
    try:
        clients = [Client(demo.local_url, verbose=False) for _ in calls]
        barrier = threading.Barrier(len(calls))
        errors: list[str] = []

        def call(client, api, args, kwargs):
            barrier.wait()
            try:
                assert client.predict(*args, api_name=api, **kwargs)
            except Exception as exc:  # noqa: BLE001 - collected for the assertion below
                errors.append(f"{api} {args[1:]}: {exc}"[:300])

        threads = [threading.Thread(target=call, args=(c, *spec)) for c, spec in zip(clients, calls, strict=True)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        assert errors == []
        for c in clients:
            c.close()
    finally:
        demo.close()


# -- 1. chat prompt fitting in linear time --------------------------------------------------------------------
def test_a_maximal_chat_history_is_fitted_quickly(engine):
    """200 turns of 8,000 characters (what the limits allow) are fitted in well under a second of CPU."""
    from playground import limits
    from playground.tasks import chat

    model = engine.model(engine.resolve("chat", "tiny/chat"))
    words = "도서관 library 책 book 학생 student ".split()
    history = [{"role": "user" if i % 2 == 0 else "assistant",
                "content": f"{i} " + " ".join(words[(i + j) % len(words)] for j in range(1300))[:7990]}
               for i in range(limits.CHAT_MAX_TURNS)]
    turns = chat.normalize_history(history)
    started = time.process_time()
    prompt = chat.build_prompt(model, "마지막 질문입니다", turns, "You are kind.", 64)
    spent = time.process_time() - started
    assert spent < 5.0, f"{spent:.1f} s of CPU"
    budget = model.context_window - 64
    assert len(prompt.input_ids) <= budget
    assert prompt.messages[0] == {"role": "system", "content": "You are kind."}
    assert prompt.messages[-1] == {"role": "user", "content": "마지막 질문입니다"}
    kept = prompt.messages[1:-1]
    assert prompt.dropped_messages + len(kept) == len(turns)
    assert kept == turns[prompt.dropped_messages:]  # the newest messages, in order
    assert not kept or kept[0]["role"] == "user"  # whole exchanges are dropped, oldest first


def test_fitting_keeps_as_much_history_as_fits(engine):
    """Linear fitting drops no more than the old one-by-one loop would (short turns: most of them stay)."""
    from playground.tasks import chat

    model = engine.model(engine.resolve("chat", "tiny/chat"))
    turns = chat.normalize_history([[f"question {i}", f"answer {i}"] for i in range(60)])
    prompt = chat.build_prompt(model, "last", turns, "", 64)
    budget = model.context_window - 64
    assert len(prompt.input_ids) <= budget
    # one more exchange would not have fitted
    more = [*[{"role": "system", "content": ""}][:0], *turns[prompt.dropped_messages - 2:],
            {"role": "user", "content": "last"}]
    assert prompt.dropped_messages == 0 or len(chat._template(model, more)) > budget


# -- 2. a wide CSV is refused before parsing ---------------------------------------------------------------------
def _wide_csv(path: Path, columns: int) -> Path:
    path.write_text(",".join(f"c{i}" for i in range(columns)) + "\n" + ",".join("1" * columns) + "\n")
    return path


@pytest.mark.parametrize("columns", [100_000, 1_000_000])
def test_a_wide_upload_is_refused_at_once(tmp_path, columns):
    """The Sentiment tab's column picker and /sentiment_many read uploads with read_table."""
    from playground.data.tables import read_table
    from playground.errors import BadInput

    path = _wide_csv(tmp_path / "wide.csv", columns)
    started = time.perf_counter()
    with pytest.raises(BadInput) as caught:
        read_table(path)
    assert time.perf_counter() - started < 3.0
    assert caught.value.key == "too_many_columns"
    assert "1,000" in caught.value.message("en") and "열" in caught.value.message("ko")


def test_a_wide_row_under_a_narrow_header_is_refused(tmp_path):
    from playground.data.tables import read_table
    from playground.errors import BadInput

    path = tmp_path / "sneaky.csv"
    path.write_text("text,label\n" + "좋아요,1\n" * 10 + ",".join("x" * 200_000) + "\n")
    started = time.perf_counter()
    with pytest.raises(BadInput) as caught:
        read_table(path)
    assert time.perf_counter() - started < 3.0 and caught.value.key == "too_many_columns"


def test_a_table_of_many_cells_is_refused(tmp_path):
    from playground.data.tables import read_table
    from playground.errors import BadInput

    path = tmp_path / "tall.csv"
    row = ",".join("1" * 500)
    path.write_text(",".join(f"c{i}" for i in range(500)) + "\n" + (row + "\n") * 5_000)  # 2.5 M cells
    with pytest.raises(BadInput) as caught:
        read_table(path)
    assert caught.value.key == "too_many_cells"


def test_an_ordinary_table_still_reads(tmp_path):
    from playground.data.tables import read_table

    path = _wide_csv(tmp_path / "ok.csv", 1_000)
    assert len(read_table(path).frame.columns) == 1_000


@pytest.mark.parametrize(("name", "columns"), [("wide.csv", 100_000), ("wide.csv", 1_000_000),
                                               ("wide.tsv", 100_000), ("wide.jsonl", 20_000)])
def test_a_wide_local_file_is_refused_before_duckdb_reads_it(tmp_path, monkeypatch, name, columns):
    from playground.data import browser, local
    from playground.errors import BadInput

    path = tmp_path / name
    if name.endswith(".jsonl"):
        path.write_text(json.dumps({f"c{i}": i for i in range(columns)}) + "\n")
    else:
        sep = "\t" if name.endswith(".tsv") else ","
        path.write_text(sep.join(f"c{i}" for i in range(columns)) + "\n" + sep.join("1" * columns) + "\n")
    monkeypatch.setattr(local, "_DATA_DIR", tmp_path)
    started = time.perf_counter()
    with pytest.raises(BadInput) as caught:
        browser.dataset_info(name)
    assert time.perf_counter() - started < 3.0
    assert caught.value.key == "too_many_columns", caught.value.message("en")
    with pytest.raises(BadInput):
        browser.dataset_rows(name)  # every call through the browser is refused the same way
    _wide_csv(tmp_path / "fine.csv", 50)
    assert len(browser.dataset_info("fine.csv").columns) == 50


# -- 5, 9 and page bytes: media cells of a Parquet file --------------------------------------------------------
def _wav(seconds: float, tone: int = 0) -> bytes:
    import io
    import wave

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16_000)
        out.writeframes(bytes([tone % 256, 0]) * int(16_000 * seconds))
    return buffer.getvalue()


def _png(side: int, seed: int = 0) -> bytes:
    import io
    import random

    from PIL import Image

    rng = random.Random(seed)
    picture = Image.frombytes("RGB", (side, side), bytes(rng.getrandbits(8) for _ in range(side * side * 3)))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


@pytest.fixture
def media_data(tmp_path, monkeypatch):
    """A data folder (and a private temp folder) for media cells; the engine reads only from it and uploads."""
    import tempfile

    from playground.data import local

    root = tmp_path / "data"
    root.mkdir()
    monkeypatch.setattr(local, "_DATA_DIR", root)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "uploads"))
    return root


def test_the_audio_row_view_writes_one_file_however_often_it_is_viewed(media_data):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from playground.data import browser, media
    from tabs import dataset_browser

    sound = _wav(3.0)
    pq.write_table(pa.table({"text": ["소리"], "audio": [{"bytes": sound, "path": "a.wav"}]}),
                   media_data / "sound.parquet")
    page = browser.dataset_rows("sound.parquet")
    for _ in range(20):
        *_, audio = dataset_browser.show_row(page, 1, "text")
        assert audio.value is not None
    files = [p for p in media.audio_root().iterdir() if not p.name.startswith(".")]
    assert len(files) == 1 and files[0].read_bytes() == sound


def test_a_sound_too_large_for_its_page_still_plays_in_the_row_view(media_data, monkeypatch):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from playground import limits
    from playground.data import browser, media
    from tabs import dataset_browser

    sound = _wav(2.0)
    monkeypatch.setattr(limits, "DATASET_PAGE_MAX_MEDIA_BYTES", len(sound) * 5)  # a quarter cell each on 20 rows
    pq.write_table(pa.table({"text": ["소리"], "audio": [{"bytes": sound, "path": "a.wav"}]}),
                   media_data / "sound.parquet")
    page = browser.dataset_rows("sound.parquet", page_size=20)
    assert page.rows[0]["audio"]["bytes"] is None and page.rows[0]["audio"]["omitted_bytes"] == len(sound)
    from playground.data import local

    fetched = []
    real_fetch = local.fetch_cell
    monkeypatch.setattr(local, "fetch_cell", lambda ref: fetched.append(ref) or real_fetch(ref))
    for _ in range(5):
        *_, audio = dataset_browser.show_row(page, 1, "text")
    files = [p for p in media.audio_root().iterdir() if not p.name.startswith(".")]
    assert audio.value is not None and len(files) == 1 and files[0].read_bytes() == sound
    assert len(fetched) == 1  # played again: the file is reused, the cell is not read again


def test_audio_files_on_disk_stay_under_their_cap(media_data, monkeypatch):
    from playground import limits
    from playground.data import media

    sounds = [_wav(1.0, tone) for tone in range(6)]
    monkeypatch.setattr(limits, "DATASET_AUDIO_MAX_BYTES", int(len(sounds[0]) * 2.5))
    for sound in sounds:
        assert media.audio_file({"bytes": sound, "path": "x.wav"})
    held = sum(p.stat().st_size for p in media.audio_root().iterdir())
    assert held <= limits.DATASET_AUDIO_MAX_BYTES
    assert any(p.read_bytes() == sounds[-1] for p in media.audio_root().iterdir())  # the newest stays


def test_a_struct_cell_cannot_name_a_file_outside_the_data_folder(media_data, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from playground.data import browser, media
    from tabs import dataset_browser

    outside = tmp_path / "outside.png"
    outside.write_bytes(_png(16))
    inside = media_data / "inside.png"
    inside.write_bytes(_png(16, seed=1))
    image_type = pa.struct([("bytes", pa.binary()), ("path", pa.string())])  # how datasets stores an Image
    cells = pa.array([{"bytes": None, "path": str(outside)}, {"bytes": None, "path": "inside.png"}], type=image_type)
    pq.write_table(pa.table({"text": ["밖", "안"], "image": cells}), media_data / "paths.parquet")
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


def test_a_huge_allowed_file_is_refused_before_it_is_read(media_data):
    import tracemalloc

    from playground.data import media

    huge = media_data / "huge.png"
    with huge.open("wb") as out:  # sparse: 400 MB long, nothing on disk
        out.write(_png(8))
        out.truncate(400 * 2**20)
    tracemalloc.start()
    started = time.perf_counter()
    assert media.read_cell({"bytes": None, "path": str(huge)}) is None
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5 * 2**20 and time.perf_counter() - started < 1.0


def test_a_page_of_large_images_decodes_within_its_budget(media_data, monkeypatch):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from playground import limits
    from playground.data import browser, media

    pictures = [_png(200, seed) for seed in range(6)]  # about 120 KB each, incompressible
    pq.write_table(pa.table({"text": [f"{i}" for i in range(6)],
                             "image": [{"bytes": p, "path": f"{i}.png"} for i, p in enumerate(pictures)]}),
                   media_data / "images.parquet")
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


# -- 6. uploaded zips unpack far less than the teacher's data folder --------------------------------------------
def _zip_of(path: Path, member: str, size: int) -> Path:
    """A zip whose member unpacks to ``size`` bytes of CSV that compresses about 4:1 (under the ratio check)."""
    import random
    import zipfile

    rng = random.Random(0)
    row = "".join(rng.choice("0123456789") for _ in range(4096))
    body = "text\n" + "\n".join(row[i % 97:] + row[: i % 97] for i in range(size // 4097 + 1))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, body[:size])
    return path


def test_an_uploaded_zip_may_unpack_only_the_upload_limit(media_data, tmp_path, monkeypatch):
    from playground import limits
    from playground.data import browser, local
    from playground.errors import BadInput

    monkeypatch.setattr(limits, "DATASET_UPLOAD_ZIP_MAX_BYTES", 2 * 2**20)  # read from the module at call time
    uploads = tmp_path / "uploads" / "abc123"
    uploads.mkdir(parents=True)
    upload = _zip_of(uploads / "class.zip", "big.csv", 3 * 2**20)
    assert upload.stat().st_size < 2**20  # small on disk, larger than the limit unpacked
    started = time.perf_counter()
    with pytest.raises(BadInput) as caught:
        browser.dataset_info(str(upload))
    assert time.perf_counter() - started < 3.0
    assert caught.value.key == "dataset_zip_unsafe" and "2 MB" in caught.value.message("en")
    unpacked = Path(tempfile_root())
    assert not unpacked.exists() or sum(f.stat().st_size for f in unpacked.rglob("*") if f.is_file()) < 2**20
    # the same zip in the teacher's data folder keeps the larger limit
    _zip_of(media_data / "class.zip", "big.csv", 3 * 2**20)
    assert browser.dataset_info("class.zip").num_rows > 0
    assert local.zip_limit(media_data / "class.zip") == limits.DATASET_ZIP_MAX_BYTES


def test_members_unpacked_from_uploads_are_cleaned_up(media_data, tmp_path, monkeypatch):
    import os

    from playground import limits
    from playground.data import browser, local

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
    import os
    import tempfile

    return os.path.join(tempfile.gettempdir(), f"playground-data-{os.getuid()}")


# -- 10. Hub dataset calls do not lend the server's token -------------------------------------------------------
@pytest.fixture
def fake_hub(monkeypatch):
    """A Hub and dataset viewer on loopback that log every Authorization header they get."""
    import http.server

    import huggingface_hub.constants

    from playground import hub as core_hub
    from playground.data import browser

    seen: list[tuple[str, str | None]] = []
    answers = {
        "/api/datasets/teacher/private-grades": {"id": "teacher/private-grades", "private": True, "gated": False,
                                                  "siblings": [], "cardData": {"license": "cc0-1.0"}},
        "/splits": {"splits": [{"config": "default", "split": "train"}]},
        "/info": {"dataset_info": {"features": {"text": {"_type": "Value", "dtype": "string"}},
                                   "splits": {"train": {"num_examples": 1}}}},
        "/rows": {"features": [{"name": "text", "type": {"_type": "Value", "dtype": "string"}}],
                  "rows": [{"row": {"text": "grade A"}}], "num_rows_total": 1},
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self, body: bool) -> None:
            path = self.path.split("?", 1)[0]
            seen.append((path, self.headers.get("authorization")))
            found = next((v for k, v in answers.items() if path == k or path.startswith(k + "/revision")), None)
            data = json.dumps(found if found is not None else {}).encode()
            self.send_response(200 if found is not None or path.startswith("/api/models") else 404)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            if body:
                self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self._answer(True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._answer(False)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("HF_ENDPOINT", url)
    monkeypatch.setenv("HF_DATASETS_SERVER", url)
    monkeypatch.setenv("HF_TOKEN", "hf_fakeTeacherTokenThatMustNotLeave123")
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(huggingface_hub.constants, "ENDPOINT", url)
    monkeypatch.setattr(core_hub, "_STATUS", None)
    monkeypatch.setattr(browser, "_HUB_INFO", {})
    yield seen
    server.shutdown()


def test_hub_dataset_calls_send_no_token_by_default(fake_hub, monkeypatch):
    from playground.data import browser

    monkeypatch.delenv("PLAYGROUND_HUB_DATASETS_TOKEN", raising=False)
    info = browser.dataset_info("teacher/private-grades")
    assert info.num_rows == 1 and browser.dataset_rows("teacher/private-grades").rows
    called = {path for path, _ in fake_hub}
    assert {"/splits", "/info", "/rows"} <= called and any(p.startswith("/api/datasets/") for p in called)
    assert [(path, auth) for path, auth in fake_hub if auth] == []


def test_the_teacher_may_opt_in_to_the_servers_token(fake_hub, monkeypatch):
    from playground.data import browser

    monkeypatch.setenv("PLAYGROUND_HUB_DATASETS_TOKEN", "1")
    browser.dataset_info("teacher/private-grades")
    sent = {auth for path, auth in fake_hub if path != "/api/models"}
    assert sent == {"Bearer hf_fakeTeacherTokenThatMustNotLeave123"}


# -- 12 (data side). Markdown injection ---------------------------------------------------------------------------
HOSTILE = ["![](http://127.0.0.1:9/logout)", "[click](javascript:alert(1))", "<img src=x onerror=alert(1)>",
           "**bold** _it_ # head | a | b |", "`code` ``x``", "$x^2$ {{braces}}", "<script>alert(1)</script>"]


def _html(markdown: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


@pytest.mark.parametrize("value", HOSTILE)
def test_md_escape_leaves_only_text(value):
    from playground.text import md_code, md_escape

    for rendered in (_html(md_escape(value)), _html(f"label {md_code(value)} here")):
        assert "<img" not in rendered and "<a " not in rendered and "<script" not in rendered
        assert "<strong>" not in rendered and "<em>" not in rendered and "<h1>" not in rendered
        assert "<table" not in rendered
    assert md_escape(value).count("\\") >= 1
    # what a reader sees is the value itself
    import html
    import re

    visible = html.unescape(re.sub(r"<[^>]+>", "", _html(md_escape(value)))).strip()
    assert visible == " ".join(value.split())


def test_the_statistics_summary_escapes_labels_and_column_names(media_data):
    from playground.data import browser
    from tabs import dataset_browser

    column = "<img src=x onerror=alert(1)>"
    rows = "\n".join(f"{HOSTILE[i % len(HOSTILE)].replace(',', ' ')},text {i}" for i in range(40))
    (media_data / "evil.csv").write_text(f'"{column}",document\n{rows}\n')
    stats = browser.dataset_stats("evil.csv", label_column=column, text_column="document")
    summary, *_ = dataset_browser.stats_outputs(stats)
    rendered = _html(summary)
    assert "<img" not in rendered and "<a " not in rendered and "<script" not in rendered
    assert "logout" in rendered  # shown, as text
    card = dataset_browser.card_markdown(browser.dataset_info("evil.csv"))
    assert "<img" not in _html(card)


# -- "show the code" names the catalog id, never a machine's folder ---------------------------------------------
def test_code_panels_never_show_a_models_folder(engine, monkeypatch, tmp_path):
    from playground.engine import shown_model_id
    from playground.tasks import chat, image, sentiment, summarize, translate

    entry = engine.resolve("sentiment", "tiny/sentiment-ko")
    assert entry.path is not None and entry.path.is_absolute()
    monkeypatch.chdir(tmp_path)  # the models' folders are now outside the app's folder, like a teacher's home
    assert shown_model_id(entry) == "tiny/sentiment-ko"
    image_id = engine.catalog.entries("image")[0].id
    panels = {
        "chat": chat.code_snippet(engine, None, "", "안녕", chat.Sampling()),
        "sentiment": sentiment.code_snippet(engine, "tiny/sentiment-ko", "좋아요"),
        "summarize": summarize.code_snippet(engine, "tiny/seq2seq", "The library opens at nine."),
        "translate": translate.code_snippet(engine, "안녕하세요.", "ko", "en"),
        "image": image.code_snippet(engine, image.Settings(image_id, "a cat", "", 2, 0.0, 64, 64, 1, 7)),
    }
    folder = str(entry.path.parent)
    for task, code in panels.items():
        assert folder not in code and str(Path.home()) not in code, task
        compile(code, task, "exec")
    assert '"tiny/chat"' in panels["chat"] and '"tiny/sentiment-ko"' in panels["sentiment"]
    assert '"tiny/seq2seq"' in panels["summarize"] and "tiny/mt-ko-en" in panels["translate"]
    assert image_id in panels["image"]
