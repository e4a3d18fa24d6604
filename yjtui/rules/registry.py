"""The rule book: every rule registers here, in the order the engine runs them (later rules read earlier values)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

from .core import Citation, Finding, Outcome, Pack, Rule, Severity

RULES: list[Rule] = []


@dataclass
class Context:
    """What a rule sees besides the facts: the evaluation date, the packs switched on, the values so far."""

    as_of: date
    packs: frozenset[str]
    values: dict[str, Any] = field(default_factory=dict)


def rule(id: str, title: str, pack: Pack, citation: Citation, *, effective_from: date | None = None,
         effective_to: date | None = None, prompt: bool = False, dated_by: str = "as_of") -> Callable:
    """Register a rule function `fn(case, ctx) -> Outcome | None` with its guidance reference."""

    def register(fn: Callable) -> Callable:
        RULES.append(Rule(id=id, title=title, pack=pack, citation=citation, apply=fn,
                          effective_from=effective_from, effective_to=effective_to, prompt=prompt,
                          dated_by=dated_by))
        return fn

    return register


def finding(rule_id: str, severity: Severity, message: str, citation: Citation | str) -> Finding:
    return Finding(rule=rule_id, severity=severity, message=message, citation=str(citation))


def out(values: dict[str, Any] | None = None, findings: list[Finding] | None = None) -> Outcome:
    return Outcome(values=values or {}, findings=findings or [])


INFO, WARNING, ACTION = Severity.INFO, Severity.WARNING, Severity.ACTION
NATIONAL, ENFIELD, LEICESTER = Pack.NATIONAL, Pack.ENFIELD, Pack.LEICESTER
