"""The Sentiment tab's labelled runs: a labelled run's confusion matrix and its "wrong only" filter, the gold label a
row of the Datasets tab sends with its text, and the code panel that reproduces a file run (executed here on the
tiny stand-ins and compared with what the app produced)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import pytest

from conftest import with_local_folders
from playground.engine import Engine
from playground.tasks import sentiment
from tabs import sentiment as tab
from tabs.common import sentiment_table
from tabs.i18n import COOKIE

KOREAN_PAGE = SimpleNamespace(headers={"accept-language": "ko-KR", "cookie": f"{COOKIE}=ko"}, session_hash="cm-ko")
ENGLISH_PAGE = SimpleNamespace(headers={"accept-language": "en-US"}, session_hash="cm-en")


@pytest.fixture(scope="module")
def ui(catalog) -> tab.Layout:
    """The tab's components (drawn, never served): the handlers return their outputs by them."""
    from playground.device import detect

    with gr.Blocks():
        return tab.layout(Engine(catalog, detect("cpu")))


def _result(text: str, label: str) -> sentiment.SentimentResult:
    scores = {"negative": 0.9, "positive": 0.1} if label == "negative" else {"negative": 0.2, "positive": 0.8}
    return sentiment.SentimentResult(text, label, scores[label], scores, "tiny/model")


def _run() -> sentiment.ManyRun:
    """Five labelled texts: two negatives (one read as positive), two positives (one read as negative), one whose
    gold cell names no label (left out of the matrix and the accuracy)."""
    predicted = ["negative", "positive", "positive", "negative", "positive"]
    run = sentiment.ManyRun([f"t{i}" for i in range(5)], [0, "0", 1, "positive", "maybe"])
    run.results = [_result(f"t{i}", label) for i, label in enumerate(predicted)]
    return run


def test_the_engine_counts_gold_rows_against_predicted_columns() -> None:
    run = _run()
    assert run.confusion == (["negative", "positive"], [[1, 1], [1, 1]])
    assert run.wrong == [False, True, False, True, False]  # an unreadable gold cell is never "wrong"
    assert run.accuracy == (0.5, 4)
    unlabelled = sentiment.ManyRun(["a"], None, [_result("a", "positive")])
    assert unlabelled.confusion is None and unlabelled.wrong is None


@pytest.mark.parametrize(("request_", "words", "absent"), [
    (KOREAN_PAGE, ["혼동 행렬", "정답 ↓ · 예측 →", "**부정**", "**긍정**", "틀린 예측 2개"],
     r"negative|positive|correct|predicted"),
    (ENGLISH_PAGE, ["Confusion matrix", "correct ↓ · predicted →", "**negative**", "2 wrong predictions"],
     r"[\uac00-\ud7a3]"),
])
def test_the_matrix_is_in_the_page_language(request_, words: list[str], absent: str) -> None:
    lang = "ko" if request_ is KOREAN_PAGE else "en"
    matrix = tab.confusion_markdown(_run(), lang)
    for word in words:
        assert word in matrix, matrix
    table = [line for line in matrix.splitlines() if line.startswith("|")]
    assert len(table) == 4  # header, rule, one row per gold label
    assert not re.search(absent, matrix.replace("**Confusion matrix**", "").replace("**혼동 행렬**", "")
                         if lang == "ko" else matrix), matrix
    assert tab.page_summary(_run(), lang).endswith(matrix)
    assert "|" not in tab.page_summary(_run(), None)  # an API client's summary is as it always was
    unlabelled = sentiment.ManyRun(["a"], None, [_result("a", "positive")])
    assert tab.confusion_markdown(unlabelled, lang) == ""


def test_wrong_only_keeps_the_wrong_rows_in_the_page_language() -> None:
    run = _run()
    table = sentiment_table(run, "ko", tab.COLUMNS, wrong_only=True)
    assert table["headers"][:3] == ["레이블", "점수", "정답"]
    assert [row[-1] for row in table["data"]] == ["t1", "t3"]
    assert [row[:1] + row[2:3] for row in table["data"]] == [["긍정", "부정"], ["부정", "긍정"]]
    assert len(sentiment_table(run, "en", tab.COLUMNS)["data"]) == 5


def test_a_labelled_file_run_shows_the_matrix_and_the_filter(engine: Engine, ui, nsmc_path: Path) -> None:
    *_, final = tab.analyze_many(engine, "", str(nsmc_path), "document", "label", request=KOREAN_PAGE, ui=ui)
    summary, table = final[ui.summary], final[ui.table]
    assert "혼동 행렬" in summary and "정확도" in summary
    wrong_only = tab.show_results(request=KOREAN_PAGE, ui=ui)[ui.wrong_only]
    assert wrong_only.visible and wrong_only.value is False
    run = tab.LAST.get(KOREAN_PAGE)
    wrong = tab.filter_table(True, request=KOREAN_PAGE)
    expected = sum(run.wrong)
    assert len(wrong["data"]) == min(expected, tab.PREVIEW_ROWS) and expected == sum(
        n for i, row in enumerate(run.confusion[1]) for j, n in enumerate(row) if i != j)
    assert all(row[0] != row[2] for row in wrong["data"])
    assert tab.filter_table(False, request=KOREAN_PAGE)["data"] == table["data"]


def test_a_sent_gold_label_says_right_or_wrong(engine: Engine) -> None:
    assert tab.take_gold(1) == (1, "")
    tab.analyze_one(engine, "이 영화 최고예요", request=KOREAN_PAGE)
    found = tab.ONE.get(KOREAN_PAGE)
    verdict = tab.show_verdict(found.label, request=KOREAN_PAGE)
    assert "정답" in verdict and "맞음 ✓" in verdict and "right" not in verdict
    other = next(label for label in found.scores if label != found.label)
    assert "틀림 ✗" in tab.show_verdict(list(found.scores).index(other), request=KOREAN_PAGE)
    tab.analyze_one(engine, "What a film", request=ENGLISH_PAGE)
    assert "wrong ✗" in tab.show_verdict(other, request=ENGLISH_PAGE) or "right ✓" in tab.show_verdict(
        other, request=ENGLISH_PAGE)
    assert tab.show_verdict(None, request=KOREAN_PAGE) == ""
    assert tab.show_verdict("maybe", request=KOREAN_PAGE) == ""
    assert tab.typed() == (None, "")


def _exec(code: str, engine: Engine, folder: Path, monkeypatch) -> list[str]:
    """Run a code panel's snippet in ``folder`` (the tiny models' folders for the catalog ids); its printed lines."""
    monkeypatch.chdir(folder)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(with_local_folders(engine, code), "snippet", "exec"), {})  # noqa: S102
    return out.getvalue().splitlines()


@pytest.mark.parametrize("kind", ["nsmc tsv", "cp949 csv, spaced header", "txt with tabs"])
def test_the_file_code_reproduces_the_run(engine: Engine, ui, nsmc_path: Path, tmp_path: Path,
                                          monkeypatch, kind: str) -> None:
    """The code reads the file as the app read it: NSMC's TSV unquoted (a review may hold a lone quote), a CSV a
    Korean spreadsheet saved as CP949 with spaces around its header's names, a .txt whose first line has tabs."""
    lines = nsmc_path.read_text(encoding="utf-8").splitlines(keepends=True)[:41]
    if kind == "nsmc tsv":
        file = tmp_path / "reviews.tsv"
        file.write_text("".join(lines), encoding="utf-8")
    elif kind == "txt with tabs":
        file = tmp_path / "reviews.txt"
        file.write_text("".join(lines), encoding="utf-8")
    else:
        file = tmp_path / "reviews.csv"
        rows = [line.rstrip("\n").split("\t") for line in lines[1:]]
        body = "".join(f'{i},"{text.replace(chr(34), chr(34) * 2)}",{label}\n' for i, text, label in rows)
        file.write_bytes((" id , document , label \n" + body).encode("cp949", errors="replace"))
    *_, final = tab.analyze_many(engine, "", str(file), "document", "label", request=ENGLISH_PAGE, ui=ui)
    summary = final[ui.summary]
    run = tab.LAST.get(ENGLISH_PAGE)
    code = tab.show_many_code(engine, str(file), "document", "label", request=ENGLISH_PAGE)
    if kind != "cp949 csv, spaced header":
        assert f'pd.read_csv("{file.name}", sep="\\t", quoting=3' in code and "truncation=True" in code
    else:
        assert 'encoding="cp949"' in code
    assert str(tmp_path) not in code  # never a machine's folder
    printed = _exec(code, engine, tmp_path, monkeypatch)
    rows = [line.split("\t") for line in printed[:-1]]
    assert [row[0] for row in rows] == [r.label for r in run.results]
    assert [float(row[1]) for row in rows] == pytest.approx([r.score for r in run.results], abs=2e-4)
    value, compared = run.accuracy
    assert printed[-1] == f"accuracy: {value:.1%} ({compared} labelled rows)"
    assert f"{value:.1%}" in summary


def test_the_lines_code_reproduces_the_run(engine: Engine, ui, tmp_path: Path, monkeypatch) -> None:
    list(tab.analyze_many(engine, "좋아요\n최악이야", request=ENGLISH_PAGE, ui=ui))
    run = tab.LAST.get(ENGLISH_PAGE)
    code = tab.show_many_code(engine, None, None, None, request=ENGLISH_PAGE)
    printed = _exec(code, engine, tmp_path, monkeypatch)
    assert [line.split("\t")[0] for line in printed] == [r.label for r in run.results]
    assert tab.show_many_code(engine, None, request=SimpleNamespace(headers={}, session_hash="none")) == gr.skip()
