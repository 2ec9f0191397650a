"""Catalog: the default file is valid, bad entries are named clearly, and only catalog models resolve."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from playground.catalog import DEFAULT_CATALOG, load_catalog, parse_catalog
from playground.errors import CatalogError, ModelNotAllowed

GOOD_MODEL = {
    "id": "org/model", "name": "A model", "license": "mit", "languages": ["en"], "params": "1M", "size_mb": 4,
    "default": ["cpu", "gpu"],
}


def catalog_with(tmp_path: Path, **changes: object) -> dict:
    model = {**GOOD_MODEL, **changes}
    return {"version": 1, "tasks": {"sentiment": {"models": [model]}}}


def test_default_catalog_is_valid_and_names_real_hub_models() -> None:
    catalog = load_catalog(DEFAULT_CATALOG)
    ids = catalog.hub_ids()
    assert "distilbert/distilbert-base-uncased-finetuned-sst-2-english" in ids
    assert "daekeun-ml/koelectra-small-v3-nsmc" in ids
    assert catalog.choices("sentiment")[0] == "auto"
    assert catalog.route("sentiment", "cpu", "ko").id == "daekeun-ml/koelectra-small-v3-nsmc"
    assert catalog.route("sentiment", "cpu", "en").id.startswith("distilbert/")
    for entry in catalog.entries("sentiment"):
        assert entry.license and entry.card_url == f"https://huggingface.co/{entry.id}"


def test_tiny_catalog_points_at_local_folders(catalog) -> None:
    for task in ("chat", "sentiment", "summarize", "translate", "image"):
        entries = catalog.entries(task)
        assert entries, task
        assert all(entry.path is not None and entry.path.is_dir() for entry in entries)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"license": None}, "missing 'license'"),
        ({"id": "not a hub id"}, "'id' must look like 'org/name'"),
        ({"languages": "en"}, "'languages' must be a list"),
        ({"size_mb": -1}, "'size_mb' must be a positive number"),
        ({"default": ["laptop"]}, "'default' must be a list"),
        ({"trust_remote_code": True}, "trust_remote_code is never allowed"),
        ({"options": {"trust_remote_code": True}}, "trust_remote_code is never allowed"),
        ({"surprise": 1}, "unknown key(s) ['surprise']"),
        ({"path": "no-such-folder"}, "is not a folder next to the catalog"),
        ({"default": ["cpu"]}, "no model has 'default' including 'gpu'"),
    ],
)
def test_bad_entries_are_named(tmp_path: Path, changes: dict, message: str) -> None:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(catalog_with(tmp_path, **changes), tmp_path / "catalog.yaml")
    assert message in str(caught.value)
    assert "tasks.sentiment.models[0]" in str(caught.value) or "tasks.sentiment" in str(caught.value)


def test_duplicate_ids_and_unknown_tasks_are_refused(tmp_path: Path) -> None:
    raw = {"version": 1, "tasks": {"sentiment": {"models": [GOOD_MODEL, GOOD_MODEL]}}}
    with pytest.raises(CatalogError, match="listed twice"):
        parse_catalog(raw, tmp_path / "c.yaml")
    with pytest.raises(CatalogError, match="unknown task"):
        parse_catalog({"version": 1, "tasks": {"mining": {"models": []}}}, tmp_path / "c.yaml")


def test_unreadable_files_give_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="not found"):
        load_catalog(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("tasks: [unclosed", encoding="utf-8")
    with pytest.raises(CatalogError, match="not a readable YAML"):
        load_catalog(broken)
    wrong_version = tmp_path / "v2.yaml"
    wrong_version.write_text(yaml.safe_dump({"version": 2, "tasks": {}}), encoding="utf-8")
    with pytest.raises(CatalogError, match="'version' must be 1"):
        load_catalog(wrong_version)


def test_catalog_path_from_environment(monkeypatch, tiny_catalog_path: Path) -> None:
    from playground.catalog import catalog_path

    monkeypatch.setenv("PLAYGROUND_CATALOG", str(tiny_catalog_path))
    assert catalog_path() == tiny_catalog_path.resolve()
    assert catalog_path("other.yaml").name == "other.yaml"  # --catalog wins


def test_only_catalog_models_resolve(engine) -> None:
    assert engine.resolve("sentiment", "auto") is None
    assert engine.resolve("sentiment", "tiny/sentiment-ko").languages == ("ko",)
    for hostile in ("evil/model", "../../etc/passwd", "/tmp", "gpt2", 42, ["x"]):
        with pytest.raises(ModelNotAllowed) as caught:
            engine.resolve("sentiment", hostile)
        assert "tiny/sentiment-en" in caught.value.message("en")  # it names what is allowed
        assert "카탈로그" in caught.value.message("ko")


def test_every_license_in_the_catalog_is_explained_in_plain_words() -> None:
    """Each license code catalog.yaml names has an entry in playground.licenses (not the "read the license"
    fallback), and every answer and condition it uses has its words in both languages."""
    from playground import licenses
    from tabs.common import license_plain
    from tabs.i18n import STRINGS

    raw = yaml.safe_load(DEFAULT_CATALOG.read_text(encoding="utf-8"))
    codes = {model["license"] for task in raw["tasks"].values() for model in task.get("models", [])}
    assert codes >= {"apache-2.0", "mit", "cc-by-nc-4.0", "cc-by-nc-sa-4.0", "stabilityai-ai-community"}
    assert not [code for code in codes if not licenses.known(code)]
    for code, found in {**licenses.LICENSES, "?": licenses.UNKNOWN}.items():
        for answer in (found.use, found.share, found.commercial):
            assert answer in (licenses.YES, licenses.NO, licenses.LIMITED, licenses.READ), code
        assert f"license.cond.{found.condition}" in STRINGS, code
    for code in codes:
        en, ko = license_plain(code, "en"), license_plain(code, "ko")
        assert en.startswith("In plain words:") and ko.startswith("쉽게 말하면:")
        assert not re.search(r"[\uac00-\ud7a3]", en), en
        assert not re.search(r"\b[A-Za-z]{2,}\b", ko.replace("US$", "")), ko  # no English words on a Korean page
    assert "commercial use ❌" in license_plain("cc-by-nc-4.0", "en")
    assert "상업적 이용 ⚠️ 조건부" in license_plain("stabilityai-ai-community", "ko")
    assert license_plain("a-license-nobody-knows", "en") == (
        "In plain words: Not summarised here: read the license before you share or sell what it makes.")


def test_a_model_card_shows_its_license_in_plain_words(engine) -> None:
    from tabs.common import model_card

    entry = engine.catalog.entries("sentiment")[0]
    card = model_card(engine, "sentiment", entry.id, "ko")
    assert "쉽게 말하면:" in card and "상업적 이용" in card and "In plain words" not in card
    both = model_card(engine, "sentiment", entry.id, None)  # before the page's language is known: both, in spans
    assert both.count('<span class="pg-en">') == both.count('<span class="pg-ko">') >= 3
