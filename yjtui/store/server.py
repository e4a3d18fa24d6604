"""The team store: the same tables and migrations on a PostgreSQL server (14 or newer), reached with psycopg 3.

What differs from the local SQLite file, and why:
- Sign-in: each person is a PostgreSQL login role, a member of one of the groups below (`yjtui_manager` ...). The
  server checks the password and knows who is connected, so what a role may read or change is enforced by the
  server itself (grants and row-level security, see `security.py`) and holds against anyone going around the app
  with plain SQL. A users table with scrypt hashes (as the lock PIN) would need one shared database account that
  every laptop holds, and that account could read everything.
- The audit chain is appended under a transaction-scoped advisory lock taken in the database
  (`yjtui_audit_head()`), so many writers still make one chain; a trigger checks each entry's `prev_hash` against
  the head and its `who` against the signed-in user.
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
MIGRATION_LOCK = 741_100_016  # pg_advisory_xact_lock keys (per database): migrations, the audit chain
AUDIT_LOCK = 741_100_017


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


def create_server_engine(url: str, password: str | None = None):
    from sqlalchemy import create_engine

    args = {"connect_timeout": 5, "application_name": "yjtui"}
    if password is not None:
        args["password"] = password
    # pre_ping: a connection the server dropped (restart, Wi-Fi gone) is replaced rather than failing a save.
    return create_engine(engine_url(url), connect_args=args, pool_pre_ping=True, pool_size=2, max_overflow=4)


def revision(conn) -> str | None:
    if conn.exec_driver_sql("SELECT to_regclass('alembic_version')").scalar() is None:
        return None
    row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    return row[0] if row else None


def signed_in(conn) -> str:
    return conn.exec_driver_sql("SELECT session_user").scalar()


def audit_head(conn) -> str:
    """Take the chain's lock (held to the end of this transaction) and read its head, whatever rows this user
    may see: the function runs as the schema's owner."""
    return conn.exec_driver_sql("SELECT yjtui_audit_head()").scalar() or ""
