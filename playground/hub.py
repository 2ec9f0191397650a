"""The Hugging Face Hub, for a classroom with bad Wi-Fi: is it reachable, what is cached, how to fetch.

Without this, asking transformers for a model that is not cached, with no internet, takes about 50 seconds of
retries before it fails. Here reachability is checked once with a short timeout and remembered for a while;
when the Hub is out of reach every load uses ``local_files_only=True`` and fails (or succeeds) at once.

>>> hub_status().reachable()        # False at once when HF_HUB_OFFLINE=1
>>> pretrained_kwargs(entry)         # what every loader passes to from_pretrained
{'revision': None, 'trust_remote_code': False, 'local_files_only': True}
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from playground import settings
from playground.catalog import ModelEntry

CHECK_TIMEOUT_S = 1.5  # connect + first byte; a classroom network that slow is unusable anyway
REMEMBER_S = 60.0  # how long an answer is trusted before the next load checks again
# Files never needed by the PyTorch loaders: other frameworks' weights and exports.
IGNORE_PATTERNS = ["*.h5", "*.msgpack", "*.ot", "tf_model*", "flax_model*", "rust_model*", "*.onnx", "onnx/*",
                   "openvino/*", "coreml/*", "*.tflite", "*.mlmodel", "*.gguf"]


def offline_forced() -> bool:
    """``HF_HUB_OFFLINE=1`` (or true/yes/on): never touch the network."""
    return settings.flag(settings.HUB_OFFLINE)


def endpoint() -> str:
    return settings.text(settings.HF_ENDPOINT)


class HubStatus:
    """Remembers whether the Hub answered, checking at most once per ``remember_s`` (thread-safe)."""

    def __init__(self, url: str | None = None, *, timeout_s: float = CHECK_TIMEOUT_S, remember_s: float = REMEMBER_S):
        self.url = url
        self.timeout_s = timeout_s
        self.remember_s = remember_s
        self._lock = threading.Lock()
        self._answer: bool | None = None
        self._checked_at = 0.0
        self.checks = 0

    def known(self) -> bool | None:
        """What the last check found (False when the Hub is forced offline), without checking: None if never checked."""
        if offline_forced():
            return False
        with self._lock:
            return self._answer

    def reachable(self) -> bool:
        if offline_forced():
            return False
        with self._lock:  # thirty students loading at once make one check, not thirty
            if self._answer is None or time.monotonic() - self._checked_at > self.remember_s:
                self._answer = self._check()
                self._checked_at = time.monotonic()
                self.checks += 1
            return self._answer

    def _check(self) -> bool:
        import httpx

        url = self.url or endpoint()
        try:
            # Any HTTP answer means the Hub is there; only a failure to connect or to answer in time is "no".
            httpx.head(f"{url.rstrip('/')}/api/models", timeout=self.timeout_s, follow_redirects=False)
            return True
        except httpx.HTTPError:
            return False


_STATUS: HubStatus | None = None
_STATUS_LOCK = threading.Lock()


def hub_status() -> HubStatus:
    """The process's shared :class:`HubStatus` (for ``$HF_ENDPOINT``)."""
    global _STATUS
    with _STATUS_LOCK:
        if _STATUS is None or _STATUS.url not in (None, endpoint()):
            _STATUS = HubStatus()
        return _STATUS


def pretrained_kwargs(entry: ModelEntry) -> dict[str, Any]:
    """Keyword arguments every loader passes to ``from_pretrained``: never remote code; no network when the
    Hub is out of reach (so a missing model fails at once instead of after ~50 s of retries)."""
    local_only = entry.path is None and not hub_status().reachable()
    return {"revision": entry.revision, "trust_remote_code": False, "local_files_only": local_only}


# -- what is on this machine --------------------------------------------------------------------------------
@dataclass(frozen=True)
class LocalCopy:
    """Where a catalog model's files are: a local folder, the Hugging Face cache, or nowhere yet."""

    where: str  # "folder", "cache" or "missing"
    bytes_on_disk: int = 0

    @property
    def ready(self) -> bool:
        return self.where != "missing"


def local_copy(entry: ModelEntry, *, sizes: dict[str, int] | None = None) -> LocalCopy:
    """Is ``entry`` loadable without the network? ``sizes`` (from :func:`cache_sizes`) adds its size on disk."""
    if entry.path is not None:
        return LocalCopy("folder", _folder_size(entry.path))
    from huggingface_hub import try_to_load_from_cache

    for marker in ("config.json", "model_index.json"):  # transformers models / diffusers pipelines
        found = try_to_load_from_cache(entry.id, marker, revision=entry.revision)
        if isinstance(found, str):
            return LocalCopy("cache", (sizes or {}).get(entry.id, 0))
    return LocalCopy("missing")


def cache_sizes() -> dict[str, int]:
    """Bytes on disk per model repo in the Hugging Face cache (one scan for the whole System panel)."""
    from huggingface_hub import scan_cache_dir

    try:
        info = scan_cache_dir()
    except Exception:  # noqa: BLE001 - no cache folder yet, or an unreadable one: nothing cached
        return {}
    return {repo.repo_id: repo.size_on_disk for repo in info.repos if repo.repo_type == "model"}


def _folder_size(folder: Any) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def download(entry: ModelEntry, files: list[str] | None = None) -> str:
    """Fetch ``entry`` into the Hugging Face cache: only ``files`` (what the loader reads, see :func:`plan`) when
    given, else everything but :func:`ignore_patterns`. Files already there are not fetched again."""
    from huggingface_hub import snapshot_download

    if files is not None:
        return snapshot_download(entry.id, revision=entry.revision, allow_patterns=[_literal(f) for f in files])
    return snapshot_download(entry.id, revision=entry.revision, ignore_patterns=_ignore_for(entry))


def _literal(name: str) -> str:
    """A file name as an fnmatch pattern that matches only itself (``[`` would start a character class)."""
    return "".join(f"[{c}]" if c in "[]*?" else c for c in name)


def _ignore_for(entry: ModelEntry) -> list[str]:
    from huggingface_hub import list_repo_files

    return IGNORE_PATTERNS + ignore_patterns(list_repo_files(entry.id, revision=entry.revision))


def ignore_patterns(files: list[str]) -> list[str]:
    """What a download can skip, given the repo's files.

    PyTorch ``.bin`` weights when the repo also has safetensors (the same tensors); and in a diffusers pipeline
    repo (``model_index.json``), weights at the top level: single-file checkpoints of the pipeline whose components
    live in their folders (sd-turbo's is 5 GB).
    """
    skip = ["*.bin", "*.pt", "*.pth"] if any(name.endswith(".safetensors") for name in files) else []
    if "model_index.json" in files:
        skip += [name for name in files if "/" not in name and name.endswith((".safetensors", ".ckpt", ".bin"))]
    return skip


# Half-precision copies beside the full-precision weights (diffusers' ``variant="fp16"``): the loaders here never
# ask for a variant, so ``unet/diffusion_pytorch_model.fp16.safetensors`` is never read when the plain file exists.
_VARIANTS = (".fp16.", ".bf16.", ".non_ema.", ".ema.")


def wanted_files(files: list[str]) -> list[str]:
    """The repository files the playground's loaders read: no other frameworks' weights or exports
    (:data:`IGNORE_PATTERNS`), no ``.bin`` beside ``.safetensors``, no top-level single-file checkpoint of a
    diffusers pipeline, no ``*.fp16.*`` (or other variant) copy beside the full-precision file.

    >>> wanted_files(["model_index.json", "unet/config.json", "unet/diffusion_pytorch_model.safetensors",
    ...               "unet/diffusion_pytorch_model.fp16.safetensors", "sd_turbo.safetensors", "flax_model.msgpack"])
    ['model_index.json', 'unet/config.json', 'unet/diffusion_pytorch_model.safetensors']
    """
    import fnmatch

    skip = IGNORE_PATTERNS + ignore_patterns(files)
    names = set(files)
    out = []
    for name in files:
        if any(fnmatch.fnmatch(name, pattern) for pattern in skip):
            continue
        variant = next((v for v in _VARIANTS if v in name), None)
        if variant is not None and name.replace(variant, ".", 1) in names:
            continue  # the full-precision file is what the loader reads
        if name.startswith(".") or name.endswith((".gitattributes",)):
            continue
        out.append(name)
    return out


@dataclass(frozen=True)
class DownloadPlan:
    """What ``--prepare`` and ``preload_from_hub`` fetch of one repository, and how many bytes that is."""

    repo: str
    files: list[str]
    bytes: int
    all_bytes: int  # the whole repository, for comparison

    def preload_line(self) -> str:
        """The README front matter's ``preload_from_hub`` form: ``repo file1,file2,...``."""
        return f"{self.repo} {','.join(self.files)}"


def plan(entry: ModelEntry, api: Any = None) -> DownloadPlan:
    """The files of ``entry``'s repository that its loader reads, with their sizes (one Hub call, no download)."""
    from huggingface_hub import HfApi

    info = (api or HfApi()).model_info(entry.id, revision=entry.revision, files_metadata=True)
    sizes = {s.rfilename: int(getattr(s, "size", 0) or 0) for s in (info.siblings or [])}
    files = wanted_files(sorted(sizes))
    return DownloadPlan(entry.id, files, sum(sizes[f] for f in files), sum(sizes.values()))
