"""Two copies' changes to one record merged entry by entry: the one merge policy, kept in `yjtui.store.merge` so the
offline copy's sync (in the store) and the screens' saves (through casework) merge the same way. Screens reach it
here, through casework, as they reach everything stored."""

from yjtui.store.merge import MISSING, Clash, Prefer, clashes, merge

__all__ = ["MISSING", "Clash", "Prefer", "clashes", "merge"]
