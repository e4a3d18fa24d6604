"""The case list, the child record and the help screen, driven by the keyboard through Textual's Pilot."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Input, Static

from yjtui.screens import keys
from yjtui.screens.case_list import CaseListScreen
from yjtui.screens.child import ChildScreen
from yjtui.screens.help import HelpScreen
from yjtui.store import Child

SIZE = (120, 40)


def _msg(app, field: str) -> str:
    return str(app.screen.query_one(f"#{field}-msg", Static).render())


async def _type(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


async def test_case_list_search_narrows_as_you_type(store, make_app):
    store.add(Child(given_name="Ash", family_name="Example", yjs_ref="DEMO-1", date_of_birth=date(2010, 3, 14)))
    store.add(Child(given_name="Blake", family_name="Sample", yjs_ref="DEMO-2", date_of_birth=date(2011, 5, 1)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#cases", DataTable)
        assert table.row_count == 2
        await pilot.press("slash")
        assert app.focused.id == "search"
        await _type(pilot, "14/03/2010")
        await pilot.pause()
        assert table.row_count == 1
        assert "Ash Example" in str(table.get_row_at(0)[0])
        await pilot.press("escape")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)
        assert app.screen.child.given_name == "Ash"
        assert store.audit_entries(app.screen.child.id)[-1].action == "consult"


async def test_case_list_shows_age_and_latest_levels(store, make_app):
    from yjtui.store.models import Assessment
    from datetime import datetime

    c = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2010, 3, 14), looked_after="s20"))
    store.add(Assessment(child_id=c.id, kind="rosh", final="high", status="complete", completed_at=datetime(2026, 1, 1)))
    store.add(Assessment(child_id=c.id, kind="rosh", final="medium", status="complete", completed_at=datetime(2026, 6, 1)))
    store.add(Assessment(child_id=c.id, kind="rosh", final="very_high", status="draft"))  # not completed: not shown
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        row = [str(v) for v in app.screen.query_one("#cases", DataTable).get_row_at(0)]
        assert row[2] == "16"  # age on 23/11/2026
        assert row[3] == "LAC s.20"
        assert row[5] == "Medium"  # the latest completed RoSH


@pytest.mark.both_engines
async def test_new_child_is_created_and_saved_as_typed(store, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)
        assert app.focused.id == "given_name"
        await _type(pilot, "Ash")
        await pilot.press("tab")
        await _type(pilot, "Example")
        await pilot.press("tab")
        await _type(pilot, "14/03/2010")
        await pilot.pause(0.6)  # the save after typing stops
        saved = store.get(Child, app.screen.child.id)
        assert (saved.given_name, saved.family_name, saved.date_of_birth) == ("Ash", "Example", date(2010, 3, 14))
        assert "Age 16" in _msg(app, "date_of_birth")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CaseListScreen)
        assert app.screen.query_one("#cases", DataTable).row_count == 1


@pytest.mark.parametrize("typed, message", [
    ("31/02/2010", "31/02/2010 is not a real date."),
    ("next week", "Type the date as dd/mm/yyyy"),
    ("01/01/2027", "must be in the past"),
])
async def test_bad_date_of_birth_is_refused_at_the_field_and_kept(store, make_app, typed, message):
    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2010, 3, 14)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_child(child.id)
        await pilot.pause()
        field = app.screen.query_one("#date_of_birth", Input)
        field.focus()
        # Typed over the selected date, as a user would: clearing it first left a blank date that the save timer
        # stored whenever the machine was slow to deliver the next key (a valid, but different, value).
        await pilot.press("end", "shift+home")
        await _type(pilot, typed)
        await pilot.press("tab")  # leaving the field saves at once
        await pilot.pause()
        assert message in _msg(app, "date_of_birth")
        assert field.value == typed  # what the user typed stays
        assert field.has_class("-in-error")
        assert store.get(Child, child.id).date_of_birth == date(2010, 3, 14)  # nothing bad saved


async def test_age_outside_youth_justice_range_is_saved_but_flagged(store, make_app):
    child = store.add(Child(given_name="Ash", family_name="Example"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_child(child.id)
        await pilot.pause()
        app.screen.query_one("#date_of_birth", Input).focus()
        await _type(pilot, "01/01/2005")
        await pilot.press("tab")
        await pilot.pause()
        assert "Age 21" in _msg(app, "date_of_birth") and "before 18" in _msg(app, "date_of_birth")
        assert store.get(Child, child.id).date_of_birth == date(2005, 1, 1)


async def test_blank_name_is_refused_and_previous_name_kept(store, make_app):
    child = store.add(Child(given_name="Ash", family_name="Example"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_child(child.id)
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k", "tab")  # clear the given name, then leave the field
        await pilot.pause()
        assert "cannot be blank" in _msg(app, "given_name")
        assert store.get(Child, child.id).given_name == "Ash"


async def test_select_fields_save_at_once(store, make_app):
    child = store.add(Child(given_name="Ash", family_name="Example"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_child(child.id)
        await pilot.pause()
        from textual.widgets import Select

        app.screen.query_one("#looked_after", Select).value = "s31"
        await pilot.pause()
        assert store.get(Child, child.id).looked_after == "s31"
        assert store.audit_entries(child.id)[-1].field == "looked_after"


async def test_markup_in_a_name_is_shown_literally(store, make_app):
    store.add(Child(given_name="[bold]Ash[/bold]", family_name="[red]x"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        cell = app.screen.query_one("#cases", DataTable).get_row_at(0)[0]
        assert str(cell) == "[bold]Ash[/bold] [red]x"


async def test_quit_saves_a_field_still_being_typed(store, make_app):
    child = store.add(Child(given_name="Ash", family_name="Example"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_child(child.id)
        await pilot.pause()
        await pilot.press("end")
        await _type(pilot, "ley")
        await pilot.press("ctrl+q")  # before the save timer fires
        await pilot.pause()
    assert store.get(Child, child.id).given_name == "Ashley"


async def test_help_lists_every_bound_key(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        import io
        from rich.console import Console

        console = Console(width=200, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#help-keys", Static).content)
        text = console.export_text()
        from yjtui.screens.registry import WORKFLOWS

        sections = list(keys.SCREENS) + [(w.title, w.load_bindings()) for w in WORKFLOWS]
        for _where, bindings in sections:
            for b in bindings:
                assert (b.tooltip or b.description) in text, b.id  # help gives the longer words where a key has them
        for w in WORKFLOWS:
            assert w.title in text and w.key in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CaseListScreen)


async def test_palette_offers_find_and_new_child(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        names = [name for name, _action, _help in app.palette_commands()]
        assert {"Find child", "New child"} <= set(names)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await _type(pilot, "New child")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)


def _bound_by_class():
    """(class, its own BINDINGS) for every screen, dialog and widget class of yjtui.screens, and the app."""
    import importlib
    import inspect
    import pkgutil

    import yjtui.app
    import yjtui.screens

    names = [m.name for m in pkgutil.iter_modules(yjtui.screens.__path__)]
    modules = [importlib.import_module(f"yjtui.screens.{name}") for name in names]
    for module in [*modules, yjtui.app]:
        for obj in vars(module).values():
            if inspect.isclass(obj) and obj.__module__ == module.__name__ and "BINDINGS" in obj.__dict__:
                yield obj, obj.__dict__["BINDINGS"]


def test_bindings_have_unique_ids():
    ids = [b.id for _w, bs in keys.SCREENS for b in bs]
    assert len(ids) == len(set(ids)) and all(ids)


def test_a_date_in_an_impossible_year_is_refused_at_the_field():
    """Found by Hypothesis on the plan screen: 07/12/9999 was saved and the three-month check overflowed."""
    import pytest

    from yjtui.casework.dates import DateError, parse_date

    with pytest.raises(DateError, match="between 1900 and 2199"):
        parse_date("7/12/9999")
    assert parse_date("07/12/2026").year == 2026


    # Every binding of every screen, dialog and widget (the workflows' too): an id, and no id used twice.
    from textual.binding import Binding

    from yjtui.screens.registry import WORKFLOWS

    seen: dict[int, Binding] = {}
    for cls, bindings in _bound_by_class():
        for b in bindings:
            assert isinstance(b, Binding) and b.id, (cls.__name__, b)
            seen[id(b)] = b
    for w in WORKFLOWS:
        seen.update((id(b), b) for b in w.load_bindings())
    ids = [b.id for b in seen.values()]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_help_lists_the_keys_of_every_full_screen():
    """A new screen's keys reach the help screen (keys.SCREENS or its workflow's bindings); dialogs show their own
    keys in the dialog."""
    from textual.screen import ModalScreen, Screen

    from yjtui.screens.registry import WORKFLOWS

    listed = {b.id for _w, bs in keys.SCREENS for b in bs} | {b.id for w in WORKFLOWS for b in w.load_bindings()}
    for cls, bindings in _bound_by_class():
        if issubclass(cls, Screen) and not issubclass(cls, ModalScreen):
            missing = [b.id for b in bindings if b.id not in listed]
            assert not missing, (cls.__name__, missing)


async def test_settings_opens_in_the_name_field_so_the_first_key_is_kept(store, make_app):
    """Issue 23: Settings opened with nothing focused: the first thing typed was lost."""
    from yjtui.screens.settings import SettingsScreen

    from tests.waits import until

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(SettingsScreen())
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen), "Settings")
        await pilot.pause()
        await pilot.press(*"Casey")
        await pilot.pause()
        assert app.screen.query_one("#practitioner", Input).value == "Casey"
    assert store.get_setting("practitioner") == "Casey"
