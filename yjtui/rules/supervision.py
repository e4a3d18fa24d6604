"""Contacts and compliance: a child's appointments kept and missed, what follows a missed one, warnings, and the
engagement or compliance panel (Case Management Guidance, "How to respond to non-engagement", seed 002
L1610-1640; bail supervision and support, L4402-4416).

The guidance puts engagement first: a missed appointment is followed up with the child and family to learn the
reason and what would help (L1618; on bail supervision and support, by a phone call or home visit within 24 hours,
L4404); a warning only where the reason is not acceptable; more than one warning leads to the service's local
procedure, such as an engagement or compliance panel, and "court processes should not be used as an alternative to
warnings" (L1618); a child is not penalised for factors beyond their control (L1630); failing a drug test, or
refusing a form of treatment, is not a breach (L3196, L3226, L3256). Whether a reason is acceptable and whether to
warn are the case manager's judgement: the rules ask for the reason and show the guidance.

Facts (`supervision`, added here, all optional):
    {"order_type": one of ORDER_TYPES,
     "contacts": [{"on": date or date-time, "status": planned/attended/missed, "type": one of CONTACT_TYPES,
                   "followed_up_at": date or date-time, "reason": str, "acceptable": yes/no/unknown,
                   "beyond_control": yes/no/unknown, "warning": bool, "failed_or_refused": bool}],
     "compliance_panel_held": bool, "assessment_started_on": date,
     "order_started_on": date, "order_ends_on": date, "reporting_reduced_on": date, "reporting_justification": str}
Values: `values.supervision = {"contacts", "missed", "awaiting_follow_up", "warnings", "compliance_panel_due"}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from .core import Answer, Citation
from .facts import (Case, FactsError, enum_value, join, need_list, need_object, opt_bool, opt_date, opt_enum,
                    opt_str, opt_tri, parse_date_or_datetime)
from .registry import ACTION, ENFIELD, INFO, NATIONAL, WARNING, Context, finding, out, rule
from .workdays import as_datetime, months_after

CMG = "Case Management Guidance"


def C(*lines: int, document: str = CMG, paragraph: str = "") -> Citation:
    return Citation(document, paragraph, "002", tuple(lines))


# The orders (and bail) a child is supervised on; bail supervision and support has its own 24 hours (L4404).
ORDER_TYPES = ("yro", "referral_order", "dto", "bail_support", "parenting_order", "other")
CONTACT_STATUSES = ("planned", "attended", "missed")
# drug_test and treatment: failing a test or refusing a form of treatment is not a breach (L3226, L3196, L3256)
CONTACT_TYPES = ("appointment", "home_visit", "drug_test", "treatment")

FOLLOW_UP = C(1618)
BAIL_FOLLOW_UP = C(4404)
BAIL_FOLLOW_UP_HOURS = 24  # "followed up by a phone call or home visit within 24 hours" (L4404)
WARNING_CITE = C(1618)
BEYOND_CONTROL = C(1630)
NOT_A_BREACH = C(3196, 3226, 3256)
PANEL = C(1618)
HOME_VISIT = C(1946)
HOME_VISIT_ENFIELD = C(574, document="Enfield Risk Management Guidance", paragraph="9.2")
REPORTING = C(7842, 7850, 7854, document="Enfield Scaled Approach Reporting Standards (proposal)")

CONTRACT = (
    ("facts supervision", "{order_type: " + "/".join(ORDER_TYPES) + ", contacts: [{on: date or date-time, status: "
     + "/".join(CONTACT_STATUSES) + ", type: " + "/".join(CONTACT_TYPES) + ", followed_up_at, reason, acceptable: "
     "yes/no/unknown, beyond_control: yes/no/unknown, warning: bool, failed_or_refused: bool}], "
     "compliance_panel_held: bool, assessment_started_on: date, order_started_on, order_ends_on, "
     "reporting_reduced_on: date, reporting_justification}"),
    ("values.supervision", "{contacts, missed, awaiting_follow_up, warnings: counts, compliance_panel_due: true when "
     "more than one warning is recorded and no engagement/compliance panel yet (L1618)}; null without "
     "facts.supervision"),
)


@dataclass(frozen=True)
class Contact:
    on: date | datetime
    status: str = "planned"
    type: str = "appointment"
    followed_up_at: date | datetime | None = None
    reason: str = ""
    acceptable: Answer = Answer.UNKNOWN
    beyond_control: Answer = Answer.UNKNOWN
    warning: bool = False
    failed_or_refused: bool = False


@dataclass(frozen=True)
class Supervision:
    order_type: str | None = None
    contacts: tuple[Contact, ...] = ()
    compliance_panel_held: bool | None = None
    assessment_started_on: date | None = None
    order_started_on: date | None = None
    order_ends_on: date | None = None
    reporting_reduced_on: date | None = None
    reporting_justification: str = ""


def opt_when(parent: dict, key: str, path: str) -> date | datetime | None:
    value = parent.get(key)
    return None if value is None else parse_date_or_datetime(value, join(path, key))


def parse_contact(raw: Any, path: str) -> Contact:
    c = need_object(raw, path)
    if c.get("on") is None:
        raise FactsError(join(path, "on"), "missing (every contact needs its date)")
    return Contact(
        on=parse_date_or_datetime(c["on"], join(path, "on")),
        status=opt_enum(c, "status", CONTACT_STATUSES, path) or "planned",
        type=opt_enum(c, "type", CONTACT_TYPES, path) or "appointment",
        followed_up_at=opt_when(c, "followed_up_at", path),
        reason=(opt_str(c, "reason", path) or "").strip(),
        acceptable=opt_tri(c, "acceptable", path),
        beyond_control=opt_tri(c, "beyond_control", path),
        warning=opt_bool(c, "warning", path) is True,
        failed_or_refused=opt_bool(c, "failed_or_refused", path) is True,
    )


def parse_supervision(raw: Any, path: str = "supervision") -> Supervision:
    s = need_object(raw, path)
    contacts = ()
    if s.get("contacts") is not None:
        cp = join(path, "contacts")
        contacts = tuple(parse_contact(item, join(cp, i)) for i, item in enumerate(need_list(s["contacts"], cp)))
    order = s.get("order_type")
    return Supervision(
        order_type=None if order is None else enum_value(order, ORDER_TYPES, join(path, "order_type")),
        contacts=contacts,
        compliance_panel_held=opt_bool(s, "compliance_panel_held", path),
        assessment_started_on=opt_date(s, "assessment_started_on", path),
        order_started_on=opt_date(s, "order_started_on", path),
        order_ends_on=opt_date(s, "order_ends_on", path),
        reporting_reduced_on=opt_date(s, "reporting_reduced_on", path),
        reporting_justification=(opt_str(s, "reporting_justification", path) or "").strip(),
    )


# --- What the rules count ----------------------------------------------------------------------------------------

def warnings(s: Supervision) -> int:
    return sum(1 for c in s.contacts if c.warning)


def compliance_panel_due(s: Supervision) -> bool:
    """'If more than one warning is given, you should use local procedures ... such as an engagement/compliance
    panel' (L1618): two or more warnings and no panel recorded."""
    return warnings(s) >= 2 and s.compliance_panel_held is not True


def follow_up_due(s: Supervision, c: Contact) -> datetime | None:
    """When a missed contact's follow-up is due: 24 hours on bail supervision and support (L4404); the guidance
    gives no timescale otherwise (L1618), so none is invented."""
    if c.status != "missed" or s.order_type != "bail_support":
        return None
    return as_datetime(c.on) + timedelta(hours=BAIL_FOLLOW_UP_HOURS)


def _day(value: date | datetime) -> str:
    return (value.date() if isinstance(value, datetime) else value).strftime("%d/%m/%Y")


def _when(value: date | datetime) -> str:
    return value.strftime("%d/%m/%Y %H:%M") if isinstance(value, datetime) else _day(value)


def supervision_value(s: Supervision) -> dict[str, Any]:
    missed = [c for c in s.contacts if c.status == "missed"]
    return {"contacts": len(s.contacts), "missed": len(missed),
            "awaiting_follow_up": sum(1 for c in missed if c.followed_up_at is None),
            "warnings": warnings(s), "compliance_panel_due": compliance_panel_due(s)}


# --- The rules ---------------------------------------------------------------------------------------------------

@rule("supervision.missed_follow_up", "If a child misses an appointment, you should follow this up with them and "
      "their family to establish the reason", NATIONAL, C(1618, 4404))
def missed_follow_up(case: Case, ctx: Context):
    s: Supervision | None = case.supervision
    if s is None:
        return None
    found = []
    for c in s.contacts:
        if c.status != "missed":
            continue
        due = follow_up_due(s, c)
        if c.followed_up_at is None:
            if due is not None:
                found.append(finding("supervision.missed_follow_up", ACTION,
                                     f"Missed bail support contact of {_when(c.on)}: follow it up by a phone call or "
                                     f"home visit by {_when(due)} (24 hours) to learn whether there is a valid "
                                     "reason, and record the reasons and circumstances.", BAIL_FOLLOW_UP))
            else:
                found.append(finding("supervision.missed_follow_up", ACTION,
                                     f"Missed appointment of {_when(c.on)}: follow it up with the child and their "
                                     "family to establish the reason and what could help them in future.",
                                     FOLLOW_UP))
        elif due is not None and as_datetime(c.followed_up_at) > due:
            found.append(finding("supervision.missed_follow_up", WARNING,
                                 f"The missed bail support contact of {_when(c.on)} was followed up on "
                                 f"{_when(c.followed_up_at)}, after the 24 hours.", BAIL_FOLLOW_UP))
    return out({"supervision": supervision_value(s)}, found)


@rule("supervision.reason", "You should record the reasons and circumstances on the child's case record to inform "
      "any later decision making", NATIONAL, C(1618, 4404), prompt=True)
def reason_recorded(case: Case, ctx: Context):
    s: Supervision | None = case.supervision
    if s is None:
        return None
    found = []
    for c in s.contacts:
        if c.status == "missed" and c.followed_up_at is not None and (not c.reason or c.acceptable is Answer.UNKNOWN):
            found.append(finding("supervision.reason", WARNING,
                                 f"Missed contact of {_when(c.on)} followed up: record the reason given and whether "
                                 "it is acceptable (your judgement; e.g. sickness, no transport, forgot).", FOLLOW_UP))
    return out(findings=found)


@rule("supervision.warning", "If the reason is not acceptable you may choose to record a warning", NATIONAL,
      WARNING_CITE, prompt=True)
def warning_for_unacceptable(case: Case, ctx: Context):
    s: Supervision | None = case.supervision
    if s is None:
        return None
    found = []
    for c in s.contacts:
        if c.warning and c.acceptable is Answer.YES:
            found.append(finding("supervision.warning", WARNING,
                                 f"A warning is recorded for the contact of {_when(c.on)} whose reason you accepted: a "
                                 "warning is for a reason that is not acceptable. Withdraw it or record why.",
                                 WARNING_CITE))
        if c.warning and c.status != "missed" and not c.failed_or_refused:
            found.append(finding("supervision.warning", WARNING,
                                 f"A warning is recorded for the contact of {_when(c.on)}, which was not missed: "
                                 "record what it was for.", WARNING_CITE))
    if found == [] and any(c.warning for c in s.contacts):
        found.append(finding("supervision.warning", INFO,
                             "With a warning, stress that you want to continue to work with them and help them "
                             "complete their order.", WARNING_CITE))
    return out(findings=found)


@rule("supervision.beyond_control", "It is important not to penalise a child because of factors beyond their "
      "control", NATIONAL, BEYOND_CONTROL, prompt=True)
def beyond_control(case: Case, ctx: Context):
    s: Supervision | None = case.supervision
    if s is None:
        return None
    found = [finding("supervision.beyond_control", WARNING,
                     f"The contact of {_when(c.on)} was missed for reasons beyond the child's control, yet a warning "
                     "is recorded: a child looked after, or cared for by one parent who works or has younger "
                     "children, may not have the same support. Withdraw the warning or record why.", BEYOND_CONTROL)
             for c in s.contacts if c.warning and c.beyond_control is Answer.YES]
    return out(findings=found)


@rule("supervision.not_a_breach", "Failing the Drug Testing Requirement is not a breach; a lack of consent to a "
      "particular form of treatment is not a breach", NATIONAL, NOT_A_BREACH)
def test_or_treatment_not_a_breach(case: Case, ctx: Context):
    s: Supervision | None = case.supervision
    if s is None:
        return None
    found = []
    for c in s.contacts:
        if not c.failed_or_refused or c.type not in ("drug_test", "treatment"):
            continue
        what = ("A failed or refused drug test" if c.type == "drug_test"
                else "Refusing a form of treatment once the requirement is in place")
        found.append(finding("supervision.not_a_breach", WARNING if c.warning else INFO,
                             f"{what} ({_day(c.on)}) is not a breach: explore the reasons with the child and "
                             "encourage them to engage; the test is an indicator of progress, not a measure of "
                             "abstinence." + (" Withdraw the warning." if c.warning else ""), NOT_A_BREACH))
    return out(findings=found)


@rule("supervision.compliance_panel", "If more than one warning is given, you should use local procedures to "
      "investigate what more can be done to improve engagement; such as an engagement/compliance panel", NATIONAL,
      PANEL, prompt=True)
def compliance_panel(case: Case, ctx: Context):
    s: Supervision | None = case.supervision
    if s is None or not compliance_panel_due(s):
        return None
    return out(findings=[finding("supervision.compliance_panel", ACTION,
                                 f"{warnings(s)} warnings recorded: use your local procedure (an engagement or "
                                 "compliance panel) to find what more can be done to improve engagement. Court "
                                 "processes are not an alternative to warnings.", PANEL)])


@rule("supervision.home_visit", "Home visits are an integral part of assessment, and at least one should be "
      "undertaken for each assessment", NATIONAL, HOME_VISIT)
def home_visit(case: Case, ctx: Context):
    s: Supervision | None = case.supervision
    if s is None or s.assessment_started_on is None:
        return None
    visited = any(c.type == "home_visit" and c.status == "attended" and _as_date(c.on) >= s.assessment_started_on
                  for c in s.contacts)
    if visited:
        return None
    return out(findings=[finding("supervision.home_visit", ACTION,
                                 f"No home visit recorded since the assessment started ({_day(s.assessment_started_on)})"
                                 ": at least one is undertaken for each assessment (Enfield: mandatory for any new "
                                 f"assessment or intervention, {HOME_VISIT_ENFIELD}).", HOME_VISIT)])


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


@rule("supervision.reporting_reduced", "At 3 months reporting levels should be reduced; reporting should be reduced "
      "at the halfway stage of the order without exceptional justification", ENFIELD, REPORTING, prompt=True,
      local=("reporting_review_months",))
def reporting_reduced(case: Case, ctx: Context):
    s: Supervision | None = case.supervision
    if s is None or s.order_started_on is None or s.reporting_reduced_on is not None:
        return None
    months = int(ctx.local("reporting_review_months"))
    review = months_after(s.order_started_on, months)
    halfway = s.order_started_on + (s.order_ends_on - s.order_started_on) / 2 if s.order_ends_on else None
    cite = REPORTING
    if halfway is not None and ctx.as_of >= halfway:
        if s.reporting_justification:
            return out(findings=[finding("supervision.reporting_reduced", INFO, "Reporting not reduced at the halfway "
                                         "stage: the exceptional justification is recorded.", cite)])
        return out(findings=[finding("supervision.reporting_reduced", WARNING,
                                     f"Halfway through the order ({_day(halfway)}) and reporting not yet reduced: "
                                     "reduce it, or record the exceptional justification.", cite)])
    if ctx.as_of >= review:
        return out(findings=[finding("supervision.reporting_reduced", ACTION,
                                     f"{months} months into the order ({_day(review)}, {ctx.pack_title('reporting_review_months')}'s "
                                     "value): the formal review reduces the "
                                     "reporting level if behaviour and progress justify it, acknowledged in the "
                                     "intervention plan.", cite)])
    return None
