"""The local case store: one SQLite file, migrated on open, every change saved at once with its audit entry.

- WAL mode and foreign keys on; writes take the lock up front (BEGIN IMMEDIATE) so two copies of the app on one
  file queue rather than interleave, and the audit hash chain stays a chain.
- Migrations (Alembic) run when a store is opened, after a backup copy of the file is made.
- Every change is one transaction: the new value, the record's version bump and the audit entry together
  (Data Protection Act 2018 s.62: logs of collection, alteration, consultation and disclosure).
- Given a passphrase, the store is a SQLCipher file (see `crypto`): encrypted at rest, its migration backups too.
- Given a `postgresql://` URL, the same tables and migrations live on a team server (see `server` and `security`):
  each engine's own parts are the branches on `self.server` below, SQLite's kept exactly as they were.
"""

from __future__ import annotations

import functools
import getpass
import json
import re
import os
import sqlite3
import threading
from datetime import date, datetime, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any, Callable, Iterable

from sqlalchemy import column as sa_column, create_engine, event, insert, table as sa_table, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel, select

from yjtui.store import audit_chain, crypto, security
from yjtui.store import server as pg
from yjtui.store.errors import (ConflictError, NotPermitted, PasswordNeeded, ServerBusy, StoreError,  # noqa: F401
                                StoreOffline, TextRefused)
from yjtui.store.case_index import CHILD_ROWS_SQL, CaseIndex, ChildRow, child_rows
from yjtui.store.models import Assessment, Audit, CaseRecord, Child, Event, Hearing, Plan, Setting, TaskDone
from yjtui.store.paths import default_path
from yjtui.store.security import STAFF, group
from yjtui.rules.roles import DEFAULT_ROLE, ROLES

MIGRATIONS = Path(str(files("yjtui.store").joinpath("migrations")))  # a folder: Alembic reads its scripts there
# Tables whose rows the team server's triggers complete or change on a save (security.py): read back after writing.
SERVER_MADE = ("assessment", "caserecord", "plan", "taskdone")
HEAD = "0005"  # the newest revision in migrations/versions; a test keeps this in step


def location(db: str | Path | None) -> str | Path:
    """Where the store is: `--db`, else `YJTUI_DB`, else the user data folder; a server URL is kept as text."""
    if db is None:
        env = os.environ.get("YJTUI_DB")
        if env and pg.is_server_url(env):
            return env.strip()
        return default_path()
    if pg.is_server_url(db):
        return str(db).strip()
    return Path(db).expanduser()



def _current_revision(path: Path, key: str | None = None) -> str | None:
    if not path.exists() or path.stat().st_size == 0:
        return None
    if key is not None:

        con = crypto.connect(path, key)  # WrongPassphrase (a StoreError) names the problem
        try:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        except Exception as exc:
            if "no such table" in str(exc):
                return None
            raise StoreError(f"{path} is not a yjtui store, or is damaged ({exc}).") from None
        finally:
            con.close()
        return row[0] if row else None
    try:
        con = sqlite3.connect(path)
        try:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        if "no such table" in str(exc):
            return None
        raise StoreError(f"{path} is not a yjtui store, or is encrypted or damaged ({exc}).") from None
    return row[0] if row else None


def _engine_revision(engine, path: Path) -> str | None:
    if path.stat().st_size == 0:
        return None
    with engine.connect() as conn:
        has = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").scalar()
        if not has:
            return None
        row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    return row[0] if row else None


def backup_before_migration(path: Path, revision: str | None, key: str | None = None) -> Path | None:
    """Copy the file (with its WAL folded in) beside itself before any migration touches it.

    An encrypted store's backup is encrypted with the same passphrase: a plain copy would undo the encryption.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.pre-{revision or 'empty'}-{stamp}.bak")
    if key is not None:

        crypto.backup(path, key, target)
        return target
    src = sqlite3.connect(path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    os.chmod(target, 0o600)
    return target


def _upgrade(conn) -> None:
    from alembic import command  # imported only when a migration is due: it costs start-up time
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")


def migrate_server(engine) -> bool:
    """Bring a team server's schema to HEAD and apply its roles' rights; True if anything was done.

    Only an administrator (the database's owner) can; anyone else meeting an old schema is told so. Two laptops
    connecting at once queue on an advisory lock, and the second finds the work done.
    """

    with engine.connect() as conn:
        if pg.revision(conn) == HEAD and security.is_applied(conn):
            return False
    current = None
    try:
        with engine.begin() as conn:
            # A migration may take longer than a save, and waits (a while) for users' sessions to let go.
            conn.exec_driver_sql("SET LOCAL statement_timeout = 0")
            conn.exec_driver_sql("SET LOCAL lock_timeout = '60s'")
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({pg.MIGRATION_LOCK})")
            current = pg.revision(conn)
            if current == HEAD and security.is_applied(conn):
                return False
            if current != HEAD:
                _upgrade(conn)
            security.apply(conn)
    except DBAPIError as exc:
        if _sqlstate(exc) != "42501":
            raise
        if current == HEAD:
            return False  # the schema is current; the rights as last applied hold until an administrator connects
        raise NotPermitted(
            "The team store's schema needs bringing up to date, and only an administrator can do that: "
            "ask them to open yjtui (or run `yjtui admin setup`) once.") from None
    return True


def migrate(engine, path: Path, key: str | None = None) -> Path | None:
    """Bring the store to HEAD; returns the backup made, if a migration ran on an existing file."""
    # An encrypted store reads its revision through the engine: each new SQLCipher connection derives the key
    # (about a quarter of a second), and the pooled one is used again afterwards.
    current = _current_revision(path) if key is None else _engine_revision(engine, path)
    if current == HEAD:
        return None
    backup = backup_before_migration(path, current, key)
    with engine.begin() as conn:
        _upgrade(conn)
    return backup



def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


class Store:
    """The case store. `key`: the passphrase of an encrypted store (or of a new one to create encrypted).

    The key is kept only inside the engine's connection function; it is not an attribute, so a traceback's
    locals or a `repr` of the store never show it.
    """

    signed_in_with_password = False

    def __init__(self, path: Path | str, *, create: bool = True, key: str | None = None,
                 password: str | None = None, header_checked: bool = False):
        self._who: str | None = None
        self._retrying = threading.Lock()  # retry_pending: the app's server poll runs it in a thread
        self.server = pg.is_server_url(path)
        if self.server:
            self._open_server(str(path), password)
            return
        self.url = None
        self.path = Path(path).expanduser()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            if not create:
                raise StoreError(f"No store at {self.path}.")
            # Children's data: readable by this user only, from the first byte.
            fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        self.encrypted = key is not None
        if key is None:
            # `header_checked`: the fast start read the header before its own connection opened. Reading it again
            # now would close a descriptor of the file while that connection is open, which drops every POSIX lock
            # the process holds on it: another process would then delete the WAL under this one.
            if not header_checked:
                _refuse_unkeyed_encrypted(self.path)
            self.engine = create_engine(f"sqlite:///{self.path}", connect_args={"check_same_thread": False})
        else:
            self.engine = _encrypted_engine(self.path, key)
        event.listen(self.engine, "connect", _on_connect)
        event.listen(self.engine, "begin", _on_begin)
        try:
            self.backup = migrate(self.engine, self.path, key)
        except StoreError:
            self.engine.dispose()
            raise
        self._index = CaseIndex(self._index_rows)
        _ = self.who  # read now: the audit writer needs it inside a write transaction

    def _open_server(self, url: str, password: str | None) -> None:
        """A team server: who is signed in is the server's session user, and that is who the audit names."""
        self.path = None
        self.url = pg.display_url(url)
        self.encrypted = False
        self.backup = None
        # Signed in with a password typed in the app (not PGPASSWORD or ~/.pgpass): the same password unlocks.
        self.signed_in_with_password = password is not None
        try:
            self.engine = pg.create_server_engine(url, password)
        except Exception as exc:  # a malformed URL (bad port, unknown option)
            raise StoreError(f"{self.url} is not a usable PostgreSQL address ({type(exc).__name__}).") from None
        try:
            migrate_server(self.engine)
            with self.engine.connect() as conn:
                self._who = pg.signed_in(conn)
                self._role = _server_role(conn)
                # What the server's countersign trigger will allow: a manager's own login (security.py).
                self._countersigns = conn.exec_driver_sql("SELECT yjtui_may_countersign() IS NULL").scalar()
        except DBAPIError as exc:
            self.engine.dispose()
            raise _translate(exc, self.url) from None
        except StoreError:
            self.engine.dispose()
            raise
        self._index = CaseIndex(self._index_rows)

    # --- a team server that stops answering -------------------------------------------------------------------
    # A field saved while the server cannot be reached is kept here (latest value per record and field, in the
    # order typed) and the record in memory shows it; the app says it is offline and `retry_pending` saves them
    # when the server answers again, each with the version it was typed against (so a change made meanwhile by
    # someone else is a ConflictError, never overwritten).
    offline: bool = False
    on_status: Any = None  # the app's callback(state, message): "offline" / "online"
    _pending: dict | None = None

    @functools.cached_property
    def _last_answers(self) -> dict:
        return {}

    @functools.cached_property
    def _pending_logs(self) -> list:
        return []

    def _queue(self, record: SQLModel, field: str, value: Any, exc: StoreError) -> SQLModel:
        if self._pending is None:
            self._pending = {}
        self._pending.pop((type(record), record.id, field), None)
        self._pending[(type(record), record.id, field)] = (record, value)
        setattr(record, field, value)
        self._went_offline(exc)
        return record

    def _went_offline(self, exc: StoreError) -> None:
        if isinstance(exc, ServerBusy):
            # Someone holds what saves need: each try waits the lock timeout, so the next tries wait a while
            # (the typed changes stay queued) rather than stall the screen again at every key.
            import time

            self._busy_until = time.monotonic() + 3 * pg.LOCK_TIMEOUT_MS / 1000
        if not self.offline:
            self.offline = True
            if self.on_status:
                self.on_status("offline", f"{exc} " + ("What you type is kept and saved when it answers."
                                                       if isinstance(exc, ServerBusy) else
                                                       "You are offline: what you type is kept and saved when "
                                                       "the server answers."))

    @property
    def pending(self) -> int:
        return len(self._pending or {}) + len(self._pending_logs)

    def retry_pending(self) -> tuple[int, list[ConflictError]]:
        """Save what was typed while offline; (how many saved, conflicts). Still offline: (0, []) and kept. If
        another thread is at it already, (0, []): what was queued meanwhile is saved by that one."""
        if not self._retrying.acquire(blocking=False):
            return 0, []
        try:
            return self._retry_pending()
        finally:
            self._retrying.release()

    def _retry_pending(self) -> tuple[int, list[ConflictError]]:
        import time

        saved, conflicts = 0, []
        if time.monotonic() < getattr(self, "_busy_until", 0.0):
            return saved, conflicts
        if self.offline and not self.pending:
            # Offline from a read only (a screen answered from what it last read): nothing waits to be saved, so
            # ask the server whether it answers again, or the header said OFFLINE for good (issue 23).
            try:
                with self.engine.connect() as conn:
                    conn.exec_driver_sql("SELECT 1")
            except DBAPIError:
                return saved, conflicts
        while self._pending_logs:
            action, what, record_id, child_id, at = self._pending_logs[0]
            try:
                self.log_consultation(child_id, what, f"while the server could not be reached, at {at:%H:%M:%S}")
            except StoreOffline:
                return saved, conflicts
            self._pending_logs.pop(0)
        while self._pending:
            key, (record, value) = next(iter(self._pending.items()))
            try:
                self._save_field(record, key[2], value)
            except StoreOffline:
                return saved, conflicts
            except ConflictError as err:
                conflicts.append(err)
            self._pending.pop(key, None)
            saved += 1
        if self.offline:
            self.offline = False
            if self.on_status:
                self.on_status("online", "Back online: the team server answers again" + (
                               f"; {saved} change{'s' * (saved != 1)} saved to it." if saved else ".")
                               + (f" {len(conflicts)} had been changed by someone else meanwhile: yours are kept on "
                                  "screen; change the field again to save it over theirs." if conflicts else ""))
        return saved, conflicts

    def changed_elsewhere(self) -> bool:
        """On a team server: whether children were added or changed by anyone since last asked (the case list's
        in-memory index is then read again, so a child the court duty officer added appears for the case manager)."""
        if not self.server or self.offline:
            return False
        try:
            with self.engine.connect() as conn:
                mark = tuple(conn.exec_driver_sql("SELECT count(*), max(updated_at) FROM child").one())
        except DBAPIError:
            return False  # said by the next save or read; the index stays as it was
        seen, self._children_mark = getattr(self, "_children_mark", None), mark
        if seen is None or seen == mark:
            return False
        self._index.forget()
        return True

    @property
    def dialect(self) -> str:
        return "postgresql" if self.server else "sqlite"

    @property
    def location(self) -> str:
        """The store as the user knows it: the file, or the server's URL without any password."""
        return self.url if self.server else str(self.path)

    @property
    def role(self) -> str:
        """The signed-in user's role: on a server, the group the server knows them by; else Settings' role."""

        if self.server:
            return self._role
        role = self.get_setting("role")
        return role if role in ROLES else DEFAULT_ROLE

    def may_countersign(self) -> bool:
        """On a team server, only a manager (the server refuses anyone else); a laptop's store leaves it to the
        screen's own checks, as before."""
        if not self.server:
            return True
        return self._countersigns

    def close(self) -> None:
        self.engine.dispose()

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    # --- who is working -------------------------------------------------------------------------------------
    @property
    def who(self) -> str:
        if self.server:
            return self._who  # the signed-in user: the server refuses an audit entry naming anyone else
        if self._who is None:
            self._who = self.get_setting("practitioner") or _os_user()
        return self._who

    # --- settings -------------------------------------------------------------------------------------------
    def get_setting(self, key: str, default: str = "") -> str:
        with self.session() as s:
            row = s.get(Setting, key)
            return row.value if row else default

    def set_setting(self, key: str, value: str, *, secret: bool = False) -> None:
        """Save a setting; a `secret` one (the lock PIN's hash) is audited as changed, its values not copied."""
        with self.session() as s:
            row = s.get(Setting, key)
            old = row.value if row else ""
            if row is None:
                row = Setting(key=key, value=value)
            row.value = value
            s.add(row)
            if secret:
                old, value = ("(set)" if old else ""), ("(set)" if value else "(cleared)")
            self._audit(s, "alter", "setting", None, None, key, old, value)
            s.commit()
        if key == "practitioner" and not self.server:
            self._who = value.strip() or _os_user()

    # --- the lock -------------------------------------------------------------------------------------------
    def idle_minutes(self) -> int:
        """Minutes without a key press before the app locks itself (default 5)."""
        try:
            self._idle = max(1, int(self.get_setting("lock_idle_minutes", "5")))
        except ValueError:
            self._idle = 5
        except StoreOffline:  # the idle timer asks every few seconds: a server away keeps the last answer
            pass
        return getattr(self, "_idle", 5)

    # The lock PIN: on a laptop's store, the store's setting (one person's laptop); on a team server each login's
    # own, in a table only that login reads or changes (security.py: yjtui_guard.lockpin), never a shared setting.
    def set_lock_pin(self, pin: str) -> None:

        hashed = crypto.hash_pin(pin) if pin else ""
        if not self.server:
            self.set_setting("lock_pin", hashed, secret=True)
            return
        with self.session() as s:
            conn = s.connection()
            had = conn.execute(text("SELECT count(*) FROM yjtui_guard.lockpin WHERE login = session_user")).scalar()
            if hashed:
                conn.execute(text("INSERT INTO yjtui_guard.lockpin (login, hash) VALUES (session_user, :h) "
                                  "ON CONFLICT (login) DO UPDATE SET hash = excluded.hash"), {"h": hashed})
            else:
                conn.execute(text("DELETE FROM yjtui_guard.lockpin WHERE login = session_user"))
            self._audit(s, "alter", "lockpin", None, None, "hash", "(set)" if had else "",
                        "(set)" if hashed else "(cleared)")
            s.commit()

    def lock_pin_hash(self) -> str:
        """The signed-in person's lock PIN as stored (a salted scrypt hash), or "" when none is set."""
        if not self.server:
            return self.get_setting("lock_pin")
        with self.engine.connect() as conn:
            return conn.execute(text("SELECT hash FROM yjtui_guard.lockpin WHERE login = session_user")).scalar() or ""

    def has_lock_pin(self) -> bool:
        return bool(self.lock_pin_hash())

    def has_lock_secret(self) -> bool:
        return self.encrypted or self.signed_in_with_password or self.has_lock_pin()

    def unlocks(self, secret: str) -> bool:
        """Whether `secret` unlocks the app: an encrypted store's passphrase, else the PIN set in Settings."""

        if self.encrypted:
            if not secret:
                return False
            try:
                crypto.connect(self.path, secret).close()  # a fresh key derivation: nothing kept to compare with
            except StoreError:
                return False
            return True
        if self.signed_in_with_password:  # the server checks it again, as at sign-in
            if not secret:
                return False
            engine = pg.create_server_engine(self.url, secret)
            try:
                with engine.connect():
                    return True
            except DBAPIError:
                return False
            finally:
                engine.dispose()
        stored = self.lock_pin_hash()
        if not stored:
            return True  # no PIN set: the lock hides the screen only (Settings says so)
        return crypto.check_pin(secret, stored)

    def local_packs(self) -> list[str]:
        """The local policy packs this service has switched on (the national baseline is always on)."""
        raw = self.get_setting("packs")
        return [p for p in raw.split(",") if p]

    def set_local_packs(self, packs: Iterable[str]) -> None:
        self.set_setting("packs", ",".join(sorted(set(packs) - {"national"})))

    # --- records --------------------------------------------------------------------------------------------
    def add(self, record: SQLModel, child_id: int | None = None) -> SQLModel:
        """Collect a new record; the audit entry lists every field given."""
        with self.session() as s:
            s.add(record)
            s.flush()
            if self.server and record.__tablename__ in SERVER_MADE:
                s.refresh(record)  # as the server's triggers stored it (the author, who marked a task done)
            cid = child_id if child_id is not None else getattr(record, "child_id", None)
            if isinstance(record, Child):
                cid = record.id
            fields = {k: _text(v) for k, v in record.model_dump().items()
                      if k not in ("id", "created_at", "updated_at", "version") and v not in (None, "", "{}", "[]")}
            self._audit(s, "collect", record.__tablename__, record.id, cid, "",
                        "", json.dumps(fields, ensure_ascii=False))
            s.commit()
            s.refresh(record)
        if isinstance(record, Child):
            self._index.put(record.id, record.given_name, record.family_name, record.yjs_ref, record.date_of_birth)
        return record

    def update(self, record: SQLModel, field: str, value: Any) -> SQLModel:
        """Save one field now. Raises ConflictError when another copy changed the record since it was read.

        On a team server that cannot be reached, the change is kept and saved when it answers (`retry_pending`)."""
        if not self.server:
            return self._save_field(record, field, value)
        if self.pending:
            self.retry_pending()
            if self.pending:
                return self._queue(record, field, value, StoreOffline("The team server still does not answer."))
        try:
            return self._save_field(record, field, value)  # a refusal is raised as NotPermitted (a StoreError)
        except StoreOffline as error:
            return self._queue(record, field, value, error)
        except NotPermitted as error:
            if not self.on_status:
                raise
            # In the app: said at once, the typed text left on screen, nothing written; the screen carries on.
            kept = "what you typed stays on screen but is not saved."
            if isinstance(error, TextRefused):  # not the role's doing: any login is refused such text
                self.on_status("refused", f"{error} {kept[0].upper()}{kept[1:]}")
            else:
                self.on_status("refused", f"{error} Your role ({self.role.replace('_', ' ') or 'none'}) may not "
                                          f"change this; {kept}")
            return record

    def _save_field(self, record: SQLModel, field: str, value: Any) -> SQLModel:
        model = type(record)
        with self.session() as s:
            # FOR UPDATE: on a server, two users saving one record queue here, so the version compared is the one
            # written over (SQLite's BEGIN IMMEDIATE already queues them; it renders no FOR UPDATE).
            current = s.get(model, record.id, with_for_update=True)
            if current is None:
                raise StoreError(f"That {model.__tablename__} no longer exists in the store.")
            versioned = hasattr(current, "version")
            if versioned and current.version != record.version:
                raise ConflictError(current, field, getattr(current, field), value)
            old = getattr(current, field)
            if old == value:
                return record
            before = current.model_dump()
            setattr(current, field, value)
            if hasattr(current, "updated_at"):
                current.updated_at = datetime.now()
            if versioned:
                current.version += 1
            s.add(current)
            if self.server and model.__tablename__ in SERVER_MADE:
                # The server's triggers make some values (a countersignature's login and time, who completed a
                # record, a review's recorder): the trail records what was stored, every column that changed.
                s.flush()
                s.refresh(current)
            after = current.model_dump()
            changed = [field] + [k for k in after if k not in (field, "updated_at", "version") and after[k] != before[k]]
            cid = current.id if isinstance(current, Child) else getattr(current, "child_id", None)
            for name in changed:
                self._audit(s, "alter", model.__tablename__, current.id, cid, name, _text(before[name]),
                            _text(after[name]))
            s.commit()
            s.refresh(current)
        for k, v in current.model_dump().items():
            setattr(record, k, v)
        if isinstance(record, Child):
            self._index.put(record.id, record.given_name, record.family_name, record.yjs_ref, record.date_of_birth)
        return record

    def import_children(self, rows: list[dict], source: str,
                        progress: Callable[[int, int], None] | None = None) -> tuple[int, int, int]:
        """A checked caseload (casework/caseload_import.py) in one transaction: a child whose YJS reference is
        already here has the fields that differ updated, any other is added; each audited, naming the source file.
        All or nothing. Returns (added, updated, unchanged). `progress(done, total)` as the rows go in."""
        added = updated = unchanged = 0
        step = max(1, len(rows) // 100)
        detail = f"imported from {source}"
        touched: list[Child] = []
        with self.session() as s:
            existing: dict[str, Child] = {}
            refs = [r["yjs_ref"] for r in rows]
            for start in range(0, len(refs), 500):
                for child in s.exec(select(Child).where(Child.yjs_ref.in_(refs[start:start + 500]))):
                    existing.setdefault(child.yjs_ref, child)
            new = [Child(**row) for row in rows if row["yjs_ref"] not in existing]
            s.add_all(new)
            s.flush()  # their ids, at once
            new_by_ref = {c.yjs_ref: c for c in new}
            for done, row in enumerate(rows):
                if progress is not None and done % step == 0:
                    progress(done, len(rows))
                child = existing.get(row["yjs_ref"])
                if child is None:
                    child = new_by_ref[row["yjs_ref"]]
                    fields = {k: _text(v) for k, v in row.items() if v not in (None, "")}
                    self._audit(s, "collect", "child", child.id, child.id, "", "",
                                json.dumps(fields, ensure_ascii=False), detail)
                    added += 1
                    touched.append(child)
                    continue
                changed = [(k, getattr(child, k), v) for k, v in row.items() if getattr(child, k) != v]
                if not changed:
                    unchanged += 1
                    continue
                for k, old, new in changed:
                    setattr(child, k, new)
                    self._audit(s, "alter", "child", child.id, child.id, k, _text(old), _text(new), detail)
                child.updated_at = datetime.now()
                child.version += 1
                s.add(child)
                updated += 1
                touched.append(child)
            s.commit()
        if progress is not None:
            progress(len(rows), len(rows))
        for c in touched:
            self._index.put(c.id, c.given_name, c.family_name, c.yjs_ref, c.date_of_birth)
        return added, updated, unchanged

    def reload(self, record: SQLModel) -> SQLModel:
        if self.server:
            current = self.get(type(record), record.id)  # offline: as last read
        else:
            with self.session() as s:
                current = s.get(type(record), record.id)
        if current is not None:
            for k, v in current.model_dump().items():
                setattr(record, k, v)
        return record

    def get(self, model: type[SQLModel], id: int) -> SQLModel | None:
        with self.session() as s:
            return s.get(model, id)

    def open_child(self, child_id: int) -> Child | None:
        """Read a child's record for the user: logged as a consultation."""
        if self.server:
            return self._open_child_on_server(child_id)
        with self.session() as s:
            child = s.get(Child, child_id)
            if child is not None:
                self._audit(s, "consult", "child", child.id, child.id, "", "", "")
                s.commit()
            return child

    def _open_child_on_server(self, child_id: int) -> Child | None:
        try:
            with self.session() as s:
                child = s.get(Child, child_id)
                if child is not None:
                    self._audit(s, "consult", "child", child.id, child.id, "", "", "")
                    s.commit()
        except DBAPIError as exc:
            error = _translate(exc, self.url)
            if not isinstance(error, StoreOffline):
                raise error from None
            child = self.get(Child, child_id)  # as last read, or StoreOffline if never read
            # The consultation is logged when the server answers (DPA 2018 s.62: consultation is logged).
            self._pending_logs.append(("consult", "child", child_id, child_id, datetime.now()))
            self._went_offline(error)
            return child
        self._last_answers[("get", (Child, child_id), ())] = child
        return child

    def log_consultation(self, child_id: int | None, what: str, detail: str = "") -> None:
        """Reading personal data other than the child record (the audit trail itself, for instance)."""
        with self.session() as s:
            self._audit(s, "consult", what, None, child_id, "", "", "", detail)
            s.commit()

    def log_disclosure(self, child_id: int | None, what: str, detail: str) -> None:
        with self.session() as s:
            self._audit(s, "disclose", what, None, child_id, "", "", "", detail)
            s.commit()

    def children_count(self) -> int:
        with self.session() as s:
            return s.connection().exec_driver_sql("SELECT count(*) FROM child").one()[0]

    def records(self, model: type[SQLModel], child_id: int) -> list[SQLModel]:
        with self.session() as s:
            return list(s.exec(select(model).where(model.child_id == child_id).order_by(model.id)))

    # --- search ---------------------------------------------------------------------------------------------
    def _index_rows(self):
        with self.engine.connect() as conn:
            return conn.exec_driver_sql(
                "SELECT id, given_name, family_name, yjs_ref, date_of_birth FROM child ORDER BY family_name, given_name"
            ).fetchall()

    def search(self, query: str, limit: int = 200) -> tuple[list[ChildRow], int]:
        """Children matching every word typed (name, YJS reference, or date of birth as dd/mm/yyyy or ISO)."""
        ids, total = self._index.search(query, limit)
        return self._rows(ids), total

    def _rows(self, ids: list[int]) -> list[ChildRow]:
        if not ids:
            return []
        with self.engine.connect() as conn:
            marks = ",".join([self._mark] * len(ids))
            return child_rows(ids, conn.exec_driver_sql(CHILD_ROWS_SQL.format(marks=marks), tuple(ids)).fetchall())

    def latest_levels(self, child_ids: list[int]) -> dict[int, dict[str, str]]:
        """The latest completed RoSH, SWB and LoR judgement of each child, for the case list."""
        if not child_ids:
            return {}
        marks = ",".join([self._mark] * len(child_ids))
        out: dict[int, dict[str, str]] = {cid: {} for cid in child_ids}
        with self.engine.connect() as conn:
            for cid, kind, final in conn.exec_driver_sql(
                f"SELECT child_id, kind, final FROM assessment WHERE child_id IN ({marks}) "
                f"AND status IN ('complete', 'countersigned') ORDER BY completed_at, id", tuple(child_ids)):
                out[cid][kind] = final
        return out

    @property
    def _mark(self) -> str:
        return "%s" if self.server else "?"  # the driver's placeholder: psycopg's format, sqlite3's qmark

    # --- audit ---------------------------------------------------------------------------------------------
    def _audit(self, s: Session, action: str, record: str, record_id: int | None, child_id: int | None,
               field: str, old: str, new: str, detail: str = "") -> None:
        """Append what happened to the trail, in the session's transaction (`append_audit`); this laptop's record
        of the head is brought up to date once the session commits."""
        head = self.append_audit(s.connection(), [{"action": action, "record": record, "record_id": record_id,
                                                    "child_id": child_id, "field": field, "old": old, "new": new,
                                                    "detail": detail}], s.info.get("yjtui_head"))
        if "yjtui_head" not in s.info:
            event.listen(s, "after_commit", self._after_append, once=True)
        s.info["yjtui_head"] = head

    def append_audit(self, conn, rows: list[dict], head: tuple[int, str, str] | None = None
                     ) -> tuple[int, str, str] | None:
        """The one way onto the trail: `rows`, each what happened (`audit_chain.CLIENT_COLUMNS`), appended in order
        in the caller's transaction on `conn` (one entry, or a batch: an offline sync's thousands). The client sends
        only that: on a team server the trigger numbers, times, signs and hashes each entry in the INSERT
        (security.py), many rows in one statement; on a laptop's store the same is made here, inside the write
        transaction that BEGIN IMMEDIATE has already made the only one. There an entry carried from an older copy
        of the laptop's own file (offline.py) may keep its `at` and `who`; a server makes its own.

        `head`: what an earlier append in this transaction returned (a laptop store then need not read it again).
        Returns the new head (number, hash, previous hash); once the transaction commits, `appended` notes it."""
        if not rows:
            return head
        columns = audit_chain.CLIENT_COLUMNS
        if self.server:
            trail = sa_table("audit", *(sa_column(c) for c in (*columns, "id", "hash", "prev_hash")))
            found = []
            for start in range(0, len(rows), 1000):  # under the server's limit of parameters a statement
                values = [{c: r.get(c, audit_chain.BLANK[c]) for c in columns} for r in rows[start:start + 1000]]
                found += conn.execute(insert(trail).values(values).returning(
                    trail.c.id, trail.c.hash, trail.c.prev_hash)).all()
            number, hashed, prev = max(found)  # the rows are numbered in the order given
            return number, hashed, prev
        if head is not None:
            number, hashed = head[0], head[1]
        else:
            last = conn.exec_driver_sql("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").first()
            number, hashed = (last[0], last[1]) if last else (0, "")
        key, who, made = self._chain_key(conn), self.who, []
        for r in rows:
            number, prev = number + 1, hashed
            entry = audit_chain.Row({c: r.get(c, audit_chain.BLANK[c]) for c in columns}, id=number,
                                    at=r.get("at") or datetime.now(), who=r.get("who") or who, prev_hash=prev,
                                    chain=audit_chain.KEYED)
            entry["hash"] = hashed = audit_chain.keyed_hash(key, entry)
            made.append(entry)
        conn.execute(insert(Audit.__table__), made)
        return number, hashed, prev

    def _chain_key(self, conn) -> bytes:
        """A laptop store's key (setting `audit_key`, made by migration 0004). Missing (removed from the file by
        hand): a new one, so work goes on, and verify shows every earlier keyed entry as not matching."""
        if getattr(self, "_key", None) is None:
            found = conn.exec_driver_sql("SELECT value FROM setting WHERE key = 'audit_key'").scalar()
            try:
                self._key = bytes.fromhex(found or "")
            except ValueError:
                self._key = b""
            if not self._key:
                import secrets

                self._key = secrets.token_bytes(32)
                conn.execute(text("INSERT INTO setting (key, value) VALUES ('audit_key', :v) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value"), {"v": self._key.hex()})
        return self._key

    # The head this laptop has seen, kept in the user folder after each append and each verify (audit_chain.py).
    @property
    def _trail_where(self) -> str:
        return audit_chain.where_of(self.url if self.server else self.path)

    def _trail_id(self, conn) -> str:
        if self.server:
            head = pg.server_head(conn)
            return head[0] if head else ""
        return conn.exec_driver_sql("SELECT value FROM setting WHERE key = 'audit_trail'").scalar() or ""

    def _after_append(self, s: Session) -> None:
        self.appended(s.info.pop("yjtui_head", None))

    def appended(self, head: tuple[int, str, str] | None) -> None:
        """After the transaction that appended up to `head` committed: this laptop's record of the head it has seen
        (audit_chain.note)."""

        if head is None or (self.server and self._role not in STAFF):
            return  # a police officer reads only their own entries: the head they see is not the trail's
        try:
            self._note_head(*head)
        except DBAPIError:
            pass  # the head is noted at the next save or verify; the entry itself is committed

    def _note_head(self, number: int, hashed: str, prev: str) -> None:
        if getattr(self, "_trail", None) is None:
            with self.engine.connect() as conn:
                self._trail = self._trail_id(conn)

        def follows(old: dict) -> bool:
            if old.get("last_id") == number - 1 and old.get("hash") == prev:
                return True
            with self.engine.connect() as conn:
                found = conn.execute(text("SELECT hash FROM audit WHERE id = :n"), {"n": old.get("last_id")}).scalar()
            return found == old.get("hash")

        audit_chain.note(self._trail_where, self._trail, number, hashed, number, follows)

    def audit_entries(self, child_id: int | None = None) -> list[Audit]:
        with self.session() as s:
            q = select(Audit).order_by(Audit.id)
            if child_id is not None:
                q = q.where(Audit.child_id == child_id)
            return list(s.exec(q))

    def audit_search(self, *, child_id: int | None = None, who: str = "", action: str = "",
                     since: date | None = None, until: date | None = None, limit: int = 2000) -> tuple[list[Audit], int]:
        """Audit entries, newest first, filtered by child, person (part of the name), action and dates (inclusive).

        Returns at most `limit` entries and how many matched in all. Reading only: the trail is never changed here.
        """
        q = select(Audit)
        if child_id is not None:
            q = q.where(Audit.child_id == child_id)
        if who.strip():
            # autoescape: a "%" or "_" typed is that character, not a wildcard.
            if self.server:
                q = q.where(Audit.who.icontains(who.strip(), autoescape=True))  # PostgreSQL's LIKE: case-sensitive
            else:
                q = q.where(Audit.who.contains(who.strip(), autoescape=True))  # SQLite LIKE: case-insensitive
        if action:
            q = q.where(Audit.action == action)
        if since is not None:
            q = q.where(Audit.at >= datetime.combine(since, datetime.min.time()))
        if until is not None:
            q = q.where(Audit.at < datetime.combine(until, datetime.min.time()) + timedelta(days=1))
        from sqlalchemy import func

        with self.session() as s:
            total = s.exec(select(func.count()).select_from(q.subquery())).one()
            rows = _plain_rows(s.connection(), q.order_by(Audit.id.desc()).limit(limit))
        return rows, total

    def verify_audit(self) -> tuple[bool, str]:
        """Walk the chain (links, numbers, keyed hashes), then hold its head against the heads kept outside the
        trail: the server's (on a team server) and this laptop's. The first fault names the entry or the cut."""
        if self.server and self.role == "police_officer":
            raise NotPermitted("A police officer sees only their own audit entries, so cannot check the whole "
                               "chain: a case manager, manager or administrator can (`yjtui audit verify`).")
        # This laptop's head is read before the trail: an entry saved meanwhile (the audit screen logs its own
        # viewing while the check runs) moves the head on only after it, so the trail read always reaches it.
        seen = audit_chain.seen(self._trail_where)
        if self.server:
            # The entries and the server's head from one snapshot, or an entry committed between the two reads
            # looks like a cut.
            with self.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
                conn.exec_driver_sql("SET LOCAL statement_timeout = '10min'")  # every entry's hash, recomputed
                entries = _plain_rows(conn, select(Audit).order_by(Audit.id))
                hashes = {e.id: e.hash for e in entries}
                found = audit_chain.walk(entries, None)
                head = pg.server_head(conn)
                checked, bad = pg.key_check(conn) if found.ok else (0, None)
                holders = pg.guard_holders(conn)
                trail = head[0] if head else ""
        else:
            with self.engine.connect() as conn:
                entries = _plain_rows(conn, select(Audit).order_by(Audit.id))
            hashes = {e.id: e.hash for e in entries}
            with self.engine.connect() as conn:
                key = bytes.fromhex(conn.exec_driver_sql(
                    "SELECT value FROM setting WHERE key = 'audit_key'").scalar() or "")
                trail = self._trail_id(conn)
            found = audit_chain.walk(entries, key or None)
            if found.ok and not key and any(e.chain == audit_chain.KEYED for e in entries):
                return False, "the store's audit key is missing, so its keyed entries cannot be checked: the " \
                              "store has been altered"
        if not found.ok:
            return False, found.message
        problems: list[str] = []
        if self.server:
            if head is None:
                problems.append("the server's record of the trail's head is missing: an administrator runs "
                                "`yjtui admin setup`")
            else:
                _trail, entries_then, last_id, last_hash, when = head
                wrong = audit_chain.against_head(found, entries_then, last_id, last_hash, when, "the server",
                                                 hashes.get)
                if wrong is None and (found.count, found.last_id or 0) != (entries_then, last_id):
                    wrong = (f"the trail has {found.count} entries, but the server's record of its head "
                             f"({audit_chain._day(when)}) has {entries_then}: entries were added around the "
                             "server's chain")
                if wrong:
                    problems.append(wrong)
            if bad is not None:
                problems.append(f"audit entry {bad} does not match the trail's key: the trail has been altered")
            if holders:
                problems.append(f"the chain's guard role (yjtui_guard) is held by {', '.join(holders)}: whoever "
                                "holds it can rewrite the trail and its head; an administrator revokes it "
                                "(REVOKE yjtui_guard FROM ...)")
        if seen:
            if seen.get("trail") != trail:
                problems.append(f"this is not the trail this laptop saw at {self.location} on "
                                f"{audit_chain._day(seen.get('at'))} (it had {seen.get('entries')} entries): the "
                                "store has been replaced (if you replaced it yourself, `yjtui audit forget` "
                                "clears this laptop's record of the old one)")
            else:
                wrong = audit_chain.against_head(found, seen.get("entries") or 0, seen.get("last_id"),
                                                 seen.get("hash") or "", seen.get("at"), "this laptop", hashes.get)
                if wrong:
                    problems.append(wrong)
        if problems:
            return False, "; ".join(problems)
        message = found.message
        if self.server:
            message += f"; every keyed hash checked by the server ({checked}) and its record of the head agree"
        if seen:
            message += (f"; this laptop last saw entry {seen.get('last_id')} on {audit_chain._day(seen.get('at'))} "
                        "and it is still there")
        if found.last_id:
            self._trail = trail
            audit_chain.note(self._trail_where, trail, found.last_id, found.last_hash, found.count, lambda _old: True)
        return True, message

def _frozen(value):
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value


def _server_errors(method, *, read: bool = False):
    """On a server, a refusal or a lost connection becomes a StoreError with a message; SQLite's errors pass as
    they always did. A read (`read=True`) the server cannot answer is answered from the last time it did, so a
    screen redrawn while offline shows what it showed, and the app says it is offline; a read never made before
    raises StoreOffline."""

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        if not self.server:
            return method(self, *args, **kwargs)
        key = (method.__name__, _frozen(args), _frozen(sorted(kwargs.items()))) if read else None
        try:
            answer = method(self, *args, **kwargs)
        except DBAPIError as exc:
            error = _translate(exc, self.url)
            if read and isinstance(error, StoreOffline):
                try:
                    cached = self._last_answers[key]
                except (KeyError, TypeError):
                    raise error from None
                self._went_offline(error)
                return cached
            raise error from None
        if read:
            try:
                self._last_answers[key] = answer
            except TypeError:  # an unhashable argument: not kept
                pass
        return answer

    return guarded


for _name in ("set_setting", "add", "_save_field", "log_consultation", "log_disclosure", "verify_audit",
              "import_children", "set_lock_pin"):
    setattr(Store, _name, _server_errors(getattr(Store, _name)))
for _name in ("get_setting", "get", "children_count", "records", "search", "latest_levels", "audit_entries",
              "audit_search", "lock_pin_hash"):
    setattr(Store, _name, _server_errors(getattr(Store, _name), read=True))


def _encrypted_engine(path: Path, key: str):

    if crypto.is_plain_sqlite(path):
        raise StoreError(f"{path} is not encrypted: open it without a passphrase, or encrypt it with "
                         "`yjtui encrypt`.")
    import sqlcipher3

    # The URL names the file only (it picks the file pool); connections come from the keyed creator.
    return create_engine(f"sqlite:///{path}", module=sqlcipher3, creator=crypto.connector(path, key))


def _refuse_unkeyed_encrypted(path: Path) -> None:

    if crypto.looks_encrypted(path):
        raise crypto.PassphraseNeeded(f"{path} is encrypted: it opens with its passphrase "
                                      "(or it is not a yjtui store, or is damaged).")


def _sqlstate(exc: DBAPIError) -> str:
    return getattr(exc.orig, "sqlstate", None) or ""


def _translate(exc: DBAPIError, where: str) -> StoreError:
    """A server's refusal or absence as a message for the user (never a traceback)."""
    state = _sqlstate(exc)
    first = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else ""
    if state == "42501":
        return NotPermitted(f"The team server refused: {first}.")
    if state == "23514":  # a check: text with control characters (security.py), or a constraint of the schema
        return TextRefused(f"The team server refused: {first}.")
    if "no password supplied" in first:
        return PasswordNeeded(f"The team server at {where} asks for your password.")
    if state in ("28P01", "28000") or "password authentication failed" in first:
        return StoreError(f"The team server at {where} did not accept that user name and password.")
    if state == "3D000" or ("database" in first and "does not exist" in first):
        return StoreError(f"There is no such database on the team server ({where}).")
    if state == "55P03":  # lock_timeout: another session held what this needed
        return ServerBusy(f"The team server is busy: another session held what this needed for more than "
                          f"{pg.LOCK_TIMEOUT_MS / 1000:g} seconds (someone's change may have been left open), so "
                          "nothing was saved this time.")
    if state == "57014":  # statement_timeout
        return ServerBusy(f"The team server took longer than {pg.STATEMENT_TIMEOUT_MS / 1000:g} seconds to answer, "
                          "so yjtui stopped waiting: nothing was changed on the server this time.")
    if "SSL" in first and ("not support" in first or "required" in first):
        return StoreError(f"The team server at {where} does not offer an encrypted connection (TLS), so yjtui did "
                          "not connect: children's data would cross the network readable by anyone on it. Ask "
                          "the service's administrator to switch TLS on (ssl = on); the README's set-up connects "
                          "with sslmode=verify-full.")
    if "certificate" in first.lower() and not exc.connection_invalidated:
        return StoreError(f"yjtui could not check the team server's certificate at {where} ({first}): ask the "
                          "service's administrator for the certificate of the authority that signed it "
                          "(sslrootcert=... in the address, or ~/.postgresql/root.crt).")
    from sqlalchemy.exc import InterfaceError, OperationalError

    if exc.connection_invalidated or state.startswith("08") or state in ("57P01", "57P03") or (
            not state and isinstance(exc, (OperationalError, InterfaceError))):
        # Said in the app's header and messages: never the socket path, host or address (issue 23).
        return StoreOffline(f"The team server cannot be reached ({_reason(first)}).")
    return StoreError(f"The team server could not do that: {first}")


def _reason(first: str) -> str:
    """Why the server could not be reached, in the driver's words without where it was sought: psycopg names the
    socket file or host and port ('connection to server on socket "/run/..." failed: No such file or
    directory')."""
    reason = first.rsplit("failed:", 1)[-1] if "failed:" in first else first
    reason = re.sub(r'\s*"[^"]*"', "", reason).replace("FATAL:", "").strip()  # a quoted path, host or name
    if not reason or any(c in reason for c in '"/@:') or re.search(r"\bport\b|\d+\.\d+\.\d+", reason):
        return "no answer"
    return reason


def _server_role(conn) -> str:
    """The user's role on the server: the first of the yjtui groups they belong to (a superuser: administrator)."""

    for role in ("administrator", "manager", "case_manager", "police_officer"):
        if conn.exec_driver_sql(f"SELECT pg_has_role(session_user, '{group(role)}', 'MEMBER')").scalar():
            return role
    return ""  # signed in, but in none of yjtui's groups: the server grants such a login nothing


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown user"


def _on_connect(dbapi_conn, _record) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN IMMEDIATE itself (the pysqlite recipe).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA synchronous=FULL")  # a laptop that dies in court loses nothing committed
    cur.close()


def _on_begin(conn) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


__all__ = ["Store", "StoreError", "StoreOffline", "ServerBusy", "NotPermitted", "TextRefused", "PasswordNeeded", "location", "ConflictError",
           "ChildRow", "default_path", "HEAD", "Child", "Hearing", "Assessment", "Plan", "CaseRecord", "Event", "TaskDone", "Audit", "Setting"]


def _plain_rows(conn, query) -> list:
    """Audit entries read as plain rows (the same attributes, read-only), not table objects: the whole trail is
    tens of thousands of entries, and making each an ORM object held the interpreter long enough, in the audit
    screen's background reads, to keep a key waiting half a second (bench/board.py, "keys while it loads")."""
    return list(conn.execute(query.with_only_columns(*Audit.__table__.columns)))

