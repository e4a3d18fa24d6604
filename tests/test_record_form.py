"""The one record form (yjtui/screens/record_form.py) the workflow screens are built on: a keystroke is answered
from memory (no statement reaches the store; only the save after the pause does), and what was typed is saved."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import event
from textual.widgets import Input

from yjtui.screens import debounce
from yjtui.store import CaseRecord, Child, Event

SIZE = (140, 45)


def _child(store) -> Child:
    store.set_local_packs(["enfield", "leicester", "kent"])
    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2010, 3, 14)))
    store.add(CaseRecord(child_id=child.id, kind="iss", data=json.dumps({"basis": "yro", "started_on": "2026-11-02"})))
    store.add(Event(child_id=child.id, type="iss_started", at=datetime(2026, 11, 2)))
    return child


# (workflow module:class, the text field typed into, where its saved value is read back)
SCREENS = [
    ("yjtui.screens.police:PoliceScreen", "iss-conditions",
     lambda store, child: json.loads([r for r in store.records(CaseRecord, child.id) if r.kind == "iss"][-1].data)
     .get("conditions")),
    ("yjtui.screens.oocd:OocdScreen", "rationale",
     lambda store, child: json.loads([r for r in store.records(CaseRecord, child.id) if r.kind == "oocd"][-1].data)
     .get("rationale")),
]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("target, field, saved", SCREENS, ids=[s[0].split(":")[1] for s in SCREENS])
async def test_a_keystroke_sends_nothing_to_the_store_and_the_pause_saves_it(store, make_app, monkeypatch, target,
                                                                               field, saved):
    import importlib

    from yjtui.screens import lock

    monkeypatch.setattr(lock, "IDLE_CHECK_SECONDS", 3600.0)  # the idle lock's own timer is not a keystroke's
    child = _child(store)
    module, name = target.split(":")
    screen_type = getattr(importlib.import_module(module), name)
    statements: list[str] = []
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = screen_type(app.store.open_child(child.id))
        await app.push_screen(screen)
        await pilot.pause()
        box = screen.query_one(f"#{field}", Input)
        box.focus()
        await pilot.pause()
        monkeypatch.setattr(debounce, "SAVE_DELAY", 3600.0)  # the pause never ends while keys are counted
        event.listen(app.store.engine, "before_cursor_execute", lambda *a, **k: statements.append((a[2], a[3])))
        await pilot.press(*"curfew")
        await pilot.pause()
        assert statements == [], statements
        assert screen.pending  # waiting for the pause
        screen.flush()
        await pilot.pause()
        assert statements and not screen.pending
        assert saved(app.store, child) == "curfew"
