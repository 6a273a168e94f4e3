"""Hidden-unit logic: which Boolean function each hidden neuron computes, and how clearly."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from xorgui.core.model.data import CORNERS
from xorgui.core.model.network import Network
from xorgui.core.model.notation import num

# Outputs on (0, 0), (0, 1), (1, 0), (1, 1) → name, for all 16 functions of x_0, x_1.
BOOLEAN_NAMES = {
    (0, 0, 0, 0): "FALSE", (0, 0, 0, 1): "AND", (0, 0, 1, 0): "x_0 ∧ ¬x_1", (0, 0, 1, 1): "x_0",
    (0, 1, 0, 0): "¬x_0 ∧ x_1", (0, 1, 0, 1): "x_1", (0, 1, 1, 0): "XOR", (0, 1, 1, 1): "OR",
    (1, 0, 0, 0): "NOR", (1, 0, 0, 1): "XNOR", (1, 0, 1, 0): "¬x_1", (1, 0, 1, 1): "x_0 ∨ ¬x_1",
    (1, 1, 0, 0): "¬x_0", (1, 1, 0, 1): "¬x_0 ∨ x_1", (1, 1, 1, 0): "NAND", (1, 1, 1, 1): "TRUE",
}
THRESHOLDS = {"sigmoid": 0.5, "tanh": 0.0, "relu": 0.5, "linear": 0.5}
NOT_A_NUMBER = "not a number: training diverged"
INFINITE = "infinite: training diverged"


def brief(x: float, digits: int = 2) -> str:
    """Return ``x`` with ``digits`` significant digits: ``0.19``, ``1.2e+150``, never a long run of digits.

    Values that are not finite are written as :func:`xorgui.core.explanation.worked.num` writes them.
    """
    return f"{float(x):.{digits}g}" if math.isfinite(x) else num(x)


@dataclass(frozen=True)
class UnitLogic:
    """The Boolean function a neuron forms on the four corners.

    Attributes
    ----------
    n, i : int
        Layer and index of the neuron.
    outputs : tuple of float
        a(n)_i on (0, 0), (0, 1), (1, 0), (1, 1).
    bits : tuple of int
        The outputs thresholded (1 where a > threshold).
    name : str
        The function's name, e.g. "OR" or "x_0 ∧ ¬x_1".
    margin : float
        The smallest distance of an output from the threshold: near 0 the
        neuron is undecided on some corner, large it is clear-cut. NaN when
        an output is not a finite number.
    """

    n: int
    i: int
    outputs: tuple
    bits: tuple
    name: str
    margin: float

    @property
    def finite(self) -> bool:
        """Whether every output is a finite number (False once training diverged)."""
        return all(math.isfinite(v) for v in self.outputs)

    @property
    def margin_text(self) -> str:
        """The margin as ``±0.19`` (2 significant digits, so a huge margin stays short)."""
        return f"±{brief(self.margin)}"

    @property
    def summary(self) -> str:
        """The function and its margin, ``AND ±0.19``, or in words why there is none."""
        if self.finite:
            return f"{self.name} {self.margin_text}"
        return NOT_A_NUMBER if any(math.isnan(v) for v in self.outputs) else INFINITE


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
        a = fwd.a[n]  # (4 corners, L(n)): one layer at a time, a wide network has hundreds of neurons
        with np.errstate(invalid="ignore"):
            margins = np.where(np.all(np.isfinite(a), axis=0), np.min(np.abs(a - threshold), axis=0), np.nan)
        bits = (a > threshold).T.astype(int).tolist()
        for i, (outputs, b) in enumerate(zip(a.T.tolist(), bits)):
            units.append(UnitLogic(n, i, tuple(outputs), tuple(b), BOOLEAN_NAMES[tuple(b)], float(margins[i])))
    return units


def logic_of(units: list[UnitLogic], n: int, i: int) -> UnitLogic | None:
    """Return the entry of neuron (n, i), if any."""
    return next((u for u in units if (u.n, u.i) == (n, i)), None)
