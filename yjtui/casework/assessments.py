"""A child's risk assessments (RoSH, SWB, LoR) as the risk screen works with them: the assessments of one kind, the
latest, a draft started on the first change, a new draft copied from a completed one.

An assessment's entries are its `data` JSON (behaviours, outcomes, YOGRS, evidence ...); the judgement (`final`), the
rationale and Matrix 2's suggestion are fields of their own.
"""

from __future__ import annotations

from typing import Any

from yjtui.store import Assessment, Store


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
