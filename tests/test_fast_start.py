"""The fast start: the case list is drawn from a plain SQLite read before the ORM loads, then the full store takes
over in the background. Only a plain store at the newest revision goes this way; everything else opens as before."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date, datetime

import pytest
from textual.widgets import DataTable

from tests.waits import until, workers_done
from yjtui.casework.demo import fill_demo
from yjtui.screens.child import ChildScreen
from yjtui.store import HEAD, Assessment, Child, Store
from yjtui.store.case_reader import DeferredStore, newest_revision, open_deferred

TODAY = date(2026, 11, 23)


@pytest.fixture
def demo_path(tmp_path):
    path = tmp_path / "demo.db"
    s = Store(path)
    fill_demo(s, today=TODAY)
    s.close()
    return path


def test_newest_revision_is_the_stores_head():
    assert newest_revision() == HEAD


def test_plain_current_store_opens_deferred_and_answers_as_the_store_does(demo_path):
    full = Store(demo_path)
    fast = open_deferred(demo_path)
    try:
        assert isinstance(fast, DeferredStore) and fast._full is None
        for query in ["", "ex", "ash ex", "14/03", "demo-", "zz"]:
            assert fast.search(query, limit=40) == full.search(query, limit=40), query
        ids = [r.id for r in full.search("", limit=40)[0]]
        assert fast.latest_levels(ids) == full.latest_levels(ids) and any(fast.latest_levels(ids).values())
        full.set_setting("lock_idle_minutes", "7")
        assert fast.get_setting("lock_idle_minutes") == "7" and fast.get_setting("nothing", "x") == "x"
        assert fast._full is None  # none of that needed the ORM
    finally:
        fast.close()
        full.close()


@pytest.mark.parametrize("case", ["missing", "empty", "older revision", "not a store", "encrypted", "url"])
def test_anything_else_takes_the_full_open(tmp_path, fixtures_dir, case):
    path = tmp_path / "s.db"
    if case == "empty":
        path.touch()
    elif case == "older revision":  # its migration (and the backup before it) must come first
        shutil.copy(fixtures_dir / "store_rev0001.db", path)
    elif case == "not a store":
        path.write_text("hello")
    elif case == "encrypted":  # the passphrase prompt comes first
        Store(path, key="correct horse battery").close()
    target = "postgresql://yjtui@localhost/yjtui" if case == "url" else path
    assert open_deferred(target) is None


def test_yjtui_db_in_the_environment_is_followed(demo_path, monkeypatch):
    monkeypatch.setenv("YJTUI_DB", str(demo_path))
    fast = open_deferred(None)
    assert fast is not None and fast.path == demo_path
    fast.close()
    monkeypatch.setenv("YJTUI_DB", "postgresql://yjtui@localhost/yjtui")
    assert open_deferred(None) is None


def test_writes_and_everything_else_go_to_the_full_store(demo_path):
    fast = open_deferred(demo_path)
    try:
        assert fast.search("", limit=5)[1] == 25  # the index is built from the plain read
        child = fast.add(Child(given_name="Frankie", family_name="Newcomer"))  # waits for the full store
        assert fast._full is not None and fast._full._index is fast._index  # the index was handed over
        rows, total = fast.search("newcomer")
        assert total == 1 and rows[0].id == child.id
        assert fast.open_child(child.id).given_name == "Frankie"
        assert [e.action for e in fast.audit_entries(child.id)] == ["collect", "consult"]
        assert fast.verify_audit()[0]
    finally:
        fast.close()


def test_the_full_open_keeps_the_fast_readers_lock_so_another_process_leaves_the_wal(demo_path):
    """Walk finding: opening the full store read the file's header with open()/close() while the fast reader's
    SQLite connection was open. Closing any descriptor of a file drops every POSIX lock the process holds on it,
    so the next process to open and close the store (a second copy, `yjtui audit verify`) took it for the last
    one, checkpointed and deleted the WAL under the running app: its later changes went to a deleted file."""
    fast = open_deferred(demo_path)
    try:
        fast.full()
        wal = demo_path.with_name(demo_path.name + "-wal")
        assert wal.exists()
        subprocess.run([sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                        "c.execute('SELECT count(*) FROM child').fetchall(); c.close()", str(demo_path)],
                       check=True, timeout=60)
        assert wal.exists()
        fast.set_setting("practitioner", "Sam Example")
        seen = subprocess.run([sys.executable, "-c", "import sqlite3, sys; print(sqlite3.connect(sys.argv[1])"
                               ".execute(\"SELECT value FROM setting WHERE key = 'practitioner'\").fetchone())",
                               str(demo_path)], check=True, timeout=60, capture_output=True, text=True).stdout
        assert "Sam Example" in seen
    finally:
        fast.close()


def test_first_paint_imports_neither_the_orm_nor_the_rules(demo_path):
    code = ("import sys, yjtui.cli, yjtui.app\n"
            "from yjtui.store.case_reader import open_deferred\n"
            f"s = open_deferred({str(demo_path)!r}); assert s is not None\n"
            "assert yjtui.cli.check_reference_data() is None\n"
            "s.search('', 40); s.latest_levels([1, 2]); s.get_setting('lock_pin')\n"
            "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'alembic', 'yjtui.rules.engine', 'yjtui.rules.risk', 'yjtui.store.store') "
            "if m in sys.modules]\n"
            "print(','.join(heavy))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""



async def test_case_list_drawn_first_then_the_store_opens_and_a_child_opens_audited(demo_path):
    from yjtui.app import YjtuiApp

    fast = open_deferred(demo_path)
    app = YjtuiApp(fast, today=TODAY)
    seen = []
    next_deadlines = app.next_deadlines

    def in_worker(ids):  # the worker starts only once the UI thread has opened the store (no racing imports)
        seen.append(fast._full is not None)
        return next_deadlines(ids)

    app.next_deadlines = in_worker
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            table = app.screen.query_one("#cases", DataTable)
            assert table.row_count == 25
            await pilot.pause()
            assert fast._full is not None  # opened just after the first paint
            # Waits for the column itself (not for every worker: one replaced by a newer one counts as cancelled).
            await until(pilot, lambda: any(str(table.get_row_at(i)[-1]) for i in range(table.row_count)),
                         "the next-deadline column to be filled in")
            assert seen and all(seen)
            await pilot.press("slash", *"example", "enter")
            await pilot.pause()
            assert isinstance(app.screen, ChildScreen)
            child_id = app.screen.child.id
    finally:
        fast.close()
    reopened = Store(demo_path)
    assert reopened.audit_entries(child_id)[-1].action == "consult"
    reopened.close()


async def test_case_list_drawn_once_at_start_and_again_only_when_the_width_changes_its_columns(demo_path,
                                                                                                  monkeypatch):
    """The first layout's resize redrew every row and started a second next-deadline worker, cancelling the first:
    twice the work at start, and a cancelled worker made `workers.wait_for_complete()` fail at random."""
    from yjtui.app import YjtuiApp
    from yjtui.screens.case_list import CaseListScreen

    drawn = []
    refresh_rows = CaseListScreen.refresh_rows
    monkeypatch.setattr(CaseListScreen, "refresh_rows", lambda self: (drawn.append(1), refresh_rows(self)))
    store = Store(demo_path)
    app = YjtuiApp(store, today=TODAY)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            table = app.screen.query_one("#cases", DataTable)
            await until(pilot, lambda: any(str(table.get_row_at(i)[-1]) for i in range(table.row_count)),
                         "the next-deadline column to be filled in")
            await app.workers.wait_for_complete()  # none cancelled
            assert len(drawn) == 1
            assert [str(c.label) for c in table.columns.values()][3] == "Looked after"
            await pilot.resize_terminal(80, 24)  # a court laptop's small terminal: the narrow columns
            await until(pilot, lambda: len(drawn) == 2, "the rows drawn for the new width")
            assert "Looked after" not in [str(c.label) for c in table.columns.values()]
            assert table.row_count == 25
    finally:
        store.close()


def test_the_command_takes_the_fast_way_only_for_a_current_plain_store(demo_path, tmp_path, monkeypatch):
    import gc

    import yjtui.app
    import yjtui.cli

    seen = []
    monkeypatch.setattr(yjtui.app.YjtuiApp, "run", lambda self, **kw: seen.append((self.store, gc.isenabled())))
    assert yjtui.cli.main(["--db", str(demo_path)]) == 0
    assert yjtui.cli.main(["--db", str(tmp_path / "new.db")]) == 0
    (fast, collecting_fast), (full, collecting_full) = seen
    assert isinstance(fast, DeferredStore) and isinstance(full, Store)
    # Collection is paused while starting (the first paint resumes it) and always back on afterwards.
    assert not collecting_fast and not collecting_full and gc.isenabled()
    monkeypatch.setattr(yjtui.cli, "check_reference_data", lambda: "yjtui: reference data is malformed: x")
    assert yjtui.cli.main(["--db", str(demo_path)]) == 2 and gc.isenabled()


def test_reference_data_is_checked_again_only_when_a_file_changes(tmp_path, monkeypatch):
    import json

    from yjtui import cli
    from yjtui.reference import loader

    data = tmp_path / "data"
    shutil.copytree(loader.data_dir(), data)
    monkeypatch.setattr(loader, "data_dir", lambda: data)
    assert cli.check_reference_data() is None  # read, checked, and its fingerprint kept
    real, reads = loader.load_all, []
    monkeypatch.setattr(loader, "load_all", lambda *a: reads.append(a) or real(*a))
    assert cli.check_reference_data() is None and reads == []  # the same files: not read again
    doc = json.loads((data / "glossary.json").read_text())
    del doc["entries"][3]["citation"]
    (data / "glossary.json").write_text(json.dumps(doc))
    loader.clear_cache()  # this process read the good file already
    message = cli.check_reference_data()
    assert reads and message and "glossary.json" in message and "entry 3" in message and "citation" in message
    assert cli.check_reference_data() == message  # a malformed set is never remembered as good
