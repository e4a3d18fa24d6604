"""Moves between services: the transfer gates, the Y2A timeline, breach court by age and the timescales, each case
naming the line of guidance (seed 002) it checks."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yjtui.rules import FactsError, evaluate
from yjtui.rules import transfer as tr
from yjtui.rules import transition as y2a
from yjtui.rules.core import Answer, Citation
from yjtui.rules.deadlines import deadlines_for
from yjtui.rules.facts import TransferFacts

D = date.fromisoformat
SEED = Path("/work/shared/seeds/002_9d68e6d4c03aa137.txt")
ALL_MET = {"pending_breach": "no", "requirements_deliverable": "yes", "monitoring_involved": "yes",
           "monitoring_arranged": "yes", "receiving_agreed": "yes"}


def transfer_value(facts: dict, looked_after=False) -> dict | None:
    child = {} if looked_after is None else {"looked_after": looked_after}
    return evaluate({"as_of": "2026-11-23", "child": child, "transfer": facts}).values["transfer"]


GATE_CASES = [
    # (transfer facts, child.looked_after, allowed, blocks, seed line)
    (ALL_MET, False, "yes", [], "L24233: every gate met, explicit agreement"),
    ({**ALL_MET, "pending_breach": "yes"}, False, "no", ["pending_breach"], "L24275: pending breach"),
    ({**ALL_MET, "pending_breach": True}, False, "no", ["pending_breach"], "L24275: JSON true is yes"),
    (ALL_MET, True, "no", ["looked_after_child"], "L24321: looked-after child, caretaking only"),
    (ALL_MET, None, "unknown", [], "L24321: looked-after status not given"),
    ({**ALL_MET, "requirements_deliverable": "no"}, False, "no", ["requirements_not_deliverable"],
     "L24051: requirements not deliverable, back to court first"),
    ({**ALL_MET, "monitoring_arranged": "no"}, False, "no", ["monitoring_not_arranged"],
     "L24081: EM and curfew variation not arranged"),
    ({**ALL_MET, "monitoring_involved": "no", "monitoring_arranged": "no"}, False, "yes", [],
     "L24081: only when monitoring is involved"),
    ({**ALL_MET, "monitoring_involved": "unknown", "monitoring_arranged": "unknown"}, False, "unknown", [],
     "L24081: involvement not yet known"),
    ({**ALL_MET, "receiving_agreed": "no"}, False, "no", ["no_receiving_agreement"], "L24233: no explicit agreement"),
    ({**ALL_MET, "receiving_agreed": None}, False, "unknown", [], "L24238: decision awaited"),
    ({"pending_breach": "yes", "receiving_agreed": "no"}, True, "no",
     ["pending_breach", "looked_after_child", "no_receiving_agreement"], "L24275, L24321, L24233: blocks in order"),
    ({}, False, "unknown", [], "L24233: nothing answered yet"),
]
CARE_LEAVER_CASES = [
    # (child facts, allowed, blocks, seed line): issue 23, care leavers as a transfer gate
    ({"looked_after": False, "care_leaver": True}, "no", ["care_leaver"],
     "L24301: care leavers (eligible and relevant) remain the responsibility of the placing local authority"),
    ({"looked_after": False, "care_leaver": False}, "yes", [], "L24301: not a care leaver"),
    ({"looked_after": False, "care_leaver": None}, "unknown", [], "L24301: care-leaver status unknown"),
    ({"looked_after": False}, "yes", [], "L24301: not given (a caller from before the gate)"),
]


@pytest.mark.parametrize("child, allowed, blocks, where", CARE_LEAVER_CASES, ids=[c[3] for c in CARE_LEAVER_CASES])
def test_care_leavers_stay_with_the_placing_authority(child, allowed, blocks, where):
    e = evaluate({"as_of": "2026-11-23", "child": child, "transfer": ALL_MET})
    assert e.values["transfer"] == {"allowed": allowed, "blocks": blocks}, where
    assert any(f.rule == "transfer.care_leaver" and "L24301" in f.citation for f in e.findings) is bool(blocks)


@pytest.mark.parametrize("facts, looked_after, allowed, blocks, where", GATE_CASES,
                         ids=[c[4] for c in GATE_CASES])
def test_transfer_gates(facts, looked_after, allowed, blocks, where):
    assert transfer_value(facts, looked_after) == {"allowed": allowed, "blocks": blocks}, where


def test_transfer_value_is_null_without_facts_and_present_in_every_evaluation():
    values = evaluate({"as_of": "2026-11-23"}).values
    assert "transfer" in values and values["transfer"] is None
    assert "transition" in values and values["transition"] is None


@pytest.mark.parametrize("facts, path", [
    ({"transfer": {"pending_breach": "maybe"}}, "transfer.pending_breach"),
    ({"transfer": {"proposed_on": "2026-02-30"}}, "transfer.proposed_on"),
    ({"transfer": ["yes"]}, "transfer"),
    ({"transfer": {"receiving_agreed": 1}}, "transfer.receiving_agreed"),
    ({"transition": {"nation": "scotland"}}, "transition.nation"),
    ({"transition": {"order_ends_on": "31/01/2028"}}, "transition.order_ends_on"),
])
def test_bad_facts_name_the_field(facts, path):
    with pytest.raises(FactsError) as err:
        evaluate(facts)
    assert err.value.path == path


def test_blocked_findings_cite_their_lines():
    result = evaluate({"as_of": "2026-11-23", "child": {"looked_after": False},
                       "transfer": {**ALL_MET, "pending_breach": "yes"}})
    found = [f for f in result.findings if f.rule == "transfer.pending_breach"]
    assert found and "L24275" in found[0].citation and "must not be transferred" in found[0].message


def test_decision_due_two_working_days_from_the_request():
    result = evaluate({"as_of": "2026-12-24", "child": {"looked_after": False},
                       "transfer": {"proposed_on": "2026-12-24"}})
    decision = [f for f in result.findings if f.rule == "transfer.decision"]
    assert "30/12/2026" in decision[0].message and "L24238" in decision[0].citation  # Christmas and Boxing Day


tri = st.sampled_from(["yes", "no", "unknown", None, True, False])


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({}, optional={k: tri for k in ALL_MET}), st.sampled_from([True, False, None]))
def test_any_block_means_not_allowed(facts, looked_after):
    value = transfer_value(facts, looked_after)
    assert value["allowed"] in ("yes", "no", "unknown")
    assert value["blocks"] == [b for b in tr.BLOCKS if b in value["blocks"]]  # known names, the contract's order
    assert (value["allowed"] == "no") == bool(value["blocks"])
    norm = {True: "yes", False: "no", None: "unknown"}
    answers = {k: norm.get(facts.get(k), facts.get(k)) for k in ALL_MET}
    if "monitoring_not_arranged" in value["blocks"]:
        assert answers["monitoring_involved"] == "yes" and answers["monitoring_arranged"] == "no"
    if value["allowed"] == "yes":
        assert looked_after is False and answers["pending_breach"] == "no"
        assert answers["requirements_deliverable"] == "yes" and answers["receiving_agreed"] == "yes"


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(list(ALL_MET) + ["proposed_on"]),
                       st.one_of(st.text(max_size=12), st.integers(), st.floats(), st.lists(st.none(), max_size=2))))
def test_bad_transfer_input_is_an_error_naming_a_transfer_field_never_a_crash(facts):
    try:
        evaluate({"transfer": facts})
    except FactsError as exc:
        assert exc.path.startswith("transfer")


# --- timescales: the deadline table's rows for moves ----------------------------------------------------------

def due(event: dict, rule: str, packs=("national",)):
    found = [d for d in deadlines_for([event], set(packs), D("2026-11-23")) if d.rule == rule]
    return found[0].due if found else None


TIMESCALE_CASES = [
    ({"type": "transfer_requested", "at": D("2026-11-27")}, "transfer.send_documents", D("2026-11-30"),
     "L24222: one working day (Friday -> Monday)"),
    ({"type": "transfer_requested", "at": D("2026-11-27")}, "transfer.decision", D("2026-12-01"),
     "L24238: two working days"),
    ({"type": "transfer_dispute_raised", "at": D("2026-11-23")}, "transfer.dispute_manager", D("2026-11-25"),
     "L24730: managers, two working days"),
    ({"type": "transfer_dispute_raised", "at": D("2026-11-23")}, "transfer.dispute_board", D("2026-11-30"),
     "L24733: management board, five working days from the first notification"),
    ({"type": "caretaking_agreed", "at": D("2026-11-30")}, "transfer.caretaking_review", D("2027-02-28"),
     "L21747: caretaking usually three months (month-end kept)"),
    ({"type": "stability_test_started", "at": D("2026-11-23")}, "transfer.stability_review", D("2027-02-23"),
     "L24097, L24107: three-month stability test, then review"),
    ({"type": "out_of_area_court_outcome", "at": D("2026-11-28")}, "out_of_area.notify_home", D("2026-11-30"),
     "L23204: Saturday court, first available working day"),
    ({"type": "out_of_area_oocd", "at": D("2026-11-23")}, "out_of_area.oocd_notify_home",
     __import__("datetime").datetime(2026, 11, 24), "L22277: 24 hours from the start of a bare date"),
    ({"type": "transition_identified", "at": D("2026-11-23"), "date_of_birth": "2009-09-10",
      "national_security": True}, "y2a.national_security", D("2027-03-10"),
     "L26607: National Security Division six months before 18"),
    ({"type": "transition_identified", "at": D("2026-11-23"), "date_of_birth": "2009-09-10"},
     "y2a.national_security", None, "L26604: only when the child may meet the criteria"),
    ({"type": "transition_identified", "at": D("2026-11-23"), "date_of_birth": "2009-09-10",
      "transfer_date": "2027-08-01"}, "y2a.probation_allocation", D("2027-04-30"),
     "L25774-25776: before 17y9m or three months before transfer, the earlier (issue 23: before, not on)"),
    ({"type": "transition_identified", "at": D("2026-11-23"), "date_of_birth": "2009-09-10"},
     "y2a.probation_allocation", D("2027-06-09"), "L25776: 'before the child reaches 17 years 9 months'"),
    ({"type": "transition_identified", "at": D("2026-11-23"), "date_of_birth": "2009-09-10",
      "transfer_date": "2027-08-01"}, "y2a.final_transfer_meeting", D("2027-08-01"),
     "L25586: the final transfer meeting, on the agreed date"),
    ({"type": "transition_identified", "at": D("2026-11-23"), "date_of_birth": "2009-09-10"},
     "y2a.final_transfer_meeting", None, "L25586: no agreed date yet"),
    ({"type": "transition_identified", "at": D("2026-11-23"), "date_of_birth": "2009-09-10", "nation": "wales"},
     "y2a.transition_plan", None, "L24963: the Y2A protocol is England's"),
    ({"type": "transition_identified", "at": D("2026-11-23"), "date_of_birth": "2009-09-10", "nation": "wales",
      "mappa_level": 2}, "mappa.transition_transfer", D("2027-03-10"),
     "L18453: MAPPA 23.30 applies in Wales too"),
    ({"type": "transferred_to_probation", "at": D("2027-09-10"), "nation": "wales"}, "y2a.post_transfer_meeting",
     None, "L24963: no English post-transfer meeting for a Welsh service"),
]


@pytest.mark.parametrize("event, rule, expected, where", TIMESCALE_CASES, ids=[c[3] for c in TIMESCALE_CASES])
def test_move_timescales(event, rule, expected, where):
    assert due(event, rule) == expected, where


def test_police_interview_outcome_24_hours():
    from datetime import datetime
    event = {"type": "out_of_area_police_interview", "at": datetime(2026, 11, 28, 22, 15)}
    assert due(event, "out_of_area.interview_outcome") == datetime(2026, 11, 29, 22, 15)  # L21818: hours, not days


# --- the Y2A timeline shown on screen ---------------------------------------------------------------------------

def test_timeline_shows_both_dates_and_the_earlier_is_due():
    steps = {s.rule: s for s in y2a.timeline(D("2009-09-10"), D("2027-08-01"))}
    pre = steps["y2a.pre_transfer_meeting"]  # L25562: 17y6m (or 6 months prior to transfer)
    assert (pre.age_date, pre.transfer_date_based, pre.due) == (D("2027-03-10"), D("2027-02-01"), D("2027-02-01"))
    mam = steps["y2a.multi_agency_meeting"]  # L25565: 17y9m (or 3 months prior to transfer)
    assert (mam.age_date, mam.transfer_date_based, mam.due) == (D("2027-06-10"), D("2027-05-01"), D("2027-05-01"))
    plan = steps["y2a.transition_plan"]  # L25333: no later than 17y6m, no transfer-date alternative
    assert (plan.age_date, plan.transfer_date_based, plan.due) == (D("2027-03-10"), None, D("2027-03-10"))
    post = steps["y2a.post_transfer_meeting"]  # L25598: 4 to 6 weeks after transfer
    assert post.due == D("2027-09-12") and "from 29/08/2027" in post.basis


def test_timeline_later_transfer_date_keeps_the_age_date():
    steps = {s.rule: s for s in y2a.timeline(D("2009-09-10"), D("2027-12-01"))}
    assert steps["y2a.rsr_cas"].due == D("2027-03-10")  # L25757: the age date is earlier


def test_board_deadline_matches_the_timeline():
    event = {"type": "transition_identified", "at": D("2026-11-23"), "date_of_birth": "2009-09-10",
             "transfer_date": "2027-08-01"}
    for step in y2a.timeline(D("2009-09-10"), D("2027-08-01")):
        if step.rule != "y2a.post_transfer_meeting":
            assert due(event, step.rule) == step.due, step.rule


def test_wales_timeline_is_not_the_english_one():
    result = evaluate({"as_of": "2026-11-23", "child": {"date_of_birth": "2009-09-10"},
                       "transition": {"order_ends_on": "2028-01-31", "nation": "wales"}})
    value = result.values["transition"]
    assert value["english_timeline"] is False and value["timeline"] == []
    assert any(f.rule == "y2a.wales" and "L5692" in f.citation for f in result.findings)


@pytest.mark.parametrize("dob, ends, expected, where", [
    ("2009-09-10", "2028-01-31", "yes", "L25322: order runs past 18"),
    ("2009-09-10", "2027-09-10", "yes", "L25322: ends on the 18th birthday"),
    ("2009-09-10", "2027-09-09", "no", "L25322: ends the day before"),
    # issue 23: one 18th birthday in every rule (child.birthday): 1 March in a common year, the day age_on says 18
    ("2008-02-29", "2026-02-28", "no", "L25322: born 29 February, still 17 on 28 February in a common year"),
    ("2008-02-29", "2026-03-01", "yes", "L25322: born 29 February, 18 on 1 March in a common year"),
    (None, "2028-01-31", "unknown", "L25322: no date of birth"),
])
def test_eligible_at_sentence(dob, ends, expected, where):
    assert y2a.eligible(D(dob) if dob else None, D(ends)) == expected, where


@pytest.mark.parametrize("order, age, crown, court, where", [
    ("referral_order", 17, False, "Youth Court", "L26131"),
    ("referral_order", 18, False, "Magistrates' Court", "L26131"),
    ("yro", 17, False, "Youth Court", "L26152"),
    ("yro", 19, False, "Magistrates' Court", "L26152"),
    ("yro", 19, True, "Crown Court", "L26152: Crown Court kept the breach"),
    ("dto", 18, False, "Youth Court (only)", "L26191"),
    ("s250", 18, False, "Magistrates' Court", "L26216"),
    ("s250", None, False, None, "L26216: age not known"),
])
def test_breach_court_by_age(order, age, crown, court, where):
    assert y2a.breach_court(order, age, crown) == court, where


# --- checks on the records -------------------------------------------------------------------------------------

@pytest.mark.parametrize("data, status, rule, where", [
    ({"situation": "transfer"}, "no", "transfer.supervising_officer", "L21651"),
    ({"situation": "transfer", "supervising_officer": "S", "requested_on": "2026-11-23"}, "no", "transfer.reasons",
     "L24218"),
    ({"situation": "caretaking", "supervising_officer": "S"}, "no", "transfer.lja", "L24031"),
    ({"supervising_officer": "S", "intervention_level": {"carried": "enhanced", "changed_to": "standard"}}, "no",
     "transfer.intervention_level", "L24064"),
    ({"supervising_officer": "S"}, "care_leaver", "transfer.care_leaver", "L24301"),
    ({"situation": "looked_after", "supervising_officer": "S", "responsible": "host"}, "s20",
     "transfer.responsible", "L24301"),
    ({"supervising_officer": "S", "order_type": "dto", "monitoring_involved": "yes"}, "no",
     "transfer.monitoring_body", "L24081"),
    ({"supervising_officer": "S", "decisions": {"psr_author": {"decision": "Host YOT"}}}, "no",
     "transfer.psr_author", "L23964"),
])
def test_record_checks(data, status, rule, where):
    found = [f for f in tr.record_checks(data, status) if f.rule == rule]
    assert found and where.split(":")[0] in found[0].citation, where


def test_transfer_recorded_moves_responsibility_to_the_receiving_yot():
    data = {"situation": "transfer", "supervising_officer": "S", "responsible": "receiving"}
    assert any(f.rule == "transfer.responsible" for f in tr.record_checks(data, "no"))  # L24249: not yet
    data["transferred_on"] = "2026-11-23"
    assert not any(f.rule == "transfer.responsible" for f in tr.record_checks(data, "no"))  # L24271


def test_transition_checks_decision_and_gates_before_transfer():
    found = {f.rule for f in y2a.record_checks({"decision": "transfer"}, "england")}
    assert {"y2a.decision", "y2a.plan", "y2a.assetplus_stage", "y2a.oasys_layer_one"} <= found  # L25428, L25508
    assert y2a.record_checks({"decision": "transfer"}, "wales") == []


def test_gate_state_types():
    states = tr.gate_states(TransferFacts(), Answer.UNKNOWN, Answer.UNKNOWN)
    assert set(states) == set(tr.BLOCKS) and all(v is Answer.UNKNOWN for v in states.values())
    assert tr.gate_states(TransferFacts(), Answer.UNKNOWN)["care_leaver"] is Answer.NO  # not given: no gate


# --- every citation of these modules points at real, non-blank lines of the seed -------------------------------

def _citations():
    found = []
    for module in (tr, y2a):
        for value in vars(module).values():
            items = value if isinstance(value, (tuple, list)) else value.values() if isinstance(value, dict) else [value]
            for item in items:
                for part in (item, *getattr(item, "__dict__", {}).values(), *(item if isinstance(item, tuple) else ())):
                    if isinstance(part, Citation):
                        found.append(part)
                if hasattr(item, "line"):
                    found.append(Citation("checklist", "", "002", (item.line,)))
    return found


def test_cited_lines_exist_and_are_not_blank():
    if not SEED.exists():
        pytest.skip("seed text not available")
    lines = SEED.read_text(encoding="utf-8", errors="replace").splitlines()
    cites = _citations()
    assert len(cites) > 40
    for c in cites:
        for n in c.lines:
            assert lines[n - 1].strip(), f"{c}: L{n} is blank"
    assert re.search(r"adopted across the YOTs and NPS in England", lines[24963 - 1])


def test_yjtui_rules_lists_the_move_rules_event_types_and_contract_additions():
    import io

    from yjtui.cli.evaluate import run_rules

    out = io.StringIO()
    assert run_rules([], out, io.StringIO()) == 0
    text = out.getvalue()
    for rule_id, line in (("transfer.pending_breach", "L24275"), ("transfer.looked_after_child", "L24321"),
                          ("transfer.requirements_not_deliverable", "L24051"),
                          ("transfer.monitoring_not_arranged", "L24081"), ("transfer.no_receiving_agreement",
                                                                           "L24233"),
                          ("transfer.caretaking_review", "L21747"), ("transfer.stability_review", "L24097"),
                          ("y2a.national_security", "L26607"), ("y2a.timeline", "L25322")):
        after = text.split(rule_id, 1)[1]
        assert line in after.split("\n")[1], rule_id
    assert "EVENT TYPES" in text and "stability_test_started" in text
    assert "values.transfer" in text and "values.transition" in text


# --- issue 23: the y2a rows cite the paragraph the seed gives; one 18th birthday; DUE and OVERDUE as the board ----
@pytest.mark.parametrize("rule_id, line", [("y2a.pre_transfer_meeting", 25559), ("y2a.multi_agency_meeting", 25565),
                                           ("y2a.post_transfer_meeting", 25595)])
def test_transition_meetings_cite_6_4_15(rule_id, line):
    # seed 002 L25553: "6.4.15 The YOT Case Manager must attend all transitions meetings" (6.4.8, L25457, is RSR)
    from yjtui.rules import deadlines as dl
    rows = [r for r in dl.TIMESCALES if r.rule == rule_id]
    assert rows and all(r.citation.paragraph == "6.4.15" and line in r.citation.lines for r in rows)


def test_the_age_finding_names_the_transitions_protocol():
    # seed 002 L25260: "6.1 The YOT is responsible for the supervision of children aged 10 to 17" (the protocol)
    e = evaluate({"as_of": "2026-11-23", "child": {"date_of_birth": "2008-01-01"}})
    found = [f for f in e.findings if f.rule == "child.age"]
    assert found and "Joint National Protocol for Transitions" in found[0].citation and "L25260" in found[0].citation


@pytest.mark.parametrize("year", [2006, 2007, 2008, 2009, 2010])
def test_one_18th_birthday_in_every_rule(year):
    from datetime import timedelta

    from yjtui.rules.child import age_on, birthday
    dob = D(f"{year}-02-28") if year % 4 else D(f"{year}-02-29")
    turns = birthday(dob, 18)
    assert age_on(dob, turns) == 18 and age_on(dob, turns - timedelta(days=1)) == 17
    assert y2a.eighteenth_birthday(dob) == turns
    v = evaluate({"as_of": "2026-01-01", "child": {"date_of_birth": dob.isoformat()},
                  "transition": {"order_ends_on": turns.isoformat()}}).values["transition"]
    assert v["turns_18_on"] == turns.isoformat() and v["eligible"] == "yes"


def test_timeline_says_overdue_as_the_board_does():
    # a step months late: the board shows OVERDUE; the timeline must not say DUE
    e = evaluate({"as_of": "2027-09-01", "child": {"date_of_birth": "2009-09-10"},
                  "transition": {"order_ends_on": "2028-01-31"}})
    steps = {s["rule"]: s for s in e.values["transition"]["timeline"]}
    assert steps["y2a.transition_plan"]["overdue"] is True  # due 2027-03-10, L25333
    e = evaluate({"as_of": "2026-11-23", "child": {"date_of_birth": "2009-09-10"},
                  "transition": {"order_ends_on": "2028-01-31"}})
    assert all(s["overdue"] is False for s in e.values["transition"]["timeline"])



@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=D("1990-01-01"), max_value=D("2030-12-31")), st.integers(min_value=1, max_value=25))
def test_birthday_is_the_day_age_on_first_counts_the_age(dob, years):
    from datetime import timedelta

    from yjtui.rules.child import age_on, birthday
    turns = birthday(dob, years)
    assert age_on(dob, turns) == years and age_on(dob, turns - timedelta(days=1)) == years - 1
