"""The Community Package Bail Proposal and the court checks, without the terminal UI."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from yjtui.rules import court_checks
from yjtui.casework.export import bail_proposal, document
from yjtui.store import Child, Hearing

# The minimum contents of the proposal, as seed 002 L4326-L4336 lists them (one heading each).
SEED_MINIMUM = [
    ("suitability for conditional bail supervision and support", "Suitability for conditional bail supervision "
     "and support, with reasons"),
    ("informed agreement to engage and participate", "The child's informed agreement to engage and participate"),
    ("bail address, checked by youth justice service (YJS) police officer",
     "Bail address, checked by the YJS police officer for suitability"),
    ("content of the bail supervision and support package", "Content of the bail supervision and support package "
     "and level of contact"),
    ("any other conditions assessed as necessary", "Other conditions necessary to protect the public and ensure a "
     "return to court"),
    ("what will happen if the child does not engage", "What will happen if the child does not engage"),
]


def _seed_text() -> str:
    from pathlib import Path

    seeds = list(Path("/work/shared/seeds").glob("002*"))
    if not seeds:
        pytest.skip("seed 002 not available")
    return seeds[0].read_text(encoding="utf-8")


def test_minimum_contents_match_the_seed():
    lines = _seed_text().splitlines()
    headings = [h for _k, h, _c in court_checks.MINIMUM_CONTENTS]
    assert headings == [h for _q, h in SEED_MINIMUM]
    for (quote, _h), (_k, _heading, cite) in zip(SEED_MINIMUM, court_checks.MINIMUM_CONTENTS):
        line = int(cite.split("L")[-1].rstrip(")"))
        assert quote.lower() in lines[line - 1].lower(), (quote, cite)


def _records(**package):
    child = Child(id=1, given_name="Ash", family_name="O'Example", date_of_birth=date(2011, 3, 14))
    data = {"package": {"support": "bss", "suitability": "Stable home", **package},
            "assessment": {"bail_address": "1 Fictional Road"}, "grounds": {"fail_to_surrender": "yes"},
            "responses": {"fail_to_surrender": "Reporting and contact plan"}}
    hearing = Hearing(id=1, child_id=1, court="Highbury Corner", at=datetime(2026, 11, 23, 10, 0),
                      charges=json.dumps([{"offence": "Robbery", "imprisonable": "yes", "violent": "yes",
                                           "max_adult_sentence_years": 14}]), data=json.dumps(data))
    return child, hearing


def test_proposal_sections_and_files(tmp_path):
    child, hearing = _records(conditions={"comply_bss": True, "curfew": True},
                              condition_details={"curfew": "19:00-07:00"})
    proposal = bail_proposal.build(child, hearing, age=15, author="Court officer", today=date(2026, 11, 23))
    for _k, heading, _c in court_checks.MINIMUM_CONTENTS:
        assert heading in proposal.headings()
    text = proposal.as_text()
    assert court_checks.STANDARD_CONDITION in text
    assert "Curfew: 19:00-07:00" in text
    assert "Reporting and contact plan" in text
    stem = document.file_stem(proposal, document.reference_for(child), hearing.at.date())
    assert stem == "bail-proposal-record-1-2026-11-23"  # the record number: no YJS reference, never the name
    paths = document.write(proposal, tmp_path, stem)
    import docx

    doc = docx.Document(str(paths[0]))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for _k, heading, _c in court_checks.MINIMUM_CONTENTS:
        assert heading in headings
    assert paths[1].read_text(encoding="utf-8").startswith("Community Package Bail Proposal")


def test_export_to_a_missing_folder_makes_it_and_a_file_in_the_way_is_a_plain_error(tmp_path):
    child, hearing = _records()
    proposal = bail_proposal.build(child, hearing)
    assert [p.name for p in document.write(proposal, tmp_path / "new", "x")] == ["x.docx", "x.txt"]
    (tmp_path / "file").write_text("")
    with pytest.raises(document.ExportError, match="is not a folder"):
        document.write(proposal, tmp_path / "file", "x")


@pytest.mark.parametrize("package, expected, seed", [
    ({"support": "iss", "hours_per_week": 30, "conditions": {"tag": True}}, {"court.iss_hours"}, "L4356"),
    ({"support": "iss", "hours_per_week": 25, "conditions": {}}, {"court.iss_tag"}, "L4356"),
    ({"support": "iss", "hours_per_week": 25, "conditions": {"tag": True}}, set(), "L4356"),
    ({"support": "bss", "offending_focused": True}, {"court.no_offending_work"}, "L4378"),
    ({"support": "bss", "content": "victim awareness sessions"}, {"court.no_offending_work"}, "L4378"),
    ({"support": "bss", "content": "ETE and family support"}, set(), "L4378"),
])
def test_package_checks_table(package, expected, seed):
    found = {c.id for c in court_checks.iss_checks(package) + court_checks.no_offending_work_checks(package)
             if c.severity == "warning"}
    assert found == expected, seed


def test_objection_without_response_is_flagged():
    checks = court_checks.objections_checks({"fail_to_surrender": "yes", "own_welfare": "no"}, {})
    assert [c.id for c in checks] == ["court.objections_answered"]
    assert "fail to surrender" in checks[0].message


def test_yda_outcome_refused_when_closed():
    assert court_checks.outcome_allowed("remand_yda", "closed") is not None
    assert court_checks.outcome_allowed("remand_yda", "not_yet_known") is None
    assert court_checks.outcome_allowed("remand_la", "closed") is None


def test_proposal_states_no_time_and_no_login_it_was_not_given():
    """Issue 23: a hearing opened with no time (stored at 00:00) printed 'Hearing: 23/11/2026 00:00', and a proposal
    prepared with no name in Settings was signed by the computer's login ('Prepared by root')."""
    child, hearing = _records()
    hearing.at = datetime(2026, 11, 23, 0, 0)
    text = bail_proposal.build(child, hearing, author="", today=date(2026, 11, 23)).as_text()
    assert "00:00" not in text and "Hearing: 23/11/2026 (time not recorded)" in text
    assert "Prepared by (name not recorded: set it in Settings), 23/11/2026." in text
    data = json.loads(hearing.data)
    hearing.data = json.dumps({**data, "time": "00:00"})  # midnight typed: a time all the same
    assert "Hearing: 23/11/2026 00:00" in bail_proposal.build(child, hearing).as_text()


def test_an_export_is_prepared_by_the_name_in_settings_never_the_login(store):
    assert document.author_for(store) == ""  # the store's `who` falls back to the login for the audit trail
    store.set_setting("practitioner", "Casey Officer")
    assert document.author_for(store) == "Casey Officer"
