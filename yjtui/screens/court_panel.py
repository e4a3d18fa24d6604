"""The court screen's tabs as composed, and its charges: each charge's fields (declared in `court_fields`), the
gravity matrix offered as the offence is typed, and the offence table's answers filled when one is chosen (the
officer's changes to them recorded, `casework.charges`).

`CourtForm` is a part of `CourtScreen` (screens/court.py) only: it needs the record form base's `widgets`, `held`
and `touch`.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, OptionList, Select, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from yjtui.casework import charges as charge_answers, hearings
from yjtui.casework.remand_panel import PANEL_CONDITIONS
from yjtui.reference import offences
from yjtui.rules.court_checks import OUTCOMES
from yjtui.rules.court_form import ASSESSMENT_FIELDS, PACKAGE_TEXT
from yjtui.screens.court_fields import (CHARGE_FLAGS, CONDITION_FIELDS, FIELDS, KNOWN_FIELDS, PACKAGE_CHOICES,
                                        YEARS_LABEL, charge_fields, tri_value)
from yjtui.screens.court_widgets import OutcomePicker
from yjtui.screens.forms import Choice
from yjtui.screens.findings import FindingsPanel
from yjtui.screens.record_form import F


class CourtForm:
    """The tabs and the charges of the court screen (a mixin of `CourtScreen`)."""

    # --- the tabs ------------------------------------------------------------------------------------------------
    def compose_tabs(self) -> ComposeResult:
        panes = (("Hearing", "hearing", self._compose_hearing), ("Known", "known", self._compose_known),
                 ("Objections", "objections", self._compose_objections),
                 ("Assessment", "assessment", self._compose_assessment),
                 ("Package", "package", self._compose_package), ("Outcome", "outcome", self._compose_outcome),
                 ("Proposal", "proposal", self._compose_proposal))
        with TabbedContent(id="court-main", initial="tab-hearing"):
            for title, name, compose in panes:
                with TabPane(title, id=f"tab-{name}"):
                    with VerticalScroll(classes="record-form"):
                        yield from compose()

    def field(self, fid: str, **kw: Any):
        return self.widgets(FIELDS[fid], **kw)

    def _compose_hearing(self) -> ComposeResult:
        yield from self.field("h-court")
        yield Label("Hearing date (dd/mm/yyyy) and time (hh:mm)", classes="field-label")
        with Horizontal(classes="row", id="h-when"):
            yield from self.field("h-date", label=False, message=False)
            yield from self.field("h-time", label=False, message=False)
        yield Static("", id="h-date-msg", classes="field-msg")
        yield Static("", id="h-age")
        yield Static("", id="h-nrm")  # an open NRM referral matters to the court and to a bail address (issue 13)
        looked_after = FIELDS["h-looked-after"]
        self.fields[looked_after.id] = looked_after
        yield Label(looked_after.label, classes="field-label")
        yield Select([(label, key) for label, key in looked_after.options], id=looked_after.id, allow_blank=False,
                     value=self.value_of(looked_after) or "no", compact=True)
        yield from self.field("d-home_yjs")
        yield Static("", id="h-home-note")
        yield Label("Charges (ctrl+g adds one; type to search the gravity matrix, down to pick)",
                    classes="field-label")
        with Vertical(id="charges"):
            for i in range(len(self.charges)):
                yield self.charge_box(i)

    def charge_box(self, i: int) -> Vertical:
        """One charge's fields (composed with the screen, or mounted when a charge is added)."""
        fs = charge_fields(i)
        offence, years = fs[f"c{i}-offence"], fs[f"c{i}-years"]
        return Vertical(
            Label(f"Charge {i + 1}"), *self.widgets(offence, label=False, message=False),
            OptionList(id=f"c{i}-hits", classes="hits"), Static("", id=f"c{i}-table", classes="table-note"),
            *[w for key, _label in CHARGE_FLAGS for w in self.widgets(fs[f"c{i}-{key}"], message=False)],
            Label(YEARS_LABEL, id=f"c{i}-years-label"), *self.widgets(years, label=False, message=False),
            Static("", id=f"c{i}-msg", classes="field-msg"), classes="charge", id=f"charge-{i}")

    def _compose_known(self) -> ComposeResult:
        yield Static("", id="known-levels")
        for key, _label in KNOWN_FIELDS:
            yield from self.field(f"d-known-{key}")

    def _compose_objections(self) -> ComposeResult:
        yield Static(Text("The objections to bail raised (Bail Act 1976 Sch.1 Pt 1), each with the response "
                          "the package proposes. y: raised, n: not raised.", style="dim"))
        for f in FIELDS.values():
            if f.id.startswith("g-"):
                yield from self.widgets(f, message=False)
                yield from self.field(f"d-responses-{f.id[2:]}", label=False)

    def _compose_assessment(self) -> ComposeResult:
        for key, _label in ASSESSMENT_FIELDS:
            yield from self.field(f"d-assessment-{key}")
        yield from self.field("p-address_checked", message=False)
        yield from self.field("d-package-address_checked_by", label=False)

    def _compose_package(self) -> ComposeResult:
        yield FindingsPanel("", id="package-checks", classes="checks")
        yield from self.field("p-support", message=False)
        yield from self.field("p-hours")
        yield Label("Conditions (y: proposed; the detail below each)", classes="field-label")
        for key, _label in CONDITION_FIELDS:
            yield from self.field(f"pc-{key}", message=False)
            yield from self.field(f"d-condition_details-{key}", label=False)
        for key, _label in PACKAGE_TEXT:
            yield from self.field(f"d-package-{key}")
        for key, _label, _options in PACKAGE_CHOICES:
            yield from self.field(f"p-{key}", message=False)
        yield from self.field("p-format", message=False)

    def _compose_outcome(self) -> ComposeResult:
        yield OutcomePicker(OUTCOMES, self.hearing.outcome or "", id="outcome-picker")
        yield Static("", id="outcome-msg", classes="field-msg -error")
        yield Static("", id="outcome-result")

    def _compose_proposal(self) -> ComposeResult:
        yield Static(Text("ctrl+r exports this proposal as Word and plain text.", style="dim"))
        yield FindingsPanel("", id="proposal-checks", classes="checks")
        yield Static("", id="preview")

    def compose_conditions(self) -> ComposeResult:
        """The LASPO conditions beside the form, each with the answers the practitioner gives and its evidence."""
        for name, _label, answers in PANEL_CONDITIONS:
            yield Static("", id=f"cond-{name}", classes="cond")
            for key, _answer in answers:
                yield from self.field(f"b-{key}", message=False)
            yield from self.field(f"d-evidence-{name}", label=False)

    # --- the charges ---------------------------------------------------------------------------------------------
    async def action_add_charge(self) -> None:
        self._activate("hearing")
        i = len(self.charges)
        self.charges.append({"offence": "", "description": ""})
        box = self.charge_box(i)
        await self.query_one("#charges", Vertical).mount(box)
        self.query_one(f"#c{i}-offence", Input).focus()
        # Focusing scrolls to the field only where it has been laid out: at 80x24 the new charge stayed below the
        # form's edge and the offence was typed out of sight.
        self.call_after_refresh(box.scroll_visible, animate=False, top=True)
        self.touch("hearing")
        self.refresh_form()

    async def remount_charges(self) -> None:
        box = self.query_one("#charges", Vertical)
        await box.remove_children()
        await box.mount(*[self.charge_box(i) for i in range(len(self.charges))])
        for i in range(len(self.charges)):
            self.show_table_notes(i)

    def put_charge(self, f: F, value: Any) -> bool:
        """A charge's field typed or answered: the offence offers the gravity matrix and the offence table's answers;
        an answer the table gave and the officer changed is recorded (who, when)."""
        i, key = int(f.parts[1]), f.parts[2]
        if i >= len(self.charges):
            return False
        charge = self.charges[i]
        if key == "offence":
            if charge.get("offence") == value:
                return False
            charge["offence"] = charge["description"] = value
            charge.pop("gravity_score", None)
            self._show_hits(i, value)
            self._offence_typed(i, value)
            return True
        if not self.held["hearing"].put(f.parts, value):
            return False
        if value is not None:
            charge_answers.record_answer(charge, key, value, self.app.store.who)
        self.show_table_notes(i)
        return True

    def _show_hits(self, i: int, text: str) -> None:
        hits_list = self.query_one(f"#c{i}-hits", OptionList)
        hits_list.clear_options()
        matches = hearings.gravity_matches(text)
        if matches and not any(m["offence"].lower() == text.lower() for m in matches):
            hits_list.add_options([Option(Text(f"{m['offence']}  (gravity {m['score']}, {m['citation']})"),
                                          id=str(n)) for n, m in enumerate(matches)])
            hits_list.set_class(True, "-shown")
            hits_list.matches = matches  # type: ignore[attr-defined]
        else:
            hits_list.set_class(False, "-shown")

    def on_key(self, event) -> None:
        focused = self.focused
        # Down from an offence field goes into its gravity suggestions.
        if event.key == "down" and isinstance(focused, Input) and (focused.id or "").endswith("-offence"):
            hits_list = self.query_one(f"#{focused.id.replace('-offence', '-hits')}", OptionList)
            if hits_list.has_class("-shown") and hits_list.option_count:
                event.stop()
                hits_list.focus()
                hits_list.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        hits_list = event.option_list
        i = int((hits_list.id or "c0")[1:].split("-")[0])
        match = hits_list.matches[int(event.option.id)]  # type: ignore[attr-defined]
        charge = self.charges[i]
        charge["offence"] = charge["description"] = match["offence"]
        charge["gravity_score"] = match["score"]
        charge["gravity_citation"] = match["citation"]
        offence_input = self.query_one(f"#c{i}-offence", Input)
        with offence_input.prevent(Input.Changed):
            offence_input.value = match["offence"]
        hits_list.set_class(False, "-shown")
        self._fill_from_table(i, offences.for_gravity(match["offence"], match["citation"]))
        self.query_one(f"#c{i}-imprisonable", Choice).focus()
        self.touch("hearing")
        self.refresh_form()

    # --- the offence table: answers filled when the offence is chosen, the officer's changes recorded -------
    def _offence_typed(self, i: int, text: str) -> None:
        charge = self.charges[i]
        record = charge.get(charge_answers.TABLE_KEY)
        row = offences.for_gravity(text)
        if isinstance(record, dict) and (row is None or row["id"] != record.get("id")):
            # Retyped as another offence: the table's answers for the old one no longer hold.
            for key in charge_answers.clear_table(charge):
                self._show_answer(i, key, charge.get(key))
            self.show_table_notes(i)
        if row is not None and not isinstance(charge.get(charge_answers.TABLE_KEY), dict):
            self._fill_from_table(i, row)  # typed in full, exactly as the matrix names it

    def _fill_from_table(self, i: int, row) -> None:
        if row is None:
            return
        charge = self.charges[i]
        for key, value in charge_answers.fill_from_table(charge, row, self.app.store.who).items():
            self._show_answer(i, key, value)
        self.show_table_notes(i)

    def _show_answer(self, i: int, key: str, value) -> None:
        """Put a charge answer in its widget without it counting as the officer's change."""
        if key == offences.YEARS:
            years_input = self.query_one(f"#c{i}-years", Input)
            with years_input.prevent(Input.Changed):
                years_input.value = offences.show_years(value)
            return
        self.query_one(f"#c{i}-{key}", Choice).set_value(tri_value(value), notify=False)

    def show_table_notes(self, i: int) -> None:
        charge = self.charges[i]
        record = charge.get(charge_answers.TABLE_KEY)
        row = offences.by_id(record["id"]) if isinstance(record, dict) else None
        self.query_one(f"#c{i}-table", Static).update(Text(offences.summary(row)) if row else "")
        for key in offences.ANSWER_KEYS:
            self.query_one(f"#c{i}-{key}", Choice).set_note(charge_answers.provenance(charge, key))
        note = charge_answers.provenance(charge, offences.YEARS)
        self.query_one(f"#c{i}-years-label", Label).update(YEARS_LABEL + (f": {note}" if note else ""))
