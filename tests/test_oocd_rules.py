"""The out-of-court decision (`oocd` facts, spec "Additions"): the gravity matrix and note C's worked examples,
the final-score table, the CR-18/19 gates; each case names the seed line it checks. Hypothesis: a bad adjustment
is always an error naming `oocd.adjustment`, and the final score is always the gravity score plus the adjustment.
"""

from __future__ import annotations

import io
import json
import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from yjtui.cli.evaluate import run_evaluate
from yjtui.inputs import MAX_DIGITS
from yjtui.rules import FactsError, evaluate
from yjtui.rules import oocd as rules

YC, YCC, CR, CHARGE = "youth_caution", "youth_conditional_caution", "community_resolution", "charge"


def _oocd(**facts) -> dict:
    return evaluate({"oocd": facts}, as_of=None).values["oocd"]


def _findings(**facts) -> list:
    return [f for f in evaluate({"oocd": facts}, as_of=None).findings if f.rule.startswith("oocd.")]


# --- the matrix and note C's worked examples: (offence, adjustment, final, outcomes, source) --------------------
MATRIX = [
    ("Burglary Dwelling", 0, 4, [CHARGE], "seed 002 L9609 (4) + L8636 'Normally result in charge'"),
    ("Burglary Non-Dwelling", 0, 3, [YC, YCC, CHARGE], "seed 002 L9609 (3) + L8652"),
    ("Burglary Non-Dwelling", 1, 4, [CHARGE], "seed 002 L8466: up one point -> 4, L8636"),
    # 4.3: racially aggravated ABH: ABH scores 3; consideration must be given to raising it to 4
    ("ABH", 1, 4, [CHARGE], "seed 002 L8496 (note C §4 hate crime example), L9433"),
    ("ABH", 0, 3, [YC, YCC, CHARGE], "seed 002 L9433"),
    # knife possession: 16-17 scores 4, 10-15 scores 3 (note C §4 knives)
    ("Possession of Sharp Pointed Blade for 16 & 17 year olds", 0, 4, [CHARGE], "seed 002 L11245, L8510"),
    ("Possession of Sharp Pointed blade for 10 to 15 year olds", 0, 3, [YC, YCC, CHARGE], "seed 002 L11257"),
    ("Theft - up to £100 in value", 0, 2, [YC, YCC, CHARGE], "seed 002 L13005 (2), L8652"),
    ("Theft - up to £100 in value", -1, 1, [CR, YC, YCC, CHARGE], "seed 002 L8666: score 1 names Community "
     "Resolution first"),
    ("Drunk and Disorderly", 0, 1, [CR, YC, YCC, CHARGE], "seed 002 L10117 (1), L8666"),
    ("Common Assault", 1, 3, [YC, YCC, CHARGE], "seed 002 L9515 (2) + L8466"),
]


@pytest.mark.parametrize("offence, adjustment, final, outcomes, source", MATRIX)
def test_matrix_scores_and_what_they_lead_to(offence, adjustment, final, outcomes, source):
    entry = rules.matrix_entry(offence)
    assert entry is not None, source
    v = _oocd(offence=offence, gravity_score=entry["score"], adjustment=adjustment)
    assert (v["final_score"], v["outcomes"]) == (final, outcomes), source


# --- the one-point rule and the scale's open ends (note C §1 step 4, §5.3) -------------------------------------
OFF_SCALE = [
    (4, 1, 5, "seed 002 L8456: no 5 on the 1-4 scale; the source does not say what an aggravated 4 leads to"),
    (1, -1, 0, "seed 002 L8686: no substantive offence can be mitigated down to No Further Action"),
]


@pytest.mark.parametrize("score, adjustment, final, source", OFF_SCALE)
def test_above_4_and_below_1_give_no_outcome_and_a_finding(score, adjustment, final, source):
    v = _oocd(gravity_score=score, adjustment=adjustment, aggravating=["x"], mitigating=["y"])
    assert (v["final_score"], v["outcomes"]) == (final, []), source
    texts = " ".join(f.message for f in _findings(gravity_score=score, adjustment=adjustment))
    assert "the source does not say" in texts and "nearest" in texts, source


def test_many_factors_still_move_the_score_one_point_only():
    # seed 002 L8466: "only be up-graded or down-graded by one point irrespective of the number of factors"
    v = _oocd(gravity_score=2, adjustment=1, aggravating=["a", "b", "c"])
    assert v["final_score"] == 3
    with pytest.raises(FactsError) as err:
        evaluate({"oocd": {"gravity_score": 2, "adjustment": 2}})
    assert err.value.path == "oocd.adjustment"


def test_raised_with_no_factor_asks_for_the_reason():
    # seed 002 L8466 last sentence: the consideration given to the factors must be noted
    found = _findings(gravity_score=2, adjustment=1)
    assert any(f.severity.value == "action" and "L8466" in f.citation for f in found)


def test_adjustment_not_chosen_leaves_the_score_unsettled():
    v = _oocd(gravity_score=3)
    assert v == {"final_score": None, "outcomes": None, "cps_authority_needed": None, "yjs_assessment_needed": None,
                 "knife_crime_agreement": None, "cps_charging_decision": None}  # the last two added (issue 23)
    assert any("Decide whether the factors move the score" in f.message for f in _findings(gravity_score=3))


def test_null_without_the_facts_and_present_in_every_evaluation():
    assert "oocd" in evaluate({}).values and evaluate({}).values["oocd"] is None


# --- CR-18 / CR-19 gates: (facts, cps_authority_needed, yjs_assessment_needed, source) ---------------------------
GATES = [
    ({"indictable_only": True, "previous_formal_oocd": 0, "police_concerns": False}, True, False,
     "seed 002 L22211: a first YC by the police alone unless indictable-only (CPS authority)"),
    ({"indictable_only": False, "previous_formal_oocd": 0, "police_concerns": False}, False, False,
     "seed 002 L22211: first Youth Caution, police alone"),
    ({"indictable_only": False, "previous_formal_oocd": 1, "police_concerns": False}, False, True,
     "seed 002 L22217: second or subsequent formal disposal -> YOT assessment first"),
    ({"indictable_only": False, "previous_formal_oocd": 3, "police_concerns": False}, False, True,
     "seed 002 L22217: 'all second or subsequent'"),
    ({"indictable_only": False, "previous_formal_oocd": 0, "police_concerns": True}, False, True,
     "seed 002 L22217: 'or if the police have concerns'"),
    ({"previous_formal_oocd": 0}, None, None, "seed 002 L22217: police concerns not yet known"),
    ({"police_concerns": True}, None, True, "seed 002 L22217: concerns alone settle it"),
]


@pytest.mark.parametrize("facts, cps, yjs, source", GATES)
def test_cr18_gates(facts, cps, yjs, source):
    v = _oocd(gravity_score=3, adjustment=0, **facts)
    assert (v["cps_authority_needed"], v["yjs_assessment_needed"]) == (cps, yjs), source


def test_always_refer_to_the_cps_rows_say_so():
    # seed 002 L12993 Robbery: "Always refer to the CPS"; L9587 Aggravated Burglary: "Defer Decision to CPS"
    for offence, line in (("Robbery/Assault with Intent to Rob", "L12993"), ("Aggravated Burglary", "L9587")):
        found = [f for f in _findings(offence=offence, gravity_score=4, adjustment=0) if f.rule == "oocd.matrix_note"]
        assert found and found[0].severity.value == "action" and line in found[0].citation, offence
        assert "CPS" in found[0].message


def test_offence_not_in_the_matrix_follows_the_general_principles():
    found = [f for f in _findings(offence="Something unlisted") if f.rule == "oocd.matrix_note"]
    assert found and "L8474" in found[0].citation  # 2.0: general principles


def test_ycc_is_a_joint_decision():
    # seed 002 L22238: "the police and the YOT will jointly decide"
    found = _findings(gravity_score=3, adjustment=0, decision=YCC)
    assert any(f.rule == "oocd.ycc_joint" and f.severity.value == "action" and "L22238" in f.citation for f in found)
    blocks = rules.decision_blockers(rules.parse_oocd({"gravity_score": 3, "adjustment": 0, "decision": YCC}))
    assert any("joint decision" in b.message for b in blocks)


# (facts, blocking messages expected, source)
BLOCKERS = [
    ({"gravity_score": 3, "adjustment": 0, "decision": YC, "previous_formal_oocd": 1, "police_concerns": False},
     ["YJS assessment"], "seed 002 L22217"),
    ({"gravity_score": 3, "adjustment": 0, "decision": YC, "previous_formal_oocd": 1, "police_concerns": False,
      "yjs_assessment_done": True}, [], "seed 002 L22217"),
    ({"gravity_score": 4, "adjustment": 0, "decision": YC, "previous_formal_oocd": 0, "police_concerns": False},
     ["reasons"], "seed 002 L8678: departing from 'charge' needs the reasons recorded"),
    ({"gravity_score": 4, "adjustment": 0, "decision": YC, "rationale": "first offence, remorse",
      "previous_formal_oocd": 0, "police_concerns": False}, [], "seed 002 L8678"),
    ({"gravity_score": 4, "adjustment": 0, "decision": CHARGE, "indictable_only": True}, ["CPS"],
     "seed 002 L22211, L8602: indictable-only: only the CPS decides"),
    ({"gravity_score": 3, "decision": YC}, ["final score"], "seed 002 L8466"),
]


@pytest.mark.parametrize("facts, expected, source", BLOCKERS)
def test_what_must_be_recorded_before_the_decision(facts, expected, source):
    messages = [b.message for b in rules.decision_blockers(rules.parse_oocd(facts))]
    assert len(messages) == len(expected), (source, messages)
    for word, message in zip(expected, messages):
        assert word in message, source


def test_outcome_22_is_recordable_and_cited():
    assert rules.OUTCOMES["outcome_22"][1].seed == "003" and rules.OUTCOMES["outcome_22"][1].lines == (14,)
    found = _findings(gravity_score=1, adjustment=0, decision="outcome_22", rationale="educational diversion")
    assert any("L14" in f.citation and "Outcome 22" in f.message for f in found)


# --- bad input: errors name the field path --------------------------------------------------------------------
BAD = [
    ({"gravity_score": 5}, "oocd.gravity_score"),
    ({"gravity_score": 0}, "oocd.gravity_score"),
    ({"gravity_score": "3"}, "oocd.gravity_score"),
    ({"adjustment": 2}, "oocd.adjustment"),
    ({"adjustment": "1"}, "oocd.adjustment"),
    ({"adjustment": True}, "oocd.adjustment"),
    ({"adjustment": 0.5}, "oocd.adjustment"),
    ({"previous_formal_oocd": -1}, "oocd.previous_formal_oocd"),
    ({"aggravating": "Group offence"}, "oocd.aggravating"),
    ({"aggravating": [3]}, "oocd.aggravating[0]"),
    ({"decision": "caution"}, "oocd.decision"),
    ({"police_concerns": "maybe"}, "oocd.police_concerns"),
]


@pytest.mark.parametrize("facts, path", BAD)
def test_bad_oocd_facts_name_the_field(facts, path):
    with pytest.raises(FactsError) as err:
        evaluate({"oocd": facts})
    assert err.value.path == path


def _cli(facts: dict) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_evaluate(["-"], [], io.StringIO(json.dumps(facts)), out, err)
    return code, out.getvalue(), err.getvalue()


not_an_adjustment = st.one_of(
    st.integers().filter(lambda n: n not in (-1, 0, 1)),
    st.floats(allow_nan=True, allow_infinity=True).filter(lambda x: x not in (-1, 0, 1)),
    st.text(max_size=5), st.booleans(), st.lists(st.integers(-1, 1), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _too_long(value) -> bool:
    """A whole number of more than MAX_DIGITS digits anywhere: `yjtui evaluate` refuses such input as it reads it,
    before any check (yjtui.inputs, issue 22), so its error names the input, not the key."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) >= 10 ** MAX_DIGITS
    if isinstance(value, dict):
        return any(_too_long(v) for v in value.values())
    if isinstance(value, list):
        return any(_too_long(v) for v in value)
    return False


@settings(max_examples=150, deadline=None)
@given(score=st.integers(1, 4), bad=not_an_adjustment)
@example(score=1, bad=10 ** 20)  # Hypothesis found it: refused by the reader (21 digits), not by the rule
@example(score=2, bad={"x": -10 ** 25})
def test_any_other_adjustment_is_an_error_naming_the_path(score, bad):
    with pytest.raises(FactsError) as err:
        evaluate({"oocd": {"gravity_score": score, "adjustment": bad}})
    assert err.value.path == "oocd.adjustment"
    if not (isinstance(bad, float) and not math.isfinite(bad)):  # NaN and infinity are not JSON
        code, out, err_text = _cli({"oocd": {"gravity_score": score, "adjustment": bad}})
        said = (f"error: input: a whole number of more than {MAX_DIGITS} digits" if _too_long(bad)
                else "error: oocd.adjustment: ")
        assert code == 2 and out == "" and err_text.startswith(said)


@settings(max_examples=150, deadline=None)
@given(score=st.integers(1, 4), adjustment=st.sampled_from([-1, 0, 1, -1.0, 0.0, 1.0]),
       agg=st.lists(st.text(max_size=10), max_size=4), mit=st.lists(st.text(max_size=10), max_size=4),
       previous=st.none() | st.integers(0, 20), concerns=st.none() | st.booleans(),
       indictable=st.none() | st.booleans())
def test_final_score_is_score_plus_adjustment(score, adjustment, agg, mit, previous, concerns, indictable):
    facts = {"gravity_score": score, "adjustment": adjustment, "aggravating": agg, "mitigating": mit,
             "previous_formal_oocd": previous, "police_concerns": concerns, "indictable_only": indictable}
    v = _oocd(**facts)
    assert v["final_score"] == score + int(adjustment)
    assert v["cps_authority_needed"] is indictable
    if previous is not None and previous >= 1 or concerns is True:
        assert v["yjs_assessment_needed"] is True
    final = score + int(adjustment)
    assert v["outcomes"] == (list(rules.SCORE_OUTCOMES[final]) if 1 <= final <= 4 else [])
    json.dumps(evaluate({"oocd": facts}).to_json())  # the evaluation is always JSON


# --- the oddities the matrix data records, shown where their row or score is (issue 23) -------------------------
TRESPASS_BURGLARY = "Trespass with intent to commit a Sexual Offence"
TRESPASS_SEXUAL = "Trespass with Intent to Commit Sexual Offence (Sec. 63)"
CONFLICT = [
    # (offence picked, score the officer entered, a "not" finding expected, source)
    (TRESPASS_BURGLARY, 4, False, "seed 002 L9575 scores 3, L12865 scores the same s.63 offence 4"),
    (TRESPASS_BURGLARY, 3, False, "seed 002 L9575"),
    (TRESPASS_SEXUAL, 3, False, "seed 002 L12865 scores 4, L9575 scores the same s.63 offence 3"),
    (TRESPASS_SEXUAL, 2, True, "seed 002 L9575, L12865: neither row scores it 2"),
]


@pytest.mark.parametrize("offence, score, told_not, source", CONFLICT)
def test_the_s63_trespass_conflict_is_shown_and_never_told_3_not_4(offence, score, told_not, source):
    found = [f for f in _findings(offence=offence, gravity_score=score, adjustment=0)
             if f.rule == "oocd.matrix_note"]
    conflict = [f for f in found if "contradicts itself" in f.message]
    assert conflict and conflict[0].severity.value == "warning", source
    assert "3 under BURGLARY" in conflict[0].message and "4 under SEXUAL OFFENCES" in conflict[0].message
    assert "L9575" in conflict[0].citation and "L12865" in conflict[0].citation
    nots = [f for f in found if ", not " in f.message]
    assert bool(nots) is told_not, source
    if told_not:
        assert "3 or 4, not 2" in nots[0].message


def test_every_row_oddity_the_data_records_is_a_finding_when_its_row_is_picked():
    from yjtui.reference import gravity
    assert sum(len(o.get("rows", ())) for o in gravity.load()["oddities"]) >= 40  # linked by tools/extract_gravity
    for odd in gravity.load()["oddities"]:
        for citation in odd.get("rows", ()):
            entry = next(e for e in gravity.entries() if e["citation"] == citation)
            found = [f for f in _findings(offence=entry["offence"], gravity_score=entry["score"] or 2, adjustment=0)
                     if f.rule == "oocd.matrix_note"]
            cited = odd["citation"].removeprefix("seed 002 ")
            assert any(cited in f.citation and ("as printed" in f.message or "contradicts itself" in f.message)
                       for f in found), (odd["citation"], entry["offence"])


def test_every_final_score_oddity_is_shown_with_the_score_it_concerns():
    # seed 002 L8636 (score 4's stray hyphen), L8648 (2 and 3 share a row), L8666 (score 1 names CR first)
    for score, line in ((4, "L8636"), (3, "L8648"), (2, "L8648"), (1, "L8666")):
        base, adjustment = (score, 0)
        found = [f for f in _findings(gravity_score=base, adjustment=adjustment) if f.rule == "oocd.final_score"]
        assert any(line in f.citation and "as printed" in f.message for f in found), (score, line)


def test_the_missing_excluded_offences_page_is_said_beside_a_caution():
    # seed 002 L8566: 11.1 names a page of offences usually excluded from a caution; the text has none
    found = _findings(offence="ABH", gravity_score=3, adjustment=0, decision=YC)
    assert any(f.rule == "oocd.matrix_note" and "L8566" in f.citation for f in found)


# --- A Youth Conditional Caution follows a YJS assessment, the first included (issue 23) -------------------------
YCC_ASSESSMENT = [
    # (facts, yjs_assessment_needed, source)
    ({"decision": YCC, "previous_formal_oocd": 0, "police_concerns": False}, True,
     "seed 002 L22247-22250: 'The child or young person will be subject to an assessment by the YOT, after which'"),
    ({"decision": YC, "previous_formal_oocd": 0, "police_concerns": False}, False,
     "seed 002 L22211: a first Youth Caution by the police alone"),
    ({"decision": YCC}, True, "seed 002 L22250: whatever the CR-18 answers"),
]


@pytest.mark.parametrize("facts, needed, source", YCC_ASSESSMENT)
def test_a_youth_conditional_caution_needs_the_yjs_assessment_first(facts, needed, source):
    assert _oocd(gravity_score=3, adjustment=0, **facts)["yjs_assessment_needed"] is needed, source
    blocks = rules.decision_blockers(rules.parse_oocd({"gravity_score": 3, "adjustment": 0, "yjs_agrees": True,
                                                       "admits": True, **facts}))
    assert any("YJS assessment" in b.message for b in blocks) is needed, source


# --- The national knife-crime agreement (5.1) and who makes the charging decision (13.1, 14.1) (issue 23) --------
BLADE_UNDER_16 = "Possession of Sharp Pointed blade for 10 to 15 year olds"
BLADE_16 = "Possession of Sharp Pointed Blade for 16 & 17 year olds"
WEAPON_UNDER_16 = "Possession of Offensive Weapon for 10 to 15 year olds"
THREAT_16 = ("Threatening with article with blade or point or offensive weapon in public or on school premises - "
             "Age 16 & 17 year olds")
UNDER_16_DOB, OVER_16_DOB = "2012-05-01", "2009-05-01"  # 14 and 17 on 2026-11-01
KNIFE_CASES = [
    # (offence, date of birth, extra oocd facts, the agreement's outcome, source)
    (BLADE_UNDER_16, UNDER_16_DOB, {"previous_knife_arrests": 0}, YCC,
     "seed 002 L8510: first arrest under 16, simple possession -> youth conditional caution"),
    (WEAPON_UNDER_16, UNDER_16_DOB, {"previous_knife_arrests": 1}, CHARGE,
     "seed 002 L8512: second arrest under 16 -> charge"),
    (BLADE_UNDER_16, UNDER_16_DOB, {"previous_knife_arrests": 0, "aggravating": ["Circumstances of possession"]},
     CHARGE, "seed 002 L8508: any age, with aggravating factors -> charge"),
    (BLADE_16, OVER_16_DOB, {"previous_knife_arrests": 0}, CHARGE, "seed 002 L8510: 16 or over normally charged"),
    (THREAT_16, OVER_16_DOB, {}, CHARGE, "seed 002 L8514: s.142 threatening, 16 or over straight to charge"),
    (BLADE_UNDER_16, UNDER_16_DOB, {}, None, "seed 002 L8510-8512: turns on earlier arrests, not yet known"),
    ("ABH", UNDER_16_DOB, {}, None, "not a knife-crime row"),
]


@pytest.mark.parametrize("offence, dob, extra, agreed, source", KNIFE_CASES)
def test_the_knife_crime_agreement(offence, dob, extra, agreed, source):
    facts = {"as_of": "2026-11-01", "child": {"date_of_birth": dob},
             "oocd": {"offence": offence, "gravity_score": rules.matrix_entry(offence)["score"], "adjustment": 0,
                      **extra}}
    e = evaluate(facts)
    assert e.values["oocd"]["knife_crime_agreement"] == agreed, source
    knife = [f for f in e.findings if f.rule == "oocd.knife_crime"]
    assert bool(knife) is (offence != "ABH"), source


def test_a_caution_for_a_first_blade_under_16_departs_from_the_agreement_and_needs_reasons():
    # seed 002 L8510: the score table alone (L8652) presents a Youth Caution as normal for score 3
    facts = {"offence": BLADE_UNDER_16, "gravity_score": 3, "adjustment": 0, "previous_knife_arrests": 0,
             "decision": YC, "admits": True}
    e = evaluate({"as_of": "2026-11-01", "child": {"date_of_birth": UNDER_16_DOB}, "oocd": facts})
    assert any(f.rule == "oocd.knife_crime" and "departs" in f.message for f in e.findings)
    assert any("knife-crime agreement" in b.message for b in rules.decision_blockers(rules.parse_oocd(facts)))


CPS_CHARGING = [
    # (offence, extra facts, cps decides, source)
    ("ABH", {}, True, "seed 002 L8588: GBH, wounding or ABH"),
    ("GBH/Wounding", {}, True, "seed 002 L8588"),
    ("Affray (Section 3)", {}, True, "seed 002 L8586: violent disorder or affray"),
    ("Violent Disorder (Section 2)", {}, True, "seed 002 L8586"),
    ("Sexual Assault (Sec. 3)", {}, True, "seed 002 L8590: a Sexual Offences Act offence by or on a child"),
    ("Exposure (Sec. 66)", {}, True, "seed 002 L8590"),
    ("Person under 18 years buy/attempt to buy", {}, True, "seed 002 L8592: Licensing Act 2003"),
    ("Causing death by dangerous driving", {}, True, "seed 002 L8580: a case involving a death"),
    ("Common Assault", {"hate_crime": True, "domestic_violence": False}, True, "seed 002 L8584: hate crime"),
    ("Common Assault", {"hate_crime": False, "domestic_violence": True}, True, "seed 002 L8584: domestic violence"),
    ("Common Assault", {"hate_crime": False, "domestic_violence": False}, False,
     "seed 002 L8576: the police may charge a summary-only offence outside the proviso"),
    ("Common Assault", {}, None, "seed 002 L8584: hate crime or domestic violence not yet known"),
]


@pytest.mark.parametrize("offence, extra, cps, source", CPS_CHARGING)
def test_the_offences_the_police_may_not_charge_without_the_cps(offence, extra, cps, source):
    facts = {"offence": offence, "gravity_score": rules.matrix_entry(offence)["score"], "adjustment": 0,
             "decision": CHARGE, **extra}
    e = evaluate({"oocd": facts}, as_of=None)
    assert e.values["oocd"]["cps_charging_decision"] is cps, source
    blocked = any("CPS makes this charging decision" in b.message
                  for b in rules.decision_blockers(rules.parse_oocd(facts)))
    assert blocked is bool(cps), source
    assert not any("CPS makes this charging" in b.message for b in rules.decision_blockers(rules.parse_oocd(
        {**facts, "cps_authority": True})))


# A knife row for the other age band: the matrix scores the same offence 4 at 16 & 17 and 3 at 10 to 15 (seed 002
# L11209/L11227, L11245/L11257, L11271/L11291); a 14-year-old picked on the 16 & 17 row was scored a point too high.
AGE_ROW_CASES = [
    # (offence picked, date of birth, the row the finding names, or None: the row fits the child's age)
    (BLADE_16, UNDER_16_DOB, "seed 002 L11257"),
    (BLADE_UNDER_16, OVER_16_DOB, "seed 002 L11245"),
    ("Possession of Offensive Weapon for 16 & 17 year olds", UNDER_16_DOB, "seed 002 L11227"),
    (WEAPON_UNDER_16, OVER_16_DOB, "seed 002 L11209"),
    (THREAT_16, UNDER_16_DOB, "seed 002 L11291"),
    (BLADE_16, OVER_16_DOB, None),
    (BLADE_UNDER_16, UNDER_16_DOB, None),
]


@pytest.mark.parametrize("offence, born, named", AGE_ROW_CASES)
def test_a_knife_row_for_the_other_age_band_names_the_childs_row(offence, born, named):
    facts = {"child": {"date_of_birth": born}, "oocd": {"offence": offence}, "as_of": "2026-11-01"}
    said = [f.message for f in evaluate(facts).findings
            if f.rule == "oocd.knife_crime" and f.message.startswith("The row picked is for")]
    if named is None:
        assert said == []
    else:
        assert len(said) == 1 and named in said[0]
