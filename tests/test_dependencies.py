"""requirements.lock is the set CI installs and tests (with hashes): every dependency pyproject.toml names is in it,
at a version its range allows, and every pin carries hashes (README, "Dependencies")."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def _locked() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text()
    pins = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        head = block.split(" ", 1)[0].strip()
        if "==" not in head:
            continue
        assert "--hash=sha256:" in block, f"{head} has no hash"
        name, version = head.split("==")
        pins[canonicalize_name(name.split("[")[0])] = version
    return pins


def test_every_dependency_is_locked_within_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    locked = _locked()
    for line in project["dependencies"] + project["optional-dependencies"]["test"]:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        assert name in locked, f"{req.name} is not in requirements.lock (uv pip compile: README)"
        assert req.specifier.contains(locked[name], prereleases=True), \
            f"requirements.lock has {req.name} {locked[name]}, outside {req.specifier}"
