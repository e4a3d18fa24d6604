"""Find any reference entry as the practitioner types: "burg", "CJSM", "curfew", "notification 15".

Every query word must match somewhere in an entry (whole word, word prefix, or inside a word); an exact
abbreviation or title match ranks first. If nothing matches, a word is allowed one small typo (difflib against
the index's vocabulary). The index is built once per loaded data and reused on every keystroke.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass
from typing import Iterable

from yjtui.reference.loader import RefEntry, RefSet, load_all

_WORD = re.compile(r"[a-z0-9]+")

# Field weights: the title and keywords (abbreviations, offence names) say what an entry is; the body only mentions.
TITLE, KEYWORD, BODY = 3, 2.5, 1
# Match kinds: the whole word, the start of a word, anywhere inside a word.
EXACT, PREFIX, INSIDE = 3, 2, 1
TYPO = 0.5


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _norm(text: str) -> str:
    return " ".join(words(text))


@dataclass(frozen=True)
class Hit:
    """One search result: the entry and how well it matched (higher is better)."""

    entry: RefEntry
    score: float

    @property
    def set(self) -> str:
        return self.entry.set

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def title(self) -> str:
        return self.entry.title


class SearchIndex:
    """An inverted index from words to entries, with a sorted vocabulary for prefix look-ups."""

    def __init__(self, entries: Iterable[RefEntry]):
        self.entries: list[RefEntry] = list(entries)
        # word -> {entry index: best field weight}
        self.postings: dict[str, dict[int, float]] = {}
        # normalised titles and abbreviations, then keywords, for the exact-match bonuses
        self.exact_names: list[set[str]] = []
        self.keyword_names: list[set[str]] = []
        self.title_norm: list[str] = []
        for i, e in enumerate(self.entries):
            for weight, text in ((TITLE, e.title), (KEYWORD, " ".join(e.keywords)), (BODY, e.body), (BODY, e.id)):
                for w in words(text):
                    slot = self.postings.setdefault(w, {})
                    if slot.get(i, 0) < weight:
                        slot[i] = weight
            names = {_norm(e.title)}
            abbr = e.raw.get("abbreviation") if isinstance(e.raw, dict) else None
            if isinstance(abbr, str):
                names.add(_norm(abbr))
            self.exact_names.append(names)
            self.keyword_names.append({_norm(k) for k in e.keywords} - {""})
            self.title_norm.append(_norm(e.title))
        self.vocab: list[str] = sorted(self.postings)
        self._by_len: dict[int, list[str]] = {}
        for w in self.vocab:
            self._by_len.setdefault(len(w), []).append(w)

    def _term_matches(self, term: str) -> dict[int, float]:
        """Best score per entry for one query word: whole word > prefix > inside a word."""
        best: dict[int, float] = {}

        def add(word: str, kind: float) -> None:
            for i, weight in self.postings[word].items():
                s = weight * kind
                if s > best.get(i, 0):
                    best[i] = s

        if term in self.postings:
            add(term, EXACT)
        start = bisect.bisect_left(self.vocab, term)
        for j in range(start, len(self.vocab)):
            w = self.vocab[j]
            if not w.startswith(term):
                break
            if w != term:
                add(w, PREFIX)
        if len(term) >= 3:
            for w in self.vocab:
                if term in w and not w.startswith(term):
                    add(w, INSIDE)
        return best

    def _typo_matches(self, term: str) -> dict[int, float]:
        """A near spelling of the word (one slip of the finger), only tried when the exact search fails."""
        if len(term) < 4:
            return {}
        pool = [w for n in range(len(term) - 2, len(term) + 3) for w in self._by_len.get(n, ())]
        best: dict[int, float] = {}
        for w in difflib.get_close_matches(term, pool, n=5, cutoff=0.8):
            for i, weight in self.postings[w].items():
                best[i] = max(best.get(i, 0), weight * TYPO)
        return best

    def search(self, query: str, sets: Iterable[str] | None = None, limit: int = 50) -> list[Hit]:
        terms = list(dict.fromkeys(words(query)))
        if not terms or limit <= 0:
            return []
        wanted = set(sets) if sets is not None else None
        per_term = [self._term_matches(t) for t in terms]
        if any(not m for m in per_term):
            per_term = [m or self._typo_matches(t) for m, t in zip(per_term, terms)]
        per_term.sort(key=len)
        scores = dict(per_term[0])
        for m in per_term[1:]:
            scores = {i: s + m[i] for i, s in scores.items() if i in m}
            if not scores:
                return []
        whole = " ".join(terms)
        hits: list[tuple[int, Hit]] = []
        for i, s in scores.items():
            e = self.entries[i]
            if wanted is not None and e.set not in wanted:
                continue
            if whole in self.exact_names[i]:
                s += 100
            elif whole in self.keyword_names[i]:
                s += 40
            elif self.title_norm[i].startswith(whole):
                s += 20
            hits.append((i, Hit(e, s)))
        # Ties keep the data files' order: each set lists its entries most useful first.
        hits.sort(key=lambda ih: (-ih[1].score, ih[0]))
        return [h for _, h in hits[:limit]]


_INDEXES: dict[int, tuple[dict[str, RefSet], SearchIndex]] = {}


def index_for(refsets: dict[str, RefSet] | None = None) -> SearchIndex:
    """The index for these loaded sets (default: everything), built on first use and then reused."""
    refsets = load_all() if refsets is None else refsets
    cached = _INDEXES.get(id(refsets))
    if cached is None or cached[0] is not refsets:
        cached = (refsets, SearchIndex(e for s in refsets.values() for e in s.entries))
        _INDEXES[id(refsets)] = cached
    return cached[1]


def search(
    query: str, sets: Iterable[str] | None = None, limit: int = 50, *, refsets: dict[str, RefSet] | None = None
) -> list[Hit]:
    """Entries matching every word of the query, best first (exact abbreviation or title first)."""
    return index_for(refsets).search(query, sets=sets, limit=limit)
