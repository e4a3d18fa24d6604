"""A victim's name never reaches what the child and family are given (Case Management Guidance, seed 002 L1554):
the plan's exports leave out every victim name recorded on the child's victim records."""

from __future__ import annotations

import json
from datetime import date

import docx
from textual.widgets import Input

from tests.test_plan_export import export_the_childs_copy
from yjtui.casework import supervision as sv
from yjtui.casework.export import plan_export
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
    await _export_has_no_name(store, make_app, tmp_path, child)


async def test_a_name_recorded_on_the_supervision_screen_stays_out_of_the_childs_plan(store, make_app, tmp_path):
    """The name typed on the supervision screen (F12, ctrl+v) with a significant impact and the reason is kept on the
    victim record, never listed on the screen, and the child's plan export leaves it out."""
    from textual.widgets import DataTable, Select

    from tests.waits import until
    from yjtui.screens.forms import FormModal
    from yjtui.screens.supervision import SupervisionScreen
    from yjtui.store import CaseRecord

    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2009, 3, 14)))
    store.add(Plan(child_id=child.id, data=json.dumps(DATA)))
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        app.open_child(child.id)
        await pilot.press("f12")
        await until(pilot, lambda: isinstance(app.screen, SupervisionScreen), "the supervision screen")
        await pilot.press("ctrl+v")
        await until(pilot, lambda: isinstance(app.screen, FormModal), "the victim form")
        for key, value in {"name_recorded": "yes", "significant_impact": "yes"}.items():
            app.screen.query_one(f"#f-{key}", Select).value = value
        for key, value in {"name_rationale": "threats assessed as real", "name": "Robin Sample"}.items():
            app.screen.query_one(f"#f-{key}", Input).focus()
            await pilot.press(*value)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SupervisionScreen)
                    and app.screen.query_one("#sup-victims", DataTable).row_count == 1, "the victim listed")
        screen_text = " ".join(str(c) for c in app.screen.query_one("#sup-victims", DataTable).get_row_at(0))
        assert "robin" not in screen_text.lower() and "V1" in screen_text
    assert [sv.data_of(r).get("name") for r in store.records(CaseRecord, child.id) if r.kind == sv.VICTIM] \
        == ["Robin Sample"]
    await _export_has_no_name(store, make_app, tmp_path, child)


async def _export_has_no_name(store, make_app, tmp_path, child):
    stem = await export_the_childs_copy(make_app, child, tmp_path / "out")
    text = (tmp_path / "out" / f"{stem}.txt").read_text(encoding="utf-8")
    words = "\n".join(p.text for p in docx.Document(str(tmp_path / "out" / f"{stem}.docx")).paragraphs)
    for exported in (text, words):
        assert "robin" not in exported.lower() and "[victim]" in exported
