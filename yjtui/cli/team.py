"""`yjtui admin ...` (the team server's people and roles) and `yjtui offline ...` (a laptop's copy for the day).

Every failure is a message and a return code, never a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys

from yjtui.cli import say

NAME = re.compile(r"^[a-z][a-z0-9_]{1,40}$")


def run(group: str, argv: list[str]) -> int:
    from sqlalchemy.exc import DBAPIError

    from yjtui.cli import _NoSecret
    from yjtui.store import StoreError

    try:
        if group == "admin":
            return _admin(argv)
        from yjtui.cli import offline_cli

        return offline_cli.run(argv)
    except (_NoSecret, StoreError) as exc:
        say(f"yjtui: {exc}", file=sys.stderr)
        return 2
    except DBAPIError as exc:  # anything the server refused that was not foreseen: its first line, no traceback
        first = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__
        say(f"yjtui: the team server refused: {first}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, EOFError):
        say("\nyjtui: cancelled.", file=sys.stderr)
        return 130


def _admin(argv: list[str]) -> int:
    from yjtui.rules.roles import ROLES

    parser = argparse.ArgumentParser(prog="yjtui admin", description="The team server's people and roles "
                                     "(run by an administrator: a login that owns the database and may create roles).")
    parser.add_argument("--db", help="the team server's postgresql:// URL (default: $YJTUI_DB)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("setup", help="bring the schema up to date and apply every role's rights (safe to repeat)")
    add = sub.add_parser("add-user", help="a new person: their login, first role, and a password (asked)")
    add.add_argument("login")
    add.add_argument("--role", required=True, choices=sorted(ROLES))
    grant = sub.add_parser("grant", help="give a person a role")
    grant.add_argument("login")
    grant.add_argument("role", choices=sorted(ROLES))
    revoke = sub.add_parser("revoke", help="take a role from a person")
    revoke.add_argument("login")
    revoke.add_argument("role", choices=sorted(ROLES))
    sub.add_parser("users", help="who has which role")
    from yjtui.cli import _pop_db

    db, rest = _pop_db(argv)  # --db before or after the subcommand
    args = parser.parse_args(rest)
    args.db = db or args.db

    from yjtui.cli import _is_server, _open_store, _read_secret, _store_path
    from yjtui.store import StoreError

    where = _store_path(args.db)
    if not _is_server(where):
        raise StoreError("yjtui admin works on a team server: give --db postgresql://... (or set YJTUI_DB).")
    store = _open_store(where)  # an administrator's first connect migrates and applies the rights
    try:
        if args.command == "setup":
            say(f"The team store at {store.location} is up to date; every role's rights are applied. The audit "
                  "trail's key and head, and each person's lock PIN, are kept by the role yjtui_guard, which no "
                  "login holds (`yjtui audit verify` names any that does).")
            return 0
        if args.command == "users":
            for login, roles in _users(store):
                say(f"{login}: {', '.join(ROLES[r] for r in roles) or '(no role)'}")
            return 0
        login = args.login
        if not NAME.match(login):
            raise StoreError("A login is 2-41 lower-case letters, digits or _ and starts with a letter "
                             "(for example frankie_example).")
        if args.command == "add-user":
            password = _read_secret(f"New password for {login}: ", confirm=True, new=True)
            _execute(store, _create_role(store, login, password))
            _execute(store, f"GRANT yjtui_{args.role} TO {login}")
            say(f"Added {login} as {ROLES[args.role]}. They sign in with: yjtui --db "
                  f"{_url_for(store.location, login)}")
            return 0
        if args.command == "grant":
            _execute(store, f"GRANT yjtui_{args.role} TO {login}")
            say(f"{login} now has the role {ROLES[args.role]}.")
            return 0
        _execute(store, f"REVOKE yjtui_{args.role} FROM {login}")
        say(f"{login} no longer has the role {ROLES[args.role]}.")
        return 0
    finally:
        store.close()


def _url_for(url: str, login: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    host = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, f"{login}@{host}", parts.path, parts.query, ""))


def _create_role(store, login: str, password: str) -> str:
    """CREATE ROLE with the password already SCRAM-hashed here, so the clear text never reaches the server's log."""
    with store.engine.connect() as conn:
        pgconn = conn.connection.driver_connection.pgconn
        digest = pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256").decode()
    return f"CREATE ROLE {login} LOGIN PASSWORD '{digest}'"


def _execute(store, sql: str) -> None:
    from sqlalchemy.exc import DBAPIError

    from yjtui.store import StoreError

    try:
        with store.engine.begin() as conn:
            conn.exec_driver_sql(sql)
    except DBAPIError as exc:
        first = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
        raise StoreError(f"The team server refused: {first}.") from None


def _users(store) -> list[tuple[str, list[str]]]:
    from yjtui.rules.roles import ROLES

    out: dict[str, list[str]] = {}
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT m.rolname, g.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid "
            "JOIN pg_roles m ON m.oid = a.member WHERE g.rolname LIKE 'yjtui\\_%%' ORDER BY 1, 2").fetchall()
    for login, grp in rows:
        role = grp.removeprefix("yjtui_")
        if role in ROLES:
            out.setdefault(login, []).append(role)
    return sorted(out.items())
