"""Start-up: process start to the first usable screen (the case list drawn with its rows), against Textual apps
started the same way in the same run:
- a bare Textual app with the same header and footer (twelve function keys in the footer): the goal's baseline,
  yjtui at most 1.3 times it;
- a bare Textual app with nothing on it;
- a Textual app with the case list's widgets (header, search box, table of 25 rows, footer), so the figure
  separates what yjtui adds from what the widgets cost.

yjtui starts as the `yjtui --db STORE` command does (`yjtui.cli.main`: arguments, reference data check, store
opened, app), on a store of 25 demo children; only the app's `run` is made headless. Each run is a fresh
interpreter; the clock starts before the process is spawned and stops when the first screen has been drawn (the
child prints the wall-clock time then and exits). Runs are interleaved so load on the machine hits each alike.

The import profile (`python -X importtime`, median of three runs) lists what is imported before the first paint,
and checks that the ORM and the rules engine are not among it (they load just after, off the UI thread).

Run: python bench/startup.py [RUNS]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import sys, time
from textual.app import App
from textual.binding import Binding
KEYS = [Binding(f"f{i}", "bell", f"Key {i}") for i in range(1, 13)]
def drawn(app, rows=None):
    print(time.time(), flush=True)
    if rows is not None:
        print(rows(), flush=True)
    print("--- first paint ---", file=sys.stderr, flush=True)  # splits the -X importtime profile
    app.exit()
kind = sys.argv[1]
if kind == "bare":
    class Bench(App):
        def on_mount(self):
            self.call_after_refresh(drawn, self)
    Bench().run(headless=True, size=(120, 40))
elif kind == "chrome":
    from textual.widgets import Footer, Header
    class Bench(App):
        BINDINGS = KEYS
        def compose(self):
            yield Header(); yield Footer()
        def on_mount(self):
            self.call_after_refresh(drawn, self)
    Bench().run(headless=True, size=(120, 40))
elif kind == "widgets":
    from textual.widgets import DataTable, Footer, Header, Input, Static
    class Bench(App):
        BINDINGS = KEYS
        def compose(self):
            yield Header(); yield Input(placeholder="search"); yield Static("25 children")
            yield DataTable(); yield Footer()
        def on_mount(self):
            t = self.query_one(DataTable)
            for c in range(9):
                t.add_column(f"c{c}", width=10)
            for r in range(25):
                t.add_row(*[f"row {r}"] * 9)
            self.call_after_refresh(drawn, self)
    Bench().run(headless=True, size=(120, 40))
else:
    import yjtui.cli
    import yjtui.app
    App_ = yjtui.app.YjtuiApp
    mount, run = App_.on_mount, App_.run
    def on_mount(self):
        mount(self)
        self.call_after_refresh(drawn, self, lambda: self.screen.query_one("#cases").row_count)
    App_.on_mount = on_mount
    App_.run = lambda self, **kw: run(self, headless=True, size=(120, 40))
    sys.exit(yjtui.cli.main(["--db", kind]))
"""
SCRIPT = Path(tempfile.mkdtemp(prefix="yjtui-start-")) / "start_child.py"
SCRIPT.write_text(CHILD)
WATCH = ("sqlalchemy", "sqlmodel", "alembic", "yjtui.rules", "yjtui.store.store", "yjtui.casework.board")


def timed(arg: str) -> float:
    start = time.time()
    out = subprocess.run([sys.executable, str(SCRIPT), arg], check=True, capture_output=True, text=True).stdout
    lines = out.strip().splitlines()
    if len(lines) > 1 and int(lines[1]) == 0:
        raise SystemExit("the case list was drawn without its rows: the figure would not be the first screen")
    return float(lines[0]) - start


def import_profile(arg: str) -> tuple[list[tuple[int, str]], int, set[str]]:
    """Top-level imports before the first paint (cumulative µs), their total, and which WATCH modules came in."""
    err = subprocess.run([sys.executable, "-X", "importtime", str(SCRIPT), arg], check=True, capture_output=True,
                         text=True).stderr
    rows, seen = [], set()
    for line in err.split("--- first paint ---")[0].splitlines():
        parts = line.split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2][1:].rstrip()  # one space after the bar, then two per level of nesting
        if name.strip() in WATCH:
            seen.add(name.strip())
        if not name.startswith(" "):
            rows.append((int(parts[1]), name.strip()))
    return rows, sum(us for us, _ in rows), seen


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    from yjtui.casework.demo import fill_demo
    from yjtui.store import Store

    path = Path(tempfile.mkdtemp(prefix="yjtui-start-")) / "demo.db"
    store = Store(path)
    fill_demo(store)
    store.close()
    kinds = {"bare": "bare", "chrome": "chrome", "widgets": "widgets", "yjtui": str(path)}
    for arg in kinds.values():
        timed(arg)  # warm the disk cache for each
    times: dict[str, list[float]] = {k: [] for k in kinds}
    load = os.getloadavg()[0]
    for _ in range(runs):  # interleaved, so load on the machine hits each alike
        for k, arg in kinds.items():
            times[k].append(timed(arg))
    load = max(load, os.getloadavg()[0])
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"process start to first screen drawn, median of {runs} (load average up to {load:.1f}):")
    print(f"  bare Textual app:                         {med['bare'] * 1000:.0f} ms")
    print(f"  bare Textual app, header and footer:      {med['chrome'] * 1000:.0f} ms")
    print(f"  Textual app with the case list's widgets: {med['widgets'] * 1000:.0f} ms")
    print(f"  yjtui case list (25 children):            {med['yjtui'] * 1000:.0f} ms")
    print(f"ratio yjtui / bare with header and footer: {med['yjtui'] / med['chrome']:.2f} (goal <= 1.3); "
          f"yjtui / bare: {med['yjtui'] / med['bare']:.2f}; yjtui / same widgets: {med['yjtui'] / med['widgets']:.2f}")

    profiles = [import_profile(str(path)) for _ in range(3)]
    bare_total = statistics.median(import_profile("chrome")[1] for _ in range(3))
    totals: dict[str, list[int]] = {}
    for rows, _total, _seen in profiles:
        for us, name in rows:
            totals.setdefault(name, []).append(us)
    top = sorted(((statistics.median(v), n) for n, v in totals.items()), reverse=True)[:12]
    total = statistics.median(p[1] for p in profiles)
    seen = set().union(*(p[2] for p in profiles))
    print(f"imports before the first paint (python -X importtime, median of 3): yjtui {total / 1000:.0f} ms, "
          f"bare app with header and footer {bare_total / 1000:.0f} ms; largest (cumulative ms):")
    for us, name in top:
        print(f"  {us / 1000:7.1f}  {name}")
    print("  loaded before the first paint: " + (", ".join(sorted(seen)) or "none of " + ", ".join(WATCH)))


if __name__ == "__main__":
    main()
