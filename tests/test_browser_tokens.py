"""The Tokens tab in Chromium, in both languages: pills for every tokenizer, the legend, morphemes, the chat view,
each page in one language, a student's HTML shown as text, and a phone-width screenshot
(.cache/screenshots/tokens-<lang>-390x844.png) for a person to look at."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, open_tab, stray_words, visible_text

pytestmark = pytest.mark.browser
SCREENSHOTS = ROOT / ".cache" / "screenshots"
NAMES = {"en": ("Tokens", "Show tokens"), "ko": ("토큰", "토큰 보기")}
TOKENIZERS = 8  # distinct local text models of the tiny catalog

# The page's own words in the output: not the pills (a student's text, cut), the morphemes, model names and ids,
# tables, the text box, the examples, nor the quoted parallel pair (a Korean and an English sentence on purpose).
SKIP = ('.tk-pills, .tk-head b, code, table, textarea, .examples, .gallery, .cm-editor, [role=listbox], label, '
        '#tokens-counts strong')
LATIN_ALLOWED = {"WordPiece", "SentencePiece", "BPE", "Kiwi", "UTF", "ms", "id", "Tiny", "chat", "Chat", "Hub",
                 "Hugging", "Face"}




def run_tokens(page, lang: str, text: str | None = None) -> None:
    tab, button = NAMES[lang]
    open_tab(page, tab)
    if text is not None:
        page.locator("#tokens-text textarea").fill(text)
    page.locator("#tokens-run").click()
    page.locator("#tokens-chat .tk-chat").wait_for(timeout=60_000)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_pills_legend_morphemes_and_chat_view_in_one_language(open_page, lang: str) -> None:
    with open_page.closing(lang, 1280, 900) as page:
        run_tokens(page, lang)
        out = page.locator("#tokens-pills .tk-out")
        assert out.get_attribute("lang") == lang
        rows = page.locator("#tokens-pills .tk-row[data-tokenizer]")
        assert rows.count() == TOKENIZERS
        families = page.locator("#tokens-pills .tk-family")
        assert [families.nth(i).get_attribute("data-family") for i in range(families.count())] == [
            "wordpiece", "sentencepiece", "byte_bpe"]
        for i in range(rows.count()):
            assert rows.nth(i).locator(".tk-pill").count() > 3
        first = page.locator("#tokens-pills .tk-pill:not(.tk-special)").first
        assert re.match(r"(id|번호) \d+", first.get_attribute("title"))
        legend = page.locator("#tokens-pills .tk-legend").inner_text()
        assert "##" in legend and "▁" in legend and "␣" in legend
        assert page.locator("#tokens-pills .tk-marker").count() > 0  # ▁ and ## drawn on the pills
        assert page.locator("#tokens-pills .tk-morph").count() >= 8
        assert page.locator("#tokens-pills .tk-pill.tk-disputed").count() > 0
        chat = page.locator("#tokens-chat .tk-chat")
        assert int(chat.get_attribute("data-count")) == chat.locator(".tk-pill").count()
        assert chat.locator(".tk-pill.tk-special").count() >= 4  # <|im_start|> / <|im_end|> visible
        counts = page.locator("#tokens-counts").inner_text()
        assert ("×" in counts) and ("배" in counts) == (lang == "ko")
        panel = page.locator("[role=tabpanel]:visible").first
        text = visible_text(panel, SKIP)
        stray = stray_words(text, lang, LATIN_ALLOWED, quotes=True)  # the parallel pair's sentences are quoted
        assert not stray, (stray, text)


def test_a_students_html_is_shown_never_run(open_page) -> None:
    with open_page.closing("en", 1280, 900) as page:
        run_tokens(page, "en", '<b id="evil">bold</b><img src=x onerror="window.hit=1"> 안녕')
        assert page.locator("#evil").count() == 0 and page.locator("#tokens-pills img").count() == 0
        assert page.evaluate("() => window.hit") is None
        assert "<" in page.locator("#tokens-pills .tk-pills").first.inner_text()


def test_the_picker_groups_tokenizers_by_family(open_page) -> None:
    with open_page.closing("en", 1280, 900) as page:
        open_tab(page, "Tokens")
        page.locator("#tokens-pick").get_by_text("Tokenizers").first.click()
        for family in ("WordPiece", "SentencePiece", "Byte-level BPE"):
            page.locator("#tokens-pick").get_by_text(family, exact=True).first.wait_for(timeout=30_000)
        page.locator("#tokens-pick").get_by_label("Tiny chat", exact=True).uncheck()
        page.locator("#tokens-run").click()
        page.wait_for_function("() => document.querySelectorAll('#tokens-pills .tk-row[data-tokenizer]').length === "
                               f"{TOKENIZERS - 1}", timeout=60_000)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_phone_screenshot_stays_readable(open_page, lang: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with open_page.closing(lang, 390, 844) as page:
        run_tokens(page, lang)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 392, width  # nothing wider than the phone: the pills wrap
        pill = page.locator("#tokens-pills .tk-pill:not(.tk-special)").first
        size = pill.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 13
        pill.click()  # a tap (no hover on a phone) shows the token's id under the pill
        shown = pill.evaluate("e => getComputedStyle(e, '::after').content")
        assert re.search(r"(id|번호) \d+", shown), shown
        page.locator("#tokens-pills .tk-row").first.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / f"tokens-{lang}-390x844.png"), full_page=False)
