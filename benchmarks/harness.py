"""What the benchmarks share: the app as a subprocess on a free local port, CPU meters, small statistics.

Only 127.0.0.1 is ever contacted; every subprocess is stopped, even when a benchmark fails.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
NOISY_CORES = 0.25  # other processes' CPU use above which a phase is flagged as disturbed

# Offline, quiet, no telemetry: here and in the app each benchmark starts (it inherits the environment).
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
sys.path.insert(0, str(ROOT))  # the benchmarks import the playground's own modules


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def pct(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), linear interpolation."""
    data = sorted(values)
    if not data:
        return float("nan")
    k = (len(data) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (k - lo)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def med(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def wait_for_quiet(limit: float = 60.0, sample: float = 2.0) -> float:
    """Wait (at most ``limit`` s) until the machine is nearly idle; returns the last busy-cores sample."""
    deadline = time.perf_counter() + limit
    while True:
        busy0 = machine_busy_seconds()
        time.sleep(sample)
        busy = (machine_busy_seconds() - busy0) / sample
        if busy <= NOISY_CORES or time.perf_counter() >= deadline:
            return round(busy, 2)
        log(f"machine busy ({busy:.2f} cores used by other processes): waiting for it to settle")


def machine_busy_seconds() -> float:
    """CPU time all cores spent busy (not idle or waiting on I/O) since boot, from /proc/stat."""
    values = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


class Meter:
    """CPU cores used during a phase: by this process, by the app (if any), and by everything else."""

    def __init__(self, server_pid: int | None = None) -> None:
        self.server_pid = server_pid
        self.result: dict[str, float] = {}

    def __enter__(self) -> Meter:
        self.t0, self.own0, self.busy0 = time.perf_counter(), time.process_time(), machine_busy_seconds()
        self.server0 = cpu_seconds(self.server_pid) if self.server_pid else 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        wall = max(time.perf_counter() - self.t0, 1e-9)
        own = time.process_time() - self.own0
        server = cpu_seconds(self.server_pid) - self.server0 if self.server_pid else 0.0
        busy = machine_busy_seconds() - self.busy0
        self.result = {"wall_s": round(wall, 1), "bench_cores": round(own / wall, 2),
                       "app_cores": round(server / wall, 2),
                       "other_cores": round(max(0.0, busy - own - server) / wall, 2)}


class CallFailed(RuntimeError):
    pass


def call_api(client: Any, api_name: str, data: list[Any], session: str | None = None) -> tuple[Any, float]:
    """One call of a named endpoint over Gradio's HTTP API (``client``: an ``httpx.Client`` on the app's URL).

    Returns (outputs, seconds until the event id). Without ``session`` every call is a new Gradio session (as with
    curl); with one, calls share it (as the browser page and ``gradio_client`` do).
    """
    started = time.perf_counter()
    body: dict[str, Any] = {"data": data}
    if session:
        body["session_hash"] = session
    response = client.post(f"/gradio_api/call/{api_name}", json=body)
    response.raise_for_status()
    event_id = response.json()["event_id"]
    posted = time.perf_counter() - started
    event, payload = None, None
    with client.stream("GET", f"/gradio_api/call/{api_name}/{event_id}") as stream:
        stream.raise_for_status()
        for line in stream.iter_lines():  # read to the end so the connection is reused
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                payload = line[5:].strip()
    if event != "complete":
        raise CallFailed(f"{event}: {payload}")
    return json.loads(payload or "null"), posted


@dataclass
class Server:
    """``python app.py`` on a free local port; always stopped by ``stop()`` (use as a context manager)."""

    catalog: Path
    logdir: Path
    max_batch: int | None = None
    options: list[str] = field(default_factory=list)  # more command-line options for app.py
    port: int = 0
    proc: subprocess.Popen[bytes] | None = None
    launched: float = 0.0
    logfile: Path = field(default_factory=Path)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def __enter__(self) -> Server:
        self.port = free_port()
        # No per-student rate limit: a benchmark is one very busy "student" (options may set one again).
        command = [sys.executable, str(ROOT / "app.py"), "--catalog", str(self.catalog), "--port", str(self.port),
                   "--host", HOST, "--rate-limit", "0"]
        if self.max_batch is not None:
            command += ["--max-batch", str(self.max_batch)]
        command += self.options
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
        self.logfile = self.logdir / f"app-{self.port}.log"
        with self.logfile.open("wb") as out:
            self.launched = time.perf_counter()
            self.proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        return self

    def wait_ready(self, timeout: float = 90.0) -> float:
        """Seconds from launch to the first HTTP 200 on ``GET /``."""
        import httpx

        deadline = self.launched + timeout
        with httpx.Client(timeout=2.0) as client:
            while time.perf_counter() < deadline:
                if self.proc is None or self.proc.poll() is not None:
                    raise RuntimeError(f"the app exited during start-up:\n{self.log_tail()}")
                with contextlib.suppress(httpx.TransportError):
                    if client.get(self.url + "/").status_code == 200:
                        return time.perf_counter() - self.launched
                time.sleep(0.05)
        raise RuntimeError(f"the app did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def mapped(self, needle: str) -> bool:
        """Whether a file whose path contains ``needle`` is mapped into the server (a loaded library or weights)."""
        assert self.proc is not None
        return needle in Path(f"/proc/{self.proc.pid}/maps").read_text(errors="replace")

    def rss_mb(self) -> float:
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # its own session, started by us
            proc.wait(timeout=10)


def footer(ok: dict[str, bool], total_s: float, quick: bool, noisy: Sequence[str], width: int) -> list[str]:
    """The closing lines of a report: targets met, run time, and whether other processes disturbed it."""
    return [
        "-" * width,
        f"targets met: {sum(ok.values())} / {len(ok)}   " + ", ".join(f"{k}: {'yes' if v else 'NO'}"
                                                               for k, v in ok.items()),
        f"total run time {total_s:.0f} s{' (--quick)' if quick else ''}; "
        + (f"WARNING: other processes used > {NOISY_CORES} cores during: {', '.join(noisy)} (figures disturbed)"
           if noisy else f"other processes stayed under {NOISY_CORES} cores in every phase"),
        "=" * width,
    ]
