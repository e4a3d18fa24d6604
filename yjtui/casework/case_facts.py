"""A child's stored records as the rules engine's facts (the JSON shape of `yjtui evaluate`, spec v1).

One place owns this translation, so the risk screen, the court screen, the plan and the deadline board all ask the
engine the same question. The `data` JSON of each record kind is part of that contract:

- Assessment kind `rosh`: data {"behaviours": [{"description", "at_risk", "setting", "likelihood", "impact",
  "imminence"}], "evidence": str}; `final` is the practitioner's level, `suggested` the engine's "low–high".
- Assessment kind `swb`: data {"concerns": true/false/null, "outcomes": [{"description", "setting", "likelihood",
  "impact"}], "risk_factors": [factor ids ticked], "safeguarding": [indicator ids ticked], "evidence": str};
  `final` the level. The indicators, and the risk factors that are themselves indicators, become the engine's
  `safeguarding` facts (NRM, child protection, alerting a manager).
- Assessment kind `lor`: data {"yogrs_percent": int|null, "reason": str}; `final` the LoR level (band or judgement).
- Assessment kind `mappa`: data {"category": 0–4, "level": 0–3}.
- Hearing: `charges` a JSON list of the spec's offence objects (plus "offence" text and "gravity_score");
  `data` the rest of the spec's `bail` object (tri-state answers) plus the screen's own keys (evidence, objections,
  package), which the engine ignores.
- Event rows: {"type", "at", **data}.
- Case records of kinds `exploitation` (the screening) and `nrm`: see `casework/exploitation.py`; the latest
  completed screening (or a screen's draft under `drafts["exploitation"]`) is the spec's `exploitation` facts.
- CaseRecord kinds `transfer` and `transition`: the facts `transfer` and `transition` (see `casework.moves`).
- CaseRecord kinds `supervision`, `contact`, `breach*`, `court_report`, `victim`, `referral_order`, `custody`: the
  facts of supervision from sentence to closure (see `casework.supervision`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Protocol

from yjtui.store import Assessment, CaseRecord, Child, Event, Hearing, Store

ASSESSMENT_KINDS = ("rosh", "swb", "lor", "mappa")


class AssessmentLike(Protocol):
    data: Any  # JSON text as stored, or the dict a screen is editing
    final: str


@dataclass
class DraftValues:
    """An assessment as a screen holds it while the practitioner types: no database object is needed to ask the
    engine about it (building one per keystroke costs more than the rules themselves)."""

    data: dict[str, Any]
    final: str = ""


@dataclass
class Snapshot:
    """A child's stored records, read once; a screen keeps one and asks the engine on every keystroke."""

    assessments: dict[str, Assessment]
    hearings: list[Hearing]
    events: list[Event] = field(default_factory=list)
    case_records: list[CaseRecord] | None = None
    nation: str | None = None  # the service's nation (Settings), read with the records

    @classmethod
    def read(cls, store: Store, child: Child) -> "Snapshot":
        from yjtui.casework import moves

        return cls(latest_assessments(store, child.id), store.records(Hearing, child.id),
                   store.records(Event, child.id), store.records(CaseRecord, child.id), moves.nation(store))


def loads(text: Any, default: Any) -> Any:
    """Stored JSON (or an already-parsed dict/list), or the default when a record holds none or something
    unreadable."""
    if isinstance(text, (dict, list)):
        return text if isinstance(text, type(default)) else default
    if not text:
        return default
    try:
        value = json.loads(text)
    except ValueError:
        return default
    return value if isinstance(value, type(default)) else default


def latest_assessments(store: Store, child_id: int, *, completed_only: bool = True) -> dict[str, Assessment]:
    """The newest assessment of each kind (completed ones, unless drafts are asked for)."""
    latest: dict[str, Assessment] = {}
    for a in store.records(Assessment, child_id):
        if completed_only and a.status not in ("complete", "countersigned"):
            continue
        key = (a.completed_at or a.updated_at or datetime.min, a.id)
        held = latest.get(a.kind)
        if held is None or key >= (held.completed_at or held.updated_at or datetime.min, held.id):
            latest[a.kind] = a
    return latest


# SWB risk factors that are themselves safeguarding indicators (Enfield RMG 9.14, seed 002 L711–719).
FACTOR_FLAGS = {"sexual_exploitation": "sexual_exploitation", "gang_exploitation": "gang_association"}


def safeguarding_facts(swb: AssessmentLike | None) -> dict[str, bool]:
    if swb is None:
        return {}
    data = loads(swb.data, {})
    flags = {k: True for k in data.get("safeguarding") or [] if isinstance(k, str)}
    for factor, flag in FACTOR_FLAGS.items():
        if factor in (data.get("risk_factors") or []):
            flags[flag] = True
    return flags


def _level(value: str) -> str | None:
    return value if value in ("low", "medium", "high", "very_high") else None


def assessment_facts(kind: str, a: AssessmentLike | None) -> dict[str, Any] | None:
    if a is None:
        return None
    data = loads(a.data, {})
    if kind == "rosh":
        out: dict[str, Any] = {"behaviours": [
            {k: b.get(k) for k in ("description", "setting", "likelihood", "impact") if b.get(k) is not None}
            for b in data.get("behaviours", []) if isinstance(b, dict)]}
        if _level(a.final):
            out["judgement"] = a.final
        return out
    if kind == "swb":
        out = {"outcomes": [
            {k: o.get(k) for k in ("description", "setting", "likelihood", "impact") if o.get(k) is not None}
            for o in data.get("outcomes", []) if isinstance(o, dict)]}
        if data.get("concerns") in (True, False):
            out["concerns"] = data["concerns"]
        if _level(a.final):
            out["judgement"] = a.final
        return out
    if kind == "lor":
        out = {}
        if isinstance(data.get("yogrs_percent"), int):
            out["yogrs_percent"] = data["yogrs_percent"]
        if a.final in ("low", "medium", "high"):
            out["judgement"] = a.final
        return out
    if kind == "mappa":
        return {k: data[k] for k in ("category", "level") if isinstance(data.get(k), int)}
    return None


def hearing_facts(h: Hearing) -> dict[str, Any]:
    bail = dict(loads(h.data, {}))
    bail["offences"] = [c for c in loads(h.charges, []) if isinstance(c, dict)]
    if h.at:
        bail["hearing_date"] = h.at.date().isoformat()
    return bail


def event_fact(type_: str, at: datetime, data: Any) -> dict[str, Any]:
    """One stored event as the engine's event: its extra keys (`data`), type and date-time. An event dated without a
    time is stored at 00:00: the engine is given the bare date, so a duty of a few hours says "within 2 hours of the
    time it happened" rather than falling due at 02:00."""
    when = at.date().isoformat() if at.time() == time.min else at.isoformat(timespec="minutes")
    return {**loads(data, {}), "type": type_, "at": when}


def event_facts(events: list[Event]) -> list[dict[str, Any]]:
    return [event_fact(e.type, e.at, e.data) for e in events]


def build(store: Store, child: Child, *, as_of: date | None = None, hearing: Hearing | None = None,
          drafts: dict[str, AssessmentLike] | None = None, snapshot: Snapshot | None = None) -> dict[str, Any]:
    """The facts for one child: the latest completed assessments (a screen's drafts override them), the hearing
    being assessed (or the latest), and every dated event. With a snapshot, nothing is read from the store."""
    facts: dict[str, Any] = {}
    if as_of:
        facts["as_of"] = as_of.isoformat()
    child_facts: dict[str, Any] = {"looked_after": child.looked_after not in ("", "no", "care_leaver"),
                                   "care_leaver": child.looked_after == "care_leaver"}  # L24301: a transfer gate
    if child.date_of_birth:
        child_facts["date_of_birth"] = child.date_of_birth.isoformat()
    facts["child"] = child_facts
    assessments: dict[str, AssessmentLike] = dict(
        snapshot.assessments if snapshot else latest_assessments(store, child.id))
    assessments.update(drafts or {})
    for kind, key in (("rosh", "rosh"), ("swb", "safety_wellbeing"), ("lor", "likelihood_of_reoffending"),
                      ("mappa", "mappa")):
        value = assessment_facts(kind, assessments.get(kind))
        if value:
            facts[key] = value
    flags = safeguarding_facts(assessments.get("swb"))
    if flags:
        facts["safeguarding"] = flags
    if hearing is None:
        hearings = snapshot.hearings if snapshot else store.records(Hearing, child.id)
        hearing = hearings[-1] if hearings else None
    if hearing is not None:
        facts["bail"] = hearing_facts(hearing)
    events = snapshot.events if snapshot else store.records(Event, child.id)
    if events:
        facts["events"] = event_facts(events)
    from yjtui.casework import exploitation  # the screening and the NRM record (issue 13)

    records = snapshot.case_records if snapshot and snapshot.case_records is not None \
        else store.records(CaseRecord, child.id)
    exploitation.add_facts(facts, records, (drafts or {}).get("exploitation"))
    from yjtui.casework import moves  # the transfer and transition records (issue 12)

    if records:  # the nation setting is read only when there is a record to read it for
        facts.update(moves.record_facts(records, snapshot.nation if snapshot and snapshot.nation
                                        else moves.nation(store)))
        from yjtui.casework import supervision  # contacts, breach, reports, victims, custody (issue 24)

        facts.update(supervision.record_facts(records))
    return facts
