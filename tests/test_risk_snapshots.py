"""SVG snapshots of the risk screen's matrices: fixed data, fixed date, fixed size, no cursor blink or animation.

Update with `pytest tests/test_risk_snapshots.py --snapshot-update`, then look at the SVGs before committing.
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from yjtui.store import Assessment, Child

pytestmark = pytest.mark.sqlite_only  # snapshots are named after the test; the server run is in the other tests

SIZE = (120, 40)
TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _no_animation(monkeypatch):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


def _app(store):
    from yjtui.app import YjtuiApp

    store.set_setting("practitioner", "Sam Practitioner")
    store.set_local_packs(["enfield"])
    c = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2010, 3, 14)))
    behaviours = [
        {"description": "Knife assault on a rival group", "at_risk": "Known peers", "setting": "community",
         "likelihood": "likely", "impact": "major", "imminence": "any time"},
        {"description": "Shoplifting", "at_risk": "Retail staff", "setting": "community", "likelihood": "very_likely",
         "impact": "minor"},
        {"description": "Assault on staff", "at_risk": "YOI staff", "setting": "custody", "likelihood": "possible",
         "impact": "critical", "imminence": "not imminent"},
    ]
    store.add(Assessment(child_id=c.id, kind="rosh", data=json.dumps({"behaviours": behaviours, "evidence": ""}),
                         final="high", suggested="high-high", status="draft"))
    outcomes = [  # the Enfield worked example, seed 002 L640-681
        {"description": "Homelessness", "setting": "community", "likelihood": "possible", "impact": "medium"},
        {"description": "Neglect", "setting": "community", "likelihood": "very_likely", "impact": "medium"},
        {"description": "Physical Abuse", "setting": "community", "likelihood": "likely", "impact": "major"},
    ]
    store.add(Assessment(child_id=c.id, kind="swb", data=json.dumps(
        {"concerns": True, "outcomes": outcomes, "risk_factors": [], "evidence": ""}), final="high",
        status="complete", author="Sam Practitioner", completed_at=datetime(2026, 11, 20, 10, 0)))
    app = YjtuiApp(store, today=TODAY)
    app.cursor_blink = False  # no effect on Input, but kept for any widget reading the app's setting
    return app, c


async def _open(pilot, app, child_id, *keys):
    app.open_child(child_id)
    await pilot.pause()
    await pilot.press("f2")
    await pilot.pause()
    for inp in app.screen.query("Input"):
        inp.cursor_blink = False
    await pilot.press(*keys)
    await pilot.pause()
    app.screen.set_focus(None)
    await pilot.pause()


def test_rosh_matrices(snap_compare, store):
    app, c = _app(store)

    async def run_before(pilot):
        await _open(pilot, app, c.id)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_swb_worked_example_matrix(snap_compare, store):
    app, c = _app(store)

    async def run_before(pilot):
        await _open(pilot, app, c.id, "ctrl+g")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
