"""Shared fixtures: tiny offline models, an engine over them, and the app launched in-process."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"  # no test may touch the network
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
# The shared sample data sits next to the repository ($PLAYGROUND_SHARED_DIR where a worktree lives elsewhere).
SHARED = Path(os.environ.get("PLAYGROUND_SHARED_DIR") or ROOT.parent / "shared")
NSMC = SHARED / "data" / "nsmc" / "ratings_sample.tsv"


@pytest.fixture(scope="session")
def tiny_catalog_path() -> Path:
    """Build (or reuse) the tiny random models once per machine ($PLAYGROUND_TINY_DIR); returns their catalog."""
    import tiny_models

    folder = os.environ.get("PLAYGROUND_TINY_DIR") or ROOT / ".cache" / "tiny-models"
    return tiny_models.build_all(Path(folder))


@pytest.fixture(scope="session")
def catalog(tiny_catalog_path: Path):
    from playground.catalog import load_catalog

    return load_catalog(tiny_catalog_path)


@pytest.fixture
def engine(catalog):
    """A fresh engine (own cache) over the tiny models, on the CPU."""
    from playground.device import detect
    from playground.engine import Engine

    return Engine(catalog, detect("cpu"))


@pytest.fixture(scope="session")
def nsmc_path() -> Path:
    if not NSMC.exists():
        pytest.skip("the shared NSMC sample is not next to the repository")
    return NSMC


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_demo(catalog) -> Iterator[object]:
    """The whole app, launched in-process on a free port, as a teacher would run it (the Blocks)."""
    from app import build_app, launch_options
    from playground import limits
    from playground.device import detect
    from playground.engine import Engine

    demo = build_app(Engine(catalog, detect("cpu")))
    demo.launch(server_name="127.0.0.1", server_port=free_port(), quiet=True, max_file_size=limits.UPLOAD_MAX_SIZE,
                **launch_options())
    try:
        yield demo
    finally:
        demo.close()


@pytest.fixture(scope="session")
def app_url(app_demo) -> str:
    """The launched app's address."""
    return app_demo.local_url.rstrip("/")


@pytest.fixture(scope="session")
def client(app_url: str):
    from gradio_client import Client

    c = Client(app_url, verbose=False)
    yield c
    c.close()


# -- the real page in Chromium (apt-get install chromium fonts-noto-cjk; Playwright drives it) -----------------
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_url: str):
    """A fresh English page of the app; fails the test if the page raised a JavaScript error."""
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 1200})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    open_app(page, app_url)
    yield page
    context.close()
    assert not errors, errors


def open_app(page, url: str) -> None:
    """Load the app and wait until its tabs are drawn (not "networkidle": a session's heartbeat stream stays open)."""
    page.goto(url, wait_until="load", timeout=90_000)
    page.get_by_role("tab").first.wait_for(timeout=60_000)


@contextmanager
def sized_page(browser, app_url: str, width: int, height: int, lang: str = "en"):
    """A fresh page of the app at this viewport in a browser set to ``lang`` ("en" / "ko"), once the page speaks it;
    fails on a JavaScript error."""
    context = browser.new_context(locale="ko-KR" if lang == "ko" else "en-US",
                                  viewport={"width": width, "height": height})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    open_app(page, app_url)
    page.wait_for_function(f"() => document.documentElement.lang.startsWith('{lang}')", timeout=30_000)
    try:
        yield page
    finally:
        context.close()
    assert not errors, errors


def open_tab(page, name: str) -> None:
    """Click a top-level tab by its name (the tab bar wraps on a phone: no tab hides behind a "…" menu)."""
    page.get_by_role("tab", name=name).first.click()


def with_local_folders(engine, code: str) -> str:
    """A code panel made runnable on this machine: each catalog id it names (panels never show a model's folder)
    replaced by the local folder the tiny catalog loads it from."""
    import json

    for task in engine.catalog.models:
        for entry in engine.catalog.entries(task):
            if entry.path is not None:
                code = code.replace(json.dumps(entry.id), json.dumps(entry.source))
    return code
