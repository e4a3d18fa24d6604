"""Working days in England and Wales, for counting deadlines the way the guidance does.

A working day is Monday to Friday and not an England & Wales bank holiday (Wales keeps the same bank holidays
as England; the `holidays` package's England subdivision includes substitute days such as Boxing Day observed
on a Monday, and one-off days such as the 2022 State Funeral and the 2023 Coronation).

"Within 5 working days" counts from the day after the event: an event on a Friday has its first working day on
the following Monday. Hour-based rules ("within 24 hours") are elapsed clock hours and ignore working days.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

__all__ = [
    "bank_holidays",
    "is_bank_holiday",
    "is_working_day",
    "working_days_after",
    "next_working_day",
    "same_working_day",
    "calendar_days_after",
    "months_after",
    "hours_after",
    "as_datetime",
]


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> frozenset[date]:
    # One year at a time, cached: the engine runs on every keystroke and deadline counting walks day by day.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def bank_holidays(year: int) -> frozenset[date]:
    """England & Wales bank holidays (including substitute days) for one year."""
    return _holidays_for(year)


def is_bank_holiday(d: date) -> bool:
    return d in _holidays_for(d.year)


def is_working_day(d: date) -> bool:
    """Monday to Friday, and not an England & Wales bank holiday."""
    if isinstance(d, datetime):
        d = d.date()
    return d.weekday() < 5 and not is_bank_holiday(d)


def working_days_after(start: date, n: int) -> date:
    """The date n working days after `start`, counting from the day after (the event day itself never counts).

    n = 0 gives `start` itself; for "that working day" use `same_working_day`.
    """
    if isinstance(start, datetime):
        start = start.date()
    if n < 0:
        raise ValueError("n must be zero or more")
    d = start
    counted = 0
    while counted < n:
        d += timedelta(days=1)
        if is_working_day(d):
            counted += 1
    return d


def next_working_day(d: date) -> date:
    """The first working day strictly after `d` ("on the next working day")."""
    return working_days_after(d, 1)


def same_working_day(d: date) -> date:
    """"That working day": `d` if it is a working day, else the next one (a Saturday remand court)."""
    if isinstance(d, datetime):
        d = d.date()
    return d if is_working_day(d) else next_working_day(d)


def calendar_days_after(start: date, n: int) -> date:
    """`start` plus n calendar days; weekends and bank holidays count."""
    if isinstance(start, datetime):
        start = start.date()
    return start + timedelta(days=n)


def months_after(start: date, n: int) -> date:
    """`start` plus n calendar months; a day past the end of the target month falls on its last day
    (31 August + 6 months = 28 or 29 February)."""
    if isinstance(start, datetime):
        start = start.date()
    month_index = start.month - 1 + n
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def as_datetime(at: date | datetime) -> datetime:
    """A bare date for an hour-based rule is read as the start of that day (00:00).

    Why the start: the guidance counts hours from the event ("within 24 hours of the charge"); when only the date
    is known, starting the clock at midnight gives the earliest, safest due time rather than an invented one.
    """
    if isinstance(at, datetime):
        return at
    return datetime.combine(at, time(0, 0))


def hours_after(dt: date | datetime, n: float) -> datetime:
    """`dt` plus n elapsed hours (a negative n gives a time before, e.g. 24 hours before a hearing)."""
    return as_datetime(dt) + timedelta(hours=n)
