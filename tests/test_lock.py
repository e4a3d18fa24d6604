"""The lock: ctrl+l hides the screen at once (from any field), the idle timer locks too, and only the right
secret unlocks (the passphrase of an encrypted store, the PIN of a plain one). The passphrase screen at start.

Update the snapshot with `pytest tests/test_lock.py --snapshot-update`, then look at the SVG before committing.
"""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, Static

from tests.waits import until, workers_done
from yjtui.screens import keys
from yjtui.screens.case_list import CaseListScreen
from yjtui.screens.child import ChildScreen
from yjtui.screens.lock import LockScreen
from yjtui.store import Child, Store

SIZE = (120, 40)
TODAY = date(2026, 11, 23)
KEY = "court corridor key"


@pytest.fixture(autouse=True)
def _no_animation(monkeypatch):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture
def enc_store(tmp_path):
    s = Store(tmp_path / "enc.db", key=KEY)
    yield s
    s.close()


def _app(store):
    from yjtui.app import YjtuiApp

    return YjtuiApp(store, today=TODAY)


async def _type(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


def _screen_text(app) -> str:
    return " ".join(str(w.render()) for w in app.screen.query(Static))


def test_quick_hide_key_is_in_the_footer_and_the_help():
    lock = next(b for b in keys.APP if b.id == "app.lock")
    assert lock.key == "ctrl+l" and lock.priority and lock.show


async def test_quick_hide_from_a_field_then_unlock_with_the_passphrase(enc_store):
    child = enc_store.add(Child(given_name="Ash", family_name="Example"))
    app = _app(enc_store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_child(child.id)
        await pilot.pause()
        assert app.focused.id == "given_name"  # typing in a field: the key must still work
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen) and app.locked
        assert "Ash" not in _screen_text(app) and "Example" not in _screen_text(app)
        # App keys do nothing while locked: no palette, no help, no workflow screen over the lock.
        await pilot.press("ctrl+p", "f1", "f2")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        await _type(pilot, "not the key")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        assert "does not unlock" in str(app.screen.query_one("#lock-msg", Static).render())
        await _type(pilot, KEY)
        await pilot.press("enter")
        await pilot.pause()
        assert not app.locked and isinstance(app.screen, ChildScreen)
        assert app.screen.child.id == child.id  # back where the officer was


@pytest.mark.both_engines
async def test_plain_store_unlocks_only_with_the_pin(store):
    store.set_lock_pin("4821")
    assert store.lock_pin_hash().startswith("scrypt$") and "4821" not in store.lock_pin_hash()  # a salted hash
    assert all("4821" not in e.old + e.new for e in store.audit_entries())
    app = _app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+l")
        await pilot.pause()
        for wrong in ("", "1234", "48210"):
            await _type(pilot, wrong)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, LockScreen), wrong
        await _type(pilot, "4821")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseListScreen)


async def test_without_a_pin_the_lock_says_it_only_hides(store):
    app = _app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert "No PIN is set" in _screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseListScreen)


async def test_idle_timeout_locks(enc_store):
    enc_store.set_setting("lock_idle_minutes", "1")
    app = _app(enc_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app._check_idle()
        await workers_done(app)
        assert not app.locked  # just active
        app._last_activity -= 61  # a minute and a second without a key press
        app._check_idle()
        await workers_done(app)  # the minutes set are read in a thread
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)


async def test_idle_minutes_and_pin_in_settings(store):
    from yjtui.screens.settings import SettingsScreen

    app = _app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SettingsScreen())
        await pilot.pause()
        idle = app.screen.query_one("#idle-minutes", Input)
        idle.value = "12"
        await pilot.pause()
        assert store.idle_minutes() == 12
        app.screen.query_one("#lock-pin", Input).focus()
        await _type(pilot, "9922")
        await pilot.press("enter")
        await pilot.pause()
        assert store.lock_pin_hash().startswith("scrypt$")
        assert store.unlocks("9922") and not store.unlocks("9923")



def _signing_in(where, **kw):
    from yjtui.app import YjtuiApp
    from yjtui.screens.sign_in import SignIn

    return YjtuiApp(None, today=TODAY, sign_in=SignIn(where, **kw))


async def test_sign_in_asks_again_after_a_wrong_passphrase_then_opens_the_case_list(enc_store):
    from yjtui.screens.sign_in import SignInScreen

    enc_store.add(Child(given_name="Ash", family_name="Example"))
    path = enc_store.path
    enc_store.close()
    app = _signing_in(path)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, SignInScreen) and app.store is None
        await pilot.press("f2", "ctrl+p", "f1")  # nothing but leaving works before signing in
        await pilot.pause()
        assert isinstance(app.screen, SignInScreen)
        await _type(pilot, "not the key")
        await pilot.press("enter")
        msg = app.screen.query_one("#lock-msg", Static)
        await until(pilot, lambda: "does not open this store" in str(msg.render()), "the refusal")
        assert app.is_running and app.store is None
        await _type(pilot, KEY)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CaseListScreen), "the case list")
        assert app.store.encrypted
        assert [row.name for row in app.store.search("Ash")[0]] == ["Ash Example"]


async def test_sign_in_leaves_after_five_wrong(enc_store):
    from yjtui.screens.sign_in import MAX_TRIES

    path = enc_store.path
    enc_store.close()
    app = _signing_in(path)
    async with app.run_test(size=SIZE) as pilot:
        for n in range(MAX_TRIES):
            await _type(pilot, "wrong one")
            await pilot.press("enter")
            if n < MAX_TRIES - 1:
                await until(pilot, lambda n=n: f"({MAX_TRIES - n - 1} tries left)"
                             in str(app.screen.query_one("#lock-msg", Static).render()), "the refusal")
        await until(pilot, lambda: not app.is_running, "the app to leave")
    assert app.return_code == 3 and app.store is None


@pytest.mark.sqlite_only
async def test_team_server_sign_in_as_the_persons_own_login_and_the_password_unlocks(monkeypatch):
    """A browser session (`yjtui serve`): the person types their login and password; the audit names them; the
    idle lock asks the same password again."""
    from tests import postgres
    from yjtui.screens.sign_in import SignInScreen

    name = postgres.fresh_database()
    try:
        url = postgres.url(name)
        monkeypatch.setenv("PGPASSWORD", "not the person's password")
        app = _signing_in(_without_user(url), ask_user=True)
        async with app.run_test(size=SIZE) as pilot:
            assert isinstance(app.screen, SignInScreen)
            await _type(pilot, "cm_alex")
            await pilot.press("enter")
            await _type(pilot, "wrong password")
            await pilot.press("enter")
            msg = app.screen.query_one("#lock-msg", Static)
            await until(pilot, lambda: "did not accept" in str(msg.render()), "the refusal")
            await _type(pilot, postgres.PASSWORD)
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, CaseListScreen), "the case list")
            assert app.store.who == "cm_alex" and app.role() == "case_manager"
            await pilot.press("ctrl+l")
            await pilot.pause()
            assert isinstance(app.screen, LockScreen)
            assert "team-server password" in _screen_text(app)
            await _type(pilot, "4821")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, LockScreen)
            await _type(pilot, postgres.PASSWORD)
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, CaseListScreen), "unlocked")
            app.store.close()
    finally:
        postgres.drop_database(name)


def _without_user(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, parts.query, ""))


def test_lock_screen_snapshot(snap_compare, enc_store):
    enc_store.add(Child(given_name="Ash", family_name="Example"))
    app = _app(enc_store)

    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("ctrl+l")
        await pilot.pause()
        for inp in app.screen.query(Input):
            inp.cursor_blink = False
        await _type(pilot, "secret")  # shown as dots, never the text
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


async def test_the_idle_timer_reads_the_minutes_set_off_the_ui_thread(store, monkeypatch):
    """Every few seconds the timer needs the minutes set in Settings: on a team server that is a question over the
    network, so it is asked in a thread, never on the one that answers keys."""
    import threading

    asked: list[str] = []
    real = type(store).idle_minutes

    def idle_minutes(self):
        asked.append(threading.current_thread().name)
        return real(self)

    monkeypatch.setattr(type(store), "idle_minutes", idle_minutes)
    store.set_setting("lock_idle_minutes", "2")
    app = _app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app._last_activity -= 121
        app._check_idle()
        await workers_done(app)
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
    assert asked and threading.main_thread().name not in asked
