"""The README's two commands, as written, from a fresh clone of HEAD in an empty folder (minutes: a new .venv).

``.ci/run`` runs this with ``PLAYGROUND_FRESH_CLONE=1``; elsewhere it is skipped. ``./run`` must bring the page up
on a free port (then it is stopped) and ``./run test`` must pass on a selection of tests (pytest arguments pass
through). pip's own cache makes the second install on a machine quick; the times are printed (``-s``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from conftest import ROOT, free_port

pytestmark = [
    pytest.mark.skipif(os.environ.get("PLAYGROUND_FRESH_CLONE") != "1",
                       reason="minutes long: .ci/run runs it (PLAYGROUND_FRESH_CLONE=1)"),
    pytest.mark.timeout(2400),
]


def user_env() -> dict[str, str]:
    """The environment of a user's new terminal: no activated venv, none of this test run's switches."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PLAYGROUND_FRESH_CLONE", "PLAYGROUND_VENV", "PLAYGROUND_TINY_DIR",
                        "PYTHONPATH", "PYTEST_ADDOPTS") and not k.startswith("PYTEST_")}
    venv_bin = str(Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
    return env


def test_the_readmes_two_commands_from_a_fresh_clone(tmp_path: Path) -> None:
    repo = tmp_path / "playground"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(repo)], check=True, timeout=120)
    if (ROOT.parent / "shared").is_dir():
        (tmp_path / "shared").symlink_to(ROOT.parent / "shared")  # the real NSMC sample, as beside the checkout
    assert not (repo / ".venv").exists()
    env, port, log = user_env(), free_port(), tmp_path / "run.log"

    started = time.perf_counter()
    with log.open("wb") as out:
        server = subprocess.Popen(["./run", "--port", str(port)], cwd=repo, env=env, stdout=out,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    answered = None
    try:
        while server.poll() is None and time.perf_counter() - started < 1800:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200:
                    answered = time.perf_counter() - started
                    break
            except httpx.TransportError:
                time.sleep(1)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    said = log.read_text(errors="replace")
    assert answered is not None, said[-4000:]
    assert "Traceback" not in said and "To create a public link" not in said

    helped = subprocess.run(["./run", "--help"], cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert helped.returncode == 0, (helped.stdout + helped.stderr)[-2000:]
    assert "./run test" in helped.stdout and "./run --tiny" in helped.stdout and "--catalog PATH" in helped.stdout

    started = time.perf_counter()
    tested = subprocess.run(["./run", "test", "tests/test_packaging.py", "tests/test_startup.py", "-k",
                             "readme or run_script or front_matter"], cwd=repo, env=env, capture_output=True,
                            text=True, timeout=1800)
    took = time.perf_counter() - started
    assert tested.returncode == 0, (tested.stdout + tested.stderr)[-4000:]
    assert " passed" in tested.stdout and "All checks passed" in tested.stdout + tested.stderr
    print(f"\nfresh clone: ./run answered on :{port} after {answered:.0f} s; "
          f"./run test (selection) took {took:.0f} s")
