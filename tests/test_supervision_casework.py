"""Supervision records (issue 24) through casework: the contact log, breach, court reports, victims and custody as
stored records -> the engine's facts and the board's deadlines; bad stored data never crashes; victim names out."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from yjtui.casework import board, case_facts, supervision as sv
from yjtui.rules import evaluate
from yjtui.store import CaseRecord, Child, Event, TaskDone

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def child(store):
    return store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2010, 2, 1)))


def _facts(store, child, as_of=date(2026, 6, 10)):
    return case_facts.build(store, child, as_of=as_of)


def _save(store, record, data):
    store.update(record, "data", json.dumps(data, sort_keys=True))


def test_contact_log_to_facts_and_the_board(store, child):
    """seed 002 L4404: a missed bail support contact is followed up within 24 hours; recorded, it is done."""
    sv.start(store, child, sv.SUPERVISION, {"order_type": "bail_support"})
    data = {"on": "2026-06-01T10:00", "status": "missed", "type": "appointment"}
    record = sv.start(store, child, sv.CONTACT, data)
    assert sv.sync_contact_event(store, child, data, "bail_support")
    _save(store, record, data)
    [event] = [e for e in store.records(Event, child.id) if e.type == "bail_contact_missed"]
    facts = _facts(store, child)
    assert facts["supervision"]["contacts"] == [{"on": "2026-06-01T10:00", "status": "missed", "type": "appointment"}]
    e = evaluate(facts)
    assert e.values["supervision"]["awaiting_follow_up"] == 1
    assert [(d.rule, d.due) for d in e.deadlines if d.event is not None] == [
        ("bail.missed_contact_follow_up", datetime(2026, 6, 2, 10, 0))]
    data["followed_up_at"] = "2026-06-01T16:00"
    assert not sv.sync_contact_event(store, child, data, "bail_support")
    assert ("bail.missed_contact_follow_up", event.id) in {(t.rule, t.event_id)
                                                          for t in store.records(TaskDone, child.id)}


def test_a_contact_no_longer_missed_takes_its_deadline_off(store, child):
    data = {"on": "2026-06-01", "status": "missed"}
    sv.sync_contact_event(store, child, data, "yro")
    event_id = data["event_id"]
    assert store.get(Event, event_id).type == "contact_missed"
    data["status"] = "attended"
    assert sv.sync_contact_event(store, child, data, "yro") and "event_id" not in data
    assert ("contact.missed_follow_up", event_id) in {(t.rule, t.event_id) for t in store.records(TaskDone, child.id)}


def test_custody_record_times_the_mappa_duties_from_the_sentence(store, child):
    """seed 002 L18415, L18429, L15865: a 12-month DTO with less than six months to serve: due on the day of
    sentence, on the board, not before it."""
    data = {"sentenced_on": "2026-03-02", "custody_months": 12, "violent_or_sexual": True,
            "release_on": "2026-08-20", "level_2_or_3_needed": True}
    sv.start(store, child, sv.CUSTODY, data)
    assert sv.sync_custody_event(store, child, data)
    e = evaluate(_facts(store, child))
    mappa = {d.rule: d.due for d in e.deadlines if d.rule in ("mappa.mappa_h", "mappa.level_set",
                                                               "mappa.mappa_a_custody")}
    assert mappa == dict.fromkeys(("mappa.mappa_h", "mappa.level_set", "mappa.mappa_a_custody"), date(2026, 3, 2))
    rows = board.child_deadlines(store, child, date(2026, 3, 2))
    assert {(r.rule, r.due) for r in rows if r.rule.startswith("mappa.mappa_")} == {
        ("mappa.mappa_h", date(2026, 3, 2)), ("mappa.mappa_a_custody", date(2026, 3, 2))}
    assert all(r.basis == "as soon as possible: less than 6 months left at sentence" for r in rows
               if r.rule.startswith("mappa.mappa_"))


def test_breach_kinds_and_open_breach(store, child):
    assert sv.breach_kind("bail_support") == "breach_bail_support"
    assert sv.breach_kind("parenting_order") == "breach_parenting_order"
    assert sv.breach_kind("yro") == sv.BREACH
    sv.start(store, child, sv.BREACH, {"order_type": "yro", "closed": True, "grounds": ["non_engagement"]})
    assert "breach" not in _facts(store, child)
    sv.start(store, child, sv.breach_kind("bail_support"),
             {"order_type": "bail_support", "grounds": ["non_engagement", "nonsense"], "signed_off_by": "M Example",
              "considered": {"capacity": "understands", "bogus": "x"}, "report": {"progress": "yes"}})
    facts = _facts(store, child)
    assert facts["breach"] == {"order_type": "bail_support", "grounds": ["non_engagement"],
                               "signed_off_by": "M Example", "considered": {"capacity": "understands"}}
    assert evaluate(facts).values["breach"]["blocks"] == ["no_manager_sign_off"]  # seed 002 L1620: no level


@pytest.mark.parametrize("kind, data", [
    (sv.CONTACT, {"on": "yesterday", "status": "missed"}),
    (sv.CONTACT, {"on": "2026-06-01", "status": "vanished", "warning": "yes"}),
    (sv.COURT_REPORT, {"type": "psr", "due_on": "2026-02-30", "proposed_dto_months": 99}),
    (sv.VICTIM, {"ref": 7, "rj_decision": "perhaps", "agreed": True}),
    (sv.CUSTODY, {"remand_periods": [{"from": "2026-02-01", "to": "2026-01-01"}, "x"], "bail_applications": -2}),
    (sv.SUPERVISION, {"order_type": "asbo", "order_started_on": 20260101}),
    (sv.REFERRAL_ORDER, {"moving_to": "france"}),
])
def test_bad_stored_data_never_crashes_the_engine(store, child, kind, data):
    store.add(CaseRecord(child_id=child.id, kind=kind, data=json.dumps(data)))
    store.add(CaseRecord(child_id=child.id, kind=kind, data="{not json"))
    evaluate(_facts(store, child))  # no FactsError: what cannot be read is left out


def test_victim_name_stays_out_of_the_facts_and_is_removed_from_text(store, child):
    """seed 002 L1536-1554: the name never reaches the engine; anything given to the child leaves it out."""
    sv.start(store, child, sv.VICTIM, {"ref": "V1", "name": "Sam Sample", "name_recorded": True,
                                       "significant_impact": "yes", "name_rationale": "threats assessed real"})
    facts = _facts(store, child)
    assert "Sam Sample" not in json.dumps(facts)
    names = sv.victim_names(store.records(CaseRecord, child.id))
    assert names == ["Sam Sample"]
    text = "Keep appointments apart from Sam Sample; SAM SAMPLE's school. Samsamples is another word."
    assert sv.without_victim_names(text, names) == ("Keep appointments apart from [victim]; [victim]'s school. "
                                                     "Samsamples is another word.")


def test_court_report_event_due_on_the_court_date(store, child):
    """seed 002 L6647: the report the court asked for is on the board for the court's date; submitted, done."""
    data = {"type": "psr", "requested_on": "2026-06-01", "due_on": "2026-06-22"}
    sv.start(store, child, sv.COURT_REPORT, data)
    assert sv.sync_report_event(store, child, data)
    e = evaluate(_facts(store, child))
    assert [(d.rule, d.due) for d in e.deadlines] == [("court_report.due", date(2026, 6, 22))]
    data["submitted_on"] = "2026-06-20"
    sv.sync_report_event(store, child, data)
    assert ("court_report.due", data["event_id"]) in {(t.rule, t.event_id) for t in store.records(TaskDone,
                                                                                                   child.id)}


def test_breach_counts_for_the_management_board(store, child):
    """seed 002 L1632, L4430: breach action counted for the board, with ethnicity and looked-after status."""
    other = store.add(Child(given_name="Bo", family_name="Example", ethnicity="Mixed", looked_after="s20"))
    for c, kind, order, status in ((child, sv.BREACH, "yro", "complete"), (other, "breach_bail_support",
                                                                          "bail_support", "countersigned"),
                                   (other, sv.BREACH, "yro", "draft")):
        store.add(CaseRecord(child_id=c.id, kind=kind, status=status, completed_at=datetime(2026, 6, 1),
                             data=json.dumps({"order_type": order})))
    counts = sv.breach_counts(store)
    assert counts == {"total": 2, "by_order": {"yro": 1, "bail_support": 1},
                      "by_ethnicity": {"not recorded": 1, "Mixed": 1}, "looked_after": 1}
    assert sv.breach_counts(store, since=date(2026, 7, 1))["total"] == 0
