"""Attacks on one classroom server, measured against ``python app.py`` on loopback with the tiny offline models:
fresh sessions, helpers by fn_index, a full queue, password guessing, logout, run history, a PNG's model id, and
what paging through a table costs against the rate limit. Bounded: about a minute in all.

    python benchmarks/attack_classroom.py --catalog .cache/tiny-models/catalog.yaml [--app-dir DIR]

``--app-dir`` runs another checkout's app.py (e.g. the code before the fix) with the same attacks. Prints one
line per attack: what was sent, and what came back.
"""

from __future__ import annotations

import argparse
import http.server
import io
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FakeHub(http.server.BaseHTTPRequestHandler):
    """Logs every Authorization header it receives (the server's token must never reach it for a stranger)."""

    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        self._answer()

    def do_POST(self) -> None:  # noqa: N802
        self._answer()

    def _answer(self) -> None:
        FakeHub.seen.append(f"{self.command} {self.path} auth={self.headers.get('authorization')!r}")
        body = b"[]"
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def start_app(app_dir: Path, catalog: str, data_dir: Path, accounts: Path | None, hub: str,
              extra: list[str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_TOKEN": "hf_" + "F" * 34, "HF_ENDPOINT": hub,
           "GRADIO_ANALYTICS_ENABLED": "False"}
    env.pop("GRADIO_RUN_HISTORY", None)
    command = [sys.executable, str(app_dir / "app.py"), "--catalog", catalog, "--port", str(port), "--data-dir",
               str(data_dir), *extra]
    if accounts:
        command += ["--auth-file", str(accounts)]
    proc = subprocess.Popen(command, cwd=app_dir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if httpx.get(url + "/gradio_api/info", timeout=2).status_code in (200, 401):
                return proc, url
        except httpx.TransportError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("the app did not start")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=20)


def dependency(config: dict, key: str, trigger: str) -> int:
    """The fn index of the event ``trigger`` on the component whose props mention the i18n ``key``."""
    ids = {c["id"] for c in config["components"] if key in json.dumps(c.get("props", {}))}
    for dep in config["dependencies"]:
        if any(t[0] in ids and t[1] == trigger for t in dep["targets"]):
            return dep["id"]
    raise LookupError(key)


def join(url: str, fn_index: int, data: list[Any], session: str | None = None, http: httpx.Client | None = None,
         wait: bool = True) -> str:
    """'ok', 'refused: <text>', 'error: <text>' or 'http <code>' for one event through the queue."""
    session = session or secrets.token_hex(6)
    http = http or httpx.Client(timeout=120)
    answer = http.post(f"{url}/gradio_api/queue/join", json={"data": data, "fn_index": fn_index,
                                                             "session_hash": session, "trigger_id": None})
    if answer.status_code != 200:
        return f"http {answer.status_code}"
    with http.stream("GET", f"{url}/gradio_api/queue/data", params={"session_hash": session}) as stream:
        for line in stream.iter_lines():
            if line.startswith("data:"):
                message = json.loads(line[5:])
                if not wait and message.get("msg") in ("estimation", "process_starts"):
                    return "queued"
                if message.get("msg") == "process_completed":
                    if message.get("success"):
                        return "ok"
                    text = str(message["output"].get("error"))
                    return ("refused: " if "Too many" in text or "already have" in text else "error: ") + text[:60]
    return "no answer"


class Report(list):
    """Lines printed as they come (a later attack may fail on code that lost an earlier one)."""

    def append(self, line: str) -> None:
        super().append(line)
        print(line, flush=True)


def count(results: list[str]) -> str:
    kinds: dict[str, int] = {}
    for r in results:
        kind = r.split(":")[0]
        kinds[kind] = kinds.get(kind, 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--catalog", required=True)
    p.add_argument("--app-dir", default=str(ROOT))
    p.add_argument("--only", nargs="*", default=["rate", "queue", "login"], help="phases: rate, queue, login")
    args = p.parse_args()
    phases = set(args.only)
    app_dir, catalog = Path(args.app_dir).resolve(), str(Path(args.catalog).resolve())
    work = Path(tempfile.mkdtemp(prefix="attack-"))
    data = work / "data"
    data.mkdir()
    (data / "reviews.tsv").write_text("id\tdocument\tlabel\n" + "".join(f"{n}\t리뷰 {n}\t{n % 2}\n"
                                                                        for n in range(500)), encoding="utf-8")
    accounts = work / "accounts.txt"
    accounts.write_text("class:s3cret\n", encoding="utf-8")
    hub = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeHub)
    threading.Thread(target=hub.serve_forever, daemon=True).start()
    hub_url = f"http://127.0.0.1:{hub.server_address[1]}"
    rows = ["reviews.tsv", None, None, 1, 20, "", "", "=", ""]
    report = Report()

    # -- without logins: rate and queue -------------------------------------------------------------------------
    if "rate" in phases:
        proc, url = start_app(app_dir, catalog, data, None, hub_url, ["--rate-burst", "5"])
        try:
            config = httpx.get(url + "/config").json()
            api = {d.get("api_name"): d["id"] for d in config["dependencies"] if d.get("api_name")}
            session = secrets.token_hex(6)
            with httpx.Client(timeout=60) as h:
                opened = join(url, api["dataset_info"], rows[:3], session, h)
                nxt, prv = dependency(config, "datasets.next", "click"), dependency(config, "datasets.prev", "click")
                paging = [join(url, fn, rows, session, h) for fn in [nxt, prv] * 4]
            report.append(f"paging | burst 5: Open then Next/Previous x8 on one session | Open {opened}; "
                          f"paging: {count(paging)}")

            def fresh_call(_: int) -> str:
                posted = httpx.post(f"{url}/gradio_api/call/sentiment", json={"data": ["좋아요", "auto"]}, timeout=60)
                text = httpx.get(f"{url}/gradio_api/call/sentiment/{posted.json()['event_id']}", timeout=60).text
                return "refused" if "Too many" in text else ("ok" if "event: complete" in text else "error")

            with ThreadPoolExecutor(8) as pool:
                fresh = list(pool.map(fresh_call, range(100)))
            report.append(f"fresh sessions | 100 /gradio_api/call/sentiment, new session each | {count(fresh)}")

            cheap = dependency(config, "image.prompt", "change")  # the Korean-tip check: a cheap helper
            start = time.perf_counter()

            def helper_call(_: int) -> int:
                return httpx.post(f"{url}/gradio_api/run/predict", json={"data": ["hello"], "fn_index": cheap,
                                                                        "session_hash": secrets.token_hex(6)},
                                  timeout=30).status_code

            with ThreadPoolExecutor(16) as pool:
                helper = list(pool.map(helper_call, range(500)))
            report.append(f"helper by fn_index | 500 prompt-tip helper calls (16 at once), new session each | "
                          f"200: {helper.count(200)}, refused: {len(helper) - helper.count(200)} "
                          f"in {time.perf_counter() - start:.1f} s")
            direct = httpx.post(f"{url}/gradio_api/run/sentiment", json={"data": ["좋아요", "auto"]}, timeout=30)
            report.append(f"queue skipped | POST /gradio_api/run/sentiment | HTTP {direct.status_code}")
        finally:
            stop(proc)

    # -- queue fill: 264 image jobs from fresh sessions (rate limit off, as a flood of distinct students) ----------
    if "queue" in phases:
        proc, url = start_app(app_dir, catalog, data, None, hub_url, ["--rate-limit", "0", "--max-queue", "100"])
        try:
            config = httpx.get(url + "/config").json()
            api = {d.get("api_name"): d["id"] for d in config["dependencies"] if d.get("api_name")}
            image_args = ["a boat", "", "", 4, 0.0, 256, 256, 4, 0, True]

            def post(session: str) -> int:
                return httpx.post(f"{url}/gradio_api/queue/join", timeout=60, json={
                    "data": image_args, "fn_index": api["generate_image"], "session_hash": session}).status_code

            sessions = [secrets.token_hex(6) for _ in range(264)]
            start = time.perf_counter()
            with ThreadPoolExecutor(16) as pool:
                codes = list(pool.map(post, sessions))
            joined_s = time.perf_counter() - start
            # another student, from another address (127.0.0.2 is loopback too)
            other_address = httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2"), timeout=120)
            start = time.perf_counter()
            other = join(url, api["sentiment"], ["이 영화 최고예요", "auto"], http=other_address)
            other += f" in {time.perf_counter() - start:.2f} s"

            def first_message(session: str) -> str:
                with httpx.stream("GET", f"{url}/gradio_api/queue/data", params={"session_hash": session},
                                  timeout=60) as stream:
                    for line in stream.iter_lines():
                        if line.startswith("data:"):
                            message = json.loads(line[5:])
                            if message.get("msg") == "process_completed" and not message.get("success"):
                                return "refused at once"
                            if message.get("msg") in ("estimation", "process_starts", "process_completed"):
                                return "queued"
                return "no answer"

            accepted = [s for s, code in zip(sessions, codes, strict=True) if code == 200]
            with ThreadPoolExecutor(16) as pool:
                kinds = list(pool.map(first_message, accepted))
            refused_http = {c: codes.count(c) for c in sorted(set(codes)) if c != 200}
            report.append(f"queue fill | --max-queue 100; 264 image jobs, fresh sessions, posted in "
                          f"{joined_s:.1f} s | HTTP refusals {refused_http or 'none'}; of the rest: {count(kinds)}; "
                          f"another student (127.0.0.2) sentiment: {other}")
        finally:
            stop(proc)

    # -- logins ------------------------------------------------------------------------------------------------
    if "login" in phases:
        proc, url = start_app(app_dir, catalog, data, accounts, hub_url, [])
        try:
            start = time.perf_counter()
            with httpx.Client(timeout=30) as h:
                codes = [h.post(f"{url}/login", data={"username": "class", "password": f"x{n}"}).status_code
                         for n in range(300)]
                right = h.post(f"{url}/login", data={"username": "class", "password": "s3cret"}).status_code
            tally = {c: codes.count(c) for c in sorted(set(codes))}
            report.append(f"password guessing | 300 wrong passwords then the right one | "
                          f"{tally} in {time.perf_counter() - start:.1f} s; "
                          f"right one straight after: {right}")
            time.sleep(31)
            with httpx.Client(timeout=30) as h:
                later = h.post(f"{url}/login", data={"username": "class", "password": "s3cret"}).status_code
            report.append(f"password guessing, later | the right password 31 s later | {later}")

            a, b = httpx.Client(base_url=url, timeout=30), httpx.Client(base_url=url, timeout=30)
            for s in (a, b):
                s.post("/login", data={"username": "class", "password": "s3cret"})
            before = (a.get("/gradio_api/login_check").status_code, b.get("/gradio_api/login_check").status_code)
            a.get("/logout")  # what ![](…/logout) in Markdown does
            after_get = (a.get("/gradio_api/login_check").status_code, b.get("/gradio_api/login_check").status_code)
            report.append(f"logout | two sessions of one account (login_check {before}); GET /logout from A | "
                          f"A, B login_check after: {after_get}")
            cross = a.post("/logout", headers={"origin": "http://evil.example"}).status_code
            own = a.post("/logout", headers={"origin": url}).status_code
            after_post = (a.get("/gradio_api/login_check").status_code, b.get("/gradio_api/login_check").status_code)
            report.append(f"logout, POST | POST /logout cross-site, then same-origin from A | {cross}, {own}; "
                          f"A, B after: {after_post}")

            FakeHub.seen.clear()
            history = {path: httpx.request(method, url + path, params={"bucket": "x/y"}, json={"bucket_id": "x/y"},
                                           timeout=30).status_code
                       for method, path in (("GET", "/gradio_api/run-history/buckets"),
                                            ("POST", "/gradio_api/run-history/connect"),
                                            ("GET", "/gradio_api/run-history/records"))}
            report.append(f"run history | the three routes, not logged in | {history}; fake Hub saw "
                          f"{len(FakeHub.seen)} requests {FakeHub.seen[:2]}")

            # a PNG whose settings name a model with Markdown in it, through the PNG-reuse helper (as a student)
            s = httpx.Client(base_url=url, timeout=30)  # a student who logs in now (A's logout may have ended B)
            s.post("/login", data={"username": "class", "password": "s3cret"})
            config = s.get("/config").json()
            reuse = dependency(config, "image.reuse_file", "upload")
            from PIL import Image

            sys.path.insert(0, str(app_dir))
            from playground.tasks import image_png

            png = work / "evil.png"
            image_png.save_png(Image.new("RGB", (8, 8)), {
                "model": "![](http://127.0.0.1:9/logout)", "prompt": "a cat", "negative_prompt": "", "seed": 1,
                "steps": 2, "guidance": 0.0, "width": 64, "height": 64}, png)
            uploaded = s.post("/gradio_api/upload", files={"files": ("evil.png", io.BytesIO(png.read_bytes()),
                                                                     "image/png")}).json()[0]
            model = "tiny/text-to-image"  # the tiny catalog's image model
            file = {"path": uploaded, "meta": {"_type": "gradio.FileData"}}
            out = s.post("/gradio_api/run/predict", json={"fn_index": reuse, "session_hash": secrets.token_hex(6),
                                                          "data": [file, model]}).json()
            notes = out.get("data", [""])[-1] if "data" in out else str(out)[:80]
            report.append(f"PNG model id | reuse a PNG whose model is ![](…/logout) | notes: {str(notes)[:70]!r}")
            for client in (a, b, s):
                client.close()
        finally:
            stop(proc)

    hub.shutdown()


if __name__ == "__main__":
    main()
