"""`yjtui admin`, `yjtui offline` and `--db postgresql://...` on the command line: every problem is a message and
a return code, never a traceback; an administrator adds people and roles."""

from __future__ import annotations

import io

import psycopg
import pytest

from tests import postgres
from yjtui.cli import main

pytestmark = pytest.mark.sqlite_only  # makes its own server database


@pytest.fixture
def db():
    name = postgres.fresh_database()
    yield name
    postgres.drop_database(name)


def run(capsys, monkeypatch, argv, stdin=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_admin_adds_a_person_grants_and_revokes_and_they_sign_in(db, capsys, monkeypatch):
    admin = postgres.url(db)
    code, out, _ = run(capsys, monkeypatch, ["admin", "add-user", "sam_example", "--role", "case_manager",
                                             "--db", admin], "a long password\n")
    assert code == 0 and "Added sam_example as Case manager" in out
    code, out, _ = run(capsys, monkeypatch, ["admin", "grant", "sam_example", "manager", "--db", admin])
    assert code == 0
    code, out, _ = run(capsys, monkeypatch, ["admin", "users", "--db", admin])
    assert "sam_example: Case manager, Manager" in out
    run(capsys, monkeypatch, ["admin", "revoke", "sam_example", "manager", "--db", admin])
    code, out, _ = run(capsys, monkeypatch, ["admin", "users", "--db", admin])
    assert "sam_example: Case manager\n" in out
    # They sign in with the password given (asked on standard input here, never in the URL).
    code, out, err = run(capsys, monkeypatch, ["audit", "verify", "--db", postgres.url(db, "sam_example")],
                         "a long password\n")
    assert code == 0 and "audit trail intact" in out
    with psycopg.connect(dbname=db, user="sam_example", password="a long password",
                         host=postgres._state["socket"]) as con:
        assert con.execute("SELECT session_user").fetchone() == ("sam_example",)
    postgres.admin_sql("DROP ROLE IF EXISTS sam_example", db)


@pytest.mark.parametrize("argv, stdin, message", [
    (["admin", "add-user", "Bad-Name", "--role", "manager"], "", "lower-case letters"),
    (["admin", "add-user", "zed_example", "--role", "manager"], "x\n", "at least 8 characters"),
    (["audit", "verify"], "wrong password\n", "did not accept that user name and password"),
    (["offline", "status"], "", "No offline copy"),
])
def test_bad_input_is_a_message(db, capsys, monkeypatch, argv, stdin, message):
    url = postgres.url(db) if argv[0] == "admin" else postgres.url(db, "cm_alex")
    code, out, err = run(capsys, monkeypatch, [*argv, "--db", url], stdin)
    assert code == 2 and message in err


def test_a_case_manager_cannot_add_people(db, capsys, monkeypatch):
    code, _out, err = run(capsys, monkeypatch, ["admin", "add-user", "zed_example", "--role", "manager", "--db",
                                                postgres.url(db, "cm_alex")], f"{postgres.PASSWORD}\nlong enough\n")
    assert code == 2 and "refused" in err and "permission denied" in err


def test_server_down_and_not_a_server(tmp_path, capsys, monkeypatch):
    code, _out, err = run(capsys, monkeypatch, ["audit", "verify", "--db", f"postgresql://x@/nodb?host={tmp_path}"])
    assert code == 2 and "cannot be reached" in err
    code, _out, err = run(capsys, monkeypatch, ["admin", "users", "--db", str(tmp_path / "local.db")])
    assert code == 2 and "works on a team server" in err
    code, _out, err = run(capsys, monkeypatch, ["--db", "postgresql://x@host:notaport/db"])
    assert code == 2 and "not a usable PostgreSQL address" in err
