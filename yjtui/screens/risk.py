"""The three risks for one child: likelihood of reoffending, risk of serious harm, safety and well-being.

Enfield Risk Management Guidance (seed 002 L1–721; note A §2, §4, §6): the practitioner lists the behaviours
they foresee, sees them on the likelihood × impact matrices and Matrix 2's suggestion, and records a judgement of
their own with its evidence. The rules engine suggests and prompts; it never sets a judgement. Everything saves as
it changes (a draft per kind, each a record of the record form: `screens/record_form.py`); completing records the
date and author; a manager may countersign (`screens/sign_off.py`).

When another copy of yjtui saved the same draft since this one read it, each field is merged against what this copy
read (the form's `RecordGuard`): the entries (`data`) key by key, the judgement and the rationale as one value
each. What only one copy changed is kept; what both changed is asked about once (keep mine / take theirs), nothing
saved meanwhile. The behaviours (or outcomes) are one entry.
"""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Input, Select, Static, TabbedContent

from yjtui.casework import assessments, case_facts
from yjtui.casework.records import Child
from yjtui.rules import FactsError, evaluate
from yjtui.rules.packs import policy_for
from yjtui.rules.risk_form import review_note
from yjtui.screens import risk_panes
from yjtui.screens.findings import FindingsPanel
from yjtui.screens.focus import focus_when_shown, show_tab
from yjtui.screens.record_form import F, RecordScreen, history_modal
from yjtui.screens.record_guard import field_words
from yjtui.screens.risk_panes import BINDINGS, ENTRY_LABELS, FIELDS, JUDGEMENT_LABELS, KIND_TITLES
from yjtui.screens.risk_rows import Draft, ItemRow, describe_assessment
from yjtui.screens.risk_matrix import LEVEL_WORDS
from yjtui.screens.sign_off import CountersignScreen, complete, countersign

KINDS = assessments.KINDS
NARROW_WIDTH, SHORT_HEIGHT = 116, 30  # the form (52) beside a matrix (64) needs 116 columns
FIELD_LABELS = {"rationale": "Rationale", "suggested": "Matrix 2's suggestion"}


class RiskScreen(RecordScreen):
    TITLE = "Risk"
    BINDINGS = BINDINGS
    ENTRY_LABELS = {(key,): words for key, words in ENTRY_LABELS.items()}
    DEFAULT_CSS = risk_panes.CSS

    def __init__(self, child: Child) -> None:
        super().__init__(child)
        self.evaluation = None
        # The kinds whose completion was refused: their messages follow each change until nothing stops it.
        self._refused: set[str] = set()

    @property
    def drafts(self) -> dict[str, Draft]:
        """Each kind's draft (`held`, by kind)."""
        return self.held  # type: ignore[return-value]

    @property
    def _pending(self):  # the form's one Debounce, by the name the two-copies tests wait on
        return self.pending

    def _save(self, kind: str) -> None:
        self.save_record(kind)

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW_WIDTH, "-narrow")
        self.set_class(self.size.height < SHORT_HEIGHT, "-short")

    # --- the records ----------------------------------------------------------------------------------------
    def load_records(self) -> None:
        store = self.app.store
        self.held = {kind: Draft(kind, assessments.latest(store, self.child.id, kind)) for kind in KINDS}

    def read_only(self, name: str) -> bool:
        return self.drafts[name].read_only

    def start_record(self, name: str) -> assessments.Assessment:
        return assessments.start_draft(self.app.store, self.child.id, name, **self.to_save(name))

    def to_save(self, name: str) -> dict[str, Any]:
        # Matrix 2's suggestion follows the behaviours saved with it.
        d = self.drafts[name]
        return {**d.dumped(), "suggested": assessments.suggested_text(name, d.data)}

    def entry_words(self, field: str, path: tuple[str, ...]) -> str:
        kind = next((k for k, d in self.held.items() if d.record is self.guard.saving), self._active_kind())
        return self.entry_label(kind, field, path) if field in ("final", *FIELD_LABELS) and not path \
            else super().entry_words(field, path)

    def entry_label(self, kind: str, field: str, path: tuple[str, ...]) -> str:
        """An assessment's field or entry in the form's words; also asked with no screen (`self` None) by the
        offline questions."""
        if field == "final" and not path:
            return JUDGEMENT_LABELS.get(kind, "Judgement")
        if field in FIELD_LABELS and not path:
            return FIELD_LABELS[field]
        if field == "data" and len(path) == 1 and path[0] in ENTRY_LABELS:
            return ENTRY_LABELS[path[0]]
        return field_words(field, path)

    # --- layout -----------------------------------------------------------------------------------------------
    def compose(self):
        self.load_records()
        self.fields.update({f.id: f for f in FIELDS})
        yield from risk_panes.compose()

    async def on_mount(self) -> None:
        self.sub_title = f"{self.child.display_name}: risk"
        for kind in assessments.ROWS:
            await self._draw_rows(kind)
        self._show_drafts(KINDS)
        self.call_after_refresh(self._focus_first, True)

    async def _draw_rows(self, kind: str) -> None:
        """The behaviours (or outcomes) as the draft holds them, each row's fields declared to the form."""
        box = self.query_one(f"#{kind}-items")
        for row in box.query(ItemRow):
            for f in row.fields.values():
                self.fields.pop(f.id, None)
        await box.remove_children()
        rows = [ItemRow(kind, i, item) for i, item in enumerate(self.drafts[kind].rows, 1)]
        for row in rows:
            self.fields.update({f.id: f for f in row.fields.values()})
        await box.mount_all(rows)
        self._set_read_only(kind)

    def _show_drafts(self, kinds: tuple[str, ...]) -> None:
        """These kinds' fields as their drafts hold them (what that sets is not a change), then what depends."""
        self.show_values(kinds)
        for kind in kinds:
            self._refused.discard(kind)
            self._show_refusal(kind, [])
            self._set_read_only(kind)
        self.refresh_form()

    def _set_read_only(self, kind: str) -> None:
        ro = self.drafts[kind].read_only
        for w in self.query_one(f"#{kind}-form").query("Input, Select, SelectionList"):
            w.disabled = ro

    def saved_shown(self) -> None:
        """Another copy's change (or the answer) is on screen: the rows as saved, Matrix 2's suggestion brought into
        line with the merged behaviours."""
        for kind in assessments.ROWS:
            if len(self.query_one(f"#{kind}-items").query(ItemRow)) != len(self.drafts[kind].rows):
                self.call_later(self._draw_rows, kind)
        for kind, d in self.drafts.items():
            if d.record is not None and not d.read_only and not self.guard.asking and kind not in self.pending:
                self.save_record(kind)
        self.refresh_form()

    # --- taking what is typed ---------------------------------------------------------------------------------
    def value_of(self, f: F) -> Any:
        if f.id == "lor-final":  # the band while the judgement follows it
            final = self.drafts["lor"].final
            return final if final and final != self._band() else "band"
        return super().value_of(f)

    def put(self, f: F, value: Any) -> bool:
        d = self.drafts[f.record]
        if f.kind in ("text", "long") and (d.get(f.parts) or "") == (value or ""):
            return False
        if f.id == "lor-final":
            value = (self._band() or "") if value in ("band", "", None) else value
        changed = d.put(f.parts, value)
        if f.id == "lor-yogrs" and self.query_one("#lor-final", Select).value in ("band", Select.NULL):
            changed = d.put(("final",), self._band() or "") or changed
        if f.id == "swb-concerns" and value is False and not d.final:
            d.put(("final",), "low")  # 9.11, L705: answered No, the judgement is pre-populated Low
            with self.prevent(Select.Changed):
                self.set_value(self.fields["swb-final"], "low")
        return changed

    def changed(self, f: F | None) -> None:
        if f is not None and f.parts[-1] == "impact":
            for row in self.query(ItemRow):
                if row.fields["impact"] is f:
                    row.sync(self.drafts[f.record].rows[row.number - 1])
        self._refresh(f.record) if f is not None else self.refresh_form()
        self._evaluate()

    def _band(self) -> str | None:
        return assessments.band(self.drafts["lor"].data)

    # --- what the screen shows --------------------------------------------------------------------------------
    def refresh_form(self) -> None:
        for kind in KINDS:
            self._refresh(kind)
        self._evaluate()

    def _refresh(self, kind: str) -> None:
        self._status(kind)
        if kind == "lor":
            risk_panes.show_lor(self, self.drafts["lor"])
        else:
            risk_panes.show_rated(self, kind, self.drafts[kind])
        self._follow_refusal(kind)

    def _follow_refusal(self, kind: str) -> None:
        """After a refused completion, what still stops it, as it changes; nothing once it is resolved."""
        if kind in self._refused:
            problems = self._problems(kind)
            if not problems:
                self._refused.discard(kind)
            self._show_refusal(kind, problems)

    def _show_refusal(self, kind: str, problems: list[tuple[str, str]]) -> None:
        risk_panes.show_refusal(self, kind, problems)

    def _status(self, kind: str) -> None:
        # The review date is stated here, once per assessment (not again in the findings panel).
        months, why = review_note(policy_for(list(self.packs)))
        self.say(f"#{kind}-status", risk_panes.status_text(self.drafts[kind].record, self.app.today(), months, why))

    def _evaluate(self) -> None:
        drafts = {k: d.as_values() for k, d in self.drafts.items()
                  if d.record is not None or d.final or any(d.data.get(x) for x in ("behaviours", "outcomes"))
                  or d.data.get("yogrs_percent") is not None or d.data.get("concerns") is not None
                  or d.data.get("safeguarding") or d.data.get("risk_factors")}
        out = Text()
        try:
            facts = case_facts.build(self.app.store, self.child, drafts=drafts, snapshot=self.snapshot)
            evaluation = evaluate(facts, packs=list(self.packs), as_of=self.app.today())
        except FactsError as exc:
            out.append(f"The facts could not be read: {exc}", style="bold")
            panel = self.query_one("#findings-text", FindingsPanel)
            panel.update(out)
            panel._shown_markup = None  # the findings are drawn again once the facts can be read
            return
        self.evaluation = evaluation
        findings, due = risk_panes.risk_findings(evaluation)
        self.query_one("#findings-text", FindingsPanel).show(findings, after=[due])

    # --- keys -------------------------------------------------------------------------------------------------
    def _active_kind(self) -> str:
        return self.query_one("#risk-tabs", TabbedContent).active.removeprefix("tab-")

    def action_next_tab(self) -> None:
        tabs = self.query_one("#risk-tabs", TabbedContent)
        order = ["tab-rosh", "tab-swb", "tab-lor"]
        show_tab(tabs, order[(order.index(tabs.active) + 1) % len(order)], self._first_field)

    def _focus_first(self, unless_chosen: bool = False) -> None:
        """The tab's first field, once it shows; on opening, not if a field was chosen meanwhile (a loaded machine
        shows the tab late, and moving the focus then saves what is typed half-way, on leaving the field)."""
        def first() -> Widget | None:
            chosen = unless_chosen and isinstance(self.focused, (Input, Select)) and self._active_kind() in {
                n.id.split("-")[0] for n in self.focused.ancestors_with_self if n.id and n.id.endswith("-form")}
            return None if chosen else self._first_field()

        focus_when_shown(self.query_one(f"#{self._active_kind()}-form"), first)

    def _first_field(self) -> Widget | None:
        kind = self._active_kind()
        return next((w for w in self.query_one(f"#{kind}-form").query("Input, Select, SelectionList")
                     if w.focusable), None)

    async def action_add_item(self) -> None:
        kind = self._active_kind()
        if kind not in assessments.ROWS:
            return
        d = self.drafts[kind]
        if d.read_only:
            self.notify("This assessment is complete and read-only: ctrl+b starts a new one from it.")
            return
        d.rows.append(assessments.new_row(kind))
        row = ItemRow(kind, len(d.rows), d.rows[-1])
        self.fields.update({f.id: f for f in row.fields.values()})
        await self.query_one(f"#{kind}-items").mount(row)
        row.query_one(Input).focus()
        # Focusing scrolls only to what has been laid out: the new row stayed below the form's edge (seen at
        # 80x24 and 120x40) and its description was typed out of sight.
        self.call_after_refresh(row.scroll_visible, animate=False)
        self.touch(kind)
        self.changed(row.fields["description"])

    async def action_remove_item(self) -> None:
        kind = self._active_kind()
        row = self._row_of(self.focused) if self.focused else None
        if row is None or self.drafts[kind].read_only:
            self.notify("Move to a behaviour or outcome first, then ctrl+r removes it.")
            return
        self.drafts[kind].rows.pop(row.number - 1)
        await self._draw_rows(kind)
        self.touch(kind)
        self._refresh(kind)
        self._evaluate()
        self._focus_first()

    @staticmethod
    def _row_of(widget: Widget) -> ItemRow | None:
        return next((n for n in widget.ancestors_with_self if isinstance(n, ItemRow)), None)

    def _problems(self, kind: str) -> list[tuple[str, str]]:
        """What stops completion: (message id, why)."""
        d = self.drafts[kind]
        out: list[tuple[str, str]] = []
        if kind == "lor":
            return assessments.lor_problems(self.query_one("#lor-yogrs", Input).value, d.data, d.final)
        rows = list(self.query_one(f"#{kind}-items").query(ItemRow))
        for i, why in assessments.row_problems(kind, d.rows):
            if i < len(rows):
                for m in rows[i].query(".item-msg").results(Static):
                    m.update(f"Before completing: {why}.")
            out.append(("", f"{i + 1}: {why}"))
        if kind == "swb" and d.data.get("concerns") is None:
            out.append(("swb-complete-msg", "Answer the trigger question first."))
        if not d.final:
            out.append((f"{kind}-complete-msg", "Choose your judgement."))
        need = assessments.rationale_needed(kind, d.data, d.final)
        if need and not d.rationale.strip():
            out.append((f"{kind}-rationale-msg", need + " Completion waits for it."))
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
        self.save_now(kind)
        if self._met_another_copy(shown) or d.record is None:
            return
        if not complete(self, d.record):  # saved through the guard: the question, if any, first
            return
        months, _why = review_note(policy_for(list(self.packs)))
        assessments.review_on_board(self.app.store, d.record, d.record.completed_at, months)  # (issue 23)
        self.forget_deadlines()
        self._refused.discard(kind)
        self._show_refusal(kind, [])
        self.notify(f"{KIND_TITLES[kind]} completed: {LEVEL_WORDS.get(d.final, d.final)}.")
        self._set_read_only(kind)
        self.refresh_form()

    def _met_another_copy(self, shown: int) -> bool:
        """Saving before completing met another copy's change: the question is open (answer it first), or their
        change was merged in (look at the assessment as it is now). Either way it is not completed yet."""
        if self.guard.merged != shown and not self.guard.asking:
            self.notify("This assessment was also changed in another copy of yjtui: check it as it is now, then "
                        "complete it.", severity="warning", markup=False)
        return self.guard.asking or self.guard.merged != shown

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
        # Its entries as this screen holds them (every key there, empty or not): another copy that fills in an entry
        # later merges with this one's.
        copy = assessments.copy_as_draft(self.app.store, d.record, json.dumps(d.data, ensure_ascii=False))
        self.held[kind] = Draft(kind, copy)
        self.guard.read(copy)
        if kind in assessments.ROWS:
            await self._draw_rows(kind)
        self._show_drafts((kind,))
        self.call_after_refresh(self._focus_first)
        self.notify("New draft, copied from the latest completed assessment.")

    def action_history(self) -> None:
        kind = self._active_kind()
        self.app.push_screen(history_modal(f"{KIND_TITLES[kind]}: every assessment, newest first (read-only)",
                                           assessments.of_kind(self.app.store, self.child.id, kind),
                                           describe_assessment, "No assessments yet."))


# For bench/latency.py: how to change a matrix cell by keys (a new draft, then the first behaviour's likelihood
# up and down), and the method that redraws the suggestion and findings.
BENCH_HOOK = {
    "prepare": ("ctrl+b",),
    "focus": lambda screen: screen.query(".f-likelihood").first(),
    "keys": [("enter", "down", "enter"), ("enter", "up", "enter")],
    "method": "changed",
}
