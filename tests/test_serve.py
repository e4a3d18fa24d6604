"""`yjtui serve` without a browser: what it refuses, the command each session runs, exports as one download with
nothing left on the server, and a tab closed mid-typing saving what was typed. (The browser walk:
tests/test_serve_browser.py.)"""

from __future__ import annotations

import io
import shlex
import sys
import zipfile
from datetime import date

import pytest
from textual import messages

from yjtui.cli import main
from yjtui.cli.serve import _check_store, session_command
from yjtui.store import Child, Store

TODAY = date(2026, 11, 23)


def test_a_plain_store_and_a_password_in_the_url_are_refused(tmp_path, capsys):
    plain = tmp_path / "plain.db"
    Store(plain).close()
    assert main(["serve", "--db", str(plain)]) == 2
    assert "not encrypted: a browser session must sign in" in capsys.readouterr().err
    assert main(["serve", "--db", "postgresql://sam:secret@db.example/yjtui"]) == 2
    err = capsys.readouterr().err
    assert "put no password in the address" in err and "secret" not in err
    assert main(["serve", "--db", str(tmp_path / "none.db")]) == 2


def test_each_session_signs_in_as_the_person(tmp_path):
    enc = tmp_path / "enc.db"
    Store(enc, key="court corridor key").close()
    assert _check_store(str(enc)) == ("", str(enc))
    assert _check_store("postgresql://db.example/yjtui") == ("", "postgresql://db.example/yjtui")
    argv = shlex.split(session_command("postgresql://db.example/yjtui"))
    assert argv[:3] == [sys.executable, "-m", "yjtui"] and argv[3:] == ["--served", "--db",
                                                                         "postgresql://db.example/yjtui"]


def test_a_served_team_server_session_asks_user_and_password_whatever_the_environment(monkeypatch):
    import yjtui.cli as cli

    monkeypatch.setenv("PGPASSWORD", "the server process's own")
    store, sign_in = cli._open_store_for_app("postgresql://db.example/yjtui", False, served=True)
    assert store is None and sign_in.ask_user and sign_in.where == "postgresql://db.example/yjtui"


class _Web:
    """What `deliver_exports` needs of the app in a browser session, without a browser."""

    is_web = True

    def __init__(self) -> None:
        self.delivered: list[tuple[str, bytes]] = []

    def deliver_binary(self, data: io.BytesIO, *, save_filename: str, open_method: str) -> str:
        self.delivered.append((save_filename, data.read()))
        return "key"


def test_exports_go_to_the_browser_as_one_zip_and_leave_nothing_here():
    from yjtui.app import YjtuiApp

    web = _Web()
    staging = YjtuiApp.export_staging(web)
    assert staging.is_dir() and (staging.stat().st_mode & 0o077) == 0  # this user only
    (staging / "bail-proposal-example.docx").write_bytes(b"word")
    (staging / "bail-proposal-example.txt").write_text("text")
    names = YjtuiApp.deliver_exports(web, [staging / "bail-proposal-example.docx",
                                           staging / "bail-proposal-example.txt"])
    assert names == ["bail-proposal-example.zip"] and not staging.exists()
    [(name, data)] = web.delivered
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert sorted(zf.namelist()) == ["bail-proposal-example.docx", "bail-proposal-example.txt"]
        assert zf.read("bail-proposal-example.txt") == b"text"


async def test_a_tab_closed_while_typing_saves_what_was_typed(store):
    """textual-serve asks the app to exit when the tab closes (no ctrl+q): the field waiting for its timer saves."""
    from yjtui.app import YjtuiApp

    child = store.add(Child(given_name="Ash", family_name="Example"))
    app = YjtuiApp(store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_child(child.id)
        await pilot.pause()
        assert app.focused.id == "given_name"
        await pilot.press("end", *"ley")
        app.post_message(messages.ExitApp())
        await pilot.pause()
    assert store.get(Child, child.id).given_name == "Ashley"


@pytest.mark.parametrize("host, warned", [("127.0.0.1", False), ("::1", False), ("localhost", False),
                                          ("0.0.0.0", True)])
def test_listening_beyond_this_machine_is_said(host, warned):
    from yjtui.cli.serve import _is_loopback

    assert _is_loopback(host) is not warned
