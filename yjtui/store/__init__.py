"""The local case store (SQLite via SQLModel), its migrations and its audit trail."""

from yjtui.store.store import *  # noqa: F401,F403
from yjtui.store.store import __all__  # noqa: F401
