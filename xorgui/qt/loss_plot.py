"""The loss plot: loss and misclassification rate per epoch, decimated for long runs."""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGraphicsGridLayout,
    QGraphicsWidget,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from xorgui.core.training.history_views import describe_epoch
from xorgui.core.training.loss_history import LossHistory
from xorgui.core.training.thinning import block_extremes
from xorgui.qt.spaced_axis import SpacedAxis, nice_ceiling
from xorgui.qt.widgets import in_scene

__all__ = ["Decimator", "LossPlot", "decimate", "nice_ceiling"]

# The loss is drawn smoothed (antialiased), 1.5 px wide to keep its colour: drawn crisp and 1 px wide, its
# steep parts lost a pixel here and there (Qt's thin lines skip one where many points share a few pixels).
# That costs about 0.3 ms a redraw per 1 000 points, so the loss curve is drawn with about two points
# per pixel of the plot's width (``points_for``, ``per_pixel``), at most MAX_RATE redraws a second.
# The rate, all steps, stays crisp and 1 px wide: wider crisp pens make Qt stroke a curve slowly.
LOSS_PEN, RATE_PEN = pg.mkPen((94, 60, 153), width=1.5), pg.mkPen((230, 97, 1), width=1)
OVERLAY_PEN = pg.mkPen((170, 170, 170), width=1)
MAX_RATE = 10  # loss plot redraws per second while training
MAX_POINTS = 4000  # a curve never gets more points than this: a screen has fewer pixels
MIN_POINTS = 512  # nor fewer: before the plot is laid out its width is unknown


class Decimator:
    """Keeps a growing series drawable: each block of ``stride`` rows is drawn by its min and max.

    Only the rows added since the last call are read, so a long run costs
    no more per frame than a short one; when too many rows are kept, the
    stride doubles and the blocks merge (``block_extremes``, the rule the
    per-epoch history thins by). Peaks survive: a spike or a plateau looks
    as it would drawn from every row.
    """

    def __init__(self, max_points: int = MAX_POINTS) -> None:
        self.max_points = max_points
        self.stride, self.done = 1, 0
        self.kept = np.empty(0, dtype=np.int64)

    def indices(self, y: np.ndarray) -> np.ndarray:
        """Return the sorted row indices (from 0) to draw for the series ``y``."""
        n = len(y)
        if n < self.done:  # a shorter series: start over
            self.stride, self.done, self.kept = 1, 0, np.empty(0, dtype=np.int64)
        self._close_blocks(y)
        while len(self.kept) + n - self.done > self.max_points and self.stride < n:
            self.stride *= 2
            self.done = self.done // self.stride * self.stride  # a last half block goes back to the tail
            kept = self.kept[self.kept < self.done]
            self.kept = kept[block_extremes(y[kept], kept // self.stride)]
            self._close_blocks(y)
        tail = np.arange(self.done, n)
        return np.unique(np.concatenate([[0, n - 1] if n else [], self.kept, tail]).astype(np.int64))

    def rewind(self, rows: int) -> None:
        """Forget what was read from row ``rows`` on (those rows changed): it is read again next time."""
        self.done = min(self.done, rows // self.stride * self.stride)
        self.kept = self.kept[self.kept < self.done]

    def _close_blocks(self, y: np.ndarray) -> None:
        """Reduce the whole blocks of rows not read yet to their extremes."""
        full = self.done + (len(y) - self.done) // self.stride * self.stride
        if full > self.done:
            rows = np.arange(self.done, full)
            self.kept = np.concatenate([self.kept, rows[block_extremes(y[rows], rows // self.stride)]])
            self.done = full


def points_for(width: float) -> int:
    """Return the most points a curve ``width`` pixels wide is drawn with, from 512 to 4 000.

    Two a pixel (a span's lowest and highest, ``per_pixel``), rounded up
    to a power of two so that a small resize keeps the same points.
    """
    return min(MAX_POINTS, max(MIN_POINTS, 1 << math.ceil(math.log2(max(2.0 * width, 1.0)))))


def per_pixel(x: np.ndarray, y: np.ndarray, most: int) -> np.ndarray:
    """Return which of the points (x, y), x rising, to draw with at most about ``most`` of them.

    All while they are that few; else each of ``most // 2`` equal spans of
    x keeps its lowest and highest y (``block_extremes``), and the ends
    stay: a spike or a plateau looks as it would drawn from every point.
    It reads the points anew each time (a few thousand: under a
    millisecond), unlike ``Decimator``, whose budget must stay large for
    the rows it has not yet reduced.
    """
    n, spans = len(x), max(1, most // 2)
    if n <= most:
        return np.arange(n)
    width = float(x[-1] - x[0]) or 1.0
    groups = np.minimum(((x - x[0]) * (spans / width)).astype(np.int64), spans - 1)
    return np.unique(np.concatenate([[0, n - 1], block_extremes(y, groups)]))


def decimate(y: np.ndarray, max_points: int = MAX_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """Return (epochs from 1, values) of ``y`` with about ``max_points`` points at most, peaks kept."""
    idx = Decimator(max_points).indices(y)
    return idx + 1.0, y[idx]


def _stacked(*rows: tuple[QGraphicsWidget, int]) -> QGraphicsWidget:
    """Return a widget that stacks ``rows`` (item, stretch) top to bottom, each row as tall as its stretch says."""
    frame = QGraphicsWidget()
    frame.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    grid = QGraphicsGridLayout(frame)
    for row, (item, stretch) in enumerate(rows):
        grid.addItem(item, row, 0)
        grid.setRowStretchFactor(row, stretch)
    return frame


LEGEND_CORNERS = ((1, 0), (0, 1), (0, 0), (1, 1))  # the legend's places, best first: top right, bottom left, …


class LossPlot(QWidget):
    """Training loss per epoch (log scale by default) above the misclassification rate."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("lossPlot")
        self.plots = pg.GraphicsView(background="w")
        self.plots.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the mouse zooms and reads it; Tab passes it by
        self.loss_plot = pg.PlotItem(axisItems={"left": SpacedAxis("left")})
        self.rate_plot = pg.PlotItem()
        self.plots.setCentralItem(_stacked((self.loss_plot, 3), (self.rate_plot, 1)))
        self.rate_plot.setXLink(self.loss_plot)
        self.loss_plot.setLabel("left", "loss")
        self.rate_plot.setLabel("left", "wrong %")  # short: this plot is a third of the pane's height
        self.rate_plot.setLabel("bottom", "epoch")
        self.rate_plot.setYRange(0, 100)
        for plot in (self.loss_plot, self.rate_plot):
            plot.getAxis("left").enableAutoSIPrefix(False)
        self.loss_curve = self.loss_plot.plot(pen=LOSS_PEN, antialias=True)
        self.rate_curve = self.rate_plot.plot(pen=RATE_PEN)
        self.log_box = QCheckBox("log scale")
        self.log_box.setObjectName("logScaleBox")
        self.log_box.setChecked(True)
        self.log_box.toggled.connect(self.set_log)
        self.readout = QLabel(" ")  # two lines high: a narrow panel wraps the reading rather than cutting it
        self.readout.setWordWrap(True)
        self.readout.setMinimumHeight(2 * self.readout.fontMetrics().lineSpacing())
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.plots)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(4, 0, 4, 0)
        line.addWidget(self.log_box)
        line.addWidget(self.readout, 1)
        box.addWidget(row)
        self._history: LossHistory | None = None
        self._loss_points, self._rate_points = Decimator(), Decimator()
        self._version: int | None = None  # of the history drawn
        self.set_log(True)
        self.legend = self._add_legend()
        self.loss_plot.getViewBox().sigResized.connect(self.place_legend)
        self.loss_plot.getViewBox().sigRangeChanged.connect(self.place_legend)
        self._drawn_at = 0.0
        self.overlays: list = []
        self.marker = pg.InfiniteLine(angle=90, pen=pg.mkPen((20, 20, 20), width=1))
        self.marker.setVisible(False)
        self.loss_plot.addItem(self.marker)
        self._follow = True  # the axes follow the data (until the learner zooms or pans)
        self._x_max: float | None = None
        self._y_range: tuple[float, float] | None = None
        for plot in (self.loss_plot, self.rate_plot):
            plot.disableAutoRange()
            plot.getViewBox().sigRangeChangedManually.connect(self._on_manual_range)
        self.plots.scene().sigMouseClicked.connect(self._on_mouse_clicked)
        self.plots.scene().sigMouseMoved.connect(self._on_mouse_moved)

    def set_log(self, on: bool) -> None:
        """Switch the loss axis between log and linear."""
        self.loss_plot.setLogMode(y=on)
        self.log_box.setChecked(on)
        self._y_range = None
        if self._history is not None:
            self.set_history(self._history)

    def _add_legend(self) -> pg.LegendItem:
        """Say inside the loss plot what its curves are (an exported image keeps it); ``place_legend`` moves it."""
        legend = pg.LegendItem(offset=(-8, 8), labelTextSize="8pt", verSpacing=-6,
                               brush=pg.mkBrush(255, 255, 255, 200), pen=pg.mkPen(200, 200, 200))
        legend.setParentItem(self.loss_plot.getViewBox())
        legend.layout.setContentsMargins(2, 0, 2, 0)  # a line as high as its text: less of the curve behind it
        self._legend_corner = (1, 0)  # top right, as ``offset`` puts it
        legend.addItem(self.loss_curve, "loss")  # one line: the rate has its own plot, named on its axis
        self._overlay_sample = pg.PlotDataItem(pen=OVERLAY_PEN)
        return legend

    def set_classes(self, classes: bool) -> None:
        """Show the misclassification rate only for targets that are classes (else there is no right or wrong)."""
        if classes == self.rate_curve.isVisible():
            return
        self.rate_curve.setVisible(classes)
        self.rate_plot.setLabel("left", "wrong %" if classes else "")

    def export_part(self) -> QWidget:
        """Return the part of this widget an exported image shows: the plots, not the controls under them."""
        return self.plots

    def set_history(self, history: LossHistory, throttle: bool = False) -> None:
        """Draw the per-epoch figures of the current generation.

        With ``throttle`` (while training), redraw at most ``MAX_RATE`` times
        a second: the axes repaint whenever the range grows.
        """
        now = time.perf_counter()
        if throttle and now - self._drawn_at < 1 / MAX_RATE:
            return
        self._drawn_at = now
        if history is not self._history:
            self._loss_points, self._rate_points = Decimator(), Decimator()
        elif self._version is not None and history.version != self._version:
            # rows thinned or cut: read again from the first that changed
            unchanged = history.unchanged_rows(self._version)
            for points in (self._loss_points, self._rate_points):
                points.rewind(unchanged)
        self._history, self._version = history, history.version
        epochs, loss, rate = history.epochs, history.loss, history.error_rate
        idx = self._loss_points.indices(loss)
        idx = idx[per_pixel(epochs[idx], loss[idx], points_for(self.loss_plot.vb.width()))]
        values = self._drawable(loss[idx])
        self.loss_curve.setData(epochs[idx].astype(float), values, connect="finite")
        idx = self._rate_points.indices(rate)
        self.rate_curve.setData(epochs[idx].astype(float), 100 * rate[idx], connect="finite")
        if self._follow:
            self._fit_ranges(history.last_epoch, values)
        self.place_legend()

    def place_legend(self, *_: object) -> None:
        """Move the legend to the corner of the loss plot where it covers the fewest points of the curve.

        It stays where it is while it covers none: a loss on a plateau ran
        behind it in the top right corner.
        """
        vb = self.loss_plot.getViewBox()
        x, y = self.loss_curve.getData()  # as drawn (log10 on a log scale)
        frame, size = vb.sceneBoundingRect(), self.legend.sceneBoundingRect().size()
        if x is None or len(x) == 0 or frame.width() <= size.width() or frame.height() <= size.height():
            return
        px, py = in_scene(vb, x, y)
        covered = {}
        for corner in LEGEND_CORNERS:
            left = frame.left() + 8 if corner[0] == 0 else frame.right() - 8 - size.width()
            top = frame.top() + 8 if corner[1] == 0 else frame.bottom() - 8 - size.height()
            covered[corner] = int(np.count_nonzero((px >= left) & (px <= left + size.width())
                                                   & (py >= top) & (py <= top + size.height())))
        if covered[self._legend_corner] == 0:
            return
        self._legend_corner = corner = min(LEGEND_CORNERS, key=lambda c: covered[c])  # the first of the least covered
        offset = (8 if corner[0] == 0 else -8, 8 if corner[1] == 0 else -8)
        self.legend.anchor(itemPos=corner, parentPos=corner, offset=offset)

    def _drawable(self, loss: np.ndarray) -> np.ndarray:
        """Return the values to draw: on a log scale a loss of 0 or less has no place, so it is left out."""
        return np.where(loss > 0, loss, np.nan) if self.log_box.isChecked() else loss

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

    def add_overlay(self, run: LossHistory | np.ndarray) -> None:
        """Keep the loss curve of the run a branch left on the plot, drawn thin and grey.

        ``run`` is that run's history, or its losses of epochs 1, 2, … .
        """
        if isinstance(run, LossHistory):
            epochs, loss = run.epochs, run.loss
        else:
            loss = np.asarray(run, dtype=float)
            epochs = np.arange(1, len(loss) + 1)
        idx = Decimator().indices(loss)
        curve = self.loss_plot.plot(epochs[idx].astype(float), self._drawable(loss[idx]), pen=OVERLAY_PEN,
                                    connect="finite")
        curve.setZValue(-1)
        if not self.overlays:
            self.legend.addItem(self._overlay_sample, "loss before the branch")
        self.overlays.append(curve)

    def clear_overlays(self) -> None:
        """Remove the curves of earlier branches."""
        for curve in self.overlays:
            self.loss_plot.removeItem(curve)
        if self.overlays:
            self.legend.removeItem(self._overlay_sample)
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

    def _on_mouse_clicked(self, event: Any) -> None:  # pyqtgraph's MouseClickEvent
        if event.double():
            self.follow()

    def _on_mouse_moved(self, pos: QPointF) -> None:
        h = self._history
        if h is None or h.rows == 0:
            return
        plot = self.loss_plot if self.loss_plot.sceneBoundingRect().contains(pos) else self.rate_plot
        x = plot.getViewBox().mapSceneToView(pos).x()
        if np.isfinite(x) and 1 <= round(x) <= h.last_epoch:
            self.readout.setText(describe_epoch(h, int(round(x))))
