"""Which two inputs the boundary map spreads over, and the values the others are held at."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QWidget,
)

from xorgui.core.explanation.grid import Plane
from xorgui.core.model.notation import num
from xorgui.qt.number_field import NumberField
from xorgui.qt.widgets import named, signals_blocked, tip

HELD_LIMIT = 1e6  # the largest held value one can type, either sign


class HeldPopup(QFrame):
    """A form that drops down like a menu, without a menu's event loop: Escape or a click elsewhere closes it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("heldPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Close on Escape."""
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)


class PlanePicker(QFrame):
    """A small bar over the map: the input along x, the input along y, and the held values of the others.

    It is shown for data of more than two inputs. Picking for x the input
    now along y swaps the two. The held values are typed into a form that
    drops down from the held button (Enter or leaving a field sends it).

    Signals
    -------
    planeRequested(Plane)
        Draw the map over this plane.
    """

    planeRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planePicker")
        self.x_box = named(QComboBox(), "planeXBox")
        self.y_box = named(QComboBox(), "planeYBox")
        self.x_box.setToolTip("The input along the map's x axis (across)")
        self.y_box.setToolTip("The input along the map's y axis (up)")
        self.held_button = named(QToolButton(), "heldButton")
        self.held_button.setMaximumWidth(110)
        self.held_button.setArrowType(Qt.ArrowType.NoArrow)
        self.held_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.held_button.setToolTip(tip("The values the other inputs are held at while the map spreads over two"))
        self.held_popup = HeldPopup(self.held_button)
        self.form = QFormLayout(self.held_popup)
        self.held_button.clicked.connect(self.show_held)
        self.fields: list[NumberField] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.x_box)
        row.addWidget(QLabel("×"))
        row.addWidget(self.y_box)
        row.addWidget(self.held_button)
        self.plane = Plane()
        self.x_box.activated.connect(lambda k: self._pick(0, k))
        self.y_box.activated.connect(lambda k: self._pick(1, k))

    def set_plane(self, plane: Plane, inputs: int) -> None:
        """Show ``plane`` (resolved: a held value for every input) for data of ``inputs`` inputs."""
        if plane == self.plane and self.x_box.count() == inputs:
            return
        self.plane = plane
        if self.x_box.count() != inputs:
            self._rebuild(inputs)
        with signals_blocked([self.x_box, self.y_box]):
            self.x_box.setCurrentIndex(plane.axes[0])
            self.y_box.setCurrentIndex(plane.axes[-1])
        for k, (field, value) in enumerate(zip(self.fields, plane.held or ())):
            field.set_value(value)
            field.setEnabled(k not in plane.axes)
            label = self.form.labelForField(field)
            if label is not None:
                label.setEnabled(k not in plane.axes)
        held = [f"x_{k} = {num(v)}" for k, v in enumerate(plane.held or ()) if k not in plane.axes]
        self.held_button.setText(", ".join(held[:1]) + (", …" if len(held) > 1 else ""))
        self.held_button.setToolTip(tip("Held at: " + ", ".join(held) + ". Click to change the values."))

    def show_held(self) -> None:
        """Drop the form of held values down from the held button, its first open field ready to type into."""
        self.held_popup.adjustSize()
        self.held_popup.move(self.held_button.mapToGlobal(QPoint(0, self.held_button.height())))
        self.held_popup.show()
        first = next((spin for spin in self.fields if spin.isEnabled()), None)
        if first is not None:
            first.setFocus()
            first.selectAll()

    def _rebuild(self, inputs: int) -> None:
        names = [f"x_{k}" for k in range(inputs)]
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = []
        with signals_blocked([self.x_box, self.y_box]):
            for box in (self.x_box, self.y_box):
                box.clear()
                box.addItems(names)
        for k in range(inputs):
            field = named(NumberField(0.0, HELD_LIMIT, f"The value x_{k} is held at (Enter sends it)"), f"held_{k}")
            field.valueEntered.connect(lambda _: self._send_held())
            self.form.addRow(f"x_{k} =", field)
            self.fields.append(field)

    def _pick(self, axis: int, k: int) -> None:
        axes = list(self.plane.axes)
        if axes[1 - axis] == k:  # the other axis had it: swap
            axes[1 - axis] = axes[axis]
        axes[axis] = k
        self._request(replace(self.plane, axes=(axes[0], axes[1])))

    def _send_held(self) -> None:
        self._request(replace(self.plane, held=tuple(field.value() for field in self.fields)))

    def _request(self, plane: Plane) -> None:
        if plane != self.plane:
            self.set_plane(plane, self.x_box.count())
            self.planeRequested.emit(plane)
