"""Prepare before class: fetch catalog models into the Hugging Face cache and check that each one loads.

    python app.py --prepare                  # every default model of the catalog, for this machine's profile
    python app.py --prepare org/model ...    # only these catalog models

Files already in the cache are not fetched again. With no internet it says what it would fetch and checks
what is already here. The exit status is 0 only when every model is on this machine and loads.

A model that loads is then asked a small golden question per task and language (``playground/golden.py``): a
clearly positive and a clearly negative movie review, a short sentence whose translation must hold an expected
word, a text whose summary must be shorter and in the same script, a chat question that must be answered in the
language asked. A model that loads but answers wrong is reported apart ("loads, but its answers look wrong"): it
is usable, but a teacher should look before class.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from playground import golden, settings
from playground.catalog import ModelEntry
from playground.engine import TASK_MODULES, Engine
from playground.errors import ModelNotAllowed, PlaygroundError
from playground.hub import DownloadPlan, cache_sizes, download, hub_status, local_copy
from playground.hub import plan as hub_plan


@dataclass
class Prepared:
    entry: ModelEntry
    status: str  # "local folder", "cached", "downloaded", "would fetch", "failed"
    bytes_on_disk: int = 0
    new_bytes: int = 0
    loads: bool | None = None  # None: no tab uses this task yet, so nothing to load it with
    detail: str = ""
    answers: bool | None = None  # the golden examples: None when not asked (did not load, or no example)
    wrong: list[str] = field(default_factory=list)  # what looked wrong, one line per failed example

    @property
    def ok(self) -> bool:
        return self.status in ("local folder", "cached", "downloaded") and self.loads is not False


def select(engine: Engine, ids: Sequence[str]) -> list[ModelEntry]:
    """The named catalog models, or the profile's defaults of every task the app has a tab for."""
    catalog = engine.catalog
    if not ids:
        return [entry for task in TASK_MODULES for entry in catalog.defaults(task, engine.placement.profile)
                if entry.remote is None]  # remote models have nothing to fetch
    chosen = []
    for model_id in ids:
        matches = [entry for task in catalog.models for entry in catalog.entries(task) if entry.id == model_id]
        if not matches:
            every = sorted({entry.id for entries in catalog.models.values() for entry in entries})
            raise ModelNotAllowed("not_in_any_catalog", model=model_id, allowed=", ".join(every))
        chosen += [m for m in matches if m not in chosen]
    return chosen


def prepare(engine: Engine, ids: Sequence[str] = (), out: Callable[[str], None] = print) -> list[Prepared]:
    """Fetch what is missing, then load each model once to prove it works; print a summary."""
    entries = select(engine, ids)
    online = hub_status().reachable()
    out(f"Preparing {len(entries)} model(s); the Hugging Face Hub is {'reachable' if online else 'NOT reachable'}.")
    before = cache_sizes()
    plans = plan_downloads(entries, before, out) if online else {}
    results = []
    for entry in entries:
        out(f"\n{entry.id} ({entry.name}, {entry.license})")
        result = _fetch(entry, online, before, plans.get(entry.id))
        if result.status in ("local folder", "cached", "downloaded"):
            result.loads = _verify(engine, entry, result)
        out(f"  {result.status}{': ' + result.detail if result.detail else ''}")
        for line in result.wrong:
            out(f"  answer looks wrong: {line}")
        results.append(result)
    out("\n" + summary(results))
    return results


def plan_downloads(entries: Sequence[ModelEntry], before: dict[str, int] | None = None,
                   out: Callable[[str], None] = print, api: object = None) -> dict[str, DownloadPlan]:
    """Only the files each loader reads (``hub.plan``), and the total printed BEFORE anything is fetched."""
    sizes = cache_sizes() if before is None else before
    plans: dict[str, DownloadPlan] = {}
    for entry in entries:
        if entry.path is not None or entry.id in plans or local_copy(entry, sizes=sizes).where == "folder":
            continue
        try:
            plans[entry.id] = hub_plan(entry, api)
        except Exception as exc:  # noqa: BLE001 - a listing that fails: that model falls back to the full rules
            out(f"  could not list {entry.id} ({type(exc).__name__}): its download skips only other frameworks")
    total = sum(p.bytes for p in plans.values())
    whole = sum(p.all_bytes for p in plans.values())
    files = sum(len(p.files) for p in plans.values())
    out(f"Will fetch at most {_gb(total)} ({files} files the loaders read, of {len(plans)} repositories holding "
        f"{_gb(whole)}); files already in the cache are not fetched again.")
    return plans


def _gb(value: int) -> str:
    return f"{value / 1e9:,.2f} GB"


def _fetch(entry: ModelEntry, online: bool, before: dict[str, int], plan: DownloadPlan | None = None) -> Prepared:
    copy = local_copy(entry, sizes=before)
    if copy.where == "folder":
        return Prepared(entry, "local folder", copy.bytes_on_disk, detail=str(entry.path))
    if not online:
        if copy.ready:
            detail = "the Hub is out of reach: not checked for updates"
            return Prepared(entry, "cached", copy.bytes_on_disk, detail=detail)
        return Prepared(entry, "would fetch", detail=f"about {entry.size_mb:,.0f} MB once the Hub can be reached")
    try:
        download(entry, plan.files if plan else None)  # huggingface_hub draws a progress bar per model
    except Exception as exc:  # noqa: BLE001 - report and go on with the next model
        return Prepared(entry, "failed", detail=f"download failed ({type(exc).__name__})")
    after = cache_sizes().get(entry.id, 0)
    new = max(0, after - before.get(entry.id, 0))
    if new == 0 and copy.ready:
        return Prepared(entry, "cached", after, detail="already up to date, nothing new fetched")
    return Prepared(entry, "downloaded", after, new_bytes=new)


def _verify(engine: Engine, entry: ModelEntry, result: Prepared) -> bool | None:
    if entry.task not in TASK_MODULES:
        result.detail = (result.detail + "; " if result.detail else "") + "no tab loads this task yet"
        return None
    try:
        engine.model(entry)
        checks = golden.check(engine, entry)
        result.answers = None if not checks else all(c.ok for c in checks)
        result.wrong = [c.describe() for c in checks if not c.ok]
    except PlaygroundError as exc:
        result.detail = exc.message("en")
        return False
    finally:
        engine.cache.evict(entry.key)  # checked; free the memory for the next one
    result.detail = (result.detail + "; " if result.detail else "") + "loads"
    return True


def summary(results: Sequence[Prepared]) -> str:
    """A plain-text table: model, status, size on disk, whether it loads."""
    rows = [("model", "status", "on disk", "new", "answers", "loads")]
    for r in results:
        loads = "-" if r.loads is None else ("yes" if r.loads else "NO")
        answers = "-" if r.answers is None else ("ok" if r.answers else "WRONG")
        rows.append((r.entry.id, r.status, _mb(r.bytes_on_disk), _mb(r.new_bytes), answers, loads))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    total, new = sum(r.bytes_on_disk for r in results), sum(r.new_bytes for r in results)
    lines.append(f"{sum(r.ok for r in results)} of {len(results)} ready · {_mb(total)} on disk · {_mb(new)} new")
    waiting = [r for r in results if r.status == "would fetch"]
    if waiting:  # offline: what is still missing, and how to get it
        about = sum(r.entry.size_mb for r in waiting) * 2**20
        lines.append(f"{len(waiting)} model(s) still to fetch, about {_gb(int(about))} (the catalog's sizes); connect "
                     f"to the internet and run {settings.text(settings.COMMAND)} --prepare again.")
    wrong = [r.entry.id for r in results if r.loads and r.answers is False]
    if wrong:
        lines.append(f"{len(wrong)} load(s), but its answers look wrong: {', '.join(wrong)} (see above; random or "
                     "broken weights, a wrong tokenizer, or a model too small for the task)")
    return "\n".join(lines)


def _mb(value: int) -> str:
    return f"{value / 2**20:,.1f} MB" if value else "-"
