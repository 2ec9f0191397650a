""""Show the code" panels: the code each task's panel shows runs as it is and names the model by its catalog id,
never by a folder on the teacher's machine.
"""

from __future__ import annotations

from pathlib import Path

from playground.engine import shown_model_id
from playground.tasks import chat, image, sentiment, summarize, translate


def _panels(engine) -> dict[str, str]:
    """Each task's code panel for a small input, by task."""
    image_id = engine.catalog.entries("image")[0].id
    return {
        "chat": chat.code_snippet(engine, None, "", "안녕", chat.Sampling()),
        "sentiment": sentiment.code_snippet(engine, "tiny/sentiment-ko", "좋아요"),
        "summarize": summarize.code_snippet(engine, "tiny/seq2seq", "The library opens at nine."),
        "translate": translate.code_snippet(engine, "안녕하세요.", "ko", "en"),
        "image": image.code_snippet(engine, image.Settings(image_id, "a cat", "", 2, 0.0, 64, 64, 1, 7)),
    }


# -- "show the code" names the catalog id, never a machine's folder ----------------------------------------------------
def test_code_panels_never_show_a_models_folder(engine, monkeypatch, tmp_path):
    entry = engine.resolve("sentiment", "tiny/sentiment-ko")
    assert entry.path is not None and entry.path.is_absolute()
    monkeypatch.chdir(tmp_path)  # the models' folders are now outside the app's folder, like a teacher's home
    assert shown_model_id(entry) == "tiny/sentiment-ko"
    image_id = engine.catalog.entries("image")[0].id
    panels = _panels(engine)
    folder = str(entry.path.parent)
    for task, code in panels.items():
        assert folder not in code and str(Path.home()) not in code, task
        compile(code, task, "exec")
    assert '"tiny/chat"' in panels["chat"] and '"tiny/sentiment-ko"' in panels["sentiment"]
    assert '"tiny/seq2seq"' in panels["summarize"] and "tiny/mt-ko-en" in panels["translate"]
    assert image_id in panels["image"]


def test_code_panels_keep_the_catalogs_pinned_revision(catalog) -> None:
    """A teacher who pins a model to a revision gets code that loads that revision, as the app does
    (``hub.pretrained_kwargs``): every panel that loads a model or its tokenizer says it."""
    import dataclasses

    from playground.device import detect
    from playground.engine import Engine

    pinned = dataclasses.replace(catalog, models={
        task: tuple(dataclasses.replace(e, revision="0123abc") for e in entries)
        for task, entries in catalog.models.items()})
    for task, code in _panels(Engine(pinned, detect("cpu"))).items():
        loads = code.count("from_pretrained(") + code.count('pipeline("text-classification"')
        assert loads and code.count('revision="0123abc"') == loads, (task, code)
