"""Chat on the tiny random model: streaming, a stop that really stops, context trimming, isolation, bad input."""

from __future__ import annotations

import threading
import time

import pytest
from gradio_client.exceptions import AppError

from playground.errors import BadInput
from playground.tasks import chat

KO = "안녕하세요! 한국의 수도는 어디인가요?"
GREEDY = chat.Sampling(temperature=0, max_new_tokens=40)


def generating_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == chat.GENERATE_THREAD and t.is_alive()]


def wait_until_no_generation(seconds: float = 1.0) -> bool:
    deadline = time.time() + seconds
    while generating_threads() and time.time() < deadline:
        time.sleep(0.02)
    return not generating_threads()


def test_streaming_yields_growing_text_and_ends(engine) -> None:
    replies = list(chat.stream_reply(engine, KO, sampling=GREEDY))
    texts = [r.text for r in replies]
    assert len(replies) > 2 and replies[-1].done and not any(r.done for r in replies[:-1])
    assert all(later.startswith(earlier) for earlier, later in zip(texts, texts[1:], strict=False))
    assert texts[-1]
    assert {r.model_id for r in replies} == {"tiny/chat"}
    assert wait_until_no_generation()
    again = [r.text for r in chat.stream_reply(engine, KO, sampling=GREEDY)]
    assert again[-1] == texts[-1]  # greedy decoding is deterministic


@pytest.mark.parametrize("how", ["stop event", "closed stream"])
def test_stop_ends_the_generating_thread(engine, how: str) -> None:
    stop = threading.Event()
    long = chat.Sampling(temperature=0, max_new_tokens=400)
    replies = chat.stream_reply(engine, KO, sampling=long, stop=stop)
    next(replies)
    next(replies)
    assert generating_threads(), "generation should be running"
    if how == "stop event":
        stop.set()
        rest = list(replies)
        assert rest[-1].done
    else:
        replies.close()  # what happens when the student closes the tab or the connection drops
    assert wait_until_no_generation(1.0), "the generating thread must end within a second"
    tokenizer = engine.loaded("chat:tiny/chat").tokenizer
    full = [r.text for r in chat.stream_reply(engine, KO, sampling=long)][-1]
    assert len(tokenizer(full)["input_ids"]) > 100  # a full answer is long: the stopped one was cut short


def test_long_history_drops_the_oldest_turns_with_a_note(engine) -> None:
    turn = "이것은 아주 긴 대화의 한 부분입니다. " * 4
    history = []
    for i in range(20):
        history += [{"role": "user", "content": f"{i} {turn}"}, {"role": "assistant", "content": f"{i} {turn}"}]
    replies = list(chat.stream_reply(engine, KO, history, sampling=GREEDY))
    dropped = replies[-1].dropped_messages
    assert dropped > 0 and dropped % 2 == 0  # whole exchanges go, oldest first
    model = engine.loaded("chat:tiny/chat")
    prompt = chat.build_prompt(model, KO, chat.normalize_history(history), "", GREEDY.max_new_tokens)
    assert len(prompt.input_ids) <= model.context_window - GREEDY.max_new_tokens
    kept = [m["content"] for m in prompt.messages if m["role"] == "user"]
    assert kept[-1] == KO and kept[0].startswith(f"{dropped // 2} ")  # the newest turns are the ones kept


def test_a_message_longer_than_the_window_is_refused(engine) -> None:
    with pytest.raises(BadInput) as caught:
        list(chat.stream_reply(engine, "단어 " * 2000, sampling=GREEDY))
    assert caught.value.key == "too_long_for_model"
    assert "Tiny chat" in caught.value.message("en") and "토큰" in caught.value.message("ko")


def test_history_formats_from_the_browser_and_the_api() -> None:
    blocks = [{"role": "user", "content": [{"type": "text", "text": "안녕"}]},
              {"role": "assistant", "content": {"type": "text", "text": "반가워요"}},
              {"role": "user", "content": [{"type": "file", "file": {"path": "x.png"}}]}]  # media is skipped
    assert chat.normalize_history(blocks) == [{"role": "user", "content": "안녕"},
                                              {"role": "assistant", "content": "반가워요"}]
    pairs = chat.normalize_history([["hi", "hello"], ["more", None]])
    assert pairs == [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"},
                     {"role": "user", "content": "more"}]
    assert chat.normalize_history('[{"role": "user", "content": "json"}]') == [{"role": "user", "content": "json"}]
    for bad in ([{"role": "system", "content": "x"}], [{"content": "x"}], "not json", 42, [[1, 2, 3]]):
        with pytest.raises(BadInput):
            chat.normalize_history(bad)


@pytest.mark.parametrize(
    ("settings", "name"),
    [({"max_new_tokens": 10**9}, "max_new_tokens"), ({"temperature": -0.5}, "temperature"),
     ({"top_p": 0}, "top_p"), ({"repetition_penalty": 5}, "repetition_penalty"),
     ({"temperature": float("nan")}, "temperature"), ({"max_new_tokens": 2.5}, "max_new_tokens"),
     ({"temperature": "hot"}, "temperature"), ({"max_new_tokens": True}, "max_new_tokens")],
)
def test_sampling_limits_are_enforced_on_the_server(settings: dict, name: str) -> None:
    with pytest.raises(BadInput) as caught:
        chat.Sampling.checked(**settings)
    assert name in caught.value.message("en")


def test_the_code_panel_is_valid_python(engine) -> None:
    code = chat.code_snippet(engine, None, "You are helpful.", KO, chat.Sampling())
    compile(code, "snippet", "exec")
    assert "apply_chat_template" in code and KO in code and "max_new_tokens=256" in code


# -- through the app --------------------------------------------------------------------------------------
def test_chat_streams_through_the_api(client) -> None:
    job = client.submit(KO, api_name="/chat")
    updates = list(job)
    assert len(updates) >= 2
    assert all(later.startswith(earlier) for earlier, later in zip(updates, updates[1:], strict=False))
    assert job.result() == updates[-1] and job.result()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"message": ""}, "The text is empty"), ({"message": "가" * 1_000_000}, "the limit is 8,000"),
     ({"message": "hi", "max_new_tokens": 10**9}, "max_new_tokens must be between 1 and 1024"),
     ({"message": "hi", "temperature": -1}, "temperature must be between"),
     ({"message": "hi", "model": "evil/model"}, "is not in this playground's catalog"),
     ({"message": "hi", "history": [{"role": "hacker", "content": "x"}]}, "conversation history could not be read")],
)
def test_bad_chat_input_through_the_api(client, kwargs: dict, message: str) -> None:
    with pytest.raises(AppError, match=message):
        client.predict(api_name="/chat", **kwargs)
    assert client.predict("hello", max_new_tokens=5, api_name="/chat")  # the next request works


def test_two_students_chat_at_once_and_a_stop_stays_private(app_url: str) -> None:
    from gradio_client import Client

    students = [Client(app_url, verbose=False), Client(app_url, verbose=False)]  # two browsers, two sessions
    long = {"max_new_tokens": 400, "temperature": 0}
    history = [{"role": "user", "content": "A"}, {"role": "assistant", "content": "B"}]
    first = students[0].submit("첫 번째 학생입니다", history, api_name="/chat", **long)
    second = students[1].submit("second student here", api_name="/chat", **long)
    deadline = time.time() + 30
    while not (first.outputs() and second.outputs()) and time.time() < deadline:
        time.sleep(0.05)
    first.cancel()
    answer = second.result(timeout=120)
    stopped = first.outputs()[-1] if first.outputs() else ""
    assert answer and len(answer) > len(stopped)  # the other student's answer ran to its end
    assert wait_until_no_generation(2.0)
    for student in students:
        student.close()
