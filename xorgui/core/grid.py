"""The network's output over the input plane, for the decision-boundary view."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xorgui.core.data import Dataset
from xorgui.core.frozen import FrozenArrays
from xorgui.core.network import Network

Array = np.ndarray
GRID_SIZE = 64


@dataclass(frozen=True)
class Grid(FrozenArrays):
    """Output values on a regular grid over the input plane.

    Attributes
    ----------
    x_range, y_range : tuple of float
        The square's extent along x1 and x2.
    values : ndarray, shape (size, size)
        ``values[r, c]`` is the output at x1 = column c, x2 = row r: ŷ for one
        output, the probability of class "1" (ŷ_1, or ŷ_1 / (ŷ_0 + ŷ_1) when
        the outputs do not sum to 1) for two.
    """

    x_range: tuple
    y_range: tuple
    values: Array


def plane_extent(data: Dataset, margin: float = 0.5) -> tuple[tuple, tuple]:
    """Return the x1 and x2 ranges that frame the data with a margin."""
    lo, hi = data.X.min(axis=0) - margin, data.X.max(axis=0) + margin
    return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))


def plane_points(x_range: tuple, y_range: tuple, size: int = GRID_SIZE) -> Array:
    """Return the (size², 2) grid points, row by row (x2), column by column (x1)."""
    xs, ys = np.linspace(*x_range, size), np.linspace(*y_range, size)
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()])


def class_one_probability(yhat: Array) -> Array:
    """Return the value shown for class "1": ŷ for one output, else ŷ_1 normalised."""
    if yhat.shape[1] == 1:
        return yhat[:, 0]
    with np.errstate(all="ignore"):
        total = yhat[:, 0] + yhat[:, 1]
        return np.where(total > 0, yhat[:, 1] / total, 0.5)


def boundary_grid(net: Network, data: Dataset, size: int = GRID_SIZE) -> Grid | None:
    """Return the output over the plane around the data (None unless the network has 2 inputs)."""
    if net.spec.dims[0] != 2:
        return None
    xr, yr = plane_extent(data)
    yhat = net.forward(plane_points(xr, yr, size)).yhat
    values = class_one_probability(yhat).reshape(size, size).copy()
    values.flags.writeable = False
    return Grid(xr, yr, values)


def neuron_map(net: Network, n: int, i: int, x_range: tuple, y_range: tuple, size: int = GRID_SIZE) -> Array:
    """Return a(n)_i over the plane, shape (size, size), computing layers 1 … n only."""
    head = Network(net.spec.with_(dims=net.spec.dims[: n + 1], activations=net.spec.activations[:n],
                                  cost="half-sse"), net.theta[: sum(p.size for p in net.P[1:n + 1])])
    fwd = head.forward(plane_points(x_range, y_range, size))
    return fwd.a[n][:, i].reshape(size, size)
