"""Issue 21's cases, one test each, as a new user met them on a throwaway team server: a plan edited on both
sides, the order's event applied without its plan, `offline resolve` crashing, a child erased on the server, a
crash while the copy is rebuilt, one field edited many times, an old copy, values printed to the terminal.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta

import pytest

from tests import postgres
from tests.offline_kit import KEY, PLAN_ANSWERS, PlanDay, as_, cli, db, waiting  # noqa: F401 (db: a fixture)
from yjtui.store import Child, Hearing, Plan, Store, offline

pytestmark = pytest.mark.sqlite_only  # makes its own server database and laptop file


def _url(db: str, login: str = "cm_alex") -> str:
    return postgres.url(db, login, postgres.PASSWORD)


def test_a_plan_edited_on_both_sides_keeps_every_entry_and_asks_only_the_length(db, tmp_path):
    """Laptop: the order date, the length, the eight answers, the contacts; server: the type and the length.
    Both sides' entries are kept; the length, changed on both, is the one question, with the final values."""
    day = PlanDay(db, tmp_path)
    day.laptop_edits(months=(1, 18))
    day.server_edits(months=24, order_type="yro").close()
    offline.sync(day.laptop, day.alex, KEY)
    plan = day.server_plan()
    assert plan["order"]["type"] == "yro"  # the manager's
    assert plan["order"]["made"] == "2026-12-03"  # the laptop's
    assert plan["questions"] == PLAN_ANSWERS and plan["contacts"] == {"per_month": 8, "statutory_per_week": 2}
    assert plan["order"]["months"] == 24  # both changed it: the server's kept until the user chooses
    [question] = waiting(day.laptop)
    assert (question.path, question.base, question.laptop, question.server) == (("order", "months"), 12, 18, 24)
    day.close()


def test_the_order_and_its_event_reach_the_server_together(db, tmp_path):
    """The laptop moved the order date (the plan's entry and the `order_made` event it makes); the manager changed
    other entries of the plan meanwhile. The server never holds the event's date without the plan's."""
    day = PlanDay(db, tmp_path)
    day.laptop_edits()
    day.server_edits().close()
    offline.sync(day.laptop, day.alex, KEY)
    assert day.server_event_day().isoformat() == day.server_plan()["order"]["made"] == "2026-12-03"
    day.close()


def test_resolve_keeps_the_laptop_twice_and_asks_again_after_a_newer_server_change(db, tmp_path, capsys,
                                                                                    monkeypatch):
    """Two questions on one plan (type and length): "keep laptop" for both ends with both on the server, never a
    traceback; an answer that meets a newer server change is asked again with the new value."""
    day = PlanDay(db, tmp_path)
    plan = day.laptop.get(Plan, day.plan.id)
    from tests.offline_kit import save_plan, set_entry

    save_plan(day.laptop, plan, set_entry("order", "months", value=18))
    save_plan(day.laptop, plan, set_entry("order", "type", value="dto"))
    day.server_edits(months=24, order_type="yro").close()
    day.laptop.close()
    code, out, _ = cli(capsys, monkeypatch, ["offline", "--copy", str(day.copy), "sync", "--db", _url(db)], KEY + "\n")
    assert code == 0
    bo = as_(db, "mgr_bo")
    from tests.offline_kit import save_plan as save

    save(bo, bo.get(Plan, day.plan.id), set_entry("order", "months", value=30))  # after the sync, before the answer
    bo.close()
    code, out, err = cli(capsys, monkeypatch, ["offline", "--copy", str(day.copy), "resolve", "--db", _url(db)],
                         KEY + "\nl\nl\nl\n")
    assert code == 0, err
    assert "changed again" in out
    order = day.server_plan()["order"]
    assert (order["months"], order["type"]) == (18, "dto")
    laptop = Store(day.copy, key=KEY)
    assert waiting(laptop) == []
    assert json.loads(laptop.get(Plan, day.plan.id).data)["order"]["months"] == 18
    laptop.close()
    day.alex.close()


def test_a_child_erased_on_the_server_is_set_aside_and_the_rest_syncs_and_drop_finishes(db, tmp_path, capsys,
                                                                                         monkeypatch):
    alex = as_(db, "cm_alex")
    a = alex.add(Child(given_name="Frankie", family_name="Example", yjs_ref="FIX-1"))
    b = alex.add(Child(given_name="Robin", family_name="Sample", yjs_ref="FIX-2"))
    alex.add(Hearing(child_id=a.id, court="Example Youth Court"))
    copy = tmp_path / "offline.db"
    laptop = offline.take(alex, [a.id, b.id], copy, KEY)
    laptop.update(laptop.get(Child, a.id), "family_name", "Example-Laptop")
    laptop.update(laptop.get(Child, b.id), "family_name", "Sample-Laptop")
    laptop.close()
    postgres.admin_sql(f"DELETE FROM hearing WHERE child_id = {a.id}; DELETE FROM child WHERE id = {a.id}", db)

    code, out, err = cli(capsys, monkeypatch, ["offline", "--copy", str(copy), "sync", "--db", _url(db)], KEY + "\n")
    assert code == 0, err
    assert alex.get(Child, b.id).family_name == "Sample-Laptop"  # the other child's edits reached the server
    assert "no longer on the team server" in out and "set-aside --export" in out
    assert "Example" not in out + err  # said by number, not by name

    # The set-aside changes go out encrypted, for the record; then the laptop can be cleared.
    export = tmp_path / "set-aside.yjx"
    code, out, err = cli(capsys, monkeypatch, ["offline", "--copy", str(copy), "set-aside", "--export",
                                               str(export)], KEY + "\nan export password\n")
    assert code == 0, err
    from yjtui.casework.export.crypto import read_encrypted

    kept = read_encrypted(export, "an export password").decode()
    assert "Example-Laptop" in kept
    code, out, err = cli(capsys, monkeypatch, ["offline", "--copy", str(copy), "drop", "all"], KEY + "\n")
    assert code == 0, err
    laptop = Store(copy, key=KEY)
    assert offline.children_taken(laptop) == [] and laptop.get(Child, b.id) is None
    with laptop.engine.connect() as conn:
        assert "Example-Laptop" not in str(conn.exec_driver_sql("SELECT * FROM setting").fetchall())
    laptop.close()
    alex.close()


def _copy_with_a_question(db, tmp_path):
    alex = as_(db, "cm_alex")
    a = alex.add(Child(given_name="Frankie", family_name="Example"))
    copy = tmp_path / "offline.db"
    laptop = offline.take(alex, [a.id], copy, KEY)
    laptop.update(laptop.get(Child, a.id), "given_name", "Frankie-Laptop")
    bo = as_(db, "mgr_bo")
    bo.update(bo.get(Child, a.id), "given_name", "Frankie-Server")
    bo.close()
    offline.sync(laptop, alex, KEY)
    count = len(waiting(laptop))
    laptop.close()
    return alex, copy, count


@pytest.mark.parametrize("window", ["old copy half overwritten", "old copy removed, new one not yet moved in"])
def test_a_crash_while_the_copy_is_rebuilt_loses_nothing(db, tmp_path, capsys, monkeypatch, window):
    """The two windows of the old rebuild: the old file being overwritten in place (it no longer opens) and the
    old file gone before the new one was moved in. The finished new copy beside it is picked up, questions and
    all, by the next command."""
    alex, copy, count = _copy_with_a_question(db, tmp_path)
    assert count == 1
    rebuilt = copy.with_name(copy.name + ".rebuild")
    rebuilt.write_bytes(copy.read_bytes())  # the new copy, finished, beside the old
    if window == "old copy half overwritten":
        with open(copy, "r+b") as fh:
            fh.write(os.urandom(copy.stat().st_size // 2))
    else:
        copy.unlink()
    code, out, err = cli(capsys, monkeypatch, ["offline", "--copy", str(copy), "status"], KEY + "\n")
    assert code == 0, err
    assert "1 question" in out or "choices waiting: 1" in out
    laptop = Store(copy, key=KEY)
    assert len(waiting(laptop)) == 1
    laptop.close()
    assert not rebuilt.exists()
    alex.close()


def test_a_field_edited_many_times_is_one_question_with_the_last_values(db, tmp_path):
    alex = as_(db, "cm_alex")
    a = alex.add(Child(given_name="Frankie", family_name="Example"))
    laptop = offline.take(alex, [a.id], tmp_path / "offline.db", KEY)
    for name in ("Fra", "Frank", "Frankie-L"):
        laptop.update(laptop.get(Child, a.id), "given_name", name)
    bo = as_(db, "mgr_bo")
    for name in ("Fr", "Frankie-S"):
        bo.update(bo.get(Child, a.id), "given_name", name)
    offline.sync(laptop, alex, KEY)
    [question] = waiting(laptop)
    assert (question.base, question.laptop, question.server) == ("Frankie", "Frankie-L", "Frankie-S")
    for s in (laptop, alex, bo):
        s.close()


def test_an_old_copy_says_its_age_before_it_syncs(db, tmp_path, capsys, monkeypatch):
    alex = as_(db, "cm_alex")
    a = alex.add(Child(given_name="Frankie", family_name="Example"))
    copy = tmp_path / "offline.db"
    laptop = offline.take(alex, [a.id], copy, KEY)
    eight_days = (datetime.now() - timedelta(days=8, hours=1)).replace(microsecond=0).isoformat()
    offline._put_settings(laptop, {"offline.taken_at": eight_days, "offline.refreshed_at": eight_days})
    laptop.close()
    code, out, err = cli(capsys, monkeypatch, ["offline", "--copy", str(copy), "sync", "--db", _url(db)], KEY + "\n")
    assert code == 0, err
    assert "8 days" in out
    alex.close()


def test_sync_and_resolve_print_no_values_unless_asked(db, tmp_path, capsys, monkeypatch):
    """Names of fields and counts on the terminal, never the child's values (they stay in its scrollback after
    `offline drop`); a question's values only when the user asks to see it."""
    day = PlanDay(db, tmp_path)
    day.laptop_edits()
    day.laptop.update(day.laptop.get(Child, day.child.id), "given_name", "Frankie-Laptop")
    bo = day.server_edits()
    bo.update(bo.get(Child, day.child.id), "given_name", "Frankie-Server")
    bo.close()
    day.laptop.close()
    code, out, err = cli(capsys, monkeypatch, ["offline", "--copy", str(day.copy), "sync", "--db", _url(db)],
                         KEY + "\n")
    assert code == 0, err
    for value in ("Frankie", "answer 1", "2026-12-03", '"order"', "{"):
        assert value not in out + err
    assert "Order length (months)" in out
    code, out, err = cli(capsys, monkeypatch, ["offline", "--copy", str(day.copy), "resolve", "--db", _url(db)],
                         KEY + "\ns\ns\n")
    assert code == 0, err
    assert "Frankie" not in out + err and "24" not in out
    day.alex.close()


def test_resolve_shows_a_questions_values_when_asked(db, tmp_path, capsys, monkeypatch):
    day = PlanDay(db, tmp_path)
    day.laptop_edits()
    day.server_edits().close()
    day.laptop.close()
    cli(capsys, monkeypatch, ["offline", "--copy", str(day.copy), "sync", "--db", _url(db)], KEY + "\n")
    code, out, err = cli(capsys, monkeypatch, ["offline", "--copy", str(day.copy), "resolve", "--db", _url(db)],
                         KEY + "\nv\ns\n")
    assert code == 0, err
    assert "Order length (months): was 12 / this laptop 18 / the server 24" in out
    day.alex.close()


def test_take_on_the_command_line_counts_what_it_copies(db, tmp_path, capsys, monkeypatch):
    alex = as_(db, "cm_alex")
    ids = [alex.add(Child(given_name="Frankie", family_name="Example")).id for _ in range(2)]
    alex.add(Hearing(child_id=ids[0], court="Example Youth Court"))
    copy = tmp_path / "offline.db"
    code, out, err = cli(capsys, monkeypatch, ["offline", "--copy", str(copy), "take", "--children",
                                               ",".join(map(str, ids)), "--db", _url(db)], KEY + "\n")
    assert code == 0, err
    assert "3 of 3 records copied" in out and "Frankie" not in out
    alex.close()


def test_an_offline_change_holding_control_characters_is_set_aside_as_refused_and_the_rest_syncs(db, tmp_path):
    """Issue 22: the team server refuses text with control characters (security.py). A laptop copy holding such a
    name (a copy of a file, or a field the laptop did not check) syncs the rest; that child's changes are set aside
    as refused, with the server's plain words, kept on the laptop; the server's name is unchanged."""
    alex = as_(db, "cm_alex")
    a = alex.add(Child(given_name="Frankie", family_name="Example"))
    b = alex.add(Child(given_name="Robin", family_name="Sample"))
    copy = tmp_path / "offline.db"
    laptop = offline.take(alex, [a.id, b.id], copy, KEY)
    laptop.update(laptop.get(Child, a.id), "given_name", "Frankie\x1b]52;c;cm0gLXJmIH4=\x07")
    laptop.update(laptop.get(Child, b.id), "family_name", "Sample-Laptop")
    result = offline.sync(laptop, alex, KEY)
    [aside] = result.set_aside
    assert (aside.reason, aside.child_id) == ("refused", a.id)
    assert "text with control characters is refused" in aside.message and "\x1b" not in aside.message
    assert any("\x1b]52" in str(e.get("new")) for e in aside.entries)  # kept on the laptop, for the record
    assert alex.get(Child, a.id).given_name == "Frankie"
    assert alex.get(Child, b.id).family_name == "Sample-Laptop"
    laptop.close()
    alex.close()
