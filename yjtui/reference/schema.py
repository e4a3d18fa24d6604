"""One schema language for the data files yjtui reads: msgspec types, checked when a file is read, and their faults
put in the words of the person who wrote the file (the key path, what was expected, what was found).

The reference sets' entries are typed here; a policy pack's shape is in `rules/pack_schema.py`, built on the helpers
below. msgspec is imported only by this module and that one, which load when a file is checked, never on the way to
the first screen (bench/startup.py): the reference data is checked again only when its files change
(`reference/checked.py`), packs are read after the first paint.

A fault is a `Fault`: the key path as the file's author writes it (`values.contact_minimums.value[1].remainder`,
`entries[3].limits`), what kind of fault, and the value found there (looked up in the document: msgspec names the
place, not the value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

import msgspec
from msgspec import Meta, Struct

# --- faults in the file author's words ---------------------------------------------------------------------------

_AT = re.compile(r"^(?P<what>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.S)
_TOKEN = re.compile(r"\.([^.\[]+)|\[(\d+|\.\.\.)\]")


@dataclass(frozen=True)
class Fault:
    path: tuple[str | int, ...]  # keys and list indexes from the document's top
    kind: str  # missing, unknown, type, range, pattern, length, choice, other
    name: str = ""  # the key missing or unknown
    text: str = ""  # msgspec's own words (kind "other")
    value: Any = None  # what the document holds at `path` (None when nothing is there)

    def key(self, prefix: str = "") -> str:
        """`values.x.value[1].remainder`: dotted keys, [i] for list elements."""
        out = prefix
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out


def fault(exc: msgspec.ValidationError, doc: Any, prefix: tuple[str | int, ...] = ()) -> Fault:
    """msgspec's error as a `Fault`, its path below `prefix` and the value `doc` holds there."""
    m = _AT.match(str(exc))
    what, raw = m.group("what"), m.group("path") or ""
    path: tuple[str | int, ...] = prefix + tuple(
        key or (int(idx) if idx.isdigit() else idx) for key, idx in _TOKEN.findall(raw))
    value = _at(doc, path[len(prefix):])
    for kind, pattern in (("missing", r"Object missing required field `(.+)`"),
                          ("unknown", r"Object contains unknown field `(.+)`")):
        named = re.fullmatch(pattern, what)
        if named:
            return Fault(path, kind, name=named.group(1), value=value)
    if what.startswith("Invalid enum value"):
        return Fault(path, "choice", value=value)
    if re.fullmatch(r"Expected `.+?`, got `.+?`", what):
        return Fault(path, "type", value=value)
    if re.fullmatch(r"Expected `.+?` (>=|<=|>|<) .+", what):
        return Fault(path, "range", value=value)
    if re.fullmatch(r"Expected `.+?` matching regex .+", what):
        return Fault(path, "pattern", value=value)
    if re.fullmatch(r"Expected `.+?` of length .+", what):
        return Fault(path, "length", value=value)
    return Fault(path, "other", text=what, value=value)


def _at(doc: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        if isinstance(part, int) and isinstance(doc, list) and 0 <= part < len(doc):
            doc = doc[part]
        elif isinstance(part, str) and isinstance(doc, dict) and part in doc:
            doc = doc[part]
        else:
            return None
    return doc


def metas_at(tp: Any, path: tuple[str | int, ...]) -> tuple[Any, list[Meta]]:
    """The type a path leads to within `tp` (a Struct and what it holds), and the `Meta`s written on it."""
    metas: list[Meta] = []
    for part in path:
        tp, metas = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, Struct) and isinstance(part, str):
            found = {f.name: f.type for f in msgspec.structs.fields(tp)}
            if part not in found:
                return None, []
            tp = found[part]
        elif get_origin(tp) in (list, tuple) and isinstance(part, int):
            tp = get_args(tp)[0]
        elif get_origin(tp) is dict:
            tp = get_args(tp)[1]
        else:
            return None, []
    return _unwrap(tp)


def _unwrap(tp: Any) -> tuple[Any, list[Meta]]:
    metas: list[Meta] = []
    while True:
        if get_origin(tp) is Annotated:
            tp, *extra = get_args(tp)
            metas += [m for m in extra if isinstance(m, Meta)]
        elif get_origin(tp) is Union or type(tp).__name__ == "UnionType":
            members = [a for a in get_args(tp) if a is not type(None)]
            if len(members) != 1:
                return tp, metas
            tp = members[0]
        else:
            return tp, metas


def field_names(tp: Any, path: tuple[str | int, ...]) -> list[str]:
    """The keys the table at `path` may hold (for "unknown key 'x' (expected one of ...)")."""
    struct, _ = metas_at(tp, path)
    if isinstance(struct, type) and issubclass(struct, Struct):
        return sorted(f.encode_name for f in msgspec.structs.fields(struct))
    return []


def says(metas: list[Meta]) -> str | None:
    """What a field holds, in words, as its `Meta(extra={"says": ...})` puts it."""
    for m in metas:
        if m.extra and "says" in m.extra:
            return m.extra["says"]
    return None


def check(value: Any, tp: Any) -> None:
    """Raise msgspec's ValidationError unless `value` (as tomllib or json gave it) has the shape `tp` says; a date
    must be a date (TOML's bare 2025-04-01), never a string that looks like one."""
    import datetime

    msgspec.convert(value, tp, strict=True, builtin_types=(datetime.date,))


# --- the reference sets ---------------------------------------------------------------------------------------------

class Entry(Struct):
    """Every entry of every set (other keys are kept as written: the screens and rules read them from `raw`)."""

    id: str
    title: str
    body: str
    keywords: list[Any]
    citation: str


class YroRequirement(Entry):
    limits: dict[str, Any]
    management: str
    limits_by_age: list[Any] = []


class Schedule15(Entry):
    number: int
    part: str
    serious_specified: bool
    act: str
    section: str


class GlossaryEntry(Entry):
    abbreviation: str
    expansion: str


class BailGround(Entry):
    statute: str


class RemandCondition(Entry):
    statute: str
    condition_set: str


class TimescaleEntry(Entry):
    trigger: str
    deadline: str
    strength: str


class Offence(Entry):
    gravity_offence: str
    triable_as_printed: str
    schedule15: list[Any]
    serious_specified: bool
    max_adult_life: bool
    max_source: str
    schedule15_source: str
    check: str


ENTRY_TYPES: dict[str, type[Entry]] = {
    "yro_requirements": YroRequirement, "schedule15": Schedule15, "glossary": GlossaryEntry,
    "bail_grounds": BailGround, "remand_conditions": RemandCondition, "timescales": TimescaleEntry,
    "offences": Offence,
}


class GravityRow(Struct):
    offence: str
    category: str
    aggravating: list[Any]
    mitigating: list[Any]
    notes: str
    legislation: str
    score: Annotated[int, Meta(ge=1, le=4)] | None
    citation: str


TYPE_WORDS = {str: "string", list: "list", dict: "object", int: "integer", bool: "boolean", float: "number"}


def type_words(tp: Any) -> str:
    """A field's type as the reference files' messages say it ("string", "boolean", "list", "object")."""
    tp, _ = _unwrap(tp)
    return TYPE_WORDS.get(get_origin(tp) or tp, getattr(tp, "__name__", str(tp)))
