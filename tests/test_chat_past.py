"""The Chat tab's handlers for issue 23: the student's message shown before the first token, 🗑 New chat moving
the conversation into this browser's past conversations (Undo and Open bring it back, never another account's),
the Markdown export, the role kept with its conversation, and the code panel of an answer."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import wait_until_no_generation
from playground import limits
from playground.errors import PlaygroundError
from tabs import chat as chat_tab

SKIP = chat_tab.gr.skip()
TALK = [{"role": "user", "content": "서울은 어떤 도시인가요?"}, {"role": "assistant", "content": "한국의 수도예요."}]
MINE = "You are a pirate. Answer like one."


def student(session: str = "p1", lang: str = "en", username: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(session_hash=session, headers={"accept-language": lang}, username=username)


def test_the_message_is_shown_with_a_writing_line_before_the_first_token(engine, held_answers) -> None:
    request = student("early-show", "ko")
    steps = chat_tab.respond(engine, "부산은요?", TALK, "tiny/chat", MINE, 0.8, 0.9, 40, 1.1, "helpful",
                             request=request)
    first = next(steps)
    conversation, box = first[0], first[1]
    assert conversation[:2] == TALK and conversation[2] == {"role": "user", "content": "부산은요?"} and box == ""
    assert conversation[3]["content"] == chat_tab.writing("ko") == "⏳ *답을 쓰는 중…*"
    assert chat_tab.for_model(conversation) == [*TALK, {"role": "user", "content": "부산은요?"}]  # never sent
    held_answers.set()
    *_, last = steps
    final, code, kept = last[0], last[3], last[4]
    assert final[-1]["content"] and "⏳" not in final[-1]["content"]
    assert kept["system"] == MINE and kept["preset"] == "helpful" and kept["model"] == "tiny/chat"
    assert "서울은 어떤 도시인가요?" in code and "부산은요?" in code and "set_seed(" in code and MINE in code
    assert wait_until_no_generation()


def test_stopped_before_the_first_token_the_writing_line_becomes_the_mark() -> None:
    assert chat_tab.mark_stopped(chat_tab.writing("en"), "en") == "⏹ *Stopped*"
    assert chat_tab.mark_stopped("Hello", "ko") == "Hello\n\n⏹ *정지됨*"


def test_an_error_before_the_first_token_puts_the_conversation_and_the_message_back(engine) -> None:
    steps = chat_tab.respond(engine, "hi", TALK, "no/such-model", "", 0.7, 0.9, 40, 1.1, request=student("err"))
    shown = next(steps)
    assert shown[0][-1]["content"].startswith("⏳")
    back = next(steps)
    assert back[0] == TALK and back[1] == "hi"
    with pytest.raises(PlaygroundError):  # the engine's own error, which the page then says
        next(steps)


def test_enter_again_while_an_answer_runs_starts_nothing(engine) -> None:
    request = student("twice", "ko")
    running = chat_tab.STOPS.start(request)
    try:
        steps = list(chat_tab.respond(engine, "또 보내기", TALK, "tiny/chat", "", 0, 0.9, 8, 1.1, request=request))
        assert len(steps) == 1 and steps[0][0] == SKIP and steps[0][1] == SKIP  # the box keeps its text
        assert "한 번에 하나씩" in steps[0][2]
        assert chat_tab.chat_idle(request) == SKIP  # Stop stays for the answer that runs
    finally:
        chat_tab.STOPS.release(request, running)
    assert chat_tab.chat_idle(request).interactive is False


def test_an_answer_queued_by_enter_while_another_ran_is_dropped_even_after_that_one_ended(engine) -> None:
    """Gradio sometimes triggers Send's chain again while an answer runs (a CI run showed a second answer, for the
    text typed meanwhile): the send is noted while the first answer is written, and the job it queued, when it runs
    after that answer ended, starts nothing and leaves the box alone."""
    request = student("queued-twice", "en")
    running = chat_tab.STOPS.start(request)
    chat_tab.chat_running(request)  # the second Enter, while the first answer is written
    chat_tab.STOPS.release(request, running)
    running.ended.set()  # the first answer has ended when the queued job runs
    steps = list(chat_tab.respond(engine, "typed meanwhile", TALK, "tiny/chat", "", 0, 0.9, 8, 1.1, request=request))
    assert steps == [(SKIP,) * 6]  # nothing shown, nothing emptied
    assert not chat_tab.STOPS.take_dropped(request)  # counted once: the next Send answers


def test_new_chat_moves_the_conversation_and_undo_brings_it_back() -> None:
    me = student("n1", "ko")
    chatbot, note, kept, stop, past, listed, undo = chat_tab.new_conversation(TALK, MINE, "helpful", "tiny/chat", None,
                                                                              request=me)
    assert chatbot == [] and kept["messages"] == [] and kept["system"] == MINE and stop.interactive is False
    assert "되돌리기" in note and undo.visible is True
    assert [item["messages"] for item in past["items"]] == [TALK] and past["items"][0]["system"] == MINE
    assert listed.value == past["items"][0]["id"] and "서울은 어떤 도시인가요?" in listed.choices[0][0]
    # pressed again on the empty conversation: nothing moves, the note and Undo stay
    again = chat_tab.new_conversation([], MINE, "helpful", "", past, request=me)
    assert again[4]["items"] == past["items"] and again[1] == SKIP and again[6] == SKIP
    back, note, kept, system, preset, rest, listed, undo = chat_tab.undo_new_chat([], "", "helpful", "", past,
                                                                                   request=me)
    assert back == TALK and system == MINE and kept["messages"] == TALK and kept["system"] == MINE
    assert rest["items"] == [] and undo.visible is False


def test_opening_a_past_conversation_keeps_the_current_one_and_the_role_follows_the_page_language() -> None:
    me = student("n2", "en")
    helpful_ko = chat_tab.PRESETS["tutor"][1]
    past = chat_tab.new_conversation(TALK, helpful_ko, "tutor", "tiny/chat", None, request=me)[4]
    now = [{"role": "user", "content": "second talk"}, {"role": "assistant", "content": "ok"}]
    back, _, kept, system, preset, rest, listed, _ = chat_tab.open_past(past["items"][0]["id"], now, MINE, "helpful",
                                                                         "tiny/chat", past, request=me)
    assert back == TALK and system == chat_tab.PRESETS["tutor"][0] and preset == "tutor"  # an English page
    assert [item["messages"] for item in rest["items"]] == [now] and rest["items"][0]["system"] == MINE
    assert chat_tab.open_past("gone", now, MINE, "helpful", "", rest, request=me)[0] == SKIP
    rest, listed = chat_tab.delete_past(rest["items"][0]["id"], rest, request=me)
    assert rest["items"] == [] and listed.choices == [] and listed.info


def test_another_account_never_sees_the_past_conversations() -> None:
    past = chat_tab.new_conversation(TALK, MINE, "helpful", "", None, request=student("a", username="minji"))[4]
    assert past["who"] == "minji"
    assert chat_tab.undo_new_chat([], "", "helpful", "", past, request=student("b", username="jisu"))[0] == SKIP
    assert chat_tab.open_past(past["items"][0]["id"], [], "", "helpful", "", past,
                              request=student("b", username="jisu"))[0] == SKIP


def test_restore_brings_back_the_role_and_forgets_another_accounts_list(engine) -> None:
    kept = chat_tab.keep(TALK, student(username="minji"), system=MINE, preset="partner")
    past = {"who": "minji", "items": [{"id": "x1", "when": "2026-12-06 09:00", "title": "t", "messages": TALK}]}
    shown, saved, system, code, preset, past_out, listed = chat_tab.restore(
        engine, kept, past, chat_tab.PRESETS["helpful"][0], student("r1", "ko", "minji"))
    assert shown == TALK and system == MINE and preset == "partner" and MINE in code and past_out == SKIP
    assert listed.choices == [("2026-12-06 09:00 · t", "x1")]
    kept_preset = chat_tab.keep(TALK, student(), system=chat_tab.PRESETS["tutor"][0], preset="tutor")
    assert chat_tab.restore(engine, kept_preset, None, "", student("r2", "ko"))[2] == chat_tab.PRESETS["tutor"][1]
    *_, past_out, listed = chat_tab.restore(engine, None, past, "", student("r3", "en", "jisu"))
    assert past_out == {"who": "jisu", "items": []} and listed.choices == []


def test_past_conversations_are_capped() -> None:
    me = student("cap")
    past = None
    for index in range(limits.CHAT_PAST_CONVERSATIONS + 3):
        talk = [{"role": "user", "content": f"question {index}"}, {"role": "assistant", "content": "x" * 30_000}]
        past = chat_tab.new_conversation(talk, "", "helpful", "", past, request=me)[4]
    items = past["items"]
    assert len(items) <= limits.CHAT_PAST_CONVERSATIONS
    assert sum(len(m["content"]) for item in items for m in item["messages"]) <= limits.CHAT_PAST_MAX_CHARS
    assert items[0]["title"] == f"question {limits.CHAT_PAST_CONVERSATIONS + 2}"  # the newest first


def test_the_export_is_markdown_with_the_role_the_model_and_each_turn() -> None:
    file, note = chat_tab.export_conversation([*TALK, {"role": "assistant", "content": chat_tab.writing("ko")}],
                                              MINE, "tiny/chat", request=student("x", "ko"))
    path = Path(file.value["path"] if isinstance(file.value, dict) else file.value)
    assert file.visible and path.name.startswith("chat-") and path.suffix == ".md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 대화 (") and "- 모델: tiny/chat" in text and f"- 역할 (시스템 프롬프트): {MINE}" in text
    assert text.index("## 🧑 나\n\n서울은 어떤 도시인가요?") < text.index("## 🤖 어시스턴트\n\n한국의 수도예요.")
    assert "⏳" not in text
    empty, note = chat_tab.export_conversation([], "", "", request=student("x", "en"))
    assert empty.visible is False and "nothing to export" in note
