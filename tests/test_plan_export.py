"""The plan as Word and plain text: the child's plain-words version, the full plan, the disclosure logged."""

from __future__ import annotations

import json
import re
from datetime import date

import docx
from textual.widgets import Input

from yjtui.casework.export import document, plan_export
from yjtui.screens.export_modal import ExportDialog
from yjtui.screens.plan import PlanScreen
from yjtui.store import Child, Plan

DATA = {
    "order": {"type": "yro", "made": "2026-11-01", "months": 12},
    "requirements": [{"id": "unpaid-work", "hours": 60}],
    "contacts": {"per_month": 8, "statutory_per_week": 2},
    "items": [
        {"what": "Meet to plan college", "who": "Sam (case manager)", "by": "2026-12-15", "measure": "Enrolled",
         "kind": "statutory", "area": "education", "section": "action"},
        {"what": "Talk to a bereavement counsellor", "kind": "voluntary", "area": "mental_health",
         "section": "protective", "covers": ["swb:bereavement"]},
    ],
    "contingencies": [{"trigger": "you go missing", "action": "we call your mum and the police",
                       "contact": "Duty desk 01234 567890"}],
}
TITLES = {"unpaid-work": "Unpaid Work requirement"}


def test_child_version_is_in_plain_words(tmp_path):
    doc = plan_export.child_version("Ash Example", DATA, date(2026, 11, 23), TITLES)
    text = doc.as_text()
    for word in plan_export.JARGON:
        assert not re.search(rf"\b{word}\b", text, re.IGNORECASE), word
    assert "You have to do this: it is part of your order." in text
    assert "This is help you can choose to take." in text
    assert "If you go missing, then we call your mum and the police." in text
    assert "end your order early" in text
    word, txt = document.write(doc, tmp_path, "my-plan")
    paragraphs = [p.text for p in docx.Document(str(word)).paragraphs]
    assert paragraphs[0] == "My plan: Ash Example"
    assert "You must: unpaid work" in paragraphs
    assert txt.read_text(encoding="utf-8") == text


def test_full_version_has_every_part(tmp_path):
    doc = plan_export.practitioner_version("Ash Example", DATA, date(2026, 11, 23), TITLES, ["WARNING: x (seed)"])
    headings = doc.headings()
    assert headings[:3] == ["Order", "Requirements", "Contact frequency"]
    assert {"External controls", "Internal controls", "Protective factors and desistance", "Information sharing",
            "Contingency plans", "Reviews", "Checks at export"} <= set(headings)
    assert "Unpaid Work requirement, 60 hours" in doc.as_text()


def test_unwritable_folder_is_a_message(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    doc = plan_export.child_version("Ash", DATA, date(2026, 11, 23))
    try:
        document.write(doc, blocker / "sub", "x")
    except document.ExportError as exc:
        assert "Could not write" in str(exc)
    else:
        raise AssertionError("expected ExportError")


async def export_the_childs_copy(make_app, child, folder) -> str:
    """F4, ctrl+e, the export dialog to `folder` for a parent, ctrl+s: the file name's stem."""
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
        app.screen.query_one("#export-folder", Input).value = str(folder)
        await pilot.press(*"Parent", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
    return f"my-plan-record-{child.id}-2026-11-23"  # the record number (no YJS reference), never the name


async def test_export_from_the_plan_screen_logs_the_disclosure(store, make_app, tmp_path):
    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2009, 3, 14)))
    store.add(Plan(child_id=child.id, data=json.dumps(DATA)))
    stem = await export_the_childs_copy(make_app, child, tmp_path / "out")
    word = tmp_path / "out" / f"{stem}.docx"
    assert word.exists() and (tmp_path / "out" / f"{stem}.txt").exists()
    assert docx.Document(str(word)).paragraphs[0].text == "My plan: Ash Example"
    disclosure = [a for a in store.audit_entries(child.id) if a.action == "disclose"][-1]
    assert disclosure.record == "plan" and "Parent" in disclosure.detail and "child version" in disclosure.detail
