"""The teacher's controls of one classroom server: pause the whole class or one tab, resume, and who may use them.

Plain Python, in this process (one server), behind a lock; ``server.fairuse`` enforces a pause where every job
joins the queue, and ``tabs.classroom`` draws the controls.

>>> desk = TeacherDesk()
>>> desk.pause("chat"); desk.paused_tab("chat"), desk.paused_tab("image")
(True, False)
>>> desk.pause(None); desk.check("image")     # the whole class: raises Paused("class_paused")
>>> desk.resume(None); desk.state()
{'everything': False, 'tabs': ['chat']}
"""

from __future__ import annotations

import ipaddress
import threading

from playground.errors import PlaygroundError


class Paused(PlaygroundError):
    """The teacher has paused this tab (``tab_paused``) or the whole class (``class_paused``) for now."""


class TeacherDesk:
    """What the teacher has paused: the whole class, and single tabs (by task id). Every method takes the lock."""

    def __init__(self) -> None:
        self._everything = False
        self._tabs: set[str] = set()
        self._lock = threading.Lock()

    def pause(self, tab: str | None) -> None:
        """Pause one tab (its task id), or with None the whole class."""
        with self._lock:
            if tab is None:
                self._everything = True
            else:
                self._tabs.add(tab)

    def resume(self, tab: str | None) -> None:
        """Resume one tab, or with None everything (the whole class and every paused tab)."""
        with self._lock:
            if tab is None:
                self._everything = False
                self._tabs.clear()
            else:
                self._tabs.discard(tab)

    def paused_tab(self, tab: str | None) -> bool:
        """Whether a new run on ``tab`` is refused now (every tab while the whole class is paused)."""
        with self._lock:
            return self._everything or (tab is not None and tab in self._tabs)

    def check(self, tab: str | None) -> None:
        """Raise :class:`Paused` when a new run on ``tab`` is refused now."""
        with self._lock:
            everything, paused = self._everything, tab is not None and tab in self._tabs
        if everything:
            raise Paused("class_paused")
        if paused:
            raise Paused("tab_paused")

    def state(self) -> dict[str, object]:
        """``{"everything": bool, "tabs": [task ids, sorted]}``."""
        with self._lock:
            return {"everything": self._everything, "tabs": sorted(self._tabs)}


def is_loopback(address: str | None) -> bool:
    """Whether ``address`` is this computer's own (127.0.0.0/8, ::1)."""
    try:
        return ipaddress.ip_address((address or "").strip()).is_loopback
    except ValueError:
        return address == "localhost"


def teacher_account(auth: object, space_id: str | None = None) -> str | None:
    """The account that is the teacher: the first login the app was started with (``--auth``, else the accounts
    file's first line), as ``server.fairuse.who_is`` names it; on a Space without logins, the Space's owner signed
    in with Hugging Face (``hf:<owner>``). None: no account is the teacher (a login checked by a function, or no
    login at all, where the teacher is whoever uses the computer that runs the app; see :func:`is_teacher`)."""
    if isinstance(auth, (list, tuple)) and auth:
        first = auth[0]
        if isinstance(first, (list, tuple)) and first and isinstance(first[0], str):
            return first[0]
        if isinstance(first, str):  # ("user", "pass") given as one pair
            return first
        return None
    if auth is None and space_id and "/" in space_id:
        return "hf:" + space_id.split("/", 1)[0]
    return None


def is_teacher(account: str | None, address: str | None, *, auth: object, shared: bool,
               space_id: str | None = None, teacher: str | None = None) -> bool:
    """Whether a request from ``account`` at ``address`` is the teacher's.

    ``teacher`` (an explicit account) or :func:`teacher_account` decides where there is one. With no login at all
    the teacher is whoever uses the computer that runs the app (a request from this computer's own address), but
    only while no public link is open (``shared``): a ``--share`` tunnel's requests come from this computer too.
    """
    wanted = teacher or teacher_account(auth, space_id)
    if wanted is not None:
        return account == wanted
    if auth is not None or space_id:
        return False  # a login checked by a function, or a Space whose owner is unknown: nobody
    return not shared and is_loopback(address)
