"""The export dialog of the court and exploitation screens: the folder, and who receives the document and why (the
disclosure the audit trail records). Enter exports, escape cancels.

A screen subclasses it with its own words, widget id prefix, `AUTO_FOCUS` (the recipient, so keys typed straight
after the export key land there) and its escape binding (binding ids are unique across the app).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from yjtui.casework.export.bail_proposal import ExportError


class DisclosureExport(ModalScreen[list[str] | None]):
    PREFIX = "export"  # widget ids: <prefix>-box, -folder, -recipient, -msg
    HEADING = ""
    NOUN = ""  # what is exported, for the message when no recipient is given
    PLACEHOLDER = ""
    DEFAULT_CSS = """
    DisclosureExport { align: center middle; }
    DisclosureExport .export-box { width: 80; height: auto; border: thick $primary; background: $surface;
                                   padding: 1 2; }
    DisclosureExport .export-box Input { width: 100%; }
    DisclosureExport .export-box Label { width: 100%; }  /* a long heading wraps instead of being cut at 80 */
    DisclosureExport .export-msg { color: $error; height: auto; min-height: 1; }
    """

    def __init__(self, do_export: Callable[[Path, str], list[Path]], default_folder: str) -> None:
        super().__init__()
        self.do_export = do_export
        self.default_folder = default_folder

    def _wid(self, name: str) -> str:
        return f"{self.PREFIX}-{name}"

    def compose(self) -> ComposeResult:
        served = getattr(self.app, "is_web", False)  # in a browser (yjtui serve): a download, not a folder here
        with Vertical(id=self._wid("box"), classes="export-box"):
            yield Label(self.HEADING)
            yield Label("Folder")
            yield Input("your browser's downloads" if served else self.default_folder, id=self._wid("folder"),
                        select_on_focus=False, compact=True, disabled=served)
            yield Label("Recipient and purpose (recorded in the audit trail as a disclosure)")
            yield Input("", id=self._wid("recipient"), placeholder=self.PLACEHOLDER, compact=True)
            yield Static("", id=self._wid("msg"), classes="export-msg")
            yield Static(Text("enter: export   escape: cancel", style="dim"))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        folder = self.query_one(f"#{self._wid('folder')}", Input).value.strip()
        recipient = self.query_one(f"#{self._wid('recipient')}", Input).value.strip()
        msg = self.query_one(f"#{self._wid('msg')}", Static)
        if not recipient:
            msg.update(Text(f"Say who receives the {self.NOUN} and why (for the audit trail)."))
            self.query_one(f"#{self._wid('recipient')}", Input).focus()
            return
        if not folder:
            msg.update(Text("Type the folder to write to."))
            return
        staging = self.app.export_staging() if hasattr(self.app, "export_staging") else None
        try:
            paths = self.do_export(staging or Path(folder), recipient)
        except ExportError as exc:
            if staging is not None:
                import shutil

                shutil.rmtree(staging, ignore_errors=True)
            msg.update(Text(str(exc)))
            return
        if staging is not None:  # the hook for yjtui serve: the files go to the browser, none stay here
            paths = self.app.deliver_exports(paths)
        self.dismiss([str(p) for p in paths])

    def action_cancel(self) -> None:
        self.dismiss(None)
