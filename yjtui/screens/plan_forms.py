"""The plan's own forms and tables: a plan item, a contingency, a requirement and a review (asked in the shared
`forms.FormModal`), and the plan's tables (their columns and rows).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from yjtui.casework.dates import show_date
from yjtui.rules import plan_checks as pc
from yjtui.screens.forms import Field
from yjtui.screens.tables import cell


# --- the plan's own forms and tables --------------------------------------------------------------------------------
# Each table's columns: (label, minimum width, share of the width left over); cells wrap, no column is cut.
TABLE_COLUMNS = {
    "requirements": [("Requirement", 12, 3), ("Values", 8, 2), ("Limits", 12, 4)],
    "items": [("What", 10, 4), ("Who", 6, 2), ("By", 10, 0), ("Progress", 8, 3), ("Kind", 9, 0),
              ("Section", 8, 1), ("Covers", 8, 2)],
    "contingencies": [("Trigger", 10, 3), ("Action", 10, 3), ("Contact", 8, 2)],
    "reviews": [("Date", 10, 0), ("Reason", 10, 1), ("What changed", 12, 3), ("Progress", 8, 3),
                ("Countersigned", 13, 0)],
}
REVIEW_FIELDS = [
    Field("date", "Date of the review (dd/mm/yyyy)", "date", required=True, past=True),
    Field("reason", "Why now", "select", [("3-monthly review", "scheduled"), ("Significant change", "change")],
          required=True),
    Field("changed", "What changed (needed for a significant change)", "long"),
    Field("progress", "Progress", "long"),
    Field("new_plan", "The new plan", "long"),
]


def item_fields(targets: dict[str, str]) -> list[Field]:
    """A plan item (SMART), its covers offered from the assessments' risk factors and RoSH behaviours."""
    return [
        Field("what", "What will be done", required=True),
        Field("who", "Who does it"),
        Field("by", "By when (dd/mm/yyyy)", "date"),
        Field("measure", "How progress is known"),
        Field("kind", "Statutory (part of the order) or voluntary", "select",
              [("Voluntary", "voluntary"), ("Statutory", "statutory")], required=True,
              help="Welfare, health and substance-misuse support stays voluntary unless the order has a "
                   f"treatment requirement ({pc.CITE_VOLUNTARY})."),
        Field("area", "Area", "select", [(v, k) for k, v in pc.ITEM_AREAS.items()]),
        Field("section", "Part of the plan", "select", [(v, k) for k, v in pc.SECTIONS.items()]),
        Field("covers", "Covers (space to tick)", "multi", [(v, k) for k, v in targets.items()]),
    ]


def contingency_fields(targets: dict[str, str]) -> list[Field]:
    swb = [(v, k) for k, v in targets.items() if k.startswith("swb:")]
    return [Field("trigger", "Trigger: if this happens", required=True),
            Field("action", "Action: do this", required=True),
            Field("contact", "Who to contact (name, number)"),
            Field("covers", "Risk factors it answers (space to tick)", "multi", swb)]


def requirement_fields(ref: Any) -> list[Field]:
    options = [(e.title, e.id) for e in ref.entries if e.id != "yro-order"]
    return [Field("id", "Requirement", "select", options, required=True),
            *[Field(k, label, "int", maximum=maximum) for k, (label, maximum) in pc.REQUIREMENT_FIELDS.items()]]


def requirement_note(ref: Any) -> str:
    return "Limits as the guidance states them: " + " | ".join(
        f"{e.title}: {e.raw.get('limits')}" for e in ref.entries if e.raw.get("limits"))


def row_fields(key: str, targets: dict[str, str], ref: Any) -> list[Field]:
    """The form for a row of the plan's list `key` (items, contingencies, requirements)."""
    if key == "items":
        return item_fields(targets)
    return contingency_fields(targets) if key == "contingencies" else requirement_fields(ref)


def _day(value: Any) -> str:
    return show_date(pc.parse_iso(value))


def item_row(item: dict, targets: dict[str, str]) -> tuple:
    covers = ", ".join(targets.get(c, str(c)).split(": ", 1)[-1] for c in item.get("covers") or [])
    return (cell(item.get("what", "")), cell(item.get("who", "")), _day(item.get("by")), cell(item.get("measure", "")),
            cell(item.get("kind", "")), cell(pc.SECTIONS.get(item.get("section"), "")), cell(covers))


def requirement_row(requirement: dict, ref: Any, flags: list) -> tuple:
    """A requirement with its values and whether they are within the limits checked (`flags`: its warnings)."""
    entry = ref.by_id(str(requirement.get("id")))
    values = ", ".join(f"{pc.REQUIREMENT_FIELDS[k][0].lower()} {v}" for k, v in requirement.items()
                       if k in pc.REQUIREMENT_FIELDS and v is not None)
    limits = (f"OUTSIDE LIMITS: {flags[0].message.split(': ', 1)[-1]} ({flags[0].citation})" if flags
              else "within the limits checked")
    return cell(entry.title if entry else requirement.get("id")), cell(values), cell(limits)


def contingency_row(c: dict) -> tuple:
    return cell(c.get("trigger", "")), cell(c.get("action", "")), cell(c.get("contact", ""))


def review_row(r: dict) -> tuple:
    return (_day(r.get("date")), Text("significant change" if r.get("reason") == "change" else "3-monthly"),
            cell(r.get("changed", "")), cell(r.get("progress", "")), cell(r.get("countersigned_by") or "AWAITING"))
