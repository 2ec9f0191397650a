"""The page on a phone (390×844): the result of a run scrolls into view when the run ends (and never on
a laptop); Translate reads text, button, result from the top; a model card takes two lines, with "more" for the
rest. Screenshots: ``.cache/screenshots/phone-*.png``."""

from __future__ import annotations

import pytest

from conftest import ROOT, open_tab, settled

pytestmark = pytest.mark.browser

SHOTS = ROOT / ".cache" / "screenshots"
TEXT = ("서울시는 내년부터 모든 초등학교에 인공지능 교육 과정을 도입하기로 했다. 교육청은 교사 연수를 늘리고 "
        "학생들이 직접 모델을 만들어 보는 수업을 준비하고 있다. 학부모들은 기대와 걱정을 함께 나타냈다.")
IN_VIEW = """(id) => { const el = document.getElementById(id); if (!el) return false;
  const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight && r.height > 0; }"""


def _summarize(page, lang: str) -> None:
    open_tab(page, "요약" if lang == "ko" else "Summarize")
    page.get_by_label("요약할 글" if lang == "ko" else "Text to summarize", exact=True).fill(TEXT)
    settled(page)
    page.evaluate("() => window.scrollTo(0, 0)")
    page.get_by_role("button", name="요약하기" if lang == "ko" else "Summarize", exact=True).click()
    page.wait_for_function("() => document.querySelector('#summary-output textarea').value.trim()", timeout=120_000)
    settled(page)  # the run has ended and its outputs are drawn


def test_on_a_phone_the_summary_scrolls_into_view_when_the_run_ends(open_page) -> None:
    page = open_page("ko", 390, 844, remember=True)
    _summarize(page, "ko")
    page.wait_for_function(IN_VIEW, arg="summary-output", timeout=10_000)  # a smooth scroll, then in view
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "phone-summarize-ko.png"))


def test_on_a_laptop_the_page_does_not_jump(open_page) -> None:
    page = open_page("en", 1366, 900, remember=True)
    _summarize(page, "en")
    assert page.evaluate("() => window.scrollY") == 0


def test_translate_on_a_phone_reads_text_button_result(open_page) -> None:
    page = open_page("ko", 390, 844, remember=True)
    open_tab(page, "번역")
    settled(page)
    text = page.get_by_label("텍스트", exact=True).bounding_box()
    button = page.locator("#translate-run").bounding_box()
    result = page.locator("#translation-output").bounding_box()
    assert text["y"] + text["height"] <= button["y"] + 1
    assert button["y"] + button["height"] <= result["y"] + 1
    page.screenshot(path=str(SHOTS / "phone-translate-ko.png"), full_page=True)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_model_card_is_short_on_a_phone_and_opens_with_more(open_page, lang: str) -> None:
    page = open_page(lang, 390, 844, remember=True)
    open_tab(page, "번역" if lang == "ko" else "Translate")
    settled(page)
    card = page.locator("#translate-card")
    line = card.evaluate("(c) => parseFloat(getComputedStyle(c.querySelector('.prose, .md')).lineHeight) || 20")
    short = card.bounding_box()["height"]
    more = card.locator(".pg-card-more")
    assert more.is_visible() and more.inner_text() == ("더 보기" if lang == "ko" else "More")
    assert short <= 4 * line + more.bounding_box()["height"] + 16  # two lines of text and the toggle
    more.click()
    settled(page)
    assert card.bounding_box()["height"] > short and more.inner_text() == ("접기" if lang == "ko" else "Less")
    page.screenshot(path=str(SHOTS / f"phone-card-{lang}.png"))


def test_a_model_card_is_whole_on_a_laptop(open_page) -> None:
    page = open_page("en", 1366, 900, remember=True)
    open_tab(page, "Translate")
    settled(page)
    assert not page.locator("#translate-card .pg-card-more").is_visible()
