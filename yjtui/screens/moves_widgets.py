"""The moves screen's fields and panel (F7): the transfer record's and the youth to adult record's fields, declared
once (`F`, a path into the record's JSON), laid out tab by tab, and the words of the panel beside them.

The screen holds no rule text or citations of its own: they come from `yjtui.rules.transfer` and
`yjtui.rules.transition`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from yjtui.casework import moves
from yjtui.casework.dates import age_on, show_date
from yjtui.rules import transfer as tr
from yjtui.rules import transition as y2a
from yjtui.rules.core import Finding, Severity
from yjtui.screens.forms import TRI
from yjtui.screens.record_form import F

# The tabs: (title, name); the first three are the transfer record's, the last two the youth to adult record's.
TABS = (("Transfer", "transfer"), ("Checklist", "checklist"), ("Judgement", "judgement"),
        ("Youth to adult", "adult"), ("Transition plan", "plan"))
SECTIONS = tuple(name for _title, name in TABS)
TRANSFER_TABS = ("transfer", "checklist", "judgement")

SITUATION_OPTIONS = tuple((s.key, s.id, s.title) for s in tr.SITUATIONS) + (("u", "", "not recorded"),)
RESPONSIBLE_OPTIONS = (("h", "home", tr.RESPONSIBLE["home"]), ("o", "host", tr.RESPONSIBLE["host"]),
                       ("r", "receiving", tr.RESPONSIBLE["receiving"]), ("u", "", "not recorded"))
ORDER_OPTIONS = (("y", "yro", tr.ORDER_TYPES["yro"]), ("i", "yro_iss", tr.ORDER_TYPES["yro_iss"]),
                 ("f", "referral_order", tr.ORDER_TYPES["referral_order"]), ("d", "dto", tr.ORDER_TYPES["dto"]),
                 ("9", "s91", tr.ORDER_TYPES["s91"]), ("b", "bail_iss", tr.ORDER_TYPES["bail_iss"]),
                 ("x", "other", tr.ORDER_TYPES["other"]), ("u", "", "not recorded"))
BREACH_OPTIONS = (("f", "referral_order", "Referral Order"), ("y", "yro", "YRO"), ("d", "dto", "DTO"),
                  ("2", "s250", "s.250 under 12 months"), ("u", "", "not chosen"))

# The dates of what has already happened (a request made, a decision, the court's transfer, a notice of an arrest or
# charge): one after today is refused at the field (casework.dates.future_problem, issue 23). A move date, an order's
# end and an agreed transfer date may lie ahead.
PAST_DATES = frozenset({("requested_on",), ("documents_sent_on",), ("decided_on",), ("transferred_on",),
                        ("dispute", "raised_on"), ("dispute", "resolved_on"), ("identified_on",)})


def field(side: str, path: tuple[str, ...], label: str, kind: str = "choice", options: tuple = TRI) -> F:
    """A field of the transfer (side "t") or youth to adult ("y") record: an Input "t-home_yot" or a Choice
    "ct-situation", its value at data.<path>."""
    fid = ("c" if kind == "choice" else "") + f"{side}-" + "-".join(path)
    record = moves.TRANSFER if side == "t" else moves.TRANSITION
    if kind == "choice":
        return F(fid, label, "data." + ".".join(path), kind, options, record=record)
    return F(fid, label, "data." + ".".join(path), kind, record=record, check=moves.answer_check(kind),
             past=path in PAST_DATES or path[0] == "out_of_area",
             show=moves.shown_when if kind == "datetime" else None)


def _fields(side: str, rows: tuple) -> tuple[F, ...]:
    return tuple(field(side, tuple(path.split(".")), label, kind) for path, label, kind in rows)


GATES = {g.block: g for g in tr.GATES}
TRANSFER_HEAD = (field("t", ("situation",), "Situation", options=SITUATION_OPTIONS),)
RESPONSIBLE = field("t", ("responsible",), "Overall responsibility now", options=RESPONSIBLE_OPTIONS)
TRANSFER_FIELDS = _fields("t", (
    ("home_yot", "Home / originating YOT", "text"),
    ("host_yot", "Host / receiving YOT", "text"),
    ("supervising_officer", "Named supervising officer", "text"),
    ("officer_contact", "The officer's telephone and secure email (for the receiving YOT)", "text"),
    ("new_address", "The child's new address", "long"),
    ("responsible_reason", "If you depart from the protocol's responsible YOT: why", "long"),
    ("started_on", "Caretaking agreed / move date (dd/mm/yyyy): starts the three-month clock", "date"),
)) + (field("t", ("lja_amended",), "Caretaking: local justice area amendment applied for"),
      field("t", ("order_type",), "Order", options=ORDER_OPTIONS))
GATE_FIELDS = (field("t", ("pending_breach",), GATES["pending_breach"].question),
               field("t", ("requirements_deliverable",), GATES["requirements_not_deliverable"].question),
               field("t", ("monitoring_involved",), tr.MONITORING_QUESTION),
               field("t", ("monitoring_arranged",), GATES["monitoring_not_arranged"].question),
               field("t", ("receiving_agreed",), GATES["no_receiving_agreement"].question))
REQUEST_FIELDS = _fields("t", (
    ("reasons", "Reasons for the request", "long"),
    ("receiving_manager", "Receiving YOT operational manager", "text"),
    ("requested_on", "Request made on (dd/mm/yyyy)", "date"),
    ("documents_sent_on", "Checklist documents sent on (dd/mm/yyyy)", "date"),
    ("decided_on", "Receiving YOT decided on (dd/mm/yyyy)", "date"),
    ("transferred_on", "The court transferred the order on (dd/mm/yyyy): overall responsibility passes to the "
                       "receiving YOT then", "date"),
))
CHECKLIST_FIELDS = tuple(field("t", ("checklist", item.id), tr.checklist_label(item) + (
    f" [if {item.when}]" if item.when else ""), options=tr.CHECKLIST_ANSWERS) for item in tr.CHECKLIST)
LEVEL_FIELDS = _fields("t", (
    ("intervention_level.carried", "Intervention level allocated by the originating YOT", "text"),
    ("intervention_level.changed_to", "Changed to (after the receiving YOT's reassessment)", "text"),
    ("intervention_level.rationale", "Rationale for the change", "long"),
    ("intervention_level.approved_by", "Approved by (manager)", "text"),
)) + (field("t", ("intervention_level", "communicated"), "Change explained to the child"),)
DECISIONS = {p.id: _fields("t", tuple((f"decisions.{p.id}.{key}", label, "long" if key == "why" else "text")
                                      for key, label in (("decision", "Decision"), ("by", "Decided by"),
                                                         ("why", "Why")))) for p in tr.PROMPTS}
DISPUTE_FIELDS = _fields("t", (
    ("dispute.raised_on", "Dispute first notified on (dd/mm/yyyy; ctrl+r: today)", "date"),
    ("dispute.resolved_on", "Resolved on (dd/mm/yyyy)", "date"),
    ("dispute.notes", "Dispute: steps taken and by whom", "long"),
))
NOTICE_FIELDS = _fields("t", tuple((f"out_of_area.{key}", f"{label} ({citation})",
                                    "date" if key == "court_outcome" else "datetime")
                                   for key, _etype, label, citation in tr.OUT_OF_AREA))
ADULT_FIELDS = _fields("y", (
    ("order_ends_on", "The order (or licence) ends on (dd/mm/yyyy)", "date"),
    ("identified_on", "Identified as eligible on (dd/mm/yyyy; at sentence)", "date"),
    ("agreed_transfer_date", "Agreed transfer date (dd/mm/yyyy), once agreed with Probation", "date"),
    ("transferred_on", "Transferred to Probation on (dd/mm/yyyy)", "date"),
)) + (field("y", ("national_security",),
            "May meet the National Security Division criteria (considered 6 months before 18)"),)
DECISION_FIELDS = (field("y", ("decision",), "Decision", options=y2a.DECISIONS),) + _fields("y", (
    ("rationale", "Rationale", "long"),
    ("child_views", "The child's views", "long"),
    ("decided_by", "Decided by", "text"),
))
BEFORE_FIELDS = tuple(field("y", (c.id,), f"{c.question} ({c.citation})") for c in y2a.BEFORE_TRANSFER)
BREACH = field("y", ("breach_order",), "Order", options=BREACH_OPTIONS)
PLAN_FIELDS = tuple(field("y", ("plan", s.id), f"{s.text} (L{s.line})", "long") for s in y2a.PLAN_SECTIONS)

SEVERITY_STYLE = {Severity.ACTION: ("ACTION", "bold magenta"), Severity.WARNING: ("WARNING", "bold yellow"),
                  Severity.INFO: ("INFO", "cyan")}
ALLOWED_WORDS = {"yes": ("ALLOWED: every gate is met", "bold green"), "no": ("BLOCKED", "bold red"),
                 "unknown": ("NOT YET KNOWN: gates still to answer", "bold yellow")}


def _head(text: str) -> Static:
    return Static(Text(text, style="bold"), classes="heading")


def _note(text: str, classes: str = "note") -> Static:
    return Static(Text(text), classes=classes)


def compose_tab(name: str, widgets: Callable[..., Any], intro: Text) -> ComposeResult:
    """One tab's fields (`widgets(f, message=...)`: the form's label, widget and message line) and notes."""
    def each(fields: tuple[F, ...]) -> ComposeResult:
        for f in fields:
            yield from widgets(f, message=f.kind != "choice")

    if name == "transfer":
        yield Static(intro, classes="note")
        yield from each(TRANSFER_HEAD)
        yield Static("", id="situation-meaning", classes="note")
        yield from each((RESPONSIBLE, *TRANSFER_FIELDS))
        yield _head("The protocol's gates before a transfer")
        yield from each(GATE_FIELDS)
        yield _head("The request")
        yield from each(REQUEST_FIELDS)
        yield Static(Text("ctrl+o records the receiving YOT's agreement once every gate is met and its date is "
                          "typed.", style="dim"))
        yield Static("", id="transfer-result")
    elif name == "checklist":
        yield _note(f"{tr.CHECKLIST_INTRO} ({tr.CHECKLIST_CITATION})")
        yield from each(CHECKLIST_FIELDS)
    elif name == "judgement":
        yield _head("Intervention level")
        yield _note(f"{tr.INTERVENTION_LEVEL_SUMMARY} ({tr.INTERVENTION_LEVEL})")
        yield from each(LEVEL_FIELDS)
        for prompt in tr.PROMPTS:
            yield _head(prompt.question)
            yield _note(f"{prompt.guidance} ({prompt.citation})")
            if prompt.caveat:
                yield _note(f"RECONSTRUCTED: {prompt.caveat}", "caveat")
            yield from each(DECISIONS[prompt.id])
        yield _head("Dispute (Appendix 1)")
        yield _note(f"{tr.DISPUTE_SUMMARY} ({tr.DISPUTE})")
        yield from each(DISPUTE_FIELDS)
        yield _head("Out-of-area notices to the Home YOT")
        yield from each(NOTICE_FIELDS)
    elif name == "adult":
        yield Static("", id="adult-intro", classes="note")
        yield from each(ADULT_FIELDS)
        yield _head("Transfer or retain")
        yield from each(DECISION_FIELDS)
        yield _head("Before transfer")
        yield from each(BEFORE_FIELDS)
        yield _head("Breach court by age")
        yield from each((BREACH,))
        yield Static("", id="breach-result")
        yield _head("Particular orders")
        for text, citation in y2a.ORDER_NOTES.values():
            yield _note(f"{text} ({citation})")
    else:
        yield _note(f"{y2a.PLAN_NOTE} ({y2a.PLAN_CITATION})")
        yield from each(PLAN_FIELDS)


# --- the panel ------------------------------------------------------------------------------------------------
def render_findings(findings: list[Finding]) -> Text:
    text = Text()
    for f in findings:
        word, style = SEVERITY_STYLE[f.severity]
        text.append(f"{word} ", style=style)
        text.append(f.message)
        text.append(f"\n  {f.citation}\n", style="dim")
    return text


def record_head(group: str, record: Any, earlier: list) -> Text:
    """Which record the panel is about: its number and status, and the earlier records of its kind."""
    head = Text()
    what = "Transfer" if group == moves.TRANSFER else "Youth to adult"
    if record is None:
        head.append(f"{what}: no record yet (made with your first answer)", style="bold")
    else:
        head.append(f"{what} record {record.id}: {record.status}", style="bold")
        if record.countersigned_by:
            head.append(f", countersigned by {record.countersigned_by}")
    if earlier:
        head.append(f" · {len(earlier)} earlier: " + ", ".join(f"{r.id} {r.status}" for r in earlier))
    return head


def transfer_panel(value: dict | None, findings: list[Finding], deadlines: list, data: dict) -> Text:
    text = Text()
    if value:
        word, style = ALLOWED_WORDS[value["allowed"]]
        text.append(f"Transfer: {word}\n", style=style)
    text.append_text(render_findings([f for f in findings if f.rule.startswith("transfer.")]))
    if deadlines:
        text.append("\nOpen deadlines (on the board, F5)\n", style="bold")
        for d in deadlines:
            text.append(f"  {d.due_text}  {d.title} ({d.basis})\n", style="bold red" if d.overdue else "")
            text.append(f"    {d.citation}\n", style="dim")
    checklist = data.get("checklist") or {}
    open_items = tr.checklist_open(checklist if isinstance(checklist, dict) else {})
    text.append(f"\nChecklist: {len(tr.CHECKLIST) - len(open_items)} of {len(tr.CHECKLIST)} answered\n")
    return text


def transition_panel(value: dict | None, findings: list[Finding]) -> Text:
    text = Text()
    value = value or {}
    text.append(f"Turns 18 on: {show_date(moves.iso(value.get('turns_18_on'))) or 'add the date of birth'}\n")
    eligible = {"yes": "yes: the order runs past the 18th birthday", "no": "no: the order ends before 18",
                "unknown": "not yet known (the order's end date)"}.get(value.get("eligible", "unknown"))
    text.append(f"Eligible to transfer to Probation: {eligible}\n", style="bold")
    steps = value.get("timeline") or []
    if steps:
        text.append("\nTimeline: by age | from the agreed transfer date | DUE (the earlier)\n", style="bold")
        for s in steps:
            age = show_date(moves.iso(s.get("age_date"))) or "-"
            alt = show_date(moves.iso(s.get("transfer_date_based"))) or "-"
            text.append(f"  {s['title']}\n")
            text.append(f"    {age} | {alt} | ")
            word = "OVERDUE" if s.get("overdue") else "DUE"  # as the board says it
            text.append(f"{word} {show_date(moves.iso(s.get('due')))}\n", style="bold red" if s.get("overdue")
                        else "bold")
            text.append(f"    {s['basis']}; {s['citation']}\n", style="dim")
    text.append_text(render_findings([f for f in findings if f.rule.startswith(("y2a.", "mappa.transition"))]))
    return text


def gaps(group: str, nation: str) -> Text:
    if group == moves.TRANSFER:
        outside, citation = tr.OUTSIDE_PROTOCOL
        return Text(f"{outside} ({citation})")
    text = Text()
    if nation != "wales":  # the gaps are the English protocol's
        text.append("Gaps in the protocol's text (note E §2.9)\n", style="bold")
        for gap, citation in y2a.GAPS:
            text.append(f"- {gap} ({citation})\n", style="")
    return text


def situation_meaning(data: dict) -> Text:
    """What each key means, before one is pressed (issue 23: `[h/o/c/s/t/l/r/u]` was explained only after)."""
    situation = tr.SITUATION_BY_ID.get(str(data.get("situation") or ""))
    meaning = Text()
    for i, (key, _value, words) in enumerate(SITUATION_OPTIONS):
        meaning.append(" · " if i else "Keys: ", style="dim")
        meaning.append(key, style="bold")
        meaning.append(f" {words.split(':')[0]}")
    if situation:
        who = tr.RESPONSIBLE[tr.expected_responsible(situation, bool(data.get("transferred_on")))]
        meaning.append(f"\n{situation.meaning} Overall responsibility now: {who}. ({situation.citation})")
    return meaning


def adult_intro(nation: str) -> Text:
    if nation == "wales":
        return Text(f"{y2a.WALES_MESSAGE} ({y2a.WALES})", style="bold")
    return Text(f"{y2a.ENGLAND_MESSAGE} ({y2a.ENGLAND_ONLY}; {y2a.IDENTIFY})")


def breach_text(order: str, dob: date | None, today: date) -> Text:
    entry = y2a.BREACH_COURTS.get(order)
    result = Text()
    if entry:
        age = age_on(dob, today) if dob else None
        now = y2a.breach_court(order, age)
        result.append(f"Under 18: {entry.under_18}. 18 or over: {entry.adult}.\n", style="bold")
        if now:
            result.append(f"At the child's age now ({age}): {now}.\n")
        if dob and age is not None and age < 18:
            adult = y2a.breach_court(order, 18)
            result.append(f"From the 18th birthday ({show_date(y2a.eighteenth_birthday(dob))}): {adult}.\n")
        if entry.note:
            result.append(entry.note + "\n")
        result.append(f"{entry.citation}; {y2a.BREACH_GENERAL}\n", style="dim")
        result.append(y2a.BREACH_STATUTE_NOTE, style="dim")
    return result


def transfer_answer(value: dict, findings: list[Finding]) -> Text | None:
    """Why ctrl+o cannot record the agreement yet (a gate blocks it, or gates are unanswered); None: it can."""
    text = Text()
    if value["allowed"] == "no":
        text.append("Not transferred: the protocol blocks it.\n", style="bold red")
        for block in value["blocks"]:
            gate = tr.GATE_BY_BLOCK[block]
            text.append(f"- {gate.blocked}\n  ({gate.citation})\n")
        return text
    if value["allowed"] == "unknown":
        text.append("Not yet: answer every gate first.\n", style="bold yellow")
        for f in findings:
            if f.rule == "transfer.gates":
                text.append(f"{f.message}\n")
        return text
    return None


def transfer_agreed(data: dict) -> Text:
    text = Text()
    text.append(f"Transfer agreed by the receiving YOT on {show_date(moves.iso(data['decided_on']))}: recorded.\n",
                style="bold green")
    for step, citation in tr.AFTER_AGREEMENT:
        text.append(f"- {step} ({citation})\n")
    if not moves.iso(data.get("transferred_on")):
        text.append(f"Until the court transfers the order the originating YOT keeps full responsibility: type the "
                    f"day it does under the request ({tr.COURT_TRANSFER}).\n")
    return text
