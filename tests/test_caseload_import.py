"""yjtui import children FILE.csv: a clean file, bad rows (nothing imported, each listed by line and reason with no
child's details), a re-import (updated by YJS reference, never duplicated), a service's own column mapping, and
5,000 rows in one transaction (bench/import_children.py times it)."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from yjtui.cli import main
from yjtui.store import Child, Store

HEAD = ["yjs_ref", "given_name", "family_name", "date_of_birth", "sex", "looked_after"]


def _csv(path: Path, rows: list[list[str]], head: list[str] = HEAD) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(head)
        w.writerows(rows)
    return path


def _children(db: Path) -> list[Child]:
    store = Store(db)
    try:
        return [store.get(Child, r.id) for r in store.search("", limit=100_000)[0]]
    finally:
        store.close()


def test_a_clean_file_is_imported_and_audited(tmp_path, capsys):
    db = tmp_path / "s.db"
    f = _csv(tmp_path / "caseload.csv", [["YJ1", "Ash", "Example", "14/03/2011", "Female", "s20"],
                                          ["YJ2", "Bo", "Sample", "2010-06-01", "", ""]])
    assert main(["import", "children", str(f), "--db", str(db), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "2 added, 0 updated" in out and "Ash" not in out and "Example" not in out  # counts, no details
    kids = {c.yjs_ref: c for c in _children(db)}
    assert kids["YJ1"].looked_after == "s20" and kids["YJ2"].looked_after == "no"
    store = Store(db)
    entries = [e for e in store.audit_entries() if e.detail == "imported from caseload.csv"]
    assert len(entries) == 2 and {e.action for e in entries} == {"collect"}
    assert store.verify_audit()[0]
    store.close()


def test_bad_rows_are_listed_by_line_and_reason_and_nothing_is_imported(tmp_path, capsys):
    db = tmp_path / "s.db"
    f = _csv(tmp_path / "caseload.csv", [
        ["YJ1", "Ash", "Example", "14/03/2011", "Female", ""],
        ["YJ2", "", "Sample", "01/06/2010", "", ""],  # line 3: no given name
        ["YJ3", "Cal", "Test", "31/02/2010", "", ""],  # line 4: not a real date
        ["YJ1", "Dee", "Dup", "01/01/2011", "", ""],  # line 5: the reference again
        ["YJ6", "Eve", "Trial", "01/01/2011", "F", "x"],  # line 6: their own words, unmapped
        ["", "Fay", "Blank", "01/01/2011", "", ""],  # line 7: no reference
    ])
    assert main(["import", "children", str(f), "--db", str(db), "--yes"]) == 1
    err = capsys.readouterr().err
    assert "nothing was" in err
    assert "line 3: Given name cannot be blank" in err
    assert "line 4: Date of birth: not a real date" in err and "31/02/2010" not in err
    assert "line 5: the YJS reference is also on line 2" in err
    assert "line 6: Sex: not one of yjtui's values" in err and "Looked-after status" in err
    assert "line 7: YJS reference cannot be blank" in err
    assert not db.exists() or _children(db) == []


def test_a_second_import_updates_by_reference_never_duplicates(tmp_path, capsys):
    db = tmp_path / "s.db"
    f = _csv(tmp_path / "caseload.csv", [["YJ1", "Ash", "Example", "14/03/2011", "", ""],
                                          ["YJ2", "Bo", "Sample", "01/06/2010", "", ""]])
    assert main(["import", "children", str(f), "--db", str(db), "--yes"]) == 0
    _csv(f, [["YJ1", "Ash", "Example-Changed", "14/03/2011", "", "s31"],
             ["YJ2", "Bo", "Sample", "01/06/2010", "", ""],
             ["YJ3", "Cal", "Test", "05/01/2010", "", ""]])
    capsys.readouterr()
    assert main(["import", "children", str(f), "--db", str(db), "--yes"]) == 0
    assert "1 added, 1 updated, 1 unchanged" in capsys.readouterr().out
    kids = {c.yjs_ref: c for c in _children(db)}
    assert len(kids) == 3 and kids["YJ1"].family_name == "Example-Changed" and kids["YJ1"].looked_after == "s31"
    assert kids["YJ1"].version == 2
    store = Store(db)
    alters = [e for e in store.audit_entries() if e.action == "alter"]
    store.close()
    assert {e.field for e in alters} == {"family_name", "looked_after"}


def test_a_services_own_column_mapping_written_once(tmp_path, isolated_home, capsys):
    import platformdirs

    mapping = platformdirs.user_config_path("yjtui") / "import-children.toml"
    mapping.parent.mkdir(parents=True, exist_ok=True)
    mapping.write_text('[columns]\nyjs_ref = "ChildView ID"\ngiven_name = "Forename"\nfamily_name = "Surname"\n'
                       'date_of_birth = "DOB"\nlooked_after = "Legal status"\n'
                       '[values.looked_after]\n"CLA s20" = "s20"\n"None" = "no"\n')
    f = _csv(tmp_path / "export.csv", [["A-1", "Ash", "Example", "14/03/2011", "CLA s20"]],
             head=["ChildView ID", "Forename", "Surname", "DOB", "Legal status"])
    db = tmp_path / "s.db"
    assert main(["import", "children", str(f), "--db", str(db), "--yes"]) == 0
    assert "mapping: import-children.toml" in capsys.readouterr().out
    [child] = _children(db)
    assert child.yjs_ref == "A-1" and child.looked_after == "s20"


def test_without_a_terminal_it_asks_for_yes(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", None)
    f = _csv(tmp_path / "caseload.csv", [["YJ1", "Ash", "Example", "14/03/2011", "", ""]])
    assert main(["import", "children", str(f), "--db", str(tmp_path / "s.db")]) == 2
    assert "add --yes" in capsys.readouterr().err


def test_five_thousand_rows_in_one_transaction(tmp_path, capsys):
    rows = [[f"YJ{i:05d}", f"Given{i}", f"Family{i}", f"{1 + i % 28:02d}/{1 + i % 12:02d}/{2009 + i % 5}", "", ""]
            for i in range(5000)]
    f = _csv(tmp_path / "caseload.csv", rows)
    db = tmp_path / "s.db"
    started = time.perf_counter()
    assert main(["import", "children", str(f), "--db", str(db), "--yes"]) == 0
    assert time.perf_counter() - started < 120
    assert "5000 added" in capsys.readouterr().out
    assert main(["import", "children", str(f), "--db", str(db), "--yes"]) == 0
    assert "0 added, 0 updated, 5000 unchanged" in capsys.readouterr().out
    assert len(_children(db)) == 5000


@pytest.mark.parametrize("content", [b"\xff\xfe\x00bad", b"yjs_ref,given_name\n\"unclosed,x\n"])
def test_unreadable_files_are_a_message(tmp_path, content, capsys):
    f = tmp_path / "bad.csv"
    f.write_bytes(content)
    assert main(["import", "children", str(f), "--db", str(tmp_path / "s.db"), "--yes"]) in (1, 2)
    assert "Traceback" not in capsys.readouterr().err
