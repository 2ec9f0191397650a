"""The seq2seq runner that Summarize and Translate share: tokenize → ``generate`` → decode, batched and stoppable.

transformers 5 has no summarization / translation pipelines; this is the few lines they used to hide, with the
playground's limits, batching, language tokens and a stop switch added.

>>> runner = engine.model(engine.resolve("translate", "Helsinki-NLP/opus-mt-ko-en"))
>>> run(runner, ["Hello!", "How are you?"], Settings(max_new_tokens=64))[0].text
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from playground import limits, tokenizer_check
from playground.catalog import ModelEntry
from playground.device import Placement, gpu_task
from playground.errors import Message
from playground.hub import pretrained_kwargs
from playground.runtime import nbytes, stopping_criteria

if TYPE_CHECKING:
    from playground.engine import Engine



@dataclass
class Seq2SeqModel:
    """An encoder-decoder model, its tokenizer, and what the runner needs to know about both."""

    entry: ModelEntry
    model: Any
    tokenizer: Any
    device: str
    context_window: int  # input tokens the encoder reads at once
    target_prefix: str = ""  # e.g. ">>kor<<" for multi-target OPUS-MT models
    skip_ids: frozenset[int] = frozenset()  # language tokens and other specials never shown in the output
    max_output: int = 512  # the decoder's position table: new tokens beyond it would index past its end
    # Every use of the tokenizer holds this lock: src_lang is shared state, and a fast tokenizer's padding and
    # truncation are set on the shared Rust object by each call (a count without padding between another request's
    # "pad, then encode" gave "Unable to create tensor", issue: concurrent Summarize fails).
    lock: threading.RLock = field(default_factory=threading.RLock)

    @property
    def nbytes(self) -> int:
        return nbytes(self.model)

    def count_tokens(self, text: str) -> int:
        with self.lock:
            return len(self.tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"])

    def decode(self, ids: list[int]) -> str:
        with self.lock:
            return str(self.tokenizer.decode(ids, skip_special_tokens=True))

    @property
    def language_tokens(self) -> bool:
        """True for many-to-many models that take the source language and force the target's token."""
        return hasattr(self.tokenizer, "src_lang")


def load(entry: ModelEntry, placement: Placement) -> Seq2SeqModel:
    from transformers import AutoModelForSeq2SeqLM

    kwargs = pretrained_kwargs(entry)
    tokenizer = tokenizer_check.load_tokenizer(entry, **kwargs)  # the catalog's options.tokenizer, if any
    tokenizer_check.check(entry, tokenizer)  # before the weights: a tokenizer that loses the text is refused
    model = AutoModelForSeq2SeqLM.from_pretrained(entry.source, dtype=placement.torch_dtype(), **kwargs)
    model.to(placement.torch_device).eval()
    window = int(entry.options.get("context_window") or getattr(model.config, "max_position_embeddings", 512) or 512)
    window = min(window, int(getattr(tokenizer, "model_max_length", window) or window))
    prefix = target_prefix(entry, tokenizer)
    lang_ids = getattr(tokenizer, "lang_code_to_id", None) or {}
    skip = {int(i) for i in lang_ids.values()} | {int(i) for i in tokenizer.all_special_ids}
    max_output = int(getattr(model.config, "max_position_embeddings", 0) or 1024)
    return Seq2SeqModel(entry, model, tokenizer, placement.torch_device, window, prefix, frozenset(skip), max_output)


def target_prefix(entry: ModelEntry, tokenizer: Any) -> str:
    """Multi-target OPUS-MT models need a ">>xxx<<" token first: the first the catalog names that the vocabulary
    has, else none (a card's token text is no proof the vocabulary has it)."""
    supported = set(getattr(tokenizer, "supported_language_codes", None) or [])
    return next((tok for tok in entry.options.get("target_tokens") or [] if tok in supported), "")


def loaded_or_tokenizer(engine: Engine, entry: ModelEntry) -> tuple[Seq2SeqModel | None, Any]:
    """For code panels: the loaded runner and its tokenizer, or (None, the tokenizer alone, loaded once)."""
    if entry.key in engine.cache:
        runner = engine.model(entry)
        return runner, runner.tokenizer
    return None, _tokenizer_only(entry)


_TOKENIZERS: dict[tuple[str, str, str | None], Any] = {}


def _tokenizer_only(entry: ModelEntry) -> Any:
    key = (entry.key, entry.source, entry.revision)
    if key not in _TOKENIZERS:
        try:
            _TOKENIZERS[key] = tokenizer_check.load_tokenizer(entry, **pretrained_kwargs(entry))
        except Exception:  # noqa: BLE001 - not on this machine yet: the panel shows the catalog's view
            return None
    return _TOKENIZERS[key]


@dataclass(frozen=True)
class Settings:
    """Decoding settings, already checked by the task module."""

    max_new_tokens: int = 128
    min_new_tokens: int = 0
    num_beams: int | None = None  # None: the model's own generation config decides
    do_sample: bool = False
    temperature: float = 1.0
    top_p: float = 1.0
    no_repeat_ngram_size: int = 0
    length_ratio: float = 0.0  # > 0: at most this many output tokens per input token (+16), under max_new_tokens
    seed: int | None = None  # sampling: drawn from a generator of the run's own seeded with it (the code prints it)

    def limit_for(self, input_tokens: int) -> int:
        """New tokens allowed for an input of ``input_tokens`` tokens."""
        if self.length_ratio and input_tokens:
            return min(self.max_new_tokens, int(self.length_ratio * input_tokens) + 16)
        return self.max_new_tokens

    def generate_kwargs(self, longest_input: int = 0) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"max_new_tokens": self.limit_for(longest_input), "do_sample": self.do_sample}
        if self.num_beams:
            kwargs["num_beams"] = self.num_beams
        if self.min_new_tokens:
            kwargs["min_new_tokens"] = self.min_new_tokens
        if self.do_sample:
            kwargs.update(temperature=self.temperature, top_p=self.top_p)
        if self.no_repeat_ngram_size:
            kwargs["no_repeat_ngram_size"] = self.no_repeat_ngram_size
        return kwargs


def _seeded(runner: Seq2SeqModel, batch: Any, kwargs: dict[str, Any], seed: int) -> dict[str, Any]:
    """``generate``'s arguments for a batch sampled as ``set_seed(seed)`` + ``generate`` samples it, from a
    generator of this run's own (``chat_sampling.own_sampling``: two students sampling at once do not draw from
    one generator in turn); where that cannot be built, the process's generator seeded."""
    import torch

    from playground.tasks.chat_sampling import own_sampling

    prompt = 1 if runner.model.config.is_encoder_decoder else int(batch["input_ids"].shape[1])
    own = own_sampling(runner.model, kwargs, seed, prompt)
    if own is None:
        torch.manual_seed(seed)
        return kwargs
    return own


@dataclass(frozen=True)
class Generated:
    text: str
    input_tokens: int
    output_tokens: int


def run(runner: Seq2SeqModel, texts: Sequence[str], settings: Settings, *, source: str | None = None,
        target: str | None = None, stop: threading.Event | None = None) -> list[Generated]:
    """Generate for ``texts`` in one batch. ``source``/``target`` are language codes for many-to-many models.

    Inputs longer than the model's window are cut at the window (callers chunk first, so this is a safety net).
    """
    import torch

    if not texts:
        return []
    with runner.lock:  # src_lang is tokenizer state: set it and tokenize without another request in between
        if runner.language_tokens and source:
            runner.tokenizer.src_lang = _lang_code(runner, source)
        batch = runner.tokenizer([runner.target_prefix + " " + t if runner.target_prefix else t for t in texts],
                                 return_tensors="pt", padding=True, truncation=True,
                                 max_length=runner.context_window, return_token_type_ids=False)
        kwargs = settings.generate_kwargs(longest_input=int(batch["attention_mask"].sum(dim=1).max()))
        # The decoder cannot go past its position table (the start token takes one place).
        kwargs["max_new_tokens"] = max(1, min(kwargs["max_new_tokens"], runner.max_output - 1))
        if runner.language_tokens and target:
            kwargs["forced_bos_token_id"] = _lang_id(runner, target)
    if settings.do_sample and settings.seed is not None:
        kwargs = _seeded(runner, batch, kwargs, settings.seed)
    batch = batch.to(runner.device)
    with torch.inference_mode():
        output = runner.model.generate(**batch, stopping_criteria=stopping_criteria(stop), **kwargs)
    lengths = batch["attention_mask"].sum(dim=1).tolist()
    results = []
    start = 0 if runner.model.config.is_encoder_decoder else batch["input_ids"].shape[1]
    for row, length in zip(output.tolist(), lengths, strict=True):
        row = row[start:]
        if settings.length_ratio:
            # Each text keeps its own length limit (the start token, then limit - 1 new ones: a forced end token
            # may take the last place), so its result does not depend on the batch it was in.
            row = row[: settings.limit_for(int(length))]
        ids = [i for i in row if i not in runner.skip_ids]
        text = runner.decode(ids)
        results.append(Generated(text.strip(), int(length), len(ids)))
    return results


# -- collapsed output ---------------------------------------------------------------------------------------
_REPEATED = re.compile(r"(.{1,8}?)\1{4,}", re.DOTALL)  # a unit of 1-8 characters, 5 or more times in a row
COLLAPSE_MIN_CHARS = 20  # a repeated run shorter than this is allowed ("ㅋㅋㅋ", "hahaha")
COLLAPSE_SHARE = 0.4  # ... or a run covering less than this share of the text


def collapsed(text: str) -> bool:
    """True when ``text`` collapsed into repetition: one character or short piece over and over
    (``ㅋㅋㅋㅋ…``, ``connectconnect…``, ``네 네 네 …``), or a longer span of words said three times or more in a row
    (a sentence or two repeated, the way a summary model loops), covering much of it.

    >>> collapsed("ㅋ" * 250), collapsed("정말 재미있어요 ㅋㅋㅋ")
    (True, False)
    >>> collapsed("The council met on Monday and approved the new budget for schools. " * 3)
    True
    """
    squeezed = "".join(text.split())
    if len(squeezed) < COLLAPSE_MIN_CHARS:
        return False
    longest = max((m.end() - m.start() for m in _REPEATED.finditer(squeezed)), default=0)
    if longest >= COLLAPSE_MIN_CHARS and longest >= COLLAPSE_SHARE * len(squeezed):
        return True
    return _repeated_span(text.split()) >= COLLAPSE_SHARE


# A span of 2 to SPAN_MAX_WORDS words, SPAN_REPEATS or more times in a row. Each distinct word becomes one private-use
# character, so the regular expression works on words (a 20,000-character text is a few thousand of them).
SPAN_MAX_WORDS = 80
SPAN_REPEATS = 3
_REPEATED_SPAN = re.compile(rf"(.{{2,{SPAN_MAX_WORDS}}}?)\1{{{SPAN_REPEATS - 1},}}", re.DOTALL)


def _repeated_span(words: list[str]) -> float:
    """The share of ``words`` (by characters) in the longest run of a repeated span of words."""
    if len(words) < 2 * SPAN_REPEATS:
        return 0.0
    codes: dict[str, str] = {}
    coded = "".join(codes.setdefault(w.strip(".,!?;:…\"'"), chr(0xF0000 + len(codes))) for w in words)
    total = sum(len(w) for w in words)
    best = 0
    for match in _REPEATED_SPAN.finditer(coded):
        best = max(best, sum(len(w) for w in words[match.start():match.end()]))
    return best / total if total else 0.0


def drop_collapsed(results: list[Generated]) -> tuple[list[Generated], int]:
    """``results`` with collapsed texts emptied (never shown), and how many there were."""
    kept = [Generated("", r.input_tokens, r.output_tokens) if collapsed(r.text) else r for r in results]
    return kept, sum(1 for r in results if collapsed(r.text))


def collapse_note(count: int, total: int, what: str) -> Message | str:
    """The note a tab shows under a result, as a message it renders in the page's language ("" when nothing
    collapsed). ``what``: sentence or part."""
    if not count:
        return ""
    unit = Message("unit_sentences" if what == "sentence" else "unit_parts")
    return Message("output_collapsed", count=count, total=total, what=unit, are="is" if count == 1 else "are")


def _lang_code(runner: Seq2SeqModel, language: str) -> str:
    """The model's code for an ISO 639-1 language: the catalog's ``lang_codes`` map (NLLB: kor_Hang), else as is."""
    return str((runner.entry.options.get("lang_codes") or {}).get(language, language))


def _lang_id(runner: Seq2SeqModel, language: str) -> int:
    code = _lang_code(runner, language)
    get_lang_id = getattr(runner.tokenizer, "get_lang_id", None)  # M2M100: "ko" -> id of "__ko__"
    return int(get_lang_id(code)) if get_lang_id else int(runner.tokenizer.convert_tokens_to_ids(code))


def run_batched(runner: Seq2SeqModel, texts: Sequence[str], settings: Settings, *, source: str | None = None,
                target: str | None = None, stop: threading.Event | None = None,
                on_batch: Callable[[int, int], None] | None = None,
                batch_size: int = limits.SEQ2SEQ_BATCH) -> list[Generated]:
    """Run ``texts`` in batches of similar length (less padding); results in the input's order.

    ``on_batch(done, total)`` is called after each batch; a set ``stop`` ends the run between and within batches.
    """
    # Sorted by token count: a batch generates until its longest text's limit, so similar lengths waste least.
    sizes = [runner.count_tokens(text) for text in texts]
    order = sorted(range(len(texts)), key=lambda i: sizes[i])
    results: list[Generated | None] = [None] * len(texts)
    done = 0
    for start in range(0, len(order), batch_size):
        if stop is not None and stop.is_set():
            break
        picked = order[start : start + batch_size]
        for i, generated in zip(picked, run(runner, [texts[i] for i in picked], settings, source=source,
                                            target=target, stop=stop), strict=True):
            results[i] = generated
        done += len(picked)
        if on_batch:
            on_batch(done, len(texts))
    return [r if r is not None else Generated("", 0, 0) for r in results]


# -- ZeroGPU ------------------------------------------------------------------------------------------------
def _gpu_seconds(key: str, texts: list[str], settings: Settings, source: str | None, target: str | None) -> int:
    """A ZeroGPU slot sized from the work (``playground.gpu_time``): batches × the new tokens the longest input
    may get (its tokens × the length ratio) × the beams the model actually uses."""
    from playground import gpu_time
    from playground.engine import active_engine

    runner: Seq2SeqModel = active_engine().loaded(key)
    longest = max((runner.count_tokens(text) for text in texts), default=0)
    beams = settings.num_beams or int(getattr(getattr(runner.model, "generation_config", None), "num_beams", 1) or 1)
    return gpu_time.seq2seq_seconds(texts=len(texts), longest_input_tokens=longest,
                                    max_new_tokens=min(settings.max_new_tokens, runner.max_output),
                                    length_ratio=settings.length_ratio, beams=beams, params=runner.entry.params)


@gpu_task(duration=_gpu_seconds)
def run_on_zerogpu(key: str, texts: list[str], settings: Settings, source: str | None,
                   target: str | None) -> list[Generated]:
    """Runs in ZeroGPU's forked worker on the preloaded model (only picklable values cross)."""
    from playground.engine import active_engine

    return run_batched(active_engine().loaded(key), texts, settings, source=source, target=target)


def generate(engine: Engine, runner: Seq2SeqModel, texts: list[str], settings: Settings, *,
             source: str | None = None, target: str | None = None, stop: threading.Event | None = None,
             on_batch: Callable[[int, int], None] | None = None) -> list[Generated]:
    """:func:`run_batched` here, or in a ZeroGPU slot there."""
    if engine.placement.zerogpu:
        results = run_on_zerogpu(runner.entry.key, list(texts), settings, source, target)
        if on_batch:
            on_batch(len(texts), len(texts))
        return results
    return run_batched(runner, texts, settings, source=source, target=target, stop=stop, on_batch=on_batch)
