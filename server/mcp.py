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
import os
import secrets
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import gradio as gr

from playground.classroom.fairuse import client_address

from . import gradio_private

log = logging.getLogger(__name__)

MCP_ENV = "PLAYGROUND_MCP"
MCP_PATH = "/gradio_api/mcp"
CLIENT_HEADER = "x-playground-mcp-client"
_SECRET = secrets.token_bytes(32)  # per process: a header signed by another process is worthless here

Accounts = Mapping[str, str] | Iterable[tuple[str, str]] | None


def enabled(flag: bool = False) -> bool:
    """``--mcp``, or ``PLAYGROUND_MCP`` set to 1 / true / on."""
    return flag or os.environ.get(MCP_ENV, "").strip().lower() in ("1", "true", "on", "yes")


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
        return {accounts[0]: accounts[1]}
    return dict(accounts)


def _basic_user(headers: dict[bytes, bytes], accounts: dict[str, str]) -> str | None:
    value = headers.get(b"authorization", b"").decode("latin-1")
    scheme, _, encoded = value.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, _, password = base64.b64decode(encoded.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    expected = accounts.get(user)
    if expected is None or not hmac.compare_digest(password.encode(), expected.encode()):
        return None
    return user


def gate(app: Callable[..., Any], accounts: Accounts) -> Callable[..., Any]:
    """An ASGI wrapper for the MCP mount: checks the login (when there are accounts) and signs who is calling."""
    known = _accounts(accounts)

    async def guarded(scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope.get("type") != "http":
            await app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if known:
            user = _basic_user(headers, known)
            if user is None:
                body = json.dumps({"error": "This playground needs a login: send 'Authorization: Basic "
                                   "base64(user:password)' with the teacher's account. · 로그인이 필요합니다."},
                                  ensure_ascii=False).encode()
                await send({"type": "http.response.start", "status": 401, "headers": [
                    (b"content-type", b"application/json; charset=utf-8"),
                    (b"www-authenticate", b'Basic realm="playground"')]})
                await send({"type": "http.response.body", "body": body})
                return
        else:
            user = ""
        peer = (scope.get("client") or ("unknown", 0))[0]
        address = client_address(peer, headers.get(b"x-forwarded-for", b"").decode("latin-1") or None)
        who = f"{address}|{user}"
        kept = [(k, v) for k, v in scope.get("headers") or [] if k.lower() != CLIENT_HEADER.encode()]
        scope = {**scope, "headers": [*kept, (CLIENT_HEADER.encode(), _sign(who).encode())]}
        await app(scope, receive, send)

    return guarded


def protect(demo: gr.Blocks, accounts: Accounts) -> bool:
    """After ``launch(mcp_server=True, ...)``: put the gate in front of the MCP mount and, with accounts, give
    Gradio's loopback client (which runs queued tools) a login of its own. Returns whether a mount was found."""
    server = getattr(demo, "mcp_server_obj", None)
    app = getattr(demo, "server_app", None)
    if server is None or app is None:
        return False
    found = False
    for route in app.routes:
        if getattr(route, "path", None) == MCP_PATH and hasattr(route, "app"):
            route.app = gate(route.app, accounts)
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
