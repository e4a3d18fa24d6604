"""Completing and countersigning, in one place: who may countersign a record or a plan review, what completing and
countersigning save (`completed`, `countersigned`: the form screens save them through their conflict guard, so a
sign-off never writes over another copy's change), and the acts that sign and withdraw.

A countersignature is a manager's act (Enfield Risk Management Guidance 8.1, seed 002 L547: managers quality
assure risk in the countersigning process), never the author's own. On a laptop's store these functions are the
rule (the screens call them); on a team server the server enforces the same rule whatever the client
(store/security.py) and signs with the signed-in login, so the name typed is not used there.

While countersigned, an assessment's judgement (and an exploitation screening's) stays as signed: changing it
needs the countersignature withdrawn first, by a manager other than the author (`withdraw`), which the audit
trail records like any change.
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


def countersign(store: Any, record: Any, typed: str, role: str, what: str = "record") -> str | None:
    """Countersign a completed `record` (an Assessment or CaseRecord); None when saved, else why not (nothing
    saved). Each change is audited by the store."""
    signer = signer_for(store, typed)
    why = refusal(role, record.author, signer, what)
    if why:
        return why
    for name, value in countersigned(store, signer).items():  # on a server: its trigger sets who and when
        store.update(record, name, value)
    if record.status != "countersigned":
        return "The countersignature was not saved (see the message)."
    return None


def withdraw(store: Any, record: Any, typed: str, role: str, what: str = "record") -> str | None:
    """Withdraw a countersignature (so the judgement can be changed): a manager's act, not the author's. None when
    saved, else why not. The record goes back to completed; the trail keeps who signed and who withdrew."""
    signer = signer_for(store, typed)
    why = refusal(role, record.author, signer, what)
    if why:
        return why.replace("countersign their own", "withdraw the countersignature of their own")
    if record.status != "countersigned":
        return f"This {what} is not countersigned."
    store.update(record, "status", "complete")  # on a server: its trigger clears who and when
    if not getattr(store, "server", False):
        store.update(record, "countersigned_by", "")
        store.update(record, "countersigned_at", None)
    if record.status == "countersigned":
        return "The withdrawal was not saved (see the message)."
    return None


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


def withdrawals(store: Any, record: Any) -> list[tuple[str, datetime]]:
    """Who withdrew the record's countersignature and when, oldest first (from the audit trail), for a screen to
    show beside the record's status."""
    table = type(record).__tablename__
    return [(e.who, e.at) for e in store.audit_entries(getattr(record, "child_id", None))
            if e.record == table and e.record_id == record.id and e.field == "status"
            and e.old == "countersigned" and e.new != "countersigned"]
