"""The court's outcome picker (one key chooses, enter records). The one-key choice it shares with other screens is
`forms.Choice`."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static


class OutcomePicker(Static, can_focus=True):
    """The court's decision: a letter picks it, enter records it (two keys, so a slip of the finger records
    nothing)."""

    DEFAULT_CSS = """
    OutcomePicker { height: auto; padding: 0 1; border: round $primary; }
    OutcomePicker:focus { border: round $accent; }
    """

    BINDINGS = [Binding("enter", "record", "Record outcome", show=True, id="court.outcome.record")]

    class Chosen(Message):
        def __init__(self, outcome_id: str) -> None:
            super().__init__()
            self.outcome_id = outcome_id

    def __init__(self, outcomes, recorded: str = "", *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.outcomes = outcomes
        self.pending = ""
        self.recorded = recorded

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        text = Text()
        if self.recorded:
            title = next((o.title for o in self.outcomes if o.id == self.recorded), self.recorded)
            text.append(f"Outcome recorded: {title}\n", style="bold")
            self.update(text)
            return
        for o in self.outcomes:
            mark = "▶ " if o.id == self.pending else "  "
            text.append(f"{mark}{o.key}  {o.title}\n", style="bold reverse" if o.id == self.pending else "")
        text.append("\nPress a letter to choose, then enter to record." if not self.pending
                    else "\nPress enter to record this outcome, or another letter to change.")
        self.update(text)

    async def _on_key(self, event) -> None:
        if self.recorded:
            return
        for o in self.outcomes:
            if event.key == o.key:
                event.stop()
                event.prevent_default()
                self.pending = o.id
                self._show()
                return

    def action_record(self) -> None:
        if self.pending and not self.recorded:
            self.post_message(self.Chosen(self.pending))

    def mark_recorded(self, outcome_id: str) -> None:
        self.recorded = outcome_id
        self.pending = ""
        self._show()
