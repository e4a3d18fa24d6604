"""Moves between services: the transfer and transition records, as the engine's facts and as dated events.

Two `CaseRecord` kinds (JSON `data`; status draft -> complete when the move is recorded; countersigned by a
manager):

- kind `transfer` (National Protocol for Case Responsibility):
    {"situation": <rules.transfer.SITUATIONS id>, "home_yot": str, "host_yot": str,
     "responsible": "home" | "host" | "receiving", "responsible_reason": str, "supervising_officer": str,
     "order_type": <rules.transfer.ORDER_TYPES key>,
     "pending_breach" | "requirements_deliverable" | "monitoring_involved" | "monitoring_arranged" |
     "receiving_agreed" | "lja_amended": "yes" | "no" | "unknown",
     "reasons": str, "receiving_manager": str, "new_address": str, "officer_contact": str,
     "requested_on" | "documents_sent_on" | "decided_on" | "started_on": "YYYY-MM-DD",
     "transferred_on": "YYYY-MM-DD" (the day the court transferred the order: responsibility passes then),
     "checklist": {<CHECKLIST id>: "yes" | "no" | "na"},
     "intervention_level": {"carried", "changed_to", "rationale", "approved_by": str, "communicated": tri},
     "dispute": {"raised_on", "resolved_on": "YYYY-MM-DD", "notes": str},
     "out_of_area": {"police_interview" | "oocd": "YYYY-MM-DDTHH:MM" or date, "court_outcome": "YYYY-MM-DD"},
     "decisions": {<PROMPTS id>: {"decision", "by", "why": str}},
     "events": {<event type>: <Event id>}}
- kind `transition` (Joint National Protocol for Transitions in England):
    {"order_ends_on" | "agreed_transfer_date" | "identified_on" | "transferred_on": "YYYY-MM-DD",
     "national_security" | "assetplus_stage" | "oasys_layer_one": tri, "decision": "transfer" | "retain" | "",
     "rationale" | "child_views" | "decided_by": str, "plan": {<PLAN_SECTIONS id>: str},
     "breach_order": <BREACH_COURTS key>, "events": {<event type>: <Event id>}}

The dates become `Event` rows (`sync_events`), so the deadline table puts them on the board: the request (1 and 2
working days), a dispute (2 and 5), caretaking and stability testing (3 months), the Y2A timeline (from the
date of birth, or the agreed transfer date). A date cleared later cannot delete its event (the store keeps every
record): its deadlines are marked done instead, which the audit trail records.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from yjtui.casework.case_facts import loads as case_loads
from yjtui.casework.dates import DateError, parse_date, parse_time, show_date
from yjtui.casework.forms import check_text
from yjtui.casework.records import loads, newest as latest
from yjtui.rules import transfer as tr
from yjtui.rules.deadlines import RULE_EVENT
from yjtui.rules.facts import MAX_YEAR, MIN_YEAR
from yjtui.rules.facts import TRI_WORDS as TRI
from yjtui.store import Assessment, CaseRecord, Child, ConflictError, Event, Store, TaskDone

__all__ = ["ConflictError", "TRANSFER", "TRANSITION", "latest", "start", "answer_deadlines", "record_facts",
           "sync_events", "transfer_facts", "transition_facts"]

TRANSFER, TRANSITION = "transfer", "transition"
TRANSFER_GATE_KEYS = ("pending_breach", "requirements_deliverable", "monitoring_involved", "monitoring_arranged",
                      "receiving_agreed")


def iso(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def when_of(value: Any) -> date | datetime | None:
    """A stored "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" (an hour-based notice keeps its time)."""
    try:
        return datetime.fromisoformat(value) if value and "T" in str(value) else iso(value)
    except ValueError:
        return None


LONG = 600  # characters in a free-text answer


def parse_when(text: str) -> tuple[date, tuple[int, int] | None]:
    """'dd/mm/yyyy' or 'dd/mm/yyyy hh:mm' -> (date, (hh, mm) or None); DateError with a plain message."""
    parts = text.strip().split()
    if len(parts) > 2:
        raise DateError("Type the date and time as dd/mm/yyyy hh:mm, e.g. 14/03/2026 09:30.")
    day = parse_date(parts[0])
    return day, (parse_time(parts[1]) if len(parts) == 2 else None)


def shown_when(value: Any) -> str:
    """A stored notice's date (and time, where it has one) as its field shows it."""
    when = when_of(value)
    if when is None:
        return "" if value is None else str(value)
    return when.strftime("%d/%m/%Y %H:%M") if isinstance(when, datetime) else show_date(when)


def answer_check(kind: str):
    """The check of a typed answer of this kind (text, long, date, datetime): text -> (ok, value, message)."""
    def check(raw: str) -> tuple[bool, Any, str]:
        if kind in ("date", "datetime"):
            if not raw.strip():
                return True, "", ""
            try:
                day, hhmm = parse_when(raw) if kind == "datetime" else (parse_date(raw), None)
            except DateError as exc:
                return False, None, str(exc)
            if not MIN_YEAR <= day.year <= MAX_YEAR:
                return False, None, f"{raw.strip()} is outside the years {MIN_YEAR}-{MAX_YEAR}: check the year."
            return True, day.isoformat() + (f"T{hhmm[0]:02d}:{hhmm[1]:02d}" if hhmm else ""), ""
        c = check_text(raw, "This answer", max_len=LONG if kind == "long" else 120)
        return c.ok, c.value, "" if c.ok else c.message
    return check


def suggested_responsible(data: dict[str, Any]) -> str | None:
    """The protocol's responsible YOT for the situation chosen, unless the practitioner already chose one."""
    situation = tr.SITUATION_BY_ID.get(str(data.get("situation") or ""))
    if situation is None or data.get("responsible"):
        return None
    return tr.expected_responsible(situation, bool(data.get("transferred_on")))


def followed_responsible(data: dict[str, Any], transferred: bool) -> str | None:
    """The court's transfer date typed (or cleared): overall responsibility follows the protocol, unless the
    practitioner chose someone else than the protocol's answer before it (None: it stays)."""
    situation = tr.SITUATION_BY_ID.get(str(data.get("situation") or ""))
    if situation is None or data.get("responsible") not in ("", None, tr.expected_responsible(situation,
                                                                                           not transferred)):
        return None
    return tr.expected_responsible(situation, transferred)


def nation(store: Store) -> str:
    """The service's nation (Settings): the Y2A protocol is England's (seed 002 L24963)."""
    return "wales" if store.get_setting("nation") == "wales" else "england"


def start(store: Store, child: Child, kind: str) -> CaseRecord:
    """A new record of this kind, collected (audited) at once; screens reach the table through here."""
    return store.add(CaseRecord(child_id=child.id, kind=kind, author=store.who, data="{}"))


def answer_deadlines(store: Store, child_id: int, event_id: int, rules: list[str]) -> None:
    """Mark an event's deadlines done (the transfer decided answers 'decide within two working days')."""
    done = {(t.event_id, t.rule) for t in store.records(TaskDone, child_id)}
    for rule_id in rules:
        if (event_id, rule_id) not in done:
            store.add(TaskDone(child_id=child_id, event_id=event_id, rule=rule_id, done_by=store.who))


# --- facts ---------------------------------------------------------------------------------------------------

def _tri(value: Any) -> str:
    return value if value in TRI else "unknown"


def transfer_facts(data: dict[str, Any]) -> dict[str, Any]:
    facts: dict[str, Any] = {k: _tri(data.get(k)) for k in TRANSFER_GATE_KEYS}
    if iso(data.get("requested_on")):
        facts["proposed_on"] = iso(data["requested_on"]).isoformat()
    return facts


def transition_facts(data: dict[str, Any], nation_: str = "england") -> dict[str, Any]:
    facts: dict[str, Any] = {"nation": nation_, "national_security": _tri(data.get("national_security"))}
    for key in ("order_ends_on", "agreed_transfer_date"):
        if iso(data.get(key)):
            facts[key] = iso(data[key]).isoformat()
    return facts


def record_facts(records: list[CaseRecord], nation_: str = "england") -> dict[str, Any]:
    """The latest transfer and transition records as the engine's `transfer` and `transition` facts."""
    facts: dict[str, Any] = {}
    for r in records:
        if r.kind == TRANSFER:
            facts["transfer"] = transfer_facts(loads(r.data))
        elif r.kind == TRANSITION:
            facts["transition"] = transition_facts(loads(r.data), nation_)
    return facts


def mappa_level(store: Store, child_id: int) -> int | None:
    levels = [loads(a.data).get("level") for a in store.records(Assessment, child_id)
              if a.kind == "mappa" and a.status in ("complete", "countersigned")]
    levels = [lv for lv in levels if isinstance(lv, int)]
    return levels[-1] if levels else None


# --- dated events --------------------------------------------------------------------------------------------

def wanted_events(kind: str, data: dict[str, Any], child: Child, nation_: str,
                  mappa: int | None = None) -> dict[str, tuple[date, dict[str, Any]]]:
    """Event type -> (date, extra keys) that the record's dates call for."""
    want: dict[str, tuple[date, dict[str, Any]]] = {}
    if kind == TRANSFER:
        situation = tr.SITUATION_BY_ID.get(str(data.get("situation") or ""))
        if iso(data.get("requested_on")):
            want["transfer_requested"] = (iso(data["requested_on"]), {})
        if situation is not None and situation.starts and situation.starts != "transfer_requested" \
                and iso(data.get("started_on")):
            want[situation.starts] = (iso(data["started_on"]), {})
        dispute = data.get("dispute") if isinstance(data.get("dispute"), dict) else {}
        if iso(dispute.get("raised_on")):
            want["transfer_dispute_raised"] = (iso(dispute["raised_on"]), {})
        notices = data.get("out_of_area") if isinstance(data.get("out_of_area"), dict) else {}
        for key, etype, _label, _citation in tr.OUT_OF_AREA:
            when = when_of(notices.get(key))
            if when is not None:
                want[etype] = (when, {})
    elif kind == TRANSITION:
        identified = iso(data.get("identified_on"))
        if identified and child.date_of_birth:
            extra: dict[str, Any] = {"date_of_birth": child.date_of_birth.isoformat(), "nation": nation_,
                                     "national_security": data.get("national_security") == "yes"}
            if iso(data.get("agreed_transfer_date")):
                extra["transfer_date"] = iso(data["agreed_transfer_date"]).isoformat()
            if mappa is not None:
                extra["mappa_level"] = mappa
            want["transition_identified"] = (identified, extra)
        if iso(data.get("transferred_on")):
            want["transferred_to_probation"] = (iso(data["transferred_on"]), {"nation": nation_})
    return want


def order_on_record(store: Store, child: Child) -> dict[str, Any]:
    """What the child's other records say about the order a receiving YOT takes on: the plan's order and
    requirements (their titles from the reference set) and each hearing's court, date, offences and outcome. The
    transfer request prints them (checklist: the court order, L24794; outstanding matters, L24801)."""
    from yjtui.reference import load_all
    from yjtui.store import Hearing, Plan

    plans = store.records(Plan, child.id)
    plan = loads(plans[-1].data) if plans else {}
    titles = {e.id: e.title for e in load_all()["yro_requirements"].entries} if plan.get("requirements") else {}
    hearings = []
    for h in store.records(Hearing, child.id):
        charges = case_loads(h.charges, [])
        offences = [str(c.get("offence") or "").strip() for c in charges if isinstance(c, dict)]
        hearings.append({"court": h.court or "", "on": h.at.date() if h.at else None,
                         "offences": [o for o in offences if o], "outcome": h.outcome or ""})
    return {"order": plan.get("order") if isinstance(plan.get("order"), dict) else {},
            "requirements": [r for r in plan.get("requirements") or [] if isinstance(r, dict)],
            "titles": titles, "hearings": hearings}


def _withdraw(store: Store, child_id: int, event: Event) -> None:
    """A date cleared: its deadlines come off the board as done (an event cannot be deleted from the store)."""
    done = {(t.event_id, t.rule) for t in store.records(TaskDone, child_id)}
    for rule_id, types in RULE_EVENT.items():
        if event.type in types and (event.id, rule_id) not in done:
            store.add(TaskDone(child_id=child_id, event_id=event.id, rule=rule_id, done_by=store.who))


def events_key(kind: str, data: dict[str, Any], child: Child, nation_: str, mappa: int | None = None) -> str:
    """What `sync_events` would make of the record, as one string (worked out in memory): while it stays the same
    there is nothing to bring in step, and no statement need reach the store."""
    answered = [str(iso(data.get(k))) for k in ("documents_sent_on", "decided_on")] if kind == TRANSFER else []
    return json.dumps([wanted_events(kind, data, child, nation_, mappa), answered, data.get("events")],
                      default=str, sort_keys=True)


def sync_events(store: Store, child: Child, kind: str, data: dict[str, Any], nation_: str,
                mappa: int | None = None) -> bool:
    """Create or update the record's events; returns True if `data["events"]` changed (the caller saves it)."""
    ids: dict[str, int] = data.setdefault("events", {}) if isinstance(data.get("events"), dict) else {}
    data["events"] = ids
    before = dict(ids)
    events = {e.id: e for e in store.records(Event, child.id)}
    want = wanted_events(kind, data, child, nation_, mappa)
    for etype, (day, extra) in want.items():
        at = day if isinstance(day, datetime) else datetime.combine(day, time.min)
        text = json.dumps({**extra, "record": kind}, sort_keys=True)
        event = events.get(ids.get(etype, -1))
        if event is None or event.type != etype:
            event = store.add(Event(child_id=child.id, type=etype, at=at, data=text))
            ids[etype] = event.id
            continue
        if event.at != at:
            store.update(event, "at", at)
        if event.data != text:
            store.update(event, "data", text)
    for etype, event_id in list(ids.items()):
        if etype not in want:
            event = events.get(event_id)
            if event is not None:
                _withdraw(store, child.id, event)
            del ids[etype]
    if kind == TRANSFER and ids.get("transfer_requested") is not None:
        # A date recorded answers its deadline: the documents sent (1 working day), the receiving YOT's decision
        # (2 working days), whether or not the transfer is then recorded.
        answered = [rule for key, rule in (("documents_sent_on", "transfer.send_documents"),
                                           ("decided_on", "transfer.decision")) if iso(data.get(key))]
        if answered:
            answer_deadlines(store, child.id, ids["transfer_requested"], answered)
    return ids != before
