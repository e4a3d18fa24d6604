"""Checks the court duty officer's bail package must pass, and the checklists each court outcome starts.

Small pure checks (no Textual, no store) the rules engine does not make yet: the bail ISS limits, no
offending-focused or restorative work before a finding of guilt, objections answered by the package, the
Community Package Bail Proposal's minimum contents, and the YCS / bail support / local authority remand
checklists. Each carries the seed line it was read from (seed 002 = the YJB Case Management Guidance and the
2019 Standards), so it can move into `yjtui.rules` unchanged. Findings are values; the screen renders them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

# Bail ISS (seed 002 L4356): "Contact can be up to 25 hours a week. Bail ISS always includes electronic monitoring"
ISS_MAX_HOURS = 25


@dataclass(frozen=True)
class Check:
    """One check's finding: what is wrong or to do, in the guidance's words, and where it comes from."""

    id: str
    severity: str  # "warning" (the proposal breaks the guidance), "action" (to do), "info"
    message: str
    citation: str


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: str
    citation: str
    deadline_rule: str = ""  # the engine's deadline rule that dates this item, when there is one


def _cite(*lines: int, doc: str = "Case Management Guidance") -> str:
    return f"{doc} (seed 002 {', '.join(f'L{n}' for n in lines)})"


STANDARDS = "Standards for children in the youth justice system 2019"


# --- The package --------------------------------------------------------------------------------------------------

def parse_hours(text: str) -> float | None:
    """Contact hours a week as typed ("20", "22.5"); None when blank. Raises ValueError for anything else."""
    t = (text or "").strip()
    if not t:
        return None
    value = float(t)
    if value < 0 or value > 168 or value != value:
        raise ValueError(t)
    return value


def iss_checks(package: dict[str, Any]) -> list[Check]:
    """Bail ISS: contact up to 25 hours a week, and always electronic monitoring (seed 002 L4356); electronic
    monitoring only where local arrangements allow it (L4358)."""
    if package.get("support") != "iss":
        return []
    out: list[Check] = []
    hours = package.get("hours_per_week")
    if isinstance(hours, (int, float)) and hours > ISS_MAX_HOURS:
        out.append(Check("court.iss_hours", "warning",
                         f"Bail ISS contact is up to {ISS_MAX_HOURS} hours a week: {hours:g} hours are proposed.",
                         _cite(4356)))
    conditions = package.get("conditions") or {}
    if not conditions.get("tag"):
        out.append(Check("court.iss_tag", "warning",
                         "Bail ISS always includes electronic monitoring (radio frequency or GPS tag): add a "
                         "tagged curfew or location monitoring to the conditions.", _cite(4356)))
    else:
        out.append(Check("court.em_local", "info",
                         "The court can only impose electronic monitoring if the current arrangements in the local "
                         "area allow for it: confirm before proposing it.", _cite(4358)))
    return out


# Words that name offending-focused or restorative work; the guidance forbids both before a finding of guilt.
_OFFENDING_WORK = re.compile(
    r"\b(offending[- ]?(behaviour|focused)|offence[- ]?focused|victim awareness|restorative|reparation|"
    r"consequences of (his|her|their) offending|offence analysis)\b", re.I)


def no_offending_work_checks(package: dict[str, Any]) -> list[Check]:
    """"As there has been no finding of guilt at this stage it is not appropriate to undertake offending focused
    interventions or restorative justice" (seed 002 L4378)."""
    out = []
    named = []
    if package.get("offending_focused"):
        named.append("offending-focused work")
    if package.get("restorative"):
        named.append("restorative justice")
    text = " ".join(str(package.get(k) or "") for k in ("content", "contact_plan", "interventions"))
    match = _OFFENDING_WORK.search(text)
    if match:
        named.append(f"'{match.group(0)}'")
    if named:
        out.append(Check("court.no_offending_work", "warning",
                         f"The package includes {', '.join(named)}: there has been no finding of guilt, so offending-"
                         "focused interventions and restorative justice are not appropriate on bail.", _cite(4378)))
    return out


def objections_checks(grounds: dict[str, str], responses: dict[str, str]) -> list[Check]:
    """"It is also essential that any objections to bail are addressed in the package" (seed 002 L4380)."""
    open_grounds = [g for g, answer in grounds.items() if answer == "yes" and not (responses.get(g) or "").strip()]
    if not open_grounds:
        return []
    return [Check("court.objections_answered", "warning",
                  f"Objections raised with no response in the package yet: "
                  f"{', '.join(g.replace('_', ' ') for g in open_grounds)}.", _cite(4380))]


def package_checks(package: dict[str, Any], grounds: dict[str, str], responses: dict[str, str], *,
                   out_of_area: bool, ethnicity: str = "") -> list[Check]:
    """Every check on the proposed package, in the order the screen shows them."""
    out = iss_checks(package) + no_offending_work_checks(package) + objections_checks(grounds, responses)
    if package.get("support") in ("bss", "iss"):
        if package.get("child_agreed") != "yes" or package.get("parent_agreed") != "yes":
            out.append(Check("court.agreement", "action",
                             "The child and their parent or carer should be fully aware of, and agree to, the "
                             "contents before the proposal is presented.", _cite(4328, 4340)))
        if package.get("address_checked") != "yes":
            out.append(Check("court.address_checked", "action",
                             "The bail address is to be checked by the YJS police officer for suitability.",
                             _cite(4330)))
        if out_of_area and package.get("home_agreed") != "yes":
            out.append(Check("court.home_authority", "action",
                             "Out of area: agree the proposal with the home authority before it goes to court, and "
                             "send them a copy.", _cite(4342)))
    if out_of_area:
        out.append(Check("court.out_of_area", "action",
                         "Out of area: contact the home YJS to check proposed bail addresses and complete the bail "
                         "module; the home YJS should attend if a remand is likely.", _cite(3932, 3920)))
    if ethnicity.startswith(("Black", "Mixed")) and package.get("support") != "iss":
        out.append(Check("court.iss_considered", "info",
                         "Bail ISS should always be considered for children of Black and Mixed ethnicities, who are "
                         "disproportionately represented in the secure remand population.", _cite(4350)))
    return out


def community_alternative_check(yda_available: str | None, package: dict[str, Any]) -> list[Check]:
    """Where YDA may be argued, a community alternative is proposed unless there are exceptional circumstances,
    and the reason is recorded (seed 002 L4458)."""
    if yda_available not in ("yes", "unknown"):
        return []
    if package.get("support") in ("bss", "iss"):
        return []
    if (package.get("no_package_reason") or "").strip():
        return [Check("court.community_alternative", "info",
                      "No community alternative proposed; the reason is recorded. Explain it to the child and "
                      "parents, stress continuing YJS support, and that a future application may still be made.",
                      _cite(4458, 4312, 4318))]
    return [Check("court.community_alternative", "action",
                  "Youth detention accommodation may be argued: prepare and propose a community "
                  "alternative (bail supervision and support, or bail ISS), or record the exceptional reason why not.",
                  _cite(4458))]


# --- The proposal's minimum contents (seed 002 L4324-L4336) ------------------------------------------------------

MINIMUM_CONTENTS: tuple[tuple[str, str, str], ...] = (
    # (key, heading as the proposal prints it, citation)
    ("suitability", "Suitability for conditional bail supervision and support, with reasons", _cite(4326)),
    ("agreement", "The child's informed agreement to engage and participate", _cite(4328)),
    ("address", "Bail address, checked by the YJS police officer for suitability", _cite(4330)),
    ("content", "Content of the bail supervision and support package and level of contact", _cite(4332)),
    ("other_conditions", "Other conditions necessary to protect the public and ensure a return to court",
     _cite(4334)),
    ("non_engagement", "What will happen if the child does not engage", _cite(4336)),
)

STANDARD_CONDITION = "to comply with the requirements of the bail supervision and support package"  # L4338


def missing_contents(package: dict[str, Any], assessment: dict[str, Any]) -> list[str]:
    """The minimum-content headings with nothing written under them yet."""
    have = {
        "suitability": package.get("suitability"),
        "agreement": package.get("child_agreed") in ("yes", "no") and package.get("child_agreed"),
        "address": assessment.get("bail_address"),
        "content": package.get("content") or package.get("contact_plan"),
        "other_conditions": any((package.get("conditions") or {}).values()),
        "non_engagement": package.get("non_engagement"),
    }
    return [heading for key, heading, _ in MINIMUM_CONTENTS if not have.get(key)]


# --- Checklists each outcome starts ----------------------------------------------------------------------------

YCS_CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem("ycs.call", "YCS Placement Team called (0345 36 36 36 3) to book a placement", _cite(4498, 3766)),
    ChecklistItem("ycs.bail_remand_module", "Bail and Remand module completed and sent to the YCS Placement Team",
                  _cite(4500)),
    ChecklistItem("ycs.post_court_check", "Post-court check in the cells: mood, reaction to the outcome, any "
                  "self-harm or suicidal thoughts", _cite(3764)),
    ChecklistItem("ycs.post_court_report", "Post-Court Report stage and updated custody module sent via "
                  "Connectivity that working day (manager countersigns)", _cite(4500, 3782),
                  "remand.post_court_report"),
    ChecklistItem("ycs.warrant", "Custodial warrant issued, accurate and appropriate for a child before the child "
                  "is taken to custody", _cite(3568) + "; " + f"{STANDARDS} (seed 002 L6659)"),
    ChecklistItem("ycs.parents", "Parents or carers told the outcome and the details of the youth detention "
                  "accommodation, in writing (and the Assisted Prison Visits Scheme where appropriate)",
                  f"{STANDARDS} (seed 002 L6667)"),
    ChecklistItem("ycs.explained", "Outcome explained to the child and their understanding checked",
                  f"{STANDARDS} (seed 002 L6673)"),
    ChecklistItem("ycs.planning_meeting", "Initial planning meeting, in person, within 5 working days of the remand",
                  _cite(4526), "remand.initial_planning_meeting"),
    ChecklistItem("ycs.looked_after", "Children's services told: the child is looked after for the remand",
                  _cite(4472)),
)

BSS_CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem("bss.allocate", "Child allocated to a worker within 24 hours", _cite(4386), "bail.allocate_worker"),
    ChecklistItem("bss.parent", "Parent or carer not in court contacted within 24 hours of allocation (a home visit "
                  "if need be)", _cite(4386), "bail.contact_parent_by"),
    ChecklistItem("bss.agreement", "Requirements agreed and signed by the child and parents or carers, copy given",
                  _cite(4388)),
    ChecklistItem("bss.explained", "Child knows the case manager, where to report, and that not engaging could mean "
                  "a return to court", _cite(4390, 4394)),
    ChecklistItem("bss.tag", "If tagged: case manager's contact details given to the electronic monitoring provider",
                  _cite(4396)),
)

RLAA_CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem("rlaa.looked_after", "The child is now looked after: children's services told", _cite(4448)),
    ChecklistItem("rlaa.designated", "The court has specified the designated local authority", _cite(4448)),
    ChecklistItem("rlaa.conditions", "Any conditions explained to the child in plain language, understanding checked",
                  _cite(4448)),
    ChecklistItem("rlaa.explained", "Outcome explained to the child and their understanding checked",
                  f"{STANDARDS} (seed 002 L6673)"),
)

BAIL_CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem("bail.explained", "Outcome explained to the child and their understanding checked",
                  f"{STANDARDS} (seed 002 L6673)"),
)


@dataclass(frozen=True)
class CourtOutcome:
    id: str
    key: str  # the single key that picks it on the outcome panel
    title: str
    event_type: str  # "" when the outcome starts no dated event
    looked_after: bool
    checklist: tuple[ChecklistItem, ...]


OUTCOMES: tuple[CourtOutcome, ...] = (
    CourtOutcome("unconditional_bail", "u", "Unconditional bail", "", False, BAIL_CHECKLIST),
    CourtOutcome("conditional_bail", "c", "Conditional bail", "", False, BAIL_CHECKLIST),
    CourtOutcome("bail_bss", "s", "Bail with bail supervision and support", "bail_support_imposed", False,
                 BSS_CHECKLIST + BAIL_CHECKLIST),
    CourtOutcome("bail_iss", "i", "Bail with bail ISS", "bail_support_imposed", False,
                 BSS_CHECKLIST + BAIL_CHECKLIST),
    CourtOutcome("remand_la", "l", "Remand to local authority accommodation", "remanded_to_la", True,
                 RLAA_CHECKLIST),
    CourtOutcome("remand_yda", "y", "Remand to youth detention accommodation", "remanded_to_yda", True,
                 YCS_CHECKLIST),
)
OUTCOME_BY_ID = {o.id: o for o in OUTCOMES}
OUTCOME_BY_KEY = {o.key: o for o in OUTCOMES}


def outcome_allowed(outcome_id: str, remand_yda_option: str | None) -> Check | None:
    """A YDA outcome the law does not leave open (a child of 10 or 11, or both sets not met) is refused."""
    if outcome_id == "remand_yda" and remand_yda_option == "closed":
        return Check("court.yda_closed", "warning",
                     "The law does not leave youth detention accommodation open for this child (a child of 10 or 11 "
                     "must be remanded to local authority accommodation; otherwise neither set of conditions is "
                     "met). Check the hearing details.", _cite(4472) + "; LASPO 2012 ss.91, 98-99")
    return None


def words(status: str) -> str:
    """A condition's status in words, never a symbol."""
    return {"met": "met", "not_met": "not met", "unknown": "not yet known"}.get(status, status)


def tri_words(answer: Any) -> str:
    return {"yes": "yes", "no": "no", True: "yes", False: "no"}.get(answer, "not yet known")


def compact(items: Iterable[str]) -> list[str]:
    return [i for i in items if i]
