"""Classroom features on running apps: the rate limit through the API, separate pools for generation and
sentiment, a cancel that stays private, logins from an accounts file, the token kept out of errors and logs,
and ``python app.py --share`` on a machine without internet."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from app_process import AppProcess
from gradio_client import Client
from gradio_client.exceptions import AppError

from conftest import free_port, launch
from playground.classroom import redaction
from playground.classroom.ratelimit import RateLimiter
from server import share as server_share
from server.fairuse import Classroom

FAKE_TOKEN = "hf_" + "Zz9" * 10  # the shape of a real token, not a real one
LONG_CHAT = {"max_new_tokens": 400, "temperature": 0}


@contextmanager
def running_app(catalog, fairness: Classroom | None = None, **options: object) -> Iterator[str]:
    """The whole app in-process on a free port, with its own engine and classroom settings."""
    from app import build_app
    from playground.device import detect
    from playground.engine import Engine
    from tabs.i18n import I18N

    demo = build_app(Engine(catalog, detect("cpu")), fairness=fairness)
    launch(demo, prevent_thread_lock=True, quiet=True, i18n=I18N, max_threads=128, max_file_size="25mb", **options)
    try:
        yield demo.local_url.rstrip("/")
    finally:
        demo.close()


def test_the_rate_limit_refuses_politely_through_the_api_and_only_that_student(catalog) -> None:
    fairness = Classroom(limiter=RateLimiter(per_minute=2, burst=2))  # a new action every 30 s after two
    with running_app(catalog, fairness) as url:
        eager, calm = Client(url, verbose=False), Client(url, verbose=False)
        assert calm.predict("warm up", api_name="/sentiment")["label"]  # loads the models (calm's first action)
        assert eager.predict("좋아요", api_name="/sentiment")["label"]
        assert eager.predict("good", api_name="/sentiment")["label"]
        with pytest.raises(AppError) as caught:
            eager.predict("again", api_name="/sentiment")
        text = str(caught.value)
        wait = int(re.search(r"Wait (\d+) s", text).group(1))
        assert 20 <= wait <= 30 and f"{wait}초 기다린 뒤" in text and "2 per minute" in text
        with pytest.raises(AppError, match="Too many requests"):
            eager.predict("hi", max_new_tokens=5, api_name="/chat")  # one allowance across every tab
        assert calm.predict("좋아요", api_name="/sentiment")["label"]  # another student is not affected
        assert fairness.limiter is not None and fairness.limiter.refused == 2
        for client in (eager, calm):
            client.close()


def test_a_long_chat_never_blocks_sentiment_and_a_cancel_frees_only_its_own_slot(catalog, cancel_held) -> None:
    """One generation slot: two long chats (one running, one waiting) while a third student analyses a review.
    The running chat is held open (``held_answers``) until its cancel, so sentiment answering at all proves it is
    not queued behind the chats (no stopwatch needed)."""
    from tabs import chat

    fairness = Classroom(concurrency={"gpu": 1, "cpu": 8, "bulk": 1})
    with running_app(catalog, fairness) as url:
        a, b, c = (Client(url, verbose=False) for _ in range(3))
        assert c.predict("warm up", api_name="/sentiment")["label"]  # load the sentiment model first
        first = a.submit("첫 번째 학생입니다", api_name="/chat", **LONG_CHAT)
        next(first)  # the first chat is streaming (a Job's iterator blocks until its next output)
        second = b.submit("second student here", api_name="/chat", **LONG_CHAT)  # waits for the only GPU slot
        for _ in range(3):  # answered while the first chat is held open: sentiment is not behind the chats
            assert c.predict("이 영화 최고예요", api_name="/sentiment")["label"]
        assert not first.done(), "the chat should still be running while sentiment answered"
        assert not second.outputs(), "the second chat waits for the generation slot"
        cancel_held(first)  # the first student's cancel frees the slot for the second one, and ends only their job
        answer = second.result(timeout=120)
        stopped = first.outputs()[-1] if first.outputs() else ""
        # Greedy answers are deterministic: the second student got their whole answer, the first one a cut one.
        # (Comparing the two answers' lengths was flaky: they answer different messages.)
        assert answer and answer == b.predict("second student here", api_name="/chat", **LONG_CHAT)
        assert len(stopped) < len(a.predict("첫 번째 학생입니다", api_name="/chat", **LONG_CHAT))
        assert not len(chat.STOPS)  # no per-session stop switch is left behind
        for client in (a, b, c):
            client.close()


def test_logins_from_an_accounts_file_page_and_api(catalog, tmp_path: Path) -> None:
    from playground.classroom.accounts import read_accounts

    file = tmp_path / "accounts.txt"
    file.write_text("# class 3-2\nteacher:s3cret\nstudent01:pw:1\n", encoding="utf-8")
    with running_app(catalog, auth=read_accounts(file)) as url:
        refused = httpx.post(f"{url}/login", data={"username": "student01", "password": "pw"})
        assert refused.status_code == 400
        assert httpx.post(f"{url}/gradio_api/call/sentiment", json={"data": ["좋아요"]}).status_code in (401, 403)
        with pytest.raises(ValueError):
            Client(url, auth=("teacher", "pw:1"), verbose=False)  # another account's password
        for account in (("teacher", "s3cret"), ("student01", "pw:1")):
            client = Client(url, auth=account, verbose=False)
            assert client.predict("좋아요", api_name="/sentiment")["label"]
            client.close()


def test_the_token_never_reaches_an_error_or_a_log(catalog, monkeypatch: pytest.MonkeyPatch, caplog,
                                                   capsys) -> None:
    from playground.tasks import sentiment

    monkeypatch.setenv("HF_TOKEN", FAKE_TOKEN)

    def leaky(*_: object, **__: object) -> None:
        raise RuntimeError(f"GET https://huggingface.co/api?token={FAKE_TOKEN} failed")

    monkeypatch.setattr(sentiment, "analyze_text", leaky)
    undo = redaction.install()
    try:
        with running_app(catalog) as url, caplog.at_level(logging.INFO):
            client = Client(url, verbose=False)
            errors = []
            with pytest.raises(AppError) as caught:  # an unexpected failure whose text holds the token
                client.predict("좋아요", api_name="/sentiment")
            errors.append(str(caught.value))
            with pytest.raises(AppError) as caught:  # the token typed as a model name
                client.predict("좋아요", model=FAKE_TOKEN, api_name="/sentiment_many")
            errors.append(str(caught.value))
            client.close()
    finally:
        undo()
    assert "Something went wrong (RuntimeError)" in errors[0] and "hf_***" in errors[1]
    assert not any(FAKE_TOKEN in e for e in errors)
    assert "unexpected error" in caplog.text  # the failure was logged, with its traceback ...
    logged = caplog.text + "".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert FAKE_TOKEN not in logged and "token=hf_***" in logged  # ... without the token
    out, err = capsys.readouterr()
    assert FAKE_TOKEN not in out + err


def test_share_without_internet_says_why_and_keeps_serving(tiny_catalog_path: Path, tmp_path: Path) -> None:
    """The real case on an offline machine: no share server. A blackholed custom server must not hang either, and
    Gradio's own "set share=True in launch()" hint is not printed (with --mcp, Gradio prints its MCP address
    right after the point where it prints that hint, so once that line is read the hint would have been too)."""
    port = free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False", "HF_TOKEN": FAKE_TOKEN,
           "GRADIO_SHARE_SERVER_ADDRESS": "192.0.2.1:7000"}  # TEST-NET-1: nothing answers there
    with AppProcess(["--catalog", str(tiny_catalog_path), "--port", str(port), "--share", "--mcp"], env) as app:
        assert app.wait_for("Running on local URL"), app.text()  # printed once the server answers
        assert app.wait_for("Streamable HTTP URL"), app.text()
        client = Client(f"http://127.0.0.1:{port}", verbose=False)
        with pytest.raises(AppError) as caught:
            client.predict("좋아요", FAKE_TOKEN, api_name="/sentiment")
        assert client.predict("좋아요", api_name="/sentiment")["label"]
        client.close()
    text = app.text()
    assert "No public link: the share server 192.0.2.1:7000 does not answer" in text
    assert "공개 링크를 만들 수 없습니다" in text
    assert "Running on local URL" in text and "share=True" not in text, text
    assert FAKE_TOKEN not in text and FAKE_TOKEN not in str(caught.value)


@pytest.mark.timeout(60)  # a hang guard: offline, the check answers after its own 2 s timeout
def test_share_check_against_gradios_own_server(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """Without a custom server the check asks api.gradio.app: on this offline machine it answers within seconds
    with the reason; online it allows the share (and prints nothing)."""

    monkeypatch.delenv("GRADIO_SHARE_SERVER_ADDRESS", raising=False)
    allowed = server_share.can_share(True, timeout_s=2.0)
    printed = capsys.readouterr().out
    assert allowed or ("No public link" in printed and "api.gradio.app" in printed)
    assert not allowed or printed == ""
