"""Signing in, inside the app: the encrypted store's passphrase, or the team server's user name and password.

Nothing is read from the terminal before the app starts, so yjtui runs where there is no terminal of its own (in
a browser through `yjtui serve`, or started by a launcher). The headless commands keep their terminal prompts.

`SignIn` says what to ask; `SignInScreen` asks it and hands the open store to the app (`YjtuiApp.signed_in`).
A wrong passphrase or password gets a message and another try, never a traceback; after `MAX_TRIES` the app
leaves. The secret is passed to the store and dropped: no attribute, log or notification keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from yjtui.screens import keys
from yjtui.text import shown

MAX_TRIES = 5


@dataclass(frozen=True)
class SignIn:
    """What the app asks before it opens: `where` is an encrypted store's path or a team server's URL.

    `ask_user`: the person types their own team-server login (a browser session of `yjtui serve`, where the
    server process's own credentials must never stand in for the person's)."""

    where: Path | str
    ask_user: bool = False

    @property
    def server(self) -> bool:
        return isinstance(self.where, str)


class SignInScreen(Screen):
    """Asks for the passphrase or password, opens the store off the UI thread, and calls `app.signed_in(store)`."""

    BINDINGS = keys.SIGN_IN
    AUTO_FOCUS = "Input"

    def __init__(self, request: SignIn) -> None:
        super().__init__()
        self.request = request
        self.tries = 0

    def compose(self) -> ComposeResult:
        from yjtui.store.server import display_url

        req = self.request
        with Center():
            with Vertical(id="lock-box"):
                if req.server:
                    yield Static("Sign in to the team server", id="lock-title")
                    how = f"{shown(display_url(req.where))}\nYour own login: what you change is recorded in your name."
                else:
                    yield Static("This yjtui store is encrypted", id="lock-title")
                    how = f"{shown(str(req.where))}\nType its passphrase and press Enter."
                yield Static(Text(how + " Escape leaves yjtui."), id="lock-how")
                if req.ask_user:
                    yield Input(id="sign-in-user", placeholder="User name")
                yield Input(password=True, id="lock-secret",
                            placeholder="Password" if req.server else "Passphrase")
                yield Static("", id="lock-msg")

    def _say(self, message: str) -> None:  # a store's or server's answer may quote stored text: shown
        self.query_one("#lock-msg", Static).update(Text(shown(message)))

    @on(Input.Submitted, "#sign-in-user")
    def _to_password(self) -> None:
        self.query_one("#lock-secret", Input).focus()

    @on(Input.Submitted, "#lock-secret")
    def _try(self, event: Input.Submitted) -> None:
        secret = event.value
        event.input.value = ""
        user = self.query_one("#sign-in-user", Input).value.strip() if self.request.ask_user else None
        if self.request.ask_user and not user:
            self._say("Type your user name first.")
            self.query_one("#sign-in-user", Input).focus()
            return
        if not secret:
            self._say("Type the password first." if self.request.server else "Type the passphrase first.")
            return
        self._say("Opening…")
        # Imported here, on the UI thread: importing SQLAlchemy in a worker while the UI thread imports it too can
        # leave a partly initialised module (yjtui.store.case_reader's note).
        import yjtui.store.store  # noqa: F401
        import yjtui.store.crypto  # noqa: F401

        self.query_one("#lock-secret", Input).disabled = True
        self._open(user, secret)

    @work(thread=True, exclusive=True, group="sign-in")
    def _open(self, user: str | None, secret: str) -> None:
        from yjtui.store import PasswordNeeded, Store, StoreError
        from yjtui.store.crypto import WrongPassphrase
        from yjtui.store.server import with_user

        req = self.request
        store, problem, wrong = None, "", False
        try:
            if req.server:
                url = with_user(req.where, user) if user else req.where
                store = Store(url, password=secret)  # given, it wins over PGPASSWORD and ~/.pgpass
            else:
                store = Store(req.where, key=secret, create=False)
        except WrongPassphrase:
            wrong, problem = True, "That passphrase does not open this store."
        except PasswordNeeded:
            wrong, problem = True, "The team server asks for a password."
        except StoreError as exc:
            text = str(exc)
            wrong = "did not accept" in text
            problem = text
        self.app.call_from_thread(self._opened, store, problem, wrong)

    def _opened(self, store, problem: str, wrong: bool) -> None:
        secret = self.query_one("#lock-secret", Input)
        secret.disabled = False
        secret.focus()
        if store is not None:
            self.app.signed_in(store)
            return
        if wrong:
            self.tries += 1
            if self.tries >= MAX_TRIES:
                what = "passwords" if self.request.server else "passphrases"
                self.app.exit(return_code=3, message=f"yjtui: {MAX_TRIES} wrong {what}; yjtui stays locked.")
                return
            problem += f" Try again ({MAX_TRIES - self.tries} tries left)."
        self._say(problem)

    def action_give_up(self) -> None:
        self.app.exit(return_code=1, message="yjtui: not signed in; the store stays locked.")
