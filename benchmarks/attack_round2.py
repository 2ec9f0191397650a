"""The second hardening round's attacks (F1-F14 and the class behind one address), re-run against a checkout and
measured: one line per attack, and the victim's /sentiment latency while the server-side ones run.

    python benchmarks/attack_round2.py                      # this checkout
    python benchmarks/attack_round2.py --root OLD_TREE      # the code before the fixes, same attacks

Bounded: each step has a timeout (``--limit`` seconds, then it is reported as hung); about two minutes in all on
two cores. Loopback only, tiny offline models (``scripts/tiny_models.py``), ``HF_HUB_OFFLINE=1``.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
ACCOUNT = ("teacher", "class-pw-123")
BASIC = "Basic " + base64.b64encode(f"{ACCOUNT[0]}:{ACCOUNT[1]}".encode()).decode()


def run_py(root: Path, code: str, *args: str, limit: float) -> dict[str, Any]:
    """Run ``code`` with ``root`` first on the path; its last stdout line as JSON, or what went wrong."""
    try:
        done = subprocess.run([sys.executable, "-c", code, *args], cwd=root, capture_output=True, text=True,
                              timeout=limit, env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(root)})
    except subprocess.TimeoutExpired:
        return {"error": f"hung (> {limit:.0f} s)"}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["?"])[-1][:160]}
    return json.loads(done.stdout.strip().splitlines()[-1])


BOMB = r"""
import json, os, sys
import pyarrow as pa, pyarrow.parquet as pq
folder, rows, mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
big = "가나다라" * (mb * 2**20 // 12)
column = pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()), pa.array([big]))
pq.write_table(pa.table({"text": column, "label": list(range(rows))}), os.path.join(folder, "bomb.parquet"),
               compression="zstd", use_dictionary=True)
print(json.dumps({"cells": f"{rows} x {mb} MB", "bytes": os.path.getsize(os.path.join(folder, "bomb.parquet"))}))
"""

BOMB_READ = r"""
import json, sys
import duckdb
from playground.data import local
from playground.data.common import Query
peak = lambda: int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) // 1024
local.set_data_dir(sys.argv[1])
base = peak()
try:
    local.local_info("bomb.parquet")
    page = local.local_rows("bomb.parquet", None, 1, 100, Query())
    local.local_stats("bomb.parquet", None, Query(), "text", "text")
    cell = str(page.rows[0]["text"])[-24:]
except Exception as exc:
    cell = f"error: {exc}"[:80]
print(json.dumps({"peak_growth_mb": peak() - base, "cell_end": cell}))
"""

SUMMARIES = r"""
import json, sys, threading
from playground.catalog import load_catalog
from playground.device import detect
from playground.engine import Engine
from playground.tasks import summarize, translate
engine = Engine(load_catalog(sys.argv[1]), detect("cpu"))
line = "이 영화는 {}번째로 본 영화인데 정말 재미있었어요. The story was good and long."
text = "\n".join(line.format(i) for i in range(400))[:20000]
summarize.summarize(engine, text[:500]); translate.translate(engine, "안녕하세요.", source="ko", target="en")
failures, done = [], []
def work(kind):
    for _ in range(3):
        try:
            (summarize.summarize(engine, text, options={"length": "short"}) if kind == "s"
             else translate.translate(engine, text[:3000], source="ko", target="en"))
            done.append(1)
        except Exception as exc:
            failures.append(repr(exc)[:80])
threads = [threading.Thread(target=work, args=(k,)) for k in "ssssss" + "tt"]
[t.start() for t in threads]; [t.join() for t in threads]
print(json.dumps({"calls": len(done) + len(failures), "failures": len(failures), "first": failures[:1]}))
"""

CLASS = r"""
import json, secrets
from playground.classroom.fairuse import Allowance, QueueShare, Who
from playground.classroom.ratelimit import RateLimiter, RateLimited
clock = lambda: 1000.0
pace = Allowance.for_students(RateLimiter(per_minute=60, burst=20, clock=clock))
refused = 0
for n in range(30):
    for _ in range(3):
        try:
            pace.acquire(Who("10.0.0.7", "class", f"s{n}"))
        except RateLimited:
            refused += 1
hammer = 0
for _ in range(100):
    try:
        pace.acquire(Who("10.0.0.7", "class", "eager"))
    except RateLimited:
        hammer += 1
# F6: five addresses x 16 sessions x 4 jobs in a queue of 256 (Gradio refuses past max_size), then 70 tries of
# another student
try:
    share = QueueShare(capacity=256)
except TypeError:
    share = QueueShare()
alive, queued = set(), 0
for a in range(5):
    for s in range(16):
        for j in range(4):
            try:
                t = share.reserve(Who(f"10.0.{a}.1", None, f"{a}-{s}"), alive.__contains__)
            except Exception:
                continue
            if queued >= 256:
                share.bind(t, None); continue
            share.bind(t, f"{a}-{s}-{j}"); alive.add(f"{a}-{s}-{j}"); queued += 1
served = 0
for n in range(70):
    try:
        t = share.reserve(Who("10.9.9.9", None, f"x{n}"), alive.__contains__)
    except Exception:
        continue
    if queued < 256:
        served += 1
    share.bind(t, None)
print(json.dumps({"class_refused_of_90": refused, "hammer_refused_of_100": hammer, "queue_filled": queued,
                  "fresh_student_served_of_70": served}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(root: Path, catalog: str, port: int, log: Path, data: Path) -> subprocess.Popen:
    cmd = [sys.executable, "app.py", "--catalog", catalog, "--host", "127.0.0.1", "--port", str(port), "--mcp",
           "--auth", f"{ACCOUNT[0]}:{ACCOUNT[1]}", "--data-dir", str(data)]
    proc = subprocess.Popen(cmd, cwd=root, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(root)})
    for _ in range(600):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.25)
    proc.kill()
    raise SystemExit(f"the app did not start: see {log}")


def victim(client: Any) -> float:
    """One /sentiment call of a student signed in before the attacks (a password guesser slows new logins)."""
    started = time.perf_counter()
    client.predict("정말 재밌어요", api_name="/sentiment")
    return time.perf_counter() - started


def mcp_call(url: str, tool: str, arguments: dict[str, Any], limit: float) -> str:
    """One tools/call over streamable HTTP, raw JSON-RPC (initialize, then the call); its text, or 'hung'."""
    headers = {"accept": "application/json, text/event-stream", "content-type": "application/json",
               "authorization": BASIC}
    with httpx.Client(base_url=url, headers=headers, timeout=limit) as http:
        init = http.post("/gradio_api/mcp/", json={"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-03-26", "capabilities": {}, "clientInfo": {"name": "attack", "version": "1"}}})
        session = init.headers.get("mcp-session-id")
        extra = {"mcp-session-id": session} if session else {}
        http.post("/gradio_api/mcp/", headers=extra, json={"jsonrpc": "2.0", "method": "notifications/initialized"})
        try:
            answer = http.post("/gradio_api/mcp/", headers=extra, json={
                "jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": tool, "arguments": arguments}})
        except httpx.TimeoutException:
            return "hung"
        return answer.text[-200:].replace("\n", " ")


def server_attacks(root: Path, catalog: str, work: Path, limit: float) -> dict[str, Any]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    (work / "data").mkdir(exist_ok=True)
    proc = start_app(root, catalog, port, work / "app.log", work / "data")
    out: dict[str, Any] = {}
    latencies: list[float] = []
    from gradio_client import Client

    student = Client(url, auth=ACCOUNT, verbose=False, httpx_kwargs={"timeout": 120})
    try:
        victim(student)  # the model loads: not timed
        latencies.append(victim(student))
        fifo = work / "pipe"
        os.mkfifo(fifo)
        for name, path in (("F1 fifo", str(fifo)), ("F2 /etc/passwd", "/etc/passwd")):
            started = time.perf_counter()
            text = mcp_call(url, "chat", {"message": "hi", "history": [
                {"role": "user", "content": {"path": path, "meta": {"_type": "gradio.FileData"}}}]}, limit)
            out[name] = f"{'hung' if text == 'hung' else 'answered'} in {time.perf_counter() - started:.1f} s: " \
                        f"{'refused' if 'path' in text and 'isError' in text else text[:90]}"
            latencies.append(victim(student))
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # release a reader the attack left blocked
            os.close(fd)
            out["F1 fifo"] += " (the server had opened the FIFO)"
        except OSError:
            pass
        copied = subprocess.run(["find", "/tmp", "-name", "passwd", "-newer", str(work / "app.log"), "-path",
                                 "*gradio*"], capture_output=True, text=True).stdout.split()
        out["F2 files copied"] = len(copied)
        text = mcp_call(url, "dataset_file", {"file": {"path": "/etc/hostname", "meta": {"_type":
                                                                                         "gradio.FileData"}}}, limit)
        out["F1 dataset_file path"] = "refused" if "path" in text and "isError" in text else text[:90]
        (work / "data" / "added.csv").write_text("id,document,label\n1,good,1\n2,boring,0\n3,great,1\n")
        text = mcp_call(url, "dataset_rows", {"source": "added.csv", "page_size": 2, "filter_column": "label",
                                              "filter_value": "1"}, limit)  # a file added after start-up
        answered = '"isError":false' in text.replace(" ", "") and "great" in text
        out["F12 MCP dataset_rows"] = "answered (2 rows of a file added after start-up)" if answered else text[-90:]
        codes = []
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}})
        headers = {"accept": "application/json, text/event-stream", "content-type": "application/json",
                   "authorization": "Basic " + base64.b64encode(b"teacher:guess").decode()}
        started = time.perf_counter()
        for _ in range(300):
            codes.append(httpx.post(url + "/gradio_api/mcp/", content=body, headers=headers, timeout=30).status_code)
        right = httpx.post(url + "/gradio_api/mcp/", content=body, timeout=30, headers={**headers,
                           "authorization": BASIC}).status_code
        out["F5 300 wrong passwords"] = (f"{codes.count(401)}x401 {codes.count(429)}x429 in "
                                         f"{time.perf_counter() - started:.1f} s; the right one then: {right}")
        with httpx.Client(base_url=url, timeout=30) as http:
            out["F9 anonymous"] = {
                "cancel": http.post("/gradio_api/cancel", json={"session_hash": "x", "fn_index": 0,
                                                                "event_id": "y"}).status_code,
                "heartbeat": _status(http, "/gradio_api/heartbeat/x"),
                "openapi": http.get("/gradio_api/openapi.json").status_code,
                "deep_link": http.get("/gradio_api/deep_link", params={"session_hash": "x"}).status_code}
            big = b'{"data": ["' + b"a" * (50 * 2**20) + b'"]}'
            started = time.perf_counter()
            code = http.post("/gradio_api/queue/join", content=big, headers={"content-type": "application/json"},
                             timeout=60).status_code
            out["F4 50 MB body, anonymous"] = f"{code} in {time.perf_counter() - started:.2f} s"
        latencies.append(victim(student))
    finally:
        student.close()
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    out["victim /sentiment (s)"] = [round(x, 2) for x in latencies]
    return out


def _status(http: httpx.Client, path: str) -> int | str:
    try:
        with http.stream("GET", path, timeout=3) as response:
            return response.status_code
    except httpx.TimeoutException:
        return "open stream"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to attack (default: this one)")
    parser.add_argument("--catalog", default=None, help="a tiny catalog (default: built under .cache)")
    parser.add_argument("--limit", type=float, default=20.0, help="seconds a step may take before it counts as hung")
    parser.add_argument("--only", default="engine,server")
    parser.add_argument("--bomb", default="50x60", help="ROWSxMB of the Parquet text bomb (the issue's: 50x60; the "
                        "code before the fix may need GBs per 1,000 MB of cells)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "scripts"))
    import tiny_models

    catalog = args.catalog or str(tiny_models.build_all(Path(os.environ.get("PLAYGROUND_TINY_DIR")
                                                             or ROOT / ".cache" / "tiny-models")))
    print(f"{'root':28} {args.root}", flush=True)
    with tempfile.TemporaryDirectory(prefix="attack-round2-") as folder:
        work = Path(folder)
        if "engine" in args.only:
            made = run_py(ROOT, BOMB, folder, *args.bomb.split("x"), limit=120)
            show("F3 parquet bomb", {**made, **run_py(args.root, BOMB_READ, folder, limit=120)})
            show("F8 concurrent summaries", run_py(args.root, SUMMARIES, catalog, limit=300))
            show("class and F6 queue", run_py(args.root, CLASS, limit=60))
        if "server" in args.only:
            for key, value in server_attacks(args.root, catalog, work, args.limit).items():
                show(key, value)


def show(key: str, value: Any) -> None:
    print(f"{key:28} {json.dumps(value, ensure_ascii=False)}", flush=True)


if __name__ == "__main__":
    main()
