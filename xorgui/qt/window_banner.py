"""What the banner over the graph says: a diverged or stalled run, or the trainer process's fate."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from xorgui.core.session.command import Reset, Restart, SendSnapshot, SetSpeed
from xorgui.core.session.snapshot import Snapshot

if TYPE_CHECKING:
    from xorgui.qt.main_window import MainWindow


class BannerLink:
    """Chooses the banner's message from each snapshot, and carries out its button."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.notice = ""  # what the banner says of the trainer process, until dismissed
        window.banner.actionClicked.connect(self._on_action)
        window.controller.hostEnded.connect(self._on_host_ended)

    def update(self, snap: Snapshot) -> None:
        """Say the notice, else why a run diverged or stalled (the trainer's verdict), else nothing."""
        banner = self.window.banner
        diverged = snap.stop_reason is not None and not math.isfinite(snap.epoch_losses[-1]
                                                                       if len(snap.epoch_losses) else snap.loss)
        verdict = snap.derived.verdict
        if self.notice:
            banner.say("notice", self.notice, "Dismiss")
        elif diverged:
            banner.say("diverged", f"Training paused: {snap.stop_reason}. Lower the learning rate, then Restart.",
                       "Restart")
        elif snap.live and snap.epoch > 0 and verdict:  # stalled, once it trained
            banner.say("stuck", verdict, "Reset")
        else:
            banner.say("", "", "")

    def _on_action(self, kind: str) -> None:
        w = self.window
        if kind == "diverged":
            w.controller.send(Restart())
        elif kind == "stuck":
            w.controller.send(Reset())
        else:
            self.notice = ""
            if w.snapshot is not None:
                self.update(w.snapshot)

    def _on_host_ended(self, why: str, restarted: bool) -> None:
        """Go on from the last state shown when the trainer process ended unexpectedly, or say training is off."""
        w = self.window
        snap = w.snapshot
        if restarted:
            w.controller.send(SetSpeed(w.controls.speed))
            if snap is not None and snap.setup is not None:
                w.controller.load(snap.network(), snap.setup)
                self.notice = (f"The trainer process stopped unexpectedly ({why}) and was started again from the "
                               f"weights and settings of epoch {snap.epoch:,}; the epoch count and the loss curve "
                               "start over from there.")
            else:
                w.controller.send(SendSnapshot())
                self.notice = f"The trainer process stopped unexpectedly ({why}) and was started again."
        else:
            self.notice = (f"The trainer process keeps stopping ({why}), so training is off. Save your model "
                           "(File ▸ Save model…) and start xorgui again.")
            for action in w.menus.training:
                action.setEnabled(False)
            w.controls.setEnabled(False)
        w.banner.say("notice", self.notice, "Dismiss")
