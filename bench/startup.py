"""Start-up: process start to the first usable screen (the case list drawn, store open), against a bare Textual
app started the same way in the same run (goal: at most 1.3x), and against a Textual app with the same widgets
(header, search box, table, footer) so the figure separates what yjtui adds from what the widgets cost.

Each run is a fresh interpreter, headless; the clock starts before the process is spawned and stops when the
first screen has been drawn (the child prints the wall-clock time then and exits). Figures are informational:
what keeps start-up fast is importing screens and heavy libraries lazily.

Run: python bench/startup.py [RUNS]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import sys, time
from textual.app import App
def drawn(app):
    print(time.time(), flush=True)
    app.exit()
kind = sys.argv[1]
if kind == "bare":
    class Bench(App):
        def on_mount(self):
            self.call_after_refresh(drawn, self)
    Bench().run(headless=True, size=(120, 40))
elif kind == "widgets":
    from textual.binding import Binding
    from textual.widgets import DataTable, Footer, Header, Input, Static
    class Bench(App):
        BINDINGS = [Binding(f"f{i}", "bell", f"Key {i}") for i in range(1, 13)]
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
    from yjtui.cli import check_reference_data
    from yjtui.store import Store
    import yjtui.app
    from yjtui.app import YjtuiApp
    class Bench(YjtuiApp):
        CSS_PATH = yjtui.app.__file__.replace("app.py", "app.tcss")
        def on_mount(self):
            super().on_mount()
            self.call_after_refresh(drawn, self)
    assert check_reference_data() is None
    Bench(Store(kind)).run(headless=True, size=(120, 40))
"""
SCRIPT = Path(tempfile.mkdtemp(prefix="yjtui-start-")) / "start_child.py"
SCRIPT.write_text(CHILD)  # a file, not -c: Textual resolves CSS_PATH beside the app subclass's source


def timed(arg: str) -> float:
    start = time.time()
    out = subprocess.run([sys.executable, str(SCRIPT), arg], check=True, capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[0]) - start


def import_costs() -> list[tuple[int, str]]:
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import yjtui.app"], capture_output=True,
                         text=True).stderr
    rows = []
    for line in out.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 3 or not parts[1].isdigit():
            continue
        name = parts[2]
        if name.startswith("yjtui") or name in ("textual", "sqlmodel", "sqlalchemy", "alembic", "holidays", "rich"):
            rows.append((int(parts[1]), name))
    return sorted(rows, reverse=True)[:12]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    from yjtui.casework.demo import fill_demo
    from yjtui.store import Store

    path = Path(tempfile.mkdtemp(prefix="yjtui-start-")) / "demo.db"
    store = Store(path)
    fill_demo(store)
    store.close()
    kinds = {"bare": "bare", "widgets": "widgets", "yjtui": str(path)}
    for arg in kinds.values():
        timed(arg)  # warm the disk cache for each
    times: dict[str, list[float]] = {k: [] for k in kinds}
    for _ in range(runs):  # interleaved, so load on the machine hits each alike
        for k, arg in kinds.items():
            times[k].append(timed(arg))
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"process start to first screen drawn, median of {runs}:")
    print(f"  bare Textual app:                         {med['bare'] * 1000:.0f} ms")
    print(f"  Textual app with the case list's widgets: {med['widgets'] * 1000:.0f} ms")
    print(f"  yjtui case list (25 children):            {med['yjtui'] * 1000:.0f} ms")
    print(f"ratio yjtui / bare: {med['yjtui'] / med['bare']:.2f} (goal <= 1.3); "
          f"yjtui / same widgets: {med['yjtui'] / med['widgets']:.2f}")
    print("largest imports under `import yjtui.app` (cumulative microseconds):")
    for us, name in import_costs():
        print(f"  {us:>8}  {name}")


if __name__ == "__main__":
    main()
