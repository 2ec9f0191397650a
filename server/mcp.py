"""The playground as an MCP server (``python app.py --mcp`` or ``PLAYGROUND_MCP=1``): Gradio's own MCP server,
streamable HTTP at ``/gradio_api/mcp/``, one tool per tab's main action.

Gradio names a tool after the handler's Python name and describes it with the handler's docstring (its ``Args:``
block gives each parameter's description) and type hints. :func:`name_tools` gives each tool its endpoint's name
(``chat``, ``sentiment``, ``summarize``, ``translate``, ``generate_image``, ``dataset_*``).

Gradio's MCP mount has no login of its own: with ``--auth`` a client could list the tools and call the ones that
skip the queue without a password, and the queued ones would fail for everyone. :func:`protect` puts the page's
accounts in front of it (HTTP Basic: ``Authorization: Basic base64(user:password)``), lets Gradio's own loopback
client into the queue, and marks each MCP call with who made it (an HMAC-signed header: its address, and its login), so
the rate limit and the queue caps count each MCP client on its own rather than all of them as the one loopback
session.

>>> demo.launch(mcp_server=True, auth=accounts, prevent_thread_lock=True)
>>> protect(demo, accounts)
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import math
import secrets
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import gradio as gr

from playground import limits, settings
from playground.classroom.fairuse import LoginThrottle, client_address

from . import gradio_private, guard

log = logging.getLogger(__name__)

MCP_ENV = settings.MCP
MCP_PATH = "/gradio_api/mcp"
CLIENT_HEADER = "x-playground-mcp-client"
_SECRET = secrets.token_bytes(32)  # per process: a header signed by another process is worthless here

Accounts = Mapping[str, str] | Iterable[tuple[str, str]] | None


def enabled(flag: bool = False) -> bool:
    """``--mcp``, or ``PLAYGROUND_MCP`` set to 1 / true / on."""
    return flag or settings.flag(MCP_ENV)


def name_tools(demo: gr.Blocks, docs: Mapping[str, str] | None = None) -> dict[str, str]:
    """Name each public endpoint's handler after its endpoint, so the MCP tool is ``summarize``, not
    ``run_summary``, and give it its docstring from ``docs`` (endpoint -> docstring) where the handler has
    none with an ``Args:`` block. Call before ``launch``. Returns {tool name: endpoint}."""
    names = {}
    for block_fn in demo.fns.values():
        api_name = getattr(block_fn, "api_name", None)
        if not api_name or block_fn.fn is None or getattr(block_fn, "api_visibility", "public") != "public":
            continue
        try:
            block_fn.fn.__name__ = api_name  # type: ignore[union-attr]
            if docs and api_name in docs and "Args:" not in (block_fn.fn.__doc__ or ""):
                block_fn.fn.__doc__ = docs[api_name]
        except (AttributeError, TypeError):  # a callable object or a builtin: keep Gradio's own name
            continue
        names[api_name] = f"/{api_name}"
    return names


# -- who made an MCP call --------------------------------------------------------------------------------------
def _sign(who: str) -> str:
    return f"{who}|{hmac.new(_SECRET, who.encode(), hashlib.sha256).hexdigest()[:32]}"


def caller(headers: Mapping[str, str] | None) -> tuple[str, str | None] | None:
    """(address, account) of the MCP client behind a call that came through the MCP server, else None.

    Gradio runs a queued tool through its own loopback client: without this every MCP client would be that one
    local session. The gate below signs who it let in; a header not signed by this process is ignored.
    """
    value = headers.get(CLIENT_HEADER) if headers is not None else None
    if not value or value.count("|") < 2:
        return None
    who = value.rsplit("|", 1)[0]
    if not hmac.compare_digest(_sign(who), value):
        return None
    address, _, account = who.partition("|")
    return address, account or None


def _accounts(accounts: Accounts) -> dict[str, str]:
    if accounts is None:
        return {}
    if isinstance(accounts, Mapping):
        return dict(accounts)
    if isinstance(accounts, tuple) and len(accounts) == 2 and all(isinstance(x, str) for x in accounts):
        return {str(accounts[0]): str(accounts[1])}
    return dict(accounts)  # type: ignore[arg-type]  # pairs of user and password


def _basic(headers: dict[bytes, bytes]) -> tuple[str, str] | None:
    """(name, password) from an ``Authorization: Basic`` header, else None."""
    value = headers.get(b"authorization", b"").decode("latin-1")
    scheme, _, encoded = value.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, _, password = base64.b64decode(encoded.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return user, password


def _basic_user(headers: dict[bytes, bytes], accounts: dict[str, str]) -> str | None:
    sent = _basic(headers)
    if sent is None:
        return None
    user, password = sent
    expected = accounts.get(user)
    if expected is None or not hmac.compare_digest(password.encode(), expected.encode()):
        return None
    return user


# -- what an MCP call may carry ---------------------------------------------------------------------------------
def client_paths(value: Any) -> list[str]:
    """Every server path a client put in ``value``, at any depth: a dict with a ``path`` (Gradio's ``FileData``,
    with or without its ``meta``) or a ``meta._type`` of ``gradio.FileData``. Gradio's loopback client would open
    and upload each such path from the server's own disk (``/dev/stdin`` hangs a worker, ``/etc/shadow`` is
    copied where ``/gradio_api/file=`` serves it)."""
    found: list[str] = []
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            meta = node.get("meta")
            typed = isinstance(meta, dict) and meta.get("_type") == "gradio.FileData"
            if "path" in node or typed:
                found.append(str(node.get("path") if node.get("path") is not None else node.get("url", "")))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def refusal(message: Any, client: str) -> tuple[str, int] | None:
    """Why this JSON-RPC message must not reach Gradio's MCP server (text, JSON-RPC code), or None.

    ``tools/call``: a file named by path is accepted only when this client uploaded it (``server.guard``);
    ``prompts/get``: the app declares no prompts, and Gradio's ``get_prompt`` ran its last tool for an unknown
    name (F10), so every name is unknown here.
    """
    if not isinstance(message, dict):
        return None
    method = message.get("method")
    found = message.get("params")
    params: dict[str, Any] = found if isinstance(found, dict) else {}
    if method == "tools/call":
        for path in client_paths(params.get("arguments")):
            if not (path and guard.uploaded_by(path, client)):
                return (f"A file was named by a path on the server ({path[:80]!r}). Send files as data: URLs "
                        "(base64) or upload them first. · 서버의 파일 경로는 받지 않습니다. 파일은 data: URL(base64)로 "
                        "보내거나 먼저 올려 주세요.", -32602)
    if method == "prompts/get":
        name = str(params.get("name", ""))[:80]
        return f"Unknown prompt: {name!r}. This app has no prompts. · 없는 프롬프트입니다.", -32602
    return None


async def _refuse(send: Callable[..., Any], message: dict[str, Any], text: str, code: int) -> None:
    if message.get("method") == "tools/call":  # as a tool's error, so an agent reads the message
        reply: dict[str, Any] = {"jsonrpc": "2.0", "id": message.get("id"),
                                 "result": {"content": [{"type": "text", "text": text}], "isError": True}}
    else:
        reply = {"jsonrpc": "2.0", "id": message.get("id"), "error": {"code": code, "message": text}}
    body = json.dumps(reply, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": 200, "headers": [
        (b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


async def _read_body(receive: Callable[..., Any], limit: int) -> bytes | None:
    """The whole request body, or None past ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message.get("type") != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def gate(app: Callable[..., Any], accounts: Accounts, throttle: LoginThrottle | None = None) -> Callable[..., Any]:
    """An ASGI wrapper for the MCP mount: checks the login (when there are accounts) through the same
    :class:`LoginThrottle` as ``/login`` (wrong passwords wait alike), refuses calls that name server files or
    unknown prompts before Gradio sees them, and signs who is calling."""
    known = _accounts(accounts)
    throttle = throttle or LoginThrottle()

    async def guarded(scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope.get("type") != "http":
            await app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        peer = (scope.get("client") or ("unknown", 0))[0]
        address = client_address(peer, headers.get(b"x-forwarded-for", b"").decode("latin-1") or None)
        if known:
            sent = _basic(headers)
            name = sent[0] if sent else ""
            wait = throttle.wait(address, name) if sent else 0.0
            if wait > 0:
                seconds = max(1, math.ceil(wait))
                body = json.dumps({"error": f"Too many wrong passwords. Wait {seconds} s. · 비밀번호가 여러 번 "
                                   f"틀렸습니다. {seconds}초 기다리세요."}, ensure_ascii=False).encode()
                await send({"type": "http.response.start", "status": 429, "headers": [
                    (b"content-type", b"application/json; charset=utf-8"), (b"retry-after", str(seconds).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
            user = _basic_user(headers, known)
            if user is None:
                if sent:
                    throttle.failed(address, name)
                body = json.dumps({"error": "This playground needs a login: send 'Authorization: Basic "
                                   "base64(user:password)' with the teacher's account. · 로그인이 필요합니다."},
                                  ensure_ascii=False).encode()
                await send({"type": "http.response.start", "status": 401, "headers": [
                    (b"content-type", b"application/json; charset=utf-8"),
                    (b"www-authenticate", b'Basic realm="playground"')]})
                await send({"type": "http.response.body", "body": body})
                return
            throttle.succeeded(address, user)
        else:
            user = ""
        who = f"{address}|{user}"
        if scope.get("method") == "POST":
            read = await _read_body(receive, limits.REQUEST_MAX_BODY_BYTES)
            if read is None:
                await guard._answer(send, 413, guard.bilingual("body", size=">", limit=limits.REQUEST_MAX_BODY_BYTES
                                                               // 2**20))
                return
            body = read
            try:
                parsed = json.loads(body) if body else None
            except ValueError:
                parsed = None
            for message in parsed if isinstance(parsed, list) else [parsed]:
                refused = refusal(message, who)
                if refused is not None:
                    log.warning("MCP call refused from %s: %s", address, refused[0][:120])
                    await _refuse(send, message if isinstance(message, dict) else {}, *refused)
                    return
            receive = _replay(body, receive)
        kept = [(k, v) for k, v in scope.get("headers") or [] if k.lower() != CLIENT_HEADER.encode()]
        scope = {**scope, "headers": [*kept, (CLIENT_HEADER.encode(), _sign(who).encode())]}
        await app(scope, receive, send)

    return guarded


def _replay(body: bytes, original: Callable[..., Any]) -> Callable[..., Any]:
    """A ``receive`` that hands the already-read body over once, then the real one (which waits for a
    disconnect: a streaming answer listens for it)."""
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await original()

    return receive


def protect(demo: gr.Blocks, accounts: Accounts, throttle: LoginThrottle | None = None) -> bool:
    """After ``launch(mcp_server=True, ...)``: put the gate in front of the MCP mount and, with accounts, give
    Gradio's loopback client (which runs queued tools) a login of its own. Returns whether a mount was found.
    ``throttle``: the one ``/login`` uses (by default the one :func:`server.login.login_routes` put on the app)."""
    server = getattr(demo, "mcp_server_obj", None)
    app = getattr(demo, "server_app", None)
    if server is None or app is None:
        return False
    found = False
    if throttle is None:  # the /login route's own throttle: one count of wrong passwords for both doors
        throttle = next((getattr(r, "throttle", None) for r in app.routes if getattr(r, "throttle", None)), None)
    for route in app.routes:
        if getattr(route, "path", None) == MCP_PATH and hasattr(route, "app"):
            route.app = gate(route.app, accounts, throttle)
            found = True
    if found and _accounts(accounts):
        from gradio_client import Client

        cookie = gradio_private.remember_login(app, secrets.token_urlsafe(32), "mcp")  # as Gradio's /login would
        server._client_instance = Client(
            server.local_url or demo.local_url, download_files=False, verbose=False, analytics_enabled=False,
            ssl_verify=False, _skip_components=False,
            headers={"x-gradio-user": "mcp", "cookie": cookie})
    if not found:
        log.warning("the MCP mount was not found: MCP calls are not protected by the login")
    return found
