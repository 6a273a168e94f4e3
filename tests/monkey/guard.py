"""What makes a monkey run fail, caught as it happens: exceptions, warnings, Qt warnings, a GUI thread that hangs.

Inside pytest, pytest-qt catches exceptions raised in slots and Qt warnings;
the monkey runs in a child process of its own (so that a segfault fails the
test instead of killing pytest) and installs the same nets itself.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
import warnings
from dataclasses import dataclass

from PySide6.QtCore import QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QDialog

from tests.monkey.hands import Hands

# what the offscreen platform cannot do (pyproject's qt_log_ignore says the same)
QT_IGNORED = ("This plugin does not support propagateSizeHints()", "This plugin does not support raise()",
              "This plugin does not support grabbing the keyboard", "This plugin does not support grabbing the mouse")


@dataclass
class Failure:
    """One thing that went wrong, and the event during (or after) which it was seen."""

    kind: str
    message: str
    detail: str
    event: int

    @property
    def signature(self) -> tuple:
        """What tells two failures apart: kind, message and the innermost frame (numbers stripped)."""
        where = [line for line in self.detail.splitlines() if line.strip().startswith("File ")]
        text = "".join(c for c in self.message.splitlines()[0] if not c.isdigit()) if self.message else ""
        return self.kind, text[:120], where[-1].strip() if where else ""


class EventLog:
    """The events sent so far, one line each, also written (and flushed) to a file that outlives a crash."""

    def __init__(self, path: str | None) -> None:
        self.entries: list[tuple[int, str]] = []  # (event number, line)
        self.index = -1
        self._file = open(path, "w", encoding="utf-8") if path else None  # noqa: SIM115 - open for the run
        self._t0 = time.monotonic()

    def event(self, index: int, text: str) -> None:
        """Record event number ``index`` before it is sent."""
        self.index = index
        self.note(f"#{index:04d} {text}")

    def note(self, text: str) -> None:
        """Record a line (an event, or what the harness did on its own)."""
        line = f"{time.monotonic() - self._t0:7.2f}s {text}"
        self.entries.append((self.index, line))
        if self._file is not None:
            self._file.write(line + "\n")
            self._file.flush()

    def tail(self, upto: int, count: int = 30) -> list[str]:
        """Return the last ``count`` lines logged up to the end of event ``upto``."""
        return [line for index, line in self.entries if index <= upto][-count:]


class Guard:
    """Installs the nets and keeps the failures; closes modal dialogs, which would block the event sender.

    Parameters
    ----------
    log : EventLog
        Tells which event a failure belongs to.
    hang : float
        Seconds without an event-loop pass that count as a hang.
    abort_after : float
        Seconds of a hang after which the process prints its report and exits (status 3).
    """

    def __init__(self, log: EventLog, hang: float = 2.0, abort_after: float = 30.0) -> None:
        self.log, self.hang, self.abort_after = log, hang, abort_after
        self.failures: list[Failure] = []
        self.report = None  # set by the runner: prints the report (the watchdog calls it before giving up)
        self.beat = time.monotonic()
        self._gui_ident = threading.get_ident()
        self._stop = threading.Event()
        self._lock = threading.Lock()

    # --- recording ------------------------------------------------------------------------------

    def fail(self, kind: str, message: str, detail: str = "") -> None:
        """Record a failure seen during the current event."""
        with self._lock:
            self.failures.append(Failure(kind, message, detail, self.log.index))

    def distinct(self) -> list[tuple[Failure, int]]:
        """Return each distinct failure (the first of its kind) with how often it was seen."""
        seen: dict[tuple, list] = {}
        for f in self.failures:
            seen.setdefault(f.signature, [f, 0])[1] += 1
        return [(f, n) for f, n in seen.values()]

    # --- the nets -------------------------------------------------------------------------------

    def install(self, app: QApplication) -> None:
        """Hook exceptions (main thread, other threads, unraisable), warnings and Qt messages; close modal dialogs."""
        sys.excepthook = self._on_exception
        threading.excepthook = lambda a: self._on_exception(a.exc_type, a.exc_value, a.exc_traceback,
                                                            f" in thread {a.thread.name if a.thread else '?'}")
        sys.unraisablehook = lambda u: self._on_exception(type(u.exc_value), u.exc_value, u.exc_traceback,
                                                          f" (unraisable, in {u.object!r})")
        warnings.simplefilter("default")
        warnings.showwarning = self._on_warning
        qInstallMessageHandler(self._on_qt_message)
        self._closer = QTimer(app, interval=50)
        self._closer.timeout.connect(self._close_blocking)
        self._closer.start()

    def watch(self, app: QApplication) -> None:
        """Start watching the GUI thread for hangs (once the window is up: building it takes a while)."""
        self.beat = time.monotonic()
        self._heartbeat = QTimer(app, interval=50)
        self._heartbeat.timeout.connect(self._on_beat)
        self._heartbeat.start()
        threading.Thread(target=self._watch, name="monkey-watchdog", daemon=True).start()

    def stop(self) -> None:
        """Stop the watchdog (the run is over)."""
        self._stop.set()

    def _on_exception(self, exc_type, exc, tb, where: str = "") -> None:
        detail = "".join(traceback.format_exception(exc_type, exc, tb))
        self.fail("exception", f"{exc_type.__name__}: {exc}{where}", detail)

    def _on_warning(self, message, category, filename, lineno, file=None, line=None) -> None:
        # numpy's warnings come from C: the Python stack says who called it
        stack = "".join(traceback.format_stack()[:-2])
        self.fail("warning", f"{category.__name__}: {message}", f'{stack}  File "{filename}", line {lineno}')

    def _on_qt_message(self, mode, context, message: str) -> None:
        if mode in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg) or message in QT_IGNORED:
            return
        where = f'  File "{context.file}", line {context.line}, in {context.function}' if context.file else ""
        self.fail("qt-warning", message, where)

    # --- hangs and modal dialogs ------------------------------------------------------------------

    def _on_beat(self) -> None:
        self.beat = time.monotonic()

    def _watch(self) -> None:
        reported = None
        while not self._stop.wait(0.1):
            beat = self.beat
            stale = time.monotonic() - beat
            if stale > self.hang and reported != beat:
                reported = beat
                frame = sys._current_frames().get(self._gui_ident)
                stack = "".join(traceback.format_stack(frame)) if frame is not None else ""
                self.fail("hang", f"the GUI thread ran no event-loop pass for over {self.hang:g} s", stack)
            if stale > self.abort_after:
                self.log.note(f"the GUI thread is stuck for {stale:.0f} s: giving up")
                if self.report is not None:
                    self.report()
                sys.stdout.flush()
                os._exit(3)

    def _close_blocking(self) -> None:
        # A modal dialog, or a context menu, runs a nested event loop: the event
        # that opened it would not return (and no further event be sent) until
        # someone closes it.
        popup = QApplication.activePopupWidget()
        if popup is not None and Hands.blocked_for() > 0.5:
            self.log.note(f"closed the menu {type(popup).__name__} {popup.objectName()!r} that held the event")
            popup.close()
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            return
        text = getattr(dialog, "text", lambda: "")()
        self.log.note(f"closed the modal dialog {dialog.windowTitle()!r} {text[:100]!r}")
        dialog.reject() if isinstance(dialog, QDialog) else dialog.close()
