"""A child's risk assessments (RoSH, SWB, LoR) as the risk screen works with them: the assessments of one kind, the
latest, a draft started on the first change, a new draft copied from a completed one.

An assessment's entries are its `data` JSON (behaviours, outcomes, YOGRS, evidence ...); the judgement (`final`), the
rationale and Matrix 2's suggestion are fields of their own.
"""

from __future__ import annotations

import json
from datetime import datetime, time
from typing import Any

from yjtui.casework import sign_off
from yjtui.store import Assessment, Event, Store, TaskDone

REVIEW_EVENT = "risk_assessment_completed"  # its review deadline reaches the board (rules/deadlines.py)
REVIEW_RULE = "assessment.risk_review"


def of_kind(store: Store, child_id: int, kind: str) -> list[Assessment]:
    """The child's assessments of one kind, oldest first (the history)."""
    return [a for a in store.records(Assessment, child_id) if a.kind == kind]


def latest(store: Store, child_id: int, kind: str) -> Assessment | None:
    """The newest assessment of one kind, draft or completed: the one the screen opens."""
    found = of_kind(store, child_id, kind)
    return found[-1] if found else None


def start_draft(store: Store, child_id: int, kind: str, **values: Any) -> Assessment:
    """A new draft with the values typed so far, collected (audited) at once."""
    return store.add(Assessment(child_id=child_id, kind=kind, status="draft", **values))


def copy_as_draft(store: Store, record: Assessment, data: str) -> Assessment:
    """A new draft starting from a completed assessment: its entries (`data`, as the screen reads them), judgement,
    suggestion and rationale."""
    return start_draft(store, record.child_id, record.kind, data=data, final=record.final,
                       suggested=record.suggested, rationale=record.rationale)


def complete(store: Store, record: Assessment, now: datetime, review_months: int) -> Event:
    """Complete an assessment: who and when (what casework/sign_off.completed says completing saves), and its
    review on the board (`review_on_board`). The risk screen saves the first through its conflict guard, then
    calls `review_on_board` itself."""
    for name, value in sign_off.completed(store, now).items():
        store.update(record, name, value)
    return review_on_board(store, record, now, review_months)


def review_on_board(store: Store, record: Assessment, now: datetime, review_months: int) -> Event:
    """A completed assessment's review on the board: a `risk_assessment_completed` event, at the cycle the risk
    screen states (`risk_form.review_note`). The review deadlines of the earlier assessments of the same kind are
    answered by this one (marked done)."""
    done = {(t.event_id, t.rule) for t in store.records(TaskDone, record.child_id)}
    for e in store.records(Event, record.child_id):
        if e.type == REVIEW_EVENT and json.loads(e.data or "{}").get("assessment_kind") == record.kind \
                and (e.id, REVIEW_RULE) not in done:
            store.add(TaskDone(child_id=record.child_id, event_id=e.id, rule=REVIEW_RULE, done_by=store.who))
    return store.add(Event(child_id=record.child_id, type=REVIEW_EVENT, at=datetime.combine(now.date(), time.min),
                           data=json.dumps({"assessment_kind": record.kind, "review_months": review_months,
                                            "assessment_id": record.id})))

