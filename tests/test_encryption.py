"""Encryption at rest: what a lost laptop's disk gives up (nothing readable), wrong passphrases, convert, rekey."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import date

import pytest

from yjtui.store import HEAD, Child, Store, StoreError
from yjtui.store import crypto
from yjtui.store.models import Hearing

KEY = "correct horse battery staple"
# Long enough that random ciphertext cannot hold them by chance (a 3-byte name turns up in ~1 MB of random
# bytes a few times in a hundred runs; an 8-byte one about never).
NAMES = [("Ashworthy", "Examplefield"), ("Blakemoor", "Sampleton"), ("Caseyfold", "Fictionalby")]


def _fill(store: Store) -> None:
    for i, (given, family) in enumerate(NAMES):
        child = store.add(Child(given_name=given, family_name=family, yjs_ref=f"FIX-{i}",
                                date_of_birth=date(2010, 3, 14)))
        store.add(Hearing(child_id=child.id, court="Northshire Youth Court"))


def _all_bytes(path) -> bytes:
    data = b""
    for p in path.parent.iterdir():
        if p.name.startswith(path.name):
            data += p.read_bytes()
    return data


def _snapshot(store: Store) -> list[tuple]:
    kids = [(c.id, c.given_name, c.family_name, c.yjs_ref, c.date_of_birth, c.version)
            for c in (store.get(Child, i) for i in range(1, len(NAMES) + 1))]
    audit = [(e.id, e.action, e.hash) for e in store.audit_entries()]
    return kids + audit


def test_encrypted_store_bytes_hold_none_of_the_names(tmp_path):
    path = tmp_path / "enc.db"
    store = Store(path, key=KEY)
    _fill(store)
    data = _all_bytes(path)  # the store, its WAL and shared-memory files, as they are while open
    store.close()
    data += _all_bytes(path)
    for given, family in NAMES:
        for name in (given, family, f"{given} {family}"):
            assert name.encode() not in data and name.encode("utf-16-le") not in data
    assert b"Northshire" not in data and b"FIX-0" not in data
    assert not data.startswith(b"SQLite format 3")


def test_encrypted_store_is_private_and_unreadable_without_sqlcipher(tmp_path):
    path = tmp_path / "enc.db"
    Store(path, key=KEY).close()
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(path).execute("SELECT * FROM child").fetchall()


def test_encrypted_store_reopens_with_its_passphrase(tmp_path):
    path = tmp_path / "enc.db"
    s = Store(path, key=KEY)
    _fill(s)
    s.close()
    s = Store(path, key=KEY)
    assert s.encrypted and s.children_count() == 3
    assert s.search("blakemoor")[0][0].name == "Blakemoor Sampleton"
    assert s.verify_audit()[0]
    with s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.mark.parametrize("wrong", ["Xq7-not-it", KEY + " ", KEY.upper()])
def test_wrong_passphrase_is_refused_with_a_message(tmp_path, wrong):
    path = tmp_path / "enc.db"
    Store(path, key=KEY).close()
    with pytest.raises(crypto.WrongPassphrase, match="passphrase does not open") as err:
        Store(path, key=wrong)
    assert wrong not in str(err.value) and KEY not in str(err.value)


def test_no_passphrase_on_an_encrypted_store_says_so(tmp_path):
    path = tmp_path / "enc.db"
    Store(path, key=KEY).close()
    with pytest.raises(crypto.PassphraseNeeded, match="encrypted"):
        Store(path)


def test_a_passphrase_on_a_plain_store_says_it_is_not_encrypted(tmp_path):
    path = tmp_path / "plain.db"
    Store(path).close()
    with pytest.raises(StoreError, match="not encrypted"):
        Store(path, key=KEY)


def test_blank_passphrase_is_refused(tmp_path):
    with pytest.raises(StoreError, match="blank"):
        Store(tmp_path / "x.db", key="")


def test_quotes_in_a_passphrase_work(tmp_path):
    path = tmp_path / "q.db"
    key = "it's \"quoted\"; DROP TABLE child; --"
    s = Store(path, key=key)
    s.add(Child(given_name="Ash"))
    s.close()
    assert Store(path, key=key).children_count() == 1


def test_convert_plain_store_keeps_every_record(tmp_path):
    path = tmp_path / "s.db"
    plain = Store(path)
    _fill(plain)
    before = _snapshot(plain)
    plain.close()
    counts = crypto.encrypt_plain(path, KEY)
    assert counts["child"] == 3 and counts["audit"] == len([b for b in before if len(b) == 3])
    assert crypto.looks_encrypted(path)
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    assert b"Example" not in _all_bytes(path)
    s = Store(path, key=KEY)
    assert _snapshot(s) == before
    assert s.verify_audit()[0]
    # The append-only triggers came across too.
    con = crypto.connect(path, KEY)
    with pytest.raises(Exception, match="append-only"):
        con.execute("UPDATE audit SET new = 'x'")
    con.close()


def test_convert_refuses_an_encrypted_store(tmp_path):
    path = tmp_path / "s.db"
    Store(path, key=KEY).close()
    with pytest.raises(StoreError, match="already encrypted"):
        crypto.encrypt_plain(path, KEY)


def test_rekey_keeps_every_record_and_the_old_passphrase_stops_working(tmp_path):
    path = tmp_path / "s.db"
    s = Store(path, key=KEY)
    _fill(s)
    before = _snapshot(s)
    s.close()
    crypto.rekey(path, KEY, "a new passphrase")
    with pytest.raises(crypto.WrongPassphrase):
        Store(path, key=KEY)
    s = Store(path, key="a new passphrase")
    assert _snapshot(s) == before


def test_rekey_with_a_wrong_old_passphrase_changes_nothing(tmp_path):
    path = tmp_path / "s.db"
    Store(path, key=KEY).close()
    with pytest.raises(crypto.WrongPassphrase):
        crypto.rekey(path, "wrong", "new one")
    assert Store(path, key=KEY).children_count() == 0


def test_migration_backup_of_an_encrypted_store_is_encrypted(tmp_path, fixtures_dir):
    path = tmp_path / "old.db"
    shutil.copy(fixtures_dir / "store_rev0001.db", path)
    crypto.encrypt_plain(path, KEY)  # an encrypted store still at revision 0001
    s = Store(path, key=KEY)
    assert s.backup is not None and s.backup.exists()
    assert oct(os.stat(s.backup).st_mode & 0o777) == "0o600"
    # Long strings the fixture holds (a 3-byte name could turn up in ciphertext by chance).
    assert b"Northshire" not in s.backup.read_bytes() and b"Example" not in s.backup.read_bytes()
    assert crypto.looks_encrypted(s.backup)
    con = crypto.connect(s.backup, KEY)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    con.close()
    assert s.get(Child, 1).given_name == "Ash"
    con = crypto.connect(path, KEY)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD


def test_tampering_with_an_encrypted_store_breaks_the_chain(tmp_path):
    path = tmp_path / "s.db"
    s = Store(path, key=KEY)
    child = s.add(Child(given_name="Ash"))
    s.update(child, "given_name", "Blake")
    assert s.verify_audit()[0]
    con = crypto.connect(path, KEY)  # someone who has the file and the passphrase
    con.execute("DROP TRIGGER audit_no_update")
    con.execute("UPDATE audit SET new = 'Casey' WHERE field = 'given_name'")
    con.commit()
    con.close()
    ok, message = s.verify_audit()
    assert not ok and "altered" in message


def test_the_key_is_not_an_attribute_or_in_the_engine_url(tmp_path):
    s = Store(tmp_path / "s.db", key=KEY)
    assert KEY not in str(s.engine.url) and KEY not in repr(s.engine.url)
    assert all(KEY not in repr(v) for v in vars(s).values())
    s.add(Child(given_name="Ash"))
    assert all(KEY not in (e.old + e.new + e.detail) for e in s.audit_entries())
