"""UI pieces every tab shares: what a builder returns, engine-bound handlers, error reporting, Stop, the model
picker, the model card and the "show the code" panel.

Every tab module has one shape (copy any of them to start a new tab)::

    TASK, EXAMPLES, STOPS = SessionStops()  # constants; one Stop switch per generating tab
    @dataclass
    class Layout: ...                       # the components, drawn by layout(engine) -> Layout
    def analyze(engine, text, ...): ...     # handlers: module-level, engine first (only if they need it), call
                                            # the engine, format its plain result; strings through tabs.i18n
    def build(engine) -> Tab:               # the wiring section, then return Tab(main_input=...)
        ui = layout(engine)
        ui.run.click(handler(engine, analyze), ..., api_name="sentiment", **resource(TASK))

The API: a main event is itself the endpoint (``api_name=``) where the page's inputs and outputs are the
endpoint's (Sentiment, Datasets); where they cannot be (Chat streams a string from a history list, Summarize and
Translate return fewer values than the page shows, Image takes None for "the model's value" and returns files),
the main event is private and ``gr.api(handler(engine, api_<name>), ...)`` is the endpoint. The code panel
changes only after a success: filled by the main handler's last output, or by ``.success(show_code)`` after an
endpoint event (whose outputs are the API's).

Tabs never talk to each other; they share only what is here and the engine they are given.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import html
import inspect
import logging
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import anyio
import gradio as gr
from gradio.context import Context, LocalContext

from playground import licenses, limits, remote
from playground.catalog import AUTO, ModelEntry
from playground.engine import Engine, Progress
from playground.errors import Message, PlaygroundError, params_ko
from playground.registry import pool
from server import signin
from server.errors import to_gr_error
from server.fairuse import check_rate, classroom_of

from .i18n import browser_language, page_language, say, t

log = logging.getLogger(__name__)
T = TypeVar("T")
preferred_language = browser_language  # the name the classroom code used


@dataclass
class Tab:
    """What every tab builder returns: its main text box (what "send to" fills) and buttons that send from it."""

    main_input: gr.Textbox | None = None
    send_to: dict[str, gr.Button] = field(default_factory=dict)  # target task -> button (the Datasets tab)
    send_gold: Any = None  # a component holding the sent row's gold label, sent along (the Datasets tab)
    on_receive: Callable[[Any, Any], None] | None = None  # (send event, gold component or None): chain a run on it
    keeps: Kept | None = None  # what the tab keeps of its last run, drawn again after the language switch


@dataclass
class Kept:
    """A tab's last results, drawn again on the page the language switch reloads (``tabs.handover``): the
    components ``render`` may fill, and ``render(data, lang)`` -> ``{component: value}`` from what the tab's
    handlers kept (``handover.keep(request, task, part=value)``: language-neutral result data, never sentences),
    in ``lang``, with the same formatting functions the handlers use. ``adopt(data, request)``, where given, seats
    what the tab's own per-session stores held in the new page's session (a filter or an export reads them)."""

    outputs: list[Any]
    render: Callable[[dict[str, Any], str], dict[Any, Any]]
    adopt: Callable[[dict[str, Any], Any], None] | None = None
    # name -> a dropdown whose pick the switch keeps (a model, a target language): kept on the student's pick, put
    # back after the results (over the value a restored run set: the latest pick is the student's)
    picks: dict[str, Any] = field(default_factory=dict)


def wire_send_to(built: dict[str, Tab], tabs: gr.Tabs) -> None:
    """Connect every tab's "send to" buttons to the target tabs' main text boxes and to the tab switcher.

    Call it inside the ``gr.Blocks`` context, after every tab is built. A button shows only when its target tab was
    built and has a text box.
    """
    for tab in built.values():
        if tab.main_input is None:
            continue
        for task, button in tab.send_to.items():
            target = built.get(task)
            if target is None or not isinstance(target.main_input, gr.Textbox):
                continue
            button.visible = True
            sent = button.click(_sender(task), tab.main_input, [target.main_input, tabs], api_visibility="private",
                                queue=False)
            if target.on_receive is not None:  # the target runs what it was sent (the Sentiment tab)
                target.on_receive(sent, tab.send_gold)


def _sender(task: str) -> Callable[[str | None], tuple[str, Any]]:
    def send(text: str | None) -> tuple[str, Any]:
        return text or "", gr.Tabs(selected=task)

    return send


def bind(engine: Engine, fn: Callable[..., Any], **defaults: Any) -> Callable[..., Any]:
    """``fn(engine, ...)`` as a handler Gradio can wire: the engine filled in, the rest of the signature kept
    (with ``defaults`` replacing default values that depend on the engine, such as the default model).
    A function whose first parameter is not named ``engine`` does not need it and gets none."""
    try:  # real types, not the strings of ``from __future__ import annotations``: Gradio reads them for the API
        sig = inspect.signature(fn, eval_str=True)
    except (NameError, TypeError):
        sig = inspect.signature(fn)
    params = list(sig.parameters.values())
    takes_engine = bool(params) and params[0].name == "engine"
    rest = params[1:] if takes_engine else params
    shown = sig.replace(parameters=[p.replace(default=defaults[p.name]) if p.name in defaults else p for p in rest])
    head = (engine,) if takes_engine else ()

    def arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> inspect.BoundArguments:
        bound = shown.bind(*args, **kwargs)
        bound.apply_defaults()
        return bound

    if inspect.isgeneratorfunction(fn):

        def call(*args: Any, **kwargs: Any) -> Any:
            bound = arguments(args, kwargs)
            yield from fn(*head, *bound.args, **bound.kwargs)
    else:

        def call(*args: Any, **kwargs: Any) -> Any:
            bound = arguments(args, kwargs)
            return fn(*head, *bound.args, **bound.kwargs)

    functools.update_wrapper(call, fn)
    call.__signature__ = shown  # type: ignore[attr-defined]
    call.__annotations__ = {k: v for k, v in fn.__annotations__.items() if not (takes_engine and k == "engine")}
    return call


def handler(engine: Engine, fn: Callable[..., Any], *, action: bool | None = None, **defaults: Any) -> Any:
    """``fn`` bound to the engine and wrapped by :func:`reports_errors`: what every event and endpoint wires."""
    return reports_errors(bind(engine, fn, **defaults), action=action)


# -- every handler: its pool, its errors, the signed-in student's token ------------------------------------
def resource(task: str, *, bulk: bool = False) -> dict[str, Any]:
    """Concurrency keyword arguments for a tab's main event, by the resource it uses::

        run.click(fn, inputs, outputs, api_name="summarize", **resource("summarize"))
        gr.api(api_chat, api_name="chat", **resource("chat"))

    Each task's pool is declared in ``playground.registry`` (generation shares "gpu"; sentiment and datasets share
    "cpu"; training has its own; chat has its own when its answers share one batched loop, ``Classroom.pool_of``);
    ``bulk=True`` puts a whole-file run of a CPU task on its own small "bulk" limit. Separate ids mean a queue of
    long chat or image jobs never holds up a sentiment request or a dataset page.

    The event wired with it is a main action: it takes one step of the student's allowance when it is triggered
    (see ``server.fairuse.mark_main_actions``), whatever its handler calls. A helper that needs the same pool (a
    dataset page after "Open") is wired with it too and says so on its handler: ``@reports_errors(action=False)``.
    """
    classroom = classroom_of(Context.root_block)
    rid = "bulk" if bulk and pool(task) == "cpu" else classroom.pool_of(task, pool(task))
    return {"concurrency_id": rid, "concurrency_limit": classroom.concurrency[rid]}


def _request(args: tuple[Any, ...], kwargs: dict[str, Any]) -> gr.Request | None:
    found = kwargs.get("request")
    if isinstance(found, gr.Request):
        return found
    found = next((a for a in args if isinstance(a, gr.Request)), None)
    return found or LocalContext.request.get(None)  # handlers without a request parameter (gr.api) too


@contextlib.contextmanager
def signed_in_as(token: str | None) -> Iterator[None]:
    """The one path of the signed-in student's token to remote models: set for the code run inside, then reset."""
    previous = remote.SIGNED_IN_TOKEN.set(token)
    try:
        yield
    finally:
        remote.SIGNED_IN_TOKEN.reset(previous)


_DONE: Any = object()  # a streaming handler's last step
_RUN: contextvars.ContextVar[_Run | None] = contextvars.ContextVar("playground_run", default=None)


_LIMITERS: weakref.WeakKeyDictionary[Any, anyio.CapacityLimiter] = weakref.WeakKeyDictionary()


def _step_limiter() -> anyio.CapacityLimiter:
    """The threads the steps of streaming handlers share, per event loop (one per running app): as many as Gradio
    gives plain handlers (``limits.SERVER_THREADS``), not anyio's default 40."""
    loop = asyncio.get_running_loop()
    found = _LIMITERS.get(loop)
    if found is None:
        found = _LIMITERS[loop] = anyio.CapacityLimiter(limits.SERVER_THREADS)
    return found


class _Run:
    """One run of a streaming handler, as :func:`reports_errors` drives it.

    Gradio cancels a job (Stop, ``Job.cancel()``, a closed page) by cancelling its task, and closes the handler's
    generator only once it has yielded: a job cancelled during its first step (a model loading, a ZeroGPU worker
    computing its first chunk) would leave the generator suspended, never closed, its work going on. So each run
    keeps its stop switches (:meth:`SessionStops.start` registers them while a step runs) and, when cancelled,
    sets them and closes the generator as soon as the step in flight returns, in a thread of its own: the
    handler's ``finally`` blocks run (a ZeroGPU call is ended and its slot given back) and nothing waits on them.
    """

    def __init__(self) -> None:
        self.stops: list[threading.Event] = []
        self.cancelled = False
        self._lock = threading.Lock()  # held while a step runs

    def step(self, steps: Iterator[Any], token: str | None) -> Any:
        with self._lock:
            if self.cancelled:
                return _DONE
            here = _RUN.set(self)
            try:
                with signed_in_as(token):
                    return next(steps, _DONE)
            finally:
                _RUN.reset(here)

    def cancel(self, steps: Iterator[Any]) -> None:
        self.cancelled = True
        for stop in self.stops:
            stop.set()
        threading.Thread(target=self._close, args=(steps,), name="pg-run-cancel", daemon=True).start()

    def _close(self, steps: Iterator[Any]) -> None:
        with self._lock:  # after the step in flight
            try:
                steps.close()  # type: ignore[attr-defined]
            except Exception:  # noqa: BLE001 - the run is over; its error has no one to reach
                log.exception("closing a cancelled run")


def reports_errors(fn: Callable[..., Any] | None = None, *, action: bool | None = None) -> Any:
    """Wrap a handler (plain or generator) so every error reaches the user as one clear gr.Error, and the signed-in
    student's token reaches remote models (plain and streaming handlers alike: :func:`signed_in_as`).

    The rate limit belongs to the event, not the handler: an event wired with ``**resource(task)`` takes one step
    of the student's allowance when it is triggered, before any output (see ``server.fairuse.mark_main_actions``), so a
    helper that calls a main handler (Previous → ``dataset_rows``) costs nothing extra. ``action=False`` marks a
    handler that is wired with ``**resource(task)`` only for its pool (a helper, paced as one); ``action=True``
    makes the handler charge the allowance itself whenever it is called (for code outside the wiring)::

        @reports_errors                 # Analyse / Send / an API endpoint, wired with **resource(task)
        @reports_errors(action=False)   # show_code, column pickers, other helpers
    """
    if fn is None:
        return functools.partial(reports_errors, action=action)

    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        async def gen_wrapper(*args: Any, **kwargs: Any) -> Any:
            request = _request(args, kwargs)
            token = signin.user_token(request)
            run, steps, finished = _Run(), None, False
            try:
                if action is True:
                    check_rate(request)
                steps = fn(*args, **kwargs)
                while True:  # each step in a worker thread, the token set around it; a cancel does not wait for it
                    item = await anyio.to_thread.run_sync(run.step, steps, token, abandon_on_cancel=True,
                                                          limiter=_step_limiter())
                    if item is _DONE:
                        finished = True
                        return
                    yield item
            except gr.Error:
                finished = True
                raise
            except Exception as exc:  # noqa: BLE001
                finished = True
                raise to_gr_error(exc, request) from exc
            finally:
                if not finished and steps is not None:
                    run.cancel(steps)  # Stop, a cancelled API job or a closed page: the run really ends

        gen_wrapper.is_main_action = action  # type: ignore[attr-defined]
        return gen_wrapper

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        request = _request(args, kwargs)
        try:
            with signed_in_as(signin.user_token(request)):
                if action is True:
                    check_rate(request)
                return fn(*args, **kwargs)
        except gr.Error:
            raise
        except Exception as exc:  # noqa: BLE001
            raise to_gr_error(exc, request) from exc

    wrapper.is_main_action = action  # type: ignore[attr-defined]
    return wrapper



def request_language() -> str | None:
    """The page language of the request being handled (Gradio's ``LocalContext``; for ``gr.api`` handlers, which
    get no request parameter): "en", "ko", or None for a client that states none (it gets both)."""
    return page_language(LocalContext.request.get(None))


_THIS_REQUEST: Any = object()  # progress_callback's default: the language of the request being handled


def stop_button(label: Any = None, **kwargs: Any) -> gr.Button:
    """A tab's Stop, the one way every tab builds it: small beside its main action, and inactive until that action
    runs (wired by :func:`with_stop`, or by the tab's own running/idle steps)."""
    options = {"variant": "stop", "size": "sm", "interactive": False, "scale": 0, "min_width": 90,
               "elem_classes": "pg-stop", **kwargs}
    return gr.Button(label if label is not None else t("common.stop"), **options)


def running() -> gr.Button:
    return gr.Button(interactive=True)


def idle() -> gr.Button:
    return gr.Button(interactive=False)


def with_stop(triggers: list[Any] | Any, fn: Callable[..., Any], inputs: Any, outputs: Any, stop: gr.Button,
              **kwargs: Any) -> Any:
    """Wire a tab's main action so its Stop is active only while the action runs: Stop turns active at once, the
    action runs, Stop turns inactive again (Gradio 6.31 runs ``.then()`` after a success or a cancel, ``.failure()``
    after an error). ``triggers`` is a list of event listeners (``[run.click, text.submit]``) or an event to follow
    (``sample.then`` of an earlier step). Returns the action's event, the one Stop cancels::

        job = with_stop([ui.run.click], handler(engine, summarise), inputs, outputs, ui.stop, api_name="summarize")
        ui.stop.click(STOPS.stop, None, None, cancels=[job], api_visibility="private", queue=False)
    """
    quick = {"api_visibility": "private", "queue": False, "show_progress": "hidden"}
    started = (triggers.then(running, None, stop, **quick) if hasattr(triggers, "then")
               else gr.on(triggers, running, None, stop, **quick))
    job = started.then(fn, inputs, outputs, **kwargs)
    job.then(idle, None, stop, **quick)
    job.failure(idle, None, stop, **quick)
    return job


def progress_callback(progress: gr.Progress, lang: str | None | Any = _THIS_REQUEST, *,
                      clock: Callable[[], float] = time.monotonic) -> Progress:
    """Adapt ``gr.Progress`` to the engine's ``progress(fraction_or_None, message)`` callback, its lines in the
    page's language: a :class:`playground.errors.Message` (key + params) is rendered with ``say`` in ``lang``,
    by default the language of the request being handled (Gradio's ``LocalContext``, so a handler needs no
    ``request`` parameter for it); a plain string ("120 / 4,000") is shown as it is.

        sentiment.analyze_text(engine, text, model, progress_callback(progress))
    """
    if lang is _THIS_REQUEST:
        lang = page_language(LocalContext.request.get(None))
    last: dict[str, Any] = {"kind": None, "at": float("-inf")}

    def report(fraction: float | None, message: str) -> None:
        # Gradio sends a pending progress line every 10 ms, and every line redraws the status of each of the event's
        # outputs: a training step or a chunk reported each time would keep a slow laptop's page too busy to take a
        # click on Stop. A line of the same kind as the last one (only its numbers change) waits PROGRESS_EVERY_S;
        # a new kind of line, and the last step, go at once.
        kind = message.key if isinstance(message, Message) else "text"
        now = clock()
        if (kind == last["kind"] and now - last["at"] < PROGRESS_EVERY_S
                and not (fraction is not None and fraction >= 1)):
            return
        last.update(kind=kind, at=now)
        progress(fraction, desc=rendered(message, lang))

    return report


def rendered(message: str, lang: str | None) -> str:
    """A line from the engine in ``lang``: a :class:`Message` rendered from its key, any other string unchanged."""
    return say(message.key, lang, **message.params) if isinstance(message, Message) else message


def model_picker(engine: Engine, task: str, *, keep: Callable[[str], bool] | None = None,
                 **kwargs: Any) -> gr.Dropdown:
    """The catalog's models for ``task`` (on ZeroGPU only the preloaded ones), "auto" first where offered;
    ``keep`` leaves out the choices this machine cannot run.

    The value is checked again by the engine (the allowlist), so the API gets the same clear message.
    """
    choices = [c for c in engine.choices(task) if keep is None or keep(c)]
    default = engine.default_choice(task)
    return gr.Dropdown(
        choices=[(_choice_label(engine, task, c), c) for c in choices],
        value=default if default in choices or not choices else choices[0],
        label=t("common.model"),
        info=t(f"{task}.model_info" if f"{task}.auto" in AUTO_KEYS else "common.model_info")
        if task in engine.catalog.auto else None,
        allow_custom_value=True,  # so an unknown id reaches the engine's allowlist and its clear message
        **kwargs,
    )


# Tasks whose "auto" does not mean "by the text's language" say what it does mean ("<task>.auto", "<task>.model_info").
PROGRESS_EVERY_S = 0.25  # the fewest seconds between two progress lines of the same kind (see progress_callback)
AUTO_KEYS = {"translate.auto"}


def _choice_label(engine: Engine, task: str, choice: str) -> Any:
    if choice == AUTO:
        return t(f"{task}.auto" if f"{task}.auto" in AUTO_KEYS else "common.auto")
    entry = engine.catalog.entry(task, choice)
    return f"{entry.name} · {entry.license}"


def model_card(engine: Engine, task: str, choice: str | None, lang: str | None = None) -> str:
    """Markdown beside the picker: license, languages, size and the card link of the chosen model(s)."""
    if choice == AUTO:
        entries = _unique(engine.route(task, code) for code in ("ko", "en"))
    else:
        try:
            entry = engine.resolve(task, choice)
        except PlaygroundError:
            return ""
        entries = [entry] if entry else []
    return "\n\n".join(_card(entry, lang) for entry in entries)


def _card(entry: ModelEntry, lang: str | None) -> str:
    if lang is None:  # drawn before the page's language is known: both, the page's CSS shows one (see server/page.css)
        lines = zip(_card(entry, "en").split("\n"), _card(entry, "ko").split("\n"), strict=True)
        return "\n".join(f'<span class="pg-en">{en}</span><span class="pg-ko">{ko}</span>' for en, ko in lines)
    where = say("common.local_folder", lang)
    name = f"[{entry.name}]({entry.card_url})" if entry.card_url else entry.name
    if entry.remote is None and entry.path is not None:
        name = f"{entry.name} ({where})"
    license_ = f"[{entry.license}]({entry.license_url})" if entry.license_url else f"`{entry.license}`"
    languages = ", ".join(LANGUAGE_NAMES.get(code, (code, code))[lang == "ko"] for code in entry.languages)
    lines = [
        f"**{name}**<br>",  # (not Markdown's two trailing spaces: they do not break a line inside a span)
        f"{say('common.license', lang)}: {license_} · {say('common.languages', lang)}: {languages} · "
        + (say("common.runs_on", lang, where=entry.remote.where) if entry.remote is not None
           else say("common.size", lang, params=entry.params if lang != "ko" else params_ko(entry.params),
                    size_mb=entry.size_mb)),
        f"<br>{license_plain(entry.license, lang)}",  # what the license lets a student do
    ]
    if entry.note:
        lines.append(f"<br>{html.escape(entry.note)}")
    return "\n".join(lines)


def license_plain(code: str, lang: str) -> str:
    """One line in ``lang``: may a student use what the model makes, share it, use it commercially, and the key
    condition (``playground.licenses``; a code it does not know: "read the license")."""
    found = licenses.facts(code)
    if licenses.READ == found.use == found.share == found.commercial:  # nothing summarised: say only that
        return html.escape(say("license.plain_read", lang, condition=say(f"license.cond.{found.condition}", lang)),
                           quote=False)
    return html.escape(say("license.plain", lang, use=f"{say('license.use', lang)} {say(f'license.{found.use}', lang)}",
                           share=f"{say('license.share', lang)} {say(f'license.{found.share}', lang)}",
                           commercial=f"{say('license.commercial', lang)} "
                                      f"{say(f'license.{found.commercial}', lang)}",
                           condition=say(f"license.cond.{found.condition}", lang)), quote=False)


# The languages a card names, as each page says them (other codes are shown as they are).
LANGUAGE_NAMES: dict[str, tuple[str, str]] = {
    "ko": ("Korean", "한국어"), "en": ("English", "영어"), "ja": ("Japanese", "일본어"), "zh": ("Chinese", "중국어"),
    "fr": ("French", "프랑스어"), "de": ("German", "독일어"), "es": ("Spanish", "스페인어"),
    "vi": ("Vietnamese", "베트남어"), "ru": ("Russian", "러시아어"), "multilingual": ("many languages", "여러 언어"),
}
def _unique(entries: Any) -> list[ModelEntry]:
    seen: list[ModelEntry] = []
    for entry in entries:
        if entry not in seen:
            seen.append(entry)
    return seen


def sentiment_summary(run: Any, lang: str | None) -> str:
    """Markdown of a sentiment run over many texts (the Sentiment and Datasets tabs): texts done, labels, accuracy."""
    lines = [f"**{len(run.results):,} / {run.total:,}** {say('sentiment.texts', lang)} · "
             + " · ".join(f"{sentiment_label(k, lang)}: {v:,}" for k, v in run.counts.items())]
    if found := run.accuracy:
        value, compared = found
        lines.append(f"**{say('sentiment.accuracy', lang)}: {value:.1%}** "
                     f"({say('sentiment.labelled_rows', lang, count=compared)})")
    if run.stopped:
        lines.append(f"⏹ {say('sentiment.stopped', lang)}")
    return "\n\n".join(lines)


def sentiment_table(run: Any, lang: str | None, columns: Sequence[str], limit: int | None = None,
                    wrong_only: bool = False) -> dict[str, Any]:
    """A many-texts sentiment run as a table (the Sentiment and Datasets tabs): ``columns`` of ``run.rows()`` in that
    order (those the run has), at most ``limit`` rows; headers and label names in the page's language, as they are
    for a client that states none (the API). ``wrong_only``: only the rows whose prediction differs from their
    gold label (a labelled run; an unlabelled one has none)."""
    headers, rows = run.rows()
    if wrong_only:
        wrong = run.wrong or []
        rows = [row for row, bad in zip(rows, wrong, strict=False) if bad]
    if limit is not None:
        rows = rows[:limit]
    index = {name: i for i, name in enumerate(headers)}
    shown = [name for name in columns if name in index]
    data = [[sentiment_label(row[index[name]], lang) if name in ("label", "gold") and row[index[name]]
             else row[index[name]] for name in shown] for row in rows]
    return {"headers": [say(f"sentiment.col.{name}", lang) if lang else name for name in shown], "data": data}


def column_pick(columns: list[str], picked: str | None, guess: str | None) -> str | None:
    """A column picker's value for a table with ``columns``: the student's pick where the table has it (the
    language switch puts a table back with its picks), else the guess from the table.

    >>> column_pick(["id", "document"], "document", "id"), column_pick(["id", "text"], "document", "text")
    ('document', 'text')
    """
    return picked if picked in columns else guess


def sentiment_label(label: str, lang: str | None) -> str:
    """A sentiment label in the page's language (부정 on a Korean page); unchanged for a client that
    states no language and for labels the strings do not name."""
    try:
        return say(f"sentiment.label.{label}", lang) if lang else label
    except KeyError:
        return label


def code_panel(value: str = "") -> gr.Code:
    """The "show the code" panel: an accordion holding the Python that reproduces the last result.

    Every tab fills it from its main handler's last output, so it changes only when the action succeeded."""
    with gr.Accordion(t("common.show_code"), open=False):
        return gr.Code(value=value, language="python", label=t("common.code"), interactive=False)


class SessionStore(Generic[T]):
    """Per-session values a tab keeps between events (a run in progress, the last run's counts), behind one lock,
    each forgotten ``ttl_s`` after it was put and the oldest first beyond ``max_sessions`` — so a session that
    never comes back costs nothing for long::

        RUNS: SessionStore[ManyRun] = SessionStore()
        RUNS.put(request, run);  RUNS.get(request);  RUNS.pop(request)
    """

    def __init__(self, ttl_s: float = limits.SESSION_STATE_TTL_S,
                 max_sessions: int = limits.SESSION_STATE_MAX) -> None:
        self.ttl_s, self.max_sessions = ttl_s, max_sessions
        self._values: OrderedDict[str, tuple[float, T]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, request: gr.Request | None, value: T | None) -> None:
        """Keep ``value`` for the request's session (None forgets it); a request without a session keeps nothing."""
        key = getattr(request, "session_hash", None)
        if not key:
            return
        with self._lock:
            self._values.pop(key, None)
            if value is not None:
                self._values[key] = (time.monotonic() + self.ttl_s, value)
            self._expire()

    def get(self, request: gr.Request | None) -> T | None:
        with self._lock:
            self._expire()
            found = self._values.get(getattr(request, "session_hash", None) or "")
        return found[1] if found else None

    def pop(self, request: gr.Request | None) -> T | None:
        with self._lock:
            self._expire()
            found = self._values.pop(getattr(request, "session_hash", None) or "", None)
        return found[1] if found else None

    def _expire(self) -> None:
        now = time.monotonic()
        while self._values and (len(self._values) > self.max_sessions or next(iter(self._values.values()))[0] < now):
            self._values.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            self._expire()
            return len(self._values)


class SessionStops:
    """One stop switch per browser session and tab, so Stop ends only this student's job::

        stops = SessionStops()
        event = stops.start(request)      # in the handler, before the work
        stops.release(request, event)     # in its finally
        stop_button.click(stops.stop, None, None, queue=False)   # request is filled in by Gradio
    """

    def __init__(self) -> None:
        self._events: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def start(self, request: gr.Request | None) -> threading.Event:
        event = threading.Event()
        if (run := _RUN.get()) is not None:
            run.stops.append(event)  # a cancelled job sets it too (see _Run)
        key = getattr(request, "session_hash", None)
        if key:
            with self._lock:
                self._events[key] = event
        return event

    def release(self, request: gr.Request | None, event: threading.Event) -> None:
        key = getattr(request, "session_hash", None)
        with self._lock:
            if key and self._events.get(key) is event:
                del self._events[key]

    def stop(self, request: gr.Request) -> None:
        with self._lock:
            event = self._events.get(getattr(request, "session_hash", None) or "")
        if event:
            event.set()

    def __len__(self) -> int:
        return len(self._events)
