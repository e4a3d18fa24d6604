"""The deadline board: every child's deadlines from the engine, overdue first, done ones off the list."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from tests.waits import workers_done
from yjtui.casework import board
from yjtui.store import Child, Event, TaskDone

pytestmark = pytest.mark.both_engines  # the store on SQLite and on a team server

XMAS = date(2026, 12, 30)


def _christmas(store):
    a = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2010, 3, 14)))
    b = store.add(Child(given_name="Blake", family_name="Sample", date_of_birth=date(2010, 5, 1)))
    # Thursday 24/12/2026: 2 working days skip Christmas Day and the Boxing Day substitute (Mon 28/12) -> 30/12.
    store.add(Event(child_id=a.id, type="order_made", at=datetime(2026, 12, 24), data='{"order_type": "yro"}'))
    # Wednesday 23/12/2026: 24/12 is day 1, then 29/12 (Tuesday) -> due 29/12, overdue on 30/12.
    store.add(Event(child_id=b.id, type="order_made", at=datetime(2026, 12, 23), data='{"order_type": "yro"}'))
    # 24 hours from 28/12 10:00 -> 29/12 10:00, earlier than a date-only deadline on the same day.
    store.add(Event(child_id=b.id, type="bail_support_imposed", at=datetime(2026, 12, 28, 10, 0)))
    return a, b


def test_board_orders_across_christmas_and_marks_overdue(store):
    a, b = _christmas(store)
    rows = board.collect(store, XMAS)
    firsts = [(r.child, r.rule, r.due_text, r.overdue) for r in rows[:3]]
    assert firsts == [
        ("Blake Sample", "bail.allocate_worker", "29/12/2026 10:00", True),  # seed 002 L4386
        ("Blake Sample", "order.allocate_worker", "29/12/2026", True),        # seed 002 L1644
        # 24 hours to allocate, then 24 hours from allocation (L4386): the latest, while no allocation is recorded.
        ("Blake Sample", "bail.contact_parent_by", "30/12/2026 10:00", False),
    ]
    assert "L1644" in rows[1].citation


def test_done_task_leaves_the_board_and_next_deadline(store):
    a, b = _christmas(store)
    nxt = board.next_deadlines(store, [a.id, b.id], XMAS)
    assert nxt[b.id].startswith("OVERDUE 29/12/2026 10:00")
    assert nxt[a.id].startswith("30/12/2026")
    first = board.collect(store, XMAS)[0]
    board.mark_done(store, first, now=datetime(2026, 12, 30, 9, 0))  # the allocation: the parent contact by 31/12
    assert board.next_deadlines(store, [b.id], XMAS)[b.id].startswith("OVERDUE 29/12/2026 Child allocated")
    assert store.records(TaskDone, b.id)[0].done_by == store.who


async def settled(app, pilot) -> None:
    """The board reads and records in a thread: wait for that, then for the screen to draw what it found."""
    for _ in range(500):
        await workers_done(app)
        await pilot.pause()
        busy = any(w.node is app.screen and not w.is_finished for w in app.workers)
        if app.screen.collected is not None and not app.screen.reading and not busy:
            return
    raise AssertionError("the board did not finish reading")


async def test_board_screen_filters_and_marks_done(store, make_app):
    from yjtui.screens.board import BoardScreen

    a, b = _christmas(store)
    app = make_app(today=XMAS)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("f5")
        await settled(app, pilot)
        assert isinstance(app.screen, BoardScreen)
        table = app.screen.query_one("#deadlines", DataTable)
        first = [str(c) for c in table.get_row_at(0)]
        assert first[0] == "OVERDUE" and first[1] == "29/12/2026 10:00" and first[2] == "Blake Sample"
        assert "L4386" in str(app.screen.query_one("#board-detail").render())  # basis and citation of the row
        total = table.row_count
        await pilot.press("o")
        await pilot.pause()
        assert table.row_count == 2
        await pilot.press("d")  # mark the first overdue task done
        await settled(app, pilot)
        assert table.row_count == 1
        # The allocation recorded (the parent contact is then timed from it, L4386).
        assert {t.rule for t in store.records(TaskDone, b.id)} == {"bail.allocate_worker", "bail.contact_parent_by"}
        await pilot.press("a")
        await pilot.pause()
        assert table.row_count == total - 1
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.child.id == b.id


def _completed(store, record, now) -> None:
    """Completed as the risk screen completes one (screens/sign_off.complete: the sign-off's fields through the
    guard, then the review on the board), set up here without the screen."""
    from yjtui.casework import assessments, sign_off

    for name, value in sign_off.completed(store, now).items():
        store.update(record, name, value)
    assessments.review_on_board(store, record, now, 3)


def test_a_completed_risk_assessment_puts_its_review_on_the_board_and_in_next_due(store):
    """Issue 23: the risk review 3 months after the assessment was not on the board or in "Next due"."""
    from yjtui.store import Assessment

    child = store.add(Child(given_name="Cas", family_name="Example", date_of_birth=date(2010, 3, 14)))
    first = store.add(Assessment(child_id=child.id, kind="rosh", status="draft", final="medium"))
    _completed(store, first, datetime(2026, 11, 23, 10, 0))
    rows = [r for r in board.collect(store, date(2026, 11, 24)) if r.rule == "assessment.risk_review"]
    assert [(r.due_text, r.title.split(" ")[0]) for r in rows] == [("23/02/2027", "RoSH")]  # seed 002 L1218
    assert board.next_deadlines(store, [child.id], date(2026, 11, 24))[child.id].startswith("23/02/2027 RoSH")
    second = store.add(Assessment(child_id=child.id, kind="rosh", status="draft", final="high"))
    _completed(store, second, datetime(2027, 1, 10, 9, 0))
    rows = [r for r in board.collect(store, date(2027, 1, 11)) if r.rule == "assessment.risk_review"]
    assert [r.due_text for r in rows] == ["10/04/2027"]  # the earlier review answered by the new assessment


def test_marking_the_bail_allocation_done_times_the_parent_contact_from_it(store):
    """Issue 23: parent contact within 24 hours of allocation (seed 002 L4386) was a checklist line only."""
    child = store.add(Child(given_name="Dee", family_name="Sample", date_of_birth=date(2010, 3, 14)))
    store.add(Event(child_id=child.id, type="bail_support_imposed", at=datetime(2026, 11, 23, 10, 0)))
    today = date(2026, 11, 23)
    rules = {r.rule: r for r in board.collect(store, today, now=datetime(2026, 11, 23, 12, 0))}
    assert rules["bail.contact_parent_by"].due_text == "25/11/2026 10:00"
    board.mark_done(store, rules["bail.allocate_worker"])
    rules = {r.rule: r for r in board.collect(store, today, now=datetime(2026, 11, 23, 12, 0))}
    assert "bail.contact_parent_by" not in rules and "bail.allocate_worker" not in rules
    assert "bail.contact_parent" in rules  # 24 hours from the allocation just recorded


async def test_board_reads_once_per_showing_in_a_thread_and_answers_keys_meanwhile(store, make_app, monkeypatch):
    """A large caseload takes a while to read (issue 25: seconds at 5,000 children): the board reads it in a thread,
    once each time it is shown, and keys work while it does."""
    import threading

    from yjtui.screens.board import BoardScreen

    _christmas(store)
    release = threading.Event()
    reads: list[str] = []
    real = board.collect

    def slow_collect(*args, **kw):
        if kw.get("child_ids") is None:  # the board's read (the case list asks for the children it shows)
            reads.append(threading.current_thread().name)
        assert release.wait(30), "the test never let the read finish"
        return real(*args, **kw)

    monkeypatch.setattr(board, "collect", slow_collect)
    app = make_app(today=XMAS)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("f5")
        for _ in range(200):  # until the read has started in its thread
            if reads:
                break
            await pilot.pause()
        assert isinstance(app.screen, BoardScreen) and app.screen.reading
        assert reads and reads[0] != threading.main_thread().name
        await pilot.press("o")  # answered while the read waits
        status = str(app.screen.query_one("#board-status").render())
        assert "Reading the deadlines" in status and "overdue." in status
        release.set()
        await settled(app, pilot)
        table = app.screen.query_one("#deadlines", DataTable)
        assert table.row_count == 2 and all(str(table.get_row_at(i)[0]) == "OVERDUE" for i in range(2))
        assert len(reads) == 1  # one read for one showing (it was two: on_mount and on_screen_resume)
        await pilot.press("f1")  # another screen over the board (help, settings), then back: read again
        await pilot.pause()
        await pilot.press("escape")
        await settled(app, pilot)
        assert isinstance(app.screen, BoardScreen) and len(reads) == 2


@pytest.mark.sqlite_only  # a team server refuses such a name (tests/test_team_server.py): a file may hold it
async def test_stored_names_are_shown_harmlessly_on_the_board(store, make_app):
    child = store.add(Child(given_name="Ash\x1b]52;c;aGVsbG8=\x07", family_name="\u202eExample"))
    store.add(Event(child_id=child.id, type="order_made", at=datetime(2026, 12, 24), data='{"order_type": "yro"}'))
    app = make_app(today=XMAS)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("f5")
        await settled(app, pilot)
        name = str(app.screen.query_one("#deadlines", DataTable).get_row_at(0)[2])
        assert "\x1b" not in name and "\u202e" not in name and "␛" in name and "<U+202E>" in name


def test_a_task_marked_done_can_be_undone_and_the_undo_is_audited(store):
    """Issue 23: `d` on the board marked a deadline done with no undo."""
    child = store.add(Child(given_name="Eli", family_name="Sample", date_of_birth=date(2010, 3, 14)))
    store.add(Event(child_id=child.id, type="bail_support_imposed", at=datetime(2026, 11, 23, 10, 0)))
    today, now = date(2026, 11, 23), datetime(2026, 11, 23, 12, 0)
    before = {r.rule: r.due_text for r in board.collect(store, today, now=now)}
    done = board.mark_done(store, next(r for r in board.collect(store, today, now=now)
                                       if r.rule == "bail.allocate_worker"), now=now)
    board.undo_done(store, done)
    # Back as it was: the allocation and the parent contact's latest date, not the 24 hours from the allocation.
    assert {r.rule: r.due_text for r in board.collect(store, today, now=now)} == before
    undo = [a for a in store.audit_entries(child.id) if a.action == "alter" and a.record == "taskdone"]
    assert {(a.old, a.new) for a in undo} >= {("bail.allocate_worker", "undone:bail.allocate_worker")}
    assert all(a.who == store.who for a in undo)
    # Done again after the undo: off the board once more.
    board.mark_done(store, next(r for r in board.collect(store, today, now=now) if r.rule == "bail.allocate_worker"))
    assert "bail.allocate_worker" not in {r.rule for r in board.collect(store, today, now=now)}


async def test_u_on_the_board_undoes_the_last_done(store, make_app):
    """Issue 23: the board's `u` puts back the task `d` took off, and the footer shows it."""
    _christmas(store)
    app = make_app(today=XMAS)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await settled(app, pilot)
        table = app.screen.query_one("#deadlines", DataTable)
        total = table.row_count
        undo = next(k for k in app.screen.query(FooterKey) if k.key == "u")
        assert undo.description == "Undo" and undo.region.width > 0 and undo.region.right <= 80
        await pilot.press("d")
        await settled(app, pilot)
        assert table.row_count == total - 1
        await pilot.press("u")
        await settled(app, pilot)
        assert table.row_count == total
        assert [str(c) for c in table.get_row_at(0)][:3] == ["OVERDUE", "29/12/2026 10:00", "Blake Sample"]
