"""A service's own Word letterhead: the header, footer, page set-up and styles every Word export is written into.

A service puts its template in the config folder (`yjtui letterhead install FILE` checks it and copies it to
`letterhead.docx` there; `yjtui letterhead check [FILE]` only checks). Checked like a pack: a regular file of a
bounded size, a Word document python-docx opens without unpacking more than a bounded amount, with a protective
marking in every section's header (the Government Security Classifications' words: a letterhead that drops the
marking would send a child's details out unmarked; seed 002 L17973 asks that such documents be marked), and the
styles the exports use. The template's body is not used: each export writes its own.

A broken template never stops an export (a court duty officer needs the proposal now): the built-in layout is used,
with its own marking, and the disclosure log and Settings say why the letterhead was not. Pure: no Textual.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from yjtui.inputs import InputError, read_bytes
from yjtui.text import shown

FILE_NAME = "letterhead.docx"
LIMIT = 5 * 1024 * 1024  # a letterhead with a logo is tens of kilobytes; a few megabytes at most
UNPACKED_LIMIT = 50 * 1024 * 1024  # what its parts may unpack to (a "zip bomb" is refused before it is opened)
MAX_PARTS = 1000
# The Government Security Classifications (2014), most specific first: one of them must head every page.
MARKINGS = ("OFFICIAL-SENSITIVE", "OFFICIAL SENSITIVE", "OFFICIAL", "SECRET", "TOP SECRET")
STYLES = ("Title", "Heading 1", "List Bullet", "Table Grid")  # what Document.as_docx writes with


class LetterheadError(Exception):
    """Why a template cannot be used, in words for the service's IT (file name, what is wrong)."""


@dataclass(frozen=True)
class Letterhead:
    path: Path
    data: bytes
    marking: str  # the classification its headers carry

    @property
    def name(self) -> str:
        return shown(self.path.name)


def installed_path() -> Path:
    """Where the service's letterhead lives: the user config folder for yjtui, beside the packs folder."""
    from platformdirs import user_config_path

    return user_config_path("yjtui") / FILE_NAME


def check(path: Path | str) -> Letterhead:
    """The template at `path`, checked; a `LetterheadError` says what is wrong."""
    path = Path(path)
    name = shown(str(path))
    try:
        data = read_bytes(path, limit=LIMIT)
    except InputError as exc:
        raise LetterheadError(str(exc)) from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as parts:
            infos = parts.infolist()
            names = {i.filename for i in infos}
    except zipfile.BadZipFile:
        raise LetterheadError(f"{name}: not a Word document (.docx): it is not a zip package.") from None
    if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > UNPACKED_LIMIT:
        raise LetterheadError(f"{name}: its parts unpack to more than {UNPACKED_LIMIT // (1024 * 1024)} MB "
                              f"(or more than {MAX_PARTS} parts); a letterhead needs far less.")
    if "word/document.xml" not in names:
        raise LetterheadError(f"{name}: not a Word document (.docx): it has no word/document.xml.")
    import docx  # python-docx: imported here, it costs start-up time

    try:
        word = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 (python-docx and lxml raise many kinds on a damaged file)
        raise LetterheadError(f"{name}: Word could not be read from it ({type(exc).__name__}).") from None
    unmarked, marking = [], ""
    for n, section in enumerate(word.sections, start=1):
        words = " ".join(p.text for p in section.header.paragraphs).upper()
        found = next((m for m in MARKINGS if m in words), "")
        if not found:
            unmarked.append(n)
        marking = marking or found
    if unmarked:
        which = "its header" if len(word.sections) == 1 else f"the header of section {', '.join(map(str, unmarked))}"
        raise LetterheadError(f"{name}: {which} carries no protective marking (one of {', '.join(MARKINGS[:3])}, "
                              "...): every page of an export about a child must be marked.")
    have = {style.name for style in word.styles}
    missing = [s for s in STYLES if s not in have]
    if missing:
        raise LetterheadError(f"{name}: it has no {', '.join(repr(s) for s in missing)} style; the exports write "
                              "with these (a template made from Word's blank document has them).")
    return Letterhead(path, data, marking)


def current() -> tuple[Letterhead | None, str]:
    """The service's letterhead if one is installed: (it, "") when usable, (None, why not) when broken, (None, "")
    when there is none."""
    path = installed_path()
    if not path.exists() and not path.is_symlink():
        return None, ""
    try:
        return check(path), ""
    except LetterheadError as exc:
        return None, str(exc)


def install(path: Path | str) -> Letterhead:
    """Check a template and copy it into the config folder as the service's letterhead (replacing one there)."""
    letterhead = check(path)
    target = installed_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(FILE_NAME + ".part")
    part.write_bytes(letterhead.data)
    shutil.move(part, target)  # whole or not at all: an export never reads half a template
    return Letterhead(target, letterhead.data, letterhead.marking)


def words(letterhead: Letterhead | None, problem: str) -> str:
    """What Settings and the disclosure log say about the letterhead the Word exports use."""
    if letterhead is not None:
        return f"Word exports use the service's letterhead ({letterhead.name}, marked {letterhead.marking})."
    if problem:
        return f"Word exports use the built-in layout: the service's letterhead cannot be used: {problem}"
    return "Word exports use the built-in layout (no service letterhead installed: yjtui letterhead install FILE)."
