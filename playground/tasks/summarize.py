"""Summarize: one text → a summary, long texts by chunks and a summary of the summaries.

A text longer than the model's window is split on paragraph and sentence boundaries into chunks that fit, each
chunk is summarised (in batches), and the joined summaries are summarised again until one piece remains.

>>> result = summarize(engine, open("article.txt").read(), length="short")
>>> result.text, result.input_tokens, result.output_tokens, result.chunks
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from playground import limits
from playground.catalog import AUTO, ModelEntry
from playground.engine import shown_model_id
from playground.errors import BadInput
from playground.tasks import languages, seq2seq
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
    def checked(cls, length: object = "medium", num_beams: object = 4, sample: object = False,
                temperature: object = 0.7) -> Options:
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


def summarize(engine: Engine, text: object, model: object = AUTO, options: Options | None = None, *,
              stop: threading.Event | None = None, progress: Progress | None = None) -> Summary:
    """Summarise ``text``; chunks and rounds as needed. ``stop`` ends the run with what is done so far."""
    text = clean_text(text, limit=limits.SUMMARIZE_MAX_CHARS, keep_newlines=True)
    options = options or Options()
    entry = pick_model(engine, text, model)
    if seq2seq.is_instruct(entry):
        return _summarize_instruct(engine, entry, text, options, stop=stop, progress=progress)
    runner: Seq2SeqModel = engine.model(entry, progress)
    budget = max(16, runner.context_window - 8)  # room for the special tokens the tokenizer adds
    input_tokens = runner.count_tokens(text)
    paragraphs = [split_sentences(p) for p in split_paragraphs(text)]
    chunks = chunk_sentences(paragraphs, runner.count_tokens, budget) if input_tokens > budget else [text]
    first_chunks, rounds = len(chunks), 0
    while True:
        rounds += 1
        final = len(chunks) == 1
        # Parts' summaries must fit one window together, so the next round is the last (or close to it).
        settings = options.settings(input_tokens) if final else options.part_settings(budget // len(chunks))

        what = "Summarising" if final else f"Round {rounds}: summarising part"

        def report(done: int, total: int, what: str = what) -> None:
            if progress:
                progress(done / total, f"{what} {done}/{total}" if total > 1 else f"{what}…")

        if progress:
            progress(0.0, f"Summarising {len(chunks)} part(s)…" if not final else "Summarising…")
        results = seq2seq.generate(engine, runner, chunks, settings, stop=stop, on_batch=report)
        summaries = [r.text for r in results if r.text]
        stopped = bool(stop and stop.is_set())
        if final or stopped or not summaries or rounds >= limits.SUMMARIZE_MAX_ROUNDS:
            joined = " ".join(summaries)
            return Summary(joined, entry.id, input_tokens, sum(r.output_tokens for r in results), first_chunks,
                           rounds, stopped, settings)
        # Summaries of the parts, in order, become the next round's text.
        chunks = chunk_sentences([split_sentences(s) for s in summaries], runner.count_tokens, budget)


def _summarize_instruct(engine: Engine, entry: ModelEntry, text: str, options: Options, *,
                        stop: threading.Event | None, progress: Progress | None) -> Summary:
    language = languages.name(dominant_script(text)).split(" · ")[0]
    instruction = (f"You summarise texts for students. Summarise the user's text {INSTRUCTION[options.length]}, "
                   f"in {language}. Reply with the summary only.")
    result = seq2seq.instruct(engine, entry, instruction, text, options.settings(), stop=stop, progress=progress)
    return Summary(result.text, entry.id, result.input_tokens, result.output_tokens, 1, 1,
                   bool(stop and stop.is_set()), options.settings())


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
    sample = (text or "요약할 글을 여기에 넣으세요.")[:400]
    if seq2seq.is_instruct(entry):
        return (
            "from transformers import pipeline\n\n"
            f"chat = pipeline(\"text-generation\", model={json.dumps(source)})\n"
            f"messages = [{{\"role\": \"system\", \"content\": \"Summarise the user's text "
            f"{INSTRUCTION[options.length]}.\"}},\n"
            f"            {{\"role\": \"user\", \"content\": {json.dumps(sample, ensure_ascii=False)}}}]\n"
            f"print(chat(messages, max_new_tokens={settings.max_new_tokens})[0][\"generated_text\"][-1]"
            "[\"content\"])\n"
        )
    arguments = ", ".join(f"{k}={v!r}" for k, v in settings.generate_kwargs().items())
    return (
        "from transformers import AutoModelForSeq2SeqLM, AutoTokenizer\n\n"
        f"tokenizer = AutoTokenizer.from_pretrained({json.dumps(source)})\n"
        f"model = AutoModelForSeq2SeqLM.from_pretrained({json.dumps(source)})\n"
        f"text = {json.dumps(sample, ensure_ascii=False)}\n"
        "inputs = tokenizer(text, return_tensors=\"pt\", truncation=True, return_token_type_ids=False)\n"
        f"output = model.generate(**inputs, {arguments})\n"
        "print(tokenizer.decode(output[0], skip_special_tokens=True))\n"
    )
