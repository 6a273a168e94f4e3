"""The training worker: a QObject in its own QThread that owns the trainer host process.

The worker starts the host (``xorgui.core.session.host``) in a child process
(multiprocessing's ``spawn``, on every platform), sends
it the commands it receives through queued signals, and reads its replies
when the pipe becomes readable (a QSocketNotifier, so nothing polls).
Snapshots that arrive together are merged into the latest one, their
per-epoch losses concatenated, so that dropping frames leaves no gaps.
"""

from __future__ import annotations

import dataclasses
import signal
import sys
import time
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

import numpy as np
from PySide6.QtCore import QObject, QSocketNotifier, QThread, Signal, Slot

from xorgui.core.session.host import start_host
from xorgui.core.session.snapshot import Snapshot

RESTARTS, RESTART_WINDOW = 3, 60.0  # at most this many restarts of the host within this many seconds
STOP_WAIT = 2.0  # seconds a host asked to quit has to end before it is killed
REAP_WAIT = 3.0  # seconds to wait for a host whose pipe broke, or that was killed, to be reaped


def merge(older: Snapshot, newer: Snapshot) -> Snapshot:
    """Return ``newer`` carrying the per-epoch figures of both (same generation)."""
    return dataclasses.replace(
        newer,
        epoch_losses=np.concatenate([older.epoch_losses, newer.epoch_losses]),
        epoch_error_rates=np.concatenate([older.epoch_error_rates, newer.epoch_error_rates]),
        grid=newer.grid if newer.grid is not None else older.grid,  # the newest grid drawn
        focused=newer.focused if newer.focused is not None else older.focused,  # and the focus worked out with it
    )


class TrainerWorker(QObject):
    """Owns the trainer host; lives in a QThread of its own.

    Signals carry the id of the last command the host had handled. If the
    host process ends unexpectedly (killed, crashed), the worker starts a new
    one and emits ``hostEnded(why, restarted)``; after ``RESTARTS`` ends
    within ``RESTART_WINDOW`` seconds it gives up (``restarted`` False).
    """

    snapshotReady = Signal(int, object)
    stateChanged = Signal(int, bool)
    errorOccurred = Signal(int, str)
    studyProgress = Signal(object)
    studyFinished = Signal(object)
    surfaceReady = Signal(object)
    focusReady = Signal(object)
    walkReady = Signal(int, object)
    hostEnded = Signal(str, bool)
    stopped = Signal()

    def __init__(self) -> None:
        super().__init__()
        _refuse_while_main_is_imported()
        self._conn: Connection | None = None
        self._proc: BaseProcess | None = None
        self._notifier: QSocketNotifier | None = None
        self._ends: list[float] = []  # when the host ended unexpectedly
        self._closing = False  # set by kill_host: the host is being ended on purpose, not to be restarted

    @Slot()
    def start(self) -> None:
        """Start the host process (called in the worker's thread)."""
        self._proc, self._conn = start_host()
        self._notifier = QSocketNotifier(self._conn.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._read)

    @Slot(int, object)
    def send(self, cmd_id: int, cmd: object) -> None:
        """Pass a command to the host."""
        if self._conn is not None:
            try:
                self._conn.send((cmd_id, cmd))
            except OSError:
                self._host_ended()

    @Slot()
    def _read(self) -> None:
        pending: tuple | None = None
        try:
            while self._conn is not None and self._conn.poll():
                cmd_id, kind, payload = self._conn.recv()
                if kind == "snapshot":
                    same = pending is not None and pending[1].generation == payload.generation
                    if pending is not None and not same:
                        self.snapshotReady.emit(*pending)
                    pending = (cmd_id, merge(pending[1], payload) if pending is not None and same else payload)
                    continue
                if pending is not None:  # keep the order: a state follows its snapshot
                    self.snapshotReady.emit(*pending)
                    pending = None
                if kind == "progress":
                    self.studyProgress.emit(payload)
                elif kind == "study":
                    self.studyFinished.emit(payload)
                elif kind == "surface":
                    self.surfaceReady.emit(payload)
                elif kind == "focused":
                    self.focusReady.emit(payload)
                elif kind == "walkthrough":
                    self.walkReady.emit(cmd_id, payload)
                else:
                    (self.stateChanged if kind == "state" else self.errorOccurred).emit(cmd_id, payload)
        except (EOFError, OSError):
            if pending is not None:
                self.snapshotReady.emit(*pending)
            self._host_ended()
            return
        if pending is not None:
            self.snapshotReady.emit(*pending)

    def _host_ended(self) -> None:
        """Reap a host gone without being asked, say why, and start a new one unless it keeps ending."""
        self._drop_notifier()
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        why = _exit_text(self._reap(REAP_WAIT))
        if self._closing:  # killed on purpose by kill_host: the app is closing
            return
        now = time.monotonic()
        self._ends = [t for t in self._ends if now - t < RESTART_WINDOW] + [now]
        restart = len(self._ends) <= RESTARTS
        if restart:
            self.start()
        self.hostEnded.emit(why, restart)

    def _drop_notifier(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None

    def _reap(self, wait: float) -> int | None:
        """Wait up to ``wait`` seconds for the host to end, kill it if it has not; return its exit code."""
        proc = self._proc
        if proc is None:
            return None
        proc.join(wait)
        if proc.exitcode is None:  # its pipe is closed or broken but it lives on (hung): end it
            proc.kill()
            proc.join(REAP_WAIT)
        return proc.exitcode

    def kill_host(self) -> None:
        """Kill the host process at once, without restarting it; safe to call from any thread.

        The last resort of a shutdown: any call of the worker's thread that
        waits on the host (a send into a full pipe, a read) then returns.
        """
        self._closing = True
        proc = self._proc
        if proc is not None:  # kill() sends nothing to a process already reaped (exitcode would reap it here)
            proc.kill()

    @Slot()
    def stop(self) -> None:
        """Ask the host to quit, wait for it (killing it if it hangs), emit ``stopped``, end the thread."""
        self._closing = True
        self._drop_notifier()
        if self._conn is not None:
            try:
                self._conn.send(None)
            except OSError:
                pass
            self._reap(STOP_WAIT)
            self._conn.close()
            self._conn = None
        self.stopped.emit()
        # Quit from here: the QThread object lives in the GUI thread, which is
        # blocked in wait(), so a queued quit() would never run.
        QThread.currentThread().quit()


def _refuse_while_main_is_imported() -> None:
    """Raise if this is a child process importing its parent's main script (multiprocessing's spawn).

    A script that opens the window without ``if __name__ == "__main__":``
    would otherwise open a second window in the trainer process, which would
    start a trainer of its own.
    """
    mp_main = sys.modules.get("__mp_main__")
    if mp_main is not None and sys.modules.get("__main__") is not mp_main:
        raise RuntimeError("the xorgui window was opened while a child process imported the main script: "
                           "put the code that opens it under  if __name__ == \"__main__\":")


def _exit_text(code: int | None) -> str:
    """Say how a process ended: "killed by SIGKILL", "exit status 1"."""
    if code is None:
        return "it would not end"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"
