"""The shape of a policy pack, written once as msgspec types: checked when a pack is read (`packs.parse_pack`), and
given to pack authors as a JSON Schema for their editors (`yjtui pack schema`; the shipped copy is
`data/packs/pack.schema.json`, kept in step by a test).

What a type cannot say is checked after it, in `packs.py`: the name `national` is the baseline's, a rule listed
twice, effective_to after effective_from, a line number's seed, each risk level once in the contact minimums, one
timescale per rule and event, and everything against the rule book.

Each field says in `Meta(extra={"says": ...})` what it holds, in the words a fault is reported with
(`northshire.toml:14: values.contact_minimums.value[1].remainder: expected a whole number, got "two"`).
Imported with the first pack read (after the first paint), never at start-up: it imports msgspec.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, get_args

import msgspec
from msgspec import Meta, Struct

from yjtui.reference.schema import Fault, _at, check, fault, field_names, metas_at, says

from .facts import LEVELS, LOR_LEVELS as RISK_LEVELS  # a contact level answers a risk: low, medium or high
from .packs import NAME_RE, UNITS

def _is(words: str, description: str = "", **limits: Any) -> Meta:
    return Meta(extra={"says": words}, **({"description": description} if description else {}), **limits)


Text = Annotated[str, _is("some text", pattern=r"\S")]
Note = Annotated[str, _is("text", "A remark shown with the value (optional).")]
Whole = Annotated[int, _is("a whole number")]


class Cite(Struct, forbid_unknown_fields=True, kw_only=True):
    """Where a value comes from: every value a pack gives carries its own."""

    document: Annotated[str, _is("some text", "The document, as its title reads.", pattern=r"\S")]
    paragraph: Annotated[str, _is("text", "Its paragraph or section, e.g. \"4.4\".")] = ""
    seed: Annotated[str, _is("text", "The seed file the lines are in, three digits like \"002\" (needed with "
                                     "lines).")] = ""
    lines: Annotated[list[Annotated[int, Meta(gt=0)]], _is("a list of line numbers",
                                                           "Line numbers in the seed.")] = []


CiteTable = Annotated[Cite, _is("a table { document = ..., lines = [...] }",
                                "cite = { document = ..., paragraph = ..., seed = ..., lines = [...] }")]


class Value(Struct, forbid_unknown_fields=True):
    """A local value a rule reads with ctx.local(key), with its citation."""

    value: Annotated[Any, Meta(description="Any TOML value; the keys yjtui knows are checked further.")]
    cite: CiteTable
    note: Note = ""


class ContactLevel(Struct, forbid_unknown_fields=True):
    level: Text
    label: Text
    risk: Annotated[Literal[RISK_LEVELS], Meta(description="The risk level this intervention level answers.")]
    first_3_months: Annotated[int, _is("a whole number", "Minimum contacts a month in the first 3 months.", ge=0,
                                       le=60)]
    remainder: Annotated[int, _is("a whole number", "Minimum contacts a month after that.", ge=0, le=60)]


class Panel(Struct, forbid_unknown_fields=True):
    name: Text
    rosh: Annotated[list[Literal[LEVELS]], _is(f"a list of levels ({', '.join(LEVELS)})")] = []
    swb: Annotated[list[Literal[LEVELS]], _is(f"a list of levels ({', '.join(LEVELS)})")] = []
    not_at_mappa_levels: Annotated[list[Literal[1, 2, 3]], _is("a list of MAPPA levels 1-3")] = []


# Values with a known shape are checked further; any other key is accepted as written (with its cite), so that
# adding a value for a new rule is one line in the pack and one `ctx.local(key)` in the rule.
VALUE_TYPES: dict[str, Any] = {
    "contact_minimums": Annotated[
        list[Annotated[ContactLevel, _is("a table { level = ..., label = ..., risk = ..., first_3_months = ..., "
                                         "remainder = ... }")]],
        _is("a list of levels: [{ level, label, risk, first_3_months, remainder }, ...]",
            "Contact minimums by intervention level: one row for each risk level low, medium and high.",
            min_length=1)],
    "high_risk_panel": Annotated[Panel, _is("a table { name, rosh, swb, not_at_mappa_levels }",
                                            "The High Risk Panel: its name, the levels that refer, the MAPPA levels "
                                            "that do not.")],
    "plan_review_months": Annotated[int, _is("a whole number", "Months between intervention plan reviews.", ge=1,
                                             le=24)],
}


class Timescale(Struct, forbid_unknown_fields=True):
    """The amount of a local timescale: a row of rules/deadlines.py, which names its event and trigger."""

    rule: Text
    amount: Annotated[int, _is("a whole number", ge=0, le=1000)]
    unit: Literal[UNITS]
    cite: CiteTable
    event: Annotated[str, _is("some text", "Only where the rule runs from several events.", pattern=r"\S")] | None \
        = None
    note: Note = ""
    # The source's own words where it gives no number ("as necessary"): the amount is then a local default.
    source_says: Annotated[str, _is("the source's words", "Where the source gives no number: its own words.")] = ""


Day = Annotated[date, _is("a date like 2025-04-01 (no quotes)")]


class Pack(Struct, forbid_unknown_fields=True):
    """A service's local policy pack (TOML)."""

    name: Annotated[str, _is("a short lower-case name (letters, digits, - or _)",
                             "Lower case; --policy and Settings use it.", pattern=NAME_RE.pattern)]
    title: Annotated[str, _is("some text", "The short name messages use (\"below the Northshire minimum\").",
                              pattern=r"\S")]
    service: Text
    guidance: Annotated[list[Text], _is("a list naming the documents the pack comes from",
                                        "The documents the pack comes from.", min_length=1)]
    rules: Annotated[list[str], _is("a list of rule ids", "The local rules switched on, by id (yjtui rules --json).")]
    effective_from: Day | None = None
    effective_to: Day | None = None
    description: Annotated[str, _is("one line of text", "One line for Settings.")] = ""
    # Each value is checked on its own (a fault names its key: msgspec's own path does not, within a table).
    values: Annotated[dict[str, Any], _is("tables [values.<key>] with value and cite")] = {}
    timescales: Annotated[list[Annotated[Timescale, _is("a table with rule, amount, unit and cite")]],
                          _is("[[timescales]] tables (rule, event, amount, unit, cite)")] = []


REQUIRED = ("name", "title", "service", "guidance", "rules")


def first_fault(doc: Any) -> tuple[str, str, Any] | None:
    """The first place a pack's document does not have the shape above: (key path, what is wrong, the list element
    to find the line of, if any), or None."""
    if not isinstance(doc, dict):
        return "", "expected a table of keys", None
    missing = [k for k in REQUIRED if k not in doc]
    if missing:
        return missing[0], "the key is missing (a pack needs name, title, service, guidance and rules)", None
    found = _first(doc, Pack, ())
    if found:
        return found
    for key, entry in (doc.get("values") or {}).items():
        found = _first(entry, Value, ("values", key)) if isinstance(entry, dict) and "value" in entry else \
            (f"values.{key}", "expected a table with value = ... and cite = { ... }", None)
        if not found and key in VALUE_TYPES:
            found = _first(entry["value"], VALUE_TYPES[key], ("values", key, "value"))
        if found:
            return found
    return None


def _first(value: Any, tp: Any, prefix: tuple[str | int, ...]) -> tuple[str, str, Any] | None:
    try:
        check(value, tp)
    except msgspec.ValidationError as exc:
        return _words(fault(exc, value, prefix), tp, value, len(prefix))
    return None


def _words(f: Fault, tp: Any, value: Any, depth: int) -> tuple[str, str, Any]:
    inner = f.path[depth:]
    if f.kind == "unknown":
        return f"{f.key()}.{f.name}" if f.path else f.name, f"unknown key {f.name!r} (expected one of " \
                                                              f"{', '.join(field_names(tp, inner))})", None
    if f.kind == "missing":
        if f.name == "cite":
            return f.key(), "every value needs a cite = { document = ..., paragraph = ..., seed = ..., " \
                            "lines = [...] }", None
        return f.key(), f"the key {f.name!r} is missing", None
    if f.kind == "choice":  # one of a few words; in a list that says what it holds, the list is named
        listed = inner and isinstance(inner[-1], int) and says(metas_at(tp, inner[:-1])[1])
        if not listed:
            choices = ", ".join(str(c) for c in get_args(metas_at(tp, inner)[0]))
            return f.key(), f"expected one of {choices}, got {_show(f.value)}", None
    # The nearest place that says what it holds (a list of levels, not the level inside it).
    for cut in range(len(inner), -1, -1):
        _tp, metas = metas_at(tp, inner[:cut])
        words = says(metas)
        if words is None:
            continue
        held = _at(value, inner[:cut])
        where = Fault(f.path[:depth + cut], f.kind).key()
        if f.kind == "range" and cut == len(inner):
            low = next((m.ge for m in metas if m.ge is not None), None)
            high = next((m.le for m in metas if m.le is not None), None)
            return where, f"expected a whole number from {low} to {high}, got {held}", None
        return where, f"expected {words}, got {_show(held)}", None
    return f.key(), f.text or f"not what a pack holds here, got {_show(f.value)}", None


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 60 else text[:57] + "..."


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a pack, for editors that check TOML against one (Taplo, Even Better TOML): the known
    values' own shapes included."""
    known = list(VALUE_TYPES.items())
    (pack, value, *shapes), defs = msgspec.json.schema_components(
        [Pack, Value, *(tp for _key, tp in known)], ref_template="#/$defs/{name}")
    values = defs["Pack"]["properties"]["values"]
    values["additionalProperties"] = value
    values["properties"] = {key: {"allOf": [value, {"properties": {"value": shape}}]}
                            for (key, _tp), shape in zip(known, shapes)}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "yjtui policy pack",
            "description": "A service's local policy pack for yjtui (TOML). Check one with `yjtui pack check FILE`.",
            **pack, "$defs": defs}
