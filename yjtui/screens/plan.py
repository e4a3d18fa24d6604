"""The intervention plan for a child's order: contact frequency, plan items, the order's requirements, reviews.

Saved as it changes (one `Plan` record per child, created on first entry; its `data` JSON is described in
`yjtui.casework.plans`), with the live checks of `yjtui.rules.plan_checks` beside the form, each with its citation.

Recording a review also records a `plan_reviewed` event (the engine's next 3-monthly review deadline runs from
it) and marks the earlier review deadlines done.

The screen is a record form (`screens.record_form.RecordScreen`): its fields are declared (`F`, paths into the plan's
data; rows of its lists are added and edited in the forms of `plan_forms` and put in by path, "data.items.0.what"),
the checks are answered from the child's records held in memory, and the plan saves after a pause in typing through
the one guard: when another copy saved the plan meanwhile the two are merged entry by entry, and an entry both
changed is asked about (keep mine / take theirs), nothing saved meanwhile. A list (plan items, requirements,
reviews) is one entry.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Input, Label, Select, Static

from yjtui.casework import plans, sign_off
from yjtui.casework.dates import show_date
from yjtui.casework.records import Child
from yjtui.rules import plan_checks as pc
from yjtui.rules.core import Severity
from yjtui.screens import keys
from yjtui.screens import plan_forms as forms
from yjtui.screens.conflict import entry_label as words_of
from yjtui.screens.export_modal import ExportDialog
from yjtui.screens.findings import severity_word
from yjtui.screens.forms import FormModal, NameModal
from yjtui.screens.record_form import F, FindingsPanel, Held, RecordScreen
from yjtui.screens.tables import fit_columns

BINDINGS = keys.PLAN
P = "plan"  # the one record this screen's fields edit


def _f(fid: str, label: str, path: str, kind: str = "text", **kw: Any) -> F:
    return F(fid, label, f"data.{path}", kind, record=P, **kw)


CASE_MANAGER = _f("case_manager", "Case manager", "case_manager")
ORDER_FIELDS = (
    _f("order_type", "Order type", "order.type", "select", options=tuple((v, k) for k, v in pc.ORDER_TYPES.items())),
    _f("order_made", "Date the order was made (dd/mm/yyyy)", "order.made", "date", past=True),
    _f("order_months", "Order length (months)", "order.months", "int", maximum=60),
)
CONTACT_FIELDS = (
    _f("per_month", "Planned contacts a month", "contacts.per_month", "int", maximum=100),
    _f("statutory_per_week", "Statutory appointments a week", "contacts.statutory_per_week", "int", maximum=30),
)
QUESTION_FIELDS = tuple(_f(f"q_{key}", f"Question {n}: {question}", f"questions.{key}", "long")
                        for n, (key, question) in enumerate(pc.CONTACT_QUESTIONS, 1))
# Entries of the plan's data with no field of their own, as the question about two copies' changes names them.
ENTRY_LABELS: dict[tuple[str, ...], str] = {
    ("order",): "The order", ("order", "event_id"): "The order's deadlines on the board",
    ("requirements",): "Requirements", ("level",): "Intervention level", ("contacts",): "Contact frequency",
    ("questions",): "The contact-frequency questions", ("items",): "Plan items",
    ("contingencies",): "Contingency plans", ("reviews",): "Reviews", ("revocation",): "Early revocation",
    ("revocation", "considered"): "Early revocation considered",
}
ROWS = {"items": "Plan item", "contingencies": "Contingency plan", "requirements": "YRO requirement"}
NARROW_WIDTH = 135  # below this the checks go under the form, so the tables have the whole width


def entry_label(path: tuple[str, ...]) -> str:
    """An entry of the plan's data in the form's words (its field's label), for the question about two copies'
    changes (here and on the offline copy's questions)."""
    for f in (CASE_MANAGER, *ORDER_FIELDS, *CONTACT_FIELDS, *QUESTION_FIELDS):
        if f.parts[1:] == path:
            return f.label
    return ENTRY_LABELS.get(path) or words_of(path)


class PlanScreen(RecordScreen):
    BINDINGS = BINDINGS
    TITLE = "Intervention plan"
    CSS_PATH = "plan.tcss"
    FORM_ID, PANEL_ID = "plan-form", "plan-checks"
    ENTRY_LABELS = ENTRY_LABELS

    def __init__(self, child: Child) -> None:
        super().__init__(child)
        self._plan_context: tuple[Any, pc.PlanContext] | None = None  # (the snapshot it was worked out from, it)
        self._tables: dict[str, Any] = {}  # what each table shows, so a keystroke redraws only what changed
        self._typed_in = ""  # the field last typed into: leaving it saves

    # --- the plan in hand ---------------------------------------------------------------------------------------
    @property
    def store(self):
        return self.app.store

    @property
    def plan(self) -> plans.Plan:
        """The stored plan, or (until the first change stores it, issue 23) the one started on screen."""
        return self.held[P].record or self._started

    @property
    def data(self) -> dict[str, Any]:
        return self.held[P].data

    @property
    def _pending(self):  # the base's one Debounce (tests wait on it)
        return self.pending

    def load_records(self) -> None:
        self._started = plans.open_plan(self.store, self.child.id, self.store.who)
        stored = self._started if self._started.id is not None else None
        self.held = {P: Held(stored, defaults={"data": plans.entries(self._started)})}
        plans.as_opened(self.store, self.child.id, self.data)
        from yjtui.reference import load_all

        self.ref = load_all()["yro_requirements"]

    def context(self) -> pc.PlanContext:
        """What the checks need beyond the plan, worked out again only when the child's records are read again."""
        snapshot = self.snapshot
        if self._plan_context is None or self._plan_context[0] is not snapshot:
            ctx = plans.context(self.store, snapshot, self.child, self.packs, self.app.today())
            self._plan_context = (snapshot, ctx)
        return self._plan_context[1]

    def targets(self) -> dict[str, str]:
        ctx = self.context()
        return pc.coverage_targets(ctx.swb_factors, list(ctx.rosh_behaviours))

    def entry_label(self, path: tuple[str, ...]) -> str:
        return entry_label(path)

    # --- layout -------------------------------------------------------------------------------------------------
    def compose_form(self) -> ComposeResult:
        yield Static(Text(f"Policy: {' + '.join(self.packs)}"), id="packs")
        yield from self.widgets(CASE_MANAGER)
        yield Static(Text("The order"), classes="section-head")
        for f in ORDER_FIELDS:
            yield from self.widgets(f, message=f.kind != "select")
        yield Label("Requirements (ctrl+r add, enter edit, delete remove)", classes="field-label")
        yield DataTable(id="requirements", cursor_type="row")
        yield Static(Text("Contact frequency"), classes="section-head")
        policy = pc.policy_for(self.packs)
        if policy.switches_on("plan.contact_minimum"):  # a pack sets contact minimums by level (Enfield's, ...)
            yield from self.widgets(_f("level", f"Intervention level ({policy.title_for('contact_minimums')})",
                                       "level", "select", blank="", options=tuple(
                                           (row.label, row.level) for row in pc.contact_levels(policy))))
        else:
            yield Static(Text("The national guidance sets no fixed levels: answer the eight questions "
                              f"({pc.CITE_QUESTIONS})."), id="questions-intro")
            for f in QUESTION_FIELDS:
                yield Label(Text(f.label.replace("Question ", "", 1).replace(":", ".", 1)), classes="question")
                for widget in self.widgets(f, label=False):
                    yield widget.add_class("question-input") if isinstance(widget, Input) else widget
        for f in CONTACT_FIELDS:
            yield from self.widgets(f)
        yield Label("Plan items (ctrl+n add, enter edit, delete remove)", classes="field-label")
        yield DataTable(id="items", cursor_type="row")
        yield Label("Not yet covered by a plan item", classes="field-label")
        yield Static("", id="uncovered")
        yield Label("Contingency plans: trigger, action, who to contact (ctrl+g add)", classes="field-label")
        yield DataTable(id="contingencies", cursor_type="row")
        yield Label("Reviews (ctrl+t record, ctrl+o countersign)", classes="field-label")
        yield DataTable(id="reviews", cursor_type="row")

    def compose_panel(self) -> ComposeResult:
        yield FindingsPanel("", id="checks")

    def on_mount(self) -> None:
        self.sub_title = self.child.display_name
        if self.query("#level"):
            auto = self.context().engine_level or "not yet assessed"
            self.query_one("#level", Select).prompt = f"From the assessments: {auto}"
        self._sync_order_event()
        self.refresh_form()
        self.query_one("#order_type", Select).focus()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW_WIDTH, "-narrow")
        self._tables.clear()
        self.call_after_refresh(self.refresh_form)  # the tables refit the form's new width

    # --- saving (the base saves the plan after a pause in typing, through the guard) ---------------------------
    def start_record(self, name: str) -> plans.Plan:
        """The plan, stored with its first change (issue 23)."""
        self._started.data = self.held[P].dumped()["data"]
        return plans.store_new(self.store, self._started)

    def save_record(self, name: str) -> None:
        held = self.held[P]
        if held.record is None and not self.guard.asking:
            made = plans.stored_plan(self.store, self.child.id)
            if made is not None:  # another copy stored the plan meanwhile: one plan, their entries merged with ours
                self.guard.started_as(made, self._started)
                held.record = made
        super().save_record(name)

    def after_save(self, name: str) -> None:
        self._sync_order_event()
        self.forget_deadlines()

    def saved_shown(self) -> None:
        plans.with_parts(self.data)
        self._sync_order_event()
        self.refresh_form()

    def _sync_order_event(self) -> None:
        """The order as an `order_made` event, so the engine's allocation, review, EM and unpaid work deadlines
        reach the board; the plan keeps the event's id."""
        if self.guard.asking:  # asked about another copy's changes: synced after the answer
            return
        event_id = plans.sync_order_event(self.store, self.child.id, self.data)
        if event_id is not None and event_id != self.data["order"].get("event_id"):
            self.held[P].put(("data", "order", "event_id"), event_id)
            self.save_now(P)
        if event_id is not None:
            self.forget_snapshot()

    def take(self, f: F, raw: Any, *, typing: bool) -> None:
        if typing:
            self._typed_in = f.id
        super().take(f, raw, typing=typing)
        if f.id in self.errors:  # refused: the plan keeps the field as saved, not what was typed on the way to it
            record = self.held[P].record
            if self.held[P].put(f.parts, Held(record).get(f.parts) if record is not None else None):
                self.refresh_form()

    @on(Input.Blurred)
    def _left_field(self, event: Input.Blurred) -> None:
        """Leaving the field typed in saves; another field's leaving, arriving after typing began here, does not
        (it would save the half-typed value: a field cleared to type a new number)."""
        if event.input.id != self._typed_in:
            event.prevent_default()  # the base's save on leaving

    def _save_field(self, fid: str) -> None:
        """Take what a field holds now and save it (as leaving the field does)."""
        self.take(self.fields[fid], self.query_one(f"#{fid}", Input).value, typing=True)
        self.pending.flush(P)

    def action_save_now(self) -> None:
        self.flush()

    # --- showing ------------------------------------------------------------------------------------------------
    def refresh_form(self) -> None:
        """The checks, the tables and the gaps, from the plan's values and the child's records held in memory."""
        ctx = self.context()
        findings = pc.check_plan(self.data, ctx, self.ref)
        self.query_one("#checks", FindingsPanel).show(findings, heading=None, empty="No checks to show yet.")
        warned = {f.rule: f for f in findings if f.severity is Severity.WARNING}
        self._fill("requirements", [forms.requirement_row(r, self.ref, [warned[k]] if (k := f"yro.{r.get('id')}")
                                                          in warned else []) for _i, r in self._rows("requirements")])
        targets = self.targets()
        self._fill("items", [forms.item_row(i, targets) for _i, i in self._rows("items")])
        self._fill("contingencies", [forms.contingency_row(c) for _i, c in self._rows("contingencies")])
        self._fill("reviews", [forms.review_row(r) for _i, r in self._rows("reviews")])
        gaps = pc.uncovered(targets, [i for _n, i in self._rows("items")])
        # Each gap is a finding in the checks beside the form, with its source: here only how many (shown once).
        self.say("#uncovered", Text(
            f"{len(gaps)} not yet covered: each is listed in the checks, with its source. ctrl+n adds an item that "
            "covers it." if gaps else ("Every ticked risk factor and RoSH behaviour has a plan item." if targets else
                                       "No SWB risk factors ticked or RoSH behaviours recorded in the completed "
                                       "assessments.")))

    def _rows(self, key: str) -> list[tuple[int, dict]]:
        return plans.rows(self.data, key)

    def _fill(self, table_id: str, rows: list[tuple]) -> None:
        """A table's rows, its columns fitted to the form's width (every column shown, cells wrap); redrawn only
        when what it shows changed."""
        form = self.query_one(f"#{self.FORM_ID}")
        width = form.scrollable_content_region.width or (self.app.size.width * 3 // 5 - 4)
        shown = (width, [tuple(str(c) for c in row) for row in rows])
        if self._tables.get(table_id) == shown:
            return
        self._tables[table_id] = shown
        table = self.query_one(f"#{table_id}", DataTable)
        fit_columns(table, forms.TABLE_COLUMNS[table_id], width)
        table.clear()
        for row in rows:
            table.add_row(*row, height=None)

    # --- adding and editing rows (each put in by its path, "data.items.0.what") ---------------------------------
    def _edit_row(self, key: str, title: str, index: int | None = None) -> None:
        rows = dict(self._rows(key))
        note = forms.requirement_note(self.ref) if key == "requirements" else ""

        def done(result: dict | None) -> None:
            if result is None:
                return
            clean = {k: v for k, v in result.items() if v not in (None, "")}
            if not isinstance(self.data.get(key), list):
                self.data[key] = []
            listed = self.data[key]
            at = index if index is not None and index < len(listed) and isinstance(listed[index], dict) else None
            if at is None:
                listed.append({})
                at = len(listed) - 1
            held = self.held[P]
            for k in {*clean, *listed[at]}:
                held.put(("data", key, str(at), k), clean.get(k))
            self.save_now(P)
            self.refresh_form()

        self.app.push_screen(FormModal(title, forms.row_fields(key, self.targets(), self.ref), rows.get(index) if index is not None else None,
                                       note), done)

    def action_add_item(self) -> None:
        self._edit_row("items", "Plan item (SMART: what, who, by when, how progress is known)")

    def action_add_contingency(self) -> None:
        self._edit_row("contingencies", ROWS["contingencies"])

    def action_add_requirement(self) -> None:
        self._edit_row("requirements", ROWS["requirements"])

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        key = event.data_table.id or ""
        if key in ROWS and event.cursor_row < len(self._rows(key)):
            self._edit_row(key, ROWS[key], self._rows(key)[event.cursor_row][0])

    def action_remove_row(self) -> None:
        focused = self.focused
        if not isinstance(focused, DataTable) or focused.id not in ROWS:
            return
        rows = self._rows(focused.id)
        if 0 <= focused.cursor_row < len(rows):
            self.data[focused.id].pop(rows[focused.cursor_row][0])
            self.save_now(P)
            self.refresh_form()

    # --- reviews ------------------------------------------------------------------------------------------------
    def action_add_review(self) -> None:
        def done(result: dict | None) -> None:
            if result is None:
                return
            if result.get("reason") == "change" and not result.get("changed"):
                self.notify("Say what changed: a significant-change review records it.", severity="warning",
                            markup=False)
            review = {k: v for k, v in result.items() if v not in (None, "")}
            review["recorded_by"] = self.store.who  # who may not countersign it (casework/sign_off.py)
            self.held[P].put(("data", "reviews"), [*(r for _i, r in self._rows("reviews")), review])
            self.save_now(P)
            day = pc.parse_iso(review["date"])
            if day is not None and not self.guard.asking:  # the next 3-monthly review runs from it
                plans.record_review(self.store, self.child.id, day, self.store.who)
                self.forget_snapshot()
                self.forget_deadlines()
            self.refresh_form()

        self.app.push_screen(FormModal("Review of the plan", forms.REVIEW_FIELDS,
                                       {"date": self.app.today().isoformat(), "reason": "scheduled"}), done)

    def action_countersign(self) -> None:
        if self.app.refuse_countersign():  # a manager's act (issue 14)
            return
        waiting = [r for _i, r in self._rows("reviews") if not r.get("countersigned_by")]
        if not waiting:
            self.notify("No review is waiting for a countersignature: record one with ctrl+t.", markup=False)
            return

        def done(name: str | None) -> None:
            if not name:
                return
            why = sign_off.countersign_review(self.store, waiting[-1], name, self.app.role())  # never its author
            if why:
                self.notify(why, severity="warning", markup=False)
                return
            self.save_now(P)
            self.refresh_form()

        self.app.push_screen(NameModal("Manager's name to countersign the review (enter to sign, escape to "
                                       "cancel):"), done)

    def action_revocation(self) -> None:
        self.held[P].put(("data", "revocation", "considered"), self.app.today().isoformat())
        self.save_now(P)
        self.refresh_form()
        self.notify(f"Early revocation recorded as considered on {show_date(self.app.today())}.", markup=False)

    # --- export -------------------------------------------------------------------------------------------------
    def action_export(self) -> None:
        self.flush()
        if self.guard.asking:  # the last change met another copy's: answer first
            return
        from yjtui.casework.export import plan_export

        def document(version: str) -> plan_export.Document:
            checks = [f"{severity_word(f.severity)}: {f.message} ({f.citation})"
                      for f in pc.check_plan(self.data, self.context(), self.ref)] if version != "child" else []
            return plans.export_document(self.store, self.child, self.data, version, self.app.today(), self.ref, checks)

        self.app.push_screen(ExportDialog(plan_export.EXPORT, document, self.child))
