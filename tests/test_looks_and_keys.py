"""What a person keeps of their own: the theme chosen in the palette (next start too), their keys by binding id from
keys.toml in the user config folder (shown on F1), and the demo app `textual run --dev yjtui.dev:app` starts."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import Static

from yjtui.screens.case_list import CaseListScreen
from yjtui.screens.help import HelpScreen

SIZE = (120, 40)


def _help_text(app) -> str:
    console = Console(width=220, record=True, file=io.StringIO())
    console.print(app.screen.query_one("#help-keys", Static).content)
    return console.export_text()


async def test_the_theme_chosen_is_kept_for_the_next_start(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme != "textual-light"
        app.theme = "textual-light"  # what choosing it in the palette does
        await pilot.pause()
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"


async def test_keys_remapped_by_binding_id_work_and_show_on_help(make_app, isolated_home):
    from yjtui.screens.preferences import keys_file

    keys_file().parent.mkdir(parents=True, exist_ok=True)
    keys_file().write_text('[keys]\n"app.help" = "f12"\n"cases.new" = "ctrl+k"\n"no.such.binding" = "f11"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, CaseListScreen)  # F1 is no longer help
        await pilot.press("f12")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = _help_text(app)
        assert "f12 (yours; usually f1)" in text and "ctrl+k (yours; usually n)" in text
        assert "no binding has the id 'no.such.binding'" in text
        assert "cases.new" in text and "court.next" in text  # every binding's id, to write in the file
        assert "keys.toml" in str(app.screen.query_one("#help-foot", Static).render())


async def test_a_broken_keys_file_leaves_the_usual_keys(make_app):
    from yjtui.screens.preferences import keys_file

    keys_file().parent.mkdir(parents=True, exist_ok=True)
    keys_file().write_text("[keys\n")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "could not be read" in _help_text(app)


async def test_the_dev_app_starts_on_a_demo_store():
    from yjtui import dev

    async with dev.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(dev.app.screen, CaseListScreen) and dev.app.demo
        assert dev.app.store.children_count() == 25
    dev.app.store.close()
