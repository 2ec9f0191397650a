"""Where models run: cuda / mps / cpu, with a fitting dtype; ZeroGPU detection; the GPU decorator.

Detection at start-up must not import torch (that alone costs seconds), so the profile is decided from the
environment and the device is confirmed lazily, the first time a model is placed.

>>> placement = detect("cpu")
>>> placement.profile, placement.device
('cpu', 'cpu')
"""

from __future__ import annotations

import functools
import inspect
import logging
import math
import os
import platform
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from playground import settings
from playground.errors import OutOfMemory, PlaygroundError
from playground.runtime import empty_device_cache, is_out_of_memory

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


def on_zerogpu() -> bool:
    """True on a ZeroGPU Space, where GPU work must run inside ``spaces.GPU`` functions."""
    return settings.flag(settings.ZERO_GPU)


def _nvidia_present() -> bool:
    return Path("/proc/driver/nvidia/version").exists() or bool(os.environ.get("NVIDIA_VISIBLE_DEVICES", "").strip())


def _apple_silicon() -> bool:
    return platform.system() == "Darwin" and platform.machine() == "arm64"


@dataclass(frozen=True)
class Placement:
    """The profile (which catalog defaults), the device and the dtype every model of this process uses."""

    profile: str  # "cpu" or "gpu": picks the catalog's defaults
    device: str  # "cpu", "cuda" or "mps"
    zerogpu: bool = False

    @property
    def dtype_name(self) -> str:
        """float32 on CPU; half precision on accelerators (bfloat16 where cuda supports it)."""
        if self.device == "cpu":
            return "float32"
        if self.device == "mps":
            return "float16"
        if self.zerogpu:
            return "bfloat16"  # ZeroGPU's GPUs all support it; probing CUDA in the main process is not allowed there
        import torch

        return "bfloat16" if torch.cuda.is_available() and torch.cuda.is_bf16_supported() else "float16"

    @property
    def code_dtype(self) -> str:
        """The dtype a code panel loads its model in: the one this app's models are loaded in."""
        return "float32" if self.device == "cpu" else self.dtype_name

    @property
    def code_device(self) -> str:
        """The device a code panel moves its model to: the one this app's models run on."""
        return "cpu" if self.device == "cpu" else self.device

    @functools.cached_property
    def torch_device(self) -> str:
        """The device confirmed with torch; falls back to CPU, with a warning, when it is not there."""
        if self.device == "cpu":
            return "cpu"  # nothing to confirm, and importing torch costs seconds
        import torch

        if self.device == "cuda" and not torch.cuda.is_available() and not self.zerogpu:
            log.warning("CUDA was expected but torch sees no GPU: running on the CPU")
            return "cpu"
        if self.device == "mps" and not torch.backends.mps.is_available():
            log.warning("MPS was expected but is not available: running on the CPU")
            return "cpu"
        return self.device

    def torch_dtype(self) -> Any:
        import torch

        return torch.float32 if self.torch_device == "cpu" else getattr(torch, self.dtype_name)

    def describe(self) -> str:
        where = "ZeroGPU" if self.zerogpu else self.device
        return f"{where} · profile {self.profile} · {self.dtype_name if self.device == 'cpu' else 'half precision'}"


def detect(profile: str = "auto") -> Placement:
    """Decide the placement: ``"cpu"``, ``"gpu"`` or ``"auto"`` (a GPU if one is visible)."""
    if profile not in ("auto", "cpu", "gpu"):
        raise ValueError(f"profile must be auto, cpu or gpu, not {profile!r}")
    zerogpu = on_zerogpu()
    if zerogpu:
        return Placement("gpu", "cuda", zerogpu=True)
    if profile == "cpu":
        return Placement("cpu", "cpu")
    if _nvidia_present():
        return Placement("gpu", "cuda")
    if _apple_silicon():
        # Apple GPUs share memory with the CPU: run on MPS but keep the small CPU defaults.
        return Placement("gpu" if profile == "gpu" else "cpu", "mps")
    if profile == "gpu":
        raise ValueError("--profile gpu was asked for, but no NVIDIA or Apple GPU is visible")
    return Placement("cpu", "cpu")


def gpu_task(duration: Callable[..., float] | float) -> Callable[[F], F]:
    """Run ``fn`` through the app's one ``spaces.GPU`` function on ZeroGPU (:func:`dispatcher`); return it
    unchanged elsewhere.

    ``duration`` is seconds, or a function of the same arguments as ``fn`` that computes them from the
    input (tokens, steps, image size; see :mod:`playground.gpu_time`), so short jobs reserve short slots of the
    students' daily quota. This is the one place GPU calls are made, so it is also where ZeroGPU's own refusals
    (quota, no GPU, a job past its time) and a worker's failures become the app's messages
    (:class:`ZeroGPUError`, :class:`~playground.errors.OutOfMemory`): ``spaces`` would show them in English, and
    a worker's exception only by its class name.
    """

    def wrap(fn: F) -> F:
        if not on_zerogpu():
            return fn
        name = f"{fn.__module__}.{fn.__qualname__}"
        GPU_FUNCTIONS[name] = (fn, duration)
        gpu = dispatcher()
        if inspect.isgeneratorfunction(fn):
            return _generator_on_zerogpu(fn, functools.partial(_through, gpu, name))  # type: ignore[return-value]
        return _function_on_zerogpu(fn, functools.partial(_first, gpu, name))  # type: ignore[return-value]

    return wrap


# -- one GPU function for the whole app --------------------------------------------------------------------------
# spaces keeps warm workers per decorated function: with one function per task, each task's first call (and each
# call that finds its worker busy) forks a worker that moves EVERY packed model to the GPU (the GPU defaults are
# about 25 GB). One dispatcher means one warm worker serves every tab (see tests/test_zerogpu.py, which counts the
# workers through /allow).
GPU_FUNCTIONS: dict[str, tuple[Callable[..., Any], Callable[..., Any] | float]] = {}
_DISPATCH: tuple[Any, Callable[..., Any]] | None = None  # (the spaces module, its GPU function)


def dispatcher() -> Callable[..., Any]:
    """The app's one ``spaces.GPU`` generator function (created on first use, at import time of the tasks)."""
    global _DISPATCH
    import spaces  # imported before torch in app.py on ZeroGPU

    if _DISPATCH is None or _DISPATCH[0] is not spaces:
        _DISPATCH = (spaces, spaces.GPU(duration=_dispatch_seconds)(_dispatch))
    return _DISPATCH[1]


def _dispatch(name: str, args: tuple, kwargs: dict[str, Any]) -> Iterator[Any]:
    """In the worker: run GPU function ``name``; a plain function yields its one result."""
    fn, _ = GPU_FUNCTIONS[name]
    if inspect.isgeneratorfunction(fn):
        yield from _carrying_gen(fn)(*args, **kwargs)
    else:
        yield _carrying(fn)(*args, **kwargs)


def _dispatch_seconds(name: str, args: tuple, kwargs: dict[str, Any]) -> float:
    _, duration = GPU_FUNCTIONS[name]
    return duration(*args, **kwargs) if callable(duration) else duration


def _through(gpu: Callable[..., Any], name: str, *args: Any, **kwargs: Any) -> Iterator[Any]:
    return gpu(name, args, kwargs)


def _first(gpu: Callable[..., Any], name: str, *args: Any, **kwargs: Any) -> Any:
    items = list(gpu(name, args, kwargs))  # to the end: the worker then reports the call done and the slot is freed
    return items[0] if items else None


class ZeroGPUError(PlaygroundError):
    """ZeroGPU refused or ended a GPU call: daily quota, no GPU free, a job past its time, a failed worker."""


@dataclass(frozen=True)
class _Failure:
    """A worker's error, carried back as a value (``spaces`` keeps only the class name of an exception)."""

    kind: str
    key: str
    params: dict[str, Any]

    def error(self) -> PlaygroundError:
        from playground import errors

        cls = getattr(errors, self.kind, None)
        if not (isinstance(cls, type) and issubclass(cls, PlaygroundError)):
            cls = ZeroGPUError if self.kind == "ZeroGPUError" else PlaygroundError
        return cls(self.key, **self.params)


def _carried(exc: Exception) -> _Failure | None:
    """What of ``exc`` (raised in a worker) crosses back: the app's own errors, and running out of memory."""
    if isinstance(exc, PlaygroundError):
        return _Failure(type(exc).__name__, exc.key, dict(exc.params))
    if is_out_of_memory(exc):
        return _Failure("OutOfMemory", "gpu_out_of_memory", {})
    return None


def _carrying(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` as it runs in the worker: out of memory frees the cache and tries once more; the app's errors and a
    second out-of-memory come back as a :class:`_Failure` value."""

    @functools.wraps(fn)
    def in_worker(*args: Any, **kwargs: Any) -> Any:
        try:
            try:
                return fn(*args, **kwargs)
            except Exception as exc:
                if not is_out_of_memory(exc):
                    raise
                log.warning("out of GPU memory in %s: emptying the cache and trying once more", fn.__name__)
                empty_device_cache()
                return fn(*args, **kwargs)
        except Exception as exc:
            if (failure := _carried(exc)) is None:
                raise
            return failure

    return in_worker


def _carrying_gen(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def in_worker(*args: Any, **kwargs: Any) -> Iterator[Any]:
        try:
            yield from fn(*args, **kwargs)
        except Exception as exc:
            if (failure := _carried(exc)) is None:
                raise
            yield failure

    return in_worker


def _function_on_zerogpu(fn: Callable[..., Any], gpu: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            result = gpu(*args, **kwargs)
        except PlaygroundError:
            raise
        except Exception as exc:
            raise zerogpu_error(exc) from exc
        if isinstance(result, _Failure):
            raise result.error()
        return result

    call.gpu = gpu  # type: ignore[attr-defined]
    return call


def _generator_on_zerogpu(fn: Callable[..., Any], gpu: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Iterator[Any]:
        stream = gpu(*args, **kwargs)
        try:
            for item in stream:
                if isinstance(item, _Failure):
                    raise item.error()
                yield item
        except PlaygroundError:
            raise
        except Exception as exc:
            raise zerogpu_error(exc) from exc
        finally:
            stream.close()  # Stop: spaces tells the worker to close the task's generator, then releases the GPU

    call.gpu = gpu  # type: ignore[attr-defined]
    return call


_QUOTA = re.compile(r"\((\d+)s requested vs\. (-?\d+)s left\)\. Try again in ([^.]+?)\. ")
_ILLEGAL = re.compile(r"requested GPU duration \((\d+)s\)")


def _minutes(wait: str) -> int:
    """Whole minutes (at least 1) of a ``timedelta`` as spaces prints it: "0:10:00", "1 day, 2:00:00".

    >>> _minutes("0:10:00"), _minutes("0:00:30"), _minutes("1 day, 0:00:00")
    (10, 1, 1440)
    """
    days = 0
    if "day" in wait:
        head, _, wait = wait.partition(",")
        days = int(head.split()[0])
    try:
        hours, mins, secs = (float(x) for x in wait.strip().split(":"))
    except ValueError:
        return 1
    return max(1, math.ceil(days * 1440 + hours * 60 + mins + secs / 60))


def zerogpu_error(exc: BaseException) -> PlaygroundError:
    """The app's message for what ``spaces`` raised (a ``gr.Error`` titled "ZeroGPU ...", or anything else).

    >>> zerogpu_error(Exception("GPU task aborted")).key      # an untitled error keeps only its kind
    'zerogpu_failed'
    """
    title = str(getattr(exc, "title", "") or "")
    text = str(getattr(exc, "message", "") or exc)
    if not title.startswith("ZeroGPU"):
        return ZeroGPUError("zerogpu_failed", kind=type(exc).__name__)
    if title == "ZeroGPU illegal duration":
        match = _ILLEGAL.search(text)
        return ZeroGPUError("zerogpu_too_long", requested=match.group(1) if match else "?")
    if "No GPU was available" in text or title == "ZeroGPU queue timeout":
        return ZeroGPUError("zerogpu_no_gpu")
    if title in ("ZeroGPU quota exceeded", "ZeroGPU pending credits exceeded"):
        match = _QUOTA.search(text + " ")
        if match:
            return ZeroGPUError("zerogpu_quota", requested=match.group(1), left=max(0, int(match.group(2))),
                                minutes=_minutes(match.group(3)))
        return ZeroGPUError("zerogpu_quota_space")
    if title == "ZeroGPU worker error":
        if text == "GPU task aborted":
            return ZeroGPUError("zerogpu_aborted")
        if "OutOfMemory" in text or "out of memory" in text.lower():
            return OutOfMemory("gpu_out_of_memory")
        return ZeroGPUError("zerogpu_failed", kind=text.strip()[:60] or "error")
    return ZeroGPUError("zerogpu_failed", kind=title)
