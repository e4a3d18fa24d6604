"""The deadline board: every child's deadlines from the engine, overdue first, done ones off the list."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from textual.widgets import DataTable

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
        ("Ash Example", "order.allocate_worker", "30/12/2026", False),
    ]
    assert "L1644" in rows[1].citation


def test_done_task_leaves_the_board_and_next_deadline(store):
    a, b = _christmas(store)
    nxt = board.next_deadlines(store, [a.id, b.id], XMAS)
    assert nxt[b.id].startswith("OVERDUE 29/12/2026 10:00")
    assert nxt[a.id].startswith("30/12/2026")
    first = board.collect(store, XMAS)[0]
    board.mark_done(store, first)
    assert board.next_deadlines(store, [b.id], XMAS)[b.id].startswith("OVERDUE 29/12/2026 Child allocated")
    assert store.records(TaskDone, b.id)[0].done_by == store.who


async def test_board_screen_filters_and_marks_done(store, make_app):
    from yjtui.screens.board import BoardScreen

    a, b = _christmas(store)
    app = make_app(today=XMAS)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
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
        await pilot.pause()
        assert table.row_count == 1
        assert store.records(TaskDone, b.id)[0].rule == "bail.allocate_worker"
        await pilot.press("a")
        await pilot.pause()
        assert table.row_count == total - 1
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.child.id == b.id
