"""The timeline under the graph: scrub back through the run, return to live, branch."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from xorgui.core.session.snapshot import Snapshot
from xorgui.qt.widgets import named, tip


class TimelineBar(QWidget):
    """A slider over epochs 0 … the latest.

    Signals: ``viewRequested(int)`` show that epoch, ``liveRequested()`` back
    to the present, ``branchRequested(int)`` continue from that epoch with
    the current settings.
    """

    viewRequested = Signal(int)
    liveRequested = Signal()
    branchRequested = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.slider = named(QSlider(Qt.Orientation.Horizontal), "timelineSlider")
        self.slider.setToolTip("Drag back through the run: every view shows that epoch")
        self.label = named(QLabel("epoch 0"), "timelineLabel")
        self.live_button = named(QPushButton("Live"), "timelineLive")
        self.branch_button = named(QPushButton("Branch from here"), "branchButton")
        for button in (self.live_button, self.branch_button):
            button.setEnabled(False)
        self.branch_button.setToolTip(tip("Continue training from this epoch with the settings now in the panel; "
                                          "the old run's loss stays on the plot"))
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 0, 4, 0)
        row.addWidget(QLabel("timeline"))
        row.addWidget(self.slider, 1)
        row.addWidget(self.label)
        row.addWidget(self.live_button)
        row.addWidget(self.branch_button)
        self.latest: int = 0
        self.viewing: int | None = None  # the past epoch shown; None: live
        self.slider.valueChanged.connect(self._on_value)
        self.live_button.clicked.connect(self.liveRequested)
        self.branch_button.clicked.connect(lambda: self.branchRequested.emit(self.viewing or 0))

    def set_snapshot(self, snap: Snapshot) -> None:
        """Follow a snapshot: live ones move the end of the timeline, past ones are being viewed."""
        self.slider.blockSignals(True)
        if snap.live:
            self.latest, self.viewing = snap.epoch, None
            self.slider.setRange(0, snap.epoch)
            self.slider.setValue(snap.epoch)
            self.label.setText(f"epoch {snap.epoch:,} (live)")
            # as wide as the label of any epoch viewed: dragging into the past takes no room from the slider
            metrics = self.label.fontMetrics()  # a digit's width to spare: the label's own sizes round up
            widest = metrics.horizontalAdvance(f"viewing epoch {snap.epoch:,} of {snap.epoch:,}0")
            if widest > self.label.minimumWidth():
                self.label.setMinimumWidth(widest)
        else:
            self.viewing = snap.epoch
            self.slider.setValue(snap.epoch)
            self.label.setText(f"viewing epoch {snap.epoch:,} of {self.latest:,}")
        self.slider.blockSignals(False)
        self.live_button.setEnabled(not snap.live)
        self.branch_button.setEnabled(not snap.live)

    def _on_value(self, value: int) -> None:
        if value >= self.latest:
            self.liveRequested.emit()
        else:
            self.viewRequested.emit(value)
