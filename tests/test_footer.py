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


def _footer_text(app) -> str:
    """The footer's rows as the terminal shows them (what the user reads, not the widgets' own words)."""
    from textual.widgets import Footer

    footer = app.screen.query_one(Footer)
    strips = app.screen._compositor.render_strips()
    return "\n".join(strips[y].text for y in range(footer.region.y, footer.region.bottom))


def _shown_keys(app) -> list[tuple[str, str, str]]:
    """(key, footer words, longer words) of every key the screen's footer would show if it had room."""
    return [(b.key, b.description, tooltip or b.description)
            for (_node, b, enabled, tooltip) in app.screen.active_bindings.values() if b.show]


async def test_every_screen_shows_all_its_function_keys_in_the_footer_at_80x24(store, make_app):
    """Walk finding (issue 23): at 80x24 the footer's third row ended at F8 on the supervision screen (F9-F12 never
    seen), at F6 on the court screen and at F1 on the plan screen. Every screen, opened as a user opens it: each of its
    function keys with its words in the footer's rows as drawn; a key of the screen's own that did not fit is still
    in the help (F1) and in the palette (ctrl+p)."""
    from yjtui.screens.audit import open_audit_trail
    from yjtui.screens.footer import screen_key_commands
    from yjtui.screens.help import key_table
    from yjtui.screens.registry import WORKFLOWS
    from yjtui.screens.settings import SettingsScreen

    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2011, 3, 14)))
    app = make_app()
    help_words = {str(cell) for column in key_table().columns for cell in column.cells}
    steps = [("case list", None), ("child", lambda: app.open_child(child.id))]
    steps += [(w.key, lambda w=w: app.action_workflow(w.id)) for w in WORKFLOWS]
    steps += [("settings", lambda: app.push_screen(SettingsScreen())),
              ("audit", lambda: open_audit_trail(app, False))]
    seen = set()
    async with app.run_test(size=(80, 24)) as pilot:
        for step, open_it in steps:
            before = app.screen
            if open_it:
                open_it()
                await until(pilot, lambda: app.screen is not before, f"the {step} screen")
            await until(pilot, lambda: _footer_keys(app), f"the footer on the {step} screen")
            await pilot.pause()
            text = _footer_text(app)
            keys = _shown_keys(app)
            function_keys = [(k, d) for k, d, _long in keys if k[:1] == "f" and k[1:].isdigit()]
            assert len(function_keys) >= 11, (step, function_keys)  # F1 and F2-F12 of the registry at least
            for key, words in function_keys:
                assert f"{key} {words}" in text, (step, key, words, text)
            in_footer = {k.key for k in _footer_keys(app)}
            palette = [name for name, _action, _help in screen_key_commands(app.screen)]
            for key, _words, longer in keys:
                if key not in in_footer:
                    assert longer in help_words, (step, key, longer)
                    assert any(name.startswith(longer) for name in palette), (step, key, longer, palette)
            seen.add(type(app.screen).__name__)
            if step in ("settings", "audit") or step in {w.key for w in WORKFLOWS}:
                app.pop_screen()
                await pilot.pause()
    assert len(seen) == len(steps), seen


async def test_a_key_the_footer_leaves_out_at_80x24_runs_from_the_palette(store, make_app):
    """The plan screen has more keys than three rows hold at 80 columns: its export (ctrl+e) is left out of the
    footer, and the palette opened on the plan finds it by its longer words and runs it."""
    from tests.test_app_foundation import _type

    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2011, 3, 14)))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_child(child.id)
        await until(pilot, lambda: type(app.screen).__name__ == "ChildScreen", "the child")
        await pilot.press("f4")
        await until(pilot, lambda: type(app.screen).__name__ == "PlanScreen" and _footer_keys(app), "the plan")
        await pilot.pause()
        assert "ctrl+e" not in {k.key for k in _footer_keys(app)}
        await pilot.press("ctrl+p")
        await until(pilot, lambda: type(app.screen).__name__ == "CommandPalette", "the palette")
        await _type(pilot, "Export plan")
        found = app.screen.query_one("CommandList")
        await until(pilot, lambda: found.option_count and "Export plan" in str(found.get_option_at_index(0).prompt),
                    "the plan's export in the palette")
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "ExportDialog", "the plan's export dialog")
