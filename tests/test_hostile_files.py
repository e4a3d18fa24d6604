"""Files built to hurt, handed to yjtui (issue 22, "Hostile files crash"): packs and facts nested 5,000 deep, a
5,000-digit integer, /dev/zero, a FIFO, an export header asking scrypt for gigabytes. Each is answered with a message
and exit 2, at once; a broken pack in the user's packs folder is left out with a warning naming it, never a crash.

The commands run in a child process with a time limit and (for /dev/zero) a memory limit, so that the code before
the fix fails these tests instead of hanging or exhausting the machine.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from yjtui.store import Store

DEEP = 5000
GOOD_PACK_HEAD = 'name = "northshire"\ntitle = "Northshire"\nservice = "Northshire YJS"\nguidance = ["g"]\nrules = []\n'

HOSTILE_PACKS = {
    "deep-arrays": GOOD_PACK_HEAD + "[values.x]\nvalue = " + "[" * DEEP + "]" * DEEP + "\n",
    "deep-tables": GOOD_PACK_HEAD + "[values.x]\nvalue = " + "{a = " * DEEP + "1" + "}" * DEEP + "\n",
    "deep-keys": GOOD_PACK_HEAD + ".".join(["k"] * DEEP) + " = 1\n",
    "digits": GOOD_PACK_HEAD + "[values.x]\nvalue = " + "9" * DEEP + "\n",
}
HOSTILE_FACTS = {
    "deep-arrays": '{"child": ' + "[" * DEEP + "]" * DEEP + "}",
    "deep-objects": '{"child": ' + '{"a": ' * DEEP + "1" + "}" * DEEP + "}",
    "digits": '{"likelihood_of_reoffending": {"yogrs_percent": ' + "9" * DEEP + "}}",
}


def _limit_memory():
    gib = 1024 ** 3
    resource.setrlimit(resource.RLIMIT_AS, (gib, gib))


def yjtui(*argv: str, stdin=subprocess.DEVNULL, timeout: float = 60) -> subprocess.CompletedProcess:
    """The command in a child process, memory and time bounded: a hang or an exhausted memory fails the test."""
    return subprocess.run([sys.executable, "-m", "yjtui", *argv], stdin=stdin, capture_output=True, text=True,
                          timeout=timeout, preexec_fn=_limit_memory, env=os.environ.copy())


def _refused(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr[-1500:])
    assert "Traceback" not in done.stderr and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and len(lines[0]) < 400, done.stderr[-1500:]  # one line, never the file's text
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("kind", sorted(HOSTILE_PACKS))
def test_pack_check_refuses_a_hostile_pack(tmp_path, kind):
    path = tmp_path / f"{kind}.toml"
    path.write_text(HOSTILE_PACKS[kind], encoding="utf-8")
    done = yjtui("pack", "check", str(path))
    _refused(done, f"{kind}.toml", "digits" if kind == "digits" else "nested more than")


def test_pack_check_refuses_dev_zero_and_a_fifo_at_once(fifo):
    _refused(yjtui("pack", "check", "/dev/zero"), "/dev/zero", "not a regular file")
    _refused(yjtui("pack", "check", str(fifo), timeout=30), "pipe.toml", "not a regular file")


def test_a_hostile_pack_given_with_pack_is_refused_by_evaluate_rules_and_the_app(tmp_path, fifo):
    deep = tmp_path / "deep.toml"
    deep.write_text(HOSTILE_PACKS["deep-arrays"], encoding="utf-8")
    for argv in (["evaluate", "--pack", str(deep), "-"], ["rules", "--pack", str(fifo)]):
        _refused(yjtui(*argv, timeout=30), "--pack")
    done = yjtui("--pack", "/dev/zero", timeout=30)  # the app: refused before it starts
    assert done.returncode == 2 and "not a regular file" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("kind", sorted(HOSTILE_FACTS))
def test_evaluate_refuses_hostile_facts(tmp_path, kind):
    path = tmp_path / f"{kind}.json"
    path.write_text(HOSTILE_FACTS[kind], encoding="utf-8")
    _refused(yjtui("evaluate", str(path)), "error: input:", "digits" if kind == "digits" else "nested more than")


def test_evaluate_refuses_dev_zero_a_fifo_and_endless_stdin(fifo):
    _refused(yjtui("evaluate", "/dev/zero"), "/dev/zero", "not a regular file")
    _refused(yjtui("evaluate", str(fifo), timeout=30), "pipe.toml", "not a regular file")
    with open("/dev/zero", "rb") as zero:
        _refused(yjtui("evaluate", "-", stdin=zero), "stdin", "MiB allowed")


def test_a_broken_pack_in_the_user_folder_is_left_out_with_a_warning(isolated_home):
    """Before: every `yjtui evaluate` exited 1 with a traceback while such a pack sat in the folder."""
    folder = isolated_home / "config" / "yjtui" / "packs"
    folder.mkdir(parents=True)
    (folder / "deep.toml").write_text(HOSTILE_PACKS["deep-arrays"], encoding="utf-8")
    (folder / "digits.toml").write_text(HOSTILE_PACKS["digits"], encoding="utf-8")
    os.mkfifo(folder / "pipe.toml")
    done = subprocess.run(
        [sys.executable, "-m", "yjtui", "evaluate", "-"], input="{}", capture_output=True, text=True, timeout=60,
        preexec_fn=_limit_memory)
    assert done.returncode == 0, done.stderr[-1500:]
    assert json.loads(done.stdout)["version"] == 1
    warnings = done.stderr.strip().splitlines()
    assert len(warnings) == 3 and all(w.startswith("warning: pack left out: ") for w in warnings), warnings
    assert {"deep.toml", "digits.toml", "pipe.toml"} == {Path(w.split(": ")[2].split(":")[0]).name
                                                       for w in warnings}
    assert all("[[[" not in w and "9999999" not in w for w in warnings)  # never the pack's text


async def test_settings_lists_a_broken_pack_without_crashing_or_showing_its_text(store, make_app, isolated_home):
    from textual.widgets import Static

    from yjtui.rules.packs import reload
    from yjtui.screens.settings import SettingsScreen

    folder = isolated_home / "config" / "yjtui" / "packs"
    folder.mkdir(parents=True)
    (folder / "deep.toml").write_text(HOSTILE_PACKS["deep-tables"], encoding="utf-8")
    os.mkfifo(folder / "pipe.toml")
    app = make_app()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.push_screen(SettingsScreen())
            await pilot.pause()
            assert isinstance(app.screen, SettingsScreen)
            notes = str(app.screen.query_one("#packs-msg", Static).render())
            assert "deep.toml" in notes and "nested more than" in notes and "pipe.toml" in notes
            assert "{a = {a" not in notes
    finally:
        import shutil

        shutil.rmtree(folder)
        reload()  # the packs this process keeps: without the broken ones, for the next test in this worker


def _sealed(tmp_path: Path, **header) -> Path:
    from yjtui.casework.export.crypto import MAGIC, write_encrypted

    good = write_encrypted(tmp_path / "doc", b"secret", "export password")
    lines = good.read_bytes().split(b"\n")
    head = json.loads(lines[1])
    head.update(header)
    path = tmp_path / "hostile.yjx"
    path.write_bytes(b"\n".join([MAGIC, json.dumps(head).encode(), lines[2], b""]))
    return path


@pytest.mark.parametrize("header", [{"n": 2**20, "r": 32}, {"p": 16}, {"n": 2**20, "r": 32, "p": 16},
                                    {"n": 2**40}, {"n": int("9" * 30)}, {"r": 0}, {"n": 3 * 2**14}])
def test_an_export_header_asking_for_a_costly_key_is_refused_before_deriving_it(tmp_path, monkeypatch, header):
    """Before: n=2**20, r=32 took 4 GiB and 42 s; p=16 did not finish in 90 s. The key is never derived."""
    from yjtui.casework.export import crypto

    def never(*_args, **_kw):
        raise AssertionError(f"scrypt was asked for {header}")

    sealed = _sealed(tmp_path, **header)
    monkeypatch.setattr(crypto, "_key", never)
    with pytest.raises(crypto.ExportCryptoError):
        crypto.read_encrypted(sealed, "export password")


def test_decrypt_export_refuses_a_costly_header_dev_zero_and_a_fifo(tmp_path, fifo):
    costly = _sealed(tmp_path, n=2**20, r=32, p=16)
    for path, words in ((costly, ("refused", "n=1048576")), (Path("/dev/zero"), ("not a regular file",)),
                        (fifo, ("not a regular file",))):
        done = subprocess.run([sys.executable, "-m", "yjtui", "decrypt-export", str(path)], input="whatever pw\n",
                              capture_output=True, text=True, timeout=30, preexec_fn=_limit_memory)
        _refused(done, *words)


def test_the_own_export_header_still_reads_back(tmp_path):
    from yjtui.casework.export.crypto import read_encrypted, write_encrypted

    assert read_encrypted(write_encrypted(tmp_path / "x", b"data", "export password"), "export password") == b"data"


@pytest.mark.parametrize("typed, expected", [("%", ["50% Sam"]), ("_", ["Jo_Ann"]), ("o_A", ["Jo_Ann"])])
def test_audit_search_takes_percent_and_underscore_literally(tmp_path, typed, expected):
    """Before: "%" and "_" were wildcards, so "%" matched every person."""
    store = Store(tmp_path / "s.db")
    for who in ("Alex Reeve", "Jo_Ann", "50% Sam", "JoXAnn"):
        store._who = who
        store.log_disclosure(None, "test", "to the court")
    rows, total = store.audit_search(who=typed)
    assert sorted({r.who for r in rows}) == expected and total == len(rows)
    store.close()


@pytest.mark.parametrize("fails", [False, True])
def test_the_demo_removes_its_store_when_it_quits(tmp_path, monkeypatch, fails):
    """Before: every `yjtui --demo` left its store (25 fictional children) in the temp folder."""
    import tempfile

    import yjtui.app
    from yjtui import cli

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    seen = []

    def run(self):
        seen.append(Path(self.store.path).parent)
        assert Path(self.store.path).exists()
        if fails:
            raise RuntimeError("the app failed")

    monkeypatch.setattr(yjtui.app.YjtuiApp, "run", run)
    monkeypatch.setattr(cli, "check_reference_data", lambda: None)
    if fails:
        with pytest.raises(RuntimeError):
            cli.run_app(None, demo=True)
    else:
        assert cli.run_app(None, demo=True) == 0
    assert seen and seen[0].parent == tmp_path
    assert list(tmp_path.glob("yjtui-demo-*")) == []
