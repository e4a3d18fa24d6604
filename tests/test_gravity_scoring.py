"""Scoring helpers of the gravity factor system, table-driven: each case names the seed 002 line it comes from."""

from __future__ import annotations

import pytest

from yjtui.reference import gravity

# (base, expected range, source line). 1.6 (L8466): one point either way; 1.4 (L8456): the scale is 1 up to 4.
RANGES = [
    (1, (1, 2), "seed 002 L8466 + L8456: no score below 1"),
    (2, (1, 3), "seed 002 L8466"),
    (3, (2, 4), "seed 002 L8466"),
    (4, (3, 4), "seed 002 L8466 + L8456: no score above 4"),
]


@pytest.mark.parametrize("base, expected, source", RANGES)
def test_final_score_range(base, expected, source):
    assert gravity.final_score_range(base) == expected, source


@pytest.mark.parametrize("bad", [0, 5, -1, None, 2.0, True, "3"])
def test_final_score_range_rejects_scores_off_the_scale(bad):
    with pytest.raises(ValueError):
        gravity.final_score_range(bad)


def _cites(findings):
    return [(f["severity"], f["citation"]) for f in findings]


# (base, final, aggravating ticked, mitigating ticked, expected (severity, citation) findings, source)
CHECKS = [
    # unchanged, nothing ticked: nothing to say
    (3, 3, [], [], [], "seed 002 L8466"),
    # one point up / down with a factor ticked: within 1.6, no prompt
    (2, 3, ["Weapon used"], [], [], "seed 002 L8466"),
    (3, 2, [], ["Impulsive action"], [], "seed 002 L8466"),
    # more than one point: outside the range
    (2, 4, ["Weapon used", "Group action"], [], [("warning", "seed 002 L8466")], "seed 002 L8466"),
    (4, 2, [], ["Provocation"], [("warning", "seed 002 L8466")], "seed 002 L8466"),
    # raised with no aggravating factor / lowered with no mitigating factor: record why (1.6 last sentence)
    (2, 3, [], [], [("action", "seed 002 L8466")], "seed 002 L8466"),
    (3, 2, [], [], [("action", "seed 002 L8466")], "seed 002 L8466"),
    (3, 2, ["Group action"], [], [("action", "seed 002 L8466")], "seed 002 L8466"),
    # factors ticked but balanced, score unchanged: allowed, but the consideration must be noted
    (3, 3, ["Group action"], ["Provocation"], [("info", "seed 002 L8466")], "seed 002 L8466"),
    # lowering to 1 is not NFA (15.4) and Community Resolution sits outside the table (15.3)
    (2, 1, [], ["Minor injury"], [("info", "seed 002 L8686"), ("info", "seed 002 L8682")], "seed 002 L8686"),
    (1, 1, [], [], [("info", "seed 002 L8682")], "seed 002 L8682"),
    # below 1: there is no 0; no substantive offence can be mitigated down to NFA (15.4)
    (1, 0, [], ["Genuine mistake"], [("warning", "seed 002 L8686")], "seed 002 L8686"),
    # above 4: the scale stops at 4 (1.4)
    (4, 5, ["Weapon used"], [], [("warning", "seed 002 L8456")], "seed 002 L8456"),
    # counts are accepted in place of lists
    (2, 3, 1, 0, [], "seed 002 L8466"),
    (2, 3, 0, 0, [("action", "seed 002 L8466")], "seed 002 L8466"),
]


@pytest.mark.parametrize("base, final, agg, mit, expected, source", CHECKS)
def test_check_final_score(base, final, agg, mit, expected, source):
    assert _cites(gravity.check_final_score(base, final, agg, mit)) == expected, source


def test_findings_are_plain_values():
    for f in gravity.check_final_score(4, 2, [], []):
        assert set(f) == {"severity", "message", "citation"}
        assert f["severity"] in {"info", "warning", "action"}
        assert f["citation"].startswith("seed 002 L")


def test_no_base_score_is_flagged_not_guessed():
    # "Common prostitute loitering for prostitution" (L12931) has no printed score; 2.0 (L8474) applies.
    findings = gravity.check_final_score(None, 2)
    assert _cites(findings) == [("warning", "seed 002 L8474")]


# (score, words the meaning must contain, citation) — the final-score table, 15.1 (L8630-L8666)
MEANINGS = [
    (4, "Normally result in charge", "seed 002 L8636"),
    (3, "Normally a youth caution", "seed 002 L8652"),
    (2, "Normally a youth caution", "seed 002 L8652"),
    (1, "Community Resolution or caution, youth conditional caution or charge", "seed 002 L8666"),
]


@pytest.mark.parametrize("score, words, citation", MEANINGS)
def test_disposal_for(score, words, citation):
    d = gravity.disposal_for(score)
    assert d["score"] == score
    assert words in d["meaning"]
    assert d["citation"] == citation
    assert d["discretion"]["citation"] == "seed 002 L8678"  # 15.2


@pytest.mark.parametrize("bad", [0, 5])
def test_disposal_for_has_no_meaning_off_the_table(bad):
    with pytest.raises(ValueError):
        gravity.disposal_for(bad)


def test_data_path_finds_the_shipped_matrix():
    assert (gravity._data_path() / "gravity.json").is_file()
    assert len(gravity.entries()) == 204
    assert {e["offence"] for e in gravity.entries("DRUNKENNESS")} == {"Drunk and Disorderly", "Drunk and incapable"}


def test_gravity_module_is_pure():
    import subprocess
    import sys

    code = ("import sys, yjtui.reference.gravity as g; g.load(); "
            "bad = [m for m in ('textual', 'rich', 'sqlmodel', 'sqlalchemy') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
