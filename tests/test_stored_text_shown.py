"""Stored text shown with nothing a terminal obeys, at each place it reaches the screen or a command's output
(issue 22, "Terminal escape injection"). The real terminal's bytes are checked in test_terminal_injection_tmux.py;
these check each place on its own, faster, and what the app does with such a record (never rewrites it, never
crashes on it)."""

from __future__ import annotations

import io

from textual.widgets import DataTable, Input, Select, Static

from yjtui.casework.forms import check_text
from yjtui.screens.child import ChildScreen
from yjtui.store import Child
from yjtui.text import BIDI_CONTROLS

ESC = "\x1b"
HOSTILE_NAME = f"Example{ESC}]0;TITLE{ESC}\\{ESC}[2J"
SIZE = (120, 40)


def _clean(text: str) -> bool:
    return ESC not in text and "\x9b" not in text and not set(text) & BIDI_CONTROLS


def test_field_checks_refuse_what_the_sanitiser_makes_visible():
    """Before: only Cc was refused, so a right-to-left override or an isolate could be typed or pasted in."""
    for bad in ("Al\u202eevee", "a\u2066b\u2069", "x\u200fy", f"A{ESC}[2J", "A\x9b31m", "a\u2028b"):
        check = check_text(bad, "Family name")
        assert not check.ok and "control characters" in check.message, bad
    assert check_text("Zoë O'Brien-Ng", "Family name").ok


async def test_a_hostile_name_shows_visible_on_the_list_header_and_record_and_is_never_rewritten(store, make_app):
    child = store.add(Child(given_name="Ash", family_name=HOSTILE_NAME, yjs_ref=f"YJ{ESC}[5;5H",
                            home_la="Northshire\u202e"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        cells = [str(c) for c in app.screen.query_one("#cases", DataTable).get_row_at(0)]
        assert all(_clean(c) for c in cells) and "Ash Example␛]0;TITLE␛\\␛[2J" in cells
        app.open_child(child.id)
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)
        header = app.format_title(app.screen.title, app.screen.sub_title).plain
        assert _clean(header) and "␛]0;TITLE" in header
        assert app.screen.query_one("#family_name", Input).value == "Example␛]0;TITLE␛\\␛[2J"
        assert app.screen.query_one("#home_la", Input).value == "Northshire<U+202E>"
        summary = str(app.screen.query_one("#summary-text", Static).render())
        assert _clean(summary) and "␛]0;TITLE" in summary
        before = len(store.audit_entries(child.id))
        for _ in range(6):  # through every text field (leaving a field saves it) and back to the list
            await pilot.press("tab")
        await pilot.press("escape")
        await pilot.pause()
    store.reload(child)
    # Shown, not changed: the stored value is as it was (for the record to be reported), and no change audited.
    assert child.family_name == HOSTILE_NAME and child.home_la == "Northshire\u202e"
    assert [a.action for a in store.audit_entries(child.id)[before:]] in ([], ["consult"])


async def test_a_stored_choice_that_is_not_a_choice_does_not_crash_the_record(store, make_app):
    """Before: a `sex` or `ethnicity` value written by another program raised InvalidSelectValueError."""
    child = store.add(Child(given_name="Ash", family_name="Example", sex=f"X{ESC}[31m", ethnicity="Martian"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_child(child.id)
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)
        assert app.screen.query_one("#sex", Select).value is Select.NULL
        message = str(app.screen.query_one("#sex-msg", Static).render())
        assert "not one of the choices" in message and _clean(message) and "X␛[31m" in message
        assert "Martian" in str(app.screen.query_one("#ethnicity-msg", Static).render())
    store.reload(child)
    assert child.sex == f"X{ESC}[31m"


async def test_notifications_show_what_they_quote(store, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.notify(f"Written: bail-{ESC}]52;c;AAAA{ESC}\\.docx", title=f"T{ESC}]2;x\x07", markup=False)
        await pilot.pause()
        note = list(app._notifications)[-1]
        assert _clean(note.message) and _clean(note.title) and "␛]52;c;AAAA" in note.message


def test_command_output_shows_what_it_quotes(capsys):
    from yjtui.cli import say

    say(f"Took 1 child into /tmp/{ESC}]0;x{ESC}\\copy.db", f"by Worker\u202e")
    out = capsys.readouterr().out
    assert _clean(out) and "␛]0;x␛\\copy.db" in out and "<U+202E>" in out


def test_pack_check_shows_a_packs_words_with_nothing_a_terminal_obeys(tmp_path):
    from yjtui.cli.pack import check

    pack = tmp_path / "northshire.toml"
    pack.write_text('name = "northshire"\ntitle = "North\\u001b]0;T\\u0007"\nservice = "N\\u202eYJS"\n'
                    'guidance = ["Local \\u001b[2J standards"]\nrules = []\n', encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert check(str(pack), out, err) == 0, err.getvalue()
    assert _clean(out.getvalue()) and "North␛]0;T␇" in out.getvalue() and "N<U+202E>YJS" in out.getvalue()


async def test_a_paste_is_shown_before_it_reaches_a_field(store, make_app):
    """A paste from a hostile source (an email, a web page) reaches the field made visible, never raw."""
    from textual import events

    child = store.add(Child(given_name="Ash", family_name="Example"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_child(child.id)
        await pilot.pause()
        field = app.screen.query_one("#home_la", Input)
        field.focus()
        await pilot.pause()
        app.post_message(events.Paste(f"North{ESC}]52;c;AAAA\x07shire\u202e"))
        await pilot.pause()
        assert field.value == "North␛]52;c;AAAA␇shire<U+202E>"
