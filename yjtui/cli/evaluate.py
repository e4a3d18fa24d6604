"""`yjtui evaluate` and `yjtui rules`: the rules engine without the terminal UI (spec: shared/spec/evaluate.md).

Bad input of any kind exits 2 with nothing on standard output and one line on standard error:
`error: <field path>: <message>`.
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import date, datetime
from typing import IO, Any

from yjtui.inputs import MIB, InputError, loads_json, read_stream, read_text
from yjtui.rules import FactsError, PackError, catalogue, evaluate, pack_names
from yjtui.rules.facts import MAX_YEAR, MIN_YEAR
from yjtui.rules.packs import add_pack_file
from yjtui.text import json_text, shown

_AS_OF_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$")


class _UsageError(Exception):
    def __init__(self, path: str, message: str):
        super().__init__(message)
        self.path, self.message = path, message


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit status 2, via our own handler."""

    def error(self, message: str):  # type: ignore[override]
        raise _UsageError("usage", message)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _fail(stderr: IO[str], path: str, message: str) -> int:
    stderr.write(f"error: {shown(_one_line(path))}: {shown(_one_line(message))}\n")
    return 2


def parse_policy(text: str | None) -> list[str] | None:
    if text is None:
        return None
    packs = [p.strip() for p in text.split(",")]
    known = pack_names()
    for p in packs:
        if p not in known:
            raise _UsageError("--policy", f"{p!r} is not one of {', '.join(known)}")
    return packs


def load_pack_files(files: list[str] | None) -> list[str]:
    """--pack FILE (may be repeated): read and check each, so --policy accepts its name; returns the names."""
    names = []
    for path in files or ():
        try:
            names.append(add_pack_file(path).name)
        except PackError as exc:
            raise _UsageError("--pack", str(exc)) from None
    return names


def parse_as_of(text: str | None) -> date | datetime | None:
    if text is None:
        return None
    m = _AS_OF_RE.match(text)
    if not m:
        raise _UsageError("--as-of", f"{text!r} is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM)")
    y, mo, d, hh, mm = m.groups()
    try:
        when: date | datetime = (datetime(int(y), int(mo), int(d), int(hh), int(mm)) if hh is not None
                                 else date(int(y), int(mo), int(d)))
    except ValueError:
        raise _UsageError("--as-of", f"{text!r} is not a real date") from None
    if not MIN_YEAR <= when.year <= MAX_YEAR:
        raise _UsageError("--as-of", f"{text!r} is outside the years {MIN_YEAR}-{MAX_YEAR}")
    return when


MAX_FACTS_BYTES = 8 * MIB  # one case's facts are a few KiB


def read_facts(source: str, stdin: IO[str]) -> Any:
    """The facts, read with limits (yjtui.inputs): a regular file or standard input of at most 8 MiB, nested at
    most 32 deep, no whole number over 20 digits. Anything else is a usage error (exit 2), never a hang."""
    label = "stdin" if source == "-" else source
    try:
        text = (read_stream(stdin, limit=MAX_FACTS_BYTES, label="stdin") if source == "-"
                else read_text(source, limit=MAX_FACTS_BYTES))
    except InputError as exc:
        raise _UsageError(label, str(exc).split(": ", 1)[-1]) from None
    try:
        return loads_json(text)
    except InputError as exc:  # valid JSON, refused: too deep, a number too long
        raise _UsageError("input", str(exc)) from None
    except json.JSONDecodeError as exc:
        raise _UsageError("input", f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    except (ValueError, RecursionError) as exc:
        raise _UsageError("input", f"not valid JSON ({exc})") from None


def _warn_skipped_packs(stderr: IO[str]) -> None:
    """A broken pack in the user folder is left out, and said so (the evaluation goes on without it)."""
    from yjtui.rules.packs import library

    for problem in library().problems:
        stderr.write(f"warning: pack left out: {_one_line(str(problem))}\n")


def run_evaluate(argv: list[str], default_packs: list[str], stdin: IO[str], stdout: IO[str], stderr: IO[str]) -> int:
    parser = _Parser(prog="yjtui evaluate", add_help=False)
    parser.add_argument("--policy")
    parser.add_argument("--pack", action="append")
    parser.add_argument("--as-of", dest="as_of")
    parser.add_argument("source", nargs="?", default="-")
    try:
        args = parser.parse_args(argv)
        load_pack_files(args.pack)
        packs = parse_policy(args.policy)
        as_of = parse_as_of(args.as_of)
        facts = read_facts(args.source, stdin)
        result = evaluate(facts, default_packs if packs is None else packs, as_of).to_json()
        text = json_text(json.dumps(result, ensure_ascii=False, indent=2))  # the same JSON, safe on a terminal
    except _UsageError as exc:
        return _fail(stderr, exc.path, exc.message)
    except FactsError as exc:
        return _fail(stderr, exc.path, exc.message)
    _warn_skipped_packs(stderr)
    stdout.write(text + "\n")
    return 0


def run_rules(argv: list[str], stdout: IO[str], stderr: IO[str]) -> int:
    parser = _Parser(prog="yjtui rules", add_help=False)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--policy")
    parser.add_argument("--pack", action="append")
    try:
        args = parser.parse_args(argv)
        load_pack_files(args.pack)
        packs = parse_policy(args.policy)
    except _UsageError as exc:
        return _fail(stderr, exc.path, exc.message)
    rules = catalogue(packs)
    if args.json:
        stdout.write(json_text(json.dumps([r.to_json() for r in rules], ensure_ascii=False, indent=2)) + "\n")
        return 0
    rows = [("ID", "PACK", "IN FORCE", "TITLE / CITATION")]
    for r in rules:
        span = ""
        if r.effective_from or r.effective_to:
            span = f"{r.effective_from.isoformat() if r.effective_from else '...'} to " \
                   f"{r.effective_to.isoformat() if r.effective_to else 'now'}"
        rows.append((r.id, r.pack, span or "always", f"{r.title}"))
        rows.append(("", "", "", f"  {r.citation}"))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        stdout.write("  ".join(row[i].ljust(widths[i]) for i in range(3)) + "  " + row[3] + "\n")
    _write_event_types(stdout)
    _write_contract_additions(stdout)
    return 0


def _write_event_types(stdout: IO[str]) -> None:
    """The event types `evaluate` accepts and the extra keys each takes (spec: "documented in yjtui rules")."""
    try:
        from yjtui.rules.deadlines import EVENT_TYPES
    except ImportError:  # pragma: no cover
        return
    stdout.write("\nEVENT TYPES (events[].type; `at` is a date or date-time)\n")
    for etype, (meaning, keys) in EVENT_TYPES.items():
        stdout.write(f"  {etype}: {meaning}\n")
        for k in keys:
            stdout.write(f"      {k.name} ({k.kind}): {k.description}\n")


def _write_contract_additions(stdout: IO[str]) -> None:
    """Facts and values added to the contract (spec "Additions"): each rules module that adds some says so in a
    `CONTRACT` tuple of (name, meaning)."""
    import importlib
    import pkgutil

    import yjtui.rules as rules_pkg

    rows = []
    for info in sorted(pkgutil.iter_modules(rules_pkg.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"yjtui.rules.{info.name}")
        rows.extend(getattr(module, "CONTRACT", ()))
    if rows:
        stdout.write("\nFACTS AND VALUES ADDED (spec \"Additions\")\n")
        for name, meaning in rows:
            stdout.write(f"  {name}: {meaning}\n")
