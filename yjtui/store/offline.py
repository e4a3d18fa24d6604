"""Offline for the day: chosen children copied from the team server into an encrypted store on the laptop, and
every change made there sent back, merged as two online copies merge.

- `take` copies the children's rows with their server ids and versions into a new SQLCipher store (crypto.py),
  built beside its final name and moved in whole, marks it with where it came from (settings `offline.*`) and
  logs the copy on the server as a disclosure.
- The laptop's own audit trail is the change log: every entry after the take (or the last refresh) is one change,
  its hash its change id.
- `sync` sends them a batch at a time, each batch one server transaction holding whole children (a record and the
  events its dates make go together: never half merged). Per record field the laptop's net change is what it took
  (the first entry's old value) and what it holds now (the last entry's new value): a field typed N times is one
  change. The field is merged against the server's value with `store.merge`, the policy two online copies use: a
  JSON record (plan, hearing, assessment, every case record) entry by entry, a plain field as one value; what one
  side changed is kept, and an entry both sides changed to different values is a `Question`, asked once with the
  final values, the server's value kept until the user chooses. Every laptop entry joins the server's audit chain
  in order (`Store.append_audit`: the server numbers, times and hashes each, a batch in one statement), its detail
  naming the change id and when it was made on the laptop ("offline <hash> (made on the laptop at ...)", found by
  its first 72 characters through an index, migration 0005); where the merge wrote something other than the
  laptop's value, an entry of its own says what.
- A batch's outcome (questions, changes set aside, new ids) is written on the laptop *before* the server commits
  (`offline.inflight`), and adopted after: a sync cut off anywhere (network lost, lid shut, process killed) finds on
  its next run whether the server has the batch (its change ids) and adopts or drops that outcome. Nothing is
  applied twice or lost, and no question is lost.
- A child (or a record) no longer on the team server, or whose changes the server refuses for the user's role, has
  its changes set aside: kept in the encrypted copy with a message, exportable (encrypted) for the record; the rest
  of the sync goes on, and `drop` can finish.
- `resolve` settles one question in one server transaction: "laptop" writes the laptop's value into the entry (and
  the event date that goes with it), "server" keeps the server's. An answer that meets a newer server change
  asks again with the new value; it never fails with a conflict.
- Rebuilding the copy (after a sync, for `drop`) writes the new file beside the old, syncs it to disk and moves
  it in by an atomic rename; the old file is shredded only after. A run cut off at any step leaves the old copy
  or the new one whole under the copy's name; the leftover is picked up or shredded by `open_copy` next time.
"""

from __future__ import annotations

import json
import os
import secrets
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Iterable

from sqlalchemy import bindparam, insert, text, update
from sqlalchemy import select as core_select
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel, select

from yjtui.store import audit_chain, merge
from yjtui.store.models import Assessment, Audit, CaseRecord, Child, Event, Hearing, Plan, TaskDone
from yjtui.store.store import Store, StoreError, StoreOffline, _text, _translate

TABLES: dict[str, type[SQLModel]] = {m.__tablename__: m for m in (Child, Hearing, Assessment, Plan, CaseRecord,
                                                                    Event, TaskDone)}
MARK = "offline "  # a synced change's audit detail on the server: this and the laptop entry's hash, then its time
# The change id at the start of such a detail (MARK and a 64-digit hash), as migration 0005 indexes it: a query
# names the same expression and the index's predicate to use it.
CHANGE_ID = "substr(detail, 1, 72)"
MERGED = "merged on sync with an offline copy's changes"  # the server's own entry where a merge wrote both sides'
CHOSEN = "chosen after an offline sync: this laptop's value"  # a question answered "laptop"
BATCH = 500  # laptop changes per server transaction (whole children: one child's changes are never split)
# Keys inside a record's JSON that hold the id of another row of the same child (casework: plans, police,
# exploitation, moves, hearings' events): a row made offline has another id on the server.
ID_KEYS = {"event_id": "event", "start_event_id": "event", "event_ids": "event", "events": "event",
           "iss_id": "caserecord", "record_id": "caserecord", "hearing_id": "hearing"}
Progress = Callable[[int, int, str], None]  # (done, total, what): a count on the command line, a bar in the app


class Entry(audit_chain.Row):
    """A laptop audit entry as a plain row (read by attribute, as an `Audit`): a sync handles thousands, and a table
    model costs a millisecond each to build."""

    def as_json(self) -> dict:
        return {k: (v.isoformat() if isinstance(v, (date, datetime)) else v) for k, v in self.items()}


def _fault(point: str) -> None:
    """A step a sync, a take or a rebuild can be cut off at. Does nothing; the fault-injection tests stop a run
    here (as they do at every SQL statement) to show a rerun loses nothing."""


# --- the user's questions and the changes set aside ------------------------------------------------------------
@dataclass
class Question:
    """An entry changed on the laptop and on the server since the copy was taken (or last synced): asked once, with
    each side's final value. The server keeps its value until the user chooses."""

    table: str
    record_id: int  # on the server
    child_id: int | None  # on the server
    kind: str  # an assessment's or case record's kind: which form's words name the entry
    field: str
    path: tuple[str, ...]  # the entry inside a JSON field; () for a plain field (or a JSON value as a whole)
    base: Any = merge.MISSING  # as the laptop took it
    laptop: Any = merge.MISSING  # the laptop's last value
    server: Any = merge.MISSING  # the server's value when asked
    follows: list[dict] = field(default_factory=list)  # an event's date that goes with this entry: written with it

    @property
    def key(self) -> tuple:
        return (self.table, self.record_id, self.field, tuple(self.path))

    def to_json(self) -> dict:
        out = {k: getattr(self, k) for k in ("table", "record_id", "child_id", "kind", "field")}
        out["path"] = list(self.path)
        for side in ("base", "laptop", "server"):
            if getattr(self, side) is not merge.MISSING:
                out[side] = getattr(self, side)
        if self.follows:
            out["follows"] = self.follows
        return out

    @classmethod
    def from_json(cls, d: dict) -> "Question":
        if "path" not in d:  # a copy synced before questions were asked entry by entry: a whole field's texts
            return cls(d["table"], d["record_id"], d.get("child_id"), "", d["field"], (),
                       *(merge._parse(d.get(side, ""))[0] for side in ("base", "laptop", "server")))
        return cls(d["table"], d["record_id"], d.get("child_id"), d.get("kind", ""), d["field"], tuple(d["path"]),
                   d.get("base", merge.MISSING), d.get("laptop", merge.MISSING), d.get("server", merge.MISSING),
                   d.get("follows", []))


@dataclass
class SetAside:
    """Changes the team server could not take: the child (or the record) is no longer there, or the server refused
    them for the user's role. Kept in the encrypted copy, with what happened, until exported for the record."""

    child_id: int | None  # on the laptop
    reason: str  # "gone" or "refused"
    message: str
    at: str
    entries: list[dict]  # the laptop's audit entries: what was changed, from what, to what, when
    rows: dict[str, list[dict]]  # the records as the laptop held them
    exported: bool = False

    def to_json(self) -> dict:
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, d: dict) -> "SetAside":
        return cls(**d)


@dataclass
class SyncResult:
    sent: int = 0  # laptop changes now in the server's trail (this run)
    already: int = 0  # found on the server from an earlier sync that was cut off
    written: int = 0  # record fields (and new records) changed on the server
    audit_only: int = 0  # consultations, disclosures, settings: joined the chain
    batches: int = 0  # server transactions
    questions: list[Question] = field(default_factory=list)  # asked by this sync
    set_aside: list[SetAside] = field(default_factory=list)  # set aside by this sync
    refreshed: bool = False  # the laptop's copy now matches the server


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


def _book(store: Store, *keys: str) -> dict[str, str]:
    """The copy's bookkeeping settings, read in one query ("" for a key not set)."""
    with store.engine.connect() as conn:
        found = dict(conn.execute(text("SELECT key, value FROM setting WHERE key IN :keys").bindparams(
            bindparam("keys", expanding=True)), {"keys": list(keys)}).all())
    return {k: found.get(k, "") for k in keys}


def _loads(raw: str, default: Any) -> Any:
    try:
        return json.loads(raw) if raw else default
    except ValueError:
        return default


def _json_setting(store: Store, key: str, default: Any) -> Any:
    return _loads(_book(store, key)[key], default)


def questions(store: Store, book: dict[str, str] | None = None) -> list[Question]:
    """The questions waiting for the user's choice (a copy synced by an older yjtui: its `offline.conflicts`)."""
    book = book or _book(store, "offline.questions", "offline.conflicts")
    found = _loads(book["offline.questions"], None)
    if found is None:
        found = _loads(book.get("offline.conflicts", ""), [])
    return [Question.from_json(q) for q in found]


def set_aside(store: Store) -> list[SetAside]:
    return [SetAside.from_json(d) for d in _json_setting(store, "offline.set_aside", [])]


def age(store: Store, now: datetime | None = None) -> timedelta:
    """How long since the copy last matched the server (taken, or refreshed by a sync)."""
    when = store.get_setting("offline.refreshed_at") or store.get_setting("offline.taken_at")
    try:
        return (now or datetime.now()) - datetime.fromisoformat(when)
    except ValueError:
        return timedelta(0)


def _put_settings(store: Store, values: dict[str, str]) -> None:
    """The copy's bookkeeping, written without audit entries (they would themselves need syncing)."""
    with store.engine.begin() as conn:
        conn.execute(text("INSERT INTO setting (key, value) VALUES (:k, :v) "
                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                     [{"k": k, "v": v} for k, v in values.items()])


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


# --- opening the copy, and what a run cut off left beside it ------------------------------------------------------
def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _opens_as_copy(path: Path, key: str) -> bool:
    """Whether `path` opens with `key` and is a whole offline copy (its marks are written last)."""
    from yjtui.store import crypto

    if not path.exists() or path.stat().st_size == 0:
        return False
    try:
        con = crypto.connect(path, key)
    except StoreError:
        return False
    try:
        row = con.execute("SELECT value FROM setting WHERE key = 'offline.origin'").fetchone()
        return bool(row and row[0])
    except Exception:
        return False
    finally:
        con.close()


def recover(path: Path, key: str) -> str:
    """Pick up or clear what a take or rebuild cut off left beside the copy; says what was done ("" if nothing).

    The copy under its own name is the one that counts whenever it opens. A finished new copy beside a copy that
    no longer opens (or is gone) is moved in: a crash inside an older yjtui's rebuild left exactly that."""
    path = Path(path).expanduser()
    said = ""
    old, rebuilt, taking = _beside(path, ".old"), _beside(path, ".rebuild"), _beside(path, ".taking")
    if old.exists():
        if path.exists() and os.path.samefile(old, path):
            old.unlink()  # the copy's second name, made just before the new copy was moved in: not a second copy
        else:
            _shred(old)
        said = "an old copy left by a sync cut off was shredded"
    if taking.exists():
        _shred(taking)  # a take cut off before it finished: never a copy
        said = "a take cut off before it finished was cleared"
    if rebuilt.exists():
        if _opens_as_copy(path, key):
            _shred(rebuilt)
            said = "a rebuild cut off before it finished was cleared; the copy is as it was"
        elif _opens_as_copy(rebuilt, key):
            if path.exists():
                _shred(path)
            _new_trail_at(path, rebuilt)
            os.replace(rebuilt, path)
            _fsync_dir(path.parent)
            for suffix in ("-wal", "-shm"):
                _shred(_beside(rebuilt, suffix))
            said = "the copy rebuilt by a sync that was cut off was picked up"
    return said


def open_copy(path: Path, key: str) -> Store:
    """The laptop's offline copy, opened with its passphrase, after any leftover of a cut-off run is dealt with."""
    path = Path(path).expanduser()
    recover(path, key)
    if not path.exists():
        raise StoreError(f"No offline copy at {path}: take one first (yjtui offline take).")
    local = Store(path, key=key, create=False)
    if not is_offline_copy(local):
        local.close()
        raise StoreError(f"{path} is not an offline copy of a team server.")
    return local


# --- take ------------------------------------------------------------------------------------------------------
def take(server: Store, child_ids: Iterable[int], path: Path, key: str, *,
         progress: Progress | None = None) -> Store:
    """Copy `child_ids` from the server into a new encrypted store at `path` (which must not exist yet)."""
    path = Path(path).expanduser()
    if path.exists() and path.stat().st_size > 0:
        raise StoreError(f"{path} already exists: sync it (yjtui offline sync) or drop it before taking again.")
    ids = sorted(set(child_ids))
    if not ids:
        raise StoreError("No children chosen to take offline.")
    work = _beside(path, ".taking")
    _shred(work)
    local = Store(work, key=key)
    try:
        _copy_children(server, local, ids, progress)
        local.set_setting("practitioner", server.who)  # the laptop's entries name the same signed-in user
        now = datetime.now().replace(microsecond=0).isoformat()
        _put_settings(local, {"offline.user": server.who, "offline.taken_at": now, "offline.refreshed_at": now,
                              "offline.children": ",".join(str(i) for i in ids),
                              "offline.base_audit": str(_last_audit_id(local)), "offline.done": "[]",
                              "offline.idmap": "{}", "offline.questions": "[]", "offline.set_aside": "[]"})
        _put_settings(local, {"offline.origin": server.url or str(server.path)})  # last: the copy is whole
        _checkpoint(local)
    except BaseException:
        local.close()
        _shred(work)
        raise
    local.close()
    _whole(work)
    _fault("take: written")
    _log_taken(server, ids)
    _fsync(work)
    if path.exists():  # an empty file (a passphrase asked before): replaced
        path.unlink()
    _new_trail_at(path, work)
    os.replace(work, path)
    _fsync_dir(path.parent)
    return Store(path, key=key)


def _log_taken(server: Store, ids: list[int]) -> None:
    """The copy, logged on the server as a disclosure per child, in one transaction."""
    with _transaction(server) as (_conn, append):
        append([{"action": "disclose", "record": "offline copy", "child_id": cid,
                 "detail": f"taken offline to an encrypted laptop store by {server.who}"} for cid in ids])


def _new_trail_at(path: Path, *made_at: Path) -> None:
    """A new copy, with its own audit trail and key, is about to take `path`'s name: this laptop's record of the
    head of any earlier copy's trail there goes (else `verify` would report the new trail as the old one replaced),
    and of the new file's under the name it was made at (audit_chain.py)."""
    for p in (path, *made_at):
        audit_chain.forget(audit_chain.where_of(p))


def _copy_children(source: Store, target: Store, ids: list[int], progress: Progress | None = None) -> None:
    """Every row of the children's records, ids and versions as they are (no audit: these are not changes)."""
    found: set[int] = set()
    with source.engine.connect() as src, target.engine.begin() as dst:
        counts = {}
        for name, model in TABLES.items():
            column = model.id if model is Child else model.child_id
            counts[name] = src.execute(core_select(text("count(*)")).select_from(model.__table__)
                                       .where(column.in_(ids))).scalar()
        total, done = sum(counts.values()), 0
        for name, model in TABLES.items():
            column = model.id if model is Child else model.child_id
            rows = [dict(r._mapping) for r in src.execute(core_select(model.__table__).where(column.in_(ids)))]
            if model is Child:
                found = {r["id"] for r in rows}
            if rows:
                dst.execute(insert(model.__table__), rows)
            done += counts[name]
            if progress:
                progress(done, total, "records copied")
    missing = sorted(set(ids) - found)
    if missing:
        raise StoreError(f"No child with id {', '.join(map(str, missing))} on the team server (or not yours to read).")
    target._index.forget()


def _last_audit_id(store: Store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(text("SELECT coalesce(max(id), 0) FROM audit")).scalar()


# --- what is waiting to be sent --------------------------------------------------------------------------------
def unsynced(local: Store) -> list[Entry]:
    """The laptop's changes not yet on the server, oldest first."""
    book = _book(local, "offline.base_audit", "offline.synced_upto", "offline.done")
    base = max(int(book["offline.base_audit"] or 0), int(book["offline.synced_upto"] or 0))
    done = set(_loads(book["offline.done"], []))
    t = Audit.__table__
    with local.engine.connect() as conn:
        rows = conn.execute(core_select(t).where(t.c.id > base).order_by(t.c.id))
        return [Entry(r._mapping) for r in rows if r._mapping["id"] not in done
                and not (r._mapping["record"] == "setting" and r._mapping["field"].startswith("offline."))]


def _batches(entries: list[Entry], size: int) -> list[list[Entry]]:
    """Whole children, in the order their first change was made, up to `size` changes a batch."""
    groups: dict[Any, list[Entry]] = {}
    for e in entries:
        groups.setdefault(e.child_id, []).append(e)
    out: list[list[Entry]] = []
    for group in groups.values():
        if out and len(out[-1]) + len(group) <= size:
            out[-1].extend(group)
        else:
            out.append(list(group))
    return [sorted(b, key=lambda e: e.id) for b in out]


# --- sync ------------------------------------------------------------------------------------------------------
def sync(local: Store, server: Store, key: str, *, progress: Progress | None = None,
         batch_size: int = BATCH) -> SyncResult:
    """Send every offline change to the server, a batch per transaction, then refresh the laptop's copy."""
    if server.who != local.get_setting("offline.user"):
        raise StoreError(f"This offline copy was taken by {local.get_setting('offline.user')}; sign in to the team "
                         f"server as them to sync it (you are signed in as {server.who}).")
    result = SyncResult()
    _settle_inflight(local, server, result)
    for _round in range(10):  # changes made while the sync ran (the app) are sent too, then the copy refreshed
        entries = unsynced(local)
        if not entries:
            break
        total, done = len(entries), 0
        if progress:
            progress(0, total, "changes sent")
        for batch in _batches(entries, batch_size):
            _send_or_split(local, server, batch, result)
            done += len(batch)
            if progress:
                progress(done, total, "changes sent")
    if unsynced(local):
        return result  # still being changed: the refresh waits for the next sync
    refresh(local, server, key, progress=progress)
    result.refreshed = True
    return result


def _send_or_split(local: Store, server: Store, batch: list[Entry], result: SyncResult) -> None:
    """A batch in one transaction; refused by the server, each child on its own, and a child still refused is set
    aside with the server's reason (the rest go on)."""
    try:
        _send(local, server, batch, result)
        return
    except DBAPIError as exc:
        error = _translate(exc, server.url or str(server.path))
        if isinstance(error, StoreOffline):
            raise error from None
    except StoreOffline:
        raise
    except StoreError as exc:
        error = exc
    children = {e.child_id for e in batch}
    if len(children) > 1:
        for child in children:
            _send_or_split(local, server, [e for e in batch if e.child_id == child], result)
        return
    aside = _aside(local, next(iter(children)), batch, "refused",
                   f"The team server refused these changes ({error}): they are kept on this laptop, encrypted.")
    _write_inflight(local, {"joined": [], "done": [e.id for e in batch], "questions": [], "supersede": [],
                            "set_aside": [aside.to_json()], "idmap": {}, "sent": 0, "written": 0, "audit_only": 0})
    _adopt_inflight(local, result)


def _present(conn, hashes: list[str]) -> set[str]:
    """Which of these change ids the server's trail already names (the partial index of migration 0005)."""
    found: set[str] = set()
    query = text(f"SELECT {CHANGE_ID} FROM audit WHERE detail LIKE 'offline %' AND {CHANGE_ID} IN :ids").bindparams(
        bindparam("ids", expanding=True))
    for start in range(0, len(hashes), 500):
        chunk = [MARK + h for h in hashes[start:start + 500]]
        found |= {r[0][len(MARK):] for r in conn.execute(query, {"ids": chunk})}
    return found


def _change_detail(entry: Entry) -> str:
    """A synced change's detail on the server: its change id (the laptop entry's hash), then when it was made on the
    laptop (the server's own time for the entry is when it was synced)."""
    return f"{MARK}{entry.hash} (made on the laptop at {entry.at:%d/%m/%Y %H:%M:%S})"


@contextmanager
def _transaction(store: Store):
    """One write transaction on `store` (a sync's batch, an answer, a take's log): yields (conn, append), where
    `append(rows)` puts entries on its trail through `Store.append_audit`, the one way on (on a team server the
    server numbers, times and hashes them in the INSERT). Once committed, this laptop's record of the trail's head
    is brought up to date."""
    head = None

    def append(rows: list[dict]) -> None:
        nonlocal head
        head = store.append_audit(conn, rows, head)

    with store.engine.connect() as conn:
        with conn.begin():
            yield conn, append
        store.appended(head)


@dataclass
class _FieldChange:
    base: str  # as the laptop took it (the first change's old value)
    laptop: str  # the laptop's last value


def _net(entries: list[Entry]) -> tuple[dict, dict, list[Entry]]:
    """The laptop's entries as net changes: rows it made (table, id) -> collect entry; fields it changed
    (table, id) -> {field: _FieldChange}; and the entries that change no record (consultations, settings)."""
    new: dict[tuple[str, int], Entry] = {}
    changed: dict[tuple[str, int], dict[str, _FieldChange]] = {}
    other: list[Entry] = []
    for e in entries:
        if e.record in TABLES and e.record_id is not None and e.action == "collect":
            new[(e.record, e.record_id)] = e
        elif e.record in TABLES and e.record_id is not None and e.action == "alter" and e.field:
            if (e.record, e.record_id) in new:
                continue  # a record made offline goes as it is now
            fields = changed.setdefault((e.record, e.record_id), {})
            if e.field in fields:
                fields[e.field].laptop = e.new
            else:
                fields[e.field] = _FieldChange(e.old, e.new)
        else:
            other.append(e)
    return new, changed, other


def _remap_ids(value: Any, idmap: dict[str, int]) -> Any:
    """A record's JSON with the ids of rows made offline replaced by their ids on the server."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            table = ID_KEYS.get(k)
            if table and isinstance(v, int) and not isinstance(v, bool):
                v = idmap.get(f"{table}:{v}", v)
            elif table and isinstance(v, dict):
                v = {kk: idmap.get(f"{table}:{vv}", vv) if isinstance(vv, int) and not isinstance(vv, bool) else vv
                     for kk, vv in v.items()}
            else:
                v = _remap_ids(v, idmap)
            out[k] = v
        return out
    if isinstance(value, list):
        return [_remap_ids(v, idmap) for v in value]
    return value


def _remap_text(value: str, idmap: dict[str, int]) -> str:
    parsed, is_json = merge._parse(value)
    if not is_json or not idmap:
        return value
    mapped = _remap_ids(parsed, idmap)
    return value if mapped == parsed else json.dumps(mapped, ensure_ascii=False, sort_keys=isinstance(mapped, dict))


def _referenced(value: Any, table: str) -> set[int]:
    """Ids of `table`'s rows a record's JSON names (an event the plan's order made, say)."""
    found: set[int] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            if ID_KEYS.get(k) == table and isinstance(v, int) and not isinstance(v, bool):
                found.add(v)
            elif ID_KEYS.get(k) == table and isinstance(v, dict):
                found |= {vv for vv in v.values() if isinstance(vv, int) and not isinstance(vv, bool)}
            else:
                found |= _referenced(v, table)
    elif isinstance(value, list):
        for v in value:
            found |= _referenced(v, table)
    return found


def _entry(value: Any, path: tuple[str, ...]) -> Any:
    node = value
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return merge.MISSING
        node = node[key]
    return node


def _typed(model: type[SQLModel], name: str, value: str) -> Any:
    """An audit entry's text back into the column's type (the table's own column, so a date-time annotation that
    is not a `datetime` subclass, as pydantic's NaiveDatetime, is still read as one)."""
    column = model.__table__.c[name]
    kind = column.type.python_type
    if value == "" and column.nullable:
        return None
    if issubclass(kind, datetime):
        return datetime.fromisoformat(value)
    if issubclass(kind, date):
        return date.fromisoformat(value[:10])
    if kind is int:
        return int(value)
    return value


def _child_of(table: str, row: dict) -> int | None:
    return row["id"] if table == "child" else row.get("child_id")


def _send(local: Store, server: Store, batch: list[Entry], result: SyncResult) -> None:
    """One batch in one server transaction: its new records, its merged fields, its entries in the chain."""
    book = _book(local, "offline.idmap", "offline.questions", "offline.conflicts")
    idmap: dict[str, int] = _loads(book["offline.idmap"], {})
    pending = {q.key: q for q in questions(local, book)}
    outcome = {"joined": [], "done": [e.id for e in batch], "questions": [], "supersede": [], "set_aside": [],
               "idmap": {}, "sent": 0, "written": 0, "audit_only": 0}
    with _transaction(server) as (conn, append):
        present = _present(conn, [e.hash for e in batch])
        todo = [e for e in batch if e.hash not in present]
        outcome["already"] = len(batch) - len(todo)
        new, changed, other = _net(todo)

        def mapped(table: str, rid: int) -> int:
            return idmap.get(f"{table}:{rid}", rid)

        def mapped_child(cid: Any) -> int | None:
            return None if cid in (None, "") else idmap.get(f"child:{int(cid)}", int(cid))

        # The children and records the changes are about, locked for this transaction.
        new_children = {rid for (t, rid) in new if t == "child"}
        children = {e.child_id for e in todo if e.child_id is not None and e.child_id not in new_children}
        on_server = {r[0] for r in conn.execute(core_select(Child.__table__.c.id).where(
            Child.__table__.c.id.in_([mapped_child(c) for c in children])))} if children else set()
        gone_children = {c for c in children if mapped_child(c) not in on_server}
        current: dict[tuple[str, int], dict] = {}
        for table in {t for (t, _r) in changed}:
            model = TABLES[table]
            ids = [mapped(table, rid) for (t, rid) in changed if t == table]
            q = core_select(model.__table__).where(model.__table__.c.id.in_(ids))
            if server.server:
                q = q.with_for_update()
            for row in conn.execute(q):
                current[(table, row._mapping["id"])] = dict(row._mapping)
        gone_records = {k for k in changed if (k[0], mapped(*k)) not in current}

        # Set aside: a child no longer on the server, with all its changes; a record no longer there, with its own.
        for cid in sorted(gone_children, key=str):
            mine = [e for e in todo if e.child_id == cid]
            outcome["set_aside"].append(_aside(local, cid, mine, "gone",
                                               f"Child {cid} is no longer on the team server (removed, or not yours "
                                               "to read): the changes made to them on this laptop could not be sent."
                                               ).to_json())
        for (table, rid) in sorted(gone_records):
            mine = [e for e in todo if e.record == table and e.record_id == rid]
            cid = mine[0].child_id if mine else None
            if cid in gone_children:
                continue  # set aside with its child
            outcome["set_aside"].append(_aside(local, cid, mine, "gone",
                                               f"A {_RECORD_WORDS.get(table, table)} of child {cid} is no longer on "
                                               "the team server: the changes made to it on this laptop could not be "
                                               "sent.", only=(table, rid)).to_json())
        aside = {e["id"] for d in outcome["set_aside"] for e in d["entries"]}
        todo = [e for e in todo if e.id not in aside]
        new = {k: v for k, v in new.items() if v.id not in aside}
        changed = {k: v for k, v in changed.items() if k not in gone_records}

        # Records made offline, in the order they were made (a child before its hearing, an event before the
        # plan's change that names it); the ids they get on the server mapped for the rest.
        made_rows = _rows(local, list(new))
        fresh: dict[tuple[str, int], tuple[int, dict]] = {}
        for (table, rid), entry in sorted(new.items(), key=lambda kv: kv[1].id):
            model, row = TABLES[table], dict(made_rows[(table, rid)])
            row.pop("id", None)
            if "child_id" in row:
                row["child_id"] = mapped_child(row["child_id"])
            if row.get("event_id") is not None:
                row["event_id"] = mapped("event", row["event_id"])
            for name in ("data", "charges"):
                if isinstance(row.get(name), str):
                    row[name] = _remap_text(row[name], idmap)
            _fault("sync: insert")
            server_id = conn.execute(insert(model.__table__).returning(model.__table__.c.id), row).scalar()
            idmap[f"{table}:{rid}"] = server_id
            outcome["idmap"][f"{table}:{rid}"] = server_id
            fresh[(table, rid)] = (server_id, row)
            outcome["written"] += 1
        for (table, rid), (server_id, sent) in fresh.items():  # JSON naming a record made later in the batch
            row = made_rows[(table, rid)]
            values = {n: _remap_text(row[n], idmap) for n in ("data", "charges") if isinstance(row.get(n), str)}
            values = {n: v for n, v in values.items() if v != sent[n]}
            if values:
                t = TABLES[table].__table__
                conn.execute(update(t).where(t.c.id == server_id).values(values))

        # Fields the laptop changed: merged with the server's, as two online copies merge.
        writes: dict[tuple[str, int], dict[str, Any]] = {}
        merged_notes: list[tuple[str, int, int | None, str, str, str]] = []
        asked: list[Question] = []
        holds: dict[tuple[str, int], dict[str, _FieldChange]] = {}
        for (table, rid), fields in changed.items():
            sid = mapped(table, rid)
            row = current[(table, sid)]
            model = TABLES[table]
            for name, change in fields.items():
                mine = _remap_text(change.laptop, idmap)
                now = _text(row[name])
                clashes = merge.clashes(change.base, mine, now)
                merged = merge.merge(change.base, mine, now, prefer="theirs")
                for c in clashes:
                    asked.append(Question(table, sid, _child_of(table, row), row.get("kind", "") or "", name,
                                          tuple(c.path), c.before, c.mine, c.theirs))
                for old in pending.values():  # the laptop changed an entry again since it was asked: the new change
                    if old.key[:3] == (table, sid, name) and (
                            _entry(merge._parse(change.base)[0], old.path) != _entry(merge._parse(mine)[0], old.path)
                            if old.path else change.base != mine):
                        outcome["supersede"].append(list(old.key[:3]) + [list(old.path)])
                if merge._parse(merged)[0] != merge._parse(now)[0]:
                    writes.setdefault((table, sid), {})[name] = _typed(model, name, merged)
                    if merge._parse(merged)[0] != merge._parse(mine)[0]:
                        merged_notes.append((table, sid, _child_of(table, row), name, now, merged))
                holds.setdefault((table, sid), {})[name] = _FieldChange(change.base, mine)

        # An event whose date goes with an entry that is asked waits with it: never the event without the record.
        for q in asked:
            if not (isinstance(q.laptop, str) and len(q.laptop) >= 10 and q.path):
                continue
            record_json = merge._parse(holds[(q.table, q.record_id)][q.field].laptop)[0]
            for event_id in _referenced(record_json, "event"):
                change = holds.get(("event", event_id), {}).get("at")
                if change is None or change.laptop[:10] != q.laptop[:10]:
                    continue
                now = _text(current[("event", event_id)]["at"])
                q.follows.append({"table": "event", "record_id": event_id, "field": "at", "base": change.base,
                                  "laptop": change.laptop, "server": now})
                writes.get(("event", event_id), {}).pop("at", None)
                asked[:] = [a for a in asked if a.key != ("event", event_id, "at", ())]
        # The merged fields written: one executemany per table and set of fields (a statement per row would be a
        # round trip each on a team server).
        grouped: dict[tuple[str, tuple[str, ...]], list[dict]] = {}
        stamp = datetime.now()
        for (table, sid), values in writes.items():
            if not values:
                continue
            t, row = TABLES[table].__table__, current[(table, sid)]
            outcome["written"] += len(values)
            values = dict(values)
            if "version" in t.c:
                values["version"] = row["version"] + 1
            if "updated_at" in t.c:
                values["updated_at"] = stamp
            grouped.setdefault((table, tuple(sorted(values))), []).append(
                {"_id": sid, **{f"v_{k}": v for k, v in values.items()}})
        for (table, names), rows in grouped.items():
            t = TABLES[table].__table__
            _fault("sync: update")
            conn.execute(update(t).where(t.c.id == bindparam("_id")).values({n: bindparam(f"v_{n}") for n in names}),
                         rows)
        outcome["questions"] = [q.to_json() for q in asked]

        # The laptop's entries join the server's chain in order, then what the merge wrote where it differs.
        rows = []
        for e in todo:
            table_id = None
            if e.record_id is not None:
                table_id = idmap.get(f"{e.record}:{e.record_id}", e.record_id) if e.record in TABLES else e.record_id
            rows.append({"action": e.action, "record": e.record, "record_id": table_id,
                         "child_id": mapped_child(e.child_id), "field": e.field, "old": e.old, "new": e.new,
                         "detail": _change_detail(e)})
            outcome["joined"].append(e.hash)
            if e.record not in TABLES or e.action not in ("collect", "alter"):
                outcome["audit_only"] += 1
        for table, sid, cid, name, old, new_value in merged_notes:
            rows.append({"action": "alter", "record": table, "record_id": sid, "child_id": cid, "field": name,
                         "old": old, "new": new_value, "detail": MERGED})
        if rows:
            _fault("sync: audit")
            append(rows)
        outcome["sent"] = len(outcome["joined"])
        # What this batch settles is written on the laptop before the server commits; adopted once it has.
        _write_inflight(local, outcome)
        _fault("sync: commit")
    _fault("sync: committed")
    result.batches += 1
    _adopt_inflight(local, result)


_RECORD_WORDS = {"hearing": "hearing", "assessment": "assessment", "plan": "plan", "caserecord": "case record",
                 "event": "dated event", "taskdone": "deadline marked done", "child": "child record"}


def _rows(store: Store, keys: list[tuple[str, int]]) -> dict[tuple[str, int], dict]:
    out: dict[tuple[str, int], dict] = {}
    with store.engine.connect() as conn:
        for table in {t for t, _ in keys}:
            t = TABLES[table].__table__
            ids = [rid for tt, rid in keys if tt == table]
            for row in conn.execute(core_select(t).where(t.c.id.in_(ids))):
                out[(table, row._mapping["id"])] = dict(row._mapping)
    return out


def _aside(local: Store, child_id: int | None, entries: list[Entry], reason: str, message: str, *,
           only: tuple[str, int] | None = None) -> SetAside:
    """The changes the server could not take, with the records as the laptop holds them."""
    rows: dict[str, list[dict]] = {}
    with local.engine.connect() as conn:
        for table, model in TABLES.items():
            t = model.__table__
            if only is not None:
                if table != only[0]:
                    continue
                q = core_select(t).where(t.c.id == only[1])
            elif child_id is None:
                continue
            else:
                q = core_select(t).where((t.c.id if table == "child" else t.c.child_id) == child_id)
            found = [{k: _text(v) if isinstance(v, (date, datetime)) else v for k, v in r._mapping.items()}
                     for r in conn.execute(q)]
            if found:
                rows[table] = found
    return SetAside(child_id, reason, message, datetime.now().replace(microsecond=0).isoformat(),
                    [Entry(e).as_json() for e in entries], rows)


def _write_inflight(local: Store, outcome: dict) -> None:
    _fault("sync: inflight")
    _put_settings(local, {"offline.inflight": _dumps(outcome)})


def _adopt_inflight(local: Store, result: SyncResult) -> None:
    """A batch's outcome, now on the server, made the laptop's: its entries done, its questions waiting (each
    replacing an older one about the same entry), its records set aside, the new records' server ids."""
    book = _book(local, "offline.inflight", "offline.done", "offline.idmap", "offline.questions", "offline.conflicts",
                 "offline.set_aside")
    outcome = _loads(book["offline.inflight"], None)
    if not outcome:
        return
    done = _loads(book["offline.done"], []) + outcome["done"]
    idmap = _loads(book["offline.idmap"], {}) | outcome["idmap"]
    superseded = {tuple(k[:3]) + (tuple(k[3]),) for k in outcome["supersede"]}
    new_questions = [Question.from_json(q) for q in outcome["questions"]]
    replaced = superseded | {q.key for q in new_questions}
    waiting = [q for q in questions(local, book) if q.key not in replaced] + new_questions
    asides = [SetAside.from_json(d) for d in _loads(book["offline.set_aside"], [])] + [
        SetAside.from_json(d) for d in outcome["set_aside"]]
    _fault("sync: adopt")
    _put_settings(local, {"offline.done": _dumps(done), "offline.idmap": _dumps(idmap),
                          "offline.questions": _dumps([q.to_json() for q in waiting]),
                          "offline.set_aside": _dumps([a.to_json() for a in asides]), "offline.inflight": ""})
    result.sent += outcome["sent"]
    result.already += outcome.get("already", 0)
    result.written += outcome["written"]
    result.audit_only += outcome["audit_only"]
    result.questions += new_questions
    result.set_aside += [SetAside.from_json(d) for d in outcome["set_aside"]]


def _settle_inflight(local: Store, server: Store, result: SyncResult) -> None:
    """A batch written on the laptop as in flight when the last run stopped: adopted if the server committed it,
    dropped if not (it is sent again)."""
    outcome = _json_setting(local, "offline.inflight", None)
    if not outcome:
        return
    if outcome["joined"]:
        with server.engine.connect() as conn:
            committed = bool(_present(conn, outcome["joined"][:1]))
    else:
        committed = True  # set aside only: nothing was to reach the server
    if committed:
        sent = outcome["sent"]
        outcome["already"], outcome["sent"] = outcome.get("already", 0) + sent, 0
        _put_settings(local, {"offline.inflight": _dumps(outcome)})
        _adopt_inflight(local, result)
    else:
        _put_settings(local, {"offline.inflight": ""})


# --- answering a question ------------------------------------------------------------------------------------------
def resolve(local: Store, server: Store, question: Question, choice: str) -> str:
    """The user's choice for one question: "laptop" writes the laptop's value into the entry on the server (an
    ordinary, audited change by the signed-in user, with any event date that goes with it); "server" keeps the
    server's. Returns "settled"; "again" when the server changed the entry since it was asked (the question now
    holds the newer value: ask again); "set aside" when the record is no longer on the server."""
    if choice not in ("laptop", "server"):
        raise ValueError(choice)
    outcome = "settled"
    if choice == "laptop":
        outcome = _keep_laptop(local, server, question)
    waiting = questions(local)
    if outcome == "again":
        waiting = [question if q.key == question.key else q for q in waiting]
        _put_settings(local, {"offline.questions": _dumps([q.to_json() for q in waiting])})
        return outcome
    if outcome == "set aside":
        rows = _rows(local, [(question.table, question.record_id)])
        aside = SetAside(question.child_id, "gone", f"A {_RECORD_WORDS.get(question.table, question.table)} of "
                         f"child {question.child_id} is no longer on the team server: the answer to its question "
                         "could not be saved.", datetime.now().replace(microsecond=0).isoformat(),
                         [{"question": question.to_json()}],
                         {question.table: [{k: _text(v) if isinstance(v, (date, datetime)) else v
                                            for k, v in r.items()} for r in rows.values()]})
        _put_settings(local, {"offline.set_aside": _dumps([a.to_json() for a in set_aside(local) + [aside]])})
    _fault("resolve: settle")
    _put_settings(local, {"offline.questions": _dumps([q.to_json() for q in waiting if q.key != question.key])})
    if outcome == "settled":
        _copy_back(local, server, [(question.table, question.record_id)] +
                   [(f["table"], f["record_id"]) for f in question.follows])
    return outcome


def _keep_laptop(local: Store, server: Store, q: Question) -> str:
    """The laptop's value written into the entry (and the event dates that go with it), in one transaction, where
    the server still holds what it held when asked; where it has changed since, the question takes the newer value
    and is asked again."""
    with _transaction(server) as (conn, append):
        rows = {}
        for table, rid in [(q.table, q.record_id)] + [(f["table"], f["record_id"]) for f in q.follows]:
            t = TABLES[table].__table__
            query = core_select(t).where(t.c.id == rid)
            found = conn.execute(query.with_for_update() if server.server else query).first()
            rows[(table, rid)] = None if found is None else dict(found._mapping)
        row = rows[(q.table, q.record_id)]
        if row is None:
            return "set aside"
        now_text = _text(row[q.field])
        parsed, is_json = merge._parse(now_text)
        now = _entry(parsed, q.path) if q.path else (parsed if is_json else now_text)
        again = False
        writes: list[tuple[str, dict, str, str]] = []  # (table, row, field, new text)
        if now != q.laptop:
            if now != q.server:
                q.server, again = now, True
            elif q.path:
                value = json.loads(json.dumps(parsed))
                node = value
                for k in q.path[:-1]:
                    node = node.setdefault(k, {})
                if q.laptop is merge.MISSING:
                    node.pop(q.path[-1], None)
                else:
                    node[q.path[-1]] = q.laptop
                writes.append((q.table, row, q.field, json.dumps(value, ensure_ascii=False,
                                                                  sort_keys=isinstance(value, dict))))
            else:
                writes.append((q.table, row, q.field, json.dumps(q.laptop, ensure_ascii=False, sort_keys=isinstance(
                    q.laptop, dict)) if is_json else q.laptop))
        for f in q.follows:
            frow = rows[(f["table"], f["record_id"])]
            if frow is None or _text(frow[f["field"]]) == f["laptop"]:
                continue
            if _text(frow[f["field"]]) != f["server"]:
                f["server"], again = _text(frow[f["field"]]), True
            else:
                writes.append((f["table"], frow, f["field"], f["laptop"]))
        if again:
            return "again"  # nothing written: the transaction ends without a change
        entries = []
        for table, current, name, text_value in writes:
            t = TABLES[table].__table__
            values = {name: _typed(TABLES[table], name, text_value)}
            if "version" in t.c:
                values["version"] = current["version"] + 1
            if "updated_at" in t.c:
                values["updated_at"] = datetime.now()
            _fault("resolve: update")
            conn.execute(update(t).where(t.c.id == current["id"]).values(values))
            entries.append({"action": "alter", "record": table, "record_id": current["id"],
                            "child_id": _child_of(table, current), "field": name, "old": _text(current[name]),
                            "new": text_value, "detail": CHOSEN})
        append(entries)
        _fault("resolve: commit")
    return "settled"


def _copy_back(local: Store, server: Store, keys: list[tuple[str, int]]) -> None:
    """The laptop's rows made equal to the server's (bookkeeping, no audit), unless the laptop changed them since
    the last sync: those go with the next sync, which merges them."""
    busy = {(e.record, e.record_id) for e in unsynced(local)}
    keys = [k for k in keys if k not in busy]
    if not keys:
        return
    rows = _rows(server, keys)
    with local.engine.begin() as conn:
        for (table, rid), row in rows.items():
            t = TABLES[table].__table__
            conn.execute(update(t).where(t.c.id == rid).values({k: v for k, v in row.items() if k != "id"}))


# --- refresh, drop and the set-aside changes ---------------------------------------------------------------------
def refresh(local: Store, server: Store, key: str, *, progress: Progress | None = None) -> None:
    """The laptop's copy made equal to the server's rows for its children (after every change was sent)."""
    idmap = _json_setting(local, "offline.idmap", {})
    gone = {a.child_id for a in set_aside(local) if a.reason == "gone" and a.rows.get("child")}
    taken = set(children_taken(local))
    with local.engine.connect() as conn:
        created = [r[0] for r in conn.execute(text("SELECT id FROM child"))]
    ids = {idmap.get(f"child:{c}", c) for c in taken if c not in gone}
    ids |= {idmap[f"child:{c}"] for c in created if c not in taken and f"child:{c}" in idmap}
    with server.engine.connect() as conn:
        there = {r[0] for r in conn.execute(core_select(Child.__table__.c.id).where(Child.__table__.c.id.in_(ids)))}
    _rebuild(local, server, sorted(ids & there), key, progress)


def drop(local: Store, child_ids: Iterable[int], key: str, *, discard_set_aside: bool = False) -> None:
    """Take children off the laptop; refused while any of their changes is not yet on the server or a question
    about them waits, and while changes set aside for them are neither exported nor given up (`discard_set_aside`).
    """
    gone = set(child_ids)
    if _json_setting(local, "offline.inflight", None):
        raise StoreError("A sync was cut off before it finished: run yjtui offline sync first, then drop.")
    changes = unsynced(local)
    waiting = {e.child_id for e in changes if e.child_id is not None}
    if gone & waiting:
        raise StoreError("Some of those children have changes not yet on the team server: sync first "
                         "(yjtui offline sync), then drop them.")
    if any(q.child_id in gone for q in questions(local)):
        raise StoreError("Some of those children have a question waiting for your answer: answer it first "
                         "(yjtui offline resolve).")
    asides = set_aside(local)
    mine = [a for a in asides if a.child_id in gone]
    if any(not a.exported for a in mine) and not discard_set_aside:
        raise StoreError("Changes set aside for some of those children (no longer on the team server) have not been "
                         "exported: export them for the record (yjtui offline set-aside --export FILE), or give them "
                         "up (drop --discard-set-aside).")
    keep = [c for c in children_taken(local) if c not in gone]
    _put_settings(local, {"offline.set_aside": _dumps([a.to_json() for a in asides if a.child_id not in gone])})
    _rebuild(local, local, keep, key, carry=changes)  # the other children's changes still to send go with them


def export_set_aside(local: Store) -> bytes:
    """The changes set aside, as JSON for the record (the caller encrypts it, then calls `exported`)."""
    return _dumps({"from": origin(local), "by": local.get_setting("offline.user"),
                   "exported_at": datetime.now().replace(microsecond=0).isoformat(),
                   "set_aside": [a.to_json() for a in set_aside(local)]}).encode()


def exported(local: Store) -> None:
    """The changes set aside are exported for the record: `drop` may now take them off the laptop."""
    asides = set_aside(local)
    for a in asides:
        a.exported = True
    _put_settings(local, {"offline.set_aside": _dumps([a.to_json() for a in asides])})


# --- rebuilding the copy: beside, synced, renamed --------------------------------------------------------------------
def _rebuild(local: Store, source: Store, ids: list[int], key: str, progress: Progress | None = None, *,
             carry: list[Entry] = ()) -> None:
    """A new encrypted file holding `ids` copied from `source`, the settings kept, moved in whole by an atomic
    rename; the old file shredded after. Cut off anywhere: the copy's name holds the old file or the new, whole.

    `carry`: changes not yet sent (of the children kept, or of no child), carried into the new file's change log
    in order, chained afresh (they were never sent, so their change ids are new)."""
    path = local.path
    # The copy's bookkeeping is kept; its audit trail is not (every change is on the server, or carried below), and
    # the new file has its own trail and key (made by `_fresh_store`).
    settings = {k: v for k, v in _settings(local).items() if k not in ("audit_key", "audit_trail")}
    fresh, old = _beside(path, ".rebuild"), _beside(path, ".old")
    _shred(fresh)
    _fault("rebuild: start")
    built = _fresh_store(local, fresh, key)
    try:
        if ids:
            _copy_children(source, built, ids, progress)
        base = str(_last_audit_id(built))
        _carry(built, carry)
        _put_settings(built, settings | {
            "offline.children": ",".join(map(str, ids)), "offline.base_audit": base, "offline.synced_upto": base,
            "offline.done": "[]", "offline.idmap": "{}", "offline.inflight": "",
            "offline.refreshed_at": datetime.now().replace(microsecond=0).isoformat()})
        _checkpoint(built)
    finally:
        built.close()
    _whole(fresh)
    _fault("rebuild: written")
    _fsync(fresh)
    _fault("rebuild: synced")
    local.close()
    if _beside(path, "-wal").exists() and _beside(path, "-wal").stat().st_size > 0:
        _shred(fresh)
        local.__init__(path, key=key)
        raise StoreError(f"{path} is open in another yjtui: close it there, then sync again (nothing was lost).")
    _shred(_beside(path, "-shm"))
    if old.exists():
        if os.path.samefile(old, path):
            old.unlink()
        else:
            _shred(old)
    os.link(path, old)  # the old copy keeps a second name until the new one is in: never a moment with neither
    _fault("rebuild: old kept aside")
    _new_trail_at(path, fresh)
    os.replace(fresh, path)
    _fsync_dir(path.parent)
    _fault("rebuild: new in place")
    _shred(old)
    _fault("rebuild: old shredded")
    local.__init__(path, key=key)


def _fresh_store(template: Store, path: Path, key: str) -> Store:
    """An empty encrypted store at `path` with `template`'s schema (tables, indexes, revision): made directly, not by
    running every migration again (the template is at the newest revision: it is open)."""
    from yjtui.store import crypto

    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    with template.engine.connect() as conn:
        schema = [r[0] for r in conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
            "ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, rowid")]
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    con = crypto.connect(path, key)
    try:
        con.execute("PRAGMA journal_mode = WAL")
        for sql in schema:
            con.execute(sql)
        con.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (revision,))
        # Its own audit trail: a key and an id of its own, as migration 0004 gives a new store.
        con.executemany("INSERT INTO setting (key, value) VALUES (?, ?)",
                        [("audit_key", secrets.token_hex(32)), ("audit_trail", str(uuid.uuid4()))])
        con.commit()
    finally:
        con.close()
    return Store(path, key=key)


def _carry(store: Store, entries: list[Entry]) -> None:
    """The changes not yet sent, on the new file's own trail in order, each as it was made (when, by whom). The
    file is moved to the copy's name next, so this laptop notes no head under the name it is built at."""
    if not entries:
        return
    with store.engine.begin() as conn:
        store.append_audit(conn, [{k: e[k] for k in (*audit_chain.CLIENT_COLUMNS, "at", "who")} for e in entries])


def _checkpoint(store: Store) -> None:
    """Everything committed folded into the main file (outside a transaction: the store's connections begin one
    only when SQLAlchemy does), so the file can be moved without its write-ahead log."""
    with store.engine.connect() as conn:
        conn.connection.dbapi_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _whole(path: Path) -> None:
    """The file closed holds everything: no write-ahead log left beside it (it would not move with the file)."""
    wal = _beside(path, "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise StoreError(f"{path} is still open elsewhere (its write-ahead log is in use): close every yjtui using "
                         "it and try again.")
    _shred(_beside(path, "-shm")) if not wal.exists() else _shred(wal)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _settings(store: Store) -> dict[str, str]:
    with store.engine.connect() as conn:
        return {k: v for k, v in conn.execute(text("SELECT key, value FROM setting"))}


def _shred(path: Path) -> None:
    """Overwrite then remove a file and its WAL and shared-memory files (encrypted already: belt and braces)."""
    for p in (path, _beside(path, "-wal"), _beside(path, "-shm")):
        if p.exists():
            size = p.stat().st_size
            with open(p, "r+b") as fh:
                remaining = size
                while remaining > 0:
                    chunk = min(remaining, 1 << 20)
                    fh.write(os.urandom(chunk))
                    remaining -= chunk
                fh.flush()
                os.fsync(fh.fileno())
            p.unlink()
