"""The Summarize tab: a text → its summary, with length control, decoding settings and counts.

API: ``/summarize`` (text, model="auto", length="medium", num_beams=4, sample=False, temperature=0.7) →
(summary, counts as Markdown).
"""

from __future__ import annotations

import gradio as gr

from playground import limits
from playground.catalog import AUTO
from playground.engine import Engine
from playground.tasks import summarize

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

TASK = "summarize"
LENGTH_CHOICES = [("Short · 짧게", "short"), ("Medium · 보통", "medium"), ("Long · 길게", "long")]
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


def build(engine: Engine) -> gr.Textbox:
    """Draw the tab inside the current ``gr.Tab``, wire its events, and return the text box (for "send to")."""
    stops = SessionStops()
    gr.Markdown(t("summarize.intro"))
    with gr.Row():
        model = model_picker(engine, TASK, scale=3)
        card = gr.Markdown(model_card(engine, TASK, engine.default_choice(TASK)))
    text = gr.Textbox(label=t("summarize.text"), placeholder=t("summarize.placeholder"), lines=8, max_lines=20,
                      max_length=limits.SUMMARIZE_MAX_CHARS)
    with gr.Row():
        length = gr.Radio(LENGTH_CHOICES, value="medium", label=t("summarize.length"), scale=3)
        run = gr.Button(t("summarize.run"), variant="primary", scale=1)
        stop = gr.Button(t("common.stop"), variant="stop", scale=1)
    with gr.Accordion(t("summarize.decoding"), open=False), gr.Row():
        num_beams = gr.Slider(*limits.SEQ2SEQ_BEAMS, value=4, step=1, label=t("summarize.beams"))
        sample = gr.Checkbox(value=False, label=t("summarize.sample"))
        temperature = gr.Slider(*limits.SEQ2SEQ_TEMPERATURE, value=0.7, step=0.05, label=t("summarize.temperature"))
    summary = gr.Textbox(label=t("summarize.summary"), lines=4, interactive=False, buttons=["copy"],
                         elem_id="summary-output")
    counts = gr.Markdown(label=t("summarize.stats"))
    gr.Examples([[e] for e in EXAMPLES], inputs=[text], label=t("common.examples"))
    code = code_panel(summarize.code_snippet(engine, engine.default_choice(TASK) or AUTO, EXAMPLES[0]))
    settings = [model, length, num_beams, sample, temperature]

    def run_summary(text: object, model: object, length: object, num_beams: object, sample: object,
                    temperature: object, progress: gr.Progress | None,
                    request: gr.Request | None) -> tuple[str, str, str]:
        options = summarize.Options.checked(length, num_beams, sample, temperature)
        stop_event = stops.start(request)
        try:
            result = summarize.summarize(engine, text, model, options, stop=stop_event,
                                         progress=progress_callback(progress) if progress else None)
        finally:
            stops.release(request, stop_event)
        code = summarize.code_snippet(engine, result.model_id, str(text), options, result.settings)
        return result.text, counts_markdown(result) + (f"\n\n{result.note}" if result.note else ""), code

    @reports_errors
    def summarise(text: str, model: str, length: str, num_beams: int, sample: bool, temperature: float,
                  progress: gr.Progress = gr.Progress(track_tqdm=True),
                  request: gr.Request = None) -> tuple[str, str, str]:
        return run_summary(text, model, length, num_beams, sample, temperature, progress, request)

    @reports_errors
    def api_summarize(text: str, model: str = AUTO, length: str = "medium", num_beams: int = 4,
                      sample: bool = False, temperature: float = 0.7) -> tuple[str, str]:
        """Summarise a text (Korean or English; long texts in parts). Returns the summary and its counts (Markdown).

        length: short, medium or long. num_beams: 1-8. sample: True for sampling (then temperature 0.1-2) instead of
        beam search.
        """
        return run_summary(text, model, length, num_beams, sample, temperature, None, None)[:2]

    @reports_errors(action=False)
    def show_card(text: str, model: str) -> str:
        if model == AUTO and text and text.strip():
            return model_card(engine, TASK, summarize.pick_model(engine, text, model).id)
        return model_card(engine, TASK, model)

    event = run.click(summarise, [text, *settings], [summary, counts, code], api_visibility="private",
                      **resource(TASK))
    event.success(show_card, [text, model], card, api_visibility="private", queue=False)
    stop.click(stops.stop, None, None, cancels=[event], api_visibility="private", queue=False)
    model.change(show_card, [text, model], card, api_visibility="private", queue=False)
    # The API checks every value itself (clear messages for wrong types), so it is its own endpoint.
    gr.api(api_summarize, api_name="summarize", **resource(TASK))
    return text


def counts_markdown(result: summarize.Summary) -> str:
    """Token counts, compression and how the text was split, in both languages."""
    shorter = (f"{result.ratio:.1f}× shorter · {result.ratio:.1f}배 짧아짐" if result.ratio >= 1
               else "not shorter than the text · 원문보다 짧지 않음")
    lines = [f"**{result.input_tokens:,} → {result.output_tokens:,} tokens · 토큰** · {shorter} · "
             f"model `{result.model_id}`"]
    if result.chunks > 1:
        lines.append(f"The text was longer than the model reads at once: {result.chunks} parts, {result.rounds} "
                     f"rounds of summaries. · 글이 모델이 한 번에 읽는 길이보다 길어서 {result.chunks}부분으로 나누어 "
                     f"{result.rounds}번에 걸쳐 요약했습니다.")
    if result.stopped:
        lines.append("⏹ Stopped: this covers only what was done. · 정지됨: 끝난 부분까지의 요약입니다.")
    return "  \n".join(lines)
