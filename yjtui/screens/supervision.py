"""Supervision (F12): the order being supervised, the contact log (kept, missed, followed up, warnings) and breach,
court reports, custody, the referral order and victims (by reference, never by name), with the findings of the
rules and this child's supervision deadlines beside them. The modal forms' fields are in `supervision_forms`.

Saved as typed into `CaseRecord`s through `yjtui.casework.supervision` (kinds `supervision`, `contact`, `breach*`,
`court_report`, `custody`, `referral_order`, `victim`); a missed contact becomes an event so its follow-up reaches
the board (F5). Taking a breach to court is refused until every gate of `rules/breach.py` is met (the manager's
sign-off among them).
"""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from yjtui.casework import case_facts
from yjtui.casework import supervision as sv
from yjtui.casework.dates import show_date
from yjtui.casework.records import CaseRecord
from yjtui.rules import FactsError, evaluate
from yjtui.rules import breach as breach_rules
from yjtui.rules import court_reports as report_rules
from yjtui.rules import supervision as rules
from yjtui.rules import victims as victim_rules
from yjtui.screens import keys
from yjtui.screens import supervision_forms as forms
from yjtui.screens.forms import FormModal
from yjtui.screens.record_form import F, FindingsPanel, Held, RecordScreen
from yjtui.screens.tables import cell
from yjtui.text import shown

ORDER_WORDS = {"yro": "Youth Rehabilitation Order", "referral_order": "Referral Order", "dto": "DTO licence",
               "bail_support": "Bail supervision and support", "parenting_order": "Parenting Order",
               "other": "Other"}
S = "supervision"  # the one record this screen's fields edit
FIELDS = (
    F("sup-order", "Supervised on", "data.order_type", "select",
      tuple((ORDER_WORDS[k], k) for k in rules.ORDER_TYPES), record=S),
    F("sup-started", "Order started on (dd/mm/yyyy)", "data.order_started_on", "date", record=S,
      past=True),
    F("sup-ends", "Order ends on (dd/mm/yyyy)", "data.order_ends_on", "date", record=S),
    F("sup-assessment", "Current assessment started on (dd/mm/yyyy)", "data.assessment_started_on", "date",
      record=S, past=True),
    F("sup-compliance-panel", "Engagement or compliance panel held?", "data.compliance_panel_held", "yesno",
      record=S),
)
DEADLINE_RULES = ("contact.", "bail.missed_contact", "court_report.", "mappa.", "custody.")
FINDING_RULES = ("supervision.", "breach.", "court_report.", "custody.", "referral_order.", "victims.")


class SupervisionScreen(RecordScreen):
    BINDINGS = keys.SUPERVISION
    TITLE = "Supervision: contacts and breach"
    FORM_ID, PANEL_ID = "sup-form", "sup-panel"
    DEFAULT_CSS = """
    #sup-contacts, #sup-victims { height: auto; max-height: 12; }
    """

    @property
    def store(self):
        return self.app.store

    @property
    def record(self) -> CaseRecord | None:
        return self.held[S].record

    @property
    def data(self) -> dict:
        return self.held[S].data

    def load_records(self) -> None:
        self.held = {S: Held(sv.supervision_record(self.store, self.child.id))}

    def compose_form(self) -> ComposeResult:
        for f in FIELDS:
            yield from self.widgets(f)
        yield Static(Text("Contacts (ctrl+t log one; ctrl+f follow up the highlighted one)"), classes="section-head")
        yield DataTable(id="sup-contacts", cursor_type="row")
        yield Static(Text("Breach (ctrl+r record, ctrl+g manager signs off, ctrl+o take to court)"),
                     classes="section-head")
        yield Static("", id="sup-breach")
        yield Static(Text("Court reports (ctrl+n) and custody (ctrl+y)"), classes="section-head")
        yield Static("", id="sup-reports")
        yield Static(Text("Referral order (ctrl+e)"), classes="section-head")
        yield Static("", id="sup-referral")
        yield Static(Text("Victims (ctrl+v add one; on a highlighted victim, edit it)"), classes="section-head")
        yield DataTable(id="sup-victims", cursor_type="row")

    def compose_panel(self) -> ComposeResult:
        yield Static("", id="sup-deadlines")
        yield FindingsPanel("", id="sup-findings")

    def on_mount(self) -> None:
        self.sub_title = self.child.display_name
        self.query_one("#sup-contacts", DataTable).add_columns("Date", "Contact", "Status", "Followed up", "Reason",
                                                               "Warning")
        self.query_one("#sup-victims", DataTable).add_columns("Reference", "RJ decision", "Agreed", "Consent",
                                                              "Name on record")
        self.refresh_all()
        self.query_one("#sup-order").focus()

    # --- saving (the form base saves the record after a pause in typing, through the guard) --------------------
    def start_record(self, name: str) -> CaseRecord:
        return sv.start(self.store, self.child, sv.SUPERVISION)

    def after_save(self, name: str) -> None:
        self.forget_deadlines()
        self.refresh_all()

    def saved_shown(self) -> None:
        self.refresh_all()

    def on_screen_resume(self) -> None:
        self.refresh_all()  # back from another screen (the board's 'd', Settings' packs): read again

    # --- showing ----------------------------------------------------------------------------------------------
    def refresh_all(self) -> None:
        """What the stored records say (contacts, breach, reports, findings, deadlines): read after a save or a
        recorded act, never per keystroke."""
        self.forget_snapshot()
        table = self.query_one("#sup-contacts", DataTable)
        table.clear()
        for r in sv.contacts(self.store, self.child.id):
            d = sv.data_of(r)
            table.add_row(show_date(_day(d.get("on"))), cell(str(d.get("type") or "appointment").replace("_", " ")),
                          cell(d.get("status") or "planned"), show_date(_day(d.get("followed_up_at"))),
                          cell(d.get("reason") or ""), "warning" if d.get("warning") else "", key=str(r.id))
        breach = sv.current_breach(self.store, self.child.id)
        text = Text()
        if breach is None:
            text.append("No breach recorded.")
        else:
            d = sv.data_of(breach)
            text.append(f"{'Taken to court' if breach.status == 'complete' else 'Being considered'}: ",
                        style="bold")
            text.append(", ".join(breach_rules.GROUNDS[g][0] for g in d.get("grounds") or []
                                  if g in breach_rules.GROUNDS) or "grounds not yet recorded")
            signed = f"signed off by {shown(d['signed_off_by'])} ({shown(d.get('signed_off_level', 'level?'))})" \
                if d.get("signed_off_by") else "not signed off"
            text.append(f"; {signed}.")
        self.query_one("#sup-breach", Static).update(text)
        lines = Text()
        for r in sv.of_kind(self.store, self.child.id, sv.COURT_REPORT):
            d = sv.data_of(r)
            lines.append(f"{report_rules.REPORT_TYPES.get(d.get('type'), '?')}: "
                         f"{'sent ' + show_date(_day(d.get('submitted_on'))) if d.get('submitted_on') else 'not sent'}"
                         f"{', due ' + show_date(_day(d.get('due_on'))) if d.get('due_on') else ''}\n")
        custody = sv.data_of(self._custody())
        if custody.get("sentenced_on"):
            lines.append(f"Sentenced {show_date(_day(custody['sentenced_on']))}; expected release "
                         f"{show_date(_day(custody.get('release_on'))) or 'not recorded'}\n")
        self.query_one("#sup-reports", Static).update(lines or Text("None recorded."))
        self.query_one("#sup-referral", Static).update(Text(forms.referral_words(sv.data_of(self._referral()))))
        victims = self.query_one("#sup-victims", DataTable)
        victims.clear()
        for r in sv.of_kind(self.store, self.child.id, sv.VICTIM):
            d = sv.data_of(r)
            victims.add_row(cell(d.get("ref") or "?"), *forms.victim_row(d), key=str(r.id))
        today = self.app.today()
        panel = self.query_one("#sup-findings", FindingsPanel)
        try:
            result = evaluate(case_facts.build(self.store, self.child, as_of=today, snapshot=self.snapshot),
                              list(self.packs), as_of=today)
            panel.show([f for f in result.findings if f.rule.startswith(FINDING_RULES)], before=["\n"])
        except FactsError as exc:
            panel.show([], heading=None, empty=f"A record cannot be read: {shown(exc)}", before=["\n"])
        self.query_one("#sup-deadlines", Static).update(
            self.deadlines_text("Supervision deadlines", lambda rule: rule.startswith(DEADLINE_RULES)))

    # --- keys -------------------------------------------------------------------------------------------------
    def action_log_contact(self) -> None:
        fields = forms.CONTACT_FIELDS

        def done(result: dict | None) -> None:
            if result is None:
                return
            data = {k: v for k, v in forms.answers(result, ("failed_or_refused",)).items() if v not in (None, "")}
            sv.log_contact(self.store, self.child, data, self.data.get("order_type"))
            self.forget_deadlines()
            self.refresh_all()
            self.notify(f"Contact on {show_date(_day(data['on']))} logged ({data['status']}).", markup=False)

        self.app.push_screen(FormModal("Log a contact", fields, {"on": self.app.today().isoformat(),
                                                                 "type": "appointment"}), done)

    def action_follow_up(self) -> None:
        table = self.query_one("#sup-contacts", DataTable)
        if table.row_count == 0:
            self.notify("No contact logged yet: ctrl+t logs one.", markup=False)
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        record = next((r for r in sv.contacts(self.store, self.child.id) if str(r.id) == key), None)
        if record is None:
            return
        data = sv.data_of(record)
        fields = forms.FOLLOW_UP_FIELDS
        values = forms.form_values(data, fields, ("warning",))

        def done(result: dict | None) -> None:
            if result is None:
                return
            sv.apply_answers(data, forms.answers(result, ("warning",)))
            sv.sync_contact_event(self.store, self.child, data, self.data.get("order_type"))
            self.guard.save(record, "data", sv.data_text(data))
            self.forget_deadlines()
            self.refresh_all()

        self.app.push_screen(FormModal("Follow up the contact", fields, values), done)

    def _breach(self) -> tuple[CaseRecord | None, dict]:
        record = sv.current_breach(self.store, self.child.id)
        return record, sv.data_of(record)

    def action_breach(self) -> None:
        record, data = self._breach()
        fields = forms.BREACH_FIELDS
        values = {k: data.get(k) for k in ("grounds", "other_options_tried", "child_told",
                                           "beyond_control_considered", "independent_review_by")}
        values.update({f"considered_{k}": v for k, v in (data.get("considered") or {}).items()})

        def done(result: dict | None) -> None:
            if result is None:
                return
            nonlocal record
            order = self.data.get("order_type") or "other"
            if record is None:
                record = sv.start(self.store, self.child, sv.breach_kind(order), {"order_type": order})
                data.update(order_type=order)
            considered = data.setdefault("considered", {})
            for k, v in result.items():
                if k.startswith("considered_"):
                    considered[k.removeprefix("considered_")] = v or ""
                elif v in (None, "", []):
                    data.pop(k, None)
                else:
                    data[k] = v
            data["warnings_given"] = sv.warnings_given(self.store, self.child.id)
            self.guard.save(record, "data", sv.data_text(data))
            self.refresh_all()

        self.app.push_screen(FormModal("Breach: the judgement", fields, values), done)

    def action_sign_off(self) -> None:
        record, data = self._breach()
        if record is None:
            self.notify("No breach recorded: ctrl+r records one.", markup=False)
            return
        if self.app.refuse_countersign():
            return
        fields = forms.SIGN_OFF_FIELDS

        def done(result: dict | None) -> None:
            if result is None:
                return
            data.update(result)
            self.guard.save(record, "data", sv.data_text(data))
            self.refresh_all()

        self.app.push_screen(FormModal("Manager signs off the breach judgement", fields,
                                       {"signed_off_by": self.store.who, "signed_off_level": "operations"}), done)

    def action_take_to_court(self) -> None:
        record, data = self._breach()
        if record is None:
            self.notify("No breach recorded: ctrl+r records one.", markup=False)
            return
        refused = sv.breach_refusal(data)
        if refused is not None:
            self.notify(f"Not taken to court: {refused.message} ({refused.citation})", severity="warning",
                        markup=False, timeout=12)
            return
        self.guard.save(record, {"status": "complete", "completed_at": datetime.now().replace(microsecond=0)})
        if self.guard.asking:  # another copy changed the breach meanwhile: their answer first
            return
        self.refresh_all()
        self.notify("Breach recorded as taken to court.", markup=False)

    def action_court_report(self) -> None:
        """Record a report the court asked for; with the sent date, it is sent only when nothing blocks it."""
        fields = forms.REPORT_FIELDS

        def done(result: dict | None) -> None:
            if result is None:
                return
            data = {k: v for k, v in result.items() if v not in (None, "")}
            sent = data.pop("submitted_on", None)
            facts = case_facts.build(self.store, self.child, as_of=self.app.today())
            facts["court_reports"] = [sv.clean_report(data)]
            value = evaluate(facts, as_of=self.app.today()).values["court_reports"][0]
            if sent and value["may_go"] != "yes":
                block = report_rules.BLOCK_BY_NAME.get((value["blocks"] or [""])[0])
                why = f"{block.blocked} ({block.citation})" if block else "answer the open questions first."
                self.notify(f"Not sent: {why}", severity="warning", markup=False, timeout=12)
            elif sent:
                data["submitted_on"] = sent
            record = sv.start(self.store, self.child, sv.COURT_REPORT, data)
            if sv.sync_report_event(self.store, self.child, data):
                self.guard.save(record, "data", sv.data_text(data))
            self.forget_deadlines()
            self.refresh_all()

        self.app.push_screen(FormModal("Court report", fields, {"requested_on": self.app.today().isoformat()}),
                             done)

    def _latest(self, kind: str) -> CaseRecord | None:
        found = sv.of_kind(self.store, self.child.id, kind)
        return found[-1] if found else None

    def _custody(self) -> CaseRecord | None:
        return self._latest(sv.CUSTODY)

    def _referral(self) -> CaseRecord | None:
        return self._latest(sv.REFERRAL_ORDER)

    def _edit_the_one(self, kind: str, title: str, fields, bools, after=None) -> None:
        """The child's one record of a kind (custody, the referral order) in a form: started by the first answers,
        saved through the guard after; `after(data)` keeps what the record puts on the board in step."""
        record = self._latest(kind)
        data = sv.data_of(record)

        def done(result: dict | None) -> None:
            nonlocal record
            if result is None:
                return
            sv.apply_answers(data, forms.answers(result, bools))
            if record is None:
                record = sv.start(self.store, self.child, kind, data)
            if after is not None:
                after(data)
            self.guard.save(record, "data", sv.data_text(data))
            self.forget_deadlines()
            self.refresh_all()

        self.app.push_screen(FormModal(title, fields, forms.form_values(data, fields, bools)), done)

    def action_custody(self) -> None:
        """The custodial sentence and the expected release: the MAPPA duties are timed from them."""
        self._edit_the_one(sv.CUSTODY, "Custody: the sentence", forms.CUSTODY_FIELDS, forms.CUSTODY_BOOLS,
                           after=lambda data: sv.sync_custody_event(self.store, self.child, data))

    def action_referral_order(self) -> None:
        """The child's one referral-order record: early revocation (a progress panel first, seed 002 L1606), moving
        to Scotland or Northern Ireland (L3962), placed out of area (National Protocol 4.84)."""
        self._edit_the_one(sv.REFERRAL_ORDER, "Referral order", forms.REFERRAL_FIELDS, forms.REFERRAL_BOOLS)

    def _highlighted_victim(self) -> CaseRecord | None:
        table = self.query_one("#sup-victims", DataTable)
        if self.focused is not table or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in sv.of_kind(self.store, self.child.id, sv.VICTIM) if str(r.id) == key), None)

    def action_victim(self) -> None:
        """A victim by reference, never by name on the screen: the restorative-justice decision and consent (seed 002
        L1498, L1508), the name kept only with a significant impact and the reason (L1536-1554)."""
        record = self._highlighted_victim()
        data = sv.data_of(record)
        count = len(sv.of_kind(self.store, self.child.id, sv.VICTIM))
        values = forms.form_values(data, forms.VICTIM_FIELDS, forms.VICTIM_BOOLS)
        values["ref"] = values["ref"] or f"V{count + 1}"

        def done(result: dict | None) -> None:
            nonlocal record
            if result is None:
                return
            if not sv.update_victim(data, forms.answers(result, forms.VICTIM_BOOLS)):
                self.notify(victim_rules.NAME_NOT_KEPT, severity="warning", markup=False, timeout=12)
            if record is None:
                record = sv.start(self.store, self.child, sv.VICTIM, data)
            else:
                self.guard.save(record, "data", sv.data_text(data))
            self.refresh_all()

        title = f"Victim {shown(data.get('ref') or '')}".strip() if record is not None else "Add a victim"
        self.app.push_screen(FormModal(title, forms.VICTIM_FIELDS, values), done)


def _day(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None
