"""Youth to adult: the Joint National Protocol for Transitions in England (seed 002 L24858-26818).

A child whose order runs past their 18th birthday is identified at sentence (6.4.2); the protocol then runs an
age-anchored timeline (17 years 6 months, 17 years 9 months), each step "or N months before the agreed transfer
date". The protocol does not say which anchor wins when they differ (note E §2.9): both dates are shown and the
earlier is due, which is what the deadline table (`deadlines.TIMESCALES`, event `transition_identified`) puts on
the board; this module shows the two dates side by side from the same rows.

Also here: the transition plan's minimum content (6.4.4), the gates before transfer (6.4.11-6.4.12), the decision
to transfer or retain (6.4.7), breach court by age (section 9), what the protocol says about particular orders
(section 8), the Wales switch, and the gaps in the seed text the screen must say out loud. Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from . import deadlines as dl
from .child import birthday
from .core import Answer, Citation
from .facts import Case
from .registry import INFO, NATIONAL, WARNING, Context, finding, out, rule
from .workdays import calendar_days_after

Y2A = "Joint National Protocol for Transitions in England"


def C(paragraph: str, *lines: int) -> Citation:
    return Citation(Y2A, paragraph, "002", tuple(lines))


# What `yjtui rules` prints about the facts and values this module adds to the headless contract.
CONTRACT = (
    ("facts transition", "{order_ends_on: date, agreed_transfer_date: date, nation: england/wales, "
     "national_security: yes/no/unknown}, read with child.date_of_birth and mappa.level"),
    ("values.transition", "{turns_18_on, eligible: yes/no/unknown (the order runs to or past the 18th birthday, "
     "L25322), nation, english_timeline: false in Wales (L24963), timeline: [{rule, title, age_date, "
     "transfer_date_based, due (the earlier), basis, citation, overdue (added: due before as_of, as the board "
     "says)}]}; null without facts.transition"),
)

IDENTIFY = C("6.4.2", 25322)
ENGLAND_ONLY = C("2.1", 24963)
WALES = Citation("Case Management Guidance", "", "002", (5692,))
MAPPA_WALES = Citation("MAPPA Guidance 2022", "23.30", "002", (18453,))
POST_TRANSFER = C("6.4.15, 7.2.10", 25598, 25815)
DECISION = C("6.4.7", 25428, 25434)

WALES_MESSAGE = ("Welsh service: the Joint National Protocol is for England, so its timeline is not used here. The "
                 "Wales Youth to Adult Transition Principles and Guidance apply (not in yjtui's sources: use your "
                 "local Welsh arrangements). MAPPA Level 2/3: transfer considered at least six months before the "
                 "18th birthday still applies (MAPPA Guidance 23.30 names both).")

ENGLAND_MESSAGE = ("England: the Joint National Protocol for Transitions applies. Identify at sentence a child whose "
                   "order runs past 18, and note it in the sentence plan.")


def eighteenth_birthday(dob: date) -> date:
    return birthday(dob, 18)  # one function for every rule (29 February: 1 March in a common year)


def eligible(dob: date | None, order_ends_on: date | None) -> str:
    """"yes" when the order (or licence) runs to or past the 18th birthday (6.4.2), "no" before it, else unknown."""
    if dob is None or order_ends_on is None:
        return "unknown"
    return "yes" if order_ends_on >= eighteenth_birthday(dob) else "no"


@dataclass(frozen=True)
class Step:
    """One row of the timeline: the age date, the date from the agreed transfer date (if the protocol gives one
    and a date is agreed), and the one that is due (the earlier)."""

    rule: str
    title: str
    age_date: date | None
    transfer_date_based: date | None
    due: date | None
    basis: str
    citation: str
    overdue: bool | None = None  # due before the evaluation date (as the board says OVERDUE); None: no date

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "title": self.title,
                "age_date": self.age_date.isoformat() if self.age_date else None,
                "transfer_date_based": self.transfer_date_based.isoformat() if self.transfer_date_based else None,
                "due": self.due.isoformat() if self.due else None, "basis": self.basis, "citation": self.citation,
                "overdue": self.overdue}


def _rows() -> list[dl.Timescale]:
    return [r for r in dl.TIMESCALES if r.event == "transition_identified"]


def timeline(dob: date | None, agreed_transfer: date | None, *, nation: str = "england", mappa_level: int | None = None,
             national_security: bool = False, as_of: date | None = None) -> list[Step]:
    """The steps that apply, in due order. Wales: only the MAPPA row (MAPPA Guidance applies in both nations).
    With `as_of`, each step says whether it is overdue (due before that day), as the board does."""
    if dob is None:
        return []
    event: dict[str, Any] = {"type": "transition_identified", "at": dob, "date_of_birth": dob,
                             "nation": nation, "national_security": national_security}
    if agreed_transfer is not None:
        event["transfer_date"] = agreed_transfer
    if mappa_level is not None:
        event["mappa_level"] = mappa_level
    steps: list[Step] = []
    for row in _rows():
        if row.when is not None and not row.when(event):
            continue
        if row.anchor == "transfer_date":
            steps.append(Step(row.rule, row.title, None, agreed_transfer, agreed_transfer, dl._basis(row),
                              str(row.citation)))
            continue
        age_date, alt = dl.age_dates(row, dob, agreed_transfer)  # the board's own dates
        due = min(d for d in (age_date, alt) if d is not None)
        steps.append(Step(row.rule, row.title, age_date, alt, due, dl._basis(row), str(row.citation)))
    if agreed_transfer is not None and nation != "wales":
        # 4 to 6 weeks after the formal transfer: planned from the agreed date; on the board once the transfer is
        # recorded (event `transferred_to_probation`).
        opens = calendar_days_after(agreed_transfer, 28)
        steps.append(Step("y2a.post_transfer_meeting", "Post-transfer review meeting (young adult present)", None,
                          None, calendar_days_after(agreed_transfer, 42),
                          f"4 to 6 weeks after the transfer (from {opens.strftime('%d/%m/%Y')})", str(POST_TRANSFER)))
    if as_of is not None:
        steps = [replace(s, overdue=s.due < as_of) if s.due is not None else s for s in steps]
    steps.sort(key=lambda s: (s.due or date.max, s.rule))
    return steps


@rule("y2a.timeline", "Ensure the child has a transition plan as soon as the need is identified and no later than "
      "when they reach 17 years and 6 months", NATIONAL, C("6.4.2, 6.4.4, 6.4.15", 25322, 25333, 25562, 25565),
      effective_from=date(2021, 6, 26))  # "implemented from 26th June 2021" (L25146)
def transition_timeline(case: Case, ctx: Context):
    t = case.transition
    if t is None:
        return None
    dob = case.date_of_birth
    is_eligible = eligible(dob, t.order_ends_on)
    english = t.nation != "wales"
    steps = timeline(dob, t.agreed_transfer_date, nation=t.nation, mappa_level=case.mappa_level,
                     national_security=t.national_security is Answer.YES, as_of=ctx.as_of)
    findings = []
    if not english:
        findings.append(finding("y2a.wales", WARNING, WALES_MESSAGE, WALES))
    if is_eligible == "yes" and english:
        findings.append(finding("y2a.identify", INFO, "The order runs past the 18th birthday: eligible for transfer "
                                "to the Probation Service; note it in the sentence plan.", IDENTIFY))
    if english and t.agreed_transfer_date is not None and any(
            s.transfer_date_based and s.age_date and s.transfer_date_based != s.age_date for s in steps):
        findings.append(finding("y2a.which_date", INFO,
                                "The age date and the date from the agreed transfer date differ; the protocol does "
                                "not say which applies, so the earlier is shown as due. Agree it with Probation.",
                                C("6.4.15", 25562, 25565)))
    value = {
        "turns_18_on": eighteenth_birthday(dob).isoformat() if dob else None,
        "eligible": is_eligible,
        "nation": t.nation,
        "english_timeline": english,
        "timeline": [s.to_json() for s in steps],
    }
    return out({"transition": value}, findings)


# --- The transition plan: minimum content (6.4.4, L25333-25383) ------------------------------------------------

@dataclass(frozen=True)
class PlanSection:
    id: str
    text: str
    line: int


PLAN_SECTIONS: tuple[PlanSection, ...] = (
    PlanSection("adult_system", "Provide advice and information to inform the child and their family about the "
                "adult justice system.", 25344),
    PlanSection("views", "Seek the views of the child and incorporate them into their plan.", 25350),
    PlanSection("concerns", "Listen to concerns the child may have and alleviate their anxiety.", 25356),
    PlanSection("relationship", "Describe how the relationship with the allocated NPS Probation Practitioner will be "
                "developed.", 25362),
    PlanSection("services_gaps", "Recognise which services in the YOT will/will not be available in the NPS and seek "
                "to address any gaps.", 25368),
    PlanSection("health", "Ensure health needs (emotional, mental and physical) are planned for and managed.", 25374),
    PlanSection("learning", "Ensure learning and communication needs are planned for and managed.", 25380),
)
PLAN_CITATION = C("6.4.4", 25333, 25334)
PLAN_NOTE = ("The national template was 'in development' when the protocol was written; a local template is needed "
             "meanwhile (L25334). These seven areas are the minimum.")


def plan_missing(plan: dict[str, Any]) -> list[PlanSection]:
    return [s for s in PLAN_SECTIONS if not str(plan.get(s.id) or "").strip()]


# --- Before transfer (6.4.11-6.4.12) and the decision (6.4.7) --------------------------------------------------

@dataclass(frozen=True)
class Check:
    id: str
    question: str
    citation: Citation


BEFORE_TRANSFER: tuple[Check, ...] = (
    Check("assetplus_stage", "AssetPlus 'Transfer to Probation' stage completed (triggers the 'Youth to Adult "
          "Services' module)", C("6.4.11", 25508)),
    Check("oasys_layer_one", "'Layer one' OASys completed by the YOT Probation Officer", C("6.4.12", 25526)),
)

DECISIONS = (("t", "transfer", "transfer to the Probation Service"), ("r", "retain", "retain in the YOT"),
             ("u", "", "not yet decided"))


def record_checks(data: dict[str, Any], nation: str) -> list:
    """Checks on the transition record: the decision's rationale and the child's views (6.4.7), the plan's
    minimum content (6.4.4), and the two gates before a transfer date (6.4.11-6.4.12)."""
    found = []
    if nation == "wales":
        return found
    decision = data.get("decision")
    if decision and not (str(data.get("rationale") or "").strip() and str(data.get("child_views") or "").strip()
                         and str(data.get("decided_by") or "").strip()):
        found.append(finding("y2a.decision", WARNING,
                             "Record the decision to transfer or retain with its rationale, the child's views and "
                             "who decided (it is also recorded on NDelius).", DECISION))
    missing = plan_missing(data.get("plan") if isinstance(data.get("plan"), dict) else {})
    if missing:
        found.append(finding("y2a.plan", INFO, f"Transition plan: {len(missing)} of the seven minimum areas still "
                             "to write.", PLAN_CITATION))
    if decision == "transfer" or data.get("agreed_transfer_date"):
        for check in BEFORE_TRANSFER:
            if data.get(check.id) != "yes":
                found.append(finding(f"y2a.{check.id}", WARNING, f"Before the transfer: {check.question}.",
                                     check.citation))
    return found


# --- Breach court by age (section 9, L26119-26237) -------------------------------------------------------------

@dataclass(frozen=True)
class BreachCourt:
    order: str
    under_18: str
    adult: str
    citation: Citation
    note: str = ""


BREACH_COURTS: dict[str, BreachCourt] = {
    "referral_order": BreachCourt("Referral Order", "Youth Court", "Magistrates' Court", C("9.2.1", 26131)),
    "yro": BreachCourt("Youth Rehabilitation Order", "Youth Court", "Magistrates' Court", C("9.3.1", 26152),
                       "Made by the Crown Court: breach goes back there, unless it directed further proceedings to the "
                       "Youth or Magistrates' Court (para. 5 Sch. 2 CJIA 2008)."),
    "dto": BreachCourt("Detention and Training Order (supervision)", "Youth Court", "Youth Court (only)",
                       C("9.4.1", 26191), "Appeal to the Crown Court."),
    "s250": BreachCourt("Section 250, under 12 months (supervision requirement)", "Youth Court", "Magistrates' Court",
                        C("9.5.1", 26216), "Licence recall is a separate process."),
}
BREACH_GENERAL = C("9.1", 26119)
BREACH_STATUTE_NOTE = ("The protocol cites the Powers of Criminal Courts (Sentencing) Act 2000 (now the Sentencing Code "
                       "2020, which it also names at 8.7): check the current statutory reference before relying on "
                       "it in court.")


def breach_court(order: str, age: int | None, crown_court_kept: bool = False) -> str | None:
    """The court a breach goes to for this order at this age; None if the order or the age is not known."""
    entry = BREACH_COURTS.get(order)
    if entry is None or age is None:
        return None
    if order == "yro" and crown_court_kept:
        return "Crown Court"
    return entry.adult if age >= 18 else entry.under_18


# --- What the protocol says about particular orders (section 8) ------------------------------------------------

ORDER_NOTES: dict[str, tuple[str, Citation]] = {
    "referral_order": ("The YOT keeps its statutory duty to implement a Referral Order: Probation may deliver "
                       "supervision on the YOT's behalf, but the order is not recorded as transferred out.",
                       C("8.4.1", 25888, 25954)),
    "iss": ("ISS left to run: transfer is negotiated locally; Probation cannot refuse an eligible, suitable young "
            "adult because of ISS requirements.", C("8.6.1", 26028)),
    "dto": ("DTO, s.250 and extended supervision can all transfer; the protocol recommends the YOT keeps "
            "supervision while the child is in the children's secure estate (local negotiation).",
            C("8.7.1, 8.7.3", 26073, 26097)),
}


# --- Gaps and inconsistencies in the sources (note E §0.4, §2.9), said on screen --------------------------------

GAPS: tuple[tuple[str, Citation], ...] = (
    ("Annex A (the process map) and Annex B are referred to but are not in the seed text: the timeline here comes "
     "from the body of the protocol only.", C("footnotes", 25444, 25579, 25803)),
    ("The 'age eligibility threshold' is never given as a number; yjtui reads eligibility as 'the order runs to or "
     "past the 18th birthday' (6.4.2).", C("3.3, 8.1", 25024, 25846)),
    ("Which date applies when the age date and the 'N months before the agreed transfer date' differ is not said: "
     "the earlier is shown as due.", C("6.4.15", 25562, 25565)),
    ("10.10.1 refers to 'the three multi-agency professionals' meetings' in 6.4.14; they are in 6.4.15 and there "
     "are four (pre-transfer, multi-agency, final, post-transfer).", C("10.10.1", 26735, 26738)),
)
