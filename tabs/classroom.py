"""Classroom glue around Gradio: the share-link check, what the terminal prints at launch, the System panel's QR.

>>> classroom = from_settings(rate_limit=60, rate_burst=20, gpu=8, cpu=64)   # for app.build_app
>>> share = can_share(True)                # prints why not (and returns False) when no public link can be made
>>> demo.launch(share=share, prevent_thread_lock=True, ...); announce(demo, share_tried=share, protected=False)
"""

from __future__ import annotations

import html
import os

import gradio as gr

from playground import limits
from playground.classroom.ratelimit import RateLimiter
from playground.classroom.sharing import Links, lan_url, qr_svg, qr_text, share_blocker, space_url

from .common import Classroom, classroom_of
from .i18n import t


def from_settings(rate_limit: float = limits.RATE_PER_MINUTE, rate_burst: int = limits.RATE_BURST,
                  gpu: int = limits.GPU_CONCURRENCY, cpu: int = limits.CPU_CONCURRENCY,
                  bulk: int = limits.BULK_CONCURRENCY) -> Classroom:
    """The fairness settings of one app (a rate limit of 0 turns the limit off)."""
    limiter = RateLimiter(rate_limit, rate_burst) if rate_limit > 0 else None
    return Classroom(limiter=limiter, concurrency={"gpu": max(1, gpu), "cpu": max(1, cpu), "bulk": max(1, bulk)})


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
    jobs = classroom.concurrency
    cards.append(f"<p><small>Fair use · 공정 사용: {pace} · at once: {jobs['gpu']} generation jobs, "
                 f"{jobs['cpu']} sentiment/dataset requests, {jobs['bulk']} file runs.</small></p>")
    return "\n".join(cards)
