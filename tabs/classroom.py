"""The classroom on the page: the header's "Share with the class" control (a full-screen QR) and the teacher
section's addresses and fair-use settings. (What plugs into the server, fair use, logins, the share check, is in
``server/``.)

>>> share_control(demo)                    # inside the Blocks: the header's button and its full-screen overlay
>>> links_panel(demo)                      # inside the teacher section
>>> teacher_panel(demo)                    # inside it too: pause, resume, clear the queue, who is waiting
"""

from __future__ import annotations

import html
import re
import time
from typing import Any

import gradio as gr

from playground import settings
from playground.classroom.sharing import Blocked, Links, qr_svg, reason_in
from playground.registry import BY_ID, TASKS
from server.fairuse import Classroom, Job, classroom_of, clear_queue, is_teacher, jobs
from server.share import links_of

from .i18n import page_language, say, t

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
        command = html.escape(settings.text(settings.COMMAND))  # as the teacher started the app (./run)
        parts += [f'<p class="pg-share-note">{_inline(s("classroom.how_to_share"))}</p>',
                  f"<pre>{command} --share --auth teacher:{password}\n"
                  f"{command} --host 0.0.0.0 --auth teacher:{password}</pre>"]
    shareable = bool(links.for_students())  # a link only this computer opens is nothing to copy for a class
    parts.append('<div class="pg-share-row">'
                 + (f'<button class="pg-share-copy" type="button" data-url="{html.escape(url)}" '
                    f'data-done="{html.escape(s("classroom.copied"))}">{html.escape(s("classroom.copy"))}</button>'
                    if shareable else "")
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


# -- the teacher's class controls: pause, resume, clear the queue, who is waiting ------------------------
EVERYONE = "*"  # the target "the whole class"
MAX_ROWS = 40  # students listed at most; the rest are counted


def teacher_panel(demo: gr.Blocks) -> None:
    """Inside the teacher section: pause the whole class or one tab, resume, clear the queue, and who is waiting.
    The controls show only on the teacher's page, and every handler checks again on the server
    (``server.fairuse.is_teacher``): a student who calls them by hand is refused. Each is also an undocumented
    endpoint (``/teacher_pause`` ...), so a teacher may script them with ``gradio_client``."""
    gr.Markdown("### " + t("teacher.title"))
    note = gr.Markdown("", elem_id="pg-teacher-note")
    with gr.Group(visible=False, elem_id="pg-teacher-controls") as controls:
        state = gr.Markdown("", elem_id="pg-teacher-state", padding=True)
        with gr.Row(equal_height=True):
            target = gr.Dropdown(choices=[(t("teacher.everyone"), EVERYONE),
                                          *[(t(f"tab.{task.id}"), task.id) for task in TASKS]],
                                 value=EVERYONE, label=t("teacher.which"), elem_id="pg-teacher-target", scale=2)
            pause = gr.Button(t("teacher.pause"), variant="stop", elem_id="pg-teacher-pause", scale=1)
            resume = gr.Button(t("teacher.resume"), variant="primary", elem_id="pg-teacher-resume", scale=1)
        waiting = gr.Markdown("", elem_id="pg-teacher-waiting", padding=True)
        with gr.Row(equal_height=True):
            refresh = gr.Button(t("teacher.refresh"), size="sm", elem_id="pg-teacher-refresh")
            clear = gr.Button(t("teacher.clear"), size="sm", variant="stop", elem_id="pg-teacher-clear")
            auto = gr.Checkbox(False, label=t("teacher.auto"), elem_id="pg-teacher-auto")
    timer = gr.Timer(10, active=False)

    def lang_of(request: gr.Request | None) -> str | None:
        return page_language(request)

    def allowed(request: gr.Request) -> str | None:
        """The page's language when ``request`` is the teacher's; otherwise a refusal (gr.Error)."""
        lang = lang_of(request)
        if not is_teacher(demo, request):
            raise gr.Error(html.escape(say("teacher.refused", lang)), print_exception=False)
        return lang

    def fill(request: gr.Request) -> tuple[Any, ...]:
        lang = lang_of(request) or "en"
        if not is_teacher(demo, request):
            return say("teacher.only", lang), gr.Group(visible=False), "", ""
        return "", gr.Group(visible=True), render_paused(classroom_of(demo).desk.state(), lang), \
            render_waiting(jobs(demo), lang)

    def pause_now(which: str, request: gr.Request) -> tuple[str, str]:
        lang = allowed(request) or "en"
        classroom_of(demo).desk.pause(_target(which))
        return render_paused(classroom_of(demo).desk.state(), lang), render_waiting(jobs(demo), lang)

    def resume_now(which: str, request: gr.Request) -> tuple[str, str]:
        lang = allowed(request) or "en"
        classroom_of(demo).desk.resume(_target(which))
        return render_paused(classroom_of(demo).desk.state(), lang), render_waiting(jobs(demo), lang)

    async def clear_now(request: gr.Request) -> str:
        lang = allowed(request) or "en"
        count = await clear_queue(demo)
        return say("teacher.cleared", lang, count=count) + "\n\n" + render_waiting(jobs(demo), lang)

    def waiting_now(request: gr.Request) -> str:
        return render_waiting(jobs(demo), allowed(request) or "en")

    private: dict[str, Any] = {"queue": False, "api_visibility": "undocumented"}
    demo.load(fill, None, [note, controls, state, waiting], api_visibility="private", queue=False)
    pause.click(pause_now, target, [state, waiting], api_name="teacher_pause", **private)
    resume.click(resume_now, target, [state, waiting], api_name="teacher_resume", **private)
    clear.click(clear_now, None, waiting, api_name="teacher_clear_queue", **private)
    refresh.click(waiting_now, None, waiting, api_name="teacher_waiting", **private)
    timer.tick(waiting_now, None, waiting, api_visibility="private", queue=False)
    auto.change(lambda on: gr.Timer(active=bool(on)), auto, timer, api_visibility="private", queue=False)


def _target(which: str | None) -> str | None:
    """The dropdown's value as the desk takes it: None for the whole class, else a task id (anything else: a
    refusal, never a pause of an unknown name)."""
    if which in (None, "", EVERYONE):
        return None
    if which not in BY_ID:
        raise gr.Error(html.escape(f"{which!r}?"), print_exception=False)
    return which


def _tab(task: str, lang: str) -> str:
    return say(f"tab.{task}", lang) if task in BY_ID else say("teacher.other_tab", lang)


def render_paused(state: dict[str, Any], lang: str = "en") -> str:
    """One line in ``lang``: what is paused now."""
    if state.get("everything"):
        line = say("teacher.paused_all", lang)
    elif state.get("tabs"):
        line = say("teacher.paused_tabs", lang, tabs=", ".join(_tab(tab, lang) for tab in state["tabs"]))
    else:
        return say("teacher.running_all", lang)
    return f"**{line}** {say('teacher.yours_go', lang)}"


def _duration(seconds: float, lang: str) -> str:
    whole = int(seconds)
    if whole < 60:
        return say("teacher.seconds", lang, n=whole)
    return say("teacher.minutes", lang, m=whole // 60, n=whole % 60)


def render_waiting(found: list[Job], lang: str = "en") -> str:
    """Markdown in ``lang``: per tab, how many jobs wait and run and the longest wait; then each student's jobs
    (an account's name, else a short tag of the browser session), longest first; the time it was checked."""
    checked = say("teacher.checked", lang, time=time.strftime("%H:%M:%S"))
    if not found:
        return f"{say('teacher.nobody', lang)} _{checked}_"
    per_tab: dict[str, list[Job]] = {}
    for job in found:
        per_tab.setdefault(job.tab, []).append(job)
    lines = [say("teacher.tabs_header", lang), "|---|---:|---:|---:|"]
    for tab, group in per_tab.items():
        lines.append(f"| {_tab(tab, lang)} | {sum(not j.running for j in group)} | {sum(j.running for j in group)} "
                     f"| {_duration(max(j.seconds for j in group), lang)} |")
    lines += ["", say("teacher.people_header", lang), "|---|---|---|---:|"]
    for job in found[:MAX_ROWS]:
        who = say("teacher.you", lang) if job.teacher else _cell(job.student)
        lines.append(f"| {who} | {_tab(job.tab, lang)} | "
                     f"{say('teacher.running' if job.running else 'teacher.waiting', lang)} | "
                     f"{_duration(job.seconds, lang)} |")
    if len(found) > MAX_ROWS:
        lines.append(f"\n{say('teacher.more', lang, count=len(found) - MAX_ROWS)}")
    return "\n".join(lines) + f"\n\n_{checked}_"


def _cell(text: str) -> str:
    """A name as a Markdown table cell shows it literally (no markup, no column break)."""
    return html.escape(text).replace("|", "&#124;").replace("*", "&#42;").replace("_", "&#95;").replace("`", "&#96;")
