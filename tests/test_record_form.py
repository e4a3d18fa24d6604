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


# The court, moves and risk screens (on the form base since issue 26, with tabs and rows of their own) keep the
# same promise: the child's records and packs read once.
OTHER_SCREENS = [
    ("yjtui.screens.court:CourtScreen", "d-known-previous_bail", (), "hearing"),
    ("yjtui.screens.moves:MovesScreen", "t-home_yot", (), "caserecord"),
    ("yjtui.screens.risk:RiskScreen", "rosh-evidence", ("ctrl+b",), "assessment"),
]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("target, field, first, table", OTHER_SCREENS, ids=[s[0].split(":")[1] for s in OTHER_SCREENS])
async def test_court_moves_and_risk_answer_a_keystroke_from_memory(store, make_app, monkeypatch, target, field,
                                                                   first, table):
    import importlib

    from yjtui.casework.demo import fill_demo
    from yjtui.screens import lock
    from tests.waits import until

    monkeypatch.setattr(lock, "IDLE_CHECK_SECONDS", 3600.0)
    fill_demo(store, today=date(2026, 11, 23))
    store.set_local_packs(["enfield", "leicester", "kent"])
    module_name, name = target.split(":")
    module = importlib.import_module(module_name)
    statements: list = []
    app = make_app()
    for held in (module, debounce):  # the pause never ends while keys are counted; flush() saves
        monkeypatch.setattr(held, "SAVE_DELAY", 3600.0, raising=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = getattr(module, name)(app.store.open_child(1))
        await app.push_screen(screen)
        if first:
            await pilot.press(*first)

        def focused() -> bool:
            """The field as it is now (ctrl+b redraws the risk form: the one read before may be gone), editable,
            holding the focus; asked again until it does."""
            box = next(iter(screen.query(f"#{field}").results(Input)), None)
            if box is None or not box.display or box.disabled:
                return False
            if screen.focused is not box:
                box.focus()
                return False
            return True

        await until(pilot, focused, f"#{field} editable and focused")
        box = screen.query_one(f"#{field}", Input)
        event.listen(app.store.engine, "before_cursor_execute", lambda *a, **k: statements.append((a[2], a[3])))
        await pilot.press(*"curfew")
        await until(pilot, lambda: box.value.endswith("curfew"), "the keys typed")
        await pilot.pause()
        assert statements == [], statements  # the findings were redrawn from memory
        screen.flush()
        await until(pilot, lambda: any("curfew" in str(p) for _sql, p in statements), "the save")


def test_a_field_reaches_into_a_list_row_and_never_makes_a_row():
    """Court charges and risk rows are lists in a record: "charges.1.offence" is the second charge's offence; a
    path to a row that is not there reads None and is refused on write, not added by typing."""
    from yjtui.screens.record_form import Held

    class Hearing:
        data = json.dumps({"package": {"hours": 3}})
        charges = json.dumps([{"offence": "Theft"}, {"offence": "Robbery"}])

    held = Held(Hearing(), columns=("data", "charges"))
    assert held.get(("charges", "1", "offence")) == "Robbery"
    assert held.get(("charges", "5", "offence")) is None
    assert held.put(("charges", "0", "offence"), "Burglary")
    assert held.values["charges"] == [{"offence": "Burglary"}, {"offence": "Robbery"}]
    assert not held.put(("charges", "0", "offence"), "Burglary")
    with pytest.raises(KeyError):
        held.put(("charges", "2", "offence"), "Arson")
    assert len(held.values["charges"]) == 2
    assert json.loads(held.dumped()["charges"])[0]["offence"] == "Burglary"


def test_an_entry_stored_in_the_wrong_shape_is_made_an_entry_again_when_typed_into():
    """A record from another copy (or an older version) holding a list where the form keeps entries is not a crash
    at the keystroke: the entry is made again."""
    from yjtui.screens.record_form import Held

    class Hearing:
        data = json.dumps({"package": ["odd"]})

    held = Held(Hearing())
    assert held.put(("data", "package", "hours"), 4)
    assert held.values["data"]["package"] == {"hours": 4}


# The plan (F4), on the form base since issue 26: what is typed is taken at once and its checks redrawn from memory.
PLAN_KEYSTROKES = [
    ("statutory_per_week", "3", "above the suggested maximum of two a week",
     lambda data: data["contacts"].get("statutory_per_week") == 3),
    ("case_manager", "curfew", "", lambda data: data["case_manager"].endswith("curfew")),
]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("field, keys, check, saved", PLAN_KEYSTROKES, ids=[p[0] for p in PLAN_KEYSTROKES])
async def test_the_plan_answers_a_keystroke_from_memory(store, make_app, monkeypatch, field, keys, check, saved):
    from yjtui.screens import lock
    from yjtui.screens.plan import PlanScreen
    from yjtui.store import Plan
    from tests.waits import until

    monkeypatch.setattr(lock, "IDLE_CHECK_SECONDS", 3600.0)
    child = _child(store)
    statements: list = []
    app = make_app()
    monkeypatch.setattr(debounce, "SAVE_DELAY", 3600.0)  # the pause never ends while keys are counted
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = PlanScreen(app.store.open_child(child.id))
        await app.push_screen(screen)
        await until(pilot, lambda: screen.query(f"#{field}"), "the plan's form")
        box = screen.query_one(f"#{field}", Input)
        box.focus()
        await until(pilot, lambda: screen.focused is box, f"#{field} focused")
        event.listen(app.store.engine, "before_cursor_execute", lambda *a, **k: statements.append((a[2], a[3])))
        await pilot.press(*keys)
        await until(pilot, lambda: box.value.endswith(keys), "the keys typed")
        checks = lambda: str(screen.query_one("#checks").render())  # noqa: E731
        await until(pilot, lambda: check in checks() and saved(screen.data), "the checks redrawn from what was typed")
        assert statements == [], statements  # taken and checked from memory; nothing saved yet
        assert screen.pending
        screen.flush()
        await until(pilot, lambda: not screen.pending and store.records(Plan, child.id)
                    and saved(json.loads(store.records(Plan, child.id)[-1].data)), "the save")


def test_every_workflow_screen_about_a_child_is_a_record_form():
    """Issue 26: one record form. Every workflow a function key opens for a child is built on RecordScreen, so it
    fills, checks, saves (one debounce, one guard) and answers a keystroke the one way."""
    import importlib

    from yjtui.screens.record_form import RecordScreen
    from yjtui.screens.registry import WORKFLOWS

    for w in WORKFLOWS:
        if not w.needs_child:
            continue
        module, name = w.target.split(":")
        screen = getattr(importlib.import_module(module), name)
        assert issubclass(screen, RecordScreen), w.target
