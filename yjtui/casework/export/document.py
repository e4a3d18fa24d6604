"""The one document model every export uses, and the one way it leaves yjtui.

A `Document` is a title, a sub-title and sections of paragraphs (the bail proposal, the plan in its two versions,
the transfer request, the transition plan, the exploitation screening), or a table (the audit trail). `deliver`
writes it (Word and plain text, or CSV for a table) into a folder and logs the disclosure, in one place:

- file names carry what the document is, the child's YJS reference (or record number) and the date, never the
  child's name (`yjtui.text.for_file_name`);
- an existing file is never replaced unless the caller says so (`ExportExists` names the files; the export dialog
  asks), and a file is never written through a link planted where it goes;
- every export can be encrypted with a password (the `.yjx` format of `crypto.py`); a service can make that the
  default (`ENCRYPT_SETTING`);
- nothing a terminal would obey reaches a file: every text goes through `yjtui.text.shown` (Word cannot hold
  control characters at all, and a text file is read with `cat`), and a CSV cell that a spreadsheet would run as a
  formula is kept as text;
- files are readable by this user only.

Pure: no Textual. python-docx is imported only when a Word file is written.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from yjtui.text import for_file_name, shown

ENCRYPT_SETTING = "export_encrypt"  # "yes": the export dialog ticks "Encrypt" at the start (Settings)
FORMATS = {"docx": "Word", "txt": "plain text", "csv": "CSV"}


class ExportError(Exception):
    """The files could not be written; the message is for the user."""


class ExportExists(ExportError):
    """Files of these names are already in the folder: nothing was written. Ask, then write with overwrite."""

    def __init__(self, paths: list[Path]):
        self.paths = paths
        super().__init__("Already in the folder: " + ", ".join(shown(p.name) for p in paths) + ".")


# Every Word and text export is marked: what it holds is personal information about a child. Seed 002 asks that
# documents with identifiable data be protectively marked (L17973, L17082-17086, then under the Government
# Protective Marking Scheme); the Government Security Classifications that replaced it in 2014 call such
# information OFFICIAL-SENSITIVE.
MARKING = "OFFICIAL-SENSITIVE: personal information about a child"


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: list[list[str]] | None = None  # rows after the paragraphs, the first row the heading: a Word table


@dataclass
class Document:
    """What an export holds. `kind` is what the disclosure log calls it ("bail proposal"), `name` the first word of
    its file names ("bail-proposal"), `about` the log's note on the version ("child version")."""

    title: str
    subtitle: str = ""
    sections: list[Section] = field(default_factory=list)
    kind: str = "document"
    name: str = "document"
    about: str = ""
    empty: str = "(not yet recorded)"  # what a section with nothing in it says
    bullets: bool = False  # Word: each paragraph a bullet point
    rows: list[list[Any]] | None = None  # a table (the first row its heading), written as CSV
    sent_to: str = ""  # who it is sent to and why, under the sub-title (`deliver` fills it from the dialog)
    letterhead: bytes | None = field(default=None, repr=False)  # the service's checked Word template (`deliver`)

    @property
    def formats(self) -> tuple[str, ...]:
        return ("csv",) if self.rows is not None else ("docx", "txt")

    def headings(self) -> list[str]:
        return [s.heading for s in self.sections]

    def as_text(self) -> str:
        title = _safe(self.title)
        lines = [title, "=" * len(title), _safe(self.subtitle)]
        lines += ([_safe(self.sent_to)] if self.sent_to else []) + [""]
        for s in self.sections:
            heading = _safe(s.heading)
            lines += [heading, "-" * len(heading)]
            lines += [_safe(p) for p in s.paragraphs] or ([] if s.table else [self.empty])
            if s.table:
                rows = [[_safe(c) for c in row] for row in s.table]
                widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
                for n, row in enumerate(rows):
                    lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
                    if n == 0:
                        lines.append("  ".join("-" * w for w in widths))
            lines.append("")
        lines.append(MARKING)
        return "\n".join(lines).rstrip() + "\n"

    def as_docx(self) -> bytes:
        import docx  # python-docx: imported here, it costs start-up time

        if self.letterhead is not None:  # the service's header, footer, page and styles; its body is not used
            word = docx.Document(io.BytesIO(self.letterhead))
            body = word.element.body
            for part in list(body):
                if not part.tag.endswith("}sectPr"):
                    body.remove(part)
        else:
            word = docx.Document()
            section = word.sections[0]
            section.header.paragraphs[0].text = f"{MARKING}    {_safe(self.title)}"
            section.footer.paragraphs[0].text = f"{MARKING}    {_safe(self.subtitle)}".rstrip()
        word.add_heading(_safe(self.title), level=0)
        if self.subtitle:
            word.add_paragraph(_safe(self.subtitle))
        if self.sent_to:
            word.add_paragraph(_safe(self.sent_to))
        for s in self.sections:
            word.add_heading(_safe(s.heading), level=1)
            for p in s.paragraphs or ([] if s.table else [self.empty]):
                word.add_paragraph(_safe(p), style="List Bullet" if self.bullets and s.paragraphs else None)
            if s.table:
                table = word.add_table(rows=len(s.table), cols=len(s.table[0]))
                table.style = "Table Grid"
                for r, row in enumerate(s.table):
                    for c, value in enumerate(row):
                        table.cell(r, c).text = _safe(value)
                for cell in table.rows[0].cells:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
        out = io.BytesIO()
        word.save(out)
        return out.getvalue()

    def as_csv(self) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        for row in self.rows or []:
            writer.writerow([_cell(v) for v in row])
        return out.getvalue().encode("utf-8")

    def render(self, fmt: str) -> bytes:
        if fmt == "docx":
            return self.as_docx()
        if fmt == "txt":
            return self.as_text().encode("utf-8")
        return self.as_csv()


def _safe(text: Any) -> str:
    return shown(text, keep_newlines=True)


_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _cell(value: Any) -> str:
    """A CSV cell as text: shown, and one a spreadsheet would run as a formula (=, +, -, @) kept as text (OWASP)."""
    text = _safe("" if value is None else value)
    if text[:1] in ("=", "+", "-", "@") and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


# --- the export dialog's words and the user's answer ----------------------------------------------------------------

@dataclass(frozen=True)
class ExportSpec:
    """The export dialog's words for one kind of export. `choices`: the versions to choose from (value, label)."""

    heading: str
    noun: str  # for the messages: "proposal", "plan"
    recipient_hint: str = ""
    purpose: str = ""  # the purpose offered (the user may change it)
    choices: tuple[tuple[str, str], ...] = ()
    always_encrypted: bool = False  # the audit trail: never in the clear


@dataclass(frozen=True)
class ExportRequest:
    folder: Path
    recipient: str
    purpose: str
    choice: str = ""
    password: str | None = None  # None: not encrypted
    overwrite: bool = False


def author_for(store) -> str:
    """Who an export says prepared it: the signed-in person on a team server, else the name set in Settings. Never
    the computer's login name (the audit trail's fall-back): a proposal signed "root" names no one."""
    return store.who if getattr(store, "server", False) else store.get_setting("practitioner")


def default_folder() -> Path:
    """Where the export dialog starts: the user's Documents folder (Windows' own known folder, which a council may
    redirect; ~/Documents elsewhere, as platformdirs finds it), else the home folder where there is none."""
    from platformdirs import user_documents_path

    documents = user_documents_path()
    return documents if documents.is_dir() else Path.home()


def encrypt_by_default(store) -> bool:
    return store.get_setting(ENCRYPT_SETTING) == "yes"


def reference_for(child: Any) -> str:
    """What a file name says about the child: the YJS reference, else the record number. Never the name."""
    ref = getattr(child, "yjs_ref", "") or ""
    if ref.strip():
        return ref
    child_id = getattr(child, "id", None)
    return f"record-{child_id}" if child_id is not None else "no-child"


def file_stem(document: Document, reference: str, day: date) -> str:
    return f"{for_file_name(document.name)}-{for_file_name(reference)}-{day.isoformat()}"


def write(document: Document, folder: Path | str, stem: str, *, password: str | None = None,
          overwrite: bool = False) -> list[Path]:
    """Write the document's files into the folder (made if missing): `<stem>.docx` and `<stem>.txt`, or
    `<stem>.csv`; each sealed into `.yjx` with the password if one is given. Raises `ExportExists` (nothing
    written) when a file of that name is there and `overwrite` is not set, `ExportError` with a plain message
    otherwise."""
    folder = Path(folder).expanduser()
    suffix = ".yjx" if password is not None else ""
    targets = [(folder / f"{stem}.{fmt}{suffix}", fmt) for fmt in document.formats]
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{shown(folder)} is not a folder.")
    existing = [p for p, _fmt in targets if p.exists() or p.is_symlink()]
    if existing and not overwrite:
        raise ExportExists(existing)
    blobs = [(path, document.render(fmt)) for path, fmt in targets]  # all made before any file is written
    if password is not None:
        from yjtui.casework.export.crypto import encrypt_bytes

        blobs = [(path, encrypt_bytes(data, password)) for path, data in blobs]
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        for path, data in blobs:
            _write_file(path, data, overwrite)
    except FileExistsError:  # made by someone else since the check
        raise ExportExists([p for p, _fmt in targets if p.exists()]) from None
    except OSError as exc:
        raise ExportError(f"Could not write to {shown(folder)}: {exc.strerror or exc}.") from None
    return [path for path, _fmt in targets]


def _write_file(path: Path, data: bytes, overwrite: bool) -> None:
    if overwrite and (path.exists() or path.is_symlink()):
        path.unlink()  # replaced, never written through: a link left in a shared folder is removed, not followed
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def deliver(store, document: Document, request: ExportRequest, *, reference: str, child_id: int | None,
            today: date) -> list[Path]:
    """Write the document as the request says and log the disclosure (recipient, purpose, files, encrypted or
    not). The one way every export leaves yjtui. A document (not a CSV table) says in itself who it was sent to and
    why, not only the disclosure log (issue 23: the transfer request named no recipient)."""
    layout = ""
    if document.rows is None:
        from yjtui.casework.export import letterhead

        service, problem = letterhead.current()  # read at each export: IT may install one while the app is open
        layout = f"letterhead {service.name}" if service else f"built-in layout ({problem})" if problem else ""
        document = replace(document, sent_to=f"Sent to: {request.recipient}"
                           + (f" (purpose: {request.purpose})" if request.purpose else ""),
                           letterhead=service.data if service else None)
    paths = write(document, request.folder, file_stem(document, reference, today), password=request.password,
                  overwrite=request.overwrite)
    files = ", ".join(str(p) for p in paths)
    detail = "; ".join(part for part in (f"{request.recipient}: {request.purpose}", document.about,
                                         f"{files}{' (encrypted)' if request.password is not None else ''}",
                                         layout) if part)
    store.log_disclosure(child_id, document.kind, detail)
    return paths
