"""The headless security commands: init --encrypt, encrypt, rekey, audit verify, decrypt-export.

With no terminal, passphrases come from standard input one a line; with nothing there, the command says so and
stops (never waits). Every failure is a message and a return code, never a traceback.
"""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys

import pytest

from yjtui.cli import main
from yjtui.store import Child, Store
from yjtui.store import crypto

KEY = "court corridor key"


def run(capsys, monkeypatch, argv, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_init_encrypt_creates_an_encrypted_private_store(tmp_path, capsys, monkeypatch):
    db = tmp_path / "s.db"
    code, out, err = run(capsys, monkeypatch, ["init", "--encrypt", "--db", str(db)], KEY + "\n")
    assert code == 0, err
    assert "encrypted store" in out and KEY not in out + err
    assert crypto.looks_encrypted(db) and oct(os.stat(db).st_mode & 0o777) == "0o600"
    assert Store(db, key=KEY).children_count() == 0


def test_init_refuses_an_existing_store(tmp_path, capsys, monkeypatch):
    db = tmp_path / "s.db"
    Store(db).close()
    code, _out, err = run(capsys, monkeypatch, ["init", "--encrypt", "--db", str(db)], KEY + "\n")
    assert code == 2 and "already exists" in err


def test_init_refuses_a_short_passphrase(tmp_path, capsys, monkeypatch):
    code, _out, err = run(capsys, monkeypatch, ["init", "--encrypt", "--db", str(tmp_path / "s.db")], "short\n")
    assert code == 2 and "at least 8" in err and "Traceback" not in err


def test_no_stdin_fails_with_a_message_not_a_hang(tmp_path, capsys, monkeypatch):
    db = tmp_path / "s.db"
    code, _out, err = run(capsys, monkeypatch, ["init", "--encrypt", "--db", str(db)], "")
    assert code == 2 and "no passphrase given" in err


def test_encrypt_converts_and_keeps_every_record(tmp_path, capsys, monkeypatch):
    db = tmp_path / "s.db"
    s = Store(db)
    for given in ("Ash", "Blake"):
        s.add(Child(given_name=given, family_name="Example"))
    s.close()
    code, out, err = run(capsys, monkeypatch, ["encrypt", "--db", str(db)], KEY + "\n")
    assert code == 0, err
    assert "every record kept (2 children" in out
    assert b"Example" not in db.read_bytes()
    s = Store(db, key=KEY)
    assert [s.get(Child, i).given_name for i in (1, 2)] == ["Ash", "Blake"]
    assert s.verify_audit()[0]


def test_encrypt_warns_about_plain_backups(tmp_path, capsys, monkeypatch, fixtures_dir):
    import shutil

    db = tmp_path / "old.db"
    shutil.copy(fixtures_dir / "store_rev0001.db", db)
    Store(db).close()  # migrated: a plain backup is left beside it
    code, out, _err = run(capsys, monkeypatch, ["encrypt", "--db", str(db)], KEY + "\n")
    assert code == 0 and "NOT encrypted" in out and ".bak" in out


def test_rekey_changes_the_passphrase(tmp_path, capsys, monkeypatch):
    db = tmp_path / "s.db"
    s = Store(db, key=KEY)
    s.add(Child(given_name="Ash"))
    s.close()
    code, out, err = run(capsys, monkeypatch, ["rekey", "--db", str(db)], f"{KEY}\nthe new passphrase\n")
    assert code == 0, err
    assert "every record kept (1 children" in out
    assert Store(db, key="the new passphrase").get(Child, 1).given_name == "Ash"


def test_rekey_with_a_wrong_passphrase_says_so(tmp_path, capsys, monkeypatch):
    db = tmp_path / "s.db"
    Store(db, key=KEY).close()
    code, _out, err = run(capsys, monkeypatch, ["rekey", "--db", str(db)], "not the key\nthe new passphrase\n")
    assert code == 2 and "passphrase does not open" in err and "Traceback" not in err
    assert Store(db, key=KEY).children_count() == 0


def test_audit_verify_on_an_encrypted_store(tmp_path, capsys, monkeypatch):
    db = tmp_path / "s.db"
    s = Store(db, key=KEY)
    child = s.add(Child(given_name="Ash"))
    s.update(child, "given_name", "Blake")
    s.close()
    code, out, _err = run(capsys, monkeypatch, ["audit", "verify", "--db", str(db)], KEY + "\n")
    assert code == 0 and "intact: 2 entries" in out
    code, _out, err = run(capsys, monkeypatch, ["audit", "verify", "--db", str(db)], "wrong passphrase\n")
    assert code == 2 and "passphrase does not open" in err
    code, _out, err = run(capsys, monkeypatch, ["audit", "verify", "--db", str(db)], "")
    assert code == 2 and "no passphrase given" in err


def test_audit_verify_finds_a_tampered_entry(tmp_path, capsys, monkeypatch):
    db = tmp_path / "s.db"
    s = Store(db, key=KEY)
    child = s.add(Child(given_name="Ash"))
    s.update(child, "given_name", "Blake")
    s.close()
    con = crypto.connect(db, KEY)
    con.execute("DROP TRIGGER audit_no_update")
    con.execute("UPDATE audit SET who = 'someone else' WHERE id = 1")
    con.commit()
    con.close()
    code, out, _err = run(capsys, monkeypatch, ["audit", "verify", "--db", str(db)], KEY + "\n")
    assert code == 1 and "audit entry 1 does not match" in out


def test_audit_verify_plain_store_unchanged(tmp_path, capsys, monkeypatch):
    db = tmp_path / "s.db"
    s = Store(db)
    s.add(Child(given_name="Ash"))
    s.close()
    con = sqlite3.connect(db)
    con.execute("DROP TRIGGER audit_no_update")
    con.execute("UPDATE audit SET new = 'x'")
    con.commit()
    code, out, _err = run(capsys, monkeypatch, ["audit", "verify", "--db", str(db)])
    assert code == 1 and "altered" in out


def test_decrypt_export_reads_back_what_was_written(tmp_path, capsys, monkeypatch):
    from yjtui.casework.export.crypto import write_encrypted

    data = "Ash Example, bail proposal\n".encode()
    sealed = write_encrypted(tmp_path / "proposal.txt", data, "export password")
    assert sealed.suffix == ".yjx" and b"Ash" not in sealed.read_bytes()
    assert oct(os.stat(sealed).st_mode & 0o777) == "0o600"
    out_file = tmp_path / "back.txt"
    code, _out, err = run(capsys, monkeypatch, ["decrypt-export", str(sealed), "-o", str(out_file)],
                          "export password\n")
    assert code == 0, err
    assert out_file.read_bytes() == data
    code, _out, err = run(capsys, monkeypatch, ["decrypt-export", str(sealed)], "wrong password\n")
    assert code == 2 and "Wrong password" in err


def test_decrypt_export_refuses_other_files(tmp_path, capsys, monkeypatch):
    other = tmp_path / "x.txt"
    other.write_text("hello")
    code, _out, err = run(capsys, monkeypatch, ["decrypt-export", str(other)], "whatever pw\n")
    assert code == 2 and "not a yjtui encrypted export" in err


def test_export_header_is_documented_and_tamper_evident(tmp_path):
    from yjtui.casework.export.crypto import ExportCryptoError, MAGIC, read_encrypted, write_encrypted

    sealed = write_encrypted(tmp_path / "p", b"secret", "export password")
    lines = sealed.read_bytes().split(b"\n")
    assert lines[0] == MAGIC and b'"kdf": "scrypt"' in lines[1]
    token = bytearray(lines[2])
    token[40] = ord("A") if token[40] != ord("A") else ord("B")
    sealed.write_bytes(b"\n".join([lines[0], lines[1], bytes(token), b""]))
    with pytest.raises(ExportCryptoError):
        read_encrypted(sealed, "export password")


def test_app_on_an_encrypted_store_asks_inside_the_app_not_on_the_terminal(tmp_path, monkeypatch):
    """Run as textual-serve or a launcher runs it (no terminal): the app starts on its sign-in screen; nothing is
    read from standard input first (it was: exit 2, "there is none here")."""
    import yjtui.app
    import yjtui.cli

    db = tmp_path / "s.db"
    Store(db, key=KEY).close()
    started = []
    monkeypatch.setattr("sys.stdin", None)
    monkeypatch.setattr(yjtui.app.YjtuiApp, "run", lambda self, **kw: started.append((self.store, self._sign_in)))
    assert yjtui.cli.main(["--db", str(db)]) == 0
    [(store, sign_in)] = started
    assert store is None and sign_in.where == db
