"""Reading the case facts: the spec's input object, checked field by field.

Every fact is optional. A fact that is present must have the right type and, for enumerations, a known value;
otherwise `FactsError` names the field (`rosh.behaviours[1].impact`) so the practitioner can find it.
Unknown fields are ignored (forward compatibility, spec "Facts").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .core import Answer
from .levels import LEVELS

LIKELIHOODS = ("unlikely", "possible", "likely", "very_likely", "almost_certain")
IMPACTS = ("slight", "minor", "medium", "major", "critical")
SETTINGS = ("community", "custody")
LOR_LEVELS = ("low", "medium", "high")  # LoR has no very high (spec enumerations)
TRI_WORDS = ("yes", "no", "unknown")

# The spec's event types ("at least" these); the deadlines module may add its own.
SPEC_EVENT_TYPES = frozenset({
    "remanded_to_yda", "remanded_to_la", "bail_support_imposed", "bail_contact_missed", "order_made",
    "sentenced_custody", "serious_incident_charge", "hearing_custody_expected", "dyo_identified",
    "assessment_completed",
})

# Dates outside this window are almost certainly typing errors, and keep deadline arithmetic in range.
from .years import MAX_YEAR, MIN_YEAR  # noqa: E402,F401  (one place; re-exported for the CLI)

_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATETIME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$")


class FactsError(ValueError):
    """Bad input: `.path` names the field, `str(err)` is `<path>: <message>` (the spec's line without `error: `)."""

    def __init__(self, path: str, message: str):
        self.path = path or "input"
        self.message = message
        super().__init__(f"{self.path}: {message}")


def show(value: Any) -> str:
    """A value as it appears in an error message: one line, short."""
    if isinstance(value, str):
        text = repr(value)
    elif value is None:
        text = "null"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (int, float)):
        text = repr(value)
    elif isinstance(value, list):
        text = "a list"
    elif isinstance(value, dict):
        text = "an object"
    else:
        text = type(value).__name__
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def need_object(value: Any, path: str) -> dict:
    if not isinstance(value, dict):
        raise FactsError(path, f"expected an object, got {_kind(value)}")
    return value


def need_list(value: Any, path: str) -> list:
    if not isinstance(value, list):
        raise FactsError(path, f"expected a list, got {_kind(value)}")
    return value


def opt_object(parent: dict, key: str, path: str) -> dict | None:
    value = parent.get(key)
    if value is None:
        return None
    return need_object(value, join(path, key))


def enum_value(value: Any, allowed: tuple[str, ...], path: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise FactsError(path, f"{show(value)} is not one of {', '.join(allowed)}")
    return value


def opt_enum(parent: dict, key: str, allowed: tuple[str, ...], path: str) -> str | None:
    value = parent.get(key)
    if value is None:
        return None
    return enum_value(value, allowed, join(path, key))


def opt_tri(parent: dict, key: str, path: str) -> Answer:
    """yes / no / unknown; JSON true / false / null are the same (spec enumerations). Missing = unknown."""
    value = parent.get(key)
    if value is None:
        return Answer.UNKNOWN
    if value is True:
        return Answer.YES
    if value is False:
        return Answer.NO
    if isinstance(value, str) and value in TRI_WORDS:
        return Answer(value)
    raise FactsError(join(path, key), f"{show(value)} is not one of yes, no, unknown (or true, false, null)")


def opt_bool(parent: dict, key: str, path: str) -> bool | None:
    value = parent.get(key)
    if value is None or isinstance(value, bool):
        return value
    raise FactsError(join(path, key), f"expected true or false, got {show(value)}")


def opt_str(parent: dict, key: str, path: str) -> str | None:
    value = parent.get(key)
    if value is None or isinstance(value, str):
        return value
    raise FactsError(join(path, key), f"expected a string, got {_kind(value)}")


def opt_number(parent: dict, key: str, path: str, lo: float | None = None, hi: float | None = None,
               whole: bool = False) -> float | int | None:
    value = parent.get(key)
    if value is None:
        return None
    p = join(path, key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FactsError(p, f"expected a number, got {show(value)}")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise FactsError(p, f"expected a finite number, got {show(value)}")
        if whole:
            if not value.is_integer():
                raise FactsError(p, f"{show(value)} is not a whole number")
            value = int(value)
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise FactsError(p, f"{show(value)} is not between {lo:g} and {hi:g}")
    return value


def parse_date(value: Any, path: str) -> date:
    if isinstance(value, str):
        m = _DATE_RE.match(value)
        if m:
            return _checked(lambda: date(*map(int, m.groups())), value, path)
    raise FactsError(path, f"{show(value)} is not a date (YYYY-MM-DD)")


def parse_date_or_datetime(value: Any, path: str) -> date | datetime:
    if isinstance(value, str):
        m = _DATE_RE.match(value)
        if m:
            return _checked(lambda: date(*map(int, m.groups())), value, path)
        m = _DATETIME_RE.match(value)
        if m:
            parts = [int(g) for g in m.groups() if g is not None]
            return _checked(lambda: datetime(*parts), value, path)
    raise FactsError(path, f"{show(value)} is not a date or date-time (YYYY-MM-DD or YYYY-MM-DDTHH:MM)")


def _checked(make, raw: str, path: str):
    try:
        made = make()
    except ValueError:
        raise FactsError(path, f"{show(raw)} is not a real date") from None
    if not MIN_YEAR <= made.year <= MAX_YEAR:
        raise FactsError(path, f"{show(raw)} is outside the years {MIN_YEAR}-{MAX_YEAR}")
    return made


def opt_date(parent: dict, key: str, path: str) -> date | None:
    value = parent.get(key)
    return None if value is None else parse_date(value, join(path, key))


# --- The parsed case --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rated:
    """A future behaviour (RoSH) or adverse outcome (SWB) with its likelihood and impact."""

    description: str | None
    setting: str | None
    likelihood: str | None
    impact: str | None


@dataclass(frozen=True)
class Offence:
    description: str | None
    imprisonable: Answer
    violent: Answer
    sexual: Answer
    terrorism: Answer
    max_adult_sentence_years: float | None
    alleged_while_on_bail: Answer
    alleged_while_remanded: Answer


@dataclass(frozen=True)
class Bail:
    hearing_date: date | None
    offences: tuple[Offence, ...]
    custodial_sentence_very_likely: Answer
    custodial_sentence_real_prospect: Answer  # the pre-28 June 2022 s.99 test (additive fact)
    recent_significant_absconding_history: Answer
    recent_significant_offending_on_bail_history: Answer
    history_relevant: Answer
    necessity: Answer
    legal_representation: Answer
    grounds: dict[str, Answer]  # Bail Act Sch.1 Part 1 grounds, keyed by the names in bail_act.GROUNDS


@dataclass(frozen=True)
class Exploitation:
    """The exploitation screening (spec "Additions"): the nine section scores (None = not yet scored) and the
    facts the band depends on."""

    sections: dict[str, int | None]
    learning_disability: bool | None = None
    confirmed: bool | None = None
    additional_needs: bool | None = None


# The nine sections of the Enfield screening tool, S-A-F-E-G-U-A-R-D (seed 002 L27044-27382).
EXPLOITATION_SECTIONS = ("sexual", "absent", "familial", "emotional", "gangs", "technology", "substances",
                         "receipt", "distrust")


def parse_exploitation(raw: Any, path: str = "exploitation") -> Exploitation:
    e = need_object(raw, path)
    sections: dict[str, int | None] = dict.fromkeys(EXPLOITATION_SECTIONS)
    raw_sections = opt_object(e, "sections", path)
    if raw_sections is not None:
        sp = join(path, "sections")
        for key in EXPLOITATION_SECTIONS:
            score = opt_number(raw_sections, key, sp, 0, 3, whole=True)
            sections[key] = None if score is None else int(score)
    return Exploitation(sections=sections,
                        learning_disability=opt_bool(e, "learning_disability", path),
                        confirmed=opt_bool(e, "confirmed", path),
                        additional_needs=opt_bool(e, "additional_needs", path))


@dataclass(frozen=True)
class TransferFacts:
    """The spec's `transfer` facts (National Protocol for Case Responsibility gates; tri-states, missing = unknown)."""

    proposed_on: date | None = None
    pending_breach: Answer = Answer.UNKNOWN
    requirements_deliverable: Answer = Answer.UNKNOWN
    monitoring_involved: Answer = Answer.UNKNOWN
    monitoring_arranged: Answer = Answer.UNKNOWN
    receiving_agreed: Answer = Answer.UNKNOWN


@dataclass(frozen=True)
class TransitionFacts:
    """`transition` facts: youth to adult (Joint National Protocol for Transitions in England)."""

    order_ends_on: date | None = None
    agreed_transfer_date: date | None = None
    nation: str = "england"
    national_security: Answer = Answer.UNKNOWN


NATIONS = ("england", "wales")


def parse_transfer(raw: Any, path: str = "transfer") -> TransferFacts:
    t = need_object(raw, path)
    return TransferFacts(
        proposed_on=opt_date(t, "proposed_on", path),
        **{k: opt_tri(t, k, path) for k in ("pending_breach", "requirements_deliverable", "monitoring_involved",
                                             "monitoring_arranged", "receiving_agreed")})


def parse_transition(raw: Any, path: str = "transition") -> TransitionFacts:
    t = need_object(raw, path)
    return TransitionFacts(order_ends_on=opt_date(t, "order_ends_on", path),
                           agreed_transfer_date=opt_date(t, "agreed_transfer_date", path),
                           nation=opt_enum(t, "nation", NATIONS, path) or "england",
                           national_security=opt_tri(t, "national_security", path))


@dataclass
class Case:
    as_of: date | datetime | None = None
    date_of_birth: date | None = None
    looked_after: Answer = Answer.UNKNOWN
    care_leaver: Answer | None = None  # an eligible or relevant care leaver (L24301); None: not given
    open_to_social_care: Answer = Answer.UNKNOWN
    yogrs_percent: int | None = None
    lor_judgement: str | None = None
    rosh_behaviours: tuple[Rated, ...] = ()
    rosh_judgement: str | None = None
    swb_concerns: Answer = Answer.UNKNOWN
    swb_outcomes: tuple[Rated, ...] = ()
    swb_judgement: str | None = None
    mappa_present: bool = False
    mappa_category: int | None = None
    mappa_level: int | None = None
    mappa_sentence: dict[str, Any] | None = None
    mappa_criteria: dict[int, Answer] | None = None
    mappa_duties: dict[str, Answer] = field(default_factory=dict)  # MAPPA_DUTY_FACTS (issue 24)
    bail: Bail | None = None
    safeguarding: dict[str, Answer] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    # The police workflows (issue 14), each parsed by its own rules module: oocd.Oocd, iss.Iss, dyo.Dyo.
    oocd: Any = None
    iss: Any = None
    dyo: Any = None
    exploitation: Exploitation | None = None
    transfer: TransferFacts | None = None
    transition: TransitionFacts | None = None
    # Supervision from sentence to closure (issue 24), each parsed by its own rules module (SUPERVISION_FACTS).
    supervision: Any = None
    breach: Any = None
    court_reports: Any = None
    victims: Any = None
    referral_order: Any = None
    custody: Any = None


SAFEGUARDING_FLAGS = ("criminal_exploitation", "county_lines", "sexual_exploitation", "modern_slavery",
                      "gang_association", "radicalisation", "child_protection_concerns", "nrm_referral_made",
                      "cp_referral_made", "persistent_non_compliance")

# MAPPA duties of the YOT (issue 24; rules/mappa.py): attendance at Level 2/3 meetings, Category 3 for domestic abuse
# and stalking, Critical Public Protection Case referral considered at Level 3.
MAPPA_DUTY_FACTS = ("yot_attended", "childrens_services_attended", "domestic_abuse_or_stalking", "cppc_considered")

MAPPA_SENTENCE_KINDS = ("imprisonment", "detention", "dto", "suspended", "hospital_order", "guardianship_order",
                        "youth_caution", "community", "conditional_discharge")


def _rated_list(parent: dict, key: str, path: str) -> tuple[Rated, ...]:
    value = parent.get(key)
    if value is None:
        return ()
    p = join(path, key)
    out = []
    for i, item in enumerate(need_list(value, p)):
        ip = join(p, i)
        item = need_object(item, ip)
        out.append(Rated(
            description=opt_str(item, "description", ip),
            setting=opt_enum(item, "setting", SETTINGS, ip),
            likelihood=opt_enum(item, "likelihood", LIKELIHOODS, ip),
            impact=opt_enum(item, "impact", IMPACTS, ip),
        ))
    return tuple(out)


def parse_bail(raw: Any, path: str = "bail") -> Bail:
    b = need_object(raw, path)
    offences = []
    raw_offences = b.get("offences")
    if raw_offences is not None:
        op = join(path, "offences")
        for i, item in enumerate(need_list(raw_offences, op)):
            ip = join(op, i)
            item = need_object(item, ip)
            offences.append(Offence(
                description=opt_str(item, "description", ip),
                imprisonable=opt_tri(item, "imprisonable", ip),
                violent=opt_tri(item, "violent", ip),
                sexual=opt_tri(item, "sexual", ip),
                terrorism=opt_tri(item, "terrorism", ip),
                max_adult_sentence_years=opt_number(item, "max_adult_sentence_years", ip, 0, 1000),
                alleged_while_on_bail=opt_tri(item, "alleged_while_on_bail", ip),
                alleged_while_remanded=opt_tri(item, "alleged_while_remanded", ip),
            ))
    grounds: dict[str, Answer] = {}
    raw_grounds = opt_object(b, "grounds", path)
    if raw_grounds is not None:
        from .bail_act import GROUNDS  # the table of grounds lives with its rule
        gp = join(path, "grounds")
        for name in GROUNDS:
            grounds[name] = opt_tri(raw_grounds, name, gp)
    return Bail(
        hearing_date=opt_date(b, "hearing_date", path),
        offences=tuple(offences),
        custodial_sentence_very_likely=opt_tri(b, "custodial_sentence_very_likely", path),
        custodial_sentence_real_prospect=opt_tri(b, "custodial_sentence_real_prospect", path),
        recent_significant_absconding_history=opt_tri(b, "recent_significant_absconding_history", path),
        recent_significant_offending_on_bail_history=opt_tri(b, "recent_significant_offending_on_bail_history", path),
        history_relevant=opt_tri(b, "history_relevant", path),
        necessity=opt_tri(b, "necessity", path),
        legal_representation=opt_tri(b, "legal_representation", path),
        grounds=grounds,
    )


def parse_events(raw: Any, known_types: frozenset[str],
                 event_keys: dict[str, tuple[tuple[str, str], ...]] | None = None) -> list[dict[str, Any]]:
    """Events in index order: `type` from the known types, `at` a date or date-time; the extra keys an event type
    takes (from the deadlines module: name and kind number / boolean / date / string) are checked when present."""
    out = []
    allowed = tuple(sorted(known_types))
    keys = dict(event_keys or {})
    keys.setdefault("sentenced_custody", (("custody_months", "number"), ("violent_or_sexual", "boolean")))
    for i, item in enumerate(need_list(raw, "events")):
        p = join("events", i)
        item = need_object(item, p)
        etype = item.get("type")
        if etype is None:
            raise FactsError(join(p, "type"), "missing (every event needs a type)")
        enum_value(etype, allowed, join(p, "type"))
        if item.get("at") is None:
            raise FactsError(join(p, "at"), "missing (every event needs a date or date-time)")
        event = dict(item)
        event["type"] = etype
        event["at"] = parse_date_or_datetime(item["at"], join(p, "at"))
        for name, kind in keys.get(etype, ()):
            if item.get(name) is None:
                continue
            if kind == "number":
                event[name] = opt_number(item, name, p, 0, 100000)
            elif kind == "boolean":
                opt_bool(item, name, p)
            elif kind == "date":
                event[name] = parse_date_or_datetime(item[name], join(p, name))
            elif kind == "string":
                opt_str(item, name, p)
        out.append(event)
    return out


def parse_facts(facts: Any, known_event_types: frozenset[str] = SPEC_EVENT_TYPES,
                event_keys: dict[str, tuple[tuple[str, str], ...]] | None = None) -> Case:
    """Check the facts and turn them into a `Case`; raises `FactsError` naming the first bad field."""
    f = need_object(facts, "input")
    case = Case()
    if f.get("as_of") is not None:
        case.as_of = parse_date_or_datetime(f["as_of"], "as_of")

    child = opt_object(f, "child", "")
    if child is not None:
        case.date_of_birth = opt_date(child, "date_of_birth", "child")
        case.looked_after = opt_tri(child, "looked_after", "child")
        if child.get("care_leaver", "absent") != "absent":
            case.care_leaver = opt_tri(child, "care_leaver", "child")
        case.open_to_social_care = opt_tri(child, "open_to_social_care", "child")

    lor = opt_object(f, "likelihood_of_reoffending", "")
    if lor is not None:
        p = "likelihood_of_reoffending"
        y = opt_number(lor, "yogrs_percent", p, 0, 100, whole=True)
        case.yogrs_percent = None if y is None else int(y)
        case.lor_judgement = opt_enum(lor, "judgement", LOR_LEVELS, p)

    rosh = opt_object(f, "rosh", "")
    if rosh is not None:
        case.rosh_behaviours = _rated_list(rosh, "behaviours", "rosh")
        case.rosh_judgement = opt_enum(rosh, "judgement", LEVELS, "rosh")

    swb = opt_object(f, "safety_wellbeing", "")
    if swb is not None:
        p = "safety_wellbeing"
        case.swb_concerns = opt_tri(swb, "concerns", p)
        case.swb_outcomes = _rated_list(swb, "outcomes", p)
        case.swb_judgement = opt_enum(swb, "judgement", LEVELS, p)

    mappa = opt_object(f, "mappa", "")
    if mappa is not None:
        case.mappa_present = True
        c = opt_number(mappa, "category", "mappa", 0, 4, whole=True)
        lv = opt_number(mappa, "level", "mappa", 0, 3, whole=True)
        case.mappa_category = None if c is None else int(c)
        case.mappa_level = None if lv is None else int(lv)
        case.mappa_duties = {k: opt_tri(mappa, k, "mappa") for k in MAPPA_DUTY_FACTS}
        criteria = opt_object(mappa, "criteria", "mappa")
        if criteria is not None:
            case.mappa_criteria = {n: opt_tri(criteria, f"category_{n}", "mappa.criteria") for n in (1, 2, 3, 4)}
        sentence = opt_object(mappa, "sentence", "mappa")
        if sentence is not None:
            sp = "mappa.sentence"
            case.mappa_sentence = {
                "kind": opt_enum(sentence, "kind", MAPPA_SENTENCE_KINDS, sp),
                "months": opt_number(sentence, "months", sp, 0, 1200),
                "weeks": opt_number(sentence, "weeks", sp, 0, 5200),
                "indeterminate": opt_bool(sentence, "indeterminate", sp),
                "schedule_15_offence": opt_tri(sentence, "schedule_15_offence", sp),
            }

    if f.get("bail") is not None:
        case.bail = parse_bail(f["bail"])

    sg = opt_object(f, "safeguarding", "")
    if sg is not None:
        case.safeguarding = {name: opt_tri(sg, name, "safeguarding") for name in SAFEGUARDING_FLAGS}

    if f.get("events") is not None:
        case.events = parse_events(f["events"], known_event_types, event_keys)
    _parse_police(f, case)

    if f.get("exploitation") is not None:
        case.exploitation = parse_exploitation(f["exploitation"])
    if f.get("transfer") is not None:
        case.transfer = parse_transfer(f["transfer"])
    if f.get("transition") is not None:
        case.transition = parse_transition(f["transition"])
    _parse_supervision(f, case)
    return case


# fact key -> (rules module, its parser): supervision from sentence to closure (issue 24)
SUPERVISION_FACTS = (("supervision", "supervision", "parse_supervision"), ("breach", "breach", "parse_breach"),
                     ("court_reports", "court_reports", "parse_court_reports"), ("victims", "victims", "parse_victims"),
                     ("referral_order", "custody", "parse_referral_order"), ("custody", "custody", "parse_custody"))


def _parse_supervision(f: dict, case: Case) -> None:
    """Each module owns its facts' shape (imported late: they import this module)."""
    import importlib

    for key, module, parser in SUPERVISION_FACTS:
        if f.get(key) is not None:
            setattr(case, key, getattr(importlib.import_module(f"yjtui.rules.{module}"), parser)(f[key]))


def _parse_police(f: dict, case: Case) -> None:
    """The out-of-court decision, ISS and DYO facts; each rules module owns its shape (imported late: they import
    this module)."""
    if f.get("oocd") is not None:
        from .oocd import parse_oocd
        case.oocd = parse_oocd(f["oocd"])
    if f.get("iss") is not None:
        from .iss import parse_iss
        case.iss = parse_iss(f["iss"])
    if f.get("dyo") is not None:
        from .dyo import parse_dyo
        case.dyo = parse_dyo(f["dyo"])
