"""Court reports (issue 24): the PSR where custody or community supervision is considered, no stand-down report with
any prospect of custody, an existing PSR reused only under three months, a community alternative to custody, the
Parenting Order for a child under 16, sign-off and an up-to-date assessment, the court's timeframe, extended
supervision, MAPPA minutes. Each case names its seed line; Hypothesis on the gates."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from yjtui.rules import FactsError, evaluate

AS_OF = "2026-06-10"
DOB_15 = "2011-01-01"  # 15 on the report dates
DOB_17 = "2009-01-01"
GOOD = {"assessment_up_to_date": "yes", "signed_off_by": "M Example"}


def _value(report, dob=DOB_17):
    e = evaluate({"as_of": AS_OF, "child": {"date_of_birth": dob}, "court_reports": [report]})
    return e.values["court_reports"][0]


def _rules(report, dob=DOB_17):
    e = evaluate({"as_of": AS_OF, "child": {"date_of_birth": dob}, "court_reports": [report]})
    return {f.rule for f in e.findings if f.rule.startswith("court_report.")}


# (report, dob, may_go, blocks, source)
GATES = [
    ({"type": "stand_down", "custody_considered": "yes", "community_supervision_considered": "no"}, DOB_17, "no",
     ["stand_down_custody_possible"], "seed 002 L2384: never with any prospect of custody"),
    ({"type": "stand_down", "custody_considered": "unknown", "community_supervision_considered": "no"}, DOB_17,
     "unknown", [], "seed 002 L2384: 'any prospect' must be answered first"),
    ({"type": "stand_down", "custody_considered": "no", "community_supervision_considered": "yes"}, DOB_17, "no",
     ["psr_needed"], "seed 002 L2384, L2398: community supervision likely: a five-day adjournment for a PSR"),
    ({"type": "stand_down", "custody_considered": "no", "community_supervision_considered": "no"}, DOB_17, "yes", [],
     "seed 002 L2384: a disposal needing no YJS supervision"),
    ({"type": "psr", "requested_on": "2026-06-01", **GOOD}, DOB_17, "yes", [], "seed 002 L2398, L3474, L6651"),
    ({"type": "psr", "requested_on": "2026-06-01", "assessment_up_to_date": "yes"}, DOB_17, "no", ["not_signed_off"],
     "seed 002 L3474: signed off before it goes"),
    ({"type": "psr", "requested_on": "2026-06-01", **GOOD, "assessment_up_to_date": "no"}, DOB_17, "no",
     ["assessment_not_up_to_date"], "seed 002 L6651: an up-to-date approved assessment"),
    ({"type": "psr", "requested_on": "2026-06-01", **GOOD}, DOB_15, "unknown", [],
     "seed 002 L4992: under 16: is a Parenting Order addressed?"),
    ({"type": "psr", "requested_on": "2026-06-01", **GOOD, "parenting_order_addressed": "no"}, DOB_15, "no",
     ["parenting_order_not_addressed"], "seed 002 L4992, L5038: the court must consider a Parenting Order"),
    ({"type": "psr", "requested_on": "2026-06-01", **GOOD, "parenting_order_addressed": "yes"}, DOB_15, "yes", [],
     "seed 002 L4992"),
    ({"type": "psr", "requested_on": "2026-06-01", **GOOD, "proposal": "custody", "community_alternative": False},
     DOB_17, "no", ["no_community_alternative"], "seed 002 L2786: a community alternative always"),
    ({"type": "psr", "requested_on": "2026-06-01", **GOOD, "proposal": "custody", "community_alternative": False,
      "no_alternative_approved_by": "S Example"}, DOB_17, "yes", [], "seed 002 L2788: a senior manager approved none"),
    ({"type": "psr", "requested_on": "2026-06-01", **GOOD, "proposal": "custody", "community_alternative": True},
     DOB_17, "yes", [], "seed 002 L2786"),
    ({"type": "existing_psr", "requested_on": "2026-06-01", "existing_psr_on": "2026-03-01", **GOOD,
      "existing_psr_signed_off": "yes", "significant_change": "no"}, DOB_17, "yes", [],
     "seed 002 L2372: within three months"),
    ({"type": "existing_psr", "requested_on": "2026-06-02", "existing_psr_on": "2026-03-01", **GOOD,
      "existing_psr_signed_off": "yes", "significant_change": "no"}, DOB_17, "no", ["existing_psr_too_old"],
     "seed 002 L2372: more than three months old"),
    ({"type": "existing_psr", "requested_on": "2026-06-01", "existing_psr_on": "2026-05-01", **GOOD,
      "existing_psr_signed_off": "yes", "significant_change": "yes"}, DOB_17, "no", ["existing_psr_changed"],
     "seed 002 L2372: a significant change since the last AssetPlus"),
    ({"type": "existing_psr", "requested_on": "2026-06-01", "existing_psr_on": "2026-05-01", **GOOD,
      "existing_psr_signed_off": "no", "significant_change": "no"}, DOB_17, "no", ["existing_psr_not_signed_off"],
     "seed 002 L2372: signed off through quality assurance"),
    ({"type": "progress", **GOOD, "cites_mappa_minutes": True}, DOB_17, "no", ["cites_mappa_minutes"],
     "seed 002 L17034, L16939: never quote a MAPPA meeting"),
]


@pytest.mark.parametrize("report, dob, may_go, blocks, source", GATES)
def test_court_report_gates(report, dob, may_go, blocks, source):
    assert _value(report, dob) == {"type": report["type"], "may_go": may_go, "blocks": blocks}, source


def test_timeframe_and_extended_supervision():
    # seed 002 L6647: within the court's timeframe
    late = {"type": "psr", "requested_on": "2026-06-01", "due_on": "2026-06-08", **GOOD}
    assert "court_report.timeframe" in _rules(late)
    assert "court_report.timeframe" not in _rules({**late, "submitted_on": "2026-06-08"})
    assert "court_report.timeframe" in _rules({**late, "submitted_on": "2026-06-09"})
    # seed 002 L2798: 18 by the halfway point of the DTO proposed (born 2009-01-01: 18 on 2027-01-01)
    dto = {**late, "submitted_on": "2026-06-08", "proposed_dto_months": 24}
    assert "court_report.extended_supervision" in _rules(dto)
    assert "court_report.extended_supervision" not in _rules({**dto, "proposed_dto_months": 4})
    assert "court_report.extended_supervision" not in _rules({**dto, "extended_supervision_addressed": "yes"})


@pytest.mark.parametrize("reports, path", [
    ([{"type": "novel"}], "court_reports[0].type"),
    ([{}], "court_reports[0].type"),
    ({"type": "psr"}, "court_reports"),
    ([{"type": "psr", "proposed_dto_months": 30}], "court_reports[0].proposed_dto_months"),
    ([{"type": "psr", "custody_considered": "maybe"}], "court_reports[0].custody_considered"),
])
def test_bad_report_facts_name_the_field(reports, path):
    with pytest.raises(FactsError) as err:
        evaluate({"court_reports": reports})
    assert err.value.path == path


TRI = st.sampled_from(["yes", "no", "unknown"])


@settings(max_examples=120, deadline=None)
@given(TRI, TRI, st.sampled_from(["stand_down", "psr", "existing_psr", "progress"]), st.sampled_from(["", "M"]))
def test_no_stand_down_with_custody_possible(custody, community, kind, signed):
    """seed 002 L2384: a stand-down report never goes while there is any prospect of custody (or it is not yet
    known); a report other than a stand-down never goes unsigned (L3474)."""
    v = _value({"type": kind, "custody_considered": custody, "community_supervision_considered": community,
                "assessment_up_to_date": "yes", "signed_off_by": signed, "existing_psr_on": "2026-05-01",
                "existing_psr_signed_off": "yes", "significant_change": "no"})
    if kind == "stand_down":
        assert (v["may_go"] == "yes") == (custody == "no" and community == "no")
    else:
        assert (v["may_go"] == "yes") == bool(signed)


def test_report_due_on_the_court_date():
    # seed 002 L6647: the court's timeframe is the date it set
    e = evaluate({"events": [{"type": "court_report_requested", "at": "2026-06-01", "due_on": "2026-06-22",
                              "report_type": "psr"}]})
    assert [(d.rule, d.due.isoformat(), d.basis) for d in e.deadlines] == [
        ("court_report.due", "2026-06-22", "on the date set")]
