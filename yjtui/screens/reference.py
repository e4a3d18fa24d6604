"""Reference at a keystroke: the gravity matrix, YRO requirements, MAPPA, timescales, glossary and the rest,
searched as you type; the gravity view scores an offence with its factors and shows what that score leads to."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.markup import escape
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, OptionList, Select, SelectionList, Static
from textual.widgets.option_list import Option

from yjtui.reference import gravity
from yjtui.reference.loader import RefEntry, load_all
from yjtui.reference.search import search
from yjtui.screens.footer import Footer
from yjtui.screens.header import Header
from yjtui.screens.tick_list import TickList
from yjtui.text import shown

BINDINGS = [
    Binding("escape", "back", "Back", id="reference.back"),
    Binding("ctrl+f", "focus_search", "Search", id="reference.search"),
    Binding("ctrl+g", "focus_gravity", "Score factors", id="reference.gravity"),
]

SET_LABELS = {
    "gravity": "Gravity", "yro_requirements": "YRO", "ancillary_orders": "Ancillary", "report_types": "Report",
    "bail_grounds": "Bail Act", "remand_conditions": "Remand", "mappa": "MAPPA", "schedule15": "Sch 15",
    "timescales": "Timescale", "glossary": "Glossary", "offences": "Offence",
}
SEVERITY_WORDS = {"info": "Note", "warning": "Warning", "action": "Action"}


def hit_words(entry: RefEntry) -> str:
    """A hit's line: its set's label, then its title; a title that starts with the label already names it
    ("Ancillary (civil) orders", not "Ancillary Ancillary (civil) orders")."""
    label = SET_LABELS.get(entry.set, entry.set)
    return f"{'' if entry.title.casefold().startswith(label.casefold()) else label:<9} {entry.title}"


def entry_text(entry: RefEntry) -> Text:
    """The entry as plain text: title, body, set-specific details, citation. Data is never read as markup, and
    nothing in it reaches the terminal as a control character (yjtui.text.shown)."""
    t = _ShownText()
    t.append(entry.title + "\n", style="bold")
    t.append(f"{SET_LABELS.get(entry.set, entry.set)} · {entry.citation}\n\n", style="italic")
    raw = entry.raw
    if entry.set == "gravity":
        score = raw.get("score")
        t.append(f"Category: {raw.get('category', '')}\n")
        t.append(f"Base score: {score if score is not None else 'none given in the source'}\n")
        if raw.get("legislation"):
            t.append(f"Legislation: {raw['legislation']}\n")
        for label, key in (("Aggravating", "aggravating"), ("Mitigating", "mitigating")):
            if raw.get(key):
                t.append(f"{label}: " + "; ".join(raw[key]) + "\n")
        if raw.get("notes"):
            t.append(f"Notes: {raw['notes']}\n")
        for note in gravity.row_notes(raw.get("citation")):
            t.append(note + "\n", style="bold" if note.startswith("The matrix contradicts") else "")
    else:
        t.append(entry.body + "\n")
        limits = raw.get("limits")
        if isinstance(limits, dict) and limits:
            t.append("\nLimits: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in limits.items()) + "\n")
        for key in ("management", "caveat"):
            if raw.get(key):
                t.append(f"\n{key.capitalize()}: {raw[key]}\n")
    return t


class _ShownText(Text):
    """Text whose every appended string is shown (the reference data ships with yjtui, but a service may edit it)."""

    def append(self, text, style=None):  # type: ignore[override]
        return super().append(shown(text, keep_newlines=True) if isinstance(text, str) else text, style)


class ReferenceScreen(Screen):
    BINDINGS = BINDINGS
    TITLE = "Reference"
    AUTO_FOCUS = "#ref-search"

    def __init__(self, query: str = "", entry_key: tuple[str, str] | None = None) -> None:
        super().__init__()
        self._query = query
        self._entry_key = entry_key
        self._hits: list[RefEntry] = []
        self._entry: RefEntry | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(self._query, placeholder="Search everything: offence, requirement, abbreviation (e.g. burg, CJSM)",
                    id="ref-search")
        with Horizontal():
            yield OptionList(id="ref-hits")
            with VerticalScroll(id="ref-detail"):
                yield Static("", id="ref-body")
                with Vertical(id="gravity-view"):
                    # The score and what it leads to first, where the eye is; the factors to tick below.
                    yield Static("Final score (your judgement, one point either way of the base):",
                                 classes="field-label")
                    yield Select[int]([], id="gravity-final", prompt="Final score", compact=True)
                    yield Static("", id="gravity-outcome")
                    yield Static("Tick the factors that apply (space): the checks under the score use them.",
                                 classes="field-label")
                    yield TickList(id="gravity-aggravating")
                    yield TickList(id="gravity-mitigating")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#gravity-view").display = False
        self._refresh_hits()
        if self._entry_key:
            for i, e in enumerate(self._hits):
                if (e.set, e.id) == self._entry_key:
                    self.query_one("#ref-hits", OptionList).highlighted = i
                    break
            self.query_one("#ref-hits").focus()

    # --- search -----------------------------------------------------------------------------------------------
    @on(Input.Changed, "#ref-search")
    def _search(self) -> None:
        self._refresh_hits()

    @on(Input.Submitted, "#ref-search")
    def _to_hits(self) -> None:
        self.query_one("#ref-hits").focus()

    def _refresh_hits(self) -> None:
        query = self.query_one("#ref-search", Input).value
        if query.strip():
            self._hits = [h.entry for h in search(query, limit=60)]
        else:
            self._hits = [e for rs in load_all().values() for e in rs.entries][:60]
        hits = self.query_one("#ref-hits", OptionList)
        hits.clear_options()
        hits.add_options([Option(Text(shown(hit_words(e)))) for e in self._hits])
        if self._hits:
            hits.highlighted = 0
            self._show(self._hits[0])
        else:
            self._entry = None
            self.query_one("#ref-body", Static).update(Text("Nothing matches. Try part of a word or an abbreviation."))
            self.query_one("#gravity-view").display = False

    @on(OptionList.OptionHighlighted, "#ref-hits")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if 0 <= event.option_index < len(self._hits):
            self._show(self._hits[event.option_index])

    @on(OptionList.OptionSelected, "#ref-hits")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if self._entry is not None and self._entry.set == "gravity":
            self.action_focus_gravity()

    def _show(self, entry: RefEntry) -> None:
        if entry is self._entry:
            return
        self._entry = entry
        self.query_one("#ref-body", Static).update(entry_text(entry))
        view = self.query_one("#gravity-view")
        view.display = entry.set == "gravity"
        if entry.set == "gravity":
            self._load_gravity(entry)

    # --- gravity scoring ----------------------------------------------------------------------------------------
    def _load_gravity(self, entry: RefEntry) -> None:
        raw = entry.raw
        general = load_all()["gravity"].raw.get("general_factors", {})
        agg = self.query_one("#gravity-aggravating", SelectionList)
        mit = self.query_one("#gravity-mitigating", SelectionList)
        agg.clear_options()
        mit.clear_options()
        agg.border_title, mit.border_title = "Aggravating", "Mitigating"
        for box, key in ((agg, "aggravating"), (mit, "mitigating")):
            specific = [(Text(shown(f)), f"o:{i}") for i, f in enumerate(raw.get(key, []))]
            generic = [(Text(shown("General: " + f["text"])), f"g:{i}") for i, f in enumerate(general.get(key, []))]
            box.add_options(specific + generic)
            box.highlighted = 0 if box.option_count else None
        final = self.query_one("#gravity-final", Select)
        base = raw.get("score")
        if isinstance(base, int):
            low, high = gravity.final_score_range(base)
            final.set_options([(f"{s}{' (base)' if s == base else ''}", s) for s in range(low, high + 1)])
            final.value = base
        else:
            final.set_options([])
        self._gravity_outcome()

    @on(SelectionList.SelectedChanged)
    @on(Select.Changed, "#gravity-final")
    def _gravity_changed(self) -> None:
        self._gravity_outcome()

    def _gravity_outcome(self) -> None:
        entry = self._entry
        out = self.query_one("#gravity-outcome", Static)
        if entry is None or entry.set != "gravity":
            return
        base = entry.raw.get("score")
        if not isinstance(base, int):
            out.update(Text(gravity.NO_BASE_SCORE))
            return
        final = self.query_one("#gravity-final", Select).value
        final = base if final is Select.NULL else int(final)
        agg = self.query_one("#gravity-aggravating", SelectionList).selected
        mit = self.query_one("#gravity-mitigating", SelectionList).selected
        t = Text()
        t.append(f"Base {base} → final {final}. ", style="bold")
        t.append("The final score is your judgement, within one point of the base.\n")
        disposal = gravity.disposal_for(final)
        t.append(f"Score {final} normally leads to: ", style="bold")
        t.append(f"{disposal['meaning']} ({disposal['citation']})\n")
        for odd in disposal.get("oddities", ()):
            t.append(f"The source as printed: {odd['text']} ({odd['citation']})\n")
        if disposal.get("discretion"):
            d = disposal["discretion"]
            t.append(f"{d['text']} ({d['citation']})\n")
        for f in gravity.check_final_score(base, final, agg, mit):
            t.append(f"{SEVERITY_WORDS.get(f['severity'], f['severity'])}: ", style="bold")
            t.append(f"{f['message']} ({f['citation']})\n")
        out.update(t)

    # --- keys ---------------------------------------------------------------------------------------------------
    def action_back(self) -> None:
        if self.focused is not self.query_one("#ref-search"):
            self.query_one("#ref-search").focus()
        else:
            self.app.pop_screen()

    def action_focus_search(self) -> None:
        """Back to the search with the last query selected: typing replaces it, an arrow key keeps it."""
        search_input = self.query_one("#ref-search", Input)
        search_input.focus()
        search_input.select_all()

    def action_focus_gravity(self) -> None:
        if self._entry is not None and self._entry.set == "gravity":
            self.query_one("#gravity-aggravating").focus()


class ReferenceCommands(Provider):
    """The command palette finds reference entries too: "CJSM", "burglary", "curfew"."""

    async def search(self, query: str) -> Hits:
        if len(query.strip()) < 2:
            return
        for rank, hit in enumerate(search(query, limit=8)):
            entry = hit.entry
            label = f"Reference: {entry.title} ({SET_LABELS.get(entry.set, entry.set)})"
            about = entry.body[:80] if entry.set != "gravity" else f"Gravity score {entry.raw.get('score')}"
            yield Hit(0.4 - rank * 0.01, Text(shown(label)),
                      partial(self.app.push_screen, ReferenceScreen(query, (entry.set, entry.id))),
                      help=escape(shown(about)))
