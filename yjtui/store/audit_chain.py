"""The audit trail's chain: how an entry is hashed, how a trail is checked, and the heads a laptop has seen.

An entry's number, time, signed-in user, previous hash and hash are made where the entry is stored, never by a
client: on a team server by a trigger (`security.py`) in the INSERT itself, on a laptop's SQLite store by `Store`
inside its write transaction. Entries are numbered 1, 2, 3 ... without gaps, and each hash is an HMAC-SHA256 of
the entry (its number and its previous hash included) under the trail's key, so an entry cannot be changed, and
the later hashes recomputed, without the key:

- on a team server the key is made by `yjtui admin setup` on the server, in a table of a role no login holds
  (`yjtui_guard`); the trigger that hashes and `yjtui audit verify`'s check run as that role;
- on a laptop's SQLite store the key is the store's setting `audit_key` (made by migration 0004), so it travels
  with the file (an encrypted store keeps it under the passphrase). Whoever can write the file can read the key:
  what shows a laptop's trail rewritten or cut is the head this laptop last saw, kept outside the file.

The head (the last entry's number and hash) is kept outside the trail: on the server by the same guarded role,
and on every laptop that has seen the trail, in the user data folder (`audit-heads.json`), so a trail cut or
rewritten after a laptop saw it is reported by `yjtui audit verify` ("the trail had 50 entries on 07/12/2026; it
has 45"). Entries made before revision 0004 keep their plain SHA-256 (`chain` 1) and are checked as before.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable

LEGACY, KEYED = 1, 2
# What a client gives an entry: what happened. Its number, time, user, previous hash and hash are made for it.
CLIENT_COLUMNS = ("action", "record", "record_id", "child_id", "field", "old", "new", "detail")
BLANK = {"action": "", "record": "", "record_id": None, "child_id": None, "field": "", "old": "", "new": "",
         "detail": ""}  # a client column left out
AT_FORMAT = "%Y-%m-%dT%H:%M:%S.%f"  # an entry's time in its hash: always six digits of microseconds
# The same message in SQL (the server's trigger and check): each part "<length>:<text>", a missing one "~".
SQL_AT_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.US'
SQL_PARTS = ("{r}.id::text", f"to_char({{r}}.at, '{SQL_AT_FORMAT}')", "{r}.who", "{r}.action", "{r}.record",
             "{r}.record_id::text", "{r}.child_id::text", "{r}.field", "{r}.old", "{r}.new", "{r}.detail",
             "{r}.prev_hash")


class Row(dict):
    """An entry as a plain row, read by attribute as an `Audit` is (`message` reads either): a batch of thousands is
    built without a table model each, which costs about a millisecond to make."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _part(value: Any) -> str:
    if value is None:
        return "~"
    text = str(value)
    return f"{len(text)}:{text}"


def message(entry: Any) -> str:
    """What a keyed hash covers: every field of the entry but the hash, in a form SQL builds the same way."""
    return "".join(_part(v) for v in (entry.id, entry.at.strftime(AT_FORMAT), entry.who, entry.action,
                                       entry.record, entry.record_id, entry.child_id, entry.field, entry.old,
                                       entry.new, entry.detail, entry.prev_hash))


def sql_message(row: str) -> str:
    """`message` as a SQL expression over the row `row` (NEW in the trigger, the table's alias in the check)."""
    parts = [p.format(r=row) for p in SQL_PARTS]
    return " || ".join(f"coalesce(length({p})::text || ':' || {p}, '~')" for p in parts)


def keyed_hash(key: bytes, entry: Any) -> str:
    return hmac.new(key, message(entry).encode("utf-8"), hashlib.sha256).hexdigest()


def legacy_hash(entry: Any) -> str:
    """The plain SHA-256 of entries made before revision 0004 (no key, no number)."""
    canonical = json.dumps([entry.at.isoformat(), entry.who, entry.action, entry.record, entry.record_id,
                            entry.child_id, entry.field, entry.old, entry.new, entry.detail, entry.prev_hash],
                           ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


# --- checking a trail ------------------------------------------------------------------------------------------
@dataclass
class Walk:
    ok: bool
    message: str
    count: int = 0
    last_id: int | None = None
    last_hash: str = ""


def walk(entries: Iterable[Any], key: bytes | None) -> Walk:
    """Every link, number and hash in order; the first fault names the entry. `key` None: the keyed hashes are
    checked elsewhere (on a team server, by the server)."""
    prev_hash, prev_id, keyed, count = "", None, False, 0
    for e in entries:
        if e.chain == LEGACY:
            if keyed:
                return Walk(False, f"audit entry {e.id} is of the old, unkeyed kind but comes after keyed entries: "
                                   "the trail has been altered", count)
            if e.prev_hash != prev_hash or legacy_hash(e) != e.hash:
                return Walk(False, f"audit entry {e.id} does not match the chain: the trail has been altered", count)
        else:
            expected = 1 if prev_id is None else prev_id + 1
            if e.id != expected:
                missing = f"{expected}" if e.id == expected + 1 else f"{expected} to {e.id - 1}"
                if e.id < expected:
                    return Walk(False, f"audit entry {e.id} is out of order: the trail has been altered", count)
                return Walk(False, f"audit entr{'y' if e.id == expected + 1 else 'ies'} {missing} "
                                   f"{'is' if e.id == expected + 1 else 'are'} missing: the trail has been cut", count)
            if e.prev_hash != prev_hash or (key is not None and keyed_hash(key, e) != e.hash):
                return Walk(False, f"audit entry {e.id} does not match the chain: the trail has been altered", count)
            keyed = True
        prev_hash, prev_id = e.hash, e.id
        count += 1
    return Walk(True, f"audit trail intact: {count} entries", count, prev_id, prev_hash)


def _day(value: str | date | datetime | None) -> str:
    if value is None or value == "":
        return "an earlier day"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    return value.strftime("%d/%m/%Y")


def against_head(found: Walk, entries_then: int, last_id: int | None, last_hash: str, when: Any,
                 by: str, hash_of) -> str | None:
    """What is wrong with the trail `found` against a head recorded `when` (by the server, or this laptop), or
    None. `hash_of(n)` reads entry n's hash from the trail (None if absent)."""
    if not last_id:
        return None
    now = hash_of(last_id)
    if now is None:
        if (found.last_id or 0) < last_id:
            return (f"the trail had {entries_then} entries on {_day(when)}; it has {found.count}: entries have been "
                    f"removed ({by})")
        return f"audit entry {last_id} is missing ({by} saw it on {_day(when)}): the trail has been altered"
    if now != last_hash:
        return (f"audit entry {last_id} is not the one {by} saw on {_day(when)}: the trail has been rewritten")
    return None


# --- the heads this laptop has seen ------------------------------------------------------------------------------
def heads_file() -> Path:
    import platformdirs

    return platformdirs.user_data_path("yjtui") / "audit-heads.json"


def _read(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.loads(f.read(1_000_000))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def where_of(location: str | Path) -> str:
    """How the heads file names a trail: a store file's full path, or a server's address without its user (the
    same trail whoever signs in) or password."""
    from urllib.parse import urlsplit, urlunsplit

    if isinstance(location, str) and "://" in location:
        parts = urlsplit(location.strip())
        try:
            host = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
        except ValueError:
            host = parts.netloc.rpartition("@")[2]
        return urlunsplit((parts.scheme.lower(), host, parts.path, parts.query, ""))
    return str(Path(location).expanduser().resolve())


def seen(where: str) -> dict | None:
    """The head this laptop last saw of the trail at `where` (a store file, or a server without its user)."""
    record = _read(heads_file()).get(where)
    return record if isinstance(record, dict) else None


def note(where: str, trail: str, last_id: int, last_hash: str, entries: int, follows) -> None:
    """Keep (`where`'s trail, its last entry's number and hash) as the head seen, if it extends the head seen
    before: `follows(record)` says whether the trail still holds the entry recorded then. A head that does not
    extend it (the trail cut or rewritten meanwhile) leaves the record as it was, for `verify` to report."""
    import fcntl

    path = heads_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.with_suffix(".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            data = _read(path)
            old = data.get(where)
            if isinstance(old, dict):
                if old.get("trail") != trail or int(old.get("last_id") or 0) >= last_id or not follows(old):
                    return
            data[where] = {"trail": trail, "last_id": last_id, "hash": last_hash, "entries": entries,
                           "at": date.today().isoformat()}
            tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
            fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=1, sort_keys=True)
            os.replace(tmp, path)
    except OSError:
        pass  # a read-only or full home folder: the trail is still saved; verify says what it could check


def forget(where: str) -> bool:
    """Drop this laptop's record of the trail at `where` (`yjtui audit forget`, after replacing a store on
    purpose). True if there was one."""
    import fcntl

    path = heads_file()
    if not path.exists():
        return False
    with open(path.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        data = _read(path)
        if data.pop(where, None) is None:
            return False
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, sort_keys=True)
        os.replace(tmp, path)
    return True
