"""Attacks on the server, measured: what each costs, and whether another student's sentiment request still answers.

    python benchmarks/bench_hardening.py                 # every attack, against this checkout
    python benchmarks/bench_hardening.py --root OLD_TREE  # the same attacks against another checkout (before/after)
    python benchmarks/bench_hardening.py --only chat,zip  # some of them

Over HTTP, against ``python app.py`` on 127.0.0.1 (tiny models, a data folder of generated files):
  first-loads  five different first calls of a fresh app at the same moment (/translate both ways, /summarize,
               /sentiment, /chat): how many fail
  chat         one /chat with 200 turns of 8,000 characters
  wide         a 1,000,000-column CSV (10 MB): uploaded to /sentiment_many, and opened by /dataset_info
  zip          an uploaded zip whose one member unpacks to 300 MB (packed about 50:1): /dataset_info on it
  pages        six /dataset_rows at once of a Parquet file with large image cells
While each runs, a "victim" client sends one /sentiment request after another (its own session); the report gives
their slowest answer (target: under 1 s). Every attack is bounded: at most ``--limit`` seconds, then abandoned.

In the process (the row view is a helper event, not an API endpoint), through the tab's own functions:
  audio        20 row views of a 19 MB WAV cell: bytes written to the temp folder
  struct-path  a Parquet image cell ``{bytes: null, path: <outside the data folder>}``: is the file read?
  big-file     a 400 MB (sparse) image file named by a cell inside the data folder: memory read per view
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import harness
from harness import ROOT, Server, log

RESULTS: dict[str, dict[str, Any]] = {}


def tiny_catalog(root: Path) -> Path:
    folder = root / ".cache" / "tiny-models"
    out = subprocess.run([sys.executable, str(root / "scripts" / "tiny_models.py"), str(folder)], cwd=root,
                         capture_output=True, text=True, check=True)
    return Path(out.stdout.strip().splitlines()[-1])


# -- files ------------------------------------------------------------------------------------------------------
def wide_csv(path: Path, columns: int = 1_000_000) -> Path:
    path.write_text(",".join(f"c{i}" for i in range(columns)) + "\n" + ",".join("1" * columns) + "\n")
    return path


def big_zip(path: Path, size: int = 300 * 2**20) -> Path:
    rng = random.Random(0)
    block = ("".join(rng.choice("0123456789") for _ in range(2000)) + "\n") * 50  # ~100 KB, deflates ~50:1
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("big.csv", "w", force_zip64=True) as out:
            out.write(b"text\n")
            written = 0
            data = block.encode()
            while written < size:
                out.write(data)
                written += len(data)
    return path


def image_parquet(path: Path, rows: int = 20, side: int = 1200) -> Path:
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq
    from PIL import Image

    cells = []
    for i in range(rows):
        picture = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG", compress_level=0)
        cells.append({"bytes": buffer.getvalue(), "path": f"{i}.png"})
    pq.write_table(pa.table({"text": [f"row {i}" for i in range(rows)], "image": cells}), path)
    return path


def wav_bytes(megabytes: int = 19) -> bytes:
    import io
    import wave

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16_000)
        out.writeframes(b"\x01\x00" * (megabytes * 2**20 // 2))
    return buffer.getvalue()


# -- the victim ---------------------------------------------------------------------------------------------------
class Victim:
    """Another student: one /sentiment after another, on its own session, until stopped."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.latencies: list[float] = []
        self.failures = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        client = connect(self.url)
        while not self.stop.is_set():
            started = time.perf_counter()
            try:
                client.predict("정말 재밌는 영화였어요", api_name="/sentiment")
                self.latencies.append(time.perf_counter() - started)
            except Exception:  # noqa: BLE001 - counted
                self.failures += 1
            self.stop.wait(0.2)
        client.close()

    def __enter__(self) -> Victim:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=70)

    def summary(self) -> dict[str, Any]:
        data = self.latencies
        return {"victim_calls": len(data), "victim_failures": self.failures,
                "victim_max_s": round(max(data), 2) if data else None,
                "victim_p95_s": round(harness.pct(data, 95), 2) if data else None}


def bounded(fn: Any, limit: float) -> tuple[str, float]:
    """Run ``fn`` in a thread for at most ``limit`` s: ("ok: ..." / "refused: ..." / "abandoned"), seconds."""
    pool = concurrent.futures.ThreadPoolExecutor(1)
    started = time.perf_counter()
    future = pool.submit(fn)
    try:
        outcome = future.result(timeout=limit)
    except concurrent.futures.TimeoutError:
        outcome = f"abandoned after {limit:.0f} s"
    except Exception as exc:  # noqa: BLE001 - an error answer is an outcome
        outcome = "refused: " + " ".join(str(exc).split())[:140]
    pool.shutdown(wait=False)
    return str(outcome)[:200], round(time.perf_counter() - started, 2)


def connect(url: str) -> Any:
    from gradio_client import Client

    return Client(url, verbose=False)


def unpacked_bytes() -> int:
    root = Path(tempfile.gettempdir()) / f"playground-data-{os.getuid()}"
    return sum(f.stat().st_size for f in root.rglob("*") if f.is_file()) if root.exists() else 0


# -- attacks over HTTP --------------------------------------------------------------------------------------------
def first_loads(server: Server) -> None:
    calls = [("/translate", ["안녕하세요. 반갑습니다.", "ko", "en"], {}),
             ("/translate", ["Good morning.", "en", "ko"], {}),
             ("/summarize", ["도서관은 아홉 시에 문을 엽니다. 학생들은 책을 빌립니다. " * 3], {}),
             ("/sentiment", ["정말 재밌어요"], {}), ("/chat", ["hello"], {"max_new_tokens": 5})]
    clients = [connect(server.url) for _ in calls]
    barrier = threading.Barrier(len(calls))
    errors: list[str] = []

    def one(client: Any, api: str, data: list[Any], kwargs: dict[str, Any]) -> None:
        barrier.wait()
        try:
            client.predict(*data, api_name=api, **kwargs)
        except Exception as exc:  # noqa: BLE001
            errors.append(f"{api}: {' '.join(str(exc).split())[:120]}")

    started = time.perf_counter()
    threads = [threading.Thread(target=one, args=(client, *c)) for client, c in zip(clients, calls, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=150)
    RESULTS["first-loads"] = {"failed": f"{len(errors)} of {len(calls)}",
                              "wall_s": round(time.perf_counter() - started, 2), "errors": errors[:5]}


def attack(name: str, server: Server, fn: Any, limit: float, **extra: Any) -> None:
    rss0 = server.rss_mb()
    with Victim(server.url) as victim:
        time.sleep(1.0)  # the victim's first call (model already loaded) before the attack
        outcome, seconds = bounded(fn, limit)
        time.sleep(1.0)
    RESULTS[name] = {"outcome": outcome, "attack_s": seconds, "app_rss_mb": f"{rss0:.0f} → {server.rss_mb():.0f}",
                     **victim.summary(), **{k: v() if callable(v) else v for k, v in extra.items()}}
    log(f"{name}: {RESULTS[name]}")


def run_http(args: argparse.Namespace, catalog: Path, data: Path, work: Path, only: set[str]) -> None:
    from gradio_client import handle_file

    with Server(catalog, work, options=["--data-dir", str(data)]) as server:
        server.wait_ready()
        if "first-loads" in only:
            first_loads(server)
            log(f"first-loads: {RESULTS['first-loads']}")
        client = connect(server.url)
        client.predict("warm up", api_name="/sentiment")
        if "chat" in only:
            history = [{"role": "user" if i % 2 == 0 else "assistant", "content": ("word 단어 " * 1000)[:8000]}
                       for i in range(200)]
            attack("chat", server, lambda: client.predict("hi", history, max_new_tokens=5, api_name="/chat"),
                   args.limit)
        if "wide" in only:
            wide = wide_csv(work / "wide.csv")
            attack("wide-upload", server,
                   lambda: str(client.predict("", handle_file(str(wide)), api_name="/sentiment_many"))[:80],
                   args.limit)
            wide_csv(data / "wide.csv")
            attack("wide-local", server, lambda: str(client.predict("wide.csv", api_name="/dataset_info"))[:80],
                   args.limit)
        if "zip" in only:
            archive = big_zip(work / "class.zip")
            before = unpacked_bytes()
            # an upload as a student makes it: the server's copy in its upload folder, opened by its path there

            target = _upload(server.url, archive)
            attack("zip", server, lambda: str(client.predict(target, api_name="/dataset_info"))[:80],
                   args.limit, zip_mb=round(archive.stat().st_size / 2**20, 1),
                   unpacked_mb=lambda: round((unpacked_bytes() - before) / 2**20, 1))
        if "pages" in only:
            image_parquet(data / "images.parquet")

            def six_pages() -> str:
                pages = [connect(server.url) for _ in range(6)]
                with concurrent.futures.ThreadPoolExecutor(6) as pool:
                    jobs = [pool.submit(c.predict, "images.parquet", page_size=20, api_name="/dataset_rows")
                            for c in pages]
                    return f"{sum(1 for j in jobs if j.result())} pages"

            attack("pages", server, six_pages, args.limit,
                   parquet_mb=round((data / "images.parquet").stat().st_size / 2**20, 1))
        client.close()


def _upload(url: str, path: Path) -> str:
    """POST a file to the app's upload route, as the page does; returns its path on the server."""
    import httpx

    with path.open("rb") as handle:
        response = httpx.post(f"{url}/gradio_api/upload", files=[("files", (path.name, handle))], timeout=120)
    response.raise_for_status()
    return response.json()[0]


# -- attacks in the process -----------------------------------------------------------------------------------------
def run_in_process(data: Path, work: Path, only: set[str]) -> None:
    import resource

    import pyarrow as pa
    import pyarrow.parquet as pq
    from PIL import Image

    os.environ["PLAYGROUND_DATA_DIR"] = str(data)
    from playground.data import browser, local
    from tabs import dataset_browser

    local.set_data_dir(data)
    image_type = pa.struct([("bytes", pa.binary()), ("path", pa.string())])
    if "audio" in only:
        folder = Path(tempfile.gettempdir())
        before = sum(f.stat().st_size for f in folder.glob("playground-audio*/*"))
        sound = wav_bytes()
        pq.write_table(pa.table({"text": ["소리"], "audio": pa.array([{"bytes": sound, "path": "a.wav"}],
                                                                    type=image_type)}), data / "sound.parquet")
        page = browser.dataset_rows("sound.parquet")
        started = time.perf_counter()
        for _ in range(20):
            dataset_browser.show_row(page, 1, "text")
        after = sum(f.stat().st_size for f in folder.glob("playground-audio*/*"))
        copies = sum(1 for f in folder.glob("playground-audio*/*") if f.stat().st_size == len(sound))
        RESULTS["audio"] = {"written_mb": round((after - before) / 2**20, 1), "files_of_this_sound": copies,
                            "views": 20,
                            "seconds": round(time.perf_counter() - started, 2)}
        log(f"audio: {RESULTS['audio']}")
    if "struct-path" in only:
        outside = work / "outside.png"
        Image.new("RGB", (8, 8), (255, 0, 0)).save(outside)
        cells = pa.array([{"bytes": None, "path": str(outside)}], type=image_type)
        pq.write_table(pa.table({"text": ["밖"], "image": cells}), data / "outside.parquet")
        page = browser.dataset_rows("outside.parquet")
        _, _, image, _ = dataset_browser.show_row(page, 1, "text")
        RESULTS["struct-path"] = {"outside_file_shown": image.value is not None}
        log(f"struct-path: {RESULTS['struct-path']}")
    if "big-file" in only:
        huge = data / "huge.png"
        with huge.open("wb") as out:
            Image.new("RGB", (8, 8)).save(out, format="PNG")
            out.truncate(400 * 2**20)
        cells = pa.array([{"bytes": None, "path": str(huge)}], type=image_type)  # inside the data folder
        pq.write_table(pa.table({"text": ["큰"], "image": cells}), data / "huge.parquet")
        page = browser.dataset_rows("huge.parquet")
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        dataset_browser.show_row(page, 1, "text")
        RESULTS["big-file"] = {"seconds": round(time.perf_counter() - started, 2),
                               "peak_rss_growth_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                                                           - rss0, 1)}
        log(f"big-file: {RESULTS['big-file']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to attack (default: this one)")
    parser.add_argument("--only", default="first-loads,chat,wide,zip,pages,audio,struct-path,big-file")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds an attack may take before it is abandoned")
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    args = parser.parse_args()
    only = set(args.only.split(","))
    root = args.root.resolve()
    harness.ROOT = root  # the Server starts this checkout's app.py
    sys.path.insert(0, str(root))
    work = Path(tempfile.mkdtemp(prefix="bench-hardening-"))
    data = work / "data"
    data.mkdir()
    catalog = tiny_catalog(root)
    log(f"attacking {root} (catalog {catalog}); files in {work}")
    try:
        if only & {"first-loads", "chat", "wide", "zip", "pages"}:
            run_http(args, catalog, data, work, only)
        if only & {"audio", "struct-path", "big-file"}:
            run_in_process(data, work, only)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the generated files (and the app's log) go with the run
    print(json.dumps(RESULTS, indent=1, ensure_ascii=False))
    if args.out:
        args.out.write_text(json.dumps(RESULTS, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
