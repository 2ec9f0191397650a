"""Placement and the ZeroGPU decorator (with a stand-in for ``spaces``: no ZeroGPU here)."""

from __future__ import annotations

import sys
import types

import pytest

from playground import device
from playground.device import Placement, detect, gpu_task


def test_cpu_profile() -> None:
    placement = detect("cpu")
    assert (placement.profile, placement.device, placement.zerogpu) == ("cpu", "cpu", False)
    assert placement.dtype_name == "float32" and placement.torch_device == "cpu"
    with pytest.raises(ValueError, match="profile"):
        detect("tpu")


def test_zerogpu_is_detected_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPACES_ZERO_GPU", "true")
    placement = detect("cpu")  # ZeroGPU wins: the Space has a GPU for GPU functions
    assert placement == Placement("gpu", "cuda", zerogpu=True)


def test_auto_without_a_gpu_is_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPACES_ZERO_GPU", raising=False)
    monkeypatch.setattr(device, "_nvidia_present", lambda: False)
    monkeypatch.setattr(device, "_apple_silicon", lambda: False)
    assert detect("auto").device == "cpu"
    with pytest.raises(ValueError, match="no NVIDIA or Apple GPU"):
        detect("gpu")


def test_gpu_task_is_a_no_op_off_zerogpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPACES_ZERO_GPU", raising=False)

    def fn(texts: list[str]) -> int:
        return len(texts)

    assert gpu_task(duration=10)(fn) is fn


def test_gpu_task_uses_spaces_with_a_computed_duration(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {}

    def fake_gpu(duration):
        def wrap(fn):
            def wrapped(*args):
                calls["seconds"] = duration(*args) if callable(duration) else duration
                return fn(*args)

            return wrapped

        return wrap

    monkeypatch.setitem(sys.modules, "spaces", types.SimpleNamespace(GPU=fake_gpu))
    monkeypatch.setenv("SPACES_ZERO_GPU", "true")
    wrapped = gpu_task(duration=lambda texts: 5 + len(texts))(lambda texts: texts[::-1])
    assert wrapped(["a", "b", "c"]) == ["c", "b", "a"]
    assert calls["seconds"] == 8
