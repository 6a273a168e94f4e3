"""The decision boundary: the output over the input plane, with the data points."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtWidgets import QComboBox, QToolTip

from xorgui.core.explanation.grid import Grid, has_hidden_neuron
from xorgui.core.model.data import CUSTOM, DATASETS, Dataset
from xorgui.core.model.datacheck import custom_data
from xorgui.core.model.notation import num
from xorgui.core.session.snapshot import Snapshot
from xorgui.qt.scales import colour_bar, finite_levels, paint, set_bar

NEAR = 15  # pixels: a right-click this close to a point deletes it
BOUNDED = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}  # activations whose range is known in advance


class BoundaryPlot(pg.PlotWidget):
    """The output over the input plane as a heatmap with its colour bar, and the data points.

    Points are filled by their label and outlined by whether the network
    classifies them right (dark) or wrong (red). ``show_neuron`` switches the
    heatmap to one hidden neuron's activation. Resting the pointer on the
    map reads the value under it. Cells whose value is not a finite number
    are left blank and the title says so. With two inputs, a click adds a
    point of the class the picker names and a right-click deletes the
    nearest point: each asks for the edited data set.

    Signals
    -------
    dataRequested(Dataset)
        Train on this data set (the shown one with a point added or deleted).
    """

    dataRequested = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent, background="w")
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
        self.points = pg.ScatterPlotItem(size=9, pxMode=True)
        # a few shared brushes and pens: the scatter item renders one symbol per distinct style
        self._brushes = (pg.mkBrush(255, 255, 255), pg.mkBrush(0, 0, 0))
        self._pens = (pg.mkPen((60, 60, 60), width=1), pg.mkPen((220, 0, 0), width=2.5))
        self.addItem(self.points)
        self.readout = ""  # what the tooltip at the pointer says ("" off the map)
        self.snapshot: Snapshot | None = None
        self.neuron: tuple[int, int] | None = None  # the hidden neuron asked for
        self.mapped: tuple[int, int] | None = None  # the one whose map is shown (its map has arrived)
        self._title = ""
        self._values: np.ndarray | None = None
        self._points_key: tuple[bytes, bytes, bytes] | None = None
        self._pointer: tuple[QPointF, QPointF] | None = None  # where the pointer rests: plane, scene
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.setMenuEnabled(False)  # a right-click deletes a point; File ▸ Export writes the plot
        self.class_box = QComboBox(self)
        self.class_box.setObjectName("pointClassBox")
        self.class_box.addItems(["class 0", "class 1"])
        self.class_box.setToolTip("A click on the map adds a point of this class; a right-click deletes the "
                                  "nearest point (two inputs, one target or two one-hot targets)")
        self.class_box.move(4, 4)
        self.scene().sigMouseClicked.connect(self._on_click)

    def show_neuron(self, neuron: tuple[int, int] | None) -> None:
        """Show a(n)_i of a hidden neuron over the plane, or the output again (None)."""
        self.neuron = neuron
        if self.snapshot is not None:
            self.set_snapshot(self.snapshot)

    def set_snapshot(self, snap: Snapshot) -> None:
        """Draw the heatmap, its colour bar and the points of a snapshot.

        A neuron the snapshot's network does not have (it vanished with a
        dims change) is forgotten: the output is shown instead.
        """
        self.snapshot = snap
        if self.neuron is not None and not has_hidden_neuron(snap.spec.dims, *self.neuron):
            self.neuron = None
        grid = snap.grid
        if grid is None:
            self.image.clear()
            self.points.setData([], [])
            self._values, self._points_key, self.mapped = None, None, None
            self._set_title("the map needs two inputs")
            return
        values, levels, what = self._map(snap, grid)
        self._set_title(_title(what, values, self.mapped is not None))
        set_bar(self.bar, levels, what)
        if self._values is None or not np.array_equal(values, self._values, equal_nan=True):
            self._values = values
            paint(self.image, values, levels)
            (x0, x1), (y0, y1) = grid.x_range, grid.y_range
            self.image.setRect(x0, y0, x1 - x0, y1 - y0)
        self._set_points(snap)
        self._show_readout()

    def value_at(self, x: float, y: float) -> float:
        """Return what the map shows at the point (x_0, x_1) = (x, y): ŷ, P(class 1) or a(n)_i."""
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
        if self.neuron is None or f is None or f.focus.neuron != self.neuron or f.neuron_map is None:
            return grid.values, (0.0, 1.0), "ŷ" if snap.dims[-1] == 1 else "P(class 1)"
        n, i = self.mapped = self.neuron
        values = f.neuron_map
        g = snap.spec.activations[n - 1]
        return values, BOUNDED.get(g) or finite_levels(values, symmetric=True), f"a({n})_{i}"

    def _set_title(self, title: str) -> None:
        if title != self._title:
            self._title = title
            self.setTitle(title, size="9pt")

    def _set_points(self, snap: Snapshot) -> None:
        wrong = snap.derived.wrong
        labels = snap.data.labels
        key = (snap.data.X.tobytes(), labels.tobytes(), wrong.tobytes())
        if key == self._points_key:
            return  # unchanged: spare the repaint
        self._points_key = key
        self.points.setData(pos=snap.data.X, brush=[self._brushes[int(c)] for c in labels],
                            pen=[self._pens[int(w)] for w in wrong])

    def _on_mouse_moved(self, pos: QPointF) -> None:
        vb = self.getViewBox()
        self._pointer = (vb.mapSceneToView(pos), pos) if vb.sceneBoundingRect().contains(pos) else None
        self._show_readout()

    def _on_click(self, event) -> None:
        snap, vb = self.snapshot, self.getViewBox()
        if snap is None or event.double() or not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        at = vb.mapSceneToView(event.scenePos())
        if event.button() == Qt.MouseButton.LeftButton:  # where the readout says it is: to the map's resolution
            digits = self._digits()
            point = (at.x(), at.y()) if digits is None else (round(at.x(), digits), round(at.y(), digits))
            data = added_point(snap.data, point, self.class_box.currentIndex())
        elif event.button() == Qt.MouseButton.RightButton:
            data = self._without_nearest(snap.data, event.scenePos())
        else:
            return
        if data is not None:
            event.accept()
            self.dataRequested.emit(data)

    def _without_nearest(self, data: Dataset, scene_pos: QPointF) -> Dataset | None:
        if data.n_inputs != 2 or len(data.X) < 2:
            return None  # a data set keeps at least one sample
        vb = self.getViewBox()
        pixels = np.array([[p.x(), p.y()] for p in (vb.mapViewToScene(QPointF(*map(float, x))) for x in data.X)])
        gaps = np.hypot(*(pixels - [scene_pos.x(), scene_pos.y()]).T)
        k = int(np.argmin(gaps))
        if gaps[k] > NEAR:
            return None
        return custom_data(np.delete(data.X, k, axis=0), np.delete(data.Y, k, axis=0), _own_name(data))

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
            p, scene_pos = self._pointer
            if _inside(p.x(), p.y(), grid.x_range, grid.y_range):
                text = self._describe(p.x(), p.y())
        if text == self.readout:
            return
        self.readout = text
        if text:
            QToolTip.showText(self.mapToGlobal(self.mapFromScene(scene_pos)), text, self)
        else:
            QToolTip.hideText()

    def _digits(self) -> int | None:
        """Return the decimals of the map's resolution (more would only be the pointer's noise), None without a map."""
        grid = self.snapshot.grid if self.snapshot is not None else None
        if grid is None:
            return None
        step = (grid.x_range[1] - grid.x_range[0]) / grid.values.shape[1]
        return max(0, -int(np.floor(np.log10(step))))

    def _describe(self, x: float, y: float) -> str:
        """Name the point under the pointer, rounded to the map's resolution, and the value at that very point."""
        digits = self._digits()
        if digits is None:
            return ""
        x, y = round(x, digits), round(y, digits)
        value = self.value_at(x, y)
        shown = num(value) if np.isfinite(value) else f"{num(value)}: not a number, training diverged"
        return f"x = ({num(x)}, {num(y)})\n{self.bar.getAxis('left').labelText} = {shown}"


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


def added_point(data: Dataset, x: tuple[float, float], label: int) -> Dataset | None:
    """Return ``data`` with a sample at ``x`` of class ``label``, or None if its targets are no 0/1 classes.

    One target takes the label itself, two take it one-hot; the data must
    have two inputs.
    """
    if data.n_inputs != 2 or data.n_outputs not in (1, 2):
        return None
    target = [float(label)] if data.n_outputs == 1 else list(np.eye(2)[label])
    return custom_data(np.vstack([data.X, [x]]), np.vstack([data.Y, [target]]), _own_name(data))


def _own_name(data: Dataset) -> str:
    """Return the name of an edited data set: a preset edited is data of one's own."""
    return CUSTOM if data.name in DATASETS else data.name


def _inside(x: float, y: float, x_range: tuple, y_range: tuple) -> bool:
    return x_range[0] <= x <= x_range[1] and y_range[0] <= y <= y_range[1]


def _title(what: str, values: np.ndarray, neuron: bool) -> str:
    """Name what the map shows; say in words where it is not a number."""
    plain = f"{what} over the input plane" if neuron else ("output ŷ" if what == "ŷ" else "P(class 1), from ŷ")
    finite = np.isfinite(values)
    if finite.all():
        return plain
    if not finite.any():
        return f"{what} is not a number: training diverged"
    return f"{what}; blank: not a number (diverged)"
