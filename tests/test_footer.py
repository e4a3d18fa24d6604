"""The key list at the foot of the screen shows the keys that work where the cursor is, and is rebuilt only when
those keys change (Textual's rebuilt it on every Tab: a quarter of each key's time on the court screen)."""

from __future__ import annotations

from datetime import date

from textual.widgets._footer import FooterKey

from tests.test_court_screen import _open_court
from tests.waits import until
from yjtui.store import Child

SIZE = (160, 50)


def _footer_keys(app) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


def _descriptions(app) -> list[str]:
    return [k.description for k in _footer_keys(app)]


async def test_footer_follows_the_keys_that_work_and_is_not_rebuilt_when_they_do_not_change(store, make_app):
    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2011, 3, 14)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_court(pilot, app, child)
        await until(pilot, lambda: "Record outcome" not in _descriptions(app) and _footer_keys(app), "the footer")
        assert app.focused.id == "h-court"
        before = _footer_keys(app)
        await pilot.press("tab")  # court name -> the next field: the same keys work there
        await until(pilot, lambda: app.focused.id != "h-court", "the next field")
        await pilot.pause()
        assert _footer_keys(app) == before and all(k.is_attached for k in before)  # the same widgets, not rebuilt
        app.screen.query_one("#outcome-picker").focus()  # the outcome list has its own key
        await until(pilot, lambda: "Record outcome" in _descriptions(app), "the outcome's key in the footer")
        app.screen.query_one("#h-court").focus()
        await until(pilot, lambda: "Record outcome" not in _descriptions(app), "the outcome's key gone again")


async def test_every_function_key_is_in_the_footer_at_80x24_on_the_case_list_and_the_child(store, make_app):
    """Walk finding (issue 23): at 80 columns the footer was one row cut after "f3 C", so F4-F12 were never seen,
    and "^p Commands" stood twice. Now the keys take more rows, the function keys their short words."""
    from yjtui.screens.registry import WORKFLOWS

    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2011, 3, 14)))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for step in ("case list", "child"):
            if step == "child":
                app.open_child(child.id)
            await until(pilot, lambda: any(k.key == "f12" for k in _footer_keys(app)), f"the footer on the {step}")
            await pilot.pause()
            shown = {k.key: k for k in _footer_keys(app)}
            for w in WORKFLOWS:
                key = shown.get(w.key)
                assert key is not None, (step, w.key)
                assert key.region.width > 0 and key.region.right <= 80 and key.region.bottom <= 24, \
                    (step, w.key, key.region)
                assert key.description == w.short, (step, w.key)
            assert "f1" in shown and shown["f1"].region.right <= 80
            assert [k.description for k in _footer_keys(app)].count("Commands") == 1


async def test_a_tab_between_the_audit_trails_filters_and_its_table_keeps_the_footer(store, make_app):
    """The same keys listed in another order (they follow the focused widget) are the same keys: no rebuild."""
    from yjtui.screens.audit import AuditScreen

    store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2011, 3, 14)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = AuditScreen()
        app.push_screen(screen)
        await until(pilot, lambda: screen.is_attached and screen.chain is not None and not screen.reading
                    and _footer_keys(app), "the audit trail read and checked")
        await until(pilot, lambda: app.focused is not None, "the table focused once read")
        await pilot.pause()
        before = _footer_keys(app)
        seen = set()
        for _ in range(6):  # the filters, the action list, the table, and round again
            await pilot.press("tab")
            await until(pilot, lambda: app.focused is not None and app.focused.id not in seen, "the next field")
            seen.add(app.focused.id)
            await pilot.pause()
            assert _footer_keys(app) == before and all(k.is_attached for k in before), app.focused.id
            if len(seen) == 5:
                seen.clear()
