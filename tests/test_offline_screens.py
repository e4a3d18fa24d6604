"""The offline copy in the app: taking children runs off the UI thread with a progress bar; on the copy, a sync
from the offline screen (the server's password asked when needed), the banner saying the question it left, and the
question answered on its own screen (reached by clicking the banner, or the palette), its values shown on `v`."""

from __future__ import annotations

import json
import threading

import pytest
from textual.widgets import Input, OptionList, ProgressBar, Static

from tests import postgres
from tests.offline_kit import KEY, PlanDay, as_, db  # noqa: F401 (db: a fixture)
from tests.waits import until
from yjtui.store import Child, Plan, Store, offline

pytestmark = pytest.mark.sqlite_only  # makes its own server database and laptop file
TODAY = __import__("datetime").date(2026, 11, 23)


async def test_taking_children_offline_keeps_the_screen_answering_with_a_progress_bar(db, tmp_path, monkeypatch):
    from yjtui.app import YjtuiApp
    from yjtui.screens.offline import OfflineScreen

    alex = as_(db, "cm_alex")
    alex.add(Child(given_name="Frankie", family_name="Example"))
    release = threading.Event()
    copying = offline._copy_children

    def slow_copy(*args, **kwargs):
        release.wait(5)  # a big caseload over a slow network: held until the test has looked at the screen
        return copying(*args, **kwargs)

    monkeypatch.setattr(offline, "_copy_children", slow_copy)
    app = YjtuiApp(alex, today=TODAY)
    copy = tmp_path / "laptop.db"
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_offline()
        await until(pilot, lambda: isinstance(app.screen, OfflineScreen) and app.screen.query("#children"),
                    "the offline screen")
        screen = app.screen
        screen.query_one("#children").select_all()
        screen.query_one("#path", Input).value = str(copy)
        screen.query_one("#key", Input).value = KEY
        screen.query_one("#key2", Input).value = KEY
        await pilot.press("ctrl+t")
        bar = screen.query_one("#offline-progress", ProgressBar)
        await until(pilot, lambda: bar.has_class("-running") and bar.display, "the progress bar")  # while copying
        await pilot.press("escape")  # the screen still answers: leaving waits for the copy
        await pilot.pause()
        assert app.screen is screen and not release.is_set()
        release.set()
        await until(pilot, lambda: "Took 1 child(ren)" in str(screen.query_one("#offline-msg", Static).render()),
                    "the copy taken")
        assert not bar.has_class("-running")
    assert offline.open_copy(copy, KEY).close() is None
    alex.close()


async def test_sync_in_the_app_then_the_banner_opens_the_question_and_it_is_answered(db, tmp_path):
    from yjtui.app import YjtuiApp
    from yjtui.screens.offline import OfflineScreen
    from yjtui.screens.offline_questions import OfflineQuestionsScreen

    day = PlanDay(db, tmp_path)
    day.laptop_edits(months=(18,))
    day.server_edits(months=24).close()
    app = YjtuiApp(day.laptop, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        assert app.sub_title.startswith("OFFLINE COPY for cm_alex")
        assert "Offline questions" in [name for name, _a, _h in app.palette_commands()]
        app.open_offline()
        await until(pilot, lambda: isinstance(app.screen, OfflineScreen) and app.screen.query("#key"),
                    "the offline screen")
        screen = app.screen
        screen.query_one("#key", Input).value = KEY
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.query_one("#password", Input).display, "the server's password asked")
        screen.query_one("#key", Input).value = KEY
        screen.query_one("#password", Input).value = postgres.PASSWORD
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Synced" in str(screen.query_one("#offline-msg", Static).render()), "the sync")
        await until(pilot, lambda: "1 question to answer" in app.sub_title, f"the banner ({app.sub_title})")
        report = str(screen.query_one("#offline-report", Static).render())
        # The question names the entry, not its values (24 and the server's): the values wait for v. The first
        # line is left out: the copy's time and the server's address there may hold "24" (it did at 20:12:31).
        assert "intervention plan: Order length (months)" in report and "24" not in report.split("\n", 1)[1]
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, OfflineScreen), "back from the offline screen")
        await pilot.click("Header", offset=(70, 0))  # the banner (its left end is the palette icon)
        await until(pilot, lambda: isinstance(app.screen, OfflineQuestionsScreen), "the questions screen")
        questions = app.screen
        await until(pilot, lambda: questions.query_one("#questions", OptionList).option_count == 1, "the question")
        assert str(questions.query_one("#question-values", Static).render()) == ""  # values only when asked
        await pilot.press("v")
        await until(pilot, lambda: "was 12 / this laptop 18 / the server 24" in str(
            questions.query_one("#question-values", Static).render()), "the question's values")
        await pilot.press("l")
        await until(pilot, lambda: questions.query_one("#server-password", Input).has_class("-asked"),
                    "the server's password asked")
        questions.query_one("#server-password", Input).value = postgres.PASSWORD
        await pilot.press("enter")
        await until(pilot, lambda: questions.query_one("#questions", OptionList).option_count == 0, "the answer")
    assert day.server_plan()["order"]["months"] == 18
    assert day.server_event_day().isoformat() == day.server_plan()["order"]["made"] == "2026-12-03"
    laptop = Store(day.copy, key=KEY)
    assert offline.questions(laptop) == [] and json.loads(laptop.get(Plan, day.plan.id).data)["order"]["months"] == 18
    laptop.close()
    day.close()
