"""Image generation: few-step diffusion with reproducible seeds, per-step progress, a stop within a step,
classroom safety, and settings every caller can trust (checked here, on the server).

check_inputs (validate, clamp sizes, pick the seed) → load (the shared cache) → generate (one seeded
``torch.Generator`` per image: image i uses seed + i, so each image is reproducible alone) → PIL images.

>>> settings, notes = check_inputs(engine, "한복을 입은 고양이, 수채화", seed=42, randomize_seed=False)
>>> result = generate(engine, settings, notes)
>>> result.images[0].size, result.seeds
((512, 512), [42])
"""

from __future__ import annotations

import json
import logging
import random
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from playground import limits, quiet
from playground.catalog import ModelEntry
from playground.device import Placement, gpu_task
from playground.engine import shown_model_id
from playground.errors import BadInput, Message, OutOfMemory
from playground.hub import pretrained_kwargs
from playground.runtime import empty_device_cache, is_out_of_memory, nbytes, stopped
from playground.tasks import image_safety
from playground.text import checked_number, clean_text

if TYPE_CHECKING:
    from playground.engine import Engine, Progress

log = logging.getLogger(__name__)
TASK = "image"
MAX_SEED = limits.IMAGE_MAX_SEED


# -- what each model accepts ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Recipe:
    """A model's recommended and allowed settings: the catalog entry's ``options`` within limits.py's ceilings.

    Catalog options (all optional): steps, max_steps, guidance, max_guidance (0: the model ignores guidance,
    so the UI hides it and the negative prompt), width, height, min_side, max_side, multiple (sizes are rounded
    to it), gpu_only, max_sequence_length (the T5 window of FLUX-type pipelines), gpu_seconds_per_step (at one
    megapixel, for ZeroGPU slot lengths).
    """

    steps: int = 4
    max_steps: int = 8
    guidance: float = 0.0
    max_guidance: float = 0.0
    width: int = 512
    height: int = 512
    min_side: int = 256
    max_side: int = 1024
    multiple: int = 8
    gpu_only: bool = False
    max_sequence_length: int | None = None
    gpu_seconds_per_step: float = 1.0

    @classmethod
    def of(cls, entry: ModelEntry) -> Recipe:
        o = entry.options
        low, high = limits.IMAGE_SIDE
        max_steps = max(1, min(int(o.get("max_steps", cls.max_steps)), limits.IMAGE_MAX_STEPS))
        max_guidance = max(0.0, min(float(o.get("max_guidance", cls.max_guidance)), limits.IMAGE_MAX_GUIDANCE))
        min_side = max(low, int(o.get("min_side", cls.min_side)))
        max_side = max(min_side, min(high, int(o.get("max_side", cls.max_side))))
        multiple = max(1, int(o.get("multiple", cls.multiple)))
        recipe = cls(
            steps=min(max(1, int(o.get("steps", cls.steps))), max_steps),
            max_steps=max_steps,
            guidance=min(max(0.0, float(o.get("guidance", cls.guidance))), max_guidance) if max_guidance else
            float(o.get("guidance", cls.guidance)),
            max_guidance=max_guidance,
            min_side=min_side,
            max_side=max_side,
            multiple=multiple,
            gpu_only=bool(o.get("gpu_only", False)),
            max_sequence_length=int(o["max_sequence_length"]) if o.get("max_sequence_length") else None,
            gpu_seconds_per_step=float(o.get("gpu_seconds_per_step", cls.gpu_seconds_per_step)),
        )
        return recipe.with_size(int(o.get("width", cls.width)), int(o.get("height", cls.height)))

    def with_size(self, width: int, height: int) -> Recipe:
        from dataclasses import replace

        return replace(self, width=self.fit_side(width), height=self.fit_side(height))

    def fit_side(self, value: float) -> int:
        """Round to the nearest multiple the model accepts, then clamp into [min_side, max_side]."""
        low = -(-self.min_side // self.multiple) * self.multiple  # smallest multiple >= min_side
        high = self.max_side // self.multiple * self.multiple
        nearest = int(value / self.multiple + 0.5) * self.multiple  # halves round up: 40 → 48 for 16
        return min(max(nearest, low), high)

    @property
    def uses_guidance(self) -> bool:
        return self.max_guidance > 0

    @property
    def uses_negative_prompt(self) -> bool:
        """Classifier-free guidance (and so the negative prompt) only acts when guidance is above 1."""
        return self.max_guidance > 1


def recipe(engine: Engine, model: str | None) -> Recipe:
    """The recipe of a catalog model (raises ModelNotAllowed for anything else)."""
    return Recipe.of(_entry(engine, model))


def _entry(engine: Engine, model: object) -> ModelEntry:
    entry = engine.resolve(TASK, model)
    if entry is None:  # the image task has no "auto"
        entry = engine.catalog.entry(TASK, str(engine.default_choice(TASK)))
    return entry


# -- checked settings -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Settings:
    """Everything that decides the pixels. Same settings → same images."""

    model: str
    prompt: str
    negative_prompt: str
    steps: int
    guidance: float
    width: int
    height: int
    num_images: int
    seed: int

    @property
    def seeds(self) -> list[int]:
        """One seed per image: seed, seed + 1, … (wrapping past MAX_SEED)."""
        return [(self.seed + i) % (MAX_SEED + 1) for i in range(self.num_images)]

    def for_image(self, seed: int) -> dict[str, Any]:
        """The settings of one image (what its PNG stores and the code panel shows)."""
        data = asdict(self)
        data.pop("num_images")
        return {**data, "seed": seed}


@dataclass(frozen=True)
class Note:
    """Something the student should know about a request: ``kind`` picks the wording, ``params`` fill it."""

    kind: str  # size_adjusted, guidance_ignored, negative_ignored, prompt_truncated, withheld, stopped
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


def check_inputs(
    engine: Engine,
    prompt: object,
    negative_prompt: object = "",
    model: object = None,
    steps: object = None,
    guidance: object = None,
    width: object = None,
    height: object = None,
    num_images: object = 1,
    seed: object = 0,
    randomize_seed: object = True,
) -> tuple[Settings, list[Note]]:
    """Validate a request from the UI or the API. ``None`` means the model's recommended value.

    Refused with a clear :class:`BadInput`: an empty or over-long prompt, a prompt the classroom filter blocks,
    steps / guidance / image count / seed out of range or not numbers, a model GPU-only on a CPU. Adjusted with a
    note: width and height (rounded to the model's multiple and clamped to its sizes), guidance and negative
    prompt sent to a model that ignores them.
    """
    entry = _entry(engine, model)
    r = Recipe.of(entry)
    if r.gpu_only and engine.placement.device == "cpu":
        fallback = next((e.name for e in engine.catalog.entries(TASK) if not Recipe.of(e).gpu_only), "-")
        raise BadInput("image_needs_gpu", name=entry.name, fallback=fallback)
    text = clean_text(prompt, limit=limits.IMAGE_MAX_PROMPT_CHARS)
    if image_safety.enabled() and (terms := image_safety.blocked_terms(text)):
        raise BadInput("image_prompt_blocked", terms=", ".join(terms))
    notes: list[Note] = []
    negative = ""
    if negative_prompt not in (None, ""):
        if not isinstance(negative_prompt, str):
            raise BadInput("not_text", kind=type(negative_prompt).__name__)
        if negative_prompt.strip():
            negative = clean_text(negative_prompt, limit=limits.IMAGE_MAX_NEGATIVE_CHARS)
    steps_used = r.steps if steps is None else int(checked_number("steps", steps, 1, r.max_steps, whole=True))
    if not r.uses_guidance:
        guidance_used = r.guidance
        if guidance is not None and checked_number("guidance", guidance, 0, limits.IMAGE_MAX_GUIDANCE) != r.guidance:
            notes.append(Note("guidance_ignored", {"used": r.guidance}))
    else:
        guidance_used = r.guidance if guidance is None else checked_number("guidance", guidance, 0, r.max_guidance)
    if negative and (not r.uses_negative_prompt or guidance_used <= 1):
        notes.append(Note("negative_ignored", {"guidance": guidance_used}))
        negative = ""  # unused by the model: left out so the stored settings say what really ran
    size = []
    for name, value, default in (("width", width, r.width), ("height", height, r.height)):
        asked = default if value is None else checked_number(name, value, 1, 100_000)
        size.append((asked, r.fit_side(asked)))
    if any(asked != used for asked, used in size):
        notes.append(Note("size_adjusted", {
            "asked": f"{size[0][0]:g}×{size[1][0]:g}", "used": f"{size[0][1]}×{size[1][1]}",
            "multiple": r.multiple, "min": r.min_side, "max": r.max_side}))
    count = int(checked_number("num_images", num_images, 1, limits.IMAGE_MAX_IMAGES, whole=True))
    if _flag("randomize_seed", randomize_seed):
        seed_used = random.randint(0, MAX_SEED)  # noqa: S311 - a seed for pictures, not a secret
    else:
        seed_used = int(checked_number("seed", seed, 0, MAX_SEED, whole=True))
    settings = Settings(entry.id, text, negative, steps_used, float(guidance_used), size[0][1], size[1][1], count,
                        seed_used)
    return settings, notes


def _flag(name: str, value: object) -> bool:
    if isinstance(value, bool) or value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise BadInput("bad_option", name=name, allowed="true, false", value=str(value)[:50])


# -- the loaded pipeline --------------------------------------------------------------------------------------
@dataclass
class ImageModel:
    """A loaded diffusers text-to-image pipeline. One generation at a time (the lock): pipelines keep state."""

    entry: ModelEntry
    pipe: Any
    device: str
    window: int  # tokens the main text encoder reads
    tokenizer: Any  # that encoder's tokenizer
    offloaded: bool = False  # GPU memory was short: components move to the GPU only while they run
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def nbytes(self) -> int:
        return _pipeline_bytes(self.pipe)

    @property
    def has_safety_checker(self) -> bool:
        return getattr(self.pipe, "safety_checker", None) is not None


def _pipeline_bytes(pipe: Any) -> int:
    return nbytes(*pipe.components.values())


def load(entry: ModelEntry, placement: Placement) -> ImageModel:
    """Load the pipeline from the Hub id (or the entry's folder), in the placement's dtype; never remote code."""
    from diffusers import AutoPipelineForText2Image

    quiet.apply()  # diffusers is imported now: its loading bars off in a quiet terminal (app.serve)
    pipe = AutoPipelineForText2Image.from_pretrained(entry.source, dtype=placement.torch_dtype(),
                                                     **pretrained_kwargs(entry))
    pipe.set_progress_bar_config(disable=True)
    device = placement.torch_device
    offloaded = False
    if device == "cuda" and not placement.zerogpu:
        offloaded = _place_on_gpu(pipe, entry)
    else:
        pipe.to(device)  # on ZeroGPU: the main thread at start-up, where spaces packs the weights
    r = Recipe.of(entry)
    tokenizer = getattr(pipe, "tokenizer_2", None) if r.max_sequence_length else None
    tokenizer = tokenizer or getattr(pipe, "tokenizer", None)
    window = r.max_sequence_length or int(getattr(tokenizer, "model_max_length", 77) or 77)
    return ImageModel(entry, pipe, device, min(window, 4096), tokenizer, offloaded)


def _place_on_gpu(pipe: Any, entry: ModelEntry) -> bool:
    """Move to the GPU, or offload components to it one at a time when memory is short; True if offloaded."""
    import torch

    free, total = torch.cuda.mem_get_info()
    needed = _pipeline_bytes(pipe) * 1.25 + 2**30  # weights + room for activations at 1024 px
    offload = needed > free
    if offload:
        log.warning("%s needs about %.1f GB and the GPU has %.1f GB free: offloading components to the CPU",
                    entry.id, needed / 2**30, free / 2**30)
        pipe.enable_model_cpu_offload()
    else:
        pipe.to("cuda")
    if offload or total < 12 * 2**30:
        _save_memory(pipe)
    return offload


def _save_memory(pipe: Any) -> None:
    """Slower but leaner: attention in slices, the VAE in tiles (where the pipeline supports them)."""
    for action in ("enable_attention_slicing", "enable_vae_tiling"):
        method = getattr(pipe, action, None)
        if method is None:
            continue
        try:
            method()
        except (AttributeError, NotImplementedError, ValueError, TypeError):
            log.info("%s is not supported by %s", action, type(pipe).__name__)


def prompt_note(model: ImageModel, prompt: str) -> Note | None:
    """A note when the prompt is longer than the text encoder's window (the pipeline reads only the start)."""
    if model.tokenizer is None:
        return None
    ids = model.tokenizer(prompt)["input_ids"]
    if len(ids) <= model.window:
        return None
    ignored = model.tokenizer.decode(ids[model.window - 1:-1], skip_special_tokens=True).strip()
    return Note("prompt_truncated", {"tokens": len(ids), "window": model.window, "ignored": ignored[:300]})


# -- generation -----------------------------------------------------------------------------------------------
@dataclass
class ImageResult:
    images: list[Any]  # PIL images, in seed order; withheld ones are left out
    seeds: list[int]  # the seed of each returned image
    settings: Settings
    notes: list[Note]
    withheld: int = 0
    stopped: bool = False
    steps_run: int = 0  # denoising steps that ran, over all images


@dataclass
class _Run:
    """What one generation gives back (picklable: it crosses ZeroGPU's process boundary)."""

    images: list[Any] = field(default_factory=list)  # None where the safety checker withheld the image
    steps_run: int = 0
    stopped: bool = False


class _Stopped(Exception):
    """Raised from the step callback: the student pressed Stop."""


def run(engine: Engine, prompt: object, negative_prompt: object = "", model: object = None, steps: object = None,
        guidance: object = None, width: object = None, height: object = None, num_images: object = 1,
        seed: object = 0, randomize_seed: object = True, *, stop: threading.Event | None = None,
        progress: Progress | None = None) -> ImageResult:
    """A request from the UI or the API as it came: :func:`check_inputs`, then :func:`generate`.

    ``result.settings`` holds what was run (the seed drawn, the size adjusted), for the code panel and the PNGs.
    """
    settings, notes = check_inputs(engine, prompt, negative_prompt, model, steps, guidance, width, height,
                                   num_images, 0 if seed is None else seed, randomize_seed)
    return generate(engine, settings, notes, stop=stop, progress=progress)


def generate(engine: Engine, settings: Settings, notes: Sequence[Note] = (), *,
             stop: threading.Event | None = None, progress: Progress | None = None) -> ImageResult:
    """Generate ``settings.num_images`` images; ``stop`` ends the run within one denoising step."""
    entry = _entry(engine, settings.model)
    model: ImageModel = engine.model(entry, progress)
    notes = list(notes)
    if entry.remote is not None:  # a provider or an Inference Endpoint serves the model: text_to_image
        return _generate_remote(entry, settings, notes, stop, progress)
    if note := prompt_note(model, settings.prompt):
        notes.append(note)
    job = {**asdict(settings), "max_sequence_length": Recipe.of(entry).max_sequence_length,
           "gpu_seconds_per_step": Recipe.of(entry).gpu_seconds_per_step}
    safety = image_safety.enabled()
    if engine.placement.zerogpu:
        run = _generate_on_zerogpu(entry.key, job, safety)
    else:
        run = _generate_with_retry(engine, model, job, safety, stop, progress)
    kept = [(image, seed) for image, seed in zip(run.images, settings.seeds, strict=False) if image is not None]
    withheld = len(run.images) - len(kept)
    if run.images and not kept:
        raise BadInput("image_withheld")
    if withheld:
        notes.append(Note("withheld", {"count": withheld}))
    if run.stopped:
        notes.append(Note("stopped", {"done": len(run.images), "asked": settings.num_images}))
    return ImageResult([image for image, _ in kept], [seed for _, seed in kept], settings, notes, withheld,
                       run.stopped, run.steps_run)


def _generate_remote(entry: ModelEntry, settings: Settings, notes: list[Note], stop: threading.Event | None,
                     progress: Progress | None) -> ImageResult:
    """One ``InferenceClient.text_to_image`` call per image, image i with seed + i (what the service honours)."""
    from playground import remote

    if entry.remote is None:
        raise ValueError(f"{entry.id} is not a remote catalog entry")
    images: list[Any] = []
    seeds: list[int] = []
    for i, seed in enumerate(settings.seeds):
        if stop is not None and stop.is_set():
            notes.append(Note("stopped", {"done": len(images), "asked": settings.num_images}))
            break
        if progress:
            progress(i / settings.num_images, Message("progress_image_remote", index=i + 1, count=settings.num_images,
                                                      where=entry.remote.where))
        images.append(remote.text_to_image(
            entry.remote, settings.prompt, negative_prompt=settings.negative_prompt, width=settings.width,
            height=settings.height, steps=settings.steps,
            guidance=settings.guidance if Recipe.of(entry).max_guidance else None, seed=seed))
        seeds.append(seed)
    stopped = len(images) < settings.num_images
    return ImageResult(images, seeds, settings, notes, 0, stopped, settings.steps * len(images))


def _generate_with_retry(engine: Engine, model: ImageModel, job: dict[str, Any], safety: bool,
                         stop: threading.Event | None, progress: Progress | None) -> _Run:
    """Out of GPU memory: evict every other model from the shared cache, save memory, try once more."""
    try:
        return _generate(model, job, safety, stop, progress)
    except Exception as exc:
        if not is_out_of_memory(exc):
            raise
        log.warning("out of memory generating with %s: evicting other models and trying once more", model.entry.id)
    for key in engine.cache.keys():
        if key != model.entry.key:
            engine.cache.evict(key)
    _save_memory(model.pipe)
    empty_device_cache()
    try:
        return _generate(model, job, safety, stop, progress)
    except Exception as exc:
        if is_out_of_memory(exc):
            empty_device_cache()
            raise OutOfMemory("out_of_memory", name=model.entry.name) from exc
        raise


def _zerogpu_seconds(key: str, job: dict[str, Any], safety: bool) -> int:
    """ZeroGPU slot length from steps × pixels × count (``playground.gpu_time``): short jobs keep the quota."""
    from playground import gpu_time

    return gpu_time.image_seconds(steps=job["steps"], width=job["width"], height=job["height"],
                                  images=job["num_images"], seconds_per_step=job["gpu_seconds_per_step"])


@gpu_task(duration=_zerogpu_seconds)
def _generate_on_zerogpu(key: str, job: dict[str, Any], safety: bool) -> _Run:
    """Runs in ZeroGPU's forked worker, which finds the preloaded pipeline in the process's engine."""
    from playground.engine import active_engine

    return _generate(active_engine().loaded(key), job, safety, None, None)


def pipeline_kwargs(job: dict[str, Any]) -> dict[str, Any]:
    """The ``pipe(...)`` arguments of one image (the generator and callback are added by the caller)."""
    kwargs: dict[str, Any] = {
        "prompt": job["prompt"],
        "num_inference_steps": job["steps"],
        "guidance_scale": job["guidance"],
        "width": job["width"],
        "height": job["height"],
    }
    if job["negative_prompt"]:
        kwargs["negative_prompt"] = job["negative_prompt"]
    if job.get("max_sequence_length"):
        kwargs["max_sequence_length"] = job["max_sequence_length"]
    return kwargs


def _generate(model: ImageModel, job: dict[str, Any], safety: bool, stop: threading.Event | None,
              progress: Progress | None) -> _Run:
    """The hot path: one pipeline call per image, each with its own seeded generator."""
    import torch

    count, steps = job["num_images"], job["steps"]
    seeds = [(job["seed"] + i) % (MAX_SEED + 1) for i in range(count)]
    run = _Run()
    kwargs = pipeline_kwargs(job)
    with model.lock:
        checker = getattr(model.pipe, "safety_checker", None)
        if checker is not None and not safety:
            model.pipe.safety_checker = None  # the teacher turned safety off (restored below)
        try:
            for index, seed in enumerate(seeds):
                if stopped(stop):
                    run.stopped = True
                    break
                if progress:
                    progress(index * steps / (count * steps),
                             Message("progress_image_prompt", index=index + 1, count=count))

                def on_step(pipe: Any, step: int, timestep: Any, tensors: dict[str, Any], index: int = index) -> Any:
                    run.steps_run += 1
                    if stopped(stop):
                        raise _Stopped
                    if progress:
                        done = index * steps + step + 1
                        progress(done / (count * steps), Message("progress_image_step", index=index + 1, count=count,
                                                                         step=step + 1, steps=steps))
                    return tensors

                generator = torch.Generator().manual_seed(seed)  # on the CPU: the same noise on every device
                try:
                    with torch.inference_mode():
                        out = model.pipe(**kwargs, generator=generator, callback_on_step_end=on_step)
                except _Stopped:
                    run.stopped = True
                    if model.offloaded:
                        model.pipe.maybe_free_model_hooks()
                    break
                flags = getattr(out, "nsfw_content_detected", None) or [False]
                run.images.append(None if flags[0] else out.images[0])
        finally:
            if checker is not None:
                model.pipe.safety_checker = checker
    return run


# -- show the code --------------------------------------------------------------------------------------------
def code_snippet(engine: Engine, settings: Settings, seed: int | None = None) -> str:
    """The few lines of ``diffusers`` that reproduce one image of ``settings`` (the first, or ``seed``'s)."""
    entry = _entry(engine, settings.model)
    if entry.remote is not None:
        from playground import remote

        guidance = settings.guidance if Recipe.of(entry).max_guidance else None
        return remote.image_snippet(entry.remote, settings.prompt, negative_prompt=settings.negative_prompt,
                                    width=settings.width, height=settings.height,
                                    num_inference_steps=settings.steps, guidance_scale=guidance,
                                    seed=settings.seed if seed is None else seed)
    source = shown_model_id(entry)  # never a machine's folder
    placement = engine.placement
    dtype, device = placement.code_dtype, placement.code_device
    revision = f", revision={_py(entry.revision)}" if entry.revision else ""
    job = {**asdict(settings), "max_sequence_length": Recipe.of(entry).max_sequence_length}
    arguments = "".join(f"    {key}={_py(value)},\n" for key, value in pipeline_kwargs(job).items())
    return (
        "import torch\n"
        "from diffusers import AutoPipelineForText2Image\n\n"
        f"pipe = AutoPipelineForText2Image.from_pretrained({_py(source)}, dtype=torch.{dtype}{revision})\n"
        f'pipe.to("{device}")\n'
        f"generator = torch.Generator().manual_seed({settings.seed if seed is None else seed})\n"
        "image = pipe(\n"
        f"{arguments}"
        "    generator=generator,\n"
        ").images[0]\n"
        'image.save("image.png")\n'
    )


def _py(value: object) -> str:
    """A Python literal that keeps Hangul readable."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)
