"""The offence table (data/offences.json): what is known about a gravity matrix offence before the officer types it.

For each offence of the ACPO gravity matrix: how it is tried (the matrix's own I / E / S column), whether it is a
specified violent or sexual offence (the Schedule 15 extract, seed 002 L7866-L8405), whether it is imprisonable
and its adult maximum where a source gives one. Every row says where each answer comes from and that it is to be
checked against the statute: the court screen shows the answers as "from the offence table" and the officer may
change any of them. Built by tools/build_offences.py. Pure Python: no textual, rich or database imports.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from yjtui.reference.gravity import row_notes
from yjtui.reference.loader import OFFENCE_ANSWERS, data_dir, load_file

ANSWER_KEYS = OFFENCE_ANSWERS  # imprisonable, violent, sexual, terrorism: the charge's tri-state answers
YEARS = "max_adult_sentence_years"
LIFE_YEARS = 99
TRIABLE_WORDS = {"indictable_only": "indictable only", "either_way": "either way", "summary_only": "summary only"}


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    refset = load_file(data_dir() / "offences.json")
    rows = [e.raw for e in refset.entries]
    return {"rows": rows, "by_offence": {r["gravity_offence"].casefold(): r for r in reversed(rows)},
            "by_key": {(r["gravity_offence"], r["citation"]): r for r in rows},
            "by_id": {r["id"]: r for r in rows}}


def for_gravity(offence: str, citation: str | None = None) -> dict[str, Any] | None:
    """The row for a gravity matrix offence (its name as the matrix prints it, and its citation when known)."""
    table = _table()
    if citation:
        row = table["by_key"].get((offence, citation))
        if row is not None:
            return row
    return table["by_offence"].get((offence or "").strip().casefold())


def by_id(row_id: str) -> dict[str, Any] | None:
    return _table()["by_id"].get(row_id)


def answers(row: dict[str, Any]) -> dict[str, Any]:
    """The charge answers the row gives: "yes" / "no" for the known ones, and the adult maximum in years."""
    out: dict[str, Any] = {}
    for key in ANSWER_KEYS:
        if row.get(key) is not None:
            out[key] = "yes" if row[key] else "no"
    if row.get(YEARS) is not None:
        out[YEARS] = row[YEARS]
    return out


def show_years(years: float | None) -> str:
    if years is None:
        return ""
    return "life" if years >= LIFE_YEARS else f"{years:g}"


def summary(row: dict[str, Any]) -> str:
    """One line for the screen: how triable, Schedule 15, the maximum, each with its source, and the caveat."""
    mode = TRIABLE_WORDS.get(row.get("triable") or "", f"how triable not clear ({row['triable_as_printed']})")
    also = [c for c in row.get("also", []) if c.startswith("seed") and c not in row["schedule15_source"]]
    mode_cite = f" ({row['triable_source']})" if row.get("triable_source") else f" ({also[0]})" if also else ""
    notes = "".join(f" {note}" for note in row_notes(row.get("citation")))  # the gravity row's oddities
    return (f"From the offence table ({row['citation']}): {mode}{mode_cite}; {row['schedule15_source']}; "
            f"adult maximum {row['max_source']}. Answers below are the table's: change any that the charge "
            f"differs on. {row['check'].capitalize()}.{notes}")
