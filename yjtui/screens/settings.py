"""Settings: the practitioner's name for the audit trail, the local policy packs this service uses, and the lock.

The lock's PIN (for a plain store; an encrypted store unlocks with its passphrase) is kept only as a salted scrypt
hash, and the audit trail records that it changed, never its value.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Label, Select, Static

from yjtui.screens import keys
from yjtui.screens.footer import Footer
from yjtui.screens.header import Header
from yjtui.screens.tick_list import TickBox
from yjtui.casework import packs as local
from yjtui.casework.export import letterhead
from yjtui.casework.export.document import ENCRYPT_SETTING
from yjtui.casework.forms import check_text
from yjtui.rules.packs import reload as reload_packs, user_dir
from yjtui.text import shown


class SettingsScreen(Screen):
    BINDINGS = keys.SETTINGS
    AUTO_FOCUS = "#practitioner"  # the first field: the first key typed lands in it (issue 23: it was lost)
    TITLE = "Settings"

    def compose(self) -> ComposeResult:
        from yjtui.rules.roles import ROLES  # here, not at import: the app imports this module at start-up

        store = self.app.store
        yield Header()
        with VerticalScroll(id="form"):
            yield Label("Your name, as the audit trail records it (blank: the computer's user name)")
            yield Input(shown(store.get_setting("practitioner")), id="practitioner")
            yield Static("", id="practitioner-msg", classes="field-msg")
            yield Label("Your role (sets the start screen and the function keys; countersigning is a manager's)")
            yield Select([(label, key) for key, label in ROLES.items()], value=self.app.role(), id="role",
                         allow_blank=False, compact=True)
            yield Label(Text("Local policy packs (the national baseline is always on; a service adds its own as a "
                             f"file in {shown(user_dir())})"))
            reload_packs()  # a pack file dropped in the folder since the app started is listed now
            on_packs = set(store.local_packs())
            for pack in local.choices():
                label = pack.description or pack.service
                yield TickBox(Text(shown(f"{label} ({pack.name})")), pack.name in on_packs, id=f"pack-{pack.name}",
                               classes="pack")
            yield Static(Text(self._pack_notes()), id="packs-msg", classes="field-msg")
            # The Y2A protocol is England's (seed 002 L24963): a Welsh service does not get its timeline.
            yield Label("Nation of this service (youth to adult transitions differ)")
            yield Select([("England", "england"), ("Wales", "wales")],
                         value="wales" if store.get_setting("nation") == "wales" else "england", id="nation",
                         allow_blank=False)
            yield TickBox("Encrypt every export unless the person exporting unticks it (a password for each; "
                           "a service setting)", store.get_setting(ENCRYPT_SETTING) == "yes", id="export-encrypt")
            yield Static(Text(letterhead.words(*letterhead.current())), id="letterhead-msg", classes="field-msg")
            yield Label("Lock after this many minutes without a key press (ctrl+l locks at once)")
            yield Input(str(store.idle_minutes()), id="idle-minutes", type="integer")
            yield Static("", id="idle-minutes-msg", classes="field-msg")
            if store.encrypted:
                yield Label("Unlocking: the store is encrypted, so its passphrase unlocks the lock (no PIN needed)")
            else:
                yield Label("PIN that unlocks the lock (at least 4 characters; Enter sets it, blank and Enter "
                            "clears it)")
                yield Input(password=True, id="lock-pin", placeholder="New PIN, then Enter")
                yield Static("PIN set." if store.has_lock_pin() else
                             "No PIN: the lock hides the screen but anyone can press Enter.",
                             id="lock-pin-msg", classes="field-msg")
        yield Footer()

    @on(Input.Changed, "#practitioner")
    def _name(self, event: Input.Changed) -> None:
        check = check_text(event.value, "Name")
        self.query_one("#practitioner-msg", Static).update(Text(check.message))
        stored = self.app.store.get_setting("practitioner")
        if check.ok and check.value != stored and check.value != shown(stored):  # shown made visible: no change
            self.app.store.set_setting("practitioner", check.value)

    @on(Input.Changed, "#idle-minutes")
    def _idle(self, event: Input.Changed) -> None:
        msg = self.query_one("#idle-minutes-msg", Static)
        try:
            minutes = int(event.value)
        except ValueError:
            msg.update("Type a whole number of minutes, 1 to 120.")
            return
        if not 1 <= minutes <= 120:
            msg.update("Between 1 and 120 minutes.")
            return
        msg.update(f"Locks after {minutes} minute{'s' if minutes != 1 else ''} idle.")
        if str(minutes) != self.app.store.get_setting("lock_idle_minutes", "5"):
            self.app.store.set_setting("lock_idle_minutes", str(minutes))

    @on(Input.Submitted, "#lock-pin")
    def _pin(self, event: Input.Submitted) -> None:
        pin = event.value
        event.input.value = ""
        msg = self.query_one("#lock-pin-msg", Static)
        if pin and len(pin) < 4:
            msg.update("A PIN needs at least 4 characters; nothing changed.")
            return
        self.app.store.set_lock_pin(pin)
        msg.update("PIN set." if pin else "PIN cleared: the lock hides the screen but anyone can press Enter.")

    def _pack_notes(self) -> str:
        notes = [f"Switched on but not found: {shown(name)} (its file was removed or renamed)."
                 for name in local.unavailable(self.app.store)]
        notes += [f"Left out, with a fault: {shown(problem)}" for problem in local.problems()]
        return "\n".join(notes)

    @on(Select.Changed, "#role")
    def _role(self, event: Select.Changed) -> None:
        from yjtui.rules.roles import ROLES

        if event.value in ROLES and event.value != self.app.role():
            self.app.set_role(str(event.value))
            self.notify(f"Role: {ROLES[str(event.value)]}. The function keys now show what this role does.",
                        markup=False)

    @on(Select.Changed, "#nation")
    def _nation(self, event: Select.Changed) -> None:
        value = str(event.value)
        if value != (self.app.store.get_setting("nation") or "england"):
            self.app.store.set_setting("nation", value)

    @on(Checkbox.Changed, "#export-encrypt")
    def _export_encrypt(self, event: Checkbox.Changed) -> None:
        self.app.store.set_setting(ENCRYPT_SETTING, "yes" if event.value else "no")

    @on(Checkbox.Changed, ".pack")
    def _pack(self, event: Checkbox.Changed) -> None:
        packs = {p.name for p in local.choices() if self.query_one(f"#pack-{p.name}", Checkbox).value}
        problem = local.switch_on(self.app.store, packs)
        msg = self.query_one("#packs-msg", Static)
        if problem:
            with event.checkbox.prevent(Checkbox.Changed):
                event.checkbox.value = not event.checkbox.value
            msg.update(Text(f"Not switched on: {shown(problem)}"))
        else:
            msg.update(Text(self._pack_notes()))

    def action_back(self) -> None:
        self.app.pop_screen()
