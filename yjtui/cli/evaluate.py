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

from yjtui.rules import FactsError, PackError, catalogue, evaluate, pack_names
from yjtui.rules.facts import MAX_YEAR, MIN_YEAR
from yjtui.rules.packs import add_pack_file

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
    stderr.write(f"error: {_one_line(path)}: {_one_line(message)}\n")
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


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def read_facts(source: str, stdin: IO[str]) -> Any:
    label = "stdin" if source == "-" else source
    try:
        if source == "-":
            text = stdin.read()
        else:
            with open(source, encoding="utf-8") as fh:
                text = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise _UsageError(label, f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise _UsageError("input", f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    except (ValueError, RecursionError) as exc:
        raise _UsageError("input", f"not valid JSON ({exc})") from None


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
        text = json.dumps(result, ensure_ascii=False, indent=2)
    except _UsageError as exc:
        return _fail(stderr, exc.path, exc.message)
    except FactsError as exc:
        return _fail(stderr, exc.path, exc.message)
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
        stdout.write(json.dumps([r.to_json() for r in rules], ensure_ascii=False, indent=2) + "\n")
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
