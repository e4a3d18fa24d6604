"""Exports (issues 22 and 26): one dialog and one document model for every export; files named by the YJS reference
or record number, never the child's name; an earlier file never replaced without asking; every export can be
encrypted (a service setting makes it the default); nothing a terminal obeys in a file."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from datetime import date, datetime
from pathlib import Path

import docx
import pytest
from textual.widgets import Checkbox, Input, Static

from yjtui.casework.export import audit_export, bail_proposal, document, exploitation_screening, moves_export
from yjtui.casework.export import plan_export
from yjtui.casework.export.crypto import read_encrypted
from yjtui.screens.export_modal import ExportDialog, ReplaceQuestion
from yjtui.store import Child, Hearing

ESC = "\x1b"
TODAY = date(2026, 11, 23)
SIZE = (120, 40)
PASSWORD = "export password"


def test_one_export_dialog_in_the_screens():
    """Before: four dialogs (court and exploitation's DisclosureExport, the plan's and moves' ExportModal, the audit
    trail's ExportAuditScreen)."""
    import yjtui.screens

    dialogs = []
    for info in pkgutil.iter_modules(yjtui.screens.__path__):
        module = importlib.import_module(f"yjtui.screens.{info.name}")
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and obj.__module__ == module.__name__ and "export" in name.lower():
                dialogs.append(f"{info.name}.{name}")
    assert dialogs == ["export_modal.ExportDialog"]


def _hearing(child_id: int = 1) -> Hearing:
    return Hearing(id=1, child_id=child_id, court="Highbury Corner", at=datetime(2026, 11, 23, 10, 0),
                   charges=json.dumps([{"offence": "Robbery"}]), data=json.dumps({"package": {"support": "bss"}}))


def _documents(child) -> dict[str, document.Document]:
    """Every export's document, built as its screen builds it."""
    record = type("Record", (), {"data": "{}", "status": "draft", "completed_at": None, "author": "A Worker",
                                 "countersigned_by": None, "countersigned_at": None})()
    entry = type("Entry", (), {"id": 1, "at": datetime(2026, 11, 23, 9, 0), "who": "A Worker", "action": "consult",
                               "record": "child", "record_id": 1, "child_id": 1, "field": "", "old": "", "new": "",
                               "detail": "=HYPERLINK(\"http://x\")", "prev_hash": "0", "hash": "ab"})()
    return {
        "bail proposal": bail_proposal.build(child, _hearing(child.id), today=TODAY),
        "plan (child)": plan_export.child_version(child.display_name, {}, TODAY),
        "plan (full)": plan_export.practitioner_version(child.display_name, {}, TODAY),
        "transfer request": moves_export.document("transfer", child, {}, {}, author="A Worker", today=TODAY),
        "transition plan": moves_export.document("transition", child, {}, {}, author="A Worker", today=TODAY),
        "exploitation screening": exploitation_screening.build(child, record, today=TODAY),
        "audit": audit_export.trail([entry], "Audit trail"),
    }


def test_every_export_is_one_document_model_and_can_be_encrypted(tmp_path):
    child = Child(id=7, given_name="Ash", family_name="Example", yjs_ref="YJ/2026/0007", date_of_birth=date(2011, 3, 14))
    for what, doc in _documents(child).items():
        assert type(doc) is document.Document, what
        stem = document.file_stem(doc, document.reference_for(child), TODAY)
        paths = document.write(doc, tmp_path / "out" / what, stem, password=PASSWORD)
        assert paths and all(p.suffix == ".yjx" and "Example" not in p.name and "YJ-2026-0007" in p.name
                             for p in paths), (what, paths)
        for p in paths:
            plain = read_encrypted(p, PASSWORD)
            assert plain.startswith(b"PK") if p.name.endswith(".docx.yjx") else doc.title.encode() in plain \
                or plain.startswith(b"id,at,who")


def test_a_hostile_name_is_exported_made_visible_and_never_crashes_the_word_file(tmp_path):
    """Before: python-docx refused the control characters (a crash), and the text file carried them raw."""
    child = Child(id=3, given_name="Ash", family_name=f"Example{ESC}]0;TITLE\x07\u202e", date_of_birth=date(2011, 3, 14))
    proposal = bail_proposal.build(child, _hearing(3), today=TODAY)
    word, text = document.write(proposal, tmp_path, "bail")
    paragraphs = " ".join(p.text for p in docx.Document(str(word)).paragraphs)
    assert "Example␛]0;TITLE␇<U+202E>" in paragraphs
    body = text.read_text(encoding="utf-8")
    assert ESC not in body and "\u202e" not in body and "Example␛]0;TITLE␇<U+202E>" in body


def test_a_csv_cell_a_spreadsheet_would_run_is_kept_as_text(tmp_path):
    entry_doc = _documents(Child(id=1, given_name="A", family_name="B"))["audit"]
    (path,) = document.write(entry_doc, tmp_path, "audit")
    assert "'=HYPERLINK" in path.read_text(encoding="utf-8")


def test_an_existing_file_or_a_link_in_its_place_is_never_written_through(tmp_path):
    doc = _documents(Child(id=1, given_name="A", family_name="B"))["bail proposal"]
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not yours")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "bail.txt").symlink_to(elsewhere)
    with pytest.raises(document.ExportExists) as raised:
        document.write(doc, tmp_path / "out", "bail")
    assert [p.name for p in raised.value.paths] == ["bail.txt"]
    assert not (tmp_path / "out" / "bail.docx").exists()  # nothing written when one file is in the way
    document.write(doc, tmp_path / "out", "bail", overwrite=True)
    assert elsewhere.read_text() == "not yours" and not (tmp_path / "out" / "bail.txt").is_symlink()
    assert (tmp_path / "out" / "bail.txt").stat().st_mode & 0o077 == 0  # this user only


async def _export_proposal(app, pilot, child, folder: Path, recipient: str, *, password: str | None = None):
    from yjtui.screens.court import CourtScreen

    if not isinstance(app.screen, CourtScreen) or app.screen.child.id != child.id:
        app.open_child(child.id)
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
    assert isinstance(app.screen, CourtScreen)
    await pilot.press("ctrl+r")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, ExportDialog)
    assert dialog.query_one("#export-folder", Input).value == str(document.default_folder())  # ~/Documents
    dialog.query_one("#export-folder", Input).value = str(folder)
    dialog.query_one("#export-recipient", Input).value = recipient
    if password:
        dialog.query_one("#export-encrypt", Checkbox).value = True
        await pilot.pause()
        dialog.query_one("#export-password", Input).value = password
        dialog.query_one("#export-password2", Input).value = password
    await pilot.press("ctrl+s")
    await pilot.pause()
    return dialog


async def test_two_children_of_one_family_get_two_files_and_a_second_export_asks_before_replacing(
        store, make_app, tmp_path):
    """Before: the bail proposal's file name was the family name and the date, so Blake's proposal silently
    replaced Ash's (issue 22: "Alex Reeve's bail proposal silently replaced Jordan Reeve's")."""
    ash = store.add(Child(given_name="Ash", family_name="Example", yjs_ref="YJ-0001", date_of_birth=date(2011, 3, 14)))
    blake = store.add(Child(given_name="Blake", family_name="Example", yjs_ref="YJ-0002",
                            date_of_birth=date(2012, 5, 1)))
    app = make_app()
    tmp_path = tmp_path / "out"  # (the store is in tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _export_proposal(app, pilot, ash, tmp_path, "Highbury Corner YC")
        await _export_proposal(app, pilot, blake, tmp_path, "Highbury Corner YC")
        names = sorted(p.name for p in tmp_path.iterdir())
        assert names == ["bail-proposal-YJ-0001-2026-11-23.docx", "bail-proposal-YJ-0001-2026-11-23.txt",
                         "bail-proposal-YJ-0002-2026-11-23.docx", "bail-proposal-YJ-0002-2026-11-23.txt"]
        first = (tmp_path / "bail-proposal-YJ-0002-2026-11-23.txt")
        first.write_text("the copy sent this morning")
        # The same child again: asked, and "n" keeps what is there.
        dialog = await _export_proposal(app, pilot, blake, tmp_path, "Highbury Corner YC")
        assert isinstance(app.screen, ReplaceQuestion)
        assert "bail-proposal-YJ-0002-2026-11-23.docx" in str(app.screen.query_one(Static).render())
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is dialog and "Nothing written" in str(dialog.query_one("#export-msg", Static).render())
        assert first.read_text() == "the copy sent this morning"
        # ... and "y" replaces.
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, (ExportDialog, ReplaceQuestion))
        assert first.read_text().startswith("Community Package Bail Proposal")
    disclosures = [a for a in store.audit_entries(blake.id) if a.action == "disclose"]
    assert len(disclosures) == 2  # the export refused by "n" was not logged as a disclosure


async def test_the_service_setting_makes_encryption_the_default(store, make_app, tmp_path):
    from yjtui.casework.export.document import ENCRYPT_SETTING

    store.set_setting(ENCRYPT_SETTING, "yes")
    tmp_path = tmp_path / "out"  # (the store is in tmp_path)
    child = store.add(Child(given_name="Ash", family_name="Example", yjs_ref="YJ-0001", date_of_birth=date(2011, 3, 14)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_child(child.id)
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        dialog = app.screen
        assert dialog.query_one("#export-encrypt", Checkbox).value is True
        dialog.query_one("#export-folder", Input).value = str(tmp_path)
        dialog.query_one("#export-recipient", Input).value = "Highbury Corner YC"
        await pilot.press("ctrl+s")  # no password yet: refused
        await pilot.pause()
        assert "password" in str(dialog.query_one("#export-msg", Static).render())
        dialog.query_one("#export-password", Input).value = PASSWORD
        dialog.query_one("#export-password2", Input).value = PASSWORD
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not dialog
    sealed = sorted(p.name for p in tmp_path.iterdir())
    assert sealed == ["bail-proposal-YJ-0001-2026-11-23.docx.yjx", "bail-proposal-YJ-0001-2026-11-23.txt.yjx"]
    assert read_encrypted(tmp_path / sealed[1], PASSWORD).startswith(b"Community Package Bail Proposal")
    detail = [a for a in store.audit_entries(child.id) if a.action == "disclose"][-1].detail
    assert "(encrypted)" in detail and PASSWORD not in detail


async def test_settings_switches_encryption_by_default(store, make_app):
    from yjtui.casework.export.document import ENCRYPT_SETTING
    from yjtui.screens.settings import SettingsScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(SettingsScreen())
        await pilot.pause()
        box = app.screen.query_one("#export-encrypt", Checkbox)
        assert box.value is False
        box.value = True
        await pilot.pause()
    assert store.get_setting(ENCRYPT_SETTING) == "yes"


# --- issue 23: the transfer request a receiving YOT needs, and a Word file marked, with its checklist a table ------

def test_transfer_request_states_what_was_recorded_and_what_the_receiving_yot_needs(store, tmp_path):
    """Before: no move date, address or officer's contacts, nothing of the order's court, dates, requirements or
    offences (checklist L24794 'court order', L24801 outstanding matters); the checklist was space-padded text in
    Word, with no header, footer or protective marking (seed 002 L17973)."""
    from yjtui.casework import moves
    from yjtui.store import Plan

    child = store.add(Child(given_name="Frankie", family_name="Example", date_of_birth=date(2010, 5, 2)))
    store.add(Plan(child_id=child.id, data=json.dumps({"order": {"type": "yro", "made": "2026-09-01", "months": 12},
                                                       "requirements": [{"id": "unpaid-work", "hours": 40}]})))
    store.add(Hearing(child_id=child.id, court="Northshire Youth Court", at=datetime(2026, 9, 1, 10, 0),
                      charges=json.dumps([{"offence": "Theft from a shop"}]), outcome="YRO 12 months"))
    data = {"situation": "transfer", "started_on": "2026-11-20", "new_address": "1 New Road, Southvale",
            "officer_contact": "01234 567890, sam.officer@example.gov.uk", "checklist": {"assetplus": "yes"}}
    doc = moves_export.document(moves.TRANSFER, child, data, {}, author="Sam Officer", today=TODAY,
                                on_record=moves.order_on_record(store, child))
    text = doc.as_text()
    assert "Caretaking agreed / move date: 20/11/2026" in text
    assert "The child's new address: 1 New Road, Southvale" in text
    assert "Supervising officer's contacts: 01234 567890, sam.officer@example.gov.uk" in text
    assert "made 01/09/2026, 12 months" in text and "40 hours" in text
    assert "Hearing: Northshire Youth Court, 01/09/2026; offences: Theft from a shop; outcome: YRO 12 months" in text
    assert "Receiving YOT's decision (within two working days): (not recorded)" in text
    assert "The court transferred the order: (not recorded)" in text
    assert text.rstrip().endswith(document.MARKING)
    path = tmp_path / "t.docx"
    path.write_bytes(doc.as_docx())
    word = docx.Document(str(path))
    assert len(word.tables) == 1 and word.tables[0].rows[0].cells[0].text == "Sent"
    assert [c.text for c in word.tables[0].rows[1].cells] == ["Yes", "Last completed AssetPlus Stage"]
    assert document.MARKING in word.sections[0].header.paragraphs[0].text
    assert document.MARKING in word.sections[0].footer.paragraphs[0].text
    assert not any("Last completed AssetPlus Stage" in p.text for p in word.paragraphs)  # not padded text


def test_exploitation_export_holds_the_nrm_reference_its_dates_and_the_panels_attendees():
    """Issue 23: the screening export left out what the NRM and Panel forms record: the NRM reference, children's
    services contacted ('immediately', seed 002 L2030), the ICTG referral (L14289), the Panel's attendees."""
    from yjtui.store import CaseRecord

    child = Child(id=1, given_name="Robin", family_name="Example", date_of_birth=date(2010, 1, 1))
    record = CaseRecord(id=1, child_id=1, kind="exploitation_screening", data="{}")
    nrm = {"referred_on": "2026-11-02", "reference": "NRM-0001", "referred_by": "Sam Officer, case manager",
           "childrens_services_on": "2026-11-02", "ictg_on": "2026-11-04"}
    rmp = {"panel_on": "2026-11-10", "attendees": "YJS manager; police; children's services"}
    text = exploitation_screening.build(child, record, nrm=nrm, rmp=rmp, today=TODAY).as_text()
    assert "NRM reference number: NRM-0001" in text and "Referred by: Sam Officer, case manager" in text
    assert "Children's services contacted on: 02/11/2026" in text
    assert "Independent Child Trafficking Guardian referral made on: 04/11/2026" in text
    assert "Attendees: YJS manager; police; children's services" in text
