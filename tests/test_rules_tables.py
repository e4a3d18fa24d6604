"""The guidance's tables, cell by cell: each case names the seed line it checks."""

from __future__ import annotations

import pytest

from yjtui.rules import evaluate, lor_band, needs_rationale, rosh_suggested, rosh_suggested_for, swb_highest_concern
from yjtui.rules.packs import shipped_pack

AS_OF = "2026-11-23"

# --- YOGRS bands (Enfield 5.5) ---------------------------------------------------------------------------------

YOGRS_CASES = [
    (0, "low", "seed 002 L122"),
    (43, "low", "seed 002 L122"),
    (44, "medium", "seed 002 L123"),
    (76, "medium", "seed 002 L123"),
    (77, "high", "seed 002 L124"),
    (100, "high", "seed 002 L124"),
]


@pytest.mark.parametrize("yogrs, expected, source", YOGRS_CASES)
def test_lor_band(yogrs, expected, source):
    assert lor_band(yogrs) == expected, source
    e = evaluate({"likelihood_of_reoffending": {"yogrs_percent": yogrs}}, as_of=None)
    assert e.values["lor_band"] == expected, source


@pytest.mark.parametrize("bad", [-1, 101, 1000, True, 43.5, "50"])
def test_lor_band_rejects_out_of_range(bad):
    with pytest.raises(ValueError):
        lor_band(bad)


@pytest.mark.parametrize("bad", [-1, 101, 43.5, "50", True])
def test_evaluate_rejects_bad_yogrs(bad):
    from yjtui.rules import FactsError
    with pytest.raises(FactsError) as err:
        evaluate({"likelihood_of_reoffending": {"yogrs_percent": bad}})
    assert err.value.path == "likelihood_of_reoffending.yogrs_percent"


def test_practitioner_lor_band_used_without_yogrs():
    e = evaluate({"likelihood_of_reoffending": {"judgement": "medium"}}, as_of=None)
    assert e.values["lor_band"] == "medium"


# --- Matrix 2, every cell (Enfield 5.9, seed 002 L216-266) -----------------------------------------------------

L, M, H, VH = "low", "medium", "high", "very_high"
MATRIX_CASES = [
    # (likelihood, impact) -> (lowest, highest), source
    *[((lk, im), (L, L), f"seed 002 L{line}")
      for im, line in (("slight", 229), ("minor", 237), ("medium", 245))
      for lk in ("unlikely", "possible", "likely", "very_likely", "almost_certain")],
    (("unlikely", "major"), (M, M), "seed 002 L254"),
    (("possible", "major"), (M, M), "seed 002 L255"),
    (("likely", "major"), (M, H), "seed 002 L256"),
    (("very_likely", "major"), (H, H), "seed 002 L257"),
    (("almost_certain", "major"), (H, H), "seed 002 L258"),
    (("unlikely", "critical"), (H, H), "seed 002 L262"),
    (("possible", "critical"), (H, H), "seed 002 L263"),
    (("likely", "critical"), (H, VH), "seed 002 L264"),
    (("very_likely", "critical"), (VH, VH), "seed 002 L265"),
    (("almost_certain", "critical"), (VH, VH), "seed 002 L266"),
]


def test_matrix_has_25_cells():
    assert len(MATRIX_CASES) == 25
    assert len({c[0] for c in MATRIX_CASES}) == 25


@pytest.mark.parametrize("cell, expected, source", MATRIX_CASES)
def test_matrix_2_cell(cell, expected, source):
    likelihood, impact = cell
    assert rosh_suggested_for(likelihood, impact) == expected, source
    facts = {"rosh": {"behaviours": [{"setting": "community", "likelihood": likelihood, "impact": impact}]}}
    assert evaluate(facts, as_of=None).values["rosh_suggested"] == list(expected), source


def test_suggestion_is_max_of_each_end():
    # seed 002 L256 and L262: (medium, high) and (high, high) -> (high, high)
    assert rosh_suggested([("likely", "major"), ("unlikely", "critical")]) == (H, H)
    # seed 002 L256 and L245: low-impact behaviours never lower the suggestion
    assert rosh_suggested([("likely", "major"), ("almost_certain", "medium")]) == (M, H)
    assert rosh_suggested([]) is None
    assert evaluate({"rosh": {"behaviours": []}}).values["rosh_suggested"] is None


RATIONALE_CASES = [
    (H, (H, VH), False, "seed 002 L264, L2184"),
    (VH, (H, VH), False, "seed 002 L264, L2184"),
    (M, (H, VH), True, "seed 002 L264, L2184"),
    (L, (L, L), False, "seed 002 L160"),
    (M, (L, L), True, "seed 002 L160, L2184"),
    (VH, (M, H), True, "seed 002 L256, L2184"),
    (H, None, False, "no suggestion"),
]


@pytest.mark.parametrize("final, suggested, expected, source", RATIONALE_CASES)
def test_needs_rationale(final, suggested, expected, source):
    assert needs_rationale(final, suggested) is expected, source


def test_rationale_value_null_without_judgement():
    facts = {"rosh": {"behaviours": [{"likelihood": "likely", "impact": "critical"}]}}
    v = evaluate(facts).values
    assert v["rosh_final"] is None and v["rosh_needs_rationale"] is None


# --- Intervention level and minimum contacts (Enfield 4.4, seed 002 L63-86) -----------------------------------

CONTACT_CASES = [
    # (rosh judgement, yogrs) -> (level, first 3 months, remainder), source
    (("high", 10), ("intensive", 8, 4), "seed 002 L71-74"),
    (("very_high", 10), ("intensive", 8, 4), "seed 002 L71-74 (Very High counts as High)"),
    (("low", 80), ("intensive", 8, 4), "seed 002 L71-74 (LoR high)"),
    (("medium", 10), ("enhanced", 4, 2), "seed 002 L76-81"),
    (("low", 50), ("enhanced", 4, 2), "seed 002 L76-81"),
    (("low", 43), ("standard", 2, 1), "seed 002 L83-86"),
]


@pytest.mark.parametrize("inputs, expected, source", CONTACT_CASES)
def test_contact_table(inputs, expected, source):
    rosh, yogrs = inputs
    facts = {"rosh": {"judgement": rosh}, "likelihood_of_reoffending": {"yogrs_percent": yogrs}}
    v = evaluate(facts, ["enfield"]).values
    assert (v["intervention_level"], v["minimum_contacts_per_month"]["first_3_months"],
            v["minimum_contacts_per_month"]["remainder"]) == expected, source
    # National pack: no fixed levels (seed 002 L6010)
    v = evaluate(facts, ["national"]).values
    assert v["intervention_level"] is None and v["minimum_contacts_per_month"] is None, "seed 002 L6010"


def test_contact_table_is_the_guidance_table():
    # Enfield's table lives in its pack (data/packs/enfield.toml), seed 002 L63-86
    table = shipped_pack("enfield").values["contact_minimums"]
    assert {r.risk: (r.level, r.first_3_months, r.remainder) for r in table.value} == {
        "high": ("intensive", 8, 4), "medium": ("enhanced", 4, 2), "low": ("standard", 2, 1)}
    assert table.citation.lines == (63, 86)


def test_intervention_level_unknown_until_both_risks_known():
    v = evaluate({"likelihood_of_reoffending": {"yogrs_percent": 50}}, ["enfield"]).values
    assert v["intervention_level"] is None  # RoSH could still raise it
    v = evaluate({"likelihood_of_reoffending": {"yogrs_percent": 90}}, ["enfield"]).values
    assert v["intervention_level"] == "intensive"  # already at the top


def test_intervention_uses_top_of_suggestion_without_final():
    facts = {"rosh": {"behaviours": [{"likelihood": "likely", "impact": "major"}]},
             "likelihood_of_reoffending": {"yogrs_percent": 10}}
    assert evaluate(facts, ["enfield"]).values["intervention_level"] == "intensive"  # seed 002 L256: Medium / High


# --- Safety and well-being (Enfield 9.9-9.11) -------------------------------------------------------------------

SWB_EXAMPLE = {
    "safety_wellbeing": {
        "concerns": True,
        "outcomes": [
            {"description": "Homelessness", "setting": "community", "likelihood": "possible", "impact": "medium"},
            {"description": "Neglect", "setting": "community", "likelihood": "very_likely", "impact": "medium"},
            {"description": "Physical Abuse", "setting": "community", "likelihood": "likely", "impact": "major"},
        ],
        "judgement": "high",
    }
}


def test_swb_worked_example():
    """seed 002 L640-682: Homelessness (medium, possible), Neglect (medium, very likely), Physical Abuse (major,
    likely) -> overall High. The engine points at the highest concern; it raises nothing against High."""
    e = evaluate(SWB_EXAMPLE, ["enfield"])
    assert e.values["swb_highest_concern"]["description"] == "Physical Abuse", "seed 002 L667"
    assert e.values["swb_final"] == "high", "seed 002 L682"
    assert e.values["swb_prepopulated"] is None, "seed 002 L705"
    assert e.values["hrp_referral"] is True, "seed 002 L480-483: SWB High"
    assert not [f for f in e.findings if f.severity.value == "warning" and f.rule.startswith("swb")]
    assert swb_highest_concern([]) is None


SWB_TRIGGER_CASES = [
    ({"concerns": False}, "low", "seed 002 L705"),
    ({"concerns": "no"}, "low", "seed 002 L705"),
    ({"concerns": True}, None, "seed 002 L705"),
    ({"concerns": None}, None, "seed 002 L705"),
    ({}, None, "seed 002 L705"),
]


@pytest.mark.parametrize("swb, expected, source", SWB_TRIGGER_CASES)
def test_swb_prepopulated(swb, expected, source):
    assert evaluate({"safety_wellbeing": swb}).values["swb_prepopulated"] == expected, source


def test_swb_trigger_no_but_judgement_high_warns():
    e = evaluate({"safety_wellbeing": {"concerns": False, "judgement": "high"}})
    assert any(f.rule == "swb.prepopulated" and f.severity.value == "warning" for f in e.findings)


def test_an_unrated_behaviour_is_named_by_the_number_the_screen_shows():
    """Issue 23: the finding said 'Behaviour [1]' for the screen's Behaviour 2 (counted from 0). Matrix 2, seed 002
    L216-266."""
    facts = {"rosh": {"behaviours": [{"likelihood": "likely", "impact": "major"}, {"likelihood": "likely"}]}}
    messages = [f.message for f in evaluate(facts, as_of=None).findings if f.rule == "rosh.suggested"]
    assert "Behaviour 2 has no likelihood or impact yet: the suggestion leaves it out." in messages
