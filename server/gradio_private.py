"""Every private Gradio attribute the playground still uses, in one place, each pinned by
``tests/test_registry.py`` (which fails loudly when a Gradio upgrade renames or reshapes one). The code that reads
or writes one goes through a function here wherever it can; the table says where the others are used.

Public extension points come first everywhere else (ASGI middleware, FastAPI routes given to ``launch``, the
queue's own settings, ``gr.Request``). What remains needs Gradio's internals because Gradio 6.31 offers no public
hook for it:

========================================  ==========================================  ==============================
private attribute                         used for                                    where
========================================  ==========================================  ==============================
``Blocks._queue``                         the queue object                            :func:`queue_of`
``Queue.push`` (replaced)                 pace and cap a job before it is queued      ``server.fairuse.guard_queue``
``Queue.event_ids_to_events``             is a reserved job still waiting or running  :func:`is_queued`
``Queue.pending_message_lock``,           answer a refused job on its session's       :func:`open_answer`,
``pending_messages_per_session``,         stream without queueing it                  :func:`answer_error`
``pending_event_ids_session``,                                                        (``server.fairuse``)
``send_message``; ``queueing.Event``,
``queueing.AsyncQueue``,
``server_messages.ProcessCompletedMessage``,
``utils.error_payload``
``route_utils.get_fn``                    the event a queued job is for               :func:`event_of`
``Queue.event_queue_per_concurrency_id``  the teacher's view: who waits, who runs;    :func:`waiting`,
(each ``EventQueue.queue``),              clear the queue (under Gradio's own lock)   :func:`running`,
``Queue.active_jobs``,                                                                :func:`take_waiting`
``Queue.delete_lock``,                                                                (``server.fairuse.jobs``,
``Event.fn/request/username/``                                                        ``clear_queue``)
``session_hash/enqueue_time/_id``
``BlockFunction._id``                     an event's id (its fair-use settings)       :func:`fn_id`
``BlockFunction.fn`` (replaced),          pace events outside the queue; the tab an   ``server.fairuse``
``queue``, ``cancels``, ``targets``,      event belongs to
``trigger_after``, ``concurrency_id``
``BlockFunction.fn.__name__/__doc__``     name and describe each MCP tool             ``server.mcp.name_tools``
``App.tokens``, ``App.cookie_id``         log one browser out; a login for MCP's      :func:`forget_login`,
                                          loopback client; who is signed in           :func:`remember_login`,
                                          (the request guard)                         ``server.guard.signed_in``
``App.auth``                              whether the app has a login                 ``server.guard``
``Blocks.mcp_server_obj``,                give MCP's loopback client that login; put  ``server.mcp.protect``
``GradioMCPServer._client_instance``,     the gate in front of the MCP mount
``local_url``; ``gradio_client.Client``
``(_skip_components=...)``; the mount's
``route.app`` at ``MCP_PATH``
Gradio's own ``POST /login`` endpoint     the throttled ``/login`` calls it, after    ``server.login``
(``request, form_data``)                  the throttle's check
``networking.GRADIO_API_SERVER``,         can a public link be made (checked before   ``server.share.share_check``
``tunneling.BINARY_URL``,                 ``launch(share=True)``)
``tunneling.BINARY_PATH``
``context.Context.root_block``            the Blocks being built (its fair-use        ``tabs.common.resource``,
                                          settings; a load event)                     ``tabs.chat``
``context.LocalContext.request/blocks``   the request and app of the running event    ``server.fairuse``,
                                                                                      ``tabs.common``,
                                                                                      ``tabs.dataset_browser``
``state_holder.SessionState.__init__``    a new session's copy of every component's   :func:`lazy_session_configs`
(wrapped), ``SessionState.config_values`` config, built when first read
========================================  ==========================================  ==============================
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

# What tests/test_registry.py checks on the installed Gradio: (dotted object, attribute) pairs on modules and
# classes, and the instance attributes it checks on a launched app.
MODULE_ATTRIBUTES = (
    ("gradio.queueing", "Event"),
    ("gradio.queueing", "EventQueue"),
    ("gradio.queueing", "AsyncQueue"),
    ("gradio.server_messages", "ProcessCompletedMessage"),
    ("gradio.utils", "error_payload"),
    ("gradio.route_utils", "get_fn"),
    ("gradio.route_utils", "get_root_url"),
    ("gradio.context", "Context"),
    ("gradio.context", "LocalContext"),
    ("gradio.state_holder", "SessionState"),
    ("gradio.networking", "GRADIO_API_SERVER"),
    ("gradio.tunneling", "BINARY_URL"),
    ("gradio.tunneling", "BINARY_PATH"),
)
QUEUE_ATTRIBUTES = ("push", "event_ids_to_events", "pending_message_lock", "pending_messages_per_session",
                    "pending_event_ids_session", "send_message",
                    "event_queue_per_concurrency_id", "active_jobs", "delete_lock")  # (these three: the teacher's)
LINE_ATTRIBUTES = ("queue",)  # a ``queueing.EventQueue``: one concurrency id's line of waiting events
EVENT_ATTRIBUTES = ("fn", "request", "username", "session_hash", "enqueue_time", "_id")  # a ``queueing.Event``
BLOCK_FUNCTION_ATTRIBUTES = ("fn", "queue", "concurrency_id", "api_name", "api_visibility", "cancels", "targets",
                             "trigger_after", "_id")
APP_ATTRIBUTES = ("tokens", "cookie_id", "auth")
CLIENT_PARAMETERS = ("_skip_components",)  # of ``gradio_client.Client``, given by MCP's loopback client
LOGIN_PARAMETERS = ("request", "form_data")  # of Gradio's own ``POST /login`` endpoint


def queue_of(demo: Any) -> Any:
    """The app's queue (``Blocks._queue``)."""
    return demo._queue


def login_cookie_names(app: Any) -> tuple[str, str]:
    """The names of the cookies Gradio's ``/login`` sets (they carry ``App.cookie_id``)."""
    return f"access-token-{app.cookie_id}", f"access-token-unsecure-{app.cookie_id}"


def forget_login(app: Any, token: str) -> None:
    """End the login behind one browser's cookie (``App.tokens``), leaving the account's other sessions signed in."""
    app.tokens.pop(token, None)


def remember_login(app: Any, token: str, username: str) -> str:
    """Store a login as Gradio's ``/login`` would (``App.tokens``); returns the cookie header that presents it."""
    app.tokens[token] = username
    return f"{login_cookie_names(app)[0]}={token}"


def fn_id(block_fn: Any) -> int:
    """An event's id in ``Blocks.fns`` (``BlockFunction._id``)."""
    return int(block_fn._id)


def event_of(demo: Any, body: Any) -> Any:
    """The event (a ``BlockFunction``) a job sent to the queue is for (``route_utils.get_fn``)."""
    from gradio import route_utils

    return route_utils.get_fn(demo, None, body)


def is_queued(queue: Any, job: str) -> bool:
    """Whether the job ``job`` (an event id) still waits or runs (``Queue.event_ids_to_events``)."""
    return job in queue.event_ids_to_events


# -- answering a job Gradio never runs --------------------------------------------------------------------------
async def open_answer(queue: Any, body: Any, fn: Any, request: Any, username: str | None) -> Any:
    """A job (``queueing.Event``) for ``body`` that is answered on its session's stream without being queued, as
    ``Queue.push`` registers one (``pending_message_lock``, ``pending_messages_per_session``,
    ``pending_event_ids_session``); answer it with :func:`answer_error`."""
    from gradio.queueing import AsyncQueue, Event

    event = Event(body.session_hash, fn, request, username)
    if body.session_hash is None:
        body.session_hash = event.session_hash
    async with queue.pending_message_lock:
        if body.session_hash not in queue.pending_messages_per_session:
            queue.pending_messages_per_session[body.session_hash] = AsyncQueue()
        queue.pending_event_ids_session.setdefault(body.session_hash, set()).add(event._id)
    return event


def answer_error(queue: Any, event: Any, error: Exception) -> str:
    """End the job ``event`` with ``error`` (a ``gr.Error``), as if its handler had raised it
    (``utils.error_payload``, ``ProcessCompletedMessage``, ``Queue.send_message``); returns the job's id."""
    from gradio.server_messages import ProcessCompletedMessage
    from gradio.utils import error_payload

    content = error_payload(error, True)
    queue.send_message(event, ProcessCompletedMessage(output=content, title=str(content.get("title") or "Error"),
                                                      success=False))
    return str(event._id)


# -- the teacher's view of the queue ------------------------------------------------------------------------------
def waiting(queue: Any) -> list[Any]:
    """Every job waiting, line by line (``Queue.event_queue_per_concurrency_id``, each ``EventQueue.queue``)."""
    return [event for line in list(queue.event_queue_per_concurrency_id.values()) for event in list(line.queue)]


def running(queue: Any) -> list[Any]:
    """Every job running now (``Queue.active_jobs``: a list of None or lists of events)."""
    return [event for batch in list(queue.active_jobs) for event in (batch or ())]


def enqueued_at(event: Any) -> float:
    """When the job joined the queue (``Event.enqueue_time``, time.monotonic)."""
    return float(event.enqueue_time)


async def take_waiting(queue: Any, keep: Callable[[Any], bool]) -> list[Any]:
    """Take every waiting job but those ``keep`` keeps out of the queue, under the lock Gradio holds while it picks
    the next jobs (``Queue.delete_lock``); returns them (answer each with :func:`answer_error`)."""
    taken = []
    async with queue.delete_lock:
        for line in list(queue.event_queue_per_concurrency_id.values()):
            for event in list(line.queue):
                if keep(event):
                    continue
                line.queue.remove(event)
                queue.event_ids_to_events.pop(event._id, None)
                taken.append(event)
    return taken


_PENDING: Any = object()


class LazyConfigs(MutableMapping[int, Any]):
    """A session's ``config_values`` (component id -> its config), each built on first read.

    Gradio 6.31 builds the config of every component of the app when a session starts (``SessionState.__init__``),
    for a deep link the page may never ask for: with the playground's hundreds of components that was about 40 ms
    of server CPU per new session, a third of what a class's sentiment calls cost. Built on first read, a config is
    the same (the session's blocks are the app's until the session replaces one, and a replacement stores its new
    config at once); a session reads a handful: its events' inputs and outputs, or all of them for a deep link.
    """

    def __init__(self, blocks_config: Any, keys: list[int]) -> None:
        self._blocks_config = blocks_config
        self._values: dict[int, Any] = dict.fromkeys(keys, _PENDING)

    def __getitem__(self, key: int) -> Any:
        value = self._values[key]
        if value is _PENDING:
            value = self._values[key] = self._blocks_config.config_for_block(key, [], self._blocks_config.blocks[key])
        return value

    def __setitem__(self, key: int, value: Any) -> None:
        self._values[key] = value

    def __delitem__(self, key: int) -> None:
        del self._values[key]

    def __iter__(self) -> Iterator[int]:
        return iter(list(self._values))

    def __len__(self) -> int:
        return len(self._values)


class _NoBlocks:
    """The app as the original ``SessionState.__init__`` sees it: every attribute, but no components to copy."""

    def __init__(self, app: Any) -> None:
        self._app = app
        self.blocks: dict[int, Any] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._app, name)


def lazy_session_configs() -> None:
    """Make every new Gradio session build its components' configs on first read (:class:`LazyConfigs`); once."""
    from gradio.state_holder import SessionState

    original: Any = SessionState.__init__
    if getattr(original, "lazy_configs", False):
        return

    def __init__(self: Any, blocks: Any) -> None:
        original(self, _NoBlocks(blocks))  # everything else as Gradio sets it; config_values comes out empty
        config = self.blocks_config
        self.config_values = LazyConfigs(config, [k for k in config.blocks if k in blocks.blocks])

    __init__.lazy_configs = True  # type: ignore[attr-defined]
    __init__.original = original  # type: ignore[attr-defined]  # (the tests compare the two)
    SessionState.__init__ = __init__  # type: ignore[method-assign]
