"""Logins and logouts at Gradio's server: ``/login`` that waits after wrong passwords, ``/logout`` that ends one
browser's session, and Gradio's run history only when a teacher opts in.

>>> demo.launch(run_history=run_history(), app_kwargs={"routes": login_routes()}, ...)
"""

from __future__ import annotations

import html
import os
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request as HTTPRequest  # at module level: FastAPI resolves the endpoints' annotations here

from playground.classroom.fairuse import LoginThrottle, client_address, on_space
from playground.errors import PlaygroundError
from tabs.i18n import page_language, say

from . import gradio_private

RUN_HISTORY_ENV = "GRADIO_RUN_HISTORY"


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
        for name in gradio_private.login_cookie_names(app):
            token = request.cookies.get(name)
            if token:
                gradio_private.forget_login(app, token)  # this browser's session only; the account's others stay
            response.delete_cookie(key=name, path="/")
        return response

    routes = [APIRoute(path, login, methods=["POST"]) for path in ("/login", "/login/")]
    routes += [APIRoute(path, logout_page, methods=["GET"]) for path in ("/logout", "/logout/")]
    routes += [APIRoute(path, logout, methods=["POST"]) for path in ("/logout", "/logout/")]
    for route in routes:
        route.throttle = throttle  # type: ignore[attr-defined]
    return routes


def secure_routes(demo: Any, throttle: LoginThrottle | None = None) -> LoginThrottle:
    """Put :func:`login_routes` in front of an already launched app's routes; returns their throttle."""
    routes = login_routes(throttle)
    demo.server_app.router.routes[:0] = routes  # public: FastAPI's router; routes first match first
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
