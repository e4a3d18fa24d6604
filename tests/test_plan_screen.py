"""The plan screen, driven by keys: Enfield minimums or the national questions, coverage, requirement limits,
reviews and the countersign."""

from __future__ import annotations

import json
from datetime import date, datetime

from textual.widgets import Input, Select, SelectionList, Static

from yjtui.screens.plan import PlanScreen
from yjtui.screens.forms import FormModal, NameModal
from yjtui.store import Assessment, Child, Event, Plan

from tests.waits import until

SIZE = (160, 50)


def _child(store, packs):
    store.set_local_packs(packs)
    c = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2009, 3, 14)))
    store.add(Assessment(child_id=c.id, kind="rosh", final="high", status="complete",
                         completed_at=datetime(2026, 11, 1),
                         data=json.dumps({"behaviours": [{"description": "robbery of younger children"}]})))
    store.add(Assessment(child_id=c.id, kind="swb", final="medium", status="complete",
                         completed_at=datetime(2026, 11, 1), data=json.dumps({"risk_factors": ["bereavement"]})))
    store.add(Assessment(child_id=c.id, kind="lor", final="medium", status="complete",
                         completed_at=datetime(2026, 11, 1), data=json.dumps({"yogrs_percent": 50})))
    return c


def _checks(app) -> str:
    return str(app.screen.query_one("#checks", Static).render())


def _plan(store, child) -> dict:
    return json.loads(store.records(Plan, child.id)[-1].data)


async def _open_plan(app, pilot, child):
    app.open_child(child.id)
    await pilot.pause()
    await pilot.press("f4")
    await pilot.pause()
    assert isinstance(app.screen, PlanScreen)


async def _type_into(pilot, app, field, text):
    widget = app.screen.query_one(f"#{field}", Input)
    widget.focus()
    widget.value = ""
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])
    await pilot.press("tab")
    await pilot.pause()


async def test_enfield_warns_below_the_minimum_until_met(store, make_app):
    child = _child(store, ["enfield"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_plan(app, pilot, child)
        assert not app.screen.query("#q_duration")  # Enfield: the level, not the eight questions
        await _type_into(pilot, app, "order_made", "01/11/2026")
        await _type_into(pilot, app, "per_month", "6")
        await until(pilot, lambda: "WARNING 6 planned contacts a month is below the Enfield minimum of 8"
                    in _checks(app), "the warning below the minimum")
        assert "seed 002 L63, L86" in _checks(app)
        await until(pilot, lambda: _plan(store, child)["contacts"].get("per_month") == 6, "6 saved")
        await _type_into(pilot, app, "per_month", "abc")  # a slip: refused at the field, kept, not saved
        field = app.screen.query_one("#per_month", Input)
        assert field.value == "abc" and field.has_class("-in-error")
        assert "whole number" in str(app.screen.query_one("#per_month-msg", Static).render())
        assert _plan(store, child)["contacts"]["per_month"] == 6
        await _type_into(pilot, app, "per_month", "8")
        await until(pilot, lambda: "8 planned contacts a month meets the Enfield minimum of 8" in _checks(app),
                    "the minimum met")
        assert "below the Enfield minimum" not in _checks(app)
        await until(pilot, lambda: _plan(store, child)["contacts"].get("per_month") == 8, "8 saved")
        # the order became an event: the board gets its deadlines
        assert [e.type for e in store.records(Event, child.id)] == ["order_made"]


async def test_national_shows_the_eight_questions_instead(store, make_app):
    child = _child(store, [])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_plan(app, pilot, child)
        assert len(app.screen.query(".question-input")) == 8
        assert not app.screen.query("#level")
        assert "Answer the contact-frequency questions 1, 2, 3, 4, 5, 6, 7, 8" in _checks(app)
        await _type_into(pilot, app, "q_duration", "12 month YRO")
        assert "questions 2, 3" in _checks(app)
        assert _plan(store, child)["questions"]["duration"] == "12 month YRO"
        await _type_into(pilot, app, "statutory_per_week", "3")
        assert "above the suggested maximum of two a week" in _checks(app) and "L2146" in _checks(app)


async def test_uncovered_risk_factor_listed_until_an_item_covers_it(store, make_app):
    child = _child(store, ["enfield"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_plan(app, pilot, child)
        uncovered = app.screen.query_one("#uncovered", Static)
        # Each gap is listed once, in the checks with its source; the form says how many.
        assert "SWB: Recent bereavement" in _checks(app) and "RoSH: robbery of younger children" in _checks(app)
        assert str(uncovered.render()).startswith("2 not yet covered")
        assert "Recent bereavement" not in str(uncovered.render())
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        await pilot.press("ctrl+s")  # blank "what": refused at the field, the form stays open
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert "cannot be blank" in str(app.screen.query_one("#m-what", Static).render())
        await pilot.press(*"Bereavement counselling".replace(" ", "_"))
        app.screen.query_one("#f-kind", Select).value = "statutory"
        app.screen.query_one("#f-area", Select).value = "mental_health"
        app.screen.query_one("#f-covers", SelectionList).select("swb:bereavement")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        assert "Not yet covered by a plan item: SWB: Recent bereavement" not in _checks(app)
        assert "RoSH: robbery of younger children" in _checks(app)
        assert str(uncovered.render()).startswith("1 not yet covered")
        checks = _checks(app)
        assert "should be voluntary" in checks and "L2148" in checks  # mental health made statutory
        assert _plan(store, child)["items"][0]["covers"] == ["swb:bereavement"]


async def test_requirement_outside_its_limits_is_flagged_with_its_citation(store, make_app):
    child = _child(store, ["enfield"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_plan(app, pilot, child)
        await _type_into(pilot, app, "order_made", "01/11/2026")
        app.screen.query_one("#order_type", Select).value = "yro"
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        app.screen.query_one("#f-id", Select).value = "unpaid-work"
        hours = app.screen.query_one("#f-hours", Input)
        hours.focus()
        await pilot.press("9", "9", "9", "ctrl+s")  # a slip, not a limit: refused, kept
        await pilot.pause()
        assert isinstance(app.screen, FormModal) and hours.value == "999"
        assert "more than 500" in str(app.screen.query_one("#m-hours", Static).render())
        hours.value = "300"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        checks = _checks(app)
        assert "Unpaid Work requirement: 300 hours is above the maximum of 240." in checks
        assert "seed 002 L3372" in checks
        row = [str(c) for c in app.screen.query_one("#requirements").get_row_at(0)]
        assert row[2].startswith("OUTSIDE LIMITS") and "L3372" in row[2]
        event = store.records(Event, child.id)[-1]
        assert json.loads(event.data)["unpaid_work"] is True


async def test_review_recorded_and_countersigned(store, make_app):
    child = _child(store, ["enfield"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_plan(app, pilot, child)
        await _type_into(pilot, app, "order_made", "01/08/2026")
        await pilot.press("ctrl+t")
        await pilot.pause()
        app.screen.query_one("#f-reason", Select).value = "change"
        app.screen.query_one("#f-changed", Input).value = "Moved to supported accommodation"
        app.screen.query_one("#f-progress", Input).value = "Attending college"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "awaiting a manager's countersignature" in _checks(app)
        await pilot.press("ctrl+o")  # the case manager's role may not countersign (seed 002 L547, issue 14)
        await pilot.pause()
        assert not isinstance(app.screen, NameModal)
        app.set_role("manager")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, NameModal)
        await pilot.press(*"Manager", "enter")
        await pilot.pause()
        review = _plan(store, child)["reviews"][0]
        assert review["countersigned_by"] == "Manager" and review["changed"].startswith("Moved")
        assert "awaiting a manager" not in _checks(app)
        assert "Plan review due by 23/02/2027" in _checks(app)
        assert "plan_reviewed" in [e.type for e in store.records(Event, child.id)]


async def test_looking_at_the_plan_makes_no_plan_the_first_change_does(store, make_app):
    """Issue 23: opening F4 created a plan just by looking; now it is made with the first change."""
    child = _child(store, [])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_plan(app, pilot, child)
        assert app.screen.plan.id is None
        await pilot.press("escape")
        await pilot.pause()
        assert store.records(Plan, child.id) == []
        assert not [a for a in store.audit_entries(child.id) if a.record == "plan"]
        await _open_plan(app, pilot, child)
        await _type_into(pilot, app, "q_duration", "12 month YRO")
        [plan] = store.records(Plan, child.id)
        assert app.screen.plan.id == plan.id and _plan(store, child)["questions"]["duration"] == "12 month YRO"
        assert _plan(store, child)["case_manager"] == store.who


async def test_the_review_is_never_countersigned_by_who_recorded_it(store, make_app):
    """Issue 26: the plan's review goes through sign_off's one rule about the author (seed 002 L547): a manager who
    recorded the review may not countersign it; another manager may."""
    child = _child(store, ["enfield"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.set_role("manager")
        await _open_plan(app, pilot, child)
        await pilot.press("ctrl+t")
        await until(pilot, lambda: isinstance(app.screen, FormModal), "the review's form")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, PlanScreen) and _plan(store, child).get("reviews"),
                    "the review recorded")
        assert _plan(store, child)["reviews"][0]["recorded_by"] == store.who
        for name in (f"  {store.who.upper()} ", "Mo Manager"):
            await pilot.press("ctrl+o")
            await until(pilot, lambda: isinstance(app.screen, NameModal), "the countersign question")
            app.screen.query_one("#name", Input).value = name
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, PlanScreen), "back on the plan")
            if name != "Mo Manager":
                await pilot.pause()
                assert "countersigned_by" not in _plan(store, child)["reviews"][0]
                assert "awaiting a manager's countersignature" in _checks(app)
        await until(pilot, lambda: _plan(store, child)["reviews"][0].get("countersigned_by") == "Mo Manager",
                    "signed by another manager")
