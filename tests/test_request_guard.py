"""The request guard (``server.guard.RequestGuard``) on its own, around a stand-in app, in process: uploads paced
and capped per client and remembered as theirs (what the MCP gate checks), request bodies capped as they come."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from conftest import run_async
from server.guard import RequestGuard, Uploads


def _stand_in(folder: Path):
    """A tiny ASGI app: ``/gradio_api/upload`` writes the body to a file and answers its path, as Gradio does;
    ``/gradio_api/queue/join`` answers the body's size."""
    count = 0

    async def app(scope, receive, send):
        nonlocal count
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        if scope["path"].startswith("/gradio_api/upload"):
            count += 1
            path = folder / f"upload{count}.bin"
            path.write_bytes(body)
            answer = json.dumps([str(path)]).encode()
        else:
            answer = json.dumps({"size": len(body)}).encode()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": answer})

    return app


def _post(app, path: str, body: bytes, peer: str = "10.0.0.5") -> httpx.Response:
    async def run() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, client=(peer, 1234))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            return await http.post(path, content=body)

    return run_async(run())


def test_uploads_are_paced_and_capped_per_client_and_remembered_as_theirs(tmp_path):
    """/gradio_api/upload took 348 MB/s from one address with no total cap. Now a client's burst of bytes,
    then a wait (429, both languages); files kept count against the client's total until they are removed; each
    upload is remembered as its client's (what the MCP gate checks), another client's path is not theirs."""
    uploads = Uploads(per_minute=1 * 2**20, burst=1 * 2**20, total=3 * 2**20)
    app = RequestGuard(_stand_in(tmp_path), uploads=uploads)
    chunk = b"x" * (512 * 1024)
    first = _post(app, "/gradio_api/upload", chunk)
    second = _post(app, "/gradio_api/upload", chunk)
    assert first.status_code == second.status_code == 200
    paced = _post(app, "/gradio_api/upload", chunk)
    assert paced.status_code == 429 and "기다린" in paced.json()["detail"]
    assert _post(app, "/gradio_api/upload", chunk, peer="10.0.0.6").status_code == 200  # another client
    path = first.json()[0]
    assert "10.0.0.5|" in uploads.owner_of(path) and "10.0.0.6|" not in uploads.owner_of(path)
    assert uploads.held("10.0.0.5|") == 2 * len(chunk)
    big = Uploads(per_minute=100 * 2**20, burst=100 * 2**20, total=1 * 2**20)
    capped = RequestGuard(_stand_in(tmp_path), uploads=big)
    assert _post(capped, "/gradio_api/upload", chunk).status_code == 200
    assert _post(capped, "/gradio_api/upload", chunk).status_code == 200
    refused = _post(capped, "/gradio_api/upload", chunk)
    assert refused.status_code == 429 and "MB" in refused.json()["detail"]
    for name in tmp_path.glob("upload*.bin"):  # Gradio's hourly clean-up removes them: room again
        name.unlink()
    assert _post(capped, "/gradio_api/upload", chunk).status_code == 200


def test_a_body_without_a_length_is_counted_as_it_comes(tmp_path):
    """A chunked body (no Content-Length) over the cap is cut off with 413; under it, it passes whole."""
    app = RequestGuard(_stand_in(tmp_path), max_body=1024 * 1024)

    async def run(size: int) -> httpx.Response:
        async def chunks():
            for _ in range(size // 65_536):
                yield b"a" * 65_536

        transport = httpx.ASGITransport(app=app, client=("10.0.0.5", 1))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            return await http.post("/gradio_api/queue/join", content=chunks())

    assert run_async(run(512 * 1024)).json() == {"size": 512 * 1024}
    assert run_async(run(2 * 1024 * 1024)).status_code == 413
