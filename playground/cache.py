"""The shared model cache: each model loaded once, single-flight, a memory budget with LRU eviction, stats.

Every tab goes through one :class:`ModelCache`. Concurrent first requests for one key load it once: the first
caller loads, the others wait for that load and share its result (or its error). When the bytes held would
pass the budget, the least recently used models are dropped first.

>>> cache = ModelCache(budget_bytes=100)
>>> cache.get("a", lambda: "model A", size_of=lambda _: 60)
'model A'
>>> cache.get("b", lambda: "model B", size_of=lambda _: 60)  # evicts "a"
'model B'
>>> cache.keys()
['b']
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from playground.runtime import empty_device_cache

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class _Slot:
    value: Any
    nbytes: int
    load_seconds: float
    hits: int = 0


@dataclass
class _Flight:
    """A load in progress: waiters block on ``done`` and then read ``value`` or ``error``."""

    done: threading.Event = field(default_factory=threading.Event)
    value: Any = None
    error: BaseException | None = None
    waiters: int = 0


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0  # loads started
    shared_loads: int = 0  # requests that waited on another request's load instead of loading again
    failures: int = 0
    evictions: int = 0
    load_seconds: dict[str, float] = field(default_factory=dict)


class ModelCache:
    """Thread-safe, single-flight, LRU-evicting cache of loaded models.

    ``budget_bytes=None`` means no budget (ZeroGPU, where every offered model is preloaded).
    """

    def __init__(self, budget_bytes: int | None = None, on_evict: Callable[[str, Any], None] | None = None) -> None:
        self.budget_bytes = budget_bytes
        self._on_evict = on_evict
        self._lock = threading.Lock()
        self._slots: OrderedDict[str, _Slot] = OrderedDict()
        self._flights: dict[str, _Flight] = {}
        self.stats = CacheStats()

    # -- reading -----------------------------------------------------------------------------------------
    def get(
        self,
        key: str,
        load: Callable[[], T],
        *,
        size_of: Callable[[T], int] = lambda value: 0,
        expected_bytes: int = 0,
    ) -> T:
        """Return the cached value for ``key``, loading it with ``load()`` once if absent.

        ``expected_bytes`` (from the catalog) lets the cache make room before the load starts, so two large
        models are never in memory together when the budget allows only one.
        """
        with self._lock:
            slot = self._slots.get(key)
            if slot is not None:
                self._slots.move_to_end(key)
                slot.hits += 1
                self.stats.hits += 1
                return slot.value
            flight = self._flights.get(key)
            owner = flight is None
            if flight is None:  # (the owner: a test the type checker follows)
                flight = self._flights[key] = _Flight()
                self.stats.misses += 1
                evicted = self._make_room(expected_bytes, keep=key)
            else:
                flight.waiters += 1
                self.stats.shared_loads += 1
                evicted = []
        self._release(evicted)
        if not owner:
            flight.done.wait()
            if flight.error is not None:
                raise flight.error
            return flight.value
        return self._load(key, flight, load, size_of)

    def _load(self, key: str, flight: _Flight, load: Callable[[], T], size_of: Callable[[T], int]) -> T:
        started = time.perf_counter()
        try:
            value = load()
            nbytes = int(size_of(value))
        except BaseException as exc:
            with self._lock:
                self.stats.failures += 1
                del self._flights[key]
            flight.error = exc
            flight.done.set()
            raise
        seconds = time.perf_counter() - started
        with self._lock:
            self._slots[key] = _Slot(value, nbytes, seconds)
            self.stats.load_seconds[key] = round(seconds, 3)
            del self._flights[key]
            evicted = self._make_room(0, keep=key)
        flight.value = value
        flight.done.set()
        self._release(evicted)
        log.info("loaded %s in %.2f s (%.1f MB)", key, seconds, nbytes / 2**20)
        return value

    def _make_room(self, incoming: int, keep: str) -> list[tuple[str, Any]]:
        """Pop least-recently-used slots until ``incoming`` more bytes fit. Caller holds the lock."""
        if self.budget_bytes is None:
            return []
        evicted = []
        while self._slots and self.held_bytes() + incoming > self.budget_bytes:
            oldest = next(iter(self._slots))
            if oldest == keep:
                if len(self._slots) == 1:
                    break  # a single model larger than the budget stays: refusing it would help nobody
                self._slots.move_to_end(oldest)
                continue
            slot = self._slots.pop(oldest)
            self.stats.evictions += 1
            evicted.append((oldest, slot.value))
        return evicted

    def _release(self, evicted: list[tuple[str, Any]]) -> None:
        if not evicted:
            return
        for key, value in evicted:
            log.info("evicted %s", key)
            if self._on_evict:
                self._on_evict(key, value)
        del value
        evicted.clear()
        gc.collect()
        empty_device_cache()

    # -- management --------------------------------------------------------------------------------------
    def evict(self, key: str | None = None) -> int:
        """Drop one key, or every model when ``key`` is None (used to recover from out-of-memory)."""
        with self._lock:
            keys = [key] if key is not None else list(self._slots)
            evicted = [(k, self._slots.pop(k).value) for k in keys if k in self._slots]
            self.stats.evictions += len(evicted)
        count = len(evicted)
        self._release(evicted)
        return count

    def keys(self) -> list[str]:
        """Cached keys, least recently used first."""
        with self._lock:
            return list(self._slots)

    def __contains__(self, key: str) -> bool:
        with self._lock:
            return key in self._slots

    def held_bytes(self) -> int:
        return sum(slot.nbytes for slot in self._slots.values())

    def snapshot(self) -> dict[str, Any]:
        """Plain numbers for the System panel and the tests."""
        with self._lock:
            return {
                "hits": self.stats.hits,
                "misses": self.stats.misses,
                "shared_loads": self.stats.shared_loads,
                "failures": self.stats.failures,
                "evictions": self.stats.evictions,
                "held_bytes": self.held_bytes(),
                "budget_bytes": self.budget_bytes,
                "loading": sorted(self._flights),
                "models": [
                    {"key": key, "bytes": slot.nbytes, "load_seconds": round(slot.load_seconds, 3), "hits": slot.hits}
                    for key, slot in self._slots.items()
                ],
            }
