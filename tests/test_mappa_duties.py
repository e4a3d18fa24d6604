"""MAPPA duties for a child: MAPPA H, the level and the MAPPA A at least six months before release, or as soon as
possible when less than six months are left to serve at sentence (seed 002 L18415, L18429, L15865); and the other
MAPPA duties of issue 24. Tables name their seed line; Hypothesis checks the duties never fall due before sentence."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from yjtui.rules import evaluate

ASAP = "as soon as possible: less than 6 months left at sentence"


def _due(*events, rules=("mappa.",)):
    got = evaluate({"events": list(events)}).deadlines
    return {(d.rule, d.due.isoformat(), d.basis) for d in got if d.rule.startswith(rules)}


DTO_12 = {"type": "sentenced_custody", "at": "2026-03-02", "custody_months": 12, "violent_or_sexual": True,
          "release_on": "2026-08-20", "level_2_or_3_needed": True}

# (events, expected (rule, due, basis) among the deadlines, source)
RELEASE_DUTIES = [
    ([DTO_12], {("mappa.mappa_h", "2026-03-02", ASAP), ("mappa.level_set", "2026-03-02", ASAP),
                ("mappa.mappa_a_custody", "2026-03-02", ASAP)},
     "seed 002 L18415, L18429, L15865: a 12-month DTO, release in under six months: due on the day of sentence"),
    ([{**DTO_12, "release_on": "2026-09-02"}],
     {("mappa.mappa_h", "2026-03-02", "6 months before"), ("mappa.level_set", "2026-03-02", "6 months before")},
     "seed 002 L18415: exactly six months to serve: six months before release is the day of sentence"),
    ([{**DTO_12, "release_on": "2027-09-02", "custody_months": 36}],
     {("mappa.mappa_h", "2027-03-02", "6 months before"), ("mappa.mappa_a_custody", "2027-03-02",
                                                           "6 months before")},
     "seed 002 L18415, L15865: more than six months to serve: six months before release"),
    ([{"type": "release_date", "at": "2026-08-20", "mappa_eligible": True, "sentenced_on": "2026-03-02"}],
     {("mappa.mappa_h", "2026-03-02", ASAP), ("mappa.level_set", "2026-03-02", ASAP),
      ("mappa.release_date_confirmed", "2026-03-02", "as soon as possible: less than 8 months left at sentence")},
     "seed 002 L18415, L18429 (and L17430): the release recorded with the day of sentence"),
    ([{"type": "release_date", "at": "2027-06-30", "mappa_eligible": True}],
     {("mappa.mappa_h", "2026-12-30", "6 months before")}, "seed 002 L18415: no sentence date given"),
]


@pytest.mark.parametrize("events, expected, source", RELEASE_DUTIES)
def test_mappa_release_duties(events, expected, source):
    assert expected <= _due(*events), source


def test_no_release_date_no_guess():
    # seed 002 L18415: without the expected release the six months cannot be counted; identification still runs
    got = _due({k: v for k, v in DTO_12.items() if k != "release_on"})
    assert {r for r, _d, _b in got} == {"mappa.identify"}


@settings(max_examples=60, deadline=None)
@given(st.dates(date(2020, 1, 1), date(2035, 1, 1)), st.integers(0, 3000), st.booleans())
def test_mappa_duties_never_due_before_sentence(sentenced, days_to_serve, from_release):
    """seed 002 L18415, L18429: 'or as soon as possible if there is less than six months to serve at the point of
    sentence': whatever the term, never before the day of sentence, never after the release."""
    release = sentenced + timedelta(days=days_to_serve)
    if from_release:
        event = {"type": "release_date", "at": release.isoformat(), "mappa_eligible": True,
                 "sentenced_on": sentenced.isoformat(), "level_2_or_3_needed": True}
    else:
        event = {"type": "sentenced_custody", "at": sentenced.isoformat(), "mappa_eligible": True,
                 "release_on": release.isoformat(), "level_2_or_3_needed": True}
    got = [d for d in evaluate({"events": [event]}).deadlines
           if d.rule in ("mappa.mappa_h", "mappa.level_set", "mappa.mappa_a_custody")]
    assert len(got) == 3
    for d in got:
        assert sentenced <= d.due <= release
        assert (d.basis == ASAP) == (d.due == sentenced and d.due != _six_months_before(release))


def _six_months_before(day: date) -> date:
    from yjtui.rules.workdays import months_after
    return months_after(day, -6)


# --- The other MAPPA duties: (events, expected (rule, due, basis), source) -----------------------------------------
OTHER_DUTIES = [
    ([{"type": "assessment_completed", "at": "2026-06-01", "mappa_eligible": True, "order_type": "yro"}],
     {("mappa.mappa_h_community", "2026-06-01", "as soon as possible (no timescale given)")},
     "seed 002 L18415: community sentence: MAPPA H as soon as the assessments are completed"),
    ([{"type": "mappa_meeting_scheduled", "at": "2026-06-30"}],
     {("mappa.invitations", "2026-06-16", "14 calendar days before")}, "seed 002 L16779: at least 14 calendar days"),
    ([{"type": "mappa_meeting_scheduled", "at": "2026-06-30", "emergency": True}], set(),
     "seed 002 L16779: unless it is an emergency meeting"),
    ([{"type": "mappa_meeting_cancelled", "at": "2026-06-30", "level": 2}],
     {("mappa.rescheduled_level2", "2026-07-14", "10 working days")}, "seed 002 L16833: Level 2, 10 working days"),
    ([{"type": "mappa_meeting_cancelled", "at": "2026-06-30", "level": 3}],
     {("mappa.rescheduled_level3", "2026-07-07", "5 working days")}, "seed 002 L16833: Level 3, 5 working days"),
    ([{"type": "serious_incident_charge", "at": "2026-06-01", "mappa_eligible": True}],
     {("mappa.mappa_n", "2026-06-06", "5 calendar days")}, "seed 002 L17861: MAPPA N within 5 days of charge"),
    ([{"type": "cppc_referral_agreed", "at": "2026-06-01"}], {("mappa.cppc_paperwork", "2026-06-08", "1 week")},
     "seed 002 L16657: the paperwork within a week"),
]


@pytest.mark.parametrize("events, expected, source", OTHER_DUTIES)
def test_other_mappa_duties(events, expected, source):
    got = {d for d in _due(*events) if d[0] not in ("mappa.identify",)}
    assert got == expected, source


# (mappa facts, rule expected or None, source)
MAPPA_FINDINGS = [
    ({"level": 2}, "mappa.yot_attends", "seed 002 L16743, L18441: the YOT at every Level 2/3 meeting for a child"),
    ({"level": 2, "yot_attended": "yes"}, None, "seed 002 L16743"),
    ({"level": 1}, None, "seed 002 L16743: Level 1 has no meeting"),
    ({"category": 0, "domestic_abuse_or_stalking": "yes", "yot_attended": "yes"}, "mappa.category3_domestic_abuse",
     "seed 002 L15657, L15659: considered for Category 3"),
    ({"category": 2, "domestic_abuse_or_stalking": "yes"}, None, "seed 002 L15657: already Category 2"),
    ({"level": 3, "yot_attended": "yes"}, "mappa.cppc", "seed 002 L16657: every Level 3 case considered for CPPC"),
    ({"level": 3, "yot_attended": "yes", "cppc_considered": "yes"}, None, "seed 002 L16657"),
]


@pytest.mark.parametrize("mappa, expected, source", MAPPA_FINDINGS)
def test_mappa_duty_findings(mappa, expected, source):
    rules = {f.rule for f in evaluate({"mappa": mappa}).findings} - {"mappa.category"}
    assert rules == ({expected} if expected else set()), source
