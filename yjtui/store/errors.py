"""The store's errors, apart from the store so that the modules it uses (crypto) can raise them without a circle.
Each message is for the user."""

from __future__ import annotations

from typing import Any


class ConflictError(Exception):
    """The record was changed elsewhere (another copy of the app) since this copy read it."""

    def __init__(self, record: Any, field: str, theirs: Any, mine: Any):
        self.record, self.field, self.theirs, self.mine = record, field, theirs, mine
        super().__init__(f"{field} was changed elsewhere to {theirs!r}")


class StoreError(Exception):
    """The store cannot be opened (not a yjtui store, unreadable); the message is for the user."""


class StoreOffline(StoreError):
    """The team server cannot be reached (down, wrong address, network lost): nothing was saved this time."""


class PasswordNeeded(StoreError):
    """The team server wants a password and none was given (not in PGPASSWORD or ~/.pgpass either)."""


class NotPermitted(StoreError):
    """The team server refused: the signed-in user's role may not do this (a police officer countersigning)."""


class TextRefused(NotPermitted):
    """The team server refused text holding control characters, escapes or bidirectional overrides (whatever the
    role: security.py's trigger), which the app's own fields refuse as they are typed."""


class ServerBusy(StoreOffline):
    """The team server did not finish in time: a lock held by another session past the lock timeout, or a statement
    past the statement timeout (server.py). Nothing was saved; like a server that cannot be reached, what was typed
    is kept and saved when it answers."""
