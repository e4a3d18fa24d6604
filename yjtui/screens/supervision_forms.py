"""The supervision screen's (F12) modal forms (a contact, its follow-up, breach and its sign-off, a court report,
custody, the referral order, a victim): their fields, asked in the one `FormModal`, and the stored values as the
form shows them and back.

The keys are the facts' keys (`casework.supervision`'s specs; the rules modules read them), so what is typed is
what the rules check.
"""

from __future__ import annotations

from typing import Any

from yjtui.rules import breach as breach_rules
from yjtui.rules import court_reports as report_rules
from yjtui.rules import custody as custody_rules
from yjtui.rules import victims as victim_rules
from yjtui.rules import supervision as rules
from yjtui.screens.forms import Field

TRI = [("Yes", "yes"), ("No", "no"), ("Not known", "unknown")]
YES_NO = [("Yes", "yes"), ("No", "no")]

CONTACT_FIELDS = [Field("on", "Date of the contact (dd/mm/yyyy)", "date", required=True),
                  Field("type", "Contact", "select", [(k.replace("_", " ").capitalize(), k)
                                                      for k in rules.CONTACT_TYPES], required=True),
                  Field("status", "Kept or missed", "select", [(k.capitalize(), k) for k in rules.CONTACT_STATUSES],
                        required=True),
                  Field("failed_or_refused", "Drug test failed or refused, or a treatment refused?", "select",
                        YES_NO)]

FOLLOW_UP_FIELDS = [Field("followed_up_at", "Followed up on (dd/mm/yyyy)", "date", past=True),
                    Field("reason", "The reason given", "long"),
                    Field("acceptable", "Is the reason acceptable? (your judgement)", "select", TRI),
                    Field("beyond_control", "Beyond the child's control?", "select", TRI),
                    Field("warning", "Record a warning?", "select", YES_NO)]

BREACH_FIELDS = [Field("grounds", "Why breach is considered (space ticks)", "multi",
                       [(label, k) for k, (label, _b) in breach_rules.GROUNDS.items()]),
                 Field("other_options_tried", "Have all other options for engagement been tried?", "select", TRI),
                 Field("child_told", "Child told breach has been instigated?", "select", TRI),
                 *[Field(f"considered_{k}", label, "long") for k, label in breach_rules.CONSIDERATIONS.items()],
                 Field("beyond_control_considered", "Factors beyond the child's control considered?", "select",
                       TRI),
                 Field("independent_review_by", "Independent manager leading the review")]

SIGN_OFF_FIELDS = [Field("signed_off_by", "Manager signing off", "text", required=True),
                   Field("signed_off_level", "Manager's level", "select",
                         [(k.capitalize(), k) for k in breach_rules.SIGN_OFF_LEVELS], required=True)]

REPORT_FIELDS = [Field("type", "Report", "select", [(label, k) for k, label in report_rules.REPORT_TYPES.items()],
                       required=True),
                 Field("requested_on", "Requested on (dd/mm/yyyy)", "date", past=True),
                 Field("due_on", "The court's date (dd/mm/yyyy)", "date"),
                 Field("custody_considered", "Any prospect of a custodial sentence?", "select", TRI),
                 Field("community_supervision_considered", "Community supervision likely?", "select", TRI),
                 Field("assessment_up_to_date", "Based on an up-to-date approved assessment?", "select", TRI),
                 Field("parenting_order_addressed", "Parenting Order addressed (under 16)?", "select", TRI),
                 Field("signed_off_by", "Signed off by (manager)"),
                 Field("submitted_on", "Sent to the court on (dd/mm/yyyy)", "date", past=True)]

CUSTODY_BOOLS = ("violent_or_sexual", "mappa_eligible", "level_2_or_3_needed")
CUSTODY_FIELDS = [Field("sentenced_on", "Sentenced on (dd/mm/yyyy)", "date", required=True, past=True),
                  Field("custody_months", "Length of the sentence (months; a DTO's whole term)", "int", maximum=1200),
                  Field("release_on", "Expected release (dd/mm/yyyy)", "date"),
                  Field("violent_or_sexual", "Violent or sexual offence?", "select", YES_NO),
                  Field("mappa_eligible", "MAPPA offender?", "select", YES_NO),
                  Field("level_2_or_3_needed", "Needs MAPPA Level 2 or 3?", "select", YES_NO)]

# The referral order (seed 002 L1606-1608, L3962; National Protocol 4.84, L24542-24551).
REFERRAL_BOOLS = ("early_revocation_proposed", "placed_out_of_area")
REFERRAL_FIELDS = [
    Field("early_revocation_proposed", "Early revocation proposed?", "select", YES_NO),
    Field("progress_panel_agreed", "Has a progress panel agreed to apply to court?", "select", TRI,
          help=custody_rules.REFERRAL_NOTES["progress_panel_agreed"]),
    Field("revocation_refused_on", "An application refused on (dd/mm/yyyy)", "date", past=True,
          help=custody_rules.REFERRAL_NOTES["revocation_refused_on"]),
    Field("moving_to", "Moving to Scotland or Northern Ireland?", "select",
          [("Scotland", "scotland"), ("Northern Ireland", "northern_ireland")],
          help=custody_rules.REFERRAL_NOTES["moving_to"]),
    Field("placed_out_of_area", "Placed out of area?", "select", YES_NO),
    Field("host_convenes_panel", "Does the Host YOT convene the panel?", "select", TRI),
]

# A victim (seed 002 L1498-1554; National Protocol 4.93, L24630-24634). The reference, never the name, names the
# victim on the screen.
VICTIM_BOOLS = ("details_withheld", "name_recorded", "host_involved")
VICTIM_FIELDS = [
    Field("ref", "Reference (not the victim's name)", "text", required=True),
    Field("details_withheld", "Asked for their details not to be passed to the YJS?", "select", YES_NO),
    Field("rj_decision", "Restorative justice: the decision", "select",
          [("Invite them", "invite"), ("Do not invite them", "not_invite")],
          help=victim_rules.VICTIM_NOTES["rj_decision"]),
    Field("rj_reason", "The reason for the decision (your judgement)", "long"),
    Field("agreed", "Agreed to take part?", "select", TRI),
    Field("written_consent", "Informed written consent obtained?", "select", TRI,
          help=victim_rules.VICTIM_NOTES["written_consent"]),
    Field("name_recorded", "Is the victim's name on the child's record?", "select", YES_NO),
    Field("significant_impact", "A real and potentially significant impact that needs the name?", "select", TRI,
          help=victim_rules.VICTIM_NOTES["significant_impact"]),
    Field("name_rationale", "Why the name is needed (your judgement)", "long"),
    Field("name", "Victim's name (kept only with a significant impact and the reason; never shown to the child)",
          "text"),
    Field("shared_with", "Details shared with (police, MAPPA, probation)"),
    Field("share_rationale", "The rationale for sharing (public protection)", "long"),
    Field("host_involved", "Is another YOT (Home or Host) involved?", "select", YES_NO),
    Field("home_host_agreed_in_writing", "Who does the victim work agreed with them in writing?", "select", TRI),
]


def form_values(data: dict[str, Any], fields: list[Field], bools: tuple[str, ...]) -> dict[str, Any]:
    """A record's stored values as the form shows them (a bool as yes/no)."""
    values = {f.key: data.get(f.key) for f in fields}
    for key in bools:
        values[key] = {True: "yes", False: "no"}.get(data.get(key))
    return values


def answers(result: dict[str, Any], bools: tuple[str, ...]) -> dict[str, Any]:
    """A form's checked values as the record stores them (yes/no as a bool; a blank stays blank: the key goes)."""
    return {k: ({"yes": True, "no": False}.get(v) if k in bools else v) for k, v in result.items()}


def words(fields: list[Field], key: str, data: dict) -> str:
    """A stored choice in the form's words ('' when not answered)."""
    f = next(f for f in fields if f.key == key)
    return next((label for label, v in f.options if v == data.get(key)), "")


def victim_row(data: dict) -> tuple[str, str, str, str]:
    """A victim's row after the reference: the decision, agreed, written consent, name on record (never the name)."""
    return (words(VICTIM_FIELDS, "rj_decision", data) or "not decided", words(VICTIM_FIELDS, "agreed", data),
            words(VICTIM_FIELDS, "written_consent", data), "yes" if data.get("name_recorded") else "no")


def referral_words(data: dict) -> str:
    if not data:
        return "None recorded."
    parts = []
    if data.get("early_revocation_proposed") is True:
        panel = words(REFERRAL_FIELDS, "progress_panel_agreed", data).lower() or "not asked"
        parts.append(f"early revocation proposed (progress panel agreed: {panel})")
    if data.get("moving_to"):
        parts.append(f"moving to {words(REFERRAL_FIELDS, 'moving_to', data)}")
    if data.get("placed_out_of_area") is True:
        parts.append("placed out of area")
    return ("Referral order: " + "; ".join(parts) + ".") if parts else "Referral order recorded."
