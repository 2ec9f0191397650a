"""Summarize, Translate, Image and Datasets as a student sees them: the Summarize card does not jump
after a run, each page in one language only, and screenshots of the four tabs in both languages at laptop and
phone size for a person to look at (written to .cache/screenshots/<tab>-<lang>-<width>x<height>.png)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, open_tab, settled, stray_words, visible_text

pytestmark = pytest.mark.browser
SCREENSHOTS = ROOT / ".cache" / "screenshots"
TABS = {"summarize": ("Summarize", "요약"), "translate": ("Translate", "번역"), "image": ("Image", "이미지"),
        "datasets": ("Datasets", "데이터셋")}
KO_TEXT = "오늘은 날씨가 정말 좋네요. 친구들과 한강 공원에 가서 자전거를 탔어요."

# The visible text of a tab, without what is data or code rather than the page's own words: code panels, JSON,
# tables of rows, examples, galleries, what is typed in boxes, and the model cards' names (a model's name is its
# name in every language).
SKIP = ('.cm-editor, .json-holder, code, pre, table, .examples, .gallery, textarea, input, #dataset-rows, '
        '#dataset-card h3, .pg-card strong, .pg-card a, [role=listbox]')
# Words a Korean page keeps in Latin letters: formats, names and the "auto" choice.
LATIN_ALLOWED = {"CSV", "TSV", "JSON", "JSONL", "Parquet", "zip", "Hub", "ID", "Hugging", "Face", "AI", "aihub", "git",
                 "gitignore", "owner", "name", "PNG", "px", "auto", "great", "NSMC", "MB", "GB", "ko", "en", "ja",
                 "zh", "fr", "de", "es", "vi", "ru", "tsv", "ratings", "sample", "document", "label", "id", "or",
                 "kr", "diffusion", "Tiny", "seq", "Korean", "English", "translation", "text", "image", "to",
                 "local", "folder", "apache", "creativeml", "openrail", "mit", "cc", "by", "sa", "nc", "Apache"}


def card_box(page) -> dict:
    return page.evaluate("""() => { const e = document.querySelector('#summarize-card');
        const r = e.getBoundingClientRect(); return {y: r.y, height: r.height, width: r.width, text: e.innerText}; }""")


def test_the_summarize_card_stays_as_it_was_after_a_run(open_page) -> None:
    """The card (both of "auto"'s models) used to shrink to the one that ran, and the page jumped."""
    with open_page.closing("en", 1366, 900) as page:
        open_tab(page, "Summarize")
        before = card_box(page)
        assert before["height"] > 20 and "License" in before["text"]
        page.get_by_label("Text to summarize", exact=True).fill(KO_TEXT)
        page.get_by_role("button", name="Summarize", exact=True).click()
        page.get_by_text(" tokens").first.wait_for(timeout=60_000)
        settled(page)
        after = card_box(page)
        assert after == before, (before, after)


def test_the_translate_examples_show_text_not_i18n_metadata(open_page) -> None:
    for lang in ("en", "ko"):
        with open_page.closing(lang, 1366, 900) as page:
            open_tab(page, TABS["translate"][lang == "ko"])
            examples = page.locator("[role=tabpanel]:visible .examples, [role=tabpanel]:visible .gallery").first
            text = examples.inner_text()
            assert "__i18n__" not in text and "translation_metadata" not in text
            assert "한강 공원" in text  # the first example, not cut off to nothing




@pytest.mark.parametrize("lang", ["en", "ko"])
def test_each_tab_in_one_language_with_screenshots(open_page, nsmc_path: Path, lang: str) -> None:
    """Every visible string of the four tabs in the page's language (statistics and the card after opening NSMC
    included), and their screenshots at 1366×900 and 390×844."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1366, 900), (390, 844)):
        with open_page.closing(lang, width, height) as page:
            for tab, names in TABS.items():
                open_tab(page, names[lang == "ko"])
                if tab == "datasets":
                    page.locator("#dataset-upload input[type=file]").set_input_files(str(nsmc_path))
                    page.wait_for_function("() => (document.querySelector('#dataset-status')?.innerText || '')"
                                           ".includes('4,000')", timeout=60_000)
                    page.get_by_text("통계" if lang == "ko" else "Statistics", exact=True).first.click()
                    page.get_by_role("button", name="통계 계산" if lang == "ko" else "Compute statistics").click()
                    page.wait_for_function("() => document.querySelectorAll('.vega-embed').length >= 2 && "
                                           "document.querySelectorAll('.vega-embed')[1]"
                                           ".querySelectorAll('g.mark-rect path').length > 0", timeout=60_000)
                    settled(page)
                panel = page.locator("[role=tabpanel]:visible").first
                text = visible_text(panel, SKIP)
                stray = stray_words(text, lang, LATIN_ALLOWED)
                assert not stray, (tab, width, stray)
                page.screenshot(path=str(SCREENSHOTS / f"{tab}-{lang}-{width}x{height}.png"), full_page=True)


def test_stop_is_inactive_while_nothing_runs(open_page) -> None:
    """A tab's Stop (tabs.common.stop_button) is inactive at rest, and inactive again once its run has ended."""
    with open_page.closing("en", 1366, 900) as page:
        for tab in ("Summarize", "Translate", "Image"):
            open_tab(page, tab)
            stop = page.locator("[role=tabpanel]:visible button.pg-stop")
            assert stop.count() == 1 and stop.is_disabled(), tab
        open_tab(page, "Summarize")
        page.get_by_label("Text to summarize", exact=True).fill(KO_TEXT)
        page.get_by_role("button", name="Summarize", exact=True).click()
        page.get_by_text(" tokens").first.wait_for(timeout=60_000)
        stop = page.locator("[role=tabpanel]:visible button.pg-stop")
        page.wait_for_function("(el) => el.disabled", arg=stop.element_handle(), timeout=10_000)
