"""The key list at the foot of every screen, redrawn only when the keys it shows change.

Textual's own Footer rebuilds every key in it whenever the focus moves (each Tab), even when the keys are the same:
on the court screen that rebuild was a quarter of the time each key took (4,091 restyles in one walk by keys,
11 s of 46). This one compares the keys it would show with those it shows and rebuilds only when they differ: a
field's own keys appearing, a key switched off, another screen's keys. Every screen yields this Footer.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer as TextualFooter


def _keys_shown(screen: Any) -> tuple:
    """What the footer would draw for the screen's bindings now: key, words, action, enabled, tooltip."""
    return tuple((b.key, b.description, b.action, b.group, enabled, tooltip)
                 for (_node, b, enabled, tooltip) in screen.active_bindings.values() if b.show)


class Footer(TextualFooter):
    _drawn: tuple | None = None

    def bindings_changed(self, screen: Any) -> None:
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            super().bindings_changed(screen)  # not drawn now: the next change draws it
            return
        keys = _keys_shown(screen)
        if self._bindings_ready and keys == self._drawn:
            return
        self._drawn = keys
        super().bindings_changed(screen)
