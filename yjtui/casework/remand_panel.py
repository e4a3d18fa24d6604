"""What the court screen's LASPO panel and outcome say, worked out from the rules engine's values: the options the
law leaves open, each remand condition's status with its sources, and what an outcome recorded starts (deadlines,
checklist). Text as (words, style) parts; the screen draws them. No Textual, no Rich.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from yjtui.casework import case_facts
from yjtui.casework.dates import show_date
from yjtui.rules.court_checks import CourtOutcome, community_alternative_check, words
from yjtui.rules.court_form import AGE_10_OR_11, KNOWN_ASSESSMENTS_NOTE, NOW_LOOKED_AFTER
from yjtui.rules.levels import LABEL

Parts = list[tuple[str, str]]  # (words, style)

# The LASPO conditions as the panel shows them; the answers the practitioner gives for each (spec `bail` keys).
PANEL_CONDITIONS = (
    ("age", "Age: 12 or over (from the date of birth)", ()),
    ("sentencing", "Sentencing: custodial sentence very likely",
     (("custodial_sentence_very_likely", "Custody very likely"),)),
    ("offence", "Offence: 1st set violent, sexual, terrorism or 14+ years; 2nd set imprisonable (from the charges)",
     ()),
    ("history", "History (2nd set only)",
     (("recent_significant_absconding_history", "Absconding history, recent and significant"),
      ("recent_significant_offending_on_bail_history", "Offending-on-bail history, recent and significant"),
      ("history_relevant", "History relevant in all the circumstances"))),
    ("necessity", "Necessity: only YDA adequate; risks cannot be managed safely in the community",
     (("necessity", "Necessity"),)),
    ("legal_representation", "Legal representation", (("legal_representation", "Legally represented"),)),
)

OPTION_WORDS = {"open": "open", "closed": "closed by law", "not_yet_known": "not yet known"}
OPTION_TITLES = (("unconditional_bail", "Unconditional bail"), ("conditional_bail", "Conditional bail"),
                 ("remand_local_authority", "Local authority accommodation (RLAA)"),
                 ("remand_yda", "Youth detention accommodation (YDA)"))


def summary(remand: dict[str, Any], age: int | None, package: dict[str, Any]) -> Parts:
    """The panel's head: the age at the hearing, each option open or closed, the two sets, what is unresolved."""
    r = remand
    out: Parts = [("What the law leaves open\n", "bold"),
                  (f"Age at the hearing: {age if age is not None else 'not known (no date of birth)'}\n", "")]
    options = r.get("options_open") or {}
    for key, title in OPTION_TITLES:
        out += [(f"  {title}: ", ""), (OPTION_WORDS.get(options.get(key, ""), "not yet known") + "\n", "bold")]
    if age is not None and age < 12:
        out.append((AGE_10_OR_11 + "\n", "bold"))
    out.append((f"First set (s.98): {words(r.get('first_set', 'unknown'))}\n", ""))
    out.append((f"Second set (s.99): {words(r.get('second_set', 'unknown'))}\n", ""))
    unresolved = r.get("unresolved") or []
    out.append(("Unresolved: " + (", ".join(n.replace("_", " ") for n in unresolved) or "none") + "\n", ""))
    if r.get("law") == "pre-2022":
        out.append(("Hearing before 28 June 2022: the pre-2022 tests apply.\n", ""))
    for check in community_alternative_check(r.get("yda_available"), package):
        out.append((f"{check.message} ({check.citation})\n", "bold yellow"))
    out.append(("A paraphrase of the statute (note L): check the current statute.", "dim"))
    return out


def conditions(remand: dict[str, Any]) -> dict[str, Parts]:
    """Each LASPO condition: its label, its status in the first and second sets, and their sources."""
    found = remand.get("conditions") or {}
    first = {c["name"]: c for c in found.get("first_set", [])}
    second = {c["name"]: c for c in found.get("second_set", [])}
    out: dict[str, Parts] = {}
    for name, label, _answers in PANEL_CONDITIONS:
        status = []
        if name in first:
            status.append(f"1st set: {words(first[name]['status'])}")
        if name in second:
            status.append(f"2nd set: {words(second[name]['status'])}")
        cites = sorted({c["citation"] for c in (first.get(name), second.get(name)) if c})
        out[name] = [(label + "\n", "bold"), ("   ".join(status) + "\n", ""), ("; ".join(cites), "dim")]
    return out


def outcome_result(outcome: CourtOutcome, evaluation: Any, hearing_id: int | None) -> Parts:
    """An outcome recorded: what it is, the deadlines its event starts, and its checklist."""
    out: Parts = [(f"Recorded: {outcome.title}\n", "bold")]
    if outcome.looked_after:
        out.append((NOW_LOOKED_AFTER + "\n", ""))
    events = evaluation.case.events if evaluation and evaluation.case else []
    deadlines = [d for d in (evaluation.deadlines if evaluation else [])
                 if d.event is not None and d.event < len(events)
                 and events[d.event].get("type") == outcome.event_type
                 and events[d.event].get("hearing_id") == hearing_id]
    if deadlines:
        out.append(("\nDeadlines\n", "bold"))
        for d in deadlines:
            due = d.due.strftime("%d/%m/%Y %H:%M") if isinstance(d.due, datetime) else show_date(d.due)
            out.append((f"  {due}  {d.title} ({d.basis}; {d.citation})\n", ""))
    out.append(("\nChecklist\n", "bold"))
    out += [(f"  [ ] {item.text} ({item.citation})\n", "") for item in outcome.checklist]
    return out


def known_levels(store: Any, child: Any) -> str:
    """What the YJS already has assessed (RoSH, safety and wellbeing, reoffending, MAPPA), read when the screen
    opens."""
    latest = case_facts.latest_assessments(store, child.id)
    lines = []
    for kind, label in (("rosh", "RoSH"), ("swb", "Safety and wellbeing"), ("lor", "Likelihood of reoffending")):
        a = latest.get(kind)
        when = f" ({show_date(a.completed_at)})" if a and a.completed_at else ""
        lines.append(f"{label}: {LABEL.get(a.final, 'not assessed') if a else 'not assessed'}{when}")
    m = latest.get("mappa")
    if m:
        md = case_facts.loads(m.data, {})
        lines.append(f"MAPPA: category {md.get('category', '?')}, level {md.get('level', '?')}")
    else:
        lines.append("MAPPA: not recorded")
    lines.append(KNOWN_ASSESSMENTS_NOTE)
    return "\n".join(lines)
