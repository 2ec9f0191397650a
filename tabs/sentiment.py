"""The Sentiment tab: one text → label confidences; many texts (lines or a CSV/TSV) → table, chart, accuracy.

API: the main events are the endpoints: ``/sentiment`` (text, model="auto") → label confidences;
``/sentiment_many`` (lines="", file=None, text_column=None, label_column=None, model="auto") → (summary, label
counts, results table, CSV file).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import gradio as gr

from playground import limits
from playground.catalog import AUTO
from playground.data.tables import guess_columns, read_table
from playground.engine import Engine
from playground.tasks import sentiment

from .common import (
    SessionStops,
    Tab,
    code_panel,
    handler,
    model_card,
    model_picker,
    progress_callback,
    resource,
    sentiment_summary,
)
from .i18n import page_language, t

TASK = "sentiment"
EXAMPLES = [
    "이 영화 정말 재밌어요! 배우들 연기도 최고였습니다.",
    "시간 낭비였다. 스토리가 너무 지루하고 뻔하다.",
    "What a wonderful film, I would watch it again.",
    "The plot made no sense and the acting was wooden.",
]
LINES_EXAMPLE = "연기가 정말 좋았어요\n다시는 안 볼 영화\nA beautiful, moving story.\nTwo hours I will never get back."
NO_LABEL = "(none)"
TABLE_HEADERS = ["text", "label", "score", "model"]
STOPS = SessionStops()  # one stop switch per browser session: Stop ends only this student's run


# -- layout ---------------------------------------------------------------------------------------------------
@dataclass
class Layout:
    model: gr.Dropdown
    card: gr.Markdown
    text: gr.Textbox
    run: gr.Button
    result: gr.Label
    lines: gr.Textbox
    upload: gr.File
    text_column: gr.Dropdown
    label_column: gr.Dropdown
    run_many: gr.Button
    stop: gr.Button
    summary: gr.Markdown
    chart: gr.BarPlot
    table: gr.Dataframe
    download: gr.File
    code: gr.Code


def layout(engine: Engine) -> Layout:
    """Draw the tab inside the current ``gr.Tab``."""
    gr.Markdown(t("sentiment.intro"))
    with gr.Row():
        model = model_picker(engine, TASK, scale=3)
        card = gr.Markdown(model_card(engine, TASK, engine.default_choice(TASK)))
    with gr.Tab(t("sentiment.one")):
        text = gr.Textbox(label=t("sentiment.text"), placeholder=t("sentiment.text_placeholder"), lines=3,
                          max_length=limits.SENTIMENT_MAX_CHARS)
        with gr.Row():
            run = gr.Button(t("common.run"), variant="primary")
            clear = gr.ClearButton(value=t("common.clear"))
        result = gr.Label(label=t("sentiment.result"), num_top_classes=3)
        gr.Examples(EXAMPLES, inputs=[text], label=t("common.examples"))
    clear.add([text, result])
    with gr.Tab(t("sentiment.many")):
        lines = gr.Textbox(label=t("sentiment.lines"), placeholder=t("sentiment.lines_placeholder"), lines=6)
        upload = gr.File(label=t("sentiment.or_file"), file_types=[".csv", ".tsv", ".txt"])
        gr.Markdown(t("sentiment.file_hint"))
        with gr.Row():
            text_column = gr.Dropdown(label=t("sentiment.text_column"), choices=[], allow_custom_value=True)
            label_column = gr.Dropdown(label=t("sentiment.label_column"), choices=[NO_LABEL], value=NO_LABEL,
                                       allow_custom_value=True)
        with gr.Row():
            run_many = gr.Button(t("sentiment.run_many"), variant="primary")
            stop = gr.Button(t("common.stop"), variant="stop")
        summary = gr.Markdown()
        chart = gr.BarPlot(x="label", y="count", label=t("sentiment.chart"), height=220)
        table = gr.Dataframe(headers=TABLE_HEADERS, label=t("sentiment.table"), interactive=False, max_height=360,
                             wrap=True)
        download = gr.File(label=t("sentiment.download"), interactive=False)
        gr.Examples([[LINES_EXAMPLE]], inputs=[lines], label=t("common.examples"))
    code = code_panel(sentiment.code_snippet(engine, engine.default_choice(TASK) or AUTO, EXAMPLES[0]))
    return Layout(model, card, text, run, result, lines, upload, text_column, label_column, run_many, stop,
                  summary, chart, table, download, code)


# -- handlers: call the engine, format its plain results ------------------------------------------------------
def analyze_one(engine: Engine, text: str, model: str = AUTO, progress: gr.Progress = gr.Progress(track_tqdm=True),
                request: gr.Request = None) -> dict[str, float]:
    """Classify one text; returns label → confidence."""
    return sentiment.analyze_text(engine, text, model, progress_callback(progress)).scores


def analyze_many(engine: Engine, lines: str = "", file: str | None = None, text_column: str | None = None,
                 label_column: str | None = None, model: str = AUTO,
                 progress: gr.Progress = gr.Progress(track_tqdm=True),
                 request: gr.Request = None) -> Iterator[tuple[Any, ...]]:
    """Classify many texts (one per line, or a column of a CSV/TSV file, with accuracy against a label column),
    streaming partial results; returns the summary, the label counts, the results table and a CSV file."""
    texts, gold = sentiment.texts_from(lines, file, text_column, _column(label_column))
    lang = page_language(request)
    stop = STOPS.start(request)
    try:
        run = None
        for run in sentiment.analyze_many(engine, texts, gold, model, progress_callback(progress), stop):
            yield many_outputs(run, lang)
        if run is not None:
            yield many_outputs(run, lang, csv=str(sentiment.write_csv(run)))
    finally:
        STOPS.release(request, stop)


def pick_columns(file: str | None) -> tuple[gr.Dropdown, gr.Dropdown]:
    """A file was uploaded: its columns in the pickers, with the text and label columns guessed."""
    if not file:
        return gr.Dropdown(choices=[], value=None), gr.Dropdown(choices=[NO_LABEL], value=NO_LABEL)
    frame = read_table(file).frame
    text_col, label_col = guess_columns(frame)
    columns = list(frame.columns)
    return (gr.Dropdown(choices=columns, value=text_col),
            gr.Dropdown(choices=[NO_LABEL, *columns], value=label_col or NO_LABEL))


def show_model(engine: Engine, text: str, model: str) -> tuple[str, str]:
    """Another model was picked: its card, and the code with it."""
    return model_card(engine, TASK, model), show_code(engine, text, model)


def show_code(engine: Engine, text: str, model: str) -> str:
    return sentiment.code_snippet(engine, model, text)


# -- formatting -----------------------------------------------------------------------------------------------
def many_outputs(run: sentiment.ManyRun, lang: str | None, csv: str | None = None) -> tuple[str, Any, Any, Any]:
    """(summary Markdown, label counts for the chart, the results table, the CSV file or None)."""
    import pandas as pd

    headers, rows = run.rows()
    chart = pd.DataFrame({"label": list(run.counts), "count": list(run.counts.values())})
    return sentiment_summary(run, lang), chart, pd.DataFrame(rows, columns=headers), csv


def _column(name: str | None) -> str | None:
    return None if name in (None, "", NO_LABEL) else name


# -- wiring ---------------------------------------------------------------------------------------------------
def build(engine: Engine) -> Tab:
    """Draw the tab inside the current ``gr.Tab`` and wire its events."""
    ui = layout(engine)
    one = gr.on([ui.run.click, ui.text.submit], handler(engine, analyze_one), [ui.text, ui.model], ui.result,
                api_name="sentiment", **resource(TASK))
    one.success(handler(engine, show_code, action=False), [ui.text, ui.model], ui.code, api_visibility="private",
                queue=False)
    many = ui.run_many.click(handler(engine, analyze_many),
                             [ui.lines, ui.upload, ui.text_column, ui.label_column, ui.model],
                             [ui.summary, ui.chart, ui.table, ui.download], api_name="sentiment_many",
                             **resource(TASK, bulk=True))
    ui.stop.click(STOPS.stop, None, None, cancels=[many], api_visibility="private", queue=False)
    ui.upload.change(handler(engine, pick_columns, action=False), ui.upload, [ui.text_column, ui.label_column],
                     api_visibility="private")
    ui.model.change(handler(engine, show_model, action=False), [ui.text, ui.model], [ui.card, ui.code],
                    api_visibility="private", queue=False)
    return Tab(main_input=ui.text)
