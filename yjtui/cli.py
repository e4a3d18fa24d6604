"""The `yjtui` command: the app by default, and headless subcommands (evaluate, rules, reference)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    raise NotImplementedError("app not built yet")
