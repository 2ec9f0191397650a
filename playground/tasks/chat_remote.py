"""Chat on a remote backend: the same message checks, history, trimming and Stop as a local model, streamed
through ``InferenceClient.chat_completion(stream=True)``; on a failure it raises, and the chat engine lets the
catalog's local fallback answer (``playground.tasks.chat``).

>>> for reply in stream_remote_reply(entry, entry.remote, "안녕하세요!", [], "", Sampling()):
...     print(reply.where, reply.text)     # "Hugging Face Inference Providers · Qwen/..." and the growing answer
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from playground import remote
from playground.catalog import ModelEntry
from playground.tasks.chat_types import Reply, Sampling

THIS_MACHINE = None  # Reply.where of an answer from a model on this machine


def where(entry: ModelEntry, spec: remote.RemoteSpec | None) -> str | None:
    """None for this machine, or the service and the model name it serves (proper names, the same in every
    language)."""
    return THIS_MACHINE if spec is None else f"{spec.where} · {spec.model}"


def remote_settings(sampling: Sampling) -> remote.ChatSettings:
    return remote.ChatSettings(max_tokens=sampling.max_new_tokens, temperature=sampling.temperature,
                               top_p=sampling.top_p)


def stream_remote_reply(entry: ModelEntry, spec: remote.RemoteSpec, text: str, turns: list[dict[str, str]],
                        system_prompt: str, sampling: Sampling, *, user_token: str | None = None,
                        stop: threading.Event | None = None) -> Iterator[Reply]:
    """Yield the growing answer from ``spec``; a failure raises ``remote.RemoteUnavailable`` (the chat engine
    decides whether the catalog's local fallback answers instead)."""
    stop = stop or threading.Event()
    head = [{"role": "system", "content": system_prompt}] if system_prompt else []
    messages, dropped = remote.trim_history([*head, *turns, {"role": "user", "content": text}],
                                            spec.context_window, sampling.max_new_tokens)
    label = where(entry, spec)
    answer = ""
    for answer in remote.stream_chat(spec, messages, remote_settings(sampling), user_token=user_token, stop=stop):
        yield Reply(answer, entry.id, dropped, where=label)
    yield Reply(answer, entry.id, dropped, done=True, where=label)


def code_snippet(spec: remote.RemoteSpec, messages: list[dict[str, str]], sampling: Sampling) -> str:
    """The ``InferenceClient`` lines that reproduce the answer to ``messages`` (system prompt, turns, the new one)."""
    return remote.chat_snippet(spec, messages, remote_settings(sampling))
