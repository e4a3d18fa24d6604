"""Completing and countersigning, in one place: who may countersign a record or a plan review, and what each act
saves (the screens save it through their conflict guard, so a sign-off never writes over another copy's change).

A countersignature is a manager's act (Enfield Risk Management Guidance 8.1, seed 002 L547: managers quality
assure risk in the countersigning process), never the author's own. On a team server the server enforces the same
rule whatever the client and signs with the signed-in login, so the name typed is not used there.

(The same names as the team-server work's `casework/sign_off.py`: `refusal`, `may_countersign`, `signer_for`; this
file adds what the acts save, `completed` and `countersigned`.)
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from yjtui.rules import roles


def refusal(role: str, author: str, signer: str, what: str = "record") -> str | None:
    """Why `signer`, in `role`, may not countersign `author`'s `what`; None when they may."""
    if not roles.may_countersign(role):
        return f"{roles.COUNTERSIGN_REFUSED} ({roles.COUNTERSIGN_CITE})"
    if not (signer or "").strip():
        return "Give the countersigning manager's name."
    if signer.strip().casefold() == (author or "").strip().casefold():
        return f"The author cannot countersign their own {what}: a manager does."
    return None


def may_countersign(role: str, author: str, signer: str) -> bool:
    return refusal(role, author, signer) is None


def signer_for(store: Any, typed: str) -> str:
    """Who signs: on a team server always the signed-in login (the server records it whatever is typed)."""
    return store.who if getattr(store, "server", False) else (typed or "").strip()


def completed(store: Any, now: datetime | None = None) -> dict[str, Any]:
    """What completing a record saves: who completed it and when (now unless given), then its status (in that
    order)."""
    now = now or datetime.now()
    return {"author": store.who, "completed_at": now.replace(microsecond=0), "status": "complete"}


def countersigned(store: Any, signer: str, now: datetime | None = None) -> dict[str, Any]:
    """What a countersignature saves (on a team server its trigger sets who and when from the status)."""
    if getattr(store, "server", False):
        return {"status": "countersigned"}
    now = now or datetime.now()
    return {"countersigned_by": signer, "countersigned_at": now.replace(microsecond=0), "status": "countersigned"}


def countersign_review(store: Any, review: dict, typed: str, role: str) -> str | None:
    """Countersign a plan review (a dict inside the plan's data, saved by the caller); None when signed, else why
    not. The review's recorder (`recorded_by`, set when it is recorded) may not countersign it."""
    signer = signer_for(store, typed)
    why = refusal(role, review.get("recorded_by", ""), signer, "review")
    if why:
        return why
    review["countersigned_by"] = signer
    review["countersigned_at"] = datetime.now().isoformat(timespec="minutes")
    return None
