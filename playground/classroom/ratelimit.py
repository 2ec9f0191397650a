"""A per-student rate limit: token buckets keyed by a student, an address or an account (see ``fairuse.Who``).

Every main action (a click on Analyse, Send, Generate, or a call of a named API endpoint) takes one token; a
bucket holds ``burst`` tokens and refills at ``per_minute`` tokens a minute. An empty bucket refuses the action
with :class:`RateLimited`, whose message says how many seconds to wait. Helper events take from a second, larger
allowance (``limits.HELPER_*``); ``fairuse.Allowance`` pairs a student's bucket with their address's.

>>> limiter = RateLimiter(per_minute=60, burst=2)
>>> limiter.take("session-a"), limiter.take("session-a")
(0.0, 0.0)
>>> limiter.take("session-a") > 0          # the third click within a second waits ~1 s
True
>>> limiter.acquire("session-b")           # raises RateLimited("rate_limited", seconds=...) when empty

Memory stays flat: a bucket that has refilled completely is the same as no bucket, so it is dropped, and at most
``max_keys`` buckets are ever held (the least recently used go first).
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from playground import limits
from playground.errors import PlaygroundError


class RateLimited(PlaygroundError):
    """This student sent actions faster than the classroom limit; ``seconds`` says when to retry."""


@dataclass
class _Bucket:
    tokens: float
    stamp: float
    scale: float = 1.0  # the bucket's size and rate, in multiples of ``burst`` and ``per_minute``


class RateLimiter:
    """Token buckets keyed by session (thread-safe). ``per_minute <= 0`` turns the limit off."""

    def __init__(self, per_minute: float = limits.RATE_PER_MINUTE, burst: int = limits.RATE_BURST, *,
                 max_keys: int = limits.RATE_MAX_SESSIONS, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = float(per_minute)
        self.burst = max(1, int(burst))
        self.max_keys = max(1, max_keys)
        self.clock = clock
        self.refused = 0
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0

    @property
    def refill_s(self) -> float:
        """Seconds for an empty bucket to fill again (after that it is forgotten)."""
        return self.burst * 60.0 / self.per_minute if self.enabled else 0.0

    def take(self, key: str, scale: float = 1.0, cost: float = 1.0) -> float:
        """Take one token for ``key``: 0.0 when allowed, else the seconds until a token is back (nothing taken).

        ``scale`` sizes this key's bucket (burst and rate) at that many times the limiter's, e.g. a group's bucket
        by the students present in it; a bucket that grows gets the new tokens at once (a student who arrives brings
        their share), one that shrinks keeps what it has up to its new size. ``cost``: tokens this action takes
        (e.g. an upload's size in 64 KiB units; more than a full bucket costs a full bucket).
        """
        if not self.enabled:
            return 0.0
        scale = max(1.0, float(scale))
        rate = self.per_minute * scale / 60.0
        size = float(self.burst) * scale
        with self._lock:
            now = self.clock()
            self._forget_full(now)
            bucket = self._buckets.pop(key, None) or _Bucket(size, now, scale)
            if scale > bucket.scale:
                bucket.tokens += (scale - bucket.scale) * self.burst
            bucket.scale = scale
            bucket.tokens = min(size, bucket.tokens + (now - bucket.stamp) * rate)
            bucket.stamp = now
            self._buckets[key] = bucket  # most recently used last
            while len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
            cost = min(max(cost, 0.0), size)
            if bucket.tokens >= cost:
                bucket.tokens -= cost
                return 0.0
            self.refused += 1
            return (cost - bucket.tokens) / rate

    def acquire(self, key: str) -> None:
        """Take one token for ``key`` or raise :class:`RateLimited` saying how long to wait."""
        wait = self.take(key)
        if wait > 0:
            raise RateLimited("rate_limited", seconds=max(1, math.ceil(wait)), per_minute=f"{self.per_minute:g}")

    def give_back(self, key: str) -> None:
        """Return the token just taken for ``key`` (another bucket refused the same action)."""
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is not None:
                bucket.tokens = min(float(self.burst) * bucket.scale, bucket.tokens + 1.0)

    def _forget_full(self, now: float) -> None:
        """Drop buckets untouched for longer than a full refill (oldest first; they are full again; a scaled bucket
        refills in the same time, its rate grows with its size)."""
        horizon = now - self.refill_s
        while self._buckets:
            key, oldest = next(iter(self._buckets.items()))
            if oldest.stamp > horizon:
                break
            del self._buckets[key]

    def __len__(self) -> int:
        return len(self._buckets)

    def snapshot(self) -> dict[str, float | int]:
        """Plain data for the System panel and the load test."""
        with self._lock:
            return {"per_minute": self.per_minute, "burst": self.burst, "sessions": len(self._buckets),
                    "refused": self.refused}


def client_key(session_hash: str | None, host: str | None) -> str:
    """A session-only key (kept for callers that know no address); the app keys on ``fairuse.Who`` instead, since
    a session hash is whatever the client sends."""
    if session_hash:
        return f"session:{session_hash}"
    return f"ip:{host or 'unknown'}"
