"""The teacher's class controls through the API and MCP: a paused tab refuses a student's new runs,
whoever sends them, and accepts them again after resume; only the teacher may pause, resume or clear the queue
(the server checks); clearing the queue answers each waiting student; the waiting list counts per tab and student.

The app here has two logins, as ``python app.py --auth teacher:... --auth-file students.txt`` would: the first is
the teacher."""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
from collections.abc import Iterator

import pytest

from conftest import held_line, launch, waiting_jobs

TEACHER = ("teacher", "teacher-pw-123")
STUDENT = ("student", "student-pw-456")
PAUSED_EN, PAUSED_KO = "Your teacher has paused this tab", "선생님이 이 탭을 잠시 멈췄습니다"
CLASS_EN = "Your teacher has paused the playground for the whole class"


@pytest.fixture(scope="module")
def demo(catalog) -> Iterator[object]:
    from app import build_app, launch_options
    from playground import limits
    from playground.device import detect
    from playground.engine import Engine
    from server import mcp

    app = build_app(Engine(catalog, detect("cpu")))
    launch(app, quiet=True, max_file_size=limits.UPLOAD_MAX_SIZE,
           auth=[TEACHER, STUDENT], mcp_server=True, **launch_options())
    assert mcp.protect(app, [TEACHER, STUDENT])
    try:
        yield app
    finally:
        app.close()


@pytest.fixture(scope="module")
def clients(demo) -> Iterator[dict[str, object]]:
    from gradio_client import Client

    made = {name: Client(demo.local_url, auth=account, verbose=False)
            for name, account in (("teacher", TEACHER), ("student", STUDENT))}
    yield made
    for client in made.values():
        client.close()


@pytest.fixture(autouse=True)
def resumed(demo) -> Iterator[None]:
    """Every test starts and ends with nothing paused."""
    from server.fairuse import classroom_of

    classroom_of(demo).desk.resume(None)
    yield
    classroom_of(demo).desk.resume(None)


def mcp_call(demo, account: tuple[str, str], tool: str, arguments: dict) -> tuple[bool, str]:
    """One MCP tool call with the official SDK's client, logged in as ``account`` (HTTP Basic)."""
    import httpx
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    basic = "Basic " + base64.b64encode(f"{account[0]}:{account[1]}".encode()).decode()
    url = demo.local_url.rstrip("/") + "/gradio_api/mcp/"

    async def run() -> tuple[bool, str]:
        async with httpx.AsyncClient(headers={"Authorization": basic}, timeout=120) as http, \
                streamable_http_client(url, http_client=http) as (read, write, _), \
                ClientSession(read, write) as session:
            await session.initialize()
            result = await session.call_tool(tool, arguments)
            return result.isError, "\n".join(getattr(c, "text", "") for c in result.content)

    # In a thread of its own: the browser tests' Playwright keeps an event loop running in the main thread.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run()).result()


def test_every_main_action_knows_its_tab(demo) -> None:
    from playground.registry import BY_ID
    from server.fairuse import classroom_of

    classroom = classroom_of(demo)
    assert classroom.main_fns
    missing = [demo.fns[i].api_name for i in classroom.main_fns if i not in classroom.tabs]
    assert not missing
    by_name = {demo.fns[i].api_name: classroom.tabs[i] for i in classroom.main_fns}
    for task in BY_ID.values():
        for endpoint in task.endpoints:
            if endpoint in by_name:
                assert by_name[endpoint] == task.id, endpoint
    assert by_name["sentiment"] == "sentiment" and by_name["chat"] == "chat" and by_name["tokens"] == "tokens"
    assert by_name["summarise"] == "summarize"  # the page's own button, chained after its "running" step


def test_a_student_cannot_pause_resume_clear_or_list(demo, clients) -> None:
    from gradio_client.exceptions import AppError

    from server.fairuse import classroom_of

    student = clients["student"]
    for api, args in (("/teacher_pause", ("*",)), ("/teacher_pause", ("chat",)), ("/teacher_resume", ("*",)),
                      ("/teacher_clear_queue", ()), ("/teacher_waiting", ())):
        with pytest.raises(AppError, match="Only the teacher can do this"):
            student.predict(*args, api_name=api)
    assert classroom_of(demo).desk.state() == {"everything": False, "tabs": []}


def test_a_paused_tab_refuses_a_students_runs_through_the_api_and_mcp_until_resumed(demo, clients) -> None:
    from gradio_client.exceptions import AppError

    teacher, student = clients["teacher"], clients["student"]
    state, _ = teacher.predict("sentiment", api_name="/teacher_pause")
    assert "Sentiment" in state
    with pytest.raises(AppError) as refused:
        student.predict("정말 재밌어요", api_name="/sentiment")
    assert PAUSED_EN in str(refused.value) and PAUSED_KO in str(refused.value)  # no language stated: both
    failed, text = mcp_call(demo, STUDENT, "sentiment", {"text": "정말 재밌어요"})
    assert failed and PAUSED_EN in text
    assert student.predict("hello", api_name="/tokens")  # the other tabs run
    assert not mcp_call(demo, STUDENT, "tokens", {"text": "hello"})[0]
    assert teacher.predict("정말 재밌어요", api_name="/sentiment")  # the teacher's own runs go on

    state, _ = teacher.predict("sentiment", api_name="/teacher_resume")
    assert "Every tab runs" in state
    assert student.predict("정말 재밌어요", api_name="/sentiment")
    failed, text = mcp_call(demo, STUDENT, "sentiment", {"text": "정말 재밌어요"})
    assert not failed, text


def test_pausing_the_whole_class_refuses_every_tab_until_resumed(demo, clients) -> None:
    from gradio_client.exceptions import AppError

    teacher, student = clients["teacher"], clients["student"]
    state, _ = teacher.predict("*", api_name="/teacher_pause")
    assert "whole class" in state
    for api, text in (("/tokens", "hello"), ("/sentiment", "좋아요")):
        with pytest.raises(AppError, match=CLASS_EN):
            student.predict(text, api_name=api)
    failed, text = mcp_call(demo, STUDENT, "tokens", {"text": "hello"})
    assert failed and CLASS_EN in text
    teacher.predict("*", api_name="/teacher_resume")
    assert student.predict("hello", api_name="/tokens")


def test_clear_queue_takes_out_the_students_waiting_jobs_and_the_list_counts_them(demo, clients) -> None:
    """The CPU line is held (counted as busy far past its limit, a test-only hold) so the jobs stay waiting; the list
    shows them per tab and student; clearing answers the student's with why, and keeps the teacher's."""
    from gradio_client.exceptions import AppError

    from server.fairuse import jobs

    teacher, student = clients["teacher"], clients["student"]
    with held_line(demo, "sentiment"):
        theirs = [student.submit(f"좋아요 {i}", api_name="/sentiment") for i in range(2)]
        mine = teacher.submit("좋아요", api_name="/sentiment")
        waiting_jobs(demo, 3, tab="sentiment")
        listed = teacher.predict(api_name="/teacher_waiting")
        assert "| Sentiment | 3 | 0 |" in listed, listed
        assert listed.count("| student | Sentiment | waiting |") == 2 and "you (teacher)" in listed

        cleared = teacher.predict(api_name="/teacher_clear_queue")
        assert "2 waiting requests" in cleared, cleared
        for job in theirs:
            with pytest.raises(AppError, match="Your teacher cleared the class's queue"):
                job.result(timeout=60)
        assert [j.student for j in jobs(demo) if not j.running] == ["teacher"]
    assert mine.result(timeout=60)  # the teacher's own job was kept, and runs once the line moves


def test_the_panels_text_is_one_language_at_a_time() -> None:
    from server.fairuse import Job
    from tabs.classroom import render_paused, render_waiting

    found = [Job("chat", "student01", 75.0, False, False), Job("", "#ab12cd", 3.0, True, False),
             Job("chat", "teacher", 2.0, True, True)]
    ko = render_waiting(found, "ko")
    assert "| 채팅 | 1 | 1 | 1분 15초 |" in ko and "| 기타 | 0 | 1 | 3초 |" in ko
    assert "| 선생님 | 채팅 | 실행 중 |" in ko
    en = render_waiting(found, "en")
    assert "| Chat | 1 | 1 | 1 min 15 s |" in en and "| student01 | Chat | waiting | 1 min 15 s |" in en
    assert "Nobody is waiting" in render_waiting([], "en") and "요청이 없습니다" in render_waiting([], "ko")
    assert "멈춘 탭: 채팅, 이미지" in render_paused({"everything": False, "tabs": ["chat", "image"]}, "ko")
    assert "whole class" in render_paused({"everything": True, "tabs": []}, "en")


def test_who_is_the_teacher() -> None:
    from playground.classroom.teacher import is_teacher, teacher_account

    accounts = [("teacher", "a"), ("student01", "b")]
    assert teacher_account(accounts) == "teacher" and teacher_account(("ms_kim", "pw")) == "ms_kim"
    assert is_teacher("teacher", "10.0.0.9", auth=accounts, shared=True)
    assert not is_teacher("student01", "127.0.0.1", auth=accounts, shared=False)  # a login decides, not the address
    assert is_teacher(None, "127.0.0.1", auth=None, shared=False)  # no login: the computer that runs the app
    assert not is_teacher(None, "127.0.0.1", auth=None, shared=True)  # ... unless a public link comes through it
    assert not is_teacher(None, "10.0.0.7", auth=None, shared=False)  # a student on the same Wi-Fi
    assert is_teacher("hf:kim", "10.0.0.9", auth=None, shared=False, space_id="kim/playground")
    assert not is_teacher("hf:lee", "127.0.0.1", auth=None, shared=False, space_id="kim/playground")
    assert not is_teacher("anyone", "127.0.0.1", auth=lambda u, p: True, shared=False)


def test_the_desk_is_safe_from_many_threads_and_the_refusal_names_the_case() -> None:
    import threading

    from playground.classroom.teacher import Paused, TeacherDesk

    desk = TeacherDesk()
    workers = [threading.Thread(target=lambda i=i: [desk.pause(f"t{i}"), desk.resume(f"t{i}")]) for i in range(32)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert desk.state() == {"everything": False, "tabs": []}
    desk.pause("chat")
    with pytest.raises(Paused) as found:
        desk.check("chat")
    assert found.value.key == "tab_paused" and "선생님이 이 탭을 잠시 멈췄습니다" in found.value.message("ko")
    desk.check("image")
    desk.pause(None)
    with pytest.raises(Paused, match="whole class"):
        desk.check("image")
    desk.resume(None)
    assert desk.state() == {"everything": False, "tabs": []}

