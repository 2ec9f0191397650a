"""Sharing with a class, at the server's side: whether a public ``--share`` link can be made (in seconds, with the
reason when not), and what the terminal prints at launch (the students' addresses, a QR code, warnings).

>>> share, blocked = share_check(True)     # prints why not (and returns False) when no public link can be made
>>> demo.launch(share=share, ...)
>>> announce(demo, share_tried=share, protected=False)
"""

from __future__ import annotations

import os

import gradio as gr

from playground.classroom.sharing import Blocked, Links, lan_url, qr_text, reason_in, share_blocker, space_url


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
    demo.share_blocked = blocked  # type: ignore[attr-defined] - our own attribute, read by the share control
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
