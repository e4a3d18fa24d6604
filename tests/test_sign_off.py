"""Countersigning, as the risk and exploitation screens save it (screens/sign_off.py): a manager's act, never the
author's own, each change audited; the status line and the history heading say who and when."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest
from rich.text import Text

from yjtui.screens.sign_off import append_completed, countersign, history_heading
from yjtui.store import Assessment, CaseRecord, Child

# The team server signs as the manager's own login and refuses its superuser (the store fixture's login there):
# its countersigning is tried in tests/test_team_server.py with each role's login.
pytestmark = pytest.mark.sqlite_only


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
        case_manager = _Screen(store, "case_manager")
        assert not countersign(case_manager, record, "Mo Manager", what)  # the role, whatever name is typed
        assert "a manager's act" in case_manager.said[-1] and record.status == "complete"
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


def test_one_rule_for_who_countersigns():
    """casework/sign_off.py: the rule every screen asks (the team server enforces the same itself)."""
    from yjtui.casework.sign_off import may_countersign, refusal

    assert may_countersign("manager", "Sam Example", "Mo Manager")
    assert not may_countersign("manager", "Sam Example", " sam EXAMPLE ")  # their own
    assert not may_countersign("manager", "Sam Example", "  ")  # no name
    for role in ("case_manager", "administrator", "police_officer"):
        assert not may_countersign(role, "Sam Example", "Mo Manager")
        assert "seed 002" in refusal(role, "Sam Example", "Mo Manager") or "002" in refusal(role, "", "x")


def test_a_countersigned_record_is_withdrawn_by_a_manager_only_and_the_trail_keeps_both(store):
    from yjtui.casework import sign_off

    child = store.add(Child(given_name="Frankie", family_name="Example"))
    record = store.add(Assessment(child_id=child.id, kind="rosh", status="complete", author="Sam Example",
                                  final="high", completed_at=datetime(2026, 11, 23, 10, 0)))
    assert sign_off.countersign(store, record, "Mo Manager", "manager", "assessment") is None
    assert sign_off.withdraw(store, record, "Sam Example", "manager", "assessment").startswith(
        "The author cannot withdraw")
    assert sign_off.withdraw(store, record, "Mo Manager", "case_manager", "assessment")  # not a manager
    assert record.status == "countersigned"
    assert sign_off.withdraw(store, record, "Mo Manager", "manager", "assessment") is None
    assert (record.status, record.countersigned_by, record.countersigned_at) == ("complete", "", None)
    changes = [(a.field, a.old, a.new) for a in store.audit_entries(child.id) if a.action == "alter"]
    assert ("status", "countersigned", "complete") in changes and ("countersigned_by", "Mo Manager", "") in changes
    assert [who for who, _at in sign_off.withdrawals(store, record)] == [store.who]


def test_a_plan_review_is_not_countersigned_by_who_recorded_it(store):
    from yjtui.casework import sign_off

    review = {"date": "2026-11-23", "reason": "scheduled", "recorded_by": "Sam Example"}
    assert sign_off.countersign_review(store, review, "sam example", "manager") == \
        "The author cannot countersign their own review: a manager does."
    assert "countersigned_by" not in review
    assert sign_off.countersign_review(store, review, "Mo Manager", "manager") is None
    assert review["countersigned_by"] == "Mo Manager" and review["countersigned_at"]
