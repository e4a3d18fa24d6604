"""Field checks for the child record: what may be saved, and the plain message shown at the field.

Pure functions (no Textual), so the same checks serve the screens, the demo loader and the hostile-input tests.
A rejected value is never saved, and the screen keeps what the user typed in the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from yjtui.casework.dates import DateError, age_on, parse_date, show_date
from yjtui.text import is_clean

MAX_TEXT = 120

SEX = ["Female", "Male", "Not known", "Not stated"]

# ONS 2021 census ethnic groups, as YJB disproportionality returns use them (seed 002 L4280 asks for a bias check).
ETHNICITY = [
    "Asian or Asian British: Bangladeshi", "Asian or Asian British: Chinese", "Asian or Asian British: Indian",
    "Asian or Asian British: Pakistani", "Asian or Asian British: any other Asian background",
    "Black, Black British, Caribbean or African: African", "Black, Black British, Caribbean or African: Caribbean",
    "Black, Black British, Caribbean or African: any other Black background",
    "Mixed: White and Asian", "Mixed: White and Black African", "Mixed: White and Black Caribbean",
    "Mixed: any other mixed background",
    "White: English, Welsh, Scottish, Northern Irish or British", "White: Irish", "White: Gypsy or Irish Traveller",
    "White: Roma", "White: any other White background",
    "Other ethnic group: Arab", "Other ethnic group: any other ethnic group",
    "Not stated",
]

LOOKED_AFTER = {
    "no": "Not looked after",
    "s20": "Looked after: accommodated (Children Act 1989 s.20)",
    "s31": "Looked after: care order (Children Act 1989 s.31)",
    "remand": "Looked after: remanded (LASPO 2012 s.104)",
    "care_leaver": "Care leaver",
}

LOOKED_AFTER_SHORT = {"no": "–", "s20": "LAC s.20", "s31": "LAC s.31", "remand": "LAC remand",
                      "care_leaver": "Care leaver"}


@dataclass(frozen=True)
class Check:
    """The outcome of checking one field: whether to save, the value to save, and what to tell the user."""

    ok: bool
    value: Any = None
    message: str = ""
    warning: bool = False  # saved, but flagged


def check_text(text: str, label: str, *, required: bool = False, max_len: int = MAX_TEXT) -> Check:
    value = text.strip()
    if required and not value:
        return Check(False, message=f"{label} cannot be blank (initials will do).")
    if len(value) > max_len:
        return Check(False, message=f"{label} is too long: at most {max_len} characters.")
    if not is_clean(value):  # control characters, escapes, bidi overrides: what yjtui.text.shown makes visible
        return Check(False, message=f"{label} contains control characters or text-direction overrides; retype it.")
    return Check(True, value)


def check_date_of_birth(text: str, today: date) -> Check:
    """A real date in the past; an age outside 10–17 is saved but flagged (youth justice covers 10–17, and 18+
    only for offences committed before 18)."""
    if not text.strip():
        return Check(True, None)
    try:
        dob = parse_date(text)
    except DateError as exc:
        return Check(False, message=str(exc))
    if dob >= today:
        return Check(False, message="A date of birth must be in the past.")
    if dob.year < 1900:
        return Check(False, message=f"{show_date(dob)} is too far in the past to be a date of birth.")
    age = age_on(dob, today)
    if age < 10:
        return Check(True, dob, f"Age {age}: below the age of criminal responsibility (10). Check the date.", True)
    if age > 17:
        return Check(True, dob, f"Age {age}: youth justice covers 10–17, and 18+ only for offences committed "
                                "before 18. Check the date.", True)
    return Check(True, dob, f"Age {age}.")
