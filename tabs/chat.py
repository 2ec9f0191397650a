"""The Chat tab: a streamed, multi-turn conversation with a small open model, and a Stop that really stops.

API: ``/chat`` (message, history=None, model=default, system=preset, temperature and top_p=None (the model's
recommended: 0.7 / 0.9, or its card's), max_new_tokens, repetition_penalty=1.1), streaming the growing answer.

The page: the max-new-tokens slider offers only what the chosen model can write; a stopped answer
carries a "⏹ Stopped" mark that is never sent back to the model; the conversation is kept in this browser
(``gr.BrowserState``, one student's own) and comes back after a reload; a sent message can be edited, which drops
the turns after it and answers again; Stop is active only while an answer runs.

Send and Stop share one spot (Stop, shown only while an answer runs, takes Send's place); the student's
message is shown at once, with a "writing" line where the answer comes; 🗑 New chat moves the conversation into
this browser's past conversations (↩ Undo, or Open, brings it back); the conversation exports as Markdown; the
role (system prompt) is kept with the conversation; the code panel prints the whole conversation and the seed.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import gradio as gr
from gradio.context import Context

from playground import limits, tempfiles
from playground.engine import Engine
from playground.tasks import chat
from server import signin

from .common import (
    Kept,
    SessionStops,
    Tab,
    code_panel,
    handler,
    model_card,
    model_picker,
    progress_callback,
    rendered,
    resource,
    stop_button,
)
from .i18n import LANGUAGES, page_language, say, shown, t
from .tool_docs import tool_doc

TASK = "chat"
PRESETS = {  # preset id -> system prompt sent to the model, (English page, Korean page); label: "chat.preset.<id>"
    "helpful": (
        "You are a helpful, honest assistant. Answer in the language the user writes in, briefly and clearly.",
        "당신은 친절하고 정직한 도우미입니다. 사용자가 쓴 언어로 짧고 분명하게 답하세요.",
    ),
    "tutor": (
        "You are a kind Korean teacher. Correct the Korean sentences the student writes so that they sound natural, "
        "and explain briefly, in easy Korean, why you changed them.",
        "당신은 친절한 한국어 선생님입니다. 학생이 쓴 한국어 문장을 자연스럽게 고쳐 주고, 왜 그렇게 고쳤는지 "
        "쉬운 한국어로 짧게 설명하세요.",
    ),
    "partner": (
        "You are a friendly English conversation partner for a Korean student. Reply in simple English, keep "
        "the conversation going with one question, and gently correct mistakes.",
        "당신은 한국 학생의 친근한 영어 회화 친구입니다. 쉬운 영어로 답하고, 질문 하나로 대화를 이어 가며, "
        "틀린 표현은 부드럽게 고쳐 주세요.",
    ),
}
DEFAULT_PRESET = "helpful"
SAMPLING = chat.Sampling  # the defaults, defined once in the engine
EXAMPLES = {  # one list per page language (the other list is hidden by CSS)
    "en": [
        "What is the capital of Korea? Answer in one sentence.",
        "Explain what artificial intelligence is to a ten-year-old.",
        "Explain what a transformer model is in two sentences.",
        "Let's practise ordering food. You are the waiter.",
    ],
    "ko": [
        "한국의 수도는 어디인가요? 한 문장으로 답해 주세요.",
        "인공지능이 무엇인지 초등학생에게 설명해 줘.",
        "트랜스포머 모델이 무엇인지 두 문장으로 설명해 줘.",
        "식당에서 음식을 주문하는 영어 회화를 연습하고 싶어요. 당신이 웨이터를 맡아 주세요.",
    ],
}
STORAGE_KEY = "playground-chat"  # this browser's localStorage slot for the conversation (encrypted by Gradio)
PAST_KEY = "playground-chat-past"  # and for its past conversations (🗑 New chat moves the current one there)
TITLE_CHARS = 48  # a past conversation's name in the list: its first message, cut to this length
SAVED_MAX_CHARS = 200_000  # the newest messages kept in the browser (localStorage holds a few MB per site)
STOP_WAIT_S = 2.0  # Stop waits this long at most for the answer to end before it marks it
CUT_REMEMBERED = 1_000  # sessions whose answer was cut short, remembered a moment for Stop to mark it
# Markdown and HTML that make the browser fetch from another host as soon as a message is drawn (an answer could be
# told to put a reader's words into an image address): images become links, these tags plain text.
_IMAGE = re.compile(r"!(?=\[)")
_FETCHING_TAG = re.compile(r"<(?=\s*/?\s*(?:img|image|picture|source|video|audio|iframe|frame|object|embed|svg|link|"
                           r"style|input|track|meta|base|body|table|td|div|span|a)\b)", re.IGNORECASE)


def no_remote_images(text: str) -> str:
    """``text`` as the Chatbot may draw it without fetching anything: ``![a](u)`` becomes the link ``[a](u)``, and
    ``<img ...>`` (and other tags that load or style from an address) is shown as text (a zero-width space after
    the ``<``, so code keeps reading the same).

    >>> no_remote_images('hi ![x](https://evil.example/p.png?q=secret) <img src="https://e.example/a">')
    'hi [x](https://evil.example/p.png?q=secret) <\u200bimg src="https://e.example/a">'
    """
    return _FETCHING_TAG.sub("<\u200b", _IMAGE.sub("", text))


STOPPED = re.compile(r"\s*⏹ \*(?:" + "|".join(re.escape(w) for w in ("Stopped", "정지됨")) + r")\*\s*$")
WRITING_MARK = "⏳"  # the answer's place while the model starts (loading, reading the conversation)
WRITING = re.compile(r"^\s*⏳ \*[^*\n]{1,60}\*\s*$")


class ChatStops(SessionStops):
    """One stop switch per browser session, which also remembers whether the student pressed Stop (the engine
    sets the switch itself when an answer ends) and which message of the conversation is the answer being
    written (so Stop marks that one, never an earlier answer)."""

    class Answer(threading.Event):
        def __init__(self) -> None:
            super().__init__()
            self.asked = False  # the student pressed Stop
            self.index: int | None = None  # the conversation's message this answer is being written into
            self.ended = threading.Event()  # the handler is done: it sends nothing more
            self.finished = False  # it reached its last step (not cut short by a cancel)

    def sent_while_live(self, request: gr.Request | None) -> None:
        """A Send or Enter came while this session's answer is written: the answer job it queued is dropped."""
        key = getattr(request, "session_hash", None)
        if key:
            with self._lock:
                self._dropped[key] = self._dropped.get(key, 0) + 1

    def forget_dropped(self, request: gr.Request | None) -> None:
        """A send made while no answer runs: a job counted earlier that Gradio never ran (its front end may skip
        an event still pending) must not swallow this one."""
        key = getattr(request, "session_hash", None)
        if key:
            with self._lock:
                self._dropped.pop(key, None)

    def take_dropped(self, request: gr.Request | None) -> bool:
        """Whether this answer job is one queued by a send made while another answer ran (counted once)."""
        key = getattr(request, "session_hash", None)
        with self._lock:
            count = self._dropped.get(key, 0) if key else 0
            if count > 1:
                self._dropped[key] = count - 1
            elif count:
                del self._dropped[key]
            return bool(count)

    def live(self, request: gr.Request | None) -> bool:
        """This session's answer is still being written (a second Enter meanwhile must not start another)."""
        key = getattr(request, "session_hash", None)
        with self._lock:
            answer = self._events.get(key) if key else None
        return isinstance(answer, self.Answer) and not answer.ended.is_set()

    def start(self, request: gr.Request | None) -> ChatStops.Answer:
        answer = self.Answer()
        key = getattr(request, "session_hash", None)
        if key:
            with self._lock:
                self._events[key] = answer
        return answer

    def __init__(self) -> None:
        super().__init__()
        self._cut: OrderedDict[str, tuple[float, ChatStops.Answer]] = OrderedDict()  # ended before its last step
        self._dropped: dict[str, int] = {}  # sends made while an answer ran, per session

    def release(self, request: gr.Request | None, event: threading.Event) -> None:
        super().release(request, event)
        if not isinstance(event, self.Answer):
            return
        key = getattr(request, "session_hash", None)
        if key and not event.finished:  # cut short (Stop's cancel reached it first): Stop may still mark it
            with self._lock:
                self._cut[key] = (time.monotonic(), event)
                while len(self._cut) > CUT_REMEMBERED:
                    self._cut.popitem(last=False)
        event.ended.set()

    def stop(self, request: gr.Request) -> ChatStops.Answer | None:  # type: ignore[override]
        """Stop this session's answer; returns it (running, or cut short a moment ago), else None."""
        key = getattr(request, "session_hash", None) or ""
        with self._lock:
            answer = self._events.get(key)
            cut = self._cut.pop(key, None)
        if not isinstance(answer, self.Answer) and cut and time.monotonic() - cut[0] < STOP_WAIT_S:
            answer = cut[1]
        if isinstance(answer, self.Answer):
            answer.asked = True
            answer.set()
            return answer
        return None


STOPS = ChatStops()  # Stop ends only this student's job


# -- layout ---------------------------------------------------------------------------------------------------
@dataclass
class Layout:
    model: gr.Dropdown
    card: gr.Markdown
    chatbot: gr.Chatbot
    note: gr.Markdown
    message: gr.Textbox
    send: gr.Button
    stop: gr.Button
    new: gr.Button
    undo_new: gr.Button
    preset: gr.Dropdown
    system: gr.Textbox
    temperature: gr.Slider
    top_p: gr.Slider
    max_new_tokens: gr.Slider
    repetition_penalty: gr.Slider
    code: gr.Code
    saved: gr.BrowserState
    past: gr.BrowserState
    past_list: gr.Dropdown
    open_past: gr.Button
    delete_past: gr.Button
    export: gr.Button
    export_file: gr.File

    @property
    def settings(self) -> list[Any]:
        return [self.model, self.system, self.temperature, self.top_p, self.max_new_tokens, self.repetition_penalty]


def layout(engine: Engine) -> Layout:
    """Draw the tab inside the current ``gr.Tab``."""
    default_model = engine.default_choice(TASK)
    sampling = SAMPLING.default(engine, default_model)
    most = chat.max_new_tokens_for(engine, default_model)
    gr.Markdown(t("chat.intro"), elem_id="chat-intro")
    with gr.Row(elem_classes="pg-model-row", elem_id="chat-model-row"):
        model = model_picker(engine, TASK, scale=3)
        card = gr.Markdown(model_card(engine, TASK, default_model), elem_classes="pg-card", elem_id="chat-card")
    chatbot = gr.Chatbot(label=t("chat.conversation"), height=420, buttons=["copy", "copy_all"], editable="user",
                         placeholder=f"💬 {shown('chat.hello')}", elem_id="chat-conversation")
    with gr.Row(elem_id="chat-input-row", equal_height=False):
        message = gr.Textbox(label=t("chat.message"), placeholder=t("chat.placeholder"), lines=1, max_lines=6, scale=5,
                             max_length=limits.CHAT_MAX_MESSAGE_CHARS, elem_id="chat-message", min_width=200)
        with gr.Column(scale=1, min_width=230, elem_id="chat-actions"):
            # One spot for the main action: Send at rest; while an answer runs Stop (inactive, so hidden, at rest:
            # see CSS) takes its place.
            send = gr.Button(t("chat.send"), variant="primary", size="lg", elem_id="chat-send")
            stop = stop_button(t("chat.stop"), elem_id="chat-stop", size="lg", min_width=60, scale=None)
            with gr.Row(elem_id="chat-minor-actions"):
                new = gr.Button(t("chat.new"), variant="secondary", size="sm", elem_id="chat-new", min_width=60)
                undo_new = gr.Button(t("chat.undo_new"), variant="secondary", size="sm", elem_id="chat-undo-new",
                                     min_width=60, visible=False)
    note = gr.Markdown(elem_id="chat-note")  # under the box: where the answer came from, what was left out
    with gr.Accordion(t("chat.settings"), open=False):
        preset = gr.Dropdown([(t(f"chat.preset.{p}"), p) for p in PRESETS], value=DEFAULT_PRESET,
                             label=t("chat.preset"))
        system = gr.Textbox(PRESETS[DEFAULT_PRESET][0], label=t("chat.system"), lines=2,
                            max_length=limits.CHAT_MAX_SYSTEM_CHARS, elem_id="chat-system")
        with gr.Row():
            temperature = gr.Slider(*limits.CHAT_TEMPERATURE, value=sampling.temperature, step=0.05,
                                    label=t("chat.temperature"), elem_id="chat-temperature")
            top_p = gr.Slider(*limits.CHAT_TOP_P, value=sampling.top_p, step=0.05, label=t("chat.top_p"))
            max_new_tokens = gr.Slider(1, most, value=min(sampling.max_new_tokens, most), step=1,
                                       label=t("chat.max_new_tokens"), info=t("chat.max_new_tokens_info"),
                                       elem_id="chat-max-new-tokens")
            repetition_penalty = gr.Slider(*limits.CHAT_REPETITION_PENALTY, value=sampling.repetition_penalty,
                                           step=0.05, label=t("chat.repetition_penalty"))
    with gr.Accordion(t("chat.past"), open=False, elem_id="chat-past"):
        with gr.Row(equal_height=False, elem_id="chat-past-row"):
            past_list = gr.Dropdown([], value=None, label=t("chat.past_list"), elem_id="chat-past-list", scale=4,
                                    min_width=200, interactive=True)
            open_past = gr.Button(t("chat.past_open"), size="sm", elem_id="chat-past-open", scale=0, min_width=90)
            delete_past = gr.Button(t("chat.past_delete"), size="sm", elem_id="chat-past-delete", scale=0,
                                    min_width=90)
        with gr.Row(equal_height=False, elem_id="chat-export-row"):
            export = gr.Button(t("chat.export"), size="sm", elem_id="chat-export", scale=0, min_width=200)
            export_file = gr.File(label=t("chat.export_file"), interactive=False, visible=False,
                                  elem_id="chat-export-file", scale=3)
    for lang in LANGUAGES:  # the page's language only (see CSS)
        gr.Examples(EXAMPLES[lang], inputs=[message], label=t("common.examples"), elem_id=f"chat-examples-{lang}")
    code = code_panel(chat.code_snippet(engine, default_model, PRESETS[DEFAULT_PRESET][0], EXAMPLES["ko"][0],
                                        sampling))
    saved = gr.BrowserState(None, storage_key=STORAGE_KEY)  # a random secret per server (Gradio's default)
    past = gr.BrowserState(None, storage_key=PAST_KEY)
    return Layout(model, card, chatbot, note, message, send, stop, new, undo_new, preset, system, temperature, top_p,
                  max_new_tokens, repetition_penalty, code, saved, past, past_list, open_past, delete_past, export,
                  export_file)


# Scoped to this tab's ids. The phone: the picker above its card (never squeezed beside it), and a conversation
# short enough that the message box and the first message are on the first screen.
CSS = """
html[lang^="ko"] #chat-examples-en, html:not([lang^="ko"]) #chat-examples-ko { display: none !important; }
#chat-send, #chat-stop { font-size: var(--text-lg); font-weight: 600; min-height: 48px; }
#chat-stop:disabled, #chat-actions:has(#chat-stop:enabled) #chat-send { display: none !important; }
#chat-minor-actions { gap: 0.4rem; flex-wrap: nowrap; }
#chat-minor-actions button { flex: 1 1 0; min-width: 0; }
#chat-note:empty, #chat-note:has(> .prose:empty) { display: none; }
#chat-past-row { align-items: flex-end; }
#chat-past-row > button, #chat-export-row > button { flex-grow: 0; }
@media (max-width: 640px) {
  #chat-intro { display: none; }
  #chat-model-row { flex-direction: column; gap: 0.25rem; }
  #chat-model-row > * { width: 100%; min-width: 0 !important; flex: 1 1 auto; }
  #chat-card { font-size: var(--text-sm); }
  #chat-conversation { height: 30vh !important; min-height: 200px; }
  #chat-input-row { flex-direction: column; gap: 0.4rem; }
  #chat-input-row > * { width: 100%; min-width: 0 !important; }
  #chat-actions { flex-direction: row; gap: 0.4rem; }
  #chat-actions > * { flex: 1 1 0; }
  #chat-send, #chat-stop { min-height: 44px; }
}
"""


# -- handlers: call the engine, format its plain results ------------------------------------------------------
def respond(engine: Engine, text: str, history: list[dict[str, Any]], model: str, system: str, temperature: float,
            top_p: float, max_new_tokens: int, repetition_penalty: float, preset: str = DEFAULT_PRESET,
            progress: gr.Progress = gr.Progress(track_tqdm=True),
            request: gr.Request = None, *, ui: Layout) -> Iterator[Any]:
    """Stream the answer to ``text``, by component (``ui``: the conversation, the message box, the note, the code,
    what this browser keeps, the Undo of New chat; each step names only what it changes). The student's message is
    shown at once, with a "writing" line where the answer comes; the box is emptied then, and left alone after
    that, so the next question typed while this answer streams stays there."""
    yield from _answer(engine, text, history, model, system, temperature, top_p, max_new_tokens, repetition_penalty,
                       preset, progress, request, ui=ui, empties_box=True)


def _answer(engine: Engine, text: str, history: list[dict[str, Any]], model: str, system: str, temperature: float,
            top_p: float, max_new_tokens: int, repetition_penalty: float, preset: str, progress: gr.Progress,
            request: gr.Request | None, *, ui: Layout, empties_box: bool) -> Iterator[Any]:
    """:func:`respond`'s steps; ``empties_box``: the first one empties the message box (after Send; not after
    Retry or an edit, whose message was never in the box), and an error puts the message back there."""
    if STOPS.take_dropped(request):  # queued by an Enter while the last answer was written: the box keeps its text
        yield gr.skip()  # one skip for every output (Gradio 6.31 refuses an empty dict as too few values)
        return
    if STOPS.live(request):  # another answer of this session runs (Retry pressed meanwhile): nothing starts
        yield {ui.note: say("chat.still_writing", page_language(request))}
        return
    sampling = {"temperature": temperature, "top_p": top_p, "max_new_tokens": max_new_tokens,
                "repetition_penalty": repetition_penalty}
    history = _messages(history)
    lang = page_language(request)
    chat.clean_text(text, limit=limits.CHAT_MAX_MESSAGE_CHARS, keep_newlines=True)  # an empty box: said at once
    answer = STOPS.start(request)
    try:
        replies = chat.stream_reply(engine, text, for_model(history), model, system, sampling, stop=answer,
                                    progress=progress_callback(progress))
        conversation = [*history, {"role": "user", "content": no_remote_images(text)},
                        {"role": "assistant", "content": writing(lang)}]  # shown before the model starts
        answer.index = len(conversation) - 1
        box = {ui.message: ""} if empties_box else {}
        yield {ui.chatbot: conversation, **box, ui.undo_new: gr.Button(visible=False)}
        try:
            reply = next(replies)  # errors (a missing model, too long a message) come before the first token
        except Exception:
            yield {ui.chatbot: history, **({ui.message: text} if empties_box else {})}
            raise
        conversation[-1] = {"role": "assistant", "content": no_remote_images(reply.text)}
        yield {ui.chatbot: conversation, ui.note: _note(reply, lang)}
        for reply in replies:
            conversation[-1] = {"role": "assistant", "content": no_remote_images(reply.text)}
            yield {ui.chatbot: conversation, ui.note: _note(reply, lang)}
        answer.finished = True
    finally:
        STOPS.release(request, answer)
    if answer.asked:
        conversation[-1] = {"role": "assistant", "content": mark_stopped(no_remote_images(reply.text), lang)}
    # the code of the model that answered (the catalog's local fallback, when the remote service failed): the whole
    # conversation it read and the seed it sampled with
    code = chat.code_snippet(engine, reply.model_id, system, text, chat.Sampling.checked(**sampling),
                             history=for_model(history)[reply.dropped_messages:], seed=reply.seed,
                             messages=reply.messages)
    yield {ui.chatbot: conversation, ui.note: _note(reply, lang), ui.code: code,
           ui.saved: keep(conversation, request, system=system, preset=preset, model=reply.model_id)}


def retry(engine: Engine, history: list[dict[str, Any]], model: str, system: str, temperature: float,
          top_p: float, max_new_tokens: int, repetition_penalty: float, preset: str = DEFAULT_PRESET,
          progress: gr.Progress = gr.Progress(track_tqdm=True),
          request: gr.Request = None, *, ui: Layout) -> Iterator[Any]:
    """Answer the last message again (after Retry, or after the student edited a message)."""
    history, last = _without_last_message(history)
    if last:
        yield from _answer(engine, last, history, model, system, temperature, top_p, max_new_tokens,
                           repetition_penalty, preset, progress, request, ui=ui, empties_box=False)


def answer_edited(engine: Engine, history: list[dict[str, Any]], model: str, system: str, temperature: float,
                  top_p: float, max_new_tokens: int, repetition_penalty: float, preset: str = DEFAULT_PRESET,
                  progress: gr.Progress = gr.Progress(track_tqdm=True),
                  request: gr.Request = None, *, ui: Layout) -> Iterator[Any]:
    """Answer the message the student edited (now the last one: :func:`edit` dropped the turns after it)."""
    yield from retry(engine, history, model, system, temperature, top_p, max_new_tokens, repetition_penalty,
                     preset, progress, request, ui=ui)


def undo(history: list[dict[str, Any]], system: str = "", preset: str = DEFAULT_PRESET,
         request: gr.Request = None, *, ui: Layout) -> dict[Any, Any]:
    """Remove the last exchange and put the message back in the box to edit."""
    history, last = _without_last_message(history)
    return {ui.chatbot: history, ui.message: last, ui.saved: keep(history, request, system=system, preset=preset)}


def edit(history: list[dict[str, Any]], edited: gr.EditData) -> list[dict[str, Any]]:
    """An edited user message replaces the original, and every turn after it goes (then: answered again)."""
    index = edited.index[0] if isinstance(edited.index, (list, tuple)) else edited.index
    messages = list(history or [])
    if not isinstance(index, int) or not 0 <= index < len(messages):
        return messages
    return [*messages[:index], {"role": "user", "content": _text(edited.value)}]


def new_conversation(history: list[dict[str, Any]] | None = None, system: str = "", preset: str = DEFAULT_PRESET,
                     model: str = "", past: Any = None, request: gr.Request = None, *,
                     ui: Layout) -> dict[Any, Any]:
    """Start again: an empty conversation (a running answer is stopped, and marked so); the one that was there
    moves to the top of this browser's past conversations, and ↩ Undo (or Open) brings it back.

    Returns, by component: the conversation, what this browser keeps, Stop, the past conversations and their list;
    the note and Undo only when a conversation moved (pressed again on an empty one, they stay)."""
    lang = page_language(request)
    if (answer := STOPS.stop(request)) is not None:
        answer.ended.wait(STOP_WAIT_S)
    messages = _messages(history)
    if answer is not None and answer.index is not None and answer.index < len(messages) \
            and messages[answer.index]["role"] == "assistant":
        messages[answer.index] = {"role": "assistant", "content": mark_stopped(messages[answer.index]["content"], lang)}
    items = _past_items(past, request)
    moved = bool(_settled(messages))
    if moved:
        items = _capped([_past_item(messages, system, preset, model), *items])
    cleared = {ui.chatbot: [], ui.saved: keep([], request, system=system, preset=preset),
               ui.stop: gr.Button(interactive=False), ui.past: _past_state(items, request),
               ui.past_list: _past_dropdown(items, lang)}
    if moved:
        cleared.update({ui.note: say("chat.moved", lang), ui.undo_new: gr.Button(visible=True)})
    return cleared


def undo_new_chat(history: list[dict[str, Any]], system: str, preset: str, model: str, past: Any,
                  request: gr.Request = None, *, ui: Layout) -> dict[Any, Any]:
    """↩ Undo after 🗑 New chat: the newest past conversation comes back (what was typed since moves there)."""
    items = _past_items(past, request)
    return _open(items[0]["id"] if items else None, history, system, preset, model, items, request, ui)


def open_past(choice: str | None, history: list[dict[str, Any]], system: str, preset: str, model: str, past: Any,
              request: gr.Request = None, *, ui: Layout) -> dict[Any, Any]:
    """Open a past conversation (with its role); the current one, if any, takes its place in the list."""
    return _open(choice, history, system, preset, model, _past_items(past, request), request, ui)


def _open(choice: str | None, history: list[dict[str, Any]], system: str, preset: str, model: str,
          items: list[dict[str, Any]], request: gr.Request | None, ui: Layout) -> dict[Any, Any]:
    """By component: the conversation, the note, what this browser keeps, the system prompt and role (when the
    past one kept them), the past conversations, their list, Undo (hidden); none found: the note, Undo."""
    lang = page_language(request)
    chosen = next((item for item in items if item["id"] == choice), None)
    if chosen is None:
        return {ui.note: say("chat.past_none", lang), ui.undo_new: gr.Button(visible=False)}
    rest = [item for item in items if item is not chosen]
    current = _settled(_messages(history))
    if current:
        rest = _capped([_past_item(current, system, preset, model), *rest])
    role = _role_for(lang, chosen.get("system"), chosen.get("preset"), ui)
    messages = _messages(chosen.get("messages"))
    kept = keep(messages, request, system=role.get(ui.system, system), preset=role.get(ui.preset, preset),
                model=chosen.get("model") or "")
    return {ui.chatbot: messages, ui.note: "", ui.saved: kept, **role, ui.past: _past_state(rest, request),
            ui.past_list: _past_dropdown(rest, lang), ui.undo_new: gr.Button(visible=False)}


def delete_past(choice: str | None, past: Any, request: gr.Request = None, *, ui: Layout) -> dict[Any, Any]:
    """Forget one past conversation (this browser's copy: nothing of it is on the server)."""
    items = [item for item in _past_items(past, request) if item["id"] != choice]
    return {ui.past: _past_state(items, request), ui.past_list: _past_dropdown(items, page_language(request))}


def export_conversation(history: list[dict[str, Any]], system: str, model: str,
                        request: gr.Request = None, *, ui: Layout) -> dict[Any, Any]:
    """The conversation as a Markdown file (the role, the model, each turn), named with today's date; nothing to
    export: a note says so."""
    lang = page_language(request)
    messages = _settled(_messages(history))
    if not messages:
        return {ui.export_file: gr.File(value=None, visible=False), ui.note: say("chat.export_empty", lang)}
    stamp = time.strftime("%Y-%m-%d-%H%M")
    path = tempfiles.new_folder("playground-chat") / f"chat-{stamp}.md"
    path.write_text(as_markdown(messages, system, model, lang, time.strftime("%Y-%m-%d %H:%M")), encoding="utf-8")
    return {ui.export_file: gr.File(value=str(path), visible=True)}


def as_markdown(messages: list[dict[str, str]], system: str, model: str, lang: str | None, when: str) -> str:
    """What the export file holds: a title with the date, the model, the role (system prompt), then each turn.

    >>> print(as_markdown([{"role": "user", "content": "hi"}, {"role": "assistant", "content": "Hello!"}],
    ...                   "Be brief.", "tiny/chat", "en", "2026-12-06 09:30"))
    # Conversation (2026-12-06 09:30)
    <BLANKLINE>
    - Model: tiny/chat
    - Role (system prompt): Be brief.
    <BLANKLINE>
    ## 🧑 You
    <BLANKLINE>
    hi
    <BLANKLINE>
    ## 🤖 Assistant
    <BLANKLINE>
    Hello!
    <BLANKLINE>
    """
    code = lang if lang in LANGUAGES else "en"
    lines = [f"# {say('chat.export_title', code, when=when)}", "",
             f"- {say('chat.export_model', code)}: {model or '-'}",
             f"- {say('chat.export_role', code)}: {' '.join((system or '-').split())}", ""]
    for message in messages:
        who = say("chat.export_user" if message["role"] == "user" else "chat.export_assistant", code)
        lines += [f"## {who}", "", message["content"].strip(), ""]
    return "\n".join(lines)


def stop_answer(history: list[dict[str, Any]], system: str = "", preset: str = DEFAULT_PRESET,
                request: gr.Request = None, *, ui: Layout) -> dict[Any, Any]:
    """Stop this student's answer and mark it "⏹ Stopped" (on the page only: never sent back to the model); Stop
    turns inactive (Send comes back in its place)."""
    answer = STOPS.stop(request)
    if answer is not None:  # the job is cancelled too: once it has ended, no streamed update can follow this one
        answer.ended.wait(STOP_WAIT_S)
    messages = _messages(history)
    index = answer.index if answer is not None else None
    if index is None or index >= len(messages) or messages[index]["role"] != "assistant":
        return {ui.stop: gr.Button(interactive=False)}  # nothing shown yet (queued)
    messages[index] = {"role": "assistant",
                       "content": mark_stopped(messages[index]["content"], page_language(request))}
    return {ui.chatbot: messages, ui.saved: keep(messages, request, system=system, preset=preset),
            ui.stop: gr.Button(interactive=False)}


def chat_running(request: gr.Request = None) -> Any:
    """Stop takes Send's place at once, before the job is queued. A second Enter while an answer is written starts
    nothing: Gradio usually does not trigger the event again while it is pending, and when it does (a CI run showed
    it), the answer job it queues is dropped (:meth:`ChatStops.take_dropped`); the typed text stays in the box. A
    send while nothing runs forgets such a count, so a queued job Gradio never ran cannot swallow the next Send."""
    if STOPS.live(request):
        STOPS.sent_while_live(request)
    else:
        STOPS.forget_dropped(request)
    return gr.Button(interactive=True)


def chat_idle(request: gr.Request = None) -> Any:
    """Stop inactive (Send back in its place) once an answer has ended, unless another of this session's runs."""
    return gr.skip() if STOPS.live(request) else gr.Button(interactive=False)


def restore(engine: Engine, saved: Any, past: Any, system: str, request: gr.Request = None, *,
            ui: Layout) -> dict[Any, Any]:
    """On page load, by component: the conversation this browser kept (for this account only) with its role, the
    past conversations' list, and otherwise the default system prompt (and the code panel that shows it) in the
    page's language. What stays as the page drew it is left out."""
    lang = page_language(request)
    prompt = PRESETS[DEFAULT_PRESET][1 if lang == "ko" else 0]
    items = _past_items(past, request)
    shown: dict[Any, Any] = {ui.past_list: _past_dropdown(items, lang)}
    if isinstance(past, dict) and past.get("who", "") != _who(request):  # another account's: forgotten
        shown[ui.past] = _past_state([], request)
    if system in PRESETS[DEFAULT_PRESET] and system != prompt:
        shown[ui.system] = prompt
    if isinstance(saved, dict):
        if saved.get("who", "") != _who(request):  # another account signed in on this browser: never show theirs
            shown[ui.saved] = keep([], request)
        else:
            if messages := _messages(saved.get("messages")):
                shown[ui.chatbot] = messages
            shown.update(_role_for(lang, saved.get("system"), saved.get("preset"), ui))
    if ui.system in shown:
        shown[ui.code] = chat.code_snippet(engine, engine.default_choice(TASK), shown[ui.system], EXAMPLES["ko"][0],
                                           SAMPLING.default(engine))
    return shown


def show_model(engine: Engine, model: str, max_new_tokens: float, request: gr.Request = None, *,
               ui: Layout) -> dict[Any, Any]:
    """The card of the chosen model and the slider's range (no more new tokens than that model can write), whoever
    set the picker (a student, or the language switch putting a pick back)."""
    most = chat.max_new_tokens_for(engine, model)
    value = min(int(max_new_tokens or most), most)
    return {ui.card: model_card(engine, TASK, model, page_language(request)),
            ui.max_new_tokens: gr.Slider(maximum=most, value=value)}


def recommend_sampling(engine: Engine, model: str, *, ui: Layout) -> dict[Any, Any]:
    """The temperature and top-p the model's card recommends (Qwen3 without thinking: 0.7 / 0.8), on a student's own
    pick only: a model the language switch puts back leaves the sliders as the student had moved them."""
    recommended = SAMPLING.default(engine, model)
    return {ui.temperature: gr.Slider(value=recommended.temperature), ui.top_p: gr.Slider(value=recommended.top_p)}


# ``saved`` (what ``keep`` returns) with the role the page shows: the conversation and whose it is stay as they were.
KEEP_ROLE_JS = "(saved, system, preset) => Object.assign({messages: []}, saved || {}, {system, preset})"


def show_preset(preset: str, request: gr.Request = None) -> str:
    prompts = PRESETS.get(preset)
    return prompts[1 if page_language(request) == "ko" else 0] if prompts else ""


def api_chat(engine: Engine, message: str, history: list | None = None, model: str = "",
             system: str = PRESETS[DEFAULT_PRESET][0], temperature: float | None = None,
             top_p: float | None = None, max_new_tokens: int = SAMPLING.max_new_tokens,
             repetition_penalty: float = SAMPLING.repetition_penalty) -> Iterator[str]:
    """Chat with a catalog model; streams the growing answer. History: [{"role", "content"}, ...]."""
    recommended = SAMPLING.default(engine, model or engine.default_choice(TASK))  # for what the client left out
    sampling = {"temperature": recommended.temperature if temperature is None else temperature,
                "top_p": recommended.top_p if top_p is None else top_p, "max_new_tokens": max_new_tokens,
                "repetition_penalty": repetition_penalty}
    for reply in chat.stream_reply(engine, message, history, model, system, sampling):
        yield reply.text  # (the signed-in student's token reaches a remote model through reports_errors)


# -- the conversation: what the page shows, what the model reads, what the browser keeps ------------------------
def mark_stopped(text: str, lang: str | None) -> str:
    """The answer with its "⏹ Stopped" mark (once; alone when it was stopped before its first word)."""
    mark = f"⏹ *{say('chat.stopped', lang if lang in LANGUAGES else 'en')}*"
    text = "" if WRITING.match(text) else STOPPED.sub("", text)
    return f"{text}\n\n{mark}" if text.strip() else mark


def writing(lang: str | None) -> str:
    """The line shown where the answer comes, until its first word (replaced by it, never kept or sent)."""
    return f"{WRITING_MARK} *{say('chat.writing', lang if lang in LANGUAGES else 'en')}*"


def for_model(history: list[dict[str, str]]) -> list[dict[str, str]]:
    """The conversation as the model reads it: the newest ``limits.CHAT_MAX_TURNS`` messages from a user message
    on (the engine drops more to fit the window), without the page's "Stopped" marks."""
    messages = history[-limits.CHAT_MAX_TURNS:]
    while messages and messages[0]["role"] != "user":
        messages = messages[1:]
    cleaned = [{"role": m["role"], "content": STOPPED.sub("", m["content"]) if m["role"] == "assistant"
                else m["content"]} for m in _settled(messages)]
    return [m for m in cleaned if m["content"].strip()]


def keep(history: list[dict[str, Any]] | None, request: gr.Request | None, *, system: str | None = None,
         preset: str | None = None, model: str = "") -> dict[str, Any]:
    """What this browser keeps: whose conversation it is, its newest messages (at most SAVED_MAX_CHARS), and its
    role (the system prompt and the role picked, restored with it) and model."""
    kept: dict[str, Any] = {"who": _who(request), "messages": _newest(_settled(_messages(history)), SAVED_MAX_CHARS)}
    if isinstance(system, str):
        kept.update(system=system[:limits.CHAT_MAX_SYSTEM_CHARS], preset=preset if preset in PRESETS else None)
    if model:
        kept["model"] = str(model)[:200]
    return kept


def _newest(messages: list[dict[str, str]], most_chars: int) -> list[dict[str, str]]:
    """The newest of ``messages`` whose text is at most ``most_chars`` together."""
    total, start = 0, len(messages)
    while start > 0 and total + len(messages[start - 1]["content"]) <= most_chars:
        start -= 1
        total += len(messages[start]["content"])
    return messages[start:]


def _settled(messages: list[dict[str, str]]) -> list[dict[str, str]]:
    """The conversation without the "writing" line of an answer that has not started (never kept or exported)."""
    return [m for m in messages if not (m["role"] == "assistant" and WRITING.match(m["content"]))]


def _role_for(lang: str | None, system: Any, preset: Any, ui: Layout) -> dict[Any, str]:
    """The kept role as the page shows it, by component: a preset's prompt in the page's language (it was kept in
    the language of the page it was chosen on) and that preset, any other prompt as written (with the preset kept
    with it, if any); nothing when none was kept."""
    if not isinstance(system, str):
        return {}
    for preset_id, prompts in PRESETS.items():
        if system in prompts:
            return {ui.system: prompts[1 if lang == "ko" else 0], ui.preset: preset_id}
    return {ui.system: system[:limits.CHAT_MAX_SYSTEM_CHARS], **({ui.preset: preset} if preset in PRESETS else {})}


# -- past conversations: this browser's own list (``gr.BrowserState``), newest first ---------------------------
def _past_item(messages: list[dict[str, str]], system: str, preset: str, model: str) -> dict[str, Any]:
    first = next((m["content"] for m in messages if m["role"] == "user"), "")
    title = " ".join(first.split())
    return {"id": uuid.uuid4().hex[:12], "when": time.strftime("%Y-%m-%d %H:%M"),
            "title": title if len(title) <= TITLE_CHARS else title[:TITLE_CHARS - 1] + "…",
            "messages": _newest(messages, SAVED_MAX_CHARS), "system": str(system or "")[:limits.CHAT_MAX_SYSTEM_CHARS],
            "preset": preset if preset in PRESETS else None, "model": str(model or "")[:200]}


def _capped(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The newest ``limits.CHAT_PAST_CONVERSATIONS`` past conversations, at most ``limits.CHAT_PAST_MAX_CHARS`` of
    messages together (the newest always kept)."""
    out, total = [], 0
    for item in items[:limits.CHAT_PAST_CONVERSATIONS]:
        size = sum(len(m["content"]) for m in item["messages"])
        if out and total + size > limits.CHAT_PAST_MAX_CHARS:
            break
        out.append(item)
        total += size
    return out


def _past_items(past: Any, request: gr.Request | None) -> list[dict[str, Any]]:
    """This account's past conversations from what the browser sent (anything malformed is left out)."""
    if not isinstance(past, dict) or past.get("who", "") != _who(request) or not isinstance(past.get("items"), list):
        return []
    items = []
    for item in past["items"]:
        if isinstance(item, dict) and isinstance(item.get("id"), str) and (messages := _messages(item.get("messages"))):
            items.append({"id": item["id"][:32], "when": str(item.get("when") or "")[:20],
                          "title": str(item.get("title") or "")[:TITLE_CHARS], "messages": messages,
                          "system": item.get("system") if isinstance(item.get("system"), str) else "",
                          "preset": item.get("preset") if item.get("preset") in PRESETS else None,
                          "model": str(item.get("model") or "")[:200]})
    return _capped(items)


def _past_state(items: list[dict[str, Any]], request: gr.Request | None) -> dict[str, Any]:
    return {"who": _who(request), "items": items}


def _past_dropdown(items: list[dict[str, Any]], lang: str | None) -> Any:
    """The list of past conversations (newest first, chosen), or a word saying there is none yet."""
    choices = [(f"{item['when']} · {item['title']}", item["id"]) for item in items]
    return gr.Dropdown(choices=choices, value=choices[0][1] if choices else None,
                       info=None if choices else say("chat.past_empty", lang if lang in LANGUAGES else "en"))


def _who(request: gr.Request | None) -> str:
    """The signed-in account (Hugging Face, or the class login), "" for everyone else."""
    return signin.account_key(request) or getattr(request, "username", None) or ""


def _messages(history: Any) -> list[dict[str, str]]:
    """The Chatbot's messages (or a kept copy) as plain ``{"role", "content": str}``; anything else is left out."""
    out = []
    for item in history if isinstance(history, list) else []:
        if isinstance(item, dict) and item.get("role") in ("user", "assistant"):
            out.append({"role": item["role"], "content": no_remote_images(_text(item.get("content")))})
    return out


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        content = [content]
    if isinstance(content, list):
        return "\n".join(b.get("text") or "" for b in content if isinstance(b, dict) and b.get("type", "text") == "text"
                         and isinstance(b.get("text"), str))
    return ""


def _without_last_message(history: list[dict[str, Any]] | None) -> tuple[list[dict[str, str]], str]:
    """The history without its last user message (and the answers after it), and that message's text."""
    history = _messages(history)
    while history and history[-1]["role"] == "assistant":
        history.pop()
    last = history.pop() if history else None
    return history, last["content"] if last else ""


def _note(reply: chat.Reply, lang: str | None) -> str:
    """Where the answer came from (this machine, or which service and model), why a fallback answered, and
    whether old turns were left out."""
    where = say("chat.this_machine", lang) if reply.where is None else reply.where
    lines = [f"📍 {say('chat.answered_by', lang, where=where)}"]
    if reply.note:  # a message from the engine (why a fallback answered), in the page's language
        lines.append(rendered(reply.note, lang))
    if reply.dropped_messages:
        lines.append(f"ℹ️ {say('chat.dropped', lang, count=reply.dropped_messages)}")
    return "  \n".join(lines)


# -- wiring ---------------------------------------------------------------------------------------------------
def build(engine: Engine) -> Tab:
    """Draw the tab inside the current ``gr.Tab`` and wire its events."""
    ui = layout(engine)
    # The handlers return (or stream) their outputs by component (``ui`` given to each): only what they change.
    outputs = [ui.chatbot, ui.message, ui.note, ui.code, ui.saved, ui.undo_new]
    asked = [*ui.settings, ui.preset]
    role = [ui.system, ui.preset]
    private = {"api_visibility": "private"}
    quick = {"api_visibility": "private", "queue": False, "show_progress": "hidden"}
    # Each answer: Stop takes Send's place at once, the answer streams, Send comes back (after an error too).
    answer = gr.on([ui.send.click, ui.message.submit], chat_running, None, ui.stop, **quick).then(
        handler(engine, respond, ui=ui), [ui.message, ui.chatbot, *asked], outputs, **private, **resource(TASK))
    again = ui.chatbot.retry(chat_running, None, ui.stop, **quick).then(
        handler(engine, retry, ui=ui), [ui.chatbot, *asked], outputs, **private, **resource(TASK))
    edited = ui.chatbot.edit(handler(engine, edit, action=False), ui.chatbot, ui.chatbot, **quick).then(
        chat_running, None, ui.stop, **quick).then(
        handler(engine, answer_edited, ui=ui), [ui.chatbot, *asked], outputs, **private, **resource(TASK))
    jobs = [answer, again, edited]
    for job in jobs:  # Gradio 6.31 runs .then() after a success or a cancel, .failure() after an error
        job.then(chat_idle, None, ui.stop, **quick)
        job.failure(chat_idle, None, ui.stop, **quick)
    ui.chatbot.undo(handler(engine, undo, action=False, ui=ui), [ui.chatbot, *role],
                    [ui.chatbot, ui.message, ui.saved], **quick)
    ui.stop.click(handler(engine, stop_answer, action=False, ui=ui), [ui.chatbot, *role],
                  [ui.chatbot, ui.saved, ui.stop], cancels=jobs, **quick)
    current = [ui.chatbot, *role, ui.model, ui.past]
    cleared = [ui.chatbot, ui.note, ui.saved, ui.stop, ui.past, ui.past_list, ui.undo_new]
    ui.new.click(handler(engine, new_conversation, action=False, ui=ui), current, cleared, cancels=jobs, **quick)
    ui.chatbot.clear(handler(engine, new_conversation, action=False, ui=ui), current, cleared, cancels=jobs, **quick)
    opened = [ui.chatbot, ui.note, ui.saved, ui.system, ui.preset, ui.past, ui.past_list, ui.undo_new]
    ui.undo_new.click(handler(engine, undo_new_chat, action=False, ui=ui), current, opened, **quick)
    ui.open_past.click(handler(engine, open_past, action=False, ui=ui), [ui.past_list, *current], opened, **quick)
    ui.delete_past.click(handler(engine, delete_past, action=False, ui=ui), [ui.past_list, ui.past],
                         [ui.past, ui.past_list], **quick)
    ui.export.click(handler(engine, export_conversation, action=False, ui=ui), [ui.chatbot, ui.system, ui.model],
                    [ui.export_file, ui.note], **private)
    # The role the student types or picks is kept with the conversation in this browser at once (a reload or the
    # language switch puts it back, a preset's in the new page's language: ``restore``), in the page itself: no
    # request per key typed.
    ui.preset.input(handler(engine, show_preset, action=False), ui.preset, ui.system, **quick).then(  # a student's
        None, [ui.saved, ui.system, ui.preset], ui.saved, js=KEEP_ROLE_JS, **quick)                 # pick
    ui.system.input(None, [ui.saved, ui.system, ui.preset], ui.saved, js=KEEP_ROLE_JS, **quick)
    ui.model.change(handler(engine, show_model, action=False, ui=ui), [ui.model, ui.max_new_tokens],
                    [ui.card, ui.max_new_tokens], **quick)
    ui.model.input(handler(engine, recommend_sampling, action=False, ui=ui), ui.model, [ui.temperature, ui.top_p],
                   **quick)  # a student's pick
    Context.root_block.load(handler(engine, restore, action=False, ui=ui), [ui.saved, ui.past, ui.system],
                            [ui.chatbot, ui.saved, ui.system, ui.code, ui.preset, ui.past, ui.past_list], **quick)
    default = SAMPLING.default(engine)
    gr.api(handler(engine, api_chat, model=engine.default_choice(TASK) or "", max_new_tokens=default.max_new_tokens),
           api_name="chat", **resource(TASK))
    # Nothing of a run to draw again (the conversation is the browser's own): the model picked comes back.
    return Tab(keeps=Kept([], lambda data, lang: {}, picks={"model": ui.model}))


def tool_docs(engine: Engine) -> dict[str, str]:
    """What this tab's endpoints say to an API or MCP client (``tabs.tool_docs``): endpoint -> docstring."""
    chat_default = engine.default_choice("chat") or "-"
    return {
        "chat": tool_doc(
            "Chat with one of the playground's catalog models (Korean and English); streams the growing answer.", {
                "message": f"the user's message, 1 to {limits.CHAT_MAX_MESSAGE_CHARS:,} characters.",
                "history": f"earlier turns, a list of {{'role': 'user' or 'assistant', 'content': text}} (or a JSON "
                           f"string of it), at most {limits.CHAT_MAX_TURNS} messages; default none (a new chat). The "
                           "oldest turns are left out when the conversation is longer than the model reads.",
                "model": f"a catalog chat model id, one of: {', '.join(engine.choices('chat'))}; default "
                         f"{chat_default}.",
                "system": f"the system prompt, at most {limits.CHAT_MAX_SYSTEM_CHARS:,} characters; default a helpful "
                          "assistant that answers in the user's language.",
                "temperature": f"sampling temperature {limits.CHAT_TEMPERATURE[0]} to {limits.CHAT_TEMPERATURE[1]} "
                               "(0 = greedy: the same answer every time); default the model's recommended (0.7).",
                "top_p": f"nucleus sampling {limits.CHAT_TOP_P[0]} to {limits.CHAT_TOP_P[1]}; default the model's "
                         "recommended (0.9, Qwen3: 0.8).",
                "max_new_tokens": f"the answer's length limit in tokens, 1 to {limits.CHAT_MAX_NEW_TOKENS}.",
                "repetition_penalty": f"{limits.CHAT_REPETITION_PENALTY[0]} to {limits.CHAT_REPETITION_PENALTY[1]} "
                                      "(models on this machine only); default 1.1.",
            }, "The whole answer as plain text (the stream ends with it)."),
    }
