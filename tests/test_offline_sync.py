"""Offline for the day: take children from the team server into an encrypted laptop store, edit on both sides (the
same field and different fields), kill the sync part way (a real process death), run it again: every edit is on the
server exactly once, the field changed on both sides is shown and not overwritten, and the audit chain verifies."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tests import postgres
from tests.waits import until
from yjtui.store import Audit, Child, Hearing, Store, StoreError, offline

pytestmark = pytest.mark.sqlite_only  # makes its own server database and laptop file
KEY = "a passphrase for the laptop"


@pytest.fixture
def db():
    name = postgres.fresh_database()
    yield name
    postgres.drop_database(name)


def _as(db: str, login: str) -> Store:
    return Store(postgres.url(db, login, postgres.PASSWORD))


def _marks(server: Store) -> list[str]:
    return [e.detail for e in server.audit_entries() if e.detail.startswith(offline.MARK)]


def test_take_edit_both_sides_kill_sync_resume_resolve_and_drop(db, tmp_path):
    alex = _as(db, "cm_alex")
    a = alex.add(Child(given_name="Frankie", family_name="Example", yjs_ref="FIX-1"))
    b = alex.add(Child(given_name="Robin", family_name="Sample", yjs_ref="FIX-2"))
    alex.add(Child(given_name="Sky", family_name="Placeholder", yjs_ref="FIX-3"))  # stays on the server only
    hb = alex.add(Hearing(child_id=b.id, court="Example Youth Court"))

    copy = tmp_path / "offline.db"
    laptop = offline.take(alex, [a.id, b.id], copy, KEY)
    assert laptop.encrypted and offline.origin(laptop) == alex.url
    assert sorted(r.name for r in laptop.search("")[0]) == ["Frankie Example", "Robin Sample"]

    # On the laptop, no network: the same field as the server, a field the server leaves alone, a hearing, a new
    # child with a hearing, and a consultation.
    la = laptop.get(Child, a.id)
    laptop.update(la, "given_name", "Frankie-Laptop")
    laptop.update(la, "family_name", "Example-Laptop")
    laptop.update(laptop.get(Hearing, hb.id), "court", "Another Youth Court")
    d = laptop.add(Child(given_name="Dale", family_name="Newcase", yjs_ref="FIX-9"))
    laptop.add(Hearing(child_id=d.id, court="Example Youth Court"))
    laptop.open_child(b.id)
    changes = len(offline.unsynced(laptop))
    assert changes == 6
    laptop.close()

    # Meanwhile on the server, the manager: the same field and a different one.
    bo = _as(db, "mgr_bo")
    sa = bo.get(Child, a.id)
    bo.update(sa, "given_name", "Frankie-Server")
    bo.update(sa, "yjs_ref", "FIX-1A")

    # The sync dies just after the server committed its first batch (the first child's changes), before the laptop
    # wrote that down: a real process killed, no clean-up of any kind.
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(postgres.Path(__file__).parent.parent)!r})
        from tests import postgres
        postgres._state["socket"] = {str(postgres._state["socket"])!r}
        postgres._state["server"] = object()
        from yjtui.store import Store, offline
        def die(point):
            if point == "sync: committed":
                os._exit(9)
        offline._fault = die
        local = Store({str(copy)!r}, key={KEY!r})
        server = Store(postgres.url({db!r}, "cm_alex", postgres.PASSWORD))
        offline.sync(local, server, {KEY!r}, batch_size=1)
    """)
    killed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert killed.returncode == 9, killed.stderr
    assert len(_marks(alex)) == 2  # the first child's two changes (one of them now a question) are on the server

    laptop = offline.open_copy(copy, KEY)
    assert len(offline.unsynced(laptop)) == changes  # the laptop had not written the batch down
    result = offline.sync(laptop, alex, KEY)
    assert result.already == 2 and result.sent == changes - 2
    assert len(result.questions) == 1  # the question the killed run found is not lost

    # Every laptop change on the server exactly once (its change id once in the trail), the chain whole.
    marks = _marks(alex)
    assert len(marks) == len(set(marks)) == changes  # each laptop entry once in the server's trail
    assert alex.verify_audit()[0]
    server_a = alex.get(Child, a.id)
    assert server_a.family_name == "Example-Laptop"  # laptop only
    assert server_a.yjs_ref == "FIX-1A"  # server only
    assert server_a.given_name == "Frankie-Server"  # both: not overwritten
    assert alex.get(Hearing, hb.id).court == "Another Youth Court"
    dales = [r for r in alex.search("Dale")[0]]
    assert len(dales) == 1 and len(alex.records(Hearing, dales[0].id)) == 1

    # The conflict, side by side, on the laptop; the laptop's copy now shows the server's other changes.
    [c] = offline.questions(laptop)
    assert (c.field, c.base, c.laptop, c.server) == ("given_name", "Frankie", "Frankie-Laptop", "Frankie-Server")
    assert laptop.get(Child, a.id).yjs_ref == "FIX-1A"
    assert offline.unsynced(laptop) == []

    # Syncing again changes nothing and sends nothing twice.
    again = offline.sync(laptop, alex, KEY)
    assert (again.sent, again.already, again.written) == (0, 0, 0)
    assert len(_marks(alex)) == changes

    # The user keeps the laptop's value: an ordinary audited change by them; the chain still verifies.
    assert offline.resolve(laptop, alex, c, "laptop") == "settled"
    assert alex.get(Child, a.id).given_name == "Frankie-Laptop"
    assert laptop.get(Child, a.id).given_name == "Frankie-Laptop"
    assert offline.questions(laptop) == [] and alex.verify_audit()[0]
    assert laptop.verify_audit()[0]  # the rebuilt copy's own trail: new, not the old one cut

    # Dropping a child leaves nothing of theirs on the laptop: rows, audit entries, settings.
    offline.drop(laptop, [a.id], KEY)
    assert laptop.get(Child, a.id) is None
    assert not [e for e in laptop.audit_entries() if "Frankie" in json.dumps(e.model_dump(mode="json"))]
    with laptop.engine.connect() as conn:
        dump = "\n".join(str(r) for t in ("child", "hearing", "setting", "audit")
                         for r in conn.exec_driver_sql(f"SELECT * FROM {t}"))
    assert "Frankie" not in dump and "Robin" in dump
    assert laptop.verify_audit()[0]
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".rebuild", ".old", ".taking")]  # nothing beside it
    laptop.close()
    alex.close()
    bo.close()


def test_changes_carried_through_a_drop_keep_their_time_and_join_both_chains(db, tmp_path):
    """Dropping one child rebuilds the copy; the other child's changes not yet sent go into the new file's own
    keyed trail as they were made (when, by whom), and reach the server's chain, which the server numbers and
    hashes, naming when each was made on the laptop. Both trails verify, each against this laptop's record of it."""
    alex = _as(db, "cm_alex")
    a = alex.add(Child(given_name="Frankie", family_name="Example"))
    b = alex.add(Child(given_name="Robin", family_name="Sample"))
    copy = tmp_path / "offline.db"
    laptop = offline.take(alex, [a.id, b.id], copy, KEY)
    for n in range(3):
        laptop.update(laptop.get(Child, b.id), "home_la", f"Somewhere {n}")
    made = [(e.at, e.who, e.hash) for e in offline.unsynced(laptop)]
    offline.drop(laptop, [a.id], KEY)
    carried = offline.unsynced(laptop)
    assert [(e.at, e.who) for e in carried] == [(at, who) for at, who, _h in made]
    assert [e.hash for e in carried] != [h for _a, _w, h in made]  # a new trail, with its own key
    assert laptop.verify_audit()[0]
    offline.sync(laptop, alex, KEY)
    assert alex.get(Child, b.id).home_la == "Somewhere 2"
    joined = [e for e in alex.audit_entries() if e.detail.startswith(offline.MARK)]
    assert [e.detail for e in joined] == [f"{offline.MARK}{e.hash} (made on the laptop at {e.at:%d/%m/%Y %H:%M:%S})"
                                          for e in carried]
    assert all(e.who == "cm_alex" for e in joined)
    assert alex.verify_audit()[0] and laptop.verify_audit()[0]
    laptop.close()
    alex.close()


def test_sync_refuses_another_user_and_drop_refuses_unsynced_changes(db, tmp_path):
    alex = _as(db, "cm_alex")
    a = alex.add(Child(given_name="Frankie", family_name="Example"))
    laptop = offline.take(alex, [a.id], tmp_path / "c.db", KEY)
    laptop.update(laptop.get(Child, a.id), "family_name", "Changed")
    with pytest.raises(StoreError, match="sync first"):
        offline.drop(laptop, [a.id], KEY)
    bo = _as(db, "mgr_bo")
    with pytest.raises(StoreError, match="taken by cm_alex"):
        offline.sync(laptop, bo, KEY)
    with pytest.raises(StoreError, match="already exists"):
        offline.take(alex, [a.id], tmp_path / "c.db", KEY)
    with pytest.raises(StoreError, match="No child with id 999"):
        offline.take(alex, [999], tmp_path / "d.db", KEY)
    assert not (tmp_path / "d.db").exists()
    assert isinstance(alex.audit_entries()[-1], Audit)
    for s in (laptop, alex, bo):
        s.close()


async def test_the_offline_screen_takes_todays_court_list_and_the_copy_shows_its_choices(db, tmp_path):
    from datetime import date, datetime

    from textual.widgets import Input, Static

    from yjtui.app import YjtuiApp
    from yjtui.screens.offline import OfflineScreen

    today = date(2026, 11, 23)
    alex = _as(db, "cm_alex")
    a = alex.add(Child(given_name="Frankie", family_name="Example"))
    alex.add(Child(given_name="Robin", family_name="Sample"))
    alex.add(Hearing(child_id=a.id, court="Example Youth Court", at=datetime(2026, 11, 23, 10)))
    app = YjtuiApp(alex, today=today)
    copy = tmp_path / "laptop.db"
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_offline()
        await until(pilot, lambda: isinstance(app.screen, OfflineScreen) and app.screen.query("#path"),
                    "the offline screen")
        screen = app.screen
        screen.query_one("#path", Input).value = str(copy)
        for box, text in (("#key", "short"), ("#key2", "short")):
            screen.query_one(box, Input).focus()
            await pilot.press(*text)
        await pilot.press("ctrl+t")
        await until(pilot, lambda: "at least 8" in str(screen.query_one("#offline-msg", Static).render()),
                    "the passphrase refused")
        assert not copy.exists()
        for box in ("#key", "#key2"):
            screen.query_one(box, Input).value = ""
            screen.query_one(box, Input).focus()
            await pilot.press(*KEY)
        await pilot.press("ctrl+t")
        await until(pilot, lambda: "Took 1 child(ren)" in str(screen.query_one("#offline-msg", Static).render()),
                    "the copy taken")
    laptop = Store(copy, key=KEY)
    assert offline.children_taken(laptop) == [a.id]  # today's court list, ticked for the user
    question = offline.Question("child", a.id, a.id, "", "given_name", (), "Frankie", "Frankie-L", "Frankie-S")
    offline._put_settings(laptop, {"offline.questions": json.dumps([question.to_json()])})
    copy_app = YjtuiApp(laptop, today=today)
    async with copy_app.run_test(size=(120, 40)) as pilot:
        assert copy_app.sub_title.startswith("OFFLINE COPY for cm_alex")
        assert "1 question to answer" in copy_app.sub_title
        copy_app.open_offline()
        await until(pilot, lambda: copy_app.screen.query("#offline-report") and "ctrl+a" in str(
            copy_app.screen.query_one("#offline-report", Static).render()), "the copy's report")
        report = str(copy_app.screen.query_one("#offline-report", Static).render())
        assert f"child {a.id}, child record: Given name" in report and "ctrl+a" in report
        assert "Frankie" not in report  # the values only when asked, on the questions screen
    laptop.close()
    alex.close()


def test_a_record_gone_from_the_server_is_set_aside_and_drop_asks_before_giving_it_up(db, tmp_path, capsys,
                                                                                      monkeypatch):
    from tests.offline_kit import cli

    alex = _as(db, "cm_alex")
    a = alex.add(Child(given_name="Frankie", family_name="Example"))
    gone = alex.add(Hearing(child_id=a.id, court="Example Youth Court"))
    kept = alex.add(Hearing(child_id=a.id, court="Example Youth Court"))
    copy = tmp_path / "offline.db"
    laptop = offline.take(alex, [a.id], copy, KEY)
    laptop.update(laptop.get(Hearing, gone.id), "outcome", "Remanded")
    laptop.update(laptop.get(Hearing, kept.id), "outcome", "Bail")
    laptop.update(laptop.get(Child, a.id), "given_name", "Frankie-Laptop")
    alex.update(alex.get(Child, a.id), "given_name", "Frankie-Server")
    postgres.admin_sql(f"DELETE FROM hearing WHERE id = {gone.id}", db)
    result = offline.sync(laptop, alex, KEY)
    [aside] = result.set_aside
    assert aside.reason == "gone" and "hearing" in aside.message and aside.rows["hearing"][0]["outcome"] == "Remanded"
    assert alex.get(Hearing, kept.id).outcome == "Bail"  # the rest went on
    [question] = offline.questions(laptop)

    # The child record is erased on the server before the question is answered: the answer is set aside too.
    postgres.admin_sql(f"DELETE FROM hearing WHERE child_id = {a.id}; DELETE FROM child WHERE id = {a.id}", db)
    assert offline.resolve(laptop, alex, question, "laptop") == "set aside"
    assert offline.questions(laptop) == [] and len(offline.set_aside(laptop)) == 2
    laptop.close()

    url = postgres.url(db, "cm_alex", postgres.PASSWORD)
    code, out, err = cli(capsys, monkeypatch, ["offline", "--copy", str(copy), "drop", "all", "--db", url],
                         KEY + "\n")
    assert code == 2 and "set-aside --export" in err and "--discard-set-aside" in err
    code, out, err = cli(capsys, monkeypatch, ["offline", "--copy", str(copy), "drop", "all",
                                               "--discard-set-aside"], KEY + "\n")
    assert code == 0, err
    laptop = offline.open_copy(copy, KEY)
    assert offline.set_aside(laptop) == [] and offline.children_taken(laptop) == []
    laptop.close()
    alex.close()
