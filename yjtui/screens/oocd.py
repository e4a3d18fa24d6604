"""The out-of-court disposal decision (F9): the offence from the gravity matrix, its factors ticked, the officer's
adjustment, and what the final score leads to, with the gates of the case responsibility protocol live beside the
form. Recording the decision (ctrl+o) needs what the gates require; each decision is a `CaseRecord` of kind
`oocd` (see `yjtui.casework.police`), saved as it is typed.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, Label, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from yjtui.casework import police, sign_off
from yjtui.casework.dates import show_datetime
from yjtui.rules import oocd as rules
from yjtui.screens import keys
from yjtui.screens.findings import as_content
from yjtui.screens.record_form import F, FindingsPanel, Held, RecordScreen, TextModal, findings_content
from yjtui.casework.records import CaseRecord, Child
from yjtui.text import shown

BINDINGS = keys.OOCD

def _f(key: str, label: str, kind: str = "text", options: tuple = (), maximum: int = 1000) -> F:
    return F(key, label, f"data.{key}", kind, options, record="oocd", maximum=maximum)


OUTCOME_OPTIONS = tuple((label, key) for key, (label, _c) in rules.OUTCOMES.items())
FACTORS = (_f("aggravating", "Aggravating factors ticked", "multi"), _f("mitigating", "Mitigating factors ticked",
                                                                        "multi"))
FIELDS_BEFORE_DECISION = (
    _f("adjustment", "Adjustment: do the factors move the score? (your judgement, one point at most)", "select",
       tuple((label, n) for n, label in rules.ADJUSTMENT_LABELS.items())),
    _f("previous_formal_oocd", "Previous formal out-of-court disposals (Youth Cautions, Youth Conditional "
       "Cautions)", "int", maximum=50),
    _f("police_concerns", "Do the police have concerns about the child?", "yesno"),
    _f("indictable_only", "Indictable-only offence?", "yesno"),
    _f("previous_knife_arrests", "Earlier arrests for possessing a blade or offensive weapon (the knife-crime "
       "agreement)", "int", maximum=50),
    _f("hate_crime", "Classified as hate crime under CPS policies?", "yesno"),
    _f("domestic_violence", "Classified as domestic violence under CPS policies?", "yesno"),
    _f("admits", "Does the child admit the offence?", "yesno"),
)
FIELDS_DECISION = (
    _f("decision", "Decision", "select", OUTCOME_OPTIONS),
    _f("rationale", "Reasons (needed when departing from what the score leads to)", "long"),
    _f("yjs_assessment_done", "YJS assessment done?", "yesno"),
    _f("yjs_agrees", "YJS agrees (a Youth Conditional Caution is a joint decision)?", "yesno"),
    _f("cps_authority", "CPS authority or charging decision given (indictable-only, or an offence the police may "
       "not charge)?", "yesno"),
    _f("child_agrees", "Child agrees?", "yesno"),
    _f("parent_agrees", "Parent or carer agrees?", "yesno"),
    _f("out_of_area", "Does the child live outside this area (Home service to be told in 24 hours)?", "yesno"),
    _f("home_service", "Home youth justice service"),
)


class OocdScreen(RecordScreen):
    BINDINGS = BINDINGS
    TITLE = "Out-of-court decision"
    ENTRY_LABELS = {("offence",): "Offence", ("offence_citation",): "Offence (the gravity matrix's line)",
                    ("gravity_score",): "Gravity score",
                    ("event_id",): "The notice to the Home service on the board"}
    AUTO_FOCUS = "#offence-search"
    FORM_ID, PANEL_ID = "oocd-form", "oocd-panel"
    DEFAULT_CSS = """
    #offence-hits { height: 8; width: 100%; max-width: 70; }
    #oocd-form SelectionList { max-height: 10; }
    """

    def __init__(self, child: Child) -> None:
        super().__init__(child)
        self._hits: list[dict] = []

    # --- the decision in hand ---------------------------------------------------------------------------------
    @property
    def record(self) -> CaseRecord | None:
        return self.held["oocd"].record

    @property
    def data(self) -> dict:
        return self.held["oocd"].data

    def load_records(self) -> None:
        # The draft in hand, else a new decision (created with its first answer); recorded ones are on ctrl+y.
        drafts = [r for r in police.records(self.app.store, self.child.id, police.KIND_OOCD) if r.status == "draft"]
        self.held = {"oocd": Held(drafts[-1] if drafts else None)}

    def read_only(self, name: str = "oocd") -> bool:
        return self.record is not None and self.record.status != "draft"

    def start_record(self, name: str) -> CaseRecord:
        return police.new_oocd(self.app.store, self.child)

    def compose_form(self) -> ComposeResult:
        yield Static("", id="oocd-status")
        yield Label("Offence (type part of its name, enter picks the highlighted one)", classes="field-label")
        yield Input(shown(self.data.get("offence", "")), id="offence-search", compact=True,
                    placeholder="e.g. burglary dwelling")
        yield OptionList(id="offence-hits")
        yield Static("", id="offence-none", classes="msg")
        yield Static("", id="offence-chosen")
        yield Label("Aggravating factors (space ticks; the offence's own, then the general ones)",
                    classes="field-label")
        yield from self.widgets(FACTORS[0], label=False, message=False)
        yield Label("Mitigating factors", classes="field-label")
        yield from self.widgets(FACTORS[1], label=False, message=False)
        for f in FIELDS_BEFORE_DECISION:
            yield from self.widgets(f)
        yield Static(Text("The decision", style="bold underline"), classes="field-label")
        for f in FIELDS_DECISION:
            yield from self.widgets(f)

    def compose_panel(self) -> ComposeResult:
        yield Static("", id="oocd-summary")
        yield FindingsPanel("", id="oocd-findings")

    def on_mount(self) -> None:
        self.sub_title = self.child.display_name
        self._fill_hits(self.data.get("offence", ""))
        self._fill_factors()
        if not self.data.get("previous_formal_oocd") and self.data.get("previous_formal_oocd") != 0:
            known = police.previous_formal(self.app.store, self.child.id, self.record.id if self.record else None)
            if known:
                self.query_one("#previous_formal_oocd-msg", Static).update(
                    Text(f"{known} recorded here for this child."))
        self._set_read_only()
        self.refresh_form()
        self.set_timer(0.05, lambda: self.query_one("#oocd-form").scroll_home(animate=False))

    # --- the offence ------------------------------------------------------------------------------------------
    def _fill_hits(self, query: str) -> None:
        self._hits = police.find_offences(query, limit=30)
        hits = self.query_one("#offence-hits", OptionList)
        hits.clear_options()
        hits.add_options([Option(Text(f"{e['score'] if e['score'] is not None else '-'}  {e['offence']}"))
                          for e in self._hits])
        if self._hits:
            hits.highlighted = 0
        # Said where the list stands: an empty list looked like a place to go, and Enter took the cursor into it.
        none = f"No offence in the gravity matrix contains \"{query.strip()}\": try part of a word (\"blade\")." \
            if query.strip() and not self._hits else ""
        self.query_one("#offence-none", Static).update(Text(shown(none)))

    @on(Input.Changed, "#offence-search")
    def _search(self, event: Input.Changed) -> None:
        if not self.read_only():
            self._fill_hits(event.value)

    @on(Input.Submitted, "#offence-search")
    def _to_hits(self) -> None:
        """Enter picks the highlighted offence (the first hit, or the one moved to): one Enter, not two (issue 23).
        With no hit the cursor stays in the search (the message under it says why); read only, the list takes it."""
        hits = self.query_one("#offence-hits", OptionList)
        if not self.read_only() and hits.highlighted is not None and 0 <= hits.highlighted < len(self._hits):
            self._pick(hits.highlighted)
        elif self.read_only():
            hits.focus()

    def on_key(self, event) -> None:
        # Down from the search goes into the matrix's offences too, as from a charge on the court screen (F3).
        hits = self.query_one("#offence-hits", OptionList)
        if event.key == "down" and self.focused is self.query_one("#offence-search") and hits.option_count:
            event.stop()
            hits.focus()
            hits.highlighted = 0

    @on(OptionList.OptionSelected, "#offence-hits")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if self.read_only() or not 0 <= event.option_index < len(self._hits):
            return
        self._pick(event.option_index)

    def _pick(self, index: int) -> None:
        entry = self._hits[index]
        held = self.held["oocd"]
        for key, value in (("offence", entry["offence"]), ("offence_citation", entry["citation"]),
                           ("aggravating", []), ("mitigating", []), ("gravity_score", entry["score"])):
            held.put(("data", key), value)
        with self.prevent(Input.Changed):
            self.query_one("#offence-search", Input).value = entry["offence"]
        self.touch("oocd")
        self._fill_factors()
        self.refresh_form()
        self.query_one("#aggravating").focus()

    def _fill_factors(self) -> None:
        entry = rules.matrix_entry(self.data.get("offence"))
        general = police.general_factors()
        for key in ("aggravating", "mitigating"):
            box = self.query_one(f"#{key}", SelectionList)
            ticked = set(self.data.get(key) or [])
            with self.prevent(SelectionList.SelectedChanged):
                box.clear_options()
                own = entry.get(key, []) if entry else []
                box.add_options([(Text(f), f, f in ticked) for f in own]
                                + [(Text("General: " + f), f, f in ticked) for f in general[key] if f not in own])
                box.highlighted = 0 if box.option_count else None
        chosen = self.query_one("#offence-chosen", Static)
        if entry:
            score = entry["score"] if entry["score"] is not None else "none printed"
            chosen.update(Text(f"{entry['offence']} ({entry['category']}): gravity score {score} "
                               f"({entry['citation']})"))
        elif self.data.get("offence"):
            chosen.update(Text(f"{shown(self.data['offence'])}: not in the gravity matrix."))
        else:
            chosen.update(Text("No offence chosen yet."))

    # --- showing ----------------------------------------------------------------------------------------------
    def saved_shown(self) -> None:
        search = self.query_one("#offence-search", Input)
        if search.value != shown(self.data.get("offence", "")):
            with self.prevent(Input.Changed):
                search.value = shown(self.data.get("offence", ""))
            self._fill_hits(search.value)
        self._fill_factors()
        self.refresh_form()

    def refresh_form(self) -> None:
        """The final score, what it leads to, the gates and the findings, from memory."""
        status = self.query_one("#oocd-status", Static)
        if self.read_only():
            status.update(Text(f"Recorded {show_datetime(self.record.completed_at)} by {shown(self.record.author)}: "
                               "read-only (ctrl+n for a new decision).", style="bold"))
        else:
            status.update(Text("Draft decision: saved as you type; ctrl+o records it.", style="bold"))
        evaluation = police.evaluate_police(self.app.store, self.child, self.app.today(), oocd=self.data,
                                            packs=self.packs)
        summary = Text()
        if evaluation is None:
            summary.append("The engine cannot read this record; check the fields marked.\n")
            self.query_one("#oocd-summary", Static).update(summary)
            return
        v = evaluation.values.get("oocd") or {}
        base, adj, final = self.data.get("gravity_score"), self.data.get("adjustment"), v.get("final_score")
        summary.append("Final score: ", style="bold")
        if final is None:
            summary.append(f"gravity score {base if base is not None else '?'}, adjustment "
                           f"{'?' if adj is None else f'{adj:+d}'}: not settled yet\n")
        else:
            summary.append(f"{base} {'+' if adj >= 0 else '-'} {abs(adj)} = {final}\n", style="bold")
        outcomes = v.get("outcomes")
        summary.append("Normally leads to: ", style="bold")
        if outcomes is None:
            summary.append("(once the score is settled)\n")
        elif outcomes:
            summary.append(", ".join(rules.OUTCOMES[k][0] for k in outcomes) + "\n")
        else:
            summary.append("the source does not say (off its 1 to 4 scale)\n")
        for key, label in (("cps_authority_needed", "CPS authority needed"),
                           ("yjs_assessment_needed", "YJS assessment needed before the decision")):
            answer = {True: "YES", False: "no", None: "not yet known"}[v.get(key)]
            summary.append(f"{label}: ", style="bold")
            summary.append(answer + "\n", style="bold red" if v.get(key) else "")
        content = as_content(summary)
        blocks = police.blockers(self.data) if not self.read_only() else []
        if blocks:
            content = content + Content.styled("\nBefore recording:\n", "bold") + findings_content(blocks)
        self.query_one("#oocd-summary", Static).update(content)
        findings = [f for f in evaluation.findings if f.rule.startswith("oocd.")]
        self.query_one("#oocd-findings", FindingsPanel).show(findings, before=["\n"])

    def _set_read_only(self) -> None:
        for widget in self.query("#oocd-form Input, #oocd-form Select, #oocd-form SelectionList, #offence-hits"):
            widget.disabled = self.read_only()

    # --- keys -------------------------------------------------------------------------------------------------
    def action_find_offence(self) -> None:
        self.query_one("#offence-search").focus()

    def action_record(self) -> None:
        if self.read_only():
            self.notify("This decision is already recorded: ctrl+n starts a new one.", markup=False)
            return
        self.flush()
        if self.guard.asking:  # the save met another copy's change to the same entries: their answer first
            return
        blocks = police.blockers(self.data)
        if blocks or self.record is None:
            self.notify("Not recorded yet: " + " ".join(b.message for b in blocks), severity="warning",
                        markup=False, timeout=8)
            self.refresh_form()
            return
        store, now = self.app.store, datetime.now()
        police.notify_home_service(store, self.child, self.data, now)
        self.guard.save(self.record, {**self.held["oocd"].dumped(), **sign_off.completed(store, now)})
        if self.guard.asking:
            return
        forget = getattr(self.app, "forget_deadlines", None)
        if forget:
            forget()
        self._set_read_only()
        self.refresh_form()
        self.notify(f"Decision recorded: {rules.OUTCOMES[self.data['decision']][0]}.", markup=False)

    def action_new_decision(self) -> None:
        if not self.read_only():
            self.notify("This decision is still a draft: carry on with it.", markup=False)
            return
        self.held["oocd"] = Held(None)
        with self.prevent(Input.Changed):
            self.query_one("#offence-search", Input).value = ""
        self.show_values()
        self._fill_hits("")
        self._fill_factors()
        self._set_read_only()
        self.refresh_form()
        self.query_one("#offence-search").focus()

    def action_history(self) -> None:
        body = Text()
        for r in reversed(police.records(self.app.store, self.child.id, police.KIND_OOCD)):
            d = police.data_of(r)
            decision = rules.OUTCOMES.get(d.get("decision"), ("no decision",))[0]
            final = (d["gravity_score"] + d["adjustment"]) if isinstance(d.get("gravity_score"), int) \
                and isinstance(d.get("adjustment"), int) else "?"
            when = show_datetime(r.completed_at) if r.completed_at else "draft"
            body.append(f"{when}  {shown(d.get('offence', '(no offence)'))}: final score {final}, {decision}")
            body.append(f" ({shown(r.author)})\n" if r.author else "\n")
            if d.get("rationale"):
                body.append(f"    Reasons: {shown(d['rationale'], keep_newlines=True)}\n")
        self.app.push_screen(TextModal("Out-of-court decisions for this child, newest first (read-only)",
                                       body or Text("None yet.")))
