"""The header every screen shows never crashes the app when its title is gone before the title is put in.

Textual's own Header puts its title in later, from the app's queue; a screen closed before that ran (the app
leaving right after signing in had pushed the case list) left it querying a title already removed: `NoMatches: No
nodes match 'HeaderTitle' on Header()`, the app's exception (tests/test_lock.py's sign-in test, under load).
"""

from __future__ import annotations

import ast
import asyncio
import time
from datetime import date
from pathlib import Path

from yjtui.screens.case_list import CaseListScreen
from yjtui.screens.header import Header
from yjtui.store import Child

TODAY = date(2026, 11, 23)


async def _until(condition, what: str, seconds: float = 60.0) -> None:
    """Waits on the app's own loop (no pilot: the point is that the app handles no message meanwhile)."""
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, f"waited {seconds} s for {what}"
        await asyncio.sleep(0.01)


async def test_a_screen_closed_before_its_header_shows_the_title_leaves_the_app_running(store):
    from yjtui.app import YjtuiApp

    store.add(Child(given_name="Ash", family_name="Example"))
    app = YjtuiApp(store, today=TODAY)
    seen = {}

    async def open_then_close_at_once() -> None:
        # One message of the app's: the case list is pushed and its header mounts (its title update queued on the
        # app), and the title goes as a closing screen's does, all before the app looks at its queue again.
        screen = CaseListScreen()
        await app.push_screen(screen)
        await _until(lambda: screen.query(Header) and screen.query_one(Header).is_mounted, "the header")
        header = screen.query_one(Header)
        seen["title"] = str(header.query_one("HeaderTitle").render())
        await header.query_one("HeaderTitle").remove()
        app.sub_title = "a change of who is signed in, after the title went"

    async with app.run_test(size=(120, 40)) as pilot:
        app.call_later(open_then_close_at_once)
        await pilot.pause()
        await pilot.pause()
        assert "Case list" in seen["title"]  # the title was in at once, when the header mounted
        assert app.is_running and app._exception is None
        await pilot.press("escape")  # the case list still answers
        assert isinstance(app.screen, CaseListScreen)


def test_every_screen_uses_the_header_that_tolerates_it():
    """A new screen taking Textual's Header would bring the crash back."""
    root = Path(__file__).parent.parent / "yjtui"
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "header.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual")
                    and any(alias.name == "Header" for alias in node.names)):
                offenders.append(str(path.relative_to(root)))
    assert offenders == [], "use yjtui.screens.header.Header"
