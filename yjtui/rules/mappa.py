"""MAPPA helpers: which category applies, whether a sentence qualifies for Category 2, children's notification periods.

National: MAPPA Guidance (updated May 2022, seed 002 L14398-20073), which agencies "are required to have regard
to". Enfield's own MAPPA section (seed 002 L323-475) is older: it lists three categories and a narrower Category 2
sentence test; where they differ the engine follows the national guidance and shows the difference.
"""

from __future__ import annotations

from typing import Any

from .core import Answer, Citation
from .facts import Case
from .registry import ACTION, ENFIELD, INFO, NATIONAL, WARNING, Context, finding, out, rule

MAPPA_2022 = "MAPPA Guidance 2022"
PRECEDENCE_CITE = Citation(MAPPA_2022, "6.2", "002", (15585,))

# 6.2: one category at a time; 4 beats 1 and 2, 1 beats 2, 3 only when no other applies. Checked in this order.
CATEGORY_PRECEDENCE: tuple[int, ...] = (4, 1, 2, 3)


def mappa_category(criteria: dict[int, Any]) -> int | None:
    """The single category identified when the criteria for several are met (True/Answer.YES = met).

    None when a higher-precedence category is still unknown, or none is met.
    """
    for cat in CATEGORY_PRECEDENCE:
        a = criteria.get(cat, Answer.UNKNOWN)
        met = a is True or a is Answer.YES
        unknown = a is None or a is Answer.UNKNOWN
        if met:
            return cat
        if unknown:
            return None
    return 0


# 6.8 (L15612-15620): the sentences that qualify for Category 2.
CAT2_BY_LENGTH = {"imprisonment", "detention", "dto", "suspended"}  # 12 months or more (DTO: the whole term)
CAT2_ALWAYS = {"hospital_order", "guardianship_order"}
CAT2_NEVER = {"youth_caution", "community", "conditional_discharge"}
CAT2_CITE = Citation(MAPPA_2022, "6.8", "002", (15612, 15620))


def category2_sentence_qualifies(kind: str | None, months: float | None = None, weeks: float | None = None,
                                 indeterminate: bool | None = False) -> bool | None:
    """Does one sentence for one Schedule 15 offence qualify for Category 2 (12 months or more)?

    "A sentence of 52 weeks is less than 12 months": weeks are compared as weeks (53 weeks or more qualifies),
    never converted to months. The whole term of a DTO counts. None when the facts don't settle it.
    """
    if kind in CAT2_ALWAYS:
        return True
    if kind in CAT2_NEVER:
        return False
    if kind not in CAT2_BY_LENGTH:
        return None
    if indeterminate:
        return True
    if months is not None:
        return months >= 12
    if weeks is not None:
        return weeks >= 53
    return None


# Enfield 6.6 (L352-355): notification periods for under-18s, "reduced by half". Reference only, unverified:
# keyed by the upper bound of the custodial term in months (the custodial element for a DTO, 6.5 L15593).
NOTIFICATION_PERIODS_UNDER_18: tuple[tuple[str, float | None, str], ...] = (
    ("youth_caution", None, "1 year"),
    ("custody", 6, "3.5 years"),      # "sentenced for 6 months or less"
    ("custody", 30, "5 years"),       # "between 6 to 30 months"
    ("custody", float("inf"), "indefinite"),  # "more than 30 months"
)
NOTIFICATION_CITE = Citation("Enfield Risk Management Guidance", "6.6", "002", (352, 355))


def notification_period(kind: str | None, months: float | None) -> str | None:
    """The reference notification period for a child (half the adult period); None when the source is silent."""
    if kind == "youth_caution":
        return "1 year"
    if kind not in ("imprisonment", "detention", "dto") or months is None:
        return None
    custodial = months / 2 if kind == "dto" else months
    for k, upper, period in NOTIFICATION_PERIODS_UNDER_18:
        if k == "custody" and upper is not None and custodial <= upper:
            return period
    return None


@rule("mappa.category", "Offenders will only be identified under one category at any one time", NATIONAL,
      PRECEDENCE_CITE)
def mappa_category_rule(case: Case, ctx: Context):
    if not case.mappa_present:
        return None
    findings = []
    values: dict[str, Any] = {"category": case.mappa_category, "level": case.mappa_level}
    if case.mappa_criteria is not None:
        derived = mappa_category(case.mappa_criteria)
        values["category_by_precedence"] = derived
        if derived is not None and case.mappa_category is not None and derived != case.mappa_category:
            findings.append(finding("mappa.category", WARNING,
                                    f"The criteria met give Category {derived} (4 before 1, 1 before 2, 3 only when no "
                                    f"other applies), but Category {case.mappa_category} is recorded.",
                                    PRECEDENCE_CITE))
    if case.mappa_category == 3 and case.mappa_level == 1:
        findings.append(finding("mappa.category", WARNING,
                                "Category 3 is only registered where Level 2 or 3 management is necessary.",
                                Citation(MAPPA_2022, "6.13", "002", (15646,))))
    if case.mappa_category and case.mappa_category > 0 and case.mappa_level in (1, 2, 3):
        findings.append(finding("mappa.category", INFO,
                                "Record why this is the lowest level of case management that provides a defensible "
                                "risk management plan.", Citation("Enfield Risk Management Guidance", "6.11", "002",
                                                                  (388,))))
    s = case.mappa_sentence
    if s is not None:
        q = category2_sentence_qualifies(s["kind"], s["months"], s["weeks"], s["indeterminate"])
        values["category2_sentence_qualifies"] = q
        if s["weeks"] is not None and s["months"] is None and s["weeks"] == 52:
            findings.append(finding("mappa.category", INFO,
                                    "52 weeks is less than 12 months: it does not qualify for Category 2.", CAT2_CITE))
        if s["schedule_15_offence"] is Answer.YES and q:
            findings.append(finding("mappa.category", INFO,
                                    "A Schedule 15 offence with a qualifying sentence: Category 2 unless Category 1 "
                                    "or 4 applies. Eligibility is per offence and per sentence, before aggregation.",
                                    Citation(MAPPA_2022, "6.8-6.9", "002", (15612, 15622))))
        values["notification_period_reference"] = notification_period(s["kind"], s["months"])
    return out({"mappa": values}, findings)


@rule("mappa.enfield_differences", "Enfield's MAPPA section differs from the MAPPA Guidance 2022", ENFIELD,
      Citation("Enfield Risk Management Guidance", "6.6", "002", (346, 365)))
def mappa_enfield_differences(case: Case, ctx: Context):
    if not case.mappa_present:
        return None
    findings = []
    crit4 = case.mappa_criteria is not None and case.mappa_criteria.get(4) is Answer.YES
    if case.mappa_category == 4 or crit4:
        findings.append(finding("mappa.enfield_differences", WARNING,
                                "Sources differ: Enfield's guidance lists 3 MAPPA categories (6.6, L346); the MAPPA "
                                "Guidance 2022 has 4, including terrorist offenders (L15575-15583). Following the "
                                "national guidance.", Citation("Enfield Risk Management Guidance 6.6; MAPPA Guidance "
                                                               "2022 6.1", "", "002", (346, 15575))))
    s = case.mappa_sentence
    if s is not None and s["kind"] in ("suspended", "hospital_order", "guardianship_order"):
        findings.append(finding("mappa.enfield_differences", WARNING,
                                "Sources differ on Category 2 sentences: Enfield says 12 months or more in custody or "
                                "hospital detention with restrictions (L365); the MAPPA Guidance 2022 also counts "
                                "suspended sentences of 12 months or more and hospital orders with or without "
                                "restrictions (6.8). Following the national guidance.",
                                Citation("Enfield Risk Management Guidance 6.6; MAPPA Guidance 2022 6.8", "", "002",
                                         (365, 15618, 15620))))
    if s is not None and (s["kind"] in ("youth_caution", "imprisonment", "detention", "dto")):
        period = notification_period(s["kind"], s["months"])
        custodial = None if s["months"] is None else (s["months"] / 2 if s["kind"] == "dto" else s["months"])
        edge = " The source is ambiguous at exactly 6 and 30 months." if custodial in (6, 30) else ""
        findings.append(finding("mappa.enfield_differences", WARNING,
                                f"Notification period (reference only): {period or 'not given by the source'}. "
                                "Enfield's list halves the adult periods but is incomplete and unverified; check the "
                                "Sexual Offences Act 2003 s.82 and record the period the police confirm." + edge,
                                NOTIFICATION_CITE))
    return out({}, findings) if findings else None


# --- The YOT's MAPPA duties for a child (issue 24) ----------------------------------------------------------------

YOT_ATTENDS = Citation(MAPPA_2022, "13a.19, 23.26", "002", (16743, 18441))
CAT3_DOMESTIC = Citation(MAPPA_2022, "6.16", "002", (15657, 15659))
CPPC = Citation(MAPPA_2022, "12.27", "002", (16657,))

# What `yjtui rules` prints about the facts this module adds to the headless contract (no new values key).
CONTRACT = (
    ("facts mappa (added keys)", "yot_attended, childrens_services_attended, domestic_abuse_or_stalking, "
     "cppc_considered: yes/no/unknown (findings only)"),
)


@rule("mappa.yot_attends", "Representatives of Youth Offending Teams must attend where the offender is a child",
      NATIONAL, YOT_ATTENDS)
def mappa_yot_attends(case: Case, ctx: Context):
    if not case.mappa_present or case.mappa_level not in (2, 3):
        return None
    duties = case.mappa_duties
    found = []
    if duties.get("yot_attended") is not Answer.YES:
        found.append(finding("mappa.yot_attends", ACTION, f"A child at MAPPA Level {case.mappa_level}: the YOT (the "
                             "case manager, and the operations manager when another agency referred) attends every "
                             "meeting.", YOT_ATTENDS))
    if duties.get("childrens_services_attended") is Answer.NO:
        found.append(finding("mappa.yot_attends", WARNING, "Children's Services should also attend, so the meeting "
                             "safeguards and promotes the child's welfare.", Citation(MAPPA_2022, "13a.19", "002",
                                                                                     (16743,))))
    return out({}, found)


@rule("mappa.category3_domestic_abuse", "All domestic abuse perpetrators not managed under Category 1, 2 or 4 are "
      "considered for Category 3 management", NATIONAL, CAT3_DOMESTIC, prompt=True)
def mappa_category3_domestic_abuse(case: Case, ctx: Context):
    if not case.mappa_present or case.mappa_duties.get("domestic_abuse_or_stalking") is not Answer.YES:
        return None
    if case.mappa_category in (1, 2, 3, 4):
        return None
    return out({}, [finding("mappa.category3_domestic_abuse", ACTION, "Domestic abuse or stalking, not managed under "
                            "Category 1, 2 or 4: consider referral for Category 3 management and record the decision "
                            "and why.", CAT3_DOMESTIC)])


@rule("mappa.cppc", "All level 3 cases should be considered for referral to HMPPS for registration as a Critical "
      "Public Protection Case", NATIONAL, CPPC)
def mappa_cppc(case: Case, ctx: Context):
    if not case.mappa_present or case.mappa_level != 3 or case.mappa_duties.get("cppc_considered") is Answer.YES:
        return None
    return out({}, [finding("mappa.cppc", ACTION, "Level 3: consider referral as a Critical Public Protection Case "
                            "(the minutes record that it was considered); once agreed, the paperwork within a week.",
                            CPPC)])
