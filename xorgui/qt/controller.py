"""The controller: the GUI thread's side of the worker.

Commands go out numbered; replies come back through the worker's signals
and are relayed as signals emitted in the GUI thread. The trainer host owns
the generation (a rebuild it accepts starts a new one, a refused one does
not): the controller learns it from the snapshots, clearing the loss
history when a new generation arrives (a branch keeps it up to the epoch
it goes on from). The views are redrawn at most once per event-loop pass,
with the latest snapshot only.

What the window looks at (``focus``: the selection, the sample, a neuron's
map) goes to the host, which works it out for each state it sends; a live
snapshot drawn between two boundary grids carries the last one, as it
carries the last grid.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

from xorgui.core.explanation.grid import Grid
from xorgui.core.model.network import Network
from xorgui.core.session.command import Command, Focus, Load, Pause, Play, Rebuild, SendSnapshot, Step
from xorgui.core.session.focus import Focused
from xorgui.core.session.snapshot import Snapshot
from xorgui.core.training.loss_history import LossHistory as History
from xorgui.core.training.setup import Setup
from xorgui.qt.worker import STOP_WAIT, TrainerWorker


class Controller(QObject):
    """Sends commands to the worker and publishes its snapshots in the GUI thread."""

    # Controllers whose worker may still run, held until shutdown(): a controller
    # collected with its thread running would abort the interpreter.
    live: set = set()

    snapshotChanged = Signal(object)
    runningChanged = Signal(bool)
    errorOccurred = Signal(str)
    generationChanged = Signal(object)  # the first snapshot of a new generation, before it is shown
    studyProgress = Signal(object)
    studyFinished = Signal(object)
    surfaceReady = Signal(object)
    focusChanged = Signal(object)  # a Focused answering a new focus, for the snapshot shown
    walkReady = Signal(int, object)  # the id of a command.Walk sent, and its answer: a StepWalk
    hostEnded = Signal(str, bool)  # why the trainer process ended unexpectedly; whether a new one runs
    _send = Signal(int, object)
    _stop = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.snapshot: Snapshot | None = None
        self.running = False
        self.history = History()
        self._cmd_id = 0
        self.handled = 0  # the id of the last command the host has answered
        self._generation: int | None = None  # of the snapshots shown: the host's, learnt from them
        self._shown: Snapshot | None = None
        self._grid: Grid | None = None  # the last boundary grid of a live snapshot of this generation
        self._focused: Focused | None = None  # and the last focus worked out with it
        self._focus = Focus()  # what the window looks at, as last sent
        self._shown_running = False  # the snapshot shown was drawn while training ran (throttled)
        self._thread = QThread()
        self._thread.setObjectName("xorgui-worker")
        self.worker = TrainerWorker()
        self.worker.moveToThread(self._thread)
        self._thread.started.connect(self.worker.start)
        self._send.connect(self.worker.send)
        self._stop.connect(self.worker.stop)
        self.worker.snapshotReady.connect(self._on_snapshot)
        self.worker.stateChanged.connect(self._on_state)
        self.worker.errorOccurred.connect(self._on_error)
        self.worker.studyProgress.connect(self._on_study_progress)
        self.worker.studyFinished.connect(self._on_study_finished)
        self.worker.surfaceReady.connect(self._on_surface)
        self.worker.focusReady.connect(self._on_focused)
        self.worker.walkReady.connect(self._on_walk)
        self.worker.hostEnded.connect(self._on_host_ended)
        self._studying = False  # a study is under way (the host said so and has not answered it)
        self._redraw = QTimer(self, singleShot=True, interval=0)
        self._redraw.timeout.connect(self._publish)
        self._thread.start()
        Controller.live.add(self)
        app = QCoreApplication.instance()
        if app is not None:  # a safety net: quitting stops the worker even if no window closed
            app.aboutToQuit.connect(self.shutdown)
        self.send(SendSnapshot())

    def send(self, cmd: Command) -> int:
        """Send a command (``xorgui.core.session.command``) to the trainer; return its id."""
        self._cmd_id += 1
        self._send.emit(self._cmd_id, cmd)
        return self._cmd_id

    def play(self) -> None:
        """Start training."""
        self.send(Play())

    def pause(self) -> None:
        """Stop training; the host answers with its final snapshot."""
        self.send(Pause())

    def toggle(self) -> None:
        """Play when paused, pause when running."""
        self.pause() if self.running else self.play()

    def step(self) -> None:
        """Train exactly one epoch (pausing first when running)."""
        self.send(Step())

    def focus(self, focus: Focus) -> None:
        """Tell the host what the window looks at, if that changed; ``focusChanged`` brings the answer."""
        if focus != self._focus:
            self._focus = focus
            self.send(focus)

    def shows(self, focus: Focus) -> bool:
        """Whether the snapshot shown carries ``focus`` worked out (the views paint the answer)."""
        snap = self._shown
        return snap is not None and snap is self.snapshot and snap.focused is not None and snap.focused.focus == focus

    def rebuild(self, setup: Setup) -> None:
        """Start over, paused, with a new setup."""
        self.send(Rebuild(setup))

    def load(self, net: Network, setup: Setup) -> None:
        """Start over, paused, from a given network."""
        self.send(Load(net, setup))

    def answered(self, cmd_id: int) -> bool:
        """Whether the host has answered the command ``send`` numbered ``cmd_id`` (and every one before it)."""
        return self.handled >= cmd_id

    @Slot(int, object)
    def _on_snapshot(self, cmd_id: int, snap: Snapshot) -> None:
        self.handled = max(self.handled, cmd_id)
        if self._generation is None or snap.generation > self._generation:
            # listeners still see the old generation's history (a branch keeps its curve)
            branched = snap.parent is not None and snap.parent == self._generation
            self.generationChanged.emit(snap)
            self._generation = snap.generation
            if branched:  # it goes on from an epoch of the run it left, whose figures up to there are its own
                self.history.truncate(snap.epoch - len(snap.epoch_losses))
            else:
                self.history.clear()
            self._grid = self._focused = None
        elif snap.generation < self._generation:
            return  # cannot happen with one host answering in order; never let it mix histories
        if snap.live:  # while running, the host sends the grid only when it drew it anew
            if snap.grid is None and self._grid is not None:
                snap = dataclasses.replace(snap, grid=self._grid)
            self._grid = snap.grid
            if snap.focused is None and self._focused is not None:
                snap = dataclasses.replace(snap, focused=self._focused)
            self._focused = snap.focused
        self.history.extend(snap.epoch_losses, snap.epoch_error_rates)
        self.snapshot = snap
        self._redraw.start()

    @Slot(object)
    def _on_focused(self, focused: Focused) -> None:
        snap = self.snapshot
        if snap is None or (focused.generation, focused.epoch) != (snap.generation, snap.epoch):
            return  # an answer for a state no longer shown: the snapshot that replaced it carries its own
        self.snapshot = dataclasses.replace(snap, focused=focused)
        if snap.live:
            self._focused = focused
        if self._shown is snap:  # the same state, shown: only the views of the focus change
            self._shown = self.snapshot
            self.focusChanged.emit(focused)
        # else the snapshot is yet to be shown, and carries it

    @Slot()
    def _publish(self) -> None:
        if self.snapshot is not None and self.snapshot is not self._shown:
            self._shown, self._shown_running = self.snapshot, self.running
            self.snapshotChanged.emit(self.snapshot)

    @Slot(int, bool)
    def _on_state(self, cmd_id: int, running: bool) -> None:
        self.handled = max(self.handled, cmd_id)
        self._redraw.stop()
        changed, self.running = running != self.running, running
        if not running and self._shown_running:
            self._shown = None  # it was drawn throttled, as while running: it stays now, so draw it in full
        self._publish()  # the snapshot a state change follows is shown before the change is told
        if changed:
            self.runningChanged.emit(running)

    @Slot(int, str)
    def _on_error(self, cmd_id: int, text: str) -> None:
        self.handled = max(self.handled, cmd_id)
        self.errorOccurred.emit(text)

    @Slot(object)
    def _on_study_progress(self, progress: object) -> None:
        self._studying = True
        self.studyProgress.emit(progress)

    @Slot(object)
    def _on_study_finished(self, result: object) -> None:
        self._studying = False
        self.studyFinished.emit(result)

    @Slot(str, bool)
    def _on_host_ended(self, why: str, restarted: bool) -> None:
        self._generation = None  # a new host counts generations afresh
        self.handled = self._cmd_id  # what the old host had not answered, it never will
        if restarted and self._focus != Focus():
            self.send(self._focus)  # the new host looks at what the window looks at
        if self._studying:
            self._on_study_finished(f"The study stopped: the trainer process ended unexpectedly ({why}).")
        if self.running:
            self.running = False
            self.runningChanged.emit(False)
        self.hostEnded.emit(why, restarted)

    @Slot(int, object)
    def _on_walk(self, cmd_id: int, walk: object) -> None:
        self.handled = max(self.handled, cmd_id)
        self.walkReady.emit(cmd_id, walk)

    @Slot(object)
    def _on_surface(self, surface: object) -> None:
        self.surfaceReady.emit(surface)

    def shutdown(self) -> None:
        """Stop the host and the worker thread, and wait for both.

        The worker asks the host to quit and kills it if it has not ended
        within ``STOP_WAIT``. Should the worker's thread itself be held by
        the host (a send into the pipe of a host that stopped reading), the
        host is killed from here, which frees that thread to end.
        """
        Controller.live.discard(self)
        if self._thread.isRunning():
            self._stop.emit()
            if not self._thread.wait(round((STOP_WAIT + 1.0) * 1000)):
                self.worker.kill_host()
                self._thread.wait()
