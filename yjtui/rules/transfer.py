"""Case responsibility and transfer: the YJB National Protocol for Case Responsibility (seed 002 L21422-24857).

What must be true before a case is transferred to another YOT (the protocol's hard gates), the situations a
child's move can be in (Home, Host, caretaking, stability testing, transfer of an order, a looked-after child
placed out of area, release to another area), the Appendix 2 information-sharing checklist, the questions the
protocol leaves to judgement, and the checks the screen shows on a transfer record. Pure: facts in, findings out.

The headless contract (spec "Additions"): facts `transfer` with `child.looked_after` -> `values.transfer =
{"allowed", "blocks"}`. `allowed` is "no" when any block holds, "yes" when every gate is answered and none holds,
else "unknown".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .core import Answer, Citation, Finding
from .facts import Case, TransferFacts
from .registry import ACTION, INFO, NATIONAL, WARNING, Context, finding, out, rule
from .workdays import working_days_after

PROT = "National Protocol for Case Responsibility"


def C(paragraph: str, *lines: int) -> Citation:
    return Citation(PROT, paragraph, "002", tuple(lines))


# What `yjtui rules` prints about the facts and values this module adds to the headless contract.
CONTRACT = (
    ("facts transfer", "{proposed_on: date, pending_breach, requirements_deliverable, monitoring_involved, "
     "monitoring_arranged, receiving_agreed: yes/no/unknown}, read with child.looked_after and child.care_leaver "
     "(yes/no/unknown: an eligible or relevant care leaver, L24301; added, a gate only when given)"),
    ("values.transfer", "{allowed: yes/no/unknown, blocks: [pending_breach (L24275), looked_after_child (L24321), "
     "care_leaver (L24301, added), requirements_not_deliverable (L24051), monitoring_not_arranged (only when "
     "monitoring is involved, L24081), no_receiving_agreement (L24233)]}: no when any block holds, yes when every "
     "gate is answered and none holds; null without facts.transfer"),
)


# --- The gates (note E CR-81, CR-84, CR-93, CR-97, CR-100) -----------------------------------------------------

@dataclass(frozen=True)
class Gate:
    """One hard gate before a transfer: the block's name (the contract's), the question, what a block means."""

    block: str
    question: str
    blocked: str  # the explanation shown when the block holds
    citation: Citation
    title: str = ""  # the guidance's words, for the rule catalogue


GATES: tuple[Gate, ...] = (
    Gate("pending_breach", "Is a breach pending (proceedings being, or to be, taken)?",
         "A breach is pending: the case must not be transferred until the breach process has concluded.",
         C("4.69", 24275), "Cases must not be transferred where there is a pending breach for failure to comply "
         "with a court order"),
    Gate("looked_after_child", "Is the child looked after? (from the child record)",
         "The child is looked after: overall case responsibility cannot be transferred to the Host YOT. The Host "
         "caretakes; the Home YOT keeps overall responsibility.", C("4.75, 4.72", 24321, 24301),
         "Looked-after children: overall case responsibility cannot be transferred to the Host YOT"),
    Gate("care_leaver", "Is the child an eligible or relevant care leaver? (from the child record)",
         "The child is an eligible or relevant care leaver: they remain the responsibility of the placing local "
         "authority, as corporate parent, and the Home YOT keeps overall case management; overall case "
         "responsibility is not transferred to the Host YOT.", C("4.72", 24301),
         "Looked-after children, care leavers (eligible and relevant) remain the responsibility of the placing local "
         "authority"),
    Gate("requirements_not_deliverable", "Can the receiving YOT deliver every requirement of the order?",
         "The receiving YOT cannot deliver every requirement: the originating YOT returns the order to court for "
         "variation before the transfer (the receiving YOT may confirm to the court what it can deliver).",
         C("4.59", 24051), "Return the order to court for variation ... prior to the transfer taking place"),
    Gate("monitoring_not_arranged", "EM provider notified and curfew variation applied for, before the transfer?",
         "Electronic monitoring or a curfew is involved and not yet arranged: notify the EM provider and apply for "
         "the curfew variation before the transfer, so monitoring is never interrupted.", C("4.62", 24081),
         "Completed prior to the transfer ... to ensure that there is no interruption in electronic monitoring"),
    Gate("no_receiving_agreement", "Has the receiving YOT operational manager explicitly agreed?",
         "No explicit agreement from the receiving YOT operational manager: the case is not transferred. Follow the "
         "dispute process (Appendix 1); the originating YOT keeps full responsibility, including breach.",
         C("4.68", 24233, 24249), "Cases will only be transferred where there is explicit agreement by the "
         "receiving YOT operational manager"),
)
GATE_BY_BLOCK = {g.block: g for g in GATES}
BLOCKS = tuple(g.block for g in GATES)
MONITORING_QUESTION = ("Does the order involve electronic monitoring or a curfew (YRO with ISS, bail ISS, DTO "
                       "Notice of Supervision, s.91)?")


def gate_states(t: TransferFacts, looked_after: Answer, care_leaver: Answer | None = None) -> dict[str, Answer]:
    """Each block: YES (it holds), NO (it does not), UNKNOWN (not yet answered). `care_leaver` None: not given (a
    caller from before the gate; the app always gives it from the child record)."""
    flip = {Answer.YES: Answer.NO, Answer.NO: Answer.YES, Answer.UNKNOWN: Answer.UNKNOWN}
    if t.monitoring_involved is Answer.NO or t.monitoring_arranged is Answer.YES:
        monitoring = Answer.NO
    elif t.monitoring_involved is Answer.YES and t.monitoring_arranged is Answer.NO:
        monitoring = Answer.YES
    else:
        monitoring = Answer.UNKNOWN
    return {
        "pending_breach": t.pending_breach,
        "looked_after_child": looked_after,
        "care_leaver": Answer.NO if care_leaver is None else care_leaver,
        "requirements_not_deliverable": flip[t.requirements_deliverable],
        "monitoring_not_arranged": monitoring,
        "no_receiving_agreement": flip[t.receiving_agreed],
    }


def transfer_value(t: TransferFacts, looked_after: Answer, care_leaver: Answer | None = None) -> dict[str, Any]:
    states = gate_states(t, looked_after, care_leaver)
    blocks = [b for b in BLOCKS if states[b] is Answer.YES]
    if blocks:
        allowed = "no"
    elif all(states[b] is Answer.NO for b in BLOCKS):
        allowed = "yes"
    else:
        allowed = "unknown"
    return {"allowed": allowed, "blocks": blocks}


def unanswered(t: TransferFacts, looked_after: Answer, care_leaver: Answer | None = None) -> list[str]:
    states = gate_states(t, looked_after, care_leaver)
    return [b for b in BLOCKS if states[b] is Answer.UNKNOWN]


ALLOWED_CITATION = C("4.68-4.69, 4.72, 4.75, 4.59, 4.62", 24233, 24275, 24301, 24321, 24051, 24081)


def _gate_rule(gate: Gate):
    def apply(case: Case, ctx: Context):
        if case.transfer is None or \
                gate_states(case.transfer, case.looked_after, case.care_leaver)[gate.block] is not Answer.YES:
            return None
        return out({}, [finding(f"transfer.{gate.block}", ACTION, gate.blocked, gate.citation)])

    apply.__name__ = f"transfer_{gate.block}"
    return apply


# One rule per gate, so each is listed (`yjtui rules`) with its own citation; then the contract's value.
for _gate in GATES:
    rule(f"transfer.{_gate.block}", _gate.title, NATIONAL, _gate.citation)(_gate_rule(_gate))


@rule("transfer.gates", "A transfer is allowed only when no gate blocks it (values.transfer)", NATIONAL,
      ALLOWED_CITATION)
def transfer_gates(case: Case, ctx: Context):
    t = case.transfer
    if t is None:
        return None
    value = transfer_value(t, case.looked_after, case.care_leaver)
    findings: list[Finding] = []
    if value["allowed"] == "unknown":
        open_ = [MONITORING_QUESTION if b == "monitoring_not_arranged" and t.monitoring_involved is Answer.UNKNOWN
                 else GATE_BY_BLOCK[b].question for b in unanswered(t, case.looked_after, case.care_leaver)]
        findings.append(finding("transfer.gates", INFO, "Before a transfer, still to answer: " + " | ".join(open_),
                                ALLOWED_CITATION))
    if value["allowed"] == "yes":
        findings.append(finding("transfer.gates", INFO,
                                "Every gate is met: the originating YOT applies to court at once to transfer the "
                                "order; case responsibility then passes to the receiving YOT.", C("4.68", 24260)))
    if t.proposed_on is not None and t.receiving_agreed is Answer.UNKNOWN:
        due = working_days_after(t.proposed_on, 2)
        findings.append(finding("transfer.decision", INFO,
                                f"The receiving YOT's decision is due by {due.strftime('%d/%m/%Y')} (two working days "
                                "from the request).", C("4.68", 24238)))
    return out({"transfer": value}, findings)


# --- Situations (note E §1.1, §1.5) ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Situation:
    id: str
    key: str  # one key picks it on the screen
    title: str
    responsible: str  # who the protocol says holds overall responsibility: "home", "host", "receiving"
    meaning: str
    citation: Citation
    starts: str = ""  # the event type its start date records (deadlines on the board)
    transfer: bool = False  # the transfer gates decide whether responsibility may move


def expected_responsible(situation: Situation, transferred: bool) -> str:
    """Who holds overall responsibility: a transfer moves it to the receiving YOT only once recorded (agreement and
    the court application); until then the originating YOT keeps full responsibility (4.68, L24249, L24271)."""
    return "receiving" if situation.transfer and transferred else situation.responsible


SITUATIONS: tuple[Situation, ...] = (
    Situation("home", "h", "Home YOT: the child lives in our area", "home",
              "The Home YOT is the service where the child normally resides (for a looked-after child, the "
              "Designated Authority's).", C("3.1", 21719)),
    Situation("host", "o", "Host YOT: a child from another area", "home",
              "The Host YOT provides services to a child who does not normally live in its area; the Home YOT keeps "
              "overall responsibility.", C("3.1", 21712)),
    Situation("caretaking", "c", "Caretaking: the Host manages day to day (usually three months)", "home",
              "A temporary arrangement, by agreement, usually for three months. The Home YOT applies to court at once "
              "to amend the local justice area; that is not a transfer of overall responsibility.",
              C("3.1, 4.57", 21747, 24031), starts="caretaking_agreed"),
    Situation("stability", "s", "Moving within the family: three-month stability test", "home",
              "A move to another parent or family member in another area: the Home YOT keeps responsibility "
              "(court reports, enforcement) for three months, the Host does the day-to-day work; a review meeting at "
              "the end hands over responsibility once the placement is confirmed.",
              C("4.63-4.66", 24097, 24107, 24117), starts="stability_test_started"),
    Situation("transfer", "t", "Transfer of the order: the established family unit is moving", "home",
              "The originating YOT asks the receiving YOT's operational manager, sends the checklist documents "
              "within one working day; the receiving YOT decides within two; with explicit agreement the order is "
              "transferred by the court and the receiving YOT becomes the Home YOT.",
              C("4.68", 24138, 24222, 24233), starts="transfer_requested", transfer=True),
    Situation("looked_after", "l", "Looked-after child placed out of area", "home",
              "The placing local authority and its YOT keep overall responsibility; the Host caretakes. Overall "
              "responsibility cannot be transferred to the Host.", C("4.72, 4.75, 4.78", 24301, 24321, 24341)),
    Situation("release", "r", "Release from custody to another area", "home",
              "The Home and Host YOTs discuss licence conditions (ISS: tell the Host and its ISS team early). Moving "
              "with the family unit: as a transfer (4.68); to a different family member: a three-month stability "
              "test.", C("4.97-4.99", 24686, 24699, 24705)),
)
SITUATION_BY_ID = {s.id: s for s in SITUATIONS}

RESPONSIBLE = {"home": "Home YOT", "host": "Host YOT", "receiving": "Receiving YOT (now the Home YOT)"}

SUPERVISING_OFFICER = C("2.1", 21651)
REASONS = C("4.68", 24218)
INTERVENTION_LEVEL = C("4.60", 24064)
# After the receiving YOT agrees, the originating YOT "will retain full responsibility" and applies at once to court
# to transfer the order; then "Case responsibility transfers to the Receiving YOT" (4.68 flow, L24249-24271).
COURT_TRANSFER = C("4.68", 24249, 24260, 24271)
CARE_LEAVER = C("4.72", 24301)
DISPUTE = Citation(PROT, "Appendix 1", "002", (24726, 24730, 24733))
DISPUTE_HOST = Citation(PROT, "Appendix 1", "002", (24751,))
LJA_AMENDMENT = C("4.57", 24031)

OUTSIDE_PROTOCOL = ("Moves into or out of England and Wales (Scotland, Ireland) are not covered: the protocol leaves "
                    "them to a later edition.", C("1.5", 21496))
INTERVENTION_LEVEL_SUMMARY = ("The Scaled Approach intervention level is continued until the receiving YOT "
                              "reassesses; a change needs a recorded rationale, a manager's approval and explaining "
                              "to the child.")
DISPUTE_SUMMARY = ("Suggested timescale from the first notification: managers resolve it in two working days; then "
                   "the management board in five; then local processes, notifying the YJB.")
CHECKLIST_INTRO = ("Appendix 2: documents which may be needed, sent by secure email within one working day of the "
                   "request. y yes, n no, a n/a.")

# What follows agreement (4.68 flowchart and 4.70-4.71).
AFTER_AGREEMENT: tuple[tuple[str, Citation], ...] = (
    ("The originating YOT applies to court at once to transfer the order to the receiving area; case "
     "responsibility transfers to the receiving YOT.", C("4.68", 24260, 24271)),
    ("The receiving YOT completes its introduction or contract process, including an AssetPlus review stage, "
     "evidenced in case of breach.", C("4.68", 24199)),
    ("Agree the transfer out / transfer in date; the receiving YOT records the 'Originating Young Person ID'.",
     C("4.70-4.71", 24286, 24295)),
)

# Out-of-area notices the Host YOT owes the Home YOT: (key, event type, label, citation). The event's deadline comes
# from the deadline table (24 hours; the first available working day after an occasional or Saturday court).
OUT_OF_AREA: tuple[tuple[str, str, str, Citation], ...] = (
    ("police_interview", "out_of_area_police_interview",
     "Police interview in the host area ended (dd/mm/yyyy hh:mm): tell the Home YOT within 24 hours", C("4.6", 21818)),
    ("oocd", "out_of_area_oocd",
     "Host YOT learnt of an out-of-court disposal (dd/mm/yyyy hh:mm): tell the Home YOT within 24 hours",
     C("4.11", 22277)),
    ("court_outcome", "out_of_area_court_outcome",
     "Appeared in a host, occasional or Saturday court (dd/mm/yyyy): tell the Home YOT the first working day after",
     C("4.39", 23204)),
)

# Who is applied to for a curfew variation, by order (4.62, L24081).
MONITORING_BODY = {
    # 4.62 names the court for YROs with ISS; a YRO curfew without ISS is varied by the court too (our reading).
    "yro": "the relevant court (4.62 names YROs with ISS; a YRO curfew is varied by the court)",
    "yro_iss": "the relevant court (YRO with ISS)",
    "bail_iss": "the relevant court (bail ISS)",
    "dto": "the relevant under-18 young offender institution (DTO Notice of Supervision)",
    "s91": "the Ministry of Justice (section 91)",
}

ORDER_TYPES = {
    "yro": "Youth Rehabilitation Order", "yro_iss": "YRO with ISS", "referral_order": "Referral Order",
    "dto": "Detention and Training Order (Notice of Supervision)", "s91": "Section 91 / s.250 licence",
    "bail_iss": "Bail ISS", "other": "Other",
}


# --- Appendix 2: the information-sharing checklist (L24770-24857) ----------------------------------------------

@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: str
    line: int
    when: str = ""  # the circumstance the item depends on, as the checklist says


CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem("assetplus", "Last completed AssetPlus Stage", 24782),
    ChecklistItem("care_plan", "Current care plan (for looked-after children)", 24785, "looked after"),
    ChecklistItem("ro_contract", "Referral Order contract", 24788, "Referral Order"),
    ChecklistItem("psr", "The most recent PSR and other relevant reports", 24791),
    ChecklistItem("court_order", "Court order (where appropriate)", 24794, "an order"),
    ChecklistItem("previous", "Previous offending profile/previous convictions", 24797),
    ChecklistItem("outstanding", "Notification of outstanding matters: status, dates, crime references etc.", 24801),
    ChecklistItem("contacts", "Record of contacts with child or young person", 24807),
    ChecklistItem("enforcement", "Enforcement information in relation to the current sentence (e.g. failures to "
                  "attend, warning letters) (where appropriate)", 24811, "enforcement history"),
    ChecklistItem("work_done", "Details of work carried out from the case file as part of the current or any other "
                  "previous relevant intervention", 24818),
    ChecklistItem("cps", "CPS documents in relation to offence for which current order was made (where available)",
                  24823),
    ChecklistItem("health_education", "Information on mental health, education and training, outstanding "
                  "referrals, involvement of other professional organisations, child protection/care of younger "
                  "siblings etc.", 24828),
    ChecklistItem("high_risk", "Other relevant/specific information regarding high-risk cases including MAPPA, Risk "
                  "Management Panels", 24834),
    ChecklistItem("dyo_iom", "Deter Young Offender (DYO) status and/or integrated offender management information",
                  24839),
    ChecklistItem("gangs", "Gang intelligence", 24843),
    ChecklistItem("extremism", "Prevention of violent extremism information", 24846),
    ChecklistItem("reoffending_cohort", "Indication of whether the child or young person is in the Home YOT "
                  "re-offending cohort", 24850),
    ChecklistItem("home_id", "Home YOT ID number", 24854),
    ChecklistItem("civil", "Civil actions (ASBO/gang injunctions)", 24857),
)
CHECKLIST_CITATION = Citation(PROT, "Appendix 2", "002", (24770, 24774))
CHECKLIST_ANSWERS = (("y", "yes", "yes"), ("n", "no", "no"), ("a", "na", "n/a"), ("u", "", "not answered"))


def checklist_label(item: ChecklistItem) -> str:
    return f"{item.text} (L{item.line})"


def checklist_open(answers: dict[str, str]) -> list[ChecklistItem]:
    return [i for i in CHECKLIST if answers.get(i.id) not in ("yes", "no", "na")]


# --- Questions the protocol leaves to judgement (PROMPT in note E) ----------------------------------------------

@dataclass(frozen=True)
class Prompt:
    id: str
    question: str
    guidance: str  # what the protocol says, so the decision can be made against it
    citation: Citation
    caveat: str = ""  # a RECONSTRUCTED branch or an unclear passage, said on screen


PROMPTS: tuple[Prompt, ...] = (
    Prompt("psr_author", "Who writes the pre-sentence report?",
           "The default is the Home YOT. The Host may be better placed (more information, a relationship, the child "
           "placed with it for a significant time) or distance may make it impractical: that exception is discussed "
           "and agreed in writing by both YOTs, each case on its merits.", C("4.51-4.52", 23964, 23976)),
    Prompt("move_settled", "Is the move settled (placement confirmed at the end of the stability test)?",
           "Once the placement is confirmed the two YOTs agree the transfer out / transfer in date; if it breaks "
           "down within the three months the Home YOT co-ordinates.", C("4.64-4.66", 24107, 24112, 24117)),
    Prompt("family_contact", "Who contacts the family of a child estranged from home?",
           "Decided between the two YOTs; the child's age and maturity, and whether the Host knows the child, "
           "should influence the decision.", C("4.47", 23594),
           caveat="The estranged-child flowchart (L23429-23593) lost its layout in the seed text: which answer of "
                  "'Is the child 16 or over?' leads to the private fostering step, and which answer of 'Does the "
                  "family support their return home?' leads to remittal, is RECONSTRUCTED in note E. Check the "
                  "original protocol before relying on the order of the steps."),
    Prompt("host_functions", "Which day-to-day functions does the Host YOT take on?",
           "Defined by discussion: distance, how long the Host has been involved, how long the child is likely to "
           "stay; a common-sense approach, recorded and regularly reviewed.", C("4.80-4.81", 24427, 24437),
           caveat="The example split of Home and Host responsibilities for looked-after children (L24444-24517) is "
                  "a two-column table whose columns the text extraction merged: note E marks the assignment "
                  "RECONSTRUCTED."),
)
PROMPT_BY_ID = {p.id: p for p in PROMPTS}


# --- Checks on a transfer record (the screen's panel; the gates above come from the engine) ---------------------

def record_checks(data: dict[str, Any], looked_after_status: str) -> list[Finding]:
    """What the protocol asks of the record itself: a named supervising officer, reasons for a request, a
    departure from the protocol's responsible YOT explained, an intervention level change approved, ..."""
    found: list[Finding] = []
    situation = SITUATION_BY_ID.get(str(data.get("situation") or ""))
    if not str(data.get("supervising_officer") or "").strip():
        found.append(finding("transfer.supervising_officer", WARNING,
                             "Name the supervising officer: every child keeps a named supervising officer through "
                             "the transfer.", SUPERVISING_OFFICER))
    if situation is not None:
        responsible = str(data.get("responsible") or "")
        expected = expected_responsible(situation, bool(data.get("transferred_on")))
        if responsible and responsible != expected and not str(data.get("responsible_reason") or
                                                                              "").strip():
            found.append(finding("transfer.responsible", WARNING,
                                 f"The protocol gives overall responsibility to the "
                                 f"{RESPONSIBLE[expected]} here; you recorded the "
                                 f"{RESPONSIBLE.get(responsible, responsible)}. Say why.", situation.citation))
        if situation.transfer and data.get("requested_on") and not str(data.get("reasons") or "").strip():
            found.append(finding("transfer.reasons", WARNING,
                                 "Detail the reasons for the request to the receiving YOT's operational manager.",
                                 REASONS))
        if situation.id == "caretaking" and data.get("lja_amended") != "yes":
            found.append(finding("transfer.lja", ACTION,
                                 "Caretaking agreed: the Home YOT applies to court at once to amend the local justice "
                                 "area (for enforcement only; not a transfer of responsibility).", LJA_AMENDMENT))
    body = MONITORING_BODY.get(str(data.get("order_type") or ""))
    if body and data.get("monitoring_involved") == "yes" and data.get("monitoring_arranged") != "yes":
        found.append(finding("transfer.monitoring_body", ACTION,
                             f"Curfew variation: apply to {body}, and notify the EM provider, before the transfer.",
                             GATE_BY_BLOCK["monitoring_not_arranged"].citation))
    level = data.get("intervention_level") if isinstance(data.get("intervention_level"), dict) else {}
    if level.get("carried") and level.get("changed_to") and level.get("changed_to") != level.get("carried"):
        missing = [w for w, k in (("the rationale", "rationale"), ("the approving manager", "approved_by"))
                   if not str(level.get(k) or "").strip()]
        if level.get("communicated") != "yes":
            missing.append("that the change was explained to the child")
        if missing:
            found.append(finding("transfer.intervention_level", WARNING,
                                 "The intervention level carries over until the receiving YOT reassesses; a change "
                                 "needs " + ", ".join(missing) + ".", INTERVENTION_LEVEL))
    if looked_after_status == "care_leaver":
        found.append(finding("transfer.care_leaver", INFO,
                             "Recorded as a care leaver: the transfer gate treats the child as an eligible or "
                             "relevant care leaver, who stays the placing authority's responsibility. If the child "
                             "is neither, correct the child record.", CARE_LEAVER))
    dispute = data.get("dispute") if isinstance(data.get("dispute"), dict) else {}
    if dispute.get("raised_on") and not dispute.get("resolved_on"):
        found.append(finding("transfer.dispute_host", INFO,
                             "While the dispute runs, the Host YOT keeps providing youth justice services without "
                             "prejudice to the final decision. The five working days for step 2 are read from the "
                             "first notification (the protocol's 'from the point of initial notification'); it may "
                             "mean from the end of step 1.", DISPUTE_HOST))
    for prompt in PROMPTS:
        decided = (data.get("decisions") or {}).get(prompt.id) if isinstance(data.get("decisions"), dict) else None
        if isinstance(decided, dict) and decided.get("decision") and not (
                str(decided.get("by") or "").strip() and str(decided.get("why") or "").strip()):
            found.append(finding(f"transfer.{prompt.id}", WARNING,
                                 f"{prompt.question} Record who decided and why.", prompt.citation))
    return found
