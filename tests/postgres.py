"""A throwaway PostgreSQL for the tests: one server per test process (so per pytest-xdist worker), started from the
`pgserver` wheel's own binaries (it runs the server as a `pgserver` system user when the tests run as root), a
template database migrated once, and a fresh database per test copied from it (CREATE DATABASE ... TEMPLATE).

The server listens on a Unix socket only (no TCP port). Password sign-in is switched on for every login but the
`postgres` superuser, so a role test really signs in with that role's password.
"""

from __future__ import annotations

import atexit
import itertools
import os
import tempfile
from pathlib import Path
from urllib.parse import quote

TEMPLATE = "yjtui_template"
PASSWORD = "correct horse battery"  # every test login's password (test data only)
# Test logins, one per role: (login, role).
USERS = {"cm_alex": "case_manager", "mgr_bo": "manager", "pc_pat": "police_officer", "admin_ash": "administrator"}

_state: dict = {}
_counter = itertools.count(1)


def _server():
    if "server" in _state:
        return _state["server"]
    import warnings

    with warnings.catch_warnings():  # platformdirs warns that root has no XDG_RUNTIME_DIR; pgserver copes
        warnings.simplefilter("ignore")
        import pgserver

    root = Path(tempfile.mkdtemp(prefix="yjtui-pg-"))
    # pytest-xdist workers start their servers at once; run as root, pgserver adds a `pgserver` system user the
    # first time, and two workers racing to add it would fail: one at a time.
    import fcntl

    with open(Path(tempfile.gettempdir()) / "yjtui-pgserver.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        srv = pgserver.get_server(root / "pgdata", cleanup_mode="delete")
    _state["server"] = srv
    _state["root"] = root
    hba = root / "pgdata" / "pg_hba.conf"
    hba.write_text("local all postgres trust\nlocal all all scram-sha-256\n")
    # A throwaway server: no fsync (the tests' databases need not survive a power cut), so CREATE DATABASE is quick.
    srv.psql("ALTER SYSTEM SET fsync = off; ALTER SYSTEM SET synchronous_commit = off; "
             "ALTER SYSTEM SET full_page_writes = off; SELECT pg_reload_conf();")
    _state["socket"] = srv._postmaster_info.socket_dir
    atexit.register(_stop)
    _make_template()
    return srv


def _stop() -> None:
    srv = _state.pop("server", None)
    if srv is not None:
        try:
            srv.cleanup()
        except Exception:
            pass
    root = _state.pop("root", None)
    if root is not None:
        import shutil

        shutil.rmtree(root, ignore_errors=True)


def url(database: str, user: str = "postgres", password: str | None = None) -> str:
    """A URL for `database` as `user` (the password in the URL only where a test means it to be)."""
    _server()
    cred = quote(user) + (":" + quote(password) if password else "")
    return f"postgresql://{cred}@/{database}?host={_state['socket']}"


def admin_sql(sql: str, database: str = "postgres") -> None:
    import psycopg

    _server()  # a test may ask before any database was made (the socket is known only once the server runs)
    with psycopg.connect(f"dbname={database} user=postgres host={_state['socket']}", autocommit=True) as con:
        con.execute(sql)


def _make_template() -> None:
    from yjtui.store import Store

    admin_sql(f"CREATE DATABASE {TEMPLATE}")
    Store(url(TEMPLATE)).close()  # migrates and applies the roles' rights, as an administrator's first connect
    for login, role in USERS.items():
        admin_sql(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{login}') THEN "
                  f"CREATE ROLE {login} LOGIN PASSWORD '{PASSWORD}'; END IF; END $$")
        admin_sql(f"GRANT yjtui_{role} TO {login}")


def fresh_database() -> str:
    """A new database holding an empty, migrated store; its name."""
    _server()
    name = f"t{os.getpid()}_{next(_counter)}"
    admin_sql(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    return name


def drop_database(name: str) -> None:
    admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
