"""A service's own Word letterhead (issue 26: one document model; a service may supply its template with its
letterhead and protective marking, checked like a pack). Installed, every Word export is written into it; a broken
or unmarked one is refused by `yjtui letterhead check/install` and never stops an export."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from yjtui.casework.export import letterhead
from yjtui.casework.export.document import Document, ExportRequest, Section, deliver
from yjtui.cli import main
from yjtui.store import Child

TODAY = date(2026, 12, 8)


def _template(path: Path, *, header: str = "OFFICIAL-SENSITIVE  Northshire Youth Justice Service",
              body: str = "Template body: replace me") -> Path:
    import docx

    word = docx.Document()
    word.sections[0].header.paragraphs[0].text = header
    word.sections[0].footer.paragraphs[0].text = "Northshire YJS, 1 Example Street"
    word.add_paragraph(body)
    word.save(path)
    return path


def _exported(store, child, folder: Path) -> "object":
    import docx

    document = Document("Community Package Bail Proposal", "Example Youth Court",
                        [Section("Offence", ["Theft"])], kind="bail proposal", name="bail-proposal")
    request = ExportRequest(folder=folder, recipient="Example Youth Court", purpose="Bail application")
    paths = deliver(store, document, request, reference=child.yjs_ref, child_id=child.id, today=TODAY)
    return docx.Document(str(next(p for p in paths if p.suffix == ".docx")))


def _child(store) -> Child:
    return store.add(Child(given_name="Ash", family_name="Example", yjs_ref="DEMO-1", date_of_birth=date(2010, 3, 4)))


def test_an_installed_letterhead_heads_every_word_export_and_its_body_is_not_kept(store, tmp_path):
    installed = letterhead.install(_template(tmp_path / "northshire.docx"))
    assert installed.path == letterhead.installed_path() and installed.marking == "OFFICIAL-SENSITIVE"
    word = _exported(store, _child(store), tmp_path / "out")
    assert "Northshire Youth Justice Service" in word.sections[0].header.paragraphs[0].text
    assert "1 Example Street" in word.sections[0].footer.paragraphs[0].text
    body = [p.text for p in word.paragraphs]
    assert "Community Package Bail Proposal" in body and "Theft" in body
    assert not any("replace me" in t for t in body)
    logged = [a for a in store.audit_entries(word_child_id(store)) if a.action == "disclose"]
    assert "letterhead letterhead.docx" in logged[-1].detail  # the disclosure log says which layout went out


def word_child_id(store) -> int:
    return store.search("", limit=1)[0][0].id


def test_without_a_letterhead_the_built_in_layout_is_marked(store, tmp_path):
    word = _exported(store, _child(store), tmp_path / "out")
    assert "OFFICIAL-SENSITIVE" in word.sections[0].header.paragraphs[0].text


def test_a_broken_installed_letterhead_does_not_stop_the_export_and_says_why(store, tmp_path):
    target = letterhead.installed_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"not a word file")
    word = _exported(store, _child(store), tmp_path / "out")  # the proposal is still written, built-in and marked
    assert "OFFICIAL-SENSITIVE" in word.sections[0].header.paragraphs[0].text
    found, problem = letterhead.current()
    assert found is None and "not a zip package" in problem
    assert "built-in layout" in letterhead.words(found, problem)


@pytest.mark.parametrize("make, why", [
    (lambda p: _template(p, header="Northshire Youth Justice Service"), "no protective marking"),
    (lambda p: p.write_bytes(b"PK\x03\x04 not really"), "not a zip package"),
    (lambda p: p.write_bytes(b""), "not a zip package"),
    (lambda p: p.mkdir(), "a folder"),
], ids=["unmarked", "damaged", "empty", "folder"])
def test_a_template_that_cannot_be_used_is_refused_with_the_reason(tmp_path, make, why):
    path = tmp_path / "template.docx"
    make(path)
    with pytest.raises(letterhead.LetterheadError, match=why):
        letterhead.check(path)
    with pytest.raises(letterhead.LetterheadError):
        letterhead.install(path)
    assert not letterhead.installed_path().exists()  # nothing half-installed


def test_a_zip_that_unpacks_to_too_much_is_refused_before_it_is_opened(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * (letterhead.UNPACKED_LIMIT + 1))
    assert path.stat().st_size < letterhead.LIMIT
    with pytest.raises(letterhead.LetterheadError, match="unpack to more than"):
        letterhead.check(path)


def test_the_command_checks_and_installs(tmp_path, capsys):
    good = _template(tmp_path / "northshire.docx")
    bad = _template(tmp_path / "unmarked.docx", header="Northshire")
    assert main(["letterhead", "check"]) == 0
    assert "built-in layout" in capsys.readouterr().out
    assert main(["letterhead", "check", str(bad)]) == 2
    assert "no protective marking" in capsys.readouterr().err
    assert main(["letterhead", "install", str(good)]) == 0
    assert "Installed as the service's letterhead" in capsys.readouterr().out
    assert letterhead.installed_path().read_bytes() == good.read_bytes()
    assert main(["letterhead", "check"]) == 0
    assert "Can be used as a letterhead" in capsys.readouterr().out
    assert main(["letterhead"]) == 2


async def test_settings_says_which_layout_the_word_exports_use(store, make_app, tmp_path):
    from tests.waits import until
    from yjtui.screens.settings import SettingsScreen

    letterhead.install(_template(tmp_path / "northshire.docx"))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(SettingsScreen())
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen) and app.screen.query("#letterhead-msg"),
                    "Settings with its export notes")
        said = str(app.screen.query_one("#letterhead-msg").render())
        assert "service's letterhead (letterhead.docx, marked OFFICIAL-SENSITIVE)" in said


def test_the_template_body_is_replaced_not_appended_to(tmp_path):
    """The document's own parts only, after the template's section settings (page size, margins) are kept."""
    data = _template(tmp_path / "t.docx", body="KEEP OUT").read_bytes()
    doc = Document("Title", "Sub", [Section("A", ["one"])], letterhead=data)
    with zipfile.ZipFile(io.BytesIO(doc.as_docx())) as z:
        xml = z.read("word/document.xml").decode()
    assert "KEEP OUT" not in xml and "one" in xml and "sectPr" in xml
