"""Dates as practitioners type and read them: dd/mm/yyyy on screen, ISO in files, whole years for age."""

from __future__ import annotations

import re
from datetime import date, datetime

from yjtui.rules.years import MAX_YEAR, MIN_YEAR

_UK = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


class DateError(ValueError):
    """A typed date that is not a real date; the message is shown at the field."""


def parse_date(text: str) -> date:
    """`14/03/2010` or `2010-03-14` -> date; anything else raises DateError with a plain message."""
    m = _UK.match(text)
    if m:
        d, mth, y = (int(g) for g in m.groups())
    else:
        m = _ISO.match(text)
        if not m:
            raise DateError("Type the date as dd/mm/yyyy, e.g. 14/03/2010.")
        y, mth, d = (int(g) for g in m.groups())
    try:
        day = date(y, mth, d)
    except ValueError:
        raise DateError(f"{text.strip()} is not a real date.") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise DateError(f"{text.strip()}: the year should be between {MIN_YEAR} and {MAX_YEAR}.")
    return day


def parse_time(text: str) -> tuple[int, int]:
    m = _TIME.match(text)
    if not m:
        raise DateError("Type the time as hh:mm, e.g. 09:30.")
    h, mi = int(m.group(1)), int(m.group(2))
    if h > 23 or mi > 59:
        raise DateError(f"{text.strip()} is not a real time.")
    return h, mi


def future_problem(day: date, today: date) -> str:
    """What to say at a field whose event cannot be in the future (a referral made, a decision taken, a sentence
    passed, a birth) when the date typed is after today; "" when it is not. Issue 23: such dates were accepted
    without a question. Fields whose events may lie ahead (a hearing, an order's end, a review) do not ask it."""
    if day <= today:
        return ""
    return f"{show_date(day)} is after today ({show_date(today)}): this cannot have happened yet; check the date."


def show_date(d: date | datetime | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def show_datetime(d: datetime | None) -> str:
    return d.strftime("%d/%m/%Y %H:%M") if d else ""


def age_on(date_of_birth: date, on: date) -> int:
    """Whole years on a date (a birthday on 29 February counts from 1 March in other years)."""
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - (1 if before_birthday else 0)
