"""The loss along one weight: the cost with every other parameter fixed, the tangent, the next step."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xorgui.core.data import Dataset
from xorgui.core.fdcheck import theta_index
from xorgui.core.network import Network
from xorgui.core.params import ParamRef

Array = np.ndarray


@dataclass(frozen=True)
class LossSlice:
    """C as a function of one weight or bias, around its current value.

    Attributes
    ----------
    param : ParamRef
        The weight or bias varied.
    values, costs : ndarray
        The parameter's values and the batch cost at each.
    current, cost : float
        The current value and cost.
    gradient : float
        ∂C/∂(param) at the current value: the tangent's slope.
    step : float
        The next value, current − η · gradient.
    step_cost : float
        The cost there: above ``cost`` when the step overshoots.
    """

    param: ParamRef
    values: Array
    costs: Array
    current: float
    cost: float
    gradient: float
    step: float
    step_cost: float

    def tangent(self, values: Array) -> Array:
        """Return the tangent line at the current value, evaluated at ``values``."""
        return self.cost + self.gradient * (np.asarray(values) - self.current)


def loss_slice(net: Network, data: Dataset, ref: ParamRef, gradient: float, lr: float,
               points: int = 121) -> LossSlice:
    """Return the batch cost along ``ref`` (a weight or bias), every other parameter fixed.

    The range covers the current value and the next step with room on both
    sides (at least ±1).
    """
    if ref.kind not in ("w", "b"):
        raise ValueError(f"{ref.name}: a loss slice needs a weight or a bias")
    index = theta_index(net, ref.check(net.spec))
    w0 = float(net.theta[index])
    w1 = w0 - lr * gradient
    half = max(1.0, 1.5 * abs(w1 - w0))
    values = np.linspace(min(w0, w1) - half, max(w0, w1) + half, points)
    probe = net.copy()
    costs = np.empty(points)
    for k, v in enumerate(values):
        probe.theta[index] = v
        costs[k] = probe.loss(data.X, data.Y)
    probe.theta[index] = w1
    step_cost = probe.loss(data.X, data.Y)
    return LossSlice(ref, values, costs, w0, net.loss(data.X, data.Y), float(gradient), w1, step_cost)


@dataclass(frozen=True)
class LossSurface:
    """C over two weights or biases, every other parameter fixed, with the path training took.

    Attributes
    ----------
    params : tuple of ParamRef
        The two parameters, along x and along y.
    xs, ys : ndarray
        Grid values of each.
    costs : ndarray, shape (len(ys), len(xs))
        The batch cost at each grid point.
    path : ndarray, shape (k, 3)
        Recorded epochs and the two parameters' values then (the trajectory).
    current : tuple of float
        The parameters' current values.
    """

    params: tuple
    xs: Array
    ys: Array
    costs: Array
    path: Array
    current: tuple


def loss_surface(net: Network, data: Dataset, ref_x: ParamRef, ref_y: ParamRef, path: Array,
                 points: int = 41) -> LossSurface:
    """Return C over a grid of (ref_x, ref_y) that frames the current point and ``path`` (epoch, x, y rows)."""
    if ref_x.kind not in ("w", "b") or ref_y.kind not in ("w", "b") or ref_x == ref_y:
        raise ValueError("a loss surface needs two different weights or biases")
    ix, iy = theta_index(net, ref_x.check(net.spec)), theta_index(net, ref_y.check(net.spec))
    cx, cy = float(net.theta[ix]), float(net.theta[iy])
    both = np.vstack([path[:, 1:], [[cx, cy]]]) if len(path) else np.array([[cx, cy]])
    lo, hi = both.min(axis=0), both.max(axis=0)
    pad = np.maximum(0.25 * (hi - lo), 0.75)
    xs, ys = np.linspace(lo[0] - pad[0], hi[0] + pad[0], points), np.linspace(lo[1] - pad[1], hi[1] + pad[1], points)
    probe, costs = net.copy(), np.empty((points, points))
    for r, y in enumerate(ys):
        probe.theta[iy] = y
        for c, x in enumerate(xs):
            probe.theta[ix] = x
            costs[r, c] = probe.loss(data.X, data.Y)
    return LossSurface((ref_x, ref_y), xs, ys, costs, path, (cx, cy))
