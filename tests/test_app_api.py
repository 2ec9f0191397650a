"""The whole app launched in-process, called through gradio_client as students' scripts would."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from gradio_client import handle_file
from gradio_client.exceptions import AppError

from conftest import ROOT
from playground.registry import TASKS

# Every named endpoint of the app: what each task declares in playground.registry.
ENDPOINTS = {f"/{endpoint}" for task in TASKS for endpoint in task.endpoints}
KO = "이 영화 정말 재밌어요! 배우들 연기도 최고였습니다."


def test_the_page_has_the_registrys_tabs_in_its_order(app_url: str) -> None:
    from playground.registry import TASKS

    config = httpx.get(f"{app_url}/config", timeout=10).json()
    tabs = [c["props"] for c in config["components"] if c.get("type") == "tabitem" and c["props"].get("id")]
    assert [t["id"] for t in tabs] == [task.id for task in TASKS]


def test_named_endpoints_and_no_helper_events(client) -> None:
    api = client.view_api(print_info=False, return_format="dict")
    assert set(api["named_endpoints"]) == ENDPOINTS
    assert api["unnamed_endpoints"] == {}
    params = api["named_endpoints"]["/sentiment"]["parameters"]
    assert params[0]["parameter_name"] == "text" and not params[0]["parameter_has_default"]
    assert all(p["parameter_has_default"] for p in params[1:])


def test_sentiment_of_a_korean_review(client) -> None:
    result = client.predict(KO, api_name="/sentiment")
    assert result["label"] in {"negative", "positive"}
    confidences = {c["label"]: c["confidence"] for c in result["confidences"]}
    assert set(confidences) == {"negative", "positive"}
    assert sum(confidences.values()) == pytest.approx(1.0, abs=1e-4)
    assert client.predict(KO, api_name="/sentiment") == result  # deterministic
    assert client.predict(KO, "tiny/sentiment-ko", api_name="/sentiment") == result  # auto chose the Korean model


BAD_INPUTS = [
    (("",), "The text is empty"),
    (("   \n\t ",), "The text is empty"),
    (("\x00\x01\x02",), "The text is empty"),
    (("가" * 1_000_000,), "the limit is 2,000"),
    ((KO, "evil/model"), "is not in this playground's catalog"),
    ((KO, "../../etc/passwd"), "is not in this playground's catalog"),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUTS)
def test_bad_input_gets_a_clear_message_and_the_next_request_works(client, args: tuple, message: str) -> None:
    with pytest.raises(AppError) as caught:
        client.predict(*args, api_name="/sentiment")
    text = str(caught.value)
    assert message in text
    assert any("\uac00" <= ch <= "\ud7a3" for ch in text)  # the Korean line is there too
    assert "Traceback" not in text
    assert client.predict("good movie", api_name="/sentiment")["label"]


def test_html_and_control_characters_are_just_text(client) -> None:
    result = client.predict("<script>alert('x')</script><img src=x onerror=alert(1)>\x07", api_name="/sentiment")
    assert result["label"] in {"negative", "positive"}


def test_many_lines(client) -> None:
    summary, chart, table, download = client.predict("좋아요\nbad movie\n\n최악이다", api_name="/sentiment_many")
    assert "**3 / 3** texts" in summary
    # label, score (gold) first, the text last; a client that states no language gets English headers
    assert table["headers"] == ["label", "score", "model", "text"]
    assert [row[3] for row in table["data"]] == ["좋아요", "bad movie", "최악이다"]
    assert [row[2] for row in table["data"]] == ["tiny/sentiment-ko", "tiny/sentiment-en", "tiny/sentiment-ko"]
    assert {row[0] for row in table["data"]} <= {"negative", "positive"}  # the model's own label names
    assert sum(row[1] for row in chart["data"]) == 3
    with open(download, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["text", "label", "score", "model"] and len(rows) == 4


def test_an_nsmc_file_with_accuracy(client, nsmc_path: Path, tmp_path: Path) -> None:
    sample = tmp_path / "nsmc_300.tsv"
    sample.write_text("".join(nsmc_path.read_text(encoding="utf-8").splitlines(keepends=True)[:301]), encoding="utf-8")
    summary, chart, table, download = client.predict(
        "", handle_file(str(sample)), "document", "label", api_name="/sentiment_many")
    assert "**300 / 300** texts" in summary
    assert "Accuracy · 정확도:" in summary and "(300 labelled rows)" in summary
    assert table["headers"] == ["label", "score", "gold", "model", "text"]  # the text last
    assert {row[2] for row in table["data"]} == {"negative", "positive"}
    assert Path(download).read_text(encoding="utf-8-sig").count("\n") == 301


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.csv", b'text,label\n"unclosed,1\nok,0\n', "could not be read as CSV"),
        ("binary.csv", bytes(range(256)) * 8, "binary"),
        ("empty.tsv", b"", "has no rows"),
    ],
)
def test_bad_files_through_the_api(client, tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(AppError, match=message):
        client.predict("", handle_file(str(path)), api_name="/sentiment_many")
    assert client.predict("good", api_name="/sentiment")["label"]


def test_a_missing_column_is_named(client, nsmc_path: Path) -> None:
    with pytest.raises(AppError, match="Column 'review' is not in the file"):
        client.predict("", handle_file(str(nsmc_path)), "review", api_name="/sentiment_many")


def test_a_path_outside_the_uploads_is_never_read(app_url: str) -> None:
    """A hand-made request naming a server file is refused by Gradio before our code runs."""
    payload = {"data": ["", {"path": "/etc/passwd", "meta": {"_type": "gradio.FileData"}}, None, None, "auto"]}
    event = httpx.post(f"{app_url}/gradio_api/call/sentiment_many", json=payload, timeout=10)
    if event.status_code == 200:
        stream = httpx.get(f"{app_url}/gradio_api/call/sentiment_many/{event.json()['event_id']}", timeout=30).text
        assert "event: error" in stream and "root:" not in stream
    else:
        assert event.status_code in (400, 403, 422)
    assert "root:" not in httpx.get(f"{app_url}/gradio_api/file=/etc/passwd", timeout=10).text


def test_help_documents_every_option() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "app.py"), "--help"], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    for option in ("--catalog", "--host", "--port", "--share", "--auth", "--profile", "--preload", "--prepare",
                   "--memory-budget",
                   "--max-batch", "--max-queue"):
        assert option in out


def test_a_catalog_without_a_tabs_models_still_starts(tmp_path: Path, tiny_catalog_path: Path) -> None:
    """A teacher's catalog may leave a task out: that tab says so and the others work."""
    import yaml

    from app import build_app
    from playground.catalog import load_catalog
    from playground.device import detect
    from playground.engine import Engine

    raw = yaml.safe_load(tiny_catalog_path.read_text(encoding="utf-8"))
    chat_only = raw["tasks"]["chat"]
    chat_only["models"][0]["path"] = str(tiny_catalog_path.parent / chat_only["models"][0]["path"])
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "tasks": {"chat": chat_only}}), encoding="utf-8")
    demo = build_app(Engine(load_catalog(path), detect("cpu")))
    names = {fn.api_name for fn in demo.fns.values() if fn.api_name}
    assert "chat" in names and "sentiment" not in names
