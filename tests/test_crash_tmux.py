"""Crash safety: the real app in tmux, typing into a child's record, killed with SIGKILL mid-typing, reopened.

Everything up to the last saved change must be there, the store must open cleanly, and the audit trail's chain
must be intact. Uses its own tmux server socket so it never touches a user's sessions.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid

import pytest

from yjtui.store import Child, Store

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    def __init__(self, command: str):
        self.socket = f"yjtui-test-{uuid.uuid4().hex[:8]}"
        self.run("new-session", "-d", "-s", "app", "-x", "120", "-y", "40", command)

    def run(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True,
                              check=False).stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "app")

    def keys(self, *keys: str, gap: float = 0.15) -> None:
        for k in keys:
            self.run("send-keys", "-t", "app", "--", k)
            time.sleep(gap)

    def wait_for(self, text: str, timeout: float = 30) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text in self.screen():
                return
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared:\n{self.screen()}")

    def pid(self) -> int:
        return int(self.run("display-message", "-p", "-t", "app", "#{pane_pid}").strip())

    def close(self) -> None:
        self.run("kill-server")


def test_sigkill_mid_typing_loses_nothing_saved(tmp_path):
    path = tmp_path / "crash.db"
    store = Store(path)
    child = store.add(Child(given_name="Ash", family_name="Example", yjs_ref="CRASH-1"))
    store.close()
    env = f"env TEXTUAL_ANIMATIONS=none HOME={tmp_path}"
    tmux = Tmux(f"exec {env} {sys.executable} -m yjtui --db {path}")
    try:
        tmux.wait_for("Case list")
        tmux.keys("Enter")
        tmux.wait_for("Child record")
        tmux.keys("End", "ley")  # given name: Ashley
        tmux.keys("Tab")  # leaving the field saves at once
        tmux.keys("End", "-Sample")  # family name: Example-Sample
        time.sleep(1.0)  # the save after typing stops has long fired
        tmux.keys("Tab", "Tab", "Tab")  # to home local authority
        tmux.keys("Northshi", gap=0.02)
        os.kill(tmux.pid(), signal.SIGKILL)  # mid-typing: no chance to save or close anything
        time.sleep(0.5)
    finally:
        tmux.close()
    reopened = Store(path)
    saved = reopened.get(Child, child.id)
    assert (saved.given_name, saved.family_name) == ("Ashley", "Example-Sample")
    # The last field was being typed when the process died: it holds nothing, or a prefix of what was typed.
    assert "Northshi".startswith(saved.home_la)
    assert reopened.verify_audit()[0]
    fields = [e.field for e in reopened.audit_entries(child.id) if e.action == "alter"]
    assert fields[:2] == ["given_name", "family_name"]
