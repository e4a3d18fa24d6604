"""Running the rule book over one case: facts in, values, findings and deadlines out (the `evaluate` contract)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from . import bail_act, child, local, remand, risk  # noqa: F401  (importing registers the rules, in this order)
from . import safeguarding, mappa  # noqa: F401
from . import packs as _packs
from . import plan_checks as _plan_checks
from .core import NATIONAL, Deadline, Finding, Rule, Severity
from . import oocd, iss, dyo  # noqa: F401  (the police workflows, issue 14)
from . import exploitation  # noqa: F401  (after safeguarding: its NRM prompts read the same flags)
from . import transfer, transition  # noqa: F401  (moves between services: issue 12)
from . import supervision, breach, court_reports, victims, custody  # noqa: F401  (supervision from sentence to closure: issue 24)
from .facts import SPEC_EVENT_TYPES, Case, FactsError, parse_events, parse_facts
from .packs import MissingLocalValue, Policy
from .registry import RULES, Context

try:  # another engineer writes the deadline rules; the engine runs without them until they land
    from . import deadlines as _deadlines
except ImportError:  # pragma: no cover
    _deadlines = None

VERSION = 1

# Every key the spec lists, in the spec's order, present in every evaluation (null when inputs are missing).
SPEC_VALUE_KEYS = ("age", "lor_band", "rosh_suggested", "rosh_final", "rosh_needs_rationale", "swb_prepopulated",
                   "intervention_level", "minimum_contacts_per_month", "hrp_referral", "remand", "dyo_consider")
SPEC_VALUE_KEYS += ("oocd",)  # spec "Additions": the out-of-court decision (issue 14)
EXTRA_VALUE_KEYS = ("lor_yogrs_percent", "swb_final", "swb_highest_concern", "yiom_consider", "bail_grounds", "mappa",
                    "safeguarding")
# Keys the spec's "Additions" list, present in every evaluation (null without their facts); `transition` (the
# youth to adult timeline) is an extra of ours.
ADDED_VALUE_KEYS = ("exploitation", "transfer")
EXTRA_VALUE_KEYS += ("transition",)
EXTRA_VALUE_KEYS += ("lor_final",)  # issue 23: the LoR judgement the local schemes read (rules/risk.py)
EXTRA_VALUE_KEYS += ("supervision", "breach", "court_reports", "victims", "referral_order", "custody")  # issue 24: supervision from sentence to closure


def known_event_types() -> frozenset[str]:
    extra = getattr(_deadlines, "KNOWN_EVENT_TYPES", None) if _deadlines else None
    return SPEC_EVENT_TYPES | frozenset(extra or ())


def known_event_keys() -> dict[str, tuple[tuple[str, str], ...]]:
    keys = getattr(_deadlines, "EVENT_KEYS", None) if _deadlines else None
    return {t: tuple((k.name, k.kind) for k in ks) for t, ks in (keys or {}).items()}


_EVENT_TYPES = known_event_types()
_EVENT_KEYS = known_event_keys()


def pack_names() -> list[str]:
    """`national`, then every local pack yjtui knows (shipped, the user folder's, --pack files), in order."""
    return [NATIONAL, *_packs.library().names()]


def resolve_policy(packs: list[str] | tuple[str, ...] | None) -> Policy:
    """The packs asked for, read once and cached; unknown names and clashing packs are errors at `policy`."""
    try:
        return _packs.library().resolve(packs)
    except KeyError as exc:
        raise FactsError("policy", f"{exc.args[0]!r} is not one of {', '.join(pack_names())}") from None
    except _packs.PackError as exc:
        raise FactsError("policy", str(exc)) from None


def resolve_packs(packs: list[str] | tuple[str, ...] | None) -> list[str]:
    """`national` always, then the local packs asked for, in a fixed order; unknown names are errors."""
    return resolve_policy(packs).names


# --- What packs may switch on (checked when a pack is loaded: rules/packs.py check_against_rules) ---------------

def _all_rules() -> list[Rule]:
    return list(RULES) + list(getattr(_deadlines, "DEADLINE_RULES", []) if _deadlines else [])


def local_rule_ids() -> set[str]:
    """Rules that run only when a pack switches them on: local rules, local timescales and local plan checks."""
    return {r.id for r in _all_rules() if r.pack != NATIONAL} | set(_plan_checks.LOCAL_CHECKS)


def national_rule_ids() -> set[str]:
    return {r.id for r in _all_rules() if r.pack == NATIONAL} | \
        {rid for rid, _what, _cite in _plan_checks.CHECKS if rid not in _plan_checks.LOCAL_CHECKS}


def local_timescale_rows() -> set[tuple[str, str]]:
    """(rule, event) of each local timescale whose amount a pack must give."""
    rows = getattr(_deadlines, "LOCAL_ROWS", ()) if _deadlines else ()
    return {(row.rule, row.event) for row in rows}


def pack_problems(pack: _packs.PolicyPack) -> list[str]:
    """What a pack lacks for the local plan checks it switches on."""
    return _plan_checks.pack_problems(pack)


def local_values_needed() -> dict[str, tuple[str, ...]]:
    """rule id -> the local values it reads (declared with `@rule(..., local=(...))`)."""
    needed = {r.id: r.local for r in RULES if r.local}
    needed.update(_plan_checks.LOCAL_CHECKS)
    return needed


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
    chosen = resolve_policy(packs)
    case = parse_facts(facts, _EVENT_TYPES, _EVENT_KEYS)
    if as_of is not None and not isinstance(as_of, (date, datetime)):
        raise FactsError("as_of", f"expected a date, got {type(as_of).__name__}")
    when = as_of if as_of is not None else case.as_of if case.as_of is not None else date.today()
    day = when.date() if isinstance(when, datetime) else when
    policy = chosen.on(day)  # a pack outside its effective dates does not apply
    ctx = Context(as_of=day, packs=frozenset(policy.names), policy=policy)
    values: dict[str, Any] = dict.fromkeys(SPEC_VALUE_KEYS + EXTRA_VALUE_KEYS + ADDED_VALUE_KEYS)
    ctx.values = values
    findings: list[Finding] = []
    for r in RULES:
        if r.pack != NATIONAL and not policy.switches_on(r.id):
            continue
        if r.dated_by == "as_of" and not r.in_force(day):
            continue
        try:
            result = r.apply(case, ctx)
        except MissingLocalValue as exc:
            # A pack switched the rule on without the value it reads: say so on screen rather than crash.
            findings.append(Finding(r.id, Severity.WARNING, f"The local pack that switches this rule on gives no "
                                    f"value {exc.key!r}: check it with `yjtui pack check`.", str(r.citation)))
            continue
        if result is None:
            continue
        values.update(result.values)
        findings.extend(result.findings)
    return Evaluation(values=values, findings=findings, deadlines=_deadlines_of(case.events, policy, when),
                      policy=chosen.names, as_of=when, case=case)


def _deadlines_of(events: list[dict], policy: Policy, when: date | datetime) -> list[Deadline]:
    if _deadlines is None or not events:
        return []
    return list(_deadlines.deadlines_for(events, policy, when))


def deadlines_only(events: Any, chosen: Policy, as_of: date | datetime) -> list[Deadline]:
    """Only the deadline rules: what `evaluate(facts, packs, as_of).deadlines` gives for a case whose facts hold
    these `events` (the facts' `events` list), without running the other rules. `chosen` is the packs' policy,
    resolved once (`resolve_policy`) for a whole caseload: the deadline board asks this for every child.

    Raises `FactsError` for an event the engine cannot read (as `evaluate` would)."""
    day = as_of.date() if isinstance(as_of, datetime) else as_of
    return _deadlines_of(parse_events(events, _EVENT_TYPES, _EVENT_KEYS), chosen.on(day), as_of)


def catalogue(packs: list[str] | None = None) -> list[Rule]:
    """Every rule (including the deadline rules): national ones and those the packs given switch on (default:
    every rule, whatever its pack)."""
    rules = _all_rules()
    if not packs:
        return rules
    policy = resolve_policy(packs)
    return [r for r in rules if r.pack == NATIONAL or policy.switches_on(r.id)]
