"""The case list's first read of a plain SQLite store, with the standard library only, and the full store after.

A court duty officer opens the laptop when the child is called. Importing SQLAlchemy and SQLModel costs about
half a second, more than the rest of the first screen together, so the case list is drawn from this module and
the full `Store` (ORM, audit trail, writes) is opened just after the first paint (`YjtuiApp._after_first_paint`).
`DeferredStore` answers the case list's reads until then (search, levels, settings) and hands every other call to
the full store, opening it first if need be: nothing a user does is lost or answered from stale data.

The full store opens on the thread that asks, the UI thread in the app, never in a thread of its own: importing
SQLAlchemy in one thread while another imports it (a worker, a screen being opened) can leave one of them with a
partly initialised module and an ImportError (seen in the tmux crash test).

Only a plain SQLite file already at the newest revision takes this path. A new or empty file, one due a migration
(its backup and upgrade come first), an encrypted store (the passphrase prompt comes first), a server URL or
anything unreadable opens the full store as before (`open_deferred` returns None).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from importlib.resources import files
from pathlib import Path
from typing import Any

from yjtui.store.case_index import CHILD_ROWS_SQL, CaseIndex, ChildRow, child_rows

SQLITE_HEADER = b"SQLite format 3\x00"
VERSIONS = Path(str(files("yjtui.store").joinpath("migrations", "versions")))


def newest_revision() -> str:
    """The newest migration, as `store.HEAD` names it (a test keeps the two in step) without importing the ORM."""
    return max(p.name.split("_")[0] for p in VERSIONS.glob("[0-9]*.py"))


def open_deferred(target: str | os.PathLike | None) -> DeferredStore | None:
    """The store at `target` (None: $YJTUI_DB, else the user data folder) ready to draw the case list at once, or
    None when it needs the full open first (see the module's note)."""
    target = target or os.environ.get("YJTUI_DB")
    if target and "://" in str(target):  # a database URL: the full store knows how to open it
        return None
    if target:
        path = Path(target).expanduser()
    else:
        from yjtui.store.paths import default_path

        path = default_path()
    try:
        if path.stat().st_size == 0:
            return None
        # Read before any connection of this process opens the file, never after: closing a descriptor of the
        # file drops the process's SQLite locks on it (the full open is told the header was checked here).
        with open(path, "rb") as fh:
            if fh.read(16) != SQLITE_HEADER:
                return None  # encrypted, or not a store: the full open asks or says so
        con = _connect(path)
    except (OSError, sqlite3.Error):
        return None
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        row = None
    if row is None or row[0] != newest_revision():
        con.close()
        return None
    return DeferredStore(path, con)


def _connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    con.execute("PRAGMA busy_timeout=5000")
    con.execute("PRAGMA query_only=ON")  # this connection only reads; every write goes through the full Store
    return con


class DeferredStore:
    """Stands in for `Store` while the full store opens in the background. Reads the case list needs are answered
    here; any other attribute is the full store's (waiting for it to finish opening if need be)."""

    encrypted = False  # only plain stores come this way
    server = False  # nor team servers: the app's start-up asks, and must not wait for the full store to know

    @property
    def role(self) -> str:
        """Settings' role (a laptop's store), read without the full store: it picks the start screen."""
        if self._full is not None:
            return self._full.role
        # Not checked against rules.roles.ROLES here (importing the rules package loads the engine): the app's
        # role checks (rules.roles.role_of) treat an unknown role as the default.
        return self.get_setting("role") or "case_manager"

    def __init__(self, path: Path, con: sqlite3.Connection):
        self.path = path
        self._con = con
        self._index = CaseIndex(self._index_rows)
        self._full: Any = None
        self._opening = threading.Lock()  # a worker asking at the same moment waits rather than opens it twice

    # --- the full store -----------------------------------------------------------------------------------
    def full(self):
        """The full store, opened now if it is not yet (the app does so once the case list has been drawn)."""
        if self._full is None:
            with self._opening:
                if self._full is None:
                    from yjtui.store.store import Store

                    full = Store(self.path, create=False, header_checked=True)  # see open_deferred
                    # The index the case list built is kept: the full store patches it on every save from now on.
                    self._index.read_from(full._index_rows)
                    full._index = self._index
                    self._full = full
        return self._full

    finish_opening = full

    @property
    def opened(self) -> bool:
        """Whether the full store is open (a thread must not open it: see the module's note)."""
        return self._full is not None

    def __getattr__(self, name: str):
        if name.startswith("_"):  # own state, or private to Store: never a reason to wait
            raise AttributeError(name)
        return getattr(self.full(), name)

    def close(self) -> None:
        if self._full is not None:
            self._full.close()
        self._con.close()

    # --- what the first screen reads (the same answers as Store's; a test compares them) --------------------
    def _index_rows(self):
        return self._con.execute(
            "SELECT id, given_name, family_name, yjs_ref, date_of_birth FROM child ORDER BY family_name, given_name"
        ).fetchall()

    def search(self, query: str, limit: int = 200) -> tuple[list[ChildRow], int]:
        if self._full is not None:
            return self._full.search(query, limit)
        ids, total = self._index.search(query, limit)
        if not ids:
            return [], total
        marks = ",".join("?" * len(ids))
        return child_rows(ids, self._con.execute(CHILD_ROWS_SQL.format(marks=marks), tuple(ids)).fetchall()), total

    def latest_levels(self, child_ids: list[int]) -> dict[int, dict[str, str]]:
        if self._full is not None:
            return self._full.latest_levels(child_ids)
        if not child_ids:
            return {}
        marks = ",".join("?" * len(child_ids))
        out: dict[int, dict[str, str]] = {cid: {} for cid in child_ids}
        for cid, kind, final in self._con.execute(
                f"SELECT child_id, kind, final FROM assessment WHERE child_id IN ({marks}) "
                f"AND status IN ('complete', 'countersigned') ORDER BY completed_at, id", tuple(child_ids)):
            out[cid][kind] = final
        return out

    def get_setting(self, key: str, default: str = "") -> str:
        if self._full is not None:
            return self._full.get_setting(key, default)
        row = self._con.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default
