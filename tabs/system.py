"""The teacher section at the bottom of the page (collapsed): what the playground is, the students' addresses and
the fair-use settings, and, collapsed inside it, the System diagnostics: where models run, what the shared cache
holds, hits, misses, load times, batching. Everything in the page's one language."""

from __future__ import annotations

import gradio as gr

from playground.engine import Engine
from playground.hub import hub_status

from . import classroom
from .i18n import STRINGS, page_language, say, t

# The diagnostics' tables keep their columns readable on a phone: they scroll sideways instead of squeezing.
CSS = """
#pg-system table { display: block; max-width: 100%; overflow-x: auto; }
#pg-system th, #pg-system td { white-space: nowrap; }
"""


def build(engine: Engine, demo: gr.Blocks) -> None:
    with gr.Accordion(t("classroom.teacher"), open=False, elem_id="pg-teacher"):
        gr.Markdown(t("classroom.teacher_intro"))
        classroom.teacher_panel(demo)  # pause, resume, clear the queue, who is waiting (the teacher's page only)
        classroom.links_panel(demo)
        with gr.Accordion(t("system.diagnostics"), open=False, elem_id="pg-system"):
            panel = gr.Markdown("")  # filled on load, in the page's language
            refresh = gr.Button(t("system.refresh"), size="sm")

    def fill(request: gr.Request) -> str:
        return render(engine, page_language(request))

    refresh.click(fill, None, panel, api_visibility="private", queue=False)
    demo.load(fill, None, panel, api_visibility="private", queue=False)


def render(engine: Engine, lang: str | None = "en") -> str:
    """Markdown of ``engine.status()`` in ``lang`` ("en" / "ko"; None: English)."""
    lang = lang or "en"

    def s(key: str, **params: object) -> str:
        return say(key, lang, **params)

    status = engine.status()
    cache = status["cache"]
    budget = cache["budget_bytes"]
    lines = [
        f"**{s('system.device')}:** {_placement(engine, lang)}  ",
        f"**{s('system.cache')}:** "
        + s("system.cache_line", held=_mb(cache["held_bytes"]), budget=s("system.budget", budget=_mb(budget))
            if budget else "", hits=cache["hits"], misses=cache["misses"], shared=cache["shared_loads"],
            evictions=cache["evictions"], failures=cache["failures"]) + "  ",
    ]
    if cache["loading"]:
        lines.append(f"**{s('system.loading')}:** {', '.join(cache['loading'])}")
    if cache["models"]:
        lines += ["", s("system.models_header"), "|---|---:|---:|---:|"]
        lines += [
            f"| `{m['key']}` | {_mb(m['bytes'])} | {m['load_seconds']:.2f} s | {m['hits']} |" for m in cache["models"]
        ]
    else:
        lines.append(s("system.no_model"))
    hub = s("system.hub_yes") if hub_status().reachable() else s("system.hub_no")
    lines += ["", f"**{s('system.hub')}:** {hub}", "", s("system.catalog_header"), "|---|---|---|---:|"]
    lines += [
        f"| `{entry.id}` | {_task(entry.task, lang)} | {s(f'system.where_{copy.where}')} | "
        f"{_mb(size) if (size := copy.bytes_on_disk) else '-'} |"
        for entry, copy in engine.local_copies()
    ]
    if status["batchers"]:
        lines += ["", s("system.batch_header"), "|---|---:|---:|---:|"]
        lines += [f"| `{k}` | {b['batches']} | {b['items']} | {b['largest']} |" for k, b in status["batchers"].items()]
    return "\n".join(lines)


def _placement(engine: Engine, lang: str) -> str:
    """Where models run, in plain words: the device, which of the catalog's models, and the numbers' precision."""
    placement = engine.placement
    where = "zerogpu" if placement.zerogpu else placement.device if placement.device in ("cpu", "cuda", "mps") \
        else None
    return say("system.device_line", lang,
               where=say(f"system.where_{where}", lang) if where else placement.device,
               models=say("system.models_gpu" if placement.profile == "gpu" else "system.models_cpu", lang),
               precision=say("system.precision_full" if placement.device == "cpu" else "system.precision_half", lang))


def _task(task: str, lang: str) -> str:
    """A catalog task as the page names its tab ("Chat", "채팅"); an unknown one as the catalog writes it."""
    return say(f"tab.{task}", lang) if f"tab.{task}" in STRINGS else task


def _mb(value: int) -> str:
    return f"{value / 2**20:,.1f} MB"
