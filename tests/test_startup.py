"""Every start-up mistake of ``python app.py`` is one line in the user's language and an exit code, never a
traceback; the README's options and limits tables are the code's; Gradio's share hint is not printed."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import options_table
import pytest

from conftest import ROOT, free_port
from playground import limits_table, startup
from playground.errors import MESSAGES

HANGUL = ("\uac00", "\ud7a3")


# Several starts of the app in one process: ``app`` is imported once (what costs seconds), then each start runs
# ``app.main(argv)`` from the beginning, in its own locale, with file descriptors 1 and 2 sent to files of its own
# (so library and C-level writes are caught too) and its exit code taken as the interpreter takes it.
_STARTS = r"""
import json, os, sys, tempfile, traceback
sys.path.insert(0, ".")
cases = json.loads(sys.stdin.read())
sys.argv = ["app.py"]
import app

results = []
for case in cases:
    os.environ.update({"LANG": case["lang"], "LC_ALL": "", "LC_MESSAGES": ""})
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        sys.stderr.flush()
        saved = os.dup(1), os.dup(2)
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        try:
            sys.argv = ["app.py", *case["args"]]
            app.main(case["args"])
            code = 0
        except SystemExit as exc:  # as the interpreter exits: None is 0, a number is itself, else printed and 1
            code = 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 1
            if not isinstance(exc.code, (int, type(None))):
                print(exc.code, file=sys.stderr)
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
        out.seek(0)
        err.seek(0)
        results.append({"args": case["args"], "code": code, "stdout": out.read().decode(errors="replace"),
                        "stderr": err.read().decode(errors="replace")})
print("\n" + json.dumps(results))
"""


def _env(lang: str = "C.UTF-8") -> dict[str, str]:
    env = {**os.environ, "LANG": lang, "LC_ALL": "", "LC_MESSAGES": "", "HF_HUB_OFFLINE": "1"}
    env.pop("PLAYGROUND_DATA_DIR", None)
    return env


def start(*args: str, lang: str = "C.UTF-8", timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """``python app.py ARGS`` in a process of its own."""
    return subprocess.run([sys.executable, "app.py", *args], cwd=ROOT, env=_env(lang), capture_output=True,
                          text=True, timeout=timeout)


def case(*args: str, lang: str = "C.UTF-8") -> dict[str, object]:
    """One start for :func:`starts`: its arguments and its locale."""
    return {"args": list(args), "lang": lang}


def starts(*cases: dict[str, object], timeout: float = 300) -> list[subprocess.CompletedProcess[str]]:
    """Each case started as ``python app.py`` would, in one process (see ``_STARTS``); nothing else may be written
    outside the starts (at exit either)."""
    plan = list(cases)
    done = subprocess.run([sys.executable, "-c", _STARTS], input=json.dumps(plan), cwd=ROOT, env=_env(),
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0 and done.stderr.strip() == "", done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return [subprocess.CompletedProcess(["app.py", *r["args"]], r["code"], r["stdout"], r["stderr"]) for r in found]


def one_line(done: subprocess.CompletedProcess[str], code: int) -> str:
    """The single line on stderr, after checking the exit code and that nothing else (no traceback) was said."""
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert "Traceback" not in done.stderr, done.stderr
    assert len(lines) == 1, done.stderr
    assert done.returncode == code, (done.returncode, done.stderr)
    assert "Running on" not in done.stdout
    return lines[0]


def korean(text: str) -> bool:
    return any(HANGUL[0] <= ch <= HANGUL[1] for ch in text)


@pytest.fixture
def listening() -> int:
    """A port some other program already listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


def test_an_unknown_profile_or_option_is_one_line_and_status_2() -> None:
    profile, option, port, batch = starts(case("--profile", "fast"), case("--no-such-option"),
                                          case("--port", "70000"), case("--max-batch", "0", lang="ko_KR.UTF-8"))
    line = one_line(profile, 2)
    assert "--profile" in line and "'fast'" in line and "python app.py --help" in line
    assert "--no-such-option" in one_line(option, 2)
    assert "70000 is not a port number" in one_line(port, 2)
    line = one_line(batch, 2)
    assert "--max-batch" in line and "명령줄 옵션이 잘못되었습니다" in line


def test_a_start_in_a_process_of_its_own_says_the_same() -> None:
    """What :func:`starts` reports is what a real ``python app.py`` prints and exits with (one case, both ways)."""
    real = start("--port", "70000", lang="ko_KR.UTF-8")
    (batched,) = starts(case("--port", "70000", lang="ko_KR.UTF-8"))
    assert (real.returncode, real.stdout, real.stderr) == (batched.returncode, batched.stdout, batched.stderr)
    assert korean(one_line(real, 2))


@pytest.mark.skipif(Path("/proc/driver/nvidia/version").exists(), reason="this machine has an NVIDIA GPU")
def test_profile_gpu_without_a_gpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NVIDIA_VISIBLE_DEVICES", raising=False)
    english, korean_ = starts(case("--profile", "gpu"), case("--profile", "gpu", lang="ko_KR.UTF-8"))
    line = one_line(english, 1)
    assert "no NVIDIA or Apple GPU" in line and "--profile cpu" in line
    assert korean(one_line(korean_, 1))


def test_a_missing_or_malformed_catalog(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("tasks: [\n", encoding="utf-8")
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("version: 2\ntasks: {}\n", encoding="utf-8")
    missing, unreadable, version, folder = starts(
        case("--catalog", str(tmp_path / "missing.yaml")), case("--catalog", str(broken)),
        case("--catalog", str(wrong), lang="ko_KR.UTF-8"), case("--catalog", str(tmp_path)))
    assert "missing.yaml does not exist" in one_line(missing, 1)
    line = one_line(unreadable, 1)
    assert "cannot be used" in line and "not a readable YAML file" in line
    line = one_line(version, 1)
    assert "'version' must be 1" in line and "모델 카탈로그를 쓸 수 없습니다" in line
    assert "is not a file" in one_line(folder, 1)


def test_a_bad_data_folder(tmp_path: Path) -> None:
    file = tmp_path / "reviews.tsv"
    file.write_text("a\tb\n", encoding="utf-8")
    nowhere, a_file = starts(case("--data-dir", str(tmp_path / "nowhere")), case("--data-dir", str(file)))
    line = one_line(nowhere, 1)
    assert "nowhere does not exist" in line and "--data-dir" in line
    assert "is a file, not a folder" in one_line(a_file, 1)


def test_a_port_in_use(listening: int, tiny_catalog_path: Path) -> None:
    catalog = ("--catalog", str(tiny_catalog_path))
    taken, taken_ko, no_host = starts(case(*catalog, "--port", str(listening)),
                                      case(*catalog, "--port", str(listening), lang="ko_KR.UTF-8"),
                                      case(*catalog, "--host", "no-such-host.invalid"))
    line = one_line(taken, 1)
    assert f"Port {listening} is already in use" in line and "--port " in line
    assert f"{listening}번 포트" in one_line(taken_ko, 1)
    assert "Cannot listen on no-such-host.invalid" in one_line(no_host, 1)


def test_bad_logins(tmp_path: Path) -> None:
    malformed, missing = starts(case("--auth", "teacher"),
                                case("--auth-file", str(tmp_path / "accounts.txt"), lang="ko_KR.UTF-8"))
    assert "expected user:password" in one_line(malformed, 1)
    line = one_line(missing, 1)
    assert "로그인 설정이 잘못되었습니다" in line and "no such file" in line


def test_the_port_check_and_the_language_rule(listening: int) -> None:
    with pytest.raises(startup.StartupError) as caught:
        startup.check_port("127.0.0.1", listening)
    assert caught.value.key == "startup_port_in_use"
    assert caught.value.params["free"] != listening
    startup.check_port("127.0.0.1", free_port())  # a free one passes
    assert startup.user_language({"LANG": "ko_KR.UTF-8"}) == "ko"
    assert startup.user_language({"LC_ALL": "en_US.UTF-8", "LANG": "ko_KR.UTF-8"}) == "en"  # LC_ALL wins
    assert startup.user_language({"LC_ALL": "", "LANG": "ko"}) == "ko"
    assert startup.user_language({}) == "en"
    keys = [key for key in MESSAGES if key.startswith("startup_")]
    assert keys and all(korean(MESSAGES[key][1]) for key in keys)


def test_gradios_taken_port_error_is_one_line_too() -> None:
    with pytest.raises(SystemExit) as caught, startup.one_line_errors():
        raise OSError("Cannot find empty port in range: 7860-7860. You can specify a different port by ...")
    assert str(caught.value.code).startswith("Port 7860 is already in use")
    with pytest.raises(OSError, match="disk full"), startup.one_line_errors():
        raise OSError("disk full")  # anything else is not a start-up mistake: it stays a real error


def test_gradios_share_hint_is_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    undo = startup.hide_share_hint()
    print("* Running on local URL:  http://127.0.0.1:7860")
    print("* To create a public link, set `share=True` in `launch()`.")
    print("next")
    undo()
    print("after")
    assert out.getvalue() == "* Running on local URL:  http://127.0.0.1:7860\nnext\nafter\n"
    assert sys.stdout is out


def test_the_installed_gradio_still_prints_that_hint() -> None:
    """The hidden line must match Gradio's exactly: if Gradio rewords it, this test says so."""
    import gradio.blocks

    assert startup.GRADIO_SHARE_HINT in Path(gradio.blocks.__file__).read_text(encoding="utf-8")


def test_the_readme_tables_are_the_codes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for module in (options_table, limits_table):
        assert module.START in readme and module.END in readme
        listed = readme.split(module.START, 1)[1].split(module.END, 1)[0].strip()
        assert listed == module.table(), f"run the {module.__name__} module with --write"
    import app

    parser = app.build_parser()
    documented = {row[0].split()[0] for row in options_table.rows(parser)}
    assert documented == {a.option_strings[0] for a in parser._actions if a.option_strings != ["-h", "--help"]}
    for option in ("--auth-file", "--data-dir", "--rate-limit", "--rate-burst", "--gpu-concurrency",
                   "--cpu-concurrency"):
        assert f"`{option}" in readme.split(options_table.START, 1)[1]


@pytest.mark.parametrize("command", [["-m", "playground.limits_table"], ["scripts/options_table.py"],
                                     ["-m", "playground.settings"]])
def test_table_generators_print_help(command: list[str]) -> None:
    done = subprocess.run([sys.executable, *command, "--help"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.startswith("usage:") and "--write" in done.stdout and "|---|" not in done.stdout


def test_the_run_script_is_posix_and_used_by_ci() -> None:
    subprocess.run(["sh", "-n", str(ROOT / "run")], check=True)
    assert os.access(ROOT / "run", os.X_OK) and os.access(ROOT / ".ci" / "run", os.X_OK)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "./run test\n" in ci
    quick = (ROOT / "README.md").read_text(encoding="utf-8").split("## Quick start", 1)[1].split("```bash\n", 1)[1]
    commands = [line.split("#")[0].strip() for line in quick.split("```", 1)[0].splitlines()]
    assert commands == ["./run", "./run test"]
    script = (ROOT / "run").read_text(encoding="utf-8")
    assert "fonts-noto-color-emoji" in script and "--retries 1" in script and "timeout=3" in script
