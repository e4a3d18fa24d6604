"""`yjtui offline take|sync|resolve|drop|status`: the laptop's encrypted copy of chosen children for a day away from
the team server (court, a home visit), and sending its changes back.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from yjtui.cli import say


def default_copy() -> Path:
    from yjtui.store.offline import default_copy as where

    return where()


def run(argv: list[str]) -> int:
    from yjtui.cli import _pop_db

    db, rest = _pop_db(argv)
    parser = argparse.ArgumentParser(prog="yjtui offline", description="An encrypted copy of chosen children on "
                                     "this laptop, worked on without a network and synced back.")
    parser.add_argument("--copy", help=f"the offline store (default: {default_copy()})")
    sub = parser.add_subparsers(dest="command", required=True)
    take = sub.add_parser("take", help="copy children from the team server (asks a passphrase for the copy)")
    which = take.add_mutually_exclusive_group(required=True)
    which.add_argument("--children", help="child ids, comma separated (as the case list shows them)")
    which.add_argument("--court-today", action="store_true", help="children with a hearing listed today")
    which.add_argument("--mine", action="store_true", help="my caseload (as the deadline board counts it)")
    sub.add_parser("sync", help="send every offline change to the server and take the server's changes")
    sub.add_parser("resolve", help="choose, side by side, for each field changed on both sides")
    drop = sub.add_parser("drop", help="take children off this laptop (their changes must be synced)")
    drop.add_argument("children", help="child ids, comma separated, or 'all'")
    sub.add_parser("status", help="where the copy came from, its children, changes waiting, choices waiting")
    args = parser.parse_args(rest)
    copy = Path(args.copy).expanduser() if args.copy else default_copy()
    return {"take": _take, "sync": _sync, "resolve": _resolve, "drop": _drop, "status": _status}[args.command](
        args, db, copy)


def _server(db: str | None):
    from yjtui.cli import _is_server, _open_store, _store_path
    from yjtui.store import StoreError

    where = _store_path(db)
    if not _is_server(where):
        raise StoreError("Give the team server with --db postgresql://... (or set YJTUI_DB to it).")
    return _open_store(where)


def _local(copy: Path, *, new: bool = False):
    from yjtui.cli import _read_secret
    from yjtui.store import Store, StoreError
    from yjtui.store import offline

    if new:
        key = _read_secret(f"New passphrase for the offline copy {copy}: ", confirm=True, new=True)
        return None, key
    if not copy.exists():
        raise StoreError(f"No offline copy at {copy}: take one first (yjtui offline take).")
    key = _read_secret(f"Passphrase for the offline copy {copy}: ")
    local = Store(copy, key=key, create=False)
    if not offline.is_offline_copy(local):
        local.close()
        raise StoreError(f"{copy} is not an offline copy of a team server.")
    return local, key


def _ids(text: str) -> list[int]:
    from yjtui.store import StoreError

    try:
        return [int(x) for x in text.replace(" ", "").split(",") if x]
    except ValueError:
        raise StoreError(f"Child ids are numbers separated by commas (got {text!r}).") from None


def _take(args, db, copy: Path) -> int:
    from yjtui.store import offline

    server = _server(db)
    try:
        if args.children:
            ids = _ids(args.children)
        elif args.court_today:
            ids = offline.court_today(server, date.today())
        else:
            from yjtui.casework.board import my_children

            ids = sorted(my_children(server, server.who))
        _, key = _local(copy, new=True)
        local = offline.take(server, ids, copy, key)
        local.close()
    finally:
        server.close()
    say(f"Took {len(ids)} child{'ren' * (len(ids) != 1)} offline into {copy} (encrypted).")
    say(f"Work on them with no network: yjtui --db {copy}   Back on the network: yjtui offline sync")
    return 0


def _sync(args, db, copy: Path) -> int:
    from yjtui.store import offline

    local, key = _local(copy)
    server = _server(db or local.get_setting("offline.origin"))
    try:
        waiting = len(offline.unsynced(local))
        result = offline.sync(local, server, key)
        say(f"Synced {copy} with {server.location}: {result.applied} change(s) sent, {result.already} found "
              f"already sent by an earlier sync, {result.audit_only} audit entries joined the server's trail "
              f"({waiting} in all); the server's changes taken.")
        conflicts = offline.open_conflicts(local)
        if conflicts:
            say(f"{len(conflicts)} field(s) were changed on this laptop and on the server; nothing was "
                  "overwritten. Choose for each with: yjtui offline resolve")
            _show(conflicts)
        return 0
    finally:
        server.close()
        local.close()


def _show(conflicts) -> None:
    for n, c in enumerate(conflicts, 1):
        say(f"  {n}. {c.table} {c.record_id}, {c.field}: was {c.base or '(blank)'!r}; "
              f"laptop {c.laptop or '(blank)'!r} | server {c.server or '(blank)'!r}")


def _resolve(args, db, copy: Path) -> int:
    from yjtui.cli import _interactive
    from yjtui.store import StoreError, offline

    local, key = _local(copy)
    server = _server(db or local.get_setting("offline.origin"))
    try:
        conflicts = offline.open_conflicts(local)
        if not conflicts:
            say("No choices waiting.")
            return 0
        for c in conflicts:
            _show([c])
            answer = ""
            while answer not in ("l", "s"):
                if _interactive():
                    answer = input("    keep the [l]aptop's value or the [s]erver's? ").strip().lower()[:1]
                else:
                    line = sys.stdin.readline()
                    if not line:
                        raise StoreError("no answer given: run this on a terminal, or answer l or s on standard input")
                    answer = line.strip().lower()[:1]
            offline.resolve(local, server, c, "laptop" if answer == "l" else "server", key)
        say("Every choice made; the laptop's copy now matches the server.")
        return 0
    finally:
        server.close()
        local.close()


def _drop(args, db, copy: Path) -> int:
    from yjtui.store import offline

    local, key = _local(copy)
    try:
        ids = offline.children_taken(local) if args.children == "all" else _ids(args.children)
        offline.drop(local, ids, key)
        left = offline.children_taken(local)
    finally:
        local.close()
    say(f"Dropped {len(ids)} child(ren) from {copy}; nothing of theirs is left on this laptop. {len(left)} remain.")
    return 0


def _status(args, db, copy: Path) -> int:
    from yjtui.store import offline

    local, key = _local(copy)
    try:
        say(f"Offline copy {copy}, taken from {offline.origin(local)} by {local.get_setting('offline.user')} "
              f"at {local.get_setting('offline.taken_at')}.")
        say(f"Children: {', '.join(map(str, offline.children_taken(local))) or 'none'}; changes waiting to be "
              f"sent: {len(offline.unsynced(local))}; choices waiting: {len(offline.open_conflicts(local))}.")
    finally:
        local.close()
    return 0
