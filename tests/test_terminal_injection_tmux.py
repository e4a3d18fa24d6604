"""Stored text cannot command the terminal (issue 22, "Terminal escape injection"): the real app in tmux, on a store
whose children's names hold escape sequences (clear screen and move the cursor, OSC 0/2 window titles, OSC 52
clipboard writes), an 8-bit CSI and bidirectional overrides; `tmux pipe-pane` records every byte the app sends,
and none of the planted sequences may be among them. The names show with their control characters made visible
(yjtui.text.shown), so a practitioner can see the record holds something odd.

Uses its own tmux server socket, so it never touches a user's sessions; waits on what the screen shows, never a
fixed time.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from yjtui.store import Child, Store

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

ESC, BEL, ST = "\x1b", "\x07", "\x1b\\"
# (given name, family name, YJS reference): each field a different attack.
PLANTED = [
    ("Ash", f"Example{ESC}[2J{ESC}[HCLEARED", f"YJ{ESC}[5;5HMOVED"),           # CSI: clear screen, cursor moves
    ("Blake", f"Sample{ESC}]0;TITLE-ZERO{BEL}", "YJ-0002"),                   # OSC 0: icon and window title
    ("Cam", f"Specimen{ESC}]2;TITLE-TWO{ST}", "YJ-0003"),                     # OSC 2: window title, ST-terminated
    ("Dee", f"Placeholder{ESC}]52;c;Q0xJUEJPQVJE{BEL}", "YJ-0004"),           # OSC 52: write the clipboard
    ("Eli", "Testcase\u202eesrever", "YJ\u2066ISO\u2069-5"),                   # bidi: right-to-left override, isolate
    ("Fen", "Eightbit\x9b6;6HEIGHT", "YJ-0006"),                              # 8-bit CSI (C1)
]


def _payloads() -> list[bytes]:
    """Every planted control sequence as the bytes a terminal would obey."""
    out = [f"{ESC}[2J{ESC}[HCLEARED", f"{ESC}[5;5HMOVED", f"{ESC}]0;TITLE-ZERO{BEL}", f"{ESC}]2;TITLE-TWO{ST}",
           f"{ESC}]52;c;Q0xJUEJPQVJE{BEL}", "\u202e", "\u2066", "\u2069", "\x9b6;6H"]
    return [p.encode("utf-8") for p in out]


class Tmux:
    def __init__(self, command: str, capture: Path):
        self.socket = f"yjtui-hostile-{uuid.uuid4().hex[:8]}"
        go = capture.with_suffix(".go")
        # The app starts only once pipe-pane records the pane, so its first bytes are captured too.
        self.run("new-session", "-d", "-s", "app", "-x", "120", "-y", "40",
                 f"while [ ! -e {go} ]; do sleep 0.05; done; {command}")
        # 120x40 whatever else connects (a loaded CI run once drew the app at 80x24, where long names wrap and the
        # last row is off screen): the size is fixed before the app starts.
        self.run("set-option", "-t", "app", "window-size", "manual")
        self.run("resize-window", "-t", "app", "-x", "120", "-y", "40")
        self.run("pipe-pane", "-t", "app", "-o", f"cat >> {capture}")
        go.touch()

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "app").stdout

    def keys(self, *keys: str) -> None:
        for k in keys:
            self.run("send-keys", "-t", "app", "--", k)

    def wait_for(self, text: str, timeout: float = 60) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        size = self.run("display", "-p", "-t", "app", "#{window_width}x#{window_height}").stdout.strip()
        raise AssertionError(f"{text!r} never appeared ({size}):\n{self.screen()}")

    def wait_closed(self, timeout: float = 30) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.run("has-session", "-t", "app").returncode != 0:
                return
            time.sleep(0.1)
        raise AssertionError("the app did not quit")

    def close(self) -> None:
        self.run("kill-server")


def test_planted_escape_sequences_never_reach_the_terminal(tmp_path):
    path = tmp_path / "hostile.db"
    store = Store(path)
    ids = [store.add(Child(given_name=g, family_name=f, yjs_ref=r, home_la=f"LA{ESC}]0;HOME-LA{BEL}")).id
           for g, f, r in PLANTED]
    store.set_setting("practitioner", f"Worker{ESC}]2;PRACTITIONER{BEL}")
    store.close()
    capture = tmp_path / "sent.bin"
    env = f"env TEXTUAL_ANIMATIONS=none HOME={tmp_path} XDG_CONFIG_HOME={tmp_path}/config TERM=xterm-256color"
    tmux = Tmux(f"exec {env} {sys.executable} -m yjtui --db {path}", capture)
    try:
        tmux.wait_for(f"{len(ids)} children")
        # The case list, every planted name on it, each made visible. Each is waited for: under load tmux can be
        # read while a frame is still arriving, with only some rows drawn.
        for visible in ("Example␛[2J␛[HCL", "Sample␛]0;TITLE-", "Specimen␛]2;TITL", "Placeholder␛]52;",
                        "Testcase<U+202E>", "Eightbit<U+009B>", "YJ␛[5;5HMO", "YJ<U+2066>"):
            tmux.wait_for(visible)
        tmux.keys("Enter")  # the first child's record: the header, the fields, the summary
        tmux.wait_for("Child record")
        tmux.wait_for("LA␛]0;HOME-LA␇")
        tmux.keys("Escape")
        tmux.wait_for(f"{len(ids)} children")
        tmux.keys("C-p")  # the palette finds a child by name
        tmux.wait_for("Search for commands")
        tmux.keys("Sample")
        tmux.wait_for("Open child: Blake Sample␛]0;")
        tmux.keys("Escape")
        tmux.wait_for(f"{len(ids)} children")
        tmux.keys("C-q")
        tmux.wait_closed()
    finally:
        tmux.close()
    sent = capture.read_bytes()
    assert b"HOME-LA" in sent and b"TITLE-" in sent  # the planted text was drawn (made visible) ...
    for payload in _payloads():  # ... and no planted sequence was passed through
        assert payload not in sent, payload
    # Nor any part of one: each planted marker is preceded by its picture (␛), never by a raw ESC or C1 CSI.
    for marker in (b"]0;TITLE-", b"]2;TITL", b"]0;HOME-LA", b"]52;", b"[2J", b"[5;5HMO", b"6;6HEI"):
        found = [at for at in range(len(sent)) if sent.startswith(marker, at)]
        assert found, marker
        for at in found:
            assert sent[at - 1:at] != b"\x1b" and sent[at - 2:at] != b"\xc2\x9b", (marker, sent[at - 20:at + 20])
