"""Who is using yjtui: the roles of a youth justice service, one list the screens, the store and the team server
share (issue 14 sets the role in Settings on a laptop; issue 16 grants it per named user on a team server).

Countersigning an assessment is a manager's act (Enfield Risk Management Guidance 8.1, seed 002 L547).
"""

from __future__ import annotations

ROLES: dict[str, str] = {
    "case_manager": "Case manager",
    "manager": "Manager",
    "police_officer": "YOT police officer",
    "administrator": "Administrator",
}
DEFAULT_ROLE = "case_manager"


def may_countersign(role: str) -> bool:
    return role == "manager"


# What a YOT police officer may read and record on a team server (enforced by the database: yjtui/store/security.py).
# From seed 001's police-user lookups (note E §6.4): OOCD gates, ISS status and contacts, DYO, exploitation
# concerns passed to police, transfers (Home/Host YOT) and the transition to adult IOM. The kinds are the
# `CaseRecord.kind` values the workflow screens write; a kind not listed here is not visible to police.
POLICE_RECORDS_KINDS = ("oocd", "iss", "dyo")  # the police officer's own records: read and written
POLICE_CASE_RECORD_KINDS = POLICE_RECORDS_KINDS + ("exploitation", "nrm", "transfer", "transition")
