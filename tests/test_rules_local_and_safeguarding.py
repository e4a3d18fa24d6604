"""HRP, DYO, YIOM, MAPPA, safeguarding and serious-incident rules: each case names its seed line."""

from __future__ import annotations

import pytest

from yjtui.rules import (Answer, catalogue, category2_sentence_qualifies, evaluate, mappa_category,
                         notification_period)


def rules_fired(e, rule_id):
    return [f for f in e.findings if f.rule == rule_id]


HRP_CASES = [
    ({"rosh": {"judgement": "high"}}, True, "seed 002 L279"),
    ({"rosh": {"judgement": "very_high"}}, True, "seed 002 L279"),
    ({"rosh": {"judgement": "medium"}, "safety_wellbeing": {"judgement": "very_high"}}, True, "seed 002 L483"),
    ({"rosh": {"judgement": "medium"}, "safety_wellbeing": {"judgement": "medium"}}, False, "seed 002 L480-483"),
    ({"rosh": {"judgement": "medium"}}, None, "SWB not yet judged"),
    ({}, None, "no judgements"),
    ({"rosh": {"judgement": "high"}, "mappa": {"category": 2, "level": 2}}, False, "seed 002 L279, L13518"),
    ({"rosh": {"judgement": "high"}, "mappa": {"category": 2, "level": 3}}, False, "seed 002 L279"),
    ({"rosh": {"judgement": "high"}, "mappa": {"category": 2, "level": 1}}, True, "seed 002 L279, L369"),
]


@pytest.mark.parametrize("facts, expected, source", HRP_CASES)
def test_hrp_referral(facts, expected, source):
    assert evaluate(facts, ["enfield"]).values["hrp_referral"] is expected, source
    assert evaluate(facts, ["national"]).values["hrp_referral"] is None


def test_hrp_looked_after_does_not_wait():
    e = evaluate({"rosh": {"judgement": "high"}, "child": {"looked_after": True}}, ["enfield"])
    assert any("should not wait" in f.message for f in rules_fired(e, "rosh.hrp_referral")), "seed 002 L13518"


def test_very_high_actions():
    e = evaluate({"rosh": {"judgement": "very_high"}, "mappa": {"category": 2, "level": 1}}, ["enfield"])
    msgs = [f.message for f in rules_fired(e, "rosh.very_high_actions")]
    assert any("immediately" in m for m in msgs) and any("Level 3" in m for m in msgs), "seed 002 L282"


DYO_CASES = [
    ({"likelihood_of_reoffending": {"yogrs_percent": 77}}, True, "seed 004 L32"),
    ({"likelihood_of_reoffending": {"yogrs_percent": 76}, "rosh": {"judgement": "medium"}}, False, "seed 004 L32-33"),
    ({"likelihood_of_reoffending": {"yogrs_percent": 20}, "rosh": {"judgement": "very_high"}}, True, "seed 004 L33"),
    ({"likelihood_of_reoffending": {"judgement": "high"}}, True, "seed 004 L32"),
    # issue 23: "YOGRS 77-100% or High risk of Reoffending": the LoR judgement counts whatever the YOGRS score
    ({"likelihood_of_reoffending": {"yogrs_percent": 50, "judgement": "high"}, "rosh": {"judgement": "low"}}, True,
     "seed 004 L32: 'or High risk of Reoffending' (YOGRS 50, LoR judged high)"),
    ({"likelihood_of_reoffending": {"yogrs_percent": 80, "judgement": "medium"}, "rosh": {"judgement": "low"}},
     True, "seed 004 L32: 'YOGRS as 77-100%' still counts beside a lower judgement"),
    ({"likelihood_of_reoffending": {"yogrs_percent": 20}}, None, "RoSH not yet judged"),
    ({}, None, "nothing known"),
]


@pytest.mark.parametrize("facts, expected, source", DYO_CASES)
def test_dyo_consider(facts, expected, source):
    assert evaluate(facts, ["leicester"]).values["dyo_consider"] is expected, source
    assert evaluate(facts, ["enfield"]).values["dyo_consider"] is None


LOR_JUDGEMENT_CASES = [
    # (LoR facts, RoSH, intervention level, yiom_consider, source)
    ({"yogrs_percent": 50, "judgement": "high"}, "low", "intensive", True,
     "seed 002 L63 (level from LoR), L20564 (Youth IOM: 'assessed as high Likelihood of Reoffending')"),
    ({"yogrs_percent": 80, "judgement": "medium"}, "low", "enhanced", None,
     "seed 002 L126: YOGRS needs professional judgement; the judgement is the assessment"),
    ({"yogrs_percent": 50}, "low", "enhanced", None, "seed 002 L120-124: no judgement, the YOGRS band"),
]


@pytest.mark.parametrize("lor, rosh, level, yiom, source", LOR_JUDGEMENT_CASES)
def test_the_lor_judgement_drives_enfields_level_and_youth_iom(lor, rosh, level, yiom, source):
    v = evaluate({"likelihood_of_reoffending": lor, "rosh": {"judgement": rosh}}, ["enfield"]).values
    assert (v["intervention_level"], v["yiom_consider"]) == (level, yiom), source
    assert v["lor_final"] == lor.get("judgement") or v["lor_final"] == v["lor_band"]


def test_yiom():
    assert evaluate({"likelihood_of_reoffending": {"yogrs_percent": 90}}, ["enfield"]).values["yiom_consider"] is True
    v = evaluate({"likelihood_of_reoffending": {"yogrs_percent": 90}, "mappa": {"category": 2, "level": 2}},
                 ["enfield"]).values
    assert v["yiom_consider"] is False  # seed 002 L20594


PRECEDENCE_CASES = [
    ({1: True, 2: True, 3: False, 4: False}, 1, "seed 002 L15585: 1 beats 2"),
    ({1: True, 2: True, 3: True, 4: True}, 4, "seed 002 L15585: 4 beats 1"),
    ({1: False, 2: True, 3: True, 4: False}, 2, "seed 002 L15585: 3 only if no other"),
    ({1: False, 2: False, 3: True, 4: False}, 3, "seed 002 L15585"),
    ({1: None, 2: True, 3: False, 4: False}, None, "Category 1 unknown"),
    ({1: False, 2: False, 3: False, 4: False}, 0, "not MAPPA"),
]


@pytest.mark.parametrize("criteria, expected, source", PRECEDENCE_CASES)
def test_mappa_precedence(criteria, expected, source):
    assert mappa_category(criteria) == expected, source


CAT2_CASES = [
    (("imprisonment", 12, None), True, "seed 002 L15614"),
    (("imprisonment", None, 52), False, "seed 002 L15614: 52 weeks is less than 12 months"),
    (("dto", 12, None), True, "seed 002 L15616: whole DTO term"),
    (("dto", 10, None), False, "seed 002 L15616"),
    (("suspended", 12, None), True, "seed 002 L15618"),
    (("hospital_order", None, None), True, "seed 002 L15620"),
    (("community", None, None), False, "seed 002 L15612"),
    (("imprisonment", None, None), None, "length unknown"),
]


@pytest.mark.parametrize("args, expected, source", CAT2_CASES)
def test_category2_sentence(args, expected, source):
    assert category2_sentence_qualifies(*args) is expected, source


NOTIFICATION_CASES = [
    (("youth_caution", None), "1 year", "seed 002 L352"),
    (("imprisonment", 6), "3.5 years", "seed 002 L353"),
    (("imprisonment", 18), "5 years", "seed 002 L354"),
    (("imprisonment", 31), "indefinite", "seed 002 L355"),
    (("dto", 12), "3.5 years", "seed 002 L353 with the custodial half (L15593)"),
    (("community", None), None, "not in the source"),
]


@pytest.mark.parametrize("args, expected, source", NOTIFICATION_CASES)
def test_notification_reference(args, expected, source):
    assert notification_period(*args) == expected, source


def test_mappa_conflict_findings_under_enfield():
    facts = {"mappa": {"category": 4, "level": 2, "sentence": {"kind": "suspended", "months": 12}}}
    e = evaluate(facts, ["enfield"])
    msgs = " ".join(f.message for f in rules_fired(e, "mappa.enfield_differences"))
    assert "3 MAPPA categories" in msgs and "suspended" in msgs
    assert e.values["mappa"]["category2_sentence_qualifies"] is True
    assert not rules_fired(evaluate(facts, ["national"]), "mappa.enfield_differences")


def test_notification_period_always_flagged_unverified():
    e = evaluate({"mappa": {"category": 1, "level": 1, "sentence": {"kind": "imprisonment", "months": 30}}},
                 ["enfield"])
    msgs = " ".join(f.message for f in rules_fired(e, "mappa.enfield_differences"))
    assert "unverified" in msgs and "ambiguous at exactly 6 and 30" in msgs


def test_nrm_prompt_for_county_lines():
    e = evaluate({"safeguarding": {"county_lines": "yes"}})
    msgs = [f.message for f in rules_fired(e, "safeguarding.nrm")]
    assert any("NRM referral without delay" in m for m in msgs), "seed 002 L2028"
    assert any("Independent Child Trafficking Guardian" in m for m in msgs), "seed 002 L2032"
    assert not rules_fired(evaluate({"safeguarding": {"county_lines": "no"}}), "safeguarding.nrm")


# Issue 23: a SWB judgement of High (the worked example's physical abuse, Major and Likely, L640-681) prompts the
# referral by itself, not only once "Child protection concerns" is ticked. (facts, packs, rule ids expected, source)
SWB_REFERRAL = {"judgement": "high", "outcomes": [{"description": "Physical Abuse", "likelihood": "likely",
                                                   "impact": "major"}]}
SWB_REFERRAL_CASES = [
    ({"safety_wellbeing": SWB_REFERRAL}, ["national"], {"swb.high_safeguarding_referral"},
     "seed 002 L697-698, L709, L1766: High, no box ticked"),
    ({"safety_wellbeing": SWB_REFERRAL}, ["enfield"], {"swb.high_safeguarding_referral"},
     "seed 002 L697-698, L709, L1766: High under Enfield too"),
    ({"safety_wellbeing": {**SWB_REFERRAL, "judgement": "very_high"}}, ["national"],
     {"swb.high_safeguarding_referral"}, "seed 002 L701, L1766: Very High"),
    ({"safety_wellbeing": {**SWB_REFERRAL, "judgement": "very_high"}}, ["enfield"], {"swb.very_high_cp_referral"},
     "seed 002 L700-701: Enfield's Very High rule says it, once"),
    ({"safety_wellbeing": SWB_REFERRAL, "safeguarding": {"child_protection_concerns": "yes"}}, ["enfield"],
     {"safeguarding.child_protection"}, "seed 002 L709: the ticked concern's own prompt, once"),
    ({"safety_wellbeing": SWB_REFERRAL, "safeguarding": {"cp_referral_made": "yes"}}, ["enfield"], set(),
     "seed 002 L709: referral recorded"),
    ({"safety_wellbeing": {**SWB_REFERRAL, "judgement": "medium"}}, ["enfield"], set(),
     "seed 002 L694-695: Medium, no referral prompted"),
]
REFERRAL_RULES = ("swb.high_safeguarding_referral", "swb.very_high_cp_referral", "safeguarding.child_protection")


@pytest.mark.parametrize("facts, packs, expected, source", SWB_REFERRAL_CASES)
def test_high_safety_and_wellbeing_prompts_the_referral_from_the_judgement(facts, packs, expected, source):
    fired = {f.rule for f in evaluate(facts, packs).findings if f.rule in REFERRAL_RULES}
    assert fired == expected, source


NRM_DONE_CASES = [
    ({"nrm_referral_made": "no"}, [], (True, True), "seed 002 L2028, L2032: both prompted"),
    ({"nrm_referral_made": "yes"}, [{"type": "nrm_referral_made", "at": "2026-11-01"}], (False, True),
     "seed 002 L2028 done; the ICTG referral not yet recorded (L2032)"),
    ({"nrm_referral_made": "yes"}, [{"type": "nrm_referral_made", "at": "2026-11-01", "ictg_referred": True}],
     (False, False), "seed 002 L2028, L2032: both recorded on the NRM record (walk finding: ICTG prompted forever)"),
]


@pytest.mark.parametrize("flags, events, expected, source", NRM_DONE_CASES)
def test_nrm_prompts_end_when_recorded(flags, events, expected, source):
    e = evaluate({"safeguarding": {"criminal_exploitation": "yes", **flags}, "events": events}, ["enfield"])
    msgs = [f.message for f in rules_fired(e, "safeguarding.nrm")]
    got = (any("NRM referral without delay" in m for m in msgs),
           any("Independent Child Trafficking Guardian" in m for m in msgs))
    assert got == expected, source


def test_nrm_near_18_goes_national():
    facts = {"as_of": "2026-11-23", "child": {"date_of_birth": "2009-01-10"},
             "safeguarding": {"criminal_exploitation": True}}
    assert rules_fired(evaluate(facts, ["enfield"]), "safeguarding.nrm_local_panel"), "seed 002 L14205"


def test_serious_incident_shows_both_timescales_under_enfield():
    facts = {"events": [{"type": "serious_incident_charge", "at": "2026-11-20T15:00"}]}
    national = rules_fired(evaluate(facts, ["national"]), "serious_incident.notify")
    assert len(national) == 1 and "one working day" in national[0].message, "seed 002 L14037"
    enfield = rules_fired(evaluate(facts, ["enfield"]), "serious_incident.notify")
    assert any("Sources differ" in f.message for f in enfield), "seed 002 L301 vs L14037"


def test_bail_grounds_checklist():
    facts = {"bail": {"offences": [{"imprisonable": True, "alleged_while_on_bail": True}],
                      "grounds": {"fail_to_surrender": "yes"}}}
    e = evaluate(facts)
    grounds = {g["name"]: g for g in e.values["bail_grounds"]}
    assert grounds["fail_to_surrender"]["status"] == "met"
    assert grounds["on_bail_at_offence"]["status"] == "met" and grounds["on_bail_at_offence"]["prefilled"]
    assert any("9AA" in f.message for f in rules_fired(e, "bail.grounds"))


def test_prompt_rules_never_decide():
    # Rules marked as prompts produce findings, never a decision value such as a judgement.
    for r in catalogue():
        assert r.citation is not None and r.title
    e = evaluate({"rosh": {"behaviours": [{"likelihood": "likely", "impact": "critical"}]}}, ["enfield"])
    assert e.values["rosh_final"] is None  # the engine never sets the judgement


def test_answer_type_round_trip():
    assert Answer("yes").as_tri().value == "met"
