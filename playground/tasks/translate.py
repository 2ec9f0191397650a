"""Translate: text between Korean, English, Japanese, Chinese, French, German, Spanish, Vietnamese and Russian.

Routing for "auto": a dedicated pair model when the catalog has one (OPUS-MT ko→en), else a many-to-many model
(M2M100, NLLB) told the target language, else the chat model with an instruction. Text is translated sentence by
sentence, all sentences of a request in batches, and put back into its lines and paragraphs.

>>> result = translate(engine, "안녕하세요. 만나서 반가워요.", source="detect", target="en")
>>> result.text, result.source, result.detected
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from playground import limits, tokenizer_check
from playground.catalog import AUTO, ModelEntry
from playground.engine import shown_model_id
from playground.errors import BadInput, Message
from playground.tasks import instruct, languages, seq2seq
from playground.tasks.languages import DETECT, NO_SPACES, Detection
from playground.tasks.seq2seq import Seq2SeqModel, Settings
from playground.text import clean_text, fit_pieces, split_sentences

if TYPE_CHECKING:
    from playground.engine import Engine, Progress

TASK = "translate"
PAIR, MANY = "pair", "many"
LENGTH_RATIO = 3.0  # output tokens per input token at most (Korean ⇄ English token counts differ a lot)
load = seq2seq.load  # the engine's loader for this task's seq2seq models


@dataclass(frozen=True)
class Translation:
    text: str
    model_id: str
    source: str
    target: str
    detected: Detection | None  # set when the source was "detect"
    sentences: int
    input_tokens: int
    output_tokens: int
    stopped: bool = False
    note: str = ""  # bilingual; set when sentences collapsed into repetition and were left out


def supports(entry: ModelEntry, source: str, target: str) -> bool:
    """Whether ``entry`` translates ``source`` → ``target``."""
    if entry.options.get("kind") == PAIR:
        return entry.options.get("source") == source and entry.options.get("target") == target
    return source in entry.languages and target in entry.languages


def _rank(entry: ModelEntry, profile: str) -> tuple[int, int]:
    kind = entry.options.get("kind", MANY)
    return ({PAIR: 0, MANY: 1}.get(kind, 2), 0 if profile in entry.default else 1)


def route(engine: Engine, source: str, target: str) -> ModelEntry:
    """The best offered model for the pair: a pair model, then many-to-many, then instruct; defaults first."""
    offered = [engine.catalog.entry(TASK, c) for c in engine.choices(TASK) if c != AUTO]
    able = sorted((e for e in offered if supports(e, source, target)), key=lambda e: _rank(e, engine.placement.profile))
    if not able:
        raise BadInput("unsupported_pair", source=languages.named(source), target=languages.named(target),
                       pairs=pairs_text(offered))
    return able[0]


def pairs_text(entries: list[ModelEntry]) -> str:
    """What the catalog can do, for messages: "en→ko, ko→en, any two of ko/en/ja (M2M100 418M)"."""
    parts = []
    for entry in entries:
        if entry.options.get("kind") == PAIR:
            parts.append(f"{entry.options.get('source')}→{entry.options.get('target')}")
        else:
            parts.append(f"any two of {'/'.join(entry.languages)} ({entry.name})")
    return "; ".join(dict.fromkeys(parts)) or "-"


def pick_model(engine: Engine, source: str, target: str, model: object = AUTO) -> ModelEntry:
    if model in (AUTO, None, ""):  # routing by the pair always makes sense here, whatever the catalog's "auto"
        return route(engine, source, target)
    entry = engine.resolve(TASK, model) or route(engine, source, target)
    if not supports(entry, source, target):
        raise BadInput("model_cannot_pair", name=entry.name, source=languages.named(source),
                       target=languages.named(target))
    return entry


def languages_of(engine: Engine, text: str, source: object, target: object) -> tuple[str, str, Detection | None]:
    """Checked source and target codes; "detect" resolved with lingua (its confidence kept for the page)."""
    src = languages.checked(source, allow_detect=True)
    tgt = languages.checked(target)
    detected = None
    if src == DETECT:
        detected = languages.detect(text)
        src = detected.language
        if src == tgt:  # as Papago and Google Translate do: the text is already in the target, so turn it around
            tgt = turned_around(src)
    if src == tgt:
        raise BadInput("same_language", language=languages.named(src))
    return src, tgt, detected


def turned_around(language: str) -> str:
    """The target for a text detected in the chosen target language: Korean ↔ English, anything else → Korean.

    >>> turned_around("ko"), turned_around("en"), turned_around("ja")
    ('en', 'ko', 'ko')
    """
    return "en" if language == "ko" else "ko"


def translate(engine: Engine, text: object, source: object = DETECT, target: object = "en",
              model: object = AUTO, *, stop: threading.Event | None = None,
              progress: Progress | None = None) -> Translation:
    """Translate ``text``; lines and paragraphs keep their places, sentences are translated in batches."""
    text = clean_text(text, limit=limits.TRANSLATE_MAX_CHARS, keep_newlines=True)
    if progress and source == DETECT:
        progress(None, Message("progress_detecting"))  # the detector is built on first use (about a second)
    src, tgt, detected = languages_of(engine, text, source, target)
    entry = pick_model(engine, src, tgt, model)
    if instruct.is_instruct(entry):
        return _translate_instruct(engine, entry, text, src, tgt, detected, stop=stop, progress=progress)
    runner: Seq2SeqModel = engine.model(entry, progress)
    budget = max(8, runner.context_window - 8)
    lines = text.split("\n")
    layout = [[p for s in split_sentences(line) for p in fit_pieces(s, runner.count_tokens, budget)] for line in lines]
    flat = [sentence for line in layout for sentence in line]

    def report(done: int, total: int) -> None:
        if progress:
            progress(done / total, Message("progress_translating_n", done=done, total=total))

    if progress:
        progress(0.0, Message("progress_translating", count=len(flat)))
    settings = Settings(max_new_tokens=limits.TRANSLATE_MAX_NEW_TOKENS, length_ratio=LENGTH_RATIO)
    generated_all, collapsed = seq2seq.drop_collapsed(
        seq2seq.generate(engine, runner, flat, settings, source=src, target=tgt, stop=stop, on_batch=report))
    results = iter(generated_all)
    glue = "" if tgt in NO_SPACES else " "
    translated = [[next(results) for _ in line] for line in layout]
    # A sentence's translation stays on its line (a stray newline in a model's output would shift the layout).
    out = "\n".join(glue.join(" ".join(g.text.split("\n")) for g in line if g.text) for line in translated)
    generated = [g for line in translated for g in line]
    return Translation(out, entry.id, src, tgt, detected, len(flat), sum(g.input_tokens for g in generated),
                       sum(g.output_tokens for g in generated), bool(stop and stop.is_set()),
                       seq2seq.collapse_note(collapsed, len(flat), "sentence"))


def _translate_instruct(engine: Engine, entry: ModelEntry, text: str, src: str, tgt: str,
                        detected: Detection | None, *, stop: threading.Event | None,
                        progress: Progress | None) -> Translation:
    result = instruct.ask(engine, entry, instruction_for(src, tgt), text, INSTRUCT_SETTINGS, stop=stop,
                          progress=progress)
    (result,), collapsed = seq2seq.drop_collapsed([result])
    return Translation(result.text, entry.id, src, tgt, detected, len(split_sentences(text)), result.input_tokens,
                       result.output_tokens, bool(stop and stop.is_set()), seq2seq.collapse_note(collapsed, 1, "part"))


INSTRUCT_SETTINGS = Settings(max_new_tokens=limits.CHAT_MAX_NEW_TOKENS, length_ratio=LENGTH_RATIO)


def instruction_for(source: str, target: str) -> str:
    """The system prompt the chat model gets (and the code panel shows)."""
    return (f"You are a translator. Translate the user's text from {languages.LANGUAGES[source][0]} to "
            f"{languages.LANGUAGES[target][0]}. Keep the line breaks. Reply with the translation only.")


def code_snippet(engine: Engine, text: str, source: str, target: str, model: object = AUTO) -> str:
    """The ``transformers`` lines that translate ``text`` with the model the app would pick."""
    sample = (text or "안녕하세요. 만나서 반가워요.")[:300]
    try:
        src, tgt, _ = languages_of(engine, sample, source, target)
        entry = pick_model(engine, src, tgt, model)
    except BadInput:
        return "# Choose a source and a target language (and a model that translates between them)."
    source_id = json.dumps(shown_model_id(entry))  # never a machine's folder
    quoted = json.dumps(sample, ensure_ascii=False)
    if instruct.is_instruct(entry):
        return instruct.code_snippet(engine, entry, instruction_for(src, tgt), sample, INSTRUCT_SETTINGS)
    runner, tokenizer = seq2seq.loaded_or_tokenizer(engine, entry)
    name, load_tokenizer = tokenizer_check.code_lines(entry, shown_model_id(entry))
    head = (
        f"from transformers import AutoModelForSeq2SeqLM, {name}\n\n"
        f"{load_tokenizer}"
        f"model = AutoModelForSeq2SeqLM.from_pretrained({source_id})\n"
    )
    if entry.options.get("kind") == PAIR:
        # The prefix the engine really puts first (none unless the vocabulary has the catalog's token).
        prefix = runner.target_prefix if runner else (seq2seq.target_prefix(entry, tokenizer) if tokenizer else "")
        text_expr = json.dumps(f"{prefix} {sample}" if prefix else sample, ensure_ascii=False)
        return (head + f"inputs = tokenizer({text_expr}, return_tensors=\"pt\")\n"
                "output = model.generate(**inputs, max_new_tokens=256)\n"
                "print(tokenizer.decode(output[0], skip_special_tokens=True))\n")
    codes = entry.options.get("lang_codes") or {}
    src_code, tgt_code = codes.get(src, src), codes.get(tgt, tgt)
    force = (f"tokenizer.get_lang_id({tgt_code!r})" if not codes
             else f"tokenizer.convert_tokens_to_ids({tgt_code!r})")
    # M2M100's language tokens (__ko__) are not special in its tokenizer, so decode() would print the one the
    # output starts with: the first two tokens (the decoder's start, the target language) are left out, as the app does.
    start = "[2:]" if not codes else ""
    note = "  # [2:]: after the start token and the target language token\n" if start else "\n"
    return (head + f"tokenizer.src_lang = {src_code!r}\n"
            f"inputs = tokenizer({quoted}, return_tensors=\"pt\")\n"
            f"output = model.generate(**inputs, forced_bos_token_id={force}, max_new_tokens=256)\n"
            f"print(tokenizer.decode(output[0]{start}, skip_special_tokens=True)){note}")
