"""The plan's checks as tables: (input, expected, the seed line it comes from)."""

from __future__ import annotations

from datetime import date

import pytest

from yjtui.rules import plan_checks as pc
from yjtui.reference import load_all
from yjtui.rules.core import Severity
from yjtui.rules.engine import resolve_policy

TODAY = date(2026, 11, 23)
REF = load_all()["yro_requirements"]


@pytest.mark.parametrize("level, planned, made, severity, seed", [
    ("intensive", 6, date(2026, 11, 1), Severity.WARNING, "L63"),   # first 3 months: 8
    ("intensive", 8, date(2026, 11, 1), Severity.INFO, "L63"),
    ("intensive", 4, date(2026, 1, 1), Severity.INFO, "L63"),       # remainder: 4
    ("enhanced", 3, date(2026, 11, 1), Severity.WARNING, "L63"),
    ("standard", 1, date(2026, 1, 1), Severity.INFO, "L63"),
    ("standard", None, date(2026, 11, 1), Severity.ACTION, "L63"),
])
def test_enfield_contact_minimum(level, planned, made, severity, seed):
    (f,) = pc.contact_minimum(level, planned, made, TODAY, resolve_policy(["enfield"]))
    assert f.severity is severity and seed in f.citation


@pytest.mark.parametrize("per_week, months, made, warned", [
    (3, 12, date(2026, 11, 1), True),    # first 3 months
    (2, 12, date(2026, 11, 1), False),
    (3, 18, date(2026, 7, 1), True),     # order over a year: the first 6 months
    (3, 12, date(2026, 7, 1), True),     # after 3 months: still above the example's reducing frequency
])
def test_statutory_ceiling_is_advice(per_week, months, made, warned):
    found = pc.statutory_ceiling(per_week, months, made, TODAY)
    assert bool(found) is warned
    assert all("L2146" in f.citation and f.severity is Severity.WARNING for f in found)


def test_welfare_items_statutory_only_with_treatment_requirement():
    items = [{"what": "CAMHS sessions", "area": "mental_health", "kind": "statutory"},
             {"what": "Reparation", "area": "victims", "kind": "statutory"}]
    (f,) = pc.statutory_welfare(items, set())
    assert "Item 1" in f.message and "L2148" in f.citation
    assert pc.statutory_welfare(items, {"mental-health"}) == []


def test_uncovered_factor_listed_until_an_item_covers_it():
    targets = pc.coverage_targets(["bereavement"], [{"description": "robbery of younger children"}])
    found = pc.coverage(targets, [], [])
    assert {f.message for f in found if f.rule == "plan.uncovered"} == {
        "Not yet covered by a plan item: SWB: Recent bereavement.",
        "Not yet covered by a plan item: RoSH: robbery of younger children."}
    items = [{"what": "Bereavement counselling", "covers": ["swb:bereavement", "rosh:0"]}]
    assert [f for f in pc.coverage(targets, items, []) if f.rule == "plan.uncovered"] == []


@pytest.mark.parametrize("req, dob, flagged, seed", [
    ({"id": "unpaid-work", "hours": 300}, date(2009, 1, 1), "above the maximum of 240", "L3372"),
    ({"id": "unpaid-work", "hours": 60}, date(2011, 1, 1), "needs 16 or over", "L3372"),
    ({"id": "unpaid-work", "hours": 60}, date(2009, 1, 1), None, None),
    ({"id": "attendance-centre", "hours": 30}, date(2011, 6, 1), "above the maximum of 24", "L3034"),
    ({"id": "attendance-centre", "hours": 30}, date(2009, 6, 1), None, None),
    ({"id": "activity", "days": 91}, date(2010, 1, 1), "above the maximum of 90", "L3008"),
    ({"id": "exclusion", "months": 4}, date(2010, 1, 1), "above the maximum of 3", "L3276"),
    ({"id": "curfew", "hours_per_day": 21}, date(2010, 1, 1), "above the maximum of 20", "L3104"),
    ({"id": "residence"}, date(2011, 1, 1), "needs 16 or over", "L3146"),
])
def test_requirement_limits(req, dob, flagged, seed):
    data = {"order": {"type": "yro", "made": "2026-11-01", "months": 12},
            "requirements": [req, {"id": "electronic-monitoring"}]}
    found = [f for f in pc.order_checks(data, REF, dob) if f.severity is Severity.WARNING]
    if flagged is None:
        assert found == []
    else:
        assert any(flagged in f.message and seed in f.citation for f in found), found


def test_iss_needs_its_companions_and_yro_length():
    data = {"order": {"type": "yro_iss", "made": "2026-11-01", "months": 40}, "requirements": [{"id": "iss", "days": 120}]}
    msgs = [f.message for f in pc.order_checks(data, REF, date(2010, 1, 1))]
    assert any("at most three years" in m for m in msgs)
    assert any("Supervision requirement alongside" in m for m in msgs)


def test_reviews_countersign_and_half_way():
    data = {"order": {"type": "yro", "made": "2026-01-10", "months": 12},
            "reviews": [{"date": "2026-04-10", "reason": "change", "changed": "", "progress": "good"}]}
    found = {f.rule: f for f in pc.review_checks(data, TODAY, ["national", "enfield"])}
    assert "overdue since 10/07/2026" in found["plan.review_due"].message and "L1218" in found["plan.review_due"].citation
    assert "L1234" in found["plan.review_change"].citation
    assert "L547" in found["plan.review_countersign"].citation
    assert "Half-way point passed" in found["plan.early_revocation"].message and "L1598" in found["plan.early_revocation"].citation
    assert "L12" in found["plan.assetplus_review"].citation
    assert pc.halfway(data) == date(2026, 7, 11)


def test_a_plan_with_no_order_date_asks_for_it_so_the_review_reaches_the_board():
    """Issue 23: the plan review appeared only once "Date the order was made" was typed, and nothing asked for it
    (seed 002 L1218: reviewed at least once every three months)."""
    found = [f for f in pc.review_checks({"order": {"type": "yro"}}, TODAY, ["national"]) if f.rule == "plan.review_due"]
    assert found and found[0].severity.value == "action" and "date the order was made" in found[0].message
    assert "L1218" in found[0].citation
    dated = [f for f in pc.review_checks({"order": {"made": "2026-01-10"}}, TODAY, ["national"])
             if f.rule == "plan.review_due"]
    assert dated and "date the order was made" not in dated[0].message
