"""The rule book: every rule registers here, in the order the engine runs them (later rules read earlier values)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

from .core import ENFIELD, LEICESTER, NATIONAL, Citation, Finding, Outcome, Rule, Severity
from .packs import NATIONAL_ONLY, LocalTimescale, MissingLocalValue, Policy

RULES: list[Rule] = []


@dataclass
class Context:
    """What a rule sees besides the facts: the evaluation date, the packs switched on, the values so far.

    A local rule reads its service's values with `ctx.local("key")` (the `[values.key]` of the pack that switched
    it on); `ctx.cite("key")` is that value's citation, for the finding.
    """

    as_of: date
    packs: frozenset[str]
    values: dict[str, Any] = field(default_factory=dict)
    policy: Policy = NATIONAL_ONLY

    def local(self, key: str) -> Any:
        """A local value from the packs switched on; `MissingLocalValue` (a finding, not a crash) if none gives it."""
        return self.policy.local(key)

    def cite(self, key: str) -> Citation:
        value = self.policy.get(key)
        if value is None:
            raise MissingLocalValue(key)
        return value.citation

    def switched_on(self, rule_id: str) -> bool:
        """Whether a local rule runs in this evaluation (a pack switched on names it)."""
        return self.policy.switches_on(rule_id)

    def timescale(self, rule_id: str, event: str | None = None) -> LocalTimescale | None:
        """A local timescale's amount, unit and citation when a pack switched on times it, else None (a rule that
        says what its service has set, e.g. a re-screening interval the guidance leaves to the service)."""
        return self.policy.timescale(rule_id, event) if self.policy.switches_on(rule_id) else None

    def pack_title(self, key: str) -> str:
        """The short name ("Enfield") of the pack that gives a local value, for messages."""
        return self.policy.title_for(key)


def rule(id: str, title: str, pack: str, citation: Citation, *, effective_from: date | None = None,
         effective_to: date | None = None, prompt: bool = False, dated_by: str = "as_of",
         local: tuple[str, ...] = ()) -> Callable:
    """Register a rule function `fn(case, ctx) -> Outcome | None` with its guidance reference.

    `pack` is the rule's home: NATIONAL (always runs) or the pack whose guidance it was written from (runs when a
    pack switched on names its id). `local` names the pack values it reads, so `yjtui pack check` can say when a
    pack switches the rule on without them.
    """

    def register(fn: Callable) -> Callable:
        RULES.append(Rule(id=id, title=title, pack=pack, citation=citation, apply=fn,
                          effective_from=effective_from, effective_to=effective_to, prompt=prompt,
                          dated_by=dated_by, local=tuple(local)))
        return fn

    return register


def finding(rule_id: str, severity: Severity, message: str, citation: Citation | str) -> Finding:
    return Finding(rule=rule_id, severity=severity, message=message, citation=str(citation))


def out(values: dict[str, Any] | None = None, findings: list[Finding] | None = None) -> Outcome:
    return Outcome(values=values or {}, findings=findings or [])


INFO, WARNING, ACTION = Severity.INFO, Severity.WARNING, Severity.ACTION
__all__ = ["ACTION", "ENFIELD", "INFO", "LEICESTER", "NATIONAL", "RULES", "WARNING", "Context", "finding", "out",
           "rule"]
