"""One place for each fact: no table of the guidance written twice, and no citation or rule text in a screen.

A table defined in two modules drifts: the risk screen's safety and well-being factors once differed from the
plan's (one id spelt two ways), and Enfield's contact minimums stood in two modules. These tests read the source
(AST), so they fail when a copy is written, before it drifts.
"""

from __future__ import annotations

import ast
import itertools
import re
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "yjtui"
CITATION = re.compile(r"seed 0\d\d|\bL\d{3,5}\b")


def _leaves(value) -> list[str]:
    if isinstance(value, dict):
        return [x for k, v in value.items() for x in (*_leaves(k), *_leaves(v))]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [x for v in value for x in _leaves(v)]
    return [repr(value)]


def _atoms(value) -> frozenset:
    """What a literal table says: its keys and the leaves under them (so a reordered copy is still a copy)."""
    if isinstance(value, dict):
        return frozenset([("key", repr(k)) for k in value] + [("value", x) for v in value.values() for x in _leaves(v)])
    return frozenset(("item", x) for v in value for x in _leaves(v))


def literal_tables() -> list[tuple[str, int, str, frozenset]]:
    """Every literal dict, list, tuple or set of three or more entries assigned to a name, in every module."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:  # a migration records the tables as they were: history, not a definition
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.Assign, ast.AnnAssign)) or node.value is None:
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            if not names or not isinstance(node.value, (ast.Dict, ast.List, ast.Tuple, ast.Set)):
                continue
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                continue
            if len(value) >= 3:
                found.append((str(path.relative_to(PACKAGE)), node.lineno, names[0], _atoms(value)))
    return found


def test_no_table_is_defined_in_two_modules():
    tables = literal_tables()
    assert len(tables) > 50  # the scan sees the package's tables
    copies = []
    for (pa, la, na, a), (pb, lb, nb, b) in itertools.combinations(tables, 2):
        if pa == pb:
            continue
        same = len(a & b) / len(a | b)
        if same == 1.0 or (same >= 0.8 and min(len(a), len(b)) >= 5):
            copies.append(f"{pa}:{la} {na} ~ {pb}:{lb} {nb} ({same:.0%} the same): import it from one place")
    assert not copies, "\n".join(copies)


def test_the_scan_catches_a_copy(tmp_path, monkeypatch):
    (tmp_path / "a.py").write_text('LABEL = {"low": "Low", "medium": "Medium", "high": "High"}\n')
    (tmp_path / "b.py").write_text('WORDS = {"high": "High", "low": "Low", "medium": "Medium"}\n')
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path)
    tables = literal_tables()
    assert len(tables) == 2 and tables[0][3] == tables[1][3]


def _shown_strings(tree: ast.Module) -> list[ast.Constant]:
    """String constants a screen could show: every one except docstrings."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and id(n) not in docstrings]


def test_screens_hold_no_citations_of_their_own():
    offenders = []
    for path in sorted((PACKAGE / "screens").glob("*.py")):
        for node in _shown_strings(ast.parse(path.read_text(encoding="utf-8"))):
            if CITATION.search(node.value):
                offenders.append(f"screens/{path.name}:{node.lineno}: {node.value[:70]!r}")
    assert not offenders, "move these into the rules layer and render them:\n" + "\n".join(offenders)
