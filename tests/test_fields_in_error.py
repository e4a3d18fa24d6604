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


async def _type_into(pilot, app, child, key, tab_keys, field, typed) -> Input:
    """Open the child, then the screen under `key` (none: the child's own page), and type into the field."""
    app.open_child(child.id)
    await until(pilot, lambda: type(app.screen).__name__ == "ChildScreen" and app.screen.is_mounted, "the child")
    if key:
        await pilot.press(key)
        await until(pilot, lambda: type(app.screen).__name__ != "ChildScreen" and app.screen.is_mounted, "the screen")
        await pilot.pause()
    await pilot.press(*tab_keys)
    box = app.screen.query_one(f"#{field}", Input)
    await until(pilot, lambda: box.focusable, f"#{field} shown")
    box.focus()
    box.value = ""
    await pilot.press(*typed)
    return box


@pytest.mark.parametrize("key, tab_keys, field, typed", FIELDS, ids=[f[2] for f in FIELDS])
async def test_the_text_typed_in_a_field_in_error_stays_visible(store, make_app, key, tab_keys, field, typed):
    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2010, 3, 14)))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        box = await _type_into(pilot, app, child, key, tab_keys, field, typed)
        # The court's date says so below it, without marking the field.
        said = (lambda: str(app.screen.query_one("#h-date-msg").render())) if field == "h-date" else (lambda: "")
        await until(pilot, lambda: box.has_class("-in-error") or said(), f"#{field} marked in error")
        await pilot.pause()
        for size in ((120, 40), (80, 24)):
            await pilot.resize_terminal(*size)
            await until(pilot, lambda: app.screen.size == size, f"the screen at {size}")

            def seen() -> bool:
                """The text typed on the screen; until then, the field scrolled to again (on a loaded machine the
                scroll waits for the layout after the resize)."""
                if typed in _screen_text(app):
                    return True
                box.scroll_visible(animate=False)
                return False

            await until(pilot, seen, f"{typed!r} typed in #{field}, on the screen at {size}")
            assert box.value == typed
            assert box.content_region.height >= 1, (size, box.styles.border, box.region)
        await pilot.press("tab")  # leaving it: still marked (Textual's own class was cleared on leaving)
        await pilot.pause()
        assert box.has_class("-in-error") or field == "h-date", field


# Issue 23: dates of what has already happened were accepted in the future without a question. (screen key, tab
# keys, field, what is typed) on 23/11/2026, the tests' today.
FUTURE = [
    ("f4", (), "order_made", "01/12/2026"),
    ("f7", (), "t-requested_on", "01/12/2026"),
    ("f7", (), "t-decided_on", "24/11/2026"),
    ("f12", (), "sup-started", "01/12/2026"),
    ("f12", (), "sup-assessment", "01/01/2027"),
]


@pytest.mark.parametrize("key, tab_keys, field, typed", FUTURE, ids=[f[2] for f in FUTURE])
async def test_a_date_that_cannot_be_in_the_future_is_refused_at_its_field(store, make_app, key, tab_keys, field,
                                                                          typed):
    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2010, 3, 14)))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        box = await _type_into(pilot, app, child, key, tab_keys, field, typed)
        await until(pilot, lambda: box.has_class("-in-error"), f"#{field} refused")
        await pilot.pause()
        msg = next(iter(app.screen.query(f"#{field}-msg, #msg-{field}")))
        assert "is after today (23/11/2026): this cannot have happened yet" in str(msg.render()), field
        assert typed in _screen_text(app), field  # the text typed stays, to correct
    # Not saved: nothing in the store holds the future date.
    assert typed[-4:] + "-" + typed[3:5] + "-" + typed[:2] not in _stored(store, child.id)


def _stored(store, child_id: int) -> str:
    import json

    from yjtui.store import CaseRecord

    return json.dumps([r.data for r in store.records(CaseRecord, child_id)], default=str)


PAST_FORM_FIELDS = [
    ("01/12/2026", False, "a future date refused"),
    ("23/11/2026", True, "today is not the future"),
    ("22/11/2026", True, "yesterday"),
]


@pytest.mark.parametrize("typed, ok, why", PAST_FORM_FIELDS)
def test_the_forms_dates_of_what_has_happened_are_not_in_the_future(typed, ok, why):
    """The forms (a review, a sentence, a contact made) and the record screens ask the one question."""
    from yjtui.screens.forms import Field, check_field
    from yjtui.screens.supervision_forms import CUSTODY_FIELDS

    sentenced = next(f for f in CUSTODY_FIELDS if f.key == "sentenced_on")
    today = date(2026, 11, 23)
    assert check_field(sentenced, typed, today)[0] is ok, why
    assert check_field(Field("due_on", "Due", "date"), typed, today)[0] is True  # a date ahead may be in the future

