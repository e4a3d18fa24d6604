"""A charge's answers filled from the offence table, and the record of who accepted or changed them.

The court screen keeps each charge as a dict in the hearing's `charges` JSON (the spec's offence object plus the
screen's own keys). Choosing a gravity matrix offence fills the charge's answers the offence table knows and
records it under `charge["offence_table"]`:

    {"id": <offences.json row id>, "citation": "seed 002 L12993", "check": "to be checked against the statute",
     "chosen_by": <practitioner>, "chosen_at": ISO date-time,
     "answers": {"imprisonable": "yes", "violent": "yes", ..., "max_adult_sentence_years": 99},
     "changed": {"violent": {"to": "no", "by": <practitioner>, "at": ISO date-time}}}

An answer left as the table gave it stands as accepted by whoever chose the offence; an answer the officer
changes is recorded in `changed` with who and when (and dropped again if they change it back). Every change is
also in the store's audit trail with its author.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from yjtui.reference import offences

TABLE_KEY = "offence_table"


def _now(now: datetime | None) -> str:
    return (now or datetime.now()).replace(microsecond=0).isoformat(timespec="minutes")


def fill_from_table(charge: dict[str, Any], row: dict[str, Any], who: str,
                    now: datetime | None = None) -> dict[str, Any]:
    """Put the table's answers on the charge and record the choice; returns the answers filled."""
    clear_table(charge)
    filled = offences.answers(row)
    charge.update(filled)
    charge[TABLE_KEY] = {"id": row["id"], "citation": row["citation"], "check": row["check"], "chosen_by": who,
                         "chosen_at": _now(now), "answers": dict(filled), "changed": {}}
    return filled


def clear_table(charge: dict[str, Any]) -> list[str]:
    """The offence is no longer the table's: answers still as the table gave them go back to not yet known (a
    robbery's "violent: yes" must not stay on a charge retyped as theft); answers the officer changed stay."""
    record = charge.pop(TABLE_KEY, None)
    if not isinstance(record, dict):
        return []
    reset = []
    changed = record.get("changed") or {}
    for key, value in (record.get("answers") or {}).items():
        if key not in changed and charge.get(key) == value:
            charge.pop(key, None)
            reset.append(key)
    return reset


def record_answer(charge: dict[str, Any], key: str, value: Any, who: str, now: datetime | None = None) -> None:
    """The officer set an answer: if the table gave a different one, record the change (who, when)."""
    record = charge.get(TABLE_KEY)
    if not isinstance(record, dict) or key not in (record.get("answers") or {}):
        return
    changed = record.setdefault("changed", {})
    if value == record["answers"][key]:
        changed.pop(key, None)  # back to the table's answer: accepted again
    else:
        changed[key] = {"to": value, "by": who, "at": _now(now)}


def provenance(charge: dict[str, Any], key: str) -> str:
    """How the screen labels an answer: from the offence table, changed from it (by whom), or nothing."""
    record = charge.get(TABLE_KEY)
    if not isinstance(record, dict) or key not in (record.get("answers") or {}):
        return ""
    table_value = record["answers"][key]
    change = (record.get("changed") or {}).get(key)
    if change:
        shown = offences.show_years(table_value) if key == offences.YEARS else table_value
        return f"changed by {change.get('by') or '?'} from the offence table's {shown}"
    return "from the offence table"
