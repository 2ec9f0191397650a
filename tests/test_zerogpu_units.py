"""ZeroGPU pieces without a subprocess: requested seconds from the input, ZeroGPU's messages as the app's own, and
a many-texts Sentiment run as one GPU call (see tests/test_zerogpu.py for the whole app under the real spaces)."""

from __future__ import annotations

import threading

import pytest

from playground import gpu_time, limits
from playground.device import ZeroGPUError, zerogpu_error
from playground.errors import OutOfMemory


# -- requested seconds: before (the flat formulas this replaced) and after --------------------------------------
def _before_seq2seq(texts: int, max_new_tokens: int, beams: int | None) -> float:
    return min(120.0, 5.0 + -(-texts // limits.SEQ2SEQ_BATCH) * max_new_tokens * (beams or 4) * 0.02)


def _before_chat(max_new_tokens: int) -> float:
    return min(120.0, 5.0 + 0.06 * max_new_tokens)


# (what, before, after)
TABLE = [
    ("translate 'Hello, how are you?' (6 tokens, opus-mt 77M, 4 beams)", _before_seq2seq(1, 256, None),
     gpu_time.translate_seconds(texts=1, longest_input_tokens=6, max_new_tokens=256, length_ratio=3.0, beams=4,
                                params="77M")),
    ("translate 40 short sentences (12 tokens, M2M100 1.2B, 5 beams)", _before_seq2seq(40, 256, None),
     gpu_time.translate_seconds(texts=40, longest_input_tokens=12, max_new_tokens=256, length_ratio=3.0, beams=5,
                                params="1.2B")),
    ("chat, 512 new tokens allowed, 40-token prompt (Kanana 2.1B)", _before_chat(512),
     gpu_time.chat_seconds(prompt_tokens=40, max_new_tokens=512, params="2.1B")),
    ("chat, 128 new tokens allowed (Qwen2.5 0.5B)", _before_chat(128),
     gpu_time.chat_seconds(prompt_tokens=40, max_new_tokens=128, params="494M")),
    ("summarize 400 tokens, medium (140 new, distilbart 306M, 4 beams)", _before_seq2seq(1, 140, 4),
     gpu_time.seq2seq_seconds(texts=1, longest_input_tokens=400, max_new_tokens=140, length_ratio=0.0, beams=4,
                              params="306M")),
    ("image sd-turbo 1 step 512x512", min(120.0, 8.0 + (1 * 0.5 * 0.25 + 1.5)),
     gpu_time.image_seconds(steps=1, width=512, height=512, images=1, seconds_per_step=0.5)),
    ("image sd-turbo 4 steps 512x512 x4", min(120.0, 8.0 + 4 * (4 * 0.5 * 0.25 + 1.5)),
     gpu_time.image_seconds(steps=4, width=512, height=512, images=4, seconds_per_step=0.5)),
    ("sentiment 2,000 rows (one call; before: 63-192 calls of ~5 s)", 5.0 + 0.01 * 64,
     gpu_time.sentiment_seconds(texts=2000)),
    ("sentiment 20,000 rows (one call)", 5.0 + 0.01 * 64, gpu_time.sentiment_seconds(texts=20_000)),
]


@pytest.mark.parametrize(("what", "before", "after"), TABLE, ids=[row[0][:40] for row in TABLE])
def test_requested_seconds_fit_the_work(what: str, before: float, after: int) -> None:
    assert isinstance(after, int) and 0 < after <= limits.ZEROGPU_MAX_S
    if "sentiment" not in what:
        assert after <= before, (what, before, after)


def test_the_issue_cases_ask_for_far_less() -> None:
    rows = {what.split(" (")[0]: (before, after) for what, before, after in TABLE}
    assert rows["translate 'Hello, how are you?'"] == (pytest.approx(25.48), 8)
    assert rows["translate 40 short sentences"][0] == pytest.approx(45.96) and rows[
        "translate 40 short sentences"][1] <= 15
    assert rows["chat, 512 new tokens allowed, 40-token prompt"][1] <= 26


def test_seconds_follow_the_input_and_stay_within_a_margin() -> None:
    short = gpu_time.translate_seconds(texts=1, longest_input_tokens=5, max_new_tokens=256, length_ratio=3.0,
                                       beams=4, params="1.2B")
    long = gpu_time.translate_seconds(texts=1, longest_input_tokens=80, max_new_tokens=256, length_ratio=3.0,
                                      beams=4, params="1.2B")
    assert short < long
    # the work plus the stated margin, no more: (start + work) × margin, rounded up
    work = (3 * 80 + 16) * (1 + limits.ZEROGPU_BEAM_COST * 3) * limits.ZEROGPU_TOKEN_S_MEDIUM + 80 / 4000
    assert long == pytest.approx((limits.ZEROGPU_START_S + work) * limits.ZEROGPU_MARGIN, abs=1)
    assert gpu_time.chat_seconds(prompt_tokens=10, max_new_tokens=64, params="494M") < gpu_time.chat_seconds(
        prompt_tokens=10, max_new_tokens=1024, params="494M")
    assert gpu_time.chat_seconds(prompt_tokens=10, max_new_tokens=512, params="494M") < gpu_time.chat_seconds(
        prompt_tokens=10, max_new_tokens=512, params="4.0B")
    assert gpu_time.image_seconds(steps=1, width=256, height=256, images=1, seconds_per_step=0.5) <= \
        gpu_time.image_seconds(steps=4, width=1024, height=1024, images=1, seconds_per_step=0.5)
    assert gpu_time.chat_seconds(prompt_tokens=10, max_new_tokens=100_000, params="4.0B") == limits.ZEROGPU_MAX_S


# -- ZeroGPU's messages become the app's ---------------------------------------------------------------------
class _SpacesError(Exception):
    """What spaces raises: a gr.Error with a title (playground/ imports no gradio, so it reads the attributes)."""

    def __init__(self, title: str, message: str) -> None:
        super().__init__(message)
        self.title, self.message = title, message


@pytest.mark.parametrize(("title", "text", "key"), [
    ("ZeroGPU quota exceeded", "You have exceeded your free ZeroGPU quota (26s requested vs. 3s left). "
     "Try again in 0:10:00. ", "zerogpu_quota"),
    ("ZeroGPU quota exceeded", "Space app has reached its GPU limit. Try re-running outside of examples",
     "zerogpu_quota_space"),
    ("ZeroGPU quota exceeded", "No GPU was available after 60s. Try re-running outside of examples",
     "zerogpu_no_gpu"),
    ("ZeroGPU client error", "No GPU was available", "zerogpu_no_gpu"),
    ("ZeroGPU queue timeout", "No GPU was available after 60s Retry later", "zerogpu_no_gpu"),
    ("ZeroGPU illegal duration", "The requested GPU duration (300s) is larger than the maximum allowed",
     "zerogpu_too_long"),
    ("ZeroGPU worker error", "GPU task aborted", "zerogpu_aborted"),
    ("ZeroGPU worker error", "ValueError", "zerogpu_failed"),
])
def test_zerogpu_messages_map_to_keys_in_both_languages(title: str, text: str, key: str) -> None:
    error = zerogpu_error(_SpacesError(title, text))
    assert isinstance(error, ZeroGPUError) and error.key == key
    assert error.message("ko") != error.message("en") and (key == "zerogpu_failed" or text not in error.message("en"))


def test_the_quota_message_keeps_the_numbers() -> None:
    error = zerogpu_error(_SpacesError("ZeroGPU quota exceeded", "You have exceeded your ZeroGPU quota "
                                       "(26s requested vs. 3s left). Try again in 0:10:00. Authenticate ..."))
    assert "26초가 필요한데 3초 남았습니다. 10분 뒤에" in error.message("ko")
    assert "Try again in 10 min" in error.message("en")


def test_a_workers_out_of_memory_is_the_apps_own_message() -> None:
    error = zerogpu_error(_SpacesError("ZeroGPU worker error", "OutOfMemoryError"))
    assert isinstance(error, OutOfMemory) and error.key == "gpu_out_of_memory"
    assert "GPU 메모리가 부족합니다" in error.message("ko")


def test_in_the_worker_errors_are_carried_back_as_values(monkeypatch: pytest.MonkeyPatch) -> None:
    """spaces keeps only an exception's class name; the app's errors and out-of-memory cross as values."""
    from playground import device
    from playground.errors import BadInput

    calls = []

    def oom_once(n: int) -> int:
        calls.append(n)
        if len(calls) == 1:
            raise RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return n * 2

    assert device._carrying(oom_once)(4) == 8 and calls == [4, 4]  # emptied the cache, tried once more

    def always_oom() -> None:
        raise MemoryError

    failure = device._carrying(always_oom)()
    assert isinstance(failure, device._Failure) and isinstance(failure.error(), OutOfMemory)

    def bad() -> None:
        raise BadInput("empty_text")

    import pickle

    carried = pickle.loads(pickle.dumps(device._carrying(bad)()))
    assert isinstance(carried.error(), BadInput) and carried.error().key == "empty_text"

    def gen() -> object:
        yield 1
        raise BadInput("empty_text")

    items = list(device._carrying_gen(gen)())
    assert items[0] == 1 and isinstance(items[1].error(), BadInput)
    with pytest.raises(ValueError):
        device._carrying(lambda: (_ for _ in ()).throw(ValueError("x")))()


# -- a many-texts Sentiment run is one GPU call ---------------------------------------------------------------
@pytest.fixture
def zerogpu_engine(catalog, monkeypatch: pytest.MonkeyPatch):
    """An engine placed as on ZeroGPU (preloaded models, the GPU-call path) while running on this CPU."""
    from playground.device import Placement
    from playground.engine import Engine

    engine = Engine(catalog, Placement("cpu", "cpu", zerogpu=True))
    engine.preload(["sentiment"])
    return engine


def test_a_many_texts_run_on_zerogpu_is_one_gpu_call(zerogpu_engine, monkeypatch: pytest.MonkeyPatch) -> None:
    from playground.tasks import sentiment

    calls = []
    real = sentiment._many_on_zerogpu
    monkeypatch.setattr(sentiment, "_many_on_zerogpu", lambda *a: calls.append(a) or real(*a))
    monkeypatch.setattr(sentiment, "_forward_on_zerogpu", lambda *a: pytest.fail("one call per chunk"))
    texts = [f"review {i} 정말 좋아요" if i % 2 else f"review {i} great" for i in range(2000)]
    runs = list(sentiment.analyze_many(zerogpu_engine, texts, [i % 2 for i in range(2000)]))
    assert len(calls) == 1 and sentiment._many_seconds(*calls[0]) <= 10
    final = runs[-1]
    assert len(final.results) == 2000 and not final.stopped
    assert [r.text for r in final.results] == texts
    assert {r.model_id for r in final.results} == {"tiny/sentiment-en", "tiny/sentiment-ko"}  # "auto" per text
    assert len(runs) > 1  # it still reports per chunk


def test_stop_ends_the_one_call_and_closes_it(zerogpu_engine, monkeypatch: pytest.MonkeyPatch) -> None:
    from playground.tasks import sentiment

    closed = threading.Event()
    real = sentiment._many_on_zerogpu

    def watched(*args):
        stream = real(*args)
        try:
            yield from stream
        finally:
            closed.set()

    monkeypatch.setattr(sentiment, "_many_on_zerogpu", watched)
    stop = threading.Event()
    texts = ["좋아요"] * 3000
    run = None
    for run in sentiment.analyze_many(zerogpu_engine, texts, stop=stop):  # noqa: B007 - the last one is checked
        stop.set()  # the student presses Stop after the first chunk
    assert run is not None
    assert run.stopped and 0 < len(run.results) < 3000
    assert closed.is_set()


def test_the_same_results_as_off_zerogpu(zerogpu_engine, request: pytest.FixtureRequest) -> None:
    from playground.tasks import sentiment

    texts = ["이 영화 정말 재밌어요", "What a waste of time.", "최악", "great"] * 10
    on = list(sentiment.analyze_many(zerogpu_engine, texts))[-1].results
    engine = request.getfixturevalue("engine")  # created after: workers find the process's latest engine
    off = list(sentiment.analyze_many(engine, texts))[-1].results
    assert [(r.label, r.model_id) for r in on] == [(r.label, r.model_id) for r in off]
    assert [r.score for r in on] == pytest.approx([r.score for r in off], abs=1e-5)
