"""One settings module: every environment variable read in one place, one rule for true and false, documented in
the README, and a command-line option never written into the process's environment."""

from __future__ import annotations

import os
import re

import pytest

from conftest import ROOT
from playground import settings


@pytest.mark.parametrize(("raw", "expected"), [
    ("1", True), ("true", True), (" YES ", True), ("on", True), ("0", False), ("False", False), ("no", False),
    ("off", False), ("", None), ("maybe", None), (None, None)])
def test_one_rule_for_true_and_false(raw: str | None, expected: bool | None) -> None:
    for default in (True, False):
        assert settings.parse_flag(raw, default) == (default if expected is None else expected)


def test_flags_follow_the_environment_and_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    from playground.tasks import image_safety

    monkeypatch.setenv(settings.IMAGE_SAFETY, "No")
    assert not image_safety.enabled()
    monkeypatch.setenv(settings.IMAGE_SAFETY, "on")
    assert image_safety.enabled()
    settings.override(settings.IMAGE_SAFETY, False)  # what --no-image-safety does
    try:
        assert not image_safety.enabled() and os.environ[settings.IMAGE_SAFETY] == "on"  # the environment untouched
    finally:
        settings.override(settings.IMAGE_SAFETY, None)
    with pytest.raises(KeyError):
        settings.flag("PLAYGROUND_NOT_DECLARED")


def test_no_module_reads_a_declared_variable_itself() -> None:
    """Only playground/settings.py reads the variables of its table."""
    names = "|".join(re.escape(v.name) for v in settings.VARIABLES)
    direct = re.compile(rf"(os\.environ(\.get)?|os\.getenv)\s*[\[(]\s*[\"']({names})[\"']")
    offenders = []
    for folder in ("playground", "server", "tabs"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.name != "settings.py" and direct.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(ROOT)))
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    assert not offenders and not direct.search(app), offenders


def test_the_readme_lists_every_variable() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = readme.split(settings.START, 1)[1].split(settings.END, 1)[0]
    assert listed.strip() == settings.table(), "run  python -m playground.settings --write"


def test_messages_show_commands_as_the_user_started_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """``./run`` sets PLAYGROUND_COMMAND: a student who started the app with ./run is told ``./run --prepare``,
    which works outside the virtual environment (``python app.py --prepare`` failed there with a traceback)."""
    from playground.errors import render

    params = {"name": "Chat", "model": "Qwen/Qwen2.5-0.5B-Instruct"}
    monkeypatch.delenv(settings.COMMAND, raising=False)
    assert "python app.py --prepare Qwen/Qwen2.5-0.5B-Instruct" in render("model_not_cached", params)
    monkeypatch.setenv(settings.COMMAND, "./run")
    for lang in ("en", "ko"):
        assert "./run --prepare Qwen/Qwen2.5-0.5B-Instruct" in render("model_not_cached", params, lang)
    assert "./run --help" in render("startup_bad_option", {"detail": "x"})
    assert "export PLAYGROUND_COMMAND=./run" in (ROOT / "run").read_text(encoding="utf-8")
