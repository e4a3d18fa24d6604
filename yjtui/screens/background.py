"""Work off the UI thread: a read that may take seconds (a whole caseload's deadlines, the audit trail, a team server
over a council network) runs in a thread and hands its answer back, so the screen answers keys meanwhile.

`in_background(node, group, work, done, failed)`: `work()` runs in a thread worker of `node`; `done(result)` runs on
the UI thread if the node is still on screen and no newer run of the same group has started since (a filter typed
again, the screen shown again). A store that did not answer (the team server gone, the file busy) goes to
`failed(message)`, by default a notification; anything else is a bug and fails the worker, which the app shows.

Nothing here imports the store or the rules: the app's own timers (the server poll, the idle lock) use it before
they load.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, TypeVar

T = TypeVar("T")
_here = threading.local()  # `working` is set while a thread runs work given to `in_background` or `off_ui`


def on_ui(app, callback: Callable[..., Any], *args: Any) -> None:
    """`callback(*args)` on the UI thread: now when called there, else handed over and waited for (dropped if the
    app has closed meanwhile)."""
    if not getattr(_here, "working", False):
        callback(*args)
        return
    if not app.is_running:
        return
    try:
        app.call_from_thread(callback, *args)
    except RuntimeError:
        if app.is_running:
            raise  # raised by the callback itself
        # the app closed while the answer was on its way: nobody is left to show it


def off_ui(node, group: str, work: Callable[[], Any]) -> None:
    """`work()` in a thread worker of `node`, unless one of `group` is still running (a timer's work that took
    longer than its interval waits for the next tick). Whatever it shows goes through `on_ui`."""
    if any(w.node is node and w.group == group and not w.is_finished for w in node.workers):
        return
    node.run_worker(_marked(work), thread=True, group=group, name=group)


def _marked(work: Callable[[], T]) -> Callable[[], T]:
    def run() -> T:
        _here.working = True
        try:
            return work()
        finally:
            _here.working = False

    return run


def in_background(node, group: str, work: Callable[[], T], done: Callable[[T], None],
                  failed: Callable[[str], None] | None = None) -> None:
    runs: dict[str, int] = node.__dict__.setdefault("_background_runs", {})
    run = runs[group] = runs.get(group, 0) + 1

    def current() -> bool:
        return runs.get(group) == run and node.is_attached

    def finish(result: T) -> None:
        if current():
            done(result)

    def problem(exc: Exception) -> None:
        from yjtui.casework.board import read_problem  # on the UI thread: the store is loaded by now

        message = read_problem(exc)
        if message is None:
            raise exc  # a bug: back in the worker, which fails and the app shows it
        if current():
            if failed is not None:
                failed(message)
            else:
                node.notify(message, severity="error", markup=False)

    def thread() -> None:
        try:
            result = work()
        except Exception as exc:  # noqa: BLE001 (sorted on the UI thread: a store problem is said, a bug raised)
            on_ui(node.app, problem, exc)
            return
        on_ui(node.app, finish, result)

    node.run_worker(_marked(thread), thread=True, group=group, name=group)
