"""The sentiment engine on tiny random models: routing, determinism, batching, the code panel, failures."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from conftest import with_local_folders
from playground.catalog import load_catalog
from playground.data.tables import read_table
from playground.device import Placement, detect
from playground.engine import Engine
from playground.errors import BadInput, ModelNotAllowed, ModelUnavailable
from playground.tasks import sentiment

KO = "이 영화 정말 재밌어요! 배우들 연기도 최고였습니다."
EN = "What a wonderful film, I would watch it again."


def test_auto_routes_hangul_to_the_korean_model(engine: Engine) -> None:
    results = sentiment.analyze(engine, [KO, EN, "bad", "ㅋㅋ 최고"])
    assert [r.model_id for r in results] == ["tiny/sentiment-ko", "tiny/sentiment-en", "tiny/sentiment-en",
                                             "tiny/sentiment-ko"]
    for r in results:
        assert set(r.scores) == {"negative", "positive"}
        assert sum(r.scores.values()) == pytest.approx(1.0, abs=1e-5)
        assert r.label == max(r.scores, key=r.scores.get) and r.score == r.scores[r.label]


def test_an_explicit_model_is_used_for_every_text(engine: Engine) -> None:
    results = sentiment.analyze(engine, [KO, EN], "tiny/sentiment-en")
    assert {r.model_id for r in results} == {"tiny/sentiment-en"}


def test_results_are_deterministic_and_independent_of_batching(engine: Engine, nsmc_path: Path) -> None:
    texts = read_table(nsmc_path).frame["document"].tolist()[:48]
    one_by_one = [sentiment.analyze(engine, [t], "tiny/sentiment-ko")[0].scores for t in texts]
    batched = [r.scores for r in sentiment.analyze(engine, texts, "tiny/sentiment-ko")]
    again = [r.scores for r in sentiment.analyze(engine, texts, "tiny/sentiment-ko")]
    assert batched == again
    for single, together in zip(one_by_one, batched, strict=True):
        for label in single:
            assert together[label] == pytest.approx(single[label], abs=1e-5)


def test_concurrent_requests_share_forward_passes(engine: Engine) -> None:
    texts = [f"review number {i}" for i in range(40)]
    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(lambda t: sentiment.analyze_text(engine, t, "tiny/sentiment-en"), texts))
    assert [r.text for r in results] == texts  # every student gets their own answer back
    stats = engine.status()["batchers"]["sentiment:tiny/sentiment-en"]
    assert stats["items"] == 40 and stats["batches"] < 40
    assert engine.cache.snapshot()["misses"] == 1  # one load for twenty concurrent first requests


def test_no_batching_when_max_batch_is_one(catalog) -> None:
    engine = Engine(catalog, detect("cpu"), max_batch=1)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: sentiment.analyze_text(engine, f"text {i}", "tiny/sentiment-en"), range(8)))
    assert engine.status()["batchers"]["sentiment:tiny/sentiment-en"]["largest"] == 1


@pytest.mark.parametrize("text", [
    KO,
    "연기는 좋았어요.\n하지만 결말은 정말 최악이었고 시간이 아까웠다.",  # every line is read, as one text
    "  " + "배우들 연기가 정말 최고였고 음악도 좋았어요. " * 40,  # past the model's window: cut as the app cuts it
], ids=["one line", "two lines", "longer than the window"])
def test_the_code_panel_reproduces_the_result(engine: Engine, text: str) -> None:
    """Run the snippet the tab shows, and check it gives the app's numbers."""
    result = sentiment.analyze_text(engine, text, "auto")
    code = sentiment.code_snippet(engine, "auto", text)
    assert "pipeline(\"text-classification\"" in code and result.text in code
    from transformers import pipeline

    namespace: dict = {"print": lambda value: namespace.setdefault("printed", value), "pipeline": pipeline}
    code = with_local_folders(engine, code)  # the panel names catalog ids; here they load from local folders
    exec(compile(code.replace("from transformers import pipeline\n", ""), "snippet", "exec"), namespace)  # noqa: S102
    printed = namespace["printed"]
    pipe = {item["label"]: item["score"] for item in (printed[0] if isinstance(printed[0], list) else printed)}
    classifier = engine.model(engine.resolve("sentiment", result.model_id))
    raw_labels = [classifier.model.config.id2label[i] for i in range(len(result.scores))]
    assert [pipe[label] for label in raw_labels] == pytest.approx(list(result.scores.values()), abs=1e-5)


def test_bad_text_never_reaches_the_model(engine: Engine) -> None:
    for bad in ("", "   ", "x" * 1_000_000, None, 5):
        with pytest.raises(BadInput):
            sentiment.analyze_text(engine, bad)
    assert engine.cache.snapshot()["misses"] == 0


def test_accuracy_against_a_label_column() -> None:
    labels = ["negative", "positive"]
    assert [sentiment.gold_label(v, labels) for v in ("0", "1", 1, "positive", "POSITIVE", "2", "maybe", None)] == [
        "negative", "positive", "positive", "positive", "positive", None, None, None]
    assert sentiment.accuracy(["negative", "positive", "positive"], ["negative", "negative", None]) == (0.5, 2)
    assert sentiment.accuracy(["negative"], [None]) is None


def broken_catalog(tmp_path: Path, tiny_catalog_path: Path) -> Path:
    """A copy of the tiny catalog whose Korean model folder has corrupt weights."""
    root = tmp_path / "models"
    shutil.copytree(tiny_catalog_path.parent, root)
    for weights in (root / "sentiment-ko").glob("*.safetensors"):
        weights.write_bytes(b"not really safetensors")
    return root / tiny_catalog_path.name


def test_a_broken_model_fails_clearly_and_others_keep_working(tmp_path: Path, tiny_catalog_path: Path) -> None:
    engine = Engine(load_catalog(broken_catalog(tmp_path, tiny_catalog_path)), detect("cpu"))
    with pytest.raises(ModelUnavailable) as caught:
        sentiment.analyze_text(engine, KO)
    message = caught.value.message("en")
    assert "Tiny sentiment (Korean)" in message and "other tabs still work" in message
    assert "not really" not in message  # no raw exception text reaches the student
    assert sentiment.analyze_text(engine, EN).model_id == "tiny/sentiment-en"
    with pytest.raises(ModelUnavailable):  # and the broken one is retried, still failing clearly
        sentiment.analyze_text(engine, KO)
    assert engine.cache.snapshot()["failures"] == 2


def test_an_uncached_hub_model_fails_fast_offline(tmp_path: Path, tiny_catalog_path: Path) -> None:
    raw = yaml.safe_load(tiny_catalog_path.read_text(encoding="utf-8"))
    raw["tasks"] = {"sentiment": raw["tasks"]["sentiment"]}
    for model in raw["tasks"]["sentiment"]["models"]:
        model["path"] = str(tiny_catalog_path.parent / model["path"])
    raw["tasks"]["sentiment"]["models"].append({
        "id": "nobody/not-downloaded-model", "name": "Never downloaded", "license": "mit", "languages": ["ko"],
        "params": "1M", "size_mb": 1, "default": [],
    })
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    engine = Engine(load_catalog(path), detect("cpu"))
    with pytest.raises(ModelUnavailable) as caught:
        sentiment.analyze_text(engine, KO, "nobody/not-downloaded-model")
    assert "cannot be reached" in caught.value.message("en") or "not found" in caught.value.message("en")


def test_zerogpu_offers_only_preloaded_models(catalog) -> None:
    engine = Engine(catalog, Placement("cpu", "cpu"))
    object.__setattr__(engine.placement, "zerogpu", True)  # simulate ZeroGPU without a GPU
    assert engine.choices("sentiment") == []  # nothing preloaded yet: nothing offered
    loaded = engine.preload(["sentiment"])
    assert sorted(loaded) == ["sentiment:tiny/sentiment-en", "sentiment:tiny/sentiment-ko"]
    assert engine.choices("sentiment") == ["auto", "tiny/sentiment-en", "tiny/sentiment-ko"]
    assert engine.cache.budget_bytes is None  # preloaded models are never evicted
    with pytest.raises(ModelNotAllowed):
        engine.resolve("sentiment", "evil/model")


def test_passes_stay_within_the_token_budget() -> None:
    lengths = [3, 40, 5, 41, 4, 2, 39, 6]
    chunks = sentiment.token_budget_chunks(lengths, budget=50)
    assert sorted(i for chunk in chunks for i in chunk) == list(range(len(lengths)))  # each text exactly once
    for chunk in chunks:
        assert len(chunk) == 1 or len(chunk) * max(lengths[i] for i in chunk) <= 50
    assert chunks[0] == [5, 0, 4, 2, 7]  # the short texts travel together
    assert sentiment.token_budget_chunks([], 10) == []
    assert sentiment.token_budget_chunks([500], 10) == [[0]]  # a text over the budget still runs, alone


def test_every_text_is_tokenized_once(engine: Engine) -> None:
    """The lengths that plan the passes and the passes themselves come from one tokenization."""
    texts = ["이 영화 정말 재밌어요", "지루했다", "What a waste of time.", "A moving story, well told.", "좋아요"] * 20
    expected = [r.scores for r in sentiment.analyze(engine, texts, "auto")]
    calls: list[int] = []
    for choice in engine.choices("sentiment"):
        entry = engine.resolve("sentiment", choice)
        if entry is None:
            continue
        classifier = engine.model(entry)
        real = classifier.tokenizer

        class Counting:
            def __call__(self, batch, *args, real=real, **kwargs):
                calls.append(len(batch) if isinstance(batch, list) else 1)
                return real(batch, *args, **kwargs)

            def __getattr__(self, name, real=real):
                return getattr(real, name)

        classifier.tokenizer = Counting()
    again = [r.scores for r in sentiment.analyze(engine, texts, "auto")]
    for before, after in zip(expected, again, strict=True):
        assert after == pytest.approx(before, abs=1e-5)  # padding the same ids gives the same scores
    assert sum(calls) == len(texts)  # each text through the tokenizer once, not once for lengths and once per pass
