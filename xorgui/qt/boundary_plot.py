"""The decision boundary: the output over the input plane (or along the one input), with the data points.

The points are the data, edited with the mouse and keys: a click adds one,
a drag moves one, a right-click or Delete removes one. Each edit asks for
the edited data set (``dataRequested``); nothing changes here until the
trainer's snapshot of it arrives.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QCursor, QKeyEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolTip, QVBoxLayout, QWidget

from xorgui.core.explanation.grid import (
    EXTENT_LIMIT,
    Grid,
    Plane,
    class_one_probability,
    has_hidden_neuron,
    plane_inputs,
)
from xorgui.core.model.data import Dataset
from xorgui.core.model.edits import class_target, with_point, with_point_moved, without_point
from xorgui.core.model.notation import num
from xorgui.core.session.snapshot import Snapshot
from xorgui.qt.number_field import NumberField
from xorgui.qt.plane_picker import PlanePicker
from xorgui.qt.scales import colour_bar, finite_levels, paint, set_bar
from xorgui.qt.scatter_groups import ScatterGroups
from xorgui.qt.widgets import named

NEAR = 12  # pixels: a click, drag or right-click this close to a point is on that point
TARGET_LIMIT = 1e6  # the largest target a click adds, either sign
POINT_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Escape)  # keys for the picked point
BOUNDED = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}  # activations whose range is known in advance


class PointsViewBox(pg.ViewBox):
    """A view box in which a left-button drag that starts on a data point moves that point; other drags pan."""

    def __init__(self, plot: BoundaryPlot) -> None:
        super().__init__()
        self._plot = plot

    def mouseDragEvent(self, ev, axis=None) -> None:  # noqa: N802 - pyqtgraph's name
        """Hand a drag to the plot's points first."""
        if axis is None and ev.button() == Qt.MouseButton.LeftButton and self._plot.drag(ev):
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
    targets.

    The points can be edited: a click on the map adds a point (of the class
    the picker names; on a curve, at the target clicked), a click on a point
    picks it, a drag moves it, a right-click or Delete removes it, Escape
    lets go of it. Each edit asks for the edited data set.

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
        self.ring = pg.ScatterPlotItem(size=18, pxMode=True, brush=None, pen=pg.mkPen((0, 110, 255), width=2.5))
        self.ring.setZValue(2)  # the picked point's ring, over the misclassified points' red ones
        self.addItem(self.ring)
        self.readout = ""  # what the tooltip at the pointer says ("" off the map)
        self.message = ""  # why the last edit asked for was refused ("" if it was not)
        self.snapshot: Snapshot | None = None
        self.neuron: tuple[int, int] | None = None  # the hidden neuron asked for
        self.mapped: tuple[int, int] | None = None  # the one whose map is shown (its map has arrived)
        self.plane: Plane | None = None  # the plane asked for (None: x_0 and x_1, the others at their means)
        self.picked: int | None = None  # the sample picked (Delete removes it)
        self._drag: int | None = None  # the sample being dragged
        self._curve = False
        self._adds: str | None = "class"  # what a click on the map adds a point of: a class, a target typed, none
        self._title = ""
        self._values: np.ndarray | None = None
        self._shown = np.empty((0, 2))  # where the snapshot's points are (a dragged one is drawn elsewhere)
        self._pointer: QPointF | None = None  # where the pointer rests, in the scene
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.setMenuEnabled(False)  # a right-click deletes a point; File ▸ Export writes the plot
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # a click on a point picks it, for Delete
        self.class_box = named(QComboBox(), "pointClassBox")
        self.class_box.addItems(["class 0", "class 1"])
        self.class_box.setToolTip("A click on the map adds a point of this class; a drag moves a point; a "
                                  "right-click, or a click on it and Delete, removes it")
        self.target_box = named(NumberField(0.0, TARGET_LIMIT, "The target of a point a click on the map adds (Enter "
                                            "takes it); a drag moves a point; a right-click, or a click on it and "
                                            "Delete, removes it"), "pointTargetBox")  # for targets that are no classes
        self.target_box.setMaximumWidth(80)
        self.target_label = QLabel("target")
        self.picker = PlanePicker()
        self.picker.hide()
        self.picker.planeRequested.connect(self._ask_plane)
        self.scene().sigMouseClicked.connect(self._on_click)
        self.tools = named(QWidget(), "boundaryTools")  # the pickers' row (``boundary_page``); hidden on a curve
        row = QHBoxLayout(self.tools)
        row.setContentsMargins(2, 0, 2, 0)
        row.setSpacing(4)
        row.addWidget(self.class_box)
        row.addWidget(self.target_label)
        row.addWidget(self.target_box)
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

    def set_snapshot(self, snap: Snapshot) -> None:
        """Draw the heatmap (or curve), its colour bar and the points of a snapshot.

        A neuron the snapshot's network does not have (it vanished with a
        dims change) is forgotten: the output is shown instead.
        """
        self.snapshot = snap
        if self.neuron is not None and not has_hidden_neuron(snap.spec.dims, *self.neuron):
            self.neuron = None
        if self.picked is not None and self.picked >= len(snap.data.X):
            self.picked = None
        grid = snap.grid
        if grid is None:
            self.image.clear()
            self.line.setData([], [])
            self._shown = np.empty((0, 2))
            self.points.set(self._shown, np.empty(0), np.empty(0))
            self.ring.setData([], [])
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
        many = data.n_inputs > 2
        if many:
            self.picker.set_plane(grid.plane, data.n_inputs)
        self._adds = "class" if picks_class else "target" if picks_target else None
        self.class_box.setVisible(picks_class)
        self.target_box.setVisible(picks_target)
        self.target_label.setVisible(picks_target)
        self.picker.setVisible(many)
        self.tools.setVisible(picks_class or picks_target or many)

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
            return grid.values, (0.0, 1.0), "ŷ" if snap.dims[-1] == 1 else "P(class 1)"
        n, i = self.mapped = self.neuron
        values = f.neuron_map
        g = snap.spec.activations[n - 1]
        return values, BOUNDED.get(g) or finite_levels(values, symmetric=True), f"a({n})_{i}"

    def _set_title(self, title: str) -> None:
        if title != self._title:
            self._title = title
            self.setTitle(title, size="9pt")

    def _set_points(self, snap: Snapshot, grid: Grid) -> None:
        wrong = snap.derived.wrong
        labels = snap.data.labels
        X, Y = snap.data.X, snap.data.Y  # noqa: N806
        shown = np.column_stack([X[:, 0], class_one_probability(Y)]) if grid.curve else X[:, list(grid.plane.axes)]
        shown = np.clip(shown, -EXTENT_LIMIT, EXTENT_LIMIT)  # drawn within the map's frame: its spread stays a float
        if self._drag is not None:
            if np.array_equal(shown, self._shown, equal_nan=True):
                return  # the hand's drawing of the point stays while training goes on
            self._drag = None  # the data changed under the drag (Apply in the data tab): it ends here
            self.viewport().unsetCursor()
        self._shown = shown
        self.points.set(shown, labels, wrong)  # it redraws only what changed
        self.ring.setData(pos=shown[[self.picked]] if self.picked is not None else np.empty((0, 2)))

    def point_near(self, scene_pos: QPointF) -> int | None:
        """Return the sample drawn within NEAR pixels of ``scene_pos`` (the nearest), or None."""
        if len(self._shown) == 0:
            return None
        vb = self.getViewBox()
        o, ex, ey = (vb.mapViewToScene(QPointF(*p)) for p in ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0)))
        P = self._shown  # noqa: N806 - the view's map is affine: two unit steps give it all
        with np.errstate(all="ignore"):  # points beyond a float's range in pixels are nowhere near
            px = o.x() + P[:, 0] * (ex.x() - o.x()) + P[:, 1] * (ey.x() - o.x())
            py = o.y() + P[:, 0] * (ex.y() - o.y()) + P[:, 1] * (ey.y() - o.y())
            gaps = np.hypot(px - scene_pos.x(), py - scene_pos.y())
        gaps[~np.isfinite(gaps)] = np.inf
        k = int(np.argmin(gaps))
        return k if gaps[k] <= NEAR else None

    def pick(self, k: int | None) -> None:
        """Pick sample ``k`` (ringed; Delete removes it), or none."""
        self.picked = k
        self.ring.setData(pos=self._shown[[k]] if k is not None else np.empty((0, 2)))

    def _on_mouse_moved(self, pos: QPointF) -> None:
        vb = self.getViewBox()
        self._pointer = pos if vb.sceneBoundingRect().contains(pos) else None
        if self._drag is None:
            if self._pointer is not None and self.point_near(pos) is not None:
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            else:
                self.viewport().unsetCursor()
        self._show_readout()

    def _on_click(self, event) -> None:
        snap, vb = self.snapshot, self.getViewBox()
        if snap is None or snap.grid is None or event.double() or not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        k = self.point_near(event.scenePos())
        if event.button() == Qt.MouseButton.LeftButton and k is not None:
            event.accept()
            self.pick(k)
        elif event.button() == Qt.MouseButton.LeftButton:
            event.accept()
            grid, at = snap.grid, vb.mapSceneToView(event.scenePos())
            self._ask(lambda: self._added(snap, grid, at))
        elif event.button() == Qt.MouseButton.RightButton and k is not None:
            event.accept()
            self._ask(lambda: self._without(snap.data, k))

    def _ask(self, edit: Callable[[], Dataset]) -> None:
        """Ask for the data ``edit`` returns; if it refuses, say why at the pointer and ask nothing."""
        try:
            data = edit()
        except ValueError as exc:
            self.message = str(exc)
            QToolTip.showText(QCursor.pos(), self.message, self)
            return
        self.message = ""
        self.dataRequested.emit(data)

    def _rounded(self, at: QPointF) -> tuple[float, float]:
        """Return a point of the view to the map's resolution (more digits would only be the pointer's noise)."""
        digits = self._digits()
        return (at.x(), at.y()) if digits is None else (round(at.x(), digits), round(at.y(), digits))

    def _added(self, snap: Snapshot, grid: Grid, at: QPointF) -> Dataset:
        """Return the data with a point where the readout says the pointer is; ValueError if none can be added."""
        x, y = self._rounded(at)
        data = snap.data
        target: np.ndarray | None = None
        if grid.curve and data.n_outputs == 1:
            return with_point(data, [x], [y])
        if self._adds == "target":
            target = np.array([self.target_box.value()])
        elif self._adds == "class":
            target = class_target(data, self.class_box.currentIndex())
        if target is None:
            raise ValueError(f"a click adds a point only for one target or two classes, not for {data.n_outputs} "
                             "targets: add it in the data tab")
        return with_point(data, plane_inputs(grid.plane, [x], [y])[0], target)

    def _moved(self, data: Dataset, grid: Grid, k: int, x: float, y: float) -> Dataset:
        if grid.curve:
            return with_point_moved(data, k, [x], [y] if data.n_outputs == 1 else None)
        row = data.X[k].copy()
        row[list(grid.plane.axes)] = (x, y)
        return with_point_moved(data, k, row)

    def _without(self, data: Dataset, k: int) -> Dataset:
        """Return the data without sample ``k``; ValueError (DataError) for the last one."""
        edited = without_point(data, k)
        self.pick(None)
        return edited

    def drag(self, ev) -> bool:
        """Move the point a drag started on (shown at once, asked for when let go); False if it is on none."""
        snap = self.snapshot
        if ev.isStart():
            k = self.point_near(ev.buttonDownScenePos())
            if snap is None or snap.grid is None or k is None:
                return False
            self._drag = k
            self.pick(k)
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            self.getViewBox().disableAutoRange()  # the view stays put under the hand while the point moves
        if self._drag is None or snap is None or snap.grid is None:
            return False
        k = self._drag
        x, y = self._rounded(self.getViewBox().mapSceneToView(ev.scenePos()))
        self.points.move(k, (x, y))  # drawn here, not from a snapshot
        self.ring.setData(pos=[(x, y)])
        if ev.isFinish():
            self._drag = None
            self.viewport().unsetCursor()
            self.getViewBox().enableAutoRange()  # the map of the edited data frames it again
            if (x, y) != tuple(self._shown[k]):
                grid = snap.grid
                self._ask(lambda: self._moved(snap.data, grid, k, x, y))
                if self.message:  # refused: the point goes back where the data has it
                    self._set_points(snap, grid)
        return True

    def event(self, event: QEvent) -> bool:
        """Take Delete, Backspace and Escape before the window's shortcuts while a point is picked."""
        if event.type() == QEvent.Type.ShortcutOverride and (self.picked is not None or self._drag is not None) \
                and isinstance(event, QKeyEvent) and event.key() in POINT_KEYS:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Delete (or Backspace) removes the picked point; Escape lets go of it."""
        key = event.key()
        if self._drag is not None and key in POINT_KEYS:
            event.accept()  # the point in the hand stays until it is let go
        elif self.picked is not None and self.snapshot is not None and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            snap, k = self.snapshot, self.picked
            self._ask(lambda: self._without(snap.data, k))
            event.accept()
        elif self.picked is not None and key == Qt.Key.Key_Escape:
            self.pick(None)
            event.accept()
        else:
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
                text = self._describe(p.x(), p.y(), grid, self.point_near(scene_pos))
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
        step = (grid.x_range[1] - grid.x_range[0]) / grid.values.shape[-1]
        if not np.isfinite(step) or step <= 0:
            return None
        return max(0, -int(np.floor(np.log10(step))))

    def _describe(self, x: float, y: float, grid: Grid, near: int | None) -> str:
        """Name the point under the pointer, rounded to the map's resolution, the value there and a point near."""
        x, y = self._rounded(QPointF(x, y))
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
        plain = f"{what} over the input plane" if neuron else ("output ŷ" if what == "ŷ" else "P(class 1), from ŷ")
    finite = np.isfinite(values)
    if finite.all():
        return plain
    why = "training diverged" if diverged else "too large to compute here"
    if not finite.any():
        return f"{what} is not a number: {why}"
    return f"{what}; blank: not a number ({why})"
