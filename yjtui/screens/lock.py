"""The lock: a neutral screen that hides every child's details at once in a public court corridor.

- `LockScreen`: pushed by the quick-hide key or the idle timer. It shows nothing about any child, only how to
  unlock: the store's passphrase (encrypted store) or the PIN set in Settings (plain store).
- Signing in at the start (the encrypted store's passphrase, the team server's password) is
  `yjtui.screens.sign_in`, inside the app.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from yjtui.screens import keys

MAX_TRIES = 5

class LockScreen(Screen):
    """Neutral: no title, no header, no footer listing child screens, no notifications."""

    BINDINGS = keys.LOCK
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
    if getattr(store, "signed_in_with_password", False):
        return "Type your team-server password and press Enter to carry on where you were."
    if store.has_lock_pin():
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
        """The idle timer. The minutes set are read in a thread: on a team server that is a question over the
        network, and the screen must not wait for it every few seconds."""
        if self.locked or not getattr(self.store, "opened", True):  # not before the full store is open
            return
        from yjtui.screens.background import off_ui, on_ui

        store = self.store
        off_ui(self, "idle-lock", lambda: on_ui(self, self._lock_if_idle, store.idle_minutes()))

    def _lock_if_idle(self, minutes: int) -> None:
        if not self.locked and time.monotonic() - self._last_activity >= minutes * 60:
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
