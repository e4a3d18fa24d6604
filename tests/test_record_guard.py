"""A record saved field by field through the conflict guard: a field saved after another copy's change came in is
still merged against what this copy read of it, never written over theirs unasked (yjtui/screens/record_guard.py).
No app here: a stand-in screen records what the guard says and asks."""

from __future__ import annotations

import json
from types import SimpleNamespace

from yjtui.screens.record_guard import RecordGuard
from yjtui.store import Child, Hearing, Store


class Screen:
    def __init__(self, store: Store) -> None:
        self.app = SimpleNamespace(store=store, push_screen=lambda screen, answer: self.asked.append((screen,
                                                                                                     answer)))
        self.notes: list[str] = []
        self.asked: list = []
        self.shown = 0

    def notify(self, message: str, **_kw) -> None:
        self.notes.append(message)

    def show(self) -> None:
        self.shown += 1


def _two_copies(tmp_path):
    path = tmp_path / "one.db"
    setup = Store(path)
    child = setup.add(Child(given_name="Ash", family_name="Example"))
    hearing = setup.add(Hearing(child_id=child.id, court="Highbury", data=json.dumps({"a": 1, "b": 1}),
                                charges=json.dumps([{"offence": "Theft"}])))
    mine, theirs = Store(path), Store(path)
    return mine.get(Hearing, hearing.id), theirs.get(Hearing, hearing.id), mine, theirs


def _guard(store):
    screen = Screen(store)
    return RecordGuard(screen, show=screen.show), screen


def test_own_saves_of_several_fields_never_look_like_another_copys(tmp_path):
    hearing, _theirs, mine, _ = _two_copies(tmp_path)
    guard, screen = _guard(mine)
    guard.save(hearing, "data", json.dumps({"a": 2, "b": 1}))
    guard.save(hearing, "charges", json.dumps([]))
    guard.save(hearing, "court", "Camberwell")
    guard.save(hearing, "data", json.dumps({"a": 3, "b": 1}))
    assert screen.notes == [] and screen.asked == []
    assert hearing.version == 5 and hearing.court == "Camberwell"
    assert json.loads(mine.get(Hearing, hearing.id).data) == {"a": 3, "b": 1}


def test_a_second_field_is_merged_against_what_this_copy_read_not_written_over_theirs(tmp_path):
    hearing, other, mine, theirs = _two_copies(tmp_path)
    theirs.update(other, "data", json.dumps({"a": 1, "b": 2}))
    theirs.update(other, "charges", json.dumps([{"offence": "Robbery"}]))
    guard, screen = _guard(mine)
    guard.save(hearing, "data", json.dumps({"a": 2, "b": 1}))  # merged with theirs: no question
    assert json.loads(hearing.data) == {"a": 2, "b": 2} and screen.asked == []
    # This copy's charges were changed too, from what it read: theirs is not overwritten, the user is asked.
    guard.save(hearing, "charges", json.dumps([{"offence": "Burglary"}]))
    assert len(screen.asked) == 1 and guard.asking
    question, answer = screen.asked[0]
    assert [row[2:] for row in question.clashes] == [("1 item", "1 item")]
    assert json.loads(mine.get(Hearing, hearing.id).charges) == [{"offence": "Robbery"}]
    answer("theirs")
    assert json.loads(mine.get(Hearing, hearing.id).charges) == [{"offence": "Robbery"}]
    assert json.loads(hearing.charges) == [{"offence": "Robbery"}] and screen.shown == 2


def test_a_plain_field_saved_between_keeps_the_json_fields_merge(tmp_path):
    hearing, other, mine, theirs = _two_copies(tmp_path)
    theirs.update(other, "data", json.dumps({"a": 1, "b": 2}))
    guard, screen = _guard(mine)
    guard.save(hearing, "court", "Camberwell")  # meets their change: no clash, saved
    guard.save(hearing, "data", json.dumps({"a": 2, "b": 1}))  # typed before: merged with theirs, not over it
    saved = mine.get(Hearing, hearing.id)
    assert saved.court == "Camberwell" and json.loads(saved.data) == {"a": 2, "b": 2}
    assert screen.asked == []


def test_the_question_names_the_field(tmp_path):
    hearing, other, mine, theirs = _two_copies(tmp_path)
    theirs.update(other, "court", "Camberwell")
    screen = Screen(mine)
    guard = RecordGuard(screen, show=screen.show, label=lambda field, path: f"{field}:{'/'.join(path)}")
    guard.save(hearing, "court", "Stratford")
    question, answer = screen.asked[0]
    assert question.clashes == [("court:", "Highbury", "Camberwell", "Stratford")]
    answer("mine")
    assert mine.get(Hearing, hearing.id).court == "Stratford" and hearing.court == "Stratford"


def test_a_section_both_copies_started_merges_entry_by_entry(tmp_path):
    hearing, other, mine, theirs = _two_copies(tmp_path)
    theirs.update(other, "data", json.dumps({"a": 1, "b": 1, "known": {"current_orders": "Referral Order"},
                                             "package": {"conditions": {"curfew": True}}}))
    guard, screen = _guard(mine)
    guard.save(hearing, "data", json.dumps({"a": 1, "b": 1, "known": {"previous_bail": "Complied"},
                                            "package": {"conditions": {"tag": True}, "support": "iss"}}))
    assert screen.asked == [] and screen.shown == 1
    assert json.loads(mine.get(Hearing, hearing.id).data) == {
        "a": 1, "b": 1, "known": {"current_orders": "Referral Order", "previous_bail": "Complied"},
        "package": {"conditions": {"curfew": True, "tag": True}, "support": "iss"}}


def test_the_same_entry_of_a_section_both_started_is_still_asked(tmp_path):
    hearing, other, mine, theirs = _two_copies(tmp_path)
    theirs.update(other, "data", json.dumps({"a": 1, "b": 1, "known": {"previous_bail": "Breached"}}))
    guard, screen = _guard(mine)
    guard.save(hearing, "data", json.dumps({"a": 1, "b": 1, "known": {"previous_bail": "Complied"}}))
    [(question, _answer)] = screen.asked
    assert question.clashes == [("known › previous bail", "", "Breached", "Complied")]


def test_a_save_of_several_fields_asks_once_about_every_entry_both_changed(tmp_path):
    """One question for the whole save (the risk screen asked field by field, one question after another)."""
    hearing, other, mine, theirs = _two_copies(tmp_path)
    theirs.update(other, "court", "Camberwell")
    theirs.update(other, "data", json.dumps({"a": 5, "b": 1}))
    guard, screen = _guard(mine)
    guard.save(hearing, {"court": "Stratford", "data": json.dumps({"a": 6, "b": 2})})
    [(question, answer)] = screen.asked
    assert [row[0] for row in question.clashes] == ["court", "a"]
    assert mine.get(Hearing, hearing.id).court == "Camberwell"  # nothing saved while asking
    guard.save(hearing, "court", "Stratford Youth Court")  # typed on meanwhile: held, goes with the answer
    assert len(screen.asked) == 1
    answer("mine")
    saved = mine.get(Hearing, hearing.id)
    assert saved.court == "Stratford Youth Court" and json.loads(saved.data) == {"a": 6, "b": 2}
    assert screen.shown == 1 and not guard.asking
