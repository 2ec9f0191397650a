"""Issue 17, engine side: attacks that must not lock out, stall or fill the class's server.

Each test here failed on the code before the fix it names.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# -- 0. concurrent first loads of different models --------------------------------------------------------------
_PARALLEL_LOADS = r"""
import json, os, sys, threading
sys.path.insert(0, ".")
from playground.catalog import load_catalog
from playground.device import detect
from playground.engine import Engine

catalog = load_catalog(sys.argv[1])
entries = [e for task in ("chat", "sentiment", "summarize", "translate") for e in catalog.entries(task)]
failures = []
for _ in range(int(sys.argv[2])):
    engine = Engine(catalog, detect("cpu"))  # a fresh cache: every model is a first load again
    barrier = threading.Barrier(len(entries))

    def load(entry):
        barrier.wait()
        try:
            engine.model(entry)
        except Exception as exc:
            failures.append(f"{entry.key}: {exc.__cause__!r}"[:200])

    threads = [threading.Thread(target=load, args=(e,)) for e in entries]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
print(json.dumps({"loads": len(entries), "failures": failures}))
"""


def test_every_text_model_loads_from_parallel_threads(tiny_catalog_path):
    """A fresh process (transformers' lazy imports not yet done) loads all text models at once, three rounds."""
    done = subprocess.run([sys.executable, "-c", _PARALLEL_LOADS, str(tiny_catalog_path), "3"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["loads"] >= 5
    assert result["failures"] == []


def test_first_calls_of_a_fresh_app_at_the_same_moment(catalog):
    """The first minute of a class: /translate both ways, /summarize, /sentiment and /chat fired together."""
    from gradio_client import Client

    from app import build_app
    from conftest import free_port
    from playground.device import detect
    from playground.engine import Engine
    from tabs.i18n import I18N

    demo = build_app(Engine(catalog, detect("cpu")))
    demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True, quiet=True,
                i18n=I18N, max_threads=64)
    calls = [
        ("/translate", ("안녕하세요. 반갑습니다.", "ko", "en"), {}),
        ("/translate", ("Good morning. Nice to meet you.", "en", "ko"), {}),
        ("/summarize", ("도서관은 아홉 시에 문을 엽니다. 학생들은 책을 빌립니다. " * 3,), {}),
        ("/sentiment", ("정말 재밌어요",), {}),
        ("/chat", ("hello",), {"max_new_tokens": 5}),
    ]
    try:
        clients = [Client(demo.local_url, verbose=False) for _ in calls]
        barrier = threading.Barrier(len(calls))
        errors: list[str] = []

        def call(client, api, args, kwargs):
            barrier.wait()
            try:
                assert client.predict(*args, api_name=api, **kwargs)
            except Exception as exc:  # noqa: BLE001 - collected for the assertion below
                errors.append(f"{api} {args[1:]}: {exc}"[:300])

        threads = [threading.Thread(target=call, args=(c, *spec)) for c, spec in zip(clients, calls, strict=True)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        assert errors == []
        for c in clients:
            c.close()
    finally:
        demo.close()
