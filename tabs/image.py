"""The Image tab: a prompt → a gallery of PNGs that remember their settings; seeds, steps, sizes; a real Stop.

API: ``/generate_image`` (prompt, negative_prompt="", model=default, steps=None, guidance=None, width=None,
height=None, num_images=1, seed=0, randomize_seed=True) → (PNG files, the seed used, notes). ``None`` means the
model's recommended value.
"""

from __future__ import annotations

import importlib.util
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import gradio as gr

from playground import limits
from playground.classroom.untrusted import md_literal
from playground.engine import Engine
from playground.errors import PlaygroundError
from playground.tasks import image, image_png
from playground.text import dominant_script

from .common import SessionStops, code_panel, model_card, progress_callback, reports_errors, resource
from .i18n import t

TASK = "image"
EXAMPLES = [
    "A cute corgi astronaut floating in space, digital art",
    "A cozy library with tall windows on a rainy day, warm light, watercolor",
    "한복을 입은 고양이가 경복궁 앞에 서 있는 수채화",
    "밤하늘의 은하수 아래에서 캠핑하는 아이들, 동화책 그림",
]
FOLDER = "playground-images"

# Each note in both languages (the page shows both: a student may have switched the UI language).
NOTES = {
    "size_adjusted": (
        "Size {asked} → {used}: this model takes multiples of {multiple} px from {min} to {max}.",
        "크기 {asked} → {used}: 이 모델은 {min}~{max} px 사이의 {multiple}의 배수만 받습니다.",
    ),
    "guidance_ignored": (
        "This model ignores guidance; it ran with {used}.",
        "이 모델은 가이던스를 쓰지 않아 {used}(으)로 실행했습니다.",
    ),
    "negative_ignored": (
        "The negative prompt was not used: it only acts with guidance above 1 (here {guidance}).",
        "네거티브 프롬프트는 쓰이지 않았습니다. 가이던스가 1보다 클 때만 작동합니다 (지금 {guidance}).",
    ),
    "prompt_truncated": (
        "The prompt is {tokens} tokens; the model reads only the first {window}. Ignored: “{ignored}”",
        "프롬프트가 {tokens} 토큰이라 모델은 앞의 {window} 토큰만 읽었습니다. 무시된 부분: “{ignored}”",
    ),
    "withheld": (
        "The model's safety checker withheld {count} image(s).",
        "모델의 안전 검사기가 이미지 {count}장을 가렸습니다.",
    ),
    "stopped": (
        "Stopped: {done} of {asked} image(s) finished.",
        "정지했습니다: {asked}장 중 {done}장을 완성했습니다.",
    ),
}
KOREAN_TIP = ("ℹ️ Most image models understand English best: a Korean prompt may be misread. "
              "· 대부분의 이미지 모델은 영어를 가장 잘 이해합니다. 한국어 프롬프트는 잘못 이해될 수 있어요.")

# One stop switch per browser session: Stop ends only this student's job.
STOPS = SessionStops()


def translation_available(engine: Engine) -> bool:
    """The Translate tab's engine is installed and its catalog offers a model."""
    return importlib.util.find_spec("playground.tasks.translate") is not None and bool(engine.choices("translate"))


def build(engine: Engine) -> gr.Textbox:
    """Draw the tab inside the current ``gr.Tab`` and wire its events; returns the prompt box."""
    choices = [(f"{e.name} · {e.license}", e.id) for e in engine.catalog.entries(TASK)
               if e.id in engine.choices(TASK) and not (image.Recipe.of(e).gpu_only and engine.placement.device
                                                       == "cpu")]
    default_model = engine.default_choice(TASK) or (choices[0][1] if choices else "")
    r = image.recipe(engine, default_model)
    can_translate = translation_available(engine)

    gr.Markdown(t("image.intro"))
    with gr.Row():
        model = gr.Dropdown(choices=choices, value=default_model, label=t("common.model"), allow_custom_value=True,
                            scale=3)
        card = gr.Markdown(model_card(engine, TASK, default_model))
    with gr.Row():
        with gr.Column(scale=2):
            prompt = gr.Textbox(label=t("image.prompt"), placeholder=t("image.prompt_placeholder"), lines=2,
                                max_lines=6, max_length=limits.IMAGE_MAX_PROMPT_CHARS)
            korean_tip = gr.Markdown(KOREAN_TIP, visible=False)
            translate = gr.Button(t("image.translate"), size="sm", visible=False)
            with gr.Row():
                run = gr.Button(t("image.generate"), variant="primary")
                stop = gr.Button(t("common.stop"), variant="stop")
            with gr.Accordion(t("image.settings"), open=False):
                negative = gr.Textbox(label=t("image.negative"), placeholder=t("image.negative_placeholder"),
                                      max_length=limits.IMAGE_MAX_NEGATIVE_CHARS, visible=r.uses_negative_prompt)
                with gr.Row():
                    steps = gr.Slider(1, r.max_steps, value=r.steps, step=1, label=t("image.steps"))
                    guidance = gr.Slider(0, max(r.max_guidance, 1.0), value=r.guidance, step=0.1,
                                         label=t("image.guidance"), visible=r.uses_guidance)
                with gr.Row():
                    width = gr.Slider(r.min_side, r.max_side, value=r.width, step=r.multiple, label=t("image.width"))
                    height = gr.Slider(r.min_side, r.max_side, value=r.height, step=r.multiple,
                                       label=t("image.height"))
                count = gr.Slider(1, limits.IMAGE_MAX_IMAGES, value=1, step=1, label=t("image.num_images"))
                with gr.Row():
                    seed = gr.Number(0, label=t("image.seed"), precision=0, minimum=0, maximum=image.MAX_SEED)
                    randomize = gr.Checkbox(True, label=t("image.randomize"))
            with gr.Accordion(t("image.reuse"), open=False):
                png = gr.File(label=t("image.reuse_file"), file_types=[".png"], type="filepath")
        with gr.Column(scale=3):
            gallery = gr.Gallery(label=t("image.gallery"), format="png", columns=2, height=420, type="filepath",
                                 interactive=False, buttons=["download", "fullscreen"])
            notes = gr.Markdown()
    gr.Examples(EXAMPLES, inputs=[prompt], label=t("common.examples"))
    first, _ = image.check_inputs(engine, EXAMPLES[0], model=default_model, randomize_seed=False)
    code = code_panel(image.code_snippet(engine, first))
    settings = [negative, model, steps, guidance, width, height, count, seed, randomize]

    # -- handlers ---------------------------------------------------------------------------------------
    @reports_errors
    def generate(text: str, negative_text: str, model_id: str, n_steps: float, scale: float, w: float, h: float,
                 n: float, seed_value: float, random_seed: bool, progress: gr.Progress = gr.Progress(),
                 request: gr.Request = None) -> tuple[Any, ...]:
        checked, found = image.check_inputs(engine, text, negative_text, model_id, n_steps, scale, w, h, n,
                                            seed_value if seed_value is not None else 0, random_seed)
        stop_event = STOPS.start(request)
        try:
            result = image.generate(engine, checked, found, stop=stop_event, progress=progress_callback(progress))
        finally:
            STOPS.release(request, stop_event)
        paths = write_pngs(result)
        shown = [(str(path), f"seed {s}") for path, s in zip(paths, result.seeds, strict=True)]
        return shown, checked.seed, notes_text(result), image.code_snippet(engine, checked)


    @reports_errors(action=False)
    def apply_recipe(model_id: str) -> tuple[Any, ...]:
        """A model was picked: its recommended steps, guidance and size, and its limits on the sliders."""
        return _recipe_updates(image.recipe(engine, model_id))

    @reports_errors(action=False)
    def reuse(path: str | None, model_id: str) -> tuple[Any, ...]:
        """Fill every setting from a PNG made here (the seed too, with "random seed" switched off)."""
        if not path:
            return (gr.skip(),) * 10
        stored = image_png.read_settings(path)
        found = ""
        try:
            r_png = image.recipe(engine, stored["model"])
            model_id = stored["model"]
        except PlaygroundError:
            r_png = image.recipe(engine, model_id)
            asked, kept = md_literal(stored["model"]), md_literal(model_id)  # read from a file: shown, never run
            found = (f"ℹ️ {asked} is not in this playground's catalog: kept {kept}. "
                     f"· {asked} 모델은 이 카탈로그에 없어 {kept} 모델을 그대로 씁니다.")
        r_png = r_png.with_size(stored["width"], stored["height"])
        updates = _recipe_updates(r_png, steps=stored["steps"], guidance=stored["guidance"])
        return (stored["prompt"], model_id, *updates[:-1], gr.update(value=stored["negative_prompt"],
                visible=r_png.uses_negative_prompt), stored["seed"], False, found or "✅ Settings loaded · 설정을 "
                "불러왔습니다")

    def korean(text: str) -> tuple[Any, Any]:
        is_korean = bool(text and text.strip()) and dominant_script(text) == "ko"
        return gr.update(visible=is_korean), gr.update(visible=is_korean and can_translate)

    @reports_errors
    def to_english(text: str, progress: gr.Progress = gr.Progress()) -> str:
        from playground.tasks import translate as translation

        return translation.translate(engine, text, source="ko", target="en",
                                     progress=progress_callback(progress)).text

    @reports_errors
    def api_generate(prompt: str, negative_prompt: str = "", model: str = default_model, steps: int | None = None,
                     guidance: float | None = None, width: int | None = None, height: int | None = None,
                     num_images: int = 1, seed: int = 0, randomize_seed: bool = True) -> tuple[list, int, str]:
        """Generate images; returns (PNG files with their settings in the metadata, the seed used, notes)."""
        checked, found = image.check_inputs(engine, prompt, negative_prompt, model, steps, guidance, width, height,
                                            num_images, seed, randomize_seed)
        result = image.generate(engine, checked, found)
        files = [{"path": str(path), "orig_name": path.name, "mime_type": "image/png",
                  "meta": {"_type": "gradio.FileData"}} for path in write_pngs(result)]
        return files, checked.seed, notes_text(result)

    # -- events: the main action is an API endpoint (gr.api, below); helpers stay out of the API --------------
    job = gr.on([run.click, prompt.submit], generate, inputs=[prompt, *settings],
                outputs=[gallery, seed, notes, code], api_visibility="private", **resource(TASK))
    stop.click(STOPS.stop, None, None, cancels=[job], api_visibility="private", queue=False)
    model.input(apply_recipe, model, [steps, guidance, width, height, negative], api_visibility="private",
                queue=False)
    model.change(lambda m: model_card(engine, TASK, m), model, card, api_visibility="private", queue=False)
    png.upload(reuse, [png, model], [prompt, model, steps, guidance, width, height, negative, seed, randomize,
                                     notes], api_visibility="private", queue=False)
    prompt.change(korean, prompt, [korean_tip, translate], api_visibility="private", queue=False)
    if can_translate:
        translate.click(to_english, prompt, prompt, api_visibility="private", **resource("translate"))
    gr.api(api_generate, api_name="generate_image", **resource(TASK))
    return prompt


def _recipe_updates(r: image.Recipe, steps: int | None = None, guidance: float | None = None) -> tuple[Any, ...]:
    """Slider limits and values for a recipe: steps, guidance, width, height, then the negative prompt."""
    return (
        gr.update(maximum=r.max_steps, value=min(steps or r.steps, r.max_steps)),
        gr.update(maximum=max(r.max_guidance, 1.0), value=r.guidance if guidance is None else guidance,
                  visible=r.uses_guidance),
        gr.update(minimum=r.min_side, maximum=r.max_side, step=r.multiple, value=r.width),
        gr.update(minimum=r.min_side, maximum=r.max_side, step=r.multiple, value=r.height),
        gr.update(visible=r.uses_negative_prompt),
    )


def notes_text(result: image.ImageResult) -> str:
    """The seed used and every note, each in English and Korean."""
    first = result.seeds[0] if result.seeds else result.settings.seed
    lines = [f"**Seed · 시드: {first}**" + (" (+1 per image · 이미지마다 +1)" if len(result.seeds) > 1 else "")]
    for note in result.notes:
        en, ko = NOTES[note.kind]
        lines.append(f"ℹ️ {en.format(**note.params)} · {ko.format(**note.params)}")
    return "  \n".join(lines)


def write_pngs(result: image.ImageResult) -> list[Path]:
    """Save each image as a PNG with its settings in the metadata; files older than an hour are removed."""
    root = Path(tempfile.gettempdir()) / FOLDER
    root.mkdir(exist_ok=True)
    cutoff = time.time() - limits.IMAGE_KEEP_FILES_S
    for old in root.glob("*/*.png"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
            if not any(old.parent.iterdir()):
                old.parent.rmdir()
    folder = root / uuid.uuid4().hex
    folder.mkdir()
    return [image_png.save_png(picture, result.settings.for_image(seed), folder / f"playground-{seed}.png")
            for picture, seed in zip(result.images, result.seeds, strict=True)]
