"""Reference data at a keystroke: load and check the `data/*.json` sets (requirements, orders, MAPPA, glossary...).

Every entry must say where it comes from (a seed line, or a statute for the bail and remand paraphrases). A broken
file stops start-up with one readable message naming the file, the entry and the problem, never a traceback.
Pure Python: no textual, rich or database imports, so the CLI and the rules engine can use it headless.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from yjtui.reference.gravity import row_notes

GRAVITY = "gravity"

# A seed line ("seed 002 L4450", "seed 002 L4450-4452"), or for statute paraphrases an Act and year.
SEED_CITATION = re.compile(r"\bseed \d{3} L\d+")
STATUTE_CITATION = re.compile(r"\b(Act|Order|Regulations) \d{4}\b")

# The fields every entry has, and those of each set that a screen or rule relies on, are msgspec types in
# `reference/schema.py` (imported when the files are checked: never on the way to the first screen).

# The offence table's answers that may be unknown (null): the court screen fills a charge from them.
OFFENCE_TRIABLE = ("indictable_only", "either_way", "summary_only")
OFFENCE_ANSWERS = ("imprisonable", "violent", "sexual", "terrorism")

# Limits the plan screen checks must be numbers (or null where the guidance sets none).
LIMIT_KEYS = {
    "min_age", "max_age", "min_hours", "max_hours", "min_days", "max_days", "min_months", "max_months",
    "max_hours_per_day", "min_hours_per_day", "max_hours_per_week", "max_hours_per_session",
    "max_sessions_per_day", "max_within_months", "min_years", "max_years",
}


class ReferenceDataError(Exception):
    """A reference data file is missing, unreadable or malformed; the message is fit to print as it is."""


@dataclass(frozen=True)
class RefEntry:
    """One entry of any set, flattened for search and display."""

    set: str
    id: str
    title: str
    body: str
    keywords: tuple[str, ...]
    citation: str
    raw: dict[str, Any] = field(repr=False, compare=False, hash=False)


@dataclass
class RefSet:
    """One data file: its header, its raw entries and their uniform view."""

    name: str
    title: str
    source: str
    path: Path
    raw: dict[str, Any] = field(repr=False)
    entries: list[RefEntry] = field(default_factory=list)

    def by_id(self, entry_id: str) -> RefEntry | None:
        for e in self.entries:
            if e.id == entry_id:
                return e
        return None


def data_dir() -> Path:
    """`yjtui/data` inside an installed wheel or the one-folder build, else the repo's top-level `data/` in a source
    checkout. Found through importlib.resources, which a frozen build answers too."""
    from importlib.resources import files

    pkg = Path(str(files("yjtui")))
    installed = pkg / "data"
    if installed.is_dir():
        return installed
    return pkg.parent / "data"


def _is(value: Any, t: type | tuple[type, ...]) -> bool:
    # bool is an int in Python; a score or a number must not be true/false.
    if isinstance(value, bool) and t in (int, float, (int, float)):
        return False
    return isinstance(value, t)


def check_citation(citation: Any) -> str | None:
    """The problem with a citation, or None when it names a seed line (or, for statute paraphrases, an Act)."""
    if not isinstance(citation, str) or not citation.strip():
        return "has no citation"
    if SEED_CITATION.search(citation) or STATUTE_CITATION.search(citation):
        return None
    return f"citation {citation!r} does not name a seed line like 'seed 002 L4450'"


def _where(fname: str, index: int, entry: Any, key: str = "id") -> str:
    label = entry.get(key) if isinstance(entry, dict) else None
    return f"{fname}: entry {index}" + (f" ({key} {label!r})" if label else "")


def _header(fname: str, doc: Any, expect_set: str | None) -> None:
    if not isinstance(doc, dict):
        raise ReferenceDataError(f"{fname}: the top level must be a JSON object")
    for key in ("set", "title", "source"):
        if not isinstance(doc.get(key), str) or not doc.get(key):
            raise ReferenceDataError(f"{fname}: missing or empty top-level field {key!r}")
    if expect_set and doc["set"] != expect_set:
        raise ReferenceDataError(f"{fname}: 'set' is {doc['set']!r} but the file name says {expect_set!r}")
    if not isinstance(doc.get("entries"), list):
        raise ReferenceDataError(f"{fname}: missing 'entries' list")


def _shape(where: str, entry: Any, tp: Any, own: dict[str, str] | None = None) -> None:
    """The entry has the fields its set's type says, of their types; else a message naming the first fault (`own`:
    a field's own words for a wrong value, with {value})."""
    import msgspec

    from yjtui.reference import schema

    try:
        schema.check(entry, tp)
    except msgspec.ValidationError as exc:
        f = schema.fault(exc, entry)
        if f.kind == "missing":
            problem = "has no citation" if f.name == "citation" else f"missing field {f.name!r}"
        elif not f.path:
            problem = "must be an object"
        elif own and f.path[0] in own:
            problem = own[f.path[0]].format(value=f.value)
        elif f.kind == "type":
            field_type, _ = schema.metas_at(tp, f.path[:1])
            problem = f"field {f.path[0]!r} should be a {schema.type_words(field_type)}, got {type(f.value).__name__}"
        else:
            problem = f"field {f.key()!r}: {f.text or f.kind}"
        raise ReferenceDataError(f"{where}: {problem}") from None


def _validate_set(fname: str, doc: dict[str, Any]) -> list[RefEntry]:
    from yjtui.reference import schema

    name = doc["set"]
    tp = schema.ENTRY_TYPES.get(name, schema.Entry)
    seen: dict[str, int] = {}
    out: list[RefEntry] = []
    for i, entry in enumerate(doc["entries"]):
        where = _where(fname, i, entry)
        _shape(where, entry, tp)
        if not entry["id"].strip() or not entry["title"].strip():
            raise ReferenceDataError(f"{where}: empty id or title")
        if not all(isinstance(k, str) for k in entry["keywords"]):
            raise ReferenceDataError(f"{where}: every keyword must be a string")
        problem = check_citation(entry["citation"])
        if problem:
            raise ReferenceDataError(f"{where}: {problem}")
        if entry["id"] in seen:
            raise ReferenceDataError(f"{where}: duplicate id (first used by entry {seen[entry['id']]})")
        seen[entry["id"]] = i
        if "also" in entry:
            if not isinstance(entry["also"], list):
                raise ReferenceDataError(f"{where}: field 'also' should be a list of citations")
            for extra in entry["also"]:
                problem = check_citation(extra)
                if problem:
                    raise ReferenceDataError(f"{where}: 'also' {problem}")
        if name == "yro_requirements":
            _check_limits(where, "limits", entry["limits"])
            for j, band in enumerate(entry.get("limits_by_age", [])):
                if not isinstance(band, dict):
                    raise ReferenceDataError(f"{where}: limits_by_age[{j}] must be an object")
                band = dict(band)
                problem = check_citation(band.pop("citation", None))
                if problem:
                    raise ReferenceDataError(f"{where}: limits_by_age[{j}] {problem}")
                _check_limits(where, f"limits_by_age[{j}]", band)
        if name == "offences":
            _check_offence(where, entry)
        out.append(
            RefEntry(name, entry["id"], entry["title"], entry["body"], tuple(entry["keywords"]), entry["citation"], entry)
        )
    return out


def _check_offence(where: str, entry: dict[str, Any]) -> None:
    """An offence row: answers yes / no / unknown (null), a maximum in years or null, and what to check."""
    if entry.get("triable") not in (*OFFENCE_TRIABLE, None):
        raise ReferenceDataError(f"{where}: 'triable' should be one of {', '.join(OFFENCE_TRIABLE)} or null, "
                                 f"got {entry.get('triable')!r}")
    for key in OFFENCE_ANSWERS:
        if key not in entry or entry[key] not in (True, False, None):
            raise ReferenceDataError(f"{where}: {key!r} should be true, false or null (unknown)")
    years = entry.get("max_adult_sentence_years", "missing")
    if years is not None and (not _is(years, (int, float)) or not 0 < years <= 99):
        raise ReferenceDataError(f"{where}: 'max_adult_sentence_years' should be a number of years up to 99 "
                                 f"(life) or null, got {years!r}")
    if entry["max_adult_life"] and years != 99:
        raise ReferenceDataError(f"{where}: a life maximum is recorded as 99 years")
    if not entry["max_source"].strip() or "statute" not in entry["check"]:
        raise ReferenceDataError(f"{where}: say where the maximum comes from and that it is to be checked "
                                 "against the statute")
    if not all(isinstance(x, str) for x in entry["schedule15"]):
        raise ReferenceDataError(f"{where}: 'schedule15' should list Schedule 15 entry ids")


def _check_limits(where: str, label: str, limits: dict[str, Any]) -> None:
    for k, v in limits.items():
        if k not in LIMIT_KEYS:
            raise ReferenceDataError(f"{where}: unknown limit {k!r} in {label} (known: {', '.join(sorted(LIMIT_KEYS))})")
        if v is not None and not _is(v, (int, float)):
            raise ReferenceDataError(f"{where}: {label} {k!r} should be a number or null, got {v!r}")


def _check_cited_texts(fname: str, items: Any, label: str) -> None:
    if not isinstance(items, list):
        raise ReferenceDataError(f"{fname}: {label} must be a list")
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise ReferenceDataError(f"{fname}: {label}[{i}] must be an object with a 'text' string")
        problem = check_citation(item.get("citation"))
        if problem:
            raise ReferenceDataError(f"{fname}: {label}[{i}] {problem}")


def _validate_gravity(fname: str, doc: dict[str, Any]) -> list[RefEntry]:
    from yjtui.reference import schema

    gf = doc.get("general_factors")
    if not isinstance(gf, dict):
        raise ReferenceDataError(f"{fname}: missing 'general_factors' object")
    for side in ("aggravating", "mitigating"):
        _check_cited_texts(fname, gf.get(side), f"general_factors.{side}")
    sm = doc.get("score_meanings")
    if not isinstance(sm, list):
        raise ReferenceDataError(f"{fname}: missing 'score_meanings' list")
    for i, item in enumerate(sm):
        if not isinstance(item, dict) or not _is(item.get("score"), int) or not isinstance(item.get("meaning"), str):
            raise ReferenceDataError(f"{fname}: score_meanings[{i}] needs an integer 'score' and a 'meaning' string")
        problem = check_citation(item.get("citation"))
        if problem:
            raise ReferenceDataError(f"{fname}: score_meanings[{i}] {problem}")
    for label in ("caveats", "oddities"):
        _check_cited_texts(fname, doc.get(label), label)

    out: list[RefEntry] = []
    seen: dict[str, int] = {}
    for i, row in enumerate(doc["entries"]):
        where = _where(fname, i, row, "offence")
        _shape(where, row, schema.GravityRow, {"score": "score must be an integer 1-4 or null, got {value!r}"})
        score = row["score"]
        for side in ("aggravating", "mitigating"):
            if not all(isinstance(x, str) for x in row[side]):
                raise ReferenceDataError(f"{where}: every {side} factor must be a string")
        problem = check_citation(row["citation"])
        if problem:
            raise ReferenceDataError(f"{where}: {problem}")
        base = _slug(row["offence"]) or "offence"
        n = seen.get(base, 0)
        seen[base] = n + 1
        entry_id = base if n == 0 else f"{base}-{n + 1}"
        parts = [f"{row['category']}", f"gravity score {score if score is not None else 'not scored'}"]
        if row["aggravating"]:
            parts.append("Aggravating (+): " + "; ".join(row["aggravating"]))
        if row["mitigating"]:
            parts.append("Mitigating (-): " + "; ".join(row["mitigating"]))
        if row["notes"]:
            parts.append(row["notes"])
        if row["legislation"]:
            parts.append(row["legislation"])
        # What the data records as odd about this row (a score given differently elsewhere, a typo): seen with it.
        parts += row_notes(row["citation"], doc)
        out.append(
            RefEntry(GRAVITY, entry_id, row["offence"], ". ".join(parts), (row["category"],), row["citation"], row)
        )
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]


def load_file(path: Path) -> RefSet:
    """Load and validate one set file; raises ReferenceDataError naming the file, entry and problem."""
    fname = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReferenceDataError(f"{fname}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise ReferenceDataError(f"{fname}: not UTF-8 text (byte {exc.start})") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReferenceDataError(f"{fname}: not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})") from None
    _header(fname, doc, path.stem)
    entries = _validate_gravity(fname, doc) if doc["set"] == GRAVITY else _validate_set(fname, doc)
    return RefSet(doc["set"], doc["title"], doc["source"], path, doc, entries)


@lru_cache(maxsize=8)
def _load_dir(directory: str) -> dict[str, RefSet]:
    d = Path(directory)
    if not d.is_dir():
        raise ReferenceDataError(f"reference data folder {d} not found")
    sets: dict[str, RefSet] = {}
    # gravity.json is optional until it lands: only its absence is tolerated, never a broken file.
    for path in sorted(d.glob("*.json")):
        refset = load_file(path)
        sets[refset.name] = refset
    return sets


def load_all(path: Path | str | None = None) -> dict[str, RefSet]:
    """Every set in the data folder, validated once and cached (pass a folder to load another copy)."""
    directory = Path(path) if path is not None else data_dir()
    return _load_dir(str(directory.resolve()))


def clear_cache() -> None:
    """Forget loaded data (tests that rewrite files in place)."""
    _load_dir.cache_clear()


def all_entries(sets: dict[str, RefSet] | None = None) -> list[RefEntry]:
    sets = load_all() if sets is None else sets
    return [e for s in sets.values() for e in s.entries]
