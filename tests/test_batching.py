"""Micro-batching: concurrent requests share forward passes, order is kept, errors stay in their batch."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from playground.batching import MicroBatcher


def test_concurrent_requests_are_served_in_few_batches() -> None:
    batches: list[int] = []

    def forward(items: list[int]) -> list[int]:
        batches.append(len(items))
        time.sleep(0.05)  # a forward pass: requests arriving meanwhile form the next batch
        return [x * 10 for x in items]

    batcher = MicroBatcher(forward, max_items=32)
    with ThreadPoolExecutor(30) as pool:
        results = list(pool.map(lambda i: batcher.run([i]), range(30)))
    assert results == [[i * 10] for i in range(30)]
    assert sum(batches) == 30
    assert len(batches) <= 4, batches  # thirty students, a few forward passes
    assert batcher.largest >= 16


def test_a_lone_request_is_not_delayed() -> None:
    batcher = MicroBatcher(lambda xs: xs, max_items=32)
    batcher.run([0])
    started = time.perf_counter()
    batcher.run(["x"])
    assert time.perf_counter() - started < 0.05


def test_large_requests_are_split_and_interleaved_fairly() -> None:
    seen: list[list[str]] = []
    release = threading.Event()

    def forward(items: list[str]) -> list[str]:
        release.wait(5)
        seen.append(items)
        return [s.upper() for s in items]

    batcher = MicroBatcher(forward, max_items=4)
    with ThreadPoolExecutor(2) as pool:
        big = pool.submit(batcher.run, [f"a{i}" for i in range(10)])
        time.sleep(0.05)
        small = pool.submit(batcher.run, ["b0"])
        time.sleep(0.05)
        release.set()
        assert big.result(5) == [f"A{i}" for i in range(10)]
        assert small.result(5) == ["B0"]
    assert all(len(batch) <= 4 for batch in seen)
    second = seen[1]
    assert "b0" in second, seen  # the single sentence did not wait for the whole file


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
