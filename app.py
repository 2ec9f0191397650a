"""The playground: one Gradio app, one tab per task, every tab on one shared model engine.

    python app.py                                   # local, models load on first use
    python app.py --catalog tiny/catalog.yaml       # offline, with scripts/tiny_models.py's models
    python app.py --share --auth teacher:secret     # a password-protected public link for a class
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import threading

from playground import settings  # the environment's one reader: stdlib only, safe before spaces and torch

# No telemetry from a classroom, and no network calls for it when the Wi-Fi is down (set before any import).
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
# Gradio rebuilds a pandas summary of up to 10,000 past events after every event (for its monitoring page):
# 3-14 ms added to each request. Recompute it every 1,000 events instead, over at most 2,000 of them.
os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "1000")
os.environ.setdefault("GRADIO_ANALYTICS_MAX_EVENTS", "2000")

if settings.flag(settings.ZERO_GPU):
    import spaces  # noqa: F401  - on ZeroGPU, spaces must be imported before torch

if __name__ == "__main__":  # before gradio's import, which reads GRADIO_TEMP_DIR into constants
    from server.tempdir import use_private_temp_dir

    use_private_temp_dir()

import gradio as gr

from playground import limits, quiet, registry, startup
from playground.catalog import CATALOG_ENV
from playground.classroom import redaction
from playground.classroom.accounts import AccountsError, accounts_from
from playground.data.local import DATA_DIR_ENV, set_data_dir
from playground.engine import Engine
from playground.errors import PlaygroundError
from playground.hub import hub_status
from playground.prepare import prepare
from playground.tasks.chat import batching_on
from playground.tasks.image_safety import SAFETY_ENV
from server import fairuse, gradio_private, login, mcp, page, signin
from server.fairuse import Classroom
from server.share import announce, share_check
from tabs import classroom, handover, system
from tabs.common import Tab, wire_send_to
from tabs.i18n import I18N, t
from tabs.tool_docs import collect as tool_docs


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def build_parser() -> argparse.ArgumentParser:
    """Every option of ``python app.py`` (``python scripts/options_table.py`` writes the README's table)."""
    count, positive = startup.at_least(1), startup.at_least(0.001, float)
    p = startup.ArgumentParser(description="The playground: try Hugging Face models in Korean and English.")
    p.add_argument("--catalog", metavar="PATH", help=f"model catalog file (default: catalog.yaml, or ${CATALOG_ENV})")
    p.add_argument("--host", default=settings.text(settings.SERVER_NAME),
                   help="address to listen on; 0.0.0.0 for the whole LAN (default: 127.0.0.1)")
    p.add_argument("--port", type=startup.port_number, default=settings.text(settings.SERVER_PORT),
                   help="port to listen on (default: 7860)")
    p.add_argument("--share", action="store_true", help="also create a public *.gradio.live link for a class")
    p.add_argument("--auth", metavar="USER:PASS", default=settings.text(settings.AUTH) or None,
                   help="require this login on every page and API call (or $PLAYGROUND_AUTH)")
    p.add_argument("--auth-file", metavar="PATH",
                   help="accounts file: one user:password per line, # for comments (adds to --auth)")
    p.add_argument("--data-dir", metavar="PATH", default=settings.text(DATA_DIR_ENV) or None,
                   help=f"folder of local data files the Datasets tab may open (default: data/ in the repository, "
                        f"or ${DATA_DIR_ENV}); nothing outside it or the uploads is read")
    p.add_argument("--profile", choices=("auto", "cpu", "gpu"), default="auto",
                   help="which catalog defaults and device to use: auto picks gpu when one is visible")
    p.add_argument("--preload", action="store_true",
                   help="load every default model at start-up instead of on first use (always on ZeroGPU)")
    p.add_argument("--prepare", nargs="*", metavar="MODEL",
                   help="before class: download the catalog's default models (or these MODEL ids) into the "
                        "Hugging Face cache, check each one loads, print a summary, and exit")
    p.add_argument("--memory-budget", metavar="GB", type=positive,
                   help="memory the model cache may hold before evicting the least recently used model "
                        "(default: half the RAM on CPU, 85%% of GPU memory)")
    p.add_argument("--max-batch", metavar="N", type=count, default=limits.BATCH_MAX_ITEMS,
                   help="texts in one forward pass across concurrent requests; 1 turns batching off "
                        f"(default: {limits.BATCH_MAX_ITEMS})")
    p.add_argument("--max-queue", metavar="N", type=count, default=limits.QUEUE_MAX_SIZE,
                   help=f"requests that may wait in the queue (default: {limits.QUEUE_MAX_SIZE})")
    p.add_argument("--rate-limit", metavar="N", type=startup.at_least(0, float), default=limits.RATE_PER_MINUTE,
                   help=f"main actions each student may start per minute; 0 = no limit "
                        f"(default: {limits.RATE_PER_MINUTE})")
    p.add_argument("--rate-burst", metavar="N", type=count, default=limits.RATE_BURST,
                   help=f"actions a student may start in a quick burst (default: {limits.RATE_BURST})")
    p.add_argument("--class-size", metavar="N", type=count, default=limits.RATE_CLASS_SIZE,
                   help="students the allowance of one address or one shared account grows with, as they show up "
                        "(a class behind one school network or one --auth account; default: "
                        f"{limits.RATE_CLASS_SIZE})")
    p.add_argument("--gpu-concurrency", metavar="N", type=count, default=limits.GPU_CONCURRENCY,
                   help="chat, image, summarize and translate jobs running at once, all students together; chat "
                        f"answers have their own {limits.CHAT_BATCH_MAX_ANSWERS} when they share one batched loop "
                        f"(--chat-batching) (default: {limits.GPU_CONCURRENCY})")
    p.add_argument("--cpu-concurrency", metavar="N", type=count, default=limits.CPU_CONCURRENCY,
                   help=f"sentiment and dataset requests running at once (default: {limits.CPU_CONCURRENCY})")
    p.add_argument("--mcp", action="store_true", default=mcp.enabled(),
                   help="also serve every tab's main action as an MCP tool, streamable HTTP at /gradio_api/mcp/ "
                        f"(or ${mcp.MCP_ENV}=1); with --auth, MCP clients send the same login (HTTP Basic)")
    p.add_argument("--no-image-safety", action="store_true",
                   help="teachers only: turn off the Image tab's prompt filter and image safety checker "
                        "(same as PLAYGROUND_IMAGE_SAFETY=off)")
    p.add_argument("--chat-batching", choices=("auto", "on", "off"), default=None,
                   help="every chat answer of a model in one continuously batched loop (on: a class on one machine), "
                        "or one generate per answer (off); auto: on with a dedicated GPU, off on a CPU (or "
                        "$PLAYGROUND_CHAT_BATCHING; default auto)"),
    p.add_argument("--no-train-push", action="store_true",
                   help="teachers only: the Train tab offers no push to the Hub, only the zip download "
                        "(same as PLAYGROUND_TRAIN_PUSH=off)")
    return p


def build_engine(args: argparse.Namespace) -> Engine:
    budget = int(args.memory_budget * 2**30) if args.memory_budget else None
    placement = startup.placement(args.profile)  # a start-up mistake here is one line (see main), not a traceback
    return Engine(startup.catalog(args.catalog), placement, budget_bytes=budget, max_batch=args.max_batch)


def build_app(engine: Engine, max_queue: int = limits.QUEUE_MAX_SIZE, fairness: Classroom | None = None) -> gr.Blocks:
    """Assemble the tabs of ``playground.registry`` around one engine (tests call this in-process; no rate limit
    unless ``fairness`` has one)."""
    gradio_private.lazy_session_configs()  # a new session no longer copies every component's config up front
    keep = limits.KEEP_FILES_S  # Gradio's own cache of served files: checked and cleaned as often as ours
    with gr.Blocks(title="The Playground · 플레이그라운드", delete_cache=(keep, keep)) as demo:
        fairuse.use_classroom(demo, fairness or Classroom())
        signin.login_button()  # only on a Space with hf_oauth: true
        with gr.Row(elem_id="pg-header"):  # the title, the language control, the class's link, what to do first
            gr.Markdown(t("app.title"), elem_id="pg-title")
            with gr.Row(elem_id="language-switch"):  # one language at a time: this control, remembered (page.js)
                buttons = {code: gr.Button(name, size="sm", variant="secondary", elem_id=f"language-{code}")
                           for code, name in (("ko", "한국어"), ("en", "English"))}
            classroom.share_control(demo)  # "Share with the class": the link, copy, a full-screen QR
            gr.Markdown(t("app.start"), elem_id="pg-start")  # the teacher's text is in the section at the bottom
        # The switch reloads the page in the other language; every tab's results come back with it (tabs.handover).
        handed, handing = handover.token_boxes()
        for code, button in buttons.items():
            handover.switch_language(button, code, handing)
        built: dict[str, Tab] = {}  # task -> what its builder returned (for "send to" across tabs)
        with gr.Tabs(elem_id="tabs", overflow_behavior="wrap") as tabs:  # a phone shows every tab
            for task in registry.TASKS:
                with gr.Tab(t(f"tab.{task.id}"), id=task.id, elem_id=f"tab-{task.id}"):  # #tab-<id>-button
                    if not task.catalog or engine.choices(task.id):
                        built[task.id] = importlib.import_module(task.tab).build(engine)
                    else:
                        gr.Markdown(t("common.no_models"))
        wire_send_to(built, tabs)
        handover.wire(built, handed)  # the results each tab keeps (Tab.keeps), drawn again after the switch
        system.build(engine, demo)
    fairuse.mark_main_actions(demo)  # events wired with **resource(task) take from each student's rate limit
    mcp.name_tools(demo, tool_docs(engine))  # MCP tools: named after their endpoints, described for agents
    # An explicit max_size: on ZeroGPU Gradio would otherwise let only one request wait.
    return fairuse.guard_queue(demo.queue(max_size=max_queue, default_concurrency_limit=8), capacity=max_queue)


def launch_options() -> dict[str, object]:
    """The ``launch()`` arguments every run shares, the tests' too (strings, threads, sessions). The upload cap
    (``max_file_size``) and ``auth`` stay written at each call, where a reader checks them."""
    return {"i18n": I18N, "max_threads": limits.SERVER_THREADS, "footer_links": ["api"],
            "state_session_capacity": limits.STATE_SESSIONS,
            "prevent_thread_lock": True, "js": page.page_js(), "css": page.page_css(),  # server/page.js, page.css
            "app_kwargs": page.app_kwargs()}  # the stored language before Gradio's scripts start


def main(argv: list[str] | None = None) -> None:
    """Start the playground; a start-up mistake exits with one line in the user's language, never a traceback."""
    with startup.one_line_errors():
        serve(argv)


def serve(argv: list[str] | None = None) -> None:
    redaction.install()  # the Hugging Face token never reaches the terminal or a log
    args = parse_args(argv)
    startup.check_data_dir(args.data_dir)
    if args.no_image_safety:
        settings.override(SAFETY_ENV, False)  # this process only, never its environment
    if args.no_train_push:
        settings.override(settings.TRAIN_PUSH, False)
    if args.chat_batching:
        settings.override(settings.CHAT_BATCHING, args.chat_batching)
    try:
        accounts = accounts_from(args.auth, args.auth_file)
    except AccountsError as exc:
        raise startup.StartupError("startup_bad_auth", detail=exc) from None
    engine = build_engine(args)
    if args.prepare is None:
        quiet.install()  # no library progress bars or repeated warnings in the teacher's terminal
    if args.prepare is not None:
        try:
            ready = all(r.ok for r in prepare(engine, args.prepare))
        except PlaygroundError as exc:
            print(startup.one_line(exc), file=sys.stderr)
            raise SystemExit(2) from None
        raise SystemExit(0 if ready else 1)
    startup.check_port(args.host, args.port)  # before any model work: a taken port fails in a second
    # Ask once, in the background, whether the Hub answers, so the first model load does not wait for it.
    threading.Thread(target=hub_status().reachable, name="hub-check", daemon=True).start()
    if args.preload or engine.placement.zerogpu:
        engine.preload(progress=lambda _, message: print(message, flush=True))  # main thread, before launch
    set_data_dir(args.data_dir)
    fairness = fairuse.from_settings(args.rate_limit, args.rate_burst, args.gpu_concurrency, args.cpu_concurrency,
                                     class_size=args.class_size,
                                     chat=limits.CHAT_BATCH_MAX_ANSWERS if batching_on(engine.placement) else None)
    demo = build_app(engine, args.max_queue, fairness)
    share, blocked = share_check(args.share)  # says why not, in seconds rather than Gradio's 30 s timeouts
    restore_stdout = startup.hide_share_hint()  # Gradio's "set share=True in launch()": here it is --share
    options = launch_options()
    demo.launch(server_name=args.host, server_port=args.port, share=share, auth=accounts,
                max_file_size=limits.UPLOAD_MAX_SIZE, run_history=login.run_history(),
                app_kwargs={**options.pop("app_kwargs"),  # the page's stored language first (server.page)
                            "routes": login.login_routes()},  # /login waits after mistakes; /logout: one session
                mcp_server=args.mcp, **options)
    restore_stdout()
    if args.mcp:
        mcp.protect(demo, accounts)  # the same login (and /login's throttle) for MCP clients, their own rate limit
    announce(demo, share_tried=share, protected=accounts is not None, blocked=blocked)
    demo.block_thread()


if __name__ == "__main__":
    main()
