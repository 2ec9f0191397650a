"""Chat: multi-turn generation with each model's own chat template, streamed token by token, stoppable.

>>> for text in stream_reply(engine, "안녕하세요! 자기소개 해 줄래요?"):
...     print(text)          # the growing answer
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from playground import limits, remote, tokenizer_check
from playground.catalog import ModelEntry
from playground.device import Placement, gpu_task
from playground.engine import shown_model_id
from playground.errors import BadInput, Message, ModelUnavailable, PlaygroundError
from playground.hub import pretrained_kwargs
from playground.runtime import nbytes, stopping_criteria
from playground.tasks.chat_remote import code_snippet as remote_snippet
from playground.tasks.chat_remote import stream_remote_reply
from playground.tasks.chat_sampling import own_sampling
from playground.tasks.chat_types import Reply, Sampling
from playground.text import clean_text, dominant_script

if TYPE_CHECKING:
    from playground.engine import Engine, Progress
    from playground.tasks.chat_batching import ChatBatcher

TASK = "chat"
GENERATE_THREAD = "chat-generate"  # the name tests look for to prove a stop really stops


@dataclass
class ChatModel:
    entry: ModelEntry
    model: Any
    tokenizer: Any
    context_window: int
    device: str
    # Every use of the tokenizer holds this lock: a fast tokenizer's padding and truncation are set on the shared
    # Rust object by each call, so two requests tokenizing at once can break each other's batch.
    lock: threading.RLock = field(default_factory=threading.RLock, compare=False)
    # Every answer of this model in one continuously batched loop (None: one generate per answer)
    batcher: ChatBatcher | None = field(default=None, compare=False)

    @property
    def nbytes(self) -> int:
        return nbytes(self.model) + (self.batcher.cache_bytes if self.batcher is not None else 0)

    def close(self) -> None:
        """The engine evicted this model: its batching loop stops and its cache is freed."""
        if self.batcher is not None:
            self.batcher.close()

    def count_tokens(self, text: str) -> int:
        return len(_tokens(self, text))

    def decode(self, ids: list[int]) -> str:
        with self.lock:
            return str(self.tokenizer.decode(ids, skip_special_tokens=True))


def load(entry: ModelEntry, placement: Placement) -> ChatModel:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    kwargs = pretrained_kwargs(entry)
    tokenizer = AutoTokenizer.from_pretrained(entry.source, **kwargs)
    if not getattr(tokenizer, "chat_template", None):
        raise ModelUnavailable("model_unavailable", name=entry.name, model=entry.id,
                               reason=Message("reason_no_chat_template"))
    tokenizer_check.check(entry, tokenizer)  # refuse a tokenizer that cannot read the claimed languages
    model = AutoModelForCausalLM.from_pretrained(entry.source, dtype=placement.torch_dtype(), **kwargs)
    model.to(placement.torch_device).eval()  # type: ignore[arg-type]  # a device name; typed narrowly
    window = int(entry.options.get("context_window") or getattr(model.config, "max_position_embeddings", 2048) or 2048)
    batcher = None
    if batching(placement, model):
        from playground.tasks.chat_batching import ChatBatcher

        batcher = ChatBatcher(model, window)
    return ChatModel(entry, model, tokenizer, window, placement.torch_device, batcher=batcher)


def batching_on(placement: Placement) -> bool:
    """Whether this machine's chat answers share one continuously batched loop per model (``--chat-batching``):
    "auto" (the default) turns it on with a dedicated GPU, where one forward pass for many answers costs about what
    one costs, and leaves it off on a CPU, where one or two chats at a time are faster each with its own generate
    (the loop wins from about 8 at once: a class; ``benchmarks/bench_continuous_batching.py``). Never on ZeroGPU:
    each call runs in a forked worker."""
    from playground import settings

    if placement.zerogpu:
        return False
    chosen = settings.text(settings.CHAT_BATCHING).lower()
    if chosen in settings.TRUE or chosen in settings.FALSE:
        return chosen in settings.TRUE
    return placement.device == "cuda"


def batching(placement: Placement, model: Any) -> bool:
    """:func:`batching_on`, for a model whose attention the loop keeps as it is (sdpa: an eager model would be
    switched to paged attention for every caller)."""
    return batching_on(placement) and getattr(model.config, "_attn_implementation", None) == "sdpa"


# -- how long an answer may be ------------------------------------------------------------------------------
def window_of(entry: ModelEntry) -> int | None:
    """The tokens ``entry`` reads at a time, when the catalog says (else known only once the model is loaded)."""
    if entry.remote is not None:
        return entry.remote.context_window
    window = entry.options.get("context_window")
    return int(window) if window else None


def answer_limit(window: int | None) -> int:
    """The most new tokens one answer may have: the server's limit, and never more than the model's window less
    the share kept for the conversation (``limits.CHAT_PROMPT_SHARE``)."""
    if not window:
        return limits.CHAT_MAX_NEW_TOKENS
    return max(1, min(limits.CHAT_MAX_NEW_TOKENS, window - max(1, int(window * limits.CHAT_PROMPT_SHARE))))


def max_new_tokens_for(engine: Engine, model: str | None) -> int:
    """What the max-new-tokens slider may offer for ``model`` (the engine checks it again, see below)."""
    try:
        entry = engine.resolve(TASK, model)
    except PlaygroundError:
        return limits.CHAT_MAX_NEW_TOKENS
    if entry is None:
        return limits.CHAT_MAX_NEW_TOKENS
    window = window_of(entry)
    if window is None and entry.key in engine.cache:  # the model's own config, once it is loaded
        window = engine.loaded(entry.key).context_window
    return answer_limit(window)


def check_answer_length(entry: ModelEntry, window: int, max_new_tokens: int) -> None:
    """Refuse an answer longer than ``entry`` can write, whatever a client sends, saying the most it can."""
    limit = answer_limit(window)
    if max_new_tokens > limit:
        raise BadInput("chat_answer_too_long", asked=max_new_tokens, name=entry.name, limit=limit, window=window)


# -- history ----------------------------------------------------------------------------------------------
def normalize_history(history: object) -> list[dict[str, str]]:
    """Messages as ``{"role", "content": str}`` from what clients send.

    Accepts Gradio's messages (content a string or a list of content blocks such as ``{"type": "text", ...}``),
    plain ``[user, assistant]`` pairs, and a JSON string of either (from API clients).
    """
    if history in (None, "", []):
        return []
    if isinstance(history, str):
        try:
            history = json.loads(history)
        except json.JSONDecodeError:
            raise BadInput("bad_history", detail=Message("detail_not_json")) from None
    if not isinstance(history, list):
        raise BadInput("bad_history", detail=Message("detail_not_list", kind=type(history).__name__))
    if len(history) > limits.CHAT_MAX_TURNS:
        raise BadInput("bad_history", detail=Message("detail_too_many_messages", count=len(history),
                                                         limit=limits.CHAT_MAX_TURNS))
    messages: list[dict[str, str]] = []
    for item in history:
        if isinstance(item, (list, tuple)) and len(item) == 2:  # [user, assistant] pairs
            for role, content in zip(("user", "assistant"), item, strict=True):
                if content not in (None, ""):
                    messages.append({"role": role, "content": _content_text(content)})
            continue
        if not isinstance(item, dict) or item.get("role") not in ("user", "assistant"):
            raise BadInput("bad_history", detail=Message("detail_bad_role"))
        text = _content_text(item.get("content"))
        if text:
            messages.append({"role": item["role"], "content": text})
    return messages


def _content_text(content: object) -> str:
    if isinstance(content, str):
        return clean_text(content, limit=limits.CHAT_MAX_MESSAGE_CHARS, keep_newlines=True) if content.strip() else ""
    if isinstance(content, dict):
        content = [content]
    if isinstance(content, list):  # content blocks: keep the text ones, skip files and other media
        texts = [b.get("text") or "" for b in content if isinstance(b, dict) and b.get("type", "text") == "text"]
        return _content_text("\n".join(t for t in texts if isinstance(t, str)))
    if content is None:
        return ""
    raise BadInput("bad_history", detail=Message("detail_bad_content", kind=type(content).__name__))


# -- the prompt -------------------------------------------------------------------------------------------
@dataclass
class Prompt:
    input_ids: list[int]
    dropped_messages: int
    messages: list[dict[str, str]] = field(default_factory=list)


# No token of a chat model's vocabulary spells more than this many characters (byte-level BPE tokens are rarely
# over 16): history older than ``budget * CHARS_PER_TOKEN_MAX`` characters cannot fit and is never tokenized.
CHARS_PER_TOKEN_MAX = 32
FIT_RETRIES = 8  # templated checks when the per-message estimate was short (each costs one window of tokens)


def build_prompt(chat: ChatModel, message: str, history: list[dict[str, str]], system: str,
                 max_new_tokens: int) -> Prompt:
    """Template the conversation; drop the oldest turns until it fits the window with room for the answer.

    Linear in the history: old messages beyond a character bound are dropped unread; the rest are tokenized
    once each; the kept suffix is chosen by summing their counts; one template application checks it (a few more
    only if the estimate was short, each over at most a window's worth of text).
    """
    budget = chat.context_window - max_new_tokens
    head = [{"role": "system", "content": system}] if system else []
    last = {"role": "user", "content": message}
    turns = list(history)
    alone = _template(chat, [*head, last])
    if len(alone) > budget:  # what is counted, said in full: the history is never part of it (it goes first)
        own, instructions = len(_tokens(chat, message)), len(_tokens(chat, system)) if system else 0
        raise BadInput("chat_too_long", tokens=len(alone), message=own, system=instructions,
                       markers=max(len(alone) - own - instructions, 0), name=chat.entry.name,
                       window=chat.context_window, answer=max_new_tokens, limit=max(budget, 0))
    if not turns:
        return Prompt(alone, 0, [*head, last])
    # 1. A bound on characters: only the newest messages that could possibly fit are looked at.
    room_chars = max(budget - len(alone), 0) * CHARS_PER_TOKEN_MAX
    start = len(turns)
    used = 0
    while start > 0 and used + len(turns[start - 1]["content"]) <= room_chars:
        start -= 1
        used += len(turns[start]["content"])
    # 2. Token counts, each message once, plus what the template adds around one message.
    overhead = _message_overhead(chat, head, last, len(alone))
    counts = [len(_tokens(chat, m["content"])) + overhead for m in turns[start:]]
    room = budget - len(alone)
    total = 0
    first = len(turns)
    for index in range(len(turns) - 1, start - 1, -1):
        total += counts[index - start]
        if total > room:
            break
        first = index
    # 3. Whole exchanges: the kept history starts with a user message.
    first = _next_user(turns, first)
    for _ in range(FIT_RETRIES):
        messages = [*head, *turns[first:], last]
        ids = _template(chat, messages)
        if len(ids) <= budget:
            return Prompt(ids, first, messages)
        first = _next_user(turns, first + 1)  # the estimate was short: one more exchange goes
        if first >= len(turns):
            break
    return Prompt(alone, len(turns), [*head, last])


def _next_user(turns: list[dict[str, str]], index: int) -> int:
    while index < len(turns) and turns[index]["role"] != "user":
        index += 1
    return index


def _message_overhead(chat: ChatModel, head: list[dict[str, str]], last: dict[str, str], alone: int) -> int:
    """Tokens the template adds around one history message (role markers, separators), measured once."""
    probe = [{"role": "user", "content": "a"}, {"role": "assistant", "content": "a"}]
    with_probe = len(_template(chat, [*head, *probe, last]))
    return max(0, -(-(with_probe - alone - 2 * len(_tokens(chat, "a"))) // 2))


def _tokens(chat: ChatModel, text: str) -> list[int]:
    with chat.lock:
        return chat.tokenizer(text, add_special_tokens=False)["input_ids"]


def _template(chat: ChatModel, messages: list[dict[str, str]]) -> list[int]:
    extra = dict(chat.entry.options.get("chat_template_kwargs") or {})  # e.g. Qwen3: enable_thinking: false
    with chat.lock:
        text = chat.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True, **extra)
        return chat.tokenizer(text, add_special_tokens=False)["input_ids"]


# -- streaming ---------------------------------------------------------------------------------------------
def stream_reply(engine: Engine, message: object, history: object = None, model: str | None = None,
                 system: object = "", sampling: Sampling | dict[str, object] | None = None, *,
                 stop: threading.Event | None = None, progress: Progress | None = None,
                 user_token: str | None = None, seed: int | None = None) -> Iterator[Reply]:
    """Yield the growing answer. Closing the iterator (or setting ``stop``) ends generation within a token.

    ``sampling``: checked settings, or the raw values a client sent as a dict (checked here). A remote catalog
    entry streams from its service (``user_token``: the signed-in student's, else the machine's). A model on this
    machine samples (temperature > 0) as ``transformers.set_seed(seed)`` + ``generate`` would for this answer alone
    (a fresh random seed when None; :func:`own_sampling`); each reply says the seed and the messages the model
    read, so the code panel can print the run it reproduces.
    """
    if isinstance(sampling, dict):
        sampling = Sampling.checked(**sampling)
    text = clean_text(message, limit=limits.CHAT_MAX_MESSAGE_CHARS, keep_newlines=True)
    system_prompt = clean_text(system, limit=limits.CHAT_MAX_SYSTEM_CHARS, keep_newlines=True) if system else ""
    turns = normalize_history(history)
    sampling = sampling or Sampling()
    entry = engine.resolve(TASK, model)  # chat has no "auto": an empty choice resolves to the default
    if entry is None:  # chat offers no "auto": a catalog that declares one routes by the message's language
        entry = engine.route(TASK, dominant_script(text))
    if entry.remote is not None:
        check_answer_length(entry, entry.remote.context_window, sampling.max_new_tokens)
        yield from _remote_or_fallback(engine, entry, text, turns, system_prompt, sampling, user_token=user_token,
                                       stop=stop or threading.Event(), progress=progress)
        return
    chat: ChatModel = engine.model(entry, progress)
    check_answer_length(entry, chat.context_window, sampling.max_new_tokens)
    prompt = build_prompt(chat, text, turns, system_prompt, sampling.max_new_tokens)
    kwargs = sampling.generate_kwargs()
    if kwargs.get("do_sample"):
        seed = secrets.randbelow(limits.CHAT_SEED_MAX + 1) if seed is None else int(seed)
    else:
        seed = None  # greedy: the same answer every time, no seed needed
    if engine.placement.zerogpu:
        # A forked worker: only picklable arguments cross, and closing the stream is what stops it there.
        pieces = generate_on_zerogpu(entry.key, prompt.input_ids, kwargs, seed)
    else:
        pieces = generate_stream(chat, prompt.input_ids, kwargs, stop, seed=seed)
    answer = ""
    read = tuple(prompt.messages)
    for answer in pieces:
        yield Reply(answer, entry.id, prompt.dropped_messages, seed=seed, messages=read)
    yield Reply(answer, entry.id, prompt.dropped_messages, done=True, seed=seed, messages=read)


def _remote_or_fallback(engine: Engine, entry: ModelEntry, text: str, turns: list[dict[str, str]],
                        system_prompt: str, sampling: Sampling, *, user_token: str | None, stop: threading.Event,
                        progress: Progress | None) -> Iterator[Reply]:
    """The answer from the entry's service; when the service fails and the catalog names a local fallback, the
    fallback answers (as long as it can within the range the student chose) and the reply says why."""
    if entry.remote is None:
        raise ValueError(f"{entry.id} is not a remote catalog entry")
    try:
        yield from stream_remote_reply(entry, entry.remote, text, turns, system_prompt, sampling,
                                       user_token=user_token, stop=stop)
    except remote.RemoteUnavailable as exc:
        if not (exc.fallback and entry.remote.fallback) or stop.is_set():
            raise
        fallback = engine.resolve(TASK, entry.remote.fallback)
        if fallback is None:
            raise
        note = Message("remote_fell_back", why=Message(exc.key, **exc.params), name=fallback.name)
        sampling = replace(sampling, max_new_tokens=min(sampling.max_new_tokens,
                                                        max_new_tokens_for(engine, fallback.id)))
        for last in stream_reply(engine, text, turns, fallback.id, system_prompt, sampling, stop=stop,
                                 progress=progress):
            yield replace(last, note=note)


def _gpu_seconds(key: str, input_ids: list[int], kwargs: dict[str, Any], seed: int | None = None) -> int:
    """ZeroGPU slot length from this prompt and the answer budget actually allowed (``playground.gpu_time``)."""
    from playground import gpu_time
    from playground.engine import active_engine

    params = active_engine().loaded(key).entry.params
    return gpu_time.chat_seconds(prompt_tokens=len(input_ids), max_new_tokens=int(kwargs.get("max_new_tokens", 256)),
                                 params=params)


@gpu_task(duration=_gpu_seconds)
def generate_on_zerogpu(key: str, input_ids: list[int], kwargs: dict[str, Any],
                        seed: int | None = None) -> Iterator[str]:
    """Runs in ZeroGPU's forked worker, which finds the preloaded model in the process's engine."""
    from playground.engine import active_engine

    yield from generate_stream(active_engine().loaded(key), input_ids, kwargs, None, seed=seed)


def generate_stream(chat: ChatModel, input_ids: list[int], kwargs: dict[str, Any],
                    stop: threading.Event | None = None, *, seed: int | None = None) -> Iterator[str]:
    """Write the answer in a thread and yield the decoded text as it grows: in the model's continuously batched
    loop (``chat.batcher``), else with a ``generate`` of its own. A sampled answer with a
    ``seed`` is the one the printed code's ``set_seed(seed)`` + ``generate`` writes, even while other answers are
    sampled at the same moment: it draws from a random generator of its own (:mod:`chat_sampling`).

    The generating thread only queues token ids; decoding happens here, in the reading thread, where it overlaps
    the model's next step (torch releases the GIL) instead of delaying it.
    """
    import queue

    import torch
    from transformers.generation.streamers import BaseStreamer

    stop = stop or threading.Event()
    tokens: queue.Queue[list[int] | None] = queue.Queue()

    class TokenQueue(BaseStreamer):
        prompt_seen = False

        def put(self, value: Any) -> None:
            if not self.prompt_seen:  # generate first hands over the prompt itself
                self.prompt_seen = True
                return
            tokens.put(value.reshape(-1).tolist())

        def end(self) -> None:
            tokens.put(None)

    ids = torch.tensor([input_ids], device=chat.device)
    failure: list[BaseException] = []

    batcher = chat.batcher
    chosen = own_sampling(chat.model, kwargs, seed, len(input_ids)) if seed is not None and not batcher else kwargs

    def run() -> None:
        try:
            if batcher is not None:  # every answer in one loop; this thread waits for this answer's tokens
                criteria = stopping_criteria(stop)
                batcher.generate(input_ids, kwargs, seed, stop,
                                 lambda ids: bool(criteria(torch.tensor([ids]), None).any()), tokens.put)
                return
            if chosen is None and seed is not None:  # (see own_sampling) the process's generator, as generate
                from transformers import set_seed

                set_seed(seed)
            chat.model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), streamer=TokenQueue(),
                                stopping_criteria=stopping_criteria(stop),
                                pad_token_id=chat.tokenizer.pad_token_id or chat.tokenizer.eos_token_id,
                                **(kwargs if chosen is None else chosen))
        except BaseException as exc:  # noqa: BLE001 - handed to the reading side
            failure.append(exc)
        finally:
            tokens.put(None)

    thread = threading.Thread(target=run, name=GENERATE_THREAD, daemon=True)
    thread.start()
    answer: list[int] = []
    text = ""
    try:
        while (new := tokens.get(timeout=300)) is not None and not stop.is_set():
            answer += new
            decoded = chat.decode(answer)
            # Show only whole characters: a Korean syllable may span several byte-level tokens.
            if decoded != text and not decoded.endswith("\ufffd"):
                text = decoded
                yield text
        final = chat.decode(answer)
        if final != text:  # the end: whatever is left, a broken last character included, as generate gives it
            yield final
    finally:
        stop.set()  # a closed iterator (Stop, a closed tab, a dropped connection) ends generation
        thread.join(timeout=5)
    if failure:
        raise failure[0]


def code_snippet(engine: Engine, model: str | None, system: str, message: str, sampling: Sampling, *,
                 history: list[dict[str, str]] | None = None, seed: int | None = None,
                 messages: list[dict[str, str]] | tuple[dict[str, str], ...] | None = None) -> str:
    """The few lines of ``transformers`` that produce the same answer: the whole conversation (system prompt,
    ``history``, the new ``message``; or exactly the ``messages`` the model read, from its :class:`Reply`), and the
    ``seed`` it was sampled with."""
    entry = engine.resolve(TASK, model) or engine.catalog.defaults(TASK, engine.placement.profile)[0]
    if not messages:
        messages = [*([{"role": "system", "content": system}] if system else []), *(history or []),
                    {"role": "user", "content": message or "안녕하세요!"}]
    if entry.remote is not None:
        return remote_snippet(entry.remote, list(messages), sampling)
    source = shown_model_id(entry)  # never a machine's folder
    return local_script(entry, source, _messages_source(messages), sampling.generate_kwargs(), engine.placement,
                        seed=seed)


def _messages_source(messages: list[dict[str, str]] | tuple[dict[str, str], ...]) -> str:
    """``messages`` as Python source: one message a line once there are several (a conversation reads as one)."""
    items = [json.dumps({"role": m["role"], "content": m["content"]}, ensure_ascii=False) for m in messages]
    if len(items) <= 2:
        return f"[{', '.join(items)}]"
    return "[\n" + "".join(f"    {item},\n" for item in items) + "]"


def local_script(entry: ModelEntry, source: str, messages: str, generate_kwargs: dict[str, Any],
                 placement: Placement, *, seed: int | None = None) -> str:
    """The transformers lines that ask a chat model ``messages`` (Python source) the way the engine does: the
    app's dtype and device (without a dtype transformers loads the config's, bfloat16 for Qwen, where the app
    computes in float32 on a CPU), its chat template with the catalog's template arguments, then ``generate`` with
    ``generate_kwargs`` (after ``set_seed(seed)`` when the answer was sampled with one)."""
    settings = ", ".join(f"{k}={v!r}" for k, v in generate_kwargs.items())
    extra = entry.options.get("chat_template_kwargs") or {}
    template_args = "".join(f", {k}={v!r}" for k, v in extra.items())
    seeded = seed is not None and generate_kwargs.get("do_sample")
    revision = f", revision={json.dumps(entry.revision)}" if entry.revision else ""
    device = placement.code_device
    return (
        "import torch\n"
        f"from transformers import AutoModelForCausalLM, AutoTokenizer{', set_seed' if seeded else ''}\n\n"
        f"tokenizer = AutoTokenizer.from_pretrained({json.dumps(source)}{revision})\n"
        f"model = AutoModelForCausalLM.from_pretrained({json.dumps(source)}, "
        f"dtype=torch.{placement.code_dtype}{revision})\n"
        + (f"model.to({json.dumps(device)})\n" if device != "cpu" else "")
        + f"messages = {messages}\n"
        "inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors=\"pt\", "
        f"return_dict=True{template_args}).to(model.device)\n"
        + (f"set_seed({seed})  # the seed the playground sampled this answer with\n" if seeded else "")
        + f"output = model.generate(**inputs, {settings})\n"
        "print(tokenizer.decode(output[0][inputs[\"input_ids\"].shape[1]:], skip_special_tokens=True))\n"
    )
