"""The independent check of a gradient: central finite differences of the cost."""

from __future__ import annotations

import numpy as np

from xorgui.core.model.network import Network
from xorgui.core.model.params import ParamRef

Array = np.ndarray
FD_STEP = 1e-4


def finite_difference(net: Network, X: Array, Y: Array, ref: ParamRef, k: float = 1.0,  # noqa: N803
                      h: float = FD_STEP) -> float:
    """Return a central finite-difference estimate of ∂C/∂(ref) (fourth order, step h).

    C is k times the sum of the per-sample costs on (X, Y), the batch cost
    with k = 1/m (mean) or 1 (sum); the network itself is not changed.
    """
    probe = net.copy()
    index = theta_index(probe, ref)

    def c(eps: float) -> float:
        offset = None
        if index is None:
            offset = (ref.n, ref.i, eps)
        else:
            probe.theta[index] = net.theta[index] + eps
        return k * float(probe.per_sample_cost(probe.forward(X, z_offset=offset), Y).sum())

    return (-c(2 * h) + 8 * c(h) - 8 * c(-h) + c(-2 * h)) / (12 * h)


def theta_index(net: Network, ref: ParamRef) -> int | None:
    """Return the position of a weight or bias in ``net.theta`` (None for a sum z).

    Layer n's block ``P[n]`` (rows: inputs, then the bias; columns: neurons)
    follows the blocks of layers 1 … n−1.
    """
    if ref.kind == "z":
        return None
    block = net.P[ref.n]
    row = ref.j if ref.kind == "w" else block.shape[0] - 1
    offset = sum(p.size for p in net.P[1:ref.n])
    return offset + row * block.shape[1] + ref.i


def relative_error(a: float, b: float, floor: float = 1e-6) -> float:
    """Return |a − b| / max(|a|, |b|, floor).

    The floor keeps a gradient that is exactly 0 (an input of 0, a dead
    ReLU) from showing the rounding noise of its estimate as a 100 % error.
    """
    return abs(a - b) / max(abs(a), abs(b), floor)
