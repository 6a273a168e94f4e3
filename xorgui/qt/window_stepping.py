"""The main window's step-through: the next Step taken apart phase by phase on the graph, then made.

The trainer takes the Step apart (``command.Walk``: one update at a time,
in its own order for an online or mini-batch epoch) and makes it only when
asked (``command.FinishWalk``): nothing here changes the network. Any
other change of the state shown (training, an edit, a rebuild) ends the
step-through, whose numbers would no longer be those of the network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QTimer

from xorgui.core.files.access import write_atomic
from xorgui.core.session.command import FinishWalk, Walk
from xorgui.core.session.stepping import StepWalk
from xorgui.core.walkthrough import writer
from xorgui.core.walkthrough.lines import sample_of
from xorgui.core.walkthrough.phases import phase_title
from xorgui.core.walkthrough.shown import phase_param
from xorgui.core.walkthrough.walk import Walkthrough
from xorgui.qt.graph_phase import Shown

if TYPE_CHECKING:
    from xorgui.core.session.snapshot import Snapshot
    from xorgui.qt.main_window import MainWindow

MODES = {"online": "online", "minibatch": "mini-batch"}


class StepLink:
    """Drives the step-through: asks the trainer for the updates, shows their phases, makes the Step."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.bar = bar = window.step_bar
        self.active = False
        self.part: StepWalk | None = None  # the update on view
        self.index = 0  # its phase on view
        self._want: tuple[int, int, int] | None = None  # (command id, update, phase: 0 first, -1 last) asked for
        self._finishing = False  # "To the end" waits for the last update, then makes the Step
        self._made: StepWalk | None = None  # the last update of the Step being made
        self._export: tuple[int, str, str] | None = None  # (command id, path, "md" or "txt") waiting for a walk
        self.timer = QTimer(window)
        self.timer.timeout.connect(self._tick)
        bar.previousClicked.connect(self.previous)
        bar.nextClicked.connect(self.next)
        bar.playToggled.connect(self._play)
        bar.endClicked.connect(self.to_end)
        bar.closeClicked.connect(self.close)
        bar.speed_box.currentIndexChanged.connect(lambda _: self.timer.setInterval(round(1000 * bar.speed)))
        c = window.controller
        c.walkReady.connect(self.on_walk)
        c.snapshotChanged.connect(self.on_snapshot)
        c.errorOccurred.connect(self._on_error)
        window.sample_box.currentIndexChanged.connect(lambda _: self._show() if self.part is not None else None)

    # --- moves ---------------------------------------------------------------------------------

    def toggle(self) -> None:
        """Start the step-through, or leave it."""
        self.close() if self.active else self.start()

    def start(self) -> None:
        """Take the next Step of the state shown apart (training pauses)."""
        w = self.window
        snap = w.snapshot
        if snap is None:
            return
        if not snap.live:
            w.statusBar().showMessage("A past epoch is on view: go Live first, then step through the next Step.", 8000)
            return
        w.timeline_link.apply_held()
        self.active, self.part, self._made, self._finishing = True, None, None, False
        self.bar.show()
        self.bar.show_phase("Taking the next Step apart…", None, False, False)
        w.network_view.phase_labels.reserve()  # while the trainer works
        self._set_actions()
        self._ask(0, 0)

    def close(self) -> None:
        """Leave the step-through: the graph shows the weights again; nothing was changed."""
        self.active, self.part, self._want, self._made, self._finishing = False, None, None, None, False
        self.bar.stop_playing()
        self.timer.stop()
        self.bar.hide()
        self.window.network_view.set_phase(None)
        self._set_actions()

    def next(self) -> None:
        """Show the next phase (the next update's first one after an update's last; a new Step after one made)."""
        if not self.active or self._want is not None:
            return
        part = self.part
        if part is None:
            self._ask(0, 0)
        elif self.index < len(part.walk.phases) - 1:
            self.index += 1
            self._show()
        elif not part.last:
            self._ask(part.update + 1, 0)

    def previous(self) -> None:
        """Show the previous phase (the previous update's last one before an update's first)."""
        part = self.part
        if not self.active or self._want is not None or part is None:
            return
        if self.index > 0:
            self.index -= 1
            self._show()
        elif part.update > 0:
            self._ask(part.update - 1, -1)

    def to_end(self) -> None:
        """Go to the end of the Step's last update and make the Step."""
        part = self.part
        if not self.active or self._want is not None or part is None:
            return
        if part.last:
            self.index = len(part.walk.phases) - 1
            self._show()
            self._finish()
        else:
            self._finishing = True
            self._ask(part.updates - 1, -1)

    def _play(self, on: bool) -> None:
        if on and self.active:
            self.timer.start(round(1000 * self.bar.speed))
        else:
            self.timer.stop()

    def _tick(self) -> None:
        part = self.part
        if self._want is not None:
            return  # the next update is on its way
        if part is None or (part.last and self.index == len(part.walk.phases) - 1):
            self.bar.stop_playing()  # the end of the Step: "To the end" makes it
            return
        self.next()

    def _ask(self, update: int, at: int) -> None:
        self._want = (self.window.controller.send(Walk(update)), update, at)

    def _finish(self) -> None:
        part = self.part
        if part is None:
            return
        self._made, self._finishing = part, False
        self.bar.stop_playing()
        self.window.controller.send(FinishWalk(part.generation, part.epoch, part.start))

    # --- answers ---------------------------------------------------------------------------------

    def on_walk(self, cmd_id: int, part: StepWalk) -> None:
        """Show an update the trainer took apart (or write it, for an export); answers to others are not ours."""
        if self._export is not None and self._export[0] == cmd_id:
            _, path, fmt = self._export
            self._export = None
            self._write(part.walk, path, fmt)
            return
        if not self.active or self._want is None or cmd_id != self._want[0]:
            return
        at, self._want = self._want[2], None
        self.part, self.index = part, at % len(part.walk.phases)
        self._show()
        if self._finishing:
            self._finish()

    def on_snapshot(self, snap: Snapshot) -> None:
        """Follow the state: the Step made, or a change that ends the step-through."""
        if not self.active:
            return
        made = self._made
        if made is not None and (snap.generation, snap.epoch) == (made.generation, made.epoch + 1):
            self._made, self.part = None, None
            self.window.network_view.set_phase(None)
            same = np.array_equal(snap.network().theta, made.walk.theta_after)
            text = (f"The Step is made: epoch {snap.epoch:,}, "
                    + ("the weights are those the step-through ended with. " if same else
                       "but its weights differ from the step-through's (please report this). ")
                    + "Next ▶ takes the next Step apart.")
            self.bar.show_phase(text, None, False, True)
            self._set_actions()
            return
        part = self.part
        if part is None:
            return
        if (snap.generation, snap.epoch) != (part.generation, part.epoch) or not np.array_equal(
                snap.network().theta, part.start):
            self.close()
            self.window.statusBar().showMessage(
                "The network changed (trained, edited or rebuilt): the step-through ended.", 8000)

    def _on_error(self, _: str) -> None:
        if self.active and (self._want is not None or self._made is not None):
            self.close()  # the trainer could not take the Step apart or make it: the status bar says why

    # --- showing ---------------------------------------------------------------------------------

    def _row(self, w: Walkthrough) -> int:
        """Return the row of the update whose numbers the graph shows: the sample chosen above it, or the first."""
        sample = self.window.sample_box.sample
        rows = [int(r) for r in w.rows]
        return rows.index(sample) if sample in rows else 0

    def _show(self) -> None:
        part, win = self.part, self.window
        if part is None:
            return
        w = part.walk
        phase = w.phases[self.index]
        if not w.batch and win.sample_box.sample != int(w.rows[0]):
            win._set_sample(int(w.rows[0]))  # the inspector explains that sample's gradient too
        row = self._row(w)
        win.network_view.set_phase(Shown(w, phase, row))
        win.selection_link.select(phase_param(phase))  # the inspector follows the phase
        first = self.index == 0 and part.update == 0
        last = part.last and self.index == len(w.phases) - 1
        self.bar.show_phase(self.describe(part, row), phase.lights.direction, not first, not last)
        self._set_actions()

    def describe(self, part: StepWalk, row: int) -> str:
        """Say which phase is on view, of which update, and whose numbers the neurons show (in two lines at most)."""
        w = part.walk
        text = f"{phase_title(w.phases[self.index])} ({self.index + 1} of {len(w.phases)})"
        if part.updates > 1:
            text += (f", update {part.update + 1} of {part.updates} ({MODES.get(part.mode, part.mode)}, "
                     f"in the trainer's order; To the end makes all {part.updates})")
        if len(w.rows) > 1:
            text += f" · numbers of sample {sample_of(w, row)} (choose under “neurons show”)"
        else:
            text += f" · sample {sample_of(w, 0)}"
        if part.update > 0:  # the inspector works on the state shown, from which this update does not start
            text += " · the inspector explains the state before the Step"
        return text

    def _set_actions(self) -> None:
        menus = getattr(self.window, "menus", None)
        if menus is not None:
            menus.stepping_changed(self.active)

    # --- export ----------------------------------------------------------------------------------

    def export(self, path: str, fmt: str) -> None:
        """Write the update on view (else the next Step's first) as Markdown ("md") or text ("txt") to ``path``."""
        if self.part is not None:
            self._write(self.part.walk, path, fmt)
            return
        self._export = (self.window.controller.send(Walk(0)), path, fmt)

    def _write(self, w: Walkthrough, path: str, fmt: str) -> None:
        try:
            write_atomic(path, writer.to_markdown(w) if fmt == "md" else writer.to_text(w))
        except OSError as exc:
            self.window.statusBar().showMessage(f"Cannot write {path}: {exc}", 10000)
        else:
            self.window.statusBar().showMessage(f"Wrote the step-through to {path}", 6000)
