"""Moves: case responsibility and transfer between YOTs, and the move to the Probation Service at 18.

Two records (`CaseRecord` kinds `transfer` and `transition`, see `casework.moves`), saved as they change. The
transfer side records the situation, who is responsible, the named supervising officer, the protocol's gates,
the Appendix 2 checklist, the intervention level, the questions left to judgement and a dispute; the youth to
adult side records the order's end, the agreed transfer date, the decision, the transition plan's seven areas
and the gates before transfer. The right-hand panel shows what the rules engine makes of it (`values.transfer`,
`values.transition`), each finding with its citation, and the gaps in the sources. The screen holds no rule
text or citations of its own: they come from `yjtui.rules.transfer` and `yjtui.rules.transition`.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Label, Static, TabbedContent, TabPane

from yjtui.casework import case_facts, moves
from yjtui.casework.dates import DateError, age_on, future_problem, parse_date, parse_time, show_date
from yjtui.casework.export import document, moves_export
from yjtui.casework.forms import LOOKED_AFTER, check_text
from yjtui.rules import FactsError, evaluate
from yjtui.rules.facts import MAX_YEAR, MIN_YEAR
from yjtui.rules import transfer as tr
from yjtui.rules import transition as y2a
from yjtui.rules.core import Finding, Severity
from yjtui.screens import keys
from yjtui.screens.forms import TRI, Choice
from yjtui.screens.export_modal import ExportDialog
from yjtui.screens.footer import Footer
from yjtui.screens.header import Header
from yjtui.screens.forms import NameModal
from yjtui.screens.focus import focus_when_shown
from yjtui.screens.record_form import ChildRecordsHeld
from yjtui.screens.record_guard import RecordGuard, field_words

SAVE_DELAY = 0.4
LONG = 600  # characters in a free-text answer

BINDINGS = keys.MOVES

SECTIONS = ("transfer", "checklist", "judgement", "adult", "plan")
TRANSFER_TABS = ("transfer", "checklist", "judgement")

SITUATION_OPTIONS = tuple((s.key, s.id, s.title) for s in tr.SITUATIONS) + (("u", "", "not recorded"),)
RESPONSIBLE_OPTIONS = (("h", "home", tr.RESPONSIBLE["home"]), ("o", "host", tr.RESPONSIBLE["host"]),
                       ("r", "receiving", tr.RESPONSIBLE["receiving"]), ("u", "", "not recorded"))
ORDER_OPTIONS = (("y", "yro", tr.ORDER_TYPES["yro"]), ("i", "yro_iss", tr.ORDER_TYPES["yro_iss"]),
                 ("f", "referral_order", tr.ORDER_TYPES["referral_order"]), ("d", "dto", tr.ORDER_TYPES["dto"]),
                 ("9", "s91", tr.ORDER_TYPES["s91"]), ("b", "bail_iss", tr.ORDER_TYPES["bail_iss"]),
                 ("x", "other", tr.ORDER_TYPES["other"]), ("u", "", "not recorded"))
BREACH_OPTIONS = (("f", "referral_order", "Referral Order"), ("y", "yro", "YRO"), ("d", "dto", "DTO"),
                  ("2", "s250", "s.250 under 12 months"), ("u", "", "not chosen"))

# Transfer fields: (key path, label, kind). kind: text, long, date.
TRANSFER_FIELDS = (
    (("home_yot",), "Home / originating YOT", "text"),
    (("host_yot",), "Host / receiving YOT", "text"),
    (("supervising_officer",), "Named supervising officer", "text"),
    (("officer_contact",), "The officer's telephone and secure email (for the receiving YOT)", "text"),
    (("new_address",), "The child's new address", "long"),
    (("responsible_reason",), "If you depart from the protocol's responsible YOT: why", "long"),
    (("started_on",), "Caretaking agreed / move date (dd/mm/yyyy): starts the three-month clock", "date"),
)
REQUEST_FIELDS = (
    (("reasons",), "Reasons for the request", "long"),
    (("receiving_manager",), "Receiving YOT operational manager", "text"),
    (("requested_on",), "Request made on (dd/mm/yyyy)", "date"),
    (("documents_sent_on",), "Checklist documents sent on (dd/mm/yyyy)", "date"),
    (("decided_on",), "Receiving YOT decided on (dd/mm/yyyy)", "date"),
    (("transferred_on",), "The court transferred the order on (dd/mm/yyyy): overall responsibility passes to the "
                          "receiving YOT then", "date"),
)
LEVEL_FIELDS = (
    (("intervention_level", "carried"), "Intervention level allocated by the originating YOT", "text"),
    (("intervention_level", "changed_to"), "Changed to (after the receiving YOT's reassessment)", "text"),
    (("intervention_level", "rationale"), "Rationale for the change", "long"),
    (("intervention_level", "approved_by"), "Approved by (manager)", "text"),
)
DISPUTE_FIELDS = (
    (("dispute", "raised_on"), "Dispute first notified on (dd/mm/yyyy; ctrl+r: today)", "date"),
    (("dispute", "resolved_on"), "Resolved on (dd/mm/yyyy)", "date"),
    (("dispute", "notes"), "Dispute: steps taken and by whom", "long"),
)
ADULT_FIELDS = (
    (("order_ends_on",), "The order (or licence) ends on (dd/mm/yyyy)", "date"),
    (("identified_on",), "Identified as eligible on (dd/mm/yyyy; at sentence)", "date"),
    (("agreed_transfer_date",), "Agreed transfer date (dd/mm/yyyy), once agreed with Probation", "date"),
    (("transferred_on",), "Transferred to Probation on (dd/mm/yyyy)", "date"),
)
# The dates of what has already happened (a request made, a decision, the court's transfer, a notice of an arrest or
# charge): one after today is refused at the field (casework.dates.future_problem, issue 23). A move date, an order's
# end and an agreed transfer date may lie ahead.
PAST_DATES = frozenset({("requested_on",), ("documents_sent_on",), ("decided_on",), ("transferred_on",),
                        ("dispute", "raised_on"), ("dispute", "resolved_on"), ("identified_on",)})
DECISION_FIELDS = (
    (("rationale",), "Rationale", "long"),
    (("child_views",), "The child's views", "long"),
    (("decided_by",), "Decided by", "text"),
)

SEVERITY_STYLE = {Severity.ACTION: ("ACTION", "bold magenta"), Severity.WARNING: ("WARNING", "bold yellow"),
                  Severity.INFO: ("INFO", "cyan")}
PLAIN_FIELDS = {"status": "Record status", "completed_at": "Recorded on", "countersigned_by": "Countersigned by",
                "countersigned_at": "Countersigned on"}
EVENTS_WORDS = "The dated events on the board (kept in step with the dates)"
ALLOWED_WORDS = {"yes": ("ALLOWED: every gate is met", "bold green"), "no": ("BLOCKED", "bold red"),
                 "unknown": ("NOT YET KNOWN: gates still to answer", "bold yellow")}


def parse_when(text: str) -> tuple:
    """'dd/mm/yyyy' or 'dd/mm/yyyy hh:mm' -> (date, (hh, mm) or None); DateError with a plain message."""
    parts = text.strip().split()
    if len(parts) > 2:
        raise DateError("Type the date and time as dd/mm/yyyy hh:mm, e.g. 14/03/2026 09:30.")
    day = parse_date(parts[0])
    return day, (parse_time(parts[1]) if len(parts) == 2 else None)


def field_id(side: str, path: tuple[str, ...]) -> str:
    return f"{side}-" + "-".join(path)


def render_findings(findings: list[Finding]) -> Text:
    text = Text()
    for f in findings:
        word, style = SEVERITY_STYLE[f.severity]
        text.append(f"{word} ", style=style)
        text.append(f.message)
        text.append(f"\n  {f.citation}\n", style="dim")
    return text


class MovesScreen(ChildRecordsHeld, Screen):
    BINDINGS = BINDINGS
    TITLE = "Moves: transfer and youth to adult"
    DEFAULT_CSS = """
    /* The tab bar over the whole width (beside the panel, in 3fr of 80 columns, "Transition plan" was off its
       edge: issue 23); the panel beside the tab's content, under the bar, as wide as before (2fr of 5). */
    MovesScreen #moves-main { width: 100%; }
    MovesScreen #moves-main > ContentSwitcher { width: 60%; }
    MovesScreen #moves-panel { position: absolute; offset: 150% 2; width: 40%; height: 100%; padding: 0 1 2 1;
                               border-left: solid $primary; }
    MovesScreen Input { width: 100%; background: $boost; }
    MovesScreen Input:focus { background: $primary 30%; }
    MovesScreen .field-label { margin-top: 1; text-style: bold; width: 100%; }
    MovesScreen .msg { color: $error; height: auto; }
    MovesScreen .note { color: $text-muted; height: auto; }
    MovesScreen .heading { margin-top: 1; text-style: bold underline; }
    MovesScreen .caveat { color: $warning; height: auto; }
    MovesScreen TabPane { padding: 0 1; }
    MovesScreen #transfer-result { height: auto; margin-top: 1; }
    """

    def __init__(self, child) -> None:
        super().__init__()
        self.child = child
        self.records: dict[str, Any] = {}
        self.data: dict[str, dict[str, Any]] = {}
        self._dirty: set[str] = set()
        self._timer: Timer | None = None
        self.evaluation = None
        self._nation: str | None = None
        self._shown: dict[str, tuple] = {}
        self._rows: list | None = None
        self._resync: set[str] = set()  # records whose dated events follow their data at the next flush
        self._labels: dict[tuple[str, ...], str] = {}  # an entry's path -> its field's label (for the question)
        # Saves the records: another copy's change is merged, never written over; where both changed one entry
        # the user chooses (screens/conflict.py).
        self.guard = RecordGuard(self, show=self.show_saved, label=self.entry_words)

    # --- records ----------------------------------------------------------------------------------------------
    @property
    def store(self):
        return self.app.store

    @property
    def nation(self) -> str:
        # Read once per screen: the setting changes only in Settings, and this is asked on every keystroke.
        if self._nation is None:
            self._nation = moves.nation(self.store)
        return self._nation

    def _show(self, widget_id: str, content: Text) -> None:
        """Update a Static only when what it shows changed: each update re-lays out this large screen."""
        key = (content.plain, tuple(str(s) for s in content.spans))
        if self._shown.get(widget_id) == key:
            return
        self._shown[widget_id] = key
        self.query_one(f"#{widget_id}", Static).update(content)

    def _load(self) -> None:
        # A record is made on the first answer, not on opening the screen (no empty records, no audit noise).
        for kind in (moves.TRANSFER, moves.TRANSITION):
            record = moves.latest(self.store, self.child.id, kind)
            self.records[kind] = record
            self.data[kind] = moves.loads(record.data) if record else {}
        self.forget_snapshot()

    def _get(self, kind: str, path: tuple[str, ...]) -> Any:
        node: Any = self.data[kind]
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        return node

    def _set(self, kind: str, path: tuple[str, ...], value: Any) -> None:
        node = self.data[kind]
        for key in path[:-1]:
            if not isinstance(node.get(key), dict):
                node[key] = {}
            node = node[key]
        if value in (None, ""):
            node.pop(path[-1], None)
        else:
            node[path[-1]] = value

    # --- layout -----------------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        self._load()
        yield Header()
        with Horizontal():
            with TabbedContent(id="moves-main", initial="tab-transfer"):
                with TabPane("Transfer", id="tab-transfer"):
                    with VerticalScroll():
                        yield from self._compose_transfer()
                with TabPane("Checklist", id="tab-checklist"):
                    with VerticalScroll():
                        yield from self._compose_checklist()
                with TabPane("Judgement", id="tab-judgement"):
                    with VerticalScroll():
                        yield from self._compose_judgement()
                with TabPane("Youth to adult", id="tab-adult"):
                    with VerticalScroll():
                        yield from self._compose_adult()
                with TabPane("Transition plan", id="tab-plan"):
                    with VerticalScroll():
                        yield from self._compose_plan()
            with VerticalScroll(id="moves-panel"):
                yield Static("", id="panel-record")
                yield Static("", id="panel-main")
                yield Static("", id="panel-checks")
                yield Static("", id="panel-gaps", classes="caveat")
        yield Footer()

    def _text(self, kind: str, path: tuple[str, ...], ftype: str) -> str:
        """A saved answer as its field shows it."""
        value = self._get(kind, path)
        if ftype == "date":
            value = show_date(moves.iso(value)) if moves.iso(value) else (value or "")
        elif ftype == "datetime":
            when = moves.when_of(value)
            value = (when.strftime("%d/%m/%Y %H:%M") if isinstance(when, datetime) else show_date(when)) if when \
                else (value or "")
        return "" if value is None else str(value)

    def _input(self, side: str, kind: str, path: tuple[str, ...], label: str, ftype: str) -> ComposeResult:
        fid = field_id(side, path)
        self._labels[path] = label
        yield Label(label, classes="field-label")
        yield Input(self._text(kind, path, ftype), id=fid, select_on_focus=False, compact=True)
        yield Static("", id=f"msg-{fid}", classes="msg")

    def _choice(self, side: str, kind: str, path: tuple[str, ...], label: str, options=TRI) -> Choice:
        self._labels[path] = label
        return Choice(label, self._get(kind, path), options, id="c" + field_id(side, path))

    def entry_words(self, field: str, path: tuple[str, ...]) -> str:
        """What the keep mine / take theirs question calls an entry: the label of its field on this screen."""
        if field != "data":
            return PLAIN_FIELDS.get(field) or field_words(field, path)
        if path[:1] == ("events",):
            return EVENTS_WORDS
        return self._labels.get(path) or field_words(field, path)

    def _compose_transfer(self) -> ComposeResult:
        k = moves.TRANSFER
        yield Static(Text(f"{self.child.display_name} · "
                          f"{LOOKED_AFTER.get(self.child.looked_after, self.child.looked_after)}"), classes="note")
        yield self._choice("t", k, ("situation",), "Situation", SITUATION_OPTIONS)
        yield Static("", id="situation-meaning", classes="note")
        yield self._choice("t", k, ("responsible",), "Overall responsibility now", RESPONSIBLE_OPTIONS)
        for path, label, ftype in TRANSFER_FIELDS:
            yield from self._input("t", k, path, label, ftype)
        yield self._choice("t", k, ("lja_amended",), "Caretaking: local justice area amendment applied for")
        yield self._choice("t", k, ("order_type",), "Order", ORDER_OPTIONS)
        yield Static(Text("The protocol's gates before a transfer", style="bold"), classes="heading")
        gates = {g.block: g for g in tr.GATES}
        yield self._choice("t", k, ("pending_breach",), gates["pending_breach"].question)
        yield self._choice("t", k, ("requirements_deliverable",), gates["requirements_not_deliverable"].question)
        yield self._choice("t", k, ("monitoring_involved",), tr.MONITORING_QUESTION)
        yield self._choice("t", k, ("monitoring_arranged",), gates["monitoring_not_arranged"].question)
        yield self._choice("t", k, ("receiving_agreed",), gates["no_receiving_agreement"].question)
        yield Static(Text("The request", style="bold"), classes="heading")
        for path, label, ftype in REQUEST_FIELDS:
            yield from self._input("t", k, path, label, ftype)
        yield Static(Text("ctrl+o records the receiving YOT's agreement once every gate is met and its date is typed.",
                          style="dim"))
        yield Static("", id="transfer-result")

    def _compose_checklist(self) -> ComposeResult:
        yield Static(Text(f"{tr.CHECKLIST_INTRO} ({tr.CHECKLIST_CITATION})"), classes="note")
        for item in tr.CHECKLIST:
            label = tr.checklist_label(item) + (f" [if {item.when}]" if item.when else "")
            yield self._choice("t", moves.TRANSFER, ("checklist", item.id), label, tr.CHECKLIST_ANSWERS)

    def _compose_judgement(self) -> ComposeResult:
        k = moves.TRANSFER
        yield Static(Text("Intervention level", style="bold"), classes="heading")
        yield Static(Text(f"{tr.INTERVENTION_LEVEL_SUMMARY} ({tr.INTERVENTION_LEVEL})"), classes="note")
        for path, label, ftype in LEVEL_FIELDS:
            yield from self._input("t", k, path, label, ftype)
        yield self._choice("t", k, ("intervention_level", "communicated"), "Change explained to the child")
        for prompt in tr.PROMPTS:
            yield Static(Text(prompt.question, style="bold"), classes="heading")
            yield Static(Text(f"{prompt.guidance} ({prompt.citation})"), classes="note")
            if prompt.caveat:
                yield Static(Text(f"RECONSTRUCTED: {prompt.caveat}"), classes="caveat")
            for key, label in (("decision", "Decision"), ("by", "Decided by"), ("why", "Why")):
                yield from self._input("t", k, ("decisions", prompt.id, key), label, "long" if key == "why" else
                                       "text")
        yield Static(Text("Dispute (Appendix 1)", style="bold"), classes="heading")
        yield Static(Text(f"{tr.DISPUTE_SUMMARY} ({tr.DISPUTE})"), classes="note")
        for path, label, ftype in DISPUTE_FIELDS:
            yield from self._input("t", k, path, label, ftype)
        yield Static(Text("Out-of-area notices to the Home YOT", style="bold"), classes="heading")
        for key, _etype, label, citation in tr.OUT_OF_AREA:
            yield from self._input("t", k, ("out_of_area", key), f"{label} ({citation})",
                                   "date" if key == "court_outcome" else "datetime")

    def _compose_adult(self) -> ComposeResult:
        k = moves.TRANSITION
        yield Static("", id="adult-intro", classes="note")
        for path, label, ftype in ADULT_FIELDS:
            yield from self._input("y", k, path, label, ftype)
        yield self._choice("y", k, ("national_security",),
                           "May meet the National Security Division criteria (considered 6 months before 18)")
        yield Static(Text("Transfer or retain", style="bold"), classes="heading")
        yield self._choice("y", k, ("decision",), "Decision", y2a.DECISIONS)
        for path, label, ftype in DECISION_FIELDS:
            yield from self._input("y", k, path, label, ftype)
        yield Static(Text("Before transfer", style="bold"), classes="heading")
        for check in y2a.BEFORE_TRANSFER:
            yield self._choice("y", k, (check.id,), f"{check.question} ({check.citation})")
        yield Static(Text("Breach court by age", style="bold"), classes="heading")
        yield self._choice("y", k, ("breach_order",), "Order", BREACH_OPTIONS)
        yield Static("", id="breach-result")
        yield Static(Text("Particular orders", style="bold"), classes="heading")
        for text, citation in y2a.ORDER_NOTES.values():
            yield Static(Text(f"{text} ({citation})"), classes="note")

    def _compose_plan(self) -> ComposeResult:
        yield Static(Text(f"{y2a.PLAN_NOTE} ({y2a.PLAN_CITATION})"), classes="note")
        for section in y2a.PLAN_SECTIONS:
            yield from self._input("y", moves.TRANSITION, ("plan", section.id), f"{section.text} (L{section.line})",
                                   "long")

    def on_screen_resume(self) -> None:
        """Back from Settings (or another screen): a changed nation changes the Y2A events, and the packs and
        the child's records the panel."""
        self.forget_snapshot()
        if self._nation is not None and moves.nation(self.store) != self._nation:
            self._nation = None
            self._resync |= {k for k in (moves.TRANSFER, moves.TRANSITION) if self.data[k].get("events")}
            self.flush()
        self.refresh_all()

    def on_mount(self) -> None:
        self.sub_title = self.child.display_name
        # The events follow the record and the service's nation (changed in Settings since the last save?).
        self._resync = {k for k in (moves.TRANSFER, moves.TRANSITION) if self.data[k].get("events")}
        self.flush()
        self.refresh_all()
        self.query_one("#ct-situation", Choice).focus()

    # --- the engine -------------------------------------------------------------------------------------------
    def facts(self) -> dict[str, Any]:
        facts = case_facts.build(self.store, self.child, as_of=self.app.today(), snapshot=self.snapshot)
        facts["transfer"] = moves.transfer_facts(self.data[moves.TRANSFER])
        facts["transition"] = moves.transition_facts(self.data[moves.TRANSITION], self.nation)
        return facts

    def run_engine(self):
        try:
            return evaluate(self.facts(), list(self.packs), as_of=self.app.today())
        except FactsError as exc:
            self.notify(f"The rules could not read {exc}", severity="error", markup=False)
            return None

    def _board_rows(self) -> list:
        """This child's open deadlines as the board shows them (done ones off), worked out again after a save."""
        if self._rows is None:
            from yjtui.casework import board

            self._rows = board.child_deadlines(self.store, self.child, self.app.today())
        return self._rows

    def _group(self) -> str:
        active = (self.query_one("#moves-main", TabbedContent).active or "tab-transfer").removeprefix("tab-")
        return moves.TRANSFER if active in TRANSFER_TABS else moves.TRANSITION

    def refresh_all(self) -> None:
        self.evaluation = self.run_engine()
        values = self.evaluation.values if self.evaluation else {}
        findings = self.evaluation.findings if self.evaluation else []
        group = self._group()
        record = self.records[group]
        head = Text()
        what = "Transfer" if group == moves.TRANSFER else "Youth to adult"
        if record is None:
            head.append(f"{what}: no record yet (made with your first answer)", style="bold")
        else:
            head.append(f"{what} record {record.id}: {record.status}", style="bold")
            if record.countersigned_by:
                head.append(f", countersigned by {record.countersigned_by}")
        earlier = [r for r in (self.snapshot.case_records or []) if r.kind == group and (record is None or r.id != record.id)]
        if earlier:
            head.append(f" · {len(earlier)} earlier: " + ", ".join(f"{r.id} {r.status}" for r in earlier))
        self._show("panel-record", head)
        if group == moves.TRANSFER:
            self._panel_transfer(values.get("transfer"), findings)
        else:
            self._panel_transition(values.get("transition"), findings)
        self._refresh_notes(values.get("transition"))

    def _panel_transfer(self, value: dict | None, findings: list[Finding]) -> None:
        text = Text()
        if value:
            word, style = ALLOWED_WORDS[value["allowed"]]
            text.append(f"Transfer: {word}\n", style=style)
        text.append_text(render_findings([f for f in findings if f.rule.startswith("transfer.")]))
        deadlines = [r for r in self._board_rows() if r.rule.startswith(("transfer.", "out_of_area."))]
        if deadlines:
            text.append("\nOpen deadlines (on the board, F5)\n", style="bold")
            for d in deadlines:
                text.append(f"  {d.due_text}  {d.title} ({d.basis})\n", style="bold red" if d.overdue else "")
                text.append(f"    {d.citation}\n", style="dim")
        checklist = self.data[moves.TRANSFER].get("checklist") or {}
        open_items = tr.checklist_open(checklist if isinstance(checklist, dict) else {})
        text.append(f"\nChecklist: {len(tr.CHECKLIST) - len(open_items)} of {len(tr.CHECKLIST)} answered\n")
        self._show("panel-main", text)
        checks = tr.record_checks(self.data[moves.TRANSFER], self.child.looked_after)
        self._show("panel-checks", render_findings(checks))
        outside, citation = tr.OUTSIDE_PROTOCOL
        self._show("panel-gaps", Text(f"{outside} ({citation})"))

    def _panel_transition(self, value: dict | None, findings: list[Finding]) -> None:
        text = Text()
        value = value or {}
        text.append(f"Turns 18 on: {show_date(moves.iso(value.get('turns_18_on'))) or 'add the date of birth'}\n")
        eligible = {"yes": "yes: the order runs past the 18th birthday", "no": "no: the order ends before 18",
                    "unknown": "not yet known (the order's end date)"}.get(value.get("eligible", "unknown"))
        text.append(f"Eligible to transfer to Probation: {eligible}\n", style="bold")
        steps = value.get("timeline") or []
        if steps:
            text.append("\nTimeline: by age | from the agreed transfer date | DUE (the earlier)\n", style="bold")
            for s in steps:
                age = show_date(moves.iso(s.get("age_date"))) or "-"
                alt = show_date(moves.iso(s.get("transfer_date_based"))) or "-"
                text.append(f"  {s['title']}\n")
                text.append(f"    {age} | {alt} | ")
                word = "OVERDUE" if s.get("overdue") else "DUE"  # as the board says it
                text.append(f"{word} {show_date(moves.iso(s.get('due')))}\n", style="bold red" if s.get("overdue")
                            else "bold")
                text.append(f"    {s['basis']}; {s['citation']}\n", style="dim")
        text.append_text(render_findings([f for f in findings if f.rule.startswith(("y2a.", "mappa.transition"))]))
        self._show("panel-main", text)
        checks = y2a.record_checks(self.data[moves.TRANSITION], self.nation)
        self._show("panel-checks", render_findings(checks))
        gaps = Text()
        if self.nation != "wales":  # the gaps are the English protocol's
            gaps.append("Gaps in the protocol's text (note E §2.9)\n", style="bold")
            for gap, citation in y2a.GAPS:
                gaps.append(f"- {gap} ({citation})\n", style="")
        self._show("panel-gaps", gaps)

    def _refresh_notes(self, transition: dict | None) -> None:
        data = self.data[moves.TRANSFER]
        situation = tr.SITUATION_BY_ID.get(str(data.get("situation") or ""))
        # What each key means, before one is pressed (issue 23: `[h/o/c/s/t/l/r/u]` was explained only after).
        meaning = Text()
        for i, (key, _value, words) in enumerate(SITUATION_OPTIONS):
            meaning.append(" · " if i else "Keys: ", style="dim")
            meaning.append(key, style="bold")
            meaning.append(f" {words.split(':')[0]}")
        if situation:
            who = tr.RESPONSIBLE[tr.expected_responsible(situation, bool(data.get("transferred_on")))]
            meaning.append(f"\n{situation.meaning} Overall responsibility now: {who}. ({situation.citation})")
        self._show("situation-meaning", meaning)
        intro = Text()
        if self.nation == "wales":
            intro.append(f"{y2a.WALES_MESSAGE} ({y2a.WALES})", style="bold")
        else:
            intro.append(f"{y2a.ENGLAND_MESSAGE} ({y2a.ENGLAND_ONLY}; {y2a.IDENTIFY})")
        self._show("adult-intro", intro)
        order = str(self.data[moves.TRANSITION].get("breach_order") or "")
        entry = y2a.BREACH_COURTS.get(order)
        result = Text()
        if entry:
            dob = self.child.date_of_birth
            age = age_on(dob, self.app.today()) if dob else None
            now = y2a.breach_court(order, age)
            result.append(f"Under 18: {entry.under_18}. 18 or over: {entry.adult}.\n", style="bold")
            if now:
                result.append(f"At the child's age now ({age}): {now}.\n")
            if dob and age is not None and age < 18:
                adult = y2a.breach_court(order, 18)
                result.append(f"From the 18th birthday ({show_date(y2a.eighteenth_birthday(dob))}): {adult}.\n")
            if entry.note:
                result.append(entry.note + "\n")
            result.append(f"{entry.citation}; {y2a.BREACH_GENERAL}\n", style="dim")
            result.append(y2a.BREACH_STATUTE_NOTE, style="dim")
        self._show("breach-result", result)

    # --- typing and saving ------------------------------------------------------------------------------------
    def _path_of(self, widget_id: str) -> tuple[str, tuple[str, ...], str] | None:
        """(kind, path, field type) of an input or choice id."""
        side, _, rest = widget_id.partition("-")
        side = side.removeprefix("c")
        kind = {"t": moves.TRANSFER, "y": moves.TRANSITION}.get(side)
        if kind is None:
            return None
        path = tuple(rest.split("-"))
        for fields in (TRANSFER_FIELDS, REQUEST_FIELDS, LEVEL_FIELDS, DISPUTE_FIELDS, ADULT_FIELDS, DECISION_FIELDS):
            for p, _label, ftype in fields:
                if p == path:
                    return kind, path, ftype
        if path[0] == "decisions":
            return kind, path, "long" if path[-1] == "why" else "text"
        if path[0] == "plan":
            return kind, path, "long"
        if path[0] == "out_of_area":
            return kind, path, "date" if path[-1] == "court_outcome" else "datetime"
        return kind, path, "choice"

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        if event.input.id and not event.input.id.startswith("x-"):
            self._field(event.input)

    @on(Input.Blurred)
    def _blurred(self, event: Input.Blurred) -> None:
        # Checked again on leaving the field; the save follows on its timer (or on leaving the screen).
        if event.input.id and not event.input.id.startswith("x-"):
            self._field(event.input)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id and not event.input.id.startswith("x-"):
            self.flush()
            self.focus_next()

    def _field(self, widget: Input) -> None:
        found = self._path_of(widget.id or "")
        if found is None:
            return
        kind, path, ftype = found
        raw = widget.value
        problem = ""
        value: Any = ""
        if ftype in ("date", "datetime"):
            if raw.strip():
                try:
                    day, hhmm = parse_when(raw) if ftype == "datetime" else (parse_date(raw), None)
                except DateError as exc:
                    problem = str(exc)
                else:
                    if not MIN_YEAR <= day.year <= MAX_YEAR:
                        problem = f"{raw.strip()} is outside the years {MIN_YEAR}-{MAX_YEAR}: check the year."
                    elif path in PAST_DATES or path[0] == "out_of_area":
                        problem = future_problem(day, self.app.today())
                    value = day.isoformat() + (f"T{hhmm[0]:02d}:{hhmm[1]:02d}" if hhmm else "")
        else:
            check = check_text(raw, "This answer", max_len=LONG if ftype == "long" else 120)
            problem, value = ("" if check.ok else check.message), check.value
        self._show(f"msg-{widget.id}", Text(problem))
        if widget.has_class("-in-error") != bool(problem):
            widget.set_class(bool(problem), "-in-error")
        if problem:
            return
        if (self._get(kind, path) or "") == value:
            return
        self._set(kind, path, value)
        if kind == moves.TRANSITION and path == ("order_ends_on",):
            self._identify()
        if kind == moves.TRANSFER and path == ("transferred_on",):
            self._follow_responsible(bool(value))
        self._touch(kind)

    @on(Choice.Changed)
    def _choice_changed(self, event: Choice.Changed) -> None:
        found = self._path_of(event.choice.id or "")
        if found is None:
            return
        kind, path, _ftype = found
        self._set(kind, path, event.value)
        if kind == moves.TRANSFER and path == ("situation",):
            self._suggest_responsible()
        self._touch(kind)

    def _suggest_responsible(self) -> None:
        """The protocol's responsible YOT for the situation, unless the practitioner already chose another."""
        situation = tr.SITUATION_BY_ID.get(str(self.data[moves.TRANSFER].get("situation") or ""))
        if situation is None or self.data[moves.TRANSFER].get("responsible"):
            return
        suggested = tr.expected_responsible(situation, bool(self.data[moves.TRANSFER].get("transferred_on")))
        self.data[moves.TRANSFER]["responsible"] = suggested
        self.query_one("#ct-responsible", Choice).set_value(suggested, notify=False)

    def _follow_responsible(self, transferred: bool) -> None:
        """The court's transfer date typed (or cleared): overall responsibility follows the protocol, unless the
        practitioner chose someone else than the protocol's answer before it."""
        data = self.data[moves.TRANSFER]
        situation = tr.SITUATION_BY_ID.get(str(data.get("situation") or ""))
        if situation is None or data.get("responsible") not in ("", None, tr.expected_responsible(situation,
                                                                                                   not transferred)):
            return
        data["responsible"] = tr.expected_responsible(situation, transferred)
        self.query_one("#ct-responsible", Choice).set_value(data["responsible"], notify=False)

    def _identify(self) -> None:
        """Flag at sentence: an order that runs past 18 is identified today unless a date is already recorded."""
        data = self.data[moves.TRANSITION]
        widget = self.query_one("#y-identified_on", Input)
        if data.get("identified_on") or widget.value.strip() or not self.child.date_of_birth:
            return
        if y2a.eligible(self.child.date_of_birth, moves.iso(data.get("order_ends_on"))) == "yes":
            data["identified_on"] = self.app.today().isoformat()
            with widget.prevent(Input.Changed):
                widget.value = show_date(self.app.today())
            # Filled while the practitioner types the end date: a date typed next into this field replaces it
            # rather than being added to it ("02/12/202615/11/2026" was refused and today's date kept).
            widget.select_on_focus = True

    def _touch(self, kind: str) -> None:
        if kind == moves.TRANSFER:
            self._show("transfer-result", Text())  # an earlier ctrl+o answer no longer holds
        self._dirty.add(kind)
        if self._timer:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_DELAY, self.flush)
        self.refresh_all()

    def flush(self) -> None:
        """Save what changed, then bring the dated events (the board's deadlines) in line with what was saved.

        The record is saved before its events follow it: where another copy saved first, the events follow both
        copies' entries merged (and that copy's events are reused, not made twice)."""
        if self._timer:
            self._timer.stop()
            self._timer = None
        if not self._dirty and not self._resync:
            return
        self._resync |= self._dirty
        for kind in list(self._dirty):
            self._dirty.discard(kind)  # one at a time: a conflict shown meanwhile keeps the other's entries
            self._save(kind, "data", self._json(kind))
        if self.guard.asking:
            return  # the events follow once the user has answered (show_saved)
        resync, self._resync = self._resync, set()
        for kind in resync:
            if self.records[kind] is not None and moves.sync_events(
                    self.store, self.child, kind, self.data[kind], self.nation,
                    moves.mappa_level(self.store, self.child.id)):
                self._save(kind, "data", self._json(kind))
        self.forget_snapshot()  # read again when next asked: the records and events saved meanwhile
        self._rows = None
        forget = getattr(self.app, "forget_deadlines", None)
        if forget:
            forget()
        if self.is_mounted and self.app.screen is self:
            self.refresh_all()  # the deadlines the new events bring

    def _record(self, kind: str):
        if self.records[kind] is None:
            self.records[kind] = moves.start(self.store, self.child, kind)
        return self.records[kind]

    def _json(self, kind: str) -> str:
        return json.dumps(self.data[kind], ensure_ascii=False, sort_keys=True)

    def _save(self, kind: str, field: str, value: Any) -> None:
        """Save one field of a record. Another copy's change meanwhile is merged with ours; where both changed
        one entry the user is asked, and nothing saves until they answer (`show_saved` then shows the result)."""
        self.guard.save(self._record(kind), field, value)

    def show_saved(self) -> None:
        """After a save met another copy's change: the records as saved (both copies' entries, or the ones the
        user chose) back in the screen's state and fields, without those updates saving anything again; their
        dated events then follow them. Entries typed since the last save stay as typed (merged when saved)."""
        for kind in (moves.TRANSFER, moves.TRANSITION):
            record = self.records[kind]
            if record is not None and kind not in self._dirty:
                self.data[kind] = moves.loads(record.data)
                self._resync.add(kind)
        with self.prevent(Input.Changed, Choice.Changed):
            for box in self.query(Input):
                found = self._path_of(box.id or "")
                if found is not None:
                    text = self._text(*found)
                    if box.value.strip() != text.strip():
                        box.value = text
                        self._show(f"msg-{box.id}", Text())
                        box.set_class(False, "-in-error")
            for choice in self.query(Choice):
                found = self._path_of(choice.id or "")
                if found is not None:
                    value = self._get(found[0], found[1])
                    values = [v for _k, v, _w in choice.options]
                    choice.set_value(value if value in values else values[-1], notify=False)
        self.forget_snapshot()  # read again when next asked: the records and events saved meanwhile
        self._rows = None
        if self._timer:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_DELAY, self.flush)  # the events follow the saved entries
        self.refresh_all()

    # --- actions ----------------------------------------------------------------------------------------------
    def action_record_transfer(self) -> None:
        self.flush()
        if self.guard.asking:  # the save met another copy's change to the same entries: their answer first
            return
        self._activate("transfer")
        result = self.query_one("#transfer-result", Static)
        value = (self.evaluation.values.get("transfer") if self.evaluation else None) or \
            {"allowed": "unknown", "blocks": []}
        text = Text()
        if value["allowed"] == "no":
            text.append("Not transferred: the protocol blocks it.\n", style="bold red")
            for block in value["blocks"]:
                gate = tr.GATE_BY_BLOCK[block]
                text.append(f"- {gate.blocked}\n  ({gate.citation})\n")
            self._show("transfer-result", text)
            self.call_after_refresh(result.scroll_visible)
            self.notify("Transfer blocked: see why under the request.", severity="error", markup=False)
            return
        if value["allowed"] == "unknown":
            text.append("Not yet: answer every gate first.\n", style="bold yellow")
            for f in self.evaluation.findings if self.evaluation else []:
                if f.rule == "transfer.gates":
                    text.append(f"{f.message}\n")
            self._show("transfer-result", text)
            self.call_after_refresh(result.scroll_visible)
            return
        data = self.data[moves.TRANSFER]
        if not moves.iso(data.get("decided_on")):
            # ctrl+o records what happened: the day the receiving YOT's manager agreed is the practitioner's to type,
            # never today by default (4.68, L24233).
            text.append("Not recorded: type the date the receiving YOT's operational manager agreed (Receiving YOT "
                        "decided on), then ctrl+o.\n", style="bold yellow")
            self._show("transfer-result", text)
            self.query_one("#t-decided_on", Input).focus()
            return
        record = self.records[moves.TRANSFER]
        self._save(moves.TRANSFER, "status", "complete")
        self._save(moves.TRANSFER, "completed_at", datetime.now())
        self._answer_decision_deadline(data)
        self._rows = None
        text.append(f"Transfer agreed by the receiving YOT on {show_date(moves.iso(data['decided_on']))}: recorded."
                    "\n", style="bold green")
        for step, citation in tr.AFTER_AGREEMENT:
            text.append(f"- {step} ({citation})\n")
        if not moves.iso(data.get("transferred_on")):
            text.append(f"Until the court transfers the order the originating YOT keeps full responsibility: type the "
                        f"day it does under the request ({tr.COURT_TRANSFER}).\n")
        self.refresh_all()
        self._show("transfer-result", text)
        self.call_after_refresh(result.scroll_visible)
        self.notify(f"Transfer agreement recorded (record {record.id}).", markup=False)

    def _answer_decision_deadline(self, data: dict[str, Any]) -> None:
        event_id = (data.get("events") or {}).get("transfer_requested")
        if event_id is None:
            return
        rules = ["transfer.decision"] + (["transfer.send_documents"] if data.get("documents_sent_on") else [])
        moves.answer_deadlines(self.store, self.child.id, event_id, rules)

    def action_raise_dispute(self) -> None:
        self._activate("judgement")
        if self._get(moves.TRANSFER, ("dispute", "raised_on")):
            self.notify("A dispute is already recorded: its dates are under Judgement.", markup=False)
        else:
            self._set(moves.TRANSFER, ("dispute", "raised_on"), self.app.today().isoformat())
            widget = self.query_one("#t-dispute-raised_on", Input)
            with widget.prevent(Input.Changed):
                widget.value = show_date(self.app.today())
            self._dirty.add(moves.TRANSFER)
            self.flush()
            self.notify("Dispute recorded today: managers' step due in two working days, the board's in five (F5).",
                        markup=False)
        self.query_one("#t-dispute-notes", Input).focus()
        self.refresh_all()

    def action_countersign(self) -> None:
        self.flush()
        if self.guard.asking or self.app.refuse_countersign():  # a manager's act, as for the assessments and the plan
            return
        kind = self._group()
        if self.records[kind] is None:
            self.notify("Nothing to countersign yet: this record has no answers.", markup=False)
            return

        def done(name: str | None) -> None:
            if not name or not name.strip():
                return
            record = self.records[kind]
            if name.strip().casefold() == (record.author or "").strip().casefold():
                self.notify("The author cannot countersign their own record: a manager does.", severity="warning",
                            markup=False)
                return
            self._save(kind, "countersigned_by", name.strip())
            self._save(kind, "countersigned_at", datetime.now().replace(microsecond=0))
            self._save(kind, "status", "countersigned")
            self.refresh_all()

        self.app.push_screen(NameModal("Manager's name to countersign this record (enter to sign, escape to "
                                       "cancel):"), done)

    async def action_new_record(self) -> None:
        self.flush()
        if self.guard.asking:
            return
        kind = self._group()
        moves.start(self.store, self.child, kind)
        self.notify("New record started; the earlier one is kept (see the panel).", markup=False)
        # Draw the screen afresh on the new record.
        self.app.pop_screen()
        self.app.push_screen(MovesScreen(self.child))

    def action_export(self) -> None:
        self.flush()
        author = document.author_for(self.store)

        def build(kind: str) -> moves_export.Document:
            values = self.evaluation.values if self.evaluation else {}
            return moves_export.document(kind, self.child, self.data[kind], values, author=author,
                                         today=self.app.today(),
                                         on_record=moves.order_on_record(self.store, self.child))

        self.app.push_screen(ExportDialog(moves_export.EXPORT, build, self.child, choice=self._group()))

    # --- navigation -------------------------------------------------------------------------------------------
    def _activate(self, name: str) -> None:
        self.query_one("#moves-main", TabbedContent).active = f"tab-{name}"

    def _current(self) -> int:
        active = self.query_one("#moves-main", TabbedContent).active or "tab-transfer"
        return SECTIONS.index(active.removeprefix("tab-"))

    def _focus_first(self, name: str) -> None:
        """The section's first field, once its pane is on screen (see screens/focus.py)."""
        pane = self.query_one(f"#tab-{name}", TabPane)
        focus_when_shown(pane, lambda: next((w for w in pane.query("*")
                                             if w.focusable and isinstance(w, (Input, Choice))), None))

    def action_next_section(self) -> None:
        name = SECTIONS[(self._current() + 1) % len(SECTIONS)]
        self.set_focus(None)  # a field left focused in the old pane would pull TabbedContent back to it
        self._activate(name)
        self._focus_first(name)

    def action_previous_section(self) -> None:
        name = SECTIONS[(self._current() - 1) % len(SECTIONS)]
        self.set_focus(None)  # a field left focused in the old pane would pull TabbedContent back to it
        self._activate(name)
        self._focus_first(name)

    @on(TabbedContent.TabActivated)
    def _tab(self, _event: TabbedContent.TabActivated) -> None:
        self.refresh_all()

    def action_back(self) -> None:
        self.flush()
        if not self.guard.asking:  # else the question stays open: answered before leaving
            self.app.pop_screen()

    def action_save_now(self) -> None:
        self.flush()

