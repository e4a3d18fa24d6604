"""The one record form every workflow screen is built on: its fields declared, saved as typed, checked at the field,
the findings answered from memory.

A screen declares its fields (`F`: widget id, label, where the value lives in which record, kind, check) instead of
spelling data paths into widget ids, and names its records (`Held`: the stored record, None until the first change,
and its values as typed). Then, for every field:

- a keystroke or a pick is checked at the field (a bad value keeps the text, shows why, and is not taken); a good one
  goes into the record's values at once and the screen redraws what depends on them (`refresh_form`) from memory:
  the child's records are read once, when the screen opens (`snapshot`), and again only when another copy's change
  arrives or the screen comes back into view. No statement reaches the store per keystroke;
- the record is saved after a pause in typing (`Debounce`, one per screen, keyed by record), straight after a pick,
  on leaving the field, on enter (which also moves on), or when the screen is left or the terminal closes;
- saves go through the screen's `guard` (`RecordGuard`): another copy's change meanwhile is merged with this one;
  where both changed one entry the user is asked once, nothing saves until they answer, and `show_saved` then puts
  the saved records back into the fields.

The usual layout is the form's (fields in order) beside a panel (findings, deadlines): a screen gives
`load_records()`, `compose_form()` and `compose_panel()` and the base lays them out with one look (`DEFAULT_CSS`:
fields 70 columns at most, the focused one marked); `deadlines_text` lists the child's deadlines the screen shows.

Stored text placed in a widget goes through `yjtui.text.shown` (the one sanitiser).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList, Static, TabbedContent, TabPane

from yjtui.casework import board, case_facts
from yjtui.casework.dates import future_problem, show_date
from yjtui.casework.packs import local_packs
from yjtui.screens.forms import Choice
from yjtui.screens.debounce import Debounce
from yjtui.screens.findings import FindingsPanel, findings_content
from yjtui.screens.footer import Footer
from yjtui.screens.header import Header
from yjtui.screens.forms import Field, check_field
from yjtui.screens.record_guard import RecordGuard, field_words
from yjtui.screens.tick_list import TickList
from yjtui.text import shown as safe

YES_NO = (("Yes", "yes"), ("No", "no"))
INPUTS = ("text", "long", "date", "int")
Check = Callable[[str], tuple[bool, Any, str]]  # typed text -> (ok, value to keep, message at the field)

__all__ = ["ChildRecordsHeld", "F", "FindingsPanel", "Held", "RecordScreen", "TextModal", "YES_NO", "findings_content",
           "history_modal"]


@dataclass(frozen=True)
class F:
    """One field: its widget id, its label, where its value lives (`path` in the record `record` names: the column,
    then keys into its JSON, "data.package.hours"), its kind and options, and its check.

    Kinds: text, long, date, int (an Input, checked by `casework.forms`' rules unless `check` is given), yesno and
    select (a Select), multi (a SelectionList), choice (a `Choice` answered with one key; `options` are its (key,
    stored value, words))."""

    id: str
    label: str
    path: str
    kind: str = "text"
    options: tuple[tuple[Any, ...], ...] = ()
    record: str = ""
    maximum: int = 1000
    check: Check | None = None
    placeholder: str = ""
    blank: Any = None  # what an emptied answer stores (None: the key is removed)
    codes: tuple[tuple[Any, Any], ...] = ()  # (widget value, stored value) where the two differ
    default: Any = None  # what the widget shows while nothing is stored
    past: bool = False  # a date whose event cannot be in the future (casework.dates.future_problem)
    show: Callable[[Any], str] | None = None  # a stored value as its Input shows it, where the kind's way does not fit

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.path.split("."))

    def as_field(self) -> Field:
        kind = "select" if self.kind == "yesno" else self.kind
        return Field(self.parts[-1], self.label, kind, list(self.options), maximum=self.maximum, past=self.past)


def widget_value(f: F, value: Any) -> Any:
    """A stored value as its widget holds it."""
    if value is None:
        value = f.default
    if f.show is not None:
        return safe(f.show(value))
    if f.codes:
        return next((w for w, v in f.codes if v == value and type(v) is type(value)), f.codes[-1][0])
    if f.kind == "yesno":
        return {True: "yes", False: "no"}.get(value, Select.NULL)
    if f.kind == "select":
        return value if value in {v for _l, v in f.options} else Select.NULL
    if f.kind == "choice":
        return value
    if f.kind == "date":
        try:
            return show_date(date.fromisoformat(str(value)[:10])) if value else ""
        except ValueError:
            return safe(value)
    if f.kind == "multi":
        return list(value) if isinstance(value, list) else []
    return "" if value is None else safe(value)


def stored(f: F, value: Any) -> Any:
    """A checked widget value as the record stores it (None: remove the key)."""
    if f.codes:
        return dict(f.codes).get(value)
    if f.kind == "yesno":
        return {"yes": True, "no": False}.get(value)
    if f.kind == "choice":
        return value
    if value in ("", None) or value is Select.NULL:
        return f.blank
    return value


class Held:
    """One record a form edits: the stored object (None until the first change) and its values as typed, the JSON
    columns parsed (`get`/`put` reach into them by path)."""

    JSON = ("data", "charges")
    LISTS = ("charges",)  # JSON columns that hold rows, not entries

    def __init__(self, record: Any | None, columns: tuple[str, ...] = ("data",), defaults: dict | None = None):
        self.record = record
        self.columns = columns
        self.defaults = defaults or {}
        self.values: dict[str, Any] = {}
        self.load()

    def load(self) -> None:
        for column in self.columns:
            raw = getattr(self.record, column) if self.record is not None else None
            default = self.defaults.get(column, ([] if column in self.LISTS else {}) if column in self.JSON else None)
            if column in self.JSON:
                value = case_facts.loads(raw, default if isinstance(default, (dict, list)) else {})
            else:
                value = default if raw is None else raw
            self.values[column] = value

    @property
    def data(self) -> dict[str, Any]:
        return self.values["data"]

    @data.setter
    def data(self, value: dict[str, Any]) -> None:
        self.values["data"] = value

    def get(self, parts: tuple[str, ...]) -> Any:
        """The value at `parts` (a number reaches into a list: "charges.0.offence"); None where there is none."""
        node: Any = self.values
        for key in parts:
            if isinstance(node, list) and key.isdigit():
                node = node[int(key)] if int(key) < len(node) else None
            elif isinstance(node, dict):
                node = node.get(key)
            else:
                return None
        return node

    def section(self, parts: tuple[str, ...]) -> dict[str, Any]:
        """The dict at `parts`, made (or made a dict again, over whatever a stored record held there) if it is
        missing; a number reaches into a list that holds that many rows already (rows are added by the screen,
        never by typing: a missing row is a KeyError)."""
        node: Any = self.values
        for i, key in enumerate(parts):
            row = i + 1 < len(parts) and parts[i + 1].isdigit()  # the next key is a row of a list held here
            if isinstance(node, list):
                if not key.isdigit() or int(key) >= len(node):
                    raise KeyError(f"no row {key} in this record")
                index: Any = int(key)
            else:
                index = key
            child = node[index] if isinstance(node, list) else node.get(key)
            if not isinstance(child, list if row else dict):
                if row:
                    raise KeyError(f"no rows at {key} in this record")
                node[index] = child = {}
            node = child
        return node

    def put(self, parts: tuple[str, ...], value: Any) -> bool:
        """Set (None: remove) the value at `parts`; False when it already held that."""
        *above, last = parts
        node = self.section(tuple(above)) if above else self.values
        if node.get(last) == value and (value is not None or last not in node):
            return False
        if value is None and above:
            node.pop(last, None)
        else:
            node[last] = value
        return True

    def dumped(self) -> dict[str, Any]:
        """The columns as the store keeps them (JSON as text); a column whose JSON is unchanged keeps its text."""
        out: dict[str, Any] = {}
        for column in self.columns:
            value = self.values[column]
            if column in self.JSON:
                old = getattr(self.record, column) if self.record is not None else None
                if old is not None and case_facts.loads(old, type(value)()) == value and old:
                    out[column] = old
                    continue
                value = json.dumps(value, ensure_ascii=False, sort_keys=isinstance(value, dict))
            out[column] = value
        return out


class ChildRecordsHeld:
    """The child's stored records and the packs switched on, read once for a screen's findings (no statement per
    keystroke); `forget_snapshot()` when they may have changed: a save of this screen's, another copy's change,
    back from another screen. For every workflow screen, on the record form base or not (court, risk)."""

    _snapshot: case_facts.Snapshot | None = None
    _packs: tuple[str, ...] | None = None

    @property
    def snapshot(self) -> case_facts.Snapshot:
        """The child's stored records as read when the screen opened (or another copy's change last arrived)."""
        if self._snapshot is None:
            self._snapshot = case_facts.Snapshot.read(self.app.store, self.child)
        return self._snapshot

    @property
    def packs(self) -> tuple[str, ...]:
        """The packs switched on (national first), read once."""
        if self._packs is None:
            self._packs = ("national", *local_packs(self.app.store))
        return self._packs

    def forget_snapshot(self) -> None:
        self._snapshot = None
        self._packs = None


class RecordScreen(ChildRecordsHeld, Screen):
    """Subclasses declare their records in `self.held` (name -> `Held`) and give:

    - `start_record(name)`: the new stored record when the first change is made (None: not saved yet);
    - `refresh_form()`: redraw what depends on the values, from memory (`snapshot`), after every change;
    - optionally `after_save(name)` (dated events kept in step; runs once the record is saved), `saved_shown()`
      (redraw after another copy's change was put on screen), `read_only(name)`, `ENTRY_LABELS`;
    - for the form-beside-panel layout (`compose`): `load_records()`, `compose_form()`, `compose_panel()`, and the
      ids of the two columns (`FORM_ID`, `PANEL_ID`: a screen's own CSS and queries name them). A screen with
      another layout (the exploitation tabs) gives its own `compose`."""

    FORM_ID, PANEL_ID = "record-form", "record-panel"
    MSG_ID = "{}-msg"  # a field's message line's id, from the field's id
    DEFAULT_CSS = """
    RecordScreen .record-form { width: 3fr; padding: 0 1; }
    RecordScreen .record-panel { width: 2fr; border-left: solid $primary; padding: 0 1; }
    RecordScreen .record-form Input, RecordScreen .record-form Select {
        width: 100%; max-width: 70; background: $boost; border-left: blank !important;
    }
    RecordScreen .record-form Input:focus, RecordScreen .record-form Select:focus {
        background: $primary 30%; border-left: thick $accent !important;
    }
    RecordScreen .record-form SelectionList { height: auto; max-height: 8; width: 100%; border: round $primary; }
    RecordScreen .record-form SelectionList:focus { border: round $accent; }
    RecordScreen .record-form Label { width: 100%; }
    RecordScreen .section-head { margin-top: 1; text-style: bold underline; }
    """

    ENTRY_LABELS: dict[tuple[str, ...], str] = {}  # entries with no field of their own, in words (the question)
    PLAIN_FIELDS: dict[str, str] = {"status": "Record status", "author": "Completed by",
                                    "completed_at": "Completed on", "countersigned_by": "Countersigned by",
                                    "countersigned_at": "Countersigned on"}

    def __init__(self, child: Any = None) -> None:
        super().__init__()
        self.child = child  # the child whose records the form edits
        self.fields: dict[str, F] = {}
        self.held: dict[str, Held] = {}
        self.pending = Debounce(self, self.save_record)
        self.guard = RecordGuard(self, show=self.show_saved, label=self.entry_words)
        self.errors: set[str] = set()  # fields showing why what was typed is not taken
        self._said: dict[str, str] = {}

    # subclasses -------------------------------------------------------------------------------------------------
    def load_records(self) -> None:
        """Read the records the form edits into `self.held` (when the screen is composed)."""

    def compose_form(self) -> ComposeResult:
        yield from ()

    def compose_panel(self) -> ComposeResult:
        yield from ()

    def start_record(self, name: str) -> Any | None:
        raise NotImplementedError

    def refresh_form(self) -> None:
        """Redraw what depends on the values (from memory: no statement to the store)."""

    def after_save(self, name: str) -> None:
        """The record `name` was saved (not held by a question): keep its dated events in step."""

    def saved_shown(self) -> None:
        """Redraw what depends on the stored records (after `show_saved`)."""
        self.refresh_form()

    def read_only(self, name: str) -> bool:
        return False

    def to_save(self, name: str) -> dict[str, Any]:
        """The fields of record `name` to save (its columns as stored; a subclass may add a status)."""
        return self.held[name].dumped()

    def on_screen_resume(self) -> None:
        """Back from another screen (Settings, another workflow): its changes are read again."""
        self.forget_snapshot()
        self.refresh_form()

    # the deadlines beside the form --------------------------------------------------------------------------------
    def deadlines_text(self, heading: str, keep: Callable[[str], bool]) -> Text:
        """The child's open deadlines whose rule `keep` accepts, as the board has them (overdue first), under
        `heading`; read from the store (after a save, never per keystroke)."""
        today = self.app.today()
        now = datetime.now() if today == date.today() else datetime.combine(today, time.min)
        rows = [r for r in board.child_deadlines(self.app.store, self.child, today, now) if keep(r.rule)]
        due = Text(f"{heading}\n", style="bold")
        for r in rows:
            due.append("OVERDUE " if r.overdue else "due ", style="bold red" if r.overdue else "")
            due.append(f"{r.due_text}  {r.title} ({r.basis}; {r.citation})\n")
        if not rows:
            due.append("None open.\n")
        return due

    def forget_deadlines(self) -> None:
        """A save changed what is due: the app's deadline counts are worked out again."""
        forget = getattr(self.app, "forget_deadlines", None)
        if forget:
            forget()

    # the question's words ----------------------------------------------------------------------------------------
    def entry_words(self, field: str, path: tuple[str, ...]) -> str:
        """What the keep mine / take theirs question calls an entry: its field's label where it has one."""
        parts = (field, *path)
        for f in self.fields.values():
            if f.parts == parts:
                return f.label
        if field != "data" or not path:
            return self.PLAIN_FIELDS.get(field) or field_words(field, path)
        return self.ENTRY_LABELS.get(path) or field_words(field, path)

    # composing --------------------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """The form beside its panel, under the one header and above the one footer."""
        self.load_records()
        yield Header()
        with Horizontal():
            with VerticalScroll(id=self.FORM_ID, classes="record-form"):
                yield from self.compose_form()
            with VerticalScroll(id=self.PANEL_ID, classes="record-panel"):
                yield from self.compose_panel()
        yield Footer()

    def compose_tabs(self, tabs_id: str, panes: tuple[tuple[str, str], ...],
                     compose_tab: Callable[[str], ComposeResult]) -> ComposeResult:
        """Tabs of fields (panes: (title, name); each pane's id is "tab-" + name, its fields scroll, drawn by
        `compose_tab(name)`), the first one shown first: for a screen whose form is too long for one column."""
        with TabbedContent(id=tabs_id, initial=f"tab-{panes[0][1]}"):
            for title, name in panes:
                with TabPane(title, id=f"tab-{name}"):
                    with VerticalScroll():
                        yield from compose_tab(name)

    def value_of(self, f: F) -> Any:
        return self.held[f.record].get(f.parts)

    def widgets(self, f: F, *, label: bool = True, message: bool = True) -> Iterator[Widget]:
        """The field's label, widget and message line (id + "-msg")."""
        self.fields[f.id] = f
        value = widget_value(f, self.value_of(f))
        if label and f.kind != "choice":
            yield Label(Text(f.label), classes="field-label")
        if f.kind in ("yesno", "select"):
            options = YES_NO if f.kind == "yesno" else f.options
            yield Select([(Text(str(label_)), v) for label_, v in options], value=value, id=f.id,
                         prompt="(not recorded)", compact=True)
        elif f.kind == "multi":
            chosen = set(value)
            yield TickList(*[(Text(str(label_)), v, v in chosen) for label_, v in f.options], id=f.id)
        elif f.kind == "choice":
            yield Choice(f.label, value, f.options, id=f.id)
        else:
            yield Input(value, id=f.id, compact=True, select_on_focus=False, placeholder=f.placeholder)
        if message:
            yield Static("", id=self.MSG_ID.format(f.id), classes="field-msg")

    def set_value(self, f: F, value: Any) -> None:
        """Show a stored value in its widget (after loading another record), without it saving again."""
        for widget in self.query(f"#{f.id}"):
            v = widget_value(f, value)
            if isinstance(widget, SelectionList):
                widget.deselect_all()
                for item in v:
                    widget.select(item)
            elif isinstance(widget, Choice):
                values = [o[1] for o in f.options]
                widget.set_value(v if v in values else values[-1], notify=False)
            elif isinstance(widget, Input):
                if widget.value.strip() != str(v).strip():
                    widget.value = v
            else:
                widget.value = v

    def show_values(self, names: tuple[str, ...] | None = None) -> None:
        """Every field of these records (all) shows its stored value; what that sets is not a change to save."""
        with self.prevent(Input.Changed, Select.Changed, SelectionList.SelectedChanged, Choice.Changed):
            for f in self.fields.values():
                if names is None or f.record in names:
                    self.set_value(f, self.value_of(f))
                    self.message(f, "", True)

    def say(self, selector: str, content: Text | str) -> None:
        """Update a Static only when what it shows changes (this runs on every keystroke)."""
        key = content.markup if isinstance(content, Text) else str(content)
        if self._said.get(selector) != key:
            self._said[selector] = key
            self.query_one(selector, Static).update(content)

    # taking what is typed --------------------------------------------------------------------------------------
    def message(self, f: F | str, message: str, ok: bool = True) -> None:
        """What the field says beneath it; not ok: an error (the field is marked, `errors` holds its id)."""
        fid = f.id if isinstance(f, F) else f
        (self.errors.discard if ok else self.errors.add)(fid)
        for msg in self.query("#" + self.MSG_ID.format(fid)).results(Static):
            msg.set_class(not ok, "-error")
            msg.update(Text(message))
        for widget in self.query(f"#{fid}"):
            widget.set_class(not ok, "-in-error")

    def go_to(self, ids: list[str]) -> None:
        """A refused act's first field that can take the keys, focused and scrolled into view (else the first of
        them scrolled into view): the practitioner is taken to what blocks it, not told to look for it."""
        widgets = [w for fid in ids for w in self.query(f"#{fid}")]
        target = next((w for w in widgets if w.focusable), None)
        if target is not None:
            target.focus()
        if target or widgets:
            self.call_after_refresh((target or widgets[0]).scroll_visible)

    def check(self, f: F, raw: Any) -> tuple[bool, Any, str]:
        if f.check is None:
            return check_field(f.as_field(), raw, self.app.today())
        ok, value, message = f.check(str(raw))
        if ok and f.past and value:  # a screen's own date check, then the one question about the future
            problem = future_problem(date.fromisoformat(str(value)[:10]), self.app.today())
            if problem:
                return False, None, problem
        return ok, value, message

    def take(self, f: F, raw: Any, *, typing: bool) -> None:
        """A field's widget changed: check it; a good value goes into its record's values and saves after the
        pause (typing) or at once (a pick)."""
        if self.read_only(f.record):
            return
        ok, value, message = self.check(f, raw)
        if not ok or message or f.id in self.errors:  # a field's own note (the screen's) stays till it errs
            self.message(f, message, ok)
        if not ok:
            return
        if self.put(f, stored(f, value)):
            self.pending.touch(f.record, typing=typing)
            self.changed(f)

    def put(self, f: F, value: Any) -> bool:
        """Set a field's value in its record (a subclass may keep others in step); False when unchanged."""
        return self.held[f.record].put(f.parts, value)

    def changed(self, f: F | None) -> None:
        """A value changed: redraw from memory."""
        self.refresh_form()

    def touch(self, name: str, *, typing: bool = False) -> None:
        """The screen changed a record's values itself (a pick from a list, a row added): save it soon."""
        self.pending.touch(name, typing=typing)

    # saving -----------------------------------------------------------------------------------------------------
    def save_record(self, name: str) -> None:
        """Save a record now (through the guard); the first change creates it."""
        self.pending.cancel(name)
        held = self.held[name]
        if self.read_only(name):
            return
        if held.record is None:
            held.record = self.start_record(name)
            if held.record is None:
                return
            self.guard.read(held.record)
        self.guard.save(held.record, self.to_save(name))
        if not self.guard.asking:
            self.after_save(name)

    def save_now(self, name: str) -> None:
        """Save a record's values at once (after the screen changed them itself: an event's id, a row)."""
        self.pending.cancel(name)
        self.save_record(name)

    def flush(self) -> None:
        self.pending.flush()

    def show_saved(self) -> None:
        """After a save met another copy's change: the records as saved (both copies' entries, or the ones the user
        chose) back in the fields, without those updates saving anything again. A record still waiting for its
        pause in typing keeps what was typed (merged when it saves); the one just merged shows as saved."""
        shown_names = []
        for name, held in self.held.items():
            if held.record is None:
                continue
            if name in self.pending and held.record is not self.guard.saving:
                continue
            self.pending.cancel(name)
            held.load()
            self.guard.read(held.record)
            shown_names.append(name)
        self.forget_snapshot()
        self.show_values(tuple(shown_names))
        self.saved_shown()

    def leave(self) -> None:
        """Save what is waiting and go back; a question about another copy's change stays open until answered."""
        self.flush()
        if not self.guard.asking:
            self.app.pop_screen()

    def action_back(self) -> None:
        self.leave()

    # the widgets' events ----------------------------------------------------------------------------------------
    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        f = self.fields.get(event.input.id or "")
        if f is not None and not event.input.disabled:
            self.take(f, event.value, typing=True)

    @on(Input.Blurred)
    def _left(self, event: Input.Blurred) -> None:
        f = self.fields.get(event.input.id or "")
        if f is not None and f.record in self.pending:
            self.pending.flush(f.record)

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        f = self.fields.get(event.input.id or "")
        if f is not None:
            self.pending.flush(f.record)
            self.focus_next()

    @on(Select.Changed)
    def _picked(self, event: Select.Changed) -> None:
        f = self.fields.get(event.select.id or "")
        if f is not None:
            self.take(f, event.value, typing=False)

    @on(SelectionList.SelectedChanged)
    def _ticked(self, event: SelectionList.SelectedChanged) -> None:
        f = self.fields.get(event.selection_list.id or "")
        if f is not None:
            self.take(f, list(event.selection_list.selected), typing=False)

    @on(Choice.Changed)
    def _chosen(self, event: Choice.Changed) -> None:
        f = self.fields.get(event.choice.id or "")
        if f is not None:
            event.stop()
            self.take(f, event.value, typing=False)


class TextModal(ModalScreen[None]):
    """Read-only text (earlier decisions, an assessment's history, the contact log in full); escape closes."""

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
        with VerticalScroll(id="history"):
            yield Label(Text(self.title_text, style="bold"))
            yield Static(self.body, id="history-body")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)


def history_modal(title: str, records: list[Any], describe: Callable[[Any], Text], none: str) -> TextModal:
    """Every record of one kind, newest first, each as `describe` words it (`none` when there is none yet)."""
    body = Text()
    for record in reversed(records):
        body.append_text(describe(record))
        body.append("\n")
    if not records:
        body.append(none)
    return TextModal(title, body)
