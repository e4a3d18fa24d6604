"""A screen whose fields save as they change into a record's JSON data: the out-of-court decision (F9) and the
ISS and DYO screen (F10) are built on it.

Each field is a `F` (widget id, the section of the screen's data it lives in, its key, its kind). Typed text is
checked at the field (a bad value keeps the text, shows why, and is not saved); a good one is saved after a short
pause, on leaving the field, on enter (which also moves on), or when the screen is left or the terminal closes.

Saves go through the screen's `guard` (`RecordGuard`): another copy's change to the record meanwhile is merged
with this one; where both changed one entry the user is asked (keep mine / take theirs), nothing saves until they
answer, and `show_saved` then puts the saved records back into the fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList, Static

from yjtui.casework.dates import show_date
from yjtui.rules.core import Finding, Severity
from yjtui.screens.plan_forms import Field, check_field
from yjtui.screens.record_guard import RecordGuard, field_words

YES_NO = (("Yes", "yes"), ("No", "no"))
SEVERITY_STYLE = {Severity.ACTION: ("ACTION", "bold magenta"), Severity.WARNING: ("WARNING", "bold yellow"),
                  Severity.INFO: ("INFO", "cyan")}


@dataclass(frozen=True)
class F:
    id: str
    section: str
    key: str
    label: str
    kind: str = "text"  # text, long, date, int, yesno, select, multi
    options: tuple[tuple[str, Any], ...] = ()
    maximum: int = 1000

    def as_field(self) -> Field:
        kind = "select" if self.kind == "yesno" else self.kind
        return Field(self.key, self.label, kind, list(self.options), maximum=self.maximum)


def render_findings(findings: list[Finding], empty: str = "Nothing to check yet.") -> Text:
    text = Text()
    for f in findings:
        word, style = SEVERITY_STYLE[f.severity]
        text.append(f"{word} ", style=style)
        text.append(f.message)
        text.append(f"\n  {f.citation}\n", style="dim")
    return text or Text(empty)


def shown(f: F, value: Any) -> Any:
    """A stored value as its widget holds it."""
    if f.kind == "yesno":
        return {True: "yes", False: "no"}.get(value, Select.NULL)
    if f.kind == "select":
        return value if value in {v for _l, v in f.options} else Select.NULL
    if f.kind == "date":
        from datetime import date

        try:
            return show_date(date.fromisoformat(str(value)[:10])) if value else ""
        except ValueError:
            return str(value)
    if f.kind == "multi":
        return list(value or [])
    return "" if value is None else str(value)


def stored(f: F, value: Any) -> Any:
    """A checked widget value as the record stores it (None: remove the key)."""
    if f.kind == "yesno":
        return {"yes": True, "no": False}.get(value)
    if value in ("", None) or value is Select.NULL:
        return None
    return value


class RecordScreen(Screen):
    """Subclasses set `self.fields`, give `section(name) -> dict` (the data a field lives in) and `saved(f)`
    (persist that section through `self.guard` and redraw), `reload_saved()` (read the sections again from their
    records) and `saved_shown()` (redraw what depends on them)."""

    SAVE_DELAY = 0.4
    ENTRY_LABELS: dict[tuple[str, ...], str] = {}  # entries with no field of their own, in words (the question)

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, F] = {}
        self._pending: dict[str, Timer] = {}
        self.guard = RecordGuard(self, show=self.show_saved, label=self.entry_words)

    # subclasses -------------------------------------------------------------------------------------------------
    def section(self, name: str) -> dict[str, Any]:
        raise NotImplementedError

    def saved(self, f: F) -> None:
        raise NotImplementedError

    def reload_saved(self) -> None:
        raise NotImplementedError

    def saved_shown(self) -> None:
        """Redraw what depends on the records (after `show_saved`)."""

    def entry_words(self, field: str, path: tuple[str, ...]) -> str:
        """What the keep mine / take theirs question calls an entry: its field's label where it has one."""
        if field == "data" and len(path) == 1:
            for f in self.fields.values():
                if f.key == path[0]:
                    return f.label
        return self.ENTRY_LABELS.get(path) or field_words(field, path)

    def show_saved(self) -> None:
        """After a save met another copy's change: the records as saved (both copies' entries, or the ones the
        user chose) back in the fields, without those updates saving anything again. A field still waiting for
        its pause in typing keeps what was typed (merged when it saves)."""
        self.reload_saved()
        with self.prevent(Input.Changed, Select.Changed, SelectionList.SelectedChanged):
            for f in self.fields.values():
                if f.id not in self._pending:
                    self.set_value(f, self.section(f.section).get(f.key))
                    self._message(f, "", True)
        self.saved_shown()

    # composing --------------------------------------------------------------------------------------------------
    def widgets(self, f: F) -> Iterator[Widget]:
        self.fields[f.id] = f
        value = shown(f, self.section(f.section).get(f.key))
        yield Label(Text(f.label), classes="field-label")
        if f.kind in ("yesno", "select"):
            options = YES_NO if f.kind == "yesno" else f.options
            yield Select(list(options), value=value, id=f.id, prompt="(not recorded)", compact=True)
        elif f.kind == "multi":
            chosen = set(value)
            yield SelectionList(*[(Text(label), v, v in chosen) for label, v in f.options], id=f.id)
        else:
            yield Input(value, id=f.id, compact=True, select_on_focus=False)
        yield Static("", id=f"{f.id}-msg", classes="field-msg")

    def set_value(self, f: F, value: Any) -> None:
        """Show a stored value in its widget (after loading another record)."""
        widget = self.query_one(f"#{f.id}")
        v = shown(f, value)
        if isinstance(widget, SelectionList):
            widget.deselect_all()
            for item in v:
                widget.select(item)
        else:
            widget.value = v

    # saving -----------------------------------------------------------------------------------------------------
    def _message(self, f: F, message: str, ok: bool) -> None:
        msg = self.query_one(f"#{f.id}-msg", Static)
        msg.set_class(not ok, "-error")
        msg.update(Text(message))
        self.query_one(f"#{f.id}").set_class(not ok, "-invalid")

    def save_field(self, field_id: str) -> None:
        timer = self._pending.pop(field_id, None)
        if timer:
            timer.stop()
        f = self.fields.get(field_id)
        if f is None:
            return
        widget = self.query_one(f"#{f.id}")
        raw = list(widget.selected) if isinstance(widget, SelectionList) else widget.value
        ok, value, message = check_field(f.as_field(), raw)
        self._message(f, message, ok)
        if not ok:
            return
        value = stored(f, value)
        data = self.section(f.section)
        if data.get(f.key) == value or (value is None and f.key not in data):
            return
        if value is None:
            data.pop(f.key, None)
        else:
            data[f.key] = value
        self.saved(f)

    def flush(self) -> None:
        for field_id in list(self._pending):
            self.save_field(field_id)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        field_id = event.input.id or ""
        if field_id not in self.fields or event.input.disabled:
            return
        if field_id in self._pending:
            self._pending[field_id].stop()
        self._pending[field_id] = self.set_timer(self.SAVE_DELAY, lambda f=field_id: self.save_field(f))

    @on(Input.Blurred)
    def _left(self, event: Input.Blurred) -> None:
        if event.input.id in self._pending:
            self.save_field(event.input.id)

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        if event.input.id in self.fields:
            self.save_field(event.input.id)
            self.focus_next()

    @on(Select.Changed)
    def _picked(self, event: Select.Changed) -> None:
        if event.select.id in self.fields:
            self.save_field(event.select.id)

    @on(SelectionList.SelectedChanged)
    def _ticked(self, event: SelectionList.SelectedChanged) -> None:
        if event.selection_list.id in self.fields:
            self.save_field(event.selection_list.id)


class TextModal(ModalScreen[None]):
    """Read-only text (earlier decisions, the contact log in full); escape closes."""

    BINDINGS = [Binding("escape", "close", "Close", id="record.text.close")]
    DEFAULT_CSS = """
    TextModal { align: center middle; }
    TextModal > VerticalScroll { width: 90%; height: 85%; border: thick $primary; background: $surface; padding: 0 1; }
    """

    def __init__(self, title: str, body: Text) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label(Text(self.title_text, style="bold"))
            yield Static(self.body)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
