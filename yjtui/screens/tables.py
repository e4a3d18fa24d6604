"""Tables that fit their terminal: every column shown, none cut. Columns get widths from the space the table has
(each at least its label, text columns sharing the rest by weight), and rows wrap onto more lines instead of
being cut or scrolled sideways (a court laptop's terminal may be 80 columns wide).

Every cell that holds stored text goes in through `cell`: as plain Text (never markup, so a name like "[bold]"
stays literal) and through yjtui.text.shown, so a name holding escape sequences cannot command the terminal."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from yjtui.text import shown

PADDING = 2  # DataTable's cell padding, one each side
SCROLLBAR = 2


def fit_columns(table: DataTable, columns: list[tuple[str, int, int]], width: int) -> bool:
    """(label, minimum width, weight) per column: fixed columns have weight 0, text columns share what is left.
    Rebuilds the columns (which clears the rows) when the widths change; returns True if it did."""
    room = max(0, width - SCROLLBAR - PADDING * len(columns))
    mins = [max(minimum, len(label)) for label, minimum, _w in columns]
    spare = max(0, room - sum(mins))
    weights = sum(w for _l, _m, w in columns) or 1
    widths = [m + spare * w // weights for m, (_l, _m2, w) in zip(mins, columns)]
    current = [c.width for c in table.columns.values()]
    if current == widths and [str(c.label) for c in table.columns.values()] == [c[0] for c in columns]:
        return False
    table.clear(columns=True)
    for (label, _m, _w), w in zip(columns, widths):
        table.add_column(label, width=w)
    return True


def cell(value: object, style: str = "") -> Text:
    """A table cell for stored text: control characters, escapes and bidi overrides made visible, no markup."""
    return Text(shown(value), style=style)


class Paged:
    """A long list put in a DataTable a page at a time, as the cursor comes near the end of what is listed: a table
    of thousands of rows takes seconds to lay out, and nobody reads past the first screens without moving down.

    `add(table, i)` adds row `i` of the list (its key `str(i)`); call `show(count)` with a new list, and
    `near(row)` from the table's RowHighlighted handler."""

    PAGE = 60  # a screen and a half: 200 rows took a third of a second to list, a key waiting meanwhile

    def __init__(self, table: DataTable, add) -> None:
        self.table, self.add = table, add
        self.count = self.listed = 0

    def show(self, count: int, upto: int = 0) -> None:
        self.table.clear()
        self.count, self.listed = count, 0
        self.more(max(self.PAGE, upto))

    def more(self, upto: int | None = None) -> None:
        end = min(self.count, upto if upto is not None else self.listed + self.PAGE)
        for i in range(self.listed, end):
            self.add(self.table, i)
        self.listed = max(self.listed, end)

    def near(self, row: int) -> None:
        if row >= self.listed - 10 and self.listed < self.count:
            self.table.call_after_refresh(self.more)
