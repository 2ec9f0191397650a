"""Micro-batching: concurrent requests share forward passes, order is kept, errors stay in their batch.

The fake forward passes hold on events, never on a clock: a test decides when a batch may end, and waits until the
requests it needs are queued (the batcher's own condition, notified on every arrival), so batches form the same
way on a quiet laptop and on a loaded 2-core CI machine. How fast a lone request is served is a benchmark's
question (benchmarks/bench_batching.py), not a unit test's.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from playground.batching import MicroBatcher

WAIT_S = 30  # a safety net against a hang; every wait below ends on an event long before


def wait_queued(batcher: MicroBatcher, requests: int) -> None:
    """Block until ``requests`` requests wait in the batcher's queue (run() notifies its condition on arrival)."""
    with batcher._cond:
        assert batcher._cond.wait_for(lambda: len(batcher._queue) == requests, timeout=WAIT_S), len(batcher._queue)


def test_requests_arriving_during_a_forward_pass_form_the_next_batch() -> None:
    batches: list[list[int]] = []
    first_running, release = threading.Event(), threading.Event()

    def forward(items: list[int]) -> list[int]:
        batches.append(items)
        first_running.set()
        assert release.wait(WAIT_S)  # a forward pass: everything that arrives meanwhile forms the next batch
        return [x * 10 for x in items]

    batcher = MicroBatcher(forward, max_items=32)
    with ThreadPoolExecutor(30) as pool:
        futures = [pool.submit(batcher.run, [0])]
        assert first_running.wait(WAIT_S)
        futures += [pool.submit(batcher.run, [i]) for i in range(1, 30)]
        wait_queued(batcher, 29)
        release.set()
        results = [f.result(WAIT_S) for f in futures]
    assert results == [[i * 10] for i in range(30)]
    assert [len(b) for b in batches] == [1, 29]  # thirty students, two forward passes
    assert sorted(batches[1]) == list(range(1, 30))
    assert batcher.largest == 29 and batcher.batches == 2 and batcher.items == 30


def test_a_lone_request_is_served_at_once_in_a_batch_of_its_own() -> None:
    """No timer and no waiting for company: the forward pass starts with the lone request while nothing else is
    queued (a batcher that waited for a fuller batch would never enter it here)."""
    entered, release = threading.Event(), threading.Event()
    seen: list[list[str]] = []

    def forward(items: list[str]) -> list[str]:
        seen.append(items)
        entered.set()
        assert release.wait(WAIT_S)
        return items

    batcher = MicroBatcher(forward, max_items=32)
    with ThreadPoolExecutor(1) as pool:
        lone = pool.submit(batcher.run, ["x"])
        assert entered.wait(WAIT_S), "the lone request's forward pass never started"
        assert seen == [["x"]] and not lone.done()
        release.set()
        assert lone.result(WAIT_S) == ["x"]
    assert batcher.batches == 1 and batcher.largest == 1


def test_large_requests_are_split_and_interleaved_fairly() -> None:
    seen: list[list[str]] = []
    first_running, release = threading.Event(), threading.Event()

    def forward(items: list[str]) -> list[str]:
        seen.append(items)
        first_running.set()
        assert release.wait(WAIT_S)
        return [s.upper() for s in items]

    batcher = MicroBatcher(forward, max_items=4)
    with ThreadPoolExecutor(2) as pool:
        big = pool.submit(batcher.run, [f"a{i}" for i in range(10)])
        assert first_running.wait(WAIT_S)  # the file's first 4 rows are in the forward pass ...
        wait_queued(batcher, 1)  # ... and the rest of the file waits in the queue
        small = pool.submit(batcher.run, ["b0"])
        wait_queued(batcher, 2)  # the single sentence queued behind the file
        release.set()
        assert big.result(WAIT_S) == [f"A{i}" for i in range(10)]
        assert small.result(WAIT_S) == ["B0"]
    assert all(len(batch) <= 4 for batch in seen)
    assert seen[0] == ["a0", "a1", "a2", "a3"]
    assert "b0" in seen[1], seen  # the single sentence did not wait for the whole file


def test_an_error_fails_only_the_requests_in_that_batch() -> None:
    def forward(items: list[str]) -> list[str]:
        if "boom" in items:
            raise ValueError("bad batch")
        return items

    batcher = MicroBatcher(forward, max_items=1)
    with pytest.raises(ValueError, match="bad batch"):
        batcher.run(["boom"])
    assert batcher.run(["fine"]) == ["fine"]  # the worker survived


def test_wrong_result_count_is_an_error_not_a_hang() -> None:
    batcher = MicroBatcher(lambda xs: xs[:-1], max_items=8)
    with pytest.raises(RuntimeError, match="results for"):
        batcher.run(["a", "b"])
