"""The one-folder build (tools/build_onefolder.py) runs: `--help`, `evaluate`, and the app's first screen in tmux.

One test, so the build is made once whichever worker runs it (about a minute on CI's two cores when idle, two to
three beside the rest of the suite). PyInstaller is in the test extra and the lock, so a clean checkout builds it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build(out: Path) -> Path:
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "build_onefolder.py"), "--dist", str(out / "dist"),
                           "--work", str(out / "build")], capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]
    exe = out / "dist" / "yjtui" / ("yjtui.exe" if sys.platform == "win32" else "yjtui")
    assert exe.exists()
    return exe


def test_the_one_folder_build_answers_help_evaluate_and_opens_the_case_list(tmp_path):
    built = build(tmp_path)
    usage = subprocess.run([str(built), "--help"], capture_output=True, text=True, timeout=60)
    assert usage.returncode == 0 and "yjtui evaluate" in usage.stdout
    facts = json.dumps({"child": {"date_of_birth": "2011-03-14"}})
    answer = subprocess.run([str(built), "evaluate", "--as-of", "2026-11-23"], input=facts, capture_output=True,
                            text=True, timeout=60)
    assert answer.returncode == 0, answer.stderr
    assert json.loads(answer.stdout)["values"]["age"] == 15
    if shutil.which("tmux") is None:  # .ci/run installs tmux; a developer's machine may not have it
        return
    first_screen(built, tmp_path)


def first_screen(built: Path, home: Path) -> None:
    session = f"onefolder-{os.getpid()}"
    env = f"XDG_DATA_HOME={home / 'data'} XDG_CONFIG_HOME={home / 'config'}"
    subprocess.run(["tmux", "new", "-d", "-s", session, "-x", "120", "-y", "40", f"env {env} {built} --demo"],
                   check=True)
    try:
        end = time.monotonic() + 90
        screen = ""
        while "Case list" not in screen:
            assert time.monotonic() < end, f"the first screen never came: {screen!r}"
            time.sleep(0.5)
            screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True,
                                    text=True).stdout
        assert "25 children" in screen or "DEMO" in screen
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
