"""The one export dialog: which version (where there is a choice), the folder, who receives the document and why (the
disclosure the audit trail records), and a password when it is encrypted. Every export goes through it: the bail
proposal, the plan, the transfer request and transition plan, the exploitation screening, the audit trail.

A screen gives the words (`ExportSpec`, beside its document in yjtui/casework/export/), a function that builds the
document for the version chosen, and whose it is; the dialog writes it through `export.deliver` (one way out:
file names without the child's name, never over an earlier file unasked, logged as a disclosure), asks before
replacing files already there, and says where they went. In a browser (yjtui serve) the files are written to a
private folder of their own (`YjtuiApp.export_staging`) and sent as one download (`YjtuiApp.deliver_exports`),
nothing left on the server. Enter or ctrl+s exports, escape cancels.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, Static

from yjtui.casework.export import Document, ExportError, ExportExists, ExportRequest, ExportSpec, deliver
from yjtui.casework.export.crypto import MIN_PASSWORD
from yjtui.casework.export.document import default_folder, encrypt_by_default, reference_for
from yjtui.casework.forms import check_text
from yjtui.screens.tick_list import TickBox
from yjtui.text import shown


class ExportDialog(ModalScreen[list[str] | None]):
    BINDINGS = [Binding("ctrl+s", "export", "Export", id="export.go", priority=True),
                Binding("escape", "cancel", "Cancel", id="export.cancel")]
    AUTO_FOCUS = "#export-recipient"  # at once, so keys typed straight after the export key land there
    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > VerticalScroll { width: 80; max-width: 100%; height: auto; max-height: 100%;
                                    border: thick $primary; background: $surface; padding: 0 1; }
    ExportDialog Input, ExportDialog Select, ExportDialog Label, ExportDialog Checkbox { width: 100%; }
    ExportDialog #export-msg { color: $error; height: auto; min-height: 1; }
    """

    def __init__(self, spec: ExportSpec, build: Callable[[str], Document], child=None, *, child_id: int | None = None,
                 reference: str | None = None, choice: str = "") -> None:
        """`build(choice)` makes the document; `child` (or `child_id` and `reference`) says whose it is."""
        super().__init__()
        self.spec = spec
        self.build = build
        self.child_id = child.id if child is not None else child_id
        self.reference = reference if reference is not None else reference_for(child)
        self.choice = choice or (spec.choices[0][0] if spec.choices else "")

    def compose(self) -> ComposeResult:
        spec = self.spec
        encrypt = spec.always_encrypted or encrypt_by_default(self.app.store)
        served = getattr(self.app, "is_web", False)  # in a browser (yjtui serve): a download, not a folder here
        with VerticalScroll():
            yield Static(Text(f"{spec.heading} (ctrl+s or enter: export, escape: cancel)", style="bold"))
            if spec.choices:
                yield Label("Which")
                yield Select([(label, value) for value, label in spec.choices], value=self.choice,
                             id="export-choice", allow_blank=False, compact=True)
            yield Label("Folder")
            yield Input("your browser's downloads" if served else shown(default_folder()), id="export-folder",
                        select_on_focus=False, compact=True, disabled=served)
            yield Label("Recipient (who it is shared with)")
            yield Input("", id="export-recipient", placeholder=spec.recipient_hint, compact=True)
            yield Label("Purpose (recorded with the recipient in the audit trail as a disclosure)")
            yield Input(spec.purpose, id="export-purpose", compact=True)
            yield TickBox("Encrypt (.yjx: yjtui decrypt-export reads it back)", encrypt,
                           id="export-encrypt", disabled=spec.always_encrypted, compact=True)
            yield Label(f"Password (at least {MIN_PASSWORD} characters; give it to the recipient separately)",
                        id="export-password-label")
            yield Input(password=True, id="export-password", compact=True, disabled=not encrypt)
            yield Label("The password again")
            yield Input(password=True, id="export-password2", compact=True, disabled=not encrypt)
            yield Static("", id="export-msg")

    @on(Checkbox.Changed, "#export-encrypt")
    def _encrypt(self, event: Checkbox.Changed) -> None:
        for box in ("#export-password", "#export-password2"):
            self.query_one(box, Input).disabled = not event.value

    @on(Input.Submitted)
    def _submitted(self, _event: Input.Submitted) -> None:
        self.action_export()

    def _say(self, message: str, focus: str | None = None) -> None:
        self.query_one("#export-msg", Static).update(Text(shown(message)))
        if focus:
            self.query_one(focus).focus()

    def request(self) -> ExportRequest | None:
        """The answers checked, or None (and why, at the field) when something is missing."""
        from pathlib import Path

        recipient = check_text(self.query_one("#export-recipient", Input).value, "Recipient", required=True)
        purpose = check_text(self.query_one("#export-purpose", Input).value, "Purpose", required=True)
        folder = self.query_one("#export-folder", Input).value.strip()
        for check, where in ((recipient, "#export-recipient"), (purpose, "#export-purpose")):
            if not check.ok:
                self._say(f"Say who receives the {self.spec.noun} and why (for the audit trail): {check.message}",
                          where)
                return None
        if not folder:
            self._say("Type the folder to write to.", "#export-folder")
            return None
        password = None
        if self.query_one("#export-encrypt", Checkbox).value:
            password = self.query_one("#export-password", Input).value
            if len(password) < MIN_PASSWORD:
                self._say(f"The password needs at least {MIN_PASSWORD} characters.", "#export-password")
                return None
            if password != self.query_one("#export-password2", Input).value:
                self._say("The two passwords differ.", "#export-password2")
                return None
        choice = str(self.query_one("#export-choice", Select).value) if self.spec.choices else ""
        return ExportRequest(Path(folder).expanduser(), recipient.value, purpose.value, choice, password)

    def action_export(self, overwrite: bool = False) -> None:
        request = self.request()
        if request is None:
            return
        if overwrite:
            request = replace(request, overwrite=True)
        staging = self.app.export_staging() if hasattr(self.app, "export_staging") else None
        if staging is not None:  # yjtui serve: written to a private folder of its own, then sent to the browser
            request = replace(request, folder=staging)
        try:
            paths = deliver(self.app.store, self.build(request.choice), request, reference=self.reference,
                            child_id=self.child_id, today=self.app.today())
        except ExportExists as exc:
            self.app.push_screen(ReplaceQuestion(exc), lambda yes: self.action_export(overwrite=True) if yes else
                                 self._say("Nothing written: choose another folder, or export again to replace."))
            return
        except ExportError as exc:
            if staging is not None:
                import shutil

                shutil.rmtree(staging, ignore_errors=True)
            self._say(str(exc))
            return
        if staging is not None:  # the hook for yjtui serve: the files go to the browser, none stay here
            paths = self.app.deliver_exports(paths)
            where = "Sent to your browser: " + ", ".join(str(p) for p in paths)
        else:
            where = "Written: " + ", ".join(str(p) for p in paths)
        self.app.notify(where + (" (encrypted: read back with yjtui decrypt-export)" if request.password else "")
                        + ". Logged as a disclosure.", title=f"{self.spec.noun.capitalize()} exported", markup=False)
        self.dismiss([str(p) for p in paths])

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReplaceQuestion(ModalScreen[bool]):
    """Files of the export's names are already in the folder: replace them (y) or not (n, escape)."""

    BINDINGS = [Binding("y", "answer(True)", "Replace", id="export.replace"),
                Binding("n", "answer(False)", "Keep them", id="export.keep"),
                Binding("escape", "answer(False)", "Keep them", id="export.keep_escape", show=False)]
    DEFAULT_CSS = """
    ReplaceQuestion { align: center middle; }
    ReplaceQuestion > Static { width: 70; max-width: 100%; height: auto; border: thick $warning;
                               background: $surface; padding: 1 2; }
    """

    def __init__(self, exists: ExportExists) -> None:
        super().__init__()
        self.exists = exists

    def compose(self) -> ComposeResult:
        yield Static(Text(f"{shown(self.exists)}\nReplace them? y replaces, n (or escape) keeps them.",
                          style="bold"), id="export-replace")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
