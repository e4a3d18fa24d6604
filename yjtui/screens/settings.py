"""Settings: the practitioner's name for the audit trail, and the local policy packs this service uses."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Header, Input, Label, Static

from yjtui import keys
from yjtui.forms import check_text

LOCAL_PACKS = {
    "enfield": "Enfield local policy (scaled-approach contact minimums, High Risk Panel, YIOM, exploitation "
               "screening, local serious-incident timescales)",
    "leicester": "Leicester Deter Young Offenders policy",
}


class SettingsScreen(Screen):
    BINDINGS = keys.SETTINGS
    TITLE = "Settings"

    def compose(self) -> ComposeResult:
        store = self.app.store
        yield Header()
        with VerticalScroll(id="form"):
            yield Label("Your name, as the audit trail records it (blank: the computer's user name)")
            yield Input(store.get_setting("practitioner"), id="practitioner")
            yield Static("", id="practitioner-msg", classes="field-msg")
            yield Label("Local policy packs (the national baseline is always on)")
            on_packs = set(store.local_packs())
            for pack, label in LOCAL_PACKS.items():
                yield Checkbox(label, pack in on_packs, id=f"pack-{pack}")
        yield Footer()

    @on(Input.Changed, "#practitioner")
    def _name(self, event: Input.Changed) -> None:
        check = check_text(event.value, "Name")
        self.query_one("#practitioner-msg", Static).update(Text(check.message))
        if check.ok:
            self.app.store.set_setting("practitioner", check.value)

    @on(Checkbox.Changed)
    def _pack(self, event: Checkbox.Changed) -> None:
        packs = {p for p in LOCAL_PACKS if self.query_one(f"#pack-{p}", Checkbox).value}
        self.app.store.set_local_packs(packs)

    def action_back(self) -> None:
        self.app.pop_screen()
