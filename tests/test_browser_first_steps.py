"""The real page in Chromium: switch the UI to Korean, analyse a real Korean review, read the result."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import answered, open_section, set_slider, settled
from playground.data.tables import read_table
from playground.registry import TASKS

pytestmark = pytest.mark.browser


def switch_to_korean(page) -> None:
    """Use the 한국어 control at the top of the page, as a student would (it replaced the footer's Settings)."""
    page.locator("#language-ko").click()  # stores the choice and reloads the page in Korean
    page.get_by_role("tab", name="채팅").wait_for(timeout=60_000)


def test_korean_ui_analyses_a_real_korean_review(page, nsmc_path: Path, tmp_path: Path) -> None:
    review = read_table(nsmc_path).frame["document"].iloc[3]  # "지루할뻔한 영화를 다케시이기에 ..."
    assert page.get_by_role("tab", name="Sentiment").is_visible()
    switch_to_korean(page)
    assert page.get_by_role("tab").first.inner_text() == "채팅"
    # Gradio re-translates a tab header when it is drawn again, so open the Sentiment tab by position.
    page.get_by_role("tab").nth(1).click()
    assert page.get_by_role("tab").nth(1).inner_text() == "감정 분석"
    box = page.get_by_label("텍스트", exact=True)
    box.fill(review)
    page.get_by_role("button", name="분석", exact=True).click()
    result = page.get_by_test_id("label").or_(page.locator(".output-class")).first
    result.wait_for(timeout=30_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.output-class, [data-testid=\"label\"] h2')]"
        ".some(e => /부정|긍정/.test(e.textContent))", timeout=30_000)
    text = page.locator("body").inner_text()
    assert "부정" in text and "긍정" in text  # both confidences are listed, in Korean on a Korean page
    assert "%" in text
    assert box.input_value() == review  # nothing the student typed is lost
    page.screenshot(path=str(tmp_path / "korean_sentiment.png"), full_page=True)


def test_a_korean_browser_gets_a_korean_page(open_page) -> None:
    page = open_page("ko")
    assert page.get_by_role("tab").all_inner_texts()[:len(TASKS)] == [task.name_ko for task in TASKS]


def test_html_typed_by_a_student_is_shown_as_text(page) -> None:
    page.get_by_role("tab", name="Sentiment").click()
    page.get_by_role("tab", name="Many texts").click()
    page.get_by_label("One text per line").fill('<img src=x onerror="window.__pwned=1">\n<b>bold</b> 좋아요')
    page.get_by_role("button", name="Analyze all").click()
    page.get_by_text("2 / 2").first.wait_for(timeout=30_000)
    settled(page)
    assert page.evaluate("() => window.__pwned === undefined")
    assert page.locator("table img[src=x]").count() == 0


def test_a_korean_chat_message_gets_a_streamed_answer(page) -> None:
    page.get_by_role("tab", name="Chat").click()
    open_section(page, "Settings")  # greedy decoding: the tiny model then answers at length
    set_slider(page, "#chat-temperature", 0)
    box = page.get_by_label("Message", exact=True)
    box.fill("안녕하세요! 한국의 수도는 어디인가요?")
    page.evaluate("""() => {  // every text the answer shows, as the page draws it
      window.__answers = [];
      new MutationObserver(() => {
        const bots = document.querySelectorAll('#chat-conversation [data-testid=bot]');
        if (bots.length) window.__answers.push(bots[bots.length - 1].innerText);
      }).observe(document.body, {subtree: true, childList: true, characterData: true});
    }""")
    box.press("Enter")
    answered(page)  # shown, and Stop inactive again: the answer has ended
    seen = page.evaluate("() => window.__answers")
    final = page.get_by_test_id("bot").last.inner_text()
    assert final, "an answer appears"
    assert any(0 < len(text) < len(final) and final.startswith(text.rstrip()) for text in seen), \
        "the answer was seen growing while it streamed"
    assert page.get_by_test_id("user").first.inner_text().startswith("안녕하세요")
    assert box.input_value() == ""  # the box is cleared once the answer starts
    page.get_by_text("Show the code", exact=True).first.click()
    page.wait_for_function("() => [...document.querySelectorAll('.cm-content')]"
                           ".some(e => e.textContent.includes('한국의 수도는 어디인가요'))", timeout=10_000)
