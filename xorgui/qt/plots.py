"""The loss plot and the decision-boundary plot."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from xorgui.core.grid import neuron_map
from xorgui.core.snapshot import Snapshot
from xorgui.core.trainer import misclassified
from xorgui.core.worked import num
from xorgui.qt.controller import History

LOSS_PEN, RATE_PEN = pg.mkPen((94, 60, 153), width=2), pg.mkPen((230, 97, 1), width=1.5)


class LossPlot(QWidget):
    """Training loss per epoch (log scale by default) above the misclassification rate."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("lossPlot")
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setBackground("w")
        self.loss_plot = self.plots.addPlot(row=0, col=0)
        self.rate_plot = self.plots.addPlot(row=1, col=0)
        self.plots.ci.layout.setRowStretchFactor(0, 3)
        self.rate_plot.setXLink(self.loss_plot)
        self.loss_plot.setLabel("left", "loss")
        self.rate_plot.setLabel("left", "misclassified %")
        self.rate_plot.setLabel("bottom", "epoch")
        self.rate_plot.setYRange(0, 100)
        for plot in (self.loss_plot, self.rate_plot):
            plot.setDownsampling(auto=True, mode="peak")
            plot.setClipToView(True)
            plot.showGrid(x=True, y=True, alpha=0.2)
        self.loss_curve = self.loss_plot.plot(pen=LOSS_PEN)
        self.rate_curve = self.rate_plot.plot(pen=RATE_PEN)
        self.log_box = QCheckBox("log scale")
        self.log_box.setObjectName("logScaleBox")
        self.log_box.setChecked(True)
        self.log_box.toggled.connect(self.set_log)
        self.readout = QLabel(" ")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.plots)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(4, 0, 4, 0)
        line.addWidget(self.log_box)
        line.addWidget(self.readout, 1)
        box.addWidget(row)
        self.set_log(True)
        self._history: History | None = None
        self.plots.scene().sigMouseMoved.connect(self._on_mouse_moved)

    def set_log(self, on: bool) -> None:
        """Switch the loss axis between log and linear."""
        self.loss_plot.setLogMode(y=on)
        self.log_box.setChecked(on)

    def set_history(self, history: History) -> None:
        """Draw the per-epoch figures of the current generation."""
        self._history = history
        n = history.size
        epochs = np.arange(1, n + 1, dtype=float)
        loss = history.loss
        if self.log_box.isChecked():
            loss = np.where(loss > 0, loss, np.nan)  # log of 0 or less cannot be drawn
        self.loss_curve.setData(epochs, loss, connect="finite")
        self.rate_curve.setData(epochs, 100 * history.error_rate)

    def clear(self) -> None:
        """Empty both curves (a new generation)."""
        self.loss_curve.setData([], [])
        self.rate_curve.setData([], [])

    @property
    def point_count(self) -> int:
        """Number of epochs drawn."""
        x, _ = self.loss_curve.getData()
        return 0 if x is None else len(x)

    def _on_mouse_moved(self, pos: QPointF) -> None:
        h = self._history
        if h is None or h.size == 0:
            return
        plot = self.loss_plot if self.loss_plot.sceneBoundingRect().contains(pos) else self.rate_plot
        epoch = int(round(plot.vb.mapSceneToView(pos).x()))
        if 1 <= epoch <= h.size:
            self.readout.setText(f"epoch {epoch}: loss {num(h.loss[epoch - 1])}, "
                                 f"misclassified {100 * h.error_rate[epoch - 1]:.1f} %")


class BoundaryPlot(pg.PlotWidget):
    """The output over the input plane as a heatmap, with the data points.

    Points are filled by their label and outlined by whether the network
    classifies them right (dark) or wrong (red). ``show_neuron`` switches the
    heatmap to one hidden neuron's activation.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("boundaryPlot")
        self.setAspectLocked(True)
        self.setLabel("bottom", "x1")
        self.setLabel("left", "x2")
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(pg.colormap.get("CET-CBD1").getLookupTable(nPts=256))
        self.addItem(self.image)
        self.points = pg.ScatterPlotItem(size=9, pxMode=True)
        self.addItem(self.points)
        self.snapshot: Snapshot | None = None
        self.neuron: tuple[int, int] | None = None
        self.setTitle("output ŷ")

    def show_neuron(self, neuron: tuple[int, int] | None) -> None:
        """Show a(n)_i of a hidden neuron over the plane, or the output again (None)."""
        self.neuron = neuron
        if self.snapshot is not None:
            self.set_snapshot(self.snapshot)

    def set_snapshot(self, snap: Snapshot) -> None:
        """Draw the heatmap and the points of a snapshot."""
        self.snapshot = snap
        grid = snap.grid
        if grid is None:
            self.image.clear()
            return
        values, levels, title = grid.values, (0.0, 1.0), "output ŷ" if snap.dims[-1] == 1 else "P(class 1)"
        if self.neuron is not None and self.neuron[0] < snap.spec.N:
            n, i = self.neuron
            values = neuron_map(snap.network(), n, i, grid.x_range, grid.y_range, values.shape[0])
            top = float(np.nanmax(np.abs(values))) if np.isfinite(values).any() else 1.0
            levels = (0.0, 1.0) if snap.spec.activations[n - 1] == "sigmoid" else (-max(top, 1e-9), max(top, 1e-9))
            title = f"a({n})_{i} over the input plane"
        self.setTitle(title)
        self.image.setImage(np.nan_to_num(values, nan=0.5), levels=levels, autoLevels=False)
        (x0, x1), (y0, y1) = grid.x_range, grid.y_range
        self.image.setRect(x0, y0, x1 - x0, y1 - y0)
        wrong = misclassified(snap.a[-1], snap.data.Y)
        labels = snap.data.labels
        self.points.setData(
            pos=snap.data.X,
            brush=[pg.mkBrush((255, 255, 255) if c == 0 else (0, 0, 0)) for c in labels],
            pen=[pg.mkPen((220, 0, 0), width=2.5) if w else pg.mkPen((60, 60, 60), width=1) for w in wrong],
        )
