"""Summarize and Translate in the engine: sentence splitting and chunking, the seq2seq runner, routing, detection."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from conftest import ROOT, with_local_folders
from playground import limits
from playground.catalog import CatalogError, parse_catalog
from playground.errors import BadInput
from playground.tasks import languages, seq2seq, summarize, translate
from playground.tasks.seq2seq import Settings
from playground.text import fit_pieces, split_paragraphs, split_sentences

SYNOPSES = ROOT.parent / "shared" / "data" / "nsmc" / "synopses.json"
ENGLISH = [
    "The weather is lovely today, so we are going to the park.",
    "Students must hand in their homework before Friday.",
    "I watched a documentary about whales last night.",
    "Could you tell me where the nearest bus stop is?",
    "My brother plays the guitar in a small band.",
]


@pytest.fixture(scope="module")
def synopses() -> list[str]:
    if not SYNOPSES.exists():
        pytest.skip("the shared NSMC synopses are not next to the repository")
    return [item["synopsis"] for item in json.loads(SYNOPSES.read_text(encoding="utf-8"))]


# -- splitting and chunking ------------------------------------------------------------------------------------
def test_sentences_split_on_korean_english_and_cjk_ends() -> None:
    assert split_sentences("비가 왔다. 그래서 집에 있었다! Then it stopped.") == [
        "비가 왔다.", "그래서 집에 있었다!", "Then it stopped."]
    assert split_sentences('He said "Go now." Then he left. Pi is 3.14 exactly.') == [
        'He said "Go now."', "Then he left.", "Pi is 3.14 exactly."]
    japanese = split_sentences("今日は雨です。明日は晴れ？わかりません")
    assert japanese == ["今日は雨です。", "明日は晴れ？", "わかりません"]
    assert split_paragraphs("첫 줄\n둘째 줄\n\n새 문단") == ["첫 줄\n둘째 줄", "새 문단"]


def test_chunking_keeps_every_sentence_exactly_once_in_order(synopses: list[str]) -> None:
    text = "\n\n".join(synopses)
    paragraphs = [split_sentences(p) for p in split_paragraphs(text)]
    sentences = [s for p in paragraphs for s in p]

    def count(s: str) -> int:
        return len(s.encode()) // 3 + 1  # about a token per Hangul syllable

    for budget in (40, 120, 500):
        chunks = summarize.chunk_sentences(paragraphs, count, budget)
        assert len(chunks) > 1
        assert all(count(chunk) <= budget for chunk in chunks)
        assert " ".join(chunks) == " ".join(sentences)  # nothing lost, nothing repeated, order kept


def test_an_overlong_sentence_is_cut_into_pieces_that_fit_and_join_back() -> None:
    def count(s: str) -> int:
        return len(s) // 2 + 1

    spaced = " ".join(["단어"] * 2000)
    pieces = fit_pieces(spaced, count, 64)
    assert " ".join(pieces) == spaced and all(count(p) + 1 <= 64 for p in pieces)
    solid = "가" * 5000  # no spaces at all: cut between characters
    pieces = fit_pieces(solid, count, 64)
    assert "".join(pieces) == solid and all(count(p) + 1 <= 64 for p in pieces)
    assert fit_pieces("short one.", count, 64) == ["short one."]


# -- the runner --------------------------------------------------------------------------------------------------
def test_the_runner_matches_bare_generate_and_batching_changes_nothing(engine) -> None:
    import torch

    runner = engine.model(engine.catalog.entry("summarize", "tiny/seq2seq"))
    settings = Settings(max_new_tokens=12)
    single = [seq2seq.run(runner, [t], settings)[0].text for t in ENGLISH]
    batched = [g.text for g in seq2seq.run_batched(runner, ENGLISH, settings, batch_size=2)]
    assert batched == single
    inputs = runner.tokenizer(ENGLISH[0], return_tensors="pt", return_token_type_ids=False)
    with torch.inference_mode():
        bare = runner.model.generate(**inputs, max_new_tokens=12, do_sample=False)
    assert runner.tokenizer.decode(bare[0], skip_special_tokens=True).strip() == single[0]


def test_the_runner_stops_when_asked(engine) -> None:
    runner = engine.model(engine.catalog.entry("summarize", "tiny/seq2seq"))
    stop = threading.Event()
    stop.set()
    done = seq2seq.run_batched(runner, ENGLISH * 10, Settings(max_new_tokens=64), stop=stop)
    assert all(g.text == "" for g in done)  # nothing started after the stop
    full = seq2seq.run(runner, [ENGLISH[0]], Settings(max_new_tokens=64, min_new_tokens=64))[0]
    cut = seq2seq.run(runner, [ENGLISH[0]], Settings(max_new_tokens=64, min_new_tokens=64), stop=stop)[0]
    assert cut.output_tokens < full.output_tokens


# -- summarize ------------------------------------------------------------------------------------------------
def test_auto_summarises_korean_with_the_korean_model_and_english_with_the_english_one(engine) -> None:
    korean = summarize.summarize(engine, "오늘은 날씨가 좋았다. 우리는 공원에 갔다.")
    english = summarize.summarize(engine, ENGLISH[0])
    assert korean.model_id == "tiny/seq2seq-ko" and english.model_id == "tiny/seq2seq"
    assert korean.chunks == 1 and korean.rounds == 1 and korean.input_tokens > 0 and korean.output_tokens > 0
    assert korean.output_tokens <= max(8, korean.input_tokens) + 4  # a short text gets no longer a summary


def test_a_long_text_is_summarised_in_parts_then_again_with_progress(engine, synopses: list[str]) -> None:
    text = "\n\n".join(synopses[:10])
    seen: list[str] = []
    result = summarize.summarize(engine, text, progress=lambda fraction, message: seen.append(message))
    assert result.chunks > 1 and result.rounds >= 2 and result.text
    assert result.input_tokens > 256  # longer than the tiny model's window
    assert any("Round 1" in m for m in seen) and any("Loading" in m for m in seen)
    again = summarize.summarize(engine, text)
    assert again.text == result.text  # beam search: deterministic


def test_stop_ends_a_long_summary_early(engine, synopses: list[str]) -> None:
    text = "\n\n".join(synopses[:20])
    stop = threading.Event()
    reports: list[object] = []

    def press_stop_at_the_first_report(*args: object, **kwargs: object) -> None:
        reports.append(args)
        stop.set()  # the student presses Stop as soon as the first progress shows

    result = summarize.summarize(engine, text, stop=stop, progress=press_stop_at_the_first_report)
    assert reports and result.stopped and result.rounds == 1  # ended in its first round, with what was done


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"length": "huge"}, "length must be one of"),
    ({"num_beams": 0}, "num_beams must be between 1 and 8"),
    ({"num_beams": 2.5}, "num_beams must be between"),
    ({"temperature": "hot"}, "temperature must be a number"),
    ({"sample": "yes"}, "sample must be one of"),
])
def test_summary_options_are_checked(kwargs: dict, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        summarize.Options.checked(**kwargs)


def test_summarize_refuses_bad_text_and_models(engine) -> None:
    with pytest.raises(BadInput, match="empty"):
        summarize.summarize(engine, "  \n ")
    with pytest.raises(BadInput, match="the limit is 20,000"):
        summarize.summarize(engine, "가" * (limits.SUMMARIZE_MAX_CHARS + 1))
    with pytest.raises(Exception, match="not in this playground's catalog"):
        summarize.summarize(engine, "text.", model="evil/model")


@pytest.mark.parametrize("text", [ENGLISH[1], "  " + " ".join(ENGLISH * 2) + "\r\n"],
                         ids=["one sentence", "one part of 505 characters"])
def test_the_summary_code_panel_reproduces_the_result(engine, text: str) -> None:
    options = summarize.Options(length="short")
    result = summarize.summarize(engine, text, "tiny/seq2seq", options)
    code = summarize.code_snippet(engine, "tiny/seq2seq", text, options, result.settings)
    assert json.dumps(text.strip(), ensure_ascii=False) in code  # the whole text the model read, as it read it
    printed: list[str] = []
    exec(compile(with_local_folders(engine, code), "snippet", "exec"), {"print": printed.append})  # noqa: S102 - our own generated code
    assert printed[0].strip() == result.text


def test_the_instruct_option_borrows_the_chat_model(engine) -> None:
    result = summarize.summarize(engine, ENGLISH[0], model="tiny/chat", options=summarize.Options(length="short"))
    assert result.model_id == "tiny/chat" and result.output_tokens > 0
    assert "chat:tiny/chat" in engine.cache and "summarize:tiny/chat" not in engine.cache  # one copy in memory
    compile(summarize.code_snippet(engine, "tiny/chat", ENGLISH[0]), "snippet", "exec")


def test_an_instruct_entry_must_name_a_chat_model(tmp_path: Path) -> None:
    entry = {"id": "org/model", "name": "x", "license": "mit", "languages": ["en"], "params": "1M", "size_mb": 1,
             "default": ["cpu", "gpu"], "options": {"kind": "instruct"}}
    with pytest.raises(CatalogError, match="list it under tasks.chat too"):
        parse_catalog({"version": 1, "tasks": {"summarize": {"models": [entry]}}}, tmp_path / "catalog.yaml")


# -- translate -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("source", "target", "model"), [
    ("ko", "en", "tiny/mt-ko-en"),  # a pair model beats the many-to-many one
    ("en", "ko", "tiny/mt-en-ko"),
    ("en", "ja", "tiny/m2m100"),  # no pair model: many-to-many
    ("fr", "de", "tiny/m2m100"),
    ("ko", "vi", "tiny/m2m100"),
])
def test_routing_picks_the_right_model_for_each_pair(engine, source: str, target: str, model: str) -> None:
    assert translate.route(engine, source, target).id == model


def test_a_pair_no_model_covers_is_refused_with_the_pairs_available(engine, catalog) -> None:
    from playground.catalog import Catalog
    from playground.device import detect
    from playground.engine import Engine

    pairs_only = Catalog(catalog.path, {**catalog.models, "translate": catalog.models["translate"][:2]},
                         catalog.auto)
    small = Engine(pairs_only, detect("cpu"))
    with pytest.raises(BadInput, match="No model in this playground translates") as caught:
        translate.translate(small, "Bonjour.", "fr", "ko")
    assert "English → Korean" in str(caught.value) and "Korean → English" in str(caught.value)
    korean = caught.value.message("ko")  # the pairs in the page's language too (no English on a Korean page)
    assert "영어 → 한국어" in korean and "한국어 → 영어" in korean and "Korean" not in korean


def test_detect_turns_the_target_around_when_the_text_is_already_in_it(engine) -> None:
    """As Papago and Google Translate do: English text with "detect → English" is translated into Korean, Korean
    text with "detect → Korean" into English; an explicit source equal to the target is still refused, with the
    language named in the message's own language only."""
    english = translate.translate(engine, "Hello, how are you today? The weather is lovely.", "detect", "en")
    assert (english.source, english.target) == ("en", "ko") and english.model_id == "tiny/mt-en-ko"
    korean = translate.translate(engine, "오늘은 날씨가 정말 좋네요.", "detect", "ko")
    assert (korean.source, korean.target) == ("ko", "en")
    with pytest.raises(BadInput) as same:
        translate.translate(engine, "hello", "en", "en")
    assert "English" in same.value.message("en") and "영어" not in same.value.message("en")
    assert "영어" in same.value.message("ko") and "English" not in same.value.message("ko")


@pytest.mark.parametrize(("args", "message"), [
    (("hello", "en", "en"), "both English"),
    (("hello", "xx", "en"), "not a language this tab knows"),
    (("hello", "en", "detect"), "not a language this tab knows"),
    (("hello", "en", 3), "not a language this tab knows"),
    (("hello", "en", "ko", "tiny/mt-ko-en"), "does not translate English"),
    (("", "en", "ko"), "empty"),
    (("a" * (limits.TRANSLATE_MAX_CHARS + 1), "en", "ko"), "the limit is 5,000"),
])
def test_bad_translation_requests_get_clear_messages(engine, args: tuple, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        translate.translate(engine, *args)


def test_language_names_are_accepted_as_well_as_codes() -> None:
    assert languages.checked("Korean") == "ko" and languages.checked("한국어") == "ko"
    assert languages.checked(" EN ") == "en" and languages.checked("detect", allow_detect=True) == "detect"


def test_lines_and_paragraphs_keep_their_places(engine) -> None:
    text = "첫 문장입니다. 둘째 문장입니다.\n\n새 문단의 문장.\n마지막 줄!"
    result = translate.translate(engine, text, "ko", "en")
    assert result.text.split("\n")[1] == ""  # the blank line between paragraphs
    assert len(result.text.split("\n")) == 4 and result.sentences == 4
    assert translate.translate(engine, text, "ko", "en").text == result.text  # greedy: deterministic


def test_many_lines_translate_as_batches_equal_to_one_by_one(engine) -> None:
    batched = translate.translate(engine, "\n".join(ENGLISH), "en", "ko").text.split("\n")
    alone = [translate.translate(engine, line, "en", "ko").text for line in ENGLISH]
    assert batched == alone


def test_language_tokens_reach_the_model(engine) -> None:
    pair = engine.model(engine.catalog.entry("translate", "tiny/mt-en-ko"))
    assert pair.target_prefix == ">>kor<<"  # the multi-target OPUS-MT token, from the vocabulary
    assert engine.model(engine.catalog.entry("translate", "tiny/mt-ko-en")).target_prefix == ""
    many = engine.model(engine.catalog.entry("translate", "tiny/m2m100"))
    assert seq2seq._lang_id(many, "ja") == many.tokenizer.get_lang_id("ja")
    out = translate.translate(engine, "Hello there.", "en", "ja", model="tiny/m2m100")
    assert "__ja__" not in out.text and "__en__" not in out.text  # language tokens never shown
    assert out.text != translate.translate(engine, "Hello there.", "en", "fr", model="tiny/m2m100").text


def test_detection_on_real_korean_and_english_sentences(nsmc_path: Path) -> None:
    from playground.data.tables import read_table

    reviews = [r for r in read_table(nsmc_path).frame["document"].astype(str).tolist() if len(r) > 15][:100]
    korean = [languages.detect(r).language for r in reviews]
    assert korean.count("ko") >= 97
    assert [languages.detect(s).language for s in ENGLISH] == ["en"] * len(ENGLISH)
    found = languages.detect("今日はとても良い天気ですね。")
    assert found.language == "ja" and 0 < found.confidence <= 1


def test_detect_as_source_reports_what_it_found(engine) -> None:
    result = translate.translate(engine, "오늘은 날씨가 정말 좋네요.", "detect", "en")
    assert result.source == "ko" and result.detected is not None and result.detected.confidence > 0.9
    assert result.model_id == "tiny/mt-ko-en"


def test_translate_code_panels_compile(engine) -> None:
    for source, target, model in (("ko", "en", "auto"), ("en", "ja", "auto"), ("en", "fr", "tiny/chat")):
        code = translate.code_snippet(engine, "안녕하세요.", source, target, model)
        compile(code, "snippet", "exec")
    assert ">>kor<<" in translate.code_snippet(engine, "Hello.", "en", "ko")
    assert "get_lang_id('ja')" in translate.code_snippet(engine, "Hello.", "en", "ja")


def test_the_m2m100_code_panel_prints_no_language_token(engine) -> None:
    """M2M100's __ja__ is not a special token of its tokenizer (transformers 5), so decode(output[0]) would print
    it: the panel leaves out the language tokens as the app does, and runs as printed."""
    code = translate.code_snippet(engine, "Hello.", "en", "ja")
    assert "lang_code_to_id" in code
    printed: list[str] = []
    exec(compile(with_local_folders(engine, code), "snippet", "exec"), {"print": printed.append})  # noqa: S102 - our own generated code
    assert len(printed) == 1 and "__ja__" not in printed[0] and not printed[0].startswith("__")


@pytest.mark.parametrize(("target", "model"), [("en", "tiny/mt-ko-en"), ("ja", "tiny/m2m100")])
def test_the_translate_code_panel_reproduces_a_multi_sentence_run(engine, synopses, monkeypatch, target: str,
                                                                   model: str) -> None:
    """The panel passed the first 300 characters as one string (cut mid-word) while the app translated
    sentence by sentence; it now prints the app's sentences, batches and settings, and prints what the app showed.
    (The random stand-ins' output may look like repetition, which the app leaves out: not here, to compare all.)"""
    monkeypatch.setattr(seq2seq, "collapsed", lambda text: False)
    long = next(s for s in synopses if len(split_sentences(s)) >= 3)
    text = f"{long}\n\n{synopses[1]}"  # lines and an empty one, as typed
    result = translate.translate(engine, text, "ko", target, model)
    assert result.sentences >= 4
    code = translate.code_snippet(engine, text, "ko", target, model)
    assert text[:300] not in code  # no longer one cut string
    printed: list[str] = []
    exec(compile(with_local_folders(engine, code), "snippet", "exec"), {"print": printed.append})  # noqa: S102 - our own generated code
    assert printed == [result.text]


def test_a_sampled_summary_has_a_seed_and_its_code_reproduces_it(engine) -> None:
    """A sampled summary is drawn from a generator of its own, seeded with a seed the code panel prints: the code
    writes the same summary, even after another sampled summary was drawn meanwhile."""
    text = " ".join(ENGLISH)
    options = summarize.Options(length="short", sample=True, temperature=1.0)
    first = summarize.summarize(engine, text, "tiny/seq2seq", options)
    other = summarize.summarize(engine, text, "tiny/seq2seq", options)
    assert first.settings.seed is not None and other.settings.seed != first.settings.seed
    assert first.chunks == 1  # (one part: the code's one generate call is the app's)
    code = summarize.code_snippet(engine, "tiny/seq2seq", text, options, first.settings)
    assert f"set_seed({first.settings.seed})" in code
    printed: list[str] = []
    exec(compile(with_local_folders(engine, code), "snippet", "exec"), {"print": printed.append})  # noqa: S102 - our own generated code
    assert printed[0].strip() == first.text
