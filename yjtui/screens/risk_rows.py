"""The risk screen's own pieces: one kind's draft as the form holds it, its behaviours or adverse outcomes as rows
of declared fields (each chosen with the keyboard), the judgement block the RoSH and SWB tabs share, and an
assessment as the history shows it.

A row's fields are the record form's fields (`F`) whose path reaches into a list row: "data.behaviours.0.impact" is
the first behaviour's impact. Rows are added and removed by the risk screen (ctrl+n, ctrl+r), never by typing.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from yjtui.casework import assessments, case_facts
from yjtui.rules.risk_form import IMMINENCE, IMMINENCE_PROMPT
from yjtui.screens.record_form import F, Held, widget_value
from yjtui.screens.risk_matrix import IMPACT_WORDS, LEVEL_WORDS, LIKELIHOOD_WORDS, SETTING_WORDS
from yjtui.screens.sign_off import history_heading

COLUMNS = ("data", "final", "rationale", "suggested")


def options(words: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((label, key) for key, label in words.items())


class Draft(Held):
    """One kind's assessment as the form holds it (None until the first change): its entries (`data`, every entry
    of its kind present), the judgement (`final`), the rationale and Matrix 2's suggestion."""

    def __init__(self, kind: str, record: assessments.Assessment | None) -> None:
        self.kind = kind
        super().__init__(record, COLUMNS, {"final": "", "rationale": "", "suggested": ""})

    def load(self) -> None:
        super().load()
        for name in ("final", "rationale"):
            self.values[name] = self.values[name] or ""
        self._every_entry()

    def _every_entry(self) -> None:
        for key, value in assessments.empty_entries(self.kind).items():
            self.data.setdefault(key, value)

    def put(self, parts: tuple[str, ...], value: Any) -> bool:
        """As `Held.put`; an entry of the kind emptied is kept, as None (a cleared YOGRS, an unanswered trigger)."""
        changed = super().put(parts, value)
        self._every_entry()
        return changed

    @property
    def final(self) -> str:
        return self.values["final"]

    @property
    def rationale(self) -> str:
        return self.values["rationale"]

    @property
    def rows(self) -> list[dict[str, Any]]:
        return self.data[assessments.ROWS[self.kind]]

    @property
    def read_only(self) -> bool:
        return self.record is not None and self.record.status in ("complete", "countersigned")

    def as_values(self) -> case_facts.DraftValues:
        """The values as typed, for the engine's facts."""
        return case_facts.DraftValues(self.data, self.final)


def row_fields(kind: str, number: int) -> dict[str, F]:
    """The fields of behaviour (RoSH) or outcome (SWB) `number` (from 1), by key."""
    path = f"data.{assessments.ROWS[kind]}.{number - 1}"
    noun = "Behaviour" if kind == "rosh" else "Outcome"

    def f(key: str, label: str, kind_: str = "long", opts: tuple = (), **kw: Any) -> F:
        return F(f"{kind}-{number}-{key}", f"{noun} {number}: {label}", f"{path}.{key}", kind_, opts, record=kind,
                 **kw)

    fields = [f("description", "what you foresee", blank="")]
    if kind == "rosh":
        fields.append(f("at_risk", "who is at risk", blank=""))
    fields += [f("setting", "setting", "select", options(SETTING_WORDS), default="community"),
               f("likelihood", "likelihood", "select", options(LIKELIHOOD_WORDS)),
               f("impact", "impact", "select", options(IMPACT_WORDS))]
    if kind == "rosh":
        fields.append(f("imminence", "imminence", "select", tuple(IMMINENCE)))
    return {x.parts[-1]: x for x in fields}


class Form(VerticalScroll, can_focus=False):
    """A tab's fields: tab moves between the fields, and the form scrolls to the one with focus."""


class ItemRow(Vertical):
    """One foreseen behaviour (RoSH) or adverse outcome (SWB), each field chosen with the keyboard."""

    DEFAULT_CSS = """
    ItemRow { height: auto; border-top: solid $primary 40%; padding: 0 0 0 0; }
    ItemRow Horizontal { height: auto; }
    ItemRow .item-num { width: 4; text-style: bold; }
    ItemRow Input { width: 1fr; }
    ItemRow Select { width: 1fr; }
    ItemRow .item-msg { color: $warning; height: auto; }
    """

    def __init__(self, kind: str, number: int, item: dict[str, Any]) -> None:
        super().__init__()
        self.kind = kind
        self.number = number
        self.item = item
        self.fields = row_fields(kind, number)

    def _input(self, key: str, placeholder: str) -> Input:
        f = self.fields[key]
        return Input(widget_value(f, self.item.get(key)), id=f.id, name=key, classes=f"f-{key}", compact=True,
                     select_on_focus=False, placeholder=placeholder)

    def _select(self, key: str, prompt: str = "") -> Select:
        f = self.fields[key]
        value = widget_value(f, self.item.get(key))
        if value is Select.NULL and not prompt:  # older or hand-edited data: shown as the default
            value = f.default
        return Select([(label, v) for label, v in f.options], value=value, id=f.id,
                      name=key, classes=f"f-{key}", compact=True,
                      **({"prompt": prompt} if prompt else {"allow_blank": False}))

    def compose(self) -> ComposeResult:
        noun = "Behaviour" if self.kind == "rosh" else "Outcome"
        with Horizontal():
            yield Label(f"{self.number}", classes="item-num")
            yield self._input("description", f"{noun} {self.number}: what do you foresee?")
        if self.kind == "rosh":
            with Horizontal():
                yield Label("", classes="item-num")
                yield self._input("at_risk", "Who is at risk?")
        with Horizontal():
            yield Label("", classes="item-num")
            yield self._select("setting")
            yield self._select("likelihood", "Likelihood?")
            yield self._select("impact", "Impact?")
        if self.kind == "rosh":
            with Horizontal(classes="imminence-row"):
                yield Label("", classes="item-num")
                yield self._select("imminence", IMMINENCE_PROMPT)
        yield Static("", classes="item-msg")

    def on_mount(self) -> None:
        self.sync(self.item)

    def sync(self, item: dict[str, Any]) -> None:
        """The imminence question is asked only of a major or critical impact."""
        self.item = item
        if self.kind == "rosh":
            self.query_one(".imminence-row").display = item.get("impact") in ("major", "critical")


def judgement_block(kind: str, items_label: str, noun: str, judgement: str) -> ComposeResult:
    """The rows, what they come to, and the practitioner's judgement with the level definitions (RoSH and SWB)."""
    yield Label(f"{items_label} (ctrl+n adds one)", classes="label")
    yield Vertical(id=f"{kind}-items", classes="items")
    yield Static("", id=f"{kind}-{noun}", classes="label")
    yield Label(judgement, classes="label")
    yield Select(list(options(LEVEL_WORDS)), id=f"{kind}-final", prompt="Not yet judged", compact=True)
    yield Static("", id=f"{kind}-definitions", classes="msg")


def describe_assessment(a: assessments.Assessment) -> Text:
    """One assessment as read-only text (user text kept as plain text, never markup)."""
    data = case_facts.loads(a.data, {})
    t = history_heading(a)
    t.append(f"\n  Judgement: {LEVEL_WORDS.get(a.final, 'none')}")
    if a.suggested:
        t.append(f"; suggested: {a.suggested}")
    if a.kind == "lor" and data.get("yogrs_percent") is not None:
        t.append(f"; YOGRS {data['yogrs_percent']}%")
    t.append("\n")
    for i, b in enumerate(data.get("behaviours") or data.get("outcomes") or [], 1):
        if not isinstance(b, dict):
            continue
        t.append(f"  {i}. ")
        t.append(str(b.get("description") or "(no description)"))
        t.append(f" | {SETTING_WORDS.get(b.get('setting'), '?')}, {LIKELIHOOD_WORDS.get(b.get('likelihood'), '?')}, "
                 f"{IMPACT_WORDS.get(b.get('impact'), '?')} impact")
        if b.get("at_risk"):
            t.append(" | at risk: ")
            t.append(str(b["at_risk"]))
        t.append("\n")
    for label, text in (("Reason", data.get("reason")), ("Rationale", a.rationale), ("Evidence", data.get("evidence"))):
        if text:
            t.append(f"  {label}: ")
            t.append(str(text))
            t.append("\n")
    return t
