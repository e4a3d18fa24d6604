"""The Community Package Bail Proposal: its sections built from the hearing, and written as Word and plain text.

The minimum contents are the six the Case Management Guidance lists (seed 002 L4324-L4336), each under its own
heading, followed by the proposed condition in the guidance's words (L4338), the objections to bail with the
response to each (L4380), and the agreement of the child, parent or carer and (out of area) home authority
(L4340-L4342). Pure: no Textual; written and logged by `document.deliver`, like every export.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from yjtui.casework.export.document import Document, ExportSpec, Section
from yjtui.rules.court_checks import MINIMUM_CONTENTS, STANDARD_CONDITION, tri_words
from yjtui.rules.bail_act import GROUNDS
from yjtui.reference.offences import LIFE_YEARS  # 99: how the court screen records life

CONDITION_LABELS: dict[str, str] = {
    "comply_bss": "Comply with the requirements of the bail supervision and support package",
    "reporting": "Report to a police station",
    "curfew": "Curfew",
    "tag": "Electronic monitoring (tag) of the curfew or location",
    "exclusion": "Exclusion zone (the child is given a map)",
    "non_contact": "Not to contact victims, witnesses or named people",
    "residence": "Reside at the bail address",
    "surety": "Surety",
    "psr": "Co-operate with the preparation of a pre-sentence report",
    "other": "Other",
}

EXPORT = ExportSpec("Export the Community Package Bail Proposal (Word and plain text)", "proposal",
                    recipient_hint="e.g. Highbury Corner YC", purpose="Bail application")

SUPPORT_WORDS = {"iss": "Bail intensive supervision and support (bail ISS)",
                 "bss": "Bail supervision and support", "": "No package proposed", "none": "No package proposed"}


Proposal = Document  # the court screen's name for the document model (casework/export/document.py)


def _loads(text: str | None, default: Any) -> Any:
    try:
        value = json.loads(text or "")
    except ValueError:
        return default
    return value if isinstance(value, type(default)) else default


def _or_missing(text: Any) -> str:
    t = str(text or "").strip()
    return t or "(not yet recorded)"


def _flag_words(charge: dict[str, Any]) -> str:
    flags = [name for name in ("imprisonable", "violent", "sexual", "terrorism")
             if charge.get(name) in (True, "yes")]
    if charge.get("max_adult_sentence_years") is not None:
        years = charge["max_adult_sentence_years"]
        flags.append("adult maximum life" if years >= LIFE_YEARS else f"adult maximum {years:g} years")
    if charge.get("alleged_while_on_bail") in (True, "yes"):
        flags.append("alleged while on bail")
    if charge.get("alleged_while_remanded") in (True, "yes"):
        flags.append("alleged while remanded")
    return ", ".join(flags)


def build(child: Any, hearing: Any, *, age: int | None = None, author: str = "",
          today: date | None = None) -> Document:
    """The proposal for one hearing. `child` and `hearing` are the store's records (or anything with the same
    attributes)."""
    data = _loads(hearing.data, {})
    charges = [c for c in _loads(hearing.charges, []) if isinstance(c, dict)]
    package = data.get("package") or {}
    assess = data.get("assessment") or {}
    conditions = package.get("conditions") or {}
    details = package.get("condition_details") or {}
    name = f"{child.given_name} {child.family_name}".strip() or "(no name)"
    # The time only where one was typed (data["time"], or a stored time other than midnight): the court screen opens
    # a hearing with no time at 00:00, which is no time the court gave.
    timed = isinstance(hearing.at, datetime) and bool(data.get("time") or hearing.at.time() != time(0, 0))
    when = (hearing.at.strftime("%d/%m/%Y %H:%M") if timed else hearing.at.strftime("%d/%m/%Y") +
            " (time not recorded)") if isinstance(hearing.at, datetime) else "(date not recorded)"
    subtitle = f"{name}" + (f", age {age}" if age is not None else "") + \
        f" — {hearing.court or '(court not recorded)'}, {when}"
    support = package.get("support") or ""

    sections: list[Section] = []
    hearing_lines = [f"Court: {_or_missing(hearing.court)}", f"Hearing: {when}"]
    if child.date_of_birth:
        hearing_lines.append(f"Date of birth: {child.date_of_birth.strftime('%d/%m/%Y')}")
    if data.get("home_yjs"):
        hearing_lines.append(f"Home YJS (out of area): {data['home_yjs']}")
    for i, c in enumerate(charges, 1):
        text = c.get("offence") or c.get("description") or "(offence not recorded)"
        flags = _flag_words(c)
        hearing_lines.append(f"Charge {i}: {text}" + (f" ({flags})" if flags else ""))
    sections.append(Section("The hearing and the charges", hearing_lines))

    by_key: dict[str, Section] = {}
    for key, heading, _cite in MINIMUM_CONTENTS:
        by_key[key] = Section(heading)
        sections.append(by_key[key])

    by_key["suitability"].paragraphs = [
        f"Proposed: {SUPPORT_WORDS.get(support, support)}.", _or_missing(package.get("suitability"))]
    if support == "iss" and package.get("hours_per_week") is not None:
        by_key["suitability"].paragraphs.append(
            f"Bail ISS contact: {package['hours_per_week']:g} hours a week, with electronic monitoring.")
    by_key["agreement"].paragraphs = [
        f"Child's informed agreement to engage and participate: {tri_words(package.get('child_agreed'))}.",
        f"Parent or carer agrees to the contents: {tri_words(package.get('parent_agreed'))}.",
    ]
    if package.get("agreement_notes"):
        by_key["agreement"].paragraphs.append(str(package["agreement_notes"]))
    by_key["address"].paragraphs = [
        f"Address: {_or_missing(assess.get('bail_address'))}",
        f"Living arrangements: {_or_missing(assess.get('living_arrangements'))}",
        f"Checked for suitability by the YJS police officer: {tri_words(package.get('address_checked'))}"
        + (f" ({package['address_checked_by']})" if package.get("address_checked_by") else "") + ".",
    ]
    by_key["content"].paragraphs = [
        f"Package: {_or_missing(package.get('content'))}",
        f"Level of contact during the bail period: {_or_missing(package.get('contact_plan'))}",
    ]
    if assess.get("education"):
        by_key["content"].paragraphs.append(f"Education, training and activities: {assess['education']}")
    chosen = [k for k, v in conditions.items() if v]
    by_key["other_conditions"].paragraphs = [
        f"{CONDITION_LABELS.get(k, k)}" + (f": {details[k]}" if details.get(k) else "") for k in chosen
    ] or ["(none proposed)"]
    by_key["non_engagement"].paragraphs = [_or_missing(package.get("non_engagement"))]

    sections.append(Section("Proposed condition", [
        f"That the court impose the condition \"{STANDARD_CONDITION}\"."]))

    grounds = data.get("grounds") or {}
    responses = data.get("responses") or {}
    objection_lines = []
    for g, (para, text) in GROUNDS.items():
        if grounds.get(g) == "yes":
            objection_lines.append(f"{text} (Bail Act 1976 Sch.1 Pt 1 {para}). Response: "
                                   f"{_or_missing(responses.get(g))}")
    sections.append(Section("Objections to bail and how the package answers them",
                            objection_lines or ["No objections to bail recorded."]))

    agreed = [f"Presentation: {package.get('format') or 'written'}."]
    if data.get("home_yjs"):
        agreed.append(f"Agreed with the home authority ({data['home_yjs']}) before submission: "
                      f"{tri_words(package.get('home_agreed'))}.")
    agreed.append(f"Prepared by {author or '(name not recorded: set it in Settings)'}, "
                  f"{(today or date.today()).strftime('%d/%m/%Y')}.")
    sections.append(Section("Presentation and agreement", agreed))
    return Document("Community Package Bail Proposal", subtitle, sections, kind="bail proposal", name="bail-proposal")
