"""Offline for the day: chosen children copied from the team server into an encrypted store on the laptop, and
every change made there sent back.

- `take` copies the children's rows with their server ids and versions into a new SQLCipher store (crypto.py),
  marks it with where it came from (settings `offline.*`) and logs the copy on the server as a disclosure.
- The laptop's own audit trail is the change log: every entry after the take is one change, its hash its change id.
- `sync` sends them in order. Each is applied on the server with its audit entry in one transaction, and that entry
  names the change id ("offline <hash>"), so a sync cut off half way (network lost, laptop shut, process killed)
  resumes where the server says it stopped: no change applied twice, none lost.
- Field by field: an offline change is applied when the server's value is still the one the laptop changed; a
  field the server changed meanwhile and the laptop did not is simply kept; a field changed on both sides is a
  `Conflict`, shown side by side, and neither value overwrites the other until the user chooses.
- Offline audit entries join the server's chain in order (the server numbers, times and hashes each); the laptop
  entry's hash and its original time are named in the entry's detail.
- `drop` takes children off the laptop: once their changes are on the server, the offline store is rebuilt without
  them and the old file overwritten and removed, so no personal data of theirs stays (its audit trail included).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Iterable

from sqlalchemy import insert, text
from sqlalchemy import select as core_select
from sqlmodel import SQLModel, select

from yjtui.store import audit_chain
from yjtui.store.models import Assessment, Audit, CaseRecord, Child, Event, Hearing, Plan, TaskDone
from yjtui.store.store import ConflictError, Store, StoreError, _text

TABLES: dict[str, type[SQLModel]] = {m.__tablename__: m for m in (Child, Hearing, Assessment, Plan, CaseRecord,
                                                                    Event, TaskDone)}
MARK = "offline "  # a synced change's audit detail on the server starts with this and the laptop entry's hash


@dataclass
class Conflict:
    """A field changed on the laptop and on the server since the take: both shown, neither applied."""

    change_id: str
    table: str
    record_id: int
    child_id: int | None
    field: str
    base: str  # the value both had at the take (what the laptop changed from)
    laptop: str
    server: str


@dataclass
class SyncResult:
    applied: int = 0  # changes written to the server
    already: int = 0  # found on the server from an earlier, interrupted sync
    audit_only: int = 0  # consultations, disclosures, settings: joined the chain
    conflicts: list[Conflict] = field(default_factory=list)


def default_copy() -> Path:
    """Where the laptop keeps its offline copy unless told otherwise (the user's data folder)."""
    import platformdirs

    return platformdirs.user_data_path("yjtui") / "offline.db"


def court_today(store: Store, day: date) -> list[int]:
    """Children with a hearing listed on `day`: the court duty officer's list for the day."""
    start = datetime.combine(day, datetime.min.time())
    with store.session() as s:
        return sorted({h.child_id for h in s.exec(select(Hearing).where(Hearing.at >= start,
                                                                       Hearing.at < start + timedelta(days=1)))})


# --- marking a store as an offline copy -----------------------------------------------------------------------
def is_offline_copy(store: Store) -> bool:
    return bool(store.get_setting("offline.origin"))


def origin(store: Store) -> str:
    return store.get_setting("offline.origin")


def children_taken(store: Store) -> list[int]:
    return [int(x) for x in store.get_setting("offline.children").split(",") if x]


def open_conflicts(store: Store) -> list[Conflict]:
    return [Conflict(**c) for c in json.loads(store.get_setting("offline.conflicts") or "[]")]


def _set_conflicts(store: Store, conflicts: list[Conflict]) -> None:
    _put_settings(store, {"offline.conflicts": json.dumps([c.__dict__ for c in conflicts], ensure_ascii=False)})


def _put_settings(store: Store, values: dict[str, str]) -> None:
    """The copy's bookkeeping, written without audit entries (they would themselves need syncing)."""
    with store.engine.begin() as conn:
        for k, v in values.items():
            conn.execute(text("INSERT INTO setting (key, value) VALUES (:k, :v) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value"), {"k": k, "v": v})


# --- take ------------------------------------------------------------------------------------------------------
def take(server: Store, child_ids: Iterable[int], path: Path, key: str) -> Store:
    """Copy `child_ids` from the server into a new encrypted store at `path` (which must not exist yet)."""
    path = Path(path).expanduser()
    if path.exists() and path.stat().st_size > 0:
        raise StoreError(f"{path} already exists: sync it (yjtui offline sync) or drop it before taking again.")
    ids = sorted(set(child_ids))
    if not ids:
        raise StoreError("No children chosen to take offline.")
    audit_chain.forget(audit_chain.where_of(path))  # a new copy's own trail: not an earlier copy's, cut
    local = Store(path, key=key)
    try:
        _copy_children(server, local, ids)
        local.set_setting("practitioner", server.who)  # the laptop's entries name the same signed-in user
        _put_settings(local, {"offline.origin": server.url, "offline.user": server.who,
                              "offline.taken_at": datetime.now().replace(microsecond=0).isoformat(),
                              "offline.children": ",".join(str(i) for i in ids),
                              "offline.base_audit": str(_last_audit_id(local)), "offline.idmap": "{}",
                              "offline.conflicts": "[]"})
        for cid in ids:
            server.log_disclosure(cid, "offline copy", f"taken offline to an encrypted laptop store by {server.who}")
    except BaseException:
        local.close()
        _shred(path)
        raise
    return local


def _copy_children(source: Store, target: Store, ids: list[int]) -> None:
    """Every row of the children's records, ids and versions as they are (no audit: these are not changes)."""
    found = set()
    with source.engine.connect() as src, target.engine.begin() as dst:
        for name, model in TABLES.items():
            column = model.id if model is Child else model.child_id
            rows = [dict(r._mapping) for r in src.execute(core_select(model.__table__).where(column.in_(ids)))]
            if model is Child:
                found = {r["id"] for r in rows}
            if rows:
                dst.execute(insert(model.__table__), rows)
    missing = sorted(set(ids) - found)
    if missing:
        raise StoreError(f"No child with id {', '.join(map(str, missing))} on the team server (or not yours to read).")
    target._index.forget()


def _last_audit_id(store: Store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(text("SELECT coalesce(max(id), 0) FROM audit")).scalar()


# --- sync ------------------------------------------------------------------------------------------------------
def unsynced(local: Store) -> list[Audit]:
    done = int(local.get_setting("offline.synced_upto") or local.get_setting("offline.base_audit") or 0)
    with local.session() as s:
        return list(s.exec(select(Audit).where(Audit.id > done).order_by(Audit.id)))


def sync(local: Store, server: Store, key: str, *,
         after_each: Callable[[int], None] | None = None) -> SyncResult:
    """Send every offline change to the server in order, then refresh the laptop's copy from the server.

    `after_each(n)` is called after each change is settled (the tests stop a sync there, as a killed process)."""
    if server.who != local.get_setting("offline.user"):
        raise StoreError(f"This offline copy was taken by {local.get_setting('offline.user')}; sign in to the team "
                         f"server as them to sync it (you are signed in as {server.who}).")
    result = SyncResult()
    idmap: dict[str, int] = json.loads(local.get_setting("offline.idmap") or "{}")
    conflicts = open_conflicts(local)
    entries = unsynced(local)
    for n, entry in enumerate(entries, 1):
        if entry.record in ("setting",) and entry.field.startswith("offline."):
            pass  # the copy's own bookkeeping: not a change of anyone's data, not sent
        else:
            outcome = _apply(server, entry, idmap)
            if outcome == "already":
                result.already += 1
            elif isinstance(outcome, Conflict):
                conflicts.append(outcome)
                result.conflicts.append(outcome)
            elif outcome == "audit":
                result.audit_only += 1
            else:
                result.applied += 1
        # Local progress after the server has committed: a kill between the two is found on the server next time.
        _put_settings(local, {"offline.synced_upto": str(entry.id), "offline.idmap": json.dumps(idmap),
                              "offline.conflicts": json.dumps([c.__dict__ for c in conflicts], ensure_ascii=False)})
        if after_each:
            after_each(n)
    refresh(local, server, key)
    return result


def _already_applied(server: Store, change_id: str) -> Audit | None:
    with server.session() as s:
        return s.exec(select(Audit).where(Audit.detail.startswith(MARK + change_id, autoescape=True))).first()


def _apply(server: Store, entry: Audit, idmap: dict[str, int]):
    """One offline change on the server with its audit entry, in one transaction. Idempotent by change id."""
    change_id = entry.hash
    done = _already_applied(server, change_id)
    if done is not None:
        if entry.action == "collect" and entry.record in TABLES and done.record_id is not None:
            idmap[f"{entry.record}:{entry.record_id}"] = done.record_id
        return "already"
    model = TABLES.get(entry.record)
    child_id = _mapped_child(entry.child_id, idmap)
    with server.session() as s:
        conn = s.connection()
        if model is not None and entry.action == "collect":
            values = {k: _typed(model, k, v) for k, v in json.loads(entry.new or "{}").items()}
            if "child_id" in values:
                values["child_id"] = _mapped_child(values["child_id"], idmap)
            if values.get("event_id") is not None:
                values["event_id"] = idmap.get(f"event:{values['event_id']}", values["event_id"])
            record = model(**values)
            s.add(record)
            s.flush()
            if model is Child:
                child_id = record.id
            idmap[f"{entry.record}:{entry.record_id}"] = record.id
            _append(server, s, entry, record.id, child_id)
            s.commit()
            return "applied"
        if model is not None and entry.action == "alter" and entry.field:
            rid = idmap.get(f"{entry.record}:{entry.record_id}", entry.record_id)
            current = s.get(model, rid, with_for_update=True)
            if current is None:
                raise StoreError(f"The {entry.record} changed offline is no longer on the team server.")
            now = _text(getattr(current, entry.field))
            if now == entry.new:
                _append(server, s, entry, rid, child_id)  # same value both sides: nothing to choose
                s.commit()
                return "applied"
            if now != entry.old:
                s.rollback()
                return Conflict(change_id, entry.record, rid, child_id, entry.field, entry.old, entry.new, now)
            setattr(current, entry.field, _typed(model, entry.field, entry.new))
            if hasattr(current, "updated_at"):
                current.updated_at = datetime.now()
            if hasattr(current, "version"):
                current.version += 1
            s.add(current)
            _append(server, s, entry, rid, child_id)
            s.commit()
            return "applied"
        del conn
        _append(server, s, entry, idmap.get(f"{entry.record}:{entry.record_id}", entry.record_id), child_id)
        s.commit()
        return "audit"


def _append(server: Store, s, entry: Audit, record_id: int | None, child_id: int | None) -> None:
    """The laptop's entry (action, values) on the server's trail, which numbers, times and hashes it; the detail
    names the laptop entry's hash (the change id) and when it was made on the laptop."""
    server._audit(s, entry.action, entry.record, record_id, child_id, entry.field, entry.old, entry.new,
                  f"{MARK}{entry.hash} (made on the laptop at {entry.at:%d/%m/%Y %H:%M:%S})")


def _mapped_child(child_id, idmap: dict[str, int]):
    if child_id in (None, ""):
        return None
    return idmap.get(f"child:{int(child_id)}", int(child_id))


def _typed(model: type[SQLModel], name: str, value: str) -> Any:
    """An audit entry's text back into the column's type (Optional and Annotated unwrapped)."""
    import typing

    kind, optional = model.model_fields[name].annotation, False
    for _ in range(3):
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        if not args:
            break
        optional = optional or type(None) in typing.get_args(kind)
        kind = args[0]
    if value == "" and optional:
        return None
    if isinstance(kind, type) and issubclass(kind, datetime):
        return datetime.fromisoformat(value)
    if isinstance(kind, type) and issubclass(kind, date):
        return date.fromisoformat(value[:10])
    if kind is int:
        return int(value)
    return value


# --- resolving a conflict ----------------------------------------------------------------------------------------
def resolve(local: Store, server: Store, conflict: Conflict, choice: str, key: str) -> None:
    """The user's choice for one field changed on both sides: "laptop" saves the laptop's value over the server's
    (an ordinary, audited change by the signed-in user); "server" keeps the server's. Either way it is settled."""
    if choice not in ("laptop", "server"):
        raise ValueError(choice)
    if choice == "laptop":
        model = TABLES[conflict.table]
        record = server.get(model, conflict.record_id)
        if record is None:
            raise StoreError(f"The {conflict.table} is no longer on the team server.")
        if _text(getattr(record, conflict.field)) != conflict.server:
            raise ConflictError(record, conflict.field, getattr(record, conflict.field), conflict.laptop)
        server.update(record, conflict.field, _typed(model, conflict.field, conflict.laptop))
    remaining = [c for c in open_conflicts(local) if c.change_id != conflict.change_id]
    _set_conflicts(local, remaining)
    refresh(local, server, key)


# --- refresh and drop --------------------------------------------------------------------------------------------
def refresh(local: Store, server: Store, key: str) -> None:
    """The laptop's copy made equal to the server's rows for its children (after every change was sent)."""
    ids = [_mapped_child(c, json.loads(local.get_setting("offline.idmap") or "{}")) for c in children_taken(local)]
    with local.engine.connect() as conn:
        created = [r[0] for r in conn.execute(text("SELECT id FROM child"))]
    idmap = json.loads(local.get_setting("offline.idmap") or "{}")
    ids = sorted(set(ids) | {idmap.get(f"child:{c}", c) for c in created})
    _rebuild(local, server, ids, key)


def drop(local: Store, child_ids: Iterable[int], key: str) -> None:
    """Take children off the laptop; refused while any of their changes is not yet on the server."""
    gone = set(child_ids)
    waiting = {e.child_id for e in unsynced(local) if e.child_id is not None and not e.field.startswith("offline.")}
    if gone & waiting:
        raise StoreError("Some of those children have changes not yet on the team server: sync first "
                         "(yjtui offline sync), then drop them.")
    if any(c.child_id in gone for c in open_conflicts(local)):
        raise StoreError("Some of those children have a change waiting for your choice: resolve it first.")
    keep = [c for c in children_taken(local) if c not in gone]
    _rebuild(local, local, keep, key)


def _rebuild(local: Store, source: Store, ids: list[int], key: str) -> None:
    """A new encrypted file holding `ids` copied from `source`, the settings kept, the old file shredded."""
    path = local.path
    # The copy's bookkeeping is kept; its audit trail is not (every change is on the server), and a new file has its
    # own trail and key: this laptop's record of the old trail's head goes with it (audit_chain.py).
    settings = {k: v for k, v in _settings(local).items() if k not in ("audit_key", "audit_trail")}
    fresh_path = path.with_name(path.name + ".rebuild")
    _shred(fresh_path)
    fresh = Store(fresh_path, key=key)
    try:
        if ids:
            _copy_children(source, fresh, ids)
        base = str(_last_audit_id(fresh))
        _put_settings(fresh, settings | {"offline.children": ",".join(map(str, ids)), "offline.base_audit": base,
                                         "offline.synced_upto": base, "offline.idmap": "{}"})
    finally:
        fresh.close()
    local.close()
    _shred(path)
    os.replace(fresh_path, path)
    for suffix in ("-wal", "-shm"):
        _shred(fresh_path.with_name(fresh_path.name + suffix))
    audit_chain.forget(audit_chain.where_of(path))
    local.__init__(path, key=key)


def _settings(store: Store) -> dict[str, str]:
    with store.engine.connect() as conn:
        return {k: v for k, v in conn.execute(text("SELECT key, value FROM setting"))}


def _shred(path: Path) -> None:
    """Overwrite then remove a file and its WAL and shared-memory files (encrypted already: belt and braces)."""
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if p.exists():
            size = p.stat().st_size
            with open(p, "r+b") as fh:
                fh.write(os.urandom(min(size, 1 << 20)) if size else b"")
                remaining = size - min(size, 1 << 20)
                while remaining > 0:
                    chunk = min(remaining, 1 << 20)
                    fh.write(os.urandom(chunk))
                    remaining -= chunk
                fh.flush()
                os.fsync(fh.fileno())
            p.unlink()
