"""The Summarize tab: a text → its summary, with length control, decoding settings and counts.

API: ``/summarize`` (text, model="auto", length="medium", num_beams=4, sample=False, temperature=0.7) →
(summary, counts as Markdown).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import gradio as gr

from playground import limits
from playground.catalog import AUTO
from playground.engine import Engine
from playground.tasks import summarize

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
from .i18n import page_language, say, t
from .tool_docs import model_doc, tool_doc

TASK = "summarize"
OPTIONS = summarize.Options  # the defaults, defined once in the engine
LENGTHS = ("short", "medium", "long")
# A synopsis from NSMC's shared sample (CC0) and a paragraph written for this app.
EXAMPLES = [
    "미래, 인류와 기계의 전쟁은 계속 되는 가운데 스카이넷은 인류 저항군 사령관 존 코너를 없애기 위해 "
    "액체 금속형 로봇인 T-1000을 과거의 어린 존 코너에게로 보낸다. 형태의 변신과 자가 치유까지 가능한 "
    "T-1000에 대항하고 존 코너를 지키기 위해 인류 저항군은 T-101을 과거로 급파한다. 미래의 인류 운명을 쥔 "
    "어린 존 코너, 그를 구해내지 않으면 인류의 미래는 없다. 반드시 제거해야 하는 스카이넷의 T-1000은 "
    "거침없이 존 코너 일행을 위협하며 숨가쁜 추격을 시작한다.",
    "The city council voted on Tuesday to turn the old railway line into a park with a walking and cycling path. "
    "The project will take three years and cost about 40 million dollars, most of it from a national grant. "
    "Supporters say the park will connect neighbourhoods that were cut off from each other for decades, while "
    "some shop owners worry about the loss of parking during construction. Work is planned to start next spring.",
]
STOPS = SessionStops()  # one stop switch per browser session: Stop ends only this student's job


# -- layout ---------------------------------------------------------------------------------------------------
@dataclass
class Layout:
    model: gr.Dropdown
    card: gr.Markdown
    text: gr.Textbox
    length: gr.Radio
    run: gr.Button
    stop: gr.Button
    num_beams: gr.Slider
    sample: gr.Checkbox
    temperature: gr.Slider
    summary: gr.Textbox
    counts: gr.Markdown
    code: gr.Code

    @property
    def settings(self) -> list[Any]:
        return [self.model, self.length, self.num_beams, self.sample, self.temperature]


def layout(engine: Engine) -> Layout:
    """Draw the tab inside the current ``gr.Tab``."""
    gr.Markdown(t("summarize.intro"))
    with gr.Row(elem_classes="pg-model-row"):
        model = model_picker(engine, TASK, scale=3)
        card = gr.Markdown(model_card(engine, TASK, engine.default_choice(TASK)), elem_classes="pg-card",
                           elem_id="summarize-card")
    text = gr.Textbox(label=t("summarize.text"), placeholder=t("summarize.placeholder"), lines=8, max_lines=20,
                      max_length=limits.SUMMARIZE_MAX_CHARS)
    with gr.Row():
        length = gr.Radio([(t(f"summarize.{n}"), n) for n in LENGTHS], value=OPTIONS.length,
                          label=t("summarize.length"), scale=3)
        run = gr.Button(t("summarize.run"), variant="primary", scale=1)
        stop = stop_button()
    with gr.Accordion(t("summarize.decoding"), open=False), gr.Row():
        num_beams = gr.Slider(*limits.SEQ2SEQ_BEAMS, value=OPTIONS.num_beams, step=1, label=t("summarize.beams"))
        sample = gr.Checkbox(value=OPTIONS.sample, label=t("summarize.sample"))
        temperature = gr.Slider(*limits.SEQ2SEQ_TEMPERATURE, value=OPTIONS.temperature, step=0.05,
                                label=t("summarize.temperature"))
    summary = gr.Textbox(label=t("summarize.summary"), lines=4, interactive=False, buttons=["copy"],
                         elem_id="summary-output")
    counts = gr.Markdown()
    gr.Examples([[e] for e in EXAMPLES], inputs=[text], label=t("common.examples"))
    code = code_panel(summarize.code_snippet(engine, engine.default_choice(TASK) or AUTO, EXAMPLES[0]))
    return Layout(model, card, text, length, run, stop, num_beams, sample, temperature, summary, counts, code)


# -- handlers: call the engine, format its plain results ------------------------------------------------------
def summarise(engine: Engine, text: str, model: str, length: str, num_beams: int, sample: bool, temperature: float,
              progress: gr.Progress = gr.Progress(track_tqdm=True),
              request: gr.Request = None, *, ui: Layout) -> dict[Any, Any]:
    """By component: the summary, its counts and the code that reproduces it.

    The card is not an output (no progress overlay on it, nothing written to it): it keeps describing the picker's
    choice ("auto": the Korean and the English model), so the page does not jump after a run; the counts line names
    the model that ran."""
    options = {"length": length, "num_beams": num_beams, "sample": sample, "temperature": temperature}
    stop = STOPS.start(request)
    try:
        result = summarize.summarize(engine, text, model, options, stop=stop, progress=progress_callback(progress))
    finally:
        STOPS.release(request, stop)
    code = summarize.code_snippet(engine, result.model_id, str(text), summarize.Options.checked(**options),
                                  result.settings)
    handover.keep(request, TASK, run=result, code=code, settings={"model": model, **options})
    summary, counts = outputs(result, page_language(request))
    return {ui.summary: summary, ui.counts: counts, ui.code: code}


def outputs(result: summarize.Summary, lang: str | None) -> tuple[str, str]:
    """(summary, counts) of a run, in ``lang``: what the handler shows and the language switch draws again."""
    return result.text, counts_markdown(result, lang)


def restore(ui: Layout, data: dict[str, Any], lang: str) -> dict[Any, Any]:
    """The last run drawn again after the language switch (``Tab.keeps``): its summary, counts in ``lang`` and
    code, and the settings it ran with."""
    summary, counts = outputs(data["run"], lang)
    settings = data.get("settings", {})
    picked = {box: settings[name] for box, name in zip(ui.settings, ("model", "length", "num_beams", "sample",
                                                                     "temperature"), strict=True) if name in settings}
    return {ui.summary: summary, ui.counts: counts, ui.code: data["code"], **picked}


def show_model(engine: Engine, text: str, model: str, request: gr.Request = None) -> str:
    """The card of the model that would summarise ``text`` ("auto": picked by the text's language); a model the
    catalog does not offer is refused (a note under the picker)."""
    lang = page_language(request)
    if model == AUTO and text and text.strip():
        return model_card(engine, TASK, summarize.pick_model(engine, text, model).id, lang)
    if model != AUTO:
        engine.resolve(TASK, model)
    return model_card(engine, TASK, model, lang)


def api_summarize(engine: Engine, text: str, model: str = AUTO, length: str = OPTIONS.length,
                  num_beams: int = OPTIONS.num_beams, sample: bool = OPTIONS.sample,
                  temperature: float = OPTIONS.temperature) -> tuple[str, str]:
    """Summarize a text (Korean or English; long texts in parts). Returns the summary and its counts (Markdown).

    length: short, medium or long. num_beams: 1-8. sample: True for sampling (then temperature 0.1-2) instead of
    beam search.
    """
    options = {"length": length, "num_beams": num_beams, "sample": sample, "temperature": temperature}
    result = summarize.summarize(engine, text, model, options)
    return result.text, counts_markdown(result, request_language())


# -- formatting -----------------------------------------------------------------------------------------------
def counts_markdown(result: summarize.Summary, lang: str | None) -> str:
    """Token counts, compression and how the text was split."""
    shorter = (say("summarize.shorter", lang, ratio=result.ratio) if result.ratio >= 1
               else say("summarize.not_shorter", lang))
    lines = [f"**{result.input_tokens:,} → {result.output_tokens:,} {say('summarize.tokens', lang)}** · {shorter} · "
             f"{say('common.model_word', lang)} `{result.model_id}`"]
    if result.chunks > 1:
        lines.append(say("summarize.parts", lang, chunks=result.chunks, rounds=result.rounds))
    if result.stopped:
        lines.append(f"⏹ {say('summarize.stopped', lang)}")
    if result.note:  # the engine left out output that collapsed into repetition
        lines.append(rendered(result.note, lang).replace("\n", "  \n"))
    return "  \n".join(lines)


# -- wiring ---------------------------------------------------------------------------------------------------
def build(engine: Engine) -> Tab:
    """Draw the tab inside the current ``gr.Tab`` and wire its events."""
    ui = layout(engine)
    event = with_stop([ui.run.click], handler(engine, summarise, ui=ui), [ui.text, *ui.settings],
                      [ui.summary, ui.counts, ui.code], ui.stop, api_visibility="private", **resource(TASK))
    ui.stop.click(STOPS.stop, None, None, cancels=[event], api_visibility="private", queue=False)
    ui.model.change(handler(engine, show_model, action=False), [ui.text, ui.model], ui.card,
                    api_visibility="private", queue=False)
    gr.api(handler(engine, api_summarize), api_name="summarize", **resource(TASK))
    return Tab(main_input=ui.text, keeps=Kept([ui.summary, ui.counts, ui.code, *ui.settings],
                                              functools.partial(restore, ui),
                                              picks={"model": ui.model, "length": ui.length}))


def tool_docs(engine: Engine) -> dict[str, str]:
    """What this tab's endpoints say to an API or MCP client (``tabs.tool_docs``): endpoint -> docstring."""
    lengths = ", ".join(f"{k} ({lo}-{hi} tokens)" for k, (lo, hi) in limits.SUMMARIZE_LENGTHS.items())
    return {
        "summarize": tool_doc(
            "Summarize a Korean or English text; a long text is summarized in parts, then the parts together.",
            {"text": f"the text, 1 to {limits.SUMMARIZE_MAX_CHARS:,} characters.",
             "model": model_doc(engine, "summarize"),
             "length": f"one of {lengths}; default medium.",
             "num_beams": f"beam search width {limits.SEQ2SEQ_BEAMS[0]} to {limits.SEQ2SEQ_BEAMS[1]}; default 4.",
             "sample": "true to sample instead of beam search; default false.",
             "temperature": f"when sampling, {limits.SEQ2SEQ_TEMPERATURE[0]} to {limits.SEQ2SEQ_TEMPERATURE[1]}; "
                            "default 0.7."},
            "The summary (plain text), then the counts (input and output tokens, parts, rounds, model)."),
    }
