"""One student must not lock out, stall or fill the class's server: fresh sessions and session-less calls, helper
events by fn_index, a full queue, password guessing, logout, run history, values read from an uploaded PNG, and
a rate check per event (paging through a table costs nothing). The app runs in-process on loopback;
every attack goes through HTTP (raw queue joins, ``/gradio_api/call/<api>``, ``gradio_client``) with fresh
sessions where the attacker would use them."""

from __future__ import annotations

import concurrent.futures
import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from conftest import launch, wait_until_no_generation
from playground import limits
from playground.classroom.fairuse import Allowance, LoginThrottle, QueueShare, Who, client_address
from playground.classroom.ratelimit import RateLimited, RateLimiter
from playground.data import local as data_local
from server import fairuse as server_fairuse
from server import login as server_login
from server.fairuse import Classroom

NSMC = "nsmc/ratings.tsv"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@contextmanager
def running_app(catalog, fairness: Classroom | None = None, *, secure: bool = True,
                throttle: LoginThrottle | None = None, max_queue: int = limits.QUEUE_MAX_SIZE,
                **options: Any) -> Iterator[Any]:
    from app import build_app
    from playground.device import detect
    from playground.engine import Engine
    from tabs.i18n import I18N

    demo = build_app(Engine(catalog, detect("cpu")), max_queue=max_queue, fairness=fairness)
    if secure:  # as app.main launches it
        options["app_kwargs"] = {"routes": server_login.login_routes(throttle)}
    launch(demo, prevent_thread_lock=True, quiet=True, i18n=I18N, max_threads=128, max_file_size="25mb",
           run_history=server_login.run_history(), **options)
    try:
        yield demo
    finally:
        demo.close()


def fn_ids(demo: Any, name: str) -> list[int]:
    return [i for i, fn in demo.fns.items() if fn.name == name or fn.api_name == name]


def join(url: str, fn_index: int, data: list[Any], session: str | None = None, timeout: float = 60) -> dict:
    """One event through the queue, as the browser sends it; returns the final message (or the refusal)."""
    session = session or secrets.token_hex(6)
    with httpx.Client(base_url=url, timeout=timeout) as http:
        joined = http.post("/gradio_api/queue/join", json={"data": data, "fn_index": fn_index, "session_hash": session,
                                                           "event_data": None, "trigger_id": None})
        if joined.status_code != 200:
            return {"msg": "http_error", "status": joined.status_code, "detail": joined.json().get("detail")}
        with http.stream("GET", "/gradio_api/queue/data", params={"session_hash": session}) as stream:
            for line in stream.iter_lines():
                if line.startswith("data:"):
                    message = json.loads(line[5:])
                    if message.get("msg") == "process_completed":
                        return message
    return {"msg": "no_answer"}


def refused(message: dict) -> str | None:
    """The error text of a refused or failed event, else None."""
    if message.get("msg") == "process_completed" and not message.get("success"):
        return str(message["output"].get("error"))
    return None


# -- who a request comes from ------------------------------------------------------------------------------------
def test_the_address_ignores_forwarded_headers_off_a_space_and_takes_the_platforms_on_one() -> None:
    assert client_address("127.0.0.1", "203.0.113.9", space=False) == "127.0.0.1"  # anyone can send the header
    assert client_address("10.16.3.80", "198.51.100.4, 8.8.8.8", space=True) == "8.8.8.8"  # rightmost public
    assert client_address("10.16.3.80", "8.8.4.4, 10.0.0.2", space=True) == "8.8.4.4"  # proxies' hops skipped
    assert client_address("10.16.3.80", "not-an-ip", space=True) == "10.16.3.80"
    assert Who("1.2.3.4", None, "s").student() == "ip:1.2.3.4|session:s"
    assert Who("1.2.3.4", "class", "s").groups() == ["ip:1.2.3.4", "user:class"]


def test_fresh_sessions_share_their_addresss_bucket_which_a_class_can_live_with() -> None:
    clock = Clock()
    pace = Allowance.for_students(RateLimiter(per_minute=60, burst=20, clock=clock))
    assert (pace.group.burst, pace.group.per_minute) == (60, 300)
    allowed = 0
    for _ in range(100):  # the attack: a new session each call, one address
        try:
            pace.acquire(Who("10.0.0.7", None, secrets.token_hex(4)))
            allowed += 1
        except RateLimited as exc:
            assert exc.key == "rate_limited_group" and "one address" in exc.message("en")
    assert allowed == 60
    pace.acquire(Who("10.0.0.8", None, "other-school"))  # another address is not affected
    clock.now += 60  # a minute later: a class of 30 behind the address, two actions each, all allowed
    for student in range(30):
        for _ in range(2):
            pace.acquire(Who("10.0.0.7", None, f"student{student}"))
    with pytest.raises(RateLimited):  # one student alone still has a student's allowance
        for _ in range(21):
            pace.acquire(Who("10.0.0.9", None, "eager"))


def test_a_refusal_by_the_address_gives_the_students_token_back() -> None:
    pace = Allowance.for_students(RateLimiter(per_minute=1, burst=2, clock=Clock()), burst_factor=1)
    pace.acquire(Who("a", None, "s1"))
    pace.acquire(Who("a", None, "s2"))
    with pytest.raises(RateLimited):
        pace.acquire(Who("a", None, "s1"))  # the address is empty; s1 keeps its second token
    pace.acquire(Who("b", None, "s1"))  # (same session name elsewhere: another student)
    assert pace.student.take("ip:a|session:s1") == 0.0


def test_queue_caps_per_session_per_address_and_for_sessionless_calls() -> None:
    share = QueueShare(per_session=2, per_group=3, sessionless=1)
    alive: set[str] = set()
    tickets = [share.reserve(Who("a", None, "s"), alive.__contains__) for _ in range(2)]
    with pytest.raises(Exception, match="already have 2"):
        share.reserve(Who("a", None, "s"), alive.__contains__)
    for n, ticket in enumerate(tickets):
        share.bind(ticket, f"job{n}")
        alive.add(f"job{n}")
    share.reserve(Who("a", None, "t"), alive.__contains__)  # a third session: the address has 3 now
    with pytest.raises(Exception, match="already have 3"):
        share.reserve(Who("a", None, "u"), alive.__contains__)
    alive.discard("job0")  # a job finished: its place is free again, nothing had to report it
    share.reserve(Who("a", None, "u"), alive.__contains__)
    share.reserve(Who("b", None, None), alive.__contains__)
    with pytest.raises(Exception, match="already have 1"):
        share.reserve(Who("b", None, None), alive.__contains__)  # session-less calls: a small cap per address


@pytest.mark.parametrize("order", ["student by student", "round by round"])
def test_a_class_behind_one_address_and_one_account_is_served(order: str) -> None:
    """A class of 30 on one school network, signed in with one class account, three quick requests each: the
    address's and account's buckets grow with the students present, so none is refused (before: 6 of 30, the
    group allowance was a fixed 3x one student's burst); a 31st session hammering is still limited by its own
    student's bucket, and the class's next requests still go through."""
    clock = Clock()
    pace = Allowance.for_students(RateLimiter(per_minute=60, burst=20, clock=clock))
    students = [Who("10.0.0.7", "class", f"student{n}") for n in range(30)]
    refused_count = 0
    steps = ([(who, r) for who in students for r in range(3)] if order == "student by student"
             else [(who, r) for r in range(3) for who in students])
    for who, _ in steps:
        try:
            pace.acquire(who)
        except RateLimited:
            refused_count += 1
    assert refused_count == 0
    eager = Who("10.0.0.7", "class", "eager")
    allowed = 0
    with pytest.raises(RateLimited) as limited:
        for _ in range(100):
            pace.acquire(eager)
            allowed += 1
    assert limited.value.key == "rate_limited" and allowed == 20  # its own bucket, not the class's
    for who in students[:10]:  # the hammering left the class room to work
        pace.acquire(who)


def test_fresh_sessions_do_not_grow_the_address_allowance() -> None:
    """A session counts as present only from its second action: a fresh session per request (the attack the
    address bucket is for) never grows the group, and the growth stops at the class size."""
    clock = Clock()
    pace = Allowance.for_students(RateLimiter(per_minute=60, burst=20, clock=clock), class_size=40)
    allowed = 0
    for _ in range(200):
        try:
            pace.acquire(Who("10.0.0.9", None, secrets.token_hex(4)))
            allowed += 1
        except RateLimited:
            pass
    assert allowed == 60
    assert pace.scale(1_000) == pace.scale(40) == pytest.approx(40 * 0.2 * 20 / 60)
    clock.now += limits.RATE_PRESENT_S + 1  # present students leave after a while: the group shrinks back
    assert pace.presence.seen(Who("10.0.0.9", None, "late")) == {"ip:10.0.0.9": 0}


def test_the_class_size_flag_reaches_every_allowance() -> None:
    """``python app.py --class-size 60``: a teacher with a larger class behind one address lets the group grow
    with up to 60 students present (main actions and helpers alike)."""
    from app import build_parser as parser

    args = parser().parse_args(["--class-size", "60"])
    fairness = server_fairuse.from_settings(args.rate_limit, args.rate_burst, class_size=args.class_size)
    assert fairness.pace is not None and fairness.helpers is not None
    assert fairness.pace.class_size == fairness.helpers.class_size == 60
    assert fairness.pace.scale(100) == pytest.approx(fairness.pace.scale(60))
    assert fairness.pace.scale(60) > fairness.pace.scale(40)
    assert parser().parse_args([]).class_size == limits.RATE_CLASS_SIZE


def test_five_addresses_cannot_fill_the_queue_and_a_fresh_student_is_served() -> None:
    """F6: 5 addresses x 16 sessions x 4 jobs, each under the per-session (4) and per-address (64) caps, filled
    Gradio's 256 places and another student was refused 60 of 70 times with an English "Queue is full". Now each
    address holds at most its share of the unreserved places, and a student whose address has nothing waiting is
    served (from a sixth address, 70 of 70), and a refusal is a message key with both languages."""
    share = QueueShare(capacity=256, reserved=32, min_share=8)
    alive: set[str] = set()
    placed = refusals = 0
    for address in range(5):
        for session in range(16):
            who = Who(f"10.0.{address}.1", None, f"a{address}s{session}")
            for job in range(4):
                try:
                    ticket = share.reserve(who, alive.__contains__)
                except Exception as exc:  # noqa: BLE001 - counted, and the message checked below
                    assert exc.key in ("queue_share", "queue_capped", "queue_busy"), exc.key
                    refusals += 1
                    continue
                share.bind(ticket, f"{who.session}-{job}")
                alive.add(f"{who.session}-{job}")
                placed += 1
    assert placed <= 256 - 32 + 5 and refusals > 0  # (an address's first job may use the reserve)
    served = 0
    for n in range(70):  # the other student, 70 tries, each answered (its place free again)
        ticket = share.reserve(Who("10.9.9.9", None, f"fresh{n}"), alive.__contains__)
        share.bind(ticket, None)
        served += 1
    assert served == 70
    with pytest.raises(Exception) as capped:  # more from a busy address: its share, in both languages
        share.reserve(Who("10.0.4.1", None, "a4s0-new"), alive.__contains__)
    assert capped.value.key in ("queue_share", "queue_busy")
    assert capped.value.message("ko") != capped.value.message("en")
    with pytest.raises(Exception) as busy:
        for n in range(300):  # fresh students with jobs that stay: the reserve is used, then the queue is full
            ticket = share.reserve(Who(f"10.8.{n}.1", None, f"x{n}"), alive.__contains__)
            share.bind(ticket, f"x{n}")
            alive.add(f"x{n}")
    assert busy.value.key == "queue_busy" and share.held("*") == 256
    assert "대기열" in busy.value.message("ko") and "queue is full" in busy.value.message("en")


def test_five_addresses_over_http_cannot_fill_the_queue(catalog, held_answers) -> None:
    """F6 as the attack ran it, over HTTP and scaled down (a queue of 40 places, 8 of them reserved): one chat
    holds the only generation slot; five addresses (127.0.0.2-6 on loopback) x 4 sessions x 4 chats ask to wait.
    The queue takes its unreserved places and one reserved place per newcomer address from them and refuses the
    rest at once, with the app's message in both languages (never Gradio's "Queue is full"); a student from a
    sixth address is still served."""
    fairness = Classroom(concurrency={"gpu": 1, "cpu": 8, "bulk": 1},
                         queue=QueueShare(capacity=40, reserved=8, min_share=2))

    def http(address: str) -> httpx.Client:
        return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=60)

    def chat(client: httpx.Client, session: str) -> str:
        data = ["오래 기다려요", [], "", "", 0, 0.9, 64, 1.0]  # message, history, model, system, sampling, tokens
        answer = client.post(f"{url}/gradio_api/call/chat", json={"data": data, "session_hash": session})
        assert answer.status_code == 200, answer.text  # never Gradio's 503 "Queue is full"
        return answer.json()["event_id"]

    with running_app(catalog, fairness, max_queue=40) as demo:
        url = demo.local_url.rstrip("/")
        holder = http("127.0.0.9")
        chat(holder, "holder")
        assert held_answers.holding.wait(60)  # the only generation slot is taken, and stays taken
        clients = {f"127.0.0.{n}": http(f"127.0.0.{n}") for n in range(2, 7)}
        events = [(client, chat(client, f"{address}-s{session}"))
                  for address, client in clients.items() for session in range(4) for _ in range(4)]
        refused = fairness.queue.refused
        assert 0 < refused and len(events) - refused + 1 <= 40 - 8 + 5  # the shared places (the holder's among
        # them), and at most one reserved place for each address that came when the shared part was full
        newcomer = http("127.0.0.8")
        chat(newcomer, "newcomer")  # a student from a sixth address: a place in the queue, not a refusal
        assert fairness.queue.refused == refused
        client, last = events[-1]  # the fifth address's last chat: refused, and answered at once
        with client.stream("GET", f"{url}/gradio_api/call/chat/{last}") as stream:
            lines = stream.iter_lines()
            assert next(lines) == "event: error"
            refusal = json.loads(next(lines).removeprefix("data: "))["error"]
        assert "Queue is full" not in refusal and "queue" in refusal.lower()
        assert any("\uac00" <= ch <= "\ud7a3" for ch in refusal)  # both languages: this client stated none
        fresh = Client(url, verbose=False)  # a student from elsewhere (the test's own address): served at once
        assert fresh.predict("좋아요", api_name="/sentiment")["label"]
        fresh.close()
        for client in [holder, newcomer, *clients.values()]:
            client.close()
    held_answers.set()  # the app is closed: the holder's answer runs to its end, and nothing else starts
    assert wait_until_no_generation()


def test_wrong_passwords_cost_a_growing_wait_per_name_and_address_never_a_lockout() -> None:
    clock = Clock()
    throttle = LoginThrottle(free=5, max_wait_s=30, address_free=30, clock=clock)
    for _ in range(5):
        assert throttle.wait("school", "class") == 0.0
        throttle.failed("school", "class")
    assert throttle.wait("school", "class") == pytest.approx(1.0)
    assert throttle.wait("school", "student02") == 0.0  # a classmate on the same address types another name
    assert throttle.wait("home", "class") == 0.0  # the same name from another address
    waits = []
    for _ in range(8):
        clock.now += throttle.wait("school", "class")
        throttle.failed("school", "class")
        waits.append(throttle.wait("school", "class"))
    assert waits == [2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0, 30.0]  # capped at 30 s
    clock.now += 30
    throttle.succeeded("school", "class")
    assert throttle.wait("school", "class") == 0.0
    with pytest.raises(Exception, match="Wait"):
        for name in range(40):  # many names from one address: the address's own count catches it
            throttle.check("spray", f"user{name}")
            throttle.failed("spray", f"user{name}")


# -- the rate check belongs to the event: paging through a table costs nothing -------------------------------
@pytest.fixture
def data(tmp_path: Path):
    root = tmp_path / "data"
    (root / "nsmc").mkdir(parents=True)
    rows = "".join(f"{n}\t리뷰 {n} 재미있어요\t{n % 2}\n" for n in range(200))
    (root / NSMC).write_text("id\tdocument\tlabel\n" + rows, encoding="utf-8")
    data_local.set_data_dir(root)
    yield root
    data_local.set_data_dir(None)


def test_paging_costs_nothing_and_open_costs_one(catalog, data: Path) -> None:
    fairness = Classroom(limiter=RateLimiter(per_minute=0.01, burst=3))  # three main actions, no refill
    with running_app(catalog, fairness) as demo:
        url = demo.local_url.rstrip("/")
        session = secrets.token_hex(6)
        rows = [NSMC, None, None, 1, 20, "", "", "=", ""]
        info = fn_ids(demo, "dataset_info")[0]  # the "Open" button (an API endpoint)
        assert refused(join(url, info, [NSMC, None, None], session)) is None  # 1 token
        # what "Open" runs next, and a page-size change (a new search also runs first_rows, as a main action)
        first_page = [i for i in fn_ids(demo, "first_rows") if i not in fairness.main_fns]
        paging = fn_ids(demo, "previous_rows") + fn_ids(demo, "next_rows")  # Previous / Next
        assert first_page and len(paging) == 2
        for fn in [*first_page, *paging * 3]:
            assert refused(join(url, fn, rows, session)) is None
        api_rows = fn_ids(demo, "dataset_rows")[0]
        assert refused(join(url, api_rows, rows, session)) is None  # 2
        assert refused(join(url, api_rows, rows, session)) is None  # 3
        assert "Too many requests" in (refused(join(url, api_rows, rows, session)) or "")
        assert fairness.limiter is not None and fairness.limiter.refused == 1


# -- fresh sessions, /gradio_api/call, and helpers by fn_index ---------------------------------------------------
def test_fresh_sessions_and_session_less_calls_are_limited_by_address(catalog) -> None:
    fairness = server_fairuse.from_settings(rate_limit=0.06, rate_burst=2)  # the address: burst 6, no refill
    with running_app(catalog, fairness) as demo:
        url = demo.local_url.rstrip("/")
        outcomes = []
        for _ in range(6):  # raw HTTP: /gradio_api/call makes a new session for every call
            posted = httpx.post(f"{url}/gradio_api/call/sentiment", json={"data": ["좋아요", "auto"]}, timeout=60)
            result = httpx.get(f"{url}/gradio_api/call/sentiment/{posted.json()['event_id']}", timeout=60).text
            outcomes.append("event: error" in result)
        for _ in range(4):  # gradio_client: a new client (a new session) for every call
            client = Client(url, verbose=False)
            try:
                client.predict("좋아요", api_name="/sentiment")
                outcomes.append(False)
            except AppError as exc:
                assert "one address" in str(exc) and "같은 네트워크" in str(exc)
                outcomes.append(True)
            finally:
                client.close()
        assert outcomes.count(False) == 6 and outcomes.count(True) == 4


def test_helper_events_reached_by_fn_index_are_paced_too(catalog) -> None:
    helpers = Allowance.for_students(RateLimiter(per_minute=0.01, burst=5))  # the address: 15
    fairness = Classroom(helpers=helpers)
    with running_app(catalog, fairness) as demo:
        url = demo.local_url.rstrip("/")
        refresh = next(i for i, fn in demo.fns.items()  # a helper outside the queue (the page fills on load)
                       if fn.name in ("<lambda>", "fill") and not fn.queue and not fn.inputs)
        codes = []
        with httpx.Client(base_url=url, timeout=30) as http:
            for _ in range(25):  # outside the queue, a fresh session each time
                answer = http.post("/gradio_api/run/predict", json={"data": [], "fn_index": refresh,
                                                                     "session_hash": secrets.token_hex(6)})
                codes.append(answer.status_code)
                if answer.status_code != 200:
                    assert "Too many requests" in answer.json()["error"]
        assert codes.count(200) == 15 and len(codes) == 25
        stops = [fn for fn in demo.fns.values() if fn.cancels]
        assert stops and not any(getattr(fn.fn, "paced_event", False) for fn in stops)  # Stop is never refused
        picker = fn_ids(demo, "pick_columns")  # a queued helper (the column picker) by fn_index
        if picker:
            message = join(url, picker[0], [None], secrets.token_hex(6))
            assert "Too many requests" in (refused(message) or "")


def test_the_rest_routes_that_skip_the_queue_are_closed(catalog) -> None:
    with running_app(catalog, Classroom()) as demo:
        url = demo.local_url.rstrip("/")
        answer = httpx.post(f"{url}/gradio_api/run/sentiment", json={"data": ["좋아요"]}, timeout=30)
        assert answer.status_code == 404 and "join the queue" in answer.text


# -- one client cannot fill the queue ------------------------------------------------------------------------------
def test_one_student_cannot_fill_the_queue(catalog) -> None:
    fairness = Classroom(concurrency={"gpu": 1, "cpu": 8, "bulk": 1}, queue=QueueShare(per_session=2, per_group=4,
                                                                                        sessionless=2))
    long_chat = {"max_new_tokens": 400, "temperature": 0}
    with running_app(catalog, fairness) as demo:
        url = demo.local_url.rstrip("/")
        client = Client(url, verbose=False)
        jobs = [client.submit("세 번 보냅니다", api_name="/chat", **long_chat) for _ in range(3)]
        concurrent.futures.wait([job.future for job in jobs], timeout=60,
                                return_when=concurrent.futures.FIRST_COMPLETED)
        done = [job for job in jobs if job.done()]
        assert len(done) == 1, "two long chats run or wait; the third is answered at once"
        with pytest.raises(AppError) as caught:
            done[0].result()
        assert "already have 2" in str(caught.value) and "이미 2개" in str(caught.value)
        ids = []
        for _ in range(3):  # session-less calls from the same address: two more at most
            ids.append(httpx.post(f"{url}/gradio_api/call/chat", json={"data": ["hi", [], "", "", 0, 0.9, 400]},
                                  timeout=30).json()["event_id"])
        third = httpx.get(f"{url}/gradio_api/call/chat/{ids[2]}", timeout=30).text  # answered, not queued
        assert "event: error" in third and "already have" in third
        other = Client(url, verbose=False)  # the address holds 4 now (the cap): another session is refused too
        with pytest.raises(AppError, match="already have 4"):
            other.submit("hello", api_name="/chat", **long_chat).result(timeout=30)
        for job in jobs:
            job.cancel()
        client.close()
        other.close()


# -- password guessing -----------------------------------------------------------------------------------------
def test_password_guessing_waits_and_a_classmate_can_still_log_in(catalog) -> None:
    accounts = [("class", "s3cret"), ("teacher", "t3acher")]
    clock = Clock()  # the throttle's own clock: the test moves it, no waiting and no race with a busy machine
    throttle = LoginThrottle(base_s=3.0, clock=clock)
    with running_app(catalog, Classroom(), auth=accounts, throttle=throttle) as demo, httpx.Client() as http:
        url = demo.local_url.rstrip("/")
        codes = [http.post(f"{url}/login", data={"username": "class", "password": f"guess{n}"}).status_code
                 for n in range(30)]
        assert codes[:5] == [400] * 5 and set(codes[5:]) == {429}  # after five mistakes every try must wait
        throttled = httpx.post(f"{url}/login", data={"username": "class", "password": "s3cret"})
        assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) >= 1
        assert "Wait" in throttled.json()["detail"] and "기다린 뒤" in throttled.json()["detail"]
        assert httpx.post(f"{url}/login", data={"username": "teacher", "password": "t3acher"}).status_code == 200
        clock.now += 3.1  # the first wait, counted from the fifth mistake, has passed
        assert httpx.post(f"{url}/login", data={"username": "class", "password": "s3cret"}).status_code == 200
        assert throttle.refused >= 26


# -- logout ends only the asking session ----------------------------------------------------------------------
def test_logout_ends_only_this_session_and_needs_a_same_origin_post(catalog) -> None:
    with running_app(catalog, Classroom(), secure=False, auth=[("class", "s3cret")]) as demo:
        server_login.secure_routes(demo)  # the same routes, put in front of a running app's
        url = demo.local_url.rstrip("/")
        students = [httpx.Client(base_url=url, timeout=30) for _ in range(2)]
        try:
            for student in students:
                assert student.post("/login", data={"username": "class", "password": "s3cret"}).status_code == 200
                assert student.get("/gradio_api/login_check").status_code == 200
            a, b = students
            page = a.get("/logout")  # what an image in Markdown would do
            assert page.status_code == 200 and "<form method=\"post\"" in page.text
            assert a.get("/gradio_api/login_check").status_code == 200
            assert a.post("/logout", headers={"origin": "http://evil.example"}).status_code == 403
            assert a.get("/gradio_api/login_check").status_code == 200
            bye = a.post("/logout", headers={"origin": url})
            assert bye.status_code == 302
            assert a.get("/gradio_api/login_check").status_code == 401
            assert b.get("/gradio_api/login_check").status_code == 200  # the classmate on the account stays in
        finally:
            for student in students:
                student.close()


# -- run history --------------------------------------------------------------------------------------------------
def test_run_history_routes_are_off_unless_a_teacher_opts_in(catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_" + "Q" * 30)
    monkeypatch.delenv(server_login.RUN_HISTORY_ENV, raising=False)
    assert server_login.run_history() is False
    with running_app(catalog, Classroom()) as demo:
        url = demo.local_url.rstrip("/")
        for method, path in (("GET", "/gradio_api/run-history/buckets"), ("GET", "/gradio_api/run-history/records"),
                             ("POST", "/gradio_api/run-history/connect"), ("GET", "/gradio_api/runs")):
            answer = httpx.request(method, url + path, params={"bucket": "x/y"}, json={"bucket_id": "x/y"})
            assert answer.status_code == 404, path
        assert not [r for r in demo.server_app.routes if "run-history" in getattr(r, "path", "")]
    monkeypatch.setenv(server_login.RUN_HISTORY_ENV, "true")
    assert server_login.run_history() is True


# -- values read from an uploaded PNG are shown, never rendered --------------------------------------------------
def test_a_png_s_model_id_is_printed_as_text(catalog, tmp_path: Path) -> None:
    from PIL import Image

    from app import build_app
    from playground.device import detect
    from playground.engine import Engine
    from playground.tasks import image_png

    engine = Engine(catalog, detect("cpu"))
    if not engine.choices("image"):
        pytest.skip("no image model in the tiny catalog")
    demo = build_app(engine)
    evil = "![x](http://127.0.0.1:9/logout) <img src=x onerror=alert(1)> **bold**"
    settings = {"model": evil, "prompt": "a cat", "negative_prompt": "", "seed": 7, "steps": 2, "guidance": 0.0,
                "width": 64, "height": 64}
    path = image_png.save_png(Image.new("RGB", (8, 8)), settings, tmp_path / "evil.png")
    reuse = next(fn for fn in demo.fns.values() if fn.name == "reuse")
    notes = reuse.fn(str(path), engine.default_choice("image"))[reuse.outputs[-1]]  # {component: value}
    assert "![" not in notes and "](" not in notes and "<img" not in notes and "**" not in notes
    assert "logout" in notes and "alert" in notes  # still readable, as text


# -- the refusal in the real page -----------------------------------------------------------------------------
@pytest.mark.browser
def test_a_refused_click_shows_the_message_and_keeps_the_text(browser, catalog) -> None:
    from conftest import open_app

    fairness = Classroom(limiter=RateLimiter(per_minute=0.01, burst=1))  # one action, then a refusal
    with running_app(catalog, fairness) as demo:
        context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 1000})
        page = context.new_page()
        try:
            open_app(page, demo.local_url)
            page.get_by_role("tab", name="Sentiment").click()
            box = page.get_by_label("Text", exact=True)
            box.fill("이 영화 최고예요")
            page.get_by_role("button", name="Analyze", exact=True).click()
            page.wait_for_function(  # the result itself (the tab's description also says "positive or negative")
                "() => [...document.querySelectorAll('.output-class, [data-testid=\"label\"] h2')]"
                ".some(e => /negative|positive/.test(e.textContent))", timeout=60_000)
            page.get_by_role("button", name="Analyze", exact=True).click()
            page.get_by_text("Too many requests").first.wait_for(timeout=30_000)
            assert box.input_value() == "이 영화 최고예요"
            assert fairness.limiter is not None and fairness.limiter.refused == 1
        finally:
            context.close()
