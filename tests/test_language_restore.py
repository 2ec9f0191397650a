"""The language switch hands every tab's results to the reloaded page, without a browser: the store, the
one-time token (expires, bound to its session and user), and each tab's results drawn again in the new language."""

from __future__ import annotations

import re
import secrets
import shutil
from itertools import count
from pathlib import Path
from types import SimpleNamespace

import gradio as gr
import pytest

from conftest import stray_words
from playground import limits
from tabs import handover, image, sentiment, summarize, tokens, translate
from tabs.common import Kept
from tabs.i18n import COOKIE, say

_ids = count()


def page(lang: str, user: str | None = None) -> SimpleNamespace:
    """A request from a fresh page (its own session) in ``lang``, signed in as ``user``."""
    return SimpleNamespace(headers={"accept-language": "ko-KR" if lang == "ko" else "en-US",
                                    "cookie": f"{COOKIE}={lang}"},
                           session_hash=f"s-{next(_ids)}", username=user)


def test_a_token_hands_the_results_over_once_and_the_next_switch_works_too() -> None:
    old, new, newer = page("ko"), page("en"), page("ko")
    handover.keep(old, "summarize", run="data", code="print(1)")
    handover.keep(old, "summarize", code="print(2)")  # parts merge; a later one replaces the earlier
    token = handover.hand_over(old)
    assert len(token) >= 32 and token != handover.hand_over(old)
    assert handover.redeem(token, new) == {"summarize": {"run": "data", "code": "print(2)"}}
    assert handover.redeem(token, page("en")) == {}  # one time only
    assert handover.kept(old, "summarize") == {}  # moved to the new session, not copied
    assert handover.kept(new, "summarize")["code"] == "print(2)"
    assert handover.redeem(handover.hand_over(new), newer)["summarize"]["run"] == "data"


def test_a_session_with_nothing_kept_gets_no_token_and_unknown_tokens_restore_nothing() -> None:
    empty = page("en")
    assert handover.hand_over(empty) == ""
    assert handover.redeem("", page("ko")) == {} and handover.redeem("no-such-token", page("ko")) == {}
    assert handover.redeem("x" * 10_000, page("ko")) == {}
    assert handover.redeem(None, page("ko")) == {}
    handover.keep(SimpleNamespace(session_hash=None), "summarize", run="api client")  # no session: nothing kept
    assert handover.hand_over(SimpleNamespace(session_hash=None)) == ""


def test_a_token_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(handover, "_clock", lambda: now[0])
    old = page("ko")
    handover.keep(old, "translate", run="data")
    token = handover.hand_over(old)
    now[0] += limits.HANDOVER_TTL_S + 1
    assert handover.redeem(token, page("en")) == {}
    assert handover.kept(old, "translate") == {"run": "data"}  # still the old page's: a new switch can hand it over


def test_another_user_cannot_redeem_a_token_and_it_reaches_only_its_own_session() -> None:
    kim, lee = page("ko", user="kim"), page("ko", user="lee")
    handover.keep(kim, "summarize", run="kim's")
    handover.keep(lee, "summarize", run="lee's")
    token = handover.hand_over(kim)
    assert handover.redeem(token, page("en", user="lee")) == {}
    assert handover.redeem(token, page("en", user="kim")) == {}  # spent by the refused try
    token = handover.hand_over(kim)
    assert handover.redeem(token, page("en")) == {}  # a page nobody signed in to is another user too
    assert handover.redeem(handover.hand_over(kim), page("en", user="kim")) == {"summarize": {"run": "kim's"}}


def test_the_store_and_tokens_have_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "HANDOVER_MAX", 3)
    old = page("ko")
    handover.keep(old, "summarize", run="data")
    first = handover.hand_over(old)
    for _ in range(3):
        handover.hand_over(old)
    assert handover.redeem(first, page("en")) == {}  # the oldest token was forgotten first


def _built(engine) -> dict[str, object]:
    built = {}
    with gr.Blocks(), gr.Tabs():
        for module in (summarize, translate, sentiment, tokens, image):
            with gr.Tab(module.TASK):
                built[module.TASK] = module.build(engine)
    return built


def _words(value) -> str:
    """The page's own words in a restored output (not the model's text, the code, or the student's)."""
    value = value.value if isinstance(value, gr.components.Component) else value
    if isinstance(value, dict):
        return "\n".join(str(k) for k in value.get("headers", value))
    return str(value)


@pytest.mark.parametrize(("before", "after"), [("ko", "en"), ("en", "ko")])
def test_every_tabs_results_are_drawn_again_in_the_new_language(engine, nsmc_path, tmp_path, before: str,
                                                                after: str) -> None:
    built = _built(engine)
    keeps = {task: tab.keeps for task, tab in built.items() if tab.keeps is not None}
    assert set(keeps) == {"summarize", "translate", "sentiment", "tokens", "image"}
    old = page(before)
    laid_out = {task: built[task].keeps.render.args[0] for task in ("summarize", "sentiment")}  # restore's Layout
    summary = summarize.summarise(engine, summarize.EXAMPLES[0], "auto", "short", 2, False, 0.7, request=old,
                                  ui=laid_out["summarize"])
    translation = translate.translate_text(engine, "오늘은 날씨가 정말 좋네요.", "detect", "en", "auto", request=old)
    sentiment.analyze_one(engine, "이 영화 정말 재밌어요!", request=old)
    rows = tmp_path / "nsmc.tsv"
    rows.write_text("".join(nsmc_path.read_text(encoding="utf-8").splitlines(keepends=True)[:21]), encoding="utf-8")
    list(sentiment.analyze_many(engine, "", str(rows), "document", "label", request=old, ui=laid_out["sentiment"]))
    sentiment.show_many_code(engine, str(rows), "document", "label", request=old)
    sentiment.filter_table(True, request=old)
    tokens.show(engine, "오늘은 날씨가 좋아요", *[[s.id for s in g] for g in tokens.grouping(engine).values()],
                None, True, request=old)
    gallery, seed, _, image_code = image.generate(engine, "a lighthouse at sunset", "", "tiny/text-to-image", 2, 0,
                                                  64, 64, 2, 1234, False, request=old)

    new = page(after)
    box = object()
    updates = handover.restored(keeps, box, handover.hand_over(old), new)
    assert updates.pop(box) == handover.DONE
    ui_s, ui_t = built["summarize"].keeps, built["translate"].keeps
    summary_box, counts_box, code_box, model_box, length_box = ui_s.outputs[:5]
    assert updates[summary_box] == summary[summary_box] and updates[code_box] == summary[code_box]
    assert updates[counts_box] == summarize.counts_markdown(handover.kept(new, "summarize")["run"], after)
    assert updates[length_box] == "short" and updates[model_box] == "auto"
    result_box, details_box, _, detected, source, target, _ = ui_t.outputs
    assert updates[result_box] == translation[0] and updates[target] == "en" and updates[source] == "detect"
    assert updates[detected] == "ko"
    assert "Korean" in updates[details_box] if after == "en" else "한국어" in updates[details_box]
    # sentiment: the one-text result and the labelled run, filtered to the wrong rows as it was
    one = [v for v in updates.values() if isinstance(v, dict) and set(v) <= {"positive", "negative", "긍정", "부정"}]
    assert one and set(one[0]) <= ({"긍정", "부정"} if after == "ko" else {"positive", "negative"})
    table = next(v for v in updates.values() if isinstance(v, gr.Dataframe))
    run = handover.kept(new, "sentiment")["many"]
    assert len(table.value["data"]) == sum(run.wrong) < len(run.results)
    box_wrong = next(v for v in updates.values() if isinstance(v, gr.Checkbox))
    assert box_wrong.value is True and box_wrong.visible is True
    assert sentiment.filter_table(False, request=new)["data"]  # the filter reads the restored run
    ui_m = laid_out["sentiment"]  # the file the run read is back in its box, with the columns it used picked
    assert updates[ui_m.upload] == str(rows)
    assert updates[ui_m.text_column].value == "document" and updates[ui_m.label_column].value == "label"
    assert ("document", "document") in updates[ui_m.text_column].choices
    assert any(isinstance(v, str) and v.startswith('<div class="tk-out" lang="' + after) for v in updates.values())
    summary_md = next(v for v in updates.values() if isinstance(v, str) and "**20 / 20**" in v)
    pills = next(v for v in updates.values() if isinstance(v, str) and v.startswith('<div class="tk-out"'))
    legend = re.sub(r"<[^>]+>", " ", pills.split("</details>")[0])
    words = [_words(updates[b]) for b in (counts_box, details_box)] + [
        _words(one[0]), _words(table), summary_md, legend, _words(updates[built["tokens"].keeps.outputs[-3]])]
    ui_i = built["image"].keeps.outputs
    shown_gallery, shown_seed, notes, code = (updates[c] for c in ui_i[:4])
    word = "Seed" if after == "en" else "시드"
    assert shown_gallery == [(path, f"{word} {s}") for (path, _), s in zip(gallery, (1234, 1235), strict=True)]
    assert shown_seed == seed == 1234 and code == image_code and updates[ui_i[4]] == 2 and updates[ui_i[5]] is False
    assert updates[ui_i[6]] == "tiny/text-to-image" and updates[ui_i[7]]["value"] == 2
    words.append(notes)
    text = re.sub(r"<[^>]+>", " ", "\n".join(words))
    names = {w for r in handover.kept(new, "tokens")["run"].readings for w in re.findall(r"[A-Za-z]{2,}", r.name)}
    assert not stray_words(text, after, {"tiny", "seq2seq", "ko", "en", "opus", "mt", "sentiment", "Tiny", "Kiwi",
                                         "BERT", "BPE", "WordPiece", "SentencePiece", "Byte", "byte", "level",
                                         "GPT", "model", "NNG", "MAG", "UTF", "id", *names},
                           quotes=True), text


def test_images_come_back_only_while_their_files_are_on_disk(engine) -> None:
    built = _built(engine)
    keeps = {task: tab.keeps for task, tab in built.items() if tab.keeps is not None}
    old = page("en")
    gallery, *_ = image.generate(engine, "a red apple", "", "tiny/text-to-image", 2, 0, 64, 64, 2, 7, False,
                                 request=old)
    Path(gallery[0][0]).unlink()  # swept away (limits.IMAGE_KEEP_FILES_S)
    updates = handover.restored(keeps, object(), handover.hand_over(old), page("ko"))
    assert updates[built["image"].keeps.outputs[0]] == [(gallery[1][0], "시드 8")]


def test_a_finished_training_run_comes_back_and_its_model_moves_to_the_new_session(engine) -> None:
    from tabs import train as train_tab

    with gr.Blocks():
        built = train_tab.build(engine)
        drawn = train_tab.layout(engine)  # the run's own components (the restore answers built's)
    assert built.keeps is not None
    old, new = page("ko"), page("en")
    good = "\n".join(f"정말 좋아 {i}" for i in range(12))
    bad = "\n".join(f"너무 싫어 {i}" for i in range(12))
    *_, last = train_tab.train_page(engine, "typed", None, None, None, None, "own", "", "tiny/train-ko", 1, 32, 7,
                                    5e-3, "좋음", good, "나쁨", bad, request=old, ui=drawn)
    updates = handover.restored({"train": built.keeps}, object(), handover.hand_over(old), new)
    ui = dict(zip(("status", "sizes", "chart", "result", "confusion", "wrong", "code", "model"),
                  built.keeps.outputs, strict=False))
    assert updates[ui["code"]] == last[drawn.code] and updates[ui["model"]] == "tiny/train-ko"
    status, result = updates[ui["status"]], updates[ui["result"]]
    assert not stray_words(status + result, "en", {"ms"}), status + result
    assert updates[ui["chart"]].x_title == say("train.chart_x", "en")  # the chart drawn, its titles in English
    assert not stray_words(" ".join(updates[ui["confusion"]].value["headers"][:1]), "en")
    assert set(train_tab.try_it(engine, "정말 좋아", request=new)[0]) == {"좋음", "나쁨"}  # the new session's now



def test_the_chosen_training_table_comes_back_with_its_column_picks(engine, nsmc_path, tmp_path) -> None:
    """An uploaded table (no run yet) and a data folder's table come back in their boxes after the switch, with the
    columns the student picked (not guessed again); a table that is gone by then is left out."""
    from playground.data import local
    from tabs import train as train_tab

    with gr.Blocks():
        built = train_tab.build(engine)
    assert built.keeps is not None
    keeps = {"train": built.keeps}
    ui = dict(zip(("data_file", "upload", "text_column", "label_column"), built.keeps.outputs[-4:], strict=True))
    ui["status"] = built.keeps.outputs[0]
    uploads = local.upload_dir() / f"test-{secrets.token_hex(6)}"  # where Gradio keeps a page's uploads
    uploads.mkdir(parents=True)
    upload = uploads / "my_reviews.tsv"
    upload.write_text("".join(nsmc_path.read_text(encoding="utf-8").splitlines(keepends=True)[:41]),
                      encoding="utf-8")
    old = page("ko")
    text, label = train_tab.pick_columns(str(upload), request=old)
    assert (text.value, label.value) == ("document", "label")  # guessed from the names
    train_tab.keep_columns("upload", None, str(upload), "id", "label", request=old)  # the student picks "id"
    updates = handover.restored(keeps, object(), handover.hand_over(old), new := page("en"))
    assert updates[ui["upload"]] == str(upload)
    assert (updates[ui["text_column"]].value, updates[ui["label_column"]].value) == ("id", "label")
    # The put-back file's change event may read the pickers before the restore has set them: the kept picks win.
    text, label = train_tab.pick_columns(str(upload), "document", "label", request=new)
    assert (text.value, label.value) == ("id", "label")
    assert updates[ui["text_column"]].choices == [("id", "id"), ("document", "document"), ("label", "label")]
    assert ui["data_file"] not in updates and ui["status"] not in updates  # no run: only the data step comes back

    before = local.data_dir()
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "class.tsv").write_bytes(upload.read_bytes())
    local.set_data_dir(folder)
    try:
        train_tab.pick_columns("class.tsv", None, None, request=new, source="file")
        updates = handover.restored(keeps, object(), handover.hand_over(new), newer := page("ko"))
        assert updates[ui["data_file"]].value == "class.tsv" and ui["upload"] not in updates
        assert (updates[ui["text_column"]].value, updates[ui["label_column"]].value) == ("document", "label")
        train_tab.keep_source("nsmc", request=newer)  # the student went back to the NSMC sample: not put back
        updates = handover.restored(keeps, object(), handover.hand_over(newer), newer := page("en"))
        assert not {ui["data_file"], ui["upload"], ui["text_column"], ui["label_column"]} & set(updates)
        train_tab.keep_source("file", request=newer)  # ... and to the data folder again: it is
        updates = handover.restored(keeps, object(), handover.hand_over(newer), newer := page("ko"))
        assert updates[ui["data_file"]].value == "class.tsv"
        (folder / "class.tsv").unlink()  # gone before the next switch: nothing is put back
        updates = handover.restored(keeps, object(), handover.hand_over(newer), page("en"))
        assert not {ui["data_file"], ui["upload"], ui["text_column"], ui["label_column"]} & set(updates)
    finally:
        local.set_data_dir(before)
        shutil.rmtree(uploads)

def test_the_open_dataset_and_its_page_come_back_in_the_new_language(engine, nsmc_path, tmp_path) -> None:
    from playground.data import local
    from tabs import dataset_browser as datasets

    rows = tmp_path / "reviews.tsv"  # a file of the class's data folder
    rows.write_text("".join(nsmc_path.read_text(encoding="utf-8").splitlines(keepends=True)[:51]), encoding="utf-8")
    local.set_data_dir(tmp_path)
    try:
        _open_and_switch(engine, datasets, str(rows))
    finally:
        local.set_data_dir(None)


def _open_and_switch(engine, datasets, rows: str) -> None:
    with gr.Blocks():
        built = datasets.build(engine)
    assert built.keeps is not None
    old, new = page("en"), page("ko")
    card, details = datasets.open_dataset(rows, request=old)
    view = datasets.View.read(rows, details["config"], details["split"], 2, 10, "", "label", "=", "1")
    shown = datasets.rows(view, request=old)
    updates = handover.restored({"datasets": built.keeps}, object(), handover.hand_over(old), new)
    values = list(updates.values())
    assert shown.status.startswith("Rows") and any(isinstance(v, str) and v.startswith("행 **") for v in values)
    assert datasets.card_markdown(handover.kept(new, "datasets")["info"], "ko") in values
    assert any(isinstance(v, datasets.Page) and v == shown.shown for v in values)  # the same rows, not read again
    plain = [v.value if isinstance(v, gr.Dropdown) else v for v in values]
    assert 2 in plain and "1" in plain and "label" in plain  # the page number and the filter as they were


def test_a_restored_model_pick_keeps_the_restored_runs_code(engine) -> None:
    """Restoring a run sets Sentiment's model picker; the picker's change event (which follows a value set by a
    function too) may redraw the card but never the code panel: only a student's pick (the input event) writes the
    one-text code over a restored many-texts run's."""
    with gr.Blocks() as demo:
        keeps = sentiment.build(engine).keeps
    code, model = keeps.outputs[0], keeps.outputs[1]
    assert isinstance(code, gr.Code) and isinstance(model, gr.Dropdown)

    def outputs_of(event: str) -> list[list[object]]:
        return [fn.outputs for fn in demo.fns.values() if (model._id, event) in fn.targets]

    changes, picks = outputs_of("change"), outputs_of("input")
    assert changes and not any(code in outputs for outputs in changes)
    assert any(code in outputs for outputs in picks)


def test_a_token_sent_twice_restores_once_and_the_mark_asks_for_nothing() -> None:
    """page.js writes the token again when Gradio redrew the box empty before sending it; a second request with the
    same token must answer only the mark (never an empty restore over the first answer's results), and the mark
    itself, seen by the box's change event, asks for nothing."""
    from tabs.common import Kept

    box, summary = object(), object()
    keeps = {"summarize": Kept([summary], lambda data, lang: {summary: f"{data['run']} ({lang})"})}
    old = page("ko")
    handover.keep(old, "summarize", run="요약")
    token, new = handover.hand_over(old), page("en")
    assert handover.restored(keeps, box, token, new) == {box: handover.DONE, summary: "요약 (en)"}
    assert handover.restored(keeps, box, token, new) == {box: handover.DONE}  # spent: the mark, nothing else
    for value in (handover.DONE, "", None):
        assert set(handover.restored(keeps, box, value, new)) == {box}  # gr.skip() for the box: no request's work
    assert len(token) != len(handover.DONE)  # a token is never the mark


def test_a_pick_comes_back_after_the_results_and_alone() -> None:
    """A picker's value the student chose (``Kept.picks``) comes back after the tab's results, over the value the
    restored run set; a tab that kept only picks draws no results; a value that is no pick is not kept."""
    drawn: list[dict] = []
    model, target = object(), object()

    def render(data: dict, lang: str) -> dict:
        drawn.append(data)
        return {model: data["run"]["model"]}

    keeps = {"summarize": Kept([model], render, picks={"model": model}),
             "translate": Kept([], render, picks={"target": target})}
    old = page("en")
    handover.keep(old, "summarize", run={"model": "a"})
    handover.keep_pick(old, "summarize", "model", "b")
    handover.keep_pick(old, "translate", "target", "ja")
    handover.keep_pick(old, "translate", "target", "x" * 500)  # no model id or language code: not kept
    handover.keep_pick(old, "translate", "source", ["not", "a", "pick"])
    updates = handover.restored(keeps, box := object(), handover.hand_over(old), page("ko"))
    assert updates == {box: handover.DONE, model: "b", target: "ja"}
    assert drawn == [{"run": {"model": "a"}}]  # the results without the picks; translate kept no results


def test_the_tokens_chat_model_pick_comes_back_without_a_run(engine) -> None:
    """Tokens' chat-model picker is a pick: chosen and not run yet, it comes back after the switch (the run's
    restore alone brought it back only with a reading)."""
    with gr.Blocks():
        keeps = tokens.build(engine).keeps
    picker = keeps.picks["chat_model"]
    assert isinstance(picker, gr.Dropdown) and picker in keeps.outputs
    old = page("en")
    handover.keep_pick(old, "tokens", "chat_model", "tiny/chat")
    updates = handover.restored({"tokens": keeps}, object(), handover.hand_over(old), page("ko"))
    assert updates[picker] == "tiny/chat" and len(updates) == 2  # the mark and the pick: no reading is drawn


def test_a_reused_png_comes_back_in_its_box_with_its_model_and_the_runs_texts_stay_the_students(engine,
                                                                                                   tmp_path) -> None:
    """Reusing a PNG's settings keeps the PNG for the switch (back in its box while on disk, forgotten once the
    student takes it out) and its model as the student's pick; a restored run sets the settings it ran with but
    never the negative prompt, which is the student's text (page.js puts back what the box held)."""
    from PIL import Image

    from playground.tasks import image_png

    with gr.Blocks():
        built = image.build(engine)
        ui = image.layout(engine)  # the handlers' own components (the restore answers built's)
    assert built.keeps is not None
    keeps = {"image": built.keeps}
    png_box = next(c for c in built.keeps.outputs if isinstance(c, gr.File))
    negative = next(c for c in built.keeps.outputs if getattr(c.label, "key", "") == "image.negative")
    stored = {"model": "tiny/text-to-image-turbo", "prompt": "a paper boat", "negative_prompt": "", "seed": 77,
              "steps": 3, "guidance": 0.0, "width": 64, "height": 64}
    path = str(image_png.save_png(Image.new("RGB", (8, 8)), stored, tmp_path / "boat.png"))
    old = page("en")
    image.generate(engine, "a red apple", "fog", "tiny/text-to-image", 2, 5.0, 64, 64, 1, 7, False, request=old)
    image.reuse(engine, path, "tiny/text-to-image", request=old, ui=ui)
    new = page("ko")
    updates = handover.restored(keeps, object(), handover.hand_over(old), new)
    assert updates[png_box] == path
    assert updates[built.keeps.picks["model"]] == "tiny/text-to-image-turbo"  # the PNG's model, after the run's
    assert "value" not in updates[negative] and updates[negative]["visible"] is True  # the run's model uses it
    image.forget_png(request=new)  # the student took the PNG out of its box
    again = handover.restored(keeps, object(), handover.hand_over(new), page("en"))
    assert png_box not in again and again[built.keeps.outputs[0]]  # the gallery still comes back
    Path(path).unlink()  # a PNG no longer on disk does not come back
    handover.keep(old2 := page("en"), "image", png=path)
    assert png_box not in handover.restored(keeps, object(), handover.hand_over(old2), page("ko"))


def test_every_choice_a_student_makes_comes_back_by_one_path(engine) -> None:
    """Every picker, radio and file box a student can set in a tab comes back after the switch by a path of its
    own: a pick (``Kept.picks``), the tab's restore (``Kept.outputs``), or page.js (a radio with an elem_id). The
    exceptions say where theirs comes back."""
    import importlib

    from playground import registry

    elsewhere = {  # (task, label key): where it comes back
        ("chat", "chat.preset"),  # with the role, from this browser's own store (tabs/chat.py: restore)
        ("chat", "chat.past_list"),  # a list to open a past conversation from, read again at load
        ("datasets", "datasets.upload"),  # the uploaded dataset comes back as the source picker's entry
    }

    def walk(block):
        yield block
        for child in getattr(block, "children", None) or []:
            yield from walk(child)

    with gr.Blocks(), gr.Tabs():
        tabs = {}
        for task in registry.TASKS:
            with gr.Tab(task.id) as tab:
                tabs[task.id] = (tab, importlib.import_module(task.tab).build(engine))
    missing, seen = [], set()
    for task, (tab, built) in tabs.items():
        keeps = built.keeps or Kept([], lambda data, lang: {})
        for c in walk(tab):
            if not isinstance(c, gr.Dropdown | gr.Radio | gr.File) or c.interactive is False:
                continue
            key = (task, getattr(c.label, "key", str(c.label)))
            seen.add(key)
            picked = any(c is p for p in keeps.picks.values())
            restored = any(c is o for o in keeps.outputs)
            by_page = isinstance(c, gr.Radio) and bool(c.elem_id)
            if isinstance(c, gr.Radio) and not (picked or by_page):
                missing.append(key)  # a restored run's radio alone would lose a choice made after the run
            elif not (picked or restored or by_page or key in elsewhere):
                missing.append(key)
    assert not missing, missing
    assert elsewhere <= seen  # (each exception still names a control that exists)


def test_a_sentiment_file_comes_back_before_any_run_with_the_columns_picked(engine, nsmc_path, tmp_path) -> None:
    """An uploaded file and its column picks come back without a run; a file taken out of its box does not."""
    with gr.Blocks():
        built = sentiment.build(engine)
        ui = sentiment.layout(engine)
    keeps = {"sentiment": built.keeps}
    box = next(c for c in built.keeps.outputs if getattr(c.label, "key", "") == "sentiment.or_file")
    text_picker, label_picker = (c for c in built.keeps.outputs
                                 if getattr(c.label, "key", "") in ("sentiment.text_column",
                                                                    "sentiment.label_column"))
    rows = tmp_path / "reviews.tsv"
    rows.write_text("".join(nsmc_path.read_text(encoding="utf-8").splitlines(keepends=True)[:11]), encoding="utf-8")
    old = page("en")
    picked = sentiment.pick_columns(str(rows), request=old, ui=ui)
    assert (picked[ui.text_column].value, picked[ui.label_column].value) == ("document", "label")  # guessed
    sentiment.keep_columns(str(rows), "id", sentiment.NO_LABEL, request=old)  # the student's picks
    updates = handover.restored(keeps, object(), handover.hand_over(old), new := page("ko"))
    assert updates[box] == str(rows)
    assert (updates[text_picker].value, updates[label_picker].value) == ("id", sentiment.NO_LABEL)
    sentiment.pick_columns(None, request=new, ui=ui)  # taken out of its box
    again = handover.restored(keeps, object(), handover.hand_over(new), page("en"))
    assert box not in again


def test_a_hub_tables_columns_and_the_data_license_come_back_without_asking_the_hub(engine, monkeypatch) -> None:
    from playground.data import hub_viewer
    from tabs import train as train_tab

    asked: list[str] = []

    def hub_info(dataset: str) -> SimpleNamespace:
        asked.append(dataset)
        return SimpleNamespace(columns=[SimpleNamespace(name=n) for n in ("id", "review", "stars")])

    monkeypatch.setattr(hub_viewer, "hub_info", hub_info)
    with gr.Blocks():
        built = train_tab.build(engine)
    keeps = {"train": built.keeps}
    text_picker, label_picker = built.keeps.outputs[-2:]
    old = page("en")
    text, label = train_tab.pick_hub_columns(" someone/reviews ", request=old)
    assert text.choices == [(n, n) for n in ("id", "review", "stars")]
    train_tab.keep_columns("hub", None, None, "review", "stars", "someone/reviews", request=old)
    handover.keep_pick(old, "train", "data_license", "cc-by-4.0")
    updates = handover.restored(keeps, object(), handover.hand_over(old), new := page("ko"))
    assert (updates[text_picker].value, updates[label_picker].value) == ("review", "stars")
    assert updates[built.keeps.picks["data_license"]] == "cc-by-4.0"
    assert asked == ["someone/reviews"]  # once, before the switch
    # a pick for an id the Hub was not asked about is no pick of these columns
    train_tab.keep_columns("hub", None, None, "id", "id", "someone/else", request=new)
    assert handover.kept(new, "train")["data"]["path"] == "someone/reviews"


def test_a_swap_comes_back_as_the_page_showed_it(engine) -> None:
    """⇄ after a run turns From / To and the two texts around: the switch puts the turned languages and the result
    box's text back (the box's text is the student's: page.js); a later run is drawn again, not the swap."""
    with gr.Blocks():
        built = translate.build(engine)
    keeps = {"translate": built.keeps}
    result_box, details_box, _, _, source, target, _ = built.keeps.outputs
    old = page("en")
    translated, *_ = translate.translate_text(engine, "오늘은 날씨가 정말 좋네요.", "ko", "en", "auto", request=old)
    shown = translate.swap_languages("ko", "en", "오늘은 날씨가 정말 좋네요.", translated, "ko", request=old)
    assert shown[:4] == ("en", "ko", translated, "오늘은 날씨가 정말 좋네요.")
    updates = handover.restored(keeps, object(), handover.hand_over(old), new := page("ko"))
    assert (updates[source], updates[target]) == ("en", "ko")
    assert updates[result_box] == "오늘은 날씨가 정말 좋네요." and updates[details_box] == "**영어 → 한국어**"
    again, *_ = translate.translate_text(engine, translated, "en", "ko", "auto", request=new)
    updates = handover.restored(keeps, object(), handover.hand_over(new), page("en"))
    assert updates[result_box] == again and (updates[source], updates[target]) == ("en", "ko")
