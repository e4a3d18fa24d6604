"""Court: the bail and remand assessment for one hearing, with the LASPO remand tests live beside it.

The court duty officer records the hearing and charges, what the child is known for, the objections to bail and
the answer to each, the assessment areas of the guidance (seed 002 L4294-L4308) and the proposed community package;
the right-hand panel shows what the law leaves open, condition by condition, from the rules engine; the outcome is
recorded in two keys and starts its dated events; the Community Package Bail Proposal is previewed and exported.
The screen never decides: it shows the law's conditions and the guidance's checks.

It is a record form (`screens/record_form.RecordScreen`): its fields are declared in `court_fields` (the hearing's
entries, and each charge as "charges.<i>.<key>"), saved after the pause in typing through the one guard, answered
from memory per keystroke. The hearing is stored with its first change, not by opening the screen (issue 23). Its
tabs and charges are composed in `court_panel`; the panel's words are worked out in `casework/remand_panel.py`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Select, Static, TabbedContent, TabPane

from yjtui.casework import case_facts, hearings, remand_panel
from yjtui.casework.dates import age_on
from yjtui.casework.exploitation import nrm_line
from yjtui.casework.export import bail_proposal, document
from yjtui.rules import FactsError, evaluate
from yjtui.rules.court_checks import OUTCOME_BY_ID, missing_contents, outcome_allowed, package_checks
from yjtui.rules.court_form import OUT_OF_AREA_NOTE, STILL_TO_WRITE_CITE
from yjtui.reference import offences
from yjtui.screens.court_fields import (CHILD, DATA_LABELS, HEARING, PLAIN_FIELDS, SECTIONS, entry_words,
                                        tri_value)
from yjtui.screens.court_panel import CourtForm
from yjtui.screens.court_widgets import OutcomePicker
from yjtui.screens.forms import Choice
from yjtui.screens import keys
from yjtui.screens.export_modal import ExportDialog
from yjtui.screens.focus import focus_when_shown
from yjtui.screens.footer import Footer
from yjtui.screens.header import Header
from yjtui.screens.record_form import F, Held, RecordScreen

__all__ = ["BINDINGS", "CourtScreen", "entry_words"]

BINDINGS = keys.COURT


def parts_text(parts: list[tuple[str, str]]) -> Text:
    text = Text()
    for words, style in parts:
        text.append(words, style=style)
    return text


class CourtScreen(CourtForm, RecordScreen):
    BINDINGS = BINDINGS
    TITLE = "Court: bail and remand"
    DEFAULT_CSS = """
    /* The tab bar over the whole width (beside the panel, in 3fr of 80 columns, Outcome and Proposal were off
       its edge: issue 23); the panel beside the tab's content, under the bar, as wide as before (2fr of 5). */
    CourtScreen #court-main { width: 100%; }
    CourtScreen #court-main > ContentSwitcher { width: 60%; }
    CourtScreen #panel { position: absolute; offset: 150% 2; width: 40%; height: 100%; padding: 0 1 2 1;
                         border-left: solid $primary; }
    CourtScreen #panel-summary-box { height: auto; max-height: 50%; border-bottom: solid $primary-darken-2; }
    CourtScreen #panel-conditions { width: 100%; }
    CourtScreen #charges { height: auto; }
    CourtScreen .charge { height: auto; border: round $primary-darken-2; padding: 0 1; margin-bottom: 1; }
    CourtScreen .hits { height: auto; max-height: 8; display: none; }
    CourtScreen .hits.-shown { display: block; }
    CourtScreen .cond { margin-top: 1; }
    CourtScreen .table-note { color: $text-muted; height: auto; }
    CourtScreen TabPane { padding: 0 1; }
    CourtScreen TabPane > .record-form { width: 100%; padding: 0; }
    CourtScreen #h-when { height: auto; }
    CourtScreen #h-when Input { width: 1fr; margin-right: 1; }
    """
    PLAIN_FIELDS = {**RecordScreen.PLAIN_FIELDS, **PLAIN_FIELDS}
    ENTRY_LABELS = DATA_LABELS

    def __init__(self, child) -> None:
        super().__init__(child)
        self.started: hearings.Hearing | None = None  # the hearing worked on, as opened (stored or not yet)
        self.evaluation = None
        self.remand: dict[str, Any] = {}

    # --- the records ---------------------------------------------------------------------------------------------
    @property
    def hearing(self) -> hearings.Hearing:
        """The hearing as stored (or, before the first change, the one `open_for` started: `id` None)."""
        held = self.held.get(HEARING)
        return held.record if held is not None and held.record is not None else self.started

    @property
    def data(self) -> dict[str, Any]:
        return self.held[HEARING].values["data"]

    @property
    def charges(self) -> list[dict[str, Any]]:
        return self.held[HEARING].values["charges"]

    def load_records(self) -> None:
        self.started = hearings.open_for(self.app.store, self.child, self.app.today())
        held = Held(self.started, columns=("court", "at", "data", "charges", "outcome"))
        held.values["charges"] = [c for c in held.values["charges"] if isinstance(c, dict)]
        hearings.lift_condition_details(held.values["data"])  # saved with the next change
        held.record = self.started if self.started.id is not None else None
        self.held = {HEARING: held, CHILD: Held(self.child, columns=("looked_after",))}

    def start_record(self, name: str) -> Any | None:
        if name == CHILD:
            return self.child
        for column, value in self.held[HEARING].dumped().items():  # the first change makes it, with what is typed
            setattr(self.started, column, value)
        return hearings.store_new(self.app.store, self.started)

    def save_record(self, name: str) -> None:
        held = self.held[name]
        if name == HEARING and held.record is None and not self.guard.asking:
            # Another copy stored the day's hearing meanwhile: theirs is taken up, what this copy started the base
            # its changes merge from (never written over).
            made = hearings.made_meanwhile(self.app.store, self.started)
            if made is not None:
                self.guard.started_as(made, self.started)
                held.record = made
        super().save_record(name)

    def entry_words(self, field: str, path: tuple[str, ...]) -> str:
        return entry_words(field, path)

    def value_of(self, f: F) -> Any:
        value = super().value_of(f)
        if f.id.endswith("-years"):
            return offences.show_years(value) if value is not None else None
        if f.id.endswith("-offence"):
            row = self.held[HEARING].get(f.parts[:2]) or {}
            return row.get("offence") or row.get("description") or ""
        if f.kind == "choice" and f.parts[0] == "charges":
            return tri_value(value)  # an answer kept as true / false by an older version
        if f.id == "p-hours" and isinstance(value, (int, float)):
            return f"{value:g}"
        return value

    def put(self, f: F, value: Any) -> bool:
        held = self.held[f.record]
        if f.parts[0] == "charges":
            return self.put_charge(f, value)
        if f.id == "h-date":
            return held.put(("at",), hearings.with_time(held.values["at"], on=value))
        if f.id == "h-time":
            time_changed = held.put(("data", "time"), value)
            return held.put(("at",), hearings.with_time(held.values["at"], hhmm=value)) or time_changed
        return super().put(f, value)

    def changed(self, f: F | None) -> None:
        if f is not None and f.record == CHILD:
            self.save_now(CHILD)  # the child record's status: the facts read it as stored
        self.sub_title = f"{self.child.display_name} — {self.held[HEARING].values['court'] or 'court not recorded'}"
        self.refresh_form()

    def message(self, f: F | str, message: str, ok: bool = True) -> None:
        """The time's message is the date's line; a charge's years' is the charge's own line."""
        fid = f.id if isinstance(f, F) else f
        super().message(fid, message, ok)
        line = "h-date" if fid == "h-time" else fid.removesuffix("-years") if fid.endswith("-years") else ""
        for msg in self.query(f"#{line}-msg").results(Static) if line else ():
            msg.set_class(not ok, "-error")
            msg.update(Text(message))

    def saved_shown(self) -> None:
        picker = self.query_one("#outcome-picker", OutcomePicker)
        if self.hearing.outcome and picker.recorded != self.hearing.outcome:
            picker.mark_recorded(self.hearing.outcome)
            self._show_outcome_result(self.hearing.outcome)
        if len(self.query(".charge")) != len(self.charges):
            self.call_later(self.remount_charges)
        else:
            for i in range(len(self.charges)):
                self.show_table_notes(i)
        self.changed(None)

    # --- layout --------------------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        self.load_records()
        yield Header()
        with Horizontal():
            yield from self.compose_tabs()
            with Vertical(id="panel"):
                # The summary stays in view; the conditions scroll beneath it.
                with VerticalScroll(id="panel-summary-box"):  # scrolls when short (80x24), never cut
                    yield Static("", id="panel-summary")
                with VerticalScroll(id="panel-conditions", classes="record-form"):
                    yield from self.compose_conditions()
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"{self.child.display_name} — {self.hearing.court or 'court not recorded'}"
        self.query_one("#known-levels", Static).update(Text(remand_panel.known_levels(self.app.store, self.child)))
        self.query_one("#h-nrm", Static).update(Text(nrm_line(self.app.store, self.child), style="bold"))
        self.refresh_form()
        if self.hearing.outcome:
            self._show_outcome_result(self.hearing.outcome)
        for i in range(len(self.charges)):
            self.show_table_notes(i)
        self.query_one("#h-court", Input).focus()

    # --- the live panel ------------------------------------------------------------------------------------------
    def hearing_date(self) -> date:
        at = self.held[HEARING].values.get("at")
        return at.date() if isinstance(at, datetime) else self.app.today()

    def age_at_hearing(self) -> int | None:
        return age_on(self.child.date_of_birth, self.hearing_date()) if self.child.date_of_birth else None

    def typed(self) -> hearings.Hearing:
        return hearings.typed(self.hearing, self.held[HEARING].values)

    def facts(self) -> dict[str, Any]:
        return case_facts.build(self.app.store, self.child, hearing=self.typed(), snapshot=self.snapshot)

    def run_engine(self):
        try:
            return evaluate(self.facts(), packs=list(self.packs), as_of=self.app.today())
        except FactsError as exc:
            self.notify(f"The rules could not read {exc}", severity="error")
            return None

    def refresh_form(self) -> None:
        self.evaluation = self.run_engine()
        self.remand = (self.evaluation.values if self.evaluation else {}).get("remand") or {}
        package = self.data.get("package") if isinstance(self.data.get("package"), dict) else {}
        self.say("#panel-summary", parts_text(remand_panel.summary(self.remand, self.age_at_hearing(), package)))
        for name, parts in remand_panel.conditions(self.remand).items():
            self.say(f"#cond-{name}", parts_text(parts))
        # The age at the hearing stands in the panel (the LASPO age condition) and the looked-after status in its
        # own field below: #h-age repeated both, so it stays empty (each shown once).
        self.query_one("#h-age", Static).display = False
        out_of_area = (self.data.get("home_yjs") or "").strip()
        self.say("#h-home-note", Text(OUT_OF_AREA_NOTE if out_of_area else "", style="dim"))
        self.query_one("#package-checks", Static).show(hearings.as_findings(self.package_findings()), heading=None,
                                                       empty="")

    def panel_text(self) -> str:
        return "\n".join(str(w.render()) for w in self.query("#panel Static"))

    def package_findings(self):
        package = self.data.get("package") if isinstance(self.data.get("package"), dict) else {}
        return package_checks(package, self.data.get("grounds") or {}, self.data.get("responses") or {},
                              out_of_area=bool((self.data.get("home_yjs") or "").strip()),
                              ethnicity=self.child.ethnicity or "")

    # --- outcome -------------------------------------------------------------------------------------------------
    @on(OutcomePicker.Chosen)
    def _record_outcome(self, event: OutcomePicker.Chosen) -> None:
        self.record_outcome(event.outcome_id)

    def record_outcome(self, outcome_id: str) -> bool:
        self.flush()
        msg = self.query_one("#outcome-msg", Static)
        if self.guard.asking:  # the save met another copy's change to the same entries: their answer first
            msg.update(Text("Not recorded: this hearing was changed in another copy of yjtui. Answer the question, "
                            "then record the outcome again."))
            return False
        outcome = OUTCOME_BY_ID[outcome_id]
        refused = outcome_allowed(outcome_id, (self.remand.get("options_open") or {}).get("remand_yda"))
        if refused:
            msg.update(Text(f"{refused.message} ({refused.citation})"))
            return False
        msg.update("")
        held = self.held[HEARING]
        if held.record is None:  # the event names the hearing: stored now (or another copy's taken up)
            self.save_now(HEARING)
        if outcome.event_type:
            at = hearings.outcome_at(held.values["at"], bool(self.data.get("time")), self.hearing_date(),
                                     datetime.now())
            hearings.record_outcome_event(self.app.store, self.child, self.hearing, outcome_id, outcome.event_type,
                                          at)
            self.forget_snapshot()  # the new event counts in the deadlines
        held.put(("outcome",), outcome_id)
        self.save_now(HEARING)
        if outcome.looked_after and self.held[CHILD].values.get("looked_after") != "remand":
            self.held[CHILD].put(("looked_after",), "remand")
            self.save_now(CHILD)
            self.show_values((CHILD,))
        self.query_one("#outcome-picker", OutcomePicker).mark_recorded(outcome_id)
        self.refresh_form()
        self._show_outcome_result(outcome_id)
        return True

    def _show_outcome_result(self, outcome_id: str) -> None:
        outcome = OUTCOME_BY_ID.get(outcome_id)
        if outcome is not None:
            parts = remand_panel.outcome_result(outcome, self.evaluation, self.hearing.id)
            self.query_one("#outcome-result", Static).update(parts_text(parts))

    # --- proposal ------------------------------------------------------------------------------------------------
    def proposal(self) -> bail_proposal.Proposal:
        self.flush()
        return bail_proposal.build(self.child, self.typed(), age=self.age_at_hearing(),
                                   author=document.author_for(self.app.store), today=self.app.today())

    def _refresh_preview(self) -> None:
        proposal = self.proposal()
        package = self.data.get("package") if isinstance(self.data.get("package"), dict) else {}
        missing = missing_contents(package, self.data.get("assessment") or {})
        still = f"Still to write: {'; '.join(missing)} ({STILL_TO_WRITE_CITE})\n" if missing else ""
        warnings = [c for c in self.package_findings() if c.severity == "warning"]
        self.query_one("#proposal-checks", Static).show(hearings.as_findings(warnings), heading=None, empty="",
                                                        before=[still])
        self.query_one("#preview", Static).update(Text(proposal.as_text()))

    def action_export(self) -> None:
        self.app.push_screen(ExportDialog(bail_proposal.EXPORT, lambda _choice: self.proposal(), self.child))

    # --- navigation ----------------------------------------------------------------------------------------------
    def _activate(self, name: str) -> None:
        self.query_one("#court-main", TabbedContent).active = f"tab-{name}"
        if name == "proposal":
            self._refresh_preview()

    def _focus_first(self, name: str) -> None:
        """The section's first field, once its pane is on screen (see screens/focus.py)."""
        pane = self.query_one(f"#tab-{name}", TabPane)
        kinds = (Input, Choice, Select, OutcomePicker)
        focus_when_shown(pane, lambda: next((w for w in pane.query("*") if w.focusable and isinstance(w, kinds)),
                                            None))

    def _current(self) -> int:
        active = self.query_one("#court-main", TabbedContent).active or "tab-hearing"
        return SECTIONS.index(active.removeprefix("tab-"))

    def _go(self, step: int) -> None:
        name = SECTIONS[(self._current() + step) % len(SECTIONS)]
        self.set_focus(None)  # a field left focused in the old pane would pull TabbedContent back to it
        self._activate(name)
        self._focus_first(name)

    def action_next_section(self) -> None:
        self._go(1)

    def action_previous_section(self) -> None:
        self._go(-1)

    def action_outcome(self) -> None:
        self.set_focus(None)
        self._activate("outcome")
        focus_when_shown(self.query_one("#tab-outcome", TabPane), lambda: self.query_one("#outcome-picker"))

    def action_preview(self) -> None:
        self.set_focus(None)  # a field left focused would pull TabbedContent back to its pane (issue 23)
        self._activate("proposal")
        self._focus_first("proposal")

    def action_focus_panel(self) -> None:
        self.query_one("#b-custodial_sentence_very_likely", Choice).focus()

    @on(TabbedContent.TabActivated)
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-proposal":
            self._refresh_preview()
