"""Referral orders, custody and resettlement, remand and bail applications (issue 24). Each case names its seed
line; Hypothesis on the gates (early revocation, the 13 weeks counted across remands, bail applications)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from yjtui.rules import FactsError, evaluate

AS_OF = "2026-06-10"


def _eval(**facts):
    return evaluate({"as_of": AS_OF, **facts})


def _rules(**facts):
    return {(f.rule, f.severity.value) for f in _eval(**facts).findings if f.rule.startswith(("custody.",
                                                                                               "referral_order."))}


# (referral_order facts, values.referral_order, source)
EARLY_REVOCATION = [
    ({"early_revocation_proposed": True}, {"early_revocation": "unknown", "blocks": []},
     "seed 002 L1606: the progress panel decides first"),
    ({"early_revocation_proposed": True, "progress_panel_agreed": "no"},
     {"early_revocation": "no", "blocks": ["progress_panel_first"]}, "seed 002 L1606"),
    ({"early_revocation_proposed": True, "progress_panel_agreed": "yes"}, {"early_revocation": "yes", "blocks": []},
     "seed 002 L1606: the panel agreed to apply"),
    ({"progress_panel_agreed": "yes", "revocation_refused_on": "2026-03-11"},
     {"early_revocation": "no", "blocks": ["within_three_months_of_refusal"]},
     "seed 002 L1608: not for another three months"),
    ({"progress_panel_agreed": "yes", "revocation_refused_on": "2026-03-10"}, {"early_revocation": "yes", "blocks": []},
     "seed 002 L1608: three months have passed"),
]


@pytest.mark.parametrize("facts, expected, source", EARLY_REVOCATION)
def test_early_revocation(facts, expected, source):
    assert _eval(referral_order=facts).values["referral_order"] == expected, source


# (facts, (rule, severity) expected, absent, source)
DUTIES = [
    ({"referral_order": {"moving_to": "northern_ireland"}}, ("referral_order.scotland_ni", "action"), None,
     "seed 002 L3962: back to court to be revoked"),
    ({"referral_order": {"placed_out_of_area": True}}, ("referral_order.out_of_area", "action"), None,
     "seed 002 L24542-24551: the Host YOT convenes the panel"),
    ({"referral_order": {"placed_out_of_area": True, "host_convenes_panel": "yes"}}, None,
     ("referral_order.out_of_area", "action"), "seed 002 L24542"),
    ({"custody": {"detained_on": "2026-06-01"}}, ("custody.s39a", "action"), None,
     "seed 002 L7573-7583: s.39A on detention"),
    ({"custody": {"detained_on": "2026-06-01", "released_on": "2026-06-08", "s39a_detention_notified": "yes"}},
     ("custody.s39a", "action"), None, "seed 002 L7584-7590: s.39A on release"),
    ({"custody": {"initial_meeting_on": "2026-06-03"}}, ("custody.sentence_planning", "action"), None,
     "seed 002 L6940: later sentence planning dates agreed at the initial meeting"),
    ({"custody": {"initial_meeting_on": "2026-06-03", "later_dates_set": "yes"}}, None,
     ("custody.sentence_planning", "action"), "seed 002 L6940"),
    ({"custody": {"risk_in_custody": "yes"}}, ("custody.secure_plan", "action"), None,
     "seed 002 L6963: a plan for risk in the secure establishment"),
    ({"custody": {"temporary_release_proposed": True}, "rosh": {"judgement": "very_high"}},
     ("custody.temporary_release", "warning"), None, "seed 002 L17565: not for a high risk to public safety"),
    ({"custody": {"temporary_release_proposed": True}, "rosh": {"judgement": "medium"}}, None,
     ("custody.temporary_release", "warning"), "seed 002 L17565"),
    ({"custody": {"remanded": True, "adult_estate_move_proposed": True}, "child": {"date_of_birth": "2008-06-10"}},
     ("custody.under_18_estate", "warning"), None, "seed 002 L4558-4560: 18 on remand stays in the under-18 estate"),
    ({"custody": {"remanded": True}, "child": {"date_of_birth": "2008-06-11"}}, None,
     ("custody.under_18_estate", "info"), "seed 002 L4558: not yet 18"),
    ({"custody": {"remand_periods": [{"from": "2026-01-01", "to": "2026-02-28"}, {"from": "2026-05-01"}]}},
     ("custody.leaving_care", "action"), None, "seed 002 L4578: 13 weeks across remands (59 + 41 days)"),
    ({"custody": {"remand_periods": [{"from": "2026-05-01"}]}}, ("custody.leaving_care", "info"), None,
     "seed 002 L4578: 41 days so far"),
    ({"custody": {"bail_applications": 1}}, ("custody.bail_applications", "info"), None,
     "seed 002 L4552-4556: one left as of right (the first appearance counts)"),
    ({"custody": {"bail_applications": 2}}, ("custody.bail_applications", "warning"), None,
     "seed 002 L4554: after two, only new circumstances"),
    ({"custody": {"bail_applications": 3, "new_circumstances": "yes"}}, ("custody.bail_applications", "info"), None,
     "seed 002 L4554: new circumstances recorded"),
]


@pytest.mark.parametrize("facts, expected, absent, source", DUTIES)
def test_custody_and_referral_duties(facts, expected, absent, source):
    found = _rules(**facts)
    if expected:
        assert expected in found, source
    if absent:
        assert absent not in found, source


def test_s39a_events_due_that_day():
    # seed 002 L7573-7590: "when it becomes aware": no timescale, due that day
    e = evaluate({"events": [{"type": "custody_transferred", "at": "2026-06-02"},
                             {"type": "released_from_custody", "at": "2026-06-09"}]})
    assert [(d.rule, d.due.isoformat()) for d in e.deadlines] == [("custody.s39a_detention", "2026-06-02"),
                                                                  ("custody.s39a_release", "2026-06-09")]


@pytest.mark.parametrize("facts, path", [
    ({"custody": {"remand_periods": [{"to": "2026-01-01"}]}}, "custody.remand_periods[0].from"),
    ({"custody": {"remand_periods": [{"from": "2026-02-01", "to": "2026-01-01"}]}}, "custody.remand_periods[0].to"),
    ({"custody": {"bail_applications": 1.5}}, "custody.bail_applications"),
    ({"referral_order": {"moving_to": "france"}}, "referral_order.moving_to"),
])
def test_bad_custody_facts_name_the_field(facts, path):
    with pytest.raises(FactsError) as err:
        evaluate(facts)
    assert err.value.path == path


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 300), st.integers(0, 120)), min_size=1, max_size=4))
def test_thirteen_weeks_counted_across_remands(spans):
    """seed 002 L4578: eligibility at 13 weeks 'on single or cumulative occasions': the days of every remand count
    once each, whatever their order or overlap."""
    start = date(2025, 1, 1)
    periods = [{"from": (start + timedelta(d)).isoformat(), "to": (start + timedelta(d + n)).isoformat()}
               for d, n in spans]
    days = set()
    for d, n in spans:
        days.update(range(d, d + n + 1))
    v = evaluate({"as_of": "2026-12-31", "custody": {"remand_periods": periods}}).values["custody"]
    assert v["remand_days"] == len(days)
    assert v["leaving_care_eligible"] is (len(days) >= 91)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 6), st.sampled_from(["yes", "no", "unknown"]))
def test_bail_applications_gate(made, new):
    """seed 002 L4552-4554: two as of right; after them a warning unless new circumstances are recorded."""
    e = evaluate({"custody": {"bail_applications": made, "new_circumstances": new}})
    assert e.values["custody"]["bail_applications_as_of_right_left"] == max(0, 2 - made)
    warned = any(f.rule == "custody.bail_applications" and f.severity.value == "warning" for f in e.findings)
    assert warned == (made >= 2 and new != "yes")
