"""The Chat tab's handlers: the student's message shown before the first token, 🗑 New chat moving
the conversation into this browser's past conversations (Undo and Open bring it back, never another account's),
the Markdown export, the role kept with its conversation, and the code panel of an answer."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import pytest

from conftest import wait_until_no_generation
from playground import limits
from playground.device import detect
from playground.engine import Engine
from playground.errors import PlaygroundError
from tabs import chat as chat_tab

SKIP = chat_tab.gr.skip()
TALK = [{"role": "user", "content": "서울은 어떤 도시인가요?"}, {"role": "assistant", "content": "한국의 수도예요."}]
MINE = "You are a pirate. Answer like one."


def student(session: str = "p1", lang: str = "en", username: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(session_hash=session, headers={"accept-language": lang}, username=username)


@pytest.fixture(scope="module")
def ui(catalog) -> chat_tab.Layout:
    """The tab's components (drawn, never served): the handlers return their outputs by them."""
    with gr.Blocks():
        return chat_tab.layout(Engine(catalog, detect("cpu")))


def test_the_message_is_shown_with_a_writing_line_before_the_first_token(engine, ui, held_answers) -> None:
    request = student("early-show", "ko")
    steps = chat_tab.respond(engine, "부산은요?", TALK, "tiny/chat", MINE, 0.8, 0.9, 40, 1.1, "helpful",
                             request=request, ui=ui)
    first = next(steps)
    conversation, box = first[ui.chatbot], first[ui.message]
    assert conversation[:2] == TALK and conversation[2] == {"role": "user", "content": "부산은요?"} and box == ""
    assert conversation[3]["content"] == chat_tab.writing("ko") == "⏳ *답을 쓰는 중…*"
    assert chat_tab.for_model(conversation) == [*TALK, {"role": "user", "content": "부산은요?"}]  # never sent
    assert first[ui.undo_new].visible is False and set(first) == {ui.chatbot, ui.message, ui.undo_new}
    held_answers.set()
    *streamed, last = steps
    assert all(set(step) == {ui.chatbot, ui.note} for step in streamed)  # the box is left alone while it streams
    final, code, kept = last[ui.chatbot], last[ui.code], last[ui.saved]
    assert "📍" in last[ui.note] and ui.message not in last
    assert final[-1]["content"] and "⏳" not in final[-1]["content"]
    assert kept["system"] == MINE and kept["preset"] == "helpful" and kept["model"] == "tiny/chat"
    assert "서울은 어떤 도시인가요?" in code and "부산은요?" in code and "set_seed(" in code and MINE in code
    assert wait_until_no_generation()


def test_stopped_before_the_first_token_the_writing_line_becomes_the_mark() -> None:
    assert chat_tab.mark_stopped(chat_tab.writing("en"), "en") == "⏹ *Stopped*"
    assert chat_tab.mark_stopped("Hello", "ko") == "Hello\n\n⏹ *정지됨*"


def test_an_error_before_the_first_token_puts_the_conversation_and_the_message_back(engine, ui) -> None:
    steps = chat_tab.respond(engine, "hi", TALK, "no/such-model", "", 0.7, 0.9, 40, 1.1, request=student("err"),
                             ui=ui)
    shown = next(steps)
    assert shown[ui.chatbot][-1]["content"].startswith("⏳")
    back = next(steps)
    assert back == {ui.chatbot: TALK, ui.message: "hi"}
    with pytest.raises(PlaygroundError):  # the engine's own error, which the page then says
        next(steps)


def test_enter_again_while_an_answer_runs_starts_nothing(engine, ui) -> None:
    request = student("twice", "ko")
    running = chat_tab.STOPS.start(request)
    try:
        steps = list(chat_tab.respond(engine, "또 보내기", TALK, "tiny/chat", "", 0, 0.9, 8, 1.1, request=request,
                                      ui=ui))
        assert len(steps) == 1 and list(steps[0]) == [ui.note]  # the conversation and the box keep what they hold
        assert "한 번에 하나씩" in steps[0][ui.note]
        assert chat_tab.chat_idle(request) == SKIP  # Stop stays for the answer that runs
    finally:
        chat_tab.STOPS.release(request, running)
    assert chat_tab.chat_idle(request).interactive is False


def test_an_answer_queued_by_enter_while_another_ran_is_dropped_even_after_that_one_ended(engine, ui) -> None:
    """Gradio sometimes triggers Send's chain again while an answer runs (a CI run showed a second answer, for the
    text typed meanwhile): the send is noted while the first answer is written, and the job it queued, when it runs
    after that answer ended, starts nothing and leaves the box alone."""
    request = student("queued-twice", "en")
    running = chat_tab.STOPS.start(request)
    chat_tab.chat_running(request)  # the second Enter, while the first answer is written
    chat_tab.STOPS.release(request, running)
    running.ended.set()  # the first answer has ended when the queued job runs
    steps = list(chat_tab.respond(engine, "typed meanwhile", TALK, "tiny/chat", "", 0, 0.9, 8, 1.1, request=request,
                                  ui=ui))
    assert steps == [SKIP]  # one skip for every output: nothing shown, nothing emptied
    assert not chat_tab.STOPS.take_dropped(request)  # counted once: the next Send answers


def test_a_send_after_the_answer_ended_is_answered_even_if_the_job_queued_meanwhile_never_ran(engine, ui) -> None:
    """Gradio's front end may skip the queued job of an event still pending after counting the send: the count
    must not swallow the student's next Send."""
    request = student("queued-never-ran", "en")
    running = chat_tab.STOPS.start(request)
    chat_tab.chat_running(request)  # the second Enter, while the first answer is written; its job never comes
    chat_tab.STOPS.release(request, running)
    chat_tab.chat_running(request)  # the next Send, after that answer ended
    steps = list(chat_tab.respond(engine, "next question", TALK, "tiny/chat", "", 0, 0.9, 8, 1.1, request=request,
                                  ui=ui))
    assert steps[-1][ui.chatbot][-2] == {"role": "user", "content": "next question"}
    assert steps[-1][ui.chatbot][-1]["role"] == "assistant" and steps[-1][ui.chatbot][-1]["content"]


def test_new_chat_moves_the_conversation_and_undo_brings_it_back(ui) -> None:
    me = student("n1", "ko")
    moved = chat_tab.new_conversation(TALK, MINE, "helpful", "tiny/chat", None, request=me, ui=ui)
    kept, past, listed = moved[ui.saved], moved[ui.past], moved[ui.past_list]
    assert moved[ui.chatbot] == [] and kept["messages"] == [] and kept["system"] == MINE
    assert moved[ui.stop].interactive is False
    assert "되돌리기" in moved[ui.note] and moved[ui.undo_new].visible is True
    assert [item["messages"] for item in past["items"]] == [TALK] and past["items"][0]["system"] == MINE
    assert listed.value == past["items"][0]["id"] and "서울은 어떤 도시인가요?" in listed.choices[0][0]
    # pressed again on the empty conversation: nothing moves, the note and Undo stay
    again = chat_tab.new_conversation([], MINE, "helpful", "", past, request=me, ui=ui)
    assert again[ui.past]["items"] == past["items"] and ui.note not in again and ui.undo_new not in again
    back = chat_tab.undo_new_chat([], "", "helpful", "", past, request=me, ui=ui)
    kept = back[ui.saved]
    assert back[ui.chatbot] == TALK and back[ui.system] == MINE and kept["messages"] == TALK and kept["system"] == MINE
    assert back[ui.preset] == "helpful"  # the role picked when it was moved
    assert back[ui.past]["items"] == [] and back[ui.undo_new].visible is False and back[ui.note] == ""


def test_opening_a_past_conversation_keeps_the_current_one_and_the_role_follows_the_page_language(ui) -> None:
    me = student("n2", "en")
    helpful_ko = chat_tab.PRESETS["tutor"][1]
    past = chat_tab.new_conversation(TALK, helpful_ko, "tutor", "tiny/chat", None, request=me, ui=ui)[ui.past]
    now = [{"role": "user", "content": "second talk"}, {"role": "assistant", "content": "ok"}]
    opened = chat_tab.open_past(past["items"][0]["id"], now, MINE, "helpful", "tiny/chat", past, request=me, ui=ui)
    assert opened[ui.chatbot] == TALK and opened[ui.system] == chat_tab.PRESETS["tutor"][0]  # an English page
    assert opened[ui.preset] == "tutor" and opened[ui.saved]["preset"] == "tutor"
    rest = opened[ui.past]
    assert [item["messages"] for item in rest["items"]] == [now] and rest["items"][0]["system"] == MINE
    missing = chat_tab.open_past("gone", now, MINE, "helpful", "", rest, request=me, ui=ui)
    assert set(missing) == {ui.note, ui.undo_new} and "Choose a past conversation" in missing[ui.note]
    deleted = chat_tab.delete_past(rest["items"][0]["id"], rest, request=me, ui=ui)
    rest, listed = deleted[ui.past], deleted[ui.past_list]
    assert rest["items"] == [] and listed.choices == [] and listed.info


def test_another_account_never_sees_the_past_conversations(ui) -> None:
    past = chat_tab.new_conversation(TALK, MINE, "helpful", "", None, request=student("a", username="minji"),
                                     ui=ui)[ui.past]
    assert past["who"] == "minji"
    assert ui.chatbot not in chat_tab.undo_new_chat([], "", "helpful", "", past, request=student("b", username="jisu"),
                                                    ui=ui)
    assert ui.chatbot not in chat_tab.open_past(past["items"][0]["id"], [], "", "helpful", "", past,
                                                request=student("b", username="jisu"), ui=ui)


def test_restore_brings_back_the_role_and_forgets_another_accounts_list(engine, ui) -> None:
    kept = chat_tab.keep(TALK, student(username="minji"), system=MINE, preset="partner")
    past = {"who": "minji", "items": [{"id": "x1", "when": "2026-12-06 09:00", "title": "t", "messages": TALK}]}
    shown = chat_tab.restore(engine, kept, past, chat_tab.PRESETS["helpful"][0], student("r1", "ko", "minji"), ui=ui)
    assert shown[ui.chatbot] == TALK and shown[ui.system] == MINE and shown[ui.preset] == "partner"
    assert MINE in shown[ui.code] and ui.past not in shown and ui.saved not in shown
    assert shown[ui.past_list].choices == [("2026-12-06 09:00 · t", "x1")]
    kept_preset = chat_tab.keep(TALK, student(), system=chat_tab.PRESETS["tutor"][0], preset="tutor")
    shown = chat_tab.restore(engine, kept_preset, None, "", student("r2", "ko"), ui=ui)
    assert shown[ui.system] == chat_tab.PRESETS["tutor"][1] and shown[ui.preset] == "tutor"
    shown = chat_tab.restore(engine, None, past, "", student("r3", "en", "jisu"), ui=ui)
    assert shown[ui.past] == {"who": "jisu", "items": []} and shown[ui.past_list].choices == []


def test_past_conversations_are_capped(ui) -> None:
    me = student("cap")
    past = None
    for index in range(limits.CHAT_PAST_CONVERSATIONS + 3):
        talk = [{"role": "user", "content": f"question {index}"}, {"role": "assistant", "content": "x" * 30_000}]
        past = chat_tab.new_conversation(talk, "", "helpful", "", past, request=me, ui=ui)[ui.past]
    items = past["items"]
    assert len(items) <= limits.CHAT_PAST_CONVERSATIONS
    assert sum(len(m["content"]) for item in items for m in item["messages"]) <= limits.CHAT_PAST_MAX_CHARS
    assert items[0]["title"] == f"question {limits.CHAT_PAST_CONVERSATIONS + 2}"  # the newest first


def test_the_export_is_markdown_with_the_role_the_model_and_each_turn(ui) -> None:
    exported = chat_tab.export_conversation([*TALK, {"role": "assistant", "content": chat_tab.writing("ko")}],
                                            MINE, "tiny/chat", request=student("x", "ko"), ui=ui)
    assert list(exported) == [ui.export_file]  # the note is left as it is
    file = exported[ui.export_file]
    path = Path(file.value["path"] if isinstance(file.value, dict) else file.value)
    assert file.visible and path.name.startswith("chat-") and path.suffix == ".md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 대화 (") and "- 모델: tiny/chat" in text and f"- 역할 (시스템 프롬프트): {MINE}" in text
    assert text.index("## 🧑 나\n\n서울은 어떤 도시인가요?") < text.index("## 🤖 어시스턴트\n\n한국의 수도예요.")
    assert "⏳" not in text
    empty = chat_tab.export_conversation([], "", "", request=student("x", "en"), ui=ui)
    assert empty[ui.export_file].visible is False and "nothing to export" in empty[ui.note]


def test_each_value_lands_in_its_own_component(engine, ui, monkeypatch) -> None:
    """The answer's steps name their components: the conversation in the Chatbot, the emptied box in the message
    box, where the answer came from in the note, the code in the code panel, the kept copy in the browser's store."""
    def answer(*args, **kwargs):
        yield chat_tab.chat.Reply("Seoul", "tiny/chat", 0)
        yield chat_tab.chat.Reply("Seoul is the capital.", "tiny/chat", 0, done=True)

    monkeypatch.setattr(chat_tab.chat, "stream_reply", answer)
    steps = [{component: [dict(m) for m in value] if component is ui.chatbot else value  # as each was sent
              for component, value in step.items()}
             for step in chat_tab.respond(engine, "capital?", [], "tiny/chat", MINE, 0.7, 0.9, 16, 1.1,
                                          request=student("by"), ui=ui)]
    assert steps[0][ui.message] == "" and steps[0][ui.chatbot][-1]["content"] == chat_tab.writing("en")
    for step in steps[1:]:
        assert step[ui.chatbot][0] == {"role": "user", "content": "capital?"}
        assert step[ui.note].startswith("📍") and "this machine" in step[ui.note]
    last = steps[-1]
    assert last[ui.chatbot][-1] == {"role": "assistant", "content": "Seoul is the capital."}
    assert "pipeline" in last[ui.code] or "from transformers" in last[ui.code]
    assert last[ui.saved]["messages"] == last[ui.chatbot] and last[ui.saved]["system"] == MINE
    every = {ui.chatbot, ui.message, ui.note, ui.code, ui.saved, ui.undo_new}  # the event's outputs, in build()
    assert all(set(step) <= every for step in steps)
