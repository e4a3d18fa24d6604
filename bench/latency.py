"""Keystroke to updated findings on screen: a remand condition on the court screen, and a matrix cell on the risk
screen, measured through Textual's Pilot (goal: under one 16 ms frame).

Two figures per screen:
- handler: from the keystroke's handler starting to the findings redrawn into their widgets (the rules engine,
  the saving, the text built) — what the app itself costs per keystroke;
- round trip: `pilot.press` + `pilot.pause` until the screen has settled, against the same round trip in a bare
  Textual app whose key handler updates one Static (baseline, same run): Pilot's own overhead is in both.

Run: python bench/latency.py [PRESSES]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 23)


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


def show(label: str, values: list[float]) -> None:
    print(f"  {label}: median {statistics.median(values) * 1000:.2f} ms, p99 {pct(values, .99) * 1000:.2f} ms")


def timed_method(obj, name: str, sink: list[float]) -> None:
    original = getattr(obj, name)

    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            sink.append(time.perf_counter() - t)

    setattr(obj, name, wrapper)


def demo_store():
    from yjtui.casework.demo import fill_demo
    from yjtui.store import Child, Store

    store = Store(Path(tempfile.mkdtemp(prefix="yjtui-lat-")) / "demo.db")
    fill_demo(store, today=TODAY)
    child = next(c for c in (store.get(Child, i) for i in range(1, 26)) if c.date_of_birth and
                 15 <= (TODAY - c.date_of_birth).days // 365 <= 17)
    return store, child


async def court(presses: int) -> tuple[list[float], list[float]]:
    from yjtui.app import YjtuiApp
    from yjtui.screens.court import CourtScreen

    store, child = demo_store()
    app = YjtuiApp(store, today=TODAY)
    handler, trip = [], []
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        screen = CourtScreen(child)
        await app.push_screen(screen)
        await pilot.pause()
        timed_method(screen, "refresh_form", handler)
        choice = screen.query_one("#b-necessity")
        choice.focus()
        await pilot.pause()
        for i in range(presses):
            t = time.perf_counter()
            await pilot.press("ynu"[i % 3])
            await pilot.pause()
            trip.append(time.perf_counter() - t)
    return handler, trip


async def risk(presses: int) -> tuple[list[float], list[float]] | None:
    try:
        from yjtui.screens import risk as risk_module
    except ImportError:
        return None
    hook = getattr(risk_module, "BENCH_HOOK", None)
    if hook is None:
        return None
    from yjtui.app import YjtuiApp

    store, child = demo_store()
    app = YjtuiApp(store, today=TODAY)
    handler, trip = [], []
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        screen = risk_module.RiskScreen(child)
        await app.push_screen(screen)
        await pilot.pause()
        for key in hook["prepare"]:
            await pilot.press(key)
        await pilot.pause()
        timed_method(screen, hook["method"], handler)
        hook["focus"](screen).focus()
        await pilot.pause()
        keys = hook["keys"]
        for i in range(presses):
            t = time.perf_counter()
            await pilot.press(*keys[i % len(keys)])
            await pilot.pause()
            trip.append(time.perf_counter() - t)
    return handler, trip


async def bare(presses: int) -> list[float]:
    from textual.app import App
    from textual.widgets import Static

    class Bare(App):
        def compose(self):
            yield Static("", id="s")

        def on_key(self, event) -> None:
            self.query_one("#s", Static).update(f"pressed {event.key}")

    trip = []
    async with Bare().run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        for i in range(presses):
            t = time.perf_counter()
            await pilot.press("ynu"[i % 3])
            await pilot.pause()
            trip.append(time.perf_counter() - t)
    return trip


async def bare_select(presses: int) -> list[float]:
    """Baseline for the risk screen: the same enter, arrow, enter on a Select in a bare Textual app."""
    from textual.app import App
    from textual.widgets import Select, Static

    class Bare(App):
        def compose(self):
            yield Select([(w, w) for w in ("Unlikely", "Possible", "Likely", "Very Likely")], value="Possible")
            yield Static("", id="s")

        def on_select_changed(self, event) -> None:
            self.query_one("#s", Static).update(f"chose {event.value}")

    trip = []
    async with Bare().run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        pilot.app.query_one(Select).focus()
        for i in range(presses):
            t = time.perf_counter()
            await pilot.press(*[("enter", "down", "enter"), ("enter", "up", "enter")][i % 2])
            await pilot.pause()
            trip.append(time.perf_counter() - t)
    return trip


def main() -> None:
    presses = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    base = asyncio.run(bare(presses))
    print("baseline: bare Textual app, key -> one Static updated (Pilot round trip)")
    show("round trip", base)
    handler, trip = asyncio.run(court(presses))
    print("court screen: necessity condition y/n/u -> remand panel and findings redrawn")
    show("handler", handler)
    show("round trip", trip)
    print(f"  round-trip ratio against the baseline (median): {statistics.median(trip) / statistics.median(base):.2f}")
    result = asyncio.run(risk(presses))
    if result is None:
        print("risk screen: no BENCH_HOOK in yjtui.screens.risk; not measured")
    else:
        handler, trip = result
        select_base = asyncio.run(bare_select(presses))
        print("baseline: bare Textual app, the same enter, arrow, enter on a Select (Pilot round trip)")
        show("round trip", select_base)
        print("risk screen: a behaviour's likelihood changed (enter, arrow, enter) -> suggestion and findings redrawn")
        show("handler", handler)
        show("round trip", trip)
        print(f"  round-trip ratio against the Select baseline (median): "
              f"{statistics.median(trip) / statistics.median(select_base):.2f}")


if __name__ == "__main__":
    main()
