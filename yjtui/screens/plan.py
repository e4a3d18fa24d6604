"""The intervention plan for a child's order: contact frequency, plan items, the order's requirements, reviews.

Saved as it changes (one `Plan` record per child, created on first entry; `store.update(plan, "data", json)`),
with the live checks of `yjtui.rules.plan_checks` beside the form, each with its citation.

The plan's `data` JSON:

    {
      "case_manager": str,                         # who the board's "mine" filter means
      "order": {"type": "yro" | "yro_iss" | "yro_if" | "referral_order" | "dto" | "other"
                        (older plans: the label, e.g. "Youth Rehabilitation Order"),
                "made": "YYYY-MM-DD", "months": int, "event_id": int},   # event_id: the order_made Event
      "requirements": [{"id": <yro_requirements entry id>, "hours": int, "days": int, "months": int,
                        "hours_per_day": int, "hours_per_week": int, "hours_per_session": int,
                        "sessions_per_day": int}],            # any number field may be absent
      "level": "" | "intensive" | "enhanced" | "standard",  # Enfield: "" = from the assessments (engine)
      "contacts": {"per_month": int, "statutory_per_week": int},
      "questions": {<CONTACT_QUESTIONS key>: str},          # national: the eight contact-frequency questions
      "items": [{"what", "who", "by": "YYYY-MM-DD", "measure", "kind": "statutory" | "voluntary",
                 "area": <ITEM_AREAS key>, "section": "action" | "external" | "internal" | "protective" | "sharing",
                 "covers": ["swb:<factor id>", "rosh:<behaviour index>"]}],
      "contingencies": [{"trigger", "action", "contact", "covers": ["swb:<factor id>"]}],
      "reviews": [{"date": "YYYY-MM-DD", "reason": "scheduled" | "change", "changed", "progress", "new_plan",
                   "recorded_by", "countersigned_by", "countersigned_at": ISO date-time}],
      "revocation": {"considered": "YYYY-MM-DD", "refused": "YYYY-MM-DD"}
    }

Recording a review also records a `plan_reviewed` event (the engine's next 3-monthly review deadline runs from
it) and marks the earlier review deadlines done.

When another copy of yjtui saved the plan since this one read it, the two are merged entry by entry
(`screens.record_guard.RecordGuard`): what only one copy changed is kept, and an entry both changed is asked about
(keep mine / take theirs), nothing saved meanwhile. A list (plan items, requirements, reviews) is one entry.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, Select, Static

from yjtui.casework import case_facts, plans, sign_off
from yjtui.rules import plan_checks as pc
from yjtui.casework.dates import DateError, future_problem, parse_date, show_date
from yjtui.casework.forms import check_text
from yjtui.casework.packs import local_packs
from yjtui.rules.core import Finding, Severity
from yjtui.screens.conflict import entry_label
from yjtui.screens.debounce import Debounce
from yjtui.screens.export_modal import ExportDialog
from yjtui.screens.footer import Footer
from yjtui.screens.header import Header
from yjtui.screens.plan_forms import Field, FormModal, NameModal, check_int
from yjtui.screens.record_guard import RecordGuard
from yjtui.screens.tables import fit_columns
from yjtui.casework.records import Child


BINDINGS = [
    Binding("escape", "back", "Back", id="plan.back"),
    Binding("ctrl+n", "add_item", "Item", id="plan.add_item", tooltip="Add plan item"),
    Binding("ctrl+r", "add_requirement", "Requirement", id="plan.add_requirement", tooltip="Add requirement"),
    Binding("ctrl+g", "add_contingency", "Contingency", id="plan.add_contingency", tooltip="Add contingency"),
    Binding("ctrl+t", "add_review", "Review", id="plan.add_review", tooltip="Record review"),
    Binding("ctrl+o", "countersign", "Countersign", id="plan.countersign", tooltip="Countersign review"),
    Binding("ctrl+y", "revocation", "Revocation", id="plan.revocation", tooltip="Early revocation considered"),
    Binding("ctrl+e", "export", "Export", id="plan.export", tooltip="Export plan (logged as a disclosure)",
            priority=True),
    Binding("delete", "remove_row", "Remove row", id="plan.remove", show=False),
    Binding("ctrl+s", "save_now", "Saved as you type", id="plan.save", show=False),
]

SEVERITY_STYLE = {Severity.ACTION: ("ACTION", "bold magenta"), Severity.WARNING: ("WARNING", "bold yellow"),
                  Severity.INFO: ("INFO", "cyan")}

# Number fields on the form: id -> (path in data, label, maximum before the value is refused as a slip).
NUMBER_FIELDS: dict[str, tuple[tuple[str, str], str, int]] = {
    "order_months": (("order", "months"), "Order length (months)", 60),
    "per_month": (("contacts", "per_month"), "Planned contacts a month", 100),
    "statutory_per_week": (("contacts", "statutory_per_week"), "Statutory appointments a week", 30),
}
# Each table's columns: (label, minimum width, share of the width left over); cells wrap, no column is cut.
TABLE_COLUMNS = {
    "requirements": [("Requirement", 12, 3), ("Values", 8, 2), ("Limits", 12, 4)],
    "items": [("What", 10, 4), ("Who", 6, 2), ("By", 10, 0), ("Progress", 8, 3), ("Kind", 9, 0),
              ("Section", 8, 1), ("Covers", 8, 2)],
    "contingencies": [("Trigger", 10, 3), ("Action", 10, 3), ("Contact", 8, 2)],
    "reviews": [("Date", 10, 0), ("Reason", 10, 1), ("What changed", 12, 3), ("Progress", 8, 3),
                ("Countersigned", 13, 0)],
}
# An entry of the plan's data as the question about two copies' changes names it: the form's own words.
ENTRY_LABELS: dict[tuple[str, ...], str] = {
    ("case_manager",): "Case manager",
    ("order",): "The order",
    ("order", "type"): "Order type",
    ("order", "made"): "Date the order was made",
    ("order", "event_id"): "The order's deadlines on the board",
    ("requirements",): "Requirements",
    ("level",): "Intervention level",
    ("contacts",): "Contact frequency",
    ("questions",): "The contact-frequency questions",
    ("items",): "Plan items",
    ("contingencies",): "Contingency plans",
    ("reviews",): "Reviews",
    ("revocation",): "Early revocation",
    ("revocation", "considered"): "Early revocation considered",
    **{(section, key): label for (section, key), label, _max in NUMBER_FIELDS.values()},
}
NARROW_WIDTH = 135  # below this the checks go under the form, so the tables have the whole width
ENGINE_ORDER_TYPE = {"yro": "yro", "yro_iss": "yro", "yro_if": "yro", "referral_order": "referral_order",
                     "dto": "dto", "other": "other"}


def render_findings(findings: list[Finding]) -> Text:
    """Each finding once; findings of one rule in a row (a gap per risk factor, say) share their source line."""
    text = Text()
    for i, f in enumerate(findings):
        word, style = SEVERITY_STYLE[f.severity]
        previous = findings[i - 1] if i else None
        same = previous is not None and (previous.rule, previous.severity, previous.citation) == \
            (f.rule, f.severity, f.citation)
        text.append(f"{'' if same else word} ".rjust(len(word) + 1), style=style)
        text.append(f.message)
        following = findings[i + 1] if i + 1 < len(findings) else None
        if following is not None and (following.rule, following.severity, following.citation) == \
                (f.rule, f.severity, f.citation):
            text.append("\n")
        else:
            text.append(f"\n  {f.citation}\n", style="dim")
    return text or Text("No checks to show yet.")


class PlanScreen(Screen):
    BINDINGS = BINDINGS
    TITLE = "Intervention plan"
    CSS_PATH = "plan.tcss"

    def __init__(self, child: Child) -> None:
        super().__init__()
        self.child = child
        self._pending = Debounce(self, self._save_field)  # the fields waiting for a pause in typing
        self.plan: plans.Plan | None = None
        self.data: dict[str, Any] = {}
        # Saves the plan; meets another copy's changes with a merge, or the question (then holds saves).
        self.guard = RecordGuard(self, show=self.show, label=lambda _field, path: self.entry_label(path))

    # --- loading ----------------------------------------------------------------------------------------------
    @property
    def store(self):
        return self.app.store

    @property
    def packs(self) -> tuple[str, ...]:
        return ("national", *local_packs(self.store))

    @property
    def enfield(self) -> bool:
        """A pack switched on sets contact minimums by level (Enfield's, or another service's own)."""
        return pc.policy_for(self.packs).switches_on("plan.contact_minimum")

    def _load(self) -> None:
        self.plan = plans.open_plan(self.store, self.child.id, self.store.who)
        self._read_data()
        order = self.data["order"]
        if not order.get("made"):
            # An order recorded elsewhere (court screen, demo) starts the plan's order.
            made = plans.order_made(self.store, self.child.id)
            if made:
                order["made"] = made[0].isoformat()
                order["event_id"] = made[1]
        self.ref = self._ref()
        self._read_assessments()

    def _read_data(self) -> None:
        """The plan's entries as saved into `self.data` (the order, contacts and questions always dicts)."""
        self.data = plans.entries(self.plan)

    @staticmethod
    def _ref():
        from yjtui.reference import load_all

        return load_all()["yro_requirements"]

    def _read_assessments(self) -> None:
        latest = case_facts.latest_assessments(self.store, self.child.id)
        swb = case_facts.loads(latest["swb"].data, {}) if "swb" in latest else {}
        rosh = case_facts.loads(latest["rosh"].data, {}) if "rosh" in latest else {}
        self.swb_factors = tuple(str(f) for f in swb.get("risk_factors", []) if isinstance(f, str))
        self.rosh_behaviours = tuple(b for b in rosh.get("behaviours", []) if isinstance(b, dict))
        self.rosh_level = latest["rosh"].final if "rosh" in latest else None
        dates = [a.completed_at.date() for a in latest.values() if a.completed_at]
        self.assessed_on = max(dates) if dates else None
        self.engine_level = None
        if self.enfield:
            from yjtui.rules import FactsError, evaluate

            try:
                result = evaluate(case_facts.build(self.store, self.child, as_of=self.app.today()),
                                  list(self.packs), as_of=self.app.today())
                self.engine_level = result.values.get("intervention_level")
            except FactsError:
                self.engine_level = None

    def context(self) -> pc.PlanContext:
        return pc.PlanContext(today=self.app.today(), packs=self.packs, dob=self.child.date_of_birth,
                              engine_level=self.engine_level, rosh_level=self.rosh_level,
                              swb_factors=self.swb_factors, rosh_behaviours=self.rosh_behaviours,
                              assessed_on=self.assessed_on)

    # --- layout -----------------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        self._load()
        order = self.data["order"]
        contacts = self.data.get("contacts") or {}
        yield Header()
        with Horizontal():
            with VerticalScroll(id="plan-form"):
                yield Static(Text(f"Policy: {' + '.join(self.packs)}"), id="packs")
                yield Label("Case manager", classes="field-label")
                yield Input(str(self.data.get("case_manager", "")), id="case_manager", compact=True)
                yield Static("", id="case_manager-msg", classes="field-msg")
                yield Static(Text("The order", style="bold underline"))
                yield Label("Order type", classes="field-label")
                kind = pc.order_type_key(order.get("type"))
                yield Select([(label, key) for key, label in pc.ORDER_TYPES.items()],
                             value=kind or Select.NULL, id="order_type", prompt="Not recorded", compact=True)
                yield Label("Date the order was made (dd/mm/yyyy)", classes="field-label")
                yield Input(show_date(pc.parse_iso(order.get("made"))), id="order_made", compact=True)
                yield Static("", id="order_made-msg", classes="field-msg")
                yield Label("Order length (months)", classes="field-label")
                yield Input(str(order.get("months") or ""), id="order_months", compact=True)
                yield Static("", id="order_months-msg", classes="field-msg")
                yield Label("Requirements (ctrl+r add, enter edit, delete remove)", classes="field-label")
                yield DataTable(id="requirements", cursor_type="row")
                yield Static(Text("Contact frequency", style="bold underline"))
                if self.enfield:
                    policy = pc.policy_for(self.packs)
                    yield Label(f"Intervention level ({policy.title_for('contact_minimums')})", classes="field-label")
                    auto = self.engine_level or "not yet assessed"
                    yield Select([(row.label, row.level) for row in pc.contact_levels(policy)],
                                 value=self.data.get("level") or Select.NULL, id="level",
                                 prompt=f"From the assessments: {auto}", compact=True)
                else:
                    yield Static(Text("The national guidance sets no fixed levels: answer the eight questions "
                                      f"({pc.CITE_QUESTIONS})."), id="questions-intro")
                    answers = self.data.get("questions") or {}
                    for n, (key, question) in enumerate(pc.CONTACT_QUESTIONS, 1):
                        yield Label(Text(f"{n}. {question}"), classes="question")
                        yield Input(str(answers.get(key, "")), id=f"q_{key}", compact=True, classes="question-input")
                yield Label("Planned contacts a month", classes="field-label")
                yield Input(str(contacts.get("per_month") if contacts.get("per_month") is not None else ""),
                            id="per_month", compact=True)
                yield Static("", id="per_month-msg", classes="field-msg")
                yield Label("Statutory appointments a week", classes="field-label")
                yield Input(str(contacts.get("statutory_per_week") if contacts.get("statutory_per_week") is not None
                                else ""), id="statutory_per_week", compact=True)
                yield Static("", id="statutory_per_week-msg", classes="field-msg")
                yield Label("Plan items (ctrl+n add, enter edit, delete remove)", classes="field-label")
                yield DataTable(id="items", cursor_type="row")
                yield Label("Not yet covered by a plan item", classes="field-label")
                yield Static("", id="uncovered")
                yield Label("Contingency plans: trigger, action, who to contact (ctrl+g add)", classes="field-label")
                yield DataTable(id="contingencies", cursor_type="row")
                yield Label("Reviews (ctrl+t record, ctrl+o countersign)", classes="field-label")
                yield DataTable(id="reviews", cursor_type="row")
            with VerticalScroll(id="plan-checks"):
                yield Static("", id="checks")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.child.display_name
        self._sync_order_event()
        self.refresh_all()
        self.query_one("#order_type", Select).focus()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW_WIDTH, "-narrow")
        self.call_after_refresh(self.refresh_all)  # the tables refit the form's new width

    def _table(self, table_id: str) -> DataTable:
        """The table with its columns fitted to the form's width (every column shown, cells wrap)."""
        table = self.query_one(f"#{table_id}", DataTable)
        form = self.query_one("#plan-form")
        width = form.scrollable_content_region.width or (self.app.size.width * 3 // 5 - 4)
        fit_columns(table, TABLE_COLUMNS[table_id], width)
        table.clear()
        return table

    # --- saving -----------------------------------------------------------------------------------------------
    def save(self) -> None:
        """Save the plan's entries; another copy's changes are merged in, or asked about (`self.guard`)."""
        value = json.dumps(self.data, ensure_ascii=False, sort_keys=True)
        if self.plan.id is None:  # the first change makes the plan, with it in (issue 23)
            if self.plan.data == value:
                return
            made = plans.stored_plan(self.store, self.child.id)
            if made is None:
                self.plan.data = value
                self.plan = plans.store_new(self.store, self.plan)
                self.guard.read(self.plan)
                return
            self.guard.started_as(made, self.plan)  # another copy stored it meanwhile: one plan, merged
            self.plan = made
        self.guard.save(self.plan, "data", value)

    def entry_label(self, path: tuple[str, ...]) -> str:
        """An entry of the plan's data in the form's words, for the question about two copies' changes."""
        if path in ENTRY_LABELS:
            return ENTRY_LABELS[path]
        if len(path) == 2 and path[0] == "questions":
            for n, (key, question) in enumerate(pc.CONTACT_QUESTIONS, 1):
                if key == path[1]:
                    return f"Question {n}: {question}"
        return entry_label(path)

    def show(self) -> None:
        """Put the plan as saved back on the screen: after another copy's changes were merged in, or the user
        answered the question (what was typed meanwhile was held and went with the answer)."""
        self._pending.cancel()  # what was typed meanwhile went with the answer (or the merge)
        self._read_data()
        order, contacts = self.data["order"], self.data.get("contacts") or {}
        answers = self.data.get("questions") or {}
        texts = {"case_manager": str(self.data.get("case_manager", "")),
                 "order_made": show_date(pc.parse_iso(order.get("made"))),
                 "order_months": str(order.get("months") or ""),
                 **{f: "" if contacts.get(f) is None else str(contacts[f]) for f in ("per_month", "statutory_per_week")},
                 **{f"q_{key}": str(answers.get(key, "")) for key, _q in pc.CONTACT_QUESTIONS}}
        with self.prevent(Input.Changed, Select.Changed):  # putting values back is not a change to save
            for field, text in texts.items():
                if not self.query(f"#{field}"):  # Enfield's form has no questions
                    continue
                self.query_one(f"#{field}", Input).value = text
                if self.query(f"#{field}-msg"):
                    self._msg(field, "", True)
            kind = pc.order_type_key(order.get("type"))
            self.query_one("#order_type", Select).value = kind or Select.NULL
            if self.query("#level"):
                self.query_one("#level", Select).value = self.data.get("level") or Select.NULL
        self._sync_order_event()
        self.refresh_all()

    def _msg(self, field: str, message: str, ok: bool) -> None:
        msg = self.query_one(f"#{field}-msg", Static)
        msg.set_class(not ok, "-error")
        msg.update(Text(message))
        self.query_one(f"#{field}", Input).set_class(not ok, "-in-error")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        field = event.input.id or ""
        if not (field in NUMBER_FIELDS or field in ("order_made", "case_manager") or field.startswith("q_")):
            return
        self._pending.touch(field)

    @on(Input.Blurred)
    def _blurred(self, event: Input.Blurred) -> None:
        if event.input.id in self._pending:
            self._save_field(event.input.id)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        field = event.input.id or ""
        if field in NUMBER_FIELDS or field in ("order_made", "case_manager") or field.startswith("q_"):
            self._save_field(field)
            self.focus_next()

    def _save_field(self, field: str) -> None:
        self._pending.cancel(field)
        text = self.query_one(f"#{field}", Input).value
        if field in NUMBER_FIELDS:
            (section, key), label, maximum = NUMBER_FIELDS[field]
            ok, value, message = check_int(text, label, maximum)
            self._msg(field, message, ok)
            if not ok:
                return
            part = self.data.setdefault(section, {})
            if value is None:
                part.pop(key, None)
            else:
                part[key] = value
        elif field == "order_made":
            if text.strip():
                try:
                    made = parse_date(text)
                except DateError as exc:
                    self._msg(field, str(exc), False)
                    return
                problem = future_problem(made, self.app.today())
                if problem:
                    self._msg(field, problem, False)
                    return
                self.data["order"]["made"] = made.isoformat()
            else:
                self.data["order"].pop("made", None)
            self._msg(field, "", True)
        elif field == "case_manager":
            c = check_text(text, "Case manager")
            self._msg(field, c.message, c.ok)
            if not c.ok:
                return
            self.data["case_manager"] = c.value
        elif field.startswith("q_"):
            c = check_text(text, "Answer", max_len=600)
            if not c.ok:
                self.notify(c.message, severity="error", markup=False)
                return
            self.data.setdefault("questions", {})[field[2:]] = c.value
        self.save()
        if field in ("order_made", "order_months"):
            self._sync_order_event()
        self.refresh_all()

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        value = "" if event.value is Select.NULL else str(event.value)
        if event.select.id == "order_type":
            if value == pc.order_type_key(self.data["order"].get("type")):
                return
            self.data["order"]["type"] = value
            self.save()
            self._sync_order_event()
        elif event.select.id == "level":
            if value == (self.data.get("level") or ""):
                return
            self.data["level"] = value
            self.save()
        else:
            return
        self.refresh_all()

    def _sync_order_event(self) -> None:
        """The order as an `order_made` event, so the engine's allocation, review, EM and unpaid work deadlines
        reach the board. The plan keeps the event's id and updates it when the order changes."""
        order = self.data["order"]
        made = pc.parse_iso(order.get("made"))
        kind = pc.order_type_key(order.get("type"))
        if made is None or self.guard.asking:  # asked about another copy's changes: synced after the answer
            return
        ids = pc.requirement_ids(self.data)
        extra = {"electronic_monitoring": "electronic-monitoring" in ids, "unpaid_work": "unpaid-work" in ids}
        if kind:
            extra["order_type"] = ENGINE_ORDER_TYPE.get(kind, "other")
        event_id = plans.record_order_made(self.store, self.child.id, order.get("event_id"), made, extra)
        if event_id != order.get("event_id"):
            order["event_id"] = event_id
            self.save()

    def flush(self) -> None:
        self._pending.flush()

    # --- showing ----------------------------------------------------------------------------------------------
    def targets(self) -> dict[str, str]:
        return pc.coverage_targets(self.swb_factors, list(self.rosh_behaviours))

    def refresh_all(self) -> None:
        findings = pc.check_plan(self.data, self.context(), self.ref)
        self.query_one("#checks", Static).update(render_findings(findings))
        self._fill_requirements(findings)
        self._fill_items()
        gaps = pc.uncovered(self.targets(), self._items())
        # Each gap is a finding in the checks beside the form, with its source: here only how many (shown once).
        self.query_one("#uncovered", Static).update(
            Text(f"{len(gaps)} not yet covered: each is listed in the checks, with its source. ctrl+n adds an item "
                 "that covers it." if gaps else
                 ("Every ticked risk factor and RoSH behaviour has a plan item." if self.targets() else
                  "No SWB risk factors ticked or RoSH behaviours recorded in the completed assessments.")))
        table = self._table("contingencies")
        for c in self.data.get("contingencies", []):
            table.add_row(Text(c.get("trigger", "")), Text(c.get("action", "")), Text(c.get("contact", "")),
                          height=None)
        table = self._table("reviews")
        for r in self.data.get("reviews", []):
            table.add_row(show_date(pc.parse_iso(r.get("date"))),
                          Text("significant change" if r.get("reason") == "change" else "3-monthly"),
                          Text(r.get("changed", "")), Text(r.get("progress", "")),
                          Text(r.get("countersigned_by") or "AWAITING"), height=None)

    def _items(self) -> list[dict]:
        return [i for i in self.data.get("items", []) if isinstance(i, dict)]

    def _fill_items(self) -> None:
        table = self._table("items")
        targets = self.targets()
        for i in self._items():
            covers = ", ".join(targets.get(c, c).split(": ", 1)[-1] for c in i.get("covers", []))
            table.add_row(Text(i.get("what", "")), Text(i.get("who", "")), show_date(pc.parse_iso(i.get("by"))),
                          Text(i.get("measure", "")), i.get("kind", ""), Text(pc.SECTIONS.get(i.get("section"), "")),
                          Text(covers), height=None)

    def _fill_requirements(self, findings: list[Finding]) -> None:
        table = self._table("requirements")
        for r in self.data.get("requirements", []):
            entry = self.ref.by_id(str(r.get("id")))
            title = entry.title if entry else str(r.get("id"))
            values = ", ".join(f"{pc.REQUIREMENT_FIELDS[k][0].lower()} {v}" for k, v in r.items()
                               if k in pc.REQUIREMENT_FIELDS and v is not None)
            flags = [f for f in findings if f.rule == f"yro.{r.get('id')}" and f.severity is Severity.WARNING]
            limits = (f"OUTSIDE LIMITS: {flags[0].message.split(': ', 1)[-1]} ({flags[0].citation})" if flags
                      else "within the limits checked")
            table.add_row(Text(title), Text(values), Text(limits), height=None)

    # --- adding and editing rows ------------------------------------------------------------------------------
    def _item_fields(self) -> list[Field]:
        return [
            Field("what", "What will be done", required=True),
            Field("who", "Who does it"),
            Field("by", "By when (dd/mm/yyyy)", "date"),
            Field("measure", "How progress is known"),
            Field("kind", "Statutory (part of the order) or voluntary", "select",
                  [("Voluntary", "voluntary"), ("Statutory", "statutory")], required=True,
                  help="Welfare, health and substance-misuse support stays voluntary unless the order has a "
                       f"treatment requirement ({pc.CITE_VOLUNTARY})."),
            Field("area", "Area", "select", [(v, k) for k, v in pc.ITEM_AREAS.items()]),
            Field("section", "Part of the plan", "select", [(v, k) for k, v in pc.SECTIONS.items()]),
            Field("covers", "Covers (space to tick)", "multi", [(v, k) for k, v in self.targets().items()]),
        ]

    def _contingency_fields(self) -> list[Field]:
        swb = [(v, k) for k, v in self.targets().items() if k.startswith("swb:")]
        return [Field("trigger", "Trigger: if this happens", required=True), Field("action", "Action: do this",
                                                                                     required=True),
                Field("contact", "Who to contact (name, number)"),
                Field("covers", "Risk factors it answers (space to tick)", "multi", swb)]

    def _requirement_fields(self) -> list[Field]:
        options = [(e.title, e.id) for e in self.ref.entries if e.id != "yro-order"]
        fields = [Field("id", "Requirement", "select", options, required=True)]
        fields += [Field(k, label, "int", maximum=maximum) for k, (label, maximum) in pc.REQUIREMENT_FIELDS.items()]
        return fields

    def _requirement_note(self) -> str:
        return "Limits as the guidance states them: " + " | ".join(
            f"{e.title}: {e.raw.get('limits')}" for e in self.ref.entries if e.raw.get("limits"))

    def _edit_list(self, key: str, title: str, fields: list[Field], index: int | None = None, note: str = "") -> None:
        rows = self.data.setdefault(key, [])
        values = rows[index] if index is not None and index < len(rows) else None

        def done(result: dict | None) -> None:
            if result is None:
                return
            clean = {k: v for k, v in result.items() if v not in (None, "")}
            if index is not None and index < len(rows):
                rows[index] = clean
            else:
                rows.append(clean)
            self.save()
            if key == "requirements":
                self._sync_order_event()
            self.refresh_all()

        self.app.push_screen(FormModal(title, fields, values, note), done)

    def action_add_item(self) -> None:
        self._edit_list("items", "Plan item (SMART: what, who, by when, how progress is known)", self._item_fields())

    def action_add_contingency(self) -> None:
        self._edit_list("contingencies", "Contingency plan", self._contingency_fields())

    def action_add_requirement(self) -> None:
        self._edit_list("requirements", "YRO requirement", self._requirement_fields(), note=self._requirement_note())

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        table = event.data_table.id
        index = event.cursor_row
        if table == "items":
            self._edit_list("items", "Plan item", self._item_fields(), index)
        elif table == "contingencies":
            self._edit_list("contingencies", "Contingency plan", self._contingency_fields(), index)
        elif table == "requirements":
            self._edit_list("requirements", "YRO requirement", self._requirement_fields(), index,
                            self._requirement_note())

    def action_remove_row(self) -> None:
        focused = self.focused
        if not isinstance(focused, DataTable) or focused.id not in ("items", "contingencies", "requirements"):
            return
        rows = self.data.get(focused.id, [])
        if 0 <= focused.cursor_row < len(rows):
            rows.pop(focused.cursor_row)
            self.save()
            if focused.id == "requirements":
                self._sync_order_event()
            self.refresh_all()

    # --- reviews ----------------------------------------------------------------------------------------------
    def action_add_review(self) -> None:
        fields = [
            Field("date", "Date of the review (dd/mm/yyyy)", "date", required=True, past=True),
            Field("reason", "Why now", "select", [("3-monthly review", "scheduled"),
                                                  ("Significant change", "change")], required=True),
            Field("changed", "What changed (needed for a significant change)", "long"),
            Field("progress", "Progress", "long"),
            Field("new_plan", "The new plan", "long"),
        ]

        def done(result: dict | None) -> None:
            if result is None:
                return
            if result.get("reason") == "change" and not result.get("changed"):
                self.notify("Say what changed: a significant-change review records it.", severity="warning",
                            markup=False)
            review = {k: v for k, v in result.items() if v not in (None, "")}
            review["recorded_by"] = self.store.who  # who may not countersign it (casework/sign_off.py)
            self.data.setdefault("reviews", []).append(review)
            self.save()
            self._review_event(pc.parse_iso(review["date"]))
            self.refresh_all()

        self.app.push_screen(FormModal("Review of the plan", fields, {"date": self.app.today().isoformat(),
                                                                      "reason": "scheduled"}), done)

    def _review_event(self, day: date | None) -> None:
        """The review as a `plan_reviewed` event (the next 3-monthly deadline runs from it); the review deadlines
        it answers are marked done."""
        if day is not None:
            plans.record_review(self.store, self.child.id, day, self.store.who)

    def action_countersign(self) -> None:
        if self.app.refuse_countersign():  # a manager's act (issue 14)
            return
        reviews = self.data.get("reviews", [])
        waiting = [r for r in reviews if not r.get("countersigned_by")]
        if not waiting:
            self.notify("No review is waiting for a countersignature: record one with ctrl+t.", markup=False)
            return

        def done(name: str | None) -> None:
            if not name:
                return
            why = sign_off.countersign_review(self.store, waiting[-1], name, self.app.role())
            if why:
                self.notify(why, severity="warning", markup=False)
                return
            self.save()
            self.refresh_all()

        self.app.push_screen(NameModal("Manager's name to countersign the review (enter to sign, escape to "
                                       "cancel):"), done)

    def action_revocation(self) -> None:
        self.data.setdefault("revocation", {})["considered"] = self.app.today().isoformat()
        self.save()
        self.refresh_all()
        self.notify(f"Early revocation recorded as considered on {show_date(self.app.today())}.", markup=False)

    # --- export -----------------------------------------------------------------------------------------------
    def action_export(self) -> None:
        self.flush()
        if self.guard.asking:  # the last change met another copy's: answer first
            return
        from yjtui.casework import supervision
        from yjtui.casework.export import plan_export

        def document(version: str) -> plan_export.Document:
            titles = {e.id: e.title for e in self.ref.entries}
            if version == "child":
                doc = plan_export.child_version(self.child.display_name, self.data, self.app.today(), titles)
            else:
                findings = pc.check_plan(self.data, self.context(), self.ref)
                doc = plan_export.practitioner_version(
                    self.child.display_name, self.data, self.app.today(), titles,
                    [f"{SEVERITY_STYLE[f.severity][0]}: {f.message} ({f.citation})" for f in findings])
            # no victim's name given out (seed 002 L1554)
            return plan_export.without(doc, supervision.victim_names_for(self.store, self.child.id))

        self.app.push_screen(ExportDialog(plan_export.EXPORT, document, self.child))

    # --- keys -------------------------------------------------------------------------------------------------
    def action_back(self) -> None:
        self.flush()
        if not self.guard.asking:  # the last change met another copy's: the question stays until answered
            self.app.pop_screen()

    def action_save_now(self) -> None:
        self.flush()
