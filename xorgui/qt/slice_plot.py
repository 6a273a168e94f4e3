"""The loss slice: C along one weight or bias, or over two as a map with the path training took."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from xorgui.core.explanation.lossslice import LossSlice, LossSurface
from xorgui.core.model.notation import num
from xorgui.core.model.params import parse_param
from xorgui.core.session.snapshot import Snapshot
from xorgui.qt.scales import LIMIT, colour_bar, finite_levels, legend, paint, set_bar
from xorgui.qt.widgets import named

SELECT = "Select a weight or bias to see the cost along it (Ctrl+click a second one for the cost over both)."
DIVERGED = "training diverged: lower η, then Reset"
DARK, ORANGE, PURPLE = (20, 20, 20), (230, 97, 1), (94, 60, 153)


class SlicePlot(QWidget):
    """C along the selected weight: the curve, the tangent, where the next step −η·∂C/∂w lands.

    With a second weight or bias (Ctrl+click), C over both as a map with
    its colour bar, contours and the path training took. With neither, or
    when the selection cannot be drawn, a sentence says what to do instead
    of stale axes. Headings, colour bars and legends are part of the
    widget, so an exported image carries them.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("lossSlicePlot")
        self.heading = named(QLabel(wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter), "sliceHeading")
        self.placeholder = named(QLabel(wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter), "slicePlaceholder")
        self.placeholder.setStyleSheet("color: #555;")
        self.placeholder.setMargin(12)
        self.line_plot, self.map_plot = self._build_line(), self._build_map()
        self.stack = QStackedWidget()
        for page in (self.placeholder, self.line_plot, self.map_plot):
            self.stack.addWidget(page)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 2, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.heading)
        box.addWidget(self.stack, 1)
        self.slice: LossSlice | None = None
        self.surface: LossSurface | None = None
        self._say(SELECT)

    # --- building -------------------------------------------------------------------------

    def _build_line(self) -> pg.PlotWidget:
        plot = pg.PlotWidget(background="w")
        plot.setLabel("left", "cost C")
        plot.getAxis("left").enableAutoSIPrefix(False)
        plot.getAxis("bottom").enableAutoSIPrefix(False)
        self.curve = plot.plot(pen=pg.mkPen(PURPLE, width=1))
        self.tangent = plot.plot(pen=pg.mkPen((120, 120, 120), width=1, style=Qt.PenStyle.DashLine))
        self.step_line = plot.plot(pen=pg.mkPen(ORANGE, width=1))
        self.current_dot = pg.ScatterPlotItem(size=9, pxMode=True, brush=pg.mkBrush(DARK), pen=None)
        self.step_dot = pg.ScatterPlotItem(size=9, pxMode=True, brush=pg.mkBrush(ORANGE), pen=None)
        plot.addItem(self.current_dot)
        plot.addItem(self.step_dot)
        key = legend(plot.getPlotItem())
        for item, name in ((self.curve, "cost C"), (self.tangent, "tangent"),
                           (self.current_dot, "current value"), (self.step_dot, "next step")):
            key.addItem(item, name)
        return plot

    def _build_map(self) -> pg.PlotWidget:
        plot = pg.PlotWidget(background="w")
        for side in ("left", "bottom"):
            plot.getAxis(side).enableAutoSIPrefix(False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        plot.addItem(self.image)
        self.bar = colour_bar(plot.getPlotItem(), "log₁₀ C")
        self.isos = [pg.IsocurveItem(pen=pg.mkPen((255, 255, 255, 150), width=1)) for _ in range(6)]
        for iso in self.isos:
            plot.addItem(iso)
        self.path_curve = plot.plot(pen=pg.mkPen(ORANGE, width=2))
        self.map_dot = pg.ScatterPlotItem(size=9, pxMode=True, brush=pg.mkBrush(DARK), pen=pg.mkPen("w"))
        plot.addItem(self.map_dot)
        key = legend(plot.getPlotItem())
        key.addItem(self.path_curve, "path training took")
        key.addItem(self.map_dot, "current value")
        return plot

    # --- entry points ---------------------------------------------------------------------

    def set_selection(self, snap: Snapshot | None, name: str) -> None:
        """Show the slice along ``name`` (a weight or bias) that the trainer worked out for a snapshot.

        Until it arrives (``snap.focused``) a sentence says it is on its way;
        a selection that has no slice says why.
        """
        self.slice = self.surface = None
        if snap is None or not name:
            return self._say(SELECT)
        try:
            ref = parse_param(name, snap.spec)
        except ValueError:
            return self._say(f"{name} is not in this network (dims {', '.join(map(str, snap.dims))}). {SELECT}")
        if ref.kind not in ("w", "b"):
            return self._say(f"{ref.label} is a weighted sum, not a parameter: it has no slice. {SELECT}")
        f = snap.focused
        if f is None or f.focus.param != name or f.slice is None:
            return self._say(f"Working out the cost along {ref.label}…")
        s = self.slice = f.slice
        problem = _slice_problem(s)
        if problem:
            return self._say(problem)
        self._draw_slice(s)

    def set_surface(self, surface: LossSurface) -> None:
        """Show C over two parameters as a map with contours, the training path and the current point."""
        self.surface, self.slice = surface, None
        fx, fy = surface.params
        with np.errstate(all="ignore"):
            log = np.log10(np.maximum(surface.costs, 1e-300))
        if not np.isfinite(log).any():
            return self._say(f"C over {fx.label} and {fy.label} is not a number anywhere: {DIVERGED}.")
        levels = finite_levels(log)
        x0, x1, y0, y1 = surface.xs[0], surface.xs[-1], surface.ys[0], surface.ys[-1]
        paint(self.image, log, levels)
        self.image.setRect(x0, y0, x1 - x0, y1 - y0)
        set_bar(self.bar, levels, "log₁₀ C")
        self._draw_contours(log, levels, surface)
        path = surface.path[np.all(np.isfinite(surface.path), axis=1)]
        self.path_curve.setData(path[:, 1], path[:, 2])
        (cx, cy), heading = surface.current, (f"log₁₀ C over {fx.label} and {fy.label}, every other parameter "
                                              "fixed, and the path training took")
        on_map = x0 <= cx <= x1 and y0 <= cy <= y1
        self.map_dot.setData(*(([cx], [cy]) if on_map else ([], [])))
        if not on_map:
            heading += f"; the current value ({num(cx)}, {num(cy)}) lies beyond the map"
        plot = self.map_plot
        plot.setLabel("bottom", fx.label)
        plot.setLabel("left", fy.label)
        plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        self._show(self.map_plot, heading)

    # --- drawing --------------------------------------------------------------------------

    def _draw_slice(self, s: LossSlice) -> None:
        label = s.param.label
        self.curve.setData(s.values, s.costs, connect="finite")
        ends = np.array([s.values[0], s.values[-1]])
        tangent = s.tangent(ends)
        self.tangent.setData(*((ends, tangent) if np.all(np.isfinite(tangent)) else ([], [])))
        self.current_dot.setData([s.current], [s.cost])
        on_plot = s.values[0] <= s.step <= s.values[-1] and math.isfinite(s.step_cost)
        self.step_dot.setData(*(([s.step], [s.step_cost]) if on_plot else ([], [])))
        self.step_line.setData(*(([s.current, s.step], [s.cost, s.step_cost]) if on_plot else ([], [])))
        self.line_plot.setLabel("bottom", label)
        self.line_plot.setRange(xRange=(s.values[0], s.values[-1]), yRange=_cost_range(s), padding=0.05)
        self._show(self.line_plot, f"C along {label}, every other parameter fixed; "
                                   f"slope ∂C/∂{label} = {num(s.gradient)}: {_step_verdict(s)}")

    def _draw_contours(self, log: np.ndarray, levels: tuple, surface: LossSurface) -> None:
        finite = log[np.isfinite(log)]
        # contours of the finite part: cells that are not numbers count as the highest level
        data = np.nan_to_num(log, nan=levels[1], posinf=levels[1], neginf=levels[0]).T  # indexed [x, y]
        x0, y0 = surface.xs[0], surface.ys[0]
        scale = ((surface.xs[-1] - x0) / (len(surface.xs) - 1), (surface.ys[-1] - y0) / (len(surface.ys) - 1))
        for k, iso in enumerate(self.isos):
            iso.setData(data, float(np.quantile(finite, (k + 1) / (len(self.isos) + 1))))
            iso.setTransform(pg.QtGui.QTransform.fromTranslate(x0, y0).scale(*scale))

    def _say(self, text: str) -> None:
        """Show a sentence in place of the plots (nothing stale stays to be read or exported)."""
        self.placeholder.setText(text)
        self._show(self.placeholder, "")

    def _show(self, page: QWidget, heading: str) -> None:
        self.stack.setCurrentWidget(page)
        self.heading.setText(heading)
        self.heading.setVisible(bool(heading))


def _slice_problem(s: LossSlice) -> str | None:
    """Return why the slice cannot be drawn, in words, or None."""
    label = s.param.label
    if not math.isfinite(s.current):
        return f"{label} is {num(s.current)}, not a finite number: {DIVERGED}."
    if not s.values[0] <= s.current <= s.values[-1]:
        return f"{label} = {num(s.current)} is too large to draw the cost along it (beyond ±{LIMIT:g})."
    if not np.any(np.isfinite(s.costs) & (np.abs(s.costs) <= LIMIT)):
        return f"C along {label} is not a finite number anywhere near {num(s.current)}: {DIVERGED}."
    return None


def _step_verdict(s: LossSlice) -> str:
    if not s.values[0] <= s.step <= s.values[-1]:
        return f"the next step lands at {num(s.step)}, beyond the plot"
    if not math.isfinite(s.step_cost):
        return f"the next step lands where C is {num(s.step_cost)}, not a finite number"
    if s.step == s.current:
        return "the next step does not move it"
    if s.step_cost > s.cost:
        return f"the next step overshoots (C rises to {num(s.step_cost)})"
    return f"the next step descends (C falls to {num(s.step_cost)})"


def _cost_range(s: LossSlice) -> tuple[float, float]:
    """Return the cost axis range: the finite costs of the slice, never empty or infinite."""
    costs = s.costs[np.isfinite(s.costs) & (np.abs(s.costs) <= LIMIT)]
    lo, hi = float(costs.min()), float(costs.max())
    if hi - lo <= 1e-12 * max(1.0, abs(lo)):  # flat: give the axis some extent around it
        pad = max(1e-3 * abs(lo), 1e-6)
        lo, hi = lo - pad, hi + pad
    return lo, hi
