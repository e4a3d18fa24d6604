"""Local values of the police workflows (ISS, DYO), in one place until the policy packs are data files.

Every value here is set by one service's local document, not by national guidance: Kent Police's ISS procedure
(seed 000, SOP N02a) and Leicester City YOS's Deter Young Offenders policy (seed 004). Each line names its source
line and pack. Where the local document gives no number ("once placed on ISS", "expeditiously"), the value is a
local default the service must confirm (note E §0.3: overdue only against a local SLA, never an invented
national figure), and the deadline's note says so.

There is no `kent` pack yet: the ISS rows run under the national pack and cite Kent Police by name.
"""

from __future__ import annotations

LOCAL_DEFAULTS: dict[str, object] = {
    # --- Kent Police ISS procedure N02a (pack: kent, not yet a pack) ---
    "iss_police_contact_weeks": 1,  # seed 000 L32 "Conduct weekly home visits or face-to-face contacts" (kent)
    # seed 000 L32: the officer "may reduce the frequency following consultation and agreement with the Unit Lead";
    # the SOP sets no reduced figure: these are the intervals the screen offers (kent, local choice)
    "iss_reduced_contact_weeks": (2, 3, 4),
    # seed 000 L23 "Once they have been placed on ISS, submit a 5x5x5 (eFive) intelligence report": no number in
    # the SOP; one working day is a local default (kent, to confirm)
    "iss_intel_report_working_days": 1,
    # seed 000 L24 further reports "as necessary" on variations to bail conditions and court dates: no number;
    # local default (kent, to confirm)
    "iss_change_report_working_days": 1,
    # seed 000 L43 Section 9 breach statements "dealt with expeditiously": no number; local default (kent, to confirm)
    "iss_breach_statement_working_days": 2,
    # --- Leicester City YOS Deter Young Offenders policy (pack: leicester) ---
    "dyo_yogrs_percent_from": 77,  # seed 004 L32 "YOGRS as 77-100%" (leicester)
    "dyo_rag_review_weeks": 6,  # seed 004 L94 "RAG process will take place every six weeks" (leicester)
    "dyo_tier2_intel_update_days": 14,  # seed 004 L128 "fortnightly intelligence updates to case manager" (leicester)
    # seed 004 L123, L129 share YOS information with Police neighbourhood teams "on a weekly basis" (leicester)
    "dyo_npt_share_days": 7,
    "dyo_green_months_to_deselect": 3,  # seed 004 L225 "'green' for a period of 3-months" (leicester)
    # seed 004 L227 "on the lead up to their 18th birthday" is not quantified; 17 years 6 months is the Y2A anchor
    # note E §7.8 suggests (seed 002 L25333) (leicester, local choice)
    "dyo_iom_referral_age_months": 210,
    # seed 004 L112-135: the three tier lists lost their headings in the text; Tier 1 = Red, 2 = Amber, 3 = Green is
    # inferred from "Current Red Tier" (L94) and the falling intensity (leicester, inference to confirm)
    "dyo_tier_for_rag": {"red": 1, "amber": 2, "green": 3},
}
