"""The risk screen's words: the level definitions, guides, question lists and notes, each with its source.

Enfield Risk Management Guidance (seed 002 L1-721). The screen (yjtui/screens/risk.py) renders these and holds no
rule text or citation of its own; the plan's checks read the same safety and well-being factors.
"""

from __future__ import annotations

from .packs import Policy
from .risk import LABEL, LOR_BANDS, LOR_CITE

# Verbatim, to sit beside the pickers (5.8, L140–158; 9.10, L689–700).
ROSH_DEFINITIONS = {
    "low": "There is no evidence at present to indicate likelihood of serious harmful behaviour in future",
    "medium": "Some risk identified but the child is unlikely to cause serious harm unless circumstances change. "
              "Relevant issues can be addressed as part of the normal supervision process",
    "high": "Risk of serious harm identified. The potential event could happen at any time and the impact would be "
            "serious. Action should be taken in the near future and the case will need additional supervision and "
            "monitoring e.g. supervision by middle and senior management, local registration",
    "very_high": "Imminent risk of serious harm identified. The child will commit the behaviour in question as soon "
                 "as the opportunity arises and the impact would be serious. Immediate multi-agency action is likely "
                 "to be required. The potential event is more likely than not to happen imminently.",
}
SWB_DEFINITIONS = {
    "low": "No risks to a child safety and well-being have been identified or the risks identified are unlikely to "
           "occur and would not impact on the child's immediate S & WB",
    "medium": "Some risks to the child's safety and well-being have been identified and are likely to occur. The "
              "child's immediate safety and well-being is unlikely to be compromised provided specific actions are "
              "taken.",
    "high": "Clear risks to the child or child's safety and well-being have been identified, are likely to occur and "
            "the impact would compromise the child's safety and well-being. Actions are required in the near future "
            "and are likely to involve other agencies in addition to youth justice services.",
    "very_high": "Clear risks to the child's safety and well-being have been identified, are imminent and the child "
                 "is unsafe. Immediate actions are needed to protect the child, which will include (or have already "
                 "included) a referral to statutory child protection services.",
}
SWB_IMPACT_GUIDE = [  # 9.6, L599–612
    ("Slight", "Recovery immediate or no recovery required"),
    ("Minor", "Recovery in the short term (< 1 month)"),
    ("Medium", "Recovery in the medium term (1 to 6 months)"),
    ("Major", "Recovery in the long term (> 6 months) or incomplete"),
    ("Critical", "No recovery possible"),
]
# 9.4, L578-595 ("not an inclusive list"): each one present needs plan actions and contingency (9.5, L597). The one
# list of them: the risk screen ticks these ids, the plan's checks name them (yjtui/rules/plan_checks.py).
SWB_RISK_FACTORS: dict[str, str] = {
    "family_dysfunction": "Home: dysfunctional family dynamics, domestic violence",
    "abuse_neglect": "History of abuse / neglect within the family",
    "trauma": "Past and present traumas",
    "no_network": "Lack of family / friends network",
    "looked_after_accommodation": "Looked after, or in supported accommodation, B & B, hostel, Foyer",
    "sexual_exploitation": "Sexual exploitation",
    "gang_exploitation": "Gang association / exploitation",
    "bereavement": "Recent bereavement",
    "substance_misuse": "Substance misuse / addiction",
    "school": "Poor school attendance or exclusion",
    "mental_health": "Mental health issue",
    "send_slcn": "SEND / SLCN issues",
    "isolation": "Isolation / low self esteem",
    "homelessness": "Being homeless ('sofa-surfing')",
}
# Safeguarding indicators the practitioner records here; they feed the engine's safeguarding prompts
# (NRM, child protection, alerting a manager: Case Management Guidance L2028–2032; 9.13–9.14, L709–719).
SAFEGUARDING = [
    ("child_protection_concerns", "Child protection concerns"),
    ("criminal_exploitation", "Criminal exploitation indicated"),
    ("county_lines", "County lines indicated"),
    ("radicalisation", "Radicalisation indicated"),
    ("cp_referral_made", "Child protection referral made"),
    ("nrm_referral_made", "NRM referral made"),
]

# Values as the demo data writes them ("imminent" / "not imminent"), plus the High definition's middle ground.
IMMINENCE = [("Not imminent", "not imminent"), ("Could happen at any time", "any time"),
             ("Imminent: as soon as the opportunity arises", "imminent")]
IMMINENCE_PROMPT = "Imminence? (5.12, L272)"
IMMINENCE_NEEDED = "say how imminent it is (Major or Critical impact: 5.12, L272)"

# Labels and notes beside the fields.
SWB_FACTORS_LABEL = ("Risk factors present (space ticks; each needs a plan action and contingency: 9.4–9.5, "
                     "L578–597)")
SWB_IMPACT_GUIDE_TITLE = "Impact guide (9.6, L599–612)\n"
SWB_NO_SUGGESTION = ("No suggested level: the judgement is yours and should reflect the highest concern (9.10–9.11, "
                     "L687–705). * marks the highest concern.")
LOR_REASON_LABEL = ("Reason (needed when your judgement differs from the band: YOGRS \"is not infallible and "
                    "requires sound professional judgement\", L126)")
# 5.11 (L270): Matrix 2 is "a suggested refinement ... to assist a RoSH judgement".
MATRIX_2_GUIDE = "  (a guide, not prescriptive: 5.11, L270; the judgement is yours)"
SWB_PREPOPULATED = "No concerns: the judgement is pre-populated Low (9.11, L705)."
SWB_REFLECT_HIGHEST = "Your judgement should reflect it (9.11, L705)."


def swb_factors_note(ticked: list[str]) -> str:
    return (f"{len(ticked)} factor(s) ticked: each needs a specific action in the intervention plan and contingency "
            "planning (9.5, L597): " + "; ".join(ticked)) if ticked else ""


def rosh_rationale_needed(final: str, span: str) -> str:
    return (f"Your judgement ({LABEL[final]}) lies outside Matrix 2's suggestion ({span}): record the evidence for it "
            "(Case Management Guidance, L2184).")


def swb_rationale_needed(final: str) -> str:
    return (f"No concerns were recorded, yet the judgement is {LABEL[final]}: say why, or change the trigger answer "
            "(9.11, L705).")


def swb_no_factor_rationale(final: str, factors: list[str]) -> str:
    """Why a High or Very High judgement with no risk factor ticked needs a rationale ("" when it does not).

    High and Very High say "clear risks ... have been identified" (9.10, L697-701) and each factor present needs plan
    actions (9.4-9.5, L578-597); but the list "is not an inclusive list" (L595), so a risk outside it is a
    judgement to record, not a refusal (issue 23: SWB completed High with no factor ticked and no word why)."""
    if final not in ("high", "very_high") or factors:
        return ""
    return (f"Your judgement is {LABEL[final]}, yet no risk factor is ticked: {LABEL[final]} means clear risks have "
            "been identified (9.10, L697-701). Tick the factors present (9.4, L578-595), or say here which risk it is "
            "(the list is not inclusive, L595).")


def yogrs_note(value: int, band: str) -> str:
    """The band a YOGRS percentage falls in, with the bands themselves (one table: rules/risk.py LOR_BANDS)."""
    bands = ", ".join(f"{lo}–{hi} {LABEL[name]}" for lo, hi, name in LOR_BANDS)
    return (f"YOGRS {value}%: {LABEL[band]} likelihood of reoffending ({bands}; Enfield RMG {LOR_CITE.paragraph}, "
            f"seed {LOR_CITE.seed} L{LOR_CITE.lines[0]}–{LOR_CITE.lines[-1]}).")


def review_note(policy: Policy) -> tuple[int, str]:
    """How soon the assessments are reviewed, and why: the pack's cycle (Enfield 7.8, L500: "every 3 months or
    when a significant change has occurred"), else the national plan review (at least every three months)."""
    from .plan_checks import CITE_REVIEW, REVIEW_MONTHS

    local = policy.get("plan_review_months")
    if local is None:
        return REVIEW_MONTHS, f"{CITE_REVIEW}: at least every {REVIEW_MONTHS} months or on a significant change"
    return local.value, f"{local.citation}: every {local.value} months or on a significant change"
