"""Reference data at a keystroke: requirements and their limits, orders, bail and remand tests, MAPPA,
Schedule 15, timescales and abbreviations, with their citations. Headless (no TUI imports).

The names below load on first use: the start-up check needs the loader only, not the search (difflib)."""

import importlib

__all__ = ["Hit", "RefEntry", "RefSet", "ReferenceDataError", "data_dir", "load_all", "search"]


def __getattr__(name: str):
    if name not in __all__:
        raise AttributeError(f"module 'yjtui.reference' has no attribute {name!r}")
    module = importlib.import_module(f"yjtui.reference.{'search' if name in ('Hit', 'search') else 'loader'}")
    if module.__name__.endswith(".search"):
        globals()["search"] = module.search  # the function, as before, not the submodule of the same name
    return getattr(module, name)
