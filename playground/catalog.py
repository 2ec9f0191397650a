"""The catalog: which models each task may use (the allowlist), with license, languages, size and defaults.

The catalog is data (``catalog.yaml`` at the repository root); this module reads and validates it. Nothing
outside the catalog can ever be loaded, from the UI or the API.

>>> catalog = load_catalog("catalog.yaml")
>>> catalog.entry("sentiment", "daekeun-ml/koelectra-small-v3-nsmc").license
'mit'
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playground.errors import CatalogError, ModelNotAllowed
from playground.registry import catalog_tasks
from playground.remote import RemoteSpec, parse_remote

TASKS = catalog_tasks()  # the sections a catalog may have (playground.registry)
PROFILES = ("cpu", "gpu")
AUTO = "auto"
INSTRUCT = "instruct"  # options.kind of a summarize/translate entry that borrows the chat model of the same id
DEFAULT_CATALOG = Path(__file__).resolve().parent.parent / "catalog.yaml"
CATALOG_ENV = "PLAYGROUND_CATALOG"

_MODEL_KEYS = {
    "id", "name", "path", "revision", "license", "license_url", "languages", "params", "size_mb",
    "default", "options", "note", "remote",
}
REMOTE_TASKS = ("chat", "image")  # Summarize and Translate reach a remote chat model through kind: instruct
_REQUIRED = ("id", "name", "license", "languages", "params", "size_mb", "default")
TOKENIZER_CLASSES = ("AutoTokenizer", "PreTrainedTokenizerFast")  # options.tokenizer.class: never remote code
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
_LANG = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class ModelEntry:
    """One allowed model of one task."""

    task: str
    id: str
    name: str
    license: str
    languages: tuple[str, ...]
    params: str
    size_mb: float
    default: tuple[str, ...]
    revision: str | None = None
    path: Path | None = None  # a local folder that replaces the Hub download (tiny test models, own models)
    license_url: str | None = None
    note: str | None = None
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    remote: RemoteSpec | None = None  # runs on a service through InferenceClient instead of local weights

    @property
    def source(self) -> str:
        """What ``from_pretrained`` is given: the local folder if there is one, else the Hub id."""
        return str(self.path) if self.path else self.id

    @property
    def card_url(self) -> str | None:
        """The model card on the Hub, or None for a local-only model (or a model on a server of its own)."""
        if self.path or (self.remote and self.remote.service != "providers"):
            return None
        return f"https://huggingface.co/{self.id}"

    @property
    def key(self) -> str:
        """The cache key: task and id (one id may serve two tasks with different loaders)."""
        return f"{self.task}:{self.id}"


@dataclass(frozen=True)
class Catalog:
    """All tasks' allowed models, read from one file."""

    path: Path
    models: dict[str, tuple[ModelEntry, ...]]
    auto: frozenset[str]  # tasks that offer an "auto" choice routed by the text's language

    def entries(self, task: str) -> tuple[ModelEntry, ...]:
        return self.models.get(task, ())

    def entry(self, task: str, model_id: str) -> ModelEntry:
        """The entry for ``model_id``, or :class:`ModelNotAllowed` (the allowlist check)."""
        for entry in self.entries(task):
            if entry.id == model_id:
                return entry
        allowed = ", ".join(self.choices(task)) or "-"
        raise ModelNotAllowed("not_in_catalog", model=str(model_id)[:200], task=task, allowed=allowed)

    def choices(self, task: str) -> list[str]:
        """Model ids a picker offers, "auto" first where the task has it."""
        ids = [entry.id for entry in self.entries(task)]
        return ([AUTO] if task in self.auto and ids else []) + ids

    def defaults(self, task: str, profile: str) -> list[ModelEntry]:
        return [entry for entry in self.entries(task) if profile in entry.default]

    def default_choice(self, task: str, profile: str) -> str | None:
        """What a picker shows first: "auto" where offered, else the profile's default."""
        if task in self.auto and self.entries(task):
            return AUTO
        defaults = self.defaults(task, profile)
        return defaults[0].id if defaults else None

    def route(self, task: str, profile: str, language: str) -> ModelEntry:
        """The default model of ``profile`` for text in ``language`` (used by "auto")."""
        defaults = self.defaults(task, profile) or list(self.entries(task))
        for entry in defaults:
            if language in entry.languages:
                return entry
        for entry in defaults:
            if "en" in entry.languages:
                return entry
        return defaults[0]

    def hub_ids(self, *, defaults_only: bool = False) -> list[str]:
        """Hub ids of every Hub model (for the README's front matter and preloading)."""
        ids: list[str] = []
        remote = {e.id for e in self.entries("chat") if e.remote is not None}  # instruct entries borrow these
        for entries in self.models.values():
            for entry in entries:
                if (entry.path is None and entry.remote is None and entry.id not in remote
                        and (entry.default or not defaults_only) and entry.id not in ids):
                    ids.append(entry.id)
        return ids


def catalog_path(cli_value: str | None = None) -> Path:
    """``--catalog`` wins, then ``$PLAYGROUND_CATALOG``, then the repository's ``catalog.yaml``."""
    value = cli_value or os.environ.get(CATALOG_ENV)
    return Path(value).expanduser().resolve() if value else DEFAULT_CATALOG


def load_catalog(path: str | os.PathLike[str] | None = None) -> Catalog:
    """Read and validate a catalog file; :class:`CatalogError` names the first bad entry."""
    path = Path(path) if path else catalog_path()
    import yaml

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogError(f"{path}: catalog file not found") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CatalogError(f"{path}: not a readable YAML file ({exc})") from None
    return parse_catalog(raw, path)


def parse_catalog(raw: object, path: Path) -> Catalog:
    """Validate an already-parsed catalog (``path`` names it in errors and anchors relative folders)."""
    where = str(path)
    if not isinstance(raw, dict):
        raise CatalogError(f"{where}: expected a mapping with 'version' and 'tasks'")
    if raw.get("version") != 1:
        raise CatalogError(f"{where}: 'version' must be 1, got {raw.get('version')!r}")
    tasks = raw.get("tasks")
    if not isinstance(tasks, dict) or not tasks:
        raise CatalogError(f"{where}: 'tasks' must map task names to their models")
    models: dict[str, tuple[ModelEntry, ...]] = {}
    auto: set[str] = set()
    for task, spec in tasks.items():
        here = f"{where}: tasks.{task}"
        if task not in TASKS:
            raise CatalogError(f"{here}: unknown task (known: {', '.join(TASKS)})")
        if not isinstance(spec, dict) or not isinstance(spec.get("models"), list):
            raise CatalogError(f"{here}: expected 'models:' with a list of models")
        unknown = set(spec) - {"models", "auto"}
        if unknown:
            raise CatalogError(f"{here}: unknown key(s) {sorted(unknown)}")
        entries = tuple(
            _parse_model(task, item, f"{here}.models[{i}]", path.parent) for i, item in enumerate(spec["models"])
        )
        ids = [entry.id for entry in entries]
        duplicate = next((i for i in ids if ids.count(i) > 1), None)
        if duplicate:
            raise CatalogError(f"{here}: model {duplicate!r} is listed twice")
        for profile in PROFILES:
            if entries and not any(profile in entry.default for entry in entries):
                raise CatalogError(f"{here}: no model has 'default' including {profile!r}")
        if spec.get("auto"):
            auto.add(task)
        models[task] = entries
    chat_ids = {entry.id for entry in models.get("chat", ())}
    for task, entries in models.items():
        for i, entry in enumerate(entries):
            if entry.options.get("kind") == INSTRUCT and (task == "chat" or entry.id not in chat_ids):
                raise CatalogError(f"{where}: tasks.{task}.models[{i}] ({entry.id}): kind 'instruct' borrows the chat "
                                   "model of the same id, so list it under tasks.chat too")
    for task, entries in models.items():
        for i, entry in enumerate(entries):
            fallback = entry.remote.fallback if entry.remote else None
            if fallback is not None:
                local = next((e for e in entries if e.id == fallback), None)
                if local is None or local.remote is not None:
                    raise CatalogError(f"{where}: tasks.{task}.models[{i}] ({entry.id}): remote 'fallback' must be "
                                       f"the id of a model of tasks.{task} that runs on this machine")
    return Catalog(path=path, models=models, auto=frozenset(auto))


def _parse_model(task: str, item: object, here: str, base: Path) -> ModelEntry:
    if not isinstance(item, dict):
        raise CatalogError(f"{here}: expected a mapping with at least {', '.join(_REQUIRED)}")
    if "id" in item:
        here = f"{here} ({item['id']})"
    if "trust_remote_code" in item or "trust_remote_code" in (item.get("options") or {}):
        raise CatalogError(f"{here}: trust_remote_code is never allowed in the playground")
    unknown = set(item) - _MODEL_KEYS
    if unknown:
        raise CatalogError(f"{here}: unknown key(s) {sorted(unknown)}")
    optional = ("params", "size_mb") if item.get("remote") is not None else ()
    required = tuple(k for k in _REQUIRED if k not in optional)
    missing = [key for key in required if item.get(key) in (None, "") or (item.get(key) == [] and key != "default")]
    if missing:
        raise CatalogError(f"{here}: missing {', '.join(repr(k) for k in missing)}")
    model_id = item["id"]
    if not isinstance(model_id, str) or not _HUB_ID.match(model_id):
        raise CatalogError(f"{here}: 'id' must look like 'org/name'")
    if item.get("remote") is not None:  # no weights here: what it needs of params and size is optional
        item = {"params": "remote", "size_mb": 0.0, **item}
    for key in ("name", "license", "params"):
        if not isinstance(item[key], str):
            raise CatalogError(f"{here}: {key!r} must be a string")
    languages = item["languages"]
    if not isinstance(languages, list) or not all(isinstance(x, str) and _LANG.match(x) for x in languages):
        raise CatalogError(f"{here}: 'languages' must be a list of ISO 639 codes such as [en, ko]")
    remote = None
    if item.get("remote") is not None:
        if task not in REMOTE_TASKS:
            raise CatalogError(f"{here}: 'remote' is for tasks {', '.join(REMOTE_TASKS)} (Summarize and Translate "
                               "use a remote chat model with kind: instruct; Sentiment runs on this machine)")
        if item.get("path"):
            raise CatalogError(f"{here}: a model has either 'path' (local weights) or 'remote', not both")
        remote = parse_remote(item["remote"], f"{here}.remote", model_id)
        if task == "image" and remote.service == "openai":
            raise CatalogError(f"{here}: images come from Inference Providers or an Inference Endpoint "
                               "(text_to_image), not from an OpenAI-compatible chat server")
    size = item["size_mb"]
    if remote is None and (isinstance(size, bool) or not isinstance(size, (int, float)) or size <= 0):
        raise CatalogError(f"{here}: 'size_mb' must be a positive number")
    default = item["default"]
    if isinstance(default, str):
        default = [default]
    if not isinstance(default, list) or not set(default) <= set(PROFILES):
        raise CatalogError(f"{here}: 'default' must be a list drawn from {list(PROFILES)}")
    options = item.get("options") or {}
    if not isinstance(options, dict):
        raise CatalogError(f"{here}: 'options' must be a mapping")
    tokenizer = options.get("tokenizer")
    if tokenizer is not None:
        if not isinstance(tokenizer, dict):
            raise CatalogError(f"{here}: 'options.tokenizer' must be a mapping (class, special tokens, template)")
        if tokenizer.get("class", "AutoTokenizer") not in TOKENIZER_CLASSES:
            raise CatalogError(f"{here}: options.tokenizer.class must be one of {list(TOKENIZER_CLASSES)}")
    local = None
    if item.get("path"):
        local = (base / str(item["path"])).resolve()
        if not local.is_dir():
            raise CatalogError(f"{here}: 'path' {item['path']!r} is not a folder next to the catalog")
    revision = item.get("revision")
    if revision is not None and not isinstance(revision, str):
        raise CatalogError(f"{here}: 'revision' must be a string (a branch, tag or commit)")
    return ModelEntry(
        task=task,
        id=model_id,
        name=item["name"],
        license=item["license"],
        languages=tuple(languages),
        params=item["params"],
        size_mb=float(size),
        default=tuple(default),
        revision=revision,
        path=local,
        license_url=item.get("license_url"),
        note=item.get("note"),
        options=dict(options),
        remote=remote,
    )
