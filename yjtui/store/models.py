"""The case store's tables: children, hearings, assessments, plans, case records, dated events, settings and the audit trail.

The schema is owned by the Alembic revisions in `yjtui/store/migrations/versions`; these models must match them
(a test compares the two). Structured parts of an assessment or plan live in a JSON `data` column so a new
question in the guidance does not need a migration.
"""

from __future__ import annotations

from datetime import date, datetime  # noqa: F401 (datetime.now defaults)

# Local clock times, as a court list gives them: stored without a zone.
from typing import Optional

from pydantic import NaiveDatetime
from sqlmodel import Field, SQLModel


class Child(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    given_name: str = ""
    family_name: str = ""
    date_of_birth: Optional[date] = None
    sex: str = ""
    # Needed for the disproportionality monitoring the guidance asks for (seed 002 L4280).
    ethnicity: str = ""
    looked_after: str = "no"
    home_la: str = ""
    yjs_ref: str = Field(default="", index=True)
    created_at: NaiveDatetime = Field(default_factory=datetime.now)
    updated_at: NaiveDatetime = Field(default_factory=datetime.now)
    version: int = 1  # bumped on every save; a save against a newer version is a conflict

    @property
    def display_name(self) -> str:
        name = f"{self.given_name} {self.family_name}".strip()
        return name or "(no name yet)"


class Hearing(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="child.id", index=True)
    court: str = ""
    at: Optional[NaiveDatetime] = None
    charges: str = "[]"  # JSON list of charge objects (offence, flags, adult maximum)
    outcome: str = ""
    data: str = "{}"  # JSON: the bail and remand assessment
    created_at: NaiveDatetime = Field(default_factory=datetime.now)
    updated_at: NaiveDatetime = Field(default_factory=datetime.now)
    version: int = 1


class Assessment(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="child.id", index=True)
    kind: str = ""  # rosh, swb, lor
    data: str = "{}"  # JSON: behaviours / outcomes, answers, rationale
    suggested: str = ""
    final: str = ""
    rationale: str = ""
    status: str = "draft"  # draft, complete, countersigned
    author: str = ""
    completed_at: Optional[NaiveDatetime] = None
    countersigned_by: str = ""
    countersigned_at: Optional[NaiveDatetime] = None
    created_at: NaiveDatetime = Field(default_factory=datetime.now)
    updated_at: NaiveDatetime = Field(default_factory=datetime.now)
    version: int = 1


class Plan(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="child.id", index=True)
    data: str = "{}"  # JSON: order, requirements, items, contacts, reviews
    status: str = "draft"
    created_at: NaiveDatetime = Field(default_factory=datetime.now)
    updated_at: NaiveDatetime = Field(default_factory=datetime.now)
    version: int = 1


class CaseRecord(SQLModel, table=True):
    """A workflow record that is not an assessment: a transfer, a transition to Probation, an exploitation
    screening, an NRM referral, a panel, an out-of-court decision, an ISS contact, a DYO record (`kind`)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="child.id", index=True)
    kind: str = Field(default="", index=True)
    data: str = "{}"  # JSON: the workflow's answers; its shape is documented beside the kind's casework module
    status: str = "draft"  # draft, complete, countersigned
    author: str = ""
    completed_at: Optional[NaiveDatetime] = None
    countersigned_by: str = ""
    countersigned_at: Optional[NaiveDatetime] = None
    created_at: NaiveDatetime = Field(default_factory=datetime.now)
    updated_at: NaiveDatetime = Field(default_factory=datetime.now)
    version: int = 1


class Event(SQLModel, table=True):
    """A dated event (remanded to YDA, order made ...) from which the rules engine derives deadlines."""

    id: Optional[int] = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="child.id", index=True)
    type: str = ""
    at: NaiveDatetime = Field(default_factory=datetime.now)
    data: str = "{}"
    created_at: NaiveDatetime = Field(default_factory=datetime.now)


class TaskDone(SQLModel, table=True):
    """A deadline marked done: which event and rule, when and by whom."""

    id: Optional[int] = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="child.id", index=True)
    event_id: Optional[int] = Field(default=None, foreign_key="event.id")
    rule: str = ""
    done_at: NaiveDatetime = Field(default_factory=datetime.now)
    done_by: str = ""


class Setting(SQLModel, table=True):
    key: str = Field(primary_key=True)
    value: str = ""


class Audit(SQLModel, table=True):
    """Append-only: collection, alteration, consultation and disclosure (Data Protection Act 2018 s.62)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    at: NaiveDatetime = Field(default_factory=datetime.now)
    who: str = ""
    action: str = ""  # collect, alter, consult, disclose
    record: str = ""  # table name
    record_id: Optional[int] = None
    child_id: Optional[int] = Field(default=None, index=True)
    field: str = ""
    old: str = ""
    new: str = ""
    detail: str = ""  # recipient or purpose of a disclosure
    prev_hash: str = ""
    hash: str = ""
    chain: int = 2  # which hash: 1 the plain SHA-256 of entries made before revision 0004, 2 keyed (HMAC-SHA256)
