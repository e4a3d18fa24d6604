"""The three risks for one child: likelihood of reoffending, risk of serious harm, safety and well-being.

Enfield Risk Management Guidance (seed 002 L1–721; note A §2, §4, §6): the practitioner lists the behaviours
they foresee, sees them on the likelihood × impact matrices and Matrix 2's suggestion, and records a judgement of
their own with its evidence. The rules engine suggests and prompts; it never sets a judgement. Everything saves as
it changes (a draft per kind); completing records the date and author; a manager may countersign.

When another copy of yjtui saved the same draft since this one read it, each field is merged against what this copy
read (`screens.record_guard.RecordGuard`): the entries (`data`) key by key, the judgement and the rationale as one
value each. What only one copy changed is kept; what both changed is asked about once (keep mine / take theirs),
nothing saved meanwhile. The behaviours (or outcomes) are one entry.
"""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList, Static, TabbedContent, TabPane
from textual.widgets.selection_list import Selection

from yjtui.casework import assessments, case_facts
from yjtui.casework.dates import show_date
from yjtui.casework.records import Child
from yjtui.rules import FactsError, evaluate, lor_band, needs_rationale, rosh_suggested, swb_highest_concern
from yjtui.rules.facts import LEVELS, Rated
from yjtui.rules.packs import policy_for
from yjtui.rules.risk_form import (IMMINENCE, IMMINENCE_NEEDED, IMMINENCE_PROMPT, LOR_REASON_LABEL, MATRIX_2_GUIDE,
                                   ROSH_DEFINITIONS, SAFEGUARDING, SWB_DEFINITIONS, SWB_FACTORS_LABEL, SWB_IMPACT_GUIDE,
                                   SWB_IMPACT_GUIDE_TITLE, SWB_NO_SUGGESTION, SWB_PREPOPULATED, SWB_REFLECT_HIGHEST,
                                   review_note, rosh_rationale_needed, swb_factors_note, swb_no_factor_rationale,
                                   swb_rationale_needed, yogrs_note)
from yjtui.rules.risk_form import SWB_RISK_FACTORS as SWB_FACTOR_LABELS
from yjtui.rules.workdays import months_after
from yjtui.screens.conflict import entry_label
from yjtui.screens.debounce import Debounce
from yjtui.screens.focus import focus_when_shown, show_tab
from yjtui.screens.footer import Footer
from yjtui.screens.header import Header
from yjtui.screens.record_guard import RecordGuard
from yjtui.screens.risk_matrix import (IMPACT_WORDS, LEGEND_ROSH, LEVEL_WORDS, LIKELIHOOD_WORDS, SETTING_WORDS,
                                       Placed, RiskMatrix)
from yjtui.screens.record_form import ChildRecordsHeld, TextModal
from yjtui.screens.sign_off import CountersignScreen, append_completed, complete, countersign, history_heading
from yjtui.screens.tick_list import TickList

NARROW_WIDTH, SHORT_HEIGHT = 116, 30  # the form (52) beside a matrix (64) needs 116 columns

BINDINGS = [
    Binding("escape", "back", "Back", id="risk.back"),
    Binding("ctrl+n", "add_item", "Add", id="risk.add_item", tooltip="Add behaviour / outcome"),
    Binding("ctrl+r", "remove_item", "Remove", id="risk.remove_item", tooltip="Remove this one"),
    Binding("ctrl+o", "complete", "Complete", id="risk.complete"),
    Binding("ctrl+t", "countersign", "Countersign", id="risk.countersign"),
    Binding("ctrl+b", "new_assessment", "New", id="risk.new", tooltip="New from latest"),
    Binding("ctrl+y", "history", "Earlier", id="risk.history", tooltip="Earlier assessments"),
    Binding("ctrl+g", "next_tab", "Next tab", id="risk.next_tab"),
]

KINDS = ("lor", "rosh", "swb")
KIND_TITLES = {"lor": "Likelihood of reoffending", "rosh": "Risk of serious harm", "swb": "Safety and well-being"}
# A draft's fields as the question about two copies' changes names them: the form's own words. The entries of `data`
# by key; the judgement, rationale and suggestion are fields of their own. (A key not listed is shown humanised.)
JUDGEMENT_LABELS = {"rosh": "Your RoSH judgement", "swb": "Your safety and well-being judgement",
                    "lor": "Your LoR judgement"}
FIELD_LABELS = {"rationale": "Rationale", "suggested": "Matrix 2's suggestion"}
ENTRY_LABELS = {
    "behaviours": "Harmful behaviours you foresee",
    "outcomes": "Adverse outcomes",
    "evidence": "Evidence for the judgement",
    "concerns": "Concerns about the child's safety and well-being",
    "risk_factors": "Risk factors present",
    "safeguarding": "Safeguarding",
    "yogrs_percent": "YOGRS percentage",
    "reason": "Reason the judgement differs from the YOGRS band",
}

SWB_RISK_FACTORS = list(SWB_FACTOR_LABELS.items())
RISK_RULES = ("lor.", "rosh.", "swb.", "safeguarding.", "intervention.")
SEVERITY_WORDS = {"action": "ACTION", "warning": "CHECK", "info": "NOTE"}
# Findings the form already states at the field where the practitioner acts on them (the suggestion and the
# rationale, the highest concern, the YOGRS band and its reason, the trigger answer against the judgement): the
# findings panel leaves them out so each shows once. (rule id, start of the message; "" matches every message.)
AT_FIELD = (("rosh.needs_rationale", ""), ("swb.highest_concern", ""), ("lor.band", ""),
            ("swb.prepopulated", "The trigger question says no safety and well-being concerns, but the judgement"))


def _opts(words: dict[str, str]) -> list[tuple[str, str]]:
    return [(label, key) for key, label in words.items()]


def _value(options: list[tuple[str, str]], stored: Any, default: Any = Select.NULL) -> Any:
    """A stored value the Select can show; anything else (older or hand-edited data) shows as not chosen."""
    return stored if any(v == stored for _label, v in options) else default


def _span(pair: tuple[str, str] | None) -> str:
    if pair is None:
        return "nothing yet (rate a behaviour's likelihood and impact)"
    lo, hi = pair
    return LEVEL_WORDS[lo] if lo == hi else f"{LEVEL_WORDS[lo]} to {LEVEL_WORDS[hi]}"


def _empty(kind: str) -> dict[str, Any]:
    if kind == "rosh":
        return {"behaviours": [], "evidence": ""}
    if kind == "swb":
        return {"concerns": None, "outcomes": [], "risk_factors": [], "evidence": ""}
    return {"yogrs_percent": None, "reason": ""}


def parse_yogrs(text: str) -> tuple[bool, int | None, str]:
    """(ok, value, message) for the YOGRS field: a whole percentage 0–100, or blank."""
    t = text.strip().rstrip("%").strip()
    if not t:
        return True, None, "Enter the YOGRS percentage (0–100)."
    if not t.isdigit() or not t.isascii():
        return False, None, f"YOGRS is a whole percentage from 0 to 100; {text.strip()!r} is not a number."
    value = int(t)
    if value > 100:
        return False, None, f"YOGRS is a percentage from 0 to 100; {value} is too high."
    band = lor_band(value)
    return True, value, yogrs_note(value, band)


class Draft:
    """What one kind's tab holds: the record (None until the first change), and its values as typed."""

    def __init__(self, kind: str, record: assessments.Assessment | None) -> None:
        self.kind = kind
        self.record = record
        self.data: dict[str, Any] = case_facts.loads(record.data, {}) if record else {}
        for k, v in _empty(kind).items():
            self.data.setdefault(k, v)
        self.final = record.final if record else ""
        self.rationale = record.rationale if record else ""
        self.version = record.version if record else None  # the draft as read: shown again when it moves on

    @property
    def read_only(self) -> bool:
        return self.record is not None and self.record.status in ("complete", "countersigned")

    def as_values(self) -> case_facts.DraftValues:
        """The values as typed, for the engine's facts."""
        return case_facts.DraftValues(self.data, self.final)


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

    def compose(self) -> ComposeResult:
        it = self.item
        noun = "Behaviour" if self.kind == "rosh" else "Outcome"
        with Horizontal():
            yield Label(f"{self.number}", classes="item-num")
            yield Input(it.get("description") or "", name="description", classes="f-description", compact=True,
                        select_on_focus=False, placeholder=f"{noun} {self.number}: what do you foresee?")
        if self.kind == "rosh":
            with Horizontal():
                yield Label("", classes="item-num")
                yield Input(it.get("at_risk") or "", name="at_risk", classes="f-at_risk", compact=True,
                            select_on_focus=False, placeholder="Who is at risk?")
        with Horizontal():
            yield Label("", classes="item-num")
            yield Select(_opts(SETTING_WORDS), value=_value(_opts(SETTING_WORDS), it.get("setting"), "community"),
                         name="setting", classes="f-setting",
                         allow_blank=False, compact=True)
            yield Select(_opts(LIKELIHOOD_WORDS), value=_value(_opts(LIKELIHOOD_WORDS), it.get("likelihood")),
                         name="likelihood", classes="f-likelihood",
                         prompt="Likelihood?", compact=True)
            yield Select(_opts(IMPACT_WORDS), value=_value(_opts(IMPACT_WORDS), it.get("impact")),
                         name="impact", classes="f-impact",
                         prompt="Impact?", compact=True)
        if self.kind == "rosh":
            with Horizontal(classes="imminence-row"):
                yield Label("", classes="item-num")
                yield Select(IMMINENCE, value=_value(IMMINENCE, it.get("imminence")), name="imminence",
                             classes="f-imminence",
                             prompt=IMMINENCE_PROMPT, compact=True)
        yield Static("", classes="item-msg")

    def on_mount(self) -> None:
        self.sync()

    def sync(self) -> None:
        if self.kind == "rosh":
            major = self.item.get("impact") in ("major", "critical")
            self.query_one(".imminence-row").display = major


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


class RiskScreen(ChildRecordsHeld, Screen):
    TITLE = "Risk"
    BINDINGS = BINDINGS
    DEFAULT_CSS = """
    RiskScreen #risk-tabs { height: 1fr; }
    RiskScreen TabPane { padding: 0; }
    RiskScreen .pane { height: 1fr; }
    RiskScreen .form { width: 52; padding: 0 1; }
    RiskScreen .side { width: 1fr; padding: 0 1; border-left: solid $primary; }
    RiskScreen .status { color: $text; text-style: bold; height: auto; }
    RiskScreen .label { margin-top: 1; text-style: bold; width: 100%; }
    RiskScreen .msg { height: auto; color: $text-muted; }
    RiskScreen .msg.-error { color: $error; }
    RiskScreen .msg.-warning { color: $warning; }
    RiskScreen Input { width: 1fr; }
    RiskScreen .form > Select { width: 1fr; }
    RiskScreen .items { height: auto; }
    RiskScreen #swb-factors { height: auto; max-height: 16; }
    RiskScreen #swb-safeguarding { height: auto; }
    RiskScreen #findings { height: 10; border-top: solid $primary; padding: 0 1; }
    /* Under 116 columns the matrices go below the form (both scroll together); under 30 rows the findings
       panel is shorter, so the form keeps room at 80x24. */
    RiskScreen.-narrow .pane { layout: vertical; overflow-y: auto; }
    RiskScreen.-narrow .form { width: 100%; height: auto; }
    RiskScreen.-narrow .side { width: 100%; height: auto; border-left: none; border-top: solid $primary; }
    RiskScreen.-short #findings { height: 6; }
    """

    def __init__(self, child: Child) -> None:
        super().__init__()
        self.child = child
        self.drafts: dict[str, Draft] = {}
        # The kinds whose completion was refused: their messages follow each change until nothing stops it.
        self._refused: set[str] = set()
        self._pending = Debounce(self, self._save)  # the kinds waiting for a pause in typing
        # The child's stored records (`snapshot`) and packs are read once for the engine; dropped whenever this screen
        # completes, countersigns or starts an assessment, or comes back from another screen.
        # Saves the drafts: another copy's change is merged, never written over; where both changed one entry the
        # user is asked once, and nothing saves until they answer.
        self.guard = RecordGuard(self, show=self.show, label=self.entry_label)

    def on_screen_resume(self) -> None:
        self.forget_snapshot()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW_WIDTH, "-narrow")
        self.set_class(self.size.height < SHORT_HEIGHT, "-short")

    # --- layout -----------------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="risk-tabs", initial="tab-rosh"):
            with TabPane("RoSH", id="tab-rosh"):
                with Horizontal(classes="pane"):
                    with Form(classes="form", id="rosh-form"):
                        yield Static("", id="rosh-status", classes="status")
                        yield Label("Harmful behaviours you foresee (ctrl+n adds one)", classes="label")
                        yield Vertical(id="rosh-items", classes="items")
                        yield Static("", id="rosh-suggested", classes="label")
                        yield Label(JUDGEMENT_LABELS["rosh"], classes="label")
                        yield Select(_opts(LEVEL_WORDS), id="rosh-final", prompt="Not yet judged", compact=True)
                        yield Static("", id="rosh-definitions", classes="msg")
                        yield Label("Rationale (needed when your judgement is outside the suggestion)",
                                    classes="label")
                        yield Input(id="rosh-rationale", compact=True, select_on_focus=False)
                        yield Static("", id="rosh-rationale-msg", classes="msg")
                        yield Label(ENTRY_LABELS["evidence"], classes="label")
                        yield Input(id="rosh-evidence", compact=True, select_on_focus=False)
                        yield Static("", id="rosh-complete-msg", classes="msg")
                    with VerticalScroll(classes="side"):
                        yield RiskMatrix("Community: likelihood across, impact down", levels=True,
                                         id="rosh-matrix-community")
                        yield RiskMatrix("Custody: likelihood across, impact down", levels=True,
                                         id="rosh-matrix-custody")
                        yield Static(Text(LEGEND_ROSH), classes="msg")
            with TabPane("Safety and well-being", id="tab-swb"):
                with Horizontal(classes="pane"):
                    with Form(classes="form", id="swb-form"):
                        yield Static("", id="swb-status", classes="status")
                        yield Label("Based on your assessment do you have any concerns about the child's safety "
                                    "and well-being?", classes="label")
                        yield Select([("Yes", "yes"), ("No", "no")], id="swb-concerns", prompt="Not answered",
                                     compact=True)
                        yield Label("Adverse outcomes (ctrl+n adds one)", classes="label")
                        yield Vertical(id="swb-items", classes="items")
                        yield Static("", id="swb-highest", classes="label")
                        yield Label(JUDGEMENT_LABELS["swb"], classes="label")
                        yield Select(_opts(LEVEL_WORDS), id="swb-final", prompt="Not yet judged", compact=True)
                        yield Static("", id="swb-definitions", classes="msg")
                        yield Label("Rationale (needed when it departs from the trigger answer, or is High with no "
                                    "factor ticked)", classes="label")
                        yield Input(id="swb-rationale", compact=True, select_on_focus=False)
                        yield Static("", id="swb-rationale-msg", classes="msg")
                        yield Label(SWB_FACTORS_LABEL, classes="label")
                        yield TickList(*[Selection(label, key) for key, label in SWB_RISK_FACTORS],
                                            id="swb-factors")
                        yield Static("", id="swb-factors-msg", classes="msg")
                        yield Label("Safeguarding", classes="label")
                        yield TickList(*[Selection(label, key) for key, label in SAFEGUARDING],
                                            id="swb-safeguarding")
                        yield Label(ENTRY_LABELS["evidence"], classes="label")
                        yield Input(id="swb-evidence", compact=True, select_on_focus=False)
                        yield Static("", id="swb-complete-msg", classes="msg")
                    with VerticalScroll(classes="side"):
                        yield RiskMatrix("Community: adverse outcomes", levels=False, id="swb-matrix-community")
                        yield RiskMatrix("Custody: adverse outcomes", levels=False, id="swb-matrix-custody")
                        guide = Text(SWB_IMPACT_GUIDE_TITLE, style="bold")
                        for word, meaning in SWB_IMPACT_GUIDE:
                            guide.append(f"{word:<9}", style="bold")
                            guide.append(f"{meaning}\n")
                        guide.append(SWB_NO_SUGGESTION)
                        yield Static(guide, classes="msg")
            with TabPane("Likelihood of reoffending", id="tab-lor"):
                with Form(classes="form", id="lor-form"):
                    yield Static("", id="lor-status", classes="status")
                    yield Label("YOGRS percentage (0–100)", classes="label")
                    yield Input(id="lor-yogrs", compact=True, select_on_focus=False, placeholder="e.g. 52")
                    yield Static("", id="lor-yogrs-msg", classes="msg")
                    yield Label(JUDGEMENT_LABELS["lor"], classes="label")
                    yield Select([("The YOGRS band", "band"), ("Low", "low"), ("Medium", "medium"),
                                  ("High", "high")], id="lor-final", value="band", allow_blank=False, compact=True)
                    yield Label(LOR_REASON_LABEL, classes="label")
                    yield Input(id="lor-reason", compact=True, select_on_focus=False)
                    yield Static("", id="lor-reason-msg", classes="msg")
                    yield Static("", id="lor-complete-msg", classes="msg")
        with VerticalScroll(id="findings"):
            yield Static("", id="findings-text")
        yield Footer()

    async def on_mount(self) -> None:
        self.sub_title = f"{self.child.display_name}: risk"
        for kind in KINDS:
            await self._load(kind, assessments.latest(self.app.store, self.child.id, kind))
        self._evaluate()
        self.call_after_refresh(self._focus_first)

    # --- loading a record into a tab --------------------------------------------------------------------------
    async def _load(self, kind: str, record: assessments.Assessment | None) -> None:
        d = Draft(kind, record)
        self.drafts[kind] = d
        self._refused.discard(kind)
        self._show_refusal(kind, [])
        if kind in ("rosh", "swb"):
            box = self.query_one(f"#{kind}-items", Vertical)
            await box.remove_children()
            key = "behaviours" if kind == "rosh" else "outcomes"
            await box.mount_all([ItemRow(kind, i, item) for i, item in enumerate(d.data[key], 1)])
            self.query_one(f"#{kind}-final", Select).value = _value(_opts(LEVEL_WORDS), d.final)
            self.query_one(f"#{kind}-rationale", Input).value = d.rationale
            self.query_one(f"#{kind}-evidence", Input).value = d.data.get("evidence") or ""
        if kind == "swb":
            c = d.data.get("concerns")
            self.query_one("#swb-concerns", Select).value = "yes" if c is True else "no" if c is False else Select.NULL
            for list_id, key in (("#swb-factors", "risk_factors"), ("#swb-safeguarding", "safeguarding")):
                sl = self.query_one(list_id, SelectionList)
                sl.deselect_all()
                for v in d.data.get(key) or []:
                    sl.select(v)
        if kind == "lor":
            y = d.data.get("yogrs_percent")
            self.query_one("#lor-yogrs", Input).value = "" if y is None else str(y)
            band = lor_band(y) if isinstance(y, int) else None
            self.query_one("#lor-final", Select).value = d.final if d.final and d.final != band else "band"
            self.query_one("#lor-reason", Input).value = d.data.get("reason") or ""
        self._set_read_only(kind)
        self._refresh(kind)

    def _set_read_only(self, kind: str) -> None:
        ro = self.drafts[kind].read_only
        form = self.query_one(f"#{kind}-form")
        for w in form.query("Input, Select, SelectionList"):
            w.disabled = ro

    # --- reading the widgets ----------------------------------------------------------------------------------
    def _kind_of(self, widget: Widget) -> str | None:
        for node in widget.ancestors_with_self:
            if isinstance(node, ItemRow):
                return node.kind
            if node.id and node.id.endswith("-form"):
                return node.id.split("-")[0]
        return None

    def _row_of(self, widget: Widget) -> ItemRow | None:
        for node in widget.ancestors_with_self:
            if isinstance(node, ItemRow):
                return node
        return None

    def _item_list(self, kind: str) -> list[dict[str, Any]]:
        return self.drafts[kind].data["behaviours" if kind == "rosh" else "outcomes"]

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        kind = self._kind_of(event.input)
        if kind is None or self.drafts[kind].read_only:
            return
        d = self.drafts[kind]
        row = self._row_of(event.input)
        value = event.value
        if row is not None:
            field = event.input.name
            if (row.item.get(field) or "") == value.strip():
                return
            row.item[field] = value.strip()
        else:
            field = event.input.id.split("-", 1)[1]
            if field == "yogrs":
                ok, number, _msg = parse_yogrs(value)
                self._show_yogrs(value)
                if not ok or d.data.get("yogrs_percent") == number:
                    return
                d.data["yogrs_percent"] = number
                self._lor_final_from_band()
            elif field in ("rationale",):
                if d.rationale == value.strip():
                    return
                d.rationale = value.strip()
            elif field in ("evidence", "reason"):
                if (d.data.get(field) or "") == value.strip():
                    return
                d.data[field] = value.strip()
            else:
                return
        self._changed(kind, delay=True)

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        if self._kind_of(event.input) is not None:
            self.focus_next()

    @on(Input.Blurred)
    def _input_blurred(self, event: Input.Blurred) -> None:
        kind = self._kind_of(event.input)
        if kind in self._pending:
            self._save(kind)

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        kind = self._kind_of(event.select)
        if kind is None or self.drafts[kind].read_only:
            return
        d = self.drafts[kind]
        value = None if event.value is Select.NULL else str(event.value)
        row = self._row_of(event.select)
        if row is not None:
            field = event.select.name
            if row.item.get(field) == value:
                return
            row.item[field] = value
            row.sync()
        elif event.select.id == f"{kind}-final":
            if kind == "lor":
                band = self._band()
                final = (band or "") if value in (None, "band") else value
                if d.final == final:
                    return
                d.final = final
            else:
                if d.final == (value or ""):
                    return
                d.final = value or ""
        elif event.select.id == "swb-concerns":
            concerns = {"yes": True, "no": False}.get(value or "")
            if d.data.get("concerns") is concerns:
                return
            d.data["concerns"] = concerns
            if concerns is False and not d.final:
                # 9.11, L705: answered No, the judgement is pre-populated Low.
                d.final = "low"
                self.query_one("#swb-final", Select).value = "low"
        else:
            return
        self._changed(kind)

    @on(SelectionList.SelectedChanged)
    def _selection_changed(self, event: SelectionList.SelectedChanged) -> None:
        kind = "swb"
        d = self.drafts.get(kind)
        if d is None or d.read_only:
            return
        key = "risk_factors" if event.selection_list.id == "swb-factors" else "safeguarding"
        chosen = [str(v) for v in event.selection_list.selected]
        if sorted(d.data.get(key) or []) == sorted(chosen):
            return
        d.data[key] = chosen
        self._changed(kind)

    def _band(self) -> str | None:
        y = self.drafts["lor"].data.get("yogrs_percent")
        return lor_band(y) if isinstance(y, int) else None

    def _lor_final_from_band(self) -> None:
        d = self.drafts["lor"]
        choice = self.query_one("#lor-final", Select).value
        if choice in ("band", Select.NULL):
            d.final = self._band() or ""

    def _show_yogrs(self, text: str) -> None:
        ok, _n, msg = parse_yogrs(text)
        field = self.query_one("#lor-yogrs", Input)
        field.set_class(not ok, "-in-error")
        m = self.query_one("#lor-yogrs-msg", Static)
        m.set_class(not ok, "-error")
        m.update(Text(msg if ok else msg + " Not saved: your text is kept here."))

    # --- saving -----------------------------------------------------------------------------------------------
    def _changed(self, kind: str, delay: bool = False) -> None:
        self._refresh(kind)
        self._evaluate()
        # A pick is saved straight after the findings are on screen (a synced write takes longer than a frame);
        # typing is saved after a pause. Either way it is pending, so leaving or quitting saves it at once.
        self._pending.touch(kind, typing=delay)

    def _suggested_text(self, d: Draft) -> str:
        if d.kind != "rosh":
            return ""
        pair = rosh_suggested(b for b in d.data["behaviours"] if b.get("likelihood") and b.get("impact"))
        return "" if pair is None else (pair[0] if pair[0] == pair[1] else f"{pair[0]}-{pair[1]}")

    def asking(self) -> bool:
        """The question about another copy's changes is open: nothing saves until it is answered."""
        return self.guard.asking

    def entry_label(self, field: str, path: tuple[str, ...]) -> str:
        """A draft's field, or an entry of its `data`, in the form's words."""
        if field == "final":
            kind = next((k for k, d in self.drafts.items() if d.record is self.guard.saving), self._active_kind())
            return JUDGEMENT_LABELS[kind]
        if field != "data":
            return FIELD_LABELS.get(field, entry_label((field,)))
        return ENTRY_LABELS.get(path[0], entry_label(path)) if len(path) == 1 else entry_label(path)

    def _save(self, kind: str) -> None:
        self._pending.cancel(kind)
        d = self.drafts[kind]
        if d.read_only:
            return
        values = {"data": json.dumps(d.data, ensure_ascii=False), "final": d.final, "rationale": d.rationale}
        suggested = self._suggested_text(d)
        if d.record is None:
            d.record = assessments.start_draft(self.app.store, self.child.id, kind, suggested=suggested, **values)
            return
        # Matrix 2's suggestion follows the behaviours saved with it; held with them while the question is open.
        merged = self.guard.merged
        self.guard.save(d.record, {**values, "suggested": suggested})
        if self.guard.merged == merged and not self.asking():
            d.version = d.record.version  # our own save: nothing new to show

    def show(self) -> None:
        """Put the drafts as saved back on the screen, after another copy's changes were merged in or the user
        answered the question; then bring Matrix 2's suggestion into line with the merged behaviours."""
        for kind, d in list(self.drafts.items()):
            record = d.record
            if record is None:
                continue
            if record is self.guard.saving:  # what was typed meanwhile went with the answer (or the merge)
                self._pending.cancel(kind)
            elif kind in self._pending or d.version == record.version:
                continue
            self.drafts[kind] = Draft(kind, record)  # at once: what the engine and the next save see
            self.guard.read(record)  # what is shown is what the next change is made from
            self.call_later(self._show_draft, kind)
            if not self.asking() and not self.drafts[kind].read_only:
                self._save(kind)

    async def _show_draft(self, kind: str) -> None:
        """The fields, behaviours and matrices of a kind as its draft now holds them (set as `_load` does: the
        widgets' change events find the draft already holding their values, so nothing is saved again)."""
        await self._load(kind, self.drafts[kind].record)
        self._evaluate()

    def flush(self) -> None:
        self._pending.flush()

    # --- what the screen shows --------------------------------------------------------------------------------
    def _refresh(self, kind: str) -> None:
        d = self.drafts[kind]
        self._status(kind)
        if kind == "lor":
            y = d.data.get("yogrs_percent")
            typed = self.query_one("#lor-yogrs", Input).value
            self._show_yogrs(typed if typed else ("" if y is None else str(y)))
            band = self._band()
            m = self.query_one("#lor-reason-msg", Static)
            if d.final and band and d.final != band:
                need = not (d.data.get("reason") or "").strip()
                m.set_class(need, "-error")
                m.update(Text(f"Your judgement ({LEVEL_WORDS[d.final]}) differs from the YOGRS band "
                              f"({LEVEL_WORDS[band]}): " + ("write your reason." if need else "reason recorded.")))
            else:
                m.set_class(False, "-error")
                m.update("")
            self._follow_refusal(kind)
            return
        items = self._item_list(kind)
        for msg in self.query_one(f"#{kind}-items").query(".item-msg").results(Static):
            msg.update("")
        placed = {"community": [], "custody": []}
        for i, it in enumerate(items, 1):
            if it.get("likelihood") and it.get("impact"):
                placed[it.get("setting") or "community"].append(
                    Placed(i, it["likelihood"], it["impact"], (it.get("description") or "")[:9]))
        highlight = None
        if kind == "swb" and d.data.get("concerns") is not False:
            rated = [Rated(description=it.get("description"), setting=it.get("setting"),
                           likelihood=it.get("likelihood"), impact=it.get("impact")) for it in items]
            h = swb_highest_concern(rated)
            highlight = None if h is None else h + 1
        for setting, group in placed.items():
            self.query_one(f"#{kind}-matrix-{setting}", RiskMatrix).show(group, highlight)
        defs = ROSH_DEFINITIONS if kind == "rosh" else SWB_DEFINITIONS
        text = Text()
        for level in LEVELS:
            chosen = level == d.final
            text.append(("▶ " if chosen else "  ") + f"{LEVEL_WORDS[level]}: ", style="bold" if chosen else "")
            text.append(defs[level] + "\n", style="" if chosen else "dim")
        self.query_one(f"#{kind}-definitions", Static).update(text)
        rmsg = self.query_one(f"#{kind}-rationale-msg", Static)
        need = self._rationale_needed(kind)
        missing = need and not d.rationale.strip()
        rmsg.set_class(missing, "-error")
        rmsg.update(Text(need + (" Write it here: completion waits for it." if missing else " Rationale recorded.")
                         if need else ""))
        if kind == "rosh":
            pair = rosh_suggested(b for b in items if b.get("likelihood") and b.get("impact"))
            s = Text("Matrix 2 suggests: ", style="bold")
            s.append(_span(pair), style="bold reverse" if pair else "")
            s.append(MATRIX_2_GUIDE, style="")
            self.query_one("#rosh-suggested", Static).update(s)
        else:
            h = highlight
            t = Text()
            if d.data.get("concerns") is False:
                t.append(SWB_PREPOPULATED)
            elif h is not None:
                o = items[h - 1]
                t.append(f"Highest concern: {h} ")
                t.append(o.get("description") or "(no description)")
                t.append(f", {IMPACT_WORDS[o['impact']]} impact, {LIKELIHOOD_WORDS[o['likelihood']]}. "
                         + SWB_REFLECT_HIGHEST)
            self.query_one("#swb-highest", Static).update(t)
            ticked = [label for key, label in SWB_RISK_FACTORS if key in (d.data.get("risk_factors") or [])]
            fm = self.query_one("#swb-factors-msg", Static)
            fm.update(Text(swb_factors_note(ticked)) if ticked else "")
        self._follow_refusal(kind)

    def _follow_refusal(self, kind: str) -> None:
        """After a refused completion, what still stops it, as it changes; nothing once it is resolved."""
        if kind in self._refused:
            problems = self._problems(kind)
            if not problems:
                self._refused.discard(kind)
            self._show_refusal(kind, problems)

    def _show_refusal(self, kind: str, problems: list[tuple[str, str]]) -> None:
        """Each reason once: at its field, and at the foot only those that have no field of their own (issue 23: the
        foot repeated the field's message, and kept it after the rationale was recorded)."""
        foot = f"{kind}-complete-msg"
        for target, why in problems:
            if target and target != foot:
                w = self.query_one(f"#{target}", Static)
                w.set_class(True, "-error")
                w.update(Text(why))
        own = [why for target, why in problems if target == foot]
        elsewhere = len(problems) - len(own)
        if elsewhere:
            own.append(f"see the message{'s' if elsewhere > 1 else ''} marked above")
        msg = self.query_one(f"#{foot}", Static)
        msg.set_class(bool(own), "-error")
        msg.update(Text("Not completed: " + "; ".join(why.rstrip(".") for why in own) + ".") if own else "")

    def _rationale_needed(self, kind: str) -> str:
        """Why a rationale is needed now ("" when it is not)."""
        d = self.drafts[kind]
        if kind == "rosh":
            pair = rosh_suggested(b for b in d.data["behaviours"] if b.get("likelihood") and b.get("impact"))
            if d.final and needs_rationale(d.final, pair):
                return rosh_rationale_needed(d.final, _span(pair))
        if kind == "swb" and d.data.get("concerns") is False and d.final not in ("", "low"):
            return swb_rationale_needed(d.final)
        if kind == "swb" and d.final:
            return swb_no_factor_rationale(d.final, list(d.data.get("risk_factors") or []))
        return ""

    def _status(self, kind: str) -> None:
        d = self.drafts[kind]
        r = d.record
        t = Text()
        # The review date is stated here, once per assessment (not again in the findings panel).
        months, why = review_note(policy_for(list(self.packs)))
        review = f" Review: by {show_date(months_after(self.app.today(), months))} if completed today ({why})."
        if r is None:
            t.append("New assessment: saved as you type." + review)
        elif r.status == "draft":
            t.append("Draft: saved as you type. ctrl+o completes it." + review)
        else:
            append_completed(t, r)
            t.append(f". Review by {show_date(months_after(r.completed_at.date(), months))}. Read-only: ctrl+b starts a "
                     "new assessment from it.")
        self.query_one(f"#{kind}-status", Static).update(t)

    def _evaluate(self) -> None:
        drafts = {k: d.as_values() for k, d in self.drafts.items()
                  if d.record is not None or d.final or any(d.data.get(x) for x in ("behaviours", "outcomes"))
                  or d.data.get("yogrs_percent") is not None or d.data.get("concerns") is not None
                  or d.data.get("safeguarding") or d.data.get("risk_factors")}
        store = self.app.store
        out = Text()
        try:
            facts = case_facts.build(store, self.child, drafts=drafts, snapshot=self.snapshot)
            evaluation = evaluate(facts, packs=list(self.packs), as_of=self.app.today())
        except FactsError as exc:
            out.append(f"The facts could not be read: {exc}", style="bold")
            self.query_one("#findings-text", Static).update(out)
            return
        self.evaluation = evaluation
        findings = [f for f in evaluation.findings if f.rule.startswith(RISK_RULES)
                    and not any(f.rule == rule and f.message.startswith(start) for rule, start in AT_FIELD)]
        out.append(f"Findings ({len(findings)}), with their sources\n", style="bold")
        for f in findings:
            out.append(f"{SEVERITY_WORDS.get(f.severity.value, f.severity.value.upper()):<7}", style="bold")
            out.append(f.message)
            out.append(f"\n       {f.citation}\n", style="dim italic")

        for dl in evaluation.deadlines:
            if dl.rule.startswith(("assessment.", "hrp.", "mappa.")):
                out.append(f"Due {show_date(dl.due)}: {dl.title} ({dl.basis}). {dl.citation}\n")
        self.query_one("#findings-text", Static).update(out)

    # --- keys -------------------------------------------------------------------------------------------------
    def _active_kind(self) -> str:
        return self.query_one("#risk-tabs", TabbedContent).active.removeprefix("tab-")

    def action_back(self) -> None:
        self.flush()
        if not self.asking():  # the last change met another copy's: the question stays until answered
            self.app.pop_screen()

    def action_next_tab(self) -> None:
        tabs = self.query_one("#risk-tabs", TabbedContent)
        order = ["tab-rosh", "tab-swb", "tab-lor"]
        show_tab(tabs, order[(order.index(tabs.active) + 1) % len(order)], self._first_field)

    def _focus_first(self) -> None:
        focus_when_shown(self.query_one(f"#{self._active_kind()}-form"), self._first_field)

    def _first_field(self) -> Widget | None:
        kind = self._active_kind()
        return next((w for w in self.query_one(f"#{kind}-form").query("Input, Select, SelectionList")
                     if w.focusable), None)

    async def action_add_item(self) -> None:
        kind = self._active_kind()
        if kind not in ("rosh", "swb"):
            return
        d = self.drafts[kind]
        if d.read_only:
            self.notify("This assessment is complete and read-only: ctrl+b starts a new one from it.")
            return
        item: dict[str, Any] = {"description": "", "setting": "community", "likelihood": None, "impact": None}
        if kind == "rosh":
            item.update({"at_risk": "", "imminence": None})
        items = self._item_list(kind)
        items.append(item)
        row = ItemRow(kind, len(items), item)
        await self.query_one(f"#{kind}-items", Vertical).mount(row)
        row.query_one(Input).focus()
        # Focusing scrolls only to what has been laid out: the new row stayed below the form's edge (seen at
        # 80x24 and 120x40) and its description was typed out of sight.
        self.call_after_refresh(row.scroll_visible, animate=False)
        self._changed(kind)

    async def action_remove_item(self) -> None:
        kind = self._active_kind()
        row = self._row_of(self.focused) if self.focused else None
        if row is None or self.drafts[kind].read_only:
            self.notify("Move to a behaviour or outcome first, then ctrl+r removes it.")
            return
        items = self._item_list(kind)
        items.remove(row.item)
        box = self.query_one(f"#{kind}-items", Vertical)
        await box.remove_children()
        await box.mount_all([ItemRow(kind, i, it) for i, it in enumerate(items, 1)])
        self._changed(kind)
        self._focus_first()

    def _problems(self, kind: str) -> list[tuple[str, str]]:
        """What stops completion: (message id, why)."""
        d = self.drafts[kind]
        out: list[tuple[str, str]] = []
        if kind == "lor":
            typed = self.query_one("#lor-yogrs", Input).value
            ok, _n, msg = parse_yogrs(typed)
            if not ok:
                out.append(("lor-yogrs-msg", msg))
            if not d.final:
                out.append(("lor-complete-msg", "Enter the YOGRS percentage, or choose a judgement with its reason."))
            band = self._band()
            if d.final and d.final != band and not (d.data.get("reason") or "").strip():
                out.append(("lor-reason-msg", "Your judgement differs from the YOGRS band: write your reason."))
            return out
        items = self._item_list(kind)
        rows = list(self.query_one(f"#{kind}-items").query(ItemRow))
        for i, it in enumerate(items):
            why = []
            if not it.get("likelihood") or not it.get("impact"):
                why.append("choose a likelihood and an impact")
            if kind == "rosh" and it.get("impact") in ("major", "critical") and not it.get("imminence"):
                why.append(IMMINENCE_NEEDED)
            if why and i < len(rows):
                for m in rows[i].query(".item-msg").results(Static):
                    m.update(f"Before completing: {' and '.join(why)}.")
                out.append(("", f"{i + 1}: {' and '.join(why)}"))
        if kind == "swb" and d.data.get("concerns") is None:
            out.append(("swb-complete-msg", "Answer the trigger question first."))
        if not d.final:
            out.append((f"{kind}-complete-msg", "Choose your judgement."))
        if self._rationale_needed(kind) and not d.rationale.strip():
            out.append((f"{kind}-rationale-msg", self._rationale_needed(kind) + " Completion waits for it."))
        return out

    def action_complete(self) -> None:
        self.forget_snapshot()
        kind = self._active_kind()
        d = self.drafts[kind]
        if d.read_only:
            self.notify("Already complete. ctrl+b starts a new assessment from it.")
            return
        shown = self.guard.merged
        self.flush()
        if self._met_another_copy(shown):
            return
        problems = self._problems(kind)
        if problems:
            self._refused.add(kind)
            self._show_refusal(kind, problems)
            self.notify("Not completed: see the messages at the fields.", severity="warning")
            return
        self._save(kind)
        if self._met_another_copy(shown):
            return
        if not complete(self, d.record):  # saved through the guard: the question, if any, first
            return
        store = self.app.store
        months, _why = review_note(policy_for(list(self.packs)))
        assessments.review_on_board(store, d.record, d.record.completed_at, months)  # on the board (issue 23)
        self._refused.discard(kind)
        self._show_refusal(kind, [])
        self.notify(f"{KIND_TITLES[kind]} completed: {LEVEL_WORDS.get(d.final, d.final)}.")
        self._set_read_only(kind)
        self._refresh(kind)
        self._evaluate()

    def _met_another_copy(self, shown: int) -> bool:
        """Saving before completing met another copy's change: the question is open (answer it first), or their
        change was merged in (look at the assessment as it is now). Either way it is not completed yet."""
        if self.guard.merged != shown and not self.asking():
            self.notify("This assessment was also changed in another copy of yjtui: check it as it is now, then "
                        "complete it.", severity="warning", markup=False)
        return self.asking() or self.guard.merged != shown

    def action_countersign(self) -> None:
        if self.app.refuse_countersign():  # a manager's act (issue 14)
            return
        self.forget_snapshot()
        kind = self._active_kind()
        d = self.drafts[kind]
        if d.record is None or d.record.status != "complete":
            self.notify("Only a completed assessment that is not yet countersigned can be countersigned.")
            return

        def done(name: str | None) -> None:
            if name and countersign(self, d.record, name, "assessment"):
                self._refresh(kind)

        self.app.push_screen(CountersignScreen(f"{KIND_TITLES[kind]}, {LEVEL_WORDS.get(d.final, d.final)}"), done)

    async def action_new_assessment(self) -> None:
        self.forget_snapshot()
        kind = self._active_kind()
        d = self.drafts[kind]
        if not d.read_only:
            self.notify("This assessment is still a draft: carry on with it.")
            return
        r = d.record
        # Its entries as this screen holds them (every key there, empty or not): another copy that fills in an entry
        # later merges with this one's.
        copy = assessments.copy_as_draft(self.app.store, r, json.dumps(Draft(kind, r).data, ensure_ascii=False))
        await self._load(kind, copy)
        self._evaluate()
        self.call_after_refresh(self._focus_first)
        self.notify("New draft, copied from the latest completed assessment.")

    def action_history(self) -> None:
        kind = self._active_kind()
        records = assessments.of_kind(self.app.store, self.child.id, kind)
        body = Text()
        for a in reversed(records):
            body.append_text(describe_assessment(a))
            body.append("\n")
        if not records:
            body.append("No assessments yet.")
        self.app.push_screen(TextModal(f"{KIND_TITLES[kind]}: every assessment, newest first (read-only)",
                                           body))


# For bench/latency.py: how to change a matrix cell by keys (a new draft, then the first behaviour's likelihood
# up and down), and the method that redraws the suggestion and findings.
BENCH_HOOK = {
    "prepare": ("ctrl+b",),
    "focus": lambda screen: screen.query(".f-likelihood").first(),
    "keys": [("enter", "down", "enter"), ("enter", "up", "enter")],
    "method": "_changed",
}
