"""Reference data at a keystroke: requirements and their limits, orders, bail and remand tests, MAPPA,
Schedule 15, timescales and abbreviations, with their citations. Headless (no TUI imports)."""

from yjtui.reference.loader import RefEntry, RefSet, ReferenceDataError, data_dir, load_all
from yjtui.reference.search import Hit, search

__all__ = ["Hit", "RefEntry", "RefSet", "ReferenceDataError", "data_dir", "load_all", "search"]
