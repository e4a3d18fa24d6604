"""Policy packs: a service's local rules as data.

A pack is a TOML file (read with the standard library's `tomllib`) that says which local rules a service switches
on, by id, and the local values those rules read: contact minimums by intervention level, panel referral
criteria, review cycles, local timescales. Every value carries its citation. Local rules are configuration in the
guidance's own terms (note E §0.2 "LOCAL: store as configuration, not code"); what only code can express (a rule's
logic, a timescale's trigger) stays code, and the pack names it.

`enfield` and `leicester` ship in `data/packs/`; a service adds its own by putting a file in the user config
folder (`<user config>/yjtui/packs/`) or passing `--pack FILE`. Files are read and validated once and cached: the
engine, called on every keystroke, never reads a file (`resolve` answers from memory).

The schema (`yjtui pack new NAME` writes a commented template):

    name = "northshire"                  # lower case; --policy and Settings use it
    title = "Northshire"                 # the short name messages use ("below the Northshire minimum")
    service = "Northshire Youth Justice Service"
    guidance = ["Northshire YJS Practice Standards 2025"]   # the documents the pack comes from
    effective_from = 2025-04-01          # optional: the pack applies to evaluations dated from this day
    effective_to = 2027-04-01            # optional: ... and before this day
    description = "one line for Settings"                   # optional
    rules = ["intervention.level", "plan.contact_minimum"]  # the local rules switched on, by id

    [values.<key>]                       # a local value a rule reads with ctx.local("<key>")
    value = ...                          # any TOML value; known keys are checked further (VALUE_CHECKS)
    cite = { document = "...", paragraph = "4.4", seed = "002", lines = [63, 86] }

    [[timescales]]                       # the amount of a local timescale (a row of rules/deadlines.py)
    rule = "hrp.review"
    event = "hrp_panel_held"             # optional: only where the rule runs from several events
    amount = 3
    unit = "months"
    cite = { ... }
    source_says = "as necessary"         # optional: the source's words where it gives no number (the amount is
                                         # then the pack's local default, shown as one to confirm)

Errors name the file, the key and the line: `northshire.toml:14: values.contact_minimums.value[1].remainder:
expected a whole number, got "two"`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping

from yjtui.inputs import InputError, KIB, loads_toml, read_text
from yjtui.text import shown

from .core import NATIONAL, Citation
from .facts import LOR_LEVELS as RISK_LEVELS  # a contact level answers a risk: low, medium or high

MAX_PACK_BYTES = 256 * KIB  # the shipped packs are under 10 KiB
NAME_RE = re.compile(r"^[a-z][a-z0-9_-]{1,39}$")
# Units of rules/deadlines.py `Unit` a pack may give (a test checks each is one). "on the date set": due on the
# date the event's anchor key holds (a date the practitioner or a panel set); "as soon as possible": the source
# gives no timescale, so due the day of the event (amount 0 for both).
UNITS = ("working days", "same working day", "calendar days", "weeks", "months", "hours", "hours before",
         "calendar days before", "months before", "next available High Risk Panel", "on the date set",
         "as soon as possible")


class PackError(ValueError):
    """A pack that cannot be used, with where: file, key path and line (when the key is in the text)."""

    def __init__(self, source: str, key: str, message: str, line: int | None = None):
        self.source, self.key, self.message, self.line = source, key, message, line
        where = f"{source}:{line}" if line else source
        # Shown as it is read: a file name or a quoted value could hold escape sequences (yjtui.text).
        super().__init__(shown(f"{where}: {key}: {message}" if key else f"{where}: {message}"))


class MissingLocalValue(LookupError):
    """A rule asked for a local value that no pack switched on gives."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


@dataclass(frozen=True, kw_only=True)
class _FromPack:
    """What every value a pack gives carries: its citation, the pack it came from, an optional note."""

    citation: Citation
    pack: str
    note: str = ""


@dataclass(frozen=True)
class LocalValue(_FromPack):
    key: str
    value: Any


@dataclass(frozen=True)
class LocalTimescale(_FromPack):
    """A local timescale's amount and unit: the rule and event name a row of `rules/deadlines.py`."""

    rule: str
    event: str | None
    amount: int
    unit: str
    # The source's own words where it gives no number ("once placed on ISS", "expeditiously"): the amount is then
    # the pack's local default, and the board, the findings and `evaluate` say so with these words.
    source_says: str = ""


@dataclass(frozen=True)
class PolicyPack:
    name: str
    title: str
    service: str
    guidance: tuple[str, ...]
    rules: tuple[str, ...]
    values: Mapping[str, LocalValue]
    timescales: tuple[LocalTimescale, ...]
    source: str
    effective_from: date | None = None
    effective_to: date | None = None
    description: str = ""
    shipped: bool = False
    lines: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)
    text: str = field(default="", repr=False, compare=False)

    def timescale(self, rule_id: str, event: str | None = None) -> LocalTimescale | None:
        found = {(t.rule, t.event): t for t in self.timescales}
        return found.get((rule_id, event)) or found.get((rule_id, None))

    def in_force(self, on: date) -> bool:
        if self.effective_from and on < self.effective_from:
            return False
        return not (self.effective_to and on >= self.effective_to)

    def line_of(self, path: str, element: Any = None) -> int | None:
        """The line of a key path (or of one string element of the list at that path)."""
        if element is not None:
            return _element_line(self.text, self.lines, path, element)
        return _line_for(self.lines, path, self.text)


# --- Finding a key's line (tomllib gives none) ---------------------------------------------------------------------

_HEADER = re.compile(r"^\[\[?\s*(.+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=""")


def _norm(dotted: str) -> str:
    parts = re.findall(r""""[^"]*"|'[^']*'|[^.\s]+""", dotted)
    return ".".join(p[1:-1] if p[:1] in "\"'" else p for p in parts)


def key_lines(text: str) -> dict[str, int]:
    """Each key path ("values.contact_minimums.cite", "timescales[2].amount") -> its line, 1-based."""
    lines: dict[str, int] = {}
    table, counts, in_string = "", {}, False
    for n, raw in enumerate(text.splitlines(), 1):
        s = raw.strip()
        if in_string:
            in_string = s.count('"""') % 2 == 0 and s.count("'''") % 2 == 0
            continue
        if not s or s.startswith("#"):
            continue
        header = _HEADER.match(s)
        if header and not _KEY.match(s):
            name = _norm(header.group(1))
            if s.startswith("[["):
                i = counts.get(name, 0)
                counts[name] = i + 1
                name = f"{name}[{i}]"
            table = name
            lines.setdefault(table, n)
            continue
        key = _KEY.match(s)
        if key:
            path = f"{table}.{_norm(key.group(1))}" if table else _norm(key.group(1))
            lines.setdefault(path, n)
            if (s.count('"""') + s.count("'''")) % 2 == 1:
                in_string = True
    return lines


def _line_for(lines: Mapping[str, int], path: str, text: str = "") -> int | None:
    """The line of `path`, else of the nearest enclosing key on a line of its own; inside a multi-line array
    written under a key (`value = [ {...}, {...} ]`), the line where element i starts."""
    while path:
        if path in lines:
            return lines[path]
        m = re.match(r"^(.*)\[(\d+)\]$", path)
        if m and text and m.group(1) in lines:
            return _array_element_line(text, lines[m.group(1)], int(m.group(2)))
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None


def _array_element_line(text: str, key_line: int, index: int) -> int:
    """Scan the array that starts on `key_line` for where its element `index` begins (strings and nesting kept)."""
    body = text.splitlines()[key_line - 1:]
    depth, count, quote, line, started = 0, 0, "", key_line, False
    for n, raw in enumerate(body):
        for ch in raw:
            if quote:
                quote = "" if ch == quote else quote
                continue
            if ch == "#":
                break
            if ch in "\"'":
                quote = ch
            if ch in "[{":
                depth += 1
                if depth == 1:
                    started = True
                    continue
            elif ch in "]}":
                depth -= 1
                if started and depth == 0:
                    return line
            elif ch == "," and depth == 1:
                count += 1
                continue
            if started and depth >= 1 and not ch.isspace() and count == index:
                return key_line + n
            if count > index:
                return line
        line = key_line + n
    return key_line


def _element_line(text: str, lines: Mapping[str, int], path: str, element: Any) -> int | None:
    """The line of an array element written as a string literal (e.g. one id in a multi-line `rules`)."""
    start = _line_for(lines, path)
    if start is None or not isinstance(element, str):
        return start
    all_lines = text.splitlines()
    for n in range(start, min(len(all_lines), start + 200) + 1):
        if f'"{element}"' in all_lines[n - 1] or f"'{element}'" in all_lines[n - 1]:
            return n
    return start


# --- Reading a pack ------------------------------------------------------------------------------------------------
# Its shape is msgspec types in `pack_schema.py` (also the JSON Schema pack authors get); what a type cannot say is
# checked here, after it.

class _Where:
    """The file's key lines, to raise a fault with its line: `fail` raises it."""

    def __init__(self, source: str, text: str):
        self.source, self.text, self.lines = source, text, key_lines(text)

    def fail(self, path: str, message: str, element: Any = None) -> None:
        line = _element_line(self.text, self.lines, path, element) if element is not None else \
            _line_for(self.lines, path, self.text)
        raise PackError(self.source, path, message, line)


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class ContactLevel:
    """One intervention level: the risk it answers, and minimum contacts a month (first 3 months, then after)."""

    level: str
    label: str
    risk: str
    first_3_months: int
    remainder: int


def _contact_minimums(c: _Where, value: list[dict], path: str) -> tuple[ContactLevel, ...]:
    """Contact minimums by intervention level: one row for each risk level low, medium and high."""
    seen_risk, seen_level, rows = set(), set(), []
    for i, row in enumerate(value):
        level, risk = row["level"].strip(), row["risk"]
        if risk in seen_risk or level in seen_level:
            c.fail(f"{path}[{i}]", f"risk {risk!r} or level {level!r} is listed twice")
        seen_risk.add(risk)
        seen_level.add(level)
        rows.append(ContactLevel(level, row["label"].strip(), risk, row["first_3_months"], row["remainder"]))
    missing = [r for r in RISK_LEVELS if r not in seen_risk]
    if missing:
        c.fail(path, f"no level for risk {', '.join(missing)} (every risk level needs one)")
    return tuple(rows)


# A value whose shape pack_schema.VALUE_TYPES checks may be built into what the rules read.
VALUE_BUILDERS: dict[str, Callable[[_Where, Any, str], Any]] = {
    "contact_minimums": _contact_minimums,
    "high_risk_panel": lambda _c, value, _path: MappingProxyType(dict(value)),
}


def _citation(c: _Where, cite: Mapping, path: str) -> Citation:
    lines, seed = cite.get("lines", []), cite.get("seed", "")
    if lines and not re.fullmatch(r"\d{3}", seed):
        c.fail(f"{path}.cite.seed", f"lines need the seed they are in, three digits like \"002\", got {_show(seed)}")
    return Citation(cite["document"].strip(), cite.get("paragraph", "").strip(), seed, tuple(lines))


def parse_pack(text: str, source: str = "<pack>", *, shipped: bool = False) -> PolicyPack:
    """Read and check one pack's text. Raises `PackError` naming the file, the key and the line."""
    try:
        doc = loads_toml(text)
    except InputError as exc:  # nested too deep, a number too long: said before any check walks it
        raise PackError(source, "", str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise PackError(source, "", f"not valid TOML: {msg}" + (f" (column {m.group(2)})" if m else ""),
                        int(m.group(1)) if m else None) from None
    from . import pack_schema  # msgspec: loaded with the first pack read, never at start-up

    c = _Where(source, text)
    fault = pack_schema.first_fault(doc)
    if fault is not None:
        key, message, element = fault
        if message.startswith("the key is missing"):
            raise PackError(source, key, message)  # nowhere in the text to point at
        c.fail(key, message, element)
    name = doc["name"]
    if name == NATIONAL:
        c.fail("name", "'national' is the baseline, always on: choose another name")
    rules = doc["rules"]
    for r in rules:
        if rules.count(r) > 1:
            c.fail("rules", f"{r!r} is listed twice", element=r)
    frm, to = doc.get("effective_from"), doc.get("effective_to")
    if frm and to and to <= frm:
        c.fail("effective_to", f"{to.isoformat()} is not after effective_from {frm.isoformat()}")
    values = {}
    for key, entry in doc.get("values", {}).items():
        path = f"values.{key}"
        citation = _citation(c, entry["cite"], path)
        build = VALUE_BUILDERS.get(key)
        value = build(c, entry["value"], f"{path}.value") if build else entry["value"]
        values[key] = LocalValue(key, value, citation=citation, pack=name, note=entry.get("note", ""))
    timescales, seen = [], set()
    for i, row in enumerate(doc.get("timescales", [])):
        path = f"timescales[{i}]"
        rule, event = row["rule"].strip(), (row.get("event") or "").strip() or None
        if (rule, event) in seen:
            c.fail(path, f"a second timescale for rule {rule!r}" + (f" at event {event!r}" if event else ""))
        seen.add((rule, event))
        timescales.append(LocalTimescale(rule, event, row["amount"], row["unit"], row.get("source_says", "").strip(), citation=_citation(c, row["cite"], path),
                                         pack=name, note=row.get("note", "")))
    return PolicyPack(name=name, title=doc["title"].strip(), service=doc["service"].strip(),
                      guidance=tuple(g.strip() for g in doc["guidance"]), rules=tuple(rules),
                      values=MappingProxyType(values), timescales=tuple(timescales), source=source,
                      effective_from=frm, effective_to=to, description=doc.get("description", "").strip(),
                      shipped=shipped, lines=MappingProxyType(c.lines), text=text)


def load_pack(path: Path | str, *, shipped: bool = False) -> PolicyPack:
    path = Path(path)
    try:
        text = read_text(path, limit=MAX_PACK_BYTES)  # a regular file, bounded: never a FIFO or /dev/zero
    except InputError as exc:
        raise PackError(str(path), "", str(exc).removeprefix(f"{shown(str(path))}: ")) from None
    return parse_pack(text, path.name if shipped else str(path), shipped=shipped)


# --- The packs switched on together --------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Policy:
    """National plus the local packs switched on: which local rules run, with which values. Built once, cached."""

    packs: tuple[PolicyPack, ...] = ()
    rules: frozenset[str] = frozenset()
    values: Mapping[str, LocalValue] = field(default_factory=dict)
    timescales: Mapping[tuple[str, str | None], LocalTimescale] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return [NATIONAL, *(p.name for p in self.packs)]

    def switches_on(self, rule_id: str) -> bool:
        return rule_id in self.rules

    def get(self, key: str) -> LocalValue | None:
        return self.values.get(key)

    def local(self, key: str) -> Any:
        """The value of a local key; `MissingLocalValue` when no pack switched on gives it."""
        try:
            return self.values[key].value
        except KeyError:
            raise MissingLocalValue(key) from None

    def timescale(self, rule_id: str, event: str | None = None) -> LocalTimescale | None:
        return self.timescales.get((rule_id, event)) or self.timescales.get((rule_id, None))

    def title_of(self, pack: str) -> str:
        """The short name ("Kent") of a pack switched on, by its name."""
        return next((p.title for p in self.packs if p.name == pack), pack)

    def title_for(self, key: str) -> str:
        """The short name ("Enfield") of the pack that gives a local value, for messages ("the Enfield minimum")."""
        value = self.values.get(key)
        return next((p.title for p in self.packs if value is not None and p.name == value.pack), "local")

    def on(self, day: date) -> "Policy":
        """The packs in force on `day` (a pack's effective dates); the same object when all are."""
        if all(p.in_force(day) for p in self.packs):
            return self
        return _combine(tuple(p for p in self.packs if p.in_force(day)))


def _combine(packs: tuple[PolicyPack, ...]) -> Policy:
    values: dict[str, LocalValue] = {}
    timescales: dict[tuple[str, str | None], LocalTimescale] = {}
    for p in packs:
        for key, v in p.values.items():
            if key in values and values[key].value != v.value:
                raise PackError(p.source, f"values.{key}", f"packs {values[key].pack} and {p.name} both set "
                                f"{key}: switch one of them off", p.line_of(f"values.{key}"))
            values.setdefault(key, v)
        for t in p.timescales:
            other = timescales.get((t.rule, t.event))
            if other is not None and (other.amount, other.unit) != (t.amount, t.unit):
                raise PackError(p.source, "timescales", f"packs {other.pack} and {p.name} both time {t.rule}: "
                                "switch one of them off")
            timescales.setdefault((t.rule, t.event), t)
    return Policy(packs=packs, rules=frozenset(r for p in packs for r in p.rules),
                  values=MappingProxyType(values), timescales=MappingProxyType(timescales))


NATIONAL_ONLY = Policy()


def policy_for(packs: "Iterable[str] | Policy | None") -> Policy:
    """A resolved policy as it is, or the packs named (names no longer known switch nothing on: a store may name a
    pack whose file has since been removed; Settings says so)."""
    if isinstance(packs, Policy):
        return packs
    lib = library()
    return lib.resolve([p for p in packs or () if isinstance(p, str) and (p == NATIONAL or p in lib.packs)])


# --- Where packs come from -----------------------------------------------------------------------------------------

def shipped_dir() -> Path:
    from yjtui.reference.loader import data_dir

    return data_dir() / "packs"


def user_dir() -> Path:
    """The folder a service puts its own packs in (platformdirs' user config folder for yjtui)."""
    from platformdirs import user_config_path

    return user_config_path("yjtui") / "packs"


class PackLibrary:
    """Every pack yjtui knows: shipped, the user folder's, and files given with --pack. Read once.

    A broken file in the user folder does not stop the app: it is left out and listed in `problems`.
    """

    def __init__(self, shipped: Path | None = None, user: Path | None = None,
                 files: Iterable[Path | str] = ()) -> None:
        self.packs: dict[str, PolicyPack] = {}
        self.problems: list[PackError] = []
        self._policies: dict[tuple[str, ...], Policy] = {}
        for path in sorted((shipped or shipped_dir()).glob("*.toml")):
            self._add(load_pack(path, shipped=True))  # a broken shipped pack is a bug: fail loudly
        folder = user if user is not None else user_dir()
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else ():
            self._try(path)
        for path in files:
            self.add_file(path)

    def _try(self, path: Path) -> PolicyPack | None:
        try:
            return self._add(load_pack(path))
        except PackError as exc:
            self.problems.append(exc)
            return None

    def _add(self, pack: PolicyPack) -> PolicyPack:
        check_against_rules(pack)
        known = self.packs.get(pack.name)
        if known is not None and known.source != pack.source:
            raise PackError(pack.source, "name", f"a pack named {pack.name!r} is already loaded from "
                            f"{known.source}: choose another name", pack.line_of("name"))
        self.packs[pack.name] = pack
        self._policies.clear()
        return pack

    def add_file(self, path: Path | str) -> PolicyPack:
        """A pack given on the command line (--pack FILE): an error in it is the caller's to report."""
        return self._add(load_pack(path))

    def names(self) -> list[str]:
        """Shipped packs first, then the service's own, each by name: the order packs are listed and applied in."""
        return sorted(self.packs, key=lambda n: (not self.packs[n].shipped, n))

    def resolve(self, names: Iterable[str] | None) -> Policy:
        """National always, then the local packs named, in a fixed order. Unknown names raise `KeyError`."""
        chosen = set()
        for n in names or ():
            if not isinstance(n, str) or (n != NATIONAL and n not in self.packs):
                raise KeyError(n)
            chosen.add(n)
        key = tuple(n for n in self.names() if n in chosen)
        policy = self._policies.get(key)
        if policy is None:
            policy = self._policies[key] = _combine(tuple(self.packs[n] for n in key))
        return policy


_LIBRARY: PackLibrary | None = None
_EXTRA_FILES: list[Path] = []


def library() -> PackLibrary:
    """The packs of this process, read on first use and kept (`reload` reads the folders again)."""
    global _LIBRARY
    if _LIBRARY is None:
        _LIBRARY = PackLibrary(files=_EXTRA_FILES)
    return _LIBRARY


def add_pack_file(path: Path | str) -> PolicyPack:
    """--pack FILE: load and check it now (raises `PackError`), and keep it across `reload`."""
    pack = library().add_file(path)
    _EXTRA_FILES.append(Path(path))
    return pack


def reload() -> PackLibrary:
    global _LIBRARY
    _LIBRARY = None
    return library()


def shipped_pack(name: str) -> PolicyPack:
    """A pack that ships with yjtui, parsed without the rule book (for the catalogue's own citations)."""
    return _shipped()[name]


_SHIPPED: dict[str, PolicyPack] = {}


def _shipped() -> dict[str, PolicyPack]:
    if not _SHIPPED:
        for path in sorted(shipped_dir().glob("*.toml")):
            pack = load_pack(path, shipped=True)
            _SHIPPED[pack.name] = pack
    return _SHIPPED


# --- Checking a pack against the rule book -------------------------------------------------------------------------

def check_against_rules(pack: PolicyPack) -> None:
    """Every rule the pack names exists and is local; every local timescale it switches on has its amount."""
    from . import engine  # the rule book; imported here because the engine imports this module

    local, national = engine.local_rule_ids(), engine.national_rule_ids()
    rows = engine.local_timescale_rows()
    needs = engine.local_values_needed()
    for rid in pack.rules:
        if rid in national:
            raise PackError(pack.source, "rules", f"{rid!r} is a national rule, always on: leave it out",
                            pack.line_of("rules", rid))
        if rid not in local:
            raise PackError(pack.source, "rules", f"no local rule {rid!r} (yjtui rules --json lists them)",
                            pack.line_of("rules", rid))
        for key in needs.get(rid, ()):
            if key not in pack.values:
                raise PackError(pack.source, "values", f"rule {rid} reads the local value {key!r}: add "
                                f"[values.{key}] with its value and cite", pack.line_of("values") or 1)
    for problem in engine.pack_problems(pack):
        raise PackError(pack.source, "rules", problem, pack.line_of("rules"))
    on = set(pack.rules)
    for i, t in enumerate(pack.timescales):
        events = {event for rid, event in rows if rid == t.rule}
        if not events:
            raise PackError(pack.source, f"timescales[{i}].rule", f"{t.rule!r} is not a local timescale",
                            pack.line_of(f"timescales[{i}].rule"))
        if t.rule not in on:
            raise PackError(pack.source, f"timescales[{i}].rule", f"{t.rule!r} is not switched on: add it to "
                            "rules", pack.line_of(f"timescales[{i}].rule"))
        if t.event is not None and t.event not in events:
            raise PackError(pack.source, f"timescales[{i}].event", f"{t.rule} does not run from {t.event!r} "
                            f"(it runs from {', '.join(sorted(events))})", pack.line_of(f"timescales[{i}].event"))
    given = {(t.rule, t.event) for t in pack.timescales}
    for rid, event in rows:
        if rid in on and (rid, event) not in given and (rid, None) not in given:
            raise PackError(pack.source, "timescales", f"rule {rid} is switched on but has no timescale for the "
                            f"event {event!r}: add [[timescales]] rule = \"{rid}\" with amount, unit and cite",
                            pack.line_of("rules"))

