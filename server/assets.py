"""Gradio's built front-end files, served once and then from memory, and cached by the browser for good.

Every page of the app loads about 120 of Gradio's built files (``/assets/<name>-<hash>.js`` / ``.css``). Gradio
serves each from disk and compresses it again on every request (its Brotli middleware, quality 4): about 200 ms
of server CPU per page load, so a class of thirty opening the link at once costs six seconds of it. Gradio sends
no ``Cache-Control`` either; a browser keeps the files only as long as its own guess from ``Last-Modified`` allows.

The names carry a hash of their content (Vite's build), so a name always means the same bytes: this middleware
asks Gradio's own route for a file once (a normal request through the app, nothing private), keeps the bytes and
their Brotli and gzip forms in memory (at most ``limits.ASSET_CACHE_MAX_BYTES`` in all), and answers the next
requests itself with ``Cache-Control: public, max-age=31536000, immutable``. Anything else (other paths, HEAD,
ranges, errors, a file past the cap) goes to Gradio as before. A response that already names its encoding passes
Gradio's compression middleware untouched.
"""

from __future__ import annotations

import asyncio
import gzip
import re
from dataclasses import dataclass, field
from typing import Any

import brotli

from playground import limits
from server.guard import route_path

# Gradio's built files: /assets/<name>-<8-character content hash>.js or .css, straight under /assets/.
HASHED = re.compile(r"/assets/[A-Za-z0-9_.-]+-[A-Za-z0-9_-]{8}\.(?:js|css)")
FOREVER = b"public, max-age=31536000, immutable"
BROTLI_QUALITY = 5  # once per file: smaller than Gradio's per-request quality 4, still a few ms for the largest
KEPT_HEADERS = (b"content-type", b"etag", b"last-modified")


@dataclass
class _File:
    headers: list[tuple[bytes, bytes]]
    plain: bytes
    encoded: dict[str, bytes] = field(default_factory=dict)  # "br" / "gzip" -> the compressed bytes

    def body(self, encoding: str) -> bytes:
        if encoding not in self.encoded:
            if encoding == "br":
                self.encoded[encoding] = brotli.compress(self.plain, quality=BROTLI_QUALITY,
                                                         mode=brotli.MODE_TEXT)
            else:
                self.encoded[encoding] = gzip.compress(self.plain, compresslevel=6, mtime=0)
        return self.encoded[encoding]


def _encoding(headers: dict[bytes, bytes]) -> str:
    """The encoding to answer with: Brotli where the browser takes it, else gzip, else none."""
    accepted = {part.split(b";")[0].strip() for part in headers.get(b"accept-encoding", b"").lower().split(b",")}
    return "br" if b"br" in accepted else "gzip" if b"gzip" in accepted else ""


class FrontEndCache:
    """ASGI middleware: Gradio's content-hashed front-end files from memory, marked immutable (see the module)."""

    def __init__(self, app: Any, max_bytes: int | None = None) -> None:
        self.app = app
        self.max_bytes = limits.ASSET_CACHE_MAX_BYTES if max_bytes is None else max_bytes
        self._files: dict[str, _File] = {}  # touched only from the server's event loop
        self._held = 0  # bytes reserved: three times each kept file (plain, and room for its two encodings)

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        path = route_path(scope) if scope.get("type") == "http" and scope.get("method") == "GET" else ""
        if not HASHED.fullmatch(path):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if b"range" in headers:
            await self.app(scope, receive, send)
            return
        kept = self._files.get(path)
        if kept is None:
            kept = await self._fetch(path, scope, receive, send)
            if kept is None:
                return  # answered by Gradio (not cacheable, or past the cap)
        await self._answer(kept, headers, send)

    async def _fetch(self, path: str, scope: dict, receive: Any, send: Any) -> _File | None:
        """Gradio's own answer for ``path``, asked without compression; kept when it is a whole 200 response (every
        byte its ``content-length`` announced) that fits the cap, else sent on to the browser as it came.

        The file is asked for every later browser, so the browser asking first is not told to Gradio: a page
        reloaded while the file was on its way used to reach Starlette's ``FileResponse``, which stops sending
        on a disconnect after its 200 and its length had gone out. The empty body was kept, and every page after
        it got an empty module (charts failed with "does not provide an export named 't'")."""
        plain_scope = {**scope, "headers": [(k, v) for k, v in scope.get("headers") or []
                                            if k.lower() not in (b"accept-encoding", b"if-none-match",
                                                                 b"if-modified-since")]}
        start: dict[str, Any] = {}
        parts: list[bytes] = []
        ended = asyncio.Event()  # the whole answer is in
        asked = False

        async def request_only() -> dict:
            nonlocal asked
            if not asked:  # a GET: no body
                asked = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await ended.wait()  # never a disconnect while the answer is on its way
            return {"type": "http.disconnect"}

        async def collect(message: dict) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
                if not message.get("more_body", False):
                    ended.set()

        try:
            await self.app(plain_scope, request_only, collect)
        finally:
            ended.set()
        body = b"".join(parts)
        raw = [(k.lower(), v) for k, v in start.get("headers") or []]
        length = dict(raw).get(b"content-length")
        whole = (start.get("status") == 200 and not any(k in (b"content-encoding", b"set-cookie") for k, _ in raw)
                 and length is not None and length.isdigit() and int(length) == len(body))
        if path in self._files:  # a concurrent first request kept it meanwhile
            return self._files[path]
        if whole and self._held + 3 * len(body) <= self.max_bytes:
            self._held += 3 * len(body)  # each encoding is smaller than the text it encodes
            kept = self._files[path] = _File([(k, v) for k, v in raw if k in KEPT_HEADERS], body)
            return kept
        await send({**start, "headers": [(k, str(len(body)).encode() if k == b"content-length" else v)
                                         for k, v in raw]})
        await send({"type": "http.response.body", "body": body})
        return None

    async def _answer(self, kept: _File, headers: dict[bytes, bytes], send: Any) -> None:
        etag = dict(kept.headers).get(b"etag")
        common = [*kept.headers, (b"cache-control", FOREVER), (b"vary", b"Accept-Encoding")]
        if etag and headers.get(b"if-none-match") == etag:
            await send({"type": "http.response.start", "status": 304, "headers": common})
            await send({"type": "http.response.body", "body": b""})
            return
        encoding = _encoding(headers)
        if encoding:
            body = kept.body(encoding)
            common.append((b"content-encoding", encoding.encode()))
        else:
            body = kept.plain
        await send({"type": "http.response.start", "status": 200,
                    "headers": [*common, (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
