"""The key list at the foot of every screen: every function key always, the screen's own keys on more rows when
one is not enough, and redrawn only when the keys it shows change.

Textual's own Footer is one row that runs off the right edge (at 80 columns the function keys after F3 were never
seen) and rebuilds every key in it whenever the focus moves (each Tab), even when the keys are the same: on the
court screen that rebuild was a quarter of the time each key took (4,091 restyles in one walk by keys, 11 s of 46).
This one fills rows left to right with the keys Textual would show, at most `MAX_ROWS`, and rebuilds only when the
keys or the width change. Every screen yields this Footer.

When the keys need more rows than that (at 80x24 the supervision screen's third row ended at F8, the court's at F6:
issue 23), the screen's own keys are left out from the last one listed back, never a function key, Escape or the
app's own keys (help, quit, quick hide): a key left out is still on the help screen (F1) and in the command palette
(ctrl+p lists the keys of the screen it was opened on: `screen_key_commands`). "^p Commands" sits at the right of
the first row only, so the rows below have the whole width.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Iterable

from rich.cells import cell_len
from textual.containers import HorizontalGroup
from textual.widget import Widget
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

MAX_ROWS = 3


def _keys_shown(screen: Any) -> frozenset:
    """What the footer would draw for the screen's bindings now: key, words, action, enabled, tooltip. A set: the
    order follows the focused widget's place on the screen, so a Tab from a filter to a table listed the same keys
    in another order, and the footer was rebuilt at every such Tab (up to a quarter of a second on the audit trail)."""
    return frozenset((b.key, b.description, b.action, b.group, enabled, tooltip)
                     for (_node, b, enabled, tooltip) in screen.active_bindings.values() if b.show)


def _width(widget: Widget) -> int:
    """Cells a key takes in the compact footer: the key, a space and its words, a space after."""
    if isinstance(widget, FooterKey):
        return cell_len(widget.key_display) + 1 + (cell_len(widget.description) + 1 if widget.description else 0)
    return 20  # a group of keys under one label (none of yjtui's screens has one): a guess that keeps it in a row


def _room(rooms: int | list[int], row: int) -> int:
    return rooms if isinstance(rooms, int) else rooms[min(row, len(rooms) - 1)]


def rows_of(widths: list[int], room: int | list[int], max_rows: int = MAX_ROWS) -> list[list[int]]:
    """Indexes of the keys in each row, filled left to right; the last row takes what is left. `room` is the width
    of every row, or of each row in turn (the last given for the rest)."""
    rows: list[list[int]] = [[]]
    used = 0
    for i, w in enumerate(widths):
        if rows[-1] and used + w > _room(room, len(rows) - 1) and len(rows) < max_rows:
            rows.append([])
            used = 0
        rows[-1].append(i)
        used += w
    return rows


def fits(widths: list[int], room: int | list[int], max_rows: int = MAX_ROWS) -> bool:
    rows = rows_of(widths, room, max_rows)
    return all(sum(widths[i] for i in row) <= _room(room, n) for n, row in enumerate(rows))


def is_function_key(key: str) -> bool:
    return key[:1] == "f" and key[1:].isdigit()


def kept_keys(keys: list[tuple[str, int, bool]], room: int | list[int], max_rows: int = MAX_ROWS) -> list[int]:
    """Indexes of the keys shown, from (key, width, the screen's own?): every key when they fit in `max_rows`; else
    the screen's own keys (not Escape, not a function key) left out from the last back until they fit."""
    kept = list(range(len(keys)))
    droppable = [i for i, (key, _w, own) in enumerate(keys) if own and key != "escape" and not is_function_key(key)]
    while not fits([keys[i][1] for i in kept], room, max_rows) and droppable:
        kept.remove(droppable.pop())
    return kept


def screen_key_commands(screen: Any) -> list[tuple[str, Any, str]]:
    """Palette entries for the keys the screen's footer would show, bar the app's own (the palette lists those
    already): the longer words, the key, and the key's action run where it is bound."""
    if not hasattr(screen, "active_bindings"):
        return []
    app = screen.app
    app_keys = {b.key for b in app.BINDINGS if hasattr(b, "key")}
    out = []
    for node, binding, enabled, tooltip in screen.active_bindings.values():
        if not (binding.show and enabled and binding.description) or binding.key in app_keys or node is app:
            continue
        words = tooltip or binding.tooltip or binding.description
        out.append((f"{words} ({app.get_key_display(binding)})", partial(app.run_action, binding.action, node),
                    f"{binding.description}: {app.get_key_display(binding)} on this screen"))
    return out


class FooterRow(HorizontalGroup):
    DEFAULT_CSS = "FooterRow { height: 1; width: 1fr; }"


class Footer(TextualFooter):
    DEFAULT_CSS = "Footer { layout: vertical; height: auto; max-height: 3; }"
    _drawn: tuple | None = None

    def on_mount(self) -> None:
        super().on_mount()
        self.compact = True  # one space between keys: more keys to a row

    def bindings_changed(self, screen: Any) -> None:
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            super().bindings_changed(screen)  # not drawn now: the next change draws it
            return
        keys = (_keys_shown(screen), self.size.width)
        if self._bindings_ready and keys == self._drawn:
            return
        self._drawn = keys
        super().bindings_changed(screen)

    def compose(self) -> Iterable[Widget]:
        widgets = list(super().compose())
        palette = [w for w in widgets if w.has_class("-command-palette")]
        keys = [w for w in widgets if not w.has_class("-command-palette")]
        width = self.size.width or self.app.size.width
        rooms = [width - sum(_width(w) + 1 for w in palette), width]
        app_keys = {b.key for b in self.app.BINDINGS if hasattr(b, "key")}
        described = [(getattr(w, "key", ""), _width(w), getattr(w, "key", "") not in app_keys) for w in keys]
        kept = kept_keys(described, rooms)
        shown = [keys[i] for i in kept]
        for n, row in enumerate(rows_of([_width(w) for w in shown], rooms)):
            yield FooterRow(*(shown[i] for i in row), *(palette if n == 0 else ()))

    def on_resize(self) -> None:
        if self._bindings_ready and self._drawn is not None and self._drawn[1] != self.size.width:
            self.bindings_changed(self.screen)
