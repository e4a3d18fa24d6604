"""A child's intervention plan as the plan screen works with it: open the plan (or start it), keep the order's
`order_made` event in step with it, and record a review (its `plan_reviewed` event, the review deadlines it answers
marked done), and what the plan's checks need from the child's other records (`context`).

The plan's `data` JSON:

    {
      "case_manager": str,                         # who the board's "mine" filter means
      "order": {"type": "yro" | "yro_iss" | "yro_if" | "referral_order" | "dto" | "other"
                        (older plans: the label, e.g. "Youth Rehabilitation Order"),
                "made": "YYYY-MM-DD", "months": int, "event_id": int},   # event_id: the order_made Event
      "requirements": [{"id": <yro_requirements entry id>, "hours": int, "days": int, "months": int,
                        "hours_per_day": int, "hours_per_week": int, "hours_per_session": int,
                        "sessions_per_day": int}],            # any number field may be absent
      "level": "" | "intensive" | "enhanced" | "standard",  # Enfield: "" = from the assessments (engine)
      "contacts": {"per_month": int, "statutory_per_week": int},
      "questions": {<CONTACT_QUESTIONS key>: str},          # national: the eight contact-frequency questions
      "items": [{"what", "who", "by": "YYYY-MM-DD", "measure", "kind": "statutory" | "voluntary",
                 "area": <ITEM_AREAS key>, "section": "action" | "external" | "internal" | "protective" | "sharing",
                 "covers": ["swb:<factor id>", "rosh:<behaviour index>"]}],
      "contingencies": [{"trigger", "action", "contact", "covers": ["swb:<factor id>"]}],
      "reviews": [{"date": "YYYY-MM-DD", "reason": "scheduled" | "change", "changed", "progress", "new_plan",
                   "recorded_by", "countersigned_by", "countersigned_at": ISO date-time}],
      "revocation": {"considered": "YYYY-MM-DD", "refused": "YYYY-MM-DD"}
    }
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from yjtui.casework.case_facts import loads
from yjtui.store import Event, Plan, Store, TaskDone

REVIEW_RULE = "order.intervention_plan_review"  # the engine's 3-monthly review deadline
# The plan's parts that hold entries of their own: always there (empty at first), so two copies filling in different
# entries of one part merge entry by entry rather than as two new parts.
PARTS = ("order", "contacts", "questions")


def open_plan(store: Store, child_id: int, case_manager: str) -> Plan:
    """The child's plan (the newest, if ever more than one), or a new one started with its case manager, not yet
    stored (`id` None): the screen stores it with its first change (`store_new`), so looking at the plan makes no
    plan (issue 23)."""
    found = stored_plan(store, child_id)
    if found is not None:
        return found
    data = {"case_manager": case_manager, **{part: {} for part in PARTS}}
    return Plan(child_id=child_id, data=json.dumps(data, sort_keys=True))


def stored_plan(store: Store, child_id: int) -> Plan | None:
    """The child's stored plan (the newest), or None: for a plan started on screen, the one another copy may have
    stored meanwhile (two people starting it at once then work on one plan)."""
    plans = store.records(Plan, child_id)
    return plans[-1] if plans else None


def store_new(store: Store, plan: Plan) -> Plan:
    """The plan `open_plan` started, collected (audited) on its first change; one already stored as it is."""
    return plan if plan.id is not None else store.add(plan)


def entries(plan: Plan) -> dict[str, Any]:
    """The plan's `data` as a dict, each of its parts a dict (empty when not yet filled in)."""
    data = loads(plan.data, {})
    for part in PARTS:
        if not isinstance(data.get(part), dict):
            data[part] = {}
    return data


def order_made(store: Store, child_id: int) -> tuple[date, int] | None:
    """The newest order recorded for the child (court screen, demo): its date and event id, or None."""
    made = [e for e in store.records(Event, child_id) if e.type == "order_made"]
    return (made[-1].at.date(), made[-1].id) if made else None


def record_order_made(store: Store, child_id: int, event_id: int | None, made: date, extra: dict[str, Any]) -> int:
    """The order as an `order_made` event, so the engine's allocation, review, EM and unpaid work deadlines reach the
    board: the plan's own event (`event_id`) brought up to date, or a new one. Returns the event's id."""
    at = datetime.combine(made, time.min)
    event = next((e for e in store.records(Event, child_id) if e.id == event_id), None) if event_id else None
    if event is None:
        return store.add(Event(child_id=child_id, type="order_made", at=at, data=json.dumps(extra))).id
    if event.at != at:
        store.update(event, "at", at)
    data = {**loads(event.data, {}), **extra}
    if loads(event.data, {}) != data:
        store.update(event, "data", json.dumps(data))
    return event.id


def record_review(store: Store, child_id: int, day: date, done_by: str) -> None:
    """A review of the plan on `day`: a `plan_reviewed` event (the next 3-monthly deadline runs from it), and the
    review deadlines it answers (of the order and earlier reviews, on or before that day) marked done."""
    events = store.records(Event, child_id)
    for e in events:
        if e.type in ("order_made", "plan_reviewed") and e.at.date() <= day:
            done = {(t.event_id, t.rule) for t in store.records(TaskDone, child_id)}
            if (e.id, REVIEW_RULE) not in done:
                store.add(TaskDone(child_id=child_id, event_id=e.id, rule=REVIEW_RULE, done_by=done_by))
    store.add(Event(child_id=child_id, type="plan_reviewed", at=datetime.combine(day, time.min)))


# The plan's order types as the engine's `order_made` event names them.
ENGINE_ORDER_TYPE = {"yro": "yro", "yro_iss": "yro", "yro_if": "yro", "referral_order": "referral_order",
                     "dto": "dto", "other": "other"}


def with_parts(data: dict[str, Any]) -> dict[str, Any]:
    """The plan's values with each of its parts a dict (a part stored in another shape is made one again)."""
    for part in PARTS:
        if not isinstance(data.get(part), dict):
            data[part] = {}
    return data


def as_opened(store: Store, child_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """The plan's values as the screen opens them: each part a dict, the order type as its key (older plans and the
    demo store the label), and an order recorded elsewhere (the court screen, the demo) as the plan's order."""
    from yjtui.rules import plan_checks as pc

    order = with_parts(data)["order"]
    if order.get("type") and pc.order_type_key(order["type"]) != order["type"]:
        order["type"] = pc.order_type_key(order["type"])
    made = None if order.get("made") else order_made(store, child_id)
    if made:
        order["made"], order["event_id"] = made[0].isoformat(), made[1]
    return data


def order_event_extra(data: dict[str, Any]) -> dict[str, Any]:
    """What the plan's `order_made` event tells the engine: the order type and the requirements that have deadlines
    of their own (electronic monitoring, unpaid work)."""
    from yjtui.rules import plan_checks as pc

    ids = pc.requirement_ids(data)
    extra: dict[str, Any] = {"electronic_monitoring": "electronic-monitoring" in ids,
                             "unpaid_work": "unpaid-work" in ids}
    kind = pc.order_type_key((data.get("order") or {}).get("type"))
    if kind:
        extra["order_type"] = ENGINE_ORDER_TYPE.get(kind, "other")
    return extra


def sync_order_event(store: Store, child_id: int, data: dict[str, Any]) -> int | None:
    """The plan's order as its `order_made` event (made or brought up to date); its id, or None while the plan has
    no date the order was made."""
    from yjtui.rules import plan_checks as pc

    order = data.get("order") or {}
    made = pc.parse_iso(order.get("made"))
    if made is None:
        return None
    return record_order_made(store, child_id, order.get("event_id"), made, order_event_extra(data))


def context(store: Store, snapshot: Any, child: Any, packs: tuple[str, ...], today: date) -> Any:
    """What the plan's checks need beyond the plan (`plan_checks.PlanContext`), from the child's records as held in
    memory (`case_facts.Snapshot`): the completed assessments' risk factors, RoSH behaviours and level, and where a
    pack sets contact levels, the engine's intervention level. Sends nothing to the store."""
    from yjtui.casework import case_facts
    from yjtui.rules import FactsError, evaluate
    from yjtui.rules import plan_checks as pc

    latest = snapshot.assessments
    swb = loads(latest["swb"].data, {}) if "swb" in latest else {}
    rosh = loads(latest["rosh"].data, {}) if "rosh" in latest else {}
    dates = [a.completed_at.date() for a in latest.values() if a.completed_at]
    engine_level = None
    if pc.policy_for(packs).switches_on("plan.contact_minimum"):
        try:
            result = evaluate(case_facts.build(store, child, as_of=today, snapshot=snapshot), list(packs), as_of=today)
            engine_level = result.values.get("intervention_level")
        except FactsError:
            engine_level = None
    return pc.PlanContext(
        today=today, packs=packs, dob=child.date_of_birth, engine_level=engine_level,
        rosh_level=latest["rosh"].final if "rosh" in latest else None,
        swb_factors=tuple(str(f) for f in swb.get("risk_factors", []) if isinstance(f, str)),
        rosh_behaviours=tuple(b for b in rosh.get("behaviours", []) if isinstance(b, dict)),
        assessed_on=max(dates) if dates else None)


def rows(data: dict[str, Any], key: str) -> list[tuple[int, dict]]:
    """The rows of one of the plan's lists with their places in it (an entry stored in another shape is left out)."""
    found = data.get(key)
    return [(i, r) for i, r in enumerate(found) if isinstance(r, dict)] if isinstance(found, list) else []


def export_document(store: Store, child: Any, data: dict[str, Any], version: str, today: date, ref: Any,
                    checks: list[str]) -> Any:
    """The plan as a document: the child's version (their words) or the practitioner's (with the `checks` in words),
    never a victim's name (seed 002 L1554)."""
    from yjtui.casework import supervision
    from yjtui.casework.export import plan_export

    titles = {e.id: e.title for e in ref.entries}
    if version == "child":
        doc = plan_export.child_version(child.display_name, data, today, titles)
    else:
        doc = plan_export.practitioner_version(child.display_name, data, today, titles, checks)
    return plan_export.without(doc, supervision.victim_names_for(store, child.id))
