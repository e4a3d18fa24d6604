"""The court screen driven through Textual's Pilot: the four bail and remand cases of issue 6."""

from __future__ import annotations

import json
from datetime import date, datetime

from textual.widgets import Input, Static

from yjtui.screens.court import BINDINGS, CourtScreen
from yjtui.screens.forms import Choice
from yjtui.store import Child, Event, Hearing

SIZE = (120, 40)
KEYS = {" ": "space", "/": "slash", ".": "full_stop", ":": "colon", "-": "minus", "'": "apostrophe"}


async def _type(pilot, text: str) -> None:
    await pilot.press(*[KEYS.get(ch, ch) for ch in text])


async def _open_court(pilot, app, child) -> CourtScreen:
    await pilot.pause()
    app.open_child(child.id)
    await pilot.pause()
    await pilot.press("f3")
    await pilot.pause()
    assert isinstance(app.screen, CourtScreen)
    return app.screen


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def _set(pilot, screen, **answers) -> None:
    """Answer choices directly (id -> value), as a user pressing y / n / u would."""
    for wid, value in answers.items():
        screen.query_one(f"#{wid}", Choice).set_value(value)
    await pilot.pause()


async def _add_charge(pilot, screen, offence: str, years: str, **flags) -> int:
    await pilot.press("ctrl+g")
    await pilot.pause()
    i = len(screen.charges) - 1
    await _type(pilot, offence)
    await _set(pilot, screen, **{f"c{i}-{k}": v for k, v in flags.items()})
    screen.query_one(f"#c{i}-years", Input).value = years
    await pilot.pause()
    return i


async def test_robbery_at_15_first_set_met_walked_by_keys(store, make_app, tmp_path):
    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2011, 3, 14)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_court(pilot, app, child)
        assert app.focused.id == "h-court"
        await _type(pilot, "Highbury Corner")
        await pilot.press("tab", "tab")
        await _type(pilot, "10:00")
        # Charge: picked from the gravity matrix by searching as you type.
        await pilot.press("ctrl+g")
        await _type(pilot, "robb")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert screen.charges[0]["offence"].startswith("Robbery")
        assert screen.charges[0]["gravity_score"] == 4
        assert app.focused.id == "c0-imprisonable"
        # The offence table answers what it knows (Sch 15 item 31, seed 002 L7976; Theft Act 1968 s.8(2)).
        charge = screen.charges[0]
        assert {k: charge[k] for k in ("imprisonable", "violent", "sexual", "terrorism")} == \
            {"imprisonable": "yes", "violent": "yes", "sexual": "no", "terrorism": "no"}
        assert charge["max_adult_sentence_years"] == 99 and screen.query_one("#c0-years", Input).value == "life"
        assert "from the offence table" in str(screen.query_one("#c0-violent", Choice).render())
        assert "to be checked against the statute" in _text(screen, "#c0-table").lower()
        assert charge["offence_table"]["chosen_by"] == store.who
        # The officer changes an answer (recorded, by whom), then goes back to the table's.
        await pilot.press("tab", "n")
        assert charge["offence_table"]["changed"]["violent"]["by"] == store.who
        assert "changed by" in str(screen.query_one("#c0-violent", Choice).render())
        await pilot.press("y")
        assert charge["offence_table"]["changed"] == {}
        await pilot.press("tab", "tab", "tab", "n", "tab", "n")
        # The remand panel: the answers the practitioner gives.
        await pilot.press("ctrl+f", "y", "tab")
        await _type(pilot, "CPS indicates custody")
        await pilot.press("tab", "tab", "n", "tab", "n", "tab", "n", "tab", "tab", "y", "tab")
        await _type(pilot, "risk to the public")
        await pilot.press("tab", "y")
        await pilot.pause()
        panel = screen.panel_text()
        assert "First set (s.98): met" in panel
        assert "Youth detention accommodation (YDA): open" in panel
        assert "Unresolved: none" in panel
        assert "propose a community alternative" in panel
        assert "remand" not in panel.lower()
        # Objections: failure to surrender raised, with the response.
        await pilot.press("ctrl+n", "ctrl+n")
        await pilot.pause()
        assert app.focused.id == "g-fail_to_surrender"
        await pilot.press("y", "tab")
        await _type(pilot, "Reporting and curfew")
        # Package: bail ISS, 20 hours, tagged curfew.
        await pilot.press("ctrl+n", "ctrl+n")
        await pilot.pause()
        assert app.focused.id == "p-support"
        await pilot.press("i", "tab")
        await _type(pilot, "20")
        await pilot.press("tab", "y", "tab", "tab", "n", "tab", "tab", "y", "tab")
        await _type(pilot, "19:00 to 07:00")
        await pilot.press("tab", "y")  # tag
        await pilot.pause()
        package = screen.data["package"]
        assert package["support"] == "iss" and package["hours_per_week"] == 20
        assert package["conditions"]["tag"] is True
        assert "court.iss_tag" not in {c.id for c in screen.package_findings()}
        # Outcome in two keys: YDA, then enter.
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.focused.id == "outcome-picker", app.focused
        await pilot.press("y", "enter")
        await pilot.pause()
        events = store.records(Event, child.id)
        assert [e.type for e in events] == ["remanded_to_yda"]
        assert store.get(Child, child.id).looked_after == "remand"
        result = _text(screen, "#outcome-result")
        assert "Initial planning meeting after remand" in result and "30/11/2026" in result
        assert "Post-Court Report" in result and "warrant" in result and "YCS Placement Team called" in result
        hearing = store.records(Hearing, child.id)[-1]
        assert hearing.outcome == "remand_yda" and hearing.court == "Highbury Corner"
        assert json.loads(hearing.charges)[0]["max_adult_sentence_years"] == 99  # life, from the offence table
        # Export by keys: the folder typed, the recipient given.
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("shift+tab", "end", "ctrl+u")
        await _type(pilot, str(tmp_path))
        await pilot.press("tab")
        await _type(pilot, "Youth court: bail application")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        docx_path = tmp_path / f"bail-proposal-record-{child.id}-2026-11-23.docx"  # no YJS ref: the record number
        assert docx_path.exists() and docx_path.with_suffix(".txt").exists()
        import docx

        from yjtui.rules.court_checks import MINIMUM_CONTENTS

        headings = [p.text for p in docx.Document(str(docx_path)).paragraphs if p.style.name.startswith("Heading")]
        for _k, heading, _c in MINIMUM_CONTENTS:
            assert heading in headings
        disclosures = [a for a in store.audit_entries(child.id) if a.action == "disclose"]
        assert disclosures and disclosures[-1].detail.startswith("Youth court: bail application: ")


async def test_eleven_year_old_never_has_yda_open(store, make_app):
    child = store.add(Child(given_name="Bo", family_name="Sample", date_of_birth=date(2015, 6, 1)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_court(pilot, app, child)
        await _add_charge(pilot, screen, "Robbery", "14", imprisonable="yes", violent="yes")
        await _set(pilot, screen, **{"b-custodial_sentence_very_likely": "yes", "b-necessity": "yes",
                                     "b-legal_representation": "yes"})
        panel = screen.panel_text()
        assert "Age at the hearing: 11" in panel
        assert "Youth detention accommodation (YDA): closed by law" in panel
        assert "local authority accommodation only" in panel
        assert "First set (s.98): not met" in panel
        assert "remand" not in panel.lower()
        await pilot.press("ctrl+o", "y", "enter")
        await pilot.pause()
        assert "does not leave youth detention accommodation open" in _text(screen, "#outcome-msg")
        assert store.records(Event, child.id) == []
        await pilot.press("l", "enter")
        await pilot.pause()
        assert [e.type for e in store.records(Event, child.id)] == ["remanded_to_la"]
        assert store.get(Child, child.id).looked_after == "remand"
        assert "designated local authority" in _text(screen, "#outcome-result")


async def test_theft_while_remanded_with_absconding_meets_the_second_set(store, make_app):
    child = store.add(Child(given_name="Cal", family_name="Test", date_of_birth=date(2010, 1, 5)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_court(pilot, app, child)
        await _add_charge(pilot, screen, "Theft", "7", imprisonable="yes", violent="no", sexual="no",
                          terrorism="no", alleged_while_on_bail="no", alleged_while_remanded="yes")
        await _set(pilot, screen, **{"b-custodial_sentence_very_likely": "yes",
                                     "b-recent_significant_absconding_history": "yes",
                                     "b-history_relevant": "yes", "b-necessity": "yes",
                                     "b-legal_representation": "yes"})
        panel = screen.panel_text()
        assert "First set (s.98): not met" in panel
        assert "Second set (s.99): met" in panel
        assert "Youth detention accommodation (YDA): open" in panel
        assert "History (2nd set only)\n2nd set: met" in panel
        # A bail ISS proposal that breaks both limits is flagged; then put right.
        await _set(pilot, screen, **{"p-support": "iss"})
        screen.query_one("#p-hours", Input).value = "30"
        await pilot.pause()
        ids = {c.id for c in screen.package_findings()}
        assert {"court.iss_hours", "court.iss_tag"} <= ids
        assert "up to 25 hours" in _text(screen, "#package-checks")
        screen.query_one("#p-hours", Input).value = "abc"
        await pilot.pause()
        assert "not a number" in _text(screen, "#p-hours-msg")
        assert screen.data["package"]["hours_per_week"] == 30  # the bad text saved nothing
        screen.query_one("#p-hours", Input).value = "25"
        await _set(pilot, screen, **{"pc-tag": "yes", "p-offending_focused": "yes"})
        ids = {c.id for c in screen.package_findings()}
        assert "court.iss_hours" not in ids and "court.iss_tag" not in ids
        assert "court.no_offending_work" in ids
        await pilot.press("ctrl+o", "i", "enter")
        await pilot.pause()
        assert [e.type for e in store.records(Event, child.id)] == ["bail_support_imposed"]
        result = _text(screen, "#outcome-result")
        assert "Child allocated to a worker" in result and "24 hours" in result
        assert "Parent or carer not in court contacted" in result
        assert store.get(Child, child.id).looked_after == "no"


async def test_necessity_unknown_leaves_yda_not_yet_known(store, make_app):
    child = store.add(Child(given_name="Dee", family_name="Case", date_of_birth=date(2010, 8, 20)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_court(pilot, app, child)
        await _add_charge(pilot, screen, "Robbery", "14", imprisonable="yes", violent="yes")
        await _set(pilot, screen, **{"b-custodial_sentence_very_likely": "yes", "b-legal_representation": "yes",
                                     "b-recent_significant_absconding_history": "no",
                                     "b-recent_significant_offending_on_bail_history": "no"})
        panel = screen.panel_text()
        assert "Youth detention accommodation (YDA): not yet known" in panel
        assert "Unresolved: necessity" in panel
        assert "Necessity: only YDA adequate" in panel and "1st set: not yet known" in panel
        assert "remand" not in panel.lower()
        # Bad input at the fields: kept, flagged, nothing invalid saved.
        screen.query_one("#h-date", Input).value = "31/02/2026"
        screen.query_one("#c0-years", Input).value = "abc"
        await pilot.pause()
        assert "not a real date" in _text(screen, "#h-date-msg")
        assert "not a number of years" in _text(screen, "#c0-msg")
        assert screen.query_one("#h-date", Input).value == "31/02/2026"
        screen.flush()
        hearing = store.records(Hearing, child.id)[-1]
        assert hearing.at.date() == date(2026, 11, 23)
        assert json.loads(hearing.charges)[0]["max_adult_sentence_years"] == 14
        data = json.loads(hearing.data)
        assert data.get("necessity", "unknown") == "unknown" and data["custodial_sentence_very_likely"] == "yes"
        # User text is shown as text, never markup.
        screen.query_one("#d-package-suitability", Input).value = "[bold]stable[/bold] home"
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert "[bold]stable[/bold] home" in _text(screen, "#preview")
        await pilot.press("ctrl+o", "s", "enter")
        await pilot.pause()
        assert [e.type for e in store.records(Event, child.id)] == ["bail_support_imposed"]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CourtScreen)


def test_bindings_have_ids_and_avoid_function_keys():
    assert all(b.id and b.id.startswith("court.") for b in BINDINGS)
    assert not any(b.key.startswith("f") and b.key[1:].isdigit() for b in BINDINGS)


async def test_sections_move_forward_and_back_with_keys_tmux_leaves_alone(store, make_app):
    from textual.widgets import TabbedContent

    child = store.add(Child(given_name="Eli", family_name="Example", date_of_birth=date(2011, 2, 2)))
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await _open_court(pilot, app, child)
        tabs = screen.query_one("#court-main", TabbedContent)
        assert tabs.active == "tab-hearing"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert tabs.active != "tab-hearing"
        await pilot.press("ctrl+up")
        await pilot.pause()
        assert tabs.active == "tab-hearing"
        assert all(b.key != "ctrl+b" for b in BINDINGS)  # tmux's prefix key


async def test_a_condition_detail_is_kept_reopened_and_in_the_proposal(store, make_app):
    """Walk finding: a condition's detail ("19:00 to 07:00") was saved where neither the screen on reopening nor
    the proposal looked, so the court saw "Curfew" with no hours."""
    child = store.add(Child(given_name="Fen", family_name="Example", date_of_birth=date(2011, 3, 14)))
    # A hearing saved before the fix: its detail at the top of the data is moved beside the conditions.
    store.add(Hearing(child_id=child.id, at=datetime(2026, 11, 23, 10, 0), data=json.dumps(
        {"package": {"conditions": {"reporting": True}}, "condition_details": {"reporting": "Weekly, Edmonton"}})))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_court(pilot, app, child)
        assert screen.query_one("#d-condition_details-reporting", Input).value == "Weekly, Edmonton"
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n")
        await pilot.pause()
        assert app.focused.id == "p-support"
        await pilot.press("b", "tab", "tab", "tab", "tab", "tab", "tab", "y", "tab")
        await _type(pilot, "19:00 to 07:00")
        await pilot.pause()
        screen.flush()
        hearing = store.records(Hearing, child.id)[-1]
        package = json.loads(hearing.data)["package"]
        assert package["conditions"]["curfew"] is True
        assert package["condition_details"] == {"reporting": "Weekly, Edmonton", "curfew": "19:00 to 07:00"}
        assert "condition_details" not in json.loads(hearing.data)
        text = screen.proposal().as_text()
        assert "Curfew: 19:00 to 07:00" in text and "Report to a police station: Weekly, Edmonton" in text


async def test_ctrl_t_shows_the_proposal_from_a_focused_field(store, make_app):
    """Issue 23: ctrl+t 'Proposal' did nothing while a field had focus (always): the focused field pulled the tabs
    back to its own pane."""
    from textual.widgets import TabbedContent

    from tests.waits import until

    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2011, 3, 14)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_court(pilot, app, child)
        assert app.focused.id == "h-court"
        await pilot.press("ctrl+t")
        tabs = screen.query_one("#court-main", TabbedContent)
        await until(pilot, lambda: tabs.active == "tab-proposal", "the proposal tab")
        await pilot.pause(0.1)
        assert tabs.active == "tab-proposal"
        assert "Community Package Bail Proposal" in _text(screen, "#preview")


async def test_a_charge_added_at_80x24_is_scrolled_into_sight_as_it_is_typed(store, make_app):
    """ctrl+g at the top of the form: the new charge's offence field comes into view, so what is typed is seen."""
    from tests.waits import until

    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2011, 3, 14)))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_court(pilot, app, child)
        await until(pilot, lambda: app.focused is not None and app.focused.id == "h-court", "the court name focused")
        await pilot.press("ctrl+g")
        await until(pilot, lambda: app.focused is not None and app.focused.id == "c0-offence", "the new charge")
        await pilot.press(*"robbery")
        await until(pilot, lambda: screen.query_one("#c0-offence", Input).value == "robbery", "the offence typed")
        await until(pilot, lambda: "robbery" in "\n".join(s.text for s in screen._compositor.render_strips()),
                    "the offence typed, on screen")


async def test_looking_at_the_court_screen_makes_no_hearing_the_first_change_does(store, make_app):
    """Issue 23: opening F3 created a hearing just by looking. Now it is made with the first change, as the moves
    and out-of-court screens make theirs; an outcome recorded with nothing typed first makes it too."""

    child = store.add(Child(given_name="Dale", family_name="Example", date_of_birth=date(2010, 1, 5)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_court(pilot, app, child)
        assert screen.hearing.id is None
        await pilot.press("escape")
        await pilot.pause()
        assert store.records(Hearing, child.id) == []
        assert not [a for a in store.audit_entries(child.id) if a.record == "hearing"]
        screen = await _open_court(pilot, app, child)
        screen.query_one("#h-court", Input).focus()
        await pilot.press(*"Example Youth Court", "tab")
        await pilot.pause()
        screen.flush()
        [hearing] = store.records(Hearing, child.id)
        assert hearing.court == "Example Youth Court" and screen.hearing.id == hearing.id
        await pilot.press("escape")
        await pilot.pause()
    other = store.add(Child(given_name="Eden", family_name="Example", date_of_birth=date(2010, 1, 5)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_court(pilot, app, other)
        await pilot.press("ctrl+o", "s", "enter")  # an outcome with nothing typed before it
        await pilot.pause()
        [hearing] = store.records(Hearing, other.id)
        events = [json.loads(e.data).get("hearing_id") for e in store.records(Event, other.id)]
        assert events and set(events) == {hearing.id}


async def test_the_court_is_a_record_form_its_fields_declared_and_saved_after_the_pause(store, make_app):
    """Issue 26: the court fills and saves the way the other workflow screens do: every field it shows is a declared
    field of the record form (a charge's as "charges.<i>.<key>"), and what is typed is saved after the pause by the
    one debounce, with no flush by hand."""
    from yjtui.screens.record_form import RecordScreen
    from tests.waits import until

    child = store.add(Child(given_name="Gil", family_name="Example", date_of_birth=date(2011, 3, 14)))
    # A charge an older version kept with true / false answers is shown in words.
    store.add(Hearing(child_id=child.id, at=datetime(2026, 11, 23, 10, 0),
                      charges=json.dumps([{"offence": "Theft", "imprisonable": True}])))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_court(pilot, app, child)
        assert isinstance(screen, RecordScreen)
        assert screen.query_one("#c0-imprisonable", Choice).value == "yes"
        await pilot.press("ctrl+g")
        await until(pilot, lambda: app.focused is not None and app.focused.id == "c1-offence", "the new charge")
        assert screen.fields["c1-offence"].path == "charges.1.offence"
        shown = {w.id for w in screen.query("Input, Choice, Select") if w.id}
        assert shown <= set(screen.fields), shown - set(screen.fields)
        await _type(pilot, "Burglary")
        await until(pilot, lambda: not screen.pending, "saved after the pause")
        [hearing] = store.records(Hearing, child.id)
        assert [c["offence"] for c in json.loads(hearing.charges)] == ["Theft", "Burglary"]
        screen.query_one("#c1-years", Input).value = "many"
        await until(pilot, lambda: "not a number of years" in _text(screen, "#c1-msg"), "the message at the charge")
        assert screen.query_one("#c1-years", Input).has_class("-in-error")
