"""LASPO 2012 ss.98-99: the first and second sets of conditions, three-valued, old and new law."""

from __future__ import annotations

from datetime import date

import pytest

from yjtui.rules import Tri, evaluate, remand_conditions

HEARING = "2026-11-23"


def bail(**kw):
    base = {"hearing_date": HEARING, "offences": [], "custodial_sentence_very_likely": "unknown",
            "recent_significant_absconding_history": "unknown",
            "recent_significant_offending_on_bail_history": "unknown", "history_relevant": "unknown",
            "necessity": "unknown", "legal_representation": "unknown"}
    base.update(kw)
    return base


ROBBERY = {"description": "robbery", "imprisonable": True, "violent": True, "sexual": False, "terrorism": False,
           "max_adult_sentence_years": 14, "alleged_while_on_bail": False, "alleged_while_remanded": False}
THEFT_WHILE_REMANDED = {"description": "theft", "imprisonable": True, "violent": False, "sexual": False,
                        "terrorism": False, "max_adult_sentence_years": 7, "alleged_while_on_bail": False,
                        "alleged_while_remanded": True}


def run(b, dob):
    facts = {"as_of": HEARING, "child": {"date_of_birth": dob}, "bail": b}
    return evaluate(facts).values["remand"]


ALL_MET = dict(custodial_sentence_very_likely="yes", necessity="yes", legal_representation="yes")

CASES = [
    # (bail facts, date of birth, expected subset, source)
    (bail(offences=[ROBBERY], **ALL_MET), "2011-01-01",
     {"first_set": "met", "yda_available": "yes", "unresolved": []}, "note L §3.1; seed 002 L4460"),
    (bail(offences=[ROBBERY], **ALL_MET), "2015-01-01",
     {"yda_age_eligible": False, "first_set": "not_met", "second_set": "not_met", "yda_available": "no",
      "unresolved": []}, "seed 002 L4472: 10 and 11 -> local authority accommodation"),
    (bail(offences=[ROBBERY], **{**ALL_MET, "legal_representation": "no"}), "2011-01-01",
     {"first_set": "not_met", "yda_available": "no"}, "note L §3.1.5"),
    (bail(offences=[THEFT_WHILE_REMANDED], recent_significant_absconding_history="yes", history_relevant="yes",
          custodial_sentence_very_likely="yes", legal_representation="yes", necessity="unknown"), "2011-01-01",
     {"first_set": "not_met", "second_set": "unknown", "yda_available": "unknown", "unresolved": ["necessity"]},
     "note L §3.2.4: first history condition"),
    (bail(offences=[THEFT_WHILE_REMANDED], recent_significant_absconding_history="yes", history_relevant="yes",
          custodial_sentence_very_likely="yes", legal_representation="yes", necessity="yes"), "2011-01-01",
     {"first_set": "not_met", "second_set": "met", "yda_available": "yes"}, "note L §3.2"),
    (bail(offences=[THEFT_WHILE_REMANDED], recent_significant_absconding_history="yes", history_relevant="no",
          custodial_sentence_very_likely="yes", legal_representation="yes", necessity="yes"), "2011-01-01",
     {"second_set": "not_met", "yda_available": "no"}, "note L §3.2.4: history must appear relevant (2022)"),
    (bail(offences=[]), None, {"yda_age_eligible": None, "first_set": "unknown",
                               "unresolved": ["age", "sentencing", "offence", "history", "necessity",
                                              "legal_representation"]}, "every fact optional"),
]


@pytest.mark.parametrize("b, dob, expected, source", CASES)
def test_laspo(b, dob, expected, source):
    got = run(b, dob)
    assert {k: got[k] for k in expected} == expected, source
    assert got["options_open"]["unconditional_bail"] == "open"
    assert "recommend" not in str(got)


def test_eleven_year_old_never_yda_whatever_else():
    r = run(bail(offences=[ROBBERY], **ALL_MET, recent_significant_absconding_history="yes"), "2015-06-01")
    assert r["yda_available"] == "no" and r["options_open"]["remand_yda"] == "closed"
    assert r["options_open"]["remand_local_authority"] == "open"


def test_age_taken_at_hearing_date():
    # 12th birthday between the hearing and the evaluation date: the hearing date counts (spec: values.age)
    facts = {"as_of": "2026-12-31", "child": {"date_of_birth": "2014-12-01"},
             "bail": bail(hearing_date="2026-11-23", offences=[ROBBERY], **ALL_MET)}
    v = evaluate(facts).values
    assert v["age"] == 12 and v["remand"]["yda_age_eligible"] is False and v["remand"]["yda_available"] == "no"


def test_helper_exposes_conditions():
    a = remand_conditions(bail(offences=[ROBBERY], **ALL_MET), 15, date(2026, 11, 23))
    assert a.first_status is Tri.MET
    names = [c.name for c in a.first_set]
    assert names == ["age", "sentencing", "offence", "necessity", "legal_representation"]
    assert all(c.citation.startswith("LASPO 2012") and c.description for c in a.first_set + a.second_set)
    assert a.options_open == {"unconditional_bail": "open", "conditional_bail": "open",
                              "remand_local_authority": "open", "remand_yda": "open"}
    assert a.unresolved == ()


PRE_2022 = "2022-06-27"


def test_pre_2022_first_set_has_no_sentencing_condition():
    b = bail(hearing_date=PRE_2022, offences=[ROBBERY], necessity="yes", legal_representation="yes")
    a = remand_conditions(b, 15, date(2022, 6, 27))
    assert a.law == "pre-2022" and "sentencing" not in [c.name for c in a.first_set]
    assert a.first_status is Tri.MET  # custody "unknown" does not matter before 28 June 2022
    a = remand_conditions(b, 15, date(2022, 6, 28))
    assert a.law == "2022" and a.first_status is Tri.UNKNOWN


def test_pre_2022_real_prospect_and_no_relevance_test():
    b = bail(hearing_date=PRE_2022, offences=[THEFT_WHILE_REMANDED], recent_significant_absconding_history="yes",
             history_relevant="no", custodial_sentence_real_prospect="yes", necessity="yes",
             legal_representation="yes")
    a = remand_conditions(b, 15, date(2022, 6, 27))
    assert a.second_status is Tri.MET  # no relevance requirement, "real prospect" enough
    a = remand_conditions(b, 15, date(2022, 7, 1))
    assert a.second_status is Tri.NOT_MET  # 2022 law: history must appear relevant; custody "very likely" unknown


def test_law_picked_by_hearing_date_not_as_of():
    facts = {"as_of": "2026-01-01", "child": {"date_of_birth": "2006-01-01"},
             "bail": bail(hearing_date=PRE_2022, offences=[ROBBERY], necessity="yes", legal_representation="yes")}
    r = evaluate(facts).values["remand"]
    assert r["law"] == "pre-2022" and r["first_set"] == "met"


def test_community_alternative_prompted_when_yda_arguable():
    facts = {"as_of": HEARING, "child": {"date_of_birth": "2011-01-01"}, "bail": bail(offences=[ROBBERY], **ALL_MET)}
    msgs = [f.message for f in evaluate(facts).findings if f.rule == "remand.yda_conditions"]
    assert any("community alternative" in m for m in msgs)  # seed 002 L4458
