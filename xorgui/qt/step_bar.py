"""The step-through's control bar under the network graph: where the update is, and the buttons to move in it."""

from __future__ import annotations

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from xorgui.qt.graph_phase import COLOURS
from xorgui.qt.widgets import named, tip

SECONDS = (0.25, 0.5, 1.0, 2.0, 4.0)  # seconds per phase when playing
DEFAULT_SECONDS = 2  # index of 1 s


class StepBar(QFrame):
    """Previous / next phase, play at a chosen speed, to the end (which makes the Step), close.

    Signals: ``previousClicked``, ``nextClicked``, ``playToggled(bool)``,
    ``endClicked``, ``closeClicked``; ``speed`` is the seconds per phase
    chosen. The bar only shows: the step-through's link decides.
    """

    previousClicked = Signal()
    nextClicked = Signal()
    playToggled = Signal(bool)
    endClicked = Signal()
    closeClicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = named(QLabel(), "stepTitle")
        self.title.setWordWrap(True)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        # room for two lines from the start: a title that wraps in one phase and not the next moved the graph
        self.title.setMinimumHeight(2 * self.title.fontMetrics().lineSpacing())
        self.title.setToolTip(tip("Rest the pointer on a lit neuron, bias or edge for its line with every digit"))
        self.previous = self._button("stepPrevious", "◀ Back", "The previous phase (,)", self.previousClicked)
        self.next = self._button("stepNext", "Next ▶", "The next phase (.)", self.nextClicked)
        self.play = self._button("stepPlay", "Play", "Go through the phases by themselves (P)", None)
        self.play.setCheckable(True)
        self.play.toggled.connect(self._on_play)
        self.speed_box = named(QComboBox(), "stepSpeed")
        self.speed_box.addItems([f"{s:g} s" for s in SECONDS])
        self.speed_box.setCurrentIndex(DEFAULT_SECONDS)
        self.speed_box.setToolTip("Seconds per phase when playing")
        self.end = self._button("stepEnd", "To the end", "Go to the end of the update and make the Step (End)",
                                self.endClicked)
        self.close_button = self._button("stepClose", "✕", "Leave the step-through (T)", self.closeClicked)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.previous, self.next, self.play, self.speed_box, self.end):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.close_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 2, 4, 2)
        box.setSpacing(2)
        box.addWidget(self.title)
        box.addLayout(row)
        self.hide()

    def _button(self, name: str, text: str, hint: str, signal: SignalInstance | None) -> QPushButton:
        button = named(QPushButton(text), name)
        button.setToolTip(tip(hint))
        if signal is not None:
            button.clicked.connect(signal)
        return button

    def _on_play(self, on: bool) -> None:
        self.play.setText("Pause" if on else "Play")
        self.playToggled.emit(on)

    @property
    def speed(self) -> float:
        """Seconds per phase when playing."""
        return SECONDS[self.speed_box.currentIndex()]

    def show_phase(self, text: str, direction: str | None, back: bool, forward: bool) -> None:
        """Say where the step-through is (in a darker shade of the phase's colour) and which moves are open."""
        shade = (32, 32, 32) if direction is None else tuple(int(0.75 * c) for c in COLOURS[direction])
        colour = "#{:02x}{:02x}{:02x}".format(*shade)
        self.title.setText(text)
        self.title.setStyleSheet(f"color: {colour};")
        self.previous.setEnabled(back)
        self.next.setEnabled(forward)

    def stop_playing(self) -> None:
        """Stop playing (the button pops up, ``playToggled(False)`` is emitted)."""
        self.play.setChecked(False)
