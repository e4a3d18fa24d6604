"""Small keyboard widgets for the court screen: a choice answered with one key (yes / no / not yet known), and
the outcome picker (one key chooses, enter records)."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

TRI = (("y", "yes", "yes"), ("n", "no", "no"), ("u", "unknown", "not yet known"))
YES_NO = (("y", "yes", "yes"), ("n", "no", "no"))


class Choice(Static, can_focus=True):
    """A labelled answer picked with one key; space steps through the answers. Shows words, never symbols."""

    DEFAULT_CSS = """
    Choice { height: auto; padding: 0 1; }
    Choice:focus { background: $primary 30%; }
    """

    class Changed(Message):
        def __init__(self, choice: "Choice", value: str) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> "Choice":
            return self.choice

    def __init__(self, label: str, value: str | None, options=TRI, *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.label = label
        self.options = tuple(options)
        values = [v for _k, v, _w in self.options]
        # Not answered yet: "not yet known" for a tri-state, "no" for a yes/no, else the last option.
        self.value = value if value in values else values[-1]
        self.note = ""  # where the answer came from ("from the offence table"), shown after the keys

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        word = next((w for _k, v, w in self.options if v == self.value), self.value)
        keys = "/".join(k for k, _v, _w in self.options)
        text = Text()
        text.append(self.label)
        text.append(": ")
        text.append(word, style="bold")
        text.append(f"   [{keys}]", style="dim")
        if self.note:
            text.append(f"  {self.note}", style="italic")
        self.update(text)

    def set_note(self, note: str) -> None:
        if note != self.note:
            self.note = note
            self._show()

    def set_value(self, value: str, *, notify: bool = True) -> None:
        if value == self.value:
            return
        self.value = value
        self._show()
        if notify:
            self.post_message(self.Changed(self, value))

    async def _on_key(self, event) -> None:
        for key, value, _w in self.options:
            if event.key == key:
                event.stop()
                event.prevent_default()
                self.set_value(value)
                return
        if event.key == "space":
            event.stop()
            event.prevent_default()
            values = [v for _k, v, _w in self.options]
            self.set_value(values[(values.index(self.value) + 1) % len(values)] if self.value in values
                           else values[0])


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
