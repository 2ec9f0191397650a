"""The Chat tab: a streamed, multi-turn conversation with a small open model, and a Stop that really stops.

API: ``/chat`` (message, history=None, model=default, system=preset, temperature=0.7, top_p=0.9,
max_new_tokens, repetition_penalty=1.1), streaming the growing answer as a string.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import gradio as gr
from gradio.context import LocalContext

from playground import limits
from playground.engine import Engine
from playground.tasks import chat

from . import signin
from .common import SessionStops, Tab, code_panel, handler, model_card, model_picker, progress_callback, resource
from .i18n import page_language, say, shown, t

TASK = "chat"
PRESETS = {  # preset id -> system prompt (the label is the string "chat.preset.<id>")
    "helpful": "You are a helpful, honest assistant. Answer in the language the user writes in, briefly and clearly.",
    "tutor": "당신은 친절한 한국어 선생님입니다. 학생이 쓴 한국어 문장을 자연스럽게 고쳐 주고, 왜 그렇게 고쳤는지 "
             "쉬운 한국어로 짧게 설명하세요.",
    "partner": "You are a friendly English conversation partner for a Korean student. Reply in simple English, keep "
               "the conversation going with one question, and gently correct mistakes.",
}
DEFAULT_PRESET = "helpful"
SAMPLING = chat.Sampling  # the defaults, defined once in the engine
EXAMPLES = [
    "한국의 수도는 어디인가요? 한 문장으로 답해 주세요.",
    "인공지능이 무엇인지 초등학생에게 설명해 줘.",
    "Explain what a transformer model is in two sentences.",
    "Let's practise ordering food at a restaurant. You are the waiter.",
]
STOPS = SessionStops()  # one stop switch per browser session: Stop ends only this student's job


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
    preset: gr.Dropdown
    system: gr.Textbox
    temperature: gr.Slider
    top_p: gr.Slider
    max_new_tokens: gr.Slider
    repetition_penalty: gr.Slider
    code: gr.Code

    @property
    def settings(self) -> list[Any]:
        return [self.model, self.system, self.temperature, self.top_p, self.max_new_tokens, self.repetition_penalty]


def layout(engine: Engine) -> Layout:
    """Draw the tab inside the current ``gr.Tab``."""
    default_model = engine.default_choice(TASK)
    sampling = SAMPLING.default(engine)
    gr.Markdown(t("chat.intro"))
    with gr.Row():
        model = model_picker(engine, TASK, scale=3)
        card = gr.Markdown(model_card(engine, TASK, default_model))
    chatbot = gr.Chatbot(label=t("chat.conversation"), height=420, buttons=["copy", "copy_all"],
                         placeholder=f"💬 {shown('chat.hello')}")
    note = gr.Markdown()
    with gr.Row():
        message = gr.Textbox(label=t("chat.message"), placeholder=t("chat.placeholder"), lines=1, max_lines=6, scale=5,
                             max_length=limits.CHAT_MAX_MESSAGE_CHARS)
        with gr.Column(scale=1, min_width=120):
            send = gr.Button(t("chat.send"), variant="primary")
            stop = gr.Button(t("common.stop"), variant="stop")
    with gr.Accordion(t("chat.settings"), open=False):
        preset = gr.Dropdown([(t(f"chat.preset.{p}"), p) for p in PRESETS], value=DEFAULT_PRESET,
                             label=t("chat.preset"))
        system = gr.Textbox(PRESETS[DEFAULT_PRESET], label=t("chat.system"), lines=2,
                            max_length=limits.CHAT_MAX_SYSTEM_CHARS)
        with gr.Row():
            temperature = gr.Slider(*limits.CHAT_TEMPERATURE, value=sampling.temperature, step=0.05,
                                    label=t("chat.temperature"))
            top_p = gr.Slider(*limits.CHAT_TOP_P, value=sampling.top_p, step=0.05, label=t("chat.top_p"))
            max_new_tokens = gr.Slider(1, limits.CHAT_MAX_NEW_TOKENS, value=sampling.max_new_tokens, step=1,
                                       label=t("chat.max_new_tokens"))
            repetition_penalty = gr.Slider(*limits.CHAT_REPETITION_PENALTY, value=sampling.repetition_penalty,
                                           step=0.05, label=t("chat.repetition_penalty"))
    gr.Examples(EXAMPLES, inputs=[message], label=t("common.examples"))
    code = code_panel(chat.code_snippet(engine, default_model, PRESETS[DEFAULT_PRESET], EXAMPLES[0], sampling))
    return Layout(model, card, chatbot, note, message, send, stop, preset, system, temperature, top_p,
                  max_new_tokens, repetition_penalty, code)


# -- handlers: call the engine, format its plain results ------------------------------------------------------
def respond(engine: Engine, text: str, history: list[dict[str, Any]], model: str, system: str, temperature: float,
            top_p: float, max_new_tokens: int, repetition_penalty: float,
            progress: gr.Progress = gr.Progress(track_tqdm=True),
            request: gr.Request = None) -> Iterator[tuple[Any, ...]]:
    """Stream the answer to ``text``: (conversation, emptied message box, note, code — on the last step only)."""
    sampling = {"temperature": temperature, "top_p": top_p, "max_new_tokens": max_new_tokens,
                "repetition_penalty": repetition_penalty}
    history = list(history or [])
    lang = page_language(request)
    stop = STOPS.start(request)
    try:
        replies = chat.stream_reply(engine, text, history, model, system, sampling, stop=stop,
                                    progress=progress_callback(progress), user_token=signin.user_token(request))
        reply = next(replies)  # errors (bad input, missing model) surface before the box is cleared
        shown = [*history, {"role": "user", "content": text}, {"role": "assistant", "content": reply.text}]
        yield shown, "", _note(reply, lang), gr.skip()
        for reply in replies:
            shown[-1] = {"role": "assistant", "content": reply.text}
            yield shown, "", _note(reply, lang), gr.skip()
    finally:
        STOPS.release(request, stop)
    # the code of the model that answered (the catalog's local fallback, when the remote service failed)
    yield shown, "", _note(reply, lang), chat.code_snippet(
        engine, reply.model_id, system, text, chat.Sampling.checked(**sampling))


def retry(engine: Engine, history: list[dict[str, Any]], model: str, system: str, temperature: float,
          top_p: float, max_new_tokens: int, repetition_penalty: float,
          progress: gr.Progress = gr.Progress(track_tqdm=True),
          request: gr.Request = None) -> Iterator[tuple[Any, ...]]:
    """Answer the last message again."""
    history, last = _without_last_message(history)
    if last:
        yield from respond(engine, last, history, model, system, temperature, top_p, max_new_tokens,
                           repetition_penalty, progress, request)


def undo(history: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str]:
    """Remove the last exchange and put the message back in the box to edit."""
    return _without_last_message(history)


def show_model(engine: Engine, model: str) -> str:
    return model_card(engine, TASK, model)


def show_preset(preset: str) -> str:
    return PRESETS.get(preset, "")


def api_chat(engine: Engine, message: str, history: list | None = None, model: str = "",
             system: str = PRESETS[DEFAULT_PRESET], temperature: float = SAMPLING.temperature,
             top_p: float = SAMPLING.top_p, max_new_tokens: int = SAMPLING.max_new_tokens,
             repetition_penalty: float = SAMPLING.repetition_penalty) -> Iterator[str]:
    """Chat with a catalog model; streams the growing answer. History: [{"role", "content"}, ...]."""
    sampling = {"temperature": temperature, "top_p": top_p, "max_new_tokens": max_new_tokens,
                "repetition_penalty": repetition_penalty}
    request = LocalContext.request.get(None)  # gr.api handlers get no request argument
    for reply in chat.stream_reply(engine, message, history, model, system, sampling,
                                   user_token=signin.user_token(request)):
        yield reply.text


# -- formatting -----------------------------------------------------------------------------------------------
def _without_last_message(history: list[dict[str, Any]] | None) -> tuple[list[dict[str, Any]], str]:
    """The history without its last user message (and the answers after it), and that message's text."""
    history = list(history or [])
    while history and history[-1]["role"] == "assistant":
        history.pop()
    last = history.pop() if history else None
    return history, chat.normalize_history([last])[0]["content"] if last else ""


def _note(reply: chat.Reply, lang: str | None) -> str:
    """Where the answer came from (this machine, or which service and model), why a fallback answered, and
    whether old turns were left out."""
    lines = [f"📍 {say('chat.answered_by', lang, where=reply.where)}"]
    if reply.note:  # both languages, one per line
        lines += reply.note.splitlines()
    if reply.dropped_messages:
        lines.append(f"ℹ️ {say('chat.dropped', lang, count=reply.dropped_messages)}")
    return "  \n".join(lines)


# -- wiring ---------------------------------------------------------------------------------------------------
def build(engine: Engine) -> Tab:
    """Draw the tab inside the current ``gr.Tab`` and wire its events."""
    ui = layout(engine)
    outputs = [ui.chatbot, ui.message, ui.note, ui.code]
    answer = gr.on([ui.send.click, ui.message.submit], handler(engine, respond),
                   [ui.message, ui.chatbot, *ui.settings], outputs, api_visibility="private", **resource(TASK))
    again = ui.chatbot.retry(handler(engine, retry), [ui.chatbot, *ui.settings], outputs, api_visibility="private",
                             **resource(TASK))
    ui.chatbot.undo(handler(engine, undo, action=False), ui.chatbot, [ui.chatbot, ui.message],
                    api_visibility="private", queue=False)
    ui.stop.click(STOPS.stop, None, None, cancels=[answer, again], api_visibility="private", queue=False)
    ui.preset.change(handler(engine, show_preset, action=False), ui.preset, ui.system, api_visibility="private",
                     queue=False)
    ui.model.change(handler(engine, show_model, action=False), ui.model, ui.card, api_visibility="private",
                    queue=False)
    default = SAMPLING.default(engine)
    gr.api(handler(engine, api_chat, model=engine.default_choice(TASK) or "", max_new_tokens=default.max_new_tokens),
           api_name="chat", **resource(TASK))
    return Tab()
