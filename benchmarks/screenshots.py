"""Screenshots of every tab, the share overlay and the teacher section, in both page languages at laptop and phone
size, for a person to look at.

    python benchmarks/screenshots.py [--url http://127.0.0.1:7860] [--out .cache/screenshots]
                                     [--lang en ko] [--size 1366x900 390x844] [--tab chat ...]

Without --url it launches the app in-process on the tiny offline models (scripts/tiny_models.py); the overlay is
then shot twice: as it is (only this computer can open the app: how to get a link) and with an example public
link (https://example-class.gradio.live, set on the app, never contacted) so its full-screen QR code shows.
Each language is chosen with the page's own 한국어 / English control (stored, then the page reloads), so the shots
also show that the choice survives a reload. Writes, into <out> (not committed):

    <lang>-<W>x<H>-<n>-<tab>.png         the first screen of each tab (what a student sees without scrolling)
    <lang>-<W>x<H>-<n>-<tab>-full.png    the whole page with that tab open
    <lang>-<W>x<H>-7-share[-link].png    the "Share with the class" overlay (-link: with the example public link)
    <lang>-<W>x<H>-8-teacher.png         the teacher section opened, diagnostics too
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
TABS = ("chat", "sentiment", "summarize", "translate", "image", "datasets")  # app.TABS
EXAMPLE_LINK = "https://example-class.gradio.live"


def launch():
    import tiny_models
    from app import build_app, launch_options
    from playground import limits
    from playground.catalog import load_catalog
    from playground.device import detect
    from playground.engine import Engine

    catalog = load_catalog(tiny_models.build_all(ROOT / ".cache" / "tiny-models"))
    demo = build_app(Engine(catalog, detect("cpu")))
    demo.launch(server_name="127.0.0.1", server_port=None, quiet=True, max_file_size=limits.UPLOAD_MAX_SIZE,
                **launch_options())
    return demo


def open_page(browser, url: str, lang: str, width: int, height: int):
    context = browser.new_context(locale="en-US", viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(url, wait_until="load", timeout=90_000)
    page.locator("#tab-chat-button").wait_for(timeout=60_000)
    page.locator(f"#language-{lang}").click()  # the page's control: stored, then a reload
    page.wait_for_function(f"() => (document.documentElement?.lang || '').startsWith('{lang}')", timeout=30_000)
    page.locator("#tab-chat-button").wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    return context, page


def shoot_share(page, path: Path) -> Path:
    page.locator("#pg-share-open").click()
    page.locator("dialog.pg-share-dialog[open]").wait_for(timeout=10_000)
    page.wait_for_timeout(400)
    page.screenshot(path=str(path))
    page.keyboard.press("Escape")
    page.locator("dialog.pg-share-dialog[open]").wait_for(state="detached", timeout=10_000)
    return path


def shoot(url: str, out: Path, langs: list[str], sizes: list[tuple[int, int]], tabs: list[str],
          demo=None) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for lang in langs:
            for width, height in sizes:
                context, page = open_page(browser, url, lang, width, height)
                stem = f"{lang}-{width}x{height}"
                for n, task in enumerate(TABS, start=1):
                    if task not in tabs:
                        continue
                    button = page.locator(f"#tab-{task}-button")
                    if not button.is_visible():  # would be a bug: every tab has a visible button
                        print(f"{stem}: the {task} tab's button is not visible", file=sys.stderr)
                        continue
                    button.click()
                    page.wait_for_timeout(700)
                    page.evaluate("() => window.scrollTo(0, 0)")
                    written.append(out / f"{stem}-{n}-{task}.png")
                    page.screenshot(path=str(written[-1]))
                    written.append(out / f"{stem}-{n}-{task}-full.png")
                    page.screenshot(path=str(written[-1]), full_page=True)
                page.evaluate("() => window.scrollTo(0, 0)")
                written.append(shoot_share(page, out / f"{stem}-7-share.png"))
                if demo is not None and demo.share_url is None:
                    demo.share_url = EXAMPLE_LINK  # the overlay is filled on load: reload to show the QR
                    page.reload(wait_until="load")
                    page.locator("#tab-chat-button").wait_for(timeout=60_000)
                    page.wait_for_timeout(1000)
                    written.append(shoot_share(page, out / f"{stem}-7-share-link.png"))
                    demo.share_url = None
                page.locator("#pg-teacher").get_by_role("button").first.click()
                page.locator("#pg-system").get_by_role("button").first.click()
                page.wait_for_timeout(700)
                page.locator("#pg-teacher").scroll_into_view_if_needed()
                written.append(out / f"{stem}-8-teacher.png")
                page.locator("#pg-teacher").screenshot(path=str(written[-1]))
                context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url")
    parser.add_argument("--out", default=str(ROOT / ".cache" / "screenshots"))
    parser.add_argument("--lang", nargs="+", default=["en", "ko"], choices=["en", "ko"])
    parser.add_argument("--size", nargs="+", default=[f"{w}x{h}" for w, h in SIZES])
    parser.add_argument("--tab", nargs="+", default=list(TABS), choices=TABS)
    args = parser.parse_args()
    sizes = [tuple(int(n) for n in size.split("x")) for size in args.size]
    demo = None if args.url else launch()
    url = args.url or demo.local_url.rstrip("/")
    for path in shoot(url, Path(args.out), args.lang, sizes, args.tab, demo):
        print(path)
    os._exit(0)  # the in-process server's threads


if __name__ == "__main__":
    main()
