"""Tests never touch the user's own store or folders: data and config directories come from tmp paths."""

from __future__ import annotations

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


@pytest.fixture
def store(tmp_path):
    from yjtui.store import Store

    s = Store(tmp_path / "store.db")
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

    items.sort(key=lambda item: not walk(item))  # stable: file order kept within each group
