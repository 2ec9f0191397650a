"""Hub dataset calls (the Datasets tab's dataset viewer and card requests) send no token by default: a student must
not read, through the server, a private or gated dataset the teacher's token can. The teacher may opt in with
``PLAYGROUND_HUB_DATASETS_TOKEN=1``; then the server's token goes to the Hub, and only there.
"""

from __future__ import annotations

import http.server
import json
import threading

import huggingface_hub.constants
import pytest

from playground import hub as core_hub
from playground.data import browser


# -- a stand-in Hub that logs every Authorization header ---------------------------------------------------------------
@pytest.fixture
def fake_hub(monkeypatch):
    """A Hub and dataset viewer on loopback that log every Authorization header they get."""
    seen: list[tuple[str, str | None]] = []
    answers = {
        "/api/datasets/teacher/private-grades": {"id": "teacher/private-grades", "private": True, "gated": False,
                                                  "siblings": [], "cardData": {"license": "cc0-1.0"}},
        "/splits": {"splits": [{"config": "default", "split": "train"}]},
        "/info": {"dataset_info": {"features": {"text": {"_type": "Value", "dtype": "string"}},
                                   "splits": {"train": {"num_examples": 1}}}},
        "/rows": {"features": [{"name": "text", "type": {"_type": "Value", "dtype": "string"}}],
                  "rows": [{"row": {"text": "grade A"}}], "num_rows_total": 1},
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self, body: bool) -> None:
            path = self.path.split("?", 1)[0]
            seen.append((path, self.headers.get("authorization")))
            found = next((v for k, v in answers.items() if path == k or path.startswith(k + "/revision")), None)
            data = json.dumps(found if found is not None else {}).encode()
            self.send_response(200 if found is not None or path.startswith("/api/models") else 404)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            if body:
                self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self._answer(True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._answer(False)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("HF_ENDPOINT", url)
    monkeypatch.setenv("HF_DATASETS_SERVER", url)
    monkeypatch.setenv("HF_TOKEN", "hf_fakeTeacherTokenThatMustNotLeave123")
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(huggingface_hub.constants, "ENDPOINT", url)
    monkeypatch.setattr(core_hub, "_STATUS", None)
    monkeypatch.setattr(browser, "_HUB_INFO", {})
    yield seen
    server.shutdown()


def test_hub_dataset_calls_send_no_token_by_default(fake_hub, monkeypatch):
    monkeypatch.delenv("PLAYGROUND_HUB_DATASETS_TOKEN", raising=False)
    info = browser.dataset_info("teacher/private-grades")
    assert info.num_rows == 1 and browser.dataset_rows("teacher/private-grades").rows
    called = {path for path, _ in fake_hub}
    assert {"/splits", "/info", "/rows"} <= called and any(p.startswith("/api/datasets/") for p in called)
    assert [(path, auth) for path, auth in fake_hub if auth] == []


def test_the_teacher_may_opt_in_to_the_servers_token(fake_hub, monkeypatch):
    monkeypatch.setenv("PLAYGROUND_HUB_DATASETS_TOKEN", "1")
    browser.dataset_info("teacher/private-grades")
    sent = {auth for path, auth in fake_hub if path != "/api/models"}
    assert sent == {"Bearer hf_fakeTeacherTokenThatMustNotLeave123"}
