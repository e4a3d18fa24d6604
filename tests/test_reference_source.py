"""Shipped reference data checked against the source text it cites.

How the samples are chosen: every entry of the small sets (fewer than 60 entries: YRO requirements, orders,
reports, bail, remand, MAPPA, timescales), and every 5th entry of the large lists (Schedule 15, glossary),
starting from the first so that both Schedule 15 parts and every glossary source are covered. For each sampled
entry the cited seed line is re-read and the entry's key words must appear within a few lines of it. YRO limits
are checked number by number: each limit must be written (as digits or words) at one of the entry's citations.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from yjtui.reference.loader import clear_cache, load_all

SEEDS = Path("/work/shared/seeds")
WINDOW = 4
NUMBER_WORDS = {2: "two", 3: "three", 6: "six", 12: "twelve", 5: "five", 1: "one", 4: "four", 10: "ten"}

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents are not on this machine")


@lru_cache(maxsize=None)
def seed_lines(n: str) -> list[str]:
    path = next(SEEDS.glob(f"{n}_*.txt"))
    return path.read_text(encoding="utf-8").splitlines()


def norm(s: str) -> str:
    s = s.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", s).lower()


def cited_lines(citation: str) -> list[tuple[str, int]]:
    return [(m.group(1), int(m.group(2))) for m in re.finditer(r"seed (\d{3}) L(\d+)", citation)]


def near(citation: str, window: int = WINDOW) -> str:
    out = []
    for n, line in cited_lines(citation):
        lines = seed_lines(n)
        assert 1 <= line <= len(lines), citation
        out.append(" ".join(lines[max(0, line - 1 - window): line + window]))
    return norm(" ".join(out))


def all_citations(raw: dict) -> str:
    cites = [raw.get("citation", "")] + list(raw.get("also", []))
    cites += [b.get("citation", "") for b in raw.get("limits_by_age", [])]
    return " ".join(cites)


@pytest.fixture(scope="module")
def sets():
    clear_cache()
    return load_all()


def samples(sets):
    for name, refset in sorted(sets.items()):
        if name == "gravity":
            continue  # checked by the gravity module's own tests
        stride = 1 if len(refset.entries) < 60 else 5
        yield from refset.entries[::stride]


def key_words(entry) -> list[str]:
    raw = entry.raw
    if entry.set == "glossary":
        return [raw["abbreviation"].split()[0].lower()]
    if entry.set == "schedule15":
        return [w for w in re.findall(r"[a-z]+", entry.title.lower()) if len(w) > 4][:2]
    if raw.get("anchor"):
        return [norm(raw["anchor"])]
    return []


def test_sampled_entries_match_their_cited_lines(sets):
    checked = 0
    for e in samples(sets):
        text = near(all_citations(e.raw))
        words = key_words(e)
        if e.set == "glossary":
            # the abbreviation, or its expansion where the source spells it out without the short form
            expansion = " ".join(norm(e.raw["expansion"]).split()[:2])
            assert words[0] in text or expansion in text, f"glossary/{e.id}: not near {e.citation}"
        elif words:
            missing = [w for w in words if w not in text]
            assert not missing, f"{e.set}/{e.id}: {missing} not near {e.citation}"
        else:
            # Otherwise at least one of its keywords or title words must be at the cited lines.
            cands = [norm(k) for k in e.keywords] + [w for w in re.findall(r"[a-z]{5,}", e.title.lower())]
            assert any(c in text for c in cands), f"{e.set}/{e.id}: none of {cands} near {e.citation}"
        checked += 1
    assert checked > 60


def _written(value: float, text: str) -> bool:
    v = int(value)
    forms = [str(v)] + ([NUMBER_WORDS[v]] if v in NUMBER_WORDS else [])
    return any(re.search(rf"(?<![0-9]){re.escape(f)}(?![0-9])", text) for f in forms)


def test_yro_limits_are_written_at_their_citations(sets):
    for e in sets["yro_requirements"].entries:
        text = near(all_citations(e.raw), window=2)
        limits = dict(e.raw["limits"])
        if "max_years" in limits:
            limits.pop("max_months", None)  # "three years" is written, 36 months is derived
        for key, value in limits.items():
            if value is None:
                continue
            ok = _written(value, text) or (key == "max_age" and _written(value + 1, text))  # "until 18" = max 17
            assert ok, f"{e.id}: {key}={value} not written near {all_citations(e.raw)}"
        for band in e.raw.get("limits_by_age", []):
            band_text = near(band["citation"], window=4)
            for key in ("min_hours", "max_hours"):
                assert _written(band[key], band_text), f"{e.id}: {band}"


@pytest.mark.parametrize(
    "entry_id, words",
    [
        # (entry, words that must be at its cited line) -- a table, so a failure names the line it breaks
        ("curfew", ["two hours", "20 hours", "112 hours", "six months"]),
        ("unpaid-work", ["40 hours", "240 hours", "12 months"]),
        ("activity", ["90 days"]),
        ("exclusion", ["three months"]),
        ("iss", ["90 and 180 days"]),
        ("la-residence", ["six months"]),
    ],
)
def test_yro_key_figures(sets, entry_id, words):
    e = sets["yro_requirements"].by_id(entry_id)
    text = near(e.citation, window=0)
    for w in words:
        assert w in text, f"{entry_id}: {w!r} not on {e.citation}"
        assert w.split()[0] in norm(e.body) or str(w) in norm(e.body)
