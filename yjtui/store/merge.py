"""Two copies saved one record: keep both where they changed different things, ask where they changed the same.

The one merge policy: two copies of the app saving one record (the screens, through `casework.merge`) and an offline
copy's changes sent back to the team server (`store.offline`) both merge here, so a record merges the same way
whether the other copy was online or a laptop away for the day.

A workflow record keeps its entries as JSON (`data`, `charges`). When this copy's save meets a record another copy
changed since it was read, the entries are merged key by key against what this copy read (the base): a key changed
on one side takes that side's value; a key changed on both sides to different values is a clash, shown to the user
side by side, and only their answer ("mine" or "theirs") settles it. Lists (charges, plan items) count as one value.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

Prefer = Literal["mine", "theirs"]
MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()  # a key one side does not have


@dataclass(frozen=True)
class Clash:
    path: tuple[str, ...]  # the key inside the record's JSON; () when the field is one plain value
    before: Any  # as this copy read it
    theirs: Any  # as the other copy saved it
    mine: Any  # as this copy is saving it


def _parse(value: Any) -> tuple[Any, bool]:
    """A stored field's value as data, and whether it was JSON text (to write it back the same way)."""
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return json.loads(value), True
        except ValueError:
            pass
    return value, False


def _walk(base: Any, mine: Any, theirs: Any, path: tuple[str, ...], prefer: Prefer | None,
          clashes: list[Clash]) -> Any:
    if mine == theirs:
        return mine
    if mine == base:
        return theirs
    if theirs == base:
        return mine
    if (base is MISSING or base is None) and isinstance(mine, dict) and isinstance(theirs, dict):
        base = {}  # a section both copies started since reading: merged entry by entry
    if isinstance(base, dict) and isinstance(mine, dict) and isinstance(theirs, dict):
        out: dict[str, Any] = {}
        keys = [*mine, *(k for k in theirs if k not in mine), *(k for k in base if k not in mine and k not in theirs)]
        for key in keys:
            b, m, t = base.get(key, MISSING), mine.get(key, MISSING), theirs.get(key, MISSING)
            value = _walk(b, m, t, (*path, str(key)), prefer, clashes)
            if value is not MISSING:
                out[key] = value
        return out
    clashes.append(Clash(path, base, theirs, mine))
    return theirs if prefer == "theirs" else mine


def clashes(base: Any, mine: Any, theirs: Any) -> list[Clash]:
    """Where both copies changed the same thing differently (empty: the two merge without a question)."""
    found: list[Clash] = []
    _walk(_parse(base)[0], _parse(mine)[0], _parse(theirs)[0], (), None, found)
    return found


def merge(base: Any, mine: Any, theirs: Any, prefer: Prefer = "mine") -> Any:
    """Both copies' changes in one value; a clash goes to `prefer`. JSON text comes back as JSON text."""
    m, as_json = _parse(mine)
    merged = _walk(_parse(base)[0], m, _parse(theirs)[0], (), prefer, [])
    return json.dumps(merged, ensure_ascii=False, sort_keys=isinstance(merged, dict)) if as_json else merged

