"""Offline for the day, as a screen: on the team server, choose the children to take (today's court list ticked)
and a passphrase for the laptop's encrypted copy; on an offline copy, where it came from, what is waiting to be
sent and, side by side, each field changed on both sides that waits for the user's choice.

The work is `yjtui.store.offline` (the same as `yjtui offline take`); sending back and choosing is
`yjtui offline sync` / `resolve` on the command line, which ask the server's password.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, SelectionList, Static

from yjtui.screens import keys
from yjtui.screens.header import Header
from yjtui.store import StoreError, offline
from yjtui.text import shown

MIN_PASSPHRASE = 8


class OfflineScreen(Screen):
    BINDINGS = keys.OFFLINE
    TITLE = "Offline copy"
    AUTO_FOCUS = "#children"  # the list first: arrows and space at once, tab on to the path and passphrase

    def compose(self) -> ComposeResult:
        store = self.app.store
        yield Header()
        with VerticalScroll(id="form"):
            if getattr(store, "server", False):
                today = set(offline.court_today(store, self.app.today()))
                rows, _ = store.search("", limit=2000)
                yield Label("Children to take offline (space ticks; today's court list is ticked)")
                yield SelectionList(*[(Text(shown(f"{r.name}  {r.yjs_ref}")), r.id, r.id in today) for r in rows],
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
        yield Footer()

    def _copy_report(self) -> Text:
        store = self.app.store
        t = Text()
        if not offline.is_offline_copy(store):
            t.append("This is a laptop's own store, not a copy of a team server: there is nothing to take or sync.")
            return t
        t.append(shown(f"Offline copy taken by {store.get_setting('offline.user')} from {offline.origin(store)} at "
                       f"{store.get_setting('offline.taken_at').replace('T', ' ')}.") + "\n", style="bold")
        t.append(f"Changes waiting to be sent: {len(offline.unsynced(store))}. Back on the network: "
                 "yjtui offline sync\n\n")
        conflicts = offline.open_conflicts(store)
        if not conflicts:
            t.append("No field waits for your choice.")
            return t
        t.append("Changed on this laptop and on the server since the copy was taken; nothing overwritten until you "
                 "choose (yjtui offline resolve):\n\n", style="bold")
        t.append(f"{'record':<16}{'field':<18}{'was':<20}{'this laptop':<24}{'the server':<24}\n", style="underline")
        for c in conflicts:
            t.append(f"{shown(c.table + ' ' + str(c.record_id)):<16}{shown(c.field):<18}"
                     f"{shown(c.base or '(blank)')[:19]:<20}{shown(c.laptop or '(blank)')[:23]:<24}"
                     f"{shown(c.server or '(blank)')[:23]:<24}\n")
        return t

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_take(self) -> None:
        store = self.app.store
        if not getattr(store, "server", False):
            self.notify("Children are taken offline from the team server, not from a laptop's store.")
            return
        msg = self.query_one("#offline-msg", Static)
        ids = list(self.query_one("#children", SelectionList).selected)
        key, again = self.query_one("#key", Input).value, self.query_one("#key2", Input).value
        problem = ("Tick at least one child." if not ids else
                   f"The passphrase needs at least {MIN_PASSPHRASE} characters." if len(key) < MIN_PASSPHRASE else
                   "The two passphrases differ." if key != again else "")
        if problem:
            msg.set_class(True, "-error")
            msg.update(problem)
            return
        from pathlib import Path

        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        try:
            offline.take(store, ids, path, key).close()
        except StoreError as exc:
            msg.set_class(True, "-error")
            msg.update(Text(shown(exc)))
            return
        for box in ("#key", "#key2"):
            self.query_one(box, Input).value = ""
        msg.set_class(False, "-error")
        msg.update(Text(shown(f"Took {len(ids)} child(ren) into {path} (encrypted). Work on them with no network: "
                              f"yjtui --db {path}; back on the network: yjtui offline sync.")))
