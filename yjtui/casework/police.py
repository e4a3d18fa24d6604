"""The police workflows' records: out-of-court decisions, ISS (and its contact log) and DYO, as `CaseRecord`s, with
the dated events that put their deadlines on the board. Between the store and the F9 / F10 screens; no Textual.

`CaseRecord.kind` and the shape of its `data` JSON:

- `oocd` (one per decision): the `oocd` facts of `yjtui evaluate` (rules/oocd.py: gravity_score, aggravating,
  mitigating, adjustment, indictable_only, previous_formal_oocd, police_concerns, offence, decision, rationale,
  admits, child_agrees, parent_agrees, yjs_assessment_done, yjs_agrees, cps_authority) plus "offence_citation",
  "out_of_area" (bool), "home_service" (str) and "event_id" (the `out_of_area_oocd` event). Recording the decision
  completes the record (author, completed_at).
- `iss` (one per period on ISS): {"basis", "started_on": ISO date, "ended_on", "conditions", "unit_lead",
  "intel_report_ref", <rules/iss.POLICE_TASKS keys>: bool, "declined", "declined_reported_in_psr",
  "contact_every_weeks": int, "reduction_agreed_by": str, "start_event_id"}.
- `iss_contact` (one per contact): {"date": ISO date, "kind": rules/iss.CONTACT_KINDS key, <CONTACT_FIELDS keys>: str,
  "iss_id", "event_id"}.
- `dyo` (one per child): the `dyo` facts (rules/dyo.py) plus "classified_on", "decided_by", "rationale",
  "deselected_on", "deselection_reason", "rag_history": [{"date", "rag", "tier", "statements": [...]}],
  "event_ids": {event type: id}.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time
from functools import partial
from typing import Any

from yjtui.casework import case_facts
from yjtui.casework.dates import age_on, show_date
from yjtui.reference import gravity
from yjtui.rules import Evaluation, FactsError, evaluate
from yjtui.rules import dyo as dyo_rules
from yjtui.rules import iss as iss_rules
from yjtui.rules import oocd as oocd_rules
from yjtui.rules import roles
from yjtui.rules.core import Citation, Severity
from yjtui.rules.deadlines import RULE_EVENT
from yjtui.rules.registry import finding
from yjtui.store import CaseRecord, Child, Event, Plan, Store, TaskDone

KIND_OOCD, KIND_ISS, KIND_ISS_CONTACT, KIND_DYO = "oocd", "iss", "iss_contact", "dyo"

OOCD_FACTS = ("gravity_score", "aggravating", "mitigating", "adjustment", "indictable_only", "previous_formal_oocd",
              "police_concerns", "offence", "decision", "rationale", "admits", "child_agrees", "parent_agrees",
              "yjs_assessment_done", "yjs_agrees", "cps_authority", "previous_knife_arrests", "hate_crime",
              "domestic_violence")
ISS_FACTS = ("basis", "intel_report_submitted", "markers_requested", "unit_lead_meeting_held", "engagement_explained",
             "declined", "declined_reported_in_psr", "contact_every_weeks")
DYO_FACTS = ("status", "basis", "discretionary_discussed", "rag", "tier", "green_since", "order_ended",
             "npt_informed", "police_expectations_agreed")


def current_role(store: Store) -> str:
    return roles.role_of(store.get_setting(roles.ROLE_SETTING))


def records(store: Store, child_id: int, kind: str) -> list[CaseRecord]:
    return [r for r in store.records(CaseRecord, child_id) if r.kind == kind]


def data_of(record: CaseRecord | None) -> dict[str, Any]:
    return case_facts.loads(record.data, {}) if record is not None else {}


def data_text(data: dict[str, Any]) -> str:
    """A record's data as it is stored (JSON); a screen saves it through its conflict guard."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def save_data(store: Store, record: CaseRecord, data: dict[str, Any]) -> None:
    """Save a record's data now (audited); raises ConflictError when another copy changed it."""
    text = data_text(data)
    if record.data != text:
        store.update(record, "data", text)


def _pick(data: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: data[k] for k in keys if data.get(k) not in (None, "", [])}


def evaluate_police(store: Store, child: Child, today: date, *, oocd: dict | None = None, iss: dict | None = None,
                    dyo: dict | None = None, base: dict | None = None, packs: tuple[str, ...] | None = None,
                    breach_statements_pending: int | None = None) -> Evaluation | None:
    """The engine's answer for this child with the police records given (a screen's data as typed). `base`: the
    child's stored facts, read once by the screen (`case_facts.build`); `packs` and `breach_statements_pending`,
    when a screen read them once, spare the store a read per keystroke. None when the store holds something the
    engine cannot read (the screen says so)."""
    facts = dict(base) if base is not None else {"as_of": today.isoformat()}
    facts.pop("events", None)  # the screens show their deadlines from the board, not from here
    if oocd is not None:
        facts["oocd"] = _pick(oocd, OOCD_FACTS)
    if iss is not None:
        facts["iss"] = _pick(iss, ISS_FACTS)
        if breach_statements_pending is None:
            breach_statements_pending = len(open_tasks(store, child, "iss.breach_statement"))
        if breach_statements_pending:
            facts["iss"]["breach_statements_pending"] = breach_statements_pending
    if dyo is not None:
        facts["dyo"] = _pick(dyo, DYO_FACTS)
    try:
        return evaluate(facts, list(packs) if packs else ["national", *store.local_packs()], as_of=today)
    except FactsError:
        return None


def base_facts(store: Store, child: Child, today: date) -> dict:
    return case_facts.build(store, child, as_of=today)


# --- events and the tasks they answer -------------------------------------------------------------------------

def open_tasks(store: Store, child: Child, rule: str) -> list[Event]:
    """Events whose deadline for `rule` is not marked done (a rough count: the event may not start that rule)."""

    types = RULE_EVENT.get(rule, ())
    done = {(t.event_id, t.rule) for t in store.records(TaskDone, child.id)}
    return [e for e in store.records(Event, child.id) if e.type in types and (e.id, rule) not in done]


def mark_done(store: Store, child: Child, rules: tuple[str, ...], before: datetime | None = None) -> int:
    """Mark the open tasks of these rules done (events up to `before`): a new contact answers the last one's
    'next contact' deadline, as a plan review answers the last review's."""

    done = {(t.event_id, t.rule) for t in store.records(TaskDone, child.id)}
    n = 0
    for e in store.records(Event, child.id):
        for rule in rules:
            if e.type in RULE_EVENT.get(rule, ()) and (e.id, rule) not in done and (before is None or e.at <= before):
                store.add(TaskDone(child_id=child.id, event_id=e.id, rule=rule, done_by=store.who,
                                   done_at=datetime.now()))
                n += 1
    return n


def add_event(store: Store, child: Child, type_: str, at: datetime, data: dict | None = None,
              answers: tuple[str, ...] = ()) -> Event:
    """Record a dated event; the open tasks it answers (`answers`, rule ids) are marked done first."""
    if answers:
        mark_done(store, child, answers, before=at)
    return store.add(Event(child_id=child.id, type=type_, at=at, data=json.dumps(data or {})))


def at_day(day: date) -> datetime:
    return datetime.combine(day, time.min)


def sync_event(store: Store, child: Child, event_id: int | None, type_: str, day: date | None,
               data: dict | None = None) -> int | None:
    """Keep one event in step with a date field (ISS start): created when the date is first set, moved when it
    changes. Returns the event's id."""
    if day is None:
        return event_id
    events = {e.id: e for e in store.records(Event, child.id)}
    event = events.get(event_id) if event_id is not None else None
    if event is None:
        return store.add(Event(child_id=child.id, type=type_, at=at_day(day), data=json.dumps(data or {}))).id
    if event.at != at_day(day):
        store.update(event, "at", at_day(day))
    if data is not None and case_facts.loads(event.data, {}) != data:
        store.update(event, "data", json.dumps(data))
    return event.id


# --- out-of-court decisions -----------------------------------------------------------------------------------

def previous_formal(store: Store, child_id: int, exclude: int | None = None) -> int:
    """Formal disposals (Youth Caution, Youth Conditional Caution) recorded here for this child."""
    return sum(1 for r in records(store, child_id, KIND_OOCD)
               if r.id != exclude and r.status in ("complete", "countersigned")
               and data_of(r).get("decision") in oocd_rules.FORMAL)


def new_oocd(store: Store, child: Child) -> CaseRecord:
    return store.add(CaseRecord(child_id=child.id, kind=KIND_OOCD, data="{}", status="draft"))


def blockers(data: dict[str, Any]) -> list:
    try:
        o = oocd_rules.parse_oocd(_pick(data, OOCD_FACTS))
    except FactsError as exc:

        return [finding("oocd.record", Severity.ACTION, str(exc), Citation("yjtui"))]
    return oocd_rules.decision_blockers(o)


def notify_home_service(store: Store, child: Child, data: dict[str, Any], now: datetime) -> None:
    """Recording an out-of-area decision starts the 24-hour notice to the Home service (CR-21, seed 002 L22277):
    its event, once (its id kept in the decision's data, which the screen then saves with who and when)."""
    if data.get("out_of_area") is True and data.get("event_id") is None:
        event = store.add(Event(child_id=child.id, type="out_of_area_oocd", at=now.replace(second=0, microsecond=0),
                                data=json.dumps({"home_service": data.get("home_service", "")})))
        data["event_id"] = event.id


# --- ISS ------------------------------------------------------------------------------------------------------

def current_iss(store: Store, child: Child) -> CaseRecord | None:
    open_ = [r for r in records(store, child.id, KIND_ISS) if not data_of(r).get("ended_on")]
    return open_[-1] if open_ else None


def contacts(store: Store, child: Child) -> list[CaseRecord]:
    return sorted(records(store, child.id, KIND_ISS_CONTACT), key=lambda r: (data_of(r).get("date", ""), r.id))


def log_contact(store: Store, child: Child, iss: CaseRecord, contact: dict[str, Any]) -> CaseRecord:
    """A police contact: the record, and an `iss_police_contact` event starting the next contact's clock (the
    agreed interval), answering the last one."""
    day = date.fromisoformat(contact["date"])
    every = int(data_of(iss).get("contact_every_weeks") or 1)
    event = add_event(store, child, "iss_police_contact", at_day(day), {"every_weeks": every},
                      answers=("iss.police_contact",))
    return store.add(CaseRecord(child_id=child.id, kind=KIND_ISS_CONTACT, status="complete", author=store.who,
                                completed_at=datetime.now().replace(microsecond=0),
                                data=json.dumps({**contact, "iss_id": iss.id, "event_id": event.id},
                                                ensure_ascii=False)))


def end_iss(store: Store, child: Child, iss: CaseRecord, data: dict[str, Any], day: date,
            save: Callable[[CaseRecord, dict[str, Any]], None] | None = None) -> None:
    data["ended_on"] = day.isoformat()
    (save or partial(save_data, store))(iss, data)
    mark_done(store, child, ("iss.police_contact",))


# --- DYO ------------------------------------------------------------------------------------------------------

def dyo_record(store: Store, child: Child) -> CaseRecord | None:
    found = records(store, child.id, KIND_DYO)
    return found[-1] if found else None


# --- the gravity matrix, searched as the officer types ---------------------------------------------------------

def find_offences(query: str, limit: int = 30) -> list[dict]:
    """Matrix rows whose offence (or heading) holds every word typed; names starting with the first word first."""

    words = query.lower().split()
    rows = gravity.entries()
    if not words:
        return rows[:limit]
    hits = [e for e in rows if all(w in f"{e['offence']} {e['category']}".lower() for w in words)]
    hits.sort(key=lambda e: (not e["offence"].lower().startswith(words[0]), e["offence"]))
    return hits[:limit]


def general_factors() -> dict[str, list[str]]:

    general = gravity.load().get("general_factors", {})
    return {k: [f["text"] for f in general.get(k, [])] for k in ("aggravating", "mitigating")}


# --- recording what happened (F10, ctrl+r) ---------------------------------------------------------------------

# What the officer can record, with the event it becomes and the tasks it answers. DYO lines need the leicester pack.
POLICE_EVENTS: dict[str, tuple[str, str | None, tuple[str, ...], bool]] = {
    # key: (label, event type or None, rule ids it answers, leicester only)
    "iss_conditions_changed": ("ISS: bail conditions varied or a new court date set", "iss_conditions_changed", (),
                               False),
    "iss_breach_statement_received": ("ISS: a Section 9 breach statement handed to the police",
                                      "iss_breach_statement_received", (), False),
    "iss_breach_statements_dealt": ("ISS: breach statements dealt with", None, ("iss.breach_statement",), False),
    "iss_intel_report": ("ISS: intelligence report submitted and markers requested", None,
                         ("iss.intel_report", "iss.further_intel_report"), False),
    "iss_ended": ("ISS: ended", None, ("iss.police_contact",), False),
    "dyo_notified": ("DYO: notification received by the Offender Management Co-ordinator", "dyo_notified", (),
                     True),
    "dyo_rag_meeting": ("DYO: RAG meeting rated the child", "dyo_rag_meeting",
                        ("dyo.rag_review", "dyo.intel_update", "dyo.npt_share"), True),
    "dyo_intel_update": ("DYO: intelligence update given to the case manager", "dyo_intel_update",
                         ("dyo.intel_update",), True),
    "dyo_npt_shared": ("DYO: information shared with the neighbourhood policing team", "dyo_npt_shared",
                       ("dyo.npt_share",), True),
}


def record_police_event(store: Store, child: Child, what: str, day: date, *, iss: CaseRecord | None = None,
                        iss_data: dict | None = None, dyo: CaseRecord | None = None, dyo_data: dict | None = None,
                        rag: str | None = None, tier: int | None = None,
                        save: Callable[[CaseRecord, dict[str, Any]], None] | None = None) -> str:
    """Record one of `POLICE_EVENTS`; returns what to tell the officer. `save(record, data)` saves a record's
    data (a screen passes its conflict guard's; `save_data` otherwise)."""
    save = save or partial(save_data, store)
    label, etype, answers, _leicester = POLICE_EVENTS[what]
    at = at_day(day)
    if what == "iss_ended":
        if iss is None:
            return "No ISS record is open."
        end_iss(store, child, iss, iss_data if iss_data is not None else data_of(iss), day, save)
        return "ISS ended: the weekly contact is off the board."
    if etype is None:
        n = mark_done(store, child, answers, before=at_day(day).replace(hour=23, minute=59))
        return f"{label}: {n} task{'s' if n != 1 else ''} marked done."
    extra: dict[str, Any] = {}
    if what == "dyo_rag_meeting":
        extra = {k: v for k, v in (("rag", rag), ("tier", tier)) if v is not None}
        if dyo is not None and dyo_data is not None:
            history = dyo_data.setdefault("rag_history", [])
            if rag and rag == "green" and dyo_data.get("rag") != "green":
                dyo_data["green_since"] = day.isoformat()
            elif rag and rag != "green":
                dyo_data.pop("green_since", None)
            if rag:
                dyo_data["rag"] = rag
            if tier:
                dyo_data["tier"] = tier
            history.append({"date": day.isoformat(), **extra})
            save(dyo, dyo_data)
    elif what in ("dyo_intel_update", "dyo_npt_shared"):
        current = (dyo_data or {}).get("tier")
        if current:
            extra = {"tier": current}
        if what == "dyo_npt_shared" and dyo is not None and dyo_data is not None:
            dyo_data["npt_informed"] = True
            save(dyo, dyo_data)
    add_event(store, child, etype, at, extra, answers=answers)
    return f"Recorded: {label}."


def lookups(store: Store, child: Child, today: date) -> list[tuple[str, str]]:
    """The police view of this child (note E §6.4): who is responsible, the latest out-of-court decision, ISS and
    DYO status. Levels and statuses only: assessments and plans stay with the case manager (rules/roles.py)."""

    rows: list[tuple[str, str]] = []
    plans = store.records(Plan, child.id)
    manager = case_facts.loads(plans[-1].data, {}).get("case_manager") if plans else None
    rows.append(("Home local authority", child.home_la or "not recorded"))
    rows.append(("Case manager", manager or "not recorded"))
    if child.date_of_birth:
        rows.append(("Age", str(age_on(child.date_of_birth, today))))
    decisions = [r for r in records(store, child.id, KIND_OOCD) if r.status != "draft"]
    if decisions:
        d = data_of(decisions[-1])
        rows.append(("Last out-of-court decision", f"{oocd_rules.OUTCOMES.get(d.get('decision'), ('?',))[0]}, "
                     f"{show_date(decisions[-1].completed_at)} ({d.get('offence', '')})"))
    rows.append(("Formal out-of-court disposals recorded here", str(previous_formal(store, child.id))))
    iss = current_iss(store, child)
    if iss is not None:
        d = data_of(iss)
        basis = iss_rules.ISS_BASES.get(d.get("basis"), ("basis not recorded",))[0]
        rows.append(("ISS", f"{basis}; since {show_date(_iso(d.get('started_on')))}"))
    else:
        rows.append(("ISS", "not on ISS"))
    dyo = dyo_record(store, child)
    if dyo is not None:
        d = data_of(dyo)
        status = dyo_rules.STATUSES.get(d.get("status"), "status not recorded")
        rag = f", {d['rag']}" if d.get("rag") else ""
        tier = f", Tier {d['tier']}" if d.get("tier") else ""
        rows.append(("DYO", f"{status}{rag}{tier}"))
    return rows


def _iso(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None
