"""The timescales lookup (data/timescales.json, note B §3) agrees with the rules engine where both cite a line.

The data file is written by hand from the guidance; the engine's deadline table is written separately. Where an
engine timescale cites the same seed line as a data entry and counts in the same kind of unit, the amounts must
match, so the lookup a practitioner reads and the deadline the app computes cannot drift apart silently.
"""

from __future__ import annotations

import pytest

from yjtui.reference.loader import clear_cache, load_all

UNIT_FAMILY = {
    "working_days": {"working days", "same working day"},
    "days": {"calendar days", "calendar days before"},
    "hours": {"hours", "hours before"},
    "weeks": {"weeks"},
    "months": {"months", "months before"},
}


def test_every_timescale_names_trigger_deadline_and_strength():
    clear_cache()
    for e in load_all()["timescales"].entries:
        raw = e.raw
        assert raw["trigger"] and raw["deadline"] and raw["strength"], e.id
        if "amount" in raw:
            assert isinstance(raw["amount"], int) and raw["unit"] in UNIT_FAMILY, e.id


def test_timescales_agree_with_the_deadline_engine():
    deadlines = pytest.importorskip("yjtui.rules.deadlines")
    rows = getattr(deadlines, "TIMESCALES", None)
    if not rows:
        pytest.skip("the rules engine has no timescale table yet")
    by_line: dict[int, list] = {}
    for t in rows:
        if t.citation.seed == "002":
            for line in t.citation.lines:
                by_line.setdefault(line, []).append(t)
    clear_cache()
    compared = 0
    for e in load_all()["timescales"].entries:
        if "amount" not in e.raw:
            continue
        line = int(e.citation.rsplit("L", 1)[1])
        same_kind = [t for t in by_line.get(line, []) if t.unit.value in UNIT_FAMILY[e.raw["unit"]]]
        if not same_kind:
            continue
        assert any(t.amount == e.raw["amount"] for t in same_kind), (
            f"{e.id} ({e.citation}): data says {e.raw['amount']} {e.raw['unit']}, engine says "
            + ", ".join(f"{t.rule}={t.amount} {t.unit.value}" for t in same_kind)
        )
        compared += 1
    assert compared >= 5
