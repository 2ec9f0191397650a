"""Classroom glue around Gradio: fair use (queue caps, pacing, logins), the share-link check, what the terminal
prints at launch, the page's "Share with the class" control (a full-screen QR) and the teacher section's addresses.

>>> classroom = from_settings(rate_limit=60, rate_burst=20, gpu=8, cpu=64)   # for app.build_app
>>> demo = guard_queue(demo.queue(...))    # pace and cap every job as it joins the queue
>>> share = can_share(True)                # prints why not (and returns False) when no public link can be made
>>> demo.launch(share=share, run_history=run_history(), app_kwargs={"routes": login_routes()}, ...)
>>> announce(demo, share_tried=share, protected=False)
>>> share_control(demo)                    # inside the Blocks: the header's button and its full-screen overlay
"""

from __future__ import annotations

import html
import logging
import os
import re
from typing import Any
from urllib.parse import urlsplit

import gradio as gr
from fastapi import Request as HTTPRequest  # at module level: FastAPI resolves the endpoints' annotations here

from playground import limits
from playground.classroom.fairuse import Allowance, LoginThrottle, QueueShare, client_address, on_space
from playground.classroom.ratelimit import RateLimiter
from playground.classroom.sharing import Blocked, Links, lan_url, qr_svg, qr_text, reason_in, share_blocker, space_url
from playground.errors import PlaygroundError

from .common import Classroom, classroom_of, to_gr_error, who_is
from .i18n import page_language, say, t

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
        words = {key: html.escape(value) for key, value in _logout_text(request).items()}
        return HTMLResponse(LOGOUT_PAGE.format(action=html.escape(action), **words))

    def logout(request: HTTPRequest) -> Any:
        app = request.app
        if not _same_origin(request):
            return JSONResponse({"detail": say("classroom.logout_elsewhere", page_language(request) or "en")},
                                status_code=403)
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


LOGOUT_PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>
<body style="font-family:sans-serif;margin:3em"><form method="post" action="{action}">
<p>{question}</p>
<button type="submit">{title}</button></form></body></html>"""


def _logout_text(request: Any) -> dict[str, str]:
    """The logout page's words in the page's language (the stored choice, else the browser's)."""
    lang = page_language(request) or "en"
    return {"lang": lang, "title": say("classroom.logout", lang), "question": say("classroom.logout_question", lang)}


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
    return share_check(asked, timeout_s)[0]


def share_check(asked: bool, timeout_s: float = 3.0) -> tuple[bool, Blocked | None]:
    """:func:`can_share`'s answer and, when a public link cannot be made, why (printed too, for the terminal;
    :func:`announce` keeps it for the page's share control)."""
    if not asked:
        return False, None
    if os.environ.get("SPACE_ID"):
        return False, None  # a Space already has its public address; Gradio ignores share=True there
    from gradio import networking, tunneling

    reason = share_blocker(networking.GRADIO_API_SERVER, tunneling.BINARY_URL, tunneling.BINARY_PATH,
                           custom_server=os.environ.get("GRADIO_SHARE_SERVER_ADDRESS"), timeout_s=timeout_s)
    if reason:
        print(share_failed(reason), flush=True)
        return False, reason if isinstance(reason, Blocked) else Blocked(str(reason), reason_in(reason, "ko"))
    return True, None


TUNNEL_FAILED = Blocked("Gradio could not open the tunnel (see its message above)",
                        "Gradio가 터널을 열지 못했습니다 (위에 나온 Gradio의 메시지를 보세요)")


def share_failed(reason: str) -> str:
    """The terminal's warning when no public link can be made: each line in one language, the reason in each."""
    return (f"\n⚠️  No public link: {reason_in(reason, 'en')}.\n"
            "    The playground keeps running on this computer. Students on the same network can use its LAN "
            "address (start with --host 0.0.0.0).\n"
            f"⚠️  공개 링크를 만들 수 없습니다: {reason_in(reason, 'ko')}.\n"
            "    플레이그라운드는 이 컴퓨터에서 계속 실행됩니다. 같은 네트워크의 학생들은 LAN 주소로 접속할 수 "
            "있습니다 (--host 0.0.0.0 옵션으로 시작).\n")


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
            "--auth 사용자:비밀번호 옵션(또는 --auth-file 경로, $PLAYGROUND_AUTH)을 추가하세요.\n")


def announce(demo: gr.Blocks, *, share_tried: bool, protected: bool, blocked: Blocked | None = None) -> Links:
    """Print, after launch, the addresses for students with a QR code, and any warning the teacher needs (each
    line in one language). Keeps why ``--share`` made no link (``blocked``, or the tunnel failing) for the page."""
    links = links_of(demo)
    if share_tried and links.public is None:
        blocked = TUNNEL_FAILED
        print(share_failed(blocked), flush=True)
    demo.share_blocked = blocked  # type: ignore[attr-defined] - read by the share control (render_share)
    if links.lan:
        print(f"* Students on this network: {links.lan}\n  같은 네트워크의 학생용 주소: {links.lan}", flush=True)
    if links.public:
        print(f"* Public link for students: {links.public}\n  학생용 공개 링크: {links.public}", flush=True)
    shown = links.for_students()
    if shown:
        print(f"\nScan to open:\n스캔해서 열기:\n{shown}\n{qr_text(shown)}", flush=True)
    if (links.public or links.lan) and not protected:
        print(no_auth_warning(public=links.public is not None), flush=True)
    return links


# -- the page: the share control at the top, the teacher section at the bottom -----------------------------------
CSS = """
#pg-share { position: absolute; width: 0; height: 0; overflow: hidden; }
dialog.pg-share-dialog { width: 100vw; height: 100vh; max-width: 100vw; max-height: 100vh; margin: 0; padding: 0;
  border: none; background: var(--background-fill-primary, #fff); color: var(--body-text-color, #111); }
dialog.pg-share-dialog::backdrop { background: rgba(0, 0, 0, 0.6); }
.pg-share-body { box-sizing: border-box; height: 100%; display: flex; flex-direction: column; align-items: center;
  justify-content: center; gap: 0.8rem; padding: 1rem; text-align: center; overflow: auto; cursor: zoom-out; }
.pg-share-body h2 { margin: 0; font-size: clamp(1.3rem, 3vw, 2.2rem); }
.pg-share-qr { width: min(68vh, 92vw); height: min(68vh, 92vw); image-rendering: pixelated; background: #fff; }
.pg-share-url { font-size: clamp(1.1rem, 3.2vw, 2.4rem); font-weight: 700; word-break: break-all; cursor: text; }
.pg-share-url a { color: inherit; }
.pg-share-row { display: flex; gap: 0.6rem; flex-wrap: wrap; justify-content: center; }
.pg-share-row button { font: inherit; font-size: 1rem; padding: 0.5rem 1.1rem; border-radius: 0.5rem; cursor: pointer;
  border: 1px solid var(--border-color-primary, #ccc); background: var(--button-secondary-background-fill, #eee);
  color: inherit; }
.pg-share-row button.pg-share-copy { background: var(--button-primary-background-fill, #f97316);
  color: var(--button-primary-text-color, #fff); border-color: transparent; }
.pg-share-note, .pg-share-also { max-width: 46rem; margin: 0; font-size: 1rem; cursor: text; }
.pg-share-note.warn { color: var(--error-text-color, #b91c1c); }
.pg-share-note code { white-space: nowrap; }
.pg-share-body pre { margin: 0; padding: 0.5rem 0.8rem; border-radius: 0.4rem; white-space: pre-wrap;
  background: var(--code-background-fill, #f3f4f6); cursor: text; }
#pg-share-open { flex: 0 0 auto; width: auto; min-width: 0; }
.pg-links figure { display: inline-block; margin: 0 1.5em 0.5em 0; text-align: center; }
"""

# The share control's behaviour (js_on_load of its gr.HTML): the button at the top opens the <dialog>
# (showModal: the browser's top layer, so nothing on the page can cover or clip it; Esc closes it natively);
# a click anywhere but the link, the copy button or the commands closes it. Copy uses the Clipboard API, and
# falls back to a selected text area where the page is not a secure context (a LAN address over http).
SHARE_JS = r"""
element.addEventListener('click', async (event) => {
  const dialog = element.querySelector('dialog');
  if (!dialog || !dialog.open) return;
  const copy = event.target.closest('.pg-share-copy');
  if (copy) {
    const text = copy.dataset.url;
    try { await navigator.clipboard.writeText(text); }
    catch (e) {
      const area = document.createElement('textarea');
      area.value = text; dialog.appendChild(area); area.select(); document.execCommand('copy'); area.remove();
    }
    copy.textContent = copy.dataset.done;
    return;
  }
  if (event.target.closest('a, pre, code, .pg-share-url, .pg-share-note, .pg-share-also')) return;
  dialog.close();
});
"""
OPEN_JS = "() => { const d = document.querySelector('#pg-share dialog'); if (d && !d.open) d.showModal(); }"


def share_control(demo: gr.Blocks) -> gr.Button:
    """The "Share with the class" button (small, for the page's header) and its full-screen overlay, filled on
    load in the page's language with the students' address, a copy button and a QR code to scan from the back of
    the room. Call it inside the Blocks where the button belongs."""
    button = gr.Button(t("classroom.share"), size="sm", variant="secondary", elem_id="pg-share-open", scale=0)
    overlay = gr.HTML("", elem_id="pg-share", js_on_load=SHARE_JS, padding=False, container=False)
    button.click(None, js=OPEN_JS)

    def fill(request: gr.Request) -> str:
        return render_share(links_of(demo), page_language(request) or "en", getattr(demo, "share_blocked", None),
                            protected=getattr(demo, "auth", None) is not None)

    demo.load(fill, None, overlay, api_visibility="private", queue=False)
    return button


def _inline(text: str) -> str:
    """Escaped text with Markdown's `code` and **bold** (the strings' own markup) as HTML."""
    out = html.escape(text)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    return re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", out)


def render_share(links: Links, lang: str, blocked: Blocked | None = None, *, protected: bool = True) -> str:
    """The overlay's HTML (a closed ``<dialog>``) in ``lang``: the one address for the class in large type with a
    copy button and a full-screen QR code, the other addresses below; with no address for students, how to make
    one (and why ``--share`` made none)."""
    def s(key: str, **params: Any) -> str:
        return say(key, lang, **params)

    url = links.for_students()
    parts = []
    if url:
        kind = "public" if url == links.public else "space" if url == links.space else "lan"
        parts += [f"<h2>{html.escape(s('classroom.share_heading'))}</h2>",
                  f'<img class="pg-share-qr" src="{html.escape(qr_svg(url, scale=10))}" '
                  f'alt="QR: {html.escape(url)}">',
                  f'<div class="pg-share-url" title="{html.escape(s(f"classroom.share_{kind}"))}">'
                  f'<a href="{html.escape(url)}" target="_blank" rel="noopener">{html.escape(url)}</a></div>']
        notes = {"lan": s("classroom.lan_needs_wifi"), "space": s("classroom.space_login")}
        if kind in notes:
            parts.append(f'<p class="pg-share-note">{html.escape(notes[kind])}</p>')
        if kind != "space" and not protected:
            parts.append(f'<p class="pg-share-note warn">⚠️ {_inline(s("classroom.no_password"))}</p>')
        others = [(key, other) for key, other in (("public", links.public), ("space", links.space),
                                                 ("lan", links.lan)) if other and other != url]
        if others:
            listed = " · ".join(f'{html.escape(s(f"classroom.share_{key}"))}: <a href="{html.escape(other)}" '
                                f'target="_blank" rel="noopener">{html.escape(other)}</a>' for key, other in others)
            parts.append(f'<p class="pg-share-also">{html.escape(s("classroom.also"))} {listed}</p>')
    else:
        url = links.local
        parts += [f"<h2>{html.escape(s('classroom.share_local'))}</h2>",
                  f'<div class="pg-share-url"><a href="{html.escape(url)}" target="_blank" rel="noopener">'
                  f"{html.escape(url)}</a></div>",
                  f'<p class="pg-share-note">{html.escape(s("classroom.only_here"))}</p>']
        if blocked:
            parts.append(f'<p class="pg-share-note warn">⚠️ {_inline(s("classroom.share_failed_page"))} '
                         f"{html.escape(reason_in(blocked, lang))}</p>")
        password = "비밀번호" if lang == "ko" else "password"
        parts += [f'<p class="pg-share-note">{_inline(s("classroom.how_to_share"))}</p>',
                  f"<pre>python app.py --share --auth teacher:{password}\n"
                  f"python app.py --host 0.0.0.0 --auth teacher:{password}</pre>"]
    parts.append('<div class="pg-share-row">'
                 + (f'<button class="pg-share-copy" type="button" data-url="{html.escape(url)}" '
                    f'data-done="{html.escape(s("classroom.copied"))}">{html.escape(s("classroom.copy"))}</button>'
                    if url else "")
                 + f'<button class="pg-share-close" type="button">{html.escape(s("classroom.close"))}</button></div>')
    label = html.escape(s("classroom.share").removeprefix("📱 "))
    return (f'<dialog class="pg-share-dialog" aria-label="{label}"><div class="pg-share-body">'
            + "\n".join(parts) + "</div></dialog>")


def links_panel(demo: gr.Blocks) -> None:
    """Inside the teacher section: the students' addresses with QR codes, and the fair-use settings, in the page's
    language."""
    gr.Markdown("### " + t("classroom.title"))
    panel = gr.HTML(label=t("classroom.links"))

    def fill(request: gr.Request) -> str:
        return render_links(links_of(demo), classroom_of(demo), page_language(request) or "en")

    demo.load(fill, None, panel, api_visibility="private", queue=False)


def render_links(links: Links, classroom: Classroom, lang: str = "en") -> str:
    """HTML in ``lang``: one QR code per address students can open, then the queue and rate-limit settings."""
    def s(key: str, **params: Any) -> str:
        return say(key, lang, **params)

    cards = []
    for key, url in (("public", links.public), ("space", links.space), ("lan", links.lan)):
        if url:
            cards.append(
                f'<figure><img src="{html.escape(qr_svg(url))}" alt="QR: {html.escape(url)}" width="120" '
                f'height="120"><figcaption><b>{html.escape(s(f"classroom.share_{key}"))}</b><br>'
                f'<a href="{html.escape(url)}" target="_blank" rel="noopener">{html.escape(url)}</a></figcaption>'
                "</figure>")
    if not cards:
        cards.append(f"<p>{_inline(s('classroom.only_here_short'))}</p>")
    limiter = classroom.limiter
    pace = (s("classroom.pace", per_minute=limiter.per_minute, burst=limiter.burst, refused=limiter.refused)
            if limiter is not None else s("classroom.no_pace"))
    if classroom.pace is not None:
        pace += "; " + s("classroom.pace_group", per_minute=classroom.pace.group.per_minute)
    share = classroom.queue
    if share is not None:
        pace += "; " + s("classroom.queue_share", per_session=share.per_session, per_group=share.per_group,
                         refused=share.refused)
    jobs = classroom.concurrency
    at_once = s("classroom.at_once", gpu=jobs["gpu"], cpu=jobs["cpu"], bulk=jobs["bulk"])
    cards.append(f"<p><small>{html.escape(s('classroom.fair_use'))}: {html.escape(pace)} · "
                 f"{html.escape(at_once)}.</small></p>")
    return '<div class="pg-links">' + "\n".join(cards) + "</div>"
