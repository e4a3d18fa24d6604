"""The audit trail as a document: the entries shown, one row each, for a Data Protection Officer (a subject access
request, an investigation). Always encrypted: the trail names children and what was done with their records.
Written and logged as a disclosure by `document.deliver`, like every export. Pure: no Textual.
"""

from __future__ import annotations

from typing import Any, Iterable

from yjtui.casework.export.document import Document, ExportSpec

EXPORT = ExportSpec("Export the audit entries shown (CSV, encrypted: they hold personal data)", "audit entries",
                    recipient_hint="e.g. Data Protection Officer", always_encrypted=True)
COLUMNS = ["id", "at", "who", "action", "record", "record_id", "child_id", "field", "old", "new", "detail",
           "prev_hash", "hash"]


def trail(entries: Iterable[Any], heading: str) -> Document:
    """The entries, oldest first (as the chain runs), each with its hash so the copy can be checked."""
    rows: list[list[Any]] = [list(COLUMNS)]
    for e in entries:
        rows.append([e.id, e.at.isoformat(), e.who, e.action, e.record, e.record_id, e.child_id, e.field, e.old,
                     e.new, e.detail, e.prev_hash, e.hash])
    return Document(heading, kind="audit", name="audit-trail", about=f"{len(rows) - 1} entries", rows=rows)
