"""The intervention plan as a document: Word and plain text, in two versions.

- The practitioner's version: the order and its requirements, contact frequency, every plan item (what, who, by
  when, how progress is known, statutory or voluntary), the risk sections, contingency plans and reviews.
- The child's and family's version, in plain words without jargon: the guidance asks that the child always gets
  a copy of their plan that they understand (seed 002 L890), that they can see what is part of the order and what
  is help they can choose (L2136), and that the plan is time-limited with early revocation possible (L2144).

Pure: no Textual; written and logged as a disclosure by `document.deliver`, like every export.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from yjtui.casework.export.document import Document, ExportSpec, Section
from yjtui.rules.plan_checks import ITEM_AREAS, ORDER_TYPES, SECTIONS, order_type_key, parse_iso


EXPORT = ExportSpec("Export the plan (Word and plain text)", "plan", recipient_hint="e.g. the child's parent",
                    purpose="Sharing the plan with the child and family",
                    choices=(("child", "Child and family: plain words"), ("full", "Practitioner: the full plan")))


def _plan(title: str, subtitle: str, parts: list[Section], child_words: bool) -> Document:
    return Document(title, subtitle, parts, kind="plan", name="my-plan" if child_words else "intervention-plan",
                    about="child version" if child_words else "full plan", empty="(nothing yet)", bullets=True)


def without(document: Document, names: list[str] | tuple[str, ...]) -> Document:
    """The document with each victim name recorded for the child replaced by "[victim]": plans are shared with the
    child and family, so no victim's name goes in anything given out (Case Management Guidance, seed 002 L1554; the
    names come from casework.supervision.victim_names_for)."""
    if not names:
        return document
    from dataclasses import replace

    from yjtui.casework.supervision import without_victim_names

    def clean(text: str) -> str:
        return without_victim_names(text, list(names))

    return replace(document, title=clean(document.title), subtitle=clean(document.subtitle),
                   sections=[Section(clean(s.heading), [clean(x) for x in s.paragraphs],
                                     [[clean(c) for c in row] for row in s.table] if s.table else None)
                             for s in document.sections])


def _d(value: Any) -> str:
    d = parse_iso(value)
    return d.strftime("%d/%m/%Y") if d else str(value or "")


def _items(data: dict) -> list[dict]:
    return [i for i in data.get("items", []) if isinstance(i, dict)]


def _contingencies(data: dict) -> list[dict]:
    return [c for c in data.get("contingencies", []) if isinstance(c, dict)]


def _requirement_line(r: dict, titles: dict[str, str]) -> str:
    bits = [titles.get(str(r.get("id")), str(r.get("id")))]
    for key, unit in (("hours", "hours"), ("days", "days"), ("months", "months"), ("hours_per_day", "hours a day"),
                      ("hours_per_week", "hours a week")):
        if r.get(key) not in (None, ""):
            bits.append(f"{r[key]} {unit}")
    return ", ".join(bits)


def practitioner_version(child_name: str, data: dict, today: date, titles: dict[str, str] | None = None,
                         findings: list[str] | None = None) -> Document:
    titles = titles or {}
    order = data.get("order") or {}
    kind = order_type_key(order.get("type"))
    parts = [Section("Order", [f"{ORDER_TYPES.get(kind, 'Order not yet recorded')}"
                           f"{', made ' + _d(order.get('made')) if order.get('made') else ''}"
                           f"{', ' + str(order.get('months')) + ' months' if order.get('months') else ''}."])]
    parts.append(Section("Requirements", [_requirement_line(r, titles) for r in data.get("requirements", [])
                                       if isinstance(r, dict)]))
    contacts = data.get("contacts") or {}
    lines = []
    if data.get("level"):
        lines.append(f"Intervention level (Enfield): {data['level']}.")
    if contacts.get("per_month") is not None:
        lines.append(f"Planned contacts a month: {contacts['per_month']}.")
    if contacts.get("statutory_per_week") is not None:
        lines.append(f"Statutory appointments a week: {contacts['statutory_per_week']}.")
    for key, answer in (data.get("questions") or {}).items():
        if str(answer).strip():
            lines.append(f"{key}: {answer}")
    parts.append(Section("Contact frequency", lines))
    for section, heading in SECTIONS.items():
        rows = []
        for i in _items(data):
            if (i.get("section") or "action") != section:
                continue
            rows.append(f"{i.get('what', '')} | who: {i.get('who', '')} | by: {_d(i.get('by'))} | progress known "
                        f"by: {i.get('measure', '')} | {i.get('kind', 'voluntary')} | "
                        f"{ITEM_AREAS.get(i.get('area', ''), '')}")
        parts.append(Section(heading, rows))
    parts.append(Section("Contingency plans", [f"If {c.get('trigger', '')} then {c.get('action', '')} "
                                            f"(contact: {c.get('contact', '')})" for c in _contingencies(data)]))
    reviews = []
    for r in data.get("reviews", []):
        if isinstance(r, dict):
            reviews.append(f"{_d(r.get('date'))} ({'significant change' if r.get('reason') == 'change' else '3-monthly'})"
                           f": changed: {r.get('changed', '')}; progress: {r.get('progress', '')}; new plan: "
                           f"{r.get('new_plan', '')}; countersigned by {r.get('countersigned_by') or '(awaiting)'}")
    parts.append(Section("Reviews", reviews))
    if findings:
        parts.append(Section("Checks at export", findings))
    return _plan(f"Intervention plan: {child_name}", f"Printed {today:%d/%m/%Y}", parts, child_words=False)


# Words that mean nothing to a child; the child's version never uses them itself (the test checks it).
JARGON = ("RoSH", "SWB", "AssetPlus", "statutory", "YRO", "MAPPA", "LoR", "ISS", "intervention", "desistance")

CHILD_ORDER_WORDS = {
    "yro": "a Youth Rehabilitation Order (an order from the court that you do in the community)",
    "yro_iss": "a Youth Rehabilitation Order with extra support and checks (instead of custody)",
    "yro_if": "a Youth Rehabilitation Order where you live with a foster family for a while",
    "referral_order": "a Referral Order (you agree a contract with a panel from your community)",
    "dto": "a Detention and Training Order (time in custody, then time back in the community)",
    "other": "an order from the court",
}

CHILD_SECTION = {
    "action": "What we will do together",
    "external": "Things that keep you and others safe",
    "internal": "Skills we will work on with you",
    "protective": "Good things in your life we will build on",
    "sharing": "Who we share information with, and why",
}


def child_version(child_name: str, data: dict, today: date, titles: dict[str, str] | None = None) -> Document:
    titles = titles or {}
    order = data.get("order") or {}
    kind = order_type_key(order.get("type"))
    about = [f"The court gave you {CHILD_ORDER_WORDS.get(kind, 'an order')}."] if kind else []
    if order.get("months"):
        about.append(f"It lasts {order['months']} months"
                     f"{', from ' + _d(order.get('made')) if order.get('made') else ''}.")
    about.append("If things go well, we can ask the court to end your order early once you are half-way through.")
    reqs = [f"You must: {titles.get(str(r.get('id')), str(r.get('id'))).replace(' requirement', '').lower()}"
            for r in data.get("requirements", []) if isinstance(r, dict)]
    parts = [Section("About your order", about), Section("What the court has asked you to do", reqs)]
    contacts = data.get("contacts") or {}
    if contacts.get("per_month") is not None:
        parts.append(Section("How often we will meet", [f"About {contacts['per_month']} times a month to start with. "
                                                     "This can change as things get better."]))
    for section, heading in CHILD_SECTION.items():
        rows = []
        for i in _items(data):
            if (i.get("section") or "action") != section:
                continue
            must = ("You have to do this: it is part of your order." if i.get("kind") == "statutory"
                    else "This is help you can choose to take.")
            when = f" By {_d(i.get('by'))}." if i.get("by") else ""
            who = f" {i.get('who')} will help." if i.get("who") else ""
            how = f" We will know it is working when: {i.get('measure')}." if i.get("measure") else ""
            rows.append(f"{i.get('what', '')}.{who}{when}{how} {must}")
        if rows:
            parts.append(Section(heading, rows))
    plans = [f"If {c.get('trigger', '')}, then {c.get('action', '')}. Contact: {c.get('contact', '')}."
             for c in _contingencies(data)]
    if plans:
        parts.append(Section("If things get difficult", plans))
    parts.append(Section("Your say", ["This is your plan: we made it with you. Tell us what is working and what is "
                                   "not, at any time. We will look at it together at least every 3 months."]))
    return _plan(f"My plan: {child_name}", f"Written {today:%d/%m/%Y}", parts, child_words=True)
