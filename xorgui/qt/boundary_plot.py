"""The decision boundary: the output over the input plane, with the data points."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from xorgui.core.grid import neuron_map
from xorgui.core.snapshot import Snapshot
from xorgui.core.trainer import misclassified


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
        # a few shared brushes and pens: the scatter item renders one symbol per distinct style
        self._brushes = (pg.mkBrush(255, 255, 255), pg.mkBrush(0, 0, 0))
        self._pens = (pg.mkPen((60, 60, 60), width=1), pg.mkPen((220, 0, 0), width=2.5))
        self.addItem(self.points)
        self.snapshot: Snapshot | None = None
        self.neuron: tuple[int, int] | None = None
        self._title, self._values, self._points_key = "", None, None

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
        if title != self._title:
            self._title = title
            self.setTitle(title)
        if values is self._values or (self._values is not None and np.array_equal(values, self._values)):
            return self._set_points(snap)
        self._values = values
        self.image.setImage(np.nan_to_num(values, nan=0.5), levels=levels, autoLevels=False)
        (x0, x1), (y0, y1) = grid.x_range, grid.y_range
        self.image.setRect(x0, y0, x1 - x0, y1 - y0)
        self._set_points(snap)

    def _set_points(self, snap: Snapshot) -> None:
        wrong = misclassified(snap.a[-1], snap.data.Y)
        labels = snap.data.labels
        key = (snap.data.X.tobytes(), labels.tobytes(), wrong.tobytes())
        if key == self._points_key:
            return  # unchanged: spare the repaint
        self._points_key = key
        self.points.setData(pos=snap.data.X, brush=[self._brushes[int(c)] for c in labels],
                            pen=[self._pens[int(w)] for w in wrong])
