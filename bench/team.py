"""The team store: syncing a day's offline work back, and keystroke-to-findings on PostgreSQL against SQLite.

- sync: a caseload of 30 children taken offline into an encrypted laptop store, 1,000 changes made there (child
  fields, hearings, assessments, round the caseload), then `offline.sync` timed: every change sent with its audit
  entry and change id, and the laptop's copy refreshed from the server (goal: well under a minute on a court Wi-Fi;
  here the server is on this machine, so the figure is the app's own cost, not the network's).
- latency: the court screen's remand-condition keystroke (as bench/latency.py) on the demo caseload, once on a
  SQLite file and once on PostgreSQL, in the same run: the handler (rules engine, the save, the redraw) and the
  Pilot round trip.

A throwaway PostgreSQL (pgserver, the tests' server: pip install -e '.[test]') is started and removed.
Run: python bench/team.py [CHANGES] [PRESSES]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
import warnings
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from latency import TODAY, show, timed_method  # noqa: E402

PASSWORD = "bench password"


def start_server():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver
    root = Path(tempfile.mkdtemp(prefix="yjtui-bench-pg-"))
    srv = pgserver.get_server(root / "pgdata", cleanup_mode="delete")
    (root / "pgdata" / "pg_hba.conf").write_text("local all postgres trust\nlocal all all scram-sha-256\n")
    srv.psql("SELECT pg_reload_conf();")
    return srv, str(srv._postmaster_info.socket_dir)


def url(socket: str, db: str, user: str = "postgres", password: str = "") -> str:
    from urllib.parse import quote

    cred = quote(user) + (":" + quote(password) if password else "")
    return f"postgresql://{cred}@/{db}?host={socket}"


def sync_bench(srv, socket: str, changes: int) -> None:
    from yjtui.store import Assessment, Child, Hearing, Store, offline

    srv.psql("CREATE DATABASE bench_sync;")
    Store(url(socket, "bench_sync")).close()  # the administrator's first connect: migrate, rights
    srv.psql(f"CREATE ROLE bench_cm LOGIN PASSWORD '{PASSWORD}'; GRANT yjtui_case_manager TO bench_cm;")
    server = Store(url(socket, "bench_sync", "bench_cm", PASSWORD))
    ids = []
    for n in range(30):
        c = server.add(Child(given_name=f"Child{n}", family_name="Example", yjs_ref=f"BENCH-{n}",
                             date_of_birth=date(2010, 1 + n % 12, 1 + n % 28)))
        server.add(Hearing(child_id=c.id, court="Example Youth Court", at=datetime(2026, 11, 23, 10)))
        server.add(Assessment(child_id=c.id, kind="rosh", status="draft"))
        ids.append(c.id)
    path = Path(tempfile.mkdtemp(prefix="yjtui-bench-laptop-")) / "offline.db"
    key = "bench laptop passphrase"
    t = time.perf_counter()
    laptop = offline.take(server, ids, path, key)
    took = time.perf_counter() - t
    records = []
    for cid in ids:
        records.append((laptop.get(Child, cid), "home_la"))
        records.append((laptop.records(Hearing, cid)[0], "outcome"))
        records.append((laptop.records(Assessment, cid)[0], "rationale"))
    t = time.perf_counter()
    for i in range(changes):
        record, field = records[i % len(records)]
        laptop.update(record, field, f"offline change {i}")
    made = time.perf_counter() - t
    t = time.perf_counter()
    result = offline.sync(laptop, server, key)
    synced = time.perf_counter() - t
    ok, message = server.verify_audit()
    print(f"sync: 30 children, {changes} offline changes")
    print(f"  take offline (copy + encrypted store): {took:.2f} s; making the changes on the laptop: {made:.2f} s")
    print(f"  sync: {synced:.2f} s ({synced / changes * 1000:.1f} ms a change), {result.applied} applied, "
          f"{len(result.conflicts)} conflicts; server trail: {message}")
    laptop.close()
    server.close()
    assert ok and result.applied == changes


async def court_walk(store, child, presses: int) -> tuple[list[float], list[float]]:
    from yjtui.app import YjtuiApp
    from yjtui.screens.court import CourtScreen

    app = YjtuiApp(store, today=TODAY)
    handler, trip = [], []
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        screen = CourtScreen(child)
        await app.push_screen(screen)
        await pilot.pause()
        timed_method(screen, "refresh_all", handler)
        screen.query_one("#b-necessity").focus()
        await pilot.pause()
        for i in range(presses):
            t = time.perf_counter()
            await pilot.press("ynu"[i % 3])
            await pilot.pause()
            trip.append(time.perf_counter() - t)
    return handler, trip


def latency_bench(srv, socket: str, presses: int) -> None:
    from yjtui.casework.demo import fill_demo
    from yjtui.store import Child, Store

    srv.psql("CREATE DATABASE bench_latency;")
    stores = {"SQLite": Store(Path(tempfile.mkdtemp(prefix="yjtui-bench-")) / "demo.db"),
              "PostgreSQL": Store(url(socket, "bench_latency"))}
    print(f"keystroke to findings, court screen, {presses} presses each:")
    for name, store in stores.items():
        fill_demo(store, today=TODAY)
        child = next(c for c in (store.get(Child, i) for i in range(1, 26)) if c.date_of_birth and
                     15 <= (TODAY - c.date_of_birth).days // 365 <= 17)
        handler, trip = asyncio.run(court_walk(store, child, presses))
        print(f" {name}:")
        show("handler (engine, save, redraw)", handler)
        show("round trip (Pilot press + pause)", trip)
        store.close()


def main() -> None:
    changes = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    presses = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    srv, socket = start_server()
    try:
        sync_bench(srv, socket, changes)
        latency_bench(srv, socket, presses)
    finally:
        srv.cleanup()


if __name__ == "__main__":
    main()
