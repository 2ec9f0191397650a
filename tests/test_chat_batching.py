"""The chat engine's continuously batched loop (playground.tasks.chat_batching): every answer of a model in one
loop, each answer still the printed code's ``set_seed(seed)`` + ``generate``, stoppable, freed with its model."""

from __future__ import annotations

import threading

import pytest

from playground import settings
from playground.device import Placement, detect
from playground.tasks import chat
from playground.tasks.chat_batching import ChatBatcher, kv_bytes_per_token

HISTORY = [{"role": "user", "content": "안녕하세요!"}, {"role": "assistant", "content": "안녕하세요, 반가워요."}]


@pytest.fixture(autouse=True)
def batching_on():
    """The loop asked for (``--chat-batching on``: a class on one CPU machine; "auto" leaves it off on a CPU)."""
    settings.override(settings.CHAT_BATCHING, "on")
    yield
    settings.override(settings.CHAT_BATCHING, None)


def reference(model, input_ids: list[int], kwargs: dict, seed: int | None) -> list[int]:
    """The answer as the code panel computes it: ``set_seed(seed)``, then ``generate`` alone."""
    import torch
    from transformers import set_seed

    if seed is not None:
        set_seed(seed)
    ids = torch.tensor([input_ids])
    out = model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), pad_token_id=0, **kwargs)
    return out[0, len(input_ids):].tolist()


def written(loaded: chat.ChatModel, input_ids: list[int], kwargs: dict, seed: int | None) -> list[int]:
    got: list[int] = []
    loaded.batcher.generate(input_ids, kwargs, seed, threading.Event(), lambda ids: False, got.extend)
    return got


def test_a_local_chat_model_runs_its_answers_in_one_loop_counted_in_its_size(engine) -> None:
    loaded = engine.model(engine.resolve("chat", "tiny/chat"))
    assert isinstance(loaded.batcher, ChatBatcher) and loaded.batcher.manager.is_running()
    config = loaded.model.config
    per_token = 2 * config.num_hidden_layers * config.num_key_value_heads * (
        config.hidden_size // config.num_attention_heads) * 4  # float32 keys and values of every layer
    assert kv_bytes_per_token(config, 4) == per_token
    assert loaded.batcher.cache_bytes >= loaded.context_window * per_token  # one answer as long as the window fits
    assert loaded.nbytes == chat.nbytes(loaded.model) + loaded.batcher.cache_bytes  # the budget sees the cache
    assert engine.cache.snapshot()["held_bytes"] == loaded.nbytes
    assert chat.batching(Placement("cpu", "cpu"), loaded.model)
    assert not chat.batching(Placement("gpu", "cuda", zerogpu=True), loaded.model)  # a forked worker per call


def test_auto_turns_the_loop_on_with_a_dedicated_gpu_only() -> None:
    for value, cpu, cuda in (("auto", False, True), ("", False, True), ("on", True, True), ("off", False, False)):
        settings.override(settings.CHAT_BATCHING, value)
        assert chat.batching_on(Placement("cpu", "cpu")) is cpu, value
        assert chat.batching_on(Placement("gpu", "cuda")) is cuda, value
        assert not chat.batching_on(Placement("gpu", "cuda", zerogpu=True)), value


def test_answers_written_at_once_are_each_the_printed_codes_answer(engine) -> None:
    """Four answers in the loop at the same moment, sampled with different settings and seeds or greedy with a
    repetition penalty: each is token for token what ``set_seed(seed)`` + ``generate`` writes for it alone."""
    loaded = engine.model(engine.resolve("chat", "tiny/chat"))
    prompts = [chat.build_prompt(loaded, text, HISTORY, "Be brief.", 40).input_ids
               for text in ("서울은요?", "What is Busan?", "고마워요", "Tell me more.")]
    runs = [({"do_sample": True, "temperature": 0.9, "top_p": 0.95, "max_new_tokens": 40,
              "repetition_penalty": 1.1}, 11),
            ({"do_sample": False, "max_new_tokens": 30, "repetition_penalty": 1.2}, None),
            ({"do_sample": True, "temperature": 1.3, "top_p": 0.8, "max_new_tokens": 40}, 12345),
            ({"do_sample": True, "temperature": 0.5, "top_p": 1.0, "max_new_tokens": 24,
              "repetition_penalty": 1.05}, 0)]
    wanted = [reference(loaded.model, p, kwargs, seed) for p, (kwargs, seed) in zip(prompts, runs, strict=True)]
    got: list[list[int]] = [[] for _ in runs]
    start = threading.Barrier(len(runs))

    def one(k: int) -> None:
        start.wait()
        got[k] = written(loaded, prompts[k], *runs[k])

    threads = [threading.Thread(target=one, args=(k,)) for k in range(len(runs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert got == wanted
    assert loaded.batcher.in_flight == 0


def test_an_answer_ends_at_the_models_end_of_turn_as_generate_does(engine) -> None:
    """The loop stops an answer at any of the model's end tokens (the generation config's list: Kanana's
    <|eot_id|> sits there), where ``generate`` stops: found by trying seeds until one answer ends early."""
    loaded = engine.model(engine.resolve("chat", "tiny/chat"))
    prompt = chat.build_prompt(loaded, "hi", [], "", 60).input_ids
    kwargs = {"do_sample": True, "temperature": 1.5, "top_p": 1.0, "max_new_tokens": 60}
    for seed in range(40):
        wanted = reference(loaded.model, prompt, kwargs, seed)
        if len(wanted) < 60:
            break
    else:
        pytest.skip("no answer of the tiny model ended early")
    assert wanted[-1] in loaded.model.generation_config.eos_token_id
    assert written(loaded, prompt, kwargs, seed) == wanted


def test_a_stopped_answer_leaves_the_loop_and_the_next_one_runs(engine, held_answers) -> None:
    """Stop (or a closed page) ends the answer's thread at once and cancels it in the loop; the held answer of the
    tests' fixture (its stopping criteria, called after each step) holds it the same way as a generate's."""
    loaded = engine.model(engine.resolve("chat", "tiny/chat"))
    stop = threading.Event()
    replies = chat.stream_reply(engine, "서울은요?", HISTORY, "tiny/chat", "",
                                chat.Sampling(temperature=1.0, max_new_tokens=200), stop=stop, seed=3)
    first = next(replies)
    assert held_answers.holding.wait(30) and loaded.batcher.in_flight == 1
    stop.set()
    held_answers.wait_stopped()  # the held answer's thread saw the stop at its next step
    rest = list(replies)  # the stream ends: nothing more is written
    assert all(reply.text.startswith(first.text) for reply in rest)
    assert _eventually(lambda: loaded.batcher.in_flight == 0)
    assert _eventually(lambda: not loaded.batcher.manager.batch_processor.scheduler.active_requests)
    held_answers.set()
    again = list(chat.stream_reply(engine, "hi", [], "tiny/chat", "", chat.Sampling(temperature=0,
                                                                                    max_new_tokens=8)))
    assert again[-1].done


def test_an_evicted_model_stops_its_loop_and_the_switch_turns_it_off(engine, catalog) -> None:
    from playground.engine import Engine

    loaded = engine.model(engine.resolve("chat", "tiny/chat"))
    batcher = loaded.batcher
    assert engine.cache.evict() >= 1
    assert not batcher.manager.is_running()
    with pytest.raises(RuntimeError):
        batcher.generate([1, 2, 3], {"max_new_tokens": 2}, None, threading.Event(), lambda ids: False, print)
    settings.override(settings.CHAT_BATCHING, "off")
    try:
        plain = Engine(catalog, detect("cpu")).model(engine.resolve("chat", "tiny/chat"))
        assert plain.batcher is None and plain.nbytes == chat.nbytes(plain.model)
        assert list(chat.stream_reply(Engine(catalog, detect("cpu")), "hi", [], "tiny/chat", "",
                                      chat.Sampling(temperature=0, max_new_tokens=4)))[-1].done
    finally:
        settings.override(settings.CHAT_BATCHING, "on")


def _eventually(check, seconds: float = 10.0) -> bool:
    done = threading.Event()
    for _ in range(int(seconds / 0.05)):
        if check():
            return True
        done.wait(0.05)
    return check()
