"""The Sentiment tab: one text → label confidences; many texts (lines or a CSV/TSV) → table, chart, accuracy.

API: the main events are the endpoints: ``/sentiment`` (text, model="auto") → label confidences;
``/sentiment_many`` (lines="", file=None, text_column=None, label_column=None, model="auto") → (summary, label
counts, results table, CSV file). The table's columns are label, score, gold (with a label column), model, text.
A client that states no language gets the model's label names and English headers; the page gets its language's
(부정 / 긍정 on a Korean page). The CSV keeps the model's label names and English headers in every language.

A run over many texts streams only the summary (counts so far) while it goes, at most every ``STREAM_EVERY_S``;
the chart, the table and the CSV come once, at the end or when Stop is clicked.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from playground import limits, samples
from playground.catalog import AUTO
from playground.data.tables import guess_columns, read_table
from playground.engine import Engine
from playground.tasks import sentiment

from . import handover
from .common import (
    Kept,
    SessionStops,
    SessionStore,
    Tab,
    code_panel,
    column_pick,
    handler,
    model_card,
    model_picker,
    progress_callback,
    resource,
    sentiment_label,
    sentiment_summary,
    sentiment_table,
    stop_button,
    with_stop,
)
from .i18n import page_language, say, t
from .tool_docs import model_doc, tool_doc

TASK = "sentiment"
EXAMPLES = [
    "이 영화 정말 재밌어요! 배우들 연기도 최고였습니다.",
    "시간 낭비였다. 스토리가 너무 지루하고 뻔하다.",
    "What a wonderful film, I would watch it again.",
    "The plot made no sense and the acting was wooden.",
]
LINES_EXAMPLE = "연기가 정말 좋았어요\n다시는 안 볼 영화\nA beautiful, moving story.\nTwo hours I will never get back."
NO_LABEL = "(none)"  # the label column picker's "no label column" (shown as "—": the same in both languages)
NO_LABEL_CHOICE = ("—", NO_LABEL)
COLUMNS = ("label", "score", "gold", "model", "text")  # the results table's columns, in order (gold when given)
STOPS = SessionStops()  # one stop switch per browser session: Stop ends only this student's run
STREAM_EVERY_S = 0.5  # the fewest seconds between two streamed summaries of a run
PREVIEW_ROWS = 200  # rows of the results table the page shows (the CSV has every row; so has a bare API client)
NSMC_SAMPLE = samples.NSMC
CSS = """
#sentiment-table table { table-layout: auto; }
#sentiment-table td:last-child, #sentiment-table th:last-child { min-width: 16rem; }
/* the confusion matrix: label names never broken inside a word, numbers to the right */
#sentiment-summary table { width: auto; margin: 0.25rem 0; }
#sentiment-summary th:not(:first-child), #sentiment-summary td { white-space: nowrap; padding: 0.3rem 0.7rem; }
#sentiment-nsmc { flex-wrap: wrap; align-items: center; gap: 0.5rem; }
#sentiment-nsmc > button { flex: 0 0 auto; width: auto; min-width: 0; }
#sentiment-nsmc > .prose, #sentiment-nsmc > div:not(:first-child) { flex: 1 1 16rem; }
"""


RUNS: SessionStore[sentiment.ManyRun] = SessionStore()  # the run going, per session (for Stop)
COUNTS: SessionStore[dict[str, int]] = SessionStore()  # the last run's label counts, until the chart is drawn
ONE: SessionStore[sentiment.SentimentResult] = SessionStore()  # the last one-text result (its verdict)
LAST: SessionStore[sentiment.ManyRun] = SessionStore()  # the last finished run (the "wrong only" filter redraws it)


# -- layout ---------------------------------------------------------------------------------------------------
@dataclass
class Layout:
    model: gr.Dropdown
    card: gr.Markdown
    text: gr.Textbox
    run: gr.Button
    result: gr.Label
    lines: gr.Textbox
    nsmc: gr.Button
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
    wrong_only: gr.Checkbox
    modes: gr.Tabs
    verdict: gr.Markdown
    gold: gr.State  # the gold label a "send to" from the Datasets tab brought with the text (None: none)


def layout(engine: Engine) -> Layout:
    """Draw the tab inside the current ``gr.Tab``."""
    gr.Markdown(t("sentiment.intro"))
    with gr.Row(elem_classes="pg-model-row"):
        model = model_picker(engine, TASK, scale=3)
        card = gr.Markdown(model_card(engine, TASK, engine.default_choice(TASK)), elem_classes="pg-card")
    with gr.Tabs(elem_id="sentiment-modes") as modes:
        with gr.Tab(t("sentiment.one")):
            text = gr.Textbox(label=t("sentiment.text"), placeholder=t("sentiment.text_placeholder"), lines=3,
                              max_length=limits.SENTIMENT_MAX_CHARS)
            with gr.Row():
                run = gr.Button(t("common.run"), variant="primary")
                clear = gr.ClearButton(value=t("common.clear"))
            result = gr.Label(label=t("sentiment.result"), num_top_classes=3)
            verdict = gr.Markdown(elem_id="sentiment-verdict")
            gold = gr.State(None)
            gr.Examples(EXAMPLES, inputs=[text], label=t("common.examples"))
        with gr.Tab(t("sentiment.many")):
            lines = gr.Textbox(label=t("sentiment.lines"), placeholder=t("sentiment.lines_placeholder"), lines=6)
            with gr.Row(elem_id="sentiment-nsmc"):
                nsmc = gr.Button(t("sentiment.try_nsmc"), size="md", elem_id="sentiment-try-nsmc")
                gr.Markdown(t("sentiment.try_nsmc_hint"))
            upload = gr.File(label=t("sentiment.or_file"), file_types=[".csv", ".tsv", ".txt"],
                             elem_id="sentiment-upload")
            gr.Markdown(t("sentiment.file_hint"))
            with gr.Row():
                text_column = gr.Dropdown(label=t("sentiment.text_column"), choices=[], allow_custom_value=True)
                label_column = gr.Dropdown(label=t("sentiment.label_column"), choices=[NO_LABEL_CHOICE],
                                           value=NO_LABEL, allow_custom_value=True)
            with gr.Row():
                run_many = gr.Button(t("sentiment.run_many"), variant="primary")
                stop = stop_button()
            summary = gr.Markdown(elem_id="sentiment-summary")
            # drawn when a run ends (their axis titles and headers are then in the page's language)
            chart = gr.BarPlot(x="label", y="count", label=t("sentiment.chart"), height=220, y_lim=[0, None],
                               y_axis_format=",d", sort=None, visible=False, elem_id="sentiment-chart")
            wrong_only = gr.Checkbox(label=t("sentiment.wrong_only"), value=False, visible=False,
                                     elem_id="sentiment-wrong-only")
            table = gr.Dataframe(label=t("sentiment.table"), interactive=False, max_height=360, wrap=True,
                                 visible=False, elem_id="sentiment-table")
            download = gr.File(label=t("sentiment.download"), interactive=False)
            gr.Examples([[LINES_EXAMPLE]], inputs=[lines], label=t("common.examples"))
    clear.add([text, result, verdict])
    code = code_panel(sentiment.code_snippet(engine, engine.default_choice(TASK) or AUTO, EXAMPLES[0]))
    return Layout(model, card, text, run, result, lines, nsmc, upload, text_column, label_column, run_many, stop,
                  summary, chart, table, download, code, wrong_only, modes, verdict, gold)


# -- handlers: call the engine, format its plain results ------------------------------------------------------
def analyze_one(engine: Engine, text: str, model: str = AUTO, progress: gr.Progress = gr.Progress(track_tqdm=True),
                request: gr.Request = None) -> dict[str, float]:
    """Classify one text; returns label → confidence (label names in the page's language)."""
    found = sentiment.analyze_text(engine, text, model, progress_callback(progress))
    ONE.put(request, found)  # a page's session: the verdict against a sent gold label reads it
    handover.keep(request, TASK, one=found, code=show_code(engine, text, model), gold=None, model=model)
    return one_output(found, page_language(request))


def one_output(found: sentiment.SentimentResult, lang: str | None) -> dict[str, float]:
    """label -> confidence, label names in ``lang`` (the handler's output, drawn again after the language switch)."""
    return {sentiment_label(label, lang): value for label, value in found.scores.items()}


def show_verdict(gold: object, request: gr.Request = None) -> str:
    """After a one-text run: the gold label sent with the text (a row of the Datasets tab) against the prediction,
    right or wrong; "" when no gold label came with it or it names no label of the model."""
    found = ONE.get(request)
    if gold is not None and found is not None:
        handover.keep(request, TASK, gold=gold)
    return verdict_text(found, gold, page_language(request))


def verdict_text(found: sentiment.SentimentResult | None, gold: object, lang: str | None) -> str:
    """The verdict line in ``lang`` (see :func:`show_verdict`)."""
    if gold is None or found is None:
        return ""
    want = sentiment.gold_label(gold, list(found.scores))
    if want is None:
        return ""
    return say("sentiment.gold_one", lang, gold=sentiment_label(want, lang), label=sentiment_label(found.label, lang),
               verdict=say("sentiment.right" if want == found.label else "sentiment.wrong", lang))


def take_gold(gold: object = None) -> tuple[Any, str]:
    """A text was sent here (the Datasets tab's "→ Sentiment"): keep its gold label, clear the last verdict."""
    return gold, ""


# The one-text mode shown (the tabs inside this tab have no ids: the page's tab ids are the registry's tasks).
SHOW_ONE_JS = "() => { document.querySelector('#sentiment-modes [role=tab]')?.click(); }"


def typed() -> tuple[None, str]:
    """The student typed: a sent gold label no longer belongs to the text."""
    return None, ""


def analyze_many(engine: Engine, lines: str = "", file: str | None = None, text_column: str | None = None,
                 label_column: str | None = None, model: str = AUTO,
                 progress: gr.Progress = gr.Progress(track_tqdm=True),
                 request: gr.Request = None, *, ui: Layout) -> Iterator[dict[Any, Any]]:
    """Classify many texts (one per line, or a column of a CSV/TSV file, with accuracy against a label column).

    While it runs only the summary (counts so far) is streamed, at most every ``STREAM_EVERY_S``: re-sending a
    growing table at every chunk froze the page. The chart, the table and the CSV come once, at the end. Each step
    names its components (``ui``); an API client receives the same four outputs, those not named left as they
    were."""
    texts, gold = sentiment.texts_from(lines, file, text_column, _column(label_column))
    lang = page_language(request)
    stop = STOPS.start(request)
    try:
        run, sent = None, 0.0
        for run in sentiment.analyze_many(engine, texts, gold, model, progress_callback(progress), stop):
            RUNS.put(request, run)
            if time.monotonic() - sent >= STREAM_EVERY_S and len(run.results) < run.total:
                sent = time.monotonic()
                yield {ui.summary: page_summary(run, lang)}
        if run is not None and not stop.is_set():
            csv = str(sentiment.write_csv(run))
            _keep_counts(request, run, csv, model)
            yield many_outputs(ui, run, lang, csv=csv)
    finally:
        RUNS.put(request, None)
        STOPS.release(request, stop)


def stop_many(request: gr.Request = None, *, ui: Layout) -> Any:
    """Stop this session's run at once: what it analysed so far, marked stopped, with its CSV (nothing analysed
    yet: every output left as it is)."""
    run = RUNS.get(request)
    STOPS.stop(request)
    if run is None or not run.results:
        return gr.skip()  # one skip for every output (Gradio 6.31 refuses an empty dict as too few values)
    done = run.snapshot(stopped=len(run.results) < run.total)
    csv = str(sentiment.write_csv(done))
    _keep_counts(request, done, csv)
    return many_outputs(ui, done, page_language(request), csv=csv)


def try_nsmc(*, ui: Layout) -> dict[Any, Any]:
    """The one-click sample: 100 real NSMC reviews with their labels, copied into a fresh upload folder (the lines
    box emptied, the file's text and label columns picked)."""
    path = samples.fresh_copy(NSMC_SAMPLE)
    return {ui.lines: "", ui.upload: str(path),
            ui.text_column: gr.Dropdown(choices=["id", "document", "label"], value="document"),
            ui.label_column: gr.Dropdown(choices=[NO_LABEL_CHOICE, "id", "document", "label"], value="label")}


def pick_columns(file: str | None, text_column: str | None = None, label_column: str | None = None,
                 request: gr.Request = None, *, ui: Layout) -> dict[Any, Any]:
    """A file was uploaded (or put back after the language switch): its columns in the pickers. A column already
    picked stays picked when the file has it; otherwise the text and label columns are guessed from the file.

    The file the switch put back (the one the last run read) keeps the picks that run used, "no label column"
    included: its change event can read the pickers before the same restore has set them."""
    if not file:
        handover.keep(request, TASK, source=None)  # taken out of its box: the switch puts no file back
        return {ui.text_column: gr.Dropdown(choices=[], value=None),
                ui.label_column: gr.Dropdown(choices=[NO_LABEL_CHOICE], value=NO_LABEL)}
    frame = read_table(file).frame
    source = handover.kept(request, TASK).get("source") or {}
    if source.get("file") == file:
        return _pickers(ui, list(frame.columns), *guess_columns(frame), source.get("text_column"),
                        source.get("label_column"), run_picks=True)
    columns = list(frame.columns)
    text, label = _column_picks(columns, *guess_columns(frame), text_column, label_column)
    keep_columns(file, text, label, request)
    return _pickers(ui, columns, *guess_columns(frame), text_column, label_column)


def keep_columns(file: str | None, text_column: str | None, label_column: str | None,
                 request: gr.Request = None) -> None:
    """The file in the box and its column picks (a student's pick, or the guess for a new file), kept for the
    language switch, run or not (:func:`restore` puts them back)."""
    if file:
        handover.keep(request, TASK, source={"file": file, "text_column": text_column, "label_column": label_column})


def _pickers(ui: Layout, columns: list[str], text_guess: str | None, label_guess: str | None,
             text_column: str | None, label_column: str | None, *, run_picks: bool = False) -> dict[Any, Any]:
    """The two column pickers for a file with ``columns``: the picks where the file has them, else the guesses.
    "No label column" is the picker's state before any file, so it is no pick, except among the picks a run used
    (``run_picks``): a run without a label column comes back without one."""
    text, label = _column_picks(columns, text_guess, label_guess, text_column, label_column, run_picks=run_picks)
    return {ui.text_column: gr.Dropdown(choices=columns, value=text),
            ui.label_column: gr.Dropdown(choices=[NO_LABEL_CHOICE, *columns], value=label)}


def _column_picks(columns: list[str], text_guess: str | None, label_guess: str | None, text_column: str | None,
                  label_column: str | None, *, run_picks: bool = False) -> tuple[str | None, str]:
    """(text column, label column) as :func:`_pickers` shows them."""
    text = column_pick(columns, text_column, text_guess)
    if run_picks and label_column in (None, "", NO_LABEL):
        return text, NO_LABEL
    return text, column_pick(columns, label_column, label_guess) or NO_LABEL


def show_model(engine: Engine, model: str) -> str:
    """The picker holds another model (a student's pick, or a restored run's after the language switch): its card."""
    return model_card(engine, TASK, model)


def show_code(engine: Engine, text: str, model: str) -> str:
    return sentiment.code_snippet(engine, model, text)


CODE_MAX_LINES = 100  # a lines run's texts written into its code (a longer run keeps the code it had)


def show_many_code(engine: Engine, file: str | None = None, text_column: str | None = None,
                   label_column: str | None = None, request: gr.Request = None) -> Any:
    """After a many-texts run: the code that reproduces it (the same file, column and model, in batches; the
    accuracy when labelled), or for lines the same texts."""
    run = LAST.get(request)
    if run is None or not run.results:
        return gr.skip()
    source = None
    if file:
        column = text_column or guess_columns(read_table(file).frame)[0]
        code = sentiment.file_code_snippet(engine, run, file, column, _column(label_column))
        source = {"file": file, "text_column": column, "label_column": label_column}  # the switch puts it back
    elif run.total > CODE_MAX_LINES:
        return gr.skip()
    else:
        texts = "texts = [\n" + "".join(f"    {sentiment._py(text)},\n" for text in run.texts) + "]"
        code = "\n".join(["from transformers import pipeline", "", texts,
                          *sentiment.run_code_lines(engine, run, False)]) + "\n"
    handover.keep(request, TASK, code=code, source=source)  # (None: a lines run, whose box page.js puts back)
    return code


# -- formatting -----------------------------------------------------------------------------------------------
def results_table(run: sentiment.ManyRun, lang: str | None) -> dict[str, Any]:
    """The results table: label, score, gold, model, text (the text last, so it wraps instead of pushing the
    others off screen); headers and label names in the page's language.

    The page gets the first ``PREVIEW_ROWS`` rows (drawing 4,000 wrapped rows froze it for seconds; the CSV has
    them all); a client that states no language gets every row, as the API always answered."""
    return sentiment_table(run, lang, COLUMNS, PREVIEW_ROWS if lang is not None else None)


def label_chart(run: sentiment.ManyRun, lang: str | None) -> Any:
    """Texts per label (label names in the page's language), for the bar chart."""
    import pandas as pd

    return pd.DataFrame({"label": [sentiment_label(k, lang) for k in run.counts],
                         "count": [int(v) for v in run.counts.values()]})


def page_summary(run: sentiment.ManyRun, lang: str | None) -> str:
    """The summary; on the page (a language) with the confusion matrix of a labelled run under it. An API client
    (no language) gets the summary it always got."""
    summary = sentiment_summary(run, lang)
    matrix = confusion_markdown(run, lang) if lang is not None else ""
    return f"{summary}\n\n{matrix}" if matrix else summary


def confusion_markdown(run: sentiment.ManyRun, lang: str | None) -> str:
    """A labelled run's confusion matrix as a Markdown table: gold labels as rows, predictions as columns, counts
    (the diagonal, the right answers, in bold), label names in the page's language; "" for an unlabelled run."""
    found = run.confusion
    if found is None or not any(map(any, found[1])):
        return ""
    labels, counts = found
    names = [sentiment_label(label, lang) for label in labels]
    lines = [say("sentiment.confusion", lang), "",
             "| " + " | ".join([say("sentiment.confusion_corner", lang), *names]) + " |",
             "|" + "---|" + "---:|" * len(names)]
    for i, (name, row) in enumerate(zip(names, counts, strict=True)):
        cells = [f"**{n:,}**" if i == j else f"{n:,}" for j, n in enumerate(row)]
        lines.append(f"| **{name}** | " + " | ".join(cells) + " |")
    wrong = sum(n for i, row in enumerate(counts) for j, n in enumerate(row) if i != j)
    lines += ["", say("sentiment.wrong_count", lang, count=wrong)]
    return "\n".join(lines)


def many_outputs(ui: Layout, run: sentiment.ManyRun, lang: str | None, csv: str | None = None) -> dict[Any, Any]:
    """By component: the summary (Markdown), the label counts for the chart, the results table, the CSV file or
    None."""
    summary = page_summary(run, lang)
    if lang is not None and len(run.results) > PREVIEW_ROWS:
        summary += "\n\n" + say("sentiment.preview", lang, shown=PREVIEW_ROWS, total=len(run.results))
    return {ui.summary: summary, ui.chart: label_chart(run, lang), ui.table: results_table(run, lang),
            ui.download: csv}


def _keep_counts(request: gr.Request | None, run: sentiment.ManyRun, csv: str | None = None,
                 model: str | None = None) -> None:
    COUNTS.put(request, dict(run.counts))  # an API client's runs are never drawn: the store forgets them
    LAST.put(request, run.snapshot())
    handover.keep(request, TASK, many=LAST.get(request), csv=csv, wrong_only=False,
                  **({"model": model} if model else {}))


def filter_table(wrong_only: bool, request: gr.Request = None) -> Any:
    """The "wrong predictions only" box changed: the last run's table, filtered or whole."""
    run = LAST.get(request)
    if run is None:
        return gr.skip()
    handover.keep(request, TASK, wrong_only=bool(wrong_only))
    lang = page_language(request)
    return sentiment_table(run, lang, COLUMNS, PREVIEW_ROWS, wrong_only=bool(wrong_only))


def show_results(request: gr.Request = None, *, ui: Layout) -> Any:
    """After a run: draw the chart (bars from zero, whole-number ticks: at least 0..5, so no tick falls on 0.5;
    axis titles in the page's language) and the table; the "wrong only" box, unticked, for a labelled run."""
    counts = COUNTS.pop(request)
    if not counts:
        return gr.skip()  # drawn once per run: every output left as it is
    last = LAST.get(request)
    return results_shown(ui, counts, last is not None and last.confusion is not None, page_language(request))


def results_shown(ui: Layout, counts: dict[str, int], labelled: bool, lang: str | None,
                  **values: Any) -> dict[Any, Any]:
    """The chart, the table and the "wrong only" box made visible, by component (see :func:`show_results`);
    ``values``: the chart's, the table's and the box's values too (``chart=``, ``table=``, ``wrong_only=``), as the
    language switch draws them again."""
    titles = {"x_title": say("sentiment.chart_x", lang), "y_title": say("sentiment.chart_y", lang)} if lang else {}
    chart = {"value": values["chart"]} if "chart" in values else {}
    table = {"value": values["table"]} if "table" in values else {}
    return {ui.chart: gr.BarPlot(visible=True, y_lim=[0, max(5, *counts.values())], **titles, **chart),
            ui.table: gr.Dataframe(visible=True, **table),
            ui.wrong_only: gr.Checkbox(value=bool(values.get("wrong_only", False)), visible=labelled)}


def restore(ui: Layout, data: dict[str, Any], lang: str) -> dict[Any, Any]:
    """The last runs drawn again after the language switch (``Tab.keeps``), in ``lang``: the one-text result and
    its verdict, and the many-texts run's summary, chart, table (filtered as it was), CSV and "wrong only" box; the
    code of whichever ran last, and the model."""
    shown: dict[Any, Any] = {ui.code: data["code"]} if "code" in data else {}
    if "model" in data:
        shown[ui.model] = data["model"]
    if (found := data.get("one")) is not None:
        shown.update({ui.result: one_output(found, lang), ui.verdict: verdict_text(found, data.get("gold"), lang)})
        if data.get("gold") is not None:
            shown[ui.gold] = data["gold"]
    if (run := data.get("many")) is not None and run.results:
        wrong_only = bool(data.get("wrong_only")) and run.confusion is not None
        csv = data.get("csv")
        drawn = many_outputs(ui, run, lang)
        table = sentiment_table(run, lang, COLUMNS, PREVIEW_ROWS, wrong_only=wrong_only)
        shown.update({ui.summary: drawn[ui.summary], ui.download: csv if csv and Path(csv).is_file() else None,
                      **results_shown(ui, dict(run.counts), run.confusion is not None, lang, chart=drawn[ui.chart],
                                      table=table, wrong_only=wrong_only)})
    source = data.get("source") or {}
    if source.get("file") and Path(source["file"]).is_file():  # the file the run read, with its columns picked
        frame = read_table(source["file"]).frame
        shown.update({ui.upload: source["file"], **_pickers(ui, list(frame.columns), *guess_columns(frame),
                                                             source.get("text_column"), source.get("label_column"),
                                                             run_picks=True)})
    return shown


def adopt(data: dict[str, Any], request: gr.Request) -> None:
    """The new page's session reads the restored runs (the verdict, the "wrong only" filter, the code)."""
    if (found := data.get("one")) is not None:
        ONE.put(request, found)
    if (run := data.get("many")) is not None:
        LAST.put(request, run)


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
    one.success(handler(engine, show_verdict, action=False), ui.gold, ui.verdict, api_visibility="private",
                queue=False)
    ui.text.input(typed, None, [ui.gold, ui.verdict], api_visibility="private", queue=False)

    def receive(sent: Any, gold: Any) -> None:
        """A "send to" event filled the text box: keep the gold label sent with it, and run."""
        ran = (sent.then(None, None, None, js=SHOW_ONE_JS, api_visibility="private", queue=False)
               .then(take_gold, gold, [ui.gold, ui.verdict], api_visibility="private", queue=False)
               .then(handler(engine, analyze_one), [ui.text, ui.model], ui.result, api_visibility="private",
                     **resource(TASK)))
        ran.success(handler(engine, show_code, action=False), [ui.text, ui.model], ui.code, api_visibility="private",
                    queue=False)
        ran.success(handler(engine, show_verdict, action=False), ui.gold, ui.verdict, api_visibility="private",
                    queue=False)

    many_inputs = [ui.lines, ui.upload, ui.text_column, ui.label_column, ui.model]
    many_outputs_ = [ui.summary, ui.chart, ui.table, ui.download]
    # progress shows on the summary only: a status update on the table made the page redraw every row at each step
    many = with_stop([ui.run_many.click], handler(engine, analyze_many, ui=ui), many_inputs, many_outputs_, ui.stop,
                     api_name="sentiment_many", show_progress_on=ui.summary, **resource(TASK, bulk=True))
    sample = ui.nsmc.click(handler(engine, try_nsmc, action=False, ui=ui), None,
                           [ui.lines, ui.upload, ui.text_column, ui.label_column], api_visibility="private",
                           queue=False)
    sample_run = with_stop(sample, handler(engine, analyze_many, ui=ui), many_inputs, many_outputs_, ui.stop,
                           api_visibility="private", show_progress_on=ui.summary, **resource(TASK, bulk=True))
    stopped = ui.stop.click(handler(engine, stop_many, action=False, ui=ui), None, many_outputs_,
                            cancels=[many, sample_run], api_visibility="private", queue=False,
                            show_progress_on=ui.summary)
    for done in (many.success, sample_run.success, stopped.success):
        done(handler(engine, show_results, action=False, ui=ui), None, [ui.chart, ui.table, ui.wrong_only],
             api_visibility="private", queue=False)
        done(handler(engine, show_many_code, action=False), [ui.upload, ui.text_column, ui.label_column], ui.code,
             api_visibility="private", queue=False)
    ui.wrong_only.input(handler(engine, filter_table, action=False), ui.wrong_only, ui.table,
                        api_visibility="private", queue=False)
    ui.upload.change(handler(engine, pick_columns, action=False, ui=ui), [ui.upload, ui.text_column, ui.label_column],
                     [ui.text_column, ui.label_column], api_visibility="private")
    for picker in (ui.text_column, ui.label_column):  # a student's pick (a handler's is kept by pick_columns)
        picker.input(handler(engine, keep_columns, action=False), [ui.upload, ui.text_column, ui.label_column], None,
                     api_visibility="private", queue=False)
    ui.model.change(handler(engine, show_model, action=False), ui.model, ui.card, api_visibility="private",
                    queue=False)
    # The code follows a student's pick only: a restored many-texts run sets the picker too, and keeps its own code.
    ui.model.input(handler(engine, show_code, action=False), [ui.text, ui.model], ui.code, api_visibility="private",
                   queue=False)
    keeps = Kept([ui.code, ui.model, ui.result, ui.verdict, ui.gold, ui.summary, ui.chart, ui.table, ui.wrong_only,
                  ui.download, ui.upload, ui.text_column, ui.label_column], functools.partial(restore, ui), adopt,
                 picks={"model": ui.model})
    return Tab(main_input=ui.text, on_receive=receive, keeps=keeps)


def tool_docs(engine: Engine) -> dict[str, str]:
    """What this tab's endpoints say to an API or MCP client (``tabs.tool_docs``): endpoint -> docstring."""
    return {
        "sentiment": tool_doc(
            "Classify the sentiment of one Korean or English text (positive or negative).",
            {"text": f"the text, 1 to {limits.SENTIMENT_MAX_CHARS:,} characters.",
             "model": model_doc(engine, "sentiment")},
            "JSON: the label with the highest confidence and every label's confidence (0-1)."),
        "sentiment_many": tool_doc(
            "Classify many texts at once: one per line, or a column of an uploaded CSV/TSV file; with a label "
            "column, also the accuracy.",
            {"lines": f"texts one per line, at most {limits.SENTIMENT_MAX_LINES} lines; default none.",
             "file": f"a CSV/TSV file instead of lines, at most {limits.SENTIMENT_MAX_ROWS:,} rows; default none.",
             "text_column": "the file's text column; default guessed.",
             "label_column": "the file's label column, to compare with; default none.",
             "model": model_doc(engine, "sentiment")},
            "A summary, the label counts, a table of every text with its label and confidence, and a CSV file."),
    }
