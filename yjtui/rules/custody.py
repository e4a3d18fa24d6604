"""Referral orders, custody and resettlement, remand and bail applications: the duties of issue 24 not timed by
events alone (Case Management Guidance, seed 002: early revocation L1598-1608, Scotland and Northern Ireland
L3962, bail applications L4552-4556, 18 on remand L4558-4560, 13 weeks of remand L4578; National Protocol for Case
Responsibility 4.84-4.86, L24542-24568; Standards for children in the youth justice system 2019, custody,
L6940, L6963; Crime and Disorder Act 1998 s.39A, L7573-7590; MAPPA Guidance 2022 15.x, temporary release, L17565).

Facts, added here, all optional:
- `referral_order = {"early_revocation_proposed": bool, "progress_panel_agreed": yes/no/unknown,
  "revocation_refused_on": date, "moving_to": "scotland" | "northern_ireland", "placed_out_of_area": bool,
  "host_convenes_panel": yes/no/unknown}` -> `values.referral_order = {"early_revocation": yes/no/unknown,
  "blocks": [...]}`.
- `custody = {"detained_on": date, "released_on": date, "s39a_detention_notified", "s39a_release_notified":
  yes/no/unknown, "initial_meeting_on": date, "later_dates_set": yes/no/unknown, "risk_in_custody": yes/no/unknown,
  "secure_plan_in_place": yes/no/unknown, "temporary_release_proposed": bool, "remanded": bool,
  "remand_periods": [{"from": date, "to": date}], "adult_estate_move_proposed": bool, "bail_applications": count,
  "new_circumstances": yes/no/unknown}` -> `values.custody = {"remand_days", "leaving_care_eligible",
  "turns_18_on_remand", "bail_applications_as_of_right_left"}`; read with child.date_of_birth and rosh.judgement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .core import Answer, Citation
from .facts import (Case, FactsError, join, need_list, need_object, opt_bool, opt_date, opt_enum, opt_number,
                    opt_tri, parse_date)
from .registry import ACTION, INFO, NATIONAL, WARNING, Context, finding, out, rule
from .workdays import months_after

CMG = "Case Management Guidance"
PROT = "National Protocol for Case Responsibility"
STD = "Standards for children in the youth justice system 2019"


def C(*lines: int, document: str = CMG, paragraph: str = "") -> Citation:
    return Citation(document, paragraph, "002", tuple(lines))


# What `yjtui rules` prints about the facts and values this module adds to the headless contract.
CONTRACT = (
    ("facts referral_order", "{early_revocation_proposed: bool, progress_panel_agreed: yes/no/unknown, "
     "revocation_refused_on: date, moving_to: scotland/northern_ireland, placed_out_of_area: bool, "
     "host_convenes_panel: yes/no/unknown}"),
    ("values.referral_order", "{early_revocation: yes/no/unknown, blocks: [progress_panel_first (L1606), "
     "within_three_months_of_refusal (L1608)]}; null without facts.referral_order"),
    ("facts custody", "{detained_on, released_on: date, s39a_detention_notified, s39a_release_notified, "
     "later_dates_set, risk_in_custody, secure_plan_in_place, new_circumstances: yes/no/unknown, initial_meeting_on: "
     "date, temporary_release_proposed, remanded, adult_estate_move_proposed: bool, remand_periods: [{from, to}], "
     "bail_applications: count}, read with child.date_of_birth and rosh.judgement"),
    ("values.custody", "{remand_days (every remand's days once), leaving_care_eligible (13 weeks, L4578), "
     "turns_18_on_remand, bail_applications_as_of_right_left (two, L4552)}; null without facts.custody"),
)


# --- Referral orders -----------------------------------------------------------------------------------------------

PROGRESS_PANEL = C(1606)
REAPPLY = C(1608)
REAPPLY_MONTHS = 3  # "a further application may not be made for another three months" (L1608)
SCOTLAND_NI = C(3962)
# What the referral order's form says beside its fields (screens/supervision_forms.py renders them).
REFERRAL_NOTES = {
    "progress_panel_agreed": f"The case goes to a progress panel first, which decides whether to apply ({PROGRESS_PANEL}).",
    "revocation_refused_on": f"No further application for three months ({REAPPLY}).",
    "moving_to": f"Leave unchosen when neither: a Referral Order cannot be transferred there ({SCOTLAND_NI}).",
}
OUT_OF_AREA = C(24542, 24551, document=PROT, paragraph="4.84")
DESTINATIONS = ("scotland", "northern_ireland")


@dataclass(frozen=True)
class ReferralOrder:
    early_revocation_proposed: bool | None = None
    progress_panel_agreed: Answer = Answer.UNKNOWN
    revocation_refused_on: date | None = None
    moving_to: str | None = None
    placed_out_of_area: bool | None = None
    host_convenes_panel: Answer = Answer.UNKNOWN


def parse_referral_order(raw: Any, path: str = "referral_order") -> ReferralOrder:
    r = need_object(raw, path)
    return ReferralOrder(
        early_revocation_proposed=opt_bool(r, "early_revocation_proposed", path),
        progress_panel_agreed=opt_tri(r, "progress_panel_agreed", path),
        revocation_refused_on=opt_date(r, "revocation_refused_on", path),
        moving_to=opt_enum(r, "moving_to", DESTINATIONS, path),
        placed_out_of_area=opt_bool(r, "placed_out_of_area", path),
        host_convenes_panel=opt_tri(r, "host_convenes_panel", path),
    )


def early_revocation(r: ReferralOrder, as_of: date) -> dict[str, Any]:
    """Whether the case manager may apply to court for early revocation: a progress panel decides first (L1606);
    not within three months of a refused application (L1608)."""
    blocks = []
    if r.progress_panel_agreed is Answer.NO:
        blocks.append("progress_panel_first")
    if r.revocation_refused_on is not None and as_of < months_after(r.revocation_refused_on, REAPPLY_MONTHS):
        blocks.append("within_three_months_of_refusal")
    if blocks:
        allowed = "no"
    elif r.progress_panel_agreed is Answer.YES:
        allowed = "yes"
    else:
        allowed = "unknown"
    return {"early_revocation": allowed, "blocks": blocks}


@rule("referral_order.early_revocation", "In the case of a Referral Order, the case must first go to a progress "
      "panel, who will take the decision as to whether to make the application", NATIONAL, PROGRESS_PANEL)
def referral_order_early_revocation(case: Case, ctx: Context):
    r: ReferralOrder | None = case.referral_order
    if r is None:
        return None
    value = early_revocation(r, ctx.as_of)
    found = []
    if r.early_revocation_proposed:
        if "progress_panel_first" in value["blocks"] or r.progress_panel_agreed is Answer.UNKNOWN:
            found.append(finding("referral_order.early_revocation", ACTION, "Early revocation of a Referral Order: "
                                 "the case goes to a progress panel first, which decides whether to apply to court.",
                                 PROGRESS_PANEL))
        if "within_three_months_of_refusal" in value["blocks"]:
            again = months_after(r.revocation_refused_on, REAPPLY_MONTHS)
            found.append(finding("referral_order.early_revocation", ACTION, "An application was refused on "
                                 f"{r.revocation_refused_on.strftime('%d/%m/%Y')}: no further application before "
                                 f"{again.strftime('%d/%m/%Y')} (three months).", REAPPLY))
    return out({"referral_order": value}, found)


@rule("referral_order.scotland_ni", "Referral Orders are only available in England and Wales and cannot be "
      "transferred to Scotland or Northern Ireland", NATIONAL, SCOTLAND_NI)
def referral_order_scotland_ni(case: Case, ctx: Context):
    r: ReferralOrder | None = case.referral_order
    if r is None or r.moving_to is None:
        return None
    return out(findings=[finding("referral_order.scotland_ni", ACTION, "Moving to "
                                 f"{'Scotland' if r.moving_to == 'scotland' else 'Northern Ireland'}: a Referral Order "
                                 "cannot be transferred. Take it back to court to be revoked, with the child present; "
                                 "progress on the order argues for simple revocation.", SCOTLAND_NI)])


@rule("referral_order.out_of_area", "A child placed out of area who receives a Referral Order: the Host YOT convenes "
      "the panel and writes the panel report", NATIONAL, OUT_OF_AREA)
def referral_order_out_of_area(case: Case, ctx: Context):
    r: ReferralOrder | None = case.referral_order
    if r is None or not r.placed_out_of_area or r.host_convenes_panel is Answer.YES:
        return None
    looked_after = " (looked after: the Home YOT contributes with reference to the care plan)" \
        if case.looked_after is Answer.YES else ""
    return out(findings=[finding("referral_order.out_of_area", ACTION, "Placed out of area: the Host YOT convenes the "
                                 "Referral Order Panel, writes the panel report and later assessments; the Home YOT "
                                 f"contributes{looked_after}. This must not delay the order starting.", OUT_OF_AREA)])


# --- Custody and resettlement --------------------------------------------------------------------------------------

S39A = Citation("Crime and Disorder Act 1998 s.39A (Standards 2019, legislation)", "", "002", (7573, 7590))
LATER_DATES = C(6940, document=STD, paragraph="Standard 5")
SECURE_PLAN = C(6963, document=STD, paragraph="Standard 5")
TEMPORARY_RELEASE = C(17565, document="MAPPA Guidance 2022", paragraph="15 (PSO 6300)")
UNDER_18_ESTATE = C(4558, 4560)
LEAVING_CARE = C(4578)
LEAVING_CARE_DAYS = 13 * 7  # "13 weeks or longer (on single or cumulative occasions)" (L4578)
BAIL_APPLICATIONS = C(4552, 4554, 4556)
AS_OF_RIGHT = 2  # "Two bail applications can be made which the court is bound to consider" (L4552)


@dataclass(frozen=True)
class RemandPeriod:
    start: date
    end: date | None = None


@dataclass(frozen=True)
class Custody:
    detained_on: date | None = None
    released_on: date | None = None
    s39a_detention_notified: Answer = Answer.UNKNOWN
    s39a_release_notified: Answer = Answer.UNKNOWN
    initial_meeting_on: date | None = None
    later_dates_set: Answer = Answer.UNKNOWN
    risk_in_custody: Answer = Answer.UNKNOWN
    secure_plan_in_place: Answer = Answer.UNKNOWN
    temporary_release_proposed: bool | None = None
    remanded: bool | None = None
    remand_periods: tuple[RemandPeriod, ...] = ()
    adult_estate_move_proposed: bool | None = None
    bail_applications: int | None = None
    new_circumstances: Answer = Answer.UNKNOWN


def parse_custody(raw: Any, path: str = "custody") -> Custody:
    c = need_object(raw, path)
    periods = []
    if c.get("remand_periods") is not None:
        pp = join(path, "remand_periods")
        for i, item in enumerate(need_list(c["remand_periods"], pp)):
            ip = join(pp, i)
            item = need_object(item, ip)
            if item.get("from") is None:
                raise FactsError(join(ip, "from"), "missing (every remand has a start)")
            start = parse_date(item["from"], join(ip, "from"))
            end = opt_date(item, "to", ip)
            if end is not None and end < start:
                raise FactsError(join(ip, "to"), "is before from")
            periods.append(RemandPeriod(start, end))
    applications = opt_number(c, "bail_applications", path, 0, 1000, whole=True)
    return Custody(
        detained_on=opt_date(c, "detained_on", path), released_on=opt_date(c, "released_on", path),
        s39a_detention_notified=opt_tri(c, "s39a_detention_notified", path),
        s39a_release_notified=opt_tri(c, "s39a_release_notified", path),
        initial_meeting_on=opt_date(c, "initial_meeting_on", path),
        later_dates_set=opt_tri(c, "later_dates_set", path),
        risk_in_custody=opt_tri(c, "risk_in_custody", path),
        secure_plan_in_place=opt_tri(c, "secure_plan_in_place", path),
        temporary_release_proposed=opt_bool(c, "temporary_release_proposed", path),
        remanded=opt_bool(c, "remanded", path), remand_periods=tuple(periods),
        adult_estate_move_proposed=opt_bool(c, "adult_estate_move_proposed", path),
        bail_applications=None if applications is None else int(applications),
        new_circumstances=opt_tri(c, "new_circumstances", path),
    )


def remand_days(c: Custody, as_of: date) -> int:
    """Days on remand across every remand (an open one counted to `as_of`; each day once, overlaps not doubled)."""
    days: set[int] = set()
    for p in c.remand_periods:
        end = p.end or as_of
        if end >= p.start:
            days.update(range(p.start.toordinal(), end.toordinal() + 1))
    return len(days)


def turns_18_on_remand(c: Custody, dob: date | None, as_of: date) -> bool | None:
    if dob is None or not c.remanded:
        return None
    return months_after(dob, 216) <= as_of


def custody_value(c: Custody, dob: date | None, as_of: date) -> dict[str, Any]:
    days = remand_days(c, as_of) if c.remand_periods else None
    left = None if c.bail_applications is None else max(0, AS_OF_RIGHT - c.bail_applications)
    return {"remand_days": days, "leaving_care_eligible": None if days is None else days >= LEAVING_CARE_DAYS,
            "turns_18_on_remand": turns_18_on_remand(c, dob, as_of), "bail_applications_as_of_right_left": left}


@rule("custody.s39a", "The YOT must notify the home local authority and the host local authority of the place where "
      "the child is detained, and on release the authority where they are expected to live", NATIONAL, S39A)
def s39a(case: Case, ctx: Context):
    c: Custody | None = case.custody
    if c is None:
        return None
    found = []
    if c.detained_on is not None and c.s39a_detention_notified is not Answer.YES:
        found.append(finding("custody.s39a", ACTION, "Detained: notify the home and host local authorities of where "
                             "the child is detained (and again if moved).", S39A))
    if c.released_on is not None and c.s39a_release_notified is not Answer.YES:
        found.append(finding("custody.s39a", ACTION, "Released: notify the home, host and any other local authority "
                             "where the child is expected to live.", S39A))
    return out({"custody": custody_value(c, case.date_of_birth, ctx.as_of)}, found)


@rule("custody.sentence_planning", "All subsequent sentence planning dates should be agreed at the initial meeting",
      NATIONAL, LATER_DATES)
def sentence_planning(case: Case, ctx: Context):
    c: Custody | None = case.custody
    if c is None or c.initial_meeting_on is None or c.later_dates_set is Answer.YES:
        return None
    return out(findings=[finding("custody.sentence_planning", ACTION, "Initial sentence planning meeting held: agree "
                                 "all the later sentence planning dates at it.", LATER_DATES)])


@rule("custody.secure_plan", "A plan will be in place for a child identified as a risk of harm to themselves or from "
      "others, or of causing serious harm to others, within the secure establishment", NATIONAL, SECURE_PLAN)
def secure_plan(case: Case, ctx: Context):
    c: Custody | None = case.custody
    if c is None or c.risk_in_custody is not Answer.YES or c.secure_plan_in_place is Answer.YES:
        return None
    return out(findings=[finding("custody.secure_plan", ACTION, "Risk to self, from others or of serious harm to "
                                 "others in the secure establishment: a plan is in place for it.", SECURE_PLAN)])


@rule("custody.temporary_release", "Any offender considered to present a high risk to public safety must not be "
      "granted temporary release", NATIONAL, TEMPORARY_RELEASE)
def temporary_release(case: Case, ctx: Context):
    c: Custody | None = case.custody
    if c is None or not c.temporary_release_proposed:
        return None
    if case.rosh_judgement in ("high", "very_high"):
        return out(findings=[finding("custody.temporary_release", WARNING, "Temporary release proposed for a child "
                                     f"assessed {case.rosh_judgement.replace('_', ' ')} RoSH: a high risk to public "
                                     "safety must not be granted temporary release (PSO 6300); consult the MAPPA "
                                     "Co-ordinator at Level 2 or 3.", TEMPORARY_RELEASE)])
    if case.rosh_judgement is None:
        return out(findings=[finding("custody.temporary_release", INFO, "Temporary release proposed: no RoSH "
                                     "judgement recorded; a high risk to public safety must not be granted it.",
                                     TEMPORARY_RELEASE)])
    return None


@rule("custody.under_18_estate", "Children who turn 18 while on remand should remain in the under-18 estate until "
      "their court case has concluded", NATIONAL, UNDER_18_ESTATE)
def under_18_estate(case: Case, ctx: Context):
    c: Custody | None = case.custody
    if c is None or not turns_18_on_remand(c, case.date_of_birth, ctx.as_of):
        return None
    severity = WARNING if c.adult_estate_move_proposed else INFO
    return out(findings=[finding("custody.under_18_estate", severity, "18 and still on remand: where possible the "
                                 "young person stays in the under-18 estate until sentenced; never moved to the adult "
                                 "estate straight from a court hearing; any move is planned in the transition plan.",
                                 UNDER_18_ESTATE)])


@rule("custody.leaving_care", "If the remand lasts for 13 weeks or longer (on single or cumulative occasions), the "
      "child becomes eligible for leaving care services", NATIONAL, LEAVING_CARE)
def leaving_care(case: Case, ctx: Context):
    c: Custody | None = case.custody
    if c is None or not c.remand_periods:
        return None
    days = remand_days(c, ctx.as_of)
    if days < LEAVING_CARE_DAYS:
        return out(findings=[finding("custody.leaving_care", INFO, f"{days} days on remand across "
                                     f"{len(c.remand_periods)} remand(s): leaving care eligibility at 13 weeks "
                                     f"({LEAVING_CARE_DAYS} days), counted across remands.", LEAVING_CARE)])
    return out(findings=[finding("custody.leaving_care", ACTION, f"{days} days on remand across remands: 13 weeks or "
                                 "more, so the child is eligible for leaving care services (a pathway plan with their "
                                 "social worker).", LEAVING_CARE)])


@rule("custody.bail_applications", "Two bail applications can be made which the court is bound to consider; after "
      "these, only if circumstances have changed or there is new information", NATIONAL, BAIL_APPLICATIONS,
      prompt=True)
def bail_applications(case: Case, ctx: Context):
    c: Custody | None = case.custody
    if c is None or c.bail_applications is None:
        return None
    if c.bail_applications < AS_OF_RIGHT:
        left = AS_OF_RIGHT - c.bail_applications
        return out(findings=[finding("custody.bail_applications", INFO, f"{left} bail application(s) left that the "
                                     "court is bound to consider (the first appearance counts as the first, used or "
                                     "not); every planning meeting considers a remand review.", BAIL_APPLICATIONS)])
    if c.new_circumstances is Answer.YES:
        return out(findings=[finding("custody.bail_applications", INFO, "Two applications made: a further one rests "
                                     "on the changed circumstances or new information recorded; re-examine the bail "
                                     "package (with or without ISS) with the child's solicitor.", BAIL_APPLICATIONS)])
    return out(findings=[finding("custody.bail_applications", WARNING, "Two bail applications made: a further one "
                                 "only if the child's or the case's circumstances have changed or there is new "
                                 "information (record it), or in the Crown Court on a certificate of full argument.",
                                 BAIL_APPLICATIONS)])
