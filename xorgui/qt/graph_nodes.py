"""The markers of the network graph: neurons, bias squares, the cost node and the rings drawn around them."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from xorgui.core.explanation.graph import Layout, diverging
from xorgui.core.model.params import ParamRef

FILL_LEVELS = 33  # colour levels of neuron and bias fills
RING_PEN = pg.mkPen((20, 20, 20), width=3)
WARN_PEN = pg.mkPen((200, 0, 0), width=2, style=Qt.PenStyle.DashLine)


def bias_px(lay: Layout) -> float:
    """Return the size of a bias square in pixels."""
    return max(4.0, lay.node_px * 0.4)


class GraphNodes:
    """Scatter items for the neurons and biases, filled from a fixed set of brushes.

    The scatter item renders one symbol per distinct brush, so fresh colours
    every frame are slow: fills take one of ``FILL_LEVELS`` brushes.
    """

    def __init__(self, plot: pg.PlotWidget) -> None:
        self._brushes = [pg.mkBrush(*c) for c in diverging(np.linspace(-1.0, 1.0, FILL_LEVELS), 1.0)]
        self._pens = (pg.mkPen((50, 50, 50), width=1), pg.mkPen((205, 205, 205), width=1))
        self.cost_edges = pg.PlotCurveItem(pen=pg.mkPen((160, 160, 160), width=1))
        self.nodes = pg.ScatterPlotItem(pxMode=True)
        self.biases = pg.ScatterPlotItem(pxMode=True, symbol="s")
        self.ring = pg.ScatterPlotItem(pxMode=True, pen=RING_PEN, brush=None)
        self.warn = pg.ScatterPlotItem(pxMode=True, brush=None, pen=WARN_PEN)  # saturated or dead neurons
        self.cost = pg.ScatterPlotItem(pxMode=True, symbol="d", size=22, brush=pg.mkBrush(255, 255, 255),
                                       pen=pg.mkPen((60, 60, 60), width=1.5))
        for z, item in ((-1, self.cost_edges), (10, self.nodes), (11, self.biases), (12, self.ring),
                        (12, self.warn), (10, self.cost)):
            item.setZValue(z)
            plot.addItem(item)
        self._levels: dict[int, np.ndarray] = {}  # fill level of each marker, by id of its item
        self._on: list[bool] | None = None
        self.lay: Layout | None = None

    def build(self, lay: Layout) -> None:
        """Place the markers of a new layout."""
        self.lay = lay
        outputs = lay.nodes[-lay.dims[-1]:]
        pairs = np.column_stack([outputs, np.tile(lay.cost, (len(outputs), 1))]).reshape(-1, 2)
        self.cost_edges.setData(pairs[:, 0], pairs[:, 1], connect="pairs")
        self.cost.setData([lay.cost[0]], [lay.cost[1]])
        self._levels, self._on = {}, None
        middle = self._brushes[FILL_LEVELS // 2]
        self.nodes.setData(pos=lay.nodes, size=lay.node_px, pen=self._pens[0], brush=middle)
        self.biases.setData(pos=lay.bias_pos, size=bias_px(lay), pen=self._pens[0], brush=middle)

    def resize(self, lay: Layout) -> None:
        """Size the neurons and bias squares as ``lay`` says (they stay where they are)."""
        self.lay = lay
        self.nodes.setSize(lay.node_px)
        self.biases.setSize(bias_px(lay))

    def fill(self, item: pg.ScatterPlotItem, values: np.ndarray, scale: float) -> None:
        """Fill ``item``'s markers by values / scale on the diverging palette."""
        t = np.clip(np.nan_to_num(values / scale), -1.0, 1.0)
        index = np.rint((t + 1) / 2 * (FILL_LEVELS - 1)).astype(int)
        previous = self._levels.get(id(item))
        if previous is None or not np.array_equal(index, previous):  # most steps change few levels
            self._levels[id(item)] = index
            item.setBrush([self._brushes[k] for k in index])

    def outline(self, neurons: set[tuple[int, int]] | None) -> None:
        """Outline the neurons on the highlighted paths dark and the rest light (None: all dark)."""
        lay = self.lay
        if lay is None:
            return
        on = None if neurons is None else [(n, i) in neurons for n, i in zip(lay.layer_of, lay.index_of)]
        if on != self._on:
            self._on = on
            self.nodes.setPen([self._pens[0] if on is None or v else self._pens[1] for v in (on or lay.nodes)])

    def mark(self, ref: ParamRef | None) -> None:
        """Ring the selected neuron or bias (a weight is marked on its edge instead)."""
        lay = self.lay
        if lay is None:
            return
        self.ring.setVisible(ref is not None and ref.kind != "w")
        if ref is None or ref.kind == "w":
            self.ring.setData([], [])
        elif ref.kind == "z":
            self.ring.setData(pos=lay.nodes[[lay.node_index(ref.n, ref.i)]], size=lay.node_px + 8)
        else:
            self.ring.setData(pos=lay.bias_pos[[lay.node_index(ref.n, ref.i) - lay.dims[0]]], symbol="s",
                              size=bias_px(lay) + 8)

    def warn_about(self, neurons: list[tuple[int, int]]) -> None:
        """Ring the neurons (n, i) that stopped learning with a dashed red line."""
        lay = self.lay
        if lay is None:
            return
        pos = lay.nodes[[lay.node_index(n, i) for n, i in neurons]] if neurons else np.empty((0, 2))
        self.warn.setData(pos=pos, size=lay.node_px + 6)
        self.warn.setVisible(bool(neurons))  # an empty item still costs a paint
