"""An axis whose tick labels never overlap, on a log or a linear scale, at any range and size."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFontMetricsF

GAP = 1.3  # labels at least this many lines of text apart, centre to centre
MINORS = (5, 2, 3, 4, 6, 7, 8, 9)  # the order in which a decade's minor ticks get a label, room allowing


class SpacedAxis(pg.AxisItem):
    """A vertical axis that labels a tick only where its label has room.

    pyqtgraph decides whether to label a level of minor ticks by the total
    height of the labels, but on a log scale those ticks (2, 3, … 9 × 10^k)
    bunch up towards the top of each decade, so their labels overlapped
    whenever the range spanned two decades or less. Here a label is placed
    only a line of text or more away from every label placed before it:
    decades first (every 2nd, 5th, … decade when even those are crowded),
    then 5, 2, 3, … of each decade; the other ticks are drawn unlabelled. A
    range narrower than a decade is labelled with evenly spaced values.
    """

    def __init__(self, orientation: str = "left", **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        self.setStyle(maxTextLevel=1, textFillLimits=[(0, 1.0)])  # level 2 holds the unlabelled ticks
        self._linear_step: float | None = None  # the step of evenly spaced labels on a narrow log range

    def _room(self, size: float, span: float) -> float:
        """Return the distance in axis units that one label needs."""
        height = QFontMetricsF(self.style["tickFont"] or self.font()).height()
        return GAP * height * span / max(size, 1.0)

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:  # noqa: N802, N803 - pyqtgraph's names
        """Return [(spacing, labelled), (spacing, labelled), (None, unlabelled)] tick levels."""
        self._linear_step = None
        lo, hi = min(minVal, maxVal), max(minVal, maxVal)
        if not (math.isfinite(lo) and math.isfinite(hi)) or hi - lo <= 0 or size <= 0:
            return []
        room = self._room(size, hi - lo)
        if self.logMode:
            # a linear range read as exponents (the box just ticked) can span 10^30 decades: keep the
            # exponents a float can show, or a range() over them never ends
            lo, hi = max(lo, LOG_MIN), min(hi, LOG_MAX)
            if hi - lo <= 0:
                return []
            levels = _log_candidates(lo, hi, room)
            if sum(len(v) for _, v in levels[:2]) < 2:
                levels = self._narrow_log_candidates(lo, hi, room)
        else:
            levels = [(s, list(v)) for s, v in super().tickValues(lo, hi, size)]
        return _spaced(levels, room)

    def _narrow_log_candidates(self, lo: float, hi: float, room: float) -> list:
        """Evenly spaced values (not decades) for a log range too narrow to hold two of its decade ticks."""
        a, b = 10.0**lo, 10.0**hi
        count = max(1, int((hi - lo) / room))
        step = nice_ceiling((b - a) / count)
        self._linear_step = step
        values = np.arange(math.ceil(a / step), math.floor(b / step) + 1) * step
        return [(None, [math.log10(v) for v in values if v > 0])]

    def tickStrings(self, values: list, scale: float, spacing: float) -> list:  # noqa: N802 - pyqtgraph's name
        """Return the label of each tick: log-scale values as numbers, a narrow range to its step's digits."""
        if not self.logMode or self._linear_step is None:
            return super().tickStrings(values, scale, spacing)
        numbers = [10.0**v * scale for v in values]
        top = max((abs(x) for x in numbers), default=1.0) or 1.0
        # enough significant digits to tell neighbours one step apart
        digits = min(15, max(1, math.floor(math.log10(top)) - math.floor(math.log10(self._linear_step)) + 1))
        return [f"{x:.{digits}g}" for x in numbers]

LOG_MIN, LOG_MAX = -323.0, 308.0  # exponents of the smallest and largest floats


def _log_candidates(lo: float, hi: float, room: float) -> list:
    """Decades (every ``step``-th when crowded), then the minor ticks of each decade."""
    step = max(1, int(nice_ceiling(room)))
    decades = [float(k) for k in range(math.ceil(lo / step) * step, math.floor(hi) + 1, step)]
    minors = []
    if step == 1:
        for m in MINORS:
            minors += [k + math.log10(m) for k in range(math.floor(lo), math.ceil(hi))]
    return [(float(step), decades), (None, [v for v in minors if lo <= v <= hi])]


def _spaced(levels: list, room: float) -> list:
    """Keep, level by level, the ticks whose label is at least ``room`` from every label kept."""
    kept: list[float] = []
    out, unlabelled = [], []
    for spacing, values in levels[:2]:
        labelled = []
        for v in values:
            if all(abs(v - u) >= room * (1 - 1e-9) for u in kept):
                kept.append(v)
                labelled.append(v)
            else:
                unlabelled.append(v)
        out.append((spacing, labelled))
    for _, values in levels[2:]:
        unlabelled += list(values)
    return out + [(None, unlabelled)]


def nice_ceiling(x: float) -> float:
    """Return the smallest of 1, 2, 5 × 10^k that is at least x (1 when x is not positive)."""
    if not x > 0 or not math.isfinite(x):
        return 1.0
    k = math.floor(math.log10(x))
    for m in (1, 2, 5, 10):
        if m * 10.0**k >= x * (1 - 1e-12):
            return float(m * 10.0**k)
    return float(10.0 ** (k + 1))
