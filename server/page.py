"""The page around the tabs, at the server's side: its script and style sheet (``server/page.js``,
``server/page.css``, each tab module's ``CSS`` after them), and the middleware that makes the stored language the
page's first locale.

>>> demo.launch(js=page_js(), css=page_css(), app_kwargs=app_kwargs(), ...)
"""

from __future__ import annotations

import importlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from playground.registry import TASKS
from tabs.handover import DONE as HANDED_OVER
from tabs.i18n import COOKIE, STRINGS, say

HERE = Path(__file__).resolve().parent

# The few texts page.js writes itself (toast titles, the counter's note), in both languages.
PAGE_TEXTS = ("common.error", "common.warning", "common.info", "common.success", "common.cut", "common.more",
              "common.less", "common.file_type", "common.switch_waits")
# Page modules beside the tabs that bring CSS of their own (the teacher section, the share control).
OWN_CSS_MODULES = ("tabs.system", "tabs.classroom", "server.signin")


@cache
def page_js() -> str:
    """The page's start-up script: ``server/page.js`` (the language control, toast titles, error notes, counters),
    then the browser tab's title in the page's one language (``gr.Blocks(title=...)`` is one fixed text for both)."""
    source = (HERE / "page.js").read_text(encoding="utf-8")
    script = "\n".join(line for line in source.splitlines() if not line.startswith("//"))
    script = script.replace("COOKIE_NAME", COOKIE).replace("HANDED_OVER", HANDED_OVER).replace(
        "PAGE_TEXTS_JSON", json.dumps({key: STRINGS[key][:2] for key in PAGE_TEXTS}, ensure_ascii=False))
    titles = {lang: say("app.title", lang).removeprefix("🤗 ") for lang in ("en", "ko")}
    title = (f"() => {{ document.title = document.documentElement.lang.startsWith('ko') ? "
             f"{json.dumps(titles['ko'])} : {json.dumps(titles['en'])}; }}")
    return f"() => {{ ({script.strip()})(); ({title})(); }}"


@cache
def page_css() -> str:
    """The page's CSS: ``server/page.css``, then each tab module's own ``CSS`` (in the registry's order), then the
    teacher section's and the share control's."""
    modules = [task.tab for task in TASKS] + list(OWN_CSS_MODULES)
    own = "".join(getattr(importlib.import_module(name), "CSS", "") for name in modules)
    return (HERE / "page.css").read_text(encoding="utf-8") + own


# -- the stored choice before Gradio starts ---------------------------------------------------------------------
# Gradio's frontend (svelte-i18n, ``setupi18n`` in templates/frontend/assets/core-*.js) takes its first locale from
# ``navigator.language`` and builds the whole component tree in it, tabs not yet opened included: each Tabs
# component's ``initial_tabs`` labels are translated once, when the tree is built (``AppTree``),
# and re-translated only when that tab item is next updated (``AppTree.#g``, run when the tab is first opened).
# ``changeLocale`` after load therefore left the names of unopened tabs (and nested tabs) in the browser's language.
# The fix: the stored choice becomes the page's ``navigator.language`` before Gradio's own scripts run, so the first
# locale is the right one and nothing is drawn in the other language, not even for a moment.
LOCALE_FIRST_JS = (
    "<script>(()=>{try{const v=localStorage.getItem(COOKIE_NAME);if(v!=='ko'&&v!=='en')return;"
    "for(const [k,val] of [['language',v],['languages',[v]]])"
    "Object.defineProperty(Navigator.prototype,k,{get:()=>val,configurable:true});"
    "document.documentElement.lang=v;}catch(e){}})()</script>"
).replace("COOKIE_NAME", repr(COOKIE))


class LocaleFirst:
    """ASGI middleware: puts :data:`LOCALE_FIRST_JS` first in the app's HTML page (``<head>``), before Gradio's
    module script reads ``navigator.language``. Other responses pass through untouched. Wired through
    ``launch(app_kwargs=app_kwargs())``; it sits inside Gradio's compression middleware, so it sees plain HTML."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope.get("type") != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        held: dict[str, Any] = {}
        body: list[bytes] = []

        async def send_patched(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in message.get("headers") or []}
                if headers.get(b"content-type", b"").startswith(b"text/html") and b"content-encoding" not in headers:
                    held["start"] = message
                    return
            elif message["type"] == "http.response.body" and "start" in held:
                body.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                page = b"".join(body)
                if b"window.gradio_config" in page and b"<head>" in page:
                    page = page.replace(b"<head>", b"<head>" + LOCALE_FIRST_JS.encode(), 1)
                start = held.pop("start")
                start["headers"] = [(k, str(len(page)).encode() if k.lower() == b"content-length" else v)
                                    for k, v in start.get("headers") or []]
                await send(start)
                await send({"type": "http.response.body", "body": page})
                return
            await send(message)

        await self.app(scope, receive, send_patched)


def app_kwargs() -> dict[str, Any]:
    """``launch(app_kwargs=app_kwargs())``: a fresh dict each launch (Gradio adds its own keys to it)."""
    from starlette.middleware import Middleware

    from server.assets import FrontEndCache
    from server.guard import RequestGuard

    # RequestGuard: body cap, upload pace and cap, the login in front of every API route (server/guard.py);
    # FrontEndCache, innermost: Gradio's content-hashed front-end files from memory (server/assets.py)
    return {"middleware": [Middleware(LocaleFirst), Middleware(RequestGuard), Middleware(FrontEndCache)]}
