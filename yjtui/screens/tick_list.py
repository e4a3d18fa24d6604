"""A tick list whose choices wrap onto more lines instead of being cut.

Textual's SelectionList cuts each choice at its width with "…": F9's gravity factors ("Victim was vulnerable, d…")
could not be read at 80 columns, nor the longest at 200 (issue 23). Wrapping alone is not enough: SelectionList draws
its tick box on every line and takes the n-th line for the n-th choice, so a wrapped list showed one choice's tick
beside another's words. Here the tick box is drawn once, on a choice's first line, for the choice on that line.

A ticked box and an empty one differ in their characters, not only in colour: Textual draws "X" in both and colours
the ticked one, so a police officer ticked a mitigating factor for an aggravating one without seeing it, and
Settings showed every pack "X" while all were off (issue 23; without colour, NO_COLOR, nothing told them apart).
Every tick box of the app is drawn here: TickList for lists, TickBox for a single box.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets import Checkbox, OptionList, SelectionList
from textual.widgets._toggle_button import ToggleButton

TICKED = "X"
UNTICKED = " "


def tick(on: bool) -> str:
    """The character inside a tick box: a mark when ticked, blank when not."""
    return TICKED if on else UNTICKED


class TickBox(Checkbox):
    """A single tick box (Settings' packs, an export's encryption) whose box is empty when unticked."""

    DEFAULT_CSS = "TickBox { max-width: 100%; text-wrap: wrap; text-overflow: fold; }"

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 (Textual's name, read by ToggleButton._button)
        return tick(self.value)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many lines as the words wrap to (Textual's tick box is one line, its words cut at the edge: Settings
        lost the end of a pack's description at 120 columns)."""
        return max(1, len(self.render().wrap(max(1, width))))


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
        ticked = selection.value in self._selected
        component = "selection-list--button"
        if ticked:
            component += "-selected"
        if self.highlighted == index:
            component += "-highlighted"
        button = self.get_component_rich_style(component) + Style(meta={"option": index})
        side = Style.from_color(button.bgcolor, underlying.bgcolor) + Style(meta={"option": index})
        return Strip([Segment(ToggleButton.BUTTON_LEFT, side), Segment(tick(ticked), button),
                      Segment(ToggleButton.BUTTON_RIGHT, side), Segment(" ", underlying), *line])
