"""Issue 26: a sync sends its changes in one server transaction per batch (whole children in each: a record and its
events together), and finds the changes the server already has with an index, not a scan of the audit trail."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text

from tests import postgres
from tests.offline_kit import KEY, as_, db  # noqa: F401 (db: a fixture)
from yjtui.store import Child, Hearing, Store, offline

pytestmark = pytest.mark.sqlite_only  # makes its own server database and laptop file

# The sync's own duplicate check (offline._present): the change id at the start of the detail, looked up.
DUPLICATE_CHECK = (f"SELECT {offline.CHANGE_ID} FROM audit WHERE detail LIKE 'offline %' AND {offline.CHANGE_ID} "
                   "IN ('offline 0123', 'offline 4567')")


def test_a_batch_of_whole_children_per_server_transaction(db, tmp_path):
    alex = as_(db, "cm_alex")
    kids = [alex.add(Child(given_name=f"Child{n}", family_name="Example")) for n in range(6)]
    hearings = {c.id: alex.add(Hearing(child_id=c.id, court="Example Youth Court")) for c in kids}
    laptop = offline.take(alex, [c.id for c in kids], tmp_path / "offline.db", KEY)
    for round_ in range(3):  # three changes a child, made round the caseload (the children's entries interleave)
        for c in kids:
            if round_ == 1:
                laptop.update(laptop.get(Hearing, hearings[c.id].id), "outcome", f"Adjourned {round_}")
            else:
                laptop.update(laptop.get(Child, c.id), "home_la", f"Somewhere {round_}")
    sent = [e.hash for batch in offline._batches(offline.unsynced(laptop), 7) for e in batch]
    commits = []
    event.listen(alex.engine, "commit", lambda conn: commits.append(1))
    result = offline.sync(laptop, alex, KEY, batch_size=7)  # two children (six changes) fit a batch, three do not
    assert result.batches == 3 and len(commits) == 3 and result.sent == 18
    # A batch's entries go onto the server's trail in one statement, numbered by the server in the order sent.
    joined = [e.detail[len(offline.MARK):len(offline.MARK) + 64] for e in alex.audit_entries()
              if e.detail.startswith(offline.MARK)]
    assert joined == sent and alex.verify_audit()[0]
    # Each transaction held whole children: two children's three entries each, in the order they were made.
    trail = [e.child_id for e in alex.audit_entries() if e.detail.startswith(offline.MARK)]
    for start in range(0, 18, 6):
        batch = trail[start:start + 6]
        assert len(set(batch)) == 2 and all(batch.count(cid) == 3 for cid in batch)
    laptop.close()
    alex.close()


def test_the_duplicate_check_uses_the_index_on_sqlite(tmp_path):
    store = Store(tmp_path / "server.db")
    with store.engine.connect() as conn:
        plan = " ".join(str(r) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + DUPLICATE_CHECK))
    assert "SEARCH audit USING INDEX ix_audit_offline_change" in plan  # a lookup, not a scan of the index
    store.close()


def test_the_duplicate_check_uses_the_index_on_a_team_server(db):
    store = Store(postgres.url(db))
    with store.engine.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")  # a new trail is small enough to read whole: ask for the plan
        plan = " ".join(r[0] for r in conn.execute(text("EXPLAIN " + DUPLICATE_CHECK)))
    assert "ix_audit_offline_change" in plan and "Index Cond" in plan  # looked up in the index
    store.close()
