"""What a class opening the page costs the server: CPU per page load for Gradio's front-end files, the playground
(``server/assets.py`` serves them from memory) against a bare Gradio app serving the same files its own way, both
measured in one run.

    python benchmarks/bench_page_load.py                     # 30 students, 4 rounds per app, interleaved
    python benchmarks/bench_page_load.py --students 10 --rounds 2 --encoding "gzip, deflate"

The files are those one real page of the playground loads: Chromium (``/usr/bin/chromium``, as in the browser
tests) opens the page once and the list of ``/assets/`` requests is kept (about 120). Both apps have every one of
them (they are Gradio's build). Each round, ``--students`` threads, each a fresh HTTP client (a browser with an
empty cache, as every student on a first visit), ask for the whole list at once, ``Accept-Encoding`` as a browser
sends it (``--encoding``; Chromium sends ``br`` over HTTPS, as on a Space, and only gzip over plain HTTP on a
school network). The figure is the server process's CPU time (user + system, from /proc) over the round divided
by the page loads; the ratio is playground / bare, the median of the per-round ratios. The first round of each app
is a warm-up (the playground reads and compresses each file once there) and is reported apart.

Both apps run as subprocesses on 127.0.0.1 (the bare one: ``bench_glue.py``'s, a text box, a label and a
pipeline), with HF_HUB_OFFLINE=1 on the tiny models.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench_glue import MODEL_DIR, BareServer, tiny_catalog

from harness import Server, cpu_seconds, loadavg, log, machine_busy_seconds

CHROMIUM = "/usr/bin/chromium"


def page_files(url: str) -> list[str]:
    """The ``/assets/`` paths one page load of ``url`` asks for, in Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        seen: list[str] = []
        page.on("request", lambda r: seen.append(r.url) if "/assets/" in r.url else None)
        page.goto(url, wait_until="load")
        page.get_by_role("tab").first.wait_for(timeout=60_000)
        page.wait_for_timeout(1000)  # the chunks a tab's components import once drawn
        browser.close()
    return sorted({"/assets/" + u.split("/assets/", 1)[1].split("?")[0] for u in seen})


def load(url: str, files: list[str], students: int, encoding: str) -> tuple[list[str], int]:
    """Every student asks for every file, all at once; returns the errors and the bytes sent."""
    import httpx

    errors: list[str] = []
    sent = [0]
    lock = threading.Lock()
    start = threading.Barrier(students)

    def student() -> None:
        with httpx.Client(base_url=url, timeout=60.0, headers={"accept-encoding": encoding}) as client:
            start.wait()
            for path in files:
                try:
                    with client.stream("GET", path) as response:
                        body = b"".join(response.iter_raw())
                    if response.status_code != 200:
                        errors.append(f"{path}: {response.status_code}")
                    with lock:
                        sent[0] += len(body)
                except Exception as exc:  # noqa: BLE001 - counted and reported
                    errors.append(f"{path}: {type(exc).__name__}: {exc}"[:200])

    threads = [threading.Thread(target=student, daemon=True) for _ in range(students)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors, sent[0]


def measure(server: Server, files: list[str], students: int, encoding: str) -> dict[str, Any]:
    assert server.proc is not None
    time.sleep(0.3)
    pid = server.proc.pid
    cpu0, wall0, busy0 = cpu_seconds(pid), time.perf_counter(), machine_busy_seconds()
    errors, sent = load(server.url, files, students, encoding)
    cpu, wall, busy = cpu_seconds(pid) - cpu0, time.perf_counter() - wall0, machine_busy_seconds() - busy0
    return {"cpu_ms_per_page": 1000 * cpu / students, "wall_s": wall, "errors": errors,
            "kb_per_page": sent / students / 1024, "machine_cores": busy / wall}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30, help="page loads at once in one round")
    parser.add_argument("--rounds", type=int, default=4, help="measured rounds per app (after one warm-up each)")
    parser.add_argument("--encoding", default="gzip, deflate, br, zstd",
                        help="the Accept-Encoding each student sends (default: Chromium's over HTTPS)")
    args = parser.parse_args(argv)
    catalog = tiny_catalog()
    names = ["playground", "bare"]
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    warm: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-page-") as tmp, contextlib.ExitStack() as stack:
        logdir = Path(tmp)
        bare = BareServer(catalog, logdir)
        bare.folder = catalog.parent / MODEL_DIR
        servers: dict[str, Server] = {"playground": Server(catalog, logdir), "bare": bare}
        for server in servers.values():
            stack.enter_context(server)
            server.wait_ready(180)
        files = page_files(servers["playground"].url + "/")  # (this load also warms the playground's cache)
        log(f"{len(files)} front-end files per page")
        for name, server in servers.items():
            warm[name] = measure(server, files, args.students, args.encoding)
            log(f"{name} warm-up: {warm[name]['cpu_ms_per_page']:.0f} ms CPU per page")
        for r in range(args.rounds):  # the order turns every round
            for name in names[r % 2:] + names[:r % 2]:
                results[name].append(measure(servers[name], files, args.students, args.encoding))
                log(f"round {r + 1} {name}: {results[name][-1]['cpu_ms_per_page']:.0f} ms CPU per page")
    errors = sum(len(x["errors"]) for v in [*results.values(), [*warm.values()]] for x in v)
    busy = statistics.mean(x["machine_cores"] for v in results.values() for x in v)
    print(f"server CPU per page load ({len(files)} front-end files), {args.students} students at once, "
          f"{args.rounds} rounds per app, interleaved; Accept-Encoding: {args.encoding}")
    print(f"  load avg {loadavg()}, machine busy {busy:.2f} cores on average")
    for name in names:
        values = [x["cpu_ms_per_page"] for x in results[name]]
        wall = statistics.median(x["wall_s"] for x in results[name])
        kb = statistics.median(x["kb_per_page"] for x in results[name])
        print(f"  {name:<11} CPU ms/page median {statistics.median(values):6.0f}  rounds "
              + " ".join(f"{v:.0f}" for v in values)
              + f"   ({wall:.1f} s for the class, {kb:.0f} KB per page; "
              f"warm-up {warm[name]['cpu_ms_per_page']:.0f} ms)")
    ratios = [p["cpu_ms_per_page"] / b["cpu_ms_per_page"] for p, b in zip(results["playground"], results["bare"],
                                                                          strict=True)]
    print(f"  ratio playground / bare: median {statistics.median(ratios):.2f}x  (per round "
          + " ".join(f"{v:.2f}" for v in ratios) + ")")
    print(f"  errors {errors}")
    return 0 if not errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
