"""A victim's name never reaches what the child and family are given (Case Management Guidance, seed 002 L1554):
the plan's exports leave out every victim name recorded on the child's victim records."""

from __future__ import annotations

import json
from datetime import date

import docx
from textual.widgets import Input

from yjtui.casework import supervision as sv
from yjtui.casework.export import plan_export
from yjtui.screens.export_modal import ExportDialog
from yjtui.screens.plan import PlanScreen
from yjtui.store import Child, Plan

DATA = {
    "order": {"type": "yro", "made": "2026-11-01", "months": 12},
    "items": [{"what": "Keep your appointments apart from Robin Sample's", "kind": "statutory",
               "area": "relationships", "section": "action"}],
    "contingencies": [{"trigger": "you see robin sample", "action": "walk away and call us", "contact": "Duty desk"}],
}


def test_the_document_leaves_the_names_out():
    doc = plan_export.without(plan_export.child_version("Ash Example", DATA, date(2026, 11, 23)), ["Robin Sample"])
    text = doc.as_text()
    assert "robin" not in text.lower() and text.count("[victim]") == 2
    same = plan_export.child_version("Ash Example", DATA, date(2026, 11, 23))
    assert plan_export.without(same, []) is same


async def test_child_plan_export_has_no_victim_name(store, make_app, tmp_path):
    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2009, 3, 14)))
    store.add(Plan(child_id=child.id, data=json.dumps(DATA)))
    sv.start(store, child, sv.VICTIM, {"ref": "V1", "name": "Robin Sample", "name_recorded": True,
                                       "significant_impact": "yes", "name_rationale": "threats assessed as real"})
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        app.open_child(child.id)
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one("#export-folder", Input).value = str(tmp_path / "out")
        await pilot.press(*"Parent", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
    stem = f"my-plan-record-{child.id}-2026-11-23"
    text = (tmp_path / "out" / f"{stem}.txt").read_text(encoding="utf-8")
    words = "\n".join(p.text for p in docx.Document(str(tmp_path / "out" / f"{stem}.docx")).paragraphs)
    for exported in (text, words):
        assert "robin" not in exported.lower() and "[victim]" in exported
