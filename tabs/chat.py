"""The Chat tab: a streamed, multi-turn conversation with a small open model, and a Stop that really stops.

API: ``/chat`` (message, history=[], model=default, system=preset, temperature, top_p, max_new_tokens,
repetition_penalty), streaming the growing answer as a string.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from playground import limits
from playground.engine import Engine
from playground.tasks import chat

from .common import SessionStops, code_panel, model_card, model_picker, progress_callback, reports_errors, resource
from .i18n import t

TASK = "chat"
PRESETS = {
    "Helpful assistant · 친절한 도우미":
        "You are a helpful, honest assistant. Answer in the language the user writes in, briefly and clearly.",
    "Korean tutor · 한국어 선생님":
        "당신은 친절한 한국어 선생님입니다. 학생이 쓴 한국어 문장을 자연스럽게 고쳐 주고, 왜 그렇게 고쳤는지 "
        "쉬운 한국어로 짧게 설명하세요.",
    "English conversation partner · 영어 회화 친구":
        "You are a friendly English conversation partner for a Korean student. Reply in simple English, keep the "
        "conversation going with one question, and gently correct mistakes.",
}
DEFAULT_PRESET = next(iter(PRESETS))
EXAMPLES = [
    "한국의 수도는 어디인가요? 한 문장으로 답해 주세요.",
    "인공지능이 무엇인지 초등학생에게 설명해 줘.",
    "Explain what a transformer model is in two sentences.",
    "Let's practise ordering food at a restaurant. You are the waiter.",
]

# One stop switch per browser session: Stop ends only this student's job.
STOPS = SessionStops()


def build(engine: Engine) -> None:
    """Draw the tab inside the current ``gr.Tab`` and wire its events."""
    default_model = engine.default_choice(TASK)
    default_tokens = 256 if engine.placement.profile == "cpu" else 512
    gr.Markdown(t("chat.intro"))
    with gr.Row():
        model = model_picker(engine, TASK, scale=3)
        card = gr.Markdown(model_card(engine, TASK, default_model))
    chatbot = gr.Chatbot(label=t("chat.conversation"), height=420, buttons=["copy", "copy_all"],
                         placeholder="💬 한국어나 영어로 말을 걸어 보세요 · Say hello in Korean or English")
    note = gr.Markdown()
    with gr.Row():
        message = gr.Textbox(label=t("chat.message"), placeholder=t("chat.placeholder"), lines=1, max_lines=6, scale=5,
                             max_length=limits.CHAT_MAX_MESSAGE_CHARS)
        with gr.Column(scale=1, min_width=120):
            send = gr.Button(t("chat.send"), variant="primary")
            stop = gr.Button(t("common.stop"), variant="stop")
    with gr.Accordion(t("chat.settings"), open=False):
        preset = gr.Dropdown(list(PRESETS), value=DEFAULT_PRESET, label=t("chat.preset"))
        system = gr.Textbox(PRESETS[DEFAULT_PRESET], label=t("chat.system"), lines=2,
                            max_length=limits.CHAT_MAX_SYSTEM_CHARS)
        with gr.Row():
            temperature = gr.Slider(*limits.CHAT_TEMPERATURE, value=0.7, step=0.05, label=t("chat.temperature"))
            top_p = gr.Slider(*limits.CHAT_TOP_P, value=0.9, step=0.05, label=t("chat.top_p"))
            max_new_tokens = gr.Slider(1, limits.CHAT_MAX_NEW_TOKENS, value=default_tokens, step=1,
                                       label=t("chat.max_new_tokens"))
            repetition_penalty = gr.Slider(*limits.CHAT_REPETITION_PENALTY, value=1.1, step=0.05,
                                           label=t("chat.repetition_penalty"))
    gr.Examples(EXAMPLES, inputs=[message], label=t("common.examples"))
    code = code_panel(chat.code_snippet(engine, default_model, PRESETS[DEFAULT_PRESET], EXAMPLES[0], chat.Sampling()))
    settings = [model, system, temperature, top_p, max_new_tokens, repetition_penalty]

    # -- handlers ---------------------------------------------------------------------------------------
    def converse(text: str, history: list[dict[str, Any]], *args: Any, request: gr.Request | None,
                 progress: gr.Progress) -> Iterator[tuple[Any, ...]]:
        model_id, system_prompt, *numbers = args
        sampling = chat.Sampling.checked(*numbers)
        history = list(history or [])
        stop_event = STOPS.start(request)
        try:
            replies = chat.stream_reply(engine, text, history, model_id, system_prompt, sampling, stop=stop_event,
                                        progress=progress_callback(progress))
            first = next(replies)  # errors (bad input, missing model) surface before the box is cleared
            shown = [*history, {"role": "user", "content": text}, {"role": "assistant", "content": first.text}]
            yield shown, "", _note(first.dropped_messages)
            for reply in replies:
                shown[-1] = {"role": "assistant", "content": reply.text}
                yield shown, "", _note(reply.dropped_messages)
        finally:
            STOPS.release(request, stop_event)

    @reports_errors
    def respond(text: str, history: list[dict[str, Any]], model_id: str, system_prompt: str, temp: float,
                p: float, tokens: int, penalty: float, progress: gr.Progress = gr.Progress(track_tqdm=True),
                request: gr.Request = None) -> Iterator[tuple[Any, ...]]:
        yield from converse(text, history, model_id, system_prompt, temp, p, tokens, penalty, request=request,
                            progress=progress)

    @reports_errors
    def retry(history: list[dict[str, Any]], model_id: str, system_prompt: str, temp: float, p: float,
              tokens: int, penalty: float, progress: gr.Progress = gr.Progress(track_tqdm=True),
              request: gr.Request = None) -> Iterator[tuple[Any, ...]]:
        """Answer the last message again."""
        history = list(history or [])
        while history and history[-1]["role"] == "assistant":
            history.pop()
        if not history:
            return
        last = history.pop()
        yield from converse(chat.normalize_history([last])[0]["content"], history, model_id, system_prompt, temp,
                            p, tokens, penalty, request=request, progress=progress)

    def undo(history: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str]:
        """Remove the last exchange and put the message back in the box to edit."""
        history = list(history or [])
        while history and history[-1]["role"] == "assistant":
            history.pop()
        last = history.pop() if history else None
        text = chat.normalize_history([last])[0]["content"] if last else ""
        return history, text


    @reports_errors(action=False)
    def show_code(history: list[dict[str, Any]], model_id: str, system_prompt: str, temp: float, p: float,
                  tokens: int, penalty: float) -> str:
        """The call that produced the last answer: its message, model, system prompt and settings."""
        asked = [m["content"] for m in chat.normalize_history(history) if m["role"] == "user"]
        sampling = chat.Sampling.checked(temp, p, tokens, penalty)
        return chat.code_snippet(engine, model_id, system_prompt, asked[-1] if asked else "", sampling)

    @reports_errors
    def api_chat(message: str, history: list | None = None, model: str = default_model or "",
                 system: str = PRESETS[DEFAULT_PRESET], temperature: float = 0.7, top_p: float = 0.9,
                 max_new_tokens: int = default_tokens, repetition_penalty: float = 1.1) -> Iterator[str]:
        """Chat with a catalog model; streams the growing answer. History: [{"role", "content"}, ...]."""
        sampling = chat.Sampling.checked(temperature, top_p, max_new_tokens, repetition_penalty)
        for reply in chat.stream_reply(engine, message, history, model, system, sampling):
            yield reply.text

    # -- events ------------------------------------------------------------------------------------------
    answer = gr.on([send.click, message.submit], respond, inputs=[message, chatbot, *settings],
                   outputs=[chatbot, message, note], api_visibility="private", **resource(TASK))
    again = chatbot.retry(retry, inputs=[chatbot, *settings], outputs=[chatbot, message, note],
                          api_visibility="private", **resource(TASK))
    for event in (answer, again):
        event.then(show_code, [chatbot, *settings], code, api_visibility="private", queue=False)
    chatbot.undo(undo, chatbot, [chatbot, message], api_visibility="private", queue=False)
    stop.click(STOPS.stop, None, None, cancels=[answer, again], api_visibility="private", queue=False)
    preset.change(lambda name: PRESETS.get(name, ""), preset, system, api_visibility="private", queue=False)
    model.change(lambda m: model_card(engine, TASK, m), model, card, api_visibility="private", queue=False)
    gr.api(api_chat, api_name="chat", **resource(TASK))


def _note(dropped: int) -> str:
    if not dropped:
        return ""
    return (f"ℹ️ The conversation is longer than the model can read: the oldest {dropped} message(s) were left "
            f"out. · 대화가 모델이 읽을 수 있는 길이보다 길어서 가장 오래된 메시지 {dropped}개를 빼고 답했습니다.")
