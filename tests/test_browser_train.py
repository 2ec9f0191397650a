"""The Train tab in Chromium, in both languages: the bundled NSMC sample → train → the live chart drawn → the
evaluation → a try-it label; Stop during a longer run keeps a usable model. Screenshots go to .cache/screenshots/."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import ROOT, open_tab

pytestmark = pytest.mark.browser
SHOTS = ROOT / ".cache" / "screenshots"  # looked at by a person; not committed
SHOTS.mkdir(parents=True, exist_ok=True)
WORDS = {
    "en": {"tab": "Train", "done": "Trained", "stopped": "Stopped after", "before": "before training",
           "try": "Classify", "yours": "Your model"},
    "ko": {"tab": "학습", "done": "학습 완료", "stopped": "멈췄습니다", "before": "학습 전", "try": "분류하기",
           "yours": "내 모델"},
}


def wait_text(page, selector: str, needle: str, timeout: int = 90_000) -> None:
    page.wait_for_function(
        "([sel, needle]) => (document.querySelector(sel)?.innerText || '').includes(needle)",
        arg=[selector, needle], timeout=timeout)


def chart_drawn(page) -> None:
    """The LinePlot drew its marks (Vega renders into a canvas or an SVG once it has data)."""
    page.wait_for_function(
        "() => { const c = document.querySelector('#train-chart');"
        " return !!c && !!c.querySelector('canvas, svg path, svg .mark-line'); }", timeout=60_000)


def try_it(page, words: dict[str, str]) -> None:
    page.locator("#train-try-text textarea, #train-try-text input").first.fill("정말 재밌는 영화였어요")
    page.get_by_role("button", name=words["try"], exact=True).click()
    page.wait_for_function(
        "() => /\\d+(\\.\\d+)?%/.test(document.querySelector('#train-mine')?.innerText || '')", timeout=60_000)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_nsmc_sample_to_a_try_it_label(open_page, lang: str) -> None:
    words = WORDS[lang]
    with open_page.closing(lang, 1366, 900) as page:
        open_tab(page, words["tab"])
        stop = page.locator("#train-stop")
        assert stop.is_disabled()  # inactive at rest
        page.locator("#train-run").click()
        wait_text(page, "#train-status", words["done"])
        chart_drawn(page)
        wait_text(page, "#train-result", words["before"])
        assert "%" in page.locator("#train-result").inner_text()
        confusion = page.locator("#train-confusion").inner_text()
        assert "0" in confusion and "1" in confusion
        assert {"en": "0 · negative", "ko": "0 · 부정"}[lang] in confusion  # NSMC's classes with their meaning
        assert page.locator("#train-sizes").inner_text().count("10") >= 2  # 10 + 10 held out
        page.wait_for_function("() => document.querySelector('#train-stop')?.disabled === true")
        try_it(page, words)
        assert words["yours"] in page.locator("#train-mine").inner_text()
        page.locator("#train-theirs").wait_for(state="visible")  # NSMC's 0/1 mean negative/positive
        page.locator("#train-chart").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"train-{lang}-1366x900.png"))
        page.screenshot(path=str(SHOTS / f"train-{lang}-full.png"), full_page=True)


def test_stop_keeps_the_model_so_far(open_page, nsmc_path: Path, tmp_path: Path) -> None:
    rows = list(csv.reader(nsmc_path.open(encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE))[:2001]
    table = tmp_path / "nsmc_2000.tsv"
    table.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    words = WORDS["ko"]
    with open_page.closing("ko", 1366, 900) as page:
        open_tab(page, words["tab"])
        page.locator("#train-source").get_by_text("표 파일 올리기").click()
        page.locator("#train-upload input[type=file]").set_input_files(str(table))
        page.wait_for_function(
            "() => (document.querySelector('#train-label-column input')?.value || '') === 'label'", timeout=30_000)
        epochs = page.locator("#train-epochs input[type=number]")
        epochs.fill("5")
        epochs.press("Enter")
        page.locator("#train-run").click()
        wait_text(page, "#train-status", "단계 · 손실")  # training has started streaming steps
        page.locator("#train-stop").click()
        wait_text(page, "#train-status", words["stopped"])
        chart_drawn(page)
        try_it(page, words)
        page.screenshot(path=str(SHOTS / "train-ko-stopped.png"))


def test_phone_layout(open_page) -> None:
    with open_page.closing("ko", 390, 844) as page:
        open_tab(page, WORDS["ko"]["tab"])
        page.locator("#train-run").click()
        wait_text(page, "#train-status", WORDS["ko"]["done"])
        chart_drawn(page)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390 + 1  # nothing wider than the phone
        page.locator("#train-chart").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "train-ko-390x844.png"))
