"""The Translate tab: source (or "detect") and target languages, a swap button, sentence-by-sentence translation.

API: ``/translate`` (text, source="detect", target="en", model="auto") → (translation, details as Markdown).
"""

from __future__ import annotations

import gradio as gr

from playground import limits
from playground.catalog import AUTO
from playground.engine import Engine
from playground.errors import PlaygroundError
from playground.tasks import languages, translate
from playground.tasks.languages import DETECT

from .common import (
    SessionStops,
    code_panel,
    model_card,
    model_picker,
    progress_callback,
    reports_errors,
    resource,
)
from .i18n import t

TASK = "translate"
SOURCE_CHOICES = [("Detect language · 언어 감지", DETECT)] + [(languages.name(c), c) for c in languages.LANGUAGES]
TARGET_CHOICES = [(languages.name(c), c) for c in languages.LANGUAGES]
EXAMPLES = [
    ["오늘은 날씨가 정말 좋네요. 친구들과 한강 공원에 가서 자전거를 탈 거예요.", DETECT, "en"],
    ["The library opens at nine. Students can borrow up to five books at a time.", DETECT, "ko"],
    ["안녕하세요, 만나서 반갑습니다.\n저는 고등학생이고 과학을 좋아해요.\n주말에는 보통 책을 읽어요.", "ko", "ja"],
    ["Where is the nearest subway station?", "en", "zh"],
]


def build(engine: Engine) -> gr.Textbox:
    """Draw the tab inside the current ``gr.Tab``, wire its events, and return the text box (for "send to")."""
    stops = SessionStops()
    gr.Markdown(t("translate.intro"))
    with gr.Row(equal_height=True):
        source = gr.Dropdown(SOURCE_CHOICES, value=DETECT, label=t("translate.source"), scale=3)
        swap = gr.Button(t("translate.swap"), scale=1, min_width=90)
        target = gr.Dropdown(TARGET_CHOICES, value="en", label=t("translate.target"), scale=3)
    with gr.Row():
        model = model_picker(engine, TASK, scale=3)
        card = gr.Markdown(_card(engine, DETECT, "en", engine.default_choice(TASK)))
    with gr.Row():
        text = gr.Textbox(label=t("translate.text"), placeholder=t("translate.placeholder"), lines=6, max_lines=20,
                          max_length=limits.TRANSLATE_MAX_CHARS)
        result = gr.Textbox(label=t("translate.result"), lines=6, max_lines=20, interactive=False, buttons=["copy"],
                            elem_id="translation-output")
    with gr.Row():
        run = gr.Button(t("translate.run"), variant="primary")
        stop = gr.Button(t("common.stop"), variant="stop")
    details = gr.Markdown()
    gr.Examples(EXAMPLES, inputs=[text, source, target], label=t("common.examples"))
    code = code_panel(translate.code_snippet(engine, EXAMPLES[0][0], "ko", "en"))
    detected = gr.State(None)  # the language the last translation was from, so Swap knows what to put in "To"

    def run_translation(text: object, source: object, target: object, model: object, progress: gr.Progress | None,
                        request: gr.Request | None) -> tuple[str, str, str]:
        """The translation, its details, and the source language it was translated from (detected or chosen)."""
        stop_event = stops.start(request)
        try:
            found = translate.translate(engine, text, source, target, model, stop=stop_event,
                                        progress=progress_callback(progress) if progress else None)
        finally:
            stops.release(request, stop_event)
        return found.text, details_markdown(found) + (f"\n\n{found.note}" if found.note else ""), found.source

    @reports_errors
    def translate_text(text: str, source: str, target: str, model: str,
                       progress: gr.Progress = gr.Progress(track_tqdm=True),
                       request: gr.Request = None) -> tuple[str, str, str]:
        return run_translation(text, source, target, model, progress, request)

    @reports_errors
    def api_translate(text: str, source: str = DETECT, target: str = "en", model: str = AUTO) -> tuple[str, str]:
        """Translate text; returns the translation and details (Markdown: languages, model, counts).

        source: "detect" or a language code (ko, en, ja, zh, fr, de, es, vi, ru); target: a language code.
        """
        return run_translation(text, source, target, model, None, None)[:2]

    def swap_languages(source: str, target: str, text: str, translated: str,
                       found: str | None) -> tuple[str, str, str, str]:
        """From ↔ To, and the translation becomes the text to translate back."""
        new_target = found if source == DETECT else source
        if not new_target or new_target == target:
            new_target = "en" if target != "en" else "ko"
        return target, new_target, translated or text, ""

    @reports_errors(action=False)
    def show_code(text: str, source: str, target: str, model: str) -> str:
        return translate.code_snippet(engine, text, source, target, model)

    def show_card(source: str, target: str, model: str) -> str:
        return _card(engine, source, target, model)

    event = run.click(translate_text, [text, source, target, model], [result, details, detected],
                      api_visibility="private", **resource(TASK))
    event.success(show_code, [text, source, target, model], code, api_visibility="private", queue=False)
    stop.click(stops.stop, None, None, cancels=[event], api_visibility="private", queue=False)
    swap.click(swap_languages, [source, target, text, result, detected], [source, target, text, result],
               api_visibility="private", queue=False)
    for box in (source, target, model):
        box.change(show_card, [source, target, model], card, api_visibility="private", queue=False)
    # The API checks every value itself (clear messages for unknown languages), so it is its own endpoint.
    gr.api(api_translate, api_name="translate", **resource(TASK))
    return text


def _card(engine: Engine, source: str, target: str, model: str | None) -> str:
    """The card of the model that would translate ``source`` → ``target`` (for "detect": once detected)."""
    try:
        if model not in (None, "", AUTO):
            return model_card(engine, TASK, model)
        if source == DETECT:
            return ("The model is chosen once the language is detected. · 언어를 감지한 뒤 모델을 고릅니다.\n\n"
                    + model_card(engine, TASK, translate.route(engine, "ko" if target != "ko" else "en", target).id))
        return model_card(engine, TASK, translate.route(engine, source, target).id)
    except PlaygroundError as exc:
        return f"⚠️ {exc.bilingual()}"


def details_markdown(found: translate.Translation) -> str:
    """Which languages and model, how many sentences and tokens, in both languages."""
    source = languages.name(found.source)
    if found.detected is not None:
        source = f"{source} (detected · 감지됨, confidence · 확신도 {found.detected.confidence:.0%})"
    lines = [
        f"**{source} → {languages.name(found.target)}** · model `{found.model_id}` · "
        f"{found.sentences} sentence(s) · 문장 · {found.input_tokens:,} → {found.output_tokens:,} tokens · 토큰",
    ]
    if found.detected is not None and found.detected.confidence < languages.MIN_CONFIDENCE:
        lines.append("The language guess is uncertain: choose the source language if the result looks wrong. · "
                     "언어 감지가 확실하지 않습니다. 결과가 이상하면 원문 언어를 직접 고르세요.")
    if found.stopped:
        lines.append("⏹ Stopped: only part of the text was translated. · 정지됨: 일부만 번역했습니다.")
    return "  \n".join(lines)
