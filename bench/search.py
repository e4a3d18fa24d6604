"""Case search over a large caseload: time per search keystroke and the app's resident memory.

Fills a throwaway store with N fictional children (default 100,000), then:
- types queries a letter at a time through `Store.search` (what the case list calls per keystroke) and through the
  real case-list screen under Textual's Pilot (search box -> table redrawn), printing median and p99;
- baseline, same run: SQLite's own `LIKE '%…%'` scan over the same columns with the same limit;
- resident memory (VmRSS) of the app with that store open, against a bare Textual app in the same process kind.

Run: python bench/search.py [N]. Figures are informational (machines differ); the goal is < 50 ms a keystroke.
"""

from __future__ import annotations

import asyncio
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

QUERIES = ["example", "ash sam", "14/03/2010", "demo-1234", "zz"]  # the last finds nothing: a full scan
GIVEN = ["Ash", "Blake", "Casey", "Dani", "Eden", "Frankie", "Gray", "Harley", "Indy", "Jules", "Kit", "Lane"]
FAMILY = ["Example", "Sample", "Placeholder", "Fictional", "Testcase", "Specimen", "Dummy", "Mockup"]


def fill(path: Path, n: int) -> None:
    from yjtui.store import Store

    Store(path).close()  # schema at head
    rnd = random.Random(1)
    start = date(2006, 1, 1)
    con = sqlite3.connect(path)
    now = "2026-11-23 09:00:00"
    rows = [(f"{rnd.choice(GIVEN)}", f"{rnd.choice(FAMILY)}", (start + timedelta(days=rnd.randint(0, 4000))).isoformat(),
             "", "", "no", "", f"DEMO-{i}", now, now) for i in range(n)]
    con.executemany("INSERT INTO child (given_name, family_name, date_of_birth, sex, ethnicity, looked_after, "
                    "home_la, yjs_ref, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    con.commit()
    con.close()


def keystrokes(query: str) -> list[str]:
    return [query[: i + 1] for i in range(len(query))]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


def bench_store(path: Path) -> tuple[list[float], list[float], float]:
    from yjtui.store import Store

    store = Store(path)
    t = time.perf_counter()
    store.search("")  # builds the in-memory index once, as the case list does when it opens
    build = time.perf_counter() - t
    ours, base = [], []
    con = sqlite3.connect(path)
    for _round in range(3):
        for q in QUERIES:
            for typed in keystrokes(q):
                t = time.perf_counter()
                store.search(typed)
                ours.append(time.perf_counter() - t)
                like = f"%{typed}%"
                t = time.perf_counter()
                con.execute("SELECT id, given_name, family_name, date_of_birth, looked_after, yjs_ref FROM child "
                            "WHERE given_name || ' ' || family_name LIKE ? OR yjs_ref LIKE ? OR date_of_birth LIKE ? "
                            "LIMIT 200", (like, like, like)).fetchall()
                base.append(time.perf_counter() - t)
    return ours, base, build


async def bench_screen(path: Path) -> list[float]:
    from yjtui.app import YjtuiApp
    from yjtui.store import Store

    app = YjtuiApp(Store(path))
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        for q in QUERIES[:3]:
            for ch in q:
                t = time.perf_counter()
                await pilot.press({" ": "space", "/": "slash"}.get(ch, ch))
                await pilot.pause()
                times.append(time.perf_counter() - t)
            for _ in q:
                await pilot.press("backspace")
            await pilot.pause()
    return times


async def bench_bare_screen() -> list[float]:
    """Baseline: the same keystrokes into a bare Textual app whose input redraws a 40-row table each time."""
    from textual.app import App
    from textual.widgets import DataTable, Input

    class Bare(App):
        def compose(self):
            yield Input(id="q")
            yield DataTable(id="t")

        def on_mount(self):
            t = self.query_one(DataTable)
            t.add_columns(*[f"c{i}" for i in range(9)])

        def on_input_changed(self, event):
            t = self.query_one(DataTable)
            t.clear()
            for i in range(40):
                t.add_row(*[f"{event.value}{i}"] * 9)

    app = Bare()
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for q in QUERIES[:3]:
            for ch in q:
                t = time.perf_counter()
                await pilot.press({" ": "space", "/": "slash"}.get(ch, ch))
                await pilot.pause()
                times.append(time.perf_counter() - t)
    return times


RSS_SCRIPT = """
import asyncio, sys
from textual.app import App
async def main():
    if sys.argv[1] == "bare":
        app = App()
    else:
        from yjtui.app import YjtuiApp
        from yjtui.store import Store
        app = YjtuiApp(Store(sys.argv[1]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        for line in open("/proc/self/status"):
            if line.startswith("VmRSS"):
                print(int(line.split()[1]) // 1024)
asyncio.run(main())
"""


def rss_mib(arg: str) -> int:
    out = subprocess.run([sys.executable, "-c", RSS_SCRIPT, arg], capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1])


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    folder = Path(tempfile.mkdtemp(prefix="yjtui-bench-"))
    path = folder / "bench.db"
    t = time.perf_counter()
    fill(path, n)
    print(f"store: {n} fictional children written in {time.perf_counter() - t:.1f} s ({path.stat().st_size // 2**20} MiB)")
    ours, base, build = bench_store(path)
    print(f"index build (once, when the case list opens): {build * 1000:.0f} ms")
    print(f"Store.search per keystroke: median {statistics.median(ours) * 1000:.2f} ms, p99 {pct(ours, .99) * 1000:.2f} ms")
    print(f"baseline SQLite LIKE scan:  median {statistics.median(base) * 1000:.2f} ms, p99 {pct(base, .99) * 1000:.2f} ms")
    print(f"ratio (ours / baseline, median): {statistics.median(ours) / statistics.median(base):.2f}")
    screen = asyncio.run(bench_screen(path))
    print(f"case list screen, keystroke to redrawn table (Pilot): median {statistics.median(screen) * 1000:.1f} ms, "
          f"p99 {pct(screen, .99) * 1000:.1f} ms (goal < 50 ms)")
    bare = asyncio.run(bench_bare_screen())
    print(f"baseline bare Textual input + 40-row table, same keystrokes: median {statistics.median(bare) * 1000:.1f} ms"
          f"; ratio {statistics.median(screen) / statistics.median(bare):.2f}")
    app_rss, bare_rss = rss_mib(str(path)), rss_mib("bare")
    print(f"resident memory with the store open: {app_rss} MiB; bare Textual app: {bare_rss} MiB; "
          f"ratio {app_rss / bare_rss:.2f}")
    for f in folder.iterdir():
        f.unlink()
    folder.rmdir()


if __name__ == "__main__":
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    main()
