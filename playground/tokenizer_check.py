"""Tokenizers as the catalog says to load them, and a guard that a loaded one can read the languages it claims.

Two real failures motivate this: ``gogamza/kobart-summarization`` has no ``tokenizer_config.json``, so
``AutoTokenizer`` falls back to a byte-level RoBERTa tokenizer that silently drops Hangul; the OPUS-MT ``tc-big``
en-ko / ko-en exports look source pieces up in the target vocabulary, so most English pieces become ``<unk>``.
Either way the model would serve garbage. :func:`load_tokenizer` honours the catalog's ``options.tokenizer``
(data, not an id special case); :func:`check` tokenizes a short sample per language and refuses a tokenizer
that loses the text, in milliseconds.

>>> tokenizer = load_tokenizer(entry, revision=None, local_files_only=True)
>>> check(entry, tokenizer, ["ko", "en"])           # raises ModelUnavailable("tokenizer_cannot_read", ...)
"""

from __future__ import annotations

import difflib
import logging
import re
from dataclasses import dataclass
from typing import Any

from playground.catalog import TOKENIZER_CLASSES, ModelEntry
from playground.errors import ModelUnavailable

log = logging.getLogger(__name__)

# Short samples: everyday words, both scripts' punctuation, a number.
SAMPLES = {
    "ko": "안녕하세요. 오늘 학교에서 친구들과 한국어 공부를 했어요. 날씨가 좋아서 3시에 공원에 갔습니다.",
    "en": "Hello! Today we studied English with our friends at school. The weather was nice, so we went to the park.",
}
MAX_UNKNOWN = 0.10  # share of the sample's pieces that may be the unknown token
MIN_SURVIVES = 0.90  # how much of the sample's letters and digits must come back from a round trip


def load_tokenizer(entry: ModelEntry, **kwargs: Any) -> Any:
    """The tokenizer for ``entry``: ``AutoTokenizer``, or what ``options.tokenizer`` names.

    ``options.tokenizer`` (catalog data): ``class`` (one of :data:`TOKENIZER_CLASSES`), special tokens such as
    ``bos_token`` (passed to ``from_pretrained``), and ``template``: a post-processor such as ``"<s> $A </s>"`` that
    wraps each input in those tokens (what KoBART's card does by hand).
    """
    import transformers

    spec = dict(entry.options.get("tokenizer") or {})
    name = str(spec.pop("class", "AutoTokenizer"))
    template = spec.pop("template", None)
    if name not in TOKENIZER_CLASSES:
        raise ValueError(f"{entry.id}: tokenizer class {name!r} is not one of {TOKENIZER_CLASSES}")
    tokenizer = getattr(transformers, name).from_pretrained(entry.source, **spec, **kwargs)
    if template:
        apply_template(tokenizer, str(template))
    return tokenizer


def apply_template(tokenizer: Any, template: str) -> None:
    """Make ``tokenizer`` wrap every input as ``template`` says (``$A`` is the text), e.g. ``"<s> $A </s>"``."""
    from tokenizers import processors

    specials = [(piece, tokenizer.convert_tokens_to_ids(piece)) for piece in template.split() if piece != "$A"]
    missing = [piece for piece, index in specials if index is None or index == tokenizer.unk_token_id]
    if missing:
        raise ValueError(f"template {template!r}: {missing} not in the vocabulary")
    tokenizer.backend_tokenizer.post_processor = processors.TemplateProcessing(
        single=template, pair=f"{template} $B:1", special_tokens=list(dict.fromkeys(specials)))


@dataclass(frozen=True)
class Reading:
    """How one sample came through a tokenizer."""

    language: str
    pieces: int
    unknown: int
    survives: float  # 0..1: the sample's letters and digits found again, in order, after decode(encode(text))
    decoded: str

    @property
    def unknown_share(self) -> float:
        return self.unknown / self.pieces if self.pieces else 1.0

    @property
    def ok(self) -> bool:
        return self.pieces > 0 and self.unknown_share <= MAX_UNKNOWN and self.survives >= MIN_SURVIVES


def read(tokenizer: Any, language: str, text: str | None = None) -> Reading:
    """Tokenize ``text`` (the language's sample) and decode it again."""
    text = text if text is not None else SAMPLES[language]
    ids = list(tokenizer(text, add_special_tokens=False)["input_ids"])
    unk = getattr(tokenizer, "unk_token_id", None)
    unknown = sum(1 for i in ids if unk is not None and i == unk)
    extra = {"use_source_tokenizer": True} if hasattr(tokenizer, "spm_source") else {}  # Marian: the source side
    decoded = tokenizer.decode(ids, skip_special_tokens=True, **extra)
    return Reading(language, len(ids), unknown, survival(text, decoded, lower=_lowercases(tokenizer)), decoded)


def survival(original: str, decoded: str, *, lower: bool = False) -> float:
    """Share of ``original``'s letters and digits that come back in ``decoded``, in order (spacing ignored)."""
    def letters(s: str) -> str:
        s = "".join(re.findall(r"\w", s))
        return s.lower() if lower else s

    a, b = letters(original), letters(decoded)
    if not a:
        return 1.0
    matched = sum(block.size for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return matched / len(a)


def _lowercases(tokenizer: Any) -> bool:
    return bool(getattr(tokenizer, "do_lower_case", False) or tokenizer.init_kwargs.get("do_lower_case", False))


def languages_to_check(entry: ModelEntry) -> list[str]:
    """The sample languages an entry claims to read: a pair model's source only (its encoder's side)."""
    if entry.options.get("kind") == "pair":
        claimed = [str(entry.options.get("source"))]
    else:
        claimed = list(entry.languages)
    return [lang for lang in claimed if lang in SAMPLES]


def check(entry: ModelEntry, tokenizer: Any, languages: list[str] | None = None) -> list[Reading]:
    """Refuse (``ModelUnavailable("tokenizer_cannot_read")``) a tokenizer that loses a claimed language's sample."""
    readings = [read(tokenizer, lang) for lang in (languages if languages is not None else languages_to_check(entry))]
    bad = [r for r in readings if not r.ok]
    if bad:
        why = "; ".join(f"{r.language}: {r.unknown}/{r.pieces} pieces unknown, {r.survives:.0%} of the text "
                        f"survives (decoded {r.decoded[:60]!r})" for r in bad)
        log.warning("refusing %s: its tokenizer (%s) cannot read %s", entry.id, type(tokenizer).__name__, why)
        raise ModelUnavailable("tokenizer_cannot_read", name=entry.name, model=entry.id,
                               languages=", ".join(r.language for r in bad),
                               detail=", ".join(f"{r.language} {r.unknown_share:.0%} unknown / {r.survives:.0%} kept"
                                                for r in bad))
    return readings


def code_lines(entry: ModelEntry, source: str) -> tuple[str, str]:
    """For code panels: the tokenizer class to import and the lines that load it the way :func:`load_tokenizer`
    does (special tokens and template included)."""
    import json

    spec = dict(entry.options.get("tokenizer") or {})
    name = str(spec.pop("class", "AutoTokenizer"))
    template = spec.pop("template", None)
    extra = "".join(f", {key}={json.dumps(value, ensure_ascii=False)}" for key, value in spec.items())
    revision = f", revision={json.dumps(entry.revision)}" if entry.revision else ""  # the catalog's pin
    lines = f"tokenizer = {name}.from_pretrained({json.dumps(source)}{revision}{extra})\n"
    if template:
        specials = list(dict.fromkeys(piece for piece in str(template).split() if piece != "$A"))
        pairs = ", ".join(f"({json.dumps(p)}, tokenizer.convert_tokens_to_ids({json.dumps(p)}))" for p in specials)
        lines += (
            "from tokenizers import processors\n\n"
            f"# wrap each input as {template} (the repository has no tokenizer_config.json saying so)\n"
            "tokenizer.backend_tokenizer.post_processor = processors.TemplateProcessing(\n"
            f"    single={json.dumps(template)}, pair={json.dumps(str(template) + ' $B:1')},\n"
            f"    special_tokens=[{pairs}])\n"
        )
    return name, lines
