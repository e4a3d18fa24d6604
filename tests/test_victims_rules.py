"""Victims (issue 24): the restorative justice decision with its reason, written consent, the victim's name kept off
the child's record unless the impact is significant, sharing, Home and Host. Each case names its seed line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from yjtui.rules import FactsError, evaluate


def _found(victims):
    return {(f.rule, f.severity.value) for f in evaluate({"victims": victims}).findings
            if f.rule.startswith("victims.")}


DECIDED = {"ref": "V1", "rj_decision": "invite", "rj_reason": "wants a letter of apology"}

# (victims, expected (rule, severity), absent, source)
VICTIM_RULES = [
    ([{"ref": "V1"}], ("victims.rj_decision", "action"), None, "seed 002 L1498: a decision in every case"),
    ([{"ref": "V1", "rj_decision": "not_invite"}], ("victims.rj_decision", "warning"), None,
     "seed 002 L1498-1506: the decision weighs wishes, sensitivities, the child: record why"),
    ([DECIDED], None, ("victims.rj_decision", "action"), "seed 002 L1498: decided, with the reason"),
    ([{"ref": "V1", "details_withheld": True}], ("victims.rj_decision", "info"), ("victims.rj_decision", "action"),
     "seed 002 L1498: the victim asked for their details not to be passed on"),
    ([{**DECIDED, "agreed": "yes"}], ("victims.written_consent", "action"), None,
     "seed 002 L1508: informed written consent for every victim who agrees"),
    ([{**DECIDED, "agreed": "yes", "written_consent": "yes"}], None, ("victims.written_consent", "action"),
     "seed 002 L1508"),
    ([{**DECIDED, "name_recorded": True, "significant_impact": "no"}], ("victims.name_on_record", "warning"), None,
     "seed 002 L1538: no or limited risk: no justification for the name"),
    ([{**DECIDED, "name_recorded": True, "significant_impact": "yes"}], ("victims.name_on_record", "warning"), None,
     "seed 002 L1536: the significant impact is recorded with its reason"),
    ([{**DECIDED, "name_recorded": True, "significant_impact": "yes", "name_rationale": "threats assessed real"}],
     ("victims.name_on_record", "info"), ("victims.name_on_record", "warning"),
     "seed 002 L1536, L1552, L1554: justified; never in what the child is given"),
    ([{**DECIDED, "shared_with": "police"}], ("victims.sharing", "warning"), None,
     "seed 002 L1550: a defensible, recorded rationale"),
    ([{**DECIDED, "host_involved": True}], ("victims.home_host", "action"), None,
     "seed 002 L24630-24634: Home and Host agree in writing"),
    ([{**DECIDED, "host_involved": True, "home_host_agreed_in_writing": "yes"}], None, ("victims.home_host", "action"),
     "seed 002 L24634"),
]


@pytest.mark.parametrize("victims, expected, absent, source", VICTIM_RULES)
def test_victim_rules(victims, expected, absent, source):
    found = _found(victims)
    if expected:
        assert expected in found, source
    if absent:
        assert absent not in found, source


def test_values_victims():
    v = evaluate({"victims": [{"ref": "V1"}, {**DECIDED, "agreed": "yes", "name_recorded": True}]}).values["victims"]
    assert v == {"victims": 2, "rj_decisions_open": 1, "consent_missing": 1, "names_recorded": 1}


@pytest.mark.parametrize("victims, path", [([{"rj_decision": "maybe"}], "victims[0].rj_decision"),
                                           ([{"agreed": 2}], "victims[0].agreed"), ({"ref": "V1"}, "victims")])
def test_bad_victim_facts_name_the_field(victims, path):
    with pytest.raises(FactsError) as err:
        evaluate({"victims": victims})
    assert err.value.path == path


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(["yes", "no", "unknown"]), st.sampled_from(["yes", "no", "unknown"]))
def test_consent_gate(agreed, consent):
    """seed 002 L1508: the consent action shows exactly when the victim agreed and written consent is not yes."""
    found = _found([{**DECIDED, "agreed": agreed, "written_consent": consent}])
    assert (("victims.written_consent", "action") in found) == (agreed == "yes" and consent != "yes")
