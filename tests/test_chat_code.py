"""The Chat code panel reproduces the run: the whole conversation the model read and the seed it sampled with.
Executed as printed (the catalog id swapped for the tiny stand-in's folder), it writes the answer the app showed."""

from __future__ import annotations

import contextlib
import io

from conftest import with_local_folders
from playground.tasks import chat

SAMPLED = chat.Sampling(temperature=0.9, top_p=0.95, max_new_tokens=24)
HISTORY = [{"role": "user", "content": "안녕하세요!"}, {"role": "assistant", "content": "안녕하세요, 반가워요."},
           {"role": "user", "content": "What is Seoul?"}, {"role": "assistant", "content": "The capital of Korea."}]


def run_printed(engine, code: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(with_local_folders(engine, code), "<code panel>", "exec"), {})  # noqa: S102
    return out.getvalue().rstrip("\n")


def test_the_printed_code_gives_the_answer_the_app_sampled(engine) -> None:
    replies = list(chat.stream_reply(engine, "부산은요?", HISTORY, "tiny/chat", "Be brief.", SAMPLED))
    last = replies[-1]
    assert last.seed is not None and last.text
    assert [m["role"] for m in last.messages] == ["system", "user", "assistant", "user", "assistant", "user"]
    code = chat.code_snippet(engine, last.model_id, "Be brief.", "부산은요?", SAMPLED, seed=last.seed,
                             messages=last.messages)
    assert f"set_seed({last.seed})" in code and "The capital of Korea." in code and "부산은요?" in code
    assert run_printed(engine, code) == last.text
    # the same seed gives the same answer in the app too; another seed (almost surely) another one
    again = list(chat.stream_reply(engine, "부산은요?", HISTORY, "tiny/chat", "Be brief.", SAMPLED, seed=last.seed))
    assert again[-1].text == last.text


def test_greedy_answers_print_no_seed(engine) -> None:
    greedy = chat.Sampling(temperature=0, max_new_tokens=12)
    last = list(chat.stream_reply(engine, "hello", HISTORY[:2], "tiny/chat", "", greedy))[-1]
    assert last.seed is None
    code = chat.code_snippet(engine, last.model_id, "", "hello", greedy, history=HISTORY[:2])
    assert "set_seed" not in code and "안녕하세요, 반가워요." in code
    assert run_printed(engine, code) == last.text


def test_the_chat_tabs_code_panel_reproduces_the_answer_it_showed(engine) -> None:
    """Through the tab's handler: two turns of history and a new message, temperature > 0; the code panel of its
    last step, run as printed, writes the answer the page shows."""
    from types import SimpleNamespace

    from tabs import chat as chat_tab

    request = SimpleNamespace(session_hash="code-panel", headers={"accept-language": "en"}, username=None)
    with chat_tab.gr.Blocks():
        ui = chat_tab.layout(engine)
    *_, last = chat_tab.respond(engine, "And Busan?", HISTORY, "tiny/chat", "Be brief.", 1.0, 0.95, 24, 1.1,
                                request=request, ui=ui)
    shown, code = last[ui.chatbot][-1]["content"], last[ui.code]
    assert "set_seed(" in code and "And Busan?" in code
    assert all(m["content"] in code for m in HISTORY)  # the whole conversation, not only the last message
    assert chat_tab.no_remote_images(run_printed(engine, code)) == shown


def test_answers_sampled_at_the_same_moment_each_keep_their_own_seed(engine, held_answers) -> None:
    """Two students' answers sampled at once: each is the answer its printed code (``set_seed`` + ``generate``)
    writes. The first is held after 16 tokens (its generating thread waits) while a whole second answer is sampled
    with another seed; it then finishes as if it had been alone. Before, every answer drew from the process's one
    random generator, so the first one's later tokens came from where the second had left it."""
    long = chat.Sampling(temperature=1.0, top_p=0.95, max_new_tokens=40)
    first = chat.stream_reply(engine, "서울은요?", HISTORY, "tiny/chat", "", long, seed=11)
    shown = [next(first)]
    assert held_answers.holding.wait(30)  # the first answer is written up to its 17th token and waits there
    other = list(chat.stream_reply(engine, "hi", [], "tiny/chat", "", chat.Sampling(temperature=1.3,
                                                                                   max_new_tokens=12), seed=22))
    assert other[-1].done and other[-1].seed == 22
    held_answers.set()
    shown += list(first)
    last = shown[-1]
    assert last.done and last.seed == 11
    alone = list(chat.stream_reply(engine, "서울은요?", HISTORY, "tiny/chat", "", long, seed=11))[-1]
    assert last.text == alone.text
    code = chat.code_snippet(engine, last.model_id, "", "서울은요?", long, seed=11, messages=last.messages)
    assert run_printed(engine, code) == last.text


def test_the_printed_code_loads_the_model_as_the_app_does(engine) -> None:
    """transformers 5 loads a model in its config's dtype when none is given (bfloat16 for Qwen), where the app
    computes in float32 on a CPU and in half precision on a GPU: the code says the app's dtype, and its device."""
    from playground.device import Placement
    from playground.tasks import chat

    entry = engine.resolve("chat", "tiny/chat")
    cpu = chat.local_script(entry, "tiny/chat", "[]", {"max_new_tokens": 8}, Placement("cpu", "cpu"))
    assert "dtype=torch.float32)" in cpu and "model.to(" not in cpu and ".to(model.device)" in cpu
    gpu = chat.local_script(entry, "tiny/chat", "[]", {"max_new_tokens": 8}, Placement("gpu", "cuda", zerogpu=True))
    assert "dtype=torch.bfloat16)" in gpu and 'model.to("cuda")' in gpu
    assert "dtype=torch.float32" in chat.code_snippet(engine, "tiny/chat", "", "안녕", chat.Sampling())
