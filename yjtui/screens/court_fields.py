"""The court screen's fields, declared once (`F`: widget id, label, where the value lives in the hearing, kind,
check): the hearing, what the child is known for, the objections and the answer to each, the assessment areas, the
package, the LASPO answers beside the panel, and each charge ("charges.<i>.<key>" in the hearing's `charges`).

The labels are also what the keep mine / take theirs question calls an entry.
"""

from __future__ import annotations

from typing import Any

from yjtui.casework import hearings
from yjtui.casework.forms import LOOKED_AFTER, MAX_TEXT
from yjtui.casework.remand_panel import PANEL_CONDITIONS
from yjtui.rules.bail_act import GROUNDS
from yjtui.rules.court_form import (ADDRESS_CHECKED_LABEL, ASSESSMENT_FIELDS, HOME_AGREED_LABEL, HOME_YJS_LABEL,
                                    ISS_HOURS_LABEL, PACKAGE_TEXT)
from yjtui.screens.forms import TRI, YES_NO
from yjtui.screens.record_form import F
from yjtui.screens.record_guard import field_words

HEARING, CHILD = "hearing", "child"

SECTIONS = ("hearing", "known", "objections", "assessment", "package", "outcome", "proposal")

YEARS_LABEL = "Adult maximum sentence (years, or life)"
CHARGE_FLAGS = (("imprisonable", "Imprisonable"), ("violent", "Violent"), ("sexual", "Sexual"),
                ("terrorism", "Terrorism"), ("alleged_while_on_bail", "Alleged while on bail"),
                ("alleged_while_remanded", "Alleged while remanded"))

CONDITION_FIELDS = (("comply_bss", "Comply with the bail supervision and support package"),
                    ("reporting", "Reporting to a police station"), ("curfew", "Curfew"),
                    ("tag", "Electronic monitoring (tag)"), ("exclusion", "Exclusion zone (map given)"),
                    ("non_contact", "Non-contact (victims, witnesses, named people)"), ("residence", "Residence"),
                    ("surety", "Surety"), ("psr", "Co-operate with a pre-sentence report"), ("other", "Other"))

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
BOOL = (("yes", True), ("no", False))  # a yes / no choice the hearing keeps as true / false


def text(id: str, label: str, path: str, placeholder: str = "") -> F:
    return F(id, label, path, record=HEARING, check=hearings.check_text, placeholder=placeholder, blank="")


def tri(id: str, label: str, path: str) -> F:
    return F(id, label, path, kind="choice", options=TRI, record=HEARING)


def hearing_fields() -> dict[str, F]:
    """Every field of the hearing (and the child's looked-after status), by widget id, in the order shown."""
    fs = [F("h-court", "Court", "court", record=HEARING, check=lambda raw: hearings.check_text(raw, MAX_TEXT),
            blank=""),
          F("h-date", "Hearing date", "at", kind="date", record=HEARING, check=hearings.check_hearing_date),
          F("h-time", "Hearing time", "data.time", record=HEARING, check=hearings.check_hearing_time,
            placeholder="hh:mm"),
          F("h-looked-after", PLAIN_FIELDS["looked_after"], "looked_after", kind="select", record=CHILD,
            options=tuple((label, key) for key, label in LOOKED_AFTER.items()), default="no"),
          text("d-home_yjs", HOME_YJS_LABEL, "data.home_yjs", "blank if local")]
    fs += [text(f"d-known-{key}", label, f"data.known.{key}") for key, label in KNOWN_FIELDS]
    for name, (para, words) in GROUNDS.items():
        fs.append(tri(f"g-{name}", f"{words} ({para})", f"data.grounds.{name}"))
        fs.append(text(f"d-responses-{name}", f"Response to the objection: {words} ({para})",
                       f"data.responses.{name}", "response proposed to meet it"))
    fs += [text(f"d-assessment-{key}", label, f"data.assessment.{key}") for key, label in ASSESSMENT_FIELDS]
    fs.append(tri("p-address_checked", ADDRESS_CHECKED_LABEL, "data.package.address_checked"))
    fs.append(text("d-package-address_checked_by", "Bail address checked by, when", "data.package.address_checked_by",
                   "checked by, when"))
    fs.append(F("p-support", "Support proposed", "data.package.support", kind="choice", options=SUPPORT_OPTIONS,
                record=HEARING, default="none"))
    fs.append(F("p-hours", ISS_HOURS_LABEL, "data.package.hours_per_week", record=HEARING,
                check=hearings.check_hours))
    for key, label in CONDITION_FIELDS:
        fs.append(F(f"pc-{key}", label, f"data.package.conditions.{key}", kind="choice", options=YES_NO,
                    record=HEARING, codes=BOOL))
        fs.append(text(f"d-condition_details-{key}", f"{label}: detail", f"data.package.condition_details.{key}",
                       "detail"))
    fs += [text(f"d-package-{key}", label, f"data.package.{key}") for key, label in PACKAGE_TEXT]
    for key, label, options in PACKAGE_CHOICES:
        fs.append(F(f"p-{key}", label, f"data.package.{key}", kind="choice", options=options, record=HEARING,
                    codes=BOOL if options == YES_NO else ()))
    fs.append(F("p-format", "Presented", "data.package.format", kind="choice", options=FORMAT_OPTIONS,
                record=HEARING, default="written"))
    for name, label, answers in PANEL_CONDITIONS:
        fs += [tri(f"b-{key}", answer_label, f"data.{key}") for key, answer_label in answers]
        fs.append(text(f"d-evidence-{name}", f"{label.split(' (')[0]}: evidence", f"data.evidence.{name}",
                       "evidence"))
    return {f.id: f for f in fs}


def charge_fields(i: int) -> dict[str, F]:
    """The fields of the charge in row `i` of the hearing's charges (rows are added by ctrl+g, never by typing)."""
    at = f"charges.{i}"
    fs = [F(f"c{i}-offence", f"Charge {i + 1}: offence", f"{at}.offence", record=HEARING,
            check=hearings.check_offence, placeholder="offence: type to search, or free text", blank="")]
    fs += [tri(f"c{i}-{key}", label, f"{at}.{key}") for key, label in CHARGE_FLAGS]
    fs.append(F(f"c{i}-years", f"Charge {i + 1}: {YEARS_LABEL[0].lower()}{YEARS_LABEL[1:]}",
                f"{at}.max_adult_sentence_years", record=HEARING, check=hearings.check_years,
                placeholder="e.g. 14, or life"))
    return {f.id: f for f in fs}


FIELDS = hearing_fields()


def _data_labels() -> dict[tuple[str, ...], str]:
    """The hearing's entries (paths in its `data`) in the words of the screen's own fields."""
    labels = {f.parts[1:]: f.label for f in FIELDS.values() if f.parts[0] == "data"}
    for name, (para, words) in GROUNDS.items():
        labels[("grounds", name)] = f"Objection raised: {words} ({para})"
    for key, label in CONDITION_FIELDS:
        labels[("package", "conditions", key)] = f"Condition proposed: {label}"
    return labels


DATA_LABELS = _data_labels()


def entry_words(field: str, path: tuple[str, ...]) -> str:
    """What the keep mine / take theirs question calls an entry of the hearing (or the child's looked-after
    status): the field's label on this screen where it has one."""
    if field == "data":
        return DATA_LABELS.get(path) or field_words(field, path)
    if field == "charges" and len(path) >= 2 and path[0].isdigit():
        key = "years" if path[1] == "max_adult_sentence_years" else path[1]
        f = charge_fields(int(path[0])).get(f"c{path[0]}-{key}")
        if f is not None:
            return f.label if f.label.startswith("Charge") else f"Charge {int(path[0]) + 1}: {f.label.lower()}"
    return PLAIN_FIELDS.get(field) or field_words(field, path)


def tri_value(value: Any) -> str:
    return {True: "yes", False: "no", "yes": "yes", "no": "no"}.get(value, "unknown")  # type: ignore[arg-type]
