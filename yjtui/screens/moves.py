"""Moves: case responsibility and transfer between YOTs, and the move to the Probation Service at 18.

Two records (`CaseRecord` kinds `transfer` and `transition`, see `casework.moves`), on the one record form
(`RecordScreen`): each field declared once (`screens/moves_widgets.py`), saved after the pause in typing. The
transfer side records the situation, who is responsible, the named supervising officer, the protocol's gates, the
Appendix 2 checklist, the intervention level, the questions left to judgement and a dispute; the youth to adult side
records the order's end, the agreed transfer date, the decision, the transition plan's seven areas and the gates
before transfer. Once a record is saved its dates are brought in step with its dated events (the board's deadlines),
and only when they changed. The panel shows what the rules engine makes of it (`values.transfer`,
`values.transition`), each finding with its citation, and the gaps in the sources.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Static, TabbedContent, TabPane

from yjtui.casework import board, case_facts, moves
from yjtui.casework.dates import show_date
from yjtui.casework.export import document, moves_export
from yjtui.casework.forms import LOOKED_AFTER
from yjtui.rules import FactsError, evaluate
from yjtui.rules import transfer as tr
from yjtui.rules import transition as y2a
from yjtui.screens import keys
from yjtui.screens import moves_widgets as mw
from yjtui.screens.forms import Choice
from yjtui.screens.export_modal import ExportDialog
from yjtui.screens.focus import focus_when_shown
from yjtui.screens.footer import Footer
from yjtui.screens.header import Header
from yjtui.screens.forms import NameModal
from yjtui.screens.record_form import F, Held, RecordScreen
from yjtui.text import shown

BINDINGS = keys.MOVES
EVENTS_WORDS = "The dated events on the board (kept in step with the dates)"
UNREAD = object()  # the MAPPA level not read yet


class MovesScreen(RecordScreen):
    BINDINGS = BINDINGS
    TITLE = "Moves: transfer and youth to adult"
    PANEL_ID = "moves-panel"
    MSG_ID = "msg-{}"
    PLAIN_FIELDS = {**RecordScreen.PLAIN_FIELDS, "completed_at": "Recorded on"}
    DEFAULT_CSS = """
    /* The tab bar over the whole width (beside the panel, in 3fr of 80 columns, "Transition plan" was off its
       edge: issue 23); the panel beside the tab's content, under the bar, as wide as before (2fr of 5). */
    MovesScreen #moves-main { width: 100%; }
    MovesScreen #moves-main > ContentSwitcher { width: 60%; }
    MovesScreen #moves-panel { position: absolute; offset: 150% 2; width: 40%; height: 100%; padding: 0 1 2 1;
                               border-left: solid $primary; }
    MovesScreen Input { width: 100%; background: $boost; }
    MovesScreen Input:focus { background: $primary 30%; }
    MovesScreen .field-label { margin-top: 1; text-style: bold; width: 100%; }
    MovesScreen .field-msg { color: $error; height: auto; }
    MovesScreen .note { color: $text-muted; height: auto; }
    MovesScreen .heading { margin-top: 1; text-style: bold underline; }
    MovesScreen .caveat { color: $warning; height: auto; }
    MovesScreen TabPane { padding: 0 1; }
    MovesScreen #transfer-result { height: auto; margin-top: 1; }
    """

    def __init__(self, child) -> None:
        super().__init__(child)
        self.evaluation = None
        self._nation: str | None = None
        self._mappa: Any = UNREAD
        self._rows: list | None = None  # the child's open deadlines, read again once the events changed
        self._synced: dict[str, str] = {}  # each record's dated events as last brought in step (events_key)

    # --- records ----------------------------------------------------------------------------------------------
    @property
    def store(self):
        return self.app.store

    @property
    def nation(self) -> str:
        # Read once per screen: the setting changes only in Settings, and this is asked on every keystroke.
        if self._nation is None:
            self._nation = moves.nation(self.store)
        return self._nation

    @property
    def mappa(self) -> int | None:
        if self._mappa is UNREAD:
            self._mappa = moves.mappa_level(self.store, self.child.id)
        return self._mappa

    @property
    def records(self) -> dict[str, Any]:
        return {name: held.record for name, held in self.held.items()}

    @property
    def data(self) -> dict[str, dict[str, Any]]:
        """Each record's values as typed (the same dicts the form edits)."""
        return {name: held.data for name, held in self.held.items()}

    def load_records(self) -> None:
        # A record is made on the first answer, not on opening the screen (no empty records, no audit noise).
        self.held = {k: Held(moves.latest(self.store, self.child.id, k)) for k in (moves.TRANSFER, moves.TRANSITION)}

    def start_record(self, name: str) -> Any:
        return moves.start(self.store, self.child, name)

    def entry_words(self, field: str, path: tuple[str, ...]) -> str:
        return EVENTS_WORDS if field == "data" and path[:1] == ("events",) else super().entry_words(field, path)

    # --- layout -----------------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        self.load_records()
        intro = Text(f"{shown(self.child.display_name)} · "
                     f"{shown(LOOKED_AFTER.get(self.child.looked_after, self.child.looked_after))}")
        yield Header()
        with Horizontal():
            yield from self.compose_tabs("moves-main", mw.TABS,
                                         lambda name: mw.compose_tab(name, self.widgets, intro))
            with VerticalScroll(id=self.PANEL_ID):
                yield Static("", id="panel-record")
                yield Static("", id="panel-main")
                yield Static("", id="panel-checks")
                yield Static("", id="panel-gaps", classes="caveat")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.child.display_name
        # The events follow the record and the service's nation (changed in Settings since the last save?).
        for name, held in self.held.items():
            if held.data.get("events"):
                self.keep_events(name)
        self.refresh_form()
        self.query_one("#ct-situation", Choice).focus()

    def on_screen_resume(self) -> None:
        """Back from Settings (or another screen): a changed nation changes the Y2A events, and the packs and the
        child's records the panel."""
        if self._nation is not None and moves.nation(self.store) != self._nation:
            self._nation = None
            self.flush()
            for name in self.held:
                self.keep_events(name)
        super().on_screen_resume()

    def on_screen_suspend(self) -> None:
        self._mappa = UNREAD  # a MAPPA level may be recorded meanwhile (the risk screen)

    # --- saving: the dated events follow the record -----------------------------------------------------------
    def keep_events(self, name: str) -> None:
        """Bring the record's dated events (the board's deadlines) in step with its dates, once it is saved; while
        what they would be is unchanged, nothing is asked of the store."""
        held = self.held[name]
        if held.record is None or self.guard.asking:
            return
        if self._synced.get(name) == moves.events_key(name, held.data, self.child, self.nation, self.mappa):
            return
        added = moves.sync_events(self.store, self.child, name, held.data, self.nation, self.mappa)
        self._synced[name] = moves.events_key(name, held.data, self.child, self.nation, self.mappa)
        self.forget_snapshot()  # the events changed: the child's records are read again when next asked
        self._rows = None
        self.forget_deadlines()
        if added:
            self.save_now(name)  # the record names its events

    def after_save(self, name: str) -> None:
        """The record is saved (another copy's change merged in first): its events follow both copies' entries
        (that copy's events are reused, not made twice)."""
        self.keep_events(name)
        if self.is_mounted and self.app.screen is self:
            self.refresh_form()

    def saved_shown(self) -> None:
        """Another copy's change is on screen: the events follow the saved entries once this frame is drawn."""
        self._synced.clear()
        self._rows = None
        self.call_after_refresh(lambda: [self.keep_events(name) for name in self.held])
        self.refresh_form()

    def put(self, f: F, value: Any) -> bool:
        return super().put(f, None if value == "" else value)  # "not recorded": no entry

    def changed(self, f: F | None) -> None:
        """What follows an answer on this screen: the protocol's responsible YOT, the child identified for the
        youth to adult transfer; an earlier ctrl+o answer no longer holds."""
        if f is not None:
            path = f.parts[1:]
            if f.record == moves.TRANSFER:
                self.say("#transfer-result", Text())
                if path == ("situation",):
                    self._respond(moves.suggested_responsible(self.data[moves.TRANSFER]))
                elif path == ("transferred_on",):
                    self._respond(moves.followed_responsible(self.data[moves.TRANSFER], bool(self.value_of(f))))
            elif path == ("order_ends_on",):
                self._identify()
        self.refresh_form()

    def _respond(self, responsible: str | None) -> None:
        if responsible is not None:
            self.held[moves.TRANSFER].put(mw.RESPONSIBLE.parts, responsible)
            self.set_value(mw.RESPONSIBLE, responsible)

    def _identify(self) -> None:
        """Flag at sentence: an order that runs past 18 is identified today unless a date is already recorded."""
        data = self.data[moves.TRANSITION]
        widget = self.query_one("#y-identified_on", Input)
        if data.get("identified_on") or widget.value.strip() or not self.child.date_of_birth:
            return
        if y2a.eligible(self.child.date_of_birth, moves.iso(data.get("order_ends_on"))) == "yes":
            data["identified_on"] = self.app.today().isoformat()
            with widget.prevent(Input.Changed):
                widget.value = show_date(self.app.today())
            # Filled while the practitioner types the end date: a date typed next into this field replaces it
            # rather than being added to it ("02/12/202615/11/2026" was refused and today's date kept).
            widget.select_on_focus = True

    def _touch(self, name: str) -> None:
        """The screen changed a record's values itself: save it after the pause."""
        self.touch(name, typing=True)

    # --- the engine and the panel -----------------------------------------------------------------------------
    def facts(self) -> dict[str, Any]:
        facts = case_facts.build(self.store, self.child, as_of=self.app.today(), snapshot=self.snapshot)
        facts["transfer"] = moves.transfer_facts(self.data[moves.TRANSFER])
        facts["transition"] = moves.transition_facts(self.data[moves.TRANSITION], self.nation)
        return facts

    def run_engine(self):
        try:
            return evaluate(self.facts(), list(self.packs), as_of=self.app.today())
        except FactsError as exc:
            self.notify(f"The rules could not read {exc}", severity="error", markup=False)
            return None

    def _board_rows(self) -> list:
        """This child's open deadlines as the board shows them (done ones off), read again once events changed."""
        if self._rows is None:
            self._rows = board.child_deadlines(self.store, self.child, self.app.today())
        return self._rows

    def _group(self) -> str:
        active = (self.query_one("#moves-main", TabbedContent).active or "tab-transfer").removeprefix("tab-")
        return moves.TRANSFER if active in mw.TRANSFER_TABS else moves.TRANSITION

    def refresh_form(self) -> None:
        """The panel and the notes beside the fields, from memory (the snapshot, the values as typed)."""
        self.evaluation = self.run_engine()
        values = self.evaluation.values if self.evaluation else {}
        findings = self.evaluation.findings if self.evaluation else []
        group = self._group()
        record = self.records[group]
        earlier = [r for r in (self.snapshot.case_records or [])
                   if r.kind == group and (record is None or r.id != record.id)]
        self.say("#panel-record", mw.record_head(group, record, earlier))
        if group == moves.TRANSFER:
            deadlines = [r for r in self._board_rows() if r.rule.startswith(("transfer.", "out_of_area."))]
            self.say("#panel-main", mw.transfer_panel(values.get("transfer"), findings, deadlines,
                                                      self.data[moves.TRANSFER]))
            checks = tr.record_checks(self.data[moves.TRANSFER], self.child.looked_after)
        else:
            self.say("#panel-main", mw.transition_panel(values.get("transition"), findings))
            checks = y2a.record_checks(self.data[moves.TRANSITION], self.nation)
        self.say("#panel-checks", mw.render_findings(checks))
        self.say("#panel-gaps", mw.gaps(group, self.nation))
        self.say("#situation-meaning", mw.situation_meaning(self.data[moves.TRANSFER]))
        self.say("#adult-intro", mw.adult_intro(self.nation))
        order = str(self.data[moves.TRANSITION].get("breach_order") or "")
        self.say("#breach-result", mw.breach_text(order, self.child.date_of_birth, self.app.today()))

    # --- actions ----------------------------------------------------------------------------------------------
    def action_record_transfer(self) -> None:
        self.flush()
        if self.guard.asking:  # the save met another copy's change to the same entries: their answer first
            return
        self._activate("transfer")
        result = self.query_one("#transfer-result", Static)
        value = (self.evaluation.values.get("transfer") if self.evaluation else None) or \
            {"allowed": "unknown", "blocks": []}
        blocked = mw.transfer_answer(value, self.evaluation.findings if self.evaluation else [])
        data = self.data[moves.TRANSFER]
        if blocked is not None:
            self.say("#transfer-result", blocked)
            self.call_after_refresh(result.scroll_visible)
            if value["allowed"] == "no":
                self.notify("Transfer blocked: see why under the request.", severity="error", markup=False)
            return
        if not moves.iso(data.get("decided_on")):
            # ctrl+o records what happened: the day the receiving YOT's manager agreed is the practitioner's to type,
            # never today by default (4.68, L24233).
            self.say("#transfer-result", Text("Not recorded: type the date the receiving YOT's operational manager "
                                              "agreed (Receiving YOT decided on), then ctrl+o.\n", style="bold yellow"))
            self.query_one("#t-decided_on", Input).focus()
            return
        record = self.records[moves.TRANSFER]
        self.guard.save(record, {"status": "complete", "completed_at": datetime.now()})
        event_id = (data.get("events") or {}).get("transfer_requested")
        if event_id is not None:
            rules = ["transfer.decision"] + (["transfer.send_documents"] if data.get("documents_sent_on") else [])
            moves.answer_deadlines(self.store, self.child.id, event_id, rules)
        self._rows = None
        self.forget_deadlines()
        self.refresh_form()
        self.say("#transfer-result", mw.transfer_agreed(data))
        self.call_after_refresh(result.scroll_visible)
        self.notify(f"Transfer agreement recorded (record {record.id}).", markup=False)

    def action_raise_dispute(self) -> None:
        self._activate("judgement")
        raised = next(f for f in mw.DISPUTE_FIELDS if f.parts[-1] == "raised_on")
        if self.value_of(raised):
            self.notify("A dispute is already recorded: its dates are under Judgement.", markup=False)
        else:
            self.held[moves.TRANSFER].put(raised.parts, self.app.today().isoformat())
            with self.prevent(Input.Changed):
                self.set_value(raised, self.value_of(raised))
            self.save_now(moves.TRANSFER)
            self.notify("Dispute recorded today: managers' step due in two working days, the board's in five (F5).",
                        markup=False)
        self.query_one("#t-dispute-notes", Input).focus()
        self.refresh_form()

    def action_countersign(self) -> None:
        self.flush()
        if self.guard.asking or self.app.refuse_countersign():  # a manager's act, as for the assessments and the plan
            return
        kind = self._group()
        if self.records[kind] is None:
            self.notify("Nothing to countersign yet: this record has no answers.", markup=False)
            return

        def done(name: str | None) -> None:
            if not name or not name.strip():
                return
            record = self.records[kind]
            if name.strip().casefold() == (record.author or "").strip().casefold():
                self.notify("The author cannot countersign their own record: a manager does.", severity="warning",
                            markup=False)
                return
            self.guard.save(record, {"countersigned_by": name.strip(),
                                     "countersigned_at": datetime.now().replace(microsecond=0),
                                     "status": "countersigned"})
            self.refresh_form()

        self.app.push_screen(NameModal("Manager's name to countersign this record (enter to sign, escape to "
                                       "cancel):"), done)

    async def action_new_record(self) -> None:
        self.flush()
        if self.guard.asking:
            return
        moves.start(self.store, self.child, self._group())
        self.notify("New record started; the earlier one is kept (see the panel).", markup=False)
        # Draw the screen afresh on the new record.
        self.app.pop_screen()
        self.app.push_screen(MovesScreen(self.child))

    def action_export(self) -> None:
        self.flush()
        author = document.author_for(self.store)

        def build(kind: str) -> moves_export.Document:
            values = self.evaluation.values if self.evaluation else {}
            return moves_export.document(kind, self.child, self.data[kind], values, author=author,
                                         today=self.app.today(),
                                         on_record=moves.order_on_record(self.store, self.child))

        self.app.push_screen(ExportDialog(moves_export.EXPORT, build, self.child, choice=self._group()))

    def action_save_now(self) -> None:
        self.flush()

    # --- navigation -------------------------------------------------------------------------------------------
    def _activate(self, name: str) -> None:
        self.query_one("#moves-main", TabbedContent).active = f"tab-{name}"

    def _go(self, step: int) -> None:
        active = self.query_one("#moves-main", TabbedContent).active or "tab-transfer"
        name = mw.SECTIONS[(mw.SECTIONS.index(active.removeprefix("tab-")) + step) % len(mw.SECTIONS)]
        self.set_focus(None)  # a field left focused in the old pane would pull TabbedContent back to it
        self._activate(name)
        pane = self.query_one(f"#tab-{name}", TabPane)  # its first field, once the pane is on screen
        focus_when_shown(pane, lambda: next((w for w in pane.query("*")
                                             if w.focusable and isinstance(w, (Input, Choice))), None))

    def action_next_section(self) -> None:
        self._go(1)

    def action_previous_section(self) -> None:
        self._go(-1)

    @on(TabbedContent.TabActivated)
    def _tab(self, _event: TabbedContent.TabActivated) -> None:
        self.refresh_form()
