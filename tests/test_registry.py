"""One declaration per task (playground.registry): every part of the playground reads it, none keeps a list of its
own, and the private Gradio attributes server/ still uses are exactly the ones server.gradio_private lists."""

from __future__ import annotations

import importlib
import inspect

import pytest

from playground import registry
from playground.catalog import TASKS as CATALOG_TASKS
from playground.engine import TASK_MODULES
from playground.errors import TASK_NAMES_KO
from server import gradio_private
from tabs.i18n import STRINGS


def test_every_reader_follows_the_registry() -> None:
    assert CATALOG_TASKS == tuple(t.id for t in registry.TASKS if t.catalog)
    assert TASK_MODULES == {t.id: t.engine for t in registry.TASKS if t.engine}
    assert TASK_NAMES_KO == {t.id: t.name_ko for t in registry.TASKS}
    for task in registry.TASKS:
        assert STRINGS[f"tab.{task.id}"] == task.name  # the tab's label comes from its declaration
        assert any(key.startswith(f"{task.id}.") or key.startswith("dataset") for key in
                   importlib.import_module(task.strings).STRINGS)


@pytest.mark.parametrize("task", registry.TASKS, ids=lambda t: t.id)
def test_each_declared_module_has_its_shape(task: registry.TaskSpec) -> None:
    tab = importlib.import_module(task.tab)
    assert list(inspect.signature(tab.build).parameters) == ["engine"]
    assert callable(getattr(tab, "tool_docs", None)), f"{task.tab} documents its endpoints for API and MCP clients"
    if task.engine:
        assert callable(importlib.import_module(task.engine).load)
    assert task.pool in registry.POOLS


def test_the_app_draws_the_registry_and_its_endpoints(engine) -> None:
    """The page's tabs are the registry's, in its order, and every declared endpoint is a public, documented API."""
    from app import build_app
    from tabs.tool_docs import collect

    demo = build_app(engine)
    config = demo.get_config_file()
    tab_ids = [c["props"].get("id") for c in config["components"] if c.get("type") == "tabitem"]
    assert [t for t in tab_ids if t in registry.BY_ID] == [t.id for t in registry.TASKS]
    public = {fn.api_name for fn in demo.fns.values() if fn.api_name and fn.api_visibility == "public"}
    docs = collect(engine)
    for task in registry.TASKS:
        for endpoint in task.endpoints:
            assert endpoint in public, f"{task.id}: /{endpoint} is declared but not served"
            if endpoint != "dataset_file":  # documented on its own handler (tabs.dataset_api)
                assert "Args:" in docs[endpoint]


def test_an_unknown_pool_is_refused_at_declaration() -> None:
    with pytest.raises(ValueError, match="pool"):
        registry.TaskSpec("x", ("X", "엑스"), "tabs.x", "tabs.strings.x", "gpu-ish", ("x",))


# -- the private Gradio attributes server/ relies on: a Gradio upgrade that changes one fails here, loudly ---------
@pytest.mark.parametrize(("module", "name"), gradio_private.MODULE_ATTRIBUTES)
def test_private_module_attributes_still_exist(module: str, name: str) -> None:
    assert hasattr(importlib.import_module(module), name), f"gradio changed: {module}.{name} is gone"


def test_private_instance_attributes_still_exist(app_demo) -> None:
    """On the launched app: the queue's structures the fair-use guard and the teacher's controls read and write
    (its lines, its jobs), the login store, the event functions it wraps, and the context variables handlers
    read."""
    from gradio.context import Context, LocalContext
    from gradio.queueing import Event, EventQueue

    queue = gradio_private.queue_of(app_demo)
    for name in gradio_private.QUEUE_ATTRIBUTES:
        assert hasattr(queue, name), f"gradio changed: Queue.{name} is gone"
    assert getattr(queue.push, "guarded", False), "the fair-use guard is not installed on the queue"
    assert isinstance(queue.event_ids_to_events, dict) and isinstance(queue.pending_messages_per_session, dict)
    assert isinstance(queue.event_queue_per_concurrency_id, dict) and isinstance(queue.active_jobs, list)
    line = EventQueue("x", 1)
    for name in gradio_private.LINE_ATTRIBUTES:
        assert hasattr(line, name), f"gradio changed: EventQueue.{name} is gone"
    assert isinstance(line.queue, list)
    block_fn = next(iter(app_demo.fns.values()))
    event = Event("s", block_fn, None, None)
    for name in gradio_private.EVENT_ATTRIBUTES:
        assert hasattr(event, name), f"gradio changed: Event.{name} is gone"
    assert gradio_private.fn_id(event.fn) in app_demo.fns and isinstance(gradio_private.enqueued_at(event), float)
    for name in gradio_private.APP_ATTRIBUTES:
        assert hasattr(app_demo.server_app, name), f"gradio changed: App.{name} is gone"
    assert isinstance(app_demo.server_app.tokens, dict)
    for block_fn in app_demo.fns.values():
        missing = set(gradio_private.BLOCK_FUNCTION_ATTRIBUTES) - set(vars(block_fn))
        assert not missing, f"gradio changed: BlockFunction.{', '.join(sorted(missing))} is gone"
    assert hasattr(Context, "root_block") and hasattr(LocalContext, "request") and hasattr(LocalContext, "blocks")


def test_private_parameters_still_exist(app_demo) -> None:
    """The private keyword MCP's loopback client is built with, and Gradio's own /login endpoint that the
    throttled one calls (its parameters)."""
    import gradio_client
    from fastapi.routing import APIRoute

    for name in gradio_private.CLIENT_PARAMETERS:
        assert name in inspect.signature(gradio_client.Client).parameters, f"gradio_client changed: Client({name}=)"
    gradios = [r.endpoint for r in app_demo.server_app.router.routes if isinstance(r, APIRoute) and r.path == "/login"
               and r.endpoint.__module__.startswith("gradio.")]
    assert gradios, "gradio changed: its POST /login is gone"
    assert list(inspect.signature(gradios[0]).parameters) == list(gradio_private.LOGIN_PARAMETERS)


def test_the_teachers_view_of_the_queue_reads_it_through_one_module(app_demo) -> None:
    """The teacher's controls (server.fairuse.jobs, clear_queue) name no private attribute of Gradio's queue
    themselves: they go through server.gradio_private, whose table above is the one pinned here."""
    from server import fairuse

    source = inspect.getsource(fairuse)
    for name in ("event_queue_per_concurrency_id", "active_jobs", "delete_lock", "enqueue_time", "._id",
                 "event_ids_to_events", "pending_messages_per_session", "send_message", "route_utils"):
        assert name not in source, f"server.fairuse reads Gradio's {name} itself: go through server.gradio_private"
    assert isinstance(gradio_private.waiting(gradio_private.queue_of(app_demo)), list)


def test_every_stop_is_built_one_way_and_inactive_at_rest(engine) -> None:
    """One Stop everywhere (tabs.common.stop_button): inactive until its action runs, in every tab that has one,
    and every Stop cancels a job (no Stop that is a plain button)."""
    from app import build_app

    demo = build_app(engine)
    stops = {block._id: block for block in demo.blocks.values() if "pg-stop" in (getattr(block, "elem_classes", None)
                                                                                or [])}
    tabs_with_stop = {"chat", "summarize", "translate", "image", "sentiment", "datasets", "train"}
    assert len(stops) >= len(tabs_with_stop)
    assert all(block.interactive is False for block in stops.values())
    wired = {(t[0] if isinstance(t, tuple) else t) for fn in demo.fns.values() for t in fn.targets
             if fn.cancels or fn.fn is not None}
    assert set(stops) <= wired, "a Stop that stops nothing"  # it cancels its job, or asks the run to stop (Train)
