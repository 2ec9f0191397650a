"""The request guard: one ASGI middleware in front of Gradio's routes that bounds what a client can make the
server hold, and closes the routes a login should cover.

* **Bodies**: a request body larger than ``limits.REQUEST_MAX_BODY_BYTES`` (sized from the largest
  legal input, a full chat history sent as escaped JSON) is refused with 413 before Gradio reads it, whether or
  not the client is signed in; uploads have their own cap (``max_file_size``) and pace (below).
* **Uploads** (F7): ``/gradio_api/upload`` is outside the queue, so it is paced here per client (address and
  account): at most ``limits.UPLOAD_BYTES_PER_MINUTE`` (a bucket of ``UPLOAD_BURST_BYTES``) and at most
  ``limits.UPLOAD_CLIENT_MAX_BYTES`` of files kept at once (files Gradio's hourly clean-up removed no longer
  count). The paths each client uploaded are remembered: :func:`uploaded_by` answers whether a path is one.
* **Routes behind the login** (F9): with ``--auth`` every ``/gradio_api/...`` route needs a login except what the
  login page itself needs; ``/gradio_api/deep_link`` (which saved any session's whole state) is off; the OpenAPI
  schema answers 401 JSON instead of a 500 and a traceback.

>>> demo.launch(app_kwargs={"middleware": [Middleware(RequestGuard)]}, ...)   # see server.page.app_kwargs
"""

from __future__ import annotations

import json
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playground import limits
from playground.classroom.fairuse import client_address
from playground.classroom.ratelimit import RateLimiter

from . import gradio_private

UPLOAD_PATH = "/gradio_api/upload"
UNIT = 65_536  # the upload pace counts 64 KiB units
# What the login page and a signed-out browser need before the login (Gradio's own page assets and config).
OPEN_PREFIXES = ("/gradio_api/login", "/gradio_api/logout", "/gradio_api/theme.css", "/gradio_api/favicon",
                 "/gradio_api/static", "/gradio_api/assets", "/gradio_api/file=", "/gradio_api/i18n",
                 "/gradio_api/svelte", "/gradio_api/info", "/gradio_api/config", "/gradio_api/mcp",
                 "/gradio_api/startup-events", "/gradio_api/app_id", "/gradio_api/custom_component")
OFF_PATHS = ("/gradio_api/deep_link",)

MESSAGES = {
    "body": ("This request is too large ({size} MB; the limit is {limit} MB). Send less at once.",
             "요청이 너무 큽니다 ({size} MB, 최대 {limit} MB). 한 번에 보내는 양을 줄여 주세요."),
    "upload_pace": ("Too many uploads from your network at once. Wait {seconds} s and try again.",
                    "같은 네트워크에서 파일을 너무 많이 올렸습니다. {seconds}초 기다린 뒤 다시 시도하세요."),
    "upload_total": ("Your uploads on this server already take {held} MB (the limit is {limit} MB); they are "
                     "removed after an hour. Try again later.",
                     "이 서버에 올린 파일이 이미 {held} MB입니다 (최대 {limit} MB). 한 시간 뒤에 지워지니 나중에 "
                     "다시 시도하세요."),
    "login": ("This needs a login: sign in on the app's page first.", "로그인이 필요합니다. 먼저 앱 페이지에서 "
              "로그인하세요."),
    "off": ("This route is off in the playground.", "플레이그라운드에서는 꺼져 있는 기능입니다."),
}


def bilingual(key: str, **params: Any) -> str:
    en, ko = MESSAGES[key]
    return f"{en.format(**params)} · {ko.format(**params)}"


def client_key(scope: dict[str, Any], account: str | None = None) -> str:
    """Who sends a request: its address (the platform's on a Space), and the account when signed in."""
    headers = dict(scope.get("headers") or [])
    peer = (scope.get("client") or ("unknown", 0))[0]
    address = client_address(peer, headers.get(b"x-forwarded-for", b"").decode("latin-1") or None)
    return f"{address}|{account or ''}"


class Uploads:
    """Bytes uploaded per client: a pace (token bucket of bytes) and the files each client still has on disk."""

    def __init__(self, per_minute: int = limits.UPLOAD_BYTES_PER_MINUTE, burst: int = limits.UPLOAD_BURST_BYTES,
                 total: int = limits.UPLOAD_CLIENT_MAX_BYTES, max_clients: int = limits.RATE_MAX_SESSIONS) -> None:
        self.pace = RateLimiter(per_minute / UNIT, max(1, burst // UNIT), max_keys=max_clients)  # a token: 64 KiB
        self.total = total
        self.max_clients = max_clients
        self._files: OrderedDict[str, dict[str, int]] = OrderedDict()  # client -> {path: size}
        self._lock = threading.Lock()

    def held(self, client: str) -> int:
        """Bytes of this client's uploads still on disk (files removed since are forgotten)."""
        with self._lock:
            files = self._files.get(client, {})
            for path in [p for p in files if not os.path.exists(p)]:
                del files[path]
            return sum(files.values())

    def admit(self, client: str, size: int) -> str | None:
        """None when ``size`` more bytes may come from ``client`` now, else the refusal (bilingual)."""
        held = self.held(client)
        if held + size > self.total:
            return bilingual("upload_total", held=round(held / 2**20), limit=round(self.total / 2**20))
        wait = self.pace.take(client, cost=max(1, math.ceil(size / UNIT)))
        return bilingual("upload_pace", seconds=max(1, math.ceil(wait))) if wait > 0 else None

    def record(self, client: str, paths: list[str]) -> None:
        with self._lock:
            files = self._files.pop(client, {})
            for path in paths:
                try:
                    files[os.path.realpath(path)] = os.path.getsize(path)
                except OSError:
                    continue
            self._files[client] = files
            while len(self._files) > self.max_clients:
                self._files.popitem(last=False)

    def owner_of(self, path: str) -> set[str]:
        real = os.path.realpath(path)
        with self._lock:
            return {client for client, files in self._files.items() if real in files}


UPLOADS = Uploads()


def uploaded_by(path: str, client: str) -> bool:
    """Whether ``path`` is a file ``client`` (``address|account``) uploaded, still on disk."""
    return client in UPLOADS.owner_of(path) and os.path.isfile(path)


def signed_in(app: Any, scope: dict[str, Any]) -> str | None:
    """The account behind this request's login cookie (Gradio's ``/login`` sets it), else None."""
    cookies: dict[str, str] = {}
    for key, value in scope.get("headers") or []:
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                name, _, val = part.strip().partition("=")
                cookies[name] = val
    try:
        names = gradio_private.login_cookie_names(app)
        tokens = app.tokens
    except AttributeError:
        return None
    for name in names:
        token = cookies.get(name)
        if token and token in tokens:
            return str(tokens[token])
    return None


async def _answer(send: Callable[..., Any], status: int, text: str,
                  headers: list[tuple[bytes, bytes]] | tuple[()] = ()) -> None:
    body = json.dumps({"detail": text, "error": text}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode()),
        *headers]})
    await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


def route_path(scope: dict[str, Any]) -> str:
    """The request's path inside the app (``root_path`` taken off, as behind a proxy that mounts it)."""
    path = str(scope.get("path") or "")
    root = str(scope.get("root_path") or "")
    if root and path.startswith(root):
        path = path[len(root):] or "/"
    return path


class RequestGuard:
    """ASGI middleware: body cap, upload pace and cap, the login in front of every API route (see the module)."""

    def __init__(self, app: Any, max_body: int | None = None, uploads: Uploads | None = None) -> None:
        self.app = app
        self.max_body = max_body or limits.REQUEST_MAX_BODY_BYTES
        self.uploads = uploads or UPLOADS

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        path = route_path(scope)
        app = scope.get("app")
        if any(path.startswith(off) for off in OFF_PATHS):
            await _answer(send, 404, bilingual("off"))
            return
        headers = dict(scope.get("headers") or [])
        try:
            declared = int(headers.get(b"content-length", b"0") or 0)
        except ValueError:
            declared = 0
        posted = scope.get("method") in ("POST", "PUT", "PATCH") and not path.startswith(UPLOAD_PATH)
        if posted and declared > self.max_body:  # before anything else reads it, the login included
            await _answer(send, 413, bilingual("body", size=round(declared / 2**20, 1), limit=self.max_body // 2**20))
            return
        account = signed_in(app, scope) if app is not None else None
        if getattr(app, "auth", None) and path.startswith("/gradio_api/") and account is None \
                and not any(path.startswith(p) for p in OPEN_PREFIXES):
            await _answer(send, 401, bilingual("login"))
            return
        client = client_key(scope, account)
        if path.startswith(UPLOAD_PATH):
            refusal = self.uploads.admit(client, declared)
            if refusal:
                await _answer(send, 429, refusal, [(b"retry-after", b"10")])
                return
            await self.app(scope, receive, self._recording(send, client))
            return
        if posted:  # a body without a length (chunked): counted as it comes
            limit = self.max_body
            seen = 0

            async def counted() -> dict[str, Any]:
                nonlocal seen
                message = await receive()
                if message.get("type") == "http.request":
                    seen += len(message.get("body", b""))
                    if seen > limit:
                        raise _TooLarge
                return message

            started = False

            async def watched(message: dict[str, Any]) -> None:
                nonlocal started
                started = started or message.get("type") == "http.response.start"
                await send(message)

            try:
                await self.app(scope, counted, watched)
            except _TooLarge:
                if not started:
                    await _answer(send, 413, bilingual("body", size=round(seen / 2**20, 1), limit=limit // 2**20))
            return
        await self.app(scope, receive, send)

    def _recording(self, send: Callable[..., Any], client: str) -> Callable[..., Any]:
        """Remember the paths an upload's answer lists, as this client's."""
        chunks: list[bytes] = []
        state = {"ok": False}

        async def recording(message: dict[str, Any]) -> None:
            if message.get("type") == "http.response.start":
                state["ok"] = message.get("status") == 200
            elif message.get("type") == "http.response.body" and state["ok"]:
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    try:
                        paths = json.loads(b"".join(chunks))
                    except ValueError:
                        paths = []
                    if isinstance(paths, list):
                        self.uploads.record(client, [p for p in paths if isinstance(p, str)])
            await send(message)

        return recording


def temp_dir_is_private(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a folder only this user may enter (0700)."""
    return Path(path).is_dir() and (Path(path).stat().st_mode & 0o077) == 0
