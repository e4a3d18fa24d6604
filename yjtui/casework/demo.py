"""`yjtui --demo`: a throwaway store of about 25 clearly fictional children across every level.

Names are made of neutral first names and family names that are plainly not names ("Example", "Sample"), so no
fixture can be mistaken for a real child. Dates are relative to today so ages and deadlines stay live.
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta

from yjtui.rules.facts import LEVELS
from yjtui.store import Assessment, Child, Event, Hearing, Plan, Store

GIVEN = ["Ash", "Blake", "Casey", "Dani", "Eden", "Frankie", "Gray", "Harley", "Indy", "Jules", "Kit", "Lane",
         "Morgan", "Nico", "Oakley", "Parker", "Quinn", "Remy", "Sage", "Tate", "Umber", "Vale", "Wren", "Xen",
         "Yael"]
FAMILY = ["Example", "Sample", "Placeholder", "Fictional", "Testcase"]
LAS = ["Northshire", "Southvale", "Eastmere", "Westbrook"]  # invented local authorities
COURTS = ["Northshire Youth Court", "Southvale Youth Court", "Eastmere Crown Court"]
# Behaviours for each RoSH level, chosen so the recorded level sits inside Matrix 2's suggestion.
BEHAVIOURS = {
    "low": [("shoplifting", "retail staff", "community", "likely", "slight"),
            ("assault on staff", "custody staff", "custody", "possible", "medium")],
    "medium": [("violence towards a parent", "family members", "community", "possible", "major")],
    "high": [("robbery of younger children", "younger children", "community", "very_likely", "major"),
             ("assault on staff", "custody staff", "custody", "possible", "medium")],
    "very_high": [("weapon-enabled assault on a rival group", "peers in the area", "community",
                   "almost_certain", "critical")],
}
OUTCOMES = [
    ("homelessness", "community", "possible", "medium"),
    ("neglect", "community", "very_likely", "medium"),
    ("physical abuse", "community", "likely", "major"),
    ("criminal exploitation (county lines)", "community", "likely", "major"),
]
LOOKED_AFTER = ["no", "no", "no", "s20", "s31", "no", "care_leaver"]


def fill_demo(store: Store, seed: int = 7, today: date | None = None) -> None:
    rnd = random.Random(seed)
    today = today or date.today()
    store.set_setting("practitioner", "Demo Practitioner")
    store.set_local_packs(["enfield"])
    for i, given in enumerate(GIVEN):
        age = 10 + i % 8
        dob = today - timedelta(days=365 * age + rnd.randint(20, 340))
        child = store.add(Child(
            given_name=given, family_name=FAMILY[i % len(FAMILY)], date_of_birth=dob,
            sex=rnd.choice(["Female", "Male"]), ethnicity="Not stated",
            looked_after=LOOKED_AFTER[i % len(LOOKED_AFTER)], home_la=LAS[i % len(LAS)],
            yjs_ref=f"DEMO-{1000 + i}"))
        level = LEVELS[i % 4]
        done = datetime.combine(today - timedelta(days=rnd.randint(5, 80)), datetime.min.time()).replace(hour=10)
        behaviours = [dict(zip(("description", "at_risk", "setting", "likelihood", "impact"), b))
                      for b in BEHAVIOURS[level]]
        for b in behaviours:
            if b["impact"] in ("major", "critical"):
                b["imminence"] = "imminent" if level == "very_high" else "not imminent"
        store.add(Assessment(child_id=child.id, kind="rosh", data=json.dumps({"behaviours": behaviours}),
                             final=level, status="complete", author="Demo Practitioner", completed_at=done))
        outcomes = [dict(zip(("description", "setting", "likelihood", "impact"), o))
                    for o in rnd.sample(OUTCOMES, 2)]
        swb = LEVELS[(i + 1) % 4]
        store.add(Assessment(child_id=child.id, kind="swb",
                             data=json.dumps({"concerns": swb != "low", "outcomes": outcomes if swb != "low" else []}),
                             final=swb, status="complete", author="Demo Practitioner", completed_at=done))
        yogrs = [20, 50, 80][i % 3]
        lor = "low" if yogrs <= 43 else "medium" if yogrs <= 76 else "high"
        store.add(Assessment(child_id=child.id, kind="lor", data=json.dumps({"yogrs_percent": yogrs}),
                             final=lor, status="complete", author="Demo Practitioner", completed_at=done))
        if i % 3 == 0:
            at = datetime.combine(today + timedelta(days=i % 5), datetime.min.time()).replace(hour=10)
            charges = [{"offence": "Robbery", "imprisonable": True, "violent": True, "sexual": False,
                        "terrorism": False, "max_adult_sentence_years": 14}]
            store.add(Hearing(child_id=child.id, court=COURTS[i % 3], at=at, charges=json.dumps(charges)))
        if i % 2 == 0:
            store.add(Plan(child_id=child.id, data=json.dumps({"order": {"type": "Youth Rehabilitation Order",
                                                                         "months": 12}, "items": []})))
            store.add(Event(child_id=child.id, type="order_made",
                            at=datetime.combine(today - timedelta(days=rnd.randint(1, 60)), datetime.min.time())))
        if i % 5 == 1:
            store.add(Event(child_id=child.id, type="bail_support_imposed",
                            at=datetime.combine(today - timedelta(days=1), datetime.min.time()).replace(hour=15)))
