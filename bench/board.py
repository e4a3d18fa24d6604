"""The deadline board, the case list's next-deadline column and the audit trail on a whole caseload: 25, 500 and
5,000 children on SQLite and on PostgreSQL (pgserver), over its Unix socket and through a TCP proxy on 127.0.0.1
that adds 1 ms and 10 ms each way (a council network), against baselines measured in the same run.

For each store and link:
- board: `casework.board.collect` (every open deadline of every child: one pass over the caseload, the deadline
  rules only), its statements, against the floor: the same three tables read with one plain query each in one
  transaction, nothing done with the rows. Before issue 26 the board evaluated every rule for every child, child by
  child: that old path is measured beside it where it finishes in reasonable time (25 children everywhere, 500 on
  the local links).
- case list: the next-deadline column for the 40 children a screen shows (`board.next_deadlines`).
On the app (Pilot, headless), for 500 and 5,000 children:
- board opened (F5 on the case list) until its rows are listed, against a bare Textual app showing a 200-row table
  (the board's first page); and, at 5,000, keys sent while it loads: time from the key to its handler (issue 25:
  answered within 100 ms), against the same in a bare app.
- audit trail opened at 5,000: entries listed, chain walked, keys meanwhile.

Caseloads are written straight to the tables (one transaction, a valid audit chain of one entry per record): the
board reads them as the app would. A throwaway PostgreSQL is started and removed; the proxy is an asyncio task in a
thread of its own, started and stopped here.

Run: python bench/board.py [--quick] [SIZES...]   (--quick: 25 and 500, no proxy at 500)
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, datetime, time as clock, timedelta
from pathlib import Path

TODAY = date(2026, 11, 23)
GIVEN = ["Ash", "Blake", "Casey", "Dani", "Eden", "Frankie", "Gray", "Harley", "Indy", "Jules", "Kit", "Lane"]
FAMILY = ["Example", "Sample", "Placeholder", "Fictional", "Testcase"]
LEVELS = ["low", "medium", "high", "very_high"]


# --- a caseload, written straight to the tables ------------------------------------------------------------------

def fill(store, n: int, seed: int = 26) -> dict[str, int]:
    """`n` fictional children with the demo's mix of records and events (and police, custody and transition events
    for the kent and enfield packs), about one task in ten marked done, one audit entry per record."""
    from sqlalchemy import insert

    from yjtui.store import Assessment, Child, Event, Hearing, Plan, TaskDone

    rnd = random.Random(seed)
    rows: dict[str, list[dict]] = {t: [] for t in ("child", "assessment", "hearing", "plan", "event", "taskdone")}
    ids = {t: 0 for t in rows}

    def add(table: str, **values) -> int:
        ids[table] += 1
        rows[table].append({"id": ids[table], **values})
        return ids[table]

    day = lambda back: datetime.combine(TODAY - timedelta(days=back), clock(10))  # noqa: E731
    for i in range(n):
        cid = add("child", given_name=GIVEN[i % len(GIVEN)], family_name=f"{FAMILY[i % len(FAMILY)]}{i}",
                  date_of_birth=TODAY - timedelta(days=365 * (10 + i % 8) + rnd.randint(20, 340)),
                  looked_after="no", yjs_ref=f"BENCH-{i}", created_at=day(90), updated_at=day(90))
        for kind, final in (("rosh", LEVELS[i % 4]), ("swb", LEVELS[(i + 1) % 4]), ("lor", ["low", "medium", "high"][i % 3])):
            add("assessment", child_id=cid, kind=kind, data=json.dumps({"evidence": "bench"}), final=final,
                status="complete", author="Bench Practitioner", completed_at=day(rnd.randint(5, 80)),
                created_at=day(90), updated_at=day(80))
        if i % 3 == 0:
            add("hearing", child_id=cid, court="Northshire Youth Court", at=day(-(i % 5)), created_at=day(30),
                updated_at=day(30), charges=json.dumps([{"offence": "Robbery", "imprisonable": True}]))
        events = []
        if i % 2 == 0:
            add("plan", child_id=cid, data=json.dumps({"case_manager": "Bench Practitioner", "items": []}),
                created_at=day(60), updated_at=day(60))
            events.append(("order_made", day(rnd.randint(1, 60)), {"order_type": "yro"}))
        if i % 5 == 1:
            events.append(("bail_support_imposed", day(1), {}))
        if i % 7 == 3:
            events.append(("iss_started", day(20), {"basis": "yro"}))
            events.append(("iss_police_contact", day(13), {}))
        if i % 11 == 4:
            events.append(("transition_identified", day(30), {"date_of_birth": "2009-03-01", "mappa_level": 0}))
        if i % 13 == 5:
            events.append(("sentenced_custody", day(15), {"custody_months": 8}))
        for etype, at, data in events:
            eid = add("event", child_id=cid, type=etype, at=at, data=json.dumps(data), created_at=at)
            if etype == "order_made" and rnd.random() < 0.1:
                add("taskdone", child_id=cid, event_id=eid, rule="order.allocate_worker", done_by="Bench",
                    done_at=day(0))
    audit = []
    for table, table_rows in rows.items():
        for r in table_rows:
            audit.append({"action": "collect", "record": table, "record_id": r["id"],
                          "child_id": r["id"] if table == "child" else r["child_id"], "field": "", "old": "",
                          "new": json.dumps({"written": "by the bench"}), "detail": ""})
    models = {"child": Child, "assessment": Assessment, "hearing": Hearing, "plan": Plan, "event": Event,
              "taskdone": TaskDone}
    with store.engine.begin() as conn:
        for table, model in models.items():
            if rows[table]:
                conn.execute(insert(model.__table__), rows[table])
        store.append_audit(conn, audit)  # the one way onto the trail: numbered, chained and hashed as any save's
        if store.server:  # ids given above: the sequences carry on after them
            for table in models:
                conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                     f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)")
    store.set_local_packs(["enfield", "kent"])
    store._index.forget()
    return {t: len(r) for t, r in rows.items()} | {"audit": len(audit)}


# --- PostgreSQL, and a link that adds latency -------------------------------------------------------------------

def start_server():
    from team import start_server as throwaway_server  # the one bench server starter

    return throwaway_server(durable=False)


class DelayProxy:
    """127.0.0.1:<port> to PostgreSQL's Unix socket, every chunk held `delay` seconds each way: the latency of a
    council network, not its bandwidth. Bounded: at most 8 connections (the app's pool is 2 + 4), 64 chunks in
    flight per direction (reading waits when full). Runs its own event loop in a thread; `stop()` closes it all."""

    MAX_CONNECTIONS = 8
    IN_FLIGHT = 64

    def __init__(self, socket_dir: str, delay: float, port: int = 5432):
        self.target = f"{socket_dir}/.s.PGSQL.{port}"
        self.delay = delay
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True, name=f"proxy-{delay}")
        self._open = asyncio.Semaphore(self.MAX_CONNECTIONS)
        self._tasks: set[asyncio.Task] = set()

    def __enter__(self) -> "DelayProxy":
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._serve, "127.0.0.1", 0), self._loop).result(10)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, *exc) -> None:
        async def close() -> None:
            self._server.close()
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _serve(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        self._tasks.add(task)
        try:
            async with self._open:
                server_r, server_w = await asyncio.open_unix_connection(self.target)
                await asyncio.gather(self._pipe(client_r, server_w), self._pipe(server_r, client_w))
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            client_w.close()
            self._tasks.discard(task)

    async def _pipe(self, src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue(self.IN_FLIGHT)

        async def read() -> None:
            while data := await src.read(65536):
                await queue.put((loop.time() + self.delay, data))
            await queue.put((0.0, b""))

        async def write() -> None:
            while True:
                due, data = await queue.get()
                if not data:
                    dst.close()
                    return
                if (wait := due - loop.time()) > 0:
                    await asyncio.sleep(wait)
                dst.write(data)
                await dst.drain()

        await asyncio.gather(read(), write())


# --- what is measured ---------------------------------------------------------------------------------------------

def statements(store, work) -> tuple[float, int, object]:
    from sqlalchemy import event

    count = [0]

    def seen(*_a):
        count[0] += 1

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        t = time.perf_counter()
        result = work()
        took = time.perf_counter() - t
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)
    return took, count[0], result


def best(store, work, runs: int = 3) -> tuple[float, int, object]:
    tries = [statements(store, work) for _ in range(runs)]
    took = statistics.median(t for t, _c, _r in tries)
    return took, tries[0][1], tries[0][2]


def floor_read(store) -> int:
    """The same rows the board needs, one plain query per table in one transaction, nothing done with them."""
    with store.engine.connect() as conn:
        n = 0
        for sql in ("SELECT id, given_name, family_name FROM child",
                    "SELECT child_id, id, type, at, data FROM event ORDER BY child_id, id",
                    "SELECT child_id, event_id, rule FROM taskdone",
                    "SELECT value FROM setting WHERE key = 'packs'"):
            n += len(conn.exec_driver_sql(sql).fetchall())
        return n


def old_collect(store, today):
    """The board before issue 26: every rule for every child, one child at a time (kept here to compare)."""
    from sqlmodel import select

    from yjtui.casework import board, case_facts
    from yjtui.casework.packs import local_packs
    from yjtui.rules import FactsError, evaluate
    from yjtui.store import Child, Event, TaskDone

    packs = local_packs(store)
    with store.session() as s:
        children = list(s.exec(select(Child)))
        done = {(t.child_id, t.event_id, t.rule) for t in s.exec(select(TaskDone))}
    rows = []
    for child in children:
        events = store.records(Event, child.id)
        if not events:
            continue
        try:
            result = evaluate(case_facts.build(store, child, as_of=today), packs, as_of=today)
        except FactsError:
            continue
        for d in result.deadlines:
            eid = events[d.event].id if d.event is not None and d.event < len(events) else None
            if (child.id, eid, d.rule) not in done:
                rows.append(d)
    return rows


def measure_headless(store, n: int, label: str, old: bool) -> dict:
    from yjtui.casework import board

    floor, _fc, _ = best(store, lambda: floor_read(store))
    took, count, rows = best(store, lambda: board.collect(store, TODAY))
    ids = [r.id for r in store.search("", limit=40)[0]]
    listed, list_count, _ = best(store, lambda: board.next_deadlines(store, ids, TODAY))
    line = (f"  {label:<18} {n:>5} children: board {took * 1000:8.1f} ms, {count} statements, {len(rows)} deadlines; "
            f"floor {floor * 1000:7.1f} ms (ratio {took / floor:5.1f}); case list column (40 children) "
            f"{listed * 1000:6.1f} ms, {list_count} statements")
    out = {"board": took, "floor": floor, "rows": len(rows)}
    if old:
        was, was_count, was_rows = statements(store, lambda: old_collect(store, TODAY))
        assert len(was_rows) == len(rows), (len(was_rows), len(rows))
        line += f"; before: {was * 1000:.0f} ms, {was_count} statements ({was / took:.0f} times as long)"
        out["old"] = was
    print(line, flush=True)
    return out


# --- on screen -------------------------------------------------------------------------------------------------

async def until(condition, limit: float = 300.0) -> float:
    t = time.perf_counter()
    while not condition():
        if time.perf_counter() - t > limit:
            raise TimeoutError("the screen never got there")
        await asyncio.sleep(0.002)
    return time.perf_counter() - t


def send_key(app, key: str) -> None:
    from textual import events

    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    app._driver.send_message(event)


async def keys_while(app, target, action: str, keys: list[str], busy, limit: int = 400) -> list[float]:
    """Send keys while `busy()`; each figure: from the key sent to `target`'s action for it starting."""
    started: list[float] = []
    original = getattr(target, action)

    def timed(*args):
        started.append(time.perf_counter())
        return original(*args)

    setattr(target, action, timed)
    waits = []
    try:
        for i in range(limit):
            if not busy():
                break
            before = len(started)
            sent = time.perf_counter()
            send_key(app, keys[i % len(keys)])
            await until(lambda: len(started) > before or not busy(), 10)
            if len(started) > before:
                waits.append(started[-1] - sent)
            await asyncio.sleep(0.02)
    finally:
        setattr(target, action, original)
    return waits


def show_waits(label: str, waits: list[float]) -> str:
    """The keys in the order sent; the first, sent as the screen is put up, waits for it to be composed and laid
    out (as it would in a bare app), so it is shown apart from the keys sent while the data loads."""
    if not waits:
        return f"{label}: the load finished before a key was sent"
    first, rest = waits[0], sorted(waits[1:])
    said = f"{label}: first key {first * 1000:.1f} ms (as the screen is put up)"
    if rest:
        said += (f", then {len(rest)} keys median {statistics.median(rest) * 1000:.1f} ms, "
                 f"worst {rest[-1] * 1000:.1f} ms")
    return said


async def board_on_screen(store, with_keys: bool) -> tuple[float, list[float]]:
    from yjtui.app import YjtuiApp
    from yjtui.screens.board import BoardScreen

    app = YjtuiApp(store, today=TODAY)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        await until(lambda: getattr(app.store, "opened", True))
        t = time.perf_counter()
        send_key(app, "f5")
        await until(lambda: isinstance(app.screen, BoardScreen))
        screen = app.screen
        waits = await keys_while(app, screen, "action_filter", ["w", "a"], lambda: screen.collected is None) \
            if with_keys else []
        await until(lambda: screen.collected is not None and (screen.listed.listed or not screen.rows))
        took = time.perf_counter() - t
    return took, waits


async def audit_on_screen(store) -> tuple[float, float, list[float]]:
    from yjtui.app import YjtuiApp
    from yjtui.screens.audit import AuditScreen

    app = YjtuiApp(store, today=TODAY)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        t = time.perf_counter()
        screen = AuditScreen()
        app.push_screen(screen)
        await until(lambda: screen.is_attached)
        # tab: the app moves the focus (the screen's own keys would start another read, or leave it)
        waits = await keys_while(app, app, "action_focus_next", ["tab"], lambda: screen.chain is None or screen.reading)
        await until(lambda: screen.shown and not screen.reading)
        listed = time.perf_counter() - t
        await until(lambda: screen.chain is not None)
        chain = time.perf_counter() - t
    return listed, chain, waits


async def bare_table(rows: int = 200) -> tuple[float, list[float]]:
    """Baseline: a bare Textual app pushes a screen whose table gets `rows` rows (the board's first page), and
    answers a key bound on it."""
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import DataTable, Footer, Header

    class Table(Screen):
        BINDINGS = [("w", "filter", "filter")]

        def compose(self):
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self):
            table = self.query_one(DataTable)
            table.add_columns("Status", "Due", "Child", "Task")
            for i in range(rows):
                table.add_row("due", "01/12/2026", f"Child {i}", "Child allocated a worker after the order is made")
            self.done = True

        def action_filter(self):
            pass

    app = App()
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        t = time.perf_counter()
        screen = Table()
        app.push_screen(screen)
        await until(lambda: getattr(screen, "done", False))
        await pilot.pause()
        took = time.perf_counter() - t
        waits = await keys_while(app, screen, "action_filter", ["w"], lambda: True, limit=20)
    return took, waits


# --- the run -----------------------------------------------------------------------------------------------------

def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    quick = "--quick" in sys.argv
    sizes = [int(a) for a in args] or ([25, 500] if quick else [25, 500, 5000])
    from urllib.parse import quote

    from yjtui.store import Store

    srv, socket = start_server()
    folder = Path(tempfile.mkdtemp(prefix="yjtui-bench-board-"))
    results: dict = {}
    try:
        stores = {}
        for n in sizes:
            sqlite = Store(folder / f"board-{n}.db")
            t = time.perf_counter()
            made = fill(sqlite, n)
            srv.psql(f"CREATE DATABASE bench_{n};")
            pg = Store(f"postgresql://postgres@/bench_{n}?host={quote(socket)}")
            fill(pg, n)
            print(f"caseload of {n}: {made} rows each on SQLite and PostgreSQL ({time.perf_counter() - t:.1f} s to "
                  "write both)", flush=True)
            stores[n] = (sqlite, pg)

        print("\nbaseline: a bare Textual app showing a 200-row table (the board's first page), and a key bound on it")
        base_open, base_keys = asyncio.run(bare_table())
        print(f"  screen with the table drawn: {base_open * 1000:.0f} ms; {show_waits('key to handler', base_keys)}")

        print("\nheadless: the board and the case list's column (median of 3), against the floor read")
        for link, delay in (("SQLite", None), ("PostgreSQL socket", 0.0), ("PostgreSQL +1 ms", 0.001),
                            ("PostgreSQL +10 ms", 0.010)):
            proxy = DelayProxy(socket, delay).__enter__() if delay else None
            try:
                for n in sizes:
                    sqlite, pg = stores[n]
                    if link == "SQLite":
                        store = sqlite
                    elif proxy is None:
                        store = pg
                    else:
                        store = Store(f"postgresql://postgres@127.0.0.1:{proxy.port}/bench_{n}")
                    old = n <= 25 or (n <= 500 and delay in (None, 0.0))
                    results[(link, n)] = measure_headless(store, n, link, old)
                    if proxy is not None and n >= 500 and (delay == 0.010 or n == max(sizes)):
                        took, waits = asyncio.run(board_on_screen(store, with_keys=n >= 5000))
                        print(f"    on screen, F5 to the rows listed: {took:.2f} s (bare table {base_open:.2f} s)"
                              + (f"; {show_waits('keys while it loads', waits)}" if waits else ""), flush=True)
                    if proxy is not None:
                        store.close()
            finally:
                if proxy is not None:
                    proxy.__exit__(None, None, None)

        print("\non screen (Pilot, headless terminal 140x45): F5 on the case list to the board's rows listed")
        for n in sizes:
            if n < 500:
                continue
            for label, store in zip(("SQLite", "PostgreSQL socket"), stores[n]):
                took, waits = asyncio.run(board_on_screen(store, with_keys=n >= 5000))
                print(f"  {label:<18} {n:>5} children: {took:.2f} s (bare table {base_open:.2f} s, ratio "
                      f"{took / base_open:.1f})" + (f"; {show_waits('keys while it loads', waits)}" if waits else ""),
                      flush=True)

        print("\naudit trail, whole store, on screen: entries listed, chain walked, keys meanwhile")
        for n in sizes:
            if n < 5000 and not quick:
                continue
            for label, store in zip(("SQLite", "PostgreSQL socket"), stores[n]):
                listed, chain, waits = asyncio.run(audit_on_screen(store))
                print(f"  {label:<18} {n:>5} children: entries {listed:.2f} s, chain {chain:.2f} s; "
                      f"{show_waits('keys while it loads', waits)}", flush=True)
        for sqlite, pg in stores.values():
            sqlite.close()
            pg.close()
    finally:
        srv.cleanup()

    print("\ngoals: board for 500 children under 1 s and for 5,000 under 3 s on both engines, under 3 s with 10 ms "
          "each way; a key answered within 100 ms while it loads")


if __name__ == "__main__":
    main()
