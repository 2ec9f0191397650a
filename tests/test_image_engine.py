"""The image engine on the tiny diffusion pipeline: checks, determinism, stop, safety, PNG metadata, the code panel."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np
import pytest

from conftest import with_local_folders
from playground import limits
from playground.errors import BadInput, OutOfMemory, PlaygroundError
from playground.tasks import image, image_png, image_safety

MODEL = "tiny/text-to-image"  # guidance and negative prompt used (like SD 1.x)
TURBO = "tiny/text-to-image-turbo"  # the same weights; guidance ignored (like sd-turbo)
PROMPT = "a watercolor fox in the snow"


def pixels(picture) -> np.ndarray:
    return np.asarray(picture, dtype=np.int16)


def run(engine, prompt: str = PROMPT, **kwargs) -> image.ImageResult:
    kwargs.setdefault("randomize_seed", False)
    settings, notes = image.check_inputs(engine, prompt, **kwargs)
    return image.generate(engine, settings, notes)


# -- determinism ---------------------------------------------------------------------------------------------
def test_same_seed_same_pixels_and_different_seeds_differ(engine) -> None:
    a = run(engine, model=MODEL, seed=123)
    b = run(engine, model=MODEL, seed=123)
    c = run(engine, model=MODEL, seed=124)
    assert a.images[0].size == (64, 64) and a.images[0].mode == "RGB"
    assert np.array_equal(pixels(a.images[0]), pixels(b.images[0]))
    assert np.abs(pixels(a.images[0]) - pixels(c.images[0])).mean() > 1.0
    assert a.seeds == [123] and a.steps_run == 2  # the recommended steps of the catalog entry


def test_image_i_uses_seed_plus_i_and_is_reproducible_alone(engine) -> None:
    three = run(engine, model=TURBO, seed=40, num_images=3)
    assert three.seeds == [40, 41, 42] and len(three.images) == 3
    alone = run(engine, model=TURBO, seed=42)
    assert np.array_equal(pixels(three.images[2]), pixels(alone.images[0]))


def test_the_last_seed_wraps_around() -> None:
    settings = image.Settings("m", "p", "", 1, 0.0, 64, 64, 3, image.MAX_SEED)
    assert settings.seeds == [image.MAX_SEED, 0, 1]


def test_randomize_picks_a_seed_in_range_and_reports_it(engine) -> None:
    seeds = {image.check_inputs(engine, PROMPT, model=MODEL, seed=5, randomize_seed=True)[0].seed for _ in range(5)}
    assert all(0 <= s <= image.MAX_SEED for s in seeds) and len(seeds) > 1
    assert image.check_inputs(engine, PROMPT, model=MODEL, seed=5, randomize_seed=False)[0].seed == 5


# -- checks --------------------------------------------------------------------------------------------------
def test_none_means_the_models_recommended_settings(engine) -> None:
    settings, notes = image.check_inputs(engine, PROMPT, model=TURBO, randomize_seed=False)
    assert (settings.steps, settings.guidance, settings.width, settings.height) == (1, 0.0, 64, 64)
    assert notes == []
    settings, _ = image.check_inputs(engine, PROMPT, model=MODEL, randomize_seed=False)
    assert (settings.steps, settings.guidance) == (2, 5.0)


def test_sizes_are_rounded_to_the_multiple_and_clamped_with_a_note(engine) -> None:
    settings, notes = image.check_inputs(engine, PROMPT, model=MODEL, width=70, height=5000)
    assert (settings.width, settings.height) == (64, 128)
    assert [n.kind for n in notes] == ["size_adjusted"]
    assert notes[0].params["used"] == "64×128" and notes[0].params["asked"] == "70×5000"
    settings, _ = image.check_inputs(engine, PROMPT, model=MODEL, width=1, height=40)
    assert (settings.width, settings.height) == (32, 48)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"steps": 0}, "steps must be between 1 and 8"),
        ({"steps": 9}, "steps must be between 1 and 8"),
        ({"steps": 2.5}, "steps must be between 1 and 8"),
        ({"steps": "many"}, "steps must be a number"),
        ({"guidance": 10.5}, "guidance must be between 0 and 10.0"),
        ({"guidance": -1}, "guidance must be between 0 and 10.0"),
        ({"guidance": float("nan")}, "guidance must be between"),
        ({"num_images": 0}, "num_images must be between 1 and 4"),
        ({"num_images": 5}, "num_images must be between 1 and 4"),
        ({"seed": -1}, f"seed must be between 0 and {limits.IMAGE_MAX_SEED}"),
        ({"seed": 2**40}, "seed must be between"),
        ({"width": "wide"}, "width must be a number"),
        ({"width": True}, "width must be a number"),
        ({"model": "evil/model"}, "is not in this playground's catalog"),
        ({"randomize_seed": "maybe"}, "randomize_seed must be one of"),
        ({"negative_prompt": 5}, "Expected text"),
        ({"negative_prompt": "x" * (limits.IMAGE_MAX_NEGATIVE_CHARS + 1)}, "the limit is 1,000"),
    ],
)
def test_out_of_range_settings_are_refused_with_a_clear_message(engine, kwargs: dict, message: str) -> None:
    kwargs = {"model": MODEL, "randomize_seed": False, **kwargs}
    with pytest.raises(PlaygroundError) as caught:
        image.check_inputs(engine, PROMPT, **kwargs)
    assert message in caught.value.message("en")
    assert caught.value.message("ko") != caught.value.message("en")


@pytest.mark.parametrize("prompt", ["", "   ", None, "\x00\x01", "가" * (limits.IMAGE_MAX_PROMPT_CHARS + 1)])
def test_a_bad_prompt_is_refused(engine, prompt: object) -> None:
    with pytest.raises(BadInput):
        image.check_inputs(engine, prompt, model=MODEL)


def test_a_model_that_ignores_guidance_says_so_and_drops_the_negative_prompt(engine) -> None:
    settings, notes = image.check_inputs(engine, PROMPT, "blurry", model=TURBO, guidance=7.5)
    assert settings.guidance == 0.0 and settings.negative_prompt == ""
    assert {n.kind for n in notes} == {"guidance_ignored", "negative_ignored"}
    settings, notes = image.check_inputs(engine, PROMPT, "blurry", model=MODEL, guidance=7.5)
    assert settings.negative_prompt == "blurry" and notes == []


def test_the_negative_prompt_changes_the_image(engine) -> None:
    plain = run(engine, model=MODEL, seed=9)
    negative = run(engine, negative_prompt="snow, winter", model=MODEL, seed=9)
    assert not np.array_equal(pixels(plain.images[0]), pixels(negative.images[0]))


def test_a_gpu_only_model_is_refused_on_a_cpu(tiny_catalog_path: Path) -> None:
    import yaml

    from playground.catalog import parse_catalog
    from playground.device import detect
    from playground.engine import Engine

    raw = yaml.safe_load(tiny_catalog_path.read_text(encoding="utf-8"))
    raw = {"version": 1, "tasks": {"image": raw["tasks"]["image"]}}
    raw["tasks"]["image"]["models"][1]["options"]["gpu_only"] = True
    engine = Engine(parse_catalog(raw, tiny_catalog_path), detect("cpu"))
    with pytest.raises(BadInput, match="needs a GPU.*Choose Tiny text-to-image instead"):
        image.check_inputs(engine, PROMPT, model=TURBO)


def test_a_prompt_longer_than_the_text_encoders_window_gets_a_note(engine) -> None:
    long = "a fox " * 40  # the tiny CLIP tokenizer has no merges: one token per character
    result = run(engine, long, model=TURBO, seed=1)
    note = next(n for n in result.notes if n.kind == "prompt_truncated")
    assert note.params["window"] == 77 and note.params["tokens"] > 77
    assert note.params["ignored"] and long.strip().endswith(note.params["ignored"][-10:])
    assert not any(n.kind == "prompt_truncated" for n in run(engine, "a fox", model=TURBO, seed=1).notes)


# -- progress and stop ---------------------------------------------------------------------------------------
def test_progress_is_reported_for_every_denoising_step(engine) -> None:
    settings, _ = image.check_inputs(engine, PROMPT, model=MODEL, steps=3, num_images=2, randomize_seed=False)
    seen: list[tuple[float | None, str]] = []
    image.generate(engine, settings, progress=lambda fraction, message: seen.append((fraction, message)))
    steps = [m for _, m in seen if "step" in m]
    assert steps == [f"Image {i}/2 · step {s}/3" for i in (1, 2) for s in (1, 2, 3)]
    fractions = [f for f, m in seen if "step" in m]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_stop_ends_the_run_within_one_step_and_the_next_run_works(engine) -> None:
    settings, _ = image.check_inputs(engine, PROMPT, model=MODEL, steps=8, num_images=3, randomize_seed=False)
    stop = threading.Event()

    def press_stop(fraction: float | None, message: str) -> None:
        if "step 2/8" in message:
            stop.set()  # as the Stop button does, from another thread, while step 2 has just finished

    result = image.generate(engine, settings, stop=stop, progress=press_stop)
    assert result.stopped and result.images == []
    assert result.steps_run == 3  # the step running when Stop was pressed ends, no other starts
    assert any(n.kind == "stopped" for n in result.notes)
    again = image.generate(engine, settings)
    assert len(again.images) == 3 and not again.stopped and again.steps_run == 24


def test_stop_keeps_the_images_already_finished(engine) -> None:
    settings, _ = image.check_inputs(engine, PROMPT, model=MODEL, steps=2, num_images=3, randomize_seed=False)
    stop = threading.Event()
    result = image.generate(engine, settings, stop=stop,
                            progress=lambda f, m: stop.set() if m.startswith("Image 2/3 · step 1") else None)
    assert result.stopped and len(result.images) == 1 and result.seeds == [settings.seed]


# -- classroom safety ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("prompt", ["a NAKED man", "nude beach", "Porn star", "a gory battle", "알몸인 사람",
                                    "야한 그림 그려줘", "마약 대신 필로폰", "swastika flag"])
def test_the_prompt_filter_blocks_in_english_and_korean(engine, prompt: str) -> None:
    with pytest.raises(BadInput) as caught:
        image.check_inputs(engine, prompt, model=MODEL)
    assert "safety filter" in caught.value.message("en") and "안전 필터" in caught.value.message("ko")


@pytest.mark.parametrize("prompt", ["바나나치즈케이크", "a heroine with a sword", "Essex countryside",
                                    "누드김밥과 마약김밥", "전라도 바다", "sextant on a ship", "고어텍스 재킷"])
def test_the_prompt_filter_leaves_everyday_words_alone(prompt: str) -> None:
    assert image_safety.blocked_terms(prompt) == []


def test_negative_prompts_are_not_filtered_and_the_teacher_can_turn_the_filter_off(engine, monkeypatch) -> None:
    settings, _ = image.check_inputs(engine, PROMPT, "nsfw, nude", model=MODEL)
    assert settings.negative_prompt == "nsfw, nude"
    monkeypatch.setenv(image_safety.SAFETY_ENV, "off")
    assert image.check_inputs(engine, "nude beach", model=MODEL)[0].prompt == "nude beach"


def test_a_teacher_can_add_terms(engine, monkeypatch) -> None:
    monkeypatch.setenv(image_safety.EXTRA_TERMS_ENV, "zombie, 좀비")
    assert image_safety.blocked_terms("A Zombie and 좀비들") == ["zombie", "좀비"]


def _fake_safety_checker(pipe, flags: list[bool]) -> list[int]:
    """A stand-in for StableDiffusionSafetyChecker that flags images in turn (the tiny model ships none)."""
    import torch

    calls: list[int] = []

    class Features(dict):
        def to(self, *args, **kwargs):
            return self

        @property
        def pixel_values(self):
            return torch.zeros(1, 3, 8, 8)

    def checker(images, clip_input):
        calls.append(1)
        return images, [flags[(len(calls) - 1) % len(flags)]]

    pipe.feature_extractor = lambda *a, **k: Features()
    pipe.safety_checker = checker
    return calls


def test_an_image_flagged_by_the_models_safety_checker_is_withheld(engine, monkeypatch) -> None:
    model = engine.model(engine.resolve("image", MODEL))
    calls = _fake_safety_checker(model.pipe, [False, True])
    result = run(engine, model=MODEL, seed=3, num_images=2)
    assert len(calls) == 2 and result.seeds == [3] and result.withheld == 1
    assert any(n.kind == "withheld" and n.params["count"] == 1 for n in result.notes)
    _fake_safety_checker(model.pipe, [True])
    with pytest.raises(BadInput, match="withheld every image"):
        run(engine, model=MODEL, seed=3)
    monkeypatch.setenv(image_safety.SAFETY_ENV, "off")
    calls = _fake_safety_checker(model.pipe, [True])
    assert len(run(engine, model=MODEL, seed=3).images) == 1 and calls == []
    assert model.has_safety_checker  # switched off for the call only


# -- out of memory -------------------------------------------------------------------------------------------
def test_out_of_memory_evicts_the_other_models_and_retries_once(engine, monkeypatch) -> None:
    engine.cache.get("chat:other", lambda: "another model")
    real = image._generate
    calls: list[int] = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return real(*args, **kwargs)

    monkeypatch.setattr(image, "_generate", flaky)
    result = run(engine, model=TURBO, seed=1)
    assert len(result.images) == 1 and len(calls) == 2
    assert "chat:other" not in engine.cache and "image:" + TURBO in engine.cache


def test_out_of_memory_twice_is_a_clear_message(engine, monkeypatch) -> None:
    def always(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(image, "_generate", always)
    with pytest.raises(OutOfMemory, match="Not enough memory to run Tiny text-to-image"):
        run(engine, model=TURBO, seed=1)


def test_zerogpu_slots_grow_with_steps_size_and_count() -> None:
    job = {"steps": 1, "width": 512, "height": 512, "num_images": 1, "gpu_seconds_per_step": 0.5}
    small = image._zerogpu_seconds("k", job, True)
    assert small < image._zerogpu_seconds("k", {**job, "steps": 4}, True)
    assert small < image._zerogpu_seconds("k", {**job, "width": 1024, "height": 1024}, True)
    assert small < image._zerogpu_seconds("k", {**job, "num_images": 4}, True)
    assert image._zerogpu_seconds("k", {**job, "steps": 50, "num_images": 4, "gpu_seconds_per_step": 9}, True) == 120


# -- PNG metadata and the code panel -------------------------------------------------------------------------
def test_png_metadata_round_trip(engine, tmp_path: Path) -> None:
    result = run(engine, "한복을 입은 고양이, watercolor", negative_prompt="blurry", model=MODEL, seed=77, guidance=6.5)
    stored = result.settings.for_image(result.seeds[0])
    path = image_png.save_png(result.images[0], stored, tmp_path / "cat.png")
    assert image_png.read_settings(str(path)) == stored
    assert stored == {"model": MODEL, "prompt": "한복을 입은 고양이, watercolor", "negative_prompt": "blurry",
                      "steps": 2, "guidance": 6.5, "width": 64, "height": 64, "seed": 77}
    from PIL import Image

    with Image.open(path) as reopened:
        assert "Seed: 77" in reopened.info["parameters"]
        assert np.array_equal(pixels(reopened.convert("RGB")), pixels(result.images[0]))  # lossless


def test_reading_settings_refuses_what_is_not_ours(engine, tmp_path: Path) -> None:
    from PIL import Image

    picture = Image.new("RGB", (8, 8), "red")
    picture.save(tmp_path / "photo.jpg")
    picture.save(tmp_path / "plain.png")
    (tmp_path / "fake.png").write_bytes(b"GIF89a not a png")
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_itxt(image_png.CHUNK, '{"model": "x", "seed": "not a number"}')
    picture.save(tmp_path / "wrong.png", pnginfo=info)
    cases = {"photo.jpg": "is not a PNG image", "fake.png": "is not a PNG image", "plain.png": "no playground settings",
             "broken.png": "could not be read", "wrong.png": "could not be read"}
    for name, message in cases.items():
        with pytest.raises(BadInput, match=message):
            image_png.read_settings(str(tmp_path / name))
    with pytest.raises(BadInput) as damaged:  # said in the page's language, not as a Python class name
        image_png.read_settings(str(tmp_path / "broken.png"))
    assert "Error" not in damaged.value.message("en") and "이미지가 손상되었습니다" in damaged.value.message("ko")
    for nothing in (None, "", 42, str(tmp_path / "missing.png")):
        with pytest.raises(BadInput):
            image_png.read_settings(nothing)


def test_the_code_panel_reproduces_the_apps_pixels(engine, tmp_path: Path, monkeypatch) -> None:
    result = run(engine, "a red bicycle", negative_prompt="rain", model=MODEL, seed=2024, steps=3, guidance=4.0,
                 width=48)
    code = image.code_snippet(engine, result.settings)
    assert "AutoPipelineForText2Image.from_pretrained(" in code and "manual_seed(2024)" in code
    assert 'negative_prompt="rain"' in code and "guidance_scale=4.0" in code and "width=48" in code
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(with_local_folders(engine, code), "snippet", "exec"), namespace)  # noqa: S102 - the code the app shows students
    assert np.array_equal(pixels(namespace["image"]), pixels(result.images[0]))
    assert os.path.exists(tmp_path / "image.png")
