"""The deadline board: every deadline of every child, overdue first, filtered to mine, this week or overdue.

Rows come from `yjtui.casework.board` (the rules engine over each child's dated events, minus tasks marked done). Overdue
is said in words ("OVERDUE"), not only in colour. Enter opens the child (and their plan for a plan-review task);
`d` marks the task done, recording when and by whom.
"""

from __future__ import annotations

from datetime import date, datetime, time

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from yjtui.casework import board
from yjtui.screens.header import Header
from yjtui.screens.tables import fit_columns

BINDINGS = [
    Binding("escape", "back", "Back", id="board.back"),
    Binding("enter", "open", "Open child", id="board.open"),
    Binding("d", "done", "Mark done", id="board.done"),
    Binding("m", "toggle_mine", "Mine / everyone", id="board.mine"),
    Binding("w", "filter('week')", "This week", id="board.week"),
    Binding("o", "filter('overdue')", "Overdue", id="board.overdue"),
    Binding("a", "filter('all')", "All dates", id="board.all"),
]

PLAN_RULES = ("order.intervention_plan_review", "assessment.review_enfield")
FILTER_WORDS = {"all": "all dates", "week": "due in the next 7 days", "overdue": "overdue"}


class BoardScreen(Screen):
    BINDINGS = BINDINGS
    TITLE = "Deadlines"
    DEFAULT_CSS = """
    #deadlines { height: 1fr; }
    #board-status { margin: 0 1; }
    #board-detail { height: auto; max-height: 6; margin: 0 1; border-top: solid $primary; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.mine_only = False
        self.when = "all"
        self.rows: list[board.BoardRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="board-status")
        yield DataTable(id="deadlines", cursor_type="row", zebra_stripes=True)
        yield Static("", id="board-detail")
        yield Footer()

    def on_mount(self) -> None:
        self._width = 0
        self.refresh_rows()
        self.query_one("#deadlines", DataTable).focus()

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self.refresh_rows()

    def _columns(self, table: DataTable, rows: list[board.BoardRow]) -> None:
        """Status, due and child at their full width; the task takes the rest and wraps (never cut), so the due
        time ("02/12/2026 15:00") shows in full at 80 columns. Basis and citation show under the table for the
        highlighted row."""
        self._width = self.size.width
        child = min(22, max([len(r.child) for r in rows] + [5]))
        due = max([len(r.due_text) for r in rows] + [10])
        fit_columns(table, [("Status", 7, 0), ("Due", due, 0), ("Child", child, 0), ("Task", 20, 1)],
                    table.size.width or self.size.width - 2)

    def on_screen_resume(self) -> None:
        self.refresh_rows()

    def _now(self) -> datetime:
        today = self.app.today()
        return datetime.now() if today == date.today() else datetime.combine(today, time.min)

    def refresh_rows(self) -> None:
        today = self.app.today()
        rows = board.collect(self.app.store, today, self._now())
        role = self.app.role()
        if role != "case_manager":  # the police officer's board holds the police tasks (yjtui/rules/roles.py)
            from yjtui.rules import roles

            rows = [r for r in rows if roles.sees_deadline(role, r.rule)]
        if self.mine_only:
            mine = board.my_children(self.app.store)
            rows = [r for r in rows if r.child_id in mine]
        if self.when == "week":
            rows = [r for r in rows if board.in_week(r, today)]
        elif self.when == "overdue":
            rows = [r for r in rows if r.overdue]
        self.rows = rows
        table = self.query_one("#deadlines", DataTable)
        cursor = table.cursor_row
        self._columns(table, rows)
        table.clear()
        for i, r in enumerate(rows):
            status = Text("OVERDUE", style="bold red") if r.overdue else Text("due")
            table.add_row(status, r.due_text, Text(r.child), Text(r.title), key=str(i), height=None)
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))
        self._show_detail()
        overdue = sum(r.overdue for r in rows)
        who = f"mine ({self.app.store.who})" if self.mine_only else "every child"
        if role == "police_officer":
            who += " (police tasks)"
        self.query_one("#board-status", Static).update(Text(
            f"{len(rows)} deadline{'s' if len(rows) != 1 else ''}, {overdue} overdue: {who}, "
            f"{FILTER_WORDS[self.when]}. Keys: m mine, w this week, o overdue, a all, d done, enter open."))

    def _show_detail(self) -> None:
        row = self._current()
        text = Text()
        if row is not None:
            text.append(f"{row.title}: ", style="bold")
            text.append(f"{row.basis} ({row.citation})")
        self.query_one("#board-detail", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

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
        self.refresh_rows()

    def action_filter(self, when: str) -> None:
        self.when = when if when in FILTER_WORDS else "all"
        self.refresh_rows()

    def action_done(self) -> None:
        row = self._current()
        if row is None:
            return
        board.mark_done(self.app.store, row)
        self.notify(Text(f"Done: {row.title} ({row.child}), recorded by {self.app.store.who}.").plain, markup=False)
        self.refresh_rows()

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
            self.app.notify(Text(f"{row.title}: due {row.due_text} ({row.citation})").plain, title="Task", markup=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()
