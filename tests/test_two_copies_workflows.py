"""Two copies of yjtui with one child's plan or risk assessment open: what only one copy changed is kept from both,
and where both changed the same entry the user is asked (keep mine / take theirs), nothing saved meanwhile.

The plan's `data` and an assessment draft's entries merge key by key (`casework.merge`, `screens.conflict`); on a
team server the two copies are a case manager's and a manager's logins.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from textual.widgets import Input, Select, Static

from tests.test_two_copies import _copies
from tests.waits import until
from yjtui.app import YjtuiApp
from yjtui.casework import plans
from yjtui.screens.conflict import ConflictScreen
from yjtui.screens.plan import PlanScreen
from yjtui.screens.risk import RiskScreen
from yjtui.store import Assessment, Child, Plan, Store

TODAY = date(2026, 11, 23)
SIZE = (120, 40)
# The same-entry tests run on both engines (two users on a server see the question); the rest on SQLite (CI time).


async def _open(pilots, apps, child_id: int, key: str, screen_type) -> None:
    for pilot, app in zip(pilots, apps):
        app.open_child(child_id)
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, screen_type)


async def _type(pilot, app, field: str, text: str) -> None:
    """Type into a field (what was there is replaced) and leave it: leaving saves at once."""
    box = app.screen.query_one(f"#{field}", Input)
    box.focus()
    await pilot.pause()
    assert app.focused is box
    box.value = ""
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text], "tab")
    await pilot.pause()


async def _pick(pilot, app, field: str, value: str) -> None:
    screen = app.screen
    select = screen.query_one(f"#{field}", Select)
    select.focus()
    select.value = value
    await pilot.pause()  # the pick is taken in; it saves straight after the findings are drawn
    await until(pilot, lambda: not screen._pending, "the pick saved")



async def _question(pilot, app) -> str:
    """The question this copy asks, once it is on screen (CI under load took more than 10 s)."""
    await until(pilot, lambda: isinstance(app.screen, ConflictScreen) and bool(app.screen.query("#conflict-text")),
                "the question about the other copy's change")
    return str(app.screen.query_one("#conflict-text", Static).render())


# --- the plan -------------------------------------------------------------------------------------------------------

def _child_with_a_plan(setup) -> Child:
    child = setup.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2009, 3, 14)))
    setup.add(plans.open_plan(setup, child.id, "A. Worker"))  # as the first copy to change the plan stores it
    return child


def _plan_setup(store_location):
    setup = Store(store_location)
    child = _child_with_a_plan(setup)
    store_a, store_b = _copies(store_location)
    return setup, child, YjtuiApp(store_a, today=TODAY), YjtuiApp(store_b, today=TODAY)


def _plan(setup, child) -> dict:
    return json.loads(setup.records(Plan, child.id)[-1].data)


async def test_plan_different_entries_changed_in_two_copies_are_both_kept_unasked(store_location):
    setup, child, a, b = _plan_setup(store_location)
    async with a.run_test(size=SIZE) as pa, b.run_test(size=SIZE) as pb:
        await _open((pa, pb), (a, b), child.id, "f4", PlanScreen)
        await _type(pb, b, "per_month", "6")  # copy B saves first
        await until(pb, lambda: _plan(setup, child)["contacts"] == {"per_month": 6}, "B saved 6")
        assert _plan(setup, child)["contacts"] == {"per_month": 6}
        await _type(pa, a, "statutory_per_week", "2")  # copy A still holds the plan as it read it
        assert isinstance(a.screen, PlanScreen)  # no question: they changed different things
        assert _plan(setup, child)["contacts"] == {"per_month": 6, "statutory_per_week": 2}
        assert a.screen.query_one("#per_month", Input).value == "6"  # theirs shown in this copy
        assert a.screen.data["contacts"] == {"per_month": 6, "statutory_per_week": 2}
        await _type(pa, a, "case_manager", "B. Worker")  # and the next save keeps theirs too
        assert _plan(setup, child)["contacts"] == {"per_month": 6, "statutory_per_week": 2}
        assert _plan(setup, child)["case_manager"] == "B. Worker"


async def test_two_copies_starting_a_new_plan_work_on_one_and_keep_both_entries(store_location):
    """The plan is made with the first change, not on opening (issue 23): a copy that opened it before the other
    stored it takes that plan up, its entries merged, never a second plan."""
    setup = Store(store_location)
    child = setup.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2009, 3, 14)))
    store_a, store_b = _copies(store_location)
    a, b = YjtuiApp(store_a, today=TODAY), YjtuiApp(store_b, today=TODAY)
    async with a.run_test(size=SIZE) as pa, b.run_test(size=SIZE) as pb:
        await _open((pa, pb), (a, b), child.id, "f4", PlanScreen)
        assert a.screen.plan.id is None and b.screen.plan.id is None
        await _type(pb, b, "per_month", "6")
        await until(pb, lambda: setup.records(Plan, child.id) and _plan(setup, child)["contacts"] == {"per_month": 6},
                    "B stored the plan")
        await _type(pa, a, "statutory_per_week", "2")
        await until(pa, lambda: _plan(setup, child)["contacts"].get("statutory_per_week") == 2, "A's entry saved")
        assert len(setup.records(Plan, child.id)) == 1
        assert _plan(setup, child)["contacts"] == {"per_month": 6, "statutory_per_week": 2}


@pytest.mark.both_engines
async def test_plan_same_entry_changed_in_two_copies_asks_and_the_answer_decides(store_location):
    setup, child, a, b = _plan_setup(store_location)
    async with a.run_test(size=SIZE) as pa, b.run_test(size=SIZE) as pb:
        await _open((pa, pb), (a, b), child.id, "f4", PlanScreen)
        plan_a = a.screen
        await _type(pb, b, "per_month", "6")
        await until(pb, lambda: _plan(setup, child)["contacts"] == {"per_month": 6}, "B saved 6")
        await _type(pa, a, "per_month", "9")
        text = await _question(pa, a)
        assert "Planned contacts a month\n  was (blank)\n  theirs: 6\n  yours:  9" in text
        # Nothing saves while the question is open: the field's save timer fires with more typed.
        plan_a.query_one("#per_month", Input).value = "10"
        plan_a._save_field("per_month")
        plan_a.flush()
        assert _plan(setup, child)["contacts"] == {"per_month": 6}
        await pa.press("t")  # take theirs
        await pa.pause()
        assert a.screen is plan_a
        assert _plan(setup, child)["contacts"] == {"per_month": 6}
        assert plan_a.query_one("#per_month", Input).value == "6"
        assert plan_a.data["contacts"] == {"per_month": 6}

        await _type(pb, b, "per_month", "7")  # again, and this time keep mine
        await until(pb, lambda: _plan(setup, child)["contacts"] == {"per_month": 7}, "B saved 7")
        await _type(pa, a, "per_month", "8")
        text = await _question(pa, a)
        assert "theirs: 7\n  yours:  8" in text, text
        await pa.press("k")
        await pa.pause()
        assert a.screen is plan_a
        assert _plan(setup, child)["contacts"] == {"per_month": 8}
        assert plan_a.query_one("#per_month", Input).value == "8"


# --- the risk assessment ----------------------------------------------------------------------------------------------

def _child_with_a_rosh_draft(setup) -> Child:
    child = setup.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2010, 3, 14)))
    behaviour = {"description": "Assault on a rival", "setting": "community", "likelihood": "possible",
                 "impact": "major", "at_risk": "", "imminence": "not imminent"}
    setup.add(Assessment(child_id=child.id, kind="rosh", status="draft", final="medium", suggested="medium",
                         data=json.dumps({"behaviours": [behaviour], "evidence": ""})))
    return child


def _risk_setup(store_location):
    setup = Store(store_location)
    child = _child_with_a_rosh_draft(setup)
    store_a, store_b = _copies(store_location)
    return setup, child, YjtuiApp(store_a, today=TODAY), YjtuiApp(store_b, today=TODAY)


def _draft(setup, child) -> Assessment:
    return setup.records(Assessment, child.id)[-1]


async def test_risk_different_entries_changed_in_two_copies_are_both_kept_unasked(store_location):
    setup, child, a, b = _risk_setup(store_location)
    async with a.run_test(size=SIZE) as pa, b.run_test(size=SIZE) as pb:
        await _open((pa, pb), (a, b), child.id, "f2", RiskScreen)
        await _type(pb, b, "rosh-evidence", "Police report")  # copy B saves first
        await until(pb, lambda: json.loads(_draft(setup, child).data)["evidence"] == "Police report", "B saved")
        assert json.loads(_draft(setup, child).data)["evidence"] == "Police report"
        await _pick(pa, a, "rosh-final", "high")  # copy A: the judgement and its rationale
        await _type(pa, a, "rosh-rationale", "Weapon found")
        assert isinstance(a.screen, RiskScreen)  # no question
        saved = _draft(setup, child)
        assert json.loads(saved.data)["evidence"] == "Police report"
        assert (saved.final, saved.rationale) == ("high", "Weapon found")
        assert a.screen.query_one("#rosh-evidence", Input).value == "Police report"  # theirs shown here
        assert a.screen.query_one("#rosh-final", Select).value == "high"
        assert a.screen.drafts["rosh"].data["evidence"] == "Police report"


@pytest.mark.both_engines
async def test_risk_same_entry_changed_in_two_copies_asks_and_the_answer_decides(store_location):
    setup, child, a, b = _risk_setup(store_location)
    async with a.run_test(size=SIZE) as pa, b.run_test(size=SIZE) as pb:
        await _open((pa, pb), (a, b), child.id, "f2", RiskScreen)
        risk_a = a.screen
        await _type(pb, b, "rosh-evidence", "Police report")
        await until(pb, lambda: json.loads(_draft(setup, child).data)["evidence"] == "Police report", "B saved")
        await _type(pa, a, "rosh-evidence", "School report")
        text = await _question(pa, a)
        assert "Evidence for the judgement\n  was (blank)\n  theirs: Police report\n  yours:  School report" in text
        # Nothing saves while the question is open (a save timer fires, the screen is flushed).
        risk_a.query_one("#rosh-evidence", Input).value = "School report, March"
        risk_a._save("rosh")
        risk_a.flush()
        assert json.loads(_draft(setup, child).data)["evidence"] == "Police report"
        await pa.press("t")  # take theirs
        await pa.pause()
        assert a.screen is risk_a
        assert json.loads(_draft(setup, child).data)["evidence"] == "Police report"
        assert risk_a.query_one("#rosh-evidence", Input).value == "Police report"
        await pa.pause(0.5)  # a save timer left over must not write the discarded text after all
        assert json.loads(_draft(setup, child).data)["evidence"] == "Police report"

        await _pick(pb, b, "rosh-final", "high")  # the judgement, both, and this time keep mine
        await until(pb, lambda: _draft(setup, child).final == "high", "B saved high")
        await _pick(pa, a, "rosh-final", "very_high")
        text = await _question(pa, a)
        assert "Your RoSH judgement\n  was medium\n  theirs: high\n  yours:  very_high" in text
        await pa.press("k")
        await pa.pause(0.1)
        assert a.screen is risk_a
        saved = _draft(setup, child)
        assert saved.final == "very_high"
        assert json.loads(saved.data)["evidence"] == "Police report"
        assert risk_a.query_one("#rosh-final", Select).value == "very_high"


# --- leaving the screen -----------------------------------------------------------------------------------------------

def _other_copy_changes_child(setup, child_id):
    setup.update(setup.get(Child, child_id), "family_name", "Example-Sample")


def _other_copy_changes_plan(setup, child_id):
    plan = setup.records(Plan, child_id)[-1]
    setup.update(plan, "data", json.dumps({**json.loads(plan.data), "contacts": {"per_month": 6}}))


def _other_copy_changes_risk(setup, child_id):
    draft = setup.records(Assessment, child_id)[-1]
    setup.update(draft, "data", json.dumps({**json.loads(draft.data), "evidence": "Police report"}))


@pytest.mark.parametrize("key, field, other_copy", [
    (None, "given_name", _other_copy_changes_child),
    ("f4", "per_month", _other_copy_changes_plan),
    ("f2", "rosh-evidence", _other_copy_changes_risk),
], ids=["child", "plan", "risk"])
async def test_leaving_with_a_change_that_meets_another_copys_waits_for_the_answer(tmp_path, key, field, other_copy):
    """Escape saves what is waiting; when that meets another copy's change, the question opens and stays: leaving
    had closed it unanswered, and every later save was then held for an answer that could never come."""
    path = tmp_path / "one.db"
    setup = Store(path)
    child_id = (_child_with_a_rosh_draft if key == "f2" else _child_with_a_plan)(setup).id
    app = YjtuiApp(Store(path), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        app.open_child(child_id)
        await pilot.pause()
        if key:
            await pilot.press(key)
        await pilot.pause(0.5)  # the screen is open and settled
        screen = app.screen
        other_copy(setup, child_id)
        box = screen.query_one(f"#{field}", Input)
        box.focus()
        await pilot.pause()
        await pilot.press("end", "7", "escape")  # left before the save timer fires
        await _question(pilot, app)
        await pilot.press("k")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")  # answered: leaving works, and nothing is held any more
        await pilot.pause()
        assert app.screen is not screen and not isinstance(app.screen, ConflictScreen)


async def test_completing_waits_when_saving_first_brings_in_another_copys_change(tmp_path):
    """Completing saves what is waiting first; when that merges in another copy's change, the practitioner sees the
    assessment as it now is before it is completed (a second ctrl+o completes it)."""
    path = tmp_path / "one.db"
    setup = Store(path)
    child = _child_with_a_rosh_draft(setup)
    app = YjtuiApp(Store(path), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        app.open_child(child.id)
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause(0.5)
        screen = app.screen
        _other_copy_changes_risk(setup, child.id)
        screen.query_one("#rosh-rationale", Input).focus()
        await pilot.pause()
        await pilot.press("x", "ctrl+o")  # completed before the rationale's save timer fires
        await pilot.pause()
        draft = _draft(setup, child)
        assert draft.status == "draft"
        assert (json.loads(draft.data)["evidence"], draft.rationale) == ("Police report", "x")  # both kept
        assert screen.query_one("#rosh-evidence", Input).value == "Police report"
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert _draft(setup, child).status == "complete"
