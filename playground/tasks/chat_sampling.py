"""How a chat answer picks its tokens: as ``set_seed(seed)`` + ``generate`` would for that answer alone.

``generate`` samples from the process's one random generator, so two answers sampled at the same moment would draw
from it in turn and neither would be the answer the Chat tab's printed code writes. Both of the chat engine's ways
to run an answer (one ``generate`` per answer, or every answer in one continuously batched loop:
:mod:`playground.tasks.chat_batching`) choose each token with :class:`AnswerTokens`: ``generate``'s own logits
processors for the answer's settings (``_prepare_generation_config`` and ``_get_logits_processor``, the methods
``generate`` calls), then ``torch.multinomial`` over the softmax from a ``torch.Generator`` of the answer's own,
seeded as ``set_seed`` seeds the process's (greedy: the argmax). The tests pin every answer to ``generate``'s.
"""

from __future__ import annotations

from typing import Any

WARPER_KWARGS = ("temperature", "top_p", "top_k", "min_p", "typical_p", "epsilon_cutoff", "eta_cutoff", "top_h")


class AnswerTokens:
    """One answer's token choice. ``processors``: what ``generate`` applies before its warpers (repetition
    penalty, suppressed tokens, the minimum length), the same for sampling and greedy; ``warpers``: what sampling
    adds (temperature, top-k, top-p, ...); ``generator``: None for a greedy answer."""

    def __init__(self, model: Any, kwargs: dict[str, Any], seed: int | None, prompt_tokens: int) -> None:
        import torch
        from transformers import LogitsProcessorList

        sample = bool(kwargs.get("do_sample"))
        greedy = {k: v for k, v in kwargs.items() if k not in WARPER_KWARGS} | {"do_sample": False}
        self.greedy_kwargs = greedy  # generate's arguments for the same answer run greedy (own_sampling)
        common = {"input_ids_seq_length": prompt_tokens, "encoder_input_ids": None, "prefix_allowed_tokens_fn": None,
                  "logits_processor": None, "device": str(model.device)}
        greedy_config, _ = model._prepare_generation_config(None, **greedy)
        self.config = greedy_config
        self.processors = model._get_logits_processor(generation_config=greedy_config, **common)
        self.warpers = LogitsProcessorList()
        self.generator: Any = None
        self.ordered = True
        if sample:
            config, _ = model._prepare_generation_config(None, **kwargs)
            self.config = config
            full = model._get_logits_processor(generation_config=config, **common)
            # (generate adds the warpers after the rest; a transformers that did otherwise is caught here)
            self.ordered = [type(p) for p in full[:len(self.processors)]] == [type(p) for p in self.processors]
            self.warpers = LogitsProcessorList(full[len(self.processors):])
            self.generator = torch.Generator(device=model.device)
            self.generator.manual_seed(int(seed if seed is not None else torch.seed()))

    def draw(self, input_ids: Any, scores: Any) -> Any:
        """The next token of each row (``generate``'s processed ``scores`` for ``input_ids``): [rows, 1]."""
        import torch

        if self.generator is None:
            return torch.argmax(scores, dim=-1, keepdim=True)
        probs = torch.softmax(self.warpers(input_ids, scores), dim=-1)
        return torch.multinomial(probs, num_samples=1, generator=self.generator)


def own_sampling(model: Any, kwargs: dict[str, Any], seed: int, prompt_tokens: int) -> dict[str, Any] | None:
    """``generate``'s keyword arguments for an answer sampled as ``set_seed(seed)`` + ``generate(**kwargs)``
    samples it alone, from a generator of its own: the call runs greedy (its processors are the same as in
    sampling) with one more logits processor, which draws the token (:meth:`AnswerTokens.draw`) and leaves it alone
    at 0, every other at -inf, for the greedy step's argmax. A greedy ``kwargs`` comes back unchanged; None when the
    processors are not in the expected order (the caller then seeds the process's generator)."""
    import torch
    from transformers import LogitsProcessor, LogitsProcessorList

    if not kwargs.get("do_sample"):
        return dict(kwargs)
    answer = AnswerTokens(model, kwargs, seed, prompt_tokens)
    if not answer.ordered:
        return None

    class DrawFromOwnGenerator(LogitsProcessor):
        def __call__(self, input_ids: Any, scores: Any) -> Any:
            return torch.full_like(scores, float("-inf")).scatter_(1, answer.draw(input_ids, scores), 0.0)

    return {**answer.greedy_kwargs, "logits_processor": LogitsProcessorList([DrawFromOwnGenerator()])}
