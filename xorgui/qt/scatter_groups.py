"""Points drawn in a few fills with a ring on some, cheap to restyle when 10 000 of them change rings."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QBrush, QPen


class ScatterGroups:
    """Points filled by one of a few brushes, some of them ringed.

    Each fill in use is one ``ScatterPlotItem`` with that brush as its
    default, fed the positions of its points (drawn anew only when the
    points or their fills change). The rings are one more item over all
    points whose per-point visibility follows ``ringed``: while training
    moves the boundary, the misclassified points change on every map, and
    showing other rings is one vectorised assignment, not new symbols for
    10 000 points.
    """

    def __init__(self, plot: pg.PlotItem, brushes: tuple[QBrush, ...], pen: QPen, ring: QPen, size: int = 9) -> None:
        self._plot, self._brushes, self._pen, self._size = plot, brushes, pen, size
        self._items: dict[int, pg.ScatterPlotItem] = {}
        self._rings = pg.ScatterPlotItem(size=size, pxMode=True, brush=None, pen=ring)
        self._rings.setZValue(1.5)  # over the points
        plot.addItem(self._rings)
        self.pos = np.empty((0, 2))
        self.fill = np.empty(0, dtype=int)
        self.ringed = np.empty(0, dtype=bool)

    def set(self, pos: np.ndarray, fill: np.ndarray, ringed: np.ndarray) -> None:
        """Draw point k at ``pos[k]``, filled by brush ``fill[k]`` (cycled), with a ring if ``ringed[k]``."""
        pos = np.asarray(pos, dtype=float).reshape(-1, 2)
        fill = np.asarray(fill, dtype=int) % len(self._brushes)
        if not (np.array_equal(pos, self.pos, equal_nan=True) and np.array_equal(fill, self.fill)):
            self.pos, self.fill = pos, fill
            used = set(np.unique(fill).tolist())
            for code, item in self._items.items():
                if code not in used:
                    item.setData(pos=np.empty((0, 2)))
            for code in used:
                self._item(code).setData(pos=pos[fill == code])
            self._rings.setData(pos=pos)
            self.ringed = np.ones(len(pos), dtype=bool)  # as setData left them: all shown
        self._ring(np.asarray(ringed, dtype=bool))

    def move(self, k: int, xy: tuple[float, float]) -> None:
        """Draw point ``k`` at ``xy`` instead (a point being dragged)."""
        pos = self.pos.copy()
        pos[k] = xy
        self.set(pos, self.fill, self.ringed)

    def _ring(self, ringed: np.ndarray) -> None:
        """Show the rings of the points ``ringed`` marks, and no other."""
        if np.array_equal(ringed, self.ringed):
            return
        self.ringed = ringed.copy()
        # the item's own per-point visibility: its public setter would also drop every symbol drawn, which the
        # next paint would draw again, point by point
        self._rings.data["visible"] = ringed
        self._rings.invalidate()

    def _item(self, code: int) -> pg.ScatterPlotItem:
        item = self._items.get(code)
        if item is None:
            item = pg.ScatterPlotItem(size=self._size, pxMode=True, brush=self._brushes[code], pen=self._pen)
            item.setZValue(1)  # over the map and the curve
            self._plot.addItem(item)
            self._items[code] = item
        return item
