"""Waiting for what a test needs, never for a fixed time: the app's work in threads (the board, the audit trail, the
server poll, the idle lock) finished, whether it completed or was replaced by a newer run."""

from __future__ import annotations


async def workers_done(app) -> None:
    """Every worker running now has ended (completed, failed or cancelled: a search typed again cancels the last)."""
    for worker in list(app.workers):
        try:
            await worker.wait()
        except Exception:  # WorkerCancelled, WorkerFailed: ended all the same (a failure fails the app's test)
            pass


async def until(pilot, condition, what: str, seconds: float = 60.0) -> None:
    """Let the app run until `condition()` holds (a row mounted, a screen shown, a value saved); fail after
    `seconds` naming `what`. A loaded machine only makes it take longer."""
    import time

    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, f"waited {seconds} s for {what}"
        await pilot.pause(0.02)
