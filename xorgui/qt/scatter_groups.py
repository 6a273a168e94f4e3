"""Points drawn in a few styles, one scatter item per style, so that restyling 10 000 points stays cheap."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QBrush, QPen


class ScatterGroups:
    """Points filled by one of a few brushes and outlined by one of a few pens.

    Each (fill, outline) pair in use is one ``ScatterPlotItem`` with that
    style as its default, fed the positions of its points: a change of the
    outlines of a few points (the misclassified ones, while training) is a
    handful of vectorised ``setData`` calls, not lists of 10 000 pens.
    """

    def __init__(self, plot: pg.PlotItem, brushes: tuple[QBrush, ...], pens: tuple[QPen, ...], size: int = 9) -> None:
        self._plot, self._brushes, self._pens, self._size = plot, brushes, pens, size
        self._items: dict[tuple[int, int], pg.ScatterPlotItem] = {}
        self.pos = np.empty((0, 2))
        self.fill = self.outline = np.empty(0, dtype=int)

    def set(self, pos: np.ndarray, fill: np.ndarray, outline: np.ndarray) -> None:
        """Draw point k at ``pos[k]``, filled by brush ``fill[k]`` (cycled) and outlined by pen ``outline[k]``."""
        self.pos = np.asarray(pos, dtype=float).reshape(-1, 2)
        self.fill = np.asarray(fill, dtype=int) % len(self._brushes)
        self.outline = np.asarray(outline, dtype=int)
        style = self.fill * len(self._pens) + self.outline
        used = set(np.unique(style).tolist())
        for key, item in self._items.items():
            if key[0] * len(self._pens) + key[1] not in used:
                item.setData(pos=np.empty((0, 2)))
        for code in used:
            key = divmod(code, len(self._pens))
            self._item(key).setData(pos=self.pos[style == code])

    def move(self, k: int, xy: tuple[float, float]) -> None:
        """Draw point ``k`` at ``xy`` instead (a point being dragged)."""
        pos = self.pos.copy()
        pos[k] = xy
        self.set(pos, self.fill, self.outline)

    def _item(self, key: tuple[int, int]) -> pg.ScatterPlotItem:
        item = self._items.get(key)
        if item is None:
            fill, outline = key
            item = pg.ScatterPlotItem(size=self._size, pxMode=True, brush=self._brushes[fill], pen=self._pens[outline])
            item.setZValue(1)  # over the map and the curve
            self._plot.addItem(item)
            self._items[key] = item
        return item
