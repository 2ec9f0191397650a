"""The Image tab: a prompt → a gallery of PNGs that remember their settings; seeds, steps, sizes; a real Stop.

API: ``/generate_image`` (prompt, negative_prompt="", model=default, steps=None, guidance=None, width=None,
height=None, num_images=1, seed=0, randomize_seed=True) → (PNG files, the seed used, notes). ``None`` means the
model's recommended value.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from playground import limits
from playground.engine import Engine
from playground.errors import PlaygroundError
from playground.tasks import image, image_png
from playground.text import dominant_script, md_escape

from . import handover
from .common import (
    Kept,
    SessionStops,
    Tab,
    code_panel,
    handler,
    model_card,
    model_picker,
    progress_callback,
    resource,
    stop_button,
    with_stop,
)
from .i18n import page_language, say, shown, t
from .tool_docs import model_doc, tool_doc

TASK = "image"
EXAMPLES = [
    "A cute corgi astronaut floating in space, digital art",
    "A cozy library with tall windows on a rainy day, warm light, watercolor",
    "한복을 입은 고양이가 경복궁 앞에 서 있는 수채화",
    "밤하늘의 은하수 아래에서 캠핑하는 아이들, 동화책 그림",
]
STOPS = SessionStops()  # one stop switch per browser session: Stop ends only this student's job

# This tab's CSS (appended to the page's by app.page_css): the Korean tip's row stays compact.
CSS = """
#image-korean-tip-row { align-items: center; gap: 0.5rem; flex-wrap: wrap; }
#image-korean-tip-row > #image-korean-tip { flex: 1 1 16rem; }
#image-korean-tip-row > #image-translate { flex: 0 0 auto; }
#image-korean-tip p { margin: 0; font-size: var(--text-sm); }
"""


def translation_available(engine: Engine) -> bool:
    """The Translate tab's engine is installed and its catalog offers a model."""
    return importlib.util.find_spec("playground.tasks.translate") is not None and bool(engine.choices("translate"))


def runnable_models(engine: Engine) -> list[str]:
    """The catalog's image models this machine can run (a GPU-only model is left out on a CPU)."""
    cpu = engine.placement.device == "cpu"
    return [e.id for e in engine.catalog.entries(TASK)
            if e.id in engine.choices(TASK) and not (image.Recipe.of(e).gpu_only and cpu)]


def default_model(engine: Engine) -> str:
    runnable = runnable_models(engine)
    return engine.default_choice(TASK) or (runnable[0] if runnable else "")


# -- layout ---------------------------------------------------------------------------------------------------
@dataclass
class Layout:
    model: gr.Dropdown
    card: gr.Markdown
    prompt: gr.Textbox
    korean_tip: gr.Markdown
    translate: gr.Button
    run: gr.Button
    stop: gr.Button
    negative: gr.Textbox
    steps: gr.Slider
    guidance: gr.Slider
    width: gr.Slider
    height: gr.Slider
    count: gr.Slider
    seed: gr.Number
    randomize: gr.Checkbox
    png: gr.File
    gallery: gr.Gallery
    notes: gr.Markdown
    code: gr.Code

    @property
    def settings(self) -> list[Any]:
        return [self.negative, self.model, self.steps, self.guidance, self.width, self.height, self.count, self.seed,
                self.randomize]


def layout(engine: Engine) -> Layout:
    """Draw the tab inside the current ``gr.Tab``."""
    first_model = default_model(engine)
    r = image.recipe(engine, first_model)
    gr.Markdown(t("image.intro"))
    with gr.Row(elem_classes="pg-model-row"):
        model = model_picker(engine, TASK, keep=runnable_models(engine).__contains__, scale=3)
        card = gr.Markdown(model_card(engine, TASK, first_model), elem_classes="pg-card")
    with gr.Row():
        with gr.Column(scale=2):
            prompt = gr.Textbox(label=t("image.prompt"), placeholder=t("image.prompt_placeholder"), lines=2,
                                max_lines=6, max_length=limits.IMAGE_MAX_PROMPT_CHARS)
            with gr.Row():
                run = gr.Button(t("image.generate"), variant="primary", elem_id="image-generate")
                stop = stop_button()
            # Below Generate, so that the tip appearing while the student types moves nothing above it.
            with gr.Row(elem_id="image-korean-tip-row"):
                korean_tip = gr.Markdown(f"ℹ️ {shown('image.korean_tip')}", visible=False, elem_id="image-korean-tip")
                translate = gr.Button(t("image.translate"), size="sm", visible=False, min_width=0,
                                      elem_id="image-translate")
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
                                 interactive=False, buttons=["download", "fullscreen"], elem_id="image-output")
            notes = gr.Markdown()
    gr.Examples(EXAMPLES, inputs=[prompt], label=t("common.examples"))
    first, _ = image.check_inputs(engine, EXAMPLES[0], model=first_model, randomize_seed=False)
    code = code_panel(image.code_snippet(engine, first))
    return Layout(model, card, prompt, korean_tip, translate, run, stop, negative, steps, guidance, width, height,
                  count, seed, randomize, png, gallery, notes, code)


# -- handlers: call the engine, format its plain results ------------------------------------------------------
def generate(engine: Engine, prompt: str, negative_prompt: str, model: str, steps: float, guidance: float,
             width: float, height: float, num_images: float, seed: float, randomize_seed: bool,
             progress: gr.Progress = gr.Progress(), request: gr.Request = None) -> tuple[Any, ...]:
    """(the gallery, the seed used, notes, the code that reproduces it)."""
    stop = STOPS.start(request)
    try:
        result = image.run(engine, prompt, negative_prompt, model, steps, guidance, width, height, num_images, seed,
                           randomize_seed, stop=stop, progress=progress_callback(progress))
    finally:
        STOPS.release(request, stop)
    paths = [str(path) for path in write_pngs(result)]
    done = dataclasses.replace(result, images=[])  # what drawing the outputs again needs: no pixels (the PNGs are)
    code = image.code_snippet(engine, result.settings)
    handover.keep(request, TASK, run=done, paths=paths, code=code, model=model, randomize=bool(randomize_seed))
    return *outputs(done, paths, page_language(request)), code


def outputs(result: image.ImageResult, paths: list[str], lang: str | None) -> tuple[Any, int, str]:
    """(the gallery, the seed used, notes) in ``lang``: what the handler shows and the language switch draws
    again. Each image's caption is its seed ("Seed 42" / "시드 42")."""
    word = say("image.seed", lang)
    shown = [(path, f"{word} {s}") for path, s in zip(paths, result.seeds, strict=True)]
    return shown, result.settings.seed, notes_text(result, lang)


def restore(engine: Engine, ui: Layout, data: dict[str, Any], lang: str) -> dict[Any, Any]:
    """The last images drawn again after the language switch (``Tab.keeps``): the same PNGs (this session's own,
    those still on disk) with captions in ``lang``, the seed, notes and code, and the settings they were made with
    (as "reuse these settings" fills them from a PNG); and the PNG whose settings the student reused, back in its
    box while it is on disk. The prompt and the negative prompt are the student's text: page.js puts back what the
    boxes held (a run's would undo what was typed after it)."""
    png = data.get("png")
    shown: dict[Any, Any] = {ui.png: png} if png and Path(png).is_file() else {}
    result: image.ImageResult | None = data.get("run")
    if result is None:
        return shown
    kept = [(path, seed) for path, seed in zip(data["paths"], result.seeds, strict=True) if Path(path).is_file()]
    on_disk = dataclasses.replace(result, seeds=[seed for _, seed in kept])
    gallery, seed, notes = outputs(on_disk, [path for path, _ in kept], lang)
    settings = result.settings
    shown |= {ui.gallery: gallery or None, ui.seed: seed, ui.notes: notes, ui.code: data["code"],
              ui.count: settings.num_images, ui.randomize: data.get("randomize", True)}
    try:
        recipe = image.recipe(engine, data.get("model") or settings.model).with_size(settings.width, settings.height)
    except PlaygroundError:  # a model no longer offered: the settings stay as the page drew them
        return shown
    return {**_recipe_updates(ui, recipe, steps=settings.steps, guidance=settings.guidance), **shown,
            ui.model: data.get("model") or settings.model}


def apply_recipe(engine: Engine, model: str, *, ui: Layout) -> dict[Any, Any]:
    """A model was picked: its recommended steps, guidance and size, and its limits on the sliders (by component:
    ``ui`` is filled in by the wiring, ``handler(..., ui=ui)``)."""
    return _recipe_updates(ui, image.recipe(engine, model))


def show_model(engine: Engine, model: str, request: gr.Request = None, *, ui: Layout) -> dict[Any, Any]:
    """The picker shows a model (the student's pick, a restored run's, a reused PNG's or the language switch's
    pick): its card, and its limits on the sliders and which settings it uses (the values stay: a student's pick
    sets the recommended ones, ``apply_recipe``). A model the catalog does not offer is refused (a note under the
    picker)."""
    recipe = image.recipe(engine, model)  # (refuses a model the catalog does not offer)
    limits_only = {c: gr.update(**update) for c, update in _recipe_limits(ui, recipe).items()}
    return {ui.card: model_card(engine, TASK, model, page_language(request)), **limits_only}


def reuse(engine: Engine, path: str | None, model: str, request: gr.Request = None, *,
          ui: Layout) -> dict[Any, Any]:
    """Fill every setting from a PNG made here (the seed too, with "random seed" switched off): the new value of
    each component, by component (those not named are left as they are; no file changes nothing)."""
    if not path:
        return gr.skip()  # one skip for every output (an empty dict is refused by Gradio 6.31 as too few values)
    lang = page_language(request)
    stored = image_png.read_settings(path)
    handover.keep(request, TASK, png=path)  # back in its box after the language switch
    note = f"✅ {say('image.loaded', lang)}"
    try:
        recipe = image.recipe(engine, stored["model"])
        model = stored["model"]
    except PlaygroundError:
        recipe = image.recipe(engine, model)
        # read from a file: shown as text, never as Markdown
        note = f"ℹ️ {say('image.not_in_catalog', lang, stored=md_escape(stored['model']), kept=md_escape(model))}"
    recipe = recipe.with_size(stored["width"], stored["height"])
    handover.keep_pick(request, TASK, "model", model)  # the model the student chose by reusing the PNG
    return {
        **_recipe_updates(ui, recipe, steps=stored["steps"], guidance=stored["guidance"]),
        ui.prompt: stored["prompt"],
        ui.model: model,
        ui.negative: gr.update(value=stored["negative_prompt"], visible=recipe.uses_negative_prompt),
        ui.seed: stored["seed"],
        ui.randomize: False,
        ui.notes: note,
    }


def forget_png(request: gr.Request = None) -> None:
    """The student took the PNG out of its box: the language switch does not put it back."""
    handover.keep(request, TASK, png=None)


def korean_prompt(engine: Engine, prompt: str) -> tuple[Any, Any]:
    """Show the tip (and the translate button, where Translate runs) while the prompt is mostly Korean."""
    is_korean = bool(prompt and prompt.strip()) and dominant_script(prompt) == "ko"
    return gr.update(visible=is_korean), gr.update(visible=is_korean and translation_available(engine))


def to_english(engine: Engine, prompt: str, progress: gr.Progress = gr.Progress()) -> str:
    from playground.tasks import translate as translation

    return translation.translate(engine, prompt, source="ko", target="en", progress=progress_callback(progress)).text


def api_generate_image(engine: Engine, prompt: str, negative_prompt: str = "", model: str = "",
                       steps: int | None = None, guidance: float | None = None, width: int | None = None,
                       height: int | None = None, num_images: int = 1, seed: int = 0,
                       randomize_seed: bool = True) -> tuple[list, int, str]:
    """Generate images; returns (PNG files with their settings in the metadata, the seed used, notes)."""
    result = image.run(engine, prompt, negative_prompt, model, steps, guidance, width, height, num_images, seed,
                       randomize_seed)
    files = [{"path": str(path), "orig_name": path.name, "mime_type": "image/png",
              "meta": {"_type": "gradio.FileData"}} for path in write_pngs(result)]
    return files, result.settings.seed, notes_text(result, None)


# -- formatting -----------------------------------------------------------------------------------------------
def write_pngs(result: image.ImageResult) -> list[Path]:
    return image_png.write_pngs(result.images, result.seeds, result.settings.for_image)


def _recipe_updates(ui: Layout, r: image.Recipe, steps: int | None = None,
                    guidance: float | None = None) -> dict[Any, Any]:
    """Slider limits and values for a recipe (steps, guidance, width, height) and whether the negative prompt
    shows, by component."""
    limits_only = _recipe_limits(ui, r)
    values = {ui.steps: min(steps or r.steps, r.max_steps), ui.guidance: r.guidance if guidance is None else guidance,
              ui.width: r.width, ui.height: r.height}
    return {c: gr.update(**update, value=values[c]) if c in values else gr.update(**update)
            for c, update in limits_only.items()}


def _recipe_limits(ui: Layout, r: image.Recipe) -> dict[Any, dict[str, Any]]:
    """The recipe's limits on the sliders and which settings it uses, by component (no values)."""
    return {
        ui.steps: {"maximum": r.max_steps},
        ui.guidance: {"maximum": max(r.max_guidance, 1.0), "visible": r.uses_guidance},
        ui.width: {"minimum": r.min_side, "maximum": r.max_side, "step": r.multiple},
        ui.height: {"minimum": r.min_side, "maximum": r.max_side, "step": r.multiple},
        ui.negative: {"visible": r.uses_negative_prompt},
    }


def notes_text(result: image.ImageResult, lang: str | None) -> str:
    """The seed used and every note."""
    first = result.seeds[0] if result.seeds else result.settings.seed
    lines = [f"**{say('image.seed_used', lang)}: {first}**"
             + (f" ({say('image.seed_step', lang)})" if len(result.seeds) > 1 else "")]
    lines += [f"ℹ️ {note_text(note, lang)}" for note in result.notes]
    return "  \n".join(lines)


def note_text(note: image.Note, lang: str | None) -> str:
    """One note in the page's language; text from the prompt (the part the model ignored) is quoted once, after
    the note (in both languages too, for the API), and shown as text, never as Markdown."""
    params = dict(note.params)
    quoted = params.pop("ignored", None)
    text = say(f"image.note.{note.kind}", lang, **params)
    return f"{text} “{md_escape(quoted)}”" if quoted else text


# -- wiring ---------------------------------------------------------------------------------------------------
def build(engine: Engine) -> Tab:
    """Draw the tab inside the current ``gr.Tab`` and wire its events."""
    ui = layout(engine)
    job = with_stop([ui.run.click, ui.prompt.submit], handler(engine, generate), [ui.prompt, *ui.settings],
                    [ui.gallery, ui.seed, ui.notes, ui.code], ui.stop, api_visibility="private", **resource(TASK))
    ui.stop.click(STOPS.stop, None, None, cancels=[job], api_visibility="private", queue=False)
    # These two return their outputs by component (``ui`` given to the handler): any order, any subset.
    ui.model.input(handler(engine, apply_recipe, action=False, ui=ui), ui.model,
                   [ui.steps, ui.guidance, ui.width, ui.height, ui.negative], api_visibility="private", queue=False)
    ui.model.change(handler(engine, show_model, action=False, ui=ui), ui.model,
                    [ui.card, ui.steps, ui.guidance, ui.width, ui.height, ui.negative], api_visibility="private",
                    queue=False)
    ui.png.upload(handler(engine, reuse, action=False, ui=ui), [ui.png, ui.model],
                  [ui.prompt, ui.model, ui.steps, ui.guidance, ui.width, ui.height, ui.negative, ui.seed,
                   ui.randomize, ui.notes], api_visibility="private", queue=False)
    ui.png.clear(handler(engine, forget_png, action=False), None, None, api_visibility="private", queue=False)
    ui.prompt.change(handler(engine, korean_prompt, action=False), ui.prompt, [ui.korean_tip, ui.translate],
                     api_visibility="private", queue=False)
    if translation_available(engine):
        ui.translate.click(handler(engine, to_english), ui.prompt, ui.prompt, api_visibility="private",
                           **resource("translate"))
    gr.api(handler(engine, api_generate_image, model=default_model(engine)), api_name="generate_image",
           **resource(TASK))
    keeps = Kept([ui.gallery, ui.seed, ui.notes, ui.code, ui.count, ui.randomize, ui.model, ui.steps, ui.guidance,
                  ui.width, ui.height, ui.negative, ui.png], functools.partial(restore, engine, ui),
                 picks={"model": ui.model})
    return Tab(main_input=ui.prompt, keeps=keeps)


def tool_docs(engine: Engine) -> dict[str, str]:
    """What this tab's endpoints say to an API or MCP client (``tabs.tool_docs``): endpoint -> docstring."""
    return {
        "generate_image": tool_doc(
            "Generate images from an English prompt with a seeded diffusion model (same seed and settings, same "
            "pixels); a classroom prompt filter refuses unsafe prompts.",
            {"prompt": f"what to draw, 1 to {limits.IMAGE_MAX_PROMPT_CHARS:,} characters (English works best).",
             "negative_prompt": f"what to avoid, at most {limits.IMAGE_MAX_NEGATIVE_CHARS:,} characters; default "
                                "none.",
             "model": model_doc(engine, "image"),
             "steps": f"denoising steps, 1 to {limits.IMAGE_MAX_STEPS} (within the model's range); default the "
                      "model's recommended value.",
             "guidance": f"guidance scale 0 to {limits.IMAGE_MAX_GUIDANCE}; default the model's value.",
             "width": f"pixels, {limits.IMAGE_SIDE[0]} to {limits.IMAGE_SIDE[1]}, rounded to the model's multiple; "
                      "default the model's size.",
             "height": f"pixels, {limits.IMAGE_SIDE[0]} to {limits.IMAGE_SIDE[1]}; default the model's size.",
             "num_images": f"1 to {limits.IMAGE_MAX_IMAGES}; default 1.",
             "seed": f"0 to {limits.IMAGE_MAX_SEED}; image i uses seed + i; default 0.",
             "randomize_seed": "true to pick a random seed (returned); default true."},
            "PNG files (their settings in the PNG metadata), the seed used, and notes."),
    }
