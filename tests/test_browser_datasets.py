"""The Datasets tab in Chromium: upload the NSMC sample, page through it, send a review to the Sentiment tab."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import ROOT, open_section, open_tab, settled, stray_words, visible_text
from playground.data.tables import read_table

pytestmark = pytest.mark.browser
SCREENSHOTS = ROOT / ".cache" / "screenshots"  # looked at by a person; not committed
SCREENSHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def page(page):
    """The shared app page (conftest), once the Datasets tab is drawn."""
    page.get_by_role("tab", name="Datasets").wait_for(timeout=60_000)
    return page


def status_text(page) -> str:
    return page.locator("#dataset-status").inner_text()


def wait_status(page, needle: str) -> None:
    page.wait_for_function(
        "(needle) => (document.querySelector('#dataset-status')?.innerText || '').includes(needle)",
        arg=needle, timeout=30_000)


def test_page_through_nsmc_and_send_a_review_to_sentiment(page, nsmc_path: Path, tmp_path: Path) -> None:
    reviews = read_table(nsmc_path).frame["document"].tolist()
    page.get_by_role("tab", name="Datasets").click()
    assert page.get_by_text("Local files stay on this machine").is_visible()
    page.locator("#dataset-upload input[type=file]").set_input_files(str(nsmc_path))
    wait_status(page, "Rows 1–20 of 4,000")
    rows = page.locator("#dataset-rows")
    assert reviews[0][:15] in rows.inner_text()
    page.get_by_role("button", name="Next ▶").click()
    wait_status(page, "Rows 21–40 of 4,000")
    assert reviews[20][:15] in rows.inner_text() and reviews[0][:15] not in rows.inner_text()
    page.get_by_role("button", name="Next ▶").click()
    wait_status(page, "Rows 41–60 of 4,000")
    page.get_by_role("button", name="◀ Previous").click()
    wait_status(page, "Rows 21–40 of 4,000")
    # a page past the last (999 of 200) shows the last one, says so, and the box holds 200, not the refused 999
    number = page.get_by_label("Page", exact=True)
    number.fill("999")
    number.press("Enter")
    wait_status(page, "Rows 3,981–4,000 of 4,000")
    page.get_by_text("There are 200 pages: here is the last one.").first.wait_for(timeout=10_000)
    expect(number).to_have_value("200")
    assert reviews[-1][:15] in rows.inner_text()
    # pick the third row of the page: the row view follows, and one click sends it to Sentiment
    chosen = reviews[3982]
    rows.get_by_text(chosen[:20], exact=False).first.click()
    row_text = page.locator("#dataset-row-text textarea")
    page.wait_for_function("(want) => document.querySelector('#dataset-row-text textarea')?.value === want",
                           arg=chosen, timeout=15_000)
    assert row_text.input_value() == chosen
    page.get_by_role("button", name="→ Sentiment").click()
    sentiment_box = page.get_by_label("Text", exact=True)
    sentiment_box.wait_for(state="visible", timeout=10_000)
    page.wait_for_function("(want) => [...document.querySelectorAll('textarea')].some("
                           "e => e.offsetParent !== null && e.value === want && "
                           "!e.closest('#dataset-row-text'))", arg=chosen, timeout=10_000)
    assert sentiment_box.input_value() == chosen
    expect(page.get_by_role("tab", name="Sentiment")).to_have_attribute("aria-selected", "true")
    page.screenshot(path=str(tmp_path / "sent_to_sentiment.png"), full_page=True)


def test_search_and_a_hostile_path_in_the_page(page, nsmc_path: Path) -> None:
    page.get_by_role("tab", name="Datasets").click()
    page.locator("#dataset-upload input[type=file]").set_input_files(str(nsmc_path))
    wait_status(page, "of 4,000")
    box = page.get_by_label("Search in text columns")
    box.fill("재밌")
    box.press("Enter")
    page.wait_for_function("() => /of \\*{0,2}[0-9,]+/.test(document.querySelector('#dataset-status').innerText)"
                           " && !document.querySelector('#dataset-status').innerText.includes('of 4,000')",
                           timeout=30_000)
    assert "재밌" in page.locator("#dataset-rows").inner_text()
    source = page.get_by_label("Dataset: Hub id or local file")
    source.fill("../../etc/passwd")
    source.press("Enter")
    page.get_by_role("button", name="Open", exact=True).click()
    page.get_by_text("outside the uploads and the data folder").first.wait_for(timeout=15_000)
    assert "root:" not in page.locator("body").inner_text()


def test_a_search_from_page_3_shows_the_first_result_first(page, nsmc_path: Path) -> None:
    frame = read_table(nsmc_path).frame
    first_hit = next(text for text in frame["document"].astype(str) if "재밌" in text)
    page.get_by_role("tab", name="Datasets").click()
    page.locator("#dataset-upload input[type=file]").set_input_files(str(nsmc_path))
    wait_status(page, "Rows 1–20 of 4,000")
    number = page.get_by_label("Page", exact=True)
    number.fill("3")
    number.press("Enter")
    wait_status(page, "Rows 41–60 of 4,000")
    box = page.get_by_label("Search in text columns")
    box.fill("재밌")
    box.press("Enter")
    page.wait_for_function("() => /Rows \\*{0,2}1–/.test(document.querySelector('#dataset-status').innerText)"
                           " && !document.querySelector('#dataset-status').innerText.includes('of 4,000')",
                           timeout=30_000)
    assert first_hit[:15] in page.locator("#dataset-rows").inner_text()


def test_the_length_histogram_draws_its_bins_in_numeric_order(page, nsmc_path: Path) -> None:
    page.get_by_role("tab", name="Datasets").click()
    page.locator("#dataset-upload input[type=file]").set_input_files(str(nsmc_path))
    wait_status(page, "Rows 1–20 of 4,000")
    page.get_by_text("Statistics", exact=True).first.click()
    page.get_by_role("button", name="Compute statistics").click()
    # the x axis of the second chart (lengths): its tick labels, left to right
    page.wait_for_function("() => document.querySelectorAll('.vega-embed').length >= 2 && "
                           "document.querySelectorAll('.vega-embed')[1].querySelectorAll('text').length > 4",
                           timeout=60_000)
    settled(page)
    ticks = page.evaluate("""() => [...document.querySelectorAll('.vega-embed')[1].querySelectorAll(
        'g.role-axis-label text')].map((e) => ({x: e.getBoundingClientRect().x, text: e.textContent}))""")
    bins = [tick["text"] for tick in sorted(ticks, key=lambda tick: tick["x"]) if "–" in tick["text"]]
    starts = [int(text.split("–")[0].replace(",", "")) for text in bins]
    assert len(starts) > 2 and starts == sorted(starts), bins


# -- tables and charts that read right, a compact page on a phone -----------------------------------
def open_nsmc(page, nsmc_path: Path, tab: str = "Datasets") -> None:
    open_tab(page, tab)
    page.locator("#dataset-upload input[type=file]").set_input_files(str(nsmc_path))
    wait_status(page, "4,000")


def header_box(page, name: str) -> dict:
    """The bounding box of the rows table's header cell ``name`` and of the table's block."""
    return page.evaluate("""(name) => {
        const block = document.querySelector('#dataset-rows');
        const cell = [...block.querySelectorAll('.header-cell, th')].find(
            (e) => e.innerText.trim() === name && e.getBoundingClientRect().width > 0);
        const r = cell.getBoundingClientRect(), b = block.getBoundingClientRect();
        return {left: r.left, right: r.right, width: r.width, block_left: b.left, block_right: b.right,
                page_width: document.scrollingElement.scrollWidth, viewport: window.innerWidth};
    }""", name)


def test_the_label_column_is_on_screen_at_laptop_size(open_page, nsmc_path: Path) -> None:
    """NSMC's reviews are up to 140 characters: the label column after them stays within the table's visible
    width at 1366×900, without scrolling sideways, and the long review wraps instead."""
    with open_page.closing("en", 1366, 900) as page:
        open_nsmc(page, nsmc_path)
        settled(page)  # the table sizes its columns after drawing
        label = header_box(page, "label")
        assert label["width"] > 30, label
        assert label["block_left"] <= label["left"] and label["right"] <= label["block_right"] + 1, label
        assert label["right"] <= label["viewport"] and label["page_width"] <= label["viewport"], label
        longest = page.evaluate("""() => Math.max(...[...document.querySelectorAll('#dataset-rows td, '
            + '#dataset-rows [role=gridcell]')].map((e) => e.getBoundingClientRect().height))""")
        assert longest > 30  # the longest review wraps onto a second line


PHONE = {"en": ("Datasets", "Rows 1–20 of 4,000", "Local files stay on this machine",
                "taking the data out of Korea"),
         "ko": ("데이터셋", "행 1–20 / 4,000", "로컬 파일은 이 컴퓨터에만 있습니다", "국외로 반출하거나")}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_pager_is_one_compact_row_on_a_phone(open_page, nsmc_path: Path, lang: str) -> None:
    """At 390×844: Previous, the page box, Next and the page size in one row that fits the screen, with readable
    button text; the AI Hub paragraph is one short line until it is opened; the status is not cut."""
    tab, rows, privacy_line, terms = PHONE[lang]
    with open_page.closing(lang, 390, 844) as page:
        open_nsmc(page, nsmc_path, tab)
        boxes = page.evaluate("""() => ['#dataset-prev', '#dataset-page', '#dataset-next', '#dataset-page-size']
            .map((id) => { const e = document.querySelector(id); const r = e.getBoundingClientRect();
                           return {id, top: r.top, bottom: r.bottom, right: r.right,
                                   font: parseFloat(getComputedStyle(e).fontSize)}; })""")
        top, bottom = min(b["top"] for b in boxes), max(b["bottom"] for b in boxes)
        assert bottom - top < 110, boxes  # one row (it was four stacked blocks, a whole screen)
        assert all(b["right"] <= 390 for b in boxes), boxes
        assert all(b["font"] >= 14 for b in boxes if b["id"] in ("#dataset-prev", "#dataset-next")), boxes
        status = page.evaluate("""() => { const e = document.querySelector('#dataset-status');
            const r = e.getBoundingClientRect();
            return {text: e.innerText, right: r.right, clipped: e.scrollWidth > e.clientWidth + 1}; }""")
        assert rows in status["text"] and not status["clipped"] and status["right"] <= 390, status
        privacy = page.locator("#dataset-privacy")
        assert privacy_line in privacy.inner_text()
        assert privacy.bounding_box()["height"] < 70  # one short line (two on a phone), the terms folded
        assert not page.get_by_text(terms).first.is_visible()
        privacy.locator("summary").click()
        page.get_by_text(terms).first.wait_for(state="visible", timeout=5_000)
        page.locator("#dataset-pager").scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / f"datasets-{lang}-390x844-pager.png"), full_page=False)


def chart_marks(page, n: int) -> dict:
    """Bars (height in px) and the y axis's tick labels of the n-th chart on the page."""
    return page.evaluate("""(n) => {
        const chart = document.querySelectorAll('.vega-embed')[n];
        const bars = [...chart.querySelectorAll('g.mark-rect path')].map((e) => e.getBoundingClientRect().height);
        const axes = [...chart.querySelectorAll('g.role-axis')];
        const labels = axes.map((a) => [...a.querySelectorAll('g.role-axis-label text')].map((e) => e.textContent));
        const titles = axes.map((a) => [...a.querySelectorAll('g.role-axis-title text')].map((e) => e.textContent));
        return {bars, labels, titles};
    }""", n)


def test_a_single_category_draws_a_bar_from_zero_with_whole_counts(open_page, nsmc_path: Path) -> None:
    """Statistics of the positive reviews only (label = 1): one category is one bar, standing on zero, and the
    count axis reads in whole numbers, titled in the page's language (Korean here)."""
    with open_page.closing("ko", 1366, 900) as page:
        open_nsmc(page, nsmc_path, "데이터셋")
        page.get_by_label("필터: 열").click()
        page.get_by_role("option", name="label", exact=True).click()
        page.get_by_label("값", exact=True).fill("1")
        page.get_by_role("button", name="검색 / 필터").click()
        page.wait_for_function(
            "() => (document.querySelector('#dataset-status')?.innerText || '').includes('/ 2,000')",
            timeout=30_000)
        page.get_by_text("통계", exact=True).first.click()
        page.get_by_role("button", name="통계 계산").click()
        page.wait_for_function("() => document.querySelectorAll('.vega-embed').length >= 2 && "
                               "document.querySelectorAll('.vega-embed')[0].querySelectorAll('g.mark-rect path')"
                               ".length > 0", timeout=60_000)
        settled(page)
        labels = chart_marks(page, 0)
        assert len(labels["bars"]) == 1 and labels["bars"][0] > 100, labels  # 2,000 of 2,000: a full bar
        ticks = [text for axis in labels["labels"] for text in axis if text and text[0].isdigit()]
        counts = [text for text in ticks if "," in text or text.isdigit()]
        assert "0" in counts and all(re.fullmatch(r"[0-9,]+", text) for text in counts), labels
        assert "행 수" in sum(labels["titles"], []), labels
        lengths = chart_marks(page, 1)
        assert "길이 (글자 수)" in sum(lengths["titles"], []) and "행 수" in sum(lengths["titles"], []), lengths
        summary = page.locator("[role=tabpanel]:visible").first.inner_text()
        assert "길이: 최소" in summary and "mean" not in summary and "median" not in summary
        page.screenshot(path=str(SCREENSHOTS / "datasets-ko-1366x900-stats.png"), full_page=True)



# -- filters named and cleared, the column run's confusion matrix, a row sent with its gold label ------------------
WORDS23 = {
    "en": {"tab": "Datasets", "sentiment_tab": "Sentiment", "search": "Search in text columns",
           "column": "Filter: column", "value": "Value", "clear": "Clear filters",
           "named": "Filter: label = 1 · search: ‘재밌’", "all_rows": "Rows 1–20 of 4,000",
           "section": "Sentiment over a text column",
           "run": "Analyze the column", "matrix": "Confusion matrix", "wrong_only": "Wrong predictions only",
           "headers": ["text", "label", "score", "correct"], "send": "→ Sentiment", "gold": "Correct label:",
           "verdict": ("right ✓", "wrong ✗"), "many": "Many texts"},
    "ko": {"tab": "데이터셋", "sentiment_tab": "감정 분석", "search": "텍스트 열에서 검색",
           "column": "필터: 열", "value": "값", "clear": "필터 지우기",
           "named": "필터: label = 1 · 검색: ‘재밌’", "all_rows": "행 1–20 / 4,000",
           "section": "텍스트 열 전체 감정 분석",
           "run": "열 분석", "matrix": "혼동 행렬", "wrong_only": "틀린 것만 보기",
           "headers": ["문장", "레이블", "점수", "정답"], "send": "→ 감정 분석", "gold": "정답:",
           "verdict": ("맞음 ✓", "틀림 ✗"), "many": "여러 문장"},
}


@pytest.mark.parametrize(("lang", "width", "height"), [("en", 1366, 900), ("ko", 390, 844)])
def test_the_filters_in_use_are_named_and_cleared(open_page, nsmc_path: Path, lang: str, width: int,
                                                  height: int) -> None:
    words = WORDS23[lang]
    with open_page.closing(lang, width, height) as page:
        open_nsmc(page, nsmc_path, words["tab"])
        filters = page.locator("#dataset-filters")
        assert not filters.is_visible()  # nothing to name before a search
        page.get_by_label(words["column"]).click()
        page.get_by_role("option", name="label", exact=True).click()
        page.get_by_label(words["value"], exact=True).fill("1")
        box = page.get_by_label(words["search"])
        box.fill("재밌")
        box.press("Enter")
        filters.wait_for(state="visible", timeout=30_000)
        settled(page)
        assert " ".join(filters.inner_text().split()) == words["named"]
        assert "4,000" not in status_text(page)
        filters.scroll_into_view_if_needed()
        clear = page.get_by_role("button", name=words["clear"]).bounding_box()
        named = filters.bounding_box()
        assert clear["y"] < named["y"] + named["height"] and clear["x"] > named["x"], (clear, named)  # beside it
        assert clear["x"] + clear["width"] <= width and page.evaluate("() => document.documentElement.scrollWidth") \
            <= width + 1
        page.screenshot(path=str(SCREENSHOTS / f"datasets-{lang}-{width}x{height}-filters.png"), full_page=False)
        page.get_by_role("button", name=words["clear"]).click()
        wait_status(page, words["all_rows"])
        filters.wait_for(state="hidden", timeout=15_000)
        settled(page)
        assert words["all_rows"] in status_text(page)  # page 1 of every row
        assert box.input_value() == "" and page.get_by_label(words["value"], exact=True).input_value() == ""


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_column_run_shows_its_matrix_and_the_wrong_ones(open_page, nsmc_path: Path, lang: str) -> None:
    words = WORDS23[lang]
    with open_page.closing(lang, 1366, 900) as page:
        open_nsmc(page, nsmc_path, words["tab"])
        open_section(page, words["section"])
        page.get_by_role("button", name=words["run"], exact=True).click()
        summary = page.locator("#dataset-sentiment-summary")
        summary.get_by_text(words["matrix"]).wait_for(timeout=60_000)
        settled(page)
        table = page.locator("#dataset-sentiment-table")
        headers = [h.strip() for h in table.locator("thead th").all_inner_texts() if h.strip()]
        assert headers == words["headers"], headers
        rows_js = """() => [...document.querySelectorAll('#dataset-sentiment-table .virtual-body [role=row]')]
            .map((r) => [...r.querySelectorAll('[role=gridcell]')].map((c) => c.innerText.trim()))"""
        page.locator("#dataset-wrong-only").get_by_text(words["wrong_only"]).click()
        page.wait_for_function(f"() => ({rows_js})().every((row) => row[1] !== row[3])", timeout=15_000)
        settled(page)
        shown = page.evaluate(rows_js)
        assert shown and all(row[1] != row[3] for row in shown), shown
        assert not stray_words(visible_text(summary, "code"), lang)
        summary.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / f"datasets-{lang}-1366x900-confusion.png"), full_page=False)


@pytest.mark.parametrize(("lang", "width", "height"), [("ko", 1366, 900), ("en", 390, 844)])
def test_a_row_sent_to_sentiment_runs_with_its_gold_label(open_page, nsmc_path: Path, lang: str, width: int,
                                                          height: int) -> None:
    words = WORDS23[lang]
    first = read_table(nsmc_path).frame.iloc[0]
    with open_page.closing(lang, width, height) as page:
        open_tab(page, words["sentiment_tab"])  # the student left Sentiment on its "many texts" mode
        page.get_by_role("tab", name=words["many"]).click()
        settled(page)
        open_nsmc(page, nsmc_path, words["tab"])
        page.wait_for_function("(want) => document.querySelector('#dataset-row-text textarea')?.value === want",
                               arg=first["document"], timeout=15_000)
        settled(page)
        page.get_by_role("button", name=words["send"]).click()
        verdict = page.locator("#sentiment-verdict")
        verdict.get_by_text(words["gold"]).wait_for(timeout=60_000)
        settled(page)
        text = verdict.inner_text()
        gold = {"0": ("negative", "부정"), "1": ("positive", "긍정")}[first["label"]][lang == "ko"]
        assert f"{words['gold'].rstrip(':')}: {gold}" in text.replace("：", ":"), text
        assert any(v in text for v in words["verdict"]), text
        assert page.locator("#sentiment-verdict").is_visible()  # the one-text mode is shown again
        expect(page.get_by_role("tab", name=words["sentiment_tab"]).first).to_have_attribute("aria-selected", "true")
        assert not stray_words(text, lang)
        verdict.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / f"datasets-{lang}-{width}x{height}-sent.png"), full_page=False)
