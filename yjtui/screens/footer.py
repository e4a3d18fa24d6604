"""The key list at the foot of every screen: every key the screen offers, on more rows when one is not enough, and
redrawn only when the keys it shows change.

Textual's own Footer is one row that runs off the right edge (at 80 columns the function keys after F3 were never
seen) and rebuilds every key in it whenever the focus moves (each Tab), even when the keys are the same: on the
court screen that rebuild was a quarter of the time each key took (4,091 restyles in one walk by keys, 11 s of 46).
This one fills rows left to right with the keys Textual would show (at most `MAX_ROWS`; what does not fit then is
cut at the edge as before), and rebuilds only when the keys or the width change. Every screen yields this Footer.
"""

from __future__ import annotations

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


def rows_of(widths: list[int], room: int, max_rows: int = MAX_ROWS) -> list[list[int]]:
    """Indexes of the keys in each row, filled left to right; the last row takes what is left."""
    rows: list[list[int]] = [[]]
    used = 0
    for i, w in enumerate(widths):
        if rows[-1] and used + w > room and len(rows) < max_rows:
            rows.append([])
            used = 0
        rows[-1].append(i)
        used += w
    return rows


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
        room = (self.size.width or self.app.size.width) - sum(_width(w) + 2 for w in palette)
        yield from palette
        for row in rows_of([_width(w) for w in keys], room):
            yield FooterRow(*(keys[i] for i in row))

    def on_resize(self) -> None:
        if self._bindings_ready and self._drawn is not None and self._drawn[1] != self.size.width:
            self.bindings_changed(self.screen)
