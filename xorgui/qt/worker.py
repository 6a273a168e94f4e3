"""The training worker: a QObject in its own QThread that owns the trainer host process.

The worker starts the host (``xorgui.core.host``) in a child process, sends
it the commands it receives through queued signals, and reads its replies
when the pipe becomes readable (a QSocketNotifier, so nothing polls).
Snapshots that arrive together are merged into the latest one, their
per-epoch losses concatenated, so that dropping frames leaves no gaps.
"""

from __future__ import annotations

import dataclasses
import socket
import subprocess
import sys
from multiprocessing.connection import Connection

import numpy as np
from PySide6.QtCore import QObject, QSocketNotifier, QThread, Signal, Slot

from xorgui.core.snapshot import Snapshot


def merge(older: Snapshot, newer: Snapshot) -> Snapshot:
    """Return ``newer`` carrying the per-epoch figures of both (same generation)."""
    return dataclasses.replace(
        newer,
        epoch_losses=np.concatenate([older.epoch_losses, newer.epoch_losses]),
        epoch_error_rates=np.concatenate([older.epoch_error_rates, newer.epoch_error_rates]),
    )


class TrainerWorker(QObject):
    """Owns the trainer host; lives in a QThread of its own.

    Signals carry the id of the last command the host had handled.
    """

    snapshotReady = Signal(int, object)
    stateChanged = Signal(int, bool)
    errorOccurred = Signal(int, str)
    studyProgress = Signal(object)
    studyFinished = Signal(object)
    surfaceReady = Signal(object)
    stopped = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._conn = self._proc = self._notifier = None

    @Slot()
    def start(self) -> None:
        """Start the host process (called in the worker's thread)."""
        # A plain child process on an inherited socket: multiprocessing's spawn
        # would re-run the parent's main script in the child.
        ours, theirs = socket.socketpair()
        self._proc = subprocess.Popen([sys.executable, "-m", "xorgui.core.host", str(theirs.fileno())],
                                      pass_fds=[theirs.fileno()])
        theirs.close()
        self._conn = Connection(ours.detach())
        self._notifier = QSocketNotifier(self._conn.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._read)

    @Slot(int, object)
    def send(self, cmd_id: int, cmd: object) -> None:
        """Pass a command to the host."""
        if self._conn is not None:
            try:
                self._conn.send((cmd_id, cmd))
            except (BrokenPipeError, OSError) as exc:
                self.errorOccurred.emit(cmd_id, f"the trainer stopped unexpectedly ({exc})")

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
                    pending = (cmd_id, merge(pending[1], payload) if same else payload)
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
                else:
                    (self.stateChanged if kind == "state" else self.errorOccurred).emit(cmd_id, payload)
        except (EOFError, OSError):
            self._notifier.setEnabled(False)
            self.errorOccurred.emit(-1, "the trainer process ended unexpectedly")
        if pending is not None:
            self.snapshotReady.emit(*pending)

    @Slot()
    def stop(self) -> None:
        """Ask the host to quit, wait for it (killing it if it hangs), emit ``stopped``, end the thread."""
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._conn is not None:
            try:
                self._conn.send(None)
            except (BrokenPipeError, OSError):
                pass
            try:
                self._proc.wait(3.0)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(3.0)
            self._conn.close()
            self._conn = None
        self.stopped.emit()
        # Quit from here: the QThread object lives in the GUI thread, which is
        # blocked in wait(), so a queued quit() would never run.
        QThread.currentThread().quit()
