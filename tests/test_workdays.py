"""England & Wales working days: weekends, bank holidays and their substitute days."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yjtui.rules.workdays import (
    bank_holidays,
    calendar_days_after,
    hours_after,
    is_working_day,
    months_after,
    next_working_day,
    same_working_day,
    working_days_after,
)

D = date.fromisoformat


@pytest.mark.parametrize(
    "day, working, why",
    [
        ("2026-12-25", False, "Christmas Day"),
        ("2026-12-26", False, "Boxing Day is a Saturday"),
        ("2026-12-28", False, "Boxing Day substitute (Monday)"),
        ("2026-12-29", True, "ordinary Tuesday"),
        ("2027-01-01", False, "New Year's Day"),
        ("2027-03-26", False, "Good Friday 2027"),
        ("2027-03-29", False, "Easter Monday 2027"),
        ("2026-04-03", False, "Good Friday 2026"),
        ("2026-04-06", False, "Easter Monday 2026"),
        ("2026-05-04", False, "early May bank holiday 2026"),
        ("2026-05-25", False, "spring bank holiday 2026"),
        ("2026-08-31", False, "summer bank holiday 2026"),
        ("2022-09-19", False, "State Funeral of Queen Elizabeth II"),
        ("2023-05-08", False, "Coronation of King Charles III"),
        ("2022-01-03", False, "New Year's Day substitute 2022"),
        ("2026-11-21", False, "Saturday"),
        ("2026-11-22", False, "Sunday"),
        ("2026-11-23", True, "Monday"),
    ],
)
def test_is_working_day(day, working, why):
    assert is_working_day(D(day)) is working, why


@pytest.mark.parametrize(
    "start, n, expected, why",
    [
        ("2026-12-24", 5, "2027-01-05", "spec example: Christmas, Boxing Day substitute, New Year"),
        ("2026-12-24", 1, "2026-12-29", "first working day after Christmas 2026"),
        ("2026-11-20", 1, "2026-11-23", "Friday -> Monday"),
        ("2026-11-23", 5, "2026-11-30", "a plain week"),
        ("2026-04-02", 1, "2026-04-07", "Maundy Thursday -> Tuesday after Easter Monday"),
        ("2027-03-25", 2, "2027-03-31", "over Easter 2027"),
        ("2026-05-01", 1, "2026-05-05", "Friday before the early May bank holiday"),
        ("2026-05-22", 5, "2026-06-01", "over the spring bank holiday"),
        ("2026-12-25", 0, "2026-12-25", "zero working days is the day itself"),
    ],
)
def test_working_days_after(start, n, expected, why):
    assert working_days_after(D(start), n) == D(expected), why


def test_datetime_start_counts_as_its_date():
    assert working_days_after(datetime(2026, 12, 24, 16, 30), 5) == D("2027-01-05")


def test_same_working_day():
    assert same_working_day(D("2026-11-23")) == D("2026-11-23")
    assert same_working_day(D("2026-12-25")) == D("2026-12-29")
    assert same_working_day(D("2026-11-21")) == D("2026-11-23")  # Saturday remand court


def test_next_working_day():
    assert next_working_day(D("2026-12-31")) == D("2027-01-04")


def test_calendar_and_months():
    assert calendar_days_after(D("2026-12-24"), 10) == D("2027-01-03")
    assert months_after(D("2026-08-31"), 6) == D("2027-02-28")
    assert months_after(D("2027-08-31"), 6) == D("2028-02-29")
    assert months_after(D("2026-11-15"), 3) == D("2027-02-15")


def test_hours_after_bare_date_starts_at_midnight():
    assert hours_after(D("2026-12-24"), 24) == datetime(2026, 12, 25, 0, 0)
    assert hours_after(datetime(2026, 12, 24, 15, 0), 2) == datetime(2026, 12, 24, 17, 0)
    assert hours_after(datetime(2026, 12, 24, 10, 0), -24) == datetime(2026, 12, 23, 10, 0)


def test_bank_holidays_are_cached_per_year():
    assert bank_holidays(2027) is bank_holidays(2027)
    assert D("2027-12-27") in bank_holidays(2027)  # Christmas Day substitute


dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@settings(max_examples=300, deadline=None)
@given(start=dates, n=st.integers(min_value=1, max_value=30))
def test_working_day_deadline_never_lands_on_a_day_off(start, n):
    due = working_days_after(start, n)
    assert due > start
    assert due.weekday() < 5
    assert due not in bank_holidays(due.year)
    # exactly n working days in (start, due]
    days = [start + timedelta(days=i) for i in range(1, (due - start).days + 1)]
    assert sum(is_working_day(d) for d in days) == n


@settings(max_examples=300, deadline=None)
@given(start=dates, n=st.integers(min_value=0, max_value=30))
def test_working_days_after_is_strictly_increasing(start, n):
    assert working_days_after(start, n + 1) > working_days_after(start, n)
