"""Independent computations: a gradient oracle (central finite differences on the batch cost), a map's points."""

from __future__ import annotations

import numpy as np

from xorgui.core.model.network import Network


def fd_gradient(net: Network, X, Y, index: int, h: float = 1e-4) -> float:  # noqa: N803
    """Return ∂C/∂θ[index] by the 4th-order central stencil, using only ``Network.loss``."""
    probe = net.copy()

    def c(eps: float) -> float:
        probe.theta[index] = net.theta[index] + eps
        return probe.loss(X, Y)

    return (-c(2 * h) + 8 * c(h) - 8 * c(-h) + c(-2 * h)) / (12 * h)


def close(a: float, b: float, rel: float = 1e-6, floor: float = 1e-9) -> bool:
    """|a − b| ≤ rel · max(|a|, |b|), with an absolute floor for gradients that are 0."""
    return abs(a - b) <= rel * max(abs(a), abs(b)) + floor


def plane_points(x_range: tuple, y_range: tuple, size: int) -> np.ndarray:
    """Return the (size², 2) points of a two-input map, row by row (x_1), column by column (x_0)."""
    xs, ys = np.linspace(x_range[0], x_range[1], size), np.linspace(y_range[0], y_range[1], size)
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()])
