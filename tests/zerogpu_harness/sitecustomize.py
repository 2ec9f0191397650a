"""TEST HARNESS ONLY (never part of the app): run ZeroGPU's forked worker on this CPU-only torch.

``tests/test_zerogpu.py`` puts this folder first on the app subprocess's ``PYTHONPATH``. The main process is left
exactly as the real ``spaces`` package makes it (CUDA emulated, weights packed to disk at launch). Only in the
forked worker — right after ``spaces`` undoes its emulation there (``spaces.zero.torch.unpatch``) and before it
moves the packed weights to "the GPU" — CUDA is mapped to the CPU: ``.cuda()`` / ``.to("cuda")`` / ``device="cuda"``
land on the CPU, pinning is a no-op, and the packed weights are read back with plain reads (``O_DIRECT`` and
pinned buffers need a real GPU and file system support). The weights the worker computes with are the very tensors
``spaces`` packed in the main process, read back from its pack file.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import sys
from typing import Any

TARGET = "spaces.zero.torch"


def _cpu(value: Any) -> Any:
    import torch

    if isinstance(value, str) and value.startswith("cuda"):
        return "cpu"
    if isinstance(value, torch.device) and value.type == "cuda":
        return torch.device("cpu")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return value


def _map_args(args: tuple, kwargs: dict) -> tuple[tuple, dict]:
    args = tuple(_cpu(a) for a in args)
    if "device" in kwargs:
        kwargs = {**kwargs, "device": _cpu(kwargs["device"])}
    return args, kwargs


def map_cuda_to_cpu() -> None:
    """Patch torch in this (worker) process so that every CUDA placement lands on the CPU."""
    import torch

    tensor_to, module_to = torch.Tensor.to, torch.nn.Module.to

    def to(self: Any, *args: Any, **kwargs: Any) -> Any:
        args, kwargs = _map_args(args, kwargs)
        kwargs.pop("non_blocking", None)
        return tensor_to(self, *args, **kwargs)

    def module_to_cpu(self: Any, *args: Any, **kwargs: Any) -> Any:
        args, kwargs = _map_args(args, kwargs)
        return module_to(self, *args, **kwargs)

    torch.Tensor.to = to
    torch.Tensor.cuda = lambda self, *a, **k: self
    torch.Tensor.pin_memory = lambda self, *a, **k: self
    torch.nn.Module.to = module_to_cpu
    torch.nn.Module.cuda = lambda self, *a, **k: self
    for name in ("tensor", "empty", "zeros", "ones", "full", "arange", "randn", "rand", "randint", "as_tensor",
                 "linspace", "zeros_like", "ones_like", "empty_like", "full_like", "randn_like", "eye"):
        original = getattr(torch, name)

        def factory(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
            args, kwargs = _map_args(args, kwargs)
            return _original(*args, **kwargs)

        setattr(torch, name, factory)
    generator = torch.Generator

    class CpuGenerator(generator):  # type: ignore[misc, valid-type]
        def __new__(cls, device: Any = "cpu") -> Any:
            return generator(_cpu(device))

    torch.Generator = CpuGenerator
    torch.cuda.synchronize = lambda *a, **k: None
    torch.cuda.empty_cache = lambda *a, **k: None
    torch.cuda.is_available = lambda: True
    os.environ["PLAYGROUND_ZEROGPU_CPU_HARNESS"] = "worker"


def _pack_to_cpu(pack: Any, callback: Any = None) -> None:
    """``spaces.zero.torch.packing.pack_to_cuda`` with plain reads into CPU tensors."""
    import torch

    callback = callback or (lambda n: None)
    with open(pack.path(), "rb") as f:
        for batch in pack.batches:
            for tensor, size, aligned in batch:
                _fill(pack, tensor, f.read(aligned)[:size], torch)
                callback(size)
        for tensor, size, aligned in pack.big_tensors:
            _fill(pack, tensor, f.read(aligned)[:size], torch)
            callback(size)


def _fill(pack: Any, tensor: Any, data: bytes, torch: Any) -> None:
    storage = torch.frombuffer(bytearray(data), dtype=torch.uint8) if data else torch.empty(0, dtype=torch.uint8)
    real = torch.tensor([], dtype=tensor.dtype).set_(storage.untyped_storage(), 0, tensor.shape, tensor.stride())
    for fake in pack.fakes[tensor]:
        fake.data = real


def _install(module: Any) -> None:
    original_unpatch = module.unpatch

    def unpatch() -> None:  # called only in the forked worker (spaces.zero.wrappers.worker_init)
        original_unpatch()
        map_cuda_to_cpu()
        from spaces.zero.torch import patching

        patching.pack_to_cuda = _pack_to_cpu

    module.unpatch = unpatch


def _no_cuda_init() -> None:
    raise RuntimeError("this torch build has no CUDA (the ZeroGPU test harness maps CUDA to the CPU in workers)")


def _not_in_bad_fork() -> bool:
    return False


class _Hook(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != TARGET:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        exec_module = loader.exec_module

        def exec_and_install(module: Any) -> None:
            import torch

            if torch.version.cuda is None:  # a CPU-only build: spaces reads the CUDA version to pick its constants
                torch.version.cuda = "12.8"
            if not hasattr(torch._C, "_cuda_init"):  # ... and keeps the low-level CUDA init to restore in workers
                torch._C._cuda_init = _no_cuda_init
            if getattr(torch.cuda._is_in_bad_fork, "__name__", "") == "<lambda>":  # spaces pickles it to a fork
                torch.cuda._is_in_bad_fork = _not_in_bad_fork
            exec_module(module)
            _install(module)

        loader.exec_module = exec_and_install  # type: ignore[method-assign]
        return spec


if os.environ.get("PLAYGROUND_ZEROGPU_CPU_HARNESS"):
    sys.meta_path.insert(0, _Hook())
