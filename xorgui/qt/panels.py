"""The truth-table and diagnostics panel, and the loss-slice plot."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from xorgui.core.diagnostics import diagnose_sums
from xorgui.core.logic import unit_logic
from xorgui.core.lossslice import loss_slice
from xorgui.core.params import parse_param
from xorgui.core.snapshot import Snapshot
from xorgui.core.trainer import misclassified
from xorgui.core.worked import num


class LogicPanel(QWidget):
    """Every sample's output, target and cost; what each neuron computes; neurons that stopped learning."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("truthTable")
        self.table = QTableWidget(0, 6, objectName="samplesTable")
        self.table.setHorizontalHeaderLabels(["x1", "x2", "y", "ŷ", "C", ""])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.units = QLabel(objectName="unitLogic", wordWrap=True)
        self.findings = QLabel(objectName="diagnostics", wordWrap=True, styleSheet="color: #8a4b00;")
        box = QVBoxLayout(self)
        box.setContentsMargins(2, 2, 2, 2)
        box.addWidget(self.table, 1)
        box.addWidget(self.units)
        box.addWidget(self.findings)

    def set_snapshot(self, snap: Snapshot) -> None:
        """Fill the table, the unit logic and the diagnostics from a snapshot."""
        yhat, y = snap.a[-1], snap.data.Y
        per = snap.network().per_sample_cost(_forward(snap), y)
        wrong = misclassified(yhat, y)
        rows = len(y)
        if self.table.rowCount() != rows:
            self.table.setRowCount(rows)
        for r in range(rows):
            cells = [f"{snap.data.X[r, 0]:.3g}", f"{snap.data.X[r, 1]:.3g}", _vec(y[r]), _vec(yhat[r]),
                     num(per[r]), "wrong" if wrong[r] else "right"]
            for c, text in enumerate(cells):
                item = self.table.item(r, c)
                if item is None:
                    self.table.setItem(r, c, QTableWidgetItem(text))
                elif item.text() != text:
                    item.setText(text)
        self.units.setText(self.logic_text(snap))
        found = diagnose_sums(snap.spec.activations, snap.z)  # as the network view does
        self.findings.setText("\n".join(f"⚠ {f.reason}" for f in found) or "No saturated or dead neurons.")

    @staticmethod
    def logic_text(snap: Snapshot) -> str:
        """Return one line per neuron: the Boolean function it forms on the corners and its margin."""
        units = unit_logic(snap.network())
        if not units:
            return "Unit logic needs two inputs."
        lines = [f"{'ŷ' if u.n == snap.spec.N else f'h({u.n})'}_{u.i}: {u.name}   (outputs "
                 f"{', '.join(f'{v:.2f}' for v in u.outputs)} on 00, 01, 10, 11; margin {u.margin:.2f})"
                 for u in units]
        return "What each neuron computes (thresholded): XOR = (A OR B) AND NOT (A AND B)\n" + "\n".join(lines)


def _vec(v: np.ndarray) -> str:
    return ", ".join(f"{x:.4g}" for x in v)


def _forward(snap: Snapshot):
    from xorgui.core.network import Forward

    return Forward(list(snap.z), list(snap.a))


class SlicePlot(pg.PlotWidget):
    """C along the selected weight: the curve, the tangent, where the next step −η·∂C/∂w lands."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("lossSlicePlot")
        self.setLabel("left", "cost C")
        self.getAxis("left").enableAutoSIPrefix(False)
        self.curve = self.plot(pen=pg.mkPen((94, 60, 153), width=1))
        self.tangent = self.plot(pen=pg.mkPen((120, 120, 120), width=1, style=pg.QtCore.Qt.PenStyle.DashLine))
        self.step_line = self.plot(pen=pg.mkPen((230, 97, 1), width=1))
        self.points = pg.ScatterPlotItem(size=10, pxMode=True)
        self.addItem(self.points)
        self.slice = self.surface = None
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(pg.colormap.get("CET-CBD1").getLookupTable(nPts=256))
        self.image.setZValue(-10)
        self.addItem(self.image)
        self.isos = [pg.IsocurveItem(pen=pg.mkPen((255, 255, 255, 150), width=1)) for _ in range(6)]
        for iso in self.isos:
            self.addItem(iso)
        self.path_curve = self.plot(pen=pg.mkPen((230, 97, 1), width=2))
        self._hide_surface()
        self.setTitle("select a weight or bias (Ctrl+click a second one for the surface)", size="9pt")

    def set_surface(self, surface) -> None:
        """Show C over two parameters as a heatmap with contours, the training path and the current point."""
        self.surface = surface
        self.slice = None
        for item in (self.curve, self.tangent, self.step_line):
            item.setData([], [])
        levels = np.log10(np.maximum(surface.costs, 1e-300))
        self.image.setImage(levels, levels=(float(levels.min()), float(levels.max())), autoLevels=False)
        x0, x1, y0, y1 = surface.xs[0], surface.xs[-1], surface.ys[0], surface.ys[-1]
        self.image.setRect(x0, y0, x1 - x0, y1 - y0)
        self.image.setVisible(True)
        for k, iso in enumerate(self.isos):
            iso.setData(levels)
            iso.setLevel(np.quantile(levels, (k + 1) / (len(self.isos) + 1)))
            iso.setTransform(pg.QtGui.QTransform.fromTranslate(x0, y0).scale(
                (x1 - x0) / (len(surface.xs) - 1), (y1 - y0) / (len(surface.ys) - 1)))
            iso.setVisible(True)
        self.path_curve.setData(surface.path[:, 1], surface.path[:, 2])
        self.points.setData([surface.current[0]], [surface.current[1]], brush=[pg.mkBrush(20, 20, 20)])
        fx, fy = surface.params
        self.setLabel("bottom", fx.label)
        self.setLabel("left", fy.label)
        self.setTitle(f"log10 C over {fx.label}, {fy.label}<br>and the path training took", size="9pt")
        self.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def _hide_surface(self) -> None:
        self.surface = None
        self.image.setVisible(False)
        for iso in self.isos:
            iso.setVisible(False)
        self.path_curve.setData([], [])
        self.setLabel("left", "cost C")

    def set_selection(self, snap: Snapshot | None, name: str) -> None:
        """Show the slice along ``name`` (a weight or bias) for a snapshot, or nothing."""
        self._hide_surface()
        if snap is None or name[:1] not in ("w", "b"):
            self.slice = None
            for item in (self.curve, self.tangent, self.step_line):
                item.setData([], [])
            self.points.setData([], [])
            self.setTitle("select a weight or bias")
            return
        ref = parse_param(name, snap.spec)
        g = snap.dC_dW[ref.n][ref.i, ref.j] if ref.kind == "w" else snap.dC_db[ref.n][ref.i]
        s = self.slice = loss_slice(snap.network(), snap.data, ref, g, snap.learning_rate)
        self.curve.setData(s.values, s.costs)
        span = np.array([s.values[0], s.values[-1]])
        self.tangent.setData(span, s.tangent(span))
        self.step_line.setData([s.current, s.step], [s.cost, s.step_cost])
        self.points.setData([s.current, s.step], [s.cost, s.step_cost],
                            brush=[pg.mkBrush(20, 20, 20), pg.mkBrush(230, 97, 1)])
        self.setLabel("bottom", ref.label)
        verdict = "overshoots" if s.step_cost > s.cost else "descends"
        self.setTitle(f"C along {ref.label}, the rest fixed<br>slope {g:.3g}; next step {verdict}", size="9pt")
        finite = s.costs[np.isfinite(s.costs)]
        if finite.size:
            self.setRange(xRange=(s.values[0], s.values[-1]), yRange=(float(finite.min()), float(finite.max())),
                          padding=0.05)
