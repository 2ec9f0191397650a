"""Does the page answer clicks while the Sentiment tab analyses a 4,000-row file, and how fast does Stop land?

A measurement, not a timed test (the tests never bound wall-clock time). What it does, on this machine, offline:

1. Launches the app in-process on the tiny offline models (``scripts/tiny_models.py``), as the tests do.
2. Writes a 4,000-row TSV from the shared NSMC sample (``../shared/data/nsmc/ratings_sample.tsv``: ``id``,
   ``document``, ``label``; repeated if the sample is shorter) and uploads it in the Sentiment tab's "Many texts"
   panel of a Chromium page (``/usr/bin/chromium --no-sandbox --disable-gpu --disable-background-networking``,
   1366 × 900, English).
3. Clicks "Analyze all", then, while the run is going, switches the tab's sub-tabs ("One text" / "Many texts")
   N times with real mouse input. Each click's latency is measured in the page with ``performance.now()``: from
   the time stamp of the click's first input event (Chromium stamps an input when it receives it, before the
   page's busy main thread handles it, so a frozen page counts) to the first animation frame in which the clicked
   sub-tab shows selected. The wall-clock time from sending the click to seeing it is reported too (an upper
   bound: it adds Playwright's round trips). Clicks made after the run had finished are reported apart.
4. Starts the run again, waits until it is under way, clicks Stop and measures (``performance.now()`` in the page,
   from the Stop click's first input event) until the first frame in which no output of the run is pending
   (Gradio's progress/pending marker gone). It also says whether the summary carries the "stopped" mark.

Targets: every click answered within 200 ms while the run goes; Stop shown within 1 s. Exit status 0 when both
are met, 1 otherwise.

    python benchmarks/bench_responsiveness.py                 # N = 10 clicks
    python benchmarks/bench_responsiveness.py --clicks 20 --json /tmp/resp.json
    python benchmarks/bench_responsiveness.py --url http://127.0.0.1:7860   # an app already running
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

SHARED = Path(os.environ.get("PLAYGROUND_SHARED_DIR") or ROOT.parent / "shared")
NSMC = SHARED / "data" / "nsmc" / "ratings_sample.tsv"
CHROMIUM = "/usr/bin/chromium"
CLICK_TARGET_MS = 200
STOP_TARGET_MS = 1000

# In the page: whether the Sentiment run still has an output pending.
RUNNING_JS = """() => {
  const panel = document.querySelector('#pg-bench-many');
  return !!panel && [...panel.querySelectorAll('[data-testid="status-tracker"]')]
    .some((el) => !el.classList.contains('hide'));
}"""

# The run's first counts are on the page ("64 / 4,000 …"), or it has already ended.
FIRST_COUNTS_JS = r"""() => /\d\s*\/\s*[\d,]+/.test(document.querySelector('#pg-bench-many').innerText)
  || window.__pgRunEnd !== null"""

# Installed when a run starts: the first frame in which no output of the run is pending any more.
WATCH_RUN_JS = """(running) => {
  window.__pgRunEnd = null;
  const poll = () => {
    if (!running()) { window.__pgRunEnd = performance.now(); return; }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}"""

# Installed once, before a run: for every click on a sub-tab button, the time stamp of the first input event of
# that click (the mouse move Playwright sends before pressing: Chromium stamps an input when it receives it, even
# while the page's main thread is busy) and the first animation frame in which the clicked sub-tab shows selected.
# Nothing else is asked of the page while it runs: a frozen page would hold up every query.
RECORD_CLICKS_JS = """() => {
  window.__pgClicks = [];
  let first = null;
  document.addEventListener('pointermove', (event) => { if (first === null) first = event.timeStamp; }, true);
  document.addEventListener('click', (event) => {
    const button = event.target.closest && event.target.closest('button[role="tab"]');
    const stamp = first === null ? event.timeStamp : first;
    first = null;
    if (!button) return;
    const record = {name: button.textContent.trim(), stamp, latency: null};
    window.__pgClicks.push(record);
    const poll = () => {
      if (button.getAttribute('aria-selected') === 'true') { record.latency = performance.now() - stamp; return; }
      requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  }, true);
}"""


def nsmc_rows(count: int) -> Path:
    """A TSV of ``count`` NSMC rows (id, document, label) in a temp folder."""
    with NSMC.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    header, body = rows[0], [r for r in rows[1:] if len(r) == 3 and r[1].strip()]
    out = Path(tempfile.mkdtemp(prefix="bench-resp-")) / f"nsmc_{count}.tsv"
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\", lineterminator="\n")
        writer.writerow(header)
        for i in range(count):
            writer.writerow(body[i % len(body)])
    return out


def launch() -> str:
    import tiny_models
    from app import build_app, launch_options
    from playground import limits
    from playground.catalog import load_catalog
    from playground.device import detect
    from playground.engine import Engine

    folder = os.environ.get("PLAYGROUND_TINY_DIR") or ROOT / ".cache" / "tiny-models"
    catalog = load_catalog(tiny_models.build_all(Path(folder)))
    demo = build_app(Engine(catalog, detect("cpu")))
    demo.launch(server_name="127.0.0.1", quiet=True, max_file_size=limits.UPLOAD_MAX_SIZE, **launch_options())
    return demo.local_url.rstrip("/")


def tag_elements(page) -> None:
    """Give the Sentiment tab's "Many texts" panel an id this script can find (the page's own ids differ between
    versions of the tab)."""
    page.evaluate("""() => {
      const tab = [...document.querySelectorAll('[role="tabpanel"]')].find((el) => el.checkVisibility());
      const many = [...tab.querySelectorAll('[role="tabpanel"]')].find((el) => el.checkVisibility());
      many.id = 'pg-bench-many';
    }""")


def open_many(page, url: str, upload: Path) -> None:
    page.goto(url, wait_until="load", timeout=90_000)
    page.get_by_role("tab").first.wait_for(timeout=60_000)
    page.get_by_role("tab", name="Sentiment").click()
    page.get_by_role("tab", name="Many texts").click()
    page.wait_for_timeout(500)
    tag_elements(page)
    # a first, short run loads the models, so the measured runs see a warm engine, as a class does
    box = page.locator("#pg-bench-many textarea").first
    box.fill("좋아요\nbad movie")
    start_run(page)
    wait_until_finished(page)
    box.fill("")
    page.locator("#pg-bench-many input[type=file]").first.set_input_files(str(upload))
    # the column pickers are filled once the file is read
    page.wait_for_function("""() => [...document.querySelectorAll('#pg-bench-many input')]
        .some((el) => el.value === 'document')""", timeout=60_000)
    page.wait_for_timeout(500)


def center(page, selector: str) -> tuple[float, float]:
    box = page.locator(selector).first.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def start_run(page) -> None:
    """Click "Analyze all" (in the page: no scrolling), wait until the run is under way and its first counts are
    shown."""
    page.evaluate("""() => [...document.querySelectorAll('#pg-bench-many button')]
        .find((b) => b.textContent.trim() === 'Analyze all').click()""")
    page.wait_for_function(RUNNING_JS, timeout=30_000, polling=50)
    page.evaluate(f"() => ({WATCH_RUN_JS})({RUNNING_JS})")
    page.wait_for_function(FIRST_COUNTS_JS, timeout=120_000, polling=100)


def summary_text(page) -> str:
    return page.evaluate("""() => [...document.querySelectorAll('#pg-bench-many .prose, #pg-bench-many .md')]
        .map((el) => el.innerText).join(' | ')""")


SUBTABS = ("One text", "Many texts")


def subtab_spots(page) -> dict[str, tuple[float, float]]:
    """Where the sub-tab buttons are (found before a run: a frozen page answers no query), with the page scrolled
    so that they sit at the top and the Stop button is on screen too; nothing above them changes during a run.
    The page gets room below it: "One text" is shorter than "Many texts", and the browser's scroll, clamped to the
    shorter page, moved the buttons away from the spots after the first click (1 of 10 clicks landed)."""
    page.evaluate("""() => {
      document.body.style.paddingBottom = '3000px';
      const tab = [...document.querySelectorAll('button[role="tab"]')].find((b) => b.textContent.trim() === 'One text');
      window.scrollBy(0, tab.getBoundingClientRect().top - 10);
    }""")
    page.wait_for_timeout(300)
    return {name: center(page, f'button[role="tab"]:text-is("{name}")') for name in SUBTABS}


def measure_clicks(page, spots: dict[str, tuple[float, float]], n: int, gap_ms: int) -> dict[str, list[float]]:
    """Switch the Sentiment tab's sub-tabs ("One text" / "Many texts") ``n`` times with real mouse input, every
    ``gap_ms``, without waiting for the page first: latencies in ms (page clock) of clicks made while the run
    went and after it, and the wall-clock time Playwright took to deliver each click (the page acknowledges an
    input only once its main thread is free, so a frozen page shows here too)."""
    wall = []
    for i in range(n):
        x, y = spots[SUBTABS[i % 2]]
        t0 = time.perf_counter()
        page.mouse.move(x + 4, y + 2)
        page.mouse.click(x, y)
        wall.append(round((time.perf_counter() - t0) * 1000, 1))
        time.sleep(gap_ms / 1000)
    if n % 2:  # back on "Many texts"
        page.mouse.click(*spots[SUBTABS[1]])
    page.wait_for_function("() => window.__pgClicks.every((c) => c.latency !== null)", timeout=120_000)
    clicks = page.evaluate("() => window.__pgClicks")[:n]
    if len(clicks) < n:
        note(f"only {len(clicks)} of {n} clicks reached a sub-tab: {page.evaluate('() => window.__pgClicks')}")
    end = page.evaluate("() => window.__pgRunEnd")
    during = [round(c["latency"], 1) for c in clicks if end is None or c["stamp"] < end]
    after = [round(c["latency"], 1) for c in clicks if not (end is None or c["stamp"] < end)]
    return {"during": during, "after": after, "wall": wall}


def wait_until_finished(page, timeout_s: float = 600) -> None:
    page.wait_for_function("() => window.__pgRunEnd !== null", timeout=timeout_s * 1000, polling=200)


def measure_stop(page, wait_ms: int) -> dict[str, object]:
    """Start a run, click Stop after ``wait_ms``: from the Stop click's first input event (page clock) to the first
    frame with no output of the run pending, and the wall-clock time from sending the click to seeing that."""
    page.get_by_role("tab", name="Many texts").click()
    page.locator('#pg-bench-many button:text-is("Stop")').wait_for(timeout=30_000)
    subtab_spots(page)  # the same scroll as for the clicks
    x, y = center(page, '#pg-bench-many button:text-is("Stop")')
    if not 0 < y < page.viewport_size["height"]:
        raise SystemExit(f"the Stop button is off screen (y = {y})")
    page.evaluate("""() => {
      window.__pgStop = null;
      let first = null;
      document.addEventListener('pointermove', (event) => { if (first === null) first = event.timeStamp; }, true);
      document.addEventListener('click', (event) => {
        if (window.__pgStop === null && event.target.closest && event.target.closest('button')
            && event.target.closest('button').textContent.trim() === 'Stop') {
          window.__pgStop = first === null ? event.timeStamp : first;
        }
        first = null;
      }, true);
    }""")
    start_run(page)
    time.sleep(wait_ms / 1000)
    t0 = time.perf_counter()
    page.mouse.move(x + 4, y + 2)
    page.mouse.click(x, y)
    sent = round((time.perf_counter() - t0) * 1000, 1)
    page.wait_for_function("() => window.__pgRunEnd !== null && window.__pgStop !== null", timeout=120_000,
                           polling=20)
    wall = round((time.perf_counter() - t0) * 1000, 1)
    stamps = page.evaluate("() => [window.__pgStop, window.__pgRunEnd]")
    page.wait_for_timeout(1500)
    summary = summary_text(page)
    return {"running_when_clicked": stamps[1] is None or stamps[0] < stamps[1], "click_delivered_ms": sent,
            "stop_shown_ms": round(max(0.0, stamps[1] - stamps[0]), 1),
            "stop_wall_ms": wall, "summary_after_stop": summary[-300:], "stopped_mark": "⏹" in summary}


def note(line: str) -> None:
    print(f"[bench] {line}", file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an app already running (default: launch one in-process on the tiny models)")
    parser.add_argument("--rows", type=int, default=4000)
    parser.add_argument("--clicks", type=int, default=10)
    parser.add_argument("--gap-ms", type=int, default=250, help="pause between two clicks")
    parser.add_argument("--stop-after-ms", type=int, default=1500, help="how long the run goes before Stop")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    upload = nsmc_rows(args.rows)
    url = args.url or launch()
    report: dict[str, object] = {"rows": args.rows, "checkout": str(ROOT)}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        context = browser.new_context(locale="en-US", viewport={"width": 1366, "height": 900})
        page = context.new_page()
        open_many(page, url, upload)
        note("page open, models loaded, file uploaded")
        # a first run loads the models, so the measured runs see a warm engine, as a class does after the first
        page.wait_for_timeout(1000)

        spots = subtab_spots(page)
        page.evaluate(RECORD_CLICKS_JS)
        t0 = time.perf_counter()
        start_run(page)
        clicks = measure_clicks(page, spots, args.clicks, args.gap_ms)
        wait_until_finished(page)
        report["run_s"] = round(time.perf_counter() - t0, 2)
        report["summary"] = summary_text(page)[-300:]
        during = clicks["during"]
        report["clicks_during_run_ms"] = during
        report["clicks_after_run_ms"] = clicks["after"]
        report["clicks_wall_ms"] = clicks["wall"]
        if during:
            report["click_median_ms"] = round(statistics.median(during), 1)
            report["click_max_ms"] = max(during)
        note(f"clicks: {clicks}")
        page.wait_for_timeout(1000)
        report["stop"] = measure_stop(page, args.stop_after_ms)
        note(f"stop: {report['stop']}")
        context.close()
        browser.close()

    stop_ms = report["stop"]["stop_shown_ms"]  # type: ignore[index]
    ok = bool(during) and max(during) <= CLICK_TARGET_MS and 0 <= stop_ms <= STOP_TARGET_MS  # type: ignore[operator]
    report["targets_met"] = ok
    print(json.dumps(report, ensure_ascii=False, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    sys.stdout.flush()
    os._exit(0 if ok else 1)  # the in-process server's threads


if __name__ == "__main__":
    main()
