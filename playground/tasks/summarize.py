"""Summarize: one text → a summary, long texts by chunks and a summary of the summaries.

A text longer than the model's window is split on paragraph and sentence boundaries into chunks that fit, each
chunk is summarised (in batches), and the joined summaries are summarised again until one piece remains.

>>> result = summarize(engine, open("article.txt").read(), length="short")
>>> result.text, result.input_tokens, result.output_tokens, result.chunks
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from playground import limits, tokenizer_check
from playground.catalog import AUTO, ModelEntry
from playground.engine import shown_model_id
from playground.errors import BadInput, Message
from playground.tasks import instruct, languages, seq2seq
from playground.tasks.seq2seq import Seq2SeqModel, Settings
from playground.text import checked_number, clean_text, dominant_script, fit_pieces, split_paragraphs, split_sentences

if TYPE_CHECKING:
    from playground.engine import Engine, Progress

TASK = "summarize"
LENGTHS = tuple(limits.SUMMARIZE_LENGTHS)  # short, medium, long
INSTRUCTION = {
    "short": "in one or two sentences",
    "medium": "in three to five sentences",
    "long": "in one detailed paragraph",
}
load = seq2seq.load  # the engine's loader for this task's seq2seq models


@dataclass(frozen=True)
class Summary:
    text: str
    model_id: str
    input_tokens: int
    output_tokens: int
    chunks: int  # pieces the text was split into at first (1 = it fit)
    rounds: int  # summarising passes (2+ = summaries of summaries)
    stopped: bool = False
    settings: Settings | None = None  # the last pass's decoding settings (for the code panel)
    note: str = ""  # bilingual; set when a part's summary collapsed into repetition and was left out

    @property
    def ratio(self) -> float:
        """How many times shorter the summary is, in tokens."""
        return self.input_tokens / self.output_tokens if self.output_tokens else 0.0


@dataclass(frozen=True)
class Options:
    """Summary settings, checked on the server whatever a client sends."""

    length: str = "medium"
    num_beams: int = 4
    sample: bool = False
    temperature: float = 0.7

    @classmethod
    def checked(cls, length: object = length, num_beams: object = num_beams, sample: object = sample,  # as above
                temperature: object = temperature) -> Options:
        if length not in limits.SUMMARIZE_LENGTHS:
            raise BadInput("bad_option", name="length", allowed=", ".join(LENGTHS), value=str(length)[:40])
        if not isinstance(sample, bool):
            raise BadInput("bad_option", name="sample", allowed="true, false", value=str(sample)[:40])
        beams = int(checked_number("num_beams", num_beams, *limits.SEQ2SEQ_BEAMS, whole=True))
        temp = checked_number("temperature", temperature, *limits.SEQ2SEQ_TEMPERATURE)
        return cls(str(length), beams, sample, temp)

    def settings(self, input_tokens: int = 0) -> Settings:
        """Decoding settings; a short text gets a summary no longer than itself (and no forced minimum beyond half)."""
        low, high = limits.SUMMARIZE_LENGTHS[self.length]
        if input_tokens:
            high = min(high, max(8, input_tokens))
            low = min(low, high // 2)
        return Settings(max_new_tokens=high, min_new_tokens=low, num_beams=1 if self.sample else self.num_beams,
                        do_sample=self.sample, temperature=self.temperature, top_p=0.95 if self.sample else 1.0,
                        no_repeat_ngram_size=3)

    def part_settings(self, share: int) -> Settings:
        """Settings for one part of a long text: at most ``share`` tokens (at least 24), "medium" at most."""
        low, high = limits.SUMMARIZE_LENGTHS["medium"]
        high = max(24, min(high, share))
        return replace(self.settings(), max_new_tokens=high, min_new_tokens=min(low, high // 2))


def pick_model(engine: Engine, text: str, model: object = AUTO) -> ModelEntry:
    """The catalog entry for ``model``; "auto" picks the default for the text's language (Hangul → Korean)."""
    entry = engine.resolve(TASK, model)
    return entry if entry is not None else engine.route(TASK, dominant_script(text))


def chunk_sentences(paragraphs: Sequence[Sequence[str]], count: Callable[[str], int], budget: int) -> list[str]:
    """Pack sentences into chunks of at most ``budget`` tokens, in order, each sentence exactly once.

    A chunk ends at a paragraph boundary when it is already half full; a sentence longer than the budget is cut
    at word (or, for unspaced scripts, character) boundaries into pieces that fit.
    """
    chunks: list[str] = []
    current: list[str] = []
    used = 0

    def flush() -> None:
        nonlocal current, used
        if current:
            chunks.append(" ".join(current))
        current, used = [], 0

    for paragraph in paragraphs:
        if current and used >= budget // 2:
            flush()
        for sentence in paragraph:
            for piece in fit_pieces(sentence, count, budget):
                size = count(piece) + 1
                if current and used + size > budget:
                    flush()
                current.append(piece)
                used += size
    flush()
    return chunks


def summarize(engine: Engine, text: object, model: object = AUTO,
              options: Options | dict[str, object] | None = None, *, stop: threading.Event | None = None,
              progress: Progress | None = None) -> Summary:
    """Summarise ``text``; chunks and rounds as needed. ``stop`` ends the run with what is done so far.

    ``options``: checked options, or the raw values a client sent as a dict (checked here).
    """
    text = clean_text(text, limit=limits.SUMMARIZE_MAX_CHARS, keep_newlines=True)
    options = Options.checked(**options) if isinstance(options, dict) else options or Options()
    entry = pick_model(engine, text, model)
    if instruct.is_instruct(entry):
        return _summarize_instruct(engine, entry, text, options, stop=stop, progress=progress)
    runner: Seq2SeqModel = engine.model(entry, progress)
    budget = max(16, runner.context_window - 8)  # room for the special tokens the tokenizer adds
    input_tokens = runner.count_tokens(text)
    paragraphs = [split_sentences(p) for p in split_paragraphs(text)]
    chunks = chunk_sentences(paragraphs, runner.count_tokens, budget) if input_tokens > budget else [text]
    first_chunks, rounds = len(chunks), 0
    seed = secrets.randbelow(2**31) if options.sample else None  # a sampled summary's seed (its code prints it)
    collapsed = parts_seen = 0  # parts whose summary collapsed into repetition (left out), of all parts summarised
    while True:
        rounds += 1
        final = len(chunks) == 1
        # Parts' summaries must fit one window together, so the next round is the last (or close to it).
        settings = options.settings(input_tokens) if final else options.part_settings(budget // len(chunks))
        settings = replace(settings, seed=seed)

        what = ("progress_summarising", {}) if final else ("progress_summarising_round", {"round": rounds})

        def report(done: int, total: int, what: tuple[str, dict] = what) -> None:
            if progress:
                progress(done / total,
                         Message(what[0] + ("_n" if total > 1 else ""), done=done, total=total, **what[1]))

        if progress:
            progress(0.0, Message("progress_summarising_parts", count=len(chunks)) if not final
                     else Message("progress_summarising"))
        results, dropped = seq2seq.drop_collapsed(
            seq2seq.generate(engine, runner, chunks, settings, stop=stop, on_batch=report))
        collapsed, parts_seen = collapsed + dropped, parts_seen + len(chunks)
        summaries = [r.text for r in results if r.text]
        stopped = bool(stop and stop.is_set())
        if final or stopped or not summaries or rounds >= limits.SUMMARIZE_MAX_ROUNDS:
            joined = " ".join(summaries)
            return Summary(joined, entry.id, input_tokens, sum(r.output_tokens for r in results), first_chunks,
                           rounds, stopped, settings, seq2seq.collapse_note(collapsed, parts_seen, "part"))
        # Summaries of the parts, in order, become the next round's text.
        chunks = chunk_sentences([split_sentences(s) for s in summaries], runner.count_tokens, budget)


def instruction_for(text: str, options: Options) -> str:
    """The system prompt the chat model gets (and the code panel shows)."""
    language = languages.name(dominant_script(text)).split(" · ")[0]
    return (f"You summarise texts for students. Summarise the user's text {INSTRUCTION[options.length]}, "
            f"in {language}. Reply with the summary only.")


def _summarize_instruct(engine: Engine, entry: ModelEntry, text: str, options: Options, *,
                        stop: threading.Event | None, progress: Progress | None) -> Summary:
    settings = replace(options.settings(), seed=secrets.randbelow(2**31) if options.sample else None)
    result = instruct.ask(engine, entry, instruction_for(text, options), text, settings, stop=stop,
                          progress=progress)
    (result,), collapsed = seq2seq.drop_collapsed([result])
    return Summary(result.text, entry.id, result.input_tokens, result.output_tokens, 1, 1,
                   bool(stop and stop.is_set()), settings, seq2seq.collapse_note(collapsed, 1, "part"))


def code_snippet(engine: Engine, model: object, text: str, options: Options | None = None,
                 settings: Settings | None = None) -> str:
    """The ``transformers`` lines that summarise ``text`` the same way (one part; ``settings``: a result's)."""
    options = options or Options()
    settings = settings or options.settings()
    try:
        entry = pick_model(engine, text or "요약할 글", model)
    except BadInput:
        entry = engine.route(TASK, "en")
    source = shown_model_id(entry)  # never a machine's folder
    text = clean_text(text, limit=limits.SUMMARIZE_MAX_CHARS, keep_newlines=True) if text else ""  # as summarised
    sample = text or "요약할 글을 여기에 넣으세요."
    if instruct.is_instruct(entry):
        return instruct.code_snippet(engine, entry, instruction_for(sample, options), sample, settings)
    arguments = ", ".join(f"{k}={v!r}" for k, v in settings.generate_kwargs().items())
    name, load_tokenizer = tokenizer_check.code_lines(entry, source)
    head = (
        f"from transformers import AutoModelForSeq2SeqLM, {name}\n\n"
        f"{load_tokenizer}"
        f"model = AutoModelForSeq2SeqLM.from_pretrained({json.dumps(source)}{_revision(entry)})\n"
    )
    runner, tokenizer = seq2seq.loaded_or_tokenizer(engine, entry)
    parts = _parts(runner, tokenizer, text) if text else []
    if len(parts) > 1:
        return head + _parts_loop(text, parts, runner, options, settings)
    seeded = settings.do_sample and settings.seed is not None
    return (
        (head.replace("from transformers import ", "from transformers import set_seed, ", 1) if seeded else head)
        + f"text = {json.dumps(sample, ensure_ascii=False)}\n"
        "inputs = tokenizer(text, return_tensors=\"pt\", truncation=True, return_token_type_ids=False)\n"
        + (f"set_seed({settings.seed})  # the seed the playground sampled this summary with\n" if seeded else "")
        + f"output = model.generate(**inputs, {arguments})\n"
        "print(tokenizer.decode(output[0], skip_special_tokens=True))\n"
    )


def _revision(entry: ModelEntry) -> str:
    """The catalog's pinned revision as a ``from_pretrained`` argument ("" when none)."""
    return f", revision={json.dumps(entry.revision)}" if entry.revision else ""


def _parts(runner: Seq2SeqModel | None, tokenizer: object, text: str) -> list[str]:
    """The first round's parts, as :func:`summarize` cuts them (one part when the text fits the window)."""
    if runner is None:
        return []
    budget = max(16, runner.context_window - 8)
    if runner.count_tokens(text) <= budget:
        return [text]
    return chunk_sentences([split_sentences(p) for p in split_paragraphs(text)], runner.count_tokens, budget)


def _parts_loop(text: str, parts: list[str], runner: Seq2SeqModel | None, options: Options,
                settings: Settings) -> str:
    """The part-by-part loop the engine ran for a text longer than the model's window."""
    if runner is None:
        raise ValueError("a text longer than the model's window is summarised by a loaded model")
    budget = max(16, runner.context_window - 8)
    part = ", ".join(f"{k}={v!r}" for k, v in options.part_settings(budget // len(parts)).generate_kwargs().items())
    final = ", ".join(f"{k}={v!r}" for k, v in settings.generate_kwargs().items())
    return (
        f"# The text is longer than the model's window ({budget} tokens): the app cut it into {len(parts)} parts at\n"
        "# sentence boundaries, summarised each part, then summarised the parts' summaries (at most "
        f"{limits.SUMMARIZE_MAX_ROUNDS} rounds).\n"
        f"parts = {json.dumps(parts, ensure_ascii=False, indent=0)}\n\n"
        "def summarise(text, **settings):\n"
        "    inputs = tokenizer(text, return_tensors=\"pt\", truncation=True, return_token_type_ids=False)\n"
        "    return tokenizer.decode(model.generate(**inputs, **settings)[0], skip_special_tokens=True)\n\n"
        f"summaries = [summarise(part, {part}) for part in parts]\n"
        "# (if the summaries together are still too long, the app cuts and summarises them once more)\n"
        f"print(summarise(\" \".join(summaries), {final}))\n"
        + ("# Sampled: the app drew its parts in batches, from a generator of its own seeded with "
           f"{settings.seed}; drawn one by one here, the words differ.\n" if settings.do_sample else "")
    )
