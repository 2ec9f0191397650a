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


class Allowance:
    """A student's bucket and their groups' buckets: an action is allowed only when every one has a token."""

    def __init__(self, student: RateLimiter, group: RateLimiter) -> None:
        self.student = student
        self.group = group

    @classmethod
    def for_students(cls, student: RateLimiter, *, rate_factor: float = limits.RATE_GROUP_FACTOR,
                     burst_factor: float = limits.RATE_GROUP_BURST_FACTOR) -> Allowance:
        """The group buckets sized from a student's: ``rate_factor`` times the rate, ``burst_factor`` the burst."""
        group = RateLimiter(student.per_minute * rate_factor, max(1, round(student.burst * burst_factor)),
                            max_keys=student.max_keys, clock=student.clock)
        return cls(student, group)

    @property
    def enabled(self) -> bool:
        return self.student.enabled

    def acquire(self, who: Who) -> None:
        """Take one token from each bucket of ``who``, or none and raise :class:`RateLimited`."""
        if not self.enabled:
            return
        self.student.acquire(who.student())
        taken: list[str] = []
        for key in who.groups():
            wait = self.group.take(key)
            if wait > 0:
                self.student.give_back(who.student())
                for done in taken:
                    self.group.give_back(done)
                raise RateLimited("rate_limited_group", seconds=max(1, math.ceil(wait)),
                                  per_minute=f"{self.group.per_minute:g}")
            taken.append(key)

    def snapshot(self) -> dict[str, float | int]:
        return {**self.student.snapshot(), "group_per_minute": self.group.per_minute, "group_burst": self.group.burst,
                "group_refused": self.group.refused}


_PENDING = "pending:"


class QueueShare:
    """How many jobs each session, address and account has waiting or running; a new one only under every cap.

    ``reserve`` before the job joins the queue, ``bind`` the ticket to the job's id once it has one; a job counts
    for as long as ``alive(job_id)`` says so (Gradio's queue knows), so nothing has to report a job's end.
    """

    def __init__(self, per_session: int = limits.QUEUE_PER_SESSION, per_group: int = limits.QUEUE_PER_ADDRESS,
                 sessionless: int = limits.QUEUE_PER_ADDRESS_SESSIONLESS) -> None:
        self.per_session, self.per_group, self.sessionless = per_session, per_group, sessionless
        self.refused = 0
        self._held: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    def _caps(self, who: Who) -> list[tuple[str, int]]:
        caps = [(who.student(), self.per_session)] if who.session else []
        caps += [(f"{g}|no-session", self.sessionless) for g in who.groups()] if not who.session else []
        return caps + [(g, self.per_group) for g in who.groups()]

    def reserve(self, who: Who, alive: Callable[[str], bool]) -> str:
        """A ticket for one more job of ``who``, or :class:`QueueCapped` when one of their caps is reached."""
        ticket = _PENDING + secrets.token_hex(8)
        with self._lock:
            caps = self._caps(who)
            for key, cap in caps:
                held = {job for job in self._held.get(key, ()) if job.startswith(_PENDING) or alive(job)}
                if held:
                    self._held[key] = held
                else:
                    self._held.pop(key, None)
                if len(held) >= cap:
                    self.refused += 1
                    raise QueueCapped("queue_capped", held=len(held), cap=cap)
            for key, _ in caps:
                self._held.setdefault(key, set()).add(ticket)
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
