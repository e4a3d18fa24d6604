"""ISS (Kent Police SOP N02a, seed 000), DYO (Leicester, seed 004) and the roles: rules, deadlines and the police
view, table by table; each case names its seed line."""

from __future__ import annotations

import pytest

from yjtui.rules import FactsError, catalogue, evaluate
from yjtui.rules import roles
from yjtui.rules.packs import shipped_pack


def _found(facts, packs=None, prefix=""):
    return [f for f in evaluate(facts, packs or [], as_of=None).findings if f.rule.startswith(prefix)]


def _due(events, packs=None):
    e = evaluate({"events": events}, packs or [], as_of=None)
    return [(d.rule, d.due.isoformat(), d.basis) for d in e.deadlines]


# --- ISS deadlines: (events, expected (rule, due, basis), source) ------------------------------------------------
ISS_DEADLINES = [
    ([{"type": "iss_started", "at": "2026-11-02"}],
     [("iss.intel_report", "2026-11-03", "1 working day"), ("iss.police_contact", "2026-11-09", "1 week")],
     "seed 000 L23 (report once placed on ISS: local working day), L32 (weekly contact)"),
    ([{"type": "iss_police_contact", "at": "2026-11-09"}], [("iss.police_contact", "2026-11-16", "1 week")],
     "seed 000 L32: weekly home visits or face-to-face contacts"),
    ([{"type": "iss_police_contact", "at": "2026-11-09", "every_weeks": 2}],
     [("iss.police_contact", "2026-11-23", "2 weeks")], "seed 000 L32: reduced with the Unit Lead's agreement"),
    ([{"type": "iss_conditions_changed", "at": "2026-12-24"}], [("iss.further_intel_report", "2026-12-29",
                                                                 "1 working day")],
     "seed 000 L24: further report on varied bail conditions (Christmas and Boxing Day skipped)"),
    ([{"type": "iss_breach_statement_received", "at": "2026-11-20"}],
     [("iss.breach_statement", "2026-11-24", "2 working days")], "seed 000 L43: 'expeditiously' (local default)"),
]


@pytest.mark.parametrize("events, expected, source", ISS_DEADLINES)
def test_iss_deadlines(events, expected, source):
    assert _due(events) == [], "the Kent procedure's tasks run only when the kent pack is on"
    assert _due(events, ["kent"]) == expected, source


def test_iss_police_tasks_and_refusal():
    found = _found({"iss": {"basis": "yro"}}, ["kent"], prefix="iss.")
    assert len([f for f in found if f.rule == "iss.police_tasks"]) == 4  # seed 000 L23 (x2), L29, L30
    declined = _found({"iss": {"declined": True}}, ["kent"], prefix="iss.declined")
    assert declined[0].severity.value == "action" and "pre-sentence report" in declined[0].message
    assert "court's decision" in declined[0].message and "L30" in declined[0].citation  # ISS-11: not the app's


def test_iss_reduced_contact_needs_the_unit_lead():
    # seed 000 L32: "may reduce the frequency following consultation and agreement with the Unit Lead"
    assert _found({"iss": {"contact_every_weeks": 2}}, ["kent"], prefix="iss.contact")[0].severity.value == "warning"
    assert _found({"iss": {"contact_every_weeks": 2, "reduction_agreed_with_unit_lead": True}},
                  ["kent"], prefix="iss.contact")[0].severity.value == "info"
    assert _found({"iss": {"contact_every_weeks": 1}}, ["kent"], prefix="iss.contact") == []


@pytest.mark.parametrize("facts, path", [({"basis": "tag"}, "iss.basis"), ({"declined": "no way"}, "iss.declined"),
                                         ({"contact_every_weeks": 0}, "iss.contact_every_weeks")])
def test_bad_iss_facts_name_the_field(facts, path):
    with pytest.raises(FactsError) as err:
        evaluate({"iss": facts})
    assert err.value.path == path


# --- DYO ---------------------------------------------------------------------------------------------------------
DYO_DEADLINES = [
    ([{"type": "dyo_rag_meeting", "at": "2026-11-02", "rag": "red", "tier": 1}],
     [("dyo.rag_review", "2026-12-14", "6 weeks")], "seed 004 L94: RAG every six weeks"),
    ([{"type": "dyo_rag_meeting", "at": "2026-11-02", "rag": "amber", "tier": 2}],
     [("dyo.rag_review", "2026-12-14", "6 weeks"), ("dyo.intel_update", "2026-11-16", "14 calendar days"),
      ("dyo.npt_share", "2026-11-09", "7 calendar days")], "seed 004 L128 fortnightly, L129 weekly (Tier 2)"),
    ([{"type": "dyo_identified", "at": "2026-11-20"}], [("dyo.notify", "2026-11-23", "1 working day")],
     "seed 004 L187 (the row that already existed)"),
]


@pytest.mark.parametrize("events, expected, source", DYO_DEADLINES)
def test_dyo_deadlines(events, expected, source):
    assert _due(events, ["leicester"]) == expected, source
    assert _due(events, ["national"]) == [], "Leicester's pack only"


DYO_FINDINGS = [
    ({"status": "considered", "basis": ["discretionary"]}, "dyo.discretionary", "action", "seed 004 L34"),
    ({"status": "considered", "basis": ["hkc"]}, "dyo.discretionary", "info", "seed 004 L94"),
    ({"status": "considered"}, "dyo.classification", "action", "seed 004 L38, L187"),
    ({"status": "classified", "rag": "red", "tier": 1, "npt_informed": True}, "dyo.red_police_contact", "action",
     "seed 004 L170"),
    ({"status": "classified", "rag": "amber", "tier": 1, "npt_informed": True}, "dyo.tier", "warning",
     "seed 004 L112-135 (tier headings lost: presumed)"),
    ({"status": "classified", "rag": "green", "npt_informed": True}, "dyo.tier", "info", "seed 004 L134"),
    ({"status": "classified"}, "dyo.npt", "action", "seed 001 L273, L305"),
    ({"status": "classified", "npt_informed": True, "rag": "green", "tier": 3, "green_since": "2026-08-01"},
     "dyo.deselection", "info", "seed 004 L225: green for 3 months"),
    ({"status": "classified", "npt_informed": True, "order_ended": True}, "dyo.deselection", "info",
     "seed 004 L226"),
]


@pytest.mark.parametrize("facts, rule, severity, source", DYO_FINDINGS)
def test_dyo_findings(facts, rule, severity, source):
    found = [f for f in _found({"as_of": "2026-11-23", "dyo": facts}, ["leicester"]) if f.rule == rule]
    assert found and found[0].severity.value == severity, source


def test_dyo_green_less_than_three_months_is_not_yet_deselection():
    found = _found({"as_of": "2026-11-23", "dyo": {"status": "classified", "rag": "green", "green_since":
                                                     "2026-09-01", "npt_informed": True, "tier": 3}},
                   ["leicester"], "dyo.deselection")
    assert found == []  # seed 004 L225: 3 months from 1/9 is 1/12


def test_dyo_pre_18_iom_referral():
    # seed 004 L227: "on the lead up to their 18th birthday" -> 17 years 6 months (local choice)
    facts = {"as_of": "2026-11-23", "child": {"date_of_birth": "2009-05-01"},
             "dyo": {"status": "classified", "npt_informed": True}}
    assert any("adult IOM" in f.message for f in _found(facts, ["leicester"], "dyo.deselection"))


def test_dyo_rules_only_under_leicester():
    assert _found({"dyo": {"status": "considered"}}, ["national"], "dyo.") == []


# --- the local values: in the packs, each with the source's figure ------------------------------------------------
def test_local_values_are_the_packs_with_the_sources_figures():
    kent, leicester = shipped_pack("kent"), shipped_pack("leicester")
    assert kent.timescale("iss.police_contact").amount == 1  # seed 000 L32 "weekly"
    assert leicester.timescale("dyo.rag_review").amount == 6  # seed 004 L94 "every six weeks"
    assert leicester.timescale("dyo.intel_update").amount == 14  # seed 004 L128 "fortnightly"
    assert leicester.values["dyo_green_months_to_deselect"].value == 3  # seed 004 L225


# --- roles ---------------------------------------------------------------------------------------------------------
VIEW = [
    ("police_officer", "oocd", True, "seed 002 L22211"),
    ("police_officer", "police", True, "seed 001 L305"),
    ("police_officer", "court", False, "seed 001 L420: court officer 'incompatible with the mission of policing'"),
    ("police_officer", "risk", False, "seed 001 L412"),
    ("police_officer", "plan", False, "seed 004 L173, L190"),
    ("police_officer", "transfer", False, "not yet reviewed for the police view: hidden"),
    ("case_manager", "court", True, "every workflow"),
    ("manager", "risk", True, "every workflow"),
]


@pytest.mark.parametrize("role, workflow, shown, source", VIEW)
def test_what_each_role_sees(role, workflow, shown, source):
    assert roles.sees_workflow(role, workflow) is shown, source
    if not shown:
        reason, _cite = roles.why_hidden(role, workflow)
        assert reason, source


def test_police_view_cites_every_line_and_starts_on_the_board():
    for s in roles.POLICE_VIEW:
        assert s.citation.lines, s.workflow
    assert roles.start_workflow("police_officer") == "board" and roles.start_workflow("case_manager") is None
    assert roles.sees_deadline("police_officer", "iss.police_contact")
    assert roles.sees_deadline("police_officer", "out_of_area.oocd_notify_home")
    assert not roles.sees_deadline("police_officer", "victims.vcs_notification")
    assert roles.sees_deadline("case_manager", "victims.vcs_notification")


def test_countersign_is_a_managers_act_and_role_names_are_kept():
    assert set(roles.ROLES) == {"case_manager", "manager", "police_officer", "administrator"}
    assert [r for r in roles.ROLES if roles.may_countersign(r)] == ["manager"]  # seed 002 L547
    assert roles.role_of("nonsense") == "case_manager" and roles.role_of("police_officer") == "police_officer"


def test_rules_catalogue_lists_the_police_rules_with_citations():
    ids = {r.id: r for r in catalogue()}
    for rule_id, seed in (("oocd.final_score", "002"), ("oocd.yjs_assessment", "002"), ("iss.declined", "000"),
                          ("iss.police_contact", "000"), ("dyo.deselection", "004"), ("dyo.rag_review", "004")):
        assert rule_id in ids and ids[rule_id].citation.seed == seed and ids[rule_id].citation.lines, rule_id


def test_iss_police_side_is_the_kent_pack_and_says_so_without_it():
    # seed 000 L8, L13: Kent Police's SOP; a service without a pack that times ISS is told, not given Kent's times
    assert [f.rule for f in _found({"iss": {"basis": "bail"}}, ["national"], "iss.")] == ["iss.local_procedure"]
    with_kent = [f.rule for f in _found({"iss": {"basis": "bail"}}, ["kent"], "iss.")]
    assert "iss.local_procedure" not in with_kent and "iss.police_tasks" in with_kent


# --- Kent's ISS timings where the SOP gives no number: local defaults, said as such (issue 23) ------------------
KENT_DEFAULTS = [
    ("iss_started", "iss.intel_report", "once they have been placed on ISS", "seed 000 L23"),
    ("iss_conditions_changed", "iss.further_intel_report", "as necessary", "seed 000 L24"),
    ("iss_breach_statement_received", "iss.breach_statement", "expeditiously", "seed 000 L43"),
]


@pytest.mark.parametrize("event, rule_id, words, source", KENT_DEFAULTS)
def test_kent_iss_timescales_are_local_defaults_citing_the_sops_words(event, rule_id, words, source):
    e = evaluate({"iss": {"basis": "bail"}, "events": [{"type": event, "at": "2026-11-02"}]}, ["kent"], as_of=None)
    deadline = next(d for d in e.deadlines if d.rule == rule_id)
    said = deadline.to_json()["local_default"]
    assert said and "local default" in said and f"'{words}'" in said and source in said, source
    finding = [f for f in e.findings if f.rule == "iss.local_defaults" and f"'{words}'" in f.message]
    assert finding and source in finding[0].citation
    from yjtui.casework.board import row_basis, row_title
    assert "local default" in row_title(deadline) and f"'{words}'" in row_basis(deadline)


def test_the_weekly_contact_is_the_sops_own_number_not_a_default():
    # seed 000 L32: "Conduct weekly home visits or face-to-face contacts"
    e = evaluate({"events": [{"type": "iss_started", "at": "2026-11-02"}]}, ["kent"], as_of=None)
    contact = next(d for d in e.deadlines if d.rule == "iss.police_contact")
    assert "local_default" not in contact.to_json() and contact.local_default == ""
