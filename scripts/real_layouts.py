"""What the default catalog's real Hub repositories look like, for the stand-ins ``tiny_models.build_hub_cache`` builds.

One place for the layout facts: which files each repository has and which it lacks, the tokenizer class
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


# Qwen3's template without its tool branches: no default system prompt; an assistant turn's <think> part is dropped
# from the history; with enable_thinking=False the generation prompt ends in an empty think block (Qwen3-0.6B).
# Qwen3-4B-Instruct-2507 is a non-thinking model: the same without the enable_thinking branch.
_QWEN3_TURNS = (
    "{%- if messages[0].role == 'system' %}"
    "{{- '<|im_start|>system\\n' + messages[0].content + '<|im_end|>\\n' }}"
    "{%- endif %}"
    "{%- for message in messages %}"
    "{%- if message.role == 'user' or (message.role == 'system' and not loop.first) %}"
    "{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n' }}"
    "{%- elif message.role == 'assistant' %}"
    "{%- set content = message.content.split('</think>')[-1].lstrip('\\n') %}"
    "{{- '<|im_start|>assistant\\n' + content + '<|im_end|>' + '\\n' }}"
    "{%- endif %}"
    "{%- endfor %}"
)
QWEN3_CHAT_TEMPLATE = _QWEN3_TURNS + (
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}"
    "{%- if enable_thinking is defined and enable_thinking is false %}{{- '<think>\\n\\n</think>\\n\\n' }}{%- endif %}"
    "{%- endif %}"
)
QWEN3_INSTRUCT_CHAT_TEMPLATE = _QWEN3_TURNS + (
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)
# Llama-3-style headers (Kanana 1.5 is a Llama-architecture model): unverified, see the layout's sources.
LLAMA3_CHAT_TEMPLATE = (
    "{{- bos_token }}"
    "{%- for message in messages %}"
    "{{- '<|start_header_id|>' + message.role + '<|end_header_id|>\\n\\n' + message.content | trim + '<|eot_id|>' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{%- endif %}"
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


# -- Train: the base encoders a class fine-tunes (catalog.yaml tasks.train) -------------------------------------------
# Pre-trained only (no classification head): the Train tab loads them with AutoModelForSequenceClassification, which
# adds a fresh, randomly initialised head of the class's labels ("before training" accuracy is that head's).
TRAIN_LAYOUTS: tuple[Layout, ...] = (
    Layout(
        id="monologg/koelectra-small-v3-discriminator",
        builder="electra-base",
        files=("config.json", "pytorch_model.bin", "vocab.txt"),
        # No tokenizer_config.json: AutoTokenizer then takes ElectraTokenizer's defaults, which lower-case and strip
        # accents (NFD), splitting Hangul syllables into jamo; the catalog's options.tokenizer sets
        # do_lower_case: false, as KoELECTRA's own fine-tuning configs do.
        absent=("tokenizer_config.json", "tokenizer.json", "special_tokens_map.json", "model.safetensors"),
        tokenizer_class="ElectraTokenizer",
        pre_tokenizer="wordpiece",
        special={"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "[MASK]": 4},
        config={"architectures": ["ElectraForPreTraining"], "embedding_size": 128, "hidden_size": 256,
                "num_hidden_layers": 12, "num_attention_heads": 4, "intermediate_size": 1024,
                "max_position_embeddings": 512, "vocab_size": 35000, "pad_token_id": 0},
        sources=(
            "https://huggingface.co/monologg/koelectra-small-v3-discriminator/commits/"
            "e54a492982b3e3569b00fb9afddc26ee20a17d07 (main's history: initial commit, Update config.json, Update "
            "pytorch_model.bin, Update vocab.txt: no tokenizer_config.json, no safetensors; the page shows no model "
            "card, so no license metadata)",
            "https://huggingface.co/Waynehillsdev/waynehills_sentimental_kor/blame/main/config.json (a fine-tune, "
            "_name_or_path monologg/koelectra-small-v3-discriminator: embedding 128, hidden 256, 12 layers, 4 heads, "
            "intermediate 1024, max_position 512, vocab 35000, pad 0)",
            "https://github.com/monologg/KoELECTRA/blob/4bf15db07e3edb179ca1d6002207b9f1f137916b/finetune/config/"
            "nsmc/koelectra-small-v3.json (NSMC fine-tuning: do_lower_case false, max_seq_len 128, lr 5e-5, seed 42)",
            "[CLS] 2 / [SEP] 3: KoELECTRA v3 card's tokenizer example (huggingface.co/monologg/"
            "koelectra-base-v3-discriminator README); [PAD] 0, [UNK] 1, [MASK] 4: unverified here",
        ),
    ),
    Layout(
        id="distilbert/distilbert-base-uncased",
        builder="distilbert-base",
        files=("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "vocab.txt"),
        absent=("special_tokens_map.json",),
        tokenizer_class="DistilBertTokenizer",
        pre_tokenizer="wordpiece",
        special={"[PAD]": 0, "[UNK]": 100, "[CLS]": 101, "[SEP]": 102, "[MASK]": 103},
        config={"architectures": ["DistilBertForMaskedLM"], "dim": 768, "n_layers": 6, "n_heads": 12,
                "hidden_dim": 3072, "max_position_embeddings": 512, "vocab_size": 30522, "pad_token_id": 0},
        tokenizer_config={"do_lower_case": True, "model_max_length": 512},
        lower_case=True,
        sources=(
            "https://huggingface.co/distilbert-base-uncased/tree/main (config.json 483 B, model.safetensors 268 MB, "
            "tokenizer.json 466 kB, tokenizer_config.json 48 B after 'Updates incorrect tokenizer configuration "
            "file (#12)', vocab.txt 232 kB; License: apache-2.0)",
            "tokenizer_config {do_lower_case: true, model_max_length: 512}: the same 48-byte fix in "
            "https://huggingface.co/google/electra-small-discriminator/blob/main/tokenizer_config.json; unverified "
            "for this repository beyond its size",
            "bert-base-uncased vocabulary layout ([PAD] 0, [UNK] 100, [CLS] 101, [SEP] 102, [MASK] 103) and "
            "DistilBERT base sizes (dim 768, 6 layers, 12 heads): unverified here",
        ),
    ),
)


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
            "https://huggingface.co/datien228/distilbart-cnn-12-6-ftn-multi_news/raw/refs%2Fpr%2F4/config.json and "
            "https://huggingface.co/philschmid/distilbart-cnn-12-6-samsum/blame/main/config.json (configs with "
            "_name_or_path sshleifer/distilbart-cnn-12-6: bos 0, pad 1, eos 2, decoder_start 2, forced_bos 0, "
            "forced_eos 2, min_length 56, max_length 142, num_beams 4, length_penalty 2.0, no_repeat_ngram_size 3, "
            "early_stopping true, max_position_embeddings 1024)",
            "file list (vocab.json + merges.txt, no tokenizer.json) and tokenizer_config {model_max_length: 1024}: "
            "unverified",
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
            "https://huggingface.co/optimum/distilbert-base-uncased-finetuned-sst-2-english/blame/"
            "b573e13fa806cb4d193ef24aa0972cc20e2a8880/config.json (id2label 0 NEGATIVE, 1 POSITIVE, pad 0, "
            "max_position_embeddings 512, vocab 30522)",
            "https://huggingface.co/anneke/finetuning-distilbert-base-uncased-finetuned-sst-2-english-5000-samples-"
            "final/blob/202d6d136ed2cc2c232061f42d44e702af881d44/tokenizer_config.json (a fine-tune: do_lower_case "
            "true, model_max_length 512)",
            "bert-base-uncased vocabulary layout ([PAD] 0, [unused0-98], [UNK] 100, [CLS] 101, [SEP] 102, "
            "[MASK] 103) and the file list: unverified here",
        ),
    ),
    Layout(
        id="daekeun-ml/koelectra-small-v3-nsmc",
        builder="electra-wordpiece",
        files=("config.json", "pytorch_model.bin", "special_tokens_map.json", "tokenizer.json",
               "tokenizer_config.json", "vocab.txt"),
        absent=(),
        tokenizer_class="ElectraTokenizer",
        pre_tokenizer="wordpiece",
        special={"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "[MASK]": 4},
        config={"id2label": {0: "LABEL_0", 1: "LABEL_1"}, "max_position_embeddings": 512},
        tokenizer_config={"do_lower_case": False, "do_basic_tokenize": True, "never_split": None,
                          "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
                          "mask_token": "[MASK]", "tokenize_chinese_chars": True, "strip_accents": None,
                          "model_max_length": 512, "special_tokens_map_file": None, "tokenizer_file": None,
                          "name_or_path": "daekeun-ml/koelectra-small-v3-nsmc", "tokenizer_class": "ElectraTokenizer"},
        sources=(
            "https://huggingface.co/daekeun-ml/koelectra-small-v3-nsmc/blob/f13a41f04cb87e8a761f1f3836f9fbbe05af7966/"
            "tokenizer_config.json (do_lower_case false, strip_accents null, model_max_length 512, ElectraTokenizer)",
            "https://huggingface.co/daekeun-ml/koelectra-small-v3-nsmc/blob/eec3a7d69cecb74d131aa4242fe5869f9ae541b4/"
            "tokenizer.json (534 kB) and .../blob/main/vocab.txt (263 kB); license mit",
            "[PAD] 0 … [MASK] 4 (KoELECTRA v3 vocabulary order) and id2label: unverified here (the catalog's "
            "options.labels names the classes)",
        ),
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
        id="Qwen/Qwen3-0.6B",
        builder="qwen3",
        files=("config.json", "generation_config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
               "vocab.json", "merges.txt"),
        absent=(),
        tokenizer_class="Qwen2Tokenizer",
        pre_tokenizer="byte-level",
        special={"<|endoftext|>": 151643, "<|im_start|>": 151644, "<|im_end|>": 151645},
        config={"tie_word_embeddings": True, "max_position_embeddings": 40960},
        generation={"do_sample": True, "temperature": 0.6, "top_p": 0.95, "top_k": 20,
                    "eos_token_id": ["<|im_end|>", "<|endoftext|>"], "pad_token_id": "<|endoftext|>"},
        tokenizer_config={"tokenizer_class": "Qwen2Tokenizer", "eos_token": "<|im_end|>", "pad_token": "<|endoftext|>",
                          "bos_token": None, "unk_token": None, "model_max_length": 131072},
        chat_template=QWEN3_CHAT_TEMPLATE,
        sources=(
            "https://github.com/wangling03/BioReason bioreason/models/dl/chat_template_dl.py (a copy of Qwen3's "
            "template: no default system prompt, <think> split off assistant turns)",
            "enable_thinking=false → empty <think></think> block; generation_config.json's temperature 0.6, top_p "
            "0.95, top_k 20 are the THINKING-mode defaults: the card's best practices suggest 0.7 / 0.8 / top_k 20 / "
            "min_p 0 with thinking off (the Qwen3-0.6B card, huggingface.co/Qwen/Qwen3-0.6B, Best Practices)",
        ),
    ),
    Layout(
        id="Qwen/Qwen3-4B-Instruct-2507",
        builder="qwen3",
        files=("config.json", "generation_config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
               "vocab.json", "merges.txt"),
        absent=(),
        tokenizer_class="Qwen2Tokenizer",
        pre_tokenizer="byte-level",
        special={"<|endoftext|>": 151643, "<|im_start|>": 151644, "<|im_end|>": 151645},
        config={"tie_word_embeddings": True, "max_position_embeddings": 262144},
        generation={"do_sample": True, "temperature": 0.7, "top_p": 0.8, "top_k": 20,
                    "eos_token_id": ["<|im_end|>", "<|endoftext|>"], "pad_token_id": "<|endoftext|>"},
        tokenizer_config={"tokenizer_class": "Qwen2Tokenizer", "eos_token": "<|im_end|>", "pad_token": "<|endoftext|>",
                          "bos_token": None, "unk_token": None, "model_max_length": 1010000},
        chat_template=QWEN3_INSTRUCT_CHAT_TEMPLATE,
        sources=(
            "Qwen3 template structure: as Qwen/Qwen3-0.6B above, without thinking (the 2507 Instruct card: "
            "non-thinking mode only); sharded safetensors and generation defaults: unverified here",
        ),
    ),
    Layout(
        id="kakaocorp/kanana-1.5-2.1b-instruct-2505",
        builder="llama",
        files=("config.json", "generation_config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
               "special_tokens_map.json"),
        absent=("vocab.json", "merges.txt"),
        tokenizer_class="PreTrainedTokenizerFast",
        pre_tokenizer="byte-level",
        special={"<|begin_of_text|>": 128000, "<|end_of_text|>": 128001, "<|start_header_id|>": 128006,
                 "<|end_header_id|>": 128007, "<|eot_id|>": 128009},
        config={"tie_word_embeddings": False, "max_position_embeddings": 32768},
        generation={"eos_token_id": ["<|eot_id|>", "<|end_of_text|>"], "bos_token_id": "<|begin_of_text|>"},
        tokenizer_config={"tokenizer_class": "PreTrainedTokenizerFast", "bos_token": "<|begin_of_text|>",
                          "eos_token": "<|eot_id|>", "model_max_length": 32768},
        chat_template=LLAMA3_CHAT_TEMPLATE,
        sources=(
            "kakaocorp/kanana-1.5-2.1b-instruct-2505 README.md (license apache-2.0, 32K context), via the code corpus",
            "Llama architecture, d_model 1792, 32 layers: a 2026 blog post on the model (code corpus)",
            "tokenizer files, Llama-3 special tokens and ids, chat template: NOT found in any searchable source; "
            "unverified assumptions, kept so the GPU default loads through a Llama-style path",
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
    *TRAIN_LAYOUTS,
)


def layout(model_id: str) -> Layout:
    for item in LAYOUTS:
        if item.id == model_id:
            return item
    raise KeyError(model_id)
