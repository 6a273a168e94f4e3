"""The decision boundary: the output over the input plane (or along the one input), with the data points.

The points are the data, edited with the mouse and keys (``point_editor``).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QToolTip, QVBoxLayout, QWidget

from xorgui.core.explanation.grid import (
    EXTENT_LIMIT,
    Grid,
    Plane,
    has_hidden_neuron,
    map_name,
    map_values,
    picks_output,
    plane_inputs,
)
from xorgui.core.model.data import Dataset
from xorgui.core.model.notation import num
from xorgui.core.session.snapshot import Snapshot
from xorgui.qt.plane_picker import PlanePicker
from xorgui.qt.point_editor import PointEditor
from xorgui.qt.scales import colour_bar, finite_levels, paint, set_bar
from xorgui.qt.scatter_groups import ScatterGroups
from xorgui.qt.widgets import named, show_readout, signals_blocked

BOUNDED = {"sigmoid": (0.0, 1.0), "softmax": (0.0, 1.0), "tanh": (-1.0, 1.0)}  # ranges known in advance


class PointsViewBox(pg.ViewBox):
    """A view box in which a left-button drag that starts on a data point moves that point; other drags pan."""

    def __init__(self, plot: BoundaryPlot) -> None:
        super().__init__()
        self._plot = plot

    def mouseDragEvent(self, ev, axis=None) -> None:  # noqa: N802 - pyqtgraph's name
        """Hand a drag to the plot's points first."""
        if axis is None and ev.button() == Qt.MouseButton.LeftButton and self._plot.editor.drag(ev):
            ev.accept()
            return
        super().mouseDragEvent(ev, axis)


class BoundaryPlot(pg.PlotWidget):
    """The output over the input plane as a heatmap with its colour bar, and the data points.

    Points are filled by their label and outlined by whether the network
    classifies them right (dark) or wrong (red). ``show_neuron`` switches the
    heatmap to one hidden neuron's activation. Resting the pointer on the
    map reads the value under it. Cells whose value is not a finite number
    are left blank and the title says so.

    With more than two inputs a bar over the map picks the two it spreads
    over and the values the others are held at (``planeRequested``); with
    one input the output is a curve over x_0 and the points sit at their
    targets. With several outputs that are not two classes, a box picks the
    output ŷ_k the map shows.

    The points can be edited (``editor``, a ``PointEditor``): a click on
    the map adds a point, a drag moves one, a right-click or Delete removes
    one. Each edit asks for the edited data set.

    Signals
    -------
    dataRequested(Dataset)
        Train on this data set (the shown one with a point added, moved or deleted).
    planeRequested(Plane)
        Draw the map over this plane.
    """

    dataRequested = Signal(object)
    planeRequested = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent, background="w", viewBox=PointsViewBox(self))
        self.setObjectName("boundaryPlot")
        self.setAspectLocked(True)
        _title_never_widens(self.getPlotItem().titleLabel)
        self.setLabel("bottom", "x_0")
        self.setLabel("left", "x_1")
        # a fixed width: with the aspect locked, tick labels of another width would change the range,
        # which changes the tick labels again (the layout swung between two states at each event)
        self.getAxis("left").setWidth(50)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.addItem(self.image)
        self.bar = colour_bar(self.getPlotItem(), "ŷ")
        self.line = pg.PlotDataItem(pen=pg.mkPen((30, 90, 200), width=2), connect="finite")
        self.line.setVisible(False)
        self.addItem(self.line)
        # classes 0 and 1 white and black, further ones (three outputs and more) in colours; ringed red if wrong
        brushes = tuple(pg.mkBrush(c) for c in ((255, 255, 255), (0, 0, 0), (230, 159, 0), (86, 180, 233),
                                                (0, 158, 115), (204, 121, 167)))
        self.points = ScatterGroups(self.getPlotItem(), brushes, pg.mkPen((60, 60, 60), width=1),
                                    pg.mkPen((220, 0, 0), width=2.5))
        self.readout = ""  # what the tooltip at the pointer says ("" off the map)
        self.snapshot: Snapshot | None = None
        self.neuron: tuple[int, int] | None = None  # the hidden neuron asked for
        self.mapped: tuple[int, int] | None = None  # the one whose map is shown (its map has arrived)
        self.plane: Plane | None = None  # the plane asked for (None: x_0 and x_1, the others at their means)
        self._curve = False
        self._title = ""
        self._values: np.ndarray | None = None
        self.shown = np.empty((0, 2))  # where the snapshot's points are (a dragged one is drawn elsewhere)
        self._pointer: QPointF | None = None  # where the pointer rests, in the scene
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.setMenuEnabled(False)  # a right-click deletes a point; File ▸ Export writes the plot
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # a click on a point picks it, for Delete
        self.editor = PointEditor(self)
        self.picker = PlanePicker()
        self.picker.hide()
        self.picker.planeRequested.connect(self._ask_plane)
        self.output_box = named(QComboBox(), "mapOutputBox")
        self.output_box.setToolTip("The output the map shows")
        self.output_box.hide()
        self.output_box.activated.connect(self._ask_output)
        self.scene().sigMouseClicked.connect(self.editor.click)
        self.tools = named(QWidget(), "boundaryTools")  # the pickers' row (``boundary_page``); hidden on a curve
        row = QHBoxLayout(self.tools)
        row.setContentsMargins(2, 0, 2, 0)
        row.setSpacing(4)
        row.addWidget(self.editor.class_box)
        row.addWidget(self.editor.target_label)
        row.addWidget(self.editor.target_box)
        row.addWidget(self.output_box)
        row.addWidget(self.picker)
        row.addStretch(1)

    def show_neuron(self, neuron: tuple[int, int] | None) -> None:
        """Show a(n)_i of a hidden neuron over the plane, or the output again (None)."""
        self.neuron = neuron
        if self.snapshot is not None:
            self.set_snapshot(self.snapshot)

    def _ask_plane(self, plane: Plane) -> None:
        self.plane = plane
        self.planeRequested.emit(plane)

    def _ask_output(self, k: int) -> None:
        grid = self.snapshot.grid if self.snapshot is not None else None
        if grid is not None and k != grid.plane.output:
            self._ask_plane(replace(grid.plane, output=k))

    def set_snapshot(self, snap: Snapshot) -> None:
        """Draw the heatmap (or curve), its colour bar and the points of a snapshot.

        A neuron the snapshot's network does not have (it vanished with a
        dims change) is forgotten: the output is shown instead.
        """
        self.snapshot = snap
        if self.neuron is not None and not has_hidden_neuron(snap.spec.dims, *self.neuron):
            self.neuron = None
        grid = snap.grid
        if grid is None:
            self.image.clear()
            self.line.setData([], [])
            self.shown = np.empty((0, 2))
            self.points.set(self.shown, np.empty(0), np.empty(0))
            self.editor.pick(None)
            self._values, self.mapped = None, None
            self._set_title("no map: the network does not take the data's inputs")
            return
        self._set_mode(grid, snap.data, snap.derived.classes)
        values, levels, what = self._map(snap, grid)
        self._set_title(_title(what, values, self.mapped is not None, grid, not np.isfinite(snap.loss)))
        if grid.curve:
            self._label("left", what)
        else:
            set_bar(self.bar, levels, what)
        if self._values is None or not np.array_equal(values, self._values, equal_nan=True) \
                or values.shape != self._values.shape:
            self._values = values
            if grid.curve:
                self.line.setData(np.linspace(grid.x_range[0], grid.x_range[1], len(values)), values)
            else:
                paint(self.image, values, levels)
                (x0, x1), (y0, y1) = grid.x_range, grid.y_range
                self.image.setRect(x0, y0, x1 - x0, y1 - y0)
        self._set_points(snap, grid)
        self._show_readout()

    def redraw_points(self) -> None:
        """Draw the points where the snapshot's data has them (a refused drag's point goes back)."""
        if self.snapshot is not None and self.snapshot.grid is not None:
            self._set_points(self.snapshot, self.snapshot.grid)

    def _set_mode(self, grid: Grid, data: Dataset, classes: bool) -> None:
        """Show a heatmap or a curve, the axes' names, the class or target picker and the plane picker as asked.

        A point added to targets that are classes takes the class picked;
        to one target that is no class, the target typed; to several such,
        none is added.
        """
        if grid.curve != self._curve:
            self._curve = grid.curve
            self.image.setVisible(not grid.curve)
            self.bar.setVisible(not grid.curve)
            self.line.setVisible(grid.curve)
            self.setAspectLocked(not grid.curve)
            self._values = None
        self._label("bottom", f"x_{grid.plane.axes[0]}")
        if not grid.curve:
            self._label("left", f"x_{grid.plane.axes[1]}")
        picks_class = not grid.curve and classes and data.n_outputs in (1, 2)
        picks_target = not grid.curve and not classes and data.n_outputs == 1
        many, outputs = data.n_inputs > 2, picks_output(data)
        if many:
            self.picker.set_plane(grid.plane, data.n_inputs)
        if outputs:
            self._set_outputs(data.n_outputs, grid.plane.output)
        self.editor.set_adds("class" if picks_class else "target" if picks_target else None)
        self.picker.setVisible(many)
        self.output_box.setVisible(outputs)
        self.tools.setVisible(picks_class or picks_target or many or outputs)

    def _set_outputs(self, outputs: int, shown: int) -> None:
        """List ŷ_0 … of ``outputs`` outputs in the output box, ``shown`` picked."""
        with signals_blocked([self.output_box]):
            if self.output_box.count() != outputs:
                self.output_box.clear()
                self.output_box.addItems([f"ŷ_{k}" for k in range(outputs)])
            self.output_box.setCurrentIndex(shown)

    def _label(self, side: str, text: str) -> None:
        """Name an axis; skip an unchanged name (a new one lays the plot out again)."""
        if self.getAxis(side).labelText != text:
            self.setLabel(side, text)

    def value_at(self, x: float, y: float) -> float:
        """Return what the map shows at the point (x, y) of its plane: ŷ, P(class 1) or a(n)_i."""
        if self.snapshot is None:
            raise ValueError("no snapshot to read values of")
        return self.snapshot.value_at(x, y, self.mapped)

    def _map(self, snap: Snapshot, grid: Grid) -> tuple[np.ndarray, tuple[float, float], str]:
        """Return the values to show, their colour levels and the name of what they are.

        A neuron's map is the one the trainer worked out (``snap.focused``);
        until it arrives the output is shown.
        """
        f = snap.focused
        self.mapped = None
        if self.neuron is None or f is None or f.focus.neuron != self.neuron or f.neuron_map is None \
                or f.neuron_map.shape != grid.values.shape:
            what = map_name(snap.data, grid.plane)
            return grid.values, self._levels(snap, grid.values, what), what
        n, i = self.mapped = self.neuron
        values = f.neuron_map
        g = snap.spec.activations[n - 1]
        return values, BOUNDED.get(g) or finite_levels(values, symmetric=True), f"a({n})_{i}"

    @staticmethod
    def _levels(snap: Snapshot, values: np.ndarray, what: str) -> tuple[float, float]:
        """Return the colour levels of the output's map: 0 to 1 for P(class 1), else the activation's range or span."""
        return (0.0, 1.0) if what == "P(class 1)" else BOUNDED.get(snap.spec.activations[-1]) or finite_levels(values)

    def _set_title(self, title: str) -> None:
        if title != self._title:
            self._title = title
            self.setTitle(title, size="9pt")

    def _set_points(self, snap: Snapshot, grid: Grid) -> None:
        wrong = snap.derived.wrong
        labels = snap.data.labels
        X, Y = snap.data.X, snap.data.Y  # noqa: N806
        shown = np.column_stack([X[:, 0], map_values(Y, snap.data, grid.plane)]) if grid.curve \
            else X[:, list(grid.plane.axes)]
        shown = np.clip(shown, -EXTENT_LIMIT, EXTENT_LIMIT)  # drawn within the map's frame: its spread stays a float
        if not self.editor.follow(shown, len(X)):
            return  # the hand's drawing of the point stays while training goes on
        self.shown = shown
        self.points.set(shown, labels, wrong)  # it redraws only what changed
        self.editor.show_ring()

    def _on_mouse_moved(self, pos: QPointF) -> None:
        vb = self.getViewBox()
        self._pointer = pos if vb.sceneBoundingRect().contains(pos) else None
        self.editor.hover(self._pointer)
        self._show_readout()

    def rounded(self, at: QPointF) -> tuple[float, float]:
        """Return a point of the view to the map's resolution (more digits would only be the pointer's noise)."""
        digits = self._digits()
        return (at.x(), at.y()) if digits is None else (round(at.x(), digits), round(at.y(), digits))

    def event(self, event: QEvent) -> bool:
        """Take Delete, Backspace and Escape before the window's shortcuts while a point is picked or in the hand."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and self.editor.takes(event):
            event.accept()
            return True
        return super().event(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Keep the readout (or why an edit was refused) up while the pointer rests on the map.

        Qt asks the widget under a resting pointer for its own tooltip after
        about 0.7 s; the scene, which has none, would answer by hiding it.
        """
        if event.type() == QEvent.Type.ToolTip and (self.readout or self.editor.message):
            return True
        return super().viewportEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Hand the keys for the picked point to the editor."""
        if not self.editor.key(event):
            super().keyPressEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Hide the readout when the pointer leaves the plot."""
        self._pointer = None
        self._show_readout()
        super().leaveEvent(event)

    def _show_readout(self) -> None:
        """Show the value under the pointer in a tooltip (kept up to date while it rests), or hide it off the map."""
        grid = self.snapshot.grid if self.snapshot is not None else None
        text = ""
        if grid is not None and self._pointer is not None:
            scene_pos = self._pointer
            p = self.getViewBox().mapSceneToView(scene_pos)  # the view's range may have moved under it
            if _inside(p.x(), p.y(), grid):
                text = self._describe(p.x(), p.y(), grid, self.editor.point_near(scene_pos))
        if text == self.readout:
            return
        self.readout = text
        if text:
            show_readout(self.mapToGlobal(self.mapFromScene(scene_pos)), text, self)
        else:
            QToolTip.hideText()

    def _digits(self) -> int | None:
        """Return the decimals of the map's resolution (more would only be the pointer's noise), None without a map."""
        grid = self.snapshot.grid if self.snapshot is not None else None
        if grid is None:
            return None
        step = (grid.x_range[1] - grid.x_range[0]) / grid.values.shape[-1]
        if not np.isfinite(step) or step <= 0:
            return None
        return max(0, -int(np.floor(np.log10(step))))

    def _describe(self, x: float, y: float, grid: Grid, near: int | None) -> str:
        """Name the point under the pointer, rounded to the map's resolution, the value there and a point near."""
        x, y = self.rounded(QPointF(x, y))
        value = self.value_at(x, y)
        shown = num(value) if np.isfinite(value) else f"{num(value)}: not a number, training diverged"
        what = self.getAxis("left").labelText if grid.curve else self.bar.getAxis("left").labelText
        if grid.curve:
            where = f"x_0 = {num(x)}"
        else:
            where = "x = (" + ", ".join(num(v) for v in plane_inputs(grid.plane, [x], [y])[0]) + ")"
        lines = [where, f"{what} = {shown}"]
        if near is not None and self.snapshot is not None:
            target = self.snapshot.data.Y[near]
            lines += [f"sample {near}: target {_row(target)}", "drag to move it; right-click deletes it"]
        return "\n".join(lines)


def boundary_page(plot: BoundaryPlot) -> QWidget:
    """Return the boundary tab's page: the row of the plot's pickers over the plot."""
    page = named(QWidget(), "boundaryPane")
    column = QVBoxLayout(page)
    column.setContentsMargins(0, 2, 0, 0)
    column.setSpacing(0)
    column.addWidget(plot.tools)
    column.addWidget(plot, 1)
    return page


def _title_never_widens(label: pg.LabelItem) -> None:
    """Keep a title's width from becoming the plot's minimum width.

    pyqtgraph sets it after every text change and resize: a long title
    pushed the map and its colour bar out of a narrow tab. A title wider
    than the plot is cut at its ends instead.
    """
    keep = label.updateMin

    def update_min() -> None:
        keep()
        label.setMinimumWidth(0)

    label.updateMin = update_min


def _row(values: np.ndarray) -> str:
    return num(values[0]) if len(values) == 1 else "(" + ", ".join(num(v) for v in values) + ")"


def _inside(x: float, y: float, grid: Grid) -> bool:
    """Whether the point (x, y) of the view lies on the map (a curve spans every y)."""
    (x0, x1) = grid.x_range
    return x0 <= x <= x1 and (grid.curve or grid.y_range[0] <= y <= grid.y_range[1])


def _title(what: str, values: np.ndarray, neuron: bool, grid: Grid, diverged: bool) -> str:
    """Name what the map shows; say in words where it is not a number."""
    if grid.curve:
        plain = f"{what} over x_0"
    else:
        plain = f"{what} over the input plane" if neuron else ("P(class 1), from ŷ" if what == "P(class 1)"
                                                               else f"output {what}")
    finite = np.isfinite(values)
    if finite.all():
        return plain
    why = "training diverged" if diverged else "too large to compute here"
    if not finite.any():
        return f"{what} is not a number: {why}"
    return f"{what}; blank: not a number ({why})"
