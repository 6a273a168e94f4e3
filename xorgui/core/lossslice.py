"""The loss along one weight: the cost with every other parameter fixed, the tangent, the next step."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xorgui.core.data import Dataset
from xorgui.core.explain import _theta_index
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
    index = _theta_index(net, ref.check(net.spec))
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
