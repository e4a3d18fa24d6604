"""Deadlines from dated events: what is due, by when, and which guidance says so.

A practitioner records what happened (remanded to youth detention accommodation, bail support imposed, sentenced
to 12 months for a violent offence, charged with a serious incident...) and this module works out each timescale
the guidance attaches to it: "no more than five working days from the date of the remand", "within 24 hours",
"within one working day of sentencing".

How the clocks run (the guidance never defines them; see note E §0.3 and note D §0):
- working days: Monday to Friday, not an England & Wales bank holiday, counted from the day after the event;
- hours: elapsed clock hours from the event; a bare date is read as the start of that day (00:00), the earliest
  reading, so a deadline is never shown later than it could be;
- "days" with no qualifier: read as calendar days (the stricter reading) and said so in the rule's note;
- ages: from `date_of_birth` (17 years 6 months is six months before the 18th birthday).

The timescales are one table (`TIMESCALES`), one row per obligation, as the guidance lists them. Where two
sources set different timescales for the same duty, both deadlines are produced, each with its own citation and
pack, the earlier is marked "use this", and `deadline_conflicts` names both sources.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Callable

from yjtui.rules import packs as _packs
from yjtui.rules.core import ENFIELD, LEICESTER, NATIONAL, Citation, Deadline, Finding, Outcome, Rule, Severity
from yjtui.rules.workdays import (
    as_datetime,
    calendar_days_after,
    hours_after,
    months_after,
    same_working_day,
    working_days_after,
)

__all__ = [
    "Unit",
    "EventKey",
    "Timescale",
    "Conflict",
    "EVENT_TYPES",
    "EVENT_KEYS",
    "KNOWN_EVENT_TYPES",
    "TIMESCALES",
    "LOCAL_ROWS",
    "CONFLICTS",
    "DEADLINE_RULES",
    "RULE_EVENT",
    "deadlines_for",
    "deadline_conflicts",
    "pack_basis",
    "pack_due",
    "EARLIER_MARK",
    "LATER_MARK",
]

EARLIER_MARK = " (earlier of two sources: use this)"
LATER_MARK = " (later of two sources)"


# ---------------------------------------------------------------------------------------------------------------
# Event types and the extra keys each one takes
# ---------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EventKey:
    """An extra key an event may carry. kind: "number", "boolean", "date", "string"."""

    name: str
    kind: str
    description: str


_HIGH_RISK = EventKey("high_risk", "boolean",
                      "RoSH or safety and wellbeing assessed High or Very High (Enfield High Risk Panel)")
_MAPPA_ELIGIBLE = EventKey("mappa_eligible", "boolean", "the child is a MAPPA offender (category 1, 2, 3 or 4)")
_LEVEL_2_3 = EventKey("level_2_or_3_needed", "boolean",
                      "screening found the case needs MAPPA Level 2 or 3 management")
_DYO = EventKey("dyo", "boolean", "the child is classified as a Deter Young Offender (Leicester)")
_ORDER_TYPE = EventKey("order_type", "string",
                       "referral_order, yro, dto, parenting_order or other")
_AWARE_AT = EventKey("aware_at", "date", "when the YJS became aware (date or date-time); default: `at`")
# The Y2A protocol is England's; Wales follows its own principles (seed 002 L24963, L5692).
_NATION = EventKey("nation", "string", "england (default) or wales: the English Y2A timeline is not used in Wales")

# type -> (what `at` means, extra keys)
EVENT_TYPES: dict[str, tuple[str, tuple[EventKey, ...]]] = {
    "remanded_to_yda": ("date of the remand to youth detention accommodation", (_HIGH_RISK,)),
    "remanded_to_la": ("date of the remand to local authority accommodation", (_HIGH_RISK,)),
    "bail_support_imposed": ("when the court imposed bail supervision and support", (_HIGH_RISK, EventKey(
        "parent_present_in_court", "boolean", "the parent or carer was in court (else contacted after allocation)"))),
    "bail_worker_allocated": ("when a worker was allocated to the bail supervision and support package", (
        EventKey("parent_present_in_court", "boolean", "the parent or carer was in court"),)),
    "bail_contact_missed": ("the missed bail supervision and support contact", ()),
    "contact_missed": ("a missed appointment on an order (bail supervision and support: bail_contact_missed)",
                       (_ORDER_TYPE,)),
    "order_made": ("date the court made the order", (
        _ORDER_TYPE,
        EventKey("electronic_monitoring", "boolean", "the order has an Electronic Monitoring Requirement"),
        EventKey("unpaid_work", "boolean", "the order has an Unpaid Work Requirement"),
        _HIGH_RISK)),
    "sentenced_custody": ("date (or date-time) of the custodial sentence", (
        EventKey("custody_months", "number", "length of the custodial sentence in months"),
        EventKey("violent_or_sexual", "boolean", "the offence is violent or sexual"),
        _MAPPA_ELIGIBLE, _LEVEL_2_3, _HIGH_RISK, _DYO,
        EventKey("release_on", "date", "the expected release date: MAPPA H, the level and the MAPPA A are due 6 "
                                       "months before it, or on the day of sentence when less is left to serve"))),
    "custody_transferred": ("date a child serving a detention order was moved to another place of detention", ()),
    "released_from_custody": ("date a child subject to a detention order was released", ()),
    "detained_mental_health_act": ("date the child was detained under the Mental Health Act 1983", ()),
    "serious_incident_charge": ("when the child was charged with a notifiable serious incident "
                                "(attempted murder, murder/manslaughter, rape, GBH s.18/20, terrorism)",
                                (_AWARE_AT, _MAPPA_ELIGIBLE)),
    "child_died": ("date the child died (on the caseload or within 20 calendar days of supervision ending)",
                   (_AWARE_AT,)),
    "hearing_custody_expected": ("date-time of a hearing where remand or a custodial sentence is strongly likely", (
        EventKey("produced_overnight", "boolean", "the child was produced overnight (no 24-hour alert possible)"),)),
    "assessment_completed": ("date an AssetPlus assessment was completed", (_ORDER_TYPE, _HIGH_RISK, _MAPPA_ELIGIBLE)),
    "plan_reviewed": ("date the intervention plan was last reviewed", ()),
    "court_report_requested": ("date the court asked for a report", (
        EventKey("due_on", "date", "the date the court set for the report"),
        EventKey("report_type", "string", "psr, existing_psr, stand_down, progress, breach, bail or referral_panel"))),
    # Issue 23: a RoSH, SWB or LoR assessment completed on the risk screen, so its review reaches the board.
    "risk_assessment_completed": ("date a RoSH, SWB or LoR assessment was completed", (
        EventKey("assessment_kind", "string", "rosh, swb or lor"),
        EventKey("review_months", "number", "months to the review: the service's cycle (the enfield pack's "
                                            "plan_review_months), else 3"))),
    "referral_order_panel_scheduled": ("date of the initial Referral Order panel", ()),
    "mappa_eligible_community_sentence": ("date of a community sentence for a MAPPA-eligible child", (_LEVEL_2_3,)),
    "mappa_referral_received": ("date the MAPPA Co-ordinator received the MAPPA A referral", ()),
    "mappa_meeting_held": ("date of a MAPPA Level 2 or 3 meeting", (
        EventKey("level", "number", "MAPPA level the case is managed at (2 or 3)"),)),
    "mappa_meeting_scheduled": ("date a MAPPA Level 2 or 3 meeting is to be held", (
        EventKey("emergency", "boolean", "an emergency meeting (the 14 days' notice does not apply)"),)),
    "mappa_meeting_cancelled": ("date a scheduled MAPPA meeting was to be held, when it was cancelled", (
        EventKey("level", "number", "MAPPA level the case is managed at (2 or 3)"),)),
    "cppc_referral_agreed": ("date the referral of a Level 3 case as a Critical Public Protection Case was agreed", ()),
    "release_date": ("expected date of release from custody", (
        _MAPPA_ELIGIBLE, _LEVEL_2_3,
        EventKey("sentenced_on", "date", "the day of sentence: with less than 6 months to serve then, the MAPPA "
                                         "duties due 6 months before release are due that day instead"))),
    "oocd_panel_held": ("date of the out-of-court disposal panel (Enfield)", (_HIGH_RISK,)),
    "hrp_referral_made": ("date the case manager booked the High Risk Panel (Enfield)", ()),
    "hrp_panel_held": ("date the High Risk Panel discussed the case (Enfield)", ()),
    "release_planning_meeting": ("date of the release planning meeting (Notice of Supervision, Enfield)", (_HIGH_RISK,)),
    "case_closure_planned": ("planned date the case closes (Enfield High Risk Panel exit)", ()),
    "yiom_panel_held": ("date of the Youth IOM panel (Enfield)", ()),
    "yiom_closed": ("date the child left the Youth IOM cohort (Enfield)", ()),
    "dyo_identified": ("date the case manager identified the child as a DYO (Leicester)", ()),
    "dyo_notified": ("date the Offender Management Co-ordinator received the DYO notification (Leicester)", ()),
    "transfer_requested": ("date the originating YOT proposed a case transfer", ()),
    "transfer_dispute_raised": ("date a case-responsibility dispute was first notified", ()),
    "out_of_area_court_outcome": ("date an out-of-area child appeared in the host court", ()),
    "out_of_area_police_interview": ("date-time of the police interview outcome (host area)", ()),
    "out_of_area_oocd": ("date-time the host YOT learnt of an out-of-area out-of-court disposal", ()),
    "transition_identified": ("date the child was identified as eligible to transfer to Probation at 18", (
        EventKey("date_of_birth", "date", "the child's date of birth (needed: the deadlines are age-based)"),
        EventKey("transfer_date", "date", "the agreed transfer date, if there is one"),
        EventKey("mappa_level", "number", "MAPPA level (0 if not MAPPA)"),
        _NATION,
        EventKey("national_security", "boolean",
                 "the child may meet the National Security Division criteria (Y2A 10.7.1)"))),
    "transferred_to_probation": ("date the case transferred to the Probation Service", (_NATION,)),
    "caretaking_agreed": ("date the Home and Host YOTs agreed a caretaking arrangement", ()),
    "stability_test_started": ("date a child moved to another parent or family member in another area (or on "
                               "release): the three-month stability test starts", ()),
    # --- The police workflows (issue 14): ISS (Kent Police SOP N02a) and DYO (Leicester) ---
    "iss_started": ("date the child was placed on ISS (bail, YRO or Notice of Supervision)", (
        EventKey("basis", "string", "bail, yro or notice_of_supervision"),)),
    "iss_police_contact": ("date of a police home visit or face-to-face contact with a child on ISS", (
        EventKey("every_weeks", "number", "weeks to the next contact: 1 (weekly) unless a reduction was agreed "
                                          "with the Unit Lead"),)),
    "iss_conditions_changed": ("date ISS bail conditions were varied or a new court date was set", ()),
    "iss_breach_statement_received": ("date a Section 9 breach statement was handed to the police", ()),
    "dyo_rag_meeting": ("date of the DYO RAG meeting that rated the child (Leicester)", (
        EventKey("rag", "string", "red, amber or green"), EventKey("tier", "number", "tier of management, 1 to 3"))),
    "dyo_intel_update": ("date the seconded police officer gave the case manager an intelligence update (Leicester)", (
        EventKey("tier", "number", "tier of management, 1 to 3"),)),
    "dyo_npt_shared": ("date YOS information was shared with the neighbourhood policing team (Leicester)", (
        EventKey("tier", "number", "tier of management, 1 to 3"),)),
    # Child exploitation (note E §3-4; yjtui/rules/exploitation.py)
    "exploitation_screened": ("date the exploitation screening was completed", (
        EventKey("rescreen_on", "date", "the date set at screening to re-screen by"),)),
    "exploitation_information": ("date information about victims or perpetrators came to light", ()),
    "nrm_referral_made": ("date the First Responder made the NRM referral", (
        EventKey("ictg_referred", "boolean", "the Independent Child Trafficking Guardian service was referred to"),)),
    "nrm_reasonable_grounds": ("date of the NRM reasonable grounds decision", ()),
    "rmp_panel_held": ("date the Risk Management Panel discussed the case (Enfield)", (
        EventKey("next_review", "date", "the review date the Panel set, if it set one"),)),
}

EVENT_KEYS: dict[str, tuple[EventKey, ...]] = {t: keys for t, (_, keys) in EVENT_TYPES.items()}
KNOWN_EVENT_TYPES: frozenset[str] = frozenset(EVENT_TYPES)


# ---------------------------------------------------------------------------------------------------------------
# Reading event keys (values may arrive as JSON strings; a missing or unreadable key is "not known", never a guess)
# ---------------------------------------------------------------------------------------------------------------

def _flag(ev: dict, key: str) -> bool | None:
    v = ev.get(key)
    if isinstance(v, bool):
        return v
    if isinstance(v, str):
        return {"yes": True, "true": True, "no": False, "false": False}.get(v.strip().lower())
    return None


def _number(ev: dict, key: str) -> float | None:
    v = ev.get(key)
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        try:
            return float(v)
        except ValueError:
            return None
    return None


def _when(ev: dict, key: str) -> date | datetime | None:
    v = ev.get(key)
    if isinstance(v, (date, datetime)):
        return v
    if isinstance(v, str):
        for parse in (datetime.fromisoformat, date.fromisoformat):
            try:
                out = parse(v)
            except ValueError:
                continue
            # a bare "YYYY-MM-DD" parses as midnight datetime; keep it a date
            if isinstance(out, datetime) and "T" not in v and " " not in v.strip():
                return out.date()
            return out
    return None


def _day(v: date | datetime) -> date:
    return v.date() if isinstance(v, datetime) else v


# Conditions used by the table, named so the catalogue can say when a row applies.
def _is(key: str) -> Callable[[dict], bool]:
    return lambda ev: _flag(ev, key) is True


def _is_not(key: str) -> Callable[[dict], bool]:
    return lambda ev: _flag(ev, key) is False


def _order(*kinds: str) -> Callable[[dict], bool]:
    return lambda ev: str(ev.get("order_type", "")).strip().lower() in kinds


def _vcs_sentence(ev: dict) -> bool:
    # L1492: "a sentence of 12 months or more for a violent or sexual offence"
    months = _number(ev, "custody_months")
    return months is not None and months >= 12 and _flag(ev, "violent_or_sexual") is True


def _mappa_offender(ev: dict) -> bool:
    # Category 2 (MAPPA Guidance ch. 6): violent or sexual offence with 12 months' custody or more;
    # otherwise only when the practitioner says the child is MAPPA-eligible.
    return _flag(ev, "mappa_eligible") is True or _vcs_sentence(ev)


def _mappa_level(n: int) -> Callable[[dict], bool]:
    return lambda ev: _number(ev, "level") == n


def _mappa_level_2_plus(ev: dict) -> bool:
    level = _number(ev, "mappa_level")
    return level is not None and level >= 2


def _not_produced_overnight(ev: dict) -> bool:
    # L3600: "(unless the child has been produced overnight)"; unknown counts as not produced overnight.
    return _flag(ev, "produced_overnight") is not True


def _both(*conds: Callable[[dict], bool]) -> Callable[[dict], bool]:
    return lambda ev: all(c(ev) for c in conds)


def _has(key: str) -> Callable[[dict], bool]:
    return lambda ev: _when(ev, key) is not None


def _has_not(key: str) -> Callable[[dict], bool]:
    return lambda ev: _when(ev, key) is None


def _not_order(*kinds: str) -> Callable[[dict], bool]:
    return lambda ev: str(ev.get("order_type", "")).strip().lower() not in kinds


def _tier(n: int) -> Callable[[dict], bool]:
    return lambda ev: _number(ev, "tier") == n


def _in_england(ev: dict) -> bool:
    # "to be adopted across the YOTs and NPS in England" (L24963): a Welsh service's events say nation "wales".
    return str(ev.get("nation") or "england").strip().lower() != "wales"


# ---------------------------------------------------------------------------------------------------------------
# The timescales table
# ---------------------------------------------------------------------------------------------------------------

class Unit(enum.Enum):
    WORKING_DAYS = "working days"
    SAME_WORKING_DAY = "same working day"
    CALENDAR_DAYS = "calendar days"
    WEEKS = "weeks"
    MONTHS = "months"
    HOURS = "hours"
    HOURS_BEFORE = "hours before"
    DAYS_BEFORE = "calendar days before"
    MONTHS_BEFORE = "months before"
    NEXT_HRP = "next available High Risk Panel"
    AGE_MONTHS = "age in months"  # amount = age in months; alt_months_before_transfer gives the alternative
    ON_DATE = "on the date set"  # due on the date the anchor key holds (a date the practitioner or a panel set)
    AT_ONCE = "as soon as possible"  # the source gives no timescale: due the day of the event, never a number


@dataclass(frozen=True)
class Timescale:
    """One row of the timescales table: event -> rule id, title, amount, unit, pack, citation.

    A local row (`Local`, pack not national) has no amount, unit or citation here: the pack that switches the rule
    on gives them (`[[timescales]]` in data/packs/<pack>.toml), so a service can set its own.
    """

    event: str
    rule: str
    title: str
    amount: int | None
    unit: Unit | None
    pack: str
    citation: Citation | None
    when: Callable[[dict], bool] | None = None
    when_text: str = ""
    anchor: str | None = None  # an extra key that starts the clock instead of `at` (e.g. aware_at)
    alt_months_before_transfer: int | None = None  # Y2A: "(or N months prior to the agreed transfer date)"
    effective_from: date | None = None
    note: str = ""
    # An event key that, when given, sets the amount in the row's unit (an ISS contact interval agreed with the
    # Unit Lead, seed 000 L32); otherwise the amount stands.
    amount_from: str | None = None
    # Where the duty is written, for a local row its home pack leaves off because the guidance sets no number
    # (`yjtui rules` shows it); a service's pack that switches the rule on gives its amount, unit and citation.
    source: Citation | None = None
    local_default: str = ""  # set from the pack: its amount is a local default where the source gives no number
    due_before: bool = False  # an age step due *before* the age is reached (the day before), not on it (L25776)
    # An event key holding the earliest the duty can fall due ("at" for the event's own date): "at least 6 months
    # before release ... or as soon as possible if there is less than six months to serve at the point of sentence"
    # (seed 002 L18415, L18429): a due date before it becomes that day, as soon as possible.
    not_before: str | None = None


CMG = "Case Management Guidance"
ENF = "Enfield Risk Management Guidance"
HRP = "Enfield High Risk Panel ToR"
SI = "YJB Serious Incident Notification"
SI_ENF = "Enfield serious incident flow"
STD = "Standards for children in the youth justice system 2019"
MAPPA = "MAPPA Guidance 2022"
PROT = "National Protocol for Case Responsibility"
Y2A = "Joint National Protocol for Transitions in England"
YIOM = "Enfield Youth IOM ToR"
DYO = "Leicester DYO Policy"
ISS = "Kent Police ISS procedure N02a"
CE_TOOL = "Enfield Child Exploitation Multi-Agency Screening Tool"
RMP = "Enfield Risk Management Panel ToR"
NRM_PILOT = "Enfield NRM pilot briefing"
S39A = "Crime and Disorder Act 1998 s.39A (Standards 2019, legislation)"

N, E, L = NATIONAL, ENFIELD, LEICESTER
K = "kent"  # Kent Police's local procedures (data/packs/kent.toml)
WD, SAME, CAL, WK, MON = Unit.WORKING_DAYS, Unit.SAME_WORKING_DAY, Unit.CALENDAR_DAYS, Unit.WEEKS, Unit.MONTHS
HRS, HRS_BEFORE, DAYS_BEFORE, MON_BEFORE = Unit.HOURS, Unit.HOURS_BEFORE, Unit.DAYS_BEFORE, Unit.MONTHS_BEFORE
AGE = Unit.AGE_MONTHS

_DAYS_UNSTATED = "the guidance says 'days' without saying which: read as calendar days (the stricter reading)"
_SI_FROM = date(2022, 4, 1)  # "From 1 April 2022 the YJB has introduced a mandatory system" (L14035)
_Y2A_FROM = date(2021, 6, 26)  # "This protocol will be implemented from 26th June 2021" (P:25146)
_ENGLAND = "nation is not wales"
_ASAP_AT_SENTENCE = "or as soon as possible (the day of sentence) if there is less than six months to serve then"
_MAPPA_H = "MAPPA H submitted to the MAPPA Co-ordinator before release"
_LEVEL_SET = "MAPPA level set before release, custodial establishment consulted"
_MAPPA_A = "MAPPA A referral for Level 2 or 3 sent before release"


def C(document: str, paragraph: str, *lines: int, seed: str = "002") -> Citation:
    return Citation(document, paragraph, seed, tuple(lines))


def Local(event: str, rule: str, title: str, pack: str, when: Callable[[dict], bool] | None = None,
          when_text: str = "", **kw: Any) -> Timescale:
    """A local timescale: what starts it and when it applies are code; its amount, unit and citation are the
    pack's (data/packs/<pack>.toml `[[timescales]]`), so another service's pack can time it differently."""
    return Timescale(event, rule, title, None, None, pack, None, when, when_text, **kw)


# 7.14 (L15865) times the MAPPA A for anyone in custody; 23.23 (L18429) adds the children's "as soon as possible".
_MAPPA_A_CITE = C(MAPPA, "7.14, 23.23", 15865, 18429)


TIMESCALES: list[Timescale] = [
    # --- Remand to youth detention accommodation (note B §1.15-1.16) ---
    Timescale("remanded_to_yda", "remand.post_court_report",
              "Post-Court Report stage and updated custody module sent via Connectivity that working day",
              0, SAME, N, C(CMG, "", 4500)),
    Timescale("remanded_to_yda", "remand.initial_planning_meeting", "Initial planning meeting after remand",
              5, WD, N, C(CMG, "", 4526),
              note="good practice: in person, no more than five working days from the date of the remand"),
    Timescale("remanded_to_yda", "remand.la_plan",
              "Local authority plan in place after the remand starts", 10, WD, N, C(CMG, "", 4568)),
    Timescale("remanded_to_yda", "remand.leaving_care_13_weeks",
              "Remand reaches 13 weeks: child becomes eligible for leaving care services", 13, WK, N,
              C(CMG, "", 4578),
              note="counts this remand only; 13 weeks can also be reached over several remands"),
    Local("remanded_to_yda", "hrp.bail_remand", "Bail or remand case to the next available High Risk Panel",
          E, _is("high_risk"), "high_risk is true"),
    # --- Remand to local authority accommodation ---
    Local("remanded_to_la", "hrp.bail_remand", "Bail or remand case to the next available High Risk Panel",
          E, _is("high_risk"), "high_risk is true"),
    # --- Bail supervision and support (note B §1.10-1.11) ---
    Timescale("bail_support_imposed", "bail.allocate_worker",
              "Child allocated to a worker after bail supervision and support is imposed", 24, HRS, N,
              C(CMG, "", 4386)),
    Local("bail_support_imposed", "hrp.bail_remand", "Bail or remand case to the next available High Risk Panel",
          E, _is("high_risk"), "high_risk is true"),
    Timescale("bail_worker_allocated", "bail.contact_parent",
              "Parent or carer not in court contacted after allocation", 24, HRS, N, C(CMG, "", 4386),
              lambda ev: _flag(ev, "parent_present_in_court") is not True, "parent_present_in_court is not true"),
    # Issue 23: while the allocation is not recorded, the parent contact is on the board at its latest: 24 hours to
    # allocate and 24 hours from allocation (both L4386); recording the allocation times it from then (row above).
    Timescale("bail_support_imposed", "bail.contact_parent_by",
              "Parent or carer not in court contacted (24 hours from allocation, itself due 24 hours from the order)",
              48, HRS, N, C(CMG, "", 4386), lambda ev: _flag(ev, "parent_present_in_court") is not True,
              "parent_present_in_court is not true",
              note="the latest the two 24-hour duties allow; record the allocation to time it from then"),
    Timescale("bail_contact_missed", "bail.missed_contact_follow_up",
              "Missed bail contact followed up by a phone call or home visit", 24, HRS, N, C(CMG, "", 4404)),
    Timescale("contact_missed", "contact.missed_follow_up",
              "Missed appointment followed up with the child and family (the reason, what would help)", 0,
              Unit.AT_ONCE, N, C(CMG, "", 1618), note="the guidance gives no timescale: shown as due that day"),
    # --- Court orders (note B §2.10, §3) ---
    Timescale("order_made", "order.allocate_worker", "Child allocated a worker after the order is made",
              2, WD, N, C(CMG, "", 1644), _not_order("parenting_order"), "any order except a Parenting Order"),
    Timescale("order_made", "order.intervention_plan_review", "Intervention plan reviewed (at least every three months)",
              3, MON, N, C(CMG, "", 1218), _not_order("parenting_order"), "any order except a Parenting Order"),
    Timescale("order_made", "referral_order.initial_panel", "Referral Order Panel held after the order is made",
              20, CAL, N, C(CMG, "", 2868), _order("referral_order"), "order_type is referral_order",
              note=_DAYS_UNSTATED),
    Timescale("order_made", "yro.em_contact", "Electronic monitoring service contacted after sentencing",
              1, WD, N, C(CMG, "", 3322), _is("electronic_monitoring"), "electronic_monitoring is true"),
    Timescale("order_made", "yro.unpaid_work_start", "Unpaid Work Requirement commences after sentence",
              5, CAL, N, C(CMG, "", 3406), _is("unpaid_work"), "unpaid_work is true", note=_DAYS_UNSTATED),
    Timescale("order_made", "yro.unpaid_work_complete", "Unpaid work hours completed within 12 months of sentence",
              12, MON, N, C(CMG, "", 3372), _is("unpaid_work"), "unpaid_work is true"),
    Timescale("order_made", "parenting_order.allocate", "Parenting Order allocated and parent or carer contacted",
              1, WK, N, C(CMG, "", 5048), _order("parenting_order"), "order_type is parenting_order"),
    Local("order_made", "hrp.referral_after_sentence", "High risk case referred to the High Risk Panel after sentence",
          E, _both(_is("high_risk"), _not_order("referral_order", "parenting_order")),
          "high_risk is true (not a Referral Order)", note=_DAYS_UNSTATED),
    Local("order_made", "hrp.yro_panel", "YRO case taken to the High Risk Panel after the intervention starts",
          E, _both(_is("high_risk"), _order("yro")), "high_risk is true and order_type is yro"),
    Timescale("plan_reviewed", "order.intervention_plan_review", "Intervention plan reviewed (at least every three months)",
              3, MON, N, C(CMG, "", 1218)),
    Timescale("court_report_requested", "court_report.due", "Report the court asked for, within its timeframe", 0,
              Unit.ON_DATE, N, C(STD, "Standard 3", 6647), _has("due_on"), "due_on is set", anchor="due_on"),
    # Issue 23: each risk assessment reviewed with the plan (its review incorporates "on-going assessment", L1228),
    # at the service's cycle where a pack sets one (the risk screen's "Review by" date: rules/risk_form.review_note).
    *[Timescale("risk_assessment_completed", "assessment.risk_review", f"{what} assessment reviewed (at least every "
                "three months, or on a significant change)", 3, MON, N, C(CMG, "", 1218, 1228),
                lambda ev, k=kind: ev.get("assessment_kind") == k, f"assessment_kind is {kind}",
                amount_from="review_months")
      for kind, what in (("rosh", "RoSH"), ("swb", "Safety and well-being"), ("lor", "Likelihood of reoffending"))],
    Timescale("referral_order_panel_scheduled", "referral_order.panel_report",
              "Referral Order Panel report available to panel members before the initial panel",
              2, DAYS_BEFORE, N, C(CMG, "", 2862), note=_DAYS_UNSTATED + "; or within locally agreed timescales"),
    # --- Assessment ---
    Local("assessment_completed", "assessment.review_enfield", "AssetPlus reviewed and updated (6-monthly)", E),
    Local("assessment_completed", "hrp.referral_after_assessment", "High risk Referral Order case referred to the High Risk Panel after the assessment",
          E, _both(_is("high_risk"), _order("referral_order")), "high_risk is true and order_type is referral_order",
          note=_DAYS_UNSTATED),
    # --- Custodial sentence (victims, Standards 2019, MAPPA, HRP, DYO) ---
    Timescale("sentenced_custody", "victims.vcs_notification",
              "Victim Contact Scheme notified about all relevant victims", 1, WD, N, C(CMG, "", 1492, 1494, 1496),
              _vcs_sentence, "custody_months >= 12 and violent_or_sexual is true",
              note="Enfield 6.19 (seed 002 L422) says the same: one working day of sentence"),
    Timescale("sentenced_custody", "custody.post_court_information",
              "Relevant post-court information sent after the child is sentenced", 2, HRS, N, C(STD, "Standard 4", 6873)),
    Timescale("sentenced_custody", "mappa.identify", "MAPPA offender identified and recorded on the case management system",
              3, CAL, N, C(MAPPA, "23.19", 18415), _mappa_offender,
              "mappa_eligible is true, or custody_months >= 12 for a violent or sexual offence",
              note=_DAYS_UNSTATED),
    Local("sentenced_custody", "mappa.refer_to_manager_enfield", "Referral to the local MAPPA Manager (after Team Manager authorisation) via CJSM",
          E, _both(_mappa_offender, _is("level_2_or_3_needed")), "MAPPA offender and level_2_or_3_needed is true"),
    Local("sentenced_custody", "hrp.referral_after_sentence", "High risk case referred to the High Risk Panel after sentence",
          E, _is("high_risk"), "high_risk is true", note=_DAYS_UNSTATED),
    Local("sentenced_custody", "hrp.dto_panel", "DTO case taken to the High Risk Panel after the intervention starts",
          E, _is("high_risk"), "high_risk is true"),
    Local("sentenced_custody", "dyo.cmdp_custody", "DYO custody case booked into the CM&DP after sentence",
          L, _is("dyo"), "dyo is true"),
    # s.39A Crime and Disorder Act 1998: "when it becomes aware" (no timescale: due that day)
    *[Timescale(ev, "custody.s39a_detention", "Home and host local authorities notified of where the child is "
                "detained (s.39A)", 0, Unit.AT_ONCE, N, C(S39A, "", 7573, 7583))
      for ev in ("sentenced_custody", "custody_transferred")],
    Timescale("released_from_custody", "custody.s39a_release", "Home, host and any other local authority where the "
              "child will live notified of the release (s.39A)", 0, Unit.AT_ONCE, N, C(S39A, "", 7584, 7590)),
    Timescale("detained_mental_health_act", "victims.vcs_notification",
              "Victim Contact Scheme notified about all relevant victims", 1, WD, N, C(CMG, "", 1492, 1494, 1496)),
    # --- Hearing where custody is expected ---
    Timescale("hearing_custody_expected", "court.alert_ycs",
              "YCS Placement Team alerted with the assessment and placement information form before the hearing",
              24, HRS_BEFORE, N, C(CMG, "", 3600), _not_produced_overnight,
              "unless produced_overnight is true",
              note="Standards 2019 footnote 9 (seed 002 L6925) sets the same 24 hours before court"),
    # --- Serious incidents (note A §4.4, note D §4): two sources, both shown, earlier marked ---
    Timescale("serious_incident_charge", "serious_incident.yjb_notification",
              "Serious incident notified to the YJB", 1, WD, N, C(SI, "", 14037), anchor="aware_at",
              effective_from=_SI_FROM, note="one working day of the YJS becoming aware"),
    Local("serious_incident_charge", "serious_incident.yjb_notification_enfield", "Serious incident notification submitted to the YJB",
          E, note="24 hours of the charge (the Enfield flow, seed 002 L14093, says the same)"),
    Local("serious_incident_charge", "serious_incident.notify_head_of_service", "Team Manager notifies the Head of Service or Deputy of the serious incident",
          E),
    Local("serious_incident_charge", "serious_incident.report_to_director", "Report to the Director of Children's Services and the YJSMB Chair",
          E),
    Local("serious_incident_charge", "serious_incident.file_audit", "Head of Service or Deputy completes a file audit",
          E, note=_DAYS_UNSTATED),
    Timescale("child_died", "serious_incident.yjb_notification", "Serious incident notified to the YJB",
              1, WD, N, C(SI, "", 14037), anchor="aware_at", effective_from=_SI_FROM,
              note="one working day of the YJS becoming aware"),
    Local("child_died", "serious_incident.yjb_notification_enfield", "Serious incident notification submitted to the YJB",
          E, anchor="aware_at", note="24 hours of the service becoming aware of the death"),
    Local("child_died", "serious_incident.death_to_head_of_service", "Unexpected death reported to the Head of Service or Assistant Director",
          E, anchor="aware_at"),
    # --- MAPPA (note A §5, note D §7.3-7.5) ---
    Timescale("mappa_eligible_community_sentence", "mappa.identify",
              "MAPPA offender identified and recorded on the case management system", 3, CAL, N,
              C(MAPPA, "23.19", 18415), note=_DAYS_UNSTATED),
    Local("mappa_eligible_community_sentence", "mappa.screening_enfield", "MAPPA form used to screen the case for referral",
          E, note=_DAYS_UNSTATED),
    Local("mappa_eligible_community_sentence", "mappa.refer_to_manager_enfield", "Referral to the local MAPPA Manager (after Team Manager authorisation) via CJSM",
          E, _is("level_2_or_3_needed"), "level_2_or_3_needed is true"),
    Timescale("mappa_referral_received", "mappa.referral_decision",
              "MAPPA Co-ordinator's decision on whether the case meets Level 2 or 3 (and the meeting date)",
              10, CAL, N, C(MAPPA, "7.19", 15889),
              note=_DAYS_UNSTATED + "; Enfield 6.15 (seed 002 L405) also says 10 days"),
    Timescale("mappa_meeting_held", "mappa.level2_review", "MAPPA Level 2 review meeting held", 16, WK, N,
              C(MAPPA, "13a.37", 16833), _mappa_level(2), "level is 2"),
    Timescale("mappa_meeting_held", "mappa.level3_review", "MAPPA Level 3 review meeting held", 8, WK, N,
              C(MAPPA, "13a.37", 16833), _mappa_level(3), "level is 3"),
    Timescale("release_date", "mappa.release_date_confirmed",
              "Custodial establishment confirms the release date (expected from the YCS)", 8, MON_BEFORE, N,
              C(MAPPA, "15.7", 17430), _is("mappa_eligible"), "mappa_eligible is true", not_before="sentenced_on",
              note="with less than eight months to serve at sentence, due that day (it cannot fall due before it)"),
    # MAPPA H, the level and the MAPPA A: at least 6 months before release, or as soon as possible when less than
    # six months are left to serve at sentence (23.19, 23.23): never due before the day of sentence. From the
    # expected release (`sentenced_on` gives the day of sentence) or from the sentence (`release_on` the release).
    Timescale("release_date", "mappa.mappa_h", _MAPPA_H, 6, MON_BEFORE, N, C(MAPPA, "23.19", 18415),
              _is("mappa_eligible"), "mappa_eligible is true", not_before="sentenced_on", note=_ASAP_AT_SENTENCE),
    Timescale("release_date", "mappa.level_set", _LEVEL_SET, 6, MON_BEFORE, N, C(MAPPA, "23.23", 18429),
              _is("mappa_eligible"), "mappa_eligible is true", not_before="sentenced_on", note=_ASAP_AT_SENTENCE),
    Timescale("release_date", "mappa.mappa_a_custody", _MAPPA_A, 6, MON_BEFORE, N, _MAPPA_A_CITE,
              _both(_is("mappa_eligible"), _is("level_2_or_3_needed")),
              "mappa_eligible and level_2_or_3_needed are true", not_before="sentenced_on", note=_ASAP_AT_SENTENCE),
    Timescale("sentenced_custody", "mappa.mappa_h", _MAPPA_H, 6, MON_BEFORE, N, C(MAPPA, "23.19", 18415),
              _both(_has("release_on"), _mappa_offender), "release_on is set, MAPPA offender", anchor="release_on",
              not_before="at", note=_ASAP_AT_SENTENCE),
    Timescale("sentenced_custody", "mappa.level_set", _LEVEL_SET, 6, MON_BEFORE, N, C(MAPPA, "23.23", 18429),
              _both(_has("release_on"), _mappa_offender), "release_on is set, MAPPA offender", anchor="release_on",
              not_before="at", note=_ASAP_AT_SENTENCE),
    Timescale("sentenced_custody", "mappa.mappa_a_custody", _MAPPA_A, 6, MON_BEFORE, N, _MAPPA_A_CITE,
              _both(_has("release_on"), _mappa_offender, _is("level_2_or_3_needed")),
              "release_on is set, MAPPA offender, level_2_or_3_needed is true", anchor="release_on",
              not_before="at", note=_ASAP_AT_SENTENCE),
    # MAPPA duties added with issue 24 (supervision from sentence to closure)
    Timescale("assessment_completed", "mappa.mappa_h_community",
              "MAPPA H submitted (community sentence: as soon as the relevant assessments are completed)", 0,
              Unit.AT_ONCE, N, C(MAPPA, "23.19", 18415), _both(_is("mappa_eligible"), _not_order("dto")),
              "mappa_eligible is true (not a DTO)"),
    Timescale("mappa_meeting_scheduled", "mappa.invitations", "MAPPA meeting invitations sent by secure email",
              14, DAYS_BEFORE, N, C(MAPPA, "13a.29", 16779), lambda ev: _flag(ev, "emergency") is not True,
              "unless emergency is true", note="at least 14 calendar days before the meeting"),
    Timescale("mappa_meeting_cancelled", "mappa.rescheduled_level2", "Rescheduled MAPPA Level 2 meeting held", 10,
              WD, N, C(MAPPA, "13a.37", 16833), _mappa_level(2), "level is 2",
              note="counted from the cancelled meeting's date (the guidance does not say from when)"),
    Timescale("mappa_meeting_cancelled", "mappa.rescheduled_level3", "Rescheduled MAPPA Level 3 meeting held", 5,
              WD, N, C(MAPPA, "13a.37", 16833), _mappa_level(3), "level is 3",
              note="counted from the cancelled meeting's date (the guidance does not say from when)"),
    Timescale("serious_incident_charge", "mappa.mappa_n", "MAPPA Co-ordinator notified of the serious further "
              "offence charge (MAPPA N)", 5, CAL, N, C(MAPPA, "SFO review timetable", 17859, 17861),
              _is("mappa_eligible"), "mappa_eligible is true", note=_DAYS_UNSTATED),
    Timescale("cppc_referral_agreed", "mappa.cppc_paperwork",
              "Critical Public Protection Case referral paperwork completed", 1, WK, N, C(MAPPA, "12.27", 16657)),
    Local("release_date", "mappa.screening_enfield", "MAPPA form used to screen the case for referral",
          E, _is("mappa_eligible"), "mappa_eligible is true"),
    # --- Enfield High Risk Panel (note D §3.3-3.4) ---
    Local("oocd_panel_held", "hrp.oocd_panel", "Out-of-court disposal case taken to the High Risk Panel",
          E, _is("high_risk"), "high_risk is true"),
    Local("oocd_panel_held", "hrp.oocd_panel_check", "HRP support officer checks the case is scheduled for the High Risk Panel",
          E, _is("high_risk"), "high_risk is true", note=_DAYS_UNSTATED),
    Local("hrp_referral_made", "hrp.schedule", "HRP support officer schedules the case for Panel", E),
    Local("hrp_panel_held", "hrp.plans_updated", "Case manager updates plans after the Panel", E),
    Local("hrp_panel_held", "hrp.review", "High Risk Panel review (no longer than 3 months)", E),
    Local("release_planning_meeting", "hrp.notice_of_supervision", "Notice of Supervision case to the High Risk Panel before the release planning meeting",
          E, _is("high_risk"), "high_risk is true"),
    Local("case_closure_planned", "hrp.exit_strategy", "High Risk Panel agrees an exit strategy before the case closes",
          E),
    # --- Enfield Youth IOM ---
    Local("yiom_panel_held", "yiom.minutes", "Youth IOM panel minutes circulated", E),
    *[Local("yiom_closed", f"yiom.tracking_{m}m", f"Re-offending check {m} month{'s' if m > 1 else ''} after leaving Youth IOM",
            E) for m in (1, 3, 6, 12)],
    # --- Leicester Deter Young Offenders (seed 004) ---
    Local("dyo_identified", "dyo.notify", "DYO status notified to the Offender Management Co-ordinator and team manager",
          L, note="DYO:38 says 'at the earliest opportunity' by email; DYO:187 gives one working day"),
    Local("dyo_notified", "dyo.visit", "DYO visit after consultation with the Team Manager and case manager", L),
    Local("dyo_notified", "dyo.notify_family", "Young person and family notified of their DYO status", L),
    # --- Case responsibility and transfer (note E §1.10) ---
    Timescale("transfer_requested", "transfer.send_documents",
              "Originating YOT sends the information-sharing checklist documents to the receiving YOT",
              1, WD, N, C(PROT, "", 24222)),
    Timescale("transfer_requested", "transfer.decision", "Receiving YOT operational manager decides on the transfer",
              2, WD, N, C(PROT, "", 24238)),
    Timescale("transfer_dispute_raised", "transfer.dispute_manager", "Dispute resolved by YOT or service managers",
              2, WD, N, C(PROT, "Appendix 1", 24730)),
    Timescale("transfer_dispute_raised", "transfer.dispute_board", "Unresolved dispute escalated through management board governance",
              5, WD, N, C(PROT, "Appendix 1", 24733),
              note="read from the initial notification (the stricter reading; the protocol is not clear)"),
    Timescale("out_of_area_court_outcome", "out_of_area.notify_home",
              "Host YOT notifies the Home YOT of the court outcome by secure email", 1, WD, N,
              C(PROT, "", 23893, 23204),
              note="Case Management Guidance (seed 002 L3928) says the same for Saturday and bank holiday courts"),
    Timescale("out_of_area_police_interview", "out_of_area.interview_outcome",
              "Home YOT notified of the outcome of the police interview", 24, HRS, N, C(PROT, "4.6", 21818)),
    Timescale("out_of_area_oocd", "out_of_area.oocd_notify_home", "Host YOT notifies the Home YOT of the out-of-court disposal",
              24, HRS, N, C(PROT, "4.11", 22277)),
    # --- Youth to adult transition (note E §2.2); age-based, from date_of_birth ---
    Timescale("transition_identified", "y2a.transition_plan", "Transition plan in place", 210, AGE, N,
              C(Y2A, "6.4.4", 25333), _in_england, _ENGLAND, effective_from=_Y2A_FROM,
              note="no later than 17 years 6 months"),
    Timescale("transition_identified", "y2a.rsr_cas", "RSR and CAS completed to inform allocation", 210, AGE, N,
              C(Y2A, "7.2.4", 25757), _in_england, _ENGLAND, alt_months_before_transfer=6,
              effective_from=_Y2A_FROM),
    Timescale("transition_identified", "y2a.pre_transfer_meeting", "Initial pre-transfer meeting with the Probation Service",
              210, AGE, N, C(Y2A, "6.4.15", 25559), _in_england, _ENGLAND, alt_months_before_transfer=6,
              effective_from=_Y2A_FROM),
    Timescale("transition_identified", "y2a.update_probation", "Case reviewed and updated information given to Probation",
              213, AGE, N, C(Y2A, "6.4.9", 25468), _in_england, _ENGLAND, effective_from=_Y2A_FROM),
    Timescale("transition_identified", "y2a.multi_agency_meeting", "Multi-agency transition meeting (child present)",
              213, AGE, N, C(Y2A, "6.4.15", 25565), _in_england, _ENGLAND, alt_months_before_transfer=3,
              effective_from=_Y2A_FROM),
    Timescale("transition_identified", "mappa.transition_transfer",
              "MAPPA Level 2/3 case: transfer to adult services considered before the 18th birthday",
              210, AGE, N, C(MAPPA, "23.30", 18453), _mappa_level_2_plus, "mappa_level is 2 or 3",
              note="at least six months before the 18th birthday"),
    Timescale("transferred_to_probation", "y2a.post_transfer_meeting", "Post-transfer review meeting (4 to 6 weeks after transfer)",
              6, WK, N, C(Y2A, "6.4.15", 25595), _in_england, _ENGLAND, effective_from=_Y2A_FROM),
    # Added with the moves screen (issue 12): the rest of the §2.2 timeline and the protocol's three-month clocks.
    Timescale("transition_identified", "y2a.probation_allocation",
              "Probation allocates a named Probation Practitioner (Probation's duty)",
              213, AGE, N, C(Y2A, "7.2.6", 25774, 25776), _in_england, _ENGLAND, alt_months_before_transfer=3,
              effective_from=_Y2A_FROM, due_before=True),  # "before the child reaches 17 years 9 months"
    Timescale("transition_identified", "y2a.national_security",
              "National Security Division eligibility considered",
              210, AGE, N, C(Y2A, "10.7.1", 26604, 26607), _both(_in_england, _is("national_security")),
              "national_security is true (England)", effective_from=_Y2A_FROM),
    Timescale("transition_identified", "y2a.final_transfer_meeting",
              "Final transfer meeting (young adult present)", 0, CAL, N,
              C(Y2A, "6.4.15, 7.2.9", 25586, 25804), _both(_in_england, _has("transfer_date")),
              "transfer_date is set (England)", anchor="transfer_date", effective_from=_Y2A_FROM),
    Timescale("caretaking_agreed", "transfer.caretaking_review",
              "Caretaking arrangement reviewed (usually three months)", 3, MON, N, C(PROT, "3.1", 21747)),
    Timescale("stability_test_started", "transfer.stability_review",
              "Stability test ends: review meeting to hand over responsibility", 3, MON, N,
              C(PROT, "4.63-4.64, 4.99", 24097, 24107, 24705)),
    # --- ISS, the police side (Kent Police SOP N02a, seed 000; note E §5): the kent pack times them ---
    Local("iss_started", "iss.intel_report",
          "ISS intelligence report (5x5x5) with the ISS basis and conditions; Athena markers requested", K),
    *[Local(ev, "iss.police_contact", "ISS police home visit or face-to-face contact (weekly unless reduced with "
            "the Unit Lead's agreement)", K, amount_from="every_weeks")
      for ev in ("iss_started", "iss_police_contact")],
    Local("iss_conditions_changed", "iss.further_intel_report",
          "Further ISS intelligence report: varied bail conditions or court dates", K),
    Local("iss_breach_statement_received", "iss.breach_statement", "Section 9 breach statement dealt with", K),
    # --- Leicester DYO management (seed 004 L94-135): the leicester pack times them ---
    Local("dyo_rag_meeting", "dyo.rag_review", "Next DYO RAG meeting (every six weeks)", L),
    *[Local(ev, "dyo.intel_update", "Seconded police officer's intelligence update to the case manager "
            "(fortnightly, Tier 2)", L, _tier(2), "tier is 2") for ev in ("dyo_rag_meeting", "dyo_intel_update")],
    *[Local(ev, "dyo.npt_share", "YOS information shared with the Police neighbourhood team (weekly, Tier 2)", L,
            _tier(2), "tier is 2") for ev in ("dyo_rag_meeting", "dyo_npt_shared")],
    # --- Child exploitation: re-screening, police information, NRM, Risk Management Panel (note E §3-4) ---
    Local("exploitation_screened", "exploitation.rescreen_due", "Exploitation screening repeated", E,
          _has("rescreen_on"), "rescreen_on is set", anchor="rescreen_on",
          note="the tool sets no interval: the date set at screening"),
    Local("exploitation_information", "exploitation.pass_to_police",
          "Information about victims or perpetrators passed to the Police", E,
          note="the tool gives no timescale: shown as due the day it came to light"),
    Local("nrm_referral_made", "nrm.ictg_referral",
          "Independent Child Trafficking Guardian referral (as soon as the NRM referral is submitted)", E,
          lambda ev: _flag(ev, "ictg_referred") is not True, "ictg_referred is not true"),
    Local("nrm_referral_made", "nrm.reasonable_grounds", "NRM reasonable grounds decision (Enfield NRM panel)", E,
          note=_DAYS_UNSTATED),
    Local("nrm_referral_made", "nrm.whole_process", "NRM process complete (no more than 90 days)", E,
          note=_DAYS_UNSTATED),
    Local("nrm_reasonable_grounds", "nrm.conclusive_grounds", "NRM conclusive grounds decision (Enfield NRM panel)",
          E, note=_DAYS_UNSTATED),
    Local("rmp_panel_held", "rmp.minutes", "Risk Management Panel minutes circulated", E),
    Local("rmp_panel_held", "rmp.review", "Risk Management Panel review", E, _has("next_review"),
          "next_review is set", anchor="next_review"),
    # "Regular assessment should be undertaken using the Screening Tool" (L26916) gives no interval, so the enfield
    # pack leaves this off: a service's own pack switches it on with its interval in [[timescales]].
    Local("exploitation_screened", "exploitation.rescreen_interval",
          "Exploitation screening repeated (the service's interval)", E,
          _has_not("rescreen_on"), "no rescreen_on date set", note="the service's interval",
          source=C(CE_TOOL, "", 26916)),
    # The Panel meets 4 times a year (L26860): with no date set, the review is the next panel.
    Local("rmp_panel_held", "rmp.review_cycle", "Risk Management Panel review (the next panel)", E,
          _has_not("next_review"), "no next_review date set", note="the Panel meets 4 times a year"),
]

# The local rows, whose amounts the packs give (rules/packs.py checks that a pack switching one on gives it).
LOCAL_ROWS: list[Timescale] = [row for row in TIMESCALES if row.amount is None]


def local_default_words(t: _packs.LocalTimescale, title: str = "") -> str:
    """"Kent's local default, to confirm: the source says 'expeditiously' (seed 000 L43)", or "" where the source
    gives the number (a pack's `source_says`)."""
    if not t.source_says:
        return ""
    return (f"{title or t.pack}'s local default, to confirm: the source gives no number, it says "
            f"'{t.source_says}' ({t.citation})")


def _with(row: Timescale, t: _packs.LocalTimescale, title: str = "") -> Timescale:
    return replace(row, amount=t.amount, unit=Unit(t.unit), citation=t.citation,
                   local_default=local_default_words(t, title))


def _from_home_pack(row: Timescale) -> Timescale:
    """A local row as its home pack times it (the table and the `yjtui rules` catalogue show these); a row its
    home pack leaves off (`source`) keeps no amount and shows where the duty is written."""
    if row.amount is not None:
        return row
    home = _packs.shipped_pack(row.pack)
    if row.source is not None and row.rule not in home.rules:
        return replace(row, citation=row.source)
    t = home.timescale(row.rule, row.event)
    if t is None:
        raise LookupError(f"data/packs/{row.pack}.toml has no [[timescales]] for {row.rule} ({row.event})")
    return _with(row, t, home.title)


_CODE_ROWS: list[Timescale] = list(TIMESCALES)
TIMESCALES = [_from_home_pack(row) for row in _CODE_ROWS]


# ---------------------------------------------------------------------------------------------------------------
# Where two sources set different timescales for one duty
# ---------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Conflict:
    """Two rules for the same duty that the sources time differently: both are produced, the earlier is used."""

    first: str
    second: str
    about: str


CONFLICTS: list[Conflict] = [
    Conflict("serious_incident.yjb_notification", "serious_incident.yjb_notification_enfield",
             "YJB serious incident notification: one working day of becoming aware (national scheme) "
             "or 24 hours of the charge (Enfield)"),
    Conflict("hrp.oocd_panel", "hrp.oocd_panel_check",
             "High Risk Panel after an out-of-court disposal panel: 10 working days (Enfield HRP ToR L13552) "
             "or 10 days (the same document, L13582)"),
]


# ---------------------------------------------------------------------------------------------------------------
# Computing a due date
# ---------------------------------------------------------------------------------------------------------------

def _next_hrp(at: date | datetime) -> date:
    # Panels sit weekly on Tuesdays; papers must be in by midday on the Thursday before (L13650).
    # "Next available" panel = the first Tuesday whose Thursday paper deadline has not passed.
    start = as_datetime(at)
    thursday = start.date() + timedelta(days=(3 - start.weekday()) % 7)
    if datetime.combine(thursday, time(12, 0)) < start:
        thursday += timedelta(days=7)
    return thursday + timedelta(days=5)


def _basis(row: Timescale) -> str:
    n, unit = row.amount, row.unit
    if unit is None:
        return "the interval a service's pack sets"
    if unit is SAME:
        return "same working day"
    if unit is Unit.ON_DATE:
        return "on the date set"
    if unit is Unit.AT_ONCE:
        return "as soon as possible (no timescale given)"
    if unit is Unit.NEXT_HRP:
        return "next available panel (Tuesdays; papers by Thursday midday)"
    if row.anchor == "transfer_date":
        return "on the agreed transfer date"
    if unit is AGE:
        years, months = divmod(n, 12)
        text = f"{'before ' if row.due_before else ''}age {years} years {months} months"
        if row.alt_months_before_transfer:
            text += f" (or {row.alt_months_before_transfer} months before transfer)"
        if row.rule == "mappa.transition_transfer":
            text = "6 months before the 18th birthday"
        return text
    singular = {WD: "working day", CAL: "calendar day", WK: "week", MON: "month", HRS: "hour",
                HRS_BEFORE: "hour before", DAYS_BEFORE: "calendar day before", MON_BEFORE: "month before"}
    plural = {WD: "working days", CAL: "calendar days", WK: "weeks", MON: "months", HRS: "hours",
              HRS_BEFORE: "hours before", DAYS_BEFORE: "calendar days before", MON_BEFORE: "months before"}
    return f"{n} {(singular if n == 1 else plural)[unit]}"


def _due(row: Timescale, ev: dict) -> date | datetime | None:
    start = _when(ev, row.anchor) if row.anchor else None
    if start is None:
        start = _when(ev, "at")
    if start is None:
        return None
    n, unit = row.amount, row.unit
    if unit is WD:
        return working_days_after(_day(start), n)
    if unit is SAME:
        return same_working_day(_day(start))
    if unit in (Unit.ON_DATE, Unit.AT_ONCE):
        return _day(start)
    if unit is CAL:
        return calendar_days_after(_day(start), n)
    if unit is WK:
        return calendar_days_after(_day(start), 7 * n)
    if unit is MON:
        return months_after(_day(start), n)
    if unit is HRS:
        if _untimed(row, start):
            return start  # a few hours from an unrecorded time: that day, never an invented 02:00
        return hours_after(start, n)
    if unit is HRS_BEFORE:
        return hours_after(start, -n)
    if unit is DAYS_BEFORE:
        return calendar_days_after(_day(start), -n)
    if unit is MON_BEFORE:
        return months_after(_day(start), -n)
    if unit is Unit.NEXT_HRP:
        return _next_hrp(start)
    if unit is AGE:
        dob = _when(ev, "date_of_birth")
        if dob is None:
            return None  # an age-based deadline without a date of birth would be a guess
        transfer = _when(ev, "transfer_date")
        age_date, alt = age_dates(row, _day(dob), _day(transfer) if transfer is not None else None)
        # The protocol gives both anchors and does not say which wins (note E §2.9): use the earlier.
        return min(d for d in (age_date, alt) if d is not None)
    raise ValueError(f"unknown unit {unit}")


def age_dates(row: Timescale, dob: date, transfer: date | None) -> tuple[date, date | None]:
    """An age step's two dates: by age, and from the agreed transfer date where the protocol gives one ("or N
    months prior to transfer"); a step due *before* the age (L25776) falls the day before each. The board and the
    moves screen's timeline both read these (one computation)."""
    age_date = months_after(dob, row.amount)
    alt = months_after(transfer, -row.alt_months_before_transfer) \
        if row.alt_months_before_transfer and transfer is not None else None
    if row.due_before:
        age_date = calendar_days_after(age_date, -1)
        alt = calendar_days_after(alt, -1) if alt is not None else None
    return age_date, alt


def _untimed(row: Timescale, start: date | datetime) -> bool:
    """A duty of a few hours (under a day: "within two hours of the child being sentenced", seed 002 L6873) counted
    from an event whose time was not recorded: reading it from midnight would invent a due time (02:00)."""
    return row.unit is HRS and row.amount is not None and row.amount < 24 and not isinstance(start, datetime)


def _pack_row(t: _packs.LocalTimescale) -> Timescale:
    return Timescale("", t.rule, "", t.amount, Unit(t.unit), t.pack, t.citation)


def pack_basis(t: _packs.LocalTimescale) -> str:
    """A pack's timescale in words, as the board shows it ("3 months", "1 working day")."""
    return _basis(_pack_row(t))


def pack_due(t: _packs.LocalTimescale, start: date) -> date | None:
    """When a pack's timescale falls due counted from `start`, as the board counts it (a date the screen can offer,
    e.g. the re-screening date at the service's interval)."""
    due = _due(_pack_row(t), {"at": start})
    return _day(due) if due is not None else None


def _event_day(ev: dict) -> date | None:
    at = _when(ev, "at")
    return _day(at) if at is not None else None


def _deadline(row: Timescale, event: dict, index: int | None) -> Deadline | None:
    if event.get("type") != row.event:
        return None
    if row.when is not None and not row.when(event):
        return None
    if row.amount_from:
        given = _number(event, row.amount_from)
        if given is not None and 1 <= given <= 52 and int(given) == given:
            row = replace(row, amount=int(given))
    due = _due(row, event)
    if due is None:
        return None
    basis, citation = _words(row)
    floor = _when(event, row.not_before) if row.not_before else None
    if floor is not None and _day(due) < _day(floor):
        due, basis = _day(floor), f"as soon as possible: less than {basis.removesuffix(' before')} left at sentence"
    start = _when(event, row.anchor) if row.anchor else None
    if _untimed(row, start if start is not None else _when(event, "at")):
        basis = f"within {basis} of the time it happened: no time was recorded, so due that day; record the time"
    return Deadline(row.rule, index, row.title, due, basis, citation, row.local_default)


@lru_cache(maxsize=2048)
def _words(row: Timescale) -> tuple[str, str]:
    """A row's basis and citation as the board shows them: the same for every child (a caseload has thousands)."""
    return _basis(row), str(row.citation)


def _make_apply(rows: list[Timescale]) -> Callable[..., Outcome | None]:
    def apply(event: dict, index: int | None = None) -> Outcome | None:
        found = [d for d in (_deadline(row, event, index) for row in rows) if d is not None]
        return Outcome(deadlines=found) if found else None

    apply.__name__ = rows[0].rule.replace(".", "_")
    apply.__doc__ = "; ".join(f"{_basis(r)} from {r.event}" for r in rows)
    return apply


# One Rule per rule id; a duty that several events start (victims.vcs_notification after a 12-month sentence or a
# Mental Health Act detention) is one rule with several rows.
_ROWS_BY_RULE: dict[str, list[Timescale]] = {}
for _row in TIMESCALES:
    _ROWS_BY_RULE.setdefault(_row.rule, []).append(_row)

DEADLINE_RULES: list[Rule] = [
    Rule(id=rule_id, title=rows[0].title, pack=rows[0].pack, citation=rows[0].citation, apply=_make_apply(rows),
         effective_from=rows[0].effective_from)
    for rule_id, rows in _ROWS_BY_RULE.items()
]
_RULES_BY_ID: dict[str, Rule] = {r.id: r for r in DEADLINE_RULES}

# rule id -> the event types that start it (for the `yjtui rules` catalogue)
RULE_EVENT: dict[str, tuple[str, ...]] = {
    rule_id: tuple(dict.fromkeys(r.event for r in rows)) for rule_id, rows in _ROWS_BY_RULE.items()
}


_TABLES: dict[int, tuple[_packs.Policy, list[Timescale]]] = {}


def _table(policy: _packs.Policy) -> list[Timescale]:
    """The rows that run under a policy, local rows timed by its packs; built once per policy (per keystroke the
    engine only looks it up)."""
    hit = _TABLES.get(id(policy))
    if hit is not None and hit[0] is policy:
        return hit[1]
    rows = []
    for row, code_row in zip(TIMESCALES, _CODE_ROWS):
        if row.pack != N:
            if not policy.switches_on(row.rule):
                continue
            if code_row.amount is None:
                t = policy.timescale(row.rule, row.event)
                if t is None:  # a pack is checked when loaded, so this is only a pack built by hand
                    continue
                row = _with(code_row, t, policy.title_of(t.pack))
        rows.append(row)
    _TABLES[id(policy)] = (policy, rows)
    return rows


def _comparable(due: date | datetime) -> datetime:
    # A date-only deadline is met by the end of that day; compare it with hour-based ones on that footing.
    if isinstance(due, datetime):
        return due
    return datetime.combine(due, time(23, 59, 59))


_BY_EVENT: dict[int, tuple[list[Timescale], dict[str, list[Timescale]]]] = {}


def _rows_by_event(policy: _packs.Policy) -> dict[str, list[Timescale]]:
    """The policy's rows by the event type that starts them, in table order (a caseload asks for every child)."""
    table = _table(policy)
    hit = _BY_EVENT.get(id(policy))
    if hit is not None and hit[0] is table:
        return hit[1]
    grouped: dict[str, list[Timescale]] = {}
    for row in table:
        grouped.setdefault(row.event, []).append(row)
    _BY_EVENT[id(policy)] = (table, grouped)
    return grouped


def _raw_deadlines(events: list[dict], packs: "set[str] | _packs.Policy") -> list[Deadline]:
    by_event = _rows_by_event(_packs.policy_for(packs))
    out: list[Deadline] = []
    for index, event in enumerate(events):
        rows = by_event.get(event.get("type"))
        if not rows:
            continue
        day = _event_day(event)
        for row in rows:
            rule = _RULES_BY_ID[row.rule]
            if day is not None and not rule.in_force(day):
                continue
            deadline = _deadline(row, event, index)
            if deadline is not None:
                out.append(deadline)
    return out


def _conflicting_pairs(deadlines: list[Deadline]) -> list[tuple[Conflict, Deadline, Deadline]]:
    by_key = {(d.event, d.rule): d for d in deadlines}
    pairs = []
    for conflict in CONFLICTS:
        for (event, rule), first in by_key.items():
            if rule != conflict.first:
                continue
            second = by_key.get((event, conflict.second))
            if second is not None:
                pairs.append((conflict, first, second))
    return pairs


def deadlines_for(events: list[dict], packs: "set[str] | _packs.Policy", as_of: date | None = None) -> list[Deadline]:
    """Every deadline the recorded events give rise to under the packs switched on (names or a `Policy`).

    Events are validated dicts {"type", "at", ...extra keys}; a deadline's `event` is the event's index.
    A rule applies when it was in force on the event's date (the serious incident scheme from 1 April 2022, the
    transitions protocol from 26 June 2021). `as_of` does not filter: overdue deadlines are still deadlines, and
    the screen decides how to show them.
    """
    deadlines = _raw_deadlines(events, packs)
    marks: dict[int, str] = {}
    for _, first, second in _conflicting_pairs(deadlines):
        earlier, later = (first, second) if _comparable(first.due) <= _comparable(second.due) else (second, first)
        marks[id(earlier)] = EARLIER_MARK
        marks[id(later)] = LATER_MARK
    if not marks:
        return deadlines
    return [replace(d, title=d.title + marks[id(d)]) if id(d) in marks else d for d in deadlines]


def deadline_conflicts(events: list[dict], packs: "set[str] | _packs.Policy", as_of: date | None = None) -> list[Finding]:
    """A warning for each duty that two sources time differently, naming both and saying which is earlier."""
    findings: list[Finding] = []
    for conflict, first, second in _conflicting_pairs(_raw_deadlines(events, packs)):
        earlier, later = (first, second) if _comparable(first.due) <= _comparable(second.due) else (second, first)
        findings.append(Finding(
            rule=earlier.rule,
            severity=Severity.WARNING,
            message=(f"{conflict.about}. Event {earlier.event}: due {earlier.due.isoformat()} ({earlier.basis}, "
                     f"{earlier.citation}) is earlier than {later.due.isoformat()} ({later.basis}, "
                     f"{later.citation}); use the earlier."),
            citation=f"{earlier.citation}; {later.citation}",
        ))
    return findings
