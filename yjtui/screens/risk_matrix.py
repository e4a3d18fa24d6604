"""The likelihood × impact matrix (Enfield Risk Management Guidance 5.9 and 9.9, seed 002 L216–266, L627–687).

One widget draws one setting's matrix (community or custody). For RoSH each cell carries Matrix 2's suggested
level, written as a word as well as a colour (Textual has no screen reader support, so colour never carries
meaning alone); the behaviours sit in their cells by number. For safety and well-being the guidance's matrix has no
suggested levels (9.10: "the overall rating will be based on your professional judgement"), so its cells carry
only the adverse outcomes, by number and name.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Static

from yjtui.rules import rosh_suggested_for
from yjtui.rules.facts import IMPACTS, LIKELIHOODS
from yjtui.rules.levels import LABEL

LIKELIHOOD_WORDS = {"unlikely": "Unlikely", "possible": "Possible", "likely": "Likely", "very_likely": "Very Likely",
                    "almost_certain": "Almost Certain"}
IMPACT_WORDS = {"slight": "Slight", "minor": "Minor", "medium": "Medium", "major": "Major", "critical": "Critical"}
LEVEL_WORDS = LABEL
SETTING_WORDS = {"community": "Community", "custody": "Custody"}

# Short words that fit a cell; the legend under the matrix spells them out.
_SHORT = {"low": "Low", "medium": "Med", "high": "High", "very_high": "V.High"}
_COLUMN_HEADS = {"unlikely": "Unlikely", "possible": "Possible", "likely": "Likely", "very_likely": "V.Likely",
                 "almost_certain": "Alm.Cert"}
LEVEL_STYLE = {"low": "black on #9ccc9c", "medium": "black on #e8d87a", "high": "black on #f0a060",
               "very_high": "bold white on #b03030"}
CELL = 11
ROW_HEAD = 9
LEGEND_ROSH = ("Cells: Matrix 2's suggestion (Med = Medium, Hi = High, V.High = Very High, Med/Hi = Medium or "
               "High, Hi/V.Hi = High or Very High); numbers: your behaviours (+ = more in that cell).")


@dataclass(frozen=True)
class Placed:
    """One behaviour or adverse outcome, as the matrix places it."""

    number: int  # as the list shows it, from 1
    likelihood: str
    impact: str
    name: str = ""


def cell_word(likelihood: str, impact: str) -> tuple[str, str]:
    """Matrix 2's suggestion for a cell as a short word, and the level whose colour the cell takes (the highest)."""
    lo, hi = rosh_suggested_for(likelihood, impact)
    word = _SHORT[lo] if lo == hi else {"medium": "Med/Hi", "high": "Hi/V.Hi"}[lo]
    return word, hi


def render_matrix(title: str, items: list[Placed], *, levels: bool, highlight: int | None = None) -> Text:
    """The matrix as text: impact rows (Slight at the top, as the guidance draws it), likelihood columns."""
    text = Text()
    text.append(f"{title}\n", style="bold")
    text.append(f"{'Impact':<{ROW_HEAD}}", style="bold")
    for lk in LIKELIHOODS:
        text.append(f"{_COLUMN_HEADS[lk]:<{CELL}}", style="bold")
    text.append("\n")
    for im in IMPACTS:
        text.append(f"{IMPACT_WORDS[im]:<{ROW_HEAD}}", style="bold")
        for lk in LIKELIHOODS:
            here = [p for p in items if p.likelihood == lk and p.impact == im]
            nums = ",".join(str(p.number) for p in here)
            if levels:
                word, colour = cell_word(lk, im)
                body = f"{word} {nums}" if nums else word
                if len(body) > CELL - 1:
                    body = body[:CELL - 2] + "+"
                style = LEVEL_STYLE[colour]
            else:
                if len(here) == 1 and here[0].name:
                    body = f"{nums} {here[0].name}"
                else:
                    body = nums or "·"
                style = ""
            if highlight is not None and any(p.number == highlight for p in here):
                body = f"*{body}"
                style = (style + " bold underline").strip()
            if here and levels:
                style += " bold"
            body = body[:CELL - 1]
            text.append(f"{body:<{CELL - 1}}", style=style or None)
            text.append(" ")
        text.append("\n")
    return text


class RiskMatrix(Static):
    """A 5 × 5 matrix for one setting, redrawn in place when a likelihood or impact changes."""

    DEFAULT_CSS = """
    RiskMatrix { height: auto; width: auto; margin-bottom: 1; }
    """

    def __init__(self, title: str, *, levels: bool, id: str | None = None) -> None:
        super().__init__(render_matrix(title, [], levels=levels), id=id)
        self.title = title
        self.levels = levels
        self._shown: tuple = ()

    def show(self, items: list[Placed], highlight: int | None = None) -> None:
        key = (tuple(items), highlight)
        if key == self._shown:
            return
        self._shown = key
        self.update(render_matrix(self.title, items, levels=self.levels, highlight=highlight))
