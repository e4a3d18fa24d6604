"""Local consideration schemes: Leicester's Deter Young Offenders (DYO) and Enfield's Youth IOM.

Both say a child "must be considered" or "will be considered": the rules flag the child for consideration and
prompt for the recorded decision. Classification and acceptance are decisions for people, never the engine.
"""

from __future__ import annotations

from .core import Answer, Citation
from .facts import Case
from .registry import ACTION, ENFIELD, INFO, LEICESTER, Context, finding, out, rule
from .risk import rosh_level

DYO_CITE = Citation("Leicester City YOS Deter Young Offenders Policy", "1", "004", (32, 34))


def _tri_or(parts: list[bool | None]) -> bool | None:
    if any(p is True for p in parts):
        return True
    if all(p is False for p in parts):
        return False
    return None


@rule("dyo.consider", "Any young person assessed through YOGRS as 77-100% or High risk of Reoffending must be "
      "considered for DYO classification", LEICESTER, DYO_CITE, prompt=True)
def dyo_consider(case: Case, ctx: Context):
    lor = ctx.values.get("lor_final")  # the LoR judgement where recorded (seed 004 L32 "or High risk of Reoffending")
    rosh = case.rosh_judgement
    if case.yogrs_percent is not None or lor is not None:
        # YOGRS and LoR are one test ("YOGRS as 77-100% or High risk of Reoffending"): either one high settles it;
        # a judgement of high counts whatever the YOGRS score.
        lor_part = (case.yogrs_percent is not None and case.yogrs_percent >= 77) or lor == "high"
    else:
        lor_part = None
    value = _tri_or([lor_part, None if rosh is None else rosh in ("high", "very_high")])
    findings = []
    if value:
        findings.append(finding("dyo.consider", ACTION,
                                "Consider DYO classification (YOGRS 77-100% or high LoR, or high / very high RoSH): "
                                "record the decision with the team manager.", DYO_CITE))
    elif value is False:
        findings.append(finding("dyo.consider", INFO,
                                "Outside the DYO criteria; the case manager may still consider DYO where offending "
                                "and harm are escalating, after discussion with a team manager and the Offender "
                                "Management Coordinator.", Citation(DYO_CITE.document, "1", "004", (34,))))
    return out({"dyo_consider": value}, findings)


YIOM_CITE = Citation("Enfield Youth IOM terms of reference", "5.1", "002", (20564, 20572))


@rule("yiom.consider", "Young people assessed as high Likelihood of Reoffending will be considered for referral to "
      "the Youth IOM", ENFIELD, YIOM_CITE, prompt=True)
def yiom_consider(case: Case, ctx: Context):
    lor = ctx.values.get("lor_final")  # "assessed as high Likelihood of Reoffending": the practitioner's judgement
    rosh = rosh_level(ctx.values)
    findings = []
    if case.mappa_present and case.mappa_level in (2, 3):
        findings.append(finding("yiom.consider", INFO,
                                f"MAPPA Level {case.mappa_level}: de-select from the Youth IOM and manage through "
                                "MAPPA, unless the MAPP meeting records a reason to keep the child on it.",
                                Citation("Enfield Youth IOM terms of reference", "5.2.3", "002", (20594, 20600))))
        return out({"yiom_consider": False}, findings)
    value = None
    if lor == "high":
        value = True
        findings.append(finding("yiom.consider", ACTION,
                                "High likelihood of reoffending: consider a Youth IOM referral (the panel decides "
                                "on acceptance).", YIOM_CITE))
    elif case.swb_judgement in ("high", "very_high"):
        npc = case.safeguarding.get("persistent_non_compliance", Answer.UNKNOWN)
        value = {Answer.YES: True, Answer.NO: None, Answer.UNKNOWN: None}[npc]
        findings.append(finding("yiom.consider", INFO,
                                "High safety and well-being: a Youth IOM referral is considered where there is "
                                "persistent non-compliance; record whether there is.",
                                Citation("Enfield Youth IOM terms of reference", "5.1", "002", (20568,))))
    elif lor == "medium" or rosh == "medium":
        findings.append(finding("yiom.consider", INFO,
                                "Medium RoSH or likelihood of reoffending: the Youth IOM is open on a discretionary, "
                                "individual merit basis; record your reasoning if you refer.",
                                Citation("Enfield Youth IOM terms of reference", "5.1", "002", (20572,))))
    elif lor == "low":
        value = False
    return out({"yiom_consider": value}, findings)
