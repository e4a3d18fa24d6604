"""Statements sent to the store per keystroke, on every workflow screen (goal 0: a keystroke is answered from the
screen's snapshot of the child's records; only the save after a pause in typing touches the store).

For each screen: the statements to open it, the statements per keystroke typed into one of its text fields (the
save timers held back, so only what the keystroke itself costs is counted), and the statements of the one save
that follows the pause in typing. The baseline, measured in the same run on the same store, is one read of the
child's records (`case_facts.Snapshot.read`): what re-reading the records on every keystroke would cost at least.

Run: python bench/keystrokes.py [KEYS]   (SQLite demo store; KEYS typed per screen, 12 by default)
"""

from __future__ import annotations

import asyncio
import importlib
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 23)
HELD = 3600.0  # seconds: the save timers are held back while keystrokes are counted

# (workflow, "module:Screen", the text field typed into[, keys pressed first])
SCREENS = [
    ("risk", "yjtui.screens.risk:RiskScreen", "rosh-evidence", ("ctrl+b",)),  # a draft from the completed RoSH
    ("court", "yjtui.screens.court:CourtScreen", "d-known-previous_bail"),
    ("plan", "yjtui.screens.plan:PlanScreen", "case_manager"),
    ("moves", "yjtui.screens.moves:MovesScreen", "t-home_yot"),
    ("exploitation", "yjtui.screens.exploitation:ExploitationScreen", "ce-completer"),
    ("out-of-court", "yjtui.screens.oocd:OocdScreen", "rationale"),
    ("ISS and DYO", "yjtui.screens.police:PoliceScreen", "iss-conditions"),
]
# Where each screen (old or new) keeps its pause before saving: patched to HELD while keystrokes are counted.
DELAYS = ["yjtui.screens.debounce", "yjtui.screens.record_form", "yjtui.screens.risk", "yjtui.screens.court", "yjtui.screens.plan",
          "yjtui.screens.moves", "yjtui.screens.exploitation_records", "yjtui.screens.exploitation"]


class Counter:
    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.n = 0
        event.listen(engine, "before_cursor_execute", self._one)

    def _one(self, *_args, **_kw) -> None:
        self.n += 1


async def settled(pilot, counter: Counter) -> None:
    """Wait until the app sends nothing more (the case list's own reads after the first paint, a screen's timers)."""
    quiet, last = 0, counter.n
    while quiet < 5:
        await pilot.pause(0.05)
        quiet, last = (quiet + 1, last) if counter.n == last else (0, counter.n)


def demo_store():
    from yjtui.casework.demo import fill_demo
    from yjtui.store import Child, Store

    store = Store(Path(tempfile.mkdtemp(prefix="yjtui-keys-")) / "demo.db")
    fill_demo(store, today=TODAY)
    store.set_local_packs(["enfield", "leicester", "kent"])
    child = store.get(Child, 1)  # a hearing, a plan and an order: every screen has something to read
    return store, child


def set_delays(value: float | None) -> dict:
    """Hold every screen's save timer back (value) or restore them (None: the saved originals are returned)."""
    saved = {}
    for name in DELAYS:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        targets = [module, *[v for v in vars(module).values() if isinstance(v, type)]]
        for target in targets:
            if "SAVE_DELAY" in vars(target):
                saved[(name, getattr(target, "__qualname__", name))] = (target, target.SAVE_DELAY)
                if value is not None:
                    target.SAVE_DELAY = value
    return saved


async def measure(target: str, field: str, keys: int, first: tuple[str, ...] = ()) -> tuple[int, list[int], int, int]:
    from textual.widgets import Input

    from yjtui.app import YjtuiApp
    from yjtui.casework import case_facts

    store, child = demo_store()
    counter = Counter(store.engine)
    before = counter.n
    case_facts.Snapshot.read(store, child)
    snapshot = counter.n - before
    module, name = target.split(":")
    screen_type = getattr(importlib.import_module(module), name)
    from yjtui.screens import lock

    lock.IDLE_CHECK_SECONDS = HELD  # the idle lock's own timer is not a keystroke's
    app = YjtuiApp(store, today=TODAY)
    saved = set_delays(HELD)
    per_key: list[int] = []
    try:
        async with app.run_test(size=(160, 50)) as pilot:
            await settled(pilot, counter)
            before = counter.n
            screen = screen_type(child)
            await app.push_screen(screen)
            await settled(pilot, counter)
            opened = counter.n - before
            for key in first:
                await pilot.press(key)
            await settled(pilot, counter)
            box = screen.query_one(f"#{field}", Input)
            for pane in box.ancestors:  # bring its tab forward
                if pane.__class__.__name__ == "TabPane":
                    tabs = pane.parent.parent
                    tabs.active = pane.id
            await pilot.pause()
            box.focus()
            await settled(pilot, counter)
            for i in range(keys):
                before = counter.n
                await pilot.press("abcdefghij"[i % 10])
                await pilot.pause()
                per_key.append(counter.n - before)
            before = counter.n
            flush = getattr(screen, "flush", None)
            if flush is not None:
                flush()
            await settled(pilot, counter)
            save = counter.n - before
    finally:
        for (_m, _q), (t, v) in saved.items():
            t.SAVE_DELAY = v
    return opened, per_key, save, snapshot


def main() -> None:
    keys = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    print("statements sent to the store (SQLite demo store, child 1; the save timers held back while typing)")
    print(f"{'screen':<14} {'open':>6} {'per key (median, max)':>22} {'the save':>9}   baseline: one read of the "
          "child's records")
    total = 0
    for title, target, field, *first in SCREENS:
        try:
            opened, per_key, save, snapshot = asyncio.run(measure(target, field, keys, *first))
        except Exception as exc:  # a screen not measured says why; the others still are
            print(f"{title:<14} not measured: {type(exc).__name__}: {exc}")
            continue
        total += sum(per_key)
        print(f"{title:<14} {opened:>6} {statistics.median(per_key):>14g} {max(per_key):>6} {save:>10}   "
              f"{snapshot}")
    print(f"statements over every keystroke typed: {total} (goal 0)")


if __name__ == "__main__":
    main()
