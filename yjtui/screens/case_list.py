"""The case list: every child, searched as you type by name, YJS reference or date of birth."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from yjtui.screens import keys
from yjtui.casework.dates import age_on, show_date
from yjtui.casework.forms import LOOKED_AFTER_SHORT

ROWS_SHOWN = 40  # a screen shows ~30; drawing more only slows each keystroke on a large caseload
LEVEL_WORDS = {"low": "Low", "medium": "Medium", "high": "High", "very_high": "Very High", "": "–"}


class CaseListScreen(Screen):
    BINDINGS = keys.CASE_LIST
    TITLE = "Case list"
    AUTO_FOCUS = "#cases"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Search: name, YJS reference or date of birth (14/03/2010)", id="search")
        yield Static("", id="count")
        table = DataTable(id="cases", cursor_type="row", zebra_stripes=True)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#cases", DataTable)
        # Fixed widths: the table need not measure every cell on each keystroke.
        for label, width in (("Name", 24), ("Date of birth", 13), ("Age", 3), ("Looked after", 12),
                             ("YJS ref", 11), ("RoSH", 9), ("SWB", 9), ("LoR", 6), ("Next deadline", 34)):
            key = table.add_column(label, width=width)
        self._deadline_column = key  # the last column
        self._last_query: str | None = None
        self._resumed_once = False
        self.refresh_rows()

    def on_screen_resume(self) -> None:
        if not self._resumed_once:  # the first resume is the first showing: on_mount has just drawn the rows
            self._resumed_once = True
            return
        forget = getattr(self.app, "forget_deadlines", None)
        if forget:
            forget()
        self.refresh_rows()

    @property
    def today(self) -> date:
        return self.app.today()

    def refresh_rows(self) -> None:
        query = self.query_one("#search", Input).value
        self._last_query = query
        rows, total = self.app.store.search(query, limit=ROWS_SHOWN)
        levels = self.app.store.latest_levels([r.id for r in rows])
        today = self.today
        table = self.query_one("#cases", DataTable)
        table.clear()
        for r in rows:
            lv = levels.get(r.id, {})
            age = str(age_on(r.date_of_birth, today)) if r.date_of_birth else ""
            # User text goes in as Text, never as markup: a name like "[bold]" stays literal.
            table.add_row(Text(r.name), show_date(r.date_of_birth), age,
                          Text(LOOKED_AFTER_SHORT.get(r.looked_after, r.looked_after)),
                          Text(r.yjs_ref), LEVEL_WORDS.get(lv.get("rosh", ""), "–"),
                          LEVEL_WORDS.get(lv.get("swb", ""), "–"), LEVEL_WORDS.get(lv.get("lor", ""), "–"),
                          Text(""), key=str(r.id))
        self._fill_deadlines([r.id for r in rows])
        shown = len(rows)
        if total == 0:
            msg = "No children match." if query.strip() else "No children yet: press n to add one."
        elif shown < total:
            msg = f"Showing {shown} of {total} children: keep typing to narrow."
        else:
            msg = f"{total} {'child' if total == 1 else 'children'}"
        self.query_one("#count", Static).update(msg)

    def _fill_deadlines(self, ids: list[int]) -> None:
        """The next-deadline column is worked out off the UI thread (the rules engine per child) and filled in
        when ready, so the list is usable at once and typing never waits for it."""
        next_deadlines = getattr(self.app, "next_deadlines", None)
        if next_deadlines is None or not ids:
            return

        def work() -> None:
            found = next_deadlines(ids)
            self.app.call_from_thread(self._show_deadlines, found)

        # Started once the rows are on screen, through the app's queue: at start-up the app first loads the store's
        # ORM and the rules on the UI thread (YjtuiApp._after_first_paint), so the worker never imports them itself.
        self.app.call_after_refresh(self.run_worker, work, thread=True, exclusive=True, group="deadlines")

    def _show_deadlines(self, found: dict[int, str]) -> None:
        table = self.query_one("#cases", DataTable)
        for cid, text in found.items():
            if str(cid) in table.rows:
                table.update_cell(str(cid), self._deadline_column, Text(text))

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        if event.value != self._last_query:
            self.refresh_rows()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        table = self.query_one("#cases", DataTable)
        if table.row_count:
            table.focus()
            self.action_open_child()

    @on(DataTable.RowSelected, "#cases")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_child(int(event.row_key.value))

    def key_down(self) -> None:
        if self.focused is self.query_one("#search"):
            self.query_one("#cases").focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_leave_search(self) -> None:
        self.query_one("#cases").focus()

    def action_new_child(self) -> None:
        self.app.new_child()

    def action_open_child(self) -> None:
        table = self.query_one("#cases", DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        self.app.open_child(int(key.value))
