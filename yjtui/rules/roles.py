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
