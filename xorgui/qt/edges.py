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

from xorgui.core.explanation.graph import EdgeBins


def _lines(segments: np.ndarray) -> PrimitiveArray:
    lines = PrimitiveArray(QLineF, 4)
    lines.resize(len(segments))
    lines.ndarray()[:] = segments
    return lines


class EdgeItem(pg.GraphicsObject):
    """Draws line segments (x0, y0, x1, y1) grouped by pen."""

    def __init__(self) -> None:
        super().__init__()
        self._groups: list[tuple] = []  # (pen, PrimitiveArray)
        self._bounds = QRectF()
        self.drawn = 0
        self._signature = None

    def set_geometry(self, segments: np.ndarray) -> None:
        """Set the extent of every segment that may be drawn (the layout's edges)."""
        self.prepareGeometryChange()
        self._signature = None
        xs, ys = segments[:, [0, 2]], segments[:, [1, 3]]
        self._bounds = QRectF(xs.min(), ys.min(), xs.max() - xs.min(), ys.max() - ys.min())

    def set_edges(self, segments: np.ndarray, bins: EdgeBins, below: list | None = None,
                  above: list | None = None) -> None:
        """Draw the segments of each bin with its colour and width, strongest on top.

        ``below`` and ``above`` are extra (pen, segments) groups drawn under
        and over the bins: dimmed edges, an outline that marks a selection.
        """
        signature = (bins.signature, [(pen.color().rgba(), pen.widthF(), segs.tobytes()) for pen, segs in
                                      list(below or []) + list(above or [])])
        if signature == self._signature:
            return  # the same picture: keep the line arrays
        self._signature = signature
        groups = []
        for (colour, width), idx in bins.groups.items():
            pen = pg.mkPen(tuple(int(c) for c in bins.colours[colour]), width=width)
            groups.append((width, pen, segments[idx]))
        groups.sort(key=lambda g: g[0])  # strong (wide) edges on top
        ordered = list(below or []) + [(pen, segs) for _, pen, segs in groups] + list(above or [])
        self._groups = [(pen, _lines(segs)) for pen, segs in ordered if len(segs)]
        self.drawn = sum(len(segs) for _, segs in ordered[len(below or []):len(ordered) - len(above or [])])
        self.update()

    def groups(self) -> list[tuple]:
        """Return (pen colour, width, segments) of each group, bottom to top, for tests."""
        return [(pen.color(), pen.widthF(), lines.ndarray().copy()) for pen, lines in self._groups]

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        """Return the extent of all edges."""
        return self._bounds

    def paint(self, painter, *args) -> None:
        """Draw every group with one drawLines call."""
        for pen, lines in self._groups:
            painter.setPen(pen)
            painter.drawLines(*lines.drawargs())
