"""What encryption at rest costs the case list's search: a plain store against an encrypted one, same children, same run.

Fills a plain store with N fictional children (default 20,000; `python bench/search_encrypted.py 100000` for the
large caseload), copies it and encrypts the copy with SQLCipher, then for each store:
- opening it (an encrypted store derives its key: PBKDF2-HMAC-SHA512, 256,000 iterations, once per connection);
- building the search index (one read of every child);
- each search keystroke as the case list does it: `Store.search` (the in-memory index, then the rows read back
  from the file) and `latest_levels` for those rows, typed a letter at a time.
Prints median and p99 per keystroke for each, and the ratio encrypted/plain. Informational: machines differ.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUERIES = ["example", "ash sam", "14/03/2010", "demo-1234", "zz"]  # the last finds nothing: a full scan
GIVEN = ["Ash", "Blake", "Casey", "Dani", "Eden", "Frankie", "Gray", "Harley", "Indy", "Jules", "Kit", "Lane"]
FAMILY = ["Example", "Sample", "Placeholder", "Fictional", "Testcase", "Specimen", "Dummy", "Mockup"]
KEY = "benchmark passphrase"
ROUNDS = 5


def fill(path: Path, n: int) -> None:
    from yjtui.store import Store

    Store(path).close()  # schema at head
    rnd = random.Random(1)
    start = date(2006, 1, 1)
    now = "2026-11-23 09:00:00"
    rows = [(rnd.choice(GIVEN), rnd.choice(FAMILY), (start + timedelta(days=rnd.randint(0, 4000))).isoformat(),
             "", "", "no", "", f"DEMO-{i}", now, now) for i in range(n)]
    con = sqlite3.connect(path)
    con.executemany("INSERT INTO child (given_name, family_name, date_of_birth, sex, ethnicity, looked_after, "
                    "home_la, yjs_ref, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    con.commit()
    con.close()


def keystrokes(query: str) -> list[str]:
    return [query[: i + 1] for i in range(len(query))]


def p99(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(0.99 * len(values)))]


def measure(path: Path, key: str | None) -> dict[str, float | list[float]]:
    from yjtui.store import Store

    t = time.perf_counter()
    store = Store(path, key=key)
    opened = time.perf_counter() - t
    t = time.perf_counter()
    store.search("")
    build = time.perf_counter() - t
    times = []
    for _ in range(ROUNDS):
        for q in QUERIES:
            for typed in keystrokes(q):
                t = time.perf_counter()
                rows, _total = store.search(typed)
                store.latest_levels([r.id for r in rows])
                times.append(time.perf_counter() - t)
    store.close()
    return {"open": opened, "build": build, "keys": times}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    from yjtui.store import crypto

    with tempfile.TemporaryDirectory(prefix="yjtui-bench-") as folder:
        plain = Path(folder) / "plain.db"
        enc = Path(folder) / "enc.db"
        fill(plain, n)
        shutil.copy(plain, enc)
        crypto.encrypt_plain(enc, KEY)
        # Interleave: plain, encrypted, plain, encrypted, so the machine's state is shared fairly.
        results = {"plain": [], "encrypted": []}
        for _ in range(2):
            results["plain"].append(measure(plain, None))
            results["encrypted"].append(measure(enc, KEY))
    print(f"{n:,} fictional children; keystrokes: {', '.join(repr(k) for q in QUERIES for k in keystrokes(q))}"
          f" x {ROUNDS * 2}")
    med = {}
    for name, runs in results.items():
        keys = [k * 1000 for r in runs for k in r["keys"]]
        med[name] = (statistics.median(keys), p99(keys))
        opened = statistics.median(r["open"] for r in runs) * 1000
        build = statistics.median(r["build"] for r in runs) * 1000
        print(f"{name:>9}: keystroke median {med[name][0]:.2f} ms  p99 {med[name][1]:.2f} ms   "
              f"open {opened:.0f} ms   index build {build:.0f} ms")
    print(f"ratio encrypted/plain per keystroke: median {med['encrypted'][0] / med['plain'][0]:.2f}x   "
          f"p99 {med['encrypted'][1] / med['plain'][1]:.2f}x")


if __name__ == "__main__":
    main()
