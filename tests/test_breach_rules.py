"""Breach (issue 24): the gates before a child is taken back to court, the manager's sign-off, the independent
review, a bail breach by witness statement, the breach report, caretaking. Each case names its seed line;
Hypothesis on the gates."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from yjtui.rules import FactsError, evaluate
from yjtui.rules.breach import GROUNDS, SIGN_OFF_LEVELS

SIGNED = {"signed_off_by": "M Example", "signed_off_level": "operations"}
READY = {"order_type": "yro", "grounds": ["non_engagement"], "other_options_tried": "yes", "warnings_given": 2,
         **SIGNED}


def _value(breach):
    return evaluate({"breach": breach}).values["breach"]


def _rules(breach):
    return {(f.rule, f.severity.value) for f in evaluate({"breach": breach}).findings if f.rule.startswith("breach.")}


# (breach facts, values.breach expected, source)
GATES = [
    (READY, {"may_proceed": "yes", "blocks": []}, "seed 002 L1612-1620: every gate met"),
    ({**READY, "signed_off_by": ""}, {"may_proceed": "no", "blocks": ["no_manager_sign_off"]},
     "seed 002 L1620: signed off by a manager"),
    ({**READY, "signed_off_level": "team"}, {"may_proceed": "no", "blocks": ["no_manager_sign_off"]},
     "seed 002 L1620: operations level at minimum"),
    ({**READY, "signed_off_level": "senior"}, {"may_proceed": "yes", "blocks": []},
     "seed 002 L1620: above operations level"),
    ({**READY, "other_options_tried": "no"}, {"may_proceed": "no", "blocks": ["presumption_against"]},
     "seed 002 L1612-1614: the presumption against breach"),
    ({**READY, "other_options_tried": "no", "grounds": ["public_protection"]}, {"may_proceed": "yes", "blocks": []},
     "seed 002 L1614: an urgent public protection concern is a very good reason"),
    ({**READY, "other_options_tried": "no", "grounds": ["further_serious_offence"]},
     {"may_proceed": "yes", "blocks": []}, "seed 002 L1614: a further serious offence"),
    ({**READY, "warnings_given": 0}, {"may_proceed": "no", "blocks": ["warnings_not_used"]},
     "seed 002 L1618: court processes are not an alternative to warnings"),
    ({**READY, "grounds": ["failed_drug_test"]}, {"may_proceed": "no", "blocks": ["not_a_breach"]},
     "seed 002 L3226: failing the Drug Testing Requirement is not a breach"),
    ({**READY, "grounds": ["refused_drug_treatment"]}, {"may_proceed": "no", "blocks": ["not_a_breach"]},
     "seed 002 L3196: refusing a form of drug treatment"),
    ({**READY, "grounds": ["refused_mental_health_treatment"]}, {"may_proceed": "no", "blocks": ["not_a_breach"]},
     "seed 002 L3256: refusing a form of mental health treatment"),
    ({**READY, "order_type": "referral_order"}, {"may_proceed": "unknown", "blocks": []},
     "seed 002 L24560: has the Referral Order panel been convened?"),
    ({**READY, "order_type": "referral_order", "referral_panel_held": "no"},
     {"may_proceed": "no", "blocks": ["no_referral_panel"]}, "seed 002 L24560-24562: a panel before court"),
    ({**READY, "order_type": "referral_order", "referral_panel_held": "yes"}, {"may_proceed": "yes", "blocks": []},
     "seed 002 L24560"),
    ({"order_type": "yro"}, {"may_proceed": "no", "blocks": ["no_manager_sign_off"]},
     "seed 002 L1620: nothing signed off yet"),
    ({"order_type": "yro", **SIGNED}, {"may_proceed": "unknown", "blocks": []}, "seed 002 L1612: no grounds yet"),
]


@pytest.mark.parametrize("breach, expected, source", GATES)
def test_breach_gates(breach, expected, source):
    assert _value(breach) == expected, source


# (breach facts, (rule, severity) expected, absent, source)
DUTIES = [
    (READY, ("breach.independent_review", "action"), None, "seed 002 L1632, L4430: a review by an independent manager"),
    ({**READY, "independent_review_by": "m example"}, ("breach.independent_review", "warning"), None,
     "seed 002 L1632: the manager who signed it off is not independent"),
    ({**READY, "independent_review_by": "R Example"}, None, ("breach.independent_review", "action"),
     "seed 002 L1632: reviewed"),
    ({**READY, "order_type": "bail_support"}, ("breach.bail_statement", "action"), None,
     "seed 002 L4418: a witness statement to the police; seed 001 L327: the YOT police officer takes S9 statements"),
    ({**READY, "order_type": "bail_support", "witness_statement_on": "2026-06-01", "child_told": "yes"}, None,
     ("breach.bail_statement", "action"), "seed 002 L4418: statement made, child told"),
    ({**READY, "order_type": "parenting_order"}, ("breach.bail_statement", "action"), None,
     "seed 001 L327: a Parenting Order breach goes to the YOT police officer"),
    ({**READY, "report": {"reasons_given": True}}, ("breach.report", "action"), None,
     "seed 002 L4420-4428, L2392: the breach report's contents"),
    ({**READY, "report": dict.fromkeys(["reasons_given", "progress", "context", "support_actions",
                                        "positive_engagement", "willing_to_continue", "alterations"], True)},
     None, ("breach.report", "action"), "seed 002 L4420-4428: every part given"),
    (READY, ("breach.judgement", "warning"), None, "seed 002 L1622-1628, L1630: what the judgement covers"),
    ({**READY, "caretaking": "host"}, ("breach.caretaking", "info"), None,
     "seed 002 L24671-24677: Host lists, Home writes the report"),
    ({**READY, "grounds": ["non_engagement", "failed_drug_test"]}, ("breach.not_a_breach", "warning"), None,
     "seed 002 L3226: a failed test is not a ground"),
    (READY, ("breach.board", "info"), None, "seed 002 L1632: counted for the management board"),
    ({**READY, "signed_off_by": ""}, None, ("breach.independent_review", "action"),
     "seed 002 L1632: no review asked for while the breach is refused"),
]


@pytest.mark.parametrize("breach, expected, absent, source", DUTIES)
def test_breach_duties(breach, expected, absent, source):
    found = _rules(breach)
    if expected:
        assert expected in found, source
    if absent:
        assert absent not in found, source


@pytest.mark.parametrize("breach, path", [
    ({"grounds": ["bad_mood"]}, "breach.grounds[0]"),
    ({"grounds": "non_engagement"}, "breach.grounds"),
    ({"signed_off_level": "director"}, "breach.signed_off_level"),
    ({"warnings_given": -1}, "breach.warnings_given"),
    ({"report": {"progress": "yes"}}, "breach.report.progress"),
    ({"witness_statement_on": "01/06/2026"}, "breach.witness_statement_on"),
    ({"caretaking": "both"}, "breach.caretaking"),
])
def test_bad_breach_facts_name_the_field(breach, path):
    with pytest.raises(FactsError) as err:
        evaluate({"breach": breach})
    assert err.value.path == path


TRI = st.sampled_from(["yes", "no", "unknown"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(sorted(GROUNDS)), max_size=3), TRI, st.one_of(st.none(), st.integers(0, 4)),
       st.sampled_from(["", "M Example"]), st.one_of(st.none(), st.sampled_from(SIGN_OFF_LEVELS)),
       st.sampled_from(["yro", "referral_order", "bail_support", "dto"]), TRI)
def test_breach_only_with_every_gate(grounds, tried, warnings, by, level, order, panel):
    """seed 002 L1612-1620, L3226, L24560: may_proceed is yes only when a manager of operations level or above signed
    it off, some ground is a breach, the presumption is rebutted, warnings were used for non-engagement, and a
    Referral Order went to its panel; no when any block holds."""
    facts = {"grounds": grounds, "other_options_tried": tried, "signed_off_by": by, "order_type": order,
             "referral_panel_held": panel}
    if warnings is not None:
        facts["warnings_given"] = warnings
    if level is not None:
        facts["signed_off_level"] = level
    v = _value(facts)
    signed = bool(by) and level in ("operations", "senior")
    if v["may_proceed"] == "yes":
        breaches = [g for g in grounds if GROUNDS[g][1]]
        serious = {"public_protection", "further_serious_offence"} & set(grounds)
        assert signed and breaches and (serious or tried == "yes")
        assert serious or "non_engagement" not in grounds or (warnings or 0) > 0
        assert order != "referral_order" or panel == "yes"
    assert (v["may_proceed"] == "no") == bool(v["blocks"])
    if not signed:
        assert "no_manager_sign_off" in v["blocks"]
