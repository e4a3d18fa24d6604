"""`yjtui reference`: help, each set, search, --json shapes, and exit 2 for an unknown set or broken data."""

from __future__ import annotations

import io
import json
import shutil

import pytest

from yjtui.reference import cli, loader
from yjtui.reference.cli import SETS, run_reference


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_reference(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_help_lists_every_set():
    code, out, _ = run("--help")
    assert code == 0
    for short in SETS:
        assert f"  {short} " in out
    assert run()[1] == out


def test_unknown_set_exits_2_with_one_line():
    code, out, err = run("nonsense")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "unknown set 'nonsense'" in err


def test_each_installed_set_lists_as_text_and_json():
    sets = loader.load_all()
    for short, (full, _) in SETS.items():
        if full not in sets:
            continue
        code, out, err = run(short)
        assert code == 0 and err == "" and len(sets[full].entries) > 0
        assert "seed " in out or "Act " in out
        code, out, err = run(short, "--json")
        rows = json.loads(out)
        assert code == 0 and len(rows) == len(sets[full].entries)
        assert all("citation" in r for r in rows)


def test_glossary_query_json_shape():
    code, out, _ = run("glossary", "--json", "CJSM")
    rows = json.loads(out)
    assert code == 0
    assert rows[0]["abbreviation"] == "CJSM" and rows[0]["expansion"] == "Criminal Justice Secure Mail"
    assert rows[0]["set"] == "glossary" and rows[0]["citation"].startswith("seed 002 L")


def test_yro_json_carries_machine_readable_limits():
    rows = json.loads(run("yro", "--json", "unpaid")[1])
    upw = next(r for r in rows if r["id"] == "unpaid-work")
    assert upw["limits"] == {"min_age": 16, "max_age": 17, "min_hours": 40, "max_hours": 240, "max_within_months": 12}


def test_full_set_names_are_accepted():
    assert run("yro_requirements", "curfew")[0] == 0


def test_search_across_all_sets_text():
    code, out, _ = run("search", "curfew")
    assert code == 0 and "[yro] Curfew requirement" in out
    assert run("search")[0] == 2


def test_gravity_json_rows_shape():
    if "gravity" not in loader.load_all():
        pytest.skip("data/gravity.json has not landed yet")
    rows = json.loads(run("gravity", "--json", "burg")[1])
    assert rows
    for r in rows:
        assert {"offence", "category", "score", "aggravating", "mitigating", "notes", "citation"} <= set(r)
        assert r["score"] is None or (isinstance(r["score"], int) and 1 <= r["score"] <= 4)
        assert isinstance(r["aggravating"], list) and isinstance(r["mitigating"], list)


def test_broken_data_exits_2_with_the_message(tmp_path, monkeypatch):
    d = tmp_path / "data"
    d.mkdir()
    shutil.copy(loader.data_dir() / "glossary.json", d / "glossary.json")
    (d / "mappa.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(loader, "data_dir", lambda: d)
    loader.clear_cache()
    try:
        code, out, err = run("glossary")
    finally:
        loader.clear_cache()
    assert code == 2 and out == ""
    assert err.startswith("yjtui reference: mappa.json: not valid JSON") and err.count("\n") == 1


def test_gravity_rows_carry_the_oddities_the_data_records():
    """Issue 23: the s.63 trespass conflict (seed 002 L9575: 3 under BURGLARY; L12865: 4 under SEXUAL OFFENCES)
    was recorded in data/gravity.json and shown nowhere."""
    code, text, _ = run("gravity", "trespass intent sexual")
    assert code == 0 and text.count("contradicts itself") == 2
    rows = json.loads(run("gravity", "--json", "trespass intent sexual")[1])
    assert {r["citation"] for r in rows} == {"seed 002 L9575", "seed 002 L12865"}
    for r in rows:
        assert {o["citation"] for o in r["oddities"]} == {"seed 002 L9575", "seed 002 L12865"}
    # every oddity with rows is in the text of each of its rows; the rest are listed under the whole matrix
    doc = loader.load_all()["gravity"].raw
    entries = {e.raw["citation"]: e for e in loader.load_all()["gravity"].entries}
    for odd in doc["oddities"]:
        for citation in odd["rows"]:
            assert odd["citation"] in entries[citation].body or "contradicts itself" in entries[citation].body
    _, listing, _ = run("gravity")
    for odd in doc["oddities"]:
        if not odd["rows"]:
            assert odd["citation"] + ")" in listing.replace("\n    ", " "), odd["citation"]


def test_the_court_charge_summary_shows_the_conflict():
    from yjtui.reference import offences
    row = offences.for_gravity("Trespass with intent to commit a Sexual Offence", "seed 002 L9575")
    assert "contradicts itself" in offences.summary(row) and "L12865" in offences.summary(row)
