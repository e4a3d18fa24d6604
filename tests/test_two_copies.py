"""Two copies of yjtui open on one store: a save against a record changed elsewhere is never silent. On a team
server the two copies are two users' laptops (two logins), with the same keep mine / take theirs dialog."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, Static

from yjtui.app import YjtuiApp
from yjtui.screens.case_list import CaseListScreen
from yjtui.screens.child import ChildScreen
from yjtui.screens.conflict import ConflictScreen
from yjtui.store import Child, Store

TODAY = date(2026, 11, 23)
pytestmark = pytest.mark.both_engines


async def _edit(pilot, app, field: str, text: str) -> None:
    box = app.screen.query_one(f"#{field}", Input)
    box.focus()
    await pilot.press("end", *text, "tab")
    await pilot.pause()


def _copies(where):
    """Two copies of the app: on a file, two processes' stores; on a server, a case manager and a manager."""
    if isinstance(where, str):
        from tests import postgres

        from urllib.parse import urlsplit

        db = urlsplit(where).path.lstrip("/")
        return (Store(postgres.url(db, "cm_alex", postgres.PASSWORD)),
                Store(postgres.url(db, "mgr_bo", postgres.PASSWORD)))
    return Store(where), Store(where)


async def _two_copies_conflict(store_location, answer: str):
    setup = Store(store_location)
    child = setup.add(Child(given_name="Ash", family_name="Example"))
    store_a, store_b = _copies(store_location)
    a, b = YjtuiApp(store_a, today=TODAY), YjtuiApp(store_b, today=TODAY)
    async with a.run_test(size=(120, 40)) as pa, b.run_test(size=(120, 40)) as pb:
        # Open the child by keys in each copy (enter on the case list), as a user does; each screen then lives
        # in its own app (Textual resolves `self.app` from the context a widget was mounted in).
        await pa.press("enter")
        if not isinstance(b.screen, CaseListScreen):  # a manager starts on the deadline board: back to the list
            await pb.press("escape")
        await pb.press("enter")
        await pa.pause()
        await pb.pause()
        assert isinstance(a.screen, ChildScreen) and isinstance(b.screen, ChildScreen)
        await _edit(pb, b, "family_name", "-Sample")  # copy B saves first
        assert setup.get(Child, child.id).family_name == "Example-Sample"
        await _edit(pa, a, "given_name", "ley")  # copy A still holds the old version
        assert isinstance(a.screen, ConflictScreen)
        text = str(a.screen.query_one("#conflict-text", Static).render())
        assert "Family name: Example → Example-Sample" in text
        assert "You were saving Given name: Ashley" in text
        await pa.press(answer)
        await pa.pause()
        assert isinstance(a.screen, ChildScreen)
        shown = {f: a.screen.query_one(f"#{f}", Input).value for f in ("given_name", "family_name")}
        return setup.get(Child, child.id), shown


async def test_keep_mine_saves_mine_and_keeps_their_other_change(store_location):
    saved, shown = await _two_copies_conflict(store_location, "k")
    assert (saved.given_name, saved.family_name) == ("Ashley", "Example-Sample")
    assert shown == {"given_name": "Ashley", "family_name": "Example-Sample"}


async def test_take_theirs_discards_mine_and_shows_theirs(store_location):
    saved, shown = await _two_copies_conflict(store_location, "t")
    assert (saved.given_name, saved.family_name) == ("Ash", "Example-Sample")
    assert shown == {"given_name": "Ash", "family_name": "Example-Sample"}


async def test_nothing_saves_while_the_conflict_question_is_open(tmp_path):
    """Seen under load on the team server: the conflict dialog took the focus, the field's blur saved what was typed
    against the version just read, and 'take theirs' then found the user's text already saved."""
    path = tmp_path / "one.db"
    setup = Store(path)
    child = setup.add(Child(given_name="Ash", family_name="Example"))
    a = YjtuiApp(Store(path), today=TODAY)
    async with a.run_test(size=(120, 40)) as pa:
        await pa.press("enter")
        await pa.pause()
        setup.update(setup.get(Child, child.id), "family_name", "Example-Sample")  # the other copy saves first
        screen = a.screen
        box = screen.query_one("#given_name", Input)
        box.value = "Ashl"
        screen._save_text("given_name")  # the save timer fires mid-word: conflict, the question opens
        await pa.pause()
        assert isinstance(a.screen, ConflictScreen)
        box.value = "Ashley"  # the rest of the word, then the field loses focus (a blur saves)
        screen._save_text("given_name")
        assert setup.get(Child, child.id).given_name == "Ash"  # nothing saved while the question is open
        await pa.press("t")
        await pa.pause()
        assert setup.get(Child, child.id).given_name == "Ash"
        assert a.screen.query_one("#given_name", Input).value == "Ash"
