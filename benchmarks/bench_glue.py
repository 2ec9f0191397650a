"""What the glue costs: the playground's server CPU per ``/sentiment`` call against a bare Gradio app serving the
same tiny model, both measured in one run.

    python benchmarks/bench_glue.py                    # 20 sessions x 6 calls, 4 rounds per app, interleaved
    python benchmarks/bench_glue.py --sessions 30 --calls 10 --rounds 6
    python benchmarks/bench_glue.py --before OLD_TREE  # also another checkout's playground, in the same run
    python benchmarks/bench_glue.py --bare-only PORT   # just serve the bare app (for a profiler)

Both apps run as subprocesses on 127.0.0.1 with HF_HUB_OFFLINE=1, on the tiny English sentiment model of
``scripts/tiny_models.py`` (built once, reused):

* the playground: ``python app.py --catalog <tiny catalog> --rate-limit 0`` (every tab, the fair-use guard, the
  login middleware, the batcher, session state and the two languages, as a class gets it);
* the bare app: one ``gr.Blocks`` with a text box, a model box and a ``gr.Label``, whose button calls a
  ``transformers`` text-classification pipeline (``top_k=None``) on the same folder, wired with
  ``api_name="sentiment"`` and Gradio's default queue.

The load: ``--sessions`` client threads, each with a session of its own (as the page and gradio_client give
every student), each sending ``--calls`` texts one after another over Gradio's HTTP API (POST, then the SSE
stream to ``event: complete``). One round loads one app; rounds alternate between the apps (the order turns
every round), so a busy machine disturbs them alike. The figure is the server process's CPU time (user + system,
all threads, from /proc/<pid>/stat) over the round divided by the calls: CPU ms per call. The ratio is
playground / bare, the median over rounds of the per-round ratio.

Both servers get ``OMP_WAIT_POLICY=PASSIVE`` by default (``--omp-wait``): torch's OpenMP threads otherwise spin
after every parallel region, and that spinning grows with wall time and the machine's load, not with the work (a
server that answers sooner spins for the rest of the round), so it swamps the comparison on a busy machine.
``--omp-wait unset`` measures them as a class runs them; both figures are worth reporting.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import harness
from harness import ROOT, Server, call_api, cpu_seconds, free_port, loadavg, log, machine_busy_seconds

MODEL_ID = "tiny/sentiment-en"
MODEL_DIR = "sentiment-en"
TEXTS = ["What a wonderful film, I would watch it again.", "The plot made no sense and the acting was wooden.",
         "영화가 정말 재미있었어요.", "I fell asleep halfway through; it was painfully slow.",
         "A beautiful, moving story about family and friendship.", "Two hours I will never get back."]


def tiny_catalog() -> Path:
    sys.path.insert(0, str(ROOT / "scripts"))
    import tiny_models

    folder = os.environ.get("PLAYGROUND_TINY_DIR") or ROOT / ".cache" / "tiny-models"
    return tiny_models.build_all(Path(folder))


def serve_bare(folder: Path, port: int) -> None:
    """The bare app: Gradio + a transformers pipeline, nothing else."""
    import gradio as gr
    from transformers import pipeline

    classify = pipeline("text-classification", model=str(folder), top_k=None)

    def sentiment(text: str, model: str) -> dict[str, float]:
        out = classify(text)
        scores = out[0] if out and isinstance(out[0], list) else out
        return {d["label"].lower(): float(d["score"]) for d in scores}

    with gr.Blocks() as demo:
        text = gr.Textbox()
        model = gr.Textbox(value=MODEL_ID)
        result = gr.Label(num_top_classes=3)
        gr.Button().click(sentiment, [text, model], result, api_name="sentiment")
    demo.queue().launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True)
    print("bare app ready", flush=True)
    demo.block_thread()


class BareServer(Server):
    """``python bench_glue.py --bare-only PORT`` as a subprocess (the harness's start, readiness and stop)."""

    folder: Path = Path()

    def __enter__(self) -> BareServer:
        self.port = free_port()
        self.logfile = self.logdir / f"bare-{self.port}.log"
        with self.logfile.open("wb") as out:
            self.launched = time.perf_counter()
            self.proc = subprocess.Popen(
                [sys.executable, __file__, "--bare-only", str(self.port), "--folder", str(self.folder)], cwd=ROOT,
                env={**os.environ}, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True)
        return self


class TreeServer(Server):
    """The playground of another checkout (``--before``): its own app.py, run from its folder."""

    root: Path = ROOT

    def __enter__(self) -> TreeServer:
        saved, harness.ROOT = harness.ROOT, self.root  # Server starts harness.ROOT / "app.py"
        try:
            super().__enter__()
        finally:
            harness.ROOT = saved
        return self


def load(url: str, sessions: int, calls: int) -> list[str]:
    """``sessions`` threads, each its own session, ``calls`` calls each; returns the errors."""
    import httpx

    errors: list[str] = []
    start = threading.Barrier(sessions)

    def student(index: int) -> None:
        session = uuid.uuid4().hex
        with httpx.Client(base_url=url, timeout=60.0) as client:
            start.wait()
            for k in range(calls):
                try:
                    call_api(client, "sentiment", [TEXTS[(index + k) % len(TEXTS)], MODEL_ID], session)
                except Exception as exc:  # noqa: BLE001 - counted and reported
                    errors.append(f"{type(exc).__name__}: {exc}"[:200])

    threads = [threading.Thread(target=student, args=(i,), daemon=True) for i in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def measure(server: Server, sessions: int, calls: int) -> dict[str, Any]:
    assert server.proc is not None
    pid = server.proc.pid
    time.sleep(0.3)  # the last round's stragglers (Gradio's cleanup tasks) settle
    cpu0, wall0, busy0 = cpu_seconds(pid), time.perf_counter(), machine_busy_seconds()
    errors = load(server.url, sessions, calls)
    cpu, wall, busy = cpu_seconds(pid) - cpu0, time.perf_counter() - wall0, machine_busy_seconds() - busy0
    n = sessions * calls
    return {"cpu_ms_per_call": 1000 * cpu / n, "wall_s": wall, "calls_per_s": n / wall, "errors": errors,
            "machine_cores": busy / wall}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--calls", type=int, default=6, help="calls per session in one round")
    parser.add_argument("--rounds", type=int, default=4, help="measured rounds per app (after one warm-up each)")
    parser.add_argument("--bare-only", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--before", type=Path, metavar="TREE", help="another checkout's playground to measure too")
    parser.add_argument("--torch-threads", type=int, default=0,
                        help="OMP_NUM_THREADS of every server (default: unset, as a class runs it)")
    parser.add_argument("--omp-wait", choices=("passive", "active", "unset"), default="passive",
                        help="OMP_WAIT_POLICY of every server (default passive: OpenMP threads sleep between forward "
                             "passes instead of spinning, so spin time, which grows with wall time and the "
                             "machine's load, not with the work, stays out of the CPU figures)")
    parser.add_argument("--option", action="append", default=[], help="one more option for app.py (repeatable)")
    args = parser.parse_args(argv)
    if args.bare_only:
        serve_bare(args.folder or tiny_catalog().parent / MODEL_DIR, args.bare_only)
        return 0

    if args.torch_threads:
        os.environ["OMP_NUM_THREADS"] = str(args.torch_threads)  # the servers inherit it
    if args.omp_wait != "unset":
        os.environ["OMP_WAIT_POLICY"] = args.omp_wait.upper()
    catalog = tiny_catalog()
    names = ["playground", "bare"] + (["before"] if args.before else [])
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory(prefix="bench-glue-") as tmp, contextlib.ExitStack() as stack:
        logdir = Path(tmp)
        bare = BareServer(catalog, logdir)
        bare.folder = catalog.parent / MODEL_DIR
        servers: dict[str, Server] = {"playground": Server(catalog, logdir, options=args.option), "bare": bare}
        if args.before:
            servers["before"] = TreeServer(catalog, logdir, options=args.option)
            servers["before"].root = args.before.resolve()  # type: ignore[attr-defined]
        for server in servers.values():
            stack.enter_context(server)
        for name, server in servers.items():  # warm-up: the model loads, Gradio's first-call work is done
            server.wait_ready(180)
            measure(server, args.sessions, 2)
            log(f"{name} warm")
        for r in range(args.rounds):  # the order turns every round
            for name in names[r % len(names):] + names[:r % len(names)]:
                results[name].append(measure(servers[name], args.sessions, args.calls))
                log(f"round {r + 1} {name}: {results[name][-1]['cpu_ms_per_call']:.2f} ms CPU per call")
    bare_ms = [x["cpu_ms_per_call"] for x in results["bare"]]
    errors = sum(len(x["errors"]) for v in results.values() for x in v)
    busy = statistics.mean(x["machine_cores"] for v in results.values() for x in v)
    print(f"server CPU per /sentiment call, {args.sessions} sessions x {args.calls} calls, {args.rounds} rounds per "
          f"app, interleaved; OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}, "
          f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', 'unset')}")
    print(f"  {os.cpu_count()} cores, load avg {loadavg()}, machine busy {busy:.2f} cores on average")
    labels = {"playground": "playground", "bare": "bare gradio", "before": "before"}
    for name in names:
        values = [x["cpu_ms_per_call"] for x in results[name]]
        rate = statistics.median(x["calls_per_s"] for x in results[name])
        print(f"  {labels[name]:<12} CPU ms/call median {statistics.median(values):6.2f}  rounds "
              + " ".join(f"{v:.2f}" for v in values) + f"   ({rate:.0f} calls/s)")
    for name in (n for n in names if n != "bare"):
        values = [x["cpu_ms_per_call"] for x in results[name]]
        ratios = [p / b for p, b in zip(values, bare_ms, strict=True)]
        print(f"  ratio {labels[name]} / bare: median {statistics.median(ratios):.2f}x  (per round "
              + " ".join(f"{v:.2f}" for v in ratios) + f"); ratio of medians "
              f"{statistics.median(values) / statistics.median(bare_ms):.2f}x")
    print(f"  errors {errors}")
    if errors:
        print("  first errors: " + "; ".join(x["errors"][0] for v in results.values() for x in v if x["errors"])[:600])
    return 0 if not errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
