"""Mischief in the real page: one student types HTML and script into chat and sentiment; nothing runs, in their
page or in a classmate's. Text boxes and error messages show the characters typed; the chat's Markdown view shows
them sanitized (tags without scripts or event handlers)."""

from __future__ import annotations

import pytest

from conftest import answered, settled

pytestmark = pytest.mark.browser
IMG = '<img src=x onerror="window.__pwned=1;alert(1)">'
SCRIPT = "<script>window.__pwned=2;alert(2)</script>"
PAYLOAD = f"{IMG} {SCRIPT} 좋아요"


class Student:
    """One browser context (its own session) on the app, recording every dialog a script might open."""

    def __init__(self, open_page) -> None:
        self.page = open_page("en", 1280, 1000)
        self.dialogs: list[str] = []
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))

    def nothing_ran(self) -> bool:
        return not self.dialogs and self.page.evaluate("() => window.__pwned === undefined")


@pytest.fixture
def students(open_page) -> tuple[Student, Student]:
    return Student(open_page), Student(open_page)


def test_html_and_script_in_chat_and_sentiment_stay_inert(students) -> None:
    mischief, classmate = students
    page = mischief.page

    # Chat: a student's HTML is shown as text (tags escaped before Gradio's Markdown), never as elements.
    page.get_by_role("tab", name="Chat").click()
    box = page.get_by_label("Message", exact=True)
    box.fill(PAYLOAD)
    box.press("Enter")
    user = page.get_by_test_id("user").first
    user.wait_for(timeout=60_000)
    page.get_by_test_id("bot").last.wait_for(timeout=60_000)
    answered(page)  # the answer has ended (Stop inactive again)
    assert "좋아요" in user.inner_text()
    markup = user.inner_html()
    assert "<script" not in markup and "<img" not in markup, markup  # no element of the student's was made
    assert user.locator("img, script, [onerror]").count() == 0 and "img src=x" in user.inner_text()  # as text

    # Sentiment: the text stays in the box as typed; the result is a label.
    page.get_by_role("tab", name="Sentiment").click()
    text = page.get_by_label("Text", exact=True)
    text.fill(PAYLOAD)
    page.get_by_role("button", name="Analyze", exact=True).click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.output-class, [data-testid=\"label\"] h2')]"
        ".some(e => /negative|positive/.test(e.textContent))", timeout=30_000)
    assert text.input_value() == PAYLOAD

    # An error message that echoes the student's text (an unknown model name) shows it as text.
    model = page.locator("input[aria-label=Model]:visible").first
    model.fill(IMG)
    model.press("Enter")
    page.get_by_role("button", name="Analyze", exact=True).click()
    toast = page.get_by_text("is not in this playground's catalog").first
    toast.wait_for(timeout=30_000)
    assert "<img src=x" in toast.inner_text()

    settled(page)
    classmate.page.reload(wait_until="load")
    classmate.page.get_by_role("tab", name="Chat").wait_for(timeout=60_000)
    for student in (mischief, classmate):
        assert student.nothing_ran(), student.dialogs
        assert student.page.locator("[onerror], script:has-text('__pwned')").count() == 0
    assert PAYLOAD not in classmate.page.locator("body").inner_text()  # sessions never see each other's text


def test_the_system_panel_shows_the_class_settings(students) -> None:
    page = students[0].page
    page.locator("#pg-teacher").get_by_role("button").first.click()  # the teacher section (was the System panel)
    page.get_by_text("Share with your class").first.wait_for(timeout=30_000)
    page.get_by_text("Fair use").first.wait_for(timeout=30_000)
    text = page.locator("body").inner_text()
    assert "--host 0.0.0.0" in text  # a local-only app says how to reach students
    assert "generation jobs" in text
