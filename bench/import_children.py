"""Bringing in a caseload of 5,000 children (yjtui import children): the first import and the same file again
(all unchanged), each one transaction. Prints seconds; informational (tests/test_caseload_import.py guards the
behaviour). Run: python bench/import_children.py [ROWS]"""

from __future__ import annotations

import csv
import tempfile
import time
from pathlib import Path

from yjtui.cli import main


def run(n: int = 5000) -> None:
    folder = Path(tempfile.mkdtemp(prefix="yjtui-bench-import-"))
    path = folder / "caseload.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["yjs_ref", "given_name", "family_name", "date_of_birth"])
        w.writerows([f"YJ{i:05d}", f"Given{i}", f"Family{i}", f"{1 + i % 28:02d}/{1 + i % 12:02d}/{2009 + i % 5}"]
                    for i in range(n))
    db = folder / "store.db"
    for label in ("first import", "same file again"):
        started = time.perf_counter()
        assert main(["import", "children", str(path), "--db", str(db), "--yes"]) == 0
        print(f"{label}: {n} rows in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    import sys

    run(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
