"""The shared cache: single-flight under threads, LRU eviction under a budget, failures isolated, stats."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from playground.cache import ModelCache


def test_concurrent_first_requests_load_once() -> None:
    cache = ModelCache()
    calls = []
    gate = threading.Event()

    def load() -> object:
        calls.append(threading.get_ident())
        gate.wait(5)  # hold the load open until every thread is waiting on it
        return object()

    with ThreadPoolExecutor(12) as pool:
        futures = [pool.submit(cache.get, "m", load) for _ in range(12)]
        deadline = time.time() + 5
        while cache.snapshot()["shared_loads"] < 11 and time.time() < deadline:
            time.sleep(0.01)
        gate.set()
        values = [f.result(5) for f in futures]
    assert len(calls) == 1
    assert all(v is values[0] for v in values)
    stats = cache.snapshot()
    assert (stats["misses"], stats["shared_loads"]) == (1, 11)
    assert cache.get("m", load) is values[0] and cache.snapshot()["hits"] == 1


def test_least_recently_used_is_evicted_first() -> None:
    evicted = []
    cache = ModelCache(budget_bytes=250, on_evict=lambda key, value: evicted.append(key))
    size = lambda value: 100  # noqa: E731
    for key in ("a", "b"):
        cache.get(key, lambda k=key: k, size_of=size)
    cache.get("a", lambda: "never")  # "a" is now the most recently used
    cache.get("c", lambda: "c", size_of=size, expected_bytes=100)
    assert evicted == ["b"]
    assert cache.keys() == ["a", "c"]
    assert cache.snapshot()["held_bytes"] == 200
    assert cache.snapshot()["evictions"] == 1


def test_room_is_made_before_a_large_load() -> None:
    cache = ModelCache(budget_bytes=1000)
    cache.get("small", lambda: "s", size_of=lambda v: 400)
    held_during_load = []
    cache.get("big", lambda: held_during_load.append(cache.keys()) or "b", size_of=lambda v: 900, expected_bytes=900)
    assert held_during_load == [[]]  # "small" was dropped before "big" was loaded, not after
    assert cache.keys() == ["big"]


def test_a_model_larger_than_the_budget_still_loads_alone() -> None:
    cache = ModelCache(budget_bytes=10)
    assert cache.get("huge", lambda: "h", size_of=lambda v: 100) == "h"
    assert cache.keys() == ["huge"]


def test_a_failed_load_reaches_every_waiter_and_the_next_request_retries() -> None:
    cache = ModelCache()
    attempts = []
    gate = threading.Event()

    def flaky() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            gate.wait(5)
            raise OSError("no internet")
        return "loaded"

    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(cache.get, "m", flaky) for _ in range(4)]
        time.sleep(0.2)
        gate.set()
        errors = [f.exception(5) for f in futures]
    assert all(isinstance(e, OSError) for e in errors)
    assert len(attempts) == 1
    assert cache.get("other", lambda: "fine") == "fine"  # other models are unaffected
    assert cache.get("m", flaky) == "loaded"  # and the failed one is retried, not remembered as broken
    assert cache.snapshot()["failures"] == 1


def test_evict_all_frees_everything() -> None:
    cache = ModelCache()
    for key in "abc":
        cache.get(key, lambda k=key: k, size_of=lambda v: 1)
    assert cache.evict() == 3
    assert cache.keys() == [] and cache.snapshot()["held_bytes"] == 0


@pytest.mark.parametrize("threads", [16])
def test_hammering_many_keys_stays_consistent(threads: int) -> None:
    cache = ModelCache(budget_bytes=5)
    loads: dict[str, int] = {}
    lock = threading.Lock()

    def loader(key: str):
        def load() -> str:
            with lock:
                loads[key] = loads.get(key, 0) + 1
            time.sleep(0.001)
            return key

        return load

    def work(i: int) -> None:
        for j in range(60):
            key = f"k{(i + j) % 8}"
            assert cache.get(key, loader(key), size_of=lambda v: 1) == key

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(work, range(threads)))
    snap = cache.snapshot()
    assert len(cache.keys()) <= 5 and snap["held_bytes"] <= 5
    assert snap["hits"] + snap["misses"] + snap["shared_loads"] == threads * 60
    assert snap["loading"] == []
