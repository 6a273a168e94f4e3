"""The network graph: neurons, weights, biases and the cost node, live."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtWidgets import QToolTip

from xorgui.core.graph import Layout, bin_edges, diverging, layout, point_segment_distance, strongest, weight_scale
from xorgui.core.snapshot import Snapshot
from xorgui.core.worked import num
from xorgui.qt.edges import EdgeItem

HOVER_PX = 5.0  # how close (in pixels) the pointer must be to an edge
FILL_LEVELS = 33  # colour levels of neuron and bias fills
MAX_EDGES = 2000  # beyond this many, only the strongest weights are drawn: the rest lie under them


def neuron_label(dims: tuple, n: int, i: int) -> str:
    """Return the label drawn on a neuron: x1, x2, h(n)_i, ŷ or ŷ_i."""
    if n == 0:
        return f"x{i + 1}"
    if n == len(dims) - 1:
        return "ŷ" if dims[-1] == 1 else f"ŷ_{i}"
    return f"h({n})_{i}"


class NetworkView(pg.PlotWidget):
    """Draws a snapshot's network; hover shows values.

    Edges are batched into one 1-px ``connect="pairs"`` curve per colour and
    width class (wider classes only for small networks): per-edge pens
    paint in a Python loop and are far too slow for thousands of edges.
    """

    hovered = Signal(str)
    legendChanged = Signal(float, int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("networkView")
        self.hideAxis("left")
        self.hideAxis("bottom")
        self.setMenuEnabled(False)
        self.getViewBox().setAspectLocked(False)
        self.layout_: Layout | None = None
        self.snapshot: Snapshot | None = None
        self.sample = 0
        self.scale = 1.0
        self.hidden_edges = 0
        self._fill_index: dict = {}
        self.hover: tuple | None = None  # (name, scene position) under the pointer
        self.edges = EdgeItem()
        self.addItem(self.edges)
        self._labels: list[pg.TextItem] = []
        # Fills come from a fixed set of brushes: the scatter item renders one
        # symbol per distinct brush, so fresh colours every frame are slow.
        levels = np.linspace(-1.0, 1.0, FILL_LEVELS)
        self._fill_brushes = [pg.mkBrush(*c) for c in diverging(levels, 1.0)]
        self._cost_edges = pg.PlotCurveItem(pen=pg.mkPen((160, 160, 160), width=1))
        self._nodes = pg.ScatterPlotItem(pxMode=True)
        self._biases = pg.ScatterPlotItem(pxMode=True, symbol="s")
        self._cost = pg.ScatterPlotItem(pxMode=True, symbol="d", size=22, brush=pg.mkBrush(255, 255, 255),
                                        pen=pg.mkPen((60, 60, 60), width=1.5))
        for item in (self._cost_edges, self._nodes, self._biases, self._cost):
            item.setZValue(10 if item is not self._cost_edges else -1)
            self.addItem(item)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)

    def set_sample(self, index: int) -> None:
        """Fill the neurons with the activations of sample ``index``."""
        self.sample = index
        if self.snapshot is not None:
            self._draw_nodes(self.snapshot)

    def set_snapshot(self, snap: Snapshot) -> None:
        """Draw a snapshot (rebuilding the layout when the dims changed)."""
        if self.layout_ is None or self.layout_.dims != snap.dims:
            self.hover = None
            self._relayout(snap.dims)
        self.snapshot = snap
        self.sample = min(self.sample, len(snap.data.X) - 1)
        self._draw_edges(snap)
        self._draw_nodes(snap)
        if self.hover is not None:
            self._show_hover()

    def _relayout(self, dims: tuple) -> None:
        self.layout_ = lay = layout(dims)
        for label in self._labels:
            self.removeItem(label)
        self._labels = []
        if max(dims) <= 12:
            for (x, y), n, i in zip(lay.nodes, lay.layer_of, lay.index_of):
                text = pg.TextItem(neuron_label(dims, n, i), color=(20, 20, 20), anchor=(0.5, 1.6))
                text.setPos(x, y)
                self._labels.append(text)
                self.addItem(text)
        cost_text = pg.TextItem("C", color=(20, 20, 20), anchor=(0.5, 1.4))
        cost_text.setPos(*lay.cost)
        self._labels.append(cost_text)
        self.addItem(cost_text)
        outputs = lay.nodes[-dims[-1]:]
        pairs = np.column_stack([outputs, np.tile(lay.cost, (len(outputs), 1))]).reshape(-1, 2)
        self._cost_edges.setData(pairs[:, 0], pairs[:, 1], connect="pairs")
        self._cost.setData([lay.cost[0]], [lay.cost[1]])
        self.edges.set_geometry(lay.edges)
        self._fill_index = {}
        outline = pg.mkPen((50, 50, 50), width=1)
        self._nodes.setData(pos=lay.nodes, size=lay.node_px, pen=outline, brush=self._fill_brushes[FILL_LEVELS // 2])
        self._biases.setData(pos=lay.bias_pos, size=max(4.0, lay.node_px * 0.4), pen=outline,
                             brush=self._fill_brushes[FILL_LEVELS // 2])
        self.fit()

    def fit(self) -> None:
        """Show the whole network."""
        if self.layout_ is not None:
            lay, pad = self.layout_, 0.6
            self.setRange(xRange=(-pad, lay.cost[0] + pad),
                          yRange=(lay.nodes[:, 1].min() - pad, lay.nodes[:, 1].max() + pad), padding=0)

    def _weights(self, snap: Snapshot) -> np.ndarray:
        return np.concatenate([w.ravel() for w in snap.weights[1:]])

    def _draw_edges(self, snap: Snapshot) -> None:
        values = self._weights(snap)
        biases = np.concatenate([b for b in snap.biases[1:]]) if snap.biases else np.empty(0)
        self.scale = weight_scale(np.concatenate([values, biases]))
        widths = (1, 2, 3, 4) if len(values) <= 600 else (1,)
        keep = strongest(values, MAX_EDGES)
        bins = bin_edges(values[keep], self.scale, widths=widths)
        self.edges.set_edges(self.layout_.edges[keep], bins)
        self.hidden_edges = len(values) - len(keep) + bins.hidden
        self.legendChanged.emit(self.scale, self.hidden_edges)

    def _fill(self, item: pg.ScatterPlotItem, values: np.ndarray, scale: float) -> None:
        t = np.clip(np.nan_to_num(values / scale), -1.0, 1.0)
        index = np.rint((t + 1) / 2 * (FILL_LEVELS - 1)).astype(int)
        if not np.array_equal(index, self._fill_index.get(id(item))):  # most steps change few levels
            self._fill_index[id(item)] = index
            item.setBrush([self._fill_brushes[k] for k in index])

    def _draw_nodes(self, snap: Snapshot) -> None:
        acts = np.concatenate([a[self.sample] for a in snap.a])
        top = max(1.0, float(np.nanmax(np.abs(acts))) if np.isfinite(acts).any() else 1.0)
        self._fill(self._nodes, acts, top)
        self._biases.setVisible(bool(snap.biases))
        if snap.biases:
            self._fill(self._biases, np.concatenate(snap.biases[1:]), self.scale)

    # --- hit testing -------------------------------------------------------------------------

    def _px_per_unit(self) -> tuple[float, float]:
        vb = self.getViewBox()
        (x0, x1), (y0, y1) = vb.viewRange()
        rect = vb.sceneBoundingRect()
        return rect.width() / max(x1 - x0, 1e-12), rect.height() / max(y1 - y0, 1e-12)

    def item_at(self, view_pos: QPointF) -> str:
        """Return the name (``w:n:i:j``, ``b:n:i``, ``z:n:i``) under a point in view coordinates, or ''."""
        if self.layout_ is None:
            return ""
        lay = self.layout_
        sx, sy = self._px_per_unit()
        p = np.array([view_pos.x() * sx, view_pos.y() * sy])
        scale = np.array([sx, sy])
        radius = lay.node_px / 2 + 2
        if self.snapshot is not None and self.snapshot.biases:
            d = np.hypot(*(lay.bias_pos * scale - p).T)
            k = int(np.argmin(d))
            if d[k] <= max(4.0, lay.node_px * 0.2) + 2:
                n, i = lay.layer_of[lay.dims[0] + k], lay.index_of[lay.dims[0] + k]
                return f"b:{n}:{i}"
        d = np.hypot(*(lay.nodes * scale - p).T)
        k = int(np.argmin(d))
        if d[k] <= radius:
            n, i = lay.layer_of[k], lay.index_of[k]
            return f"z:{n}:{i}" if n > 0 else f"x:{i}"
        segs = lay.edges * np.tile(scale, 2)
        dist = point_segment_distance(p, segs)
        k = int(np.argmin(dist))
        if dist[k] <= HOVER_PX:
            n, i, j = lay.edge_ref[k]
            return f"w:{n}:{i}:{j}"
        return ""

    def describe(self, name: str) -> str:
        """Return the hover text for an item name, with its current values."""
        snap = self.snapshot
        if not name or snap is None:
            return ""
        kind, *idx = name.split(":")
        idx = [int(v) for v in idx]
        if kind == "w":
            n, i, j = idx
            return f"w({n})_{i}{j} = {num(snap.weights[n][i, j])}   ∂C/∂w = {num(snap.dC_dW[n][i, j])}"
        if kind == "b":
            n, i = idx
            return f"b({n})_{i} = {num(snap.biases[n][i])}   ∂C/∂b = {num(snap.dC_db[n][i])}"
        if kind == "x":
            return f"x{idx[0] + 1} = {num(snap.a[0][self.sample, idx[0]])}"
        n, i = idx
        return (f"{neuron_label(snap.dims, n, i)}: z({n})_{i} = {num(snap.z[n][self.sample, i])}, "
                f"a({n})_{i} = {num(snap.a[n][self.sample, i])}")

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        view_pos = self.getViewBox().mapSceneToView(scene_pos)
        name = self.item_at(view_pos)
        self.hover = (name, scene_pos) if name else None
        self.hovered.emit(name)
        self._show_hover()

    def _show_hover(self) -> None:
        # Called on every snapshot too, so that the values under a resting pointer stay live.
        text = self.describe(self.hover[0]) if self.hover else ""
        if text:
            QToolTip.showText(self.mapToGlobal(self.mapFromScene(self.hover[1]).toPoint()), text, self)
        elif self.hover is None:
            QToolTip.hideText()

    def mouseDoubleClickEvent(self, ev) -> None:  # noqa: N802 - Qt's name
        """Double-click restores the full view after zooming and panning."""
        if ev.button() == Qt.MouseButton.LeftButton:
            self.fit()
        super().mouseDoubleClickEvent(ev)
