"""A child's hearing as the court screen works on it: today's (or the next listed one still undecided, or a new one),
the events its outcome starts, the hearing as typed for the rules and the proposal, and the checks of the court
screen's fields. No Textual.

`Hearing.data` holds the screen's entries as JSON (the spec's `bail` answers, `known`, `grounds`, `responses`,
`assessment`, `package`, `evidence`, `time`, `home_yjs`); `Hearing.charges` the charges as a JSON list.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from yjtui.casework.dates import DateError, parse_date, parse_time
from yjtui.casework.forms import MAX_TEXT
from yjtui.reference import offences
from yjtui.rules.core import Finding, Severity
from yjtui.rules.court_checks import parse_hours
from yjtui.store import Child, Event, Hearing, Store

__all__ = ["Hearing", "open_for", "made_meanwhile", "store_new", "add_outcome_event", "typed",
           "lift_condition_details", "outcome_at", "record_outcome_event"]


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


def typed(hearing: Hearing, values: dict[str, Any]) -> Hearing:
    """The hearing with the screen's values as held (its columns as typed, not saved): what the rules and the
    proposal read."""
    return Hearing(id=hearing.id, child_id=hearing.child_id, court=values.get("court", hearing.court),
                   at=values.get("at", hearing.at),
                   charges=json.dumps(values.get("charges") or [], ensure_ascii=False),
                   data=json.dumps(values.get("data") or {}, ensure_ascii=False),
                   outcome=values.get("outcome", hearing.outcome))


def lift_condition_details(data: dict[str, Any]) -> bool:
    """Details typed before they were kept in the package sat at the top of the hearing's data, where neither the
    screen nor the proposal read them: moved beside their conditions (saved with the next change). True: moved."""
    stray = data.pop("condition_details", None)
    if not isinstance(stray, dict) or not stray:
        return False
    package = data.get("package")
    if not isinstance(package, dict):
        package = data["package"] = {}
    details = package.get("condition_details")
    if not isinstance(details, dict):
        details = package["condition_details"] = {}
    for key, text in stray.items():
        details.setdefault(key, text)
    return True


def outcome_at(hearing_at: datetime | None, time_typed: bool, on: date, now: datetime) -> datetime:
    """When the outcome was given: the hearing's own time where one was typed, else now on the hearing's day."""
    if hearing_at is not None and time_typed:
        return hearing_at
    return datetime.combine(on, now.time().replace(second=0, microsecond=0))


def record_outcome_event(store: Store, child: Child, hearing: Hearing, outcome_id: str, event_type: str,
                         at: datetime) -> Event:
    """The outcome's dated event: whether the child is assessed high risk (RoSH or safety and wellbeing high or very
    high) and bail ISS travel with it, for the deadlines it starts."""
    levels = store.latest_levels([child.id]).get(child.id, {})
    extra: dict[str, Any] = {"high_risk": any(levels.get(k) in ("high", "very_high") for k in ("rosh", "swb"))}
    if outcome_id == "bail_iss":
        extra["iss"] = True
    return add_outcome_event(store, child, hearing, event_type, at, extra)


# --- the court's fields, checked as typed: (ok, value to keep, message at the field) ---------------------------------
def check_text(raw: str, limit: int = MAX_TEXT * 4) -> tuple[bool, Any, str]:
    if len(raw) > limit or any(ord(ch) < 32 for ch in raw):
        return False, None, "That text is too long or has control characters; it is not saved."
    return True, raw.strip(), ""


def check_offence(raw: str) -> tuple[bool, Any, str]:
    return True, raw.strip()[:MAX_TEXT], ""


def check_hearing_date(raw: str) -> tuple[bool, Any, str]:
    try:
        return True, parse_date(raw), ""
    except DateError as exc:
        return False, None, str(exc)


def check_hearing_time(raw: str) -> tuple[bool, Any, str]:
    if not raw.strip():
        return True, None, ""
    try:
        hh, mm = parse_time(raw)
    except DateError as exc:
        return False, None, str(exc)
    return True, f"{hh:02d}:{mm:02d}", ""


def check_hours(raw: str) -> tuple[bool, Any, str]:
    try:
        hours = parse_hours(raw)
    except ValueError:
        return False, None, f"'{raw.strip()}' is not a number of hours; type e.g. 20."
    return True, (int(hours) if hours is not None and hours.is_integer() else hours), ""


def check_years(raw: str) -> tuple[bool, Any, str]:
    t = raw.strip()
    if not t:
        return True, None, ""
    try:
        years = float(offences.LIFE_YEARS) if t.casefold() == "life" else float(t)
        if not 0 <= years <= 1000 or years != years:
            raise ValueError
    except ValueError:
        return False, None, f"'{t}' is not a number of years; type e.g. 14, or life."
    return True, years, ""


def with_time(at: datetime | None, on: date | None = None, hhmm: str | None = "") -> datetime:
    """The hearing's date and time: `on` (else the date held) at `hhmm` ("" keeps the time held, None: midnight)."""
    day = on or (at.date() if at else date.today())
    if hhmm == "":
        return datetime.combine(day, at.time() if at else time(0, 0))
    hh, mm = (int(x) for x in hhmm.split(":")) if hhmm else (0, 0)
    return datetime.combine(day, time(hh, mm))


def gravity_matches(query: str, limit: int = 6) -> list[dict[str, Any]]:
    """Gravity matrix offences whose name holds every typed word (data/gravity.json), for a charge typed."""
    from yjtui.reference import gravity

    parts = query.lower().split()
    if not parts or len(query.strip()) < 2:
        return []
    hits = [e for e in gravity.entries() if all(p in e["offence"].lower() for p in parts)]
    hits.sort(key=lambda e: (not e["offence"].lower().startswith(parts[0]), len(e["offence"])))
    return hits[:limit]


def as_findings(checks: list[Any]) -> list[Finding]:
    """The court's package checks (`court_checks.Check`) as findings, for the one findings panel."""
    return [Finding(c.id, Severity(c.severity), c.message, c.citation) for c in checks]
