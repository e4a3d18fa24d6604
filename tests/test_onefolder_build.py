"""The one-folder build (tools/build_onefolder.py) runs: `--help`, `evaluate`, and the app's first screen in tmux.

Opt-in (YJTUI_BUILD_SMOKE=1, with pyinstaller installed): the build alone takes about 4 minutes on CI's two cores,
more than the rest of the suite's budget. Run it before shipping a build to IT:

    pip install pyinstaller==6.22.3 && YJTUI_BUILD_SMOKE=1 pytest -n 0 tests/test_onefolder_build.py
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(os.environ.get("YJTUI_BUILD_SMOKE") != "1",
                                reason="the one-folder build takes minutes: YJTUI_BUILD_SMOKE=1 runs it")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    pytest.importorskip("PyInstaller")
    out = tmp_path_factory.mktemp("onefolder")
    subprocess.run([sys.executable, str(ROOT / "tools" / "build_onefolder.py"), "--dist", str(out / "dist"),
                    "--work", str(out / "build")], check=True, capture_output=True, timeout=1200)
    exe = out / "dist" / "yjtui" / ("yjtui.exe" if sys.platform == "win32" else "yjtui")
    assert exe.exists()
    return exe


def test_help_and_evaluate(built):
    usage = subprocess.run([str(built), "--help"], capture_output=True, text=True, timeout=60)
    assert usage.returncode == 0 and "yjtui evaluate" in usage.stdout
    facts = json.dumps({"child": {"date_of_birth": "2011-03-14"}})
    answer = subprocess.run([str(built), "evaluate", "--as-of", "2026-11-23"], input=facts, capture_output=True,
                            text=True, timeout=60)
    assert answer.returncode == 0, answer.stderr
    assert json.loads(answer.stdout)["values"]["age"] == 15


@pytest.mark.skipif(shutil.which("tmux") is None, reason="no tmux")
def test_first_screen_in_tmux(built):
    session = f"onefolder-{os.getpid()}"
    subprocess.run(["tmux", "new", "-d", "-s", session, "-x", "120", "-y", "40", f"{built} --demo"], check=True)
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
