"""A child's hearing as the court screen works on it: today's (or the next listed one still undecided, or a new one),
the events its outcome starts, and the hearing as typed for the rules and the proposal. No Textual.

`Hearing.data` holds the screen's entries as JSON (the spec's `bail` answers, `known`, `grounds`, `responses`,
`assessment`, `package`, `evidence`, `time`, `home_yjs`); `Hearing.charges` the charges as a JSON list.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from yjtui.store import Child, Event, Hearing, Store

__all__ = ["Hearing", "open_for", "made_meanwhile", "store_new", "add_outcome_event", "as_typed"]


def open_for(store: Store, child: Child, today: date) -> Hearing:
    """The hearing to work on: today's; else a listed one still to come and not yet decided; else a new one for
    today, not yet stored (`id` None): the screen stores it with its first change (`store_new`), so looking at the
    court screen makes no hearing (issue 23)."""
    found = _to_work_on(store, child.id, today)
    if found is not None:
        return found
    return Hearing(child_id=child.id, at=datetime.combine(today, time(0, 0)),
                   data=json.dumps({"created_by_court_screen": True}))


def _to_work_on(store: Store, child_id: int, today: date) -> Hearing | None:
    hearings = store.records(Hearing, child_id)
    for h in reversed(hearings):
        if h.at and h.at.date() == today:
            return h
    for h in reversed(hearings):
        if h.at and h.at.date() > today and not h.outcome:
            return h
    return None


def made_meanwhile(store: Store, hearing: Hearing) -> Hearing | None:
    """For a hearing `open_for` started and not yet stored: the one another copy stored meanwhile for the same day
    (two people starting the child's hearing at once work on one hearing, as when it was made on opening)."""
    if hearing.id is not None or hearing.at is None:
        return None
    return _to_work_on(store, hearing.child_id, hearing.at.date())


def store_new(store: Store, hearing: Hearing) -> Hearing:
    """The hearing `open_for` started, collected (audited, with every field as it now stands) on its first change;
    one already stored is returned as it is."""
    return hearing if hearing.id is not None else store.add(hearing)


def add_outcome_event(store: Store, child: Child, hearing: Hearing, event_type: str, at: datetime,
                      extra: dict[str, Any]) -> Event:
    """The dated event the outcome starts (its deadlines reach the board), naming the hearing."""
    return store.add(Event(child_id=child.id, type=event_type, at=at,
                           data=json.dumps({**extra, "hearing_id": hearing.id})))


def as_typed(hearing: Hearing, data: dict[str, Any], charges: list[dict[str, Any]]) -> Hearing:
    """The hearing with the screen's entries as typed (not saved): what the rules and the proposal read."""
    return Hearing(id=hearing.id, child_id=hearing.child_id, court=hearing.court, at=hearing.at,
                   charges=json.dumps(charges, ensure_ascii=False), data=json.dumps(data, ensure_ascii=False),
                   outcome=hearing.outcome)
