"""One language at a time: the browser's language first, the 한국어 / English control at the top, the
choice remembered across reloads, and handler text (errors, cards) in that one language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import ROOT, settled
from playground.registry import TASKS

pytestmark = pytest.mark.browser

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Words an English page may show in Korean and a Korean page in English: the control's own names, model and
# dataset names, code. Everything else of the visible page must be in the page's one language.
ALLOWED_EN = {"English"}
ALLOWED_KO = {"한국어"}


def _visible_text(page) -> str:
    """The page's visible text, without code panels, model names in cards, and the language control."""
    return page.evaluate("""() => {
      const skip = (el) => el.closest(
        'pre, code, #language-switch, .pg-en, .pg-ko, a, footer, .gallery, script, style');
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const out = [];
      while (walker.nextNode()) {
        const node = walker.currentNode, el = node.parentElement;
        if (!el || skip(el) || !el.checkVisibility()) continue;
        const text = node.textContent.trim();
        if (text) out.push(text);
      }
      const shown = [...document.querySelectorAll('.pg-en, .pg-ko')].filter((el) => el.checkVisibility());
      return out.concat(shown.map((el) => el.innerText)).join('\\n');
    }""")


def _tab_names(page) -> list[str]:
    return [name.strip() for name in page.get_by_role("tab").all_inner_texts()]


def test_korean_browser_gets_a_korean_page_and_the_choice_survives_a_reload(open_page):
    page = open_page("ko", 1366, 900)
    context = page.context
    assert "채팅" in _tab_names(page) and "Chat" not in _tab_names(page)
    # the model card drawn at build time shows only its Korean half
    assert page.locator(".pg-ko").first.is_visible() and not page.locator(".pg-en").first.is_visible()
    assert "Settings" not in page.locator("footer").inner_text()  # Gradio's 33-language dialog is gone

    page.locator("#language-en").click()
    page.wait_for_function("() => (document.documentElement?.lang || '').startsWith('en')", timeout=30_000)
    page.get_by_role("tab", name="Chat").wait_for(timeout=30_000)
    page.reload()
    page.get_by_role("tab").first.wait_for(timeout=60_000)
    page.wait_for_function("() => (document.documentElement?.lang || '').startsWith('en')", timeout=20_000)
    assert "Chat" in _tab_names(page) and "채팅" not in _tab_names(page)
    assert context.cookies()[0]["value"] in ("en",)


def test_switching_language_keeps_what_was_typed_and_the_open_tab(open_page):
    """The switch reloads the page in the other language (every text a handler wrote is rewritten in it); what the
    student typed in each tab and the tab that was open come back, and the control marks the active language."""
    page = open_page("en", 1366, 900)
    expect(page.locator("#language-en")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#language-ko")).to_have_attribute("aria-pressed", "false")
    page.get_by_role("tab", name="Sentiment").first.click()
    page.locator("#tab-sentiment").get_by_label("Text", exact=True).first.fill("배우들 연기가 정말 좋았어요")
    page.get_by_role("tab", name="Translate").first.click()
    page.locator("#tab-translate").get_by_label("Text", exact=True).fill("오늘은 날씨가 정말 좋네요. 공원에 갈까요?")
    page.locator("#language-ko").click()
    page.wait_for_function("() => (document.documentElement?.lang || '').startsWith('ko')", timeout=30_000)
    page.get_by_role("tab", name="번역").first.wait_for(timeout=60_000)
    expect(page.get_by_role("tab", name="번역").first).to_have_attribute("aria-selected", "true", timeout=30_000)
    expect(page.locator("#tab-translate").get_by_label("텍스트", exact=True)).to_have_value(
        "오늘은 날씨가 정말 좋네요. 공원에 갈까요?", timeout=30_000)
    expect(page.locator("#language-ko")).to_have_attribute("aria-pressed", "true")
    page.get_by_role("tab", name="감정 분석").first.click()
    expect(page.locator("#tab-sentiment").get_by_label("텍스트", exact=True).first).to_have_value(
        "배우들 연기가 정말 좋았어요", timeout=30_000)
    page.get_by_role("button", name="분석", exact=True).first.click()  # and Gradio has the value, not just the box
    page.wait_for_function("() => [...document.querySelectorAll('.output-class, [data-testid=\"label\"] h2')]"
                           ".some((e) => e.innerText.trim())", timeout=60_000)


def test_an_english_page_shows_no_korean_on_its_first_tab(open_page):
    page = open_page("en", 1366, 900)
    settled(page)
    text = _visible_text(page)
    korean = [line for line in text.splitlines() if HANGUL.search(line) and line not in ALLOWED_KO]
    assert not korean, korean


def test_a_refused_input_leaves_the_previous_result_visible(page):
    """After an error no grey "Error" badge covers the outputs; the last result stays readable."""
    page.get_by_role("tab", name="Sentiment").click()
    box = page.get_by_label("Text", exact=True)
    box.fill("이 영화 정말 재밌어요!")
    page.get_by_role("button", name="Analyze", exact=True).click()
    result = page.get_by_test_id("label").or_(page.locator(".output-class")).first
    result.wait_for(timeout=30_000)
    page.wait_for_function("() => [...document.querySelectorAll('.output-class, [data-testid=\"label\"] h2')]"
                           ".some(e => e.textContent.trim())", timeout=30_000)
    shown = result.inner_text()
    box.fill("")
    page.get_by_role("button", name="Analyze", exact=True).click()
    page.locator(".toast-body").first.wait_for(timeout=30_000)
    settled(page)
    badges = page.locator("[data-testid=status-tracker] span.error").all()
    assert not [el for el in badges if el.is_visible()]  # no "Error" badge over the outputs
    assert result.is_visible() and result.inner_text() == shown


@pytest.mark.parametrize(("browser_locale", "stored", "tabs"), [
    ("en-US", "ko", [task.name_ko for task in TASKS]),
    ("ko-KR", "en", [task.name_en for task in TASKS]),
])
def test_tabs_opened_later_are_in_the_stored_language_not_the_browsers(open_page, browser_locale, stored, tabs):
    """Gradio translated a tab's names when its tree was built, in navigator.language; changeLocale after
    load left unopened tabs (and nested tabs such as Sentiment's "Many texts") in the browser's language.
    tabs.i18n.LocaleFirst makes the stored choice the page's first locale."""
    page = open_page(stored, 1366, 900, browser_lang=browser_locale, remember=True)
    wrong = HANGUL if stored == "en" else re.compile(r"\b(Chat|Sentiment|Summarize|Translate|Image|Datasets|Model|"
                                                     r"Text|Many texts|One text|Settings|Examples|Show the code)\b")
    assert page.evaluate("document.documentElement.lang") == stored
    assert page.evaluate("navigator.language") == stored  # set before Gradio's scripts ran
    top = [t for t in page.get_by_role("tab").all() if t.evaluate("e => !e.closest('.tabitem')")]
    assert [t.inner_text().strip() for t in top] == tabs  # the names of tabs not yet opened too
    for tab in top:
        tab.click()
        settled(page)
        panel = page.locator(".tabitem:visible").first
        names = [t.inner_text().strip() for t in page.get_by_role("tab").all() if t.is_visible()]
        labels = [t.strip() for t in panel.locator("label, .label-wrap, button").all_inner_texts()
                  if t.strip() and not t.strip().startswith(("tiny", "Tiny"))]
        for text in names + labels[:12]:  # examples (the content) come after the labels and buttons
            if page.locator(".gallery").filter(has_text=text).count():
                continue
            assert not wrong.search(text), (tab.inner_text(), text)
        assert [t.inner_text().strip() for t in top] == tabs


def test_on_a_phone_the_model_card_goes_under_the_picker_full_width(open_page):
    """PAGE_CSS stacks a tab's model row ("pg-model-row") below 640 px, the card ("pg-card") full width. The tabs
    give their row and card these classes; here they are given in the page, so the rule is checked on its own."""
    page = open_page("ko", 390, 844, is_mobile=True)
    page.get_by_role("tab", name="감정 분석").click()
    settled(page)
    row, picker, card = page.evaluate("""() => {
      const panel = [...document.querySelectorAll('.tabitem')].find((p) => p.checkVisibility());
      const row = panel.querySelector('input[role=listbox], .wrap-inner input').closest('.row');
      row.classList.add('pg-model-row');
      const card = [...row.children].find((c) => c.querySelector('.prose'));
      card.classList.add('pg-card');
      const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; };
      return [box(row), box([...row.children].find((c) => c !== card)), box(card)];
    }""")
    assert card[2] >= row[2] - 2, (row, card)  # full width
    assert card[1] >= picker[1] + picker[3] - 1, (picker, card)  # under the picker, not beside it
    assert card[3] < 400  # readable lines, not a tall strip
    SHOTS = ROOT / ".cache" / "screenshots"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "lang-phone-card-ko.png"), full_page=False)
