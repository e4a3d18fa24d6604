"""How fast reference search answers each keystroke, typed out letter by letter, over every set.

Prints the median and p99 time per keystroke for the indexed search, and the same for a baseline measured in the
same run (a plain lower-case substring scan over titles and bodies, no ranking), and their ratio. Informational:
timings depend on the machine, so the tests assert behaviour, never time. Run: python bench/reference_search.py
"""

from __future__ import annotations

import statistics
import time

from yjtui.reference.loader import load_all
from yjtui.reference.search import index_for

QUERIES = ["burg", "CJSM", "curfew", "notification 15"]
REPEATS = 50


def keystrokes(query: str) -> list[str]:
    return [query[:i] for i in range(1, len(query) + 1)]


def p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


def main() -> None:
    sets = load_all()
    t0 = time.perf_counter()
    index = index_for(sets)
    build_ms = (time.perf_counter() - t0) * 1000
    entries = index.entries
    haystack = [(e.title + " " + e.body).lower() for e in entries]

    def baseline(q: str) -> list[int]:
        q = q.lower()
        return [i for i, text in enumerate(haystack) if q in text][:50]

    typed = [k for q in QUERIES for k in keystrokes(q)]
    ours: list[float] = []
    base: list[float] = []
    for _ in range(REPEATS):
        for k in typed:
            t = time.perf_counter()
            index.search(k)
            ours.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            baseline(k)
            base.append((time.perf_counter() - t) * 1000)

    print(f"{len(entries)} entries in {len(sets)} sets; index built in {build_ms:.1f} ms")
    print(f"keystrokes: {', '.join(repr(k) for k in typed)} x {REPEATS}")
    print(f"search:   median {statistics.median(ours):.3f} ms   p99 {p99(ours):.3f} ms")
    print(f"baseline: median {statistics.median(base):.3f} ms   p99 {p99(base):.3f} ms  (substring scan, no ranking)")
    print(f"ratio search/baseline: median {statistics.median(ours) / statistics.median(base):.1f}x"
          f"   p99 {p99(ours) / p99(base):.1f}x")


if __name__ == "__main__":
    main()
