"""The header at the top of every screen: the screen's title, and who is signed in (the app's sub-title).

Textual's own Header puts the title in from a callback that runs later, on the app's queue (Header._on_mount's
`set_title`), and that callback crashes the app (`NoMatches: No nodes match 'HeaderTitle'`) when the screen was
closed before it ran: the app leaving just after signing in had pushed the case list, or the sub-title changing
while a screen is being taken down. This one puts the title in at once, when it mounts and on each change, and
does nothing when the title is already gone. Every screen yields this Header (tests/test_header.py).

While the team server does not answer, the app's `offline_note` ("OFFLINE") is shown on every screen: a screen
that names its child in place of the app's sub-title (the plan, the court) hid the app's OFFLINE (issue 23).
"""

from __future__ import annotations

from textual.dom import NoScreen
from textual.events import Mount
from textual.widgets import Header as TextualHeader


class Header(TextualHeader):
    def on_mount(self, event: Mount) -> None:
        # Base classes' Mount handlers do not run (Textual's deferred one among them): Widget's is run here.
        event.prevent_default()
        super(TextualHeader, self)._on_mount(event)
        for target in (self.app, self.screen):
            for name in ("title", "sub_title"):
                self.watch(target, name, self._show_title)
        if hasattr(type(self.app), "offline_note"):
            self.watch(self.app, "offline_note", self._show_title)

    @property
    def screen_sub_title(self) -> str:
        sub_title = super().screen_sub_title
        note = getattr(self.app, "offline_note", "")
        if note and self.screen.sub_title is not None:  # the app's own sub-title says it in full
            return f"{note} · {sub_title}"
        return sub_title

    def _show_title(self) -> None:
        if not self.is_attached:
            return
        try:
            for title in self.query("HeaderTitle"):  # none once the screen is being taken down
                title.update(self.format_title())
        except NoScreen:
            pass
