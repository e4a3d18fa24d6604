"""Workflow records as the screens use them: a child's case records of one kind, the newest, a new one.

Screens reach stored records through this layer (the import contract in .importlinter): the record types and the
conflict a save can meet are named here for them, and starting a record is one call, audited by the store.
"""

from __future__ import annotations

from typing import Any

from yjtui.casework.case_facts import loads as _loads
from yjtui.store import CaseRecord, Child, ConflictError, Store

__all__ = ["CaseRecord", "Child", "ConflictError", "loads", "of_kind", "newest", "start"]


def loads(text: Any) -> dict[str, Any]:
    """A record's `data` JSON as a dict: {} when it holds none or something unreadable (a dict passes through)."""
    return _loads(text, {})


def of_kind(store: Store, child_id: int, kind: str) -> list[CaseRecord]:
    """A child's records of one kind, oldest first (the history)."""
    return [r for r in store.records(CaseRecord, child_id) if r.kind == kind]


def newest(store: Store, child_id: int, kind: str) -> CaseRecord | None:
    found = of_kind(store, child_id, kind)
    return found[-1] if found else None


def start(store: Store, child_id: int, kind: str, data: str = "{}") -> CaseRecord:
    """A new record, collected (audited) at once so nothing typed into it can be lost."""
    return store.add(CaseRecord(child_id=child_id, kind=kind, data=data))
