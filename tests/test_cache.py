"""The shared cache: single-flight under threads, LRU eviction under a budget, failures isolated, stats."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest

from playground import cache as cache_module
from playground.cache import ModelCache

WAIT_S = 30  # a safety net against a hang; every wait below ends on an event long before


@pytest.fixture
def waiting_requests(monkeypatch: pytest.MonkeyPatch) -> threading.Semaphore:
    """A semaphore released each time a request starts waiting on another request's load (the cache's in-flight
    event), so a test can hold a load open until exactly N requests share it, with no polling."""
    arrived = threading.Semaphore(0)

    class CountedEvent(threading.Event):
        def wait(self, timeout: float | None = None) -> bool:
            arrived.release()
            return super().wait(timeout)

    @dataclass
    class CountedFlight(cache_module._Flight):
        done: threading.Event = field(default_factory=CountedEvent)

    monkeypatch.setattr(cache_module, "_Flight", CountedFlight)
    return arrived


def wait_for_waiters(arrived: threading.Semaphore, count: int) -> None:
    for _ in range(count):
        assert arrived.acquire(timeout=WAIT_S), "a request never joined the load in flight"


def test_concurrent_first_requests_load_once(waiting_requests: threading.Semaphore) -> None:
    cache = ModelCache()
    calls = []
    gate = threading.Event()

    def load() -> object:
        calls.append(threading.get_ident())
        assert gate.wait(WAIT_S)  # hold the load open until every other thread is waiting on it
        return object()

    with ThreadPoolExecutor(12) as pool:
        futures = [pool.submit(cache.get, "m", load) for _ in range(12)]
        wait_for_waiters(waiting_requests, 11)
        gate.set()
        values = [f.result(WAIT_S) for f in futures]
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


def test_a_failed_load_reaches_every_waiter_and_the_next_request_retries(
        waiting_requests: threading.Semaphore) -> None:
    cache = ModelCache()
    attempts = []
    gate = threading.Event()

    def flaky() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            assert gate.wait(WAIT_S)
            raise OSError("no internet")
        return "loaded"

    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(cache.get, "m", flaky) for _ in range(4)]
        wait_for_waiters(waiting_requests, 3)  # the other three wait on the failing load (not after it)
        gate.set()
        errors = [f.exception(WAIT_S) for f in futures]
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
def test_hammering_many_keys_stays_consistent(threads: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each eviction runs a full gc.collect(): over a whole test session's heap (torch, apps, browsers) the hundreds
    # of evictions here took 50-200 s. Counted instead of run: the memory release is not what this test checks.
    collections: list[int] = []
    monkeypatch.setattr(cache_module, "gc", SimpleNamespace(collect=lambda: collections.append(1)))
    cache = ModelCache(budget_bytes=5)
    loads: dict[str, int] = {}
    loading: set[str] = set()
    lock = threading.Lock()

    def loader(key: str):
        def load() -> str:
            with lock:
                assert key not in loading, f"{key} loaded twice at once"  # single-flight under the hammering
                loading.add(key)
                loads[key] = loads.get(key, 0) + 1
            with lock:
                loading.discard(key)
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
    assert snap["evictions"] > 0 and collections  # the budget evicted, and each release asked for a collection
