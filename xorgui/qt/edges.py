"""All the edges of the network graph in one graphics item.

One item paints every colour-and-width group with ``QPainter.drawLines`` on
a contiguous array of lines: a PlotCurveItem per group spends more time in
its own bookkeeping (bounds, paths) than Qt spends drawing, and per-edge
pens paint in a Python loop.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt.internals import PrimitiveArray
from PySide6.QtCore import QLineF, QRectF

from xorgui.core.graph import EdgeBins


class EdgeItem(pg.GraphicsObject):
    """Draws line segments (x0, y0, x1, y1) grouped by pen."""

    def __init__(self) -> None:
        super().__init__()
        self._groups: list[tuple] = []  # (pen, PrimitiveArray)
        self._bounds = QRectF()
        self.drawn = 0

    def set_geometry(self, segments: np.ndarray) -> None:
        """Set the extent of every segment that may be drawn (the layout's edges)."""
        self.prepareGeometryChange()
        xs, ys = segments[:, [0, 2]], segments[:, [1, 3]]
        self._bounds = QRectF(xs.min(), ys.min(), xs.max() - xs.min(), ys.max() - ys.min())

    def set_edges(self, segments: np.ndarray, bins: EdgeBins) -> None:
        """Draw the segments of each bin with its colour and width."""
        groups = []
        for (colour, width), idx in bins.groups.items():
            lines = PrimitiveArray(QLineF, 4)
            lines.resize(len(idx))
            lines.ndarray()[:] = segments[idx]
            pen = pg.mkPen(tuple(int(c) for c in bins.colours[colour]), width=width)
            groups.append((width, pen, lines))
        groups.sort(key=lambda g: g[0])  # strong (wide) edges on top
        self._groups = [(pen, lines) for _, pen, lines in groups]
        self.drawn = sum(len(lines) for _, lines in self._groups)
        self.update()

    def groups(self) -> list[tuple]:
        """Return (pen colour, width, segments) of each group, for tests."""
        return [(pen.color(), pen.widthF(), lines.ndarray().copy()) for pen, lines in self._groups]

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        """Return the extent of all edges."""
        return self._bounds

    def paint(self, painter, *args) -> None:
        """Draw every group with one drawLines call."""
        for pen, lines in self._groups:
            painter.setPen(pen)
            painter.drawLines(*lines.drawargs())
