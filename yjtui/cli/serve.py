"""`yjtui serve`: the app in a browser, for council laptops where nothing can be installed (textual-serve).

Each browser session starts its own `yjtui --served` process, which signs the person in inside the app: their own
team-server login and password (so the server's roles and the audit trail name them), or an encrypted store's
passphrase. A plain store is refused: a browser session must sign in. The session locks when idle as the app
does, and its exports arrive as browser downloads (`YjtuiApp.deliver_exports`), nothing left on this machine.

It listens on 127.0.0.1 unless told otherwise: it is meant to sit behind the council's own reverse proxy, which
adds TLS and the council's sign-on, and passes the websocket through (README, "In a browser").
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import subprocess
import sys

from yjtui.cli import say

# What the server process must never hand to a browser session: the session signs in as the person.
_CREDENTIALS = ("PGPASSWORD", "PGPASSFILE", "PGUSER", "PGSERVICE", "PGSERVICEFILE", "YJTUI_DB")


def session_command(where: str | None, *, demo: bool = False) -> str:
    """The shell command textual-serve runs for each browser session (it starts it with a shell)."""
    if getattr(sys, "frozen", False):  # the one-folder build (tools/build_windows.py): the program is yjtui itself
        argv = [sys.executable]
    else:
        argv = [sys.executable, "-m", "yjtui"]
    argv += ["--served"] + (["--demo"] if demo else ["--db", str(where)])
    if os.name == "nt":
        return subprocess.list2cmdline(argv)
    import shlex

    return shlex.join(argv)


def run_serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="yjtui serve", description="The app in a browser (behind the council's reverse proxy).")
    parser.add_argument("--db", help="a postgresql:// URL without user or password (each person signs in), or an "
                                     "encrypted store (default: $YJTUI_DB, else your user data folder)")
    parser.add_argument("--demo", action="store_true", help="a throwaway store of fictional children per session")
    parser.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1: this "
                                                           "machine only, for the reverse proxy)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--public-url", help="the address people open, as the reverse proxy publishes it "
                                             "(e.g. https://yjtui.council.example); the page's websocket uses it")
    args = parser.parse_args(argv)

    where = None
    if not args.demo:
        problem, where = _check_store(args.db)
        if problem:
            say(f"yjtui serve: {problem}", file=sys.stderr)
            return 2
    if not _is_loopback(args.host):
        say(f"yjtui serve: listening on {args.host}, not this machine only: put TLS in front of it (the "
            "council's reverse proxy); children's data must not cross the network in the clear.", file=sys.stderr)
    for name in _CREDENTIALS:
        os.environ.pop(name, None)
    from textual_serve.server import Server

    server = Server(session_command(where, demo=args.demo), host=args.host, port=args.port, title="yjtui",
                    public_url=args.public_url.rstrip("/") if args.public_url else None,
                    templates_path=_templates())
    server.serve()
    return 0


def _check_store(db: str | None) -> tuple[str, str | None]:
    from yjtui.store import location
    from yjtui.store.crypto import looks_encrypted
    from yjtui.store.server import display_url, is_server_url

    where = location(db)
    if is_server_url(where):
        from urllib.parse import urlsplit

        parts = urlsplit(where)
        if parts.password:
            return f"put no password in the address ({display_url(where)}): each person signs in with their own.", None
        return "", where
    if not where.exists():
        return f"no store at {where}.", None
    if not looks_encrypted(where):
        return (f"{where} is not encrypted: a browser session must sign in, so serve a team server "
                "(--db postgresql://...) or an encrypted store (yjtui encrypt)."), None
    return "", str(where)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _templates() -> str:
    """textual-serve's page without its web font from an outside host (a council proxy may block it, and the page
    should ask nothing of anyone but this server)."""
    from importlib.resources import files

    return str(files("yjtui") / "serve_templates")
