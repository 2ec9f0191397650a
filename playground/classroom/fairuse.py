"""Fair use of one classroom server: who a request comes from, how fast they may go, how much they may have
waiting, and how often they may guess a password. Plain Python; ``server.fairuse`` plugs it into Gradio.

>>> who = Who(address=client_address("10.0.0.7", None), account=None, session="a1b2")
>>> who.student(), who.groups()
('ip:10.0.0.7|session:a1b2', ['ip:10.0.0.7'])
>>> pace = Allowance.for_students(RateLimiter(per_minute=60, burst=20))
>>> pace.acquire(who)                       # raises RateLimited when the student or their address is out of tokens
>>> share = QueueShare(per_session=4, per_group=64, sessionless=8)
>>> ticket = share.reserve(who, alive=lambda job: True)   # raises QueueCapped at the cap; share.bind(ticket, job)
>>> LoginThrottle().wait("10.0.0.7", "class")             # 0.0: go; else the seconds before the next try

The session hash is chosen by the client, so it only ever divides an allowance, never creates one: every request
also takes from its address's bucket (and its account's, when signed in), which is sized for a whole class behind
one school address (``limits.RATE_GROUP_*``). The numbers, and why, are in ``playground/limits.py``.
"""

from __future__ import annotations

import ipaddress
import math
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from playground import limits, settings
from playground.classroom.ratelimit import RateLimited, RateLimiter
from playground.errors import PlaygroundError


class QueueCapped(PlaygroundError):
    """This student (or their address) already has as many jobs waiting or running as the classroom allows."""


class LoginThrottled(PlaygroundError):
    """Too many wrong passwords for this name from this address: wait ``seconds`` before the next try."""


def on_space() -> bool:
    """Whether this app runs on a Hugging Face Space (the platform's proxy then sets X-Forwarded-For)."""
    return bool(settings.text(settings.SPACE_ID))


def client_address(peer: str | None, forwarded_for: str | None = None, *, space: bool | None = None) -> str:
    """The address a request comes from.

    Off a Space this is the TCP peer, whatever headers say (anyone can send ``X-Forwarded-For``). On a Space
    (``$SPACE_ID`` set) the peer is the platform's proxy, so the address is taken from ``X-Forwarded-For``: the
    rightmost public address in it, which is the one the platform's edge added (a client can only prepend to it).
    """
    if space if space is not None else on_space():
        for part in reversed((forwarded_for or "").split(",")):
            try:
                address = ipaddress.ip_address(part.strip())
            except ValueError:
                continue
            if address.is_global:
                return str(address)
    return peer or "unknown"


@dataclass(frozen=True)
class Who:
    """Whose request this is: the address, the signed-in account (if any), the browser session (if any)."""

    address: str
    account: str | None = None
    session: str | None = None

    def groups(self) -> list[str]:
        """The shared buckets: the address, and the account when signed in (a class may share either)."""
        return [f"ip:{self.address}"] + ([f"user:{self.account}"] if self.account else [])

    def student(self) -> str:
        """One student: the session inside their account or address (a session never reaches another's)."""
        base = f"user:{self.account}" if self.account else f"ip:{self.address}"
        return f"{base}|session:{self.session}" if self.session else base


class Presence:
    """Which sessions of a group (an address, an account) are present: seen in an earlier action within
    ``window_s``. A session's first action only makes it known, so a fresh session per request is never present.

    >>> here = Presence(window_s=600)
    >>> here.seen(Who("10.0.0.7", None, "a")), here.seen(Who("10.0.0.7", None, "a"))
    ({'ip:10.0.0.7': 0}, {'ip:10.0.0.7': 1})
    """

    def __init__(self, window_s: float = limits.RATE_PRESENT_S, max_keys: int = limits.RATE_MAX_SESSIONS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.window_s, self.max_keys, self.clock = window_s, max_keys, clock
        self._last: OrderedDict[tuple[str, str], tuple[float, bool]] = OrderedDict()  # -> (last seen, present)
        self._count: dict[str, int] = {}
        self._lock = threading.Lock()

    def seen(self, who: Who) -> dict[str, int]:
        """Note this action of ``who``; returns, per group of ``who``, how many of its sessions are present."""
        with self._lock:
            now = self.clock()
            self._forget(now)
            if who.session:
                for group in who.groups():
                    key = (group, who.session)
                    known = self._last.pop(key, None)
                    present = known is not None
                    if known is not None and not known[1]:
                        self._count[group] = self._count.get(group, 0) + 1
                    self._last[key] = (now, present)
                while len(self._last) > self.max_keys:
                    self._drop(*self._last.popitem(last=False))
            return {group: self._count.get(group, 0) for group in who.groups()}

    def _drop(self, key: tuple[str, str], value: tuple[float, bool]) -> None:
        if value[1]:
            left = self._count.get(key[0], 0) - 1
            if left > 0:
                self._count[key[0]] = left
            else:
                self._count.pop(key[0], None)

    def _forget(self, now: float) -> None:
        while self._last:
            key, value = next(iter(self._last.items()))
            if now - value[0] < self.window_s:
                break
            del self._last[key]
            self._drop(key, value)


class Allowance:
    """A student's bucket and their groups' buckets: an action is allowed only when every one has a token.

    A group's bucket grows with the students present in it (:class:`Presence`): each adds ``share`` of a student's
    burst and rate, up to ``class_size`` students, so a whole class behind one address and one account is served,
    while every session keeps its own student's bucket (one abusive session is limited like any student).
    """

    def __init__(self, student: RateLimiter, group: RateLimiter, *, share: float = limits.RATE_GROUP_SHARE,
                 class_size: int = limits.RATE_CLASS_SIZE, presence: Presence | None = None) -> None:
        self.student = student
        self.group = group
        self.share = share
        self.class_size = max(0, int(class_size))
        self.presence = presence or Presence(max_keys=student.max_keys, clock=student.clock)

    @classmethod
    def for_students(cls, student: RateLimiter, *, rate_factor: float = limits.RATE_GROUP_FACTOR,
                     burst_factor: float = limits.RATE_GROUP_BURST_FACTOR, share: float = limits.RATE_GROUP_SHARE,
                     class_size: int = limits.RATE_CLASS_SIZE) -> Allowance:
        """The group buckets sized from a student's: ``rate_factor`` times the rate, ``burst_factor`` the burst,
        growing by ``share`` of a student's for each student present (up to ``class_size``)."""
        group = RateLimiter(student.per_minute * rate_factor, max(1, round(student.burst * burst_factor)),
                            max_keys=student.max_keys, clock=student.clock)
        return cls(student, group, share=share, class_size=class_size)

    def scale(self, present: int) -> float:
        """The group bucket's size for ``present`` students, in multiples of its base size (at least 1)."""
        wanted = min(present, self.class_size) * self.share * self.student.burst
        return max(1.0, wanted / self.group.burst)

    @property
    def enabled(self) -> bool:
        return self.student.enabled

    def acquire(self, who: Who) -> None:
        """Take one token from each bucket of ``who``, or none and raise :class:`RateLimited`."""
        if not self.enabled:
            return
        present = self.presence.seen(who)
        self.student.acquire(who.student())
        taken: list[str] = []
        for key in who.groups():
            scale = self.scale(present.get(key, 0))
            wait = self.group.take(key, scale)
            if wait > 0:
                self.student.give_back(who.student())
                for done in taken:
                    self.group.give_back(done)
                raise RateLimited("rate_limited_group", seconds=max(1, math.ceil(wait)),
                                  per_minute=f"{self.group.per_minute * scale:g}")
            taken.append(key)

    def snapshot(self) -> dict[str, float | int]:
        return {**self.student.snapshot(), "group_per_minute": self.group.per_minute, "group_burst": self.group.burst,
                "group_refused": self.group.refused}


_PENDING = "pending:"


class QueueShare:
    """How many jobs each session, address and account has waiting or running; a new one only under every cap.

    ``reserve`` before the job joins the queue, ``bind`` the ticket to the job's id once it has one; a job counts
    for as long as ``alive(job_id)`` says so (Gradio's queue knows), so nothing has to report a job's end.

    The queue itself (``capacity`` places, Gradio's ``max_size``) is shared fairly: ``reserved`` places are kept
    for students whose address (and account) has nothing waiting, and each address or account may hold at most
    its share of the rest, a share that shrinks as more addresses wait (never below ``min_share``). So five
    addresses, each under its own caps, cannot fill the queue, and a student from elsewhere is served; a refusal
    is the app's message, in the page's language, never Gradio's English "Queue is full". (A session hash is the
    client's choice, so fairness is by address: a session with nothing waiting is no proof of a new student.)
    """

    def __init__(self, per_session: int = limits.QUEUE_PER_SESSION, per_group: int = limits.QUEUE_PER_ADDRESS,
                 sessionless: int = limits.QUEUE_PER_ADDRESS_SESSIONLESS, *, capacity: int = limits.QUEUE_MAX_SIZE,
                 reserved: int = limits.QUEUE_RESERVED, min_share: int = limits.QUEUE_MIN_SHARE) -> None:
        self.per_session, self.per_group, self.sessionless = per_session, per_group, sessionless
        self.capacity = max(1, int(capacity))
        self.reserved = min(max(0, int(reserved)), self.capacity - 1)
        self.min_share = max(1, int(min_share))
        self.refused = 0
        self._held: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    def _caps(self, who: Who) -> list[tuple[str, int]]:
        caps = [(who.student(), self.per_session)] if who.session else []
        caps += [(f"{g}|no-session", self.sessionless) for g in who.groups()] if not who.session else []
        return caps + [(g, self.per_group) for g in who.groups()]

    def _live(self, key: str, alive: Callable[[str], bool]) -> set[str]:
        held = {job for job in self._held.get(key, ()) if job.startswith(_PENDING) or alive(job)}
        if held:
            self._held[key] = held
        else:
            self._held.pop(key, None)
        return held

    def share(self, waiting_groups: int) -> int:
        """An address's (or account's) share of the unreserved queue when ``waiting_groups`` have jobs in it."""
        return max(self.min_share, (self.capacity - self.reserved) // max(1, waiting_groups))

    def reserve(self, who: Who, alive: Callable[[str], bool]) -> str:
        """A ticket for one more job of ``who``, or :class:`QueueCapped` when one of their caps is reached."""
        ticket = _PENDING + secrets.token_hex(8)
        with self._lock:
            caps = self._caps(who)
            own = [self._live(key, alive) for key, _ in caps]
            for (_key, cap), held in zip(caps, own, strict=True):
                if len(held) >= cap:
                    self.refused += 1
                    raise QueueCapped("queue_capped", held=len(held), cap=cap)
            groups = [(key, held) for (key, _), held in zip(caps, own, strict=True) if key in who.groups()]
            fresh = not any(held for _, held in groups)  # nothing waiting from this address (and account)
            total = self._live(_ALL, alive)
            if len(total) >= (self.capacity if fresh else self.capacity - self.reserved):
                self.refused += 1
                raise QueueCapped("queue_busy", waiting=len(total))
            # the unreserved places, shared by the addresses and accounts that have jobs waiting
            waiting = sum(1 for key in list(self._held)
                          if key.startswith(("ip:", "user:")) and "|" not in key and self._live(key, alive))
            for _, held in groups:
                share = self.share(waiting + (0 if held else 1))
                if len(held) >= share:
                    self.refused += 1
                    raise QueueCapped("queue_share", held=len(held), cap=share)
            for key, _ in caps:
                self._held.setdefault(key, set()).add(ticket)
            self._held.setdefault(_ALL, set()).add(ticket)
        return ticket

    def bind(self, ticket: str, job_id: str | None) -> None:
        """The reserved job got ``job_id`` (or, with None, never joined the queue: the ticket is returned)."""
        with self._lock:
            for key in list(self._held):
                held = self._held[key]
                if ticket in held:
                    held.discard(ticket)
                    if job_id:
                        held.add(job_id)
                    if not held:
                        del self._held[key]

    def held(self, key: str) -> int:
        return len(self._held.get(key, ()))


_ALL = "*"  # every job in the queue


@dataclass
class _Failures:
    count: int
    last: float


class LoginThrottle:
    """A growing wait after wrong passwords, per (address, user name), plus a looser one per address.

    The first ``free`` mistakes cost nothing; then each try must wait ``base_s``, 2×, 4×, ... up to ``max_wait_s``
    after the last mistake. A right password clears the count. Keys are (address, name), so one student's typos
    never lock out a classmate on the same school address typing another name, and nobody is ever locked out for
    good. The per-address count (any name) catches someone trying many names.
    """

    def __init__(self, free: int = limits.LOGIN_FREE_FAILURES, base_s: float = 1.0,
                 max_wait_s: float = limits.LOGIN_MAX_WAIT_S, address_free: int = limits.LOGIN_ADDRESS_FREE_FAILURES,
                 forget_s: float = 900.0, max_keys: int = limits.RATE_MAX_SESSIONS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.free, self.base_s, self.max_wait_s, self.address_free = free, base_s, max_wait_s, address_free
        self.forget_s, self.max_keys, self.clock = forget_s, max_keys, clock
        self.refused = 0
        self._failures: OrderedDict[tuple[str, str | None], _Failures] = OrderedDict()
        self._lock = threading.Lock()

    def _wait(self, key: tuple[str, str | None], free: int, now: float) -> float:
        found = self._failures.get(key)
        if found is None or found.count < free:
            return 0.0
        delay = min(self.max_wait_s, self.base_s * 2 ** (found.count - free))
        return max(0.0, found.last + delay - now)

    def wait(self, address: str, user: str) -> float:
        """Seconds before this address may try this name again (0.0: go ahead)."""
        with self._lock:
            now = self.clock()
            self._forget(now)
            wait = max(self._wait((address, user), self.free, now), self._wait((address, None), self.address_free, now))
            if wait > 0:
                self.refused += 1
            return wait

    def check(self, address: str, user: str) -> None:
        """Raise :class:`LoginThrottled` when this try must wait."""
        wait = self.wait(address, user)
        if wait > 0:
            raise LoginThrottled("login_throttled", seconds=max(1, math.ceil(wait)))

    def failed(self, address: str, user: str) -> None:
        with self._lock:
            now = self.clock()
            for key in ((address, user), (address, None)):
                found = self._failures.pop(key, None) or _Failures(0, now)
                found.count, found.last = found.count + 1, now
                self._failures[key] = found
            while len(self._failures) > self.max_keys:
                self._failures.popitem(last=False)

    def succeeded(self, address: str, user: str) -> None:
        with self._lock:
            self._failures.pop((address, user), None)

    def _forget(self, now: float) -> None:
        while self._failures:
            key, oldest = next(iter(self._failures.items()))
            if now - oldest.last < self.forget_s:
                break
            del self._failures[key]
