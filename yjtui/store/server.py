"""The team store: the same tables and migrations on a PostgreSQL server (14 or newer), reached with psycopg 3.

What differs from the local SQLite file, and why:
- Sign-in: each person is a PostgreSQL login role, a member of one of the groups below (`yjtui_manager` ...). The
  server checks the password and knows who is connected, so what a role may read or change is enforced by the
  server itself (grants, row-level security and triggers, see `security.py`) and holds against anyone going around
  the app with plain SQL. A users table with scrypt hashes would need one shared database account that every
  laptop holds, and that account could read everything.
- The audit trail is made by the server: a client sends only what happened; a trigger gives the entry its number,
  time, signed-in user, previous hash and keyed hash in the INSERT itself, under the chain head's row lock (held
  to that transaction's end, so many writers still make one chain), and keeps the head where no login can change
  it (`audit_chain.py`, `security.py`).
- Every connection runs with a lock timeout and a statement timeout (below): a save that waits on someone else's
  open change, or a server that does not answer, stops with a message (`ServerBusy`) instead of hanging.
- A server not on this machine is reached over TLS (`sslmode=require` unless the URL says otherwise; the README's
  set-up uses `verify-full`); a server without TLS is refused with a message.
- A record is read `FOR UPDATE` before its version is compared, so two users saving one record at once queue and
  the second gets the same ConflictError (keep mine / take theirs) as a second copy on one file.
- Migrations run on first connect by an administrator (the account that owns the database), under an advisory
  lock so two laptops connecting at once do not both migrate. The server keeps its own backups (pg_dump, PITR):
  no file is copied here.
- The password is never put in the URL the app keeps or shows: it comes from `password=`, PGPASSWORD or
  ~/.pgpass (libpq), and `display_url` hides any password typed into the URL.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit, urlunsplit

SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")
MIGRATION_LOCK = 741_100_016  # pg_advisory_xact_lock key (per database): migrations
# How long a statement of the app waits for a lock another session holds, how long any statement may run, and how
# long the app's own session may sit inside a transaction: engineering limits, not from the guidance. A save is a
# few milliseconds; waiting longer than this means someone holds what it needs (see ServerBusy in store.py).
LOCK_TIMEOUT_MS = 5_000
STATEMENT_TIMEOUT_MS = 30_000
IDLE_IN_TRANSACTION_MS = 60_000


def is_server_url(location: object) -> bool:
    return isinstance(location, str) and location.strip().lower().startswith(SCHEMES)


def engine_url(url: str) -> str:
    """Any spelling of a PostgreSQL URL → SQLAlchemy's psycopg 3 dialect."""
    url = url.strip()
    for scheme in SCHEMES:
        if url.lower().startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme):]
    raise ValueError(url)


def display_url(url: str) -> str:
    """The URL without any password, for messages and the status line."""
    parts = urlsplit(url.strip())
    try:
        host = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    except ValueError:  # a port that is not a number: shown as typed, less any password
        host = parts.netloc.rpartition("@")[2]
    if parts.username:
        host = f"{parts.username}@{host}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, ""))


def with_user(url: str, user: str) -> str:
    """The URL signing in as `user` (the person's own login, typed on the sign-in screen), any other user dropped."""
    parts = urlsplit(url.strip())
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, f"{quote(user, safe='')}@{host}", parts.path, parts.query, parts.fragment))


def on_this_machine(host: str | None) -> bool:
    """A Unix socket (no host, or a folder) or the loopback: no network between the app and the server."""
    import ipaddress

    host = (host or "").strip().strip("[]")
    if not host or host.startswith("/") or host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def connect_args(url: str, password: str | None = None) -> dict:
    """libpq's settings for a connection: timeouts on every session, TLS required for a server elsewhere."""
    from sqlalchemy.engine import make_url

    parsed = make_url(engine_url(url))
    args = {"connect_timeout": 5, "application_name": "yjtui",
            "options": f"-c lock_timeout={LOCK_TIMEOUT_MS} -c statement_timeout={STATEMENT_TIMEOUT_MS} "
                       f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_MS}"}
    query_host = parsed.query.get("host")
    if isinstance(query_host, tuple):
        query_host = query_host[0] if query_host else None
    hosts = [h for h in (parsed.host, query_host) if h]
    if "sslmode" not in parsed.query and not all(on_this_machine(h) for h in hosts or [None]):
        args["sslmode"] = "require"
    if password is not None:
        args["password"] = password
    return args


def create_server_engine(url: str, password: str | None = None):
    from sqlalchemy import create_engine

    args = connect_args(url, password)
    # pre_ping: a connection the server dropped (restart, Wi-Fi gone) is replaced rather than failing a save.
    return create_engine(engine_url(url), connect_args=args, pool_pre_ping=True, pool_size=2, max_overflow=4)


def revision(conn) -> str | None:
    if conn.exec_driver_sql("SELECT to_regclass('alembic_version')").scalar() is None:
        return None
    row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    return row[0] if row else None


def signed_in(conn) -> str:
    return conn.exec_driver_sql("SELECT session_user").scalar()


def server_head(conn):
    """The chain's head as the server keeps it (trail id, entries, last number, last hash, when): no lock taken."""
    return conn.exec_driver_sql("SELECT trail, entries, last_id, hash, at FROM yjtui_guard.witness()").first()


def key_check(conn) -> tuple[int, int | None]:
    """(keyed entries checked, the first whose hash does not match the key, or None): the server recomputes them
    with the key no login can read."""
    checked, bad = conn.exec_driver_sql("SELECT checked, first_bad FROM yjtui_guard.check()").one()
    return int(checked or 0), bad


def guard_holders(conn) -> list[str]:
    """Logins (not superusers) that hold the guard role, and so could rewrite the trail and its head."""
    return [r[0] for r in conn.exec_driver_sql(
        "SELECT rolname FROM pg_roles r WHERE rolcanlogin AND NOT rolsuper AND rolname <> 'yjtui_guard' "
        "AND (pg_has_role(r.oid, 'yjtui_guard', 'USAGE') OR pg_has_role(r.oid, 'yjtui_guard', "
        "CASE WHEN current_setting('server_version_num')::int >= 160000 THEN 'SET' ELSE 'MEMBER' END)) "
        "ORDER BY 1")]
