"""Victims: the decision to invite each victim to restorative justice, their written consent, and the victim's name
kept off the child's record and out of what the child sees (Case Management Guidance, working with victims, seed
002 L1498-1556; National Protocol for Case Responsibility 4.93, L24630-24634).

"In every case a decision must be taken to invite the victim to take part in a restorative activity", taking into
account their wishes, feelings and concerns, the sensitivities of the case and whether the child is able and
willing (L1498-1506); "informed written consent must be obtained for every victim who agrees to take part"
(L1508). A victim's name goes on the child's record only where there is "a real and potentially significant impact"
(L1536-1538), with the reason; otherwise the details are held in a separate system, and the record may say only
whether the victim is a child or an adult, known or unknown to the child, their sex and ethnicity (L1538-1546).
Sharing with the police, MAPPA or probation needs a defensible, recorded rationale (L1550). "Plans should be shared
with the child and their family": no victim's name in anything provided to them (L1554); the app's exports of the
plan leave recorded victim names out (casework/export).

Facts (`victims`, a list, added here): [{"ref": str (never the name), "details_withheld": bool,
"rj_decision": "invite" | "not_invite", "rj_reason": str, "agreed": yes/no/unknown, "written_consent":
yes/no/unknown, "name_recorded": bool, "significant_impact": yes/no/unknown, "name_rationale": str,
"shared_with": str, "share_rationale": str, "host_involved": bool, "home_host_agreed_in_writing": yes/no/unknown}]
Values: `values.victims = {"victims", "rj_decisions_open", "consent_missing", "names_recorded"}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .core import Answer, Citation
from .facts import Case, join, need_list, need_object, opt_bool, opt_enum, opt_str, opt_tri
from .registry import ACTION, INFO, NATIONAL, WARNING, Context, finding, out, rule

CMG = "Case Management Guidance"


def C(*lines: int, document: str = CMG, paragraph: str = "") -> Citation:
    return Citation(document, paragraph, "002", tuple(lines))


RJ_DECISIONS = ("invite", "not_invite")
RJ_DECISION = C(1498, 1500, 1506)
CONSENT = C(1508)
NAME = C(1536, 1538, 1548)
SHARING = C(1550)
CHILD_COPY = C(1554)
HOME_HOST = C(24630, 24634, document="National Protocol for Case Responsibility", paragraph="4.93")
# What the victim's form says beside its fields, and when a typed name is not kept (screens/supervision*.py).
VICTIM_NOTES = {
    "rj_decision": "Their wishes, feelings and concerns, the sensitivities and whether the child is able and willing "
                   f"({RJ_DECISION}).",
    "written_consent": f"Informed written consent before they take part ({CONSENT}).",
    "significant_impact": f"Otherwise the details are held in a separate system ({NAME}).",
}
NAME_NOT_KEPT = ("The name is not kept: it goes on the child's record only with a real and potentially significant "
                 f"impact and the reason; hold it in a separate system ({NAME}).")
# What may be kept on the child's record without the name (L1540-1546)
WITHOUT_NAME = ("whether the victim is a child or an adult", "known or unknown to the child", "their sex",
                "their ethnicity")

CONTRACT = (
    ("facts victims", "[{ref (never the name), details_withheld: bool, rj_decision: invite/not_invite, rj_reason, "
     "agreed, written_consent: yes/no/unknown, name_recorded: bool, significant_impact: yes/no/unknown, "
     "name_rationale, shared_with, share_rationale, host_involved: bool, home_host_agreed_in_writing}]"),
    ("values.victims", "{victims, rj_decisions_open, consent_missing, names_recorded: counts}; null without "
     "facts.victims"),
)


@dataclass(frozen=True)
class Victim:
    ref: str = ""
    details_withheld: bool = False
    rj_decision: str | None = None
    rj_reason: str = ""
    agreed: Answer = Answer.UNKNOWN
    written_consent: Answer = Answer.UNKNOWN
    name_recorded: bool = False
    significant_impact: Answer = Answer.UNKNOWN
    name_rationale: str = ""
    shared_with: str = ""
    share_rationale: str = ""
    host_involved: bool = False
    home_host_agreed_in_writing: Answer = Answer.UNKNOWN


def _text(o: dict, key: str, path: str) -> str:
    return (opt_str(o, key, path) or "").strip()


def parse_victim(raw: Any, path: str) -> Victim:
    v = need_object(raw, path)
    return Victim(
        ref=_text(v, "ref", path), details_withheld=opt_bool(v, "details_withheld", path) is True,
        rj_decision=opt_enum(v, "rj_decision", RJ_DECISIONS, path), rj_reason=_text(v, "rj_reason", path),
        agreed=opt_tri(v, "agreed", path), written_consent=opt_tri(v, "written_consent", path),
        name_recorded=opt_bool(v, "name_recorded", path) is True,
        significant_impact=opt_tri(v, "significant_impact", path), name_rationale=_text(v, "name_rationale", path),
        shared_with=_text(v, "shared_with", path), share_rationale=_text(v, "share_rationale", path),
        host_involved=opt_bool(v, "host_involved", path) is True,
        home_host_agreed_in_writing=opt_tri(v, "home_host_agreed_in_writing", path),
    )


def parse_victims(raw: Any, path: str = "victims") -> tuple[Victim, ...]:
    return tuple(parse_victim(item, join(path, i)) for i, item in enumerate(need_list(raw, path)))


def _who(v: Victim, i: int) -> str:
    return f"Victim {v.ref or i + 1}"


def decision_open(v: Victim) -> bool:
    return not v.details_withheld and v.rj_decision is None


def consent_missing(v: Victim) -> bool:
    """'Informed written consent must be obtained for every victim who agrees to take part' (L1508)."""
    return v.agreed is Answer.YES and v.written_consent is not Answer.YES


def name_unjustified(v: Victim) -> bool:
    """A name on the child's record without a real and potentially significant impact, or without the reason."""
    return v.name_recorded and (v.significant_impact is not Answer.YES or not v.name_rationale)


@rule("victims.rj_decision", "In every case a decision must be taken to invite the victim to take part in a "
      "restorative activity", NATIONAL, RJ_DECISION, prompt=True)
def rj_decision(case: Case, ctx: Context):
    if case.victims is None:
        return None
    vs = case.victims
    found = []
    for i, v in enumerate(vs):
        if decision_open(v):
            found.append(finding("victims.rj_decision", ACTION, f"{_who(v, i)}: decide whether to invite them to "
                                 "restorative justice, taking into account their wishes, feelings and concerns, any "
                                 "sensitivities (their vulnerability) and whether the child is able and willing.",
                                 RJ_DECISION))
        elif v.rj_decision is not None and not v.rj_reason:
            found.append(finding("victims.rj_decision", WARNING, f"{_who(v, i)}: record the reason for the decision "
                                 "(your judgement, against their wishes and the sensitivities of the case).",
                                 RJ_DECISION))
        elif v.details_withheld:
            found.append(finding("victims.rj_decision", INFO, f"{_who(v, i)} asked for their details not to be "
                                 "passed to the YJS.", RJ_DECISION))
    value = {"victims": len(vs), "rj_decisions_open": sum(decision_open(v) for v in vs),
             "consent_missing": sum(consent_missing(v) for v in vs), "names_recorded": sum(v.name_recorded for v in vs)}
    return out({"victims": value}, found)


@rule("victims.written_consent", "Informed written consent must be obtained for every victim who agrees to take part "
      "in restorative justice or direct reparation", NATIONAL, CONSENT)
def written_consent(case: Case, ctx: Context):
    found = [finding("victims.written_consent", ACTION, f"{_who(v, i)} agreed to take part: obtain their informed "
                     "written consent before the restorative activity.", CONSENT)
             for i, v in enumerate(case.victims or ()) if consent_missing(v)]
    return out(findings=found)


@rule("victims.name_on_record", "If there is no or limited risk of harm, there is no justification for recording the "
      "victim's name on the child's case file", NATIONAL, NAME, prompt=True)
def name_on_record(case: Case, ctx: Context):
    found = []
    for i, v in enumerate(case.victims or ()):
        if not name_unjustified(v):
            continue
        if v.significant_impact is Answer.NO:
            found.append(finding("victims.name_on_record", WARNING, f"{_who(v, i)}: no significant impact, so no "
                                 "justification for the name on the child's record: hold the details in a separate "
                                 "system; the record may keep " + ", ".join(WITHOUT_NAME) + ".", NAME))
        else:
            found.append(finding("victims.name_on_record", WARNING, f"{_who(v, i)}: the name is on the child's record: "
                                 "record the real and potentially significant impact that needs it (your judgement).",
                                 NAME))
    if any(v.name_recorded for v in case.victims or ()):
        found.append(finding("victims.name_on_record", INFO, "Plans are shared with the child and family: a victim's "
                             "name never goes in anything given to them (yjtui's plan exports leave it out).",
                             CHILD_COPY))
    return out(findings=found)


@rule("victims.sharing", "The rationale for sharing the victim's details must be defensible, clearly evidenced and "
      "recorded", NATIONAL, SHARING, prompt=True)
def sharing(case: Case, ctx: Context):
    found = [finding("victims.sharing", WARNING, f"{_who(v, i)}: details shared with {v.shared_with}: record the "
                     "public protection rationale.", SHARING)
             for i, v in enumerate(case.victims or ()) if v.shared_with and not v.share_rationale]
    return out(findings=found)


@rule("victims.home_host", "There should be discussions between the Home and Host YOT about who is best placed to "
      "contact the victim; decisions clearly communicated in writing", NATIONAL, HOME_HOST)
def home_host(case: Case, ctx: Context):
    found = [finding("victims.home_host", ACTION, f"{_who(v, i)}: agree with the other YOT who contacts the victim "
                     "and does the victim work, and confirm it in writing.", HOME_HOST)
             for i, v in enumerate(case.victims or ())
             if v.host_involved and v.home_host_agreed_in_writing is not Answer.YES]
    return out(findings=found)
