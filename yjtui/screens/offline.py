"""Offline for the day, as a screen: on the team server, choose the children to take (today's court list ticked)
and a passphrase for the laptop's encrypted copy; on an offline copy, how old it is, what waits to be sent, the
questions waiting (named, not their values) and what was set aside, and a sync with the server from here.

The work is `yjtui.store.offline` (the same as `yjtui offline take` and `sync`), run off the UI thread with a
progress bar: the screen keeps answering while children are copied or changes sent. The questions are answered on
`OfflineQuestionsScreen` (`ctrl+a` here, the banner, or the palette's "Offline questions").
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, ProgressBar, SelectionList, Static

from yjtui.screens import keys
from yjtui.screens.footer import Footer
from yjtui.screens.header import Header
from yjtui.screens.offline_questions import age_words, banner, open_questions, words
from yjtui.screens.tick_list import TickList
from yjtui.store import StoreError, offline
from yjtui.text import shown

MIN_PASSPHRASE = 8


class OfflineScreen(Screen):
    BINDINGS = keys.OFFLINE
    TITLE = "Offline copy"
    DEFAULT_CSS = """
    OfflineScreen #offline-progress { display: none; margin: 1 0; }
    OfflineScreen #offline-progress.-running { display: block; }
    OfflineScreen .-hidden { display: none; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.busy = False

    @property
    def on_server(self) -> bool:
        return bool(getattr(self.app.store, "server", False))

    def compose(self) -> ComposeResult:
        store = self.app.store
        yield Header()
        with VerticalScroll(id="form"):
            if self.on_server:
                today = set(offline.court_today(store, self.app.today()))
                rows, _ = store.search("", limit=2000)
                yield Label("Children to take offline (space ticks; today's court list is ticked)")
                yield TickList(*[(Text(shown(f"{r.name}  {r.yjs_ref}")), r.id, r.id in today) for r in rows],
                                    id="children")
                yield Label("Where on this laptop")
                yield Input(shown(offline.default_copy()), id="path")
                yield Label(f"A passphrase for the copy (at least {MIN_PASSPHRASE} characters; it is encrypted)")
                yield Input(password=True, id="key")
                yield Label("The passphrase again")
                yield Input(password=True, id="key2")
                yield Static("ctrl+t takes the ticked children offline.", id="offline-msg", classes="field-msg")
            else:
                yield Static(self._copy_report(), id="offline-report")
                if offline.is_offline_copy(store):
                    yield Label("This copy's passphrase (the copy is rebuilt, encrypted, after the sync)")
                    yield Input(password=True, id="key")
                    yield Label("The team server's password (if it asks for one)", id="password-label",
                                classes="-hidden")
                    yield Input(password=True, id="password", classes="-hidden")
                    yield Static("ctrl+s sends this laptop's changes to the team server and takes the server's.",
                                 id="offline-msg", classes="field-msg")
            yield ProgressBar(id="offline-progress", show_eta=False)
        yield Footer()

    def on_mount(self) -> None:
        first = "#children" if self.on_server else "#key"
        try:
            self.query_one(first).focus()
        except Exception:
            pass

    def _copy_report(self) -> Text:
        store = self.app.store
        t = Text()
        if not offline.is_offline_copy(store):
            t.append("This is a laptop's own store, not a copy of a team server: there is nothing to take or sync.")
            return t
        t.append(f"Offline copy taken by {shown(store.get_setting('offline.user'))} from "
                 f"{shown(offline.origin(store))} at {shown(store.get_setting('offline.taken_at').replace('T', ' '))}; "
                 "it last matched the server "
                 f"{age_words(store)} ago.\n", style="bold")
        t.append(f"Changes waiting to be sent: {len(offline.unsynced(store))}.\n\n")
        found = offline.questions(store)
        if found:
            t.append(f"{len(found)} question{'s' * (len(found) != 1)} wait for your answer (ctrl+a): each entry was "
                     "changed on this laptop and on the server; the server keeps its value until you choose.\n",
                     style="bold")
            for q in found:
                t.append(f"  {words(q)}\n")
        else:
            t.append("No question waits.\n")
        for a in offline.set_aside(store):
            t.append(f"\nSet aside: {a.message} Export them for the record: yjtui offline set-aside --export FILE.\n",
                     style="bold")
        return t

    def _say(self, message: str, *, error: bool = False) -> None:
        msg = self.query_one("#offline-msg", Static)
        msg.set_class(error, "-error")
        msg.update(message)

    def _progress(self, done: int, total: int, what: str) -> None:
        bar = self.query_one("#offline-progress", ProgressBar)
        bar.update(total=max(total, 1), progress=done)
        self._say(f"{done} of {total} {what}…")

    def _set_busy(self, running: bool) -> None:
        self.busy = running
        bar = self.query_one("#offline-progress", ProgressBar)
        bar.set_class(running, "-running")
        if running:
            bar.update(total=None, progress=0)

    def action_back(self) -> None:
        if self.busy:
            self.notify("Wait for the copy to finish: it is being written now.", markup=False)
            return
        self.app.pop_screen()

    def action_questions(self) -> None:
        if not self.on_server and offline.is_offline_copy(self.app.store):
            open_questions(self.app)

    # --- take (on the team server) ------------------------------------------------------------------------------
    def action_take(self) -> None:
        if not self.on_server:
            self.notify("Children are taken offline from the team server, not from a laptop's store.")
            return
        if self.busy:
            return
        ids = list(self.query_one("#children", SelectionList).selected)
        key, again = self.query_one("#key", Input).value, self.query_one("#key2", Input).value
        problem = ("Tick at least one child." if not ids else
                   f"The passphrase needs at least {MIN_PASSPHRASE} characters." if len(key) < MIN_PASSPHRASE else
                   "The two passphrases differ." if key != again else "")
        if problem:
            self._say(problem, error=True)
            return
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        for box in ("#key", "#key2"):
            self.query_one(box, Input).value = ""
        self._set_busy(True)
        self._say(f"Taking {len(ids)} child(ren) offline…")
        self._take(ids, path, key)

    @work(thread=True, exclusive=True, group="offline")
    def _take(self, ids: list[int], path: Path, key: str) -> None:
        def progress(done: int, total: int, what: str) -> None:
            self.app.call_from_thread(self._progress, done, total, what)

        try:
            offline.take(self.app.store, ids, path, key, progress=progress).close()
        except StoreError as exc:
            self.app.call_from_thread(self._took, str(exc), True)
            return
        self.app.call_from_thread(self._took, f"Took {len(ids)} child(ren) into {path} (encrypted). Work on them "
                                  f"with no network: yjtui --db {path}; back on the network: sync from there "
                                  "(ctrl+p Offline copy) or yjtui offline sync.", False)

    def _took(self, message: str, error: bool) -> None:
        self._set_busy(False)
        self._say(message, error=error)

    # --- sync (on an offline copy) -------------------------------------------------------------------------------
    def action_sync(self) -> None:
        store = self.app.store
        if self.on_server or not offline.is_offline_copy(store):
            self.notify("Syncing is done from an offline copy (yjtui --db the copy's file).")
            return
        if self.busy:
            return
        key = self.query_one("#key", Input).value
        if not key or not store.unlocks(key):
            self._say("That is not this copy's passphrase.", error=True)
            return
        password = self.query_one("#password", Input).value or None
        self._set_busy(True)
        self._say("Connecting to the team server…")
        self._sync(key, password)

    @work(thread=True, exclusive=True, group="offline")
    def _sync(self, key: str, password: str | None) -> None:
        from yjtui.store import PasswordNeeded, Store

        local = self.app.store

        def progress(done: int, total: int, what: str) -> None:
            self.app.call_from_thread(self._progress, done, total, what)

        try:
            server = Store(offline.origin(local), password=password)
        except PasswordNeeded:
            self.app.call_from_thread(self._needs_password)
            return
        except StoreError as exc:
            self.app.call_from_thread(self._synced, None, str(exc))
            return
        try:
            result = offline.sync(local, server, key, progress=progress)
        except StoreError as exc:
            self.app.call_from_thread(self._synced, None, str(exc))
            return
        finally:
            server.close()
        self.app.call_from_thread(self._synced, result, "")

    def _needs_password(self) -> None:
        self._set_busy(False)
        for box in ("#password-label", "#password"):
            self.query_one(box).remove_class("-hidden")
        self.query_one("#password", Input).focus()
        self._say("The team server asks for your password: type it, then ctrl+s again.", error=True)

    def _synced(self, result, problem: str) -> None:
        self._set_busy(False)
        for box in ("#key", "#password"):
            self.query_one(box, Input).value = ""
        if result is None:
            self._say(f"Not synced: {problem}", error=True)
            return
        self.app.forget_deadlines()
        self.query_one("#offline-report", Static).update(self._copy_report())
        said = (f"Synced: {result.sent} change(s) sent, {result.written} written on the server"
                + (f", {len(result.questions)} new question(s) (ctrl+a)" if result.questions else "")
                + (f", {len(result.set_aside)} set aside" if result.set_aside else "") + ".")
        self._say(said)
        self.app.sub_title = banner(self.app.store)
