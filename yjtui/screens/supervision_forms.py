"""The supervision screen's (F12) modal forms for the referral order and victims: their fields (asked in the one
`FormModal`), and the stored values as the form shows them and back.

The keys are the facts' keys (`casework.supervision.REFERRAL_SPEC`, `VICTIM_SPEC`; rules/custody.py and
rules/victims.py read them), so what is typed is what the rules check.
"""

from __future__ import annotations

from typing import Any

from yjtui.screens.plan_forms import Field

TRI = [("Yes", "yes"), ("No", "no"), ("Not known", "unknown")]
YES_NO = [("Yes", "yes"), ("No", "no")]

# The referral order (seed 002 L1606-1608, L3962; National Protocol 4.84, L24542-24551).
REFERRAL_BOOLS = ("early_revocation_proposed", "placed_out_of_area")
REFERRAL_FIELDS = [
    Field("early_revocation_proposed", "Early revocation proposed?", "select", YES_NO),
    Field("progress_panel_agreed", "Has a progress panel agreed to apply to court?", "select", TRI,
          help="The case goes to a progress panel first, which decides whether to apply (L1606)."),
    Field("revocation_refused_on", "An application refused on (dd/mm/yyyy)", "date",
          help="No further application for three months (L1608)."),
    Field("moving_to", "Moving to Scotland or Northern Ireland?", "select",
          [("Scotland", "scotland"), ("Northern Ireland", "northern_ireland")],
          help="Leave unchosen when neither: a Referral Order cannot be transferred there (L3962)."),
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
          help="Their wishes, feelings and concerns, the sensitivities and whether the child is able and willing "
               "(L1498-1506)."),
    Field("rj_reason", "The reason for the decision (your judgement)", "long"),
    Field("agreed", "Agreed to take part?", "select", TRI),
    Field("written_consent", "Informed written consent obtained?", "select", TRI, help="L1508."),
    Field("name_recorded", "Is the victim's name on the child's record?", "select", YES_NO),
    Field("significant_impact", "A real and potentially significant impact that needs the name?", "select", TRI,
          help="Otherwise the details are held in a separate system (L1536-1538)."),
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
