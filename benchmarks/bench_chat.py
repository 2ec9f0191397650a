"""Benchmark the Chat tab's streaming API against bare ``transformers`` generation, on this machine.

What it measures, all in one run so the figures compare (nothing is downloaded; HF_HUB_OFFLINE=1; only
127.0.0.1 is contacted):

1. A real-size causal LM built offline: the architecture of Qwen/Qwen2.5-0.5B-Instruct (``Qwen2Config``: hidden
   896, MLP 4864, 24 layers, 14 heads / 2 KV heads, vocab 151,936, 32,768 positions, tied embeddings, rope theta
   1e6; 494M parameters, float32) with random weights (``torch.manual_seed(0)``), and the offline ChatML byte-level
   BPE tokenizer of ``scripts/tiny_models.py`` (1,415 tokens), saved to a temporary folder with a catalog listing
   it as ``bench/qwen2.5-0.5b-arch`` (checked with ``playground.catalog.load_catalog``).
   Two changes to the random weights, neither changing the compute: the embedding rows (tied to the LM head) of
   ids the tokenizer does not have are zeroed, so greedy decoding picks decodable ids (random logits over 151,936
   ids almost always pick an id >= 1,415, which decodes to nothing: no text would ever stream); and the saved
   ``generation_config`` has ``min_new_tokens = N``, so neither side can stop early on EOS.
2. Bare: ``AutoModelForCausalLM.from_pretrained`` + ``apply_chat_template`` on one Korean question;
   (a) plain ``model.generate(max_new_tokens=N, do_sample=False)``: tokens/s;
   (b) the same with a ``TextIteratorStreamer`` in a thread (as the app does): time to the first non-empty text
   piece (TTFT), and the decode rate after it.
3. The app over HTTP (``python app.py --catalog ...`` as a subprocess): ``POST /gradio_api/call/chat`` then the
   SSE stream: TTFT = first ``event: generating`` whose text is non-empty, measured from just before the POST;
   tokens/s = N / (complete - first text) and N / total. Greedy, repetition_penalty 1.0, system "" so the bare
   call is identical (the app's final text is checked equal to the bare one). Rounds interleave bare (a), bare
   (b) and the app so machine noise hits all of them.
4. Two chats streaming at once through the app: aggregate tokens/s vs one at a time.

Targets: app tokens/s >= 95% of bare; added TTFT <= 50 ms (medians). Exit status 0 when both are met.

    python benchmarks/bench_chat.py                   # N = 64 tokens, 3 rounds: about 3 minutes on 2 cores
    python benchmarks/bench_chat.py --quick           # N = 24 tokens, 2 rounds: about 1.5 minutes
    python benchmarks/bench_chat.py --json /tmp/bench-chat.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import (  # also sets the offline environment
    NOISY_CORES,
    CallFailed,
    Meter,
    Server,
    footer,
    loadavg,
    log,
    med,
    ms,
    wait_for_quiet,
)

MODEL_ID = "bench/qwen2.5-0.5b-arch"
MODEL_DIR = "qwen2.5-0.5b-arch"
PROMPT = "한국의 수도는 어디인가요?"
TARGET_RATIO = 0.95
TARGET_ADDED_TTFT_MS = 50.0
ROUNDS_BUDGET_S = 170.0  # no new round starts this long after the run began (at least 2 rounds run)
QWEN = {"hidden_size": 896, "intermediate_size": 4864, "num_hidden_layers": 24, "num_attention_heads": 14,
        "num_key_value_heads": 2, "vocab_size": 151_936, "max_position_embeddings": 32_768,
        "tie_word_embeddings": True, "rope_theta": 1_000_000.0}


# -- small helpers ----------------------------------------------------------------------------------------
# -- 1. the model, tokenizer and catalog --------------------------------------------------------------------
def build_model(workdir: Path, n_tokens: int) -> tuple[Path, Path, dict[str, Any]]:
    """Save the Qwen2.5-0.5B architecture (random weights) + the ChatML BPE tokenizer; write and check a catalog."""
    import torch
    import yaml
    from transformers import GenerationConfig, Qwen2Config, Qwen2ForCausalLM
    from transformers.utils import logging as hf_logging

    from playground.catalog import load_catalog
    from scripts.tiny_models import make_chat_tokenizer, train_bpe_tokenizer

    hf_logging.disable_progress_bar()
    folder = workdir / MODEL_DIR
    folder.mkdir(parents=True)
    started = time.perf_counter()
    tokenizer = make_chat_tokenizer(train_bpe_tokenizer(), max_length=QWEN["max_position_embeddings"])
    if len(tokenizer) > QWEN["vocab_size"]:
        raise RuntimeError(f"tokenizer has {len(tokenizer)} ids, more than the model's vocabulary")
    config = Qwen2Config(**QWEN, bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                         pad_token_id=tokenizer.pad_token_id)
    torch.manual_seed(0)
    model = Qwen2ForCausalLM(config).eval()
    with torch.no_grad():  # ids the tokenizer lacks get all-zero logits, so greedy never picks them (see top)
        model.get_input_embeddings().weight[len(tokenizer):] = 0.0
    model.generation_config = GenerationConfig(
        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id,
        do_sample=False, min_new_tokens=n_tokens)  # the app passes only max_new_tokens: no early EOS either way
    initialised = time.perf_counter()
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    saved = time.perf_counter()
    params = sum(p.numel() for p in model.parameters())
    size_mb = sum(p.stat().st_size for p in folder.glob("*.safetensors")) / 2**20
    del model
    catalog = {
        "version": 1,
        "tasks": {"chat": {"models": [{
            "id": MODEL_ID,
            "name": "Qwen2.5-0.5B architecture (random weights, benchmark)",
            "path": MODEL_DIR,
            "license": "apache-2.0",
            "languages": ["en", "ko"],
            "params": "494M",
            "size_mb": 1976,
            "default": ["cpu", "gpu"],
            "note": "Benchmark stand-in: the architecture of Qwen/Qwen2.5-0.5B-Instruct, random weights.",
            "options": {"context_window": 4096},
        }]},
            # Never loaded: app.py does not start with a catalog that has no sentiment model (tabs/sentiment.py
            # asks for the code snippet of "auto", which then is not in the catalog).
            "sentiment": {"models": [{
                "id": "bench/unused-sentiment", "name": "Unused placeholder (never loaded)", "license": "apache-2.0",
                "languages": ["en"], "params": "1M", "size_mb": 1, "default": ["cpu", "gpu"]}]}},
    }
    catalog_file = workdir / "catalog.yaml"
    catalog_file.write_text(yaml.safe_dump(catalog, sort_keys=False, allow_unicode=True), encoding="utf-8")
    entry = load_catalog(catalog_file).entry("chat", MODEL_ID)
    if entry.path != folder.resolve():
        raise RuntimeError(f"catalog entry points at {entry.path}, expected {folder}")
    info = {"params": params, "weights_mb": round(size_mb, 1), "tokenizer_ids": len(tokenizer),
            "layers": config.num_hidden_layers, "hidden": config.hidden_size, "vocab": config.vocab_size,
            "build_s": round(initialised - started, 1), "save_s": round(saved - initialised, 1)}
    return folder, catalog_file, info


# -- 2. the bare model ----------------------------------------------------------------------------------------
@dataclass
class Bare:
    folder: Path
    n_tokens: int
    model: Any = None
    tokenizer: Any = None
    load_s: float = 0.0

    def __post_init__(self) -> None:
        from transformers import AutoModelForCausalLM, AutoTokenizer

        started = time.perf_counter()
        self.tokenizer = AutoTokenizer.from_pretrained(self.folder)
        self.model = AutoModelForCausalLM.from_pretrained(self.folder).eval()
        self.load_s = time.perf_counter() - started

    def inputs(self) -> dict[str, Any]:
        return self.tokenizer.apply_chat_template([{"role": "user", "content": PROMPT}], add_generation_prompt=True,
                                                  return_tensors="pt", return_dict=True)

    def kwargs(self) -> dict[str, Any]:
        return {"max_new_tokens": self.n_tokens, "do_sample": False, "repetition_penalty": 1.0,
                "pad_token_id": self.tokenizer.pad_token_id}

    def plain(self) -> dict[str, Any]:
        """(a) ``model.generate``: wall time from templating to the output, tokens produced, the answer."""
        started = time.perf_counter()
        inputs = self.inputs()
        out = self.model.generate(**inputs, **self.kwargs())
        took = time.perf_counter() - started
        new = out[0, inputs["input_ids"].shape[1]:]
        return {"total_s": took, "tokens": int(new.shape[0]), "prompt_tokens": int(inputs["input_ids"].shape[1]),
                "text": self.tokenizer.decode(new, skip_special_tokens=True)}

    def streamed(self) -> dict[str, Any]:
        """(b) ``generate`` in a thread with a ``TextIteratorStreamer`` (as the app): first token, first text."""
        from transformers import TextIteratorStreamer

        puts: list[float] = []

        class Timed(TextIteratorStreamer):
            def put(self, value: Any) -> None:
                puts.append(time.perf_counter())
                super().put(value)

        started = time.perf_counter()
        inputs = self.inputs()
        streamer = Timed(self.tokenizer, skip_prompt=True, skip_special_tokens=True, timeout=120)
        thread = threading.Thread(target=self.model.generate, kwargs={**inputs, **self.kwargs(), "streamer": streamer},
                                  daemon=True)
        thread.start()
        first_text, text, pieces = None, "", 0
        for piece in streamer:
            pieces += 1
            text += piece
            if first_text is None and text:
                first_text = time.perf_counter()
        end = time.perf_counter()
        thread.join(timeout=30)
        tokens = len(puts) - 1  # the first put is the prompt
        first_token = puts[1] if len(puts) > 1 else end
        return {"ttft_s": (first_text or end) - started, "first_token_s": first_token - started,
                "total_s": end - started, "decode_s": end - (first_text or end), "tokens": tokens, "text": text,
                "pieces": pieces}


# -- 3-4. the app as a subprocess -----------------------------------------------------------------------------
def chat_parameters(client: Any) -> list[str]:
    """The ``/chat`` endpoint's parameter names, in order, from ``GET /gradio_api/info``."""
    response = client.get("/gradio_api/info")
    response.raise_for_status()
    endpoint = response.json()["named_endpoints"]["/chat"]
    return [p["parameter_name"] for p in endpoint["parameters"]]


def app_call(client: Any, order: list[str], n_tokens: int) -> dict[str, Any]:
    """One streamed ``/chat`` call; times from just before the POST to the first non-empty text and to complete."""
    values = {"message": PROMPT, "history": [], "model": MODEL_ID, "system": "", "temperature": 0, "top_p": 0.9,
              "max_new_tokens": n_tokens, "repetition_penalty": 1.0}
    started = time.perf_counter()
    response = client.post("/gradio_api/call/chat", json={"data": [values[name] for name in order]})
    response.raise_for_status()
    event_id = response.json()["event_id"]
    posted = time.perf_counter()
    event, first_text, complete, text = None, None, None, ""
    arrivals: list[float] = []
    with client.stream("GET", f"/gradio_api/call/chat/{event_id}") as stream:
        stream.raise_for_status()
        for line in stream.iter_lines():  # the server closes the stream after complete/error
            now = time.perf_counter()
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:") and event == "generating":
                arrivals.append(now)
                data = json.loads(line[5:].strip() or "null")
                text = data[0] if data else ""
                if first_text is None and text:
                    first_text = now
            elif line.startswith("data:") and event in ("complete", "error"):
                if event == "error":
                    raise CallFailed(line[5:].strip()[:500])
                complete = now
                data = json.loads(line[5:].strip() or "null")
                text = data[0] if data else text
    if complete is None or first_text is None:
        raise CallFailed(f"stream ended without text or completion (last event {event})")
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:], strict=False)]
    return {"ttft_s": first_text - started, "post_s": posted - started, "total_s": complete - started,
            "decode_s": complete - first_text, "events": len(arrivals), "median_gap_s": med(gaps),
            "max_gap_s": max(gaps) if gaps else float("nan"), "text": text, "started": started, "ended": complete}


def rounds_phase(server: Server, bare: Bare, rounds: int, n_tokens: int, deadline: float) -> dict[str, Any]:
    """Bare (a), bare (b) and the app, interleaved in rotating order, ``rounds`` times (at least 2; no new round
    starts after ``deadline``, so a machine slowed by other work still finishes in time)."""
    import httpx

    sides = ["plain", "streamed", "app"]
    runs: dict[str, list[dict[str, Any]]] = {side: [] for side in sides}
    with httpx.Client(base_url=server.url, timeout=300.0) as client:
        order = chat_parameters(client)
        with Meter(server.proc.pid if server.proc else None) as meter:
            for i in range(rounds):
                if i >= 2 and time.perf_counter() > deadline:
                    log(f"time budget reached: {i} rounds instead of {rounds}")
                    break
                for side in sides[i % 3:] + sides[:i % 3]:
                    time.sleep(0.2)  # let the other side's threads go idle
                    if side == "plain":
                        runs[side].append(bare.plain())
                    elif side == "streamed":
                        runs[side].append(bare.streamed())
                    else:
                        runs[side].append(app_call(client, order, n_tokens))
                log(f"round {i + 1}/{rounds}: bare {runs['plain'][-1]['total_s']:.1f} s, "
                    f"app {runs['app'][-1]['total_s']:.1f} s")
    return {"order": order, "runs": runs, "cpu": meter.result}


def concurrent_phase(server: Server, n_tokens: int) -> dict[str, Any]:
    """Two threads, each streaming one ``/chat`` call, started together."""
    import httpx

    results: list[dict[str, Any] | None] = [None, None]
    errors: list[str] = []
    gate = threading.Barrier(2, timeout=30)

    def one(index: int) -> None:
        with httpx.Client(base_url=server.url, timeout=300.0) as client:
            order = chat_parameters(client)
            try:
                gate.wait()
                results[index] = app_call(client, order, n_tokens)
            except Exception as exc:  # noqa: BLE001 - reported
                errors.append(f"{type(exc).__name__}: {exc}"[:300])

    threads = [threading.Thread(target=one, args=(k,), daemon=True) for k in range(2)]
    with Meter(server.proc.pid if server.proc else None) as meter:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
    done = [r for r in results if r is not None]
    if len(done) < 2:
        return {"errors": errors or ["a thread did not finish"], "cpu": meter.result}
    span = max(r["ended"] for r in done) - min(r["started"] for r in done)
    return {"errors": errors, "span_s": span, "aggregate_tokens_per_s": 2 * n_tokens / span,
            "ttft_s": [r["ttft_s"] for r in done], "total_s": [r["total_s"] for r in done],
            "same_text": done[0]["text"] == done[1]["text"], "text": done[0]["text"], "cpu": meter.result}


# -- 5. the report --------------------------------------------------------------------------------------------
def summarise(phase: dict[str, Any], n: int) -> dict[str, Any]:
    plain, streamed, app = (phase["runs"][k] for k in ("plain", "streamed", "app"))
    paired = [a["ttft_s"] - s["ttft_s"] for a, s in zip(app, streamed, strict=True)]
    s = {
        "bare_plain_total_s": med([r["total_s"] for r in plain]),
        "bare_streamed_total_s": med([r["total_s"] for r in streamed]),
        "bare_ttft_s": med([r["ttft_s"] for r in streamed]),
        "bare_first_token_s": med([r["first_token_s"] for r in streamed]),
        "bare_streamed_decode_s": med([r["decode_s"] for r in streamed]),
        "app_ttft_s": med([r["ttft_s"] for r in app]), "app_post_s": med([r["post_s"] for r in app]),
        "app_total_s": med([r["total_s"] for r in app]), "app_decode_s": med([r["decode_s"] for r in app]),
        "added_ttft_paired_s": med(paired),
        "app_events": [r["events"] for r in app], "app_median_gap_s": med([r["median_gap_s"] for r in app]),
        "app_max_gap_s": max(r["max_gap_s"] for r in app),
        "tokens_plain": sorted({r["tokens"] for r in plain}),
        "tokens_streamed": sorted({r["tokens"] for r in streamed}),
        "prompt_tokens": plain[0]["prompt_tokens"],
        "app_text_equals_bare": all(r["text"] == plain[0]["text"] for r in app),
        "bare_texts_equal": all(r["text"] == plain[0]["text"] for r in [*plain, *streamed]),
    }
    s["bare_best_tokens_per_s"] = n / min(r["total_s"] for r in plain)
    s["app_best_tokens_per_s"] = n / min(r["total_s"] for r in app)
    s["bare_tokens_per_s"] = n / s["bare_plain_total_s"]
    s["bare_streamed_tokens_per_s"] = n / s["bare_streamed_total_s"]
    s["bare_streamed_decode_tokens_per_s"] = n / s["bare_streamed_decode_s"]
    s["app_tokens_per_s"] = n / s["app_total_s"]
    s["app_decode_tokens_per_s"] = n / s["app_decode_s"]
    s["ratio"] = s["app_tokens_per_s"] / s["bare_tokens_per_s"]
    s["ratio_decode"] = s["app_decode_tokens_per_s"] / s["bare_streamed_decode_tokens_per_s"]
    s["added_ttft_s"] = s["app_ttft_s"] - s["bare_ttft_s"]
    return s


def report(results: dict[str, Any]) -> str:
    m, mod, s, c, n = (results[k] for k in ("machine", "model", "summary", "concurrent", "n_tokens"))
    ok = results["targets"]
    rows: list[str] = []

    def row(name: str, value: object, target: str = "", met: str | None = None) -> None:
        verdict = "" if met is None else ("  MET" if ok[met] else "  NOT MET")
        rows.append(f"{name:<64}{value!s:>18}  {target}{verdict}".rstrip())

    def cpu(x: dict[str, float]) -> str:
        return f"{x['bench_cores']} / {x['app_cores']} / {x['other_cores']}"

    rounds = len(results["summary"]["app_events"])
    row(f"bare generate, {n} tokens, median of {rounds}: total (s)", f"{s['bare_plain_total_s']:.2f}")
    row("bare tokens/s (N / total, prefill included)", f"{s['bare_tokens_per_s']:.2f}")
    row("bare streamed (TextIteratorStreamer thread): total (s)", f"{s['bare_streamed_total_s']:.2f}")
    row("  tokens/s: N / total  |  N / (end - first text)",
        f"{s['bare_streamed_tokens_per_s']:.2f} | {s['bare_streamed_decode_tokens_per_s']:.2f}")
    row("bare TTFT: first non-empty text / first token put (ms)",
        f"{ms(s['bare_ttft_s'])} / {ms(s['bare_first_token_s'])}")
    row(f"app over HTTP, {n} tokens, median of {rounds}: total (s)", f"{s['app_total_s']:.2f}")
    row("app tokens/s (N / total, from before the POST)", f"{s['app_tokens_per_s']:.2f}")
    row("app tokens/s (N / (complete - first text))", f"{s['app_decode_tokens_per_s']:.2f}")
    row("ratio app / bare tokens/s (N / total both)", f"{s['ratio']:.1%}", f">= {TARGET_RATIO:.0%}", "ratio")
    row("  best round: bare / app tokens/s (N / total)",
        f"{s['bare_best_tokens_per_s']:.2f} / {s['app_best_tokens_per_s']:.2f}")
    row("  ratio of decode rates (after first text; app vs bare streamed)", f"{s['ratio_decode']:.1%}")
    row("app TTFT via HTTP: first non-empty 'generating' (ms)", ms(s["app_ttft_s"]))
    row("  of which POST until the event id (ms)", ms(s["app_post_s"]))
    row("added TTFT: median(app) - median(bare streamed) (ms)", ms(s["added_ttft_s"]),
        f"<= {TARGET_ADDED_TTFT_MS:g} ms", "added_ttft")
    row("  added TTFT, per round pair, median (ms)", ms(s["added_ttft_paired_s"]))
    row("app 'generating' events per call", ", ".join(map(str, s["app_events"])))
    row("  gap between events: median / max (ms)", f"{ms(s['app_median_gap_s'])} / {ms(s['app_max_gap_s'])}")
    row("tokens generated: bare plain / bare streamed",
        f"{s['tokens_plain']} / {s['tokens_streamed']}", f"{n}", "n_tokens")
    row("app final text == bare text (greedy, same weights)", s["app_text_equals_bare"], "True", "same_text")
    row("  CPU cores busy in the rounds: bench / app / other procs", cpu(results["rounds_cpu"]))
    if c.get("errors"):
        row("2 concurrent chats: errors", "; ".join(c["errors"])[:120])
    else:
        row("2 concurrent chats: wall time for both (s)", f"{c['span_s']:.2f}")
        row("  aggregate tokens/s (2N / wall)", f"{c['aggregate_tokens_per_s']:.2f}")
        row("  vs one at a time (app, N / total)", f"{s['app_tokens_per_s']:.2f}")
        row("  speed-up of 2 at once over one at a time", f"{c['aggregate_tokens_per_s'] / s['app_tokens_per_s']:.2f}x")
        row("  per chat: TTFT (ms)", " / ".join(str(ms(x)) for x in c["ttft_s"]))
        row("  per chat: total (s)", " / ".join(f"{x:.2f}" for x in c["total_s"]))
        row("  both texts == bare text", c["same_text"] and c["text"] == results["bare_text"])
        row("  CPU cores busy: bench / app / other procs", cpu(c["cpu"]))
    width = 104
    noisy = [k for k, x in (("rounds", results["rounds_cpu"]), ("concurrent", c["cpu"]))
             if x["other_cores"] > NOISY_CORES]
    return "\n".join([
        "=" * width,
        "Chat streaming benchmark: Qwen2.5-0.5B architecture (random weights, fp32) on CPU, app /chat API vs bare",
        f"machine: {m['cores']} CPU cores (affinity {m['affinity']}), torch threads {m['torch_threads']}, "
        f"load avg {m['loadavg_start']} at start, {results['loadavg_end']} at end; "
        f"{m['busy_cores_before']} cores busy before the run",
        f"software: {m['platform']}, python {m['python']}, torch {m['torch']}, transformers {m['transformers']}, "
        f"gradio {m['gradio']}",
        f"model: {mod['params']:,} params, {mod['weights_mb']} MB safetensors, {mod['layers']} layers x "
        f"{mod['hidden']}, vocab {mod['vocab']:,} (tokenizer {mod['tokenizer_ids']:,} ids); "
        f"build {mod['build_s']} s (tokenizer + random init), save {mod['save_s']} s, "
        f"bare load {results['bare_load_s']:.1f} s",
        f"app: ready {results['app_ready_s']:.1f} s after launch (while the bare model warmed up); "
        f"first call (model load + {n} tokens) "
        f"{results['warmup_s']:.1f} s",
        f"prompt: {PROMPT!r} ({s['prompt_tokens']} tokens), greedy, N = {n} new tokens (min_new_tokens = N), "
        "repetition_penalty 1.0, system ''",
        "-" * width,
        f"{'measure':<64}{'value':>18}  target",
        "-" * width,
        *rows,
        *footer(ok, results["total_s"], results["quick"], noisy, width),
    ])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="24 tokens and 2 rounds (about 1.5 minutes)")
    parser.add_argument("--json", metavar="PATH", type=Path, help="also write the results as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary model folder and the app log")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` stops the app on a kill too

    n_tokens, rounds = (24, 2) if args.quick else (64, 3)
    begin = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="bench-chat-"))
    try:
        import gradio
        import torch
        import transformers

        results: dict[str, Any] = {"quick": args.quick, "n_tokens": n_tokens, "rounds": rounds, "machine": {
            "cores": os.cpu_count(), "affinity": len(os.sched_getaffinity(0)), "torch_threads": torch.get_num_threads(),
            "platform": platform.platform(terse=True), "python": platform.python_version(),
            "torch": torch.__version__, "transformers": transformers.__version__, "gradio": gradio.__version__,
            "loadavg_start": loadavg()}}
        results["machine"]["busy_cores_before"] = wait_for_quiet(limit=20.0, sample=1.0)
        log(f"building the model in {workdir}")
        folder, catalog, results["model"] = build_model(workdir, n_tokens)
        log(f"built in {results['model']['build_s']} s, saved in {results['model']['save_s']} s; starting the app")
        with Server(catalog, workdir) as server:  # starts while the bare model loads and warms up
            bare = Bare(folder, n_tokens)
            results["bare_load_s"] = bare.load_s
            warm = bare.plain()  # warm-up, and the reference answer
            results["bare_text"] = warm["text"]
            results["app_ready_s"] = server.wait_ready()
            log("app warm-up call (loads the model)")
            import httpx

            with httpx.Client(base_url=server.url, timeout=300.0) as client:
                started = time.perf_counter()
                first = app_call(client, chat_parameters(client), n_tokens)
                results["warmup_s"] = time.perf_counter() - started
                results["warmup_text_equals_bare"] = first["text"] == warm["text"]
            log("interleaved rounds: bare generate, bare streamed, app")
            phase = rounds_phase(server, bare, rounds, n_tokens, deadline=begin + ROUNDS_BUDGET_S)
            results["parameter_order"] = phase["order"]
            results["rounds_cpu"] = phase["cpu"]
            results["summary"] = summarise(phase, n_tokens)
            del bare  # free its 2 GB before two chats run in the app
            log("2 concurrent chats")
            results["concurrent"] = concurrent_phase(server, n_tokens)
        s = results["summary"]
        results["targets"] = {
            "ratio": s["ratio"] >= TARGET_RATIO,
            "added_ttft": s["added_ttft_s"] * 1000 <= TARGET_ADDED_TTFT_MS,
            "n_tokens": s["tokens_plain"] == [n_tokens] and s["tokens_streamed"] == [n_tokens],
            "same_text": s["app_text_equals_bare"] and results["warmup_text_equals_bare"],
        }
        results["total_s"] = round(time.perf_counter() - begin, 1)
        results["loadavg_end"] = loadavg()
        print(report(results), flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
            log(f"wrote {args.json}")
        return 0 if all(results["targets"].values()) else 1
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
