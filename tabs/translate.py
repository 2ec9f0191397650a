"""The Translate tab: source (or "detect") and target languages, a swap button, sentence-by-sentence translation.

API: ``/translate`` (text, source="detect", target="en", model="auto") → (translation, details as Markdown).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import gradio as gr

from playground import limits
from playground.catalog import AUTO
from playground.engine import Engine
from playground.errors import PlaygroundError
from playground.tasks import languages, translate
from playground.tasks.languages import DETECT, LANGUAGES

from . import handover
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
    request_language,
    resource,
    stop_button,
    with_stop,
)
from .i18n import page_language, say, shown, t
from .tool_docs import model_doc, tool_doc

TASK = "translate"
TARGET_CHOICES = [(t(f"translate.lang.{c}"), c) for c in languages.LANGUAGES]  # each in the page's language
EXAMPLES = [
    ["오늘은 날씨가 정말 좋네요. 친구들과 한강 공원에 가서 자전거를 탈 거예요.", DETECT, "en"],
    ["The library opens at nine. Students can borrow up to five books at a time.", DETECT, "ko"],
    ["안녕하세요, 만나서 반갑습니다.\n저는 고등학생이고 과학을 좋아해요.\n주말에는 보통 책을 읽어요.", "ko", "ja"],
    ["Where is the nearest subway station?", "en", "zh"],
]
STOPS = SessionStops()  # one stop switch per browser session: Stop ends only this student's job

# This tab's CSS (appended to the page's by app.page_css): Swap as tall as a box, not the row; on a phone From and To
# share one line with Swap, small, under them, and the text and its button sit above the translation.
CSS = """
#translate-languages > #translate-swap { align-self: flex-end; height: auto; min-height: 42px; flex-grow: 0; }
@media (max-width: 640px) {
  #translate-languages { flex-wrap: wrap; gap: 0.4rem; }
  #translate-languages > .form, #translate-languages > .block { flex: 1 1 40% !important; min-width: 0 !important; }
  #translate-languages > #translate-swap { order: 3; flex: 0 0 auto !important; min-height: 34px;
    padding: 0 0.8rem; }
  #translate-texts { flex-direction: column; }
  #translate-texts > * { width: 100%; flex: 0 0 auto !important; min-width: 0 !important; }
}
"""


# -- layout ---------------------------------------------------------------------------------------------------
@dataclass
class Layout:
    source: gr.Dropdown
    swap: gr.Button
    target: gr.Dropdown
    model: gr.Dropdown
    card: gr.Markdown
    text: gr.Textbox
    result: gr.Textbox
    run: gr.Button
    stop: gr.Button
    details: gr.Markdown
    code: gr.Code
    detected: gr.State  # the language the last translation was from, so Swap knows what to put in "To"


def layout(engine: Engine) -> Layout:
    """Draw the tab inside the current ``gr.Tab``."""
    gr.Markdown(t("translate.intro"))
    with gr.Row(equal_height=True, elem_id="translate-languages"):
        # The Examples below fill only the text: gr.Examples would show these gr.I18n labels untranslated.
        source = gr.Dropdown([(t("translate.detect"), DETECT), *TARGET_CHOICES], value=DETECT,
                             label=t("translate.source"), scale=3)
        swap = gr.Button(t("translate.swap"), scale=1, min_width=90, elem_id="translate-swap")
        target = gr.Dropdown(TARGET_CHOICES, value="en", label=t("translate.target"), scale=3)
    with gr.Row(elem_classes="pg-model-row"):
        model = model_picker(engine, TASK, scale=3)
        card = gr.Markdown(show_model(engine, DETECT, "en", engine.default_choice(TASK)), elem_classes="pg-card",
                           elem_id="translate-card")
    # The button under the text, before the result: on a phone (one column) the order is text, button, result.
    with gr.Row(elem_id="translate-texts"):
        with gr.Column(elem_id="translate-input"):
            text = gr.Textbox(label=t("translate.text"), placeholder=t("translate.placeholder"), lines=6,
                              max_lines=20, max_length=limits.TRANSLATE_MAX_CHARS)
            with gr.Row():
                run = gr.Button(t("translate.run"), variant="primary", elem_id="translate-run")
                stop = stop_button()
        result = gr.Textbox(label=t("translate.result"), lines=6, max_lines=20, interactive=False, buttons=["copy"],
                            elem_id="translation-output")
    details = gr.Markdown()
    # text only: with several inputs gr.Examples heads its table with the raw i18n metadata of the labels
    gr.Examples([[row[0]] for row in EXAMPLES], inputs=[text], label=t("common.examples"))
    code = code_panel(translate.code_snippet(engine, EXAMPLES[0][0], "ko", "en"))
    return Layout(source, swap, target, model, card, text, result, run, stop, details, code, gr.State(None))


# -- handlers: call the engine, format its plain results ------------------------------------------------------
def translate_text(engine: Engine, text: str, source: str, target: str, model: str,
                   progress: gr.Progress = gr.Progress(track_tqdm=True),
                   request: gr.Request = None) -> tuple[str, str, str, str, str]:
    """(translation, details, the source language it was translated from, the target it was translated to — turned
    around when "detect" found the text already in the chosen target, as Papago does —, the code that reproduces
    it)."""
    stop = STOPS.start(request)
    try:
        found = translate.translate(engine, text, source, target, model, stop=stop,
                                    progress=progress_callback(progress))
    finally:
        STOPS.release(request, stop)
    code = translate.code_snippet(engine, text, source, found.target, model)
    handover.keep(request, TASK, run=found, code=code, source=source, model=model, swapped=None)
    handover.keep_pick(request, TASK, "target", found.target)  # (turned around: the page shows the run's)
    return *outputs(found, page_language(request)), found.source, found.target, code


def outputs(found: translate.Translation, lang: str | None) -> tuple[str, str]:
    """(translation, details) of a run, in ``lang``: what the handler shows and the language switch draws again."""
    return found.text, details_markdown(found, lang)


def restore(ui: Layout, data: dict[str, Any], lang: str) -> dict[Any, Any]:
    """The last translation drawn again after the language switch (``Tab.keeps``): the translation, its details
    in ``lang``, the code, and From / To / the model as they were when it ran."""
    found: translate.Translation | None = data.get("run")
    shown: dict[Any, Any] = {}
    if found is not None:
        result, details = outputs(found, lang)
        shown = {ui.result: result, ui.details: details, ui.code: data["code"], ui.detected: found.source,
                 ui.source: data.get("source", DETECT), ui.target: found.target, ui.model: data.get("model", AUTO)}
    if swapped := data.get("swapped"):  # ⇄ after the run: the text it translated is in the result box
        shown |= {ui.result: swapped["result"], ui.details: _direction(swapped["source"], swapped["target"], lang)}
    return shown


def swap_languages(source: str, target: str, text: str, translated: str, found: str | None,
                   request: gr.Request = None) -> tuple[str, str, str, str, str]:
    """From ↔ To and both texts, as Papago swaps them: the translation becomes the text to translate back and the
    text becomes its translation (nothing is lost); the details line names the new direction."""
    new_target = found if source == DETECT else source
    if not new_target or new_target == target:
        new_target = "en" if target != "en" else "ko"
    direction = _direction(target, new_target, page_language(request))
    handover.keep_pick(request, TASK, "source", target)  # the switch puts the turned languages back
    handover.keep_pick(request, TASK, "target", new_target)
    if not translated:  # nothing translated yet: only the languages turn around
        return target, new_target, text, translated, direction
    # the texts turned around too: the box's (the student's, page.js keeps it) and the result's (kept here)
    handover.keep(request, TASK, swapped={"result": text, "source": target, "target": new_target})
    return target, new_target, translated, text, direction


def _direction(source: str, target: str, lang: str | None) -> str:
    return f"**{language_name(source, lang)} → {language_name(target, lang)}**"


def show_model(engine: Engine, source: str, target: str, model: str | None,
               request: gr.Request | None = None) -> str:
    """The card of the model that would translate ``source`` → ``target`` (for "detect": once detected)."""
    lang = page_language(request) if request is not None else None
    try:
        if model not in (None, "", AUTO):
            engine.resolve(TASK, model)  # a model the catalog does not offer: said here, in the card
            return model_card(engine, TASK, model, lang)
        if source == DETECT:
            guess = translate.route(engine, "ko" if target != "ko" else "en", target).id
            return f"{shown('translate.chosen_later', lang)}\n\n{model_card(engine, TASK, guess, lang)}"
        return model_card(engine, TASK, translate.route(engine, source, target).id, lang)
    except PlaygroundError as exc:
        return f"⚠️ {say(exc.key, lang or 'en', **exc.params)}"


def api_translate(engine: Engine, text: str, source: str = DETECT, target: str = "en",
                  model: str = AUTO) -> tuple[str, str]:
    """Translate text; returns the translation and details (Markdown: languages, model, counts).

    source: "detect" or a language code (ko, en, ja, zh, fr, de, es, vi, ru); target: a language code.
    """
    found = translate.translate(engine, text, source, target, model)
    return found.text, details_markdown(found, request_language())


# -- formatting -----------------------------------------------------------------------------------------------
def language_name(code: str, lang: str | None) -> str:
    """A language's name in the page's language (both for None)."""
    return say(f"translate.lang.{code}", lang) if code in languages.LANGUAGES else code


def details_markdown(found: translate.Translation, lang: str | None) -> str:
    """Which languages and model, how many sentences and tokens."""
    source = language_name(found.source, lang)
    if found.detected is not None:
        source = (f"{source} ({say('translate.detected', lang)}, {say('translate.confidence', lang)} "
                  f"{found.detected.confidence:.0%})")
    lines = [
        f"**{source} → {language_name(found.target, lang)}** · {say('common.model_word', lang)} `{found.model_id}` · "
        f"{found.sentences} {say('translate.sentences', lang)} · {found.input_tokens:,} → {found.output_tokens:,} "
        f"{say('summarize.tokens', lang)}",
    ]
    if found.detected is not None and found.detected.confidence < languages.MIN_CONFIDENCE:
        lines.append(say("translate.uncertain", lang))
    if found.stopped:
        lines.append(f"⏹ {say('translate.stopped', lang)}")
    if found.note:  # the engine left out output that collapsed into repetition
        lines.append(rendered(found.note, lang).replace("\n", "  \n"))
    return "  \n".join(lines)


# -- wiring ---------------------------------------------------------------------------------------------------
def build(engine: Engine) -> Tab:
    """Draw the tab inside the current ``gr.Tab`` and wire its events."""
    ui = layout(engine)
    event = with_stop([ui.run.click], handler(engine, translate_text), [ui.text, ui.source, ui.target, ui.model],
                      [ui.result, ui.details, ui.detected, ui.target, ui.code], ui.stop, api_visibility="private",
                      **resource(TASK))
    ui.stop.click(STOPS.stop, None, None, cancels=[event], api_visibility="private", queue=False)
    ui.swap.click(handler(engine, swap_languages, action=False),
                  [ui.source, ui.target, ui.text, ui.result, ui.detected],
                  [ui.source, ui.target, ui.text, ui.result, ui.details],
                  api_visibility="private", queue=False)
    for box in (ui.source, ui.target, ui.model):
        box.change(handler(engine, show_model, action=False), [ui.source, ui.target, ui.model], ui.card,
                   api_visibility="private", queue=False)
    gr.api(handler(engine, api_translate), api_name="translate", **resource(TASK))
    return Tab(main_input=ui.text, keeps=Kept([ui.result, ui.details, ui.code, ui.detected, ui.source, ui.target,
                                               ui.model], functools.partial(restore, ui),
                                              picks={"model": ui.model, "source": ui.source, "target": ui.target}))


def tool_docs(engine: Engine) -> dict[str, str]:
    """What this tab's endpoints say to an API or MCP client (``tabs.tool_docs``): endpoint -> docstring."""
    codes = ", ".join(LANGUAGES)
    return {
        "translate": tool_doc(
            "Translate a text between Korean, English and seven more languages, keeping its paragraphs.",
            {"text": f"the text, 1 to {limits.TRANSLATE_MAX_CHARS:,} characters.",
             "source": f"the text's language: detect, or one of {codes}; default detect.",
             "target": f"the language to translate into, one of {codes}; default en.",
             "model": model_doc(engine, "translate")},
            "The translation (plain text), then the details (languages, detection confidence, model, counts)."),
    }
