"""The team store on PostgreSQL: the audit chain with many writers, append-only, and what each role may do, tried
with plain SQL and each role's own password (going around the app), plus the messages for a server that is
wrong, down or refuses."""

from __future__ import annotations

import json
import threading
from datetime import datetime

import psycopg
import pytest

from tests import postgres
from tests.waits import until
from yjtui.store import Assessment, Audit, CaseRecord, Child, ConflictError, Hearing, NotPermitted, Plan, Store
from yjtui.store import StoreError, StoreOffline

pytestmark = pytest.mark.sqlite_only  # each test here makes its own server database; no store fixture pairing


@pytest.fixture
def db():
    name = postgres.fresh_database()
    yield name
    postgres.drop_database(name)


def _sql(db: str, login: str, password: str = postgres.PASSWORD) -> psycopg.Connection:
    """A plain connection as `login` with its password: what someone going around the app would do."""
    return psycopg.connect(dbname=db, user=login, password=password, host=postgres._state["socket"],
                           autocommit=True)


def _seed(db: str):
    """A child with a RoSH completed by the case manager and countersigned by the manager, a completed SWB, a plan,
    a hearing and case records, each made by the login whose act it is."""
    s = Store(postgres.url(db, "cm_alex", postgres.PASSWORD))
    child = s.add(Child(given_name="Frankie", family_name="Example", ethnicity="White British", yjs_ref="FIX-1"))
    rosh = s.add(Assessment(child_id=child.id, kind="rosh", final="high", status="complete", author="cm_alex",
                            completed_at=datetime(2026, 11, 23, 10)))
    swb = s.add(Assessment(child_id=child.id, kind="swb", final="medium", status="complete", author="cm_alex"))
    s.add(Plan(child_id=child.id))
    s.add(Hearing(child_id=child.id, court="Example Youth Court"))
    s.add(CaseRecord(child_id=child.id, kind="iss", data='{"contacts": 3}'))
    s.add(CaseRecord(child_id=child.id, kind="panel", data='{"minutes": "x"}'))
    s.close()
    with _sql(db, "mgr_bo") as con:
        con.execute("UPDATE assessment SET status = 'countersigned' WHERE id = %s", (rosh.id,))
    return child.id, swb.id


def _rosh(db: str) -> int:
    with _sql(db, "postgres", "") as con:
        return con.execute("SELECT id FROM assessment WHERE kind = 'rosh'").fetchone()[0]


def test_audit_names_the_signed_in_user_not_a_typed_name(db):
    s = Store(postgres.url(db, "cm_alex", postgres.PASSWORD))
    s.set_setting("practitioner", "Someone Else")
    child = s.add(Child(given_name="Ash"))
    assert s.audit_entries(child.id)[-1].who == "cm_alex"
    assert s.role == "case_manager"
    assert s.audit_search(who="CM_ALEX")[1] >= 1  # person filter is case-insensitive, as on SQLite
    s.close()


def test_many_writers_make_one_chain(db):
    """Eight users' laptops writing at once (threads, each its own Store and connections): one unbroken chain."""
    stores = [Store(postgres.url(db)) for _ in range(8)]
    child = stores[0].add(Child(given_name="Ash"))
    errors: list[BaseException] = []

    def write(s: Store, n: int) -> None:
        try:
            for i in range(15):
                s.log_consultation(child.id, "child", f"writer {n} read {i}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(s, n)) for n, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    ok, message = stores[0].verify_audit()
    assert ok, message
    assert message.startswith(f"audit trail intact: {1 + 8 * 15} entries; every keyed hash checked by the server")
    assert [e.id for e in stores[0].audit_entries()] == list(range(1, 1 + 8 * 15 + 1))  # numbered without gaps
    for s in stores:
        s.close()


def test_audit_is_append_only_even_for_the_owner_and_tampering_shows(db):
    s = Store(postgres.url(db))
    child = s.add(Child(given_name="Ash"))
    s.update(child, "given_name", "Blake")
    with _sql(db, "postgres", "") as con:
        for sql in ("UPDATE audit SET new = 'x'", "DELETE FROM audit", "TRUNCATE audit"):
            with pytest.raises(psycopg.Error, match="append-only"):
                con.execute(sql)
        # Someone with the superuser's password switches the triggers off and edits the trail: it shows.
        con.execute("ALTER TABLE audit DISABLE TRIGGER USER")
        con.execute("UPDATE audit SET new = 'Casey' WHERE field = 'given_name'")
        con.execute("ALTER TABLE audit ENABLE TRIGGER USER")
    ok, message = s.verify_audit()
    assert not ok and "altered" in message
    s.close()


def test_two_users_one_record_conflict_not_silent_overwrite(db):
    a = Store(postgres.url(db, "cm_alex", postgres.PASSWORD))
    b = Store(postgres.url(db, "mgr_bo", postgres.PASSWORD))
    child_a = a.add(Child(given_name="Ash"))
    child_b = b.get(Child, child_a.id)
    a.update(child_a, "given_name", "Blake")
    with pytest.raises(ConflictError) as err:
        b.update(child_b, "given_name", "Casey")
    assert err.value.theirs == "Blake"
    assert [e.who for e in a.audit_entries(child_a.id)] == ["cm_alex", "cm_alex"]
    a.close()
    b.close()


def test_police_officer_reads_only_what_note_e_6_allows(db):
    cid, swb_id = _seed(db)
    with _sql(db, "pc_pat") as con:
        assert con.execute("SELECT given_name, yjs_ref FROM child").fetchall() == [("Frankie", "FIX-1")]
        assert con.execute("SELECT count(*) FROM plan").fetchone() == (0,)  # rows hidden, not an error
        assert con.execute("SELECT court FROM hearing").fetchall() == [("Example Youth Court",)]
        # Countersigned RoSH only: no SWB, no drafts.
        assert con.execute("SELECT kind FROM assessment").fetchall() == [("rosh",)]
        assert con.execute("SELECT kind FROM caserecord ORDER BY kind").fetchall() == [("iss",)]
        # Police see only their own audit entries (none yet).
        assert con.execute("SELECT count(*) FROM audit").fetchone() == (0,)


def test_police_officer_reads_bail_and_parenting_order_breaches_only(db):
    """Seed 001 L327-334: the YOT police officer takes the S9 statements for breaches of Parenting Orders and of bail
    supervision and support; an order's breach, the contact log, court reports and victims stay hidden."""
    cid, _swb = _seed(db)
    s = Store(postgres.url(db))
    for kind in ("breach_bail_support", "breach_parenting_order", "breach", "contact", "court_report", "victim"):
        s.add(CaseRecord(child_id=cid, kind=kind, data="{}"))
    s.close()
    with _sql(db, "pc_pat") as con:
        assert con.execute("SELECT kind FROM caserecord ORDER BY kind").fetchall() == [
            ("breach_bail_support",), ("breach_parenting_order",), ("iss",)]
        with pytest.raises(psycopg.Error):  # read, not written: the case manager records the breach
            con.execute("INSERT INTO caserecord (child_id, kind, data, status, author, countersigned_by, created_at, "
                        "updated_at, version) VALUES (%s, 'breach_bail_support', '{}', 'draft', 'pc_pat', '', now(), "
                        "now(), 1)", (cid,))


def test_police_officer_cannot_countersign_or_change_assessments(db):
    cid, swb_id = _seed(db)
    with _sql(db, "pc_pat") as con:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("UPDATE assessment SET status = 'countersigned', countersigned_by = 'pc_pat' "
                        "WHERE id = %s", (swb_id,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("UPDATE child SET given_name = 'X'")
        # Police record their own kinds (ISS), not others (a panel).
        con.execute("INSERT INTO caserecord (child_id, kind, data, status, author, countersigned_by, created_at, "
                    "updated_at, version) VALUES (%s, 'iss', '{}', 'draft', 'pc_pat', '', now(), now(), 1)", (cid,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("INSERT INTO caserecord (child_id, kind, data, status, author, countersigned_by, "
                        "created_at, updated_at, version) VALUES (%s, 'panel', '{}', 'draft', 'pc_pat', '', now(), "
                        "now(), 1)", (cid,))


def test_police_officer_logs_an_iss_contact_through_the_app_and_no_other_event(db):
    """F10 on a team server: the contact record, its event and the task it answers (found missing in review:
    'permission denied for table event')."""
    from yjtui.casework import police

    cid, _swb = _seed(db)
    s = Store(postgres.url(db, "pc_pat", postgres.PASSWORD))
    child = s.get(Child, cid)
    iss = s.add(police.CaseRecord(child_id=cid, kind=police.KIND_ISS, data='{"basis": "yro"}'))
    police.log_contact(s, child, iss, {"kind": "home_visit", "date": "2026-11-10", "behaviour": "calm"})
    assert [e.type for e in s.records(police.Event, cid)] == ["iss_police_contact"]
    s.close()
    with _sql(db, "pc_pat") as con:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # a case manager's event, not the police's
            con.execute("INSERT INTO event (child_id, type, at, data, created_at) "
                        "VALUES (%s, 'remanded_to_yda', now(), '{}', now())", (cid,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # a case manager's task
            con.execute("INSERT INTO taskdone (child_id, rule, done_at, done_by) "
                        "VALUES (%s, 'remand.initial_planning_meeting', now(), 'pc_pat')", (cid,))


def test_only_a_manager_countersigns_whatever_the_client(db):
    cid, swb_id = _seed(db)
    with _sql(db, "cm_alex") as con:
        con.execute("UPDATE assessment SET rationale = 'more detail' WHERE id = %s", (swb_id,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only a manager may countersign"):
            con.execute("UPDATE assessment SET status = 'countersigned', countersigned_by = 'mgr_bo' "
                        "WHERE id = %s", (swb_id,))
    with _sql(db, "admin_ash") as con:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only a manager may countersign"):
            con.execute("UPDATE assessment SET countersigned_by = 'admin_ash' WHERE id = %s", (swb_id,))
    with _sql(db, "mgr_bo") as con:
        con.execute("UPDATE assessment SET status = 'countersigned', countersigned_by = 'mgr_bo', "
                    "countersigned_at = now() WHERE id = %s", (swb_id,))
        assert con.execute("SELECT status FROM assessment WHERE id = %s", (swb_id,)).fetchone() == ("countersigned",)


def test_the_app_says_no_to_a_case_manager_countersigning_and_the_manager_signs_as_their_login(db):
    from yjtui.casework import sign_off

    cid, swb_id = _seed(db)
    s = Store(postgres.url(db, "cm_alex", postgres.PASSWORD))
    swb = s.get(Assessment, swb_id)
    with pytest.raises(NotPermitted, match="only a manager may countersign"):
        s.update(swb, "countersigned_by", "mgr_bo")
    assert s.get(Assessment, swb_id).countersigned_by == ""
    m = Store(postgres.url(db, "mgr_bo", postgres.PASSWORD))
    assert m.role == "manager" and m.may_countersign()
    record = m.get(Assessment, swb_id)
    assert sign_off.countersign(m, record, "Someone Else Typed", "manager", "assessment") is None
    assert (record.status, record.countersigned_by) == ("countersigned", "mgr_bo") and record.countersigned_at
    entries = [(e.who, e.field, e.new) for e in m.audit_entries(cid)[-3:]]
    assert entries[0] == ("mgr_bo", "status", "countersigned")  # what was stored, each column the server made
    assert ("mgr_bo", "countersigned_by", "mgr_bo") in entries
    s.close()
    m.close()


def test_audit_entries_are_made_by_the_server_not_the_client(db):
    _seed(db)
    with _sql(db, "cm_alex") as con:
        row = ("2026-11-23 10:00", "consult", "child", "", "", "", "", "", "x")
        sql = ('INSERT INTO audit (at, who, action, record, field, old, new, detail, prev_hash, hash) '
               'VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)')
        for who in ("mgr_bo", "cm_alex"):  # naming someone else, or oneself: a client writes no time, name or hash
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                con.execute(sql, (row[0], who, *row[1:7], "", "x"))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("INSERT INTO audit (id, action, record, field, old, new, detail) "
                        "VALUES (999, 'consult', 'child', '', '', '', '')")  # nor its number
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("UPDATE audit SET new = 'x'")
        made = con.execute("INSERT INTO audit (action, record, field, old, new, detail) "
                           "VALUES ('consult', 'child', '', '', '', 'read at court') "
                           "RETURNING id, who, prev_hash <> '', length(hash), chain").fetchone()
        last = con.execute("SELECT max(id) FROM audit WHERE id < %s", (made[0],)).fetchone()[0]
        assert made == (last + 1, "cm_alex", True, 64, 2)


def test_police_store_verify_and_countersign_are_refused_with_a_message(db):
    cid, swb_id = _seed(db)
    s = Store(postgres.url(db, "pc_pat", postgres.PASSWORD))
    assert s.role == "police_officer"
    with pytest.raises(NotPermitted, match="police officer"):
        s.verify_audit()
    rosh = [a for a in s.records(Assessment, cid)]
    assert [a.kind for a in rosh] == ["rosh"]
    with pytest.raises(NotPermitted):
        s.update(rosh[0], "final", "low")
    s.close()


def test_wrong_password_unknown_database_and_server_down_are_messages(db, tmp_path):
    with pytest.raises(StoreError, match="did not accept that user name and password"):
        Store(postgres.url(db, "cm_alex", "wrong"))
    with pytest.raises(StoreError, match="no such database"):
        Store(postgres.url("no_such_db", "postgres"))
    with pytest.raises(StoreOffline, match="cannot be reached"):
        Store(f"postgresql://cm_alex@/{db}?host={tmp_path}")  # no server listening there
    with pytest.raises(StoreError, match="not a usable PostgreSQL address"):
        Store("postgresql://cm_alex@host:notaport/db")


def test_a_case_manager_meeting_an_empty_database_is_told_to_ask_an_administrator():
    name = f"empty_{postgres.fresh_database()}"
    postgres.admin_sql(f"CREATE DATABASE {name}")
    postgres.admin_sql(f"GRANT CONNECT ON DATABASE {name} TO cm_alex")
    try:
        with pytest.raises(NotPermitted, match="only an administrator"):
            Store(postgres.url(name, "cm_alex", postgres.PASSWORD))
    finally:
        postgres.drop_database(name)


def test_audit_entry_time_round_trips_so_the_chain_verifies(db):
    s = Store(postgres.url(db))
    s.log_disclosure(None, "export", "to the court")
    [entry] = s.audit_entries()
    assert isinstance(entry.at, datetime) and s.verify_audit()[0]
    assert isinstance(entry, Audit)
    s.close()


def _cut_off(db: str, allow: bool) -> None:
    """The network to the server gone (or back): the database refuses connections and drops the open ones."""
    postgres.admin_sql(f"ALTER DATABASE {db} ALLOW_CONNECTIONS {'true' if allow else 'false'}")
    if not allow:
        postgres.admin_sql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db}'")


async def test_connection_lost_while_typing_keeps_the_text_says_offline_and_saves_later(db):
    from textual.widgets import Input

    from yjtui.app import YjtuiApp
    from yjtui.screens.child import ChildScreen

    s = Store(postgres.url(db, "cm_alex", postgres.PASSWORD))
    child = s.add(Child(given_name="Ash", family_name="Example"))
    app = YjtuiApp(s)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ChildScreen)
            assert "cm_alex (case manager)" in app.sub_title
            _cut_off(db, allow=False)
            box = app.screen.query_one("#family_name", Input)
            box.focus()
            await pilot.press("end", *"-Sample", "tab")
            await pilot.pause(0.4)
            assert isinstance(app.screen, ChildScreen)  # no crash, no traceback
            assert box.value == "Example-Sample"  # the text is kept
            assert app.sub_title.startswith("OFFLINE") and s.offline and s.pending == 1
            app._retry_server()  # the 3-second timer, while the server is still away: kept
            assert s.pending == 1
            _cut_off(db, allow=True)
            app._retry_server()
            await pilot.pause()
            assert s.pending == 0 and not s.offline and "on the team server" in app.sub_title
    finally:
        _cut_off(db, allow=True)
    check = Store(postgres.url(db))
    assert check.get(Child, child.id).family_name == "Example-Sample"
    assert check.audit_entries(child.id)[-1].who == "cm_alex" and check.verify_audit()[0]
    check.close()
    s.close()


async def test_offline_shows_on_every_screen_names_no_address_and_clears_when_the_server_answers(db):
    """Issue 23: the case list said OFFLINE for good once the server was back (offline from a read, nothing waiting
    to be saved, so the poll never asked again); the plan screen never said it; the message showed the socket."""
    from yjtui.app import YjtuiApp
    from yjtui.screens.plan import PlanScreen

    s = Store(postgres.url(db, "cm_alex", postgres.PASSWORD))
    child = s.add(Child(given_name="Ash", family_name="Example"))
    app = YjtuiApp(s)

    def header() -> str:
        return str(app.screen.query_one("HeaderTitle").render())

    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            said: list[str] = []
            real = s.on_status
            s.on_status = lambda state, message: (said.append(message), real(state, message))
            app.open_child(child.id)
            await pilot.pause()
            await pilot.press("f4")
            await until(pilot, lambda: isinstance(app.screen, PlanScreen), "the plan screen")
            s.get(Child, child.id)  # read once while the server answers
            _cut_off(db, allow=False)
            s.get(Child, child.id)  # a screen redrawn: answered from the last read, and offline said
            await until(pilot, lambda: "OFFLINE" in header(), "OFFLINE on the plan screen")
            assert s.offline and s.pending == 0
            assert said and all("the team server" in m.lower() for m in said)
            for m in said:
                assert not any(w in m for w in ("/", "socket", "postgresql", "port", db)), m
            app._retry_server()  # the 3-second poll while the server is away: still offline
            assert s.offline
            _cut_off(db, allow=True)
            app._retry_server()  # the poll once it answers
            await until(pilot, lambda: not s.offline and "OFFLINE" not in header(), "OFFLINE gone from the plan")
            assert "answers again" in said[-1]
            app.pop_screen()
            app.pop_screen()
            await pilot.pause()
            assert "OFFLINE" not in header() and "on the team server" in app.sub_title
    finally:
        _cut_off(db, allow=True)
    s.close()


async def test_the_three_second_poll_asks_the_server_off_the_ui_thread(db):
    """Over a council network each question to the server is a round trip: the timer's questions are asked in a
    thread, and what they find is shown on the screen's own."""
    import threading

    from tests.waits import workers_done
    from yjtui.app import YjtuiApp

    mine = Store(postgres.url(db, "cm_alex", postgres.PASSWORD))
    theirs = Store(postgres.url(db, "mgr_bo", postgres.PASSWORD))
    mine.add(Child(given_name="Ash", family_name="Example"))
    asked: list[str] = []
    real = mine.changed_elsewhere

    def changed_elsewhere():
        asked.append(threading.current_thread().name)
        return real()

    mine.changed_elsewhere = changed_elsewhere
    app = YjtuiApp(mine)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app._poll_server()  # what the 3-second timer calls
        await workers_done(app)
        theirs.add(Child(given_name="Robin", family_name="Sample"))
        app._poll_server()
        await workers_done(app)
        await pilot.pause()
        assert "2 children" in str(app.screen.query_one("#count").render())
    # Two asked here; on a loaded machine the real 3-second timer may have asked too, in its thread all the same.
    assert len(asked) >= 2 and threading.main_thread().name not in asked
    mine.close()
    theirs.close()


def test_plan_review_countersigned_inside_the_plan_data_only_by_a_manager(db):
    cid, _ = _seed(db)
    review = {"date": "2026-11-23", "reason": "scheduled", "countersigned_by": ""}
    with _sql(db, "cm_alex") as con:
        con.execute("UPDATE plan SET data = %s", (json.dumps({"reviews": [review]}),))  # recording a review: fine
        signed = dict(review, countersigned_by="mgr_bo", recorded_by="cm_alex")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="plan review"):
            con.execute("UPDATE plan SET data = %s", (json.dumps({"reviews": [signed]}),))
    with _sql(db, "mgr_bo") as con:
        con.execute("UPDATE plan SET data = %s",
                    (json.dumps({"reviews": [dict(review, countersigned_by="Bo", recorded_by="cm_alex")]}),))
        [stored] = json.loads(con.execute("SELECT data FROM plan").fetchone()[0])["reviews"]
        assert (stored["recorded_by"], stored["countersigned_by"]) == ("cm_alex", "mgr_bo")
    s = Store(postgres.url(db, "cm_alex", postgres.PASSWORD))
    assert not s.may_countersign()
    assert Store(postgres.url(db, "mgr_bo", postgres.PASSWORD)).may_countersign()
    s.close()


async def test_a_child_added_by_a_colleague_appears_on_the_case_list(db):
    from yjtui.app import YjtuiApp

    mine = Store(postgres.url(db, "cm_alex", postgres.PASSWORD))
    theirs = Store(postgres.url(db, "mgr_bo", postgres.PASSWORD))
    mine.add(Child(given_name="Ash", family_name="Example"))
    app = YjtuiApp(mine)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app._retry_server()  # the 3-second timer: notes what it has seen
        theirs.add(Child(given_name="Robin", family_name="Sample"))  # the court duty officer, at court
        assert [r.name for r in mine.search("")[0]] == ["Ash Example"]
        app._retry_server()
        await pilot.pause()
        assert sorted(r.name for r in mine.search("")[0]) == ["Ash Example", "Robin Sample"]
        assert "2 children" in str(app.screen.query_one("#count").render())
    mine.close()
    theirs.close()


# --- issue 22: what the server itself enforces, each attack tried with plain SQL as the role's own login ----------
OWNER = "own_sam"  # a database owner who is not a superuser: the README's administrator (CREATEROLE)


@pytest.fixture
def owned_db():
    """A database owned by a non-superuser administrator, set up by them as the README says (the first connect
    migrates it and applies the rights). The guard role already exists on the test server (made by the template's
    superuser); the owner is given what PostgreSQL 16 gives a role's creator: ADMIN OPTION, no membership."""
    postgres.admin_sql(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{OWNER}') THEN "
                       f"CREATE ROLE {OWNER} LOGIN CREATEROLE PASSWORD '{postgres.PASSWORD}'; END IF; END $$")
    postgres.admin_sql("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'yjtui_guard') THEN "
                       "CREATE ROLE yjtui_guard NOLOGIN; END IF; END $$")
    postgres.admin_sql(f"GRANT yjtui_guard TO {OWNER} WITH ADMIN TRUE, INHERIT FALSE, SET FALSE")
    name = f"own_{postgres.fresh_database()}"
    postgres.admin_sql(f"CREATE DATABASE {name} OWNER {OWNER}")
    Store(postgres.url(name, OWNER, postgres.PASSWORD)).close()
    yield name
    postgres.drop_database(name)


def _trail(db: str, entries: int) -> Store:
    """A case manager's store on `db` with `entries` audit entries made through the app."""
    s = Store(postgres.url(db, "cm_alex", postgres.PASSWORD))
    child = s.add(Child(given_name="Ash", family_name="Example"))
    for i in range(entries - 1):
        s.log_consultation(child.id, "child", f"read {i}")
    return s


def test_forge_a_police_officer_cannot_write_an_entry_of_their_own_making(db):
    """Issue 22: the police officer appended an entry with prev_hash = the head and a made-up hash, and every
    verify failed at it from then on."""
    s = _trail(db, 3)
    head = s.audit_entries()[-1].hash  # what yjtui_audit_head() handed out
    with _sql(db, "pc_pat") as con:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("INSERT INTO audit (at, who, action, record, field, old, new, detail, prev_hash, hash) "
                        "VALUES (now(), 'pc_pat', 'consult', 'child', '', '', '', '', %s, 'made-up')", (head,))
        with pytest.raises(psycopg.errors.UndefinedFunction):
            con.execute("SELECT yjtui_audit_head()")
        # What the officer may do: say what happened. The server numbers, signs and hashes it.
        con.execute("INSERT INTO audit (action, record, field, old, new, detail) "
                    "VALUES ('consult', 'child', '', '', '', 'intelligence check')")
        assert con.execute("SELECT id, who FROM audit").fetchall() == [(4, "pc_pat")]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("SELECT * FROM yjtui_guard.key")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("UPDATE yjtui_guard.head SET entries = 0")
    ok, message = s.verify_audit()
    assert ok, message
    assert message.startswith("audit trail intact: 4 entries")
    s.close()


@pytest.mark.parametrize("cut, left", [("id > 5", 5), ("id > 1", 1), ("true", 0)])
def test_cut_the_owner_deleting_entries_is_reported_against_the_head(owned_db, cut, left):
    """Issue 22: deleting the last 5 entries, all but the first, or all of them passed verify."""
    s = _trail(owned_db, 10)
    assert s.verify_audit()[0]
    with _sql(owned_db, OWNER) as con:
        con.execute("ALTER TABLE audit DISABLE TRIGGER USER")  # the owner may: the table is theirs
        con.execute(f"DELETE FROM audit WHERE {cut}")
        con.execute("ALTER TABLE audit ENABLE TRIGGER USER")
    ok, message = s.verify_audit()
    assert not ok
    assert f"the trail had 10 entries on {datetime.now():%d/%m/%Y}; it has {left}" in message
    with _sql(owned_db, OWNER) as con:  # nor can the owner move the head, read the key or take the guard's role
        for sql in ("SELECT * FROM yjtui_guard.key", "UPDATE yjtui_guard.head SET entries = 5",
                    "SELECT hash FROM yjtui_guard.lockpin", "SET ROLE yjtui_guard"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                con.execute(sql)
    s.close()


def test_cut_in_the_middle_shows_as_missing_numbers(owned_db):
    s = _trail(owned_db, 8)
    with _sql(owned_db, OWNER) as con:
        con.execute("ALTER TABLE audit DISABLE TRIGGER USER")
        con.execute("DELETE FROM audit WHERE id IN (4, 5)")
        con.execute("ALTER TABLE audit ENABLE TRIGGER USER")
    ok, message = s.verify_audit()
    assert not ok and message == "audit entries 4 to 5 are missing: the trail has been cut"
    s.close()


def test_recompute_changing_an_entry_and_rehashing_the_later_ones_needs_the_key(owned_db):
    """Issue 22: changing a middle entry and recomputing the later hashes passed (the hash had no key)."""
    import hashlib

    def legacy_hash(e) -> str:  # the trail's hash as it was: SHA-256 of the entry, no key
        return hashlib.sha256(json.dumps([e.at.isoformat(), e.who, e.action, e.record, e.record_id, e.child_id,
                                          e.field, e.old, e.new, e.detail, e.prev_hash],
                                         ensure_ascii=False).encode()).hexdigest()

    s = _trail(owned_db, 6)
    with _sql(owned_db, OWNER) as con:
        con.execute("ALTER TABLE audit DISABLE TRIGGER USER")
        con.execute("UPDATE audit SET detail = 'nothing read' WHERE id = 3")
        prev = con.execute("SELECT hash FROM audit WHERE id = 2").fetchone()[0]
        for entry in [e for e in s.audit_entries() if e.id >= 3]:  # the owner's own rehash, with no key
            entry.prev_hash, entry.detail = prev, ("nothing read" if entry.id == 3 else entry.detail)
            prev = legacy_hash(entry)
            con.execute("UPDATE audit SET prev_hash = %s, hash = %s WHERE id = %s", (entry.prev_hash, prev, entry.id))
        con.execute("ALTER TABLE audit ENABLE TRIGGER USER")
    ok, message = s.verify_audit()
    assert not ok and "audit entry 3 does not match the trail's key" in message
    s.close()


def test_an_owner_who_takes_the_guard_role_is_named_by_verify(owned_db):
    s = _trail(owned_db, 2)
    postgres.admin_sql(f"REVOKE yjtui_guard FROM {OWNER}", owned_db)  # the ADMIN OPTION grant from the fixture
    postgres.admin_sql(f"GRANT yjtui_guard TO {OWNER} WITH ADMIN TRUE, INHERIT FALSE, SET FALSE")
    with _sql(owned_db, OWNER) as con:
        con.execute(f"GRANT yjtui_guard TO {OWNER}")  # what ADMIN OPTION allows: beyond the server's defence
    ok, message = s.verify_audit()
    assert not ok and f"guard role (yjtui_guard) is held by {OWNER}" in message
    s.close()


def test_hold_the_lock_no_function_holds_the_head_and_a_held_head_is_a_message(db, monkeypatch):
    """Issue 22: any login held the chain's lock with SELECT yjtui_audit_head() in an open transaction and a case
    manager's save still waited 25 s later. Now no function takes the head outside an INSERT, and a save waiting
    on an open INSERT stops at the lock timeout with a message, the change kept and saved afterwards."""
    import time

    from yjtui.store import server as pg

    monkeypatch.setattr(pg, "LOCK_TIMEOUT_MS", 1000, raising=False)
    cid, _ = _seed(db)
    cm = Store(postgres.url(db, "cm_alex", postgres.PASSWORD))
    said: list[str] = []
    cm.on_status = lambda state, message: said.append(message)
    child = cm.get(Child, cid)
    with _sql(db, "pc_pat") as con:
        with con.transaction():
            with pytest.raises(psycopg.errors.UndefinedFunction):
                con.execute("SELECT yjtui_audit_head()")
    with _sql(db, "pc_pat") as con:
        with con.transaction():  # an INSERT left open: it holds the head until it ends
            con.execute("INSERT INTO audit (action, record, field, old, new, detail) "
                        "VALUES ('consult', 'child', '', '', '', '')")
            started = time.monotonic()
            cm.update(child, "given_name", "Blake")
            assert time.monotonic() - started < 4
            assert cm.pending == 1 and child.given_name == "Blake"  # kept
            assert "The team server is busy" in said[-1] and "nothing was saved this time" in said[-1]
    cm.update(child, "family_name", "Example")  # meanwhile: queued at once, without another wait
    assert cm.pending == 2
    cm._busy_until = 0.0  # the back-off over (3 lock timeouts)
    assert cm.retry_pending() == (2, []) and cm.get(Child, cid).given_name == "Blake"
    cm.close()


def test_a_statement_past_the_statement_timeout_is_a_message_and_the_change_is_kept(db, monkeypatch):
    from yjtui.store import server as pg

    monkeypatch.setattr(pg, "STATEMENT_TIMEOUT_MS", 300)
    cid, _ = _seed(db)
    cm = Store(postgres.url(db, "cm_alex", postgres.PASSWORD))
    said: list[str] = []
    cm.on_status = lambda state, message: said.append(message)
    child = cm.get(Child, cid)
    with _sql(db, "mgr_bo") as con:
        with con.transaction():
            con.execute("SELECT * FROM child WHERE id = %s FOR UPDATE", (cid,))  # a colleague's save, still open
            cm.update(child, "given_name", "Blake")
    assert cm.pending == 1 and "took longer than 0.3 seconds" in said[-1] and "kept" in said[-1]
    cm.close()


def test_every_connection_has_timeouts_and_a_server_elsewhere_needs_tls():
    from yjtui.store import server as pg

    socket = pg.connect_args(postgres.url("x", "cm_alex"))
    assert "sslmode" not in socket and "lock_timeout=" in socket["options"] and "statement_timeout=" in socket["options"]
    for local in ("postgresql://u@localhost/yjtui", "postgresql://u@127.0.0.1:5433/yjtui", "postgresql://u@[::1]/y"):
        assert "sslmode" not in pg.connect_args(local)
    assert pg.connect_args("postgresql://sam@db.example/yjtui")["sslmode"] == "require"
    assert pg.connect_args("postgresql://sam@10.0.0.5/yjtui")["sslmode"] == "require"
    assert "sslmode" not in pg.connect_args("postgresql://sam@db.example/yjtui?sslmode=verify-full")  # as given


def _an_address_of_this_machine_not_loopback() -> str:
    import socket

    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))  # no packet is sent: this only picks the outward interface
        address = probe.getsockname()[0]
    except OSError:
        address = ""
    finally:
        probe.close()
    if not address or address.startswith("127."):
        pytest.skip("no network address other than the loopback here")
    return address


def test_a_server_without_tls_is_refused_with_a_message():
    """A server elsewhere that answers the TLS request with "no" (as one with ssl = off does): by default no
    clear-text fallback, and the message says why."""
    import socket

    address = _an_address_of_this_machine_not_loopback()
    listener = socket.socket()
    listener.bind((address, 0))
    listener.listen(1)

    def refuse_tls() -> None:
        conn, _ = listener.accept()
        conn.recv(8)  # the SSLRequest
        conn.sendall(b"N")
        conn.close()

    thread = threading.Thread(target=refuse_tls, daemon=True)
    thread.start()
    port = listener.getsockname()[1]
    with pytest.raises(StoreError, match="does not offer an encrypted connection"):
        Store(f"postgresql://cm_alex@{address}:{port}/yjtui", password="x")
    listener.close()


def test_countersign_in_another_name_is_recorded_as_the_signed_in_login(db):
    cid, swb_id = _seed(db)
    with _sql(db, "mgr_bo") as con:
        con.execute("UPDATE assessment SET status = 'countersigned', countersigned_by = 'someone_else', "
                    "countersigned_at = '2020-01-01' WHERE id = %s", (swb_id,))
        by, at = con.execute("SELECT countersigned_by, countersigned_at FROM assessment WHERE id = %s",
                             (swb_id,)).fetchone()
    assert by == "mgr_bo" and at.date() == datetime.now().date()


def test_countersign_ones_own_record_is_refused(db):
    _seed(db)
    m = Store(postgres.url(db, "mgr_bo", postgres.PASSWORD))
    own = m.add(Assessment(child_id=m.search("")[0][0].id, kind="lor", final="low", status="complete",
                           author="mgr_bo"))
    m.close()
    with _sql(db, "mgr_bo") as con:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="author cannot countersign"):
            con.execute("UPDATE assessment SET status = 'countersigned' WHERE id = %s", (own.id,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="author cannot countersign"):
            con.execute("UPDATE assessment SET countersigned_by = 'another_manager' WHERE id = %s", (own.id,))


def test_owner_and_superuser_logins_do_not_countersign(db, owned_db):
    cid, swb_id = _seed(db)
    with _sql(db, "postgres", "") as con:  # the test server's owner is its superuser
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="superuser"):
            con.execute("UPDATE assessment SET status = 'countersigned' WHERE id = %s", (swb_id,))
    # A non-superuser owner who has also been made a manager: still not a manager's own login.
    cid, swb_id = _seed(owned_db)
    postgres.admin_sql(f"GRANT yjtui_manager TO {OWNER}")
    try:
        with _sql(owned_db, OWNER) as con:
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="owns the database"):
                con.execute("UPDATE assessment SET status = 'countersigned' WHERE id = %s", (swb_id,))
    finally:
        postgres.admin_sql(f"REVOKE yjtui_manager FROM {OWNER}")


@pytest.mark.parametrize("login", ["cm_alex", "admin_ash", "mgr_bo"])
def test_a_countersigned_level_its_status_and_its_author_do_not_change(db, login):
    """Issue 22: case managers and administrators changed a countersigned RoSH's level keeping the signature, set
    it back to complete, or changed its author."""
    _seed(db)
    rosh = _rosh(db)
    with _sql(db, login) as con:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="countersigned record cannot change"):
            con.execute("UPDATE assessment SET final = 'low' WHERE id = %s", (rosh,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="author of a completed record"):
            con.execute("UPDATE assessment SET author = 'someone_else' WHERE id = %s", (rosh,))
        if login != "mgr_bo":
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only a manager"):
                con.execute("UPDATE assessment SET status = 'complete' WHERE id = %s", (rosh,))
    with _sql(db, "postgres", "") as con:
        assert con.execute("SELECT final, status, author, countersigned_by FROM assessment WHERE id = %s",
                           (rosh,)).fetchone() == ("high", "countersigned", "cm_alex", "mgr_bo")


def test_a_manager_withdraws_the_countersignature_audited_then_the_level_can_change(db):
    from yjtui.casework import sign_off

    cid, _ = _seed(db)
    rosh_id = _rosh(db)
    cm = Store(postgres.url(db, "cm_alex", postgres.PASSWORD))
    admin = Store(postgres.url(db, "admin_ash", postgres.PASSWORD))
    with pytest.raises(NotPermitted, match="only a manager"):  # whatever role the app is told
        sign_off.withdraw(admin, admin.get(Assessment, rosh_id), "", "manager", "assessment")
    admin.close()
    m = Store(postgres.url(db, "mgr_bo", postgres.PASSWORD))
    rosh = m.get(Assessment, rosh_id)
    assert sign_off.withdraw(m, rosh, "", "manager", "assessment") is None
    assert (rosh.status, rosh.countersigned_by, rosh.countersigned_at) == ("complete", "", None)
    trail = [(e.who, e.field, e.old, e.new) for e in m.audit_entries(cid) if e.action == "alter"]
    assert ("mgr_bo", "status", "countersigned", "complete") in trail
    assert ("mgr_bo", "countersigned_by", "mgr_bo", "") in trail
    assert [who for who, _at in sign_off.withdrawals(m, rosh)] == ["mgr_bo"]
    cm.update(cm.get(Assessment, rosh_id), "final", "medium")  # now the judgement may be revised
    cm.close()
    m.close()


def test_a_task_is_marked_done_only_in_the_signed_in_login(db):
    cid, _ = _seed(db)
    with _sql(db, "pc_pat") as con:
        con.execute("INSERT INTO taskdone (child_id, rule, done_at, done_by) "
                    "VALUES (%s, 'iss.weekly_contact', now(), 'cm_alex')", (cid,))
    with _sql(db, "cm_alex") as con:
        con.execute("INSERT INTO taskdone (child_id, rule, done_at, done_by) "
                    "VALUES (%s, 'remand.initial_planning_meeting', now(), 'mgr_bo')", (cid,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="marked a task done"):
            con.execute("UPDATE taskdone SET done_by = 'mgr_bo'")
        assert con.execute("SELECT rule, done_by FROM taskdone ORDER BY id").fetchall() == [
            ("iss.weekly_contact", "pc_pat"), ("remand.initial_planning_meeting", "cm_alex")]


def test_plan_review_countersign_refuses_who_recorded_it(db):
    _seed(db)
    with _sql(db, "mgr_bo") as con:
        con.execute("UPDATE plan SET data = %s",
                    (json.dumps({"reviews": [{"date": "2026-11-23", "recorded_by": "cm_alex"}]}),))
        [stored] = json.loads(con.execute("SELECT data FROM plan").fetchone()[0])["reviews"]
        assert stored["recorded_by"] == "mgr_bo"  # the server names who recorded it
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="recorder cannot countersign"):
            con.execute("UPDATE plan SET data = %s", (json.dumps({"reviews": [dict(stored, countersigned_by="x")]}),))
    with _sql(db, "cm_alex") as con:  # naming another as its recorder makes it a review the case manager records
        con.execute("UPDATE plan SET data = %s", (json.dumps({"reviews": [dict(stored, recorded_by="mgr_x")]}),))
        [stored] = json.loads(con.execute("SELECT data FROM plan").fetchone()[0])["reviews"]
        assert stored["recorded_by"] == "cm_alex"
    with _sql(db, "mgr_bo") as con:
        con.execute("UPDATE plan SET data = %s", (json.dumps({"reviews": [dict(stored, countersigned_by="x")]}),))
        [stored] = json.loads(con.execute("SELECT data FROM plan").fetchone()[0])["reviews"]
        assert stored["countersigned_by"] == "mgr_bo"
    with _sql(db, "cm_alex") as con:  # signed: neither changed nor replaced nor removed
        for reviews in ([dict(stored, progress="rewritten")], [dict(stored, recorded_by="x")], []):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="countersigned plan review"):
                con.execute("UPDATE plan SET data = %s", (json.dumps({"reviews": reviews}),))


def test_the_lock_pin_is_each_logins_own_no_one_else_clears_or_reads_it(db, owned_db):
    """Issue 22: the team server's lock PIN was one shared setting any staff login could clear, and the police
    could read its hash."""
    m = Store(postgres.url(db, "mgr_bo", postgres.PASSWORD))
    m.set_lock_pin("4821")
    with _sql(db, "pc_pat") as con:  # the old shared setting: its hash was the police's to read
        assert con.execute("SELECT value FROM setting WHERE key = 'lock_pin'").fetchall() == []
    with _sql(db, "cm_alex") as con:  # ... and any staff login's to clear
        con.execute("UPDATE setting SET value = '' WHERE key = 'lock_pin'")
    assert not m.unlocks("0000") and m.unlocks("4821")
    for login in ("cm_alex", "admin_ash", "pc_pat"):
        with _sql(db, login) as con:
            assert con.execute("SELECT count(*) FROM yjtui_guard.lockpin").fetchone() == (0,)
            assert con.execute("DELETE FROM yjtui_guard.lockpin").rowcount == 0
            assert con.execute("UPDATE yjtui_guard.lockpin SET hash = ''").rowcount == 0
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                con.execute("INSERT INTO yjtui_guard.lockpin (login, hash) VALUES ('mgr_bo', '')")
    with _sql(owned_db, OWNER) as con:  # the database's owner cannot read anyone's either
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("SELECT hash FROM yjtui_guard.lockpin")
    assert not m.unlocks("0000") and m.unlocks("4821")
    assert m.audit_entries()[-1].new == "(set)" and "4821" not in m.lock_pin_hash()
    cm = Store(postgres.url(db, "cm_alex", postgres.PASSWORD))
    assert not cm.has_lock_pin() and cm.unlocks("anything")  # the case manager has set none of their own
    m.set_lock_pin("")
    assert m.unlocks("") and m.audit_entries()[-1].new == "(cleared)"
    m.close()
    cm.close()


def test_the_servers_hash_is_the_apps_keyed_hash(db):
    """One definition of an entry's keyed hash (audit_chain.message): the server's SQL and the Python agree,
    whatever the text, so a laptop store and the server hash alike."""
    import hashlib

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from yjtui.store.audit_chain import message

    s = Store(postgres.url(db, "cm_alex", postgres.PASSWORD))
    texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
    # The server refuses control characters in an entry but in its `old` (what a correction replaced): there any.
    from yjtui.text import is_clean

    plain = texts.filter(lambda t: is_clean(t, keep_newlines=True))
    with _sql(db, "postgres", "") as con:
        inner, outer = (bytes(k) for k in con.execute("SELECT inner_key, outer_key FROM yjtui_guard.key").fetchone())

    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
    @given(old=texts, new=plain, detail=plain)
    def check(old: str, new: str, detail: str) -> None:
        with s.session() as session:
            s._audit(session, "alter", "child", 1, None, "given_name", old, new, detail)
            session.commit()
        [entry], _total = s.audit_search(limit=1)
        assert (entry.old, entry.new, entry.detail) == (old, new, detail)
        inside = hashlib.sha256(inner + message(entry).encode()).digest()
        assert hashlib.sha256(outer + inside).hexdigest() == entry.hash

    check()
    assert s.verify_audit()[0]
    s.close()


# --- text that cannot command a terminal (issue 22): the server refuses it, whoever writes it -------------------

# What a colleague might plant: cursor moves and a cleared screen, the window title (OSC 0 and 2), the clipboard
# (OSC 52), the 8-bit CSI (C1) and a right-to-left override (a name read backwards).
HOSTILE = {"ESC/CSI": "Frankie\x1b[2J\x1b[H", "OSC 0": "\x1b]0;owned\x07Frankie", "OSC 2": "\x1b]2;owned\x1b\\",
           "OSC 52": "\x1b]52;c;cm0gLXJmIH4=\x07", "C1 CSI": "Frankie\x9b2J", "bidi override": "Frankie \u202eevaeR"}
# Ordinary text: lines and tabs (a note), accents, emoji, Welsh, Polish and Arabic letters; and a backslash then
# "u001b" typed as text, which in JSON is an escaped backslash, not an escape.
ORDINARY = ["Siân Llŷr ap Dafydd", "Łucja Wójcik-Żak", "محمد العلي", "Zoë 👍🏽 Ødegård",
            "met at home\nmother present\tnotes follow", "path C:\\u001b\\reports"]


def _json_forms(value: str) -> dict[str, str]:
    """`value` inside a JSON column as the app (`ensure_ascii=False`) or another client writes it: escaped (C0 as
    \\u001b, everything else \\uXXXX), and raw, the characters as they are inside the string."""
    return {"escaped": json.dumps({"notes": value}), "as the app": json.dumps({"notes": value}, ensure_ascii=False),
            "raw": '{"notes": "' + value.replace("\\", "\\\\").replace('"', '\\"') + '"}'}


def _writes(db: str, login: str):
    """Where `login` may write people's text with plain SQL, plain columns and JSON ones: (label, sql, value -> args).
    Police write their own ISS case records and events, and audit entries (their consultations)."""
    cid, _ = _seed(db)
    with _sql(db, "postgres", "") as con:
        hearing = con.execute("SELECT id FROM hearing").fetchone()[0]
        iss = con.execute("SELECT id FROM caserecord WHERE kind = 'iss'").fetchone()[0]
    audit = ("INSERT INTO audit (action, record, child_id, field, old, new, detail) "
             "VALUES ('consult', 'child', %s, '', '', '', %s)", lambda v: (cid, v))
    event = ("INSERT INTO event (child_id, type, at, data, created_at) VALUES (%s, 'iss_police_contact', now(), %s, "
             "now())", lambda v: (cid, v))
    record = ("UPDATE caserecord SET data = %s WHERE id = %s", lambda v: (v, iss))
    plain = [("audit detail", *audit)]
    as_json = [("event data", *event), ("case record data", *record)]
    if login != "pc_pat":
        plain += [("child given_name", "UPDATE child SET given_name = %s WHERE id = %s", lambda v: (v, cid)),
                  ("hearing court", "UPDATE hearing SET court = %s WHERE id = %s", lambda v: (v, hearing)),
                  ("setting value", "INSERT INTO setting (key, value) VALUES ('practitioner', %s) "
                                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value", lambda v: (v,))]
        as_json += [("hearing charges", "UPDATE hearing SET charges = %s WHERE id = %s",
                     lambda v: (v.replace('{"notes": ', '[{"offence": ').replace("}", "}]"), hearing)),
                    ("plan data", "UPDATE plan SET data = %s", lambda v: (v,))]
    return cid, plain, as_json


@pytest.mark.parametrize("login", ["cm_alex", "mgr_bo", "pc_pat"])
def test_control_characters_are_refused_and_ordinary_text_stored_whoever_writes_it(db, login):
    cid, plain, as_json = _writes(db, login)
    with _sql(db, "postgres", "") as con:
        before = con.execute("SELECT (SELECT given_name FROM child), (SELECT data FROM caserecord WHERE kind = 'iss'),"
                             " (SELECT count(*) FROM audit), (SELECT count(*) FROM event)").fetchone()
    tried = 0
    with _sql(db, login) as con:
        for name, payload in HOSTILE.items():
            cases = [(where, sql, args(payload)) for where, sql, args in plain]
            cases += [(f"{where} ({form})", sql, args(value)) for where, sql, args in as_json
                      for form, value in _json_forms(payload).items()]
            for where, sql, args in cases:
                with pytest.raises(psycopg.errors.CheckViolation) as refused:
                    con.execute(sql, args)
                assert str(refused.value).startswith("text with control characters is refused"), (name, where)
                assert payload not in str(refused.value)  # the message names the column, never the text
                tried += 1
    assert tried == len(HOSTILE) * (len(plain) + 3 * len(as_json))
    with _sql(db, "postgres", "") as con:
        after = con.execute("SELECT (SELECT given_name FROM child), (SELECT data FROM caserecord WHERE kind = 'iss'),"
                            " (SELECT count(*) FROM audit), (SELECT count(*) FROM event)").fetchone()
    assert after == before  # nothing stored
    with _sql(db, login) as con:  # while lines, tabs, accents, emoji and other scripts are stored as they are
        for value in ORDINARY:
            for where, sql, args in plain:
                con.execute(sql, args(value))
            for where, sql, args in as_json:
                for form, text in _json_forms(value).items():
                    con.execute(sql, args(text))
    with _sql(db, "postgres", "") as con:
        assert con.execute("SELECT data FROM caserecord WHERE kind = 'iss'").fetchone()[0] == \
            _json_forms(ORDINARY[-1])["raw"]
        assert con.execute("SELECT detail FROM audit ORDER BY id DESC LIMIT 1").fetchone()[0] == ORDINARY[-1]


def test_the_refused_characters_are_yjtui_texts_own_over_the_whole_of_unicode():
    """The server's set is read from `yjtui.text` (the sanitiser): every code point `shown` makes visible in a
    note, and no other; none lies beyond the Basic Multilingual Plane the server's set is read from."""
    from yjtui.store import security
    from yjtui.text import BIDI_CONTROLS, is_clean

    whole = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and not is_clean(chr(c), keep_newlines=True)]
    assert list(security.refused_characters()) == whole
    assert {ord(c) for c in BIDI_CONTROLS} <= set(whole) and 0x1B in whole and 0x9B in whole and 0x7F in whole
    assert not {0x0A, 0x09} & set(whole)


def test_the_boundary_refused_exactly_when_yjtui_text_would_show_a_character(db):
    """Random text, stored in a plain column and inside a JSON column (escaped and as the app writes it): the
    server refuses it exactly when `yjtui.text.is_clean` (newlines and tabs kept) says it holds a control
    character, escape or bidi control."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from yjtui.text import is_clean

    cid, _ = _seed(db)
    odd = "\x00\x01\x07\x08\x09\x0a\x0b\x0c\x0d\x1b\x1f\x7f\x80\x85\x9b\x9f\u061c\u200e\u200f\u2028\u2029" \
          "\u202a\u202e\u2066\u2069\u200d\u00a0\u2060\ufeff"  # and near misses: ZWJ, NBSP, word joiner, BOM
    text = st.text(st.one_of(st.sampled_from(odd), st.sampled_from("\\u001bcrnbf\"{}"),
                            st.characters(exclude_categories=("Cs",))),  # no lone surrogates: not UTF-8
                   max_size=12)
    with _sql(db, "cm_alex") as con:
        def stored(sql: str, args) -> bool:
            try:
                con.execute(sql, args)
                return True
            except psycopg.errors.CheckViolation:
                return False

        @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
        @given(text, st.booleans())
        def boundary(value: str, ascii_only: bool) -> None:
            clean = is_clean(value, keep_newlines=True)
            if "\x00" not in value:  # PostgreSQL text cannot hold NUL at all
                assert stored("UPDATE child SET given_name = %s WHERE id = %s", (value, cid)) is clean, repr(value)
            data = json.dumps({"notes": value, value: 1}, ensure_ascii=ascii_only)
            assert stored("UPDATE hearing SET data = %s WHERE child_id = %s", (data, cid)) is clean, repr(data)

        boundary()


def test_the_app_shows_the_servers_refusal_keeps_nothing_and_says_it_is_not_the_role(db):
    """A save through the app (a value that got past the fields' own check) is refused like any other: said at
    once, nothing written, the screen keeps the typed text; the words are the text's, not the user's role."""
    from yjtui.store import TextRefused

    cid, _ = _seed(db)
    said = []
    s = Store(postgres.url(db, "cm_alex", postgres.PASSWORD))
    child = s.get(Child, cid)
    with pytest.raises(TextRefused, match="text with control characters is refused"):
        s.update(child, "given_name", HOSTILE["OSC 52"])
    s.on_status = lambda state, message: said.append((state, message))
    kept = s.update(child, "given_name", HOSTILE["ESC/CSI"])
    assert kept is child and s.get(Child, cid).given_name == "Frankie"
    [(state, message)] = said
    assert state == "refused" and "The team server refused: text with control characters is refused" in message
    assert "Your role" not in message and "What you typed stays on screen but is not saved." in message
    assert s.update(child, "given_name", "Frankie\tJo").given_name == "Frankie\tJo"  # the next save goes on
    s.close()


def test_a_row_stored_before_the_rule_can_still_be_corrected_and_its_other_fields_saved(db):
    """Rows written before `yjtui admin setup` added the rule keep their odd text (shown made visible) until
    someone corrects it: the other fields still save, and the correction is audited with the old value."""
    cid, _ = _seed(db)
    with _sql(db, "postgres", "") as con:
        con.execute("ALTER TABLE child DISABLE TRIGGER plain_text")
        con.execute("UPDATE child SET given_name = %s WHERE id = %s", (HOSTILE["OSC 0"], cid))
        con.execute("ALTER TABLE child ENABLE TRIGGER plain_text")
    s = Store(postgres.url(db, "cm_alex", postgres.PASSWORD))
    child = s.update(s.get(Child, cid), "family_name", "Example-Corrected")
    child = s.update(child, "given_name", "Frankie")
    assert (child.given_name, s.get(Child, cid).given_name) == ("Frankie", "Frankie")
    assert s.audit_entries(cid)[-1].old == HOSTILE["OSC 0"]
    s.close()


def test_a_police_officer_undoes_a_police_task_they_marked_done_and_nothing_else(db):
    """Issue 23: the board's `u` undoes a done (rule -> undone:<rule>); on a team server the police may change
    only their own police tasks' done marks, and only to undo them."""
    from yjtui.casework import board
    from yjtui.store import TaskDone

    cid, _ = _seed(db)
    police = Store(postgres.url(db, "pc_pat", postgres.PASSWORD))
    done = police.add(TaskDone(child_id=cid, rule="iss.weekly_contact"))
    board.undo_done(police, done)
    police.close()
    with _sql(db, "pc_pat") as con:
        assert con.execute("SELECT rule, done_by FROM taskdone").fetchall() == [("undone:iss.weekly_contact", "pc_pat")]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("UPDATE taskdone SET child_id = child_id")
        con.execute("INSERT INTO taskdone (child_id, rule, done_at, done_by) "
                    "VALUES (%s, 'iss.weekly_contact', now(), '')", (cid,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # a change that is not an undo
            con.execute("UPDATE taskdone SET rule = 'iss.other' WHERE rule = 'iss.weekly_contact'")
    with _sql(db, "cm_alex") as con:
        con.execute("INSERT INTO taskdone (child_id, rule, done_at, done_by) "
                    "VALUES (%s, 'iss.weekly_contact', now(), '')", (cid,))
    with _sql(db, "pc_pat") as con:  # a colleague's done: not theirs to undo (no row changes)
        con.execute("UPDATE taskdone SET rule = 'undone:iss.weekly_contact' WHERE done_by = 'cm_alex'")
        assert con.execute("SELECT rule FROM taskdone WHERE done_by = 'cm_alex'").fetchall() == [
            ("iss.weekly_contact",)]
