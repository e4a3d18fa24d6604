"""The reference loader: shipped data loads, every entry is cited, and broken files give one clear message."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from yjtui.reference.loader import ReferenceDataError, check_citation, clear_cache, data_dir, load_all

OWN_SETS = ["yro_requirements", "ancillary_orders", "report_types", "bail_grounds", "remand_conditions", "mappa",
            "schedule15", "timescales", "glossary"]


@pytest.fixture
def own_copy(tmp_path: Path) -> Path:
    """A copy of the reference sets (not gravity, which another module owns) to break on purpose."""
    d = tmp_path / "data"
    d.mkdir()
    for path in data_dir().glob("*.json"):
        if path.stem != "gravity":
            shutil.copy(path, d / path.name)
    clear_cache()
    return d


def test_data_dir_is_the_repo_data_folder_in_a_checkout():
    assert data_dir().is_dir()
    assert (data_dir() / "glossary.json").exists()


def test_shipped_data_loads_including_gravity_when_present():
    clear_cache()
    sets = load_all()
    assert set(OWN_SETS) <= set(sets)
    if (data_dir() / "gravity.json").exists():
        assert sets["gravity"].entries


def test_every_entry_carries_a_seed_or_statute_citation(own_copy: Path):
    for refset in load_all(own_copy).values():
        assert refset.entries, refset.name
        for e in refset.entries:
            assert check_citation(e.citation) is None, (refset.name, e.id)


def test_gravity_absent_is_tolerated(own_copy: Path):
    assert not (own_copy / "gravity.json").exists()
    assert "gravity" not in load_all(own_copy)


def _rewrite(path: Path, mutate) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    mutate(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")


def _error(d: Path) -> str:
    clear_cache()
    with pytest.raises(ReferenceDataError) as info:
        load_all(d)
    return str(info.value)


def test_bad_json_names_the_file_and_position(own_copy: Path):
    (own_copy / "glossary.json").write_text('{"set": "glossary", "entries": [', encoding="utf-8")
    msg = _error(own_copy)
    assert msg.startswith("glossary.json: not valid JSON (line 1")


def test_missing_citation_names_file_and_entry(own_copy: Path):
    _rewrite(own_copy / "yro_requirements.json", lambda d: d["entries"][4].pop("citation"))
    assert _error(own_copy) == "yro_requirements.json: entry 4 (id 'attendance-centre'): has no citation"


def test_citation_without_a_seed_line_is_refused(own_copy: Path):
    _rewrite(own_copy / "glossary.json", lambda d: d["entries"][0].update(citation="the MAPPA guidance"))
    msg = _error(own_copy)
    assert msg.startswith("glossary.json: entry 0 (id 'aco'): citation 'the MAPPA guidance' does not name a seed line")


def test_wrong_type_names_the_field(own_copy: Path):
    _rewrite(own_copy / "schedule15.json", lambda d: d["entries"][2].update(serious_specified="yes"))
    msg = _error(own_copy)
    assert msg.startswith("schedule15.json: entry 2 (id 'item-3-false-imprisonment'): field 'serious_specified'")
    assert "boolean" in msg


def test_limit_that_is_not_a_number_is_refused(own_copy: Path):
    _rewrite(own_copy / "yro_requirements.json", lambda d: d["entries"][3]["limits"].update(max_days="90"))
    assert "entry 3 (id 'activity'): limits 'max_days' should be a number" in _error(own_copy)


def test_duplicate_id_names_both_entries(own_copy: Path):
    def dup(d):
        d["entries"][5]["id"] = d["entries"][1]["id"]

    _rewrite(own_copy / "glossary.json", dup)
    msg = _error(own_copy)
    assert msg.startswith("glossary.json: entry 5 (id 'btp')") or "duplicate id (first used by entry 1)" in msg
    assert "duplicate id (first used by entry 1)" in msg


def test_missing_field_and_missing_header(own_copy: Path):
    _rewrite(own_copy / "glossary.json", lambda d: d["entries"][7].pop("expansion"))
    assert _error(own_copy).endswith("missing field 'expansion'")
    shutil.copy(data_dir() / "glossary.json", own_copy / "glossary.json")
    _rewrite(own_copy / "glossary.json", lambda d: d.pop("title"))
    assert _error(own_copy) == "glossary.json: missing or empty top-level field 'title'"


GRAVITY_OK = {
    "set": "gravity",
    "title": "Gravity factors",
    "source": "seed 002 L8408-13505",
    "general_factors": {"aggravating": [{"text": "on bail", "citation": "seed 002 L8500"}],
                        "mitigating": [{"text": "young", "citation": "seed 002 L8510"}]},
    "score_meanings": [{"score": 1, "meaning": "low", "citation": "seed 002 L8456"}],
    "caveats": [{"text": "c", "citation": "seed 002 L8456"}],
    "oddities": [],
    "entries": [
        {"offence": "Burglary dwelling", "category": "BURGLARY", "score": 3, "aggravating": ["night"],
         "mitigating": [], "notes": "", "legislation": "Theft Act 1968 s.9", "citation": "seed 002 L9000"},
        {"offence": "Unscored", "category": "OTHER", "score": None, "aggravating": [], "mitigating": [],
         "notes": "refer", "legislation": "", "citation": "seed 002 L9010"},
    ],
}


def test_gravity_shape_is_checked(own_copy: Path):
    (own_copy / "gravity.json").write_text(json.dumps(GRAVITY_OK), encoding="utf-8")
    clear_cache()
    g = load_all(own_copy)["gravity"]
    assert [e.title for e in g.entries] == ["Burglary dwelling", "Unscored"]
    assert "gravity score 3" in g.entries[0].body and "night" in g.entries[0].body

    bad = json.loads(json.dumps(GRAVITY_OK))
    bad["entries"][1]["score"] = 5
    (own_copy / "gravity.json").write_text(json.dumps(bad), encoding="utf-8")
    assert _error(own_copy) == "gravity.json: entry 1 (offence 'Unscored'): score must be an integer 1-4 or null, got 5"

    bad = json.loads(json.dumps(GRAVITY_OK))
    del bad["general_factors"]
    (own_copy / "gravity.json").write_text(json.dumps(bad), encoding="utf-8")
    assert _error(own_copy) == "gravity.json: missing 'general_factors' object"

    bad = json.loads(json.dumps(GRAVITY_OK))
    bad["entries"][0]["score"] = True
    (own_copy / "gravity.json").write_text(json.dumps(bad), encoding="utf-8")
    assert "score must be an integer" in _error(own_copy)


def test_loader_search_and_cli_stay_headless():
    """The reference modules must not pull in the TUI or the database (house style: a runtime contract check)."""
    code = (
        "import sys, yjtui.reference.loader, yjtui.reference.search, yjtui.reference.cli;"
        "bad = [m for m in ('textual', 'rich', 'sqlmodel', 'sqlalchemy', 'yjtui.screens') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
