"""Policy packs as data: the schema's errors (file, key, line), `yjtui pack check` / `pack new`, a service's own
pack from the user config folder or --pack, and the engine reading packs once, not per keystroke."""

from __future__ import annotations

import io
import json
import tomllib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from yjtui.cli.evaluate import run_evaluate, run_rules
from yjtui.cli.pack import run_pack, template
from yjtui.rules import FactsError, catalogue, evaluate
from yjtui.rules import packs
from yjtui.rules.core import NATIONAL
from yjtui.rules.deadlines import LOCAL_ROWS, _CODE_ROWS
from yjtui.rules.plan_checks import LOCAL_CHECKS

# A fictional service whose contact minimums differ from Enfield's 8/4, 4/2, 2/1.
NORTHSHIRE = """\
name = "northshire"
title = "Northshire"
service = "Northshire Youth Justice Service (fictional)"
guidance = ["Northshire YJS Practice Standards 2025"]
rules = [
    "intervention.level",
    "plan.contact_minimum",
]

[values.contact_minimums]
cite = { document = "Northshire YJS Practice Standards 2025", paragraph = "3.2" }
value = [
    { level = "intensive", label = "Intensive (high RoSH and/or LoR)", risk = "high", first_3_months = 6, remainder = 3 },
    { level = "enhanced", label = "Enhanced (medium RoSH and/or LoR)", risk = "medium", first_3_months = 3, remainder = 2 },
    { level = "standard", label = "Standard (low RoSH and/or LoR)", risk = "low", first_3_months = 1, remainder = 1 },
]
"""

HIGH_RISK = {"as_of": "2026-11-23", "rosh": {"judgement": "high"}, "likelihood_of_reoffending": {"yogrs_percent": 50}}


@pytest.fixture(autouse=True)
def fresh_packs():
    """Each test reads the packs of its own (temporary) user config folder; nothing carries over."""
    packs._EXTRA_FILES.clear()
    packs._LIBRARY = None
    yield
    packs._EXTRA_FILES.clear()
    packs._LIBRARY = None


def write_user_pack(text: str = NORTHSHIRE, name: str = "northshire") -> Path:
    folder = packs.user_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    packs.reload()
    return path


# --- the shipped packs ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["enfield", "leicester"])
def test_shipped_pack_switches_on_every_rule_written_for_it(name):
    pack = packs.library().packs[name]
    home = {r.id for r in catalogue() if r.pack == name}
    # A timescale its guidance calls for without a number (a row with a `source`: the exploitation re-screening
    # interval, seed 002 L26916) is left off; a service's own pack switches it on with its amount.
    left_off = {row.rule for row in _CODE_ROWS if row.source is not None and row.pack == name}
    missing = home - set(pack.rules) - left_off
    assert not missing, f"add {sorted(missing)} to the rules of data/packs/{name}.toml"
    local = {r.id for r in catalogue() if r.pack != NATIONAL} | set(LOCAL_CHECKS)
    assert set(pack.rules) <= local


def test_every_value_and_timescale_in_the_shipped_packs_is_cited_to_a_seed_line():
    for name in ("enfield", "leicester"):
        pack = packs.shipped_pack(name)
        for v in pack.values.values():
            assert v.citation.lines and v.citation.seed, (name, v.key)
        for t in pack.timescales:
            assert t.citation.lines and t.citation.seed, (name, t.rule)


def test_local_timescales_take_their_amounts_from_the_packs_only():
    in_code = [row.rule for row in _CODE_ROWS if row.pack != NATIONAL and row.amount is not None]
    assert not in_code, f"move the amount, unit and citation of {in_code} into the pack's [[timescales]]"
    assert LOCAL_ROWS and all(row.citation is None for row in LOCAL_ROWS)


# --- the schema: errors name the file, the key and the line -------------------------------------------------------

def _break(old: str, new: str) -> str:
    assert old in NORTHSHIRE
    return NORTHSHIRE.replace(old, new, 1)


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize("old, new, key, needle", [
    ("remainder = 2 }", 'remainder = "two" }', "values.contact_minimums.value[1].remainder", '"two"'),
    ('risk = "low"', 'risk = "lo"', "values.contact_minimums.value[2].risk", '"lo"'),
    ('"plan.contact_minimum",', '"plan.contact_minimun",', "rules", "contact_minimun"),
    ('"intervention.level",', '"rosh.suggested",', "rules", "rosh.suggested"),
    ('paragraph = "3.2" }', 'paragraph = "3.2", page = 4 }', "values.contact_minimums.cite.page", "page = 4"),
    ('name = "northshire"', 'name = "national"', "name", 'name = "national"'),
    ('rules = [', 'effective_from = "2025-04-01"\nrules = [', "effective_from", "effective_from"),
    ('[values.contact_minimums]', '[values.contact_minimums]\nnote = 3', "values.contact_minimums.note", "note = 3"),
])
def test_a_broken_pack_names_the_file_the_key_and_the_line(old, new, key, needle):
    text = _break(old, new)
    with pytest.raises(packs.PackError) as caught:
        packs.check_against_rules(packs.parse_pack(text, "northshire.toml"))
    err = caught.value
    assert (err.source, err.key, err.line) == ("northshire.toml", key, _line_of(text, needle)), str(err)
    assert str(err).startswith(f"northshire.toml:{err.line}: {key}: ")


def test_not_toml_names_the_line():
    text = NORTHSHIRE.replace('title = "Northshire"', 'title = Northshire')
    with pytest.raises(packs.PackError) as caught:
        packs.parse_pack(text, "northshire.toml")
    assert caught.value.line == _line_of(text, "title = Northshire") and "not valid TOML" in str(caught.value)


def test_a_local_timescale_switched_on_without_its_amount_is_refused():
    text = NORTHSHIRE.replace('rules = [', 'rules = [\n    "hrp.review",')
    with pytest.raises(packs.PackError) as caught:
        packs.check_against_rules(packs.parse_pack(text, "northshire.toml"))
    assert "hrp.review" in str(caught.value) and "[[timescales]]" in str(caught.value)


def test_a_rule_switched_on_without_the_value_it_reads_is_refused():
    text = NORTHSHIRE[:NORTHSHIRE.index("[values")]
    with pytest.raises(packs.PackError, match="reads the local value 'contact_minimums'"):
        packs.check_against_rules(packs.parse_pack(text, "northshire.toml"))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_a_pack_or_a_pack_error(text):
    try:
        packs.parse_pack(text, "x.toml")
    except packs.PackError as exc:
        assert str(exc).startswith("x.toml")


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=len(NORTHSHIRE.splitlines()) - 1), st.sampled_from(
    ['"x"', "-1", "[]", "{}", "true", "1.5", '"8"', "", "= =", "[[timescales]]"]))
def test_any_line_replaced_gives_a_pack_or_an_error_with_a_line(index, replacement):
    lines = NORTHSHIRE.splitlines()
    key = lines[index].split("=")[0]
    lines[index] = f"{key}= {replacement}" if "=" in lines[index] else replacement
    try:
        packs.check_against_rules(packs.parse_pack("\n".join(lines), "x.toml"))
    except packs.PackError as exc:
        assert exc.line is None or 1 <= exc.line <= len(lines) + 1


# --- yjtui pack check / pack new ----------------------------------------------------------------------------------

def _pack_cmd(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = run_pack(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_pack_check_rejects_a_broken_pack_with_the_line_of_the_fault(tmp_path):
    path = tmp_path / "northshire.toml"
    path.write_text(_break("remainder = 2 }", 'remainder = "two" }'), encoding="utf-8")
    code, out, err = _pack_cmd("check", str(path))
    line = _line_of(path.read_text(), '"two"')
    assert code == 2 and out == ""
    assert err == f'error: {path}:{line}: values.contact_minimums.value[1].remainder: expected a whole number, ' \
                  'got "two"\n'


def test_pack_check_shows_what_the_pack_changes_against_national(tmp_path):
    path = tmp_path / "northshire.toml"
    path.write_text(NORTHSHIRE, encoding="utf-8")
    code, out, err = _pack_cmd("check", str(path))
    assert code == 0 and err == ""
    assert "switches on 2 local rules" in out
    assert "+ intervention.level" in out and "+ plan.contact_minimum" in out
    assert "intensive (high risk): 6 a month for the first 3 months, then 3" in out
    assert "Northshire YJS Practice Standards 2025 3.2" in out
    code, out, _ = _pack_cmd("check", str(packs.shipped_dir() / "enfield.toml"))
    assert code == 0 and "+ hrp.review" in out and "hrp.review: 3 months" in out


def test_pack_check_takes_several_files_as_a_shell_glob_gives_them(tmp_path):
    """Walk finding: `yjtui pack check data/packs/*.toml` printed the usage and exited 2."""
    shipped = sorted(str(p) for p in packs.shipped_dir().glob("*.toml"))
    code, out, err = _pack_cmd("check", *shipped)
    assert code == 0 and err == "" and out.count(": a valid pack.") == len(shipped) >= 3
    broken = tmp_path / "northshire.toml"
    broken.write_text(_break("remainder = 2 }", 'remainder = "two" }'), encoding="utf-8")
    code, out, err = _pack_cmd("check", shipped[0], str(broken))
    assert code == 2 and out.count(": a valid pack.") == 1 and err.startswith(f"error: {broken}:")


def test_a_service_pack_cannot_take_a_shipped_name(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(NORTHSHIRE.replace('name = "northshire"', 'name = "enfield"'), encoding="utf-8")
    code, _, err = _pack_cmd("check", str(path))
    assert code == 2 and ":1: name: a pack named 'enfield' ships with yjtui" in err


def test_pack_new_writes_a_template_that_passes_check(tmp_path):
    target = tmp_path / "eastmoor.toml"
    code, out, err = _pack_cmd("new", "eastmoor", "-o", str(target))
    assert code == 0 and "yjtui pack check" in out
    text = target.read_text(encoding="utf-8")
    assert text.count("#") > 20  # commented
    assert tomllib.loads(text)["name"] == "eastmoor"
    code, out, err = _pack_cmd("check", str(target))
    assert code == 0, err
    assert _pack_cmd("new", "eastmoor", "-o", str(target))[0] == 2  # never overwrites
    assert _pack_cmd("new", "National")[0] == 2
    assert template("x1") == template("x1")


# --- a service's own pack: user config folder, --pack, --policy ---------------------------------------------------

def test_a_pack_in_the_user_config_folder_is_accepted_by_policy():
    write_user_pack()
    v = evaluate(HIGH_RISK, ["northshire"]).values
    assert v["intervention_level"] == "intensive"
    assert v["minimum_contacts_per_month"] == {"first_3_months": 6, "remainder": 3}
    e = evaluate(HIGH_RISK, ["northshire"])
    [f] = [f for f in e.findings if f.rule == "intervention.level"]
    assert "Northshire's local minimums" in f.message
    assert f.citation == "Northshire YJS Practice Standards 2025 3.2; Case Management Guidance (seed 002 L6010)"
    assert e.policy == ["national", "northshire"]
    # Enfield answers as before, whatever else is installed
    assert evaluate(HIGH_RISK, ["enfield"]).values["minimum_contacts_per_month"] == {"first_3_months": 8,
                                                                                      "remainder": 4}
    out, err = io.StringIO(), io.StringIO()
    assert run_rules(["--policy", "northshire", "--json"], out, err) == 0
    ids = {r["id"] for r in json.loads(out.getvalue())}
    assert "intervention.level" in ids and "rosh.hrp_referral" not in ids


def test_a_broken_pack_in_the_folder_is_left_out_and_named():
    write_user_pack(NORTHSHIRE.replace("remainder = 2 }", 'remainder = "two" }'))
    lib = packs.library()
    assert "northshire" not in lib.packs and "enfield" in lib.packs
    [problem] = lib.problems
    assert "northshire.toml:" in str(problem) and "remainder" in str(problem)
    with pytest.raises(FactsError) as caught:
        evaluate({}, ["northshire"])
    assert caught.value.path == "policy"


def test_evaluate_takes_a_pack_file(tmp_path):
    path = tmp_path / "northshire.toml"
    path.write_text(NORTHSHIRE, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = run_evaluate(["--pack", str(path), "--policy", "northshire", "-"], [], io.StringIO(json.dumps(HIGH_RISK)),
                        out, err)
    assert code == 0, err.getvalue()
    assert json.loads(out.getvalue())["values"]["minimum_contacts_per_month"]["first_3_months"] == 6
    path.write_text(NORTHSHIRE.replace("first_3_months = 6", "first_3_months = -6"), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert run_evaluate(["--pack", str(path), "-"], [], io.StringIO("{}"), out, err) == 2
    line = _line_of(path.read_text(), "first_3_months = -6")
    assert out.getvalue() == "" and f"{path}:{line}: values.contact_minimums.value[0].first_3_months" in err.getvalue()


def test_two_packs_setting_one_value_cannot_be_on_together():
    write_user_pack()
    with pytest.raises(FactsError, match="packs enfield and northshire both set contact_minimums"):
        evaluate(HIGH_RISK, ["enfield", "northshire"])


def test_a_pack_applies_only_within_its_effective_dates():
    write_user_pack(NORTHSHIRE.replace("rules = [", "effective_from = 2027-01-01\nrules = ["))
    before = evaluate(HIGH_RISK, ["northshire"], as_of=date(2026, 12, 31)).values
    after = evaluate(HIGH_RISK, ["northshire"], as_of=date(2027, 1, 4)).values
    assert before["minimum_contacts_per_month"] is None
    assert after["minimum_contacts_per_month"] == {"first_3_months": 6, "remainder": 3}


def test_evaluate_reads_no_file_once_the_packs_are_loaded(monkeypatch):
    facts = dict(HIGH_RISK, events=[{"type": "hrp_panel_held", "at": "2026-11-20"}])
    evaluate(facts, ["enfield", "leicester"])  # first use: the packs are read and checked

    def no_reading(*args, **kwargs):
        raise AssertionError("a file was read during evaluate")

    monkeypatch.setattr(Path, "read_text", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    monkeypatch.setattr(tomllib, "loads", no_reading)
    monkeypatch.setattr("builtins.open", no_reading)
    for _ in range(3):
        e = evaluate(facts, ["enfield", "leicester"])
    assert e.values["intervention_level"] == "intensive"
    assert any(d.rule == "hrp.review" for d in e.deadlines)


def test_pack_check_accepts_a_shipped_pack_in_a_source_tree_whatever_copy_is_installed(tmp_path):
    """Issue 23: `yjtui pack check data/packs/enfield.toml` (the README's `data/packs/*.toml`) refused the shipped
    packs by their names when the installed yjtui's packs were another copy (a wheel, another checkout)."""
    checkout = tmp_path / "checkout"
    (checkout / "data" / "packs").mkdir(parents=True)
    (checkout / "pyproject.toml").write_text('[project]\nname = "yjtui"\nversion = "0"\n', encoding="utf-8")
    for name in ("enfield", "kent", "leicester"):
        target = checkout / "data" / "packs" / f"{name}.toml"
        target.write_text((packs.shipped_dir() / f"{name}.toml").read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = _pack_cmd("check", *sorted(str(p) for p in (checkout / "data" / "packs").glob("*.toml")))
    assert code == 0 and err == "" and out.count(": a valid pack.") == 3
    # the same file anywhere else is a service's pack taking a shipped name
    elsewhere = tmp_path / "kent.toml"
    elsewhere.write_text((packs.shipped_dir() / "kent.toml").read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = _pack_cmd("check", str(elsewhere))
    assert code == 2 and "a pack named 'kent' ships with yjtui" in err
