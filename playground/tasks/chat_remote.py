"""Chat on a remote backend: the same message checks, history, trimming and Stop as a local model, streamed
through ``InferenceClient.chat_completion(stream=True)``; on a failure, the catalog's local fallback answers and
the reply says so.

>>> for reply in stream_remote_reply(engine, entry, "안녕하세요!"):
...     print(reply.where, reply.text)     # "Hugging Face Inference Providers · Qwen/..." and the growing answer
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from playground import remote
from playground.catalog import ModelEntry
from playground.errors import Message
from playground.tasks.chat import Reply, Sampling

if TYPE_CHECKING:
    from playground.engine import Engine, Progress

THIS_MACHINE = None  # Reply.where of an answer from a model on this machine


def where(entry: ModelEntry, spec: remote.RemoteSpec | None) -> str | None:
    """None for this machine, or the service and the model name it serves (proper names, the same in every
    language)."""
    return THIS_MACHINE if spec is None else f"{spec.where} · {spec.model}"


def remote_settings(sampling: Sampling) -> remote.ChatSettings:
    return remote.ChatSettings(max_tokens=sampling.max_new_tokens, temperature=sampling.temperature,
                               top_p=sampling.top_p)


def stream_remote_reply(engine: Engine, entry: ModelEntry, spec: remote.RemoteSpec, text: str,
                        turns: list[dict[str, str]], system_prompt: str, sampling: Sampling, *,
                        user_token: str | None = None, stop: threading.Event | None = None,
                        progress: Progress | None = None) -> Iterator[Reply]:
    """Yield the growing answer from ``spec``; on a failure that a local model can answer, from the fallback."""
    from playground.tasks import chat

    stop = stop or threading.Event()
    head = [{"role": "system", "content": system_prompt}] if system_prompt else []
    messages, dropped = remote.trim_history([*head, *turns, {"role": "user", "content": text}],
                                            spec.context_window, sampling.max_new_tokens)
    label = where(entry, spec)
    answer = ""
    try:
        for answer in remote.stream_chat(spec, messages, remote_settings(sampling), user_token=user_token,
                                         stop=stop):
            yield Reply(answer, entry.id, dropped, where=label)
    except remote.RemoteUnavailable as exc:
        if not (exc.fallback and spec.fallback) or stop.is_set():
            raise
        fallback = engine.resolve("chat", spec.fallback)
        assert fallback is not None
        note = fell_back_note(exc, fallback.name)
        # the student chose the remote model's range: the fallback answers as long as it can within it
        sampling = replace(sampling, max_new_tokens=min(sampling.max_new_tokens,
                                                        chat.max_new_tokens_for(engine, fallback.id)))
        last = None
        for last in chat.stream_reply(engine, text, turns, fallback.id, system_prompt, sampling, stop=stop,
                                      progress=progress):
            yield Reply(last.text, fallback.id, last.dropped_messages, last.done, where=THIS_MACHINE,
                              note=note)
        return
    yield Reply(answer, entry.id, dropped, done=True, where=label)


def fell_back_note(exc: remote.RemoteUnavailable, name: str) -> Message:
    """Why the remote service did not answer, and which local model did (rendered in the page's language)."""
    return Message("remote_fell_back", why=Message(exc.key, **exc.params), name=name)


def code_snippet(spec: remote.RemoteSpec, system: str, message: str, sampling: Sampling) -> str:
    """The ``InferenceClient`` lines that reproduce the answer."""
    messages = ([{"role": "system", "content": system}] if system else []) + [
        {"role": "user", "content": message or "안녕하세요!"}]
    return remote.chat_snippet(spec, messages, remote_settings(sampling))
