"""Running the rule book over one case: facts in, values, findings and deadlines out (the `evaluate` contract)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from . import bail_act, child, local, remand, risk  # noqa: F401  (importing registers the rules, in this order)
from . import safeguarding, mappa  # noqa: F401
from . import transfer, transition  # noqa: F401  (moves between services: issue 12)
from .core import Deadline, Finding, Pack, Rule
from .facts import SPEC_EVENT_TYPES, Case, FactsError, parse_facts
from .registry import RULES, Context

try:  # another engineer writes the deadline rules; the engine runs without them until they land
    from . import deadlines as _deadlines
except ImportError:  # pragma: no cover
    _deadlines = None

PACK_ORDER = tuple(p.value for p in Pack)
VERSION = 1

# Every key the spec lists, in the spec's order, present in every evaluation (null when inputs are missing).
SPEC_VALUE_KEYS = ("age", "lor_band", "rosh_suggested", "rosh_final", "rosh_needs_rationale", "swb_prepopulated",
                   "intervention_level", "minimum_contacts_per_month", "hrp_referral", "remand", "dyo_consider")
EXTRA_VALUE_KEYS = ("lor_yogrs_percent", "swb_final", "swb_highest_concern", "yiom_consider", "bail_grounds", "mappa",
                    "safeguarding")
# Spec "Additions": `transfer` (case responsibility gates); `transition` (youth to adult timeline) is extra.
SPEC_VALUE_KEYS += ("transfer",)
EXTRA_VALUE_KEYS += ("transition",)


def known_event_types() -> frozenset[str]:
    extra = getattr(_deadlines, "KNOWN_EVENT_TYPES", None) if _deadlines else None
    return SPEC_EVENT_TYPES | frozenset(extra or ())


def known_event_keys() -> dict[str, tuple[tuple[str, str], ...]]:
    keys = getattr(_deadlines, "EVENT_KEYS", None) if _deadlines else None
    return {t: tuple((k.name, k.kind) for k in ks) for t, ks in (keys or {}).items()}


_EVENT_TYPES = known_event_types()
_EVENT_KEYS = known_event_keys()


def resolve_packs(packs: list[str] | tuple[str, ...] | None) -> list[str]:
    """`national` always, then the local packs asked for, in a fixed order; unknown names are errors."""
    chosen = {"national"}
    for p in packs or ():
        if not isinstance(p, str) or p not in PACK_ORDER:
            raise FactsError("policy", f"{p!r} is not one of {', '.join(PACK_ORDER)}")
        chosen.add(p)
    return [p for p in PACK_ORDER if p in chosen]


@dataclass
class Evaluation:
    values: dict[str, Any]
    findings: list[Finding]
    deadlines: list[Deadline]
    policy: list[str]
    as_of: date | datetime
    case: Case | None = field(default=None, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "policy": list(self.policy),
            "as_of": self.as_of.isoformat(timespec="minutes") if isinstance(self.as_of, datetime)
            else self.as_of.isoformat(),
            "values": self.values,
            "findings": [f.to_json() for f in self.findings],
            "deadlines": [d.to_json() for d in self.deadlines],
        }


def evaluate(facts: dict, packs: list[str] | None = None, as_of: date | datetime | None = None) -> Evaluation:
    """Evaluate every rule in force for the packs on `as_of` (else facts.as_of, else today).

    Raises `FactsError` (with `.path`) for bad input.
    """
    policy = resolve_packs(packs)
    case = parse_facts(facts, _EVENT_TYPES, _EVENT_KEYS)
    if as_of is not None and not isinstance(as_of, (date, datetime)):
        raise FactsError("as_of", f"expected a date, got {type(as_of).__name__}")
    when = as_of if as_of is not None else case.as_of if case.as_of is not None else date.today()
    day = when.date() if isinstance(when, datetime) else when
    ctx = Context(as_of=day, packs=frozenset(policy))
    values: dict[str, Any] = dict.fromkeys(SPEC_VALUE_KEYS + EXTRA_VALUE_KEYS)
    ctx.values = values
    findings: list[Finding] = []
    for r in RULES:
        if r.pack.value not in ctx.packs:
            continue
        if r.dated_by == "as_of" and not r.in_force(day):
            continue
        result = r.apply(case, ctx)
        if result is None:
            continue
        values.update(result.values)
        findings.extend(result.findings)
    deadlines: list[Deadline] = []
    if _deadlines is not None and case.events:
        deadlines = list(_deadlines.deadlines_for(case.events, set(policy), when))
    return Evaluation(values=values, findings=findings, deadlines=deadlines, policy=policy, as_of=when, case=case)


def catalogue(packs: list[str] | None = None) -> list[Rule]:
    """Every rule (including the deadline rules), for the packs given (default: all packs)."""
    chosen = set(resolve_packs(packs)) if packs else set(PACK_ORDER)
    rules = list(RULES)
    if _deadlines is not None:
        rules.extend(getattr(_deadlines, "DEADLINE_RULES", []))
    return [r for r in rules if r.pack.value in chosen]
