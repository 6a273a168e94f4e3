"""Hidden-unit logic: which Boolean function each hidden neuron computes, and how clearly."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xorgui.core.data import CORNERS
from xorgui.core.network import Network

# Outputs on (0,0), (0,1), (1,0), (1,1) → name, for all 16 functions of x1, x2.
BOOLEAN_NAMES = {
    (0, 0, 0, 0): "FALSE", (0, 0, 0, 1): "AND", (0, 0, 1, 0): "x1 ∧ ¬x2", (0, 0, 1, 1): "x1",
    (0, 1, 0, 0): "¬x1 ∧ x2", (0, 1, 0, 1): "x2", (0, 1, 1, 0): "XOR", (0, 1, 1, 1): "OR",
    (1, 0, 0, 0): "NOR", (1, 0, 0, 1): "XNOR", (1, 0, 1, 0): "¬x2", (1, 0, 1, 1): "x1 ∨ ¬x2",
    (1, 1, 0, 0): "¬x1", (1, 1, 0, 1): "¬x1 ∨ x2", (1, 1, 1, 0): "NAND", (1, 1, 1, 1): "TRUE",
}
THRESHOLDS = {"sigmoid": 0.5, "tanh": 0.0, "relu": 0.5, "linear": 0.5}


@dataclass(frozen=True)
class UnitLogic:
    """The Boolean function a neuron forms on the four corners.

    Attributes
    ----------
    n, i : int
        Layer and index of the neuron.
    outputs : tuple of float
        a(n)_i on (0,0), (0,1), (1,0), (1,1).
    bits : tuple of int
        The outputs thresholded (1 where a > threshold).
    name : str
        The function's name, e.g. "OR" or "x1 ∧ ¬x2".
    margin : float
        The smallest distance of an output from the threshold: near 0 the
        neuron is undecided on some corner, large it is clear-cut.
    """

    n: int
    i: int
    outputs: tuple
    bits: tuple
    name: str
    margin: float


def unit_logic(net: Network) -> list[UnitLogic]:
    """Return the logic of every neuron of layers 1 … N of a 2-input network ([] otherwise).

    The threshold is 0.5 (0 for tanh, whose outputs lie in (−1, 1)).
    """
    if net.spec.dims[0] != 2:
        return []
    fwd = net.forward(CORNERS)
    units = []
    for n in range(1, net.spec.N + 1):
        threshold = THRESHOLDS.get(net.spec.activations[n - 1], 0.5)
        for i in range(net.spec.dims[n]):
            a = fwd.a[n][:, i]
            bits = tuple(int(v > threshold) for v in a)
            margin = float(np.min(np.abs(a - threshold))) if np.all(np.isfinite(a)) else 0.0
            units.append(UnitLogic(n, i, tuple(float(v) for v in a), bits, BOOLEAN_NAMES[bits], margin))
    return units


def logic_of(units: list[UnitLogic], n: int, i: int) -> UnitLogic | None:
    """Return the entry of neuron (n, i), if any."""
    return next((u for u in units if (u.n, u.i) == (n, i)), None)
