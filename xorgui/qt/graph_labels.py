"""The text on the network graph: neuron names, z and a under small networks, the cost node's C.

Labels keep their size in pixels whatever the zoom, so whether they fit
between two neurons depends on how many pixels a layer's spacing takes:
with room, every neuron is named (and small networks show their values);
without, only the first and last neuron of each layer are, above and below
it, where nothing can cover them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtGui import QFontMetricsF, QGuiApplication

from xorgui.core.explanation.graph import Layout

TEXT_MARGIN_PX = 4.0  # a TextItem's document margin, on each side of its text

MAX_NAMED = 12  # widest layer whose neurons can each be named
MAX_VALUES = 6  # widest layer whose neurons show their z and a
COST_PX = 22.0  # the cost node's size


@dataclass
class Label:
    """A text item anchored ``offset_px`` pixels above (negative: below) a point of the view."""

    item: pg.TextItem
    x: float
    y: float
    offset_px: float = 0.0
    n: int = -1
    i: int = -1
    end: bool = True


class GraphLabels:
    """Creates, places and fills the labels of one layout in a plot."""

    def __init__(self, plot: pg.PlotWidget, name_of: Callable[[tuple[int, ...], int, int], str]) -> None:
        self._plot, self._name_of = plot, name_of
        self.names: list[Label] = []
        self.values: list[Label] = []
        self._all: list[Label] = []
        self.mode = "ends"  # "values", "all" (every neuron named) or "ends" (first and last of each layer)
        self.lay: Layout | None = None

    def build(self, lay: Layout) -> None:
        """Make the labels of a new layout (placed by ``place``)."""
        for label in self._all:
            self._plot.removeItem(label.item)
        self._all, self.names, self.values, self.lay = [], [], [], lay
        dims = lay.dims
        for (x, y), n, i in zip(lay.nodes, lay.layer_of, lay.index_of):
            end = i in (0, dims[n] - 1)
            if end or max(dims) <= MAX_NAMED:
                self.names.append(self._add(self._name_of(dims, n, i), x, y, (20, 20, 20), n=n, i=i, end=end))
        cost = self._add("C", lay.cost[0], lay.cost[1], (20, 20, 20))
        cost.offset_px = COST_PX / 2 + 2
        _anchor(cost)
        if max(dims) <= MAX_VALUES:
            self.values = [self._add("", x, y, (70, 70, 70)) for x, y in lay.nodes]

    def _add(self, text: str, x: float, y: float, colour: tuple[int, int, int], n: int = -1, i: int = -1,
             end: bool = True) -> Label:
        item = pg.TextItem(text, color=colour)
        item.setPos(float(x), float(y))
        self._plot.addItem(item)
        label = Label(item, float(x), float(y), n=n, i=i, end=end)
        self._all.append(label)
        return label

    def modes(self) -> tuple[str, ...]:
        """Return the modes this layout can take, most informative first."""
        if self.lay is None:
            return ("ends",)
        widest = max(self.lay.dims)
        return ("values",) * bool(self.values) + ("all",) * (widest <= MAX_NAMED) + ("ends",)

    @staticmethod
    def text_px(lines: int) -> float:
        """Height in pixels of a label of ``lines`` lines, margins included."""
        return lines * QFontMetricsF(QGuiApplication.font()).lineSpacing() + 2 * TEXT_MARGIN_PX + 1

    def needs(self, mode: str, node_px: float) -> float:
        """Pixels between two neighbours' centres that ``mode`` needs."""
        name = self.text_px(1)
        return node_px + {"values": name + self.text_px(3), "all": name, "ends": 0.0}[mode]

    def margins(self, mode: str, node_px: float) -> tuple[float, float, float, float]:
        """Pixels (left, right, top, bottom) beyond the outermost centres that ``mode`` needs."""
        r, name = node_px / 2, self.text_px(1)
        bottom = r + {"values": self.text_px(3), "all": 4.0, "ends": name}[mode]
        return r + 10.0, COST_PX / 2 + 6.0, r + name + 2, bottom + 2

    def place(self, mode: str, node_px: float) -> None:
        """Show the labels of ``mode``, each beside its neuron's edge."""
        self.mode = mode
        if self.lay is None:
            return
        dims = self.lay.dims
        for label in self.names:
            below = mode == "ends" and label.i == dims[label.n] - 1 and dims[label.n] > 1
            label.item.setVisible(mode != "ends" or label.end)
            label.offset_px = -(node_px / 2 + 1) if below else node_px / 2 + 1
        for label in self.values:
            label.item.setVisible(mode == "values")
            label.offset_px = -(node_px / 2 + 1)
        for label in self._all:
            _anchor(label)

    def set_values(self, texts: list[str]) -> None:
        """Set the text under each neuron (small networks)."""
        for label, text in zip(self.values, texts):
            if label.item.toPlainText() != text:
                label.item.setText(text)
                _anchor(label)  # its height may have changed

    def visible_texts(self) -> list[str]:
        """Return the texts shown, for tests."""
        return [label.item.toPlainText() for label in self._all if label.item.isVisible()]


def _anchor(label: Label) -> None:
    """Anchor a label ``offset_px`` pixels above (negative: below) its point, whatever the zoom.

    A TextItem's anchor is a fraction of its own size in pixels, so an
    offset in pixels is a fraction of its height: no range or view size
    comes into it, and nothing needs redoing when the view zooms or resizes.
    """
    height = GraphLabels.text_px(label.item.toPlainText().count("\n") + 1)
    if label.offset_px >= 0:
        label.item.setAnchor((0.5, 1.0 + label.offset_px / height))
    else:
        label.item.setAnchor((0.5, label.offset_px / height))
