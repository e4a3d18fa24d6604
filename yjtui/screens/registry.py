"""The workflow screens, in one list: the app builds its function keys, command palette entries and help from it.

A screen module is imported only when first opened (start-up stays fast). Each entry names a function key that
works everywhere, even while typing in a field.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Workflow:
    id: str  # also the binding id suffix: "workflow.<id>"
    title: str  # as the palette and the help show it (the footer: `short`)
    key: str  # a function key, so it works while a field has focus
    help: str
    target: str  # "module:ScreenClass"; the class takes (child) when needs_child, else no argument
    needs_child: bool = True
    bindings: str = ""  # "module:NAME" of the screen's own Binding list, for the help screen
    short: str = ""  # the footer's word for the key, so that every function key fits at 80 columns


    def load(self):
        module, name = self.target.split(":")
        return getattr(importlib.import_module(module), name)

    def load_bindings(self) -> list:
        if not self.bindings:
            return []
        module, name = self.bindings.split(":")
        return list(getattr(importlib.import_module(module), name))


WORKFLOWS: list[Workflow] = [
    # Add one entry per workflow screen (keep the keys unique: F2 … F9).
    Workflow("risk", "Risk: RoSH, SWB, LoR", "f2",
             "Assess likelihood of reoffending, risk of serious harm and safety and well-being",
             "yjtui.screens.risk:RiskScreen", bindings="yjtui.screens.risk:BINDINGS", short="Risk"),
    Workflow("court", "Court: bail and remand", "f3", "Assess bail and remand for a hearing, with the remand tests live",
             "yjtui.screens.court:CourtScreen", bindings="yjtui.screens.court:BINDINGS", short="Court"),
    Workflow("plan", "Plan: intervention plan and reviews", "f4",
             "Write and review the intervention plan for the child's order", "yjtui.screens.plan:PlanScreen",
             bindings="yjtui.screens.plan:BINDINGS", short="Plan"),
    Workflow("board", "Deadlines: the board across the caseload", "f5", "Every deadline of every child, overdue first",
             "yjtui.screens.board:BoardScreen", needs_child=False, bindings="yjtui.screens.board:BINDINGS",
             short="Board"),
    Workflow("reference", "Reference: gravity, orders, MAPPA, glossary", "f6",
             "Look up the gravity matrix, YRO requirements, MAPPA, timescales and abbreviations",
             "yjtui.screens.reference:ReferenceScreen", needs_child=False,
             bindings="yjtui.screens.reference:BINDINGS", short="Reference"),
    Workflow("moves", "Moves: transfer and youth to adult", "f7",
             "Case responsibility and transfer between YOTs; the move to the Probation Service at 18",
             "yjtui.screens.moves:MovesScreen", bindings="yjtui.screens.moves:BINDINGS", short="Moves"),
    Workflow("exploitation", "Exploitation: screening, NRM, Risk Management Panel", "f8",
             "Screen for child exploitation (Enfield tool), record an NRM referral and a Risk Management Panel",
             "yjtui.screens.exploitation:ExploitationScreen", bindings="yjtui.screens.keys:EXPLOITATION",
             short="Exploitation"),
    # The YOT police officer (issue 14): the police role starts on these.
    Workflow("oocd", "Out-of-court decision: gravity and gates", "f9",
             "Decide an out-of-court disposal: the offence's gravity score, its factors, the CPS and YJS gates",
             "yjtui.screens.oocd:OocdScreen", bindings="yjtui.screens.keys:OOCD", short="Out of court"),
    Workflow("police", "ISS and DYO: police tasks and contacts", "f10",
             "ISS: the police tasks and weekly contact log; DYO: the record, RAG and tier; the police lookups",
             "yjtui.screens.police:PoliceScreen", bindings="yjtui.screens.keys:POLICE", short="ISS/DYO"),
    # Supervision from sentence to closure (issue 24)
    Workflow("supervision", "Supervision: contacts and breach", "f12",
             "The contact log (missed contacts followed up, warnings, compliance panel), breach (the gates, the "
             "manager's sign-off), court reports, custody, the referral order and victims",
             "yjtui.screens.supervision:SupervisionScreen", bindings="yjtui.screens.keys:SUPERVISION",
             short="Supervision"),
]
