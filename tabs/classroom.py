"""Classroom glue around Gradio: fair use (queue caps, pacing, logins), the share-link check, what the terminal
prints at launch, the System panel's QR.

>>> classroom = from_settings(rate_limit=60, rate_burst=20, gpu=8, cpu=64)   # for app.build_app
>>> demo = guard_queue(demo.queue(...))    # pace and cap every job as it joins the queue
>>> share = can_share(True)                # prints why not (and returns False) when no public link can be made
>>> demo.launch(share=share, run_history=run_history(), app_kwargs={"routes": login_routes()}, ...)
>>> announce(demo, share_tried=share, protected=False)
"""

from __future__ import annotations

import html
import logging
import os
from typing import Any
from urllib.parse import urlsplit

import gradio as gr
from fastapi import Request as HTTPRequest  # at module level: FastAPI resolves the endpoints' annotations here

from playground import limits
from playground.classroom.fairuse import Allowance, LoginThrottle, QueueShare, client_address, on_space
from playground.classroom.ratelimit import RateLimiter
from playground.classroom.sharing import Links, lan_url, qr_svg, qr_text, share_blocker, space_url
from playground.errors import PlaygroundError

from .common import Classroom, classroom_of, to_gr_error, who_is
from .i18n import t

log = logging.getLogger(__name__)
RUN_HISTORY_ENV = "GRADIO_RUN_HISTORY"


def from_settings(rate_limit: float = limits.RATE_PER_MINUTE, rate_burst: int = limits.RATE_BURST,
                  gpu: int = limits.GPU_CONCURRENCY, cpu: int = limits.CPU_CONCURRENCY,
                  bulk: int = limits.BULK_CONCURRENCY) -> Classroom:
    """The fairness settings of one app for a class: each student's pace (a rate limit of 0 turns pacing off,
    helpers' too), and the caps on jobs waiting or running per session, address and account (always on)."""
    limiter = RateLimiter(rate_limit, rate_burst) if rate_limit > 0 else None
    helpers = Allowance.for_students(RateLimiter(limits.HELPER_PER_MINUTE, limits.HELPER_BURST)) if limiter else None
    return Classroom(limiter=limiter, concurrency={"gpu": max(1, gpu), "cpu": max(1, cpu), "bulk": max(1, bulk)},
                     helpers=helpers, queue=QueueShare())


# -- fair use at the queue's door -------------------------------------------------------------------------------
def guard_queue(demo: gr.Blocks) -> gr.Blocks:
    """Pace and cap every job as it joins ``demo``'s queue (call it after ``demo.queue(...)``); returns ``demo``.

    A job that joins the queue (a click, ``gradio_client``, ``/gradio_api/call/<api>``, MCP) first takes one step
    of its allowance (a main action's or a helper's, see ``tabs.common.mark_main_actions``) and must be under its
    session's, address's and account's caps on jobs waiting or running. A refused job never enters the queue: it
    is answered at once with the bilingual message, as a ``gr.Error`` on the page and an ``AppError`` through the
    API. Also closes the REST routes that would skip the queue (``api_open=False``).
    """
    queue = demo._queue
    demo.api_open = False
    if getattr(queue.push, "guarded", False):
        return demo
    original = queue.push

    async def push(body: Any, request: Any, username: str | None) -> Any:
        from gradio import route_utils

        try:
            fn = route_utils.get_fn(demo, None, body) if body.fn_index is not None else None
        except Exception:  # noqa: BLE001 - an unknown fn_index: Gradio answers it as before
            fn = None
        classroom = classroom_of(demo)
        if fn is None:
            return await original(body, request, username)
        who = who_is(request, username=username, session_hash=body.session_hash)
        ticket = None
        try:
            allowance = classroom.allowance(fn._id)
            if allowance is not None and allowance.enabled:
                allowance.acquire(who)
            if classroom.queue is not None:
                ticket = classroom.queue.reserve(who, alive=lambda job: job in queue.event_ids_to_events)
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
    from gradio.queueing import AsyncQueue, Event
    from gradio.server_messages import ProcessCompletedMessage
    from gradio.utils import error_payload

    error = to_gr_error(exc, request)
    event = Event(body.session_hash, fn, request, username)
    if body.session_hash is None:
        body.session_hash = event.session_hash
    async with queue.pending_message_lock:
        if body.session_hash not in queue.pending_messages_per_session:
            queue.pending_messages_per_session[body.session_hash] = AsyncQueue()
        queue.pending_event_ids_session.setdefault(body.session_hash, set()).add(event._id)
    content = error_payload(error, True)
    queue.send_message(event, ProcessCompletedMessage(output=content, title=str(content.get("title") or "Error"),
                                                      success=False))
    return True, event._id, "success"


# -- logins and logouts -------------------------------------------------------------------------------------------
def run_history() -> bool:
    """Gradio's run history (``/gradio_api/runs`` and its Hub bucket routes) only when a teacher opts in with
    ``GRADIO_RUN_HISTORY=true``: its bucket routes use the server's Hugging Face token for loopback callers, and it
    keeps each browser's runs. Pass it as ``launch(run_history=run_history())``."""
    return os.environ.get(RUN_HISTORY_ENV, "").strip().lower() == "true"


def login_routes(throttle: LoginThrottle | None = None) -> list[Any]:
    """``/login`` that waits after wrong passwords, and ``/logout`` that ends only this session, for
    ``launch(app_kwargs={"routes": login_routes()})``: FastAPI then matches them before Gradio's own routes, from
    the first request on. (:func:`secure_routes` puts them in front of a running app's routes instead.)

    ``/login``: per (address, name) the first ``limits.LOGIN_FREE_FAILURES`` mistakes are free, then each try waits
    1 s, 2 s, 4 s, ... up to ``limits.LOGIN_MAX_WAIT_S`` (HTTP 429 with the wait, before the password is checked);
    a right password clears the count; the password itself is checked by Gradio's own ``/login``. ``/logout``:
    Gradio's ``GET /logout`` ends every session of the account (a shared class account logs the class out, from an
    image in Markdown); here ``GET`` only shows a button, and ``POST`` from this site's own page ends this
    browser's session alone.
    """
    import fastapi
    from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
    from fastapi.routing import APIRoute
    from fastapi.security import OAuth2PasswordRequestForm

    throttle = throttle or LoginThrottle()

    async def login(request: HTTPRequest) -> Any:
        app = request.app
        form = await request.form()
        username, password = str(form.get("username") or "").strip(), str(form.get("password") or "")
        address = client_address(getattr(request.client, "host", None), request.headers.get("x-forwarded-for"))
        try:
            throttle.check(address, username)
        except PlaygroundError as exc:
            return JSONResponse({"detail": exc.bilingual("ko" if _korean(request) else "en")}, status_code=429,
                                headers={"Retry-After": str(exc.params["seconds"])})
        gradios = next((r.endpoint for r in app.router.routes if isinstance(r, APIRoute) and r.path == "/login"
                        and r.endpoint is not login), None)
        if gradios is None or getattr(app, "auth", None) is None:
            return RedirectResponse(url=_root(app, request, "/login"), status_code=302)
        try:
            response = await gradios(request, OAuth2PasswordRequestForm(username=username, password=password))
        except fastapi.HTTPException as exc:
            if exc.status_code == 400:
                throttle.failed(address, username)
            raise
        throttle.succeeded(address, username)
        return response

    def logout_page(request: HTTPRequest) -> HTMLResponse:
        action = _root(request.app, request, "/logout") + "logout"
        return HTMLResponse(LOGOUT_PAGE.format(action=html.escape(action)))

    def logout(request: HTTPRequest) -> Any:
        app = request.app
        if not _same_origin(request):
            return JSONResponse({"detail": "Log out from this playground's own page · 이 플레이그라운드 페이지에서 "
                                 "로그아웃하세요"}, status_code=403)
        response = RedirectResponse(url=_root(app, request, "/logout"), status_code=302)
        for name in (f"access-token-{app.cookie_id}", f"access-token-unsecure-{app.cookie_id}"):
            token = request.cookies.get(name)
            if token:
                app.tokens.pop(token, None)  # this browser's session only; the account's other sessions stay
            response.delete_cookie(key=name, path="/")
        return response

    routes = [APIRoute(path, login, methods=["POST"]) for path in ("/login", "/login/")]
    routes += [APIRoute(path, logout_page, methods=["GET"]) for path in ("/logout", "/logout/")]
    routes += [APIRoute(path, logout, methods=["POST"]) for path in ("/logout", "/logout/")]
    for route in routes:
        route.throttle = throttle  # type: ignore[attr-defined]
    return routes


def secure_routes(demo: gr.Blocks, throttle: LoginThrottle | None = None) -> LoginThrottle:
    """Put :func:`login_routes` in front of an already launched app's routes; returns their throttle."""
    routes = login_routes(throttle)
    demo.server_app.router.routes[:0] = routes
    return routes[0].throttle


LOGOUT_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Log out · 로그아웃</title></head>
<body style="font-family:sans-serif;margin:3em"><form method="post" action="{action}">
<p>Log out of the playground in this browser? · 이 브라우저에서 플레이그라운드에서 로그아웃할까요?</p>
<button type="submit">Log out · 로그아웃</button></form></body></html>"""


def _root(app: Any, request: Any, route_path: str) -> str:
    from gradio import route_utils

    root = route_utils.get_root_url(request=request, route_path=route_path, root_path=app.root_path)
    return root.rstrip("/") + "/"


def _korean(request: Any) -> bool:
    return (request.headers.get("accept-language") or "").lower().startswith("ko")


def _same_origin(request: Any) -> bool:
    """A POST from this site's own page: the browser's Origin names this host (Sec-Fetch-Site agrees when sent).

    Browsers send Origin with every cross-site POST, so a form or script on another site is refused; a client
    without a browser (no Origin, no Sec-Fetch-Site) cannot be tricked and may log itself out.
    """
    site = (request.headers.get("sec-fetch-site") or "").lower()
    if site and site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True
    host = (request.headers.get("x-forwarded-host") if on_space() else None) or request.headers.get("host") or ""
    return bool(origin) and origin != "null" and urlsplit(origin).netloc.lower() == host.split(",")[0].strip().lower()



def can_share(asked: bool, timeout_s: float = 3.0) -> bool:
    """Whether to pass ``share=True`` to ``launch``: asked for, and Gradio's share server and tunnel are at hand.

    Without this check, an unreachable share server costs up to 30 s (and a missing tunnel program 30 s more)
    before Gradio gives up; here each check takes at most ``timeout_s`` and the reason is printed.
    """
    if not asked:
        return False
    if os.environ.get("SPACE_ID"):
        return False  # a Space already has its public address; Gradio ignores share=True there
    from gradio import networking, tunneling

    reason = share_blocker(networking.GRADIO_API_SERVER, tunneling.BINARY_URL, tunneling.BINARY_PATH,
                           custom_server=os.environ.get("GRADIO_SHARE_SERVER_ADDRESS"), timeout_s=timeout_s)
    if reason:
        print(share_failed(reason), flush=True)
        return False
    return True


def share_failed(reason: str) -> str:
    return (f"\n⚠️  No public link: {reason}.\n"
            "    The playground keeps running on this computer. Students on the same network can use its LAN "
            "address (start with --host 0.0.0.0).\n"
            f"⚠️  공개 링크를 만들 수 없습니다: {reason}.\n"
            "    플레이그라운드는 이 컴퓨터에서 계속 실행됩니다. 같은 네트워크의 학생들은 LAN 주소로 접속할 수 "
            "있습니다 (--host 0.0.0.0 으로 시작).\n")


def links_of(demo: gr.Blocks) -> Links:
    """The addresses a launched app answers on."""
    local = (getattr(demo, "local_url", None) or "").rstrip("/")
    return Links(local=local, lan=lan_url(getattr(demo, "server_name", None), getattr(demo, "server_port", 0) or 0),
                 public=(demo.share_url or "").rstrip("/") or None, space=space_url())


def no_auth_warning(public: bool) -> str:
    where = "anyone on the internet who has the link" if public else "anyone on this network"
    where_ko = "링크를 아는 인터넷의 누구나" if public else "이 네트워크의 누구나"
    return (f"\n⚠️  WARNING: no password. {where[0].upper() + where[1:]} can use the app and this computer. "
            "Add --auth USER:PASS (or --auth-file PATH, or $PLAYGROUND_AUTH).\n"
            f"⚠️  경고: 비밀번호가 없습니다. {where_ko} 앱과 이 컴퓨터를 쓸 수 있습니다. "
            "--auth 사용자:비밀번호 (또는 --auth-file 경로, $PLAYGROUND_AUTH)를 추가하세요.\n")


def announce(demo: gr.Blocks, *, share_tried: bool, protected: bool) -> Links:
    """Print, after launch, the addresses for students with a QR code, and any warning the teacher needs."""
    links = links_of(demo)
    if share_tried and links.public is None:
        print(share_failed("Gradio could not open the tunnel (see its message above)"), flush=True)
    if links.lan:
        print(f"* Students on this network · 같은 네트워크의 학생: {links.lan}", flush=True)
    if links.public:
        print(f"* Public link for students · 학생용 공개 링크: {links.public}", flush=True)
    shown = links.for_students()
    if shown:
        print(f"\nScan to open · 스캔해서 열기: {shown}\n{qr_text(shown)}", flush=True)
    if (links.public or links.lan) and not protected:
        print(no_auth_warning(public=links.public is not None), flush=True)
    return links


def links_panel(demo: gr.Blocks) -> None:
    """Inside the System panel: the students' addresses with scannable QR codes, and the fair-use settings."""
    gr.Markdown(f"### {t('classroom.title')}")
    panel = gr.HTML(label=t("classroom.links"))
    demo.load(lambda: render_links(links_of(demo), classroom_of(demo)), None, panel, api_visibility="private",
              queue=False)


def render_links(links: Links, classroom: Classroom) -> str:
    """HTML: one QR code per address students can open, then the queue and rate-limit settings."""
    cards = []
    for title, url in (("Public link · 공개 링크", links.public), ("Space", links.space),
                       ("Same network (LAN) · 같은 네트워크", links.lan)):
        if url:
            cards.append(
                f'<figure style="display:inline-block;margin:0 1.5em 0.5em 0;text-align:center">'
                f'<img src="{html.escape(qr_svg(url))}" alt="QR code: {html.escape(url)}" width="180" height="180">'
                f'<figcaption><b>{title}</b><br><a href="{html.escape(url)}" target="_blank" rel="noopener">'
                f"{html.escape(url)}</a></figcaption></figure>")
    if not cards:
        cards.append("<p>Only this computer can open this address. For students: restart with <code>--share</code> "
                     "(a public link) or <code>--host 0.0.0.0</code> (same network).<br>지금 주소는 이 컴퓨터에서만 "
                     "열립니다. 학생들과 함께 쓰려면 <code>--share</code> (공개 링크) 또는 <code>--host 0.0.0.0</code> "
                     "(같은 네트워크)으로 다시 시작하세요.</p>")
    limiter = classroom.limiter
    pace = (f"{limiter.per_minute:g} actions a minute per student (bursts of {limiter.burst}), "
            f"{limiter.refused} refused so far" if limiter is not None else "no per-student limit")
    if classroom.pace is not None:
        pace += f"; {classroom.pace.group.per_minute:g} a minute from one address or account"
    share = classroom.queue
    if share is not None:
        pace += (f"; at most {share.per_session} jobs waiting or running per student, {share.per_group} per "
                 f"address ({share.refused} refused)")
    jobs = classroom.concurrency
    cards.append(f"<p><small>Fair use · 공정 사용: {pace} · at once: {jobs['gpu']} generation jobs, "
                 f"{jobs['cpu']} sentiment/dataset requests, {jobs['bulk']} file runs.</small></p>")
    return "\n".join(cards)
