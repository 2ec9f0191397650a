"""The System panel: where models run, what the shared cache holds, hits, misses, load times, batching."""

from __future__ import annotations

import gradio as gr

from playground.engine import Engine
from playground.hub import hub_status

from . import classroom
from .i18n import t


def build(engine: Engine, demo: gr.Blocks) -> None:
    with gr.Accordion(t("system.title"), open=False):
        panel = gr.Markdown(render(engine))
        refresh = gr.Button(t("system.refresh"), size="sm")
        classroom.links_panel(demo)
    refresh.click(lambda: render(engine), None, panel, api_visibility="private", queue=False)
    demo.load(lambda: render(engine), None, panel, api_visibility="private", queue=False)


HUB = {True: "reachable", False: "not reachable — models load from this machine only · 연결 안 됨"}


def render(engine: Engine) -> str:
    """Markdown of ``engine.status()``."""
    status = engine.status()
    cache = status["cache"]
    budget = cache["budget_bytes"]
    lines = [
        f"**Device · 장치:** {status['placement']}  ",
        f"**Cache · 캐시:** {_mb(cache['held_bytes'])} held"
        + (f" of {_mb(budget)} budget" if budget else "")
        + f" · hits {cache['hits']} · misses {cache['misses']} · shared loads {cache['shared_loads']}"
        f" · evictions {cache['evictions']} · failed loads {cache['failures']}",
    ]
    if cache["loading"]:
        lines.append(f"**Loading · 불러오는 중:** {', '.join(cache['loading'])}")
    if cache["models"]:
        lines += ["", "| model | memory | load time | hits |", "|---|---:|---:|---:|"]
        lines += [
            f"| `{m['key']}` | {_mb(m['bytes'])} | {m['load_seconds']:.2f} s | {m['hits']} |" for m in cache["models"]
        ]
    else:
        lines.append("No model loaded yet: each loads on first use. · 아직 불러온 모델이 없습니다.")
    lines += [
        "",
        f"**Hugging Face Hub:** {HUB[hub_status().reachable()]}",
        "",
        "| catalog model | task | on this machine | size on disk |",
        "|---|---|---|---:|",
    ]
    where = {"folder": "local folder", "cache": "✅ cached", "missing": "❌ not yet (python app.py --prepare)"}
    lines += [
        f"| `{entry.id}` | {entry.task} | {where[copy.where]} | {_mb(size) if (size := copy.bytes_on_disk) else '-'} |"
        for entry, copy in engine.local_copies()
    ]
    if status["batchers"]:
        lines += ["", "| batched model | forward passes | texts | largest batch |", "|---|---:|---:|---:|"]
        lines += [f"| `{k}` | {b['batches']} | {b['items']} | {b['largest']} |" for k, b in status["batchers"].items()]
    return "\n".join(lines)


def _mb(value: int) -> str:
    return f"{value / 2**20:,.1f} MB"
