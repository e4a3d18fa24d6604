"""Type-ahead: every key typed reaches the field the practitioner meant, in order, however fast they type.

Why this is needed (Textual 8): a key is posted to the focused widget's queue and only reaches the app's bindings
after bubbling up the widget tree, one queue at a time. Keys typed in the same burst are posted straight to the
*old* focus meanwhile. So "Jordan", Tab, "Reeve" put "JordanReeve" in the given name (the Tab ran after the
letters), and the "r" typed straight after ctrl+g went to the field before the new charge ("obbery"). The same
happens while a screen opens (F2/F3/F4), a record is created or a widget is mounted.

The fix, once for every screen: the app holds a key back while the previous one is still being handled anywhere
(a widget, its parents, a binding's action, a screen or widget being composed and mounted, a focus change), and
replays the held keys in order as soon as everything has settled. Timers (the save-after-a-pause timers) and
worker threads are not waited for. A key is never dropped: after `MAX_WAIT` seconds of the app's own work (or
`WALL_WAIT` by the clock) it is delivered anyway.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque

from textual import events, messages
from textual.message_pump import MessagePump

from yjtui.text import shown

# A key is delivered even if something is still busy after MAX_WAIT seconds of this process's own work, or
# WALL_WAIT seconds by the clock. Counted in CPU time because on a loaded laptop (or CI, 4 workers on 2 cores)
# the plan screen took more than 2 s by the clock to build, and the first key typed into its item form was lost.
MAX_WAIT = 2.0
WALL_WAIT = 30.0
RENDER = (messages.Update, messages.Layout, messages.UpdateScroll, messages.Prompt)
_POLLS = (0, 0, 0, 0.001, 0.002, 0.004)  # then every 8 ms: a screen being built is not slowed by the checks


def _pump_idle(pump: MessagePump, *, running_here: bool = False) -> bool:
    """True when the pump has nothing queued and is waiting for its next message (not in a handler).

    `running_here`: the pump is the one calling (it is inside a handler by definition): only its queue counts.
    """
    if pump._closed or pump._closing:
        return True
    if not getattr(pump, "_is_mounted", True):
        # Pushed or mounted but not yet composed: its queue is empty and it waits on nothing, yet a key sent now
        # would reach the screen before it (F3 then "Highbury" lost the "H").
        return False
    if pump._pending_message is not None or pump._next_callbacks:
        return False
    queue = pump.__dict__.get("_message_queue")
    if queue is None:  # nothing ever posted to it
        return True
    values = getattr(queue, "values", None)
    if values is not None:
        # Repaints and layout passes still queued do not move focus or change the widget tree: a key need not
        # wait for them (the text appears in the field at the next repaint).
        if any(not isinstance(m, RENDER) for m in values):
            return False
    elif not queue.empty():
        return False
    if running_here:
        return True
    # Blocked in `await queue.get()`: Textual's queue waits on an asyncio.Event, which keeps the waiting future.
    waiters = getattr(getattr(queue, "ready_event", None), "_waiters", None)
    if waiters is None:  # another Textual or Python: fall back to "nothing queued"
        return True
    return any(not waiter.done() for waiter in waiters)


class TypeAheadMixin:
    """Mixed into the App before `App`: holds raw keys (and pastes) back until the last one has settled."""

    def _type_ahead_state(self) -> tuple[deque, dict]:
        state = self.__dict__.get("_type_ahead")
        if state is None:
            state = self.__dict__["_type_ahead"] = (deque(), {"task": None, "force": False})
        return state

    def settled(self, *, from_app: bool = True) -> bool:
        """Nothing queued or being handled in the app or any screen's widgets (timers and workers aside)."""
        app: MessagePump = self  # type: ignore[assignment]
        if not _pump_idle(app, running_here=from_app):
            return False
        for screen in self.screen_stack:  # type: ignore[attr-defined]
            if screen._callbacks:  # after-refresh callbacks (a focus set after the first paint, say)
                return False
            for node in screen.walk_children(with_self=True):
                if not _pump_idle(node):
                    return False
        return True

    def keys_held(self) -> int:
        """How many typed keys are waiting for the screen to settle (0 when every key has been delivered)."""
        return len(self._type_ahead_state()[0])

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Paste):
            # Pasted text is shown in a field before any check reads it: nothing in it may command the terminal.
            event.text = shown(event.text, keep_newlines=True)
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            backlog, _state = self._type_ahead_state()
            if backlog or not self._ready_for_key():
                backlog.append(event)
                self._wait_then_replay()
                return
        await super().on_event(event)  # type: ignore[misc]

    def _ready_for_key(self) -> bool:
        try:
            return self.settled(from_app=True)
        except Exception:  # never let the check itself stop a key
            return True

    def _wait_then_replay(self) -> None:
        _backlog, state = self._type_ahead_state()
        task = state["task"]
        if task is not None and not task.done():
            return
        state["task"] = asyncio.get_running_loop().create_task(self._wait_until_settled())

    async def _wait_until_settled(self) -> None:
        _backlog, state = self._type_ahead_state()
        end, cpu_end = time.monotonic() + WALL_WAIT, time.process_time() + MAX_WAIT
        polls = 0
        settled = False
        while not settled and time.monotonic() < end and time.process_time() < cpu_end:
            # Yield first so the handlers still running get their turn; then poll more and more gently.
            await asyncio.sleep(_POLLS[polls] if polls < len(_POLLS) else 0.008)
            polls += 1
            try:
                settled = self.settled(from_app=False)
            except Exception:
                settled = True
        state["force"] = not settled  # waited long enough: the next key goes regardless
        self.call_later(self._replay_keys)  # type: ignore[attr-defined]

    async def _replay_keys(self) -> None:
        backlog, state = self._type_ahead_state()
        state["task"] = None
        while backlog:
            if not state["force"] and not self._ready_for_key():
                self._wait_then_replay()
                return
            state["force"] = False
            await super().on_event(backlog.popleft())  # type: ignore[misc]
