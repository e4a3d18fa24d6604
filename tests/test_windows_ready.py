"""What a Windows laptop needs of the code: data found through importlib.resources (a frozen build has no
`__file__`), exports starting in the user's Documents folder."""

from __future__ import annotations

from pathlib import Path

import yjtui


def test_no_module_finds_its_files_through___file__():
    package = Path(yjtui.__path__[0])
    found = [str(p.relative_to(package)) for p in package.rglob("*.py") if "__file__" in p.read_text()]
    assert found == []


def test_reference_data_packs_and_migrations_are_found_as_resources():
    from yjtui.reference.loader import data_dir
    from yjtui.store.case_reader import newest_revision
    from yjtui.store.store import MIGRATIONS

    assert (data_dir() / "gravity.json").is_file() and (data_dir() / "packs" / "enfield.toml").is_file()
    assert (MIGRATIONS / "env.py").is_file() and newest_revision()


def test_exports_start_in_the_documents_folder(isolated_home):
    from yjtui.casework.export import default_folder

    assert default_folder() == isolated_home  # no Documents folder: the home folder
    (isolated_home / "Documents").mkdir()
    assert default_folder() == isolated_home / "Documents"
