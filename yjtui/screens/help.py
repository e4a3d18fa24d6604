"""The help screen: every key of every screen, generated from `yjtui.screens.keys` so it cannot drift."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from yjtui.screens import keys
from yjtui.screens.registry import WORKFLOWS


def key_table() -> Table:
    table = Table(title="yjtui keys", expand=True, show_lines=False)
    table.add_column("Where", style="bold")
    table.add_column("Key")
    table.add_column("Does")
    sections = list(keys.SCREENS)
    workflow_keys = [Binding(w.key, "", w.title, id=f"workflow.{w.id}") for w in WORKFLOWS]
    sections.insert(1, ("Workflows (any screen)", workflow_keys))
    sections += [(w.title, w.load_bindings()) for w in WORKFLOWS]
    for where, bindings in sections:
        for b in bindings:
            table.add_row(where, keys.describe(b), b.description)
            where = ""
    first = True
    for key, does in keys.WIDGET_KEYS:
        table.add_row("In fields and lists" if first else "", key, does)
        first = False
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = keys.HELP

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(key_table(), id="help-keys")
            yield Static("Escape closes this help.", id="help-foot")

    def action_close(self) -> None:
        self.dismiss(None)
