"""The `yjtui` command: the app by default, and headless subcommands (evaluate, rules, pack, reference, audit)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

USAGE = """yjtui [--db PATH|URL] [--demo] [--pack FILE]   open the app (default store: your user data folder;
                                        a postgresql:// URL opens the team server)
yjtui evaluate [--policy P] [--pack FILE] [--as-of D] [FILE|-]   apply the rules to a case's facts (JSON in, out)
yjtui rules [--json] [--policy P]       the catalogue of rules with their citations, and the contract's additions
yjtui pack check FILE [FILE ...]        check local policy packs and show what each changes against national
yjtui pack new NAME                     write a commented template for a service's own pack
yjtui pack schema [-o FILE]             the JSON Schema of a pack, for editors that check TOML as you type
yjtui letterhead check [FILE]           check a service's Word template (default: the one installed)
yjtui letterhead install FILE           check it and make it the letterhead every Word export is written into
yjtui reference SET [--json] [QUERY]    reference data: gravity, YRO requirements, MAPPA, glossary ...
yjtui audit verify [--db PATH]          check the audit trail: its links, numbers and keyed hashes, and its head
                                        against the one kept by the server and the last this laptop saw
yjtui audit forget [--db PATH]          drop this laptop's record of a trail (after replacing a store on purpose)
yjtui init [--encrypt] [--db PATH]      create a store (--encrypt: SQLCipher, asks for a passphrase)
yjtui encrypt [--db PATH]               convert a plain store to an encrypted one, keeping every record
yjtui rekey [--db PATH]                 change an encrypted store's passphrase
yjtui decrypt-export FILE [-o OUT]      read back an encrypted export (asks for its password)
yjtui admin setup|add-user|grant|revoke|users --db URL   the team server's people and roles
yjtui offline take|sync|resolve|drop|status|set-aside   a laptop's encrypted copy of chosen children
yjtui import children FILE.csv [--mapping M] [--yes]   bring in a caseload (checked, all or nothing)
yjtui serve [--db URL] [--host H] [--port P] [--public-url U]   the app in a browser (behind a reverse proxy)

The app asks for an encrypted store's passphrase, or the team server's password, on its own sign-in screen.
The headless commands ask on the terminal; with no terminal, they read standard input, one a line."""


def _letterhead(argv: list[str]) -> int:
    """`yjtui letterhead check [FILE]` / `install FILE`: a service's Word template, checked like a pack (exit 2 with
    the reason when it cannot be used)."""
    from yjtui.casework.export import letterhead

    if argv[:1] == ["check"] and len(argv) <= 2 or argv[:1] == ["install"] and len(argv) == 2:
        where = argv[1] if len(argv) == 2 else letterhead.installed_path()
        if len(argv) == 1 and not Path(where).exists():
            say(letterhead.words(None, ""))
            return 0
        try:
            found = letterhead.install(where) if argv[0] == "install" else letterhead.check(where)
        except letterhead.LetterheadError as exc:
            say(f"yjtui: the letterhead cannot be used: {exc}", file=sys.stderr)
            return 2
        done = "Installed as the service's letterhead" if argv[0] == "install" else "Can be used as a letterhead"
        say(f"{done}: {found.path} (every page marked {found.marking}; each Word export writes its own body into "
            "it).")
        return 0
    say("usage: yjtui letterhead check [FILE] | yjtui letterhead install FILE", file=sys.stderr)
    return 2


def say(*parts: object, file=None) -> None:
    """`print` for the commands' messages: what they quote (a name, a value, a file, a server's answer) is shown
    with nothing a terminal obeys (yjtui.text.shown)."""
    from yjtui.text import shown

    print(*(shown(p, keep_newlines=True) for p in parts), file=file)


def _store_path(db: str | None):
    """The store file, or a team server's URL (kept as text): --db, then $YJTUI_DB, then the data folder."""
    from yjtui.store import location

    return location(db)


def _is_server(where) -> bool:
    return isinstance(where, str)


def _packs_for(db: str | None) -> list[str]:
    """The store's local packs, for `evaluate` run without --policy; none when there is no store yet."""
    path = _store_path(db)
    if _is_server(path):
        try:
            return _open_store(path).local_packs()
        except Exception:  # an unreachable server must not stop a headless evaluation
            say("yjtui: the team server could not be read, so its local packs were not; give them with --policy.",
                  file=sys.stderr)
            return []
    if not path.exists():
        return []
    try:
        from yjtui.store import Store

        return Store(path, create=False).local_packs()
    except Exception:  # an unreadable store must not stop a headless evaluation
        from yjtui.store.crypto import looks_encrypted

        if looks_encrypted(path):
            say("yjtui: the store is encrypted, so its local packs were not read; give them with --policy.",
                  file=sys.stderr)
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
    try:
        return _main(argv)
    except BrokenPipeError:
        # Output piped into `head` and the reader went away: stop quietly, as other command-line tools do.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0


def _main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    os.umask(0o077)  # the store, its WAL and any export: this user only
    if argv and argv[0] == "evaluate":
        from yjtui.cli.evaluate import run_evaluate

        db, rest = _pop_db(argv[1:])
        return run_evaluate(rest, _packs_for(db), sys.stdin, sys.stdout, sys.stderr)
    if argv and argv[0] == "rules":
        from yjtui.cli.evaluate import run_rules

        return run_rules(argv[1:], sys.stdout, sys.stderr)
    if argv and argv[0] == "pack":
        from yjtui.cli.pack import run_pack

        return run_pack(argv[1:], sys.stdout, sys.stderr)
    if argv and argv[0] == "letterhead":
        return _letterhead(argv[1:])
    if argv and argv[0] == "reference":
        from yjtui.reference.cli import run_reference

        return run_reference(argv[1:], sys.stdout, sys.stderr)
    if argv and argv[0] == "audit":
        return _audit(argv[1:])
    if argv and argv[0] in ("init", "encrypt", "rekey", "decrypt-export"):
        return _security_command(argv[0], argv[1:])
    if argv and argv[0] in ("admin", "offline"):
        from yjtui.cli import team

        return team.run(argv[0], argv[1:])
    if argv and argv[0] == "import":
        return _import(argv[1:])
    if argv and argv[0] == "serve":
        from yjtui.cli.serve import run_serve

        return run_serve(argv[1:])

    parser = argparse.ArgumentParser(prog="yjtui", usage=USAGE)
    parser.add_argument("--db", help="the store file or a postgresql:// URL (default: $YJTUI_DB, else your user "
                                     "data folder)")
    parser.add_argument("--demo", action="store_true", help="open a throwaway store of fictional children")
    parser.add_argument("--pack", action="append", metavar="FILE",
                        help="a local policy pack file to offer in Settings (may be repeated)")
    parser.add_argument("--served", action="store_true", help=argparse.SUPPRESS)  # a browser session (yjtui serve)
    args = parser.parse_args(argv)
    problem = load_packs(args.pack)
    if problem:
        say(problem, file=sys.stderr)
        return 2
    if args.served:
        _quiet_stderr()
    return run_app(args.db, demo=args.demo, served=args.served)


def _quiet_stderr() -> None:
    """A browser session's standard error ends up in the server's log (textual-serve copies it there), and a
    crash's traceback shows the values of variables, children's data among them: nothing goes there."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass
    sys.stderr = open(os.devnull, "w")


def load_packs(files: list[str] | None) -> str | None:
    """--pack FILE for the app: read and check each now, so a fault is named before the app starts."""
    if not files:  # the usual start: the packs load with the rules, after the first paint
        return None
    from yjtui.rules.packs import PackError, add_pack_file

    for path in files or ():
        try:
            add_pack_file(path)
        except PackError as exc:
            return f"yjtui: the pack is not usable: {exc}"
    return None


def check_reference_data() -> str | None:
    """Reference data is validated before the app starts: a malformed file is named, with its entry. Files
    unchanged since they were last found good are not read again (yjtui.reference.checked)."""
    from yjtui.reference import checked
    from yjtui.reference.loader import ReferenceDataError, data_dir, load_all

    folder = data_dir()
    if checked.unchanged_since_checked(folder):
        return None
    try:
        load_all()
    except ReferenceDataError as exc:
        return f"yjtui: reference data is malformed: {exc}"
    checked.remember_checked(folder)
    return None


def run_app(db: str | None, *, demo: bool = False, served: bool = False) -> int:
    import gc

    # Start-up allocates a great deal and frees little: collecting cycles meanwhile only walks the same new
    # objects again (about 40 ms). Collection resumes, with those objects frozen, once the case list is drawn
    # (YjtuiApp._after_first_paint), and here whatever happens.
    gc.disable()
    try:
        return _run_app(db, demo, served=served)
    finally:
        gc.enable()


def _run_app(db: str | None, demo: bool, *, served: bool = False) -> int:
    problem = check_reference_data()
    if problem:
        say(problem, file=sys.stderr)
        return 2
    if demo:
        # The demo's store lives in a folder of its own, removed when the app quits, whether it quits well or not.
        folder = Path(tempfile.mkdtemp(prefix="yjtui-demo-"))
        try:
            return _run_store(_open_store_for_app(db, demo, folder), demo)
        finally:
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
    # The usual start (a plain store, up to date): the case list is drawn before the ORM loads.
    store = None if served else _open_deferred(db)
    if store is None:
        return _run_store(_open_store_for_app(db, demo, served=served), demo)
    return _run_store((store, None), demo)


def _run_store(opened, demo: bool) -> int:
    """The app on the open store, or on what its sign-in screen asks; the store closed however the app ends."""
    if opened is None:
        return 2
    store, sign_in = opened
    from yjtui.app import YjtuiApp

    app = YjtuiApp(store, demo=demo, sign_in=sign_in)
    try:
        app.run()
    finally:
        if app.store is not None:
            app.store.close()
    return app.return_code or 0


def _open_deferred(db: str | None):
    from yjtui.store.case_reader import open_deferred

    return open_deferred(db or None)


def _open_store_for_app(db: str | None, demo: bool, folder: Path | None = None, *, served: bool = False):
    """The full open: a new store, one due a migration, the demo (in `folder`); or, for an encrypted store or a team
    server that asks for a password, what the app's sign-in screen asks (nothing is read from the terminal here).

    `served` (a browser session of `yjtui serve`): the person signs in with their own team-server login, never with
    this process's PGPASSWORD or ~/.pgpass; a plain local store is refused (a browser session must sign in)."""
    from yjtui.screens.sign_in import SignIn
    from yjtui.store import PasswordNeeded, Store, StoreError

    try:
        if demo:
            from yjtui.casework.demo import fill_demo

            store = Store(Path(folder or tempfile.mkdtemp(prefix="yjtui-demo-")) / "demo.db")
            fill_demo(store)
            return store, None
        path = _store_path(db)
        from yjtui.store.crypto import looks_encrypted

        if _is_server(path):
            if served:
                return None, SignIn(path, ask_user=True)
            try:
                return Store(path), None  # PGPASSWORD or ~/.pgpass
            except PasswordNeeded:
                return None, SignIn(path)
        if looks_encrypted(path):
            return None, SignIn(path)
        if served:
            raise StoreError(f"{path} is not encrypted: a browser session must sign in, so `yjtui serve` opens a "
                             "team server or an encrypted store (yjtui encrypt).")
        return Store(path), None
    except StoreError as exc:
        say(f"yjtui: {exc}", file=sys.stderr)
        return None
    except (KeyboardInterrupt, EOFError):
        say("\nyjtui: cancelled.", file=sys.stderr)
        raise SystemExit(130) from None


def _audit(argv: list[str]) -> int:
    db, rest = _pop_db(argv)
    if rest not in (["verify"], ["forget"]):
        say("usage: yjtui audit verify|forget [--db PATH]", file=sys.stderr)
        return 2
    from yjtui.store import StoreError

    if rest == ["forget"]:  # the laptop's own record only: the store is not opened, nothing in it changes
        from yjtui.store.audit_chain import forget, where_of

        where = _store_path(db)
        if forget(where_of(where)):
            say("This laptop no longer keeps a record of that trail's head; the next verify starts a new one.")
        else:
            say("This laptop kept no record of that trail's head.")
        return 0
    try:
        store = _open_store(_store_path(db), create=False)
    except (StoreError, _NoSecret) as exc:
        say(f"yjtui: {exc}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, EOFError):
        say("\nyjtui: cancelled.", file=sys.stderr)
        return 130
    try:
        ok, message = store.verify_audit()
    except StoreError as exc:
        say(f"yjtui: {exc}", file=sys.stderr)
        return 2
    say(message)
    return 0 if ok else 1


def _import(argv: list[str]) -> int:
    """yjtui import children FILE.csv: a preview in counts (no child's details on the terminal), every row checked,
    bad rows by line and reason and nothing imported, else one transaction after a yes."""
    from datetime import date

    parser = argparse.ArgumentParser(prog="yjtui import children", description="Bring in a caseload from a CSV "
                                     "file (the case system's export): every row checked, all or nothing, "
                                     "updated by YJS reference when imported again.")
    parser.add_argument("what", choices=["children"])
    parser.add_argument("file")
    parser.add_argument("--mapping", help="the service's column mapping (default: import-children.toml in the "
                                          "user config folder, else the file's headings are yjtui's field names)")
    parser.add_argument("--db", help="the store (default: $YJTUI_DB, else your user data folder)")
    parser.add_argument("--yes", action="store_true", help="import without asking (after the preview)")
    args = parser.parse_args(argv)
    from yjtui.casework import caseload_import as ci
    from yjtui.store import StoreError

    mapping_path = Path(args.mapping).expanduser() if args.mapping else ci.default_mapping()
    source = Path(args.file).expanduser()
    try:
        mapping = ci.read_mapping(mapping_path)
        planned = ci.plan(source, mapping, date.today())
    except ci.ImportError_ as exc:
        say(f"yjtui: {exc}", file=sys.stderr)
        return 2
    say("\n".join(ci.preview(planned, source.name, mapping_path.name if mapping_path else None)))
    if planned.bad:
        say(ci.refused(planned), file=sys.stderr)
        for line in ci.bad_lines(planned):
            say(f"  {line}", file=sys.stderr)
        return 1
    for line in ci.warning_lines(planned):
        say(f"  {line}")
    try:
        store = _open_store(_store_path(args.db), create=True)
    except (StoreError, _NoSecret) as exc:
        say(f"yjtui: {exc}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, EOFError):
        say("\nyjtui: cancelled; nothing imported.", file=sys.stderr)
        return 130
    try:
        say(ci.arrivals(planned, ci.known_here(store, planned)))
        if not args.yes:
            if not _interactive():
                say("yjtui: nothing imported: add --yes to import without a terminal to ask on.", file=sys.stderr)
                return 2
            if input("Import them? [y/N] ").strip().lower() not in ("y", "yes"):
                say("Nothing imported.")
                return 1
        counts = ci.bring_in(store, planned, source.name)
    except ci.ImportError_ as exc:
        say(f"yjtui: {exc}", file=sys.stderr)
        return 2
    except StoreError as exc:
        say(f"yjtui: {exc} Nothing imported.", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, EOFError):
        say("\nyjtui: cancelled; nothing imported.", file=sys.stderr)
        return 130
    finally:
        store.close()
    say(ci.imported_words(counts))
    return 0


# --- encryption at rest: passphrases, init, encrypt, rekey, decrypt-export ----------------------------------------
MIN_PASSPHRASE = 8


class _NoSecret(Exception):
    """No terminal and nothing on standard input: said at once rather than waiting."""


def _interactive() -> bool:
    return bool(sys.stdin) and sys.stdin.isatty()


def _read_secret(prompt: str, *, confirm: bool = False, new: bool = False) -> str:
    """A passphrase from the terminal (not echoed) or, with no terminal, one line of standard input."""
    if not _interactive():
        line = sys.stdin.readline() if sys.stdin else ""
        if not line:
            what = prompt.strip().rstrip(":")
            raise _NoSecret(f"no passphrase given ({what}): run this on a terminal, or give it on standard input")
        secret = line.rstrip("\r\n")
        if new:
            _check_new(secret)
        return secret
    import getpass

    for _ in range(3):
        secret = getpass.getpass(prompt)
        if new:
            try:
                _check_new(secret)
            except _NoSecret as exc:
                say(f"yjtui: {exc}", file=sys.stderr)
                continue
        if confirm and getpass.getpass("Type it again: ") != secret:
            say("yjtui: the two did not match; try again.", file=sys.stderr)
            continue
        return secret
    raise _NoSecret("no passphrase agreed after three tries")


def _check_new(secret: str) -> None:
    if len(secret) < MIN_PASSPHRASE:
        raise _NoSecret(f"a passphrase needs at least {MIN_PASSPHRASE} characters (a few words is best)")
    if "\x00" in secret:
        raise _NoSecret("a passphrase cannot contain a NUL character")


def _open_store(path: Path, *, create: bool = False):
    """Open a store for a headless command, asking for its passphrase if it is encrypted (three tries on a tty).

    A team server's URL: its password comes from PGPASSWORD or ~/.pgpass, else it is asked for here."""
    from yjtui.store import PasswordNeeded, Store
    from yjtui.store.crypto import WrongPassphrase, looks_encrypted

    if _is_server(path):
        try:
            return Store(path)
        except PasswordNeeded:
            return Store(path, password=_read_secret(f"Password for {_shown(path)}: "))

    if not looks_encrypted(path):
        return Store(path, create=create)
    tries = 3 if _interactive() else 1
    for attempt in range(1, tries + 1):
        key = _read_secret(f"Passphrase for {path}: ")
        try:
            return Store(path, key=key, create=False)
        except WrongPassphrase:
            if attempt == tries:
                raise
            say("yjtui: that passphrase does not open the store; try again.", file=sys.stderr)
    raise AssertionError("unreachable")


def _shown(url: str) -> str:
    from yjtui.store.server import display_url
    from yjtui.text import shown

    return shown(display_url(url))


def _security_command(name: str, argv: list[str]) -> int:
    """init / encrypt / rekey / decrypt-export: every failure a message and a return code, never a traceback."""
    from yjtui.store import StoreError

    commands = {"init": _init, "encrypt": _encrypt, "rekey": _rekey, "decrypt-export": _decrypt_export}
    try:
        return commands[name](argv)
    except (_NoSecret, StoreError) as exc:
        say(f"yjtui: {exc}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, EOFError):
        say("\nyjtui: cancelled; nothing changed.", file=sys.stderr)
        return 130


def _init(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="yjtui init", description="Create a new, empty store.")
    parser.add_argument("--db", help="where to create it (default: $YJTUI_DB, else your user data folder)")
    parser.add_argument("--encrypt", action="store_true", help="encrypt it with SQLCipher (asks for a passphrase)")
    args = parser.parse_args(argv)
    from yjtui.store import Store

    path = _store_path(args.db)
    if path.exists() and path.stat().st_size > 0:
        say(f"yjtui: {path} already exists; nothing changed. (To encrypt it: yjtui encrypt --db {path})",
              file=sys.stderr)
        return 2
    key = _read_secret("New passphrase for the store: ", confirm=True, new=True) if args.encrypt else None
    Store(path, key=key).close()
    if key:
        say(f"Created an encrypted store at {path} (readable by you only).")
        say("Keep the passphrase safe: without it nobody, including you, can read the store.")
    else:
        say(f"Created a store at {path} (readable by you only; not encrypted: yjtui encrypt to encrypt it).")
    return 0


def _store_argument(prog: str, description: str, argv: list[str]) -> Path:
    """The store a command works on: --db, else $YJTUI_DB, else the user data folder."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--db", help="the store (default: $YJTUI_DB, else your user data folder)")
    return _store_path(parser.parse_args(argv).db)


def _encrypt(argv: list[str]) -> int:
    path = _store_argument("yjtui encrypt", "Encrypt a plain store in place.", argv)
    from yjtui.store import StoreError
    from yjtui.store import crypto

    if not path.exists():
        raise StoreError(f"No store at {path}.")
    if crypto.looks_encrypted(path):
        raise StoreError(f"{path} is already encrypted. To change its passphrase: yjtui rekey --db {path}")
    _open_store(path).close()  # bring it to the current revision first, with its usual backup
    key = _read_secret("New passphrase for the store: ", confirm=True, new=True)
    counts = crypto.encrypt_plain(path, key)
    say(f"Encrypted {path}: every record kept ({counts.get('child', 0)} children, "
          f"{counts.get('audit', 0)} audit entries).")
    leftovers = crypto.plain_backups(path)
    if leftovers:
        say("These backups from earlier migrations are NOT encrypted and hold the same data; delete them "
              "once you no longer need them:")
        for p in leftovers:
            say(f"  {p}")
    return 0


def _rekey(argv: list[str]) -> int:
    path = _store_argument("yjtui rekey", "Change an encrypted store's passphrase.", argv)
    from yjtui.store import StoreError
    from yjtui.store import crypto

    if not crypto.looks_encrypted(path):
        raise StoreError(f"{path} is not an encrypted store. To encrypt it: yjtui encrypt --db {path}")
    old = _read_secret("Current passphrase: ")
    crypto.connect(path, old).close()  # a wrong one is refused before a new one is asked for
    new = _read_secret("New passphrase: ", confirm=True, new=True)
    counts = crypto.rekey(path, old, new)
    say(f"Passphrase changed for {path}: every record kept ({counts.get('child', 0)} children).")
    say("Backups made before migrations keep the passphrase they were made with.")
    return 0


def _decrypt_export(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="yjtui decrypt-export", description="Read back an encrypted export.")
    parser.add_argument("file", help="the encrypted export (.yjx)")
    parser.add_argument("-o", "--output", help="write here (default: standard output)")
    args = parser.parse_args(argv)
    from yjtui.casework.export.crypto import ExportCryptoError, decrypt_bytes, read_export
    from yjtui.text import shown

    source = Path(args.file).expanduser()
    if not source.exists():
        say(f"yjtui: no file at {shown(source)}", file=sys.stderr)
        return 2
    try:
        blob = read_export(source)  # bounded, its header checked: refused before a password is asked for
        data = decrypt_bytes(blob, _read_secret(f"Password for {shown(source.name)}: "))
    except ExportCryptoError as exc:
        say(f"yjtui: {shown(exc)}", file=sys.stderr)
        return 2
    if args.output:
        out = Path(args.output).expanduser()
        fd = os.open(out, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        say(f"Wrote {out} ({len(data)} bytes; it holds personal data: keep it on this laptop).", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data) if hasattr(sys.stdout, "buffer") else sys.stdout.write(data.decode())
    return 0
