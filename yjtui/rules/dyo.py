"""Deter Young Offenders (DYO): Leicester City YOS's policy (August 2015, reviewed May 2019, seed 004; note E §7),
the record a case manager and the seconded police officer keep once a child is considered for DYO.

Who is considered is `local.dyo_consider` (L32-34). Classification, the RAG rating, the tier's visit frequency and
de-selection are decisions of the case manager, team manager and RAG meeting: these rules show the policy's
criteria and timescales and ask for what must be recorded. Two readings are ours and said so on screen: the tier
lists lost their headings in the text (L112-135), so Tier 1 = Red, 2 = Amber, 3 = Green is presumed; and "the lead
up to their 18th birthday" (L227) has no number (the leicester pack's `dyo_iom_referral_age_months`, data/packs/leicester.toml).

Facts (`dyo`, added here, all optional): status (`STATUSES`), basis (a list of `BASES` keys),
discretionary_discussed, rag, tier, green_since (date), order_ended, npt_informed, police_expectations_agreed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .child import birthday
from .core import Citation
from .facts import (Case, FactsError, enum_value, join, need_list, need_object, opt_bool, opt_date, opt_enum,
                    opt_number)
from .registry import ACTION, INFO, LEICESTER, WARNING, Context, finding, out, rule
from .workdays import months_after

POLICY = "Leicester City YOS Deter Young Offenders Policy"


def C(paragraph: str, *lines: int) -> Citation:
    return Citation(POLICY, paragraph, "004", lines)


ACPO = "ACPO/YJB YOT Police Officer review"

STATUSES = {
    "considered": "Considered for DYO",
    "classified": "Classified as a DYO",
    "not_classified": "Considered, not classified",
    "deselected": "De-selected",
}
BASES: dict[str, tuple[str, Citation]] = {
    "yogrs": ("YOGRS 77-100%", C("1", 32)),
    "lor_high": ("High risk of reoffending", C("1", 32)),
    "rosh_high": ("High or very high risk of serious harm", C("1", 33)),
    "discretionary": ("Case manager's discretion: escalating seriousness and frequency of offending and harm",
                      C("1", 34)),
    "hkc": ("Habitual knife carrier", C("4", 94)),
}
RAG = ("red", "amber", "green")

# What `yjtui rules` prints about the facts this module adds to the headless contract (no values key: findings, and
# deadlines from the dyo_* events, under the leicester pack; whether to consider DYO is the spec's dyo_consider).
CONTRACT = (
    ("facts dyo", "{status: " + "/".join(STATUSES) + ", basis: [" + ", ".join(BASES) + "], rag: " + "/".join(RAG)
     + ", tier: 1-3, green_since: date, discretionary_discussed, order_ended, npt_informed, "
     "police_expectations_agreed: true/false}: findings only (no values key)"),
)
# The RAG definitions, verbatim (L101-110): the meeting sets the rating; the screen shows these as its checklist.
RAG_DEFINITIONS: dict[str, tuple[str, ...]] = {
    "red": ("There are indicators of a risk of serious harm. This could happen imminently or at any time....and/or...",
            "Information indicates the person is offending. Young Person is assessed as high risk of offending. Young "
            "person is illegally at large or failing to engage in interventions with intelligence to suggest active "
            "offending."),
    "amber": ("There are indicators of a risk of serious harm. The person has the potential to cause harm but in the "
              "current circumstances is unlikely to do so, or there is insufficient information to fully assess the "
              "risk.",
              "Information indicates person may be offending or insufficient information to make an accurate "
              "assessment."),
    "green": ("No significant current indicators of risk of serious harm.",
              "Information indicates the person is not currently offending",
              "Active engagement with interventions and no further offending."),
}
RAG_CITE = C("4", 101, 104, 107)  # the Red, Amber and Green definitions (L101-110)
# Tier lists (L116-135), as printed; which heading each had is our reading (the pack's `dyo_tier_for_rag`).
TIERS: dict[int, tuple[str, Citation]] = {
    1: ("Restrictive measures considered; visit frequency set by risk and added value; reviews tracked at CM&DP; "
        "intelligence updates to case manager and team manager; fast-tracked breach; weekly information to "
        "neighbourhood teams if relevant; increased management oversight", C("5", 116, 125)),
    2: ("Restrictive measures considered; fortnightly police intelligence updates to the case manager; weekly "
        "information to neighbourhood teams; reviewed at CM&DP and Reoffending Toolkit meetings",
        C("5", 127, 132)),
    3: ("Managed and reviewed through local arrangements; reviewed at CM&DP", C("5", 134, 135)),
}
SRM_IOM_OUTCOMES = ("Reject with feedback – not IOM", "IOM - Local", "IOM – Co-located")  # L75-77
SRM_MAPPA_OUTCOMES = ("Reject with feedback – not MAPPA Level 2 or 3",
                      "Registering for consideration at MAPPA Level 2 or 3")  # L81-82; the third bullet is empty (L83)
ADDED_VALUE_FACTORS = ("Greater senior management oversight", "Additional external support", "Transitions")  # L43
DESELECTION_REASONS: dict[str, tuple[str, Citation]] = {
    "green_3_months": ("Green for a period of 3 months", C("12", 225)),
    "order_ended": ("The YOS order has ended", C("12", 226)),
    "evidenced_reduction": ("Evidenced reduction in the risk of re-offending and/or serious harm", C("12", 228)),
}


def presumed_tier(rag: str | None, ctx: Context) -> int | None:
    tiers = ctx.local("dyo_tier_for_rag")
    return tiers.get(rag) if rag and isinstance(tiers, dict) else None


@dataclass(frozen=True)
class Dyo:
    status: str | None = None
    basis: tuple[str, ...] = ()
    discretionary_discussed: bool | None = None
    rag: str | None = None
    tier: int | None = None
    green_since: date | None = None
    order_ended: bool | None = None
    npt_informed: bool | None = None
    police_expectations_agreed: bool | None = None


def parse_dyo(raw: Any, path: str = "dyo") -> Dyo:
    o = need_object(raw, path)
    bases = []
    if o.get("basis") is not None:
        p = join(path, "basis")
        for i, b in enumerate(need_list(o["basis"], p)):
            bases.append(enum_value(b, tuple(BASES), join(p, i)))
    status = opt_enum(o, "status", tuple(STATUSES), path)
    tier = opt_number(o, "tier", path, 1, 3, whole=True)
    return Dyo(
        status=status,
        basis=tuple(bases),
        discretionary_discussed=opt_bool(o, "discretionary_discussed", path),
        rag=opt_enum(o, "rag", RAG, path),
        tier=None if tier is None else int(tier),
        green_since=opt_date(o, "green_since", path),
        order_ended=opt_bool(o, "order_ended", path),
        npt_informed=opt_bool(o, "npt_informed", path),
        police_expectations_agreed=opt_bool(o, "police_expectations_agreed", path),
    )


def _dyo(case: Case) -> Dyo | None:
    d = case.dyo
    return d if isinstance(d, Dyo) else None


@rule("dyo.discretionary", "The YOS case manager will have the discretion to consider young people who do not meet "
      "the above criteria ... This must be discussed with a team Manager and Offender Management Coordinator",
      LEICESTER, C("1", 34), prompt=True)
def discretionary(case: Case, ctx: Context):
    d = _dyo(case)
    if d is None:
        return None
    findings = []
    if "discretionary" in d.basis and d.discretionary_discussed is not True:
        findings.append(finding("dyo.discretionary", ACTION, "Discretionary DYO consideration: record the discussion "
                                "with a team manager and the Offender Management Coordinator.", C("1", 34)))
    if "hkc" in d.basis:
        findings.append(finding("dyo.discretionary", INFO, "Habitual knife carriers should also be considered for DYO "
                                "ragging.", C("4", 94)))
    return out(findings=findings)


@rule("dyo.classification", "Case Managers and Team Managers have responsibility for identifying cases suitable for "
      "DYO classification", LEICESTER, C("2", 38), prompt=True)
def classification(case: Case, ctx: Context):
    d = _dyo(case)
    if d is None or d.status not in (None, "considered"):
        return None
    return out(findings=[finding("dyo.classification", ACTION, "Classifying is the case manager's and team manager's "
                                 "decision: record it. Once classified, the case manager notifies the Offender "
                                 "Management Co-ordinator and team manager within one working day, and the case is "
                                 "secondary allocated to a seconded police officer.", C("2, 9", 38, 187))])


@rule("dyo.red_police_contact", "The YOS Police Officer to have contact with all DYOs being supervised at an "
      "intervention Level in accordance with Red RAG status", LEICESTER, C("8", 170))
def red_police_contact(case: Case, ctx: Context):
    d = _dyo(case)
    if d is None or d.rag != "red" or d.status in ("not_classified", "deselected"):
        return None
    if d.police_expectations_agreed:
        return out(findings=[finding("dyo.red_police_contact", INFO, "Red: police contact expected; the expectations "
                                     "agreed with the team manager are recorded.", C("8", 170))])
    return out(findings=[finding("dyo.red_police_contact", ACTION, "Red: the YOS police officer has contact with the "
                                 "child. Agree the expectations with the team manager; the case manager records them "
                                 "in AssetPlus.", C("8", 170)),
                         finding("dyo.red_police_contact", INFO, "Tier 1 breach procedures are fast-tracked; arrest "
                                 "is still not the default for a breach, only where absolutely necessary.",
                                 Citation(ACPO, "5.7", "001", (310,)))])


@rule("dyo.tier", "A clear tiered approach for those DYO offenders identified following the Ragging process",
      LEICESTER, C("5", 114), local=("dyo_tier_for_rag",))
def tier(case: Case, ctx: Context):
    d = _dyo(case)
    if d is None or d.rag is None:
        return None
    presumed = presumed_tier(d.rag, ctx)
    if presumed not in TIERS:
        return None
    note = ("the policy's tier lists lost their headings; Tier 1 = Red, 2 = Amber, 3 = Green is our reading of "
            "'Current Red Tier' (L94)")
    if d.tier is None:
        return out(findings=[finding("dyo.tier", INFO, f"{d.rag.capitalize()} suggests Tier {presumed} ({note}). "
                                     f"Tier {presumed}: {TIERS[presumed][0]}.", TIERS[presumed][1])])
    if d.tier != presumed:
        return out(findings=[finding("dyo.tier", WARNING, f"Tier {d.tier} recorded with a {d.rag} rating, which "
                                     f"suggests Tier {presumed} ({note}): record why.", TIERS[d.tier][1])])
    return None


@rule("dyo.npt", "Where young people have been given DYO status, YOT Police Officers should ensure that the local "
      "neighbourhood policing team is aware of this", LEICESTER, Citation(ACPO, "5.4.1", "001", (273,)))
def npt(case: Case, ctx: Context):
    d = _dyo(case)
    if d is None or d.status != "classified" or d.npt_informed is True:
        return None
    return out(findings=[finding("dyo.npt", ACTION, "Make sure the neighbourhood policing team knows there is a DYO in "
                                 "their area and the interventions and conditions the child is subject to; the focus "
                                 "is supporting the child, not enforcement.", Citation(ACPO, "5.4.1, 5.7", "001",
                                                                                         (273, 305)))])


@rule("dyo.deselection", "De-selection process for DYO's", LEICESTER, C("12", 223, 225, 226, 227, 228), prompt=True,
      local=("dyo_green_months_to_deselect", "dyo_iom_referral_age_months"))
def deselection(case: Case, ctx: Context):
    d = _dyo(case)
    if d is None or d.status != "classified":
        return None
    findings = []
    months = int(ctx.local("dyo_green_months_to_deselect"))
    if d.rag == "green" and d.green_since is not None and months_after(d.green_since, months) <= ctx.as_of:
        findings.append(finding("dyo.deselection", INFO, f"Green since {d.green_since.strftime('%d/%m/%Y')} ({months} "
                                "months or more): consider de-selection at the RAG meeting.", C("12", 225)))
    if d.order_ended:
        findings.append(finding("dyo.deselection", INFO, "The YOS order has ended: consider de-selection.",
                                C("12", 226)))
    if case.date_of_birth is not None:
        age_months = int(ctx.local("dyo_iom_referral_age_months"))
        anchor = months_after(case.date_of_birth, age_months)
        if anchor <= ctx.as_of < birthday(case.date_of_birth, 18):
            findings.append(finding("dyo.deselection", ACTION, "Still a DYO in the lead-up to 18: consider a referral "
                                    "to adult IOM, in line with the YOS/Probation transitions protocol (the policy "
                                    f"gives no date; {age_months // 12} years {age_months % 12} months is this service's reading).",
                                    ctx.cite("dyo_iom_referral_age_months")))
    return out(findings=findings)
