"""Errors next to the input: a refused input's message stays as a note under the tab's input, in the
page's language, after the toast is gone, until the next action there; nothing the student had disappears.
Long pastes are never cut silently: a counter near the limit and a note of what was left out.
Helper events too: an upload or a model picker that fails says why next to it, in the page's language
(Gradio shows nothing for a failed ``queue=False`` event: HTTP 500, no toast).
Screenshots: ``.cache/screenshots/lang-errors-*.png``."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import ROOT, answered, open_section, open_tab, settled, stray_words

pytestmark = pytest.mark.browser

SHOTS = ROOT / ".cache" / "screenshots"


def _close_toasts(page) -> None:
    for button in page.locator("[data-testid=toast-close]").all():
        if button.is_visible():
            button.click()
    page.locator(".toast-body").first.wait_for(state="detached", timeout=15_000)


def test_a_chat_error_keeps_the_conversation_and_leaves_a_note_under_the_message_box(open_page):
    page = open_page("ko", 1366, 900, remember=True)
    box = page.get_by_label("메시지", exact=True)
    box.fill("안녕하세요")
    page.get_by_role("button", name="보내기", exact=True).click()
    page.locator("[data-testid=bot]").first.wait_for(timeout=60_000)
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=bot]')]"
                           ".some((e) => e.innerText.trim())", timeout=60_000)
    answered(page)  # the stream has finished
    conversation = page.locator("[data-testid=bot], [data-testid=user]").all_inner_texts()
    box.fill("")
    page.get_by_role("button", name="보내기", exact=True).click()
    page.locator(".toast-body.error").first.wait_for(timeout=30_000)
    assert page.locator(".toast-title.error").first.inner_text().strip().startswith("오류")  # not "Error"
    _close_toasts(page)
    note = page.locator(".pg-error-note")
    assert note.count() == 1 and note.first.is_visible()
    assert "텍스트가 비어 있습니다" in note.first.inner_text()
    # the note is under the message box, inside its block, and the conversation is all still there
    assert note.first.evaluate("(n) => !!n.parentElement.querySelector('textarea')")
    assert page.locator("[data-testid=bot], [data-testid=user]").all_inner_texts() == conversation
    assert all(el.is_visible() for el in page.locator("[data-testid=bot]").all())
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "lang-errors-chat-ko.png"))
    box.type("다")  # editing the input is the next action: the note goes
    expect(page.locator(".pg-error-note")).to_have_count(0)


def test_in_sentiment_the_previous_result_stays_and_the_note_clears_on_the_next_good_run(open_page):
    page = open_page("en", 1366, 900, remember=True)
    page.get_by_role("tab", name="Sentiment").click()
    box = page.get_by_label("Text", exact=True)
    run = page.get_by_role("button", name="Analyze", exact=True)
    box.fill("이 영화 정말 재밌어요!")
    run.click()
    page.wait_for_function("() => [...document.querySelectorAll('.output-class, [data-testid=\"label\"] h2')]"
                           ".some(e => e.textContent.trim())", timeout=60_000)
    result = page.get_by_test_id("label").or_(page.locator(".output-class")).first
    shown = result.inner_text()
    box.fill("   ")
    run.click()
    page.locator(".toast-body.error").first.wait_for(timeout=30_000)
    _close_toasts(page)
    note = page.locator(".pg-error-note")
    assert note.first.is_visible() and "The text is empty" in note.first.inner_text()
    assert result.is_visible() and result.inner_text() == shown  # the previous result is still there
    page.screenshot(path=str(SHOTS / "lang-errors-sentiment-en.png"))
    page.locator(".tabitem:visible .gallery-item").first.click()  # an example fills the box: not an edit
    page.wait_for_function("() => [...document.querySelectorAll('textarea')].some(t => t.value.trim())",
                           timeout=10_000)
    assert note.count() == 1
    run.click()  # the next action in this tab: the note goes, the new result comes, no new note
    page.wait_for_function("(old) => [...document.querySelectorAll('.output-class, [data-testid=\"label\"] h2')]"
                           ".some(e => e.textContent.trim() && e.textContent.trim() !== old) || true", arg=shown)
    note.first.wait_for(state="detached", timeout=5_000)
    settled(page)
    assert note.count() == 0 and page.locator(".toast-body.error").count() == 0
    assert result.is_visible() and result.inner_text().strip()
    box.fill("   ")
    run.click()
    note.first.wait_for(timeout=30_000)
    box.fill("What a wonderful film.")  # editing the input clears it too
    note.first.wait_for(state="detached", timeout=5_000)


def test_a_paste_over_the_limit_says_what_was_cut(open_page):
    page = open_page("ko", 1366, 900, remember=True)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=open_page.app_url)
    page.get_by_role("tab", name="감정 분석").click()
    box = page.get_by_label("텍스트", exact=True)
    limit = int(box.get_attribute("maxlength"))
    box.fill("가" * int(limit * 0.5))
    assert page.locator(".pg-counter").count() == 0  # far from the limit: no counter
    box.fill("가" * int(limit * 0.9))
    counter = page.locator(".pg-counter")
    counter.first.wait_for(timeout=5_000)
    assert counter.first.inner_text().strip() == f"{int(limit * 0.9):,} / {limit:,}"
    page.evaluate("(n) => navigator.clipboard.writeText('나'.repeat(n))", limit + 345)
    box.fill("")
    box.click()
    page.keyboard.press("Control+V")
    expect(box).to_have_value("나" * limit)
    settled(page)
    text = counter.first.inner_text()
    assert f"{limit:,}자까지만" in text and f"{limit + 345:,}자 중 345자가 잘렸습니다" in text, text
    assert f"{limit:,} / {limit:,}" in text
    page.screenshot(path=str(SHOTS / "lang-errors-paste-ko.png"))
    box.press("Backspace")
    expect(counter.first).to_have_text(f"{limit - 1:,} / {limit:,}")  # the cut note goes at the edit


@pytest.mark.parametrize(("lang", "width"), [("en", 1366), ("ko", 390)])
def test_repeated_refusals_are_one_line_and_a_phone_keeps_its_header(open_page, lang: str, width: int):
    """Quick clicks refused alike were as many identical lines in one toast (titled "(5)"): now one line, no
    count; a different message then shows beside it, counted as two. On a phone the toast sits at the bottom,
    clear of the header and the tabs."""
    page = open_page(lang, width, 844 if width < 600 else 900)
    page.get_by_role("tab", name="Sentiment" if lang == "en" else "감정 분석").first.click()
    run = page.get_by_role("button", name="Analyze" if lang == "en" else "분석", exact=True).first
    for n in range(1, 4):
        run.click()
        page.wait_for_function("n => document.querySelectorAll('.toast-message-text').length >= n", arg=n,
                               timeout=30_000)  # each refusal has arrived before the next click
    lines = page.locator(".toast-message-text")
    assert lines.count() == 3 and sum(line.is_visible() for line in lines.all()) == 1
    assert not any(count.is_visible() for count in page.locator(".toast-count").all())
    if width < 600:
        toast, tabs = page.locator(".toast-body").first.bounding_box(), page.get_by_role("tablist").first.bounding_box()
        assert toast["y"] > tabs["y"] + tabs["height"]  # below the tab bar, not over the header
        page.screenshot(path=str(SHOTS / f"lang-errors-toasts-{lang}-phone.png"))
    else:
        page.get_by_role("tab", name="Many texts").first.click()
        page.get_by_role("button", name="Analyze all", exact=True).first.click()  # another refusal, another line
        page.wait_for_function("() => [...document.querySelectorAll('.toast-message-text')]"
                               ".filter((e) => e.checkVisibility()).length >= 2", timeout=30_000)
        expect(page.locator(".pg-count").first).to_have_text("(2)")


# -- helper events: the note is next to the control that failed --------------------------------------------------
def _note_in(block):
    """The error note inside ``block`` (a component's box), once it is there."""
    note = block.locator(".pg-error-note")
    note.first.wait_for(timeout=30_000)
    return note.first


def _pick_model(page, picker_label: str, model: str) -> None:
    """Type a model id the catalog does not have into the visible picker (it takes custom values)."""
    box = page.get_by_label(picker_label, exact=True).filter(visible=True).first
    box.click()
    box.fill(model)
    box.press("Enter")


def test_a_png_without_settings_is_explained_under_the_upload_in_korean(open_page, tmp_path) -> None:
    """Image's "Reuse the settings of a PNG" with a PNG made elsewhere answered HTTP 500 and the page said nothing."""
    from PIL import Image

    page = open_page("ko", 1366, 900, remember=True)
    open_tab(page, "이미지")
    prompt = page.get_by_label("프롬프트", exact=True)
    prompt.fill("a red kite")
    open_section(page, "PNG의 설정 다시 쓰기")
    plain = tmp_path / "plain.png"
    Image.new("RGB", (8, 8)).save(plain)
    page.locator(".tabitem:visible input[type=file]").last.set_input_files(str(plain))
    note = page.locator(".pg-error-note")
    note.first.wait_for(timeout=30_000)
    # inside the upload's own box (its label first), not under the prompt
    assert note.first.evaluate("(n) => n.closest('.block').innerText").startswith("이 탭에서 내려받은 PNG")
    text = note.first.inner_text()
    assert "plain.png 파일에는 플레이그라운드 설정이 없습니다" in text, text
    assert stray_words(text, "ko", {"PNG", "png", "plain"}) == []
    assert page.locator(".pg-error-note").count() == 1  # only there, not also under the prompt
    assert prompt.input_value() == "a red kite"  # nothing the student had is lost
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "lang-errors-image-png-ko.png"))
    # Another type: Gradio's upload box refuses it in the page, in English; the page says it in Korean, there too
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (8, 8)).save(photo)
    note.first.locator("xpath=..").get_by_role("button", name="지우기").click()  # the upload box's clear button
    expect(note).to_have_count(0)  # acting on the control again: its old note goes
    page.locator(".tabitem:visible input[type=file]").last.set_input_files(str(photo))
    expect(note.first).to_contain_text("여기에는 .png 파일만 올릴 수 있습니다. photo.jpg 파일은", timeout=30_000)
    assert note.count() == 1 and stray_words(note.first.inner_text(), "ko", {"png", "photo", "jpg"}) == []
    assert note.first.evaluate("(n) => n.closest('.block').innerText").startswith("이 탭에서 내려받은 PNG")
    assert "Invalid" not in page.locator(".toast-body").first.inner_text()


def test_an_unknown_model_in_summarize_is_explained_under_the_picker(open_page) -> None:
    page = open_page("en", 1366, 900, remember=True)
    open_tab(page, "Summarize")
    _pick_model(page, "Model", "nobody/no-such-model")
    picker = (page.locator(".tabitem:visible .pg-model-row .block")
              .filter(has=page.get_by_label("Model", exact=True)).first)
    text = _note_in(picker).inner_text()
    assert "'nobody/no-such-model' is not in this playground's catalog" in text, text
    assert stray_words(text, "en") == []
    page.screenshot(path=str(SHOTS / "lang-errors-summarize-model-en.png"))


def test_an_unknown_model_in_translate_is_explained_in_its_card_in_korean(open_page) -> None:
    page = open_page("ko", 1366, 900, remember=True)
    open_tab(page, "번역")
    _pick_model(page, "모델", "nobody/no-such-model")
    card = page.locator("#translate-card")
    expect(card).to_contain_text("모델은 번역 카탈로그에 없습니다", timeout=30_000)
    text = card.inner_text()
    ids = {w for w in text.replace("/", " ").replace("-", " ").replace("'", " ").split() if w.isascii()}
    assert stray_words(text, "ko", ids | {"auto"}) == []  # only model ids are in Latin letters
    picker = page.locator(".tabitem:visible .pg-model-row").first.bounding_box()
    box = card.bounding_box()
    assert box["y"] < picker["y"] + picker["height"]  # beside the picker, in its row
