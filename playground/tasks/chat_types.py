"""What a chat answer is and how it is sampled: the plain data the chat engine (``playground.tasks.chat``) and its
remote path (``playground.tasks.chat_remote``) share, so neither imports the other's internals.

>>> Sampling.checked(temperature=0, max_new_tokens=40).generate_kwargs()["do_sample"]
False
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from playground import limits
from playground.text import checked_number

if TYPE_CHECKING:
    from playground.engine import Engine


@dataclass(frozen=True)
class Sampling:
    """Generation settings, checked on the server whatever a client sends."""

    temperature: float = 0.7
    top_p: float = 0.9
    max_new_tokens: int = 256
    repetition_penalty: float = 1.1

    @classmethod
    def checked(cls, temperature: object = temperature, top_p: object = top_p,  # the defaults above, once
                max_new_tokens: object = max_new_tokens, repetition_penalty: object = repetition_penalty) -> Sampling:
        number = checked_number
        return cls(
            temperature=number("temperature", temperature, *limits.CHAT_TEMPERATURE),
            top_p=number("top_p", top_p, *limits.CHAT_TOP_P),
            max_new_tokens=int(number("max_new_tokens", max_new_tokens, 1, limits.CHAT_MAX_NEW_TOKENS, whole=True)),
            repetition_penalty=number("repetition_penalty", repetition_penalty, *limits.CHAT_REPETITION_PENALTY),
        )

    @classmethod
    def default(cls, engine: Engine, model: str | None = None) -> Sampling:
        """The defaults for this engine and ``model``: longer answers where a GPU makes them quick, and the
        temperature and top-p the model's card recommends (the catalog's ``options.sampling``, e.g. Qwen3 without
        thinking: 0.7 / 0.8), else the playground's 0.7 / 0.9."""
        recommended = recommended_sampling(engine, model)
        return cls(temperature=recommended.get("temperature", cls.temperature),
                   top_p=recommended.get("top_p", cls.top_p),
                   max_new_tokens=cls.max_new_tokens if engine.placement.profile == "cpu" else 512)

    def generate_kwargs(self) -> dict[str, Any]:
        if self.temperature == 0:
            return {"do_sample": False, "max_new_tokens": self.max_new_tokens,
                    "repetition_penalty": self.repetition_penalty}
        return {"do_sample": True, "temperature": self.temperature, "top_p": self.top_p,
                "max_new_tokens": self.max_new_tokens, "repetition_penalty": self.repetition_penalty}


@dataclass(frozen=True)
class Reply:
    text: str  # the answer so far
    model_id: str
    dropped_messages: int  # history messages left out to fit the context window
    done: bool = False
    where: str | None = None  # the remote service and model that answered; None: this machine
    note: str = ""  # e.g. why the catalog's local fallback answered instead
    seed: int | None = None  # the seed this machine sampled with (None: greedy, or another service answered)
    messages: tuple[dict[str, str], ...] = ()  # what the model read: system prompt, kept turns, the new message


def recommended_sampling(engine: Engine, model: str | None) -> dict[str, float]:
    """The catalog's ``options.sampling`` of chat ``model`` (temperature, top_p), {} for none or an unknown model."""
    from playground.errors import PlaygroundError

    try:
        entry = engine.resolve("chat", model) if model else None
    except PlaygroundError:
        return {}
    found = (entry.options.get("sampling") or {}) if entry is not None else {}
    return {key: float(found[key]) for key in ("temperature", "top_p") if isinstance(found.get(key), (int, float))}
