"""Contacts and compliance (issue 24): missed contacts followed up, warnings, the compliance panel, factors beyond
the child's control, a failed drug test not a breach, a home visit for each assessment, reporting reduced (Enfield).
Each case names its seed line; Hypothesis on the gates."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from yjtui.rules import FactsError, evaluate

AS_OF = "2026-06-10"


def _found(supervision, packs=None, prefix="supervision."):
    e = evaluate({"as_of": AS_OF, "supervision": supervision}, packs or [])
    return [(f.rule, f.severity.value) for f in e.findings if f.rule.startswith(prefix)]


MISSED = {"on": "2026-06-01T10:00", "status": "missed"}
FOLLOWED = {**MISSED, "followed_up_at": "2026-06-01T15:00", "reason": "no bus fare", "acceptable": "no"}

# (supervision facts, (rule, severity) expected, (rule, severity) not expected, source)
CONTACT_RULES = [
    ({"order_type": "yro", "contacts": [MISSED]}, ("supervision.missed_follow_up", "action"), None,
     "seed 002 L1618: a missed appointment is followed up with the child and family"),
    ({"order_type": "bail_support", "contacts": [MISSED]}, ("supervision.missed_follow_up", "action"), None,
     "seed 002 L4404: bail support, a phone call or home visit within 24 hours"),
    ({"order_type": "bail_support", "contacts": [{**FOLLOWED, "followed_up_at": "2026-06-02T10:01"}]},
     ("supervision.missed_follow_up", "warning"), None, "seed 002 L4404: followed up after the 24 hours"),
    ({"order_type": "bail_support", "contacts": [{**FOLLOWED, "followed_up_at": "2026-06-02T10:00"}]},
     None, ("supervision.missed_follow_up", "warning"), "seed 002 L4404: exactly 24 hours is within them"),
    ({"contacts": [{**MISSED, "followed_up_at": "2026-06-01T15:00"}]}, ("supervision.reason", "warning"), None,
     "seed 002 L1618, L4404: record the reason and circumstances"),
    ({"contacts": [FOLLOWED]}, None, ("supervision.reason", "warning"), "seed 002 L1618: reason recorded"),
    ({"contacts": [{**FOLLOWED, "acceptable": "yes", "warning": True}]}, ("supervision.warning", "warning"), None,
     "seed 002 L1618: a warning is for a reason that is not acceptable"),
    ({"contacts": [{**FOLLOWED, "warning": True}]}, ("supervision.warning", "info"), ("supervision.warning", "warning"),
     "seed 002 L1618: stress you want to keep working with them"),
    ({"contacts": [{**FOLLOWED, "warning": True, "beyond_control": "yes"}]},
     ("supervision.beyond_control", "warning"), None, "seed 002 L1630: factors beyond the child's control"),
    ({"contacts": [{"on": "2026-06-03", "type": "drug_test", "status": "attended", "failed_or_refused": True,
                    "warning": True}]}, ("supervision.not_a_breach", "warning"), None,
     "seed 002 L3226: failing the Drug Testing Requirement is not a breach"),
    ({"contacts": [{"on": "2026-06-03", "type": "treatment", "status": "attended", "failed_or_refused": True}]},
     ("supervision.not_a_breach", "info"), None, "seed 002 L3196, L3256: refusing a form of treatment"),
    ({"contacts": [{**FOLLOWED, "warning": True}, {**FOLLOWED, "on": "2026-06-05", "warning": True}]},
     ("supervision.compliance_panel", "action"), None, "seed 002 L1618: more than one warning: a compliance panel"),
    ({"contacts": [{**FOLLOWED, "warning": True}, {**FOLLOWED, "on": "2026-06-05", "warning": True}],
      "compliance_panel_held": True}, None, ("supervision.compliance_panel", "action"),
     "seed 002 L1618: the panel held"),
    ({"contacts": [{**FOLLOWED, "warning": True}]}, None, ("supervision.compliance_panel", "action"),
     "seed 002 L1618: one warning is not 'more than one'"),
    ({"assessment_started_on": "2026-05-01", "contacts": [{"on": "2026-04-20", "type": "home_visit",
                                                           "status": "attended"}]},
     ("supervision.home_visit", "action"), None, "seed 002 L1946: a home visit for each assessment"),
    ({"assessment_started_on": "2026-05-01", "contacts": [{"on": "2026-05-04", "type": "home_visit",
                                                           "status": "attended"}]},
     None, ("supervision.home_visit", "action"), "seed 002 L1946 (L574 Enfield): visited since it started"),
]


@pytest.mark.parametrize("facts, expected, absent, source", CONTACT_RULES)
def test_contact_rules(facts, expected, absent, source):
    found = _found(facts)
    if expected:
        assert expected in found, source
    if absent:
        assert absent not in found, source


def test_values_supervision_counts():
    v = evaluate({"supervision": {"contacts": [MISSED, {**FOLLOWED, "warning": True}, {"on": "2026-06-08",
                                                                                        "status": "attended"}]}})
    assert v.values["supervision"] == {"contacts": 3, "missed": 2, "awaiting_follow_up": 1, "warnings": 1,
                                       "compliance_panel_due": False}
    assert evaluate({}).values["supervision"] is None


REPORTING = [
    ({"order_started_on": "2026-01-05", "order_ends_on": "2027-01-05"}, "action",
     "seed 002 L7842, L7850: formal review at 3 months, reporting reduced"),
    ({"order_started_on": "2026-01-05", "order_ends_on": "2026-06-01"}, "warning",
     "seed 002 L7854: past the halfway stage without exceptional justification"),
    ({"order_started_on": "2026-01-05", "order_ends_on": "2026-06-01", "reporting_justification": "very high RoSH"},
     "info", "seed 002 L7854: the exceptional justification recorded"),
    ({"order_started_on": "2026-04-01", "order_ends_on": "2027-04-01"}, None, "seed 002 L7842: not yet 3 months"),
    ({"order_started_on": "2026-01-05", "reporting_reduced_on": "2026-04-05"}, None, "seed 002 L7842: reduced"),
]


@pytest.mark.parametrize("facts, severity, source", REPORTING)
def test_reporting_reduced_where_the_pack_says_so(facts, severity, source):
    assert _found(facts, prefix="supervision.reporting") == [], "national: no pack, no reduction rule"
    got = _found(facts, ["enfield"], prefix="supervision.reporting")
    assert got == ([("supervision.reporting_reduced", severity)] if severity else []), source


@pytest.mark.parametrize("facts, path", [
    ({"contacts": [{"status": "missed"}]}, "supervision.contacts[0].on"),
    ({"contacts": [{"on": "2026-13-01"}]}, "supervision.contacts[0].on"),
    ({"contacts": [{"on": "2026-06-01", "status": "gone"}]}, "supervision.contacts[0].status"),
    ({"contacts": [{"on": "2026-06-01", "warning": "yes"}]}, "supervision.contacts[0].warning"),
    ({"order_type": "asbo"}, "supervision.order_type"),
    ({"contacts": {}}, "supervision.contacts"),
])
def test_bad_supervision_facts_name_the_field(facts, path):
    with pytest.raises(FactsError) as err:
        evaluate({"supervision": facts})
    assert err.value.path == path


def test_missed_contact_event_is_due_that_day():
    # seed 002 L1618 gives no timescale: due the day of the missed appointment, never an invented number
    e = evaluate({"events": [{"type": "contact_missed", "at": "2026-06-01T10:00", "order_type": "yro"}]})
    assert [(d.rule, d.due.isoformat(), d.basis) for d in e.deadlines] == [
        ("contact.missed_follow_up", "2026-06-01", "as soon as possible (no timescale given)")]


contact = st.fixed_dictionaries({"on": st.sampled_from(["2026-06-01", "2026-06-02T09:30"]),
                                 "status": st.sampled_from(["planned", "attended", "missed"]),
                                 "warning": st.booleans()})


@settings(max_examples=80, deadline=None)
@given(st.lists(contact, max_size=6), st.one_of(st.none(), st.booleans()))
def test_compliance_panel_gate(contacts, held):
    """seed 002 L1618: the panel prompt shows exactly when more than one warning is recorded and no panel is."""
    facts = {"contacts": contacts, **({} if held is None else {"compliance_panel_held": held})}
    due = sum(c["warning"] for c in contacts) >= 2 and held is not True
    e = evaluate({"supervision": facts})
    assert e.values["supervision"]["compliance_panel_due"] is due
    assert any(f.rule == "supervision.compliance_panel" for f in e.findings) is due
