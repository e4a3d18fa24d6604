"""Runs every benchmark in turn and prints their figures: python bench/run_all.py [--quick]

--quick uses smaller sizes (20,000 children, fewer runs) for a fast look; without it the sizes are the issues'
(100,000 children). Each script can also be run on its own; see bench/README.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main() -> int:
    quick = "--quick" in sys.argv
    runs = [
        ("start-up", ["startup.py", "3" if quick else "7"]),
        ("keystroke to findings", ["latency.py", "20" if quick else "60"]),
        ("statements per keystroke, every workflow screen", ["keystrokes.py", "6" if quick else "12"]),
        ("rules engine", ["rules.py"]),
        ("reference search", ["reference_search.py"]),
        ("case search and memory", ["search.py", "20000" if quick else "100000"]),
        ("the board, the case list's next due and the audit trail on a whole caseload, SQLite and PostgreSQL, "
         "through 1 ms and 10 ms proxies", ["board.py", "--quick"] if quick else ["board.py"]),
        ("the team store: offline sync against its floor, keystrokes on PostgreSQL and through a 10 ms proxy",
         ["team.py", "200", "20"] if quick else ["team.py", "1000", "60"]),
        ("bringing in a caseload", ["import_children.py"] + (["500"] if quick else [])),
    ]
    encrypted = HERE / "search_encrypted.py"
    if encrypted.exists():
        runs.append(("encryption cost on case search", ["search_encrypted.py"] + (["20000"] if quick else [])))
    failed = 0
    for title, args in runs:
        print(f"\n== {title} ({' '.join(args)})", flush=True)
        result = subprocess.run([sys.executable, str(HERE / args[0]), *args[1:]])
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
