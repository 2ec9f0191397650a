"""Summarize and Translate with the Chat tab's model: an instruction as the system prompt, the text as the message.

A catalog entry of ``kind: instruct`` under summarize or translate names a chat model (the catalog checks it is
listed under chat too); the engine then hands over the Chat tab's loaded model, so it is in memory once. This module
is the one home of that path: asking the model (here or in a ZeroGPU slot) and the code panel that shows it.

>>> result = ask(engine, entry, "Translate the user's text from Korean to English.", "안녕하세요", Settings())
>>> result.text
"""

from __future__ import annotations

import json
import threading
from typing import TYPE_CHECKING

from playground.catalog import INSTRUCT, ModelEntry
from playground.engine import shown_model_id
from playground.tasks.seq2seq import Generated, Settings

if TYPE_CHECKING:
    from playground.engine import Engine, Progress
    from playground.remote import RemoteSpec
    from playground.tasks.chat import ChatModel, Sampling

REPETITION_PENALTY = 1.1  # small models repeat themselves without it


def is_instruct(entry: ModelEntry) -> bool:
    return entry.options.get("kind") == INSTRUCT


def sampling(context_window: int, text_tokens: int, settings: Settings) -> Sampling:
    """The chat sampling for ``settings``: greedy unless sampling was asked for; the answer's room is the smaller of
    the settings' limit and half the window (the other half is left for the text)."""
    from playground.tasks import chat

    max_new = min(settings.generate_kwargs(longest_input=text_tokens)["max_new_tokens"],
                  max(16, context_window // 2))
    return chat.Sampling(temperature=settings.temperature if settings.do_sample else 0.0,
                         top_p=settings.top_p if settings.do_sample else 1.0,
                         max_new_tokens=max_new, repetition_penalty=REPETITION_PENALTY)


def ask(engine: Engine, entry: ModelEntry, instruction: str, text: str, settings: Settings, *,
        stop: threading.Event | None = None, progress: Progress | None = None) -> Generated:
    """Ask the catalog's chat model: ``instruction`` as the system prompt, ``text`` as the user's message."""
    from playground.tasks import chat

    chat_model: ChatModel = engine.model(entry, progress)  # the engine hands over the Chat tab's model
    from playground import remote

    if isinstance(chat_model, remote.RemoteSpec):  # the chat model runs on a service: one chat_completion call
        return _ask_remote(chat_model, instruction, text, settings, stop)
    text_tokens = chat_model.count_tokens(text)
    chosen = sampling(chat_model.context_window, text_tokens, settings)
    prompt = chat.build_prompt(chat_model, text, [], instruction, chosen.max_new_tokens)
    seed = settings.seed if settings.do_sample else None  # a sampled answer's own seed (the code prints it)
    if engine.placement.zerogpu:
        pieces = chat.generate_on_zerogpu(chat_model.entry.key, prompt.input_ids, chosen.generate_kwargs(), seed)
    else:
        pieces = chat.generate_stream(chat_model, prompt.input_ids, chosen.generate_kwargs(), stop, seed=seed)
    answer = ""
    for piece in pieces:  # the growing answer; the last is the whole one
        answer = piece
    output_tokens = chat_model.count_tokens(answer) if answer else 0
    return Generated(answer.strip(), len(prompt.input_ids), output_tokens)


def _ask_remote(spec: RemoteSpec, instruction: str, text: str, settings: Settings,
                stop: threading.Event | None) -> Generated:
    """One ``chat_completion`` call (token counts are estimates: there is no tokenizer here)."""
    from playground import remote

    messages = [{"role": "system", "content": instruction}, {"role": "user", "content": text}]
    estimate = remote.estimate_tokens(messages[1:])
    chosen = sampling(spec.context_window, estimate, settings)
    answer = remote.complete(spec, messages, remote.ChatSettings(
        max_tokens=chosen.max_new_tokens, temperature=chosen.temperature, top_p=chosen.top_p), stop=stop)
    return Generated(answer.strip(), estimate, remote.estimate_tokens([{"role": "assistant", "content": answer}]))


def code_snippet(engine: Engine, entry: ModelEntry, instruction: str, text: str, settings: Settings) -> str:
    """The lines that ask the chat model the same way: the same instruction, greedy or sampled alike, the same
    repetition penalty, the catalog's chat template arguments (e.g. Qwen3's ``enable_thinking``)."""
    chat_entry = engine.catalog.entry("chat", entry.id)
    if chat_entry.remote is not None:  # the InferenceClient lines of the same call
        from playground import remote

        chosen = sampling(chat_entry.remote.context_window, 0, settings)
        messages = [{"role": "system", "content": instruction}, {"role": "user", "content": text}]
        return remote.chat_snippet(chat_entry.remote, messages, remote.ChatSettings(
            max_tokens=chosen.max_new_tokens, temperature=chosen.temperature, top_p=chosen.top_p))
    source = shown_model_id(chat_entry)  # never a machine's folder
    if chat_entry.key in engine.cache:  # loaded: the very limits the engine computes
        chat_model: ChatModel = engine.model(chat_entry)
        tokens = chat_model.count_tokens(text)
        chosen = sampling(chat_model.context_window, tokens, settings)
    else:  # not loaded yet: the catalog's window, the settings' own limit
        chosen = sampling(int(chat_entry.options.get("context_window") or 4096), 0, settings)
    shown = (f"[{{\"role\": \"system\", \"content\": {json.dumps(instruction, ensure_ascii=False)}}},\n"
             f"            {{\"role\": \"user\", \"content\": {json.dumps(text, ensure_ascii=False)}}}]")
    from playground.tasks import chat

    return chat.local_script(chat_entry, source, shown, chosen.generate_kwargs(), engine.placement,
                             seed=settings.seed if settings.do_sample else None)
