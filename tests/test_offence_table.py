"""The offence table (data/offences.json): each answer from its source, every row to be checked against the statute,
and a charge's answers filled, accepted or changed with the record of who did it."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import datetime
from pathlib import Path

import pytest

from yjtui.casework import charges
from yjtui.reference import offences
from yjtui.reference.loader import ReferenceDataError, clear_cache, data_dir, load_all, load_file

ROOT = Path(__file__).resolve().parents[1]

# (gravity offence as the matrix prints it, triable, violent, sexual, imprisonable, max years, where it is read)
ROWS = [
    ("Robbery/Assault with Intent to Rob", "indictable_only", True, False, True, 99,
     "seed 002 L12997 (I); Sch 15 item 31 seed 002 L7976; Theft Act 1968 s.8(2): life"),
    ("Theft - up to £100 in value", "either_way", False, False, True, 7, "seed 002 L13027 (E); Theft Act 1968 s.7"),
    ("Common Assault", "summary_only", False, False, True, 0.5, "seed 002 L9521 (S); CJA 1988 s.39"),
    ("GBH/Wounding with intent", "indictable_only", True, False, True, 99, "seed 002 L9401; Sch 15 item 6 L7897"),
    ("Rape (Sec. 1)", "indictable_only", False, True, True, 99, "Sch 15 item 102, seed 002 L8221; SOA 2003 s.1: life"),
    ("Kidnapping", "indictable_only", True, False, True, None, "Sch 15 item 2, seed 002 L7887"),
    ("Drunk and Disorderly", "summary_only", False, False, None, None, "seed 002 L10117; no maximum in our sources"),
]


@pytest.mark.parametrize("offence, triable, violent, sexual, imprisonable, years, source", ROWS)
def test_rows_answer_from_their_sources(offence, triable, violent, sexual, imprisonable, years, source):
    row = offences.for_gravity(offence)
    assert row is not None, source
    assert (row["triable"], row["violent"], row["sexual"], row["imprisonable"], row["max_adult_sentence_years"]) \
        == (triable, violent, sexual, imprisonable, years), source
    assert row["check"] == "to be checked against the statute"


def test_stacked_sub_rows_take_their_own_printed_type():
    # s.4 SOA 2003: "With Penetration" 4 I / "Without Penetration" 3 E (seed 002 L12157, L12161).
    rows = [r for r in offences._table()["rows"] if r["citation"] == "seed 002 L12125"]
    assert [(r["triable"], r["triable_as_printed"]) for r in rows] == [("indictable_only", "I"), ("either_way", "E")]


def test_every_row_cited_and_every_maximum_sourced_or_said_unknown():
    rows = offences._table()["rows"]
    gravity = json.loads((ROOT / "data" / "gravity.json").read_text(encoding="utf-8"))["entries"]
    assert [r["gravity_offence"] for r in rows] == [g["offence"] for g in gravity]  # one row per matrix offence
    schedule15 = {e.id for e in load_all()["schedule15"].entries}
    for r in rows:
        assert r["citation"].startswith("seed 002 L") and "statute" in r["check"]
        assert set(r["schedule15"]) <= schedule15
        if r["max_adult_sentence_years"] is None:
            assert r["max_source"].startswith("not stated in our sources")
        else:
            assert "as reported by" in r["max_source"] and "not in our seeds" in r["max_source"]
        assert r["violent"] is bool(r["schedule15"] and "violent" in r["schedule15_source"]) or r["violent"] is None


@pytest.mark.skipif(not (ROOT.parent / "shared" / "seeds" / "002_9d68e6d4c03aa137.txt").exists(),
                    reason="seed 002 not beside the repo (../shared/seeds): the builder reads it")
def test_the_shipped_file_is_what_the_builder_writes():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import build_offences
    finally:
        sys.path.pop(0)
    assert build_offences.build() == json.loads((ROOT / "data" / "offences.json").read_text(encoding="utf-8"))


def test_a_broken_row_is_refused_with_its_place_named(tmp_path):
    doc = json.loads((data_dir() / "offences.json").read_text(encoding="utf-8"))
    doc["entries"][3]["violent"] = "yes"
    path = tmp_path / "offences.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"offences.json: entry 3 .*'violent' should be true, false or null"):
        load_file(path)
    doc["entries"][3]["violent"] = True
    doc["entries"][3]["check"] = ""
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="checked against the statute"):
        load_file(path)
    clear_cache()


NOW = datetime(2026, 11, 23, 10, 0)


def test_a_charge_filled_changed_and_retyped():
    row = offences.for_gravity("Robbery/Assault with Intent to Rob")
    charge = {"offence": row["gravity_offence"]}
    filled = charges.fill_from_table(charge, row, "Sam Officer", NOW)
    assert filled == {"imprisonable": "yes", "violent": "yes", "sexual": "no", "terrorism": "no",
                      "max_adult_sentence_years": 99}
    assert charges.provenance(charge, "violent") == "from the offence table"
    assert charge["offence_table"]["chosen_by"] == "Sam Officer"
    # The officer departs from the table: recorded with who and when; going back clears it.
    charge["sexual"] = "yes"
    charges.record_answer(charge, "sexual", "yes", "Kim Officer", NOW)
    assert charge["offence_table"]["changed"]["sexual"] == {"to": "yes", "by": "Kim Officer",
                                                             "at": "2026-11-23T10:00"}
    assert charges.provenance(charge, "sexual") == "changed by Kim Officer from the offence table's no"
    charges.record_answer(charge, "max_adult_sentence_years", 14, "Kim Officer", NOW)
    assert "from the offence table's life" in charges.provenance(charge, "max_adult_sentence_years")
    charges.record_answer(charge, "max_adult_sentence_years", 99, "Kim Officer", NOW)
    assert "max_adult_sentence_years" not in charge["offence_table"]["changed"]
    # Retyped as another offence: the table's untouched answers go back to not yet known; the officer's stay.
    reset = charges.clear_table(charge)
    assert set(reset) == {"imprisonable", "violent", "terrorism", "max_adult_sentence_years"}
    assert charge.get("sexual") == "yes" and "violent" not in charge and "offence_table" not in charge


def test_the_proposal_says_life_not_99_years():
    from yjtui.casework.export.bail_proposal import _flag_words

    assert _flag_words({"violent": "yes", "max_adult_sentence_years": 99}) == "violent, adult maximum life"
    assert _flag_words({"max_adult_sentence_years": 14}) == "adult maximum 14 years"


# --- issue 23: adult maxima the table lacked, and modes of trial the statute has changed since the matrix ---------
# (gravity offence, adult maximum in years (99 = life), triable now, statute named, in force, source)
ADDED = [
    ("Criminal damage - Criminal Damage valued at £300 (Home Office) £500 (max)", 10, None, "Criminal Damage Act 1971 "
     "s.4(2)", "1 July 2011", "CDA 1971 s.4(2): 10 years on indictment"),
    ("Arson - life not endangered", 99, "either_way", "4(1)", "1 July 2011", "CDA 1971 s.4(1): life"),
    ("Possession of Sharp Pointed blade for 10 to 15 year olds", 4, "either_way", "Criminal Justice Act 1988 s.139",
     "1 June 2018", "CJA 1988 s.139: 4 years"),
    ("Possession of Offensive Weapon for 16 & 17 year olds", 4, "either_way", "Prevention of Crime Act 1953 s.1",
     "1 June 2018", "PCA 1953 s.1(1): 4 years"),
    ("Sexual Assault (Sec. 3)", 10, "either_way", "Sexual Offences Act 2003 s.3(4)", "1 May 2004", "SOA 2003 s.3"),
    ("Handling stolen property", 14, "either_way", "Theft Act 1968 s.22", "2012", "TA 1968 s.22: 14 years"),
    ("Blackmail", 14, "indictable_only", "Theft Act 1968 s.21", "not stated", "TA 1968 s.21: 14 years"),
    ("CLASS 'B' OR 'C' DRUG Production/ Cultivation", 14, "either_way", "Misuse of Drugs Act 1971", "27 February 2012",
     "MDA 1971 s.4(2): 14 years"),
    ("Causing death by dangerous driving", 99, "indictable_only", "s.86", "28 June 2022",
     "RTA 1988 s.1: life since PCSC Act 2022 s.86 (28 June 2022)"),
    ("Assault on Police", 2, "summary_only", "Assaults on Emergency Workers (Offences) Act 2018 s.1", "not confirmed",
     "AEW(O)A 2018 s.1(2)(b) as amended: 2 years"),
    ("Dangerous Driving", 2, "either_way", "Road Traffic Act 1988 s.2", "4 August 2008", "mode: E, not S as printed"),
    ("Bomb Hoax", 7, "either_way", "Criminal Law Act 1977 s.51(4)", "31 October 1991", "mode: E, not S as printed"),
    ("Sending Malicious Communication", 2, "either_way", "Malicious Communications Act 1988 s.1(4)", "s.32",
     "mode: E since CJCA 2015 s.32, not S as printed"),
    ("Stalking", 0.5, "summary_only", "Protection from Harassment Act 1997 s.2A", "25 November 2012",
     "mode: s.2A is summary only, not E as printed"),
]


@pytest.mark.parametrize("offence, years, triable, statute, in_force, source", ADDED)
def test_added_maxima_and_modes_name_their_statute_and_date(offence, years, triable, statute, in_force, source):
    row = offences.for_gravity(offence)
    assert row is not None, source
    assert row["max_adult_sentence_years"] == years and row["imprisonable"] is True, source
    assert row["triable"] == triable, source
    assert statute in row["max_source"] and in_force in row["max_in_force"], source
    assert "as reported by" in row["max_source"] and row["check"] == "to be checked against the statute"


def test_a_changed_mode_of_trial_says_what_the_matrix_printed():
    summary = offences.summary(offences.for_gravity("Dangerous Driving"))
    assert "either way" in summary and "the matrix prints S" in summary and "Road Traffic Act 1988 s.2" in summary


def test_the_remand_offence_condition_is_known_for_an_added_14_year_maximum():
    # LASPO s.98 offence condition: punishable in an adult's case with 14 years or more (note L); handling now 14
    from yjtui.rules import evaluate
    row = offences.for_gravity("Handling stolen property")
    bail = {"hearing_date": "2026-11-23", "offences": [{"description": "handling", **{
        k: v == "yes" if isinstance(v, str) else v for k, v in offences.answers(row).items()}}]}
    remand = evaluate({"child": {"date_of_birth": "2010-01-01"}, "bail": bail}).values["remand"]
    assert "offence" not in remand["unresolved"]

