"""The playground: one Gradio app, one tab per task, every tab on one shared model engine.

    python app.py                                   # local, models load on first use
    python app.py --catalog tiny/catalog.yaml       # offline, with scripts/tiny_models.py's models
    python app.py --share --auth teacher:secret     # a password-protected public link for a class
"""

from __future__ import annotations

import argparse
import os
import sys
import threading

# No telemetry from a classroom, and no network calls for it when the Wi-Fi is down (set before any import).
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
# Gradio rebuilds a pandas summary of up to 10,000 past events after every event (for its monitoring page):
# 3-14 ms added to each request. Recompute it every 1,000 events instead, over at most 2,000 of them.
os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "1000")
os.environ.setdefault("GRADIO_ANALYTICS_MAX_EVENTS", "2000")

if os.environ.get("SPACES_ZERO_GPU", "").lower() in ("1", "true"):
    import spaces  # noqa: F401  - on ZeroGPU, spaces must be imported before torch

import gradio as gr

from playground import limits
from playground.catalog import CATALOG_ENV, catalog_path, load_catalog
from playground.device import detect
from playground.engine import Engine
from playground.errors import PlaygroundError
from playground.hub import hub_status
from playground.prepare import prepare
from tabs import chat, coming_soon, sentiment, system
from tabs.i18n import I18N, t

TABS = ("chat", "sentiment", "summarize", "translate", "image", "datasets")  # the card's order
BUILDERS = {
    "chat": chat.build,
    "sentiment": sentiment.build,
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="The playground: try Hugging Face models in Korean and English.")
    p.add_argument("--catalog", metavar="PATH", help=f"model catalog file (default: catalog.yaml, or ${CATALOG_ENV})")
    p.add_argument("--host", default=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"),
                   help="address to listen on; 0.0.0.0 for the whole LAN (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=int(os.environ.get("GRADIO_SERVER_PORT", "7860")),
                   help="port to listen on (default: 7860)")
    p.add_argument("--share", action="store_true", help="also create a public *.gradio.live link for a class")
    p.add_argument("--auth", metavar="USER:PASS", default=os.environ.get("PLAYGROUND_AUTH"),
                   help="require this login on every page and API call (or $PLAYGROUND_AUTH)")
    p.add_argument("--profile", choices=("auto", "cpu", "gpu"), default="auto",
                   help="which catalog defaults and device to use: auto picks gpu when one is visible")
    p.add_argument("--preload", action="store_true",
                   help="load every default model at start-up instead of on first use (always on ZeroGPU)")
    p.add_argument("--prepare", nargs="*", metavar="MODEL",
                   help="before class: download the catalog's default models (or these MODEL ids) into the "
                        "Hugging Face cache, check each one loads, print a summary, and exit")
    p.add_argument("--memory-budget", metavar="GB", type=float,
                   help="memory the model cache may hold before evicting the least recently used model "
                        "(default: half the RAM on CPU, 85%% of GPU memory)")
    p.add_argument("--max-batch", type=int, default=limits.BATCH_MAX_ITEMS,
                   help="texts in one forward pass across concurrent requests; 1 turns batching off "
                        f"(default: {limits.BATCH_MAX_ITEMS})")
    p.add_argument("--max-queue", type=int, default=256, help="requests that may wait in the queue (default: 256)")
    return p.parse_args(argv)


def build_engine(args: argparse.Namespace) -> Engine:
    budget = int(args.memory_budget * 2**30) if args.memory_budget else None
    placement = detect(args.profile)
    return Engine(load_catalog(catalog_path(args.catalog)), placement, budget_bytes=budget, max_batch=args.max_batch)


def build_app(engine: Engine, max_queue: int = 256) -> gr.Blocks:
    """Assemble the tabs around one engine (tests call this in-process)."""
    with gr.Blocks(title="The Playground · 플레이그라운드", delete_cache=(3600, 3600)) as demo:
        gr.Markdown(t("app.title"))
        gr.Markdown(t("app.intro"))
        with gr.Tabs():
            for task in TABS:
                with gr.Tab(t(f"tab.{task}"), id=task):
                    if task not in BUILDERS:
                        coming_soon.build(task)
                    elif not engine.choices(task):
                        coming_soon.no_models()
                    else:
                        BUILDERS[task](engine)
        system.build(engine, demo)
    return demo.queue(max_size=max_queue, default_concurrency_limit=8)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    engine = build_engine(args)
    if args.prepare is not None:
        try:
            ready = all(r.ok for r in prepare(engine, args.prepare))
        except PlaygroundError as exc:
            print(exc.bilingual(), file=sys.stderr)
            raise SystemExit(2) from None
        raise SystemExit(0 if ready else 1)
    # Ask once, in the background, whether the Hub answers, so the first model load does not wait for it.
    threading.Thread(target=hub_status().reachable, name="hub-check", daemon=True).start()
    if args.preload or engine.placement.zerogpu:
        engine.preload(progress=lambda _, message: print(message, flush=True))  # main thread, before launch
    demo = build_app(engine, args.max_queue)
    auth = tuple(args.auth.split(":", 1)) if args.auth and ":" in args.auth else None
    if args.auth and not auth:
        raise SystemExit("--auth needs USER:PASS")
    demo.launch(server_name=args.host, server_port=args.port, share=args.share, auth=auth, i18n=I18N,
                max_threads=128, max_file_size="25mb", footer_links=["api", "settings"],
                state_session_capacity=2000)


if __name__ == "__main__":
    main()
