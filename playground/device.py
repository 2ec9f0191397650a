"""Where models run: cuda / mps / cpu, with a fitting dtype; ZeroGPU detection; the GPU decorator.

Detection at start-up must not import torch (that alone costs seconds), so the profile is decided from the
environment and the device is confirmed lazily, the first time a model is placed.

>>> placement = detect("cpu")
>>> placement.profile, placement.device
('cpu', 'cpu')
"""

from __future__ import annotations

import functools
import logging
import os
import platform
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from playground import settings

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
    """Wrap ``fn`` with ``spaces.GPU(duration=...)`` on ZeroGPU; return it unchanged elsewhere.

    ``duration`` is seconds, or a function of the same arguments as ``fn`` that computes them from the
    input (tokens, steps, image size), so short jobs reserve short slots of the students' daily quota.
    """

    def wrap(fn: F) -> F:
        if not on_zerogpu():
            return fn
        import spaces  # imported before torch in app.py on ZeroGPU

        return spaces.GPU(duration=duration)(fn)

    return wrap
