"""Completing and countersigning a record, as the risk and exploitation screens show and save it: who completed it
and when, and the manager's countersignature (a manager's act; the author cannot countersign their own).

The record is an `Assessment` or a `CaseRecord`: both carry status, author, completed_at, countersigned_by and
countersigned_at.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text

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
    """Save the manager's countersignature on a completed record (each change audited by the store); the author's
    own name is refused. `what` names the record in the message ("assessment", "screening"). True when saved."""
    name = name.strip()
    if name.casefold() == (record.author or "").strip().casefold():
        screen.notify(f"The author cannot countersign their own {what}: a manager does.", severity="warning")
        return False
    store = screen.app.store
    store.update(record, "countersigned_by", name)
    store.update(record, "countersigned_at", datetime.now().replace(microsecond=0))
    store.update(record, "status", "countersigned")
    screen.notify(f"Countersigned by {name}.")
    return True
