"""The page's frame in Chromium: a landing line that says what to do first, all six tabs reachable on a
phone, the "Share with the class" control with its full-screen QR, and the teacher section with the System
diagnostics, each in the page's one language."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import held_line, launch, settled, waiting_jobs

pytestmark = pytest.mark.browser

TASKS = ("chat", "sentiment", "summarize", "translate", "image", "datasets")
PHONE, LAPTOP = (390, 844), (1366, 900)
HANGUL = re.compile(r"[\uac00-\ud7a3]")
SHOTS = Path(__file__).resolve().parent.parent / ".cache" / "screenshots" / "tests"
EXAMPLE_LINK = "https://example-class.gradio.live"


@pytest.fixture(scope="module")
def demo(catalog) -> Iterator[object]:
    """An app of this module's own: a test may give it a public link (``demo.share_url``, as ``--share`` does)
    without changing the page other test files see."""
    from app import build_app, launch_options
    from playground import limits
    from playground.device import detect
    from playground.engine import Engine

    app = build_app(Engine(catalog, detect("cpu")))
    launch(app, quiet=True, max_file_size=limits.UPLOAD_MAX_SIZE,
           **launch_options())
    yield app


def _open(open_page, demo, locale: str, size: tuple[int, int]):
    page = open_page(locale[:2], size[0], size[1], url=demo.local_url)
    page.locator("#tab-chat-button").wait_for(timeout=60_000)
    settled(page)  # the load events fill the overlay and the teacher section
    return page


@pytest.mark.parametrize("locale", ["en-US", "ko-KR"])
def test_on_a_phone_all_six_tabs_are_visible_and_clickable(open_page, demo, locale: str) -> None:
    page = _open(open_page, demo, locale, PHONE)
    assert page.locator("#tabs .overflow-menu").count() == 0  # no "…" menu hides a tab
    for task in TASKS:
        button = page.locator(f"#tab-{task}-button")
        assert button.is_visible(), task
        box = button.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0], (task, box)  # not scrolled away
    for task in reversed(TASKS):
        page.locator(f"#tab-{task}-button").click()
        page.wait_for_function(
            f"() => document.querySelector('#tab-{task}-button').getAttribute('aria-selected') === 'true'",
            timeout=10_000)
        assert page.locator(f"#tab-{task}").is_visible(), task
    # the frame above the tabs stays short: the tab bar starts within the first 140 px (it was at 181-204 px)
    assert page.locator("#tabs").bounding_box()["y"] < 140
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"teacher-phone-tabs-{locale}.png"))


@pytest.mark.parametrize(("locale", "hint", "other"), [
    ("en-US", "Pick a tab and try an example.", "탭을 고르고"),
    ("ko-KR", "탭을 고르고 예시를 눌러 보세요.", "Pick a tab"),
])
def test_the_landing_says_what_to_do_first_and_keeps_the_teachers_text_below(open_page, demo, locale, hint,
                                                                             other) -> None:
    page = _open(open_page, demo, locale, LAPTOP)
    assert page.title() == ("플레이그라운드" if locale == "ko-KR" else "The Playground")  # the browser tab's
    start = page.locator("#pg-start")
    assert start.inner_text().strip() == hint and other not in page.locator("#pg-header").inner_text()
    assert start.bounding_box()["y"] + start.bounding_box()["height"] <= page.locator("#tabs").bounding_box()["y"]
    title = page.locator("#pg-title p")
    assert float(title.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 24  # a clear title
    intro = page.get_by_text("공용 엔진" if locale == "ko-KR" else "shared engine")
    assert not intro.filter(visible=True).count()  # the teachers' text: in their section, closed
    page.locator("#pg-teacher").get_by_role("button").first.click()
    intro.wait_for(timeout=10_000)
    assert not page.locator("#pg-system").get_by_text("Refresh").or_(
        page.locator("#pg-system").get_by_text("새로고침")).first.is_visible()  # diagnostics stay collapsed


def _dialog_text(page) -> str:
    return page.locator("dialog.pg-share-dialog").inner_text()


@pytest.mark.parametrize("size", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_share_with_the_class_shows_the_link_a_copy_button_and_a_full_screen_qr(open_page, demo, size) -> None:
    demo.share_url = EXAMPLE_LINK  # what launch(share=True) sets once the tunnel is up
    try:
        page = _open(open_page, demo, "en-US", size)
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=demo.local_url.rstrip("/"))
        opener = page.locator("#pg-share-open")
        assert opener.inner_text().strip() == "📱 Share with the class"
        assert opener.bounding_box()["y"] < 120 and opener.bounding_box()["height"] < 48  # near the top, small
        opener.click()
        dialog = page.locator("dialog.pg-share-dialog[open]")
        dialog.wait_for(timeout=10_000)
        box = dialog.bounding_box()
        assert box["width"] >= 0.95 * size[0] and box["height"] >= 0.95 * size[1]  # covers the whole screen
        qr = dialog.locator("img.pg-share-qr")
        side = qr.bounding_box()
        assert min(side["width"], side["height"]) >= 0.6 * min(size)  # large enough for the back of the room
        assert qr.get_attribute("src").startswith("data:image/svg+xml")
        assert EXAMPLE_LINK in _dialog_text(page) and "No password" in _dialog_text(page)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"teacher-share-{size[0]}.png"))

        dialog.get_by_role("button", name="Copy link").click()
        dialog.get_by_role("button", name="Copied ✓").wait_for(timeout=5_000)
        assert page.evaluate("() => navigator.clipboard.readText()") == EXAMPLE_LINK
        assert dialog.is_visible()  # copying keeps the overlay open

        page.keyboard.press("Escape")  # Esc closes
        dialog.wait_for(state="detached", timeout=5_000)
        opener.click()
        dialog.wait_for(timeout=5_000)
        qr.click()  # and so does a click on the QR code (or anywhere but the link and the buttons' row)
        dialog.wait_for(state="detached", timeout=5_000)
    finally:
        demo.share_url = None


def test_without_a_student_link_the_overlay_says_how_to_get_one_in_korean(open_page, demo) -> None:
    demo.share_blocked = None
    page = _open(open_page, demo, "ko-KR", LAPTOP)
    page.locator("#pg-share-open").click()
    page.locator("dialog.pg-share-dialog[open]").wait_for(timeout=10_000)
    text = _dialog_text(page)
    assert page.locator("dialog.pg-share-dialog img").count() == 0  # no QR of an address students cannot open
    assert "이 컴퓨터에서만 열리기" in text and "--share" in text and "--host 0.0.0.0" in text
    assert demo.local_url.rstrip("/") in text
    words = set(re.findall(r"[A-Za-z]{3,}", re.sub(r"https?://\S+|python app\.py.*|--\w+|Wi-Fi|Esc", "", text)))
    assert words <= {"teacher", "auth", "host", "share"}, words  # Korean, but the commands and the address
    page.keyboard.press("Escape")
    page.locator("dialog.pg-share-dialog[open]").wait_for(state="detached", timeout=5_000)


def test_the_teacher_section_and_system_panel_are_in_the_pages_language(open_page, demo) -> None:
    page = _open(open_page, demo, "ko-KR", LAPTOP)
    page.locator("#pg-teacher").get_by_role("button").first.click()
    page.locator("#pg-system").get_by_role("button").first.click()
    system = page.locator("#pg-system")
    system.get_by_text("모델 (카탈로그)").first.wait_for(timeout=10_000)
    text = system.inner_text()
    assert "모델이 실행되는 곳" in text and "메모리에 올린 모델" in text and "새로고침" in text
    assert not re.search(r"catalog|on this machine|No model|Where models run|in memory|hits|profile|float", text), text
    assert "실패" not in text  # a model not downloaded yet is not an error
    teacher = page.locator("#pg-teacher").inner_text()
    assert "공정 사용" in teacher and "Fair use" not in teacher and "actions a minute" not in teacher
    page.locator("#pg-teacher").screenshot(path=str(SHOTS / "teacher-section-ko.png"))


# -- the teacher's class controls, and a model card's license in plain words ----------------------------------------
CONTROLS = {
    "en": {"tab": "Sentiment", "pause": "⏸️ Pause", "resume": "▶️ Resume", "paused": "Paused: Sentiment",
           "running": "Every tab runs.", "nobody": "Nobody is waiting", "refresh": "Refresh the list",
           "title": "Class controls", "refused": "Your teacher has paused this tab",
           "only": "Only the teacher can use these controls", "text": "Text", "run": "Analyze",
           "plain": "In plain words:"},
    "ko": {"tab": "감정 분석", "pause": "⏸️ 멈추기", "resume": "▶️ 다시 열기", "paused": "멈춘 탭: 감정 분석",
           "running": "모든 탭이 실행 중입니다.", "nobody": "기다리거나 실행 중인 요청이 없습니다",
           "refresh": "목록 새로고침",
           "title": "수업 관리", "refused": "선생님이 이 탭을 잠시 멈췄습니다",
           "only": "이 기능은 선생님만 쓸 수 있습니다", "text": "텍스트", "run": "분석", "plain": "쉽게 말하면:"},
}


def shown(page, selector: str):
    """The visible element ``selector`` names (Gradio draws a group's id on a hidden twin too)."""
    return page.locator(selector).filter(visible=True).first


def _open_teacher(page) -> object:
    page.locator("#pg-teacher").get_by_role("button").first.click()
    settled(page)
    return page.locator("#pg-teacher")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_teacher_pauses_a_tab_sees_who_waits_and_resumes_in_the_pages_language(open_page, demo, lang) -> None:
    """On the computer that runs the app (no login: the teacher), the controls show in the page's one language;
    Pause reaches the server (the desk), Resume undoes it."""
    from server.fairuse import classroom_of

    words = CONTROLS[lang]
    desk = classroom_of(demo).desk
    desk.resume(None)
    for size in (LAPTOP, PHONE):
        page = _open(open_page, demo, f"{lang}-{'KR' if lang == 'ko' else 'US'}", size)
        section = _open_teacher(page)
        controls = shown(page, "#pg-teacher-controls")
        controls.wait_for(timeout=10_000)
        assert words["title"] in section.inner_text()
        assert words["running"] in shown(page, "#pg-teacher-state").inner_text()
        assert words["nobody"] in shown(page, "#pg-teacher-waiting").inner_text()
        shown(page, "#pg-teacher-target input").click()
        page.get_by_role("option", name=words["tab"], exact=True).click()
        settled(page)
        shown(page, "#pg-teacher-pause").click()
        shown(page, "#pg-teacher-state").get_by_text(words["paused"]).wait_for(timeout=10_000)
        assert desk.state() == {"everything": False, "tabs": ["sentiment"]}
        page.get_by_role("button", name=words["refresh"]).click()
        settled(page)
        assert words["nobody"] in shown(page, "#pg-teacher-waiting").inner_text()
        text = section.inner_text()
        assert not (HANGUL.search(text) if lang == "en" else re.search(r"\b(Pause|Resume|Paused|waiting)\b", text))
        SHOTS.mkdir(parents=True, exist_ok=True)
        section.screenshot(path=str(SHOTS / f"teacher-controls-{lang}-{size[0]}.png"))
        shown(page, "#pg-teacher-resume").click()
        shown(page, "#pg-teacher-state").get_by_text(words["running"]).wait_for(timeout=10_000)
        assert desk.state() == {"everything": False, "tabs": []}
        page.context.close()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_students_page_is_refused_on_a_paused_tab_and_sees_no_controls(open_page, demo, lang) -> None:
    """A student (here: the app names another account the teacher, so this browser is not) sees no controls, and
    a run on the paused tab is refused with the teacher's message in the page's language; after resume it runs."""
    from server.fairuse import classroom_of

    words = CONTROLS[lang]
    classroom = classroom_of(demo)
    classroom.teacher = "someone-else"
    try:
        classroom.desk.pause("sentiment")
        page = _open(open_page, demo, f"{lang}-{'KR' if lang == 'ko' else 'US'}", LAPTOP)
        section = _open_teacher(page)
        assert words["only"] in section.inner_text()
        assert not page.locator("#pg-teacher-controls").filter(visible=True).count()
        page.get_by_role("tab", name=words["tab"]).first.click()
        tab = page.locator("#tab-sentiment")
        tab.get_by_label(words["text"], exact=True).fill("정말 재밌어요")
        tab.get_by_role("button", name=words["run"], exact=True).click()
        page.locator(".toast-body.error").first.wait_for(timeout=30_000)
        assert words["refused"] in page.locator(".toast-body.error").first.inner_text()
        card = tab.locator(".pg-card").first.inner_text()
        assert words["plain"] in card  # the model's license in plain words, beside the picker
        page.screenshot(path=str(SHOTS / f"teacher-paused-tab-{lang}.png"))
        classroom.desk.resume(None)
        for button in page.locator("[data-testid=toast-close]").all():
            if button.is_visible():
                button.click()
        page.locator(".toast-body").first.wait_for(state="detached", timeout=15_000)  # the refusal read and gone
        tab.get_by_role("button", name=words["run"], exact=True).click()
        settled(page)
        errors = page.locator(".toast-body.error").all_inner_texts()
        assert not errors, errors
    finally:
        classroom.teacher = None
        classroom.desk.resume(None)


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("size", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_a_model_card_says_what_its_license_allows(open_page, demo, lang, size) -> None:
    words = CONTROLS[lang]
    page = _open(open_page, demo, f"{lang}-{'KR' if lang == 'ko' else 'US'}", size)
    page.get_by_role("tab", name=words["tab"]).first.click()
    settled(page)
    card = page.locator("#tab-sentiment .pg-card").first
    card.get_by_text(words["plain"]).first.wait_for(timeout=10_000)
    text = card.inner_text()
    assert ("commercial use" in text) if lang == "en" else ("상업적 이용" in text and "commercial" not in text)
    page.screenshot(path=str(SHOTS / f"teacher-license-card-{lang}-{size[0]}.png"))


@pytest.mark.parametrize(("lang", "size"), [("ko", LAPTOP), ("en", PHONE)])
def test_the_teacher_sees_who_waits_and_clears_the_queue(open_page, demo, monkeypatch, lang, size) -> None:
    """Two jobs wait on a held CPU line (a test-only hold); the list counts them per tab with each student's tag,
    and Clear the queue takes them out, each client told why. (The jobs come from this computer, the teacher's:
    the queue's view is told they are a student's, the page's controls stay the teacher's.)"""
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    from server import fairuse

    monkeypatch.setattr(fairuse, "is_teacher", lambda *args, **kwargs: False)  # the jobs' senders: students
    page = _open(open_page, demo, f"{lang}-{'KR' if lang == 'ko' else 'US'}", size)
    section = _open_teacher(page)
    client = Client(demo.local_url, verbose=False)
    try:
        with held_line(demo, "sentiment"):
            waiting = [client.submit(f"좋아요 {i}", api_name="/sentiment") for i in range(2)]
            waiting_jobs(demo, 2)
            page.get_by_role("button", name=CONTROLS[lang]["refresh"]).click()
            table = shown(page, "#pg-teacher-waiting")
            table.get_by_text("#").first.wait_for(timeout=10_000)
            text = table.inner_text()
            assert CONTROLS[lang]["tab"] in text and ("대기" if lang == "ko" else "waiting") in text
            assert text.count("#") == 2, text
            section.screenshot(path=str(SHOTS / f"teacher-waiting-{lang}-{size[0]}.png"))
            page.get_by_role("button", name="🧹 대기열 비우기" if lang == "ko" else "🧹 Clear the queue").click()
            cleared = "기다리던 요청 2개를" if lang == "ko" else "2 waiting requests were taken out"
            table.get_by_text(cleared).wait_for(timeout=10_000)
            for job in waiting:
                with pytest.raises(AppError, match="Your teacher cleared the class's queue"):
                    job.result(timeout=60)
    finally:
        client.close()
