"""Tests never touch the user's own store or folders: data and config directories come from tmp paths."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("YJTUI_DB", raising=False)
    return home


# The store fixture runs a test on the local SQLite file and, for the tests marked `both_engines`, also on a team
# server (PostgreSQL, a fresh database per test: tests/postgres.py). Running every Pilot walk twice would cost
# about 3 minutes more than the suite's budget allows, so the store-level tests (test_store, test_board), the
# two-copies conflict walk and a few walks that save through the store (new child, audit trail, lock PIN, SWB draft)
# are marked; tests/test_team_server.py, test_offline_sync.py and test_team_cli.py run on the server only. YJTUI_TEST_ENGINES=all runs every store test on both; =sqlite none on the
# server. A test about the file itself (paths, encryption, snapshots named after the test) is `sqlite_only`.
ENGINES = os.environ.get("YJTUI_TEST_ENGINES", "marked")


def pytest_configure(config):
    config.addinivalue_line("markers", "both_engines: run the test on SQLite and on a PostgreSQL team server")
    config.addinivalue_line("markers", "sqlite_only: the test is about the local store file; never on a server")


def pytest_generate_tests(metafunc):
    if "store_engine" not in metafunc.fixturenames:
        return
    marked = metafunc.definition.get_closest_marker
    if marked("sqlite_only") or ENGINES == "sqlite" or (ENGINES != "all" and not marked("both_engines")):
        return  # the fixture's default, SQLite; the test keeps its plain name
    metafunc.parametrize("store_engine", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def store_engine(request):
    return getattr(request, "param", "sqlite")  # unparametrised (sqlite_only): the test keeps its plain name


@pytest.fixture
def store_location(store_engine, tmp_path):
    """Where a test's store lives: a file, or a fresh database on the test server (dropped afterwards)."""
    if store_engine == "sqlite":
        yield tmp_path / "store.db"
        return
    from tests import postgres

    name = postgres.fresh_database()
    yield postgres.url(name)
    postgres.drop_database(name)


@pytest.fixture
def store(store_location):
    from yjtui.store import Store

    s = Store(store_location)
    yield s
    s.close()


@pytest.fixture
def make_app(store):
    from yjtui.app import YjtuiApp

    def make(**kw):
        return YjtuiApp(kw.pop("store", store), today=kw.pop("today", TODAY), **kw)

    return make


@pytest.fixture
def fixtures_dir() -> Path:
    return Path(__file__).parent / "fixtures"


def pytest_collection_modifyitems(items):
    """The app walks first (Pilot tests, the hostile-input and tmux runs), so that with several xdist workers
    (pyproject addopts) the longest tests start at once instead of being the last to finish. Order only: every
    test is independent of the others."""
    import inspect

    def walk(item) -> bool:
        module = getattr(item, "module", None)
        return (inspect.iscoroutinefunction(getattr(item, "function", None))
                or getattr(module, "__name__", "").rsplit(".", 1)[-1] in ("test_hostile_input", "test_crash_tmux")
                or "snap_compare" in getattr(item, "fixturenames", ()))

    def first(item) -> bool:  # the one-folder build: a minute or more of one worker's time, not to be the tail
        return getattr(getattr(item, "module", None), "__name__", "").endswith("test_onefolder_build")

    items.sort(key=lambda item: (not first(item), not walk(item)))  # stable: file order kept within each group
