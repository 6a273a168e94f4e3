"""The loss along one weight: the cost with every other parameter fixed, the tangent, the next step."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xorgui.core.explanation.fdcheck import theta_index
from xorgui.core.model.data import Dataset
from xorgui.core.model.network import Network
from xorgui.core.model.params import ParamRef

Array = np.ndarray
SPAN_LIMIT = 1e300  # slices and surfaces stay within ±this: far beyond any trained weight, still finite when padded


def span(points: Array, pad: float, spread_share: float, rel: float = 1e-3) -> tuple[float, float]:
    """Return a finite range (lo, hi), lo < hi, around the finite ``points``.

    Each side is padded by the largest of ``pad`` (> 0), ``spread_share`` times
    the points' spread and ``rel`` times their magnitude (so that a range
    around 1e300 still holds distinct values). Points that are not finite
    are left out (the range centres on 0 without any), and the range is
    clipped to ±SPAN_LIMIT.
    """
    finite = np.clip(points[np.isfinite(points)], -SPAN_LIMIT, SPAN_LIMIT)
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 0.0)
    margin = max(pad, spread_share * (hi - lo), rel * max(abs(lo), abs(hi)))
    return max(lo - margin, -SPAN_LIMIT), min(hi + margin, SPAN_LIMIT)


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
        """Return the tangent line at the current value, evaluated at ``values`` (inf or NaN if they overflow)."""
        with np.errstate(all="ignore"):
            return self.cost + self.gradient * (np.asarray(values, dtype=float) - self.current)


def loss_slice(net: Network, data: Dataset, ref: ParamRef, gradient: float, lr: float,
               points: int = 121) -> LossSlice:
    """Return the batch cost along ``ref`` (a weight or bias), every other parameter fixed.

    The range covers the current value and the next step with room on both
    sides (at least ±1), as far as they are finite (see :func:`span`).
    Costs that overflow are inf or NaN, never an error.
    """
    if ref.kind not in ("w", "b"):
        raise ValueError(f"{ref.name}: a loss slice needs a weight or a bias")
    index = theta_index(net, ref.check(net.spec))
    w0 = float(net.theta[index])
    with np.errstate(all="ignore"):  # a diverged gradient or a huge η give an infinite step
        w1 = float(w0 - lr * gradient)
    values = np.linspace(*span(np.array([w0, w1]), 1.0, 1.5), points)
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
    """Return C over a grid of (ref_x, ref_y) that frames the current point and ``path`` (epoch, x, y rows).

    Points of the path that are not finite are left out of the frame (see :func:`span`).
    """
    if ref_x.kind not in ("w", "b") or ref_y.kind not in ("w", "b") or ref_x == ref_y:
        raise ValueError("a loss surface needs two different weights or biases")
    ix, iy = theta_index(net, ref_x.check(net.spec)), theta_index(net, ref_y.check(net.spec))
    cx, cy = float(net.theta[ix]), float(net.theta[iy])
    both = np.vstack([path[:, 1:], [[cx, cy]]]) if len(path) else np.array([[cx, cy]])
    xs, ys = (np.linspace(*span(both[:, k], 0.75, 0.25), points) for k in (0, 1))
    probe, costs = net.copy(), np.empty((points, points))
    for r, y in enumerate(ys):
        probe.theta[iy] = y
        for c, x in enumerate(xs):
            probe.theta[ix] = x
            costs[r, c] = probe.loss(data.X, data.Y)
    return LossSurface((ref_x, ref_y), xs, ys, costs, path, (cx, cy))
