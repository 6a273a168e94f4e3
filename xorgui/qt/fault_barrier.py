"""A fault barrier between views: one view that fails to update never stops the others."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable


class FaultBarrier:
    """Runs view updates so that an exception in one is reported once and the next ones still run.

    Parameters
    ----------
    tell : callable
        Called with one sentence for the user (the status bar) the first
        time a fault is seen; the traceback goes to ``sys.excepthook``
        (stderr), also once.
    """

    def __init__(self, tell: Callable[[str], object]) -> None:
        self._tell = tell
        self.seen: set[tuple] = set()

    def run(self, view: str, update: Callable[..., object], *args: object) -> bool:
        """Call ``update(*args)``; return False (after reporting a new fault) if it raised."""
        try:
            update(*args)
        except Exception as exc:  # the barrier: any fault of one view, whatever it is
            self._report(view, exc)
            return False
        return True

    def _report(self, view: str, exc: Exception) -> None:
        frames = traceback.extract_tb(exc.__traceback__)
        where = (frames[-1].filename, frames[-1].lineno) if frames else ("", 0)
        key = (view, type(exc).__name__, *where)
        if key in self.seen:  # a view that fails on every snapshot is reported once
            return
        self.seen.add(key)
        self._tell(f"The {view} could not be updated ({type(exc).__name__}: {exc}); the other views go on.")
        sys.excepthook(type(exc), exc, exc.__traceback__)
