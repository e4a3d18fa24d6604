"""The deadline board: every deadline of every child, from the rules engine, minus the tasks marked done.

Each child's stored records become the engine's facts (`case_facts.build`), `evaluate` gives the deadlines under
the packs switched on, and a `TaskDone` row (child, event, rule) takes one off the board. Sorted by due date, so
overdue ones come first. No Textual here: the board screen and the case list's "Next deadline" column share it.

"Mine" (`my_children`): a child whose plan names me as case manager; failing that, a child whose latest completed
assessment I wrote, or whose records I created or changed (the audit trail's `who`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import text
from sqlmodel import select

from yjtui.casework import case_facts
from yjtui.casework.packs import local_packs
from yjtui.rules import FactsError, evaluate
from yjtui.store import Child, Event, Plan, Store, TaskDone


@dataclass(frozen=True)
class BoardRow:
    child_id: int
    child: str
    event_id: int | None
    rule: str
    title: str
    due: date | datetime
    basis: str
    citation: str
    overdue: bool

    @property
    def due_text(self) -> str:
        return show_due(self.due)


def show_due(due: date | datetime) -> str:
    if isinstance(due, datetime):
        return due.strftime("%d/%m/%Y %H:%M")
    return due.strftime("%d/%m/%Y")


def sort_key(due: date | datetime) -> datetime:
    # A date-only deadline is met by the end of that day (as the engine compares them).
    return due if isinstance(due, datetime) else datetime.combine(due, time(23, 59, 59))


def is_overdue(due: date | datetime, now: datetime) -> bool:
    if isinstance(due, datetime):
        return due < now
    return due < now.date()


def done_keys(store: Store, child_ids: list[int] | None = None) -> set[tuple[int, int | None, str]]:
    with store.session() as s:
        q = select(TaskDone)
        if child_ids is not None:
            q = q.where(TaskDone.child_id.in_(child_ids))
        return {(t.child_id, t.event_id, t.rule) for t in s.exec(q)}


def _children(store: Store, child_ids: list[int] | None = None) -> list[Child]:
    with store.session() as s:
        q = select(Child)
        if child_ids is not None:
            q = q.where(Child.id.in_(child_ids))
        return list(s.exec(q))


def row_title(d) -> str:
    """The board's words for a deadline: a pack's default where the source gives no number says so (issue 23)."""
    return f"{d.title} (local default: confirm)" if d.local_default else d.title


def row_basis(d) -> str:
    return f"{d.basis}: {d.local_default}" if d.local_default else d.basis


def child_deadlines(store: Store, child: Child, today: date, now: datetime | None = None,
                    done: set | None = None, packs: list[str] | None = None) -> list[BoardRow]:
    """One child's open deadlines (not marked done), in due order."""
    now = now or datetime.combine(today, time.min)
    events = store.records(Event, child.id)
    if not events:
        return []
    try:
        facts = case_facts.build(store, child, as_of=today)
        result = evaluate(facts, packs if packs is not None else local_packs(store), as_of=today)
    except FactsError:
        return []  # a record the engine cannot read: the child screen shows why; the board shows the rest
    done = done if done is not None else done_keys(store, [child.id])
    rows = []
    for d in result.deadlines:
        event_id = events[d.event].id if d.event is not None and d.event < len(events) else None
        if (child.id, event_id, d.rule) in done:
            continue
        rows.append(BoardRow(child.id, child.display_name, event_id, d.rule, row_title(d), d.due, row_basis(d),
                             d.citation, is_overdue(d.due, now)))
    rows.sort(key=lambda r: (sort_key(r.due), r.child, r.title))
    return rows


def collect(store: Store, today: date, now: datetime | None = None,
            child_ids: list[int] | None = None) -> list[BoardRow]:
    """Every open deadline of every child (or of the children given), earliest (so overdue) first."""
    packs = local_packs(store)
    children = _children(store, child_ids)
    done = done_keys(store, child_ids)
    rows: list[BoardRow] = []
    for child in children:
        rows.extend(child_deadlines(store, child, today, now, done, packs))
    rows.sort(key=lambda r: (sort_key(r.due), r.child, r.title))
    return rows


def next_deadlines(store: Store, child_ids: list[int], today: date, keep=None) -> dict[int, str]:
    """For the case list: each child's next open deadline as "dd/mm/yyyy title" ("OVERDUE" in words).
    `keep(rule_id)`: the deadlines the user's role sees (the police officer's are the police tasks)."""
    out: dict[int, str] = {}
    if not child_ids:
        return out
    for row in collect(store, today, child_ids=list(child_ids)):
        if row.child_id in out or (keep is not None and not keep(row.rule)):
            continue
        out[row.child_id] = f"{'OVERDUE ' if row.overdue else ''}{row.due_text} {row.title}"
    return out


def in_week(row: BoardRow, today: date) -> bool:
    """Due from today to seven days on (overdue ones have their own filter)."""
    day = row.due.date() if isinstance(row.due, datetime) else row.due
    return not row.overdue and today <= day <= today + timedelta(days=7)


def my_children(store: Store, who: str | None = None) -> set[int]:
    who = who if who is not None else store.who
    mine: set[int] = set()
    named: set[int] = set()  # children whose plan names a case manager: that settles it
    with store.session() as s:
        for plan in s.exec(select(Plan)):
            manager = case_facts.loads(plan.data, {}).get("case_manager")
            if manager:
                named.add(plan.child_id)
                if manager == who:
                    mine.add(plan.child_id)
    with store.engine.connect() as conn:  # named parameters: the same SQL on SQLite and on a team server
        for (cid,) in conn.execute(text(
                "SELECT DISTINCT child_id FROM audit WHERE who = :who AND action IN ('collect', 'alter') "
                "AND child_id IS NOT NULL"), {"who": who}):
            if cid not in named:
                mine.add(cid)
        for (cid,) in conn.execute(text(
                "SELECT DISTINCT child_id FROM assessment WHERE author = :who AND status IN ('complete', "
                "'countersigned')"), {"who": who}):
            if cid not in named:
                mine.add(cid)
    return mine


ALLOCATION_RULE = "bail.allocate_worker"
PARENT_CONTACT_BY = "bail.contact_parent_by"  # the latest the two 24-hour duties allow (L4386)


def mark_done(store: Store, row: BoardRow) -> TaskDone:
    now = datetime.now()
    if row.rule == ALLOCATION_RULE and row.event_id is not None:
        _record_allocation(store, row, now)
    return store.add(TaskDone(child_id=row.child_id, event_id=row.event_id, rule=row.rule, done_by=store.who,
                              done_at=now))


def _record_allocation(store: Store, row: BoardRow, now: datetime) -> None:
    """Bail supervision and support: the worker allocated now. The parent contact "within 24 hours of allocation"
    (seed 002 L4386) is timed from it (a `bail_worker_allocated` event) in place of its latest date."""
    imposed = next((e for e in store.records(Event, row.child_id) if e.id == row.event_id), None)
    if imposed is None:
        return
    present = case_facts.loads(imposed.data, {}).get("parent_present_in_court")
    data = {"bail_support_event": imposed.id, **({"parent_present_in_court": present} if present is not None
                                                   else {})}
    store.add(Event(child_id=row.child_id, type="bail_worker_allocated", at=now.replace(second=0, microsecond=0),
                    data=json.dumps(data)))
    store.add(TaskDone(child_id=row.child_id, event_id=imposed.id, rule=PARENT_CONTACT_BY, done_by=store.who,
                       done_at=now))
