"""When two copies of yjtui have one store open: a save against a record changed elsewhere asks, never overwrites.

The question names what the other copy changed and what this copy was saving; the answer is "keep mine" (save
mine over theirs, keeping their other changes) or "take theirs" (discard mine, show theirs).

Workflow records (hearing, plan, assessments, moves, screenings) keep their entries as JSON: `ConflictGuard`
merges the two copies key by key (`casework.merge`) and asks only about the entries both changed, side by side.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from yjtui.casework import merge
from yjtui.casework.records import ConflictError

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


def _shown(value: Any) -> str:
    """An entry's value in a line of the question: a list or a table is summarised, long text is cut."""
    if value is merge.MISSING or value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return f"{len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_shown(v)}" for k, v in value.items())[:70]
    text = str(value).replace("\n", " ")
    return text if len(text) <= 70 else text[:69] + "…"


def entry_label(path: tuple[str, ...]) -> str:
    """A JSON entry's key as words: ('d', 'bail_history') -> 'd › bail history'."""
    return " › ".join(p.replace("_", " ").replace("-", " ") for p in path) or "the record"


class ConflictGuard:
    """Saves a screen's workflow record field by field; never writes over another copy's change unasked.

    On a conflict the two copies' entries are merged (`casework.merge`): with no clash the merge is saved and the
    screen shows it; with clashes the user is asked, and saves are held (latest value kept) until they answer.
    `show` puts the record's saved values back on the screen; `label` names an entry for the question."""

    def __init__(self, screen: Any, show: Callable[[], None],
                 label: Callable[[tuple[str, ...]], str] = entry_label) -> None:
        self.screen, self.show, self.label = screen, show, label
        self.held: dict[tuple[int, str], tuple[Any, str, Any]] | None = None  # while the question is open

    @property
    def asking(self) -> bool:
        return self.held is not None

    def save(self, record: Any, field: str, value: Any) -> None:
        if self.held is not None:
            self.held[(id(record), field)] = (record, field, value)
            return
        if getattr(record, field) == value:
            return
        store = self.screen.app.store
        base = getattr(record, field)
        try:
            store.update(record, field, value)
            return
        except ConflictError:
            pass
        store.reload(record)
        theirs = getattr(record, field)
        found = merge.clashes(base, value, theirs)
        if not found:
            self.save(record, field, merge.merge(base, value, theirs))
            self.screen.notify("This record was also changed in another copy of yjtui; your changes and theirs "
                               "are both kept.", severity="warning", markup=False)
            self.show()
            return
        self.held = {}

        def answer(choice: str | None) -> None:
            held, self.held = self.held or {}, None
            latest = held.pop((id(record), field), (record, field, value))[2]
            self.save(record, field, merge.merge(base, latest, theirs, prefer="theirs" if choice == "theirs"
                                                 else "mine"))
            for other, name, later in held.values():
                self.save(other, name, later)
            self.show()

        rows = [(self.label(c.path), _shown(c.before), _shown(c.theirs), _shown(c.mine)) for c in found]
        self.screen.app.push_screen(ConflictScreen([], clashes=rows), answer)
