"""The engine every tab calls: catalog (allowlist) + placement (device) + one shared model cache.

>>> from playground.catalog import load_catalog
>>> engine = Engine(load_catalog("catalog.yaml"), detect("cpu"))
>>> engine.resolve("sentiment", "auto")          # "auto" is resolved per text by the task module
>>> engine.resolve("sentiment", "evil/model")    # raises ModelNotAllowed, naming the allowed ids
"""

from __future__ import annotations

import importlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from playground import limits, quiet
from playground.batching import MicroBatcher
from playground.cache import ModelCache
from playground.catalog import AUTO, INSTRUCT, Catalog, ModelEntry
from playground.device import Placement, detect
from playground.errors import Message, ModelNotAllowed, ModelUnavailable, OutOfMemory, PlaygroundError
from playground.hub import LocalCopy, cache_sizes, hub_status, local_copy
from playground.registry import engine_modules
from playground.runtime import is_out_of_memory

log = logging.getLogger(__name__)

# task -> module with ``load(entry, placement)``, from the one declaration of every task
TASK_MODULES = engine_modules()

# What the text tasks take from transformers, resolved once under the load lock: transformers' lazy module
# resolves names on first use, and two threads resolving different names at once can see a half-imported
# module (``ImportError: cannot import name 'AutoModelForSeq2SeqLM'``).
WARM_IMPORTS = {
    "transformers": ("AutoTokenizer", "AutoConfig", "AutoModelForCausalLM", "AutoModelForSeq2SeqLM",
                     "AutoModelForSequenceClassification", "StoppingCriteria", "StoppingCriteriaList"),
    "transformers.generation.streamers": ("BaseStreamer",),
}
# One model is instantiated at a time, process-wide: ``from_pretrained`` builds models on the meta device by
# patching torch globally, so two different models loading at once break each other ("Cannot copy out of meta
# tensor"). On a CPU machine loading is CPU-bound anyway, so taking turns costs almost nothing (see
# benchmarks/bench_hardening.py). Cache hits never take this lock.
LOAD_LOCK = threading.RLock()
_WARMED = False

Progress = Callable[[float | None, str], None]
_ACTIVE: Engine | None = None  # the process's engine: ZeroGPU workers are forked and find models here


def active_engine() -> Engine:
    if _ACTIVE is None:
        raise RuntimeError("no Engine has been created in this process")
    return _ACTIVE


def default_budget(placement: Placement) -> int:
    """Half the machine's RAM on CPU; 85% of the GPU's memory on a dedicated GPU."""
    if placement.torch_device == "cuda" and not placement.zerogpu:
        import torch

        return int(torch.cuda.get_device_properties(0).total_memory * 0.85)
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") * 0.5)
    except (ValueError, OSError, AttributeError):
        return 8 * 2**30


class Engine:
    """Loads catalog models once, on the right device, and hands them to task functions."""

    def __init__(
        self,
        catalog: Catalog,
        placement: Placement | None = None,
        *,
        budget_bytes: int | None = None,
        max_batch: int = limits.BATCH_MAX_ITEMS,
    ) -> None:
        global _ACTIVE
        self.catalog = catalog
        self.placement = placement or detect()
        # On ZeroGPU every offered model is preloaded before launch and must stay: no budget, no eviction.
        self._budget = budget_bytes
        self.cache = ModelCache(budget_bytes=None if self.placement.zerogpu else budget_bytes, on_evict=_closed)
        self.max_batch = max(1, max_batch)  # texts per forward pass across concurrent requests; 1 = no batching
        self._batchers: dict[str, MicroBatcher[Any, Any]] = {}
        self._lock = threading.Lock()
        self.preloaded: set[str] = set()
        self._copies: tuple[float, list[tuple[ModelEntry, LocalCopy]]] | None = None
        _ACTIVE = self

    def set_budget_from_machine(self) -> None:
        """Compute the default budget lazily (on GPU it needs torch, which start-up avoids)."""
        if self.cache.budget_bytes is None and self._budget is None and not self.placement.zerogpu:
            self.cache.budget_bytes = self._budget = default_budget(self.placement)

    # -- the allowlist -----------------------------------------------------------------------------------
    def choices(self, task: str) -> list[str]:
        """What a picker may offer: the catalog, or on ZeroGPU only what was preloaded."""
        ids = self.catalog.choices(task)
        if self.placement.zerogpu:
            remote = {e.id for e in self.catalog.entries(task) if e.remote is not None}  # no GPU needed
            offered = [i for i in ids if i == AUTO or f"{task}:{i}" in self.preloaded or i in remote]
            return offered if any(i != AUTO for i in offered) else []
        return ids

    def default_choice(self, task: str) -> str | None:
        choice = self.catalog.default_choice(task, self.placement.profile)
        choices = self.choices(task)
        return choice if choice in choices else (choices[0] if choices else None)

    def resolve(self, task: str, model_id: object) -> ModelEntry | None:
        """The catalog entry for ``model_id``; None for "auto". Anything else raises ModelNotAllowed."""
        if model_id in (None, "") and self.default_choice(task):
            model_id = self.default_choice(task)
        if model_id == AUTO and task in self.catalog.auto:
            return None
        if not isinstance(model_id, str):
            model_id = repr(model_id)
        entry = self.catalog.entry(task, model_id)
        if self.placement.zerogpu and entry.key not in self.preloaded and entry.remote is None:
            allowed = ", ".join(self.choices(task)) or "-"
            raise ModelNotAllowed("not_preloaded", model=model_id, allowed=allowed)
        return entry

    def route(self, task: str, language: str) -> ModelEntry:
        return self.catalog.route(task, self.placement.profile, language)

    # -- loading -----------------------------------------------------------------------------------------
    def model(self, entry: ModelEntry, progress: Progress | None = None) -> Any:
        """The loaded model for ``entry``, from the cache or loaded now (single-flight).

        An entry of kind "instruct" (Summarize or Translate with the chat model and an instruction) gets the
        Chat tab's model: one copy in memory for both tabs.
        """
        if entry.options.get("kind") == INSTRUCT and entry.task != "chat":
            entry = self.catalog.entry("chat", entry.id)
        if entry.remote is not None:
            return entry.remote  # runs on a service (playground.remote): nothing to load here
        if entry.key not in self.cache:
            if entry.path is None and not hub_status().reachable() and not local_copy(entry).ready:
                # Say so at once: no import of the model library, no network retries.
                raise ModelUnavailable("model_not_cached", name=entry.name, model=entry.id)
            self.set_budget_from_machine()
            if progress:
                progress(0.0, Message("progress_loading", name=entry.name, params=entry.params))
        module = importlib.import_module(TASK_MODULES[entry.task])
        return self.cache.get(
            entry.key,
            lambda: self._load(module, entry),
            size_of=lambda value: getattr(value, "nbytes", 0),
            expected_bytes=int(entry.size_mb * 2**20),
        )

    def _load(self, module: Any, entry: ModelEntry) -> Any:
        with LOAD_LOCK:
            if entry.task != "image":
                warm_imports()
            quiet.apply()  # the teacher's quiet terminal (when the app turned it on): the libraries imported so far
            try:
                return self._load_now(module, entry)
            finally:
                quiet.apply()  # ... and those this load imported

    def _load_now(self, module: Any, entry: ModelEntry) -> Any:
        try:
            return module.load(entry, self.placement)
        except PlaygroundError:
            raise
        except Exception as exc:  # noqa: BLE001 - every load failure becomes one clear message
            if is_out_of_memory(exc):
                log.warning("out of memory loading %s: freeing the cache and trying once more", entry.id)
                if self.cache.evict():
                    try:
                        return module.load(entry, self.placement)
                    except Exception as again:  # noqa: BLE001
                        exc = again
                if is_out_of_memory(exc):
                    raise OutOfMemory("out_of_memory", name=entry.name) from exc
            log.warning("could not load %s: %s: %s", entry.id, type(exc).__name__, exc)
            raise ModelUnavailable(
                "model_unavailable", name=entry.name, model=entry.id, reason=_why_unavailable(exc)
            ) from exc

    def preload(self, tasks: Iterable[str] | None = None, progress: Progress | None = None) -> list[str]:
        """Load every default model of ``tasks`` now (ZeroGPU: in the main thread, before launch)."""
        loaded = []
        for task in tasks or TASK_MODULES:
            if task not in TASK_MODULES:
                continue
            for entry in self.catalog.defaults(task, self.placement.profile):
                if entry.remote is not None:
                    continue
                self.model(entry, progress)
                self.preloaded.add(entry.key)
                loaded.append(entry.key)
        return loaded

    def loaded(self, key: str) -> Any:
        """A model already in the cache (ZeroGPU workers use this: they must never load)."""
        return self.cache.get(key, _unreachable)

    # -- batching ----------------------------------------------------------------------------------------
    def batcher(self, key: str, fn: Callable[[list[Any]], list[Any]]) -> MicroBatcher[Any, Any]:
        """One shared :class:`MicroBatcher` per key (a model), created on first use."""
        with self._lock:
            batcher = self._batchers.get(key)
            if batcher is None:
                batcher = self._batchers[key] = MicroBatcher(fn, max_items=self.max_batch, name=f"batch:{key}")
            return batcher

    def local_copies(self, max_age_s: float = 30.0) -> list[tuple[ModelEntry, LocalCopy]]:
        """Each catalog model and whether it is on this machine (remembered for ``max_age_s``)."""
        with self._lock:
            if self._copies is None or time.monotonic() - self._copies[0] > max_age_s:
                sizes = cache_sizes()
                entries = [e for task in self.catalog.models for e in self.catalog.entries(task) if e.remote is None]
                self._copies = (time.monotonic(), [(e, local_copy(e, sizes=sizes)) for e in entries])
            return self._copies[1]

    def status(self) -> dict[str, Any]:
        """Plain data for the System panel."""
        return {
            "placement": self.placement.describe(),
            "cache": self.cache.snapshot(),
            "batchers": {
                key: {"batches": b.batches, "items": b.items, "largest": b.largest}
                for key, b in self._batchers.items()
            },
        }


def _closed(key: str, value: Any) -> None:
    """An evicted model that runs something of its own (a chat model's batching loop) stops it."""
    close = getattr(value, "close", None)
    if callable(close):
        close()


def shown_model_id(entry: ModelEntry) -> str:
    """What "show the code" names for ``entry``: its catalog id, never the machine's folder of a ``path:`` model
    (a teacher's home directory is nobody's business; the id is what students can look up).

    >>> shown_model_id(entry)   # 'myschool/sentiment', not '/home/teacher/models/sentiment'
    """
    return entry.id


def warm_imports() -> None:
    """Resolve the names of :data:`WARM_IMPORTS` once (callers hold :data:`LOAD_LOCK`)."""
    global _WARMED
    if _WARMED:
        return
    for module_name, names in WARM_IMPORTS.items():
        try:
            module = importlib.import_module(module_name)
            for name in names:
                getattr(module, name)
        except (ImportError, AttributeError) as exc:  # a later transformers may move a name: the load says so
            log.warning("could not pre-import %s: %s", module_name, exc)
    _WARMED = True


def _unreachable() -> Any:
    raise ModelUnavailable("model_unavailable", name="?", model="?", reason=Message("reason_dropped"))


def _why_unavailable(exc: BaseException) -> Message:
    """A short reason a student can act on, as a message in the page's language; never the raw exception text
    (it may hold URLs or paths)."""
    text = f"{type(exc).__name__} {exc}".lower()
    if any(word in text for word in ("offline", "localentrynotfound", "connection", "resolve", "timed out")):
        return Message("reason_offline")
    if any(word in text for word in ("gated", "401", "403", "unauthorized")):
        return Message("reason_gated")
    if any(word in text for word in ("repositorynotfound", "404", "not found", "does not appear")):
        return Message("reason_not_found")
    return Message("reason_unreadable", kind=type(exc).__name__)
