"""The Chat tab in Chromium: Send and Stop, the stopped mark, the conversation kept across a reload (and only in
its own browser), editing a sent message, the slider's range, the phone's first screen, one language; Stop taking
Send's place while an answer runs, the message shown before the first token, New chat and its Undo, past
conversations, the Markdown export, the role kept after a reload."""

from __future__ import annotations

import re
import threading

import pytest
from playwright.sync_api import expect

from conftest import ROOT, open_section, set_slider, settled, wait_until_no_generation
from playground.tasks import chat
from playground.tasks.chat import GENERATE_THREAD

pytestmark = pytest.mark.browser

SHOTS = ROOT / ".cache" / "screenshots"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
WORDS = {  # what the tests click and read, per page language
    "en": {"message": "Message", "send": "Send", "stop": "⏹ Stop", "new": "🗑 New chat",
           "settings": "Settings", "stopped": "⏹ Stopped", "writing": "Writing the answer…", "undo": "↩ Undo",
           "moved": "moved to Past conversations", "past": "🗂 Past conversations and export", "you": "## 🧑 You",
           "role": "- Role (system prompt): "},
    "ko": {"message": "메시지", "send": "보내기", "stop": "⏹ 정지", "new": "🗑 새 대화", "settings": "설정",
           "stopped": "⏹ 정지됨", "writing": "답을 쓰는 중…", "undo": "↩ 되돌리기", "moved": "'지난 대화'로 옮겼습니다",
           "past": "🗂 지난 대화와 내보내기", "you": "## 🧑 나", "role": "- 역할 (시스템 프롬프트): "},
}


@pytest.fixture
def chat_page(open_page):
    """``chat_page(lang, viewport)``: a page of the app (conftest's ``open_page``) once the Chat tab's box is drawn."""
    def open_chat(lang: str = "en", viewport: dict | None = None):
        size = viewport or LAPTOP
        page = open_page(lang, size["width"], size["height"])
        page.locator("#chat-message textarea").wait_for(timeout=30_000)
        return page

    return open_chat


def greedy(page, lang: str, tokens: int | None = None) -> None:
    """Settings: temperature 0 (the tiny model then answers at length), and optionally max new tokens; each value
    awaited on its slider (conftest's ``set_slider``), the section opened and closed at rest (``open_section``)."""
    open_section(page, WORDS[lang]["settings"])
    set_slider(page, "#chat-temperature", 0)
    if tokens is not None:
        set_slider(page, "#chat-max-new-tokens", tokens)
    open_section(page, WORDS[lang]["settings"])


def send(page, text: str) -> None:
    box = page.locator("#chat-message textarea")
    box.fill(text)
    page.locator("#chat-send").click()


def bots(page):
    return page.locator("#chat-conversation [data-testid=bot]")


def wait_answered(page, count: int = 1, seconds: float = 60) -> str:
    """Wait until the count-th answer has ended (its message shown, Stop inactive and hidden again, Send back in
    its place); return its text."""
    page.wait_for_function("n => document.querySelectorAll('#chat-conversation [data-testid=user]').length >= n",
                           arg=count, timeout=int(seconds * 1000))  # shown at once, Stop active
    page.locator("#chat-stop:disabled").wait_for(state="attached", timeout=int(seconds * 1000))
    page.locator("#chat-send").wait_for(timeout=int(seconds * 1000))
    bot = bots(page).nth(count - 1)
    bot.wait_for(timeout=int(seconds * 1000))
    return bot.inner_text()


@pytest.fixture
def first_token_held(monkeypatch: pytest.MonkeyPatch):
    """Answers whose generation waits, before its first token, until the test sets the returned event (the app
    runs in this process: the patch reaches its handlers). ``.reached`` is set once an answer waits there."""
    gate = threading.Event()
    gate.reached = threading.Event()  # type: ignore[attr-defined]
    real = chat.generate_stream

    def gated(*args, **kwargs):
        gate.reached.set()  # type: ignore[attr-defined]
        gate.wait(120)
        yield from real(*args, **kwargs)

    monkeypatch.setattr(chat, "generate_stream", gated)
    yield gate
    gate.set()


def spot(locator) -> dict:
    """Where the element is in the message box's row (``#chat-input-row``: the box, then Send / Stop): the spot
    under the student's thumb. Not on the page: the conversation above the row changes height as a message is
    added (a CI run on a busy machine caught the row 19 px higher while the first answer started on a phone)."""
    return locator.evaluate("e => { const r = e.getBoundingClientRect();"
                            " const row = document.getElementById('chat-input-row').getBoundingClientRect();"
                            " return {x: r.x - row.x, y: r.y - row.y, width: r.width}; }")


SAME_SPOT_JS = """(want) => { const e = document.querySelector(want.selector); if (!e) return false;
  const r = e.getBoundingClientRect(), row = document.getElementById('chat-input-row').getBoundingClientRect();
  return Math.abs(r.x - row.x - want.x) <= 2 && Math.abs(r.y - row.y - want.y) <= 2
    && Math.abs(r.width - want.width) <= 2; }"""


def same_spot(a: dict, b: dict) -> bool:
    return abs(a["x"] - b["x"]) <= 2 and abs(a["y"] - b["y"]) <= 2 and abs(a["width"] - b["width"]) <= 2


@pytest.mark.parametrize(("lang", "size"), [("en", LAPTOP), ("ko", PHONE)])
def test_stop_takes_sends_place_while_an_answer_runs_and_the_message_shows_at_once(chat_page, lang: str, size: dict,
                                                                                  first_token_held) -> None:
    page = chat_page(lang, size)
    send_button, stop = page.locator("#chat-send"), page.locator("#chat-stop")
    assert send_button.is_visible() and send_button.evaluate("e => e.classList.contains('primary')")
    assert send_button.inner_text().strip() == WORDS[lang]["send"]
    assert stop.is_hidden() and stop.is_disabled()  # nothing runs yet: one action, Send
    at_rest = spot(send_button)
    greedy(page, lang, tokens=20)
    send(page, "안녕하세요! 한국의 수도는 어디인가요?")
    stop.wait_for(timeout=30_000)  # Stop in Send's place, and Send not clickable
    assert stop.is_enabled() and send_button.is_hidden() and stop.inner_text().strip() == WORDS[lang]["stop"]
    # Stop settles in Send's spot: for a moment after it appears (before the answer's first step reaches the page)
    # the row can still be laid out as before, 19 px apart on a phone when two CI runs shared the machine
    page.wait_for_function(SAME_SPOT_JS, arg={"selector": "#chat-stop", **at_rest}, timeout=30_000)
    # the student's message and one writing line, before the model's first token
    assert first_token_held.reached.wait(60)
    users = page.locator("#chat-conversation [data-testid=user]")
    users.first.wait_for(timeout=30_000)
    assert users.first.inner_text().strip() == "안녕하세요! 한국의 수도는 어디인가요?"
    bots(page).first.get_by_text(WORDS[lang]["writing"]).wait_for(timeout=30_000)
    assert page.locator("#chat-conversation").get_by_text(WORDS[lang]["writing"]).count() == 1
    assert not page.locator("#chat-conversation .placeholder-content, #chat-conversation .placeholder").filter(
        visible=True).count()  # the empty conversation's placeholder is gone
    page.screenshot(path=str(SHOTS / f"chat-{lang}-{size['width']}x{size['height']}-writing.png"))
    first_token_held.set()
    wait_answered(page)
    settled(page)  # the answer's last step drawn
    answer = bots(page).first.inner_text()
    assert answer and WORDS[lang]["writing"] not in answer
    assert send_button.is_visible() and stop.is_hidden() and same_spot(spot(send_button), at_rest)
    # an error (an empty message) leaves Send in its place and the conversation as it was
    send_button.click()
    page.locator(".toast-body").first.wait_for(timeout=30_000)
    # Stop turns inactive in the event that follows the failure (the toast comes first; on a busy machine the page
    # can be still for a few frames between the two): wait for it, as a student would see it
    expect(stop).to_be_disabled(timeout=30_000)
    settled(page)
    assert send_button.is_visible() and bots(page).first.inner_text() == answer
    page.screenshot(path=str(SHOTS / f"chat-{lang}-answered.png"))


def test_a_question_typed_while_an_answer_streams_is_kept(chat_page, held_answers) -> None:
    """The box is emptied when an answer starts, then left alone: the next question, typed while the answer is
    still being written, is still there when it ends (the box used to be emptied on every streamed token). On a
    Korean page only: nothing in it depends on the page's language."""
    page = chat_page("ko")
    greedy(page, "ko", tokens=60)
    send(page, "서울에 대해 알려 주세요.")
    assert held_answers.holding.wait(60)  # the answer is being written, and stays so until released
    page.wait_for_function("() => document.querySelector('#chat-message textarea').value === ''", timeout=30_000)
    box = page.locator("#chat-message textarea")
    box.fill("다음 질문: 부산은요?")  # typed while the answer streams
    held_answers.set()
    wait_answered(page)
    assert box.input_value() == "다음 질문: 부산은요?"
    page.locator("#chat-send").click()  # and it can be sent as it is
    wait_answered(page, 2)
    assert page.locator("#chat-conversation [data-testid=user]").nth(1).inner_text().strip() == "다음 질문: 부산은요?"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_stopped_answer_is_marked_and_the_next_turn_goes_on(chat_page, lang: str, held_answers) -> None:
    page = chat_page(lang)
    greedy(page, lang, tokens=410)
    send(page, "Tell me a very long story about Seoul.")
    bot = bots(page).first
    page.wait_for_function("() => [...document.querySelectorAll('#chat-conversation [data-testid=bot]')]"
                           ".some(e => e.innerText.trim().length > 0)", timeout=60_000)
    page.locator("#chat-stop").click()
    held_answers.wait_stopped()  # the click reached the model's generating thread, which was still writing
    page.locator("#chat-send").wait_for(timeout=10_000)  # Send back in Stop's place
    assert page.locator("#chat-stop").is_hidden() and page.locator("#chat-stop").is_disabled()
    page.get_by_text(WORDS[lang]["stopped"]).first.wait_for(timeout=10_000)
    stopped = bot.inner_text()
    for thread in [t for t in threading.enumerate() if t.name == GENERATE_THREAD]:
        thread.join(timeout=30)  # it really stopped: the model's thread ended (the app runs in this process)
        assert not thread.is_alive()
    assert bot.inner_text() == stopped  # and nothing more arrived
    assert stopped.rstrip().endswith(WORDS[lang]["stopped"]) and stopped.count("⏹") == 1
    page.screenshot(path=str(SHOTS / f"chat-{lang}-stopped.png"))
    held_answers.set()  # the next answer runs to its end
    greedy(page, lang, tokens=60)
    send(page, "Thanks! What is the capital of Korea?")
    wait_answered(page, 2)
    assert bots(page).first.inner_text() == stopped  # the mark stays on the page, the next answer has none
    assert "⏹" not in bots(page).nth(1).inner_text()


def test_the_conversation_survives_a_reload_in_its_own_browser_only(chat_page) -> None:
    page = chat_page("ko")
    greedy(page, "ko", tokens=30)
    send(page, "새로고침해도 남아 있나요?")
    answer = wait_answered(page)
    settled(page)
    page.reload()
    page.locator("#chat-message textarea").wait_for(timeout=60_000)
    page.locator("#chat-conversation [data-testid=user]").first.wait_for(timeout=20_000)
    assert page.locator("#chat-conversation [data-testid=user]").first.inner_text() == "새로고침해도 남아 있나요?"
    assert bots(page).first.inner_text() == answer
    # another student (another browser) never sees it
    other_page = chat_page("ko")
    settled(other_page)
    assert other_page.locator("#chat-conversation [data-testid=user]").count() == 0
    assert other_page.locator("#chat-conversation [data-testid=bot]").count() == 0
    # a new conversation clears it here, and after a reload too
    page.locator("#chat-new").click()
    page.wait_for_function("() => !document.querySelector('#chat-conversation [data-testid=user]')",
                           timeout=10_000)
    settled(page)
    page.reload()
    page.locator("#chat-message textarea").wait_for(timeout=60_000)
    settled(page)
    assert page.locator("#chat-conversation [data-testid=user]").count() == 0


def test_editing_a_sent_message_answers_it_again(chat_page) -> None:
    page = chat_page("en")
    greedy(page, "en", tokens=20)
    send(page, "first question")
    wait_answered(page)
    send(page, "second question")
    wait_answered(page, 2)
    first = page.locator("#chat-conversation [data-testid=user]").first
    first.hover()
    page.locator("#chat-conversation button[aria-label='Edit'], #chat-conversation button[title='Edit']"
                 ).first.click()
    editor = page.locator("#chat-conversation textarea").first
    editor.fill("edited question")
    page.locator("#chat-conversation button[aria-label='Submit'], #chat-conversation button[title='Submit']"
                 ).first.click()
    page.wait_for_function("() => document.querySelectorAll('#chat-conversation [data-testid=user]').length"
                           " === 1", timeout=30_000)
    wait_answered(page)
    users = page.locator("#chat-conversation [data-testid=user]").all_inner_texts()
    assert users == ["edited question"] and bots(page).count() == 1 and bots(page).first.inner_text()


def test_the_slider_offers_only_what_the_model_can_write(chat_page, held_answers) -> None:
    page = chat_page("en")
    open_section(page, "Settings")
    slider = page.locator("#chat-max-new-tokens input[type=range]")
    assert slider.get_attribute("max") == "410"  # Tiny chat: a 512-token window, a fifth kept for the chat
    open_section(page, "Settings")
    greedy(page, "en", tokens=410)  # the most the slider offers (and greedy: the tiny model writes at length)
    send(page, "안녕?")  # once refused as "86 tokens": the slider offered more than fits
    assert held_answers.holding.wait(60)  # accepted and being written, held until Stop (a warm model never wins)
    page.locator("#chat-stop:enabled").click()
    held_answers.wait_stopped()
    assert not page.locator(".toast-body").count()


def _reloaded_in(page, lang: str) -> None:
    """Wait until the page has been reloaded in ``lang`` and drawn, with what the switch handed over back."""
    page.wait_for_function("(lang) => (document.documentElement?.lang || '').startsWith(lang) && "
                           "['done', 'none'].includes(document.body?.dataset.pgRestored)", arg=lang, timeout=60_000)
    page.locator("#chat-message textarea").wait_for(timeout=60_000)
    settled(page)


def test_a_language_switch_during_an_answer_waits_for_it_unless_pressed_again(chat_page, held_answers) -> None:
    """The switch, pressed while an answer is being written, waits for the answer (a note under the header says
    so, in the page's language) and then happens, the whole answer kept; the page's own language calls it off;
    pressed a second time, it happens at once (the run then ends as it does when a page is closed). At phone width:
    the note must fit there too."""
    page = chat_page("ko", PHONE)
    greedy(page, "ko", tokens=60)
    send(page, "서울에 대해 알려 주세요.")
    assert held_answers.holding.wait(60)  # being written, and held until released
    page.locator("#language-en").click()
    note = page.locator(".pg-switch-note[role=status]")
    expect(note).to_have_text(re.compile(r"^실행이 진행 중입니다\. 끝나면 English로 바뀌고"), timeout=10_000)
    assert HANGUL.search(note.inner_text()) and "run" not in note.inner_text()  # the page's language only
    page.screenshot(path=str(SHOTS / "chat-ko-switch-waits.png"))
    assert page.evaluate("document.documentElement.lang") == "ko"  # not switched: the answer is still held
    assert page.locator("#chat-stop:enabled").count() == 1
    held_answers.set()  # the answer ends; the page then switches by itself
    _reloaded_in(page, "en")
    assert page.locator("#chat-conversation [data-testid=user]").first.inner_text() == "서울에 대해 알려 주세요."
    answer = bots(page).first.inner_text()
    assert answer.strip() and "⏹" not in answer  # the whole answer, not a stopped one
    assert page.locator(".pg-switch-note").count() == 0

    held_answers.release.clear()  # the next answer is held again
    held_answers.holding.clear()
    greedy(page, "en", tokens=60)  # (the reloaded page has the default settings)
    send(page, "And Busan?")
    assert held_answers.holding.wait(60)
    page.locator("#language-ko").click()
    expect(note).to_contain_text("press 한국어 again", timeout=10_000)
    page.locator("#language-en").click()  # the page's own language calls the switch off
    expect(note).to_have_count(0, timeout=10_000)
    page.locator("#language-ko").click()
    expect(note).to_be_visible(timeout=10_000)
    page.locator("#language-ko").click()  # pressed again: at once, while the answer is still held
    _reloaded_in(page, "ko")
    assert not held_answers.release.is_set()
    assert bots(page).first.inner_text() == answer  # the finished answer is still there
    held_answers.set()  # (Gradio ends the closed page's run at its next token)
    assert wait_until_no_generation()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_on_a_phone_the_box_and_the_first_message_are_on_the_first_screen(chat_page, lang: str) -> None:
    page = chat_page(lang, PHONE)
    picker = page.locator("#chat-model-row input").first.bounding_box()
    card = page.locator("#chat-card").bounding_box()
    assert card["y"] >= picker["y"] + picker["height"] - 1  # the card below the picker, not squeezed beside it
    assert card["width"] > 300
    page.screenshot(path=str(SHOTS / f"chat-{lang}-390x844.png"))
    greedy(page, lang, tokens=20)
    page.evaluate("() => window.scrollTo(0, 0)")
    send(page, "안녕하세요!")
    wait_answered(page)
    settled(page)  # the answer's last updates (the code panel, what the browser keeps) may still scroll the page:
    page.evaluate("() => window.scrollTo(0, 0)")  # back to the top once they are drawn, then measure
    page.wait_for_function("() => window.scrollY === 0", timeout=10_000)
    first = page.locator("#chat-conversation [data-testid=user]").first.bounding_box()
    box = page.locator("#chat-message textarea").bounding_box()
    send_button = page.locator("#chat-send").bounding_box()
    page.screenshot(path=str(SHOTS / f"chat-{lang}-390x844-answered.png"))
    for found in (first, box, send_button):
        assert 0 <= found["y"] and found["y"] + found["height"] <= PHONE["height"], (found, PHONE)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scroll


def _visible_text(page) -> list[str]:
    """The Chat tab's visible text, without code, model names and links (what the one-language check reads)."""
    return page.evaluate("""() => {
      const root = document.querySelector('#chat-conversation').closest('[role=tabpanel]') || document.body;
      const skip = (el) => el.closest('pre, code, .cm-editor, a, .pg-en, .pg-ko, #chat-card, [data-testid=user], '
                                      + '[data-testid=bot], script, style');
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const out = [];
      while (walker.nextNode()) {
        const el = walker.currentNode.parentElement, text = walker.currentNode.textContent.trim();
        if (el && text && !skip(el) && el.checkVisibility()) out.push(text);
      }
      for (const el of root.querySelectorAll('textarea[placeholder], input[placeholder]')) {
        if (el.checkVisibility()) out.push(el.placeholder);
      }
      return out;
    }""")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_chat_tab_speaks_one_language(chat_page, lang: str) -> None:
    page = chat_page(lang)
    open_section(page, WORDS[lang]["settings"])
    open_section(page, WORDS[lang]["past"])
    open_section(page, "Show the code" if lang == "en" else "코드 보기")
    page.screenshot(path=str(SHOTS / f"chat-{lang}-1366x900-open.png"), full_page=True)
    lines = _visible_text(page)
    if lang == "en":
        stray = [line for line in lines if HANGUL.search(line)]
    else:  # Latin words a Korean page may show: the model's own names, "Top-p", units
        stray = [line for line in lines if re.search(r"[A-Za-z]{3,}", line) and not HANGUL.search(line)
                 and line not in {"Top-p"}]
    assert not stray, stray
    page.get_by_text(WORDS[lang]["settings"], exact=True).first.click()
    page.get_by_text(WORDS[lang]["past"], exact=True).first.click()
    page.get_by_text("Show the code" if lang == "en" else "코드 보기", exact=True).first.click()
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / f"chat-{lang}-1366x900.png"))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_new_chat_can_be_undone_past_conversations_open_and_the_conversation_exports(chat_page, lang: str) -> None:
    """The role typed in Settings is kept with the conversation across a reload; 🗑 New chat says where the
    conversation went, ↩ Undo brings it back; from Past conversations, Open brings one back; Export downloads
    the conversation as Markdown (its role, each turn) in the page's language."""
    page = chat_page(lang)
    role = "You are a pirate. Answer like one." if lang == "en" else "당신은 해적입니다. 해적처럼 답하세요."
    open_section(page, WORDS[lang]["settings"])
    set_slider(page, "#chat-temperature", 0)
    set_slider(page, "#chat-max-new-tokens", 12)
    system = page.locator("#chat-system textarea")
    system.fill(role)
    system.blur()
    open_section(page, WORDS[lang]["settings"])
    send(page, "첫 번째 대화")
    wait_answered(page)
    settled(page)
    page.reload()
    page.locator("#chat-conversation [data-testid=user]").first.wait_for(timeout=60_000)
    settled(page)
    open_section(page, WORDS[lang]["settings"])
    assert page.locator("#chat-system textarea").input_value() == role  # the role came back with its conversation
    open_section(page, WORDS[lang]["settings"])
    # New chat: the conversation goes, a note says where, Undo brings it back
    page.locator("#chat-new").click()
    page.locator("#chat-undo-new").wait_for(timeout=10_000)
    assert page.locator("#chat-conversation [data-testid=user]").count() == 0
    assert WORDS[lang]["moved"] in page.locator("#chat-note").inner_text()
    assert page.locator("#chat-undo-new").inner_text().strip() == WORDS[lang]["undo"]
    page.screenshot(path=str(SHOTS / f"chat-{lang}-new-chat.png"))
    page.locator("#chat-undo-new").click()
    page.locator("#chat-conversation [data-testid=user]").first.wait_for(timeout=10_000)
    assert page.locator("#chat-conversation [data-testid=user]").all_inner_texts() == ["첫 번째 대화"]
    page.locator("#chat-undo-new").wait_for(state="hidden", timeout=10_000)
    # New chat again, a second conversation, then the first one opened from the list
    page.locator("#chat-new").click()
    page.locator("#chat-undo-new").wait_for(timeout=10_000)
    send(page, "두 번째 대화")
    wait_answered(page)
    settled(page)
    open_section(page, WORDS[lang]["past"])
    listed = page.locator("#chat-past-list input")
    assert "첫 번째 대화" in listed.input_value()
    page.locator("#chat-past-open").click()
    page.wait_for_function("() => [...document.querySelectorAll('#chat-conversation [data-testid=user]')]"
                           ".map(e => e.innerText.trim()).join('|') === '첫 번째 대화'", timeout=10_000)
    settled(page)
    assert "두 번째 대화" in listed.input_value()  # the one that was open took its place in the list
    # Export: a Markdown file of the conversation shown
    page.locator("#chat-export").click()
    link = page.locator("#chat-export-file a").first
    link.wait_for(timeout=30_000)
    settled(page)
    page.screenshot(path=str(SHOTS / f"chat-{lang}-past-export.png"), full_page=True)
    with page.expect_download(timeout=30_000) as download:
        link.click()
    saved = download.value
    assert re.fullmatch(r"chat-\d{4}-\d\d-\d\d-\d{4}\.md", saved.suggested_filename)
    text = open(saved.path(), encoding="utf-8").read()
    assert f"{WORDS[lang]['you']}\n\n첫 번째 대화" in text and f"{WORDS[lang]['role']}{role}" in text
    assert "두 번째 대화" not in text


def test_enter_while_an_answer_runs_starts_no_second_answer(chat_page, first_token_held) -> None:
    """Send is hidden while an answer runs, and Enter in the box starts nothing either: after the answer, one
    exchange, and what was typed meanwhile is still in the box."""
    page = chat_page("en")
    greedy(page, "en", tokens=12)
    send(page, "first")
    assert first_token_held.reached.wait(60)
    box = page.locator("#chat-message textarea")
    page.wait_for_function("() => document.querySelector('#chat-message textarea').value === ''", timeout=30_000)
    box.fill("typed meanwhile")
    sent: list = []  # the queue=False step Gradio may trigger again (Stop's, which counts a send made meanwhile)
    page.on("request", lambda r: sent.append(r) if "/run/predict" in r.url else None)
    box.press("Enter")  # Gradio usually triggers no event again while it is pending
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())))")
    for request in sent:  # when it does, the server has counted that send before the answer is let go on
        request.response()
    first_token_held.set()
    wait_answered(page)
    settled(page)
    assert page.locator("#chat-conversation [data-testid=user]").all_inner_texts() == ["first"]
    assert bots(page).count() == 1 and box.input_value() == "typed meanwhile"
