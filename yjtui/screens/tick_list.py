"""A tick list whose choices wrap onto more lines instead of being cut.

Textual's SelectionList cuts each choice at its width with "…": F9's gravity factors ("Victim was vulnerable, d…")
could not be read at 80 columns, nor the longest at 200 (issue 23). Wrapping alone is not enough: SelectionList draws
its tick box on every line and takes the n-th line for the n-th choice, so a wrapped list showed one choice's tick
beside another's words. Here the tick box is drawn once, on a choice's first line, for the choice on that line.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widgets import OptionList, SelectionList
from textual.widgets._toggle_button import ToggleButton


class TickList(SelectionList):
    DEFAULT_CSS = "TickList { text-wrap: wrap; text-overflow: fold; }"

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)  # the choice's words on this line, without a tick box
        try:
            index, line_offset = self._lines[self.scroll_offset.y + y]
            selection = self.get_option_at_index(index)
        except (IndexError, LookupError):
            return line
        underlying = next(iter(line)).style if line.cell_length else self.rich_style
        underlying = underlying or self.rich_style
        if line_offset:  # the rest of a wrapped choice: under its words, no second tick box
            return Strip([Segment("    ", underlying), *line])
        component = "selection-list--button"
        if selection.value in self._selected:
            component += "-selected"
        if self.highlighted == index:
            component += "-highlighted"
        button = self.get_component_rich_style(component) + Style(meta={"option": index})
        side = Style.from_color(button.bgcolor, underlying.bgcolor) + Style(meta={"option": index})
        return Strip([Segment(ToggleButton.BUTTON_LEFT, side), Segment(ToggleButton.BUTTON_INNER, button),
                      Segment(ToggleButton.BUTTON_RIGHT, side), Segment(" ", underlying), *line])
