"""The lock: a neutral screen that hides every child's details at once in a public court corridor.

- `LockScreen`: pushed by the quick-hide key or the idle timer. It shows nothing about any child, only how to
  unlock: the store's passphrase (encrypted store) or the PIN set in Settings (plain store).
- `UnlockStoreApp`: asked before the main app starts, when the store is encrypted. A wrong passphrase gets a
  message and another try, never a traceback.
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from yjtui.screens import keys
from yjtui.text import shown

MAX_TRIES = 5

LOCK_CSS = """
LockScreen, UnlockStoreApp Screen { align: center middle; background: $background; }
#lock-box { width: 60; height: auto; border: round $primary; padding: 1 2; }
#lock-title { text-style: bold; width: 100%; content-align: center middle; }
#lock-how { color: $text-muted; margin: 1 0; }
#lock-msg { height: auto; min-height: 1; color: $error; }
"""


class LockScreen(Screen):
    """Neutral: no title, no header, no footer listing child screens, no notifications."""

    BINDINGS = keys.LOCK
    DEFAULT_CSS = LOCK_CSS
    AUTO_FOCUS = "#lock-secret"

    def __init__(self, how: str) -> None:
        super().__init__()
        self._how = how

    def compose(self) -> ComposeResult:
        with Center():
            with Vertical(id="lock-box"):
                yield Static("yjtui is locked", id="lock-title")
                yield Static(Text(self._how), id="lock-how")
                yield Input(password=True, id="lock-secret", placeholder="Passphrase or PIN, then Enter")
                yield Static("", id="lock-msg")

    @on(Input.Submitted, "#lock-secret")
    def _try(self, event: Input.Submitted) -> None:
        secret = event.value
        event.input.value = ""
        if self.app.store.unlocks(secret):
            self.app.unlock()
        else:
            self.query_one("#lock-msg", Static).update(Text("That does not unlock yjtui. Try again."))

    def action_clear(self) -> None:
        self.query_one("#lock-secret", Input).value = ""
        self.query_one("#lock-msg", Static).update("")


def lock_instructions(store) -> str:
    if store.encrypted:
        return "Type the store's passphrase and press Enter to carry on where you were."
    if store.get_setting("lock_pin"):
        return "Type your PIN and press Enter to carry on where you were."
    return ("No PIN is set (Settings), so Enter unlocks: this hides the screen but does not lock it. "
            "Set a PIN, or encrypt the store (yjtui encrypt).")


# Input that counts as the officer still being at the laptop (a mouse merely moving does not).
_ACTIVITY = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp, events.Paste)
# While locked, only these app actions run: everything else (function keys, palette, help) would show data.
_ALLOWED_WHILE_LOCKED = {"quit", "lock"}
IDLE_CHECK_SECONDS = 5.0


class LockMixin:
    """The app's half of the lock: the quick-hide action, the idle timer, and no app keys while locked.

    Mixed into the App (before `App` in its bases) so the app module gains only a base class and one call.
    """

    locked: bool = False
    _last_activity: float = 0.0

    def start_idle_lock(self) -> None:
        self._last_activity = time.monotonic()
        self.set_interval(IDLE_CHECK_SECONDS, self._check_idle, name="idle-lock")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, _ACTIVITY):
            self._last_activity = time.monotonic()
        await super().on_event(event)

    def _check_idle(self) -> None:
        if not self.locked and time.monotonic() - self._last_activity >= self.store.idle_minutes() * 60:
            self.action_lock()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if self.locked and action not in _ALLOWED_WHILE_LOCKED:
            return False
        return super().check_action(action, parameters)

    def action_lock(self) -> None:
        """Hide everything now: save what is being typed, drop notifications, cover the screen."""
        if self.locked:
            return
        for screen in self.screen_stack:
            flush = getattr(screen, "flush", None)
            if flush:
                flush()
        self.clear_notifications()
        self.locked = True
        self.push_screen(LockScreen(lock_instructions(self.store)))

    def unlock(self) -> None:
        if isinstance(self.screen, LockScreen):
            self.pop_screen()
        self.locked = False
        self._last_activity = time.monotonic()


class UnlockStoreApp(App):
    """Asks for an encrypted store's passphrase; returns the open Store, or None if the user gives up."""

    CSS = LOCK_CSS
    TITLE = "yjtui"
    BINDINGS = keys.UNLOCK
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = Path(path)
        self.tries = 0

    def compose(self) -> ComposeResult:
        with Center():
            with Vertical(id="lock-box"):
                yield Static("This yjtui store is encrypted", id="lock-title")
                yield Static(Text(f"{shown(self.path)}\nType its passphrase and press Enter. Escape gives up."),
                             id="lock-how")
                yield Input(password=True, id="lock-secret", placeholder="Passphrase")
                yield Static("", id="lock-msg")

    def on_mount(self) -> None:
        self.query_one("#lock-secret", Input).focus()

    @on(Input.Submitted, "#lock-secret")
    def _try(self, event: Input.Submitted) -> None:
        from yjtui.store import Store, StoreError
        from yjtui.store.crypto import WrongPassphrase

        key = event.value
        event.input.value = ""
        msg = self.query_one("#lock-msg", Static)
        if not key:
            msg.update("Type the passphrase first.")
            return
        try:
            store = Store(self.path, key=key, create=False)
        except WrongPassphrase:
            self.tries += 1
            if self.tries >= MAX_TRIES:
                self.exit(None, return_code=3)
                return
            msg.update(Text(f"That passphrase does not open this store. Try again "
                            f"({MAX_TRIES - self.tries} tries left)."))
            return
        except StoreError as exc:
            msg.update(Text(shown(exc)))
            return
        self.exit(store)

    def action_give_up(self) -> None:
        self.exit(None, return_code=1)
