"""The app on ZeroGPU, through the REAL ``spaces`` package (pinned in requirements.txt), against a device API on
loopback (``tests/zerogpu_device_api.py``).

The app runs in a subprocess, exactly as on a Space: ``SPACES_ZERO_GPU=true`` makes ``spaces`` emulate CUDA in the
main process, pack the preloaded weights at launch, report start-up, and run each GPU call in a forked worker that
asks the device API for a slot (``/schedule``), is let in (``/allow``) and gives it back (``/release``). This machine
has no GPU, so ``tests/zerogpu_harness/sitecustomize.py`` (test harness only, never in the app) maps CUDA to the
CPU inside the forked workers. A ``spaces`` or torch bump that changes any of this fails here loudly.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from zerogpu_device_api import DeviceAPI

from conftest import ROOT, cancel_job, free_port

HARNESS = Path(__file__).resolve().parent / "zerogpu_harness"
START_TIMEOUT_S = 240  # the tiny catalog's start-up: load, pack, launch (a shared 2-core machine)


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("#")[0].strip().split("==")
            pins[name.lower()] = version
    return pins


def test_the_pinned_spaces_and_torch_are_the_ones_installed() -> None:
    """This test file speaks spaces 0.51.3's protocol: a bump must come here first."""
    from importlib.metadata import version

    pins = _pins()
    assert pins["spaces"] == "0.51.3" == version("spaces")
    assert version("torch").split("+")[0] == pins["torch"]


def _ip_token() -> str:
    """A visitor's X-IP-Token as ZeroGPU's proxy sends it (a JWT; spaces reads only its payload)."""
    payload = base64.urlsafe_b64encode(json.dumps({"ip": "127.0.0.1", "user": None}).encode()).decode().rstrip("=")
    return f"e30.{payload}.sig"


@pytest.fixture(scope="module")
def zerogpu(tiny_catalog_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DeviceAPI, str]]:
    api = DeviceAPI().start()
    tmp = tmp_path_factory.mktemp("zerogpu")
    cgroup = tmp / "cgroup"
    cgroup.write_text("0::/kubepods/zerogpu-test\n")  # cgroup v2, as spaces reads /proc/self/cgroup
    port = free_port()
    env = {
        **os.environ,
        "SPACES_ZERO_GPU": "true",
        "SPACES_ZERO_DEVICE_API_URL": api.url,
        "ZEROGPU_PROC_SELF_CGROUP_PATH": str(cgroup),
        "ZEROGPU_OFFLOAD_DIR": str(tmp / "tensors"),
        "ZEROGPU_MMAP_AUTOPRUNE_PATTERN": str(tmp / "no-such-dir" / "*"),  # never prune a real Hub cache
        "PLAYGROUND_ZEROGPU_CPU_HARNESS": "1",
        "PYTHONPATH": os.pathsep.join([str(HARNESS), str(ROOT)]),
        "HF_HUB_OFFLINE": "1",
        "PYTHONUNBUFFERED": "1",
    }
    log = (tmp / "app.log").open("w")
    api.app_log = tmp / "app.log"  # type: ignore[attr-defined]  # for a failing test's message
    app = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--catalog", str(tiny_catalog_path),
                            "--port", str(port), "--rate-limit", "0"],
                           cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        if not api.wait_for(lambda a: a.startup_reports > 0 or app.poll() is not None, timeout=START_TIMEOUT_S):
            pytest.fail(f"no start-up report in {START_TIMEOUT_S}s:\n{(tmp / 'app.log').read_text()[-3000:]}")
        assert app.poll() is None, (tmp / "app.log").read_text()[-3000:]
        url = f"http://127.0.0.1:{port}"
        if not _answers(url, app, START_TIMEOUT_S):  # spaces reports start-up before the server listens
            pytest.fail(f"the app did not answer in {START_TIMEOUT_S}s:\n{(tmp / 'app.log').read_text()[-3000:]}")
        yield api, url
    finally:
        # The whole process group: under spaces the server runs in a process forked from the one started here,
        # and each GPU worker is forked from that one; ending only the first left both running (about 1.3 GB).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(app.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            app.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):  # whatever of the group has not ended by now
            os.killpg(app.pid, signal.SIGKILL)
        app.wait()
        log.close()
        api.stop()


def _answers(url: str, app: subprocess.Popen, timeout: float) -> bool:
    """Whether the app's page answers before ``timeout`` seconds (polled; the app may still be binding its port)."""
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and app.poll() is None:
        try:
            if httpx.get(f"{url}/config", timeout=5).status_code == 200:
                return True
        except httpx.HTTPError:
            time.sleep(0.2)  # not listening yet: poll again
    return False


@pytest.fixture(scope="module")
def client(zerogpu: tuple[DeviceAPI, str]):
    from gradio_client import Client

    c = Client(zerogpu[1], verbose=False, headers={"X-IP-Token": _ip_token()})
    yield c
    c.close()


def _state(api: DeviceAPI, what: str) -> str:
    """A failing test's message: what happened, the device API's requests and the end of the app's log."""
    log = getattr(api, "app_log", None)
    tail = log.read_text(errors="replace")[-4000:] if log is not None and log.exists() else ""
    return (f"{what}\nschedules: {api.schedules[-4:]}\nallows: {api.allows[-4:]}\nreleases: {api.releases[-4:]}"
            f"\napp log (end):\n{tail}")


def _one_call(api: DeviceAPI, call) -> tuple[object, list]:
    """Run ``call``; return its result and the /schedule requests it made."""
    before = len(api.schedules)
    result = call()
    return result, api.schedules[before:]


def test_start_up_is_reported_once_after_packing(zerogpu: tuple[DeviceAPI, str]) -> None:
    api, _ = zerogpu
    assert api.startup_reports == 1
    assert api.schedules == []  # preloading placed the models in the main thread: no GPU call before a visitor's


def test_every_endpoint_answers_through_a_worker_with_a_duration_from_its_input(zerogpu, client) -> None:
    from gradio_client import handle_file  # noqa: F401 - imported for the file run below

    api, _ = zerogpu
    calls = {
        "sentiment": lambda: client.predict("이 영화 정말 재밌어요", api_name="/sentiment"),
        "translate": lambda: client.predict("Hello, how are you?", target="ko", api_name="/translate"),
        "summarize": lambda: client.predict("The class met on Monday. They trained a small model. It worked well.",
                                            api_name="/summarize"),
        "chat": lambda: client.predict("안녕하세요", max_new_tokens=64, api_name="/chat"),
        "image": lambda: client.predict("a red apple", api_name="/generate_image"),
    }
    durations, seconds = {}, {}
    allows_before = len(api.allows)
    for name, call in calls.items():
        began = time.monotonic()
        result, schedules = _one_call(api, call)
        seconds[name] = round(time.monotonic() - began, 2)
        assert result, name
        assert len(schedules) == 1, (name, schedules)  # one GPU call per action
        assert schedules[0].answer == "granted" and schedules[0].cgroup == "/kubepods/zerogpu-test"
        assert schedules[0].token == _ip_token()  # the visitor's token is what ZeroGPU charges
        durations[name] = schedules[0].duration
    workers = len(api.allows) - allows_before
    print(f"\nworkers forked: {workers}; seconds per call: {seconds}; requested: {durations}")
    # One GPU function for the app: one warm worker serves every tab (each fork moves every packed model)
    assert workers == 1, workers
    assert all(not r.fail for r in api.releases)
    # seconds from the input (tiny models: under 1B parameters), not a flat worst case (before: 25, 45, 35 s ...)
    assert durations["sentiment"] <= 8
    assert durations["translate"] <= 10  # 6 tokens × length ratio 3 + 16, not 256 tokens × 4 beams
    assert durations["chat"] <= 10  # 64 new tokens asked for
    assert durations["image"] <= 10


def test_a_file_run_of_2000_rows_is_one_gpu_call(zerogpu, client, tmp_path: Path) -> None:
    from gradio_client import handle_file

    api, _ = zerogpu
    table = tmp_path / "reviews.csv"
    table.write_text("text,label\n" + "".join(f"review {i} 정말 좋아요,{i % 2}\n" for i in range(2000)),
                     encoding="utf-8")
    result, schedules = _one_call(api, lambda: client.predict("", handle_file(str(table)), "text", "label",
                                                              api_name="/sentiment_many"))
    assert "2,000" in json.dumps(result, ensure_ascii=False)
    assert len(schedules) == 1  # before: one /schedule per 0.3-second chunk (63-192 for 2,000 rows)
    assert schedules[0].duration <= 10


def test_a_quota_refusal_is_the_apps_message_in_both_languages(zerogpu, client) -> None:
    from gradio_client.exceptions import AppError

    api, _ = zerogpu
    api.refuse_next("quota")
    with pytest.raises(AppError) as refused:
        client.predict("Hello, how are you?", target="ko", api_name="/translate")
    text = str(refused.value)
    assert "오늘 쓸 수 있는 무료 GPU 시간을 다 썼습니다" in text and "3초 남았습니다" in text
    assert "Your free GPU time for today is used up" in text and "Try again in 10 min" in text
    assert "You have exceeded" not in text  # not ZeroGPU's own English line
    # the next request works
    assert client.predict("Hello, how are you?", target="ko", api_name="/translate")


def test_no_gpu_is_the_apps_message(zerogpu, client) -> None:
    from gradio_client.exceptions import AppError

    api, _ = zerogpu
    api.refuse_next("busy")
    with pytest.raises(AppError) as refused:
        client.predict("좋아요", api_name="/sentiment")
    assert "제때 빈 GPU가 없었습니다" in str(refused.value) and "No GPU was available" not in str(refused.value)


def test_a_job_past_its_time_ends_with_the_apps_message(zerogpu, client) -> None:
    from gradio_client.exceptions import AppError

    api, _ = zerogpu
    api.abort_next()
    with pytest.raises(AppError) as aborted:
        client.predict("Hello, how are you?", target="ko", api_name="/translate")
    assert "작업이 받은 GPU 시간을 넘겨 중단되었습니다" in str(aborted.value)
    assert "GPU task aborted" not in str(aborted.value)
    assert api.wait_for(lambda a: a.releases and a.releases[-1].fail, timeout=10)
    assert client.predict("Hello, how are you?", target="ko", api_name="/translate")  # a fresh worker next


def test_stop_releases_the_gpu_within_two_seconds(zerogpu, client, tmp_path: Path) -> None:
    """Stop (a cancelled job: Gradio closes its generator) ends the run's one GPU call; the slot is given back
    as a success (``fail=false``), within two seconds."""
    from gradio_client import handle_file

    api, _ = zerogpu
    table = tmp_path / "many.csv"
    table.write_text("text\n" + "".join(f"review {i} 정말 좋아요 but the ending was weak\n" for i in range(20_000)),
                     encoding="utf-8")
    schedules, releases = len(api.schedules), len(api.releases)
    job = client.submit("", handle_file(str(table)), "text", api_name="/sentiment_many")
    assert api.wait_for(lambda a: len(a.schedules) > schedules, timeout=120)  # the run's GPU call has started
    assert len(api.releases) == releases
    cancel_job(job)
    stopped = time.monotonic()
    released = api.wait_for(lambda a: len(a.releases) > releases, timeout=10)
    took = time.monotonic() - stopped
    assert released and took < 2.0, _state(api, f"Stop at {stopped:.2f} (monotonic), release after {took:.2f} s")
    assert api.releases[-1].fail is False
    assert len(api.schedules) == schedules + 1  # 20,000 rows: still one GPU call


@pytest.mark.browser
def test_a_quota_refusal_on_a_korean_page(zerogpu, browser) -> None:
    """The student sees ZeroGPU's refusal as the app's note, in Korean (screenshot: .cache/screenshots)."""
    api, url = zerogpu
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900},
                                  extra_http_headers={"X-IP-Token": _ip_token()})
    context.add_init_script("localStorage.setItem('playground_lang', 'ko')")
    page = context.new_page()
    try:
        page.goto(url, wait_until="load", timeout=90_000)
        page.get_by_role("tab").first.wait_for(timeout=60_000)
        page.get_by_role("tab", name="감정 분석").first.click()
        page.get_by_label("텍스트", exact=True).fill("이 영화 정말 재밌어요!")
        api.refuse_next("quota")
        page.get_by_role("button", name="분석", exact=True).first.click()
        note = page.locator(".pg-error-note").first
        note.wait_for(timeout=60_000)
        text = note.inner_text()
        assert "오늘 쓸 수 있는 무료 GPU 시간을 다 썼습니다" in text and "You have exceeded" not in text
        shots = ROOT / ".cache" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "zerogpu-quota-ko.png"))
    finally:
        context.close()
