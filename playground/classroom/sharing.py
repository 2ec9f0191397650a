"""Where students find the playground: the public share link, the LAN address, a Space's address, and QR codes.

>>> links = Links(local="http://127.0.0.1:7860", lan=lan_url("0.0.0.0", 7860), public=None, space=space_url())
>>> links.for_students()                  # the address to give the class (public, Space, then LAN)
'http://192.168.0.12:7860'
>>> print(qr_text(links.for_students()))  # a QR code drawn with block characters, for the terminal
>>> share_blocker(api_server, binary_url, binary_path)   # None when a public link can be made, else why not

Gradio's ``launch(share=True)`` asks ``api.gradio.app`` for a tunnel (30 s timeout), downloads the ``frpc`` tunnel
program on first use (30 s timeout) and runs it; when any step fails it prints "Could not create share link" and
keeps serving locally. On a network that drops packets instead of refusing them each step waits its full
timeout, so :func:`share_blocker` asks the same servers first with a short timeout and names what is missing.
"""

from __future__ import annotations

import io
import ipaddress
import os
import socket
from dataclasses import dataclass
from pathlib import Path

CHECK_TIMEOUT_S = 3.0
ALL_INTERFACES = ("0.0.0.0", "::", "")  # noqa: S104 - the host values that mean "listen on the LAN too"


@dataclass(frozen=True)
class Links:
    """Every address the app answers on that matters to a class."""

    local: str
    lan: str | None = None
    public: str | None = None
    space: str | None = None

    def for_students(self) -> str | None:
        """The one address to put on the board: the public link, the Space, or the LAN address."""
        return self.public or self.space or self.lan


def lan_address() -> str | None:
    """This machine's address on the local network (no packet is sent), or None when it has none."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # UDP connect only picks the outgoing interface
            address = probe.getsockname()[0]
        except OSError:
            address = ""
    if not address or ipaddress.ip_address(address).is_loopback:
        try:
            address = socket.gethostbyname(socket.gethostname())
        except OSError:
            return None
    return None if ipaddress.ip_address(address).is_loopback else address


def lan_url(host: str | None, port: int) -> str | None:
    """The URL other computers on the network can open, when the app listens on all interfaces."""
    if host not in ALL_INTERFACES:
        return None
    address = lan_address()
    return f"http://{address}:{port}" if address else None


def space_url() -> str | None:
    """The Space's page on huggingface.co when running on a Space ($SPACE_ID), else None.

    The page (not the bare ``*.hf.space`` address) is what students should open: there the Space knows who is
    logged in to Hugging Face, so ZeroGPU counts each student's own GPU quota.
    """
    space_id = os.environ.get("SPACE_ID", "").strip()
    if space_id:
        return f"https://huggingface.co/spaces/{space_id}"
    host = os.environ.get("SPACE_HOST", "").strip()
    return f"https://{host}" if host else None


def qr_text(url: str) -> str:
    """A QR code of ``url`` in block characters, for the terminal."""
    import segno

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue()


def qr_svg(url: str, scale: int = 6) -> str:
    """A QR code of ``url`` as an SVG ``data:`` URI, for an ``<img>`` on the page."""
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=scale, border=2)


class Blocked(str):
    """Why no public link can be made: the English sentence (a ``str``, as before) with its Korean twin in ``.ko``.
    An exception's own words inside either are quoted as a technical detail ("기술 정보: ...").

    >>> reason = Blocked("a public link needs the internet", "공개 링크를 만들려면 인터넷이 필요합니다")
    >>> reason.say("ko")
    '공개 링크를 만들려면 인터넷이 필요합니다'
    """

    ko: str

    def __new__(cls, en: str, ko: str) -> Blocked:
        made = super().__new__(cls, en)
        made.ko = ko
        return made

    def say(self, lang: str | None) -> str:
        """The reason in ``lang`` ("ko", else English)."""
        return self.ko if lang == "ko" else str(self)


def reason_in(reason: str, lang: str | None) -> str:
    """``reason`` in ``lang``: a :class:`Blocked` speaks both; any other text is quoted as the detail it is."""
    if isinstance(reason, Blocked):
        return reason.say(lang)
    return str(reason) if lang != "ko" else f"기술 정보: {reason}"


def share_blocker(api_server: str, binary_url: str, binary_path: str, *, custom_server: str | None = None,
                  timeout_s: float = CHECK_TIMEOUT_S) -> Blocked | None:
    """Why a public share link cannot be made here, for the teacher (:class:`Blocked`, English and Korean);
    None when it can.

    Checks, each with a short timeout, what Gradio's ``launch(share=True)`` needs: the share server
    (``api_server``, or ``custom_server`` "host:port") and the ``frpc`` tunnel program (at ``binary_path``, or
    downloadable from ``binary_url``). ``server.share.share_check`` passes Gradio's own values.
    """
    import httpx

    if custom_server:
        host, _, port = custom_server.rpartition(":")
        try:
            socket.create_connection((host, int(port)), timeout=timeout_s).close()
        except (OSError, ValueError) as exc:
            return Blocked(f"the share server {custom_server} does not answer ({type(exc).__name__})",
                           f"공유 서버 {custom_server}에서 응답이 없습니다 ({type(exc).__name__})")
    else:
        try:
            httpx.head(api_server, timeout=timeout_s)
        except httpx.HTTPError as exc:
            host = _host(api_server)
            return Blocked(f"Gradio's share server ({host}) cannot be reached from this machine ({_why(exc)}): "
                           "a public link needs the internet",
                           f"이 컴퓨터에서 Gradio 공유 서버({host})에 연결할 수 없습니다 ({_why(exc, 'ko')}). "
                           "공개 링크를 만들려면 인터넷이 필요합니다")
    if not Path(binary_path).exists():
        try:
            httpx.head(binary_url, timeout=timeout_s)
        except httpx.HTTPError as exc:
            return Blocked(f"the tunnel program is missing and cannot be downloaded ({_why(exc)}). While online, "
                           f"download {binary_url} and save it as {binary_path} (executable)",
                           f"터널 프로그램(frpc)이 없고 내려받을 수도 없습니다 ({_why(exc, 'ko')}). 인터넷이 될 때 "
                           f"{binary_url} 파일을 내려받아 {binary_path} 경로에 실행 파일로 저장하세요")
    return None


def _host(url: str) -> str:
    import httpx

    return httpx.URL(url).host


def _why(exc: BaseException, lang: str = "en") -> str:
    """What went wrong, in a few words; an exception's own words stay as they are, quoted as the detail."""
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return "시간 안에 응답 없음" if lang == "ko" else "no answer in time"
    if isinstance(exc, httpx.ConnectError):
        words = str(exc).split("] ")[-1][:80] or type(exc).__name__
        return f"연결 안 됨, 기술 정보: {words}" if lang == "ko" else f"no connection: {words}"
    return type(exc).__name__
