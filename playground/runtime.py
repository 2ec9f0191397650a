"""The torch utilities every task shares: model sizes, out-of-memory checks, emptying the GPU cache, Stop.

Torch is imported lazily (``sys.modules``) where a caller may run before it is loaded, so importing this module
costs nothing.

>>> stopped(None), is_out_of_memory(MemoryError())
(False, True)
"""

from __future__ import annotations

import sys
import threading
from typing import Any


def nbytes(*modules: Any) -> int:
    """Bytes held by the parameters and buffers of torch modules (anything without ``parameters`` counts 0)."""
    total = 0
    for module in modules:
        if hasattr(module, "parameters"):
            total += sum(t.numel() * t.element_size() for t in [*module.parameters(), *module.buffers()])
    return total


def is_out_of_memory(exc: BaseException) -> bool:
    """A CPU ``MemoryError``, torch's ``OutOfMemoryError``, or a backend's "out of memory" RuntimeError."""
    return isinstance(exc, MemoryError) or type(exc).__name__ == "OutOfMemoryError" or "out of memory" in str(exc)


def empty_device_cache() -> None:
    """Give the GPU's cached blocks back (a no-op without torch or without CUDA)."""
    torch = sys.modules.get("torch")
    if torch is not None and torch.cuda.is_available():
        torch.cuda.empty_cache()


def stopped(stop: threading.Event | None) -> bool:
    """Whether a Stop switch (None: there is none) has been pressed."""
    return stop is not None and stop.is_set()


def stopping_criteria(stop: threading.Event | None) -> Any:
    """A transformers ``StoppingCriteriaList`` that ends ``generate`` at the next token once ``stop`` is set."""
    import torch
    from transformers import StoppingCriteria, StoppingCriteriaList

    class StopWhenAsked(StoppingCriteria):
        def __call__(self, input_ids: Any, scores: Any, **_: Any) -> Any:
            return torch.full((input_ids.shape[0],), stopped(stop), dtype=torch.bool, device=input_ids.device)

    return StoppingCriteriaList([StopWhenAsked()] if stop is not None else [])
