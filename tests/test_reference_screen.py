"""The reference screen: search as you type, the gravity view's scoring, the palette, and bad data at start-up."""

from __future__ import annotations

import json
import shutil

from textual.widgets import OptionList, Select, SelectionList, Static

from yjtui.screens.reference import ReferenceScreen

SIZE = (120, 40)


def _hits(app) -> list[str]:
    ol = app.screen.query_one("#ref-hits", OptionList)
    return [str(ol.get_option_at_index(i).prompt) for i in range(ol.option_count)]


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_f6_opens_reference_and_burg_finds_burglary_offences(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, ReferenceScreen)
        await pilot.press(*"burg")
        await pilot.pause()
        hits = _hits(app)
        assert hits and all("urglar" in h for h in hits[:4])
        assert any(h.startswith("Gravity") for h in hits)


async def test_abbreviation_finds_its_meaning_first(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await pilot.press(*"CJSM")
        await pilot.pause()
        assert _hits(app)[0].startswith("Glossary") and "CJSM" in _hits(app)[0]
        assert "Criminal Justice Secure Mail" in _text(app, "#ref-body")
        assert "seed" in _text(app, "#ref-body")  # the citation is shown


async def test_gravity_view_limits_score_and_prompts_for_reasons(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await pilot.press(*"burglary dwelling")
        await pilot.pause()
        screen = app.screen
        entry = screen._entry
        assert entry.set == "gravity" and entry.raw["score"] == 4
        final = screen.query_one("#gravity-final", Select)
        # One point either way of the base, within the 1–4 scale (seed 002 L8456, L8466).
        assert [v for _label, v in final._options if v is not Select.NULL] == [3, 4]
        assert "normally leads to" in _text(app, "#gravity-outcome")
        final.value = 3
        await pilot.pause()
        assert "lowered with no mitigating factor" in _text(app, "#gravity-outcome")
        mitigating = screen.query_one("#gravity-mitigating", SelectionList)
        mitigating.focus()
        await pilot.press("space")  # tick the first mitigating factor
        await pilot.pause()
        assert mitigating.selected
        assert "lowered with no mitigating factor" not in _text(app, "#gravity-outcome")


async def test_palette_finds_reference_entries(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"CJSM")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReferenceScreen)
        assert app.screen._entry.title.startswith("CJSM")


def test_malformed_data_file_stops_start_up_with_a_message(tmp_path, monkeypatch):
    from yjtui import cli
    from yjtui.reference import loader

    data = tmp_path / "data"
    shutil.copytree(loader.data_dir(), data)
    doc = json.loads((data / "glossary.json").read_text())
    del doc["entries"][3]["citation"]
    (data / "glossary.json").write_text(json.dumps(doc))
    monkeypatch.setattr(loader, "data_dir", lambda: data)
    message = cli.check_reference_data()
    assert message and "glossary.json" in message and "entry 3" in message and "citation" in message
    assert cli.main(["--db", str(tmp_path / "s.db")]) == 2


def test_piping_reference_output_into_head_ends_quietly():
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "yjtui", "reference", "gravity", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(20)  # read a little, then go away as `head` does
    proc.stdout.close()
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and b"Traceback" not in err


def test_f6_shows_the_s63_trespass_conflict_with_either_row():
    """Issue 23: seed 002 L9575 (3 under BURGLARY) and L12865 (4 under SEXUAL OFFENCES) score one offence two ways."""
    from yjtui.reference.loader import load_all
    from yjtui.screens.reference import entry_text

    for entry in load_all()["gravity"].entries:
        if entry.raw["citation"] in ("seed 002 L9575", "seed 002 L12865"):
            shown = entry_text(entry).plain
            assert "contradicts itself" in shown and "L9575" in shown and "L12865" in shown


async def test_a_hit_names_its_set_once_and_ctrl_f_selects_the_last_query(make_app):
    """Issue 23: 'Ancillary Ancillary (civil) orders' in the hits; ctrl+f went back to the search with the cursor at
    the end of the last query, so a new search was typed onto it."""
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await pilot.press(*"ancillary")
        await pilot.pause()
        assert any("Ancillary (civil) orders" in h for h in _hits(app))
        assert not any("Ancillary Ancillary" in h for h in _hits(app))
        await pilot.press("enter")  # to the hits
        await pilot.pause()
        await pilot.press("ctrl+f", *"curfew")
        await pilot.pause()
        assert app.screen.query_one("#ref-search", Input).value == "curfew"
