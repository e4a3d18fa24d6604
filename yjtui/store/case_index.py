"""The case list's search index: every child's name, YJS reference and date of birth, held in memory.

A court laptop may hold a whole service's caseload; search must answer each keystroke well inside a frame. The
index is read once, patched in place when a child changes (never rebuilt per save), and while the user only adds
letters the search narrows the previous answer instead of scanning everyone again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable

Row = tuple[int, str, str, str, object]  # id, given, family, YJS ref, date of birth (date or ISO text)


@dataclass
class ChildRow:
    """What the case list shows for one child."""

    id: int
    name: str
    date_of_birth: date | None
    looked_after: str
    yjs_ref: str


# The case list's columns, read by both the plain sqlite3 first paint (case_reader) and the full store.
CHILD_ROWS_SQL = ("SELECT id, given_name, family_name, date_of_birth, looked_after, yjs_ref FROM child "
                  "WHERE id IN ({marks})")


def child_rows(ids: list[int], fetched: Iterable[tuple]) -> list[ChildRow]:
    """The case list's rows in the order of `ids`, from the rows CHILD_ROWS_SQL read (a child gone is skipped)."""
    found = {r[0]: r for r in fetched}
    rows = []
    for cid in ids:
        r = found.get(cid)
        if r is None:
            continue
        dob = date.fromisoformat(str(r[3])[:10]) if r[3] else None
        rows.append(ChildRow(r[0], f"{r[1]} {r[2]}".strip() or "(no name yet)", dob, r[4], r[5]))
    return rows


def haystack(given: str, family: str, ref: str, dob: object) -> str:
    keys = [given or "", family or "", ref or ""]
    if dob:
        y, m, d = str(dob)[:10].split("-")
        keys += [f"{y}-{m}-{d}", f"{d}/{m}/{y}"]
    return " ".join(keys).lower()


def query_words(query: str) -> list[str]:
    # "14.03.2010" is typed as often as "14/03/2010".
    return [w for w in query.lower().replace(".", "/").split() if w]


class CaseIndex:
    def __init__(self, load: Callable[[], Iterable[Row]]):
        self._load = load
        self._ids: list[int] | None = None
        self._hay: list[str] = []
        self._pos: dict[int, int] = {}
        self._last: tuple[list[str], list[int]] | None = None  # previous words and matching positions

    def _ensure(self) -> None:
        if self._ids is None:
            rows = list(self._load())
            self._ids = [r[0] for r in rows]
            self._hay = [haystack(*r[1:]) for r in rows]
            self._pos = {cid: i for i, cid in enumerate(self._ids)}
            self._last = None

    def put(self, cid: int, given: str, family: str, ref: str, dob: date | str | None) -> None:
        """A child added or changed: patch its entry (new children go to the end of the list)."""
        if self._ids is None:
            return
        hay = haystack(given, family, ref, dob)
        i = self._pos.get(cid)
        if i is None:
            self._pos[cid] = len(self._ids)
            self._ids.append(cid)
            self._hay.append(hay)
        else:
            self._hay[i] = hay
        self._last = None

    def forget(self) -> None:
        self._ids = None

    def read_from(self, load: Callable[[], Iterable[Row]]) -> None:
        """Read through `load` from now on (the full store taking over the index the case list built first)."""
        self._load = load

    def search(self, query: str, limit: int | None = None) -> tuple[list[int], int]:
        """Ids of the first `limit` children matching every word, in the index's order (family name, then given
        name), and how many match in all."""
        self._ensure()
        words = query_words(query)
        if not words:
            return self._ids[:limit], len(self._ids)
        hay = self._hay
        positions: Iterable[int] | None = None
        if self._last is not None:
            last_words, last_pos = self._last
            # Still typing the same search (each earlier word still contained in its successor): narrow it.
            if len(last_words) <= len(words) and all(a in b for a, b in zip(last_words, words)):
                positions = last_pos
        first, rest = words[0], words[1:]
        if positions is None:
            found = [i for i, h in enumerate(hay) if first in h]
        else:
            found = [i for i in positions if first in hay[i]]
        for w in rest:
            found = [i for i in found if w in hay[i]]
        self._last = (words, found)
        ids = self._ids
        return [ids[i] for i in found[:limit]], len(found)
