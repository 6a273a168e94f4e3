"""A phase of a step-through on the network graph: its edges lit in the colour of its direction, its numbers.

The lit edges are two pen groups of the graph's one edge item (the rest
dimmed under them), so a phase of [2, 100, 100, 100, 2] paints as fast as
a weight picture. The numbers are text items beside the lit neurons that
fit at the current zoom (every k-th of a dense layer, the first and the
last); the others show theirs on hover (``text_at``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFontMetricsF, QGuiApplication, QPen

from xorgui.core.explanation.graph import EdgeBins, Layout, strongest
from xorgui.core.walkthrough.phases import BACKWARD, FORWARD, GRADIENT, UPDATE, CostPhase, Phase, edge_rows
from xorgui.core.walkthrough.shown import cost_text, item_text, neuron_text
from xorgui.core.walkthrough.walk import Walkthrough
from xorgui.qt.graph_labels import COST_PX, GraphLabels, Label

# Okabe–Ito colours, apart from each other and from the grey of the dimmed edges
COLOURS = {FORWARD: (0, 114, 178), BACKWARD: (213, 94, 0), GRADIENT: (0, 158, 115), UPDATE: (204, 121, 167)}
NO_BINS = EdgeBins({}, np.zeros((0, 3)), 0, b"phase")
GAP_PX = 4.0  # between a neuron's rim and its label
MAX_DIMMED, MAX_LIT = 2000, 4000  # edges drawn at most, unlit and lit
EDGE_PX = 1.0  # kept free between a label and the view's edge
RESERVED = 16  # labels made when a step-through starts: what a layer shows at most on a large screen


@dataclass(frozen=True)
class Shown:
    """The phase on view: the update it belongs to, the phase, and the sample (row of the update) whose numbers show."""

    walk: Walkthrough
    phase: Phase
    row: int = 0


def pen_of(direction: str, many: bool) -> QPen:
    """Return the pen of lit edges of ``direction`` (one pixel for many edges: wide pens are slow)."""
    return pg.mkPen(COLOURS[direction], width=1 if many else 2.5)


def lit_groups(lay: Layout, shown: Shown, dim_pen: QPen, weights: np.ndarray) -> list[tuple[QPen, np.ndarray]]:
    """Return the edge groups of a phase: the unlit edges dimmed, then the lit ones in their direction's colour.

    ``weights`` are the weights of the edges (the layout's order). Of many
    edges only the strongest are drawn, as the weight picture does: beyond
    a few thousand one-pixel lines a layer is a solid block, and every
    line more costs paint time (``MAX_DIMMED``, ``MAX_LIT``).
    """
    lights = shown.phase.lights
    rows = edge_rows(lay.dims, lights.weight_layers)
    lit = np.zeros(len(lay.edges), bool)
    lit[rows] = True
    unlit = np.flatnonzero(~lit)
    dimmed = unlit[strongest(weights[unlit], MAX_DIMMED)]
    shown_rows = rows[strongest(weights[rows], MAX_LIT)]
    return [(dim_pen, lay.edges[dimmed]), (pen_of(lights.direction, len(rows) > 600), lay.edges[shown_rows])]


def fitting(count: int, spacing_px: float, need_px: float) -> list[int]:
    """Return which of ``count`` neurons, ``spacing_px`` apart, get a label ``need_px`` high.

    Every k-th from the first, and the last instead of the k-th before it:
    no two are closer than ``need_px``.
    """
    if count <= 0:
        return []
    step = max(1, math.ceil(need_px / max(spacing_px, 1e-9) - 1e-9))
    chosen = list(range(0, count, step))
    if len(chosen) > 1:
        chosen[-1] = count - 1
    return chosen


class PhaseLabels:
    """The text items of a phase's numbers, kept in a pool so that a phase change makes none."""

    def __init__(self, plot: pg.PlotWidget, names: GraphLabels | None = None) -> None:
        self._plot, self._names = plot, names  # the neurons' names, which the numbers keep clear of
        self._pool: list[pg.TextItem] = []
        self.shown: list[tuple[int, int]] = []  # the neurons (n, i) whose label is on view; (-1, -1): the cost

    def _item(self, k: int) -> pg.TextItem:
        while len(self._pool) <= k:
            item = pg.TextItem("", color=(20, 20, 20), fill=pg.mkBrush(255, 255, 255, 225))
            item.setZValue(20)
            self._plot.addItem(item)
            self._pool.append(item)
        return self._pool[k]

    def reserve(self, count: int = RESERVED) -> None:
        """Make ``count`` labels ahead (hidden), so that the first phase shown makes none."""
        if count > len(self._pool):
            self._item(count - 1)
            self.clear()

    def clear(self) -> None:
        """Hide every label."""
        for item in self._pool:
            item.setVisible(False)
        self.shown = []

    def show(self, lay: Layout, shown: Shown, px_per_unit: np.ndarray, y_range: tuple[float, float] | None = None
             ) -> None:
        """Label the lit neurons of ``shown`` that fit at the current zoom (pixels per view unit along x, y).

        ``y_range`` is the part of the view on screen (bottom, top, in view
        units): a label that would stick out of it is moved back in.
        """
        phase, w, r = shown.phase, shown.walk, shown.row
        border = pg.mkPen(COLOURS[phase.lights.direction], width=1.5)
        lit = phase.lights.neurons
        placed: list[tuple[int, int, str]] = []
        if lit:
            n = lit[0][0]
            texts = [neuron_text(w, phase, n, i, r) for i in range(lay.dims[n])] if len(lit) <= 12 else None
            lines = max(t.count("\n") for t in texts) + 1 if texts else 3
            below = n == len(lay.dims) - 1
            need = _text_px(lines) + (lay.node_px if below else 2.0)
            chosen = fitting(len(lit), lay.spacing * px_per_unit[1], need)
            if below and len(chosen) < len(lit):  # a label under a neuron would cover the next: the last one's has room
                chosen = [len(lit) - 1]
            labels = [(n, i, texts[i] if texts else neuron_text(w, phase, n, i, r)) for i in chosen]
            clear = [label for label in labels if below or not self._covers_next_layer(lay, *label, px_per_unit)]
            placed += clear or labels  # the others on hover; a dense next layer lies under any label
        if isinstance(phase, CostPhase):
            placed.append((-1, -1, cost_text(w, r)))
        for k, (n, i, text) in enumerate(placed):
            item = self._item(k)
            self._place(item, lay, n, i, text, border)
            if y_range is not None:
                _keep_inside(item, lay.cost[1] if n < 0 else lay.nodes[lay.node_index(n, i)][1], y_range,
                             px_per_unit[1], _text_px(text.count("\n") + 1))
        for item in self._pool[len(placed):]:
            item.setVisible(False)
        self.shown = [(n, i) for n, i, _ in placed]

    def _place(self, item: pg.TextItem, lay: Layout, n: int, i: int, text: str, border: QPen) -> None:
        if item.toPlainText() != text:
            item.setText(text)
        item.border = border
        item.update()
        height = _text_px(text.count("\n") + 1)
        if n < 0:  # the cost node's: above its name "C", ending at its right, the view's edge (outputs' are below)
            item.setPos(*lay.cost)
            over_c = COST_PX / 2 + 2 + GraphLabels.text_px(1)  # from the node's centre to the top of its name
            item.setAnchor((1.0 - 11.0 / max(_text_width(text), 1.0), 1.0 + over_c / height))
        elif n == len(lay.dims) - 1:  # an output's: under it (and its name), clear of the cost node on its right
            item.setPos(*lay.nodes[lay.node_index(n, i)])
            name = self._name(n, i)
            under = GraphLabels.text_px(1) if name is not None and name.offset_px < 0 else 0.0
            item.setAnchor((0.5, -(lay.node_px / 2 + under + GAP_PX) / height))
        else:  # beside it, on its right, where the next layer's edges start
            item.setPos(*lay.nodes[lay.node_index(n, i)])
            width = max(_text_width(text), 1.0)
            item.setAnchor((-self._beside_px(lay, n) / width, 0.5))
        item.setVisible(True)

    def _name(self, n: int, i: int) -> Label | None:
        """Return the name label of neuron (n, i) if it is on view."""
        names = self._names.names if self._names is not None else []
        return next((label for label in names if label.n == n and label.i == i and label.item.isVisible()), None)

    def _beside_px(self, lay: Layout, n: int) -> float:
        """Return the pixels from a neuron's centre to its label on its right: clear of it and of its layer's names."""
        metrics = QFontMetricsF(QGuiApplication.font())
        names = self._names.names if self._names is not None else []
        half = max((metrics.horizontalAdvance(label.item.toPlainText()) / 2 for label in names
                    if label.n == n and label.item.isVisible()), default=0.0)
        return max(lay.node_px / 2, half) + GAP_PX

    def _covers_next_layer(self, lay: Layout, n: int, i: int, text: str, px_per_unit: np.ndarray) -> bool:
        """Whether the label beside neuron (n, i) would reach over a neuron of layer n + 1."""
        first = lay.node_index(n + 1, 0)
        x, y = lay.nodes[lay.node_index(n, i)]
        others = lay.nodes[first:first + lay.dims[n + 1]]
        dx, dy = (others[:, 0] - x) * px_per_unit[0], np.abs(others[:, 1] - y) * px_per_unit[1]
        r, start = lay.node_px / 2, self._beside_px(lay, n)
        return bool(np.any((dx - r < start + _text_width(text)) & (dy < _text_px(text.count("\n") + 1) / 2 + r)))

    def texts(self) -> list[str]:
        """Return the texts on view, in the order of ``shown`` (for tests)."""
        return [item.toPlainText() for item in self._pool[: len(self.shown)]]


def _keep_inside(item: pg.TextItem, y: float, y_range: tuple[float, float], px_per_unit: float, height: float) -> None:
    """Move a label placed at height ``y`` up or down, as little as needed, to lie within ``y_range`` on screen."""
    ax, ay = item.anchor.x(), item.anchor.y()  # the item's point at (ax, ay) of its size lies at its position
    below_px, above_px = (y - y_range[0]) * px_per_unit, (y_range[1] - y) * px_per_unit  # room from the position
    low, high = 1.0 - (below_px - EDGE_PX) / height, (above_px - EDGE_PX) / height
    fitted = min(max(ay, low), high) if low <= high else 0.5 * (low + high)
    if fitted != ay:
        item.setAnchor((ax, fitted))


def text_at(shown: Shown, name: str) -> str:
    """Return the hover text of ``name`` during the phase ('' when the phase does not light it)."""
    return item_text(shown.walk, shown.phase, name, shown.row)


def _text_px(lines: int) -> float:
    return lines * QFontMetricsF(QGuiApplication.font()).lineSpacing() + 2 * 4.0 + 1


def _text_width(text: str) -> float:
    metrics = QFontMetricsF(QGuiApplication.font())
    return max(metrics.horizontalAdvance(line) for line in text.split("\n")) + 2 * 4.0 + 1
