"""Bringing in a caseload: the children already in the service's case system, from a CSV file it exports.

A service writes its column mapping once (`import-children.toml` in the user config folder, or `--mapping FILE`):
which of its columns holds each of yjtui's fields, and its own words for sex and looked-after status. Every row is
checked with the child record's own field checks (`casework/forms.py`); a file with any bad row imports nothing
and lists each bad row by line and reason (the field, never its value: a child's details stay out of the terminal's
scrollback). A good file goes in as one transaction (`Store.import_children`), audited child by child, and the YJS
reference is the key: importing the same file again updates, never duplicates.

    # import-children.toml
    [columns]                 # yjtui field = the column's heading in your file
    yjs_ref = "ChildView ID"
    given_name = "Forename"
    family_name = "Surname"
    date_of_birth = "DOB"     # dd/mm/yyyy or yyyy-mm-dd
    sex = "Gender"
    ethnicity = "Ethnicity"
    looked_after = "Legal status"
    home_la = "Home LA"
    [values.sex]              # your words = yjtui's
    "F" = "Female"
    [values.looked_after]
    "CLA s20" = "s20"

Without a mapping, the file's headings are yjtui's field names.

`yjtui import children` and the import screen (Bring in a caseload, from the palette) both go through here: the
mapping found (`default_mapping`), the file checked (`plan`), the preview's words (`preview`, `bad_lines`,
`arrivals`), and the import itself (`bring_in`, with progress for the screen's bar).
"""

from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from yjtui.casework.forms import ETHNICITY, LOOKED_AFTER, SEX, check_date_of_birth, check_text
from yjtui.text import shown

if TYPE_CHECKING:
    from yjtui.store import Store

FIELDS = ("yjs_ref", "given_name", "family_name", "date_of_birth", "sex", "ethnicity", "looked_after", "home_la")
LABELS = {"yjs_ref": "YJS reference", "given_name": "Given name", "family_name": "Family name",
          "date_of_birth": "Date of birth", "sex": "Sex", "ethnicity": "Ethnicity",
          "looked_after": "Looked-after status", "home_la": "Home local authority"}
MAX_BYTES = 50 * 1024 * 1024
MAPPING_FILE = "import-children.toml"


class ImportError_(Exception):
    """The file or the mapping cannot be used at all; the message says why."""


@dataclass
class Mapping:
    columns: dict[str, str] | None = None  # None: the file's headings that are yjtui's field names
    values: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class Plan:
    """What an import would do: the checked rows (field -> value), and the bad rows as (line, reason)."""

    rows: list[dict] = field(default_factory=list)
    bad: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)  # imported, but flagged (an age outside 10-17)
    columns: dict[str, str] = field(default_factory=dict)  # field -> the file's heading used
    filled: dict[str, int] = field(default_factory=dict)  # field -> rows with a value

    @property
    def total(self) -> int:
        return len(self.rows) + len(self.bad)


def default_mapping() -> Path | None:
    """The mapping a service wrote once: import-children.toml in the user config folder, when it is there."""
    import platformdirs

    path = platformdirs.user_config_path("yjtui") / MAPPING_FILE
    return path if path.is_file() else None


def read_mapping(path: Path | None) -> Mapping:
    if path is None:
        return Mapping()
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ImportError_(f"the mapping {Path(path).name} could not be read: {exc}") from None
    columns = raw.get("columns", {})
    values = raw.get("values", {})
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise ImportError_(f"{Path(path).name}: [columns] should be yjtui field = \"your column's heading\"")
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        raise ImportError_(f"{Path(path).name}: no yjtui field is called {', '.join(unknown)} "
                           f"(the fields: {', '.join(FIELDS)})")
    if "yjs_ref" not in columns:
        raise ImportError_(f"{Path(path).name}: [columns] must name the YJS reference's column (yjs_ref): it is "
                           "how a second import finds each child")
    if not isinstance(values, dict) or not all(isinstance(v, dict) for v in values.values()):
        raise ImportError_(f"{Path(path).name}: [values.FIELD] should be \"your word\" = \"yjtui's\"")
    return Mapping(dict(columns), {k: {str(a): str(b) for a, b in v.items()} for k, v in values.items()})


def plan(path: Path, mapping: Mapping, today: date) -> Plan:
    """Read and check every row; nothing is written."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ImportError_(f"{path.name} is larger than {MAX_BYTES // (1024 * 1024)} MB")
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ImportError_(f"{path.name} could not be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ImportError_(f"{path.name} is not UTF-8 text: save it from the case system as CSV (UTF-8)") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    headings = reader.fieldnames or []
    if mapping.columns is None:
        mapping = Mapping({f: f for f in FIELDS if f in headings}, mapping.values)
        if "yjs_ref" not in mapping.columns:
            raise ImportError_(f"{path.name} has no yjs_ref column: name the columns as yjtui's fields "
                               f"({', '.join(FIELDS)}) or write a mapping (--mapping)")
    missing = [f"{field} ({heading!r})" for field, heading in mapping.columns.items() if heading not in headings]
    if missing:
        raise ImportError_(f"{path.name} has no column for {', '.join(missing)}")
    result = Plan(columns=dict(mapping.columns), filled={f: 0 for f in mapping.columns})
    seen: dict[str, int] = {}
    try:
        for record in reader:
            line = reader.line_num
            row, reasons = _check_row(record, mapping, today)
            ref = row.get("yjs_ref", "")
            if ref and ref in seen:
                reasons.append(f"the YJS reference is also on line {seen[ref]}")
            elif ref:
                seen[ref] = line
            if reasons:
                result.bad.append((line, "; ".join(reasons)))
                continue
            warning = row.pop("_warning", "")
            if warning:
                result.warnings.append((line, warning))
            for f, v in row.items():
                if v not in ("", None):
                    result.filled[f] = result.filled.get(f, 0) + 1
            result.rows.append(row)
    except csv.Error as exc:
        raise ImportError_(f"{path.name} line {reader.line_num}: not readable as CSV ({exc})") from None
    return result


def _check_row(record: dict, mapping: Mapping, today: date) -> tuple[dict, list[str]]:
    row, reasons = {}, []
    if None in record:  # more cells than headings
        reasons.append("more cells than the file has columns")
    for field_name, heading in mapping.columns.items():
        raw = (record.get(heading) or "").strip()
        raw = mapping.values.get(field_name, {}).get(raw, raw)
        label = LABELS[field_name]
        if field_name == "date_of_birth":
            check = check_date_of_birth(raw, today)
            if not check.ok:
                reasons.append(f"{label}: {_no_value(check.message)}")
                continue
            if check.warning:  # saved but flagged, as the child record does
                row["_warning"] = f"{label}: {_no_value(check.message)}"
            row[field_name] = check.value
        elif field_name in ("sex", "ethnicity"):
            allowed = SEX if field_name == "sex" else ETHNICITY
            if raw and raw not in allowed:
                reasons.append(f"{label}: not one of yjtui's values (map it under [values.{field_name}])")
                continue
            row[field_name] = raw
        elif field_name == "looked_after":
            by_label = {v: k for k, v in LOOKED_AFTER.items()}
            value = raw if raw in LOOKED_AFTER else by_label.get(raw, "" if raw else "no")
            if not value:
                reasons.append(f"{label}: not one of {', '.join(LOOKED_AFTER)} (map it under [values.looked_after])")
                continue
            row[field_name] = value
        else:
            check = check_text(raw, label, required=field_name in ("yjs_ref", "given_name"))
            if not check.ok:
                reasons.append(check.message)
                continue
            row[field_name] = check.value
    return row, reasons


def _no_value(message: str) -> str:
    """The date check's message without the date itself (the terminal's scrollback keeps what is printed)."""
    if "is not a real date" in message:
        return "not a real date"
    if "too far in the past" in message:
        return "too far in the past to be a date of birth"
    if message.split(":")[0].startswith("Age "):
        return "outside youth justice's ages (10-17): check it, or import that child by hand"
    if "year should be between" in message:
        return "the year is out of range"
    return message


# --- the preview and the import: the command's and the screen's one way ---------------------------------------
def preview(planned: Plan, source: str, mapping_name: str | None) -> list[str]:
    """The rows counted and each field's column with how many rows fill it: no child's details."""
    lines = [f"{shown(source)}: {planned.total} rows"
             + (f" (mapping: {shown(mapping_name)})" if mapping_name else " (headings as yjtui's field names)")]
    for field_name, heading in planned.columns.items():
        filled = planned.filled.get(field_name, 0)
        lines.append(f"  {LABELS[field_name]:<22} <- {shown(heading)!r:<28} {filled} filled")
    return lines


def refused(planned: Plan) -> str:
    return f"{len(planned.bad)} rows cannot be imported, so nothing was (fix them and try again):"


def bad_lines(planned: Plan) -> list[str]:
    """Each bad row as its line and reason (the field and what is wrong, never the value)."""
    return [f"line {line}: {shown(reason)}" for line, reason in planned.bad]


def warning_lines(planned: Plan) -> list[str]:
    return [f"line {line}: imported, but check it: {shown(warning)}" for line, warning in planned.warnings]


def known_here(store: Store, planned: Plan) -> int:
    """How many of the file's children are already in the store by YJS reference (updated, never duplicated)."""
    refs = {r["yjs_ref"] for r in planned.rows}
    return sum(1 for row in store.search("", limit=10**9)[0] if row.yjs_ref in refs) if refs else 0


def arrivals(planned: Plan, known: int) -> str:
    return (f"{len(planned.rows) - known} new children, {known} already here by YJS reference (updated where the "
            "file differs).")


def bring_in(store: Store, planned: Plan, source: str,
             progress: Callable[[int, int], None] | None = None) -> tuple[int, int, int]:
    """A clean file's children into the store, all or nothing (Store.import_children): (added, updated,
    unchanged). `progress(done, total)` is called as the rows go in (from the caller's thread). The store refusing
    (a team server's role, a full disk) is an ImportError_ saying nothing was imported."""
    from yjtui.store import StoreError

    if planned.bad:
        raise ImportError_(refused(planned))
    try:
        return store.import_children(planned.rows, source, progress=progress)
    except StoreError as exc:
        raise ImportError_(f"{exc} Nothing imported.") from None


def imported_words(counts: tuple[int, int, int]) -> str:
    added, updated, unchanged = counts
    return f"Imported: {added} added, {updated} updated, {unchanged} unchanged (each in the audit trail)."
