"""A ticked box and an empty one differ in their characters, not only in colour (issue 23: a police officer ticked a
mitigating factor for an aggravating one without seeing it; Settings showed every pack "X" while all were off).
Read from the rendered screen with NO_COLOR, as a person without colour sees it."""

from __future__ import annotations

from datetime import date

import pytest

from tests.waits import until
from yjtui.store import Child

SIZE = (120, 40)
TICKED, EMPTY = "▐X▌", "▐ ▌"


@pytest.fixture(autouse=True)
def no_colour(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")


def _screen_lines(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def _line_with(app, words: str) -> str:
    lines = [line for line in _screen_lines(app) if words in line]
    assert lines, (words, _screen_lines(app))
    return lines[0]


async def test_settings_shows_which_packs_are_on(store, make_app):
    from yjtui.screens.settings import SettingsScreen

    store.set_local_packs(["kent"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SettingsScreen())
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen), "Settings")
        await pilot.pause()
        assert TICKED in _line_with(app, "(kent)")
        for off in ("Enfield local policy", "(leicester)"):
            line = _line_with(app, off)
            assert EMPTY in line and TICKED not in line, line
        assert EMPTY in _line_with(app, "Encrypt every export")


async def test_a_ticked_factor_reads_differently_from_an_unticked_one(store, make_app):
    from tests.test_oocd_screen import open_f9

    child = store.add(Child(given_name="Frankie", family_name="Example", date_of_birth=date(2010, 3, 14)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_f9(pilot, app, child)
        await pilot.press(*"burglary non", "enter")  # one Enter picks (issue 23)
        await until(pilot, lambda: app.focused is not None and app.focused.id == "aggravating", "the factors")
        await pilot.press("space")  # the first aggravating factor
        await pilot.pause()
        box = app.screen.query_one("#aggravating")
        first, second = (str(box.get_option_at_index(i).prompt) for i in (0, 1))
        assert TICKED in _line_with(app, first[:30])
        line = _line_with(app, second[:30])
        assert EMPTY in line and TICKED not in line, line
        mitigating = app.screen.query_one("#mitigating")
        line = _line_with(app, str(mitigating.get_option_at_index(0).prompt)[:30])
        assert EMPTY in line and TICKED not in line, line


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
async def test_a_packs_long_description_wraps_in_settings_and_is_read_whole(store, make_app, size):
    """Walk finding (issue 23): at 120 columns Settings cut the Enfield pack's description ("... local …"), so the
    service could not read what it switches on, nor the pack's name at the end. The tick box's words wrap."""
    from yjtui.casework import packs as local
    from yjtui.screens.settings import SettingsScreen

    app = make_app()
    async with app.run_test(size=size) as pilot:
        app.push_screen(SettingsScreen())
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen), "Settings")
        await pilot.pause()
        enfield = next(p for p in local.choices() if p.name == "enfield")
        box = app.screen.query_one("#pack-enfield")
        box.scroll_visible(animate=False)
        await until(pilot, lambda: "(enfield)" in "\n".join(_screen_lines(app)), "the pack's name at its end")
        words = " ".join(" ".join(_screen_lines(app)).split())
        assert f"{enfield.description} (enfield)" in words.replace("▎ ▊ ", "").replace(" ▎", ""), words
        assert "…" not in words
