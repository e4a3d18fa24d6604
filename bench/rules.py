"""How long one full evaluation takes: every rule, all packs, a full case (the spec example plus more).

Screens call the engine on every keystroke, so the budget is well under 1 ms. The figures are informational
and vary by machine; the baseline (json.loads + json.dumps of the same facts, measured in the same run) makes
them comparable. No test asserts on time.

    .venv/bin/python bench/rules.py [RUNS]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from yjtui.rules import evaluate  # noqa: E402

FULL_CASE = {
    "as_of": "2026-11-23",
    "child": {"date_of_birth": "2010-03-14", "looked_after": True, "open_to_social_care": True},
    "likelihood_of_reoffending": {"yogrs_percent": 80, "judgement": "high"},
    "rosh": {"behaviours": [
        {"description": "knife assault on rival", "setting": "community", "likelihood": "likely",
         "impact": "critical"},
        {"description": "robbery", "setting": "community", "likelihood": "very_likely", "impact": "major"},
        {"description": "assault on staff", "setting": "custody", "likelihood": "possible", "impact": "medium"},
    ], "judgement": "high"},
    "safety_wellbeing": {"concerns": True, "outcomes": [
        {"description": "homelessness", "setting": "community", "likelihood": "possible", "impact": "medium"},
        {"description": "neglect", "setting": "community", "likelihood": "very_likely", "impact": "medium"},
        {"description": "physical abuse", "setting": "community", "likelihood": "likely", "impact": "major"},
    ], "judgement": "high"},
    "mappa": {"category": 2, "level": 1, "criteria": {"category_1": False, "category_2": True,
                                                       "category_3": False, "category_4": False},
              "sentence": {"kind": "dto", "months": 12, "schedule_15_offence": True}},
    "bail": {
        "hearing_date": "2026-11-23",
        "offences": [
            {"description": "robbery", "imprisonable": True, "violent": True, "sexual": False, "terrorism": False,
             "max_adult_sentence_years": 14, "alleged_while_on_bail": False, "alleged_while_remanded": False},
            {"description": "theft", "imprisonable": True, "violent": False, "sexual": False, "terrorism": False,
             "max_adult_sentence_years": 7, "alleged_while_on_bail": True, "alleged_while_remanded": False},
        ],
        "custodial_sentence_very_likely": "unknown", "recent_significant_absconding_history": "no",
        "recent_significant_offending_on_bail_history": "yes", "history_relevant": "unknown",
        "necessity": "unknown", "legal_representation": "yes",
        "grounds": {"fail_to_surrender": "yes", "offend_on_bail": "unknown"},
    },
    "safeguarding": {"county_lines": "yes", "gang_association": "yes"},
    "events": [
        {"type": "remanded_to_yda", "at": "2026-12-24"},
        {"type": "serious_incident_charge", "at": "2026-11-20T15:00"},
        {"type": "sentenced_custody", "at": "2027-02-01", "custody_months": 12, "violent_or_sexual": True},
    ],
}
PACKS = ["enfield", "leicester"]


def timed(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return samples


def p99(samples: list[float]) -> float:
    return sorted(samples)[int(len(samples) * 0.99) - 1]


def main(runs: int = 2000) -> None:
    text = json.dumps(FULL_CASE)

    def full():
        evaluate(FULL_CASE, PACKS).to_json()

    def without_deadlines():
        facts = {k: v for k, v in FULL_CASE.items() if k != "events"}
        evaluate(facts, PACKS).to_json()

    def baseline():
        json.dumps(json.loads(text))

    for fn in (full, without_deadlines, baseline):  # warm caches (bank holidays per year, imports)
        fn()
    base = timed(baseline, runs)
    rows = [("evaluate, full case, all packs", timed(full, runs)),
            ("evaluate, no events (no deadlines)", timed(without_deadlines, runs)),
            ("baseline: json.loads + json.dumps", base)]
    n_findings = len(evaluate(FULL_CASE, PACKS).findings)
    print(f"{runs} runs; full case gives {n_findings} findings")
    for name, s in rows:
        med = statistics.median(s)
        print(f"{name:38s} median {med * 1e6:8.1f} us   p99 {p99(s) * 1e6:8.1f} us   "
              f"x{med / statistics.median(base):6.1f} baseline")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
