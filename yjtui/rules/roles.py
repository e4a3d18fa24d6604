"""Who is using yjtui: the roles of a youth justice service, one list the screens, the store and the team server
share (issue 14 sets the role in Settings on a laptop; issue 16 grants it per named user on a team server).

Countersigning an assessment is a manager's act (Enfield Risk Management Guidance 8.1, seed 002 L547).
"""

from __future__ import annotations

from dataclasses import dataclass

from .core import Citation

ROLES: dict[str, str] = {
    "case_manager": "Case manager",
    "manager": "Manager",
    "police_officer": "YOT police officer",
    "administrator": "Administrator",
}
DEFAULT_ROLE = "case_manager"


def may_countersign(role: str) -> bool:
    return role == "manager"


# Bringing in a caseload (issue 25) adds and changes many children's records at once: the import screen is offered
# to administrators and managers only. yjtui's own choice (the project's issue 25); the guidance has no rule on it.
CASELOAD_IMPORTERS = ("administrator", "manager")


def may_bring_in_caseload(role: str) -> bool:
    return role in CASELOAD_IMPORTERS


# --- What each role does first and sees (issue 14) ----------------------------------------------------------------
# The role is chosen in Settings (setting "role"). Countersigning stays a manager's act; the police role sees the
# workflows its tasks need. Seed 001 (ACPO/YJB review of the YOT police officer, 2010) gives no access table: it
# names the officer's tasks and what they share outward, and asks that YOT information shared with the police is not
# used for "overly burdensome monitoring and surveillance or enforcement activities that cannot be justified"
# (L323; YOT staff's "reticence ... for fear that it will be used to pursue enforcement activity", L215). The police
# view below is our reading of those tasks, each line cited; workflows not yet reviewed are hidden from it.

ROLE_SETTING = "role"
ACPO = "ACPO/YJB YOT Police Officer review"
COUNTERSIGN_CITE = Citation("Enfield Risk Management Guidance", "8.1", "002", (547,))
COUNTERSIGN_REFUSED = ("Countersigning is a manager's act: managers quality assure risk in the countersigning "
                       "process. Choose the role Manager in Settings (ctrl+p, Settings) to countersign.")


@dataclass(frozen=True)
class Sight:
    """One workflow in a role's view: shown or not, and why (in the guidance's terms, with its citation)."""

    workflow: str
    shown: bool
    reason: str
    citation: Citation


POLICE_VIEW: tuple[Sight, ...] = (
    Sight("oocd", True, "The out-of-court decision: the police decide a Community Resolution or first Youth Caution "
          "(jointly with the YJS for a Youth Conditional Caution)",
          Citation("National Protocol for Case Responsibility", "4.9", "002", (22196, 22211, 22238))),
    Sight("police", True, "ISS: the police tasks of the procedure (intelligence, markers, weekly contact, breach "
          "statements); DYO: joint management, neighbourhood team aware, intelligence to the case manager",
          Citation(ACPO, "5.7", "001", (301, 305, 306))),
    Sight("board", True, "Deadlines of the police tasks only (ISS, DYO, out-of-court notifications): the case "
          "manager's other deadlines are theirs", Citation(ACPO, "5.8", "001", (323,))),
    Sight("reference", True, "Lookups: the gravity matrix, orders, timescales and glossary (the officer is the "
          "YOT's single point of contact for police colleagues)", Citation(ACPO, "5.3.1", "001", (253,))),
    Sight("court", False, "Attending court as a court officer is 'incompatible with the mission of policing'",
          Citation(ACPO, "6.3.1", "001", (420,))),
    Sight("risk", False, "Assessments are the case manager's: it is questioned whether police officers are best "
          "placed to complete them; the officer feeds intelligence into the assessment",
          Citation(ACPO, "6.1.1", "001", (412,))),
    Sight("plan", False, "The case manager writes the plan and puts the police actions in it; the officer carries "
          "them out and records them on the ISS and DYO screen",
          Citation("Leicester City YOS Deter Young Offenders Policy", "8, 9", "004", (173, 190))),
)

# workflow ids a role sees (None: every workflow), and the workflow it starts on (None: the case list)
ROLE_WORKFLOWS: dict[str, tuple[str, ...] | None] = {
    "case_manager": None,
    "manager": None,
    "police_officer": tuple(s.workflow for s in POLICE_VIEW if s.shown),
    "administrator": None,
}
ROLE_START: dict[str, str | None] = {
    "case_manager": None,
    "manager": "board",  # overdue work and countersignatures across the caseload
    "police_officer": "board",  # the police tasks due: weekly ISS contacts, notifications, DYO updates
    "administrator": None,
}
# Deadlines a police officer's board shows (rule ids starting with these)
POLICE_DEADLINES = ("iss.", "dyo.", "out_of_area.oocd_notify_home", "out_of_area.interview_outcome")


def role_of(value: str | None) -> str:
    """A stored role, or the default for a store where none was chosen (or an unknown one)."""
    return value if value in ROLES else DEFAULT_ROLE


def sees_workflow(role: str, workflow: str) -> bool:
    shown = ROLE_WORKFLOWS.get(role_of(role))
    return shown is None or workflow in shown


def why_hidden(role: str, workflow: str) -> tuple[str, Citation | None]:
    """Why a workflow is not in a role's view (the reason and its citation)."""
    for s in POLICE_VIEW if role_of(role) == "police_officer" else ():
        if s.workflow == workflow:
            return s.reason, s.citation
    return f"Not in the {ROLES[role_of(role)].lower()}'s view: not yet reviewed against the information-sharing " \
           "guidance.", None


def start_workflow(role: str) -> str | None:
    return ROLE_START.get(role_of(role))


def sees_deadline(role: str, rule_id: str) -> bool:
    if role_of(role) != "police_officer":
        return True
    return rule_id.startswith(POLICE_DEADLINES)


# The police officer's lookups (note E §6.4), as cards beside the ISS and DYO screen: (title, text, citation).
POLICE_LOOKUPS: tuple[tuple[str, str, Citation], ...] = (
    ("Out-of-court gates", "A first Youth Caution: police alone, unless indictable-only (CPS authority). A second or "
     "later formal disposal, or police concerns: a YJS assessment first. A Youth Conditional Caution: decided "
     "jointly with the YJS.",
     Citation("National Protocol for Case Responsibility", "4.9", "002", (22211, 22217, 22238))),
    ("Outcome 22 (Kent)", "A deferred outcome: educational diversion rather than No Further Action, with community "
     "or restorative options.", Citation("Kent Police, Child Centred Policing", "Youth Justice", "003", (14,))),
    ("Breach", "Arrest is not the default for a breach: only where it is absolutely necessary. Home visits if in "
     "breach; the officer takes the Section 9 statements.", Citation(ACPO, "5.7, 5.9.1", "001", (308, 310, 329))),
    ("DYO and the neighbourhood team", "Make sure the neighbourhood policing team knows a DYO lives in their area and "
     "what interventions and conditions apply; support, not enforcement.", Citation(ACPO, "5.4.1, 5.7", "001",
                                                                                      (273, 305))),
    ("Resettlement", "Tell the neighbourhood team and intelligence units who is resettling in their area, so they "
     "avoid monitoring or enforcement that cannot be justified.", Citation(ACPO, "5.8", "001", (322, 323))),
    ("Exploitation", "Any information about victims or perpetrators of exploitation, however small, is passed to "
     "the police; the screening tool supports the judgement.", Citation("Enfield Child Exploitation screening tool",
                                                                        "4", "002", (26920,))),
    ("Transition at 18", "A young person who still poses a risk near 18 is flagged to adult IOM with a full "
     "handover.", Citation(ACPO, "5.6", "001", (297,))),
    ("AWARE", "Professional curiosity: Appearance, Words, Activity/Behaviours, Relationships/Dynamics, "
     "Environment.", Citation("Kent Police, Child Centred Policing", "", "003", (10,))),
)


# What a YOT police officer may read and record on a team server (enforced by the database: yjtui/store/security.py).
# From seed 001's police-user lookups (note E §6.4): OOCD gates, ISS status and contacts, DYO, exploitation
# concerns passed to police, transfers (Home/Host YOT) and the transition to adult IOM. The kinds are the
# `CaseRecord.kind` values the workflow screens write; a kind not listed here is not visible to police.
POLICE_RECORDS_KINDS = ("oocd", "iss", "iss_contact", "dyo")  # the police officer's own records: read and written
# The dated events a police officer records (ISS contacts and changes, DYO meetings, an out-of-area disposal's
# notice), which start the police tasks on the board; and those tasks, which the officer marks done.
POLICE_EVENT_TYPES = ("iss_started", "iss_police_contact", "iss_conditions_changed", "iss_breach_statement_received",
                      "dyo_identified", "dyo_notified", "dyo_rag_meeting", "dyo_intel_update", "dyo_npt_shared",
                      "out_of_area_oocd")
POLICE_CASE_RECORD_KINDS = POLICE_RECORDS_KINDS + ("exploitation", "nrm", "transfer", "transition")
# Breaches of Parenting Orders and of bail supervision and support: the YOT police officer, "the only member of staff
# able to take S9 witness statements", is the first port of call (seed 001 L327-334): they read those breach
# records (casework/supervision.BREACH_KIND_BY_ORDER), not an order's breach, contacts, reports or victims.
POLICE_BREACH_KINDS = ("breach_bail_support", "breach_parenting_order")
POLICE_CASE_RECORD_KINDS += POLICE_BREACH_KINDS
