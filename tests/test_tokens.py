"""The Tokens engine on the default catalog's real-layout stand-ins (loaded through the Hub cache, offline).

Every family is exercised on the tokenizer of a real catalog id (``scripts/real_layouts.py`` says which family each
real repository uses): offsets cover the text, pieces join back to it, byte-level pieces read as Hangul, an unknown
token is flagged, the chat view is ``apply_chat_template`` token for token, morphemes of real NSMC reviews.
"""

from __future__ import annotations

import ast
import contextlib
import csv
import io
import threading
import unicodedata
from pathlib import Path

import pytest

from conftest import with_local_folders
from playground import limits
from playground.catalog import DEFAULT_CATALOG, load_catalog
from playground.errors import BadInput
from playground.tasks import chat, morphemes, tokens

KOREAN = "오늘은 날씨가 정말 좋아서 친구들과 한강 공원에 갔습니다."
ENGLISH = "The students visited the science museum on Friday."
MIXED = "토크나이저는 한국어를 어떻게 읽을까요? Tokens 🤗 2024년"
TEXTS = (KOREAN, ENGLISH, MIXED)
FAMILY_OF_LAYOUT = {"wordpiece": "wordpiece", "sentencepiece": "sentencepiece", "byte-level": "byte_bpe"}
MOJIBAKE = set("ĠĊìíëêãâ¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿")


@pytest.fixture(scope="module")
def real_engine(hub_cache: Path):
    from playground.device import detect
    from playground.engine import Engine

    return Engine(load_catalog(DEFAULT_CATALOG), detect("cpu"))


@pytest.fixture(scope="module")
def results(real_engine) -> dict[str, tokens.Tokens]:
    return {text: tokens.read(real_engine, text) for text in TEXTS}


def _layouts() -> dict[str, object]:
    import real_layouts

    return {layout.id: layout for layout in real_layouts.LAYOUTS}


# -- which tokenizers, which family --------------------------------------------------------------------------------
def test_every_local_catalog_model_once_never_image_or_remote(real_engine) -> None:
    found = tokens.sources(real_engine)
    ids = [s.id for s in found]
    assert len(ids) == len(set(ids))
    catalog = real_engine.catalog
    expected = {e.id for task in tokens.SOURCE_TASKS for e in catalog.entries(task) if e.remote is None}
    assert set(ids) == expected and not {e.id for e in catalog.entries("image")} & set(ids)
    qwen = next(s for s in found if s.id == "Qwen/Qwen2.5-0.5B-Instruct")
    assert qwen.tasks == ("chat", "summarize", "translate") and qwen.entry.task == "chat"


def test_families_come_from_the_tokenizer_and_match_the_real_repositories(real_engine, results) -> None:
    layouts = _layouts()
    readings = results[KOREAN].readings
    assert {r.family for r in readings} == {"wordpiece", "sentencepiece", "byte_bpe"}
    for reading in readings:
        layout = layouts.get(reading.id)
        if layout is not None:
            assert reading.family == FAMILY_OF_LAYOUT[layout.pre_tokenizer], reading.id


def test_the_pickers_families_from_files_match_the_loaded_tokenizers(real_engine, engine, results) -> None:
    loaded = {r.id: r.family for r in results[KOREAN].readings}
    for source in tokens.sources(real_engine):
        expected = loaded.get(source.id, "other")  # not on this machine: "other" until it loads
        assert tokens.family_from_files(source.entry) == expected, source.id
    tiny = tokens.read(engine, KOREAN, with_morphemes=False)
    for source in tokens.sources(engine):
        assert tokens.family_from_files(source.entry) == next(r.family for r in tiny.readings if r.id == source.id)


# -- offsets, joined pieces, readable bytes -----------------------------------------------------------------------
@pytest.mark.parametrize("text", TEXTS, ids=("ko", "en", "mixed"))
def test_offsets_cover_the_text_exactly(results, text: str) -> None:
    for reading in results[text].readings:
        pieces = [p for p in reading.pieces if not p.special]
        assert pieces, reading.id
        covered = set()
        previous_end = 0
        for piece in pieces:
            assert 0 <= piece.start <= piece.end <= len(text), (reading.id, piece)
            assert piece.start >= previous_end - 1 or piece.partial or piece.start == previous_end - len(piece.text)
            covered.update(range(piece.start, piece.end))
            previous_end = max(previous_end, piece.end)
        uncovered = [i for i, c in enumerate(text) if not c.isspace() and i not in covered]
        assert not uncovered, (reading.id, [text[i] for i in uncovered])
        starts = [p.start for p in pieces]
        assert starts == sorted(starts), reading.id


@pytest.mark.parametrize("text", TEXTS, ids=("ko", "en", "mixed"))
def test_decoded_pieces_join_to_the_text(results, text: str) -> None:
    for reading in results[text].readings:
        pieces = [p for p in reading.pieces if not p.special]
        if reading.family in ("byte_bpe", "sentencepiece"):
            joined = "".join(p.text for p in pieces)
            if not text.startswith(" "):
                joined = joined.removeprefix(" ")  # sentencepiece's ▁ before the first word
            assert unicodedata.normalize("NFKC", joined) == unicodedata.normalize("NFKC", text), reading.id
        else:  # WordPiece drops the spaces: each piece is its own span of the text (lower-cased when uncased)
            for piece in pieces:
                if not piece.unknown:
                    assert piece.text.casefold() == text[piece.start:piece.end].casefold(), (reading.id, piece)


def test_byte_level_pieces_read_as_hangul_never_mojibake(results) -> None:
    byte_level = [r for r in results[KOREAN].readings if r.family == "byte_bpe"]
    assert len(byte_level) >= 4  # Qwen x3, Kanana, DistilBART
    for reading in byte_level:
        pieces = [p for p in reading.pieces if not p.special]
        assert any(set(p.token) & MOJIBAKE for p in pieces)  # the vocabulary's spelling is GPT-2's byte alphabet ...
        shown = "".join(p.text + p.partial for p in pieces)
        assert not set(shown) & MOJIBAKE, reading.id  # ... and what the pills show is Hangul
        assert "날씨" in "".join(p.text for p in pieces)
        for piece in pieces:
            if piece.partial:  # a piece holding part of a syllable: that syllable and its bytes
                assert "가" <= piece.partial <= "힣" and piece.bytes and piece.partial in text_of(piece, KOREAN)


def text_of(piece: tokens.Piece, text: str) -> str:
    return text[piece.start:piece.end]


def test_markers_are_kept_apart_from_the_text(results) -> None:
    readings = {r.id: r for r in results[KOREAN].readings}
    koelectra = readings["daekeun-ml/koelectra-small-v3-nsmc"].pieces
    assert any(p.marker == "##" and not p.text.startswith("##") for p in koelectra)
    kobart = readings["gogamza/kobart-summarization"].pieces
    assert any(p.marker == "▁" for p in kobart) and not any("▁" in p.text for p in kobart)


def test_an_unknown_token_is_flagged_where_the_vocabulary_lacks_hangul(tmp_path: Path, catalog) -> None:
    from transformers import BertTokenizerFast

    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *"abcdefghijklmnopqrstuvwxyz.!?", "the", "cat", "##s"]
    (tmp_path / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tok = BertTokenizerFast.from_pretrained(tmp_path, do_lower_case=True)  # saved, then loaded like a repository
    entry = catalog.entries("sentiment")[0]
    reading = tokens.read_one(tok, tokens.Source("test/ascii", "ASCII only", ("sentiment",), entry), "the 한국어 cats!")
    unknown = [p for p in reading.pieces if p.unknown]
    assert reading.family == "wordpiece" and reading.unknown == 1
    assert unknown[0].token == "[UNK]" and unknown[0].text == "한국어" and (unknown[0].start, unknown[0].end) == (4, 7)
    assert [p.text for p in reading.pieces if not p.special and not p.unknown][:1] == ["the"]


def test_the_tab_works_where_the_weights_are_missing(tmp_path: Path, tiny_catalog_path: Path) -> None:
    """Only tokenizer files (and the config) in the model folders: the weights were never downloaded."""
    import shutil

    import yaml

    from playground.catalog import parse_catalog
    from playground.device import detect
    from playground.engine import Engine
    from playground.errors import ModelUnavailable

    models = []
    for name, task in (("chat", "chat"), ("sentiment-ko", "sentiment")):
        folder = tmp_path / name
        folder.mkdir()
        for file in (tiny_catalog_path.parent / name).iterdir():
            if file.is_file() and not file.name.endswith((".safetensors", ".bin")):
                shutil.copy(file, folder / file.name)
        models.append((task, {"id": f"test/{name}", "name": name, "path": name, "license": "mit",
                              "languages": ["ko"], "params": "1M", "size_mb": 1, "default": ["cpu", "gpu"]}))
    raw = {"version": 1, "tasks": {task: {"models": [model]} for task, model in models}}
    (tmp_path / "catalog.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    engine = Engine(parse_catalog(raw, tmp_path / "catalog.yaml"), detect("cpu"))
    result = tokens.read(engine, KOREAN, with_morphemes=False)
    assert [r.id for r in result.readings] == ["test/chat", "test/sentiment-ko"] and not result.failed
    assert isinstance(result.chat, tokens.ChatView) and result.chat.count > 0
    with pytest.raises(ModelUnavailable):  # the model itself cannot load here
        engine.model(engine.catalog.entry("sentiment", "test/sentiment-ko"))


# -- disagreements, counts, the pair ------------------------------------------------------------------------------
def test_disagreements_are_cuts_some_make_and_others_do_not(results) -> None:
    result = results[KOREAN]
    assert result.disputed
    for cut in result.disputed:
        makes = [r for r in result.readings if cut in r.cuts()]
        assert 0 < len(makes) < len(result.readings)
        assert not KOREAN[cut - 1].isspace() and not KOREAN[cut].isspace()
    assert any(p.disputed for r in result.readings for p in r.pieces)


def test_counts_and_the_korean_english_pair(results) -> None:
    result = results[KOREAN]
    for reading in result.readings:
        assert reading.count == len(reading.pieces) >= reading.text_count > 0
        assert reading.chars_per_token(KOREAN) > 0
    rows = {row["id"]: row for row in result.pair["rows"]}
    assert set(rows) == {r.id for r in result.readings}
    assert all(row["ratio"] == round(row["ko"] / row["en"], 2) for row in rows.values())


def test_a_tokenizer_that_cannot_load_is_named_and_the_rest_still_show(real_engine, results) -> None:
    result = results[KOREAN]
    failed = {f.id: f for f in result.failed}
    # These two catalog models have no stand-in: offline and not cached, exactly a classroom without them.
    assert set(failed) == {"facebook/bart-large-cnn", "facebook/nllb-200-distilled-600M"}
    assert all(f.key == "tokens_not_cached" and f.params["model"] == f.id for f in failed.values())
    assert len(result.readings) + len(failed) == len(tokens.sources(real_engine))


def test_warm_answers_load_nothing_and_are_the_same_from_many_threads(real_engine, results,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Warm, a read loads no tokenizer again (the only loads are retries of the ones that could not load) and
    builds no second morpheme analyser; how fast it answers is the benchmark's to measure (goal: 200 ms)."""
    loads: list[str] = []
    real_load = tokens._load
    monkeypatch.setattr(tokens, "_load", lambda entry: loads.append(entry.id) or real_load(entry))
    analysers = list(morphemes._KIWI)  # the analyser the first reads built (none where kiwipiepy is missing)
    again = tokens.read(real_engine, KOREAN)
    cannot_load = {f.id for f in results[KOREAN].failed}
    assert again.readings and set(loads) <= cannot_load, loads
    assert {r.id for r in again.readings}.isdisjoint(loads)
    outputs: list[tokens.Tokens] = []

    def read() -> None:
        outputs.append(tokens.read(real_engine, KOREAN))

    threads = [threading.Thread(target=read) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outputs) == 6
    assert set(loads) <= cannot_load and morphemes._KIWI == analysers  # six readers at once: still warm
    pieces = [r.pieces for r in results[KOREAN].readings]
    assert all([r.pieces for r in o.readings] == [r.pieces for r in again.readings] == pieces for o in outputs)


# -- the chat view -------------------------------------------------------------------------------------------------
def test_the_chat_view_is_apply_chat_template_token_for_token(real_engine) -> None:
    for source in tokens.chat_sources(real_engine):
        view = tokens.chat_view(real_engine, KOREAN, source.id)
        assert isinstance(view, tokens.ChatView), source.id
        tok = tokens.tokenizer(real_engine, source)
        extra = dict(source.entry.options.get("chat_template_kwargs") or {})
        expected = tok.apply_chat_template(list(view.messages), tokenize=True, add_generation_prompt=True, **extra)
        if not isinstance(expected, list):
            expected = expected["input_ids"]
        assert [p.id for p in view.reading.pieces] == list(expected), source.id
        assert view.count == len(chat._template(tokens._TemplateUser(source.entry, tok), list(view.messages)))
        assert view.messages[-1] == {"role": "user", "content": KOREAN} and KOREAN in view.templated
        specials = [p.text for p in view.reading.pieces if p.special]
        assert specials and all(s in view.templated for s in specials)  # the special tokens, visible
        assert "".join(p.text for p in view.reading.pieces) == view.templated


def test_an_unknown_chat_model_is_refused(real_engine) -> None:
    with pytest.raises(BadInput) as caught:
        tokens.chat_view(real_engine, "안녕", "evil/model")
    assert caught.value.key == "tokens_unknown"


# -- morphemes -----------------------------------------------------------------------------------------------------
def nsmc_reviews(path: Path, count: int) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [row["document"] for row in rows if row["document"] and any("가" <= c <= "힣" for c in row["document"])
                ][:count]


def test_morphemes_of_real_nsmc_reviews(nsmc_path: Path) -> None:
    known = set(morphemes.TAGS)
    reviews = nsmc_reviews(nsmc_path, 40)
    assert len(reviews) == 40
    for review in reviews:
        found = morphemes.analyse(review)
        assert found, review
        covered = set()
        for m in found:
            # (an omitted copula 이 has no letters in the text: Kiwi gives it length 0)
            assert m.form and 0 <= m.start <= m.end <= len(review), (review, m)
            assert m.base_tag in known, (review, m.tag)
            covered.update(range(m.start, m.end))
        hangul = [i for i, c in enumerate(review) if "가" <= c <= "힣"]
        assert set(hangul) <= covered, review
        assert [m.start for m in found] == sorted(m.start for m in found)


def test_a_contracted_syllable_is_two_morphemes_on_one_span() -> None:
    found = morphemes.analyse("갔습니다")
    assert [(m.form, m.tag) for m in found][:2] == [("가", "VV"), ("었", "EP")]
    assert found[0].start == found[1].start == 0 and found[0].length == 1
    assert morphemes.boundaries(found) == {0, 1, 4}


def test_every_tag_has_a_name_in_both_languages() -> None:
    from tabs.i18n import STRINGS

    for tag in morphemes.TAGS:
        english, korean = STRINGS[f"tokens.tag.{tag}"][:2]
        assert english and korean and english != korean


# -- limits and bad input -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "tokenizers", "key"), [
    ("", None, "empty_text"),
    ("   ", None, "empty_text"),
    ("가" * (limits.TOKENS_MAX_CHARS + 1), None, "text_too_long"),
    ("안녕", ["evil/model"], "tokens_unknown"),
    ("안녕", [], "tokens_none_chosen"),
    ("안녕", ["x"] * (limits.TOKENS_MAX_TOKENIZERS + 1), "tokens_too_many"),
    (12, None, "not_text"),
])
def test_limits_and_bad_input_are_refused_clearly(engine, text: object, tokenizers: object, key: str) -> None:
    with pytest.raises(BadInput) as caught:
        tokens.read(engine, text, tokenizers)
    assert caught.value.key == key
    assert caught.value.message("ko") != caught.value.message("en")


def test_a_catalog_without_text_models_says_so(tmp_path: Path, catalog) -> None:
    from playground.catalog import Catalog
    from playground.device import detect
    from playground.engine import Engine

    only_images = Catalog(tmp_path / "catalog.yaml", {"image": catalog.entries("image")}, frozenset())
    with pytest.raises(BadInput) as caught:
        tokens.read(Engine(only_images, detect("cpu")), "안녕")
    assert caught.value.key == "no_model_for_task" and "토큰" in caught.value.message("ko")


def test_a_choice_reads_only_those_in_catalog_order(engine) -> None:
    result = tokens.read(engine, "안녕하세요", ["tiny/mt-ko-en", "tiny/chat"], with_morphemes=False)
    assert [r.id for r in result.readings] == ["tiny/chat", "tiny/mt-ko-en"] and result.morphemes is None


# -- the code panel ---------------------------------------------------------------------------------------------------
def test_the_printed_code_gives_what_the_app_showed(engine) -> None:
    result = tokens.read(engine, MIXED, with_morphemes=False)
    ids = [r.id for r in result.readings]
    code = tokens.code_snippet(engine, MIXED, ids, "tiny/chat")
    assert "AutoTokenizer.from_pretrained(\"tiny/chat\")" in code and "/" + "tmp" not in code
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(with_local_folders(engine, code), "<code panel>", "exec"), {})  # noqa: S102
    lines = out.getvalue().splitlines()
    for index, reading in enumerate(result.readings):
        printed_tokens = ast.literal_eval(lines[2 * index])
        printed_ids = ast.literal_eval(lines[2 * index + 1])
        assert printed_tokens == [p.token for p in reading.pieces if not p.special], reading.id
        assert printed_ids == [p.id for p in reading.pieces], reading.id
    assert int(lines[-1].split()[0]) == result.chat.count
    assert "\n".join(lines[2 * len(ids):-1]) == result.chat.templated  # print(prompt): the templated text
