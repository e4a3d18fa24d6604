"""The audit trail on screen: who collected, changed, consulted or disclosed what (Data Protection Act 2018 s.62).

For the whole store or one child, newest first, filtered by person, dates and action. Read-only: nothing here
changes an entry (the store's triggers refuse it anyway), and the hash chain's state is shown at the top. The trail
of a large service is long: it is read in a thread (the entries first, then the walk of the whole chain), so the
screen answers keys meanwhile, and the newest entries are listed a page at a time. Every stored value is shown
through `yjtui.text.shown`.
Viewing the trail is itself logged as a consultation; exporting it is logged as a disclosure with the recipient
or purpose the user gives, and the export is encrypted (Fernet, `yjtui decrypt-export` reads it back).
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Input, Select, Static

from yjtui.screens import keys
from yjtui.screens.background import in_background
from yjtui.screens.tables import Paged
from yjtui.screens.footer import Footer
from yjtui.screens.header import Header
from yjtui.casework.dates import DateError, parse_date, show_datetime
from yjtui.text import shown

ACTIONS = [("Every action", ""), ("Collected", "collect"), ("Changed", "alter"), ("Consulted", "consult"),
           ("Disclosed", "disclose")]
ACTION_WORDS = {v: k for k, v in ACTIONS if v}
SHOWN = 2000  # the newest entries shown; the count says how many matched

def audit_palette_entries(app) -> list[tuple[str, object, str]]:
    return [
        ("Audit trail", partial(open_audit_trail, app, False),
         "Who collected, changed, consulted or disclosed what, across the whole store"),
        ("Audit trail of this child", partial(open_audit_trail, app, True),
         "The audit trail of the child whose record is open"),
    ]


def open_audit_trail(app, for_child: bool) -> None:
    child = app.current_child() if for_child else None
    if for_child and child is None:
        app.notify("Open a child first, then choose 'Audit trail of this child'.", title="Audit trail")
        return
    app.push_screen(AuditScreen(child))


def _show(value: str | None, width: int = 40) -> Text:
    value = shown(value, keep_newlines=True).replace("\n", " ").replace("\t", " ")
    return Text(value if len(value) <= width else value[: width - 1] + "…")


class AuditScreen(Screen):
    BINDINGS = keys.AUDIT
    AUTO_FOCUS = "#audit-table"  # once read (a table that is loading cannot take the focus): not the first filter

    def __init__(self, child=None) -> None:
        super().__init__()
        self.child = None  # not the child record screen: the app's "current child" should not come from here
        self.child_id = child.id if child is not None else None
        self.child_name = child.display_name if child is not None else ""
        self.shown: list = []
        self.total = 0
        self.chain: tuple[bool, str] | None = None  # None while the chain is being checked
        self.reading = False

    @property
    def heading(self) -> str:
        return f"Audit trail: {shown(self.child_name)}" if self.child_id is not None else "Audit trail: whole store"

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="audit-filters"):
            yield Input(placeholder="Person", id="audit-who")
            yield Input(placeholder="From dd/mm/yyyy", id="audit-from")
            yield Input(placeholder="To dd/mm/yyyy", id="audit-to")
            yield Select(ACTIONS, value="", allow_blank=False, id="audit-action")
        yield Static("", id="audit-msg")
        yield Static("", id="audit-status")
        table = DataTable(id="audit-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.heading
        table = self.query_one("#audit-table", DataTable)
        table.add_columns("#", "When", "Who", "Action", "Record", "Field", "Was", "Now", "Recipient / detail")
        self.listed = Paged(table, self._add_row)
        table.loading = True
        self._read(logged=False)
        self._check_chain()  # once: it walks the whole trail

    def _read(self, *, logged: bool = True) -> None:
        """The entries the filters keep, read in a thread; the first read logs the viewing as a consultation first
        (so it is the newest entry shown)."""
        store, child_id, f = self.app.store, self.child_id, self.filters()
        self.reading = True
        self._show_status()

        def work():
            if not logged:
                store.log_consultation(child_id, "audit", "audit trail viewed")
            return store.audit_search(child_id=child_id, limit=SHOWN, **f)

        in_background(self, "audit-rows", work, self._rows_read, self._read_failed)

    def _check_chain(self) -> None:
        store = self.app.store
        self.chain = None
        self._show_status()
        in_background(self, "audit-chain", store.verify_audit, self._chain_checked,
                      lambda message: self._chain_checked((False, message)))

    def _chain_checked(self, chain: tuple[bool, str]) -> None:
        self.chain = chain
        self._show_status()

    def _rows_read(self, found: tuple[list, int]) -> None:
        self.shown, self.total = found
        self.reading = False
        table = self.query_one("#audit-table", DataTable)
        table.loading = False
        if self.focused is None:
            table.focus()  # a table that is loading cannot take the focus
        self.refresh_bindings()
        self.listed.show(len(self.shown))
        self._show_status()

    def _read_failed(self, message: str) -> None:
        self.reading = False
        self.query_one("#audit-table", DataTable).loading = False
        self.query_one("#audit-msg", Static).update(Text(f"The audit trail could not be read: {message}"))
        self._show_status()

    def _add_row(self, table: DataTable, i: int) -> None:
        e = self.shown[i]
        table.add_row(str(e.id), show_datetime(e.at), _show(e.who, 24), ACTION_WORDS.get(e.action, _show(e.action)),
                      _show(f"{e.record} {e.record_id or ''}".strip(), 18), _show(e.field, 18), _show(e.old),
                      _show(e.new), _show(e.detail), key=str(i))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.listed.near(event.cursor_row)

    def _show_status(self) -> None:
        if self.chain is None:
            chain = Text("… checking the audit trail's hash chain", style="italic")
        else:
            ok, message = self.chain
            chain = Text(("✓ " if ok else "✗ ") + message, style="green" if ok else "bold red")
        rows, total = self.shown, self.total
        if self.reading and not rows:
            counted = "reading the entries..."
        else:
            counted = f"{len(rows)} of {total} entries" if total > len(rows) else f"{total} entries"
            counted += ", newest first" + (" (reading again...)" if self.reading else "")
        self.query_one("#audit-status", Static).update(
            Text.assemble(chain, f"   {counted}. Read-only: the trail cannot be edited."))

    def filters(self) -> dict:
        """The filters as typed; a bad date is reported and left out rather than guessed."""
        errors = []
        out: dict = {"who": self.query_one("#audit-who", Input).value,
                     "action": self.query_one("#audit-action", Select).value or ""}
        for key, field in (("since", "#audit-from"), ("until", "#audit-to")):
            text = self.query_one(field, Input).value.strip()
            if text:
                try:
                    out[key] = parse_date(text)
                except DateError as exc:
                    errors.append(str(exc))
        self.query_one("#audit-msg", Static).update(Text(" ".join(errors)))
        return out

    def refresh_rows(self) -> None:
        self._read()

    @on(Input.Changed)
    def _filter_typed(self, _event: Input.Changed) -> None:
        self.refresh_rows()

    @on(Select.Changed, "#audit-action")
    def _filter_action(self, _event: Select.Changed) -> None:
        self.refresh_rows()

    def action_focus_filter(self) -> None:
        self.query_one("#audit-who", Input).focus()

    def action_clear_filters(self) -> None:
        for field in ("#audit-who", "#audit-from", "#audit-to"):
            self.query_one(field, Input).value = ""
        self.query_one("#audit-action", Select).value = ""
        self.refresh_rows()

    def action_back(self) -> None:
        self.app.pop_screen()

    # --- export -----------------------------------------------------------------------------------------------
    def action_export(self) -> None:
        from yjtui.casework.export import audit_export
        from yjtui.screens.export_modal import ExportDialog

        reference = f"record-{self.child_id}" if self.child_id is not None else "whole-store"
        dialog = ExportDialog(audit_export.EXPORT, lambda _c: audit_export.trail(reversed(self.shown), self.heading),
                              child_id=self.child_id, reference=reference)
        self.app.push_screen(dialog, self._exported)

    def _exported(self, paths: list[str] | None) -> None:
        if paths:  # the disclosure is a new entry: the chain's state shown afresh
            self._check_chain()
            self.refresh_rows()
