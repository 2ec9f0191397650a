"""Screenshots of every tab in both page languages at laptop and phone size (issue 13), for a person to look at.

    python benchmarks/screenshots.py [--url http://127.0.0.1:7860] [--out .cache/screenshots]

Without --url it launches the app in-process on the tiny offline models (scripts/tiny_models.py). Each language
is chosen with the page's own 한국어 / English control (stored, then the page reloads), so the shots also show
that the choice survives a reload. Writes <out>/<lang>-<width>x<height>-<n>-<tab>.png (not committed).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
os.environ.setdefault("HF_HUB_OFFLINE", "1")

SIZES = ((1366, 900), (390, 844))


def launch() -> str:
    import tiny_models
    from app import build_app, launch_options
    from playground import limits
    from playground.catalog import load_catalog
    from playground.device import detect
    from playground.engine import Engine

    catalog = load_catalog(tiny_models.build_all(ROOT / ".cache" / "tiny-models"))
    demo = build_app(Engine(catalog, detect("cpu")))
    demo.launch(server_name="127.0.0.1", server_port=0 or None, quiet=True, max_file_size=limits.UPLOAD_MAX_SIZE,
                **launch_options())
    return demo.local_url.rstrip("/")


def shoot(url: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for lang in ("en", "ko"):
            for width, height in SIZES:
                context = browser.new_context(locale="en-US", viewport={"width": width, "height": height})
                page = context.new_page()
                page.goto(url, wait_until="load", timeout=90_000)
                page.get_by_role("tab").first.wait_for(timeout=60_000)
                page.locator(f"#language-{lang}").click()  # the page's control: stored, then a reload
                page.wait_for_function(f"() => document.documentElement.lang.startsWith('{lang}')", timeout=30_000)
                page.get_by_role("tab").first.wait_for(timeout=60_000)
                page.wait_for_timeout(1500)
                count = page.get_by_role("tab").count()
                for n in range(count):
                    tab = page.get_by_role("tab").nth(n)
                    if not tab.is_visible():  # on a phone some tabs sit behind the overflow menu
                        continue
                    name = tab.inner_text().strip() or f"tab{n}"
                    tab.click()
                    page.wait_for_timeout(700)
                    path = out / f"{lang}-{width}x{height}-{n}-{name}.png"
                    page.screenshot(path=str(path), full_page=False)
                    written.append(path)
                context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url")
    parser.add_argument("--out", default=str(ROOT / ".cache" / "screenshots"))
    args = parser.parse_args()
    for path in shoot(args.url or launch(), Path(args.out)):
        print(path)
    os._exit(0)  # the in-process server's threads


if __name__ == "__main__":
    main()
