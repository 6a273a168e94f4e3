"""The loss plot: loss and misclassification rate per epoch, decimated for long runs."""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from xorgui.core.worked import num
from xorgui.qt.controller import History

# 1-px pens: wider ones make Qt stroke the curve slowly
LOSS_PEN, RATE_PEN = pg.mkPen((94, 60, 153), width=1), pg.mkPen((230, 97, 1), width=1)
OVERLAY_PEN = pg.mkPen((170, 170, 170), width=1)
MAX_RATE = 10  # loss plot redraws per second while training
MAX_POINTS = 4000  # a curve never gets more points than this: a screen has fewer pixels


class Decimator:
    """Keeps a growing series drawable: each block of ``stride`` epochs is drawn by its min and max.

    Only the epochs added since the last call are read, so a long run costs
    no more per frame than a short one; when there are too many blocks,
    pairs merge and the stride doubles. Peaks survive: a spike or a plateau
    looks as it would drawn from every epoch.
    """

    def __init__(self, max_points: int = MAX_POINTS) -> None:
        self.max_blocks = max_points // 2
        self.stride, self.done = 1, 0
        self.lo, self.hi = np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)

    def indices(self, y: np.ndarray) -> np.ndarray:
        """Return the sorted epoch indices (from 0) to draw for the series ``y``."""
        n = len(y)
        if n < self.done:  # a shorter series: start over
            self.__init__(2 * self.max_blocks)
        full = self.done + (n - self.done) // self.stride * self.stride
        if full > self.done:
            blocks = y[self.done:full].reshape(-1, self.stride)
            starts = np.arange(self.done, full, self.stride)
            with np.errstate(invalid="ignore"):
                lo = np.argmin(np.where(np.isnan(blocks), np.inf, blocks), axis=1)
                hi = np.argmax(np.where(np.isnan(blocks), -np.inf, blocks), axis=1)
            self.lo, self.hi = np.concatenate([self.lo, starts + lo]), np.concatenate([self.hi, starts + hi])
            self.done = full
        while len(self.lo) > self.max_blocks:
            self._merge(y)
        tail = np.arange(self.done, n)
        return np.unique(np.concatenate([[0, n - 1] if n else [], self.lo, self.hi, tail]).astype(np.int64))

    def _merge(self, y: np.ndarray) -> None:
        pairs = len(self.lo) // 2 * 2
        lo, hi = self.lo[:pairs].reshape(-1, 2), self.hi[:pairs].reshape(-1, 2)
        with np.errstate(invalid="ignore"):
            pick_lo = np.where(np.nan_to_num(y[lo[:, 1]], nan=np.inf) < np.nan_to_num(y[lo[:, 0]], nan=np.inf), 1, 0)
            pick_hi = np.where(np.nan_to_num(y[hi[:, 1]], nan=-np.inf) > np.nan_to_num(y[hi[:, 0]], nan=-np.inf), 1, 0)
        rows = np.arange(len(lo))
        self.lo, self.hi = lo[rows, pick_lo], hi[rows, pick_hi]
        self.done = pairs // 2 * 2 * self.stride  # an odd last block goes back to the tail
        self.stride *= 2


def nice_ceiling(x: float) -> float:
    """Return the smallest of 1, 2, 5 × 10^k that is at least x (x > 0)."""
    if x <= 0:
        return 1.0
    k = np.floor(np.log10(x))
    for m in (1, 2, 5, 10):
        if m * 10**k >= x * (1 - 1e-12):
            return float(m * 10**k)
    return float(10 ** (k + 1))


def decimate(y: np.ndarray, max_points: int = MAX_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """Return (epochs from 1, values) of ``y`` with about ``max_points`` points at most, peaks kept."""
    idx = Decimator(max_points).indices(y)
    return idx + 1.0, y[idx]


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
            plot.getAxis("left").enableAutoSIPrefix(False)
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
        self._loss_points, self._rate_points = Decimator(), Decimator()
        self._drawn_at = 0.0
        self.overlays: list = []
        self.marker = pg.InfiniteLine(angle=90, pen=pg.mkPen((20, 20, 20), width=1))
        self.marker.setVisible(False)
        self.loss_plot.addItem(self.marker)
        self._follow, self._x_max, self._y_range = True, None, None
        for plot in (self.loss_plot, self.rate_plot):
            plot.disableAutoRange()
            plot.vb.sigRangeChangedManually.connect(self._on_manual_range)
        self.plots.scene().sigMouseClicked.connect(lambda ev: ev.double() and self.follow())
        self.plots.scene().sigMouseMoved.connect(self._on_mouse_moved)

    def set_log(self, on: bool) -> None:
        """Switch the loss axis between log and linear."""
        self.loss_plot.setLogMode(y=on)
        self.log_box.setChecked(on)
        self._y_range = None
        if getattr(self, "_history", None) is not None:
            self.set_history(self._history)

    def set_history(self, history: History, throttle: bool = False) -> None:
        """Draw the per-epoch figures of the current generation.

        With ``throttle`` (while training), redraw at most ``MAX_RATE`` times
        a second: the axes repaint whenever the range grows.
        """
        now = time.perf_counter()
        if throttle and now - self._drawn_at < 1 / MAX_RATE:
            return
        self._drawn_at = now
        self._history = history
        loss = history.loss
        idx = self._loss_points.indices(loss)
        values = loss[idx]
        if self.log_box.isChecked():
            values = np.where(values > 0, values, np.nan)  # log of 0 or less cannot be drawn
        self.loss_curve.setData(idx + 1.0, values, connect="finite")
        idx = self._rate_points.indices(history.error_rate)
        self.rate_curve.setData(idx + 1.0, 100 * history.error_rate[idx])
        if self._follow:
            self._fit_ranges(history.size, values)

    def _fit_ranges(self, n: int, values: np.ndarray) -> None:
        # Ranges move in coarse steps so that the axes, whose redraw costs
        # more than the curves', are regenerated only now and then.
        x_max = nice_ceiling(max(n, 10))
        if x_max != self._x_max:
            self._x_max = x_max
            self.loss_plot.setXRange(0, x_max, padding=0.02)
        finite = values[np.isfinite(values)]
        if not finite.size:
            return
        if self.log_box.isChecked():
            positive = finite[finite > 0]
            if not positive.size:
                return
            # a fifth of a decade of headroom keeps the curve off the frame
            lo, hi = np.floor(np.log10(positive.min()) - 0.2), np.ceil(np.log10(positive.max()) + 0.2)
            y_range = (lo, max(hi, lo + 1))
        else:
            y_range = (min(0.0, float(finite.min())), nice_ceiling(float(finite.max())))
        if y_range != self._y_range:
            self._y_range = y_range
            self.loss_plot.setYRange(*y_range, padding=0.02)

    def _on_manual_range(self, *_: object) -> None:
        self._follow = False

    def follow(self) -> None:
        """Let the axes follow the data again (after the user zoomed or panned)."""
        self._follow, self._x_max, self._y_range = True, None, None
        if self._history is not None:
            self.set_history(self._history)

    def add_overlay(self, loss: np.ndarray) -> None:
        """Keep a finished branch's loss curve on the plot, drawn thin and grey."""
        idx = Decimator().indices(loss)
        values = np.where(loss[idx] > 0, loss[idx], np.nan) if self.log_box.isChecked() else loss[idx]
        curve = self.loss_plot.plot(idx + 1.0, values, pen=OVERLAY_PEN, connect="finite")
        curve.setZValue(-1)
        self.overlays.append(curve)

    def clear_overlays(self) -> None:
        """Remove the curves of earlier branches."""
        for curve in self.overlays:
            self.loss_plot.removeItem(curve)
        self.overlays = []

    def mark_epoch(self, epoch: int | None) -> None:
        """Mark the epoch being viewed on the timeline (None: no mark)."""
        self.marker.setVisible(epoch is not None)
        if epoch is not None:
            self.marker.setValue(epoch)

    def clear(self) -> None:
        """Empty both curves (a new generation) and follow the data again."""
        self._loss_points, self._rate_points = Decimator(), Decimator()
        self._follow, self._x_max, self._y_range = True, None, None
        self.loss_curve.setData([], [])
        self.rate_curve.setData([], [])

    @property
    def point_count(self) -> int:
        """Number of epochs the curves cover."""
        x, _ = self.loss_curve.getData()
        return 0 if x is None or len(x) == 0 else int(x[-1])

    def _on_mouse_moved(self, pos: QPointF) -> None:
        h = self._history
        if h is None or h.size == 0:
            return
        plot = self.loss_plot if self.loss_plot.sceneBoundingRect().contains(pos) else self.rate_plot
        epoch = int(round(plot.vb.mapSceneToView(pos).x()))
        if 1 <= epoch <= h.size:
            self.readout.setText(f"epoch {epoch}: loss {num(h.loss[epoch - 1])}, "
                                 f"misclassified {100 * h.error_rate[epoch - 1]:.1f} %")
