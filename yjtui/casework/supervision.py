"""Supervision from sentence to closure, as `CaseRecord`s: the contact log, breach, court reports, victims, the
referral order and custody; their facts for the engine and the dated events that put their deadlines on the board.
Between the store and the screens; no Textual.

`CaseRecord.kind` and the shape of its `data` JSON (each field as the rules module of its facts reads it):

- `supervision` (one per child): rules/supervision.py's facts except the contacts: {"order_type",
  "compliance_panel_held": bool, "assessment_started_on" | "order_started_on" | "order_ends_on" |
  "reporting_reduced_on": "YYYY-MM-DD", "reporting_justification": str}.
- `contact` (one per contact): {"on": "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM", "status", "type", "followed_up_at",
  "reason", "acceptable" | "beyond_control": yes/no/unknown, "warning" | "failed_or_refused": bool, "notes": str,
  "event_id": the missed contact's event}. A missed contact is an event (`bail_contact_missed` on bail support,
  24 hours; `contact_missed` otherwise), so its follow-up reaches the board; the follow-up recorded marks it done.
- `breach` (an order's breach), `breach_bail_support` and `breach_parenting_order` (the breaches the YOT police
  officer takes S9 statements for, seed 001 L327-334: the police read these two kinds): rules/breach.py's facts.
  The newest breach record not closed (`data["closed"]`) is the engine's `breach`.
- `court_report` (one per report): one entry of rules/court_reports.py's facts plus "event_id" (the
  `court_report_requested` event when the court set a date).
- `victim` (one per victim): rules/victims.py's facts plus "name", kept only while the record says the impact is
  significant with the reason (seed 002 L1536-1538); the name never reaches the engine, a log or an export.
- `referral_order` and `custody` (one per child): rules/custody.py's facts; custody also {"sentenced_on",
  "custody_months", "violent_or_sexual", "mappa_eligible", "level_2_or_3_needed", "release_on", "event_id"}: the
  sentence as a `sentenced_custody` event (the expected release with it, so the MAPPA duties are timed).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from typing import Any

from yjtui.casework.case_facts import loads
from yjtui.rules import breach as breach_rules
from yjtui.rules import court_reports as report_rules
from yjtui.rules import custody as custody_rules
from yjtui.rules import supervision as supervision_rules
from yjtui.rules import victims as victim_rules
from yjtui.rules.deadlines import RULE_EVENT
from yjtui.rules.facts import TRI_WORDS
from yjtui.store import CaseRecord, Child, Event, Store, TaskDone

SUPERVISION, CONTACT, COURT_REPORT, VICTIM, REFERRAL_ORDER, CUSTODY = (
    "supervision", "contact", "court_report", "victim", "referral_order", "custody")
BREACH = "breach"
# The breach of bail supervision and support or of a Parenting Order: the YOT police officer takes the S9 statement
# (seed 001 L327-334), so these kinds are in roles.POLICE_CASE_RECORD_KINDS; an order's breach is not.
BREACH_KIND_BY_ORDER = {"bail_support": "breach_bail_support", "parenting_order": "breach_parenting_order"}
BREACH_KINDS = (BREACH, *BREACH_KIND_BY_ORDER.values())

__all__ = ["BREACH", "BREACH_KINDS", "CONTACT", "COURT_REPORT", "CUSTODY", "REFERRAL_ORDER", "SUPERVISION", "VICTIM",
           "breach_kind", "record_facts", "start", "sync_contact_event", "sync_custody_event",
           "sync_report_event", "apply_answers", "update_victim", "victim_name_kept", "victim_names",
           "victim_names_for", "without_victim_names", "breach_counts"]


def breach_kind(order_type: str | None) -> str:
    return BREACH_KIND_BY_ORDER.get(order_type or "", BREACH)


def start(store: Store, child: Child, kind: str, data: dict[str, Any] | None = None) -> CaseRecord:
    """A new record of this kind, collected (audited) at once so nothing typed into it can be lost."""
    return store.add(CaseRecord(child_id=child.id, kind=kind, author=store.who,
                                data=json.dumps(data or {}, ensure_ascii=False, sort_keys=True)))


# --- What a stored record may give the engine (anything else is left out, never a crash) -----------------------

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WHEN = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$")


def _date(value: Any) -> str | None:
    if isinstance(value, str) and _DATE.match(value):
        try:
            date.fromisoformat(value)
            return value
        except ValueError:
            return None
    return None


def _when(value: Any) -> str | None:
    if isinstance(value, str) and _WHEN.match(value):
        try:
            datetime.fromisoformat(value)
            return value
        except ValueError:
            return None
    return None


def _clean(data: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """The keys of `spec` whose stored values have the right shape: "date", "when" (date or date-time), "tri",
    "bool", "text", "count", or a tuple of allowed words."""
    out: dict[str, Any] = {}
    for key, kind in spec.items():
        v = data.get(key)
        if v is None or v == "":
            continue
        if kind == "date":
            v = _date(v)
        elif kind == "when":
            v = _when(v)
        elif kind == "tri":
            v = v if v in TRI_WORDS else None
        elif kind == "bool":
            v = v if isinstance(v, bool) else None
        elif kind == "text":
            v = v if isinstance(v, str) else None
        elif kind == "count":
            v = v if isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 1000 else None
        elif kind == "number":
            v = v if isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 24 else None
        elif isinstance(kind, tuple):
            v = v if v in kind else None
        if v is not None:
            out[key] = v
    return out


SUPERVISION_SPEC = {"order_type": supervision_rules.ORDER_TYPES, "compliance_panel_held": "bool",
                    "assessment_started_on": "date", "order_started_on": "date", "order_ends_on": "date",
                    "reporting_reduced_on": "date", "reporting_justification": "text"}
CONTACT_SPEC = {"on": "when", "status": supervision_rules.CONTACT_STATUSES, "type": supervision_rules.CONTACT_TYPES,
                "followed_up_at": "when", "reason": "text", "acceptable": "tri", "beyond_control": "tri",
                "warning": "bool", "failed_or_refused": "bool"}
BREACH_SPEC = {"order_type": supervision_rules.ORDER_TYPES, "other_options_tried": "tri", "warnings_given": "count",
               "beyond_control_considered": "tri", "signed_off_by": "text",
               "signed_off_level": breach_rules.SIGN_OFF_LEVELS, "independent_review_by": "text",
               "witness_statement_on": "date", "child_told": "tri", "caretaking": breach_rules.CARETAKING,
               "referral_panel_held": "tri"}
REPORT_SPEC = {"type": tuple(report_rules.REPORT_TYPES), "requested_on": "date", "due_on": "date", "author": "text",
               "custody_considered": "tri", "community_supervision_considered": "tri", "existing_psr_on": "date",
               "existing_psr_signed_off": "tri", "significant_change": "tri", "proposal": report_rules.PROPOSALS,
               "community_alternative": "bool", "no_alternative_approved_by": "text",
               "parenting_order_addressed": "tri", "assessment_up_to_date": "tri", "signed_off_by": "text",
               "submitted_on": "date", "proposed_dto_months": "number", "extended_supervision_addressed": "tri",
               "cites_mappa_minutes": "bool"}
VICTIM_SPEC = {"ref": "text", "details_withheld": "bool", "rj_decision": victim_rules.RJ_DECISIONS,
               "rj_reason": "text", "agreed": "tri", "written_consent": "tri", "name_recorded": "bool",
               "significant_impact": "tri", "name_rationale": "text", "shared_with": "text",
               "share_rationale": "text", "host_involved": "bool", "home_host_agreed_in_writing": "tri"}
REFERRAL_SPEC = {"early_revocation_proposed": "bool", "progress_panel_agreed": "tri", "revocation_refused_on": "date",
                 "moving_to": custody_rules.DESTINATIONS, "placed_out_of_area": "bool", "host_convenes_panel": "tri"}
CUSTODY_SPEC = {"detained_on": "date", "released_on": "date", "s39a_detention_notified": "tri",
                "s39a_release_notified": "tri", "initial_meeting_on": "date", "later_dates_set": "tri",
                "risk_in_custody": "tri", "secure_plan_in_place": "tri", "temporary_release_proposed": "bool",
                "remanded": "bool", "adult_estate_move_proposed": "bool", "bail_applications": "count",
                "new_circumstances": "tri"}


def _breach_facts(data: dict[str, Any]) -> dict[str, Any]:
    facts = _clean(data, BREACH_SPEC)
    grounds = [g for g in data.get("grounds") or [] if g in breach_rules.GROUNDS] \
        if isinstance(data.get("grounds"), list) else []
    if grounds:
        facts["grounds"] = list(dict.fromkeys(grounds))
    for key, table in (("considered", breach_rules.CONSIDERATIONS), ("report", breach_rules.REPORT_CONTENTS)):
        given = data.get(key) if isinstance(data.get(key), dict) else {}
        kept = {k: v for k, v in given.items() if k in table and isinstance(v, str if key == "considered" else bool)}
        if kept:
            facts[key] = kept
    return facts


def _remand_periods(data: dict[str, Any]) -> list[dict[str, str]]:
    periods = []
    for p in data.get("remand_periods") or [] if isinstance(data.get("remand_periods"), list) else []:
        if isinstance(p, dict) and _date(p.get("from")):
            end = _date(p.get("to"))
            if end is None or end >= p["from"]:
                periods.append({"from": p["from"], **({"to": end} if end else {})})
    return periods


def record_facts(records: list[CaseRecord]) -> dict[str, Any]:
    """The engine's facts from these records: `supervision` (the contact log), `breach` (the newest open one),
    `court_reports`, `victims` (never a name), `referral_order`, `custody`."""
    facts: dict[str, Any] = {}
    sup: dict[str, Any] | None = None
    contacts, reports, victims = [], [], []
    open_breach: dict[str, Any] | None = None
    for r in records:
        data = loads(r.data, {})
        if r.kind == SUPERVISION:
            sup = _clean(data, SUPERVISION_SPEC)
        elif r.kind == CONTACT:
            c = _clean(data, CONTACT_SPEC)
            if "on" in c:
                contacts.append(c)
        elif r.kind in BREACH_KINDS and not data.get("closed"):
            open_breach = _breach_facts(data)
        elif r.kind == COURT_REPORT:
            rep = _clean(data, REPORT_SPEC)
            if "type" in rep:
                reports.append(rep)
        elif r.kind == VICTIM:
            victims.append(_clean(data, VICTIM_SPEC))
        elif r.kind == REFERRAL_ORDER:
            facts["referral_order"] = _clean(data, REFERRAL_SPEC)
        elif r.kind == CUSTODY:
            custody = _clean(data, CUSTODY_SPEC)
            periods = _remand_periods(data)
            if periods:
                custody["remand_periods"] = periods
            facts["custody"] = custody
    if sup is not None or contacts:
        facts["supervision"] = {**(sup or {}), "contacts": sorted(contacts, key=lambda c: c["on"])}
    if open_breach is not None:
        facts["breach"] = open_breach
    if reports:
        facts["court_reports"] = reports
    if victims:
        facts["victims"] = victims
    return facts


def victim_names(records: list[CaseRecord]) -> list[str]:
    """The victims' names recorded on this child's records (to keep them out of anything given to the child and
    family, seed 002 L1554): longest first, so a full name is removed before a part of it."""
    names = {str(loads(r.data, {}).get("name") or "").strip() for r in records if r.kind == VICTIM}
    return sorted((n for n in names if len(n) >= 2), key=len, reverse=True)


def victim_names_for(store: Store, child_id: int) -> list[str]:
    return victim_names([r for r in store.records(CaseRecord, child_id) if r.kind == VICTIM])


def without_victim_names(text: str, names: list[str]) -> str:
    """`text` with each recorded victim name replaced by "[victim]" (whole words, any case)."""
    for name in names:
        text = re.sub(r"(?<!\w)" + re.escape(name) + r"(?!\w)", "[victim]", text, flags=re.IGNORECASE)
    return text


def breach_counts(store: Store, since: date | None = None) -> dict[str, Any]:
    """The service's breach action for the management board (seed 002 L1632, L4430): breach records taken forward
    (status complete or countersigned), by order, and by the children's ethnicity and looked-after status (the board
    watches that breach is not disproportionately taken against Black, Asian and Mixed ethnicity, Gypsy, Roma and
    Traveller, vulnerable or looked-after children)."""
    from sqlmodel import select

    by_order: dict[str, int] = {}
    by_ethnicity: dict[str, int] = {}
    looked_after = total = 0
    with store.session() as s:
        rows = list(s.exec(select(CaseRecord, Child).where(CaseRecord.child_id == Child.id)
                           .where(CaseRecord.kind.in_(BREACH_KINDS))))
    for r, child in rows:
        if r.status not in ("complete", "countersigned"):
            continue
        if since is not None and (r.completed_at is None or r.completed_at.date() < since):
            continue
        order = str(loads(r.data, {}).get("order_type") or "other")
        by_order[order] = by_order.get(order, 0) + 1
        ethnicity = (child.ethnicity or "").strip() or "not recorded"
        by_ethnicity[ethnicity] = by_ethnicity.get(ethnicity, 0) + 1
        looked_after += child.looked_after not in ("", "no", "care_leaver")
        total += 1
    return {"total": total, "by_order": by_order, "by_ethnicity": by_ethnicity, "looked_after": looked_after}


# --- Dated events ------------------------------------------------------------------------------------------------

def _at(value: str) -> datetime:
    when = datetime.fromisoformat(value)
    return when if "T" in value else datetime.combine(when.date(), time.min)


def _mark_done(store: Store, child_id: int, event_id: int, rules: list[str]) -> None:
    done = {(t.event_id, t.rule) for t in store.records(TaskDone, child_id)}
    for rule_id in rules:
        if (event_id, rule_id) not in done:
            store.add(TaskDone(child_id=child_id, event_id=event_id, rule=rule_id, done_by=store.who))


def _sync(store: Store, child: Child, data: dict[str, Any], etype: str | None, when: str | None,
          extra: dict[str, Any]) -> bool:
    """Keep the record's one event (`data["event_id"]`) in step: created when wanted, moved or changed as the record
    changes; when no longer wanted its deadlines are marked done (the store keeps every event). Returns True when
    `data["event_id"]` changed (the caller saves the record)."""
    events = {e.id: e for e in store.records(Event, child.id)}
    event = events.get(data.get("event_id")) if isinstance(data.get("event_id"), int) else None
    text = json.dumps(extra, sort_keys=True)
    if etype is None or when is None:
        if event is not None:
            _mark_done(store, child.id, event.id, [r for r, types in RULE_EVENT.items() if event.type in types])
            data.pop("event_id", None)
            return True
        return False
    at = _at(when)
    if event is None or event.type != etype:
        if event is not None:
            _mark_done(store, child.id, event.id, [r for r, types in RULE_EVENT.items() if event.type in types])
        data["event_id"] = store.add(Event(child_id=child.id, type=etype, at=at, data=text)).id
        return True
    if event.at != at:
        store.update(event, "at", at)
    if event.data != text:
        store.update(event, "data", text)
    return False


def sync_contact_event(store: Store, child: Child, data: dict[str, Any], order_type: str | None) -> bool:
    """A missed contact is an event (bail support: `bail_contact_missed`, 24 hours, seed 002 L4404; otherwise
    `contact_missed`, L1618); its follow-up recorded marks the deadline done."""
    c = _clean(data, CONTACT_SPEC)
    missed = c.get("status") == "missed" and "on" in c
    etype = ("bail_contact_missed" if order_type == "bail_support" else "contact_missed") if missed else None
    changed = _sync(store, child, data, etype, c.get("on"), {"order_type": order_type or "", "record": CONTACT})
    if missed and c.get("followed_up_at") and isinstance(data.get("event_id"), int):
        _mark_done(store, child.id, data["event_id"], ["bail.missed_contact_follow_up", "contact.missed_follow_up"])
    return changed


def sync_report_event(store: Store, child: Child, data: dict[str, Any]) -> bool:
    """A report the court asked for by a date is an event due on that date (seed 002 L6647); submitted, it is done."""
    rep = _clean(data, REPORT_SPEC)
    wanted = "due_on" in rep and "requested_on" in rep
    changed = _sync(store, child, data, "court_report_requested" if wanted else None, rep.get("requested_on"),
                    {"due_on": rep.get("due_on"), "report_type": rep.get("type", ""), "record": COURT_REPORT})
    if wanted and rep.get("submitted_on") and isinstance(data.get("event_id"), int):
        _mark_done(store, child.id, data["event_id"], ["court_report.due"])
    return changed


def sync_custody_event(store: Store, child: Child, data: dict[str, Any]) -> bool:
    """The sentence as a `sentenced_custody` event, with the expected release (`release_on`): the MAPPA duties
    fall due six months before release, or on the day of sentence when less is left (seed 002 L18415, L18429)."""
    sentenced = _date(data.get("sentenced_on"))
    extra: dict[str, Any] = {"record": CUSTODY}
    for key in ("violent_or_sexual", "mappa_eligible", "level_2_or_3_needed"):
        if isinstance(data.get(key), bool):
            extra[key] = data[key]
    months = data.get("custody_months")
    if isinstance(months, (int, float)) and not isinstance(months, bool) and 0 < months <= 1200:
        extra["custody_months"] = months
    if _date(data.get("release_on")) and sentenced and data["release_on"] >= sentenced:
        extra["release_on"] = data["release_on"]
    return _sync(store, child, data, "sentenced_custody" if sentenced else None, sentenced, extra)


# --- What the supervision screen does (the contact log and breach) -----------------------------------------------

def of_kind(store: Store, child_id: int, *kinds: str) -> list[CaseRecord]:
    return [r for r in store.records(CaseRecord, child_id) if r.kind in kinds]


def data_of(record: CaseRecord | None) -> dict[str, Any]:
    return loads(record.data, {}) if record is not None else {}


def data_text(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def supervision_record(store: Store, child_id: int) -> CaseRecord | None:
    found = of_kind(store, child_id, SUPERVISION)
    return found[-1] if found else None


def contacts(store: Store, child_id: int) -> list[CaseRecord]:
    """The contact log, oldest first (by the contact's date)."""
    return sorted(of_kind(store, child_id, CONTACT), key=lambda r: (str(data_of(r).get("on") or ""), r.id or 0))


def log_contact(store: Store, child: Child, data: dict[str, Any], order_type: str | None) -> CaseRecord:
    """A new contact in the log; a missed one starts its follow-up deadline."""
    record = start(store, child, CONTACT, data)
    if sync_contact_event(store, child, data, order_type):
        store.update(record, "data", data_text(data))
    return record


def current_breach(store: Store, child_id: int) -> CaseRecord | None:
    """The newest breach record not closed."""
    open_ = [r for r in of_kind(store, child_id, *BREACH_KINDS) if not data_of(r).get("closed")]
    return open_[-1] if open_ else None


def warnings_given(store: Store, child_id: int) -> int:
    return sum(1 for r in contacts(store, child_id) if data_of(r).get("warning") is True)


def clean_report(data: dict[str, Any]) -> dict[str, Any]:
    """A report as typed, as the engine's `court_reports` entry (what cannot be read left out)."""
    return _clean(data, REPORT_SPEC)


def victim_name_kept(data: dict[str, Any]) -> bool:
    """Whether a victim record may keep the victim's name: only where the record says there is a real and potentially
    significant impact and gives the reason (seed 002 L1536-1538); otherwise the details are held in a separate
    system (L1538)."""
    return data.get("significant_impact") == "yes" and bool(str(data.get("name_rationale") or "").strip())


def apply_answers(data: dict[str, Any], answers: dict[str, Any]) -> None:
    """Put a form's answers into a record's data: a blank answer removes the key."""
    for key, value in answers.items():
        if value in (None, "", []):
            data.pop(key, None)
        else:
            data[key] = value


def update_victim(data: dict[str, Any], answers: dict[str, Any]) -> bool:
    """Put a victim form's answers into the record's data (`apply_answers`); the name is kept only when
    `victim_name_kept`, and a kept name means the name is on the record. Returns False when a typed name was left
    out."""
    apply_answers(data, answers)
    if not data.get("name"):
        return True
    if victim_name_kept(data):
        data["name_recorded"] = True
        return True
    data.pop("name", None)
    return False


def breach_refusal(data: dict[str, Any]):
    """Why this breach may not go to court yet (a Finding from rules/breach.py), or None when every gate is met:
    the one check both the screen's key and anything headless use."""
    return breach_rules.refusal(breach_rules.parse_breach(_breach_facts(data)))
