"""Remote catalog entries through the engine and the app: chat streaming from a real ``transformers serve`` on
loopback, where each answer came from, the code panel, the local fallback, Summarize and Translate through the
instruct path, sign-in (a stand-in OAuth session) for the rate limit and the token.
"""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from remote_servers import Recorder, silent_server, sse, start_transformers_serve

from playground import remote
from playground.tasks import chat

GREEDY = chat.Sampling(temperature=0.0, max_new_tokens=16, repetition_penalty=1.0)
LOCAL = "tiny/chat"


@pytest.fixture(autouse=True)
def loopback_calls(monkeypatch):
    """huggingface_hub refuses every request under HF_HUB_OFFLINE=1; every server here is on 127.0.0.1."""
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)


@pytest.fixture(scope="module")
def served(tiny_catalog_path: Path):
    server = start_transformers_serve(tiny_catalog_path.parent / "chat")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def remote_catalog(tiny_catalog_path: Path, served, tmp_path_factory):
    """The tiny catalog plus remote chat entries, as a teacher writes them."""
    from playground.catalog import load_catalog

    raw = yaml.safe_load(tiny_catalog_path.read_text(encoding="utf-8"))
    for spec in raw["tasks"].values():
        for item in spec["models"]:
            if item.get("path"):
                item["path"] = str((tiny_catalog_path.parent / item["path"]).resolve())
    with silent_server() as dead_url:
        pass  # closed again: nothing listens there
    common = {"license": "apache-2.0", "languages": ["en", "ko"], "default": []}
    raw["tasks"]["chat"]["models"] += [
        {"id": "lab/tiny-remote", "name": "Tiny chat on the lab server", **common,
         "remote": {"service": "openai", "url": served.url, "model": served.model, "fallback": LOCAL}},
        {"id": "lab/dead-remote", "name": "A lab server that is off", **common,
         "remote": {"service": "openai", "url": dead_url, "model": "m", "fallback": LOCAL}},
        {"id": "lab/dead-alone", "name": "A lab server that is off, no fallback", **common,
         "remote": {"service": "openai", "url": dead_url, "model": "m"}},
    ]
    instruct = {"id": "lab/tiny-remote", "name": "Tiny chat on the lab server (instruction)", "params": "0.1M",
                "size_mb": 1, **common, "languages": ["en", "ko", "ja"], "options": {"kind": "instruct"}}
    raw["tasks"]["summarize"]["models"].append(dict(instruct))
    raw["tasks"]["translate"]["models"].append(dict(instruct))
    path = tmp_path_factory.mktemp("remote-catalog") / "catalog.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return load_catalog(path)


@pytest.fixture
def engine(remote_catalog):
    from playground.device import detect
    from playground.engine import Engine

    return Engine(remote_catalog, detect("cpu"))


def direct_answer(served, message: str, max_tokens: int) -> str:
    from huggingface_hub import InferenceClient

    client = InferenceClient(base_url=served.url, api_key="EMPTY")
    pieces = [c.choices[0].delta.content or "" for c in client.chat_completion(
        [{"role": "user", "content": message}], model=served.model, stream=True, max_tokens=max_tokens,
        temperature=0.0) if c.choices]
    return "".join(pieces)


def test_the_catalog_entry_names_its_service(remote_catalog):
    entry = remote_catalog.entry("chat", "lab/tiny-remote")
    assert entry.remote.service == "openai" and entry.remote.fallback == LOCAL
    assert entry.card_url is None and entry.params == "remote"
    assert "lab/tiny-remote" not in remote_catalog.hub_ids()  # nothing to download or preload


def test_chat_streams_from_the_server_and_says_where(engine, served):
    replies = list(chat.stream_reply(engine, "안녕하세요!", None, "lab/tiny-remote", "", GREEDY))
    assert replies[-1].done and len(replies) > 2
    assert replies[-1].text == direct_answer(served, "안녕하세요!", 16)
    assert replies[-1].where == f"the server at 127.0.0.1 · {served.model}" and not replies[-1].note
    assert engine.cache.snapshot() == engine.cache.snapshot() and "chat:lab/tiny-remote" not in engine.cache


def test_stop_ends_a_remote_answer(engine):
    stop = threading.Event()
    sampling = chat.Sampling(temperature=0.0, max_new_tokens=300, repetition_penalty=1.0)
    seen = []
    for reply in chat.stream_reply(engine, "hello", None, "lab/tiny-remote", "", sampling, stop=stop):
        seen.append(reply)
        stop.set()
    assert len(seen) <= 2  # the first piece, and at most the closing reply


def test_an_unreachable_server_falls_back_to_the_local_model_and_says_so(engine):
    replies = list(chat.stream_reply(engine, "hello", None, "lab/dead-remote", "", GREEDY))
    local = list(chat.stream_reply(engine, "hello", None, LOCAL, "", GREEDY))
    assert replies[-1].text == local[-1].text and replies[-1].model_id == LOCAL
    assert replies[-1].where is None  # this machine
    note = replies[-1].note
    assert note.key == "remote_fell_back" and note.params["why"].key == "remote_unreachable"
    assert "cannot be reached" in note.text("en") and "연결할 수 없습니다" in note.text("ko") and "Tiny chat" in note


def test_without_a_fallback_the_failure_is_a_clear_error(engine):
    with pytest.raises(remote.RemoteUnavailable) as caught:
        list(chat.stream_reply(engine, "hello", None, "lab/dead-alone", "", GREEDY))
    assert caught.value.key == "remote_unreachable"


def test_the_code_panel_shows_the_inference_client_lines(engine, served):
    code = chat.code_snippet(engine, "lab/tiny-remote", "Be brief.", "안녕", GREEDY)
    compile(code, "snippet", "exec")
    assert f"InferenceClient(base_url={served.url!r}, api_key='EMPTY')" in code
    assert f"model={served.model!r}" in code and "stream=True" in code and '"Be brief."' in code


def test_summarize_and_translate_through_a_remote_chat_model(engine, served):
    from playground.tasks import summarize, translate

    # The tiny random model's words are noise (the engine may drop them as degenerate): what is checked is that the
    # request went to the server through the instruct path and came back as the task's own result.
    found = summarize.summarize(engine, "오늘은 날씨가 좋다. 공원에 갔다. " * 3, "lab/tiny-remote")
    assert found.model_id == "lab/tiny-remote" and found.input_tokens > 0
    done = translate.translate(engine, "Good morning.", "en", "ko", "lab/tiny-remote")
    assert done.model_id == "lab/tiny-remote" and done.input_tokens > 0


def test_the_app_streams_a_remote_answer_over_the_api(engine, served):
    from gradio_client import Client

    from app import build_app
    from conftest import launch
    from tabs.i18n import I18N

    demo = build_app(engine)
    launch(demo, prevent_thread_lock=True, quiet=True, i18n=I18N)
    try:
        client = Client(demo.local_url, verbose=False)
        job = client.submit("안녕하세요!", None, "lab/tiny-remote", "", 0.0, 0.9, 16, 1.0, api_name="/chat")
        outputs = list(job)
        assert outputs[-1] == direct_answer(served, "안녕하세요!", 16)
        client.close()
    finally:
        demo.close()


# -- sign in with Hugging Face (a stand-in OAuth session: no Hub here) -------------------------------------------
def signed_in(username: str, token: str = "hf_oauth_standin", session: str = "s1", host: str = "10.0.0.1"):
    """A gr.Request whose Starlette request holds what gr.LoginButton's OAuth callback stores in the session."""
    import time

    import gradio as gr

    info = {"access_token": token, "expires_at": time.time() + 3600,
            "userinfo": {"preferred_username": username, "name": username.title()}}
    starlette_request = SimpleNamespace(session={"oauth_info": info}, headers={},
                                        client=SimpleNamespace(host=host))
    return gr.Request(request=starlette_request, session_hash=session)


def test_the_signed_in_account_keys_the_rate_limit(monkeypatch):
    import gradio as gr
    from gradio.context import LocalContext

    from playground.classroom.ratelimit import RateLimiter
    from playground.errors import PlaygroundError
    from server import signin
    from server.fairuse import Classroom, check_rate, use_classroom

    assert signin.account(signed_in("kim")).username == "kim" and signin.account_key(signed_in("kim")) == "hf:kim"
    expired = signed_in("kim")
    expired.request.session["oauth_info"]["expires_at"] = 1
    assert signin.account(expired) is None and signin.account(SimpleNamespace(request=None)) is None
    with gr.Blocks() as demo:
        use_classroom(demo, Classroom(limiter=RateLimiter(per_minute=1, burst=1)))  # an account: burst 3
    LocalContext.blocks.set(demo)
    # One account from four addresses and sessions (phone, laptop, ...): the account's bucket is shared, whatever
    # the address; another account from a fifth address has its own.
    for i in range(3):
        check_rate(signed_in("kim", session=f"s{i}", host=f"10.0.1.{i}"))
    with pytest.raises(PlaygroundError):
        check_rate(signed_in("kim", session="s3", host="10.0.1.3"))
    check_rate(signed_in("lee", session="s0", host="10.0.2.1"))


def test_the_signed_in_token_reaches_a_hugging_face_service_and_nothing_else(monkeypatch):
    """UNVERIFIED against the real router: the request shape, on a loopback stand-in."""
    from huggingface_hub.inference._providers import CONVERSATIONAL_AUTO_ROUTER

    from tabs.common import reports_errors

    monkeypatch.setenv("HF_TOKEN", "hf_spaceSecret")
    recorder = Recorder(headers={"content-type": "text/event-stream"}, body=sse("ok"))
    spec = remote.parse_remote({"service": "providers"}, "test", "Qwen/Qwen2.5-7B-Instruct")

    @reports_errors(action=False)
    def handler(request=None) -> str:  # a plain handler: the token arrives through the wrapper
        return remote.complete(spec, [{"role": "user", "content": "hi"}], remote.ChatSettings(max_tokens=4))

    with recorder.serve() as url:
        monkeypatch.setattr(CONVERSATIONAL_AUTO_ROUTER, "base_url", url)
        assert handler(request=signed_in("kim", token="hf_oauth_kim")) == "ok"
        assert handler(request=None) == "ok"
    assert recorder.requests[0][1]["authorization"] == "Bearer hf_oauth_kim"  # the student's own credit
    assert recorder.requests[1][1]["authorization"] == "Bearer hf_spaceSecret"  # else the Space's secret
    assert remote.SIGNED_IN_TOKEN.get() is None  # nothing left behind for the next request


def test_a_streaming_handler_carries_the_signed_in_token_on_every_step(monkeypatch):
    """The one token path: a generator handler (Chat streams) reaches a remote model with the student's token on
    each step, whichever thread runs the step, and leaves nothing behind between steps."""
    from huggingface_hub.inference._providers import CONVERSATIONAL_AUTO_ROUTER

    from conftest import run_async
    from tabs.common import reports_errors

    monkeypatch.setenv("HF_TOKEN", "hf_spaceSecret")
    recorder = Recorder(headers={"content-type": "text/event-stream"}, body=sse("ok"))
    spec = remote.parse_remote({"service": "providers"}, "test", "Qwen/Qwen2.5-7B-Instruct")

    @reports_errors(action=False)
    def streaming(request=None):
        for _ in range(2):
            yield from remote.stream_chat(spec, [{"role": "user", "content": "hi"}], remote.ChatSettings(max_tokens=4))

    with recorder.serve() as url:
        monkeypatch.setattr(CONVERSATIONAL_AUTO_ROUTER, "base_url", url)
        steps = streaming(request=signed_in("kim", token="hf_oauth_kim"))

        async def run() -> tuple[str, str | None, list[str]]:
            first = await anext(steps)  # each step runs in a worker thread of its own
            between = remote.SIGNED_IN_TOKEN.get()  # between steps: nothing set in the caller's context
            return first, between, [item async for item in steps]

        first, between, rest = run_async(run())
        assert first and rest and between is None
    assert [headers["authorization"] for _, headers, _ in recorder.requests] == ["Bearer hf_oauth_kim"] * 2


def test_image_through_text_to_image_on_an_endpoint(tiny_catalog_path, monkeypatch):
    """UNVERIFIED against a real Inference Endpoint or provider: one request per image, seeds s and s + 1, on a
    loopback stand-in answering real PNGs; the code panel shows the text_to_image lines."""
    import io

    from PIL import Image

    from playground.catalog import parse_catalog
    from playground.device import detect
    from playground.engine import Engine
    from playground.tasks import image

    monkeypatch.setenv("HF_TOKEN", "hf_spaceSecret")
    png = io.BytesIO()
    Image.new("RGB", (64, 64), (10, 120, 200)).save(png, format="PNG")
    recorder = Recorder(headers={"content-type": "image/png"}, body=png.getvalue())
    raw = yaml.safe_load(tiny_catalog_path.read_text(encoding="utf-8"))
    with recorder.serve() as url:
        raw["tasks"]["image"]["models"].append({
            "id": "stabilityai/sd-turbo", "name": "SD-Turbo on the school's endpoint", "license": "other",
            "languages": ["en"], "default": [], "options": {"steps": 1, "max_steps": 4, "width": 512, "height": 512},
            "remote": {"service": "endpoint", "url": url}})
        engine = Engine(parse_catalog(raw, tiny_catalog_path), detect("cpu"))
        settings, notes = image.check_inputs(engine, "a corgi astronaut", "", "stabilityai/sd-turbo", 2, None, 512,
                                             512, 2, 42, False)
        result = image.generate(engine, settings, notes)
    assert [im.size for im in result.images] == [(64, 64), (64, 64)] and result.seeds == [42, 43]
    bodies = [body for _, _, body in recorder.requests]
    assert [b["parameters"]["seed"] for b in bodies] == [42, 43]
    assert bodies[0]["inputs"] == "a corgi astronaut" and bodies[0]["parameters"]["num_inference_steps"] == 2
    code = image.code_snippet(engine, settings)
    compile(code, "snippet", "exec")
    assert "text_to_image(" in code and "seed=42" in code and f"InferenceClient(base_url={url!r})" in code
