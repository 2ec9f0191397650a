"""Lean downloads: ``--prepare`` (and ``hub.download``) fetch only the files the loaders read, and say how much
before fetching. A stand-in repository listing replaces the Hub (no network)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from playground import hub, prepare

ROOT = Path(__file__).resolve().parent.parent
GB = 10**9

# sd-turbo's layout (diffusers pipeline folders, fp16 copies beside the fp32 files, top-level single-file
# checkpoints); sizes rounded, for the arithmetic only.
SD_TURBO = {
    ".gitattributes": 1_500, "README.md": 3_000, "LICENSE.md": 7_000, "model_index.json": 600,
    "sd_turbo.safetensors": int(5.2 * GB), "sd_turbo.fp16.safetensors": int(2.6 * GB),
    "scheduler/scheduler_config.json": 500,
    "text_encoder/config.json": 600, "text_encoder/model.safetensors": int(1.36 * GB),
    "text_encoder/model.fp16.safetensors": int(0.68 * GB),
    "tokenizer/merges.txt": 525_000, "tokenizer/special_tokens_map.json": 500,
    "tokenizer/tokenizer_config.json": 800, "tokenizer/vocab.json": 1_060_000,
    "unet/config.json": 1_700, "unet/diffusion_pytorch_model.safetensors": int(3.46 * GB),
    "unet/diffusion_pytorch_model.fp16.safetensors": int(1.73 * GB),
    "vae/config.json": 600, "vae/diffusion_pytorch_model.safetensors": int(0.33 * GB),
    "vae/diffusion_pytorch_model.fp16.safetensors": int(0.17 * GB),
}
# a transformers repository with every framework's weights
BERT_LIKE = {"config.json": 600, "model.safetensors": 268 * 10**6, "pytorch_model.bin": 268 * 10**6,
             "tf_model.h5": 268 * 10**6, "flax_model.msgpack": 268 * 10**6, "onnx/model.onnx": 268 * 10**6,
             "openvino/openvino_model.bin": 268 * 10**6, "tokenizer.json": 466_000, "vocab.txt": 232_000,
             "tokenizer_config.json": 300}


@dataclass
class _Sibling:
    rfilename: str
    size: int


@dataclass
class _Info:
    siblings: list[_Sibling]


class FakeHub:
    """``HfApi.model_info(files_metadata=True)`` for a few stand-in repositories."""

    def __init__(self, repos: dict[str, dict[str, int]]) -> None:
        self.repos, self.asked = repos, []

    def model_info(self, repo_id: str, revision: str | None = None, files_metadata: bool = False) -> _Info:
        assert files_metadata
        self.asked.append(repo_id)
        return _Info([_Sibling(name, size) for name, size in self.repos[repo_id].items()])


def test_sd_turbo_gets_its_full_precision_component_files_only() -> None:
    files = hub.wanted_files(list(SD_TURBO))
    assert "unet/diffusion_pytorch_model.safetensors" in files and "vae/diffusion_pytorch_model.safetensors" in files
    assert not [f for f in files if ".fp16." in f]  # the loader reads the fp32 files: no fp16 copies (~5.2 GB)
    assert "sd_turbo.safetensors" not in files  # the pipeline's single-file checkpoint: its parts are in folders
    assert "tokenizer/vocab.json" in files and "model_index.json" in files
    assert ".gitattributes" not in files


def test_a_transformers_repo_gets_safetensors_and_no_other_framework() -> None:
    files = hub.wanted_files(list(BERT_LIKE))
    assert sorted(files) == ["config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                             "vocab.txt"]
    assert hub.wanted_files(["config.json", "pytorch_model.bin", "vocab.json"]) == [
        "config.json", "pytorch_model.bin", "vocab.json"]  # the only weights are kept


def test_plan_counts_the_bytes_of_the_wanted_files() -> None:
    from playground.catalog import load_catalog

    entry = load_catalog(ROOT / "catalog.yaml").entry("image", "stabilityai/sd-turbo")
    plan = hub.plan(entry, FakeHub({"stabilityai/sd-turbo": SD_TURBO}))
    assert plan.all_bytes == sum(SD_TURBO.values())
    assert plan.bytes == sum(SD_TURBO[f] for f in plan.files)
    assert plan.all_bytes - plan.bytes > 10 * GB  # fp16 copies and single-file checkpoints left on the Hub
    repo, files = plan.preload_line().split(" ")
    assert repo == "stabilityai/sd-turbo" and files.split(",") == plan.files and "LICENSE.md" in plan.files
    assert hub._literal("a[1].json") == "a[[]1[]].json"


def test_prepare_prints_the_total_before_fetching_only_the_wanted_files(monkeypatch: pytest.MonkeyPatch) -> None:
    from playground.catalog import load_catalog
    from playground.device import detect
    from playground.engine import Engine

    engine = Engine(load_catalog(ROOT / "catalog.yaml"), detect("cpu"))
    fake = FakeHub({"stabilityai/sd-turbo": SD_TURBO,
                    "distilbert/distilbert-base-uncased-finetuned-sst-2-english": BERT_LIKE})
    events: list[str] = []

    class Online:
        def reachable(self) -> bool:
            return True

    def fake_download(entry, files=None):
        events.append(f"download {entry.id} {sorted(files or [])}")
        raise ConnectionError("stand-in: no network in tests")

    monkeypatch.setattr(prepare, "hub_status", lambda: Online())
    monkeypatch.setattr(prepare, "hub_plan", lambda entry, api=None: hub.plan(entry, fake))
    monkeypatch.setattr(prepare, "download", fake_download)
    monkeypatch.setattr(prepare, "cache_sizes", lambda: {})
    ids = ["stabilityai/sd-turbo", "distilbert/distilbert-base-uncased-finetuned-sst-2-english"]
    results = prepare.prepare(engine, ids, out=events.append)
    total_line = next(i for i, line in enumerate(events) if line.startswith("Will fetch at most"))
    first_download = next(i for i, line in enumerate(events) if line.startswith("download"))
    assert total_line < first_download  # the total is said before anything is fetched
    wanted = hub.wanted_files(list(SD_TURBO))
    expected = sum(SD_TURBO[f] for f in wanted) + sum(BERT_LIKE[f] for f in hub.wanted_files(list(BERT_LIKE)))
    assert f"{expected / 1e9:,.2f} GB" in events[total_line]
    assert f"download stabilityai/sd-turbo {sorted(wanted)}" in events
    assert [r.status for r in results] == ["failed", "failed"]


def test_prepare_offline_ends_with_what_is_missing_and_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """No internet: each model says it would be fetched, and the summary ends with their total and the command to
    run again once connected (as the user started the app: ./run sets PLAYGROUND_COMMAND)."""
    from playground import settings
    from playground.catalog import load_catalog
    from playground.device import detect
    from playground.engine import Engine

    engine = Engine(load_catalog(ROOT / "catalog.yaml"), detect("cpu"))

    class Offline:
        def reachable(self) -> bool:
            return False

    monkeypatch.setattr(prepare, "hub_status", lambda: Offline())
    monkeypatch.setattr(prepare, "cache_sizes", lambda: {})
    monkeypatch.setenv(settings.COMMAND, "./run")
    printed: list[str] = []
    ids = ["stabilityai/sd-turbo", "distilbert/distilbert-base-uncased-finetuned-sst-2-english"]
    results = prepare.prepare(engine, ids, out=printed.append)
    assert [r.status for r in results] == ["would fetch", "would fetch"]
    last = printed[-1].splitlines()[-1]
    about = sum(r.entry.size_mb for r in results) * 2**20 / 1e9
    assert last.startswith("2 model(s) still to fetch") and f"{about:,.2f} GB" in last
    assert last.endswith("run ./run --prepare again.")


def test_the_preload_block_lists_only_the_wanted_files_and_keeps_an_unlisted_repository_whole(tmp_path) -> None:
    import preload_lines
    import yaml

    from playground.catalog import load_catalog

    said: list[str] = []
    fake = FakeHub({"stabilityai/sd-turbo": SD_TURBO,
                    "distilbert/distilbert-base-uncased-finetuned-sst-2-english": BERT_LIKE})
    new_block = preload_lines.block(ROOT / "catalog.yaml", fake, out=said.append)
    lines = yaml.safe_load(new_block)["preload_from_hub"]
    repos = [line.split(" ")[0] for line in lines]
    assert repos == load_catalog(ROOT / "catalog.yaml").hub_ids(defaults_only=True)  # every default, in order
    by_repo = {line.split(" ")[0]: line for line in lines}
    assert by_repo["stabilityai/sd-turbo"] == f"stabilityai/sd-turbo {','.join(hub.wanted_files(sorted(SD_TURBO)))}"
    assert ".fp16." not in by_repo["stabilityai/sd-turbo"]
    assert by_repo["distilbert/distilbert-base-uncased-finetuned-sst-2-english"].endswith(
        " config.json,model.safetensors,tokenizer.json,tokenizer_config.json,vocab.txt")
    unlisted = [r for r in repos if r not in fake.repos]
    assert unlisted and all(by_repo[r] == r for r in unlisted)  # a failed listing keeps the whole repository
    assert all(any(line.startswith(f"could not list {r} ") for line in said) for r in unlisted)
    wanted = sum(SD_TURBO[f] for f in hub.wanted_files(list(SD_TURBO))) + sum(
        BERT_LIKE[f] for f in hub.wanted_files(list(BERT_LIKE)))
    assert said[-1].endswith(f"the Space will fetch {wanted / 1e9:.2f} GB of them")

    readme = tmp_path / "README.md"
    original = (ROOT / "README.md").read_text(encoding="utf-8")
    readme.write_text(original, encoding="utf-8")
    preload_lines.write(readme, new_block)
    written = readme.read_text(encoding="utf-8")
    meta = yaml.safe_load(written.split("---\n", 2)[1])
    assert meta["preload_from_hub"] == lines
    assert {k: v for k, v in meta.items() if k != "preload_from_hub"} == {
        k: v for k, v in yaml.safe_load(original.split("---\n", 2)[1]).items() if k != "preload_from_hub"}
    assert written.split("\n---\n", 1)[1] == original.split("\n---\n", 1)[1]  # the page below is untouched
