"""The page's frame in Chromium (issue 13): a landing line that says what to do first, all six tabs reachable on a
phone, the "Share with the class" control with its full-screen QR, and the teacher section with the System
diagnostics, each in the page's one language."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import free_port, settled

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
    app.launch(server_name="127.0.0.1", server_port=free_port(), quiet=True, max_file_size=limits.UPLOAD_MAX_SIZE,
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
    system.get_by_text("카탈로그 모델").first.wait_for(timeout=10_000)
    text = system.inner_text()
    assert "장치" in text and "캐시" in text and "새로고침" in text
    assert not re.search(r"catalog model|on this machine|No model loaded|Device|Cache|hits", text), text
    teacher = page.locator("#pg-teacher").inner_text()
    assert "공정 사용" in teacher and "Fair use" not in teacher and "actions a minute" not in teacher
    page.locator("#pg-teacher").screenshot(path=str(SHOTS / "teacher-section-ko.png"))
