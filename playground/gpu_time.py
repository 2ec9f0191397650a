"""How many seconds a ZeroGPU call asks for, computed from its actual input (pure functions, no torch).

ZeroGPU admits a call by the seconds it *requests* against the visitor's daily quota, and queues shorter requests
better, so each GPU function asks for what its input needs plus a stated margin (``limits.ZEROGPU_MARGIN``),
never a flat worst case. The constants (per model size) are the ``# ZeroGPU durations`` block of
``playground/limits.py``.

>>> translate_seconds(texts=1, longest_input_tokens=6, max_new_tokens=256, length_ratio=3.0, beams=4, params="77M")
8
>>> chat_seconds(prompt_tokens=30, max_new_tokens=512, params="2.1B")
26
>>> image_seconds(steps=1, width=512, height=512, images=1, seconds_per_step=0.5)
8
"""

from __future__ import annotations

import math

from playground import limits

_UNITS = {"K": 1e3, "M": 1e6, "B": 1e9}


def parameter_count(params: object) -> float:
    """ "494M" → 4.94e8, "2.1B" → 2.1e9; 0 when unknown.

    >>> parameter_count("2.1B"), parameter_count("?")
    (2100000000.0, 0.0)
    """
    text = str(params or "").strip().upper()
    try:
        return float(text[:-1]) * _UNITS[text[-1]]
    except (KeyError, ValueError, IndexError):
        return 0.0


def seconds_per_token(params: object) -> float:
    """One decoding step of a model of ``params`` parameters (a batch of sequences decodes in one step)."""
    count = parameter_count(params)
    if count < 1e9:
        return limits.ZEROGPU_TOKEN_S_SMALL
    if count <= 3e9:
        return limits.ZEROGPU_TOKEN_S_MEDIUM
    return limits.ZEROGPU_TOKEN_S_LARGE


def requested(work_s: float) -> int:
    """Whole seconds to ask for: (start + work) × margin, rounded up, at most ``limits.ZEROGPU_MAX_S``."""
    return min(limits.ZEROGPU_MAX_S, math.ceil((limits.ZEROGPU_START_S + work_s) * limits.ZEROGPU_MARGIN))


def new_tokens(max_new_tokens: int, length_ratio: float, longest_input_tokens: int) -> int:
    """The new tokens generation may write: what ``seq2seq.Settings.limit_for`` allows the longest input."""
    if length_ratio and longest_input_tokens:
        return min(max_new_tokens, int(length_ratio * longest_input_tokens) + 16)
    return max_new_tokens


def seq2seq_seconds(*, texts: int, longest_input_tokens: int, max_new_tokens: int, length_ratio: float,
                    beams: int, params: object, batch: int = limits.SEQ2SEQ_BATCH) -> int:
    """Summarize / Translate: batches × new tokens of the longest input × (1 + beam cost) × a step's time."""
    batches = max(1, -(-texts // max(1, batch)))
    steps = batches * new_tokens(max_new_tokens, length_ratio, longest_input_tokens)
    beam_factor = 1 + limits.ZEROGPU_BEAM_COST * (max(1, beams) - 1)
    prefill = texts * longest_input_tokens / limits.ZEROGPU_PREFILL_TOKENS_S
    return requested(steps * beam_factor * seconds_per_token(params) + prefill)


def translate_seconds(*, texts: int, longest_input_tokens: int, max_new_tokens: int, length_ratio: float,
                      beams: int, params: object) -> int:
    return seq2seq_seconds(texts=texts, longest_input_tokens=longest_input_tokens, max_new_tokens=max_new_tokens,
                           length_ratio=length_ratio, beams=beams, params=params)


def chat_seconds(*, prompt_tokens: int, max_new_tokens: int, params: object) -> int:
    """Chat: the prompt read once, then the answer budget actually allowed, one step a token."""
    return requested(prompt_tokens / limits.ZEROGPU_PREFILL_TOKENS_S + max_new_tokens * seconds_per_token(params))


def image_seconds(*, steps: int, width: int, height: int, images: int, seconds_per_step: float) -> int:
    """Image: images × (steps × megapixels × the model's seconds a step at one megapixel + decode)."""
    megapixels = width * height / 2**20
    per_image = steps * seconds_per_step * megapixels + limits.ZEROGPU_IMAGE_EXTRA_S
    return requested(images * per_image)


def sentiment_seconds(*, texts: int) -> int:
    """Sentiment: a whole run of ``texts`` texts in one call."""
    return requested(texts / limits.ZEROGPU_TEXTS_S)
