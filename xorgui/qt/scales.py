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


def rgba(values: np.ndarray, levels: tuple[float, float]) -> np.ndarray:
    """Return ``values`` coloured by CMAP between ``levels``, as (h, w, 4) bytes; cells that are not finite are clear.

    A value beyond the levels takes the colour of the nearer end.
    """
    lo, hi = levels
    with np.errstate(all="ignore"):
        share = np.clip((np.asarray(values, dtype=float) - lo) / (hi - lo), 0.0, 1.0)
    finite = np.isfinite(share)
    colours = CMAP.map(np.where(finite, share, 0.0).ravel(), mode="byte").reshape(*share.shape, 4)
    colours[~finite] = 0
    return colours


def paint(image: pg.ImageItem, values: np.ndarray, levels: tuple[float, float]) -> None:
    """Show ``values`` coloured by :func:`rgba` in ``image``, byte for byte (no level stretching)."""
    image.setImage(rgba(values, levels), autoLevels=False, levels=(0, 255))


def colour_bar(plot: pg.PlotItem, label: str) -> pg.ColorBarItem:
    """Return a fixed (not draggable) colour bar of CMAP, placed right of ``plot`` and labelled ``label``."""
    bar = pg.ColorBarItem(values=(0.0, 1.0), colorMap=CMAP, label=label, interactive=False, width=12,
                          colorMapMenu=False)
    bar.axis.enableAutoSIPrefix(False)  # an SI prefix would move the scale into the label
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
