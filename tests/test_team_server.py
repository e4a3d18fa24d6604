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
    """A child with a countersigned RoSH, a completed SWB, a plan, a hearing and case records (as the superuser)."""
    s = Store(postgres.url(db))
    child = s.add(Child(given_name="Frankie", family_name="Example", ethnicity="White British", yjs_ref="FIX-1"))
    s.add(Assessment(child_id=child.id, kind="rosh", final="high", status="countersigned", author="cm_alex",
                     countersigned_by="mgr_bo"))
    swb = s.add(Assessment(child_id=child.id, kind="swb", final="medium", status="complete", author="cm_alex"))
    s.add(Plan(child_id=child.id))
    s.add(Hearing(child_id=child.id, court="Example Youth Court"))
    s.add(CaseRecord(child_id=child.id, kind="iss", data='{"contacts": 3}'))
    s.add(CaseRecord(child_id=child.id, kind="panel", data='{"minutes": "x"}'))
    s.close()
    return child.id, swb.id


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
    assert message == f"audit trail intact: {1 + 8 * 15} entries"
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


def test_the_app_says_no_to_a_case_manager_countersigning_and_keeps_the_record(db):
    cid, swb_id = _seed(db)
    s = Store(postgres.url(db, "cm_alex", postgres.PASSWORD))
    swb = s.get(Assessment, swb_id)
    with pytest.raises(NotPermitted, match="only a manager may countersign"):
        s.update(swb, "countersigned_by", "mgr_bo")
    assert s.get(Assessment, swb_id).countersigned_by == ""
    m = Store(postgres.url(db, "mgr_bo", postgres.PASSWORD))
    assert m.role == "manager"
    m.update(m.get(Assessment, swb_id), "countersigned_by", "Bo Manager")
    entry = m.audit_entries(cid)[-1]
    assert (entry.who, entry.field, entry.new) == ("mgr_bo", "countersigned_by", "Bo Manager")
    s.close()
    m.close()


def test_audit_entries_must_name_the_user_and_follow_the_chain(db):
    _seed(db)
    with _sql(db, "cm_alex") as con:
        head = con.execute("SELECT yjtui_audit_head()").fetchone()[0]
        row = ("2026-11-23 10:00", "consult", "child", "", "", "", "", "", "x")
        sql = ('INSERT INTO audit (at, who, action, record, field, old, new, detail, prev_hash, hash) '
               'VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)')
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute(sql, (row[0], "mgr_bo", *row[1:7], head, "x"))  # pretending to be someone else
        with pytest.raises(psycopg.Error, match="chain head"):
            con.execute(sql, (row[0], "cm_alex", *row[1:7], "not-the-head", "x"))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("UPDATE audit SET new = 'x'")


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
    assert len(asked) == 2 and threading.main_thread().name not in asked
    mine.close()
    theirs.close()


def test_plan_review_countersigned_inside_the_plan_data_only_by_a_manager(db):
    cid, _ = _seed(db)
    review = {"date": "2026-11-23", "reason": "scheduled", "countersigned_by": ""}
    with _sql(db, "cm_alex") as con:
        con.execute("UPDATE plan SET data = %s", (json.dumps({"reviews": [review]}),))  # recording a review: fine
        signed = dict(review, countersigned_by="mgr_bo")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="plan review"):
            con.execute("UPDATE plan SET data = %s", (json.dumps({"reviews": [signed]}),))
    with _sql(db, "mgr_bo") as con:
        con.execute("UPDATE plan SET data = %s", (json.dumps({"reviews": [dict(review, countersigned_by="Bo")]}),))
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
