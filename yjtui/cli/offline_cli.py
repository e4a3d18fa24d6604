"""`yjtui offline take|sync|resolve|drop|status|set-aside`: the laptop's encrypted copy of chosen children for a day
away from the team server (court, a home visit), and sending its changes back.

Nothing personal is printed: the terminal keeps its scrollback after `offline drop`. Children are named by number,
entries by their form's label, and counts; a question's values appear only when the user asks to see it (`v`).
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
    sub.add_parser("sync", help="send every offline change to the server (merged entry by entry) and take the "
                               "server's changes")
    sub.add_parser("resolve", help="answer each question: an entry changed on this laptop and on the server")
    drop = sub.add_parser("drop", help="take children off this laptop (their changes must be synced)")
    drop.add_argument("children", help="child ids, comma separated, or 'all'")
    drop.add_argument("--discard-set-aside", action="store_true",
                      help="give up changes set aside (their child is no longer on the server) without exporting them")
    sub.add_parser("status", help="where the copy came from, its children, changes and questions waiting")
    aside = sub.add_parser("set-aside", help="changes the server could not take (their child is gone): list them, "
                                             "or export them encrypted for the record")
    aside.add_argument("--export", metavar="FILE", help="write them to FILE, encrypted (asks a password)")
    args = parser.parse_args(rest)
    copy = Path(args.copy).expanduser() if args.copy else default_copy()
    return {"take": _take, "sync": _sync, "resolve": _resolve, "drop": _drop, "status": _status,
            "set-aside": _set_aside}[args.command](args, db, copy)


def _server(db: str | None):
    from yjtui.cli import _is_server, _open_store, _store_path
    from yjtui.store import StoreError

    where = _store_path(db)
    if not _is_server(where):
        raise StoreError("Give the team server with --db postgresql://... (or set YJTUI_DB to it).")
    return _open_store(where)


def _local(copy: Path, *, new: bool = False):
    from yjtui.cli import _read_secret
    from yjtui.store import StoreError, offline

    if new:
        key = _read_secret(f"New passphrase for the offline copy {copy}: ", confirm=True, new=True)
        return None, key
    leftovers = [copy.with_name(copy.name + s) for s in (".rebuild", ".old", ".taking")]
    if not copy.exists() and not any(p.exists() for p in leftovers):
        raise StoreError(f"No offline copy at {copy}: take one first (yjtui offline take).")
    key = _read_secret(f"Passphrase for the offline copy {copy}: ")
    said = offline.recover(copy, key)
    if said:
        say(f"Found beside the copy: {said}.")
    return offline.open_copy(copy, key), key


def _ids(text: str) -> list[int]:
    from yjtui.store import StoreError

    try:
        return [int(x) for x in text.replace(" ", "").split(",") if x]
    except ValueError:
        raise StoreError(f"Child ids are numbers separated by commas (got {text!r}).") from None


def _counter():
    """Progress as a count: one line rewritten on a terminal, a line a step otherwise."""
    tty = sys.stdout.isatty()
    last: list = [None]

    def show(done: int, total: int, what: str) -> None:
        if last[0] == (done, total, what):
            return
        last[0] = (done, total, what)
        line = f"  {done} of {total} {what}"
        if tty:
            print("\r" + line, end="\n" if done >= total else "", flush=True)
        else:
            print(line, flush=True)

    return show


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
        local = offline.take(server, ids, copy, key, progress=_counter())
        local.close()
    finally:
        server.close()
    say(f"Took {len(ids)} child{'ren' * (len(ids) != 1)} offline into {copy} (encrypted).")
    say(f"Work on them with no network: yjtui --db {copy}   Back on the network: yjtui offline sync")
    return 0


def _age_words(local) -> str:
    from yjtui.screens.offline_questions import age_words
    from yjtui.store import offline

    said = f"This copy last matched the team server {age_words(local)} ago"
    if offline.age(local).days >= 1:
        return said + (": the server has changed since. Each entry is merged; one changed on both sides is asked, "
                       "never overwritten.")
    return said + "."


def _sync(args, db, copy: Path) -> int:
    from yjtui.screens.offline_questions import words
    from yjtui.store import offline

    local, key = _local(copy)
    server = _server(db or local.get_setting("offline.origin"))
    try:
        say(_age_words(local))
        waiting = len(offline.unsynced(local))
        say(f"Sending {waiting} change{'s' * (waiting != 1)} made on this laptop to {server.location}.")
        result = offline.sync(local, server, key, progress=_counter())
        say(f"Synced: {result.sent} change(s) sent in {result.batches} transaction(s), {result.already} found sent "
              f"by an earlier sync that was cut off, {result.written} field(s) or record(s) written on the server"
              + ("; the server's changes taken." if result.refreshed else
                 "; changes made meanwhile wait for the next sync."))
        for aside in result.set_aside:
            say(f"Set aside: {aside.message} They are kept in this encrypted copy: export them for the record with "
                  f"`yjtui offline set-aside --export FILE`, then `yjtui offline drop`.")
        found = offline.questions(local)
        if found:
            say(f"{len(found)} question{'s' * (len(found) != 1)} wait{'s' * (len(found) == 1)} for your answer: "
                  "an entry changed on this laptop and on the server (the server's value is kept until you choose). "
                  "Answer with `yjtui offline resolve`, or in the app (ctrl+p, Offline questions):")
            for q in found:
                say(f"  {words(q)}")
        return 0
    finally:
        server.close()
        local.close()


def _ask(prompt: str) -> str:
    from yjtui.cli import _interactive
    from yjtui.store import StoreError

    if _interactive():
        return input(prompt).strip().lower()[:1]
    say(prompt)
    line = sys.stdin.readline()
    if not line:
        raise StoreError("no answer given: run this on a terminal, or answer v, l, s or q a line each on standard "
                         "input")
    return line.strip().lower()[:1]


def _resolve(args, db, copy: Path) -> int:
    from yjtui.screens.offline_questions import values_line, words
    from yjtui.store import offline

    local, key = _local(copy)
    server = _server(db or local.get_setting("offline.origin"))
    try:
        found = offline.questions(local)
        if not found:
            say("No question waits.")
            return 0
        for n, q in enumerate(found, 1):
            say(f"Question {n} of {len(found)}, {words(q)}: changed on this laptop and on the server.")
            while True:
                answer = _ask("  [v] see the values, [l] keep this laptop's, [s] keep the server's, [q] stop for now? ")
                if answer == "v":
                    say(f"    {values_line(q)}")
                    continue
                if answer == "q":
                    left = len(offline.questions(local))
                    say(f"Stopped: {left} question{'s' * (left != 1)} still wait{'s' * (left == 1)}.")
                    return 0
                if answer not in ("l", "s"):
                    continue
                outcome = offline.resolve(local, server, q, "laptop" if answer == "l" else "server")
                if outcome == "again":
                    say("    The server's value changed again since the sync: asked again with its newer value.")
                    continue
                say("    That record is no longer on the team server: the answer is set aside with it."
                      if outcome == "set aside" else "    Answered.")
                break
        say("Every question answered; this laptop's copy shows what the team server holds.")
        return 0
    finally:
        server.close()
        local.close()


def _drop(args, db, copy: Path) -> int:
    from yjtui.store import offline

    local, key = _local(copy)
    try:
        if args.children == "all":
            ids = sorted(set(offline.children_taken(local)) | {a.child_id for a in offline.set_aside(local)
                                                               if a.child_id is not None})
        else:
            ids = _ids(args.children)
        offline.drop(local, ids, key, discard_set_aside=args.discard_set_aside)
        left = offline.children_taken(local)
    finally:
        local.close()
    say(f"Dropped {len(ids)} child(ren) from {copy}; nothing of theirs is left on this laptop. {len(left)} remain.")
    return 0


def _status(args, db, copy: Path) -> int:
    from yjtui.store import offline
    from yjtui.text import shown

    local, key = _local(copy)
    try:
        say(f"Offline copy {copy}, taken from {shown(offline.origin(local))} by "
              f"{shown(local.get_setting('offline.user'))} at {shown(local.get_setting('offline.taken_at'))}.")
        say(_age_words(local))
        found, aside = offline.questions(local), offline.set_aside(local)
        say(f"Children: {', '.join(map(str, offline.children_taken(local))) or 'none'}; changes waiting to be "
              f"sent: {len(offline.unsynced(local))}; {len(found)} question{'s' * (len(found) != 1)} waiting; "
              f"{len(aside)} set aside.")
    finally:
        local.close()
    return 0


def _set_aside(args, db, copy: Path) -> int:
    from yjtui.cli import _read_secret
    from yjtui.store import offline

    local, key = _local(copy)
    try:
        aside = offline.set_aside(local)
        if not aside:
            say("Nothing is set aside.")
            return 0
        for a in aside:
            say(f"  {a.message} ({len(a.entries)} change(s); "
                  f"{'exported' if a.exported else 'not exported yet'})")
        if args.export:
            from yjtui.casework.export.crypto import MIN_PASSWORD, ExportCryptoError, write_encrypted
            from yjtui.store import StoreError

            password = _read_secret(f"A password for the export (at least {MIN_PASSWORD} characters): ")
            try:
                target = write_encrypted(Path(args.export).expanduser(), offline.export_set_aside(local), password)
            except (ExportCryptoError, OSError) as exc:
                raise StoreError(f"Not exported: {exc}") from None
            offline.exported(local)
            local.log_disclosure(None, "offline set-aside", "changes that could not be synced, exported encrypted "
                                 "for the record")
            say(f"Exported, encrypted, to {target} (read it back with yjtui decrypt-export). "
                  "`yjtui offline drop` can now take them off this laptop.")
    finally:
        local.close()
    return 0
