"""Completing and countersigning a record, as the risk and exploitation screens show and save it: who completed it
and when, and the manager's countersignature (a manager's act; the author cannot countersign their own: the rule
and the act are casework/sign_off.py's).

The record is an `Assessment` or a `CaseRecord`: both carry status, author, completed_at, countersigned_by and
countersigned_at.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from yjtui.casework import sign_off
from yjtui.casework.dates import show_date
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


def countersign(screen: Any, record: Any, name: str, what: str) -> bool:
    """Save the manager's countersignature on a completed record through the one countersign act
    (casework/sign_off.py: a manager's act, never the author's own; on a team server the signed-in login signs).
    `what` names the record in the message ("assessment", "screening"). True when saved."""
    store = screen.app.store
    why = sign_off.countersign(store, record, name, screen.app.role(), what)
    if why:
        screen.notify(why, severity="warning", markup=False)
        return False
    screen.notify(f"Countersigned by {record.countersigned_by}.", markup=False)
    return True
