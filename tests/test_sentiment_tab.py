"""The Sentiment tab's handlers without a server (issue 13): what a run over many texts streams, the results
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
from tabs import sentiment as tab
from tabs.i18n import COOKIE

KOREAN_PAGE = SimpleNamespace(headers={"accept-language": "ko-KR", "cookie": f"{COOKIE}=ko"}, session_hash="ko-1")
ENGLISH_PAGE = SimpleNamespace(headers={"accept-language": "en-US"}, session_hash="en-1")


def _nsmc_rows(nsmc_path: Path, count: int, tmp_path: Path) -> Path:
    path = tmp_path / f"nsmc_{count}.tsv"
    lines = nsmc_path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[: count + 1]), encoding="utf-8")
    return path


def test_a_long_run_streams_only_the_summary_and_sends_the_table_once(engine: Engine, nsmc_path: Path,
                                                                        tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(tab, "STREAM_EVERY_S", 0.0)  # stream at every chunk, to see what each update carries
    file = _nsmc_rows(nsmc_path, 300, tmp_path)
    updates = list(tab.analyze_many(engine, "", str(file), "document", "label", request=ENGLISH_PAGE))
    *running, final = updates
    assert running, "a 300-row run streams its progress"
    for summary, chart, table, download in running:
        assert "/ 300**" in summary
        # nothing heavy while it runs: the chart, the table and the file are left as they are
        assert (chart, table, download) == (gr.skip(),) * 3
    summary, chart, table, download = final
    assert "**300 / 300** texts" in summary and "Accuracy: " in summary
    assert table["headers"] == ["label", "score", "correct", "model", "text"]
    assert int(chart["count"].sum()) == 300 and Path(download).exists()
    # the page gets a preview of the table (drawing thousands of rows froze it); the CSV has every row
    assert len(table["data"]) == tab.PREVIEW_ROWS == 200
    assert "The table shows the first 200 of 300 rows" in summary
    with open(download, encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.reader(handle))) == 301
    # a client that states no language gets every row, as the API always answered
    bare = list(tab.analyze_many(engine, "", str(file), "document", "label"))[-1]
    assert len(bare[2]["data"]) == 300 and "first 200" not in bare[0]


class SteppingClock:
    """A monotonic clock that moves ``step`` seconds each time it is read: the tab's pacing, without a stopwatch."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def monotonic(self) -> float:
        self.now += self.step
        return self.now


def test_streamed_summaries_are_spaced_out(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = "\n".join(f"좋아요 {i}" for i in range(limits.SENTIMENT_MAX_LINES))
    clock = SteppingClock(tab.STREAM_EVERY_S / 4)
    monkeypatch.setattr(tab, "time", clock)  # the tab's pacing reads this clock only
    updates = list(tab.analyze_many(engine, lines, request=ENGLISH_PAGE))
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


def test_the_korean_page_gets_korean_label_names_and_the_api_the_models(engine: Engine) -> None:
    korean = tab.analyze_one(engine, "이 영화 최고예요", request=KOREAN_PAGE)
    assert set(korean) == {"부정", "긍정"}
    assert set(tab.analyze_one(engine, "이 영화 최고예요", request=ENGLISH_PAGE)) == {"negative", "positive"}
    assert set(tab.analyze_one(engine, "이 영화 최고예요", request=None)) == {"negative", "positive"}
    summary, chart, _, _ = list(tab.analyze_many(engine, "좋아요\n최악", request=KOREAN_PAGE))[-1]
    assert "**2 / 2** 문장" in summary and "texts" not in summary
    assert ("부정" in summary or "긍정" in summary) and "negative" not in summary and "positive" not in summary
    assert set(chart["label"]) <= {"부정", "긍정"}


def test_the_chart_counts_in_whole_numbers_from_zero(engine: Engine) -> None:
    list(tab.analyze_many(engine, "좋아요\n최악\n별로", request=KOREAN_PAGE))
    drawn, table, wrong_only = tab.show_results(request=KOREAN_PAGE)
    assert drawn.y_lim == [0, 5]  # 0..5: no tick falls between two whole numbers
    assert drawn.x_title == "레이블" and drawn.y_title == "문장 수" and drawn.visible and table.visible
    assert not wrong_only.visible  # no label column: nothing is right or wrong
    assert tab.show_results(request=KOREAN_PAGE) == (gr.skip(), gr.skip(), gr.skip())  # drawn once per run
    tab._keep_counts(ENGLISH_PAGE, SimpleNamespace(counts={"negative": 2_500, "positive": 1_500},
                                                   snapshot=lambda: None))
    assert tab.show_results(request=ENGLISH_PAGE)[0].y_lim == [0, 2_500]


def test_stop_shows_what_was_analysed_at_once(engine: Engine, nsmc_path: Path, tmp_path: Path,
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
    run = tab.analyze_many(engine, "", str(file), "document", "label", request=request)
    next(run)  # under way
    worker = threading.Thread(target=lambda: [None for _ in run])
    worker.start()
    assert holding.wait(60)
    try:
        summary, chart, table, download = tab.stop_many(request)
        assert worker.is_alive()  # answered while the run was still held: Stop did not wait for it
    finally:
        release.set()
        worker.join(timeout=60)
    assert not worker.is_alive()
    assert "⏹" in summary and "Stopped" in summary
    assert 0 < len(table["data"]) < 2_000 and Path(download).exists()
    assert not worker.is_alive(), "the run ends at its next chunk once Stop was clicked"
    assert tab.stop_many(request) == (gr.skip(),) * 4  # nothing left to stop


def test_chunks_aim_at_a_fraction_of_a_second() -> None:
    assert sentiment.next_chunk(8, 0.01) == 16  # grows at most twofold
    assert sentiment.next_chunk(64, 0.01) == limits.SENTIMENT_CHUNK
    assert sentiment.next_chunk(64, 1.2) == 16  # a slow chunk: the next one is cut to ~CHUNK_SECONDS
    assert sentiment.next_chunk(8, 5.0) == sentiment.MIN_CHUNK


def test_try_nsmc_fills_a_real_labelled_sample(engine: Engine) -> None:
    lines, file, text_column, label_column = tab.try_nsmc()
    assert lines == "" and Path(file).name == "nsmc_100.tsv" and Path(file) != tab.NSMC_SAMPLE
    assert text_column.value == "document" and label_column.value == "label"
    texts, gold = sentiment.texts_from("", file, "document", "label")
    assert len(texts) == 100 and sorted(set(map(str, gold))) == ["0", "1"]
    summary = list(tab.analyze_many(engine, "", file, "document", "label", request=KOREAN_PAGE))[-1][0]
    assert "**100 / 100** 문장" in summary and "정확도: " in summary and "(정답이 있는 100행)" in summary
    readme = (tab.NSMC_SAMPLE.parent / "README.md").read_text(encoding="utf-8")
    assert "github.com/e9t/nsmc" in readme and "CC0" in readme
