"""The court screen's words: the assessment areas, the proposal's fields and the notes beside them, each with the
seed line it comes from (seed 002: the YJB Case Management Guidance). The screen (yjtui/screens/court.py) renders
these and holds no rule text or citation of its own.
"""

from __future__ import annotations

from .court_checks import ISS_MAX_HOURS

# Assessment areas of the guidance (seed 002 L4296-L4308), saved under data["assessment"].
ASSESSMENT_FIELDS = (
    ("known_to_yjs", "1. Known to the YJS: current assessments and significant changes (L4296)"),
    ("out_of_area", "2. From another area: liaison with the home YJS (L4298, L3932)"),
    ("previous_responses", "3. Previous responses to bail, in context (L4300)"),
    ("living_arrangements", "4. Living arrangements (L4302)"),
    ("bail_address", "4. Bail address (away from any victim at home or placement) (L4302)"),
    ("education", "5. Education, training, activities and support network (L4304)"),
    ("diversity", "6. Diversity and bias check: bias, labelling, cultural assumptions removed (L4306)"),
    ("risk_to_child", "7. Risks to the child: safety and wellbeing (L4308)"),
    ("risk_to_others", "7. Risks to others: public protection (L4308)"),
)

PACKAGE_TEXT = (
    ("suitability", "Suitability for bail supervision and support, with reasons (L4326)"),
    ("content", "Content of the package (L4332)"),
    ("contact_plan", "Contact plan: level of contact during the bail period (L4332)"),
    ("interventions", "Support offered (not offending-focused or restorative: L4378)"),
    ("non_engagement", "What happens if the child does not engage (L4336)"),
    ("agreement_notes", "Agreement: what the child and parent said (L4328, L4340)"),
    ("no_package_reason", "If no package: the exceptional reason (L4458, L4312)"),
)

HOME_YJS_LABEL = "Home YJS, if the child is from another area (seed 002 L3912-L3948)"
ADDRESS_CHECKED_LABEL = "Bail address checked by the YJS police officer (L4330)"
ISS_HOURS_LABEL = f"Bail ISS contact hours a week (up to {ISS_MAX_HOURS}: L4356)"
HOME_AGREED_LABEL = "Agreed with the home authority (out of area, L4342)"

AGE_10_OR_11 = "Age 10 or 11: local authority accommodation only, if bail is refused (seed 002 L4472)."
OUT_OF_AREA_NOTE = ("Out of area: the host YJS contacts the home YJS for background and to check bail addresses; "
                    "the home YJS should attend if a remand is likely; the home area pays for a YDA remand "
                    "(seed 002 L3914, L3920, L3932, L3946).")
KNOWN_ASSESSMENTS_NOTE = "Use past assessments if they are relatively current; note significant changes (L4296)."
NOW_LOOKED_AFTER = "The child is now looked after for the remand (child record updated; seed 002 L4448, L4472)."
STILL_TO_WRITE_CITE = "seed 002 L4324-L4336"
