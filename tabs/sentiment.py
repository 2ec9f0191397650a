"""The Sentiment tab: one text → label confidences; many texts (lines or a CSV/TSV) → table, chart, accuracy.

API endpoints: ``/sentiment`` (text, model="auto") and ``/sentiment_many`` (lines, file, columns, model).
"""

from __future__ import annotations

import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from playground import limits
from playground.catalog import AUTO
from playground.data.tables import guess_columns, read_table
from playground.engine import Engine
from playground.errors import BadInput
from playground.tasks import sentiment
from playground.text import clean_text, split_lines

from .common import code_panel, model_card, model_picker, progress_callback, reports_errors, resource
from .i18n import t

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


def build(engine: Engine) -> gr.Textbox:
    """Draw the tab inside the current ``gr.Tab`` and wire its events; returns the one-text box."""
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
        summary = gr.Markdown(label=t("sentiment.summary"))
        chart = gr.BarPlot(x="label", y="count", label=t("sentiment.chart"), height=220)
        table = gr.Dataframe(headers=TABLE_HEADERS, label=t("sentiment.table"), interactive=False, max_height=360,
                             wrap=True)
        download = gr.File(label=t("sentiment.download"), interactive=False)
        gr.Examples([[LINES_EXAMPLE]], inputs=[lines], label=t("common.examples"))

    code = code_panel(sentiment.code_snippet(engine, engine.default_choice(TASK) or AUTO, EXAMPLES[0]))
    clear.add([text, result])

    # -- handlers ---------------------------------------------------------------------------------------
    @reports_errors
    def analyze_one(text: str, model: str = AUTO, progress: gr.Progress = gr.Progress(track_tqdm=True),
                    request: gr.Request = None) -> dict[str, float]:
        """Classify one text; returns label → confidence."""
        found = sentiment.analyze_text(engine, text, model, progress_callback(progress))
        return found.scores

    @reports_errors(action=False)
    def show_code(text: str, model: str) -> str:
        return sentiment.code_snippet(engine, model, text)

    @reports_errors
    def analyze_many(lines: str = "", file: str | None = None, text_column: str | None = None,
                     label_column: str | None = None, model: str = AUTO,
                     progress: gr.Progress = gr.Progress(track_tqdm=True),
                     request: gr.Request = None) -> Iterator[tuple[Any, ...]]:
        """Classify many texts (one per line, or a column of a CSV/TSV file), streaming partial results."""
        texts, gold_values = _collect_texts(lines, file, text_column, label_column)
        engine.resolve(TASK, model)  # refuse an unknown model before any work
        results: list[sentiment.SentimentResult] = []
        report = progress_callback(progress)
        step = limits.SENTIMENT_CHUNK
        for start in range(0, len(texts), step):
            progress((start, len(texts)), desc="Analysing…")
            results += sentiment.analyze(engine, texts[start:start + step], model, report)
            yield _outputs(results, gold_values, len(texts), final=False)
        yield _outputs(results, gold_values, len(texts), final=True)

    @reports_errors(action=False)
    def pick_columns(file: str | None) -> tuple[gr.Dropdown, gr.Dropdown]:
        if not file:
            return gr.Dropdown(choices=[], value=None), gr.Dropdown(choices=[NO_LABEL], value=NO_LABEL)
        frame = read_table(file).frame
        text_col, label_col = guess_columns(frame)
        columns = list(frame.columns)
        return (gr.Dropdown(choices=columns, value=text_col),
                gr.Dropdown(choices=[NO_LABEL, *columns], value=label_col or NO_LABEL))

    # -- events: the main actions are API endpoints; helpers stay out of the API --------------------------
    one = gr.on([run.click, text.submit], analyze_one, inputs=[text, model], outputs=result, api_name="sentiment",
                **resource(TASK))
    one.success(show_code, [text, model], code, api_visibility="private", queue=False)
    many = run_many.click(analyze_many, inputs=[lines, upload, text_column, label_column, model],
                          outputs=[summary, chart, table, download], api_name="sentiment_many",
                          **resource(TASK, bulk=True))
    stop.click(None, cancels=[many], api_visibility="private", queue=False)
    upload.change(pick_columns, upload, [text_column, label_column], api_visibility="private")
    model.change(lambda m: model_card(engine, TASK, m), model, card, api_visibility="private", queue=False)
    model.change(show_code, [text, model], code, api_visibility="private", queue=False)
    return text


def _collect_texts(lines: str | None, file: str | None, text_column: str | None,
                   label_column: str | None) -> tuple[list[str], list[object] | None]:
    """Texts (and gold labels, if a label column is chosen) from an uploaded file, else from the lines box."""
    if not file:
        return split_lines(lines, max_lines=limits.SENTIMENT_MAX_LINES, max_chars=limits.SENTIMENT_MAX_CHARS), None
    frame = read_table(file).frame
    guessed_text, _ = guess_columns(frame)
    column = text_column or guessed_text
    for name in (column, label_column):
        if name and name != NO_LABEL and name not in frame.columns:
            raise BadInput("no_column", column=str(name)[:100], columns=", ".join(map(str, frame.columns))[:300])
    keep = frame[column].astype(str).str.strip() != ""
    frame = frame[keep]
    if frame.empty:
        raise BadInput("no_lines")
    texts = [clean_text(value, limit=limits.SENTIMENT_MAX_CHARS) for value in frame[column].tolist()]
    gold = frame[label_column].tolist() if label_column and label_column != NO_LABEL else None
    return texts, gold


def _outputs(results: list[sentiment.SentimentResult], gold_values: list[object] | None, total: int,
             *, final: bool) -> tuple[Any, ...]:
    import pandas as pd

    rows = sentiment.results_rows(results)
    table = pd.DataFrame(rows, columns=TABLE_HEADERS)
    counts = Counter(r.label for r in results)
    chart = pd.DataFrame({"label": list(counts), "count": list(counts.values())})
    lines = [f"**{len(results):,} / {total:,}** texts · " + " · ".join(f"{k}: {v:,}" for k, v in counts.items())]
    if gold_values is not None and results:
        labels = _label_names(results)
        gold = [sentiment.gold_label(v, labels) for v in gold_values[: len(results)]]
        table["gold"] = [g or "" for g in gold]
        found = sentiment.accuracy([r.label for r in results], gold)
        if found:
            value, compared = found
            lines.append(f"**Accuracy · 정확도: {value:.1%}** ({compared:,} labelled rows)")
    download = _write_csv(table) if final else None
    return "\n\n".join(lines), chart, table, download


def _label_names(results: list[sentiment.SentimentResult]) -> list[str]:
    return list(results[0].scores)


def _write_csv(table: Any) -> str:
    """Write the results where Gradio can serve them; files older than an hour are removed."""
    root = Path(tempfile.gettempdir()) / "playground-results"
    root.mkdir(exist_ok=True)
    cutoff = time.time() - 3600
    for old in root.glob("*/*.csv"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
            old.parent.rmdir()
    folder = root / uuid.uuid4().hex
    folder.mkdir()
    path = folder / "sentiment_results.csv"
    table.to_csv(path, index=False, encoding="utf-8-sig")  # utf-8-sig: Excel opens Korean correctly
    return str(path)
