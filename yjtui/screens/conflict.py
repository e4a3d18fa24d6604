"""When two copies of yjtui have one store open: a save against a record changed elsewhere asks, never overwrites.

The question names what the other copy changed and what this copy was saving; the answer is "keep mine" (save
mine over theirs, keeping their other changes) or "take theirs" (discard mine, show theirs).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

BINDINGS = [
    Binding("k", "keep_mine", "Keep mine", id="conflict.keep"),
    Binding("t", "take_theirs", "Take theirs", id="conflict.take"),
]


class ConflictScreen(ModalScreen[str]):
    """Answers "mine" or "theirs"."""

    BINDINGS = BINDINGS
    DEFAULT_CSS = """
    ConflictScreen { align: center middle; }
    #conflict { width: 80; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    """

    def __init__(self, changed: list[tuple[str, str, str]], mine: tuple[str, str]) -> None:
        super().__init__()
        self.changed = changed  # (field label, value when this copy read it, value now)
        self.mine = mine  # (field label, value this copy is saving)

    def compose(self) -> ComposeResult:
        t = Text()
        t.append("This record was changed in another copy of yjtui since you opened it.\n\n", style="bold")
        for label, before, now in self.changed:
            t.append(f"{label}: {before or '(blank)'} → {now or '(blank)'}\n")
        t.append(f"\nYou were saving {self.mine[0]}: {self.mine[1] or '(blank)'}\n\n")
        t.append("k  Keep mine: save yours over theirs (their other changes stay)\n")
        t.append("t  Take theirs: discard yours and show the record as it is now\n")
        with Vertical(id="conflict"):
            yield Static(t, id="conflict-text")

    def action_keep_mine(self) -> None:
        self.dismiss("mine")

    def action_take_theirs(self) -> None:
        self.dismiss("theirs")
