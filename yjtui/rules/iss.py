"""Intensive Supervision and Surveillance (ISS): the police side, as Kent Police's procedure sets it out
(SOP N02a, reviewed December 2023, seed 000; note E §5).

The YJS manages ISS (L13); the police gather and share intelligence, ask for the markers, make a weekly home visit
or face-to-face contact with its record, report changes and deal with breach statements. Whether a child who
refuses to co-operate stays on ISS is for the court: the SOP's "This should exclude the young person from ISS"
(L30) is shown as the SOP's words, and the app records the refusal and prompts the pre-sentence report.

Facts (`iss`, added here, all optional): basis (`ISS_BASES`), intel_report_submitted, markers_requested,
unit_lead_meeting_held, engagement_explained, declined, declined_reported_in_psr, contact_every_weeks,
reduction_agreed_with_unit_lead, breach_statements_pending (a count). The deadlines (intelligence report,
weekly contact, further reports, breach statements) run from events in `rules/deadlines.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .core import Citation
from .facts import Case, FactsError, join, need_object, opt_bool, opt_number, opt_str, show
from .registry import ACTION, INFO, NATIONAL, WARNING, Context, finding, out, rule

SOP = "Kent Police ISS procedure N02a"
KENT = "kent"  # a local procedure: these rules run when the kent pack (data/packs/kent.toml) is on


def C(paragraph: str, *lines: int) -> Citation:
    return Citation(SOP, paragraph, "000", lines)


ISS_BASES: dict[str, tuple[str, Citation]] = {
    "bail": ("A condition of court bail (at risk of remand into custody)", C("2.1", 10)),
    "yro": ("A requirement of a Youth Rehabilitation Order", C("2.1", 11)),
    "notice_of_supervision": ("A condition of a Notice of Supervision on release from custody (high risk)",
                              C("2.1", 12)),
}

# The police tasks of the SOP, as the screen's checklist: fact key -> (task, citation).
POLICE_TASKS: dict[str, tuple[str, Citation]] = {
    "intel_report_submitted": ("5x5x5 (eFive) intelligence report: the ISS basis (bail, YRO or DTO) and the list of "
                               "conditions", C("3.1.1", 23)),
    "markers_requested": ("Conditions, the ISS warning marker and the YOT's Interested Party marker requested on "
                          "Athena", C("3.1.1", 23)),
    "unit_lead_meeting_held": ("Met the YJS Unit Lead to agree police involvement (surveillance, information "
                               "sharing, joint appointments or home visits)", C("3.2.2", 29)),
    "engagement_explained": ("Explained to the child that they will be actively engaged in their supervision and "
                             "surveillance", C("3.2.2", 30)),
}

# What each weekly contact records (L33): the contact log's fields, in the SOP's words.
CONTACT_FIELDS: dict[str, str] = {
    "behaviour": "Behaviour",
    "whereabouts": "Whereabouts",
    "associates": "Acquaintances seen with",
    "interventions": "Interventions",
    "positive_feedback": "Positive feedback given",
}
CONTACT_KINDS = {"home_visit": "Home visit", "face_to_face": "Face-to-face contact"}
CONTACT_CITE = C("3.2.2", 32, 33)

# What `yjtui rules` prints about the facts this module adds to the headless contract (no values key: findings, and
# deadlines from the iss_* events, under the kent pack).
CONTRACT = (
    ("facts iss", "{basis: " + "/".join(ISS_BASES) + ", " + ", ".join(POLICE_TASKS) + ", declined, "
     "declined_reported_in_psr, reduction_agreed_with_unit_lead: true/false, contact_every_weeks: 1-52, "
     "breach_statements_pending: a count}: findings only (no values key)"),
)
DRESS = C("3.2.2", 34)
DECLINED = C("3.2.2", 30)
OFFENDER_LIST = C("3.3.1", 36)


@dataclass(frozen=True)
class Iss:
    basis: str | None = None
    intel_report_submitted: bool | None = None
    markers_requested: bool | None = None
    unit_lead_meeting_held: bool | None = None
    engagement_explained: bool | None = None
    declined: bool | None = None
    declined_reported_in_psr: bool | None = None
    contact_every_weeks: int | None = None
    reduction_agreed_with_unit_lead: bool | None = None
    breach_statements_pending: int | None = None


def parse_iss(raw: Any, path: str = "iss") -> Iss:
    o = need_object(raw, path)
    basis = opt_str(o, "basis", path)
    if basis is not None and basis not in ISS_BASES:
        raise FactsError(join(path, "basis"), f"{show(basis)} is not one of {', '.join(ISS_BASES)}")
    every = opt_number(o, "contact_every_weeks", path, 1, 52, whole=True)
    pending = opt_number(o, "breach_statements_pending", path, 0, 1000, whole=True)
    return Iss(
        basis=basis,
        intel_report_submitted=opt_bool(o, "intel_report_submitted", path),
        markers_requested=opt_bool(o, "markers_requested", path),
        unit_lead_meeting_held=opt_bool(o, "unit_lead_meeting_held", path),
        engagement_explained=opt_bool(o, "engagement_explained", path),
        declined=opt_bool(o, "declined", path),
        declined_reported_in_psr=opt_bool(o, "declined_reported_in_psr", path),
        contact_every_weeks=None if every is None else int(every),
        reduction_agreed_with_unit_lead=opt_bool(o, "reduction_agreed_with_unit_lead", path),
        breach_statements_pending=None if pending is None else int(pending),
    )


@rule("iss.local_procedure", "The police tasks of ISS and their timing are set by a local procedure (Kent Police "
      "SOP N02a)", NATIONAL, C("1.1, 2.2", 8, 13))
def local_procedure(case: Case, ctx: Context):
    if case.iss is None or ctx.switched_on("iss.police_contact"):
        return None
    return out(findings=[finding("iss.local_procedure", INFO, "The police tasks of ISS and their timing come from a "
                                 "local procedure (Kent Police's SOP): switch on your service's pack in Settings "
                                 "(kent, or your own) to time them.", C("1.1, 2.2", 8, 13))])


@rule("iss.basis", "Intensive Supervision and Surveillance (ISS) is available as a condition of Court bail, a "
      "requirement attached to a YRO, or a condition of a Notice of Supervision", KENT, C("2.1", 9, 10, 11, 12))
def basis(case: Case, ctx: Context):
    i: Iss | None = case.iss
    if i is None or i.basis is not None:
        return None
    return out(findings=[finding("iss.basis", INFO, "Record the ISS basis (bail, YRO or Notice of Supervision): the "
                                 "intelligence report states it.", C("2.1", 9, 23))])


@rule("iss.police_tasks", "Once they have been placed on ISS, submit a 5x5x5 (eFive) intelligence report",
      KENT, C("3.1.1", 23))
def police_tasks(case: Case, ctx: Context):
    i: Iss | None = case.iss
    if i is None:
        return None
    findings = [finding("iss.police_tasks", ACTION, f"Not yet recorded: {task}.", cite)
                for key, (task, cite) in POLICE_TASKS.items() if getattr(i, key) is not True]
    return out(findings=findings)


@rule("iss.declined", "If the young person declines to co-operate and work with the CCPT they are to ensure that "
      "this is reported, via the pre-sentence report, to the Magistrate", KENT, DECLINED, prompt=True)
def declined(case: Case, ctx: Context):
    i: Iss | None = case.iss
    if i is None or i.declined is not True:
        return None
    severity = INFO if i.declined_reported_in_psr else ACTION
    head = ("The refusal is recorded as reported through the pre-sentence report." if i.declined_reported_in_psr
            else "The child declines to co-operate: make sure this is reported to the court through the pre-sentence "
                 "report.")
    return out(findings=[finding("iss.declined", severity, head + " The SOP adds 'This should exclude the young "
                                 "person from ISS': whether ISS continues is the court's decision.", DECLINED)])


@rule("iss.contact_frequency", "Conduct weekly home visits or face-to-face contacts with the young person and their "
      "parent/carers", KENT, CONTACT_CITE, prompt=True)
def contact_frequency(case: Case, ctx: Context):
    i: Iss | None = case.iss
    if i is None:
        return None
    weekly = 1  # "weekly home visits or face-to-face contacts" (L32)
    every = i.contact_every_weeks or weekly
    if every <= weekly:
        return None
    if i.reduction_agreed_with_unit_lead:
        return out(findings=[finding("iss.contact_frequency", INFO, f"Police contact reduced to every {every} weeks, "
                                     "agreed with the Unit Lead.", CONTACT_CITE)])
    return out(findings=[finding("iss.contact_frequency", WARNING, f"Police contact every {every} weeks: the officer "
                                 "may reduce the weekly contact only after consultation and agreement with the Unit "
                                 "Lead; record who agreed.", CONTACT_CITE)])


@rule("iss.breach_statements", "Ensure that where Section 9 statements of breaches are handed to the police and "
      "Youth Justice Team that these are dealt with expeditiously", KENT, C("3.3.4", 43))
def breach_statements(case: Case, ctx: Context):
    i: Iss | None = case.iss
    if i is None or not i.breach_statements_pending:
        return None
    n = i.breach_statements_pending
    plural = "s" if n > 1 else ""
    return out(findings=[finding("iss.breach_statements", ACTION, f"{n} Section 9 breach statement{plural}"
                                 " waiting: deal with them expeditiously.", C("3.3.4", 43)),
                         finding("iss.breach_statements", INFO, "Arrest is not the default for a breach: only where "
                                 "it is absolutely necessary.", Citation("ACPO/YJB YOT Police Officer review", "5.7",
                                                                         "001", (310,)))])


# The ISS duties the SOP words without a number (L23 "once they have been placed on ISS", L24 "as necessary", L43
# "expeditiously"): a pack that times them gives its amount as a local default (`source_says`), said here.
TIMED_WITHOUT_A_NUMBER = {
    "iss.intel_report": ("the intelligence report after the child is placed on ISS", "iss_started"),
    "iss.further_intel_report": ("a further intelligence report after conditions or court dates change",
                                 "iss_conditions_changed"),
    "iss.breach_statement": ("a Section 9 breach statement", "iss_breach_statement_received"),
}


@rule("iss.local_defaults", "The SOP gives no number for the intelligence reports or the breach statements: a "
      "pack's timescale for them is a local default to confirm", KENT, C("3.1.1, 3.3.4", 23, 24, 43), prompt=True)
def local_defaults(case: Case, ctx: Context):
    if case.iss is None:
        return None
    findings = []
    for rule_id, (what, event) in TIMED_WITHOUT_A_NUMBER.items():
        t = ctx.timescale(rule_id, event)
        if t is None or not t.source_says:
            continue
        from .deadlines import local_default_words, pack_basis  # the board's words for the same timescale

        findings.append(finding("iss.local_defaults", INFO, f"The board times {what} at {pack_basis(t)}: "
                                f"{local_default_words(t, ctx.policy.title_of(t.pack))}. Confirm it with your "
                                "service.", t.citation))
    return out(findings=findings)

