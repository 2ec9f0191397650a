"""The language switch keeps every tab's results, in the real page: run Summarize, Translate, Sentiment
(one text and a labelled file), Tokens and Image, switch 한국어 ↔ English, and each result is back, drawn in the new
language only, in the tab that was open."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import ROOT, answered, open_section, open_tab, settled, stray_words, visible_text

pytestmark = pytest.mark.browser

KO_TEXT = ("서울시는 화요일에 오래된 철길을 걷기와 자전거 길이 있는 공원으로 바꾸기로 했다. 공사는 3년이 걸리고 "
           "비용은 대부분 국가 보조금으로 마련된다. 상인들은 공사 중 주차 공간이 줄어드는 것을 걱정한다.")
NAMES = {  # tab -> (English name, Korean name)
    "summarize": ("Summarize", "요약"), "translate": ("Translate", "번역"), "sentiment": ("Sentiment", "감정 분석"),
    "tokens": ("Tokens", "토큰"), "image": ("Image", "이미지"),
}
# The tiny models' names ("Tiny many-to-many translation", "Tiny sentiment (English)"): the same in both languages.
TINY_NAMES = {"English", "Korean", "chat", "many", "to", "sentiment", "translation", "seq"}
# Words the page shows in either language: model and tokenizer names, code, what the student typed.
SKIP = ", ".join((
    "pre, code, textarea, input, .cm-editor, .pg-en, .pg-ko, #language-switch, .tk-pills, .tk-head, table td",
    "[data-testid=dropdown], .gallery, .examples, footer, #sentiment-table tbody, [role=gridcell], [role=cell]",
    ".tk-tags, .caption-label, label[data-testid=block-label]"))


PICKED = ("() => { const v = [...document.querySelectorAll('#tab-sentiment input')].map((i) => i.value); "
          "return v.includes('document') && v.includes('label'); }")  # the file's text and answer columns picked
PNG_SHOWN = ("() => [...document.querySelectorAll('#image-output img')].some((i) => "
             "/playground-\\d+\\.png/.test(i.src) && i.complete && i.naturalWidth > 0)")
PNG_NAME = ("() => [...document.querySelectorAll('#image-output img')].map((i) => i.src)"
            ".find((s) => /playground-\\d+\\.png/.test(s)).split('/').pop()")


def _switch(page, to: str, handed: str = "done") -> None:
    """Click the language control and wait for the reloaded page to have its results back (the hand-over box
    emptied after its one request, the page at rest); ``handed="none"``: a page that kept no results."""
    page.locator(f"#language-{to}").click()
    page.wait_for_function(f"() => (document.documentElement?.lang || '').startsWith('{to}') && "
                           "document.querySelector('#pg-handover')", timeout=60_000)
    page.wait_for_function("(state) => document.body?.dataset.pgRestored === state", arg=handed, timeout=60_000)
    settled(page)


def _open(page, name: str) -> None:
    """Open a tab and wait until it is drawn and at rest before typing into it: a box filled while its component
    was still mounting got its initial value back, and the run used that (a busy run showed the Tokens tab
    reading its first example instead of the typed sentence)."""
    open_tab(page, name)
    expect(page.get_by_role("tab", name=name).first).to_have_attribute("aria-selected", "true")
    settled(page)


def _run_everything(page, lang: str, nsmc: Path) -> dict[str, str]:
    en = lang == "en"
    shown: dict[str, str] = {}
    _open(page, NAMES["summarize"][not en])
    page.locator("#tab-summarize textarea").first.fill(KO_TEXT)
    page.locator("#tab-summarize").get_by_role("button", name="Summarize" if en else "요약하기", exact=True).click()
    page.wait_for_function("() => document.querySelector('#summary-output textarea').value.length > 0",
                           timeout=90_000)
    shown["summary"] = page.locator("#summary-output textarea").input_value()

    _open(page, NAMES["translate"][not en])
    page.locator("#tab-translate textarea").first.fill("오늘은 날씨가 정말 좋네요.")
    page.locator("#translate-run").click()
    page.wait_for_function("() => document.querySelector('#translation-output textarea').value.length > 0",
                           timeout=90_000)
    shown["translation"] = page.locator("#translation-output textarea").input_value()

    _open(page, NAMES["sentiment"][not en])
    page.locator("#tab-sentiment textarea").first.fill("이 영화 정말 재밌어요!")
    page.locator("#tab-sentiment").get_by_role("button", name="Analyze" if en else "분석", exact=True).click()
    page.wait_for_function("() => [...document.querySelectorAll('#tab-sentiment [data-testid=label] h2')]"
                           ".some((e) => e.innerText.trim())", timeout=60_000)
    page.locator("#sentiment-modes [role=tab]").nth(1).click()
    page.locator("#tab-sentiment input[type=file]").set_input_files(str(nsmc))
    # The upload fills both column pickers; wait for their values, not only for rest: a busy run clicked
    # "Analyze all" before the answer column was set, so no accuracy and no wrong-only box came.
    page.wait_for_function(PICKED, timeout=60_000)
    settled(page)
    page.locator("#tab-sentiment").get_by_role("button", name=re.compile("Analyze all|모두 분석")).click()
    page.locator("#sentiment-table").wait_for(state="visible", timeout=90_000)
    page.locator("#sentiment-wrong-only input").check()
    settled(page)
    shown["rows"] = str(page.locator("#sentiment-table tbody tr").count())

    _open(page, NAMES["image"][not en])
    page.locator("#tab-image textarea").first.fill("a lighthouse at sunset, oil painting")
    page.locator("#image-generate").click()
    page.wait_for_function(PNG_SHOWN, timeout=90_000)
    shown["png"] = page.evaluate(PNG_NAME)
    settled(page)

    _open(page, NAMES["tokens"][not en])
    page.locator("#tokens-text textarea").fill("토크나이저는 한국어를 어떻게 읽을까요?")
    page.locator("#tokens-run").click()
    page.locator("#tokens-pills .tk-out").wait_for(timeout=90_000)
    shown["tokens"] = page.locator("#tokens-pills .tk-took").inner_text()
    settled(page)
    return shown


SCREENSHOTS = ROOT / ".cache" / "screenshots"  # looked at by a person; not committed


def _screenshots(page, lang: str) -> None:
    """The restored Sentiment (many texts), Tokens and Image tabs, at a laptop's and a phone's size."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        for tab in ("sentiment", "tokens", "image"):
            open_tab(page, NAMES[tab][lang == "ko"])
            settled(page)
            page.screenshot(path=str(SCREENSHOTS / f"restore-{lang}-{width}x{height}-{tab}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def _assert_back(page, lang: str, shown: dict[str, str]) -> None:
    en = lang == "en"
    # the open tab (Tokens) is open again, its reading drawn in the new language
    expect(page.get_by_role("tab", name=NAMES["tokens"][not en]).first).to_have_attribute("aria-selected", "true")
    expect(page.locator("#tokens-pills .tk-out")).to_have_attribute("lang", lang)
    expect(page.locator("#tokens-text textarea")).to_have_value("토크나이저는 한국어를 어떻게 읽을까요?")
    took = page.locator("#tokens-pills .tk-took").inner_text()
    assert took == shown["tokens"].replace("read in", "").replace("걸림", "").strip().join(
        ("read in ", "") if en else ("", " 걸림")), took  # the same reading, in the new language
    tokens_words = visible_text(page.locator("#tab-tokens"), SKIP)

    open_tab(page, NAMES["image"][not en])
    page.wait_for_function(PNG_SHOWN, timeout=30_000)
    assert page.evaluate(PNG_NAME) == shown["png"]  # the same PNG, not a new one
    seed = shown["png"].removeprefix("playground-").removesuffix(".png")
    page.locator("#tab-image").get_by_text(f"{'Seed' if en else '시드'}: {seed}").first.wait_for()
    image_words = visible_text(page.locator("#tab-image"), SKIP)

    open_tab(page, NAMES["summarize"][not en])
    expect(page.locator("#summary-output textarea")).to_have_value(shown["summary"])
    page.get_by_text(" tokens" if en else " 토큰").first.wait_for()
    summarize_words = visible_text(page.locator("#tab-summarize"), SKIP)

    open_tab(page, NAMES["translate"][not en])
    expect(page.locator("#translation-output textarea")).to_have_value(shown["translation"])
    page.get_by_text("Korean (detected" if en else "한국어 (감지됨").first.wait_for()
    translate_words = visible_text(page.locator("#tab-translate"), SKIP)

    open_tab(page, NAMES["sentiment"][not en])
    # opened on "many texts", as the student left it
    expect(page.locator("#sentiment-modes [role=tab]").nth(1)).to_have_attribute("aria-selected", "true")
    settled(page)
    expect(page.locator("#sentiment-wrong-only input")).to_be_checked()
    assert str(page.locator("#sentiment-table tbody tr").count()) == shown["rows"]
    page.locator("#sentiment-summary").get_by_text("Accuracy" if en else "정확도").first.wait_for()
    # the file the run read is back in its box, with the columns it used picked
    expect(page.locator("#sentiment-upload").get_by_role("cell", name="nsmc_30.tsv")).to_be_visible()
    page.wait_for_function(PICKED, timeout=30_000)
    many_words = visible_text(page.locator("#tab-sentiment"), SKIP)
    page.locator("#sentiment-modes [role=tab]").nth(0).click()
    label = page.locator("#tab-sentiment [data-testid=label] h2").first
    expect(label).to_have_text(re.compile("positive|negative" if en else "긍정|부정"))
    one_words = visible_text(page.locator("#tab-sentiment"), SKIP)
    page.locator("#sentiment-modes [role=tab]").nth(1).click()  # "many texts" again, for the next switch
    settled(page)

    allowed = {"tiny", "Tiny", "BPE", "WordPiece", "SentencePiece", "UTF", "ms", "id", "ko", "en", "seq2seq",
               "NNG", "Kiwi", "CSV", "TSV", "csv", "tsv", "txt", "NSMC", "MB", "KB", "nsmc", "Python", "CC",
               "PNG", "diffusion", *TINY_NAMES}
    for words in (image_words, tokens_words, summarize_words, translate_words, one_words, many_words):
        assert not stray_words(words, lang, allowed, quotes=True), words


def test_every_result_comes_back_in_the_new_language_and_back_again(open_page, nsmc_path, tmp_path) -> None:
    """Everything run on a Korean page, then English, then Korean again: each switch draws every result in the
    page's language only (the results went to each new page's session), so both directions are covered."""
    rows = tmp_path / "nsmc_30.tsv"
    rows.write_text("".join(nsmc_path.read_text(encoding="utf-8").splitlines(keepends=True)[:31]), encoding="utf-8")
    page = open_page("ko", 1366, 900)
    shown = _run_everything(page, "ko", rows)
    for lang in ("en", "ko"):
        _switch(page, lang)
        _assert_back(page, lang, shown)
        _screenshots(page, lang)
        open_tab(page, NAMES["tokens"][lang == "ko"])  # the tab open at the next switch, as at this one
    # the file put back runs again as it is: Analyze all, without uploading it again
    _open(page, NAMES["sentiment"][1])
    page.locator("#tab-sentiment").get_by_role("button", name="모두 분석").click()
    expect(page.locator("#sentiment-wrong-only input")).not_to_be_checked(timeout=60_000)  # a new run's table
    settled(page)
    page.locator("#sentiment-summary").get_by_text("정확도").first.wait_for()  # with the answer column
    expect(page.locator("#sentiment-summary")).to_contain_text("30 / 30")  # every row of the file


DATASETS = {"en": {"tab": "Datasets", "section": "Sentiment over a text column", "run": "Analyze the column",
                   "matrix": "Confusion matrix", "status": "Rows 21–30 of 30",
                   "row_view": "Row view: click a row in the table"},
            "ko": {"tab": "데이터셋", "section": "텍스트 열 전체 감정 분석", "run": "열 분석", "matrix": "혼동 행렬",
                   "status": "행 21–30 / 30", "row_view": "행 보기: 표에서 행을 누르세요"}}


OPEN = re.compile(r"(^|\s)open(\s|$)")


def _section(page, label: str):
    """The visible section (accordion) called ``label``: its button, whose class says whether it is open."""
    return page.locator(".gr-accordion .label-wrap").filter(has_text=label).filter(visible=True).first


def test_the_open_dataset_its_page_and_column_run_come_back(open_page, nsmc_path, tmp_path) -> None:
    """Opened and analysed on an English page; back on a Korean page, then on an English one again, with the
    tab's sections as the student left them: the column section (closed at first) open, the row view (open at
    first) closed."""
    rows = tmp_path / "reviews.tsv"
    rows.write_text("".join(nsmc_path.read_text(encoding="utf-8").splitlines(keepends=True)[:31]), encoding="utf-8")
    page = open_page("en", 1366, 900)
    words = DATASETS["en"]
    open_tab(page, words["tab"])
    page.locator("#dataset-upload input[type=file]").set_input_files(str(rows))
    page.locator("#dataset-status").get_by_text("30").first.wait_for(timeout=60_000)
    page.locator("#dataset-next").click()
    page.locator("#dataset-status").get_by_text(words["status"]).wait_for(timeout=30_000)
    open_section(page, words["section"])
    page.get_by_role("button", name=words["run"], exact=True).click()
    page.locator("#dataset-sentiment-summary").get_by_text(words["matrix"]).wait_for(timeout=60_000)
    page.locator("#dataset-wrong-only input").check()
    settled(page)
    expect(_section(page, words["row_view"])).to_have_class(OPEN)
    open_section(page, words["row_view"])  # closes it
    expect(_section(page, words["row_view"])).not_to_have_class(OPEN)
    expect(_section(page, words["section"])).to_have_class(OPEN)

    for lang in ("ko", "en"):
        _switch(page, lang)
        words = DATASETS[lang]
        expect(page.get_by_role("tab", name=words["tab"]).first).to_have_attribute("aria-selected", "true")
        page.locator("#dataset-status").get_by_text(words["status"]).wait_for(timeout=30_000)
        expect(page.locator("#dataset-page input")).to_have_value("2")
        expect(_section(page, words["section"])).to_have_class(OPEN)  # as the student left them
        expect(_section(page, words["row_view"])).not_to_have_class(OPEN)
        page.locator("#dataset-sentiment-summary").get_by_text(words["matrix"]).wait_for(timeout=30_000)
        expect(page.locator("#dataset-wrong-only input")).to_be_checked()
        for part in ("#dataset-status", "#dataset-card", "#dataset-sentiment-summary"):
            text = visible_text(page.locator(part), "code, pre, table td")
            assert not stray_words(text, lang, {"CC", "tsv", "TSV", "reviews", "id", "document", "label", "ko",
                                                "en"}, quotes=True), (part, text)


def test_the_chat_survives_the_switch_as_before(open_page) -> None:
    """Chat keeps its history in the browser (a gr.BrowserState), not through the hand-over: it is still there."""
    page = open_page("en", 1366, 900)
    open_tab(page, "Chat")
    page.locator("#chat-message textarea").fill("안녕하세요, 오늘 날씨 어때요?")
    page.locator("#chat-send").click()
    answered(page)
    settled(page)
    _switch(page, "ko", handed="none")  # no other tab ran: nothing to hand over; the browser keeps the chat
    expect(page.get_by_role("tab", name="채팅").first).to_have_attribute("aria-selected", "true")
    page.locator("#chat-conversation").get_by_text("안녕하세요, 오늘 날씨 어때요?").wait_for(timeout=30_000)
    assert page.locator("#chat-conversation [data-testid=bot]").count() == 1


def test_typed_examples_come_back_into_their_own_boxes_with_the_source_that_shows_them(open_page) -> None:
    """Train's typed examples sit in boxes the data source choice shows. The switch puts the choice back first, then
    each text into its own box (a text once went into another box of the tab: boxes were matched by their place
    among the boxes drawn, and the reloaded page had not drawn the hidden ones). Choosing that source once broke
    the page (three examples boxes with one label: a page error, which fails any browser test)."""
    page = open_page("en", 1366, 900)
    _open(page, "Train")
    page.locator("#train-source").get_by_text("Type examples per class").click()
    page.locator("#train-class-1 textarea").wait_for()
    settled(page)
    typed = {"#train-class-1": "행복", "#train-examples-1": "좋아요\n최고예요\n즐거워요\n신나요",
             "#train-class-2": "슬픔", "#train-examples-2": "싫어요\n별로예요\n슬퍼요\n우울해요",
             "#train-try-text": "오늘 정말 좋아요"}
    for box, text in typed.items():
        page.locator(f"{box} textarea").fill(text)
    settled(page)
    _switch(page, "ko", handed="none")  # nothing ran: no results to hand over, only what was typed and chosen
    expect(page.get_by_role("tab", name="학습").first).to_have_attribute("aria-selected", "true")
    expect(page.locator("#train-source input[value=typed]")).to_be_checked()
    for box, text in typed.items():
        expect(page.locator(f"{box} textarea")).to_have_value(text)
        expect(page.locator(f"{box} textarea")).to_be_visible()
    for box in ("#train-class-3", "#train-examples-3"):
        expect(page.locator(f"{box} textarea")).to_have_value("")


def test_an_uploaded_training_table_comes_back_with_its_column_picks(open_page, tmp_path) -> None:
    """Train's uploaded table is back in its box after the switch, with the text column the student picked (not
    the one the page guessed), and the reloaded page reads it: Check data counts its rows."""
    table = tmp_path / "class_reviews.tsv"
    rows = [("좋아요", "정말 재밌는 영화였어요", "긍정"), ("최고", "배우들 연기가 최고예요", "긍정"),
            ("별로", "지루하고 너무 길어요", "부정"), ("실망", "결말이 실망스러웠어요", "부정")] * 3
    table.write_text("title\treview\tlabel\n" + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    page = open_page("en", 1366, 900)
    _open(page, "Train")
    page.locator("#train-source").get_by_text("Upload a table").click()
    page.locator("#train-upload input[type=file]").set_input_files(str(table))
    text = page.locator("#train-text-column input")
    expect(text).to_have_value("review", timeout=30_000)  # guessed from the column's name
    text.click()
    page.get_by_role("option", name="title", exact=True).click()
    expect(text).to_have_value("title")
    settled(page)
    _switch(page, "ko")
    expect(page.get_by_role("tab", name="학습").first).to_have_attribute("aria-selected", "true")
    expect(page.locator("#train-source input[value=upload]")).to_be_checked()
    expect(page.locator("#train-upload")).to_contain_text("class_reviews")  # (its name drawn in two parts)
    expect(page.locator("#train-text-column input")).to_have_value("title")
    expect(page.locator("#train-label-column input")).to_have_value("label")
    settled(page)
    expect(page.locator("#train-text-column input")).to_have_value("title")  # the put-back file kept the pick
    page.locator("#train-check").click()
    expect(page.locator("#train-data-note")).to_contain_text("12", timeout=30_000)


def test_a_reused_png_and_its_model_come_back_with_that_models_settings(open_page, engine, tmp_path) -> None:
    """A PNG whose settings the student reused comes back in its box after the switch, with the model it named
    (the turbo-style one: no guidance, no negative prompt, at most 4 steps) and its settings, the sliders' limits
    the model's own (the picker's change event sets them whichever way the model came back)."""
    from PIL import Image

    from playground.tasks import image_png

    stored = {"model": "tiny/text-to-image-turbo", "prompt": "a paper boat on a river", "negative_prompt": "",
              "seed": 77, "steps": 3, "guidance": 0.0, "width": 96, "height": 64}
    path = image_png.save_png(Image.new("RGB", (8, 8)), stored, tmp_path / "boat.png")
    page = open_page("en", 1366, 900)
    _open(page, "Image")
    open_section(page, "Reuse the settings of a PNG")
    page.locator("#tab-image input[type=file]").last.set_input_files(str(path))
    page.get_by_text("Settings loaded").wait_for(timeout=20_000)
    open_section(page, "Settings")
    expect(page.get_by_label("range slider for Steps (denoising passes)")).to_have_value("3")
    expect(page.get_by_label("range slider for Guidance (how strictly to follow the prompt)")).to_be_hidden()
    settled(page)
    _switch(page, "ko")
    expect(page.get_by_role("tab", name="이미지").first).to_have_attribute("aria-selected", "true")
    expect(page.locator("#tab-image").get_by_role("cell", name="boat.png")).to_be_visible()
    expect(page.locator("#tab-image").get_by_label("모델", exact=True)).to_have_value(
        re.compile(r"^Tiny text-to-image \(turbo-style\) · "))  # (the name, then its license)
    steps = page.get_by_label("range slider for 스텝 (잡음 제거 횟수)")
    expect(steps).to_have_value("3")
    expect(steps).to_have_attribute("max", "4")
    expect(page.get_by_label("range slider for 가이던스 (프롬프트를 얼마나 엄격히 따를지)")).to_be_hidden()
    expect(page.get_by_label("range slider for 너비 (px)")).to_have_value("96")
    expect(page.locator("#tab-image").get_by_label("시드", exact=True)).to_have_value("77")
    expect(page.get_by_label("매번 무작위 시드")).not_to_be_checked()
    expect(page.get_by_label("프롬프트", exact=True)).to_have_value("a paper boat on a river")
    page.screenshot(path=str(tmp_path / "image-ko-png-back.png"), full_page=True)


def test_what_a_student_typed_or_chose_comes_back_over_defaults_and_results(open_page) -> None:
    """A text typed over a box's default (Tokens' first example) comes back; so does a text edited after the run
    that drew it (the restored run writes the text it read, page.js then the student's). Chat's role, typed or
    picked, comes back with no message sent: a picked one in the new page's language."""
    page = open_page("en", 1366, 900)
    _open(page, "Chat")
    open_section(page, "Settings")
    page.locator("#tab-chat").get_by_label("Role", exact=True).click()
    page.get_by_role("option", name="Korean tutor", exact=True).click()
    expect(page.locator("#chat-system textarea")).to_have_value(re.compile("^You are a kind Korean teacher"))
    _open(page, "Tokens")
    box = page.locator("#tokens-text textarea")
    box.fill("내가 직접 쓴 문장")
    settled(page)
    _switch(page, "ko", handed="none")  # nothing run: no results to hand over
    expect(page.locator("#tokens-text textarea")).to_have_value("내가 직접 쓴 문장")
    page.locator("#tokens-run").click()
    page.locator("#tokens-pills .tk-out").wait_for(timeout=90_000)
    page.locator("#tokens-text textarea").fill("실행한 뒤에 고친 문장")
    settled(page)
    _switch(page, "en")
    expect(page.locator("#tokens-text textarea")).to_have_value("실행한 뒤에 고친 문장")
    expect(page.locator("#tokens-pills .tk-out")).to_have_attribute("lang", "en")  # the run drawn again
    _open(page, "Chat")
    open_section(page, "Settings")  # (a section's boxes are drawn once it is opened)
    expect(page.locator("#chat-system textarea")).to_have_value(re.compile("^You are a kind Korean teacher"))
    _switch(page, "ko")
    expect(page.locator("#chat-system textarea")).to_have_value(re.compile("^당신은 친절한 한국어 선생님입니다"))
    expect(page.locator("#chat-system textarea")).to_have_value(re.compile("^당신은 친절한 한국어 선생님입니다"))
    expect(page.locator("#tab-chat").get_by_label("역할", exact=True)).to_have_value("한국어 선생님")
    page.locator("#chat-system textarea").fill("너는 해적이야. 해적처럼 말해.")
    settled(page)
    _switch(page, "en")  # (the Chat tab open, its Settings section open)
    expect(page.locator("#chat-system textarea")).to_have_value("너는 해적이야. 해적처럼 말해.")


def test_the_settings_a_student_moved_come_back(open_page) -> None:
    """Sliders, checkboxes, number boxes and picks come back as the student left them, with no run to restore
    them: in the open tab (Summarize's beams and sampling, its section open as it was) and in tabs opened after the
    switch (Image's steps and typed seed; Translate's target language, named in the new language)."""
    page = open_page("en", 1366, 900)
    _open(page, "Translate")
    target = page.get_by_label("To", exact=True)
    target.click()
    page.get_by_role("option", name="Japanese", exact=True).click()
    expect(target).to_have_value("Japanese")
    _open(page, "Image")
    page.locator("#tab-image").get_by_text("Settings", exact=True).click()
    steps = page.get_by_label("range slider for Steps (denoising passes)")
    steps.wait_for()
    before = steps.input_value()
    steps.focus()
    page.keyboard.press("End" if before == "1" else "Home")  # a trusted key, as a student moves it
    moved = steps.input_value()
    assert moved != before
    page.get_by_label("Random seed each time").uncheck()  # a seed typed into a number box (gr.Number)
    seed = page.locator("#tab-image").get_by_label("Seed", exact=True)
    seed.fill("1234")
    expect(seed).to_have_value("1234")
    _open(page, "Summarize")
    page.locator("#tab-summarize").get_by_text("Decoding", exact=True).click()
    beams = page.get_by_label("range slider for Beams (more = careful but slower)")
    beams.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(beams).to_have_value("6")
    page.get_by_label("Sample instead of beam search (more varied)").check()
    temperature = page.get_by_label("range slider for Temperature (when sampling)")
    temperature.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(temperature).to_have_value("0.8")
    settled(page)
    _switch(page, "ko")  # the pick is handed over
    expect(page.get_by_role("tab", name="요약").first).to_have_attribute("aria-selected", "true")
    # At once, as the settings are put back: what the student types into a slider's box now stays.
    typed = page.get_by_label("number input for 온도 (샘플링할 때)")
    typed.fill("0.5")
    typed.press("Enter")
    expect(page.get_by_label("range slider for 빔 개수 (많을수록 신중하지만 느림)")).to_have_value("6")
    expect(page.get_by_label("빔 탐색 대신 샘플링 (더 다양한 표현)")).to_be_checked()
    expect(page.get_by_label("range slider for 빔 개수 (많을수록 신중하지만 느림)")).to_be_visible()  # section open
    expect(page.get_by_label("range slider for 온도 (샘플링할 때)")).to_have_value("0.5")
    settled(page)
    page.locator("#tab-summarize textarea").first.fill(KO_TEXT)  # the run reads the settings put back
    page.get_by_role("button", name="요약하기", exact=True).click()
    expect(page.locator("#summary-output textarea")).not_to_have_value("", timeout=60_000)
    page.locator("#tab-summarize").get_by_text("코드 보기", exact=True).click()
    code = page.locator("#tab-summarize .cm-content")
    expect(code).to_contain_text("do_sample=True", timeout=10_000)
    expect(code).to_contain_text("temperature=0.5")
    _open(page, "이미지")
    page.locator("#tab-image").get_by_text("설정", exact=True).click()  # (its settings drawn when first opened)
    expect(page.get_by_label("range slider for 스텝 (잡음 제거 횟수)")).to_have_value(moved)
    expect(page.get_by_label("매번 무작위 시드")).not_to_be_checked()
    expect(page.locator("#tab-image").get_by_label("시드", exact=True)).to_have_value("1234")
    settled(page)
    page.get_by_label("프롬프트", exact=True).fill("A corgi astronaut")  # the run reads the seed put back
    page.get_by_role("button", name="생성", exact=True).click()
    page.wait_for_function("() => [...document.querySelectorAll('#image-output img')].some(i => "
                           "/playground-1234\\.png/.test(i.src))", timeout=60_000)
    _open(page, "번역")
    expect(page.get_by_label("번역할 언어", exact=True)).to_have_value("일본어")
