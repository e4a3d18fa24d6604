"""The local case store: one SQLite file, migrated on open, every change saved at once with its audit entry.

- WAL mode and foreign keys on; writes take the lock up front (BEGIN IMMEDIATE) so two copies of the app on one
  file queue rather than interleave, and the audit hash chain stays a chain.
- Migrations (Alembic) run when a store is opened, after a backup copy of the file is made.
- Every change is one transaction: the new value, the record's version bump and the audit entry together
  (Data Protection Act 2018 s.62: logs of collection, alteration, consultation and disclosure).
- Given a passphrase, the store is a SQLCipher file (see `crypto`): encrypted at rest, its migration backups too.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import shutil
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Iterable

from sqlalchemy import create_engine, event, text
from sqlmodel import Session, SQLModel, select

from yjtui.store.case_index import CaseIndex, ChildRow
from yjtui.store.models import Assessment, Audit, CaseRecord, Child, Event, Hearing, Plan, Setting, TaskDone
from yjtui.store.paths import default_path

MIGRATIONS = Path(__file__).parent / "migrations"
HEAD = "0003"  # the newest revision in migrations/versions; a test keeps this in step


class ConflictError(Exception):
    """The record was changed elsewhere (another copy of the app) since this copy read it."""

    def __init__(self, record: SQLModel, field: str, theirs: Any, mine: Any):
        self.record, self.field, self.theirs, self.mine = record, field, theirs, mine
        super().__init__(f"{field} was changed elsewhere to {theirs!r}")


class StoreError(Exception):
    """The store cannot be opened (not a yjtui store, unreadable); the message is for the user."""


def _current_revision(path: Path, key: str | None = None) -> str | None:
    if not path.exists() or path.stat().st_size == 0:
        return None
    if key is not None:
        from yjtui.store import crypto

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
        from yjtui.store import crypto

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


def migrate(engine, path: Path, key: str | None = None) -> Path | None:
    """Bring the store to HEAD; returns the backup made, if a migration ran on an existing file."""
    # An encrypted store reads its revision through the engine: each new SQLCipher connection derives the key
    # (about a quarter of a second), and the pooled one is used again afterwards.
    current = _current_revision(path) if key is None else _engine_revision(engine, path)
    if current == HEAD:
        return None
    backup = backup_before_migration(path, current, key)
    from alembic import command  # imported only when a migration is due: it costs start-up time
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return backup


def _canonical(entry: Audit) -> str:
    return json.dumps([entry.at.isoformat(), entry.who, entry.action, entry.record, entry.record_id,
                       entry.child_id, entry.field, entry.old, entry.new, entry.detail, entry.prev_hash],
                      ensure_ascii=False)


def audit_hash(entry: Audit) -> str:
    return hashlib.sha256(_canonical(entry).encode()).hexdigest()


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

    def __init__(self, path: Path | str, *, create: bool = True, key: str | None = None):
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
        self._who: str | None = None
        _ = self.who  # read now: the audit writer needs it inside a write transaction

    def close(self) -> None:
        self.engine.dispose()

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    # --- who is working -------------------------------------------------------------------------------------
    @property
    def who(self) -> str:
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
        if key == "practitioner":
            self._who = value.strip() or _os_user()

    # --- the lock -------------------------------------------------------------------------------------------
    def idle_minutes(self) -> int:
        """Minutes without a key press before the app locks itself (default 5)."""
        try:
            return max(1, int(self.get_setting("lock_idle_minutes", "5")))
        except ValueError:
            return 5

    def set_lock_pin(self, pin: str) -> None:
        from yjtui.store import crypto

        self.set_setting("lock_pin", crypto.hash_pin(pin) if pin else "", secret=True)

    def has_lock_secret(self) -> bool:
        return self.encrypted or bool(self.get_setting("lock_pin"))

    def unlocks(self, secret: str) -> bool:
        """Whether `secret` unlocks the app: an encrypted store's passphrase, else the PIN set in Settings."""
        from yjtui.store import crypto

        if self.encrypted:
            if not secret:
                return False
            try:
                crypto.connect(self.path, secret).close()  # a fresh key derivation: nothing kept to compare with
            except StoreError:
                return False
            return True
        stored = self.get_setting("lock_pin")
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
        """Save one field now. Raises ConflictError when another copy changed the record since it was read."""
        model = type(record)
        with self.session() as s:
            current = s.get(model, record.id)
            if current is None:
                raise StoreError(f"That {model.__tablename__} no longer exists in the store.")
            versioned = hasattr(current, "version")
            if versioned and current.version != record.version:
                raise ConflictError(current, field, getattr(current, field), value)
            old = getattr(current, field)
            if old == value:
                return record
            setattr(current, field, value)
            if hasattr(current, "updated_at"):
                current.updated_at = datetime.now()
            if versioned:
                current.version += 1
            s.add(current)
            cid = current.id if isinstance(current, Child) else getattr(current, "child_id", None)
            self._audit(s, "alter", model.__tablename__, current.id, cid, field, _text(old), _text(value))
            s.commit()
            s.refresh(current)
        for k, v in current.model_dump().items():
            setattr(record, k, v)
        if isinstance(record, Child):
            self._index.put(record.id, record.given_name, record.family_name, record.yjs_ref, record.date_of_birth)
        return record

    def reload(self, record: SQLModel) -> SQLModel:
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
        with self.session() as s:
            child = s.get(Child, child_id)
            if child is not None:
                self._audit(s, "consult", "child", child.id, child.id, "", "", "")
                s.commit()
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
            marks = ",".join("?" * len(ids))
            found = {r[0]: r for r in conn.exec_driver_sql(
                f"SELECT id, given_name, family_name, date_of_birth, looked_after, yjs_ref FROM child "
                f"WHERE id IN ({marks})", tuple(ids)).fetchall()}
        rows = []
        for cid in ids:
            r = found.get(cid)
            if r is None:
                continue
            dob = date.fromisoformat(str(r[3])[:10]) if r[3] else None
            rows.append(ChildRow(r[0], f"{r[1]} {r[2]}".strip() or "(no name yet)", dob, r[4], r[5]))
        return rows

    def latest_levels(self, child_ids: list[int]) -> dict[int, dict[str, str]]:
        """The latest completed RoSH, SWB and LoR judgement of each child, for the case list."""
        if not child_ids:
            return {}
        marks = ",".join("?" * len(child_ids))
        out: dict[int, dict[str, str]] = {cid: {} for cid in child_ids}
        with self.engine.connect() as conn:
            for cid, kind, final in conn.exec_driver_sql(
                f"SELECT child_id, kind, final FROM assessment WHERE child_id IN ({marks}) "
                f"AND status IN ('complete', 'countersigned') ORDER BY completed_at, id", tuple(child_ids)):
                out[cid][kind] = final
        return out

    # --- audit ----------------------------------------------------------------------------------------------
    def _audit(self, s: Session, action: str, record: str, record_id: int | None, child_id: int | None,
               field: str, old: str, new: str, detail: str = "") -> None:
        prev = s.connection().exec_driver_sql("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").first()
        entry = Audit(at=datetime.now(), who=self.who, action=action, record=record, record_id=record_id,
                      child_id=child_id, field=field, old=old, new=new, detail=detail,
                      prev_hash=prev[0] if prev else "")
        entry.hash = audit_hash(entry)
        s.add(entry)

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
            q = q.where(Audit.who.contains(who.strip()))  # SQLite LIKE: case-insensitive for ASCII
        if action:
            q = q.where(Audit.action == action)
        if since is not None:
            q = q.where(Audit.at >= datetime.combine(since, datetime.min.time()))
        if until is not None:
            q = q.where(Audit.at < datetime.combine(until, datetime.min.time()) + timedelta(days=1))
        from sqlalchemy import func

        with self.session() as s:
            total = s.exec(select(func.count()).select_from(q.subquery())).one()
            rows = list(s.exec(q.order_by(Audit.id.desc()).limit(limit)))
        return rows, total

    def verify_audit(self) -> tuple[bool, str]:
        """Walk the hash chain; the first broken link names the entry."""
        prev = ""
        count = 0
        for entry in self.audit_entries():
            if entry.prev_hash != prev or audit_hash(entry) != entry.hash:
                return False, f"audit entry {entry.id} does not match the chain: the trail has been altered"
            prev = entry.hash
            count += 1
        return True, f"audit trail intact: {count} entries"


def _encrypted_engine(path: Path, key: str):
    from yjtui.store import crypto

    if crypto.is_plain_sqlite(path):
        raise StoreError(f"{path} is not encrypted: open it without a passphrase, or encrypt it with "
                         "`yjtui encrypt`.")
    import sqlcipher3

    # The URL names the file only (it picks the file pool); connections come from the keyed creator.
    return create_engine(f"sqlite:///{path}", module=sqlcipher3, creator=crypto.connector(path, key))


def _refuse_unkeyed_encrypted(path: Path) -> None:
    from yjtui.store import crypto

    if crypto.looks_encrypted(path):
        raise crypto.PassphraseNeeded(f"{path} is encrypted: it opens with its passphrase "
                                      "(or it is not a yjtui store, or is damaged).")


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


__all__ = ["Store", "StoreError", "ConflictError", "ChildRow", "default_path", "HEAD", "Child", "Hearing",
           "Assessment", "Plan", "CaseRecord", "Event", "TaskDone", "Audit", "Setting"]
