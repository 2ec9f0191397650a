"""The one translation mechanism: every string of the page is a key with an English and a Korean text.

Two ways to read a key, by where the text goes:

- ``t(key)`` for what a component shows from the start (labels, placeholders, choices, fixed Markdown): Gradio's
  ``gr.I18n`` translates it in the browser, in the page's language (:data:`PAGE_JS` applies the stored choice).
- ``say(key, lang, **params)`` for text a handler writes (counts, notes, summaries, cards, errors): ``lang`` is
  "en" or "ko" for one language, or None for both, English first ("Seed · 시드"). Handlers take ``lang`` from
  :func:`page_language`: the 한국어 / English control's stored choice, else the browser's language.

Keys come from ``tabs/strings/<tab>.py`` and, for the engine's errors, from ``playground.errors.MESSAGES``
(read by the same lookup, never copied).

>>> say("sentiment.accuracy")
'Accuracy · 정확도'
>>> say("out_of_memory", "ko", name="Tiny")
'Tiny 모델을 실행할 메모리가 부족합니다. 더 작은 모델이나 더 짧은 입력으로 해 보세요.'
"""

from __future__ import annotations

import json
from typing import Any

import gradio as gr

from playground.errors import MESSAGES, localized

from .strings import merged

LANGUAGES = ("en", "ko")
STRINGS: dict[str, tuple[str, ...]] = merged()  # (English, Korean) or (English, Korean, both)
assert not (STRINGS.keys() & MESSAGES.keys()), sorted(STRINGS.keys() & MESSAGES.keys())

I18N = gr.I18n(en={k: v[0] for k, v in STRINGS.items()}, ko={k: v[1] for k, v in STRINGS.items()})


def t(key: str) -> Any:
    """A component's text, translated in the browser (``gr.I18n``); an unknown key fails at build time."""
    if key not in STRINGS:
        raise KeyError(f"no UI string {key!r}: add it to tabs/strings/")
    return I18N(key)


def texts(key: str) -> tuple[str, ...]:
    """(English, Korean) of a UI string or an engine message; a third text is how the bilingual page shows it
    where that is not "English · Korean" (e.g. a short unit kept in English only)."""
    found = STRINGS.get(key) or MESSAGES.get(key)
    if found is None:
        raise KeyError(f"no UI string or message {key!r}")
    return found


def say(key: str, lang: str | None = None, /, *, sep: str = " · ", **params: Any) -> str:
    """The text of ``key`` in ``lang`` ("en", "ko"), or both joined by ``sep`` (None), placeholders filled."""
    codes = ("en", "ko", None)  # the third text, where there is one, is the bilingual page's
    found = [part.format(**localized(key, params, codes[i])) for i, part in enumerate(texts(key))]
    if lang in LANGUAGES:
        return found[LANGUAGES.index(lang)]
    if len(found) > 2:
        return found[2]
    en, ko = found[:2]
    return en if en == ko else f"{en}{sep}{ko}"


def shown(key: str, lang: str | None = None, /, **params: Any) -> str:
    """Markdown text of ``key`` in ``lang``; for None (drawn before the page's language is known) both, each in a
    span the page's CSS (:data:`PAGE_CSS`) shows only in its language."""
    if lang in LANGUAGES:
        return say(key, lang, **params)
    return f'<span class="pg-en">{say(key, "en", **params)}</span><span class="pg-ko">{say(key, "ko", **params)}</span>'


def both_lines(key: str, first: str = "en", /, **params: Any) -> str:
    """Both languages on two lines, ``first`` on top (error messages: the browser's language first)."""
    second = "ko" if first == "en" else "en"
    return f"{say(key, first, **params)}\n{say(key, second, **params)}"


COOKIE = "playground_lang"  # the page's choice, written by the 한국어 / English control (and at first load)


def _header(request: gr.Request | None, name: str) -> str:
    headers = getattr(request, "headers", None) if request is not None else None
    return (headers.get(name, "") or "") if headers is not None else ""


def browser_language(request: gr.Request | None) -> str:
    """"ko" when the browser asks for Korean first, else "en" (API clients send no preference)."""
    return "ko" if _header(request, "accept-language").strip().lower().startswith("ko") else "en"


def chosen_language(request: gr.Request | None) -> str | None:
    """The language the page's control stored in its cookie ("en" / "ko"), or None when none was chosen."""
    for part in _header(request, "cookie").split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE and value.strip() in LANGUAGES:
            return value.strip()
    return None


def has_preference(request: gr.Request | None) -> bool:
    """Whether the request says which language it wants (a browser always does; a bare API client does not)."""
    return bool(chosen_language(request) or _header(request, "accept-language").strip())


def page_language(request: gr.Request | None = None) -> str | None:
    """The one language handlers write in: the page's stored choice, else the browser's (Accept-Language).
    An API client that states neither gets None: both languages, English first, as the API always answered."""
    if not has_preference(request):
        return None
    return chosen_language(request) or browser_language(request)


# -- the stored choice before Gradio starts (issue 13) ------------------------------------------------------------
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

    return {"middleware": [Middleware(LocaleFirst)]}


# Text drawn in both languages (model cards at build time): only the page's language shows. Gradio keeps <html lang>
# in step with its locale.
PAGE_CSS = """
html[lang^="ko"] .pg-en, html:not([lang^="ko"]) .pg-ko { display: none !important; }
/* A refused input never hides the work: no "Error" overlay over the outputs of a failed event (the message is
   the toast, and the note PAGE_JS writes under the tab's input); what the outputs showed stays readable. */
[data-testid="status-tracker"].wrap:has(> span.error), .wrap:has(> span.error) { display: none !important; }
#language-switch { justify-content: flex-end; gap: 0.4rem; }
/* A tab's Stop (tabs.common.stop_button): visibly inactive while nothing runs. */
.pg-stop:disabled { opacity: 0.45; cursor: not-allowed; filter: grayscale(0.6); }
/* Korean wraps between words, not inside one (매개변수, not 매개변 / 수). */
html[lang^="ko"] .prose, html[lang^="ko"] .md { word-break: keep-all; }
#language-switch button { flex: 0 0 auto; min-width: 0; width: auto; }
/* The refused input's message, under the tab's main input until the next action there (PAGE_JS). */
.pg-error-note { margin: 0.5rem 0 0; padding: 0.55rem 0.75rem; border-radius: var(--radius-md, 6px);
  border: 1px solid var(--error-border-color, #fca5a5); border-left-width: 4px;
  background: var(--error-background-fill, #fef2f2); color: var(--error-text-color, #b91c1c);
  font-size: var(--text-md, 14px); line-height: 1.45; white-space: pre-line; overflow-wrap: anywhere; }
/* Characters typed against a text box's limit, and what a paste over it left out (PAGE_JS). */
.pg-counter { margin: 0.3rem 0.1rem 0; text-align: right; font-size: var(--text-sm, 12px);
  color: var(--body-text-color-subdued, #6b7280); font-variant-numeric: tabular-nums; }
.pg-counter.pg-full { color: var(--error-text-color, #b91c1c); font-weight: 600; }
.pg-counter .pg-cut { display: block; text-align: left; font-weight: 600; color: var(--error-text-color, #b91c1c); }
/* The model picker and its card (tabs give the row "pg-model-row", the card "pg-card"): the card keeps its size
   while a handler rewrites it, and on a phone it goes under the picker, full width, instead of a strip beside it. */
.pg-card { min-height: 4.8em; }
.pg-card .prose, .pg-card .md { overflow-wrap: anywhere; }
@media (max-width: 640px) {
  .pg-model-row { flex-direction: column !important; flex-wrap: nowrap !important; align-items: stretch !important; }
  .pg-model-row > * { width: 100% !important; min-width: 0 !important; max-width: 100% !important;
    flex: 0 0 auto !important; }
  .pg-card { min-height: 0; }
}
"""

# The few texts PAGE_JS writes itself (toast titles, the counter's note), in both languages.
PAGE_TEXTS = ("common.error", "common.warning", "common.info", "common.success", "common.cut")

# Runs once when the page loads (``launch(js=...)``). The stored choice (localStorage, mirrored in a cookie the
# server reads for handler text) is already the page's locale (:class:`LocaleFirst`); ``changeLocale`` is still
# called for a page served without that middleware (the module that exports it is found among the loaded scripts).
# The control at the top stores a new choice and reloads the page, so text handlers wrote earlier (counts, cards,
# notes) is rewritten in the new language too. Three generic behaviours, with no wiring in any tab:
# - Gradio 6's toast title is its type, capitalised in English ("Error": statustracker-*.js ignores gr.Error's
#   title); it is rewritten in the page's language.
# - An error toast's message is also written into a note (``.pg-error-note``) under the first text input of the tab
#   where the student last acted, and stays after the toast is gone, until the next click of a main (primary)
#   button in that tab or an edit of that input. The outputs are never covered.
# - A text box with a limit (``maxlength``, from ``max_length=``) gets a counter once 80 % of it is used
#   ("4,812 / 5,000"), and a paste that does not fit says how much of it was left out.
PAGE_JS = r"""
() => {
  const KEY = "COOKIE_NAME";
  const TEXTS = PAGE_TEXTS_JSON;
  const stored = localStorage.getItem(KEY);
  const lang = stored === "ko" || stored === "en" ? stored
    : ((navigator.language || "").toLowerCase().startsWith("ko") ? "ko" : "en");
  document.cookie = KEY + "=" + lang + "; path=/; max-age=31536000; SameSite=Lax";
  document.documentElement.lang = lang;
  window.playgroundSetLanguage = (next) => {
    localStorage.setItem(KEY, next);
    document.cookie = KEY + "=" + next + "; path=/; max-age=31536000; SameSite=Lax";
    location.reload();
  };
  const core = performance.getEntriesByType("resource").map((e) => e.name)
    .find((name) => /\/core-[^/]*\.js$/.test(name));
  if (core) {
    import(core).then((m) => { if (m.changeLocale) m.changeLocale(lang); })
      .catch(() => {});
  }
  document.body.dataset.playgroundLang = lang;

  const say = (key, params = {}) => TEXTS[key][lang === "ko" ? 1 : 0]
    .replace(/\{(\w+)\}/g, (_, name) => params[name]);
  const number = (n) => n.toLocaleString("en-US");
  const panelOf = (el) => (el && el.closest ? el.closest(".tabitem") : null);
  const topPanelOf = (el) => {
    let p = panelOf(el), up;
    while (p && (up = panelOf(p.parentElement))) p = up;
    return p;
  };
  const visible = (el) => el && el.checkVisibility && el.checkVisibility();

  // Toast titles in the page's language.
  const TITLES = { error: "common.error", warning: "common.warning", info: "common.info", success: "common.success" };
  const retitle = () => document.querySelectorAll(".toast-title").forEach((el) => {
    const kind = Object.keys(TITLES).find((k) => el.classList.contains(k));
    const node = [...el.childNodes].find((n) => n.nodeType === 3 && n.textContent.trim());
    if (kind && node && node.textContent.trim() !== say(TITLES[kind])) node.textContent = say(TITLES[kind]) + " ";
  });

  // The error note under the input of the tab the student last acted in.
  let lastPanel = null;
  const seen = new WeakSet();
  // A tab's main input: its first visible text box (a textarea in Gradio 6), else a plain text input that is not
  // a dropdown's.
  const fieldOf = (panel) => [...panel.querySelectorAll("textarea")].find((el) => visible(el))
    || [...panel.querySelectorAll("input[type=text], input:not([type])")]
      .find((el) => visible(el) && !el.closest(".wrap-inner, [role=listbox], .dropdown"));
  const clearNotes = (top) => top && top.querySelectorAll(".pg-error-note").forEach((n) => n.remove());
  const showNote = (text) => {
    if (lastPanel === "outside") return;  // the student last acted outside the tabs (System, the header): toast only
    let panel = visible(lastPanel) ? lastPanel : null;
    if (!panel) panel = [...document.querySelectorAll(".tabitem")].find((p) => visible(p) && !panelOf(p.parentElement));
    if (!panel) return;
    const field = fieldOf(panel) || fieldOf(topPanelOf(panel));
    const block = field ? field.closest(".block") : null;
    clearNotes(topPanelOf(panel));
    const note = document.createElement("div");
    note.className = "pg-error-note";
    note.setAttribute("role", "alert");
    note.textContent = "⚠️ " + text;
    if (block) block.append(note); else panel.prepend(note);  // inside the input's box: never a new row item
    note.pgField = field || null;
  };
  const readToasts = () => {
    retitle();
    const fresh = [...document.querySelectorAll(".toast-body.error .toast-message-text")].filter((el) => !seen.has(el));
    fresh.forEach((el) => seen.add(el));
    const last = fresh.map((el) => el.innerText.trim()).filter(Boolean).pop();
    if (last) showNote(last);
  };
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; readToasts(); recount(); });
  }).observe(document.body, { childList: true, subtree: true });
  const acted = (event) => {
    if (event.target && event.target.closest && event.target.closest(".toast-wrap")) return;  // closing a toast
    lastPanel = panelOf(event.target) || "outside";
  };
  document.addEventListener("pointerdown", acted, true);
  document.addEventListener("keydown", acted, true);
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("button.primary, button.lg.primary");
    if (button) clearNotes(topPanelOf(button));
  }, true);

  // The character counter, and what a paste over the limit left out.
  // The counter sits inside the text box's own block, under the box (a sibling would become a row item).
  const counters = new Map();
  const count = (field, cut) => {
    const limit = Number(field.getAttribute("maxlength"));
    if (!limit) return;
    const used = field.value.length;
    let counter = counters.get(field);
    if (used < 0.8 * limit && !cut) {
      if (counter) { counter.remove(); counters.delete(field); }
      return;
    }
    if (!counter || !counter.isConnected) {
      counter = document.createElement("div");
      counter.className = "pg-counter";
      counter.setAttribute("aria-live", "polite");
      (field.closest(".block") || field.parentElement).append(counter);
      counters.set(field, counter);
    }
    counter.pgUsed = used;
    counter.classList.toggle("pg-full", used >= limit);
    counter.textContent = number(used) + " / " + number(limit);
    if (cut) {
      const why = document.createElement("span");
      why.className = "pg-cut";
      why.textContent = say("common.cut", { limit: number(limit), pasted: number(cut.pasted), cut: number(cut.cut) });
      counter.prepend(why);
    }
  };
  // A handler may rewrite a box (Send empties it, an example fills it): no input event, so counters are redone
  // whenever the page changes, and kept while they still say the same.
  const recount = () => counters.forEach((counter, field) => {
    if (!field.isConnected) { counter.remove(); counters.delete(field); }
    else if (counter.pgUsed !== field.value.length) count(field, null);
  });
  setInterval(recount, 1000);
  let pasted = null;
  document.addEventListener("paste", (event) => {
    const field = event.target;
    if (!field || !field.getAttribute || !field.getAttribute("maxlength")) return;
    const limit = Number(field.getAttribute("maxlength"));
    const text = (event.clipboardData && event.clipboardData.getData("text")) || "";
    const selected = (field.selectionEnd || 0) - (field.selectionStart || 0);
    const over = field.value.length - selected + text.length - limit;
    pasted = over > 0 ? { field, pasted: text.length, cut: over } : null;
  }, true);
  document.addEventListener("input", (event) => {
    const field = event.target;
    if (!field || !field.getAttribute) return;
    document.querySelectorAll(".pg-error-note").forEach((n) => { if (n.pgField === field) n.remove(); });
    if (!field.getAttribute("maxlength")) return;
    const cut = pasted && pasted.field === field ? pasted : null;
    pasted = null;
    count(field, cut);
  }, true);
}
""".replace("COOKIE_NAME", COOKIE).replace(
    "PAGE_TEXTS_JSON", json.dumps({key: STRINGS[key][:2] for key in PAGE_TEXTS}, ensure_ascii=False))
