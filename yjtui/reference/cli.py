"""`yjtui reference`: look up requirements, orders, bail grounds, MAPPA, Schedule 15, timescales and abbreviations.

    yjtui reference SET [--json] [QUERY]     one set, optionally filtered by QUERY
    yjtui reference search [--json] QUERY    every set
    yjtui reference --help                   the sets
"""

from __future__ import annotations

import json
import textwrap
from typing import Any, TextIO

from yjtui.reference import gravity
from yjtui.reference.loader import GRAVITY, RefEntry, RefSet, ReferenceDataError, load_all
from yjtui import text
from yjtui.reference.search import search

# Short name -> (file set name, what it holds).
SETS: dict[str, tuple[str, str]] = {
    "gravity": (GRAVITY, "ACPO gravity factor matrix: offence scores 1-4 and factors"),
    "yro": ("yro_requirements", "Youth Rehabilitation Order requirements and their limits"),
    "ancillary": ("ancillary_orders", "Ancillary (civil) orders: CBO, CPN, SHPO, KCPO..."),
    "reports": ("report_types", "Court report types: PSR, stand-down, bail and other reports"),
    "bail": ("bail_grounds", "Bail Act 1976 Sch 1: grounds to refuse bail (paraphrase)"),
    "remand": ("remand_conditions", "LASPO 2012 ss.98-99: conditions for remand to YDA (paraphrase)"),
    "mappa": ("mappa", "MAPPA categories, levels and children's notification periods"),
    "schedule15": ("schedule15", "CJA 2003 Schedule 15 specified offences (* serious specified)"),
    "timescales": ("timescales", "Deadlines and timescales from the Case Management Guidance"),
    "glossary": ("glossary", "Abbreviations and what they stand for"),
    "offences": ("offences", "Offences: how triable, Schedule 15, adult maximum (to be checked against the statute)"),
}
ALIASES = {full: short for short, (full, _) in SETS.items()}

USAGE = "usage: yjtui reference SET [--json] [QUERY] | yjtui reference search [--json] QUERY"


def _help() -> str:
    lines = [USAGE, "", "Sets:"]
    for short, (_, what) in SETS.items():
        lines.append(f"  {short:<11} {what}")
    lines.append(f"  {'search':<11} every set at once")
    lines += ["", "Options:", "  --json      print a JSON list of objects", "  -h, --help  this help"]
    return "\n".join(lines) + "\n"


def entry_json(entry: RefEntry) -> dict[str, Any]:
    """The entry as a JSON object: the file's own fields, plus the set name."""
    if entry.set == GRAVITY:
        raw = entry.raw
        return {
            "set": GRAVITY,
            "offence": raw["offence"],
            "category": raw["category"],
            "score": raw["score"],
            "aggravating": list(raw["aggravating"]),
            "mitigating": list(raw["mitigating"]),
            "notes": raw["notes"],
            "legislation": raw["legislation"],
            "citation": raw["citation"],
            # added (issue 23): what the data records as odd about this row, each {text, citation, rows, ...}
            "oddities": gravity.oddities_for_row(raw["citation"]),
        }
    return {"set": entry.set, **entry.raw}


def entry_text(entry: RefEntry) -> str:
    head = entry.title
    if entry.set == "glossary":
        head = f"{entry.raw['abbreviation']}: {entry.raw['expansion']}"
    elif entry.set == GRAVITY:
        score = entry.raw["score"]
        head = f"{entry.title}  [score {score if score is not None else '-'}]"
    elif entry.set == "schedule15":
        head = f"{entry.raw['number']}. {entry.title}{' *' if entry.raw['serious_specified'] else ''}"
    wrap = textwrap.TextWrapper(width=100, initial_indent="    ", subsequent_indent="    ")
    lines = [head]
    if entry.body and not (entry.set == "glossary" and entry.body == head):
        lines.append(wrap.fill(entry.body))
    limits = entry.raw.get("limits") if entry.set == "yro_requirements" else None
    if limits:
        shown = ", ".join(f"{k}={v}" for k, v in limits.items() if v is not None)
        if shown:
            lines.append(f"    limits: {shown}")
    lines.append(f"    ({entry.citation})")
    return "\n".join(lines)


def run_reference(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    """Run `yjtui reference ...`; returns the exit status (2 for a usage or data error)."""
    as_json = "--json" in argv
    args = [a for a in argv if a != "--json"]
    if not args or args[0] in ("-h", "--help", "help"):
        stdout.write(_help())
        return 0
    if any(a.startswith("-") and a not in ("-h", "--help") for a in args):
        bad = next(a for a in args if a.startswith("-"))
        stderr.write(f"yjtui reference: unknown option {bad} ({USAGE})\n")
        return 2
    if any(a in ("-h", "--help") for a in args):
        stdout.write(_help())
        return 0
    name, query = args[0], " ".join(args[1:]).strip()
    try:
        refsets = load_all()
    except ReferenceDataError as exc:
        stderr.write(f"yjtui reference: {exc}\n")
        return 2

    if name == "search":
        if not query:
            stderr.write("yjtui reference search: give a query, e.g. yjtui reference search curfew\n")
            return 2
        entries = [h.entry for h in search(query, refsets=refsets, limit=100)]
        label = f"search {query!r}"
    else:
        short = ALIASES.get(name, name)
        if short not in SETS:
            stderr.write(f"yjtui reference: unknown set {name!r}; choose from {', '.join(SETS)} or search\n")
            return 2
        full = SETS[short][0]
        refset: RefSet | None = refsets.get(full)
        if refset is None:
            stderr.write(f"yjtui reference: the {short} data ({full}.json) is not installed yet\n")
            return 2
        if query:
            entries = [h.entry for h in search(query, sets=[full], refsets=refsets, limit=10_000)]
        else:
            entries = list(refset.entries)
        label = refset.title + (f": {query!r}" if query else "")

    if as_json:
        json.dump([entry_json(e) for e in entries], stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
        return 0
    stdout.write(f"{label} ({len(entries)} {'entry' if len(entries) == 1 else 'entries'})\n")
    if name == "search":
        for e in entries:
            stdout.write(f"\n[{ALIASES.get(e.set, e.set)}] " + text.shown(entry_text(e), keep_newlines=True) + "\n")
    else:
        for e in entries:
            stdout.write("\n" + text.shown(entry_text(e), keep_newlines=True) + "\n")
    if ALIASES.get(name, name) == "gravity" and not query:
        stdout.write("\nThe source as printed, for the matrix as a whole and its final-score table:\n")
        wrap = textwrap.TextWrapper(width=100, initial_indent="  - ", subsequent_indent="    ")
        for odd in gravity.general_oddities() + [o for o in gravity.load()["oddities"] if o.get("scores")]:
            stdout.write(text.shown(wrap.fill(f"{odd['text']} ({odd['citation']})"), keep_newlines=True) + "\n")
    if name in ("bail", "bail_grounds", "remand", "remand_conditions"):
        stdout.write("\nA paraphrase of the statute, not the statute: check the current statute.\n")
    return 0
