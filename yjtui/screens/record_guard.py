"""The one way a workflow screen saves its records: never over another copy's change unasked.

Two copies of yjtui on one store (two users on a team server, two processes on one file) each hold the record as
they read it. `RecordGuard.save(record, {field: value, ...})` (or `save(record, field, value)`) writes the fields
this copy changed since it read them. When another copy saved the record meanwhile (the store refuses the write:
`ConflictError`, or this copy already holds their newer version), each field is merged against what this copy read
of it (`casework.merge`: a record's JSON entry by entry; a section both copies started since reading merges entry by
entry too). With nothing both changed, both copies' changes are saved and shown; where both changed the same entry
the user is asked once, about every such entry of the save side by side (keep mine / take theirs), and nothing saves
until they answer (later saves are held, the latest value kept, and go after the answer).

What this copy read is kept per field: a field saved after another copy's change came in (with an earlier field)
is still merged against what this copy read of it, not written over theirs. A screen that puts a record's fields
back on screen after a merge calls `read(record)` so that what it shows is what it edits from.

The question names each entry through `label(field, path)`; the screen shows the saved records through `show()`.
`merged` counts the times another copy's change was put on screen (completing waits when saving first brought one
in: the practitioner sees the record as it now is).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from yjtui.casework import merge
from yjtui.casework.records import ConflictError
from yjtui.screens.conflict import ConflictScreen, entry_label, shown_value

Key = tuple[type, Any]


def field_words(field: str, path: tuple[str, ...]) -> str:
    """A field's entry in words when the screen has none of its own: ('data', ('a_b',)) -> 'a b'."""
    return entry_label(path) if path else entry_label((field,))


class RecordGuard:
    def __init__(self, screen: Any, show: Callable[[], None],
                 label: Callable[[str, tuple[str, ...]], str] = field_words) -> None:
        self.screen, self.show, self.label = screen, show, label
        self._read: dict[Key, dict[str, Any]] = {}  # each record's fields as this copy last read or saved them
        self._records: dict[Key, Any] = {}  # the screen's own object for each record (kept at the newest version)
        self.held: dict[Key, tuple[Any, dict[str, Any]]] | None = None  # saves waiting for the answer
        self.merged = 0
        self.saving: Any = None  # the record whose save is being merged or asked about

    @property
    def asking(self) -> bool:
        """The question is open: nothing saves until it is answered."""
        return self.held is not None

    def started_as(self, record: Any, started: Any) -> None:
        """`record` was stored by another copy while this one held `started`, its own unsaved start of the same
        record (the court's new hearing, made on the first change): what this copy read of each field is
        `started`'s, so their entries are merged with this copy's, not written over."""
        key = (type(record), record.id)
        self._records[key] = record
        self._read[key] = {name: getattr(started, name) for name in type(record).model_fields}

    def read(self, record: Any, fields: tuple[str, ...] | None = None) -> None:
        """The screen has (re)read `record`, or saved it outside the guard: each field's base is its value now."""
        key = (type(record), record.id)
        self._records[key] = record
        base = self._read.setdefault(key, {})
        for name in fields or tuple(type(record).model_fields):
            base[name] = getattr(record, name)

    def save(self, record: Any, values: dict[str, Any] | str, value: Any = None) -> None:
        if isinstance(values, str):
            values = {values: value}
        key = (type(record), record.id)
        if self.held is not None:
            held = self.held.setdefault(key, (record, {}))
            held[1].update(values)
            return
        if self._records.get(key) is not record:
            self.read(record)
        base = self._read[key]
        mine = {f: v for f, v in values.items() if v != base[f]}
        if not mine:
            return  # as this copy read it: nothing of ours to save (another copy's value, if any, stays)
        store = self.screen.app.store
        if all(getattr(record, f) == base[f] for f in mine):
            try:
                for f, v in mine.items():
                    store.update(record, f, v)
                    base[f] = v
                return
            except ConflictError:
                pass
        mine = {f: v for f, v in mine.items() if v != base[f]}  # what is still to save
        store.reload(record)
        self._merge(key, record, mine, {f: base[f] for f in mine})

    def _merge(self, key: Key, record: Any, mine: dict[str, Any], before: dict[str, Any]) -> None:
        """Another copy changed the record since this copy read `before`: keep both, or ask once."""
        self.saving = record
        theirs = {f: getattr(record, f) for f in mine}
        clashes = [(f, c) for f, v in mine.items() for c in merge.clashes(before[f], v, theirs[f])]
        if not clashes:
            self._write(key, record, {f: merge.merge(before[f], v, theirs[f]) for f, v in mine.items()}, theirs)
            self.screen.notify("This record was also changed in another copy of yjtui; your changes and theirs "
                               "are both kept.", severity="warning", markup=False)
            self.merged += 1
            self.show()
            return
        self.held = {}

        def answer(choice: str | None) -> None:
            held, self.held = self.held or {}, None
            later = held.pop(key, (record, {}))[1]
            prefer = "theirs" if choice == "theirs" else "mine"
            latest = {**mine, **later}
            known = {f: before[f] if f in before else self._read[key][f] for f in latest}
            now = {f: theirs[f] if f in theirs else getattr(record, f) for f in latest}
            self._write(key, record, {f: merge.merge(known[f], v, now[f], prefer=prefer) for f, v in latest.items()},
                        now)
            for other, values in held.values():
                self.save(other, values)
            self.merged += 1
            self.show()

        rows = [(self.label(f, c.path), shown_value(c.before), shown_value(c.theirs), shown_value(c.mine))
                for f, c in clashes]
        self.screen.app.push_screen(ConflictScreen([], clashes=rows), answer)

    def _write(self, key: Key, record: Any, merged: dict[str, Any], theirs: dict[str, Any]) -> None:
        """Save the merged fields over the newest version (their values are now what this copy has read)."""
        self._read[key].update(theirs)
        self.save(record, merged)
