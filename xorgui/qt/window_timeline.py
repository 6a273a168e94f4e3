"""The main window's handling of the timeline: viewing a past epoch, going live, branching."""

from __future__ import annotations

from xorgui.core.session.command import Branch, Command, Configure, SendSnapshot, SetRate, ViewEpoch

HELD = "Viewing a past epoch: the new settings apply when you branch from here or go back to live."


class TimelineHandlers:
    """Mixin of MainWindow: the timeline's requests, and settings changed while a past epoch is viewed.

    While the learner views a past epoch, a change of learning rate, mode,
    batch size, shuffling, schedule or epoch limit is held in the panel
    instead of sent to the run (sending it would answer with the live state
    and lose the epoch viewed): "Branch from here" starts from the viewed
    epoch with it; Live, Play and Step apply it before the run goes on, and
    any other live snapshot (Reset, say) applies it after.
    """

    def _connect_timeline(self) -> None:
        c = self.controller
        self._held: dict[type, Command] = {}  # the settings commands held back, one of each kind
        self.timeline.viewRequested.connect(lambda e: c.send(ViewEpoch(e)))
        self.timeline.liveRequested.connect(self.go_live)
        self.timeline.branchRequested.connect(self.branch)
        self.controls.learningRateRequested.connect(lambda lr: self._setting(SetRate(lr)))
        self.controls.configRequested.connect(lambda changes: self._setting(Configure(changes)))

    def _setting(self, cmd: SetRate | Configure) -> None:
        if self.timeline.viewing is None:
            self.controller.send(cmd)
            return
        held = self._held.get(Configure)
        if isinstance(cmd, Configure) and isinstance(held, Configure):
            cmd = Configure({**held.changes, **cmd.changes})
        self._held[type(cmd)] = cmd
        self.statusBar().showMessage(HELD, 8000)

    def go_live(self) -> None:
        """Show the run's latest epoch again, applying the settings held while a past one was viewed."""
        self._apply_held()
        self.controller.send(SendSnapshot())

    def _apply_held(self) -> None:
        """Send the settings held back (also when the run goes on by Play or Step from a past epoch)."""
        held, self._held = self._held, {}
        for cmd in held.values():
            self.controller.send(cmd)

    def branch(self, epoch: int) -> None:
        """Continue from ``epoch`` of the run with the settings now in the panel; keep the old loss curve."""
        self._held = {}  # they are in the panel's setup, which the branch takes
        self.controller.send(Branch(epoch, self.controls.setup))

    def _clear_held_message(self) -> None:
        """Take back the note on held settings once the run is live again (a branch, Live, Play, Step)."""
        if self.statusBar().currentMessage() == HELD:
            self.statusBar().clearMessage()

    def _on_generation(self, snap) -> None:
        """Start the loss plot over for a new generation; a branch keeps the run it left as a grey curve."""
        if snap.parent is not None and snap.parent == (self.snapshot.generation if self.snapshot else None):
            self.loss_plot.add_overlay(self.controller.history)
        else:
            self.loss_plot.clear_overlays()
        self.loss_plot.clear()
