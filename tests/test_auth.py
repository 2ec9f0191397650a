"""A shared link can require a password: the page and the API refuse the wrong one."""

from __future__ import annotations

import httpx
import pytest
from gradio_client import Client

from app import build_app, parse_args
from conftest import launch


def test_auth_option_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    assert parse_args(["--auth", "teacher:s3cret:with:colons"]).auth == "teacher:s3cret:with:colons"
    monkeypatch.setenv("PLAYGROUND_AUTH", "teacher:from-env")
    assert parse_args([]).auth == "teacher:from-env"


def test_wrong_password_is_refused_page_and_api(catalog) -> None:
    from playground.device import detect
    from playground.engine import Engine

    demo = build_app(Engine(catalog, detect("cpu")))
    launch(demo, prevent_thread_lock=True, quiet=True,
           auth=("teacher", "s3cret"))
    url = demo.local_url.rstrip("/")
    try:
        assert httpx.post(f"{url}/login", data={"username": "teacher", "password": "wrong"}).status_code == 400
        denied = httpx.post(f"{url}/gradio_api/call/sentiment", json={"data": ["좋아요"]})
        assert denied.status_code in (401, 403)
        with pytest.raises(ValueError):
            Client(url, auth=("teacher", "wrong"), verbose=False)
        client = Client(url, auth=("teacher", "s3cret"), verbose=False)
        assert client.predict("좋아요", api_name="/sentiment")["label"] in {"negative", "positive"}
        client.close()
    finally:
        demo.close()
