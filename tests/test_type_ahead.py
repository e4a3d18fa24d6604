"""Type-ahead: keys typed in one burst, faster than the screen can follow, each land in the field meant, in order.

A terminal delivers a burst (a fast typist, a paste of keys, tmux `send-keys`) as key events one straight after
another. Pilot's `press` waits for the app to settle after every key, so it cannot show the fault; `burst` below
posts the keys as the terminal driver does, with no pause between them. Each walk opens a screen or creates a
record or widget in the middle of the burst: the new child, a court charge (ctrl+g), a RoSH behaviour (ctrl+n), a
plan item (ctrl+n), and F2/F3/F4 followed by typing at once.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import date

import pytest
from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

from yjtui.store import Assessment, Child, Hearing, Plan

SIZE = (120, 40)


def burst(app, *parts: str | list[str]) -> None:
    """Post keys as the terminal driver does for one burst: no waiting between them. A plain string is typed
    character by character; a list holds key names ("tab", "ctrl+g", "f3")."""
    keys: list[str] = []
    for part in parts:
        keys.extend(part if isinstance(part, list) else list(part))
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        try:
            char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)


async def settle(pilot, app) -> None:
    """Until every held key has been delivered and handled."""
    for _ in range(200):
        await pilot.pause()
        if not app.keys_held() and app.settled(from_app=False):
            return
    raise AssertionError(f"{app.keys_held()} keys still held")


def _value(app, selector: str) -> str:
    return app.screen.query_one(selector).value


async def test_new_child_typed_in_one_burst(store, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # n opens a new record; the names and date of birth follow before it has been drawn.
        burst(app, "n", "Jordan", ["tab"], "Reeve", ["tab"], "15/07/2011")
        await settle(pilot, app)
        assert (_value(app, "#given_name"), _value(app, "#family_name"), _value(app, "#date_of_birth")) == \
            ("Jordan", "Reeve", "15/07/2011")
        burst(app, ["escape"])  # back to the case list: saves at once
        await settle(pilot, app)
    rows, _total = store.search("Reeve", limit=2)
    saved = store.get(Child, rows[0].id)
    assert (saved.given_name, saved.family_name, saved.date_of_birth) == ("Jordan", "Reeve", date(2011, 7, 15))


async def test_court_opened_and_charge_added_mid_burst(store, make_app):
    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2011, 3, 14)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_child(child.id)
        await pilot.pause()
        # F3 opens the court screen, the court's name follows at once; ctrl+g adds a charge and its offence
        # follows at once; Tab leaves the offence for its first answer.
        burst(app, ["f3"], "Highbury Corner", ["ctrl+g"], "robbery", ["ctrl+g"], "theft", ["tab"], "Z")
        await settle(pilot, app)
        screen = app.screen
        assert _value(app, "#h-court") == "Highbury Corner"
        assert _value(app, "#c0-offence") == "robbery"
        assert _value(app, "#c1-offence") == "theft"
        assert [c["offence"] for c in screen.charges] == ["robbery", "theft"]
        burst(app, ["escape"])
        await settle(pilot, app)
    hearing = store.records(Hearing, child.id)[-1]
    assert hearing.court == "Highbury Corner"
    assert [c["offence"] for c in json.loads(hearing.charges)] == ["robbery", "theft"]


async def test_risk_opened_and_behaviour_added_mid_burst(store, make_app):
    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2011, 3, 14)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_child(child.id)
        await pilot.pause()
        burst(app, ["f2", "ctrl+n"], "Knife assault", ["tab"], "Known peers", ["ctrl+n"], "Robbery")
        await settle(pilot, app)
        items = app.screen.drafts["rosh"].data["behaviours"]
        assert [(b["description"], b.get("at_risk")) for b in items] == \
            [("Knife assault", "Known peers"), ("Robbery", "")]
        burst(app, ["escape"])
        await settle(pilot, app)
    rosh = [a for a in store.records(Assessment, child.id) if a.kind == "rosh"][-1]
    assert [b["description"] for b in json.loads(rosh.data)["behaviours"]] == ["Knife assault", "Robbery"]


def _starve(monkeypatch) -> None:
    """On a loaded laptop the clock runs while the app waits for a CPU: the item form took more than 2 s by the
    clock to open and its first key was delivered early, to the plan behind it ("eekly mentoring"). Here the clock
    runs a second each time it is read; a key must wait for the app's own work, not for the clock."""
    import time as real_time
    import types

    from yjtui.screens import typeahead

    ticks = iter(range(10**9))
    monkeypatch.setattr(typeahead, "time", types.SimpleNamespace(
        monotonic=lambda: real_time.monotonic() + next(ticks), process_time=real_time.process_time))
    monkeypatch.setattr(typeahead, "WALL_WAIT", 10**6)  # the clock's own limit out of the way: CPU time decides


@pytest.mark.parametrize("clock", ["real", "starved"])
async def test_plan_opened_and_item_added_mid_burst(store, make_app, monkeypatch, clock):
    if clock == "starved":
        _starve(monkeypatch)
    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2011, 3, 14)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_child(child.id)
        await pilot.pause()
        # The item form opens on ctrl+n; every field is typed before it has been drawn, the kind picked from
        # its list (enter opens it, down, enter), ctrl+s saves.
        burst(app, ["f4", "ctrl+n"], "Weekly mentoring", ["tab"], "Sam Mentor", ["tab"], "01/12/2026", ["tab"],
              "Attends", ["tab", "enter", "down", "enter", "ctrl+s"])
        await settle(pilot, app)
        items = app.screen.data.get("items")
        assert items == [{"what": "Weekly mentoring", "who": "Sam Mentor", "by": "2026-12-01",
                          "measure": "Attends", "kind": "voluntary", "covers": []}] or \
            [(i["what"], i["who"], i["by"], i["measure"], i["kind"]) for i in items] == \
            [("Weekly mentoring", "Sam Mentor", "2026-12-01", "Attends", "voluntary")]
    plan = store.records(Plan, child.id)[-1]
    assert json.loads(plan.data)["items"][0]["what"] == "Weekly mentoring"


def _saved_charges(path) -> str:
    import sqlite3

    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return " ".join(r[0] for r in con.execute("SELECT charges FROM hearing"))
        finally:
            con.close()
    except sqlite3.Error:
        return ""


def test_bursts_in_a_real_terminal(tmp_path):
    """The real app in tmux on a fresh store: each `send-keys` below is one burst, sent with no pause inside it."""
    import shutil
    import sys
    import time

    import pytest

    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    from tests.test_crash_tmux import Tmux
    from yjtui.store import Store

    path = tmp_path / "fresh.db"
    tmux = Tmux(f"exec env TEXTUAL_ANIMATIONS=none HOME={tmp_path} {sys.executable} -m yjtui --db {path}")

    def burst_keys(*keys: str) -> None:
        tmux.run("send-keys", "-t", "app", "--", *keys)

    try:
        tmux.wait_for("Case list")
        burst_keys("n", "Jordan", "Tab", "Reeve", "Tab", "15/07/2011")
        tmux.wait_for("15/07/2011")
        burst_keys("F3", "Highbury Corner", "C-g", "robbery")
        tmux.wait_for("Court: bail and remand")
        # The charge may sit below the fold of a small terminal: wait for it in the store (saved as typed).
        end = time.monotonic() + 30
        while time.monotonic() < end and "robbery" not in _saved_charges(path):
            time.sleep(0.3)
        time.sleep(0.5)
        burst_keys("C-q")  # quitting saves whatever is still waiting for its timer
        end = time.monotonic() + 15
        while tmux.run("list-sessions").strip() and time.monotonic() < end:
            time.sleep(0.2)
    finally:
        tmux.close()
    store = Store(path)
    rows, _total = store.search("Reeve", limit=2)
    child = store.get(Child, rows[0].id)
    assert (child.given_name, child.family_name, child.date_of_birth) == ("Jordan", "Reeve", date(2011, 7, 15))
    hearing = store.records(Hearing, child.id)[-1]
    assert hearing.court == "Highbury Corner"
    assert [c["offence"] for c in json.loads(hearing.charges)] == ["robbery"]
    store.close()

