"""Two copies' saves of one JSON record merge key by key; only entries both changed differently are clashes."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yjtui.casework import merge

BASE = json.dumps({"a": 1, "b": {"x": "old", "y": "old"}, "charges": [1]}, sort_keys=True)

CASES = [
    # (mine, theirs, merged when mine is preferred, clash paths)
    ({"a": 2}, {}, {"a": 2, "b": {"x": "old", "y": "old"}, "charges": [1]}, []),
    ({}, {"a": 3}, {"a": 3, "b": {"x": "old", "y": "old"}, "charges": [1]}, []),
    ({"b": {"x": "mine", "y": "old"}}, {"b": {"x": "old", "y": "theirs"}},
     {"a": 1, "b": {"x": "mine", "y": "theirs"}, "charges": [1]}, []),
    ({"a": 2}, {"a": 3}, {"a": 2, "b": {"x": "old", "y": "old"}, "charges": [1]}, [("a",)]),
    ({"charges": [1, 2]}, {"charges": [1, 3]}, {"a": 1, "b": {"x": "old", "y": "old"}, "charges": [1, 2]},
     [("charges",)]),
    ({"a": 2}, {"a": 2}, {"a": 2, "b": {"x": "old", "y": "old"}, "charges": [1]}, []),
]


def _edit(change):
    data = json.loads(BASE)
    data.update(change)
    return json.dumps(data, sort_keys=True)


@pytest.mark.parametrize("mine, theirs, merged, paths", CASES)
def test_merge_keeps_both_sides_and_finds_the_clashes(mine, theirs, merged, paths):
    m, t = _edit(mine), _edit(theirs)
    assert json.loads(merge.merge(BASE, m, t)) == merged
    assert [c.path for c in merge.clashes(BASE, m, t)] == paths


def test_a_clash_goes_to_the_side_the_user_chose():
    m, t = _edit({"a": 2, "b": {"x": "mine", "y": "old"}}), _edit({"a": 3})
    assert json.loads(merge.merge(BASE, m, t, prefer="theirs"))["a"] == 3
    assert json.loads(merge.merge(BASE, m, t, prefer="theirs"))["b"]["x"] == "mine"  # not a clash: kept
    assert json.loads(merge.merge(BASE, m, t, prefer="mine"))["a"] == 2


def test_a_key_one_side_deleted_and_the_other_changed_is_a_clash():
    data = json.loads(BASE)
    del data["a"]
    found = merge.clashes(BASE, json.dumps(data), _edit({"a": 5}))
    assert [(c.path, c.mine, c.theirs) for c in found] == [(("a",), merge.MISSING, 5)]
    assert "a" not in json.loads(merge.merge(BASE, json.dumps(data), _edit({"a": 5})))


def test_plain_values_merge_as_one_value():
    assert merge.merge("x", "mine", "x") == "mine"
    assert merge.merge("x", "x", "theirs") == "theirs"
    assert [c.path for c in merge.clashes("x", "mine", "theirs")] == [()]


values = st.recursive(st.none() | st.integers(0, 3) | st.text(max_size=2),
                      lambda inner: st.dictionaries(st.sampled_from("abc"), inner, max_size=3), max_leaves=8)


@given(values, values, values)
def test_one_sided_changes_never_clash_and_the_merge_keeps_them(base, mine, theirs):
    b = json.dumps({"d": base})
    m, t = json.dumps({"d": mine}), json.dumps({"d": theirs})
    if mine == base:  # only they changed: theirs, no question
        assert merge.clashes(b, m, t) == [] and json.loads(merge.merge(b, m, t)) == {"d": theirs}
    if theirs == base:
        assert merge.clashes(b, m, t) == [] and json.loads(merge.merge(b, m, t)) == {"d": mine}
    if not merge.clashes(b, m, t):  # no clash: the answer does not matter
        assert merge.merge(b, m, t, "mine") == merge.merge(b, m, t, "theirs")


def test_a_section_both_copies_started_since_reading_merges_entry_by_entry():
    """The court's 'known' entries: one copy types the bail compliance, the other the current orders."""
    mine, theirs = _edit({"known": {"bail": "complied"}}), _edit({"known": {"orders": "YRO"}})
    assert merge.clashes(BASE, mine, theirs) == []
    assert json.loads(merge.merge(BASE, mine, theirs))["known"] == {"bail": "complied", "orders": "YRO"}
