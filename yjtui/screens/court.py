"""Court: the bail and remand assessment for one hearing, with the LASPO remand tests live beside it.

The court duty officer records the hearing and charges, what the child is known for, the objections to bail and
the answer to each, the assessment areas of the guidance (seed 002 L4294-L4308) and the proposed community package;
the right-hand panel shows what the law leaves open, condition by condition, from the rules engine; the outcome is
recorded in two keys and starts its dated events; the Community Package Bail Proposal is previewed and exported.
Every field saves as it changes. The screen never decides: it shows the law's conditions and the guidance's checks.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList, Select, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from yjtui.casework import case_facts, charges as charge_answers, hearings
from yjtui.rules.court_checks import (OUTCOME_BY_ID, OUTCOMES, community_alternative_check, missing_contents,
                                outcome_allowed, package_checks, parse_hours, words)
from yjtui.casework.dates import DateError, age_on, parse_date, parse_time, show_date
from yjtui.casework.exploitation import nrm_line
from yjtui.casework.export import bail_proposal, document
from yjtui.casework.forms import LOOKED_AFTER, MAX_TEXT
from yjtui.rules import FactsError, evaluate
from yjtui.reference import offences
from yjtui.rules.bail_act import GROUNDS
from yjtui.rules.levels import LABEL
from yjtui.rules.court_form import (ADDRESS_CHECKED_LABEL, AGE_10_OR_11, ASSESSMENT_FIELDS, HOME_AGREED_LABEL,
                                    HOME_YJS_LABEL, ISS_HOURS_LABEL, KNOWN_ASSESSMENTS_NOTE, NOW_LOOKED_AFTER,
                                    OUT_OF_AREA_NOTE, PACKAGE_TEXT, STILL_TO_WRITE_CITE)
from yjtui.screens.court_widgets import TRI, YES_NO, Choice, OutcomePicker
from yjtui.screens.export_modal import ExportDialog
from yjtui.screens.focus import focus_when_shown
from yjtui.screens.footer import Footer
from yjtui.screens.header import Header
from yjtui.screens.record_form import ChildRecordsHeld
from yjtui.screens.record_guard import RecordGuard, field_words

SAVE_DELAY = 0.4

BINDINGS = [
    Binding("escape", "back", "Back", id="court.back"),
    Binding("ctrl+n", "next_section", "Next", id="court.next", tooltip="Next section"),
    # Not ctrl+b: that is tmux's prefix key, and court laptops may run yjtui inside tmux.
    Binding("ctrl+up", "previous_section", "Previous", id="court.previous", tooltip="Previous section"),
    Binding("ctrl+g", "add_charge", "Charge", id="court.add_charge", tooltip="Add charge"),
    Binding("ctrl+f", "focus_panel", "LASPO", id="court.panel", tooltip="LASPO panel"),
    Binding("ctrl+o", "outcome", "Outcome", id="court.outcome"),
    Binding("ctrl+t", "preview", "Proposal", id="court.preview"),
    Binding("ctrl+r", "export", "Export", id="court.export", tooltip="Export proposal"),
]

SECTIONS = ("hearing", "known", "objections", "assessment", "package", "outcome", "proposal")
SECTION_TITLES = ("Hearing & charges", "Known to YJS", "Objections", "Assessment areas", "Package", "Outcome",
                  "Proposal")

YEARS_LABEL = "Adult maximum sentence (years, or life)"
CHARGE_FLAGS = (("imprisonable", "Imprisonable"), ("violent", "Violent"), ("sexual", "Sexual"),
                ("terrorism", "Terrorism"), ("alleged_while_on_bail", "Alleged while on bail"),
                ("alleged_while_remanded", "Alleged while remanded"))

CONDITION_FIELDS = (("comply_bss", "Comply with the bail supervision and support package"),
                    ("reporting", "Reporting to a police station"), ("curfew", "Curfew"),
                    ("tag", "Electronic monitoring (tag)"), ("exclusion", "Exclusion zone (map given)"),
                    ("non_contact", "Non-contact (victims, witnesses, named people)"), ("residence", "Residence"),
                    ("surety", "Surety"), ("psr", "Co-operate with a pre-sentence report"), ("other", "Other"))

# The LASPO conditions as the panel shows them; the answers the practitioner gives for each (spec `bail` keys).
PANEL_CONDITIONS = (
    ("age", "Age: 12 or over (from the date of birth)", ()),
    ("sentencing", "Sentencing: custodial sentence very likely",
     (("custodial_sentence_very_likely", "Custody very likely"),)),
    ("offence", "Offence: 1st set violent, sexual, terrorism or 14+ years; 2nd set imprisonable (from the charges)",
     ()),
    ("history", "History (2nd set only)",
     (("recent_significant_absconding_history", "Absconding history, recent and significant"),
      ("recent_significant_offending_on_bail_history", "Offending-on-bail history, recent and significant"),
      ("history_relevant", "History relevant in all the circumstances"))),
    ("necessity", "Necessity: only YDA adequate; risks cannot be managed safely in the community",
     (("necessity", "Necessity"),)),
    ("legal_representation", "Legal representation", (("legal_representation", "Legally represented"),)),
)

OPTION_WORDS = {"open": "open", "closed": "closed by law", "not_yet_known": "not yet known"}
OPTION_TITLES = (("unconditional_bail", "Unconditional bail"), ("conditional_bail", "Conditional bail"),
                 ("remand_local_authority", "Local authority accommodation (RLAA)"),
                 ("remand_yda", "Youth detention accommodation (YDA)"))

KNOWN_FIELDS = (("previous_bail", "Previous bail compliance"), ("current_orders", "Current orders"),
                ("mappa_note", "MAPPA status (note)"))
# The package's answers given with one key: (key, label, options).
SUPPORT_OPTIONS = (("b", "bss", "bail supervision and support"), ("i", "iss", "bail ISS"), ("x", "none", "none"))
FORMAT_OPTIONS = (("w", "written", "in writing"), ("v", "verbal", "verbally"))
PACKAGE_CHOICES = (("offending_focused", "Offending-focused work included", YES_NO),
                   ("restorative", "Restorative work included", YES_NO),
                   ("child_agreed", "Child's informed agreement", TRI),
                   ("parent_agreed", "Parent or carer agrees", TRI),
                   ("home_agreed", HOME_AGREED_LABEL, TRI))
PLAIN_FIELDS = {"court": "Court", "at": "Hearing date and time", "outcome": "Outcome",
                "looked_after": "Looked-after status (the child record)", "charges": "Charges"}


def _data_labels() -> dict[tuple[str, ...], str]:
    """The hearing's entries (paths in its `data`) in the words of the screen's own fields."""
    labels: dict[tuple[str, ...], str] = {("time",): "Hearing time", ("home_yjs",): HOME_YJS_LABEL}
    for name, label, answers in PANEL_CONDITIONS:
        labels[("evidence", name)] = f"{label.split(' (')[0]}: evidence"
        for key, answer_label in answers:
            labels[(key,)] = answer_label
    labels.update({("known", key): label for key, label in KNOWN_FIELDS})
    for name, (para, text) in GROUNDS.items():
        labels[("grounds", name)] = f"Objection raised: {text} ({para})"
        labels[("responses", name)] = f"Response to the objection: {text} ({para})"
    labels.update({("assessment", key): label for key, label in ASSESSMENT_FIELDS})
    labels.update({("package", key): label for key, label in PACKAGE_TEXT})
    labels.update({("package", key): label for key, label, _options in PACKAGE_CHOICES})
    labels.update({("package", "support"): "Support proposed", ("package", "hours_per_week"): ISS_HOURS_LABEL,
                   ("package", "format"): "Presented", ("package", "address_checked"): ADDRESS_CHECKED_LABEL,
                   ("package", "address_checked_by"): "Bail address checked by, when"})
    for key, label in CONDITION_FIELDS:
        labels[("package", "conditions", key)] = f"Condition proposed: {label}"
        labels[("package", "condition_details", key)] = f"{label}: detail"
    return labels


DATA_LABELS = _data_labels()


def entry_words(field: str, path: tuple[str, ...]) -> str:
    """What the keep mine / take theirs question calls an entry of the hearing (or the child's looked-after
    status): the field's label on this screen where it has one."""
    if field == "data":
        return DATA_LABELS.get(path) or field_words(field, path)
    return PLAIN_FIELDS.get(field) or field_words(field, path)


def gravity_matches(query: str, limit: int = 6) -> list[dict[str, Any]]:
    """Gravity matrix offences whose name holds every typed word (data/gravity.json)."""
    from yjtui.reference import gravity

    parts = query.lower().split()
    if not parts or len(query.strip()) < 2:
        return []
    hits = [e for e in gravity.entries() if all(p in e["offence"].lower() for p in parts)]
    hits.sort(key=lambda e: (not e["offence"].lower().startswith(parts[0]), len(e["offence"])))
    return hits[:limit]


class CourtScreen(ChildRecordsHeld, Screen):
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
    CourtScreen Input { width: 100%; background: $boost; }
    CourtScreen Input:focus { background: $primary 30%; }
    CourtScreen .field-label { margin-top: 1; text-style: bold; width: 100%; }
    CourtScreen #charges { height: auto; }
    CourtScreen .charge { height: auto; border: round $primary-darken-2; padding: 0 1; margin-bottom: 1; }
    CourtScreen .hits { height: auto; max-height: 8; display: none; }
    CourtScreen .hits.-shown { display: block; }
    CourtScreen .cond { margin-top: 1; }
    CourtScreen .checks { color: $warning; height: auto; }
    CourtScreen .table-note { color: $text-muted; height: auto; }
    CourtScreen TabPane { padding: 0 1; }
    CourtScreen .msg { color: $error; height: auto; }
    CourtScreen #h-when { height: auto; }
    CourtScreen #h-when Input { width: 1fr; margin-right: 1; }
    """

    def __init__(self, child) -> None:
        super().__init__()
        self.child = child
        self.hearing: hearings.Hearing | None = None
        self.data: dict[str, Any] = {}
        self.charges: list[dict[str, Any]] = []
        self._timer: Timer | None = None
        self._dirty = False
        self.evaluation = None
        self.remand: dict[str, Any] = {}
        # Saves the hearing (and the child's looked-after status): another copy's change is merged, never
        # written over; where both changed one entry the user chooses (screens/conflict.py).
        self.guard = RecordGuard(self, show=self.show_saved, label=entry_words)

    def hearing_date(self) -> date:
        return self.hearing.at.date() if self.hearing and self.hearing.at else self.app.today()

    def age_at_hearing(self) -> int | None:
        return age_on(self.child.date_of_birth, self.hearing_date()) if self.child.date_of_birth else None

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name)
        if not isinstance(value, dict):
            value = self.data[name] = {}
        return value

    def _condition_details(self) -> dict[str, Any]:
        package = self.section("package")
        details = package.get("condition_details")
        if not isinstance(details, dict):
            details = package["condition_details"] = {}
        return details

    def _lift_condition_details(self) -> None:
        """Details typed before they were kept in the package sat at the top of the hearing's data, where neither
        the screen nor the proposal read them: moved beside their conditions (saved with the next change)."""
        stray = self.data.pop("condition_details", None)
        if isinstance(stray, dict) and stray:
            details = self._condition_details()
            for key, text in stray.items():
                details.setdefault(key, text)
            self._dirty = True

    # --- layout ------------------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        self.hearing = hearings.open_for(self.app.store, self.child, self.app.today())
        self.data = case_facts.loads(self.hearing.data, {})
        self._lift_condition_details()
        self.charges = [c for c in case_facts.loads(self.hearing.charges, []) if isinstance(c, dict)]
        yield Header()
        with Horizontal():
            with TabbedContent(id="court-main", initial="tab-hearing"):
                with TabPane("Hearing", id="tab-hearing"):
                    with VerticalScroll():
                        yield from self._compose_hearing()
                with TabPane("Known", id="tab-known"):
                    with VerticalScroll():
                        yield from self._compose_known()
                with TabPane("Objections", id="tab-objections"):
                    with VerticalScroll():
                        yield from self._compose_objections()
                with TabPane("Assessment", id="tab-assessment"):
                    with VerticalScroll():
                        yield from self._compose_assessment()
                with TabPane("Package", id="tab-package"):
                    with VerticalScroll():
                        yield from self._compose_package()
                with TabPane("Outcome", id="tab-outcome"):
                    with VerticalScroll():
                        yield OutcomePicker(OUTCOMES, self.hearing.outcome, id="outcome-picker")
                        yield Static("", id="outcome-msg", classes="msg")
                        yield Static("", id="outcome-result")
                with TabPane("Proposal", id="tab-proposal"):
                    with VerticalScroll():
                        yield Static(Text("ctrl+r exports this proposal as Word and plain text.", style="dim"))
                        yield Static("", id="proposal-checks", classes="checks")
                        yield Static("", id="preview")
            with Vertical(id="panel"):
                # The summary stays in view; the conditions scroll beneath it.
                with VerticalScroll(id="panel-summary-box"):  # scrolls when short (80x24), never cut
                    yield Static("", id="panel-summary")
                with VerticalScroll(id="panel-conditions"):
                    yield from self._compose_panel()
        yield Footer()

    def _input(self, id: str, value: Any, placeholder: str = "") -> Input:
        return Input("" if value is None else str(value), id=id, placeholder=placeholder, select_on_focus=False,
                     compact=True)

    def _compose_hearing(self) -> ComposeResult:
        h = self.hearing
        yield Label("Court", classes="field-label")
        yield self._input("h-court", h.court)
        yield Label("Hearing date (dd/mm/yyyy) and time (hh:mm)", classes="field-label")
        with Horizontal(classes="row", id="h-when"):
            yield self._input("h-date", show_date(h.at))
            yield self._input("h-time", self.data.get("time", ""), "hh:mm")
        yield Static("", id="h-date-msg", classes="msg")
        yield Static("", id="h-age")
        yield Static("", id="h-nrm")  # an open NRM referral matters to the court and to a bail address (issue 13)
        yield Label("Looked-after status (the child record)", classes="field-label")
        yield Select([(label, key) for key, label in LOOKED_AFTER.items()], value=self.child.looked_after or "no",
                     id="h-looked-after", allow_blank=False, compact=True)
        yield Label(HOME_YJS_LABEL, classes="field-label")
        yield self._input("d-home_yjs", self.data.get("home_yjs", ""), "blank if local")
        yield Static("", id="h-home-note")
        yield Label("Charges (ctrl+g adds one; type to search the gravity matrix, down to pick)",
                    classes="field-label")
        with Vertical(id="charges"):
            for i, charge in enumerate(self.charges):
                yield self._charge_box(i, charge)

    def _charge_box(self, i: int, charge: dict[str, Any]) -> Vertical:
        """One charge's fields (composed with the screen, or mounted when a charge is added)."""
        return Vertical(
            Label(f"Charge {i + 1}"),
            self._input(f"c{i}-offence", charge.get("offence") or charge.get("description") or "",
                        "offence: type to search, or free text"),
            OptionList(id=f"c{i}-hits", classes="hits"), Static("", id=f"c{i}-table", classes="table-note"),
            *[Choice(label, _tri(charge.get(key)), TRI, id=f"c{i}-{key}") for key, label in CHARGE_FLAGS],
            Label(YEARS_LABEL, id=f"c{i}-years-label"),
            self._input(f"c{i}-years", offences.show_years(charge.get("max_adult_sentence_years")), "e.g. 14, or life"),
            Static("", id=f"c{i}-msg", classes="msg"), classes="charge", id=f"charge-{i}")

    def _compose_known(self) -> ComposeResult:
        yield Static("", id="known-levels")
        known = self.data.get("known") or {}
        for key, label in KNOWN_FIELDS:
            yield Label(label, classes="field-label")
            yield self._input(f"d-known-{key}", known.get(key, ""))

    def _compose_objections(self) -> ComposeResult:
        yield Static(Text("The objections to bail raised (Bail Act 1976 Sch.1 Pt 1), each with the response "
                          "the package proposes. y: raised, n: not raised.", style="dim"))
        grounds = self.data.get("grounds") or {}
        responses = self.data.get("responses") or {}
        for name, (para, text) in GROUNDS.items():
            yield Choice(f"{text} ({para})", grounds.get(name), TRI, id=f"g-{name}", classes="cond")
            yield self._input(f"d-responses-{name}", responses.get(name, ""), "response proposed to meet it")

    def _compose_assessment(self) -> ComposeResult:
        a = self.data.get("assessment") or {}
        p = self.data.get("package") or {}
        for key, label in ASSESSMENT_FIELDS:
            yield Label(label, classes="field-label")
            yield self._input(f"d-assessment-{key}", a.get(key, ""))
        yield Choice(ADDRESS_CHECKED_LABEL, p.get("address_checked"), TRI,
                     id="p-address_checked", classes="cond")
        yield self._input("d-package-address_checked_by", p.get("address_checked_by", ""), "checked by, when")

    def _compose_package(self) -> ComposeResult:
        p = self.data.get("package") or {}
        yield Static("", id="package-checks", classes="checks")
        yield Choice("Support proposed", p.get("support") or "none", SUPPORT_OPTIONS, id="p-support")
        yield Label(ISS_HOURS_LABEL, classes="field-label")
        hours = p.get("hours_per_week")
        yield self._input("p-hours", "" if hours is None else f"{hours:g}")
        yield Static("", id="p-hours-msg", classes="msg")
        yield Label("Conditions (y: proposed; the detail below each)", classes="field-label")
        conditions = p.get("conditions") or {}
        details = p.get("condition_details") or {}
        for key, label in CONDITION_FIELDS:
            yield Choice(label, "yes" if conditions.get(key) else "no", YES_NO, id=f"pc-{key}")
            yield self._input(f"d-condition_details-{key}", details.get(key, ""), "detail")
        for key, label in PACKAGE_TEXT:
            yield Label(label, classes="field-label")
            yield self._input(f"d-package-{key}", p.get(key, ""))
        for key, label, options in PACKAGE_CHOICES:
            yield Choice(label, self._choice_value(f"p-{key}"), options, id=f"p-{key}")
        yield Choice("Presented", p.get("format") or "written", FORMAT_OPTIONS, id="p-format")

    def _compose_panel(self) -> ComposeResult:
        evidence = self.data.get("evidence") or {}
        for name, label, answers in PANEL_CONDITIONS:
            yield Static("", id=f"cond-{name}", classes="cond")
            for key, answer_label in answers:
                yield Choice(answer_label, self.data.get(key), TRI, id=f"b-{key}")
            yield self._input(f"d-evidence-{name}", evidence.get(name, ""), "evidence")

    # --- start -------------------------------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.sub_title = f"{self.child.display_name} — {self.hearing.court or 'court not recorded'}"
        self._refresh_known()
        self.query_one("#h-nrm", Static).update(Text(nrm_line(self.app.store, self.child), style="bold"))
        self.refresh_all()
        if self.hearing.outcome:
            self._show_outcome_result(self.hearing.outcome)
        for i in range(len(self.charges)):
            self._show_table_notes(i)
        self.query_one("#h-court", Input).focus()

    def on_screen_resume(self) -> None:
        """Back from another screen (Settings, another workflow): its changes are read again."""
        self.forget_snapshot()
        self.refresh_all()

    # --- saving ------------------------------------------------------------------------------------------------
    def _touch(self) -> None:
        self._dirty = True
        if self._timer:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_DELAY, self.flush)
        self.refresh_all()

    def flush(self) -> None:
        """Write the hearing's data and charges if they changed (on a pause in typing, leaving, or quitting)."""
        if self._timer:
            self._timer.stop()
            self._timer = None
        if not self._dirty or self.hearing is None:
            return
        self._dirty = False
        self._save("data", json.dumps(self.data, ensure_ascii=False, sort_keys=True))
        self._save("charges", json.dumps(self.charges, ensure_ascii=False))

    def _save(self, field: str, value: Any) -> None:
        """Save one field of the hearing. Another copy's change meanwhile is merged with ours; where both changed
        one entry the user is asked, and nothing saves until they answer (`show_saved` then shows the result)."""
        if self.hearing.id is None:  # the first change makes the hearing, with this value in it (issue 23)
            if getattr(self.hearing, field) == value:
                return  # no change (the fields' first values, put in as the screen opens)
            if self._store_hearing({field: value}):
                return
        self.guard.save(self.hearing, field, value)

    def _store_hearing(self, values: dict[str, Any] | None = None) -> bool:
        """The hearing `open_for` started, stored with `values` in it: True. Or, when another copy stored the day's
        hearing meanwhile, theirs taken up, what this copy started as the base its changes merge from: False (the
        caller saves the values through the guard)."""
        made = hearings.made_meanwhile(self.app.store, self.hearing)
        if made is not None:
            self.guard.started_as(made, self.hearing)
            self.hearing = made
            return False
        for field, value in (values or {}).items():
            setattr(self.hearing, field, value)
        self.hearing = hearings.store_new(self.app.store, self.hearing)
        self.guard.read(self.hearing)
        return True

    # --- another copy's changes, shown -------------------------------------------------------------------------
    def show_saved(self) -> None:
        """After a save met another copy's change: the hearing as saved (both copies' entries, or the one the user
        chose) back in the screen's state and fields, without those updates saving anything again. Entries typed
        since the last save stay as typed: they are merged with the saved ones when they save."""
        self.forget_snapshot()  # the other copy may have changed more of the child's records
        if not self._dirty:
            self.data = case_facts.loads(self.hearing.data, {})
            self.charges = [c for c in case_facts.loads(self.hearing.charges, []) if isinstance(c, dict)]
        with self.prevent(Input.Changed, Select.Changed, Choice.Changed):
            for box in self.query(Input):
                value = self._input_value(box.id or "")
                if value is not None and box.value.strip() != value.strip():
                    box.value = value
            for choice in self.query(Choice):
                value = self._choice_value(choice.id or "")
                values = [v for _k, v, _w in choice.options]
                choice.set_value(value if value in values else values[-1], notify=False)
            select = self.query_one("#h-looked-after", Select)
            if select.value != (self.child.looked_after or "no"):
                select.value = self.child.looked_after or "no"
        picker = self.query_one("#outcome-picker", OutcomePicker)
        if self.hearing.outcome and picker.recorded != self.hearing.outcome:
            picker.mark_recorded(self.hearing.outcome)
            self._show_outcome_result(self.hearing.outcome)
        self.sub_title = f"{self.child.display_name} — {self.hearing.court or 'court not recorded'}"
        if len(self.query(".charge")) != len(self.charges):
            self.call_later(self._remount_charges)
        else:
            for i in range(len(self.charges)):
                self._show_table_notes(i)
        self.refresh_all()

    async def _remount_charges(self) -> None:
        box = self.query_one("#charges", Vertical)
        await box.remove_children()
        await box.mount(*[self._charge_box(i, charge) for i, charge in enumerate(self.charges)])
        for i in range(len(self.charges)):
            self._show_table_notes(i)

    def _input_value(self, field: str) -> str | None:
        """The saved text of a field (None: not one of the hearing's)."""
        if field == "h-court":
            return self.hearing.court or ""
        if field == "h-date":
            return show_date(self.hearing.at)
        if field == "h-time":
            return str(self.data.get("time") or "")
        if field == "p-hours":
            hours = (self.data.get("package") or {}).get("hours_per_week")
            return "" if not isinstance(hours, (int, float)) else f"{hours:g}"
        if field.startswith("d-"):
            parts = field[2:].split("-", 1)
            if len(parts) == 1:
                value = self.data.get(parts[0])
            else:
                section = self.data.get("package" if parts[0] == "condition_details" else parts[0])
                if parts[0] == "condition_details":
                    section = section.get("condition_details") if isinstance(section, dict) else None
                value = section.get(parts[1]) if isinstance(section, dict) else None
            return "" if value is None else str(value)
        charge, key = self._charge_of(field)
        if charge is not None and key == "offence":
            return str(charge.get("offence") or charge.get("description") or "")
        if charge is not None and key == "years":
            return offences.show_years(charge.get("max_adult_sentence_years"))
        return None

    def _choice_value(self, field: str) -> Any:
        """The saved answer of a one-key choice (as its widget holds it)."""
        package = self.data.get("package") if isinstance(self.data.get("package"), dict) else {}
        if field.startswith("b-"):
            return self.data.get(field[2:])
        if field.startswith("g-"):
            return (self.data.get("grounds") or {}).get(field[2:])
        if field.startswith("pc-"):
            return "yes" if (package.get("conditions") or {}).get(field[3:]) else "no"
        if field.startswith("p-"):
            key = field[2:]
            if key in ("offending_focused", "restorative"):
                return "yes" if package.get(key) else "no"
            return package.get(key) or {"support": "none", "format": "written"}.get(key)
        charge, key = self._charge_of(field)
        return _tri(charge.get(key)) if charge is not None else None

    def _charge_of(self, field: str) -> tuple[dict[str, Any] | None, str]:
        index_text, _, key = field[1:].partition("-")
        if field.startswith("c") and index_text.isdigit() and int(index_text) < len(self.charges):
            return self.charges[int(index_text)], key
        return None, key

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        field = event.input.id or ""
        value = event.value
        if field.startswith("d-"):
            parts = field[2:].split("-", 1)
            ok = len(value) <= MAX_TEXT * 4 and not any(ord(ch) < 32 for ch in value)
            if not ok:
                self.notify("That text is too long or has control characters; it is not saved.",
                            severity="warning")
                return
            if len(parts) == 1:
                self.data[parts[0]] = value.strip()
            elif parts[0] == "condition_details":  # beside the conditions, where the proposal and reopening read
                self._condition_details()[parts[1]] = value.strip()
            else:
                self.section(parts[0])[parts[1]] = value.strip()
            self._touch()
        elif field == "h-court":
            if len(value) <= MAX_TEXT:
                self._save("court", value.strip())
                self.sub_title = f"{self.child.display_name} — {value.strip() or 'court not recorded'}"
        elif field in ("h-date", "h-time"):
            self._when_changed()
        elif field == "p-hours":
            self._hours_changed(value)
        elif field.startswith("c") and "-" in field:
            self._charge_text_changed(field, value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.flush()
        self.focus_next()

    def _when_changed(self) -> None:
        msg = self.query_one("#h-date-msg", Static)
        date_text = self.query_one("#h-date", Input).value
        time_text = self.query_one("#h-time", Input).value
        try:
            on = parse_date(date_text)
            hh, mm = parse_time(time_text) if time_text.strip() else (0, 0)
        except DateError as exc:
            msg.update(Text(str(exc)))
            return
        msg.update("")
        if time_text.strip():
            self.data["time"] = f"{hh:02d}:{mm:02d}"
        else:
            self.data.pop("time", None)
        self._save("at", datetime.combine(on, time(hh, mm)))
        self._touch()

    def _hours_changed(self, text: str) -> None:
        msg = self.query_one("#p-hours-msg", Static)
        try:
            hours = parse_hours(text)
        except ValueError:
            msg.update(Text(f"'{text.strip()}' is not a number of hours; type e.g. 20."))
            return
        msg.update("")
        if hours is None:
            self.section("package").pop("hours_per_week", None)
        else:
            self.section("package")["hours_per_week"] = hours
        self._touch()

    # --- charges -----------------------------------------------------------------------------------------------
    def _charge_text_changed(self, field: str, value: str) -> None:
        index_text, what = field[1:].split("-", 1)
        if not index_text.isdigit() or int(index_text) >= len(self.charges):
            return
        i = int(index_text)
        charge = self.charges[i]
        if what == "offence":
            text = value.strip()[:MAX_TEXT]
            if charge.get("offence") != text:
                charge["offence"] = charge["description"] = text
                charge.pop("gravity_score", None)
                self._show_hits(i, text)
                self._offence_typed(i, text)
            self._touch()
        elif what == "years":
            msg = self.query_one(f"#c{i}-msg", Static)
            t = value.strip()
            if not t:
                charge.pop("max_adult_sentence_years", None)
                msg.update("")
                self._touch()
                return
            try:
                years = float(offences.LIFE_YEARS) if t.casefold() == "life" else float(t)
                if not 0 <= years <= 1000 or years != years:
                    raise ValueError
            except ValueError:
                msg.update(Text(f"'{t}' is not a number of years; type e.g. 14, or life."))
                return
            msg.update("")
            charge["max_adult_sentence_years"] = years
            charge_answers.record_answer(charge, offences.YEARS, years, self.app.store.who)
            self._show_table_notes(i)
            self._touch()

    def _show_hits(self, i: int, text: str) -> None:
        hits_list = self.query_one(f"#c{i}-hits", OptionList)
        hits_list.clear_options()
        matches = gravity_matches(text)
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

    @on(OptionList.OptionSelected)
    def _hit_chosen(self, event: OptionList.OptionSelected) -> None:
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
        self._touch()

    # --- the offence table: answers filled when the offence is chosen, the officer's changes recorded -------
    def _offence_typed(self, i: int, text: str) -> None:
        charge = self.charges[i]
        record = charge.get(charge_answers.TABLE_KEY)
        row = offences.for_gravity(text)
        if isinstance(record, dict) and (row is None or row["id"] != record.get("id")):
            # Retyped as another offence: the table's answers for the old one no longer hold.
            for key in charge_answers.clear_table(charge):
                self._show_answer(i, key, charge.get(key))
            self._show_table_notes(i)
        if row is not None and not isinstance(charge.get(charge_answers.TABLE_KEY), dict):
            self._fill_from_table(i, row)  # typed in full, exactly as the matrix names it

    def _fill_from_table(self, i: int, row) -> None:
        if row is None:
            return
        charge = self.charges[i]
        for key, value in charge_answers.fill_from_table(charge, row, self.app.store.who).items():
            self._show_answer(i, key, value)
        self._show_table_notes(i)

    def _show_answer(self, i: int, key: str, value) -> None:
        """Put a charge answer in its widget without it counting as the officer's change."""
        if key == offences.YEARS:
            years_input = self.query_one(f"#c{i}-years", Input)
            with years_input.prevent(Input.Changed):
                years_input.value = offences.show_years(value)
            return
        self.query_one(f"#c{i}-{key}", Choice).set_value(_tri(value), notify=False)

    def _show_table_notes(self, i: int) -> None:
        charge = self.charges[i]
        record = charge.get(charge_answers.TABLE_KEY)
        row = offences.by_id(record["id"]) if isinstance(record, dict) else None
        self.query_one(f"#c{i}-table", Static).update(Text(offences.summary(row)) if row else "")
        for key in offences.ANSWER_KEYS:
            self.query_one(f"#c{i}-{key}", Choice).set_note(charge_answers.provenance(charge, key))
        note = charge_answers.provenance(charge, offences.YEARS)
        self.query_one(f"#c{i}-years-label", Label).update(YEARS_LABEL + (f": {note}" if note else ""))

    async def action_add_charge(self) -> None:
        self._activate("hearing")
        i = len(self.charges)
        self.charges.append({"offence": "", "description": ""})
        box = self._charge_box(i, self.charges[i])
        await self.query_one("#charges", Vertical).mount(box)
        self.query_one(f"#c{i}-offence", Input).focus()
        # Focusing scrolls to the field only where it has been laid out: at 80x24 the new charge stayed below the
        # form's edge and the offence was typed out of sight.
        self.call_after_refresh(box.scroll_visible, animate=False, top=True)
        self._touch()

    # --- choices -----------------------------------------------------------------------------------------------
    @on(Choice.Changed)
    def _choice_changed(self, event: Choice.Changed) -> None:
        field = event.choice.id or ""
        value = event.value
        if field.startswith("b-"):
            self.data[field[2:]] = value  # a spec `bail` tri-state answer
        elif field.startswith("g-"):
            self.section("grounds")[field[2:]] = value
        elif field.startswith("pc-"):
            self.section("package").setdefault("conditions", {})[field[3:]] = value == "yes"
        elif field.startswith("p-"):
            key = field[2:]
            self.section("package")[key] = (value == "yes") if key in ("offending_focused", "restorative") \
                else value
        elif field.startswith("c") and "-" in field:
            index_text, key = field[1:].split("-", 1)
            if index_text.isdigit() and int(index_text) < len(self.charges):
                self.charges[int(index_text)][key] = value
                charge_answers.record_answer(self.charges[int(index_text)], key, value, self.app.store.who)
                self._show_table_notes(int(index_text))
        self._touch()

    @on(Select.Changed, "#h-looked-after")
    def _looked_after(self, event: Select.Changed) -> None:
        value = str(event.value) if event.value is not Select.NULL else "no"
        if value != self.child.looked_after:
            self.guard.save(self.child, "looked_after", value)
            self.refresh_all()

    # --- the live panel ----------------------------------------------------------------------------------------
    def facts(self) -> dict[str, Any]:
        draft = hearings.as_typed(self.hearing, self.data, self.charges)
        return case_facts.build(self.app.store, self.child, hearing=draft, snapshot=self.snapshot)

    def run_engine(self):
        try:
            return evaluate(self.facts(), packs=list(self.packs), as_of=self.app.today())
        except FactsError as exc:
            self.notify(f"The rules could not read {exc}", severity="error")
            return None

    def refresh_all(self) -> None:
        self.evaluation = self.run_engine()
        values = self.evaluation.values if self.evaluation else {}
        self.remand = values.get("remand") or {}
        self._refresh_panel()
        self._refresh_hearing_notes()
        self._refresh_checks()

    def panel_text(self) -> str:
        return "\n".join(str(w.render()) for w in self.query("#panel Static"))

    def _refresh_panel(self) -> None:
        r = self.remand
        text = Text()
        text.append("What the law leaves open\n", style="bold")
        age = self.age_at_hearing()
        text.append(f"Age at the hearing: {age if age is not None else 'not known (no date of birth)'}\n")
        options = r.get("options_open") or {}
        for key, title in OPTION_TITLES:
            text.append(f"  {title}: ")
            word = OPTION_WORDS.get(options.get(key, ""), "not yet known")
            text.append(word + "\n", style="bold")
        if age is not None and age < 12:
            text.append(AGE_10_OR_11 + "\n", style="bold")
        text.append(f"First set (s.98): {words(r.get('first_set', 'unknown'))}\n")
        text.append(f"Second set (s.99): {words(r.get('second_set', 'unknown'))}\n")
        unresolved = r.get("unresolved") or []
        text.append("Unresolved: " + (", ".join(n.replace("_", " ") for n in unresolved) or "none") + "\n")
        if r.get("law") == "pre-2022":
            text.append("Hearing before 28 June 2022: the pre-2022 tests apply.\n")
        package = self.data.get("package") or {}
        for check in community_alternative_check(r.get("yda_available"), package):
            text.append(f"{check.message} ({check.citation})\n", style="bold yellow")
        text.append("A paraphrase of the statute (note L): check the current statute.", style="dim")
        self.query_one("#panel-summary", Static).update(text)
        conditions = r.get("conditions") or {}
        first = {c["name"]: c for c in conditions.get("first_set", [])}
        second = {c["name"]: c for c in conditions.get("second_set", [])}
        for name, label, _answers in PANEL_CONDITIONS:
            t = Text()
            t.append(label + "\n", style="bold")
            parts = []
            if name in first:
                parts.append(f"1st set: {words(first[name]['status'])}")
            if name in second:
                parts.append(f"2nd set: {words(second[name]['status'])}")
            t.append("   ".join(parts) + "\n")
            cites = sorted({c["citation"] for c in (first.get(name), second.get(name)) if c})
            t.append("; ".join(cites), style="dim")
            self.query_one(f"#cond-{name}", Static).update(t)

    def _refresh_hearing_notes(self) -> None:
        # The age at the hearing stands in the panel (the LASPO age condition) and the looked-after status in its
        # own field below: #h-age repeated both, so it stays empty (each shown once).
        self.query_one("#h-age", Static).display = False
        note = ""
        if (self.data.get("home_yjs") or "").strip():
            note = OUT_OF_AREA_NOTE
        self.query_one("#h-home-note", Static).update(Text(note, style="dim"))

    def package_findings(self):
        package = self.data.get("package") or {}
        return package_checks(package, self.data.get("grounds") or {}, self.data.get("responses") or {},
                              out_of_area=bool((self.data.get("home_yjs") or "").strip()),
                              ethnicity=self.child.ethnicity or "")

    def _refresh_checks(self) -> None:
        checks = self.package_findings()
        text = Text()
        for c in checks:
            text.append(f"{c.severity.upper()}: {c.message} ({c.citation})\n")
        self.query_one("#package-checks", Static).update(text)

    def _refresh_known(self) -> None:
        latest = case_facts.latest_assessments(self.app.store, self.child.id)
        lines = []
        for kind, label in (("rosh", "RoSH"), ("swb", "Safety and wellbeing"), ("lor", "Likelihood of reoffending")):
            a = latest.get(kind)
            when = f" ({show_date(a.completed_at)})" if a and a.completed_at else ""
            lines.append(f"{label}: {LABEL.get(a.final, 'not assessed') if a else 'not assessed'}{when}")
        m = latest.get("mappa")
        if m:
            md = case_facts.loads(m.data, {})
            lines.append(f"MAPPA: category {md.get('category', '?')}, level {md.get('level', '?')}")
        else:
            lines.append("MAPPA: not recorded")
        lines.append(KNOWN_ASSESSMENTS_NOTE)
        self.query_one("#known-levels", Static).update(Text("\n".join(lines)))

    # --- outcome -----------------------------------------------------------------------------------------------
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
        at = self.hearing.at if self.hearing.at and self.data.get("time") else \
            datetime.combine(self.hearing_date(), datetime.now().time().replace(second=0, microsecond=0))
        if outcome.event_type:
            levels = self.app.store.latest_levels([self.child.id]).get(self.child.id, {})
            high = any(levels.get(k) in ("high", "very_high") for k in ("rosh", "swb"))
            extra: dict[str, Any] = {"high_risk": high}
            if outcome_id == "bail_iss":
                extra["iss"] = True
            if self.hearing.id is None:  # the event names the hearing: stored now (or another copy's taken up)
                self._store_hearing()
            hearings.add_outcome_event(self.app.store, self.child, self.hearing, outcome.event_type, at, extra)
            self.forget_snapshot()  # the new event counts in the deadlines
        self._save("outcome", outcome_id)
        if outcome.looked_after and self.child.looked_after != "remand":
            self.guard.save(self.child, "looked_after", "remand")
            select = self.query_one("#h-looked-after", Select)
            with select.prevent(Select.Changed):
                select.value = "remand"
        self.query_one("#outcome-picker", OutcomePicker).mark_recorded(outcome_id)
        self.refresh_all()
        self._show_outcome_result(outcome_id)
        return True

    def _show_outcome_result(self, outcome_id: str) -> None:
        outcome = OUTCOME_BY_ID.get(outcome_id)
        if outcome is None:
            return
        text = Text()
        text.append(f"Recorded: {outcome.title}\n", style="bold")
        if outcome.looked_after:
            text.append(NOW_LOOKED_AFTER + "\n")
        events = self.evaluation.case.events if self.evaluation and self.evaluation.case else []
        deadlines = [d for d in (self.evaluation.deadlines if self.evaluation else [])
                     if d.event is not None and d.event < len(events)
                     and events[d.event].get("type") == outcome.event_type
                     and events[d.event].get("hearing_id") == self.hearing.id]
        if deadlines:
            text.append("\nDeadlines\n", style="bold")
            for d in deadlines:
                due = d.due.strftime("%d/%m/%Y %H:%M") if isinstance(d.due, datetime) else show_date(d.due)
                text.append(f"  {due}  {d.title} ({d.basis}; {d.citation})\n")
        text.append("\nChecklist\n", style="bold")
        for item in outcome.checklist:
            text.append(f"  [ ] {item.text} ({item.citation})\n")
        self.query_one("#outcome-result", Static).update(text)

    # --- proposal ----------------------------------------------------------------------------------------------
    def proposal(self) -> bail_proposal.Proposal:
        self.flush()
        return bail_proposal.build(self.child, hearings.as_typed(self.hearing, self.data, self.charges),
                                   age=self.age_at_hearing(),
                                   author=document.author_for(self.app.store), today=self.app.today())

    def _refresh_preview(self) -> None:
        proposal = self.proposal()
        missing = missing_contents(self.data.get("package") or {}, self.data.get("assessment") or {})
        checks = Text()
        if missing:
            checks.append("Still to write: " + "; ".join(missing) + f" ({STILL_TO_WRITE_CITE})\n")
        for c in self.package_findings():
            if c.severity == "warning":
                checks.append(f"{c.message} ({c.citation})\n")
        self.query_one("#proposal-checks", Static).update(checks)
        self.query_one("#preview", Static).update(Text(proposal.as_text()))

    def action_export(self) -> None:
        self.app.push_screen(ExportDialog(bail_proposal.EXPORT, lambda _choice: self.proposal(), self.child))

    # --- navigation --------------------------------------------------------------------------------------------
    def _activate(self, name: str) -> None:
        tabs = self.query_one("#court-main", TabbedContent)
        tabs.active = f"tab-{name}"
        if name == "proposal":
            self._refresh_preview()

    def _focus_first(self, name: str) -> None:
        """The section's first field, once its pane is on screen (see screens/focus.py)."""
        pane = self.query_one(f"#tab-{name}", TabPane)
        focus_when_shown(pane, lambda: next((w for w in pane.query("*")
                                             if w.focusable and isinstance(w, (Input, Choice, Select, OutcomePicker))), None))

    def _current(self) -> int:
        active = self.query_one("#court-main", TabbedContent).active or "tab-hearing"
        return SECTIONS.index(active.removeprefix("tab-"))

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

    def action_back(self) -> None:
        self.flush()
        self.app.pop_screen()


def _tri(value: Any) -> str:
    return {True: "yes", False: "no", "yes": "yes", "no": "no"}.get(value, "unknown")  # type: ignore[arg-type]
