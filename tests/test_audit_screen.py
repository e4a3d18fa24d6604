"""The audit trail on screen: whole store and per child, filters by person, dates and action, read-only, the
chain's state shown, and an encrypted export logged as a disclosure with its recipient."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Input, Select, Static

from tests.waits import workers_done
from yjtui.screens.audit import AuditScreen
from yjtui.screens.export_modal import ExportDialog
from yjtui.store import Child

SIZE = (120, 40)


@pytest.fixture(autouse=True)
def _no_animation(monkeypatch):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


async def _type(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


def _fill(store):
    store.set_setting("practitioner", "Duty Officer One")
    ash = store.add(Child(given_name="Ash", family_name="Example"))
    store.set_setting("practitioner", "Case Manager Two")
    blake = store.add(Child(given_name="Blake", family_name="Sample"))
    store.update(ash, "family_name", "Specimen")
    return ash, blake


async def _read(app, pilot) -> None:
    """The trail is read in a thread (the entries, then the chain's walk): wait until both are on screen."""
    for _ in range(500):
        await workers_done(app)
        await pilot.pause()
        screen = app.screen
        if isinstance(screen, AuditScreen) and not screen.reading and screen.chain is not None:
            return
    raise AssertionError("the audit trail was not read")


def _rows(app) -> list[list[str]]:
    table = app.screen.query_one("#audit-table", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


@pytest.mark.both_engines
async def test_whole_store_trail_from_the_palette_and_filters(store, make_app):
    ash, blake = _fill(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await _type(pilot, "Audit trail")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await _read(app, pilot)
        assert isinstance(app.screen, AuditScreen)
        rows = _rows(app)
        assert rows[0][3] == "Consulted"  # viewing the trail is itself logged, newest first
        assert {"Collected", "Changed"} <= {r[3] for r in rows}
        status = str(app.screen.query_one("#audit-status", Static).render())
        assert "intact" in status and "Read-only" in status
        who = app.screen.query_one("#audit-who", Input)
        who.value = "duty officer"
        await _read(app, pilot)
        assert rows and all("Duty Officer One" in r[2] for r in _rows(app))
        who.value = ""
        app.screen.query_one("#audit-action", Select).value = "alter"
        await _read(app, pilot)
        assert {r[3] for r in _rows(app)} == {"Changed"}
        app.screen.query_one("#audit-from", Input).value = "01/01/2099"
        await _read(app, pilot)
        assert _rows(app) == []
        app.screen.query_one("#audit-from", Input).value = "31/02/2026"
        await pilot.pause()
        assert "not a real date" in str(app.screen.query_one("#audit-msg", Static).render())
        await pilot.press("ctrl+r")
        await _read(app, pilot)
        assert len(_rows(app)) == len(store.audit_entries())


async def test_child_trail_from_the_child_record(store, make_app):
    ash, blake = _fill(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_child(ash.id)
        await pilot.pause()
        await pilot.press("ctrl+p")
        await _type(pilot, "Audit trail of this child")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await _read(app, pilot)
        assert isinstance(app.screen, AuditScreen) and app.screen.child_id == ash.id
        assert "Ash" in app.screen.title
        rows = _rows(app)
        assert rows and all("Sample" not in " ".join(r) for r in rows)  # nothing of Blake's
        assert any(r[6] == "Example" and r[7] == "Specimen" for r in rows)


async def test_trail_is_read_only_on_screen(store, make_app):
    _fill(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(AuditScreen())
        await _read(app, pilot)
        before = [(e.id, e.hash) for e in store.audit_entries()]
        await pilot.press("enter", "delete", "backspace", "e", "d")
        await pilot.pause()
        after = [(e.id, e.hash) for e in store.audit_entries()]
        assert after == before  # no key changes an entry (and nothing was added)


async def test_export_is_encrypted_and_logged_as_a_disclosure(store, make_app, tmp_path):
    from yjtui.casework.export.crypto import read_encrypted

    ash, _blake = _fill(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_child(ash.id)
        await pilot.pause()
        app.push_screen(AuditScreen(ash))
        await _read(app, pilot)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("enter")  # no recipient yet: refused
        await pilot.pause()
        assert "who receives" in str(app.screen.query_one("#export-msg", Static).render())
        await _type(pilot, "DPO")
        app.screen.query_one("#export-purpose", Input).value = "subject access request"
        app.screen.query_one("#export-folder", Input).value = str(tmp_path)
        app.screen.query_one("#export-password", Input).value = "export password"
        app.screen.query_one("#export-password2", Input).value = "export password"
        await pilot.press("enter")
        sealed = tmp_path / f"audit-trail-record-{ash.id}-2026-11-23.csv.yjx"
        for _ in range(100):  # written, logged, and the trail read again
            await _read(app, pilot)
            if sealed.exists():
                break
        assert isinstance(app.screen, AuditScreen)
    assert sealed.exists() and b"Specimen" not in sealed.read_bytes()
    text = read_encrypted(sealed, "export password").decode()
    assert "Specimen" in text and "Sample" not in text
    last = store.audit_entries()[-1]
    assert (last.action, last.child_id, last.record) == ("disclose", ash.id, "audit")
    assert "DPO: subject access request" in last.detail and "export password" not in last.detail
    assert store.verify_audit()[0]


async def test_the_trail_is_read_in_a_thread_and_keys_work_meanwhile(store, make_app, monkeypatch):
    """A service's trail is long (issue 25: seconds at 5,000 children): the entries show while the whole chain is
    still being walked, in a thread, and the screen answers keys meanwhile."""
    import threading

    _fill(store)
    release = threading.Event()
    walked: list[str] = []
    real = type(store).verify_audit

    def slow_walk(self):
        walked.append(threading.current_thread().name)
        assert release.wait(30), "the test never let the walk finish"
        return real(self)

    monkeypatch.setattr(type(store), "verify_audit", slow_walk)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(AuditScreen())
        for _ in range(200):  # until the entries are listed (the walk still waiting)
            await pilot.pause()
            if isinstance(app.screen, AuditScreen) and app.screen.shown and not app.screen.reading:
                break
        assert walked and walked[0] != threading.main_thread().name
        assert "checking the audit trail's hash chain" in str(app.screen.query_one("#audit-status").render())
        assert _rows(app)[0][3] == "Consulted" and app.focused.id == "audit-table"
        await pilot.press("slash")  # answered while the chain is walked
        assert app.focused is not None and app.focused.id == "audit-who"
        release.set()
        await _read(app, pilot)
        assert "intact" in str(app.screen.query_one("#audit-status").render())


async def test_stored_values_are_shown_harmlessly_in_the_trail(store, make_app):
    ash, _blake = _fill(store)
    store.update(ash, "family_name", "\x1b]52;c;aGVsbG8=\x07Specimen\u202e")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(AuditScreen())
        await _read(app, pilot)
        now = [r[7] for r in _rows(app) if "Specimen" in r[7]]
        assert now and "\x1b" not in now[0] and "\u202e" not in now[0] and "␛" in now[0]


async def test_a_long_trail_is_listed_a_page_at_a_time_and_every_entry_is_reached(store, make_app):
    """The first page is short (a key is answered meanwhile); moving down lists the rest, down to the first entry."""
    from yjtui.screens.tables import Paged

    child = store.add(Child(given_name="Ash", family_name="Example"))
    for _ in range(Paged.PAGE * 2 + 5):
        store.log_consultation(child.id, "child", "opened")
    entries = len(store.audit_entries()) + 1  # and the screen's own viewing
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(AuditScreen())
        await _read(app, pilot)
        table = app.screen.query_one("#audit-table", DataTable)
        assert table.row_count == Paged.PAGE < entries
        for _ in range(entries):  # Page Down, as often as it takes: nearing the end brings the next page
            if table.row_count == entries:
                break
            await pilot.press("pagedown")
            await pilot.pause()
        assert table.row_count == entries
        assert _rows(app)[-1][0] == "1"  # the oldest entry, at the bottom
