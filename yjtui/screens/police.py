"""ISS and DYO, the police side (F10): the ISS record with the police tasks of Kent's procedure and the weekly
contact log; the Leicester DYO record (status, RAG, tier, de-selection); and, beside them, the police lookups for
this child, the findings with their sources and the police deadlines (overdue first).

Saved as typed into `CaseRecord`s of kind `iss`, `iss_contact` and `dyo` (`yjtui.casework.police`); dates become
events so the deadlines reach the board (F5).
"""

from __future__ import annotations

from datetime import date, datetime, time

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Input, Label, Select, SelectionList, Static

from yjtui.casework import board, police, records
from yjtui.casework.dates import show_date
from yjtui.rules import dyo as dyo_rules
from yjtui.rules import iss as iss_rules
from yjtui.rules import roles
from yjtui.rules.packs import shipped_pack
from yjtui.screens import keys
from yjtui.screens.footer import Footer
from yjtui.screens.header import Header
from yjtui.screens.plan_forms import Field, FormModal
from yjtui.screens.record_form import F, RecordScreen, TextModal, render_findings
from yjtui.casework.records import CaseRecord, Child

# Weekly (seed 000 L32), or an interval agreed with the Unit Lead: the ones the kent pack offers.
WEEKS = (1, *shipped_pack("kent").values["iss_reduced_contact_weeks"].value)
ISS_FIELDS = (
    F("iss-basis", "iss", "basis", "ISS basis", "select",
      tuple((label, key) for key, (label, _c) in iss_rules.ISS_BASES.items())),
    F("iss-started", "iss", "started_on", "Placed on ISS on (dd/mm/yyyy)", "date"),
    F("iss-conditions", "iss", "conditions", "Conditions (as the intelligence report lists them)", "long"),
    F("iss-unit-lead", "iss", "unit_lead", "YJS Unit Lead"),
    F("iss-intel-ref", "iss", "intel_report_ref", "Intelligence report reference (5x5x5 / eFive)"),
    *[F(f"iss-{key.replace('_', '-')}", "iss", key, task, "yesno") for key, (task, _c) in
      iss_rules.POLICE_TASKS.items()],
    F("iss-declined", "iss", "declined", "Does the child decline to co-operate with the police?", "yesno"),
    F("iss-declined-psr", "iss", "declined_reported_in_psr", "Refusal reported to the court in the pre-sentence "
      "report?", "yesno"),
    F("iss-every", "iss", "contact_every_weeks", "Police contact every", "select",
      tuple((("week" if n == 1 else f"{n} weeks (reduced)"), n) for n in WEEKS)),
    F("iss-reduction-by", "iss", "reduction_agreed_by", "Reduction agreed with (the Unit Lead's name)"),
)
DYO_FIELDS = (
    F("dyo-status", "dyo", "status", "DYO status", "select", tuple((v, k) for k, v in dyo_rules.STATUSES.items())),
    F("dyo-basis", "dyo", "basis", "Why considered (space ticks)", "multi",
      tuple((label, key) for key, (label, _c) in dyo_rules.BASES.items())),
    F("dyo-discussed", "dyo", "discretionary_discussed", "Discretionary: discussed with a team manager and the "
      "Offender Management Coordinator?", "yesno"),
    F("dyo-classified-on", "dyo", "classified_on", "Classified on (dd/mm/yyyy)", "date"),
    F("dyo-decided-by", "dyo", "decided_by", "Decided by (case manager and team manager)"),
    F("dyo-rationale", "dyo", "rationale", "Why", "long"),
    F("dyo-rag", "dyo", "rag", "RAG rating (set by the RAG meeting)", "select",
      tuple((r.capitalize(), r) for r in dyo_rules.RAG)),
    F("dyo-tier", "dyo", "tier", "Tier of management", "select", tuple((f"Tier {n}", n) for n in dyo_rules.TIERS)),
    F("dyo-expectations", "dyo", "police_expectations_agreed", "Police contact expectations agreed with the team "
      "manager (Red)?", "yesno"),
    F("dyo-npt", "dyo", "npt_informed", "Neighbourhood policing team told of the DYO status and conditions?",
      "yesno"),
    F("dyo-order-ended", "dyo", "order_ended", "Has the YOS order ended?", "yesno"),
    F("dyo-deselected-on", "dyo", "deselected_on", "De-selected on (dd/mm/yyyy)", "date"),
    F("dyo-deselection", "dyo", "deselection_reason", "De-selection reason", "select",
      tuple((label, key) for key, (label, _c) in dyo_rules.DESELECTION_REASONS.items())),
)


class PoliceScreen(RecordScreen):
    BINDINGS = keys.POLICE
    TITLE = "ISS and DYO: police"
    DEFAULT_CSS = """
    #police-form { width: 3fr; padding: 0 1; }
    #police-panel { width: 2fr; border-left: solid $primary; padding: 0 1; }
    #police-form Input, #police-form Select { width: 100%; max-width: 70; background: $boost; }
    #police-form Input, #police-form Select { border-left: blank !important; }
    #police-form Input:focus, #police-form Select:focus { background: $primary 30%; border-left: thick $accent !important; }
    #police-form SelectionList { height: auto; max-height: 8; width: 100%; border: round $primary; }
    #police-form Label { width: 100%; }
    #contacts { height: auto; max-height: 10; }
    .section-head { margin-top: 1; text-style: bold underline; }
    """

    def __init__(self, child: Child) -> None:
        super().__init__()
        self.child = child
        self.iss: CaseRecord | None = None
        self.iss_data: dict = {}
        self.dyo: CaseRecord | None = None
        self.dyo_data: dict = {}
        self._base: dict | None = None

    @property
    def store(self):
        return self.app.store

    @property
    def leicester(self) -> bool:
        return "leicester" in self.store.local_packs()

    def section(self, name: str) -> dict:
        return self.iss_data if name == "iss" else self.dyo_data

    def _load(self) -> None:
        self.iss = police.current_iss(self.store, self.child)
        self.iss_data = police.data_of(self.iss)
        self.dyo = police.dyo_record(self.store, self.child)
        self.dyo_data = police.data_of(self.dyo)

    def compose(self) -> ComposeResult:
        self._load()
        yield Header()
        with Horizontal():
            with VerticalScroll(id="police-form"):
                yield Static(Text("ISS: the police tasks (Kent Police procedure N02a)"), classes="section-head")
                yield Static("", id="iss-status")
                for f in ISS_FIELDS:
                    yield from self.widgets(f)
                yield Label(Text("Police contacts (ctrl+t log one, ctrl+y the log in full)"), classes="field-label")
                yield DataTable(id="contacts", cursor_type="row")
                yield Static(Text("DYO: Deter Young Offenders (Leicester)"), classes="section-head")
                if self.leicester:
                    for f in DYO_FIELDS:
                        yield from self.widgets(f)
                else:
                    yield Static(Text("DYO is Leicester's local policy: switch the leicester pack on in Settings "
                                      "to keep a DYO record."), id="dyo-off")
            with VerticalScroll(id="police-panel"):
                yield Static("", id="police-child")
                yield Static("", id="police-deadlines")
                yield Static("", id="police-findings")
                yield Static("", id="police-lookups")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.child.display_name
        self.query_one("#contacts", DataTable).add_columns("Date", "Contact", "Behaviour", "Whereabouts",
                                                           "Seen with")
        self._base = None
        self.refresh_all()
        self.query_one("#iss-basis").focus()
        self.set_timer(0.05, lambda: self.query_one("#police-form").scroll_home(animate=False))

    # --- saving -----------------------------------------------------------------------------------------------
    def saved(self, f: F) -> None:
        """Save the record the field belongs to, then its dated event. Another copy's change meanwhile is merged
        with it; where both changed one entry the user is asked, and nothing saves (nor does the event move)
        until they answer (`show_saved` then shows the result)."""
        if f.section == "iss":
            self._save_iss(f)
        else:
            self._save_dyo(f)
        self._forget()
        self.refresh_all()

    def _save_iss(self, f: F) -> None:
        if self.iss is None:
            self.iss = records.start(self.store, self.child.id, police.KIND_ISS)
        self.guard.save(self.iss, "data", police.data_text(self.iss_data))
        if self.guard.asking:
            return
        started = police._iso(self.iss_data.get("started_on"))
        if started is not None:
            event_id = police.sync_event(self.store, self.child, self.iss_data.get("start_event_id"), "iss_started",
                                         started, {"basis": self.iss_data["basis"]} if self.iss_data.get("basis")
                                         else {})
            self.iss_data["start_event_id"] = event_id
            self.guard.save(self.iss, "data", police.data_text(self.iss_data))
        if f.key == "intel_report_submitted" and self.iss_data.get(f.key) is True:
            police.mark_done(self.store, self.child, ("iss.intel_report",))

    def _save_dyo(self, f: F) -> None:
        if self.dyo is None:
            self.dyo = records.start(self.store, self.child.id, police.KIND_DYO)
        self.guard.save(self.dyo, "data", police.data_text(self.dyo_data))
        if self.guard.asking:
            return
        classified = police._iso(self.dyo_data.get("classified_on"))
        if self.dyo_data.get("status") == "classified" and classified is not None:
            ids = self.dyo_data.setdefault("event_ids", {})
            ids["dyo_identified"] = police.sync_event(self.store, self.child, ids.get("dyo_identified"),
                                                      "dyo_identified", classified)
            self.guard.save(self.dyo, "data", police.data_text(self.dyo_data))

    def reload_saved(self) -> None:
        self.iss_data = police.data_of(self.iss)
        self.dyo_data = police.data_of(self.dyo)

    def saved_shown(self) -> None:
        self._forget()
        self.refresh_all()

    def _forget(self) -> None:
        forget = getattr(self.app, "forget_deadlines", None)
        if forget:
            forget()

    # --- showing ----------------------------------------------------------------------------------------------
    def refresh_all(self) -> None:
        status = self.query_one("#iss-status", Static)
        if self.iss is None:
            status.update(Text("Not on ISS: fill in the basis and the date to start the record."))
        else:
            every = int(self.iss_data.get("contact_every_weeks") or 1)
            status.update(Text(f"On ISS since {show_date(police._iso(self.iss_data.get('started_on'))) or '?'}; "
                               f"police contact every {'week' if every == 1 else f'{every} weeks'}."))
        table = self.query_one("#contacts", DataTable)
        table.clear()
        for r in police.contacts(self.store, self.child):
            d = police.data_of(r)
            table.add_row(show_date(police._iso(d.get("date"))), iss_rules.CONTACT_KINDS.get(d.get("kind"), ""),
                          Text(d.get("behaviour", "")), Text(d.get("whereabouts", "")), Text(d.get("associates", "")))
        today = self.app.today()
        facts = Text("Police view of this child\n", style="bold")
        for label, value in police.lookups(self.store, self.child, today):
            facts.append(f"{label}: ", style="bold")
            facts.append(f"{value}\n")
        self.query_one("#police-child", Static).update(facts)
        lookups = Text("\nLookups\n", style="bold")
        for title, text, cite in roles.POLICE_LOOKUPS:
            lookups.append(f"{title}: ", style="bold")
            lookups.append(f"{text} ")
            lookups.append(f"({cite})\n", style="dim")
        self.query_one("#police-lookups", Static).update(lookups)
        now = datetime.now() if today == date.today() else datetime.combine(today, time.min)
        rows = [r for r in board.child_deadlines(self.store, self.child, today, now)
                if roles.sees_deadline("police_officer", r.rule)]
        due = Text("\nPolice deadlines\n", style="bold")
        for r in rows:
            due.append("OVERDUE " if r.overdue else "due ", style="bold red" if r.overdue else "")
            due.append(f"{r.due_text}  {r.title} ({r.basis}; {r.citation})\n")
        if not rows:
            due.append("None open.\n")
        self.query_one("#police-deadlines", Static).update(due)
        if self._base is None:
            try:
                self._base = police.base_facts(self.store, self.child, today)
            except Exception:  # a record the engine cannot read: the police findings still show
                self._base = {"as_of": today.isoformat()}
        evaluation = police.evaluate_police(self.store, self.child, today, base=self._base,
                                            iss=self.iss_data if self.iss is not None else None,
                                            dyo=self.dyo_data if self.dyo is not None and self.leicester else None)
        findings = [] if evaluation is None else [
            f for f in evaluation.findings if f.rule.startswith(("iss.", "dyo."))]
        out = Text(f"\nFindings ({len(findings)}), with their sources\n", style="bold")
        out.append_text(render_findings(findings, "Nothing to check yet."))
        self.query_one("#police-findings", Static).update(out)

    def _show_values(self) -> None:
        """Redraw the fields from the records (after a RAG meeting or the end of ISS changed them)."""
        with self.prevent(Input.Changed, Select.Changed, SelectionList.SelectedChanged):
            for f in self.fields.values():
                self.set_value(f, self.section(f.section).get(f.key))

    # --- keys -------------------------------------------------------------------------------------------------
    def action_log_contact(self) -> None:
        if self.iss is None or not self.iss_data.get("started_on"):
            self.notify("Start the ISS record first: the basis and the date the child was placed on ISS.",
                        markup=False)
            return
        fields = [Field("date", "Date of the contact (dd/mm/yyyy)", "date", required=True),
                  Field("kind", "Contact", "select", [(v, k) for k, v in iss_rules.CONTACT_KINDS.items()],
                        required=True)]
        fields += [Field(key, label, "long") for key, label in iss_rules.CONTACT_FIELDS.items()]

        def done(result: dict | None) -> None:
            if result is None:
                return
            contact = {k: v for k, v in result.items() if v not in (None, "")}
            police.log_contact(self.store, self.child, self.iss, contact)
            self._forget()
            self.refresh_all()
            self.notify(f"Contact on {show_date(police._iso(contact['date']))} logged; the next is due in "
                        f"{int(self.iss_data.get('contact_every_weeks') or 1)} week(s).", markup=False)

        note = (f"Cover behaviour, whereabouts, acquaintances seen with and interventions, and give positive feedback "
                f"where you can ({iss_rules.CONTACT_CITE}). Uniform or plain clothes is your judgement; engage in "
                f"uniform wherever possible ({iss_rules.DRESS}).")
        self.app.push_screen(FormModal("ISS police contact", fields, {"date": self.app.today().isoformat(),
                                                                      "kind": "home_visit"}, note), done)

    def action_record_event(self) -> None:
        choices = [(label, key) for key, (label, _t, _a, leicester) in police.POLICE_EVENTS.items()
                   if self.leicester or not leicester]
        fields = [Field("what", "What happened", "select", choices, required=True),
                  Field("date", "Date (dd/mm/yyyy)", "date", required=True)]
        if self.leicester:
            fields += [Field("rag", "RAG rating (RAG meeting only)", "select",
                             [(r.capitalize(), r) for r in dyo_rules.RAG]),
                       Field("tier", "Tier (RAG meeting only)", "select", [(f"Tier {n}", str(n)) for n in
                                                                           dyo_rules.TIERS])]

        def done(result: dict | None) -> None:
            if result is None:
                return
            day = date.fromisoformat(result["date"])
            tier = int(result["tier"]) if result.get("tier") else None
            message = police.record_police_event(
                self.store, self.child, result["what"], day, iss=self.iss, iss_data=self.iss_data, dyo=self.dyo,
                dyo_data=self.dyo_data, rag=result.get("rag") or None, tier=tier,
                save=lambda record, data: self.guard.save(record, "data", police.data_text(data)))
            if result["what"] == "iss_ended":
                self._load()
            self._show_values()
            self._forget()
            self.refresh_all()
            self.notify(message, markup=False)

        self.app.push_screen(FormModal("Record what happened", fields, {"date": self.app.today().isoformat()},
                                       "RAG definitions: " + " | ".join(
                                           f"{r.capitalize()}: {' '.join(d)}" for r, d in
                                           dyo_rules.RAG_DEFINITIONS.items()) + f" ({dyo_rules.RAG_CITE})"
                                       if self.leicester else ""), done)

    def action_contact_log(self) -> None:
        body = Text()
        for r in reversed(police.contacts(self.store, self.child)):
            d = police.data_of(r)
            body.append(f"{show_date(police._iso(d.get('date')))}  {iss_rules.CONTACT_KINDS.get(d.get('kind'), '')}"
                        f" ({r.author})\n", style="bold")
            for key, label in iss_rules.CONTACT_FIELDS.items():
                if d.get(key):
                    body.append(f"  {label}: {d[key]}\n")
        self.app.push_screen(TextModal("ISS police contacts, newest first (read-only)", body or Text("None yet.")))

    def action_back(self) -> None:
        self.flush()
        if not self.guard.asking:  # else the question stays open: answered before leaving
            self.app.pop_screen()
