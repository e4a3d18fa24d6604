"""The local policy packs a service has switched on (Settings), as the engine can apply them.

The store keeps the names; the packs themselves are files (rules/packs.py). A name whose file has gone (or no
longer passes its checks) switches nothing on, and `unavailable` says which, so the app can tell the user rather
than apply fewer rules in silence.
"""

from __future__ import annotations

from typing import Iterable

from yjtui.rules.packs import NATIONAL, PackError, PolicyPack, library
from yjtui.store import Store


def local_packs(store: Store) -> list[str]:
    """The switched-on packs that yjtui can apply (the national baseline is always on and not listed)."""
    known = library().packs
    return [p for p in store.local_packs() if p in known]


def unavailable(store: Store) -> list[str]:
    """Switched-on packs yjtui cannot find or read (the file was removed, renamed or is broken)."""
    known = library().packs
    return [p for p in store.local_packs() if p not in known]


def choices() -> list[PolicyPack]:
    """Every pack the service can switch on: shipped, the user config folder's, and --pack files."""
    lib = library()
    return [lib.packs[n] for n in lib.names()]


def problems() -> list[PackError]:
    """Pack files in the user config folder that were left out, with the file, key and line of the fault."""
    return list(library().problems)


def switch_on(store: Store, names: Iterable[str]) -> str | None:
    """Save the packs switched on, unless they clash (two packs setting one value): then say why, save nothing."""
    names = sorted(set(names) - {NATIONAL})
    try:
        library().resolve(names)
    except (KeyError, PackError) as exc:
        return str(exc)
    store.set_local_packs(names + unavailable(store))
    return None
