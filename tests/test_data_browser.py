"""The dataset browser's engine, offline: local files of every kind, hostile files and paths, Hub paths mocked."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import shutil
import wave
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import httpx
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import ROOT
from playground.data import browser as data_browser
from playground.data import hub_viewer as data_hub
from playground.data import local as data_local
from playground.data.common import Page, make_query, parse_source
from playground.errors import BadInput, PlaygroundError
from tabs.i18n import COOKIE


def png_bytes(color: tuple[int, int, int] = (255, 0, 0)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 6), color).save(out, format="PNG")
    return out.getvalue()


def wav_bytes() -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x00" * 800)
    return out.getvalue()


@pytest.fixture
def data(tmp_path: Path, nsmc_path: Path):
    """A data folder with the NSMC sample and generated files; the engine reads only from it (and uploads)."""
    root = tmp_path / "data"
    (root / "nsmc").mkdir(parents=True)
    shutil.copy(nsmc_path, root / "nsmc" / "ratings.tsv")
    pq.write_table(pa.table({
        "text": ["첫 번째 글", None, "third text", "넷째"],
        "label": [0, 1, None, 1],
        "meta": [{"tags": ["a", "b"], "score": 1.5}, None, {"tags": [], "score": 0.0}, {"tags": ["한"], "score": 2.0}],
        "image": [{"bytes": png_bytes(), "path": "a.png"}, None, {"bytes": png_bytes((0, 0, 255)), "path": "b.png"},
                  {"bytes": png_bytes((0, 255, 0)), "path": "c.png"}],
        "audio": [{"bytes": wav_bytes(), "path": "a.wav"}, None, None, None],
    }), root / "mixed.parquet")
    (root / "rows.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [
        {"id": 1, "text": "좋은 영화", "nested": {"x": [1, 2]}, "maybe": None},
        {"id": 2, "text": "bad film", "nested": {"x": []}, "maybe": "yes"},
    ]), encoding="utf-8")
    (root / "plain.csv").write_text('text,label\n"a, quoted, text",1\nplain,0\n,1\n', encoding="utf-8")
    with zipfile.ZipFile(root / "bundle.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("inner/one.csv", "text,label\nzip row,1\n")
        archive.writestr("two.jsonl", '{"text": "json row"}\n')
        archive.writestr("readme.md", "not a table")
    (root / "broken.csv").write_bytes(b'text,label\n"unclosed,1\nok,0\n')
    (root / "binary.csv").write_bytes(bytes(range(256)) * 8)
    (root / "empty.tsv").write_bytes(b"")
    (root / "cp949.csv").write_bytes("text,label\n좋아요,1\n".encode("cp949") * 3)
    (root / "fake.parquet").write_text("not parquet", encoding="utf-8")
    data_local.set_data_dir(root)
    yield root
    data_local.set_data_dir(None)


# -- sources ----------
def test_hub_datasets_are_offered_only_where_the_hub_can_be_reached(monkeypatch) -> None:
    """Offline (forced, or the last check found no Hub) the source picker offers only local files: the Hub
    suggestions would all fail to open."""
    from playground import hub, settings

    monkeypatch.setenv(settings.HUB_OFFLINE, "1")
    assert data_browser.sources()[0] == []
    monkeypatch.setenv(settings.HUB_OFFLINE, "0")
    status = hub.HubStatus()
    monkeypatch.setattr(data_browser, "hub_status", lambda: status)
    assert data_browser.sources()[0] == list(data_hub.SUGGESTIONS)  # never checked yet: offered
    status._answer = False  # the last check found no Hub
    assert data_browser.sources()[0] == []
    status._answer = True
    assert "e9t/nsmc" in data_browser.sources()[0]


def test_the_default_data_folder_is_data_in_the_repository(monkeypatch) -> None:
    """What the README promises: without --data-dir or $PLAYGROUND_DATA_DIR, files in the repository's data/."""
    from playground import settings

    monkeypatch.delenv(settings.DATA_DIR, raising=False)
    data_local.set_data_dir(None)
    assert data_local.data_dir() == ROOT / "data"
    monkeypatch.setenv(settings.DATA_DIR, "/srv/class-data")
    assert data_local.data_dir() == Path("/srv/class-data")


@pytest.mark.parametrize(("source", "where"), [
    ("stanfordnlp/imdb", "hub"), ("klue/klue", "hub"), ("KorQuAD/squad_kor_v1", "hub"), ("imdb", "hub"),
    ("nsmc/ratings.tsv", "local"), ("../../etc/passwd", "local"), ("/etc/passwd", "local"), ("a.zip", "local"),
])
def test_sources_are_told_apart(source: str, where: str) -> None:
    assert parse_source(source)[0] == where


@pytest.mark.parametrize("bad", ["", "   ", "a/b/c", "owner/na me", "-bad/name", "owner/..", "x" * 400, "a--b/c",
                                 "ow\nner/name"])
def test_bad_ids_are_refused_before_any_network_call(bad: str) -> None:
    with pytest.raises(BadInput) as caught:
        data_browser.dataset_info(bad)
    assert caught.value.key in ("dataset_no_source", "dataset_bad_source")
    assert any("\uac00" <= ch <= "\ud7a3" for ch in caught.value.bilingual())


def test_the_data_folder_is_listed(data: Path) -> None:
    files = data_browser.sources()[1]
    assert "nsmc/ratings.tsv" in files and "bundle.zip" in files and "mixed.parquet" in files


# -- the NSMC sample --------------------------------------------------------------------------------------------------
def test_nsmc_pages_search_filter_and_stats(data: Path) -> None:
    info = data_browser.dataset_info("nsmc/ratings.tsv")
    assert [c.name for c in info.columns] == ["id", "document", "label"]
    assert info.num_rows == 4000 and info.guess_text() == "document" and info.guess_label() == "label"
    first = data_browser.dataset_rows("nsmc/ratings.tsv", page=1, page_size=20)
    last = data_browser.dataset_rows("nsmc/ratings.tsv", page=200, page_size=20)
    assert first.total == last.total == 4000 and len(first.rows) == len(last.rows) == 20
    assert first.rows[1] == {"id": 2096961, "document": "bad", "label": 0}
    assert last.table()[1][-1][0] == 4000  # the "#" column numbers rows of the result
    assert data_browser.dataset_rows("nsmc/ratings.tsv", page=3, page_size=20).rows != first.rows
    found = data_browser.dataset_rows("nsmc/ratings.tsv", page=1, page_size=100, search="재밌")
    assert 0 < found.total < 4000 and all("재밌" in r["document"] for r in found.rows)
    positive = data_browser.dataset_rows("nsmc/ratings.tsv", filter_column="label", filter_op="=", filter_value="1")
    assert positive.total == 2000 and {r["label"] for r in positive.rows} == {1}
    both = data_browser.dataset_rows("nsmc/ratings.tsv", search="재밌", filter_column="label", filter_value="1")
    assert both.total < found.total
    stats = data_browser.dataset_stats("nsmc/ratings.tsv")
    assert stats.rows == 4000 and stats.categories == [("0", 2000), ("1", 2000)]
    assert stats.text_column == "document" and sum(n for _, n in stats.lengths) == 4000
    assert stats.length_summary["max"] <= 140 and [m for _, m, _ in stats.missing] == [0, 0, 0]


def test_a_lone_quote_in_a_tsv_review_does_not_swallow_rows(data: Path) -> None:
    (data / "quote.tsv").write_text('id\tdocument\tlabel\n1\t"그냥 그래\t0\n2\t좋다"\t1\n', encoding="utf-8")
    page = data_browser.dataset_rows("quote.tsv")
    assert [r["document"] for r in page.rows] == ['"그냥 그래', '좋다"']


def test_search_text_is_a_parameter_not_sql(data: Path) -> None:
    for text in ("' OR 1=1 --", "%", "_", "\\", '"; DROP TABLE x; --'):
        assert data_browser.dataset_rows("nsmc/ratings.tsv", search=text).total == 0 or text in ("%", "_")
    assert data_browser.dataset_rows("plain.csv", search="%").total == 0  # % is a character, not a wildcard


def test_filter_columns_must_exist_and_values_fit_the_type(data: Path) -> None:
    with pytest.raises(BadInput, match="Column 'label; DROP' is not in the file"):
        data_browser.dataset_rows("nsmc/ratings.tsv", filter_column="label; DROP", filter_value="1")
    with pytest.raises(BadInput, match="is not a number"):
        data_browser.dataset_rows("nsmc/ratings.tsv", filter_column="label", filter_op=">", filter_value="abc")
    with pytest.raises(BadInput, match="op must be one of"):
        data_browser.dataset_rows("nsmc/ratings.tsv", filter_column="label", filter_op="; DROP", filter_value="1")
    assert data_browser.dataset_rows("nsmc/ratings.tsv", filter_column="document", filter_op="contains",
                                     filter_value="최고").total > 0


@pytest.mark.parametrize(("page", "size", "message"), [
    (0, 20, "page must be between 1"), (201, 20, "page must be between 1 and 200"), (1, 101, "between 1 and 100"),
    ("x", 20, "must be a number"), (1.5, 20, "page must be between"),
])
def test_pages_out_of_range_get_a_clear_message(data: Path, page: object, size: object, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        data_browser.dataset_rows("nsmc/ratings.tsv", page=page, page_size=size)


# -- other formats ----------
def test_parquet_with_nested_image_audio_and_null_columns(data: Path) -> None:
    info = data_browser.dataset_info("mixed.parquet")
    kinds = {c.name: c.kind for c in info.columns}
    assert kinds == {"text": "text", "label": "number", "meta": "nested", "image": "image", "audio": "audio"}
    page = data_browser.dataset_rows("mixed.parquet")
    headers, rows = page.table()
    assert headers == ["#", "text", "label", "meta", "image", "audio"]
    assert rows[0][3] == '{"tags": ["a", "b"], "score": 1.5}'  # nested: readable JSON, Hangul kept
    assert rows[0][4].startswith("🖼️ image (") and rows[0][5].startswith("🔊 audio (")
    assert rows[1][1] is None and rows[1][4] is None
    stats = data_browser.dataset_stats("mixed.parquet")
    assert dict((c, m) for c, m, _ in stats.missing) == {"text": 1, "label": 1, "meta": 1, "image": 1, "audio": 3}


def test_the_row_view_shows_images_and_audio(data: Path) -> None:
    from tabs import dataset_browser

    page = data_browser.dataset_rows("mixed.parquet")
    text, whole, image, audio = dataset_browser.show_row(page, 1, "text")
    assert text == "첫 번째 글"
    assert json.loads(whole)["meta"] == {"tags": ["a", "b"], "score": 1.5}
    assert image.value is not None and audio.value is not None
    gallery = dataset_browser._gallery(page)
    assert [caption for _, caption in gallery] == ["#1", "#3", "#4"]


def test_jsonl_and_csv(data: Path) -> None:
    page = data_browser.dataset_rows("rows.jsonl")
    assert page.total == 2 and page.rows[0]["nested"] == {"x": [1, 2]} and page.rows[0]["maybe"] is None
    csv_page = data_browser.dataset_rows("plain.csv")
    assert csv_page.rows[0]["text"] == "a, quoted, text" and csv_page.total == 3
    assert dict((c, m) for c, m, _ in data_browser.dataset_stats("plain.csv").missing)["text"] == 1


def test_a_zip_opens_its_tables_and_config_picks_one(data: Path) -> None:
    info = data_browser.dataset_info("bundle.zip")
    assert info.configs == ["inner/one.csv", "two.jsonl"] and info.config == "inner/one.csv"
    assert data_browser.dataset_rows("bundle.zip").rows == [{"text": "zip row", "label": 1}]
    assert data_browser.dataset_rows("bundle.zip", config="two.jsonl").rows == [{"text": "json row"}]
    with pytest.raises(BadInput, match="member must be one of"):
        data_browser.dataset_rows("bundle.zip", config="readme.md")


def test_zip_bombs_and_crowded_zips_are_refused(data: Path, monkeypatch) -> None:
    with zipfile.ZipFile(data / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.csv", "a\n" + "0\n" * 5_000_000)  # 10 MB of zeros packs into a few KB
    with pytest.raises(BadInput, match="times larger than it is packed") as bomb:
        data_browser.dataset_info("bomb.zip")
    korean = bomb.value.message("ko")  # the detail in the page's language too, not English inside Korean
    assert "zip 폭탄" in korean and "times larger" not in korean
    monkeypatch.setattr(data_local.limits, "DATASET_ZIP_MAX_MEMBERS", 3)
    with zipfile.ZipFile(data / "many.zip", "w") as archive:
        for i in range(5):
            archive.writestr(f"{i}.csv", "a\n1\n")
    with pytest.raises(BadInput, match="5 files inside") as crowded:
        data_browser.dataset_info("many.zip")
    assert "파일이 5개" in crowded.value.message("ko") and "inside" not in crowded.value.message("ko")
    with zipfile.ZipFile(data / "evil.zip", "w") as archive:
        archive.writestr("../../escape.csv", "a\n1\n")
    with pytest.raises(BadInput, match="points outside it"):
        data_browser.dataset_info("evil.zip")


@pytest.mark.parametrize(("name", "message"), [
    ("broken.csv", "could not be read as CSV"),
    ("binary.csv", "binary"),
    ("empty.tsv", "has no rows"),
    ("cp949.csv", "is not UTF-8 text"),
    ("fake.parquet", "it is not a Parquet file"),
    ("missing.csv", "is not in the data folder"),
])
def test_bad_files_get_clear_messages(data: Path, name: str, message: str) -> None:
    with pytest.raises(BadInput, match=message) as caught:
        data_browser.dataset_rows(name)
    assert str(data) not in caught.value.bilingual()  # no machine paths in messages


def test_a_late_value_that_breaks_the_sniffed_type_falls_back_to_text(data: Path) -> None:
    (data / "late.csv").write_text("x,y\n" + "".join(f"{i},a\n" for i in range(30_000)) + "oops,b\n", encoding="utf-8")
    page = data_browser.dataset_rows("late.csv", page=301, page_size=100)
    assert page.rows[-1] == {"x": "oops", "y": "b"}


# -- paths ----------
@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "../outside.csv", "nsmc/../../outside.csv",
                                  "/etc/hosts.csv"])
def test_paths_outside_the_data_folder_are_refused(data: Path, path: str) -> None:
    (data.parent / "outside.csv").write_text("secret,1\n", encoding="utf-8")
    with pytest.raises(BadInput, match="outside the uploads and the data folder"):
        data_browser.dataset_rows(path)


def test_a_symlink_out_of_the_data_folder_is_refused_and_not_listed(data: Path) -> None:
    (data.parent / "secret.csv").write_text("secret,1\n", encoding="utf-8")
    (data / "link.csv").symlink_to(data.parent / "secret.csv")
    with pytest.raises(BadInput, match="outside the uploads and the data folder"):
        data_browser.dataset_rows("link.csv")
    assert "link.csv" not in data_browser.sources()[1]


def test_an_uploaded_file_can_be_read(data: Path, tmp_path: Path, monkeypatch) -> None:
    uploads = tmp_path / "uploads"
    (uploads / "abc").mkdir(parents=True)
    shutil.copy(data / "plain.csv", uploads / "abc" / "mine.csv")
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(uploads))
    assert data_browser.dataset_rows(str(uploads / "abc" / "mine.csv")).total == 3
    assert "mine.csv" in data_browser.code_snippet(str(uploads / "abc" / "mine.csv"))
    assert str(uploads) not in data_browser.code_snippet(str(uploads / "abc" / "mine.csv"))


# -- show the code ----------
def test_code_loads_the_same_rows(data: Path) -> None:
    code = data_browser.code_snippet("nsmc/ratings.tsv", page=3, page_size=20, search="재밌")
    assert 'load_dataset("csv", data_files="nsmc/ratings.tsv", delimiter="\\t", quoting=3' in code
    assert "ds.skip(40).take(20)" in code and '"재밌"' in code
    compile(code, "snippet", "exec")
    hub = data_browser.code_snippet("stanfordnlp/imdb", "plain_text", "test", page=2, page_size=10,
                                    filter_column="label", filter_value="1")
    assert 'load_dataset("stanfordnlp/imdb", "plain_text", split="test", streaming=True)' in hub
    assert 'row["label"] == 1' in hub and "skip(10).take(10)" in hub
    compile(hub, "snippet", "exec")


@pytest.mark.parametrize(("source", "config"), [("bundle.zip", None), ("bundle.zip", "two.jsonl"),
                                                ("notes.txt", None), ("cells.txt", None)])
def test_the_code_reads_the_table_the_app_shows(data: Path, monkeypatch, source: str, config: str | None) -> None:
    """A zip's code reads the one table the page shows (its first, or the one chosen), not every table in it; a
    .txt is tab-separated only when its first line has a tab, as the app reads it."""
    (data / "notes.txt").write_text("text,label\nno tabs here,1\nsecond,0\n", encoding="utf-8")
    (data / "cells.txt").write_text("text\tlabel\n그 \"장면\" 최고\t1\n", encoding="utf-8")
    shown = data_browser.dataset_rows(source, config=config).rows
    code = data_browser.code_snippet(source, config)
    monkeypatch.chdir(data)
    namespace: dict = {}
    exec(compile(code, "code panel", "exec"), namespace)  # noqa: S102 - our own generated code
    assert [dict(row) for row in namespace["ds"]] == shown


def test_a_hub_filter_on_a_class_name_filters_its_number_as_the_viewer_does() -> None:
    """The page's filter ``label = pos`` on a ClassLabel column asks the viewer for the class's number; the code
    compares the streamed rows' numbers with that name's number (a name compared with numbers kept no row)."""
    from datasets import ClassLabel, Dataset, Features, Value

    code = data_browser.code_snippet("stanfordnlp/imdb", "plain_text", "test", filter_column="label",
                                     filter_value="pos")
    features = Features({"text": Value("string"), "label": ClassLabel(names=["neg", "pos"])})
    rows = Dataset.from_dict({"text": ["bad", "good", "great"], "label": [0, 1, 1]}, features=features)
    printed: list = []
    loaded = code.split("streaming=True)", 1)[1]  # the lines after the Hub's load (this machine has no Hub)
    exec(compile(loaded, "code panel", "exec"), {"ds": rows.to_iterable_dataset(), "print": printed.append})  # noqa: S102
    assert [row["text"] for row in printed] == ["good", "great"]
    numbers = data_browser.code_snippet("stanfordnlp/imdb", "plain_text", "test", filter_column="label",
                                        filter_value="1")
    assert "names.index" not in numbers and 'row["label"] == 1' in numbers


# -- sentiment over a column ----------
def test_sentiment_over_a_column_with_accuracy(data: Path, engine) -> None:
    texts, gold = data_browser.column_texts("nsmc/ratings.tsv", text_column="document", label_column="label",
                                            scope="page", page=2, page_size=20)
    assert len(texts) == len(gold) == 20
    runs = list(data_browser.sentiment_over_column(engine, texts, gold))
    final = runs[-1]
    assert len(final.results) == 20 and {r.label for r in final.results} <= {"negative", "positive"}
    value, compared = final.accuracy
    assert compared == 20 and 0.0 <= value <= 1.0
    again = list(data_browser.sentiment_over_column(engine, texts, gold))[-1]
    assert [r.label for r in again.results] == [r.label for r in final.results]  # deterministic
    with pytest.raises(BadInput, match="does not hold text"):
        data_browser.column_texts("nsmc/ratings.tsv", text_column="label")
    with pytest.raises(PlaygroundError, match="not in this playground's catalog"):
        next(data_browser.sentiment_over_column(engine, texts, gold, model="evil/model"))


# -- the Hub, offline and mocked ---------------------------------------------------------------------------------------
def test_hub_calls_fail_fast_and_clearly_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Offline, every Hub dataset call fails before any network work: no name is looked up, no socket connects."""
    import socket

    attempts: list[object] = []

    def network(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("this test allows no network work")

    monkeypatch.setattr(socket, "getaddrinfo", network)
    monkeypatch.setattr(socket.socket, "connect", network)
    for call in (lambda: data_browser.dataset_info("stanfordnlp/imdb"),
                 lambda: data_browser.dataset_rows("klue/klue", "ynat", "train"),
                 lambda: data_browser.dataset_stats("e9t/nsmc")):
        with pytest.raises(PlaygroundError) as caught:
            call()
        assert caught.value.key == "dataset_hub_offline"
        assert "cannot be reached" in caught.value.message("en") and "연결할 수 없어" in caught.value.message("ko")
    assert attempts == []


FEATURES = [
    {"feature_idx": 0, "name": "text", "type": {"dtype": "string", "_type": "Value"}},
    {"feature_idx": 1, "name": "label", "type": {"names": ["neg", "pos"], "_type": "ClassLabel"}},
    {"feature_idx": 2, "name": "image", "type": {"_type": "Image"}},
]


def viewer(request: httpx.Request) -> httpx.Response:
    """A stand-in for the Hub's dataset viewer, answering as the real one does."""
    params = dict(request.url.params)
    dataset = params.get("dataset")
    route = request.url.path.strip("/")
    assert "authorization" not in {k.lower() for k in request.headers} or request.headers["authorization"].startswith(
        "Bearer ")
    if dataset == "owner/gated":
        return httpx.Response(401, json={"error": "The dataset does not exist, or is not accessible without "
                                                  "authentication (private or gated)."})
    if dataset == "owner/script":
        return httpx.Response(501, json={"error": "The dataset viewer doesn't support this dataset because it runs "
                                                  "arbitrary python code."})
    if dataset == "owner/missing":
        return httpx.Response(404, json={"error": "The dataset does not exist."})
    if route == "splits":
        return httpx.Response(200, json={"splits": [{"dataset": dataset, "config": "plain_text", "split": "train"},
                                                    {"dataset": dataset, "config": "plain_text", "split": "test"}]})
    if route == "info":
        return httpx.Response(200, json={"dataset_info": {
            "features": {"text": {"dtype": "string", "_type": "Value"},
                         "label": {"names": ["neg", "pos"], "_type": "ClassLabel"}, "image": {"_type": "Image"}},
            "splits": {"train": {"num_examples": 250}, "test": {"num_examples": 100}}}})
    if route in ("rows", "search", "filter"):
        offset, length = int(params["offset"]), int(params["length"])
        total = {"rows": 250, "search": 30, "filter": 125}[route]
        rows = [{"row_idx": i, "row": {"text": f"{route} {i}", "label": i % 2,
                                        "image": {"src": f"https://datasets-server.huggingface.co/assets/{i}.jpg",
                                                  "height": 8, "width": 8}}, "truncated_cells": []}
                for i in range(offset, min(offset + length, total))]
        return httpx.Response(200, json={"features": FEATURES, "rows": rows, "num_rows_total": total,
                                         "num_rows_per_page": 100, "partial": False, "seen": params})
    if route == "statistics":
        return httpx.Response(200, json={"num_examples": 250, "partial": False, "statistics": [
            {"column_name": "label", "column_type": "class_label",
             "column_statistics": {"nan_count": 0, "nan_proportion": 0.0, "n_unique": 2,
                                   "frequencies": {"neg": 125, "pos": 125}}},
            {"column_name": "text", "column_type": "string_text",
             "column_statistics": {"nan_count": 2, "nan_proportion": 0.008, "min": 3, "max": 90, "mean": 40.1,
                                   "median": 38.0, "std": 10.0,
                                   "histogram": {"hist": [100, 148], "bin_edges": [3, 47, 90]}}}]})
    return httpx.Response(404, json={"error": "unknown route"})


@pytest.fixture
def hub(monkeypatch):
    """The Hub 'online': the viewer mocked with httpx.MockTransport, the card mocked; every request recorded."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return viewer(request)

    monkeypatch.setattr(data_hub, "_TRANSPORT", httpx.MockTransport(handler))
    monkeypatch.setattr(data_hub, "require_online", lambda dataset: None)
    monkeypatch.setattr(data_hub, "card", lambda dataset: {
        "license": "other", "pretty_name": "", "description": "Movie reviews <script>x</script>", "gated": False,
        "private": False, "files": ["README.md", "plain_text/train-00000.parquet"]})
    monkeypatch.setattr(data_browser, "_HUB_INFO", {})
    return seen


def test_hub_info_rows_search_filter_and_stats_through_the_viewer(hub) -> None:
    info = data_browser.dataset_info("owner/reviews")
    assert info.configs == ["plain_text"] and info.splits == ["train", "test"] and info.split == "train"
    assert info.num_rows == 250 and info.license == "other"
    assert [(c.name, c.kind) for c in info.columns] == [("text", "text"), ("label", "label"), ("image", "image")]
    page = data_browser.dataset_rows("owner/reviews", page=3, page_size=100)
    assert page.total == 250 and len(page.rows) == 50 and page.rows[0]["text"] == "rows 200"
    assert page.table()[1][0][2] == "0 (neg)"  # ClassLabel ints read with their names
    assert dict(hub[-1].url.params)["offset"] == "200"
    found = data_browser.dataset_rows("owner/reviews", search="great", page_size=10)
    assert found.total == 30 and dict(hub[-1].url.params)["query"] == "great"
    filtered = data_browser.dataset_rows("owner/reviews", filter_column="label", filter_value="pos")
    assert filtered.total == 125 and dict(hub[-1].url.params)["where"] == '"label" = 1'
    quoted = data_browser.dataset_rows("owner/reviews", filter_column="text", filter_value="it's")
    assert dict(hub[-1].url.params)["where"] == "\"text\" = 'it''s'" and quoted.total == 125
    stats = data_browser.dataset_stats("owner/reviews")
    assert stats.categories == [("neg", 125), ("pos", 125)] and stats.lengths == [("3–47", 100), ("47–90", 148)]
    from tabs import dataset_browser

    assert dataset_browser._gallery(page)[0][0].startswith("https://datasets-server.huggingface.co/assets/")
    markdown = dataset_browser.card_markdown(info)
    assert "License · 라이선스: `other`" in markdown and "<script>" not in markdown


def test_hub_search_and_filter_clause_doubles_quotes_in_column_names(hub) -> None:
    """With a search and a filter the viewer gets one ``where``; a text column whose name holds a double quote
    must have it doubled there (before, the search part wrote the name unescaped and broke out of the quotes)."""
    from playground.data.common import Column, make_query

    columns = [Column('say "hi"', "string", "text"), Column("label", "int64", "number")]
    data_hub.hub_rows("owner/reviews", "plain_text", "train", 1, 10, make_query("great", "label", "=", "1"), columns)
    where = dict(hub[-1].url.params)["where"]
    assert where == '("label" = 1) AND ("say ""hi""" ILIKE \'%great%\')'


@pytest.mark.parametrize(("dataset", "key", "hint"), [
    ("owner/gated", "dataset_gated", "HF_TOKEN"),
    ("owner/script", "dataset_script", "loading script"),
    ("owner/missing", "dataset_not_found", "Check the spelling"),
])
def test_hub_errors_say_why_and_what_to_do(hub, dataset: str, key: str, hint: str) -> None:
    with pytest.raises(PlaygroundError) as caught:
        data_browser.dataset_info(dataset)
    assert caught.value.key == key and hint in caught.value.message("en")


def test_a_loading_script_repo_is_recognised_from_its_files() -> None:
    assert data_hub.needs_script("owner/old", ["README.md", "old.py"])
    assert not data_hub.needs_script("owner/new", ["README.md", "old.py", "data/train.parquet"])


def test_a_bad_config_or_split_names_the_choices(hub) -> None:
    with pytest.raises(BadInput, match="split must be one of: train, test"):
        data_browser.dataset_info("owner/reviews", "plain_text", "validation")


def test_the_token_is_sent_to_the_viewer_but_never_shown(hub, monkeypatch) -> None:
    monkeypatch.setattr(data_hub, "_token", lambda: "hf_secret_token_value")
    with pytest.raises(PlaygroundError) as caught:
        data_browser.dataset_info("owner/gated")
    assert hub[-1].headers["authorization"] == "Bearer hf_secret_token_value"
    assert "hf_secret" not in caught.value.bilingual()


def test_a_query_is_checked(data: Path) -> None:
    with pytest.raises(BadInput, match="the limit is 200"):
        make_query("x" * 201)
    assert isinstance(data_browser.dataset_rows("nsmc/ratings.tsv", search="  "), Page)


# -- the column run's code, confusion matrix and "wrong only"; the filters named and cleared ----------
KOREAN_PAGE = SimpleNamespace(headers={"accept-language": "ko-KR", "cookie": f"{COOKIE}=ko"}, session_hash="ds-ko")


@contextlib.contextmanager
def handling(request: object) -> Iterator[None]:
    """As while Gradio runs an event for ``request``: the page's handlers read it from Gradio's context."""
    from gradio.context import LocalContext

    token = LocalContext.request.set(request)  # type: ignore[arg-type]
    try:
        yield
    finally:
        LocalContext.request.reset(token)


def test_the_column_code_reproduces_the_run(data: Path, engine, monkeypatch) -> None:
    import contextlib
    import io

    from conftest import with_local_folders
    from playground.tasks.sentiment import run_code_lines
    from tabs import dataset_browser

    query = {"search": "", "filter_column": "label", "filter_op": "=", "filter_value": "1"}
    texts, gold = data_browser.column_texts("nsmc/ratings.tsv", text_column="document", label_column="label",
                                            scope="page", page=2, page_size=10, **query)
    run = list(data_browser.sentiment_over_column(engine, texts, gold))[-1]
    loading = data_browser.column_code_lines("nsmc/ratings.tsv", None, None, "document", "label", "page", 2, 10,
                                             **query)
    code = "\n".join([*loading, *run_code_lines(engine, run, True)]) + "\n"
    assert "ds.skip(10).take(10)" in code and 'row["label"] == 1' in code and "truncation=True" in code
    monkeypatch.chdir(data)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(with_local_folders(engine, code), "snippet", "exec"), {})  # noqa: S102
    *rows, accuracy = out.getvalue().splitlines()
    assert [row.split("\t")[0] for row in rows] == [r.label for r in run.results]
    assert [float(row.split("\t")[1]) for row in rows] == pytest.approx([r.score for r in run.results], abs=2e-4)
    value, compared = run.accuracy
    assert accuracy == f"accuracy: {value:.1%} ({compared} labelled rows)"
    # the tab's panel after a run (its session's last run)
    view = dataclasses.astuple(dataset_browser.View("nsmc/ratings.tsv", page=2, page_size=10, **query))
    with handling(KOREAN_PAGE):  # the page's values: the column's pickers, then the view's (Layout.view_inputs)
        runs = list(dataset_browser.column_sentiment(engine, "document", "label", "page", "auto", False,
                                                     gr.Progress(), *view))
        summary, table, wrong_only = runs[-1]
        assert wrong_only.visible and "혼동 행렬" in summary and "정확도" in summary
        assert table.value["headers"] == ["문장", "레이블", "점수", "정답"]  # the Korean page's headers
        panel = dataset_browser.show_sentiment_code(engine, "document", "label", "page", *view)
    assert panel.startswith("from datasets import load_dataset\nfrom transformers import pipeline")
    wrong = dataset_browser.filter_sentiment(True, request=KOREAN_PAGE).value
    assert all(row[1] != row[3] for row in wrong["data"])
    assert len(wrong["data"]) == sum(dataset_browser.LAST.get(KOREAN_PAGE).wrong)


def test_the_filters_in_use_are_named_and_cleared(data: Path) -> None:
    from tabs import dataset_browser

    view = dataset_browser.View.read("nsmc/ratings.tsv", None, None, 1, 20, "재밌", "label", "=", "1")
    *_, row, named = dataset_browser.rows(view, request=KOREAN_PAGE)
    assert row.visible and named == "**필터**: `label` = `1` · **검색**: ‘재밌’"
    english = dataset_browser.filters_line(make_query("", "document", "is empty", ""), "en")
    assert english == "**Filter**: `document` is empty"
    view = dataset_browser.View.read("nsmc/ratings.tsv", None, None, 1, 20, "", "(none)", "=", "")
    *_, row, named = dataset_browser.rows(view, request=KOREAN_PAGE)
    assert not row.visible and named == ""
    assert dataset_browser.cleared() == ("", "(none)", "=", "")
    # a page past the last: the box holds the page shown
    _, _, page, found, _, _ = dataset_browser.rows(view.at(999), request=KOREAN_PAGE)
    assert page == found.page == 200
    with handling(KOREAN_PAGE):  # the page's Next after the last page, as the page sends it
        assert dataset_browser.next_rows(*dataclasses.astuple(view.at(200)))[2] == 200


def test_the_row_view_sends_its_gold_label(data: Path) -> None:
    from tabs import dataset_browser

    found = data_browser.dataset_rows("nsmc/ratings.tsv", page=1, page_size=5)
    want = found.rows[2]["label"]
    assert dataset_browser.row_gold(found, 3, "label", "(none)") == want
    assert dataset_browser.row_gold(found, 3, "(none)", "label") == want  # the statistics' label column
    assert dataset_browser.row_gold(found, 3, "(none)", "(none)") is None
    assert dataset_browser.row_gold(None, 1, "label", "label") is None


def test_a_hub_search_page_code_asks_the_viewer_as_the_app_does(hub, monkeypatch) -> None:
    """The app's Hub search is the viewer's full-text ``/search`` (ranked); the code asks it the same, for the same
    page and for a column run over the first rows, and gets the rows the app got."""
    import io
    import json as json_module
    import urllib.request

    asked: list[str] = []

    def urlopen(url: str):  # the printed code's one request, answered by the same stand-in viewer
        asked.append(url)
        answer = viewer(httpx.Request("GET", url))
        return contextlib.closing(io.BytesIO(json_module.dumps(answer.json()).encode()))

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    shown = data_browser.dataset_rows("owner/reviews", "plain_text", "train", page=2, page_size=10, search="great")
    code = data_browser.code_snippet("owner/reviews", "plain_text", "train", page=2, page_size=10, search="great")
    printed: list = []
    exec(compile(code, "code panel", "exec"), {"print": printed.append})  # noqa: S102 - our own generated code
    assert printed == shown.rows and asked[0].startswith("https://datasets-server.huggingface.co/search?")
    texts, _ = data_browser.column_texts("owner/reviews", "plain_text", "train", "text", scope="all",
                                         search="great")
    lines = data_browser.column_code_lines("owner/reviews", "plain_text", "train", "text", scope="all",
                                           search="great")
    namespace: dict = {}
    exec(compile("\n".join(lines), "code panel", "exec"), namespace)  # noqa: S102 - our own generated code
    assert namespace["texts"] == texts and len(texts) == 30
