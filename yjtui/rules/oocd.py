"""Out-of-court disposal decisions: the gravity score and what it leads to, and the gates of the case
responsibility protocol (who must be asked before a Youth Caution or Youth Conditional Caution is given).

The final score is the gravity score plus the officer's adjustment of -1, 0 or +1 (ACPO gravity system 1.6,
seed 002 L8466: "only be up-graded or down-graded by one point irrespective of the number of factors"). Whether
the factors move the score, and the disposal itself, are the officer's decisions (jointly with the YJS for a Youth
Conditional Caution): the rules show what the score normally leads to, which gates apply, and ask for the reasons
the guidance says must be recorded. The matrix and its scoring helpers are `yjtui.reference.gravity` (the F6
scoring view uses the same ones).

Facts (`oocd`, spec "Additions"): gravity_score 1-4, aggravating / mitigating (the factors ticked), adjustment
-1 | 0 | 1, indictable_only, previous_formal_oocd (a count), police_concerns. Added here, all optional: offence
(the matrix row's name), decision (an `OUTCOMES` key), rationale, admits, child_agrees, parent_agrees,
yjs_assessment_done, yjs_agrees, cps_authority.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from yjtui.reference import gravity

from .core import Citation
from .facts import Case, FactsError, join, need_list, need_object, opt_bool, opt_number, opt_str, show
from .registry import ACTION, INFO, NATIONAL, WARNING, Context, finding, out, rule

GRAVITY = "ACPO Youth Gravity Factor System"
PROT = "National Protocol for Case Responsibility"

ONE_POINT = Citation(GRAVITY, "1.6", "002", (8466,))
TABLE = Citation(GRAVITY, "15.1", "002", (8618, 8630, 8648, 8662))
DISCRETION = Citation(GRAVITY, "15.2", "002", (8678,))
NFA = Citation(GRAVITY, "15.4", "002", (8686,))
NOT_IN_MATRIX = Citation(GRAVITY, "2.0", "002", (8474,))
ADMIT = Citation(GRAVITY, "1.2(a)", "002", (8430,))
VICTIM = Citation(GRAVITY, "3.0", "002", (8482,))
RECORD_SCORE = Citation(GRAVITY, "16.1", "002", (8706,))
INDICTABLE_ONLY = Citation(GRAVITY, "14.4, 18.1", "002", (8602, 8724))
DISAGREE = Citation(GRAVITY, "14.5", "002", (8604,))
CR_18 = Citation(PROT, "4.9", "002", (22211, 22217))
CR_18_CPS = Citation(PROT, "4.9", "002", (22211, 22214, 22241))
CR_19 = Citation(PROT, "4.9", "002", (22238, 22247, 22250, 22253))
CR_17 = Citation(PROT, "4.9", "002", (22196,))
GUIDE = Citation(PROT, "4.8", "002", (22186,))
EXCLUDED_PAGE = "seed 002 L8566"  # 11.1 names a page of offences usually excluded from a caution: not in the text
OUTCOME_22 = Citation("Kent Police, Child Centred Policing", "Youth Justice", "003", (14,))

# The outcomes an officer can record, in the order the screen offers them: (label, citation).
OUTCOMES: dict[str, tuple[str, Citation]] = {
    "no_further_action": ("No further action", NFA),
    "community_resolution": ("Community Resolution", CR_17),
    "outcome_22": ("Outcome 22: deferred outcome with educational diversion (Kent Police)", OUTCOME_22),
    "youth_caution": ("Youth Caution", CR_18),
    "youth_conditional_caution": ("Youth Conditional Caution", CR_19),
    "charge": ("Charge", Citation(GRAVITY, "15.1", "002", (8636,))),
}
# "formal" out-of-court disposals (CR-18: "all second or subsequent out-of-court formal disposals")
FORMAL = frozenset({"youth_caution", "youth_conditional_caution"})

# What `yjtui rules` prints about the facts and values this module adds to the headless contract (spec "Additions").
CONTRACT = (
    ("facts oocd", "{gravity_score: 1-4, aggravating, mitigating: [factor text], adjustment: -1/0/1 (the officer's "
     "judgement; anything else is an error at oocd.adjustment), indictable_only, police_concerns: true/false, "
     "previous_formal_oocd: a count}; added here, all optional: offence, decision (" + ", ".join(OUTCOMES) + "), "
     "rationale, admits, child_agrees, parent_agrees, yjs_assessment_done, yjs_agrees, cps_authority"),
    ("values.oocd", "{final_score: gravity_score + adjustment (L8466), null while either is missing; outcomes: what "
     "the final score normally leads to (L8630-L8666), [] off the 1-4 scale (a finding says the source is silent); "
     "cps_authority_needed: indictable_only (L22211); yjs_assessment_needed: a second or later formal disposal or "
     "police concerns (L22217), or a Youth Conditional Caution decided, the first included (L22247-22250)}; null "
     "without facts.oocd"),
    ("facts oocd (issue 23)", "previous_knife_arrests: a count (the knife-crime agreement's second arrest, L8512); "
     "hate_crime, domestic_violence: true/false (classified so under CPS policies, L8584)"),
    ("values.oocd (issue 23)", "knife_crime_agreement: what the national knife-crime agreement says for a blade or "
     "offensive weapon row (L8504-8514): charge, youth_conditional_caution, or null (not a knife row, or the age or "
     "earlier arrests not known); cps_charging_decision: true where the police may not charge and the CPS decides "
     "(indictable only, L8596; an offence of the proviso, L8576-8592: death, hate crime or domestic violence, "
     "violent disorder or affray, GBH, wounding or ABH, a Sexual Offences Act offence by or on a child, the "
     "Licensing Act 2003), false for a summary-only offence outside it, null otherwise (an either-way offence "
     "turns on the anticipated plea and venue)"),
)

# The final-score table (15.1, L8630-L8666) as outcome keys. Scores 2 and 3 share one row in the source; score 1
# names Community Resolution although 15.3 (L8682) puts it outside the table (note C §2): both kept as printed.
SCORE_OUTCOMES: dict[int, tuple[str, ...]] = {
    4: ("charge",),
    3: ("youth_caution", "youth_conditional_caution", "charge"),
    2: ("youth_caution", "youth_conditional_caution", "charge"),
    1: ("community_resolution", "youth_caution", "youth_conditional_caution", "charge"),
}
ADJUSTMENTS = (-1, 0, 1)

# A matrix row whose note sends the decision to the CPS (26 "Always refer", 11 "Defer", and the rows typed I).
_CPS_NOTE = re.compile(r"refer to the CPS|Defer [Dd]ecision to (the )?CPS|printed as I \(indictable only\)")


@dataclass(frozen=True)
class Oocd:
    gravity_score: int | None = None
    aggravating: tuple[str, ...] = ()
    mitigating: tuple[str, ...] = ()
    adjustment: int | None = None
    indictable_only: bool | None = None
    previous_formal_oocd: int | None = None
    police_concerns: bool | None = None
    offence: str | None = None
    decision: str | None = None
    rationale: str | None = None
    admits: bool | None = None
    child_agrees: bool | None = None
    parent_agrees: bool | None = None
    yjs_assessment_done: bool | None = None
    yjs_agrees: bool | None = None
    cps_authority: bool | None = None
    previous_knife_arrests: int | None = None  # earlier arrests for possessing a blade or offensive weapon (L8512)
    hate_crime: bool | None = None  # classified as hate crime under CPS policies (L8584)
    domestic_violence: bool | None = None  # classified as domestic violence under CPS policies (L8584)

    @property
    def final_score(self) -> int | None:
        """Gravity score plus the officer's adjustment (spec "Additions"); unknown until both are known."""
        if self.gravity_score is None or self.adjustment is None:
            return None
        return self.gravity_score + self.adjustment


def _factors(raw: dict, key: str, path: str) -> tuple[str, ...]:
    value = raw.get(key)
    if value is None:
        return ()
    p = join(path, key)
    items = []
    for i, item in enumerate(need_list(value, p)):
        if not isinstance(item, str):
            raise FactsError(join(p, i), f"expected the factor's text, got {show(item)}")
        items.append(item)
    return tuple(items)


def parse_adjustment(value: Any, path: str = "oocd.adjustment") -> int | None:
    """-1, 0 or +1 (the officer's judgement, 1.6); anything else is an error naming the field."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value not in ADJUSTMENTS:
        raise FactsError(path, f"{show(value)} is not one of -1, 0, 1 (the score moves by one point at most)")
    return int(value)


def parse_oocd(raw: Any, path: str = "oocd") -> Oocd:
    o = need_object(raw, path)
    score = opt_number(o, "gravity_score", path, 1, 4, whole=True)
    previous = opt_number(o, "previous_formal_oocd", path, 0, 1000, whole=True)
    knife = opt_number(o, "previous_knife_arrests", path, 0, 1000, whole=True)
    decision = opt_str(o, "decision", path)
    if decision is not None and decision not in OUTCOMES:
        raise FactsError(join(path, "decision"), f"{show(decision)} is not one of {', '.join(OUTCOMES)}")
    return Oocd(
        gravity_score=None if score is None else int(score),
        aggravating=_factors(o, "aggravating", path),
        mitigating=_factors(o, "mitigating", path),
        adjustment=parse_adjustment(o.get("adjustment"), join(path, "adjustment")),
        indictable_only=opt_bool(o, "indictable_only", path),
        previous_formal_oocd=None if previous is None else int(previous),
        police_concerns=opt_bool(o, "police_concerns", path),
        offence=opt_str(o, "offence", path),
        decision=decision,
        rationale=opt_str(o, "rationale", path),
        admits=opt_bool(o, "admits", path),
        child_agrees=opt_bool(o, "child_agrees", path),
        parent_agrees=opt_bool(o, "parent_agrees", path),
        yjs_assessment_done=opt_bool(o, "yjs_assessment_done", path),
        yjs_agrees=opt_bool(o, "yjs_agrees", path),
        cps_authority=opt_bool(o, "cps_authority", path),
        previous_knife_arrests=None if knife is None else int(knife),
        hate_crime=opt_bool(o, "hate_crime", path),
        domestic_violence=opt_bool(o, "domestic_violence", path),
    )


def yjs_assessment_needed(o: Oocd) -> bool | None:
    """CR-18 (L22217): a second or later formal disposal, or police concerns; and CR-19 (L22247-22250): every Youth
    Conditional Caution, the first included ("The child or young person will be subject to an assessment by the YOT,
    after which the YOT and the police will reach agreement"). Unknown while a CR-18 answer is unknown and nothing
    already makes it true."""
    second = None if o.previous_formal_oocd is None else o.previous_formal_oocd >= 1
    if second is True or o.police_concerns is True or o.decision == "youth_conditional_caution":
        return True
    if second is False and o.police_concerns is False:
        return False
    return None


def outcomes_for(final: int | None) -> list[str] | None:
    """What a final score normally leads to (15.1). None while the score is unknown; [] off the 1-4 scale,
    where the source says nothing (note C §5.3)."""
    if final is None:
        return None
    return list(SCORE_OUTCOMES.get(final, ()))


def matrix_entry(offence: str | None) -> dict | None:
    if not offence:
        return None
    for e in gravity.entries():
        if e["offence"] == offence:
            return e
    return None


def cps_note(entry: dict | None) -> bool:
    return bool(entry) and _CPS_NOTE.search(entry.get("notes", "")) is not None


# --- The national knife-crime agreement (5.1, seed 002 L8504-8514) ---------------------------------------------
KNIFE = Citation(GRAVITY, "5.1", "002", (8504, 8508, 8510, 8512, 8514))
# The matrix rows it speaks of, by citation: possession of an offensive weapon or a sharp pointed blade, and the
# offence of threatening with one in public or on school premises; each row's age band as the matrix prints it.
KNIFE_POSSESSION_ROWS = {"seed 002 L11209": 16, "seed 002 L11227": 10, "seed 002 L11245": 16,
                         "seed 002 L11257": 10}
KNIFE_THREAT_ROWS = {"seed 002 L11271": 16, "seed 002 L11291": 10}
# Each row and the row of the same offence for the other age band (the matrix scores them apart: 4 and 3).
KNIFE_OTHER_BAND = {"seed 002 L11209": "seed 002 L11227", "seed 002 L11245": "seed 002 L11257",
                    "seed 002 L11271": "seed 002 L11291"}
KNIFE_OTHER_BAND |= {theirs: ours for ours, theirs in KNIFE_OTHER_BAND.items()}


def knife_row_for_another_age(o: Oocd, age: int | None) -> dict | None:
    """The matrix row of the same offence for the child's age band, when the row picked is for the other band (a
    15-year-old scored on the row for 16 & 17 year olds); None when the row fits, or the age is not known."""
    entry = matrix_entry(o.offence)
    if entry is None or age is None:
        return None
    band = KNIFE_POSSESSION_ROWS.get(entry["citation"], KNIFE_THREAT_ROWS.get(entry["citation"]))
    if band is None or (age >= 16) == (band == 16):
        return None
    other = KNIFE_OTHER_BAND.get(entry["citation"])
    return next((e for e in gravity.entries() if e["citation"] == other), None)


def _knife_age(o: Oocd, age: int | None) -> int | None:
    entry = matrix_entry(o.offence)
    if entry is None:
        return None
    band = KNIFE_POSSESSION_ROWS.get(entry["citation"], KNIFE_THREAT_ROWS.get(entry["citation"]))
    if age is not None:
        return age
    return band  # the row picked is for 16 & 17 or 10 to 15 year olds: 16 means 16 or over, 10 under 16


def knife_crime_outcome(o: Oocd, age: int | None) -> str | None:
    """What the national knife-crime agreement (L8504-8514) says for this offence: "charge", "youth_conditional_
    caution", or None (not a knife row, or what it turns on not known). A recommendation ("It is recommended that
    forces follow"): departing from it is the officer's decision, with reasons (15.2)."""
    entry = matrix_entry(o.offence)
    if entry is None:
        return None
    citation = entry["citation"]
    age = _knife_age(o, age)
    if citation in KNIFE_THREAT_ROWS:
        return "charge" if age is not None and age >= 16 else None  # L8514: 16 or over straight to charge
    if citation not in KNIFE_POSSESSION_ROWS:
        return None
    if o.aggravating:
        return "charge"  # L8508: first arrest, any age, with aggravating factors
    if age is not None and age >= 16:
        return "charge"  # L8510: "A youth aged 16 or over will normally be charged"
    if age is None or o.previous_knife_arrests is None:
        return None
    return "youth_conditional_caution" if o.previous_knife_arrests == 0 else "charge"  # L8510, L8512


# --- Who makes the charging decision (13.1, 14.1, seed 002 L8576-8596) -----------------------------------------
CHARGING = Citation(GRAVITY, "13.1, 14.1", "002", (8576, 8596))
# Matrix rows of the proviso "provided it is not ..." (L8578-8592), by citation: the reason, its line.
_GBH = ("causing Grievous Bodily Harm or Wounding, or Actual Bodily Harm", 8588)
_DEATH = ("a case involving a death", 8580)
_SOA = ("a Sexual Offences Act offence committed by or upon a person under 18", 8590)
CPS_CHARGE_ROWS: dict[str, tuple[str, int]] = {
    "seed 002 L9397": _GBH, "seed 002 L9407": _GBH, "seed 002 L9433": _GBH,
    "seed 002 L11395": ("an offence of Violent Disorder or Affray", 8586),
    "seed 002 L11467": ("an offence of Violent Disorder or Affray", 8586),
    "seed 002 L9895": _DEATH, "seed 002 L9905": _DEATH, "seed 002 L9915": _DEATH, "seed 002 L9925": _DEATH,
    "seed 002 L11687": _DEATH, "seed 002 L11697": _DEATH,
    "seed 002 L10975": ("an offence under the Licensing Act 2003 (the matrix's LICENSING row)", 8592),
    "seed 002 L9575": _SOA,  # trespass with intent, printed "(Sexual Offences Act 2003 update)"
}
# Every SEXUAL OFFENCES row citing a section "(Sec. n)" is a Sexual Offences Act 2003 offence, and the child is
# under 18: the CPS decides a charge. (Loitering and kerb crawling name no Act in the matrix: left out.)
_SOA_ROW = re.compile(r"\(Sec\. ?\d")


def cps_charging_reasons(o: Oocd) -> list[tuple[str, int]]:
    """Why the CPS, not the police, makes the charging decision: (reason, seed line) for each that applies."""
    reasons = []
    entry = matrix_entry(o.offence)
    if o.indictable_only is True:
        reasons.append(("an indictable-only offence", 8596))
    if entry is not None:
        if entry["citation"] in CPS_CHARGE_ROWS:
            reasons.append(CPS_CHARGE_ROWS[entry["citation"]])
        elif entry["category"] == "SEXUAL OFFENCES" and _SOA_ROW.search(entry["offence"]):
            reasons.append(_SOA)
    if o.hate_crime:
        reasons.append(("classified as Hate Crime under CPS policies", 8584))
    if o.domestic_violence:
        reasons.append(("classified as Domestic Violence under CPS policies", 8584))
    return reasons


def cps_charging_decision(o: Oocd) -> bool | None:
    """True where the CPS makes the charging decision; False for a summary-only offence outside the proviso (the
    police may charge it, 13.1); None otherwise (either way: it turns on the anticipated plea and venue)."""
    if cps_charging_reasons(o):
        return True
    if o.offence is None:
        return None
    from yjtui.reference import offences  # the matrix's own I / E / S column, per row

    entry = matrix_entry(o.offence)
    row = offences.for_gravity(o.offence, entry["citation"] if entry else None)
    if row is None or row.get("triable") != "summary_only" or o.hate_crime is None or o.domestic_violence is None:
        return None
    return False


def _label(key: str) -> str:
    return OUTCOMES[key][0]


def _cite(seed_line: str) -> str:
    """The gravity module cites "seed 002 L8466"; findings name the document too."""
    return f"{GRAVITY} ({seed_line})"


def _severity(word: str):
    return {"info": INFO, "warning": WARNING, "action": ACTION}[word]


@rule("oocd.final_score", "The gravity score can only be up-graded or down-graded by one point irrespective of "
      "the number of factors present", NATIONAL, ONE_POINT, prompt=True)
def final_score(case: Case, ctx: Context):
    o: Oocd | None = case.oocd
    if o is None:
        return None
    final = o.final_score
    findings = []
    if o.gravity_score is None:
        findings.append(finding("oocd.final_score", INFO, "Settle the offence on the evidence, then take its gravity "
                                "score (1 to 4) from the matrix.", Citation(GRAVITY, "1.4, 1.5", "002", (8456, 8462))))
    elif o.adjustment is None:
        findings.append(finding("oocd.final_score", ACTION, "Decide whether the factors move the score: -1, 0 or +1. "
                                "A factor need not change the score, and + and - factors may balance; note the "
                                "consideration given to them.", ONE_POINT))
    if final is not None:
        for f in gravity.check_final_score(o.gravity_score, final, o.aggravating, o.mitigating):
            findings.append(finding("oocd.final_score", _severity(f["severity"]), f["message"], _cite(f["citation"])))
        if final in SCORE_OUTCOMES:
            meaning = gravity.disposal_for(final)
            findings.append(finding("oocd.final_score", INFO, f"Score {final} normally leads to: {meaning['meaning']}",
                                    _cite(meaning["citation"])))
            for odd in meaning["oddities"]:
                findings.append(finding("oocd.final_score", INFO, f"The source as printed: {odd['text']}",
                                        _cite(odd["citation"])))
        else:
            nearest = 4 if final > 4 else 1
            meaning = gravity.disposal_for(nearest)
            what = "an aggravated 4" if final > 4 else "a mitigated 1"
            findings.append(finding(
                "oocd.final_score", WARNING,
                f"{o.gravity_score} {'+' if o.adjustment > 0 else '-'} 1 = {final}: the source does not say what "
                f"{what} leads to (there is no {final} on its 1 to 4 scale), so no outcome is suggested. The nearest "
                f"row, score {nearest}: '{meaning['meaning']}' ({meaning['citation']}). Decide, and record why.",
                Citation(GRAVITY, "1.4, 15.1", "002", (8456, 8666))))
    values = {
        "final_score": final,
        "outcomes": outcomes_for(final),
        "cps_authority_needed": o.indictable_only,
        "yjs_assessment_needed": yjs_assessment_needed(o),
        "knife_crime_agreement": knife_crime_outcome(o, ctx.values.get("age")),
        "cps_charging_decision": cps_charging_decision(o),
    }
    return out({"oocd": values}, findings)


@rule("oocd.matrix_note", "Offences that are not shown should be dealt with in accordance with the general "
      "principles of this document", NATIONAL, NOT_IN_MATRIX)
def matrix_note(case: Case, ctx: Context):
    o: Oocd | None = case.oocd
    if o is None or not o.offence:
        return None
    entry = matrix_entry(o.offence)
    if entry is None:
        return out(findings=[finding("oocd.matrix_note", WARNING, f"'{o.offence}' is not in the gravity matrix: deal "
                                     "with it by the general principles of the document and record the score you "
                                     "reached and why.", NOT_IN_MATRIX)])
    findings = []
    if entry.get("notes"):
        severity = ACTION if cps_note(entry) else INFO
        prefix = "The matrix sends this offence to the CPS: " if severity is ACTION else "The matrix notes: "
        findings.append(finding("oocd.matrix_note", severity, f"{prefix}{entry['notes'].rstrip('.')}.",
                                _cite(entry["citation"])))
    conflict = gravity.score_conflict(entry["citation"])
    scores = sorted({r["score"] for r in conflict}) if conflict else [entry.get("score")]
    if conflict:
        # The matrix scores this offence two ways (seed 002 L9575, L12865): neither is "not" the matrix's.
        findings.append(finding("oocd.matrix_note", WARNING, gravity.conflict_text(entry["citation"]),
                                _cite("seed 002 " + ", ".join(r["citation"].removeprefix("seed 002 ")
                                                              for r in conflict))))
    if entry.get("score") is None:
        findings.append(finding("oocd.matrix_note", WARNING, "The matrix prints no score for this row: the score "
                                "rests on your judgement and the general principles; record why.",
                                _cite(entry["citation"])))
    elif o.gravity_score is not None and o.gravity_score not in scores:
        matrix = " or ".join(str(s) for s in scores)
        findings.append(finding("oocd.matrix_note", WARNING, f"The matrix scores '{o.offence}' {matrix}, not "
                                f"{o.gravity_score}: the offence's score is the starting point (1.4).",
                                _cite(entry["citation"])))
    for odd in gravity.oddities_for_row(entry["citation"]):
        if not odd.get("conflict"):
            findings.append(finding("oocd.matrix_note", INFO, f"The source as printed: {odd['text']}",
                                    _cite(odd["citation"])))
    if o.decision in FORMAL:
        for odd in (o for o in gravity.general_oddities() if o["citation"] == EXCLUDED_PAGE):
            findings.append(finding("oocd.matrix_note", INFO, f"The source as printed: {odd['text']}",
                                    _cite(odd["citation"])))
    return out(findings=findings)


@rule("oocd.cps_authority", "A first Youth Caution can be decided upon by the police alone unless for an "
      "indictable-only offence, for which the authority of the Crown Prosecution Service is required", NATIONAL,
      CR_18_CPS)
def cps_authority(case: Case, ctx: Context):
    o: Oocd | None = case.oocd
    if o is None or o.indictable_only is not True:
        return None
    if o.cps_authority is True:
        return out(findings=[finding("oocd.cps_authority", INFO, "Indictable-only offence: the CPS's authority is "
                                     "recorded.", CR_18_CPS)])
    return out(findings=[
        finding("oocd.cps_authority", ACTION, "Indictable-only offence: only the CPS can decide whether to charge or "
                "divert. A Youth Caution or Youth Conditional Caution needs the CPS's authority: refer the case.",
                CR_18_CPS),
        finding("oocd.cps_authority", INFO, "All indictable-only offences must be referred to the CPS (14.4); all "
                "other offences are eligible for an out-of-court disposal (18.1).", INDICTABLE_ONLY)])


@rule("oocd.knife_crime", "It is recommended that forces follow a national agreement to interpret Knife-Crime "
      "offences", NATIONAL, KNIFE, prompt=True)
def knife_crime(case: Case, ctx: Context):
    o: Oocd | None = case.oocd
    entry = matrix_entry(o.offence) if o is not None else None
    if entry is None or entry["citation"] not in KNIFE_POSSESSION_ROWS | KNIFE_THREAT_ROWS:
        return None
    agreed = knife_crime_outcome(o, ctx.values.get("age"))
    age = _knife_age(o, ctx.values.get("age"))
    findings = []
    other = knife_row_for_another_age(o, ctx.values.get("age"))
    if other is not None:
        findings.append(finding("oocd.knife_crime", ACTION, f"The row picked is for "
                                f"{'16 & 17' if ctx.values['age'] < 16 else '10 to 15'} year olds; the child is "
                                f"{ctx.values['age']}. Pick \"{other['offence']}\" (gravity score {other['score']}, "
                                f"{other['citation']}).", _cite(f"{entry['citation']}, {other['citation']}")))
    if entry["citation"] in KNIFE_THREAT_ROWS:
        if agreed:
            findings.append(finding("oocd.knife_crime", ACTION, "Threatening with a blade or offensive weapon, aged 16 "
                                    "or over: straight to charge. The offence carries a minimum 4-month detention "
                                    "and training order, so it should not be dealt with by an out-of-court disposal.",
                                    Citation(GRAVITY, "5.1", "002", (8514,))))
    elif agreed == "charge" and o.aggravating:
        findings.append(finding("oocd.knife_crime", ACTION, "Possession of a blade or offensive weapon with "
                                "aggravating factors: the national agreement is a charge, at any age and on the "
                                "first arrest.", Citation(GRAVITY, "5.1", "002", (8508,))))
    elif agreed == "charge" and age is not None and age >= 16:
        findings.append(finding("oocd.knife_crime", ACTION, "Simple possession of a blade or offensive weapon, aged 16 "
                                "or over: the national agreement is that the child will normally be charged.",
                                Citation(GRAVITY, "5.1", "002", (8510,))))
    elif agreed == "charge":
        findings.append(finding("oocd.knife_crime", ACTION, "A second arrest under 16 for simple possession of a "
                                "blade or offensive weapon: the national agreement is a charge (unless, in "
                                "exceptional circumstances, 2 years have passed and another Youth Conditional "
                                "Caution is considered appropriate).", Citation(GRAVITY, "5.1", "002", (8512,))))
    elif agreed == "youth_conditional_caution":
        findings.append(finding("oocd.knife_crime", ACTION, "A first arrest under 16 for simple possession of a blade "
                                "or offensive weapon, no aggravating factors: the national agreement is a Youth "
                                "Conditional Caution, supported by a YOT intervention, preferably with anti-knife "
                                "crime education.", Citation(GRAVITY, "5.1", "002", (8510,))))
    else:
        findings.append(finding("oocd.knife_crime", ACTION, "Blade or offensive weapon: the national knife-crime "
                                "agreement turns on the child's age and earlier arrests for possession. Record the "
                                "earlier arrests (under 16: the first simple possession is a Youth Conditional "
                                "Caution, the second a charge; 16 or over, or with aggravating factors, a charge).",
                                KNIFE))
    if agreed and o.decision and o.decision != agreed:
        severity = INFO if (o.rationale or "").strip() else ACTION
        findings.append(finding("oocd.knife_crime", severity, f"{_label(o.decision)} departs from the knife-crime "
                                f"agreement ({_label(agreed)}): "
                                + ("your reasons are recorded." if severity is INFO else "record your reasons in full."),
                                DISCRETION))
    return out(findings=findings)


@rule("oocd.cps_charging", "The police may charge any summary only offence and any either way offence anticipated as "
      "a guilty plea and suitable for sentence in a magistrates' court, provided it is not ...", NATIONAL, CHARGING)
def cps_charging(case: Case, ctx: Context):
    o: Oocd | None = case.oocd
    if o is None:
        return None
    reasons = cps_charging_reasons(o)
    if not reasons:
        if o.decision == "charge" and cps_charging_decision(o) is None and o.offence:
            return out(findings=[finding("oocd.cps_charging", INFO, "The police may charge an either-way offence only "
                                         "where a guilty plea is anticipated and it is suitable for sentence in a "
                                         "magistrates' court; otherwise the CPS makes the charging decision.",
                                         CHARGING)])
        return None
    why = "; ".join(r for r, _ in reasons)
    lines = tuple(sorted({8576, *(n for _, n in reasons)}))
    cite = Citation(GRAVITY, "13.1, 14.1", "002", lines)
    if o.decision == "charge":
        severity = INFO if o.cps_authority else ACTION
        words = ("the CPS's charging decision is recorded." if o.cps_authority
                 else "the police may not charge it: refer it to the CPS and record the CPS's decision.")
        return out(findings=[finding("oocd.cps_charging", severity, f"A charge here is the CPS's decision ({why}): "
                                     f"{words}", cite)])
    return out(findings=[finding("oocd.cps_charging", INFO, f"A charge here would be the CPS's decision ({why}). The "
                                 "police may still caution or conditionally caution a summary or either-way offence "
                                 "without reference to the CPS (14.3).", Citation(GRAVITY, "13.1, 14.3", "002",
                                                                                 (*lines, 8600)))])


@rule("oocd.yjs_assessment", "For all second or subsequent out-of-court formal disposals, or if the police have "
      "concerns regarding the child or young person, an assessment by the YOT is required prior to making the "
      "final decision", NATIONAL, CR_18)
def yjs_assessment(case: Case, ctx: Context):
    o: Oocd | None = case.oocd
    if o is None:
        return None
    needed = yjs_assessment_needed(o)
    if needed is None:
        return out(findings=[finding("oocd.yjs_assessment", INFO, "Record the previous formal out-of-court disposals "
                                     "(Youth Cautions, Youth Conditional Cautions) and whether the police have "
                                     "concerns: either means a YJS assessment before the decision.", CR_18)])
    if not needed:
        if o.decision in (None, "youth_caution"):
            return out(findings=[finding("oocd.yjs_assessment", INFO, "No YJS assessment is needed for a first Youth "
                                         "Caution here; a Youth Conditional Caution, the first included, is decided "
                                         "jointly after the YJS has assessed the child.", CR_19)])
        return None
    why = []
    if o.decision == "youth_conditional_caution":
        why.append("a Youth Conditional Caution, decided jointly after the YJS's assessment")
    if (o.previous_formal_oocd or 0) >= 1:
        why.append(f"{o.previous_formal_oocd} previous formal disposal{'s' if o.previous_formal_oocd > 1 else ''}")
    if o.police_concerns:
        why.append("police concerns about the child")
    cite = CR_19 if o.decision == "youth_conditional_caution" else CR_18
    if o.yjs_assessment_done is True:
        return out(findings=[finding("oocd.yjs_assessment", INFO,
                                     f"YJS assessment recorded as done ({', '.join(why)}).", cite)])
    return out(findings=[
        finding("oocd.yjs_assessment", ACTION, f"A YJS assessment is required before the final decision "
                f"({', '.join(why)}): refer the child to the YJS and decide after it.", cite),
        finding("oocd.yjs_assessment", INFO, "The police must refer for a YOT assessment on all subsequent disposals "
                "(15.1), and a second caution or conditional caution is a joint decision with the YOT (14.4).",
                Citation(GRAVITY, "15.1, 14.4", "002", (8618, 8602)))])


@rule("oocd.ycc_joint", "In relation to Youth Conditional Cautions, the police and the YOT will jointly decide if "
      "this is an appropriate outcome", NATIONAL, CR_19, prompt=True)
def ycc_joint(case: Case, ctx: Context):
    o: Oocd | None = case.oocd
    if o is None or o.decision != "youth_conditional_caution":
        return None
    if o.yjs_agrees is True:
        return out(findings=[finding("oocd.ycc_joint", INFO, "Youth Conditional Caution: the YJS's agreement to the "
                                     "decision and the conditions it will supervise is recorded.", CR_19)])
    return out(findings=[
        finding("oocd.ycc_joint", ACTION, "A Youth Conditional Caution is decided jointly with the YJS: the child is "
                "assessed by the YJS, then the police and the YJS agree the interventions or conditions the YJS will "
                "supervise. Record the YJS's agreement.", CR_19),
        finding("oocd.ycc_joint", INFO, "If the police and the YJS cannot agree, refer to your managers, who may ask "
                "the CPS to help decide (14.5).", DISAGREE)])


@rule("oocd.departure", "Discretion does exist to deviate from the normal response, but only if the circumstances "
      "justify this, and the reasons for such action would need to be fully recorded", NATIONAL, DISCRETION,
      prompt=True)
def departure(case: Case, ctx: Context):
    o: Oocd | None = case.oocd
    if o is None or o.decision is None:
        return None
    findings = []
    suggested = outcomes_for(o.final_score)
    if suggested is not None and o.decision not in suggested:
        normal = ", ".join(_label(k) for k in suggested) or "nothing (the score is off the 1 to 4 scale)"
        if (o.rationale or "").strip():
            findings.append(finding("oocd.departure", INFO, f"{_label(o.decision)} departs from what score "
                                    f"{o.final_score} normally leads to ({normal}); your reasons are recorded.",
                                    DISCRETION))
        else:
            findings.append(finding("oocd.departure", ACTION, f"{_label(o.decision)} departs from what score "
                                    f"{o.final_score} normally leads to ({normal}): record your reasons in full.",
                                    DISCRETION))
    if o.decision == "no_further_action":
        findings.append(finding("oocd.departure", INFO, "No further action is not a disposal for an admitted "
                                "offence but an acknowledgement that no action is warranted; no substantive offence "
                                "can be mitigated down to it by the gravity factors alone.", NFA))
    if o.decision == "community_resolution":
        findings.append(finding("oocd.departure", INFO, "A Community Resolution is normally dealt with by the police "
                                "alone; good practice is to tell the YJS the child's name, address and the offence.",
                                CR_17))
    if o.decision == "outcome_22":
        findings.append(finding("oocd.departure", INFO, "Outcome 22 is a deferred outcome: educational diversion "
                                "rather than No Further Action, giving the child the chance to address their "
                                "offending (Kent Police).", OUTCOME_22))
    if o.decision in FORMAL:
        findings.append(finding("oocd.departure", INFO, "Show the final gravity score clearly on the record passed to "
                                "the YJS.", RECORD_SCORE))
    return out(findings=findings)


@rule("oocd.admission", "Do they admit the offence?", NATIONAL, ADMIT)
def admission(case: Case, ctx: Context):
    o: Oocd | None = case.oocd
    if o is None or o.decision not in FORMAL or o.admits is True:
        return None
    if o.admits is False:
        return out(findings=[finding("oocd.admission", WARNING, f"{_label(o.decision)} recorded, but the child does "
                                     "not admit the offence: a caution is for an admitted offence (1.2(a), 15.4).",
                                     ADMIT)])
    return out(findings=[finding("oocd.admission", ACTION, "Record whether the child admits the offence (1.2(a)).",
                                 ADMIT)])


@rule("oocd.agreement", "The child's and parent's or carer's agreement to the out-of-court disposal", NATIONAL,
      GUIDE, prompt=True)
def agreement(case: Case, ctx: Context):
    o: Oocd | None = case.oocd
    if o is None or o.decision not in ("community_resolution", "outcome_22", *FORMAL):
        return None
    if o.child_agrees is not None and o.parent_agrees is not None:
        return None
    return out(findings=[finding("oocd.agreement", ACTION, "Record whether the child and their parent or carer "
                                 "agree. The rules on consent are in the YJB's Youth Out-of-Court Disposals guide "
                                 "(2013), which the protocol refers to but which is not among this app's sources.",
                                 GUIDE)])


@rule("oocd.victim", "Wherever possible, the victim should be contacted before a decision is made", NATIONAL, VICTIM,
      prompt=True)
def victim(case: Case, ctx: Context):
    o: Oocd | None = case.oocd
    if o is None or o.decision is not None:
        return None
    return out(findings=[finding("oocd.victim", INFO, "Wherever possible, contact the victim before deciding: their "
                                 "view may bear on how serious the offence is, but is not conclusive.", VICTIM)])


# The adjustment as the screen offers it (1.6): the officer's judgement, never pre-chosen.
ADJUSTMENT_LABELS = {-1: "-1: down one point (mitigating factors)", 0: "0: no change",
                     1: "+1: up one point (aggravating factors)"}


def decision_blockers(o: Oocd) -> list:
    """What must be recorded before the decision can be: each a Finding naming the gate and its source.

    The gates the sources make conditions of the decision ("required prior to making the final decision", "the
    authority of the CPS is required", "jointly decide", reasons "fully recorded"); everything else is a prompt.
    """
    blocks = []
    if o.decision is None:
        blocks.append(finding("oocd.record", ACTION, "Choose the decision.", TABLE))
        return blocks
    if o.final_score is None and o.decision != "no_further_action":
        blocks.append(finding("oocd.record", ACTION, "Settle the final score first: the gravity score and your "
                              "adjustment (-1, 0 or +1).", ONE_POINT))
    suggested = outcomes_for(o.final_score)
    if suggested is not None and o.decision not in suggested and not (o.rationale or "").strip():
        blocks.append(finding("oocd.record", ACTION, "Record your reasons for departing from what the score "
                              "normally leads to.", DISCRETION))
    if o.indictable_only is True and o.cps_authority is not True:
        blocks.append(finding("oocd.record", ACTION, "Indictable-only offence: record the CPS's authority (only the "
                              "CPS decides whether to charge or divert).", CR_18_CPS))
    if o.decision in FORMAL and yjs_assessment_needed(o) is True and o.yjs_assessment_done is not True:
        blocks.append(finding("oocd.record", ACTION, "A YJS assessment is required before this decision: record it "
                              "as done.", CR_18))
    # (indictable only is the gate above; the proviso's offences are this one)
    if o.decision == "charge" and [r for r in cps_charging_reasons(o) if r[1] != 8596] and o.cps_authority is not True:
        blocks.append(finding("oocd.record", ACTION, "The CPS makes this charging decision: record it (the police "
                              "may not charge this offence themselves).", CHARGING))
    agreed = knife_crime_outcome(o, None)
    if agreed and o.decision != agreed and not (o.rationale or "").strip():
        blocks.append(finding("oocd.record", ACTION, "Record your reasons for departing from the national knife-crime "
                              "agreement.", KNIFE))
    if o.decision == "youth_conditional_caution" and o.yjs_agrees is not True:
        blocks.append(finding("oocd.record", ACTION, "A Youth Conditional Caution is a joint decision: record the "
                              "YJS's agreement.", CR_19))
    return blocks
