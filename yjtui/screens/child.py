"""The child record: each field checked at the field and saved as it changes, with no save button."""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Select, Static

from yjtui.screens import keys
from yjtui.screens.debounce import Debounce
from yjtui.screens.footer import Footer
from yjtui.screens.header import Header
from yjtui.casework.dates import age_on, show_date
from yjtui.casework.exploitation import summary_lines as exploitation_lines
from yjtui.casework.forms import ETHNICITY, LOOKED_AFTER, SEX, Check, check_date_of_birth, check_text
from yjtui.rules.levels import LABEL
from yjtui.casework.records import Child, ConflictError
from yjtui.text import shown

SAVE_DELAY = 0.25  # seconds after the last keystroke; leaving the field, quitting or closing the terminal saves at once

# field -> (label, check). Checks take the typed text and today's date.
TEXT_FIELDS: dict[str, tuple[str, Callable[[str, date], Check]]] = {
    "given_name": ("Given name", lambda t, _d: check_text(t, "Given name", required=True)),
    "family_name": ("Family name", lambda t, _d: check_text(t, "Family name", required=True)),
    "date_of_birth": ("Date of birth (dd/mm/yyyy)", check_date_of_birth),
    "home_la": ("Home local authority", lambda t, _d: check_text(t, "Home local authority")),
    "yjs_ref": ("YJS reference", lambda t, _d: check_text(t, "YJS reference", max_len=40)),
}
SELECT_FIELDS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "sex": ("Sex", [(s, s) for s in SEX]),
    "ethnicity": ("Ethnicity (for disproportionality monitoring)", [(e, e) for e in ETHNICITY]),
    "looked_after": ("Looked-after status", [(label, key) for key, label in LOOKED_AFTER.items()]),
}


def _shown(child: Child, field: str) -> str:
    """The field's stored value as the form shows it: a date as dd/mm/yyyy, text with nothing a terminal obeys."""
    value = getattr(child, field)
    if field == "date_of_birth":
        return show_date(value)
    return shown(value)


def _choice(child: Child, field: str) -> Any:
    """The stored choice, or none when the store holds something not among the choices (written by another
    program, say): the list cannot show it, and must not crash on it."""
    value = getattr(child, field)
    return value if value in {v for _l, v in SELECT_FIELDS[field][1]} else Select.NULL


def _not_a_choice(child: Child, field: str) -> Text:
    value = getattr(child, field)
    if not value or _choice(child, field) is not Select.NULL:
        return Text("")
    return Text(f"Stored as {shown(value)!r}, which is not one of the choices: choose one to replace it.")


class ChildScreen(Screen):
    BINDINGS = keys.CHILD
    TITLE = "Child record"
    # Focus set while composing, not in on_mount: keys typed as the screen opens must not be pulled back.
    AUTO_FOCUS = "#given_name"

    def __init__(self, child: Child) -> None:
        super().__init__()
        self.child = child
        self.pending = Debounce(self, self._save_text)  # one debounce, keyed by field
        self._held: dict[str, Any] | None = None  # saves held while a conflict is being resolved

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with VerticalScroll(id="form"):
                for field, (label, _check) in TEXT_FIELDS.items():
                    yield Label(label, classes="field-label")
                    yield Input(_shown(self.child, field), id=field, select_on_focus=False, compact=True)
                    yield Static("", id=f"{field}-msg", classes="field-msg")
                for field, (label, options) in SELECT_FIELDS.items():
                    yield Label(label, classes="field-label")
                    yield Select(options, value=_choice(self.child, field), id=field, prompt="Not recorded",
                                 compact=True)
                    yield Static(_not_a_choice(self.child, field), id=f"{field}-msg", classes="field-msg")
            with Vertical(id="summary"):
                yield Static("", id="summary-text")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.child.display_name
        if self.child.date_of_birth:
            self._check("date_of_birth", show_date(self.child.date_of_birth), save=False)
        self._refresh_summary()

    def on_screen_resume(self) -> None:
        self._refresh_summary()  # a workflow screen may have changed what the summary shows

    # --- saving -----------------------------------------------------------------------------------------------
    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        field = event.input.id
        if field in TEXT_FIELDS:
            self.pending.touch(field, delay=SAVE_DELAY)

    @on(Input.Blurred)
    def _blurred(self, event: Input.Blurred) -> None:
        if event.input.id in TEXT_FIELDS:
            self._save_text(event.input.id)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id in TEXT_FIELDS:
            self._save_text(event.input.id)
            self.focus_next()

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        field = event.select.id
        value = "" if event.value is Select.NULL else str(event.value)
        if field == "looked_after" and not value:
            value = "no"
        self._store(field, value)

    def _save_text(self, field: str) -> None:
        self.pending.cancel(field)
        text = self.query_one(f"#{field}", Input).value
        self._check(field, text, save=True)

    def _check(self, field: str, text: str, save: bool) -> None:
        check = TEXT_FIELDS[field][1](text, self.app.today())
        msg = self.query_one(f"#{field}-msg", Static)
        field_input = self.query_one(f"#{field}", Input)
        field_input.set_class(not check.ok, "-in-error")
        msg.set_class(not check.ok, "-error")
        msg.set_class(check.warning, "-warning")
        # The message is ours, but it quotes what was typed: render it as plain text.
        msg.update(Text(check.message))
        if check.ok and save:
            self._store(field, check.value)

    def _store(self, field: str, value: Any) -> None:
        if self._held is not None:  # the user is choosing between their copy and another's: nothing saves meanwhile
            self._held[field] = value
            return
        if getattr(self.child, field) == value:
            return
        if field in TEXT_FIELDS and value == _shown(self.child, field):
            return  # a stored value with control characters, shown made visible and left as it was: not a change
        try:
            self.app.store.update(self.child, field, value)
        except ConflictError:
            self._resolve_conflict(field, value)
            return
        self.sub_title = self.child.display_name
        self._refresh_summary()

    def _resolve_conflict(self, field: str, value: Any) -> None:
        """Another copy changed this child: say what, and let the user keep theirs or take the other."""
        from yjtui.screens.conflict import ConflictScreen

        mine = self.child.model_copy()
        self._held = {field: value}  # keys typed while the question is open are kept here, not saved
        self.app.store.reload(self.child)
        labels = {**{f: lbl for f, (lbl, _c) in TEXT_FIELDS.items()},
                  **{f: lbl for f, (lbl, _o) in SELECT_FIELDS.items()}}
        changed = [(labels[f], self._display(f, getattr(mine, f)), self._display(f, getattr(self.child, f)))
                   for f in labels if getattr(mine, f) != getattr(self.child, f)]

        def answer(choice: str | None) -> None:
            held, self._held = self._held or {}, None
            if choice == "mine":
                for name, latest in held.items():  # what was typed last, against the version just read
                    self._store(name, latest)
            self._show_record(skip=field if choice == "mine" else None)

        self.app.push_screen(ConflictScreen(changed, (labels[field], self._display(field, value))), answer)

    @staticmethod
    def _display(field: str, value: Any) -> str:
        if field == "date_of_birth":
            return show_date(value)
        if field == "looked_after":
            return shown(LOOKED_AFTER.get(value, value or ""))
        return shown(value)

    def _show_record(self, skip: str | None = None) -> None:
        """Put the record's saved values back into the fields (after taking another copy's changes)."""
        for field in TEXT_FIELDS:
            if field != skip:
                self.query_one(f"#{field}", Input).value = _shown(self.child, field)
                self.query_one(f"#{field}-msg", Static).update("")
        for field in SELECT_FIELDS:
            if field != skip:
                with self.prevent(Select.Changed):
                    self.query_one(f"#{field}", Select).value = _choice(self.child, field)
                self.query_one(f"#{field}-msg", Static).update(_not_a_choice(self.child, field))
        self.sub_title = self.child.display_name
        self._refresh_summary()

    def flush(self) -> None:
        """Save every field still waiting for its timer (on leaving the screen or quitting)."""
        self.pending.flush()

    # --- summary ----------------------------------------------------------------------------------------------
    def _refresh_summary(self) -> None:
        c = self.child
        lines = [shown(c.display_name)]
        if c.date_of_birth:
            lines.append(f"Born {show_date(c.date_of_birth)}, age {age_on(c.date_of_birth, self.app.today())}")
        lines.append(shown(LOOKED_AFTER.get(c.looked_after, c.looked_after)))
        levels = self.app.store.latest_levels([c.id]).get(c.id, {})
        for kind, label in (("rosh", "RoSH"), ("swb", "SWB"), ("lor", "LoR")):
            lines.append(f"{label}: {LABEL.get(levels.get(kind, ''), 'not assessed')}")
        lines.extend(shown(line) for line in exploitation_lines(self.app.store, c))  # latest screening; an open NRM referral
        lines.append("")
        lines.append("Saved as you type: there is no save button.")
        lines.extend(self.app.workflow_hints())
        self.query_one("#summary-text", Static).update(Text("\n".join(lines)))

    # --- keys -------------------------------------------------------------------------------------------------
    def action_back(self) -> None:
        self.flush()
        if self._held is None:  # the last change met another copy's: the question stays until answered
            self.app.pop_screen()

    def action_save_now(self) -> None:
        self.flush()
        focused = self.focused
        if isinstance(focused, Input) and focused.id in TEXT_FIELDS:
            self._save_text(focused.id)
