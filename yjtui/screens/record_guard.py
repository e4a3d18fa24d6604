"""A screen's records saved field by field through `ConflictGuard`, each field against what this copy read of it.

`ConflictGuard.save(record, field, value)` reloads the record when a save meets another copy's change, so the
record's other fields then hold the other copy's values under the newest version. A screen saving another field of
that record next (the court screen saves a hearing's `data`, then its `charges`; the court's name between two
pauses in typing) would write its own value over theirs unasked: the store sees an up-to-date version.

`RecordGuard` saves each field through a copy of the record as this copy last read or saved that field. Where
another copy changed the field, its copy keeps the old version: the store refuses the save and the guard merges
it against what this copy read (or asks). Where the field is as this copy read it, its copy takes the newest
version read, so this copy's own saves never look like another copy's. The screen's own object is kept at the
newest version read, for what the screen shows.

A section of a record's JSON that neither copy had when it read the record and both have since started (the
court's "known" entries: one copy types the previous bail compliance, the other the current orders) is merged
entry by entry, as though this copy had read it empty: `casework.merge` would otherwise count the two new sections
as one clash, and "keep mine" would drop the other copy's entries in it.

The question names the field as well as the entry: `label(field, path)`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from yjtui.casework.records import ConflictError
from yjtui.screens.conflict import ConflictGuard, entry_label

_ABSENT: Any = object()


def _copy(record: Any) -> Any:
    return type(record)(**record.model_dump())


def _adopt(target: Any, source: Any) -> None:
    for name, value in source.model_dump().items():
        setattr(target, name, value)


def _json(text: Any) -> Any:
    if text in (None, ""):
        return None
    if isinstance(text, str) and text[:1] in ("{", "["):
        try:
            return json.loads(text)
        except ValueError:
            pass
    return _ABSENT  # not JSON: a plain value, left as it is


def _sections(base: Any, mine: Any, theirs: Any) -> Any:
    if not (isinstance(mine, dict) and isinstance(theirs, dict)):
        return base
    if base is _ABSENT or base is None:
        base = {}
    if not isinstance(base, dict):
        return base
    out = dict(base)
    for key, value in mine.items():
        if key in theirs:
            sub = _sections(base.get(key, _ABSENT), value, theirs[key])
            if sub is not _ABSENT:
                out[key] = sub
    return out


def with_sections(base: Any, mine: Any, theirs: Any) -> Any:
    """`base` (JSON text) with an empty section wherever it has none but both other copies started one."""
    parsed, m, t = _json(base), _json(mine), _json(theirs)
    if not (isinstance(m, dict) and isinstance(t, dict)) or parsed is _ABSENT:
        return base
    out = _sections(parsed, m, t)
    return base if out == parsed else json.dumps(out, ensure_ascii=False, sort_keys=True)


def field_words(field: str, path: tuple[str, ...]) -> str:
    """A field's entry in words when the screen has none of its own: ('data', ('a_b',)) -> 'a b'."""
    return entry_label(path) if path else entry_label((field,))


class RecordGuard(ConflictGuard):
    """`ConflictGuard` for records saved one field at a time (see the module's docstring).

    `show` puts the records' saved values back on the screen; `label(field, path)` names an entry for the
    question. After saving a record outside the guard (a casework call), `read(record)` starts again from it."""

    def __init__(self, screen: Any, show: Callable[[], None],
                 label: Callable[[str, tuple[str, ...]], str] = field_words) -> None:
        self.field = ""  # the field being saved: the question's words name it
        super().__init__(screen, show=self._settled, label=lambda path: label(self.field, path))
        self._show = show
        self._records: dict[tuple[type, Any], Any] = {}  # the screen's own object for each record
        self._copies: dict[tuple[type, Any], dict[str, Any]] = {}  # each record's fields: the record as last read

    def read(self, record: Any) -> None:
        """The screen has just read `record` (or saved it outside the guard): each field's base is its value now."""
        key = (type(record), record.id)
        self._records[key] = record
        self._copies[key] = {name: _copy(record) for name in type(record).model_fields}

    def save(self, record: Any, field: str, value: Any) -> None:
        self.field = field
        key = (type(record), record.id)
        copies = self._copies.get(key)
        if copies is not None and any(copy is record for copy in copies.values()):
            super().save(record, field, value)  # the guard's own call: a merge, or a save held while it asked
        else:
            if self._records.get(key) is not record:
                self.read(record)
            copy = self._copies[key][field]
            if not self.asking and getattr(copy, field) != value:
                try:
                    self.screen.app.store.update(copy, field, value)
                except ConflictError as conflict:
                    # Another copy saved first: the guard merges (or asks), against the base as this copy read
                    # it, with the sections both copies started since taken as empty when read.
                    setattr(copy, field, with_sections(getattr(copy, field), value, conflict.theirs))
                    super().save(copy, field, value)
            else:
                super().save(copy, field, value)  # nothing to save; or held while the user is asked
        self._settle(key)

    def _settle(self, key: tuple[type, Any]) -> None:
        copies = self._copies[key]
        newest = max(copies.values(), key=lambda copy: copy.version)
        for field, copy in copies.items():
            # The field is as this copy last read it in the newest version read: that version is its base now.
            if copy.version < newest.version and getattr(copy, field) == getattr(newest, field):
                _adopt(copy, newest)
        shown = self._records[key]
        if shown.version < newest.version:
            _adopt(shown, newest)

    def _settled(self) -> None:
        for key in self._copies:
            self._settle(key)
        self._show()
