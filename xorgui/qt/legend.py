"""The colour legend of the edges: the palette from −scale to +scale."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor, QLinearGradient, QPainter
from PySide6.QtWidgets import QWidget

from xorgui.core.graph import edge_colours
from xorgui.core.worked import num


class Legend(QWidget):
    """A gradient bar labelled with the current scale (it follows the weights: no clamp at ±1)."""

    def __init__(self, title: str = "weight", parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("edgeLegend")
        self.title, self.scale, self.hidden = title, 1.0, 0
        self.setFixedHeight(26)

    def set_scale(self, scale: float, hidden: int = 0, title: str | None = None) -> None:
        """Show the palette for values in [−scale, scale]; ``hidden`` edges are not drawn."""
        title = title or self.title
        if (scale, hidden, title) != (self.scale, self.hidden, self.title):
            self.scale, self.hidden, self.title = scale, hidden, title
            self.update()

    def text(self) -> str:
        """Return the legend as plain text."""
        text = f"{self.title}: −{num(self.scale)} … 0 … +{num(self.scale)}; width ∝ |{self.title}|"
        return text + (f"; {self.hidden} not drawn" if self.hidden else "")

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Draw the title, the bar and its end labels, left to right."""
        p = QPainter(self)
        fm = p.fontMetrics()
        lo, hi = f"−{num(self.scale)}", f"+{num(self.scale)}   width ∝ |{self.title}|"
        if self.hidden:
            hi += f"   ({self.hidden} not drawn)"
        title = f"{self.title} (edge colour)"
        x = 6
        p.drawText(x, 17, title)
        x += fm.horizontalAdvance(title) + 14
        p.drawText(x, 17, lo)
        x += fm.horizontalAdvance(lo) + 6
        width = max(40, self.width() - x - fm.horizontalAdvance(hi) - 16)
        grad = QLinearGradient(x, 0, x + width, 0)
        for t in np.linspace(0, 1, 9):
            grad.setColorAt(t, QColor(*edge_colours(np.array([2 * t - 1]), 1.0)[0].tolist()))
        p.fillRect(x, 6, width, 12, grad)
        p.drawText(x + width + 6, 17, hi)
        p.end()
