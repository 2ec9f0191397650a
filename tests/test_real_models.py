"""The default catalog's own entries, loaded as the Hub serves them: stand-ins shaped like the real repositories.

``tiny_models.build_hub_cache`` writes a Hub-layout cache (``models--ORG--NAME/refs/main, snapshots/SHA``) with a tiny
random-weight stand-in under each default model's real id (layout facts: ``scripts/real_layouts.py``). The tests point
huggingface_hub at it in-process (``HF_HUB_CACHE`` is read at import, so its module constants are patched), keep
``HF_HUB_OFFLINE=1``, and use the repository's ``catalog.yaml`` unchanged: no ``path:`` entries.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from playground import tokenizer_check
from playground.catalog import DEFAULT_CATALOG, load_catalog
from playground.errors import ModelUnavailable

KOREAN = "오늘은 날씨가 정말 좋아서 친구들과 한강 공원에 갔습니다. 저녁에는 맛있는 김치찌개를 먹었어요."
ENGLISH = "The students visited the science museum on Friday and wrote a short report about the planets."


@pytest.fixture(scope="module")
def real_catalog(hub_cache: Path):
    catalog = load_catalog(DEFAULT_CATALOG)
    assert not [e.id for task in catalog.models for e in catalog.entries(task) if e.path is not None]
    return catalog


@pytest.fixture
def real_engine(real_catalog):
    from playground.device import detect
    from playground.engine import Engine

    return Engine(real_catalog, detect("cpu"))


def _layouts():
    import real_layouts

    return real_layouts.LAYOUTS


# Defaults of catalog.yaml that have no stand-in (yet). Named here so a new default without one fails.
NO_STAND_IN: set[str] = set()


def test_every_default_model_has_a_stand_in_or_is_named(real_catalog) -> None:
    ids = {layout.id for layout in _layouts()}
    defaults = {e.id for task in real_catalog.models for e in real_catalog.entries(task) if e.default}
    assert defaults - ids == NO_STAND_IN


def test_the_stand_ins_have_the_real_files_and_lack_the_missing_ones(hub_cache: Path) -> None:
    from huggingface_hub import try_to_load_from_cache

    for layout in _layouts():
        for name in layout.files:
            if name.endswith((".bin", ".safetensors")) or "/" in name:
                continue
            assert isinstance(try_to_load_from_cache(layout.id, name), str), (layout.id, name)
        for name in layout.absent:
            assert not isinstance(try_to_load_from_cache(layout.id, name), str), (layout.id, name)


def test_every_default_loads_through_the_hub_path(real_engine) -> None:
    catalog = real_engine.catalog
    for task in ("sentiment", "summarize", "translate", "chat"):
        for entry in catalog.entries(task):
            if entry.default and entry.id not in NO_STAND_IN:
                loaded = real_engine.model(entry)
                assert loaded is not None, entry.id


@pytest.mark.parametrize("model_id", [
    "Helsinki-NLP/opus-mt-ko-en", "facebook/m2m100_418M", "facebook/m2m100_1.2B", "gogamza/kobart-summarization",
    "sshleifer/distilbart-cnn-12-6", "distilbert/distilbert-base-uncased-finetuned-sst-2-english",
    "daekeun-ml/koelectra-small-v3-nsmc", "Qwen/Qwen2.5-0.5B-Instruct", "Qwen/Qwen3-0.6B",
    "Qwen/Qwen3-4B-Instruct-2507", "kakaocorp/kanana-1.5-2.1b-instruct-2505",
])
def test_korean_and_english_survive_each_tokenizer(real_engine, model_id: str) -> None:
    import real_layouts

    catalog = real_engine.catalog
    entry = next(e for task in catalog.models for e in catalog.entries(task) if e.id == model_id)
    import transformers

    tokenizer = real_engine.model(entry).tokenizer
    assert type(tokenizer) is getattr(transformers, real_layouts.layout(model_id).tokenizer_class)
    for language, text in (("ko", KOREAN), ("en", ENGLISH)):
        if language not in entry.languages:
            continue
        reading = tokenizer_check.read(tokenizer, language, text)
        assert reading.unknown_share <= 0.05, (model_id, language, reading)
        assert reading.survives >= 0.95, (model_id, language, reading)


def test_kobart_through_autotokenizer_drops_hangul_and_the_guard_refuses_it(real_engine) -> None:
    """The bug the catalog's options.tokenizer fixes, reproduced on the stand-in (no tokenizer_config.json)."""
    from dataclasses import replace

    from transformers import AutoTokenizer

    entry = real_engine.catalog.entry("summarize", "gogamza/kobart-summarization")
    auto = AutoTokenizer.from_pretrained(entry.id, local_files_only=True)
    assert "Roberta" in type(auto).__name__
    assert tokenizer_check.read(auto, "ko").survives < 0.5  # Hangul silently gone
    with pytest.raises(ModelUnavailable, match="cannot read ko") as refused:
        tokenizer_check.check(replace(entry, options={}), auto)
    assert "KoBART" in refused.value.message("en") and "토크나이저" in refused.value.message("ko")
    fixed = tokenizer_check.load_tokenizer(entry, local_files_only=True)
    ids = fixed("안녕하세요")["input_ids"]
    assert ids[0] == 0 and ids[-1] == 1  # <s> … </s>, as the card wraps inputs
    assert fixed.pad_token_id == 3


def test_a_stand_in_built_like_the_broken_tc_big_export_is_refused(tmp_path: Path, real_catalog) -> None:
    import real_layouts

    import tiny_models
    from playground.catalog import ModelEntry

    layout = real_layouts.layout("Helsinki-NLP/opus-mt-ko-en")
    folder = tiny_models.build_real_marian(tmp_path / "tc-big-en-ko", layout, broken_export=True)
    entry = ModelEntry("translate", "Helsinki-NLP/opus-mt-tc-big-en-ko", "OPUS-MT big English → Korean", "cc-by-4.0",
                       ("en", "ko"), "1M", 1.0, ("cpu",), path=folder,
                       options={"kind": "pair", "source": "en", "target": "ko"})
    tokenizer = tokenizer_check.load_tokenizer(entry)
    reading = tokenizer_check.read(tokenizer, "en")
    assert reading.unknown_share > 0.5  # English source pieces looked up in the Korean vocabulary
    with pytest.raises(ModelUnavailable, match="cannot read en"):
        tokenizer_check.check(entry, tokenizer)
    from playground.device import detect
    from playground.tasks import seq2seq

    with pytest.raises(ModelUnavailable, match="OPUS-MT big English"):
        seq2seq.load(entry, detect("cpu"))


def test_every_tab_runs_end_to_end_on_the_default_catalog(real_engine) -> None:
    from playground.tasks import chat, image, sentiment, summarize, translate

    korean_review = sentiment.analyze_text(real_engine, "이 영화 정말 재미있어요")
    assert korean_review.model_id == "daekeun-ml/koelectra-small-v3-nsmc"
    assert sentiment.analyze_text(real_engine, "A wonderful film.").model_id.startswith("distilbert/")
    korean = summarize.summarize(real_engine, KOREAN * 3, options=summarize.Options(length="short", num_beams=1))
    assert korean.model_id == "gogamza/kobart-summarization"
    english = summarize.summarize(real_engine, ENGLISH * 3, options=summarize.Options(length="short", num_beams=1))
    assert english.model_id == "sshleifer/distilbart-cnn-12-6"
    assert translate.translate(real_engine, KOREAN, "ko", "en").model_id == "Helsinki-NLP/opus-mt-ko-en"
    assert translate.translate(real_engine, ENGLISH, "en", "ko").model_id == "facebook/m2m100_418M"
    assert translate.translate(real_engine, ENGLISH, "en", "ja").model_id == "facebook/m2m100_418M"
    replies = list(chat.stream_reply(real_engine, "안녕하세요!", sampling=chat.Sampling(max_new_tokens=8)))
    assert replies[-1].done and replies[-1].model_id == "Qwen/Qwen2.5-0.5B-Instruct"
    settings, notes = image.check_inputs(real_engine, "a cat", "", "stabilityai/sd-turbo", 1, None, 256, 256, 1, 0,
                                         False)
    assert image.generate(real_engine, settings, notes).images
    # The code panels name what ran: KoBART's tokenizer class, no OPUS-MT prefix its vocabulary lacks.
    code = summarize.code_snippet(real_engine, "gogamza/kobart-summarization", KOREAN)
    assert "PreTrainedTokenizerFast.from_pretrained" in code and "<s> $A </s>" in code
    assert ">>" not in translate.code_snippet(real_engine, KOREAN, "ko", "en")


def test_chat_templates_are_the_real_ones(real_engine) -> None:
    from playground.tasks import chat

    def prompt(model_id: str) -> str:
        chat_model = real_engine.model(real_engine.catalog.entry("chat", model_id))
        return chat_model.tokenizer.decode(chat._template(chat_model, [{"role": "user", "content": "hi"}]))

    qwen25 = prompt("Qwen/Qwen2.5-0.5B-Instruct")
    assert qwen25.startswith("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud.")  # its default system
    assert qwen25.endswith("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n")
    # Qwen3 0.6B: the catalog's chat_template_kwargs {enable_thinking: false} reach the template.
    assert prompt("Qwen/Qwen3-0.6B") == "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n"
    assert prompt("Qwen/Qwen3-4B-Instruct-2507") == "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n"
    kanana = prompt("kakaocorp/kanana-1.5-2.1b-instruct-2505")
    assert kanana.endswith("<|start_header_id|>assistant<|end_header_id|>\n\n")


def test_kanana_ends_its_turn_at_eot(real_engine) -> None:
    """Kanana's chat template ends each turn with <|eot_id|> (the tokenizer's eos_token); its generation_config
    lists it with <|end_of_text|>, and the app's generate() keeps that list (it overrides no eos_token_id), so an
    answer stops at the end of its turn instead of running on into a made-up next turn."""
    from playground.tasks import chat

    kanana = real_engine.model(real_engine.catalog.entry("chat", "kakaocorp/kanana-1.5-2.1b-instruct-2505"))
    eot = kanana.tokenizer.convert_tokens_to_ids("<|eot_id|>")
    end = kanana.tokenizer.convert_tokens_to_ids("<|end_of_text|>")
    listed = kanana.model.generation_config.eos_token_id
    assert set([listed] if isinstance(listed, int) else listed) >= {eot, end}
    assert kanana.tokenizer.eos_token == "<|eot_id|>"
    # the batching loop (--chat-batching on): each answer ends at any token of the model's own list
    from playground.tasks.chat_batching import ChatBatcher

    looped = replace(kanana, batcher=ChatBatcher(kanana.model, kanana.context_window))
    added: list[dict] = []
    real_add = looped.batcher.manager.add_request

    def spy_add(*args, **kwargs):
        added.append(kwargs)
        return real_add(*args, **kwargs)

    looped.batcher.manager.add_request = spy_add
    try:
        ids = chat.build_prompt(looped, "안녕하세요", [], "", 4).input_ids
        assert list(chat.generate_stream(looped, ids, {"max_new_tokens": 4, "do_sample": False}))
    finally:
        looped.close()
    assert added and added[0]["eos_token_id"] == listed
    # one generate per answer (a CPU's default): generate keeps that list (no eos_token_id passed over it)
    seen: list[dict] = []
    real_generate = kanana.model.generate

    def spy(*args, **kwargs):
        seen.append(kwargs)
        return real_generate(*args, **kwargs)

    kanana.model.generate = spy
    try:
        alone = replace(kanana, batcher=None)
        ids = chat.build_prompt(alone, "안녕하세요", [], "", 4).input_ids
        list(chat.generate_stream(alone, ids, {"max_new_tokens": 4, "do_sample": False}))
    finally:
        del kanana.model.generate  # the instance attribute: the class's generate again
    assert seen and "eos_token_id" not in seen[0]  # nothing replaces the model's own list


def test_prepare_on_random_weight_stand_ins_says_they_load_but_answer_wrong(real_engine) -> None:
    from playground import prepare

    lines: list[str] = []
    results = prepare.prepare(real_engine, ["Helsinki-NLP/opus-mt-ko-en", "gogamza/kobart-summarization"],
                              out=lines.append)
    assert [r.status for r in results] == ["cached", "cached"]
    assert all(r.loads and r.answers is False for r in results)  # random weights cannot translate or summarise
    assert "2 load(s), but its answers look wrong" in "\n".join(lines)
