"""Dynamic batching of concurrent requests: thirty students pressing the button become a few forward passes.

Each request thread calls :meth:`MicroBatcher.run` with its items and blocks; one worker thread takes whatever
is waiting, up to ``max_items``, and runs one batched call. While a batch runs, new requests queue up and form
the next batch, so a lone request is never delayed by a timer, and a busy server batches by itself. Items are
taken round-robin across requests, so one student's 5,000-row file cannot starve another's single sentence.

>>> batcher = MicroBatcher(lambda xs: [x * 2 for x in xs], max_items=8)
>>> batcher.run([1, 2, 3])
[2, 4, 6]
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

In = TypeVar("In")
Out = TypeVar("Out")


@dataclass(eq=False)
class _Request:
    items: Sequence[Any]
    results: list[Any]
    next_index: int = 0
    remaining: int = 0
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)


class MicroBatcher(Generic[In, Out]):
    """Runs ``fn(batch) -> results`` (same length, same order) over items gathered from concurrent callers."""

    def __init__(self, fn: Callable[[list[In]], list[Out]], *, max_items: int = 32, name: str = "batcher") -> None:
        self.fn = fn
        self.max_items = max(1, max_items)
        self.name = name
        self._cond = threading.Condition()
        self._queue: deque[_Request] = deque()
        self._thread: threading.Thread | None = None
        self.batches = 0  # forward passes run
        self.items = 0  # items served
        self.largest = 0  # largest batch seen

    def run(self, items: Sequence[In]) -> list[Out]:
        """Block until every item has a result; re-raise the batched call's error, if any."""
        if not items:
            return []
        request = _Request(items=items, results=[None] * len(items), remaining=len(items))
        with self._cond:
            self._queue.append(request)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name=self.name, daemon=True)
                self._thread.start()
            self._cond.notify()
        request.done.wait()
        if request.error is not None:
            raise request.error
        return request.results

    def _take(self) -> list[tuple[_Request, int]]:
        """Up to ``max_items`` (request, index) pairs, one per request in turn. Caller holds the lock."""
        taken: list[tuple[_Request, int]] = []
        while self._queue and len(taken) < self.max_items:
            request = self._queue.popleft()
            taken.append((request, request.next_index))
            request.next_index += 1
            if request.next_index < len(request.items):
                self._queue.append(request)
        return taken

    def _work(self) -> None:
        while True:
            with self._cond:
                while not self._queue:
                    if not self._cond.wait(timeout=60):
                        if not self._queue:
                            self._thread = None
                            return  # idle for a minute: let the thread go; the next run starts another
                taken = self._take()
            self._run_batch(taken)

    def _run_batch(self, taken: list[tuple[_Request, int]]) -> None:
        try:
            results = self.fn([request.items[index] for request, index in taken])
            if len(results) != len(taken):
                raise RuntimeError(f"{self.name}: {len(results)} results for {len(taken)} items")
        except BaseException as exc:  # every request in this batch gets the error; others go on
            failed = {id(request): request for request, _ in taken}
            with self._cond:
                for request in failed.values():
                    if request in self._queue:
                        self._queue.remove(request)
            for request in failed.values():
                request.error = exc
                request.done.set()
            return
        self.batches += 1
        self.items += len(taken)
        self.largest = max(self.largest, len(taken))
        for (request, index), result in zip(taken, results, strict=True):
            request.results[index] = result
            request.remaining -= 1
            if request.remaining == 0 and request.error is None:
                request.done.set()
