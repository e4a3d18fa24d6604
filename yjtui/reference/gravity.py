"""The ACPO youth gravity factor system: from an offence's base score to a final score and its usual disposal.

Reads `data/gravity.json` (the matrix as cited reference data, seed 002 L8408–L13505). The final score is the
decision maker's professional judgement: these helpers never pick it. They say what range the guidance allows,
prompt for the reasons the guidance says must be recorded, and show what the final score normally leads to.

Pure Python on purpose (no textual, rich or sqlmodel): the screens and `yjtui evaluate` both call it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable


# An offence the gravity matrix gives no score for (seed 002 L8474): the decision is a person's, recorded.
NO_BASE_SCORE = ("The source gives no base score for this offence: decide with the CPS or your supervisor, and record "
                 "why (seed 002 L8474).")

# Where each rule below is read from (seed 002).
ONE_POINT = "seed 002 L8466"  # 1.6 "can only be up-graded or down-graded by one point irrespective of the number of factors"
SCALE = "seed 002 L8456"  # 1.4 "a scale of 1 (low gravity) up to 4 (high gravity)"
RECORD_FACTORS = "seed 002 L8466"  # 1.6 "the consideration given to aggravating and mitigating factors must be noted"
DISCRETION = "seed 002 L8678"  # 15.2 reasons for deviating "would need to be fully recorded"
COMMUNITY_RESOLUTION = "seed 002 L8682"  # 15.3 a Community Resolution "falls outside the parameters of the table"
NO_FURTHER_ACTION = "seed 002 L8686"  # 15.4 "No substantive offence can be mitigated down to warrant no further action"

LOWEST, HIGHEST = 1, 4


def _data_path() -> Path:
    """The reference data directory (loader.data_dir: the package's when installed, else the repo's data/)."""
    from yjtui.reference.loader import data_dir

    return data_dir()


@lru_cache(maxsize=1)
def load() -> dict[str, Any]:
    """The gravity matrix as shipped (data/gravity.json)."""
    with open(_data_path() / "gravity.json", encoding="utf-8") as fh:
        return json.load(fh)


def _check_base(base: int) -> None:
    if isinstance(base, bool) or not isinstance(base, int) or not LOWEST <= base <= HIGHEST:
        raise ValueError(f"a base gravity score is 1 to 4 ({SCALE}); got {base!r}")


def final_score_range(base: int) -> tuple[int, int]:
    """The final scores the guidance allows for a base score: one point either way, within the 1–4 scale.

    1.6 (seed 002 L8466) limits any change to one point. The scale runs from 1 up to 4 (1.4, L8456) and the
    final-score table has rows only for 4, 2/3 and 1 (L8630–L8666): there is no 0 and no 5, and 15.4 (L8686)
    says mitigation alone can never bring an offence down to No Further Action. So base 1 -> (1, 2) and
    base 4 -> (3, 4). (The source never says outright what happens to an aggravated 4 or a mitigated 1: that
    bound is our reading of the scale, recorded in the data's oddities.)
    """
    _check_base(base)
    return max(LOWEST, base - 1), min(HIGHEST, base + 1)


def _count(ticked: Iterable[Any] | int | bool | None) -> int:
    if ticked is None:
        return 0
    if isinstance(ticked, bool):
        return int(ticked)
    if isinstance(ticked, int):
        return ticked
    return len(list(ticked))


def _finding(severity: str, message: str, citation: str) -> dict[str, str]:
    return {"severity": severity, "message": message, "citation": citation}


def check_final_score(
    base: int | None,
    final: int,
    aggravating_ticked: Iterable[Any] | int | bool | None = (),
    mitigating_ticked: Iterable[Any] | int | bool | None = (),
) -> list[dict[str, str]]:
    """Findings about a final score the decision maker has chosen (severity, message, citation).

    `aggravating_ticked` / `mitigating_ticked` are the factors ticked (a list, or a count). Nothing here
    overrides the decision maker: the findings are prompts to check the range and to record reasons.
    """
    out: list[dict[str, str]] = []
    if base is None:
        out.append(_finding("warning", "The matrix gives no base score for this offence: the final score rests "
                            "wholly on the decision maker's judgement and the general principles (2.0).",
                            "seed 002 L8474"))
        if isinstance(final, int) and not isinstance(final, bool) and LOWEST <= final <= HIGHEST:
            out.extend(_outcome_caveats(final, lowered=False))
        return out
    _check_base(base)
    if isinstance(final, bool) or not isinstance(final, int):
        raise ValueError(f"final score must be an integer; got {final!r}")
    agg, mit = _count(aggravating_ticked), _count(mitigating_ticked)
    lo, hi = final_score_range(base)

    if final < LOWEST:
        out.append(_finding("warning", "There is no gravity score below 1. Score 1 is not No Further Action: no "
                            "substantive offence can be mitigated down to warrant no further action using the "
                            "gravity factor process alone (15.4).", NO_FURTHER_ACTION))
    elif final > HIGHEST:
        out.append(_finding("warning", "The scale runs from 1 up to 4 (1.4); there is no score above 4.", SCALE))
    elif not lo <= final <= hi:
        out.append(_finding("warning", f"Final score {final} is more than one point from the base score {base}: "
                            f"the gravity score can only be up-graded or down-graded by one point, whatever the "
                            f"number of factors (1.6). Allowed: {lo} to {hi}.", ONE_POINT))

    if final > base and agg == 0:
        out.append(_finding("action", "Score raised with no aggravating factor ticked: record which factor or "
                            "circumstance justifies it. The consideration given to aggravating and mitigating "
                            "factors must be noted in the decision (1.6).", RECORD_FACTORS))
    if final < base and mit == 0:
        out.append(_finding("action", "Score lowered with no mitigating factor ticked: record which factor or "
                            "circumstance justifies it. The consideration given to aggravating and mitigating "
                            "factors must be noted in the decision (1.6).", RECORD_FACTORS))
    if final == base and (agg or mit):
        out.append(_finding("info", "Factors ticked but the score is unchanged: that is allowed (a factor need not "
                            "change the score, and + and − factors may balance), but the consideration given to "
                            "them must be noted (1.6).", RECORD_FACTORS))
    if LOWEST <= final <= HIGHEST:
        out.extend(_outcome_caveats(final, lowered=final < base))
    return out


def _outcome_caveats(final: int, lowered: bool) -> list[dict[str, str]]:
    out = []
    if final == LOWEST:
        if lowered:
            out.append(_finding("info", "Lowering to 1 does not mean No Further Action: no substantive offence can "
                                "be mitigated down to warrant no further action using the gravity factor decision "
                                "process alone (15.4).", NO_FURTHER_ACTION))
        out.append(_finding("info", "A Community Resolution falls outside the parameters of the final-score table: "
                            "it can be given where a minimal response is appropriate, usually when anti-social "
                            "behaviour falls short of a substantive criminal offence (15.3).", COMMUNITY_RESOLUTION))
    return out


def disposal_for(score: int) -> dict[str, Any]:
    """What a final score normally leads to, in the source's words, with its citation (15.1 table)."""
    _check_base(score)
    for row in load()["score_meanings"]:
        if row["score"] == score:
            return {"score": score, "meaning": row["meaning"], "citation": row["citation"],
                    "oddities": oddities_for_score(score),
                    "discretion": {"text": "Discretion does exist to deviate from the normal response, but only if "
                                   "the circumstances justify this, and the reasons must be fully recorded (15.2).",
                                   "citation": DISCRETION}}
    raise LookupError(f"no meaning recorded for score {score}")  # pragma: no cover - data checked by tests


def entries(category: str | None = None) -> list[dict[str, Any]]:
    """The matrix rows, optionally those of one offence group heading."""
    rows = load()["entries"]
    return [e for e in rows if category is None or e["category"] == category]


# --- the oddities the data records (seed 002, as printed): shown wherever their row or score is ----------------

def oddities_for_row(citation: str | None, doc: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """What the data records as odd about the matrix row at `citation` (a typo, a factor in a doubtful column,
    stacked sub-rows, a score the matrix gives differently elsewhere), each with its own citation. `doc` is the
    matrix (default: the shipped one)."""
    if not citation:
        return []
    return [o for o in (doc or load()).get("oddities", ()) if isinstance(o, dict) and citation in (o.get("rows") or ())]


def oddities_for_score(score: int) -> list[dict[str, Any]]:
    """What the data records as odd about the final-score table's row for `score` (15.1, L8630-L8666)."""
    return [o for o in load()["oddities"] if score in o.get("scores", ())]


def general_oddities() -> list[dict[str, Any]]:
    """Oddities of the document as a whole (no row, no score): a missing page, a garbled heading."""
    return [o for o in load()["oddities"] if not o.get("rows") and not o.get("scores")]


def score_conflict(citation: str | None, doc: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The matrix rows that score the offence of the row at `citation` differently, this row among them (s.63
    trespass: 3 under BURGLARY, seed 002 L9575; 4 under SEXUAL OFFENCES, L12865); [] when the matrix agrees with
    itself. Neither score is "the" matrix's: the decision maker chooses the starting point and records why."""
    doc = doc or load()
    rows = {c for o in oddities_for_row(citation, doc) if o.get("conflict") for c in o["rows"]}
    return [e for e in doc["entries"] if e["citation"] in rows]


def conflict_text(citation: str | None, doc: dict[str, Any] | None = None) -> str:
    """The conflict in words, or "" (the one sentence every view shows: reference, F9, the court's charge)."""
    rows = score_conflict(citation, doc)
    if not rows:
        return ""
    scored = " and ".join(f"{r['score']} under {r['category']} ('{r['offence']}', {r['citation']})" for r in rows)
    return (f"The matrix contradicts itself on this offence: it scores it {scored}. Either can be the starting "
            "point: decide which fits the offence on the evidence, and record why.")


def row_notes(citation: str | None, doc: dict[str, Any] | None = None) -> list[str]:
    """Each oddity of a row as the views show it, with its citation: the conflict once, then the others."""
    notes = [conflict_text(citation, doc)] if score_conflict(citation, doc) else []
    notes += [f"The source as printed: {o['text']} ({o['citation']})" for o in oddities_for_row(citation, doc)
              if not o.get("conflict")]
    return notes
