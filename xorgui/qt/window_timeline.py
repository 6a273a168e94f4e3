"""The main window's handling of the timeline: viewing a past epoch, going live, branching."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xorgui.core.session.command import Branch, Command, Configure, SendSnapshot, SetRate, ViewEpoch

if TYPE_CHECKING:
    from xorgui.core.session.snapshot import Snapshot
    from xorgui.qt.main_window import MainWindow

HELD = "Viewing a past epoch: the new settings apply when you branch from here or go back to live."


class TimelineLink:
    """The timeline's requests, and the settings changed while a past epoch is viewed.

    While the learner views a past epoch, a change of learning rate, mode,
    batch size, shuffling, schedule or epoch limit is held in the panel
    instead of sent to the run (sending it would answer with the live state
    and lose the epoch viewed): "Branch from here" starts from the viewed
    epoch with it; Live, Play and Step apply it before the run goes on, and
    any other live snapshot (Reset, say) applies it after.
    """

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.held: dict[type, Command] = {}  # the settings commands held back, one of each kind
        c, bar = window.controller, window.timeline
        bar.viewRequested.connect(lambda e: c.send(ViewEpoch(e)))
        bar.liveRequested.connect(self.go_live)
        bar.branchRequested.connect(self.branch)
        window.controls.learningRateRequested.connect(lambda lr: self._setting(SetRate(lr)))
        window.controls.configRequested.connect(lambda changes: self._setting(Configure(changes)))
        c.generationChanged.connect(self._on_generation)

    def _setting(self, cmd: SetRate | Configure) -> None:
        if self.window.timeline.viewing is None:
            self.window.controller.send(cmd)
            return
        held = self.held.get(Configure)
        if isinstance(cmd, Configure) and isinstance(held, Configure):
            cmd = Configure({**held.changes, **cmd.changes})
        self.held[type(cmd)] = cmd
        self.window.statusBar().showMessage(HELD, 8000)

    def go_live(self) -> None:
        """Show the run's latest epoch again, applying the settings held while a past one was viewed."""
        self.apply_held()
        self.window.controller.send(SendSnapshot())

    def apply_held(self) -> None:
        """Send the settings held back (also when the run goes on by Play or Step from a past epoch)."""
        held, self.held = self.held, {}
        for cmd in held.values():
            self.window.controller.send(cmd)

    def branch(self, epoch: int) -> None:
        """Continue from ``epoch`` of the run with the settings now in the panel; keep the old loss curve."""
        self.held = {}  # they are in the panel's setup, which the branch takes
        self.window.controller.send(Branch(epoch, self.window.controls.setup))

    def on_live(self) -> None:
        """Apply the settings held back, and take back the note on them, once a live snapshot arrives."""
        self.apply_held()
        if self.window.statusBar().currentMessage() == HELD:
            self.window.statusBar().clearMessage()

    def _on_generation(self, snap: Snapshot) -> None:
        """Start the loss plot over for a new generation; a branch keeps the run it left as a grey curve."""
        w = self.window
        if snap.parent is not None and snap.parent == (w.snapshot.generation if w.snapshot else None):
            w.loss_plot.add_overlay(w.controller.history)
        else:
            w.loss_plot.clear_overlays()
        w.loss_plot.clear()
