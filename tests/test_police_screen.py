"""The police view, driven by keys: the role chosen in Settings changes the start screen and the function keys;
a child on ISS whose weekly police contact was missed shows overdue on the board (Kent SOP, seed 000 L32)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from textual.widgets import DataTable, Select

from tests.waits import workers_done
from yjtui.screens.board import BoardScreen
from yjtui.screens.case_list import CaseListScreen
from yjtui.screens.police import PoliceScreen
from yjtui.screens.settings import SettingsScreen
from yjtui.store import CaseRecord, Child, Event

SIZE = (120, 40)


def _board_rows(app) -> list[list[str]]:
    table = app.screen.query_one("#deadlines", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def _board_read(app, pilot) -> None:
    """The board reads the caseload in a thread: wait until it has."""
    for _ in range(500):
        if app.screen.collected is not None and not app.screen.reading:
            await pilot.pause()
            return
        await workers_done(app)
        await pilot.pause()
    raise AssertionError("the board did not finish reading")


def _shown_keys(app) -> set[str]:
    return {key for key, b in app.screen.active_bindings.items() if b.enabled and key.startswith("f")}


# The role here is chosen in Settings, as on a laptop's store; on a team server the server's login gives the role
# (tests/test_team_server.py tries each role there), so these walks are about the local store.
@pytest.mark.sqlite_only
async def test_iss_missed_weekly_police_contact_is_overdue_on_the_board(store, make_app):
    store.set_setting("role", "police_officer")
    store.set_local_packs(["kent"])  # the police side of ISS is Kent Police's procedure (seed 000)
    child = store.add(Child(given_name="Frankie", family_name="Example", date_of_birth=date(2009, 7, 1)))
    # On ISS since Monday 2 November (set up directly); the contact is logged by keys below.
    store.add(CaseRecord(child_id=child.id, kind="iss",
                         data=json.dumps({"basis": "yro", "started_on": "2026-11-02", "intel_report_submitted": True})))
    store.add(Event(child_id=child.id, type="iss_started", at=datetime(2026, 11, 2)))
    app = make_app()  # today: Monday 23 November 2026
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)  # the police role starts on its tasks
        app.open_child(child.id)
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, PoliceScreen)
        await pilot.press("ctrl+t")  # log the home visit of Tuesday 10 November
        await pilot.pause()
        await pilot.press("ctrl+u", *"10/11/2026", "tab", "tab", *"calm", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PoliceScreen)
        assert app.screen.query_one("#contacts", DataTable).row_count == 1
        deadlines = str(app.screen.query_one("#police-deadlines").render())
        assert "OVERDUE 17/11/2026  ISS police home visit or face-to-face contact (weekly unless reduced with the Unit Lead's agreement)" in deadlines
        await pilot.press("f5")
        await pilot.pause()
        await _board_read(app, pilot)
        rows = _board_rows(app)
        # Columns: status, due, child, task; the basis and citation of the highlighted row sit under the table.
        contact = [r for r in rows if "ISS police home visit" in r[3]]
        # The first week's contact (due 9/11) was answered by the visit; the next (due 17/11) was missed.
        assert [(r[0], r[1]) for r in contact] == [("OVERDUE", "17/11/2026")]
        table = app.screen.query_one("#deadlines", DataTable)
        table.move_cursor(row=rows.index(contact[0]))
        await pilot.pause()
        assert "seed 000 L32" in str(app.screen.query_one("#board-detail").render())
        assert all(r[3].startswith(("ISS", "DYO", "Host YOT")) for r in rows)  # police tasks only
        assert "(police tasks)" in str(app.screen.query_one("#board-status").render())


@pytest.mark.sqlite_only
async def test_role_chosen_in_settings_changes_start_screen_and_function_keys(store, make_app):
    child = store.add(Child(given_name="Frankie", family_name="Example"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CaseListScreen)  # the case manager starts on the case list
        assert {"f2", "f3", "f4", "f9", "f10"} <= _shown_keys(app)
        await pilot.press("ctrl+p", *"Settings", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        for _ in range(4):  # past the name field
            if app.focused is not None and app.focused.id == "role":
                break
            await pilot.press("tab")
        role = app.focused
        assert isinstance(role, Select) and role.id == "role"
        values = [v for _label, v in role._options]
        await pilot.press("enter", "home", *["down"] * values.index("police_officer"), "enter")
        await pilot.pause()
        assert store.get_setting("role") == "police_officer"
        await pilot.press("escape")
        await pilot.pause()
        keys = _shown_keys(app)
        assert {"f5", "f6", "f9", "f10"} <= keys and not keys & {"f2", "f3", "f4"}
        app.open_child(child.id)
        await pilot.pause()
        await pilot.press("f3")  # court duty is not a police officer's (seed 001 L420): nothing opens
        await pilot.pause()
        assert type(app.screen).__name__ == "ChildScreen"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)  # next start: the police tasks
