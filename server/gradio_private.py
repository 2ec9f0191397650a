"""Every private Gradio attribute the playground still uses, in one place, each pinned by
``tests/test_registry.py`` (which fails loudly when a Gradio upgrade renames or reshapes one).

Public extension points come first everywhere else (ASGI middleware, FastAPI routes given to ``launch``, the
queue's own settings, ``gr.Request``). What remains needs Gradio's internals because Gradio 6.31 offers no public
hook for it:

========================================  ==========================================  ==============================
private attribute                         used for                                    where
========================================  ==========================================  ==============================
``Blocks._queue``                         the queue object                            :func:`queue_of`
``Queue.push`` (replaced)                 pace and cap a job before it is queued      ``server.fairuse.guard_queue``
``Queue.event_ids_to_events``             is a reserved job still waiting or running  ``server.fairuse.guard_queue``
``Queue.pending_message_lock``,           answer a refused job on its session's       ``server.fairuse``
``pending_messages_per_session``,         stream without queueing it
``pending_event_ids_session``,
``send_message``; ``queueing.Event``,
``queueing.AsyncQueue``,
``server_messages.ProcessCompletedMessage``,
``utils.error_payload``,
``route_utils.get_fn``
``BlockFunction.fn`` (replaced)           pace events outside the queue               ``server.fairuse``
``BlockFunction.fn.__name__/__doc__``     name and describe each MCP tool             ``server.mcp.name_tools``
``App.tokens``, ``App.cookie_id``         log one browser out; a login for MCP's      :func:`forget_login`,
                                          loopback client; who is signed in           :func:`remember_login`,
                                          (the request guard)                         ``server.guard.signed_in``
``App.auth``                              whether the app has a login                 ``server.guard``
``Blocks.mcp_server_obj``,                give MCP's loopback client that login       ``server.mcp.protect``
``GradioMCPServer._client_instance``,
``local_url``
``context.Context.root_block``            the Blocks being built (its fair-use        ``tabs.common.resource``
                                          settings)
``context.LocalContext.request/blocks``   the request and app of the running event    ``server.fairuse``,
                                                                                      ``tabs.common``
========================================  ==========================================  ==============================
"""

from __future__ import annotations

from typing import Any

# What tests/test_registry.py checks on the installed Gradio: (dotted object, attribute) pairs on modules and
# classes, and the instance attributes it checks on a launched app.
MODULE_ATTRIBUTES = (
    ("gradio.queueing", "Event"),
    ("gradio.queueing", "AsyncQueue"),
    ("gradio.server_messages", "ProcessCompletedMessage"),
    ("gradio.utils", "error_payload"),
    ("gradio.route_utils", "get_fn"),
    ("gradio.route_utils", "get_root_url"),
    ("gradio.context", "Context"),
    ("gradio.context", "LocalContext"),
)
QUEUE_ATTRIBUTES = ("push", "event_ids_to_events", "pending_message_lock", "pending_messages_per_session",
                    "pending_event_ids_session", "send_message")
APP_ATTRIBUTES = ("tokens", "cookie_id", "auth")


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
