"""Deadlines from dated events: each case names the line of guidance it checks."""

import ast
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yjtui.rules.core import NATIONAL, Severity
from yjtui.rules.deadlines import (
    CONFLICTS,
    DEADLINE_RULES,
    EARLIER_MARK,
    EVENT_KEYS,
    KNOWN_EVENT_TYPES,
    LATER_MARK,
    RULE_EVENT,
    TIMESCALES,
    Unit,
    deadline_conflicts,
    deadlines_for,
)
from yjtui.rules.workdays import bank_holidays

D = date.fromisoformat
T = datetime.fromisoformat
ALL = {"national", "enfield", "leicester"}
AS_OF = D("2026-11-23")


def due_of(events, rule, packs=ALL):
    found = [d for d in deadlines_for(events, set(packs), AS_OF) if d.rule == rule]
    return found[0].due if found else None


def test_spec_example_remand_over_christmas():
    out = deadlines_for([{"type": "remanded_to_yda", "at": D("2026-12-24")}], {"national"}, AS_OF)
    ipm = [d for d in out if d.rule == "remand.initial_planning_meeting"]
    assert [d.to_json() for d in ipm] == [
        {"rule": "remand.initial_planning_meeting", "event": 0, "title": "Initial planning meeting after remand",
         "due": "2027-01-05", "basis": "5 working days", "citation": "Case Management Guidance (seed 002 L4526)"}
    ]


CASES = [
    # (event, rule, expected due, seed line)
    ({"type": "remanded_to_yda", "at": D("2026-12-24")}, "remand.initial_planning_meeting", D("2027-01-05"),
     "seed 002 L4526: Christmas, Boxing Day substitute Monday 28th, New Year"),
    ({"type": "remanded_to_yda", "at": D("2027-03-25")}, "remand.initial_planning_meeting", D("2027-04-05"),
     "seed 002 L4526: Good Friday and Easter Monday 2027"),
    ({"type": "remanded_to_yda", "at": D("2026-05-01")}, "remand.initial_planning_meeting", D("2026-05-11"),
     "seed 002 L4526: early May bank holiday"),
    ({"type": "remanded_to_yda", "at": D("2026-05-22")}, "remand.initial_planning_meeting", D("2026-06-01"),
     "seed 002 L4526: spring bank holiday"),
    ({"type": "remanded_to_yda", "at": T("2026-12-24T16:45")}, "remand.initial_planning_meeting", D("2027-01-05"),
     "seed 002 L4526: a date-time counts from its date"),
    ({"type": "remanded_to_yda", "at": D("2026-12-24")}, "remand.la_plan", D("2027-01-12"), "seed 002 L4568"),
    ({"type": "remanded_to_yda", "at": D("2026-11-21")}, "remand.post_court_report", D("2026-11-23"),
     "seed 002 L4500: Saturday remand court -> that working day is Monday"),
    ({"type": "remanded_to_yda", "at": D("2026-11-24")}, "remand.post_court_report", D("2026-11-24"),
     "seed 002 L4500"),
    ({"type": "bail_support_imposed", "at": T("2026-11-23T15:30")}, "bail.allocate_worker", T("2026-11-24T15:30"),
     "seed 002 L4386"),
    ({"type": "bail_support_imposed", "at": D("2026-11-23")}, "bail.allocate_worker", T("2026-11-24T00:00"),
     "seed 002 L4386: a bare date starts the clock at 00:00"),
    ({"type": "bail_worker_allocated", "at": T("2026-11-24T10:00"), "parent_present_in_court": False},
     "bail.contact_parent", T("2026-11-25T10:00"), "seed 002 L4386"),
    ({"type": "bail_worker_allocated", "at": T("2026-11-24T10:00"), "parent_present_in_court": True},
     "bail.contact_parent", None, "seed 002 L4386: parent was in court"),
    ({"type": "bail_contact_missed", "at": T("2026-12-24T17:00")}, "bail.missed_contact_follow_up",
     T("2026-12-25T17:00"), "seed 002 L4404: hours run through Christmas Day"),
    ({"type": "order_made", "at": D("2026-12-23")}, "order.allocate_worker", D("2026-12-29"), "seed 002 L1644"),
    ({"type": "order_made", "at": D("2026-11-23"), "order_type": "referral_order"}, "referral_order.initial_panel",
     D("2026-12-13"), "seed 002 L2868"),
    ({"type": "order_made", "at": D("2026-04-02"), "electronic_monitoring": True}, "yro.em_contact",
     D("2026-04-07"), "seed 002 L3322: over Easter 2026"),
    ({"type": "order_made", "at": D("2026-11-23"), "order_type": "parenting_order"}, "parenting_order.allocate",
     D("2026-11-30"), "seed 002 L5048"),
    ({"type": "order_made", "at": D("2026-11-23"), "order_type": "parenting_order"}, "order.allocate_worker",
     None, "seed 002 L1644 is for the child's order, not a Parenting Order"),
    ({"type": "sentenced_custody", "at": D("2026-04-02"), "custody_months": 24, "violent_or_sexual": True},
     "victims.vcs_notification", D("2026-04-07"), "seed 002 L1492: Good Friday and Easter Monday 2026"),
    ({"type": "sentenced_custody", "at": D("2026-04-02"), "custody_months": 12, "violent_or_sexual": True},
     "victims.vcs_notification", D("2026-04-07"), "seed 002 L1494: 12 months or more"),
    ({"type": "sentenced_custody", "at": D("2026-04-02"), "custody_months": 6, "violent_or_sexual": True},
     "victims.vcs_notification", None, "seed 002 L1494: under 12 months"),
    ({"type": "sentenced_custody", "at": D("2026-04-02"), "custody_months": 24}, "victims.vcs_notification", None,
     "seed 002 L1494: offence type not known -> no guess"),
    ({"type": "detained_mental_health_act", "at": D("2026-12-24")}, "victims.vcs_notification", D("2026-12-29"),
     "seed 002 L1496"),
    ({"type": "sentenced_custody", "at": T("2026-11-23T14:00")}, "custody.post_court_information",
     T("2026-11-23T16:00"), "seed 002 L6873"),
    ({"type": "sentenced_custody", "at": D("2026-11-20"), "custody_months": 18, "violent_or_sexual": True},
     "mappa.identify", D("2026-11-23"), "seed 002 L18415"),
    ({"type": "hearing_custody_expected", "at": T("2026-11-24T10:00")}, "court.alert_ycs", T("2026-11-23T10:00"),
     "seed 002 L3600"),
    ({"type": "hearing_custody_expected", "at": T("2026-11-24T10:00"), "produced_overnight": True},
     "court.alert_ycs", None, "seed 002 L3600: produced overnight"),
    ({"type": "serious_incident_charge", "at": T("2026-12-24T10:00")}, "serious_incident.yjb_notification",
     D("2026-12-29"), "seed 002 L14037"),
    ({"type": "serious_incident_charge", "at": T("2026-12-24T10:00")}, "serious_incident.yjb_notification_enfield",
     T("2026-12-25T10:00"), "seed 002 L301"),
    ({"type": "serious_incident_charge", "at": D("2022-03-01")}, "serious_incident.yjb_notification", None,
     "seed 002 L14035: scheme from 1 April 2022"),
    ({"type": "serious_incident_charge", "at": D("2026-11-23")}, "serious_incident.report_to_director",
     D("2026-12-07"), "seed 002 L309"),
    ({"type": "mappa_eligible_community_sentence", "at": D("2026-11-20")}, "mappa.identify", D("2026-11-23"),
     "seed 002 L18415"),
    ({"type": "mappa_eligible_community_sentence", "at": D("2026-12-24"), "level_2_or_3_needed": True},
     "mappa.refer_to_manager_enfield", D("2027-01-12"), "seed 002 L425"),
    ({"type": "mappa_referral_received", "at": D("2026-11-23")}, "mappa.referral_decision", D("2026-12-03"),
     "seed 002 L15889"),
    ({"type": "mappa_meeting_held", "at": D("2026-11-23"), "level": 3}, "mappa.level3_review", D("2027-01-18"),
     "seed 002 L16833"),
    ({"type": "mappa_meeting_held", "at": D("2026-11-23"), "level": 2}, "mappa.level2_review", D("2027-03-15"),
     "seed 002 L16833"),
    ({"type": "release_date", "at": D("2027-06-30"), "mappa_eligible": True}, "mappa.mappa_h", D("2026-12-30"),
     "seed 002 L18415"),
    ({"type": "remanded_to_la", "at": D("2026-11-26"), "high_risk": True}, "hrp.bail_remand", D("2026-12-01"),
     "seed 002 L13562, L13650: papers by Thursday midday"),
    ({"type": "remanded_to_la", "at": T("2026-11-26T13:00"), "high_risk": True}, "hrp.bail_remand", D("2026-12-08"),
     "seed 002 L13650: Thursday paper deadline missed"),
    ({"type": "hrp_referral_made", "at": D("2026-12-24")}, "hrp.schedule", D("2027-01-12"), "seed 002 L13598"),
    ({"type": "case_closure_planned", "at": D("2027-03-31")}, "hrp.exit_strategy", D("2027-03-03"),
     "seed 002 L13676"),
    ({"type": "dyo_identified", "at": D("2026-12-24")}, "dyo.notify", D("2026-12-29"), "seed 004 L187"),
    ({"type": "dyo_notified", "at": D("2026-12-24")}, "dyo.visit", D("2027-01-05"), "seed 004 L40"),
    ({"type": "dyo_notified", "at": D("2026-12-24")}, "dyo.notify_family", D("2027-01-05"), "seed 004 L144"),
    ({"type": "sentenced_custody", "at": D("2026-01-31"), "dyo": True}, "dyo.cmdp_custody", D("2026-02-28"),
     "seed 004 L139: a month after 31 January"),
    ({"type": "transfer_requested", "at": D("2026-12-24")}, "transfer.send_documents", D("2026-12-29"),
     "seed 002 L24222"),
    ({"type": "transfer_requested", "at": D("2026-12-24")}, "transfer.decision", D("2026-12-30"),
     "seed 002 L24238"),
    ({"type": "out_of_area_court_outcome", "at": D("2026-11-21")}, "out_of_area.notify_home", D("2026-11-23"),
     "seed 002 L23893: Saturday court"),
    ({"type": "transition_identified", "at": D("2026-01-10"), "date_of_birth": "2009-03-14"},
     "y2a.transition_plan", D("2026-09-14"), "seed 002 L25333: 17 years 6 months"),
    ({"type": "transition_identified", "at": D("2026-01-10"), "date_of_birth": "2009-03-14"},
     "y2a.multi_agency_meeting", D("2026-12-14"), "seed 002 L25565: 17 years 9 months"),
    ({"type": "transition_identified", "at": D("2026-01-10"), "date_of_birth": "2009-03-14",
      "transfer_date": "2026-12-01"}, "y2a.rsr_cas", D("2026-06-01"),
     "seed 002 L25757: 6 months before an earlier agreed transfer"),
    ({"type": "transition_identified", "at": D("2026-01-10")}, "y2a.transition_plan", None,
     "seed 002 L25333: no date of birth -> no guess"),
    ({"type": "transition_identified", "at": D("2026-01-10"), "date_of_birth": "2009-03-14", "mappa_level": 2},
     "mappa.transition_transfer", D("2026-09-14"), "seed 002 L18453"),
    ({"type": "transferred_to_probation", "at": D("2027-03-14")}, "y2a.post_transfer_meeting", D("2027-04-25"),
     "seed 002 L25595"),
    ({"type": "referral_order_panel_scheduled", "at": D("2026-11-25")}, "referral_order.panel_report",
     D("2026-11-23"), "seed 002 L2862"),
    ({"type": "yiom_closed", "at": D("2026-11-23")}, "yiom.tracking_12m", D("2027-11-23"), "seed 002 L20680"),
]


@pytest.mark.parametrize("event, rule, expected, where", CASES, ids=[f"{c[1]}|{c[3]}" for c in CASES])
def test_deadline_table(event, rule, expected, where):
    assert due_of([event], rule) == expected, where


def test_event_index_and_order():
    events = [{"type": "bail_contact_missed", "at": T("2026-11-23T09:00")},
              {"type": "remanded_to_yda", "at": D("2026-12-24")}]
    out = deadlines_for(events, {"national"}, AS_OF)
    assert {d.event for d in out if d.rule.startswith("bail.")} == {0}
    assert {d.event for d in out if d.rule.startswith("remand.")} == {1}


def test_unknown_event_type_gives_nothing():
    assert deadlines_for([{"type": "something_else", "at": D("2026-11-23")}], {"national"}, AS_OF) == []


# --- packs ---------------------------------------------------------------------------------------------------

def _everything_event(event_type: str, at: date) -> dict:
    """An event with every extra key set so that every conditional row fires."""
    ev = {"type": event_type, "at": at}
    for key in EVENT_KEYS[event_type]:
        if key.kind == "boolean":
            ev[key.name] = key.name != "parent_present_in_court" and key.name != "produced_overnight"
        elif key.kind == "number":
            ev[key.name] = {"custody_months": 24, "level": 2, "mappa_level": 2}.get(key.name, 1)
    if event_type == "transition_identified":
        ev["date_of_birth"] = "2009-03-14"
    return ev


@pytest.mark.parametrize("event_type", sorted(KNOWN_EVENT_TYPES))
def test_local_rules_only_when_their_pack_is_on(event_type):
    rules = {r.id: r for r in DEADLINE_RULES}
    events = [_everything_event(event_type, D("2026-11-23"))]
    for packs in ({"national"}, {"national", "enfield"}, {"national", "leicester"}, ALL):
        for d in deadlines_for(events, set(packs), AS_OF):
            assert rules[d.rule].pack in packs, (d.rule, packs)


def test_local_rules_appear_when_pack_on():
    events = [{"type": "serious_incident_charge", "at": D("2026-11-23")}, {"type": "dyo_identified", "at": D("2026-11-23")}]
    national = {d.rule for d in deadlines_for(events, {"national"}, AS_OF)}
    enfield = {d.rule for d in deadlines_for(events, {"national", "enfield"}, AS_OF)}
    leicester = {d.rule for d in deadlines_for(events, {"national", "leicester"}, AS_OF)}
    assert "serious_incident.yjb_notification_enfield" not in national
    assert "serious_incident.yjb_notification_enfield" in enfield
    assert "dyo.notify" not in national | enfield
    assert "dyo.notify" in leicester


def test_national_is_always_on():
    assert due_of([{"type": "remanded_to_yda", "at": D("2026-12-24")}], "remand.initial_planning_meeting",
                  packs=set()) == D("2027-01-05")


# --- conflicts between sources -------------------------------------------------------------------------------

def test_serious_incident_both_sources_earlier_marked():
    events = [{"type": "serious_incident_charge", "at": T("2026-12-24T10:00")}]
    out = {d.rule: d for d in deadlines_for(events, {"national", "enfield"}, AS_OF)}
    national = out["serious_incident.yjb_notification"]
    enfield = out["serious_incident.yjb_notification_enfield"]
    assert enfield.title.endswith(EARLIER_MARK) and national.title.endswith(LATER_MARK)
    assert national.citation == "YJB Serious Incident Notification (seed 002 L14037)"
    assert enfield.citation == "Enfield Risk Management Guidance 5.18 (seed 002 L301)"
    [finding] = deadline_conflicts(events, {"national", "enfield"})
    assert finding.severity is Severity.WARNING
    assert "seed 002 L14037" in finding.message and "seed 002 L301" in finding.message
    assert finding.rule == "serious_incident.yjb_notification_enfield"


def test_serious_incident_national_earlier_when_aware_before_charge():
    # The national clock runs from awareness (L14037); Enfield's from the charge (L301).
    events = [{"type": "serious_incident_charge", "at": T("2026-11-25T10:00"), "aware_at": T("2026-11-20T09:00")}]
    out = {d.rule: d for d in deadlines_for(events, {"national", "enfield"}, AS_OF)}
    assert out["serious_incident.yjb_notification"].due == D("2026-11-23")
    assert out["serious_incident.yjb_notification"].title.endswith(EARLIER_MARK)
    assert out["serious_incident.yjb_notification_enfield"].title.endswith(LATER_MARK)


def test_no_conflict_without_both_packs():
    events = [{"type": "serious_incident_charge", "at": T("2026-12-24T10:00")}]
    out = deadlines_for(events, {"national"}, AS_OF)
    assert all(EARLIER_MARK not in d.title and LATER_MARK not in d.title for d in out)
    assert deadline_conflicts(events, {"national"}) == []


def test_hrp_oocd_ten_days_against_ten_working_days():
    events = [{"type": "oocd_panel_held", "at": D("2026-12-17"), "high_risk": True}]
    out = {d.rule: d for d in deadlines_for(events, {"enfield"}, AS_OF)}
    assert out["hrp.oocd_panel_check"].due == D("2026-12-27")  # L13582, 10 days
    assert out["hrp.oocd_panel"].due == D("2027-01-05")  # L13552, 10 working days
    assert out["hrp.oocd_panel_check"].title.endswith(EARLIER_MARK)
    assert len(deadline_conflicts(events, {"enfield"})) == 1


# --- properties ------------------------------------------------------------------------------------------------

WD_EVENTS = sorted({row.event for row in TIMESCALES if row.unit is Unit.WORKING_DAYS})


@settings(max_examples=200, deadline=None)
@given(at=st.dates(min_value=date(2022, 4, 1), max_value=date(2035, 12, 31)), event_type=st.sampled_from(WD_EVENTS))
def test_working_day_deadlines_land_on_working_days_after_the_event(at, event_type):
    working_rules = {row.rule for row in TIMESCALES if row.unit is Unit.WORKING_DAYS}
    for d in deadlines_for([_everything_event(event_type, at)], ALL, AS_OF):
        if d.rule in working_rules and "working day" in d.basis:
            assert d.due > at
            assert d.due.weekday() < 5
            assert d.due not in bank_holidays(d.due.year)


# --- the catalogue -----------------------------------------------------------------------------------------------

def test_event_types_cover_the_spec():
    spec = {"remanded_to_yda", "remanded_to_la", "bail_support_imposed", "bail_contact_missed", "order_made",
            "sentenced_custody", "serious_incident_charge", "hearing_custody_expected", "dyo_identified",
            "assessment_completed"}
    assert spec <= KNOWN_EVENT_TYPES
    assert {k.name for k in EVENT_KEYS["sentenced_custody"]} >= {"custody_months", "violent_or_sexual"}
    assert all(row.event in KNOWN_EVENT_TYPES for row in TIMESCALES)


def test_every_rule_has_a_citation_with_lines_and_a_unique_id():
    ids = [r.id for r in DEADLINE_RULES]
    assert len(ids) == len(set(ids))
    for rule in DEADLINE_RULES:
        assert rule.citation.lines, rule.id
        assert RULE_EVENT[rule.id]
        local = rule.citation.document.startswith(("Enfield", "Leicester", "Kent"))
        assert (rule.pack != NATIONAL) == local, rule.id
    for c in CONFLICTS:
        assert c.first in ids and c.second in ids


SEEDS = Path("/work/shared/seeds")


@pytest.mark.skipif(not SEEDS.exists(), reason="seed documents not on this machine")
def test_cited_lines_exist_and_are_not_blank():
    files = {p.name[:3]: p.read_text(encoding="utf-8").splitlines() for p in SEEDS.glob("*.txt")}
    for rule in DEADLINE_RULES:
        text = files[rule.citation.seed]
        for n in rule.citation.lines:
            assert text[n - 1].strip(), (rule.id, n)


def test_pure_python_no_ui_or_database_imports():
    forbidden = {"textual", "rich", "sqlmodel", "sqlalchemy"}
    root = Path(__file__).resolve().parents[1] / "yjtui" / "rules"
    for name in ("deadlines.py", "workdays.py"):
        tree = ast.parse((root / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                mods = [node.module or ""]
            else:
                continue
            assert not {m.split(".")[0] for m in mods} & forbidden, (name, mods)


# --- A duty of a few hours from an event with no time: never an invented 02:00 (issue 23) -------------------------
UNTIMED = [
    ({"type": "sentenced_custody", "at": D("2026-11-23")}, D("2026-11-23"), "within 2 hours",
     "seed 002 L6873: 'within two hours of the child being sentenced', no time recorded: due that day"),
    ({"type": "sentenced_custody", "at": T("2026-11-23T14:10")}, T("2026-11-23T16:10"), "2 hours",
     "seed 002 L6873: the time recorded"),
]


@pytest.mark.parametrize("event, expected, basis, where", UNTIMED, ids=[c[3] for c in UNTIMED])
def test_a_two_hour_duty_from_a_date_with_no_time(event, expected, basis, where):
    found = [d for d in deadlines_for([event], {"national"}, AS_OF) if d.rule == "custody.post_court_information"]
    assert found and found[0].due == expected and basis in found[0].basis, where
    assert "02:00" not in found[0].due.isoformat()
    if not isinstance(event["at"], datetime):
        assert "no time was recorded" in found[0].basis and "record the time" in found[0].basis


def test_the_app_gives_the_engine_a_bare_date_for_an_event_dated_without_a_time():
    from yjtui.casework.case_facts import event_facts
    from yjtui.store import Event

    events = [Event(child_id=1, type="sentenced_custody", at=datetime(2026, 11, 23)),
              Event(child_id=1, type="sentenced_custody", at=datetime(2026, 11, 23, 14, 10))]
    assert [e["at"] for e in event_facts(events)] == ["2026-11-23", "2026-11-23T14:10"]


# --- issue 23: the risk review and the bail parent contact reach the board ------------------------------------------
BOARD_ROWS = [
    ({"type": "risk_assessment_completed", "at": D("2026-11-23"), "assessment_kind": "rosh"}, "assessment.risk_review",
     D("2027-02-23"), "seed 002 L1218, L1228: reviewed at least every three months with the plan"),
    ({"type": "risk_assessment_completed", "at": D("2026-11-23"), "assessment_kind": "lor", "review_months": 2},
     "assessment.risk_review", D("2027-01-23"), "the service's shorter cycle, as the risk screen states it"),
    ({"type": "bail_support_imposed", "at": T("2026-11-23T10:00")}, "bail.contact_parent_by", T("2026-11-25T10:00"),
     "seed 002 L4386: 24 hours to allocate, then 24 hours from allocation"),
    ({"type": "bail_support_imposed", "at": T("2026-11-23T10:00"), "parent_present_in_court": True},
     "bail.contact_parent_by", None, "seed 002 L4386: the parent was in court"),
    ({"type": "bail_worker_allocated", "at": T("2026-11-24T09:00")}, "bail.contact_parent", T("2026-11-25T09:00"),
     "seed 002 L4386: presence not recorded, so the contact is due"),
]


@pytest.mark.parametrize("event, rule, expected, where", BOARD_ROWS, ids=[c[3] for c in BOARD_ROWS])
def test_review_and_parent_contact_deadlines(event, rule, expected, where):
    assert due_of([event], rule, {"national"}) == expected, where
