"""What the default catalog's real Hub repositories look like, for the stand-ins ``tiny_models.build_hub_cache`` builds.

One place for the layout facts (issue 12): which files each repository has and which it lacks, the tokenizer class
transformers 5 resolves from them, the pre-tokenizer kind, special tokens and their ids, the config keys that change
behaviour, and the chat template. Each fact names the source it was taken from (a tree listing, a file, an issue);
facts not found in a source are marked ``unverified`` so nobody mistakes them for checked ones.

The stand-ins keep the weights random and tiny and the vocabulary small, so ids of special tokens that sit at the
end of a huge vocabulary (OPUS-MT's ``<pad>`` 65000, M2M100's ``__ko__`` 128063, Qwen's ``<|im_end|>`` 151645) are
not reproduced; the ones at the start are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

QWEN25_SYSTEM = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant."
# Qwen2.5's template without its tool-calling branches (the playground sends no tools): the default system prompt
# when none is given, then ChatML.
QWEN25_CHAT_TEMPLATE = (
    "{%- if messages[0]['role'] == 'system' %}"
    "{{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}"
    "{%- else %}"
    "{{- '<|im_start|>system\\n" + QWEN25_SYSTEM + "<|im_end|>\\n' }}"
    "{%- endif %}"
    "{%- for message in messages %}"
    "{%- if not (message.role == 'system' and loop.first) %}"
    "{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n' }}"
    "{%- endif %}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)


@dataclass(frozen=True)
class Layout:
    """One real repository, as far as loading it is concerned."""

    id: str
    builder: str  # which stand-in builder of tiny_models.py reproduces it
    files: tuple[str, ...]  # files of the real repository the stand-in writes (weights under the real names)
    absent: tuple[str, ...]  # files the real repository lacks, whose absence changes what transformers does
    tokenizer_class: str  # what AutoTokenizer (or the catalog's options.tokenizer) resolves with transformers 5
    pre_tokenizer: str  # "sentencepiece" (▁ pieces), "byte-level" (BPE on bytes) or "wordpiece"
    special: dict[str, int]  # special tokens and their ids in the real vocabulary
    config: dict[str, Any] = field(default_factory=dict)  # behaviour-changing config.json keys
    generation: dict[str, Any] = field(default_factory=dict)  # generation_config.json (when the repo has one)
    tokenizer_config: dict[str, Any] | None = None  # the real tokenizer_config.json, when it matters
    chat_template: str | None = None
    lower_case: bool = False
    sources: tuple[str, ...] = ()


LAYOUTS: tuple[Layout, ...] = (
    Layout(
        id="Helsinki-NLP/opus-mt-ko-en",
        builder="marian",
        files=("config.json", "pytorch_model.bin", "source.spm", "target.spm", "vocab.json", "tokenizer_config.json"),
        absent=("tokenizer.json", "special_tokens_map.json", "generation_config.json"),
        tokenizer_class="MarianTokenizer",
        pre_tokenizer="sentencepiece",
        special={"</s>": 0, "<unk>": 1, "<pad>": 65000},
        config={"decoder_start_token_id": "pad", "pad_token_id": "pad", "eos_token_id": 0, "forced_eos_token_id": 0,
                "bad_words_ids": [["pad"]], "num_beams": 6, "max_length": 512, "max_position_embeddings": 512},
        # 44 bytes in the tree listing; the content is the one fine-tunes of this model carry (source_lang kor,
        # target_lang eng) without the keys a later save adds.
        tokenizer_config={"target_lang": "eng", "source_lang": "kor"},
        sources=(
            "https://huggingface.co/Helsinki-NLP/opus-mt-ko-en/tree/8bf548f19accb8fdc96055608840f5a0c194ec8d "
            "(files: config.json, metadata.json, pytorch_model.bin, source.spm, target.spm, tokenizer_config.json "
            "44 B, vocab.json 1.72 MB; license apache-2.0)",
            "https://huggingface.co/ihebaker10/spark-name-ko-to-en/blame/79d2821de59e4c575000c5078069c8b944d8e134/"
            "config.json (_name_or_path Helsinki-NLP/opus-mt-ko-en: decoder_start 65000, pad 65000, eos 0, "
            "bad_words_ids [[65000]], num_beams 6, max_length 512, vocab 65001)",
            "https://huggingface.co/hcho22/opus-mt-ko-en-finetuned-kr-to-en/blob/main/tokenizer_config.json "
            "(separate_vocabs false, source_lang kor, target_lang eng, MarianTokenizer)",
        ),
    ),
    Layout(
        id="facebook/m2m100_418M",
        builder="m2m100",
        files=("config.json", "generation_config.json", "pytorch_model.bin", "sentencepiece.bpe.model",
               "special_tokens_map.json", "tokenizer_config.json", "vocab.json"),
        absent=("tokenizer.json",),
        tokenizer_class="M2M100Tokenizer",
        pre_tokenizer="sentencepiece",
        special={"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3},
        config={"decoder_start_token_id": 2, "eos_token_id": 2, "pad_token_id": 1, "bos_token_id": 0,
                "num_beams": 5, "max_length": 200, "early_stopping": True, "max_position_embeddings": 1024},
        generation={"bos_token_id": 0, "decoder_start_token_id": 2, "eos_token_id": 2, "pad_token_id": 1,
                    "num_beams": 5, "max_length": 200, "early_stopping": True},
        sources=(
            "https://huggingface.co/jaredfern/efficiency-benchmark-onnx/commit/e49333a119e267536be062653ca0b3ec63d4d785"
            " (a copy of facebook/m2m100_418M: config.json, generation_config.json, sentencepiece.bpe.model, "
            "special_tokens_map.json, tokenizer_config.json, vocab.json; no tokenizer.json)",
            "https://huggingface.co/ctkang/m2m100_418M_95/commit/1078077e450316606fbc2f3c244061dea07f5045 "
            "(config.json from facebook/m2m100_418M: bos 0, pad 1, eos 2, decoder_start 2, num_beams 5, "
            "max_length 200, early_stopping true, vocab 128112)",
        ),
    ),
    Layout(
        id="facebook/m2m100_1.2B",
        builder="m2m100",
        files=("config.json", "generation_config.json", "pytorch_model.bin", "sentencepiece.bpe.model",
               "special_tokens_map.json", "tokenizer_config.json", "vocab.json"),
        absent=("tokenizer.json",),
        tokenizer_class="M2M100Tokenizer",
        pre_tokenizer="sentencepiece",
        special={"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3},
        config={"decoder_start_token_id": 2, "eos_token_id": 2, "pad_token_id": 1, "bos_token_id": 0,
                "num_beams": 5, "max_length": 200, "early_stopping": True, "max_position_embeddings": 1024},
        generation={"bos_token_id": 0, "decoder_start_token_id": 2, "eos_token_id": 2, "pad_token_id": 1,
                    "num_beams": 5, "max_length": 200, "early_stopping": True},
        sources=(
            "https://huggingface.co/Ammad1Ali/m2m100_1.2B-2.0-v1/commit/6beefb5e222383914d1ac70a03a778db0a6731c1 "
            "(config.json from facebook/m2m100_1.2B: same ids, num_beams 5, max_length 200, vocab 128112)",
            "tokenizer files: the same as facebook/m2m100_418M (unverified for 1.2B itself)",
        ),
    ),
    Layout(
        id="gogamza/kobart-summarization",
        builder="kobart",
        files=("config.json", "pytorch_model.bin", "tokenizer.json", "vocab.json", "merges.txt",
               "special_tokens_map.json", "added_tokens.json"),
        absent=("tokenizer_config.json", "generation_config.json"),
        tokenizer_class="PreTrainedTokenizerFast",  # via the catalog's options.tokenizer; AutoTokenizer: Roberta
        pre_tokenizer="sentencepiece",
        special={"<s>": 0, "</s>": 1, "<usr>": 2, "<pad>": 3, "<sys>": 4, "<unk>": 5, "<mask>": 6},
        config={"bos_token_id": 0, "eos_token_id": 1, "pad_token_id": 3, "decoder_start_token_id": 1,
                "forced_eos_token_id": 1, "max_position_embeddings": 1026},
        sources=(
            "issue 12 (no tokenizer_config.json; AutoTokenizer → RobertaTokenizer drops Hangul; bos <s> 0, eos </s> 1,"
            " pad 3)",
            "https://huggingface.co/gogamza/kobart-summarization/commit/e1482629c65e4119bcf38197d669f999df6ca968 "
            "(adds added_tokens.json {}, merges.txt, special_tokens_map.json {bos <s>, eos </s>, unk <unk>, pad <pad>,"
            " mask <mask>}, vocab.json; card loads PreTrainedTokenizerFast)",
            "https://github.com/hyunwoongko/kobart-transformers README.md (KoBART pieces are SentencePiece-style: "
            "'▁안녕하', '세요.')",
            "https://huggingface.co/Sehong/kobart-QuestionGeneration/blame/58ce7f2a766197807d9ae385d26388abf22c730f/"
            "config.json (KoBART: bos 0, eos 1, pad 3, decoder_start 1, forced_eos 1, max_position_embeddings 1026)",
            "ids of <usr> 2, <sys> 4, <unk> 5, <mask> 6: unverified",
        ),
    ),
    Layout(
        id="sshleifer/distilbart-cnn-12-6",
        builder="bart-bpe",
        files=("config.json", "pytorch_model.bin", "vocab.json", "merges.txt", "tokenizer_config.json"),
        absent=("tokenizer.json", "generation_config.json"),
        tokenizer_class="RobertaTokenizer",
        pre_tokenizer="byte-level",
        special={"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3},
        config={"bos_token_id": 0, "pad_token_id": 1, "eos_token_id": 2, "decoder_start_token_id": 2,
                "forced_bos_token_id": 0, "forced_eos_token_id": 2, "min_length": 56, "max_length": 142,
                "num_beams": 4, "length_penalty": 2.0, "no_repeat_ngram_size": 3, "early_stopping": True,
                "max_position_embeddings": 1024},
        tokenizer_config={"model_max_length": 1024},
        sources=(
            "BART CNN summarization defaults (min_length 56, max_length 142, num_beams 4, length_penalty 2.0, "
            "no_repeat_ngram_size 3): the facebook/bart-large-cnn family's config.json; unverified for this repo",
            "file list (no tokenizer.json): unverified",
        ),
    ),
    Layout(
        id="distilbert/distilbert-base-uncased-finetuned-sst-2-english",
        builder="bert-wordpiece",
        files=("config.json", "model.safetensors", "tokenizer_config.json", "vocab.txt"),
        absent=("tokenizer.json", "special_tokens_map.json"),
        tokenizer_class="BertTokenizer",
        pre_tokenizer="wordpiece",
        special={"[PAD]": 0, "[UNK]": 100, "[CLS]": 101, "[SEP]": 102, "[MASK]": 103},
        config={"id2label": {0: "NEGATIVE", 1: "POSITIVE"}, "max_position_embeddings": 512},
        tokenizer_config={"do_lower_case": True, "model_max_length": 512},
        lower_case=True,
        sources=(
            "bert-base-uncased vocabulary layout ([PAD] 0, [unused0-98], [UNK] 100, [CLS] 101, [SEP] 102, "
            "[MASK] 103) and id2label NEGATIVE/POSITIVE: unverified here",
        ),
    ),
    Layout(
        id="daekeun-ml/koelectra-small-v3-nsmc",
        builder="electra-wordpiece",
        files=("config.json", "pytorch_model.bin", "special_tokens_map.json", "tokenizer_config.json", "vocab.txt"),
        absent=("tokenizer.json",),
        tokenizer_class="BertTokenizer",
        pre_tokenizer="wordpiece",
        special={"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "[MASK]": 4},
        config={"id2label": {0: "LABEL_0", 1: "LABEL_1"}, "max_position_embeddings": 512},
        tokenizer_config={"do_lower_case": False, "model_max_length": 512},
        sources=("KoELECTRA v3 vocabulary ([PAD] 0 … [MASK] 4, case kept) and file list: unverified here",),
    ),
    Layout(
        id="Qwen/Qwen2.5-0.5B-Instruct",
        builder="qwen2",
        files=("config.json", "generation_config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
               "vocab.json", "merges.txt"),
        absent=(),
        tokenizer_class="Qwen2Tokenizer",
        pre_tokenizer="byte-level",
        special={"<|endoftext|>": 151643, "<|im_start|>": 151644, "<|im_end|>": 151645},
        config={"tie_word_embeddings": True, "max_position_embeddings": 32768},
        generation={"do_sample": True, "temperature": 0.7, "top_p": 0.8, "top_k": 20, "repetition_penalty": 1.05,
                    "eos_token_id": ["<|im_end|>", "<|endoftext|>"], "pad_token_id": "<|endoftext|>"},
        tokenizer_config={"tokenizer_class": "Qwen2Tokenizer", "eos_token": "<|im_end|>", "pad_token": "<|endoftext|>",
                          "bos_token": None, "unk_token": None, "model_max_length": 131072},
        chat_template=QWEN25_CHAT_TEMPLATE,
        sources=(
            "Qwen2.5 model cards and tokenizer_config.json (special ids, default system prompt 'You are Qwen, "
            "created by Alibaba Cloud…', generation defaults): from memory, unverified here; the template is "
            "reduced to its no-tools branch",
        ),
    ),
    Layout(
        id="stabilityai/sd-turbo",
        builder="sd",
        files=("model_index.json", "scheduler/scheduler_config.json", "text_encoder/config.json",
               "tokenizer/vocab.json", "tokenizer/merges.txt", "unet/config.json", "vae/config.json"),
        absent=("safety_checker/config.json", "feature_extractor/preprocessor_config.json"),
        tokenizer_class="CLIPTokenizer",
        pre_tokenizer="byte-level",
        special={},
        sources=("playground/tasks/image.py and hub.ignore_patterns (components in folders, no safety checker)",),
    ),
)


def layout(model_id: str) -> Layout:
    for item in LAYOUTS:
        if item.id == model_id:
            return item
    raise KeyError(model_id)
