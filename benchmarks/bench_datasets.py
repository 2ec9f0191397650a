"""Benchmark the Datasets tab on a local 1,000,000-row Parquet file: pages and search, against pandas.

What it measures (nothing is downloaded; HF_HUB_OFFLINE=1; only 127.0.0.1 is contacted):

1. A Parquet file generated in a temporary data folder: ``id`` (int64), ``document`` (real NSMC reviews from
   ``../shared/data/nsmc/ratings_sample.tsv``, cycled, each with its row number, so every row differs), ``label``
   (0/1), about 1,000,000 rows (``--rows``).
2. The engine (``playground.data.browser.dataset_rows``), in this process: the first page of a file never opened
   (schema + row count included), then pages spread over the whole file, the last page included, each a fresh
   query; and a search in the text column (first page of matches, then its last page).
3. The app's API: ``python app.py`` as a subprocess with ``$PLAYGROUND_DATA_DIR`` on the temporary folder,
   ``gradio_client`` calling ``/dataset_rows`` for the same pages and the same search.
4. The baseline: ``pandas.read_parquet`` of the whole file, then the page (``iloc``) or the search
   (``str.contains``), as a notebook would do it.

Targets: any page under 0.2 s (engine and API, the slowest page counts); a search under 1 s (engine and API).
Exit status 0 when every target is met.

    python benchmarks/bench_datasets.py            # about a minute on 2 cores
    python benchmarks/bench_datasets.py --quick    # fewer pages, smaller file (200,000 rows)
    python benchmarks/bench_datasets.py --json /tmp/bench-datasets.json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from harness import (  # also sets the offline environment
    NOISY_CORES,
    ROOT,
    Meter,
    Server,
    call_api,
    footer,
    loadavg,
    log,
    med,
    ms,
    wait_for_quiet,
)

NSMC = ROOT.parent / "shared" / "data" / "nsmc" / "ratings_sample.tsv"
FILE = "big.parquet"
PAGE_SIZE = 20
SEARCH = "재밌"
TARGET_PAGE_S = 0.2
TARGET_SEARCH_S = 1.0


def make_file(folder: Path, rows: int) -> Path:
    """The benchmark's Parquet file (default row groups of pyarrow), from real Korean reviews."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from playground.data.tables import read_table

    reviews = read_table(NSMC).frame["document"].tolist() if NSMC.exists() else ["재밌는 영화", "지루한 영화"]
    documents = [f"{reviews[i % len(reviews)]} #{i}" for i in range(rows)]
    table = pa.table({"id": pa.array(range(rows), pa.int64()), "document": documents,
                      "label": pa.array([i % 2 for i in range(rows)], pa.int8())})
    path = folder / FILE
    pq.write_table(table, path)
    return path


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def pages_to_try(total_pages: int, count: int) -> list[int]:
    """Pages spread evenly over the file, first and last included."""
    if count <= 1:
        return [total_pages]
    return sorted({1 + round(i * (total_pages - 1) / (count - 1)) for i in range(count)})


def bench_engine(rows: int, pages: list[int]) -> dict[str, Any]:
    from playground.data import browser as data_browser

    cold, first = timed(lambda: data_browser.dataset_rows(FILE, page=1, page_size=PAGE_SIZE))
    assert first.total == rows, first.total
    times = {}
    for page in pages:
        took, found = timed(lambda page=page: data_browser.dataset_rows(FILE, page=page, page_size=PAGE_SIZE))
        assert found.rows[0]["id"] == (page - 1) * PAGE_SIZE, (page, found.rows[0])
        times[page] = took
    search_s, found = timed(lambda: data_browser.dataset_rows(FILE, page=1, page_size=PAGE_SIZE, search=SEARCH))
    matches = found.total or 0
    last_match_page = max(1, -(-matches // PAGE_SIZE))
    search_last_s, _ = timed(lambda: data_browser.dataset_rows(FILE, page=last_match_page, page_size=PAGE_SIZE,
                                                               search=SEARCH))
    # a new search text: nothing remembered (the count of a query is cached per file version)
    fresh_s, _ = timed(lambda: data_browser.dataset_rows(FILE, page=1, page_size=PAGE_SIZE, search="최고"))
    return {"first_open_s": cold, "pages_s": times, "page_max_s": max(times.values()),
            "page_median_s": med(list(times.values())), "search_first_page_s": search_s,
            "search_last_page_s": search_last_s, "search_new_text_s": fresh_s, "matches": matches,
            "search_max_s": max(search_s, search_last_s, fresh_s)}


def bench_pandas(path: Path, pages: list[int], repeats: int) -> dict[str, Any]:
    import pandas as pd

    page_times, search_times = [], []
    for i in range(repeats):
        page = pages[i % len(pages)]
        took, frame = timed(lambda: pd.read_parquet(path))
        start = time.perf_counter()
        frame.iloc[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        page_times.append(took + time.perf_counter() - start)
        took, frame = timed(lambda: pd.read_parquet(path))
        start = time.perf_counter()
        found = frame[frame["document"].str.contains(SEARCH, regex=False)]
        found.iloc[:PAGE_SIZE]
        search_times.append(took + time.perf_counter() - start)
        del frame, found
    return {"page_median_s": med(page_times), "search_median_s": med(search_times), "repeats": repeats}


def bench_api(server: Server, pages: list[int], matches: int) -> dict[str, Any]:
    """``/dataset_rows`` over Gradio's HTTP API within one session, as the page calls it."""
    import httpx

    def rows(page: int, search: str = "") -> Any:
        data = [FILE, None, None, page, PAGE_SIZE, search, "", "=", ""]  # every input: raw HTTP has no defaults
        return call_api(client, "dataset_rows", data, "bench-datasets")[0]

    with httpx.Client(base_url=server.url, timeout=120.0) as client:
        rows(1)  # a session and a warm path
        times = {}
        for page in pages:
            took, (table, _status, got, *_rest) = timed(lambda page=page: rows(page))
            assert got == page and table["data"][0][1] == (page - 1) * PAGE_SIZE
            times[page] = took
        # As a student does: type a new search (page 1, counted once), then jump to its last page.
        search_s, _ = timed(lambda: rows(1, SEARCH))
        last = max(1, -(-matches // PAGE_SIZE))
        search_last_s, _ = timed(lambda: rows(last, SEARCH))
    return {"pages_s": times, "page_max_s": max(times.values()), "page_median_s": med(list(times.values())),
            "search_new_text_s": search_s, "search_last_page_s": search_last_s,
            "search_max_s": max(search_s, search_last_s)}


def report(results: dict[str, Any]) -> str:
    e, a, p, ok = results["engine"], results["api"], results["pandas"], results["targets"]
    rows: list[str] = []

    def row(name: str, value: object, target: str = "", met: str | None = None) -> None:
        verdict = "" if met is None else ("  MET" if ok[met] else "  NOT MET")
        rows.append(f"{name:<62}{value!s:>14}  {target}{verdict}".rstrip())

    row("engine: first page of a file never opened (ms)", ms(e["first_open_s"]))
    row(f"engine: {len(e['pages_s'])} pages over the file, slowest (ms)", ms(e["page_max_s"]),
        f"< {TARGET_PAGE_S * 1000:g} ms", "engine_page")
    row("engine: pages, median (ms)", ms(e["page_median_s"]))
    row("engine: last page (ms)", ms(e["pages_s"][max(e["pages_s"])]))
    row(f"engine: search {SEARCH!r}, first page / last page (ms)",
        f"{ms(e['search_first_page_s'])} / {ms(e['search_last_page_s'])}")
    row("engine: search, a new text (ms)", ms(e["search_new_text_s"]), f"< {TARGET_SEARCH_S * 1000:g} ms",
        "engine_search")
    row("  matching rows", f"{e['matches']:,}")
    row(f"API /dataset_rows: {len(a['pages_s'])} pages, slowest (ms)", ms(a["page_max_s"]),
        f"< {TARGET_PAGE_S * 1000:g} ms", "api_page")
    row("API: pages, median (ms)", ms(a["page_median_s"]))
    row("API: search, a new text (page 1) / then its last page (ms)",
        f"{ms(a['search_new_text_s'])} / {ms(a['search_last_page_s'])}", f"< {TARGET_SEARCH_S * 1000:g} ms",
        "api_search")
    row(f"pandas: read the whole file + one page, median of {p['repeats']} (ms)", ms(p["page_median_s"]))
    row("pandas: read the whole file + search, median (ms)", ms(p["search_median_s"]))
    row("speed-up of a page over pandas (median)", f"{p['page_median_s'] / e['page_median_s']:.0f}x")
    row("speed-up of a search over pandas", f"{p['search_median_s'] / e['search_new_text_s']:.1f}x")
    m = results["machine"]
    noisy = [k for k in ("engine", "api", "pandas") if results["cpu"][k]["other_cores"] > NOISY_CORES]
    width = 92
    return "\n".join([
        "=" * width,
        f"Datasets benchmark: a {results['rows']:,}-row Parquet file ({results['file_mb']} MB), "
        f"pages of {PAGE_SIZE}",
        f"machine: {m['cores']} CPU cores, load avg {m['loadavg_start']} at start; duckdb {m['duckdb']}, "
        f"pandas {m['pandas']}, pyarrow {m['pyarrow']}",
        "-" * width,
        *rows,
        *footer(ok, results["total_s"], results["quick"], noisy, width),
    ])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a 200,000-row file, fewer pages (about 30 s)")
    parser.add_argument("--rows", type=int, help="rows in the generated file (default 1,000,000; --quick 200,000)")
    parser.add_argument("--json", metavar="PATH", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    rows = args.rows or (200_000 if args.quick else 1_000_000)
    page_count, repeats = (6, 1) if args.quick else (20, 3)
    begin = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="bench-datasets-"))
    try:
        import duckdb
        import pandas
        import pyarrow

        from playground.data import local as data_local

        results: dict[str, Any] = {"quick": args.quick, "rows": rows, "machine": {
            "cores": os.cpu_count(), "loadavg_start": loadavg(), "duckdb": duckdb.__version__,
            "pandas": pandas.__version__, "pyarrow": pyarrow.__version__}, "cpu": {}}
        wait_for_quiet(limit=20.0)
        log(f"writing {rows:,} rows to {workdir / FILE}")
        path = make_file(workdir, rows)
        results["file_mb"] = round(path.stat().st_size / 2**20, 1)
        data_local.set_data_dir(workdir)
        pages = pages_to_try(-(-rows // PAGE_SIZE), page_count)
        log("engine")
        with Meter() as meter:
            results["engine"] = bench_engine(rows, pages)
        results["cpu"]["engine"] = meter.result
        log("pandas")
        with Meter() as meter:
            results["pandas"] = bench_pandas(path, pages, repeats)
        results["cpu"]["pandas"] = meter.result
        log("the app over its API")
        os.environ["PLAYGROUND_DATA_DIR"] = str(workdir)  # the app subprocess inherits it
        with Server(ROOT / "catalog.yaml", workdir) as server:
            server.wait_ready()
            with Meter(server.proc.pid if server.proc else None) as meter:
                results["api"] = bench_api(server, pages, results["engine"]["matches"])
            results["cpu"]["api"] = meter.result
        e, a = results["engine"], results["api"]
        results["targets"] = {
            "engine_page": e["page_max_s"] < TARGET_PAGE_S,
            "engine_search": max(e["search_first_page_s"], e["search_new_text_s"]) < TARGET_SEARCH_S,
            "api_page": a["page_max_s"] < TARGET_PAGE_S,
            "api_search": a["search_max_s"] < TARGET_SEARCH_S,
        }
        results["total_s"] = round(time.perf_counter() - begin, 1)
        print(report(results), flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
            log(f"wrote {args.json}")
        return 0 if all(results["targets"].values()) else 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
