"""Bring in a caseload on screen (the palette; administrators and managers): the file and mapping chosen by keys, a
preview in counts, bad rows by line and reason with nothing imported, a clean file imported in a worker with
progress. The same checks and the same import as `yjtui import children` (casework/caseload_import.py)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable, ProgressBar, Static

from tests.waits import until
from yjtui.screens.case_list import CaseListScreen
from yjtui.screens.caseload_import import CaseloadImportScreen
from yjtui.store import Child

SIZE = (120, 40)
HEAD = ["yjs_ref", "given_name", "family_name", "date_of_birth", "sex", "looked_after"]


@pytest.fixture(autouse=True)
def _no_animation(monkeypatch):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEAD)
        w.writerows(rows)
    return path



async def _type(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


def _text(app) -> str:
    """Everything the screen shows in words: the preview, the message and the table of lines."""
    words = [str(w.render()) for w in app.screen.query(Static)]
    table = app.screen.query_one("#import-lines", DataTable)
    words += [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
    return "\n".join(words)


def _msg(app) -> str:
    return str(app.screen.query_one("#import-msg", Static).render())


async def _open_from_the_palette(pilot) -> None:
    app = pilot.app
    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
    await _type(pilot, "Bring in a caseload")
    await until(pilot, lambda: "Bring in a caseload" in str(app.screen.query_one("CommandList").get_option_at_index(0).prompt)
                 if app.screen.query_one("CommandList").option_count else False, "the palette's entry")
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, CaseloadImportScreen), "the import screen")


async def test_a_clean_file_is_checked_then_imported_with_progress(store, make_app, tmp_path):
    store.set_setting("role", "administrator")
    store.add(Child(given_name="Ash", family_name="Example", yjs_ref="YJ1"))
    f = _csv(tmp_path / "caseload.csv", [["YJ1", "Ash", "Example-Changed", "14/03/2011", "Female", "s20"],
                                         ["YJ2", "Bo", "Sample", "2010-06-01", "", ""],
                                         ["YJ3", "Cal", "Test", "05/01/2010", "Male", ""]])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_from_the_palette(pilot)
        await _type(pilot, str(f))
        await pilot.press("enter")
        await until(pilot, lambda: "ctrl+o imports" in _msg(app), "the preview")
        shown = _text(app)
        assert "caseload.csv: 3 rows" in shown and "2 new children, 1 already here" in shown
        for detail in ("Ash", "Bo", "Cal", "Example", "Sample", "14/03/2011", "YJ2"):
            assert detail not in shown  # counts and columns, never a child's name or value
        assert store.search("", limit=10)[1] == 1  # nothing imported by the check
        await pilot.press("ctrl+o")
        await until(pilot, lambda: "Imported:" in _msg(app), "the import")
        assert "2 added, 1 updated, 0 unchanged" in _msg(app)
        bar = app.screen.query_one("#import-progress", ProgressBar)
        assert bar.total == 3 and bar.progress == 3
        kids = {r.yjs_ref: store.get(Child, r.id) for r in store.search("", limit=10)[0]}
        assert set(kids) == {"YJ1", "YJ2", "YJ3"} and kids["YJ1"].family_name == "Example-Changed"
        assert kids["YJ1"].looked_after == "s20" and kids["YJ3"].sex == "Male"
        entries = [e for e in store.audit_entries() if e.detail == "imported from caseload.csv"]
        assert sorted(e.action for e in entries if e.action == "collect") == ["collect"] * 2  # each new child
        assert "family_name" in {e.field for e in entries if e.action == "alter"}  # each changed field of YJ1
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, CaseListScreen), "the case list")
        table = app.screen.query_one("#cases", DataTable)
        await until(pilot, lambda: table.row_count == 3, "the children on the case list")


async def test_a_file_with_bad_rows_is_refused_with_its_lines_and_nothing_imported(store, make_app, tmp_path):
    store.set_setting("role", "manager")
    f = _csv(tmp_path / "caseload.csv", [["YJ1", "Ash", "Example", "14/03/2011", "Female", ""],
                                         ["YJ2", "", "Sample", "01/06/2010", "", ""],  # line 3: no given name
                                         ["YJ3", "Cal", "Test", "31/02/2010", "", ""],  # line 4: not a real date
                                         ["YJ1", "Dee", "Dup", "01/01/2011", "", ""]])  # line 5: the reference again
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_from_the_palette(pilot)
        await _type(pilot, str(f))
        await pilot.press("ctrl+r")
        await until(pilot, lambda: "cannot be imported" in _msg(app), "the refusal")
        assert "3 rows cannot be imported, so nothing was" in _msg(app)
        table = app.screen.query_one("#import-lines", DataTable)
        lines = {str(table.get_row_at(i)[0]): str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert lines == {"3": "Given name cannot be blank (initials will do).", "4": "Date of birth: not a real date",
                         "5": "the YJS reference is also on line 2"}
        shown = _text(app)
        for detail in ("Ash", "Sample", "Cal", "Dee", "31/02/2010", "14/03/2011", "YJ3"):
            assert detail not in shown
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert "Check the file first" in _msg(app)
        assert not app.screen.query_one("#import-progress", ProgressBar).display
        assert store.search("", limit=10)[1] == 0  # nothing imported
        assert not [e for e in store.audit_entries() if e.detail.startswith("imported from")]


async def test_offered_to_administrators_and_managers_only(store, make_app):
    from yjtui.rules.roles import ROLES

    for role in ROLES:
        store.set_setting("role", role)
        app = make_app()
        names = [name for name, _action, _help in app.palette_commands()]
        assert ("Bring in a caseload" in names) == (role in ("administrator", "manager")), role
    store.set_setting("role", "case_manager")
    app = make_app()  # the screen is refused even when asked for directly
    async with app.run_test(size=SIZE) as pilot:
        app.open_caseload_import()
        await pilot.pause()
        assert not isinstance(app.screen, CaseloadImportScreen)
