"""Summarize and Translate through the running app: gradio_client calls, bad input, and the real page."""

from __future__ import annotations

import re
from types import SimpleNamespace

import gradio as gr
import pytest
from gradio_client.exceptions import AppError
from playwright.sync_api import expect

from tabs import summarize as summarize_tab

KO_TEXT = "오늘은 날씨가 정말 좋네요. 친구들과 한강 공원에 가서 자전거를 탔어요."


def test_summarize_through_the_api(client) -> None:
    summary, counts = client.predict(KO_TEXT, api_name="/summarize")
    assert isinstance(summary, str) and summary
    assert "→" in counts and "tiny/seq2seq-ko" in counts
    assert tuple(client.predict(KO_TEXT, api_name="/summarize")) == (summary, counts)  # beam search: deterministic
    english = client.predict("The library opens at nine. Students borrow books.", "auto", "short", 1,
                             api_name="/summarize")
    assert "tiny/seq2seq`" in english[1]


def test_translate_through_the_api(client) -> None:
    translation, details = client.predict(KO_TEXT, api_name="/translate")
    assert isinstance(translation, str) and translation
    assert "Korean · 한국어 (detected" in details and "English · 영어" in details and "tiny/mt-ko-en" in details
    lines, _ = client.predict("첫 줄입니다.\n\n셋째 줄입니다.", "ko", "ja", api_name="/translate")
    assert lines.split("\n")[1] == "" and len(lines.split("\n")) == 3


SUMMARIZE_BAD = [
    (("",), {}, "The text is empty"),
    (("가" * 1_000_000,), {}, "the limit is 20,000"),
    ((KO_TEXT,), {"model": "evil/model"}, "is not in this playground's catalog"),
    ((KO_TEXT,), {"length": "huge"}, "length must be one of: short, medium, long"),
    ((KO_TEXT,), {"num_beams": 100}, "num_beams must be between 1 and 8"),
    ((KO_TEXT,), {"temperature": "hot"}, "temperature must be a number"),
    ((12345,), {}, "Expected text"),
]
TRANSLATE_BAD = [
    (("",), {}, "The text is empty"),
    (("a" * 1_000_000,), {}, "the limit is 5,000"),
    (("Hello.",), {"source": "en", "target": "en"}, "both English"),
    (("Hello.",), {"target": "klingon"}, "not a language this tab knows"),
    (("Hello.",), {"source": "en", "target": "ko", "model": "tiny/mt-ko-en"}, "does not translate English"),
    (("Hello.",), {"model": "../../etc/passwd"}, "is not in this playground's catalog"),
]


@pytest.mark.parametrize(("api_name", "args", "kwargs", "message"),
                         [("/summarize", *case) for case in SUMMARIZE_BAD] + [("/translate", *case)
                                                                              for case in TRANSLATE_BAD])
def test_bad_input_gets_a_clear_message_and_the_next_request_works(client, api_name: str, args: tuple,
                                                                   kwargs: dict, message: str) -> None:
    with pytest.raises(AppError) as caught:
        client.predict(*args, api_name=api_name, **kwargs)
    text = str(caught.value)
    assert message in text and "Traceback" not in text
    assert any("\uac00" <= ch <= "\ud7a3" for ch in text)  # and in Korean
    assert client.predict("Good morning.", "en", "ko", api_name="/translate")[0]


def test_html_in_the_text_is_just_text(client) -> None:
    translation, details = client.predict("<script>alert(1)</script> 안녕하세요.", "ko", "en", api_name="/translate")
    assert "<script>" not in details


def test_the_summarize_handler_puts_each_value_in_its_own_component(engine) -> None:
    """Without a server: the summary in the summary box, the counts under it, the code in the code panel; the card
    is left as it is (it keeps describing the picker's choice)."""
    with gr.Blocks():
        ui = summarize_tab.layout(engine)
    korean_page = SimpleNamespace(headers={"accept-language": "ko-KR"}, session_hash="by-name")
    shown = summarize_tab.summarise(engine, KO_TEXT, "auto", "short", 1, False, 0.7, request=korean_page, ui=ui)
    assert set(shown) == {ui.summary, ui.counts, ui.code}
    assert shown[ui.summary] and "→" not in shown[ui.summary]
    assert "→" in shown[ui.counts] and "tiny/seq2seq-ko" in shown[ui.counts] and "토큰" in shown[ui.counts]
    assert "from transformers import" in shown[ui.code]


@pytest.mark.browser
def test_the_summarize_tab_summarises_korean_and_shows_counts_and_code(page) -> None:
    page.get_by_role("tab", name="Summarize").click()
    box = page.get_by_label("Text to summarize", exact=True)
    box.fill(KO_TEXT)
    page.get_by_role("button", name="Summarize", exact=True).click()
    page.wait_for_function("() => document.querySelector('#summary-output textarea').value.length > 0",
                           timeout=60_000)  # the summary itself has arrived (not a word that was already there)
    page.get_by_text(" tokens").first.wait_for(timeout=60_000)  # an English page: English only
    assert "토큰" not in page.locator("body").inner_text()
    assert box.input_value() == KO_TEXT
    page.locator("span:text-is('Show the code'):visible").first.click()
    page.wait_for_function("() => [...document.querySelectorAll('.cm-content')]"
                           ".some(e => e.textContent.includes('한강 공원'))", timeout=10_000)


@pytest.mark.browser
def test_the_translate_tab_detects_translates_and_swaps(page) -> None:
    page.get_by_role("tab", name="Translate").click()
    box = page.get_by_label("Text", exact=True)
    box.fill("안녕하세요. 만나서 반갑습니다.")
    page.get_by_role("button", name="Translate", exact=True).click()
    page.get_by_text("(detected,").first.wait_for(timeout=60_000)  # an English page: English only
    assert "감지됨" not in page.locator("body").inner_text()
    translated = page.locator("#translation-output textarea").input_value()
    assert translated
    page.get_by_role("button", name="⇄ Swap").click()
    page.wait_for_function("(t) => [...document.querySelectorAll('textarea')].some(e => e.value === t)",
                           arg=translated, timeout=10_000)
    # both texts swap, as in Papago: the Korean text is now the translation of the English one (nothing is lost)
    expect(page.locator("#translation-output textarea")).to_have_value("안녕하세요. 만나서 반갑습니다.", timeout=10_000)
    # the pickers follow in the same update, but may be drawn a moment after the text: wait for them, not a timer
    expect(page.get_by_label("From", exact=True)).to_have_value(re.compile(r"^English"), timeout=10_000)
    expect(page.get_by_label("To", exact=True)).to_have_value(re.compile(r"^Korean"), timeout=10_000)
    page.get_by_text("English → Korean").first.wait_for(timeout=10_000)  # the details line names the new direction


@pytest.mark.browser
def test_english_text_with_the_default_target_is_translated_into_korean(page) -> None:
    """The default is "detect → English": English text there is not refused but turned around, and the To picker
    shows where it went."""
    page.get_by_role("tab", name="Translate").click()
    page.get_by_label("Text", exact=True).fill("Hello, how are you today? The weather is lovely.")
    page.get_by_role("button", name="Translate", exact=True).click()
    page.get_by_text("English (detected,").first.wait_for(timeout=60_000)
    expect(page.get_by_label("To", exact=True)).to_have_value(re.compile(r"^Korean"), timeout=10_000)
    page.get_by_text("→ Korean").first.wait_for(timeout=10_000)
    assert page.locator("#translation-output textarea").input_value()
