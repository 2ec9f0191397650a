"""The language switch keeps every tab's results.

The 한국어 / English control reloads the page, so every text a handler wrote is drawn again in the new language. What
the student typed and the open tab come back from the browser's sessionStorage (``server/page.js``); the results
come back from here:

1. Each tab's main handler, after a successful run, keeps what it needs to draw its outputs again — the engine's
   result data, the code, the settings it ran with, never rendered sentences — for its session:
   ``keep(request, task, part=value)``.
2. A click on the control first asks :func:`hand_over` for a one-time token (random, valid ``HANDOVER_TTL_S``,
   bound to the page's session and to the signed-in user, if any); the page keeps it in sessionStorage with the
   typed text, and reloads.
3. The reloaded page (a new Gradio session) writes the token into a box that is drawn but not seen
   (``#pg-handover``); its change event calls :func:`restore`, which redeems the token once, moves what was kept to
   the new session (so the next switch works too, and a tab's per-session stores follow: ``Kept.adopt``), and
   returns every tab's outputs drawn by its ``Kept.render`` in the new page's language. An unknown, expired,
   used or another user's token restores nothing, silently.

The token travels only in the bodies of the two requests and in the tab's sessionStorage: never in a URL or a log.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import gradio as gr

from playground import limits
from server import signin

from .common import Kept, SessionStore, Tab
from .i18n import page_language

log = logging.getLogger(__name__)

BOX_ID = "pg-handover"  # the box page.js writes the reloaded page's token into (server/page.css hides it)
OUT_ID = "pg-handover-out"  # the box the control's click gets this page's token in, for page.js to keep
TOKEN_MAX_CHARS = 100  # a longer value is no token of ours
# What the restore answers into the box (never a token: a token is URL-safe base64 of 24 bytes, 32 characters).
# page.js waits for it: an empty box is not an answer, since Gradio can redraw a box it has not bound yet with its
# own empty value, dropping a token written into it; page.js then writes the token again.
DONE = "handed-over"

KEPT: SessionStore[dict[str, dict[str, Any]]] = SessionStore()  # session -> task -> part -> value
_LOCK = threading.Lock()  # one read-modify-write of a session's parts at a time


@dataclass(frozen=True)
class _Ticket:
    expires: float
    session: str
    user: str | None


_TICKETS: OrderedDict[str, _Ticket] = OrderedDict()
_clock = time.monotonic  # (a test moves it on)


class _Session:
    """A stand-in request naming a session (the stores key on ``session_hash``)."""

    def __init__(self, session_hash: str) -> None:
        self.session_hash = session_hash


def keep(request: gr.Request | None, task: str, **parts: Any) -> None:
    """Keep ``parts`` of ``task``'s last run for the request's session (a part given None is forgotten); an API
    client's request without a session keeps nothing."""
    if not getattr(request, "session_hash", None):
        return
    with _LOCK:
        found = dict(KEPT.get(request) or {})
        mine = {**found.get(task, {}), **parts}
        found[task] = {name: value for name, value in mine.items() if value is not None}
        KEPT.put(request, found)


PICKS = "picks"  # the part a tab's picks are kept under: {name: value}
PICK_MAX_CHARS = 200  # a longer value is no model id or language code


def keep_pick(request: gr.Request | None, task: str, name: str, value: Any) -> None:
    """Keep the student's pick ``value`` of ``task``'s picker ``name`` (``Kept.picks``) for the switch."""
    if not getattr(request, "session_hash", None) or not (isinstance(value, str) and len(value) <= PICK_MAX_CHARS):
        return
    with _LOCK:
        found = dict(KEPT.get(request) or {})
        mine = dict(found.get(task, {}))
        mine[PICKS] = {**mine.get(PICKS, {}), name: value}
        found[task] = mine
        KEPT.put(request, found)


def kept(request: gr.Request | None, task: str) -> dict[str, Any]:
    """What ``task`` keeps for the request's session ({} when nothing)."""
    return dict((KEPT.get(request) or {}).get(task, {}))


def _user(request: Any) -> str | None:
    return getattr(request, "username", None) or signin.account_key(request)


def hand_over(request: gr.Request) -> str:
    """A one-time token for this session's kept results ("" when it keeps none): the language switch stores it and
    the reloaded page redeems it (:func:`restore`)."""
    session = getattr(request, "session_hash", None)
    if not session or not any((KEPT.get(request) or {}).values()):
        return ""
    token = secrets.token_urlsafe(24)
    now = _clock()
    with _LOCK:
        _expire(now)
        _TICKETS[token] = _Ticket(now + limits.HANDOVER_TTL_S, session, _user(request))
        while len(_TICKETS) > limits.HANDOVER_MAX:
            _TICKETS.popitem(last=False)
    return token


def _expire(now: float) -> None:
    while _TICKETS and next(iter(_TICKETS.values())).expires < now:
        _TICKETS.popitem(last=False)


def redeem(token: str | None, request: gr.Request | None) -> dict[str, dict[str, Any]]:
    """The results ``token`` hands over, moved to the request's session; {} for a token that is unknown, used,
    expired, or another user's (the token is spent in every case)."""
    session = getattr(request, "session_hash", None)
    if not token or not isinstance(token, str) or len(token) > TOKEN_MAX_CHARS or not session:
        return {}
    with _LOCK:
        now = _clock()
        _expire(now)
        ticket = _TICKETS.pop(token, None)
    if ticket is None or ticket.expires < now or ticket.user != _user(request):
        return {}
    with _LOCK:
        found = KEPT.pop(_Session(ticket.session)) or {}
        if found:
            KEPT.put(request, found)
    return found


def token_boxes() -> tuple[gr.Textbox, gr.Textbox]:
    """(in, out): the box the reloaded page writes its token into, whose change event redeems it, and the box a
    click on the control gets this page's token in. Drawn (page.js types into the first), never seen. Two boxes:
    the token a click gets must not reach the event that redeems one (Gradio's change event follows a function's
    update too; its input event only a key typed, not a value written by a script)."""
    options = {"show_label": False, "container": False, "lines": 1, "max_lines": 1, "elem_classes": "pg-handover"}
    return gr.Textbox(elem_id=BOX_ID, **options), gr.Textbox(elem_id=OUT_ID, **options)


def switch_language(button: gr.Button, code: str, out: gr.Textbox) -> None:
    """Wire a language button: a token for this page's results, then page.js stores it and reloads."""
    button.click(hand_over, None, out, api_visibility="private", queue=False, show_progress="hidden").then(
        None, out, None, js=f"(token) => window.playgroundSetLanguage('{code}', token)", queue=False,
        show_progress="hidden")


def wire(built: dict[str, Tab], box: gr.Textbox) -> None:
    """After every tab is built: the reloaded page's token (the box's change event) draws every tab's kept results
    again, in the page's language (one event, its outputs every tab's ``Kept.outputs``), and writes :data:`DONE` into
    the box (its change then asks for nothing: that value, or an empty box, is answered with no update)."""
    keeps = {task: tab.keeps for task, tab in built.items() if tab.keeps is not None}
    outputs = _unique([box, *(c for k in keeps.values() for c in [*k.outputs, *k.picks.values()])])

    def restore(token: str, request: gr.Request) -> dict[Any, Any]:
        return restored(keeps, box, token, request)

    box.change(restore, box, outputs, api_visibility="private", queue=False, show_progress="hidden")
    for task, spec in keeps.items():
        for name, picker in spec.picks.items():  # the student's own pick only (not a value a handler set)
            picker.input(_picked(task, name), picker, None, api_visibility="private", queue=False,
                         show_progress="hidden")


def _picked(task: str, name: str) -> Any:
    def picked(value: Any, request: gr.Request) -> None:
        keep_pick(request, task, name, value)

    return picked


def restored(keeps: dict[str, Kept], box: Any, token: str | None, request: Any) -> dict[Any, Any]:
    """Redeem ``token`` for the request's session: every tab's kept results (``keeps``: task -> its ``Kept``),
    drawn in the page's language, and :data:`DONE` in the box (only that for a token that hands over nothing, or
    one already spent: page.js may send a token twice, and the second answer must not undo the first)."""
    if not token or token == DONE:
        return {box: gr.skip()}  # (Gradio wants at least one output in a dict)
    updates: dict[Any, Any] = {box: DONE}
    found = redeem(token, request)
    lang = page_language(request) or "en"
    for task, data in found.items():
        spec = keeps.get(task)
        if spec is None or not data:
            continue
        results = {part: value for part, value in data.items() if part != PICKS}
        try:
            if results:
                if spec.adopt is not None:
                    spec.adopt(results, request)
                updates.update(spec.render(results, lang))
        except Exception:  # noqa: BLE001 - one tab that cannot draw its results leaves the others theirs
            log.exception("restoring the %s tab after the language switch", task)
        for name, value in (data.get(PICKS) or {}).items():  # after the results: the latest pick is the student's
            if name in spec.picks:
                updates[spec.picks[name]] = value
    return updates


def _unique(items: Iterable[Any]) -> list[Any]:
    seen: list[Any] = []
    for item in items:
        if not any(item is s for s in seen):
            seen.append(item)
    return seen
