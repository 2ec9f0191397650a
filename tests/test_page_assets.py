"""Gradio's content-hashed front-end files are served once by Gradio, then from memory and marked immutable
(server/assets.py): the middleware on a stand-in app that counts what reaches it, then the real app."""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import re
from typing import Any

import brotli
import httpx
import pytest

from server.assets import FrontEndCache

SCRIPT = ("export const greet = (name) => `안녕하세요, ${name}!`;\n" * 400).encode()
NAME = "/assets/Index-Bk2_x-9Q.js"


class StandIn:
    """An ASGI app that serves ``SCRIPT`` at ``NAME`` (404 elsewhere) and records every request it gets."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.encodings: list[bytes] = []

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        self.paths.append(scope["path"])
        self.encodings.append(dict(scope["headers"]).get(b"accept-encoding", b""))
        found = scope["path"].endswith(NAME)
        body = SCRIPT if found else b"Not found"
        await send({"type": "http.response.start", "status": 200 if found else 404,
                    "headers": [(b"content-type", b"text/javascript; charset=utf-8"), (b"etag", b'"v1"'),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class LikeFileResponse(StandIn):
    """Sends its 200 and length, then, as Starlette's ``FileResponse`` does while it streams, stops when the
    request's ``receive`` says the browser left (or cuts the body short with ``short``)."""

    def __init__(self, short: bool = False) -> None:
        super().__init__()
        self.short = short

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        self.paths.append(scope["path"])
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/javascript"), (b"content-length", str(len(SCRIPT)).encode())]})
        assert (await receive())["type"] == "http.request"
        gone = asyncio.ensure_future(receive())
        await asyncio.sleep(0)
        if gone.done() and gone.result()["type"] == "http.disconnect":
            return  # the browser left: nothing more is sent
        gone.cancel()
        await send({"type": "http.response.body", "body": SCRIPT[:100] if self.short else SCRIPT})


def left_at_once(app: Any, path: str) -> None:
    """A browser that asks for ``path`` and is gone before any answer (a page reloaded meanwhile)."""
    messages = iter([{"type": "http.request", "body": b"", "more_body": False}])

    async def receive() -> dict:
        return next(messages, {"type": "http.disconnect"})

    async def send(message: dict) -> None:
        pass

    scope = {"type": "http", "method": "GET", "path": path, "root_path": "", "headers": [(b"accept-encoding", b"br")]}
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()


def test_a_browser_leaving_during_the_first_answer_never_leaves_an_empty_file_kept() -> None:
    """A page reloaded while a file was on its way reached Gradio's file response, which stopped after its 200:
    the empty body was kept, and every later page got an empty module (a CI run's charts failed so)."""
    inner = LikeFileResponse()
    cache = FrontEndCache(inner)
    left_at_once(cache, NAME)
    [(answer, body)] = fetch(cache, (NAME, {"accept-encoding": "identity"}))
    assert body == SCRIPT and answer.headers["cache-control"].endswith("immutable")
    assert inner.paths == [NAME]  # the first browser's leaving was never told to Gradio: its answer was kept whole


def test_an_answer_shorter_than_its_length_is_passed_on_not_kept() -> None:
    inner = LikeFileResponse(short=True)
    answers = fetch(FrontEndCache(inner), (NAME, {}), (NAME, {}))
    assert [body for _, body in answers] == [SCRIPT[:100]] * 2 and inner.paths == [NAME, NAME]
    assert all("cache-control" not in response.headers for response, _ in answers)


def fetch(app: Any, *requests: tuple[str, dict[str, str]]) -> list[tuple[httpx.Response, bytes]]:
    """Each (path, headers) through ``app`` in order; each response with its bytes as sent (not decoded)."""

    async def run() -> list[tuple[httpx.Response, bytes]]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://class") as client:
            done = []
            for path, headers in requests:
                async with client.stream("GET", path, headers=headers) as response:
                    done.append((response, b"".join([chunk async for chunk in response.aiter_raw()])))
            return done

    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # a loop of its own: the browser tests' may be running
        return pool.submit(asyncio.run, run()).result()


def test_one_request_reaches_gradio_and_every_encoding_is_the_same_file() -> None:
    inner = StandIn()
    answers = fetch(FrontEndCache(inner), (NAME, {"accept-encoding": "gzip, deflate, br, zstd"}),
                    (NAME, {"accept-encoding": "gzip, deflate"}), (NAME, {"accept-encoding": "identity"}),
                    (NAME, {"accept-encoding": "br"}))
    assert inner.paths == [NAME] and inner.encodings == [b""]  # asked once, uncompressed
    (br, br_body), (gz, gz_body), (plain, plain_body), (again, again_body) = answers
    assert brotli.decompress(br_body) == gzip.decompress(gz_body) == plain_body == SCRIPT
    assert again_body == br_body
    assert [r.headers.get("content-encoding") for r, _ in answers] == ["br", "gzip", None, "br"]
    for response, body in answers:
        assert response.status_code == 200 and int(response.headers["content-length"]) == len(body)
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert response.headers["etag"] == '"v1"' and response.headers["content-type"].startswith("text/javascript")
        assert response.headers["vary"] == "Accept-Encoding"
    assert len(br_body) < len(SCRIPT) / 10


def test_a_browser_that_has_the_file_is_answered_not_modified() -> None:
    inner = StandIn()
    (first, _), (second, body) = fetch(FrontEndCache(inner), (NAME, {"accept-encoding": "br"}),
                                       (NAME, {"accept-encoding": "br", "if-none-match": '"v1"'}))
    assert (first.status_code, second.status_code, body) == (200, 304, b"")
    assert inner.paths == [NAME]


@pytest.mark.parametrize("path", [
    "/assets/index.js",  # no content hash in the name: it may change
    "/theme.css",
    "/assets/sub/Index-Bk2_x-9Q.js",  # only files straight under /assets/
    "/gradio_api/run-history/records/a/b" + NAME,  # another route that ends the same way (behind the login)
    "/assets/Index-Bk2_x-9Q.png",
])
def test_other_paths_go_to_gradio_every_time(path: str) -> None:
    inner = StandIn()
    answers = fetch(FrontEndCache(inner), (path, {"accept-encoding": "br"}), (path, {"accept-encoding": "br"}))
    assert inner.paths == [path, path] and inner.encodings == [b"br", b"br"]
    assert all("cache-control" not in r.headers for r, _ in answers)


def test_errors_ranges_and_files_past_the_cap_are_gradios_answers() -> None:
    inner = StandIn()
    missing = "/assets/Gone-abcdefgh.js"
    answers = fetch(FrontEndCache(inner), (missing, {}), (missing, {}), (NAME, {"range": "bytes=0-9"}))
    assert inner.paths == [missing, missing, NAME]
    assert [r.status_code for r, _ in answers] == [404, 404, 200]
    assert answers[0][1] == b"Not found" and "cache-control" not in answers[0][0].headers

    small = StandIn()
    answers = fetch(FrontEndCache(small, max_bytes=len(SCRIPT)), (NAME, {}), (NAME, {}))
    assert small.paths == [NAME, NAME]  # not kept: past the cap
    assert all(body == SCRIPT and "cache-control" not in r.headers for r, body in answers)


def test_the_real_page_loads_its_hashed_files_compressed_once_and_immutable(app_url: str) -> None:
    base = app_url.rstrip("/")
    html = httpx.get(base + "/").text
    names = sorted(set(re.findall(r"/assets/[A-Za-z0-9_.-]+-[A-Za-z0-9_-]{8}\.(?:js|css)", html)))
    assert names, "no hashed front-end file named in the page"
    with httpx.Client(base_url=base) as client:
        for name in names[:3]:
            first = client.get(name, headers={"accept-encoding": "br"})
            second = client.get(name, headers={"accept-encoding": "br"})
            plain = client.get(name, headers={"accept-encoding": "identity"})
            assert first.status_code == second.status_code == plain.status_code == 200
            assert first.headers["content-encoding"] == "br"  # once: Gradio's own compression left it alone
            assert first.headers["cache-control"] == "public, max-age=31536000, immutable"
            assert first.content == second.content == plain.content and plain.content
    theme = httpx.get(base + "/theme.css", headers={"accept-encoding": "br"})
    assert theme.status_code == 200 and "immutable" not in theme.headers.get("cache-control", "")
