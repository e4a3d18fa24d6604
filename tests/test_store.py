"""The case store: migrations (from an empty file and from the first revision), the audit trail, versions."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from yjtui.store import HEAD, Child, ConflictError, Store, StoreError, default_path
from yjtui.store.models import Assessment, Event, Hearing, Plan

pytestmark = pytest.mark.both_engines  # the store on SQLite and on a team server


def test_head_matches_the_newest_migration_file():
    versions = Path(__file__).parents[1] / "yjtui" / "store" / "migrations" / "versions"
    newest = max(p.name.split("_")[0] for p in versions.glob("[0-9]*.py"))
    assert HEAD == newest


def test_empty_file_is_migrated_to_head(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    s = Store(path)
    con = sqlite3.connect(path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
    assert s.children_count() == 0
    assert s.backup is None  # nothing to back up in an empty file


def test_new_store_is_private_wal_and_enforces_foreign_keys(tmp_path):
    path = tmp_path / "new.db"
    s = Store(path)
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    with s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with pytest.raises(Exception):
        s.add(Hearing(child_id=999, court="Nowhere"))


def test_first_revision_store_opens_with_nothing_lost(tmp_path, fixtures_dir):
    path = tmp_path / "old.db"
    shutil.copy(fixtures_dir / "store_rev0001.db", path)
    s = Store(path)
    assert s.backup is not None and s.backup.exists()
    # The backup is the file as it was: still at revision 0001.
    assert sqlite3.connect(s.backup).execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    ash = s.get(Child, 1)
    assert (ash.given_name, ash.family_name, ash.date_of_birth, ash.looked_after, ash.yjs_ref) == \
        ("Ash", "Example", date(2010, 3, 14), "s20", "FIX-0001")
    assert ash.version == 1
    assert s.children_count() == 2
    assert s.get(Hearing, 1).court == "Northshire Youth Court"
    assert s.get(Assessment, 1).final == "high"
    assert s.get(Plan, 1).status == "draft"
    assert s.get(Event, 1).type == "order_made"
    assert s.local_packs() == ["enfield"]
    # And it can be edited at the new revision.
    s.update(ash, "home_la", "Southvale")
    assert s.get(Child, 1).version == 2


def test_reopening_a_current_store_makes_no_backup(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    assert Store(path).backup is None


def test_a_file_that_is_not_a_store_gives_a_message(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a yjtui store"):
        Store(path)


def test_change_writes_audit_entry_in_same_transaction(store):
    child = store.add(Child(given_name="Ash", family_name="Example"))
    store.update(child, "family_name", "Sample")
    entries = store.audit_entries(child.id)
    assert [e.action for e in entries] == ["collect", "alter"]
    alter = entries[-1]
    assert (alter.record, alter.record_id, alter.field, alter.old, alter.new) == \
        ("child", child.id, "family_name", "Example", "Sample")
    assert alter.who == store.who and alter.who


def test_opening_a_child_is_logged_as_consultation(store):
    child = store.add(Child(given_name="Ash", family_name="Example"))
    store.open_child(child.id)
    assert store.audit_entries(child.id)[-1].action == "consult"


@pytest.mark.sqlite_only  # the server's equivalent: tests/test_team_server.py
def test_audit_names_the_practitioner_from_settings(store):
    store.set_setting("practitioner", "Duty Officer One")
    child = store.add(Child(given_name="Ash"))
    assert store.audit_entries(child.id)[-1].who == "Duty Officer One"


@pytest.mark.sqlite_only  # the server's equivalent: tests/test_team_server.py
def test_audit_trail_is_append_only(store):
    store.add(Child(given_name="Ash"))
    con = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("UPDATE audit SET new = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("DELETE FROM audit")


@pytest.mark.sqlite_only  # the server's equivalent: tests/test_team_server.py
def test_tampering_breaks_the_hash_chain(store):
    child = store.add(Child(given_name="Ash"))
    store.update(child, "given_name", "Blake")
    assert store.verify_audit()[0]
    con = sqlite3.connect(store.path)
    con.execute("DROP TRIGGER audit_no_update")  # someone with the file and a SQLite shell
    con.execute("UPDATE audit SET new = 'Casey' WHERE field = 'given_name'")
    con.commit()
    ok, message = store.verify_audit()
    assert not ok and "altered" in message


def test_stale_copy_gets_conflict_not_silent_overwrite(tmp_path):
    path = tmp_path / "two.db"
    a, b = Store(path), Store(path)
    child_a = a.add(Child(given_name="Ash"))
    child_b = b.get(Child, child_a.id)
    a.update(child_a, "given_name", "Blake")
    with pytest.raises(ConflictError) as err:
        b.update(child_b, "given_name", "Casey")
    assert err.value.theirs == "Blake"
    assert a.get(Child, child_a.id).given_name == "Blake"


@pytest.mark.parametrize("typed", ["Example", "example", "FIX-9", "14/03/2010", "2010-03-14", "ash exa"])
def test_search_by_name_reference_or_date_of_birth(store, typed):
    store.add(Child(given_name="Ash", family_name="Example", yjs_ref="FIX-9", date_of_birth=date(2010, 3, 14)))
    store.add(Child(given_name="Blake", family_name="Sample", yjs_ref="FIX-10", date_of_birth=date(2011, 1, 2)))
    rows, total = store.search(typed)
    assert total == 1 and rows[0].name == "Ash Example"


def test_default_path_honours_env_then_platformdirs(monkeypatch, tmp_path):
    monkeypatch.setenv("YJTUI_DB", str(tmp_path / "x.db"))
    assert default_path() == tmp_path / "x.db"
    monkeypatch.delenv("YJTUI_DB")
    assert default_path().name == "yjtui.db" and "yjtui" in str(default_path().parent)


def test_models_match_migrations(tmp_path):
    """The SQLModel tables and the Alembic revisions describe the same columns."""
    from sqlmodel import SQLModel

    s = Store(tmp_path / "m.db")
    con = sqlite3.connect(s.path)
    for name, table in SQLModel.metadata.tables.items():
        cols = {r[1] for r in con.execute(f"PRAGMA table_info({name})")}
        assert cols == {c.name for c in table.columns}, name


def test_case_record_saved_versioned_and_audited(store):
    """Workflow records (transfer, screening, out-of-court decision ...) save field by field like the others."""
    from yjtui.store.models import CaseRecord

    child = store.add(Child(given_name="Ash", family_name="Example"))
    rec = store.add(CaseRecord(child_id=child.id, kind="transfer", data='{"situation": "caretaking"}'))
    store.update(rec, "status", "complete")
    assert rec.version == 2
    kinds = [(a.action, a.record, a.field) for a in store.audit_entries(child.id)]
    assert ("collect", "caserecord", "") in kinds and ("alter", "caserecord", "status") in kinds
    stale = store.get(CaseRecord, rec.id)
    store.update(rec, "data", '{"situation": "transfer"}')
    with pytest.raises(ConflictError):
        store.update(stale, "data", '{"situation": "host"}')
