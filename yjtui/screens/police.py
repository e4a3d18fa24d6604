"""ISS and DYO, the police side (F10): the ISS record with the police tasks of Kent's procedure and the weekly
contact log; the Leicester DYO record (status, RAG, tier, de-selection); and, beside them, the police lookups for
this child, the findings with their sources and the police deadlines (overdue first).

Saved as typed into `CaseRecord`s of kind `iss`, `iss_contact` and `dyo` (`yjtui.casework.police`); dates become
events so the deadlines reach the board (F5).
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Label, Static

from yjtui.casework import case_facts, police, records
from yjtui.casework.dates import show_date
from yjtui.rules import dyo as dyo_rules
from yjtui.rules import iss as iss_rules
from yjtui.rules import roles
from yjtui.rules.packs import shipped_pack
from yjtui.screens import keys
from yjtui.screens.forms import Field, FormModal
from yjtui.screens.record_form import F, FindingsPanel, Held, RecordScreen, TextModal
from yjtui.casework.records import CaseRecord, Child
from yjtui.text import shown

# Weekly (seed 000 L32), or an interval agreed with the Unit Lead: the ones the kent pack offers.
WEEKS = (1, *shipped_pack("kent").values["iss_reduced_contact_weeks"].value)


def _iss(id: str, key: str, label: str, kind: str = "text", options: tuple = (), past: bool = False) -> F:
    return F(id, label, f"data.{key}", kind, options, record="iss", past=past)


def _dyo(id: str, key: str, label: str, kind: str = "text", options: tuple = (), past: bool = False) -> F:
    return F(id, label, f"data.{key}", kind, options, record="dyo", past=past)


ISS_FIELDS = (
    _iss("iss-basis", "basis", "ISS basis", "select",
     tuple((label, key) for key, (label, _c) in iss_rules.ISS_BASES.items())),
    _iss("iss-started", "started_on", "Placed on ISS on (dd/mm/yyyy)", "date", past=True),
    _iss("iss-conditions", "conditions", "Conditions (as the intelligence report lists them)", "long"),
    _iss("iss-unit-lead", "unit_lead", "YJS Unit Lead"),
    _iss("iss-intel-ref", "intel_report_ref", "Intelligence report reference (5x5x5 / eFive)"),
    *[_iss(f"iss-{key.replace('_', '-')}", key, task, "yesno") for key, (task, _c) in
     iss_rules.POLICE_TASKS.items()],
    _iss("iss-declined", "declined", "Does the child decline to co-operate with the police?", "yesno"),
    _iss("iss-declined-psr", "declined_reported_in_psr", "Refusal reported to the court in the pre-sentence "
     "report?", "yesno"),
    _iss("iss-every", "contact_every_weeks", "Police contact every", "select",
     tuple((("week" if n == 1 else f"{n} weeks (reduced)"), n) for n in WEEKS)),
    _iss("iss-reduction-by", "reduction_agreed_by", "Reduction agreed with (the Unit Lead's name)"),
)
DYO_FIELDS = (
    _dyo("dyo-status", "status", "DYO status", "select", tuple((v, k) for k, v in dyo_rules.STATUSES.items())),
    _dyo("dyo-basis", "basis", "Why considered (space ticks)", "multi",
     tuple((label, key) for key, (label, _c) in dyo_rules.BASES.items())),
    _dyo("dyo-discussed", "discretionary_discussed", "Discretionary: discussed with a team manager and the "
     "Offender Management Coordinator?", "yesno"),
    _dyo("dyo-classified-on", "classified_on", "Classified on (dd/mm/yyyy)", "date", past=True),
    _dyo("dyo-decided-by", "decided_by", "Decided by (case manager and team manager)"),
    _dyo("dyo-rationale", "rationale", "Why", "long"),
    _dyo("dyo-rag", "rag", "RAG rating (set by the RAG meeting)", "select",
     tuple((r.capitalize(), r) for r in dyo_rules.RAG)),
    _dyo("dyo-tier", "tier", "Tier of management", "select", tuple((f"Tier {n}", n) for n in dyo_rules.TIERS)),
    _dyo("dyo-expectations", "police_expectations_agreed", "Police contact expectations agreed with the team "
     "manager (Red)?", "yesno"),
    _dyo("dyo-npt", "npt_informed", "Neighbourhood policing team told of the DYO status and conditions?",
     "yesno"),
    _dyo("dyo-order-ended", "order_ended", "Has the YOS order ended?", "yesno"),
    _dyo("dyo-deselected-on", "deselected_on", "De-selected on (dd/mm/yyyy)", "date", past=True),
    _dyo("dyo-deselection", "deselection_reason", "De-selection reason", "select",
     tuple((label, key) for key, (label, _c) in dyo_rules.DESELECTION_REASONS.items())),
)


class PoliceScreen(RecordScreen):
    BINDINGS = keys.POLICE
    TITLE = "ISS and DYO: police"
    FORM_ID, PANEL_ID = "police-form", "police-panel"
    DEFAULT_CSS = """
    #contacts { height: auto; max-height: 10; }
    """

    def __init__(self, child: Child) -> None:
        super().__init__(child)
        self._mark_intel = False  # the intelligence report ticked submitted: its task is done once saved
        self._breach_pending: int | None = None  # breach statements still to make, read with the records

    @property
    def store(self):
        return self.app.store

    @property
    def leicester(self) -> bool:
        return "leicester" in self.packs

    @property
    def iss(self) -> CaseRecord | None:
        return self.held["iss"].record

    @property
    def iss_data(self) -> dict:
        return self.held["iss"].data

    @property
    def dyo(self) -> CaseRecord | None:
        return self.held["dyo"].record

    @property
    def dyo_data(self) -> dict:
        return self.held["dyo"].data

    def load_records(self) -> None:
        self.held = {"iss": Held(police.current_iss(self.store, self.child)),
                     "dyo": Held(police.dyo_record(self.store, self.child))}

    def compose_form(self) -> ComposeResult:
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

    def compose_panel(self) -> ComposeResult:
        yield Static("", id="police-child")
        yield Static("", id="police-deadlines")
        yield FindingsPanel("", id="police-findings")
        yield Static("", id="police-lookups")

    def on_mount(self) -> None:
        self.sub_title = self.child.display_name
        self.query_one("#contacts", DataTable).add_columns("Date", "Contact", "Behaviour", "Whereabouts",
                                                           "Seen with")
        self.refresh_saved()
        self.query_one("#iss-basis").focus()
        self.set_timer(0.05, lambda: self.query_one("#police-form").scroll_home(animate=False))

    # --- saving -----------------------------------------------------------------------------------------------
    def start_record(self, name: str) -> CaseRecord:
        return records.start(self.store, self.child.id, police.KIND_ISS if name == "iss" else police.KIND_DYO)

    def changed(self, f: F | None) -> None:
        if f is not None and f.parts[-1] == "intel_report_submitted" and self.iss_data.get("intel_report_submitted"):
            self._mark_intel = True
        self.refresh_form()

    def after_save(self, name: str) -> None:
        """Once a record is saved, its dated event follows it (the board's deadlines run from it). Another copy's
        change meanwhile was merged in first; where both changed one entry nothing saved (nor does the event move)
        until the user answered."""
        if name == "iss":
            started = police._iso(self.iss_data.get("started_on"))
            if started is not None:
                basis = self.iss_data.get("basis")
                event_id = police.sync_event(self.store, self.child, self.iss_data.get("start_event_id"),
                                             "iss_started", started, {"basis": basis} if basis else {})
                if self.held["iss"].put(("data", "start_event_id"), event_id):
                    self.save_now("iss")
            if self._mark_intel and self.iss_data.get("intel_report_submitted") is True:
                self._mark_intel = False
                police.mark_done(self.store, self.child, ("iss.intel_report",))
        else:
            classified = police._iso(self.dyo_data.get("classified_on"))
            if self.dyo_data.get("status") == "classified" and classified is not None:
                ids = self.dyo_data.get("event_ids") if isinstance(self.dyo_data.get("event_ids"), dict) else {}
                event_id = police.sync_event(self.store, self.child, ids.get("dyo_identified"), "dyo_identified",
                                             classified)
                if self.held["dyo"].put(("data", "event_ids", "dyo_identified"), event_id):
                    self.save_now("dyo")
        self.refresh_saved()

    def saved_shown(self) -> None:
        self.refresh_saved()

    def on_screen_resume(self) -> None:
        self.forget_snapshot()
        self.refresh_saved()

    # --- showing ----------------------------------------------------------------------------------------------
    def refresh_saved(self) -> None:
        """What the stored records say (the contacts, the police view, the deadlines): read after a save, never
        per keystroke; then the form's own parts."""
        self.forget_deadlines()
        self._breach_pending = len(police.open_tasks(self.store, self.child, "iss.breach_statement"))
        table = self.query_one("#contacts", DataTable)
        table.clear()
        for r in police.contacts(self.store, self.child):
            d = police.data_of(r)
            table.add_row(show_date(police._iso(d.get("date"))), iss_rules.CONTACT_KINDS.get(d.get("kind"), ""),
                          Text(shown(d.get("behaviour", ""))), Text(shown(d.get("whereabouts", ""))),
                          Text(shown(d.get("associates", ""))))
        today = self.app.today()
        facts = Text("Police view of this child\n", style="bold")
        for label, value in police.lookups(self.store, self.child, today):
            facts.append(f"{label}: ", style="bold")
            facts.append(f"{shown(value)}\n")
        self.query_one("#police-child", Static).update(facts)
        lookups = Text("\nLookups\n", style="bold")
        for title, text, cite in roles.POLICE_LOOKUPS:
            lookups.append(f"{title}: ", style="bold")
            lookups.append(f"{text} ")
            lookups.append(f"({cite})\n", style="dim")
        self.query_one("#police-lookups", Static).update(lookups)
        due = self.deadlines_text("\nPolice deadlines", lambda rule: roles.sees_deadline("police_officer", rule))
        self.query_one("#police-deadlines", Static).update(due)
        self.refresh_form()

    def refresh_form(self) -> None:
        """The ISS status line and the findings, from memory (no statement to the store)."""
        status = self.query_one("#iss-status", Static)
        if self.iss is None and not self.iss_data:
            status.update(Text("Not on ISS: fill in the basis and the date to start the record."))
        else:
            every = self.iss_data.get("contact_every_weeks")
            every = every if isinstance(every, int) and every > 0 else 1
            status.update(Text(f"On ISS since {show_date(police._iso(self.iss_data.get('started_on'))) or '?'}; "
                               f"police contact every {'week' if every == 1 else f'{every} weeks'}."))
        today = self.app.today()
        try:
            base = case_facts.build(self.store, self.child, as_of=today, snapshot=self.snapshot)
        except Exception:  # a record the engine cannot read: the police findings still show
            base = {"as_of": today.isoformat()}
        evaluation = police.evaluate_police(
            self.store, self.child, today, base=base, packs=self.packs, breach_statements_pending=self._breach_pending,
            iss=self.iss_data if self.iss is not None or self.iss_data else None,
            dyo=self.dyo_data if (self.dyo is not None or self.dyo_data) and self.leicester else None)
        findings = [] if evaluation is None else [
            f for f in evaluation.findings if f.rule.startswith(("iss.", "dyo."))]
        self.query_one("#police-findings", FindingsPanel).show(findings, before=["\n"])

    # --- keys -------------------------------------------------------------------------------------------------
    def action_log_contact(self) -> None:
        self.flush()
        if self.iss is None or not self.iss_data.get("started_on"):
            self.notify("Start the ISS record first: the basis and the date the child was placed on ISS.",
                        markup=False)
            return
        fields = [Field("date", "Date of the contact (dd/mm/yyyy)", "date", required=True, past=True),
                  Field("kind", "Contact", "select", [(v, k) for k, v in iss_rules.CONTACT_KINDS.items()],
                        required=True)]
        fields += [Field(key, label, "long") for key, label in iss_rules.CONTACT_FIELDS.items()]

        def done(result: dict | None) -> None:
            if result is None:
                return
            contact = {k: v for k, v in result.items() if v not in (None, "")}
            police.log_contact(self.store, self.child, self.iss, contact)
            self.refresh_saved()
            every = self.iss_data.get("contact_every_weeks")
            self.notify(f"Contact on {show_date(police._iso(contact['date']))} logged; the next is due in "
                        f"{every if isinstance(every, int) and every > 0 else 1} week(s).", markup=False)

        note = (f"Cover behaviour, whereabouts, acquaintances seen with and interventions, and give positive feedback "
                f"where you can ({iss_rules.CONTACT_CITE}). Uniform or plain clothes is your judgement; engage in "
                f"uniform wherever possible ({iss_rules.DRESS}).")
        self.app.push_screen(FormModal("ISS police contact", fields, {"date": self.app.today().isoformat(),
                                                                      "kind": "home_visit"}, note), done)

    def action_record_event(self) -> None:
        self.flush()
        if self.guard.asking:
            return
        choices = [(label, key) for key, (label, _t, _a, leicester) in police.POLICE_EVENTS.items()
                   if self.leicester or not leicester]
        fields = [Field("what", "What happened", "select", choices, required=True),
                  Field("date", "Date (dd/mm/yyyy)", "date", required=True, past=True)]
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
                self.held["iss"] = Held(police.current_iss(self.store, self.child))
            self.forget_snapshot()
            self.show_values()
            self.refresh_saved()
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
                        f" ({shown(r.author)})\n", style="bold")
            for key, label in iss_rules.CONTACT_FIELDS.items():
                if d.get(key):
                    body.append(f"  {label}: {shown(d[key], keep_newlines=True)}\n")
        self.app.push_screen(TextModal("ISS police contacts, newest first (read-only)", body or Text("None yet.")))
