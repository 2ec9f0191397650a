"""Gradio's files stay private: ``python app.py`` points GRADIO_TEMP_DIR at a 0700 folder of its own before Gradio is
imported (Gradio's temp folder was world-readable and shared by every Gradio process), and a teacher's own choice
of folder is made private too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT
from server.tempdir import use_private_temp_dir

_TEMP_RUN = r"""
import json, os, runpy, stat, sys
sys.argv = ["app.py", "--help"]
try:
    runpy.run_path("app.py", run_name="__main__")
except SystemExit:
    pass
import gradio.mcp, gradio.route_utils
folder = os.environ["GRADIO_TEMP_DIR"]
probe = os.path.join(folder, "probe.txt")
open(probe, "w").close()
print(json.dumps({"folder": folder, "mode": stat.S_IMODE(os.stat(folder).st_mode),
                  "file_mode": stat.S_IMODE(os.stat(probe).st_mode),
                  "constants": [gradio.mcp.DEFAULT_TEMP_DIR, gradio.route_utils.DEFAULT_TEMP_DIR]}))
"""


def test_the_app_keeps_gradios_files_in_a_private_folder(tmp_path):
    """Gradio's temp folder was world-readable and shared by every Gradio process. ``python app.py`` now
    points GRADIO_TEMP_DIR at a 0700 folder of its own before Gradio is imported (so Gradio's import-time
    constants follow), and writes its files 0600."""
    env = {k: v for k, v in os.environ.items() if k != "GRADIO_TEMP_DIR"}
    done = subprocess.run([sys.executable, "-c", _TEMP_RUN], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**env, "TMPDIR": str(tmp_path), "HF_HUB_OFFLINE": "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["folder"].startswith(str(tmp_path)) and found["mode"] == 0o700 and found["file_mode"] == 0o600
    assert found["constants"] == [found["folder"]] * 2


def test_a_teachers_own_temp_folder_is_made_private(tmp_path, monkeypatch):
    chosen = tmp_path / "mine"
    chosen.mkdir(mode=0o755)
    chosen.chmod(0o755)
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(chosen))
    assert use_private_temp_dir(umask=False) == chosen and (chosen.stat().st_mode & 0o777) == 0o700
