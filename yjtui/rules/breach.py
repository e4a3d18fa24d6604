"""Breach: taking a child back to court for not complying with an order or with bail supervision and support (Case
Management Guidance, "How to respond to non-engagement ('breach')", seed 002 L1610-1640; "What to do if there is
a breach of bail", L4402-4436; the breach report, L2390-2392; caretaking, National Protocol for Case
Responsibility 4.86 and 4.96, L24560-24568, L24671-24677).

Breach is the last resort: "limited to those exceptional circumstances where all other options for engagement have
been unsuccessful", with "a general presumption against taking breach proceedings, unless there is a very good
reason", such as "an urgent concern about public protection; or a further serious offence" (L1612-1614). The
judgement is the case manager's, "signed off by a manager of operations level at minimum" and covering the child's
living arrangements, attachments, what has worked, and capacity (L1620-1628); "any decision to take breach action
should be accompanied by a review led by an independent manager" (L1632, L4430). A failed drug test or a refused
form of treatment is not a breach (L3196, L3226, L3256). A bail breach is started by a witness statement to the
police (the YOT police officer takes S9 statements, seed 001 L327-334), and the child is told (L4418).

Facts (`breach`, added here, all optional):
    {"order_type": supervision.ORDER_TYPES, "grounds": [GROUNDS keys], "other_options_tried": yes/no/unknown,
     "warnings_given": count, "considered": {CONSIDERATIONS keys: str}, "beyond_control_considered": yes/no/unknown,
     "signed_off_by": str, "signed_off_level": SIGN_OFF_LEVELS, "independent_review_by": str,
     "witness_statement_on": date, "child_told": yes/no/unknown, "report": {REPORT_CONTENTS keys: bool},
     "caretaking": "host" | "home", "referral_panel_held": yes/no/unknown}
Values: `values.breach = {"may_proceed": yes/no/unknown, "blocks": [...]}`: no while any block holds (BLOCKS), yes
when every gate is answered and none holds, else unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .core import Answer, Block, Citation, Finding
from .facts import (Case, FactsError, enum_value, join, need_list, need_object, opt_date, opt_number, opt_str,
                    opt_tri, show)
from .registry import ACTION, INFO, NATIONAL, WARNING, Context, finding, out, rule
from .supervision import ORDER_TYPES

CMG = "Case Management Guidance"
PROT = "National Protocol for Case Responsibility"


def C(*lines: int, document: str = CMG, paragraph: str = "", seed: str = "002") -> Citation:
    return Citation(document, paragraph, seed, tuple(lines))


# Why breach is considered: the serious reasons the guidance names (L1614, L1620), non-engagement, and the ones it
# says are not a breach (L3196, L3226, L3256).
GROUNDS: dict[str, tuple[str, bool]] = {  # key -> (label, is it a breach?)
    "public_protection": ("An urgent public protection concern or an act of violence", True),
    "further_serious_offence": ("A further serious offence", True),
    "non_engagement": ("Problems with engagement (missed appointments)", True),
    "failed_drug_test": ("A failed or refused drug test", False),
    "refused_drug_treatment": ("Refusing a form of drug treatment (reasonably)", False),
    "refused_mental_health_treatment": ("Refusing a form of mental health treatment", False),
}
SERIOUS = ("public_protection", "further_serious_offence")
# "The judgement on whether or not to breach ... include the following" (L1622-1628)
CONSIDERATIONS: dict[str, str] = {
    "living_arrangements": "The stability of the child's living arrangements",
    "attachments": "The child's attachments and relationships, and trusted adults who can support them",
    "what_worked": "The evidence on what has worked well and not worked to engage the child",
    "capacity": "Whether the child can understand the process and has the maturity to respond",
}
# "signed off by a manager of operations level at minimum" (L1620)
SIGN_OFF_LEVELS = ("team", "operations", "senior")
# What the breach report gives (bail L4420-4428; any breach report L2392, L1630)
REPORT_CONTENTS: dict[str, str] = {
    "reasons_given": "The reasons the child gave",
    "progress": "Progress made and engagement to date",
    "context": "The context in which the breach occurred",
    "support_actions": "Actions which could be taken to support engagement",
    "positive_engagement": "An account of any positive engagement and progress against goals",
    "willing_to_continue": "That you are prepared to continue working with the child",
    "alterations": "Alterations which would increase engagement",
}
CARETAKING = ("host", "home")

PRESUMPTION = C(1612, 1614, 1616)
WARNINGS_FIRST = C(1618)
SIGN_OFF = C(1620, 1622, 1628)
BEYOND_CONTROL = C(1630)
NOT_A_BREACH = C(3196, 3226, 3256)
REVIEW = C(1632, 4430)
BAIL_STATEMENT = C(4418)
S9 = C(327, 329, 334, document="ACPO/YJB YOT Police Officer review", paragraph="5.9.1", seed="001")
REPORT = C(4420, 4428, 2392)
CUSTODY_OUTCOME = C(1630, 4428)
CARETAKING_CITE = C(24671, 24677, document=PROT, paragraph="4.96")
REFERRAL_PANEL = C(24560, 24568, document=PROT, paragraph="4.86")
BOARD = C(1632)


BLOCKS: tuple[Block, ...] = (
    Block("not_a_breach", "The only grounds recorded are not a breach: failing a drug test, or refusing a form of "
          "treatment once the requirement is in place. Explore the reasons and keep working with the child.",
          NOT_A_BREACH, "Failing the Drug Testing Requirement is not a breach"),
    Block("presumption_against", "A general presumption against breach: other options for engagement have not all "
          "been tried, and there is no urgent public protection concern or further serious offence.", PRESUMPTION,
          "The use of breach should be limited to those exceptional circumstances where all other options for "
          "engagement have been unsuccessful"),
    Block("warnings_not_used", "Non-engagement with no warning given: court processes should not be used as an "
          "alternative to warnings.", WARNINGS_FIRST, "Court processes should not be used as an alternative to "
          "warnings"),
    Block("no_manager_sign_off", "Not signed off: the judgement on whether to breach is signed off by a manager of "
          "operations level at minimum.", SIGN_OFF, "The judgement on whether or not to breach should be signed off "
          "by a manager of operations level at minimum"),
    Block("no_referral_panel", "A Referral Order: a panel is convened before the return to court.", REFERRAL_PANEL,
          "Due to Referral Order requirements a panel should be convened prior to the return to court"),
)
BLOCK_BY_NAME = {b.name: b for b in BLOCKS}

CONTRACT = (
    ("facts breach", "{order_type, grounds: [" + ", ".join(GROUNDS) + "], other_options_tried: yes/no/unknown, "
     "warnings_given: count, considered: {" + ", ".join(CONSIDERATIONS) + ": text}, beyond_control_considered, "
     "signed_off_by, signed_off_level: " + "/".join(SIGN_OFF_LEVELS) + ", independent_review_by, "
     "witness_statement_on: date, child_told, report: {" + ", ".join(REPORT_CONTENTS) + ": bool}, caretaking: "
     "host/home, referral_panel_held}"),
    ("values.breach", "{may_proceed: yes/no/unknown, blocks: [not_a_breach (L3226), presumption_against "
     "(L1612-1614), warnings_not_used (L1618), no_manager_sign_off (L1620), no_referral_panel (L24560)]}; null "
     "without facts.breach"),
)


@dataclass(frozen=True)
class Breach:
    order_type: str | None = None
    grounds: tuple[str, ...] = ()
    other_options_tried: Answer = Answer.UNKNOWN
    warnings_given: int | None = None
    considered: dict[str, str] = field(default_factory=dict)
    beyond_control_considered: Answer = Answer.UNKNOWN
    signed_off_by: str = ""
    signed_off_level: str | None = None
    independent_review_by: str = ""
    witness_statement_on: Any = None
    child_told: Answer = Answer.UNKNOWN
    report: dict[str, bool] = field(default_factory=dict)
    caretaking: str | None = None
    referral_panel_held: Answer = Answer.UNKNOWN


def _text(o: dict, key: str, path: str) -> str:
    return (opt_str(o, key, path) or "").strip()


def parse_breach(raw: Any, path: str = "breach") -> Breach:
    b = need_object(raw, path)
    grounds: list[str] = []
    if b.get("grounds") is not None:
        gp = join(path, "grounds")
        grounds = [enum_value(g, tuple(GROUNDS), join(gp, i)) for i, g in enumerate(need_list(b["grounds"], gp))]
    considered: dict[str, str] = {}
    if b.get("considered") is not None:
        cp = join(path, "considered")
        c = need_object(b["considered"], cp)
        considered = {k: _text(c, k, cp) for k in CONSIDERATIONS}
    report: dict[str, bool] = {}
    if b.get("report") is not None:
        rp = join(path, "report")
        r = need_object(b["report"], rp)
        for k in REPORT_CONTENTS:
            v = r.get(k)
            if v is not None and not isinstance(v, bool):
                raise FactsError(join(rp, k), f"expected true or false, got {show(v)}")
            report[k] = v is True
    warnings = opt_number(b, "warnings_given", path, 0, 1000, whole=True)
    order = b.get("order_type")
    level = b.get("signed_off_level")
    care = b.get("caretaking")
    return Breach(
        order_type=None if order is None else enum_value(order, ORDER_TYPES, join(path, "order_type")),
        grounds=tuple(dict.fromkeys(grounds)),
        other_options_tried=opt_tri(b, "other_options_tried", path),
        warnings_given=None if warnings is None else int(warnings),
        considered=considered,
        beyond_control_considered=opt_tri(b, "beyond_control_considered", path),
        signed_off_by=_text(b, "signed_off_by", path),
        signed_off_level=None if level is None else enum_value(level, SIGN_OFF_LEVELS, join(path, "signed_off_level")),
        independent_review_by=_text(b, "independent_review_by", path),
        witness_statement_on=opt_date(b, "witness_statement_on", path),
        child_told=opt_tri(b, "child_told", path),
        report=report,
        caretaking=None if care is None else enum_value(care, CARETAKING, join(path, "caretaking")),
        referral_panel_held=opt_tri(b, "referral_panel_held", path),
    )


# --- The gates -----------------------------------------------------------------------------------------------------

def gate_states(b: Breach) -> dict[str, Answer]:
    """Each block: YES (it holds), NO (it does not), UNKNOWN (not yet answered)."""
    breaches = [g for g in b.grounds if GROUNDS[g][1]]
    serious = any(g in SERIOUS for g in b.grounds)
    if not b.grounds:
        not_a_breach = Answer.UNKNOWN
    else:
        not_a_breach = Answer.NO if breaches else Answer.YES
    if serious or b.other_options_tried is Answer.YES:
        presumption = Answer.NO
    elif b.other_options_tried is Answer.NO:
        presumption = Answer.YES
    else:
        presumption = Answer.UNKNOWN
    if serious or "non_engagement" not in b.grounds:
        warnings = Answer.NO if b.grounds else Answer.UNKNOWN
    elif b.warnings_given is None:
        warnings = Answer.UNKNOWN
    else:
        warnings = Answer.YES if b.warnings_given == 0 else Answer.NO
    signed = Answer.NO if b.signed_off_by and b.signed_off_level in ("operations", "senior") else Answer.YES
    if b.order_type != "referral_order":
        panel = Answer.NO if b.order_type is not None else Answer.UNKNOWN
    else:
        panel = {Answer.YES: Answer.NO, Answer.NO: Answer.YES, Answer.UNKNOWN: Answer.UNKNOWN}[b.referral_panel_held]
    return {"not_a_breach": not_a_breach, "presumption_against": presumption, "warnings_not_used": warnings,
            "no_manager_sign_off": signed, "no_referral_panel": panel}


def breach_value(b: Breach) -> dict[str, Any]:
    states = gate_states(b)
    blocks = [blk.name for blk in BLOCKS if states[blk.name] is Answer.YES]
    if blocks:
        may = "no"
    elif all(states[blk.name] is Answer.NO for blk in BLOCKS):
        may = "yes"
    else:
        may = "unknown"
    return {"may_proceed": may, "blocks": blocks}


def refusal(b: Breach) -> Finding | None:
    """Why taking the breach to court is refused now (the first block), or None when every gate is met."""
    value = breach_value(b)
    if value["may_proceed"] == "yes":
        return None
    if value["blocks"]:
        blk = BLOCK_BY_NAME[value["blocks"][0]]
        return finding(f"breach.{blk.name}", ACTION, blk.blocked, blk.citation)
    return finding("breach.gates", ACTION, "Not yet: answer " + ", ".join(
        _QUESTIONS[name] for name, s in gate_states(b).items() if s is Answer.UNKNOWN) + ".", ALL_GATES)


_QUESTIONS = {"not_a_breach": "the grounds", "presumption_against": "whether every other option was tried",
              "warnings_not_used": "how many warnings were given", "no_manager_sign_off": "the manager's sign-off",
              "no_referral_panel": "whether the Referral Order panel was convened"}
ALL_GATES = C(1612, 1618, 1620, 3226, 24560)


def _gate_rule(blk: Block):
    def apply(case: Case, ctx: Context):
        if case.breach is None or gate_states(case.breach)[blk.name] is not Answer.YES:
            return None
        return out({}, [finding(f"breach.{blk.name}", ACTION, blk.blocked, blk.citation)])

    apply.__name__ = f"breach_{blk.name}"
    return apply


for _blk in BLOCKS:
    rule(f"breach.{_blk.name}", _blk.title, NATIONAL, _blk.citation)(_gate_rule(_blk))


@rule("breach.gates", "Breach is a last resort: every gate answered before the child is taken back to court "
      "(values.breach)", NATIONAL, ALL_GATES)
def breach_gates(case: Case, ctx: Context):
    b: Breach | None = case.breach
    if b is None:
        return None
    found: list[Finding] = []
    mixed = [GROUNDS[g][0] for g in b.grounds if not GROUNDS[g][1]]
    if mixed and any(GROUNDS[g][1] for g in b.grounds):
        found.append(finding("breach.not_a_breach", WARNING, "Not a breach, so not a ground: " + "; ".join(mixed)
                             + ".", NOT_A_BREACH))
    value = breach_value(b)
    if value["may_proceed"] == "unknown":
        found.append(refusal(b))
    if value["may_proceed"] != "no":
        found.append(finding("breach.custody_outcome", INFO, "Taking the child back to court could end in a "
                             "custodial sentence (or remand).", CUSTODY_OUTCOME))
    return out({"breach": value}, found)


@rule("breach.judgement", "The judgement on whether or not to breach should include the stability of the child's "
      "living arrangements, attachments, what has worked, and capacity", NATIONAL, SIGN_OFF, prompt=True)
def judgement(case: Case, ctx: Context):
    b: Breach | None = case.breach
    if b is None:
        return None
    found = []
    missing = [label for key, label in CONSIDERATIONS.items() if not b.considered.get(key)]
    if missing:
        found.append(finding("breach.judgement", WARNING, "The judgement on breach covers (your words): "
                             + "; ".join(missing) + ".", SIGN_OFF))
    if b.beyond_control_considered is not Answer.YES:
        found.append(finding("breach.judgement", WARNING, "Say whether factors beyond the child's control (looked "
                             "after; one parent who works or has younger children) explain the non-engagement: a "
                             "child is not penalised for them.", BEYOND_CONTROL))
    if b.signed_off_by and b.signed_off_level == "team":
        found.append(finding("breach.judgement", WARNING, "Signed off by a team manager: the sign-off is by a "
                             "manager of operations level at minimum.", SIGN_OFF))
    return out(findings=found)


@rule("breach.independent_review", "Any decision to take breach action should be accompanied by a review led by an "
      "independent manager", NATIONAL, REVIEW)
def independent_review(case: Case, ctx: Context):
    b: Breach | None = case.breach
    if b is None or breach_value(b)["may_proceed"] == "no":
        return None
    if not b.independent_review_by:
        return out(findings=[finding("breach.independent_review", ACTION, "Arrange the review led by an independent "
                                     "manager: gaps in services that led to the failure to engage, learning for staff "
                                     "and the service, alterations to engage this child better.", REVIEW)])
    if b.independent_review_by.casefold() == b.signed_off_by.casefold():
        return out(findings=[finding("breach.independent_review", WARNING, "The review is led by the manager who "
                                     "signed off the breach: it is led by an independent manager.", REVIEW)])
    return None


@rule("breach.bail_statement", "Breach proceedings are instigated by making a witness statement to the police; the "
      "child should be advised that breach has been instigated", NATIONAL, BAIL_STATEMENT)
def bail_statement(case: Case, ctx: Context):
    b: Breach | None = case.breach
    if b is None or b.order_type not in ("bail_support", "parenting_order") or breach_value(b)["may_proceed"] != "yes":
        return None
    found = []
    if b.witness_statement_on is None:
        what = "a bail supervision and support breach" if b.order_type == "bail_support" else \
            "a Parenting Order breach"
        found.append(finding("breach.bail_statement", ACTION, f"Start {what} with a witness statement to the police: "
                             "the YOT police officer takes the S9 statement.",
                             f"{BAIL_STATEMENT}; {S9}" if b.order_type == "bail_support" else str(S9)))
    if b.order_type == "bail_support" and b.child_told is not Answer.YES:
        found.append(finding("breach.bail_statement", ACTION, "Tell the child that breach has been instigated and that "
                             "they should attend court as required.", BAIL_STATEMENT))
    return out(findings=found)


@rule("breach.report", "Breach reports should always give an account of any positive engagement, progress against "
      "goals and factors which could support further engagement", NATIONAL, REPORT)
def report(case: Case, ctx: Context):
    b: Breach | None = case.breach
    if b is None or not b.report:
        return None
    missing = [label for key, label in REPORT_CONTENTS.items() if not b.report.get(key)]
    if not missing:
        return None
    return out(findings=[finding("breach.report", ACTION, "The breach report still needs: " + "; ".join(missing) + ".",
                                 REPORT)])


@rule("breach.caretaking", "The Host YOT lists a caretaking breach at court; the Home YOT is responsible for any "
      "subsequent breach report", NATIONAL, CARETAKING_CITE)
def caretaking(case: Case, ctx: Context):
    b: Breach | None = case.breach
    if b is None or b.caretaking is None:
        return None
    found = [finding("breach.caretaking", INFO, "Caretaking: the Host YOT agrees breach action with the Home YOT and "
                     "lists the case at its court; the Home YOT writes the breach report, the Host contributing to "
                     "the proposal and any new YRO's requirements.", CARETAKING_CITE)]
    if b.order_type == "referral_order":
        found.append(finding("breach.caretaking", INFO, "A Referral Order in caretaking: the Host tells the Home YOT "
                             "the panel is being convened and its recommendation, and writes the panel report; the "
                             "Home YOT writes the breach report for court unless agreed otherwise.", REFERRAL_PANEL))
    return out(findings=found)


@rule("breach.board", "The YJS's levels of breach action should be tracked and reported to its management board",
      NATIONAL, BOARD)
def board(case: Case, ctx: Context):
    b: Breach | None = case.breach
    if b is None or breach_value(b)["may_proceed"] != "yes":
        return None
    return out(findings=[finding("breach.board", INFO, "This breach is counted in the service's breach figures for "
                                 "the management board, with the child's ethnicity and whether looked after "
                                 "(disproportionality is monitored).", BOARD)])
