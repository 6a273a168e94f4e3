"""Colour scales of the maps: one colour map, levels that can always be drawn, colour bars and legends in the plots.

The bars and legends are items of the plot itself, so an exported image
carries them.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

CMAP = pg.colormap.get("CET-CBD1")  # diverging, colour-blind safe
LIMIT = 1e300  # levels and axis ranges stay within ±this: a plot cannot place distinct ticks further out
BAR_ROW, BAR_COLUMN = 2, 5  # right of a PlotItem's right axis, where pyqtgraph itself puts a colour bar


def finite_levels(values: np.ndarray, symmetric: bool = False) -> tuple[float, float]:
    """Return colour levels (lo < hi) that span the finite ``values``.

    Values that are not finite are left out and magnitudes are capped at
    ±LIMIT, so the levels are always finite and distinct. ``symmetric``
    centres them on 0 (a diverging map puts 0 in its middle).
    """
    finite = np.clip(values[np.isfinite(values)], -LIMIT, LIMIT)
    if finite.size == 0:
        return (0.0, 1.0)
    if symmetric:
        top = max(float(np.max(np.abs(finite))), 1e-9)
        return (-top, top)
    lo, hi = float(finite.min()), float(finite.max())
    if hi - lo <= 1e-9 * max(1.0, abs(lo), abs(hi)):  # flat: widen, or the bar has no extent
        pad = max(1e-3 * abs(lo), 0.5)
        return (max(lo - pad, -LIMIT), min(hi + pad, LIMIT))
    return (lo, hi)


def paint(image: pg.ImageItem, values: np.ndarray, levels: tuple[float, float]) -> None:
    """Show ``values`` in ``image`` coloured by CMAP between ``levels``; cells that are not finite stay clear.

    pyqtgraph leaves NaN cells transparent; ±inf become NaN first, so that
    an overflow is not painted as if it were the end of the scale. The
    image keeps the values themselves (``image.image``).
    """
    if image.getColorMap() is not CMAP:
        image.setColorMap(CMAP)
    values = np.asarray(values, dtype=float)
    shown = np.clip(np.where(np.isfinite(values), values, np.nan), -LIMIT, LIMIT)  # kept within the levels' reach
    image.setImage(shown, levels=levels, autoLevels=False)


def colour_bar(plot: pg.PlotItem, label: str) -> pg.ColorBarItem:
    """Return a fixed (not draggable) colour bar of CMAP, placed right of ``plot`` and labelled ``label``."""
    bar = pg.ColorBarItem(values=(0.0, 1.0), colorMap=CMAP, label=label, interactive=False, width=12,
                          colorMapMenu=False)
    bar.axis.enableAutoSIPrefix(False)  # an SI prefix would move the scale into the label
    bar.axis.setWidth()  # as wide as its tick labels: "1e+300" did not fit a fixed width and was left out
    plot.layout.addItem(bar, BAR_ROW, BAR_COLUMN)
    plot.layout.setColumnFixedWidth(BAR_COLUMN - 1, 5)  # a gap between the plot's axis and the bar
    return bar


def set_bar(bar: pg.ColorBarItem, levels: tuple[float, float], label: str) -> None:
    """Show ``levels`` on the bar, labelled ``label`` (what the colours map); skip unchanged ones."""
    if tuple(bar.levels()) != tuple(levels):
        bar.setLevels(levels)
    axis = bar.getAxis("left")
    if axis.labelText != label:
        axis.setLabel(label)


def legend(plot: pg.PlotItem, columns: int = 2) -> pg.LegendItem:
    """Return a legend placed under ``plot``'s bottom axis, off the data (entries are added by the caller).

    It spans every column of the plot's layout, so that its width never
    pushes the colour bar out of the plot.
    """
    item = pg.LegendItem(colCount=columns, labelTextColor="k", labelTextSize="8pt", verSpacing=-6)
    plot.layout.addItem(item, 4, 0, 1, BAR_COLUMN + 1)
    return item
