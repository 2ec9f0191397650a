"""Chat in the engine, on the tiny random model: streaming, a stop that really stops, context trimming, limits,
the code panel. Through the app and the tab's handlers: tests/test_chat_app.py."""

from __future__ import annotations

import threading

import pytest

from conftest import wait_until_no_generation
from playground import limits
from playground.errors import BadInput
from playground.tasks import chat

KO = "안녕하세요! 한국의 수도는 어디인가요?"
GREEDY = chat.Sampling(temperature=0, max_new_tokens=40)


def generating_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == chat.GENERATE_THREAD and t.is_alive()]


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
    assert wait_until_no_generation(), "the generating thread must end"
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
    assert caught.value.key == "chat_too_long"  # the message says what it counts
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


def test_a_models_recommended_sampling_follows_it_to_the_page_and_the_api(monkeypatch) -> None:
    """Qwen3 without thinking: its card recommends temperature 0.7 and top_p 0.8 (its generation_config's 0.6 / 0.95
    are for thinking). The catalog says so; picking the model sets the page's sliders, and an API call that leaves
    them out gets them. Other models keep the playground's 0.7 / 0.9."""
    from conftest import ROOT
    from playground.catalog import load_catalog
    from playground.device import detect
    from playground.engine import Engine
    from playground.tasks.chat_types import recommended_sampling
    from tabs import chat as chat_tab

    real = Engine(load_catalog(ROOT / "catalog.yaml"), detect("cpu"))
    with chat_tab.gr.Blocks():
        ui = chat_tab.layout(real)
    for model in ("Qwen/Qwen3-0.6B", "Qwen/Qwen3-4B-Instruct-2507"):
        assert recommended_sampling(real, model) == {"temperature": 0.7, "top_p": 0.8}
        shown = chat_tab.recommend_sampling(real, model, ui=ui)
        assert (shown[ui.temperature].value, shown[ui.top_p].value) == (0.7, 0.8)
    default = chat.Sampling.default(real, "Qwen/Qwen2.5-0.5B-Instruct")
    assert (default.temperature, default.top_p) == (chat.Sampling.temperature, chat.Sampling.top_p) == (0.7, 0.9)
    assert recommended_sampling(real, "not/in-the-catalog") == {}

    seen: list[dict] = []

    def spy(engine, message, history, model, system, sampling, **kwargs):
        seen.append(sampling)
        yield chat.Reply("ok", model, 0, done=True)

    monkeypatch.setattr(chat, "stream_reply", spy)
    list(chat_tab.api_chat(real, "hi", model="Qwen/Qwen3-0.6B"))
    list(chat_tab.api_chat(real, "hi", model="Qwen/Qwen3-0.6B", temperature=0.2, top_p=0.5))
    assert [(s["temperature"], s["top_p"]) for s in seen] == [(0.7, 0.8), (0.2, 0.5)]  # what the client sent wins


# -- prompt fitting in linear work -------------------------------------------------------------------------------------
def test_a_maximal_chat_history_is_fitted_in_linear_work(engine, monkeypatch):
    """200 turns of 8,000 characters (what the limits allow) are fitted with a fixed number of template
    applications (the old loop templated the whole conversation once per dropped message: about 200 times), each
    history message tokenized at most once, and the oldest ones, beyond what could fit, never read at all."""
    model = engine.model(engine.resolve("chat", "tiny/chat"))
    words = "도서관 library 책 book 학생 student ".split()
    history = [{"role": "user" if i % 2 == 0 else "assistant",
                "content": f"{i} " + " ".join(words[(i + j) % len(words)] for j in range(1300))[:7990]}
               for i in range(limits.CHAT_MAX_TURNS)]
    turns = chat.normalize_history(history)
    templated: list[int] = []
    tokenized: list[str] = []
    real_template, real_tokens = chat._template, chat._tokens
    monkeypatch.setattr(chat, "_template", lambda m, messages: templated.append(len(messages)) or real_template(
        m, messages))
    monkeypatch.setattr(chat, "_tokens", lambda m, text: tokenized.append(text) or real_tokens(m, text))
    prompt = chat.build_prompt(model, "마지막 질문입니다", turns, "You are kind.", 64)
    assert len(templated) <= 2 + chat.FIT_RETRIES, templated
    contents = [turn["content"] for turn in turns]  # each starts with its own number: no two are equal
    assert all(tokenized.count(content) <= 1 for content in contents)
    assert contents[0] not in tokenized  # 200 × 8,000 characters cannot fit: the oldest is dropped unread
    budget = model.context_window - 64
    assert len(prompt.input_ids) <= budget
    assert prompt.messages[0] == {"role": "system", "content": "You are kind."}
    assert prompt.messages[-1] == {"role": "user", "content": "마지막 질문입니다"}
    kept = prompt.messages[1:-1]
    assert prompt.dropped_messages + len(kept) == len(turns)
    assert kept == turns[prompt.dropped_messages:]  # the newest messages, in order
    assert not kept or kept[0]["role"] == "user"  # whole exchanges are dropped, oldest first


def test_fitting_keeps_as_much_history_as_fits(engine):
    """Linear fitting drops no more than the old one-by-one loop would (short turns: most of them stay)."""
    model = engine.model(engine.resolve("chat", "tiny/chat"))
    turns = chat.normalize_history([[f"question {i}", f"answer {i}"] for i in range(60)])
    prompt = chat.build_prompt(model, "last", turns, "", 64)
    budget = model.context_window - 64
    assert len(prompt.input_ids) <= budget
    # one more exchange would not have fitted
    more = [*[{"role": "system", "content": ""}][:0], *turns[prompt.dropped_messages - 2:],
            {"role": "user", "content": "last"}]
    assert prompt.dropped_messages == 0 or len(chat._template(model, more)) > budget
