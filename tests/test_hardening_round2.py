"""Hardening, second round (engine side): shared tokenizers under one lock, the Parquet text bomb, the Hub-viewer
clause, a class behind one address, a fair queue, chat Markdown without remote images.

Each test here failed on the code before the fix it names.
"""

from __future__ import annotations

import threading

import pytest

from tests.conftest import NSMC


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
