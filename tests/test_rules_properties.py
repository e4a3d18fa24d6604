"""Properties: evaluate answers any JSON object or names the bad field; RoSH suggestions are monotone."""

from __future__ import annotations

import copy
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yjtui.cli.evaluate import run_evaluate
from yjtui.rules import FactsError, evaluate, rosh_suggested, rosh_suggested_for
from yjtui.rules.facts import IMPACTS, LIKELIHOODS

from .test_evaluate_spec import SPEC_FACTS

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12) | st.sampled_from(["yes", "no", "unknown", "high", "likely", "critical", "2026-11-23",
                                               "2026-02-30", "remanded_to_yda", "2026-12-24T10:00"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["as_of", "child", "rosh", "bail", "events", "mappa", "safety_wellbeing",
                         "likelihood_of_reoffending", "behaviours", "outcomes", "offences", "judgement", "type",
                         "at", "date_of_birth", "yogrs_percent", "likelihood", "impact", "category", "level",
                         "necessity", "hearing_date", "concerns", "safeguarding", "grounds", "x"]) | st.text(max_size=8),
        children, max_size=6),
    max_leaves=30,
)
OBJECTS = st.dictionaries(st.sampled_from(list(SPEC_FACTS) + ["safeguarding", "zzz"]), JSON, max_size=8)
PACKS = st.lists(st.sampled_from(["national", "enfield", "leicester"]), max_size=3)


def _answers_or_names_field(facts, packs):
    try:
        e = evaluate(facts, packs)
    except FactsError as err:
        assert err.path and "\n" not in str(err)
        return None
    json.dumps(e.to_json())
    return e


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OBJECTS, PACKS)
def test_evaluate_never_crashes_on_json_objects(facts, packs):
    _answers_or_names_field(facts, packs)


def _paths(obj, prefix=()):
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _paths(v, prefix + (i,))


SPEC_PATHS = [p for p in _paths(SPEC_FACTS) if p]
WRONG = st.sampled_from([None, True, False, 0, -1, 3.5, 10**9, "", "huge", "2026-02-30", [], [1], {}, {"a": 1}])


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(SPEC_PATHS), WRONG, PACKS)
def test_spec_example_with_a_wrong_value_anywhere(path, value, packs):
    facts = copy.deepcopy(SPEC_FACTS)
    target = facts
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    try:
        evaluate(facts, packs)
    except FactsError as err:
        named = ".".join(str(k) for k in path)
        # the error names the changed field or one inside it
        flat = err.path.replace("[", ".").replace("]", "")
        assert flat.startswith(named) or named.startswith(flat), (err.path, path)


@settings(max_examples=150, deadline=None)
@given(OBJECTS | st.builds(lambda: copy.deepcopy(SPEC_FACTS)), PACKS)
def test_command_exits_0_or_2_and_stays_silent_on_2(facts, packs):
    out, err = io.StringIO(), io.StringIO()
    argv = (["--policy", ",".join(packs)] if packs else []) + ["-"]
    code = run_evaluate(argv, [], io.StringIO(json.dumps(facts)), out, err)
    assert code in (0, 2)
    if code == 2:
        assert out.getvalue() == "" and err.getvalue().startswith("error: ") and err.getvalue().count("\n") == 1
    else:
        json.loads(out.getvalue())
        assert err.getvalue() == ""


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_command_on_arbitrary_text(text):
    out, err = io.StringIO(), io.StringIO()
    code = run_evaluate(["-"], [], io.StringIO(text), out, err)
    assert code in (0, 2)
    if code == 2:
        assert out.getvalue() == ""


RANK = {"low": 0, "medium": 1, "high": 2, "very_high": 3}
RATED = st.lists(st.tuples(st.sampled_from(LIKELIHOODS), st.sampled_from(IMPACTS)), min_size=1, max_size=5)


@given(RATED, st.data())
def test_raising_likelihood_or_impact_never_lowers_the_suggestion(behaviours, data):
    i = data.draw(st.integers(0, len(behaviours) - 1))
    lk, im = behaviours[i]
    raised = list(behaviours)
    if data.draw(st.booleans()):
        lk = LIKELIHOODS[data.draw(st.integers(LIKELIHOODS.index(lk), len(LIKELIHOODS) - 1))]
    else:
        im = IMPACTS[data.draw(st.integers(IMPACTS.index(im), len(IMPACTS) - 1))]
    raised[i] = (lk, im)
    before, after = rosh_suggested(behaviours), rosh_suggested(raised)
    assert RANK[after[0]] >= RANK[before[0]] and RANK[after[1]] >= RANK[before[1]]


def test_matrix_is_monotone_cell_by_cell():
    for a, lk in enumerate(LIKELIHOODS):
        for b, im in enumerate(IMPACTS):
            lo, hi = rosh_suggested_for(lk, im)
            assert RANK[lo] <= RANK[hi]
            if a + 1 < len(LIKELIHOODS):
                nlo, nhi = rosh_suggested_for(LIKELIHOODS[a + 1], im)
                assert RANK[nlo] >= RANK[lo] and RANK[nhi] >= RANK[hi]
            if b + 1 < len(IMPACTS):
                nlo, nhi = rosh_suggested_for(lk, IMPACTS[b + 1])
                assert RANK[nlo] >= RANK[lo] and RANK[nhi] >= RANK[hi]
