"""Bad Wi-Fi: the Hub check is quick and remembered, cached models load without network waits, missing ones
fail in under 3 seconds naming the command that fetches them, and --prepare reports what it would fetch."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, launch
from playground.hub import HubStatus

SNAPSHOT = "0123456789abcdef0123456789abcdef01234567"


class Blackhole(str):
    """The endpoint's address; ``connections()`` counts every connection made to it so far (it stops accepting)."""

    def connections(self) -> int:
        self.stop.set()
        self.thread.join(5)
        self.server.setblocking(False)
        while True:  # connections the kernel completed but the thread had not accepted yet
            try:
                self.held.append(self.server.accept()[0])
            except OSError:
                return len(self.held)


@pytest.fixture
def blackhole() -> Iterator[Blackhole]:
    """An endpoint that accepts connections and never answers: the worst classroom network."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])  # keep it open, say nothing
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    hole = Blackhole(f"http://127.0.0.1:{server.getsockname()[1]}")
    hole.server, hole.held, hole.stop, hole.thread = server, held, stop, thread
    yield hole
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    server.close()


def test_offline_mode_is_answered_at_once(monkeypatch: pytest.MonkeyPatch, blackhole: str) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    status = HubStatus(blackhole)
    assert status.reachable() is False
    assert status.checks == 0 and blackhole.connections() == 0  # not even asked


@pytest.mark.timeout(60)  # a hang guard; what is proved: one check, one connection, for ten asking threads
def test_a_silent_endpoint_is_given_up_on_quickly_and_remembered(monkeypatch: pytest.MonkeyPatch,
                                                                  blackhole: str) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    status = HubStatus(blackhole, timeout_s=1.0)
    with_threads = [threading.Thread(target=status.reachable) for _ in range(10)]  # thirty students, one check
    for thread in with_threads:
        thread.start()
    for thread in with_threads:
        thread.join()
    assert status.reachable() is False
    assert status.checks == 1 and blackhole.connections() == 1


@pytest.mark.timeout(60)  # a hang guard: a refused connection is an answer, not a wait
def test_a_refused_endpoint_is_answered_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]  # bound, not listening: connections are refused
        status = HubStatus(f"http://127.0.0.1:{closed}")
        assert status.reachable() is False and status.checks == 1


def hub_layout_cache(root: Path, tiny_catalog_path: Path) -> Path:
    """The tiny Korean classifier stored as the Hub's cache would store ``tiny-org/sentiment-ko``."""
    repo = root / "hub" / "models--tiny-org--sentiment-ko"
    shutil.copytree(tiny_catalog_path.parent / "sentiment-ko", repo / "snapshots" / SNAPSHOT)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(SNAPSHOT, encoding="utf-8")
    catalog = {"version": 1, "tasks": {"sentiment": {"auto": True, "models": [
        {"id": "tiny-org/sentiment-ko", "name": "Cached tiny", "license": "mit", "languages": ["ko"],
         "params": "0.4M", "size_mb": 2, "default": ["cpu", "gpu"], "options": {"labels": ["negative", "positive"]}},
        {"id": "tiny-org/not-downloaded", "name": "Never fetched", "license": "mit", "languages": ["en"],
         "params": "1M", "size_mb": 3, "default": []},
    ]}}}
    path = root / "catalog.yaml"
    path.write_text(yaml.safe_dump(catalog), encoding="utf-8")
    return path


def run_python(code: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args] if not code else [sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180)


def network_env(tmp_path: Path, endpoint: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "HF_HUB_OFFLINE"}
    env.update(HF_HUB_CACHE=str(tmp_path / "hub"), HF_ENDPOINT=endpoint, PYTHONPATH=str(ROOT))
    return env


LOAD_BOTH = textwrap.dedent("""
    import json, sys
    from playground.catalog import load_catalog  # first, as app.py does: it sets the process's Hub settings
    import torch  # noqa: F401 - the libraries first, as the app imports them
    from transformers import AutoTokenizer, ElectraForSequenceClassification  # noqa: F401
    from playground.device import detect
    from playground.engine import Engine
    from playground.tasks import sentiment
    from playground.errors import ModelUnavailable
    engine = Engine(load_catalog(sys.argv[1] if len(sys.argv) > 1 else "catalog.yaml"), detect("cpu"))
    cached = sentiment.analyze_text(engine, "이 영화 정말 재밌어요", "tiny-org/sentiment-ko")
    try:
        sentiment.analyze_text(engine, "good film", "tiny-org/not-downloaded")
        message = None
    except ModelUnavailable as exc:
        message = exc.message("en") + "\\n" + exc.message("ko")
    print(json.dumps({"label": cached.label, "message": message}))
""")


@pytest.mark.parametrize("network", ["silent endpoint", "offline mode"])
def test_cached_loads_and_missing_fails_without_waiting_on_the_network(tmp_path: Path, tiny_catalog_path: Path,
                                                                  blackhole: str, network: str) -> None:
    catalog = hub_layout_cache(tmp_path, tiny_catalog_path)
    env = network_env(tmp_path, blackhole)
    if network == "offline mode":
        env["HF_HUB_OFFLINE"] = "1"
    done = run_python(LOAD_BOTH.replace('sys.argv[1] if len(sys.argv) > 1 else "catalog.yaml"', repr(str(catalog))),
                      env)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["label"] in {"negative", "positive"}
    # Without the check, transformers would wait on the silent endpoint (its 10 s timeouts and retries): here the
    # endpoint hears one reachability check at most, and nothing at all in offline mode. (Times: benchmarks.)
    assert blackhole.connections() == (0 if network == "offline mode" else 1), result
    assert "Never fetched (tiny-org/not-downloaded)" in result["message"]
    assert "python app.py --prepare tiny-org/not-downloaded" in result["message"]
    assert "다른 탭은 그대로" in result["message"]


def test_prepare_reports_what_it_would_fetch_and_verifies_what_is_cached(tmp_path: Path,
                                                                         tiny_catalog_path: Path) -> None:
    catalog = hub_layout_cache(tmp_path, tiny_catalog_path)
    env = network_env(tmp_path, "http://127.0.0.1:9")
    env["HF_HUB_OFFLINE"] = "1"
    done = subprocess.run([sys.executable, "app.py", "--catalog", str(catalog), "--prepare", "tiny-org/sentiment-ko",
                           "tiny-org/not-downloaded"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    out = done.stdout
    assert done.returncode == 1, out  # not everything is ready
    assert "the Hugging Face Hub is NOT reachable" in out
    summary = out[out.index("\nmodel "):]  # the table printed last
    cached_row = next(line for line in summary.splitlines() if line.startswith("tiny-org/sentiment-ko "))
    assert "cached" in cached_row and "MB" in cached_row and cached_row.rstrip().endswith("yes")
    missing_row = next(line for line in summary.splitlines() if line.startswith("tiny-org/not-downloaded "))
    assert "would fetch" in missing_row
    assert "about 3 MB once the Hub can be reached" in out
    assert "1 of 2 ready" in out


def test_prepare_on_the_tiny_catalog_verifies_every_model(tiny_catalog_path: Path) -> None:
    done = subprocess.run([sys.executable, "app.py", "--catalog", str(tiny_catalog_path), "--prepare"], cwd=ROOT,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    from playground.catalog import load_catalog

    catalog = load_catalog(tiny_catalog_path)
    defaults = {e.id for task in catalog.models for e in catalog.defaults(task, "cpu")}
    assert f"{len(defaults)} of {len(defaults)} ready" in done.stdout  # every tab's default models
    assert done.stdout.count("local folder") >= len(defaults) and "loads" in done.stdout


def test_prepare_refuses_a_model_outside_the_catalog(tiny_catalog_path: Path) -> None:
    done = subprocess.run([sys.executable, "app.py", "--catalog", str(tiny_catalog_path), "--prepare", "evil/model"],
                          cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 2
    assert "'evil/model' is not in this playground's catalog" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_tab_reports_a_missing_model_at_once_and_keeps_working(tmp_path: Path, tiny_catalog_path: Path) -> None:
    """Through the app's API, as a student's page would see it (HF_HUB_OFFLINE=1 in the tests)."""
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    from app import build_app
    from playground.catalog import load_catalog
    from playground.device import detect
    from playground.engine import Engine

    raw = yaml.safe_load(tiny_catalog_path.read_text(encoding="utf-8"))
    models = raw["tasks"]["sentiment"]["models"]
    for model in models:
        model["path"] = str(tiny_catalog_path.parent / model["path"])
    models.append({"id": "tiny-org/not-downloaded", "name": "Never fetched", "license": "mit", "languages": ["en"],
                   "params": "1M", "size_mb": 3, "default": []})
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "tasks": {"sentiment": raw["tasks"]["sentiment"]}}),
                    encoding="utf-8")
    engine = Engine(load_catalog(path), detect("cpu"))
    demo = build_app(engine)
    launch(demo, prevent_thread_lock=True, quiet=True)
    try:
        client = Client(demo.local_url, verbose=False)
        with pytest.raises(AppError, match="python app.py --prepare tiny-org/not-downloaded"):
            client.predict("good film", "tiny-org/not-downloaded", api_name="/sentiment")  # offline: nothing waited on
        assert client.predict("good film", "tiny/sentiment-en", api_name="/sentiment")["label"]
        client.close()
    finally:
        demo.close()
    from tabs.system import render

    panel = render(engine)
    assert ("| `tiny-org/not-downloaded` | Sentiment | ⬇️ not downloaded yet (`python app.py --prepare` downloads it "
            "before class) | - |") in panel  # plain words: a model not downloaded yet is not an error
    assert "| `tiny/sentiment-en` | Sentiment | 📁 yes, a folder on this computer |" in panel
    assert "not reachable" in panel  # HF_HUB_OFFLINE=1


def test_downloads_skip_duplicate_weights() -> None:
    from playground.hub import ignore_patterns

    transformers_repo = ["config.json", "model.safetensors", "pytorch_model.bin", "tokenizer.json"]
    assert ignore_patterns(transformers_repo) == ["*.bin", "*.pt", "*.pth"]
    assert ignore_patterns(["config.json", "pytorch_model.bin"]) == []  # the only weights: kept
    diffusers_repo = ["model_index.json", "sd_turbo.safetensors", "unet/diffusion_pytorch_model.safetensors",
                      "vae/diffusion_pytorch_model.safetensors", "text_encoder/model.safetensors"]
    skipped = ignore_patterns(diffusers_repo)
    assert "sd_turbo.safetensors" in skipped  # the single-file checkpoint at the top
    assert not any(p.startswith(("unet", "vae", "text_encoder")) for p in skipped)
