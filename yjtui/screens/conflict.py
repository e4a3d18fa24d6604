"""When two copies of yjtui have one store open: a save against a record changed elsewhere asks, never overwrites.

The question names what the other copy changed and what this copy was saving; the answer is "keep mine" (save
mine over theirs, keeping their other changes) or "take theirs" (discard mine, show theirs).

Workflow records (hearing, plan, assessments, moves, screenings) keep their entries as JSON: the screens' one save
path (`record_guard.RecordGuard`) merges the two copies key by key (`casework.merge`) and asks only about the
entries both changed, side by side, with this question.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from yjtui.casework import merge

BINDINGS = [
    Binding("k", "keep_mine", "Keep mine", id="conflict.keep"),
    Binding("t", "take_theirs", "Take theirs", id="conflict.take"),
]


class ConflictScreen(ModalScreen[str]):
    """Answers "mine" or "theirs"."""

    BINDINGS = BINDINGS

    def __init__(self, changed: list[tuple[str, str, str]], mine: tuple[str, str] | None = None,
                 clashes: list[tuple[str, str, str, str]] | None = None) -> None:
        super().__init__()
        self.changed = changed  # (field label, value when this copy read it, value now)
        self.mine = mine  # (field label, value this copy is saving)
        self.clashes = clashes or []  # (entry, as you both read it, theirs, mine): a JSON record's entries

    def compose(self) -> ComposeResult:
        t = Text()
        t.append("This record was changed in another copy of yjtui since you opened it.\n\n", style="bold")
        for label, before, now in self.changed:
            t.append(f"{label}: {before or '(blank)'} → {now or '(blank)'}\n")
        if self.mine:
            t.append(f"\nYou were saving {self.mine[0]}: {self.mine[1] or '(blank)'}\n\n")
            t.append("k  Keep mine: save yours over theirs (their other changes stay)\n")
            t.append("t  Take theirs: discard yours and show the record as it is now\n")
        if self.clashes:
            t.append("You both changed:\n")
            for label, before, theirs, mine in self.clashes:
                t.append(f"{label}\n", style="bold")
                t.append(f"  was {before or '(blank)'}\n  theirs: {theirs or '(blank)'}\n  yours:  {mine or '(blank)'}\n")
            t.append("\nWhat only one of you changed is kept either way.\n\n")
            t.append("k  Keep mine: your entries above are saved over theirs\n")
            t.append("t  Take theirs: their entries above are kept and shown here\n")
        with Vertical(id="conflict"):
            yield Static(t, id="conflict-text")

    def action_keep_mine(self) -> None:
        self.dismiss("mine")

    def action_take_theirs(self) -> None:
        self.dismiss("theirs")


def shown_value(value: Any) -> str:
    """An entry's value in a line of the question: a list or a table is summarised, long text is cut."""
    if value is merge.MISSING or value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return f"{len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {shown_value(v)}" for k, v in value.items())[:70]
    text = str(value).replace("\n", " ")
    return text if len(text) <= 70 else text[:69] + "…"


def entry_label(path: tuple[str, ...]) -> str:
    """A JSON entry's key as words: ('d', 'bail_history') -> 'd › bail history'."""
    return " › ".join(p.replace("_", " ").replace("-", " ") for p in path) or "the record"
