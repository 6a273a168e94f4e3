"""The architecture and cost of a network: dims, activations, biases, cost, reduction."""

from __future__ import annotations

from dataclasses import dataclass, replace
from numbers import Integral
from typing import Any

import numpy as np

from xorgui.core.model.activations import ACTIVATIONS
from xorgui.core.model.costs import COSTS, REDUCTIONS, get_cost
from xorgui.core.model.limits import MAX_LAYERS, MAX_WIDTH, too_many_weights
from xorgui.core.model.validate import SettingError, choice, flag, shown


@dataclass(frozen=True)
class Spec:
    """The architecture and cost of a network.

    Attributes
    ----------
    dims : tuple of int
        Widths [a, L1, …, LN] of layers 0 … N: 1 ≤ N ≤ ``MAX_LAYERS``, each
        width 1 … ``MAX_WIDTH``.
    activations : tuple of str
        Activation name of each layer 1 … N.
    bias : bool
        Whether the neurons have biases.
    cost : str
        Per-sample cost name.
    reduction : str
        "mean" or "sum" of the per-sample gradients over a batch.
    """

    dims: tuple[int, ...] = (2, 2, 1)
    activations: tuple[str, ...] = ("sigmoid", "sigmoid")
    bias: bool = True
    cost: str = "half-sse"
    reduction: str = "mean"

    def __post_init__(self) -> None:
        """Check every field strictly; raise SettingError (a ValueError) naming the first problem."""
        object.__setattr__(self, "dims", _dims(self.dims))
        object.__setattr__(self, "activations", _names(self.activations, self.N))
        object.__setattr__(self, "bias", flag(self.bias, "bias", "bias"))
        choice(self.cost, "cost", "cost", COSTS)
        choice(self.reduction, "reduction", "reduction", REDUCTIONS)
        if "softmax" in self.activations[:-1]:
            raise SettingError("softmax is only allowed on the output layer", "activations")
        out = self.activations[-1]
        if get_cost(self.cost).is_cross_entropy and out not in ("sigmoid", "softmax"):
            raise SettingError("cross-entropy needs a sigmoid or softmax output layer", "activations")
        if out == "softmax" and not get_cost(self.cost).is_cross_entropy:
            raise SettingError("a softmax output needs the cross-entropy cost", "activations")

    @property
    def N(self) -> int:  # noqa: N802 - the brief's name for the output layer
        """Index of the output layer."""
        return len(self.dims) - 1

    @property
    def n_params(self) -> int:
        """Number of weights and biases."""
        return sum((self.dims[n - 1] + self.bias) * self.dims[n] for n in range(1, self.N + 1))

    def with_(self, **changes: Any) -> Spec:
        """Return a copy with some fields changed (validated again)."""
        return replace(self, **changes)


def default_activations(n_layers: int, hidden: str = "sigmoid", output: str = "sigmoid") -> tuple[str, ...]:
    """Return ``hidden`` for layers 1 … N-1 and ``output`` for layer N."""
    return (hidden,) * (n_layers - 1) + (output,)


def _dims(dims: object) -> tuple[int, ...]:
    """Return dims as a tuple of ints if they are 2 … MAX_LAYERS + 1 whole widths of 1 … MAX_WIDTH."""
    expected = f"dims must list 2 to {MAX_LAYERS + 1} layer widths, each a whole number from 1 to {MAX_WIDTH}"
    if not isinstance(dims, (list, tuple, np.ndarray)) or not 2 <= len(dims) <= MAX_LAYERS + 1:
        raise SettingError(f"{expected}, got {shown(dims)}", "dims")
    for n, d in enumerate(dims):
        if isinstance(d, (bool, np.bool_)) or not isinstance(d, Integral) or not 1 <= int(d) <= MAX_WIDTH:
            raise SettingError(f"{expected}; layer {n} has {shown(d)}", "dims")
    widths = tuple(int(d) for d in dims)
    if (why := too_many_weights(widths)) is not None:
        raise SettingError(why, "dims")
    return widths


def _names(names: object, n_layers: int) -> tuple[str, ...]:
    """Return the activation names of layers 1 … N as a tuple if there is one known name per layer."""
    if not isinstance(names, (list, tuple)) or len(names) != n_layers:
        raise SettingError(f"need {n_layers} activations (layers 1…{n_layers}), got {shown(names)}", "activations")
    return tuple(choice(name, "activations", "activation", ACTIVATIONS) for name in names)
