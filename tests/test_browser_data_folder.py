"""The Datasets tab in Chromium: a file copied into the data folder while the page is open shows up in the
source list when the list is opened, without "Refresh the file list" or a restart (issue 16)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
