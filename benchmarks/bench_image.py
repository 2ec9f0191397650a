"""Benchmark the Image tab's serving path against the bare ``diffusers`` pipeline call, in one run.

What it measures (nothing is downloaded; HF_HUB_OFFLINE=1; only 127.0.0.1 is contacted):

1. A real-size sd-turbo architecture built from configs with random weights (``torch.manual_seed(0)``), saved to a
   temporary folder with a catalog that lists it as ``bench/sd-turbo-arch``: the SD 2.1 UNet (block channels
   320/640/1280/1280, cross_attention_dim 1024, attention_head_dim (5, 10, 20, 20), linear projections; 866M
   parameters), an OpenCLIP ViT-H text encoder config (hidden 1024, 23 layers, 16 heads, intermediate 4096, gelu,
   projection 512; 340M), the SD VAE (84M) and ``EulerDiscreteScheduler`` with trailing timesteps. The tokenizer
   is a byte-level CLIP tokenizer (the real vocabulary cannot be downloaded here); prompts are padded to 77 tokens
   either way, so the text encoder does the same work.
2. Bare: ``AutoPipelineForText2Image.from_pretrained(folder)`` and ``pipe(prompt, num_inference_steps=1,
   guidance_scale=0.0, width, height, generator=torch.Generator().manual_seed(seed)).images[0]``.
3. The app: ``python app.py --catalog ...`` as a subprocess, ``/generate_image`` through ``gradio_client`` (the
   PNG written with its metadata, served, and downloaded by the client), one image per call, interleaved with the
   bare call so both see the same machine. Same seeds: the pixels are compared too.

    python benchmarks/bench_image.py                 # CPU, 512 px, 1 step, 5 rounds (about 5 minutes on 2 cores)
    python benchmarks/bench_image.py --quick         # 256 px, 2 rounds
    python benchmarks/bench_image.py --device cuda   # GPU, in the dtype the app uses there (bfloat16 or float16)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from harness import ROOT, Meter, Server, footer, loadavg, log, wait_for_quiet

MODEL_ID = "bench/sd-turbo-arch"
MODEL_DIR = "sd-turbo-arch"
PROMPT = "A cinematic shot of a baby raccoon wearing an intricate Italian priest robe"
TARGET_RATIO = 1.05


def build_model(workdir: Path, device: str) -> tuple[Path, Path, dict[str, Any]]:
    """Save the random-weight sd-turbo architecture and a catalog for it; returns (folder, catalog, facts)."""
    import torch
    import yaml
    from diffusers import AutoencoderKL, EulerDiscreteScheduler, StableDiffusionPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    sys.path.insert(0, str(ROOT / "scripts"))
    import tiny_models

    folder = workdir / MODEL_DIR
    tokenizer = tiny_models.write_clip_tokenizer(workdir / "tokenizer-build")
    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        sample_size=64, in_channels=4, out_channels=4, layers_per_block=2,
        block_out_channels=(320, 640, 1280, 1280),
        down_block_types=("CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"),
        up_block_types=("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"),
        cross_attention_dim=1024, attention_head_dim=(5, 10, 20, 20), use_linear_projection=True,
    )
    text_encoder = CLIPTextModel(CLIPTextConfig(
        vocab_size=49408, hidden_size=1024, num_hidden_layers=23, num_attention_heads=16, intermediate_size=4096,
        hidden_act="gelu", projection_dim=512, max_position_embeddings=77,
        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id,
    ))
    vae = AutoencoderKL(
        in_channels=3, out_channels=3, latent_channels=4, layers_per_block=2, sample_size=512,
        block_out_channels=(128, 256, 512, 512),
        down_block_types=("DownEncoderBlock2D",) * 4, up_block_types=("UpDecoderBlock2D",) * 4,
    )
    scheduler = EulerDiscreteScheduler(num_train_timesteps=1000, beta_start=0.00085, beta_end=0.012,
                                       beta_schedule="scaled_linear", prediction_type="epsilon",
                                       timestep_spacing="trailing", steps_offset=1)
    pipe = StableDiffusionPipeline(vae=vae, text_encoder=text_encoder, tokenizer=tokenizer, unet=unet,
                                   scheduler=scheduler, safety_checker=None, feature_extractor=None,
                                   requires_safety_checker=False)
    params = {name: sum(p.numel() for p in module.parameters())
              for name, module in (("unet", unet), ("text_encoder", text_encoder), ("vae", vae))}
    pipe.save_pretrained(folder, safe_serialization=True)
    del pipe, unet, text_encoder, vae
    weights_mb = sum(f.stat().st_size for f in folder.rglob("*.safetensors")) / 2**20
    catalog = workdir / "catalog.yaml"
    entry = {
        "id": MODEL_ID, "name": "sd-turbo architecture (random weights)", "path": MODEL_DIR,
        "license": "other", "languages": ["en"], "params": f"{sum(params.values()) / 1e9:.2f}B",
        "size_mb": round(weights_mb), "default": ["cpu", "gpu"],
        "options": {"steps": 1, "max_steps": 4, "guidance": 0.0, "max_guidance": 0.0, "width": 512, "height": 512,
                    "min_side": 256, "max_side": 768, "multiple": 64},
    }
    catalog.write_text(yaml.safe_dump({"version": 1, "tasks": {"image": {"models": [entry]}}}), encoding="utf-8")
    from playground.catalog import load_catalog

    load_catalog(catalog)  # the app will accept it
    return folder, catalog, {"params": params, "weights_mb": round(weights_mb)}


def app_dtype(device: str) -> str:
    """The dtype the app's engine uses on ``device`` (playground.device.Placement.dtype_name)."""
    if device == "cpu":
        return "float32"
    import torch

    return "bfloat16" if torch.cuda.is_bf16_supported() else "float16"


class Bare:
    """The pipeline exactly as a student's script would call it."""

    def __init__(self, folder: Path, device: str, dtype: str) -> None:
        import torch
        from diffusers import AutoPipelineForText2Image

        self.torch = torch
        self.device = device
        self.pipe = AutoPipelineForText2Image.from_pretrained(str(folder), dtype=getattr(torch, dtype))
        self.pipe.set_progress_bar_config(disable=True)
        self.pipe.to(device)

    def __call__(self, size: int, seed: int) -> tuple[float, Any]:
        torch = self.torch
        self._sync()
        started = time.perf_counter()
        with torch.inference_mode():
            picture = self.pipe(PROMPT, num_inference_steps=1, guidance_scale=0.0, width=size, height=size,
                                generator=torch.Generator().manual_seed(seed)).images[0]
        self._sync()
        return time.perf_counter() - started, picture

    def _sync(self) -> None:
        if self.device == "cuda":
            self.torch.cuda.synchronize()


def app_call(client: Any, size: int, seed: int) -> tuple[float, str]:
    started = time.perf_counter()
    files, used, _ = client.predict(PROMPT, model=MODEL_ID, steps=1, width=size, height=size, num_images=1,
                                    seed=seed, randomize_seed=False, api_name="/generate_image")
    seconds = time.perf_counter() - started
    assert used == seed and len(files) == 1
    return seconds, files[0]


def same_pixels(path: str, picture: Any) -> float:
    """Largest absolute pixel difference between the app's PNG and the bare image (0 = identical)."""
    import numpy as np
    from PIL import Image

    with Image.open(path) as served:
        a = np.asarray(served.convert("RGB"), dtype=np.int16)
    return float(np.abs(a - np.asarray(picture, dtype=np.int16)).max())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="256 px and 2 rounds (a check that it all runs)")
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument("--dtype", choices=("auto", "float32", "float16", "bfloat16"), default="auto",
                        help="the bare pipeline's dtype (default: what the app uses on the device)")
    parser.add_argument("--size", type=int, help="image side in pixels (default: 512, or 256 with --quick)")
    parser.add_argument("--rounds", type=int, help="measured calls of each kind (default: 5, or 2 with --quick)")
    parser.add_argument("--json", metavar="PATH", type=Path, help="also write the results as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary model folder and the app log")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` stops the app on a kill too
    size = args.size or (256 if args.quick else 512)
    rounds = args.rounds or (2 if args.quick else 5)
    if args.device == "cpu":
        os.environ["CUDA_VISIBLE_DEVICES"] = ""  # the app subprocess too: a CPU run stays on the CPU
    begin = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="bench-image-"))
    try:
        import diffusers
        import gradio
        import torch
        from gradio_client import Client

        dtype = app_dtype(args.device) if args.dtype == "auto" else args.dtype
        results: dict[str, Any] = {
            "quick": args.quick, "size": size, "rounds": rounds, "device": args.device, "dtype": dtype,
            "app_dtype": app_dtype(args.device),
            "machine": {"cores": os.cpu_count(), "torch_threads": torch.get_num_threads(),
                        "platform": platform.platform(terse=True), "python": platform.python_version(),
                        "torch": torch.__version__, "diffusers": diffusers.__version__,
                        "gradio": gradio.__version__, "loadavg_start": loadavg(),
                        "gpu": torch.cuda.get_device_name(0) if args.device == "cuda" else None}}
        if dtype != results["app_dtype"]:
            log(f"WARNING: the bare pipeline runs in {dtype}, the app in {results['app_dtype']}")
        results["machine"]["busy_cores_before"] = wait_for_quiet(limit=30.0)
        log(f"building the sd-turbo architecture in {workdir}")
        t0 = time.perf_counter()
        folder, catalog, results["model"] = build_model(workdir, args.device)
        results["build_s"] = round(time.perf_counter() - t0, 1)
        log("loading the bare pipeline")
        bare = Bare(folder, args.device, dtype)
        with Server(catalog, workdir) as server:
            server.wait_ready(timeout=180)
            client = Client(server.url, verbose=False, download_files=str(workdir / "downloads"))
            log("warm-up: first call of each (the app loads the model here)")
            t0 = time.perf_counter()
            app_call(client, size, 0)
            results["app_first_call_s"] = round(time.perf_counter() - t0, 1)
            bare(size, 0)
            bare_s: list[float] = []
            app_s: list[float] = []
            diffs: list[float] = []
            with Meter(server.proc.pid if server.proc else None) as meter:
                for i in range(rounds):
                    seed = 1000 + i
                    seconds, picture = bare(size, seed)
                    bare_s.append(seconds)
                    seconds, path = app_call(client, size, seed)
                    app_s.append(seconds)
                    diffs.append(same_pixels(path, picture))
                    log(f"round {i + 1}/{rounds}: bare {bare_s[-1]:.2f} s, app {app_s[-1]:.2f} s")
            client.close()
        results.update({
            "bare_s": [round(s, 3) for s in bare_s], "app_s": [round(s, 3) for s in app_s],
            "bare_median_s": round(statistics.median(bare_s), 3), "app_median_s": round(statistics.median(app_s), 3),
            "max_pixel_diff": max(diffs), "cpu": meter.result,
        })
        results["ratio"] = round(results["app_median_s"] / results["bare_median_s"], 3)
        results["added_median_ms"] = round((results["app_median_s"] - results["bare_median_s"]) * 1000, 1)
        results["targets"] = {"ratio": results["ratio"] <= TARGET_RATIO}
        results["total_s"] = round(time.perf_counter() - begin, 1)
        print(report(results), flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
        return 0 if all(results["targets"].values()) else 1
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def report(r: dict[str, Any]) -> str:
    m = r["machine"]
    width = 100
    params = r["model"]["params"]
    rows = [
        ("bare pipe(...) per image: median (s)", r["bare_median_s"], ""),
        ("app /generate_image per image, PNG downloaded: median (s)", r["app_median_s"], ""),
        ("app / bare", f"{r['ratio']:.3f}x", f"<= {TARGET_RATIO}x  {'MET' if r['targets']['ratio'] else 'NOT MET'}"),
        ("added by the app: median(app) - median(bare) (ms)", r["added_median_ms"], ""),
        ("  rounds: bare (s)", ", ".join(map(str, r["bare_s"])), ""),
        ("  rounds: app (s)", ", ".join(map(str, r["app_s"])), ""),
        ("largest pixel difference app vs bare (same seed)", r["max_pixel_diff"], "0 on CPU"),
        ("app first call, model load included (s)", r["app_first_call_s"], ""),
        ("CPU cores busy: bench / app / other processes",
         f"{r['cpu']['bench_cores']} / {r['cpu']['app_cores']} / {r['cpu']['other_cores']}", ""),
    ]
    lines = [f"{name:<62}{value!s:>22}  {target}".rstrip() for name, value, target in rows]
    noisy = ["measure"] if r["cpu"]["other_cores"] > 0.25 else []
    return "\n".join([
        "=" * width,
        f"Image serving benchmark: sd-turbo architecture (random weights), 1 step, {r['size']} px, "
        f"{r['device']} {r['dtype']} (app: {r['app_dtype']})",
        f"machine: {m['cores']} cores, torch threads {m['torch_threads']}, gpu {m['gpu']}, load avg "
        f"{m['loadavg_start']} at start; {m['platform']}, torch {m['torch']}, diffusers {m['diffusers']}, "
        f"gradio {m['gradio']}",
        f"model: unet {params['unet'] / 1e6:.0f}M + text encoder {params['text_encoder'] / 1e6:.0f}M + vae "
        f"{params['vae'] / 1e6:.0f}M params, {r['model']['weights_mb']:,} MB of weights (built in {r['build_s']} s)",
        "-" * width,
        *lines,
        *footer(r["targets"], r["total_s"], r["quick"], noisy, width),
    ])


if __name__ == "__main__":
    raise SystemExit(main())
