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
kind = sys.argv[1]


def hooks():
    # Drawn: the first frame the compositor hands over with the screen complete (the table's rows in it, for the
    # case list and its look-alike). Headless, so nothing reaches a terminal; every kind is measured at the same
    # point. Imported here, not above: yjtui imports Textual itself, after its own start-up settings.
    from textual.app import App
    from textual.css.query import NoMatches
    display, run = App._display, App.run

    def drawn(app, screen, update):
        display(app, screen, update)
        if update is None or getattr(app, "_bench_drawn", False):
            return
        if kind not in ("bare", "chrome", "widgets") and type(screen).__name__ != "CaseListScreen":
            return
        try:
            rows = screen.query_one("DataTable").row_count
        except NoMatches:
            rows = -1
        if rows == 0:
            return
        app._bench_drawn = True
        print(time.time(), time.process_time(), rows, flush=True)
        print("--- first paint ---", file=sys.stderr, flush=True)  # splits the -X importtime profile
        app.call_later(app.exit)

    App._display = drawn
    App.run = lambda self, **kw: run(self, headless=True, size=(120, 40))  # the one change to `yjtui`
    return App


def keys():
    from textual.binding import Binding
    return [Binding(f"f{i}", "bell", f"Key {i}") for i in range(1, 13)]


if kind == "bare":
    hooks()().run()
elif kind == "chrome":
    App = hooks()
    from textual.widgets import Footer, Header
    class Bench(App):
        BINDINGS = keys()
        def compose(self):
            yield Header(); yield Footer()
    Bench().run()
elif kind == "widgets":
    App = hooks()
    from textual.widgets import DataTable, Footer, Header, Input, Static
    class Bench(App):
        BINDINGS = keys()
        def compose(self):
            yield Header(); yield Input(placeholder="search"); yield Static("25 children")
            yield DataTable(); yield Footer()
        def on_mount(self):
            t = self.query_one(DataTable)
            for c in range(9):
                t.add_column(f"c{c}", width=10)
            for r in range(25):
                t.add_row(*[f"row {r}"] * 9)
    Bench().run()
else:  # `yjtui --db STORE`, with the hooks put in once yjtui has started (its reference data check)
    import yjtui.cli
    check = yjtui.cli.check_reference_data
    def check_then_hook():
        problem = check()
        hooks()
        return problem
    yjtui.cli.check_reference_data = check_then_hook
    sys.exit(yjtui.cli.main(["--db", kind]))
"""
SCRIPT = Path(tempfile.mkdtemp(prefix="yjtui-start-")) / "start_child.py"
SCRIPT.write_text(CHILD)
# As installed: pip compiles every module to bytecode, so the children may write and use __pycache__ even where
# PYTHONDONTWRITEBYTECODE is set (it would otherwise charge yjtui, and only yjtui, for compiling its source).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
WATCH = ("sqlalchemy", "sqlmodel", "alembic", "yjtui.rules.engine", "yjtui.store.store", "yjtui.casework.board")


def timed(arg: str) -> tuple[float, float]:
    """Wall time from spawn to the first paint, and the CPU time the process had used by then."""
    start = time.time()
    out = subprocess.run([sys.executable, str(SCRIPT), arg], check=True, capture_output=True, text=True,
                         env=ENV).stdout
    at, cpu, _rows = out.split()
    return float(at) - start, float(cpu)


def import_profile(arg: str) -> dict[str, int]:
    """Every module imported before the first paint, with its own import time in µs (python -X importtime)."""
    err = subprocess.run([sys.executable, "-X", "importtime", str(SCRIPT), arg], check=True, capture_output=True,
                         text=True, env=ENV).stderr
    found = {}
    for line in err.split("--- first paint ---")[0].splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            found[parts[2].strip()] = int(parts[0].split(":")[1])
    return found


def median_profile(arg: str, runs: int = 3) -> dict[str, float]:
    profiles = [import_profile(arg) for _ in range(runs)]
    names = set().union(*profiles)
    return {n: statistics.median(p.get(n, 0) for p in profiles) for n in names}


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
    cpus: dict[str, list[float]] = {k: [] for k in kinds}
    loads = [os.getloadavg()[0]]
    for _ in range(runs):  # interleaved, so load on the machine hits each alike
        for k, arg in kinds.items():
            wall, cpu = timed(arg)
            times[k].append(wall)
            cpus[k].append(cpu)
        loads.append(os.getloadavg()[0])
    med = {k: statistics.median(v) for k, v in times.items()}
    cpu = {k: statistics.median(v) for k, v in cpus.items()}
    print(f"process start to first screen drawn, median of {runs} (load average {min(loads):.1f} to {max(loads):.1f} "
          f"on {os.cpu_count()} cores); wall time, and the CPU time used by then (less sensitive to load):")
    for k, label in (("bare", "bare Textual app"), ("chrome", "bare Textual app, header and footer"),
                     ("widgets", "Textual app with the case list's widgets"), ("yjtui", "yjtui case list (25 children)")):
        print(f"  {label + ':':42}{med[k] * 1000:5.0f} ms wall {cpu[k] * 1000:5.0f} ms CPU")
    print(f"ratio yjtui / bare with header and footer: {med['yjtui'] / med['chrome']:.2f} (goal <= 1.3; CPU "
          f"{cpu['yjtui'] / cpu['chrome']:.2f}); yjtui / bare: {med['yjtui'] / med['bare']:.2f}; "
          f"yjtui / same widgets: {med['yjtui'] / med['widgets']:.2f}")

    # Cumulative times mislead here (a shared module is charged to whichever imports it first), so: the total of
    # every import, and the modules yjtui imports that the look-alike app with the same widgets does not.
    mine, chrome, widgets = median_profile(str(path)), median_profile("chrome"), median_profile("widgets")
    extra = sorted(((us, n) for n, us in mine.items() if n not in widgets), reverse=True)
    print(f"imports before the first paint (python -X importtime, median of 3 runs): yjtui {sum(mine.values()) / 1000:.0f}"
          f" ms, bare app with header and footer {sum(chrome.values()) / 1000:.0f} ms, same widgets "
          f"{sum(widgets.values()) / 1000:.0f} ms")
    print(f"  only yjtui imports these: {len(extra)} modules, {sum(us for us, _ in extra) / 1000:.1f} ms; the largest "
          "(own time, ms):")
    for us, name in extra[:12]:
        print(f"  {us / 1000:7.1f}  {name}")
    seen = sorted(n for n in WATCH if n in mine)
    print("  loaded before the first paint: " + (", ".join(seen) or "none of " + ", ".join(WATCH)))


if __name__ == "__main__":
    main()
