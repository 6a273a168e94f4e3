"""The network's output over the input plane, for the decision-boundary view."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xorgui.core.model.data import Dataset
from xorgui.core.model.frozen import FrozenArrays
from xorgui.core.model.network import Network

Array = np.ndarray
GRID_SIZE = 64


@dataclass(frozen=True)
class Grid(FrozenArrays):
    """Output values on a regular grid over the input plane.

    Attributes
    ----------
    x_range, y_range : tuple of float
        The square's extent along x_0 and x_1.
    values : ndarray, shape (size, size)
        ``values[r, c]`` is the output at x_0 = column c, x_1 = row r: ŷ for one
        output, the probability of class "1" (ŷ_1, or ŷ_1 / (ŷ_0 + ŷ_1) when
        the outputs do not sum to 1) for two.
    """

    x_range: tuple
    y_range: tuple
    values: Array


def plane_extent(data: Dataset, margin: float = 0.5) -> tuple[tuple, tuple]:
    """Return the x_0 and x_1 ranges that frame the data with a margin.

    Points that are not finite are left out; without any, the ranges frame
    the unit square.
    """
    X = data.X[np.all(np.isfinite(data.X), axis=1)] if data.X.size else data.X  # noqa: N806
    if len(X) == 0:
        X = np.array([[0.0, 0.0], [1.0, 1.0]])  # noqa: N806
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))


def plane_points(x_range: tuple, y_range: tuple, size: int = GRID_SIZE) -> Array:
    """Return the (size², 2) grid points, row by row (x_1), column by column (x_0)."""
    xs, ys = np.linspace(x_range[0], x_range[1], size), np.linspace(y_range[0], y_range[1], size)
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


def has_hidden_neuron(dims: tuple, n: int, i: int) -> bool:
    """Return whether a network of these layer widths has a hidden neuron (n, i): 1 ≤ n < N, 0 ≤ i < L(n)."""
    return 1 <= n < len(dims) - 1 and 0 <= i < dims[n]


def neuron_map(net: Network, n: int, i: int, x_range: tuple, y_range: tuple, size: int = GRID_SIZE) -> Array:
    """Return a(n)_i over the plane, shape (size, size), computing layers 1 … n only.

    Raises
    ------
    ValueError
        If the network has no neuron (n, i) in layers 1 … N.
    """
    if not 1 <= n <= net.spec.N or not 0 <= i < net.spec.dims[n]:
        raise ValueError(f"a network of dims {list(net.spec.dims)} has no neuron ({n}, {i})")
    head = Network(net.spec.with_(dims=net.spec.dims[: n + 1], activations=net.spec.activations[:n],
                                  cost="half-sse"), net.theta[: sum(p.size for p in net.P[1:n + 1])])
    fwd = head.forward(plane_points(x_range, y_range, size))
    return fwd.a[n][:, i].reshape(size, size)
