"""The Image tab through the API, as students' scripts call it with gradio_client."""

from __future__ import annotations

import gradio as gr
import numpy as np
import pytest
from gradio_client.exceptions import AppError
from PIL import Image

from playground import limits
from playground.tasks import image_png

MODEL = "tiny/text-to-image"
TURBO = "tiny/text-to-image-turbo"
PROMPT = "a lighthouse at sunset, oil painting"


def pixels(path: str) -> np.ndarray:
    with Image.open(path) as picture:
        return np.asarray(picture.convert("RGB"), dtype=np.int16)


def generate(client, prompt: str = PROMPT, **kwargs):
    return client.predict(prompt, api_name="/generate_image", **kwargs)


def test_the_endpoint_has_the_prompt_first_and_defaults_for_the_rest(client) -> None:
    api = client.view_api(print_info=False, return_format="dict")
    params = api["named_endpoints"]["/generate_image"]["parameters"]
    names = [p["parameter_name"] for p in params]
    assert names == ["prompt", "negative_prompt", "model", "steps", "guidance", "width", "height", "num_images",
                     "seed", "randomize_seed"]
    assert not params[0]["parameter_has_default"] and all(p["parameter_has_default"] for p in params[1:])
    defaults = {p["parameter_name"]: p["parameter_default"] for p in params}
    assert defaults["model"] == MODEL and defaults["steps"] is None and defaults["randomize_seed"] is True


def test_images_come_back_as_pngs_with_their_settings(client) -> None:
    files, seed, notes = generate(client, model=MODEL, num_images=2, seed=1234, randomize_seed=False)
    assert seed == 1234 and len(files) == 2 and "Seed · 시드: 1234" in notes
    stored = [image_png.read_settings(f) for f in files]
    assert [s["seed"] for s in stored] == [1234, 1235]
    assert stored[0] == {"model": MODEL, "prompt": PROMPT, "negative_prompt": "", "steps": 2, "guidance": 5.0,
                         "width": 64, "height": 64, "seed": 1234}
    with Image.open(files[0]) as picture:
        assert picture.format == "PNG" and picture.size == (64, 64)


def test_same_seed_same_pixels_different_seed_different(client) -> None:
    (a,), _, _ = generate(client, model=TURBO, seed=7, randomize_seed=False)
    (b,), _, _ = generate(client, model=TURBO, seed=7, randomize_seed=False)
    (c,), _, _ = generate(client, model=TURBO, seed=8, randomize_seed=False)
    assert np.array_equal(pixels(a), pixels(b))
    assert not np.array_equal(pixels(a), pixels(c))


def test_a_random_seed_is_reported_and_reproduces_the_image(client) -> None:
    (first,), seed, _ = generate(client, model=TURBO)
    assert 0 <= seed <= limits.IMAGE_MAX_SEED
    (again,), same, _ = generate(client, model=TURBO, seed=seed, randomize_seed=False)
    assert same == seed and np.array_equal(pixels(first), pixels(again))


def test_sizes_are_clamped_with_a_note(client) -> None:
    (path,), _, notes = generate(client, model=MODEL, width=1000, height=50, seed=1, randomize_seed=False)
    with Image.open(path) as picture:
        assert picture.size == (128, 48)
    assert "Size 1000×50 → 128×48" in notes and "크기" in notes


BAD = [
    ({"steps": 0}, "steps must be between 1 and 8"),
    ({"steps": 500}, "steps must be between 1 and 8"),
    ({"guidance": 99}, "guidance must be between 0 and 10.0"),
    ({"num_images": 5}, "num_images must be between 1 and 4"),
    ({"num_images": 0}, "num_images must be between 1 and 4"),
    ({"seed": -5, "randomize_seed": False}, "seed must be between 0 and"),
    ({"model": "evil/model"}, "is not in this playground's catalog"),
    ({"model": "../../etc/passwd"}, "is not in this playground's catalog"),
]


@pytest.mark.parametrize(("kwargs", "message"), BAD)
def test_out_of_range_settings_get_a_clear_message_and_the_next_request_works(client, kwargs: dict,
                                                                              message: str) -> None:
    with pytest.raises(AppError) as caught:
        generate(client, **kwargs)
    text = str(caught.value)
    assert message in text and "Traceback" not in text
    assert any("\uac00" <= ch <= "\ud7a3" for ch in text)  # the Korean line is there too
    files, _, _ = generate(client, model=TURBO)
    assert len(files) == 1


@pytest.mark.parametrize(("prompt", "message"), [("", "The text is empty"), ("a" * 5000, "the limit is 2,000"),
                                                 ("a naked person", "safety filter"), ("알몸 사진", "safety filter")])
def test_bad_prompts_are_refused(client, prompt: str, message: str) -> None:
    with pytest.raises(AppError, match=message):
        generate(client, prompt)
    assert generate(client, "한복을 입은 고양이", model=TURBO)[0]


def test_a_model_that_ignores_guidance_says_so(client) -> None:
    _, _, notes = generate(client, model=TURBO, guidance=7, negative_prompt="blurry")
    assert "ignores guidance" in notes and "negative prompt was not used" in notes


def test_html_in_a_prompt_is_just_text(client) -> None:
    files, _, notes = generate(client, "<img src=x onerror=alert(1)> a cat", model=TURBO)
    assert image_png.read_settings(files[0])["prompt"] == "<img src=x onerror=alert(1)> a cat"


@pytest.mark.parametrize("lang", ["en", "ko", None])
def test_the_long_prompt_note_quotes_the_ignored_text_once(lang) -> None:
    """The note named the ignored part of the prompt twice (once per language); now once, in every
    language the note is written in, and as text (no Markdown of its own)."""
    from playground.tasks.image import Note
    from tabs.image import note_text

    note = Note("prompt_truncated", {"tokens": 90, "window": 77, "ignored": "under a *golden* moon"})
    text = note_text(note, lang)
    assert text.count("golden") == 1 and "*golden*" not in text
    assert ("77" in text) and (("Ignored" in text) == (lang != "ko")) and (("무시된" in text) == (lang != "en"))


# -- reuse a PNG's settings: outputs by component, not by position -------------------------------------------------
def _event(demo, name: str):
    return next(fn for fn in demo.fns.values() if fn.name == name)


def _labels(block_fn) -> dict[str, object]:
    """An event's outputs by the key of their label (``tabs.i18n.t``; "" for none)."""
    return {getattr(component.label, "key", ""): component for component in block_fn.outputs}


def test_reusing_a_png_sets_each_named_setting_to_its_stored_value(app_demo, tmp_path) -> None:
    """``reuse`` answers {component: value}: each setting the PNG stored lands in the component that shows it,
    whatever order the wiring lists its outputs in (Gradio 6.31 matches a dict's keys against ``outputs``)."""
    from conftest import run_async

    stored = {"model": MODEL, "prompt": "a paper boat on a river", "negative_prompt": "fog", "seed": 4242,
              "steps": 5, "guidance": 3.5, "width": 96, "height": 64}
    path = image_png.save_png(Image.new("RGB", (8, 8)), stored, tmp_path / "boat.png")
    reuse = _event(app_demo, "reuse")
    answer = reuse.fn(str(path), TURBO)
    by_label = _labels(reuse)
    named = {label: answer[component] for label, component in by_label.items()}
    assert set(answer) == set(reuse.outputs)  # every output named, once
    assert named["image.prompt"] == stored["prompt"] and named["common.model"] == MODEL
    assert named["image.seed"] == 4242 and named["image.randomize"] is False
    assert "✅" in named[""]  # the notes (no label): "Settings loaded"
    assert named["image.steps"]["value"] == 5 and named["image.guidance"]["value"] == 3.5
    assert named["image.width"]["value"] == 96 and named["image.height"]["value"] == 64
    assert named["image.negative"]["value"] == "fog"
    # Gradio puts each value in its output's place
    shown = run_async(app_demo.postprocess_data(reuse, answer, None))
    assert shown[reuse.outputs.index(by_label["image.prompt"])] == stored["prompt"]
    assert shown[reuse.outputs.index(by_label["image.seed"])] == 4242
    # no file: nothing changes (one skip for every output)
    nothing = reuse.fn(None, MODEL)
    assert all(value == {"__type__": "update"} for value in run_async(app_demo.postprocess_data(reuse, nothing, None)))


def test_the_picker_showing_a_model_sets_its_limits_but_not_the_values(app_demo) -> None:
    """The picker's change event follows every value it shows (a student's pick, a restored run, a reused PNG, the
    language switch's pick): the card and the model's limits and settings used, never the values (a student's
    pick, the input event, sets the recommended ones: ``apply_recipe``)."""
    show = next(fn for fn in app_demo.fns.values()
                if fn.name == "show_model" and "image.steps" in _labels(fn))  # (each tab has its own)
    answer = show.fn(TURBO)
    by_label = _labels(show)
    assert set(answer) == set(show.outputs)
    named = {label: answer[component] for label, component in by_label.items()}
    assert named["image.steps"] == {"__type__": "update", "maximum": 4}
    assert named["image.guidance"]["visible"] is False and named["image.negative"]["visible"] is False
    assert named["image.width"]["maximum"] == 128 and named["image.width"]["step"] == 16
    assert not any("value" in update for label, update in named.items() if label)
    assert "Tiny text-to-image (turbo-style)" in named[""]  # the card
    assert show.fn(MODEL)[by_label["image.guidance"]]["visible"] is True
    with pytest.raises(gr.Error, match="not in this playground's catalog"):  # a note under the picker
        show.fn("someone/else")


def test_picking_a_model_sets_its_recipe_by_component(app_demo) -> None:
    apply = _event(app_demo, "apply_recipe")
    answer = apply.fn(MODEL)
    assert set(answer) == set(apply.outputs)
    assert {c.label.key for c in answer} == {"image.steps", "image.guidance", "image.width", "image.height",
                                             "image.negative"}
