"""`yjtui serve` in a real browser: headless Chromium (Debian's package; .ci/run installs it when missing) driven
over the DevTools protocol with aiohttp's websocket client (aiohttp comes with textual-serve).

The walk a court duty officer does on a council laptop where nothing can be installed: sign in (an encrypted
store's passphrase, on the app's own screen), open the child, type in the court screen (a charge from the gravity
matrix), see the finding on the panel, export the bail proposal and get it as a browser download (one zip of the
Word and text files), with nothing left on the server.

The browser draws the terminal on a canvas, so the test reads what the app sent: a script added before the page
loads keeps the text of every websocket frame (escape sequences removed). Screenshots go to $YJTUI_SCREENSHOTS
when set (to look at), else the test's tmp folder. One browser, one app, one walk: about 15 s.

Skipped where Chromium is missing, except under CI (CI=true), where it must run.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest

from yjtui.store import Child, Store

KEY = "court corridor key"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

if CHROMIUM is None and os.environ.get("CI") != "true":
    pytestmark = pytest.mark.skip(reason="no chromium here (apt-get install chromium); CI installs it")

# Keeps the text the app sends (escape sequences dropped) in window.__seen, so the test can wait for words.
CAPTURE = r"""
(() => {
  const Orig = window.WebSocket;
  window.__seen = "";
  function Capturing(url, protocols) {
    const ws = protocols === undefined ? new Orig(url) : new Orig(url, protocols);
    const decoder = new TextDecoder();
    ws.addEventListener("message", (e) => {
      if (typeof e.data === "string") return;
      const text = decoder.decode(e.data, {stream: true})
        .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, "")
        .replace(/\x1b\[[0-9;?<>=:]*[ -\/]*[@-~]/g, "")
        .replace(/\x1b[()][0-9A-Za-z]/g, "");
      window.__seen += text;
    });
    return ws;
  }
  Capturing.prototype = Orig.prototype;
  for (const k of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) Capturing[k] = Orig[k];
  window.WebSocket = Capturing;
})();
"""

# DevTools key events: (key, code, Windows virtual key code, text typed).
KEYS = {
    "enter": ("Enter", "Enter", 13, "\r"),
    "tab": ("Tab", "Tab", 9, ""),
    "down": ("ArrowDown", "ArrowDown", 40, ""),
    "f3": ("F3", "F3", 114, ""),
    "escape": ("Escape", "Escape", 27, ""),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listening on {port} after {seconds} s")


class DevTools:
    """The least of the DevTools protocol a walk needs: commands on one page, key presses, screenshots."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.ids = 0

    async def call(self, method: str, **params):
        self.ids += 1
        mine = self.ids
        await self.ws.send_json({"id": mine, "method": method, "params": params})
        while True:
            msg = await asyncio.wait_for(self.ws.receive_json(), 60)
            if msg.get("id") == mine:
                if "error" in msg:
                    raise AssertionError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    async def seen(self) -> str:
        result = await self.call("Runtime.evaluate", expression="window.__seen || ''", returnByValue=True)
        return result["result"]["value"]

    async def wait_for(self, words: str, since: int = 0, seconds: float = 60) -> int:
        """Wait until the app has sent `words` (after position `since`); where the text seen so far ends."""
        end = time.monotonic() + seconds
        while True:
            text = await self.seen()
            if words in text[since:]:
                return len(text)
            assert time.monotonic() < end, f"the app never showed {words!r}; last: {text[-600:]!r}"
            await asyncio.sleep(0.1)

    async def mark(self) -> int:
        return len(await self.seen())

    async def key(self, name: str, *, ctrl: bool = False) -> None:
        if len(name) == 1:
            key, code, vk, text = name, f"Key{name.upper()}", ord(name.upper()), "" if ctrl else name
        else:
            key, code, vk, text = KEYS[name]
        common = {"key": key, "code": code, "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk,
                  "modifiers": 2 if ctrl else 0}
        await self.call("Input.dispatchKeyEvent", type="keyDown" if text else "rawKeyDown", text=text, **common)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **common)

    async def type(self, text: str) -> None:
        await self.call("Input.insertText", text=text)

    async def screenshot(self, path: Path) -> None:
        shot = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))


@pytest.fixture
def encrypted_store(tmp_path):
    path = tmp_path / "court.db"
    store = Store(path, key=KEY)
    store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2011, 3, 14)))
    store.close()
    return path


async def test_court_walk_in_headless_chromium(encrypted_store, tmp_path):
    import aiohttp

    shots = Path(os.environ.get("YJTUI_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    port = _free_port()
    env = dict(os.environ, TEXTUAL_ANIMATIONS="none")
    server = subprocess.Popen([sys.executable, "-m", "yjtui", "serve", "--db", str(encrypted_store), "--port",
                               str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              start_new_session=True)
    profile = tmp_path / "chromium"
    browser = subprocess.Popen([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                "--no-default-browser-check", "--remote-debugging-port=0",
                                f"--user-data-dir={profile}", "--window-size=1400,1000", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait_port(port)
        active = profile / "DevToolsActivePort"
        end = time.monotonic() + 60
        while not (active.exists() and len(active.read_text().split()) >= 2):
            assert time.monotonic() < end and browser.poll() is None, "chromium did not start"
            await asyncio.sleep(0.1)
        devtools_port = int(active.read_text().split()[0])
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{devtools_port}/json/version") as r:
                browser_ws = (await r.json())["webSocketDebuggerUrl"]
            async with http.get(f"http://127.0.0.1:{devtools_port}/json/list") as r:
                page_ws = next(t for t in await r.json() if t["type"] == "page")["webSocketDebuggerUrl"]
            async with http.ws_connect(browser_ws, max_msg_size=0) as bws, \
                    http.ws_connect(page_ws, max_msg_size=0) as pws:
                await DevTools(bws).call("Browser.setDownloadBehavior", behavior="allow",
                                         downloadPath=str(downloads))
                page = DevTools(pws)
                await page.call("Page.enable")
                await page.call("Page.addScriptToEvaluateOnNewDocument", source=CAPTURE)
                await page.call("Page.navigate", url=f"http://127.0.0.1:{port}/")

                # Sign in: the app's own screen asks the passphrase (nothing was read from a terminal).
                at = await page.wait_for("encrypted")
                await page.call("Runtime.evaluate",
                                expression="document.querySelector('.xterm-helper-textarea').focus()")
                await page.screenshot(shots / "1-sign-in.png")
                await page.type("not the passphrase")
                await page.key("enter")
                at = await page.wait_for("does not open", at)
                await page.type(KEY)
                await page.key("enter")
                at = await page.wait_for("Example", at)

                # Open the child from the case list's search, then the court screen.
                await page.type("Example")
                await page.key("enter")
                at = await page.wait_for("Date of birth", at)
                await page.key("f3")
                at = court = await page.wait_for("Court", at)

                # Type in the court screen: a charge from the gravity matrix, and the panel's finding.
                await page.key("g", ctrl=True)
                at = await page.wait_for("Charge 1", at)  # its search field has the focus once it is shown
                await page.type("robb")
                at = await page.wait_for("Robbery", at)
                await page.key("down")
                await page.key("enter")
                at = await page.wait_for("offence table", at)
                await page.wait_for("community alternative", court)  # the panel's finding (seed 002 L4458)
                await page.screenshot(shots / "2-court-finding.png")

                # Export the proposal: it arrives as a browser download.
                await page.key("r", ctrl=True)
                at = await page.wait_for("Recipient", at)
                await page.type("Youth court: bail application")
                await page.key("enter")
                end = time.monotonic() + 60
                while not [p for p in downloads.iterdir() if p.suffix == ".zip"]:
                    assert time.monotonic() < end, f"no download; in the folder: {list(downloads.iterdir())}"
                    await asyncio.sleep(0.1)
                await page.wait_for("exported", at)  # the notification
                await page.screenshot(shots / "3-exported.png")
    finally:
        for proc in (browser, server):
            proc.terminate()
        for proc in (browser, server):
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
    [download] = [p for p in downloads.iterdir() if p.suffix == ".zip"]
    with zipfile.ZipFile(download) as zf:
        names = sorted(zf.namelist())
        assert [Path(n).suffix for n in names] == [".docx", ".txt"]
        text = zf.read(next(n for n in names if n.endswith(".txt"))).decode()
    assert "Example" in text and "Robbery" in text
    assert not list(Path(os.environ.get("TMPDIR", "/tmp")).glob("yjtui-export-*/*")), "an export stayed behind"
    reopened = Store(encrypted_store, key=KEY, create=False)
    disclosures = [e for e in reopened.audit_entries() if e.action == "disclose"]
    reopened.close()
    assert disclosures and disclosures[-1].detail.startswith("Youth court: bail application")
