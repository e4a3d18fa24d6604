"""The shapes every rule shares: three-valued answers, citations, findings, deadlines and the rule itself.

Pure Python on purpose: screens call the engine on every keystroke and `yjtui evaluate` calls it headless.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable


class Tri(enum.Enum):
    """A condition that is met, not met, or not yet known (LASPO conditions, Bail Act grounds)."""

    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"

    @classmethod
    def all_of(cls, answers: "list[Tri]") -> "Tri":
        """Every condition met -> met; any not met -> not met; otherwise not yet known (note L §4)."""
        if any(a is cls.NOT_MET for a in answers):
            return cls.NOT_MET
        if all(a is cls.MET for a in answers):
            return cls.MET
        return cls.UNKNOWN


class Answer(enum.Enum):
    """A yes / no / unknown fact typed by the practitioner (JSON true/false/null map to the same)."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"

    def as_tri(self) -> Tri:
        return {Answer.YES: Tri.MET, Answer.NO: Tri.NOT_MET, Answer.UNKNOWN: Tri.UNKNOWN}[self]


class Severity(enum.Enum):
    INFO = "info"
    WARNING = "warning"
    ACTION = "action"


# The packs that ship with yjtui. A rule names the one whose guidance it was written from (`Rule.pack`, its home):
# a national rule always runs; a local rule runs only when a pack switched on names it (data/packs/*.toml; see
# rules/packs.py), so any service's pack can switch on Enfield's rules with its own values.
NATIONAL = "national"
ENFIELD = "enfield"
LEICESTER = "leicester"


@dataclass(frozen=True)
class Citation:
    """Where a rule comes from: document, paragraph, and the seed lines it was read from."""

    document: str
    paragraph: str = ""
    seed: str = "002"
    lines: tuple[int, ...] = ()

    def __str__(self) -> str:
        where = f"{self.document} {self.paragraph}".strip()
        if not self.lines:
            return where
        lines = ", ".join(f"L{n}" for n in self.lines)
        return f"{where} (seed {self.seed} {lines})"


@dataclass(frozen=True)
class Block:
    """One gate that stops an act (taking a breach to court, sending a report): its name, what the practitioner is
    told when it blocks, the source, and the source's own words as the rule's title."""
    name: str
    blocked: str
    citation: Citation
    title: str


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    citation: str

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity.value, "message": self.message,
                "citation": self.citation}


# What `yjtui rules` prints about the fields this module adds to the headless contract.
CONTRACT = (
    ("deadlines[].local_default", "present only where the source gives no number and a pack's amount stands in "
     "for it: the pack's local default, to confirm, with the source's own words and citation (Kent's ISS reports, "
     "seed 000 L23 'once they have been placed on ISS', L24 'as necessary', L43 'expeditiously'); a pack's "
     "[[timescales]] says so with source_says"),
)


@dataclass(frozen=True)
class Deadline:
    rule: str
    event: int | None  # index into facts.events, None when not from an event
    title: str
    due: date | datetime
    basis: str  # "5 working days", "24 hours"
    citation: str
    # Added (issue 23): where the source gives no number, the pack's amount is a local default to confirm; these
    # words say so, with what the source does say ("" when the source gives the timescale; then not in the JSON).
    local_default: str = ""

    def to_json(self) -> dict[str, Any]:
        out = {"rule": self.rule, "event": self.event, "title": self.title, "due": self.due.isoformat(),
               "basis": self.basis, "citation": self.citation}
        if self.local_default:  # present only where a pack's amount stands in for a number the source lacks
            out["local_default"] = self.local_default
        return out


@dataclass
class Outcome:
    """What one or more rules produced: derived values, findings and deadlines."""

    values: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)


@dataclass(frozen=True)
class Rule:
    """One rule, read like the guidance: id, title in the guidance's words, home pack, citation, effective date."""

    id: str
    title: str
    pack: str  # NATIONAL, or the pack whose guidance the rule comes from (a local rule: runs when a pack names it)
    citation: Citation
    apply: Callable[..., Outcome | None]
    effective_from: date | None = None
    effective_to: date | None = None
    prompt: bool = False  # True where the guidance leaves the decision to professional judgement
    # Which date picks the version in force: "as_of" (the evaluation date) or "hearing_date" (the remand tests
    # apply the law on the day of the bail hearing). The rule itself checks "hearing_date"; the engine the rest.
    dated_by: str = "as_of"
    local: tuple[str, ...] = ()  # the local values it reads (ctx.local), checked in every pack that names it

    def in_force(self, on: date) -> bool:
        if self.effective_from and on < self.effective_from:
            return False
        if self.effective_to and on >= self.effective_to:
            return False
        return True

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "pack": self.pack, "citation": str(self.citation),
                "effective_from": self.effective_from.isoformat() if self.effective_from else None,
                "effective_to": self.effective_to.isoformat() if self.effective_to else None,
                "prompt": self.prompt, "dated_by": self.dated_by}
