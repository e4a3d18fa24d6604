"""A child's risk assessments (RoSH, SWB, LoR) as the risk screen works with them: the assessments of one kind, the
latest, a draft started on the first change, a new draft copied from a completed one.

An assessment's entries are its `data` JSON (behaviours, outcomes, YOGRS, evidence ...); the judgement (`final`), the
rationale and Matrix 2's suggestion are fields of their own.
"""

from __future__ import annotations

import json
from datetime import datetime, time
from typing import Any

from yjtui.rules import lor_band, needs_rationale, rosh_suggested
from yjtui.rules.levels import LABEL as LEVEL_WORDS
from yjtui.rules.risk_form import (IMMINENCE_NEEDED, rosh_rationale_needed, swb_no_factor_rationale,
                                   swb_rationale_needed, yogrs_note)
from yjtui.store import Assessment, Event, Store, TaskDone

REVIEW_EVENT = "risk_assessment_completed"  # its review deadline reaches the board (rules/deadlines.py)
REVIEW_RULE = "assessment.risk_review"
KINDS = ("lor", "rosh", "swb")
ROWS = {"rosh": "behaviours", "swb": "outcomes"}  # the kinds whose entries hold a list of rated rows


def empty_entries(kind: str) -> dict[str, Any]:
    """The entries a new assessment of `kind` holds (a stored one missing any gets them when read)."""
    if kind == "rosh":
        return {"behaviours": [], "evidence": ""}
    if kind == "swb":
        return {"concerns": None, "outcomes": [], "risk_factors": [], "evidence": ""}
    return {"yogrs_percent": None, "reason": ""}


def new_row(kind: str) -> dict[str, Any]:
    """A foreseen behaviour (RoSH) or adverse outcome (SWB) as ctrl+n adds it: in the community, not yet rated."""
    row: dict[str, Any] = {"description": "", "setting": "community", "likelihood": None, "impact": None}
    if kind == "rosh":
        row.update({"at_risk": "", "imminence": None})
    return row


def parse_yogrs(text: str) -> tuple[bool, int | None, str]:
    """(ok, value, message) for the YOGRS field: a whole percentage 0–100, or blank."""
    t = text.strip().rstrip("%").strip()
    if not t:
        return True, None, "Enter the YOGRS percentage (0–100)."
    if not t.isdigit() or not t.isascii():
        return False, None, f"YOGRS is a whole percentage from 0 to 100; {text.strip()!r} is not a number."
    value = int(t)
    if value > 100:
        return False, None, f"YOGRS is a percentage from 0 to 100; {value} is too high."
    return True, value, yogrs_note(value, lor_band(value))


def band(data: dict[str, Any]) -> str | None:
    """The YOGRS band of an LoR assessment's entries (None without a percentage)."""
    y = data.get("yogrs_percent")
    return lor_band(y) if isinstance(y, int) else None


def suggestion(data: dict[str, Any]) -> tuple[str, str] | None:
    """Matrix 2's suggestion from the RoSH behaviours rated so far (None before any is rated)."""
    return rosh_suggested(b for b in data.get("behaviours") or [] if b.get("likelihood") and b.get("impact"))


def span(pair: tuple[str, str] | None) -> str:
    """A suggestion in words ("Medium to High")."""
    if pair is None:
        return "nothing yet (rate a behaviour's likelihood and impact)"
    lo, hi = pair
    return LEVEL_WORDS[lo] if lo == hi else f"{LEVEL_WORDS[lo]} to {LEVEL_WORDS[hi]}"


def suggested_text(kind: str, data: dict[str, Any]) -> str:
    """Matrix 2's suggestion as the assessment stores it ("medium-high"); "" for SWB and LoR."""
    pair = suggestion(data) if kind == "rosh" else None
    return "" if pair is None else (pair[0] if pair[0] == pair[1] else f"{pair[0]}-{pair[1]}")


def rationale_needed(kind: str, data: dict[str, Any], final: str) -> str:
    """Why a rationale is needed now for the judgement `final` ("" when it is not)."""
    if kind == "rosh":
        pair = suggestion(data)
        if final and needs_rationale(final, pair):
            return rosh_rationale_needed(final, span(pair))
    if kind == "swb" and data.get("concerns") is False and final not in ("", "low"):
        return swb_rationale_needed(final)
    if kind == "swb" and final:
        return swb_no_factor_rationale(final, list(data.get("risk_factors") or []))
    return ""


def row_problems(kind: str, rows: list[dict[str, Any]]) -> list[tuple[int, str]]:
    """What stops completion in each behaviour or outcome: (its index, why), rows with nothing missing left out."""
    out = []
    for i, row in enumerate(rows):
        why = []
        if not row.get("likelihood") or not row.get("impact"):
            why.append("choose a likelihood and an impact")
        if kind == "rosh" and row.get("impact") in ("major", "critical") and not row.get("imminence"):
            why.append(IMMINENCE_NEEDED)
        if why:
            out.append((i, " and ".join(why)))
    return out


def of_kind(store: Store, child_id: int, kind: str) -> list[Assessment]:
    """The child's assessments of one kind, oldest first (the history)."""
    return [a for a in store.records(Assessment, child_id) if a.kind == kind]


def latest(store: Store, child_id: int, kind: str) -> Assessment | None:
    """The newest assessment of one kind, draft or completed: the one the screen opens."""
    found = of_kind(store, child_id, kind)
    return found[-1] if found else None


def start_draft(store: Store, child_id: int, kind: str, **values: Any) -> Assessment:
    """A new draft with the values typed so far, collected (audited) at once."""
    return store.add(Assessment(child_id=child_id, kind=kind, status="draft", **values))


def copy_as_draft(store: Store, record: Assessment, data: str) -> Assessment:
    """A new draft starting from a completed assessment: its entries (`data`, as the screen reads them), judgement,
    suggestion and rationale."""
    return start_draft(store, record.child_id, record.kind, data=data, final=record.final,
                       suggested=record.suggested, rationale=record.rationale)


def review_on_board(store: Store, record: Assessment, now: datetime, review_months: int) -> Event:
    """A completed assessment's review on the board: a `risk_assessment_completed` event, at the cycle the risk
    screen states (`risk_form.review_note`). The review deadlines of the earlier assessments of the same kind are
    answered by this one (marked done)."""
    done = {(t.event_id, t.rule) for t in store.records(TaskDone, record.child_id)}
    for e in store.records(Event, record.child_id):
        if e.type == REVIEW_EVENT and json.loads(e.data or "{}").get("assessment_kind") == record.kind \
                and (e.id, REVIEW_RULE) not in done:
            store.add(TaskDone(child_id=record.child_id, event_id=e.id, rule=REVIEW_RULE, done_by=store.who))
    return store.add(Event(child_id=record.child_id, type=REVIEW_EVENT, at=datetime.combine(now.date(), time.min),
                           data=json.dumps({"assessment_kind": record.kind, "review_months": review_months,
                                            "assessment_id": record.id})))



def lor_problems(typed: str, data: dict[str, Any], final: str) -> list[tuple[str, str]]:
    """What stops an LoR assessment's completion: (the message's id on the form, why)."""
    out = []
    ok, _n, msg = parse_yogrs(typed)
    if not ok:
        out.append(("lor-yogrs-msg", msg))
    if not final:
        out.append(("lor-complete-msg", "Enter the YOGRS percentage, or choose a judgement with its reason."))
    if final and final != band(data) and not (data.get("reason") or "").strip():
        out.append(("lor-reason-msg", "Your judgement differs from the YOGRS band: write your reason."))
    return out
