"""The colour legend of the edges: the palette from −scale to +scale."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor, QLinearGradient, QPainter
from PySide6.QtWidgets import QWidget

from xorgui.core.graph import diverging
from xorgui.core.worked import num


class Legend(QWidget):
    """A gradient bar labelled with the current scale (it follows the weights: no clamp at ±1)."""

    def __init__(self, title: str = "weight", parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("edgeLegend")
        self.title, self.scale = title, 1.0
        self.setFixedHeight(26)

    def set_scale(self, scale: float) -> None:
        """Show the palette for values in [−scale, scale]."""
        if scale != self.scale:
            self.scale = scale
            self.update()

    def text(self) -> str:
        """Return the legend as plain text."""
        return f"{self.title}: −{num(self.scale)} … 0 … +{num(self.scale)}; width ∝ |{self.title}|"

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Draw the bar and its labels."""
        p = QPainter(self)
        left, width = 150, max(60, self.width() - 300)
        grad = QLinearGradient(left, 0, left + width, 0)
        for t in np.linspace(0, 1, 9):
            grad.setColorAt(t, QColor(*diverging(np.array([2 * t - 1]), 1.0)[0].tolist()))
        p.fillRect(left, 6, width, 12, grad)
        p.drawText(4, 17, f"{self.title} (edge colour)")
        p.drawText(left - 4 - p.fontMetrics().horizontalAdvance(f"−{num(self.scale)}"), 17, f"−{num(self.scale)}")
        p.drawText(left + width + 4, 17, f"+{num(self.scale)}   width ∝ |{self.title}|")
        p.end()
