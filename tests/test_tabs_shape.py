"""Every tab in one shape, one translation mechanism for every string (issue 14)."""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import gradio as gr
import pytest

from tabs import chat, dataset_browser, image, sentiment, summarize, translate
from tabs.common import Tab, bind
from tabs.i18n import STRINGS, both_lines, page_language, say

TABS = (chat, sentiment, summarize, translate, image, dataset_browser)


@pytest.mark.parametrize("module", TABS, ids=lambda m: m.__name__)
def test_every_tab_has_the_same_parts(module) -> None:
    assert inspect.isclass(module.Layout) and callable(module.layout) and callable(module.build)
    assert isinstance(module.TASK, str) and module.STOPS is not None
    assert inspect.signature(module.build).return_annotation in ("Tab", Tab)


def test_every_builder_returns_a_tab(engine) -> None:
    built = {}
    with gr.Blocks(), gr.Tabs():
        for module in TABS:
            with gr.Tab(module.TASK):
                built[module.TASK] = module.build(engine)
    assert all(isinstance(b, Tab) for b in built.values())
    assert isinstance(built["sentiment"].main_input, gr.Textbox) and built["chat"].main_input is None
    assert set(built["datasets"].send_to) == {"sentiment", "summarize", "translate"}


def test_one_lookup_for_ui_strings_and_engine_messages() -> None:
    assert say("sentiment.accuracy") == "Accuracy · 정확도"
    assert say("sentiment.accuracy", "ko") == "정확도" and say("sentiment.accuracy", "en") == "Accuracy"
    assert say("sentiment.labelled_rows", count=3) == "3 labelled rows"  # as the bilingual page shows it
    assert say("sentiment.labelled_rows", "ko", count=3) == "정답이 있는 3행"
    assert say("empty_text", "ko") == "텍스트가 비어 있습니다. 먼저 내용을 입력하세요."  # playground.errors.MESSAGES
    assert both_lines("empty_text", "ko").splitlines()[0].startswith("텍스트가")
    assert page_language(None) is None  # today: both languages; issue 13 returns one
    with pytest.raises(KeyError):
        say("no.such.key")


def test_every_string_has_both_languages() -> None:
    for key, texts in STRINGS.items():
        assert len(texts) in (2, 3) and all(isinstance(x, str) and x for x in texts), key


def test_bind_fills_in_the_engine_and_keeps_the_signature() -> None:
    def plain(engine: object, text: str, model: str = "auto", request: gr.Request = None) -> str:
        return f"{engine}:{text}:{model}"

    def stream(engine: object, text: str) -> Iterator[str]:
        yield f"{engine}:{text}"

    def free(text: str) -> str:
        return text.upper()

    bound = bind("E", plain, model="tiny/x")
    assert list(inspect.signature(bound).parameters) == ["text", "model", "request"]
    assert inspect.signature(bound).parameters["model"].default == "tiny/x"
    assert bound("hi") == "E:hi:tiny/x" and bound("hi", "m") == "E:hi:m"
    assert "engine" not in bound.__annotations__ and bound.__name__ == "plain"
    assert inspect.isgeneratorfunction(bind("E", stream)) and list(bind("E", stream)("a")) == ["E:a"]
    assert bind("E", free)("a") == "A"  # no engine parameter: none is given
