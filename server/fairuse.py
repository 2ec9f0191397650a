"""Fair use at Gradio's server: the concurrency pools, each student's pace, and the caps on jobs waiting.

What it plugs into (see ``server.gradio_private`` for the private attributes, each pinned by a test):

- every queued job is paced and capped as it joins the queue (:func:`guard_queue`), so a refused job never waits;
- events outside the queue (``queue=False``) are paced by a wrapper around their handler (:func:`mark_main_actions`);
- who a request comes from (:func:`who_is`): its address, its signed-in account, its session, or the MCP client;
- the teacher's controls (:func:`is_teacher`, :func:`clear_queue`, :func:`waiting`): a paused tab's main actions are
  refused where they join the queue, whoever sends them (the page, ``gradio_client``, MCP); the teacher's own go on.

The rules themselves (allowances, queue shares, login throttle) are plain Python in ``playground.classroom``.

>>> classroom = from_settings(rate_limit=60, rate_burst=20, gpu=8, cpu=64)   # for app.build_app
>>> demo = guard_queue(demo.queue(...))    # pace and cap every job as it joins the queue
"""

from __future__ import annotations

import functools
import inspect
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import gradio as gr
from gradio.context import LocalContext

from playground import limits, settings
from playground.classroom.fairuse import Allowance, QueueShare, Who, client_address
from playground.classroom.ratelimit import RateLimiter
from playground.classroom.teacher import Paused, TeacherDesk
from playground.classroom.teacher import is_teacher as _is_teacher
from playground.errors import PlaygroundError
from playground.registry import BY_ID, POOLS, TASKS

from . import gradio_private, mcp, signin
from .errors import to_gr_error

RESOURCE_IDS = POOLS  # the concurrency ids of the events that are main actions


def default_concurrency() -> dict[str, int]:
    """Jobs running at once per pool, all students together (``--gpu-concurrency`` and friends change them)."""
    return {"gpu": limits.GPU_CONCURRENCY, "cpu": limits.CPU_CONCURRENCY, "bulk": limits.BULK_CONCURRENCY,
            "train": limits.TRAIN_MAX_RUNS}


def from_settings(rate_limit: float = limits.RATE_PER_MINUTE, rate_burst: int = limits.RATE_BURST,
                  gpu: int = limits.GPU_CONCURRENCY, cpu: int = limits.CPU_CONCURRENCY,
                  bulk: int = limits.BULK_CONCURRENCY, class_size: int = limits.RATE_CLASS_SIZE,
                  chat: int | None = None) -> Classroom:
    """The fairness settings of one app for a class: each student's pace (a rate limit of 0 turns pacing off,
    helpers' too), and the caps on jobs waiting or running per session, address and account (always on).
    ``class_size``: the students present that one address's or account's allowance grows with (``--class-size``).
    ``chat``: chat jobs running at once in a pool of their own, when the chat engine runs every answer in one
    batched loop (``playground.tasks.chat_batching``: one more answer costs the loop little); None: chat shares
    the "gpu" pool, one ``generate`` per job."""
    limiter = RateLimiter(rate_limit, rate_burst) if rate_limit > 0 else None
    helpers = (Allowance.for_students(RateLimiter(limits.HELPER_PER_MINUTE, limits.HELPER_BURST), class_size=class_size)
               if limiter is not None else None)  # (a RateLimiter with no keys yet is falsy: it has a length)
    own = {"chat": max(1, chat)} if chat is not None else {}
    return Classroom(limiter=limiter, concurrency={**default_concurrency(), "gpu": max(1, gpu), "cpu": max(1, cpu),
                                                   "bulk": max(1, bulk), **own},
                     helpers=helpers, queue=QueueShare(capacity=limits.QUEUE_MAX_SIZE), class_size=class_size)


@dataclass
class Classroom:
    """One app's fairness settings: concurrency per resource id, the rate limits, and the queue caps.

    ``limiter`` paces each student's main actions (None = no limit); every action also takes from its address's
    (and account's) bucket, sized from it (``limits.RATE_GROUP_*``). ``helpers`` paces helper events (paging, row
    views, pickers) the same way with a larger allowance; ``queue`` caps the jobs one session / address / account
    may have waiting or running (None = no cap). :func:`from_settings` fills all of them for a class.
    """

    limiter: RateLimiter | None = None
    concurrency: dict[str, int] = field(default_factory=default_concurrency)
    helpers: Allowance | None = None
    queue: QueueShare | None = None
    main_fns: set[int] = field(default_factory=set)  # ids of the events wired with **resource(task)
    class_size: int = limits.RATE_CLASS_SIZE  # students present one address's / account's allowance grows with
    desk: TeacherDesk = field(default_factory=TeacherDesk)  # what the teacher has paused
    tabs: dict[int, str] = field(default_factory=dict)  # event id -> the task id of the tab it belongs to
    teacher: str | None = None  # the teacher's account; None: the first login (see playground.classroom.teacher)

    def __post_init__(self) -> None:
        self.concurrency = {**default_concurrency(), **self.concurrency}  # a pool not named keeps its default
        self.pace = (Allowance.for_students(self.limiter, class_size=self.class_size) if self.limiter is not None
                     else None)

    def pool_of(self, task: str, pool: str) -> str:
        """The concurrency id of ``task``'s main actions: its registry ``pool``, or a pool of its own when this
        classroom gives it one (chat with the batching loop: ``from_settings(chat=...)``)."""
        return task if task in self.concurrency and task not in default_concurrency() else pool

    def allowance(self, fn_id: int | None) -> Allowance | None:
        """The allowance an event takes from: a main action's, or the helpers'."""
        return self.pace if fn_id in self.main_fns else self.helpers


_CLASSROOMS: weakref.WeakKeyDictionary[gr.Blocks, Classroom] = weakref.WeakKeyDictionary()


def use_classroom(demo: gr.Blocks, classroom: Classroom) -> None:
    """Give ``demo`` its settings; call it inside ``with gr.Blocks() as demo:`` before the tabs are built."""
    _CLASSROOMS[demo] = classroom


def classroom_of(demo: gr.Blocks | None) -> Classroom:
    found = _CLASSROOMS.get(demo) if demo is not None else None
    return found if found is not None else Classroom()


def who_is(request: Any, username: str | None = None, session_hash: str | None = None) -> Who:
    """Who sent ``request`` (a ``gr.Request`` or a FastAPI request): address, signed-in account, session."""
    client = getattr(request, "client", None)
    headers = getattr(request, "headers", None)
    caller = mcp.caller(headers)  # an MCP call: the client the MCP gate let in, not Gradio's loopback session
    if caller is not None:
        return Who(caller[0], caller[1], None)
    forwarded = headers.get("x-forwarded-for") if headers is not None else None
    account = username if username is not None else getattr(request, "username", None)
    account = account or signin.account_key(request)  # signed in with Hugging Face: "hf:<username>"
    session = session_hash if session_hash is not None else getattr(request, "session_hash", None)
    return Who(client_address(getattr(client, "host", None), forwarded), account or None, session or None)


def check_rate(request: gr.Request | None, *, main: bool = True) -> None:
    """Take one action from this student's allowance (a helper's with ``main=False``), or raise RateLimited.

    A no-op outside a running app. Gradio calls it for each event (see :func:`mark_main_actions`); handlers
    never call it themselves.
    """
    classroom = classroom_of(LocalContext.blocks.get(None))
    allowance = classroom.pace if main else classroom.helpers
    if allowance is not None and allowance.enabled:
        allowance.acquire(who_is(request))


def mark_main_actions(demo: gr.Blocks) -> int:
    """After the tabs are built: say which events are main actions, and pace every event.

    An event wired with ``**resource(task)`` is a main action unless its handler said ``action=False``; the
    others are helpers. Queued events are charged when they join the queue (:func:`guard_queue`), so
    a refused one never waits in the queue; events outside the queue (``queue=False``) are charged by a wrapper
    around their handler here, against the helpers' allowance. Returns how many events are main actions.
    """
    classroom = classroom_of(demo)
    for fn_id, block_fn in demo.fns.items():
        handler = block_fn.fn
        if handler is None:
            continue
        main = block_fn.concurrency_id in RESOURCE_IDS and getattr(handler, "is_main_action", None) is not False
        if main:
            classroom.main_fns.add(fn_id)
            if getattr(handler, "is_main_action", None) is None:
                handler.is_main_action = True  # type: ignore[attr-defined]  # informational: never charged here
        if not block_fn.queue and not getattr(block_fn, "cancels", None) and not getattr(handler, "paced_event", False):
            block_fn.fn = _paced(handler, main=main)  # (Stop, which cancels a job, is never refused)
    classroom.tabs.update(tabs_of_events(demo))
    return len(classroom.main_fns)


def tabs_of_events(demo: gr.Blocks) -> dict[int, str]:
    """Event id -> task id of the tab the event belongs to: the tab around the component that triggers it (an
    event chained with ``.then``/``.success`` belongs where the first of its chain does), or for an API-only
    endpoint (``gr.api``) the task that names it among its endpoints."""
    by_endpoint = {name: task.id for task in TASKS for name in task.endpoints}
    found: dict[int, str] = {}

    def tab_around(block: Any) -> str | None:
        while block is not None:
            if isinstance(block, gr.Tab) and isinstance(block.id, str) and block.id in BY_ID:
                return block.id
            block = getattr(block, "parent", None)
        return None

    def tab_of(fn_id: int, seen: frozenset[int] = frozenset()) -> str | None:
        if fn_id in found:
            return found[fn_id]
        block_fn = demo.fns.get(fn_id)
        if block_fn is None or fn_id in seen:
            return None
        tab = None
        for block_id, _event in getattr(block_fn, "targets", None) or ():
            if tab is None and block_id is not None:
                tab = tab_around(demo.blocks.get(block_id))
        after = getattr(block_fn, "trigger_after", None)
        if tab is None and after is not None:
            tab = tab_of(after, seen | {fn_id})
        if tab is None and not getattr(block_fn, "targets", None):
            tab = by_endpoint.get(block_fn.api_name or "")
        if tab is not None:
            found[fn_id] = tab
        return tab

    for fn_id in demo.fns:
        tab_of(fn_id)
    return found


def is_teacher(demo: gr.Blocks | None, request: Any, username: str | None = None) -> bool:
    """Whether ``request`` comes from the teacher (``playground.classroom.teacher.is_teacher``): the account the
    app names the teacher (the first ``--auth`` login), or, with no login, this computer while no public link is
    open. Checked by the server for every teacher control, whatever the page shows."""
    if demo is None or request is None:
        return False
    who = who_is(request, username=username)
    return _is_teacher(who.account, who.address, auth=getattr(demo, "auth", None),
                       shared=bool(getattr(demo, "share_url", None)), space_id=settings.text(settings.SPACE_ID),
                       teacher=classroom_of(demo).teacher)


def check_paused(demo: gr.Blocks | None, fn_id: int | None, request: Any, username: str | None = None) -> None:
    """Raise ``Paused`` when the event ``fn_id`` is a main action of a tab the teacher paused (or the whole class
    is paused), unless the teacher sent it."""
    if demo is None or fn_id is None:
        return
    classroom = classroom_of(demo)
    if fn_id not in classroom.main_fns or not classroom.desk.paused_tab(classroom.tabs.get(fn_id)):
        return
    if not is_teacher(demo, request, username):
        classroom.desk.check(classroom.tabs.get(fn_id))


def _paced(fn: Callable[..., Any], *, main: bool) -> Callable[..., Any]:
    """``fn`` charging one step of the allowance per call, with the same kind (plain, generator, async)."""

    def charge() -> None:
        try:
            if main:
                blocks = LocalContext.blocks.get(None)
                fn_id = next((i for i, b in blocks.fns.items() if b.fn is paced), None) if blocks else None
                check_paused(blocks, fn_id, LocalContext.request.get(None))
            check_rate(LocalContext.request.get(None), main=main)
        except PlaygroundError as exc:
            raise to_gr_error(exc, LocalContext.request.get(None)) from None

    if inspect.isasyncgenfunction(fn):

        @functools.wraps(fn)
        async def paced(*args: Any, **kwargs: Any) -> Any:
            charge()
            async for item in fn(*args, **kwargs):
                yield item
    elif inspect.iscoroutinefunction(fn):

        @functools.wraps(fn)
        async def paced(*args: Any, **kwargs: Any) -> Any:
            charge()
            return await fn(*args, **kwargs)
    elif inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def paced(*args: Any, **kwargs: Any) -> Any:
            charge()
            yield from fn(*args, **kwargs)
    else:

        @functools.wraps(fn)
        def paced(*args: Any, **kwargs: Any) -> Any:
            charge()
            return fn(*args, **kwargs)

    paced.is_main_action = main  # type: ignore[attr-defined]
    paced.paced_event = True  # type: ignore[attr-defined]
    return paced


# -- fair use at the queue's door -------------------------------------------------------------------------------
def guard_queue(demo: gr.Blocks, capacity: int | None = None) -> gr.Blocks:
    """Pace and cap every job as it joins ``demo``'s queue (call it after ``demo.queue(...)``); returns ``demo``.

    A job that joins the queue (a click, ``gradio_client``, ``/gradio_api/call/<api>``, MCP) first takes one step
    of its allowance (a main action's or a helper's, see :func:`mark_main_actions`) and must be under its
    session's, address's and account's caps on jobs waiting or running. A refused job never enters the queue: it
    is answered at once with the bilingual message, as a ``gr.Error`` on the page and an ``AppError`` through the
    API. Also closes the REST routes that would skip the queue (``api_open=False``). ``capacity``: the queue's
    ``max_size``, which the fair share divides (a full queue is then refused with the app's message, in the page's
    language, and room is kept for addresses with nothing waiting).
    """
    if capacity is not None and classroom_of(demo).queue is not None:
        classroom_of(demo).queue.capacity = max(1, int(capacity))  # type: ignore[union-attr]
        classroom_of(demo).queue.reserved = min(classroom_of(demo).queue.reserved, max(0, capacity - 1))  # type: ignore[union-attr]
    queue = gradio_private.queue_of(demo)
    demo.api_open = False
    if getattr(queue.push, "guarded", False):
        return demo
    original = queue.push

    async def push(body: Any, request: Any, username: str | None) -> Any:
        try:
            fn = gradio_private.event_of(demo, body) if body.fn_index is not None else None
        except Exception:  # noqa: BLE001 - an unknown fn_index: Gradio answers it as before
            fn = None
        classroom = classroom_of(demo)
        if fn is None:
            return await original(body, request, username)
        who = who_is(request, username=username, session_hash=body.session_hash)
        ticket = None
        try:
            fn_id = gradio_private.fn_id(fn)
            check_paused(demo, fn_id, request, username)
            allowance = classroom.allowance(fn_id)
            if allowance is not None and allowance.enabled:
                allowance.acquire(who)
            if classroom.queue is not None:
                ticket = classroom.queue.reserve(who, alive=lambda job: gradio_private.is_queued(queue, job))
        except PlaygroundError as exc:
            return await _answer_refused(queue, body, request, username, fn, exc)
        try:
            accepted, event_id, state = await original(body, request, username)
        except BaseException:
            if ticket is not None:
                classroom.queue.bind(ticket, None)  # type: ignore[union-attr]
            raise
        if ticket is not None:
            classroom.queue.bind(ticket, event_id if accepted and isinstance(event_id, str) else None)  # type: ignore[union-attr]
        return accepted, event_id, state

    push.guarded = True  # type: ignore[attr-defined]
    queue.push = push  # type: ignore[method-assign]
    return demo


async def _answer_refused(queue: Any, body: Any, request: Any, username: str | None, fn: Any,
                          exc: PlaygroundError) -> tuple[bool, str, str]:
    """Answer a refused job as if its handler had raised the message, without putting it in the queue."""
    event = await gradio_private.open_answer(queue, body, fn, request, username)
    return True, gradio_private.answer_error(queue, event, to_gr_error(exc, request)), "success"


# -- the teacher's view of the queue ------------------------------------------------------------------------------
# Gradio 6.31 offers no public way to list or drop waiting jobs: ``server.gradio_private`` reads its queue.
@dataclass(frozen=True)
class Job:
    """One job in the queue, as the teacher sees it: its tab (task id, "" when it belongs to none), who sent it
    (an account name, else a short session tag), how long since it joined, and whether it runs already."""

    tab: str
    student: str
    seconds: float
    running: bool
    teacher: bool  # sent by the teacher


def _student(who: Who) -> str:
    if who.account:
        return who.account.removeprefix("hf:")
    return f"#{who.session[:6]}" if who.session else who.address


def jobs(demo: gr.Blocks) -> list[Job]:
    """Every job waiting in ``demo``'s queue or running now, longest first."""
    queue = gradio_private.queue_of(demo)
    classroom = classroom_of(demo)
    now = time.monotonic()
    found: list[Job] = []
    for events, busy in ((gradio_private.waiting(queue), False), (gradio_private.running(queue), True)):
        for event in events:
            who = who_is(event.request, username=event.username, session_hash=event.session_hash)
            found.append(Job(classroom.tabs.get(gradio_private.fn_id(event.fn), ""), _student(who),
                             max(0.0, now - gradio_private.enqueued_at(event)), busy,
                             is_teacher(demo, event.request, event.username)))
    return sorted(found, key=lambda job: -job.seconds)


async def clear_queue(demo: gr.Blocks) -> int:
    """Take every job that waits in ``demo``'s queue out of it (not the running ones, nor the teacher's own) and
    answer each with ``queue_cleared`` in its page's language. Returns how many were taken out."""
    queue = gradio_private.queue_of(demo)
    taken = await gradio_private.take_waiting(queue, keep=lambda event: is_teacher(demo, event.request,
                                                                                    event.username))
    for event in taken:
        gradio_private.answer_error(queue, event, to_gr_error(Paused("queue_cleared"), event.request))
    return len(taken)
