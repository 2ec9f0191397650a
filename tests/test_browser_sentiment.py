"""The Sentiment tab in the real page: the "Try NSMC" button gives an accuracy line at once, the results
put label, score and the correct label first with the text last (all visible at 1366 px), the chart counts in whole
numbers from zero, and a Korean page shows Korean label names. Screenshots: .cache/screenshots/sentiment-*.png."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, open_section, settled, stray_words, visible_text

pytestmark = pytest.mark.browser

SHOTS = ROOT / ".cache" / "screenshots"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
WORDS = {  # what each page must show, and the other language's words it must not
    "en": {"tab": "Many texts", "button": "Try NSMC", "accuracy": "Accuracy",
           "headers": ["label", "score", "correct", "model", "text"], "labels": {"negative", "positive"}},
    "ko": {"tab": "여러 문장", "button": "NSMC 맛보기", "accuracy": "정확도",
           "headers": ["레이블", "점수", "정답", "모델", "문장"], "labels": {"부정", "긍정"}},
}


def _open_sentiment(open_page, lang: str, width: int, height: int):
    page = open_page(lang, width, height)
    page.get_by_role("tab").nth(1).click()  # Sentiment (by position: its name is in the page's language)
    page.get_by_role("tab", name=WORDS[lang]["tab"]).click()
    return page


def _run_the_sample(page, lang: str) -> str:
    page.get_by_role("button", name=WORDS[lang]["button"]).click()
    summary = page.locator("#sentiment-summary")
    summary.get_by_text(WORDS[lang]["accuracy"]).wait_for(timeout=90_000)
    page.locator("#sentiment-table").wait_for(state="visible", timeout=30_000)
    page.locator("#sentiment-chart svg").first.wait_for(timeout=30_000)
    settled(page)
    return summary.inner_text()


def _headers(page) -> list[dict]:
    return page.evaluate("""() => [...document.querySelectorAll('#sentiment-table thead th')]
        .filter((th) => th.checkVisibility())
        .map((th) => { const r = th.getBoundingClientRect();
                       return {text: th.innerText.trim(), left: r.left, right: r.right}; })
        .filter((h) => h.text)""")


def _y_ticks(page) -> list[str]:
    return page.evaluate("""() => {
      const axis = [...document.querySelectorAll('#sentiment-chart g[aria-label]')]
        .find((g) => /^Y-axis/i.test(g.getAttribute('aria-label')));
      return axis ? [...axis.querySelectorAll('.role-axis-label text')].map((t) => t.textContent) : [];
    }""")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_try_nsmc_shows_accuracy_with_label_score_and_gold_first(open_page, lang: str) -> None:
    words = WORDS[lang]
    page = _open_sentiment(open_page, lang, 1366, 900)
    summary = _run_the_sample(page, lang)
    assert "100 / 100" in summary and re.search(rf"{words['accuracy']}: \d+\.\d%", summary), summary
    headers = _headers(page)
    names = [h["text"] for h in headers]
    assert names[:5] == words["headers"], names
    # label, score and the correct label sit inside a 1366 px page without scrolling sideways
    assert all(h["right"] <= 1366 for h in headers[:3]), headers
    cells = page.evaluate("""() => [...document.querySelectorAll('#sentiment-table tbody tr')].slice(0, 10)
        .map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim()).filter(Boolean))""")
    assert cells and all(row[0] in words["labels"] for row in cells if row), cells
    ticks = _y_ticks(page)
    assert "0" in ticks, ticks  # bars start at zero
    assert all(re.fullmatch(r"\d{1,3}(,\d{3})*", t) for t in ticks), ticks  # whole numbers, no ".000000"
    assert len(set(ticks)) == len(ticks), ticks
    panel = page.locator("#sentiment-summary").inner_text() + " ".join(names)
    if lang == "ko":
        assert not re.search(r"\b(texts|labelled|negative|positive|label|score)\b", panel), panel
    else:
        assert not HANGUL.search(panel), panel
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"sentiment-{lang}-1366x900.png"), full_page=False)
    page.locator("#sentiment-table").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"sentiment-{lang}-1366x900-results.png"), full_page=False)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_tab_on_a_phone(open_page, lang: str) -> None:
    page = _open_sentiment(open_page, lang, 390, 844)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"sentiment-{lang}-390x844.png"), full_page=False)
    _run_the_sample(page, lang)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390 + 1, width  # the page itself never scrolls sideways
    page.locator("#sentiment-table").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"sentiment-{lang}-390x844-results.png"), full_page=False)


# -- the confusion matrix and "wrong predictions only" -----------------------------------------------------------
MATRIX = {"en": {"title": "Confusion matrix", "corner": "correct ↓ · predicted →",
                 "wrong_only": "Wrong predictions only"},
          "ko": {"title": "혼동 행렬", "corner": "정답 ↓ · 예측 →", "wrong_only": "틀린 것만 보기"}}


def _matrix(page) -> list[list[str]]:
    return page.evaluate("""() => [...document.querySelectorAll('#sentiment-summary table tr')]
        .map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.innerText.trim()))""")


ROWS_JS = """() => [...document.querySelectorAll('#sentiment-table .virtual-body [role=row]')]
    .map((tr) => [...tr.querySelectorAll('[role=gridcell]')].map((td) => td.innerText.trim()))
    .filter((row) => row.some(Boolean))"""


def _result_rows(page) -> list[list[str]]:
    """The rows the table draws (a virtual list: those in view)."""
    return page.evaluate(ROWS_JS)


@pytest.mark.parametrize(("lang", "width", "height"), [("en", 1366, 900), ("ko", 1366, 900), ("ko", 390, 844),
                                                       ("en", 390, 844)])
def test_a_labelled_run_shows_its_confusion_matrix_and_filters_the_wrong_ones(open_page, lang: str, width: int,
                                                                              height: int) -> None:
    words, matrix_words = WORDS[lang], MATRIX[lang]
    page = _open_sentiment(open_page, lang, width, height)
    _run_the_sample(page, lang)
    summary = page.locator("#sentiment-summary")
    assert matrix_words["title"] in summary.inner_text()
    matrix = _matrix(page)
    assert matrix[0][0] == matrix_words["corner"] and set(matrix[0][1:]) == words["labels"], matrix
    assert {row[0] for row in matrix[1:]} == words["labels"], matrix
    counts = [[int(cell.replace(",", "")) for cell in row[1:]] for row in matrix[1:]]
    assert sum(map(sum, counts)) == 100  # every sample review has its label
    wrong = sum(n for i, row in enumerate(counts) for j, n in enumerate(row) if i != j)
    before = _result_rows(page)
    assert before and any(row[0] == row[2] for row in before), before  # some right ones on screen
    box = page.locator("#sentiment-wrong-only")
    box.get_by_text(matrix_words["wrong_only"]).click()
    page.wait_for_function(f"() => ({ROWS_JS})().every((row) => row[0] !== row[2])", timeout=15_000)
    settled(page)
    rows = _result_rows(page)
    assert rows and all(row[0] != row[2] for row in rows), rows  # each label differs from the correct one
    assert len(rows) <= wrong
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width + 1
    stray = stray_words(visible_text(summary, "code"), lang, {"NSMC"})
    assert not stray, stray
    summary.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"sentiment-{lang}-{width}x{height}-confusion.png"), full_page=False)
    box.get_by_text(matrix_words["wrong_only"]).click()  # unticked: every row again
    settled(page)
    assert _result_rows(page) == before
    # the code panel now reads the same file and runs the model over its texts (not the one-text example)
    open_section(page, "Show the code" if lang == "en" else "코드 보기")
    page.wait_for_function("() => [...document.querySelectorAll('.cm-content')].some((e) => e.checkVisibility() "
                           "&& e.innerText.includes('read_csv(\"nsmc_100.tsv\"'))", timeout=15_000)
