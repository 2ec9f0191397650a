"""The playground as an MCP server, through the official ``mcp`` SDK client over streamable HTTP at
``/gradio_api/mcp/``: tools, their schemas, calls on every text tab and a dataset file, errors, login, rate limit.
"""

from __future__ import annotations

import ast
import asyncio
import base64
import concurrent.futures
import json
from typing import Any

import httpx
import pytest

from conftest import launch

ACCOUNT = ("teacher", "class-pw-123")
BASIC = "Basic " + base64.b64encode(f"{ACCOUNT[0]}:{ACCOUNT[1]}".encode()).decode()
CSV = "id,document,label\n1,정말 재밌어요,1\n2,지루했다,0\n3,최고의 영화,1\n"


@pytest.fixture(scope="module")
def mcp_url(catalog):
    """The whole app with --mcp and a login, as ``python app.py --mcp --auth teacher:...`` would launch it."""
    from app import build_app
    from playground.classroom.ratelimit import RateLimiter
    from playground.device import detect
    from playground.engine import Engine
    from server import mcp
    from server.fairuse import Classroom
    from tabs.i18n import I18N

    fairness = Classroom(limiter=RateLimiter(per_minute=60, burst=12))
    demo = build_app(Engine(catalog, detect("cpu")), fairness=fairness)
    mcp.name_tools(demo)
    launch(demo, prevent_thread_lock=True, quiet=True, i18n=I18N,
           auth=[ACCOUNT], mcp_server=True, max_file_size="25mb")
    assert mcp.protect(demo, [ACCOUNT])
    try:
        yield demo.local_url.rstrip("/") + "/gradio_api/mcp/"
    finally:
        demo.close()


def session_run(url: str, work, headers: dict[str, str] | None = None) -> Any:
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    async def run() -> Any:
        async with httpx.AsyncClient(headers=headers if headers is not None else {"Authorization": BASIC},
                                     timeout=120) as http, \
                streamable_http_client(url, http_client=http) as (read, write, _), \
                ClientSession(read, write) as session:
            await session.initialize()
            return await work(session)

    # In a thread of its own: the browser tests' Playwright keeps an event loop running in the main thread.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run()).result()


def call(url: str, tool: str, arguments: dict[str, Any]) -> tuple[bool, str]:
    async def work(session):
        result = await session.call_tool(tool, arguments)
        return result.isError, "\n".join(getattr(c, "text", "") for c in result.content)

    return session_run(url, work)


def test_every_main_action_is_a_tool_with_a_described_schema(mcp_url):
    tools = {t.name: t for t in session_run(mcp_url, lambda s: _tools(s))}
    for name in ("chat", "sentiment", "sentiment_many", "summarize", "translate", "generate_image",
                 "dataset_info", "dataset_rows", "dataset_stats", "dataset_sentiment", "dataset_file"):
        assert name in tools, sorted(tools)
    assert not [n for n in tools if n.startswith(("respond", "retry", "show_code", "undo", "lambda"))]
    for name in ("chat", "sentiment", "summarize", "translate", "generate_image", "dataset_rows"):
        tool = tools[name]
        schema = tool.inputSchema
        first = next(iter(schema["properties"]))
        assert schema.get("required") == [first], (name, schema.get("required"))  # only the main input
        assert tool.description and len(tool.description) > 40
        for param, spec in schema["properties"].items():
            assert spec.get("description"), (name, param)  # from the docstring's Args: block
            if param != first:  # optional (Gradio writes non-empty defaults into the schema, e.g. target="en")
                assert param not in schema["required"], (name, param)
    translate = tools["translate"].inputSchema["properties"]
    assert translate["target"]["default"] == "en" and "ko" in translate["source"]["description"]


async def _tools(session):
    return (await session.list_tools()).tools


def test_sentiment_translate_and_summarize_answer_an_agent(mcp_url):
    failed, text = call(mcp_url, "sentiment", {"text": "이 영화 정말 재밌어요!"})
    assert not failed and text
    failed, text = call(mcp_url, "translate", {"text": "안녕하세요. 반갑습니다.", "source": "ko", "target": "en"})
    assert not failed and text.strip()
    failed, text = call(mcp_url, "summarize", {"text": "오늘은 날씨가 좋다. 공원에 갔다. 친구를 만났다. " * 5,
                                                "length": "short"})
    assert not failed and text.strip()


def test_a_dataset_tool_reads_a_file_the_client_sends(mcp_url):
    data = "data:text/csv;base64," + base64.b64encode(CSV.encode()).decode()
    failed, text = call(mcp_url, "dataset_file", {"file": data, "page_size": 10})
    assert not failed, text
    found = json.loads(text)
    assert found["num_rows"] == 3 and [c["name"] for c in found["columns"]] == ["id", "document", "label"]
    assert [row["document"] for row in found["rows"]] == ["정말 재밌어요", "지루했다", "최고의 영화"]
    assert found["text_column"] == "document" and found["label_column"] == "label"


def test_the_dataset_tools_are_typed_and_read_files_added_after_start_up(mcp_url, tmp_path):
    """The dataset tools take any source and column as text and numbers as numbers (not the page's dropdown
    choices frozen at start-up), and answer: a file added to the data folder while the app runs included."""
    from playground.data import local as data_local

    tools = {t.name: t for t in session_run(mcp_url, lambda s: _tools(s))}
    for name in ("dataset_info", "dataset_rows", "dataset_stats", "dataset_sentiment"):
        properties = tools[name].inputSchema["properties"]
        assert not [p for p, spec in properties.items() if "enum" in spec], name
    assert tools["dataset_rows"].inputSchema["properties"]["page_size"]["type"] == "integer"
    data_local.set_data_dir(tmp_path)
    try:
        (tmp_path / "added.csv").write_text(CSV, encoding="utf-8")
        failed, text = call(mcp_url, "dataset_rows", {"source": "added.csv", "page_size": 2, "filter_column": "label",
                                                      "filter_value": "1"})
        assert not failed, text
        table, status, page = ast.literal_eval(text)
        assert table["headers"] == ["#", "id", "document", "label"] and page == 1
        assert [row[2] for row in table["data"]] == ["정말 재밌어요", "최고의 영화"] and "of **2**" in status
        failed, text = call(mcp_url, "dataset_info", {"source": "added.csv"})
        assert not failed and ast.literal_eval(text)[1]["num_rows"] == 3
        failed, text = call(mcp_url, "dataset_stats", {"source": "added.csv", "label_column": "label"})
        summary, labels, lengths, missing = ast.literal_eval(text)
        assert sorted(labels["data"]) == [["0", 1], ["1", 2]] and [row[0] for row in missing["data"]] == [
            "id", "document", "label"]
        failed, text = call(mcp_url, "dataset_sentiment", {"source": "added.csv", "text_column": "document",
                                                           "label_column": "label", "page_size": 3})
        assert not failed, text
        summary, table = ast.literal_eval(text)
        assert len(table["data"]) == 3 and "**3 / 3**" in summary and "(3 labelled rows)" in summary
        failed, text = call(mcp_url, "dataset_rows", {"source": "added.csv", "page_size": 500})
        assert failed and "page_size must be between 1 and 100" in text
    finally:
        data_local.set_data_dir(None)


def test_bad_input_is_a_clear_error_and_the_next_call_works(mcp_url):
    failed, text = call(mcp_url, "sentiment", {"text": ""})
    assert failed and "empty" in text and "비어" in text
    failed, text = call(mcp_url, "chat", {"message": "hi", "model": "evil/model"})
    assert failed and "evil/model" in text
    failed, _ = call(mcp_url, "sentiment", {"text": "좋아요"})
    assert not failed


def test_a_client_without_the_password_is_refused(mcp_url):
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
    headers = {"accept": "application/json, text/event-stream", "content-type": "application/json"}
    for auth in (None, "Basic " + base64.b64encode(b"teacher:wrong").decode(), "Bearer class-pw-123"):
        sent = {**headers, **({"authorization": auth} if auth else {})}
        response = httpx.post(mcp_url, content=json.dumps(body), headers=sent, timeout=30)
        assert response.status_code == 401 and "로그인" in response.text
    with pytest.raises(BaseException):  # noqa: B017 - the SDK raises an ExceptionGroup around the HTTP 401
        session_run(mcp_url, lambda s: _tools(s), headers={})


def test_mcp_calls_take_from_the_rate_limit_of_their_own_client(mcp_url):
    """The app's limiter allows a burst of 12: an MCP client that keeps calling is told to wait."""
    async def work(session):
        outcomes = []
        for _ in range(16):
            result = await session.call_tool("sentiment", {"text": "좋아요"})
            outcomes.append((result.isError, "\n".join(getattr(c, "text", "") for c in result.content)))
        return outcomes

    outcomes = session_run(mcp_url, work)
    refused = [text for failed, text in outcomes if failed]
    assert refused and ("wait" in refused[0].lower() or "기다" in refused[0])
