"""Build tiny, randomly initialised models for every playground task, fully offline.

The playground normally downloads real models from the Hugging Face Hub. For tests and
offline development this script builds stand-ins with the *same architectures and loading
code paths* but tiny sizes (hidden sizes 16-64, 1-2 layers) and random weights, so every
folder loads with the ordinary ``from_pretrained`` calls and ``HF_HUB_OFFLINE=1``:

* ``sentiment-en`` - ``BertForSequenceClassification``, labels ``NEGATIVE`` / ``POSITIVE``,
  lower-casing WordPiece tokenizer (``BertTokenizer``).
* ``sentiment-ko`` - ``ElectraForSequenceClassification``, labels ``"0"`` / ``"1"``,
  case-preserving WordPiece tokenizer.  Both share one vocabulary: ASCII, a few hundred
  English words, all 11,172 Hangul syllables and the Hangul compatibility jamo (each also as
  a ``##`` continuation piece), so Korean text maps to real ids, not ``[UNK]``.
* ``chat`` - ``LlamaForCausalLM`` with a byte-level BPE tokenizer trained here on a small
  built-in English/Korean corpus and a ChatML chat template (``<|im_start|>``/``<|im_end|>``).
  Token ids 0-4: ``<|pad|>``, ``<|startoftext|>`` (bos), ``<|endoftext|>``, ``<|im_start|>``,
  ``<|im_end|>`` (the tokenizer's eos; generation stops at ids 4 and 2).
* ``seq2seq`` - ``BartForConditionalGeneration`` sharing the chat tokenizer's vocabulary
  (its tokenizer appends ``<|endoftext|>`` to every input).
* ``mt-en-ko`` / ``mt-ko-en`` - ``MarianMTModel`` pair models with a real ``MarianTokenizer`` on a SentencePiece
  model trained here (600 pieces, byte fallback); the en-ko vocabulary has the ``>>kor<<`` target token.
* ``m2m100`` - ``M2M100ForConditionalGeneration`` with a real ``M2M100Tokenizer`` (``__ko__``-style language
  tokens after the same kind of SentencePiece vocabulary).
* ``text-to-image`` - a ``StableDiffusionPipeline`` (UNet2DConditionModel, AutoencoderKL,
  CLIPTextModel, a byte-level ``CLIPTokenizer`` without merges, EulerDiscreteScheduler, no
  safety checker) that renders 64x64 images.

It also writes ``hf-home/hub``: a Hugging Face cache in the Hub's layout (``models--ORG--NAME/refs/main``,
``snapshots/SHA/...``) with a stand-in under the REAL id of every default model of the repository's
``catalog.yaml``, shaped like the real repository (which tokenizer files exist and which do not, the tokenizer
class transformers resolves, special tokens and ids, chat templates, behaviour-changing config keys; the facts
and their sources are in ``scripts/real_layouts.py``). Point ``HF_HUB_CACHE`` (or ``HF_HOME``) at it with
``HF_HUB_OFFLINE=1`` and the default catalog runs offline, unchanged.

It also writes ``catalog.yaml`` (the playground's model catalog schema, with paths relative to
the catalog) and prints that file's absolute path as the last line of stdout::

    python scripts/tiny_models.py /tmp/tiny-models

Weights are saved as safetensors and are identical between runs (fixed seeds).  A marker file
holding ``VERSION`` (a hash of this script) lets later calls reuse a complete build instantly; pass ``--force`` to
rebuild.  From Python, call :func:`build_all` (or one of the ``build_*`` functions).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import struct
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

# Must happen before transformers / diffusers / huggingface_hub are imported (they are
# imported lazily inside the build functions so that reusing a finished build stays fast).
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import yaml

# Any edit to this script rebuilds the models on next use.
VERSION = "tiny-models-" + hashlib.sha256(
    Path(__file__).read_bytes() + (Path(__file__).parent / "real_layouts.py").read_bytes()).hexdigest()[:12]
MARKER_NAME = ".tiny_models_version"
CATALOG_NAME = "catalog.yaml"
LOCK_NAME = ".tiny_models.lock"

SENTIMENT_EN = "sentiment-en"
SENTIMENT_KO = "sentiment-ko"
CHAT = "chat"
SEQ2SEQ = "seq2seq"
MT_EN_KO = "mt-en-ko"
MT_KO_EN = "mt-ko-en"
M2M100 = "m2m100"
TEXT_TO_IMAGE = "text-to-image"
TRAIN_KO = "train-ko"  # Train: KoELECTRA-small v3 discriminator's shape (no head), see real_layouts.TRAIN_LAYOUTS
TRAIN_EN = "train-en"  # Train: DistilBERT base uncased's shape (no head)
MODEL_DIRS = (SENTIMENT_EN, SENTIMENT_KO, CHAT, SEQ2SEQ, MT_EN_KO, MT_KO_EN, M2M100, TEXT_TO_IMAGE, TRAIN_KO, TRAIN_EN)

CLASSIFIER_MAX_LENGTH = 128
CHAT_CONTEXT = 512
SEQ2SEQ_CONTEXT = 256
TRANSLATION_CONTEXT = 128
SPM_VOCAB_SIZE = 600
CLIP_MAX_LENGTH = 77

# Special tokens of the byte-level BPE tokenizer shared by ``chat`` and ``seq2seq`` (ids 0-4).
PAD_TOKEN = "<|pad|>"
BOS_TOKEN = "<|startoftext|>"
EOS_TOKEN = "<|endoftext|>"
IM_START = "<|im_start|>"
IM_END = "<|im_end|>"
BPE_SPECIAL_TOKENS = (PAD_TOKEN, BOS_TOKEN, EOS_TOKEN, IM_START, IM_END)
BPE_VOCAB_SIZE = 1536

CHAT_TEMPLATE = (
    "{%- for message in messages %}"
    "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)

ENGLISH_WORDS = """
the be to of and a in that have i it for not on with he as you do at this but his by from they
we say her she or an will my one all would there their what so up out if about who get which go
me when make can like time no just him know take people into year your good some could them see
other than then now look only come its over think also back after use two how our work first well
way even new want because any these give day most us is are was were been has had did does said
am very really much more many make made thing things movie film story plot acting actor actress
scene music song book game food place service price staff room hotel day night
great excellent amazing awesome wonderful fantastic perfect best better love loved lovely like
liked enjoy enjoyed happy glad fun funny beautiful nice fine cool sweet brilliant favorite
recommend recommended worth pleasant delicious fresh fast friendly clean comfortable
bad worst worse terrible awful horrible boring poor hate hated dislike sad angry annoying
disappointing disappointed waste slow dirty rude broken expensive cheap ugly stupid weird wrong
problem problems never nothing nobody none cannot can't don't didn't isn't wasn't won't not
hello hi thanks thank please sorry yes okay ok today tomorrow yesterday week month school class
student students teacher friend friends family home house city country world korea korean english
language word words sentence question answer name help read write speak learn study math science
history art computer phone picture image draw color red blue green yellow black white dog cat bird
tree flower sun moon star sky water fire summer winter spring autumn rain snow weather morning
translate summarize summary chat model text example test
""".split()

# Byte-level BPE training corpus for the chat / seq2seq tokenizer (also covers the ChatML tags).
BPE_CORPUS = """
Hello! How are you today? I am fine, thank you.
What is your name? My name is Tiny and I am a very small language model.
The weather is nice today, so we went to the park after school.
Can you help me with my homework? Of course, let us read the question together.
Please summarize this story in one sentence.
Translate the following sentence into Korean.
The quick brown fox jumps over the lazy dog.
Students learn math, science, history, art and English at school.
I love this movie because the music is beautiful and the story is funny.
This film was boring and the acting was terrible.
Write a short poem about the moon and the stars.
Computers are machines that follow instructions written by people.
A summary is a short text that keeps only the most important ideas.
Water boils at one hundred degrees Celsius at sea level.
The teacher asked the students to draw a picture of their family.
My favorite season is spring because the flowers bloom everywhere.
We should drink water, sleep well and exercise every day.
Once upon a time, a little cat lived in a big house near the river.
Thank you for your answer. Have a great day!
Good morning, everyone. Let us start the class.
You are a helpful assistant for Korean students.
system user assistant
안녕하세요! 오늘 기분이 어때요? 저는 잘 지내요, 고마워요.
당신의 이름은 무엇인가요? 제 이름은 타이니이고 아주 작은 언어 모델이에요.
오늘은 날씨가 좋아서 학교가 끝난 뒤에 공원에 갔어요.
숙제를 도와줄 수 있나요? 물론이죠, 같이 문제를 읽어 봐요.
이 이야기를 한 문장으로 요약해 주세요.
다음 문장을 영어로 번역해 주세요.
학생들은 학교에서 수학, 과학, 역사, 미술, 영어를 배웁니다.
이 영화는 음악이 아름답고 이야기가 재미있어서 정말 좋아요.
이 영화는 지루했고 연기도 별로였어요.
달과 별에 대한 짧은 시를 써 주세요.
컴퓨터는 사람이 작성한 명령을 따르는 기계입니다.
요약은 가장 중요한 내용만 담은 짧은 글입니다.
물은 해수면에서 섭씨 백 도에서 끓습니다.
선생님께서 학생들에게 가족 그림을 그려 보라고 하셨어요.
제가 가장 좋아하는 계절은 꽃이 피는 봄이에요.
우리는 매일 물을 마시고 잘 자고 운동해야 해요.
옛날 옛적에 강가의 큰 집에 작은 고양이가 살았어요.
대답해 줘서 고마워요. 좋은 하루 보내세요!
여러분, 좋은 아침입니다. 수업을 시작합시다.
당신은 한국 학생들을 돕는 친절한 도우미입니다.
한국어와 영어를 모두 이해하는 작은 모델을 만들어 봅시다.
질문이 있으면 언제든지 물어보세요. 천천히 설명해 줄게요.
친구와 함께 도서관에서 책을 읽고 숙제를 했습니다.
내일은 비가 온다고 하니 우산을 꼭 챙기세요.
ㅋㅋㅋ 정말 웃겨요! ㅎㅎ 최고예요.
감사합니다. 죄송합니다. 괜찮습니다. 네, 아니요.
사과, 바나나, 포도, 딸기, 수박은 모두 과일입니다.
서울은 대한민국의 수도이고 부산은 큰 항구 도시입니다.
Numbers: 0 1 2 3 4 5 6 7 8 9 10 100 2024 3.14 50% $5
"""

ClassifierArch = Literal["bert", "electra"]


# --------------------------------------------------------------------------------------
# Small helpers (standard library only)
# --------------------------------------------------------------------------------------


def _log(message: str) -> None:
    print(f"[tiny_models] {message}", file=sys.stderr, flush=True)


def _seed_everything(seed: int) -> None:
    import random

    import torch

    random.seed(seed)
    torch.manual_seed(seed)


def _weight_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in {".safetensors", ".bin"} and p.is_file())


def count_parameters(folder: Path) -> int:
    """Number of stored parameters in all ``*.safetensors`` files under ``folder``.

    Reads only the safetensors headers (no torch needed). Tied weights are stored once, so
    they are counted once.
    """
    total = 0
    for path in _weight_files(folder):
        if path.suffix != ".safetensors":
            continue
        with path.open("rb") as handle:
            (header_len,) = struct.unpack("<Q", handle.read(8))
            header = json.loads(handle.read(header_len))
        for key, info in header.items():
            if key == "__metadata__":
                continue
            count = 1
            for dim in info["shape"]:
                count *= int(dim)
            total += count
    return total


def weights_size_mb(folder: Path) -> float:
    """Size of the weight files under ``folder`` in MiB, rounded to 2 decimals."""
    size = sum(p.stat().st_size for p in _weight_files(folder))
    return round(size / (1024 * 1024), 2)


def format_params(count: int) -> str:
    """Short human string for a parameter count, e.g. ``"0.4M"``, ``"85K"``, ``"1.2B"``."""
    if count >= 1_000_000_000:
        return f"{count / 1e9:.1f}B"
    if count >= 100_000:
        return f"{count / 1e6:.1f}M"
    return f"{max(1, round(count / 1e3))}K"


def _fresh_dir(folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


@contextlib.contextmanager
def _quiet_progress_bars() -> Iterator[None]:
    """Hide transformers' "Writing model shards" bars while building, then restore the setting."""
    from transformers.utils import logging as hf_logging

    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """Serialise concurrent builds into the same folder (POSIX advisory lock, if available)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - non-POSIX
        yield
        return
    with (out_dir / LOCK_NAME).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --------------------------------------------------------------------------------------
# Tokenizers
# --------------------------------------------------------------------------------------


def wordpiece_vocab() -> list[str]:
    """WordPiece vocabulary: specials, ASCII, English words, Hangul jamo and syllables.

    Every letter/digit/jamo/syllable is present both as a word start and as a ``##``
    continuation piece, so any word made of them tokenizes without ``[UNK]``.
    """
    tokens: list[str] = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    ascii_chars = [chr(c) for c in range(33, 127)]
    tokens += ascii_chars
    tokens += ["##" + c for c in ascii_chars if c.isalnum()]
    tokens += ENGLISH_WORDS
    jamo = [chr(c) for c in range(0x3131, 0x318F)]
    syllables = [chr(c) for c in range(0xAC00, 0xD7A4)]
    for chars in (jamo, syllables):
        tokens += chars
        tokens += ["##" + c for c in chars]
    return list(dict.fromkeys(tokens))  # de-duplicate, keep order


def make_wordpiece_tokenizer(*, lowercase: bool, max_length: int = CLASSIFIER_MAX_LENGTH) -> Any:
    """A ``BertTokenizer`` (the fast, tokenizers-backed class in transformers 5)."""
    from transformers import BertTokenizer

    vocab = {token: index for index, token in enumerate(wordpiece_vocab())}
    # strip_accents=False: with lower-casing, BERT would otherwise NFD-decompose Hangul
    # syllables into conjoining jamo that are not in the vocabulary.
    return BertTokenizer(
        vocab=vocab,
        do_lower_case=lowercase,
        strip_accents=False,
        model_max_length=max_length,
    )


def train_bpe_tokenizer(vocab_size: int = BPE_VOCAB_SIZE) -> Any:
    """Train a byte-level BPE ``tokenizers.Tokenizer`` on the built-in corpus (deterministic)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.post_processor = processors.ByteLevel(trim_offsets=False)
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=1,
        special_tokens=list(BPE_SPECIAL_TOKENS),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    lines = [line for line in BPE_CORPUS.strip().splitlines() if line.strip()]
    # Every line in ChatML form too, so the role headers become short token sequences.
    roles = ("system", "user", "assistant")
    lines += [f"{IM_START}{roles[i % len(roles)]}\n{line}{IM_END}" for i, line in enumerate(lines)]
    tokenizer.train_from_iterator(lines, trainer=trainer)
    return tokenizer


def make_chat_tokenizer(bpe: Any, *, max_length: int = CHAT_CONTEXT) -> Any:
    """Wrap a trained byte-level BPE as a ``PreTrainedTokenizerFast`` with a ChatML template."""
    from transformers import PreTrainedTokenizerFast

    return PreTrainedTokenizerFast(
        tokenizer_object=bpe,
        bos_token=BOS_TOKEN,
        eos_token=IM_END,
        pad_token=PAD_TOKEN,
        unk_token=None,
        model_max_length=max_length,
        padding_side="left",
        chat_template=CHAT_TEMPLATE,
        extra_special_tokens=[IM_START, EOS_TOKEN],
        clean_up_tokenization_spaces=False,
    )


def make_seq2seq_tokenizer(bpe: Any, *, max_length: int = SEQ2SEQ_CONTEXT) -> Any:
    """Same vocabulary as the chat tokenizer; appends ``<|endoftext|>`` to each input."""
    import copy

    from tokenizers import processors
    from transformers import PreTrainedTokenizerFast

    backend = copy.deepcopy(bpe)
    eos_id = backend.token_to_id(EOS_TOKEN)
    backend.post_processor = processors.Sequence(
        [
            processors.ByteLevel(trim_offsets=False),
            processors.TemplateProcessing(
                single=f"$A:0 {EOS_TOKEN}:0",
                pair=f"$A:0 {EOS_TOKEN}:0 $B:1 {EOS_TOKEN}:1",
                special_tokens=[(EOS_TOKEN, eos_id)],
            ),
        ]
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=backend,
        bos_token=BOS_TOKEN,
        eos_token=EOS_TOKEN,
        pad_token=PAD_TOKEN,
        unk_token=None,
        model_max_length=max_length,
        clean_up_tokenization_spaces=False,
    )


def _bytes_to_unicode() -> dict[int, str]:
    """GPT-2 / CLIP byte -> printable unicode character table."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
    printable += list(range(ord("®"), ord("ÿ") + 1))
    chars = printable[:]
    extra = 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            chars.append(256 + extra)
            extra += 1
    return dict(zip(printable, (chr(c) for c in chars), strict=True))


def clip_vocab() -> dict[str, int]:
    """CLIP-style vocab: 256 byte chars, their ``</w>`` forms, then start/end tokens (514)."""
    byte_chars = list(_bytes_to_unicode().values())
    tokens = byte_chars + [c + "</w>" for c in byte_chars] + ["<|startoftext|>", "<|endoftext|>"]
    return {token: index for index, token in enumerate(tokens)}


def write_clip_tokenizer(folder: Path, *, max_length: int = CLIP_MAX_LENGTH) -> Any:
    """Write ``vocab.json`` + header-only ``merges.txt`` and save a ``CLIPTokenizer`` there."""
    from transformers import CLIPTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    vocab = clip_vocab()
    tokenizer = CLIPTokenizer(vocab=vocab, merges=[], model_max_length=max_length)
    tokenizer.save_pretrained(folder)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "merges.txt").write_text("#version: 0.2\n", encoding="utf-8")
    return tokenizer


# --------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------


def build_classifier(
    out_dir: Path,
    name: str,
    labels: Sequence[str],
    seed: int,
    *,
    arch: ClassifierArch = "bert",
    lowercase: bool = True,
) -> Path:
    """Tiny sequence classifier in ``out_dir/name``; ``labels`` become ``id2label`` in order."""
    from transformers import (
        BertConfig,
        BertForSequenceClassification,
        ElectraConfig,
        ElectraForSequenceClassification,
    )

    folder = _fresh_dir(Path(out_dir) / name)
    tokenizer = make_wordpiece_tokenizer(lowercase=lowercase)
    common: dict[str, Any] = {
        "vocab_size": len(tokenizer),
        "hidden_size": 32,
        "num_hidden_layers": 2,
        "num_attention_heads": 2,
        "intermediate_size": 64,
        "max_position_embeddings": CLASSIFIER_MAX_LENGTH,
        "type_vocab_size": 2,
        "pad_token_id": tokenizer.pad_token_id,
        "num_labels": len(labels),
        "id2label": dict(enumerate(labels)),
        "label2id": {label: index for index, label in enumerate(labels)},
    }
    _seed_everything(seed)
    if arch == "bert":
        model = BertForSequenceClassification(BertConfig(**common))
    elif arch == "electra":
        model = ElectraForSequenceClassification(ElectraConfig(embedding_size=16, **common))
    else:
        raise ValueError(f"unknown classifier arch {arch!r}")
    model.eval()
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def build_chat(out_dir: Path, name: str = CHAT, seed: int = 3, *, bpe: Any | None = None) -> Path:
    """Tiny ``LlamaForCausalLM`` with a ChatML byte-level BPE tokenizer in ``out_dir/name``."""
    from transformers import GenerationConfig, LlamaConfig, LlamaForCausalLM

    folder = _fresh_dir(Path(out_dir) / name)
    tokenizer = make_chat_tokenizer(bpe if bpe is not None else train_bpe_tokenizer())
    ids = {token: tokenizer.convert_tokens_to_ids(token) for token in BPE_SPECIAL_TOKENS}
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=CHAT_CONTEXT,
        # Untied: with tied tiny random embeddings greedy decoding just repeats the last token.
        tie_word_embeddings=False,
        bos_token_id=ids[BOS_TOKEN],
        eos_token_id=ids[IM_END],
        pad_token_id=ids[PAD_TOKEN],
    )
    _seed_everything(seed)
    model = LlamaForCausalLM(config)
    model.eval()
    model.generation_config = GenerationConfig(
        bos_token_id=ids[BOS_TOKEN],
        eos_token_id=[ids[IM_END], ids[EOS_TOKEN]],
        pad_token_id=ids[PAD_TOKEN],
        suppress_tokens=[ids[PAD_TOKEN], ids[BOS_TOKEN], ids[IM_START]],
        do_sample=False,
    )
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def build_seq2seq(out_dir: Path, name: str = SEQ2SEQ, seed: int = 4, *, bpe: Any | None = None) -> Path:
    """Tiny ``BartForConditionalGeneration`` with a byte-level BPE tokenizer in ``out_dir/name``."""
    from transformers import BartConfig, BartForConditionalGeneration, GenerationConfig

    folder = _fresh_dir(Path(out_dir) / name)
    tokenizer = make_seq2seq_tokenizer(bpe if bpe is not None else train_bpe_tokenizer())
    ids = {token: tokenizer.convert_tokens_to_ids(token) for token in BPE_SPECIAL_TOKENS}
    config = BartConfig(
        vocab_size=len(tokenizer),
        d_model=32,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=SEQ2SEQ_CONTEXT,
        pad_token_id=ids[PAD_TOKEN],
        bos_token_id=ids[BOS_TOKEN],
        eos_token_id=ids[EOS_TOKEN],
        decoder_start_token_id=ids[BOS_TOKEN],
        forced_bos_token_id=None,
        forced_eos_token_id=ids[EOS_TOKEN],
        # Untied: with tied tiny random embeddings greedy decoding just repeats the start token.
        tie_word_embeddings=False,
    )
    _seed_everything(seed)
    model = BartForConditionalGeneration(config)
    model.eval()
    model.generation_config = GenerationConfig(
        bos_token_id=ids[BOS_TOKEN],
        eos_token_id=ids[EOS_TOKEN],
        pad_token_id=ids[PAD_TOKEN],
        decoder_start_token_id=ids[BOS_TOKEN],
        forced_eos_token_id=ids[EOS_TOKEN],
        suppress_tokens=[ids[PAD_TOKEN], ids[BOS_TOKEN], ids[IM_START], ids[IM_END]],
        do_sample=False,
    )
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def train_sentencepiece(folder: Path, *, vocab_size: int = SPM_VOCAB_SIZE, corpus: Sequence[str] | None = None) -> Path:
    """A tiny unigram SentencePiece model (byte fallback: any text maps to real ids) trained on the built-in corpus."""
    import io

    import sentencepiece as spm

    words = [" ".join(ENGLISH_WORDS[i : i + 12]) for i in range(0, len(ENGLISH_WORDS), 12)]
    corpus = list(corpus) if corpus is not None else BPE_CORPUS.strip().splitlines() + words
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus), model_writer=model, vocab_size=vocab_size, model_type="unigram",
        byte_fallback=True, character_coverage=1.0, hard_vocab_limit=False, num_threads=1, minloglevel=2,
        unk_id=3, bos_id=0, pad_id=1, eos_id=2,
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "spm.model"
    path.write_bytes(model.getvalue())
    return path


def _spm_pieces(spm_path: Path) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(spm_path))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def build_marian(out_dir: Path, name: str, seed: int, *, target_token: str | None = None) -> Path:
    """Tiny ``MarianMTModel`` (a one-direction pair model) with a real ``MarianTokenizer`` in ``out_dir/name``.

    ``target_token`` (e.g. ``>>kor<<``) is added to the vocabulary, as multi-target OPUS-MT models have it.
    """
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    folder = _fresh_dir(Path(out_dir) / name)
    scratch = folder / "_spm"
    spm_path = train_sentencepiece(scratch)
    pieces = [p for p in _spm_pieces(spm_path) if p not in ("<s>", "</s>", "<unk>", "<pad>")]
    vocab = {"</s>": 0, "<unk>": 1}
    for piece in ([target_token] if target_token else []) + pieces:
        vocab.setdefault(piece, len(vocab))
    vocab["<pad>"] = len(vocab)
    (scratch / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = MarianTokenizer(str(spm_path), str(spm_path), str(scratch / "vocab.json"),
                                model_max_length=TRANSLATION_CONTEXT)
    pad = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab), d_model=32, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64,
        max_position_embeddings=TRANSLATION_CONTEXT, pad_token_id=pad, eos_token_id=0, decoder_start_token_id=pad,
        forced_eos_token_id=0, share_encoder_decoder_embeddings=True,
    )
    _seed_everything(seed)
    model = MarianMTModel(config).eval()
    model.generation_config = GenerationConfig(
        pad_token_id=pad, eos_token_id=0, decoder_start_token_id=pad, forced_eos_token_id=0,
        bad_words_ids=[[pad]], max_length=TRANSLATION_CONTEXT, num_beams=1, do_sample=False,
    )
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    shutil.rmtree(scratch)
    return folder


def build_m2m100(out_dir: Path, name: str = M2M100, seed: int = 7) -> Path:
    """Tiny ``M2M100ForConditionalGeneration`` (many-to-many, ``__ko__``-style language tokens) in ``out_dir/name``."""
    from transformers import GenerationConfig, M2M100Config, M2M100ForConditionalGeneration, M2M100Tokenizer

    folder = _fresh_dir(Path(out_dir) / name)
    scratch = folder / "_spm"
    spm_path = train_sentencepiece(scratch)
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for piece in _spm_pieces(spm_path):
        vocab.setdefault(piece, len(vocab))
    (scratch / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = M2M100Tokenizer(str(scratch / "vocab.json"), str(spm_path), model_max_length=TRANSLATION_CONTEXT)
    # Language tokens (``__ko__``) and "made-up words" follow the SentencePiece vocabulary, as in the real model.
    config = M2M100Config(
        vocab_size=max(tokenizer.lang_code_to_id.values()) + 1 + tokenizer.num_madeup_words,
        d_model=32, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64,
        max_position_embeddings=TRANSLATION_CONTEXT, pad_token_id=1, bos_token_id=0, eos_token_id=2,
        decoder_start_token_id=2,
    )
    _seed_everything(seed)
    model = M2M100ForConditionalGeneration(config).eval()
    model.generation_config = GenerationConfig(
        pad_token_id=1, bos_token_id=0, eos_token_id=2, decoder_start_token_id=2, max_length=TRANSLATION_CONTEXT,
        num_beams=1, do_sample=False,
    )
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    shutil.rmtree(scratch)
    return folder


def build_text_to_image(out_dir: Path, name: str = TEXT_TO_IMAGE, seed: int = 5) -> Path:
    """Tiny ``StableDiffusionPipeline`` (64x64 output, no safety checker) in ``out_dir/name``."""
    from diffusers import AutoencoderKL, EulerDiscreteScheduler, StableDiffusionPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    folder = _fresh_dir(Path(out_dir) / name)
    scratch = folder / "_tokenizer_build"
    tokenizer = write_clip_tokenizer(scratch)

    _seed_everything(seed)
    unet = UNet2DConditionModel(
        block_out_channels=(32, 64),
        layers_per_block=1,
        sample_size=32,
        in_channels=4,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=32,
        attention_head_dim=(2, 4),
        norm_num_groups=8,
    )
    _seed_everything(seed + 1)
    vae = AutoencoderKL(
        block_out_channels=(32, 64),
        in_channels=3,
        out_channels=3,
        down_block_types=("DownEncoderBlock2D", "DownEncoderBlock2D"),
        up_block_types=("UpDecoderBlock2D", "UpDecoderBlock2D"),
        latent_channels=4,
        layers_per_block=1,
        norm_num_groups=8,
        sample_size=64,
    )
    _seed_everything(seed + 2)
    text_config = CLIPTextConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        intermediate_size=37,
        num_hidden_layers=2,
        num_attention_heads=4,
        projection_dim=32,
        max_position_embeddings=CLIP_MAX_LENGTH,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    text_encoder = CLIPTextModel(text_config)
    scheduler = EulerDiscreteScheduler(
        num_train_timesteps=1000,
        beta_start=0.00085,
        beta_end=0.012,
        beta_schedule="scaled_linear",
        prediction_type="epsilon",
        timestep_spacing="trailing",
        steps_offset=1,
    )
    pipe = StableDiffusionPipeline(
        vae=vae,
        text_encoder=text_encoder,
        tokenizer=tokenizer,
        unet=unet,
        scheduler=scheduler,
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )
    pipe.save_pretrained(folder, safe_serialization=True)
    # Keep the hand-written vocab.json / merges.txt next to the saved tokenizer.json.
    for file_name in ("vocab.json", "merges.txt"):
        shutil.copyfile(scratch / file_name, folder / "tokenizer" / file_name)
    shutil.rmtree(scratch)
    return folder


# --------------------------------------------------------------------------------------
# Stand-ins shaped like the real repositories (a Hub-layout cache under the real ids)
# --------------------------------------------------------------------------------------

HF_HOME_NAME = "hf-home"  # out_dir/hf-home: point HF_HOME here (its hub/ folder is the cache)
KOREAN_LINES = [line for line in BPE_CORPUS.strip().splitlines() if any("가" <= c <= "힣" for c in line)]
ENGLISH_LINES = [line for line in BPE_CORPUS.strip().splitlines() if line not in KOREAN_LINES]
HANGUL = [chr(c) for c in range(0xAC00, 0xD7A4)]


def hub_cache_dir(out_dir: Path) -> Path:
    """The ``HF_HUB_CACHE`` folder of a build (``HF_HOME`` is its parent)."""
    return Path(out_dir).resolve() / HF_HOME_NAME / "hub"


def _commit_of(model_id: str) -> str:
    return hashlib.sha1(f"stand-in:{model_id}:{VERSION}".encode()).hexdigest()


def _publish(cache: Path, model_id: str, folder: Path) -> Path:
    """Move ``folder``'s files into ``cache`` as the Hub's layout: models--ORG--NAME/{refs/main, snapshots/SHA}."""
    repo = cache / ("models--" + model_id.replace("/", "--"))
    commit = _commit_of(model_id)
    snapshot = repo / "snapshots" / commit
    if repo.exists():
        shutil.rmtree(repo)
    snapshot.parent.mkdir(parents=True)
    shutil.move(str(folder), str(snapshot))
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit, encoding="utf-8")
    return snapshot


def _to_pytorch_bin(folder: Path) -> None:
    """Replace model.safetensors with pytorch_model.bin (repositories that only ship the old format)."""
    import torch
    from safetensors.torch import load_file

    weights = folder / "model.safetensors"
    torch.save(load_file(str(weights)), folder / "pytorch_model.bin")
    weights.unlink()


def _patch_json(path: Path, values: dict[str, Any]) -> None:
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data.update(values)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _keep_only(folder: Path, layout: Any) -> None:
    """Delete what the real repository does not have (every file of ``layout.absent`` must be missing)."""
    for name in layout.absent:
        (folder / name).unlink(missing_ok=True)
    specials = folder / "special_tokens_map.json"
    if "special_tokens_map.json" in layout.files and not specials.exists():
        roles = {"[PAD]": "pad_token", "[UNK]": "unk_token", "[CLS]": "cls_token", "[SEP]": "sep_token",
                 "[MASK]": "mask_token", "<s>": "bos_token", "</s>": "eos_token", "<pad>": "pad_token",
                 "<unk>": "unk_token", "<|begin_of_text|>": "bos_token", "<|eot_id|>": "eos_token"}
        specials.write_text(json.dumps({roles[t]: t for t in layout.special if t in roles}), encoding="utf-8")
    (folder / "chat_template.jinja").unlink(missing_ok=True)  # transformers 5 saves it apart; older repos inline it


def _resolve_ids(values: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
    """Layout values may name a token ("pad", "<|im_end|>") where the stand-in's id differs from the real one."""
    def one(value: Any) -> Any:
        if isinstance(value, list):
            return [one(v) for v in value]
        return ids.get(value, value) if isinstance(value, str) else value

    return {key: one(value) for key, value in values.items()}


def build_real_marian(folder: Path, layout: Any, seed: int = 21, *, broken_export: bool = False) -> Path:
    """OPUS-MT ko-en as the Hub has it: source.spm (Korean), target.spm (English), ONE joint vocab.json.

    ``broken_export``: like the tc-big en-ko export instead: an English source.spm but a vocab.json with only the
    target (Korean) pieces, so English source pieces become ``<unk>`` (OPUS-MT-train issue #81).
    """
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    folder = _fresh_dir(folder)
    scratch = folder / "_spm"
    words = [" ".join(ENGLISH_WORDS[i : i + 12]) for i in range(0, len(ENGLISH_WORDS), 12)]
    korean = train_sentencepiece(scratch / "ko", vocab_size=900, corpus=KOREAN_LINES)
    english = train_sentencepiece(scratch / "en", vocab_size=600, corpus=ENGLISH_LINES + words)
    source, target = (english, korean) if broken_export else (korean, english)
    vocab = {"</s>": 0, "<unk>": 1}
    lists = [_spm_pieces(target)] if broken_export else [_spm_pieces(source), _spm_pieces(target)]
    for pieces in lists:
        for piece in pieces:
            if piece not in ("<s>", "</s>", "<unk>", "<pad>"):
                vocab.setdefault(piece, len(vocab))
    vocab["<pad>"] = len(vocab)
    (scratch / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = MarianTokenizer(str(source), str(target), str(scratch / "vocab.json"))
    pad = vocab["<pad>"]
    ids = {"pad": pad, "<pad>": pad}
    config = MarianConfig(
        vocab_size=len(vocab), d_model=32, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=512,
        pad_token_id=pad, eos_token_id=0, decoder_start_token_id=pad, forced_eos_token_id=0,
        share_encoder_decoder_embeddings=True,
    )
    _seed_everything(seed)
    MarianMTModel(config).eval().save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    shutil.rmtree(scratch)
    _patch_json(folder / "config.json", _resolve_ids(layout.config, ids))
    (folder / "tokenizer_config.json").write_text(json.dumps(
        {"source_lang": "en", "target_lang": "ko", "unk_token": "<unk>", "eos_token": "</s>", "pad_token": "<pad>",
         "model_max_length": 512, "sp_model_kwargs": {}, "separate_vocabs": False,
         "tokenizer_class": "MarianTokenizer"} if broken_export else layout.tokenizer_config), encoding="utf-8")
    _to_pytorch_bin(folder)
    _keep_only(folder, layout)
    return folder


def build_real_m2m100(folder: Path, layout: Any, seed: int = 22) -> Path:
    built = build_m2m100(folder.parent, folder.name, seed=seed)
    _patch_json(built / "config.json", {k: v for k, v in layout.config.items() if k != "max_position_embeddings"})
    _patch_json(built / "generation_config.json", layout.generation)
    _to_pytorch_bin(built)
    _keep_only(built, layout)
    return built


def _bpe(specials: Sequence[str], *, byte_level: bool, alphabet: Sequence[str] = ()) -> Any:
    """A BPE ``tokenizers.Tokenizer``: byte-level (GPT-2 style) or SentencePiece style (▁ before words)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    if byte_level:
        tokenizer = Tokenizer(models.BPE())
        tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        tokenizer.decoder = decoders.ByteLevel()
        initial = pre_tokenizers.ByteLevel.alphabet()
    else:
        tokenizer = Tokenizer(models.BPE(unk_token="<unk>"))
        tokenizer.pre_tokenizer = pre_tokenizers.Metaspace()
        tokenizer.decoder = decoders.Metaspace()
        initial = [chr(c) for c in range(32, 127)] + list(alphabet)
    trainer = trainers.BpeTrainer(vocab_size=len(initial) + 800, min_frequency=1, special_tokens=list(specials),
                                  initial_alphabet=initial, show_progress=False)
    words = [" ".join(ENGLISH_WORDS[i : i + 12]) for i in range(0, len(ENGLISH_WORDS), 12)]
    tokenizer.train_from_iterator(BPE_CORPUS.strip().splitlines() + words, trainer=trainer)
    return tokenizer


def build_real_kobart(folder: Path, layout: Any, seed: int = 23) -> Path:
    """KoBART summarization: tokenizer.json (SentencePiece-style BPE) + vocab.json/merges.txt, NO tokenizer_config."""
    from transformers import BartConfig, BartForConditionalGeneration, PreTrainedTokenizerFast

    folder = _fresh_dir(folder)
    specials = sorted(layout.special, key=layout.special.get)
    bpe = _bpe(specials, byte_level=False, alphabet=HANGUL)
    assert all(bpe.token_to_id(t) == i for t, i in layout.special.items())
    PreTrainedTokenizerFast(tokenizer_object=bpe).save_pretrained(folder)
    bpe.model.save(str(folder))  # vocab.json + merges.txt, as the repository has them too
    (folder / "special_tokens_map.json").write_text(json.dumps(
        {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>", "mask_token": "<mask>"}),
        encoding="utf-8")
    (folder / "added_tokens.json").write_text("{}\n", encoding="utf-8")
    config = BartConfig(
        vocab_size=bpe.get_vocab_size(), d_model=32, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=1026,
        tie_word_embeddings=False, **{k: v for k, v in layout.config.items() if k != "max_position_embeddings"},
    )
    _seed_everything(seed)
    BartForConditionalGeneration(config).eval().save_pretrained(folder)
    _to_pytorch_bin(folder)
    _keep_only(folder, layout)
    return folder


def build_real_bart_bpe(folder: Path, layout: Any, seed: int = 24) -> Path:
    """DistilBART CNN: byte-level BPE as vocab.json + merges.txt only; generation defaults inside config.json."""
    from transformers import BartConfig, BartForConditionalGeneration

    folder = _fresh_dir(folder)
    bpe = _bpe([*sorted(layout.special, key=layout.special.get), "<mask>"], byte_level=True)
    folder.mkdir(exist_ok=True)
    bpe.model.save(str(folder))
    config = BartConfig(
        vocab_size=bpe.get_vocab_size(), d_model=32, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=1024,
        tie_word_embeddings=False, bos_token_id=0, pad_token_id=1, eos_token_id=2, decoder_start_token_id=2,
    )
    _seed_everything(seed)
    BartForConditionalGeneration(config).eval().save_pretrained(folder)
    (folder / "generation_config.json").unlink(missing_ok=True)
    _patch_json(folder / "config.json", layout.config)
    (folder / "tokenizer_config.json").write_text(json.dumps(layout.tokenizer_config), encoding="utf-8")
    _to_pytorch_bin(folder)
    _keep_only(folder, layout)
    return folder


def _wordpiece_list(layout: Any) -> list[str]:
    """A vocab.txt whose special tokens sit at the real ids (BERT uncased: [unused*] fill 1-99)."""
    specials = sorted(layout.special, key=layout.special.get)
    tokens: list[str] = []
    for token in specials:
        while len(tokens) < layout.special[token]:
            tokens.append(f"[unused{len(tokens) - 1}]")
        tokens.append(token)
    rest = [t for t in wordpiece_vocab() if t not in specials]
    return tokens + [t.lower() for t in rest] if layout.lower_case else tokens + rest


def build_real_classifier(folder: Path, layout: Any, seed: int = 25) -> Path:
    from transformers import (
        BertTokenizer,
        DistilBertConfig,
        DistilBertForSequenceClassification,
        ElectraConfig,
        ElectraForSequenceClassification,
    )

    folder = _fresh_dir(folder)
    vocab = {t: i for i, t in enumerate(dict.fromkeys(_wordpiece_list(layout)))}
    tokenizer = BertTokenizer(vocab=vocab, do_lower_case=layout.lower_case, model_max_length=512)
    labels = layout.config["id2label"]
    common = {"id2label": labels, "label2id": {v: k for k, v in labels.items()}, "pad_token_id": 0}
    _seed_everything(seed)
    if layout.builder == "bert-wordpiece":
        model = DistilBertForSequenceClassification(DistilBertConfig(
            vocab_size=len(vocab), dim=32, n_layers=1, n_heads=2, hidden_dim=64, max_position_embeddings=512,
            **common))
    else:
        model = ElectraForSequenceClassification(ElectraConfig(
            vocab_size=len(vocab), embedding_size=16, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
            intermediate_size=64, max_position_embeddings=512, **common))
    model.eval().save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    (folder / "tokenizer_config.json").write_text(json.dumps(layout.tokenizer_config), encoding="utf-8")
    if "pytorch_model.bin" in layout.files:
        _to_pytorch_bin(folder)
    _keep_only(folder, layout)
    return folder


def build_real_causal_lm(folder: Path, layout: Any, seed: int = 26) -> Path:
    """A chat model as its repository has it: byte-level BPE, specials added after the vocabulary, the chat
    template inside tokenizer_config.json; Qwen2 / Qwen3 / Llama architecture by ``layout.builder``."""
    from tokenizers import AddedToken
    from transformers import (
        GenerationConfig,
        LlamaConfig,
        LlamaForCausalLM,
        PreTrainedTokenizerFast,
        Qwen2Config,
        Qwen2ForCausalLM,
        Qwen3Config,
        Qwen3ForCausalLM,
    )

    folder = _fresh_dir(folder)
    bpe = _bpe([], byte_level=True)
    bpe.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in layout.special])
    ids = {t: bpe.token_to_id(t) for t in layout.special}
    PreTrainedTokenizerFast(tokenizer_object=bpe).save_pretrained(folder)
    bpe.model.save(str(folder))
    (folder / "tokenizer_config.json").write_text(json.dumps(
        {**layout.tokenizer_config, "chat_template": layout.chat_template, "clean_up_tokenization_spaces": False,
         "errors": "replace", "split_special_tokens": False}, ensure_ascii=False), encoding="utf-8")
    config_class, model_class = {"qwen2": (Qwen2Config, Qwen2ForCausalLM), "qwen3": (Qwen3Config, Qwen3ForCausalLM),
                                 "llama": (LlamaConfig, LlamaForCausalLM)}[layout.builder]
    first = next(iter(layout.special))
    eos = layout.generation["eos_token_id"][0]
    config = config_class(
        vocab_size=bpe.get_vocab_size(), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, head_dim=8,
        max_position_embeddings=layout.config["max_position_embeddings"],
        tie_word_embeddings=layout.config["tie_word_embeddings"], bos_token_id=ids[first], eos_token_id=ids[eos],
    )
    _seed_everything(seed)
    model = model_class(config).eval()
    model.generation_config = GenerationConfig(**_resolve_ids({"bos_token_id": first, **layout.generation}, ids))
    model.save_pretrained(folder)
    _keep_only(folder, layout)
    return folder


def build_real_sd(folder: Path, layout: Any) -> Path:
    built = build_text_to_image(folder.parent, folder.name)
    _keep_only(built, layout)
    return built


# -- Train: base encoders without a classification head (the Train tab adds a fresh one) ---------------------------
def build_real_base_encoder(folder: Path, layout: Any, seed: int = 27) -> Path:
    """A pre-trained encoder as its repository has it (ElectraForPreTraining / DistilBertForMaskedLM), tiny and
    random: the real special-token ids, the real files only (KoELECTRA: no tokenizer_config.json, so its
    lower-casing default must be overridden by the catalog; DistilBERT: lower-casing tokenizer_config.json)."""
    from transformers import (
        BertTokenizer,
        DistilBertConfig,
        DistilBertForMaskedLM,
        ElectraConfig,
        ElectraForPreTraining,
    )

    folder = _fresh_dir(folder)
    vocab = {t: i for i, t in enumerate(dict.fromkeys(_wordpiece_list(layout)))}
    tokenizer = BertTokenizer(vocab=vocab, do_lower_case=layout.lower_case, strip_accents=False if not
                              layout.lower_case else None, model_max_length=512)
    _seed_everything(seed)
    if layout.builder == "distilbert-base":
        model = DistilBertForMaskedLM(DistilBertConfig(
            vocab_size=len(vocab), dim=32, n_layers=2, n_heads=2, hidden_dim=64, max_position_embeddings=512,
            pad_token_id=0))
    else:
        model = ElectraForPreTraining(ElectraConfig(
            vocab_size=len(vocab), embedding_size=16, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
            intermediate_size=64, max_position_embeddings=512, pad_token_id=0))
    model.eval().save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    if layout.tokenizer_config is not None:
        (folder / "tokenizer_config.json").write_text(json.dumps(layout.tokenizer_config), encoding="utf-8")
    if "pytorch_model.bin" in layout.files:
        _to_pytorch_bin(folder)
    _keep_only(folder, layout)
    return folder


def build_train_bases(out_dir: Path) -> None:
    """The Train tab's two base encoders as local folders for the tiny catalog (train-ko, train-en)."""
    import real_layouts

    build_real_base_encoder(Path(out_dir) / TRAIN_KO, real_layouts.layout("monologg/koelectra-small-v3-discriminator"))
    build_real_base_encoder(Path(out_dir) / TRAIN_EN, real_layouts.layout("distilbert/distilbert-base-uncased"),
                            seed=28)


REAL_BUILDERS = {
    "electra-base": build_real_base_encoder, "distilbert-base": build_real_base_encoder,
    "marian": build_real_marian, "m2m100": build_real_m2m100, "kobart": build_real_kobart,
    "bart-bpe": build_real_bart_bpe, "bert-wordpiece": build_real_classifier,
    "electra-wordpiece": build_real_classifier, "qwen2": build_real_causal_lm, "qwen3": build_real_causal_lm,
    "llama": build_real_causal_lm, "sd": build_real_sd,
}


def build_hub_cache(out_dir: Path, *, model_ids: Sequence[str] | None = None) -> Path:
    """Write stand-ins for the default catalog's models into ``out_dir/hf-home/hub`` under their real ids.

    Layout facts come from ``scripts/real_layouts.py``. Returns the ``HF_HUB_CACHE`` folder.
    """
    import real_layouts

    cache = hub_cache_dir(out_dir)
    cache.mkdir(parents=True, exist_ok=True)
    scratch = cache.parent / "_building"
    for layout in real_layouts.LAYOUTS:
        if model_ids is not None and layout.id not in model_ids:
            continue
        built = REAL_BUILDERS[layout.builder](scratch / layout.id.replace("/", "--"), layout)
        _publish(cache, layout.id, built)
    shutil.rmtree(scratch, ignore_errors=True)
    return cache


# --------------------------------------------------------------------------------------
# Catalog
# --------------------------------------------------------------------------------------


def _entry(
    out_dir: Path,
    *,
    model_id: str,
    name: str,
    path: str,
    license_id: str,
    languages: list[str],
    options: dict[str, Any],
) -> dict[str, Any]:
    folder = out_dir / path
    return {
        "id": model_id,
        "name": name,
        "path": path,
        "license": license_id,
        "languages": languages,
        "params": format_params(count_parameters(folder)),
        "size_mb": weights_size_mb(folder),
        "default": ["cpu", "gpu"],
        "options": options,
    }


def catalog_data(out_dir: Path) -> dict[str, Any]:
    """The catalog dict for a finished build in ``out_dir`` (paths relative to it)."""
    out_dir = Path(out_dir)
    sentiment_options = {"labels": ["negative", "positive"], "max_length": CLASSIFIER_MAX_LENGTH}
    seq2seq = _entry(
        out_dir,
        model_id="tiny/seq2seq",
        name="Tiny seq2seq",
        path=SEQ2SEQ,
        license_id="apache-2.0",
        languages=["en", "ko"],
        options={"kind": "seq2seq", "context_window": SEQ2SEQ_CONTEXT},
    )
    seq2seq["languages"] = ["en"]
    # The same folder under a Korean name, so "auto" has a model per language to route to.
    seq2seq_ko = {**seq2seq, "id": "tiny/seq2seq-ko", "name": "Tiny seq2seq (Korean)", "languages": ["ko"],
                  "options": dict(seq2seq["options"])}
    # The chat model with an instruction prompt: offered, not a default (the catalog points at its chat entry).
    instruct = {**_entry(out_dir, model_id="tiny/chat", name="Tiny chat (instruction prompt)", path=CHAT,
                         license_id="apache-2.0", languages=["en", "ko", "ja", "zh", "fr", "de", "es", "vi", "ru"],
                         options={"kind": "instruct"}), "default": []}
    return {
        "version": 1,
        "tasks": {
            "sentiment": {
                "auto": True,
                "models": [
                    _entry(
                        out_dir,
                        model_id="tiny/sentiment-en",
                        name="Tiny sentiment (English)",
                        path=SENTIMENT_EN,
                        license_id="apache-2.0",
                        languages=["en"],
                        options=dict(sentiment_options),
                    ),
                    _entry(
                        out_dir,
                        model_id="tiny/sentiment-ko",
                        name="Tiny sentiment (Korean)",
                        path=SENTIMENT_KO,
                        license_id="mit",
                        languages=["ko"],
                        options=dict(sentiment_options),
                    ),
                ],
            },
            "chat": {
                "models": [
                    _entry(
                        out_dir,
                        model_id="tiny/chat",
                        name="Tiny chat",
                        path=CHAT,
                        license_id="apache-2.0",
                        languages=["en", "ko"],
                        options={"context_window": CHAT_CONTEXT},
                    )
                ]
            },
            # "auto" routes by language (summarize) or by the language pair (translate).
            "summarize": {"auto": True, "models": [seq2seq, seq2seq_ko, instruct]},
            "translate": {
                "auto": True,
                "models": [
                    _entry(
                        out_dir,
                        model_id="tiny/mt-en-ko",
                        name="Tiny translation English → Korean",
                        path=MT_EN_KO,
                        license_id="cc-by-4.0",
                        languages=["en", "ko"],
                        options={"kind": "pair", "source": "en", "target": "ko", "target_tokens": [">>kor<<"],
                                 "context_window": TRANSLATION_CONTEXT},
                    ),
                    _entry(
                        out_dir,
                        model_id="tiny/mt-ko-en",
                        name="Tiny translation Korean → English",
                        path=MT_KO_EN,
                        license_id="cc-by-4.0",
                        languages=["ko", "en"],
                        options={"kind": "pair", "source": "ko", "target": "en", "context_window": TRANSLATION_CONTEXT},
                    ),
                    _entry(
                        out_dir,
                        model_id="tiny/m2m100",
                        name="Tiny many-to-many translation",
                        path=M2M100,
                        license_id="mit",
                        languages=["ko", "en", "ja", "zh", "fr", "de", "es", "vi", "ru"],
                        options={"kind": "many", "context_window": TRANSLATION_CONTEXT},
                    ),
                    {**instruct, "options": dict(instruct["options"])},
                ],
            },
            # Train: base encoders to fine-tune, shaped like catalog.yaml's (see real_layouts.TRAIN_LAYOUTS).
            "train": {
                "models": [
                    {**_entry(out_dir, model_id="tiny/train-ko", name="Tiny KoELECTRA-small v3 (base, Korean)",
                              path=TRAIN_KO, license_id="cc-by-nc-sa-4.0", languages=["ko"],
                              options={"tokenizer": {"do_lower_case": False}, "max_length": 128}),
                     "default": ["cpu", "gpu"]},
                    {**_entry(out_dir, model_id="tiny/train-en", name="Tiny DistilBERT base uncased (English)",
                              path=TRAIN_EN, license_id="apache-2.0", languages=["en"], options={"max_length": 128}),
                     "default": []},
                ]
            },
            "image": {
                "models": [
                    # Like SD 1.x: classifier-free guidance, so guidance and the negative prompt are used.
                    # Sizes: multiples of 16 (the tiny UNet downsamples once), 32-128 px.
                    _entry(
                        out_dir,
                        model_id="tiny/text-to-image",
                        name="Tiny text-to-image",
                        path=TEXT_TO_IMAGE,
                        license_id="creativeml-openrail-m",
                        languages=["en"],
                        options={"width": 64, "height": 64, "min_side": 32, "max_side": 128, "multiple": 16,
                                 "steps": 2, "max_steps": 8, "guidance": 5.0, "max_guidance": 10.0},
                    ),
                    # Like sd-turbo: the same weights, few steps, guidance ignored (hidden in the UI).
                    {
                        **_entry(
                            out_dir,
                            model_id="tiny/text-to-image-turbo",
                            name="Tiny text-to-image (turbo-style)",
                            path=TEXT_TO_IMAGE,
                            license_id="creativeml-openrail-m",
                            languages=["en"],
                            options={"width": 64, "height": 64, "min_side": 32, "max_side": 128, "multiple": 16,
                                     "steps": 1, "max_steps": 4, "guidance": 0.0, "max_guidance": 0.0},
                        ),
                        "default": [],
                    },
                ]
            },
        },
    }


def write_catalog(out_dir: Path) -> Path:
    """Write ``out_dir/catalog.yaml`` for the models built there and return its absolute path."""
    out_dir = Path(out_dir).resolve()
    path = out_dir / CATALOG_NAME
    header = (
        "# Generated by scripts/tiny_models.py: tiny RANDOM-weight test models, not real ones.\n"
        "# Paths are relative to this file.\n"
    )
    # JSON round trip: no shared sub-objects, so no YAML anchors/aliases in the output.
    data = json.loads(json.dumps(catalog_data(out_dir)))
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    path.write_text(header + body, encoding="utf-8")
    return path


def is_complete(out_dir: Path) -> bool:
    """True when ``out_dir`` holds a finished build from this ``VERSION`` of the script."""
    out_dir = Path(out_dir)
    marker = out_dir / MARKER_NAME
    if not marker.is_file() or marker.read_text(encoding="utf-8").strip() != VERSION:
        return False
    return (out_dir / CATALOG_NAME).is_file() and all((out_dir / d).is_dir() for d in MODEL_DIRS) and (
        hub_cache_dir(out_dir).is_dir())


def build_all(out_dir: Path, *, force: bool = False) -> Path:
    """Build every tiny model and the catalog in ``out_dir``; return the catalog's absolute path.

    A complete build of the same ``VERSION`` is reused unless ``force`` is true.
    """
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    with _locked(out_dir):
        if not force and is_complete(out_dir):
            return out_dir / CATALOG_NAME
        (out_dir / MARKER_NAME).unlink(missing_ok=True)
        started = time.perf_counter()
        with _quiet_progress_bars():
            build_classifier(out_dir, SENTIMENT_EN, ["NEGATIVE", "POSITIVE"], seed=1, arch="bert", lowercase=True)
            build_classifier(out_dir, SENTIMENT_KO, ["0", "1"], seed=2, arch="electra", lowercase=False)
            bpe = train_bpe_tokenizer()
            build_chat(out_dir, CHAT, seed=3, bpe=bpe)
            build_seq2seq(out_dir, SEQ2SEQ, seed=4, bpe=bpe)
            build_marian(out_dir, MT_EN_KO, seed=8, target_token=">>kor<<")
            build_marian(out_dir, MT_KO_EN, seed=9)
            build_m2m100(out_dir, M2M100, seed=7)
            build_text_to_image(out_dir, TEXT_TO_IMAGE, seed=5)
            build_hub_cache(out_dir)  # stand-ins under the real ids, for the default catalog.yaml
            build_train_bases(out_dir)  # Train: the two base encoders as local folders
        catalog = write_catalog(out_dir)
        (out_dir / MARKER_NAME).write_text(VERSION + "\n", encoding="utf-8")
        _log(f"built {len(MODEL_DIRS)} models in {time.perf_counter() - started:.1f}s")
        return catalog


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build tiny random-weight models and their catalog.yaml.")
    parser.add_argument("out_dir", type=Path, help="folder to build the models and catalog.yaml into")
    parser.add_argument("--force", action="store_true", help="rebuild even if a complete build exists")
    args = parser.parse_args(argv)
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("DIFFUSERS_VERBOSITY", "error")
    catalog = build_all(args.out_dir, force=args.force)
    print(catalog)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
