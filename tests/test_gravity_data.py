"""The shipped gravity matrix (data/gravity.json) checked against its source, seed 002 L8408–L13505.

How the rows re-read against the seed were chosen (`SAMPLE`):
- the first and the last row of every offence group heading (28 headings), so every category's ends are checked;
- every row that carries a note (CPS referral, stacked sub-rows, advice printed in a factor or score column);
- every row whose seed line is cited by a recorded oddity (duplicates, inconsistent scores, missing scores,
  typos, factors in a doubtful column);
- every row with no score;
- plus 15 rows drawn with `random.Random(2002)`, so the sample is fixed and a failure is reproducible.
For each sampled row the test re-reads the seed from the cited line up to the next row's line and asserts that
the offence text, the printed legislation, every factor, and the score appear there.

Every row (not only the sample) is checked for its citation form and range, score range, and heading.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = json.loads((ROOT / "data" / "gravity.json").read_text(encoding="utf-8"))
SEED = ROOT.parent / "shared" / "seeds" / "002_9d68e6d4c03aa137.txt"
FIRST, LAST = 8408, 13505
CITE = re.compile(r"^seed 002 L(\d+)$")

needs_seed = pytest.mark.skipif(not SEED.exists(), reason="seed 002 not beside the repo (../shared/seeds)")


def _lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def line_of(citation: str) -> int:
    m = CITE.match(citation)
    assert m, citation
    return int(m.group(1))


ENTRIES = DATA["entries"]
STARTS = sorted({line_of(e["citation"]) for e in ENTRIES})


def window(lines: list[str], start: int) -> str:
    """Seed text of one row: from its first line to the line before the next row (or the matrix end)."""
    later = [s for s in STARTS if s > start]
    end = later[0] - 1 if later else LAST
    return norm(" ".join(lines[start - 1 : end]))


def _sample() -> list[int]:
    idx: set[int] = set()
    by_cat: dict[str, list[int]] = {}
    for i, e in enumerate(ENTRIES):
        by_cat.setdefault(e["category"], []).append(i)
    for rows in by_cat.values():
        idx.update({rows[0], rows[-1]})
    odd_lines = {line_of(o["citation"]) for o in DATA["oddities"]}
    for i, e in enumerate(ENTRIES):
        if e["notes"] or e["score"] is None or line_of(e["citation"]) in odd_lines:
            idx.add(i)
    rest = sorted(set(range(len(ENTRIES))) - idx)
    idx.update(random.Random(2002).sample(rest, 15))
    return sorted(idx)


SAMPLE = _sample()


def test_shape_and_header():
    assert DATA["set"] == "gravity"
    assert DATA["title"] == "ACPO Youth Gravity Factor Matrix"
    assert DATA["source"] == "seed 002 L8408–L13505"
    assert set(DATA) == {"set", "title", "source", "general_factors", "score_meanings", "caveats", "oddities",
                         "entries"}
    keys = {"offence", "category", "score", "aggravating", "mitigating", "notes", "legislation", "citation"}
    for e in ENTRIES:
        assert set(e) == keys, e["offence"]
        assert isinstance(e["aggravating"], list) and isinstance(e["mitigating"], list)
        assert all(isinstance(f, str) and f.strip() for f in e["aggravating"] + e["mitigating"])
        assert isinstance(e["notes"], str) and isinstance(e["legislation"], str)


def test_counts_match_note_c():
    # Note C §6: 204 offence rows over 28 headings. Note C scores shoplifting 2; we leave it null (see oddities).
    assert len(ENTRIES) == 204
    assert len({e["category"] for e in ENTRIES}) == 28
    assert Counter(e["score"] for e in ENTRIES) == {4: 64, 3: 70, 2: 62, 1: 6, None: 2}


def test_every_citation_is_inside_the_matrix():
    for e in ENTRIES:
        assert 9030 <= line_of(e["citation"]) <= LAST, e
    for group in (DATA["general_factors"]["aggravating"], DATA["general_factors"]["mitigating"],
                  DATA["score_meanings"], DATA["caveats"], DATA["oddities"]):
        for item in group:
            assert FIRST <= line_of(item["citation"]) <= LAST, item


def test_scores_are_1_to_4_or_null_with_a_reason():
    for e in ENTRIES:
        assert e["score"] is None or (type(e["score"]) is int and 1 <= e["score"] <= 4), e
        if e["score"] is None:
            assert e["notes"], f"null score needs a reason in notes: {e['offence']}"
            assert line_of(e["citation"]) in {line_of(o["citation"]) for o in DATA["oddities"]}


def test_no_unrecorded_duplicates():
    seen = Counter((e["offence"].casefold(), e["category"]) for e in ENTRIES)
    dupes = [k for k, n in seen.items() if n > 1]
    odd_lines = {line_of(o["citation"]) for o in DATA["oddities"]}
    for offence, category in dupes:
        lines = {line_of(e["citation"]) for e in ENTRIES if (e["offence"].casefold(), e["category"]) ==
                 (offence, category)}
        assert lines & odd_lines, f"duplicate not recorded as an oddity: {offence} / {category}"


def test_the_recorded_cross_category_conflict_is_kept():
    # Note C §5.9: trespass with intent to commit a sexual offence is 3 under BURGLARY, 4 under SEXUAL OFFENCES.
    trespass = {e["category"]: e["score"] for e in ENTRIES if e["offence"].lower().startswith("trespass with intent")}
    assert trespass == {"BURGLARY": 3, "SEXUAL OFFENCES": 4}


def test_score_meanings_cover_1_to_4():
    assert sorted(m["score"] for m in DATA["score_meanings"]) == [1, 2, 3, 4]


@needs_seed
def test_category_is_the_nearest_heading_above_the_row():
    lines = _lines()
    headings = {e["category"] for e in ENTRIES}
    for e in ENTRIES:
        n = line_of(e["citation"])
        above = next(norm(lines[k - 1]) for k in range(n - 1, 9029, -1) if norm(lines[k - 1]) in headings)
        assert above == e["category"], e["offence"]


@needs_seed
@pytest.mark.parametrize("i", SAMPLE, ids=lambda i: f"{ENTRIES[i]['citation']}:{ENTRIES[i]['offence'][:30]}")
def test_sampled_row_matches_the_seed(i):
    e = ENTRIES[i]
    text = window(_lines(), line_of(e["citation"]))
    offence = norm(e["offence"])
    assert offence in text or all(part in text for part in offence.split(" - ")), offence
    if e["legislation"]:
        assert norm(e["legislation"]) in text
    for factor in e["aggravating"] + e["mitigating"]:
        assert norm(factor) in text, factor
    if e["score"] is not None:
        # score cells are bare digits on their own line
        assert re.search(rf"(^|\s){e['score']}(\s|$)", text), e["score"]


@needs_seed
def test_general_factors_caveats_and_meanings_quote_their_lines():
    lines = _lines()
    items = (DATA["general_factors"]["aggravating"] + DATA["general_factors"]["mitigating"] + DATA["caveats"])
    for item in items:
        n = line_of(item["citation"])
        quoted = norm(item["text"].removeprefix("Traffic offences: "))
        assert norm(" ".join(lines[n - 1 : n + 3])).startswith(quoted[:60]), item
    for m in DATA["score_meanings"]:
        assert norm(lines[line_of(m["citation"]) - 1]) == norm(m["meaning"])
    assert len(DATA["general_factors"]["aggravating"]) == 13 + 3  # + traffic factors (L8940-L8952)
    assert len(DATA["general_factors"]["mitigating"]) == 10 + 3
