"""Safeguarding prompts: exploitation and the National Referral Mechanism, child protection, serious incidents.

Whether the indicators are met is the practitioner's judgement; once a concern is recorded, the duties that
follow (NRM referral without delay, ICTG referral, telling a manager, notifying the YJB) are prompted here.
"""

from __future__ import annotations

from datetime import date

from .child import age_on, birthday
from .core import Answer, Citation
from .facts import Case
from .registry import ACTION, ENFIELD, INFO, NATIONAL, WARNING, Context, finding, out, rule

CMG = "Case Management Guidance"
NRM_CITE = Citation(CMG, "", "002", (2028, 2032))
EXPLOITATION_FLAGS = ("criminal_exploitation", "county_lines", "sexual_exploitation", "modern_slavery")


def _yes(case: Case, name: str) -> bool:
    return case.safeguarding.get(name, Answer.UNKNOWN) is Answer.YES


@rule("safeguarding.nrm", "If you are concerned about a risk of criminal exploitation, you should make a referral to "
      "the NRM without delay", NATIONAL, NRM_CITE, prompt=True)
def nrm_referral(case: Case, ctx: Context):
    concerns = [n.replace("_", " ") for n in EXPLOITATION_FLAGS if _yes(case, n)]
    if not concerns:
        return None
    findings = []
    if not _yes(case, "nrm_referral_made"):
        findings.append(finding("safeguarding.nrm", ACTION,
                                f"Exploitation concern ({', '.join(concerns)}): start from the premise that the child "
                                "is a potential victim; make an NRM referral without delay and contact children's "
                                "services immediately.", NRM_CITE))
    # The NRM record (F8) says when the ICTG service was referred to, on its referral event: then it is done.
    if not any(e.get("type") == "nrm_referral_made" and e.get("ictg_referred") is True for e in case.events):
        findings.append(finding("safeguarding.nrm", ACTION,
                                "Refer to the Independent Child Trafficking Guardian service as soon as the concern "
                                "is identified, even if an NRM referral is not yet made.", NRM_CITE))
    return out({"safeguarding": {"nrm_prompted": True}}, findings)


@rule("safeguarding.nrm_local_panel", "Referrals go to the Enfield NRM panel, except a child within 100 days of "
      "their 18th birthday", ENFIELD, Citation("Enfield NRM pilot briefing", "", "002", (14199, 14205)))
def nrm_local_panel(case: Case, ctx: Context):
    if not any(_yes(case, n) for n in EXPLOITATION_FLAGS) or case.date_of_birth is None:
        return None
    age = age_on(case.date_of_birth, ctx.as_of)
    if age is None or age >= 18:
        return None
    eighteenth = birthday(case.date_of_birth, 18)
    if (eighteenth - ctx.as_of).days <= 100:
        return out({}, [finding("safeguarding.nrm_local_panel", INFO,
                                f"The child turns 18 on {eighteenth.isoformat()}, within 100 days: the NRM decision "
                                "goes to the national decision maker, not the Enfield panel.",
                                Citation("Enfield NRM pilot briefing", "", "002", (14199, 14205)))])
    return None


@rule("safeguarding.alert_manager", "Signs of gang affiliation, county lines, sexual exploitation / modern slavery or "
      "radicalisation should be alerted to a manager immediately", ENFIELD,
      Citation("Enfield Risk Management Guidance", "9.14", "002", (711, 719)))
def alert_manager(case: Case, ctx: Context):
    signs = [n.replace("_", " ") for n in ("gang_association", "county_lines", "sexual_exploitation",
                                           "modern_slavery", "radicalisation") if _yes(case, n)]
    if not signs:
        return None
    return out({}, [finding("safeguarding.alert_manager", ACTION,
                            f"Signs of {', '.join(signs)}: alert a manager immediately and follow the referral and "
                            "escalation processes.",
                            Citation("Enfield Risk Management Guidance", "9.14", "002", (711, 719)))])


@rule("safeguarding.child_protection", "Child protection concerns should be referred to children's social care "
      "without delay", ENFIELD, Citation("Enfield Risk Management Guidance", "9.13", "002", (709,)))
def child_protection(case: Case, ctx: Context):
    if not _yes(case, "child_protection_concerns") or _yes(case, "cp_referral_made"):
        return None
    return out({}, [finding("safeguarding.child_protection", ACTION,
                            "Child protection concerns: refer to children's social care without delay.",
                            Citation("Enfield Risk Management Guidance", "9.13", "002", (709,)))])


SI_CITE = Citation("YJB serious incident notification", "", "002", (14035, 14057))
SI_CATEGORIES = {"attempted_murder": "attempted murder", "murder_manslaughter": "murder or manslaughter",
                 "rape": "rape", "gbh_s18_s20": "GBH or wounding (s.18/20)", "terrorism": "a terrorism related offence"}


@rule("serious_incident.notify", "The prescribed incidents must be notified to the YJB within one working day of a "
      "YJS becoming aware", NATIONAL, SI_CITE)
def serious_incident(case: Case, ctx: Context):
    charges = [(i, e) for i, e in enumerate(case.events) if e["type"] in ("serious_incident_charge", "child_died")]
    if not charges:
        return None
    findings = []
    for i, e in charges:
        what = SI_CATEGORIES.get(e.get("category")) if isinstance(e.get("category"), str) else None
        label = f"Charged for {what}" if what else "Charged with a notifiable serious incident"
        if e["type"] == "child_died":
            label = "A child on the caseload (or within 20 calendar days of supervision ending) died"
        findings.append(finding("serious_incident.notify", ACTION,
                                f"{label} (event {i}): notify the YJB within one working day of the service "
                                "becoming aware.", SI_CITE))
        if ctx.switched_on("serious_incident.yjb_notification_enfield"):
            # Enfield's guidance (L301) and flow chart (L14093) time it from the charge, in hours; the national
            # scheme (L14037) from awareness, in working days. Show both; the earlier is due (note D, C9).
            findings.append(finding("serious_incident.notify", WARNING,
                                    "Sources differ: Enfield says within 24 hours of the charge (5.18, L301; flow "
                                    "chart L14093); the YJB scheme says one working day from becoming aware "
                                    "(L14037). Whichever falls earlier is due; the Head of Service is told within "
                                    "24 hours and a report goes to the Director and YJSMB chair within 10 working "
                                    "days.", Citation("Enfield Risk Management Guidance 5.18; YJB serious incident "
                                                      "notification", "", "002", (301, 303, 309, 14037, 14093))))
    return out({}, findings)
