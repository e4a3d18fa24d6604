"""The documents a move needs: the transfer request a receiving YOT (or a court) takes, and the transition plan
Probation takes. Word and plain text, in the one document model; `document.deliver` writes each and logs it as a
disclosure. Pure: no Textual.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from yjtui.casework import moves
from yjtui.casework.dates import age_on, show_date
from yjtui.casework.export.document import Document, ExportSpec, Section
from yjtui.casework.forms import LOOKED_AFTER
from yjtui.rules import transfer as tr
from yjtui.rules.plan_checks import ORDER_TYPES, order_type_key
from yjtui.rules import transition as y2a

__all__ = ["EXPORT", "document", "transfer_request", "transition_plan"]

EXPORT = ExportSpec("Export a move's document (Word and plain text)", "document",
                    recipient_hint="e.g. Southvale YOT, or the Probation Service",
                    choices=((moves.TRANSFER, "Transfer request (to the receiving YOT or the court)"),
                             (moves.TRANSITION, "Transition plan (to the Probation Service)")))

ANSWER_WORDS = {"yes": "Yes", "no": "No", "na": "N/A", "unknown": "Not yet known"}


def _d(value: Any) -> str:
    day = moves.iso(value)
    return show_date(day) if day else "(not recorded)"


def _t(value: Any) -> str:
    return str(value or "").strip() or "(not recorded)"


def _child_lines(child: Any, today: date) -> list[str]:
    name = f"{child.given_name} {child.family_name}".strip() or "(no name)"
    lines = [f"Child: {name}"]
    if child.date_of_birth:
        lines.append(f"Date of birth: {show_date(child.date_of_birth)} (age {age_on(child.date_of_birth, today)})")
    lines.append(f"Looked-after status: {LOOKED_AFTER.get(child.looked_after, child.looked_after)}")
    if child.yjs_ref:
        lines.append(f"YJS reference: {child.yjs_ref}")
    return lines


def transfer_request(child: Any, data: dict[str, Any], value: dict[str, Any] | None, *, author: str,
                     today: date, on_record: dict[str, Any] | None = None) -> Document:
    """The request: who and where, the order as the child's records hold it (`moves.order_on_record`), the reasons,
    each gate with its answer and citation, the checklist as a table. Only what was recorded: a date never typed is
    "(not recorded)"."""
    situation = tr.SITUATION_BY_ID.get(str(data.get("situation") or ""))
    sections = [Section("The child and the services", _child_lines(child, today) + [
        f"Home / originating YOT: {_t(data.get('home_yot'))}",
        f"Host / receiving YOT: {_t(data.get('host_yot'))}",
        f"Situation: {situation.title if situation else '(not recorded)'}",
        f"Overall responsibility now: {tr.RESPONSIBLE.get(str(data.get('responsible') or ''), '(not recorded)')}"
        + (f" ({data['responsible_reason']})" if data.get("responsible_reason") else ""),
        f"Named supervising officer: {_t(data.get('supervising_officer'))} ({tr.SUPERVISING_OFFICER})",
        f"Supervising officer's contacts: {_t(data.get('officer_contact'))}",
        f"The child's new address: {_t(data.get('new_address'))}",
        f"Receiving YOT operational manager: {_t(data.get('receiving_manager'))}",
    ])]
    order = tr.ORDER_TYPES.get(str(data.get("order_type") or ""), "(not recorded)")
    order_lines = [f"Order: {order}",
                   f"Electronic monitoring or curfew: {ANSWER_WORDS[moves._tri(data.get('monitoring_involved'))]}"]
    body = tr.MONITORING_BODY.get(str(data.get("order_type") or ""))
    if body and data.get("monitoring_involved") == "yes":
        order_lines.append(f"Curfew variation applied to {body}; EM provider notified: "
                           f"{ANSWER_WORDS[moves._tri(data.get('monitoring_arranged'))]}.")
    order_lines += _order_on_record(on_record or {})
    sections.append(Section("The order", order_lines))
    sections.append(Section("Reasons for the request", [_t(data.get("reasons")), f"({tr.REASONS})"]))

    gate_lines = []
    answers = {"pending_breach": data.get("pending_breach"), "looked_after_child":
               "yes" if child.looked_after not in ("", "no", "care_leaver") else "no",
               "care_leaver": "yes" if child.looked_after == "care_leaver" else "no",
               "requirements_not_deliverable": data.get("requirements_deliverable"),
               "monitoring_not_arranged": data.get("monitoring_arranged") if data.get("monitoring_involved") == "yes"
               else ("not involved" if data.get("monitoring_involved") == "no" else None),
               "no_receiving_agreement": data.get("receiving_agreed")}
    for gate in tr.GATES:
        answer = answers[gate.block]
        word = answer if answer == "not involved" else ANSWER_WORDS[moves._tri(answer)]
        gate_lines.append(f"{gate.question} {word}. ({gate.citation})")
    if value is not None:
        allowed = {"yes": "Yes: every gate is met.", "no": "No.", "unknown": "Not yet: some gates are unanswered."}
        gate_lines.append(f"Transfer allowed: {allowed[value['allowed']]}")
        for block in value["blocks"]:
            gate_lines.append(f"Blocked: {tr.GATE_BY_BLOCK[block].blocked}")
    sections.append(Section("Before a transfer: the protocol's gates", gate_lines))

    level = data.get("intervention_level") if isinstance(data.get("intervention_level"), dict) else {}
    level_lines = [f"Intervention level now: {_t(level.get('carried'))} (continued until the receiving YOT "
                   f"reassesses; {tr.INTERVENTION_LEVEL})"]
    if level.get("changed_to"):
        level_lines.append(f"Changed to: {level['changed_to']}. Rationale: {_t(level.get('rationale'))}. Approved "
                           f"by: {_t(level.get('approved_by'))}. Explained to the child: "
                           f"{ANSWER_WORDS[moves._tri(level.get('communicated'))]}.")
    sections.append(Section("Intervention level", level_lines))

    checklist = data.get("checklist") if isinstance(data.get("checklist"), dict) else {}
    sections.append(Section(f"Information-sharing checklist ({tr.CHECKLIST_CITATION})", table=[
        ["Sent", "Document"], *[[ANSWER_WORDS.get(checklist.get(item.id), "Not answered"), item.text]
                                for item in tr.CHECKLIST]]))

    dates = [f"Caretaking agreed / move date: {_d(data.get('started_on'))}",
             f"Requested: {_d(data.get('requested_on'))}"
             + (f" to {data['receiving_manager']}" if data.get("receiving_manager") else ""),
             f"Documents sent (within one working day): {_d(data.get('documents_sent_on'))}",
             f"Receiving YOT's decision (within two working days): {_d(data.get('decided_on'))}"]
    dates.append(f"The court transferred the order: {_d(data.get('transferred_on'))} (overall responsibility passes "
                 f"to the receiving YOT then; {tr.COURT_TRANSFER})")
    dispute = data.get("dispute") if isinstance(data.get("dispute"), dict) else {}
    if dispute.get("raised_on"):
        dates.append(f"Dispute raised: {_d(dispute.get('raised_on'))}; resolved: {_d(dispute.get('resolved_on'))}")
    notices = data.get("out_of_area") if isinstance(data.get("out_of_area"), dict) else {}
    for key, _etype, label, _citation in tr.OUT_OF_AREA:
        when = moves.when_of(notices.get(key))
        if when is not None:
            shown = when.strftime("%d/%m/%Y %H:%M") if hasattr(when, "hour") else show_date(when)
            dates.append(f"{label.split(' (')[0]}: {shown}")
    sections.append(Section("Dates", dates))

    decisions = data.get("decisions") if isinstance(data.get("decisions"), dict) else {}
    decided = []
    for prompt in tr.PROMPTS:
        d = decisions.get(prompt.id)
        if isinstance(d, dict) and d.get("decision"):
            decided.append(f"{prompt.question} {d['decision']} (decided by {_t(d.get('by'))}: {_t(d.get('why'))})")
    if decided:
        sections.append(Section("Decisions recorded", decided))
    sections.append(Section("Prepared", [f"Prepared by {author or '(not recorded)'}, {show_date(today)}."]))
    name = f"{child.given_name} {child.family_name}".strip() or "(no name)"
    return Document("Case transfer request", f"{name}: National Protocol for Case Responsibility", sections,
                    kind="transfer request", name="transfer-request")


def _order_on_record(on_record: dict[str, Any]) -> list[str]:
    """The plan's order and requirements and each hearing, as recorded on the child's other screens."""
    lines = []
    order = on_record.get("order") or {}
    if order.get("type") or order.get("made"):
        lines.append(f"As the intervention plan records it: {ORDER_TYPES.get(order_type_key(order.get('type')), 'order')}"
                     f", made {_d(order.get('made'))}"
                     + (f", {order['months']} months" if order.get("months") else "") + ".")
    titles = on_record.get("titles") or {}
    for r in on_record.get("requirements") or []:
        bits = [titles.get(str(r.get("id")), str(r.get("id") or "requirement"))]
        bits += [f"{r[k]} {u}" for k, u in (("hours", "hours"), ("days", "days"), ("months", "months"))
                 if r.get(k) not in (None, "")]
        lines.append("Requirement: " + ", ".join(bits))
    for h in on_record.get("hearings") or []:
        lines.append(f"Hearing: {_t(h.get('court'))}, {show_date(h['on']) if h.get('on') else '(no date)'}; "
                     f"offences: {'; '.join(h.get('offences') or []) or '(none recorded)'}; "
                     f"outcome: {_t(h.get('outcome'))}")
    return lines or ["The order's court, dates and requirements: not recorded on the plan or the court screen."]


def transition_plan(child: Any, data: dict[str, Any], value: dict[str, Any] | None, *, author: str,
                    today: date) -> Document:
    """The transition plan: the dates, the seven minimum areas, the decision and the checks before transfer."""
    name = f"{child.given_name} {child.family_name}".strip() or "(no name)"
    value = value or {}
    about = _child_lines(child, today) + [
        f"Turns 18 on: {_d(value.get('turns_18_on'))}",
        f"Order ends: {_d(data.get('order_ends_on'))}",
        f"Agreed transfer date: {_d(data.get('agreed_transfer_date'))}",
    ]
    sections = [Section("The child and the order", about)]
    if value.get("english_timeline") is False:
        sections.append(Section("Wales", [y2a.WALES_MESSAGE]))
    steps = []
    for s in value.get("timeline") or []:
        parts = []
        if s.get("age_date"):
            parts.append(f"by age: {_d(s['age_date'])}")
        if s.get("transfer_date_based"):
            parts.append(f"from the transfer date: {_d(s['transfer_date_based'])}")
        late = "OVERDUE " if s.get("overdue") else ""  # as the board says it
        steps.append(f"{late}{_d(s.get('due'))}  {s['title']} ({'; '.join(parts) or s.get('basis')}) [{s['citation']}]")
    if steps:
        steps.append("Where the two dates differ the earlier is shown as due: the protocol does not say which "
                     "applies.")
    sections.append(Section("Timeline", steps or ["(add the date of birth and the order's end date)"]))
    plan = data.get("plan") if isinstance(data.get("plan"), dict) else {}
    for section in y2a.PLAN_SECTIONS:
        sections.append(Section(section.text, [_t(plan.get(section.id))]))
    decision = {"transfer": "Transfer to the Probation Service", "retain": "Retain in the YOT"}.get(
        str(data.get("decision") or ""), "(not yet decided)")
    sections.append(Section(f"Decision ({y2a.DECISION})", [
        f"Decision: {decision}", f"Rationale: {_t(data.get('rationale'))}",
        f"The child's views: {_t(data.get('child_views'))}", f"Decided by: {_t(data.get('decided_by'))}"]))
    sections.append(Section("Before transfer", [
        f"{c.question}: {ANSWER_WORDS[moves._tri(data.get(c.id))]} ({c.citation})" for c in y2a.BEFORE_TRANSFER]))
    order = str(data.get("breach_order") or "")
    if order in y2a.BREACH_COURTS:
        entry = y2a.BREACH_COURTS[order]
        sections.append(Section("Breach after 18", [
            f"{entry.order}: under 18 {entry.under_18}; 18 or over {entry.adult}. {entry.note} ({entry.citation})",
            y2a.BREACH_STATUTE_NOTE]))
    sections.append(Section("Prepared", [f"Prepared by {author or '(not recorded)'}, {show_date(today)}."]))
    return Document("Transition plan: youth to adult", f"{name}: Joint National Protocol for Transitions in "
                    f"England ({y2a.PLAN_CITATION})", sections, kind="transition plan", name="transition-plan")


def document(kind: str, child: Any, data: dict[str, Any], values: dict[str, Any], *, author: str,
             today: date, on_record: dict[str, Any] | None = None) -> Document:
    """The document chosen in the export dialog: the transfer request or the transition plan."""
    if kind == moves.TRANSFER:
        return transfer_request(child, data, values.get("transfer"), author=author, today=today, on_record=on_record)
    return transition_plan(child, data, values.get("transition"), author=author, today=today)
