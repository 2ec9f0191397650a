"""The real failure paths of ``test_failures_one_language.py``, driven in Chromium as a student meets them:
an empty main input refused in every tab, a model that is not cached while offline, a sentence whose translation
collapsed into repetition. On a Korean page every message is Korean, on an English page English: the toast, the note
under the input and the run's own notes (model ids, names, commands and code excepted).
Screenshots: ``.cache/screenshots/failures-*.png``."""

from __future__ import annotations

import pytest
from test_failures_one_language import MISSING, check_one_language, failing_app  # noqa: F401  (a fixture)

from conftest import ROOT, settled
from playground.tasks import seq2seq
from playground.tasks.seq2seq import Generated

pytestmark = pytest.mark.browser

SHOTS = ROOT / ".cache" / "screenshots"
# The top-level tabs in page order (the same in both languages) whose main button refuses an empty input.
REFUSING = {0: "chat", 1: "sentiment", 2: "summarize", 3: "translate", 4: "image", 5: "datasets"}
NEVER_FETCHED = "Never fetched"  # the catalog name of MISSING (test_failures_one_language.failing_app)


def panel(page):
    """The top-level tab panel on screen."""
    return page.locator("#tabs > .tabitem, .tabitem").filter(visible=True).first


def main_input(page):
    return panel(page).locator("textarea").filter(visible=True).first


def error_text(page) -> str:
    """The error a click just caused, once shown: the toast's title and body and the note left under the input; the
    toasts are then closed so that the next error is read alone."""
    page.locator(".toast-body.error").first.wait_for(timeout=60_000)
    note = page.locator(".pg-error-note").filter(visible=True)
    note.first.wait_for(timeout=10_000)
    text = "\n".join(page.locator(".toast-body.error").all_inner_texts() + note.all_inner_texts())
    for button in page.locator("[data-testid=toast-close]").all():
        if button.is_visible():
            button.click()
    page.locator(".toast-body").first.wait_for(state="detached", timeout=15_000)
    return text


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_failure_reaches_the_page_in_its_one_language(open_page, failing_app, lang: str,  # noqa: F811
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    url, names = failing_app
    page = open_page(lang, 1366, 900, remember=True, url=url)
    SHOTS.mkdir(parents=True, exist_ok=True)

    for index, task in REFUSING.items():  # an empty main input, refused with a message in the page's language
        page.get_by_role("tab").nth(index).click()
        settled(page)
        main_input(page).fill("")
        panel(page).locator("button.primary").filter(visible=True).first.click()
        text = error_text(page)
        assert text.strip(), task
        check_one_language(text, lang, names)

    page.get_by_role("tab").nth(1).click()  # Sentiment with a model that was never downloaded (the Hub is offline)
    settled(page)
    panel(page).get_by_label("모델" if lang == "ko" else "Model", exact=True).first.click()
    page.get_by_role("option", name=NEVER_FETCHED).first.click()
    settled(page)
    main_input(page).fill("좋은 영화" if lang == "ko" else "good film")
    panel(page).locator("button.primary").filter(visible=True).first.click()
    text = error_text(page)
    assert MISSING in text, text
    check_one_language(text, lang, names)
    page.screenshot(path=str(SHOTS / f"failures-missing-model-{lang}.png"))

    real = seq2seq.generate

    def collapse_second(engine, runner, texts, settings, **kwargs):
        results = real(engine, runner, texts, settings, **kwargs)
        return [Generated("ㅋ" * 250, r.input_tokens, 250) if i == 1 else r for i, r in enumerate(results)]

    monkeypatch.setattr(seq2seq, "generate", collapse_second)  # the app runs in this process
    page.get_by_role("tab").nth(3).click()  # Translate: the second of three sentences collapses
    settled(page)
    main_input(page).fill("First sentence here. Second one here. Third one too.")
    panel(page).locator("button.primary").filter(visible=True).first.click()
    word = "되풀이" if lang == "ko" else "collapsed into repetition"
    page.get_by_text(word).first.wait_for(timeout=60_000)
    settled(page)
    lines = [line for line in panel(page).inner_text().splitlines() if word in line]
    assert len(lines) == 1, lines  # noted once, in the page's language
    check_one_language(lines[0], lang, names)
    page.screenshot(path=str(SHOTS / f"failures-collapsed-{lang}.png"))
