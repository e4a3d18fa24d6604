"""The offline day as a Hypothesis state machine: the laptop and the server edit entries of a plan's JSON and plain
fields of the child record, the laptop syncs (sometimes killed part way, then run again), and the user answers
questions. After every sync and answer:

- every edit is present once on the server, or waits as a question with both sides' final values;
- no entry changed on one side only is ever asked about or lost; an entry both changed to one value is not asked;
- the laptop's copy shows what the server holds (its questions keep the server's value until answered).

The model knows each entry's value as the laptop last matched the server (`base`), the laptop's value now, and the
server's; the store is the real one (a SQLite server file and the laptop's encrypted copy).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sqlalchemy import event
from sqlalchemy.engine import Engine

from tests.offline_kit import KEY
from yjtui.store import Child, Plan, Store, crypto, merge, offline

MISSING = merge.MISSING
# The entries: (record, field, path) -> the values they may take (few, so both sides often pick the same).
ENTRIES = {
    ("child", "given_name", ()): ["Ash", "Bo", "Cy"],
    ("child", "home_la", ()): ["Northshire", "Southshire"],
    ("plan", "data", ("order", "months")): [6, 12, 18, 24],
    ("plan", "data", ("order", "type")): ["yro", "dto"],
    ("plan", "data", ("contacts", "per_month")): [4, 8],
    ("plan", "data", ("questions", "duration")): ["short", "long", MISSING],  # MISSING: the answer cleared
}
START = {("child", "given_name", ()): "Ash", ("child", "home_la", ()): "Northshire",
         ("plan", "data", ("order", "months")): 12, ("plan", "data", ("order", "type")): "referral_order",
         ("plan", "data", ("contacts", "per_month")): MISSING, ("plan", "data", ("questions", "duration")): MISSING}
_template: dict = {}


def _fast_keys():
    original = crypto._apply_key

    def quick(con, key, pragma="key"):
        original(con, key, pragma)
        if pragma == "key":
            con.execute("PRAGMA kdf_iter = 1000")

    return original, quick


def _read(store: Store, ids: dict, entry) -> object:
    table, field, path = entry
    if table == "child":
        return getattr(store.get(Child, ids["child"]), field)
    node = json.loads(store.get(Plan, ids["plan"]).data)
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return MISSING
        node = node[key]
    return node


def _write(store: Store, ids: dict, entry, value) -> None:
    table, field, path = entry
    if table == "child":
        store.update(store.get(Child, ids["child"]), field, value)
        return
    plan = store.get(Plan, ids["plan"])
    data = json.loads(plan.data)
    node = data
    for key in path[:-1]:
        node = node.setdefault(key, {})
    if value is MISSING:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value
    store.update(plan, "data", json.dumps(data, sort_keys=True))


def _make_template() -> dict:
    """The server and a fresh copy, made once; each example starts from a copy of these files."""
    if _template:
        return _template
    folder = Path(tempfile.mkdtemp(prefix="yjtui-offline-state-"))
    server = Store(folder / "server.db")
    server.set_setting("practitioner", "cm_alex")
    server.close()
    server = Store(folder / "server.db")
    child = server.add(Child(given_name="Ash", family_name="Example", home_la="Northshire"))
    plan = server.add(Plan(child_id=child.id, data=json.dumps(
        {"order": {"type": "referral_order", "months": 12}, "contacts": {}, "questions": {}}, sort_keys=True)))
    offline.take(server, [child.id], folder / "offline.db", KEY).close()
    server.close()
    _template.update(folder=folder, ids={"child": child.id, "plan": plan.id})
    return _template


class Killed(BaseException):
    pass


class OfflineDay(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.original_key, quick = _fast_keys()
        crypto._apply_key = quick
        template = _make_template()
        self.folder = Path(tempfile.mkdtemp(prefix="yjtui-offline-day-"))
        for name in ("server.db", "offline.db"):
            shutil.copy(template["folder"] / name, self.folder / name)
        self.ids = template["ids"]
        self.server = Store(self.folder / "server.db")
        self.local = offline.open_copy(self.folder / "offline.db", KEY)
        self.base = dict(START)  # as the laptop last matched the server
        self.laptop = dict(START)
        self.on_server = dict(START)
        self.dirty: set[str] = set()  # records the laptop changed since it last matched the server
        self.asked: dict[tuple, tuple] = {}  # entry -> (base, laptop, server) of the question waiting

    def teardown(self):
        for s in (self.local, self.server):
            try:
                s.close()
            except Exception:
                pass
        crypto._apply_key = self.original_key
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- edits --------------------------------------------------------------------------------------------------
    @rule(data=st.data())
    def laptop_edits(self, data):
        entry = data.draw(st.sampled_from(sorted(ENTRIES, key=str)))
        value = data.draw(st.sampled_from(ENTRIES[entry]))
        if value != self.laptop[entry]:
            _write(self.local, self.ids, entry, value)
            self.laptop[entry] = value
            self.dirty.add(entry[0])

    @rule(data=st.data())
    def server_edits(self, data):
        entry = data.draw(st.sampled_from(sorted(ENTRIES, key=str)))
        value = data.draw(st.sampled_from(ENTRIES[entry]))
        if value != self.on_server[entry]:
            _write(self.server, self.ids, entry, value)
            self.on_server[entry] = value

    # --- sync ---------------------------------------------------------------------------------------------------
    def _expect_sync(self) -> None:
        for entry in ENTRIES:
            b, mine, theirs = self.base[entry], self.laptop[entry], self.on_server[entry]
            if mine == b:
                continue  # not changed on the laptop: the server's stands, a question waiting stays
            self.asked.pop(entry, None)  # the laptop changed it again: its newer change is what counts
            if theirs == b or theirs == mine:
                self.on_server[entry] = mine
            else:
                self.asked[entry] = (b, mine, theirs)
        self.base = dict(self.on_server)
        self.laptop = dict(self.on_server)
        self.dirty.clear()

    @rule()
    def sync(self):
        offline.sync(self.local, self.server, KEY, batch_size=2)
        self._expect_sync()

    @rule(step=st.integers(min_value=1, max_value=40))
    def sync_killed_then_run_again(self, step):
        count = [0]

        def step_taken(*_args, **_kw):
            count[0] += 1
            if count[0] == step:
                raise Killed()

        def sql(conn, cursor, statement, *args):
            if statement.split(None, 1)[0].upper() in ("INSERT", "UPDATE"):
                step_taken()

        original_fault = offline._fault
        offline._fault = step_taken
        event.listen(Engine, "before_cursor_execute", sql)
        event.listen(Engine, "commit", step_taken)
        try:
            offline.sync(self.local, self.server, KEY, batch_size=2)
        except Killed:
            pass
        finally:
            offline._fault = original_fault
            event.remove(Engine, "before_cursor_execute", sql)
            event.remove(Engine, "commit", step_taken)
        for s in (self.local, self.server):
            try:
                s.close()
            except Exception:
                pass
        self.server = Store(self.folder / "server.db")
        self.local = offline.open_copy(self.folder / "offline.db", KEY)
        offline.sync(self.local, self.server, KEY, batch_size=2)
        self._expect_sync()

    # --- answers ------------------------------------------------------------------------------------------------
    @precondition(lambda self: bool(self.asked))
    @rule(data=st.data(), choice=st.sampled_from(["laptop", "server"]))
    def answer(self, data, choice):
        waiting = offline.questions(self.local)
        question = data.draw(st.sampled_from(waiting))
        entry = (question.table, question.field, tuple(question.path))
        b, mine, theirs = self.asked[entry]
        outcome = offline.resolve(self.local, self.server, question, choice)
        now = self.on_server[entry]
        if choice == "server" or now == mine:
            assert outcome == "settled"
            del self.asked[entry]
        elif now == theirs:
            assert outcome == "settled"
            self.on_server[entry] = mine
            del self.asked[entry]
        else:
            assert outcome == "again"  # the server changed it again since: asked with its newer value
            self.asked[entry] = (b, mine, now)
            return
        if entry[0] not in self.dirty:  # the laptop's record is the server's again (no change of its own waits)
            for other in ENTRIES:
                if other[0] == entry[0]:
                    self.base[other] = self.laptop[other] = self.on_server[other]

    # --- what must always hold ----------------------------------------------------------------------------------
    @invariant()
    def the_server_holds_every_edit_once(self):
        for entry in ENTRIES:
            assert _read(self.server, self.ids, entry) == self.on_server[entry], entry
        marks = [e.detail for e in self.server.audit_entries() if e.detail.startswith(offline.MARK)]
        assert len(marks) == len(set(marks))

    @invariant()
    def the_questions_are_the_entries_both_changed(self):
        found = {(q.table, q.field, tuple(q.path)): (q.base, q.laptop, q.server) for q in offline.questions(self.local)}
        assert found == self.asked

    @invariant()
    def the_laptop_shows_its_own_edits_and_else_the_server(self):
        for entry in ENTRIES:
            assert _read(self.local, self.ids, entry) == self.laptop[entry], entry


OfflineDay.TestCase.settings = settings(max_examples=12, stateful_step_count=8, deadline=None,
                                        suppress_health_check=[HealthCheck.too_slow], database=None)
test_offline_day = OfflineDay.TestCase
