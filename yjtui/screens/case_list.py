"""The case list: every child, searched as you type by name, YJS reference or date of birth."""

from __future__ import annotations

import re
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from yjtui.screens import keys
from yjtui.screens.footer import Footer
from yjtui.screens.header import Header
from yjtui.screens.tables import PADDING, SCROLLBAR, cell, fit_columns
from yjtui.casework.dates import age_on, show_date
from yjtui.casework.forms import LOOKED_AFTER, LOOKED_AFTER_SHORT
from yjtui.rules.levels import LABEL
from yjtui.text import shown

ROWS_SHOWN = 40  # a screen shows ~30; drawing more only slows each keystroke on a large caseload
LEVEL_WORDS = {**LABEL, "": "–"}
LEVEL_SHORT = {**LEVEL_WORDS, "medium": "Med", "very_high": "V.High"}  # as the risk matrices abbreviate them

# Columns by terminal width, so that no column is cut: (label, width). The table shows when the next deadline is
# due; what it is, and what a narrow table has no room for (looked-after status), are on the line under the table
# for the highlighted child. From 150 columns the due time shows with the date even when overdue. At 80 columns the
# YJS reference and the due date stay (issue 23: a practitioner finds a child by either), an overdue date marked "!"
# (the line under the table says OVERDUE); a name or reference longer than its column wraps.
WIDE, MEDIUM = 150, 116
NAME_MOST = 30  # the widest the name column grows into a wide terminal's spare room
COLUMNS = {
    "wide": (("Name", 24), ("Date of birth", 13), ("Age", 3), ("Looked after", 12), ("YJS ref", 11), ("RoSH", 9),
             ("SWB", 9), ("LoR", 6), ("Next due", 24)),
    "medium": (("Name", 16), ("Born", 10), ("Age", 3), ("Looked after", 12), ("YJS ref", 10), ("RoSH", 9),
               ("SWB", 9), ("LoR", 6), ("Next due", 18)),
    "narrow": (("Name", 13), ("Born", 10), ("Age", 3), ("YJS ref", 9), ("RoSH", 6), ("SWB", 6), ("LoR", 4),
               ("Next due", 11)),
}
NEXT_DUE = re.compile(r"^(OVERDUE )?(\d\d/\d\d/\d{4})( \d\d:\d\d)?")


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
        yield Static("", id="case-detail")
        yield Footer()

    def on_mount(self) -> None:
        self._last_query: str | None = None
        self._resumed_once = False
        self._mode = ""
        self._shown: dict[str, object] = {}  # row key -> the search row, for the line under the table
        self._next: dict[int, str] = {}  # child id -> next deadline text, as the worker found it
        self._set_columns()
        self.refresh_rows()

    def _width_mode(self) -> str:
        width = self.size.width or self.app.size.width
        return "wide" if width >= WIDE else "medium" if width >= MEDIUM else "narrow"

    def _set_columns(self) -> None:
        """Fixed widths (the table need not measure every cell on each keystroke), chosen by terminal width."""
        self._mode = self._width_mode()
        self.query_one("#cases", DataTable).clear(columns=True)
        self._fit_columns()

    def _fit_columns(self) -> bool:
        """The mode's widths fitted to the screen (the table is as wide as it, less its scrollbar's gutter): the
        name takes the room a wider terminal has over them, so it wraps only when it must. True: the columns were
        made again (the rows with them)."""
        table = self.query_one("#cases", DataTable)
        mode = COLUMNS[self._mode]
        columns = [(label, width, int(label == "Name")) for label, width in mode]
        widest = sum(w for _l, w in mode[1:]) + NAME_MOST + SCROLLBAR + PADDING * len(mode)  # the name up to NAME_MOST
        remade = fit_columns(table, columns, min((self.size.width or self.app.size.width) - 2, widest))
        self._deadline_column = list(table.columns)[-1]  # the last column
        return remade

    def on_resize(self) -> None:
        # Only a change of width redraws: the first layout's resize, just after on_mount drew the rows, would redraw
        # them all and start a second next-deadline worker, cancelling the first (twice the work at start).
        if not getattr(self, "_mode", ""):
            return
        if self._width_mode() != self._mode:
            self._set_columns()
            self.refresh_rows()
        elif self._fit_columns():
            self.refresh_rows()

    def on_screen_resume(self) -> None:
        if not self._resumed_once:  # the first resume is the first showing: on_mount has just drawn the rows
            self._resumed_once = True
            return
        forget = getattr(self.app, "forget_deadlines", None)
        if forget:
            forget()
            self._next = {}
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
        self._shown = {}
        narrow = self._mode == "narrow"
        words = LEVEL_SHORT if narrow else LEVEL_WORDS
        widths = [c.width for c in table.columns.values()] or [w for _label, w in COLUMNS[self._mode]]
        for r in rows:
            lv = levels.get(r.id, {})
            age = str(age_on(r.date_of_birth, today)) if r.date_of_birth else ""
            levels_shown = [words.get(lv.get(k, ""), "–") for k in ("rosh", "swb", "lor")]
            # Stored text goes in through tables.cell: plain Text, never markup, nothing a terminal obeys.
            name, ref = cell(r.name), cell(r.yjs_ref)
            if narrow:
                cells = [name, show_date(r.date_of_birth), age, ref, *levels_shown]
            else:
                cells = [name, show_date(r.date_of_birth), age,
                         cell(LOOKED_AFTER_SHORT.get(r.looked_after, r.looked_after)), ref, *levels_shown]
            # A name (or reference) longer than its column wraps onto a second line rather than being cut.
            wrap = len(name) > widths[0] or len(ref) > widths[3 if narrow else 4]
            table.add_row(*cells, self._next_cell(self._next.get(r.id, "")), key=str(r.id),
                          height=None if wrap else 1)
            self._shown[str(r.id)] = r
        self._show_detail()
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
        self._next.update(found)
        for cid, text in found.items():
            if str(cid) in table.rows:
                table.update_cell(str(cid), self._deadline_column, self._next_cell(text))
        self._show_detail()

    def _next_cell(self, text: str) -> Text:
        """When the next deadline is due: its date and time (wide), OVERDUE and the date (medium), the date marked
        "!" when overdue (narrow). What it is shows under the table."""
        m = NEXT_DUE.match(text)
        if not m:
            return Text("")
        overdue = m.group(1) is not None
        if self._mode == "narrow":
            shown = f"!{m.group(2)}" if overdue else m.group(2)
        elif self._mode == "medium":
            shown = f"OVERDUE {m.group(2)}" if overdue else m.group(2) + (m.group(3) or "")
        else:
            shown = m.group(0)
        return Text(shown, style="bold" if overdue else "")

    def _next_task(self, text: str) -> str:
        """The next deadline's task, with whatever part of when it is due the table's cell leaves out."""
        m = NEXT_DUE.match(text)
        if not m:
            return text or "none"
        shown = self._next_cell(text).plain
        left_out = [p.strip() for p in m.groups() if p and p.strip() not in shown]
        task = text[m.end():].strip()
        overdue = "OVERDUE" if "OVERDUE" in left_out else ""
        due = " ".join(p for p in left_out if p != "OVERDUE")
        return ": ".join(part for part in (overdue, f"due {due}" if due else "", task) if part)

    def _show_detail(self) -> None:
        """What the table has no room for, for the highlighted child (each thing shown once)."""
        table = self.query_one("#cases", DataTable)
        detail = Text()
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            r = self._shown.get(key)
            if r is not None:
                if self._mode == "narrow":
                    detail.append(f"{shown(LOOKED_AFTER.get(r.looked_after, r.looked_after))} · ")
                detail.append("Next deadline: ", style="bold")
                detail.append(shown(self._next_task(self._next.get(r.id, ""))))
        self.query_one("#case-detail", Static).update(detail)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "cases":
            self._show_detail()

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
