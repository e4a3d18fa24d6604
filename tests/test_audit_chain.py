"""The audit trail on a laptop's store (issue 22): numbered without gaps, hashed with the store's key, and its head
kept in the user folder, so a trail cut or rewritten with a SQLite shell (triggers dropped) is reported by
`yjtui audit verify`. The team server's side: tests/test_team_server.py."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import sqlite3
from datetime import date, datetime

import pytest

from yjtui.store import Child, Store

pytestmark = pytest.mark.sqlite_only  # the file itself: a SQLite shell going around the app


def _day() -> str:
    """Today as the messages write it, read just after the trail is written (the day its head was noted): a
    constant read when the file was imported was yesterday for a run that went past midnight."""
    return f"{date.today():%d/%m/%Y}"


def _trail(path, entries: int) -> Store:
    s = Store(path)
    child = s.add(Child(given_name="Ash", family_name="Example"))
    for i in range(entries - 1):
        s.log_consultation(child.id, "child", f"read {i}")
    return s


def _shell(path) -> sqlite3.Connection:
    """Someone with the file and a SQLite shell: the append-only triggers dropped first."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("DROP TRIGGER IF EXISTS audit_no_update")
    con.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    return con


def test_each_entry_is_numbered_and_hashed_with_the_stores_key(tmp_path):
    from yjtui.store.audit_chain import heads_file

    s = _trail(tmp_path / "s.db", 4)
    key = bytes.fromhex(s.get_setting("audit_key"))
    entries = s.audit_entries()
    assert [e.id for e in entries] == [1, 2, 3, 4] and {e.chain for e in entries} == {2}
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    from yjtui.store.audit_chain import message

    assert all(hmac.new(key, message(e).encode(), hashlib.sha256).hexdigest() == e.hash for e in entries)
    ok, said = s.verify_audit()
    assert ok and said.startswith("audit trail intact: 4 entries; this laptop last saw entry 4 on ")
    record = json.loads(heads_file().read_text())[str((tmp_path / "s.db").resolve())]
    assert (record["last_id"], record["hash"]) == (4, entries[-1].hash)  # numbers and hashes only: no names
    assert oct(os.stat(heads_file()).st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("cut, left", [("id > 5", 5), ("id > 1", 1), ("1", 0)])
def test_a_cut_trail_is_reported_against_the_head_this_laptop_saw(tmp_path, cut, left):
    """Issue 22: deleting the last 5 entries, all but the first, or all of them, after dropping the two
    triggers, passed verify."""
    path = tmp_path / "s.db"
    s = _trail(path, 10)
    day = _day()
    _shell(path).execute(f"DELETE FROM audit WHERE {cut}")
    ok, said = s.verify_audit()
    assert not ok and f"the trail had 10 entries on {day}; it has {left}" in said
    s.log_consultation(None, "child")  # the app carries on: the cut is not written over by later saves
    for _ in range(6):
        s.log_consultation(None, "child")
    assert not s.verify_audit()[0]


def test_a_missing_entry_in_the_middle_is_a_gap_in_the_numbers(tmp_path):
    path = tmp_path / "s.db"
    s = _trail(path, 6)
    con = _shell(path)
    con.execute("DELETE FROM audit WHERE id = 3")
    con.execute("UPDATE audit SET prev_hash = (SELECT hash FROM audit WHERE id = 2) WHERE id = 4")
    assert s.verify_audit() == (False, "audit entry 3 is missing: the trail has been cut")


def _legacy(e) -> str:
    return hashlib.sha256(json.dumps([e.at.isoformat(), e.who, e.action, e.record, e.record_id, e.child_id,
                                      e.field, e.old, e.new, e.detail, e.prev_hash],
                                     ensure_ascii=False).encode()).hexdigest()


def test_changing_an_entry_and_rehashing_needs_the_key_and_the_laptop_still_sees_it(tmp_path):
    """Issue 22: a middle entry changed and the later hashes recomputed passed verify."""
    path = tmp_path / "s.db"
    s = _trail(path, 6)
    day = _day()
    con = _shell(path)

    def rewrite(hash_of) -> None:
        entries = s.audit_entries()
        prev = entries[1].hash
        for e in entries[2:]:
            e.prev_hash, e.detail = prev, ("nothing read" if e.id == 3 else e.detail)
            prev = hash_of(e)
            con.execute("UPDATE audit SET detail = ?, prev_hash = ?, hash = ? WHERE id = ?",
                        (e.detail, e.prev_hash, prev, e.id))

    rewrite(_legacy)  # without the key (the old unkeyed hash)
    assert s.verify_audit() == (False, "audit entry 3 does not match the chain: the trail has been altered")
    from yjtui.store.audit_chain import keyed_hash

    key = bytes.fromhex(con.execute("SELECT value FROM setting WHERE key = 'audit_key'").fetchone()[0])
    rewrite(lambda e: keyed_hash(key, e))  # with the key from the file: the head this laptop saw differs
    ok, said = s.verify_audit()
    assert not ok and said == f"audit entry 6 is not the one this laptop saw on {day}: the trail has been rewritten"


def test_a_store_replaced_by_another_is_named_and_forget_clears_the_record(tmp_path, capsys, monkeypatch):
    from yjtui.cli import main

    path = tmp_path / "s.db"
    _trail(path, 3).close()
    path.unlink()
    fresh = _trail(path, 3)  # same place, another trail (the old one deleted with its entries)
    ok, said = fresh.verify_audit()
    assert not ok and "this is not the trail this laptop saw" in said and "yjtui audit forget" in said
    fresh.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["audit", "verify", "--db", str(path)]) == 1
    assert "not the trail this laptop saw" in capsys.readouterr().out
    assert main(["audit", "forget", "--db", str(path)]) == 0
    assert main(["audit", "verify", "--db", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("audit trail intact: 3 entries")


def test_verify_on_the_command_line_reports_a_cut(tmp_path, capsys, monkeypatch):
    from yjtui.cli import main

    path = tmp_path / "s.db"
    _trail(path, 8).close()
    day = _day()
    _shell(path).execute("DELETE FROM audit WHERE id > 3")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["audit", "verify", "--db", str(path)]) == 1
    out, err = capsys.readouterr()
    assert f"the trail had 8 entries on {day}; it has 3" in out and "Traceback" not in out + err


def test_the_stores_key_removed_is_reported(tmp_path):
    path = tmp_path / "s.db"
    s = _trail(path, 2)
    sqlite3.connect(path, isolation_level=None).execute("DELETE FROM setting WHERE key = 'audit_key'")
    assert s.verify_audit() == (False, "the store's audit key is missing, so its keyed entries cannot be "
                                       "checked: the store has been altered")


def test_entries_made_before_the_keyed_chain_still_verify_and_the_chain_goes_on(tmp_path):
    """A store at revision 0003 with entries of the old, unkeyed kind: migrated, they verify as they were, and
    new entries follow them keyed and numbered on; an old-kind entry after keyed ones is refused."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from yjtui.store.models import Audit
    from yjtui.store.store import MIGRATIONS

    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
        prev = ""
        for n in (1, 2, 3):
            e = Audit(id=n, at=datetime(2026, 11, 20, 9, n), who="Duty Officer One", action="consult",
                      record="child", record_id=None, child_id=None, field="", old="", new="", detail=f"read {n}",
                      prev_hash=prev)
            e.hash = prev = _legacy(e)
            conn.exec_driver_sql("INSERT INTO audit (id, at, who, action, record, record_id, child_id, field, old, "
                                 "new, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 (e.id, e.at.isoformat(" "), e.who, e.action, e.record, None, None, "", "", "",
                                  e.detail, e.prev_hash, e.hash))
    engine.dispose()
    s = Store(path)
    assert s.backup is not None
    assert s.verify_audit()[0]
    s.log_consultation(None, "child")
    entries = s.audit_entries()
    assert [(e.id, e.chain) for e in entries] == [(1, 1), (2, 1), (3, 1), (4, 2)] and entries[3].prev_hash == prev
    ok, said = s.verify_audit()
    assert ok and said.startswith("audit trail intact: 4 entries")
    con = _shell(path)
    con.execute("UPDATE audit SET chain = 1 WHERE id = 4")
    assert s.verify_audit()[0] is False
