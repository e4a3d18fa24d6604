"""Every workflow screen at 80x24 (a court laptop's small terminal) and 200x60: SVG snapshots, no table column cut,
no finding shown twice.

The store is the demo's (fixed seed, fixed date), built once and copied per test. Snapshots are taken with cursor
blink and animation off. Update with `pytest tests/test_layout_snapshots.py --snapshot-update`, then look at the
SVGs before committing.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from datetime import date

import pytest

from tests.waits import until, workers_done

SIZES = {"80x24": (80, 24), "200x60": (200, 60)}
TODAY = date(2026, 11, 23)
CHILD = "Kit Example"  # high RoSH, looked after, overdue deadlines, a plan with an order
# screen -> (open the child first?, keys pressed after)
SCREENS = {
    "case_list": (False, ()),
    "child": (True, ()),
    "risk": (True, ("f2",)),
    "court": (True, ("f3",)),
    "plan": (True, ("f4",)),
    "board": (False, ("f5",)),
    "reference": (False, ("f6", "r", "o", "b", "b")),
}


@pytest.fixture(autouse=True)
def _no_animation(monkeypatch):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture(scope="module")
def demo_store_file(tmp_path_factory):
    from yjtui.casework.demo import fill_demo
    from yjtui.store import Store

    path = tmp_path_factory.mktemp("layout") / "demo.db"
    store = Store(path)
    fill_demo(store, today=TODAY)
    store.close()
    return path


@pytest.fixture
def demo_app(demo_store_file, tmp_path):
    from yjtui.app import YjtuiApp
    from yjtui.store import Store

    path = tmp_path / "store.db"
    shutil.copy(demo_store_file, path)
    store = Store(path)
    yield YjtuiApp(store, today=TODAY)
    store.close()


async def _show(pilot, name: str) -> None:
    app = pilot.app
    open_child, keys = SCREENS[name]
    await pilot.pause()
    if open_child:
        rows, _total = app.store.search(CHILD, limit=1)
        app.open_child(rows[0].id)
        await pilot.pause()
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    if name == "case_list":
        # The next-deadline worker starts after the first paint (once the store is open): wait until it has filled
        # the column, so the snapshot does not depend on how busy the machine is.
        for _ in range(100):
            if app.screen._next:
                break
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
        await pilot.pause()
    from textual.widgets import Input

    for field in app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", SCREENS)
def test_screen_snapshot(snap_compare, demo_app, name, size):
    """The screen as drawn, and what the snapshot cannot say by itself: no table column cut (a table wider than
    its view scrolls sideways, hiding columns), no finding shown twice."""
    checked = []

    async def run_before(pilot):
        await _show(pilot, name)
        _check_layout(pilot.app, name, size)
        checked.append(name)

    assert snap_compare(demo_app, terminal_size=SIZES[size], run_before=run_before)
    assert checked == [name]


def _visible_findings(app) -> list[str]:
    """Sentences of visible text long enough to be a finding (the matrices' grids left out)."""
    from textual.widgets import Label, Select, Static

    shown = app.screen._compositor.visible_widgets
    out = []
    for widget in app.screen.query(Static).results():
        if widget not in shown or isinstance(widget, Label) or "matrix" in (widget.id or ""):
            continue
        if (widget.id or "").startswith("cond-"):  # each LASPO condition's own status ("1st set: not yet known")
            continue
        if any(isinstance(a, Select) for a in widget.ancestors):  # a field's value, not a finding
            continue
        for line in re.split(r"(?<=[.!?])\s+|\n", str(widget.render())):
            line = " ".join(line.split())
            if len(line) > 40:
                out.append(line)
    return out


def _check_layout(app, name: str, size: str) -> None:
    from textual.widgets import DataTable

    for table in app.screen.query(DataTable):
        if table.display and table.columns:
            needed = sum(c.get_render_width(table) for c in table.columns.values())
            assert needed <= table.scrollable_content_region.width, (name, size, table.id, "a column is cut")
    repeated = [line for line, n in Counter(_visible_findings(app)).items() if n > 1]
    assert not repeated, (name, size, "shown twice", repeated)


def _cut_widgets(app) -> list[tuple]:
    """Widgets running past their container's right edge or the terminal's (the tab bar and the footer scroll
    sideways by design, as on the court screen)."""
    from textual.widget import Widget
    from textual.widgets import Footer, Tabs

    out = []
    for w in app.screen.query("*"):
        parent = w.parent
        if not isinstance(parent, Widget) or not w.display or not w.region.width:
            continue
        if any(isinstance(a, (Tabs, Footer)) for a in w.ancestors_with_self):
            continue
        if w.region.right > min(parent.region.right, app.size.width):
            out.append((type(w).__name__, w.id, w.region.right, parent.id, parent.region.right))
    return out


async def test_screens_and_forms_after_the_first_seven_fit_80x24(demo_app):
    """Walk finding: the snapshots cover the seven screens of issue 17; the moves, exploitation, out-of-court and
    ISS/DYO screens (fixed 70-column fields in a 47-column form), the plan's item form and the moves export (90 and
    84 columns wide), the exploitation export's title and Settings (twice the terminal's width) ran off the right
    edge at 80x24."""
    from textual.widgets import Static

    from yjtui.screens.offline import OfflineScreen
    from yjtui.screens.settings import SettingsScreen

    app = demo_app
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await pilot.pause()
        rows, _total = app.store.search(CHILD, limit=1)
        app.open_child(rows[0].id)
        await pilot.pause()
        for keys in (("f7",), ("ctrl+e",), ("escape", "f8"), ("ctrl+r",), ("escape", "f9"), ("f10",),
                     ("f4", "ctrl+n")):
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            assert _cut_widgets(app) == [], (keys, type(app.screen).__name__)
            if type(app.screen).__name__ == "ExploitationScreen":  # the 999 line is read whole, never clipped
                banner = app.screen.query_one("#ce-999", Static)
                assert len(str(banner.render())) <= banner.content_size.width * banner.content_size.height
        await pilot.press("escape")
        for screen in (SettingsScreen, OfflineScreen):  # a form alone on its screen: 2fr was twice the width
            app.push_screen(screen())
            await pilot.pause()
            assert _cut_widgets(app) == [], screen.__name__
            app.pop_screen()
            await pilot.pause()


def _screen_text(app) -> str:
    """The terminal's lines as drawn."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def _resize_live(pilot, size: tuple[int, int]) -> None:
    await pilot.resize_terminal(*size)
    await until(pilot, lambda: pilot.app.screen.size == size, f"the screen at {size}")
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()


async def test_case_list_keeps_the_yjs_ref_and_the_due_date_after_a_live_resize_to_80x24(demo_app):
    """Walk finding (issue 23): at 80x24 the case list dropped the YJS reference (a practitioner finds a child by
    it) and showed OVERDUE in place of the due date. Both stay, whole, after 200x60 -> 80x24 (the table was also 4
    columns narrower than the screen: 1fr beside the count's margins)."""
    from textual.widgets import DataTable

    app = demo_app
    async with app.run_test(size=SIZES["200x60"]) as pilot:
        screen = app.screen
        await until(pilot, lambda: screen._next, "the next-deadline column")
        await _resize_live(pilot, SIZES["80x24"])
        await until(pilot, lambda: screen._mode == "narrow" and screen._next, "the narrow columns")
        await workers_done(app)
        await pilot.pause()
        table = screen.query_one("#cases", DataTable)
        assert table.region.width == 80
        _check_layout(app, "case_list", "80x24")
        text = _screen_text(app)
        shown = [row for row in screen._shown.values()][:4]  # the first rows, on screen at 80x24
        assert any(screen._next.get(r.id, "").startswith("OVERDUE") for r in shown)
        for r in shown:
            assert r.yjs_ref and r.yjs_ref in text, (r.yjs_ref, text)
            due = re.search(r"\d\d/\d\d/\d{4}", screen._next.get(r.id, ""))
            if due:
                assert due.group(0) in text, (due.group(0), text)


def _tick_list_lines(box) -> list[tuple[str, object]]:
    """Every line of a tick list as drawn (scrolled or not): its text and the choice its tick box stands for."""
    from textual.widgets._toggle_button import ToggleButton

    from yjtui.screens.tick_list import TICKED, UNTICKED

    box._update_lines()
    out = []
    for y in range(len(box._lines)):
        strip = box.render_line(y - box.scroll_offset.y)
        segments = list(strip)
        has_box = segments[0].text == ToggleButton.BUTTON_LEFT and segments[1].text in (TICKED, UNTICKED)
        out.append((strip.text, segments[1].style.meta.get("option") if has_box else None))
    return out


async def test_out_of_court_factors_are_read_whole_at_80x24_after_a_live_resize(demo_app):
    """Walk finding (issue 23): F9's aggravating and mitigating factors were cut with "…" at the list's width (at 80
    columns after about 30 characters, the longest at 200 too). They wrap, each tick box once, on its own factor's
    first line (Textual's list drew one on every line and took the n-th line for the n-th factor)."""
    from textual.widgets import SelectionList

    app = demo_app
    async with app.run_test(size=SIZES["200x60"]) as pilot:
        rows, _total = app.store.search(CHILD, limit=1)
        app.open_child(rows[0].id)
        await until(pilot, lambda: type(app.screen).__name__ == "ChildScreen", "the child")
        await pilot.press("f9")
        await until(pilot, lambda: type(app.screen).__name__ == "OocdScreen", "the out-of-court screen")
        await _resize_live(pilot, SIZES["80x24"])
        for key in ("aggravating", "mitigating"):
            box = app.screen.query_one(f"#{key}", SelectionList)
            await until(pilot, lambda: box.option_count and box.size.width, f"the {key} factors")
            box.select(box.get_option_at_index(1).value)  # the second factor ticked
            await pilot.pause()
            lines = _tick_list_lines(box)
            first_lines = [i for i, (_text, option) in enumerate(lines) if option is not None]
            assert [lines[i][1] for i in first_lines] == list(range(box.option_count)), key  # one box each
            for n, (text, option) in enumerate(lines):
                assert option is None or box._lines[n] == (option, 0), (key, n, text)
            words = " ".join(" ".join(text[4:].split()) for text, _option in lines)
            for i in range(box.option_count):
                prompt = " ".join(str(box.get_option_at_index(i).prompt).split())
                assert prompt in words, (key, prompt)
            assert "…" not in words
            assert len(lines) > box.option_count  # some factors did wrap at 80 columns


async def test_board_tasks_are_whole_at_80x24_after_a_live_resize(demo_app):
    """Walk finding (issue 23): after 200x60 -> 80x24 the board's columns stayed fitted to the old width (the
    table was still that wide when the screen heard of the new size): the task column ran off the right edge and
    each task lost the rest of its sentence. Now every task on screen reads whole, wrapped in its column."""
    from textual.widgets import DataTable

    app = demo_app
    async with app.run_test(size=SIZES["200x60"]) as pilot:
        await pilot.press("f5")
        await until(pilot, lambda: type(app.screen).__name__ == "BoardScreen" and app.screen.rows, "the board")
        screen = app.screen
        table = screen.query_one("#deadlines", DataTable)
        await _resize_live(pilot, SIZES["80x24"])
        await pilot.pause()  # the refit after the layout
        await pilot.pause()
        _check_layout(app, "board", "80x24")
        widths = [c.get_render_width(table) for c in table.columns.values()]
        task_x = table.region.x + sum(widths[:3])
        lines = _screen_text(app).split("\n")[table.region.y + 1:table.region.bottom]  # under the header row
        groups: list[list[str]] = []
        for line in lines:
            status = line[:widths[0]].strip()
            if status in ("OVERDUE", "due"):
                groups.append([])
            if groups:
                groups[-1].append(line[task_x:].strip(" ▁▂▃▄▅▆▇█▌▐"))
        assert len(groups) >= 4
        for i, group in enumerate(groups[:-1]):  # the last row may run past the table's bottom
            assert " ".join(" ".join(group).split()) == " ".join(screen.rows[i].title.split()), (i, group)


@pytest.mark.parametrize("key", ["f3", "f7"])
async def test_court_and_moves_show_every_tab_at_80x24_after_a_live_resize(demo_app, key):
    """Walk finding (issue 23): the tab bar shared the width with the side panel (3fr of 80 columns), so at 80x24
    the court's Outcome and Proposal and the moves' Transition plan were off its edge. The bar now spans the screen;
    the panel stays beside the tab's content, under the bar, with nothing of either running past the other."""
    from textual.widgets import TabbedContent, TabPane

    app = demo_app
    async with app.run_test(size=SIZES["200x60"]) as pilot:
        rows, _total = app.store.search(CHILD, limit=1)
        app.open_child(rows[0].id)
        await until(pilot, lambda: type(app.screen).__name__ == "ChildScreen", "the child")
        await pilot.press(key)
        await until(pilot, lambda: app.screen.query(TabbedContent), "the workflow's tabs")
        await _resize_live(pilot, SIZES["80x24"])
        tabs = app.screen.query_one(TabbedContent)
        bar = _screen_text(app).split("\n")[tabs.region.y]
        for pane in tabs.query(TabPane):
            assert str(pane._title) in bar, (key, pane._title, bar)
        panel = next(w for w in app.screen.query("#panel, #moves-panel"))
        content = tabs.query_one("ContentSwitcher")
        assert panel.region.x >= content.region.right and panel.region.y >= tabs.region.y + 2, (panel.region,
                                                                                             content.region)
        assert panel.region.right <= 80 and _cut_widgets(app) == []


async def test_a_name_that_fits_the_room_at_120_columns_is_on_one_line(demo_app):
    """Walk finding: at 120x40 "Casey Placeholder" wrapped onto a second line ("Placeholder" alone on a row, read
    as another child) while the table had spare columns: the medium mode's widths were all fixed. The name takes
    the spare room; every demo name is on one row."""
    from textual.widgets import DataTable

    app = demo_app
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await until(pilot, lambda: screen._next, "the next-deadline column")
        await workers_done(app)
        await pilot.pause()
        table = screen.query_one("#cases", DataTable)
        assert screen._mode == "medium"
        longest = max(len(r.name) for r in screen._shown.values())
        assert longest > 16  # the demo has a name longer than the medium mode's name column
        assert all(row.height == 1 for row in table.rows.values())
        text = _screen_text(app)
        assert not re.search(r"(?m)^ Placeholder\s*$", text), text
