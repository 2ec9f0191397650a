"""The Train engine on tiny stand-ins: it learns a keyword rule, deterministically; Stop keeps a usable model; every
limit refuses with its own message; the zip loads with ``pipeline``; a model is its session's alone."""

from __future__ import annotations

import threading
import uuid
import zipfile
from pathlib import Path

import pytest

from playground import limits
from playground.errors import BadInput
from playground.tasks import train, train_data, train_share

KO = "tiny/train-ko"
EN = "tiny/train-en"
FAST = {"epochs": 5, "learning_rate": 5e-3, "batch_size": 8, "seed": 7}  # the tiny random models need a high rate


def keyword_table(n: int = 40) -> train_data.Examples:
    """A learnable toy table: the label is decided by one keyword (좋아 → 긍정, 싫어 → 부정), the rest is noise."""
    fillers = ["영화", "배우", "음악", "줄거리", "장면", "결말", "감독", "시간"]
    texts, labels = [], []
    for i in range(n):
        texts.append(f"{fillers[i % 8]} 정말 좋아 {fillers[(i * 3) % 8]}")
        labels.append("긍정")
        texts.append(f"{fillers[(i + 5) % 8]} 너무 싫어 {fillers[(i * 7) % 8]}")
        labels.append("부정")
    return train_data.check_examples(texts, labels, train_data.data_source("typed", "toy"))


def fresh_store() -> train.ModelStore:
    return train.ModelStore(root_name=f"playground-train-test-{uuid.uuid4().hex[:8]}")


def train_all(engine, examples, store, session="student-a", stop=None, model=KO, **settings):
    updates = list(train.run(engine, examples, train.Settings(model, **{**FAST, **settings}), session, stop=stop,
                             store=store, runs=train.Runs()))
    return updates


@pytest.fixture(scope="module")
def trained(catalog):
    """One finished run on the keyword table, shared by the tests that only read it."""
    from playground.device import detect
    from playground.engine import Engine

    store = fresh_store()
    updates = train_all(Engine(catalog, detect("cpu")), keyword_table(), store)
    return store, updates


def test_learns_the_keyword_rule_far_above_the_untrained_head(trained) -> None:
    store, updates = trained
    final = updates[-1]
    assert final.done and not final.stopped and final.model is not None
    assert final.before.accuracy <= 0.6  # the fresh head: a coin toss on a balanced split
    assert final.after.accuracy >= 0.9
    assert final.after.accuracy - final.before.accuracy >= 0.35
    assert final.model.classes == ["긍정", "부정"]
    assert sum(final.after.confusion[i][i] for i in range(2)) == round(final.after.accuracy * final.after.count)
    losses = [p for u in updates for p in u.points if p.metric == "loss"]
    accuracies = [p for u in updates for p in u.points if p.metric == "accuracy"]
    assert len(losses) == final.steps == final.model.steps  # one loss per step: the live chart's line
    assert len(accuracies) >= 3  # before, during, after
    assert updates[0].sizes == [{"label": "긍정", "train": 32, "test": 8}, {"label": "부정", "train": 32, "test": 8}]


def test_the_same_seed_gives_the_same_run(engine, trained) -> None:
    _, first = trained
    again = train_all(engine, keyword_table(), fresh_store())
    assert [p.value for u in again for p in u.points] == pytest.approx([p.value for u in first for p in u.points])
    assert again[-1].after.confusion == first[-1].after.confusion


def test_try_it_uses_the_trained_model(trained) -> None:
    store, _ = trained
    scores = train.predict("student-a", "음악 정말 좋아", store=store)
    assert list(scores)[0] == "긍정" and sum(scores.values()) == pytest.approx(1.0)
    assert list(train.predict("student-a", "결말 너무 싫어", store=store))[0] == "부정"


def test_another_session_cannot_see_or_load_the_model(trained) -> None:
    store, _ = trained
    for other in ("student-b", "", None):
        with pytest.raises(BadInput) as caught:
            train.predict(other, "정말 좋아", store=store)
        assert caught.value.key == "train_no_model"
        with pytest.raises(BadInput):
            store.get(other)
    folder = store.get("student-a").folder
    assert "student-a" not in str(folder)  # folders are named by a hash of the session, never the id
    assert folder.parent.stat().st_mode & 0o077 == 0  # private to the server's user


def test_the_zip_loads_with_pipeline(trained, tmp_path: Path) -> None:
    from transformers import pipeline

    store, _ = trained
    model = store.get("student-a")
    archive = train_share.zip_model(model)
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        z.extractall(tmp_path)
    assert all(name.startswith(f"{train_share.default_repo_name(model)}/") for name in names)
    assert not any("scratch" in name or name.endswith((".csv", ".tsv", ".arrow")) for name in names)  # no data
    folder = tmp_path / train_share.default_repo_name(model)
    classifier = pipeline("text-classification", model=str(folder))
    assert classifier("배우 정말 좋아")[0]["label"] == "긍정"
    assert "base_model: tiny/train-ko" in (folder / "README.md").read_text(encoding="utf-8")


def test_stop_mid_run_keeps_a_usable_model(engine) -> None:
    store, stop = fresh_store(), threading.Event()
    updates = []
    for update in train.run(engine, keyword_table(), train.Settings(KO, **FAST), "stopper", stop=stop, store=store,
                            runs=train.Runs()):
        updates.append(update)
        if update.step >= 2:
            stop.set()  # what the Stop button does
    final = updates[-1]
    assert final.done and final.stopped
    assert final.step < final.steps  # ended within a step of the press, not at the end of the run
    assert final.step <= 3
    assert final.model is not None and final.model.stopped
    assert set(train.predict("stopper", "정말 좋아", store=store)) == {"긍정", "부정"}


def test_a_run_past_its_time_limit_is_told_to_stop() -> None:
    import time
    from types import SimpleNamespace

    emitted = []
    live = train.LiveCallback(train._StopFlag(threading.Event()), emitted.append, 10, time.monotonic() - 5, 1.0)
    control = SimpleNamespace(should_training_stop=False, should_evaluate=True)
    live.on_step_end(None, SimpleNamespace(global_step=3), control)
    assert control.should_training_stop and live.stopped  # the Trainer ends the run; the model so far is kept
    fresh = train.LiveCallback(train._StopFlag(threading.Event()), emitted.append, 10, time.monotonic(), 60.0)
    control = SimpleNamespace(should_training_stop=False, should_evaluate=True)
    fresh.on_step_end(None, SimpleNamespace(global_step=3), control)
    assert not control.should_training_stop


@pytest.mark.parametrize(("settings", "name"), [
    ({"epochs": 99}, "epochs"), ({"epochs": 0}, "epochs"), ({"max_length": 4096}, "max_length"),
    ({"learning_rate": 1.0}, "learning_rate"), ({"seed": -1}, "seed"),
    ({"max_seconds": limits.TRAIN_MAX_SECONDS + 1}, "max_seconds"),
])
def test_settings_outside_the_limits_are_refused(settings, name) -> None:
    with pytest.raises(BadInput) as caught:
        train.Settings(KO, **settings).checked()
    assert caught.value.key == "out_of_range" and caught.value.params["name"] == name


def test_a_model_outside_the_catalog_is_refused(engine) -> None:
    from playground.errors import ModelNotAllowed

    with pytest.raises(ModelNotAllowed):
        next(train.run(engine, keyword_table(), train.Settings("evil/model"), "s", store=fresh_store()))


@pytest.mark.parametrize(("texts", "labels", "key"), [
    (["좋아"] * (limits.TRAIN_MAX_ROWS + 1), ["a", "b"] * (limits.TRAIN_MAX_ROWS // 2) + ["a"],
     "train_too_many_rows"),
    (["좋아요", "최고", "재밌다", "감동"], ["긍정"] * 4, "train_one_class"),
    ([f"text {i}" for i in range(60)], [str(i % 11) for i in range(60)], "train_too_many_classes"),
    ([f"text {i}" for i in range(60)], [f"a whole sentence number {i} in the label column" for i in range(60)],
     "train_too_many_classes"),
    (["a", "b", "c", "d", "e"], ["the whole review text ended up in the label column", "x", "x", "x", "x"],
     "train_label_too_long"),
    (["a", "b", "c", "d", "e", "f"], ["x", "x", "x", "x", "y", "y"], "train_few_examples"),
    (["", " ", None], ["a", "b", "c"], "train_no_rows"),
    (["x" * (limits.TRAIN_MAX_TEXT_CHARS + 1)], ["a"], "train_text_too_long"),
])
def test_bad_tables_get_one_clear_message(texts, labels, key) -> None:
    with pytest.raises(BadInput) as caught:
        train_data.check_examples(texts, labels, train_data.data_source("upload", "t.csv"))
    assert caught.value.key == key
    assert caught.value.message("ko") != caught.value.message("en")  # both languages written


def test_empty_texts_are_dropped_not_trained_on() -> None:
    examples = train_data.check_examples(["좋아", "", "최고", "good", "fine", "싫어", "별로", "bad", "awful", "  "],
                                         ["p", "p", "p", "p", "p", "n", "n", "n", "n", "n"],
                                         train_data.data_source("upload", "t.csv"))
    assert len(examples.texts) == 8 and examples.counts() == {"n": 4, "p": 4}


def test_one_run_per_student_and_n_per_server() -> None:
    runs = train.Runs(limit=2)
    runs.begin("a")
    with pytest.raises(BadInput) as caught:
        runs.begin("a")
    assert caught.value.key == "train_already_running"
    runs.begin("b")
    with pytest.raises(BadInput) as caught:
        runs.begin("c")
    assert caught.value.key == "train_busy" and caught.value.params == {"running": 2, "limit": 2}
    runs.end("a")
    runs.begin("c")


def test_a_model_too_big_for_a_students_disk_is_refused(engine, monkeypatch) -> None:
    monkeypatch.setattr(limits, "TRAIN_MAX_DISK_MB", 0.001)
    with pytest.raises(BadInput) as caught:
        list(train.run(engine, keyword_table(), train.Settings(KO, **FAST), "big", store=fresh_store()))
    assert caught.value.key == "train_disk_full"


def test_old_models_are_swept(engine, trained) -> None:
    _, updates = trained
    store = fresh_store()
    store.put("old", updates[-1].model)
    store.keep_s = 0.0
    with pytest.raises(BadInput):
        store.get("old")


def test_typed_examples_per_class_and_the_bundled_nsmc_sample() -> None:
    typed = train_data.from_classes([("긍정", "재밌다\n최고\n\n좋아요\n감동"), ("부정", "지루해\n별로\n최악\n실망"),
                                     ("", "")])
    assert typed.classes == ["긍정", "부정"] and typed.source.license == "own"
    nsmc = train_data.from_nsmc_sample()
    assert nsmc.classes == ["0", "1"] and len(nsmc.texts) == 100 and nsmc.source.license == "cc0-1.0"
    split = train_data.split_examples(nsmc, seed=42)
    assert sum(row["test"] for row in split.sizes()) == 20 and all(row["test"] >= 1 for row in split.sizes())


def test_a_table_from_the_data_folder(tmp_path: Path, nsmc_path: Path) -> None:
    from playground.data import local

    rows = [line.split("\t") for line in nsmc_path.read_text(encoding="utf-8").splitlines()[1:301]]
    (tmp_path / "aihub_reviews.tsv").write_text(
        "document\tlabel\n" + "".join(f"{r[1]}\t{r[2]}\n" for r in rows), encoding="utf-8")
    before = local.data_dir()
    local.set_data_dir(tmp_path)
    try:
        examples = train_data.from_table("aihub_reviews.tsv", "document", "label")
        assert examples.classes == ["0", "1"] and len(examples.texts) == 300
        assert examples.source.is_aihub  # the file's name says AI Hub: never uploaded, the card says so
        with pytest.raises(BadInput) as caught:
            train_data.from_table("aihub_reviews.tsv", "label", "document")
        assert caught.value.key in ("train_too_many_classes", "train_label_too_long")
        assert train_data.guess_columns(train_data.table_columns("aihub_reviews.tsv")) == ("document", "label")
    finally:
        local.set_data_dir(before)


def test_sentiment_labels_only_when_the_classes_mean_it(trained) -> None:
    _, updates = trained
    model = updates[-1].model
    assert train.sentiment_labels(model) == {"긍정": "positive", "부정": "negative"}
    nsmc = train.TrainedModel(**{**model.__dict__, "classes": ["0", "1"],
                                 "source": train_data.data_source("nsmc", "nsmc_100.tsv")})
    assert train.sentiment_labels(nsmc) == {"0": "negative", "1": "positive"}
    other = train.TrainedModel(**{**model.__dict__, "classes": ["sports", "politics"]})
    assert train.sentiment_labels(other) is None



def test_nsmc_classes_carry_their_meaning_in_every_table(trained, engine) -> None:
    """NSMC's classes are "0" and "1": the confusion matrix, the wrong examples and Try it name them with their
    meaning in the page's language; classes that say it themselves stay as they are."""
    import gradio as gr

    from tabs import train as train_tab

    _, updates = trained
    model = updates[-1].model
    after = train.Evaluation(accuracy=0.5, confusion=[[3, 1], [2, 4]], count=10,
                             wrong=[{"text": "별로", "label": "1", "predicted": "0", "score": 0.75}])
    nsmc = train.TrainedModel(**{**model.__dict__, "classes": ["0", "1"], "after": after,
                                 "source": train_data.data_source("nsmc", "nsmc_100.tsv")})
    assert train_tab.class_names(nsmc, "ko") == {"0": "0 · 부정", "1": "1 · 긍정"}
    assert train_tab.class_names(nsmc, "en") == {"0": "0 · negative", "1": "1 · positive"}
    assert train_tab.class_names(model, "ko") == {"긍정": "긍정", "부정": "부정"}
    assert train_tab.class_names(model, "en") == {"긍정": "긍정 · positive", "부정": "부정 · negative"}
    other = train.TrainedModel(**{**model.__dict__, "classes": ["sports", "politics"]})
    assert train_tab.class_names(other, "ko") == {"sports": "sports", "politics": "politics"}
    with gr.Blocks():
        ui = train_tab.layout(engine)
    shown = train_tab._evaluation(ui, nsmc, "ko")
    confusion = shown[ui.confusion].value
    assert confusion["headers"][1:] == ["0 · 부정", "1 · 긍정"]
    assert [row[0] for row in confusion["data"]] == ["0 · 부정", "1 · 긍정"]
    assert [row[1:] for row in confusion["data"]] == [[3, 1], [2, 4]]
    assert shown[ui.wrong].value["data"] == [["1 · 긍정", "0 · 부정", "75%", "별로"]]

def test_zerogpu_duration_grows_with_rows_and_epochs_and_is_capped(catalog) -> None:
    entry = catalog.entry("train", KO)

    def seconds(rows: int, epochs: int) -> float:
        data = {"train_text": ["x"] * rows, "test_text": ["x"] * (rows // 4)}
        return train.gpu_seconds(entry, data, train.Settings(KO, epochs=epochs), "", None)

    assert seconds(100, 1) < seconds(1000, 1) < seconds(1000, 3)
    assert seconds(100, 1) <= 30  # a small class run asks for a short slot of the daily quota
    assert seconds(limits.TRAIN_MAX_ROWS * 100, 5) == limits.TRAIN_MAX_SECONDS


def test_yields_cross_a_process_boundary(trained, tmp_path: Path) -> None:
    import pickle

    _, updates = trained
    for update in updates[:-1]:
        assert pickle.loads(pickle.dumps(update)).points == update.points
    flag = train._StopFlag(threading.Event(), tmp_path / "STOP")
    in_worker = pickle.loads(pickle.dumps(flag))  # what a ZeroGPU worker receives
    assert not in_worker.is_set()
    flag.set()  # the Stop button, in the main process
    assert in_worker.is_set()  # seen across the process boundary (the run's folder is on the same disk)


def test_the_code_panel_reproduces_the_run_with_its_seed(trained) -> None:
    _, updates = trained
    code = train_share.code_snippet(updates[-1].model, model=KO, data_name="toy.csv")
    compile(code, "snippet", "exec")
    assert "seed=7" in code and "Trainer(" in code and "train_test_split" in code and "do_lower_case=False" in code


def _printed_split(code: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list, list]:
    """Run the code panel's lines up to the split (in ``folder``, where its file is): (classes, train, test)."""
    monkeypatch.chdir(folder)
    namespace: dict = {}
    exec(compile(code.split("\ntokenizer = AutoTokenizer")[0], "code panel", "exec"), namespace)  # noqa: S102
    parts = namespace["parts"]
    return namespace["classes"], list(parts["train"]["text"]), list(parts["test"]["text"])


def _app_split(examples: train_data.Examples, seed: int) -> tuple[list, list, list]:
    split = train_data.split_examples(examples, seed)
    return split.classes, list(split.train["text"]), list(split.test["text"])


@pytest.mark.parametrize("suffix", ["csv", "tsv", "jsonl"])
def test_the_code_panel_reads_and_splits_a_table_as_the_app_did(tmp_path: Path, monkeypatch, suffix: str) -> None:
    """Messy cells (spaces, empty rows, 1.0 for 1), classes 2 and 10 (numbers in numeric order), five classes of
    four (the app holds out five; ``test_size=0.2`` would hold out four and fail): the printed code keeps the same
    examples, the same classes in the same order, and the same held-out split as the run."""
    import csv
    import json

    from playground.data import local

    rows = [(f"  리뷰   {c}-{i} 정말  좋아요 ", f"{c}.0" if i % 2 else str(c))
            for c in (1, 2, 3, 10, 4) for i in range(4)]
    rows[0] = ('그 "장면"은, 정말 최고', "1")  # quotes and a comma
    rows += [("", "1"), ("빈 라벨", "")]  # left out by both
    path = tmp_path / f"reviews.{suffix}"
    if suffix == "jsonl":
        path.write_text("".join(json.dumps({"review": t, "stars": s}, ensure_ascii=False) + "\n" for t, s in rows),
                        encoding="utf-8")
    elif suffix == "tsv":  # as NSMC's files are written: tabs, quotes as they are
        path.write_text("review\tstars\n" + "".join(f"{t}\t{s}\n" for t, s in rows), encoding="utf-8")
    else:
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([("review", "stars"), *rows])
    before = local.data_dir()
    local.set_data_dir(tmp_path)
    try:
        examples = train_data.from_table(path.name, "review", "stars")
        kind = local.open_table(path.name).kind
    finally:
        local.set_data_dir(before)
    assert examples.classes == ["1", "2", "3", "4", "10"] and len(examples.texts) == 20
    assert examples.texts[0] == '그 "장면"은, 정말 최고'
    rows_code = train_share.table_rows_code(path.name, "review", "stars", kind=kind)
    code = train_share.code_snippet(None, model=KO, data_name=path.name, seed=11, rows_code=rows_code)
    printed = _printed_split(code, tmp_path, monkeypatch)
    assert printed == _app_split(examples, 11)
    assert len(printed[2]) == 5  # one of each class held out


def test_the_code_panel_of_typed_examples_holds_them(tmp_path: Path, monkeypatch) -> None:
    """Typed examples are written into the code (the app writes no file of them), and split as the run split them."""
    examples = train_data.from_classes([("좋음", "\n".join(f"정말 좋아 {i}" for i in range(6))),
                                      ("나쁨", "\n".join(f"너무  싫어 {i}" for i in range(5)))])
    code = train_share.code_snippet(None, model=KO, data_name="", seed=3,
                                    rows_code=train_share.typed_rows_code(examples.texts, examples.labels))
    assert "my_examples.csv" not in code and '("정말 좋아 0", "좋음")' in code
    assert _printed_split(code, tmp_path, monkeypatch) == _app_split(examples, 3)


# -- through the app's API (gradio_client), as a class's scripts would call it -------------------------------------
def test_the_train_endpoint_then_try_it_and_another_client_cannot(app_url: str) -> None:
    import json

    from gradio_client import Client

    student, classmate = Client(app_url, verbose=False), Client(app_url, verbose=False)
    try:
        summary = json.loads(student.predict("nsmc", api_name="/train"))
        assert summary["classes"] == ["0", "1"] and summary["steps"] == 5 and not summary["stopped"]
        assert [row["test"] for row in summary["sizes"]] == [10, 10]
        scores = student.predict("정말 재밌는 영화", api_name="/train_try")
        assert set(scores) == {"0", "1"} and sum(scores.values()) == pytest.approx(1.0)
        with pytest.raises(Exception, match="no trained model"):
            classmate.predict("정말 재밌는 영화", api_name="/train_try")
        with pytest.raises(Exception, match="epochs"):
            student.predict("nsmc", epochs=50, api_name="/train")
    finally:
        student.close()
        classmate.close()


# -- the default catalog's own train entries, through stand-ins shaped like the real repositories ------------------
@pytest.fixture
def real_engine(hub_cache: Path):
    """catalog.yaml unchanged, its models from the stand-ins' Hub-layout cache (conftest's ``hub_cache``)."""
    from playground.catalog import DEFAULT_CATALOG, load_catalog
    from playground.device import detect
    from playground.engine import Engine

    return Engine(load_catalog(DEFAULT_CATALOG), detect("cpu"))


def test_the_default_base_models_train_through_the_hub_path(real_engine) -> None:
    for model in ("monologg/koelectra-small-v3-discriminator", "distilbert/distilbert-base-uncased"):
        final = train_all(real_engine, keyword_table(8), fresh_store(), session=f"real-{model}", model=model,
                          epochs=1)[-1]
        assert final.done and final.model.base.id == model and final.model.classes == ["긍정", "부정"]


def test_koelectra_without_its_cased_setting_would_split_hangul_and_is_refused(real_engine) -> None:
    """The real repository has no tokenizer_config.json: ElectraTokenizer's defaults lower-case and strip accents,
    decomposing Hangul syllables. The catalog's options.tokenizer (do_lower_case: false) is what makes it read."""
    import dataclasses

    from playground import tokenizer_check
    from playground.errors import ModelUnavailable

    entry = real_engine.catalog.entry("train", "monologg/koelectra-small-v3-discriminator")
    tokenizer_check.check(entry, train.load_tokenizer(entry))  # as the catalog says: reads Korean
    bare = dataclasses.replace(entry, options={})
    with pytest.raises(ModelUnavailable) as caught:
        tokenizer_check.check(bare, train.load_tokenizer(bare))
    assert caught.value.key == "tokenizer_cannot_read"


def test_a_hub_dataset_through_the_viewer(monkeypatch) -> None:
    """A Hub dataset the Datasets tab can page: its ClassLabel numbers become names, its card's license is kept."""
    import httpx
    from test_data_browser import viewer

    from playground.data import hub_viewer

    monkeypatch.setattr(hub_viewer, "_TRANSPORT", httpx.MockTransport(viewer))
    monkeypatch.setattr(hub_viewer, "require_online", lambda dataset: None)
    monkeypatch.setattr(hub_viewer, "card", lambda dataset: {
        "license": "cc0-1.0", "pretty_name": "", "description": "", "gated": False, "private": False,
        "files": ["README.md", "plain_text/train-00000.parquet"]})
    examples = train_data.from_hub("owner/reviews", "text", "label")
    assert examples.classes == ["neg", "pos"] and len(examples.texts) == 250
    assert examples.source == train_data.DataSource("hub", "owner/reviews", "cc0-1.0")
    monkeypatch.setattr(limits, "TRAIN_MAX_ROWS", 100)
    with pytest.raises(BadInput) as caught:
        train_data.from_hub("owner/reviews", "text", "label")
    assert caught.value.key == "train_too_many_rows" and caught.value.params["rows"] == 250


def test_the_live_chart_draws_a_long_run_thinned_with_its_ends_and_every_accuracy() -> None:
    """The page redraws the whole chart each frame: a long run's loss curve is thinned to CHART_MAX_POINTS, evenly,
    the first and last steps kept; the few accuracy points (one per evaluation) are all drawn."""
    from tabs.train import CHART_MAX_POINTS, chart_frame, thinned

    points = [train.Point(0, "accuracy", 0.5)]
    for step in range(1, 1001):
        points.append(train.Point(step, "loss", 1.0 / step))
        if step % 250 == 0:
            points.append(train.Point(step, "accuracy", 0.5 + step / 4000))
    drawn = thinned(points)
    loss_steps = [p.step for p in drawn if p.metric == "loss"]
    assert len(loss_steps) == CHART_MAX_POINTS
    assert loss_steps[0] == 1 and loss_steps[-1] == 1000 and loss_steps == sorted(set(loss_steps))
    gaps = {b - a for a, b in zip(loss_steps, loss_steps[1:], strict=False)}
    assert max(gaps) - min(gaps) <= 1  # evenly spaced
    assert [p.step for p in drawn if p.metric == "accuracy"] == [0, 250, 500, 750, 1000]
    short = points[:50]
    assert thinned(short) == short  # a short run is drawn whole
    frame = chart_frame(points, "ko")
    assert len(frame) == CHART_MAX_POINTS + 5 and set(frame["metric"]) == {"손실 (학습)", "정확도 (시험용)"}


def test_the_page_run_puts_each_value_in_its_own_component(engine) -> None:
    """The Train tab's run streams by component: the split once (with the status), the status and the chart while it
    trains, the evaluation and the code at the end; a step never names what it does not change."""
    import gradio as gr

    from tabs import train as train_tab

    with gr.Blocks():
        ui = train_tab.layout(engine)
    good = "\n".join(f"정말 좋아 {i}" for i in range(12))
    bad = "\n".join(f"너무 싫어 {i}" for i in range(12))
    steps = list(train_tab.train_page(engine, "typed", None, None, None, None, "own", "", "tiny/train-ko", 1, 32, 7,
                                      5e-3, "좋음", good, "나쁨", bad, ui=ui))
    outputs = {ui.status, ui.sizes, ui.chart, ui.result, ui.confusion, ui.wrong, ui.code}
    assert all(set(step) <= outputs and ui.status in step for step in steps)
    split = [step for step in steps if ui.sizes in step]
    assert len(split) == 1 and len(split[0][ui.sizes].value["data"]) == 2  # the split, shown once: a row per class
    *running, last = steps
    assert all(not {ui.result, ui.confusion, ui.wrong, ui.code} & set(step) for step in running)
    assert {ui.result, ui.confusion, ui.wrong, ui.code, ui.chart} <= set(last)
    assert sorted(last[ui.confusion].value["headers"][1:]) == ["나쁨", "좋음"] and last[ui.confusion].visible
    assert "from transformers" in last[ui.code] and "%" in last[ui.result]
    assert "✅" in last[ui.status] and all("✅" not in step[ui.status] for step in running)
