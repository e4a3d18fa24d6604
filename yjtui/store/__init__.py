"""The local case store (SQLite via SQLModel), its migrations and its audit trail.

`from yjtui.store import Store` loads `store.py` (and SQLAlchemy) on first use, not on `import yjtui.store`: the
case list's first read (`case_reader`, standard library only) lives in this package and must stay light.
"""

import importlib


def __getattr__(name: str):
    store = importlib.import_module("yjtui.store.store")  # not `from yjtui.store import store`: that recurses
    try:
        return getattr(store, name)
    except AttributeError:
        raise AttributeError(f"module 'yjtui.store' has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(importlib.import_module("yjtui.store.store").__all__))
