"""The Datasets tab: Hub datasets and local files in one browser (pages, search, filter, statistics, row view),
a sentiment run over a text column, and "send this row" to the Sentiment, Summarize and Translate tabs.

API endpoints (first parameter: a Hub id or a local file; every other one defaulted): ``/dataset_info``,
``/dataset_rows``, ``/dataset_stats``, ``/dataset_sentiment``.
"""

from __future__ import annotations

import json
import weakref
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from playground import limits
from playground.catalog import AUTO
from playground.data import browser as data_browser
from playground.data import media as data_media
from playground.data.common import OPS, Column, Info, Page, Stats, media_bytes, media_path, to_json
from playground.engine import Engine
from playground.text import md_code, md_escape

from .common import code_panel, model_picker, progress_callback, reports_errors, resource
from .i18n import t

TASK = "datasets"
SEND_TARGETS = ("sentiment", "summarize", "translate")
NO_COLUMN = "(none)"
SCOPES = [("This page · 이 페이지", "page"),
          (f"First {limits.DATASET_SENTIMENT_MAX_ROWS:,} rows · 처음 {limits.DATASET_SENTIMENT_MAX_ROWS:,}행", "all")]
# The row-text box each built tab returns → its "send to" buttons (wired by app.build_app once every tab exists).
_SEND_BUTTONS: weakref.WeakKeyDictionary[gr.Textbox, dict[str, gr.Button]] = weakref.WeakKeyDictionary()


def build(engine: Engine) -> gr.Textbox:
    """Draw the tab inside the current ``gr.Tab`` and wire its events; returns the row-text box."""
    hub, files = data_browser.sources()
    gr.Markdown(t("datasets.intro"))
    gr.Markdown(t("datasets.privacy"))
    with gr.Row(equal_height=True):
        source = gr.Dropdown(choices=_source_choices(hub, files), value=None, label=t("datasets.source"),
                             info=t("datasets.source_info"), allow_custom_value=True, scale=4)
        config = gr.Dropdown(choices=[], label=t("datasets.config"), allow_custom_value=True, scale=2)
        split = gr.Dropdown(choices=[], label=t("datasets.split"), allow_custom_value=True, scale=1)
        open_button = gr.Button(t("datasets.open"), variant="primary", scale=1)
    with gr.Row(equal_height=True):
        upload = gr.File(label=t("datasets.upload"), file_types=list(_UPLOAD_TYPES), height=110, scale=4,
                         elem_id="dataset-upload")
        refresh = gr.Button(t("datasets.refresh"), size="sm", scale=1)
    card = gr.Markdown(label=t("datasets.card"))
    with gr.Accordion(t("datasets.details"), open=False):
        details = gr.JSON(label=t("datasets.details"))

    with gr.Row(equal_height=True):
        search = gr.Textbox(value="", label=t("datasets.search"), placeholder=t("datasets.search_placeholder"), scale=3,
                            max_length=limits.DATASET_MAX_SEARCH_CHARS)
        filter_column = gr.Dropdown(choices=[NO_COLUMN], value=NO_COLUMN, label=t("datasets.filter_column"),
                                    allow_custom_value=True, scale=2)
        filter_op = gr.Dropdown(choices=list(OPS), value="=", label=t("datasets.filter_op"), scale=1,
                                allow_custom_value=True)  # checked on the server, with a bilingual message
        filter_value = gr.Textbox(value="", label=t("datasets.filter_value"), scale=2,
                                  max_length=limits.DATASET_MAX_SEARCH_CHARS)
        apply = gr.Button(t("datasets.apply"), scale=1)
    with gr.Row(equal_height=True):
        prev = gr.Button(t("datasets.prev"), size="sm", scale=1)
        page = gr.Number(value=1, label=t("datasets.page"), precision=0, minimum=1, scale=1)
        next_ = gr.Button(t("datasets.next"), size="sm", scale=1)
        page_size = gr.Dropdown(choices=list(limits.DATASET_PAGE_SIZES), value=20, label=t("datasets.page_size"),
                                allow_custom_value=True, scale=1)  # any size is checked (1-100) on the server
        status = gr.Markdown(elem_id="dataset-status")
    table = gr.Dataframe(label=t("datasets.rows"), interactive=False, wrap=True, max_height=520,
                         elem_id="dataset-rows")
    gallery = gr.Gallery(label=t("datasets.gallery"), visible=False, columns=8, height=220, preview=False)
    shown = gr.State(None)  # the Page on screen, raw values (for the row view and the gallery)

    with gr.Accordion(t("datasets.row_view"), open=True):
        with gr.Row(equal_height=True):
            row_no = gr.Number(value=1, label=t("datasets.row_no"), precision=0, minimum=1, scale=1)
            text_column = gr.Dropdown(choices=[], label=t("datasets.text_column"), allow_custom_value=True, scale=2)
        row_text = gr.Textbox(label=t("datasets.row_text"), lines=3, elem_id="dataset-row-text")
        with gr.Row():
            buttons = {task: gr.Button(t(f"datasets.send_{task}"), size="sm", visible=False) for task in SEND_TARGETS}
        with gr.Row():
            row_image = gr.Image(label=t("datasets.row_image"), visible=False, interactive=False, height=260)
            row_audio = gr.Audio(label=t("datasets.row_audio"), visible=False, interactive=False)
        row_full = gr.Code(label=t("datasets.row_full"), language="json", interactive=False, max_lines=20)
    _SEND_BUTTONS[row_text] = buttons

    with gr.Accordion(t("datasets.stats"), open=False):
        with gr.Row(equal_height=True):
            label_column = gr.Dropdown(choices=[NO_COLUMN], value=NO_COLUMN, label=t("datasets.label_column"),
                                       allow_custom_value=True)
            stats_text_column = gr.Dropdown(choices=[], label=t("datasets.text_column"), allow_custom_value=True)
            compute = gr.Button(t("datasets.compute"))
        stats_summary = gr.Markdown()
        with gr.Row():
            label_chart = gr.BarPlot(x="value", y="count", label=t("datasets.label_chart"), height=240,
                                     sort="-y")
            length_chart = gr.BarPlot(x="length", y="count", label=t("datasets.length_chart"), height=240,
                                      sort=None)
        missing = gr.Dataframe(label=t("datasets.missing"), interactive=False, max_height=260)

    has_sentiment = bool(engine.choices("sentiment"))
    with gr.Accordion(t("datasets.sentiment"), open=False, visible=has_sentiment):
        gr.Markdown(t("datasets.sentiment_intro"))
        with gr.Row(equal_height=True):
            gold_column = gr.Dropdown(choices=[NO_COLUMN], value=NO_COLUMN, label=t("datasets.gold_column"),
                                      allow_custom_value=True)
            scope = gr.Radio(choices=SCOPES, value="page", label=t("datasets.scope"))
            model = model_picker(engine, "sentiment") if has_sentiment else gr.Dropdown(visible=False)
        with gr.Row():
            run = gr.Button(t("datasets.run_sentiment"), variant="primary")
            stop = gr.Button(t("common.stop"), variant="stop")
        sentiment_summary = gr.Markdown()
        sentiment_table = gr.Dataframe(label=t("datasets.sentiment_table"), interactive=False, max_height=360,
                                       wrap=True)
    code = code_panel("")

    where = [source, config, split]
    query = [search, filter_column, filter_op, filter_value]

    # -- handlers: main actions (API endpoints) -----------------------------------------------------------------
    @reports_errors
    def dataset_info(source: str, config: str | None = None, split: str | None = None,
                     progress: gr.Progress = gr.Progress(), request: gr.Request = None) -> tuple[str, dict[str, Any]]:
        """What a dataset holds: the card (license first) as Markdown, and the details as JSON."""
        progress(None, desc="Opening…")
        info = data_browser.dataset_info(source, config, split)
        return card_markdown(info), info_json(info)

    @reports_errors
    def dataset_rows(source: str, config: str | None = None, split: str | None = None, page: float = 1,
                     page_size: float = 20, search: str = "", filter_column: str = "", filter_op: str = "=",
                     filter_value: str = "", request: gr.Request = None) -> tuple[Any, str, int, Page]:
        """One page of rows matching the search and filter; returns the table, a status line and the page."""
        found = data_browser.dataset_rows(source, config, split, page, page_size, search,
                                          _no_none(filter_column), filter_op, filter_value)
        return _frame(found), status_line(found), found.page, found

    @reports_errors
    def dataset_stats(source: str, config: str | None = None, split: str | None = None, label_column: str = "",
                      text_column: str | None = None, search: str = "", filter_column: str = "", filter_op: str = "=",
                      filter_value: str = "", request: gr.Request = None) -> tuple[str, Any, Any, Any]:
        """Missing values per column, the label distribution and the text-length histogram."""
        found = data_browser.dataset_stats(source, config, split, _no_none(label_column), text_column, search,
                                           _no_none(filter_column), filter_op, filter_value)
        return stats_outputs(found)

    @reports_errors
    def dataset_sentiment(source: str, config: str | None = None, split: str | None = None,
                          text_column: str | None = None,
                          label_column: str = "", scope: str = "page", page: float = 1, page_size: float = 20,
                          search: str = "", filter_column: str = "", filter_op: str = "=", filter_value: str = "",
                          model: str = AUTO, progress: gr.Progress = gr.Progress(),
                          request: gr.Request = None) -> Iterator[tuple[str, Any]]:
        """Run the sentiment model over a text column (this page, or the first rows); accuracy against labels."""
        texts, gold = data_browser.column_texts(source, config, split, text_column, _no_none(label_column), scope,
                                                page, page_size, search, _no_none(filter_column), filter_op,
                                                filter_value)
        for run_ in data_browser.sentiment_over_column(engine, texts, gold, model or AUTO,
                                                       progress_callback(progress)):
            yield sentiment_outputs(run_)

    # -- helpers (private) -------------------------------------------------------------------------------------
    @reports_errors(action=False)
    def fill_pickers(details: dict[str, Any] | None) -> tuple[Any, ...]:
        if not details:
            return (gr.skip(),) * 7
        names = [c["name"] for c in details["columns"]]
        texts = [c["name"] for c in details["columns"] if c["kind"] == "text"]
        text = details.get("text_column") or (texts[0] if texts else None)
        label = details.get("label_column") or NO_COLUMN
        return (gr.Dropdown(choices=details["configs"], value=details["config"]),
                gr.Dropdown(choices=details["splits"], value=details["split"]),
                gr.Dropdown(choices=[NO_COLUMN, *names], value=NO_COLUMN),
                gr.Dropdown(choices=texts, value=text),
                gr.Dropdown(choices=[NO_COLUMN, *names], value=label),
                gr.Dropdown(choices=texts, value=text),
                gr.Dropdown(choices=[NO_COLUMN, *names], value=label))

    def first_page(*args: Any) -> tuple[Any, ...]:
        return dataset_rows(*args[:3], 1, *args[4:])

    def step(delta: int) -> Any:
        def handler(*args: Any) -> tuple[Any, ...]:
            current = args[3] if isinstance(args[3], (int, float)) else 1
            return dataset_rows(*args[:3], max(1, int(current) + delta), *args[4:])
        return reports_errors(action=False)(handler)

    @reports_errors(action=False)
    def show_code(source: str, config: str | None, split: str | None, page: float, page_size: float, search: str,
                  filter_column: str, filter_op: str, filter_value: str) -> str:
        return data_browser.code_snippet(source, config, split, page, page_size, search, _no_none(filter_column),
                                         filter_op, filter_value)

    @reports_errors(action=False)
    def pick_row(evt: gr.SelectData) -> int:
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        return int(index) + 1

    @reports_errors(action=False)
    def uploaded(file: str | None) -> Any:
        if not file:
            return gr.skip()
        hub_ids, files = data_browser.sources()
        choices = _source_choices(hub_ids, files)
        return gr.Dropdown(choices=[(f"⬆️ {Path(file).name}", file), *choices], value=file)

    @reports_errors(action=False)
    def refreshed(current: str | None) -> Any:
        hub_ids, files = data_browser.sources()
        return gr.Dropdown(choices=_source_choices(hub_ids, files), value=current)

    # -- events -------------------------------------------------------------------------------------------------
    cpu = resource(TASK)
    pickers = [config, split, filter_column, text_column, label_column, stats_text_column, gold_column]
    rows_inputs = [*where, page, page_size, *query]
    rows_outputs = [table, status, page, shown]
    opened = open_button.click(dataset_info, inputs=where, outputs=[card, details], api_name="dataset_info", **cpu)
    # A source picked from the list or uploaded opens at once, on its own first config and split.
    picked = (source.select(lambda: (None, None), None, [config, split], api_visibility="private", queue=False)
              .then(dataset_info, where, [card, details], api_visibility="private", **cpu))
    sent = (upload.upload(uploaded, upload, source, api_visibility="private", queue=False)
            .success(lambda: (None, None), None, [config, split], api_visibility="private", queue=False)
            .success(dataset_info, where, [card, details], api_visibility="private", **cpu))
    opened_rows = [event.success(fill_pickers, details, pickers, api_visibility="private", queue=False)
                   .success(reports_errors(action=False)(first_page), rows_inputs, rows_outputs,
                            api_visibility="private", **cpu) for event in (opened, picked, sent)]
    paged = gr.on([apply.click, search.submit, filter_value.submit, page.submit], dataset_rows, inputs=rows_inputs,
                  outputs=rows_outputs, api_name="dataset_rows", **cpu)
    resized = page_size.input(reports_errors(action=False)(first_page), rows_inputs, rows_outputs,
                              api_visibility="private", **cpu)
    back = prev.click(step(-1), rows_inputs, rows_outputs, api_visibility="private", **cpu)
    forward = next_.click(step(+1), rows_inputs, rows_outputs, api_visibility="private", **cpu)
    for event in (*opened_rows, paged, resized, back, forward):
        event.success(show_page, [shown, text_column], [gallery, row_no, row_text, row_full, row_image, row_audio],
                      api_visibility="private", queue=False)
        event.success(show_code, rows_inputs, code, api_visibility="private", queue=False)
    table.select(pick_row, None, row_no, api_visibility="private", queue=False)
    gr.on([row_no.change, text_column.input], show_row, [shown, row_no, text_column],
          [row_text, row_full, row_image, row_audio], api_visibility="private", queue=False)
    compute.click(dataset_stats, [*where, label_column, stats_text_column, *query],
                  [stats_summary, label_chart, length_chart, missing], api_name="dataset_stats", **cpu)
    analysed = run.click(dataset_sentiment, [*where, text_column, gold_column, scope, page, page_size, *query, model],
                         [sentiment_summary, sentiment_table], api_name="dataset_sentiment",
                         **resource(TASK, bulk=True))
    stop.click(None, cancels=[analysed], api_visibility="private", queue=False)
    refresh.click(refreshed, source, source, api_visibility="private", queue=False)
    return row_text


def wire_send_to(inputs: dict[str, Any], tabs: gr.Tabs) -> None:
    """Connect the Datasets tab's "send to" buttons to the other tabs' text boxes and to the tab switcher.

    ``inputs`` maps each task to what its builder returned (its main ``gr.Textbox``, or None); call it inside
    the ``gr.Blocks`` context, after every tab is built. A button shows only when its tab has a text box.
    """
    box = inputs.get(TASK)
    buttons = _SEND_BUTTONS.get(box) if box is not None else None
    if not buttons:
        return
    for task, button in buttons.items():
        target = inputs.get(task)
        if not isinstance(target, gr.Textbox):
            continue
        button.visible = True
        button.click(_sender(task), box, [target, tabs], api_visibility="private", queue=False)


def _sender(task: str) -> Any:
    def send(text: str | None) -> tuple[str, Any]:
        return text or "", gr.Tabs(selected=task)

    return send


# -- formatting ---------------------------------------------------------------------------------------------------
_UPLOAD_TYPES = (".csv", ".tsv", ".txt", ".json", ".jsonl", ".parquet", ".zip")


def _source_choices(hub: list[str], files: list[str]) -> list[tuple[str, str]]:
    return [(f"📁 {f}", f) for f in files] + [(f"🤗 {h}", h) for h in hub]


def _no_none(value: Any) -> Any:
    return "" if value in (None, NO_COLUMN) else value


def card_markdown(info: Info) -> str:
    """The card: title, license first (students check it before using data), rows, description, notes."""
    lines = [f"### {_md(info.title)}"]
    if info.where == "hub":
        license_ = md_code(info.license, limit=80) if info.license else "**not stated · 명시되지 않음** — ask the owner"
        lines.append(f"**License · 라이선스: {license_}** · [dataset card · 데이터셋 카드]({info.card_url})")
    else:
        lines.append("📁 Local file · 로컬 파일 — stays on this machine · 이 컴퓨터에만 있습니다")
    if info.num_rows is not None:
        lines.append(f"Rows · 행: **{info.num_rows:,}** · Columns · 열: "
                     + ", ".join(f"{md_code(c.name, limit=100)} ({c.kind})" for c in info.columns))
    if info.description:
        lines.append("> " + _md(" ".join(info.description.split())[:600]))
    lines += [f"*{_md(n)}*" for n in info.notes]
    return "\n\n".join(lines)


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


def status_line(found: Page) -> str:
    if not found.rows:
        return "No rows match · 맞는 행이 없습니다"
    first, last = found.offset + 1, found.offset + len(found.rows)
    total = f"{found.total:,}" if found.total is not None else "?"
    more = " (search covers part of this split · 검색은 일부만)" if found.partial else ""
    return (f"Rows **{first:,}–{last:,}** of **{total}** · page {found.page:,} / {found.pages:,}{more}  \n"
            f"행 {first:,}–{last:,} / {total} · {found.page:,} / {found.pages:,} 페이지")


def _frame(found: Page) -> Any:
    import pandas as pd

    headers, data = found.table()
    return pd.DataFrame(data, columns=headers) if data else pd.DataFrame(columns=headers)


def show_page(found: Page | None, text_column: str | None) -> tuple[Any, ...]:
    """After a page: thumbnails of its images, and the row view on its first row."""
    if not isinstance(found, Page):
        return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
    images = _gallery(found)
    return (gr.Gallery(value=images or None, visible=bool(images)), 1, *show_row(found, 1, text_column))


def _gallery(found: Page) -> list[tuple[Any, str]]:
    return data_media.gallery(found)  # thumbnails within the page's byte budget (playground.data.media)


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
                  if (img := _image(row.get(c.name), thumbnail=False)) is not None), None)
    audio = next((aud for c in found.columns if c.kind == "audio" if (aud := _audio(row.get(c.name)))), None)
    whole = {c.name: _readable(row.get(c.name), c) for c in found.columns}
    return (text, json.dumps(whole, ensure_ascii=False, indent=1, default=str),
            gr.Image(value=image, visible=image is not None), gr.Audio(value=audio, visible=audio is not None))


def _readable(value: Any, column: Column) -> Any:
    if column.kind in ("image", "audio") or isinstance(value, (bytes, bytearray, memoryview)):
        data = media_bytes(value)
        return f"<{column.kind}, {len(data):,} bytes>" if data is not None else (media_path(value) or value)
    return json.loads(to_json(value)) if isinstance(value, (list, dict)) else value


def _image(value: Any, *, thumbnail: bool) -> Any:
    """A PIL image from encoded bytes or an allowed local path; a Hub viewer URL as it is."""
    return data_media.image(value, thumbnail=thumbnail)


def _audio(value: Any) -> str | None:
    """A playable file for an audio cell: the Hub's URL, or one private file per distinct sound."""
    return data_media.audio_file(value)


def stats_outputs(stats: Stats) -> tuple[str, Any, Any, Any]:
    import pandas as pd

    lines = [f"**{stats.rows:,}** rows · 행" + (f" — {md_escape(stats.note)}" if stats.note else "")]
    categories = [(v, n) for v, n in stats.categories if n >= 0]
    if stats.label_column:
        if any(n < 0 for _, n in stats.categories):
            lines.append(f"{md_code(stats.label_column, limit=100)}: more than "
                         f"{limits.DATASET_STATS_MAX_CATEGORIES} distinct values; "
                         "the most frequent are shown · 값 종류가 많아 가장 많은 것만 보여 줍니다")
        else:
            lines.append(f"{md_code(stats.label_column, limit=100)}: "
                         + ", ".join(f"{md_escape(v, limit=60)} = {n:,}" for v, n in categories))
    if stats.length_summary:
        s = stats.length_summary
        lines.append(f"{md_code(stats.text_column, limit=100)} length · 길이: min {s.get('min')}, "
                     f"mean {s.get('mean')}, "
                     f"median {s.get('median')}, max {s.get('max')}")
    label_frame = pd.DataFrame(categories, columns=["value", "count"])
    length_frame = pd.DataFrame(stats.lengths, columns=["length", "count"])
    missing = pd.DataFrame([(name, count, f"{share:.1%}") for name, count, share in stats.missing],
                           columns=["column", "missing", "share"])
    return "  \n".join(lines), label_frame, length_frame, missing


def sentiment_outputs(run: data_browser.ColumnRun) -> tuple[str, Any]:
    import pandas as pd

    counts = Counter(r.label for r in run.results)
    spread = " · ".join(f"{k}: {v:,}" for k, v in counts.items())
    lines = [f"**{len(run.results):,} / {run.total:,}** texts · {spread}"]
    found = run.accuracy
    if found:
        value, compared = found
        lines.append(f"**Accuracy · 정확도: {value:.1%}** ({compared:,} labelled rows)")
    rows = [[r.text, r.label, round(r.score, 4)] for r in run.results]
    headers = ["text", "label", "score"]
    if run.gold is not None:
        headers.append("gold")
        for row, gold in zip(rows, run.gold, strict=False):
            row.append(gold)
    return "\n\n".join(lines), pd.DataFrame(rows, columns=headers)
