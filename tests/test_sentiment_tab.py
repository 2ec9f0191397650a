"""The Sentiment tab's handlers without a server: what a run over many texts streams, the results
table's column order and language, the label names on a Korean page, Stop, and the one-click NSMC sample."""

from __future__ import annotations

import csv
import threading
from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import pytest

from playground import limits
from playground.engine import Engine
from playground.tasks import sentiment
from tabs import handover
from tabs import sentiment as tab
from tabs.i18n import COOKIE

KOREAN_PAGE = SimpleNamespace(headers={"accept-language": "ko-KR", "cookie": f"{COOKIE}=ko"}, session_hash="ko-1")
ENGLISH_PAGE = SimpleNamespace(headers={"accept-language": "en-US"}, session_hash="en-1")


@pytest.fixture(scope="module")
def ui(catalog) -> tab.Layout:
    """The tab's components (drawn, never served): the handlers return their outputs by them."""
    from playground.device import detect

    with gr.Blocks():
        return tab.layout(Engine(catalog, detect("cpu")))


def _nsmc_rows(nsmc_path: Path, count: int, tmp_path: Path) -> Path:
    path = tmp_path / f"nsmc_{count}.tsv"
    lines = nsmc_path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[: count + 1]), encoding="utf-8")
    return path


def test_a_long_run_streams_only_the_summary_and_sends_the_table_once(engine: Engine, ui, nsmc_path: Path,
                                                                        tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(tab, "STREAM_EVERY_S", 0.0)  # stream at every chunk, to see what each update carries
    file = _nsmc_rows(nsmc_path, 300, tmp_path)
    updates = list(tab.analyze_many(engine, "", str(file), "document", "label", request=ENGLISH_PAGE, ui=ui))
    *running, final = updates
    assert running, "a 300-row run streams its progress"
    for step in running:
        # nothing heavy while it runs: the chart, the table and the file are left as they are
        assert list(step) == [ui.summary] and "/ 300**" in step[ui.summary]
    summary, chart, table, download = (final[ui.summary], final[ui.chart], final[ui.table], final[ui.download])
    assert "**300 / 300** texts" in summary and "Accuracy: " in summary
    assert table["headers"] == ["label", "score", "correct", "model", "text"]
    assert int(chart["count"].sum()) == 300 and Path(download).exists()
    # the page gets a preview of the table (drawing thousands of rows froze it); the CSV has every row
    assert len(table["data"]) == tab.PREVIEW_ROWS == 200
    assert "The table shows the first 200 of 300 rows" in summary
    with open(download, encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.reader(handle))) == 301
    # a client that states no language gets every row, as the API always answered
    bare = list(tab.analyze_many(engine, "", str(file), "document", "label", ui=ui))[-1]
    assert len(bare[ui.table]["data"]) == 300 and "first 200" not in bare[ui.summary]


class SteppingClock:
    """A monotonic clock that moves ``step`` seconds each time it is read: the tab's pacing, without a stopwatch."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def monotonic(self) -> float:
        self.now += self.step
        return self.now


def test_streamed_summaries_are_spaced_out(engine: Engine, ui, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = "\n".join(f"좋아요 {i}" for i in range(limits.SENTIMENT_MAX_LINES))
    clock = SteppingClock(tab.STREAM_EVERY_S / 4)
    monkeypatch.setattr(tab, "time", clock)  # the tab's pacing reads this clock only
    updates = list(tab.analyze_many(engine, lines, request=ENGLISH_PAGE, ui=ui))
    summaries = len(updates) - 1  # the last update is the whole result
    assert summaries <= clock.now / tab.STREAM_EVERY_S + 1  # at most one summary per STREAM_EVERY_S
    assert summaries >= 1 or clock.now < 2 * tab.STREAM_EVERY_S  # and it does stream while a long run goes


def test_results_put_label_score_gold_first_and_the_text_last_in_the_pages_language(engine: Engine) -> None:
    run = sentiment.ManyRun(["좋아요", "bad"], [1, "negative"])
    run.results = sentiment.analyze(engine, run.texts)
    korean = tab.results_table(run, "ko")
    assert korean["headers"] == ["레이블", "점수", "정답", "모델", "문장"]
    assert [row[2] for row in korean["data"]] == ["긍정", "부정"]  # gold labels, by index and by name
    assert {row[0] for row in korean["data"]} <= {"부정", "긍정"}
    assert [row[-1] for row in korean["data"]] == ["좋아요", "bad"]
    english = tab.results_table(run, "en")
    assert english["headers"] == ["label", "score", "correct", "model", "text"]
    assert {row[0] for row in english["data"]} <= {"negative", "positive"}
    # a client that states no language keeps the model's label names and plain column names
    plain = tab.results_table(run, None)
    assert plain["headers"] == ["label", "score", "gold", "model", "text"]
    assert [row[2] for row in plain["data"]] == ["positive", "negative"]
    # the CSV keeps its own order and the model's label names, whatever the page's language
    with open(sentiment.write_csv(run), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["text", "label", "score", "model", "gold"] and rows[1][4] == "positive"


def test_the_korean_page_gets_korean_label_names_and_the_api_the_models(engine: Engine, ui) -> None:
    korean = tab.analyze_one(engine, "이 영화 최고예요", request=KOREAN_PAGE)
    assert set(korean) == {"부정", "긍정"}
    assert set(tab.analyze_one(engine, "이 영화 최고예요", request=ENGLISH_PAGE)) == {"negative", "positive"}
    assert set(tab.analyze_one(engine, "이 영화 최고예요", request=None)) == {"negative", "positive"}
    final = list(tab.analyze_many(engine, "좋아요\n최악", request=KOREAN_PAGE, ui=ui))[-1]
    summary, chart = final[ui.summary], final[ui.chart]
    assert "**2 / 2** 문장" in summary and "texts" not in summary
    assert ("부정" in summary or "긍정" in summary) and "negative" not in summary and "positive" not in summary
    assert set(chart["label"]) <= {"부정", "긍정"}


def test_the_chart_counts_in_whole_numbers_from_zero(engine: Engine, ui) -> None:
    list(tab.analyze_many(engine, "좋아요\n최악\n별로", request=KOREAN_PAGE, ui=ui))
    shown = tab.show_results(request=KOREAN_PAGE, ui=ui)
    drawn, table, wrong_only = shown[ui.chart], shown[ui.table], shown[ui.wrong_only]
    assert drawn.y_lim == [0, 5]  # 0..5: no tick falls between two whole numbers
    assert drawn.x_title == "레이블" and drawn.y_title == "문장 수" and drawn.visible and table.visible
    assert not wrong_only.visible  # no label column: nothing is right or wrong
    assert tab.show_results(request=KOREAN_PAGE, ui=ui) == gr.skip()  # drawn once per run
    tab._keep_counts(ENGLISH_PAGE, SimpleNamespace(counts={"negative": 2_500, "positive": 1_500},
                                                   snapshot=lambda: None))
    assert tab.show_results(request=ENGLISH_PAGE, ui=ui)[ui.chart].y_lim == [0, 2_500]


def test_stop_shows_what_was_analysed_at_once(engine: Engine, ui, nsmc_path: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Stop answers with what was analysed so far without waiting for the run: the run is held mid-way (after its
    second chunk) while Stop is pressed, and Stop has answered before the run may go on."""
    holding, release = threading.Event(), threading.Event()
    real = sentiment.analyze_many

    def held_midway(*args, **kwargs):
        chunks = real(*args, **kwargs)
        yield next(chunks)
        yield next(chunks)
        holding.set()
        assert release.wait(60)
        yield from chunks

    monkeypatch.setattr(sentiment, "analyze_many", held_midway)
    file = _nsmc_rows(nsmc_path, 2_000, tmp_path)
    request = SimpleNamespace(headers={"accept-language": "en-US"}, session_hash="stopper")
    run = tab.analyze_many(engine, "", str(file), "document", "label", request=request, ui=ui)
    next(run)  # under way
    worker = threading.Thread(target=lambda: [None for _ in run])
    worker.start()
    assert holding.wait(60)
    try:
        stopped = tab.stop_many(request, ui=ui)
        assert worker.is_alive()  # answered while the run was still held: Stop did not wait for it
    finally:
        release.set()
        worker.join(timeout=60)
    assert not worker.is_alive()
    summary, table, download = stopped[ui.summary], stopped[ui.table], stopped[ui.download]
    assert "⏹" in summary and "Stopped" in summary and 0 < int(stopped[ui.chart]["count"].sum()) < 2_000
    assert 0 < len(table["data"]) < 2_000 and Path(download).exists()
    assert not worker.is_alive(), "the run ends at its next chunk once Stop was clicked"
    assert tab.stop_many(request, ui=ui) == gr.skip()  # nothing left to stop: every output left as it is


def test_chunks_aim_at_a_fraction_of_a_second() -> None:
    assert sentiment.next_chunk(8, 0.01) == 16  # grows at most twofold
    assert sentiment.next_chunk(64, 0.01) == limits.SENTIMENT_CHUNK
    assert sentiment.next_chunk(64, 1.2) == 16  # a slow chunk: the next one is cut to ~CHUNK_SECONDS
    assert sentiment.next_chunk(8, 5.0) == sentiment.MIN_CHUNK


def test_try_nsmc_fills_a_real_labelled_sample(engine: Engine, ui) -> None:
    filled = tab.try_nsmc(ui=ui)
    lines, file, text_column, label_column = (filled[ui.lines], filled[ui.upload], filled[ui.text_column],
                                              filled[ui.label_column])
    assert lines == "" and Path(file).name == "nsmc_100.tsv" and Path(file) != tab.NSMC_SAMPLE
    assert text_column.value == "document" and label_column.value == "label"
    texts, gold = sentiment.texts_from("", file, "document", "label")
    assert len(texts) == 100 and sorted(set(map(str, gold))) == ["0", "1"]
    summary = list(tab.analyze_many(engine, "", file, "document", "label", request=KOREAN_PAGE, ui=ui))[-1][ui.summary]
    assert "**100 / 100** 문장" in summary and "정확도: " in summary and "(정답이 있는 100행)" in summary
    readme = (tab.NSMC_SAMPLE.parent / "README.md").read_text(encoding="utf-8")
    assert "github.com/e9t/nsmc" in readme and "CC0" in readme


def test_each_value_lands_in_its_own_component(engine: Engine, ui, nsmc_path: Path) -> None:
    """A labelled run's outputs by component: the summary (with its matrix) in the summary, the label counts in the
    chart, the rows in the table, the CSV in the download; then the chart and table shown and the "wrong only" box;
    an upload's columns in their own pickers."""
    request = SimpleNamespace(headers={"accept-language": "en-US"}, session_hash="by-name")
    final = list(tab.analyze_many(engine, "", str(nsmc_path), "document", "label", request=request, ui=ui))[-1]
    assert set(final) == {ui.summary, ui.chart, ui.table, ui.download}
    assert "Accuracy: " in final[ui.summary] and "| **" in final[ui.summary]
    assert list(final[ui.chart].columns) == ["label", "count"]
    assert final[ui.table]["headers"][0] == "label" and final[ui.download].endswith(".csv")
    shown = tab.show_results(request=request, ui=ui)
    assert isinstance(shown[ui.chart], gr.BarPlot) and isinstance(shown[ui.table], gr.Dataframe)
    assert isinstance(shown[ui.wrong_only], gr.Checkbox) and shown[ui.wrong_only].visible
    picked = tab.pick_columns(str(nsmc_path), ui=ui)
    assert picked[ui.text_column].value == "document" and picked[ui.label_column].value == "label"
    kept = tab.pick_columns(str(nsmc_path), "id", "document", ui=ui)  # picks the file has stay picked
    assert kept[ui.text_column].value == "id" and kept[ui.label_column].value == "document"
    other = tab.pick_columns(str(nsmc_path), "review", tab.NO_LABEL, ui=ui)  # another file's: guessed again
    assert other[ui.text_column].value == "document" and other[ui.label_column].value == "label"
    none = tab.pick_columns(None, ui=ui)
    assert none[ui.text_column].value is None and none[ui.label_column].value == tab.NO_LABEL

    # A run without a label column, on a file that has one, comes back without one: the restore, and the change
    # event of the file it puts back, which may read the pickers before that restore has set them.
    list(tab.analyze_many(engine, "", str(nsmc_path), "id", tab.NO_LABEL, request=request, ui=ui))
    tab.show_many_code(engine, str(nsmc_path), "id", tab.NO_LABEL, request=request)
    back = tab.restore(ui, handover.kept(request, "sentiment"), "ko")
    assert back[ui.upload] == str(nsmc_path)
    assert (back[ui.text_column].value, back[ui.label_column].value) == ("id", tab.NO_LABEL)
    again = tab.pick_columns(str(nsmc_path), "document", "label", request=request, ui=ui)
    assert (again[ui.text_column].value, again[ui.label_column].value) == ("id", tab.NO_LABEL)
