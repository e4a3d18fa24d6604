"""The deadline board: every deadline of every child, from the deadline rules, minus the tasks marked done.

A whole caseload is read in one transaction with a fixed number of queries whatever its size (`read_caseload`:
the children's names, every dated event, the tasks done), and only the deadline rules are asked, once per child
(`rules.deadlines_only`, the `deadlines` of `evaluate` without the other rules), under the packs switched on,
resolved once. A `TaskDone` row (child, event, rule) takes one off the board. Sorted by due date, so overdue ones
come first. No Textual here: the board screen, the case list's "Next deadline" column and the moves and police
screens' own deadlines share it.

Only the events give deadlines, so a child whose other records (a hearing, an assessment) hold something the engine
cannot read keeps their deadlines on the board; a child with an unreadable event shows none (the child screen says
why).

"Mine" (`my_children`): a child whose plan names me as case manager; failing that, a child whose latest completed
assessment I wrote, or whose records I created or changed (the audit trail's `who`).
"""

from __future__ import annotations

from time import sleep
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Iterable

from sqlalchemy import select as columns, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from yjtui.casework import case_facts
from yjtui.casework.packs import local_packs
from yjtui.rules import FactsError, deadlines_only, resolve_policy
from yjtui.store import Child, Event, Plan, Store, StoreError, TaskDone

# Above this many children asked for, the whole caseload is read and the rest left out here, rather than an IN list
# the database may refuse (SQLite allows 32,766 parameters a statement).
IN_LIST_LIMIT = 900
YIELD_EVERY = 50  # children between two chances for the UI thread to run (about 2 ms of work)
YIELD_ROWS = 500  # rows read between two such chances


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


@dataclass
class Caseload:
    """What the deadline rules need of a caseload (or of the children asked for), read in one transaction."""

    names: dict[int, str]  # child id -> name as the board shows it, in id order
    events: dict[int, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)  # (event id, engine's event)
    done: set[tuple[int, int | None, str]] = field(default_factory=set)  # (child, event, rule) marked done
    packs: list[str] = field(default_factory=list)


def _display_name(given: str | None, family: str | None) -> str:
    return f"{given or ''} {family or ''}".strip() or "(no name yet)"  # = Child.display_name


def read_caseload(store: Store, child_ids: Iterable[int] | None = None) -> Caseload:
    """Names, dated events and tasks done of every child (or of those given): three queries in one transaction,
    whatever the caseload's size (on a team server each statement is a round trip; one per child was thousands)."""
    wanted = None if child_ids is None else set(child_ids)
    packs = local_packs(store)
    if wanted is not None and not wanted:
        return Caseload({}, packs=packs)
    listed = wanted is not None and len(wanted) <= IN_LIST_LIMIT

    def only(query, column):
        return query.where(column.in_(sorted(wanted))) if listed else query

    def fetch(s, query) -> list:
        # In parts, with a pause between: turning thousands of rows into objects holds the interpreter, and the
        # board reads in a thread beside the one that answers keys.
        out = []
        for part in s.execute(query).partitions(YIELD_ROWS):
            out.extend(part)
            sleep(0)
        return out

    with store.session() as s:
        kids = fetch(s, only(columns(Child.id, Child.given_name, Child.family_name), Child.id).order_by(Child.id))
        rows = fetch(s, only(columns(Event.child_id, Event.id, Event.type, Event.at, Event.data), Event.child_id)
                     .order_by(Event.child_id, Event.id))
        done = fetch(s, only(columns(TaskDone.child_id, TaskDone.event_id, TaskDone.rule), TaskDone.child_id))
    keep = (lambda cid: True) if wanted is None else wanted.__contains__
    load = Caseload({cid: _display_name(g, f) for cid, g, f in kids if keep(cid)}, packs=packs)
    for cid, eid, etype, at, data in rows:
        if keep(cid):
            load.events.setdefault(cid, []).append((eid, case_facts.event_fact(etype, at, data)))
    load.done = {(cid, eid, rule) for cid, eid, rule in done if keep(cid)}
    return load


def row_title(d) -> str:
    """The board's words for a deadline: a pack's default where the source gives no number says so (issue 23)."""
    return f"{d.title} (local default: confirm)" if d.local_default else d.title


def row_basis(d) -> str:
    return f"{d.basis}: {d.local_default}" if d.local_default else d.basis


def deadlines(load: Caseload, today: date, now: datetime | None = None) -> list[BoardRow]:
    """The open deadlines (not marked done) of a caseload read with `read_caseload`, earliest (so overdue) first."""
    now = now or datetime.combine(today, time.min)
    try:
        chosen = resolve_policy(load.packs)
    except FactsError:
        return []  # packs that clash: Settings refuses them, and `evaluate` said `policy` for every child
    rows: list[BoardRow] = []
    for n, (cid, name) in enumerate(load.names.items(), 1):
        if n % YIELD_EVERY == 0:
            sleep(0)  # the board reads in a thread: let the one that answers keys have the interpreter
        events = load.events.get(cid)
        if not events:
            continue
        try:
            found = deadlines_only([e for _id, e in events], chosen, today)
        except FactsError:
            continue  # an event the engine cannot read: the child screen shows why; the board shows the rest
        for d in found:
            event_id = events[d.event][0] if d.event is not None and d.event < len(events) else None
            if (cid, event_id, d.rule) in load.done:
                continue
            rows.append(BoardRow(cid, name, event_id, d.rule, row_title(d), d.due, row_basis(d), d.citation,
                                 is_overdue(d.due, now)))
    rows.sort(key=lambda r: (sort_key(r.due), r.child, r.title, r.child_id))
    return rows


def collect(store: Store, today: date, now: datetime | None = None,
            child_ids: list[int] | None = None) -> list[BoardRow]:
    """Every open deadline of every child (or of the children given), earliest (so overdue) first."""
    return deadlines(read_caseload(store, child_ids), today, now)


def child_deadlines(store: Store, child: Child, today: date, now: datetime | None = None) -> list[BoardRow]:
    """One child's open deadlines (not marked done), in due order, under the name the screen holds."""
    load = read_caseload(store, [child.id])
    if child.id in load.names:
        load.names[child.id] = child.display_name
    return deadlines(load, today, now)


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
UNDONE_ALLOCATION = "bail.contact_parent"  # timed from an allocation since undone: off the board


def mark_done(store: Store, row: BoardRow, now: datetime | None = None) -> TaskDone:
    """Take `row` off the board, in the signed-in person's name, done `now` (when it was done: defaults to this
    minute; the bail allocation times the parent contact from it)."""
    now = now or datetime.now()
    if row.rule == ALLOCATION_RULE and row.event_id is not None:
        _record_allocation(store, row, now)
    return store.add(TaskDone(child_id=row.child_id, event_id=row.event_id, rule=row.rule, done_by=store.who,
                              done_at=now))


UNDONE = "undone:"  # a done task's rule once undone: it matches no deadline, so the task is back on the board


def undo_done(store: Store, done: TaskDone) -> bool:
    """Put a task marked done back on the board (issue 23: `d` had no undo). The store deletes nothing: the row's
    rule is changed to `undone:<rule>`, which the audit trail records (who, when, the rule before and after) as it
    records the done. Undoing the bail allocation undoes what marking it done recorded with it: the parent contact's
    latest date is back, and the 24 hours timed from the allocation (`_record_allocation`) are taken off.
    False when the store refused it (a team server's refusal is said by the app as it happens)."""
    if done.rule.startswith(UNDONE):
        return True
    if done.rule == ALLOCATION_RULE and done.event_id is not None:
        for other in store.records(TaskDone, done.child_id):
            if other.event_id == done.event_id and other.rule == PARENT_CONTACT_BY:
                store.update(other, "rule", UNDONE + other.rule)
        allocated = [e for e in store.records(Event, done.child_id) if e.type == "bail_worker_allocated"
                     and case_facts.loads(e.data, {}).get("bail_support_event") == done.event_id]
        if allocated:
            store.add(TaskDone(child_id=done.child_id, event_id=allocated[-1].id, rule=UNDONE_ALLOCATION,
                               done_by=store.who))
    store.update(done, "rule", UNDONE + done.rule)
    return done.rule.startswith(UNDONE)


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


def read_problem(exc: BaseException) -> str | None:
    """What to tell the user when the store could not be read or written (the team server gone, the file busy), or
    None when `exc` is a bug, to be shown as one. No SQL or stored values in the words: they may name a child."""
    if isinstance(exc, StoreError):
        return str(exc)
    if isinstance(exc, DBAPIError):
        return "the store did not answer (the team server cannot be reached, or the file is busy): try again."
    return None
