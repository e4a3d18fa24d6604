"""The local case store: one SQLite file, migrated on open, every change saved at once with its audit entry.

- WAL mode and foreign keys on; writes take the lock up front (BEGIN IMMEDIATE) so two copies of the app on one
  file queue rather than interleave, and the audit hash chain stays a chain.
- Migrations (Alembic) run when a store is opened, after a backup copy of the file is made.
- Every change is one transaction: the new value, the record's version bump and the audit entry together
  (Data Protection Act 2018 s.62: logs of collection, alteration, consultation and disclosure).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable

from sqlalchemy import create_engine, event, text
from sqlmodel import Session, SQLModel, select

from yjtui.store.models import Assessment, Audit, Child, Event, Hearing, Plan, Setting, TaskDone

MIGRATIONS = Path(__file__).parent / "migrations"
HEAD = "0002"  # the newest revision in migrations/versions; a test keeps this in step


class ConflictError(Exception):
    """The record was changed elsewhere (another copy of the app) since this copy read it."""

    def __init__(self, record: SQLModel, field: str, theirs: Any, mine: Any):
        self.record, self.field, self.theirs, self.mine = record, field, theirs, mine
        super().__init__(f"{field} was changed elsewhere to {theirs!r}")


class StoreError(Exception):
    """The store cannot be opened (not a yjtui store, unreadable); the message is for the user."""


def default_path() -> Path:
    """`--db` wins, then `YJTUI_DB`, then the user's data folder (platformdirs)."""
    env = os.environ.get("YJTUI_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("yjtui") / "yjtui.db"


def _current_revision(path: Path) -> str | None:
    if not path.exists() or path.stat().st_size == 0:
        return None
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


def backup_before_migration(path: Path, revision: str | None) -> Path | None:
    """Copy the file (with its WAL folded in) beside itself before any migration touches it."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.pre-{revision or 'empty'}-{stamp}.bak")
    src = sqlite3.connect(path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    os.chmod(target, 0o600)
    return target


def migrate(engine, path: Path) -> Path | None:
    """Bring the store to HEAD; returns the backup made, if a migration ran on an existing file."""
    current = _current_revision(path)
    if current == HEAD:
        return None
    backup = backup_before_migration(path, current)
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


@dataclass
class ChildRow:
    """What the case list shows for one child."""

    id: int
    name: str
    date_of_birth: date | None
    looked_after: str
    yjs_ref: str


class Store:
    def __init__(self, path: Path | str, *, create: bool = True):
        self.path = Path(path).expanduser()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            if not create:
                raise StoreError(f"No store at {self.path}.")
            # Children's data: readable by this user only, from the first byte.
            fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        self.engine = create_engine(f"sqlite:///{self.path}", connect_args={"check_same_thread": False})
        event.listen(self.engine, "connect", _on_connect)
        event.listen(self.engine, "begin", _on_begin)
        self.backup = migrate(self.engine, self.path)
        self._index: list[tuple[int, str]] | None = None
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

    def set_setting(self, key: str, value: str) -> None:
        with self.session() as s:
            row = s.get(Setting, key)
            old = row.value if row else ""
            if row is None:
                row = Setting(key=key, value=value)
            row.value = value
            s.add(row)
            self._audit(s, "alter", "setting", None, None, key, old, value)
            s.commit()
        if key == "practitioner":
            self._who = value.strip() or _os_user()

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
            self._index = None
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
            self._index = None
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
    def _build_index(self) -> list[tuple[int, str]]:
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT id, given_name, family_name, yjs_ref, date_of_birth FROM child ORDER BY family_name, given_name"
            ).fetchall()
        index = []
        for cid, given, family, ref, dob in rows:
            keys = [given or "", family or "", ref or ""]
            if dob:
                y, m, d = str(dob)[:10].split("-")
                keys += [f"{y}-{m}-{d}", f"{d}/{m}/{y}"]
            index.append((cid, " ".join(keys).lower()))
        return index

    def search(self, query: str, limit: int = 200) -> tuple[list[ChildRow], int]:
        """Children matching every word typed (name, YJS reference, or date of birth as dd/mm/yyyy or ISO)."""
        if self._index is None:
            self._index = self._build_index()
        words = _normalise_query(query)
        ids = [cid for cid, hay in self._index if all(w in hay for w in words)]
        return self._rows(ids[:limit]), len(ids)

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


def _normalise_query(query: str) -> list[str]:
    return [w for w in query.lower().replace(".", "/").split() if w]


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
           "Assessment", "Plan", "Event", "TaskDone", "Audit", "Setting"]
