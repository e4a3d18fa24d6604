"""Every key yjtui answers to, in one place: the screens bind from here, the footer and the help screen show it.

Each binding has an id (as Posting does) so a test can check that what the help lists is what the screen binds.
"""

from __future__ import annotations

from textual.binding import Binding

APP = [
    Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    Binding("f1", "help", "Help", id="app.help"),
    Binding("ctrl+p", "command_palette", "Commands", id="app.palette", show=False),  # the footer keeps it at its right
    # Quick hide: works in any field (priority), replaces the screen with the neutral lock at once.
    Binding("ctrl+l", "lock", "Hide", id="app.lock", tooltip="Hide screen (lock)", priority=True),
]

CASE_LIST = [
    Binding("slash", "focus_search", "Search", id="cases.search", key_display="/"),
    Binding("n", "new_child", "New child", id="cases.new"),
    Binding("enter", "open_child", "Open", id="cases.open", show=True),
    Binding("escape", "leave_search", "Results", id="cases.results", show=False),
]

CHILD = [
    Binding("escape", "back", "Case list", id="child.back"),
    Binding("ctrl+s", "save_now", "Saved as you type", id="child.save", show=False),
]

HELP = [
    Binding("escape", "close", "Close", id="help.close"),
    Binding("f1", "close", "Close", id="help.close_f1", show=False),
]

SETTINGS = [
    Binding("escape", "back", "Back", id="settings.back"),
]

LOCK = [
    Binding("escape", "clear", "Clear what was typed", id="lock.clear", show=False),
]

SIGN_IN = [
    Binding("escape", "give_up", "Leave yjtui (not signed in)", id="sign_in.give_up"),
]

AUDIT = [
    Binding("escape", "back", "Back", id="audit.back"),
    Binding("slash", "focus_filter", "Filter", id="audit.filter", key_display="/"),
    Binding("ctrl+e", "export", "Export (logged as a disclosure)", id="audit.export", priority=True),
    Binding("ctrl+r", "clear_filters", "Clear filters", id="audit.clear", priority=True),
]

# Bring in a caseload (the palette; administrators and managers, issue 25). Priority: they work from the fields.
CASELOAD_IMPORT = [
    Binding("escape", "back", "Back", id="caseload.back"),
    Binding("ctrl+r", "check", "Check the file (preview)", id="caseload.check", priority=True),
    Binding("ctrl+o", "bring_in", "Import the checked file", id="caseload.import", priority=True),
]

# Moves (F7): transfer between YOTs and youth to adult. Listed on the help screen through the workflow registry.
# A key's footer word is short, its longer words the tooltip (the help and the palette show those): at 80x24 the
# function keys take two of the footer's three rows, so the screen's own keys have about one.
MOVES = [
    Binding("escape", "back", "Back", id="moves.back"),
    Binding("ctrl+n", "next_section", "Next", id="moves.next", tooltip="Next section"),
    Binding("ctrl+up", "previous_section", "Previous", id="moves.previous", tooltip="Previous section"),
    Binding("ctrl+o", "record_transfer", "Record", id="moves.record", tooltip="Record the transfer (checks the gates)"),
    Binding("ctrl+r", "raise_dispute", "Dispute", id="moves.dispute", tooltip="Raise a dispute (Appendix 1)"),
    Binding("ctrl+g", "countersign", "Countersign", id="moves.countersign", tooltip="Manager countersigns"),
    Binding("ctrl+y", "new_record", "New", id="moves.new", tooltip="Start a new record (the last is kept)"),
    Binding("ctrl+e", "export", "Export", id="moves.export",
            tooltip="Export transfer request / transition plan (logged)", priority=True),
    Binding("ctrl+s", "save_now", "Saved as you type", id="moves.save", show=False),
]

# The intervention plan (F4): rows are added by keys (a plan item, a requirement, a contingency, a review); the export
# has priority so it works from a field (where ctrl+e would go to the end of the text).
PLAN = [
    Binding("escape", "back", "Back", id="plan.back"),
    Binding("ctrl+n", "add_item", "Item", id="plan.add_item", tooltip="Add plan item"),
    Binding("ctrl+r", "add_requirement", "Requirement", id="plan.add_requirement", tooltip="Add requirement"),
    Binding("ctrl+g", "add_contingency", "Contingency", id="plan.add_contingency", tooltip="Add contingency"),
    Binding("ctrl+t", "add_review", "Review", id="plan.add_review", tooltip="Record review"),
    Binding("ctrl+o", "countersign", "Countersign", id="plan.countersign", tooltip="Countersign review"),
    Binding("ctrl+y", "revocation", "Revocation", id="plan.revocation", tooltip="Early revocation considered"),
    Binding("ctrl+e", "export", "Export", id="plan.export", tooltip="Export plan (logged as a disclosure)",
            priority=True),
    Binding("delete", "remove_row", "Remove row", id="plan.remove", show=False),
    Binding("ctrl+s", "save_now", "Saved as you type", id="plan.save", show=False),
]

# The deadline board (F5): single letters, as it has no field to type into.
BOARD = [
    Binding("escape", "back", "Back", id="board.back"),
    Binding("enter", "open", "Open child", id="board.open"),
    Binding("d", "done", "Done", id="board.done", tooltip="Mark done"),
    Binding("u", "undo", "Undo", id="board.undo", tooltip="Undo the last done"),
    Binding("m", "toggle_mine", "Mine/all", id="board.mine", tooltip="Mine / everyone"),
    Binding("w", "filter('week')", "Week", id="board.week", tooltip="This week"),
    Binding("o", "filter('overdue')", "Overdue", id="board.overdue"),
    Binding("a", "filter('all')", "All", id="board.all", tooltip="All dates"),
]

# The exploitation screen (F8): screening, NRM, Risk Management Panel. Not ctrl+b (tmux's prefix key); ctrl+r
# exports because ctrl+e moves to the end of a text field.
EXPLOITATION = [
    Binding("escape", "back", "Back", id="exploitation.back"),
    Binding("ctrl+g", "next_tab", "Next tab", id="exploitation.next_tab"),
    Binding("ctrl+o", "complete", "Complete", id="exploitation.complete", tooltip="Complete screening"),
    Binding("ctrl+t", "countersign", "Countersign", id="exploitation.countersign"),
    Binding("ctrl+n", "new", "New", id="exploitation.new", tooltip="New screening / NRM referral / panel action"),
    Binding("ctrl+y", "history", "Earlier", id="exploitation.history", tooltip="Earlier screenings"),
    Binding("ctrl+r", "export", "Export", id="exploitation.export", tooltip="Export for a strategy meeting"),
]

OFFLINE = [
    Binding("escape", "back", "Back", id="offline.back"),
    Binding("ctrl+t", "take", "Take offline", id="offline.take", priority=True),
    Binding("ctrl+s", "sync", "Sync with the server", id="offline.sync", priority=True),
    Binding("ctrl+a", "questions", "Answer the questions", id="offline.questions", priority=True),
]

OFFLINE_QUESTIONS = [
    Binding("escape", "back", "Back", id="offline_questions.back"),
    Binding("v", "view", "See the values", id="offline_questions.view"),
    Binding("l", "keep_laptop", "Keep this laptop's", id="offline_questions.laptop"),
    Binding("s", "keep_server", "Keep the server's", id="offline_questions.server"),
]

# The out-of-court decision (F9) and the police side of ISS and DYO (F10), issue 14.
OOCD = [
    Binding("escape", "back", "Back", id="oocd.back"),
    Binding("ctrl+f", "find_offence", "Find offence", id="oocd.find"),
    Binding("ctrl+o", "record", "Record", id="oocd.record", tooltip="Record decision"),
    Binding("ctrl+n", "new_decision", "New", id="oocd.new", tooltip="New decision"),
    Binding("ctrl+y", "history", "Earlier", id="oocd.history", tooltip="Earlier decisions"),
]

POLICE = [
    Binding("escape", "back", "Back", id="police.back"),
    Binding("ctrl+t", "log_contact", "Contact", id="police.contact", tooltip="Log ISS contact"),
    Binding("ctrl+r", "record_event", "Record", id="police.event", tooltip="Record what happened"),
    Binding("ctrl+y", "contact_log", "Log", id="police.log", tooltip="Contact log in full"),
]

# Supervision (F12, issue 24): the contact log, breach, court reports, custody, the referral order and victims.
# Not ctrl+b (tmux's prefix key).
SUPERVISION = [
    # The footer's words are short so every key fits at 120 columns (the help lists the tooltip's longer words);
    # the breach's sign-off and court keys are named in the breach section's heading on the screen instead.
    Binding("escape", "back", "Back", id="supervision.back"),
    Binding("ctrl+t", "log_contact", "Contact", id="supervision.contact", tooltip="Log a contact"),
    Binding("ctrl+f", "follow_up", "Follow up", id="supervision.follow_up",
            tooltip="Follow up / warn (highlighted contact)"),
    Binding("ctrl+r", "breach", "Breach", id="supervision.breach", tooltip="Breach: the judgement"),
    Binding("ctrl+g", "sign_off", "Sign off", id="supervision.sign_off", tooltip="Manager signs off the breach",
            show=False),
    Binding("ctrl+o", "take_to_court", "To court", id="supervision.court",
            tooltip="Take the breach to court (checks the gates)", show=False),
    Binding("ctrl+n", "court_report", "Report", id="supervision.report",
            tooltip="Court report: record, send (checks the gates)"),
    Binding("ctrl+y", "custody", "Custody", id="supervision.custody",
            tooltip="Custody: the sentence and expected release"),
    # Priority: they work from the form's date fields too (there ctrl+e would go to the end of the text, which the
    # end key still does, and ctrl+v would paste yjtui's own clipboard; the terminal's paste is unchanged).
    Binding("ctrl+e", "referral_order", "Referral order", id="supervision.referral_order", priority=True,
            tooltip="Referral order: early revocation, moving, out of area"),
    Binding("ctrl+v", "victim", "Victim", id="supervision.victim", priority=True,
            tooltip="Victim: add one (on a highlighted victim: edit it)"),
]

# Shown on the help screen: (screen title, bindings). Screens added by later workflows append here.
SCREENS: list[tuple[str, list[Binding]]] = [
    ("Everywhere", APP),
    ("Case list", CASE_LIST),
    ("Child record", CHILD),
    ("Settings", SETTINGS),
    ("Audit trail", AUDIT),
    ("Bring in a caseload", CASELOAD_IMPORT),
    ("Offline copy (team server)", OFFLINE),
    ("Offline copy: questions", OFFLINE_QUESTIONS),
    ("Lock (ctrl+l hides the screen)", LOCK),
    ("Signing in (encrypted store, team server)", SIGN_IN),
    ("Help", HELP),
]

# Keys inside widgets that the help screen explains too (Textual's own, not bound by yjtui).
WIDGET_KEYS = [
    ("tab / shift+tab", "Next / previous field"),
    ("up / down", "Move in a list or table; open a choice list"),
    ("enter", "Open the highlighted child, or choose in a list"),
    ("ctrl+p then type", "Find a child, open a screen, look up reference"),
]


def describe(binding: Binding) -> str:
    return binding.key_display or binding.key


# The court (F3): sections by ctrl+n / ctrl+up, charges, the LASPO panel, the outcome and the proposal.
COURT = [
    Binding("escape", "back", "Back", id="court.back"),
    Binding("ctrl+n", "next_section", "Next", id="court.next", tooltip="Next section"),
    # Not ctrl+b: that is tmux's prefix key, and court laptops may run yjtui inside tmux.
    Binding("ctrl+up", "previous_section", "Previous", id="court.previous", tooltip="Previous section"),
    Binding("ctrl+g", "add_charge", "Charge", id="court.add_charge", tooltip="Add charge"),
    Binding("ctrl+f", "focus_panel", "LASPO", id="court.panel", tooltip="LASPO panel"),
    Binding("ctrl+o", "outcome", "Outcome", id="court.outcome"),
    Binding("ctrl+t", "preview", "Proposal", id="court.preview"),
    Binding("ctrl+r", "export", "Export", id="court.export", tooltip="Export proposal"),
]

# Risk (F2): RoSH, SWB and LoR, a tab each; rows added and removed by keys.
RISK = [
    Binding("escape", "back", "Back", id="risk.back"),
    Binding("ctrl+n", "add_item", "Add", id="risk.add_item", tooltip="Add behaviour / outcome"),
    Binding("ctrl+r", "remove_item", "Remove", id="risk.remove_item", tooltip="Remove this one"),
    Binding("ctrl+o", "complete", "Complete", id="risk.complete"),
    Binding("ctrl+t", "countersign", "Countersign", id="risk.countersign"),
    Binding("ctrl+b", "new_assessment", "New", id="risk.new", tooltip="New from latest"),
    Binding("ctrl+y", "history", "Earlier", id="risk.history", tooltip="Earlier assessments"),
    Binding("ctrl+g", "next_tab", "Next tab", id="risk.next_tab"),
]
