"""The remand tests of LASPO 2012 ss.91, 98-99: when a remand to youth detention accommodation is open to the court.

A child refused bail is remanded to local authority accommodation unless the first (s.98) or second (s.99) set of
conditions is met, when the court *may* remand to youth detention accommodation (YDA). Each condition is met, not
met or not yet known; a set is met when every condition is met, not met when any is not met (note L §4).
Children of 10 and 11 must be remanded to local authority accommodation (seed 002 L4472).

The conditions changed on 28 June 2022 (PCSC Act 2022 s.157): a sentencing condition ("very likely" to receive a
custodial sentence) joined the first set, the second set's "real prospect" became "very likely", the history had to
appear relevant, and necessity added "cannot be managed safely in the community". Both versions are kept with
their dates; the hearing date (else the evaluation date) picks one. This paraphrases the statute (note L): the
screens say "check the current statute".

The engine never recommends a remand: it says which options remain legally open and which conditions are unresolved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from .core import Answer, Citation, Tri
from .facts import Bail, Case, parse_bail
from .registry import ACTION, INFO, NATIONAL, WARNING, Context, finding, out, rule

PCSC_2022 = date(2022, 6, 28)  # PCSC Act 2022 s.157 in force (note L)
LASPO_REMAND_IN_FORCE = date(2012, 12, 3)

CONDITION_NAMES = ("age", "sentencing", "offence", "history", "necessity", "legal_representation")


@dataclass(frozen=True)
class Condition:
    """One statutory condition as answered for this case."""

    name: str  # one of CONDITION_NAMES (the spec's `unresolved` names)
    status: Tri
    citation: str
    description: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status.value, "citation": self.citation,
                "description": self.description}


# --- How each condition is answered from the facts -------------------------------------------------------------------

def _any(answers: list[Answer]) -> Tri:
    """At least one yes -> met; all no -> not met; otherwise (or nothing recorded) not yet known."""
    if any(a is Answer.YES for a in answers):
        return Tri.MET
    if answers and all(a is Answer.NO for a in answers):
        return Tri.NOT_MET
    return Tri.UNKNOWN


def _or(*tris: Tri) -> Tri:
    if any(t is Tri.MET for t in tris):
        return Tri.MET
    if all(t is Tri.NOT_MET for t in tris):
        return Tri.NOT_MET
    return Tri.UNKNOWN


def _age(bail: Bail, age: int | None) -> Tri:
    if age is None:
        return Tri.UNKNOWN
    return Tri.MET if age >= 12 else Tri.NOT_MET


def _sentencing_very_likely(bail: Bail, age: int | None) -> Tri:
    return bail.custodial_sentence_very_likely.as_tri()


def _sentencing_real_prospect(bail: Bail, age: int | None) -> Tri:
    if bail.custodial_sentence_real_prospect is not Answer.UNKNOWN:
        return bail.custodial_sentence_real_prospect.as_tri()
    # "very likely" custody is at least a "real prospect" of it; "not very likely" leaves a real prospect open.
    return Tri.MET if bail.custodial_sentence_very_likely is Answer.YES else Tri.UNKNOWN


def _offence_serious(bail: Bail, age: int | None) -> Tri:
    answers = []
    for o in bail.offences:
        if o.max_adult_sentence_years is not None:
            fourteen = Answer.YES if o.max_adult_sentence_years >= 14 else Answer.NO
        else:
            fourteen = Answer.UNKNOWN
        flags = (o.violent, o.sexual, o.terrorism, fourteen)
        if any(a is Answer.YES for a in flags):
            answers.append(Answer.YES)
        elif all(a is Answer.NO for a in flags):
            answers.append(Answer.NO)
        else:
            answers.append(Answer.UNKNOWN)
    return _any(answers)


def _offence_imprisonable(bail: Bail, age: int | None) -> Tri:
    return _any([o.imprisonable for o in bail.offences])


def _history_conditions(bail: Bail) -> Tri:
    # First history condition: recent and significant absconding while remanded, and the offence alleged while
    # remanded. Second: recent and significant offending while on bail or remanded. The offence before the court
    # must form part of that history, so it must itself be alleged while on bail or remanded: this is the reading
    # the spec's worked example requires (absconding "no", offence not alleged on bail or remand -> history not met).
    while_remanded = _any([o.alleged_while_remanded for o in bail.offences])
    while_on_bail_or_remanded = _or(_any([o.alleged_while_on_bail for o in bail.offences]), while_remanded)
    first = Tri.all_of([bail.recent_significant_absconding_history.as_tri(), while_remanded])
    second = Tri.all_of([bail.recent_significant_offending_on_bail_history.as_tri(), while_on_bail_or_remanded])
    return _or(first, second)


def _history_2022(bail: Bail, age: int | None) -> Tri:
    return Tri.all_of([_history_conditions(bail), bail.history_relevant.as_tri()])


def _history_pre_2022(bail: Bail, age: int | None) -> Tri:
    return _history_conditions(bail)


def _answer(field: str) -> Callable[[Bail, int | None], Tri]:
    return lambda bail, age: getattr(bail, field).as_tri()


@dataclass(frozen=True)
class ConditionRule:
    name: str
    citation: str
    description: str
    answer: Callable[[Bail, int | None], Tri]


AGE = ConditionRule("age", "LASPO 2012 s.98(2), s.99(2)", "The child has reached the age of twelve.", _age)
SENTENCING_2022 = ConditionRule(
    "sentencing", "LASPO 2012 ss.98-99 sentencing condition (PCSC Act 2022 s.157)",
    "It appears to the court very likely that the child will be sentenced to a custodial sentence for the offence "
    "(or offences).", _sentencing_very_likely)
SENTENCING_PRE_2022 = ConditionRule(
    "sentencing", "LASPO 2012 s.99(3) (before 28 June 2022)",
    "It appears to the court that there is a real prospect that the child will be sentenced to a custodial "
    "sentence for the offence (or offences).", _sentencing_real_prospect)
OFFENCE_FIRST = ConditionRule(
    "offence", "LASPO 2012 s.98(3)",
    "The offence is a violent, sexual or terrorism offence, or one punishable in the case of an adult with "
    "imprisonment for 14 years or more.", _offence_serious)
OFFENCE_SECOND = ConditionRule("offence", "LASPO 2012 s.99(4)", "The offence is an imprisonable offence.",
                               _offence_imprisonable)
HISTORY_2022 = ConditionRule(
    "history", "LASPO 2012 s.99(5)-(6) (as amended 2022)",
    "A recent and significant history of absconding while remanded (and the offence alleged while remanded), or of "
    "offending while on bail or remanded; and the history appears relevant in all the circumstances.", _history_2022)
HISTORY_PRE_2022 = ConditionRule(
    "history", "LASPO 2012 s.99(5)-(6) (before 28 June 2022)",
    "A recent history of absconding while remanded (and the offence alleged while remanded), or of offending while "
    "on bail or remanded.", _history_pre_2022)
NECESSITY_2022 = ConditionRule(
    "necessity", "LASPO 2012 s.98(4), s.99(7) (as amended 2022)",
    "After considering all the options, only remanding to YDA would be adequate to protect the public from death or "
    "serious personal injury, or to prevent further imprisonable offences; and the risks cannot be managed safely "
    "in the community.", _answer("necessity"))
NECESSITY_PRE_2022 = ConditionRule(
    "necessity", "LASPO 2012 s.98(4), s.99(7) (before 28 June 2022)",
    "Only remanding to YDA would be adequate to protect the public from death or serious personal injury, or to "
    "prevent further imprisonable offences.", _answer("necessity"))
LEGAL_REPRESENTATION = ConditionRule(
    "legal_representation", "LASPO 2012 s.98(5)-(6), s.99(8)-(9)",
    "The child is legally represented, or representation was withdrawn for the child's conduct or refused on means, "
    "or the child was told of the right and refused or failed to apply.", _answer("legal_representation"))


@dataclass(frozen=True)
class LawVersion:
    label: str
    effective_from: date | None
    effective_to: date | None
    first_set: tuple[ConditionRule, ...]
    second_set: tuple[ConditionRule, ...]


# The two versions of the tests, side by side (note L §3, PCSC Act 2022 s.157 in force 28 June 2022).
LAW_VERSIONS: tuple[LawVersion, ...] = (
    LawVersion("pre-2022", None, PCSC_2022,
               first_set=(AGE, OFFENCE_FIRST, NECESSITY_PRE_2022, LEGAL_REPRESENTATION),
               second_set=(AGE, SENTENCING_PRE_2022, OFFENCE_SECOND, HISTORY_PRE_2022, NECESSITY_PRE_2022,
                           LEGAL_REPRESENTATION)),
    LawVersion("2022", PCSC_2022, None,
               first_set=(AGE, SENTENCING_2022, OFFENCE_FIRST, NECESSITY_2022, LEGAL_REPRESENTATION),
               second_set=(AGE, SENTENCING_2022, OFFENCE_SECOND, HISTORY_2022, NECESSITY_2022, LEGAL_REPRESENTATION)),
)


def law_on(on: date) -> LawVersion:
    for version in LAW_VERSIONS:
        if (version.effective_from is None or on >= version.effective_from) and \
                (version.effective_to is None or on < version.effective_to):
            return version
    raise AssertionError("the law versions cover every date")


@dataclass(frozen=True)
class RemandAssessment:
    """The two sets of conditions, answered, and the options that remain legally open."""

    law: str
    law_date: date
    age: int | None
    first_set: tuple[Condition, ...]
    second_set: tuple[Condition, ...]
    first_status: Tri
    second_status: Tri
    yda_age_eligible: bool | None
    yda_available: str  # yes / no / unknown
    options_open: dict[str, str]
    unresolved: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "yda_age_eligible": self.yda_age_eligible,
            "first_set": self.first_status.value,
            "second_set": self.second_status.value,
            "yda_available": self.yda_available,
            "unresolved": list(self.unresolved),
            "law": self.law,
            "law_date": self.law_date.isoformat(),
            "options_open": dict(self.options_open),
            "conditions": {"first_set": [c.to_json() for c in self.first_set],
                           "second_set": [c.to_json() for c in self.second_set]},
        }


def assess(bail: Bail, age: int | None, on: date) -> RemandAssessment:
    version = law_on(on)
    first = tuple(Condition(c.name, c.answer(bail, age), c.citation, c.description) for c in version.first_set)
    second = tuple(Condition(c.name, c.answer(bail, age), c.citation, c.description) for c in version.second_set)
    first_status = Tri.all_of([c.status for c in first])
    second_status = Tri.all_of([c.status for c in second])
    if age is not None and age < 12:
        yda = "no"  # 10 and 11: local authority accommodation only, whatever else (seed 002 L4472)
    elif Tri.MET in (first_status, second_status):
        yda = "yes"
    elif first_status is Tri.NOT_MET and second_status is Tri.NOT_MET:
        yda = "no"
    else:
        yda = "unknown"
    # Unresolved: the conditions still unknown in a set that is itself still open; once YDA is known to be
    # available or not, nothing left unknown changes the answer.
    unresolved: tuple[str, ...] = ()
    if yda == "unknown":
        names = {c.name for conds, status in ((first, first_status), (second, second_status))
                 if status is Tri.UNKNOWN for c in conds if c.status is Tri.UNKNOWN}
        unresolved = tuple(n for n in CONDITION_NAMES if n in names)
    options = {
        # Courts start from unconditional bail (seed 002 L4260); the Bail Act grounds decide bail, not LASPO.
        "unconditional_bail": "open",
        "conditional_bail": "open",
        # Available for all children under 18 (seed 002 L4444).
        "remand_local_authority": "open",
        "remand_yda": {"yes": "open", "no": "closed", "unknown": "not_yet_known"}[yda],
    }
    return RemandAssessment(
        law=version.label, law_date=on, age=age, first_set=first, second_set=second,
        first_status=first_status, second_status=second_status,
        yda_age_eligible=None if age is None else age >= 12,
        yda_available=yda, options_open=options, unresolved=unresolved,
    )


def remand_conditions(facts_bail: dict, age: int | None, as_of: date) -> RemandAssessment:
    """The LASPO conditions for the spec's `bail` object, for a child of `age` at a hearing on `as_of`."""
    return assess(parse_bail(facts_bail), age, as_of)


# --- Rules ---------------------------------------------------------------------------------------------------------

def hearing_date(case: Case, ctx: Context) -> date:
    return case.bail.hearing_date if case.bail and case.bail.hearing_date else ctx.as_of


def _remand_rule(version: LawVersion):
    def remand_tests(case: Case, ctx: Context):
        if case.bail is None:
            return None
        on = hearing_date(case, ctx)
        if law_on(on) is not version:
            return None
        from .child import age_on
        age = age_on(case.date_of_birth, on)
        a = assess(case.bail, age, on)
        findings = []
        cite = "LASPO 2012 ss.98-99 (see each condition)"
        if on < LASPO_REMAND_IN_FORCE:
            findings.append(finding("remand.yda_conditions", WARNING,
                                    f"The hearing date {on.isoformat()} is before LASPO's remand provisions came into "
                                    "force (3 December 2012): these tests did not apply then.", "LASPO 2012 s.91"))
        if version.label == "pre-2022":
            findings.append(finding("remand.yda_conditions", INFO,
                                    "Hearing before 28 June 2022: the pre-2022 tests apply (second set: a 'real "
                                    "prospect' of custody; no sentencing condition in the first set). Check the "
                                    "statute as it then stood.", "LASPO 2012 ss.98-99 before PCSC Act 2022 s.157"))
        if age is not None and age < 12:
            findings.append(finding("remand.yda_conditions", INFO,
                                    f"The child is {age} at the hearing: children of 10 and 11 must be remanded to "
                                    "local authority accommodation if bail is refused.",
                                    Citation("Case Management Guidance", "", "002", (4472,))))
        if age is not None and age >= 18:
            findings.append(finding("remand.yda_conditions", WARNING,
                                    f"The child is {age} at the hearing: the LASPO remand provisions are for children "
                                    "under 18.", "LASPO 2012 s.91"))
        if a.yda_available == "unknown" and a.unresolved:
            findings.append(finding("remand.yda_conditions", INFO,
                                    "Still to resolve for a remand to youth detention accommodation: "
                                    f"{', '.join(n.replace('_', ' ') for n in a.unresolved)}.", cite))
        if a.yda_available in ("yes", "unknown"):
            findings.append(finding(
                "remand.yda_conditions", ACTION,
                "Where a remand to youth detention accommodation may be argued, prepare and propose a community "
                "alternative for the court (bail supervision and support, or bail ISS).",
                Citation("Case Management Guidance", "", "002", (4458,))))
        return out({"remand": a.to_json()}, findings)
    return remand_tests


for _version in LAW_VERSIONS:
    rule("remand.yda_conditions",
         "A child refused bail is remanded to local authority accommodation unless the first or second set of "
         "conditions is met (LASPO 2012 ss.91, 98-99)",
         NATIONAL, Citation("Case Management Guidance; LASPO 2012 ss.91, 98-99", "", "002", (4456, 4472)),
         effective_from=_version.effective_from, effective_to=_version.effective_to,
         dated_by="hearing_date")(_remand_rule(_version))
