"""Hardening, second round, the request guard on its own (``server.guard.RequestGuard`` around a stand-in app, in
process): uploads paced and capped per client and remembered as theirs (F7), bodies capped (F4)."""

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
    """F7: /gradio_api/upload took 348 MB/s from one address with no total cap. Now a client's burst of bytes,
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
    """F4: a chunked body (no Content-Length) over the cap is cut off with 413; under it, it passes whole."""
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


_TEMP_RUN = r"""
import json, os, runpy, stat, sys
sys.argv = ["app.py", "--help"]
try:
    runpy.run_path("app.py", run_name="__main__")
except SystemExit:
    pass
import gradio.mcp, gradio.route_utils
folder = os.environ["GRADIO_TEMP_DIR"]
probe = os.path.join(folder, "probe.txt")
open(probe, "w").close()
print(json.dumps({"folder": folder, "mode": stat.S_IMODE(os.stat(folder).st_mode),
                  "file_mode": stat.S_IMODE(os.stat(probe).st_mode),
                  "constants": [gradio.mcp.DEFAULT_TEMP_DIR, gradio.route_utils.DEFAULT_TEMP_DIR]}))
"""


def test_the_app_keeps_gradios_files_in_a_private_folder(tmp_path):
    """F13: Gradio's temp folder was world-readable and shared by every Gradio process. ``python app.py`` now
    points GRADIO_TEMP_DIR at a 0700 folder of its own before Gradio is imported (so Gradio's import-time
    constants follow), and writes its files 0600."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    env = {k: v for k, v in os.environ.items() if k != "GRADIO_TEMP_DIR"}
    done = subprocess.run([sys.executable, "-c", _TEMP_RUN], cwd=root, capture_output=True, text=True, timeout=300,
                          env={**env, "TMPDIR": str(tmp_path), "HF_HUB_OFFLINE": "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["folder"].startswith(str(tmp_path)) and found["mode"] == 0o700 and found["file_mode"] == 0o600
    assert found["constants"] == [found["folder"]] * 2


def test_a_teachers_own_temp_folder_is_made_private(tmp_path, monkeypatch):
    from server.tempdir import use_private_temp_dir

    chosen = tmp_path / "mine"
    chosen.mkdir(mode=0o755)
    chosen.chmod(0o755)
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(chosen))
    assert use_private_temp_dir(umask=False) == chosen and (chosen.stat().st_mode & 0o777) == 0o700


def test_a_new_session_builds_component_configs_on_first_read_and_they_equal_gradios():
    """Issue 26 item 7: Gradio built every component's config when a session started (about 40 ms of server CPU
    per new session with the playground's components). Now each is built when read; read, they equal what
    Gradio's own start of a session gives (every component, in order), after the same updates too."""
    import gradio as gr
    from gradio.state_holder import SessionState

    from server import gradio_private

    gradio_private.lazy_session_configs()
    gradio_private.lazy_session_configs()  # once: a second call wraps nothing twice
    with gr.Blocks() as demo:
        text = gr.Textbox(value="hello", label="text")
        label = gr.Label(label="result")
        gr.Dropdown(choices=["a", "b"], value="a")
    lazy = SessionState(demo)
    eager = SessionState.__new__(SessionState)
    SessionState.__init__.original(eager, demo)
    assert isinstance(lazy.config_values, gradio_private.LazyConfigs)
    assert all(v is gradio_private._PENDING for v in lazy.config_values._values.values())  # nothing built yet
    assert len(eager.config_values) > 3 and list(lazy.config_values) == list(eager.config_values)
    for state in (lazy, eager):  # what an event does to its session: inputs and outputs
        state[text._id] = gr.Textbox(value="changed", render=False)
        state._update_value_in_config(text._id, "typed")
        state._update_value_in_config(label._id, {"label": "positive"})
    assert dict(lazy.config_values) == dict(eager.config_values)
    assert lazy.config_values[text._id]["props"]["value"] == "typed"
    assert list(lazy.components) == list(eager.components)  # what a deep link reads: all of them
    assert SessionState(demo).config_values[text._id]["props"]["value"] == "hello"  # another session: the app's
