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
from collections.abc import Sequence
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


def pairs_text(entries: list[ModelEntry]) -> Message:
    """What the catalog can do, for messages, in the page's language: "Korean → English; any two of
    Korean/English/Japanese (M2M100 418M)" / "한국어 → 영어; 한국어/영어/일본어 중 두 언어 (M2M100 418M)"."""
    parts: dict[str, list[str]] = {"en": [], "ko": []}

    def names(codes: Sequence[object], lang: int) -> list[str]:
        known = languages.LANGUAGES
        return [known[c][lang] if isinstance(c, str) and c in known else str(c) for c in codes]

    for entry in entries:
        if entry.options.get("kind") == PAIR:
            pair = [entry.options.get("source"), entry.options.get("target")]
            parts["en"].append(" → ".join(names(pair, 0)))
            parts["ko"].append(" → ".join(names(pair, 1)))
        else:
            parts["en"].append(f"any two of {'/'.join(names(entry.languages, 0))} ({entry.name})")
            parts["ko"].append(f"{'/'.join(names(entry.languages, 1))} 중 두 언어 ({entry.name})")
    return Message("language_name", en="; ".join(dict.fromkeys(parts["en"])) or "-",
                   ko="; ".join(dict.fromkeys(parts["ko"])) or "-")


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


SAMPLE = "안녕하세요. 만나서 반가워요."  # the code panel's text before anything is translated


def code_snippet(engine: Engine, text: str, source: str, target: str, model: object = AUTO) -> str:
    """The ``transformers`` lines that translate ``text`` as the app does: the same sentences (each line cut into
    its sentences, a sentence longer than the model's window in pieces), translated in the same batches with the
    same generation settings, put back into the same lines."""
    try:
        text = clean_text(text or SAMPLE, limit=limits.TRANSLATE_MAX_CHARS, keep_newlines=True)
    except BadInput:
        text = SAMPLE
    try:
        src, tgt, _ = languages_of(engine, text, source, target)
        entry = pick_model(engine, src, tgt, model)
    except BadInput:
        return "# Choose a source and a target language (and a model that translates between them)."
    if instruct.is_instruct(entry):
        return instruct.code_snippet(engine, entry, instruction_for(src, tgt), text, INSTRUCT_SETTINGS)
    runner, tokenizer = seq2seq.loaded_or_tokenizer(engine, entry)
    settings = Settings(max_new_tokens=limits.TRANSLATE_MAX_NEW_TOKENS, length_ratio=LENGTH_RATIO)
    if runner is not None:  # loaded: the very pieces and window the engine uses
        budget = max(8, runner.context_window - 8)
        layout = [[p for s in split_sentences(line) for p in fit_pieces(s, runner.count_tokens, budget)]
                  for line in text.split("\n")]
    else:  # not loaded yet (the panel before the first run): sentences, which fit any window at this length
        layout = [split_sentences(line) for line in text.split("\n")]
    source_id = json.dumps(shown_model_id(entry))  # never a machine's folder
    name, load_tokenizer = tokenizer_check.code_lines(entry, shown_model_id(entry))
    lines = "[\n" + "".join(f"    {json.dumps(line, ensure_ascii=False)},\n" for line in layout) + "]"
    many = entry.options.get("kind") != PAIR
    setup, generate_extra, prefix = "", "", ""
    if many:
        codes = entry.options.get("lang_codes") or {}
        src_code, tgt_code = codes.get(src, src), codes.get(tgt, tgt)
        uses_lang_id = hasattr(tokenizer, "get_lang_id") if tokenizer is not None else not codes
        force = (f"tokenizer.get_lang_id({tgt_code!r})" if uses_lang_id
                 else f"tokenizer.convert_tokens_to_ids({tgt_code!r})")
        setup = (f"tokenizer.src_lang = {src_code!r}  # the text's language; the output is forced to start in the "
                 "target's\n")
        generate_extra = f", forced_bos_token_id={force}"
    else:
        # The prefix the engine really puts first (none unless the vocabulary has the catalog's token).
        prefix = runner.target_prefix if runner else (seq2seq.target_prefix(entry, tokenizer) if tokenizer else "")
    window = f", max_length={runner.context_window}" if runner is not None else ""
    cap = runner.max_output - 1 if runner is not None else settings.max_new_tokens
    most = settings.max_new_tokens
    limit_expr = f"min(limit(max(lengths)), {cap})" if cap < most else "limit(max(lengths))"
    glue = "" if tgt in NO_SPACES else " "
    batch = limits.SEQ2SEQ_BATCH
    put = f"{json.dumps(prefix + ' ')} + sentences[i]" if prefix else "sentences[i]"
    return (
        f"from transformers import AutoModelForSeq2SeqLM, {name}\n\n"
        f"{load_tokenizer}"
        f"model = AutoModelForSeq2SeqLM.from_pretrained({source_id}"
        f"{f', revision={json.dumps(entry.revision)}' if entry.revision else ''})\n"
        f"{setup}\n"
        "# The text's lines, each cut into its sentences, as the app cut them\n"
        f"lines = {lines}\n"
        "sentences = [sentence for line in lines for sentence in line]\n\n\n"
        "def limit(tokens):  # new tokens a sentence may get: 3 per token of it, plus 16, at most "
        f"{most}\n"
        f"    return min({most}, int({LENGTH_RATIO} * tokens) + 16)\n\n\n"
        f"# Translated {batch} at a time, sentences of similar length together (less padding), greedy decoding\n"
        "sizes = [len(tokenizer(s, add_special_tokens=False)[\"input_ids\"]) for s in sentences]\n"
        "order = sorted(range(len(sentences)), key=lambda i: sizes[i])\n"
        "skip = set(tokenizer.all_special_ids) | set((getattr(tokenizer, \"lang_code_to_id\", None) or {}).values())\n"
        "translated = [\"\"] * len(sentences)\n"
        f"for start in range(0, len(order), {batch}):\n"
        f"    batch = order[start : start + {batch}]\n"
        f"    inputs = tokenizer([{put} for i in batch], return_tensors=\"pt\", padding=True, truncation=True"
        f"{window},\n"
        "                       return_token_type_ids=False)\n"
        "    lengths = inputs[\"attention_mask\"].sum(dim=1).tolist()\n"
        f"    output = model.generate(**inputs, max_new_tokens={limit_expr}, do_sample=False{generate_extra})\n"
        "    for i, row, length in zip(batch, output.tolist(), lengths):\n"
        "        ids = [t for t in row[: limit(length)] if t not in skip]  # without the start and language tokens\n"
        "        translated[i] = tokenizer.decode(ids, skip_special_tokens=True).strip()\n\n"
        "# Each line put back together (the app also leaves out a translation that collapsed into repetition)\n"
        "done = iter(translated)\n"
        f"print(\"\\n\".join({json.dumps(glue)}.join(t.replace(\"\\n\", \" \") for t in [next(done) for _ in line]"
        " if t)\n                for line in lines))\n"
    )
