"""The Datasets tab in Chromium: upload the NSMC sample, page through it, send a review to the Sentiment tab."""

from __future__ import annotations

from pathlib import Path

import pytest

from playground.data.tables import read_table

pytestmark = pytest.mark.browser


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
    # jump to the last page
    number = page.get_by_label("Page", exact=True)
    number.fill("200")
    number.press("Enter")
    wait_status(page, "Rows 3,981–4,000 of 4,000")
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
    assert page.get_by_role("tab", name="Sentiment").get_attribute("aria-selected") == "true"
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
    page.wait_for_timeout(1500)
    ticks = page.evaluate("""() => [...document.querySelectorAll('.vega-embed')[1].querySelectorAll(
        'g.role-axis-label text')].map((e) => ({x: e.getBoundingClientRect().x, text: e.textContent}))""")
    bins = [tick["text"] for tick in sorted(ticks, key=lambda tick: tick["x"]) if "–" in tick["text"]]
    starts = [int(text.split("–")[0].replace(",", "")) for text in bins]
    assert len(starts) > 2 and starts == sorted(starts), bins
