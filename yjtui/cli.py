"""The `yjtui` command: the app by default, and headless subcommands (evaluate, rules, reference, audit)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

USAGE = """yjtui [--db PATH] [--demo]            open the app (default store: your user data folder)
yjtui evaluate [--policy P] [--as-of D] [FILE|-]   apply the rules to a case's facts (JSON in, JSON out)
yjtui rules [--json]                    the catalogue of rules with their citations
yjtui reference SET [--json] [QUERY]    reference data: gravity, YRO requirements, MAPPA, glossary ...
yjtui audit verify [--db PATH]          check the audit trail's hash chain"""


def _store_path(db: str | None) -> Path:
    from yjtui.store import default_path

    return Path(db).expanduser() if db else default_path()


def _packs_for(db: str | None) -> list[str]:
    """The store's local packs, for `evaluate` run without --policy; none when there is no store yet."""
    path = _store_path(db)
    if not path.exists():
        return []
    try:
        from yjtui.store import Store

        return Store(path, create=False).local_packs()
    except Exception:  # an unreadable store must not stop a headless evaluation
        return []


def _pop_db(argv: list[str]) -> tuple[str | None, list[str]]:
    rest, db, i = [], None, 0
    while i < len(argv):
        if argv[i] == "--db" and i + 1 < len(argv):
            db, i = argv[i + 1], i + 2
            continue
        if argv[i].startswith("--db="):
            db = argv[i][5:]
        else:
            rest.append(argv[i])
        i += 1
    return db, rest


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    os.umask(0o077)  # the store, its WAL and any export: this user only
    if argv and argv[0] == "evaluate":
        from yjtui.evaluate_cmd import run_evaluate

        db, rest = _pop_db(argv[1:])
        return run_evaluate(rest, _packs_for(db), sys.stdin, sys.stdout, sys.stderr)
    if argv and argv[0] == "rules":
        from yjtui.evaluate_cmd import run_rules

        return run_rules(argv[1:], sys.stdout, sys.stderr)
    if argv and argv[0] == "reference":
        from yjtui.reference.cli import run_reference

        return run_reference(argv[1:], sys.stdout, sys.stderr)
    if argv and argv[0] == "audit":
        return _audit(argv[1:])

    parser = argparse.ArgumentParser(prog="yjtui", usage=USAGE)
    parser.add_argument("--db", help="the store file (default: $YJTUI_DB, else your user data folder)")
    parser.add_argument("--demo", action="store_true", help="open a throwaway store of fictional children")
    args = parser.parse_args(argv)
    return run_app(args.db, demo=args.demo)


def check_reference_data() -> str | None:
    """Reference data is validated before the app starts: a malformed file is named, with its entry."""
    from yjtui.reference.loader import ReferenceDataError, load_all

    try:
        load_all()
    except ReferenceDataError as exc:
        return f"yjtui: reference data is malformed: {exc}"
    return None


def run_app(db: str | None, *, demo: bool = False) -> int:
    from yjtui.store import Store, StoreError

    problem = check_reference_data()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    try:
        if demo:
            from yjtui.demo import fill_demo

            folder = tempfile.mkdtemp(prefix="yjtui-demo-")
            store = Store(Path(folder) / "demo.db")
            fill_demo(store)
        else:
            store = Store(_store_path(db))
    except StoreError as exc:
        print(f"yjtui: {exc}", file=sys.stderr)
        return 2
    from yjtui.app import YjtuiApp

    YjtuiApp(store, demo=demo).run()
    store.close()
    return 0


def _audit(argv: list[str]) -> int:
    db, rest = _pop_db(argv)
    if rest != ["verify"]:
        print("usage: yjtui audit verify [--db PATH]", file=sys.stderr)
        return 2
    from yjtui.store import Store, StoreError

    try:
        store = Store(_store_path(db), create=False)
    except StoreError as exc:
        print(f"yjtui: {exc}", file=sys.stderr)
        return 2
    ok, message = store.verify_audit()
    print(message)
    return 0 if ok else 1
