"""The rules engine: the guidance on bail and remand, risk, safety and well-being and local schemes, as pure Python.

Screens call `evaluate` on every keystroke and `yjtui evaluate` calls it headless; both get the same answers.
This package must never import textual, rich, sqlmodel, sqlalchemy or yjtui.screens (tests/test_rules_purity.py).
"""

from __future__ import annotations

import importlib

# Where each public name lives. They load on first use (PEP 562), so a screen that needs one table of the rules
# (the case list's level words) does not load the whole engine before the first paint.
_WHERE = {
    "Answer": "core",
    "Citation": "core",
    "Deadline": "core",
    "Finding": "core",
    "Outcome": "core",
    "Rule": "core",
    "Severity": "core",
    "Tri": "core",
    "Evaluation": "engine",
    "catalogue": "engine",
    "deadlines_only": "engine",
    "evaluate": "engine",
    "pack_names": "engine",
    "resolve_packs": "engine",
    "resolve_policy": "engine",
    "FactsError": "facts",
    "PackError": "packs",
    "Policy": "packs",
    "PolicyPack": "packs",
    "category2_sentence_qualifies": "mappa",
    "mappa_category": "mappa",
    "notification_period": "mappa",
    "Condition": "remand",
    "RemandAssessment": "remand",
    "remand_conditions": "remand",
    "lor_band": "risk",
    "needs_rationale": "risk",
    "rosh_suggested": "risk",
    "rosh_suggested_for": "risk",
    "swb_highest_concern": "risk",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'yjtui.rules' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"yjtui.rules.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
