"""Bring in a caseload: the children already in the service's case system, from its CSV export (administrators and
managers, from the command palette).

The same way as `yjtui import children` (casework/caseload_import.py): the file and the mapping chosen, every row
checked, a preview in counts with each bad row's line and reason (never a child's name or any value), and a file
with any bad row imports nothing. A clean file goes in, in one go, in a worker with a progress bar.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, ProgressBar, Static

from yjtui.casework import caseload_import as ci
from yjtui.screens import keys
from yjtui.screens.footer import Footer
from yjtui.screens.header import Header
from yjtui.text import shown


class CaseloadImportScreen(Screen):
    BINDINGS = keys.CASELOAD_IMPORT
    TITLE = "Bring in a caseload"
    AUTO_FOCUS = "#import-file"

    def __init__(self) -> None:
        super().__init__()
        self.checked: tuple[tuple[str, str], ci.Plan, str] | None = None  # (the fields as checked, plan, file name)
        self.importing = False

    def compose(self) -> ComposeResult:
        import platformdirs

        mapping = ci.default_mapping()
        yield Header()
        with VerticalScroll(id="form"):
            yield Label("The CSV file from the case system (UTF-8): its path, then Enter or ctrl+r to check it")
            yield Input(id="import-file", placeholder=str(platformdirs.user_documents_path() / "caseload.csv"))
            yield Label(f"The column mapping (blank: the file's headings are yjtui's field names). A service writes "
                        f"{ci.MAPPING_FILE} once, in {platformdirs.user_config_path('yjtui')}")
            yield Input(str(mapping) if mapping else "", id="import-mapping")
            yield Static("", id="import-preview")
            yield Static("", id="import-msg", classes="field-msg")
            yield ProgressBar(id="import-progress", show_eta=False)
            yield DataTable(id="import-lines", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#import-lines", DataTable)
        table.add_column("Line", width=6)
        table.add_column("What is wrong (the field, never its value)")
        table.display = False
        self.query_one("#import-progress", ProgressBar).display = False

    def _fields(self) -> tuple[str, str]:
        return (self.query_one("#import-file", Input).value.strip(),
                self.query_one("#import-mapping", Input).value.strip())

    def _say(self, message: str, error: bool = False) -> None:
        msg = self.query_one("#import-msg", Static)
        msg.set_class(error, "-error")
        msg.update(Text(message))

    @on(Input.Changed)
    def _changed(self) -> None:
        if self.checked is not None and self.checked[0] != self._fields():
            self.checked = None  # what is imported is what the preview showed: a new file or mapping, a new check
            self._say("Changed: check the file again (Enter or ctrl+r) before importing.")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_check()

    # --- the check: every row, off the UI thread --------------------------------------------------------------
    def action_check(self) -> None:
        if self.importing:
            return
        source, mapping = self._fields()
        if not source:
            self._say("Type the CSV file's path first.", error=True)
            self.query_one("#import-file", Input).focus()
            return
        self.checked = None
        self.query_one("#import-preview", Static).update("")
        self.query_one("#import-lines", DataTable).display = False
        self._say("Checking every row…")
        self._check((source, mapping), self.app.today())

    @work(thread=True, exclusive=True, group="caseload-check")
    def _check(self, fields: tuple[str, str], today) -> None:
        source = Path(fields[0]).expanduser()
        mapping = Path(fields[1]).expanduser() if fields[1] else None
        try:
            planned = ci.plan(source, ci.read_mapping(mapping), today)
            known = ci.known_here(self.app.store, planned) if not planned.bad else 0
        except ci.ImportError_ as exc:
            self.app.call_from_thread(self._say, shown(str(exc)), True)
            return
        self.app.call_from_thread(self._show_check, fields, planned, known, source.name,
                                  mapping.name if mapping else None)

    def _show_check(self, fields: tuple[str, str], planned: ci.Plan, known: int, source: str,
                    mapping: str | None) -> None:
        if fields != self._fields():
            return  # the fields changed while it was checked: that answer is not for them
        self.query_one("#import-preview", Static).update(Text("\n".join(ci.preview(planned, source, mapping))))
        table = self.query_one("#import-lines", DataTable)
        table.clear()
        lines = planned.bad or [(line, f"imported, but check it: {warning}") for line, warning in planned.warnings]
        for line, reason in lines:
            table.add_row(str(line), Text(shown(reason)))
        table.display = bool(lines)
        if planned.bad:
            self._say(ci.refused(planned), error=True)
            return
        if not planned.rows:
            self._say("The file has no children in it: nothing to import.")
            return
        self.checked = (fields, planned, source)
        self._say(f"{ci.arrivals(planned, known)} ctrl+o imports them, in one go.")

    # --- the import: one transaction, in a worker, with progress ----------------------------------------------
    def action_bring_in(self) -> None:
        if self.importing:
            return
        if self.checked is None or self.checked[0] != self._fields():
            self._say("Check the file first (Enter or ctrl+r): what is imported is what the preview showed.",
                      error=True)
            return
        _fields, planned, source = self.checked
        self.importing = True
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=len(planned.rows), progress=0)
        bar.display = True
        self._say(f"Importing {len(planned.rows)} children…")
        self._bring_in(planned, source)

    @work(thread=True, exclusive=True, group="caseload-import")
    def _bring_in(self, planned: ci.Plan, source: str) -> None:
        bar = self.query_one("#import-progress", ProgressBar)

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=total, progress=done)

        try:
            counts = ci.bring_in(self.app.store, planned, source, progress=progress)
        except ci.ImportError_ as exc:
            self.app.call_from_thread(self._finished, shown(str(exc)), True)
            return
        self.app.call_from_thread(self._finished, ci.imported_words(counts), False)

    def _finished(self, message: str, error: bool) -> None:
        self.importing = False
        self.checked = None  # a second import is checked again (and updates by YJS reference)
        forget = getattr(self.app, "forget_deadlines", None)
        if forget:
            forget()
        self._say(message, error=error)

    def action_back(self) -> None:
        if self.importing:
            self._say("Importing: it finishes in one go (all or nothing); wait for it.")
            return
        self.app.pop_screen()
