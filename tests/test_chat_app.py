"""Chat through the running app (gradio_client, two students at once) and through the Chat tab's handlers without
a server: the answer limit, the stopped mark, what the browser keeps, one language. The engine: test_chat_engine.py."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import gradio as gr
import pytest
import yaml
from gradio_client import Client
from gradio_client.exceptions import AppError

from conftest import wait_until_no_generation
from playground import limits
from playground.catalog import load_catalog
from playground.device import detect
from playground.engine import Engine
from playground.errors import BadInput
from playground.tasks import chat
from tabs import chat as chat_tab

KO = "안녕하세요! 한국의 수도는 어디인가요?"
GREEDY = chat.Sampling(temperature=0, max_new_tokens=40)


def student(session: str = "s1", lang: str = "en", username: str | None = None) -> SimpleNamespace:
    """What a handler reads from a gr.Request: the session, the page's language, the class login."""
    return SimpleNamespace(session_hash=session, headers={"accept-language": lang}, username=username)


@pytest.fixture(scope="module")
def ui(catalog) -> chat_tab.Layout:
    """The tab's components (drawn, never served): the handlers return their outputs by them."""
    with gr.Blocks():
        return chat_tab.layout(Engine(catalog, detect("cpu")))


# -- through the app ---------------------------------------------------------------------------------------
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


def test_two_students_chat_at_once_and_a_stop_stays_private(app_url: str, cancel_held) -> None:

    students = [Client(app_url, verbose=False), Client(app_url, verbose=False)]  # two browsers, two sessions
    long = {"max_new_tokens": 400, "temperature": 0}
    history = [{"role": "user", "content": "A"}, {"role": "assistant", "content": "B"}]
    first = students[0].submit("첫 번째 학생입니다", history, api_name="/chat", **long)
    second = students[1].submit("second student here", api_name="/chat", **long)
    next(first), next(second)  # both answers are streaming (a Job's iterator blocks until its next output)
    cancel_held(first)  # held after 16 tokens, the first answer cannot have ended before its cancel
    # (the release lets the second answer run to its end)
    answer = second.result(timeout=120)
    stopped = first.outputs()[-1] if first.outputs() else ""
    assert answer and len(answer) > len(stopped)  # the other student's answer ran to its end
    assert wait_until_no_generation()
    for each in students:
        each.close()


# -- the Chat tab's handlers (no server): limits, the stopped mark, what the browser keeps, one language ---------
def test_the_answer_limit_follows_the_models_window(engine, ui) -> None:
    entry = engine.resolve("chat", "tiny/chat")
    assert chat.window_of(entry) == 512
    assert chat.max_new_tokens_for(engine, "tiny/chat") == 410 == chat.answer_limit(512)  # a fifth kept
    assert chat.answer_limit(32_768) == limits.CHAT_MAX_NEW_TOKENS  # the server's limit stays the ceiling
    big = replace(entry, options={**entry.options, "context_window": 100_000})
    assert chat.answer_limit(chat.window_of(big)) == limits.CHAT_MAX_NEW_TOKENS
    # the model picker's change gives the slider that model's range, the value clamped into it
    shown = chat_tab.show_model(engine, "tiny/chat", 1000, student(), ui=ui)
    slider = shown[ui.max_new_tokens]
    assert slider.maximum == 410 and slider.value == 410 and "Tiny chat" in shown[ui.card]
    assert set(shown) == {ui.card, ui.max_new_tokens}  # the sampling the student set stays (a put-back pick)
    recommended = chat_tab.SAMPLING.default(engine, "tiny/chat")
    sampling = chat_tab.recommend_sampling(engine, "tiny/chat", ui=ui)  # a student's own pick
    assert sampling[ui.temperature].value == recommended.temperature and sampling[ui.top_p].value == recommended.top_p
    assert chat_tab.show_model(engine, "tiny/chat", 100, student(), ui=ui)[ui.max_new_tokens].value == 100


def test_only_a_students_own_model_pick_sets_the_recommended_sampling(engine) -> None:
    """A model the language switch puts back (a value set by a function: the change event) redraws the card and
    the answer limit, never the temperature and top-p the student had moved (page.js puts those back for two
    seconds only, and a slow answer could come later); the student's own pick (the input event) sets them."""
    with gr.Blocks() as demo:
        model = chat_tab.build(engine).keeps.picks["model"]

    def outputs_of(event: str) -> list[list[object]]:
        return [fn.outputs for fn in demo.fns.values() if (model._id, event) in fn.targets]

    picked = [c for outputs in outputs_of("input") for c in outputs]
    sampling = [c for c in picked if isinstance(c, gr.Slider)]
    assert len(sampling) == 2 and [c.value for c in sampling] == [chat_tab.SAMPLING.temperature,
                                                                   chat_tab.SAMPLING.top_p]
    changed = [c for outputs in outputs_of("change") for c in outputs]
    assert changed and not any(c is s for c in changed for s in sampling)


def test_the_slider_starts_within_the_default_models_range(engine) -> None:
    with gr.Blocks():
        ui = chat_tab.layout(engine)
    assert ui.max_new_tokens.maximum == 410 and ui.max_new_tokens.value <= 410


def test_an_answer_longer_than_the_model_can_write_is_refused_by_the_engine(engine) -> None:
    with pytest.raises(BadInput) as caught:
        list(chat.stream_reply(engine, "안녕?", sampling=chat.Sampling(max_new_tokens=450)))
    assert caught.value.key == "chat_answer_too_long"
    assert "at most 410 tokens" in caught.value.message("en") and "410 토큰" in caught.value.message("ko")
    assert list(chat.stream_reply(engine, "안녕?", sampling=chat.Sampling(temperature=0, max_new_tokens=410)))


def test_an_answer_longer_than_the_model_can_write_is_refused_through_the_api(client) -> None:
    with pytest.raises(AppError, match="Tiny chat can write at most 410 tokens in one answer"):
        client.predict("안녕?", max_new_tokens=1000, api_name="/chat")
    assert client.predict("안녕?", max_new_tokens=410, temperature=0, api_name="/chat")


def test_a_short_greeting_is_answered_at_the_sliders_maximum_with_every_role(engine) -> None:
    """"안녕?" is answered at the slider's maximum: no role's prompt makes it "too long" for the model's window."""
    most = chat.Sampling(temperature=0, max_new_tokens=chat.max_new_tokens_for(engine, "tiny/chat"))
    model = engine.model(engine.resolve("chat", "tiny/chat"))
    for prompts in chat_tab.PRESETS.values():
        for system in prompts:
            prompt = chat.build_prompt(model, "안녕?", [], system, most.max_new_tokens)  # within the window
            assert len(prompt.input_ids) + most.max_new_tokens <= model.context_window


def test_the_token_count_says_what_it_counts(engine) -> None:
    system = chat_tab.PRESETS["helpful"][0]
    with pytest.raises(BadInput) as caught:
        list(chat.stream_reply(engine, "안녕? " * 300, [{"role": "user", "content": "a"}], system=system,
                               sampling=GREEDY))
    params = caught.value.params
    assert params["tokens"] == params["message"] + params["system"] + params["markers"]
    assert params["system"] > 0 and params["message"] > 0 and params["window"] == 512 and params["answer"] == 40
    en, ko = caught.value.message("en"), caught.value.message("ko")
    for words in ("your message", "the system prompt", "earlier messages of the conversation are not counted",
                  "Shorten your message or the system prompt, or lower max new tokens"):
        assert words in en
    for words in ("보낸 메시지", "시스템 프롬프트", "앞선 대화는", "최대 생성 토큰 수를 낮춰"):
        assert words in ko
    assert not any("\uac00" <= c <= "\ud7a3" for c in en)  # one language each


def test_a_stopped_answer_is_marked_and_the_mark_never_reaches_the_model(engine, ui, monkeypatch,
                                                                        held_answers) -> None:
    request = student("stopper", "ko")
    replies = chat_tab.respond(engine, "안녕하세요! 한국의 수도는 어디인가요?", [], "tiny/chat", "", 0, 0.9, 410, 1.1,
                               request=request, ui=ui)
    conversation = next(replies)[ui.chatbot]
    conversation = next(replies)[ui.chatbot]
    stopped = chat_tab.stop_answer(conversation, request=request, ui=ui)
    marked, kept, stop = stopped[ui.chatbot], stopped[ui.saved], stopped[ui.stop]
    assert marked[-1]["content"].endswith("⏹ *정지됨*") and stop.interactive is False
    assert kept["messages"] == marked
    *_, last = replies  # the handler sees the stop, ends, and marks its own last step the same way
    final = last[ui.chatbot]
    assert final[-1]["content"].endswith("⏹ *정지됨*") and final[-1]["content"].count("⏹") == 1
    assert last[ui.saved]["messages"] == final  # kept in the browser with its mark
    assert wait_until_no_generation()

    seen = {}

    def spy(engine, message, history, *args, **kwargs):
        seen["history"] = history
        yield chat.Reply("ok", "tiny/chat", 0, done=True)

    monkeypatch.setattr(chat, "stream_reply", spy)
    list(chat_tab.respond(engine, "다음 질문", final, "tiny/chat", "", 0, 0.9, 40, 1.1, request=request, ui=ui))
    assert seen["history"][:2] == [{"role": "user", "content": "안녕하세요! 한국의 수도는 어디인가요?"},
                                   {"role": "assistant", "content": final[-1]["content"].split("\n\n⏹")[0]}]
    assert not any("⏹" in m["content"] for m in seen["history"])


def test_stop_before_anything_is_shown_marks_no_earlier_answer(engine, ui) -> None:
    request = student("early")
    earlier = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]
    idle = chat_tab.stop_answer(earlier, request=request, ui=ui)
    assert list(idle) == [ui.stop] and idle[ui.stop].interactive is False  # the conversation left as it is
    answer = chat_tab.STOPS.start(request)  # running, but no answer shown yet (loading, or the first token)
    try:
        assert list(chat_tab.stop_answer(earlier, request=request, ui=ui)) == [ui.stop] and answer.asked
    finally:
        chat_tab.STOPS.release(request, answer)


def test_what_the_browser_keeps_comes_back_for_its_own_student_only(engine, ui) -> None:
    conversation = [{"role": "user", "content": [{"type": "text", "text": "안녕"}]},
                    {"role": "assistant", "content": "반가워요\n\n⏹ *Stopped*"}]
    kept = chat_tab.keep(conversation, student(username="minji"))
    assert kept == {"who": "minji", "messages": [{"role": "user", "content": "안녕"},
                                                 {"role": "assistant", "content": "반가워요\n\n⏹ *Stopped*"}]}
    def restore(*args):
        return chat_tab.restore(engine, *args, ui=ui)

    shown = restore(kept, None, chat_tab.PRESETS["helpful"][0], student("s2", "ko", "minji"))
    assert shown[ui.chatbot] == kept["messages"] and ui.saved not in shown
    system = shown[ui.system]  # the default prompt in the page's language, and the code that shows it
    assert system == chat_tab.PRESETS["helpful"][1] and system in shown[ui.code]
    shown = restore(kept, None, "my own prompt", student("s3", "en", "jisu"))  # another account
    assert ui.chatbot not in shown and shown[ui.saved] == {"who": "jisu", "messages": []}
    assert ui.system not in shown and ui.code not in shown  # a prompt the student wrote is never replaced
    assert set(restore(None, None, "my own prompt", student())) == {ui.past_list}  # only the (empty) list
    assert ui.chatbot not in restore({"who": "", "messages": "junk"}, None, "x", student())
    long = [{"role": "user", "content": "가" * 150_000}, {"role": "assistant", "content": "나" * 150_000}]
    assert chat_tab.keep(long, student())["messages"] == long[1:]  # the newest messages that fit
    cleared = chat_tab.new_conversation(request=student(), ui=ui)
    assert cleared[ui.chatbot] == []
    assert cleared[ui.saved] == {"who": "", "messages": [], "system": "", "preset": "helpful"}


def test_editing_a_sent_message_drops_what_followed_and_answers_again(engine, ui) -> None:
    history = [{"role": "user", "content": "첫 질문"}, {"role": "assistant", "content": "첫 답"},
               {"role": "user", "content": "둘째 질문"}, {"role": "assistant", "content": "둘째 답"}]
    edited = SimpleNamespace(index=0, value="고친 첫 질문", previous_value="첫 질문")
    truncated = chat_tab.edit(history, edited)
    assert truncated == [{"role": "user", "content": "고친 첫 질문"}]
    steps = list(chat_tab.answer_edited(engine, truncated, "tiny/chat", "", 0, 0.9, 40, 1.1, request=student("editor"),
                                        ui=ui))
    assert not any(ui.message in step for step in steps)  # the edited message was never in the box
    final = steps[-1][ui.chatbot]
    assert [m["role"] for m in final] == ["user", "assistant"] and final[0]["content"] == "고친 첫 질문"
    assert final[1]["content"] and final[1]["content"] not in ("첫 답", "둘째 답")
    assert chat_tab.edit(history, SimpleNamespace(index=9, value="x", previous_value="y")) == history


def test_the_note_is_in_the_pages_one_language(engine) -> None:
    from playground.errors import Message

    why = Message("remote_fell_back", why=Message("remote_unreachable", where="Lab"), name="Tiny")
    reply = chat.Reply("답", "tiny/chat", 2, done=True, note=why)
    ko, en = chat_tab._note(reply, "ko"), chat_tab._note(reply, "en")
    assert "이 컴퓨터" in ko and "this machine" not in ko
    assert "연결할 수 없습니다" in ko and "cannot be reached" not in ko
    assert "this machine" in en and "이 컴퓨터" not in en and "cannot be reached" in en and "연결" not in en
    assert "새 대화" in ko and "New chat" in en


def test_a_remote_models_range_and_its_local_fallback(tiny_catalog_path, tmp_path) -> None:
    """A remote entry's slider follows its service's window; when it fails, the local fallback answers as long as
    it can (the student chose the remote model's range, not the fallback's)."""
    raw = yaml.safe_load(tiny_catalog_path.read_text(encoding="utf-8"))
    for spec in raw["tasks"].values():
        for item in spec["models"]:
            if item.get("path"):
                item["path"] = str((tiny_catalog_path.parent / item["path"]).resolve())
    raw["tasks"]["chat"]["models"].append(
        {"id": "lab/off", "name": "A lab server that is off", "license": "apache-2.0", "languages": ["en", "ko"],
         "default": [], "remote": {"service": "openai", "url": "http://127.0.0.1:9", "model": "m",
                                   "fallback": "tiny/chat", "context_window": 8192}})
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    engine = Engine(load_catalog(path), detect("cpu"))
    assert chat.max_new_tokens_for(engine, "lab/off") == 1024
    replies = list(chat.stream_reply(engine, "hello", None, "lab/off", "",
                                     chat.Sampling(temperature=0, max_new_tokens=1000)))
    assert replies[-1].model_id == "tiny/chat" and replies[-1].note  # answered, within the fallback's 410


# -- chat Markdown draws no remote images ------------------------------------------------------------------------------
@pytest.mark.parametrize(("sent", "shown"), [
    ("![x](https://evil.example/p.png?q=secret)", "[x](https://evil.example/p.png?q=secret)"),
    ("see ![logo][1]\n\n[1]: https://evil.example/l.png", "see [logo][1]\n\n[1]: https://evil.example/l.png"),
    ('<img src="https://evil.example/a.png">', '<\u200bimg src="https://evil.example/a.png">'),
    ("<IMG/SRC=https://e.example/a>", "<\u200bIMG/SRC=https://e.example/a>"),
    ('<div style="background:url(https://e.example/b)">', '<\u200bdiv style="background:url(https://e.example/b)">'),
    ("a < b and <thinking>ok</thinking>, **bold** [link](https://hf.co)",
     "a < b and <thinking>ok</thinking>, **bold** [link](https://hf.co)"),
])
def test_chat_messages_fetch_nothing_when_drawn(sent, shown):
    """An answer (or a history a client sends back) with Markdown or HTML images made every reader's browser
    fetch from any host. The Chatbot now gets images as links and fetching tags as text."""
    assert chat_tab.no_remote_images(sent) == shown
    assert chat_tab._messages([{"role": "assistant", "content": sent}])[0]["content"] == shown


def test_a_streamed_answer_is_drawn_without_images(engine, ui, monkeypatch):
    """Through the Chat tab's handler: every step it yields to the Chatbot has the images turned into links."""
    def answer(*args, **kwargs):
        for text in ("![a](https://evil.example/1.png)", "![a](https://evil.example/1.png) <img src=//e.example/2>"):
            yield chat.Reply(text, "tiny/chat", 0)

    monkeypatch.setattr(chat, "stream_reply", answer)
    monkeypatch.setattr(chat, "code_snippet", lambda *a, **k: "")
    steps = list(chat_tab.respond(engine, "![me](https://evil.example/me.png)", [], "", "", 0.7, 0.9, 16, 1.0, ui=ui))
    drawn = [m["content"] for step in steps for m in step[ui.chatbot]]
    assert drawn and not any("![" in text or "<img" in text for text in drawn)
