"""The deadline board: every deadline of every child, overdue first, filtered to mine, this week or overdue.

Rows come from `yjtui.casework.board` (the deadline rules over the whole caseload's dated events, read in one pass,
minus tasks marked done), read once each time the board is shown, in a thread: the screen answers keys while a
large caseload loads, and the filters work on what was read. A long list is put in the table a page at a time as the
cursor comes near its end. Overdue is said in words ("OVERDUE"), not only in colour. Enter opens the child (and their
plan for a plan-review task); `d` marks the task done, recording when and by whom; `u` puts the last task marked
done on this board back, audited as the done is.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache

from rich.console import Console
from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from yjtui.casework import board
from yjtui.rules import roles
from yjtui.screens import keys
from yjtui.screens.background import in_background
from yjtui.screens.tables import Paged, fit_columns
from yjtui.text import shown
from yjtui.screens.footer import Footer
from yjtui.screens.header import Header

BINDINGS = keys.BOARD

PLAN_RULES = ("order.intervention_plan_review", "assessment.review_enfield")
FILTER_WORDS = {"all": "all dates", "week": "due in the next 7 days", "overdue": "overdue"}


@lru_cache(maxsize=4096)
def _lines(text: str, width: int, console: Console) -> int:
    """How many lines `text` wraps to in a column `width` wide (as the table would measure it, without asking it to:
    measuring every row is what made a long board slow)."""
    return max(1, len(Text(text).wrap(console, max(1, width))))


class BoardScreen(Screen):
    BINDINGS = BINDINGS
    TITLE = "Deadlines"
    DEFAULT_CSS = """
    #deadlines { height: 1fr; width: 100%; }
    #board-status { margin: 0 1; }
    #board-detail { height: auto; max-height: 6; margin: 0 1; border-top: solid $primary; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.mine_only = False
        self.when = "all"
        self.rows: list[board.BoardRow] = []  # the rows the filters keep, in due order
        self.collected: list[board.BoardRow] | None = None  # every open deadline the user's role sees, as read
        self.mine: set[int] | None = None  # the children that are mine, once asked for
        self.reading = False
        self.problem = ""
        self._done_here: set[tuple[int, int | None, str]] = set()  # marked done on this board (a read may predate it)
        self._undoable: list[tuple[board.BoardRow, "board.TaskDone"]] = []  # `u` undoes the last
        self._width = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="board-status")
        yield DataTable(id="deadlines", cursor_type="row", zebra_stripes=True)
        yield Static("", id="board-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#deadlines", DataTable)
        self.listed = Paged(table, self._add_row)
        table.loading = True  # it takes the focus once read (`_read_done`)
        self._show_status()

    def on_resize(self) -> None:
        # After the layout: the table is still its old width when the screen hears of the new size, and columns
        # fitted to that (200 columns' worth at 80) cut every task after a live resize (issue 23).
        self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        if self.is_attached and self.collected is not None and self._table_width() != self._width:
            self.show_rows()

    def _table_width(self) -> int:
        return self.query_one("#deadlines", DataTable).size.width or self.size.width - 2

    def on_screen_resume(self) -> None:
        self.read()  # each time the board is shown: first, and back from a child whose events may have changed

    def _now(self) -> datetime:
        today = self.app.today()
        return datetime.now() if today == date.today() else datetime.combine(today, time.min)

    # --- reading, off the UI thread -----------------------------------------------------------------------------
    def read(self) -> None:
        """Read the caseload's deadlines again in a thread; what is on screen stays until the answer comes."""
        self.reading = True
        self.problem = ""
        self._show_status()
        # After the app's own loading just after the first paint (the board is a manager's start screen): the
        # thread then imports nothing the UI thread is importing.
        self.app.call_after_refresh(self._start_read)

    def _start_read(self) -> None:
        if not self.is_attached:
            return
        store, today, now, role = self.app.store, self.app.today(), self._now(), self.app.role()
        want_mine = self.mine_only

        def work():
            rows = board.collect(store, today, now)
            if role != "case_manager":  # the police officer's board holds the police tasks (rules/roles.py)
                rows = [r for r in rows if roles.sees_deadline(role, r.rule)]
            return rows, board.my_children(store) if want_mine else None

        in_background(self, "board-read", work, self._read_done, self._failed)

    def _read_done(self, answer: tuple[list[board.BoardRow], set[int] | None]) -> None:
        rows, mine = answer
        self.collected = [r for r in rows if (r.child_id, r.event_id, r.rule) not in self._done_here]
        if mine is not None:
            self.mine = mine
        self.reading = False
        table = self.query_one("#deadlines", DataTable)
        table.loading = False
        if self.focused is None:
            table.focus()  # a table that is loading cannot take the focus
        self.refresh_bindings()  # the footer left out the table's keys while it was loading
        self.show_rows()

    def _failed(self, message: str) -> None:
        self.reading = False
        self.problem = message
        self.query_one("#deadlines", DataTable).loading = False
        self._show_status()
        self.notify(f"The deadlines could not be read: {message}", severity="error", markup=False)

    def _read_mine(self) -> None:
        store = self.app.store

        def found(mine: set[int]) -> None:
            self.mine = mine
            self.show_rows()

        in_background(self, "board-mine", lambda: board.my_children(store), found, self._failed)

    # --- showing ------------------------------------------------------------------------------------------------
    def _columns(self, table: DataTable, rows: list[board.BoardRow]) -> list[int]:
        """Status, due and child at their full width; the task takes the rest and wraps (never cut), so the due
        time ("02/12/2026 15:00") shows in full at 80 columns. Basis and citation show under the table for the
        highlighted row. Returns the columns' widths."""
        self._width = self._table_width()
        child = min(22, max([len(shown(r.child)) for r in rows] + [5]))
        due = max([len(r.due_text) for r in rows] + [10])
        fit_columns(table, [("Status", 7, 0), ("Due", due, 0), ("Child", child, 0), ("Task", 20, 1)], self._width)
        return [c.width for c in table.columns.values()]

    def _filtered(self) -> list[board.BoardRow]:
        rows = self.collected or []
        today = self.app.today()
        if self.mine_only and self.mine is not None:
            rows = [r for r in rows if r.child_id in self.mine]
        elif self.mine_only:
            rows = []  # until the children that are mine have been read
        if self.when == "week":
            rows = [r for r in rows if board.in_week(r, today)]
        elif self.when == "overdue":
            rows = [r for r in rows if r.overdue]
        return rows

    def show_rows(self) -> None:
        """The rows the filters keep, from what was read (nothing is read here)."""
        rows = self._filtered()
        self.rows = rows
        table = self.query_one("#deadlines", DataTable)
        cursor = table.cursor_row
        self._widths = self._columns(table, rows)
        self.listed.show(len(rows), upto=cursor + 1)
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))
        self._show_detail()
        self._show_status()

    def _add_row(self, table: DataTable, i: int) -> None:
        r = self.rows[i]
        _status, _due, child_w, task_w = self._widths
        name = shown(r.child)
        status = Text("OVERDUE", style="bold red") if r.overdue else Text("due")
        console = self.app.console
        table.add_row(status, r.due_text, Text(name), Text(r.title), key=str(i),
                      height=max(_lines(name, child_w, console), _lines(r.title, task_w, console)))

    def _show_status(self) -> None:
        rows = self.rows
        overdue = sum(r.overdue for r in rows)
        who = f"mine ({shown(self.app.store.who)})" if self.mine_only else "every child"
        if self.app.role() == "police_officer":
            who += " (police tasks)"
        if self.collected is None:
            head = "Reading the deadlines of every child..." if not self.problem else \
                f"The deadlines could not be read: {self.problem}"
        else:
            head = f"{len(rows)} deadline{'s' if len(rows) != 1 else ''}, {overdue} overdue"
            if self.mine_only and self.mine is None:
                head = "Finding the children that are yours..."
            elif self.reading:
                head += " (reading again...)"
        self.query_one("#board-status", Static).update(Text(
            f"{head}: {who}, {FILTER_WORDS[self.when]}. Keys: m mine, w this week, o overdue, a all, d done, "
            "u undo done, enter open."))

    def _show_detail(self) -> None:
        row = self._current()
        text = Text()
        if row is not None:
            text.append(f"{row.title}: ", style="bold")
            text.append(f"{row.basis} ({row.citation})")
        self.query_one("#board-detail", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()
        self.listed.near(event.cursor_row)

    def _current(self) -> board.BoardRow | None:
        table = self.query_one("#deadlines", DataTable)
        if not self.rows or table.cursor_row < 0:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    # --- keys -------------------------------------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.pop_screen()

    def action_toggle_mine(self) -> None:
        self.mine_only = not self.mine_only
        if self.mine_only and self.mine is None and self.collected is not None:
            self._read_mine()
        self.show_rows()

    def action_filter(self, when: str) -> None:
        self.when = when if when in FILTER_WORDS else "all"
        self.show_rows()

    def action_done(self) -> None:
        row = self._current()
        if row is None:
            return
        # Off the list at once; recorded in a thread (a team server over a slow link takes a moment). Should the
        # store not answer, the board is read again, so the task shows as not done.
        key = (row.child_id, row.event_id, row.rule)
        self._done_here.add(key)
        self.collected = [r for r in self.collected or [] if (r.child_id, r.event_id, r.rule) != key]
        self.show_rows()
        store = self.app.store

        def recorded(done: "board.TaskDone") -> None:
            self._undoable.append((row, done))
            self.notify(f"Done: {row.title} ({shown(row.child)}), recorded by {shown(store.who)}. u undoes it.",
                        markup=False)

        def not_recorded(message: str) -> None:
            self._done_here.discard(key)
            self.notify(f"Not recorded as done: {message}", severity="error", markup=False)
            self.read()

        in_background(self, f"board-done-{id(row)}", lambda: board.mark_done(store, row, self.app.now()), recorded, not_recorded)

    def action_undo(self) -> None:
        """The last task marked done on this board back on it (issue 23: `d` had no undo)."""
        if not self._undoable:
            self.notify("Nothing marked done on this board to undo.", markup=False)
            return
        row, done = self._undoable.pop()
        store = self.app.store

        def undone(done_undone: bool) -> None:
            if not done_undone:  # refused: the app said why
                self._undoable.append((row, done))
                return
            self._done_here.discard((row.child_id, row.event_id, row.rule))
            self.notify(f"Not done: {row.title} ({shown(row.child)}) is back on the board, undone by "
                        f"{shown(store.who)}.", markup=False)
            self.read()

        def not_undone(message: str) -> None:
            self._undoable.append((row, done))
            self.notify(f"Not undone: {message}", severity="error", markup=False)

        in_background(self, f"board-undo-{id(done)}", lambda: board.undo_done(store, done), undone, not_undone)

    def action_open(self) -> None:
        row = self._current()
        if row is None:
            return
        self.app.open_child(row.child_id)
        if row.rule in PLAN_RULES:
            self.app.action_workflow("plan")
        elif row.rule.startswith(("iss.", "dyo.")):  # the police tasks open the ISS and DYO screen (issue 14)
            self.app.action_workflow("police")
        else:
            self.app.notify(f"{row.title}: due {row.due_text} ({row.citation})", title="Task", markup=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()
