"""Court reports: which report the court gets, and what must be true before it goes (Case Management Guidance, court
reports, seed 002 L2364-2400, L2784-2798, L3474; parenting, L4988-4992, L5038; Standards for children in the youth
justice system 2019, L6644-6653; MAPPA Guidance 2022 13b.9, 13b.33, L16939, L17034).

- A pre-sentence report (PSR) "is always required when a custodial sentence is under consideration and for community
  sentences which require YJS supervision" (L2398); "a verbal stand down report must not be used if there is any
  prospect of a custodial sentence", and where community supervision is likely the service asks for a five-day
  adjournment for a PSR (L2384).
- An existing PSR may be used only if "produced in the last three months and been signed off through a quality
  assurance process", with no significant change since the last AssetPlus (L2372).
- A custody proposal always comes with a community alternative; a decision to offer none is approved by a senior
  manager (L2786-2788).
- For a child under 16 the court must consider a Parenting Order: the PSR says why one is or is not needed (L4992,
  L5038).
- Every report rests on an up-to-date approved assessment (L6651) and is signed off before it goes (L3474), within
  the court's timeframe (L6647); a child who will be 18 by the DTO's halfway point is flagged for extended
  supervision (L2798); a MAPPA meeting is never quoted as a source (L17034) and minutes never go in a court bundle
  (L16939).

Facts (`court_reports`, a list, added here): [{"type": REPORT_TYPES key, "requested_on": date, "due_on": date,
"author": str, "custody_considered": yes/no/unknown, "community_supervision_considered": yes/no/unknown,
"existing_psr_on": date, "existing_psr_signed_off": yes/no/unknown, "significant_change": yes/no/unknown,
"proposal": PROPOSALS, "community_alternative": bool, "no_alternative_approved_by": str,
"parenting_order_addressed": yes/no/unknown, "assessment_up_to_date": yes/no/unknown, "signed_off_by": str,
"submitted_on": date, "proposed_dto_months": number, "extended_supervision_addressed": yes/no/unknown,
"cites_mappa_minutes": bool}], read with child.date_of_birth.
Values: `values.court_reports = [{"type", "may_go": yes/no/unknown, "blocks": [...]}]`, one per report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .child import age_on
from .core import Answer, Block, Citation
from .facts import (Case, FactsError, enum_value, join, need_list, need_object, opt_bool, opt_date, opt_enum,
                    opt_number, opt_str, opt_tri)
from .registry import ACTION, INFO, NATIONAL, WARNING, Context, finding, out, rule
from .workdays import months_after

CMG = "Case Management Guidance"
STD = "Standards for children in the youth justice system 2019"
MAPPA = "MAPPA Guidance 2022"


def C(*lines: int, document: str = CMG, paragraph: str = "") -> Citation:
    return Citation(document, paragraph, "002", tuple(lines))


REPORT_TYPES: dict[str, str] = {
    "psr": "Pre-sentence report",
    "existing_psr": "An existing pre-sentence report (with a verbal update)",
    "stand_down": "Stand-down report (verbal)",
    "progress": "Progress report",
    "breach": "Breach report",
    "bail": "Bail report",
    "referral_panel": "Referral Order panel report",
}
PROPOSALS = ("custody", "community", "other")

PSR_REQUIRED = C(2398, 2384)
STAND_DOWN = C(2384)
EXISTING_PSR = C(2372)
EXISTING_PSR_MONTHS = 3  # "produced in the last three months" (L2372)
COMMUNITY_ALTERNATIVE = C(2786, 2788)
PARENTING = C(4992, 5038)
PARENTING_AGE = 16  # "In all cases involving children under 16" (L4992)
ASSESSMENT = C(6651, document=STD, paragraph="Standard 3")
SIGN_OFF = C(3474)
TIMEFRAME = C(6647, document=STD, paragraph="Standard 3")
EXTENDED = C(2798)
ADULT_AGE = 18
MAPPA_MINUTES = C(16939, 17034, document=MAPPA, paragraph="13b.9, 13b.33")


BLOCKS: tuple[Block, ...] = (
    Block("stand_down_custody_possible", "A verbal stand-down report must not be used if there is any prospect of a "
          "custodial sentence: a pre-sentence report is required.", STAND_DOWN,
          "A verbal stand down report must not be used if there is any prospect of a custodial sentence"),
    Block("psr_needed", "Community supervision is likely: ask the court for a five-day adjournment to prepare a "
          "pre-sentence report.", PSR_REQUIRED, "A PSR is always required when a custodial sentence is under "
          "consideration and for community sentences which require YJS supervision"),
    Block("existing_psr_too_old", "The existing PSR is more than three months old: a new report is needed.",
          EXISTING_PSR, "An existing PSR may be used if it has been produced in the last three months"),
    Block("existing_psr_not_signed_off", "The existing PSR was not signed off through quality assurance.",
          EXISTING_PSR, "An existing PSR may be used if it has been signed off through a quality assurance process"),
    Block("existing_psr_changed", "The child's circumstances have changed significantly since the last AssetPlus: "
          "the existing PSR cannot be used.", EXISTING_PSR, "Only where there has not been any significant change in "
          "the child's circumstances"),
    Block("no_community_alternative", "A custody proposal without a community alternative: present one (even if the "
          "child refuses to work with the YJS), or record the senior manager who approved offering none.",
          COMMUNITY_ALTERNATIVE, "The court should be presented with a community alternative; a decision not to offer "
          "a community sentence should be approved by a senior manager"),
    Block("parenting_order_not_addressed", "The child is under 16: the report addresses a Parenting Order (and if "
          "not needed, explains why not).", PARENTING, "In all cases involving children under 16, the court is "
          "legally required to consider imposing a Parenting Order"),
    Block("assessment_not_up_to_date", "The report is not based on an up-to-date approved assessment.", ASSESSMENT,
          "Base all reports on an up-to-date and relevant YJB approved assessment"),
    Block("cites_mappa_minutes", "The report quotes a MAPPA meeting or its minutes: attribute the information to "
          "the agency that gave it, with its agreement; minutes never go in a court bundle.", MAPPA_MINUTES,
          "Reports must not quote a MAPPA meeting as a source of information"),
    Block("not_signed_off", "Not signed off: every report is reviewed and signed off by a manager before it goes to "
          "the court or a panel.", SIGN_OFF, "Quality assurance processes which review all reports before they are "
          "presented to the court, including management oversight and sign-off"),
)
BLOCK_BY_NAME = {b.name: b for b in BLOCKS}

CONTRACT = (
    ("facts court_reports", "[{type: " + "/".join(REPORT_TYPES) + ", requested_on, due_on: date, author, "
     "custody_considered, community_supervision_considered: yes/no/unknown, existing_psr_on: date, "
     "existing_psr_signed_off, significant_change: yes/no/unknown, proposal: " + "/".join(PROPOSALS) + ", "
     "community_alternative: bool, no_alternative_approved_by, parenting_order_addressed, assessment_up_to_date: "
     "yes/no/unknown, signed_off_by, submitted_on: date, proposed_dto_months, extended_supervision_addressed, "
     "cites_mappa_minutes: bool}], read with child.date_of_birth"),
    ("values.court_reports", "[{type, may_go: yes/no/unknown, blocks: [" + ", ".join(b.name for b in BLOCKS)
     + "]}] one per report; null without facts.court_reports"),
)


@dataclass(frozen=True)
class Report:
    type: str
    requested_on: date | None = None
    due_on: date | None = None
    author: str = ""
    custody_considered: Answer = Answer.UNKNOWN
    community_supervision_considered: Answer = Answer.UNKNOWN
    existing_psr_on: date | None = None
    existing_psr_signed_off: Answer = Answer.UNKNOWN
    significant_change: Answer = Answer.UNKNOWN
    proposal: str | None = None
    community_alternative: bool | None = None
    no_alternative_approved_by: str = ""
    parenting_order_addressed: Answer = Answer.UNKNOWN
    assessment_up_to_date: Answer = Answer.UNKNOWN
    signed_off_by: str = ""
    submitted_on: date | None = None
    proposed_dto_months: float | None = None
    extended_supervision_addressed: Answer = Answer.UNKNOWN
    cites_mappa_minutes: bool | None = None


def _text(o: dict, key: str, path: str) -> str:
    return (opt_str(o, key, path) or "").strip()


def parse_report(raw: Any, path: str) -> Report:
    r = need_object(raw, path)
    if r.get("type") is None:
        raise FactsError(join(path, "type"), "missing (every report has a type)")
    return Report(
        type=enum_value(r["type"], tuple(REPORT_TYPES), join(path, "type")),
        requested_on=opt_date(r, "requested_on", path), due_on=opt_date(r, "due_on", path),
        author=_text(r, "author", path),
        custody_considered=opt_tri(r, "custody_considered", path),
        community_supervision_considered=opt_tri(r, "community_supervision_considered", path),
        existing_psr_on=opt_date(r, "existing_psr_on", path),
        existing_psr_signed_off=opt_tri(r, "existing_psr_signed_off", path),
        significant_change=opt_tri(r, "significant_change", path),
        proposal=opt_enum(r, "proposal", PROPOSALS, path),
        community_alternative=opt_bool(r, "community_alternative", path),
        no_alternative_approved_by=_text(r, "no_alternative_approved_by", path),
        parenting_order_addressed=opt_tri(r, "parenting_order_addressed", path),
        assessment_up_to_date=opt_tri(r, "assessment_up_to_date", path),
        signed_off_by=_text(r, "signed_off_by", path),
        submitted_on=opt_date(r, "submitted_on", path),
        proposed_dto_months=opt_number(r, "proposed_dto_months", path, 0, 24),
        extended_supervision_addressed=opt_tri(r, "extended_supervision_addressed", path),
        cites_mappa_minutes=opt_bool(r, "cites_mappa_minutes", path),
    )


def parse_court_reports(raw: Any, path: str = "court_reports") -> tuple[Report, ...]:
    return tuple(parse_report(item, join(path, i)) for i, item in enumerate(need_list(raw, path)))


# --- The gates -----------------------------------------------------------------------------------------------------

def _when(r: Report, as_of: date) -> date:
    return r.requested_on or as_of


def gate_states(r: Report, dob: date | None, as_of: date) -> dict[str, Answer]:
    """Each block: YES (it holds), NO (it does not), UNKNOWN (not yet answered). A block that does not apply to this
    type of report is NO."""
    no, yes, unknown = Answer.NO, Answer.YES, Answer.UNKNOWN
    s = dict.fromkeys((b.name for b in BLOCKS), no)
    if r.type == "stand_down":
        s["stand_down_custody_possible"] = r.custody_considered  # "any prospect": unknown until answered
        s["psr_needed"] = r.community_supervision_considered
    if r.type == "existing_psr":
        when = _when(r, as_of)
        s["existing_psr_too_old"] = unknown if r.existing_psr_on is None else \
            (yes if months_after(r.existing_psr_on, EXISTING_PSR_MONTHS) < when else no)
        s["existing_psr_not_signed_off"] = {yes: no, no: yes, unknown: unknown}[r.existing_psr_signed_off]
        s["existing_psr_changed"] = r.significant_change
    if r.proposal == "custody":
        s["no_community_alternative"] = no if r.community_alternative or r.no_alternative_approved_by else \
            (yes if r.community_alternative is False else unknown)
    if r.type in ("psr", "existing_psr"):
        age = age_on(dob, _when(r, as_of)) if dob else None
        if age is None:
            s["parenting_order_not_addressed"] = unknown if r.parenting_order_addressed is not yes else no
        elif age < PARENTING_AGE:
            s["parenting_order_not_addressed"] = {yes: no, no: yes, unknown: unknown}[r.parenting_order_addressed]
    if r.type not in ("stand_down",):
        s["assessment_not_up_to_date"] = {yes: no, no: yes, unknown: unknown}[r.assessment_up_to_date]
        s["not_signed_off"] = no if r.signed_off_by else yes
    s["cites_mappa_minutes"] = yes if r.cites_mappa_minutes else no
    return s


def report_value(r: Report, dob: date | None, as_of: date) -> dict[str, Any]:
    states = gate_states(r, dob, as_of)
    blocks = [b.name for b in BLOCKS if states[b.name] is Answer.YES]
    if blocks:
        may = "no"
    elif all(states[b.name] is Answer.NO for b in BLOCKS):
        may = "yes"
    else:
        may = "unknown"
    return {"type": r.type, "may_go": may, "blocks": blocks}


_QUESTIONS = {
    "stand_down_custody_possible": "is there any prospect of a custodial sentence?",
    "psr_needed": "is community supervision likely to be under consideration?",
    "existing_psr_too_old": "when was the existing PSR produced?",
    "existing_psr_not_signed_off": "was the existing PSR signed off through quality assurance?",
    "existing_psr_changed": "any significant change since the last AssetPlus?",
    "no_community_alternative": "does the custody proposal give a community alternative?",
    "parenting_order_not_addressed": "is a Parenting Order addressed (child under 16; date of birth needed)?",
    "assessment_not_up_to_date": "is the report based on an up-to-date approved assessment?",
}


def _label(r: Report, i: int) -> str:
    return f"Report {i + 1} ({REPORT_TYPES[r.type]})"


def _gate_rule(blk: Block):
    def apply(case: Case, ctx: Context):
        if not case.court_reports:
            return None
        found = [finding(f"court_report.{blk.name}", ACTION, f"{_label(r, i)}: {blk.blocked}", blk.citation)
                 for i, r in enumerate(case.court_reports)
                 if gate_states(r, case.date_of_birth, ctx.as_of)[blk.name] is Answer.YES]
        return out(findings=found)

    apply.__name__ = f"court_report_{blk.name}"
    return apply


for _blk in BLOCKS:
    rule(f"court_report.{_blk.name}", _blk.title, NATIONAL, _blk.citation)(_gate_rule(_blk))

ALL_GATES = C(2372, 2384, 2398, 2788, 3474, 4992, 6651)


@rule("court_report.gates", "A report goes to court only when nothing blocks it (values.court_reports)", NATIONAL,
      ALL_GATES)
def report_gates(case: Case, ctx: Context):
    if case.court_reports is None:
        return None
    values, found = [], []
    for i, r in enumerate(case.court_reports):
        v = report_value(r, case.date_of_birth, ctx.as_of)
        values.append(v)
        if v["may_go"] == "unknown":
            open_ = [_QUESTIONS[n] for n, s in gate_states(r, case.date_of_birth, ctx.as_of).items()
                     if s is Answer.UNKNOWN and n in _QUESTIONS]
            found.append(finding("court_report.gates", INFO, f"{_label(r, i)}: still to answer: " + " | ".join(open_),
                                 ALL_GATES))
    return out({"court_reports": values}, found)


@rule("court_report.timeframe", "Provide a court duty service including producing reports requested by the court "
      "within the stipulated timeframe", NATIONAL, TIMEFRAME)
def timeframe(case: Case, ctx: Context):
    found = []
    for i, r in enumerate(case.court_reports or ()):
        if r.due_on is None:
            continue
        if r.submitted_on is None and ctx.as_of > r.due_on:
            found.append(finding("court_report.timeframe", WARNING, f"{_label(r, i)} was due on "
                                 f"{r.due_on.strftime('%d/%m/%Y')} and is not recorded as submitted.", TIMEFRAME))
        elif r.submitted_on is not None and r.submitted_on > r.due_on:
            found.append(finding("court_report.timeframe", WARNING, f"{_label(r, i)} went on "
                                 f"{r.submitted_on.strftime('%d/%m/%Y')}, after the court's date "
                                 f"({r.due_on.strftime('%d/%m/%Y')}).", TIMEFRAME))
    return out(findings=found)


@rule("court_report.extended_supervision", "Identify children who need extended supervision as early as possible: "
      "children who become 18 years of age at the half-way point of a Detention and Training Order", NATIONAL,
      EXTENDED)
def extended_supervision(case: Case, ctx: Context):
    found = []
    for i, r in enumerate(case.court_reports or ()):
        if r.proposed_dto_months is None or case.date_of_birth is None or r.type not in ("psr", "existing_psr"):
            continue
        sentence = r.due_on or _when(r, ctx.as_of)
        halfway = months_after(sentence, int(r.proposed_dto_months // 2))
        age = age_on(case.date_of_birth, halfway)
        if age is not None and age >= ADULT_AGE and r.extended_supervision_addressed is not Answer.YES:
            found.append(finding("court_report.extended_supervision", ACTION,
                                 f"{_label(r, i)}: the child will be 18 by the halfway point of a "
                                 f"{r.proposed_dto_months:g}-month DTO (about {halfway.strftime('%d/%m/%Y')}): assess "
                                 "extended supervision in the report and say which agency will supervise.", EXTENDED))
    return out(findings=found)


@rule("court_report.proposal", "The PSR should propose the length and type of custodial sentence; the YJS should "
      "always state their willingness to work with the child", NATIONAL, COMMUNITY_ALTERNATIVE, prompt=True)
def custody_proposal(case: Case, ctx: Context):
    found = []
    for i, r in enumerate(case.court_reports or ()):
        if r.proposal == "custody" and r.community_alternative is False and r.no_alternative_approved_by:
            found.append(finding("court_report.proposal", INFO, f"{_label(r, i)}: no community alternative, approved "
                                 f"by {r.no_alternative_approved_by}: record the options explored and why the child "
                                 "cannot be managed in the community.", COMMUNITY_ALTERNATIVE))
    return out(findings=found)

