"""The pause before saving, written once: what is typed is saved a moment after the typing stops, a pick at once
(after the findings are drawn), and whatever is still waiting when the field or the screen is left, or the terminal
closes, is saved then.

One `Debounce` per screen, keyed by what is saved (a record); `touch(key)` (re)starts its timer, `flush()` saves
everything waiting now. Tests wait on `pending` (nothing waiting: saved), never on a fixed time.

The pause is counted from when the screen has caught up with the change (drawn after it), not from the keystroke:
on a loaded machine drawing a keystroke can take longer than the pause itself, and a save counted from the
keystroke then fires between two keys the user typed in one go (saving half a word, or a field just cleared).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from typing import Any

from textual.timer import Timer

SAVE_DELAY = 0.4  # seconds after the last keystroke
PICK_DELAY = 0.02  # a pick: saved straight after the findings are on screen (a synced write takes longer than a frame)


class Debounce:
    def __init__(self, owner: Any, save: Callable[[Hashable], None]) -> None:
        self.owner = owner  # the widget or screen whose timers these are
        self.save = save
        self._waiting: dict[Hashable, int] = {}  # what waits to be saved: its latest change's number
        self._timers: dict[Hashable, Timer] = {}
        self._changes = 0

    def touch(self, key: Hashable, *, typing: bool = True, delay: float | None = None) -> None:
        """`key` changed: save it after the pause (typing) or straight after this frame (a pick)."""
        self._changes += 1
        self._waiting[key] = n = self._changes
        timer = self._timers.pop(key, None)
        if timer is not None:
            timer.stop()
        wait = delay if delay is not None else (SAVE_DELAY if typing else PICK_DELAY)
        self.owner.call_after_refresh(self._start, key, n, wait)

    def _start(self, key: Hashable, n: int, wait: float) -> None:
        if self._waiting.get(key) == n:  # not changed again, nor saved, since
            self._timers[key] = self.owner.set_timer(wait, lambda: self._fire(key, n))

    def _fire(self, key: Hashable, n: int) -> None:
        if self._waiting.get(key) == n:
            self.flush(key)

    def cancel(self, key: Hashable | None = None) -> None:
        """Forget what is waiting (for `key`, or all) without saving it."""
        for k in [key] if key is not None else list(self._waiting):
            self._waiting.pop(k, None)
            timer = self._timers.pop(k, None)
            if timer is not None:
                timer.stop()

    def flush(self, key: Hashable | None = None) -> None:
        """Save now what is waiting (for `key`, or all)."""
        for k in [key] if key is not None else list(self._waiting):
            if k in self._waiting:
                self.cancel(k)
                self.save(k)

    @property
    def pending(self) -> bool:
        return bool(self._waiting)

    def __contains__(self, key: object) -> bool:
        return key in self._waiting

    def __iter__(self) -> Iterator[Hashable]:
        return iter(list(self._waiting))

    def __bool__(self) -> bool:
        return bool(self._waiting)

    def __len__(self) -> int:
        return len(self._waiting)
