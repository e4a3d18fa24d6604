"""The risk screen's three tabs as they are laid out (RoSH, safety and well-being, LoR), its declared fields, its keys,
and what a RoSH or SWB tab draws from its draft (the matrices, Matrix 2's suggestion or the highest concern, the
level definitions, the rationale's message). The words and citations are the rules layer's (`rules/risk_form.py`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Select, Static, TabbedContent, TabPane
from textual.widgets.selection_list import Selection

from yjtui.casework import assessments
from yjtui.casework.assessments import parse_yogrs
from yjtui.casework.dates import show_date
from yjtui.rules import swb_highest_concern
from yjtui.rules.facts import LEVELS, Rated
from yjtui.rules.risk_form import (LOR_REASON_LABEL, MATRIX_2_GUIDE, ROSH_DEFINITIONS, SAFEGUARDING, SWB_DEFINITIONS,
                                   SWB_FACTORS_LABEL, SWB_IMPACT_GUIDE, SWB_IMPACT_GUIDE_TITLE, SWB_NO_SUGGESTION,
                                   SWB_PREPOPULATED, SWB_REFLECT_HIGHEST, swb_factors_note)
from yjtui.rules.risk_form import SWB_RISK_FACTORS as SWB_FACTOR_LABELS
from yjtui.rules.workdays import months_after
from yjtui.screens import keys
from yjtui.screens.findings import FindingsPanel
from yjtui.screens.footer import Footer
from yjtui.screens.header import Header
from yjtui.screens.record_form import F, YES_NO
from yjtui.screens.risk_matrix import IMPACT_WORDS, LEGEND_ROSH, LEVEL_WORDS, LIKELIHOOD_WORDS, Placed, RiskMatrix
from yjtui.screens.risk_rows import Form, judgement_block, options
from yjtui.screens.sign_off import append_completed
from yjtui.screens.tick_list import TickList

BINDINGS = keys.RISK

KIND_TITLES = {"lor": "Likelihood of reoffending", "rosh": "Risk of serious harm", "swb": "Safety and well-being"}
# A draft's fields as the question about two copies' changes names them: the form's own words. The entries of `data`
# by key; the judgement, rationale and suggestion are fields of their own. (A key not listed is shown humanised.)
JUDGEMENT_LABELS = {"rosh": "Your RoSH judgement", "swb": "Your safety and well-being judgement",
                    "lor": "Your LoR judgement"}
ENTRY_LABELS = {
    "behaviours": "Harmful behaviours you foresee",
    "outcomes": "Adverse outcomes",
    "evidence": "Evidence for the judgement",
    "concerns": "Concerns about the child's safety and well-being",
    "risk_factors": "Risk factors present",
    "safeguarding": "Safeguarding",
    "yogrs_percent": "YOGRS percentage",
    "reason": "Reason the judgement differs from the YOGRS band",
}
RISK_RULES = ("lor.", "rosh.", "swb.", "safeguarding.", "intervention.")
# Findings the form already states at the field where the practitioner acts on them (the suggestion and the
# rationale, the highest concern, the YOGRS band and its reason, the trigger answer against the judgement): the
# findings panel leaves them out so each shows once. (rule id, start of the message; "" matches every message.)
AT_FIELD = (("rosh.needs_rationale", ""), ("swb.highest_concern", ""), ("lor.band", ""),
            ("swb.prepopulated", "The trigger question says no safety and well-being concerns, but the judgement"))
SWB_RISK_FACTORS = tuple(SWB_FACTOR_LABELS.items())
LOR_JUDGEMENTS = (("The YOGRS band", "band"), ("Low", "low"), ("Medium", "medium"), ("High", "high"))


def yogrs_check(text: str) -> tuple[bool, Any, str]:
    """The YOGRS field's check: its band at once, or why the text is not taken (kept in the field)."""
    ok, value, message = parse_yogrs(text)
    return ok, value, message if ok else message + " Not saved: your text is kept here."


def _fields(kind: str) -> tuple[F, ...]:
    """A RoSH or SWB draft's judgement, rationale and evidence."""
    return (F(f"{kind}-final", JUDGEMENT_LABELS[kind], "final", "select", options(LEVEL_WORDS), record=kind, blank=""),
            F(f"{kind}-rationale", "Rationale", "rationale", "long", record=kind, blank=""),
            F(f"{kind}-evidence", ENTRY_LABELS["evidence"], "data.evidence", "long", record=kind, blank=""))


FIELDS = (
    *_fields("rosh"), *_fields("swb"),
    F("swb-concerns", ENTRY_LABELS["concerns"], "data.concerns", "yesno", record="swb"),
    F("swb-factors", ENTRY_LABELS["risk_factors"], "data.risk_factors", "multi", SWB_RISK_FACTORS, record="swb"),
    F("swb-safeguarding", ENTRY_LABELS["safeguarding"], "data.safeguarding", "multi", tuple(SAFEGUARDING),
      record="swb"),
    F("lor-yogrs", ENTRY_LABELS["yogrs_percent"], "data.yogrs_percent", record="lor", check=yogrs_check),
    F("lor-final", JUDGEMENT_LABELS["lor"], "final", "select", LOR_JUDGEMENTS, record="lor", blank=""),
    F("lor-reason", ENTRY_LABELS["reason"], "data.reason", "long", record="lor", blank=""),
)

CSS = """
RiskScreen #risk-tabs { height: 1fr; }
RiskScreen TabPane { padding: 0; }
RiskScreen .pane { height: 1fr; }
RiskScreen .form { width: 52; padding: 0 1; }
RiskScreen .side { width: 1fr; padding: 0 1; border-left: solid $primary; }
RiskScreen .status { color: $text; text-style: bold; height: auto; }
RiskScreen .label { margin-top: 1; text-style: bold; width: 100%; }
RiskScreen .msg { height: auto; color: $text-muted; }
RiskScreen .msg.-error { color: $error; }
RiskScreen .msg.-warning { color: $warning; }
RiskScreen Input { width: 1fr; }
RiskScreen .form > Select { width: 1fr; }
RiskScreen .items { height: auto; }
RiskScreen #swb-factors { height: auto; max-height: 16; }
RiskScreen #swb-safeguarding { height: auto; }
RiskScreen #findings { height: 10; border-top: solid $primary; padding: 0 1; }
/* Under 116 columns the matrices go below the form (both scroll together); under 30 rows the findings
   panel is shorter, so the form keeps room at 80x24. */
RiskScreen.-narrow .pane { layout: vertical; overflow-y: auto; }
RiskScreen.-narrow .form { width: 100%; height: auto; }
RiskScreen.-narrow .side { width: 100%; height: auto; border-left: none; border-top: solid $primary; }
RiskScreen.-short #findings { height: 6; }
"""


def _rationale(kind: str, label: str) -> ComposeResult:
    yield Label(label, classes="label")
    yield Input(id=f"{kind}-rationale", compact=True, select_on_focus=False)
    yield Static("", id=f"{kind}-rationale-msg", classes="msg")


def _evidence(kind: str) -> ComposeResult:
    yield Label(ENTRY_LABELS["evidence"], classes="label")
    yield Input(id=f"{kind}-evidence", compact=True, select_on_focus=False)
    yield Static("", id=f"{kind}-complete-msg", classes="msg")


def compose() -> ComposeResult:
    """The screen: the three tabs, the findings beneath, under the one header and above the one footer."""
    yield Header()
    with TabbedContent(id="risk-tabs", initial="tab-rosh"):
        with TabPane("RoSH", id="tab-rosh"):
            with Horizontal(classes="pane"):
                with Form(classes="form", id="rosh-form"):
                    yield Static("", id="rosh-status", classes="status")
                    yield from judgement_block("rosh", "Harmful behaviours you foresee", "suggested",
                                               JUDGEMENT_LABELS["rosh"])
                    yield from _rationale("rosh", "Rationale (needed when your judgement is outside the suggestion)")
                    yield from _evidence("rosh")
                with VerticalScroll(classes="side"):
                    yield RiskMatrix("Community: likelihood across, impact down", levels=True,
                                     id="rosh-matrix-community")
                    yield RiskMatrix("Custody: likelihood across, impact down", levels=True, id="rosh-matrix-custody")
                    yield Static(Text(LEGEND_ROSH), classes="msg")
        with TabPane("Safety and well-being", id="tab-swb"):
            with Horizontal(classes="pane"):
                with Form(classes="form", id="swb-form"):
                    yield Static("", id="swb-status", classes="status")
                    yield Label("Based on your assessment do you have any concerns about the child's safety "
                                "and well-being?", classes="label")
                    yield Select(list(YES_NO), id="swb-concerns", prompt="Not answered", compact=True)
                    yield from judgement_block("swb", "Adverse outcomes", "highest", JUDGEMENT_LABELS["swb"])
                    yield from _rationale("swb", "Rationale (needed when it departs from the trigger answer, or is "
                                          "High with no factor ticked)")
                    yield Label(SWB_FACTORS_LABEL, classes="label")
                    yield TickList(*[Selection(label, key) for key, label in SWB_RISK_FACTORS], id="swb-factors")
                    yield Static("", id="swb-factors-msg", classes="msg")
                    yield Label("Safeguarding", classes="label")
                    yield TickList(*[Selection(label, key) for key, label in SAFEGUARDING], id="swb-safeguarding")
                    yield from _evidence("swb")
                with VerticalScroll(classes="side"):
                    yield RiskMatrix("Community: adverse outcomes", levels=False, id="swb-matrix-community")
                    yield RiskMatrix("Custody: adverse outcomes", levels=False, id="swb-matrix-custody")
                    guide = Text(SWB_IMPACT_GUIDE_TITLE, style="bold")
                    for word, meaning in SWB_IMPACT_GUIDE:
                        guide.append(f"{word:<9}", style="bold")
                        guide.append(f"{meaning}\n")
                    guide.append(SWB_NO_SUGGESTION)
                    yield Static(guide, classes="msg")
        with TabPane("Likelihood of reoffending", id="tab-lor"):
            with Form(classes="form", id="lor-form"):
                yield Static("", id="lor-status", classes="status")
                yield Label("YOGRS percentage (0–100)", classes="label")
                yield Input(id="lor-yogrs", compact=True, select_on_focus=False, placeholder="e.g. 52")
                yield Static("", id="lor-yogrs-msg", classes="msg")
                yield Label(JUDGEMENT_LABELS["lor"], classes="label")
                yield Select(list(LOR_JUDGEMENTS), id="lor-final", value="band", allow_blank=False, compact=True)
                yield Label(LOR_REASON_LABEL, classes="label")
                yield Input(id="lor-reason", compact=True, select_on_focus=False)
                yield Static("", id="lor-reason-msg", classes="msg")
                yield Static("", id="lor-complete-msg", classes="msg")
    with VerticalScroll(id="findings"):
        yield FindingsPanel("", id="findings-text")
    yield Footer()


def show_rated(screen: Any, kind: str, d: Any) -> None:
    """A RoSH or SWB tab from its draft: the rows on the matrices, Matrix 2's suggestion (RoSH) or the highest
    concern (SWB), the level definitions with the judgement marked, and whether a rationale is needed."""
    items = d.rows
    for msg in screen.query_one(f"#{kind}-items").query(".item-msg").results(Static):
        msg.update("")
    placed: dict[str, list[Placed]] = {"community": [], "custody": []}
    for i, it in enumerate(items, 1):
        if it.get("likelihood") and it.get("impact"):
            placed[it.get("setting") or "community"].append(
                Placed(i, it["likelihood"], it["impact"], (it.get("description") or "")[:9]))
    highlight = None
    if kind == "swb" and d.data.get("concerns") is not False:
        rated = [Rated(description=it.get("description"), setting=it.get("setting"),
                       likelihood=it.get("likelihood"), impact=it.get("impact")) for it in items]
        h = swb_highest_concern(rated)
        highlight = None if h is None else h + 1
    for setting, group in placed.items():
        screen.query_one(f"#{kind}-matrix-{setting}", RiskMatrix).show(group, highlight)
    defs = ROSH_DEFINITIONS if kind == "rosh" else SWB_DEFINITIONS
    text = Text()
    for level in LEVELS:
        chosen = level == d.final
        text.append(("▶ " if chosen else "  ") + f"{LEVEL_WORDS[level]}: ", style="bold" if chosen else "")
        text.append(defs[level] + "\n", style="" if chosen else "dim")
    screen.say(f"#{kind}-definitions", text)
    rmsg = screen.query_one(f"#{kind}-rationale-msg", Static)
    need = assessments.rationale_needed(kind, d.data, d.final)
    missing = need and not d.rationale.strip()
    rmsg.set_class(missing, "-error")
    rmsg.update(Text(need + (" Write it here: completion waits for it." if missing else " Rationale recorded.")
                     if need else ""))
    if kind == "rosh":
        pair = assessments.suggestion(d.data)
        s = Text("Matrix 2 suggests: ", style="bold")
        s.append(assessments.span(pair), style="bold reverse" if pair else "")
        s.append(MATRIX_2_GUIDE, style="")
        screen.say("#rosh-suggested", s)
        return
    t = Text()
    if d.data.get("concerns") is False:
        t.append(SWB_PREPOPULATED)
    elif highlight is not None:
        o = items[highlight - 1]
        t.append(f"Highest concern: {highlight} ")
        t.append(o.get("description") or "(no description)")
        t.append(f", {IMPACT_WORDS[o['impact']]} impact, {LIKELIHOOD_WORDS[o['likelihood']]}. " + SWB_REFLECT_HIGHEST)
    screen.say("#swb-highest", t)
    ticked = [label for key, label in SWB_RISK_FACTORS if key in (d.data.get("risk_factors") or [])]
    screen.query_one("#swb-factors-msg", Static).update(Text(swb_factors_note(ticked)) if ticked else "")


def status_text(record: Any, today: date, months: int, why: str) -> Text:
    """A tab's status line: new, draft or completed (and countersigned), with the review date."""
    t = Text()
    review = f" Review: by {show_date(months_after(today, months))} if completed today ({why})."
    if record is None:
        t.append("New assessment: saved as you type." + review)
    elif record.status == "draft":
        t.append("Draft: saved as you type. ctrl+o completes it." + review)
    else:
        append_completed(t, record)
        t.append(f". Review by {show_date(months_after(record.completed_at.date(), months))}. Read-only: ctrl+b "
                 "starts a new assessment from it.")
    return t


def risk_findings(evaluation: Any) -> tuple[list[Any], Text]:
    """The risk findings not already stated at a field (the one findings panel shows them with their sources), and
    the dates due, said after them."""
    findings = [f for f in evaluation.findings if f.rule.startswith(RISK_RULES)
                and not any(f.rule == rule and f.message.startswith(start) for rule, start in AT_FIELD)]
    due = Text()
    for dl in evaluation.deadlines:
        if dl.rule.startswith(("assessment.", "hrp.", "mappa.")):
            due.append(f"Due {show_date(dl.due)}: {dl.title} ({dl.basis}). {dl.citation}\n")
    return findings, due


def show_refusal(screen: Any, kind: str, problems: list[tuple[str, str]]) -> None:
    """Each reason completion was refused once: at its field, and at the foot only those that have no field of their
    own (issue 23: the foot repeated the field's message, and kept it after the rationale was recorded)."""
    foot = f"{kind}-complete-msg"
    for target, why in problems:
        if target and target != foot:
            w = screen.query_one(f"#{target}", Static)
            w.set_class(True, "-error")
            w.update(Text(why))
    own = [why for target, why in problems if target == foot]
    elsewhere = len(problems) - len(own)
    if elsewhere:
        own.append(f"see the message{'s' if elsewhere > 1 else ''} marked above")
    msg = screen.query_one(f"#{foot}", Static)
    msg.set_class(bool(own), "-error")
    msg.update(Text("Not completed: " + "; ".join(why.rstrip(".") for why in own) + ".") if own else "")


def show_lor(screen: Any, d: Any) -> None:
    """The LoR tab from its draft: the YOGRS band (or why the text typed is not taken), and whether the judgement,
    differing from the band, has its reason."""
    typed = screen.query_one("#lor-yogrs", Input).value
    y = d.data.get("yogrs_percent")
    ok, _n, msg = yogrs_check(typed if typed else ("" if y is None else str(y)))
    screen.message("lor-yogrs", msg, ok)
    band = assessments.band(d.data)
    m = screen.query_one("#lor-reason-msg", Static)
    if d.final and band and d.final != band:
        need = not (d.data.get("reason") or "").strip()
        m.set_class(need, "-error")
        m.update(Text(f"Your judgement ({LEVEL_WORDS[d.final]}) differs from the YOGRS band "
                      f"({LEVEL_WORDS[band]}): " + ("write your reason." if need else "reason recorded.")))
    else:
        m.set_class(False, "-error")
        m.update("")
