"""Remote backends against real servers on loopback: ``transformers serve`` with the tiny chat model (offline),
a silent port (timeout), a closed port (unreachable), and a recording server for request shapes and status codes.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from remote_servers import Recorder, silent_server, sse, start_transformers_serve

from playground import remote
from playground.errors import CatalogError
from playground.remote import ChatSettings, RemoteSpec, RemoteUnavailable, parse_remote, stream_chat

KEY = "lab-key-0123456789"
HELLO = [{"role": "user", "content": "안녕하세요! 자기소개 해 줄래요?"}]
GREEDY = ChatSettings(max_tokens=24, temperature=0.0)


@pytest.fixture(autouse=True)
def loopback_calls(monkeypatch):
    """huggingface_hub refuses every request while HF_HUB_OFFLINE=1 (see test_offline_mode_...): these tests
    lift it for their own process; every server they call listens on 127.0.0.1."""
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)


def test_offline_mode_blocks_remote_calls_with_a_clear_message(monkeypatch):
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    spec = parse_remote({"service": "openai", "url": "http://127.0.0.1:9/v1", "model": "m"}, "test", "lab/m")
    with pytest.raises(RemoteUnavailable) as caught:
        list(stream_chat(spec, HELLO, GREEDY))
    assert caught.value.key == "remote_offline" and "HF_HUB_OFFLINE" in caught.value.message("ko")


@pytest.fixture(scope="module")
def chat_dir(tiny_catalog_path: Path) -> Path:
    return tiny_catalog_path.parent / "chat"


@pytest.fixture(scope="module")
def served(chat_dir: Path):
    """The real ``transformers serve`` on the tiny chat folder, offline, behind an API key."""
    server = start_transformers_serve(chat_dir, key=KEY)
    yield server
    server.stop()


def spec_for(server, token_env: str | None = "PLAYGROUND_LAB_KEY", **extra) -> RemoteSpec:
    raw = {"service": "openai", "url": server.url, "model": server.model, **extra}
    if token_env:
        raw["token_env"] = token_env
    return parse_remote(raw, "test", "lab/tiny-chat")


def test_transformers_serve_streams_the_same_greedy_answer_as_a_direct_client_call(served, monkeypatch):
    from huggingface_hub import InferenceClient

    monkeypatch.setenv("PLAYGROUND_LAB_KEY", KEY)
    texts = list(stream_chat(spec_for(served), HELLO, GREEDY))
    assert len(texts) > 1 and all(b.startswith(a) for a, b in zip(texts, texts[1:], strict=False))  # it grows
    direct = InferenceClient(base_url=served.url, api_key=KEY)
    pieces = [c.choices[0].delta.content or "" for c in direct.chat_completion(
        HELLO, model=served.model, stream=True, max_tokens=24, temperature=0.0) if c.choices]
    assert texts[-1] == "".join(pieces)


def test_a_wrong_key_is_a_clear_401_without_the_key(served, monkeypatch):
    monkeypatch.setenv("PLAYGROUND_LAB_KEY", "wrong-key-xyz")
    with pytest.raises(RemoteUnavailable) as caught:
        list(stream_chat(spec_for(served), HELLO, GREEDY))
    assert caught.value.key == "remote_auth" and caught.value.params["status"] == 401
    text = caught.value.bilingual()
    assert "401" in text and "토큰" in text and "wrong-key-xyz" not in text and KEY not in text


def test_the_hugging_face_token_never_goes_to_an_openai_server(chat_dir, monkeypatch):
    """A server whose key IS the machine's HF token: a leak would let the call through; it must get 401."""
    leaked = "hf_playgroundLeakCheck0123456789"
    server = start_transformers_serve(chat_dir, key=leaked)
    try:
        monkeypatch.setenv("HF_TOKEN", leaked)
        with pytest.raises(RemoteUnavailable) as caught:
            list(stream_chat(spec_for(server, token_env=None), HELLO, GREEDY))
        assert caught.value.key == "remote_auth"
        with pytest.raises(RemoteUnavailable):  # a student's sign-in token does not go there either
            list(stream_chat(spec_for(server, token_env=None), HELLO, GREEDY, user_token=leaked))
    finally:
        server.stop()


def test_stop_ends_the_stream_and_the_server_keeps_serving(served, monkeypatch):
    monkeypatch.setenv("PLAYGROUND_LAB_KEY", KEY)
    stop = threading.Event()
    seen = []
    for text in stream_chat(spec_for(served), HELLO, ChatSettings(max_tokens=200, temperature=0.0), stop=stop):
        seen.append(text)
        stop.set()
    assert len(seen) == 1
    assert list(stream_chat(spec_for(served), HELLO, GREEDY))[-1]  # the next request works


def test_a_server_killed_mid_answer_keeps_what_arrived(chat_dir):
    server = start_transformers_serve(chat_dir)
    spec = spec_for(server, token_env=None)
    received = []
    with pytest.raises(RemoteUnavailable) as caught:
        for text in stream_chat(spec, HELLO, ChatSettings(max_tokens=480, temperature=1.0)):
            received.append(text)
            if len(received) == 2:
                server.stop()
    assert caught.value.key == "remote_cut"
    assert caught.value.partial.startswith(received[1]) and received[1]
    assert "끊겼습니다" in caught.value.bilingual()


def test_nothing_listening_is_unreachable():
    with silent_server() as url:
        pass  # the port is closed again: nothing listens there now
    spec = parse_remote({"service": "openai", "url": url, "model": "m"}, "test", "lab/m")
    with pytest.raises(RemoteUnavailable) as caught:
        list(stream_chat(spec, HELLO, GREEDY))
    assert caught.value.key == "remote_unreachable" and caught.value.fallback


@pytest.mark.timeout(120)  # a hang guard: the proof is the timeout error below, not a stopwatch
def test_a_server_that_never_answers_times_out():
    with silent_server() as url:
        spec = parse_remote({"service": "openai", "url": url, "model": "m", "timeout": 1}, "test", "lab/m")
        with pytest.raises(RemoteUnavailable) as caught:
            list(stream_chat(spec, HELLO, GREEDY))
    assert caught.value.key == "remote_timeout" and "1" in caught.value.message("en")


@pytest.mark.parametrize(("status", "headers", "key", "wait"), [
    (402, {}, "remote_quota", None),
    (429, {"Retry-After": "17"}, "remote_rate", 17.0),
    (503, {"Retry-After": "30"}, "remote_loading", 30.0),
    (403, {}, "remote_auth", None),
    (422, {}, "remote_refused", None),
    (500, {}, "remote_failed", None),
])
def test_status_codes_become_clear_messages(status, headers, key, wait):
    recorder = Recorder(status=status, headers={"content-type": "application/json", **headers}, body=b'{"error":"x"}')
    with recorder.serve() as url:
        spec = parse_remote({"service": "openai", "url": url + "/v1", "model": "m"}, "test", "lab/m")
        with pytest.raises(RemoteUnavailable) as caught:
            list(stream_chat(spec, HELLO, GREEDY))
    assert caught.value.key == key and caught.value.retry_after == wait
    if wait:
        assert f"{wait:.0f} seconds" in caught.value.message("en") and f"{wait:.0f}초" in caught.value.message("ko")
    assert caught.value.fallback == (status != 422)


def test_a_stream_that_ends_without_finishing_is_a_cut():
    recorder = Recorder(headers={"content-type": "text/event-stream"}, body=sse("안녕", "하세요", finish=False))
    with recorder.serve() as url:
        spec = parse_remote({"service": "openai", "url": url, "model": "m"}, "test", "lab/m")
        with pytest.raises(RemoteUnavailable) as caught:
            list(stream_chat(spec, HELLO, GREEDY))
    assert caught.value.key == "remote_cut" and caught.value.partial == "안녕하세요"


def test_inference_providers_request_shape(monkeypatch):
    """UNVERIFIED against the real router (unreachable here): the request InferenceClient builds for provider
    "auto" with bill_to, sent to a loopback stand-in for https://router.huggingface.co."""
    from huggingface_hub.inference._providers import CONVERSATIONAL_AUTO_ROUTER

    recorder = Recorder(headers={"content-type": "text/event-stream"}, body=sse("Hello", " there"))
    with recorder.serve() as url:
        monkeypatch.setattr(CONVERSATIONAL_AUTO_ROUTER, "base_url", url)
        spec = parse_remote({"service": "providers", "bill_to": "my-school"}, "test", "Qwen/Qwen2.5-7B-Instruct")
        texts = list(stream_chat(spec, HELLO, ChatSettings(max_tokens=32, temperature=0.5, top_p=0.8),
                                 user_token="hf_studentOAuthToken"))
    assert texts[-1] == "Hello there"
    path, headers, body = recorder.requests[0]
    assert path == "/v1/chat/completions"
    assert headers["authorization"] == "Bearer hf_studentOAuthToken"
    assert headers["x-hf-bill-to"] == "my-school"
    assert body["model"] == "Qwen/Qwen2.5-7B-Instruct" and body["stream"] is True
    assert body["messages"] == HELLO and body["max_tokens"] == 32 and body["top_p"] == 0.8


def test_a_hugging_face_service_without_any_token_says_how_to_get_one(monkeypatch):
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setenv("HF_HOME", "/nonexistent-playground-home")  # no stored `hf auth login` token either
    monkeypatch.setattr("huggingface_hub.get_token", lambda: None)
    spec = parse_remote({"service": "providers"}, "test", "Qwen/Qwen2.5-7B-Instruct")
    with pytest.raises(RemoteUnavailable) as caught:
        list(stream_chat(spec, HELLO, GREEDY))
    assert caught.value.key == "remote_no_token" and "HF_TOKEN" in caught.value.message("en")


def test_text_to_image_request_shape_on_an_endpoint(monkeypatch):
    """UNVERIFIED against a real Inference Endpoint: the request text_to_image sends, answered with a real PNG."""
    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(png, format="PNG")
    recorder = Recorder(headers={"content-type": "image/png"}, body=png.getvalue())
    with recorder.serve() as url:
        spec = parse_remote({"service": "endpoint", "url": url}, "test", "stabilityai/sd-turbo")
        image = remote.text_to_image(spec, "a corgi", width=64, height=64, steps=2, seed=7, user_token="hf_x")
    assert image.size == (8, 8)
    path, headers, body = recorder.requests[0]
    assert headers["authorization"] == "Bearer hf_x"
    assert body["inputs"] == "a corgi"
    assert body["parameters"] == {"width": 64, "height": 64, "num_inference_steps": 2, "seed": 7}


# -- the catalog's remote: mapping ---------------------------------------------------------------------------
@pytest.mark.parametrize(("raw", "says"), [
    ({"service": "cloud"}, "service"),
    ({"service": "openai"}, "url"),
    ({"service": "openai", "url": "ftp://x"}, "url"),
    ({"service": "openai", "url": "http://u:p@host/v1"}, "token_env"),
    ({"service": "providers", "token": "hf_abc"}, "never write a token"),
    ({"service": "providers", "url": "http://x"}, "url"),
    ({"service": "providers", "bill_to": "bad org!"}, "bill_to"),
    ({"service": "openai", "url": "http://x", "token_env": "lowercase"}, "token_env"),
    ({"service": "providers", "timeout": 0}, "timeout"),
    ({"service": "providers", "colour": "red"}, "unknown"),
])
def test_bad_remote_mappings_name_what_to_fix(raw, says):
    with pytest.raises(CatalogError, match=says):
        parse_remote(raw, "catalog.yaml: tasks.chat.models[3]", "org/model")


def test_where_names_the_service_but_never_a_path_or_token():
    assert parse_remote({"service": "providers"}, "t", "a/b").where == "Hugging Face Inference Providers"
    assert parse_remote({"service": "providers", "provider": "together"}, "t", "a/b").where.endswith("(together)")
    spec = parse_remote({"service": "openai", "url": "http://10.0.0.5:8000/v1?key=zzz", "model": "m"}, "t", "a/b")
    assert spec.where == "the server at 10.0.0.5"


def test_code_snippets_reproduce_the_call_and_hold_no_token(monkeypatch):
    monkeypatch.setenv("HF_TOKEN", "hf_neverShown123")
    monkeypatch.setenv("LAB_KEY", "lab-never-shown")
    specs = [parse_remote({"service": "providers", "bill_to": "school"}, "t", "Qwen/Qwen2.5-7B-Instruct"),
             parse_remote({"service": "endpoint", "url": "https://x.endpoints.huggingface.cloud"}, "t", "a/b"),
             parse_remote({"service": "openai", "url": "http://h:8000/v1", "model": "m", "token_env": "LAB_KEY"},
                          "t", "a/b")]
    for spec in specs:
        code = remote.chat_snippet(spec, HELLO, GREEDY)
        compile(code, "snippet", "exec")
        assert "InferenceClient(" in code and "chat_completion(" in code and "stream=True" in code
        assert "hf_neverShown123" not in code and "lab-never-shown" not in code
    assert "bill_to='school'" in remote.chat_snippet(specs[0], HELLO, GREEDY)
    assert "os.environ['LAB_KEY']" in remote.chat_snippet(specs[2], HELLO, GREEDY)
    compile(remote.image_snippet(specs[0], "a cat", seed=3), "snippet", "exec")


def test_history_is_trimmed_to_the_window_oldest_turns_first():
    messages = [{"role": "system", "content": "s"}]
    for i in range(40):
        messages += [{"role": "user", "content": f"질문 {i} " * 40}, {"role": "assistant", "content": "답 " * 40}]
    messages.append({"role": "user", "content": "last"})
    kept, dropped = remote.trim_history(messages, window=1024, max_new_tokens=256)
    assert kept[0]["role"] == "system" and kept[-1]["content"] == "last" and kept[1]["role"] == "user"
    assert dropped > 0 and dropped % 2 == 0 and remote.estimate_tokens(kept) + 256 <= 1024
