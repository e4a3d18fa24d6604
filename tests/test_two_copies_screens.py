"""Two copies of yjtui on one store, on the workflow screens (issue 16): what each copy changed is kept; where both
changed the same entry the user chooses (keep mine / take theirs), nothing is written over another copy's change
unasked, and nothing saves while the question is open. The court walks also run on a team server (two logins)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from textual.widgets import Input, Static, TabbedContent, TabPane

from tests.test_two_copies import _copies
from yjtui.app import YjtuiApp
from yjtui.casework import police
from yjtui.screens.conflict import ConflictScreen
from yjtui.screens.court import CourtScreen
from yjtui.screens.moves import MovesScreen
from yjtui.screens.oocd import OocdScreen
from yjtui.store import CaseRecord, Child, Hearing, Store

TODAY = date(2026, 11, 23)
SIZE = (120, 40)


async def _open(pilot, app, child_id: int, key: str, screen_type):
    app.open_child(child_id)
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, screen_type), app.screen
    return app.screen


async def _type(pilot, app, field: str, text: str, clear: bool = False) -> None:
    """Type into a field as a user does (its tab brought forward), then enter: saved at once."""
    box = app.screen.query_one(f"#{field}", Input)
    for pane in box.ancestors:
        if isinstance(pane, TabPane):
            app.screen.query_one(TabbedContent).active = pane.id
            await pilot.pause()
    box.focus()
    box.value = text if clear else box.value + text  # as typed (one change: the screen redraws once)
    await pilot.press("enter")
    await pilot.pause()


def _question(app) -> str:
    assert isinstance(app.screen, ConflictScreen), app.screen
    return str(app.screen.query_one("#conflict-text", Static).render())


# --- the court screen (F3): the hearing's entries ------------------------------------------------------------------

def _hearing(store_location):
    setup = Store(store_location)
    child = setup.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2011, 3, 14)))
    hearing = setup.add(Hearing(child_id=child.id, court="Highbury Corner", at=datetime(2026, 11, 23, 10, 0),
                                data=json.dumps({"time": "10:00"})))
    return setup, child, hearing


def _saved(setup, hearing_id):
    h = setup.get(Hearing, hearing_id)
    return json.loads(h.data), json.loads(h.charges or "[]")


async def _two_courts(store_location):
    setup, child, hearing = _hearing(store_location)
    store_a, store_b = _copies(store_location)
    a, b = YjtuiApp(store_a, today=TODAY), YjtuiApp(store_b, today=TODAY)
    return setup, child, hearing, a, b


async def test_court_different_entries_in_each_copy_are_both_kept_without_a_question(store_location):
    setup, child, hearing, a, b = await _two_courts(store_location)
    async with a.run_test(size=SIZE) as pa, b.run_test(size=SIZE) as pb:
        court_a = await _open(pa, a, child.id, "f3", CourtScreen)
        court_b = await _open(pb, b, child.id, "f3", CourtScreen)
        assert court_a.hearing.id == court_b.hearing.id == hearing.id
        # Copy B: the home YJS and a charge.
        await _type(pb, b, "d-home_yjs", "Northshire YJS")
        await pb.press("ctrl+g")
        await pb.pause()
        await _type(pb, b, "c0-offence", "Theft")
        data, charges = _saved(setup, hearing.id)
        assert data["home_yjs"] == "Northshire YJS" and charges[0]["offence"] == "Theft"
        # Copy A, still on the version it read: the evidence for two of the LASPO conditions.
        await _type(pa, a, "d-evidence-sentencing", "CPS indicates custody")
        assert isinstance(a.screen, CourtScreen)  # no question: nobody changed the same entry
        await _type(pa, a, "d-evidence-necessity", "Risk to the public")
        data, charges = _saved(setup, hearing.id)
        assert data["home_yjs"] == "Northshire YJS" and charges[0]["offence"] == "Theft"
        assert data["evidence"] == {"sentencing": "CPS indicates custody", "necessity": "Risk to the public"}
        # Copy A now shows B's entries too, and saves nothing more for showing them.
        assert court_a.query_one("#d-home_yjs", Input).value == "Northshire YJS"
        assert court_a.query_one("#c0-offence", Input).value == "Theft"
        assert court_a.data["home_yjs"] == "Northshire YJS" and court_a.charges[0]["offence"] == "Theft"
        version = setup.get(Hearing, hearing.id).version
        court_a.flush()
        await pa.pause(0.5)
        assert setup.get(Hearing, hearing.id).version == version


async def test_two_copies_starting_a_new_hearing_work_on_one_and_keep_both_entries(store_location):
    """The hearing is made with the first change, not on opening (issue 23): a copy that opened the court screen
    before the other made the day's hearing takes that one up, its entries merged, never a second hearing."""
    setup = Store(store_location)
    child = setup.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2011, 3, 14)))
    store_a, store_b = _copies(store_location)
    a, b = YjtuiApp(store_a, today=TODAY), YjtuiApp(store_b, today=TODAY)
    async with a.run_test(size=SIZE) as pa, b.run_test(size=SIZE) as pb:
        court_a = await _open(pa, a, child.id, "f3", CourtScreen)
        court_b = await _open(pb, b, child.id, "f3", CourtScreen)
        assert court_a.hearing.id is None and court_b.hearing.id is None
        await _type(pb, b, "d-home_yjs", "Northshire YJS")
        await _type(pa, a, "d-evidence-sentencing", "CPS indicates custody")
        [hearing] = setup.records(Hearing, child.id)
        assert court_a.hearing.id == court_b.hearing.id == hearing.id
        data, _charges = _saved(setup, hearing.id)
        assert data["home_yjs"] == "Northshire YJS" and data["evidence"] == {"sentencing": "CPS indicates custody"}


@pytest.mark.both_engines
async def test_court_same_entry_asks_take_theirs_then_keep_mine_nothing_saved_meanwhile(store_location):
    setup, child, hearing, a, b = await _two_courts(store_location)
    async with a.run_test(size=SIZE) as pa, b.run_test(size=SIZE) as pb:
        court_a = await _open(pa, a, child.id, "f3", CourtScreen)
        await _open(pb, b, child.id, "f3", CourtScreen)
        await _type(pa, a, "d-evidence-sentencing", "CPS indicates custody")  # A's own: kept either way
        await _type(pb, b, "d-home_yjs", "Northshire YJS")  # B, on the version it read: merged with A's
        await _type(pb, b, "d-evidence-necessity", "Risk to the public")
        assert isinstance(b.screen, CourtScreen)
        await _type(pa, a, "d-home_yjs", "Southshire YJS")  # the same entry B changed
        text = _question(a)
        assert "Home YJS, if the child is from another area" in text
        assert "theirs: Northshire YJS" in text and "yours:  Southshire YJS" in text
        assert "evidence" not in text  # only what both changed is asked about
        # Nothing saves while the question is open: more typing, the timer, leaving the screen.
        court_a.data["home_yjs"] = "Southshire YJS, Leeds"
        court_a.touch("hearing")
        court_a.flush()
        await pa.pause(0.5)
        assert isinstance(a.screen, ConflictScreen)
        data, _charges = _saved(setup, hearing.id)
        assert data["home_yjs"] == "Northshire YJS"
        assert data["evidence"] == {"sentencing": "CPS indicates custody", "necessity": "Risk to the public"}
        # t: theirs kept and shown (their other entries and A's own stay).
        await pa.press("t")
        await pa.pause()
        assert isinstance(a.screen, CourtScreen)
        data, _charges = _saved(setup, hearing.id)
        assert data["home_yjs"] == "Northshire YJS"
        assert data["evidence"] == {"sentencing": "CPS indicates custody", "necessity": "Risk to the public"}
        assert court_a.query_one("#d-home_yjs", Input).value == court_a.data["home_yjs"] == "Northshire YJS"
        assert court_a.query_one("#d-evidence-necessity", Input).value == "Risk to the public"
        assert "Out of area" in str(court_a.query_one("#h-home-note", Static).render())
        # Again on the court's name (a plain field): k keeps mine.
        await _type(pb, b, "h-court", " Youth Court", )
        await _type(pa, a, "h-court", " YC")
        text = _question(a)
        assert "Court\n" in text and "theirs: Highbury Corner Youth Court" in text
        await pa.press("k")
        await pa.pause()
        assert setup.get(Hearing, hearing.id).court == "Highbury Corner YC"
        assert court_a.query_one("#h-court", Input).value == "Highbury Corner YC"
        assert _saved(setup, hearing.id)[0]["home_yjs"] == "Northshire YJS"


# --- the moves screen (F7): a transfer record ---------------------------------------------------------------------

async def test_moves_merges_different_entries_and_asks_about_the_same_one(tmp_path):
    path = tmp_path / "one.db"
    setup = Store(path)
    child = setup.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2010, 1, 5)))
    record = setup.add(CaseRecord(child_id=child.id, kind="transfer", data=json.dumps({"home_yot": "Northshire"})))
    a, b = YjtuiApp(Store(path), today=TODAY), YjtuiApp(Store(path), today=TODAY)
    async with a.run_test(size=SIZE) as pa, b.run_test(size=SIZE) as pb:
        moves_a = await _open(pa, a, child.id, "f7", MovesScreen)
        await _open(pb, b, child.id, "f7", MovesScreen)
        await _type(pb, b, "t-host_yot", "Southshire")
        await _type(pa, a, "t-supervising_officer", "Sam Example")  # another entry: merged, no question
        assert isinstance(a.screen, MovesScreen)
        saved = json.loads(setup.get(CaseRecord, record.id).data)
        assert (saved["host_yot"], saved["supervising_officer"]) == ("Southshire", "Sam Example")
        assert moves_a.query_one("#t-host_yot", Input).value == "Southshire"
        # The same entry in both: asked, nothing saved meanwhile, theirs taken and shown.
        await _type(pb, b, "t-home_yot", "Northshire YOS", clear=True)
        await _type(pa, a, "t-home_yot", "Northshire Youth Justice", clear=True)
        text = _question(a)
        assert "Home / originating YOT" in text and "theirs: Northshire YOS" in text
        assert "yours:  Northshire Youth Justice" in text and "Host" not in text
        moves_a.data["transfer"]["home_yot"] = "Northshire Youth Justice Service"
        moves_a._touch("transfer")
        moves_a.flush()
        await pa.pause(0.5)
        assert json.loads(setup.get(CaseRecord, record.id).data)["home_yot"] == "Northshire YOS"
        await pa.press("t")
        await pa.pause()
        assert isinstance(a.screen, MovesScreen)
        saved = json.loads(setup.get(CaseRecord, record.id).data)
        assert saved["home_yot"] == "Northshire YOS" and saved["supervising_officer"] == "Sam Example"
        assert moves_a.query_one("#t-home_yot", Input).value == "Northshire YOS"
        assert moves_a.data["transfer"]["home_yot"] == "Northshire YOS"


# --- a RecordScreen (record_form.py): the out-of-court decision (F9) -----------------------------------------------

async def test_oocd_merges_different_entries_and_keep_mine_keeps_their_others(tmp_path):
    path = tmp_path / "one.db"
    setup = Store(path)
    child = setup.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2010, 1, 5)))
    record = setup.add(CaseRecord(child_id=child.id, kind=police.KIND_OOCD, data="{}"))
    a, b = YjtuiApp(Store(path), today=TODAY), YjtuiApp(Store(path), today=TODAY)
    async with a.run_test(size=SIZE) as pa, b.run_test(size=SIZE) as pb:
        oocd_a = await _open(pa, a, child.id, "f9", OocdScreen)
        await _open(pb, b, child.id, "f9", OocdScreen)
        await _type(pb, b, "home_service", "Northshire YJS")
        await _type(pa, a, "rationale", "First offence, admitted")  # another entry: merged, no question
        assert isinstance(a.screen, OocdScreen)
        assert oocd_a.query_one("#home_service", Input).value == "Northshire YJS"
        await _type(pb, b, "previous_formal_oocd", "1")
        await _type(pa, a, "previous_formal_oocd", "2")
        text = _question(a)
        assert "Previous formal out-of-court disposals" in text and "theirs: 1" in text and "yours:  2" in text
        assert "Reasons" not in text
        assert police.data_of(setup.get(CaseRecord, record.id))["previous_formal_oocd"] == 1  # held meanwhile
        await pa.press("k")
        await pa.pause()
        assert isinstance(a.screen, OocdScreen)
        saved = police.data_of(setup.get(CaseRecord, record.id))
        assert saved == {"home_service": "Northshire YJS", "rationale": "First offence, admitted",
                         "previous_formal_oocd": 2}
        assert oocd_a.query_one("#previous_formal_oocd", Input).value == "2"


# --- a RecordForm (exploitation_records.py): the NRM referral (F8) -------------------------------------------------

async def test_exploitation_nrm_merges_different_entries_and_shows_theirs(tmp_path):
    from yjtui.screens.exploitation import ExploitationScreen

    path = tmp_path / "one.db"
    setup = Store(path)
    child = setup.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2010, 1, 5)))
    record = setup.add(CaseRecord(child_id=child.id, kind="nrm", data="{}"))
    a, b = YjtuiApp(Store(path), today=TODAY), YjtuiApp(Store(path), today=TODAY)
    async with a.run_test(size=SIZE) as pa, b.run_test(size=SIZE) as pb:
        screen_a = await _open(pa, a, child.id, "f8", ExploitationScreen)
        await _open(pb, b, child.id, "f8", ExploitationScreen)
        await _type(pb, b, "nrm-reference", "NRM-0001")
        await _type(pa, a, "nrm-referred_by", "Sam Example, case manager")  # merged, no question
        await pa.pause()
        assert isinstance(a.screen, ExploitationScreen)
        saved = json.loads(setup.get(CaseRecord, record.id).data)
        assert (saved["reference"], saved["referred_by"]) == ("NRM-0001", "Sam Example, case manager")
        assert screen_a.query_one("#nrm-reference", Input).value == "NRM-0001"
        await _type(pb, b, "nrm-first_responder", "Northshire Police")
        await _type(pa, a, "nrm-first_responder", "Northshire Council")
        text = _question(a)
        assert "First Responder" in text and "theirs: Northshire Police" in text
        await pa.press("t")
        await pa.pause()
        await pa.pause()
        assert json.loads(setup.get(CaseRecord, record.id).data)["first_responder"] == "Northshire Police"
        assert screen_a.query_one("#nrm-first_responder", Input).value == "Northshire Police"
        assert screen_a.query_one("#nrm-form").data["first_responder"] == "Northshire Police"
