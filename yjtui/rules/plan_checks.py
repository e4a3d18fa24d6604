"""The intervention plan's checks: contact minimums and ceilings, statutory or voluntary, what the plan covers,
the YRO requirement limits, and when reviews and early revocation fall due.

Pure Python (no Textual, Rich or database): the plan screen calls `check_plan` on every change, the export and a
future engine rule can call it headless. Every check returns `Finding`s (severity, message, citation) from
`yjtui.rules.core`; the citations name the seed line each was read from (all lines verified against seed 002).

The plan's `data` JSON (the `Plan.data` column) is defined in `yjtui.screens.plan`'s docstring; the functions
here take that dict.

Where the guidance leaves things to judgement (the eight contact-frequency questions, whether a change is
significant, whether to apply for early revocation) the checks prompt and never decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

from yjtui.rules.core import Citation, Finding, Severity
from yjtui.rules.deadlines import TIMESCALES
from yjtui.rules.packs import Policy, PolicyPack, policy_for
from yjtui.rules import risk_form
from yjtui.rules.risk import contact_level
from yjtui.rules.workdays import months_after

INFO, WARNING, ACTION = Severity.INFO, Severity.WARNING, Severity.ACTION

CMG = "Case Management Guidance"
ENF = "Enfield Risk Management Guidance"


def cite(document: str, paragraph: str, *lines: int) -> str:
    return str(Citation(document, paragraph, "002", tuple(lines)))


# --- Citations (seed 002 lines, read and checked) -----------------------------------------------------------
CITE_CEILING = cite(CMG, "contact frequency", 2146)
CITE_QUESTIONS = cite(CMG, "contact frequency", 2130, 2144)
CITE_VOLUNTARY = cite(CMG, "contact frequency", 2136, 2148)
CITE_SWB_FACTORS = cite(ENF, "9.4-9.5", 578, 597)
CITE_ROSH_IN_PLAN = cite(ENF, "5.10, 5.14", 160, 277)
CITE_RISK_CONTENT = cite(ENF, "8.12", 533)
CITE_SMART = cite(ENF, "8.2", 551)
CITE_REVIEW = cite(CMG, "reviews", 1218)
CITE_CHANGE = cite(CMG, "reviews", 1234)
CITE_COUNTERSIGN = cite(ENF, "8.1", 547)
CITE_REVOCATION = cite(CMG, "early revocation", 1598, 1608)
CITE_EM = cite(CMG, "Electronic Monitoring Requirement", 3300)
CITE_COPY = cite(CMG, "intervention plans", 890)

# --- Local checks: a pack switches them on and gives their values (data/packs/*.toml) -------------------------
# Contact minimums by level are the pack's `contact_minimums` (Enfield: 8/4, 4/2, 2/1, 4.4, seed 002 L63-86);
# the AssetPlus reassessment interval is the pack's timescale for `assessment.review_enfield` (Enfield: 6-monthly).
LOCAL_CHECKS: dict[str, tuple[str, ...]] = {  # check id -> the local values it reads
    "plan.contact_minimum": ("contact_minimums",),
    "plan.assetplus_review": (),
}
ASSETPLUS_TIMESCALE = "assessment.review_enfield"
# The national review cycle is the timescales table's (at least every three months, seed 002 L1218).
REVIEW_MONTHS = next(r.amount for r in TIMESCALES if r.rule == "order.intervention_plan_review")


def pack_problems(pack: PolicyPack) -> list[str]:
    """What a pack that switches on a local plan check lacks (checked when the pack is loaded)."""
    if "plan.assetplus_review" in pack.rules and pack.timescale(ASSETPLUS_TIMESCALE) is None:
        return [f"plan.assetplus_review reads the timescale of {ASSETPLUS_TIMESCALE}: switch that on and time it"]
    return []


def contact_levels(policy: Policy) -> tuple:
    """The levels of the pack's contact minimums ((level, label, risk, first 3 months, remainder) rows), or ()."""
    value = policy.get("contact_minimums")
    return value.value if value is not None else ()

# The eight questions of the national guidance (seed 002 L2130-2144), shortened only where the guidance runs on.
CONTACT_QUESTIONS: list[tuple[str, str]] = [
    ("duration", "What is the duration and nature of the order?"),
    ("individual", "Has the level of intervention been assessed for this child, rather than taking a standard "
                   "approach?"),
    ("min_max", "What are the minimum and maximum levels of supervision needed to engage and work with the child?"),
    ("statutory", "Have you explained what is statutory contact and why, and where an intervention is voluntary?"),
    ("flexibility", "Have you kept flexibility (more support if in crisis; fewer statutory contacts with "
                    "progress)?"),
    ("cumulative", "Have you considered the cumulative expectations of all requirements: is the plan realistic "
                   "for the child to manage?"),
    ("sequencing", "Have you considered the sequencing of interventions (front-loaded, then tailing off)?"),
    ("with_child", "Did you develop the plan with the child, so they see it is time-limited and that early "
                   "revocation is possible?"),
]

# Safety and well-being risk factors (Enfield 9.4, seed 002 L580-593): one list, with the risk screen's words.
SWB_RISK_FACTORS = risk_form.SWB_RISK_FACTORS

# Plan item areas. Welfare-type areas must not be made statutory outside a treatment requirement (L2136, L2148).
ITEM_AREAS: dict[str, str] = {
    "offending": "Offending behaviour",
    "victims": "Victims and reparation",
    "education": "Education, training and employment",
    "family": "Family and relationships",
    "health": "Health (physical)",
    "mental_health": "Mental health and emotional well-being",
    "substance": "Substance misuse",
    "welfare": "Welfare, safeguarding and support",
    "accommodation": "Accommodation",
    "other": "Other",
}
WELFARE_AREAS = {"health", "mental_health", "substance", "welfare"}
# A treatment requirement on the order lets that kind of work be statutory.
TREATMENT_FOR: dict[str, set[str]] = {
    "mental_health": {"mental-health"},
    "substance": {"drug-treatment", "drug-testing", "intoxicating-substance"},
    "health": {"mental-health", "drug-treatment", "intoxicating-substance"},
    "welfare": set(),
}

# The risk content of a plan (Enfield 8.12, seed 002 L533-545).
SECTIONS: dict[str, str] = {
    "action": "Action (intervention)",
    "external": "External controls",
    "internal": "Internal controls",
    "protective": "Protective factors and desistance",
    "sharing": "Information sharing",
}

ORDER_TYPES: dict[str, str] = {
    "yro": "Youth Rehabilitation Order",
    "yro_iss": "YRO with Intensive Supervision and Surveillance",
    "yro_if": "YRO with Intensive Fostering",
    "referral_order": "Referral Order",
    "dto": "Detention and Training Order",
    "other": "Other order",
}
YRO_TYPES = {"yro", "yro_iss", "yro_if"}

# Requirement number fields: key -> (label, sanity maximum beyond which the typed value is refused, not saved).
REQUIREMENT_FIELDS: dict[str, tuple[str, int]] = {
    "hours": ("Hours in total", 500),
    "days": ("Days", 400),
    "months": ("Months", 60),
    "hours_per_day": ("Hours a day", 24),
    "hours_per_week": ("Hours a week", 168),
    "hours_per_session": ("Hours a session", 24),
    "sessions_per_day": ("Sessions a day", 24),
}


def order_type_key(value: Any) -> str:
    """The order type as a key; the demo and older plans store the label ("Youth Rehabilitation Order")."""
    text = str(value or "").strip()
    if text in ORDER_TYPES:
        return text
    for key, label in ORDER_TYPES.items():
        if text.lower() == label.lower():
            return key
    return "other" if text else ""


def parse_iso(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


# --- Contact frequency ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Phase:
    """Where the order is on a day: within its first months (front-loaded) or the remainder."""

    first_months: int  # 3, or 6 for orders over a year (the ceiling's own period)
    in_first: bool
    first_until: date | None


def in_first_three_months(made: date | None, today: date) -> bool:
    return made is None or today < months_after(made, 3)


def contact_minimum(level: str, planned_per_month: int | None, made: date | None, today: date,
                    policy: Policy) -> list[Finding]:
    """Local: planned contacts a month against the level's minimum in the pack (Enfield 8/4, 4/2, 2/1)."""
    value = policy.get("contact_minimums")
    title, citation = policy.title_for("contact_minimums"), str(value.citation) if value else ""
    row = contact_level(contact_levels(policy), level=level)
    if row is None:
        return [Finding("plan.contact_minimum", INFO, "Record the RoSH and likelihood of reoffending (or choose the "
                        f"intervention level) to check contacts against the {title} minimum.", citation)]
    label, first, rest = row.label, row.first_3_months, row.remainder
    early = in_first_three_months(made, today)
    minimum = first if early else rest
    phase = "in the first 3 months" if early else "after the first 3 months"
    if planned_per_month is None:
        return [Finding("plan.contact_minimum", ACTION, f"{label}: at least {minimum} contacts a month {phase}. "
                        "Record the planned contacts a month.", citation)]
    if planned_per_month < minimum:
        return [Finding("plan.contact_minimum", WARNING, f"{planned_per_month} planned contacts a month is below the "
                        f"{title} minimum of {minimum} {phase} for {label.split(' (')[0].lower()} level.",
                        citation)]
    return [Finding("plan.contact_minimum", INFO, f"{planned_per_month} planned contacts a month meets the {title} "
                    f"minimum of {minimum} {phase}.", citation)]


def statutory_ceiling(statutory_per_week: int | None, order_months: int | None, made: date | None,
                      today: date) -> list[Finding]:
    """National, advisory: at most two statutory appointments a week in the first 3 months (6 for orders over a
    year), "with that frequency reducing" (seed 002 L2146). A suggestion, never a limit."""
    if statutory_per_week is None:
        return []
    period = 6 if (order_months or 0) > 12 else 3
    if made is not None and today >= months_after(made, period):
        when = f"after the first {period} months"
        if statutory_per_week > 2:
            return [Finding("plan.statutory_ceiling", WARNING, f"{statutory_per_week} statutory appointments a week "
                            f"{when}: the guidance's example is at most twice a week in the first {period} months, "
                            "reducing as the child moves forward.", CITE_CEILING)]
        return []
    if statutory_per_week > 2:
        return [Finding("plan.statutory_ceiling", WARNING, f"{statutory_per_week} statutory appointments a week is "
                        f"above the suggested maximum of two a week in the first {period} months (a suggestion: "
                        "record why if you keep it).", CITE_CEILING)]
    return []


def contact_questions(answers: dict[str, Any]) -> list[Finding]:
    """National: the eight questions to decide contact frequency (judgement; seed 002 L2130-2144)."""
    missing = [n for n, (key, _q) in enumerate(CONTACT_QUESTIONS, 1) if not str(answers.get(key, "")).strip()]
    if not missing:
        return [Finding("plan.contact_questions", INFO, "All eight contact-frequency questions answered.",
                        CITE_QUESTIONS)]
    return [Finding("plan.contact_questions", ACTION, f"Answer the contact-frequency question"
                    f"{'s' if len(missing) > 1 else ''} {', '.join(map(str, missing))} (the national guidance sets "
                    "no fixed levels: contact follows the child's needs).", CITE_QUESTIONS)]


# --- Plan items -----------------------------------------------------------------------------------------------

def requirement_ids(data: dict) -> set[str]:
    return {str(r.get("id")) for r in data.get("requirements", []) if isinstance(r, dict)}


def statutory_welfare(items: list[dict], requirements: set[str]) -> list[Finding]:
    """Welfare, health and substance-misuse support must not be mandatory outside a treatment requirement
    (seed 002 L2136, L2148)."""
    out = []
    for n, item in enumerate(items, 1):
        area = item.get("area", "")
        if item.get("kind") != "statutory" or area not in WELFARE_AREAS:
            continue
        if TREATMENT_FOR.get(area, set()) & requirements:
            continue
        out.append(Finding("plan.voluntary_welfare", WARNING, f"Item {n} ({_short(item.get('what'))}) makes "
                           f"{ITEM_AREAS[area].lower()} support statutory: without a treatment requirement on the "
                           "order it should be voluntary (therapeutic work is impeded by being made mandatory).",
                           CITE_VOLUNTARY))
    return out


def smart_gaps(items: list[dict]) -> list[Finding]:
    """SMART: who is doing what, when, and how progress is known (Enfield 8.2, seed 002 L551)."""
    out = []
    for n, item in enumerate(items, 1):
        missing = [label for key, label in (("what", "what"), ("who", "who"), ("by", "by when"),
                                            ("measure", "how progress is known")) if not str(item.get(key, "")).strip()]
        if missing:
            out.append(Finding("plan.smart", INFO, f"Item {n} ({_short(item.get('what'))}): add {', '.join(missing)}.",
                               CITE_SMART))
    return out


def _short(text: Any, n: int = 40) -> str:
    text = str(text or "").strip() or "untitled"
    return text if len(text) <= n else text[: n - 1] + "…"


def behaviour_key(index: int) -> str:
    return f"rosh:{index}"


def factor_key(factor: str) -> str:
    return f"swb:{factor}"


def coverage_targets(swb_factors: Iterable[str], rosh_behaviours: list[dict]) -> dict[str, str]:
    """What the plan must cover: key -> plain label (each ticked SWB factor, each RoSH behaviour)."""
    targets = {factor_key(f): f"SWB: {SWB_RISK_FACTORS.get(f, f)}" for f in swb_factors}
    for i, b in enumerate(rosh_behaviours):
        desc = str(b.get("description") or f"behaviour {i + 1}") if isinstance(b, dict) else f"behaviour {i + 1}"
        targets[behaviour_key(i)] = f"RoSH: {desc}"
    return targets


def uncovered(targets: dict[str, str], items: list[dict]) -> dict[str, str]:
    covered = {c for item in items for c in item.get("covers", []) if isinstance(c, str)}
    return {k: v for k, v in targets.items() if k not in covered}


def coverage(targets: dict[str, str], items: list[dict], contingencies: list[dict]) -> list[Finding]:
    """Each SWB factor needs a plan action and a contingency (seed 002 L578, L597); each RoSH behaviour needs
    addressing in the plan (L160, L277)."""
    out = []
    for key, label in uncovered(targets, items).items():
        citation = CITE_SWB_FACTORS if key.startswith("swb:") else CITE_ROSH_IN_PLAN
        out.append(Finding("plan.uncovered", WARNING, f"Not yet covered by a plan item: {label}.", citation))
    for key, label in uncovered({k: v for k, v in targets.items() if k.startswith("swb:")}, contingencies).items():
        out.append(Finding("plan.no_contingency", INFO, f"No contingency plan yet for {label}.", CITE_SWB_FACTORS))
    return out


def risk_content(data: dict, rosh_level: str | None) -> list[Finding]:
    """Medium RoSH or above: the plan shows how risks are managed: external and internal controls, protective
    factors, information sharing, contingency (Enfield 8.12, 5.14; seed 002 L533, L277)."""
    if rosh_level not in ("medium", "high", "very_high"):
        return []
    items = [i for i in data.get("items", []) if isinstance(i, dict)]
    have = {i.get("section") for i in items}
    missing = [label for key, label in SECTIONS.items() if key != "action" and key not in have]
    if not data.get("contingencies"):
        missing.append("Contingency plans (trigger, action, who to contact)")
    if not missing:
        return []
    return [Finding("plan.risk_content", ACTION, f"RoSH {rosh_level.replace('_', ' ')}: the plan should show how the "
                    f"risks are managed. Missing: {'; '.join(missing)}.", CITE_RISK_CONTENT)]


# --- The order and its requirements ---------------------------------------------------------------------------

def age_at(dob: date | None, on: date | None) -> int | None:
    if dob is None or on is None:
        return None
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def _ref_entries(ref_set: Any) -> dict[str, Any]:
    return {e.id: e for e in getattr(ref_set, "entries", [])}


def requirement_limits(requirement: dict, entry: Any, age: int | None) -> list[Finding]:
    """One requirement against its limits in the reference data (ages, hours, days, months; note B §4)."""
    raw = entry.raw
    limits = dict(raw.get("limits", {}))
    citation = entry.citation
    title = entry.title
    out: list[Finding] = []
    rule = f"yro.{entry.id}"

    def flag(message: str, where: str = citation) -> None:
        out.append(Finding(rule, WARNING, f"{title}: {message}", f"{CMG} ({where})"))

    if age is not None:
        if limits.get("min_age") is not None and age < limits["min_age"]:
            flag(f"the child was {age} at conviction; it needs {limits['min_age']} or over.")
        if limits.get("max_age") is not None and age > limits["max_age"]:
            flag(f"the child was {age} at conviction; it is for children up to {limits['max_age']}.")
        for band in raw.get("limits_by_age", []):
            if band.get("min_age", 0) <= age <= band.get("max_age", 99):
                limits.update({k: v for k, v in band.items() if k.startswith(("min_h", "max_h"))})
                citation = band.get("citation", citation)
    elif limits.get("min_age") is not None or limits.get("max_age") is not None or raw.get("limits_by_age"):
        out.append(Finding(rule, INFO, f"{title}: record the child's date of birth and the date the order was made "
                           "to check the age limits.", f"{CMG} ({entry.citation})"))

    def within(field: str, low_key: str, high_key: str, unit: str) -> None:
        value = _int(requirement.get(field))
        if value is None:
            return
        low, high = limits.get(low_key), limits.get(high_key)
        if low is not None and value < low:
            flag(f"{value} {unit} is below the minimum of {low}.", citation)
        if high is not None and value > high:
            flag(f"{value} {unit} is above the maximum of {high}.", citation)

    within("hours", "min_hours", "max_hours", "hours")
    within("days", "min_days", "max_days", "days")
    within("months", "min_months", "max_months", "months")
    within("hours_per_day", "min_hours_per_day", "max_hours_per_day", "hours a day")
    within("hours_per_week", "min_hours_per_week", "max_hours_per_week", "hours a week")
    within("hours_per_session", "min_hours_per_session", "max_hours_per_session", "hours a session")
    within("sessions_per_day", "min_sessions_per_day", "max_sessions_per_day", "sessions a day")
    if raw.get("caveat") and out:
        out.append(Finding(rule, INFO, f"{title}: {raw['caveat']}", f"{CMG} ({entry.citation})"))
    return out


def order_checks(data: dict, ref_set: Any, dob: date | None) -> list[Finding]:
    """The order: its length (a YRO up to three years), each requirement's limits, what a requirement needs
    alongside it (ISS: supervision, curfew and EM; drug testing: drug treatment), and EM with curfew or exclusion."""
    order = data.get("order", {}) if isinstance(data.get("order"), dict) else {}
    kind = order_type_key(order.get("type"))
    made = parse_iso(order.get("made"))
    months = _int(order.get("months"))
    entries = _ref_entries(ref_set)
    out: list[Finding] = []
    reqs = [r for r in data.get("requirements", []) if isinstance(r, dict)]
    if kind in YRO_TYPES and months is not None and "yro-order" in entries:
        top = entries["yro-order"].raw.get("limits", {}).get("max_months", 36)
        if months > top:
            out.append(Finding("yro.length", WARNING, f"A YRO can run for at most three years ({top} months): "
                               f"{months} months is too long.", f"{CMG} ({entries['yro-order'].citation})"))
    if reqs and kind and kind not in YRO_TYPES:
        out.append(Finding("yro.not_a_yro", WARNING, f"Requirements are attached to a YRO; this order is a "
                           f"{ORDER_TYPES.get(kind, kind)}.", f"{CMG} ({entries['yro-order'].citation})"
                           if "yro-order" in entries else CMG))
    age = age_at(dob, made)
    ids = {str(r.get("id")) for r in reqs}
    if kind == "yro_iss":
        ids_needed = {"iss"} - ids
        if ids_needed and "iss" in entries:
            out.append(Finding("yro.iss", ACTION, "A YRO with ISS: add the ISS requirement (90 to 180 days).",
                               f"{CMG} ({entries['iss'].citation})"))
    for r in reqs:
        entry = entries.get(str(r.get("id")))
        if entry is None:
            continue
        out.extend(requirement_limits(r, entry, age))
        for needed in entry.raw.get("requires", []):
            if needed not in ids and needed in entries:
                out.append(Finding(f"yro.{entry.id}", WARNING, f"{entry.title} needs a {entries[needed].title} "
                                   "alongside it.", f"{CMG} ({entry.citation})"))
        if kind in YRO_TYPES and months is not None:
            for field in ("months",):
                m = _int(r.get(field))
                if m is not None and m > months:
                    out.append(Finding(f"yro.{entry.id}", WARNING, f"{entry.title} runs {m} months, longer than "
                                       f"the order ({months} months).", f"{CMG} ({entries['yro-order'].citation})"
                                       if "yro-order" in entries else CMG))
    if ids & {"curfew", "exclusion"} and "electronic-monitoring" not in ids:
        out.append(Finding("yro.em", ACTION, "Curfew or exclusion without Electronic Monitoring: the court must "
                           "also impose EM unless it believes it inappropriate. Record the reason.", CITE_EM))
    return out


# --- Reviews, reassessment and early revocation -------------------------------------------------------------

def last_review(data: dict) -> date | None:
    dates = [parse_iso(r.get("date")) for r in data.get("reviews", []) if isinstance(r, dict)]
    dates = [d for d in dates if d]
    return max(dates) if dates else None


def review_due(data: dict, months: int = REVIEW_MONTHS) -> date | None:
    """At least every three months (seed 002 L1218), from the last review or the order."""
    start = last_review(data) or parse_iso((data.get("order") or {}).get("made"))
    return months_after(start, months) if start else None


def halfway(data: dict) -> date | None:
    order = data.get("order") or {}
    made, months = parse_iso(order.get("made")), _int(order.get("months"))
    if made is None or not months:
        return None
    end = months_after(made, months)
    return made + (end - made) / 2


def review_checks(data: dict, today: date, packs: "Iterable[str] | Policy",
                  assessed_on: date | None = None) -> list[Finding]:
    """Reviews due every 3 months (sooner where a pack's review cycle is shorter) and on significant change;
    countersigned; AssetPlus reassessment at the pack's interval (Enfield 6-monthly); early revocation considered
    after half-way."""
    policy = policy_for(packs)
    out: list[Finding] = []
    local = policy.get("plan_review_months")
    months = min(REVIEW_MONTHS, local.value) if local else REVIEW_MONTHS
    due = review_due(data, months)
    if due is not None:
        sev = WARNING if due < today else INFO
        word = "overdue since" if due < today else "due by"
        cites = CITE_REVIEW + (f"; {local.citation}" if local else "")
        out.append(Finding("plan.review_due", sev, f"Plan review {word} {due:%d/%m/%Y} (at least every {months} "
                           "months, and sooner on a significant change).", cites))
    else:  # issue 23: nothing dated the review, so it never reached the board
        out.append(Finding("plan.review_due", ACTION, "Enter the date the order was made: the plan review (at least "
                           f"every {months} months) is counted from it, and reaches the deadline board once it is "
                           "known.", CITE_REVIEW))
    for n, r in enumerate(data.get("reviews", []), 1):
        if not isinstance(r, dict):
            continue
        if r.get("reason") == "change" and not str(r.get("changed", "")).strip():
            out.append(Finding("plan.review_change", ACTION, f"Review {n}: say what changed (a significant change "
                               "review records the change and the rationale).", CITE_CHANGE))
        if not r.get("countersigned_by"):
            out.append(Finding("plan.review_countersign", ACTION, f"Review {n} ({r.get('date', '')}): awaiting a "
                               "manager's countersignature.", CITE_COUNTERSIGN))
    interval = policy.timescale(ASSETPLUS_TIMESCALE) if policy.switches_on("plan.assetplus_review") else None
    if interval is not None and interval.unit == "months":
        start = assessed_on or parse_iso((data.get("order") or {}).get("made"))
        if start:
            d = months_after(start, interval.amount)
            sev = WARNING if d < today else INFO
            out.append(Finding("plan.assetplus_review", sev, f"AssetPlus reassessment {'overdue since' if d < today else 'due by'} "
                               f"{d:%d/%m/%Y} ({interval.amount}-monthly, or sooner on a significant event).",
                               str(interval.citation)))
    half = halfway(data)
    if half is not None:
        rev = data.get("revocation") or {}
        refused = parse_iso(rev.get("refused"))
        if refused and today < months_after(refused, 3):
            out.append(Finding("plan.early_revocation", INFO, f"Early revocation refused on {refused:%d/%m/%Y}: no "
                               f"new application before {months_after(refused, 3):%d/%m/%Y}.", CITE_REVOCATION))
        elif today >= half and not rev.get("considered"):
            out.append(Finding("plan.early_revocation", ACTION, f"Half-way point passed ({half:%d/%m/%Y}): consider "
                               "early revocation if the plan's requirements are met, progress is significant and "
                               "likely to be sustained.", CITE_REVOCATION))
        elif today < half:
            out.append(Finding("plan.early_revocation", INFO, f"Half-way point {half:%d/%m/%Y}: consider early "
                               "revocation then.", CITE_REVOCATION))
    return out


# --- Everything at once ---------------------------------------------------------------------------------------

@dataclass
class PlanContext:
    """What the checks need beyond the plan itself (read by the screen from the store and the engine)."""

    today: date
    packs: tuple[str, ...]
    dob: date | None = None
    engine_level: str | None = None  # the intervention level from the engine ("intensive" ...), where a pack sets levels
    rosh_level: str | None = None
    swb_factors: tuple[str, ...] = ()
    rosh_behaviours: tuple[dict, ...] = ()
    assessed_on: date | None = None


def effective_level(data: dict, ctx: PlanContext) -> str | None:
    chosen = str(data.get("level") or "")
    known = {row.level for row in contact_levels(policy_for(ctx.packs))}
    return chosen if chosen in known else ctx.engine_level


def check_plan(data: dict, ctx: PlanContext, ref_set: Any) -> list[Finding]:
    order = data.get("order") if isinstance(data.get("order"), dict) else {}
    made = parse_iso(order.get("made"))
    contacts = data.get("contacts") if isinstance(data.get("contacts"), dict) else {}
    items = [i for i in data.get("items", []) if isinstance(i, dict)]
    contingencies = [c for c in data.get("contingencies", []) if isinstance(c, dict)]
    out: list[Finding] = []
    policy = policy_for(ctx.packs)
    if policy.switches_on("plan.contact_minimum"):
        out += contact_minimum(effective_level(data, ctx) or "", _int(contacts.get("per_month")), made, ctx.today,
                               policy)
    else:
        out += contact_questions(data.get("questions") or {})
    out += statutory_ceiling(_int(contacts.get("statutory_per_week")), _int(order.get("months")), made, ctx.today)
    targets = coverage_targets(ctx.swb_factors, list(ctx.rosh_behaviours))
    out += coverage(targets, items, contingencies)
    out += statutory_welfare(items, requirement_ids(data))
    out += risk_content(data, ctx.rosh_level)
    out += smart_gaps(items)
    out += order_checks(data, ref_set, ctx.dob)
    out += review_checks(data, ctx.today, policy, ctx.assessed_on)
    order_rank = {ACTION: 0, WARNING: 1, INFO: 2}
    return sorted(out, key=lambda f: order_rank[f.severity])


# The checks listed for moving into the rules engine later: (rule id, what, citation).
CHECKS: list[tuple[str, str, str]] = [
    ("plan.contact_minimum", "Local: planned contacts a month against the pack's minimum for the level",
     "the pack's cite for values.contact_minimums"),
    ("plan.statutory_ceiling", "Advisory ceiling: two statutory appointments a week in the first 3 (6) months",
     CITE_CEILING),
    ("plan.contact_questions", "National: the eight contact-frequency questions answered", CITE_QUESTIONS),
    ("plan.voluntary_welfare", "Welfare, health, substance work statutory outside a treatment requirement",
     CITE_VOLUNTARY),
    ("plan.uncovered", "Each ticked SWB risk factor and each RoSH behaviour has a plan item",
     f"{CITE_SWB_FACTORS}; {CITE_ROSH_IN_PLAN}"),
    ("plan.no_contingency", "Each ticked SWB risk factor has a contingency", CITE_SWB_FACTORS),
    ("plan.risk_content", "Medium+ RoSH: external/internal controls, protective factors, sharing, contingency",
     CITE_RISK_CONTENT),
    ("plan.smart", "Each item says what, who, by when, how progress is known", CITE_SMART),
    ("yro.<requirement>", "Requirement limits (ages, hours, days, months) from data/yro_requirements.json",
     "each entry's own seed line"),
    ("yro.length", "A YRO runs at most three years", "seed 002 L2890"),
    ("yro.em", "Curfew or exclusion without EM: record why", CITE_EM),
    ("plan.review_due", "Plan review at least every 3 months", CITE_REVIEW),
    ("plan.review_change", "A significant-change review records what changed", CITE_CHANGE),
    ("plan.review_countersign", "A review is countersigned by a manager", CITE_COUNTERSIGN),
    ("plan.assetplus_review", "Local: AssetPlus reassessment at the pack's interval",
     f"the pack's cite for its timescale {ASSETPLUS_TIMESCALE}"),
    ("plan.early_revocation", "Early revocation considered after half-way; 3 months after a refusal",
     CITE_REVOCATION),
]
