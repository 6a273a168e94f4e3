"""The colour legend over the graph: the edges' palette from −scale to +scale, and the neurons' fill."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor, QLinearGradient, QPainter
from PySide6.QtWidgets import QWidget

from xorgui.core.explanation.graph import diverging, edge_colours, short
from xorgui.core.model.notation import num
from xorgui.qt.widgets import tip

NAMES = {"weight": "w", "∂C/∂w": "∂C/∂w", "Δw": "Δw"}


class Legend(QWidget):
    """Two gradient bars on one line: the edges (scale follows the weights: no clamp at ±1) and the neurons."""

    def __init__(self, title: str = "weight", parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("edgeLegend")
        self.title, self.scale, self.hidden, self.fill_scale = title, 1.0, 0, 1.0
        self.setFixedHeight(26)

    def set_scale(self, scale: float, hidden: int = 0, title: str | None = None) -> None:
        """Show the edge palette for values in [−scale, scale]; ``hidden`` edges are not drawn."""
        title = title or self.title
        if (scale, hidden, title) != (self.scale, self.hidden, self.title):
            self.scale, self.hidden, self.title = scale, hidden, title
            self.setToolTip(tip(self.text()))
            self.update()

    def set_fill_scale(self, top: float) -> None:
        """Show the neurons' fill palette for activations in [−top, top]."""
        if top != self.fill_scale:
            self.fill_scale = top
            self.setToolTip(tip(self.text()))
            self.update()

    def text(self) -> str:
        """Return the legend as plain text."""
        text = f"{self.title}: −{num(self.scale)} … 0 … +{num(self.scale)}; width ∝ |{self.title}|"
        text += f"; neuron fill: activation a from −{num(self.fill_scale)} to +{num(self.fill_scale)}"
        return text + (f"; {self.hidden} not drawn" if self.hidden else "")

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Draw, left to right: the edges' title, bar and ends, then the neurons'."""
        p = QPainter(self)
        fm = p.fontMetrics()
        name = NAMES.get(self.title, self.title)
        edges_hi = f"+{short(self.scale)}  (width ∝ |{name}|" + (f"; {self.hidden} not drawn)" if self.hidden else ")")
        parts = [(f"edges {name}", f"−{short(self.scale)}", edges_hi, lambda t: edge_colours(t, 1.0)),
                 ("neurons a", f"−{short(self.fill_scale)}", f"+{short(self.fill_scale)}",
                  lambda t: diverging(t, 1.0))]
        fixed = sum(fm.horizontalAdvance(s) + 8 for part in parts for s in part[:3]) + 24
        bar = int(np.clip((self.width() - fixed) / 2, 30, 160))
        x = 6
        for title, lo, hi, colours in parts:
            for text in (title, lo):
                p.drawText(x, 17, text)
                x += fm.horizontalAdvance(text) + 6
            grad = QLinearGradient(x, 0, x + bar, 0)
            for t in np.linspace(0, 1, 9):
                grad.setColorAt(t, QColor(*colours(np.array([2 * t - 1]))[0].tolist()))
            p.fillRect(x, 6, bar, 12, grad)
            x += bar + 6
            p.drawText(x, 17, hi)
            x += fm.horizontalAdvance(hi) + 18
        p.end()
