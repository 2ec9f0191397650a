"""Every task of the playground, declared once.

A task is one line in :data:`TASKS`: its id, the tab that draws it, the engine module that loads its models, the
resource pool its main action runs in, its name in both languages and its API endpoints. Everything that used to
keep a list of tasks reads this table instead: ``app.py`` (which tabs, in which order, their CSS), the catalog
(which sections it accepts), the engine (which module loads a model), the classroom (which pool an event uses),
the messages (a task's Korean name), the strings (the tab's label and its strings module), the MCP and API docs
(each tab module's ``tool_docs``), ``--prepare`` and the tests.

Adding a task = an engine module (``playground/tasks/<id>.py``), a tab module (``tabs/<id>.py`` with
``build(engine) -> Tab``, optional ``CSS`` and ``tool_docs(engine)``), a strings module (``tabs/strings/<id>.py``),
one line here, and, if it offers models, a section in ``catalog.yaml``.

The engine side imports nothing from ``tabs`` or gradio: modules are named here as strings and imported by whoever
needs them (``app.py`` imports the tab modules, the engine imports the engine modules on first use).

>>> spec("sentiment").pool, spec("sentiment").endpoints
('cpu', ('sentiment', 'sentiment_many'))
>>> [s.id for s in TASKS if s.catalog]
['chat', 'sentiment', 'summarize', 'translate', 'image']
"""

from __future__ import annotations

from dataclasses import dataclass

POOLS = ("gpu", "cpu", "bulk", "train")  # concurrency ids: generation, quick CPU work, whole-file runs, training


@dataclass(frozen=True)
class TaskSpec:
    """One task: what every part of the playground needs to know about it.

    ``engine`` is the module with ``load(entry, placement)`` for the task's catalog models (None: the task loads no
    model of its own through the cache). ``catalog`` says whether ``catalog.yaml`` has a section for it (a tab
    without one works with no model, e.g. the Datasets browser). ``pool`` is the concurrency id its main actions
    share. ``endpoints`` are its public API / MCP names (the first is the main action).
    """

    id: str
    name: tuple[str, str]  # (English, Korean): the tab's label and how messages name the task
    tab: str  # module with build(engine) -> tabs.common.Tab
    strings: str  # module with STRINGS: key -> (English, Korean)
    pool: str
    endpoints: tuple[str, ...]
    engine: str | None = None
    catalog: bool = True

    def __post_init__(self) -> None:
        if self.pool not in POOLS:
            raise ValueError(f"task {self.id!r}: pool {self.pool!r} is not one of {POOLS}")

    @property
    def name_en(self) -> str:
        return self.name[0]

    @property
    def name_ko(self) -> str:
        return self.name[1]


TASKS: tuple[TaskSpec, ...] = (  # the page's order
    TaskSpec("chat", ("Chat", "채팅"), "tabs.chat", "tabs.strings.chat", "gpu", ("chat",),
             engine="playground.tasks.chat"),
    TaskSpec("sentiment", ("Sentiment", "감정 분석"), "tabs.sentiment", "tabs.strings.sentiment", "cpu",
             ("sentiment", "sentiment_many"), engine="playground.tasks.sentiment"),
    TaskSpec("summarize", ("Summarize", "요약"), "tabs.summarize", "tabs.strings.summarize", "gpu", ("summarize",),
             engine="playground.tasks.summarize"),
    TaskSpec("translate", ("Translate", "번역"), "tabs.translate", "tabs.strings.translate", "gpu", ("translate",),
             engine="playground.tasks.translate"),
    TaskSpec("image", ("Image", "이미지"), "tabs.image", "tabs.strings.image", "gpu", ("generate_image",),
             engine="playground.tasks.image"),
    TaskSpec("datasets", ("Datasets", "데이터셋"), "tabs.dataset_browser", "tabs.strings.datasets", "cpu",
             ("dataset_info", "dataset_rows", "dataset_stats", "dataset_sentiment", "dataset_file"), catalog=False),
)
BY_ID = {task.id: task for task in TASKS}
if len(BY_ID) != len(TASKS):  # pragma: no cover - a mistake in the table above
    raise ValueError("a task id is declared twice in playground.registry.TASKS")


def spec(task: str) -> TaskSpec:
    """The declaration of ``task`` (KeyError for an unknown id)."""
    return BY_ID[task]


def catalog_tasks() -> tuple[str, ...]:
    """The sections ``catalog.yaml`` may have: tasks that offer models."""
    return tuple(task.id for task in TASKS if task.catalog)


def engine_modules() -> dict[str, str]:
    """task -> the module whose ``load(entry, placement)`` loads its models."""
    return {task.id: task.engine for task in TASKS if task.engine is not None}


def pool(task: str) -> str:
    """The concurrency id a task's main actions share (an unknown task shares the CPU pool)."""
    found = BY_ID.get(task)
    return found.pool if found is not None else "cpu"


def names_ko() -> dict[str, str]:
    """task -> its Korean name (how a Korean message names a task)."""
    return {task.id: task.name_ko for task in TASKS}
