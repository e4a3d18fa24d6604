"""A date or number field in error keeps the text typed in it on screen (issue 23: "a date or number field in
error hides the text typed in it"), read from the rendered screen at 120x40 and 80x24, not from Input.value."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input

from tests.waits import until
from yjtui.store import Child

# (screen key or None for the child's page, keys that bring the field's tab forward, field, what is typed)
FIELDS = [
    (None, (), "date_of_birth", "31/02/2010"),
    ("f2", ("ctrl+g", "ctrl+g"), "lor-yogrs", "abc"),
    ("f3", (), "h-date", "31/02/2026"),
    ("f4", (), "order_made", "31/02/2026"),
    ("f4", (), "order_months", "abc"),
    ("f7", (), "t-started_on", "31/02/2026"),
    ("f8", (), "ce-rescreen_on", "31/02/2027"),
    ("f9", (), "previous_formal_oocd", "abc"),
    ("f12", (), "sup-started", "31/02/2026"),
]


def _screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


@pytest.mark.parametrize("key, tab_keys, field, typed", FIELDS, ids=[f[2] for f in FIELDS])
async def test_the_text_typed_in_a_field_in_error_stays_visible(store, make_app, key, tab_keys, field, typed):
    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2010, 3, 14)))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_child(child.id)
        await until(pilot, lambda: type(app.screen).__name__ == "ChildScreen" and app.screen.is_mounted, "the child")
        if key:
            await pilot.press(key)
            await until(pilot, lambda: type(app.screen).__name__ != "ChildScreen" and app.screen.is_mounted,
                        "the screen")
            await pilot.pause()
        await pilot.press(*tab_keys)
        box = app.screen.query_one(f"#{field}", Input)
        await until(pilot, lambda: box.focusable, f"#{field} shown")
        box.focus()
        box.value = ""
        await pilot.press(*typed)
        # The court's date says so below it, without marking the field.
        said = (lambda: str(app.screen.query_one("#h-date-msg").render())) if field == "h-date" else (lambda: "")
        await until(pilot, lambda: box.has_class("-invalid") or said(), f"#{field} marked in error")
        await pilot.pause()
        for size in ((120, 40), (80, 24)):
            await pilot.resize_terminal(*size)
            await until(pilot, lambda: app.screen.size == size, f"the screen at {size}")
            box.scroll_visible(animate=False)
            await pilot.pause()
            assert box.value == typed
            assert box.content_region.height >= 1, (size, box.styles.border, box.region)
            assert typed in _screen_text(app), (size, field)
