"""Benchmark the remote backend: the app's ``/chat`` on a remote catalog entry against calling the same server
directly with ``InferenceClient``, and one MCP tool call against the same call through ``/gradio_api/call/...``.

All in one run, only 127.0.0.1 is contacted, nothing is downloaded:

1. The Qwen2.5-0.5B architecture with random weights (494M parameters, built by ``bench_chat.build_model``, whose
   generation config sets ``min_new_tokens = N`` so no side stops early) served by the real ``transformers serve``
   (``scripts/remote_server.py``, its own process, offline).
2. The app (``python app.py --mcp``, another process) with a catalog whose chat entry is
   ``remote: {service: openai, url: <that server>, model: <its folder>}``; the app runs with ``HF_HUB_OFFLINE``
   unset because huggingface_hub refuses every request in offline mode (the catalog has no Hub model).
3. Rounds interleave (a) ``InferenceClient(base_url=...).chat_completion(stream=True)`` from this process and
   (b) ``POST /gradio_api/call/chat`` + its SSE stream, both greedy with N new tokens: time to the first
   non-empty text (TTFT, from just before the request) and tokens/s after it (N / (end - first text)).
4. MCP: ``dataset_info`` on a small local CSV through the ``mcp`` SDK client (streamable HTTP at
   ``/gradio_api/mcp/``, one session, ``call_tool``) against ``POST /gradio_api/call/dataset_info`` + GET.

Targets: app tokens/s >= 0.95 x direct; app TTFT <= direct + 50 ms (medians). Exit status 0 when both are met.

    python benchmarks/bench_remote.py             # N = 48 tokens, 3 rounds
    python benchmarks/bench_remote.py --quick     # N = 16 tokens, 2 rounds
    python benchmarks/bench_remote.py --model-dir .cache/tiny-models/chat --rounds 5
        # a folder of your own instead (the tiny model answers in milliseconds, so the app's own share of the
        # first token shows; its answers may end early at EOS, so only TTFT is meaningful there)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from harness import ROOT, CallFailed, call_api, free_port, log, med, ms  # also sets the offline environment

sys.path.insert(0, str(ROOT / "scripts"))
import bench_chat  # noqa: E402
import remote_server  # noqa: E402

MODEL_ID = "bench/remote-qwen2.5-0.5b-arch"
DATA_ROWS = "id,document,label\n" + "".join(f"{i},리뷰 {i} 재밌어요,{i % 2}\n" for i in range(200))


def write_catalog(workdir: Path, served: remote_server.Served) -> Path:
    import yaml

    from playground.catalog import load_catalog

    catalog = {"version": 1, "tasks": {
        "chat": {"models": [{
            "id": MODEL_ID, "name": "Qwen2.5-0.5B architecture on transformers serve (benchmark)",
            "license": "apache-2.0", "languages": ["en", "ko"], "params": "494M", "size_mb": 1976,
            "default": ["cpu", "gpu"],
            "remote": {"service": "openai", "url": served.url, "model": served.model, "timeout": 300,
                       "context_window": 4096}}]},
        "sentiment": {"models": [{
            "id": "bench/unused-sentiment", "name": "Unused placeholder (never loaded)", "license": "apache-2.0",
            "languages": ["en"], "params": "1M", "size_mb": 1, "default": ["cpu", "gpu"]}]}}}
    path = workdir / "catalog.yaml"
    path.write_text(yaml.safe_dump(catalog, sort_keys=False, allow_unicode=True), encoding="utf-8")
    load_catalog(path)  # fails loudly if the schema changed
    return path


class App:
    """``python app.py --mcp`` without HF_HUB_OFFLINE (see the top), stopped on exit."""

    def __init__(self, catalog: Path, data_dir: Path, logdir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
        env["GRADIO_ANALYTICS_ENABLED"] = "False"
        self.log = logdir / "app.log"
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, str(ROOT / "app.py"), "--catalog", str(catalog), "--port", str(self.port),
                 "--host", "127.0.0.1", "--rate-limit", "0", "--mcp", "--data-dir", str(data_dir)],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def wait(self, timeout: float = 120.0) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(self.log.read_text(errors="replace")[-3000:])
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(self.url + "/", timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError("the app did not start")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def direct_call(served: remote_server.Served, n_tokens: int) -> dict[str, Any]:
    from huggingface_hub import InferenceClient

    client = InferenceClient(base_url=served.url, api_key="EMPTY", timeout=300)
    started = time.perf_counter()
    first, text = None, ""
    for chunk in client.chat_completion([{"role": "user", "content": bench_chat.PROMPT}], model=served.model,
                                        stream=True, max_tokens=n_tokens, temperature=0.0):
        piece = chunk.choices[0].delta.content if chunk.choices else None
        if piece:
            text += piece
            if first is None:
                first = time.perf_counter()
    ended = time.perf_counter()
    client.close()
    if first is None:
        raise CallFailed("the server streamed no text")
    return {"ttft_s": first - started, "decode_s": ended - first, "total_s": ended - started, "text": text}


def mcp_calls(url: str, source: str, n: int) -> list[float]:
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    async def run() -> list[float]:
        times = []
        async with streamable_http_client(f"{url}/gradio_api/mcp/") as (read, write, _), \
                ClientSession(read, write) as session:
            await session.initialize()
            for _ in range(n):
                started = time.perf_counter()
                result = await session.call_tool("dataset_info", {"source": source})
                times.append(time.perf_counter() - started)
                if result.isError:
                    raise CallFailed(str(result.content)[:300])
        return times

    return asyncio.run(run())


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true")
    p.add_argument("--json", metavar="PATH")
    p.add_argument("--model-dir", metavar="PATH", type=Path, help="serve this chat model folder instead")
    p.add_argument("--rounds", type=int, help="rounds of (direct, app) calls")
    args = p.parse_args(argv)
    n_tokens, rounds = (16, 2) if args.quick else (48, 3)
    rounds = args.rounds or rounds
    import httpx
    import huggingface_hub.constants

    # harness sets HF_HUB_OFFLINE=1, under which huggingface_hub refuses every request, loopback too; this process
    # only ever calls 127.0.0.1 (the server and the app)
    huggingface_hub.constants.HF_HUB_OFFLINE = False

    results: dict[str, Any] = {"n_tokens": n_tokens, "rounds": rounds}
    with tempfile.TemporaryDirectory(prefix="bench-remote-") as tmp:
        work = Path(tmp)
        if args.model_dir:
            folder, results["model"] = args.model_dir.resolve(), str(args.model_dir)
        else:
            log("building the Qwen2.5-0.5B architecture (random weights)")
            folder, _, results["model"] = bench_chat.build_model(work, n_tokens)
        log("starting transformers serve")
        served = remote_server.start(folder)
        app = None
        try:
            data = work / "data"
            data.mkdir()
            (data / "reviews.csv").write_text(DATA_ROWS, encoding="utf-8")
            app = App(write_catalog(work, served), data, work)
            app.wait()
            log(f"app at {app.url}, server at {served.url}")
            direct_call(served, 4)  # warm-up both paths
            with httpx.Client(base_url=app.url, timeout=600) as client:
                bench_chat.MODEL_ID = MODEL_ID  # app_call asks for this catalog id
                order = bench_chat.chat_parameters(client)
                bench_chat.app_call(client, order, 4)
                direct, through = [], []
                for i in range(rounds):
                    log(f"round {i + 1}/{rounds}")
                    direct.append(direct_call(served, n_tokens))
                    through.append(bench_chat.app_call(client, order, n_tokens))
                same = all(d["text"] == t["text"] for d, t in zip(direct, through, strict=True))
                mcp_times = mcp_calls(app.url, "reviews.csv", 20)
                api_times = []
                for _ in range(20):
                    started = time.perf_counter()
                    call_api(client, "dataset_info", ["reviews.csv", None, None])
                    api_times.append(time.perf_counter() - started)
        finally:
            if app:
                app.stop()
            served.stop()
    tps = {name: med([n_tokens / r["decode_s"] for r in runs]) for name, runs in (("direct", direct),
                                                                                 ("app", through))}
    ttft = {"direct": med([r["ttft_s"] for r in direct]), "app": med([r["ttft_s"] for r in through])}
    results["rounds_detail"] = [
        {"direct_ttft_ms": ms(d["ttft_s"]), "app_ttft_ms": ms(a["ttft_s"]), "direct_total_ms": ms(d["total_s"]),
         "app_total_ms": ms(a["total_s"])} for d, a in zip(direct, through, strict=True)]
    results.update({
        "direct_tokens_per_s": round(tps["direct"], 2), "app_tokens_per_s": round(tps["app"], 2),
        "ratio": round(tps["app"] / tps["direct"], 3),
        "direct_ttft_ms": ms(ttft["direct"]), "app_ttft_ms": ms(ttft["app"]),
        "added_ttft_ms": ms(ttft["app"] - ttft["direct"]), "same_text": same,
        "mcp_dataset_info_ms": ms(med(mcp_times)), "api_dataset_info_ms": ms(med(api_times)),
    })
    ok = {"tokens/s >= 0.95x": results["ratio"] >= 0.95, "TTFT +<= 50 ms": results["added_ttft_ms"] <= 50}
    print(json.dumps(results, indent=2))
    print("targets: " + ", ".join(f"{k}: {'yes' if v else 'NO'}" for k, v in ok.items()))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0 if all(ok.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
