"""The team store: syncing a day's offline work back, and keystroke-to-findings on PostgreSQL against SQLite.

- sync: a caseload taken offline into an encrypted laptop store, 1,000 changes made there, then `offline.sync`
  timed: every change sent with its audit entry and change id (a batch of whole children per transaction), then the
  laptop's copy rebuilt from the server. Twice: 1,000 changes typed into the 90 fields of 30 children (child,
  hearing, assessment), and 1,000 changes each to a field of its own (250 children). The sending is measured
  against the one-transaction floor measured beside it: the same record updates and 1,000 audit entries written with
  executemany in one transaction (goal, issue 26: within 2x). Here the server is on this machine, so the figure is
  the app's own cost, not the network's.
- latency: the court screen's remand-condition keystroke (as bench/latency.py) on the demo caseload, once on a
  SQLite file and once on PostgreSQL, in the same run: the handler (rules engine, the save, the redraw) and the
  Pilot round trip.

A throwaway PostgreSQL (pgserver, the tests' server: pip install -e '.[test]') is started and removed.
Run: python bench/team.py [CHANGES] [PRESSES]   (PRESSES 0: the sync only)
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


def start_server(*, durable: bool = True):
    """A throwaway PostgreSQL for a bench (bench/board.py too). `durable=False` when only reads are measured: the
    bulk load need not survive a power cut."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver
    root = Path(tempfile.mkdtemp(prefix="yjtui-bench-pg-"))
    srv = pgserver.get_server(root / "pgdata", cleanup_mode="delete")
    (root / "pgdata" / "pg_hba.conf").write_text("local all postgres trust\nlocal all all scram-sha-256\n")
    fast = "" if durable else "ALTER SYSTEM SET fsync = off; ALTER SYSTEM SET synchronous_commit = off; "
    srv.psql(fast + "SELECT pg_reload_conf();")
    return srv, str(srv._postmaster_info.socket_dir)


def url(socket: str, db: str, user: str = "postgres", password: str = "") -> str:
    from urllib.parse import quote

    cred = quote(user) + (":" + quote(password) if password else "")
    return f"postgresql://{cred}@/{db}?host={socket}"


def _floor(server, changes: list[tuple[str, int, str, str]], audit_rows: int) -> float:
    """The one-transaction floor: the same record updates (executemany) and the same number of audit entries (in one
    statement, numbered, timed and hashed by the server's append trigger: Store.append_audit) in one transaction,
    as the sync writes them."""
    from sqlalchemy import bindparam, update

    from yjtui.store import offline

    final: dict[tuple[str, int, str], str] = {}
    for table, rid, field, value in changes:
        final[(table, rid, field)] = value
    t = time.perf_counter()
    with server.engine.connect() as conn, conn.begin():
        for table in {k[0] for k in final}:
            for field in {k[2] for k in final if k[0] == table}:
                model = offline.TABLES[table].__table__
                rows = [{"_id": rid, "v": value} for (tt, rid, ff), value in final.items()
                        if (tt, ff) == (table, field)]
                conn.execute(update(model).where(model.c.id == bindparam("_id")).values({field: bindparam("v")}), rows)
        server.append_audit(conn, [{"action": "alter", "record": "floor", "record_id": n, "field": "f", "new": str(n),
                                    "detail": f"floor {n}"} for n in range(audit_rows)])
        conn.rollback()  # measured, not kept
    return time.perf_counter() - t


def sync_bench(srv, socket: str, changes: int, distinct: bool, rounds: int = 3) -> None:
    """`rounds` syncs, each on a database of its own with its floor measured straight after it; the medians are
    compared (one sync against the best of three floors read a busy machine's noise as the app's cost)."""
    runs = [sync_round(srv, socket, changes, distinct, n) for n in range(rounds)]
    sending = sorted(r[0] for r in runs)[rounds // 2]
    floor = sorted(r[1] for r in runs)[rounds // 2]
    print(f"  median of {rounds}: sending {sending:.3f} s, floor {floor:.3f} s; ratio {sending / floor:.2f} "
          f"(goal within 2; each round's ratio: {', '.join(f'{r[0] / r[1]:.2f}' for r in runs)})")


def sync_round(srv, socket: str, changes: int, distinct: bool, round_no: int) -> tuple[float, float]:
    from yjtui.store import Assessment, Child, Hearing, Store, offline

    name = f"bench_sync_{'distinct' if distinct else 'typed'}_{round_no}"
    srv.psql(f"CREATE DATABASE {name};")
    Store(url(socket, name)).close()  # the administrator's first connect: migrate, rights
    srv.psql(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bench_cm') THEN "
             f"CREATE ROLE bench_cm LOGIN PASSWORD '{PASSWORD}'; END IF; END $$; GRANT yjtui_case_manager TO bench_cm;")
    server = Store(url(socket, name, "bench_cm", PASSWORD))
    children = changes // 4 if distinct else 30
    ids = []
    for n in range(children):
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
    fields = []
    for cid in ids:
        child = laptop.get(Child, cid)
        hearing = laptop.records(Hearing, cid)[0]
        fields += [(child, "home_la"), (hearing, "outcome"), (laptop.records(Assessment, cid)[0], "rationale")]
        if distinct:
            fields.append((hearing, "court"))
    made_changes = []
    t = time.perf_counter()
    for i in range(changes):
        record, field = fields[i % len(fields)]
        laptop.update(record, field, f"offline change {i}")
        made_changes.append((type(record).__tablename__, record.id, field, f"offline change {i}"))
    made = time.perf_counter() - t
    sent_at = []

    def progress(done, total, what):
        if what == "changes sent" and done == total:
            sent_at.append(time.perf_counter())

    t = time.perf_counter()
    result = offline.sync(laptop, server, key, progress=progress)
    synced = time.perf_counter() - t
    sending = sent_at[0] - t
    floor = sorted(_floor(server, made_changes, changes) for _ in range(3))[1]
    ok, message = server.verify_audit()
    kind = (f"{changes} changes, each to a field of its own ({children} children)" if distinct else
            f"{changes} changes typed into {len(fields)} fields of {children} children")
    print(f"sync: {kind} (round {round_no + 1})")
    print(f"  take offline (copy + encrypted store): {took:.2f} s; making the changes on the laptop: {made:.2f} s")
    print(f"  sending: {sending:.3f} s in {result.batches} transaction(s) ({sending / changes * 1000:.2f} ms a "
          "change); "
          f"one-transaction floor (the same updates and {changes} audit entries, executemany; median of 3): "
          f"{floor:.3f} s; "
          f"ratio {sending / floor:.2f} (goal within 2)")
    print(f"  whole sync with the copy rebuilt (encrypted, key derivation, fsync): {synced:.2f} s; {result.sent} "
          f"sent, {result.written} written, {len(result.questions)} questions; server trail: {message}")
    laptop.close()
    server.close()
    assert ok and result.sent == changes
    return sending, floor


async def court_walk(store, child, presses: int) -> tuple[float, list[float], list[float]]:
    from yjtui.app import YjtuiApp
    from yjtui.screens.court import CourtScreen

    app = YjtuiApp(store, today=TODAY)
    handler, trip = [], []
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        t = time.perf_counter()
        screen = CourtScreen(child)
        await app.push_screen(screen)
        await pilot.pause()
        opened = time.perf_counter() - t
        timed_method(screen, "refresh_form", handler)
        screen.query_one("#b-necessity").focus()
        await pilot.pause()
        for i in range(presses):
            t = time.perf_counter()
            await pilot.press("ynu"[i % 3])
            await pilot.pause()
            trip.append(time.perf_counter() - t)
    return opened, handler, trip


def latency_bench(srv, socket: str, presses: int) -> None:
    from yjtui.casework.demo import fill_demo
    from yjtui.store import Child, Store

    from board import DelayProxy

    srv.psql("CREATE DATABASE bench_latency;")
    print(f"keystroke to findings, court screen, {presses} presses each (issue 26's goal with 10 ms each way: "
          "under 50 ms):")
    proxy = DelayProxy(socket, 0.010).__enter__()
    try:
        stores = {"SQLite": lambda: Store(Path(tempfile.mkdtemp(prefix="yjtui-bench-")) / "demo.db"),
                  "PostgreSQL": lambda: Store(url(socket, "bench_latency")),
                  "PostgreSQL through a proxy adding 10 ms each way":
                      lambda: Store(f"postgresql://postgres@127.0.0.1:{proxy.port}/bench_latency")}
        for name, open_store in stores.items():
            store = open_store()
            if name != "PostgreSQL through a proxy adding 10 ms each way":  # the same database as the line above
                fill_demo(store, today=TODAY)
            child = next(c for c in (store.get(Child, i) for i in range(1, 26)) if c.date_of_birth and
                         15 <= (TODAY - c.date_of_birth).days // 365 <= 17)
            opened, handler, trip = asyncio.run(court_walk(store, child, presses))
            print(f" {name}: the screen opened in {opened * 1000:.0f} ms")
            show("handler (engine, save, redraw)", handler)
            show("round trip (Pilot press + pause)", trip)
            store.close()
    finally:
        proxy.__exit__(None, None, None)


def main() -> None:
    changes = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    presses = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    srv, socket = start_server()
    try:
        sync_bench(srv, socket, changes, distinct=False)
        sync_bench(srv, socket, changes, distinct=True)
        if presses:  # 0: the sync only
            latency_bench(srv, socket, presses)
    finally:
        srv.cleanup()


if __name__ == "__main__":
    main()
