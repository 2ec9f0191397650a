"""The repository deploys as a Space unchanged: front matter agrees with the catalog and the installed Gradio."""

from __future__ import annotations

import yaml

from conftest import ROOT
from playground.catalog import DEFAULT_CATALOG, load_catalog


def front_matter() -> dict:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n", 2)[1])


def test_space_front_matter() -> None:
    import gradio

    meta = front_matter()
    assert meta["sdk"] == "gradio" and meta["app_file"] == "app.py"
    assert meta["sdk_version"] == gradio.__version__  # the version the tests run with
    assert meta["python_version"] == "3.12"
    assert len(meta["short_description"]) <= 60
    for key in ("title", "emoji", "colorFrom", "colorTo", "license", "models", "datasets", "suggested_hardware"):
        assert meta.get(key), key


def test_front_matter_lists_the_catalog_models() -> None:
    catalog = load_catalog(DEFAULT_CATALOG)
    meta = front_matter()
    assert set(meta["models"]) == set(catalog.hub_ids())
    # "repo" (the whole repository) or "repo file1,file2" (only the files the loaders read: scripts/preload_lines.py)
    assert [line.split(" ")[0] for line in meta["preload_from_hub"]] == catalog.hub_ids(defaults_only=True)


def test_requirements_pin_what_the_tests_use() -> None:
    import gradio
    import transformers

    pins = dict(line.split("==") for line in (ROOT / "requirements.txt").read_text().splitlines()
                if "==" in line and not line.startswith("#"))
    assert pins["gradio"] == gradio.__version__
    assert pins["transformers"] == transformers.__version__
    assert "*.safetensors filter=lfs" in (ROOT / ".gitattributes").read_text()
