"""The out-of-court decision screen (F9), driven by keys: a burglary with one aggravating factor, a second formal
disposal, to a Youth Caution that needs a YJS assessment first (seed 002 L9609, L8466, L8652, L22217)."""

from __future__ import annotations

import json
from datetime import date, datetime

from textual.widgets import Select

from yjtui.casework import police
from yjtui.screens.oocd import OocdScreen
from yjtui.store import CaseRecord, Child

SIZE = (120, 40)


def _child(store) -> Child:
    child = store.add(Child(given_name="Frankie", family_name="Example", date_of_birth=date(2010, 3, 14)))
    # A first Youth Caution already recorded (set up directly: the keys are not what this part tests).
    store.add(CaseRecord(child_id=child.id, kind="oocd", status="complete", author="PC Example",
                         completed_at=datetime(2026, 5, 1, 10, 0),
                         data=json.dumps({"offence": "Theft - up to £100 in value", "gravity_score": 2,
                                          "adjustment": 0, "decision": "youth_caution"})))
    return child


async def _tab_to(pilot, app, widget_id: str) -> None:
    for _ in range(40):
        if app.focused is not None and app.focused.id == widget_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"tab never reached #{widget_id} (at {app.focused})")


async def _pick(pilot, app, widget_id: str, value) -> None:
    """Tab to a select, open it, move to the option, enter."""
    await _tab_to(pilot, app, widget_id)
    select = app.focused
    assert isinstance(select, Select)
    values = [v for _label, v in select._options]  # the blank prompt first
    await pilot.press("enter", "home", *["down"] * values.index(value), "enter")
    await pilot.pause()
    assert select.value == value


async def open_f9(pilot, app, child) -> None:
    """The child's out-of-court screen open, the cursor in the offence search (waited for, never a fixed time)."""
    from tests.waits import until

    app.open_child(child.id)
    await until(pilot, lambda: type(app.screen).__name__ == "ChildScreen", "the child")
    await pilot.press("f9")
    await until(pilot, lambda: isinstance(app.screen, OocdScreen) and app.focused is not None
                and app.focused.id == "offence-search", "the offence search")


def _panel(app) -> str:
    return str(app.screen.query_one("#oocd-summary").render())


async def test_burglary_with_one_aggravating_factor_to_a_youth_caution_after_a_yjs_assessment(store, make_app):
    child = _child(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_child(child.id)
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OocdScreen) and app.focused.id == "offence-search"
        # Search the matrix; one enter picks the first hit (issue 23: it took two): Burglary Non-Dwelling, score 3
        # (seed 002 L9609).
        await pilot.press(*"burglary non", "enter")
        await pilot.pause()
        assert screen.data["offence"] == "Burglary Non-Dwelling" and screen.data["gravity_score"] == 3
        assert app.focused.id == "aggravating"
        await pilot.press("space")  # one aggravating factor: deliberate targeting of victim
        await pilot.pause()
        assert screen.data["aggravating"] == ["Deliberate targeting of victim/ vulnerable victim"]
        assert "1 recorded here" in str(screen.query_one("#previous_formal_oocd-msg").render())
        # The factor is weighed but does not move the score: adjustment 0 (seed 002 L8466).
        await _pick(pilot, app, "adjustment", 0)
        await pilot.press("tab", "1", "enter")  # previous formal disposals: 1 (enter moves on)
        await _pick(pilot, app, "police_concerns", "no")
        await _pick(pilot, app, "indictable_only", "no")
        await _pick(pilot, app, "admits", "yes")
        await _pick(pilot, app, "decision", "youth_caution")
        panel = _panel(app)
        assert "3 + 0 = 3" in panel
        assert "Normally leads to: Youth Caution, Youth Conditional Caution, Charge" in panel  # seed 002 L8652
        assert "YJS assessment needed before the decision: YES" in panel  # seed 002 L22217
        assert "CPS authority needed: no" in panel
        findings = str(screen.query_one("#oocd-findings").render())
        assert "Factors ticked but the score is unchanged" in findings and "L8466" in findings
        assert "A YJS assessment is required before the final decision (1 previous formal disposal)" in findings
        # Not recordable until the YJS assessment is done (CR-18: "prior to making the final decision").
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert screen.record.status == "draft"
        await _pick(pilot, app, "yjs_assessment_done", "yes")
        await _pick(pilot, app, "child_agrees", "yes")
        await _pick(pilot, app, "parent_agrees", "yes")
        await pilot.press("ctrl+o")
        await pilot.pause()
        store.reload(screen.record)
        saved = police.data_of(screen.record)
        assert (screen.record.status, screen.record.author) == ("complete", store.who)
        assert saved["decision"] == "youth_caution" and saved["adjustment"] == 0 and saved["yjs_assessment_done"]
        assert "Recorded" in str(screen.query_one("#oocd-status").render())
        assert police.previous_formal(store, child.id) == 2
        # Read-only now; ctrl+n starts the next decision.
        assert screen.query_one("#decision").disabled
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.record is None and screen.data == {} and not screen.query_one("#decision").disabled


async def test_down_from_the_search_goes_to_the_offences_as_on_the_court_screen(store, make_app):
    """Walk finding: on the court screen a charge is picked with down then enter; here down did nothing."""
    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2011, 3, 14)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_f9(pilot, app, child)
        await pilot.press(*"burglary non", "down", "enter")
        await pilot.pause()
        assert app.screen.data["offence"] == "Burglary Non-Dwelling" and app.focused.id == "aggravating"


async def test_one_enter_picks_the_highlighted_offence(store, make_app):
    """Issue 23: F9's offence pick needed two enters (the first only moved to the list)."""
    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2011, 3, 14)))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_f9(pilot, app, child)
        await pilot.press(*"burglary non", "enter")
        await pilot.pause()
        assert app.screen.data["offence"] == "Burglary Non-Dwelling" and app.focused.id == "aggravating"
        assert app.screen.data["aggravating"] == []  # the enter ticked nothing on its way


async def test_a_search_with_no_offence_says_so_and_keeps_the_cursor_in_it(store, make_app):
    """Walk finding: "possession of a bladed" matched nothing; Enter (or Down) took the cursor into the empty list,
    and what was typed next went nowhere."""
    from tests.waits import until

    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2011, 3, 14)))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_f9(pilot, app, child)
        await pilot.press(*"bladed", "enter", "down")
        await pilot.pause()
        assert app.focused.id == "offence-search"
        assert 'contains "bladed"' in str(app.screen.query_one("#offence-none").render())
        await pilot.press("backspace", "backspace", "enter")
        await until(pilot, lambda: app.screen.data.get("offence", "").startswith("Possession of Sharp Pointed"),
                    "the blade picked")
        assert str(app.screen.query_one("#offence-none").render()) == ""
