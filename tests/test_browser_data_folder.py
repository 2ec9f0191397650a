"""The Datasets tab in Chromium: a file copied into the data folder while the page is open shows up in the
source list when the list is opened, without "Refresh the file list" or a restart."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, open_tab
from playground.data import local

pytestmark = pytest.mark.browser


def test_a_file_copied_into_the_data_folder_appears_when_the_list_opens(page, tmp_path: Path) -> None:
    made = tmp_path / "made"
    made.mkdir()
    (made / "reviews.tsv").write_text("id\tdocument\tlabel\n" + "".join(f"{i}\t재밌어요 {i}\t1\n" for i in range(42)),
                                      encoding="utf-8")
    tmp_path = tmp_path / "data"
    tmp_path.mkdir()
    local.set_data_dir(tmp_path)  # the app of the shared page runs in this process
    try:
        page.get_by_role("tab", name="Datasets").click()
        source = page.get_by_label("Dataset", exact=False).first
        source.wait_for(timeout=30_000)
        (tmp_path / "class").mkdir()
        shutil.copy(made / "reviews.tsv", tmp_path / "class" / "reviews.tsv")  # after the page was drawn
        source.click()
        option = page.get_by_role("option", name="📁 class/reviews.tsv")
        option.wait_for(timeout=10_000)
        option.click()
        page.wait_for_function(
            "() => (document.querySelector('#dataset-status')?.innerText || '').includes('of 42')",
            timeout=30_000)
    finally:
        local.set_data_dir(None)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_bundled_sample_opens_with_one_click_in_an_empty_data_folder(open_page, tmp_path: Path, lang: str) -> None:
    """A fresh clone, offline: no Hub, nothing in the data folder, yet the Datasets tab has something real to open
    (the 100 NSMC reviews the Sentiment tab offers too), its text and label columns guessed."""
    local.set_data_dir(tmp_path)  # empty
    try:
        page = open_page(lang, 390, 844)  # a phone: the button must be reachable there too
        open_tab(page, "Datasets" if lang == "en" else "데이터셋")
        button = page.locator("#dataset-sample")
        button.wait_for(timeout=30_000)
        assert not page.locator("#dataset-rows").is_visible()  # nothing opened: no empty table headed "1 2 3"
        button.click()
        page.wait_for_function(
            "() => /\\b100\\b/.test(document.querySelector('#dataset-status')?.innerText || '')", timeout=60_000)
        card = page.locator("#dataset-card").inner_text()
        assert "nsmc_100.tsv" in card and "100" in card
        assert page.locator("#dataset-source-row input").first.input_value() == "⬆️ nsmc_100.tsv"  # as an upload
        shots = ROOT / ".cache" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.locator("#dataset-upload-row").screenshot(path=str(shots / f"datasets-sample-{lang}-phone.png"))
        table = page.locator("#dataset-status").inner_text()
        assert ("of 100" in table) if lang == "en" else ("/ 100" in table)
        assert page.locator("#dataset-rows").is_visible()
        if lang == "ko":  # the column sentiment's table in the page's language: headers and labels
            page.get_by_text("텍스트 열 전체 감정 분석").first.click()
            page.get_by_role("button", name="열 분석", exact=True).first.click()
            page.get_by_text("정확도").first.wait_for(timeout=60_000)
            headers = page.locator("#dataset-sentiment-table thead").inner_text()
            assert "문장" in headers and "정답" in headers and "text" not in headers and "gold" not in headers
            body = page.locator("#dataset-sentiment-table").inner_text()
            assert ("긍정" in body or "부정" in body) and "positive" not in body and "negative" not in body
    finally:
        local.set_data_dir(None)
