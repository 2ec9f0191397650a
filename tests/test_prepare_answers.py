"""``--prepare`` checks answers, not only loading: golden examples per task and language."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from playground import golden, prepare
from playground.catalog import load_catalog
from playground.device import detect
from playground.engine import Engine
from playground.tasks import chat, summarize, translate
from playground.tasks.translate import Translation


def _always_positive_catalog(tmp_path: Path, tiny_catalog_path: Path) -> Path:
    """The tiny Korean sentiment model with its classifier biased to say "positive" whatever it reads."""
    import torch
    from transformers import AutoModelForSequenceClassification

    folder = tmp_path / "always-positive"
    shutil.copytree(tiny_catalog_path.parent / "sentiment-ko", folder)
    model = AutoModelForSequenceClassification.from_pretrained(folder)
    with torch.no_grad():
        model.classifier.out_proj.bias.copy_(torch.tensor([-100.0, 100.0]))
    model.save_pretrained(folder)
    data = yaml.safe_load(tiny_catalog_path.read_text(encoding="utf-8"))
    entry = dict(data["tasks"]["sentiment"]["models"][1], id="tiny/always-positive", path=str(folder))
    data["tasks"]["sentiment"]["models"].append({**entry, "default": []})
    for task in data["tasks"].values():
        for item in task["models"]:
            item["path"] = str((tiny_catalog_path.parent / item["path"]).resolve())
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_model_that_loads_but_answers_wrong_is_reported_apart(tmp_path: Path, tiny_catalog_path: Path) -> None:
    engine = Engine(load_catalog(_always_positive_catalog(tmp_path, tiny_catalog_path)), detect("cpu"))
    lines: list[str] = []
    (result,) = prepare.prepare(engine, ["tiny/always-positive"], out=lines.append)
    assert result.loads is True and result.ok  # it loads: usable, so still "ready"
    assert result.answers is False
    assert any("sentiment (ko)" in w and "expected label negative" in w for w in result.wrong)
    assert not any("expected label positive" in w for w in result.wrong)  # the positive review was right
    text = "\n".join(lines)
    assert "answer looks wrong: sentiment (ko)" in text
    assert "1 load(s), but its answers look wrong: tiny/always-positive" in text
    table = text[text.index("\nmodel "):]
    row = next(line for line in table.splitlines() if line.startswith("tiny/always-positive "))
    assert "WRONG" in row and row.rstrip().endswith("yes")


def test_right_answers_pass_every_task(engine, monkeypatch: pytest.MonkeyPatch) -> None:
    from playground.tasks import sentiment
    from playground.tasks.sentiment import SentimentResult

    def fake_sentiment(engine, texts, model="auto", progress=None):
        label = "negative" if any(w in texts[0] for w in ("최악", "terrible")) else "positive"
        return [SentimentResult(texts[0], label, 0.99, {label: 0.99}, str(model))]

    monkeypatch.setattr(sentiment, "analyze", fake_sentiment)
    checks = golden.check(engine, engine.catalog.entry("sentiment", "tiny/sentiment-ko"))
    assert len(checks) == 2 and all(c.ok for c in checks)

    answers = {"저는 학생입니다.": "I am a student.", "I love my mother.": "나는 엄마를 사랑해요."}
    monkeypatch.setattr(translate, "translate", lambda engine, text, source, target, model: Translation(
        answers[text], model, source, target, None, 1, 1, 1))
    checks = golden.check(engine, engine.catalog.entry("translate", "tiny/m2m100"))
    assert [c.language for c in checks] == ["ko→en", "en→ko"] and all(c.ok for c in checks)

    monkeypatch.setattr(summarize, "summarize", lambda engine, text, model, options: summarize.Summary(
        text[: len(text) // 3], model, 100, 30, 1, 1))
    checks = golden.check(engine, engine.catalog.entry("summarize", "tiny/seq2seq-ko"))
    assert len(checks) == 1 and checks[0].ok

    def fake_chat(engine, message, model=None, sampling=None):
        yield chat.Reply("서울입니다." if "수도" in message else "Paris.", str(model), 0, done=True)

    monkeypatch.setattr(chat, "stream_reply", fake_chat)
    checks = golden.check(engine, engine.catalog.entry("chat", "tiny/chat"))
    assert [c.language for c in checks] == ["en", "ko"] and all(c.ok for c in checks)


@pytest.mark.parametrize(("task", "model_id", "wrong"), [
    ("translate", "tiny/mt-ko-en", "ATP입니다."),  # unrelated output, wrong script
    ("translate", "tiny/mt-ko-en", "I am a teacher."),  # right script, expected word missing
    ("summarize", "tiny/seq2seq-ko", "The city council said so."),  # summary in the wrong script
    ("summarize", "tiny/seq2seq-ko", ""),  # nothing
    ("summarize", "tiny/seq2seq-ko", "셨셨 좋아 봐봐였였 자자여여"),  # Korean, short, but not about the text
    ("chat", "tiny/chat", "Seoul."),  # a Korean question answered in English
])
def test_wrong_answers_are_caught(engine, monkeypatch: pytest.MonkeyPatch, task: str, model_id: str,
                                  wrong: str) -> None:
    monkeypatch.setattr(translate, "translate", lambda engine, text, source, target, model: Translation(
        wrong, model, source, target, None, 1, 1, 1))
    monkeypatch.setattr(summarize, "summarize", lambda engine, text, model, options: summarize.Summary(
        wrong, model, 100, 30, 1, 1))

    def fake_chat(engine, message, model=None, sampling=None):
        yield chat.Reply(wrong, str(model), 0, done=True)

    monkeypatch.setattr(chat, "stream_reply", fake_chat)
    checks = golden.check(engine, engine.catalog.entry(task, model_id))
    assert checks and not all(c.ok for c in checks)
    if task == "chat":
        assert [c.ok for c in checks] == [True, False]  # "Seoul." is fine for the English question only


def test_an_example_that_raises_counts_as_wrong(engine, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("decoder exploded")

    monkeypatch.setattr(translate, "translate", broken)
    (check,) = golden.check(engine, engine.catalog.entry("translate", "tiny/mt-ko-en"))
    assert not check.ok and "raised RuntimeError" in check.answer
