"""The moves screen (F7), driven by keys: a YRO with a curfew transferred from request to agreement, a transfer
blocked by a pending breach (and why), and a child turning 18 during an order (the timeline's dates, the earlier
one due, the board lists them). Exports are written and logged as disclosures."""

from __future__ import annotations

import json
from datetime import date

from textual.widgets import DataTable, Input, Static

from yjtui.casework import board, moves
from yjtui.screens.forms import Choice
from yjtui.screens.export_modal import ExportDialog
from yjtui.screens.moves import MovesScreen
from yjtui.store import Audit, CaseRecord, Child, Event, TaskDone

SIZE = (120, 40)
TODAY = date(2026, 11, 23)


async def _open(app, pilot, child):
    app.open_child(child.id)
    await pilot.pause()
    await pilot.press("f7")
    await pilot.pause()
    assert isinstance(app.screen, MovesScreen)


async def _answer(pilot, app, choice_id, key):
    app.screen.query_one(f"#{choice_id}", Choice).focus()
    await pilot.press(key)
    await pilot.pause()


async def _type(pilot, app, field, text):
    widget = app.screen.query_one(f"#{field}", Input)
    widget.focus()
    widget.value = ""
    await pilot.press(*[{" ": "space", "/": "slash"}.get(ch, ch) for ch in text])
    await pilot.press("enter")
    await pilot.pause()


async def _fill(pilot, app, field, text):
    """Fields that are not what a test is about: filled directly (the screen saves them as typed text)."""
    app.screen.query_one(f"#{field}", Input).value = text
    await pilot.pause()


def _panel(app) -> str:
    return "\n".join(str(app.screen.query_one(f"#{p}", Static).render())
                     for p in ("panel-main", "panel-checks"))


def _data(store, child, kind) -> dict:
    return json.loads(moves.latest(store, child.id, kind).data)


async def test_transfer_of_a_yro_with_a_curfew_from_request_to_agreement(store, make_app, tmp_path):
    child = store.add(Child(given_name="Frankie", family_name="Example", date_of_birth=date(2010, 5, 2)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, child)
        await pilot.press("t")  # focus starts on the situation: t = transfer of the order
        await pilot.pause()
        assert "receiving YOT's operational manager" in str(app.screen.query_one("#situation-meaning", Static).render())
        await _type(pilot, app, "t-supervising_officer", "Sam Officer")
        await _fill(pilot, app, "t-home_yot", "Northshire YOT")
        await _fill(pilot, app, "t-host_yot", "Southvale YOT")
        await _answer(pilot, app, "ct-order_type", "y")
        await _answer(pilot, app, "ct-pending_breach", "n")
        await _answer(pilot, app, "ct-requirements_deliverable", "y")
        await _answer(pilot, app, "ct-monitoring_involved", "y")
        await _answer(pilot, app, "ct-monitoring_arranged", "n")
        assert "BLOCKED" in _panel(app) and "monitoring is never interrupted" in _panel(app)
        assert "L24081" in _panel(app)
        await _answer(pilot, app, "ct-monitoring_arranged", "y")
        await _type(pilot, app, "t-reasons", "Family move")
        await _type(pilot, app, "t-requested_on", "23/11/2026")
        assert "NOT YET KNOWN" in _panel(app)
        assert "25/11/2026" in _panel(app)  # the decision, two working days from the request (L24238)
        # The checklist: first three items answered by key.
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.query_one("#ct-checklist-assetplus", Choice).has_focus
        await pilot.press("y", "tab", "a", "tab", "a")
        await pilot.pause()
        await pilot.press("ctrl+up")
        await pilot.pause()
        await _answer(pilot, app, "ct-receiving_agreed", "y")
        assert "ALLOWED" in _panel(app)
        # Issue 23: ctrl+o records what happened, never today's date of its own: no decision date, nothing recorded.
        await pilot.press("ctrl+o")
        await pilot.pause()
        result = str(app.screen.query_one("#transfer-result", Static).render())
        assert "Not recorded: type the date the receiving YOT's operational manager agreed" in result
        assert app.focused.id == "t-decided_on"
        record = moves.latest(store, child.id, moves.TRANSFER)
        assert record.status == "draft" and "decided_on" not in json.loads(record.data)
        await _type(pilot, app, "t-decided_on", "23/11/2026")  # the day of the request: no later than today
        await pilot.press("ctrl+o")
        await pilot.pause()
        result = str(app.screen.query_one("#transfer-result", Static).render())
        assert "Transfer agreed by the receiving YOT on 23/11/2026: recorded" in result and "L24260" in result
        record = moves.latest(store, child.id, moves.TRANSFER)
        data = json.loads(record.data)
        # Responsibility stays with the originating YOT until the court transfers the order (4.68, L24249-24271).
        assert record.status == "complete" and data["responsible"] == "home" and "transferred_on" not in data
        assert data["decided_on"] == "2026-11-23"
        await _type(pilot, app, "t-transferred_on", "23/11/2026")
        await pilot.pause()
        data = json.loads(moves.latest(store, child.id, moves.TRANSFER).data)
        assert data["responsible"] == "receiving" and data["transferred_on"] == "2026-11-23"
        assert data["checklist"] == {"assetplus": "yes", "care_plan": "na", "ro_contract": "na"}
        assert data["monitoring_arranged"] == "yes" and data["order_type"] == "yro"
        # The request is an event: the documents deadline stays on the board, the decision is answered.
        request = [e for e in store.records(Event, child.id) if e.type == "transfer_requested"]
        assert len(request) == 1
        assert {t.rule for t in store.records(TaskDone, child.id)} == {"transfer.decision"}
        rows = board.collect(store, TODAY)
        assert [(r.rule, r.due_text) for r in rows] == [("transfer.send_documents", "24/11/2026")]
        # Export the transfer request: Word and text, logged as a disclosure.
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        await pilot.press(*"Southvale")
        app.screen.query_one("#export-purpose", Input).value = "transfer request"
        app.screen.query_one("#export-folder", Input).value = str(tmp_path)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MovesScreen)
        text = next(tmp_path.glob(f"transfer-request-record-{child.id}-*.txt")).read_text()
        assert (tmp_path / f"transfer-request-record-{child.id}-2026-11-23.docx").exists()
        assert "Reasons for the request" in text and "Family move" in text
        # Who it is sent to, in the document itself, not only in the disclosure log (issue 23).
        assert "Sent to: Southvale (purpose: transfer request)" in text.splitlines()[:5]
        import docx

        word = docx.Document(str(tmp_path / f"transfer-request-record-{child.id}-2026-11-23.docx"))
        assert "Sent to: Southvale (purpose: transfer request)" in [p.text for p in word.paragraphs]
        assert "Yes           Last completed AssetPlus Stage" in text
        assert "Transfer allowed: Yes" in text
        # Only the dates typed: the decision the day it was made, the court's transfer, the documents not yet sent.
        assert "Receiving YOT's decision (within two working days): 23/11/2026" in text
        assert "Documents sent (within one working day): (not recorded)" in text
        assert "The court transferred the order: 23/11/2026" in text
        disclosures = [a for a in store.audit_entries(child.id) if a.action == "disclose"]
        assert disclosures[-1].record == "transfer request" and "Southvale" in disclosures[-1].detail


async def test_transfer_blocked_by_a_pending_breach_says_why(store, make_app):
    child = store.add(Child(given_name="Blake", family_name="Sample", date_of_birth=date(2010, 1, 9)))
    data = {"situation": "transfer", "supervising_officer": "Sam Officer", "order_type": "yro",
            "pending_breach": "no", "requirements_deliverable": "yes", "monitoring_involved": "no",
            "receiving_agreed": "yes", "reasons": "family move"}
    store.add(CaseRecord(child_id=child.id, kind="transfer", data=json.dumps(data)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, child)
        assert "ALLOWED" in _panel(app)
        await _answer(pilot, app, "ct-pending_breach", "y")
        await pilot.press("ctrl+o")
        await pilot.pause()
        result = str(app.screen.query_one("#transfer-result", Static).render())
        assert "Not transferred" in result and "A breach is pending" in result and "L24275" in result
        assert "BLOCKED" in _panel(app)
    record = moves.latest(store, child.id, moves.TRANSFER)
    assert record.status == "draft" and "transferred_on" not in json.loads(record.data)
    assert json.loads(record.data)["pending_breach"] == "yes"


async def test_child_turning_18_during_an_order(store, make_app, tmp_path):
    # Turns 18 on 10/09/2027: 17y6m is 10/03/2027, 17y9m is 10/06/2027.
    child = store.add(Child(given_name="Casey", family_name="Placeholder", date_of_birth=date(2009, 9, 10)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, child)
        for _ in range(3):
            await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.query_one("#y-order_ends_on", Input).has_focus
        await pilot.press(*"31", "slash", *"01", "slash", *"2028", "enter")
        await pilot.pause()
        # Flagged at sentence: identified today, the order runs past 18 (L25322).
        assert app.screen.query_one("#y-identified_on", Input).value == "23/11/2026"
        assert "Eligible to transfer to Probation: yes" in _panel(app)
        await _type(pilot, app, "y-agreed_transfer_date", "01/08/2027")
        panel = _panel(app)
        # Pre-transfer meeting: by age 10/03/2027, from the transfer date 01/02/2027, the earlier due (L25562).
        assert "10/03/2027 | 01/02/2027 | DUE 01/02/2027" in panel
        # Multi-agency meeting: 10/06/2027 by age, 01/05/2027 from the transfer date (L25565).
        assert "10/06/2027 | 01/05/2027 | DUE 01/05/2027" in panel
        assert "Transition plan in place" in panel and "10/03/2027 | - | DUE 10/03/2027" in panel
        assert "protocol does not say which applies" in panel
        await pilot.press("ctrl+n")  # the transition plan's seven areas
        await pilot.pause()
        await pilot.press(*"Meet them", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        table = app.screen.query_one("#deadlines", DataTable)
        rows = [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
        text = "\n".join(rows)
        assert "01/02/2027" in text and "Initial pre-transfer meeting" in text
        assert "01/05/2027" in text and "Multi-agency transition meeting" in text
        assert "10/03/2027" in text and "Transition plan in place" in text
        assert "01/08/2027" in text and "Final transfer meeting" in text
    data = _data(store, child, moves.TRANSITION)
    assert data["plan"]["adult_system"] == "Meet them"
    event = [e for e in store.records(Event, child.id) if e.type == "transition_identified"][0]
    assert json.loads(event.data)["transfer_date"] == "2027-08-01"


async def test_a_date_typed_over_the_identified_date_filled_in_replaces_it(store, make_app):
    """Walk finding: the end date typed in a burst flags the child as identified today (seed 002 L24963), and the
    sentence date typed straight after into that field was added to today's ("02/12/202615/11/2026"), refused."""
    child = store.add(Child(given_name="Robin", family_name="Sample", date_of_birth=date(2009, 7, 10)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, child)
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n")
        await pilot.pause()
        assert app.focused.id == "y-order_ends_on"
        await pilot.press(*[{"/": "slash"}.get(k, k) for k in "01/12/2027"], "tab",
                          *[{"/": "slash"}.get(k, k) for k in "15/11/2026"])
        await pilot.pause()
        assert app.screen.query_one("#y-identified_on", Input).value == "15/11/2026"
        assert str(app.screen.query_one("#msg-y-identified_on", Static).render()) == ""
        app.screen.flush()
    assert _data(store, child, moves.TRANSITION)["identified_on"] == "2026-11-15"


def test_transition_plan_export_reads_well(store):
    from yjtui.casework.export import moves_export
    from yjtui.rules import evaluate

    child = store.add(Child(given_name="Casey", family_name="Placeholder", date_of_birth=date(2009, 9, 10)))
    data = {"order_ends_on": "2028-01-31", "agreed_transfer_date": "2027-08-01", "decision": "transfer",
            "rationale": "risk and desistance", "child_views": "wants to know the new worker", "decided_by": "M",
            "plan": {"views": "Casey's views recorded"}, "breach_order": "yro"}
    value = evaluate({"as_of": "2026-11-23", "child": {"date_of_birth": "2009-09-10"},
                      "transition": moves.transition_facts(data)}).values["transition"]
    text = moves_export.transition_plan(child, data, value, author="A Practitioner", today=TODAY).as_text()
    assert "01/02/2027  Initial pre-transfer meeting with the Probation Service (by age: 10/03/2027; from the " \
           "transfer date: 01/02/2027)" in text
    assert "Seek the views of the child and incorporate them into their plan." in text
    assert "Casey's views recorded" in text and "Decision: Transfer to the Probation Service" in text
    assert "18 or over Magistrates' Court" in text


def test_wales_records_no_english_timeline_but_keeps_mappa(store):
    store.set_setting("nation", "wales")
    child = store.add(Child(given_name="Dani", family_name="Example", date_of_birth=date(2009, 9, 10)))
    data = {"order_ends_on": "2028-01-31", "identified_on": "2026-11-23"}
    moves.sync_events(store, child, moves.TRANSITION, data, moves.nation(store), mappa=2)
    rules = {r.rule for r in board.collect(store, TODAY)}
    assert rules == {"mappa.transition_transfer"}  # L24963: England only; L18453: MAPPA in both nations


def test_cleared_date_takes_its_deadlines_off_the_board(store):
    child = store.add(Child(given_name="Eden", family_name="Sample", date_of_birth=date(2010, 9, 10)))
    data = {"situation": "caretaking", "started_on": "2026-11-23"}
    moves.sync_events(store, child, moves.TRANSFER, data, "england")
    assert [r.rule for r in board.collect(store, TODAY)] == ["transfer.caretaking_review"]  # L21747
    data.pop("started_on")
    moves.sync_events(store, child, moves.TRANSFER, data, "england")
    assert board.collect(store, TODAY) == []
    assert any(a.record == "taskdone" for a in store.audit_entries(child.id))


def test_a_recorded_date_answers_its_deadline_before_the_transfer_is_recorded(store):
    """Walk finding: 'Checklist documents sent on' and 'Receiving YOT decided on' were typed, yet the board kept
    both deadlines open (and overdue) until ctrl+o recorded the transfer, which a blocked transfer never does."""
    child = store.add(Child(given_name="Ira", family_name="Sample", date_of_birth=date(2010, 9, 10)))
    data = {"situation": "transfer", "requested_on": "2026-11-20"}
    moves.sync_events(store, child, moves.TRANSFER, data, "england")
    assert {r.rule for r in board.collect(store, TODAY)} == {"transfer.send_documents", "transfer.decision"}
    data["documents_sent_on"] = "2026-11-23"  # L24222: within 1 working day
    moves.sync_events(store, child, moves.TRANSFER, data, "england")
    assert {r.rule for r in board.collect(store, TODAY)} == {"transfer.decision"}
    data["decided_on"] = "2026-11-23"  # L24238: within 2 working days
    moves.sync_events(store, child, moves.TRANSFER, data, "england")
    assert board.collect(store, TODAY) == []


def test_out_of_area_notices_reach_the_board(store):
    child = store.add(Child(given_name="Gray", family_name="Sample", date_of_birth=date(2010, 9, 10)))
    data = {"out_of_area": {"police_interview": "2026-11-28T22:15", "court_outcome": "2026-11-28"}}
    moves.sync_events(store, child, moves.TRANSFER, data, "england")
    rows = {r.rule: r.due_text for r in board.collect(store, TODAY)}
    assert rows == {"out_of_area.interview_outcome": "29/11/2026 22:15",  # L21818: 24 hours
                    "out_of_area.notify_home": "30/11/2026"}  # L23204: Saturday court, first working day after


def test_date_and_time_typed_as_practitioners_do():
    from yjtui.casework.dates import DateError
    from yjtui.casework.moves import parse_when

    assert parse_when("28/11/2026 22:15") == (date(2026, 11, 28), (22, 15))
    assert parse_when("28/11/2026") == (date(2026, 11, 28), None)
    for bad in ("28/11/2026 25:00", "tomorrow", "28/11/2026 10:00 extra"):
        try:
            parse_when(bad)
        except DateError:
            continue
        raise AssertionError(bad)


async def test_countersigning_a_transfer_is_a_managers_act_and_never_the_authors(store, make_app):
    child = store.add(Child(given_name="Rowan", family_name="Example", date_of_birth=date(2010, 3, 14)))
    record = moves.start(store, child, moves.TRANSFER)
    store.update(record, "data", json.dumps({"situation": "transfer"}))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, child)
        await pilot.press("ctrl+g")  # as a case manager: refused (seed 002 L547)
        await pilot.pause()
        assert isinstance(app.screen, MovesScreen)
        app.set_role("manager")
        await pilot.press("ctrl+g", *record.author, "enter")  # the author's own name: refused
        await pilot.pause()
        assert store.get(CaseRecord, record.id).status != "countersigned"
        await pilot.press("ctrl+g", *"Mo Manager", "enter")
        await pilot.pause()
        signed = store.get(CaseRecord, record.id)
        assert (signed.status, signed.countersigned_by) == ("countersigned", "Mo Manager")


async def test_the_situation_keys_are_explained_before_one_is_pressed(store, make_app):
    """Issue 23: the situation showed `[h/o/c/s/t/l/r/u]` and explained a key only after it was pressed."""
    child = store.add(Child(given_name="Gale", family_name="Example", date_of_birth=date(2010, 5, 2)))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, child)
        legend = str(app.screen.query_one("#situation-meaning", Static).render())
        for key, words in (("h", "Home YOT"), ("o", "Host YOT"), ("c", "Caretaking"), ("s", "Moving within the family"),
                           ("t", "Transfer of the order"), ("l", "Looked-after child placed out of area"),
                           ("r", "Release from custody to another area"), ("u", "not recorded")):
            assert f"{key} {words}" in " ".join(legend.split()), key
        await pilot.press("t")
        await pilot.pause()
        after = " ".join(str(app.screen.query_one("#situation-meaning", Static).render()).split())
        assert "h Home YOT" in after and "receiving YOT's operational manager" in after  # the keys stay


async def test_a_saved_answer_reads_none_of_the_childs_records_again(store, make_app, monkeypatch):
    """Issue 26: every save on this screen read all the child's records again and brought the dated events in step
    (19 transactions per save). An answer that moves no date saves its record and nothing more; a date that moves
    an event brings the events in step."""
    from sqlalchemy import event as sa_event

    from yjtui.screens import debounce, lock

    monkeypatch.setattr(lock, "IDLE_CHECK_SECONDS", 3600.0)
    monkeypatch.setattr(debounce, "SAVE_DELAY", 3600.0)  # flush() saves
    child = store.add(Child(given_name="Kit", family_name="Example", date_of_birth=date(2010, 5, 2)))
    data = {"requested_on": "2026-11-20"}
    moves.sync_events(store, child, moves.TRANSFER, data, moves.nation(store))
    store.add(CaseRecord(child_id=child.id, kind=moves.TRANSFER, data=json.dumps(data)))
    app = make_app()
    statements: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, child)
        assert [e.type for e in store.records(Event, child.id)] == ["transfer_requested"]
        sa_event.listen(app.store.engine, "before_cursor_execute", lambda *a, **k: statements.append(a[2]))
        await _fill(pilot, app, "t-home_yot", "Northshire YOT")
        app.screen.flush()
        await pilot.pause()
        reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
        assert not [s for s in reads if " event" in s.lower() or "assessment" in s.lower()], reads
        assert len(statements) <= 8, statements
        assert _data(store, child, moves.TRANSFER)["home_yot"] == "Northshire YOT"
        await _fill(pilot, app, "t-requested_on", "21/11/2026")
        app.screen.flush()
        await pilot.pause()
    event = [e for e in store.records(Event, child.id) if e.type == "transfer_requested"]
    assert [e.at.date() for e in event] == [date(2026, 11, 21)]
