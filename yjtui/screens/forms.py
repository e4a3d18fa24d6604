"""The small forms every workflow screen asks in a modal (a plan item, an ISS condition, a contact, a name): their
fields declared (`Field`), each checked when the form is saved (`check_field`: a bad value gets its message at the
field, the typed text stays, and the form does not close, so nothing invalid reaches the record). `ctrl+s` saves
the form, `escape` cancels. The record form base (`record_form.py`) checks its own fields with the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, SelectionList, Static

from yjtui.casework.dates import DateError, future_problem, parse_date, show_date
from yjtui.casework.forms import check_text
from yjtui.screens.tick_list import TickList

FORM_BINDINGS = [
    Binding("ctrl+s", "save", "Save", id="planform.save", priority=True),
    Binding("escape", "cancel", "Cancel", id="planform.cancel"),
]


@dataclass
class Field:
    key: str
    label: str
    kind: str = "text"  # text, long, date, int, select, multi
    options: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    required: bool = False
    maximum: int = 1000  # int fields: above this the value is refused (a typing slip, not a limit to flag)
    help: str = ""
    past: bool = False  # date fields: the event cannot be in the future (casework.dates.future_problem)


def check_int(text: str, label: str, maximum: int) -> tuple[bool, int | None, str]:
    value = text.strip()
    if not value:
        return True, None, ""
    if not value.isdigit():
        return False, None, f"{label}: type a whole number, e.g. 8."
    n = int(value)
    if n > maximum:
        return False, None, f"{label}: {n} is more than {maximum}; check the number."
    return True, n, ""


def check_field(f: Field, raw: Any, today: date | None = None) -> tuple[bool, Any, str]:
    """(ok, value to save, message) for one field's typed value (`today`: a `past` date must not be after it)."""
    if f.kind in ("text", "long"):
        c = check_text(str(raw), f.label, required=f.required, max_len=600 if f.kind == "long" else 200)
        return c.ok, c.value, c.message
    if f.kind == "int":
        return check_int(str(raw), f.label, f.maximum)
    if f.kind == "date":
        text = str(raw).strip()
        if not text:
            return (not f.required), None, (f"{f.label} cannot be blank." if f.required else "")
        try:
            day = parse_date(text)
        except DateError as exc:
            return False, None, str(exc)
        problem = future_problem(day, today) if f.past and today else ""
        return (False, None, problem) if problem else (True, day.isoformat(), "")
    if f.kind == "select":
        if raw is Select.NULL or raw in (None, ""):
            return (not f.required), "", (f"Choose {f.label.lower()}." if f.required else "")
        return True, raw, ""
    if f.kind == "multi":
        return True, list(raw or []), ""
    return True, raw, ""


def _shown(f: Field, value: Any) -> str:
    if value is None:
        return ""
    if f.kind == "date":
        try:
            return show_date(date.fromisoformat(str(value)[:10]))
        except ValueError:
            return str(value)
    return str(value)


class FormModal(ModalScreen[dict | None]):
    """A form of fields; dismisses with the checked values, or None when cancelled."""

    BINDINGS = FORM_BINDINGS
    DEFAULT_CSS = """
    FormModal { align: center middle; }
    FormModal > VerticalScroll { width: 90; max-width: 100%; height: 90%; border: thick $primary; background: $surface; padding: 0 1; }
    FormModal Input, FormModal Select { width: 100%; max-width: 84; }
    FormModal SelectionList { height: auto; max-height: 12; width: 100%; max-width: 84; }
    FormModal .form-msg { color: $error; height: auto; }
    FormModal .form-help { color: $text-muted; height: auto; }
    """

    def __init__(self, title: str, fields: list[Field], values: dict | None = None, note: str = "") -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.values = values or {}
        self.note = note

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(f"{self.form_title}  (ctrl+s save, escape cancel)", style="bold"))
            if self.note:
                yield Static(Text(self.note), classes="form-help", id="form-note")
            for f in self.fields:
                yield Label(Text(f.label + (" *" if f.required else "")))
                current = self.values.get(f.key)
                if f.kind == "select":
                    value = current if current in {v for _l, v in f.options} else Select.NULL
                    yield Select(f.options, value=value, id=f"f-{f.key}", prompt="(choose)", compact=True)
                elif f.kind == "multi":
                    chosen = set(current or [])
                    yield TickList(*[(label, v, v in chosen) for label, v in f.options], id=f"f-{f.key}")
                else:
                    yield Input(_shown(f, current), id=f"f-{f.key}", compact=True, select_on_focus=False)
                if f.help:
                    yield Static(Text(f.help), classes="form-help")
                yield Static("", id=f"m-{f.key}", classes="form-msg")

    def on_mount(self) -> None:
        if self.fields:
            self.query_one(f"#f-{self.fields[0].key}").focus()

    def raw(self, f: Field) -> Any:
        widget = self.query_one(f"#f-{f.key}")
        if isinstance(widget, SelectionList):
            return list(widget.selected)
        return widget.value

    def action_save(self) -> None:
        out: dict[str, Any] = {}
        ok_all = True
        for f in self.fields:
            ok, value, message = check_field(f, self.raw(f), self.app.today())
            self.query_one(f"#m-{f.key}", Static).update(Text(message))
            if ok:
                out[f.key] = value
            ok_all = ok_all and ok
        if ok_all:
            self.dismiss(out)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NameModal(ModalScreen[str]):
    """Asks a name (the manager countersigning); dismisses with the name, or "" when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="name.cancel")]
    DEFAULT_CSS = """
    NameModal { align: center middle; }
    NameModal > VerticalScroll { width: 70; height: auto; border: thick $primary; background: $surface; padding: 0 1; }
    """

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(self.question))
            yield Input(id="name", compact=True)
            yield Static("", id="name-msg")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        c = check_text(event.value, "Name", required=True)
        if not c.ok:
            self.query_one("#name-msg", Static).update(Text(c.message))
            return
        self.dismiss(c.value)

    def action_cancel(self) -> None:
        self.dismiss("")


# --- a choice answered with one key (yes / no / not yet known), on every screen that asks one ---------------------
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
