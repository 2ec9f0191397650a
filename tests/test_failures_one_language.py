"""The real failure paths, through the app's API as a Korean and an English page call it: a model that is not
cached while offline, output that collapsed into repetition, and a refused input in every tab. Each answer is in
the page's one language: no Hangul on an English page, no English sentence on a Korean one (model ids, names,
commands and code excepted)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from gradio_client import Client
from gradio_client.exceptions import AppError

from conftest import launch
from playground.tasks import seq2seq
from playground.tasks.seq2seq import Generated

HANGUL = re.compile(r"[\uac00-\ud7a3]")
ENGLISH_SENTENCE = re.compile(r"\b[A-Za-z]{2,}(?:[ ,']+[A-Za-z]{2,}){3,}")  # four English words in a row
MISSING = "tiny-org/not-downloaded"


def english_sentences(text: str, names: list[str]) -> list[str]:
    """English runs of words left in ``text`` once code, commands, model ids and model names are taken out."""
    text = re.sub(r"`[^`]*`|python app\.py[^\n.]*", " ", text)
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    return ENGLISH_SENTENCE.findall(text)


@pytest.fixture(scope="module")
def failing_app(tmp_path_factory: pytest.TempPathFactory, tiny_catalog_path: Path):
    """The tiny app plus a sentiment model that was never downloaded (the tests run offline)."""
    from app import build_app, launch_options
    from playground import limits
    from playground.catalog import load_catalog
    from playground.device import detect
    from playground.engine import Engine

    raw = yaml.safe_load(tiny_catalog_path.read_text(encoding="utf-8"))
    for spec in raw["tasks"].values():
        for item in spec["models"]:
            if item.get("path"):
                item["path"] = str((tiny_catalog_path.parent / item["path"]).resolve())
    raw["tasks"]["sentiment"]["models"].append({
        "id": MISSING, "name": "Never fetched", "license": "mit", "languages": ["en", "ko"], "params": "1M",
        "size_mb": 3, "default": []})
    path = tmp_path_factory.mktemp("failing") / "catalog.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    engine = Engine(load_catalog(path), detect("cpu"))
    demo = build_app(engine)
    launch(demo, quiet=True, max_file_size=limits.UPLOAD_MAX_SIZE,
           **launch_options())  # as a teacher runs it: the browser test opens its page
    names = [e.name for task in engine.catalog.models for e in engine.catalog.entries(task)]
    try:
        yield demo.local_url, names
    finally:
        demo.close()


def client_for(url: str, lang: str) -> Client:
    return Client(url, verbose=False, headers={"cookie": f"playground_lang={lang}",
                                               "accept-language": "ko-KR" if lang == "ko" else "en-US"})


def check_one_language(text: str, lang: str, names: list[str]) -> None:
    assert text.strip()
    if lang == "en":
        assert not HANGUL.search(text), text
    else:
        assert HANGUL.search(text) and not english_sentences(text, names), text


REFUSED = {  # an empty main input in every tab that takes one
    "/sentiment": ("",), "/summarize": ("",), "/translate": ("",), "/chat": ("",), "/generate_image": ("",),
    "/dataset_info": ("",),
}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_failures_reach_the_page_in_its_one_language(failing_app, lang: str, monkeypatch: pytest.MonkeyPatch
                                                     ) -> None:
    url, names = failing_app
    client = client_for(url, lang)
    try:
        with pytest.raises(AppError) as missing:  # not cached, and the Hub cannot be reached
            client.predict("좋은 영화" if lang == "ko" else "good film", MISSING, api_name="/sentiment")
        check_one_language(str(missing.value), lang, names)
        assert MISSING in str(missing.value)
        for endpoint, args in REFUSED.items():
            with pytest.raises(AppError) as refused:
                client.predict(*args, api_name=endpoint)
            check_one_language(str(refused.value), lang, names)
        real = seq2seq.generate

        def collapse_second(engine, runner, texts, settings, **kwargs):
            results = real(engine, runner, texts, settings, **kwargs)
            return [Generated("ㅋ" * 250, r.input_tokens, 250) if i == 1 else r for i, r in enumerate(results)]

        monkeypatch.setattr(seq2seq, "generate", collapse_second)  # the app runs in this process
        _, details = client.predict("First sentence here. Second one here. Third one too.", "en", "ko",
                                    api_name="/translate")
        word = "되풀이" if lang == "ko" else "collapsed into repetition"
        note = [line for line in str(details).splitlines() if word in line]
        assert len(note) == 1, details  # the collapsed sentence is noted once, in the page's language
        check_one_language(note[0], lang, names)
    finally:
        client.close()
