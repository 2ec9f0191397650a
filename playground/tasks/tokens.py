"""Tokens: how each catalog model reads a text — every tokenizer side by side, the chat template, morphemes.

Only tokenizers load, never weights: every distinct local (non-remote) model of the chat, sentiment, summarize and
translate catalogs, loaded once (``engine.cache`` under ``tokens:<id>``, single-flight) the way its tab loads it
(``tokenizer_check.load_tokenizer``: the catalog's ``options.tokenizer`` included, never remote code).

>>> result = read(engine, "오늘은 날씨가 좋아요")
>>> [(r.id, r.family, r.count) for r in result.readings]
[('Qwen/Qwen2.5-0.5B-Instruct', 'byte_bpe', 9), ('daekeun-ml/koelectra-small-v3-nsmc', 'wordpiece', 7), ...]
>>> result.readings[0].pieces[0]
Piece(token='ìĺ', id=3119, start=0, end=1, text='', partial='오', bytes='EC 98', ...)

Pieces as a student reads them (each :class:`Piece` keeps the vocabulary's own spelling in ``token``):

- **byte-level BPE** (Qwen, Kanana, BART): a token is a run of UTF-8 bytes written in GPT-2's printable alphabet
  (``Ġ`` = space, ``ì`` = byte 0xEC). Its ``text`` is the characters it completes; a token holding only the first
  bytes of a character (a Hangul syllable is 3 bytes, often cut 2 + 1) has that character in ``partial`` and its
  bytes in ``bytes`` (``"EC 98"``), and the token that completes it carries it in ``text``. So joining every
  piece's ``text`` gives the text back exactly, and no pill ever shows mojibake.
- **SentencePiece** (Marian, M2M100, KoBART): ``▁`` starts a word (``marker``); byte-fallback pieces ``<0xEC>`` are
  bytes like the above.
- **WordPiece** (KoELECTRA, DistilBERT): ``##`` continues a word (``marker``); ``text`` is the piece without it.

Offsets come from the fast tokenizer's backend (``Encoding.offsets``); a tokenizer without one (the sentencepiece
``MarianTokenizer`` / ``M2M100Tokenizer``) is aligned to the text piece by piece. A tokenizer that cannot load is
named in ``failed`` and the others still show.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
import threading
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from playground import limits, tokenizer_check
from playground.catalog import INSTRUCT, ModelEntry
from playground.engine import shown_model_id
from playground.errors import BadInput, Message, ModelUnavailable, PlaygroundError
from playground.hub import pretrained_kwargs
from playground.tasks import chat, morphemes
from playground.text import clean_text

if TYPE_CHECKING:
    from playground.engine import Engine, Progress

log = logging.getLogger(__name__)

TASK = "tokens"
SOURCE_TASKS = ("chat", "sentiment", "summarize", "translate")  # tasks whose models have a tokenizer
FAMILIES = ("wordpiece", "sentencepiece", "byte_bpe", "other")  # the order the tab groups them in
ALL = "all"
CACHE_PREFIX = "tokens:"

# A built-in parallel pair (written for this app): what the same meaning costs in each language.
PAIR = {
    "ko": "오늘은 날씨가 정말 좋아서 친구들과 함께 공원에 갔어요.",
    "en": "The weather was really nice today, so I went to the park with my friends.",
}
# The short conversation the chat view templates; the student's text is its last user message.
CONVERSATION = (
    {"role": "user", "content": "안녕하세요! 토큰이 뭐예요?"},
    {"role": "assistant", "content": "모델이 글을 읽는 단위예요. 글자보다 크거나 작을 수 있어요."},
)
_BYTE_PIECE = re.compile(r"^<0x([0-9A-Fa-f]{2})>$")


# -- data ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Source:
    """One tokenizer the tab offers: a catalog model (deduplicated by id) and the tabs that use it."""

    id: str
    name: str
    tasks: tuple[str, ...]
    entry: ModelEntry


@dataclass(frozen=True)
class Piece:
    """One token as a student sees it; ``start``/``end`` index the text (a special token has ``start == end``)."""

    token: str  # the vocabulary's own spelling: "Ġì¢ĭ", "▁오늘", "##요", "[UNK]"
    id: int
    start: int
    end: int
    text: str  # the characters this token completes (joined over all pieces: the text again)
    marker: str = ""  # "▁" (SentencePiece: starts a word) or "##" (WordPiece: continues one)
    partial: str = ""  # a character this token holds only some bytes of (shown faded)
    bytes: str = ""  # this token's bytes in hex when it splits a character ("EC 98")
    unknown: bool = False
    special: bool = False
    disputed: bool = False  # starts or ends where other tokenizers do not cut


@dataclass(frozen=True)
class Reading:
    """One tokenizer's reading of the text."""

    id: str
    name: str
    family: str
    tasks: tuple[str, ...]
    tokenizer_class: str
    pieces: tuple[Piece, ...]
    seconds: float = 0.0  # the tokenizing itself (warm)

    @property
    def count(self) -> int:
        """Tokens the model reads, special tokens included (what ``encode`` returns)."""
        return len(self.pieces)

    @property
    def text_count(self) -> int:
        """Tokens of the text alone (what ``tokenize`` returns)."""
        return sum(not p.special for p in self.pieces)

    @property
    def unknown(self) -> int:
        return sum(p.unknown for p in self.pieces)

    def chars_per_token(self, text: str) -> float:
        """Non-space characters per text token: higher means the tokenizer reads this text in bigger pieces."""
        letters = sum(not c.isspace() for c in text)
        return round(letters / self.text_count, 2) if self.text_count else 0.0

    def cuts(self) -> set[int]:
        """Positions between characters where this tokenizer cuts: where each piece ends, unless it ends inside a
        character (a byte-level piece holding only some of its bytes)."""
        return {piece.end for piece in self.pieces if not piece.special and not piece.partial}


@dataclass(frozen=True)
class Failure:
    """A tokenizer that could not be read; ``key`` and ``params`` are a :data:`playground.errors.MESSAGES` entry."""

    id: str
    name: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChatView:
    """What a chat model receives: its chat template applied to a short conversation, and that text's tokens."""

    id: str
    name: str
    messages: tuple[dict[str, str], ...]
    templated: str
    reading: Reading

    @property
    def count(self) -> int:
        return self.reading.count


@dataclass(frozen=True)
class Tokens:
    """Everything the tab shows, as data."""

    text: str
    readings: tuple[Reading, ...]
    failed: tuple[Failure, ...]
    disputed: tuple[int, ...]  # cut positions some tokenizers make and others do not
    morphemes: tuple[morphemes.Morpheme, ...] | None
    pair: dict[str, Any]  # {"ko", "en", "rows": [{"id", "ko", "en", "ratio"}]}
    chat: ChatView | Failure | None
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON for the API: per tokenizer its pieces (token, id, start, end, text, flags) and counts."""
        return {
            "text": self.text,
            "tokenizers": [_reading_dict(r, self.text) for r in self.readings],
            "failed": [{"id": f.id, "name": f.name, "error": {"key": f.key, "params": f.params}}
                       for f in self.failed],
            "disagreements": list(self.disputed),
            "morphemes": None if self.morphemes is None else [
                {"form": m.form, "tag": m.tag, "start": m.start, "end": m.end} for m in self.morphemes],
            "pair": self.pair,
            "chat": _chat_dict(self.chat),
        }


def _reading_dict(reading: Reading, text: str) -> dict[str, Any]:
    pieces = [{"token": p.token, "id": p.id, "start": p.start, "end": p.end, "text": p.text,
               **({"partial": p.partial, "bytes": p.bytes} if p.partial else {}),
               **{flag: True for flag in ("unknown", "special", "disputed") if getattr(p, flag)}}
              for p in reading.pieces]
    return {"id": reading.id, "name": reading.name, "family": reading.family, "tasks": list(reading.tasks),
            "tokenizer_class": reading.tokenizer_class, "count": reading.count, "text_count": reading.text_count,
            "unknown": reading.unknown, "chars_per_token": reading.chars_per_token(text), "pieces": pieces}


def _chat_dict(view: ChatView | Failure | None) -> dict[str, Any] | None:
    if view is None:
        return None
    if isinstance(view, Failure):
        return {"id": view.id, "name": view.name, "error": {"key": view.key, "params": view.params}}
    return {"id": view.id, "name": view.name, "messages": list(view.messages), "templated": view.templated,
            "count": view.count, "ids": [p.id for p in view.reading.pieces],
            "tokens": [p.token for p in view.reading.pieces]}


# -- which tokenizers ------------------------------------------------------------------------------------------
def sources(engine: Engine) -> list[Source]:
    """Every distinct local catalog model with a tokenizer, in catalog order (chat, sentiment, summarize,
    translate); an "instruct" entry is the chat model itself, and remote models have no tokenizer here.

    >>> [s.id for s in sources(engine)][:2]
    ['Qwen/Qwen2.5-0.5B-Instruct', 'Qwen/Qwen3-0.6B']
    """
    chat_remote = {e.id for e in engine.catalog.entries("chat") if e.remote is not None}
    found: dict[str, Source] = {}
    for task in SOURCE_TASKS:
        for entry in engine.catalog.entries(task):
            if entry.remote is not None or entry.id in chat_remote:
                continue
            if entry.options.get("kind") == INSTRUCT:
                entry = engine.catalog.entry("chat", entry.id)
            if entry.id in found:
                known = found[entry.id]
                if task not in known.tasks:
                    found[entry.id] = replace(known, tasks=(*known.tasks, task))
                continue
            found[entry.id] = Source(entry.id, entry.name, (task,), entry)
    return list(found.values())


def chat_sources(engine: Engine) -> list[Source]:
    """The chat models among :func:`sources` (the chat view's choices), the catalog's default first."""
    found = [s for s in sources(engine) if "chat" in s.tasks and s.entry.task == "chat"]
    default = engine.default_choice("chat")
    return sorted(found, key=lambda s: s.id != default)


def chosen(engine: Engine, tokenizers: object) -> list[Source]:
    """The sources a request names (None, "" or "all": every one), checked against the catalog and the limits."""
    offered = sources(engine)
    if not offered:
        raise BadInput("no_model_for_task", task=TASK)
    if tokenizers in (None, "", ALL, [ALL]):
        return offered[: limits.TOKENS_MAX_TOKENIZERS]
    if isinstance(tokenizers, str):
        tokenizers = [t.strip() for t in tokenizers.split(",") if t.strip()]
    if not isinstance(tokenizers, (list, tuple)) or not all(isinstance(t, str) for t in tokenizers):
        raise BadInput("bad_option", name="tokenizers", allowed="a list of model ids", value=str(tokenizers)[:40])
    if not tokenizers:
        raise BadInput("tokens_none_chosen")
    if len(tokenizers) > limits.TOKENS_MAX_TOKENIZERS:
        raise BadInput("tokens_too_many", count=len(tokenizers), limit=limits.TOKENS_MAX_TOKENIZERS)
    by_id = {s.id: s for s in offered}
    for name in tokenizers:
        if name not in by_id:
            raise BadInput("tokens_unknown", model=name[:200], allowed=", ".join(by_id) or "-")
    wanted = set(tokenizers)
    return [s for s in offered if s.id in wanted]  # catalog order, each once


# -- loading -----------------------------------------------------------------------------------------------------
def tokenizer(engine: Engine, source: Source) -> Any:
    """The tokenizer of ``source``, loaded once for every request (never the weights).

    Fast tokenizers are used through their backend's ``encode`` (thread-safe, no padding or truncation state is
    ever changed); sentencepiece ones through ``encode`` / ``convert_ids_to_tokens``, which only read.
    """
    return engine.cache.get(CACHE_PREFIX + source.id, lambda: _load(source.entry), size_of=lambda _: 0)


def _load(entry: ModelEntry) -> Any:
    try:
        return tokenizer_check.load_tokenizer(entry, **pretrained_kwargs(entry))
    except Exception as exc:  # noqa: BLE001 - every failure becomes one named, clear message
        text = f"{type(exc).__name__} {exc}".lower()
        if any(word in text for word in ("offline", "localentrynotfound", "connect", "couldn't find", "resolve")):
            raise ModelUnavailable("tokens_not_cached", name=entry.name, model=entry.id) from exc
        raise ModelUnavailable("tokens_unreadable", name=entry.name, model=entry.id,
                               kind=type(exc).__name__) from exc


def is_loaded(engine: Engine, source: Source) -> bool:
    return CACHE_PREFIX + source.id in engine.cache


def family(tok: Any) -> str:
    """The tokenizer family, from the tokenizer object itself (never from the model's name).

    A fast tokenizer's backend model: WordPiece → ``wordpiece``; BPE or Unigram whose decoder is byte-level →
    ``byte_bpe``, with a ``▁`` (Metaspace) decoder or Unigram → ``sentencepiece``. A slow tokenizer holding a
    ``sentencepiece`` processor (Marian, M2M100) → ``sentencepiece``.
    """
    backend = getattr(tok, "backend_tokenizer", None) if getattr(tok, "is_fast", False) else None
    if backend is None:
        try:
            import sentencepiece
        except ImportError:
            return "other"
        spm = sentencepiece.SentencePieceProcessor
        return "sentencepiece" if any(isinstance(v, spm) for v in vars(tok).values()) else "other"
    return backend_family(backend)


def backend_family(backend: Any) -> str:
    """The family of a ``tokenizers.Tokenizer`` (a fast tokenizer's backend): its model type and decoder."""
    model = type(backend.model).__name__
    decoder = repr(backend.decoder) + repr(backend.pre_tokenizer)
    if model == "WordPiece":
        return "wordpiece"
    if "ByteLevel" in decoder:
        return "byte_bpe"
    if model == "Unigram" or "Metaspace" in decoder or "▁" in decoder:
        return "sentencepiece"
    return "other"


SENTENCEPIECE_FILES = ("sentencepiece.bpe.model", "source.spm", "spiece.model", "tokenizer.model",
                       "sentencepiece.model")


def family_from_files(entry: ModelEntry) -> str:
    """The family of ``entry``'s tokenizer from its files on this machine, without loading ``transformers`` (the
    tab's picker is drawn at start-up): ``tokenizer.json`` read by the ``tokenizers`` library and judged as
    :func:`family` judges a backend; else a sentencepiece model file → ``sentencepiece``, ``vocab.txt`` →
    ``wordpiece``, ``merges.txt`` → ``byte_bpe``; nothing on this machine → ``other``. Never downloads.

    >>> family_from_files(engine.catalog.entry("chat", "Qwen/Qwen2.5-0.5B-Instruct"))
    'byte_bpe'
    """
    def local(name: str) -> str | None:
        if entry.path is not None:
            path = entry.path / name
            return str(path) if path.is_file() else None
        from huggingface_hub import try_to_load_from_cache

        found = try_to_load_from_cache(entry.id, name, revision=entry.revision)
        return found if isinstance(found, str) else None

    if spec := local("tokenizer.json"):
        from tokenizers import Tokenizer

        try:
            return backend_family(Tokenizer.from_file(spec))
        except Exception:  # noqa: BLE001 - an unreadable file: the tab names it when it loads
            return "other"
    if any(local(name) for name in SENTENCEPIECE_FILES):
        return "sentencepiece"
    if local("vocab.txt"):
        return "wordpiece"
    return "byte_bpe" if local("merges.txt") else "other"


# -- reading one text ----------------------------------------------------------------------------------------------
def encode(tok: Any, text: str, *, special: bool = True) -> Encoded:
    """The ids, tokens, offsets (None where the tokenizer gives none) and special-token flags of ``text``;
    ``special``: with the special tokens ``encode`` adds."""
    backend = getattr(tok, "backend_tokenizer", None) if getattr(tok, "is_fast", False) else None
    added = _special_ids(tok)
    if backend is not None:
        enc = backend.encode(text, add_special_tokens=special)
        flags = [bool(m) or i in added for i, m in zip(enc.ids, enc.special_tokens_mask, strict=True)]
        return Encoded(list(enc.ids), list(enc.tokens), [tuple(o) for o in enc.offsets], flags)
    plain = list(tok.encode(text, add_special_tokens=False))
    ids = list(tok.encode(text, add_special_tokens=True)) if special else plain
    flags = [i in added for i in ids]
    for at in range(len(ids) - len(plain) + 1):  # the text's own ids sit inside; the rest were added
        if ids[at:at + len(plain)] == plain:
            flags = [flag or not at <= k < at + len(plain) for k, flag in enumerate(flags)]
            break
    return Encoded(ids, list(tok.convert_ids_to_tokens(ids)), None, flags)


@dataclass(frozen=True)
class Encoded:
    ids: list[int]
    tokens: list[str]
    offsets: list[tuple[int, int]] | None
    special: list[bool]


def read_one(tok: Any, source: Source, text: str, *, special: bool = True) -> Reading:
    """How ``tok`` reads ``text``: its pieces with readable text, offsets and flags."""
    started = time.perf_counter()
    kind = family(tok)
    pieces = _pieces(kind, tok, text, encode(tok, text, special=special))
    return Reading(source.id, source.name, kind, source.tasks, type(tok).__name__, tuple(pieces),
                   round(time.perf_counter() - started, 6))


def _special_ids(tok: Any) -> frozenset[int]:
    ids = set(getattr(tok, "all_special_ids", []) or [])
    ids.update(getattr(tok, "added_tokens_decoder", {}) or {})
    unk = getattr(tok, "unk_token_id", None)
    ids.discard(unk)
    return frozenset(i for i in ids if isinstance(i, int))


def _pieces(kind: str, tok: Any, text: str, encoded: Encoded) -> list[Piece]:
    offsets = encoded.offsets
    unk = getattr(tok, "unk_token_id", None)
    prefix = _wordpiece_prefix(tok) if kind == "wordpiece" else ""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    raw: list[Piece] = []
    waiting: list[int] = []  # pieces whose last bytes start a character not yet complete
    for index, (token_id, token) in enumerate(zip(encoded.ids, encoded.tokens, strict=True)):
        start, end = offsets[index] if offsets is not None else (0, 0)
        if encoded.special[index]:
            raw.append(Piece(token, token_id, start, end, token, special=True))
            continue
        if unk is not None and token_id == unk:
            decoder.reset()
            raw.append(Piece(token, token_id, start, end, text[start:end] if offsets is not None else "",
                             unknown=True))
            continue
        marker = ""
        if kind == "wordpiece":
            marker = prefix if prefix and token.startswith(prefix) and token != prefix else ""
            raw.append(Piece(token, token_id, start, end, token[len(marker):], marker=marker))
            continue
        if kind == "sentencepiece" and token.startswith("▁"):
            marker = "▁"
        data = _token_bytes(kind, token)
        spelled = decoder.decode(data)
        pending = decoder.getstate()[0]
        piece = Piece(token, token_id, start, end, spelled, marker=marker,
                      bytes=" ".join(f"{b:02X}" for b in data) if pending or waiting else "")
        for earlier in waiting:  # the character they started is the first one this token completes
            if spelled:
                raw[earlier] = replace(raw[earlier], partial=spelled[0])
        if spelled:
            waiting = []
        if pending:
            waiting.append(len(raw))
        raw.append(piece)
    tail = decoder.decode(b"", final=True)
    if tail and raw:  # bytes that never became a character (cut at the end): shown as the replacement mark
        raw[-1] = replace(raw[-1], text=raw[-1].text + tail)
    if offsets is None:
        raw = _align(text, raw)
    return _fill_partials(text, raw)


def _wordpiece_prefix(tok: Any) -> str:
    backend = getattr(tok, "backend_tokenizer", None)
    return str(getattr(getattr(backend, "model", None), "continuing_subword_prefix", "##") or "##")


_BYTE_DECODER: dict[str, int] = {}


def _byte_decoder() -> dict[str, int]:
    """GPT-2's printable alphabet for the 256 bytes, reversed (``Ġ`` → 0x20): what byte-level tokens are spelled in."""
    if not _BYTE_DECODER:
        keep = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), ord("ÿ") + 1)]
        chars, extra = list(keep), 0
        for b in range(256):
            if b not in keep:
                keep.append(b)
                chars.append(256 + extra)
                extra += 1
        _BYTE_DECODER.update({chr(c): b for b, c in zip(keep, chars, strict=True)})
    return _BYTE_DECODER


def _token_bytes(kind: str, token: str) -> bytes:
    """The UTF-8 bytes a token stands for."""
    if kind == "byte_bpe":
        table = _byte_decoder()
        return b"".join(bytes([table[c]]) if c in table else c.encode() for c in token)
    found = _BYTE_PIECE.match(token)
    if found:  # sentencepiece byte fallback: <0xEC>
        return bytes([int(found.group(1), 16)])
    return token.replace("▁", " ").encode()


def _fill_partials(text: str, pieces: list[Piece]) -> list[Piece]:
    """A piece holding only some bytes of a character gets that character's span (so it sits above it)."""
    out = []
    for piece in pieces:
        if piece.partial and piece.start == piece.end and not piece.special:
            found = text.find(piece.partial, piece.start)
            if found >= 0:
                piece = replace(piece, start=found, end=found + 1)
        out.append(piece)
    return out


def _align(text: str, pieces: list[Piece]) -> list[Piece]:
    """Offsets for a tokenizer that gives none (sentencepiece ``MarianTokenizer``, ``M2M100Tokenizer``): walk the
    text, matching each piece's characters (its ``▁`` matches a space in the text, or nothing at the start); an
    unknown piece spans up to where the next piece's first character is found."""
    out: list[Piece] = []
    cursor = 0
    unknown_at: int | None = None
    for piece in pieces:
        if piece.special:
            out.append(replace(piece, start=cursor, end=cursor))
            continue
        if piece.unknown:
            unknown_at = len(out)
            out.append(replace(piece, start=cursor, end=cursor))
            continue
        spelled = piece.text or ""
        if not spelled:  # only the first bytes of a character: placed on it when it completes
            out.append(replace(piece, start=cursor, end=cursor))
            continue
        start = None
        for char in spelled:
            if char.isspace():  # "▁": the space before a word (none before the first one)
                if cursor < len(text) and text[cursor].isspace():
                    start = cursor if start is None else start
                    cursor += 1
                continue
            while cursor < len(text) and text[cursor].isspace():
                cursor += 1
            found = _find_char(text, char, cursor)
            if unknown_at is not None:
                unk = out[unknown_at]
                out[unknown_at] = replace(unk, end=found, text=text[unk.start:found].strip())
                unknown_at = None
            cursor = found
            if start is None:
                start = cursor
            cursor = min(len(text), cursor + 1)
        begin = start if start is not None else cursor
        out.append(replace(piece, start=begin, end=max(begin, cursor)))
    if unknown_at is not None:
        unk = out[unknown_at]
        out[unknown_at] = replace(unk, end=len(text), text=text[unk.start:].strip())
    return out


def _find_char(text: str, char: str, cursor: int) -> int:
    """Where ``char`` is, from ``cursor`` (sentencepiece normalises with NFKC: compare that way); ``cursor`` when
    it is not found nearby."""
    for at in range(cursor, min(len(text), cursor + 8)):
        if text[at] == char or unicodedata.normalize("NFKC", text[at]) == char:
            return at
    return cursor


# -- disagreements ---------------------------------------------------------------------------------------------
def inner_cuts(text: str, cuts: set[int]) -> set[int]:
    """Cuts between two non-space characters (a cut at a space is a word boundary every tokenizer makes)."""
    return {c for c in cuts if 0 < c < len(text) and not text[c - 1].isspace() and not text[c].isspace()}


def disagreements(text: str, readings: Sequence[Reading]) -> set[int]:
    """Cut positions inside words that some of ``readings`` make and others do not."""
    if len(readings) < 2:
        return set()
    each = [inner_cuts(text, r.cuts()) for r in readings]
    common: set[int] = set.intersection(*each)
    return set().union(*each) - common


def mark_disputed(reading: Reading, disputed: set[int]) -> Reading:
    pieces = tuple(replace(p, disputed=True) if not p.special and (p.start in disputed or p.end in disputed) else p
                   for p in reading.pieces)
    return replace(reading, pieces=pieces)


def morpheme_agreement(text: str, reading: Reading, cuts: set[int]) -> float | None:
    """Share of the tokenizer's cuts inside words that fall on morpheme boundaries (None: it cuts no word)."""
    inner = inner_cuts(text, reading.cuts())
    return round(len(inner & cuts) / len(inner), 2) if inner else None


# -- the whole request ---------------------------------------------------------------------------------------------
def read(engine: Engine, text: object, tokenizers: object = None, chat_model: str | None = None, *,
         with_morphemes: bool = True, progress: Progress | None = None) -> Tokens:
    """Read ``text`` with every chosen tokenizer, the chat view's model and the morpheme analyser.

    A tokenizer that cannot load is named in ``failed`` (with its message key), the others still read; the
    Korean-English pair ratio is counted by the same tokenizers.
    """
    started = time.perf_counter()
    text = clean_text(text, limit=limits.TOKENS_MAX_CHARS, keep_newlines=True)
    chosen_sources = chosen(engine, tokenizers)
    readings: list[Reading] = []
    failed: list[Failure] = []
    loaded: list[tuple[Source, Any]] = []
    cold = [s for s in chosen_sources if not is_loaded(engine, s)]
    for source in chosen_sources:
        if progress and source in cold:
            progress(cold.index(source) / len(cold),
                     Message("tokens_progress_loading", name=source.name, done=cold.index(source) + 1,
                             total=len(cold)))
        try:
            tok = tokenizer(engine, source)
        except PlaygroundError as exc:
            failed.append(Failure(source.id, source.name, exc.key, dict(exc.params)))
            continue
        loaded.append((source, tok))
        readings.append(read_one(tok, source, text))
    disputed = disagreements(text, readings)
    readings = [mark_disputed(r, disputed) for r in readings]
    found = None
    if with_morphemes:
        if progress and not morphemes.loaded():
            progress(None, Message("tokens_progress_morphemes"))
        try:
            found = tuple(morphemes.analyse(text))
        except PlaygroundError as exc:  # no analyser: the tokens still show, and the reason is named
            failed.append(Failure("kiwipiepy", "Kiwi", exc.key, dict(exc.params)))
    pair = pair_counts(loaded)
    view = chat_view(engine, text, chat_model)
    return Tokens(text, tuple(readings), tuple(failed), tuple(sorted(disputed)), found, pair, view,
                  round(time.perf_counter() - started, 4))


def pair_counts(loaded: Sequence[tuple[Source, Any]]) -> dict[str, Any]:
    """Tokens of the built-in Korean sentence and of its English translation, per tokenizer: the Korean's cost."""
    rows = []
    for source, tok in loaded:
        ko = len(encode(tok, PAIR["ko"], special=False).ids)
        en = len(encode(tok, PAIR["en"], special=False).ids)
        rows.append({"id": source.id, "ko": ko, "en": en, "ratio": round(ko / en, 2) if en else None})
    return {"ko": PAIR["ko"], "en": PAIR["en"], "rows": rows}


# -- the chat view ---------------------------------------------------------------------------------------------------
@dataclass
class _TemplateUser:
    """The attributes of ``chat.ChatModel`` that its token count reads (no weights needed): this module's own
    tokenizer instance, so the lock is its own too."""

    entry: ModelEntry
    tokenizer: Any
    lock: threading.RLock = field(default_factory=threading.RLock)


def conversation(text: str) -> list[dict[str, str]]:
    """The short conversation of the chat view: a greeting exchange, then the student's text."""
    return [*map(dict, CONVERSATION), {"role": "user", "content": text}]


def chat_view(engine: Engine, text: str, chat_model: str | None) -> ChatView | Failure | None:
    """The chat model's view of a conversation ending in ``text``, counted by the Chat tab's own function
    (``chat._template``: ``apply_chat_template(..., tokenize=False, add_generation_prompt=True)`` then the
    tokenizer without special tokens), so the two tabs' numbers are the same."""
    offered = chat_sources(engine)
    if not offered:
        return None
    if chat_model in (None, ""):
        source = offered[0]
    else:
        named = next((s for s in offered if s.id == chat_model), None)
        if named is None:
            raise BadInput("tokens_unknown", model=str(chat_model)[:200], allowed=", ".join(s.id for s in offered))
        source = named
    try:
        tok = tokenizer(engine, source)
    except PlaygroundError as exc:
        return Failure(source.id, source.name, exc.key, dict(exc.params))
    if not getattr(tok, "chat_template", None):
        return Failure(source.id, source.name, "tokens_no_template", {"name": source.name})
    messages = conversation(text)
    extra = dict(source.entry.options.get("chat_template_kwargs") or {})
    templated = tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True, **extra)
    ids = chat._template(_TemplateUser(source.entry, tok), messages)  # type: ignore[arg-type]  # the Chat tab's count, the same function
    reading = read_one(tok, source, templated, special=False)
    if [p.id for p in reading.pieces] != list(ids):  # never seen; the Chat tab's ids are the ones that count
        log.warning("tokens: the chat view of %s differs from the Chat tab's tokens", source.id)
    return ChatView(source.id, source.name, tuple(messages), templated, reading)


# -- the code panel --------------------------------------------------------------------------------------------------
def code_snippet(engine: Engine, text: str, ids: Sequence[str], chat_model: str | None = None) -> str:
    """The ``transformers`` lines that print what the tab shows for ``text``: per tokenizer ``tokenize`` (the
    pieces) and ``encode`` (the ids, special tokens included), then the chat view's ``apply_chat_template``.

    >>> print(code_snippet(engine, "안녕", ["daekeun-ml/koelectra-small-v3-nsmc"]))
    """
    by_id = {s.id: s for s in sources(engine)}
    sample = text or PAIR["ko"]
    lines = ["from transformers import AutoTokenizer", ""]
    imports = set()
    blocks = []
    for model_id in ids:
        source = by_id.get(model_id)
        if source is None:
            continue
        name, load_lines = tokenizer_check.code_lines(source.entry, shown_model_id(source.entry))
        if name != "AutoTokenizer":
            imports.add(name)
        blocks.append(f"# {source.name}\n{load_lines}print(tokenizer.tokenize(text))\nprint(tokenizer.encode(text))\n")
    if imports:
        lines[0] = f"from transformers import AutoTokenizer, {', '.join(sorted(imports))}"
    lines.append(f"text = {json.dumps(sample, ensure_ascii=False)}")
    lines.append("")
    code = "\n".join(lines) + "\n" + "\n".join(blocks)
    offered = chat_sources(engine)
    source = next((s for s in offered if s.id == chat_model), offered[0] if offered else None)
    if source is not None:
        extra = source.entry.options.get("chat_template_kwargs") or {}
        kwargs = "".join(f", {k}={v!r}" for k, v in extra.items())
        messages = json.dumps(conversation(sample), ensure_ascii=False)
        code += (
            f"\n# The chat view: what {source.name} receives\n"
            f"tokenizer = AutoTokenizer.from_pretrained({json.dumps(shown_model_id(source.entry))}"
            f"{f', revision={json.dumps(source.entry.revision)}' if source.entry.revision else ''})\n"
            f"messages = {messages}\n"
            f"prompt = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True{kwargs})\n"
            "print(prompt)\n"
            "print(len(tokenizer(prompt, add_special_tokens=False)[\"input_ids\"]), \"tokens\")\n"
        )
    return code


def warm(engine: Engine) -> int:
    """Load every tokenizer now (benchmarks); returns how many loaded (the others are named when read)."""
    done = 0
    for source in sources(engine):
        try:
            tokenizer(engine, source)
            done += 1
        except PlaygroundError:
            continue
    return done
