"""The rules engine: the guidance on bail and remand, risk, safety and well-being and local schemes, as pure Python.

Screens call `evaluate` on every keystroke and `yjtui evaluate` calls it headless; both get the same answers.
This package must never import textual, rich, sqlmodel, sqlalchemy or yjtui.screens (tests/test_rules_purity.py).
"""

from __future__ import annotations

from .core import Answer, Citation, Deadline, Finding, Outcome, Rule, Severity, Tri
from .engine import Evaluation, catalogue, evaluate, pack_names, resolve_packs, resolve_policy
from .facts import FactsError
from .packs import PackError, Policy, PolicyPack
from .mappa import category2_sentence_qualifies, mappa_category, notification_period
from .remand import Condition, RemandAssessment, remand_conditions
from .risk import lor_band, needs_rationale, rosh_suggested, rosh_suggested_for, swb_highest_concern

__all__ = [
    "Answer", "Citation", "Condition", "Deadline", "Evaluation", "FactsError", "Finding", "Outcome", "PackError",
    "Policy", "PolicyPack", "RemandAssessment", "Rule", "Severity", "Tri", "catalogue",
    "category2_sentence_qualifies", "evaluate", "lor_band", "mappa_category", "needs_rationale", "notification_period",
    "pack_names", "remand_conditions", "resolve_packs", "resolve_policy", "rosh_suggested", "rosh_suggested_for",
    "swb_highest_concern",
]
