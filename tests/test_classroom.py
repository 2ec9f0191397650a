"""Classroom features without a running server: rate limiter, accounts, token redaction, links and QR codes,
concurrency per resource, the launch settings, and the limits table in the README."""

from __future__ import annotations

import ast
import logging
import re
import sys
import threading
from pathlib import Path

import gradio as gr
import httpx
import pytest
from gradio.context import LocalContext

from conftest import ROOT, cancel_job, drain, launch, run_async
from playground import limits, limits_table
from playground.catalog import parse_catalog
from playground.classroom import redaction, sharing
from playground.classroom.accounts import AccountsError, accounts_from, parse_account, read_accounts
from playground.classroom.ratelimit import RateLimited, RateLimiter, client_key
from playground.device import Placement
from playground.errors import CatalogError
from playground.tasks import chat
from server import fairuse as server_fairuse
from server import login as server_login
from server import share as server_share
from server.fairuse import Classroom, use_classroom
from tabs import classroom
from tabs.common import reports_errors, resource, to_gr_error

FAKE_TOKEN = "hf_" + "Abc123" * 6  # the shape of a real token, not a real one


# -- rate limiter ------------------------------------------------------------------------------------------
class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_is_allowed_then_the_limiter_says_how_long_to_wait() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=30, burst=3, clock=clock)
    assert [limiter.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.take("a") == pytest.approx(2.0)  # 30 a minute: one token every 2 s
    clock.now += 1.0
    assert limiter.take("a") == pytest.approx(1.0)  # a refused request takes nothing
    clock.now += 1.0
    assert limiter.take("a") == 0.0
    assert limiter.take("b") == 0.0  # another student has their own bucket
    assert limiter.refused == 2


def test_refusal_is_a_bilingual_message_with_whole_seconds() -> None:
    limiter = RateLimiter(per_minute=6, burst=1, clock=Clock())
    limiter.acquire("a")
    with pytest.raises(RateLimited) as caught:
        limiter.acquire("a")
    assert caught.value.params["seconds"] == 10
    assert "Wait 10 s" in caught.value.message("en") and "10초" in caught.value.message("ko")
    assert "6 per minute" in caught.value.message("en")


def test_zero_turns_the_limit_off() -> None:
    limiter = RateLimiter(per_minute=0, burst=1)
    assert not limiter.enabled
    assert all(limiter.take("a") == 0.0 for _ in range(1000))
    assert len(limiter) == 0


def test_memory_stays_flat_idle_buckets_are_forgotten_and_the_count_is_capped() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=10, max_keys=100, clock=clock)
    for i in range(1000):
        limiter.take(f"s{i}")
    assert len(limiter) == 100  # the least recently used went first
    clock.now += limiter.refill_s + 0.1  # everyone idle for a full refill: their buckets are full again
    limiter.take("new")
    assert len(limiter) == 1


def test_the_limiter_is_thread_safe() -> None:
    limiter = RateLimiter(per_minute=1, burst=50)  # no refill to speak of during the test
    allowed: list[float] = []

    def hammer() -> None:
        allowed.extend(w for w in (limiter.take("same") for _ in range(20)) if w == 0.0)

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(allowed) == 50


def test_client_key_prefers_the_session() -> None:
    assert client_key("abc", "10.0.0.7") == "session:abc"
    assert client_key(None, "10.0.0.7") == "ip:10.0.0.7"
    assert client_key("", None) == "ip:unknown"


# -- reports_errors: main actions are limited, helpers are not ------------------------------------------------
def FakeRequest(session_hash: str) -> gr.Request:  # noqa: N802 - reads like the class it builds
    return gr.Request(session_hash=session_hash, headers={"accept-language": "ko-KR"})


@pytest.fixture
def limited_blocks():
    """A Blocks whose classroom allows two actions, set as the running app (as Gradio does for a handler)."""
    with gr.Blocks() as demo:
        use_classroom(demo, Classroom(limiter=RateLimiter(per_minute=1, burst=2)))
    token = LocalContext.blocks.set(demo)
    yield demo
    LocalContext.blocks.reset(token)


def test_main_actions_take_from_the_allowance_helpers_do_not(limited_blocks) -> None:
    calls: list[str] = []

    @reports_errors(action=True)
    def analyse(text: str, request: gr.Request = None) -> str:
        calls.append(text)
        return text.upper()

    @reports_errors(action=False)
    def show_code(text: str) -> str:
        return f"print({text!r})"

    request = FakeRequest("student-1")
    assert analyse("a", request=request) == "A"
    assert [show_code("x") for _ in range(10)]  # helpers are never refused
    assert analyse("b", request=request) == "B"
    with pytest.raises(gr.Error) as caught:
        analyse("c", request=request)
    assert calls == ["a", "b"]  # the refused call never ran
    assert "초 기다린 뒤" in caught.value.message.splitlines()[0]  # a Korean browser reads Korean first
    assert analyse("d", request=FakeRequest("student-2")) == "D"  # the next student is not affected


def test_a_streaming_action_is_charged_once_before_its_first_output(limited_blocks) -> None:
    @reports_errors(action=True)
    def stream(text: str, request: gr.Request = None):
        yield from text

    request = FakeRequest("streamer")
    assert drain(stream("abcdef", request=request)) == list("abcdef")  # six outputs, one token
    assert drain(stream("xy", request=request)) == ["x", "y"]
    refused = stream("late", request=request)
    with pytest.raises(gr.Error):
        run_async(anext(refused))  # refused before anything reaches the page: the inputs are untouched


def test_a_job_cancelled_in_its_first_step_ends_its_run() -> None:
    """Gradio closes a cancelled job's generator only once it has yielded. Cancelled during its first step (a
    model loading, a ZeroGPU worker on its first chunk), the run's stop switch is set at once and the generator
    is closed as soon as that step returns: its ``finally`` runs, and its second step never does."""
    from gradio_client import Client

    from tabs.common import SessionStops

    stops = SessionStops()
    entered, go_on, closed = threading.Event(), threading.Event(), threading.Event()
    switches: list[threading.Event] = []
    steps: list[str] = []

    @reports_errors(action=False)
    def slow(text: str, request: gr.Request = None):
        stop = stops.start(request)
        switches.append(stop)
        try:
            entered.set()
            go_on.wait(30)  # the first step, held until the test lets it go
            steps.append("first")
            yield text
            steps.append("second")
            yield text * 2
        finally:
            stops.release(request, stop)
            closed.set()

    with gr.Blocks() as demo:
        box, out = gr.Textbox(), gr.Textbox()
        gr.Button().click(slow, box, out, api_name="slow")
    launch(demo, prevent_thread_lock=True, quiet=True)
    client = Client(demo.local_url, verbose=False)
    try:
        job = client.submit("hi", api_name="/slow")
        assert entered.wait(30)
        cancel_job(job)
        assert switches[0].wait(10)  # set while the first step still runs: the engine's loop can see it
        assert not closed.is_set()
        go_on.set()
        assert closed.wait(10)  # closed right after its first step returned
        assert steps == ["first"] and len(stops) == 0
    finally:
        go_on.set()
        client.close()
        demo.close()


def test_outside_a_running_app_there_is_no_limit() -> None:
    @reports_errors(action=True)
    def analyse(text: str) -> str:
        return text

    assert [analyse("x") for _ in range(100)] == ["x"] * 100


# -- concurrency per resource ----------------------------------------------------------------------------
def test_generation_shares_one_limit_and_cpu_work_another() -> None:
    with gr.Blocks() as demo:
        use_classroom(demo, server_fairuse.from_settings(gpu=2, cpu=32))
        kinds = {task: resource(task) for task in ("chat", "image", "summarize", "translate", "sentiment",
                                                    "datasets")}
        bulk = resource("sentiment", bulk=True)
    assert {kinds[t]["concurrency_id"] for t in ("chat", "image", "summarize", "translate")} == {"gpu"}
    assert {kinds[t]["concurrency_id"] for t in ("sentiment", "datasets")} == {"cpu"}
    assert kinds["chat"]["concurrency_limit"] == 2 and kinds["sentiment"]["concurrency_limit"] == 32
    assert bulk == {"concurrency_id": "bulk", "concurrency_limit": limits.BULK_CONCURRENCY}
    assert resource("chat")["concurrency_limit"] == limits.GPU_CONCURRENCY  # outside any app: the defaults


def test_chat_with_the_batching_loop_has_a_pool_of_its_own(engine) -> None:
    """When every chat answer shares one batched loop (playground.tasks.chat_batching), one more chat costs the loop
    little: the class's chats run at once in a pool of their own (its Send, Retry and the API), and a queue of
    chats no longer holds up an image; summaries and translations still share "gpu". Without the loop (ZeroGPU,
    --chat-batching off, a CPU by default) chat shares "gpu" as before."""
    from app import build_app

    with gr.Blocks() as demo:
        use_classroom(demo, server_fairuse.from_settings(gpu=2, chat=limits.CHAT_BATCH_MAX_ANSWERS))
        kinds = {task: resource(task) for task in ("chat", "image", "summarize", "translate")}
    assert kinds["chat"] == {"concurrency_id": "chat", "concurrency_limit": limits.CHAT_BATCH_MAX_ANSWERS}
    assert {kinds[t]["concurrency_id"] for t in ("image", "summarize", "translate")} == {"gpu"}
    app = build_app(engine, fairness=server_fairuse.from_settings(chat=limits.CHAT_BATCH_MAX_ANSWERS))
    chat_jobs = [fn for fn in app.fns.values() if fn.name in ("respond", "retry") or fn.api_name == "chat"]
    assert len(chat_jobs) == 3
    assert {(fn.concurrency_id, fn.concurrency_limit) for fn in chat_jobs} == {("chat", limits.CHAT_BATCH_MAX_ANSWERS)}
    assert chat.batching_on(Placement("gpu", "cuda")) and not chat.batching_on(Placement("gpu", "cuda", zerogpu=True))
    assert not chat.batching_on(Placement("cpu", "cpu"))  # auto: off on a CPU (on for a class: --chat-batching on)


def test_main_events_are_queued_on_their_resource_and_show_queue_position(engine) -> None:
    from app import build_app

    demo = build_app(engine, max_queue=7)
    assert demo._queue.max_size == 7
    fns = {fn.api_name: fn for fn in demo.fns.values() if fn.api_name}
    for name, rid in (("chat", "gpu"), ("sentiment", "cpu"), ("sentiment_many", "bulk")):
        fn = fns[name]
        assert fn.queue is not False, name
        assert (fn.concurrency_id, fn.concurrency_limit) == (rid, Classroom().concurrency[rid]), name
    # The handlers wired with **resource(task) are the rate-limited main actions; helpers are not.
    assert all(fns[name].fn.is_main_action for name in ("chat", "sentiment", "sentiment_many"))
    helpers = [fn for fn in demo.fns.values() if fn.name in ("show_code", "pick_columns", "undo", "stop_mine")]
    assert helpers and not any(getattr(fn.fn, "is_main_action", False) for fn in helpers)
    chat_ui = [fn for fn in demo.fns.values() if fn.name in ("respond", "retry")]
    assert [fn.concurrency_id for fn in chat_ui] == ["gpu", "gpu"]  # the page's Send and Retry share the pool
    for fn in [*chat_ui, fns["sentiment"], fns["sentiment_many"]]:
        assert fn.show_progress == "full", fn.name  # the spinner shows "queue: 3/12" while waiting


# -- accounts ------------------------------------------------------------------------------------------------
def test_an_accounts_file_with_comments_and_colons_in_passwords(tmp_path: Path) -> None:
    file = tmp_path / "accounts.txt"
    file.write_text("# 3학년 2반\n\nteacher:s3cret\n  student01 : pw:with:colons  \n# end\n", encoding="utf-8")
    assert read_accounts(file) == [("teacher", "s3cret"), ("student01", "pw:with:colons")]
    assert parse_account("a:b") == ("a", "b")
    assert accounts_from("admin:x", str(file)) == [("admin", "x"), ("teacher", "s3cret"),
                                                   ("student01", "pw:with:colons")]
    assert accounts_from(None, None) is None


@pytest.mark.parametrize(("content", "expected"), [
    ("teacher\n", "line 1: expected user:password"),
    ("ok:1\n:nouser\n", "line 2: the user name before ':' is empty"),
    ("ok:1\n\nteacher:\n", "line 3: the password after 'teacher:' is empty"),
    ("a:1\na:2\n", "line 2: user 'a' is listed twice"),
    ("# only comments\n\n", "no accounts found"),
])
def test_accounts_file_errors_say_which_line_and_what_to_fix(tmp_path: Path, content: str, expected: str) -> None:
    file = tmp_path / "accounts.txt"
    file.write_text(content, encoding="utf-8")
    with pytest.raises(AccountsError, match=re.escape(expected)) as caught:
        read_accounts(file)
    assert "s3cret" not in str(caught.value)


def test_accounts_file_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(AccountsError, match="no such file"):
        read_accounts(tmp_path / "missing.txt")
    with pytest.raises(AccountsError, match="is a folder"):
        read_accounts(tmp_path)
    binary = tmp_path / "accounts.bin"
    binary.write_bytes(b"\xff\xfe\x00teacher")
    with pytest.raises(AccountsError, match="not a UTF-8 text file"):
        read_accounts(binary)
    with pytest.raises(AccountsError, match="expected user:password"):
        parse_account("no-colon")


def test_the_app_refuses_to_start_with_a_bad_accounts_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import app

    monkeypatch.setattr(redaction, "install", lambda **_: lambda: None)  # keep this test's streams as they are
    file = tmp_path / "accounts.txt"
    file.write_text("teacher\n", encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        app.main(["--auth-file", str(file)])
    assert "line 1: expected user:password" in str(caught.value.code)


def test_new_options_are_documented_and_parsed() -> None:
    from app import parse_args

    args = parse_args(["--auth-file", "a.txt", "--rate-limit", "0", "--rate-burst", "5", "--gpu-concurrency", "2",
                       "--cpu-concurrency", "16", "--max-queue", "40"])
    assert (args.auth_file, args.rate_limit, args.rate_burst) == ("a.txt", 0, 5)
    assert (args.gpu_concurrency, args.cpu_concurrency, args.max_queue) == (2, 16, 40)
    defaults = parse_args([])
    assert defaults.rate_limit == limits.RATE_PER_MINUTE and defaults.max_queue == limits.QUEUE_MAX_SIZE
    assert server_fairuse.from_settings(0, 5).limiter is None


# -- token redaction ---------------------------------------------------------------------------------------
def test_redact_hides_tokens_and_the_environment_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "not-hf-shaped-but-secret")
    text = f"url?token={FAKE_TOKEN} and not-hf-shaped-but-secret and hf_short"
    assert redaction.redact(text) == "url?token=hf_*** and hf_*** and hf_short"


def test_log_records_and_printed_text_are_redacted(monkeypatch: pytest.MonkeyPatch, caplog, capsys) -> None:
    monkeypatch.setenv("HUGGING_FACE_HUB_TOKEN", FAKE_TOKEN)
    undo = redaction.install()
    try:
        log = logging.getLogger("playground.test")
        with caplog.at_level(logging.INFO):
            log.warning("loading with %s", FAKE_TOKEN)
            try:
                raise OSError(f"401 Unauthorized for token {FAKE_TOKEN}")
            except OSError:
                log.exception("load failed")
        print(f"the token is {FAKE_TOKEN}")
        print(f"the token is {FAKE_TOKEN}", file=sys.stderr)
    finally:
        undo()
    logged = caplog.text + "".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert FAKE_TOKEN not in logged and "loading with hf_***" in logged and "OSError" in logged
    out, err = capsys.readouterr()
    assert FAKE_TOKEN not in out + err and "the token is hf_***" in out and "the token is hf_***" in err


def test_error_messages_cannot_echo_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    from playground.engine import _why_unavailable
    from playground.errors import ModelNotAllowed

    monkeypatch.setenv("HF_TOKEN", FAKE_TOKEN)
    reason = _why_unavailable(OSError(f"https://huggingface.co/x?token={FAKE_TOKEN} 401"))
    assert FAKE_TOKEN not in reason
    shown = to_gr_error(ModelNotAllowed("not_in_catalog", model=FAKE_TOKEN, task="chat", allowed="x")).message
    assert FAKE_TOKEN not in shown and "hf_***" in shown
    assert FAKE_TOKEN not in to_gr_error(ValueError(FAKE_TOKEN)).message


# -- links and QR codes ----------------------------------------------------------------------------------------
def test_links_and_qr_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    assert sharing.lan_url("127.0.0.1", 7860) is None
    lan = sharing.lan_url("0.0.0.0", 7860)  # noqa: S104
    assert lan is None or re.fullmatch(r"http://\d+\.\d+\.\d+\.\d+:7860", lan)
    links = sharing.Links(local="http://127.0.0.1:7860", lan="http://10.0.0.5:7860", public="https://x.gradio.live")
    assert links.for_students() == "https://x.gradio.live"
    assert sharing.Links(local="l", lan="http://10.0.0.5:7860").for_students() == "http://10.0.0.5:7860"
    monkeypatch.setenv("SPACE_ID", "teacher/playground")
    assert sharing.space_url() == "https://huggingface.co/spaces/teacher/playground"
    drawing = sharing.qr_text("https://x.gradio.live")
    assert len(drawing.splitlines()) > 10 and set(drawing) <= set("█▀▄ \n")
    assert sharing.qr_svg("https://x.gradio.live").startswith("data:image/svg+xml")
    html = classroom.render_links(links, server_fairuse.from_settings(60, 20))
    assert html.count("<img src=\"data:image/svg+xml") == 2 and "60 actions a minute" in html
    assert "--share" in classroom.render_links(sharing.Links(local="l"), Classroom())


@pytest.mark.timeout(60)  # a hang guard: the check gives up after its own timeout and says why
def test_share_check_names_the_unreachable_server_quickly() -> None:
    # A documentation address (TEST-NET-1) that nothing answers: the check must give up after its timeout.
    reason = sharing.share_blocker("https://192.0.2.1/v3/tunnel-request", "https://192.0.2.1/frpc", "/nonexistent",
                                   timeout_s=1.0)
    assert reason and "cannot be reached" in reason and "192.0.2.1" in reason


def test_share_check_explains_a_missing_tunnel_program(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def head(url: str, **_: object) -> httpx.Response:
        if "frpc" in url:
            raise httpx.ConnectError("blocked by the school firewall")
        return httpx.Response(200)

    monkeypatch.setattr(httpx, "head", head)
    reason = sharing.share_blocker("https://api.example/tunnel", "https://cdn.example/frpc", str(tmp_path / "frpc"))
    assert reason and "tunnel program is missing" in reason and str(tmp_path / "frpc") in reason
    (tmp_path / "frpc").write_bytes(b"")
    assert sharing.share_blocker("https://api.example/tunnel", "https://cdn.example/frpc",
                                 str(tmp_path / "frpc")) is None


def test_share_is_not_attempted_when_the_check_fails(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr(server_share, "share_blocker", lambda *a, **k: "no internet here")
    assert server_share.can_share(True) is False
    out = capsys.readouterr().out
    assert "No public link: no internet here" in out and "공개 링크를 만들 수 없습니다" in out
    assert server_share.can_share(False) is False


# -- one language a line: the terminal's warnings, the share overlay, the teacher section, the System panel -----
HANGUL = re.compile(r"[\uac00-\ud7a3]")
TECHNICAL = re.compile(r"https?://\S+|--[\w-]+|\$\w+|\([^()]*기술 정보[^()]*\)|기술 정보: .*|frpc|Gradio|LAN"
                       r"|[\w./-]*/[\w./-]+")


def _english_words(line: str) -> set[str]:
    """English words of a line, leaving out what is technical in any language (addresses, options, paths)."""
    return set(re.findall(r"[A-Za-z]{3,}", TECHNICAL.sub("", line)))


def _one_language_each(text: str) -> None:
    for line in text.splitlines():
        if HANGUL.search(line):
            assert not _english_words(line), line
        else:
            assert line.isascii() or "⚠️" in line or "█" in line or "▀" in line or "▄" in line, line


def test_the_share_warning_says_its_reason_in_each_language(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    blocked = sharing.share_blocker("https://192.0.2.1/v3/tunnel-request", "https://192.0.2.1/frpc",
                                    "/nonexistent", timeout_s=1.0)
    assert isinstance(blocked, sharing.Blocked) and HANGUL.search(blocked.ko) and not HANGUL.search(blocked)
    text = server_share.share_failed(blocked)
    _one_language_each(text)
    korean = [line for line in text.splitlines() if "공개 링크를 만들 수 없습니다" in line][0]
    assert "공유 서버" in korean and "192.0.2.1" in korean and "cannot be reached" not in korean
    # a reason given as plain text (another check's words) is quoted as a technical detail on the Korean line
    monkeypatch.setattr(server_share, "share_blocker", lambda *a, **k: "no internet here")
    assert server_share.share_check(True) == (False, "no internet here")
    printed = capsys.readouterr().out
    assert "공개 링크를 만들 수 없습니다: 기술 정보: no internet here." in printed
    _one_language_each(printed)


def test_announce_prints_one_language_a_line_and_keeps_the_reason_for_the_page(capsys) -> None:
    from types import SimpleNamespace

    demo = SimpleNamespace(local_url="http://127.0.0.1:7860/", server_name="127.0.0.1", server_port=7860,
                           share_url=None)
    links = server_share.announce(demo, share_tried=True, protected=False)
    assert links.for_students() is None and demo.share_blocked is server_share.TUNNEL_FAILED
    printed = capsys.readouterr().out
    assert "No public link: Gradio could not open the tunnel" in printed and "터널을 열지 못했습니다" in printed
    _one_language_each(printed)
    demo.share_url = "https://x.gradio.live"
    server_share.announce(demo, share_tried=True, protected=False)
    printed = capsys.readouterr().out
    assert "Public link for students: https://x.gradio.live" in printed and "학생용 공개 링크: https://x." in printed
    assert "WARNING: no password" in printed and "경고: 비밀번호가 없습니다" in printed
    _one_language_each(printed)


def _visible_text(markup: str) -> str:
    return re.sub(r"<[^>]+>", " ", re.sub(r'\s(src|alt|href|data-url|title)="[^"]*"', "", markup))


def test_the_share_overlay_shows_the_class_link_and_qr_in_one_language() -> None:
    links = sharing.Links(local="http://127.0.0.1:7860", lan="http://10.0.0.5:7860", public="https://x.gradio.live")
    markup = classroom.render_share(links, "ko", protected=False)
    assert markup.startswith('<dialog class="pg-share-dialog"') and markup.count('class="pg-share-qr"') == 1
    assert 'alt="QR: https://x.gradio.live"' in markup and 'data-url="https://x.gradio.live"' in markup
    assert sharing.qr_svg("https://x.gradio.live", scale=10) in markup.replace("&amp;", "&").replace("&quot;", '"')
    assert "같은 네트워크 (Wi-Fi)" in markup and "http://10.0.0.5:7860" in markup  # the other address, below
    assert "비밀번호가 없습니다" in markup and "링크 복사" in markup and "닫기" in markup
    assert not _english_words(_visible_text(markup).replace("Wi-Fi", "").replace("Esc", "")), _visible_text(markup)
    english = classroom.render_share(links, "en", protected=True)
    assert "Copy link" in english and "No password" not in english and not HANGUL.search(english)
    # a LAN address alone: the QR says so; a Space: students log in first; no password warning on a Space
    lan = classroom.render_share(sharing.Links(local="l", lan="http://10.0.0.5:7860"), "en", protected=False)
    assert 'alt="QR: http://10.0.0.5:7860"' in lan and "same network" in lan
    space = classroom.render_share(sharing.Links(local="l", space="https://huggingface.co/spaces/t/p"), "en",
                                   protected=False)
    assert "log in to huggingface.co" in space and "No password" not in space


def test_without_a_student_link_the_overlay_says_how_to_get_one() -> None:
    links = sharing.Links(local="http://127.0.0.1:7860")
    blocked = sharing.Blocked("the share server x:1 does not answer (OSError)",
                              "공유 서버 x:1에서 응답이 없습니다 (OSError)")
    for lang in ("en", "ko"):
        markup = classroom.render_share(links, lang, blocked)
        assert "<img" not in markup and "http://127.0.0.1:7860" in markup  # no QR of an address students can't open
        assert "--share" in markup and "--host 0.0.0.0" in markup and "python app.py --share --auth" in markup
        assert (blocked.ko if lang == "ko" else blocked) in markup
        assert "pg-share-copy" not in markup  # nothing to copy for a class: the address opens only here
    assert "does not answer" not in classroom.render_share(links, "ko", blocked)
    assert "pg-share-copy" in classroom.render_share(sharing.Links(local="l", lan="http://10.0.0.5:7860"), "ko")


def test_the_teacher_section_and_system_panel_in_one_language(engine) -> None:
    from tabs import system

    links = sharing.Links(local="l", lan="http://10.0.0.5:7860")
    korean = classroom.render_links(links, server_fairuse.from_settings(60, 20), "ko")
    assert "공정 사용" in korean and "1분에 60번" in korean and "Fair use" not in korean
    assert not _english_words(_visible_text(korean)), _visible_text(korean)
    assert "`" not in classroom.render_links(sharing.Links(local="l"), Classroom(), "ko")  # code, not backticks
    panel = system.render(engine, "ko")
    assert "| 모델 (카탈로그) | 탭 | 이 컴퓨터에 내려받았나요? | 디스크 용량 |" in panel
    assert "**모델이 실행되는 곳:** 이 컴퓨터의 CPU" in panel and "32비트 정밀도" in panel
    assert "아직 메모리에 올린 모델이 없습니다" in panel and "| 채팅 |" in panel
    assert not re.search(r"catalog model|No model|Device|Cache|held|hits|local folder|profile|float", panel), panel
    assert "실패" not in panel and "❌" not in panel  # nothing that is not an error reads like one
    english = system.render(engine, "en")
    assert "| model (from the catalog) | tab | downloaded to this computer? | size on disk |" in english
    assert "**Where models run:** this computer's processor (CPU)" in english and not HANGUL.search(english)
    assert "failed" not in english and "miss" not in english
    assert system.render(engine, None) == english


def test_the_sign_in_button_and_the_logout_page_speak_the_pages_language(monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from server import signin

    monkeypatch.setenv("OAUTH_CLIENT_ID", "x")
    monkeypatch.setenv("SPACE_ID", "t/p")
    button = signin.login_button()  # outside a Blocks: Gradio would add its OAuth routes
    assert button.value == str(signin.t("signin.button"))  # a marker the page shows in its language
    signed_out = button.logout_value.format("kim")
    assert signed_out.startswith(str(signin.t("signin.sign_out"))) and signed_out.endswith(" (kim)")
    page = server_login.LOGOUT_PAGE.format(action="/logout", **server_login._logout_text(
        SimpleNamespace(headers={"accept-language": "ko-KR,ko;q=0.9"})))
    assert 'lang="ko"' in page and "로그아웃할까요?" in page and "Log out" not in page


# -- safety: the launch call, remote code, the limits table ---------------------------------------------------
def _launch_call() -> ast.Call:
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "launch"]
    assert len(calls) == 1
    return calls[0]


def test_launch_sets_an_upload_cap_and_serves_no_extra_paths() -> None:
    keywords = {k.arg for k in _launch_call().keywords}
    assert "max_file_size" in keywords and "auth" in keywords
    assert not keywords & {"allowed_paths", "static_paths"}
    assert limits.UPLOAD_MAX_SIZE == "25mb"


def test_remote_code_is_never_enabled_anywhere() -> None:
    offenders = []
    for path in [*ROOT.glob("*.py"), *ROOT.glob("playground/**/*.py"), *ROOT.glob("tabs/**/*.py"),
                 *ROOT.glob("scripts/**/*.py"), *ROOT.glob("benchmarks/**/*.py")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"trust_remote_code\s*[=:]\s*True", line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []


@pytest.mark.parametrize("entry", [
    {"trust_remote_code": True},
    {"options": {"trust_remote_code": True}},
])
def test_the_catalog_refuses_remote_code(entry: dict) -> None:
    model = {"id": "evil/model", "name": "Evil", "license": "mit", "languages": ["en"], "params": "1M",
             "size_mb": 1, "default": ["cpu", "gpu"], **entry}
    with pytest.raises(CatalogError, match="trust_remote_code is never allowed"):
        parse_catalog({"version": 1, "tasks": {"chat": {"models": [model]}}}, Path("catalog.yaml"))


def test_the_readme_lists_every_limit() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert limits_table.START in readme and limits_table.END in readme
    listed = readme.split(limits_table.START, 1)[1].split(limits_table.END, 1)[0]
    missing = [item.name for item in limits_table.read_limits() if f"`{item.name}`" not in listed]
    assert not missing, f"README misses {missing}: run  python -m playground.limits_table --write"
    names = {item.name for item in limits_table.read_limits()}
    assert {n for n in dir(limits) if n.isupper()} == names  # every constant was found by the parser
