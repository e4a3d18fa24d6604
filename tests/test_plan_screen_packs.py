"""A third service's pack, written only as a file, changes the plan screen: its contact minimums, its name."""

from __future__ import annotations

from textual.widgets import Checkbox, Label

from tests.test_packs import NORTHSHIRE, write_user_pack
from tests.test_plan_screen import SIZE, _checks, _child, _open_plan, _plan, _type_into
from yjtui.rules import packs
from yjtui.screens.settings import SettingsScreen


async def test_a_pack_file_switched_on_in_settings_sets_the_plan_minimums(store, make_app):
    packs._EXTRA_FILES.clear()
    write_user_pack(NORTHSHIRE)  # Northshire (fictional): intensive 6 then 3, where Enfield has 8 then 4
    child = _child(store, [])    # RoSH high: the intensive level
    app = make_app()
    try:
        async with app.run_test(size=SIZE) as pilot:
            app.push_screen(SettingsScreen())
            await pilot.pause()
            box = app.screen.query_one("#pack-northshire", Checkbox)
            assert "Northshire" in str(box.label)
            box.focus()
            await pilot.press("space")
            await pilot.pause()
            assert store.local_packs() == ["northshire"]
            await pilot.press("escape")
            await pilot.pause()
            await _open_plan(app, pilot, child)
            assert not app.screen.query("#q_duration")  # a pack with levels: no national questions
            assert "Intervention level (Northshire)" in [str(label.render()) for label in app.screen.query(Label)]
            await _type_into(pilot, app, "order_made", "01/11/2026")
            await _type_into(pilot, app, "per_month", "5")
            checks = _checks(app)
            assert "WARNING 5 planned contacts a month is below the Northshire minimum of 6" in checks
            assert "Northshire YJS Practice Standards 2025 3.2" in checks and "Enfield minimum" not in checks
            await _type_into(pilot, app, "per_month", "6")  # below Enfield's 8, enough for Northshire
            assert "6 planned contacts a month meets the Northshire minimum of 6" in _checks(app)
            assert _plan(store, child)["contacts"]["per_month"] == 6
    finally:
        packs._LIBRARY = None
