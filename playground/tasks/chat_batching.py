"""Every chat answer on this machine in one continuously batched loop (transformers' ``ContinuousBatchingManager``).

One ``generate`` per answer runs each answer's forward passes alone: with a class chatting at once, 8 answers take
turns at the machine (``benchmarks/bench_continuous_batching.py``: at 8 chats, each student's first token in less
than half the time and 2.2x the tokens/s; at 30 chats, 0.09x the wait). Here one manager per loaded chat model runs
the next token of every answer in flight in one forward pass, over a paged KV cache allocated once, counted in the
model's size (the engine's memory budget sees it) and freed when the engine evicts the model.

The chat engine's contract stays: each answer streams from its own thread (``generate_stream``), a Stop or a
closed page cancels it at the next token, the history was fitted to the window before, and every answer is the
printed code's ``set_seed(seed)`` + ``generate``: the manager runs greedy and :class:`Tokens`, a per-request
logits processor, chooses each answer's token with that answer's own processors and random generator
(:class:`playground.tasks.chat_sampling.AnswerTokens`).

On with a dedicated GPU, off on a CPU unless asked for (``--chat-batching on``: a class on one machine), never on
ZeroGPU (a model there runs in a forked worker per call): :func:`playground.tasks.chat.batching_on`.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import weakref
from collections.abc import Callable
from typing import Any

from playground import limits
from playground.tasks.chat_sampling import AnswerTokens

log = logging.getLogger(__name__)
_OPEN: weakref.WeakSet[ChatBatcher] = weakref.WeakSet()  # closed before the interpreter joins its threads
_ids = itertools.count()


def kv_bytes_per_token(config: Any, element_size: int) -> int:
    """The paged cache's bytes for one token of one answer: keys and values of every layer."""
    text = config.get_text_config() if hasattr(config, "get_text_config") else config
    heads = getattr(text, "num_key_value_heads", None) or text.num_attention_heads
    head_dim = getattr(text, "head_dim", None) or text.hidden_size // text.num_attention_heads
    return 2 * int(text.num_hidden_layers) * int(heads) * int(head_dim) * element_size


class ChatBatcher:
    """One loaded chat model's continuous batching loop. ``window``: the most tokens one answer may hold (prompt and
    answer); the paged cache holds ``max(window, limits.CHAT_BATCH_CACHE_TOKENS)`` tokens in all, so one answer as
    long as the window always fits, and many short ones at once. More answers than fit wait for room."""

    def __init__(self, model: Any, window: int) -> None:
        from transformers import GenerationConfig, LogitsProcessorList
        from transformers.generation.configuration_utils import ContinuousBatchingConfig
        from transformers.generation.continuous_batching.cb_logits_processors import (
            ContinuousBatchingLogitsProcessorList,
        )

        self.model = model
        page = limits.CHAT_BATCH_PAGE_TOKENS
        tokens = max(int(window), limits.CHAT_BATCH_CACHE_TOKENS)
        pages = -(-tokens // page)
        self.cache_bytes = pages * page * kv_bytes_per_token(model.config, model.dtype.itemsize)
        config = ContinuousBatchingConfig(
            page_size=page, num_blocks=pages, max_batch_tokens=limits.CHAT_BATCH_STEP_TOKENS,
            max_requests_per_batch=limits.CHAT_BATCH_MAX_ANSWERS, allow_block_sharing=False, use_cuda_graph=False,
            use_async_batching=False, auto_switch_to_flash=False)
        greedy = GenerationConfig(do_sample=False, max_new_tokens=1, eos_token_id=-1, pad_token_id=0)
        self.manager = model.init_continuous_batching(generation_config=greedy, continuous_batching_config=config)
        self.tokens = _tokens_processor()
        processors = ContinuousBatchingLogitsProcessorList(LogitsProcessorList([self.tokens]))
        processors.tensors_required = 1  # its one row of per-request arguments (unused: it keeps its own)
        self.manager.logit_processor = processors  # before start(): the batch processor is made from it there
        self._queues: dict[str, queue.Queue[Any]] = {}
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._start()
        self._router = threading.Thread(target=self._route, name="chat-batch-router", daemon=True)
        self._router.start()
        _OPEN.add(self)

    def _start(self) -> None:
        """Start the loop and wait until it has made its batch processor (its cache allocated: the model's size is
        then true). Making it seeds the process's random generators (``torch.manual_seed`` of a ``torch.randint``,
        ``DistributedHelper.set_tp_seed``), which would move the random numbers of whatever else draws from them
        (another task's sampling, a training run's shuffle): their state is put back as it was."""
        import torch

        cuda = self.model.device.type == "cuda"
        cpu_state = torch.get_rng_state()
        cuda_state = torch.cuda.get_rng_state_all() if cuda else None
        self.manager.start()
        try:
            ready = threading.Event()
            for _ in range(1200):  # (at most a minute)
                if self.manager.batch_processor is not None or not self.manager.is_running():
                    break
                ready.wait(0.05)
            if self.manager.batch_processor is None:
                self.manager.stop(block=True, timeout=10, hard_stop=True)
                raise RuntimeError("the chat batching loop did not start")
        finally:
            torch.set_rng_state(cpu_state)
            if cuda_state is not None:
                torch.cuda.set_rng_state_all(cuda_state)

    # -- one answer --------------------------------------------------------------------------------------------
    def generate(self, input_ids: list[int], kwargs: dict[str, Any], seed: int | None, stop: threading.Event,
                 stopped: Callable[[list[int]], bool], put: Callable[[list[int]], None]) -> None:
        """Write one answer: ``put`` each step's new token ids, in the caller's thread, until the answer ends,
        ``stop`` is set, or ``stopped(sequence so far)`` says so after a step (``generate``'s stopping criteria);
        a stopped answer is cancelled: the loop drops it at its next step."""
        answer = AnswerTokens(self.model, kwargs, seed, len(input_ids))
        eos = answer.config.eos_token_id
        request = f"answer-{next(_ids)}"
        inbox: queue.Queue[Any] = queue.Queue()
        with self._lock:
            if self._closed.is_set():
                raise RuntimeError("the chat model was unloaded")
            self._queues[request] = inbox
        self.tokens.answers[request] = answer
        finished = False
        try:
            added = self.manager.add_request(
                list(input_ids), request_id=request, max_new_tokens=int(kwargs.get("max_new_tokens") or 1),
                streaming=True, eos_token_id=-1 if eos is None else eos)
            if added is None:
                raise RuntimeError("the chat batching loop takes no more answers")
            written: list[int] = []
            while not finished and not stop.is_set():
                try:
                    output = inbox.get(timeout=0.25)
                except queue.Empty:
                    continue
                if output is None:
                    raise RuntimeError("the chat batching loop stopped")
                if output.error:
                    raise RuntimeError(output.error)
                finished = output.is_finished()
                new = list(output.generated_tokens[len(written):])
                if new:
                    written += new
                    put(new)
                if not finished and stopped([*input_ids, *written]):
                    break
        finally:
            if not finished:
                self.manager.cancel_request(request)
            with self._lock:
                self._queues.pop(request, None)
            self.tokens.answers.pop(request, None)

    def _route(self) -> None:
        """Hand each output to its answer's thread (the manager has one queue for all)."""
        while not self._closed.is_set():
            output = self.manager.get_result(timeout=0.2)
            if output is None:
                if not self.manager.is_running() and not self._closed.is_set():
                    self._fail_all()
                    return
                continue
            with self._lock:
                inbox = self._queues.get(output.request_id)
            if inbox is not None:  # (a cancelled answer's last output has no reader)
                inbox.put(output)

    def _fail_all(self) -> None:
        log.error("the chat batching loop stopped; its answers in flight end")
        with self._lock:
            self._closed.set()
            for inbox in self._queues.values():
                inbox.put(None)

    # -- the model's life ----------------------------------------------------------------------------------------
    @property
    def in_flight(self) -> int:
        with self._lock:
            return len(self._queues)

    def close(self) -> None:
        """Stop the loop (answers in flight end with an error) and free the cache; safe to call twice."""
        with self._lock:
            if self._closed.is_set() and not self.manager.is_running():
                return
            self._closed.set()
            for inbox in self._queues.values():
                inbox.put(None)
        try:
            self.manager.stop(block=True, timeout=30, hard_stop=True)
            self.manager.destroy()
        except Exception:  # noqa: BLE001 - closing never fails the caller (an eviction, the interpreter's exit)
            log.exception("stopping the chat batching loop")
        self._router.join(timeout=5)
        _OPEN.discard(self)


def _tokens_processor() -> Any:
    """The manager's one logits processor (its class made here: transformers is imported late)."""
    import torch
    from transformers.generation.continuous_batching.cb_logits_processors import ContinuousBatchingLogitsProcessor

    class Tokens(ContinuousBatchingLogitsProcessor):
        """Each answer's next token as its own ``generate`` chooses it (:class:`AnswerTokens`); every other token
        of its row at -inf, so the manager's greedy argmax keeps it."""

        supported_kwargs: dict[str, type] = {}
        ignored_kwargs: tuple[str, ...] = ()

        def __init__(self) -> None:
            self.answers: dict[str, AnswerTokens] = {}  # request id -> its token choice (set before it is added)
            self.rows: list[tuple[AnswerTokens | None, list[int]]] = []  # this step's: answer, its sequence so far

        def fill_defaults(self, int32_tensor: torch.Tensor) -> None:
            int32_tensor.fill_(0)

        def prepare_tensor_args(self, requests_with_new_token: list[Any]) -> torch.Tensor:
            self.rows = [(self.answers.get(r.state.request_id), [*r.state.initial_tokens, *r.state.generated_tokens])
                         for r in requests_with_new_token]  # (None: an answer cancelled meanwhile, dropped next)
            return torch.zeros(len(self.rows), dtype=torch.int32)

        def __call__(self, scores: torch.Tensor, tensor_arg: torch.Tensor) -> torch.Tensor:
            chosen = torch.full_like(scores, float("-inf"))
            for row, (answer, sequence) in enumerate(self.rows):
                if answer is None:
                    chosen[row, 0] = 0.0
                    continue
                ids = torch.tensor([sequence], device=scores.device)
                token = answer.draw(ids, answer.processors(ids, scores[row:row + 1]))
                chosen[row, token[0, 0]] = 0.0
            return chosen

    return Tokens()


def close_all() -> None:
    """Stop every loop (before the interpreter joins its threads: a manager's loop thread is not a daemon)."""
    for batcher in list(_OPEN):
        batcher.close()


threading._register_atexit(close_all)  # type: ignore[attr-defined]  # (concurrent.futures' hook: before the join)
