"""Countersigning, as the risk and exploitation screens save it (screens/sign_off.py): a manager's act, never the
author's own, each change audited; the status line and the history heading say who and when."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from rich.text import Text

from yjtui.screens.sign_off import append_completed, countersign, history_heading
from yjtui.store import Assessment, CaseRecord, Child


class _Screen:
    def __init__(self, store, role: str = "manager"):
        self.app = SimpleNamespace(store=store, role=lambda: role)
        self.said: list[str] = []

    def notify(self, message: str, **_kw) -> None:
        self.said.append(message)


def test_the_author_cannot_countersign_their_own_record_and_a_manager_can(store):
    child = store.add(Child(given_name="Frankie", family_name="Example"))
    for record, what in ((Assessment(child_id=child.id, kind="rosh", status="complete", author="Sam Example",
                                     completed_at=datetime(2026, 11, 23, 10, 0)), "assessment"),
                         (CaseRecord(child_id=child.id, kind="exploitation", status="complete", author="Sam Example",
                                     completed_at=datetime(2026, 11, 23, 10, 0)), "screening")):
        record = store.add(record)
        screen = _Screen(store)
        assert not countersign(screen, record, "  sam example ", what)
        assert record.status == "complete" and not record.countersigned_by
        assert screen.said == [f"The author cannot countersign their own {what}: a manager does."]
        assert countersign(screen, record, " Mo Manager ", what)
        store.reload(record)
        assert (record.status, record.countersigned_by) == ("countersigned", "Mo Manager")
        assert record.countersigned_at is not None and screen.said[-1] == "Countersigned by Mo Manager."
        heading = history_heading(record).plain
        assert heading.startswith("Countersigned 23/11/2026 by Sam Example; countersigned by Mo Manager on ")
        line = Text()
        append_completed(line, record)
        assert line.plain.startswith("Completed 23/11/2026 by Sam Example; countersigned by Mo Manager")
    altered = [(a.record, a.field) for a in store.audit_entries(child.id) if a.action == "alter"]
    for kind in ("assessment", "caserecord"):
        assert {(kind, "countersigned_by"), (kind, "countersigned_at"), (kind, "status")} <= set(altered), altered


def test_a_completed_record_not_yet_countersigned_says_so():
    record = SimpleNamespace(status="complete", author="", completed_at=datetime(2026, 11, 23, 9, 30),
                             countersigned_by="", countersigned_at=None)
    line = Text()
    append_completed(line, record)
    assert line.plain == "Completed 23/11/2026 by ?. Not yet countersigned (ctrl+t)"
    assert history_heading(record).plain == "Completed 23/11/2026 by ?"
