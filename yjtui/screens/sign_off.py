"""Completing and countersigning a record, as the risk and exploitation screens show and save it: who completed it
and when, and the manager's countersignature (a manager's act; the author cannot countersign their own: the rule
and the act are casework/sign_off.py's).

The record is an `Assessment` or a `CaseRecord`: both carry status, author, completed_at, countersigned_by and
countersigned_at. Every workflow screen completes and countersigns here; the acts save what casework/sign_off.py
says they save through the screen's conflict guard, never past it.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from yjtui.casework import sign_off
from yjtui.casework.dates import show_date
from yjtui.screens.record_guard import RecordGuard
from yjtui.text import shown

STATUS_WORDS = {"draft": "Draft", "complete": "Completed", "countersigned": "Countersigned"}


def history_heading(record: Any) -> Text:
    """A history entry's first line: its status in bold, who completed it and who countersigned it, when."""
    t = Text()
    t.append(shown(STATUS_WORDS.get(record.status, record.status)), style="bold")
    if record.completed_at:
        t.append(f" {show_date(record.completed_at)} by ")
        t.append(shown(record.author) or "?")
    if record.countersigned_by:
        t.append("; countersigned by ")
        t.append(shown(record.countersigned_by))
        t.append(f" on {show_date(record.countersigned_at)}")
    return t


class CountersignScreen(ModalScreen[str]):
    """Asks the countersigning manager's name; the answer is the name, or "" when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="risk.countersign.cancel")]
    DEFAULT_CSS = """
    CountersignScreen { align: center middle; }
    #countersign { width: 70; height: auto; border: thick $primary; background: $surface; padding: 1 2; }
    """

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(id="countersign"):
            yield Label(Text(f"Countersign: {self.what}"))
            yield Label("Manager's name (enter to record, escape to cancel)")
            yield Input(id="manager", compact=True)
            yield Static("", id="manager-msg")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name:
            self.query_one("#manager-msg", Static).update("Type the manager's name, or press escape.")
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss("")


def append_completed(t: Text, record: Any) -> None:
    """The status line of a completed record: completed when and by whom, countersigned or not yet (ctrl+t)."""
    t.append(f"Completed {show_date(record.completed_at)} by ")
    t.append(shown(record.author) or "?")
    if record.status == "countersigned":
        t.append("; countersigned by ")
        t.append(shown(record.countersigned_by))
        t.append(f" on {show_date(record.countersigned_at)}")
    else:
        t.append(". Not yet countersigned (ctrl+t)")


def _guard(screen: Any) -> RecordGuard:
    return getattr(screen, "guard", None) or RecordGuard(screen, show=lambda: None)


def complete(screen: Any, record: Any) -> bool:
    """Complete a record: who and when, then its status, through the screen's guard. True when saved (False: the
    save met another copy's change and the question is open)."""
    guard = _guard(screen)
    guard.save(record, sign_off.completed(screen.app.store))
    return not guard.asking and record.status == "complete"


def countersign(screen: Any, record: Any, name: str, what: str) -> bool:
    """Save the manager's countersignature on a completed record through the screen's guard (each change audited
    by the store); refused by the one rule (casework/sign_off.py: a manager's act, never the author's own; on a team
    server the signed-in login signs). `what` names the record in the message ("assessment", "screening"). True
    when saved."""
    store = screen.app.store
    signer = sign_off.signer_for(store, name)
    why = sign_off.refusal(screen.app.role(), record.author, signer, what)
    if why:
        screen.notify(why, severity="warning", markup=False)
        return False
    guard = _guard(screen)
    guard.save(record, sign_off.countersigned(store, signer))
    if guard.asking or record.status != "countersigned":
        return False
    screen.notify(f"Countersigned by {record.countersigned_by}.", markup=False)
    return True
