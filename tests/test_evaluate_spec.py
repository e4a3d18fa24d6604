"""The headless contract (shared/spec/evaluate.md): the spec's example in and out, the command line, the errors."""

from __future__ import annotations

import copy
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from yjtui.cli.evaluate import run_evaluate, run_rules
from yjtui.rules import FactsError, evaluate

SPEC = Path("/work/shared/spec/evaluate.md")
SPEC_FACTS = {
    "as_of": "2026-11-23",
    "child": {"date_of_birth": "2010-03-14", "looked_after": False},
    "likelihood_of_reoffending": {"yogrs_percent": 80},
    "rosh": {"behaviours": [{"description": "knife assault on rival", "setting": "community",
                             "likelihood": "likely", "impact": "critical"}], "judgement": "high"},
    "safety_wellbeing": {"concerns": True, "outcomes": [{"description": "neglect", "setting": "community",
                                                         "likelihood": "very_likely", "impact": "medium"}],
                         "judgement": "high"},
    "mappa": {"category": 0, "level": 0},
    "bail": {
        "hearing_date": "2026-11-23",
        "offences": [{"description": "robbery", "imprisonable": True, "violent": True, "sexual": False,
                      "terrorism": False, "max_adult_sentence_years": 14, "alleged_while_on_bail": False,
                      "alleged_while_remanded": False}],
        "custodial_sentence_very_likely": "unknown", "recent_significant_absconding_history": "no",
        "recent_significant_offending_on_bail_history": "unknown", "history_relevant": "unknown",
        "necessity": "unknown", "legal_representation": "yes"},
    "events": [{"type": "remanded_to_yda", "at": "2026-12-24"}],
}


def spec_blocks():
    return [json.loads(b) for b in re.findall(r"```json\n(.*?)```", SPEC.read_text(), re.S)]


@pytest.mark.skipif(not SPEC.exists(), reason="spec not mounted")
def test_fixture_is_the_spec_example():
    assert spec_blocks()[0] == SPEC_FACTS


def cli(argv, stdin_text="", default_packs=()):
    out, err = io.StringIO(), io.StringIO()
    code = run_evaluate(list(argv), list(default_packs), io.StringIO(stdin_text), out, err)
    return code, out.getvalue(), err.getvalue()


def test_spec_example_values():
    code, out, err = cli(["--policy", "enfield", "-"], json.dumps(SPEC_FACTS))
    assert code == 0 and err == ""
    got = json.loads(out)
    assert got["version"] == 1
    assert got["policy"] == ["national", "enfield"]
    assert got["as_of"] == "2026-11-23"
    v = got["values"]
    assert v["age"] == 16
    assert v["lor_band"] == "high"                     # seed 002 L124: 80% -> high
    assert v["rosh_suggested"] == ["high", "very_high"]  # seed 002 L264: Critical x Likely
    assert v["rosh_final"] == "high"
    assert v["rosh_needs_rationale"] is False
    assert v["swb_prepopulated"] is None
    assert v["intervention_level"] == "intensive"      # seed 002 L71-74
    assert v["minimum_contacts_per_month"] == {"first_3_months": 8, "remainder": 4}
    assert v["hrp_referral"] is True                   # seed 002 L279, L480
    r = v["remand"]
    assert {k: r[k] for k in ("yda_age_eligible", "first_set", "second_set", "yda_available", "unresolved")} == {
        "yda_age_eligible": True, "first_set": "unknown", "second_set": "not_met", "yda_available": "unknown",
        "unresolved": ["sentencing", "necessity"]}
    assert v["dyo_consider"] is None
    spec_out = spec_blocks()[1] if SPEC.exists() else None
    if spec_out:
        for key in spec_out["values"]:
            assert key in v
        assert spec_out["findings"][0] in got["findings"]
        assert spec_out["deadlines"][0] in got["deadlines"]


def test_spec_example_deadline():
    d = [x for x in evaluate(SPEC_FACTS, ["enfield"]).to_json()["deadlines"]
         if x["rule"] == "remand.initial_planning_meeting"]
    assert d == [{"rule": "remand.initial_planning_meeting", "event": 0,
                  "title": "Initial planning meeting after remand", "due": "2027-01-05", "basis": "5 working days",
                  "citation": "Case Management Guidance (seed 002 L4526)"}]


def test_every_spec_value_key_present_even_for_empty_facts():
    v = evaluate({}).to_json()["values"]
    for key in ("age", "lor_band", "rosh_suggested", "rosh_final", "rosh_needs_rationale", "swb_prepopulated",
                "intervention_level", "minimum_contacts_per_month", "hrp_referral", "remand", "dyo_consider"):
        assert key in v and v[key] is None


def test_national_only_nulls_local_values():
    v = evaluate(SPEC_FACTS, ["national"]).values
    assert v["intervention_level"] is None and v["minimum_contacts_per_month"] is None
    assert v["hrp_referral"] is None and v["dyo_consider"] is None
    assert v["rosh_suggested"] == ["high", "very_high"]  # Matrix 2 under both policies (spec)


def test_leicester_dyo():
    v = evaluate(SPEC_FACTS, ["leicester"]).values
    assert v["dyo_consider"] is True  # seed 004 L32: YOGRS 77-100%


def test_default_packs_and_as_of_flag():
    code, out, _ = cli(["--as-of", "2026-12-01"], json.dumps(SPEC_FACTS), default_packs=["enfield"])
    got = json.loads(out)
    assert got["policy"] == ["national", "enfield"] and got["as_of"] == "2026-12-01"
    code, out, _ = cli(["--policy", "national", "--as-of", "2026-12-01T09:30"], json.dumps(SPEC_FACTS),
                       default_packs=["enfield"])
    got = json.loads(out)
    assert got["policy"] == ["national"] and got["as_of"] == "2026-12-01T09:30"


def test_file_argument(tmp_path):
    p = tmp_path / "facts.json"
    p.write_text(json.dumps(SPEC_FACTS))
    code, out, err = cli([str(p)])
    assert code == 0 and json.loads(out)["values"]["age"] == 16


BAD_INPUT = [
    ("rosh.behaviours[1].impact", "'huge' is not one of slight, minor, medium, major, critical",
     lambda f: f["rosh"]["behaviours"].append({"likelihood": "likely", "impact": "huge"})),
    ("child.date_of_birth", None, lambda f: f["child"].__setitem__("date_of_birth", "2010-02-30")),
    ("bail.offences[0].violent", None, lambda f: f["bail"]["offences"][0].__setitem__("violent", "perhaps")),
    ("bail.necessity", None, lambda f: f["bail"].__setitem__("necessity", 3)),
    ("mappa.level", None, lambda f: f["mappa"].__setitem__("level", 4)),
    ("events[0].type", None, lambda f: f["events"][0].__setitem__("type", "arrested")),
    ("events[0].at", None, lambda f: f["events"][0].__setitem__("at", "tomorrow")),
    ("safety_wellbeing.judgement", None, lambda f: f["safety_wellbeing"].__setitem__("judgement", "extreme")),
    ("likelihood_of_reoffending.judgement", None,
     lambda f: f["likelihood_of_reoffending"].__setitem__("judgement", "very_high")),
    ("rosh", None, lambda f: f.__setitem__("rosh", [])),
    ("as_of", None, lambda f: f.__setitem__("as_of", 20261123)),
]


@pytest.mark.parametrize("path, message, mutate", BAD_INPUT)
def test_bad_input_exits_2_naming_the_field(path, message, mutate):
    facts = copy.deepcopy(SPEC_FACTS)
    mutate(facts)
    code, out, err = cli(["-"], json.dumps(facts))
    assert code == 2 and out == ""
    assert err.startswith(f"error: {path}: ") and err.endswith("\n") and err.count("\n") == 1
    if message:
        assert err == f"error: {path}: {message}\n"
    with pytest.raises(FactsError) as exc:
        evaluate(facts)
    assert exc.value.path == path and str(exc.value) == err[len("error: "):-1]


@pytest.mark.parametrize("argv, stdin, prefix", [
    (["-"], "not json", "error: input: not valid JSON"),
    (["-"], "[1, 2]", "error: input: expected an object"),
    (["-"], "NaN", "error: input: not valid JSON"),
    (["-"], "", "error: input: not valid JSON"),
    (["--policy", "enfield,camden", "-"], "{}", "error: --policy: 'camden' is not one of"),
    (["--as-of", "2026-13-01", "-"], "{}", "error: --as-of: "),
    (["--as-of", "23/11/2026", "-"], "{}", "error: --as-of: "),
    (["--frobnicate"], "{}", "error: usage: "),
    (["a.json", "b.json"], "{}", "error: usage: "),
    (["/no/such/file.json"], "{}", "error: /no/such/file.json: cannot read"),
])
def test_usage_and_input_errors(argv, stdin, prefix):
    code, out, err = cli(argv, stdin)
    assert code == 2 and out == "" and err.startswith(prefix) and err.count("\n") == 1


def test_unknown_fields_ignored():
    facts = copy.deepcopy(SPEC_FACTS)
    facts["future_field"] = {"x": 1}
    facts["rosh"]["behaviours"][0]["colour"] = "red"
    assert evaluate(facts, ["enfield"]).values["hrp_referral"] is True


def test_tri_state_json_booleans():
    facts = copy.deepcopy(SPEC_FACTS)
    facts["bail"]["necessity"] = None
    facts["bail"]["legal_representation"] = True
    assert evaluate(facts).values["remand"]["unresolved"] == ["sentencing", "necessity"]


def test_as_of_precedence():
    assert evaluate({"as_of": "2026-01-01"}).as_of == date(2026, 1, 1)
    assert evaluate({"as_of": "2026-01-01"}, as_of=date(2027, 1, 1)).as_of == date(2027, 1, 1)
    assert evaluate({}).as_of == date.today()


def test_rules_command_lists_the_catalogue():
    out, err = io.StringIO(), io.StringIO()
    assert run_rules(["--json"], out, err) == 0
    rules = json.loads(out.getvalue())
    ids = {r["id"] for r in rules}
    assert {"rosh.hrp_referral", "rosh.suggested", "remand.yda_conditions", "dyo.consider",
            "remand.initial_planning_meeting"} <= ids
    remand = [r for r in rules if r["id"] == "remand.yda_conditions"]
    assert {(r["effective_from"], r["effective_to"]) for r in remand} == {(None, "2022-06-28"),
                                                                          ("2022-06-28", None)}
    for r in rules:
        assert r["citation"] and r["title"] and r["pack"] in ("national", "enfield", "leicester", "kent")
    out = io.StringIO()
    assert run_rules(["--policy", "national"], out, err) == 0
    text = out.getvalue()
    assert "remand.yda_conditions" in text and "rosh.hrp_referral" not in text
    out, err = io.StringIO(), io.StringIO()
    assert run_rules(["--policy", "bogus"], out, err) == 2 and out.getvalue() == ""
    assert err.getvalue().startswith("error: --policy: ")


# The spec's "Additions" (exploitation, transfer, oocd) and ours (transition; iss and dyo give findings only): one
# example of each, as the spec words them.
ADDITIONS = {
    "exploitation": {"child": {"date_of_birth": "2013-01-01"},
                     "exploitation": {"sections": {"sexual": 1, "absent": 1, "familial": 0, "emotional": 0,
                                                   "gangs": 0, "technology": 0, "substances": 0, "receipt": 0,
                                                   "distrust": 0}, "learning_disability": False}},
    "transfer": {"child": {"looked_after": False},
                 "transfer": {"proposed_on": "2026-11-30", "pending_breach": "yes", "requirements_deliverable": "yes",
                              "monitoring_involved": "no", "receiving_agreed": "yes"}},
    "oocd": {"oocd": {"gravity_score": 3, "aggravating": ["planned"], "adjustment": 1, "indictable_only": False,
                      "previous_formal_oocd": 1, "police_concerns": False}},
    "transition": {"child": {"date_of_birth": "2009-06-01"},
                   "transition": {"order_ends_on": "2028-01-01", "nation": "england"}},
    "iss": {"iss": {"basis": "bail", "declined": True}},
    "dyo": {"dyo": {"status": "classified", "rag": "red", "tier": 1}},
    # issue 24: supervision from sentence to closure
    "supervision": {"supervision": {"contacts": [{"on": "2026-11-02", "status": "missed", "warning": True}]}},
    "breach": {"breach": {"order_type": "yro", "grounds": ["failed_drug_test"]}},
    "court_reports": {"court_reports": [{"type": "stand_down", "custody_considered": "yes"}]},
    "victims": {"victims": [{"ref": "V1"}]},
    "referral_order": {"referral_order": {"progress_panel_agreed": "no"}},
    "custody": {"custody": {"remand_periods": [{"from": "2026-08-01", "to": "2026-11-01"}]}},
}


def test_every_value_key_in_every_evaluation_and_every_addition_in_the_rules_command():
    keys = set(evaluate({}).values)
    assert {"exploitation", "transfer", "oocd", "transition"} <= keys
    for policy in (["national"], ["enfield"], ["leicester"], ["kent"], ["enfield", "leicester", "kent"]):
        for name, facts in [("spec", SPEC_FACTS), *ADDITIONS.items()]:
            assert set(evaluate({"as_of": "2026-11-23", **facts}, policy).values) == keys, (policy, name)
    v = {name: evaluate({"as_of": "2026-11-23", **facts}).values for name, facts in ADDITIONS.items()}
    assert v["exploitation"]["exploitation"] == {"total": 2, "band": "medium", "override": True}  # L26900: 13
    assert v["transfer"]["transfer"] == {"allowed": "no", "blocks": ["pending_breach"]}  # L24275
    spec_oocd = {k: v["oocd"]["oocd"][k] for k in ("final_score", "outcomes", "cps_authority_needed",
                                                    "yjs_assessment_needed")}
    assert spec_oocd == {"final_score": 4, "outcomes": ["charge"], "cps_authority_needed": False,
                         "yjs_assessment_needed": True}  # L8466, L8666, L22217
    assert {"knife_crime_agreement", "cps_charging_decision"} <= set(v["oocd"]["oocd"])  # added, issue 23
    out, err = io.StringIO(), io.StringIO()
    assert run_rules([], out, err) == 0
    listed = out.getvalue().split('FACTS AND VALUES ADDED (spec "Additions")')[1]
    for name in ("exploitation", "transfer", "oocd", "transition", "iss", "dyo"):
        assert f"  facts {name}: " in listed, name
    for name in ("exploitation", "transfer", "oocd", "transition"):
        assert f"  values.{name}: " in listed, name
    for name in ("supervision", "breach", "court_reports", "victims", "referral_order", "custody"):  # issue 24
        assert f"  facts {name}: " in listed and f"  values.{name}: " in listed, name
        assert v[name][name] is not None, name
