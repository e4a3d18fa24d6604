"""The three risks: likelihood of reoffending, risk of serious harm to others, safety and well-being of the child.

Tables from Enfield's Risk Management Guidance (seed 002 lines 1-721): the YOGRS bands (5.5), Matrix 2's
suggested RoSH judgement (5.9-5.11), the intervention levels and minimum contacts (4.4). The suggestion is a
guide, "not prescriptive" (5.11): the practitioner's judgement is recorded separately and, where it departs from
the suggestion, needs a recorded rationale (Case Management Guidance, seed 002 L2184). The engine never sets a
judgement.
"""

from __future__ import annotations

from typing import Any, Iterable

from .core import Answer, Citation
from .facts import IMPACTS, LEVELS, LIKELIHOODS, Case, Rated
from .packs import ContactLevel
from .registry import ACTION, ENFIELD, INFO, NATIONAL, WARNING, Context, finding, out, rule
from .levels import LABEL  # the words, in one place (the case list reads them before the engine loads)

ENFIELD_RMG = "Enfield Risk Management Guidance"

# --- Likelihood of reoffending: YOGRS bands (5.5, seed 002 L120-124) ---------------------------------------------

LOR_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 43, "low"),
    (44, 76, "medium"),
    (77, 100, "high"),
)


def lor_band(yogrs_percent: int) -> str:
    """The LoR band for a YOGRS percentage (0-43 low, 44-76 medium, 77-100 high)."""
    if isinstance(yogrs_percent, bool) or not isinstance(yogrs_percent, int):
        raise ValueError(f"YOGRS must be a whole percentage, got {yogrs_percent!r}")
    for lo, hi, band in LOR_BANDS:
        if lo <= yogrs_percent <= hi:
            return band
    raise ValueError(f"YOGRS must be between 0 and 100, got {yogrs_percent}")


# --- Risk of serious harm: Matrix 2, "Suggested RoSH judgement" (5.9, seed 002 L216-266) ------------------------
# Rows are impact, columns likelihood; each cell is (lowest, highest) suggested level. "Medium / High" (L256)
# and "High / Very High" (L264) are ranges. Matrix 1 (AssetPlus 2014, L162-212) has "M / H / VH" in every
# Major and Critical cell; Matrix 2 is Enfield's refinement of it (5.11, L270).

_LOW = ("low", "low")
MATRIX_2: dict[str, dict[str, tuple[str, str]]] = {
    "slight": {"unlikely": _LOW, "possible": _LOW, "likely": _LOW, "very_likely": _LOW, "almost_certain": _LOW},
    "minor": {"unlikely": _LOW, "possible": _LOW, "likely": _LOW, "very_likely": _LOW, "almost_certain": _LOW},
    "medium": {"unlikely": _LOW, "possible": _LOW, "likely": _LOW, "very_likely": _LOW, "almost_certain": _LOW},
    "major": {"unlikely": ("medium", "medium"), "possible": ("medium", "medium"), "likely": ("medium", "high"),
              "very_likely": ("high", "high"), "almost_certain": ("high", "high")},
    "critical": {"unlikely": ("high", "high"), "possible": ("high", "high"), "likely": ("high", "very_high"),
                 "very_likely": ("very_high", "very_high"), "almost_certain": ("very_high", "very_high")},
}
MATRIX_2_LINES = {"slight": 229, "minor": 237, "medium": 245, "major": 253, "critical": 261}

RANK = {level: i for i, level in enumerate(LEVELS)}


def rosh_suggested_for(likelihood: str, impact: str) -> tuple[str, str]:
    """Matrix 2's suggested (lowest, highest) RoSH level for one behaviour."""
    try:
        return MATRIX_2[impact][likelihood]
    except KeyError:
        raise ValueError(f"no Matrix 2 cell for likelihood {likelihood!r}, impact {impact!r}") from None


def _pairs(behaviours: Iterable[Any]) -> Iterable[tuple[str, str]]:
    for b in behaviours:
        if isinstance(b, Rated):
            lk, im = b.likelihood, b.impact
        elif isinstance(b, dict):
            lk, im = b.get("likelihood"), b.get("impact")
        else:
            lk, im = b
        if lk is not None and im is not None:
            yield lk, im


def rosh_suggested(behaviours: Iterable[Any]) -> tuple[str, str] | None:
    """[lowest, highest] across behaviours: each end is the maximum over the rated behaviours; None if none rated.

    Behaviours may be `Rated`, dicts with likelihood/impact, or (likelihood, impact) pairs.
    """
    lo = hi = None
    for lk, im in _pairs(behaviours):
        a, b = rosh_suggested_for(lk, im)
        lo = a if lo is None or RANK[a] > RANK[lo] else lo
        hi = b if hi is None or RANK[b] > RANK[hi] else hi
    return None if lo is None else (lo, hi)


def needs_rationale(final: str | None, suggested: tuple[str, str] | None) -> bool:
    """True when the judgement lies outside the suggested range (the judgement then needs recorded evidence)."""
    if final is None or suggested is None:
        return False
    return not RANK[suggested[0]] <= RANK[final] <= RANK[suggested[1]]


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _span(pair: tuple[str, str]) -> str:
    return LABEL[pair[0]] if pair[0] == pair[1] else f"{LABEL[pair[0]]}-{LABEL[pair[1]]}"


# --- Rules: likelihood of reoffending ---------------------------------------------------------------------------

LOR_CITE = Citation(ENFIELD_RMG, "5.5", "002", (120, 124))


# The bands are Enfield's wording of the YOGRS scale; the spec applies them under every policy.
@rule("lor.band", "YOGRS produces a percentage estimating the likelihood of re-offending", NATIONAL, LOR_CITE)
def lor_from_yogrs(case: Case, ctx: Context):
    findings = []
    band = None
    if case.yogrs_percent is not None:
        band = lor_band(case.yogrs_percent)
        if case.lor_judgement is not None and case.lor_judgement != band:
            findings.append(finding(
                "lor.band", WARNING,
                f"Your LoR judgement ({LABEL[case.lor_judgement]}) differs from the YOGRS band ({LABEL[band]}, "
                f"{case.yogrs_percent}%): YOGRS needs sound professional judgement; record your reason.",
                Citation(ENFIELD_RMG, "5.6", "002", (126,))))
    elif case.lor_judgement is not None:
        band = case.lor_judgement
    if band is None:
        return None
    # lor_final: the practitioner's LoR judgement where recorded, else the YOGRS band. YOGRS "needs sound
    # professional judgement" (L126): the judgement is the assessment the local schemes read (Leicester's DYO "or
    # High risk of Reoffending", seed 004 L32; Enfield's intervention level and Youth IOM).
    final = case.lor_judgement or band
    return out({"lor_band": band, "lor_yogrs_percent": case.yogrs_percent, "lor_final": final}, findings)


# What `yjtui rules` prints about the values this module adds to the headless contract.
CONTRACT = (
    ("values.lor_final", "the practitioner's LoR judgement (likelihood_of_reoffending.judgement) where given, else "
     "lor_band; read by Leicester's DYO test (seed 004 L32 'or High risk of Reoffending'), Enfield's intervention "
     "level (seed 002 L63) and Youth IOM (L20564); null without either"),
)


# --- Rules: risk of serious harm ----------------------------------------------------------------------------------

MATRIX_CITE = Citation(ENFIELD_RMG, "5.9-5.11, Matrix 2", "002", (216, 266))


# Matrix 2 is Enfield's table; the spec uses it for the suggestion under both policies (values.rosh_suggested).
@rule("rosh.suggested", "Matrix 2: suggested RoSH judgement from impact and likelihood", NATIONAL, MATRIX_CITE)
def rosh_suggestion(case: Case, ctx: Context):
    findings = []
    # Numbered from 1, as the risk screen numbers the behaviours ("Behaviour 1: what do you foresee?").
    unrated = [n for n, b in enumerate(case.rosh_behaviours, 1) if b.likelihood is None or b.impact is None]
    if unrated:
        which = ", ".join(str(n) for n in unrated)
        findings.append(finding("rosh.suggested", WARNING,
                                f"Behaviour {which} has no likelihood or impact yet: the suggestion leaves it out.",
                                MATRIX_CITE))
    suggested = rosh_suggested(case.rosh_behaviours)
    values: dict[str, Any] = {"rosh_final": case.rosh_judgement}
    if suggested is not None:
        values["rosh_suggested"] = list(suggested)
        if suggested == ("low", "low"):
            findings.append(finding(
                "rosh.suggested", INFO,
                "Every behaviour is rated slight, minor or medium impact: below the threshold for serious harm, "
                "so Low applies; the behaviours still need addressing in the intervention plan.",
                Citation(ENFIELD_RMG, "5.10", "002", (160,))))
    return out(values, findings)


RATIONALE_CITE = Citation("Case Management Guidance", "", "002", (2184,))


@rule("rosh.needs_rationale", "Agree with or amend the indicative rating, ensuring that this judgement is evidenced",
      NATIONAL, RATIONALE_CITE, prompt=True)
def rosh_rationale(case: Case, ctx: Context):
    suggested = ctx.values.get("rosh_suggested")
    final = case.rosh_judgement
    if suggested is None:
        return None
    pair = (suggested[0], suggested[1])
    if final is None:
        return out({}, [finding("rosh.needs_rationale", INFO,
                                f"Matrix 2 suggests {_span(pair)}: record your RoSH judgement (the matrix is a "
                                "guide and is not prescriptive).", RATIONALE_CITE)])
    needed = needs_rationale(final, pair)
    findings = []
    if needed:
        findings.append(finding("rosh.needs_rationale", WARNING,
                                f"Your RoSH judgement ({LABEL[final]}) lies outside the suggestion ({_span(pair)}): "
                                "record the evidence for it.", RATIONALE_CITE))
    return out({"rosh_needs_rationale": needed}, findings)


def rosh_level(values: dict[str, Any]) -> str | None:
    """The RoSH level the rules act on: the final judgement, else the top of the suggestion."""
    if values.get("rosh_final") is not None:
        return values["rosh_final"]
    suggested = values.get("rosh_suggested")
    return suggested[1] if suggested else None


@rule("rosh.imminence", "Where impact is major or critical, judge RoSH on likelihood and imminence", ENFIELD,
      Citation(ENFIELD_RMG, "5.12", "002", (272,)), prompt=True)
def rosh_imminence(case: Case, ctx: Context):
    if any(b.impact in ("major", "critical") for b in case.rosh_behaviours):
        return out({}, [finding("rosh.imminence", INFO,
                                "A behaviour has major or critical impact: base your RoSH judgement on the "
                                "likelihood and imminence of it happening, and record both.",
                                Citation(ENFIELD_RMG, "5.12", "002", (272,)))])
    return None


@rule("rosh.medium_plan", "Where there is a Medium RoSH, the Intervention Plan needs to show how the risks can be "
      "managed", ENFIELD, Citation(ENFIELD_RMG, "5.14", "002", (277,)))
def rosh_medium_plan(case: Case, ctx: Context):
    if rosh_level(ctx.values) == "medium":
        return out({}, [finding("rosh.medium_plan", INFO,
                                "RoSH is Medium: the intervention plan needs to show how the risks can be managed.",
                                Citation(ENFIELD_RMG, "5.14", "002", (277,)))])
    return None


HRP_CITE = Citation(ENFIELD_RMG, "5.15, 7.1", "002", (279, 480))


@rule("rosh.hrp_referral", "Where there is a High OR very high Risk of Serious Harm, the case should be discussed "
      "with the manager who will decide if a referral should be made to the High Risk Panel", ENFIELD, HRP_CITE,
      prompt=True, local=("high_risk_panel",))
def hrp_referral(case: Case, ctx: Context):
    # 7.1 (L480-483) and the HRP terms of reference (L13532) add SWB High/Very High; 5.15 (L279) and the ToR
    # (L13518): MAPPA levels 2 and 3 are not referred to HRP. No `mappa` in the facts = not MAPPA-managed (spec).
    # Which levels refer, and which MAPPA levels do not, are the pack's (values.high_risk_panel).
    panel = ctx.local("high_risk_panel")
    name, excluded = panel["name"], tuple(panel.get("not_at_mappa_levels", ()))
    rosh, swb = case.rosh_judgement, case.swb_judgement
    triggers = []
    if rosh in panel.get("rosh", ()):
        triggers.append(f"RoSH is {LABEL[rosh]}")
    if swb in panel.get("swb", ()):
        triggers.append(f"safety and well-being is {LABEL[swb]}")
    mappa_level = case.mappa_level if case.mappa_present else 0
    if mappa_level is None and case.mappa_category == 0:
        mappa_level = 0  # category 0 = not MAPPA
    findings = []
    if triggers:
        if mappa_level in excluded:
            value = False
            findings.append(finding("rosh.hrp_referral", INFO,
                                    f"{_first_upper(' and '.join(triggers))}, but MAPPA Level {mappa_level} cases are "
                                    f"not referred to the {name}: the case is managed at MAPPA meetings.",
                                    Citation(ENFIELD_RMG, "5.15", "002", (279, 13518))))
        elif mappa_level is None and excluded:
            value = None
            findings.append(finding("rosh.hrp_referral", WARNING,
                                    f"{_first_upper(' and '.join(triggers))}: record the MAPPA level (levels "
                                    f"{' and '.join(map(str, excluded))} are not referred to the {name}).", HRP_CITE))
        else:
            value = True
            # One trigger is enough: name the first (RoSH before SWB), in the spec's words.
            findings.append(finding("rosh.hrp_referral", ACTION,
                                    f"{_first_upper(triggers[0])}: discuss with your manager, who decides on a "
                                    f"{name} referral.", HRP_CITE))
            if case.looked_after is Answer.YES:
                findings.append(finding(
                    "rosh.hrp_referral", ACTION,
                    f"The child is looked after: a referral to safeguarding panels should not wait for the {name}, "
                    "though the case is still listed there.",
                    Citation("Enfield High Risk Panel terms of reference", "", "002", (13518,))))
            if case.open_to_social_care is Answer.YES:
                findings.append(finding(
                    "rosh.hrp_referral", ACTION,
                    "High risk and open to social care: the YJS and social care hold joint supervision sessions.",
                    Citation("Enfield High Risk Panel terms of reference", "", "002", (13568,))))
    elif rosh is None and swb is None:
        value = None
    elif (rosh is None or swb is None):
        value = None  # one judgement missing and the other below high: not yet known
    else:
        value = False
    return out({"hrp_referral": value}, findings)


VERY_HIGH_CITE = Citation(ENFIELD_RMG, "5.16", "002", (282,))


@rule("rosh.very_high_actions", "In the rare case where Very High Risk of Harm has been identified, discuss the case "
      "immediately with a line manager", ENFIELD, VERY_HIGH_CITE)
def rosh_very_high(case: Case, ctx: Context):
    if case.rosh_judgement != "very_high":
        return None
    findings = [finding("rosh.very_high_actions", ACTION,
                        "RoSH is Very High: discuss the case immediately with a line manager and inform the YJS "
                        "Manager; set up an urgent risk strategy meeting.", VERY_HIGH_CITE)]
    if case.mappa_present and (case.mappa_category or 0) > 0:
        findings.append(finding("rosh.very_high_actions", ACTION,
                                "Very High RoSH MAPPA case: would normally be considered for referral to MAPPA "
                                "Level 3.", VERY_HIGH_CITE))
    return out({}, findings)


@rule("rosh.supervision", "High and very high RoSH cases should be discussed at every formal supervision", ENFIELD,
      Citation(ENFIELD_RMG, "7.5, 8.4", "002", (494, 566)))
def rosh_supervision(case: Case, ctx: Context):
    if rosh_level(ctx.values) in ("high", "very_high") and case.rosh_judgement is not None:
        return out({}, [finding("rosh.supervision", INFO,
                                "High or Very High RoSH: discuss at every formal supervision and prioritise in "
                                "monthly line management supervision.",
                                Citation(ENFIELD_RMG, "7.5, 8.4", "002", (494, 566)))])
    return None


# --- Rules: safety and well-being ---------------------------------------------------------------------------------

SWB_TRIGGER_CITE = Citation(ENFIELD_RMG, "9.11", "002", (705,))


@rule("swb.prepopulated", "Where the trigger question is answered 'No', the judgement will be pre-populated as 'low'",
      NATIONAL, SWB_TRIGGER_CITE)
def swb_prepopulated(case: Case, ctx: Context):
    if case.swb_concerns is not Answer.NO:
        return None
    findings = []
    if case.swb_judgement not in (None, "low"):
        findings.append(finding("swb.prepopulated", WARNING,
                                f"The trigger question says no safety and well-being concerns, but the judgement is "
                                f"{LABEL[case.swb_judgement]}: check which is right.", SWB_TRIGGER_CITE))
    if any(o.impact in ("major", "critical") for o in case.swb_outcomes):
        findings.append(finding("swb.prepopulated", WARNING,
                                "The trigger question says no concerns, but an adverse outcome is rated major or "
                                "critical impact: check the trigger answer.", SWB_TRIGGER_CITE))
    return out({"swb_prepopulated": "low"}, findings)


SWB_MATRIX_CITE = Citation(ENFIELD_RMG, "9.9-9.11", "002", (627, 687, 705))
IMPACT_RANK = {im: i for i, im in enumerate(IMPACTS)}
LIKELIHOOD_RANK = {lk: i for i, lk in enumerate(LIKELIHOODS)}


def swb_highest_concern(outcomes: Iterable[Rated]) -> int | None:
    """Index of the adverse outcome with the highest impact (then likelihood); None if none is rated.

    There is no suggested-level table for safety and well-being: the matrix (9.9, L627) only plots the outcomes,
    "the overall rating will be based on your professional judgement" (9.10), reflecting "the highest level of
    concern identified" (9.11). So the engine points at the highest concern and never suggests a level.
    """
    best = None
    for i, o in enumerate(outcomes):
        if o.impact is None or o.likelihood is None:
            continue
        key = (IMPACT_RANK[o.impact], LIKELIHOOD_RANK[o.likelihood])
        if best is None or key > best[0]:
            best = (key, i)
    return None if best is None else best[1]


@rule("swb.highest_concern", "The judgement should reflect the highest level of concern identified", NATIONAL,
      SWB_MATRIX_CITE, prompt=True)
def swb_highest(case: Case, ctx: Context):
    if case.swb_concerns is Answer.NO:
        return None
    i = swb_highest_concern(case.swb_outcomes)
    if i is None:
        return None
    o = case.swb_outcomes[i]
    values = {"swb_final": case.swb_judgement,
              "swb_highest_concern": {"outcome": i, "description": o.description, "likelihood": o.likelihood,
                                      "impact": o.impact}}
    findings = []
    if case.swb_judgement is None:
        name = f" ({o.description})" if o.description else ""
        findings.append(finding("swb.highest_concern", INFO,
                                f"Highest concern identified: outcome {i}{name}, {o.impact} impact, "
                                f"{o.likelihood.replace('_', ' ')}. Record your safety and well-being judgement, "
                                "weighing imminence too.", SWB_MATRIX_CITE))
    return out(values, findings)


@rule("swb.very_high_cp_referral", "Very High safety and well-being: immediate actions, including a referral to "
      "statutory child protection services", ENFIELD, Citation(ENFIELD_RMG, "9.10", "002", (700, 701, 13910)))
def swb_very_high(case: Case, ctx: Context):
    if case.swb_judgement != "very_high":
        return None
    made = case.safeguarding.get("cp_referral_made", Answer.UNKNOWN)
    if made is Answer.YES:
        return None
    return out({}, [finding("swb.very_high_cp_referral", ACTION,
                            "Safety and well-being is Very High: immediate action to protect the child, including a "
                            "referral to statutory child protection services (record it when made).",
                            Citation(ENFIELD_RMG, "9.10", "002", (700, 701, 13910)))])


# A High or Very High judgement is itself the prompt: the practitioner who judged a physical abuse outcome Major and
# Likely, overall High, met no child protection prompt until they ticked "Child protection concerns" by hand (issue
# 23). High: "clear risks ... likely to involve other agencies" (9.10, L697-698); Very High: "a referral to statutory
# child protection services" (L700-701); nationally, the referral process to children's services and the MASH
# applies "where there are high/very high safeguarding concerns" (Case Management Guidance L1762-1766); child
# protection concerns go to children's social care "without delay" (9.13, L709).
SWB_REFERRAL_CITE = Citation(f"Case Management Guidance; {ENFIELD_RMG} 9.10, 9.13", "", "002",
                             (697, 698, 701, 709, 1762, 1766))


@rule("swb.high_safeguarding_referral", "A clear understanding of the referral process to children's services and "
      "multi-agency safeguarding hubs where there are high/very high safeguarding concerns", NATIONAL,
      SWB_REFERRAL_CITE, prompt=True)
def swb_high_referral(case: Case, ctx: Context):
    level = case.swb_judgement
    if level not in ("high", "very_high"):
        return None
    if case.safeguarding.get("cp_referral_made", Answer.UNKNOWN) is Answer.YES:
        return None
    # Where the Enfield pack's own rule says it already (Very High; concerns ticked), it is said once.
    if level == "very_high" and ctx.switched_on("swb.very_high_cp_referral"):
        return None
    if (case.safeguarding.get("child_protection_concerns", Answer.UNKNOWN) is Answer.YES
            and ctx.switched_on("safeguarding.child_protection")):
        return None
    return out({}, [finding("swb.high_safeguarding_referral", ACTION,
                            f"Safety and well-being is {LABEL[level]}: are these child protection concerns? Where "
                            "safeguarding concerns are high or very high, refer to children's services or the "
                            "multi-agency safeguarding hub (MASH); child protection concerns go to children's social "
                            "care without delay. Tick \"Child protection referral made\" under Safeguarding when it "
                            "is made.", SWB_REFERRAL_CITE)])


@rule("swb.supervision", "High or very high safety and well-being concerns should be discussed at each formal "
      "supervision", ENFIELD, Citation(ENFIELD_RMG, "9.12", "002", (707,)))
def swb_supervision(case: Case, ctx: Context):
    if case.swb_judgement in ("high", "very_high"):
        return out({}, [finding("swb.supervision", INFO,
                                "High or Very High safety and well-being: discuss at each formal supervision and "
                                "record agreed actions.", Citation(ENFIELD_RMG, "9.12", "002", (707,)))])
    return None


# --- Rules: intervention level and minimum contacts (Enfield 4.4, seed 002 L63-86) ---------------------------------
# The minimums are the pack's (values.contact_minimums): Enfield's 8/4, 4/2, 2/1, or another service's own.

INTERVENTION_CITE = Citation(ENFIELD_RMG, "4.4", "002", (63, 86))
NO_FIXED_LEVELS = Citation("Case Management Guidance", "", "002", (6010,))


def contact_level(levels: Iterable[ContactLevel], *, risk: str | None = None, level: str | None = None
                  ) -> ContactLevel | None:
    """The row of a pack's contact minimums for a risk level (a Very High RoSH counts as high) or a level name."""
    if risk == "very_high":
        risk = "high"  # the table has no Very High row: Very High RoSH counts as High
    return next((row for row in levels if row.risk == risk or row.level == level), None)


def levels_citation(table: Citation) -> str:
    """The pack's table and the national note that fixed levels are gone (seed 002 L6010), as one citation."""
    if table.seed == NO_FIXED_LEVELS.seed and table.lines:
        return str(Citation(table.document, f"{table.paragraph}; {NO_FIXED_LEVELS.document}", table.seed,
                            (table.lines[0], *NO_FIXED_LEVELS.lines)))
    return f"{table}; {NO_FIXED_LEVELS}"


@rule("intervention.level", "The higher the risk of serious harm and/or likelihood of re-offending, the greater the "
      "need for intensity of supervision", ENFIELD, INTERVENTION_CITE, local=("contact_minimums",))
def intervention_level(case: Case, ctx: Context):
    rosh = rosh_level(ctx.values)
    lor = ctx.values.get("lor_final")  # the LoR judgement where recorded, else the YOGRS band
    if rosh == "very_high":
        rosh = "high"  # the table has no Very High row: Very High RoSH counts as High
    known = [r for r in (rosh, lor) if r is not None]
    if not known:
        return None
    top = max(known, key=RANK.__getitem__)
    if len(known) < 2 and top != "high":
        # The other risk could still raise the level: not yet known.
        missing = "likelihood of reoffending" if lor is None else "RoSH"
        return out({}, [finding("intervention.level", INFO,
                                f"Record the {missing} to set the intervention level.", INTERVENTION_CITE)])
    row = contact_level(ctx.local("contact_minimums"), risk=top)
    level, first, rest = row.level, row.first_3_months, row.remainder
    findings = [finding("intervention.level", INFO,
                        f"Intervention level {level}: at least {first} contacts a month for the first 3 months, then "
                        f"{rest}. {ctx.pack_title('contact_minimums')}'s local minimums: the national guidance no "
                        "longer sets fixed levels (contact is based on the child's individual needs).",
                        levels_citation(ctx.cite("contact_minimums")))]
    return out({"intervention_level": level,
                "minimum_contacts_per_month": {"first_3_months": first, "remainder": rest}}, findings)


@rule("intervention.scrutiny", "Young people with particularly high YOGRS scores or assessed as Very High RoSH "
      "should be subject to scrutiny at the beginning of an order", ENFIELD,
      Citation("Enfield Scaled Approach Reporting Standards (proposal, April 2021)", "", "002", (7846,)), prompt=True)
def intervention_scrutiny(case: Case, ctx: Context):
    if case.rosh_judgement == "very_high" or (case.yogrs_percent is not None and case.yogrs_percent >= 77):
        return out({}, [finding("intervention.scrutiny", INFO,
                                "Very High RoSH or a high YOGRS score: manager scrutiny at the start of the order "
                                "(reporting 3 times a week only if felt necessary). This comes from a 2021 proposal "
                                "whose adoption the source does not confirm.",
                                Citation("Enfield Scaled Approach Reporting Standards (proposal, April 2021)", "",
                                         "002", (7846,)))])
    return None
