"""How numbers and samples are written, everywhere: the app's views, the worked examples, the command line."""

from __future__ import annotations

import math

import numpy as np

Array = np.ndarray


def num(x: float, digits: int = 8) -> str:
    """Format a number as every view does: ``digits`` significant digits; "NaN", "∞" or "−∞" if not finite."""
    try:
        value = float(x)
    except OverflowError:  # a whole number beyond any float
        value = math.inf if x > 0 else -math.inf
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return f"{value + 0.0:.{digits}g}"  # −0 (δ · 0 with δ < 0, say) is written 0, as a tutorial writes it


def point(values: Array, digits: int = 8) -> str:
    """Return a sample's input (or any vector) as the app and the command line write it, e.g. ``(0, 1)``."""
    return "(" + ", ".join(num(v, digits) for v in values) + ")"


def sample_label(x: Array, y: Array, digits: int = 8) -> str:
    """Return a sample with its target, e.g. ``x = (0, 1), y = (1)``."""
    return f"x = {point(x, digits)}, y = {point(y, digits)}"


def input_label(j: int) -> str:
    """Return the name of input j, counted from 0 like every index: ``x_0``, ``x_1``."""
    return f"x_{j}"
