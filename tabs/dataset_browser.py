"""The Datasets tab: Hub datasets and local files in one browser (pages, search, filter, statistics, row view),
a sentiment run over a text column, and "send this row" to the Sentiment, Summarize and Translate tabs.

API endpoints (first parameter: a Hub id or a local file; every other one defaulted): ``/dataset_info``,
``/dataset_rows``, ``/dataset_stats``, ``/dataset_sentiment`` (typed ``gr.api`` functions, the page's events are
private: see :func:`register_api`), and ``/dataset_file`` for a file the client sends (``tabs.dataset_api``).
"""

from __future__ import annotations

import functools
import inspect
import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, NamedTuple

import gradio as gr
from gradio.context import LocalContext

from playground import limits, samples
from playground.catalog import AUTO
from playground.data import browser as data_browser
from playground.data import media
from playground.data.common import OPS, Column, Info, Page, Query, Stats, make_query, media_bytes, media_path, to_json
from playground.engine import Engine
from playground.errors import BadInput
from playground.tasks.sentiment import ManyRun, run_code_lines
from playground.text import md_code, md_escape

from . import dataset_api, handover
from .common import (
    Kept,
    SessionStops,
    SessionStore,
    Tab,
    code_panel,
    handler,
    model_picker,
    progress_callback,
    request_language,
    resource,
    sentiment_summary,
    sentiment_table,
    stop_button,
    with_stop,
)
from .i18n import STRINGS, page_language, say, t
from .sentiment import page_summary
from .tool_docs import model_doc, tool_doc

TASK = "datasets"
SENTIMENT_COLUMNS = ("text", "label", "score", "gold")  # the column sentiment's table, in order (gold when given)
SEND_TARGETS = ("sentiment", "summarize", "translate")
NO_COLUMN = "(none)"
NO_COLUMN_CHOICE = ("—", NO_COLUMN)  # "no column", shown as "—": the same in both languages
UPLOAD_TYPES = (".csv", ".tsv", ".txt", ".json", ".jsonl", ".parquet", ".zip")
STOPS = SessionStops()  # one stop switch per browser session: Stop ends only this student's sentiment run
LAST: SessionStore[ManyRun] = SessionStore()  # the last column run per session (the "wrong only" filter redraws it)

# This tab's CSS (appended to the page's by app.page_css), scoped by the elem_ids set below.
CSS = """
#dataset-privacy details summary { cursor: pointer; }
#dataset-privacy details[open] summary { margin-bottom: 0.4rem; }
/* buttons beside inputs: their own height, at the bottom of the row (not stretched to the row's height) */
#dataset-source-row > .pg-ds-button, #dataset-query-row > .pg-ds-button,
#dataset-stats-row > .pg-ds-button { align-self: flex-end; height: auto; min-height: 42px; }
#dataset-upload-row > #dataset-file-buttons { align-self: center; }
#dataset-upload .file-name { word-break: break-all; }
/* the pager: one row of small controls, the status line after them */
#dataset-pager { flex-wrap: wrap; align-items: flex-end; gap: 0.5rem; }
#dataset-pager > * { flex: 0 0 auto !important; width: auto; min-width: 0 !important; }
#dataset-pager > button { height: 36px; padding: 0 0.9rem; font-size: var(--text-md); white-space: nowrap; }
#dataset-page, #dataset-page-size { padding: 0.25rem 0.5rem !important; }
#dataset-pager [data-testid="block-info"] { white-space: nowrap; margin-bottom: 0.15rem; }
#dataset-page { width: 5.5rem !important; }
#dataset-page-size { width: 8.5rem !important; }
#dataset-status { flex: 1 1 14rem !important; align-self: center; }
#dataset-status p { margin: 0; }
/* the confusion matrix: label names never broken inside a word, numbers to the right */
#dataset-sentiment-summary table { width: auto; margin: 0.25rem 0; }
#dataset-sentiment-summary th:not(:first-child), #dataset-sentiment-summary td {
  white-space: nowrap; padding: 0.3rem 0.7rem; }
/* the search and filter in use: one line, the Clear button after it */
#dataset-filters-row { flex-wrap: nowrap !important; align-items: center; gap: 0.75rem; }
#dataset-filters { flex: 0 1 auto !important; width: auto !important; min-width: 0 !important; }
#dataset-clear-filters { flex: 0 0 auto !important; width: auto !important; min-width: 0 !important; }
#dataset-filters p { margin: 0; }
@media (max-width: 640px) {
  #dataset-pager { gap: 0.3rem; }
  #dataset-pager > button { padding: 0 0.45rem; }
  #dataset-page { width: 4rem !important; }
  #dataset-page-size { width: 6.6rem !important; }
  #dataset-pager [data-testid="block-info"] { font-size: var(--text-sm); }
  #dataset-status { flex-basis: 100% !important; }
  #dataset-upload-row { flex-direction: column; }
  #dataset-upload-row > #dataset-file-buttons { align-self: stretch; }
}
"""


# -- what the page shows: one named definition of the nine values every rows, statistics and sentiment call reads --
@dataclass(frozen=True)
class View:
    """The rows on screen: where they come from, which page, and the search and filter. Its fields, in this order,
    are the page's inputs (``Layout.view_inputs``: the components of the same names) and the API's parameters;
    :meth:`read` is the one place the raw values become a View."""

    source: Any
    config: str | None = None
    split: str | None = None
    page: Any = 1
    page_size: Any = 20
    search: str = ""
    filter_column: str = ""
    filter_op: str = "="
    filter_value: str = ""

    @classmethod
    def read(cls, *values: Any) -> View:
        """A View from the page's values (``Layout.view_inputs``, in order) or an API call's: no config or split
        is None, "no column" is none, an empty operator is "="; page numbers and sizes are checked by the engine."""
        raw = cls(*values)
        return replace(raw, config=raw.config or None, split=raw.split or None, search=raw.search or "",
                       filter_column=_no_none(raw.filter_column), filter_op=raw.filter_op or "=",
                       filter_value=raw.filter_value or "")

    @classmethod
    def split_off(cls, values: tuple[Any, ...]) -> View:
        """The View read from the last values of an event's inputs (``[..., *ui.view_inputs]``)."""
        return cls.read(*values[-len(fields(cls)):])

    def at(self, page: Any) -> View:
        return replace(self, page=page)

    @property
    def query(self) -> tuple[str, str, str, str]:
        """The search and the filter, as the engine takes them (``search, filter_column, filter_op, filter_value``)."""
        return self.search, self.filter_column, self.filter_op, self.filter_value

    def rows(self) -> Page:
        return data_browser.dataset_rows(self.source, self.config, self.split, self.page, self.page_size, *self.query)

    def stats(self, label_column: str, text_column: str | None) -> Stats:
        return data_browser.dataset_stats(self.source, self.config, self.split, _no_none(label_column),
                                          text_column or None, *self.query)

    def column_texts(self, text_column: str | None, label_column: str,
                     scope: str) -> tuple[list[str], list[Any] | None]:
        return data_browser.column_texts(self.source, self.config, self.split, text_column, _no_none(label_column),
                                         scope, self.page, self.page_size, *self.query)

    def column_code_lines(self, text_column: str | None, label_column: str, scope: str) -> list[str]:
        return data_browser.column_code_lines(self.source, self.config, self.split, text_column,
                                              _no_none(label_column), scope, self.page, self.page_size, *self.query)

    def code(self) -> str:
        """The ``datasets`` lines that load these rows."""
        return data_browser.code_snippet(self.source, self.config, self.split, self.page, self.page_size,
                                         *self.query)


class PageShown(NamedTuple):
    """What a page of rows changes on screen, each field the ``Layout`` component of its name (in this order:
    ``Layout.page_outputs``)."""

    table: Any  # the rows, with column widths that fit the screen
    status: str  # "rows 1–20 of 200 · page 1 of 10"
    page: int  # the page shown (the last one, for a page past it)
    shown: Page  # the raw page, kept for the row view and the gallery
    filters_row: Any  # shown while a search or filter is in use
    filters: str  # the search and filter in use, named


# -- layout ---------------------------------------------------------------------------------------------------
@dataclass
class Layout:
    source: gr.Dropdown
    config: gr.Dropdown
    split: gr.Dropdown
    open: gr.Button
    upload: gr.File
    sample: gr.Button
    refresh: gr.Button
    card: gr.Markdown
    details: gr.JSON
    search: gr.Textbox
    filter_column: gr.Dropdown
    filter_op: gr.Dropdown
    filter_value: gr.Textbox
    apply: gr.Button
    prev: gr.Button
    page: gr.Number
    next: gr.Button
    page_size: gr.Dropdown
    status: gr.Markdown
    filters_row: gr.Row
    filters: gr.Markdown
    clear_filters: gr.Button
    table: gr.Dataframe
    gallery: gr.Gallery
    shown: gr.State  # the Page on screen, raw values (for the row view and the gallery)
    row_no: gr.Number
    text_column: gr.Dropdown
    row_text: gr.Textbox
    send_to: dict[str, gr.Button]
    row_image: gr.Image
    row_audio: gr.Audio
    row_full: gr.Code
    label_column: gr.Dropdown
    stats_text_column: gr.Dropdown
    compute: gr.Button
    stats_summary: gr.Markdown
    label_chart: gr.BarPlot
    length_chart: gr.BarPlot
    missing: gr.Dataframe
    gold_column: gr.Dropdown
    scope: gr.Radio
    model: gr.Dropdown
    run: gr.Button
    stop: gr.Button
    sentiment_summary: gr.Markdown
    sentiment_table: gr.Dataframe
    code: gr.Code
    wrong_only: gr.Checkbox
    row_gold: gr.State  # the row view's gold label (sent with "→ Sentiment")

    @property
    def where(self) -> list[Any]:
        return [self.source, self.config, self.split]

    @property
    def query(self) -> list[Any]:
        return [self.search, self.filter_column, self.filter_op, self.filter_value]

    @property
    def view_inputs(self) -> list[Any]:
        """The components a :class:`View` is read from, in its fields' order (the same names)."""
        return [getattr(self, f.name) for f in fields(View)]

    @property
    def page_outputs(self) -> list[Any]:
        """The components a page of rows changes, in :class:`PageShown`'s fields' order (the same names)."""
        return [getattr(self, name) for name in PageShown._fields]

    @property
    def pickers(self) -> list[Any]:
        return [self.config, self.split, self.filter_column, self.text_column, self.label_column,
                self.stats_text_column, self.gold_column]

    @property
    def row_view(self) -> list[Any]:
        return [self.row_text, self.row_full, self.row_image, self.row_audio]


def layout(engine: Engine) -> Layout:
    """Draw the tab inside the current ``gr.Tab``."""
    hub, files = data_browser.sources()
    gr.Markdown(t("datasets.intro"), elem_id="dataset-intro")
    gr.Markdown(t("datasets.privacy"), elem_id="dataset-privacy")  # one line; the AI Hub terms unfold below it
    with gr.Row(equal_height=True, elem_id="dataset-source-row"):
        source = gr.Dropdown(choices=_source_choices(hub, files), value=None, label=t("datasets.source"),
                             info=t("datasets.source_info"), allow_custom_value=True, scale=4, min_width=220)
        config = gr.Dropdown(choices=[], label=t("datasets.config"), allow_custom_value=True, scale=2,
                             min_width=140)
        split = gr.Dropdown(choices=[], label=t("datasets.split"), allow_custom_value=True, scale=1, min_width=110)
        open_ = gr.Button(t("datasets.open"), variant="primary", scale=1, min_width=90, elem_classes="pg-ds-button")
    with gr.Row(equal_height=True, elem_id="dataset-upload-row"):
        upload = gr.File(label=t("datasets.upload"), file_types=list(UPLOAD_TYPES), height=110, scale=4,
                         elem_id="dataset-upload")
        with gr.Column(scale=1, min_width=120, elem_id="dataset-file-buttons"):
            sample = gr.Button(t("datasets.sample"), size="sm", elem_id="dataset-sample")
            refresh = gr.Button(t("datasets.refresh"), size="sm")
    card = gr.Markdown(elem_id="dataset-card")
    with gr.Accordion(t("datasets.details"), open=False):
        details = gr.JSON(label=t("datasets.details"))

    with gr.Row(equal_height=True, elem_id="dataset-query-row"):
        search = gr.Textbox(value="", label=t("datasets.search"), placeholder=t("datasets.search_placeholder"), scale=3,
                            max_length=limits.DATASET_MAX_SEARCH_CHARS, min_width=200)
        filter_column = gr.Dropdown(choices=[NO_COLUMN_CHOICE], value=NO_COLUMN, label=t("datasets.filter_column"),
                                    allow_custom_value=True, scale=2, min_width=120)
        filter_op = gr.Dropdown(choices=[(t(f"datasets.op.{op}"), op) for op in OPS], value="=",
                                label=t("datasets.filter_op"), scale=1, min_width=100,
                                allow_custom_value=True)  # checked on the server, with a clear message
        filter_value = gr.Textbox(value="", label=t("datasets.filter_value"), scale=2, min_width=100,
                                  max_length=limits.DATASET_MAX_SEARCH_CHARS)
        apply = gr.Button(t("datasets.apply"), scale=1, min_width=110, elem_classes="pg-ds-button")
    # The pager: one compact row (small buttons, a narrow page box), the status line beside it (below on a phone).
    with gr.Row(elem_id="dataset-pager"):
        prev = gr.Button(t("datasets.prev"), size="sm", min_width=0, elem_id="dataset-prev")
        page = gr.Number(value=1, label=t("datasets.page"), precision=0, minimum=1, min_width=0,
                         elem_id="dataset-page")
        next_ = gr.Button(t("datasets.next"), size="sm", min_width=0, elem_id="dataset-next")
        page_size = gr.Dropdown(choices=list(limits.DATASET_PAGE_SIZES), value=20, label=t("datasets.page_size"),
                                allow_custom_value=True, min_width=0,
                                elem_id="dataset-page-size")  # any size is checked (1-100) on the server
        status = gr.Markdown(elem_id="dataset-status")
    # The search and filter in use, named above the table, with a button that clears them.
    with gr.Row(visible=False, elem_id="dataset-filters-row") as filters_row:
        filters = gr.Markdown(elem_id="dataset-filters")
        clear_filters = gr.Button(t("datasets.clear_filters"), size="sm", min_width=0, elem_id="dataset-clear-filters")
    # Each table appears with its first content (an empty one was headed "1 2 3" before anything was opened).
    table = gr.Dataframe(label=t("datasets.rows"), interactive=False, wrap=True, max_height=520,
                         elem_id="dataset-rows", visible=False)
    gallery = gr.Gallery(label=t("datasets.gallery"), visible=False, columns=8, height=220, preview=False)
    shown = gr.State(None)

    with gr.Accordion(t("datasets.row_view"), open=True):
        with gr.Row(equal_height=True):
            row_no = gr.Number(value=1, label=t("datasets.row_no"), precision=0, minimum=1, scale=1)
            text_column = gr.Dropdown(choices=[], label=t("datasets.text_column"), allow_custom_value=True, scale=2)
        row_text = gr.Textbox(label=t("datasets.row_text"), lines=3, elem_id="dataset-row-text")
        with gr.Row():
            send_to = {task: gr.Button(t(f"datasets.send_{task}"), size="sm", visible=False) for task in SEND_TARGETS}
        with gr.Row():
            row_image = gr.Image(label=t("datasets.row_image"), visible=False, interactive=False, height=260)
            row_audio = gr.Audio(label=t("datasets.row_audio"), visible=False, interactive=False)
        row_full = gr.Code(label=t("datasets.row_full"), language="json", interactive=False, max_lines=20)

    with gr.Accordion(t("datasets.stats"), open=False):
        with gr.Row(equal_height=True, elem_id="dataset-stats-row"):
            label_column = gr.Dropdown(choices=[NO_COLUMN_CHOICE], value=NO_COLUMN, label=t("datasets.label_column"),
                                       allow_custom_value=True)
            stats_text_column = gr.Dropdown(choices=[], label=t("datasets.text_column"), allow_custom_value=True)
            compute = gr.Button(t("datasets.compute"), elem_classes="pg-ds-button")
        stats_summary = gr.Markdown()
        with gr.Row():
            # bars from zero (one category is a bar too, not a line at the axis's bottom)
            label_chart = gr.BarPlot(x="value", y="count", label=t("datasets.label_chart"), height=240, sort="-y",
                                     y_lim=[0, None])
            length_chart = gr.BarPlot(x="length", y="count", label=t("datasets.length_chart"), height=240, sort=None,
                                      y_lim=[0, None])
        missing = gr.Dataframe(label=t("datasets.missing"), interactive=False, max_height=260, visible=False)

    has_sentiment = bool(engine.choices("sentiment"))
    with gr.Accordion(t("datasets.sentiment"), open=False, visible=has_sentiment):
        gr.Markdown(t("datasets.sentiment_intro"))
        with gr.Row(equal_height=True, elem_classes="pg-model-row"):
            gold_column = gr.Dropdown(choices=[NO_COLUMN_CHOICE], value=NO_COLUMN, label=t("datasets.gold_column"),
                                      allow_custom_value=True)
            scope = gr.Radio(choices=[(t("datasets.scope_page"), "page"), (t("datasets.scope_all"), "all")],
                             value="page", label=t("datasets.scope"), elem_id="datasets-scope")
            model = model_picker(engine, "sentiment") if has_sentiment else gr.Dropdown(visible=False)
        with gr.Row():
            run = gr.Button(t("datasets.run_sentiment"), variant="primary")
            stop = stop_button()
        sentiment_summary = gr.Markdown(elem_id="dataset-sentiment-summary")
        wrong_only = gr.Checkbox(label=t("sentiment.wrong_only"), value=False, visible=False,
                                 elem_id="dataset-wrong-only")
        sentiment_table = gr.Dataframe(label=t("datasets.sentiment_table"), interactive=False, max_height=360,
                                       wrap=True, visible=False, elem_id="dataset-sentiment-table")
    code = code_panel("")
    return Layout(source, config, split, open_, upload, sample, refresh, card, details, search, filter_column,
                  filter_op, filter_value, apply, prev, page, next_, page_size, status, filters_row, filters,
                  clear_filters, table, gallery, shown, row_no, text_column, row_text, send_to, row_image, row_audio,
                  row_full, label_column, stats_text_column, compute, stats_summary, label_chart, length_chart,
                  missing, gold_column, scope, model, run, stop, sentiment_summary, sentiment_table, code, wrong_only,
                  gr.State(None))


# -- handlers: call the engine, format its plain results ------------------------------------------------------
def open_dataset(source: str, config: str | None = None, split: str | None = None,
                 progress: gr.Progress = gr.Progress(), request: gr.Request = None) -> tuple[str, dict[str, Any]]:
    """What a dataset holds: the card (license first) as Markdown, and the details as JSON."""
    lang = page_language(request)
    progress(None, desc=say("datasets.opening", lang))
    info = data_browser.dataset_info(source, config, split)
    handover.keep(request, TASK, info=info)
    return card_markdown(info, lang), info_json(info)


def rows(view: View, request: gr.Request = None) -> PageShown:
    """One page of rows matching the search and filter: the table, a status line, the page, and the search and
    filter in use (named above the table, with the button that clears them; hidden when none).

    A page past the last one (999 of 200 typed in the page box) shows the last page, and says so: the box then
    holds a page that exists, not the refused number."""
    lang = page_language(request)
    try:
        found = view.rows()
    except BadInput as exc:
        last = exc.params.get("high")
        if exc.key != "out_of_range" or exc.params.get("name") != "page" or not isinstance(last, int):
            raise
        found = view.at(last).rows()
        gr.Info(say("datasets.last_page", lang, pages=f"{last:,}"))
    handover.keep(request, TASK, view=view.at(found.page), page=found)
    return page_shown(view, found, lang)


def page_shown(view: View, found: Page, lang: str | None) -> PageShown:
    """A page of rows on screen, in ``lang`` (what :func:`rows` answers and the language switch draws again)."""
    # The page gets the table with its column widths; an API client (no language preference) the plain table.
    table = _table(found)
    named = filters_line(make_query(*view.query), lang)
    return PageShown(table=table, status=status_line(found, lang), page=found.page, shown=found,
                     filters_row=gr.Row(visible=bool(named)), filters=named)


def filters_line(query: Query, lang: str | None) -> str:
    """The search and filter in use, in the page's language: 필터: `label` = `1` · 검색: '재밌' ("" for none)."""
    parts = []
    if query.filtered:
        value = "" if query.op in ("is empty", "is not empty") else " " + md_code(query.value, limit=60)
        parts.append(f"**{say('datasets.filters', lang)}**: {md_code(query.column, limit=60)} "
                     f"{say(f'datasets.op.{query.op}', lang)}{value}")
    if query.search:
        parts.append(f"**{say('datasets.searching', lang)}**: ‘{md_escape(query.search, limit=60)}’")
    return " · ".join(parts)


def cleared() -> tuple[str, str, str, str]:
    """Clear filters: no search, no filter column (the table reloads on page 1)."""
    return "", NO_COLUMN, "=", ""


# The page's events read ``Layout.view_inputs`` (last, after any other input): each handler takes them as ``*view``
# and reads them with ``View.read`` / ``View.split_off``; the request comes from Gradio's context.
def this_page(*view: Any) -> PageShown:
    """The page typed in the page box."""
    return rows(View.read(*view), _this_request())


def first_rows(*view: Any) -> PageShown:
    """Page 1 (a dataset was opened, a search or filter applied, or the page size changed)."""
    return rows(View.read(*view).at(1), _this_request())


def previous_rows(*view: Any) -> PageShown:
    found = View.read(*view)
    return rows(found.at(max(1, _page(found.page) - 1)), _this_request())  # Previous on page 1 stays on page 1


def next_rows(*view: Any) -> PageShown:
    found = View.read(*view)
    return rows(found.at(_page(found.page) + 1), _this_request())


def _this_request() -> gr.Request | None:
    return LocalContext.request.get(None)


def stats(label_column: str, text_column: str | None, *view: Any) -> tuple[str, Any, Any, Any]:
    """Missing values per column, the label distribution and the text-length histogram (of the view's rows)."""
    found = View.split_off(view).stats(label_column, text_column)
    handover.keep(_this_request(), TASK, stats=found)
    return stats_outputs(found, page_language(_this_request()))


def column_sentiment(engine: Engine, text_column: str | None, label_column: str, scope: str, model: str,
                     wrong_only: bool, progress: gr.Progress = gr.Progress(),
                     *view: Any) -> Iterator[tuple[str, Any, Any]]:
    """Run the sentiment model over a text column (this page, or the first rows); accuracy against labels, the
    confusion matrix, and the "wrong predictions only" box for a labelled run (ticked: the table keeps to them).
    (Gradio fills ``progress`` in its place; the view's values follow.)"""
    request = _this_request()
    lang = page_language(request)
    for run in column_runs(engine, View.split_off(view), text_column, label_column, scope, model, progress, request):
        LAST.put(request, run.snapshot())
        summary, table = sentiment_outputs(run, lang, wrong_only=bool(wrong_only))
        yield summary, table, gr.Checkbox(visible=run.confusion is not None)
    handover.keep(request, TASK, run=LAST.get(request), wrong_only=bool(wrong_only),
                  columns={"text_column": text_column, "label_column": _no_none(label_column)})


def filter_sentiment(wrong_only: bool, request: gr.Request = None) -> Any:
    """The "wrong predictions only" box changed: the last column run's table, filtered or whole."""
    run = LAST.get(request)
    if run is None:
        return gr.skip()
    handover.keep(request, TASK, wrong_only=bool(wrong_only))
    return gr.Dataframe(value=sentiment_table(run, page_language(request), SENTIMENT_COLUMNS,
                                              wrong_only=bool(wrong_only)))


def show_sentiment_code(engine: Engine, text_column: str | None, label_column: str, scope: str, *view: Any) -> Any:
    """After a column run: the code that loads the same rows as the browser and runs the same model over them."""
    run = LAST.get(_this_request())
    if run is None or not run.results:
        return gr.skip()
    loading = View.split_off(view).column_code_lines(text_column, label_column, scope)
    code = "\n".join([*loading, *run_code_lines(engine, run, bool(_no_none(label_column)))]) + "\n"
    handover.keep(_this_request(), TASK, code=code)
    return code


def row_gold(found: Page | None, row_no: float | None, gold_column: str | None, label_column: str | None) -> Any:
    """The row view's gold label (the compared column, else the statistics' label column): sent with the row to the
    Sentiment tab, which says whether the model got it right."""
    column = _no_none(gold_column) or _no_none(label_column)
    if not isinstance(found, Page) or not found.rows or not column:
        return None
    index = min(max(int(row_no or 1), 1), len(found.rows)) - 1
    value = found.rows[index].get(column)
    return value if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None


def column_runs(engine: Engine, view: View, text_column: str | None, label_column: str, scope: str, model: str,
                progress: gr.Progress, request: gr.Request | None) -> Iterator[ManyRun]:
    """The run after each chunk (the page's and the API's column sentiment); Stop ends it (this session's)."""
    texts, gold = view.column_texts(text_column, label_column, scope)
    stop = STOPS.start(request)
    try:
        yield from data_browser.sentiment_over_column(engine, texts, gold, model or AUTO,
                                                      progress_callback(progress), stop)
    finally:
        STOPS.release(request, stop)


def show_code(*view: Any) -> str:
    """The ``datasets`` lines that load the page on screen."""
    code = View.read(*view).code()
    handover.keep(_this_request(), TASK, code=code)
    return code


def restore(ui: Layout, data: dict[str, Any], lang: str) -> dict[Any, Any]:
    """The open dataset drawn again after the language switch (``Tab.keeps``), in ``lang``: its card, pickers
    (with the columns the last column run used), the page of rows with its search and filter, the row view, the
    statistics, the column's sentiment run (filtered as it was) and the last code. Nothing is read again."""
    shown: dict[Any, Any] = {}
    columns = {k: v for k, v in (data.get("columns") or {}).items() if v}
    view, found, info = data.get("view"), data.get("page"), data.get("info")
    text_column = columns.get("text_column")
    if isinstance(view, View) and isinstance(found, Page):
        shown.update({component: getattr(view, f.name) for component, f in zip(ui.view_inputs, fields(View),
                                                                                  strict=True)})
        shown.update(dict(zip(ui.page_outputs, page_shown(view, found, lang), strict=True)))
    if info is not None:
        details = {**info_json(info), **columns}
        text_column = text_column or details.get("text_column")
        choices = [choice for choice in _source_choices(*data_browser.sources())]
        if Path(info.source).is_absolute() and all(value != info.source for _, value in choices):
            choices.insert(0, (f"⬆️ {Path(info.source).name}", info.source))  # an upload's entry
        shown.update({ui.card: card_markdown(info, lang), ui.details: info_json(info),
                      ui.source: gr.Dropdown(choices=choices, value=info.source), **fill_pickers(details, ui=ui)})
        if isinstance(view, View) and view.filter_column:  # the filter's column, among the columns
            names = [c["name"] for c in details["columns"]]
            shown[ui.filter_column] = gr.Dropdown(choices=[NO_COLUMN_CHOICE, *names], value=view.filter_column)
    if isinstance(found, Page):
        shown.update(show_page(found, text_column, ui=ui))
    if (stats_found := data.get("stats")) is not None:
        shown.update(dict(zip([ui.stats_summary, ui.label_chart, ui.length_chart, ui.missing],
                              stats_outputs(stats_found, lang), strict=True)))
    if (run := data.get("run")) is not None:
        wrong_only = bool(data.get("wrong_only")) and run.confusion is not None
        summary, table = sentiment_outputs(run, lang, wrong_only=wrong_only)
        shown.update({ui.sentiment_summary: summary, ui.sentiment_table: table,
                      ui.wrong_only: gr.Checkbox(value=wrong_only, visible=run.confusion is not None)})
    if "code" in data:
        shown[ui.code] = data["code"]
    return shown


def adopt(data: dict[str, Any], request: gr.Request) -> None:
    """The new page's session reads the restored column run (the "wrong only" filter, the code)."""
    if (run := data.get("run")) is not None:
        LAST.put(request, run)


def fill_pickers(details: dict[str, Any] | None, *, ui: Layout) -> dict[Any, Any]:
    """A dataset was opened: its configs, splits and columns in every picker, text and label columns guessed (by
    component: ``ui`` is given by the wiring; no details change nothing)."""
    if not details:
        return gr.skip()  # one skip for every output
    names = [c["name"] for c in details["columns"]]
    texts = [c["name"] for c in details["columns"] if c["kind"] == "text"]
    text = details.get("text_column") or (texts[0] if texts else None)
    label = details.get("label_column") or NO_COLUMN
    return {
        ui.config: gr.Dropdown(choices=details["configs"], value=details["config"]),
        ui.split: gr.Dropdown(choices=details["splits"], value=details["split"]),
        ui.filter_column: gr.Dropdown(choices=[NO_COLUMN_CHOICE, *names], value=NO_COLUMN),
        **{picker: gr.Dropdown(choices=texts, value=text) for picker in (ui.text_column, ui.stats_text_column)},
        **{picker: gr.Dropdown(choices=[NO_COLUMN_CHOICE, *names], value=label)
           for picker in (ui.label_column, ui.gold_column)},
    }


def pick_row(evt: gr.SelectData) -> int:
    index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
    return int(index) + 1


def uploaded(file: str | None) -> Any:
    """A file was uploaded: it becomes the chosen source, first in the list."""
    if not file:
        return gr.skip()
    hub_ids, files = data_browser.sources()
    return gr.Dropdown(choices=[(f"⬆️ {Path(file).name}", file), *_source_choices(hub_ids, files)], value=file)


def sample_file() -> str:
    """The bundled sample (100 real NSMC reviews with labels) as an upload: something to browse on a machine with
    no Hub and an empty data folder. Gradio takes the fresh copy into its upload folder, as for a student's file."""
    return str(samples.fresh_copy(samples.NSMC))


def refreshed(current: str | None) -> Any:
    hub_ids, files = data_browser.sources()
    return gr.Dropdown(choices=_source_choices(hub_ids, files), value=current)


def listed(current: str | None) -> Any:
    """The list opened: the data folder re-scanned, so a file copied there appears without Refresh."""
    choices = _source_choices(*data_browser.sources())
    if current and Path(current).is_absolute() and all(value != current for _, value in choices):
        choices.insert(0, (f"⬆️ {Path(current).name}", current))  # keep an upload's entry
    return gr.Dropdown(choices=choices)  # choices only: what the user is typing stays


def unpicked() -> tuple[None, None]:
    """A new source: forget the old one's config and split."""
    return None, None


def show_page(found: Page | None, text_column: str | None, *, ui: Layout) -> dict[Any, Any]:
    """After a page: thumbnails of its images, and the row view on its first row (by component)."""
    if not isinstance(found, Page):
        return gr.skip()  # one skip for every output
    images = _gallery(found)
    return {ui.gallery: gr.Gallery(value=images or None, visible=bool(images)), ui.row_no: 1,
            **dict(zip(ui.row_view, show_row(found, 1, text_column), strict=True))}


def show_row(found: Page | None, row_no: float | None, text_column: str | None) -> tuple[Any, Any, Any, Any]:
    """One row of the page: its text (what "send to" sends), the whole row as JSON, its image and its audio."""
    if not isinstance(found, Page) or not found.rows:
        return "", "", gr.Image(value=None, visible=False), gr.Audio(value=None, visible=False)
    index = min(max(int(row_no or 1), 1), len(found.rows)) - 1
    row = found.rows[index]
    text = row.get(text_column) if text_column else None
    if not isinstance(text, str):
        text = next((v for c in found.columns if c.kind == "text" and isinstance(v := row.get(c.name), str)), "")
    image = next((img for c in found.columns if c.kind == "image"
                  if (img := media.image(row.get(c.name), thumbnail=False)) is not None), None)
    audio = next((aud for c in found.columns if c.kind == "audio" if (aud := media.audio_file(row.get(c.name)))), None)
    whole = {c.name: _readable(row.get(c.name), c) for c in found.columns}
    return (text, json.dumps(whole, ensure_ascii=False, indent=1, default=str),
            gr.Image(value=image, visible=image is not None), gr.Audio(value=audio, visible=audio is not None))


# -- the API and MCP endpoints: typed, so a client sends any source or column and numbers as numbers -------------
# The page's events read dropdowns whose choices are fixed when the page is built; an API or MCP client would be
# held to them (a file added after start-up refused, columns of no dataset at all, page_size a string). These take
# plain types and return plain values: tables as {"headers": [...], "data": [[...], ...]}.
def api_info(source: str, config: str = "", split: str = "") -> tuple[str, dict[str, Any]]:
    info = data_browser.dataset_info(source, config or None, split or None)
    return card_markdown(info, request_language()), info_json(info)


def api_rows(source: str, config: str = "", split: str = "", page: int = 1, page_size: int = 20, search: str = "",
             filter_column: str = "", filter_op: str = "=", filter_value: str = "") -> tuple[dict[str, Any], str, int]:
    found = View.read(source, config, split, page, page_size, search, filter_column, filter_op, filter_value).rows()
    headers, data = found.table()
    return {"headers": headers, "data": data}, status_line(found, request_language()), found.page


def api_stats(source: str, config: str = "", split: str = "", label_column: str = "", text_column: str = "",
              search: str = "", filter_column: str = "", filter_op: str = "=",
              filter_value: str = "") -> tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]:
    view = View.read(source, config, split, 1, 20, search, filter_column, filter_op, filter_value)
    summary, labels, lengths, missing = stats_outputs(view.stats(label_column, text_column), None)  # plain frames
    return summary, plain_table(labels), plain_table(lengths), plain_table(missing)


def api_sentiment(engine: Engine, source: str, config: str = "", split: str = "", text_column: str = "",
                  label_column: str = "", scope: str = "page", page: int = 1, page_size: int = 20, search: str = "",
                  filter_column: str = "", filter_op: str = "=", filter_value: str = "",
                  model: str = AUTO) -> Iterator[tuple[str, dict[str, Any]]]:
    request = _this_request()
    lang = page_language(request)
    view = View.read(source, config, split, page, page_size, search, filter_column, filter_op, filter_value)
    for run in column_runs(engine, view, text_column or None, label_column, scope, model, gr.Progress(), request):
        yield sentiment_summary(run, lang), sentiment_table(run, lang, SENTIMENT_COLUMNS)


def streaming(fn: Any, outputs: Any) -> Any:
    """``fn`` (a streaming handler) with ``outputs`` as its return annotation: ``gr.api`` reads one output per
    member of a ``tuple[...]`` annotation, and each step of the stream fills all of them."""
    fn.__signature__ = inspect.signature(fn).replace(return_annotation=outputs)
    return fn


def plain_table(frame: Any) -> dict[str, Any]:
    """A pandas frame as the API returns tables: headers and rows of plain Python values."""
    return {"headers": [str(c) for c in frame.columns], "data": frame.astype(object).values.tolist()}


def register_api(engine: Engine) -> None:
    """The four ``dataset_*`` endpoints and ``/dataset_file`` (call inside the Datasets tab)."""
    cpu = resource(TASK)
    gr.api(handler(engine, api_info), api_name="dataset_info", **cpu)
    gr.api(handler(engine, api_rows), api_name="dataset_rows", **cpu)
    gr.api(handler(engine, api_stats), api_name="dataset_stats", **cpu)
    gr.api(streaming(handler(engine, api_sentiment), tuple[str, dict[str, Any]]), api_name="dataset_sentiment",
           **resource(TASK, bulk=True))
    dataset_api.register()  # /dataset_file: a file the API or MCP client sends


# -- formatting -----------------------------------------------------------------------------------------------
def _source_choices(hub: list[str], files: list[str]) -> list[tuple[str, str]]:
    return [(f"📁 {f}", f) for f in files] + [(f"🤗 {h}", h) for h in hub]


def _no_none(value: Any) -> Any:
    return "" if value in (None, NO_COLUMN) else value


def _page(value: Any) -> int:
    return max(1, int(value)) if isinstance(value, (int, float)) else 1


def card_markdown(info: Info, lang: str | None = None) -> str:
    """The card: title, license first (students check it before using data), rows, description, notes."""
    lines = [f"### {_md(info.title)}"]
    if info.where == "hub":
        license_ = md_code(info.license, limit=80) if info.license else say("datasets.no_license", lang)
        lines.append(f"**{say('common.license', lang)}: {license_}** · "
                     f"[{say('datasets.card_link', lang)}]({info.card_url})")
    else:
        lines.append(f"📁 {say('datasets.local_file', lang)}")
    if info.num_rows is not None:
        lines.append(f"{say('datasets.rows', lang)}: **{info.num_rows:,}** · {say('datasets.columns', lang)}: "
                     + ", ".join(f"{md_code(c.name, limit=100)} ({kind_name(c.kind, lang)})" for c in info.columns))
    if info.description:
        lines.append("> " + _md(" ".join(info.description.split())[:600]))
    lines += [f"*{_md(n)}*" for n in info.notes]
    return "\n\n".join(lines)


def kind_name(kind: str, lang: str | None) -> str:
    """A column's kind (text, number, label...) in the page's language; the API (None) keeps the plain name."""
    key = f"datasets.kind.{kind}"
    return say(key, lang) if lang is not None and key in STRINGS else kind


def _md(text: str) -> str:
    """Text from a file or the Hub shown as text in Markdown: no HTML, no links or images of its own."""
    return md_escape(text)


def info_json(info: Info) -> dict[str, Any]:
    return {
        "source": info.source, "where": info.where, "title": info.title, "config": info.config,
        "configs": info.configs, "split": info.split, "splits": info.splits, "num_rows": info.num_rows,
        "license": info.license, "card_url": info.card_url,
        "columns": [{"name": c.name, "type": c.dtype, "kind": c.kind, **({"names": list(c.names)} if c.names else {})}
                    for c in info.columns],
        "text_column": info.guess_text(), "label_column": info.guess_label(),
    }


def status_line(found: Page, lang: str | None = None) -> str:
    if not found.rows:
        return say("datasets.no_match", lang)
    first, last = found.offset + 1, found.offset + len(found.rows)
    total = f"{found.total:,}" if found.total is not None else "?"
    more = f" ({say('datasets.partial', lang)})" if found.partial else ""
    return say("datasets.status", lang, first=first, last=last, total=total, page=found.page, pages=found.pages,
               more=more)


def _frame(found: Page) -> Any:
    import pandas as pd

    headers, data = found.table()
    return pd.DataFrame(data, columns=headers) if data else pd.DataFrame(columns=headers)


# Column widths of the rows table. Gradio sizes a column to its content up to the table's whole width, so one long
# review pushes every column after it off screen; here the narrow columns (row number, ids, labels, numbers) get
# their content's width in px and the text columns share the rest in % of the table's width, so that at laptop
# size (a table at least TABLE_PX wide) every column shows and long text wraps.
WIDE_KINDS = ("text", "nested", "other", "date")
CHAR_PX = 8.5  # one character of the table's font (a Hangul syllable counts two)
CELL_PX = 26  # a cell's padding and border
HEADER_PX = 34  # a header's padding and its sort button
NARROW_MAX_PX = 220
TABLE_PX = 1000
MIN_TEXT_SHARE = 40.0  # % of the table's width for all text columns together, at the least


def column_widths(found: Page) -> list[str]:
    """A width for each column of ``found.table()`` (``gr.Dataframe(column_widths=...)``); [] leaves Gradio's own
    widths (no text column: every column is narrow anyway)."""
    headers, data = found.table()
    kinds = ["number", *(c.kind for c in found.columns)]
    narrow: dict[int, int] = {}
    for i, (header, kind) in enumerate(zip(headers, kinds, strict=True)):
        if kind in WIDE_KINDS:
            continue
        content = max((_char_width(_cell_text(row[i])) for row in data), default=0)
        px = max(CELL_PX + CHAR_PX * content, HEADER_PX + CHAR_PX * _char_width(header))
        narrow[i] = int(min(px, NARROW_MAX_PX))
    wide = len(headers) - len(narrow)
    if not wide:
        return []
    share = max(MIN_TEXT_SHARE, 100.0 - 100.0 * sum(narrow.values()) / TABLE_PX) / wide
    return [f"{narrow[i]}px" if i in narrow else f"{share:.1f}%" for i in range(len(headers))]


def _cell_text(value: Any) -> str:
    return "" if value is None else str(value)


def _char_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(found: Page) -> Any:
    """The page as a table whose columns fit the screen (see :func:`column_widths`), shown from the first page on."""
    return gr.Dataframe(value=_frame(found), column_widths=column_widths(found), visible=True)


def _gallery(found: Page) -> list[tuple[Any, str]]:
    return media.gallery(found)  # thumbnails within the page's byte budget (playground.data.media)


def _readable(value: Any, column: Column) -> Any:
    if column.kind in ("image", "audio") or isinstance(value, (bytes, bytearray, memoryview)):
        data = media_bytes(value)
        return f"<{column.kind}, {len(data):,} bytes>" if data is not None else (media_path(value) or value)
    return json.loads(to_json(value)) if isinstance(value, (list, dict)) else value


def stats_outputs(found: Stats, lang: str | None = None) -> tuple[str, Any, Any, Any]:
    import pandas as pd

    note = f" — {md_escape(found.note)}" if found.note else ""
    lines = [f"**{found.rows:,}** {say('datasets.rows_word', lang)}{note}"]
    categories = [(v, n) for v, n in found.categories if n >= 0]
    if found.label_column:
        if any(n < 0 for _, n in found.categories):
            lines.append(f"{md_code(found.label_column, limit=100)}: "
                         + say("datasets.many_values", lang, limit=limits.DATASET_STATS_MAX_CATEGORIES))
        else:
            lines.append(f"{md_code(found.label_column, limit=100)}: "
                         + ", ".join(f"{md_escape(v, limit=60)} = {n:,}" for v, n in categories))
    if found.length_summary:
        s = found.length_summary
        lines.append(f"{md_code(found.text_column, limit=100)} "
                     + say("datasets.length_summary", lang, min=s.get("min"), mean=s.get("mean"),
                           median=s.get("median"), max=s.get("max")))
    label_frame = pd.DataFrame(categories, columns=["value", "count"])
    length_frame = pd.DataFrame(found.lengths, columns=["length", "count"])
    missing = pd.DataFrame([(name, count, f"{share:.1%}") for name, count, share in found.missing],
                           columns=["column", "missing", "share"])
    if lang is None:  # the API: plain frames, as it always answered
        return "  \n".join(lines), label_frame, length_frame, missing
    count = say("datasets.axis_count", lang)
    missing.columns = [say(f"datasets.missing_{name}", lang) for name in ("column", "count", "share")]
    return ("  \n".join(lines),
            bar_chart(label_frame, x_title=found.label_column or say("datasets.axis_value", lang), y_title=count),
            bar_chart(length_frame, x_title=say("datasets.axis_length", lang), y_title=count, x_label_angle=-40,
                      sort=[str(value) for value in length_frame["length"]] or None),  # numeric order, as computed
            gr.Dataframe(value=missing, visible=True))


def bar_chart(frame: Any, x_title: str, y_title: str, x_label_angle: float = 0, sort: Any = None) -> Any:
    """A bar chart's update: bars from zero and whole-number count ticks (a small count would get 0.5 steps: the
    axis then reaches at least 10), axis titles in the page's language; slanted labels where bins are many."""
    top = int(frame["count"].max()) if len(frame) else 0
    return gr.BarPlot(value=frame, x_title=x_title, y_title=y_title, y_lim=[0, None if top >= 10 else 10],
                      y_axis_format=",d", x_label_angle=x_label_angle, **({"sort": sort} if sort else {}))


def length_order(plot: Any) -> Any:
    """The histogram's bins in their numeric order, as computed: a chart sorts string categories as text
    ("101–107" before "10–16" before "3–9"), so its ``sort`` is set to the rows' own order."""
    rows = getattr(plot, "data", None) or []
    return gr.BarPlot(sort=[str(row[0]) for row in rows] or None)


def sentiment_outputs(run: ManyRun, lang: str | None = None, wrong_only: bool = False) -> tuple[str, Any]:
    """The summary with the confusion matrix of a labelled run, and the predictions table (shown from the first
    chunk on; headers and labels in the page's language; ``wrong_only``: the wrong predictions only)."""
    return page_summary(run, lang), gr.Dataframe(value=sentiment_table(run, lang, SENTIMENT_COLUMNS,
                                                                        wrong_only=wrong_only), visible=True)


# -- wiring ---------------------------------------------------------------------------------------------------
def build(engine: Engine) -> Tab:
    """Draw the tab inside the current ``gr.Tab`` and wire its events; "send to" is wired by
    ``tabs.common.wire_send_to``."""
    ui = layout(engine)
    cpu = resource(TASK)
    private: dict[str, Any] = {"api_visibility": "private"}
    helper = {"api_visibility": "private", "queue": False}

    def on(fn: Any, **given: Any) -> Any:  # a helper event: wrapped for errors, never a main action (no rate-limit
        return handler(engine, fn, action=False, **given)  # token); ``ui=ui`` for one that answers by component

    opened = ui.open.click(handler(engine, open_dataset), ui.where, [ui.card, ui.details], **private, **cpu)
    # A source picked from the list or uploaded opens at once, on its own first config and split.
    picked = (ui.source.select(unpicked, None, [ui.config, ui.split], **helper)
              .then(handler(engine, open_dataset), ui.where, [ui.card, ui.details], **private, **cpu))
    sent = (ui.upload.upload(on(uploaded), ui.upload, ui.source, **helper)
            .success(unpicked, None, [ui.config, ui.split], **helper)
            .success(handler(engine, open_dataset), ui.where, [ui.card, ui.details], **private, **cpu))
    sampled = (ui.sample.click(on(sample_file), None, ui.upload, **helper)
               .success(on(uploaded), ui.upload, ui.source, **helper)
               .success(unpicked, None, [ui.config, ui.split], **helper)
               .success(handler(engine, open_dataset), ui.where, [ui.card, ui.details], **private, **cpu))
    view = ui.view_inputs  # what every page, statistics and sentiment event reads (a View), last among its inputs
    paged = [event.success(on(fill_pickers, ui=ui), ui.details, ui.pickers, **helper)
             .success(on(first_rows), view, ui.page_outputs, **private, **cpu)
             for event in (opened, picked, sent, sampled)]
    paged.append(gr.on([ui.page.submit], handler(engine, this_page), view, ui.page_outputs, **private, **cpu))
    # A new search or filter starts at page 1 (the page number belongs to the previous result).
    paged.append(gr.on([ui.apply.click, ui.search.submit, ui.filter_value.submit], handler(engine, first_rows),
                       view, ui.page_outputs, **private, **cpu))
    # Clear filters: no search, no filter; page 1 of the whole split
    paged.append(ui.clear_filters.click(cleared, None, ui.query, **helper)
                 .then(handler(engine, first_rows), view, ui.page_outputs, **private, **cpu))
    paged.append(ui.page_size.input(on(first_rows), view, ui.page_outputs, **private, **cpu))
    paged.append(ui.prev.click(on(previous_rows), view, ui.page_outputs, **private, **cpu))
    paged.append(ui.next.click(on(next_rows), view, ui.page_outputs, **private, **cpu))
    for event in paged:
        event.success(on(show_page, ui=ui), [ui.shown, ui.text_column], [ui.gallery, ui.row_no, *ui.row_view],
                      **helper)
        event.success(on(show_code), view, ui.code, **helper)
    ui.table.select(on(pick_row), None, ui.row_no, **helper)
    gr.on([ui.row_no.change, ui.text_column.input], on(show_row), [ui.shown, ui.row_no, ui.text_column],
          ui.row_view, **helper)
    ui.compute.click(handler(engine, stats), [ui.label_column, ui.stats_text_column, *view],
                     [ui.stats_summary, ui.label_chart, ui.length_chart, ui.missing], **private,
                     **cpu).success(length_order, ui.length_chart, ui.length_chart, **helper)
    column = [ui.text_column, ui.gold_column, ui.scope]
    analysed = with_stop([ui.run.click], handler(engine, column_sentiment), [*column, ui.model, ui.wrong_only, *view],
                         [ui.sentiment_summary, ui.sentiment_table, ui.wrong_only], ui.stop,
                         **private, **resource(TASK, bulk=True))
    analysed.success(handler(engine, show_sentiment_code, action=False), [*column, *view], ui.code, **helper)
    ui.wrong_only.input(on(filter_sentiment), ui.wrong_only, ui.sentiment_table, **helper)
    # "→ Sentiment" sends the row's gold label with its text (the Sentiment tab says right or wrong)
    gr.on([ui.shown.change, ui.row_no.change, ui.gold_column.change, ui.label_column.change], on(row_gold),
          [ui.shown, ui.row_no, ui.gold_column, ui.label_column], ui.row_gold, **helper)

    ui.stop.click(STOPS.stop, None, None, cancels=[analysed], **helper)
    ui.refresh.click(on(refreshed), ui.source, ui.source, **helper)
    ui.source.focus(on(listed), ui.source, ui.source, **helper, show_progress="hidden")
    register_api(engine)
    keeps = Kept([ui.card, ui.details, ui.source, *ui.pickers, *ui.view_inputs, *ui.page_outputs, ui.gallery,
                  ui.row_no, *ui.row_view, ui.stats_summary, ui.label_chart, ui.length_chart, ui.missing,
                  ui.sentiment_summary, ui.sentiment_table, ui.wrong_only, ui.code], functools.partial(restore, ui),
                 adopt, picks={"model": ui.model})
    return Tab(main_input=ui.row_text, send_to=ui.send_to, send_gold=ui.row_gold, keeps=keeps)


def tool_docs(engine: Engine) -> dict[str, str]:
    """What this tab's endpoints say to an API or MCP client (``tabs.tool_docs``): endpoint -> docstring."""
    where = {
        "source": f"a Hub dataset id such as e9t/nsmc, or a file in the data folder (see dataset_file to send a file "
                  f"of your own), at most {limits.DATASET_MAX_SOURCE_CHARS} characters.",
        "config": "the config (for a zip: the file inside it); default the first one.",
        "split": "the split, such as train or test; default the first one.",
    }
    query = {
        "search": f"keep rows whose text columns contain this, at most {limits.DATASET_MAX_SEARCH_CHARS} characters; "
                  "default none.",
        "filter_column": "a column to filter on; default none (no filter).",
        "filter_op": f"one of {', '.join(OPS)}; default =.",
        "filter_value": "the value the filter column is compared with; default none.",
    }
    paging = {
        "page": f"the page number, 1 to {limits.DATASET_MAX_PAGE:,}; default 1.",
        "page_size": f"rows per page, 1 to {limits.DATASET_MAX_PAGE_SIZE}; default 20.",
    }
    return {
        "dataset_info": tool_doc(
            "Describe a dataset: its card (license first), configs, splits, columns and row count.",
            where, "The card (Markdown), then the details (JSON: columns, configs, splits, num_rows, license)."),
        "dataset_rows": tool_doc(
            "One page of a dataset's rows, optionally searched and filtered.",
            {**where, **paging, **query}, "The rows (a table), a status line, and the page number."),
        "dataset_stats": tool_doc(
            "Statistics of a dataset: missing values per column, the label distribution, the text-length histogram.",
            {**where, "label_column": "the label column; default guessed.",
             "text_column": "the text column; default guessed.", **query},
            "A summary, the label counts, the length histogram and the missing values."),
        "dataset_sentiment": tool_doc(
            "Run the sentiment model over a dataset's text column and compare with its label column (accuracy).",
            {**where, "text_column": "the text column; default guessed.",
             "label_column": "the label column to compare with; default none.",
             "scope": f"page (this page) or all (the first {limits.DATASET_SENTIMENT_MAX_ROWS:,} rows); default "
                      "page.", **paging, **query, "model": model_doc(engine, "sentiment")},
            "A summary with the accuracy, and a table of predictions."),
    }
