"""The Datasets tab through the app's API (gradio_client), as a student's script would call it."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest
from gradio_client.exceptions import AppError

from playground.data import local as data_local

NSMC = "nsmc/ratings.tsv"


@pytest.fixture
def data(tmp_path: Path, nsmc_path: Path):
    """The app (in this process) reads its data folder from here during the test."""
    root = tmp_path / "data"
    (root / "nsmc").mkdir(parents=True)
    shutil.copy(nsmc_path, root / NSMC)
    (root / "broken.csv").write_bytes(b'text,label\n"unclosed,1\nok,0\n')
    (root / "binary.csv").write_bytes(bytes(range(256)) * 8)
    (root / "empty.tsv").write_bytes(b"")
    (tmp_path / "secret.csv").write_text("secret,1\n", encoding="utf-8")
    data_local.set_data_dir(root)
    yield root
    data_local.set_data_dir(None)


def test_endpoints_take_the_source_first_and_default_the_rest(client) -> None:
    api = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    for name in ("/dataset_info", "/dataset_rows", "/dataset_stats", "/dataset_sentiment"):
        params = api[name]["parameters"]
        assert params[0]["parameter_name"] == "source" and not params[0]["parameter_has_default"]
        assert all(p["parameter_has_default"] for p in params[1:]), name
    assert len(api["/dataset_rows"]["returns"]) == 3  # table, status, page (the raw page stays on the server)


def test_info_rows_and_pages_of_the_nsmc_sample(client, data: Path) -> None:
    card, details = client.predict(NSMC, api_name="/dataset_info")
    assert "Local file · 로컬 파일" in card and "4,000" in card
    assert details["num_rows"] == 4000 and details["text_column"] == "document"
    assert [c["name"] for c in details["columns"]] == ["id", "document", "label"]
    table, status, page = client.predict(NSMC, None, None, 3, 20, api_name="/dataset_rows")
    assert table["headers"] == ["#", "id", "document", "label"] and len(table["data"]) == 20
    assert table["data"][0][0] == 41 and page == 3
    assert "Rows **41–60** of **4,000**" in status and "3 / 200" in status
    last, status, page = client.predict(NSMC, None, None, 200, 20, api_name="/dataset_rows")
    assert last["data"][-1][0] == 4000 and page == 200
    again = client.predict(NSMC, None, None, 3, 20, api_name="/dataset_rows")
    assert again[0]["data"] == table["data"]  # deterministic


def test_search_filter_and_stats(client, data: Path) -> None:
    table, status, _ = client.predict(NSMC, None, None, 1, 50, "재밌", "label", "=", "1", api_name="/dataset_rows")
    assert table["data"] and all("재밌" in row[2] and row[3] == 1 for row in table["data"])
    summary, labels, lengths, missing = client.predict(NSMC, api_name="/dataset_stats")
    assert "**4,000** rows" in summary
    assert sorted(map(tuple, labels["data"])) == [("0", 2000), ("1", 2000)]
    assert sum(row[1] for row in lengths["data"]) == 4000
    assert [row[0] for row in missing["data"]] == ["id", "document", "label"]


def test_sentiment_over_the_text_column_with_accuracy(client, data: Path) -> None:
    summary, table = client.predict(NSMC, None, None, "document", "label", "page", 2, 20,
                                    api_name="/dataset_sentiment")
    assert "**20 / 20** texts" in summary and "Accuracy · 정확도:" in summary and "(20 labelled rows)" in summary
    assert table["headers"] == ["text", "label", "score", "gold"] and len(table["data"]) == 20


BAD = [
    (("",), "Choose a dataset first"),
    (("../../etc/passwd",), "outside the uploads and the data folder"),
    (("/etc/passwd",), "outside the uploads and the data folder"),
    (("../secret.csv",), "outside the uploads and the data folder"),
    (("broken.csv",), "could not be read as CSV"),
    (("binary.csv",), "binary"),
    (("empty.tsv",), "has no rows"),
    (("nothing_here.parquet",), "is not in the data folder"),
    (("not an id!",), "neither a Hub dataset id nor a local file"),
    (("stanfordnlp/imdb",), "Hugging Face Hub cannot be reached"),
    ((NSMC, None, None, 999), "page must be between 1 and 200"),
    ((NSMC, None, None, 1, 1000), "page_size must be between 1 and 100"),
    ((NSMC, None, None, 1, 20, "", "nope", "=", "1"), "Column 'nope' is not in the file"),
    ((NSMC, None, None, 1, 20, "", "label", "=", "x"), "is not a number"),
    ((NSMC, None, None, 1, 20, "x" * 500), "the limit is 200"),
]


@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_input_gets_a_clear_message_and_the_next_request_works(client, data: Path, args: tuple,
                                                                   message: str) -> None:
    with pytest.raises(AppError) as caught:
        client.predict(*args, api_name="/dataset_rows")
    text = str(caught.value)
    assert message in text and "Traceback" not in text and str(data) not in text
    assert any("\uac00" <= ch <= "\ud7a3" for ch in text)  # the Korean line is there too
    assert client.predict(NSMC, api_name="/dataset_rows")[2] == 1


def test_an_uploaded_file_is_browsed(client, app_url: str, data: Path) -> None:
    """Upload through Gradio (as the page does), then name the uploaded file as the source."""
    with (data / NSMC).open("rb") as handle:
        uploaded = httpx.post(f"{app_url}/gradio_api/upload", files={"files": ("mine.tsv", handle)}, timeout=30)
    path = uploaded.json()[0]
    table, status, _ = client.predict(path, api_name="/dataset_rows")
    assert len(table["data"]) == 20 and "of **4,000**" in status


def test_a_single_small_category_gets_whole_number_ticks() -> None:
    """One row of one category: the count axis reaches 10, so its ticks are whole numbers (not 0, 0.2, 0.4…)."""
    from playground.data.common import Stats
    from tabs.dataset_browser import stats_outputs

    found = Stats(rows=1, missing=[("label", 0, 0.0)], label_column="label", categories=[("1", 1)])
    _, labels, _, missing = stats_outputs(found, "ko")
    assert labels.y_lim == [0, 10] and labels.y_axis_format == ",d" and labels.y_title == "행 수"
    assert list(missing.value["headers"]) == ["열", "빠진 값", "비율"] and missing.visible  # shown once computed
    summary, plain, _, plain_missing = stats_outputs(found, None)  # the API: plain frames, as before
    assert list(plain.columns) == ["value", "count"] and list(plain_missing.columns) == ["column", "missing", "share"]


# -- the page's events: the view's values by name, the pickers by component ----------------------------------------
VIEW_EVENTS = ("first_rows", "previous_rows", "next_rows", "this_page", "show_code", "stats", "column_sentiment",
               "show_sentiment_code")


def _key(component) -> str:
    return getattr(component.label, "key", "")


def test_every_page_event_reads_the_view_in_its_fields_order(app_demo) -> None:
    """The nine values a View holds are written once (``tabs.dataset_browser.View``): every event that reads them
    lists ``Layout.view_inputs`` last, each component the one its field names."""
    from dataclasses import fields

    from tabs.dataset_browser import View

    names = [f"datasets.{f.name}" for f in fields(View)]
    found = {name: [fn for fn in app_demo.fns.values() if fn.name == name and len(fn.inputs) >= len(names)]
             for name in VIEW_EVENTS}
    assert all(found.values()), {name: len(fns) for name, fns in found.items()}
    for name, fns in found.items():
        for fn in fns:
            assert [_key(c) for c in fn.inputs[-len(names):]] == names, name


def test_opening_a_dataset_fills_each_picker_by_component(app_demo) -> None:
    fill = next(fn for fn in app_demo.fns.values() if fn.name == "fill_pickers")
    details = {"configs": ["a", "b"], "config": "b", "splits": ["train"], "split": "train", "text_column": "review",
               "label_column": "stars", "columns": [{"name": "review", "kind": "text"},
                                                    {"name": "stars", "kind": "label"}]}
    answer = fill.fn(details)
    assert set(answer) == set(fill.outputs)
    by_key: dict[str, list] = {}
    for component, value in answer.items():
        by_key.setdefault(_key(component), []).append(value)
    assert [v.value for v in by_key["datasets.config"]] == ["b"]
    assert [v.value for v in by_key["datasets.split"]] == ["train"]
    assert [v.value for v in by_key["datasets.filter_column"]] == ["(none)"]
    assert [v.value for v in by_key["datasets.text_column"]] == ["review", "review"]  # row view, statistics
    assert sorted(v.value for v in by_key["datasets.label_column"] + by_key["datasets.gold_column"]) == ["stars"] * 2
    assert fill.fn(None) == {"__type__": "update"}  # nothing opened: nothing changes
