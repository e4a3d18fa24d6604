"""The help screen: every key of every screen, generated from `yjtui.screens.keys` so it cannot drift."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from yjtui.screens import keys
from yjtui.screens.registry import WORKFLOWS


def _sections() -> list[tuple[str, list[Binding]]]:
    sections = list(keys.SCREENS)
    workflow_keys = [Binding(w.key, "", w.title, id=f"workflow.{w.id}") for w in WORKFLOWS]
    sections.insert(1, ("Workflows (any screen)", workflow_keys))
    return sections + [(w.title, w.load_bindings()) for w in WORKFLOWS]


def key_table() -> Table:
    """Every key, the person's own (keys.toml in the user config folder) in place of the usual ones, and each
    binding's id: the name to write in that file."""
    from yjtui.screens.preferences import user_keymap

    sections = _sections()
    keymap, problems = user_keymap({b.id for _where, bindings in sections for b in bindings if b.id})
    table = Table(title="yjtui keys", expand=True, show_lines=False)
    table.add_column("Where", style="bold")
    table.add_column("Key")
    table.add_column("Does")
    table.add_column("Id (keys.toml)", style="dim")
    for where, bindings in sections:
        for b in bindings:
            key = keys.describe(b)
            if b.id in keymap:
                key = f"{keymap[b.id]} (yours; usually {key})"
            table.add_row(where, key, b.tooltip or b.description, b.id or "")  # tooltip: the longer words
            where = ""
    first = True
    for key, does in keys.WIDGET_KEYS:
        table.add_row("In fields and lists" if first else "", key, does)
        first = False
    for problem in problems:
        table.add_row("Your keys", "", problem, "")
    return table


def keys_note() -> str:
    from yjtui.screens.preferences import keys_file

    return (f"Your own keys: {keys_file()} ([keys] then \"binding id\" = \"keys\", e.g. \"court.next\" = "
            "\"ctrl+right\"); read at start. Escape closes this help.")


class HelpScreen(ModalScreen[None]):
    BINDINGS = keys.HELP

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(key_table(), id="help-keys")
            yield Static(Text(keys_note()), id="help-foot")

    def action_close(self) -> None:
        self.dismiss(None)
