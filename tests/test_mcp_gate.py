"""The gate in front of Gradio's MCP server and its routes, through the official ``mcp`` SDK client and plain HTTP
on loopback: no client-sent path is ever opened on the server, MCP passwords wait like ``/login``, unknown prompts
run nothing, Gradio's routes are behind the login, request bodies are capped.

The app runs as ``python app.py --mcp --auth teacher:...`` would launch it (the page's middleware included).
"""

from __future__ import annotations

import base64
import json
import os
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_mcp import ACCOUNT, BASIC, session_run

from conftest import launch
from server import mcp

FILE_DATA = {"_type": "gradio.FileData"}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def served(catalog):
    """(base URL, MCP URL, the login throttle with its clock, the demo)."""
    from app import build_app, launch_options
    from playground.classroom.fairuse import LoginThrottle
    from playground.device import detect
    from playground.engine import Engine
    from server import login
    from server.fairuse import from_settings

    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    # fair use on, with room for the probe student's one /sentiment after each of the ~30 attacks
    demo = build_app(Engine(catalog, detect("cpu")), fairness=from_settings(rate_burst=100))
    options = launch_options()
    options["app_kwargs"] = {**options.pop("app_kwargs"), "routes": login.login_routes(throttle)}
    launch(demo, quiet=True, auth=[ACCOUNT], mcp_server=True,
           max_file_size="25mb", **options)
    assert mcp.protect(demo, [ACCOUNT])  # finds /login's throttle on its own
    base = demo.local_url.rstrip("/")
    try:
        yield base, base + "/gradio_api/mcp/", (throttle, clock), demo
    finally:
        demo.close()


def _fifo(tmp_path: Path) -> Path:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    return fifo


def _release(fifo: Path) -> bool:
    """Whether anything has the FIFO open to read (the bug: a reader waiting in ``open`` counts too); if so, give it
    an end of file so the worker thread ends."""
    try:
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:
        return False  # ENXIO: no reader, nothing was opened
    os.close(fd)
    return True


def _victim(client) -> float:
    """One /sentiment call by a signed-in student through gradio_client; its latency in seconds."""
    started = time.perf_counter()
    assert client.predict("정말 재밌어요", api_name="/sentiment")
    return time.perf_counter() - started


def _uploaded_names(since: float) -> set[str]:
    from gradio.utils import get_upload_folder

    folder = Path(get_upload_folder())
    if not folder.exists():
        return set()
    return {p.name for p in folder.rglob("*") if p.is_file() and p.stat().st_mtime >= since}


def test_no_tool_argument_may_name_a_server_file(served, tmp_path, monkeypatch):
    """A Gradio ``FileData`` naming ``/dev/stdin``, a FIFO, ``/etc/passwd`` or a relative path, in the first
    parameter of every tool and nested inside the chat history, is refused by the gate, before Gradio sees the call,
    as the tool's error: the FIFO is never opened (a read of it would never end); nothing is copied into Gradio's
    folder; a student's /sentiment is answered between the attacks."""
    base, url, _, _ = served
    refused: list[str] = []
    real_refusal = mcp.refusal

    def refusal(message, client):
        found = real_refusal(message, client)
        if found is not None and isinstance(message, dict):
            refused.append(str(message.get("params", {}).get("name")))
        return found

    monkeypatch.setattr(mcp, "refusal", refusal)
    fifo = _fifo(tmp_path)
    paths = ["/dev/stdin", str(fifo), "/etc/passwd", "../../../../etc/hostname", "app.py"]
    tools = {t.name: t for t in session_run(url, lambda s: _list(s))}
    attempts: list[tuple[str, dict[str, Any]]] = []
    for n, (name, tool) in enumerate(sorted(tools.items())):
        first = next(iter(tool.inputSchema["properties"]))
        attempts.append((name, {first: {"path": paths[n % len(paths)], "meta": FILE_DATA}}))
    for path in paths:
        attempts.append(("chat", {"message": "hi", "history": [
            {"role": "user", "content": [{"type": "file", "file": {"path": path, "meta": FILE_DATA}}]}]}))
        attempts.append(("chat", {"message": "hi", "history": [{"role": "user", "content": {"path": path}}]}))
        attempts.append(("dataset_file", {"file": {"path": path, "url": f"/gradio_api/file={path}",
                                                   "meta": FILE_DATA}}))
    from gradio_client import Client

    student = Client(base, auth=ACCOUNT, verbose=False)
    started = time.time()
    latencies: list[float] = []
    try:
        for name, arguments in attempts:
            async def work(session, name=name, arguments=arguments):
                result = await session.call_tool(name, arguments)
                return result.isError, "\n".join(getattr(c, "text", "") for c in result.content)

            failed, text = session_run(url, work)
            assert failed and "path" in text and "경로" in text, (name, arguments, text[:300])
            assert refused[-1:] == [name], (name, refused)  # the gate's refusal, not a failure inside Gradio
            assert not _release(fifo), (name, arguments)  # nothing opened the FIFO to read
            latencies.append(_victim(student))
    finally:
        _release(fifo)
        student.close()
    assert len(latencies) == len(attempts) == len(refused)  # the student was answered after every attack
    print(f"victim /sentiment latency: max {max(latencies):.2f} s over {len(latencies)} attacks")
    copied = _uploaded_names(started) & {"passwd", "stdin", "pipe", "hostname", "app.py"}
    assert copied == set()


async def _list(session):
    return (await session.list_tools()).tools


def test_a_file_the_client_uploaded_itself_is_accepted(served):
    """The rule refuses paths, not files: a file sent as a data: URL still reaches the dataset tool."""
    _, url, _, _ = served
    data = "data:text/csv;base64," + base64.b64encode("id,text\n1,좋아요\n".encode()).decode()

    async def work(session):
        result = await session.call_tool("dataset_file", {"file": data})
        return result.isError, "\n".join(getattr(c, "text", "") for c in result.content)

    failed, text = session_run(url, work)
    assert not failed, text
    assert json.loads(text)["num_rows"] == 1


def test_an_unknown_prompt_runs_nothing(served):
    """Gradio's ``prompts/get`` ran its last tool (``dataset_file``) for any unknown name, unchecked."""
    _, url, _, _ = served

    async def work(session):
        try:
            await session.get_prompt("no-such-prompt", {"file": "/etc/passwd"})
        except Exception as exc:  # noqa: BLE001 - the SDK raises McpError with the server's message
            return str(exc)
        return "answered"

    assert "Unknown prompt" in session_run(url, work)


def test_mcp_passwords_wait_like_the_login_page(served):
    """300 wrong Basic passwords went through in 0.4 s and the right one then worked. Now the same throttle as
    ``/login``: after the free mistakes each try waits (429), the right password included, and ``/login`` counts
    the same mistakes."""
    base, url, (throttle, clock), _ = served
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}})
    headers = {"accept": "application/json, text/event-stream", "content-type": "application/json"}
    wrong = "Basic " + base64.b64encode(b"teacher:guess").decode()
    statuses = [httpx.post(url, content=body, headers={**headers, "authorization": wrong}, timeout=30).status_code
                for _ in range(12)]
    try:
        assert statuses[:5] == [401] * 5 and set(statuses[6:]) == {429}, statuses
        right = httpx.post(url, content=body, headers={**headers, "authorization": BASIC}, timeout=30)
        assert right.status_code == 429 and "기다리" in right.text
        login = httpx.post(base + "/login", data={"username": "teacher", "password": ACCOUNT[1]}, timeout=30)
        assert login.status_code == 429  # one count for both doors
    finally:
        clock.now += 3600  # the waits are over (and forgotten) for the other tests
    assert httpx.post(url, content=body, headers={**headers, "authorization": BASIC}, timeout=30).status_code != 429


def test_routes_need_the_login_and_deep_link_is_off(served):
    """Anonymous cancel / heartbeat / reset were open; deep_link saved any session's state; openapi.json
    answered 500 with a traceback. Now 401 (or 404 for deep_link) with a clear JSON message; the login page loads."""
    base, _, _, _ = served
    with httpx.Client(base_url=base, timeout=30) as http:
        assert http.post("/gradio_api/cancel", json={"session_hash": "x", "fn_index": 0,
                                                     "event_id": "y"}).status_code == 401
        assert http.get("/gradio_api/heartbeat/x").status_code == 401
        assert http.post("/gradio_api/reset", json={"event_id": "y"}).status_code == 401
        openapi = http.get("/gradio_api/openapi.json")
        assert openapi.status_code == 401 and "로그인" in openapi.json()["detail"]
        assert http.get("/gradio_api/deep_link", params={"session_hash": "x"}).status_code == 404
        assert http.get("/").status_code == 200  # the login page
        signed = http.post("/login", data={"username": ACCOUNT[0], "password": ACCOUNT[1]})
        assert signed.status_code in (200, 302, 303), signed.text
        assert http.get("/gradio_api/openapi.json").status_code == 200
        assert http.get("/gradio_api/deep_link", params={"session_hash": "x"}).status_code == 404


def test_a_body_over_the_cap_is_refused_before_the_login(served):
    """50 MB bodies were parsed before the 401. Now a body over ``REQUEST_MAX_BODY_BYTES`` is 413 at once,
    signed in or not; the largest legal input (a full chat history of Hangul, ASCII-escaped JSON) fits under it."""
    from playground import limits

    base, _, _, _ = served
    history = [{"role": "user" if i % 2 == 0 else "assistant", "content": "가" * limits.CHAT_MAX_MESSAGE_CHARS}
               for i in range(limits.CHAT_MAX_TURNS)]
    legal = json.dumps({"data": ["가" * limits.CHAT_MAX_MESSAGE_CHARS, history, None, "가" * 2000],
                        "fn_index": 0, "session_hash": "abc"}).encode()
    assert len(legal) < limits.REQUEST_MAX_BODY_BYTES
    big = b'{"data": ["' + b"a" * (limits.REQUEST_MAX_BODY_BYTES + 10) + b'"]}'
    response = httpx.post(base + "/gradio_api/queue/join", content=big, timeout=60,
                          headers={"content-type": "application/json"})
    assert response.status_code == 413 and "MB" in response.json()["detail"]
