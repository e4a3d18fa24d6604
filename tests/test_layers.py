"""The layers, enforced: import-linter's contracts (.importlinter) pass, and break on a wrong import.

rules import nothing of the app; the store and casework draw nothing; screens reach records through casework
(the screens that still import the store's tables are listed, each with a TODO, in .importlinter).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = str(Path(sys.executable).parent / "lint-imports")


def _lint(cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([LINT, "--no-cache", "--config", str(cwd / ".importlinter")], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_import_contracts_are_kept():
    done = _lint(ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "11 kept, 0 broken" in done.stdout


def test_a_wrong_import_breaks_a_contract(tmp_path):
    shutil.copytree(ROOT / "yjtui", tmp_path / "yjtui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    core = tmp_path / "yjtui" / "rules" / "workdays.py"
    core.write_text(core.read_text(encoding="utf-8") + "\nfrom yjtui.store import Store  # wrong on purpose\n",
                    encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    done = _lint(tmp_path, env)
    assert done.returncode == 1
    assert "yjtui.rules.workdays -> yjtui.store" in done.stdout


def test_a_workflow_screen_importing_another_breaks_the_record_form_contract(tmp_path):
    """Issue 26: one record form; no workflow screen imports another's dialogs, and the base imports none of them."""
    shutil.copytree(ROOT / "yjtui", tmp_path / "yjtui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    for module, wrong in (("court.py", "from yjtui.screens.risk import RiskScreen"),
                          ("record_form.py", "from yjtui.screens.plan import PlanScreen"),
                          ("moves.py", "from yjtui.screens.court_panel import CourtForm")):
        path = tmp_path / "yjtui" / "screens" / module
        path.write_text(path.read_text(encoding="utf-8") + f"\n{wrong}  # wrong on purpose\n", encoding="utf-8")
    done = _lint(tmp_path, dict(os.environ, PYTHONPATH=str(tmp_path)))
    assert done.returncode == 1
    assert "Workflow screens stand on the one record form and never import one another BROKEN" in done.stdout
    assert "yjtui.screens.court -> yjtui.screens.risk" in done.stdout
    assert "yjtui.screens.record_form -> yjtui.screens.plan" in done.stdout
    assert "Only the court screen uses its own pieces" in done.stdout
    assert "yjtui.screens.moves -> yjtui.screens.court_panel" in done.stdout
