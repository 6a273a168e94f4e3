"""Editing the data points of the boundary map with the mouse and keys.

A click on the map adds a point (of the class picked, or at the target
typed; on a curve, at the target clicked), a click on a point picks it
(ringed), a drag moves it, a right-click or Delete removes it and Escape
lets go of it. Each edit asks for the edited data set through the plot's
``dataRequested``; nothing changes until the trainer's snapshot of it
arrives. A refused edit says why at the pointer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QCursor, QKeyEvent
from PySide6.QtWidgets import QComboBox, QLabel, QToolTip

from xorgui.core.explanation.grid import Grid, plane_inputs
from xorgui.core.model.data import Dataset
from xorgui.core.model.edits import class_target, with_point, with_point_moved, without_point
from xorgui.qt.number_field import NumberField
from xorgui.qt.widgets import in_scene, named, tip

if TYPE_CHECKING:
    from xorgui.qt.boundary_plot import BoundaryPlot

NEAR = 12  # pixels: a click, drag or right-click this close to a point is on that point
TARGET_LIMIT = 1e6  # the largest target a click adds, either sign
POINT_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Escape)  # keys for the picked point


class PointEditor:
    """The point editing of a ``BoundaryPlot``: its pickers, the picked point's ring, clicks, drags and keys.

    Attributes
    ----------
    class_box, target_box, target_label : QWidget
        The class a click adds a point of, or the target it takes (for
        one target that is no class); the plot lays them out.
    ring : ScatterPlotItem
        The picked point's ring.
    picked : int or None
        The sample picked (Delete removes it).
    message : str
        Why the last edit asked for was refused ("" if it was not).
    """

    def __init__(self, plot: BoundaryPlot) -> None:
        self.plot = plot
        self.picked: int | None = None
        self.message = ""
        self._drag: int | None = None  # the sample being dragged
        self._adds: str | None = "class"  # what a click on the map adds a point of: a class, a target typed, none
        self.ring = pg.ScatterPlotItem(size=18, pxMode=True, brush=None, pen=pg.mkPen((0, 110, 255), width=2.5))
        self.ring.setZValue(2)  # over the misclassified points' red rings
        plot.addItem(self.ring)
        self.class_box = named(QComboBox(), "pointClassBox")
        self.class_box.addItems(["class 0", "class 1"])
        self.class_box.setToolTip(tip("A click on the map adds a point of this class; a drag moves a point; a "
                                      "right-click, or a click on it and Delete, removes it"))
        self.target_box = named(NumberField(0.0, TARGET_LIMIT, "The target of a point a click on the map adds (Enter "
                                            "takes it); a drag moves a point; a right-click, or a click on it and "
                                            "Delete, removes it"), "pointTargetBox")
        self.target_box.setMaximumWidth(80)
        self.target_label = QLabel("target")

    @property
    def dragging(self) -> bool:
        """Whether a point is in the hand."""
        return self._drag is not None

    def set_adds(self, adds: str | None) -> None:
        """Let a click on the map add a point of the class picked ("class"), at the target typed ("target"), or none."""
        self._adds = adds
        self.class_box.setVisible(adds == "class")
        self.target_box.setVisible(adds == "target")
        self.target_label.setVisible(adds == "target")

    def follow(self, shown: np.ndarray, samples: int) -> bool:
        """Follow a snapshot whose points are drawn at ``shown``; False if a point in the hand stays drawn as it is.

        A drag ends when the data changed under it (Apply in the data tab);
        a picked sample that is gone is let go.
        """
        if self.picked is not None and self.picked >= samples:
            self.picked = None
        if self._drag is not None:
            if np.array_equal(shown, self.plot.shown, equal_nan=True):
                return False
            self._drag = None
            self.plot.viewport().unsetCursor()
        return True

    def show_ring(self) -> None:
        """Ring the picked point where the plot draws it."""
        self.ring.setData(pos=self.plot.shown[[self.picked]] if self.picked is not None else np.empty((0, 2)))

    def point_near(self, scene_pos: QPointF) -> int | None:
        """Return the sample drawn within NEAR pixels of ``scene_pos`` (the nearest), or None."""
        shown = self.plot.shown
        if len(shown) == 0:
            return None
        px, py = in_scene(self.plot.getViewBox(), shown[:, 0], shown[:, 1])
        with np.errstate(all="ignore"):  # points beyond a float's range in pixels are nowhere near
            gaps = np.hypot(px - scene_pos.x(), py - scene_pos.y())
        gaps[~np.isfinite(gaps)] = np.inf
        k = int(np.argmin(gaps))
        return k if gaps[k] <= NEAR else None

    def pick(self, k: int | None) -> None:
        """Pick sample ``k`` (ringed; Delete removes it), or none."""
        self.picked = k
        self.show_ring()

    def hover(self, pointer: QPointF | None) -> None:
        """Show an open hand over a point the pointer rests on (None: off the map)."""
        if self._drag is not None:
            return
        if pointer is not None and self.point_near(pointer) is not None:
            self.plot.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.plot.viewport().unsetCursor()

    def click(self, event) -> None:
        """Take a click: on a point it picks it, on empty map it adds one; a right-click on a point deletes it."""
        plot = self.plot
        snap, vb = plot.snapshot, plot.getViewBox()
        if snap is None or snap.grid is None or event.double() or not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        k = self.point_near(event.scenePos())
        if event.button() == Qt.MouseButton.LeftButton and k is not None:
            event.accept()
            self.pick(k)
        elif event.button() == Qt.MouseButton.LeftButton:
            event.accept()
            grid, at = snap.grid, vb.mapSceneToView(event.scenePos())
            self._ask(lambda: self._added(snap.data, grid, at))
        elif event.button() == Qt.MouseButton.RightButton and k is not None:
            event.accept()
            self._ask(lambda: self._without(snap.data, k))

    def drag(self, ev) -> bool:
        """Move the point a drag started on (shown at once, asked for when let go); False if it is on none."""
        plot = self.plot
        snap, vb = plot.snapshot, plot.getViewBox()
        if ev.isStart():
            k = self.point_near(ev.buttonDownScenePos())
            if snap is None or snap.grid is None or k is None:
                return False
            self._drag = k
            self.pick(k)
            plot.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            vb.disableAutoRange()  # the view stays put under the hand while the point moves
        if self._drag is None or snap is None or snap.grid is None:
            return False
        k = self._drag
        x, y = plot.rounded(vb.mapSceneToView(ev.scenePos()))
        plot.points.move(k, (x, y))  # drawn here, not from a snapshot
        self.ring.setData(pos=[(x, y)])
        if ev.isFinish():
            self._drag = None
            plot.viewport().unsetCursor()
            vb.enableAutoRange()  # the map of the edited data frames it again
            if (x, y) != tuple(plot.shown[k]):
                grid = snap.grid
                self._ask(lambda: _moved(snap.data, grid, k, x, y))
                if self.message:  # refused: the point goes back where the data has it
                    plot.redraw_points()
        return True

    def takes(self, event: QKeyEvent) -> bool:
        """Whether a key is for the picked point or the one in the hand (Delete, Backspace, Escape)."""
        return (self.picked is not None or self._drag is not None) and event.key() in POINT_KEYS

    def key(self, event: QKeyEvent) -> bool:
        """Delete (or Backspace) removes the picked point, Escape lets go of it; False for any other key."""
        key, snap = event.key(), self.plot.snapshot
        if self._drag is not None and key in POINT_KEYS:
            pass  # the point in the hand stays until it is let go
        elif self.picked is not None and snap is not None and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            k = self.picked
            self._ask(lambda: self._without(snap.data, k))
        elif self.picked is not None and key == Qt.Key.Key_Escape:
            self.pick(None)
        else:
            return False
        event.accept()
        return True

    def _ask(self, edit: Callable[[], Dataset]) -> None:
        """Ask for the data ``edit`` returns; if it refuses, say why at the pointer and ask nothing."""
        try:
            data = edit()
        except ValueError as exc:
            self.message = str(exc)
            QToolTip.showText(QCursor.pos(), self.message, self.plot)
            return
        self.message = ""
        self.plot.dataRequested.emit(data)

    def _added(self, data: Dataset, grid: Grid, at: QPointF) -> Dataset:
        """Return the data with a point where the readout says the pointer is; ValueError if none can be added."""
        x, y = self.plot.rounded(at)
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

    def _without(self, data: Dataset, k: int) -> Dataset:
        """Return the data without sample ``k``; ValueError (DataError) for the last one."""
        edited = without_point(data, k)
        self.pick(None)
        return edited


def _moved(data: Dataset, grid: Grid, k: int, x: float, y: float) -> Dataset:
    """Return the data with sample ``k`` at (x, y) of the map's plane (on a curve: input x, target y)."""
    if grid.curve:
        return with_point_moved(data, k, [x], [y] if data.n_outputs == 1 else None)
    row = data.X[k].copy()
    row[list(grid.plane.axes)] = (x, y)
    return with_point_moved(data, k, row)
