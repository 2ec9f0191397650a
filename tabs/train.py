"""The Train tab: data → base model → train (live chart, Stop) → evaluate → try it → share, top to bottom.

API: ``/train`` (data="nsmc", text_column="", label_column="", model=<default>, epochs=1, max_length=64, seed=42,
learning_rate=5e-5, data_license="auto") streams a status line while it trains and ends with a JSON summary
(classes, sizes, accuracy before/after, confusion matrix); ``data`` is "nsmc" (the bundled sample), a file in the
data folder, or typed classes as JSON ``{"class name": ["example", ...], ...}``. ``/train_try`` (text) → the
session's model's scores. A trained model belongs to the session that trained it.

Training runs in its own pool ("train", ``TRAIN_MAX_RUNS`` at once) so Sentiment, Chat and the rest keep working.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from playground import limits
from playground.data import local
from playground.engine import Engine
from playground.errors import BadInput, Message, PlaygroundError
from playground.tasks import sentiment, train, train_data, train_share
from playground.tasks.train_data import Examples
from playground.tasks.train_share import push_enabled
from server import signin

from . import handover
from .common import (
    Kept,
    SessionStops,
    Tab,
    code_panel,
    column_pick,
    handler,
    model_card,
    model_picker,
    progress_callback,
    resource,
    sentiment_label,
    stop_button,
    with_stop,
)
from .i18n import page_language, say, t
from .strings.train import TYPED_EXAMPLES
from .tool_docs import tool_doc

TASK = "train"
STOPS = SessionStops()  # one Stop switch per browser session: it ends only this student's run
# The page redraws the whole chart for each frame: more than one a second, or thousands of points, kept a slow
# laptop's page too busy to take a click on Stop (measured in Chromium slowed down 6 times).
STREAM_EVERY_S = 1.0  # the fewest seconds between two chart updates
CHART_MAX_POINTS = 200  # loss points drawn per frame: a longer run's curve is thinned evenly, its last step kept
SOURCES = ("nsmc", "file", "upload", "hub", "typed")
CLASS_SLOTS = 3  # typed classes shown (more can be sent through the API)
LICENSES = (("train.lic_auto", "auto"), ("train.lic_cc0", "cc0-1.0"), ("train.lic_aihub", "aihub"),
            ("train.lic_own", "own"), ("train.lic_other", "other"))
CSS = """
#train-chart { min-height: 300px; }
#train-wrong td:first-child { min-width: 14rem; }
#train-try-row > div { min-width: 16rem; }
"""


# -- layout ---------------------------------------------------------------------------------------------------------
@dataclass
class Layout:
    source: gr.Radio
    hub_id: gr.Textbox
    data_file: gr.Dropdown
    upload: gr.File
    text_column: gr.Dropdown
    label_column: gr.Dropdown
    typed: gr.Column
    names: list[gr.Textbox]
    lines: list[gr.Textbox]
    data_license: gr.Dropdown
    check: gr.Button
    data_note: gr.Markdown
    sizes: gr.Dataframe
    model: gr.Dropdown
    card: gr.Markdown
    epochs: gr.Slider
    max_length: gr.Slider
    seed: gr.Number
    learning_rate: gr.Number
    run: gr.Button
    stop: gr.Button
    status: gr.Markdown
    chart: gr.LinePlot
    result: gr.Markdown
    confusion: gr.Dataframe
    wrong: gr.Dataframe
    try_text: gr.Textbox
    try_run: gr.Button
    mine: gr.Label
    theirs: gr.Label
    zip_run: gr.Button
    zip_file: gr.File
    repo_name: gr.Textbox
    push: gr.Button
    pushed: gr.Markdown
    code: gr.Code


def layout(engine: Engine) -> Layout:
    """Draw the tab inside the current ``gr.Tab``."""
    gr.Markdown(t("train.intro"))
    gr.Markdown(t("train.step_data"))
    source = gr.Radio([(t(f"train.src_{s}"), s) for s in SOURCES], value="nsmc", label=t("train.source"),
                      elem_id="train-source")
    hub_id = gr.Textbox(label=t("train.hub_id"), placeholder="e9t/nsmc", visible=False, max_length=200,
                        elem_id="train-hub-id")
    data_file = gr.Dropdown(choices=local.list_data_files(), label=t("train.data_file"), visible=False,
                            allow_custom_value=True, elem_id="train-data-file")
    upload = gr.File(label=t("train.upload"), visible=False, file_types=[".csv", ".tsv", ".json", ".jsonl",
                                                                          ".parquet"], elem_id="train-upload")
    with gr.Row():
        text_column = gr.Dropdown(label=t("train.text_column"), choices=["document"], value="document",
                                  allow_custom_value=True, elem_id="train-text-column", elem_classes="pg-data")
        label_column = gr.Dropdown(label=t("train.label_column"), choices=["label"], value="label",
                                   allow_custom_value=True, elem_id="train-label-column", elem_classes="pg-data")
    with gr.Column(visible=False, elem_id="train-typed") as typed:
        gr.Markdown(t("train.typed_hint"))
        names, lines = [], []
        with gr.Row():
            for n in range(1, CLASS_SLOTS + 1):
                with gr.Column(min_width=200):
                    names.append(gr.Textbox(label=t(f"train.class_{n}"), max_length=limits.TRAIN_MAX_LABEL_CHARS,
                                            elem_id=f"train-class-{n}"))
                    lines.append(gr.Textbox(label=t(f"train.class_{n}_examples"), lines=5,
                                            elem_id=f"train-examples-{n}"))
        typed_examples = gr.Examples(
            [[*sum(([name, text] for name, text in TYPED_EXAMPLES[lang]), [])] for lang in ("ko", "en")],
            inputs=[x for pair in zip(names, lines, strict=True) for x in pair], label=t("common.examples"))
        # Gradio's examples table heads its columns with the inputs' labels untranslated (the page showed
        # '__i18n__{...}'): no heads; each row reads as what it fills, class name then its examples.
        typed_examples.dataset.headers = []
    data_license = gr.Dropdown([(t(key), value) for key, value in LICENSES], value="auto",
                               label=t("train.data_license"), elem_id="train-data-license")
    check = gr.Button(t("train.check_data"), size="sm", elem_id="train-check")
    data_note = gr.Markdown(elem_id="train-data-note")
    sizes = gr.Dataframe(label=t("train.sizes"), interactive=False, visible=False, elem_id="train-sizes")

    gr.Markdown(t("train.step_model"))
    with gr.Row(elem_classes="pg-model-row"):
        model = model_picker(engine, TASK, scale=3)
        card = gr.Markdown(model_card(engine, TASK, engine.default_choice(TASK)), elem_classes="pg-card")

    gr.Markdown(t("train.step_train"))
    with gr.Row():
        epochs = gr.Slider(*limits.TRAIN_EPOCHS, value=1, step=1, label=t("train.epochs"), elem_id="train-epochs",
                           min_width=240)
        max_length = gr.Slider(*limits.TRAIN_MAX_LENGTH, value=64, step=8, label=t("train.max_length"),
                               elem_id="train-max-length", min_width=240)
        seed = gr.Number(value=42, precision=0, minimum=0, maximum=train.MAX_SEED, label=t("train.seed"),
                         elem_id="train-seed", min_width=200)
    with gr.Accordion(t("train.advanced"), open=False):
        learning_rate = gr.Number(value=limits.TRAIN_LEARNING_RATE, minimum=1e-6, maximum=1e-2,
                                  label=t("train.learning_rate"), elem_id="train-learning-rate")
    with gr.Row():
        run = gr.Button(t("train.run"), variant="primary", elem_id="train-run")
        stop = stop_button(elem_id="train-stop")
    status = gr.Markdown(elem_id="train-status")
    chart = gr.LinePlot(x="step", y="value", color="metric", label=t("train.chart"),
                        y_lim=[0, None], elem_id="train-chart")

    gr.Markdown(t("train.step_eval"))
    result = gr.Markdown(elem_id="train-result")
    # drawn once a run is evaluated (empty, a table shows Gradio's placeholder heads "1 2 3")
    confusion = gr.Dataframe(label=t("train.confusion"), interactive=False, visible=False, elem_id="train-confusion")
    wrong = gr.Dataframe(label=t("train.wrong"), interactive=False, wrap=True, max_height=300, visible=False,
                         column_widths=["15%", "15%", "12%", "58%"], elem_id="train-wrong")

    gr.Markdown(t("train.step_try"))
    try_text = gr.Textbox(label=t("train.try_text"), placeholder=t("train.try_placeholder"),
                          max_length=limits.TRAIN_MAX_TRY_CHARS, elem_id="train-try-text")
    try_run = gr.Button(t("train.try"), elem_id="train-try")
    with gr.Row(elem_id="train-try-row"):
        mine = gr.Label(label=t("train.your_model"), num_top_classes=10, elem_id="train-mine")
        theirs = gr.Label(label=t("train.catalog_model"), visible=False, elem_id="train-theirs")

    gr.Markdown(t("train.step_share"))
    with gr.Row():
        zip_run = gr.Button(t("train.zip"), elem_id="train-zip")
        zip_file = gr.File(label=t("train.zip_file"), interactive=False, visible=False, elem_id="train-zip-file")
    gr.Markdown(_both("train.zip_hint", hours=round(limits.TRAIN_KEEP_S / 3600)))
    can_push = push_enabled() and signin.enabled()
    with gr.Row(visible=can_push):
        repo_name = gr.Textbox(label=t("train.repo_name"), max_length=96, elem_id="train-repo-name")
        push = gr.Button(t("train.push"), elem_id="train-push")
    pushed = gr.Markdown(_both("train.push_off" if not push_enabled() else "train.push_hint"),
                         elem_id="train-pushed")
    code = code_panel(train_share.code_snippet(None, model=engine.default_choice(TASK) or "",
                                               data_name="nsmc_100.tsv", text_column="document"))
    return Layout(source, hub_id, data_file, upload, text_column, label_column, typed, names, lines, data_license,
                  check, data_note, sizes, model, card, epochs, max_length, seed, learning_rate, run, stop, status,
                  chart, result, confusion, wrong, try_text, try_run, mine, theirs, zip_run, zip_file, repo_name,
                  push, pushed, code)


def _both(key: str, **params: Any) -> str:
    """Markdown drawn before the page's language is known: both, the page's CSS shows one."""
    from .i18n import shown

    return shown(key, None, **params)


# -- reading the page's data choice ---------------------------------------------------------------------------------
def examples_from(source: str, data_file: str | None, upload: str | None, text_column: str | None,
                  label_column: str | None, typed: list[tuple[str, str]], data_license: str = "auto",
                  hub_id: str = "") -> Examples:
    """The examples the page's data step describes (every limit checked by the engine)."""
    if source == "hub":
        return train_data.from_hub((hub_id or "").strip(), text_column or "", label_column or "",
                                   declared=data_license)
    if source == "nsmc":
        return train_data.from_nsmc_sample(data_license)
    if source == "typed":
        return train_data.from_classes(typed, train_data.data_source("typed", "typed examples", data_license))
    if source in ("file", "upload"):
        path = data_file if source == "file" else upload
        if not path:
            raise BadInput("no_file")
        return train_data.from_table(path, text_column or "", label_column or "", source, data_license)
    raise BadInput("bad_option", name="source", allowed=", ".join(SOURCES), value=str(source)[:40])


def _typed(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(values[i] or "", values[i + 1] or "") for i in range(0, len(values), 2)]


# -- handlers -------------------------------------------------------------------------------------------------------
def show_source(source: str) -> tuple[Any, ...]:
    """Show the inputs of the chosen data source."""
    table = source in ("file", "upload", "hub")
    columns = {"choices": ["document"], "value": "document"} if source == "nsmc" else {}
    labels = {"choices": ["label"], "value": "label"} if source == "nsmc" else {}
    return (gr.Dropdown(visible=source == "file", choices=local.list_data_files() if source == "file" else None),
            gr.File(visible=source == "upload"),
            gr.Dropdown(visible=table or source == "nsmc", interactive=table, **columns),
            gr.Dropdown(visible=table or source == "nsmc", interactive=table, **labels),
            gr.Column(visible=source == "typed"), gr.Textbox(visible=source == "hub"))


def pick_hub_columns(dataset: str, request: gr.Request = None) -> tuple[gr.Dropdown, gr.Dropdown]:
    """A Hub dataset id was entered: its columns (from the dataset viewer), text and label guessed; kept for the
    language switch with the id (:func:`restore` puts the pickers back without asking the Hub again)."""
    from playground.data import hub_viewer

    if not (dataset or "").strip():
        return gr.Dropdown(choices=[], value=None), gr.Dropdown(choices=[], value=None)
    columns = [c.name for c in hub_viewer.hub_info(dataset.strip()).columns]
    text, label = train_data.guess_columns(columns)
    handover.keep(request, TASK, data=_data_choice("hub", dataset, text, label, columns), source="hub")
    return gr.Dropdown(choices=columns, value=text), gr.Dropdown(choices=columns, value=label)


def pick_columns(path: str | None, text_column: str | None = None, label_column: str | None = None,
                 request: gr.Request = None, *, source: str = "upload") -> tuple[gr.Dropdown, gr.Dropdown]:
    """A table was chosen (``source``: "file" from the data folder, or "upload"), or put back after the language
    switch: its columns in the pickers. A column already picked stays picked where the table has it; otherwise the
    text and label columns are guessed from their names. The choice is kept for the switch (:func:`restore`).

    The table the switch put back keeps the picks kept with it: its change event can read the pickers before the
    same restore has set them."""
    if not path:
        return gr.Dropdown(choices=[], value=None), gr.Dropdown(choices=[], value=None)
    kept = handover.kept(request, TASK).get("data") or {}
    if (kept.get("source"), kept.get("path")) == (source, path):  # put back by the switch: the picks it kept
        text_column, label_column = kept.get("text_column"), kept.get("label_column")
    columns = train_data.table_columns(path)
    text, label = _picks(columns, text_column, label_column)
    handover.keep(request, TASK, data=_data_choice(source, path, text, label), source=source)
    return gr.Dropdown(choices=columns, value=text), gr.Dropdown(choices=columns, value=label)


def _picks(columns: list[str], text_column: str | None, label_column: str | None) -> tuple[str | None, str | None]:
    """The text and label columns of a table with ``columns``: the picks where it has them, else the guesses."""
    text, label = train_data.guess_columns(columns)
    return column_pick(columns, text_column, text), column_pick(columns, label_column, label)


def keep_source(source: str, request: gr.Request = None) -> None:
    """The student chose a data source: a table comes back after the switch only while its source is chosen (with
    no table kept there is nothing to say: page.js puts the choice back)."""
    if handover.kept(request, TASK).get("data"):
        handover.keep(request, TASK, source=source)


def keep_columns(source: str, data_file: str | None, upload: str | None, text_column: str | None,
                 label_column: str | None, hub_id: str = "", request: gr.Request = None) -> None:
    """The student picked a column: kept for the language switch, with the table it belongs to (a Hub dataset's
    with the columns its id was answered with)."""
    path = {"file": data_file, "upload": upload, "hub": hub_id}.get(source)
    kept = handover.kept(request, TASK).get("data") or {}
    columns = kept.get("columns") if (kept.get("source"), kept.get("path")) == (source, (path or "").strip()) else None
    if source == "hub" and columns is None:
        return  # columns of an id the Hub was not asked about (the pickers show another dataset's)
    handover.keep(request, TASK, data=_data_choice(source, path, text_column, label_column, columns))


def _data_choice(source: str, path: str | None, text_column: str | None, label_column: str | None,
                 columns: list[str] | None = None) -> dict[str, Any] | None:
    """What the language switch puts back of a table source: the table (a Hub dataset: its id and columns) and its
    column picks (None for the other sources, whose radio choice and typed text page.js keeps itself)."""
    if source not in ("file", "upload", "hub") or not path or not path.strip():
        return None
    choice = {"source": source, "path": path.strip() if source == "hub" else path, "text_column": text_column,
              "label_column": label_column}
    return {**choice, "columns": list(columns or [])} if source == "hub" else choice


def check_data(source: str, data_file: str | None, upload: str | None, text_column: str | None,
               label_column: str | None, data_license: str, hub_id: str = "", seed: float = 42, name_1: str = "",
               examples_1: str = "", name_2: str = "", examples_2: str = "", name_3: str = "", examples_3: str = "",
               request: gr.Request = None) -> tuple[str, Any]:
    """The data step's check: how many examples, classes, and the held-out split per class."""
    typed = _typed((name_1, examples_1, name_2, examples_2, name_3, examples_3))
    examples = examples_from(source, data_file, upload, text_column, label_column, typed, data_license, hub_id)
    split = train_data.split_examples(examples, int(seed or 0))
    lang = page_language(request)
    return _data_note(split, lang), _sizes_table(split.sizes(), lang)


def _data_note(split: train_data.Split, lang: str | None) -> str:
    rows = len(split.train) + len(split.test)
    return say("train.data_ok", lang, rows=rows, classes=len(split.classes), test=len(split.test))


def _sizes_table(sizes: list[dict[str, Any]], lang: str | None) -> Any:
    headers = [say(k, lang) for k in ("train.col_class", "train.col_train", "train.col_test")]
    return gr.Dataframe(value={"headers": headers, "data": [[r["label"], r["train"], r["test"]] for r in sizes]},
                        visible=True)


def train_page(engine: Engine, source: str, data_file: str | None, upload: str | None, text_column: str | None,
               label_column: str | None, data_license: str, hub_id: str, model: str, epochs: float,
               max_length: float,
               seed: float, learning_rate: float, name_1: str = "", examples_1: str = "", name_2: str = "",
               examples_2: str = "", name_3: str = "", examples_3: str = "", progress: gr.Progress = gr.Progress(),
               request: gr.Request = None, *, ui: Layout) -> Iterator[dict[Any, Any]]:
    """Train from the page, by component: stream the status, the split, the live chart, then the evaluation and
    the code (each step names only what it changes)."""
    lang = page_language(request)
    typed = _typed((name_1, examples_1, name_2, examples_2, name_3, examples_3))
    examples = examples_from(source, data_file, upload, text_column, label_column, typed, data_license, hub_id)
    settings = train.Settings(model=model, epochs=epochs, max_length=max_length, seed=seed,
                              learning_rate=learning_rate)
    points: list[train.Point] = []
    for update, chart in _run(engine, examples, settings, request, progress):
        points += update.points
        drawn = {} if chart is None else {ui.chart: chart}
        if update.done and update.model is not None:
            trained = update.model
            code = _code(trained, source, data_file, upload, text_column, label_column, examples)
            handover.keep(request, TASK, run=trained, points=list(points), code=code, source=source,
                          data=_data_choice(source, data_file if source == "file" else upload, text_column,
                                            label_column))
            yield {ui.status: _final_status(trained, lang), **drawn, **_evaluation(ui, trained, lang),
                   ui.code: code}
        elif update.sizes:
            name = engine.catalog.entry(TASK, settings.model).name
            yield {ui.status: say("train.status_start", lang, name=name, rows=len(examples.texts),
                                  steps=update.steps),
                   ui.sizes: _sizes_table(update.sizes, lang), **drawn}
        else:
            yield {ui.status: _step_status(update, lang), **drawn}


def restore(ui: Layout, data: dict[str, Any], lang: str) -> dict[Any, Any]:
    """After the language switch (``Tab.keeps``), in ``lang``: the table the student chose with its column picks,
    and the last finished run drawn again: its status, the split, the chart, the evaluation and the code, and the
    base model and settings it ran with."""
    table = data.get("data")
    shown = _restore_data(ui, table) if table and table.get("source") == data.get("source", table["source"]) else {}
    trained: train.TrainedModel | None = data.get("run")
    if trained is None:
        return shown
    shown |= {
        ui.status: _final_status(trained, lang), ui.sizes: _sizes_table(trained.sizes, lang),
        **_evaluation(ui, trained, lang), ui.code: data["code"], ui.model: trained.settings.model,
        ui.epochs: trained.settings.epochs, ui.max_length: trained.settings.max_length, ui.seed: trained.settings.seed,
        ui.learning_rate: trained.settings.learning_rate, ui.repo_name: train_share.default_repo_name(trained)}
    if data.get("points"):
        shown[ui.chart] = chart_start(data["points"], lang)
    return shown


def _restore_data(ui: Layout, data: dict[str, Any] | None) -> dict[Any, Any]:
    """The chosen table back in its box (the data folder's list, or the upload box) with its column picks; nothing
    when the table is gone (an upload past its time, a file taken out of the data folder)."""
    if not data or not data.get("path"):
        return {}
    path = str(data["path"])
    if data.get("source") == "hub":  # (the id is the student's text, which page.js puts back)
        columns = [str(c) for c in data.get("columns") or []]
        text, label = _picks(columns, data.get("text_column"), data.get("label_column"))
        return {ui.text_column: gr.Dropdown(choices=columns, value=text),
                ui.label_column: gr.Dropdown(choices=columns, value=label)}
    try:
        if data.get("source") == "file":
            files = local.list_data_files()
            if path not in files:
                return {}
            box = {ui.data_file: gr.Dropdown(choices=files, value=path)}
        elif Path(path).is_file():
            box = {ui.upload: path}
        else:
            return {}
        columns = train_data.table_columns(path)
    except PlaygroundError:
        return {}
    text, label = _picks(columns, data.get("text_column"), data.get("label_column"))
    return {**box, ui.text_column: gr.Dropdown(choices=columns, value=text),
            ui.label_column: gr.Dropdown(choices=columns, value=label)}


def adopt(data: dict[str, Any], request: gr.Request) -> None:
    """The trained model belongs to the new page's session now ("Try it", the zip and the push read it there)."""
    trained: train.TrainedModel | None = data.get("run")
    session = _session(request)
    if trained is not None and session and trained.folder.is_dir():
        train.STORE.put(session, trained)


def _run(engine: Engine, examples: Examples, settings: train.Settings, request: gr.Request | None,
         progress: gr.Progress) -> Iterator[tuple[train.Update, Any]]:
    """The engine's run, its updates paired with the chart so far (at most every ``STREAM_EVERY_S``, and always
    the first and the last; None between)."""
    lang = page_language(request)
    report = progress_callback(progress)
    stop = STOPS.start(request)
    points: list[train.Point] = []
    sent, drawn = 0.0, False
    try:
        for update in train.run(engine, examples, settings, _session(request), stop, report):
            points += update.points
            if update.steps and update.step:
                left = update.seconds_left
                report(update.step / update.steps, Message(
                    "progress_train_step", step=update.step, steps=update.steps, loss=update.loss or 0.0,
                    left=round(left) if left is not None else "?") if update.loss is not None else
                    Message("progress_train_eval"))
            both = {p.metric for p in points} == {"loss", "accuracy"}
            if both and not drawn:  # the first frame with both lines: Gradio fixes the colours from it
                drawn, sent = True, time.monotonic()
                yield update, chart_start(points, lang)
            elif update.done or update.sizes or time.monotonic() - sent >= STREAM_EVERY_S:
                sent = time.monotonic()
                yield update, chart_frame(points, lang) if drawn else None
    finally:
        STOPS.release(request, stop)


def chart_start(points: list[train.Point], lang: str | None) -> gr.LinePlot:
    """The chart's first frame of a run, with both metrics (Gradio 6.31 fixes a plot's colour domain from the
    first data it draws: a line first seen in a later frame would stay invisible) and axis titles in the page's
    language."""
    return gr.LinePlot(value=chart_frame(points, lang), x_title=say("train.chart_x", lang),
                       y_title=say("train.chart_y", lang))


def _metric_names(lang: str | None) -> dict[str, str]:
    return {"loss": say("train.loss", lang), "accuracy": say("train.accuracy", lang)}


def chart_frame(points: list[train.Point], lang: str | None) -> Any:
    """The live chart's data: step, value, and the metric's name in the page's language."""
    import pandas as pd

    names = _metric_names(lang)
    points = thinned(points)
    return pd.DataFrame({"step": [p.step for p in points], "value": [round(p.value, 4) for p in points],
                         "metric": [names[p.metric] for p in points]})


def thinned(points: list[train.Point], most: int = CHART_MAX_POINTS) -> list[train.Point]:
    """At most ``most`` loss points, evenly spaced, the first and the last kept; every accuracy point (one per
    evaluation) kept."""
    loss = [p for p in points if p.metric == "loss"]
    if len(loss) <= most:
        return points
    last = len(loss) - 1
    keep = {id(loss[round(i * last / (most - 1))]) for i in range(most)}
    return [p for p in points if p.metric != "loss" or id(p) in keep]


def _step_status(update: train.Update, lang: str | None) -> str:
    if update.loss is None:
        return say("progress_train_eval", lang)
    left = update.seconds_left
    return say("train.status_step", lang, step=update.step, steps=update.steps, loss=f"{update.loss:.3f}",
               left=round(left) if left is not None else "?")


def _final_status(trained: train.TrainedModel, lang: str | None) -> str:
    if trained.stopped:
        return say("train.status_stopped", lang, steps=trained.steps, planned=trained.steps_planned)
    return say("train.status_done", lang, steps=trained.steps, seconds=trained.seconds,
               rate=trained.samples_per_second)


def _evaluation(ui: Layout, trained: train.TrainedModel, lang: str | None) -> dict[Any, Any]:
    """The before/after Markdown, the confusion matrix and the wrong examples, by component, in the page's
    language."""
    after = trained.after
    summary = say("train.before_after", lang, before=trained.before.accuracy, after=after.accuracy,
                  count=after.count)
    corner = say("train.true_predicted", lang)
    names = class_names(trained, lang)
    classes = [names[c] for c in trained.classes]
    confusion = {"headers": [corner, *classes],
                 "data": [[name, *row] for name, row in zip(classes, after.confusion, strict=True)]}
    # the text last: a long review first pushed the true and predicted classes out of the table's view
    headers = [say(k, lang) for k in ("train.col_label", "train.col_predicted", "train.col_score", "train.col_text")]
    rows = [[names.get(w["label"], w["label"]), names.get(w["predicted"], w["predicted"]), f"{w['score']:.0%}",
             w["text"]] for w in after.wrong]
    if not rows:
        summary += "\n\n" + say("train.no_wrong", lang)
    return {ui.result: summary, ui.confusion: gr.Dataframe(value=confusion, visible=True),
            ui.wrong: gr.Dataframe(value={"headers": headers, "data": rows}, visible=bool(rows))}


def _code(trained: train.TrainedModel, source: str, data_file: str | None, upload: str | None,
          text_column: str | None, label_column: str | None, examples: train_data.Examples | None = None) -> str:
    """The run's code, its examples read as this run read them (a typed run's written into it)."""
    if source == "nsmc":
        return train_share.code_snippet(trained, model=trained.base.id, data_name="nsmc_100.tsv",
                                        text_column="document")
    if source == "typed" and examples is not None:
        return train_share.code_snippet(trained, model=trained.base.id, data_name="",
                                        rows_code=train_share.typed_rows_code(examples.texts, examples.labels))
    text_column, label_column = text_column or "text", label_column or "label"
    if source == "hub":
        rows = train_share.table_rows_code(f"hf://datasets/{trained.source.name}", text_column, label_column)
        return train_share.code_snippet(trained, model=trained.base.id, data_name="", rows_code=rows)
    path = data_file or upload or "data.csv"
    try:
        kind: str | None = local.open_table(path).kind  # the format the app read it in
    except PlaygroundError:
        kind = None
    name = local.display_name(path)
    rows = train_share.table_rows_code(name, text_column, label_column, kind=kind)
    return train_share.code_snippet(trained, model=trained.base.id, data_name=name, rows_code=rows)


def stop_run(request: gr.Request = None) -> None:
    """Stop this session's run within a step; the run then evaluates and keeps the model trained so far."""
    STOPS.stop(request)


def try_it(engine: Engine, text: str, request: gr.Request = None) -> tuple[dict[str, float], Any]:
    """The session's model on one sentence, and beside it the Sentiment tab's model when the classes mean the
    same thing (negative / positive)."""
    scores = train.predict(_session(request), text)
    trained = train.STORE.get(_session(request))
    mapping = train.sentiment_labels(trained)
    if mapping is None:
        return scores, gr.Label(visible=False)
    lang = page_language(request)
    theirs = sentiment.analyze_text(engine, text).scores
    names = class_names(trained, lang)
    named = {names[k]: v for k, v in scores.items()}  # NSMC's "1" → "1 · 긍정"
    return named, gr.Label(value={sentiment_label(k, lang): v for k, v in theirs.items()}, visible=True)


def class_names(trained: train.TrainedModel, lang: str | None) -> dict[str, str]:
    """Each class as the page shows it: with its meaning beside it where the classes mean negative / positive and
    the name alone does not say so (NSMC's "0" → "0 · 부정"); else the class itself."""
    mapping = train.sentiment_labels(trained) or {}
    names = {}
    for name in trained.classes:
        meaning = sentiment_label(mapping[name], lang) if name in mapping else name
        names[name] = name if meaning.lower() == name.lower() else f"{name} · {meaning}"
    return names


def make_zip(request: gr.Request = None) -> Any:
    """The session's model as a zip (``pipeline("text-classification", model=<unzipped folder>)`` loads it)."""
    return gr.File(value=str(train_share.zip_model(train.STORE.get(_session(request)))), visible=True)


def push_credentials(request: gr.Request | None) -> tuple[str | None, str | None]:
    """(username, token) of the student signed in with Hugging Face in this session; never the server's token."""
    account = signin.account(request)
    return (account.username, account.token) if account else (None, None)


def push_model(name: str, request: gr.Request = None) -> str:
    """Push the session's model to the signed-in student's account as a private repository."""
    username, token = push_credentials(request)
    url = train_share.push(train.STORE.get(_session(request)), name, username=username, token=token)
    return say("train.pushed", page_language(request), url=url)


def suggest_repo_name(request: gr.Request = None) -> str:
    try:
        return train_share.default_repo_name(train.STORE.get(_session(request)))
    except BadInput:
        return gr.skip()


def show_model(engine: Engine, model: str) -> str:
    return model_card(engine, TASK, model)


def _session(request: gr.Request | None) -> str | None:
    return getattr(request, "session_hash", None) or None


# -- the API ---------------------------------------------------------------------------------------------------------
def api_train(engine: Engine, data: str = "nsmc", text_column: str = "", label_column: str = "",
              model: str = "", epochs: float = 1, max_length: float = 64, seed: float = 42,
              learning_rate: float = limits.TRAIN_LEARNING_RATE, data_license: str = "auto",
              request: gr.Request = None) -> Iterator[str]:
    """Train a classifier for this session; streams status lines, then a JSON summary of the result."""
    data = str(data if data is not None else "nsmc").strip()
    if not data:  # an explicit empty choice is a mistake, not a request for the sample
        raise BadInput("train_no_data")
    if data == "nsmc":
        examples = train_data.from_nsmc_sample(data_license)
    elif data.startswith("hub:"):
        examples = train_data.from_hub(data[4:].strip(), text_column, label_column, declared=data_license)
    elif data.startswith("{"):
        try:
            typed = json.loads(data)
            pairs = [(str(k), "\n".join(str(x) for x in v)) for k, v in typed.items()]
        except (ValueError, AttributeError, TypeError):
            raise BadInput("bad_option", name="data", allowed="nsmc, a data-folder file, {class: [examples]}",
                           value=data[:40]) from None
        examples = train_data.from_classes(pairs, train_data.data_source("typed", "typed examples", data_license))
    else:
        examples = train_data.from_table(data, text_column, label_column, "file", data_license)
    settings = train.Settings(model=model or engine.default_choice(TASK) or "", epochs=epochs, max_length=max_length,
                              seed=seed, learning_rate=learning_rate)
    lang = page_language(request)
    for update, _ in _run(engine, examples, settings, request, gr.Progress()):
        if update.done and update.model is not None:
            m = update.model
            yield json.dumps({"classes": m.classes, "sizes": m.sizes, "accuracy_before": m.before.accuracy,
                              "accuracy_after": m.after.accuracy, "confusion": m.after.confusion,
                              "steps": m.steps, "stopped": m.stopped, "seconds": round(m.seconds, 2)},
                             ensure_ascii=False)
        else:
            yield _step_status(update, lang)


def api_try(text: str, request: gr.Request = None) -> dict[str, float]:
    """Classify one sentence with the model this session trained."""
    return train.predict(_session(request), text)


def tool_docs(engine: Engine) -> dict[str, str]:
    """The Train tab's endpoints, for API and MCP clients (values from the limits and the catalog)."""
    models = ", ".join(engine.choices(TASK)) or "-"
    return {
        "train": tool_doc(
            "Fine-tune a small classifier on labelled examples (datasets + transformers Trainer) for this session.", {
                "data": f"nsmc (100 bundled NSMC reviews), a file in the data folder, hub:owner/name (a Hub "
                        f"dataset's first split), or JSON {{class: [examples]}}; "
                        f"{limits.TRAIN_CLASSES[0]} to {limits.TRAIN_CLASSES[1]} classes, at least "
                        f"{limits.TRAIN_MIN_PER_CLASS} examples each, at most {limits.TRAIN_MAX_ROWS:,} rows.",
                "text_column": "the table's text column (a file only).",
                "label_column": "the table's label column (a file only).",
                "model": f"a catalog base model, one of: {models}; default {engine.default_choice(TASK)}.",
                "epochs": f"{limits.TRAIN_EPOCHS[0]} to {limits.TRAIN_EPOCHS[1]}; default 1.",
                "max_length": f"tokens per example, {limits.TRAIN_MAX_LENGTH[0]} to {limits.TRAIN_MAX_LENGTH[1]}; "
                              "default 64.",
                "seed": f"0 to {train.MAX_SEED}; default 42.",
                "learning_rate": f"1e-6 to 1e-2; default {limits.TRAIN_LEARNING_RATE:g}.",
                "data_license": f"one of {', '.join(train_data.DATA_LICENSES)}; default auto."},
            "Status lines while it trains, then JSON: classes, sizes, accuracy before/after, confusion matrix."),
        "train_try": tool_doc(
            "Classify a sentence with the model this session trained.",
            {"text": f"1 to {limits.TRAIN_MAX_TRY_CHARS} characters."}, "Class name -> probability."),
    }


# -- wiring ---------------------------------------------------------------------------------------------------------
def build(engine: Engine) -> Tab:
    """Draw the tab inside the current ``gr.Tab`` and wire its events."""
    ui = layout(engine)
    quick = {"api_visibility": "private", "queue": False}
    typed_inputs = [x for pair in zip(ui.names, ui.lines, strict=True) for x in pair]
    data_inputs = [ui.source, ui.data_file, ui.upload, ui.text_column, ui.label_column, ui.data_license, ui.hub_id]
    ui.source.change(show_source, ui.source,
                     [ui.data_file, ui.upload, ui.text_column, ui.label_column, ui.typed, ui.hub_id], **quick)
    ui.hub_id.submit(handler(engine, pick_hub_columns, action=False), ui.hub_id, [ui.text_column, ui.label_column],
                     api_visibility="private")
    for source, picker in (("file", ui.data_file), ("upload", ui.upload)):
        picker.change(handler(engine, pick_columns, action=False, source=source),
                      [picker, ui.text_column, ui.label_column], [ui.text_column, ui.label_column],
                      api_visibility="private")
    ui.source.input(handler(engine, keep_source, action=False), ui.source, None, **quick)
    for picker in (ui.text_column, ui.label_column):  # a student's pick (a value set by a handler is kept there)
        picker.input(handler(engine, keep_columns, action=False), [*data_inputs[:5], ui.hub_id], None, **quick)
    ui.check.click(handler(engine, check_data, action=False), [*data_inputs, ui.seed, *typed_inputs],
                   [ui.data_note, ui.sizes], api_visibility="private")
    ui.model.change(handler(engine, show_model, action=False), ui.model, ui.card, **quick)
    outputs = [ui.status, ui.sizes, ui.chart, ui.result, ui.confusion, ui.wrong, ui.code]
    job = with_stop([ui.run.click], handler(engine, train_page, ui=ui),
                    [*data_inputs, ui.model, ui.epochs, ui.max_length, ui.seed, ui.learning_rate, *typed_inputs],
                    outputs, ui.stop, api_visibility="private", show_progress_on=ui.status, **resource(TASK))
    job.success(handler(engine, suggest_repo_name, action=False), None, ui.repo_name, **quick)
    ui.stop.click(stop_run, None, None, **quick)
    gr.api(handler(engine, api_train), api_name="train", **resource(TASK))
    gr.on([ui.try_run.click, ui.try_text.submit], handler(engine, try_it), ui.try_text, [ui.mine, ui.theirs],
          api_visibility="private", **resource("sentiment"))
    gr.api(handler(engine, api_try), api_name="train_try", **resource("sentiment"))
    ui.zip_run.click(handler(engine, make_zip), None, ui.zip_file, api_visibility="private",
                     **resource("sentiment", bulk=True))
    ui.push.click(handler(engine, push_model), ui.repo_name, ui.pushed, api_visibility="private",
                  **resource("sentiment", bulk=True))
    keeps = Kept([ui.status, ui.sizes, ui.chart, ui.result, ui.confusion, ui.wrong, ui.code, ui.model, ui.epochs,
                  ui.max_length, ui.seed, ui.learning_rate, ui.repo_name, ui.data_file, ui.upload, ui.text_column,
                  ui.label_column], functools.partial(restore, ui), adopt,
                 picks={"model": ui.model, "data_license": ui.data_license})
    return Tab(main_input=ui.try_text, keeps=keeps)
