"""Shared fixtures: tiny offline models, an engine over them, and the app launched in-process."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import os
import re
import shutil
import socket
import sys
import threading
import time
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


def run_async(coroutine):
    """Run a coroutine to its end in a thread of its own, in a copy of the caller's context (Gradio's
    ``LocalContext`` included): the session's Playwright keeps an event loop running in the main thread once a
    browser test has run, and asyncio.run() refuses to start inside it. Its error is raised here."""
    context = contextvars.copy_context()
    result: list = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.append(context.run(asyncio.run, coroutine))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            errors.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if errors:
        raise errors[0]
    return result[0]


def cancel_job(job, seconds: float = 60) -> None:
    """Cancel a gradio_client job the way the client can: only once it knows the job's event id.

    The server starts a job as soon as it joins the queue; the client learns its event id from the join's answer,
    in its own thread, a moment later on a busy machine. ``Job.cancel()`` before that posts ``event_id: null``,
    which Gradio's ``/cancel`` refuses (422), and the job runs on. (A bounded wait on the client's own state.)"""
    communicator = job.communicator
    deadline = time.monotonic() + seconds
    while communicator is not None and communicator.event_id is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert communicator is None or communicator.event_id is not None, "the client never learnt the job's event id"
    job.cancel()


def drain(steps) -> list:
    """Every output of a streaming handler (an async generator, as ``tabs.common.reports_errors`` makes it)."""

    async def collect() -> list:
        return [item async for item in steps]

    return run_async(collect())


@pytest.fixture(scope="session")
def tiny_catalog_path() -> Path:
    """Build (or reuse) the tiny random models once per machine ($PLAYGROUND_TINY_DIR); returns their catalog."""
    import tiny_models

    folder = os.environ.get("PLAYGROUND_TINY_DIR") or ROOT / ".cache" / "tiny-models"
    return tiny_models.build_all(Path(folder))


@pytest.fixture(scope="module")
def hub_cache(tiny_catalog_path: Path) -> Iterator[Path]:
    """The stand-ins' Hub-layout cache made the process's Hugging Face cache for one test module, so the default
    catalog's real ids load from it (``HF_HUB_CACHE`` is read at import: huggingface_hub's constants are patched)."""
    import huggingface_hub.constants
    import huggingface_hub.utils._cache_manager as cache_manager

    import tiny_models

    cache = tiny_models.hub_cache_dir(tiny_catalog_path.parent)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(cache))
        patch.setattr(cache_manager, "HF_HUB_CACHE", str(cache))
        patch.setenv("HF_HUB_OFFLINE", "1")
        yield cache


@pytest.fixture(scope="session")
def catalog(tiny_catalog_path: Path):
    from playground.catalog import load_catalog

    return load_catalog(tiny_catalog_path)


@pytest.fixture
def engine(catalog):
    """A fresh engine (own cache) over the tiny models, on the CPU; its models are evicted after the test (a chat
    model's batching loop stops with it)."""
    from playground.device import detect
    from playground.engine import Engine

    fresh = Engine(catalog, detect("cpu"))
    yield fresh
    fresh.cache.evict()


@pytest.fixture(scope="session")
def nsmc_path() -> Path:
    if not NSMC.exists():
        pytest.skip("the shared NSMC sample is not next to the repository")
    return NSMC


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


LOCALHOST_CHECK = "When localhost is not accessible"  # Gradio's launch, when its own HEAD of the page timed out


def launch(demo, **options):
    """``demo.launch(server_name="127.0.0.1", server_port=<a free port>, **options)``: the way every test starts an
    app. Gradio's launch ends with a HEAD of the page it has just started, with a 3-second timeout, and raises
    "When localhost is not accessible, a shareable link must be created" when that times out; a run on a machine
    busy with a second whole suite met it once. That one failure is tried again on a fresh port (three tries in
    all); any other is raised as it is."""
    for attempt in range(3):
        try:
            return demo.launch(server_name="127.0.0.1", server_port=free_port(), **options)
        except ValueError as exc:
            if LOCALHOST_CHECK not in str(exc) or attempt == 2:
                raise
            demo.close()
    return None


@pytest.fixture(scope="session")
def app_demo(catalog) -> Iterator[object]:
    """The whole app, launched in-process on a free port, as a teacher would run it (the Blocks)."""
    from app import build_app, launch_options
    from playground import limits
    from playground.device import detect
    from playground.engine import Engine

    demo = build_app(Engine(catalog, detect("cpu")))
    launch(demo, quiet=True, max_file_size=limits.UPLOAD_MAX_SIZE, **launch_options())
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


LOCALES = {"en": "en-US", "ko": "ko-KR"}
FAILED_SHOTS = ROOT / ".cache" / "screenshots" / "failed"  # a failed browser test's pages; not committed


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """The call's report on the test item, so a fixture's teardown knows the test failed."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.report_call = report


UNTRANSLATED_JS = """() => { const text = document.body ? document.body.innerText : "";
  const at = text.indexOf("__i18n__"); return at < 0 ? "" : text.slice(at, at + 120); }"""


class Pages:
    """Opens pages of the app in fresh browser contexts (each its own session) and remembers every JavaScript
    error they raise; the ``open_page`` fixture closes them all and fails the test on any such error."""

    def __init__(self, browser, app_url: str, name: str = "test") -> None:
        self.browser, self.app_url, self.name = browser, app_url, name
        self.contexts: list = []
        self.errors: list[str] = []
        self.shots = 0

    def __call__(self, lang: str = "en", width: int = 1280, height: int = 1200, *, browser_lang: str | None = None,
                 remember: bool = False, url: str | None = None, is_mobile: bool = False):
        """A page of the app at this viewport once it speaks ``lang`` ("en" / "ko"). The browser's own language is
        ``browser_lang`` (default: ``lang``); ``remember`` (implied when they differ) stores ``lang`` as the
        student's choice before the page loads. ``url``: another app than the session's one."""
        browser_lang = browser_lang or lang
        context = self.browser.new_context(locale=LOCALES.get(browser_lang, browser_lang), is_mobile=is_mobile,
                                           viewport={"width": width, "height": height})
        self.contexts.append(context)
        if remember or browser_lang != lang:
            context.add_init_script(f"localStorage.setItem('playground_lang', '{lang}')")
        page = context.new_page()
        page.on("pageerror", lambda exc: self.errors.append(str(exc) + " @ " + str(exc.stack)[:600]))
        open_app(page, url or self.app_url)
        page.wait_for_function(f"() => (document.documentElement?.lang || '').startsWith('{lang}')", timeout=30_000)
        return page

    @contextmanager
    def closing(self, *args, **kwargs):
        """The same page, its browser context closed at the end of the ``with`` block (loops over many sizes)."""
        page = self(*args, **kwargs)
        try:
            yield page
        except BaseException:
            self.shoot([page.context])
            raise
        finally:
            self.check_text([page.context])
            self.contexts.remove(page.context)
            page.context.close()

    def shoot(self, contexts: list | None = None) -> None:
        """A failed test's pages as they were, for the person reading the failure (never fails itself)."""
        FAILED_SHOTS.mkdir(parents=True, exist_ok=True)
        for context in self.contexts if contexts is None else contexts:
            for page in context.pages:
                self.shots += 1
                path = FAILED_SHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', self.name)}-{self.shots}.png"
                with contextlib.suppress(Exception):
                    page.screenshot(path=str(path), full_page=True, timeout=10_000)
                    print(f"screenshot of the failed page: {path}")

    def check_text(self, contexts: list | None = None) -> None:
        """Text Gradio left untranslated on a page still open (a label drawn as ``__i18n__{"key": ...}``, as
        Gradio's examples table once headed its columns) counts as an error of the test."""
        for context in self.contexts if contexts is None else contexts:
            for page in context.pages:
                with contextlib.suppress(Exception):
                    raw = page.evaluate(UNTRANSLATED_JS)
                    if raw:
                        self.errors.append(f"untranslated text on the page: {raw}")

    def close(self) -> None:
        self.check_text()
        for context in self.contexts:
            context.close()
        self.contexts.clear()


@pytest.fixture
def open_page(browser, app_url: str, request) -> Iterator[Pages]:
    """``open_page(lang, width, height, ...)``: the one way a browser test opens the app (see :class:`Pages`). A
    failed test leaves a screenshot of each page still open in ``FAILED_SHOTS``."""
    pages = Pages(browser, app_url, request.node.name)
    try:
        yield pages
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            pages.shoot()
        pages.close()
    assert not pages.errors, pages.errors


@pytest.fixture
def page(open_page: Pages):
    """A fresh English page of the app at 1280x1200; fails the test if the page raised a JavaScript error."""
    return open_page("en")


def open_app(page, url: str) -> None:
    """Load the app and wait until its tabs are drawn (not "networkidle": a session's heartbeat stream stays open)."""
    page.goto(url, wait_until="load", timeout=90_000)
    page.get_by_role("tab").first.wait_for(timeout=60_000)


SETTLED_JS = """() => {
  if (!window.__pgQuiet) {
    window.__pgQuiet = {changes: 0, seen: -1, still: 0};
    new MutationObserver(() => { window.__pgQuiet.changes++; }).observe(document.documentElement,
      {subtree: true, childList: true, attributes: true, characterData: true});
  }
  const quiet = window.__pgQuiet;
  const busy = [...document.querySelectorAll('.wrap:not(.hide):is(.generating, .translucent, .pending), '
    + '.eta-bar, .progress-text')].some((e) => e.checkVisibility() && !e.closest('.hide'));
  if (busy || quiet.changes !== quiet.seen) { quiet.seen = quiet.changes; quiet.still = 0; return false; }
  return ++quiet.still >= 3;
}"""


def settled(page, timeout_ms: int = 60_000) -> None:
    """Wait until the page is at rest: no Gradio event pending or streaming, and no change to the document over
    three animation frames in a row (what was drawn has been laid out). An event on the page, not a clock."""
    page.wait_for_function(SETTLED_JS, polling="raf", timeout=timeout_ms)


def open_section(page, label: str) -> None:
    """Open (or close) the visible accordion called ``label`` and wait until the page is at rest. Gradio 6 mounts a
    closed accordion's components when it first opens; a value typed into a box before its component had bound
    it was overwritten by the initial value on a busy machine (a CI run sent temperature 0.7 after "0" was typed)."""
    page.get_by_text(label, exact=True).filter(visible=True).first.click()
    settled(page)


def set_slider(page, within: str, value: float | int) -> None:
    """Type ``value`` into the number box of the slider ``within`` (a CSS selector) and wait until the slider
    itself holds it: what Gradio sends is the slider's value, not the box's."""
    from playwright.sync_api import expect

    box = page.locator(f"{within} input[type=number]").first
    box.fill(str(value))
    box.press("Enter")
    expect(page.locator(f"{within} input[type=range]").first).to_have_value(str(value), timeout=10_000)


def answered(page, count: int = 1, timeout_ms: int = 60_000) -> None:
    """Wait until the Chat tab's ``count``-th answer has ended: its message shown, Stop inactive (hidden) again and
    Send back in its place."""
    page.wait_for_function("n => document.querySelectorAll('#chat-conversation [data-testid=bot]').length >= n",
                           arg=count, timeout=timeout_ms)
    page.locator("#chat-stop:disabled").wait_for(state="attached", timeout=timeout_ms)
    page.locator("#chat-send").wait_for(timeout=timeout_ms)


VISIBLE_TEXT_JS = """([root, skip]) => {
    const out = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode, el = node.parentElement;
        if (!el || el.closest(skip) || !el.checkVisibility({checkVisibilityCSS: true})) continue;
        if (node.textContent.trim()) out.push(node.textContent.trim());
    }
    return out.join('\\n');
}"""


def visible_text(locator, skip: str) -> str:
    """The text a student sees in ``locator``'s element, without what matches the CSS selector ``skip`` (data or
    code rather than the page's own words: code panels, tables of rows, what is typed in boxes...)."""
    return locator.evaluate(f"(root) => ({VISIBLE_TEXT_JS})([root, {json.dumps(skip)}])")


def stray_words(text: str, lang: str, allowed: set[str] | frozenset[str] = frozenset(), *,
                quotes: bool = False) -> list[str]:
    """Words of the other language in ``text``: Latin words (2+ letters, not in ``allowed``) on a Korean page,
    Hangul on an English one; with ``quotes``, text between “ ” is a quotation and is left out."""
    import re

    if quotes:
        text = re.sub(r"“[^”]*”", "", text)
    if lang == "ko":
        return sorted({w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in allowed})
    return sorted(set(re.findall(r"[\uac00-\ud7a3]+", text)))


def open_tab(page, name: str) -> None:
    """Click a top-level tab by its name (the tab bar wraps on a phone: no tab hides behind a "…" menu)."""
    page.get_by_role("tab", name=name).first.click()


# -- Gradio's queue held still --------------------------------------------------------------------------------
@contextmanager
def held_line(demo, api_name: str) -> Iterator[None]:
    """Jobs of ``api_name`` wait in Gradio's queue until the block ends: its line counts as busy far past its limit
    (a test-only hold; the jobs then run when it is let go)."""
    from server import gradio_private

    queue = gradio_private.queue_of(demo)
    fn = next(f for f in demo.fns.values() if f.api_name == api_name)
    queue.create_event_queue_for_fn(fn)
    line = queue.event_queue_per_concurrency_id[fn.concurrency_id]
    hold = 1_000_000
    line.current_concurrency += hold
    try:
        yield
    finally:
        line.current_concurrency -= hold


def waiting_jobs(demo, count: int, tab: str | None = None) -> list:
    """Once ``count`` jobs (of ``tab``, if given) wait in the queue, the teacher's view of them. The queue has no
    event to wait on: its state is read until then, within a minute (a bound on a wait, not a speed claim)."""
    from server.fairuse import jobs

    deadline = time.monotonic() + 60
    while True:
        found = [j for j in jobs(demo) if not j.running and (tab is None or j.tab == tab)]
        if len(found) >= count:
            return found
        assert time.monotonic() < deadline, jobs(demo)
        time.sleep(0.02)


# -- chat answers the test controls -------------------------------------------------------------------------
@pytest.fixture
def held_answers(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldAnswers]:
    """Chat answers that are still being written when the test acts: after its first 16 tokens, each answer waits
    (in the model's generating thread) until its stop event is set (Stop, a cancelled job, a closed stream) or the
    test sets the returned ``release`` event. Without it the tests raced the model: a warm tiny model wrote all its
    tokens before the Stop click arrived, and the browser stop test failed 3 times in 4 on a fresh clone. The app
    runs in this process, so the patch reaches its handlers."""
    import torch
    from transformers import StoppingCriteria

    from playground.tasks import chat

    held = HeldAnswers()
    real = chat.stopping_criteria

    def holding(stop: threading.Event | None):
        criteria = real(stop)

        class HoldUntilStoppedOrReleased(StoppingCriteria):
            steps = 0
            saw_stop = False

            def __call__(self, input_ids, scores, **_):
                self.steps += 1
                if self.steps == 17 and stop is not None:
                    held.holding.set()
                    while not stop.is_set() and not held.release.is_set():
                        stop.wait(0.02)  # the generating thread only: its stop or the test's release ends the hold
                if stop is not None and stop.is_set() and not self.saw_stop:  # held or not yet: it ends here
                    self.saw_stop = True
                    held.stopped.release()
                return torch.zeros((input_ids.shape[0],), dtype=torch.bool, device=input_ids.device)

        criteria.append(HoldUntilStoppedOrReleased())
        return criteria

    monkeypatch.setattr(chat, "stopping_criteria", holding)
    yield held
    held.set()  # nothing stays held after the test
    wait_until_no_generation()  # nor generating: a generation thread alive at exit aborts the process (rc 134)


@pytest.fixture
def cancel_held(monkeypatch: pytest.MonkeyPatch, held_answers: HeldAnswers):
    """``cancel_held(job)``: cancel a gradio_client job whose answer is held, then release the held answers.

    Gradio's /cancel cancels the event's task; a streaming handler's run then sets its stop switches at once and
    the held answer ends at its next token (``tabs.common.reports_errors``). The release is also given the moment
    Gradio's ``cancel_tasks`` starts, before the loop can see the next chunk, so an answer cancelled before its
    stop switch was registered ends there too, deterministically."""
    import gradio.routes

    started = threading.Semaphore(0)
    real = gradio.routes.cancel_tasks

    async def spying(task_ids: set[str]) -> list[str]:
        started.release()  # the test thread may release now: real() cancels before this loop step ends
        return await real(task_ids)

    monkeypatch.setattr(gradio.routes, "cancel_tasks", spying)

    def cancel(job) -> None:
        worker = threading.Thread(target=cancel_job, args=(job,), name="test-cancel")
        worker.start()
        assert started.acquire(timeout=60), "the cancel never reached the server"
        held_answers.set()
        worker.join(60)
        assert not worker.is_alive(), "the cancel did not finish"

    return cancel


def wait_until_no_generation(seconds: float = 30) -> bool:
    """Join every chat generating thread of this process (``seconds`` is a safety net against a hang, not a speed
    claim); True when none is left running."""
    from playground.tasks.chat import GENERATE_THREAD

    for thread in [t for t in threading.enumerate() if t.name == GENERATE_THREAD]:
        thread.join(seconds)
    return not any(t.name == GENERATE_THREAD and t.is_alive() for t in threading.enumerate())


class HeldAnswers:
    """What ``held_answers`` hands a test: ``set()`` lets every held answer run to its end; ``wait_stopped()``
    returns once an answer's generation has seen its stop (held or not yet held: it then ends at that token);
    ``holding`` is set once an answer is held (it keeps its generation slot until then)."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.holding = threading.Event()
        self.stopped = threading.Semaphore(0)

    def set(self) -> None:
        self.release.set()

    def wait_stopped(self, answers: int = 1, seconds: float = 60) -> None:
        for _ in range(answers):
            assert self.stopped.acquire(timeout=seconds), "an answer's generation never saw its stop"


def with_local_folders(engine, code: str) -> str:
    """A code panel made runnable on this machine: each catalog id it names (panels never show a model's folder)
    replaced by the local folder the tiny catalog loads it from."""
    import json

    for task in engine.catalog.models:
        for entry in engine.catalog.entries(task):
            if entry.path is not None:
                code = code.replace(json.dumps(entry.id), json.dumps(entry.source))
    return code
