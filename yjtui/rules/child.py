"""The child's age: whole years on the evaluation date, and at the bail hearing for the remand tests."""

from __future__ import annotations

from datetime import date

from .core import Citation
from .facts import Case
from .registry import INFO, NATIONAL, WARNING, Context, finding, out, rule

AGE_CITATION = Citation("MAPPA Guidance 2022", "23.3", "002", (18337,))


def birthday(date_of_birth: date, years: int) -> date:
    """The day the child turns `years` old: the one function every rule uses (the 18th birthday of the transitions
    timeline, the NRM's 100 days, DYO's lead-up to 18). A child born on 29 February turns a year older on 1 March in
    a common year: the day `age_on` first counts the new age (the sources do not say; one reading, everywhere)."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + years)
    except ValueError:  # 29 February in a common year
        return date(date_of_birth.year + years, 3, 1)


def age_on(date_of_birth: date | None, on: date) -> int | None:
    """Whole years on `on`; None when the date of birth is unknown or after `on`."""
    if date_of_birth is None or date_of_birth > on:
        return None
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


@rule("child.age", "The age of criminal responsibility in England and Wales is 10 years", NATIONAL, AGE_CITATION)
def child_age(case: Case, ctx: Context):
    if case.date_of_birth is None:
        return None
    age = age_on(case.date_of_birth, ctx.as_of)
    findings = []
    if age is None:
        findings.append(finding("child.age", WARNING,
                                f"The date of birth ({case.date_of_birth.isoformat()}) is after the evaluation date "
                                f"({ctx.as_of.isoformat()}): check it.", AGE_CITATION))
    elif age < 10:
        findings.append(finding("child.age", WARNING,
                                f"The child is {age}: under the age of criminal responsibility (10).", AGE_CITATION))
    elif age >= 18:
        findings.append(finding("child.age", INFO,
                                f"The child is {age}: youth justice supervision covers children aged 10 to 17; "
                                "check whether the case has transferred to adult services.",
                                Citation("Joint National Protocol for Transitions in England", "6.1", "002",
                                         (25260,))))
    return out({"age": age}, findings)
