"""The Bail Act 1976 grounds for refusing bail (Schedule 1, Part 1: imprisonable offences), as a cited checklist.

The court starts from unconditional bail (seed 002 L4260) and decides: the app records which grounds the
practitioner thinks are argued, pre-fills what the facts show, and prompts for conditions or support that answer
each ground. It never decides bail.
"""

from __future__ import annotations

from .core import Answer, Citation
from .facts import Case
from .registry import INFO, NATIONAL, WARNING, Context, finding, out, rule

# name: (paragraph of Schedule 1 Part 1, the ground in plain words)  (note L §2)
GROUNDS: dict[str, tuple[str, str]] = {
    "fail_to_surrender": ("para 2(1)(a)", "Substantial grounds for believing the child, if released, would fail to "
                                          "surrender to custody"),
    "offend_on_bail": ("para 2(1)(b)", "... would commit an offence while on bail"),
    "interfere_with_witnesses": ("para 2(1)(c)", "... would interfere with witnesses or otherwise obstruct the "
                                                 "course of justice"),
    "on_bail_at_offence": ("para 2A", "An indictable or either-way offence, and the child was on bail on the date "
                                      "of the offence"),
    "own_welfare": ("para 3", "Kept in custody for the child's own protection or, for a child, own welfare"),
    "serving_sentence": ("para 4", "Already in custody under a sentence"),
    "insufficient_information": ("para 5", "Not practicable to obtain enough information for want of time"),
    "arrested_under_s7": ("para 6", "Arrested under s.7 (absconding or breach of bail) in these proceedings"),
}

BAIL_CITE = Citation("Case Management Guidance; Bail Act 1976 Sch.1 Pt 1", "", "002", (4226, 4236))


@rule("bail.grounds", "The presumption is in favour of bail unless there are certain exceptions", NATIONAL, BAIL_CITE,
      prompt=True)
def bail_grounds(case: Case, ctx: Context):
    if case.bail is None:
        return None
    bail = case.bail
    on_bail = any(o.alleged_while_on_bail is Answer.YES for o in bail.offences)
    checklist = []
    for name, (para, text) in GROUNDS.items():
        answer = bail.grounds.get(name, Answer.UNKNOWN)
        prefilled = False
        if name == "on_bail_at_offence" and answer is Answer.UNKNOWN and on_bail:
            answer, prefilled = Answer.YES, True  # the facts show it; the practitioner confirms the offence type
        checklist.append({"name": name, "paragraph": f"Bail Act 1976 Sch.1 Pt 1 {para}", "description": text,
                          "status": answer.as_tri().value, "prefilled": prefilled})
    findings = []
    if on_bail:
        findings.append(finding("bail.grounds", INFO,
                                "An offence is alleged while on bail: for a child the court gives that particular "
                                "weight when deciding the offending-on-bail ground (para 9AA); confirm para 2A "
                                "(indictable or either-way offence).", "Bail Act 1976 Sch.1 Pt 1 paras 2A, 9AA"))
    if bail.offences and all(o.imprisonable is Answer.NO for o in bail.offences):
        findings.append(finding("bail.grounds", WARNING,
                                "No offence is imprisonable: the narrower Part 2 grounds apply, not Part 1.",
                                "Bail Act 1976 Sch.1 Pt 2"))
    argued = [c["name"].replace("_", " ") for c in checklist if c["status"] == "met"]
    if argued:
        findings.append(finding("bail.grounds", INFO,
                                f"Grounds recorded as argued: {', '.join(argued)}. Propose bail conditions or a bail "
                                "supervision and support package that answers each one.",
                                Citation("Case Management Guidance", "", "002", (4260, 4278))))
    return out({"bail_grounds": checklist}, findings)
