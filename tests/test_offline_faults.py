"""A sync killed at every step, then run again: every laptop edit is on the server exactly once or waits as a
question, nothing else; the server is never half merged (a plan's order date and its event agree at every step);
the copy opens; nothing is left beside it.

The kill is an exception raised at the Nth step of the run: before each SQL statement on either side (the laptop's
SQLCipher copy, the server) and at each step of the copy's rebuild that is a file operation (`offline._fault`):
written beside, synced to disk, the old copy kept under a second name, the new one moved in, the old shredded. The
first run counts the steps and names each by its kind (which file or server, which statement or point); the loop
kills at the first and the last step of each kind: every kind of fault, in the first batch and in a later one
after earlier batches settled (33 of the 49 steps on SQLite, 9 of 12 on the server: the middle batch repeats the
first). YJTUI_TEST_FAULTS=every kills at every step. The server here is a SQLite store (the same sync, transactions
and chain; a fresh copy for each kill is a file copy), and a second loop kills at every step on a PostgreSQL team
server. Two real process kills (os._exit, no clean-up at all) cover what an exception cannot: one as the server
commits a batch (tests/test_offline_sync.py), one between the two names of the rebuild (below).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from tests import postgres
from tests.offline_kit import KEY, PLAN_ANSWERS, save_plan, set_entry
from yjtui.store import Audit, Child, Event, Hearing, Plan, Store, offline

pytestmark = pytest.mark.sqlite_only  # makes its own stores


class Killed(BaseException):
    """The process dying: not an Exception, so nothing in yjtui catches it."""


@pytest.fixture
def fast_keys(monkeypatch):
    """SQLCipher's key derivation made cheap for the test's own files (created and opened the same way)."""
    from yjtui.store import crypto

    original = crypto._apply_key

    def quick(con, key, pragma="key"):
        original(con, key, pragma)
        if pragma == "key":
            con.execute("PRAGMA kdf_iter = 1000")

    monkeypatch.setattr(crypto, "_apply_key", quick)


class Steps:
    """Counts the steps of a run and raises Killed at the chosen one.

    A step is each place where what is on disk (either side) can differ from the step before: the first write of
    each transaction (a kill anywhere later in that transaction leaves the same state: it is rolled back), each
    commit (killed before it commits; the state after it is the next step's), and each `offline._fault` point (the
    rebuild's file operations, the batch's bookkeeping). A kill before a read leaves what the step before left."""

    def __init__(self, monkeypatch, only: str = ""):
        self.count, self.kill_at, self.points = 0, None, []
        self.only = only  # "server": only the server's statements and the sync's own points
        self._written: set[int] = set()
        monkeypatch.setattr(offline, "_fault", self.step)
        event.listen(Engine, "before_cursor_execute", self._sql)
        event.listen(Engine, "commit", self._commit)
        event.listen(Engine, "begin", self._begin)

    def _side(self, conn) -> str:
        if conn.engine.dialect.name == "postgresql":
            return "server"
        return f"sqlite {Path(conn.engine.url.database or '').name}"  # the server's file, the copy, the rebuilt copy

    def _begin(self, conn):
        self._written.discard(id(conn))

    def _sql(self, conn, cursor, statement, *args):
        verb = statement.split(None, 1)[0].upper()
        if verb in ("INSERT", "UPDATE", "DELETE", "CREATE") and id(conn) not in self._written:
            self._written.add(id(conn))
            if not self.only or self._side(conn) == self.only:
                self.step(f"{self._side(conn)}: first write of a transaction, {verb}")

    def _commit(self, conn):
        self._written.discard(id(conn))
        if not self.only or self._side(conn) == self.only:
            self.step(f"{self._side(conn)}: commit")

    def step(self, point: str) -> None:
        if self.only and not (point.startswith(self.only) or point.startswith("sync: commit")):
            return
        self.count += 1
        self.points.append(point)
        if self.kill_at is not None and self.count == self.kill_at:
            self.kill_at = None
            raise Killed(point)

    def close(self):
        event.remove(Engine, "before_cursor_execute", self._sql)
        event.remove(Engine, "commit", self._commit)
        event.remove(Engine, "begin", self._begin)


# --- the day: a plan and its event, a hearing, a new child, a consultation; the manager's edits meanwhile ------
def build_day(server_at, folder: Path) -> tuple[str, Path, dict]:
    """The server and the laptop's copy, edited on both sides and closed (the state before `offline sync`)."""
    from yjtui.casework import plans

    server = Store(server_at)
    if not server.server:
        server.set_setting("practitioner", "cm_alex")
        server.close()
        server = Store(server_at)
    a = server.add(Child(given_name="Frankie", family_name="Example", yjs_ref="FIX-1"))
    b = server.add(Child(given_name="Robin", family_name="Sample", yjs_ref="FIX-2"))
    server.add(Child(given_name="Sky", family_name="Placeholder", yjs_ref="FIX-3"))
    ev = server.add(Event(child_id=a.id, type="order_made", at=datetime(2026, 12, 2)))
    plan = server.add(Plan(child_id=a.id, data=json.dumps(
        {"case_manager": "cm_alex", "contacts": {}, "questions": {},
         "order": {"type": "referral_order", "made": "2026-12-02", "months": 12, "event_id": ev.id}},
        sort_keys=True)))
    hb = server.add(Hearing(child_id=b.id, court="Example Youth Court"))
    copy = folder / "offline.db"
    laptop = offline.take(server, [a.id, b.id], copy, KEY)

    lp = laptop.get(Plan, plan.id)
    save_plan(laptop, lp, set_entry("order", "made", value="2026-12-03"))
    plans.record_order_made(laptop, a.id, ev.id, date(2026, 12, 3), {})
    for m in (1, 18):
        save_plan(laptop, lp, set_entry("order", "months", value=m))
    for key, answer in list(PLAN_ANSWERS.items())[:3]:
        save_plan(laptop, lp, set_entry("questions", key, value=answer))
    laptop.update(laptop.get(Hearing, hb.id), "court", "Another Youth Court")
    d = laptop.add(Child(given_name="Dale", family_name="Newcase", yjs_ref="FIX-9"))
    nev = laptop.add(Event(child_id=d.id, type="order_made", at=datetime(2026, 12, 1)))
    laptop.add(Plan(child_id=d.id, data=json.dumps({"order": {"made": "2026-12-01", "event_id": nev.id}})))
    laptop.open_child(b.id)
    laptop.close()

    sp = server.get(Plan, plan.id)
    save_plan(server, sp, set_entry("order", "type", value="yro"))
    save_plan(server, sp, set_entry("order", "months", value=24))
    server.update(server.get(Hearing, hb.id), "outcome", "Adjourned")
    server.close()
    return server_at, copy, {"a": a.id, "b": b.id, "plan": plan.id, "event": ev.id, "hearing": hb.id}


DATA = ("child", "hearing", "plan", "event", "assessment", "caserecord", "taskdone")


def highest_ids(server_at) -> dict:
    """Each table's highest id before the sync: rows above it are the sync's (a killed PostgreSQL run uses ids up)."""
    server = Store(server_at)
    with server.engine.connect() as conn:
        found = {t: conn.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {t}").scalar() for t in DATA}
    server.close()
    return found


def server_state(server: Store, before: dict) -> dict:
    """The server's records, but for the clock (when saved) and the ids the server gave rows made by the sync (each
    table's new rows numbered in order, and every reference to them, in columns and in records' JSON, too)."""
    raw = {}
    with server.engine.connect() as conn:
        for table in DATA:
            raw[table] = [dict(r._mapping) for r in conn.exec_driver_sql(f"SELECT * FROM {table} ORDER BY id")]
    names = {}
    for table, rows in raw.items():
        made = [r["id"] for r in rows if r["id"] > before[table]]
        names.update({(table, rid): f"new {table} {n}" for n, rid in enumerate(made, 1)})

    def named(table, value):
        return names.get((table, value), value)

    def walk(value):
        if isinstance(value, dict):
            return {k: (named(offline.ID_KEYS[k], v) if k in offline.ID_KEYS and isinstance(v, int) else walk(v))
                    for k, v in value.items()}
        return [walk(v) for v in value] if isinstance(value, list) else value

    out = {}
    for table, rows in raw.items():
        out[table] = []
        for r in rows:
            r = {k: v for k, v in r.items() if k not in ("updated_at", "created_at")}
            r["id"] = named(table, r["id"])
            if "child_id" in r:
                r["child_id"] = named("child", r["child_id"])
            if r.get("event_id") is not None:
                r["event_id"] = named("event", r["event_id"])
            for key in ("data", "charges"):
                if isinstance(r.get(key), str) and r[key][:1] in "{[":
                    r[key] = walk(json.loads(r[key]))
            out[table].append(r)
    return out


def marks(server: Store) -> list[str]:
    return sorted(e.detail for e in server.audit_entries() if e.detail.startswith(offline.MARK))


def questions_of(local: Store) -> list[dict]:
    return sorted((q.to_json() for q in offline.questions(local)), key=json.dumps)


def not_half_merged(server: Store, ids: dict) -> None:
    """At every step: the plan's order date and its event's date are the same day (both old or both new)."""
    plan = json.loads(server.get(Plan, ids["plan"]).data)
    assert server.get(Event, ids["event"]).at.date().isoformat() == plan["order"]["made"]


def run_sync(server_at, copy: Path) -> tuple[Store, Store]:
    local = offline.open_copy(copy, KEY)
    server = Store(server_at)
    offline.sync(local, server, KEY, batch_size=4)
    return local, server


def expected(server_at, copy: Path, ids: dict):
    before = highest_ids(server_at)
    local, server = run_sync(server_at, copy)
    want = (server_state(server, before), marks(server), questions_of(local), before)
    assert len(want[2]) == 1 and want[2][0]["path"] == ["order", "months"]  # the one entry both changed
    plan = json.loads(server.get(Plan, ids["plan"]).data)
    assert plan["order"]["type"] == "yro" and plan["order"]["made"] == "2026-12-03"
    assert plan["questions"] == dict(list(PLAN_ANSWERS.items())[:3])
    assert server.get(Hearing, ids["hearing"]).court == "Another Youth Court"
    assert server.get(Hearing, ids["hearing"]).outcome == "Adjourned"
    local.close()
    server.close()
    return want


def check_after_rerun(server_at, copy: Path, want, label: str) -> None:
    local, server = run_sync(server_at, copy)
    try:
        state, found_marks, found_questions = server_state(server, want[3]), marks(server), questions_of(local)
        assert found_marks == want[1], label  # every laptop entry exactly once
        assert state == want[0], label  # every edit of both sides, nothing else
        assert found_questions == want[2], label  # the one question, not lost, not doubled
        intact, said = server.verify_audit()
        assert intact, (label, said)
        assert offline.unsynced(local) == [] and not local.get_setting("offline.inflight"), label
        leftovers = [p.name for p in copy.parent.iterdir() if p.name.startswith(copy.name + ".")]
        assert leftovers == [], (label, leftovers)
        for row in state["child"]:  # the copy shows the server's records of its children
            if row["id"] in offline.children_taken(local):
                assert local.get(Child, row["id"]).family_name == row["family_name"], label
    finally:
        local.close()
        server.close()


def kill_points(points: list[str]) -> list[int]:
    """The steps to kill at (numbered from 1): each kind of step at its first and its last occurrence, or every
    step with YJTUI_TEST_FAULTS=every."""
    if os.environ.get("YJTUI_TEST_FAULTS") == "every":
        return list(range(1, len(points) + 1))
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for n, point in enumerate(points, 1):
        first.setdefault(point, n)
        last[point] = n
    return sorted(set(first.values()) | set(last.values()))


def kill_everywhere(server_at, copy: Path, ids: dict, reset, monkeypatch, part: int = 0, parts: int = 1,
                    only: str = "") -> int:
    """Kill the sync at each chosen step (`kill_points`; this part's share of them), rerun, check. Returns how many
    steps the sync has."""
    from yjtui.store.audit_chain import heads_file

    def the_day_again():
        # The server and the copy as they were before the sync, and this laptop as it was then too: its record of
        # the trails' heads (audit_chain.py) would otherwise say the server restored here was cut.
        reset()
        heads_file().unlink(missing_ok=True)

    the_day_again()
    want = expected(server_at, copy, ids)
    steps = Steps(monkeypatch, only)
    try:
        the_day_again()
        run_sync(server_at, copy)[0].close()  # counted
        total = steps.count
        assert "sync: committed" in steps.points and (only or "rebuild: old kept aside" in steps.points)
        for i, n in enumerate(kill_points(steps.points)):
            if i % parts != part:
                continue
            the_day_again()
            steps.count, steps.points, steps.kill_at = 0, [], n
            local = server = None
            with pytest.raises(Killed):
                local = offline.open_copy(copy, KEY)
                server = Store(server_at)
                offline.sync(local, server, KEY, batch_size=4)
            point = steps.points[-1]
            steps.kill_at = None
            for s in (local, server):
                try:
                    s and s.close()
                except Exception:
                    pass
            check = Store(server_at)
            not_half_merged(check, ids)
            check.close()
            check_after_rerun(server_at, copy, want, f"killed at step {n}: {point}")
    finally:
        steps.close()
    return total


@pytest.mark.parametrize("part", range(2))
def test_sync_killed_at_every_step_on_a_sqlite_server(tmp_path, fast_keys, monkeypatch, part):
    made = tmp_path / "made"
    made.mkdir()
    server_at, copy, ids = build_day(made / "server.db", made)
    work = tmp_path / "work"

    def reset():
        if work.exists():
            shutil.rmtree(work)
        shutil.copytree(made, work)

    total = kill_everywhere(work / "server.db", work / "offline.db", ids, reset, monkeypatch, part, 2)
    assert total > 30


def test_sync_killed_at_every_step_on_a_team_server(tmp_path, fast_keys, monkeypatch):
    made = tmp_path / "made"
    made.mkdir()
    name = postgres.fresh_database()
    url = postgres.url(name, "cm_alex", postgres.PASSWORD)
    _, copy, ids = build_day(url, made)
    snapshot = f"{name}_day"
    postgres.admin_sql(f"CREATE DATABASE {snapshot} TEMPLATE {name}")
    work = tmp_path / "work"

    def reset():
        postgres.admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        postgres.admin_sql(f"CREATE DATABASE {name} TEMPLATE {snapshot}")
        if work.exists():
            shutil.rmtree(work)
        shutil.copytree(made, work)

    try:
        kill_everywhere(url, work / "offline.db", ids, reset, monkeypatch, only="server")
    finally:
        postgres.drop_database(name)
        postgres.drop_database(snapshot)


def test_a_real_kill_between_the_copys_two_names_loses_nothing(tmp_path):
    """The process dies (os._exit) once the old copy has its second name and before the new one is moved in; and
    once more just after the new one is in, before the old is shredded. The next run opens the copy, questions and
    all, and clears what was left."""
    server_at, copy, ids = build_day(tmp_path / "server.db", tmp_path)
    for point in ("rebuild: old kept aside", "rebuild: new in place"):
        script = textwrap.dedent(f"""
            import os, sys
            sys.path.insert(0, {str(Path(__file__).parent.parent)!r})
            from yjtui.store import Store, offline
            def die(point):
                if point == {point!r}:
                    os._exit(9)
            offline._fault = die
            local = offline.open_copy(__import__("pathlib").Path({str(copy)!r}), {KEY!r})
            offline.sync(local, Store({str(server_at)!r}), {KEY!r})
        """)
        killed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
        assert killed.returncode == 9, killed.stderr
        assert copy.with_name(copy.name + ".old").exists()
        local = offline.open_copy(copy, KEY)
        assert [q.path for q in offline.questions(local)] == [("order", "months")]
        assert offline.unsynced(local) == []
        local.close()
        assert not copy.with_name(copy.name + ".old").exists()
        assert not copy.with_name(copy.name + ".rebuild").exists()
    server = Store(server_at)
    assert len(marks(server)) == len(set(marks(server))) and server.verify_audit()[0]
    server.close()
