"""The supervision screen (F12), driven by keys: a missed contact followed up and a second warning leading to the
compliance panel prompt (seed 002 L1618); a breach refused until a manager signs it off (L1620)."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Input, Select

from yjtui.casework import supervision as sv
from yjtui.screens.forms import FormModal
from yjtui.screens.supervision import SupervisionScreen
from yjtui.store import CaseRecord, Child

SIZE = (140, 45)
pytestmark = pytest.mark.sqlite_only


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def _open(app, pilot, child):
    app.open_child(child.id)
    await pilot.pause()
    await pilot.press("f12")
    await pilot.pause()
    assert isinstance(app.screen, SupervisionScreen)


async def _form(app, pilot, values: dict[str, str]) -> None:
    """Fill the open form: typed fields by keys, choices by value; then ctrl+s."""
    assert isinstance(app.screen, FormModal)
    for key, value in values.items():
        widget = app.screen.query_one(f"#f-{key}")
        if isinstance(widget, Select):
            widget.value = value
        else:
            assert isinstance(widget, Input)
            widget.focus()
            widget.value = ""
            await pilot.press(*value)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_missed_contacts_followed_up_and_two_warnings_prompt_a_compliance_panel(store, make_app):
    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2010, 2, 1)))
    app = make_app()  # today: Monday 23 November 2026
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, child)
        app.screen.query_one("#sup-order", Select).value = "yro"
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        await _form(app, pilot, {"on": "16/11/2026", "status": "missed"})
        assert app.screen.query_one("#sup-contacts", DataTable).row_count == 1
        assert "OVERDUE 16/11/2026  Missed appointment followed up" in _text(app, "#sup-deadlines")
        assert "Missed appointment of 16/11/2026: follow it up" in _text(app, "#sup-findings")
        app.screen.query_one("#sup-contacts", DataTable).focus()
        await pilot.press("ctrl+f")
        await pilot.pause()
        await _form(app, pilot, {"followed_up_at": "16/11/2026", "reason": "forgot", "acceptable": "no",
                                 "warning": "yes"})
        assert "Missed appointment followed up" not in _text(app, "#sup-deadlines")  # done when followed up
        assert "compliance panel" not in _text(app, "#sup-findings")  # one warning is not 'more than one'
        await pilot.press("ctrl+t")
        await pilot.pause()
        await _form(app, pilot, {"on": "20/11/2026", "status": "missed"})
        table = app.screen.query_one("#sup-contacts", DataTable)
        table.focus()
        await pilot.press("down")
        await pilot.press("ctrl+f")
        await pilot.pause()
        await _form(app, pilot, {"followed_up_at": "20/11/2026", "reason": "overslept", "acceptable": "no",
                                 "warning": "yes"})
        findings = _text(app, "#sup-findings")
        assert "2 warnings recorded: use your local procedure (an engagement or compliance panel)" in findings
        assert "L1618" in findings
    assert [sv.data_of(r).get("warning") for r in sv.contacts(store, child.id)] == [True, True]


async def test_breach_refused_until_a_manager_signs_it_off(store, make_app):
    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2010, 2, 1)))
    sv.start(store, child, sv.SUPERVISION, {"order_type": "yro"})
    for day in ("2026-11-09", "2026-11-16"):
        sv.log_contact(store, child, {"on": day, "status": "missed", "followed_up_at": day, "reason": "no show",
                                      "acceptable": "no", "warning": True}, "yro")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, child)
        await pilot.press("ctrl+r")
        await pilot.pause()
        modal = app.screen
        modal.query_one("#f-grounds").select("non_engagement")
        await _form(app, pilot, {"other_options_tried": "yes"})
        assert isinstance(app.screen, SupervisionScreen)
        await pilot.press("ctrl+o")
        await pilot.pause()
        [breach] = [r for r in store.records(CaseRecord, child.id) if r.kind == "breach"]
        assert breach.status == "draft"
        said = [n.message for n in app._notifications]
        assert any("Not taken to court: Not signed off" in m and "L1620" in m for m in said)
        await pilot.press("ctrl+g")  # a case manager cannot sign it off
        await pilot.pause()
        assert isinstance(app.screen, SupervisionScreen)
        app.set_role("manager")
        await pilot.press("ctrl+g")
        await pilot.pause()
        await _form(app, pilot, {"signed_off_by": "M Example"})
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert "Taken to court" in _text(app, "#sup-breach")
    assert store.get(CaseRecord, breach.id).status == "complete"


async def test_stand_down_report_refused_when_custody_is_possible(store, make_app):
    """seed 002 L2384: a verbal stand-down report must not be used if there is any prospect of custody."""
    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2008, 2, 1)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, child)
        await pilot.press("ctrl+n")
        await pilot.pause()
        await _form(app, pilot, {"type": "stand_down", "custody_considered": "yes",
                                 "community_supervision_considered": "no", "submitted_on": "23/11/2026"})
        said = [n.message for n in app._notifications]
        assert any("Not sent: A verbal stand-down report must not be used if there is any prospect of a custodial "
                   "sentence" in m and "L2384" in m for m in said)
        assert "Stand-down report (verbal): not sent" in _text(app, "#sup-reports")
        assert "must not be used if there is any prospect" in _text(app, "#sup-findings")
    [report] = [r for r in store.records(CaseRecord, child.id) if r.kind == "court_report"]
    assert "submitted_on" not in sv.data_of(report)


async def test_twelve_month_dto_mappa_duties_due_on_the_day_of_sentence(store, make_app):
    """seed 002 L18415, L18429, L15865: with less than six months to serve at sentence, MAPPA H, the level and the
    MAPPA A are due as soon as possible: the day of sentence, not before it."""
    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2009, 2, 1)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, child)
        await pilot.press("ctrl+y")
        await pilot.pause()
        await _form(app, pilot, {"sentenced_on": "16/11/2026", "custody_months": "12", "release_on": "30/04/2027",
                                 "violent_or_sexual": "yes", "level_2_or_3_needed": "yes"})
        deadlines = _text(app, "#sup-deadlines")
        for title in ("MAPPA H submitted to the MAPPA Co-ordinator before release",
                      "MAPPA level set before release, custodial establishment consulted",
                      "MAPPA A referral for Level 2 or 3 sent before release"):
            assert f"OVERDUE 16/11/2026  {title} (as soon as possible: less than 6 months left at sentence" \
                in deadlines, title
        assert "/10/2026" not in deadlines  # nothing due before the sentence


async def test_the_compliance_panel_field_is_not_the_side_panel(store, make_app):
    """On main the compliance panel's field and the findings column were both '#sup-panel': the field took the
    column's CSS (a border, two fifths of the form) and a query for either found both. Every id on the screen is
    now its own, and the field looks like the form's other fields (the record form's one layout)."""
    from yjtui.screens.record_form import RecordScreen
    from tests.waits import until

    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2010, 2, 1)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, child)
        await until(pilot, lambda: app.screen.query("#sup-findings").first().render().plain.strip() != "",
                    "the supervision findings drawn")
        ids = [w.id for w in app.screen.query("*")  # the screen's own ids (a Select's parts are Textual's)
               if w.id and not any(isinstance(a, Select) for a in w.ancestors)]
        assert sorted(i for i in ids if ids.count(i) > 1) == []
        panel_field = app.screen.query_one("#sup-compliance-panel", Select)
        order_field = app.screen.query_one("#sup-order", Select)
        assert panel_field.styles.border_left[0] == "blank"  # a field's edge (the focused one: thick), no column's
        assert panel_field.region.width == order_field.region.width
        assert app.screen.query_one("#sup-panel").has_class("record-panel")
        assert isinstance(app.screen, RecordScreen)


def _findings(app) -> str:
    return str(app.screen.query_one("#sup-findings").render())


async def test_early_revocation_goes_to_a_progress_panel_first(store, make_app):
    """seed 002 L1606: early revocation of a Referral Order goes to a progress panel first; with the panel's yes the
    finding goes. Moving to Scotland, L3962: the order cannot be transferred."""
    from tests.waits import until

    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2010, 2, 1)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, child)
        await pilot.press("ctrl+e")
        await until(pilot, lambda: isinstance(app.screen, FormModal), "the referral order form")
        await _form(app, pilot, {"early_revocation_proposed": "yes", "progress_panel_agreed": "no"})
        await until(pilot, lambda: "progress panel first" in _findings(app), "the progress panel finding")
        assert "L1606" in _findings(app)
        assert "early revocation proposed (progress panel agreed: no)" in _text(app, "#sup-referral")
        await pilot.press("ctrl+e")
        await until(pilot, lambda: isinstance(app.screen, FormModal), "the referral order form again")
        assert app.screen.query_one("#f-progress_panel_agreed", Select).value == "no"  # the stored answer shown
        await _form(app, pilot, {"progress_panel_agreed": "yes", "moving_to": "scotland"})
        await until(pilot, lambda: "progress panel first" not in _findings(app), "the finding gone")
        assert "Moving to Scotland: a Referral Order cannot be transferred" in _findings(app)
        assert "L3962" in _findings(app)
    [record] = [r for r in store.records(CaseRecord, child.id) if r.kind == sv.REFERRAL_ORDER]
    assert sv.data_of(record) == {"early_revocation_proposed": True, "progress_panel_agreed": "yes",
                                  "moving_to": "scotland"}


async def test_a_victim_by_reference_consent_and_the_name_rules(store, make_app):
    """seed 002 L1508: a victim who agrees needs informed written consent; L1536-1538: a name on the child's record
    without a significant impact is flagged, and a name typed without one is not kept. The list shows the reference,
    never the name."""
    from tests.waits import until

    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2010, 2, 1)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, child)
        await pilot.press("ctrl+v")
        await until(pilot, lambda: isinstance(app.screen, FormModal), "the victim form")
        assert app.screen.query_one("#f-ref", Input).value == "V1"  # a reference, never a name, by default
        await _form(app, pilot, {"rj_decision": "invite", "rj_reason": "wants to meet", "agreed": "yes",
                                 "written_consent": "no"})
        await until(pilot, lambda: "obtain their informed written consent" in _findings(app), "the consent finding")
        assert "L1508" in _findings(app)
        table = app.screen.query_one("#sup-victims", DataTable)
        assert table.row_count == 1 and str(table.get_row_at(0)[0]) == "V1"
        table.focus()
        await pilot.press("ctrl+v")  # on the highlighted victim: edit it
        await until(pilot, lambda: isinstance(app.screen, FormModal), "the victim's form")
        assert app.screen.query_one("#f-rj_reason", Input).value == "wants to meet"
        await _form(app, pilot, {"written_consent": "yes", "name_recorded": "yes", "significant_impact": "no",
                                 "name": "Robin Sample"})
        await until(pilot, lambda: "no significant impact, so no justification" in _findings(app), "the name finding")
        assert "obtain their informed written consent" not in _findings(app)
        assert "L1536" in _findings(app)
        said = [n.message for n in app._notifications]
        assert any("The name is not kept" in m and "L1536" in m and "L1538" in m for m in said)
        assert app.screen.query_one("#sup-victims", DataTable).row_count == 1
    [record] = [r for r in store.records(CaseRecord, child.id) if r.kind == sv.VICTIM]
    data = sv.data_of(record)
    assert "name" not in data and "robin" not in record.data.lower()
    assert data["written_consent"] == "yes" and data["name_recorded"] is True


async def test_the_footer_and_help_show_the_referral_order_and_victim_keys(store, make_app):
    """At 120 columns every footer key fits, ctrl+e and ctrl+v among them; F1's help lists them with their longer
    words."""
    from rich.console import Console
    from textual.widgets._footer import FooterKey

    from tests.waits import until
    from yjtui.screens.help import key_table

    child = store.add(Child(given_name="Ash", family_name="Example", date_of_birth=date(2010, 2, 1)))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app, pilot, child)
        await until(pilot, lambda: len(app.screen.query(FooterKey)) > 0, "the footer drawn")
        shown_keys = {k.description: k for k in app.screen.query(FooterKey)}
        for words in ("Referral order", "Victim"):
            key = shown_keys[words]
            assert key.region.right <= 120 and key.region.width > 0, words  # on screen, not scrolled off
    console = Console(width=200, record=True)
    console.print(key_table())
    text = console.export_text()
    assert "Referral order: early revocation, moving, out of area" in text and "supervision.referral_order" in text
    assert "Victim: add one (on a highlighted victim: edit it)" in text and "supervision.victim" in text
